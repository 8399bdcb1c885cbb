"""The old homes of boundaries and named regions keep working, with a warning naming the new."""

from __future__ import annotations

import importlib

import pytest

from geomap.refdata import boundaries, regions


@pytest.mark.parametrize(("old", "new", "name"), [
    ("geomap.geocoding.boundaries", boundaries, "load_admin0"),
    ("geomap.geocoding.regions", regions, "load_regions"),
])
def test_old_module_paths_warn_and_forward(old: str, new: object, name: str) -> None:
    module = importlib.import_module(old)
    with pytest.warns(DeprecationWarning, match=rf"use geomap\.refdata\.\w+\.{name}"):
        value = getattr(module, name)
    assert value is getattr(new, name)


def test_old_module_paths_do_not_invent_names() -> None:
    module = importlib.import_module("geomap.geocoding.regions")
    with pytest.raises(AttributeError):
        module.no_such_function
