"""Load the renderer's JavaScript, CSS and Jinja templates from ``geomap/data/render/``."""

from __future__ import annotations

import functools
from importlib import resources

from geomap.errors import DataError


@functools.cache
def read_template(name: str) -> str:
    """Return the text of ``geomap/data/render/<name>``.

    Raises
    ------
    DataError
        If the file is not in the installed package.
    """
    try:
        return resources.files("geomap.data").joinpath("render", name).read_text("utf-8")
    except OSError as err:
        raise DataError(
            f"renderer template {name!r} is missing from geomap/data/render; reinstall geomap"
        ) from err
