"""Encode the events table as one compact columnar JSON object for the browser.

Columns are plain arrays of small numbers: repeated strings (actors, sub-types, places,
sources, URLs) are 1-based indices into one string table (``0``: none), a column with no
value at all is left out, dates are day numbers, and a row's popup is built in the browser
only when it is opened. Unknown fatalities and areas are ``-1``, unknown dates ``null``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geomap.model import Source
from geomap.precision import Precision
from geomap.render.popups import source_entries
from geomap.render.styles import event_type_names
from geomap.render.timefilter import date_intervals

COORDINATE_DIGITS = 4  # ~11 m: finer than any event dataset's own precision


class StringTable:
    """One table of distinct strings; columns refer to it by 1-based index (``0``: none)."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self._index: dict[str, int] = {}

    def add(self, value: str) -> int:
        """Index of ``value``, adding it when new."""
        found = self._index.get(value)
        if found is None:
            found = self._index[value] = len(self.strings)
            self.strings.append(value)
        return found

    def encode(self, column: Any) -> list[int]:
        """1-based indices of a column's values; empty and missing values become ``0``."""
        import pandas as pd

        text = _text(column)
        codes, uniques = pd.factorize(text, sort=False)
        lookup = [self.add(value) + 1 if value else 0 for value in uniques]
        lookup.append(0)  # code -1 (missing) indexes the last entry
        return [lookup[code] for code in codes.tolist()]


def _text(column: Any) -> Any:
    """A column as stripped strings with missing values as ``""``."""
    import pandas as pd

    series = pd.Series(column).reset_index(drop=True)
    return series.astype("string").fillna("").str.strip().astype(object)


def encode_events(
    events: Any,
    sources: Mapping[str, Source],
    admin1_index: Mapping[str, int],
    admin0_index: Mapping[str, int],
    include_notes: bool = True,
) -> dict[str, Any]:
    """Encode ``events`` (a LayerBundle events frame) for the map's JavaScript.

    Parameters
    ----------
    events
        GeoDataFrame with ``EVENT_COLUMNS``, ``admin0_code`` and ``admin1_code``.
    sources
        The bundle's sources, to turn source ids into titles and links.
    admin1_index, admin0_index
        Position of each admin-1 / admin-0 code among the features sent to the browser.
    include_notes
        Send each event's notes (free text, the bulk of a big map).
    """
    table = StringTable()
    frame = events.reset_index(drop=True)
    data: dict[str, Any] = {"n": len(frame)}
    data.update(_coordinates(frame))
    data.update(_dates(frame))
    data.update(_categories(frame, table))
    data.update(_sources(frame, table, sources))
    data["r1"] = _positions(frame.get("admin1_code"), admin1_index, len(frame))
    data["r0"] = _positions(frame.get("admin0_code"), admin0_index, len(frame))
    data["id"] = _text(frame.get("event_id", [""] * len(frame))).tolist()
    if include_notes and "notes" in frame:
        data["notes"] = _text(frame["notes"]).tolist()
    data["s"] = table.strings
    return _drop_empty(data)


#: Columns left out when no row has a value (the browser reads a missing column as empty).
_SPARSE = ("ot", "st", "a1", "x1", "a2", "x2", "fc", "pl", "url")


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    for key in _SPARSE:
        if not any(data[key]):
            del data[key]
    for key in ("lo", "hi"):
        if not any(data[key]):
            del data[key]
    return data


def _coordinates(frame: Any) -> dict[str, list[float]]:
    import numpy as np

    lat = np.round(frame["latitude"].astype(float).to_numpy(), COORDINATE_DIGITS)
    lon = np.round(frame["longitude"].astype(float).to_numpy(), COORDINATE_DIGITS)
    return {"lat": lat.tolist(), "lon": lon.tolist()}


def _dates(frame: Any) -> dict[str, Any]:
    """Event day, days before it the interval starts and after it it ends, precision."""
    import numpy as np

    day, start, end = date_intervals(frame)
    known = ~np.isnan(day)
    base = int(np.nanmin(day)) if known.any() else 0

    def to_list(values: Any) -> list[int | None]:
        return [int(v) if ok else None for v, ok in zip(values, known, strict=True)]

    return {
        "base": base,
        "d": to_list(day - base),
        "lo": to_list(day - start),
        "hi": to_list(end - day),
        "dp": _integers(frame.get("time_precision"), 1),
    }


def _integers(column: Any, default: int) -> list[int]:
    import pandas as pd

    values = pd.to_numeric(pd.Series(column), errors="coerce").fillna(default)
    return values.astype("int64").tolist()


def _categories(frame: Any, table: StringTable) -> dict[str, list[int]]:
    import pandas as pd

    types = event_type_names()
    type_names = _text(frame["event_type"])
    type_codes = type_names.map({name: i for i, name in enumerate(types)})
    other_types = type_names.where(type_codes.isna(), "")  # names kept only for other types
    fatalities = pd.to_numeric(frame.get("fatalities"), errors="coerce")
    columns = {
        "t": type_codes.fillna(len(types)).astype("int64").tolist(),
        "ot": table.encode(other_types),
        "p": _integers(frame.get("geo_precision"), int(Precision.EXACT)),
        "f": fatalities.fillna(-1).astype("int64").tolist(),
    }
    for key, name in (
        ("st", "sub_event_type"), ("a1", "actor1"), ("x1", "assoc_actor_1"),
        ("a2", "actor2"), ("x2", "assoc_actor_2"), ("fc", "fatalities_claimed_by"),
    ):
        columns[key] = table.encode(frame.get(name, [None] * len(frame)))
    columns["pl"] = table.encode(_place_labels(frame))
    return columns


def _place_labels(frame: Any) -> Any:
    """``location, admin2, admin1, country`` without empty or repeated parts."""
    parts = [
        _text(frame[name]) if name in frame else None
        for name in ("location", "admin2", "admin1", "country")
    ]
    labels = []
    for row in zip(*[p for p in parts if p is not None], strict=True):
        kept: list[str] = []
        for value in row:
            if value and value not in kept:
                kept.append(value)
        labels.append(", ".join(kept))
    return labels


def _sources(frame: Any, table: StringTable, sources: Mapping[str, Source]) -> dict[str, Any]:
    """Source names as an index into a list of ``[[title, url], ...]`` entries."""
    names = _text(frame.get("source", [None] * len(frame)))
    entries: list[list[list[str | None]]] = []
    lookup: dict[str, int] = {}
    codes: list[int] = []
    for name in names.tolist():
        if name not in lookup:
            found = source_entries(name, sources)
            lookup[name] = len(entries) if found else -1
            if found:
                entries.append(found)
        codes.append(lookup[name])
    # sent as given: the browser links it only when it is http(s), else shows it as text
    urls = _text(frame.get("source_url", [None] * len(frame)))
    return {"src": codes, "srcs": entries, "url": table.encode(urls)}


def _positions(column: Any, index: Mapping[str, int], length: int) -> list[int]:
    if column is None:
        return [-1] * length
    return _text(column).map(lambda code: index.get(code, -1)).astype("int64").tolist()
