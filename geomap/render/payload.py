"""Encode the events table as one compact columnar JSON object for the browser.

Columns are arrays of small numbers (integer numpy arrays, written as JSON arrays by
:func:`geomap.render.popups.json_for_script`): repeated strings (actors, sub-types, places,
sources, URLs) are 1-based indices into one string table (``0``: none), a column with no
value at all is left out, dates are day numbers, and a row's popup is built in the browser
only when it is opened. Unknown fatalities and areas are ``-1``, unknown dates ``null``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from geomap.model import Source
from geomap.precision import Precision
from geomap.render.popups import source_entries
from geomap.render.styles import ucdp_type_names
from geomap.render.timefilter import date_intervals

logger = logging.getLogger(__name__)

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

    def encode(self, column: Any) -> Any:
        """1-based indices of a column's values; empty and missing values become ``0``."""
        codes, uniques = _factorize(column)
        return self.encode_codes(codes, map(_clean, uniques))

    def encode_codes(self, codes: Any, values: Iterable[str]) -> Any:
        """1-based indices of ``values[codes]`` (code ``-1`` and empty values: ``0``).

        ``values`` must be in the order of their first row, as :func:`pandas.factorize`
        gives them, so that the table is the same as :meth:`encode` of every row.
        """

        lookup = [self.add(value) + 1 if value else 0 for value in values]
        lookup.append(0)  # code -1 (missing) indexes the last entry
        return _compact_lookup(lookup)[codes]


def _factorize(column: Any) -> tuple[Any, Any]:
    """Codes and distinct values of a column (cleaning only the distinct values is fast)."""
    import pandas as pd

    return pd.factorize(pd.Series(column).reset_index(drop=True), sort=False)


def _clean(value: Any) -> str:
    """A cell as a stripped string; missing values (None, NaN, NA, NaT) as ``""``.

    Missing is told by the value's type, never by its text: a note that reads ``nan`` or
    ``NaT`` is data and is shown.
    """
    import pandas as pd

    if isinstance(value, str):
        return value.strip()
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    return str(value).strip()


def _text(column: Any) -> list[str]:
    """A column as a list of stripped strings with missing values as ``""``.

    Vectorised with pyarrow compute; the same result as :func:`_clean` on every value.
    """
    return _text_array(column).to_pylist()


def _text_array(column: Any) -> Any:
    """A column as a pyarrow string array, stripped, with missing values as ``""``."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    series = pd.Series(column).reset_index(drop=True)
    if series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) not in (
            "string", "empty"):
        series = series.map(_as_string, na_action="ignore")  # mixed values: rare, per row
    array = pa.array(series, type=pa.string(), from_pandas=True)
    return pc.fill_null(pc.utf8_trim_whitespace(array), "")


def _as_string(value: Any) -> str | None:
    """``value`` as text, ``None`` when missing (``str`` of anything else)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value if isinstance(value, str) else str(value)


def display_types(events: Any) -> Any:
    """Each event's type as the map shows it: its dataset's own taxonomy.

    UCDP GED events keep UCDP's type of violence (state-based, non-state, one-sided; the
    UCDP reader files it as ``sub_event_type``) rather than the ACLED type it was mapped to.
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    names = _text_array(events["event_type"])
    if "dataset" in events and "sub_event_type" in events:
        sub = _text_array(events["sub_event_type"])
        ucdp = pc.and_(pc.equal(_text_array(events["dataset"]), "ucdp"),
                       pc.is_in(sub, pa.array(ucdp_type_names(), pa.string())))
        names = pc.if_else(ucdp, sub, names)
    if isinstance(names, pa.ChunkedArray):
        names = names.combine_chunks()
    # the few distinct names, each row pointing to one of them (no string per row)
    encoded = names.dictionary_encode()
    distinct = np.asarray(encoded.dictionary.to_pylist(), dtype=object)
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    return pd.Series(distinct[codes], dtype=object)


def present_types(names: Any) -> list[str]:
    """The distinct type names in ``names``, most frequent first (empty names left out)."""
    counts = names[names != ""].value_counts(sort=True)
    return [str(name) for name in counts.index]


def encode_events(
    events: Any,
    sources: Mapping[str, Source],
    admin1_index: Mapping[str, int],
    admin0_index: Mapping[str, int],
    include_notes: bool = True,
    type_names: list[str] | None = None,
    files: Any = None,
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
    type_names
        The map's event types (see :func:`display_types`); each event's ``t`` is its
        type's position here (an event without a type gets one past the end). Default:
        the types present, most frequent first.
    files
        The file each event came from (in row order, as ``LayerBundle.event_files``):
        sent by name (``sf``) when the events come from several files, so that the page
        can filter and export by file as well as by dataset (``ds``).
    """
    table = StringTable()
    located = _located(events)
    frame = located.reset_index(drop=True)
    data: dict[str, Any] = {"n": len(frame)}
    # each group's integer columns are made compact as soon as they are made
    data.update(_compact(_event_ids(frame, table)))  # first: id prefixes get 1-digit indices
    data.update(_compact(_coordinates(frame)))
    data.update(_compact(_dates(frame)))
    data.update(_compact(_categories(frame, table, type_names)))
    data.update(_compact(_sources(frame, table, sources)))
    data.update(_compact(_origins(frame, table, _located_files(events, located, files))))
    data.update(_compact({
        "r1": _positions(frame.get("admin1_code"), admin1_index, len(frame)),
        "r0": _positions(frame.get("admin0_code"), admin0_index, len(frame)),
    }))
    if include_notes and "notes" in frame:
        data["notes"] = _text(frame["notes"])
    data["s"] = table.strings
    return _drop_empty(data)


_COMPACT_TYPES = ("int8", "int16", "int32", "int64")


def _compact_type(low: int, high: int) -> str:
    """The smallest signed integer type that holds ``low`` to ``high``."""
    import numpy as np

    return next(t for t in _COMPACT_TYPES if np.iinfo(t).min <= low and high <= np.iinfo(t).max)


def _compact_lookup(values: list[int]) -> Any:
    """A lookup table (never empty) in the smallest type that holds it: the column taken
    from it by a million codes is compact from the start, never an int64 copy first."""
    import numpy as np

    return np.asarray(values, dtype=_compact_type(min(values), max(values)))


def _compact(columns: dict[str, Any]) -> dict[str, Any]:
    """The integer array columns in the smallest signed type that holds their values.

    The JSON is the same numbers; a column of a million rows takes 1-4 MB instead of 8
    while the page is written.
    """
    import numpy as np

    for key, values in columns.items():
        if isinstance(values, np.ndarray) and values.dtype.kind == "i" and len(values):
            kind = _compact_type(int(values.min()), int(values.max()))
            columns[key] = values.astype(kind, copy=False)
    return columns


#: Columns left out when no row has a value (the browser reads a missing column as empty).
_SPARSE = ("st", "a1", "x1", "a2", "x2", "fc", "pl", "url", "ds", "sf")


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    import numpy as np

    for key in (*_SPARSE, "lo", "hi"):
        if key not in data:
            continue
        values = data[key]
        if not (values.any() if isinstance(values, np.ndarray) else any(values)):
            del data[key]
    return data


def _located(events: Any) -> Any:
    """The events with finite, in-range coordinates (the others are logged, not drawn)."""
    import numpy as np
    import pandas as pd

    lat = pd.to_numeric(events["latitude"], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(events["longitude"], errors="coerce").to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    if ok.all():
        return events  # no copy of every column
    logger.warning("%d events without usable coordinates are not drawn", int((~ok).sum()))
    return events[ok]


def _coordinates(frame: Any) -> dict[str, Any]:
    import numpy as np

    scale = 10**COORDINATE_DIGITS  # integers are shorter than decimals in JSON
    lat = np.rint(frame["latitude"].astype(float).to_numpy() * scale).astype("int64")
    lon = np.rint(frame["longitude"].astype(float).to_numpy() * scale).astype("int64")
    return {"scale": scale, "y": lat, "x": lon}


# RE2 syntax (pyarrow compute): a non-digit prefix and a number without leading zeros
_ID_PATTERN = r"^(?P<prefix>\D*?)(?P<number>0|[1-9][0-9]{0,14})$"


def _event_ids(frame: Any, table: StringTable) -> dict[str, Any]:
    """Event ids; ``PREFIX123`` ids travel as a prefix index and a number (shorter)."""
    import pyarrow.compute as pc

    ids = _text_array(frame.get("event_id", [""] * len(frame)))
    if not len(ids):
        return {"id": []}
    parts = pc.extract_regex(ids, _ID_PATTERN)  # null where an id does not match
    if parts.null_count:
        return {"id": ids.to_pylist()}
    numbers = pc.cast(pc.struct_field(parts, "number"), "int64")
    prefixes = pc.struct_field(parts, "prefix").to_pandas()
    return {"idp": table.encode(prefixes), "idn": numbers.to_numpy()}


def _dates(frame: Any) -> dict[str, Any]:
    """Event day, days before it the interval starts and after it it ends, precision."""
    import numpy as np

    day, start, end = date_intervals(frame)
    known = ~np.isnan(day)
    base = int(np.nanmin(day)) if known.any() else 0

    def to_list(values: Any) -> Any:
        """Integers; a list with ``None`` for unknown dates when there are any."""
        numbers = np.where(known, values, 0).astype("int64")
        if known.all():
            return numbers
        return [n if ok else None for n, ok in zip(numbers.tolist(), known.tolist(),
                                                    strict=True)]

    return {
        "base": base,
        "d": to_list(day - base),
        "lo": to_list(day - start),
        "hi": to_list(end - day),
        "dp": _integers(frame.get("time_precision"), 1),
    }


def _integers(column: Any, default: int) -> Any:
    import pandas as pd

    values = pd.to_numeric(pd.Series(column), errors="coerce").fillna(default)
    return values.astype("int64").to_numpy()


def _categories(frame: Any, table: StringTable,
                type_names: list[str] | None = None) -> dict[str, Any]:
    import pandas as pd

    names = display_types(frame)
    types = present_types(names) if type_names is None else type_names
    positions = {name: i for i, name in enumerate(types)}
    codes, uniques = _factorize(names)
    lookup = _compact_lookup([positions.get(name, len(types)) for name in uniques]
                             + [len(types)])
    fatalities = pd.to_numeric(frame.get("fatalities"), errors="coerce")
    columns = {
        "t": lookup[codes],
        "p": _integers(frame.get("geo_precision"), int(Precision.EXACT)),
        "f": fatalities.fillna(-1).astype("int64").to_numpy(),
    }
    for key, name in (("fl", "fatalities_low"), ("fh", "fatalities_high")):
        values = pd.to_numeric(frame[name], errors="coerce") if name in frame else None
        if values is not None and values.notna().any():  # a range, where the source gives one
            columns[key] = values.fillna(-1).astype("int64").to_numpy()
    for key, name in (
        ("st", "sub_event_type"), ("a1", "actor1"), ("x1", "assoc_actor_1"),
        ("a2", "actor2"), ("x2", "assoc_actor_2"), ("fc", "fatalities_claimed_by"),
    ):
        columns[key] = table.encode(frame.get(name, [None] * len(frame)))
    columns["pl"] = table.encode_codes(*_place_label_codes(frame))
    return columns


def _place_labels(frame: Any) -> Any:
    """``location, admin2, admin1, country`` without empty or repeated parts."""
    import numpy as np

    codes, labels = _place_label_codes(frame)
    return np.asarray([*labels, ""], dtype=object)[codes]


def _place_label_codes(frame: Any) -> tuple[Any, list[str]]:
    """Each row's place as a code into labels of the distinct places (first row first).

    A place is the combination of the row's ``location``, ``admin2``, ``admin1`` and
    ``country`` values (each told apart by :func:`pandas.factorize`, as ``drop_duplicates``
    would); its label is made once, from its first row.
    """
    import numpy as np
    import pandas as pd

    names = [name for name in ("location", "admin2", "admin1", "country") if name in frame]
    if not names:
        return np.full(len(frame), -1, dtype="int64"), []
    combo = np.zeros(len(frame), dtype="int64")
    columns, width = [], 1
    for name in names:
        codes, uniques = _factorize(frame[name])
        columns.append((codes, uniques))
        if width * (len(uniques) + 1) >= 2**62:  # the key would overflow: number it first
            combo = pd.factorize(combo, sort=False)[0]
            width = int(combo.max(initial=-1)) + 1
        combo, width = combo * (len(uniques) + 1) + codes + 1, width * (len(uniques) + 1)
    combo, distinct = pd.factorize(combo, sort=False)  # places in the order of first rows
    # the first row of each place: written backwards, so each code keeps its lowest row
    first_rows = np.empty(len(distinct), dtype="int64")
    first_rows[combo[::-1]] = np.arange(len(combo) - 1, -1, -1)
    values = [[_clean(uniques[code]) if code >= 0 else "" for code in codes[first_rows]]
              for codes, uniques in columns]
    return combo, [_joined_parts(parts) for parts in zip(*values, strict=True)]


def _joined_parts(parts: Iterable[str]) -> str:
    kept: list[str] = []
    for value in parts:
        if value and value not in kept:
            kept.append(value)
    return ", ".join(kept)


def _sources(frame: Any, table: StringTable, sources: Mapping[str, Source]) -> dict[str, Any]:
    """Source names as an index into a list of ``[[title, url], ...]`` entries."""

    codes, names = _factorize(frame.get("source", [None] * len(frame)))
    entries: list[list[list[str | None]]] = []
    lookup: list[int] = []
    for name in map(_clean, names):
        found = source_entries(name, sources)
        lookup.append(len(entries) if found else -1)
        if found:
            entries.append(found)
    lookup.append(-1)
    # sent as given: the browser links it only when it is http(s), else shows it as text
    urls = table.encode(frame.get("source_url", [None] * len(frame)))
    return {"src": _compact_lookup(lookup)[codes], "srcs": entries, "url": urls}


def _located_files(events: Any, located: Any, files: Any) -> Any:
    """The files of the located rows, or None when unknown or not of these rows."""
    import numpy as np

    if files is None or len(files) != len(events):
        return None
    files = np.asarray(files, dtype=object)
    if located is events:
        return files
    return files[np.flatnonzero(events.index.isin(located.index))] if events.index.is_unique \
        else None


def _origins(frame: Any, table: StringTable, files: Any) -> dict[str, Any]:
    """Each event's dataset (``ds``) and, when the events come from several files, its
    file's name (``sf``, without the folders: a published page names no local path)."""
    from pathlib import PurePath

    columns = {"ds": table.encode(frame.get("dataset", [None] * len(frame)))}
    if files is not None and len({str(f) for f in files}) > 1:
        columns["sf"] = table.encode([PurePath(str(f)).name for f in files])
    return columns


def _positions(column: Any, index: Mapping[str, int], length: int) -> Any:
    import numpy as np

    if column is None:
        return np.full(length, -1, dtype="int64")
    codes, uniques = _factorize(column)
    lookup = [index.get(_clean(code), -1) for code in uniques] + [-1]
    return _compact_lookup(lookup)[codes]
