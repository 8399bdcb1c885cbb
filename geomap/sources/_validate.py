"""Vectorised per-row checks shared by the readers, and the events-table builder.

A :class:`RowChecks` wraps one chunk of raw string rows. Each check marks bad rows in a
boolean mask and records one :class:`Reject` per bad row (file, line, field, expected/got);
work is done column-wise with pandas/numpy, and Python loops run only over rejected rows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from geomap.model import EVENT_COLUMNS
from geomap.refdata.countries import (
    alpha2_to_name,
    check_in_country,
    country_code_named,
    iso_alpha3_to_alpha2,
    iso_numeric_to_alpha2,
    near_outlines,
    without_marks,
)
from geomap.sources._csv import changes_when_stripped, string_buffers
from geomap.sources._stream import ReparseNeeded, StreamedTable
from geomap.sources.report import Reject

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa


logger = logging.getLogger(__name__)

#: Date formats seen in real exports, tried in order; day-first wherever it is ambiguous.
DATE_FORMATS = (
    "%d %B %Y", "%Y-%m-%d", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d-%B-%Y", "%d-%b-%y", "%d %b %Y",
    "%Y%m%d", "%Y-%m-%d %H:%M:%S.%f",
)
DATE_EXAMPLES = "'27 October 2018', '2012-03-01' or '14/08/2020 00:00:00'"
EARLIEST = "1900-01-01"
RAW_BUDGET = 2000
#: Largest whole number read (counts such as fatalities): the largest a map's JavaScript
#: shows exactly, far above any real count, far below where 64-bit integers wrap.
MAX_WHOLE = 2**53 - 1

_STRING_COLUMNS = {
    "event_id", "event_type", "sub_event_type", "actor1", "actor2", "assoc_actor_1",
    "assoc_actor_2", "country", "iso", "admin1", "admin2", "admin3", "location", "notes",
    "source", "source_url", "source_scale", "fatalities_claimed_by", "dataset",
    "geo_precision_code", "time_precision_code", "place_id",
}
_DTYPES = {
    "latitude": "float64", "longitude": "float64", "geo_precision": "int8",
    "time_precision": "int8", "inter1": "Int8", "inter2": "Int8", "interaction": "Int16",
    "fatalities": "Int64", "fatalities_low": "Int64", "fatalities_high": "Int64",
    "event_date": "datetime64[s]", "date_end": "datetime64[s]",
}


@dataclass
class RowChecks:
    """Checks over one chunk of raw rows; ``bad`` marks rows rejected so far."""

    file: str
    frame: pd.DataFrame
    raw_line: Callable[[pd.DataFrame, Any], str]
    rejects: list[Reject] = field(default_factory=list)
    warnings: list[Reject] = field(default_factory=list)
    #: Columns known to hold no value that stripping changes (:meth:`RawTable.chunks`).
    unpadded: frozenset[str] = frozenset()
    bad: np.ndarray = field(init=False)
    #: Rejects that get the row's text in ``raw`` (rebuilding it is the slow part when a
    #: whole million-row file is bad; the line number always identifies the row).
    raw_budget: int = field(init=False)

    def __post_init__(self) -> None:
        import numpy as np

        self.bad = np.zeros(len(self.frame), dtype=bool)
        self.raw_budget = RAW_BUDGET

    def reject(self, mask: Any, column: str, reason: Callable[[Any], str],
               values: pd.Series | None = None) -> None:
        """Reject the rows in ``mask``; ``reason(value)`` words the message."""
        import numpy as np
        import pandas as pd

        mask = np.asarray(mask, dtype=bool) & ~self.bad
        if not mask.any():
            return
        shown = values if values is not None else self.frame.get(column)
        lines = self.frame["source_line"].to_numpy()
        for i in np.flatnonzero(mask):
            index = self.frame.index[i]
            value = shown.iloc[i] if shown is not None else None
            if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                value = ""
            elif hasattr(value, "item"):  # numpy scalar -> Python, for a plain repr
                value = value.item()
            raw = self.raw_line(self.frame, index) if self.raw_budget > 0 else None
            self.raw_budget -= 1
            self.rejects.append(Reject(self.file, int(lines[i]), column, reason(value), raw))
        self.bad |= mask

    def warn(self, mask: Any, column: str | None, reason: Callable[[int], str],
             kind: str | None = None) -> None:
        """One warning per row in ``mask`` (of ``kind``: :attr:`Reject.kind`)."""
        import numpy as np

        for i in np.flatnonzero(np.asarray(mask, dtype=bool) & ~self.bad):
            self.warnings.append(Reject(self.file, int(self.frame["source_line"].iloc[i]),
                                        column, reason(int(i)), kind=kind))

    def text(self, column: str) -> pd.Series:
        """A column stripped, with empty strings as missing."""
        if column not in self.frame.columns:
            return missing_text(self.frame.index)
        values = self.frame[column]
        if values.dtype == "str" and values.dtype.storage == "pyarrow":
            return _stripped_arrow(values, unpadded=column in self.unpadded)
        values = values.str.strip()
        return values.where(values != "")

    def required_text(self, column: str, what: str) -> pd.Series:
        """A column that must not be empty: empty rows are rejected."""
        values = self.text(column)
        self.reject(values.isna().to_numpy(), column, lambda v: f"expected {what}, got ''")
        return values

    def integers(self, column: str, *, minimum: int | None = None,
                 allowed: Mapping[int, Any] | None = None) -> pd.Series:
        """A nullable integer column; non-integers, values below ``minimum`` or outside
        ``allowed`` are rejected."""
        import numpy as np

        values = self.text(column)
        numbers = to_float(values)
        whole = numbers.notna() & np.isfinite(numbers) & (numbers == np.round(numbers))
        bad = values.notna() & ~whole
        self.reject(bad.to_numpy(), column, lambda v: f"expected a whole number, got {v!r}")
        huge = (whole & (numbers.abs() > MAX_WHOLE)).to_numpy(dtype=bool)
        self.reject(huge, column, lambda v: f"expected a whole number of at most "
                    f"{MAX_WHOLE}, got {v!r}")
        whole &= ~huge
        result = numbers.where(whole).astype("Float64").round().astype("Int64")
        if minimum is not None:
            low = (result < minimum).fillna(False).to_numpy(dtype=bool)
            self.reject(low, column, lambda v: f"expected a number >= {minimum}, got {v!r}")
        if allowed is not None:
            outside = (result.notna() & ~result.isin(list(allowed))).to_numpy(dtype=bool)
            codes = ", ".join(map(str, allowed))
            self.reject(outside, column, lambda v: f"expected one of {codes}, got {v!r}")
        return result

    def dates(self, column: str, *, required: bool = True) -> pd.Series:
        """Parse a date column (formats in :data:`DATE_FORMATS`, day first); reject
        unreadable, impossible (before 1900) and future dates."""
        import pandas as pd

        values = self.text(column)
        parsed = parse_dates(values)
        if required:
            self.reject(values.isna().to_numpy(), column,
                        lambda v: f"expected a date like {DATE_EXAMPLES}, got ''")
        unreadable = (values.notna() & parsed.isna()).to_numpy()
        self.reject(unreadable, column,
                    lambda v: f"expected a date like {DATE_EXAMPLES}, got {v!r}")
        latest = pd.Timestamp(datetime.now(UTC).date() + timedelta(days=1))
        future = (parsed > latest).fillna(False).to_numpy(dtype=bool)
        self.reject(future, column, lambda v: f"expected a date no later than "
                    f"{latest.date() - timedelta(days=1)} (today), got {v!r}")
        early = (parsed < pd.Timestamp(EARLIEST)).fillna(False).to_numpy(dtype=bool)
        self.reject(early, column, lambda v: f"expected a date after {EARLIEST}, got {v!r}")
        return parsed

    def coordinates(self, iso: pd.Series, given: tuple[Any, Any] | None = None
                    ) -> tuple[pd.Series, pd.Series]:
        """Latitude/longitude as floats; see :func:`check_coordinates`."""
        return check_coordinates(self, iso, given)


_NUMBER = r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$"


class Chunked(Protocol):
    """Rows handed out chunk by chunk, with what was rejected and warned before the checks
    (a :class:`~geomap.sources._csv.RawTable`, or a reader's own table of features)."""

    file: str
    rejects: list[Reject]
    warnings: list[Reject]

    def chunks(self, chunk_rows: int) -> Iterator[tuple[pd.DataFrame, frozenset[str]]]:
        """Frames of rows with ``source_line``, and the columns stripping changes nowhere."""
        ...

    def raw_line(self, frame: pd.DataFrame, index: Any) -> str:
        """A row's text, for a reject's ``raw``."""
        ...


def normalise_chunks(
    raw: Chunked,
    renames: Mapping[str, str],
    normalise: Callable[[RowChecks], pd.DataFrame],
    chunk_rows: int,
) -> tuple[list[pd.DataFrame], list[Reject], list[Reject]]:
    """Run a reader's ``normalise`` over ``raw`` chunk by chunk.

    Returns the accepted rows of each non-empty chunk, and every reject and warning (the
    table's own first). A streamed table that meets what only the whole-file parse handles
    is read again whole, and checked again from its first chunk.
    """
    try:
        return _normalise_each(raw, renames, normalise, chunk_rows)
    except ReparseNeeded as err:
        if not isinstance(raw, StreamedTable):
            raise
        logger.info("%s: %s", raw.file, err)
        raw.reread()
        return _normalise_each(raw, renames, normalise, chunk_rows)


def _normalise_each(
    raw: Chunked,
    renames: Mapping[str, str],
    normalise: Callable[[RowChecks], pd.DataFrame],
    chunk_rows: int,
) -> tuple[list[pd.DataFrame], list[Reject], list[Reject]]:
    rejects, warnings, parts = [], [], []
    written: Mapping[str, str] = getattr(raw, "written", {})
    for chunk, unpadded in raw.chunks(chunk_rows):
        checks = RowChecks(raw.file, chunk.rename(columns=dict(renames)), raw.raw_line,
                           unpadded=frozenset(renames.get(c, c) for c in unpadded))
        frame = normalise(checks)
        parts.append(frame[~checks.bad] if checks.bad.any() else frame)  # no copy if clean
        rejects += in_file_terms(checks.rejects, renames, written)
        warnings += in_file_terms(checks.warnings, renames, written)
    # a streamed table knows its own rejects and warnings once its last chunk is out
    return ([p for p in parts if len(p)], [*in_file_terms(raw.rejects, {}, written), *rejects],
            [*in_file_terms(raw.warnings, {}, written), *warnings])


def in_file_terms(reports: list[Reject], renames: Mapping[str, str],
                  written: Mapping[str, str] | None = None) -> list[Reject]:
    """``reports`` naming each field as the file's header does (``date_start``, ``lat``,
    ``ActionGeo_Lat``, ``Dead``), not by the column a reader renamed it to (``event_date``,
    ``latitude``) nor as it lower-cased it (``dead``; ``written`` maps the lower-cased
    names to the header's): the analyst looks for the name in the file."""
    names = {ours: theirs for theirs, ours in renames.items()}
    names |= {ours: (written or {}).get(theirs, theirs) for ours, theirs in names.items()}
    names |= {ours: theirs for ours, theirs in (written or {}).items() if ours not in names}
    if not any(r.field in names and names[r.field] != r.field for r in reports):
        return reports
    return [replace(r, field=names.get(r.field, r.field)) if r.field is not None else r
            for r in reports]


def to_float(values: pd.Series, *, decimal_comma: bool = False) -> pd.Series:
    """Strings to float64; anything that is not a decimal number becomes NaN.

    With ``decimal_comma``, ``"16,2717"`` (European spreadsheet exports) reads as 16.2717;
    it is off for counts, where ``"1,000"`` means a thousand.
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(values.astype("str"), type=pa.large_string(), from_pandas=True)
    try:
        numbers = pc.cast(array, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        if decimal_comma:
            array = pc.replace_substring_regex(array, r"^([-+]?\d+),(\d+)$", r"\1.\2")
        ok = pc.fill_null(pc.match_substring_regex(array, _NUMBER), False)
        numbers = pc.cast(pc.if_else(ok, array, None), pa.float64())
    return pd.Series(numbers.to_numpy(zero_copy_only=False), index=values.index,
                     dtype="float64")


def missing_text(index: pd.Index) -> pd.Series:
    """A text column of missing values: pyarrow's nulls, made without a value per row
    (``pd.Series(pd.NA, dtype="str")`` fills one in: 1.3 against 0.07 ms for 250k rows)."""
    import pandas as pd
    import pyarrow as pa

    return pd.Series(pa.nulls(len(index), pa.large_string()), index=index, dtype="str")


def _stripped_arrow(values: pd.Series, *, unpadded: bool = False) -> pd.Series:
    """:meth:`RowChecks.text` of a pyarrow-backed column, in pyarrow.

    Most values of an export have no space at either end: the first and last bytes of
    every value (read from the array's offsets, no text copied) say which ones may have
    (:func:`~geomap.sources._csv.changes_when_stripped`), and only when one of those
    changes is the whole column trimmed; ``unpadded``: the parser found none. Empty values
    become missing through a validity bitmap over the same text buffers (``if_else``
    copied the column's text: 0.6 s for the notes of a million rows).
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    array = values.array.__arrow_array__()  # no copy: its own arrays
    if isinstance(array, pa.Array):
        array = pa.chunked_array([array])
    if not unpadded and changes_when_stripped(array):
        array = pc.utf8_trim_whitespace(array)
    return pd.Series(_empty_as_missing(array), index=values.index, dtype="str",
                     name=values.name)


def _empty_as_missing(array: pa.ChunkedArray) -> pa.ChunkedArray:
    """``array`` with its empty values missing; the text buffers are shared, not copied.

    A parsed column has no missing value yet: its validity is then "not empty" alone, without
    asking pyarrow for each value's (34 -> 9 ms for the 31 columns of 250k ACLED rows).
    """
    import numpy as np
    import pyarrow as pa

    chunks = []
    for chunk in array.chunks:
        offsets, _ = string_buffers(chunk)
        empty = offsets[1:] == offsets[:-1]
        if not empty.any():
            chunks.append(chunk)
            continue
        valid = np.zeros(chunk.offset + len(chunk), dtype=bool)
        if chunk.null_count:
            valid[chunk.offset:] = ~empty & chunk.is_valid().to_numpy(zero_copy_only=False)
        else:
            np.logical_not(empty, out=valid[chunk.offset:])
        bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
        chunks.append(pa.Array.from_buffers(
            chunk.type, len(chunk), [bitmap, *chunk.buffers()[1:]],
            null_count=len(chunk) - int(valid.sum()), offset=chunk.offset))
    return pa.chunked_array(chunks, type=array.type)


def map_unique(values: pd.Series, mapping: Mapping[Any, Any] | Callable[[Any], Any]
               ) -> pd.Series:
    """``values.map(mapping)`` computed once per distinct value (object result)."""
    import numpy as np
    import pandas as pd

    codes, answers = distinct_answers(values, mapping)
    mapped = np.empty(len(answers), dtype=object)
    for i, answer in enumerate(answers):  # one by one: an answer may be a sequence
        mapped[i] = answer
    return pd.Series(mapped[codes], index=values.index, dtype=object)


def map_unique_text(values: pd.Series, mapping: Mapping[Any, Any] | Callable[[Any], Any]
                    ) -> pd.Series:
    """:func:`map_unique` whose answers are text or None, as a pandas text column: each
    distinct value's answer reaches the rows through pyarrow ``take`` (no column of
    Python objects to convert); missing values give missing."""
    codes, answers = distinct_answers(values, mapping)
    return texts_taken(answers, codes % len(answers), values.index)


def texts_taken(answers: list[str | None], codes: np.ndarray, index: pd.Index) -> pd.Series:
    """A pandas text column whose row ``i`` is ``answers[codes[i]]`` (None: missing), taken
    by pyarrow."""
    import pandas as pd
    import pyarrow as pa

    taken = pa.array(answers, type=pa.large_string()).take(pa.array(codes))
    return pd.Series(taken, index=index, dtype="str")


def distinct_answers(values: pd.Series, mapping: Mapping[Any, Any] | Callable[[Any], Any]
                     ) -> tuple[np.ndarray, list[Any]]:
    """Each value's code (-1 when missing) and the answer of each distinct value, with a
    last None: the missing values' (code -1 indexes it)."""
    import pandas as pd

    codes, uniques = pd.factorize(values)
    get = mapping.get if isinstance(mapping, Mapping) else mapping
    return codes, [*(get(unique) for unique in uniques), None]


def code_lookup(codes: pd.Series, mapping: Mapping[int, int]) -> np.ndarray:
    """Map nullable integer codes through ``mapping`` to int8 (0 for missing/unknown)."""
    import numpy as np

    table = np.zeros(max(mapping) + 1, dtype=np.int8)
    for key, value in mapping.items():
        table[key] = int(value)
    index = codes.fillna(0).to_numpy(dtype=np.int64)
    index[(index < 0) | (index >= len(table))] = 0
    return table[index]


def parse_dates(values: pd.Series) -> pd.Series:
    """Parse date strings with :data:`DATE_FORMATS`; unreadable ones become NaT.

    Each distinct string is parsed once (exports repeat a few thousand dates).
    """
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(values)
    result = np.full(len(uniques), np.datetime64("NaT"), dtype="datetime64[s]")
    todo = pd.Series(uniques, dtype="str")
    for fmt in DATE_FORMATS:
        missing = np.isnat(result)
        if not missing.any():
            break
        got = pd.to_datetime(todo[missing], format=fmt, errors="coerce")
        result[missing] = got.dt.normalize().to_numpy(dtype="datetime64[s]")
    taken = result[codes] if len(result) else np.full(len(codes), np.datetime64("NaT"),
                                                      dtype="datetime64[s]")
    taken[codes < 0] = np.datetime64("NaT")
    return pd.Series(taken, index=values.index, dtype="datetime64[s]")


def check_coordinates(checks: RowChecks, iso: pd.Series, given: tuple[Any, Any] | None = None
                      ) -> tuple[pd.Series, pd.Series]:
    """Read ``latitude``/``longitude`` and check them against the stated country.

    Rule: missing, non-numeric, infinite or out-of-range values are rejected. When the
    country's box is known and the point lies outside it while the swapped point lies
    inside the box and in (or within about 28 km of) the country's outline, latitude and
    longitude are swapped with a warning. Points outside their
    country that do not swap into it are kept, with one summary warning per country.
    ``given`` are numbers found elsewhere (latitude and longitude arrays, e.g. a
    geocoder's; NaN where none): they stand in for the rows whose text is empty, and are
    checked the same way.
    """
    import numpy as np
    import pandas as pd

    lat_text, lon_text = checks.text("latitude"), checks.text("longitude")
    lat = to_float(lat_text, decimal_comma=True)
    lon = to_float(lon_text, decimal_comma=True)
    if given is not None:
        lat = lat.fillna(pd.Series(given[0], index=lat.index))
        lon = lon.fillna(pd.Series(given[1], index=lon.index))
    for name, text, number in (("latitude", lat_text, lat), ("longitude", lon_text, lon)):
        checks.reject(number.isna().to_numpy(), name,
                      lambda v: f"expected a number in decimal degrees, got {v!r}", text)
        checks.reject(~np.isfinite(number.fillna(0).to_numpy()), name,
                      lambda v: f"expected a finite number, got {v!r}", text)
    lat, lon = _swap_into_country(checks, iso, lat, lon)
    checks.reject((lat.abs() > 90).to_numpy(), "latitude",
                  lambda v: f"expected a latitude in [-90, 90], got {v!r}", lat)
    checks.reject((lon.abs() > 180).to_numpy(), "longitude",
                  lambda v: f"expected a longitude in [-180, 180], got {v!r}", lon)
    return lat, lon


def _swap_into_country(checks: RowChecks, iso: pd.Series, lat: pd.Series,
                       lon: pd.Series) -> tuple[pd.Series, pd.Series]:
    import numpy as np

    check = check_in_country(lat.to_numpy(dtype=float, na_value=float("nan")),
                             lon.to_numpy(dtype=float, na_value=float("nan")), iso)
    known = check.known & ~checks.bad
    swap = known & check.swapped
    if swap.any():  # the swapped point in the country's box: in its outline too?
        rows = np.flatnonzero(swap)
        swap[rows] = near_outlines(lon.to_numpy(dtype=float)[rows],
                                   lat.to_numpy(dtype=float)[rows], iso.to_numpy()[rows])
    if swap.any():
        lat_text, lon_text = lat.astype(str), lon.astype(str)
        checks.warn(swap, "latitude", lambda i: (
            f"latitude and longitude look swapped: ({lat_text.iloc[i]}, {lon_text.iloc[i]}) "
            f"lies outside {iso.iloc[i]}, the swapped point inside it; swapped"))
        lat, lon = lat.where(~swap, lon), lon.where(~swap, lat)
    _warn_outside(checks, iso, known & ~check.inside & ~swap)
    return lat, lon


def _warn_outside(checks: RowChecks, iso: pd.Series, outside: np.ndarray) -> None:
    import numpy as np

    if not outside.any():
        return
    lines = checks.frame["source_line"].to_numpy()[outside]
    codes = iso[outside].to_numpy()
    for code in sorted(set(codes)):
        mine = lines[codes == code]
        shown = ", ".join(map(str, mine[:5])) + (" ..." if len(mine) > 5 else "")
        checks.warnings.append(Reject(
            checks.file, int(np.min(mine)), "latitude",
            f"expected points inside the stated country {code}, got {len(mine)} outside its "
            f"bounding box (lines {shown}); kept as given"))


def alpha2_from(iso: pd.Series, country: pd.Series) -> pd.Series:
    """ISO alpha-2 from numeric codes, alpha-3, alpha-2 or, failing those, country names."""

    numeric = iso_numeric_to_alpha2()
    alpha3 = iso_alpha3_to_alpha2()
    known = set(alpha2_to_name())

    def from_code(code: Any) -> str | None:
        text = without_marks(code).strip().upper() if isinstance(code, str) else ""
        if text.isascii() and text.isdigit():  # '²' is a digit to str.isdigit, not to int()
            return numeric.get(int(text))
        return alpha3.get(text) or (text if text in known else None)

    result = map_unique_text(iso, from_code)
    by_name = map_unique_text(country, country_code_named)
    return result.fillna(by_name)


def events_table(columns: Mapping[str, Any], index: pd.Index, dataset: str) -> pd.DataFrame:
    """A reader's events table: exactly ``EVENT_COLUMNS`` + ``source_line``, fixed dtypes.

    The map layers make their GeoDataFrame of points from it
    (:func:`geomap.layers.events.events_frame`).
    """
    import pandas as pd

    data: dict[str, Any] = {}
    for name in (*EVENT_COLUMNS, "source_line"):
        value = columns.get(name)
        if value is None:
            value = pd.NA
        if name == "dataset":
            value = dataset
        data[name] = _typed(name, value, index)
    frame = pd.DataFrame(data, index=index)
    for name in _STRING_COLUMNS:
        frame[name] = frame[name].astype("str")
    frame["source_line"] = frame["source_line"].astype("int64")
    return frame


def _typed(name: str, value: Any, index: pd.Index) -> pd.Series:
    """One column of :func:`events_table` in its dtype; text and missing values are made
    in their dtype directly (no pass over a column of Python objects)."""
    import pandas as pd

    text = name in _STRING_COLUMNS
    given = isinstance(value, pd.Series)
    if given and text and value.dtype == "str":
        return value  # already text, missing values missing
    nullable_int = value is pd.NA and _DTYPES.get(name, "").startswith("Int")
    if not given and (text or nullable_int):
        if text and value is pd.NA:
            return missing_text(index)
        return pd.Series(value, index=index, dtype="str" if text else _DTYPES[name])
    if value is pd.NA and _DTYPES.get(name, "").startswith("datetime"):  # NaT, not objects
        return pd.Series(pd.NaT, index=index, dtype=_DTYPES[name])
    series = value if given else pd.Series(value, index=index)
    if text:
        series = series.astype("str")
        return series.where(series.notna(), None)
    return series.astype(_DTYPES[name]) if name in _DTYPES else series


def empty_table(dataset: str) -> pd.DataFrame:
    """A reader's events table with no rows (the same columns and dtypes)."""
    import pandas as pd

    index = pd.RangeIndex(0)
    return events_table({"source_line": pd.Series([], dtype="int64")}, index, dataset)


def reject_duplicates(frame: pd.DataFrame, file: str, column: str = "event_id") -> tuple[
        pd.DataFrame, list[Reject]]:
    """Reject later rows whose ``column`` repeats an earlier row's, naming both lines."""
    import numpy as np
    import pandas as pd

    codes, distinct = pd.factorize(frame[column])  # missing: -1, never a repeat
    if len(distinct) == np.count_nonzero(codes >= 0):
        return frame, []  # every id once: the usual case, told without sorting
    first = np.zeros(len(codes), dtype=bool)
    first[np.unique(codes, return_index=True)[1]] = True
    repeated = pd.Series((codes >= 0) & ~first, index=frame.index)
    first_line = frame.drop_duplicates(column).set_index(column)["source_line"]
    rejects = [
        Reject(file, int(line), column,
               f"expected a unique {column}, got {value!r} again (first on line "
               f"{int(first_line[value])}); kept the first")
        for value, line in zip(frame.loc[repeated, column], frame.loc[repeated, "source_line"],
                               strict=True)
    ]
    return frame.loc[~repeated], rejects
