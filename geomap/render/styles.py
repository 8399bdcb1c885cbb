"""Load the map styles (``geomap/data/styles.yaml``): colours, shapes and dashes as data."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

from geomap.errors import DataError

_REQUIRED = ("event_types", "other_event_type", "marker_size", "precision", "relations")


@functools.cache
def load_styles() -> dict[str, Any]:
    """Return the parsed style sheet (cached; treat it as read-only).

    Raises
    ------
    DataError
        If the packaged ``styles.yaml`` is missing or lacks a required section.
    """
    import yaml

    try:
        text = resources.files("geomap.data").joinpath("styles.yaml").read_text("utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as err:
        raise DataError(f"cannot read geomap/data/styles.yaml: {err}") from err
    missing = [key for key in _REQUIRED if not isinstance(data, dict) or key not in data]
    if missing:
        raise DataError(
            f"geomap/data/styles.yaml lacks sections {missing!r}; reinstall geomap"
        )
    return dict(data)


def event_type_names() -> list[str]:
    """The event types the legend lists, in order (ACLED's six)."""
    return [entry["name"] for entry in load_styles()["event_types"]]
