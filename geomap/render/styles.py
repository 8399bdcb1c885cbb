"""Load the map styles (``geomap/data/styles.yaml``): colours, shapes and dashes as data."""

from __future__ import annotations

import functools
from typing import Any

from geomap.errors import DataError
from geomap.refdata._files import data_yaml

_REQUIRED = ("event_types", "other_event_type", "marker_size", "precision", "relations")


@functools.cache
def load_styles() -> dict[str, Any]:
    """Return the parsed style sheet (cached; treat it as read-only).

    Raises
    ------
    DataError
        If the packaged ``styles.yaml`` is missing or lacks a required section.
    """
    data = data_yaml("styles.yaml")
    missing = [key for key in _REQUIRED if not isinstance(data, dict) or key not in data]
    if missing:
        raise DataError(
            f"geomap/data/styles.yaml lacks sections {missing!r}; reinstall geomap"
        )
    return dict(data)


def event_type_names() -> list[str]:
    """ACLED's six event types, in ACLED's order."""
    return [entry["name"] for entry in load_styles()["event_types"]]


def known_type_styles() -> list[dict[str, Any]]:
    """Every type with a style of its own, in legend order: ACLED's six, then UCDP's three."""
    styles = load_styles()
    return [dict(entry) for entry in [*styles["event_types"], *styles.get("ucdp_types", [])]]


def ucdp_type_names() -> list[str]:
    """UCDP GED's types of violence (state-based, non-state, one-sided)."""
    return [entry["name"] for entry in load_styles().get("ucdp_types", [])]


def type_styles(names: list[str]) -> list[dict[str, Any]]:
    """Style entries (name, colour, shape, ``deaths``) for the event types ``names``.

    Known types (ACLED's, UCDP's) come in legend order with their own styles; the other
    names follow in the order given (most events first, as the legend lists them), each in
    a style of its own (:func:`own_type_styles`), whether or not known types are beside
    them (before, a sheet mixing ACLED's types with its own drew its own grey). The styles
    go to the first 32 in alphabetical order, so a type keeps its colour when a rebuild
    only changes the counts or the order of the rows; types beyond them take
    ``other_event_type`` under their own name, marked ``shared`` (the legend says they
    share its grey; before, every type beyond eight was grey and the legend did not say).
    """
    styles = load_styles()
    known = {entry["name"]: entry for entry in known_type_styles()}
    order = [name for name in known if name in names]
    others = [name for name in names if name not in known]
    own = own_type_styles()
    coloured = sorted(others[:len(own)], key=lambda name: (name.casefold(), name))
    style = {name: own[k] for k, name in enumerate(coloured)}
    shared = {**styles["other_event_type"], "shared": True}
    return [{**known[name], "name": name} for name in order] + [
        {**style.get(name, shared), "name": name} for name in others]


def own_type_styles() -> list[dict[str, Any]]:
    """The styles of types of a taxonomy of its own, in the order they are given: the
    eight ``own_event_types``, then the same colours again, each with the next shape of
    ``own_type_shapes`` in turn, until every colour has had every shape (32 pairs, each
    told apart from the others by its colour or its shape)."""
    styles = load_styles()
    shapes = list(styles.get("own_type_shapes", []))
    own = [dict(entry) for entry in styles.get("own_event_types", [])]
    turned = [{**entry, "shape": shapes[(shapes.index(entry["shape"]) + turn) % len(shapes)]}
              for turn in range(1, len(shapes)) for entry in own]
    return own + turned
