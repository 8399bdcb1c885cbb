"""Differential tests: the fast paths of the readers decide exactly what the plain code did.

Each test states the plain definition (Python's strict UTF-8 decoder, the row-by-row
loop) and checks the vectorised code against it on generated input.
"""

from __future__ import annotations

import csv
import io
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.errors import GeomapError, PlaceNotFound
from geomap.model import EVENT_COLUMNS, Place
from geomap.precision import Precision
from geomap.sources import _csv, _encoding, _stream, _validate, acled, tabular
from geomap.sources.read import read_events
from tests.sources._fixtures import ACLED_CURRENT, BASE_EVENTS, acled_row

PIECES = [b"a", b",", b"\n", b"\x00", "é".encode(), "€".encode(), "𝄞".encode(), b"\xe9",
          b"\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc3", b"\xe2\x82", b"\xc0\xaf"]


def plain_scan(data: bytes) -> tuple[int, bool]:
    """The definition: the file's lines and NUL bytes."""
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1), b"\x00" in data


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=40),
       chunk=st.integers(1, 9))
def test_line_scan_agrees_with_python_across_chunk_edges(
        pieces: list[bytes], chunk: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = Path(tmp_path_factory.mktemp("scan")) / "data.csv"
    data = b"".join(pieces)
    path.write_bytes(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_encoding, "_SCAN_SIZE", chunk)  # lines cut at every position
        assert _encoding._line_scan(path) == plain_scan(data)


@pytest.mark.parametrize("where", ["header", "first row", "past the first megabyte",
                                   "last line, unterminated"])
def test_a_cp1252_line_anywhere_is_decoded_as_before(where: str, tmp_path: Path) -> None:
    # the file's head is checked here; pyarrow checks the rest while parsing: a line that
    # is not UTF-8 anywhere gives the same frame and warning as a file decoded line by line
    header = "event_id_cnty,event_date,event_type,latitude,longitude,geo_precision,country,tag"
    rows = [f"MLI{i},2020-01-02,Battles,16.27,-0.04,1,Mali,x" for i in range(30_000)]
    line = {"header": 0, "first row": 1, "past the first megabyte": 25_000,
            "last line, unterminated": 30_000}[where]
    lines = [header, *rows]
    lines[line] = lines[line].replace(",Mali,", ",Malé,").replace(",tag", ",tagé")
    text = "\n".join(lines) + ("" if where.startswith("last") else "\n")
    data = text.encode("utf-8")
    broken = text.encode("cp1252")
    assert broken != data and len(data) > 1 << 20
    path = tmp_path / "mixed.csv"
    path.write_bytes(broken)
    result = read_events(path, "acled")
    (warning,) = [w for w in result.warnings if "cp1252" in w.reason]
    assert warning.line == line + 1 and "mixed" not in warning.reason
    # the field that held the bytes, and the bytes, escaped
    assert (warning.field, warning.raw) == (("tagé", "tag\\xe9") if where == "header"
                                            else ("country", "Mal\\xe9"))
    path.write_bytes(data)
    utf8 = read_events(path, "acled")
    assert [w for w in utf8.warnings if "cp1252" in w.reason] == []
    pd.testing.assert_frame_equal(result.frame, utf8.frame)
    assert result.rejects == utf8.rejects


# --- geocoding a names-only table: once per distinct (place, country) ---------------------

KNOWN = {"Gao": (16.2717, -0.0447, "ML", Precision.EXACT),
         "Kharkiv": (49.9935, 36.2304, "UA", Precision.ADM1),
         "Tripoli": (32.8872, 13.1913, "LY", Precision.EXACT)}


class CountingGeocoder:
    """Knows three places (asymmetric coordinates), refuses the rest; logs its calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None]] = []

    def resolve(self, query: str, country: str | None = None) -> Place:
        self.calls.append((query, country))
        if query in KNOWN and country in (None, KNOWN[query][2]):
            lat, lon, code, precision = KNOWN[query]
            return Place(query, lat, lon, country_code=code, precision=precision)
        raise PlaceNotFound(query, sorted(KNOWN))


def plain_geocode(checks: Any, context: Any, location: pd.Series, iso: pd.Series
                  ) -> dict[str, Any]:
    """The row-by-row definition: each row with a name and no coordinates asks the
    geocoder, and its coordinates are the place's numbers."""
    frame = checks.frame
    lat, lon = checks.text("latitude"), checks.text("longitude")
    need = (lat.isna() & lon.isna() & location.notna()).to_numpy()
    result = {"lat": np.full(len(frame), np.nan), "lon": np.full(len(frame), np.nan),
              "iso": pd.Series(None, index=frame.index, dtype="str"),
              "precision": pd.Series(pd.NA, index=frame.index, dtype="Int8"),
              "doubt": pd.Series(None, index=frame.index, dtype=object)}  # no confidence
    for i in np.flatnonzero(need):
        country = iso.iloc[i] if isinstance(iso.iloc[i], str) else None
        context.answers[location.iloc[i], country] = ()  # asked: the table is geocoded
        try:
            place = context.geocoder.resolve(location.iloc[i], country=country)
        except GeomapError as err:
            row = np.arange(len(frame)) == i
            hint = (" " + tabular._missing_place_hint(country)
                    if isinstance(err, PlaceNotFound) else "")
            checks.reject(row, "location", lambda v, err=err, hint=hint: "expected a place the "
                          f"gazetteer knows, got {v!r}: {err}{hint}", location)
            continue
        result["lat"][i], result["lon"][i] = place.lat, place.lon
        result["iso"].iloc[i] = place.country_code
        result["precision"].iloc[i] = int(place.precision)
    return result


place_rows = st.lists(st.tuples(
    st.sampled_from(["Gao", "Kharkiv", "Tripoli", "Atlantis", " Gao ", "", "gao"]),
    st.sampled_from(["", "Mali", "Ukraine", "Libya", "Narnia"]),
    st.sampled_from(["", "", "", "48.1,37.5", "91,0"]),
    st.sampled_from(["2024-03-01", "2024-13-01", ""])), min_size=1, max_size=30)


def read_both(path: Path, hint: str | None) -> list[tuple[Any, list[tuple[str, str | None]]]]:
    out = []
    for geocode in (plain_geocode, tabular._geocode):
        geocoder = CountingGeocoder()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(tabular, "_geocode", geocode)
            out.append((read_events(path, "csv", geocoder=geocoder, country_hint=hint),
                        geocoder.calls))
    return out


@settings(max_examples=80, deadline=None)
@given(rows=place_rows, hint=st.sampled_from([None, "ua", "ml"]), coordinates=st.booleans())
def test_geocoding_distinct_places_once_changes_no_row(
        rows: list[tuple[str, str, str, str]], hint: str | None, coordinates: bool,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    # with coordinate columns (some empty) and without: a names-only table
    path = Path(tmp_path_factory.mktemp("names")) / "names.csv"
    lines = ["date,location,country" + (",lat,lon" if coordinates else "")]
    lines += [f'{day},"{name}",{country}' + (f",{point or ','}" if coordinates else "")
              for name, country, point, day in rows]
    path.write_text("\n".join(lines) + "\n")
    (plain, plain_calls), (fast, fast_calls) = read_both(path, hint)
    pd.testing.assert_frame_equal(fast.frame, plain.frame)
    assert fast.rejects == plain.rejects
    assert fast.warnings == plain.warnings
    assert fast.geocoded == plain.geocoded
    assert fast_calls == list(dict.fromkeys(plain_calls))  # each distinct pair once, in order


# --- the events table: columns made in their dtype directly --------------------------------


def plain_events_table(columns: dict[str, Any], index: pd.Index, dataset: str) -> pd.DataFrame:
    """The definition: every column through a Series of objects (geomap before issue 17)."""
    named = {name: columns.get(name) for name in (*EVENT_COLUMNS, "source_line")}
    named["dataset"] = dataset
    data: dict[str, Any] = {}
    for name, value in named.items():
        value = pd.NA if value is None else value
        series = pd.Series(value, index=index) if not isinstance(value, pd.Series) else value
        if name in _validate._STRING_COLUMNS:
            series = series.astype("str")
            series = series.where(series.notna(), None)
        elif name in _validate._DTYPES:
            series = series.astype(_validate._DTYPES[name])
        data[name] = series
    frame = pd.DataFrame(data, index=index)
    for name in _validate._STRING_COLUMNS:
        frame[name] = frame[name].astype("str")
    frame["source_line"] = frame["source_line"].astype("int64")
    return frame


TEXT_VALUES = st.sampled_from(["", " x ", "Gao", "é", None])


def column_values(name: str, size: int) -> st.SearchStrategy[Any]:
    """What readers hand ``events_table`` for ``name``: a Series (text, objects, numbers)
    or a scalar (missing, a constant)."""
    if name in _validate._STRING_COLUMNS:
        values = st.lists(TEXT_VALUES, min_size=size, max_size=size)
        return st.one_of(st.none(), st.just("const"),
                         values.map(lambda v: pd.Series(v, dtype="str")),
                         values.map(lambda v: pd.Series(v, dtype=object)))
    if name in ("fatalities", "fatalities_low", "fatalities_high", "inter1", "inter2",
                "interaction"):
        numbers = st.lists(st.one_of(st.none(), st.integers(0, 8)), min_size=size, max_size=size)
        return st.one_of(st.none(), numbers.map(lambda v: pd.Series(v, dtype="Int64")))
    return st.nothing()


@st.composite
def reader_columns(draw: st.DrawFn) -> tuple[dict[str, Any], int]:
    size = draw(st.integers(0, 6))
    columns: dict[str, Any] = {
        "latitude": pd.Series([1.5] * size), "longitude": pd.Series([-2.5] * size),
        "geo_precision": pd.Series([1] * size), "time_precision": 1,
        "event_date": pd.Series(["2024-01-02"] * size, dtype="datetime64[s]"),
        "source_line": pd.Series(range(2, size + 2))}
    for name in (*_validate._STRING_COLUMNS, "fatalities", "fatalities_low", "inter1",
                 "interaction"):
        columns[name] = draw(column_values(name, size))
    return columns, size


@settings(max_examples=150, deadline=None)
@given(given_columns=reader_columns(), dataset=st.sampled_from(["acled", "table"]))
def test_events_table_is_the_plain_one(given_columns: tuple[dict[str, Any], int],
                                        dataset: str) -> None:
    columns, size = given_columns
    index = pd.RangeIndex(size)
    fast = _validate.events_table(dict(columns), index, dataset)
    pd.testing.assert_frame_equal(fast, plain_events_table(dict(columns), index, dataset))


# --- stripped text and repeated ids ---------------------------------------------------------

WHITESPACE_TEXT = st.lists(st.one_of(st.none(), st.text(
    st.sampled_from(["a", "é", " ", "\t", "\u3000", "\u2028", "\x1c", "\x85", "\xa0", "\n"]),
    max_size=4)), max_size=12)


@settings(max_examples=300, deadline=None)
@given(first=WHITESPACE_TEXT, second=WHITESPACE_TEXT, dtype=st.sampled_from(["str", object]),
       skip=st.integers(0, 3))
def test_text_is_the_plain_strip(first: list[str | None], second: list[str | None],
                                 dtype: Any, skip: int) -> None:
    # two parts: pyarrow-backed columns then hold two chunks, as a reader's chunks do; a
    # slice of them starts inside its first chunk (an offset into its buffers)
    column = pd.concat([pd.Series(first, dtype=dtype), pd.Series(second, dtype=dtype)],
                       ignore_index=True).iloc[skip:]
    frame = pd.DataFrame({"notes": column, "source_line": range(2, len(column) + 2)},
                         index=column.index)
    checks = _validate.RowChecks("f.csv", frame, lambda *_: "")
    plain = frame["notes"].str.strip()
    pd.testing.assert_series_equal(checks.text("notes"), plain.where(plain != ""))


@settings(max_examples=300, deadline=None)
@given(first=WHITESPACE_TEXT, second=WHITESPACE_TEXT, skip=st.integers(0, 3),
       large=st.booleans())
def test_edge_candidates_are_the_plain_ones(first: list[str | None], second: list[str | None],
                                            skip: int, large: bool) -> None:
    # two chunks, the first sliced (an offset into its buffers), as a parsed block's columns
    kind = pa.large_string() if large else pa.string()
    array = pa.chunked_array([pa.array(first, kind).slice(min(skip, len(first))),
                              pa.array(second, kind)], type=kind)
    edge = set(_csv._EDGE_BYTES)
    plain = [i for i, value in enumerate(array.to_pylist())
             if value and (value.encode()[0] in edge or value.encode()[-1] in edge)]
    assert _csv._edge_candidates(array).tolist() == plain


@pytest.mark.parametrize("size", [0, 1, 5])
def test_an_absent_column_is_the_plain_missing_text(size: int) -> None:
    frame = pd.DataFrame({"source_line": range(2, size + 2)}, index=range(3, size + 3))
    checks = _validate.RowChecks("f.csv", frame, lambda *_: "")
    plain = pd.Series(pd.NA, index=frame.index, dtype="str")
    pd.testing.assert_series_equal(checks.text("notes"), plain)
    assert checks.text("notes").isna().all()


def plain_reject_duplicates(frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Any]]:
    """The definition: ``DataFrame.duplicated`` (geomap before issue 17)."""
    repeated = frame["event_id"].notna() & frame.duplicated("event_id", keep="first")
    first_line = frame.drop_duplicates("event_id").set_index("event_id")["source_line"]
    rejects = [_validate.Reject(file, int(line), "event_id", "expected a unique event_id, got "
                                f"{value!r} again (first on line {int(first_line[value])}); "
                                "kept the first")
               for value, line in zip(frame.loc[repeated, "event_id"],
                                      frame.loc[repeated, "source_line"], strict=True)]
    return frame.loc[~repeated], rejects


@settings(max_examples=200, deadline=None)
@given(ids=st.lists(st.one_of(st.none(), st.sampled_from(["A1", "A2", "a1", "A1 ", "B"])),
                    max_size=12), dtype=st.sampled_from(["str", object]))
def test_repeated_ids_are_the_plain_ones(ids: list[str | None], dtype: Any) -> None:
    frame = pd.DataFrame({"event_id": pd.Series(ids, dtype=dtype),
                          "source_line": range(2, len(ids) + 2)})
    kept, rejects = _validate.reject_duplicates(frame, "f.csv")
    plain_kept, plain_rejects = plain_reject_duplicates(frame, "f.csv")
    pd.testing.assert_frame_equal(kept, plain_kept)
    assert rejects == plain_rejects


# --- parsing on every core: the same rows, lines and rejects as one block at a time ---------

ROW_KINDS = st.sampled_from(["plain", "newline", "crlf", "blank", "short", "long", "quoted"])


def parse_file(path: Path, *, threads: bool) -> tuple[Any, list[int], list[Any], list[Any]]:
    """read_table's parse with pyarrow on every core or serially; what it decided."""
    with pytest.MonkeyPatch.context() as patch:
        if not threads:
            def serial(source: Any, layout: Any, lines: int, *, threads: bool) -> Any:
                return read_arrow(source, layout, lines, threads=False)
            read_arrow = _csv._read_arrow
            patch.setattr(_csv, "_read_arrow", serial)
        patch.setattr(_csv, "_BLOCK_SIZE", 1 << 10)  # many blocks, parsed in parallel
        raw = _csv.read_table(path)
    return raw.table, raw.lines.tolist(), raw.rejects, raw.warnings


def row_text(kind: str, number: int) -> str:
    notes = {"newline": f'"note {number}\nnext line"', "crlf": f'"a\r\nb {number}"',
             "quoted": f'"x, ""y"" {number}"'}.get(kind, f"note {number}")
    fields = [f"E{number}", "2020-01-02", notes, str(number % 7)]
    if kind == "short":
        fields = fields[:2]
    if kind == "long":
        fields.append("extra")
    return "" if kind == "blank" else ",".join(fields)


@settings(max_examples=60, deadline=None)
@given(kinds=st.lists(ROW_KINDS, min_size=1, max_size=300))
def test_parallel_parse_is_the_serial_one(kinds: list[str],
                                          tmp_path_factory: pytest.TempPathFactory) -> None:
    path = Path(tmp_path_factory.mktemp("parse")) / "rows.csv"
    rows = [row_text(kind, number) for number, kind in enumerate(kinds)]
    path.write_text("id,date,notes,count\n" + "\n".join(rows) + "\n", encoding="utf-8")
    table, lines, rejects, warnings = parse_file(path, threads=True)
    serial_table, serial_lines, serial_rejects, serial_warnings = parse_file(path,
                                                                             threads=False)
    assert table.equals(serial_table)
    assert (lines, rejects, warnings) == (serial_lines, serial_rejects, serial_warnings)
    starts = [2 + sum(1 + row.count("\n") for row in rows[:i]) for i in range(len(rows))]
    assert lines == [start for start, kind in zip(starts, kinds, strict=True)
                     if kind not in ("blank", "short", "long")]


# --- parsing while checking: the streamed table is read_table's, chunk by chunk ------------

STREAM_KINDS = st.sampled_from(["plain", "plain", "newline", "crlf", "blank", "quoted", "nul",
                                "nul id", "padded", "short", "long"])


def frames_of(raw: Any, chunk_rows: int) -> list[pd.DataFrame]:
    """A table's chunks; a streamed table that needs the whole-file parse gets it. The
    columns it calls unpadded are checked: stripping changes none of their values."""
    try:
        chunks = list(raw.chunks(chunk_rows))
    except _stream.ReparseNeeded:
        raw.reread()
        chunks = list(raw.chunks(chunk_rows))
    for frame, unpadded in chunks:
        for column in unpadded:
            assert frame[column].str.strip().equals(frame[column]), column
    return [frame for frame, _ in chunks]


@settings(max_examples=60, deadline=None)
@given(kinds=st.lists(STREAM_KINDS, min_size=0, max_size=300), chunk_rows=st.integers(1, 90))
def test_streamed_table_is_read_table(kinds: list[str], chunk_rows: int,
                                      tmp_path_factory: pytest.TempPathFactory) -> None:
    path = Path(tmp_path_factory.mktemp("stream")) / "rows.csv"
    # NUL bytes in two columns: their rejects come column by column, then by line
    nul = {"nul": ("note", "no\x00te"), "nul id": ("E", "\x00E"), "padded": ("note", " note")}
    rows = [row_text(kind, number).replace(*nul.get(kind, ("", "")))
            for number, kind in enumerate(kinds)]
    path.write_text("id,date,notes,count\n" + "".join(row + "\n" for row in rows),
                    encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_csv, "_BLOCK_SIZE", 1 << 10)  # many blocks, chunks cut across them
        streamed, whole = _stream.read_table_streamed(path), _csv.read_table(path)
        got, expected = frames_of(streamed, chunk_rows), list(whole.frames(chunk_rows))
    assert [len(frame) for frame in got] == [len(frame) for frame in expected]
    for frame, plain in zip(got, expected, strict=True):
        pd.testing.assert_frame_equal(frame, plain)
    assert streamed.table.equals(whole.table)
    assert streamed.lines.tolist() == whole.lines.tolist()
    assert (streamed.rejects, streamed.warnings, streamed.rows_read) == (
        whole.rejects, whole.warnings, whole.rows_read)
    assert streamed.streaming is False
    if {"short", "long"} & set(kinds):  # rows of the wrong width: parsed whole
        assert any(reject.reason.startswith("expected 4 fields") for reject in whole.rejects)


def test_a_stream_left_early_stops_its_worker(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("id,date,notes,count\n" + "".join(
        row_text("plain", n) + "\n" for n in range(5000)), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_csv, "_BLOCK_SIZE", 1 << 10)
        patch.setattr(_stream, "_READ_AHEAD", 1)
        frames = _stream.read_table_streamed(path).frames(10)
        assert len(next(frames)) == 10
        frames.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("geomap-csv")]


def acled_text(faults: list[str]) -> str:
    """An ACLED export of the fixture's events, one row per fault (``ok``: none)."""
    lines = [",".join(ACLED_CURRENT)]
    for number, fault in enumerate(faults):
        event = {**BASE_EVENTS[number % len(BASE_EVENTS)], "id": f"E{number}"}
        row = acled_row(event, "current")
        row["notes"] = {"newline": "a note\nover two lines", "nul": "no\x00te",
                        "padded": "  spaced  "}.get(fault, row["notes"])
        row["event_date"] = "2O18-01-01" if fault == "date" else row["event_date"]
        row["latitude"] = "north" if fault == "latitude" else row["latitude"]
        row["event_type"] = "Battle" if fault == "type" else row["event_type"]
        text = io.StringIO()
        csv.writer(text, lineterminator="").writerow([row.get(c, "") for c in ACLED_CURRENT])
        line = text.getvalue()
        lines.append({"blank": "", "short": line.rsplit(",", 3)[0]}.get(fault, line))
    return "\n".join(lines) + "\n"


@settings(max_examples=25, deadline=None)
@given(faults=st.lists(st.sampled_from(["ok", "ok", "ok", "newline", "nul", "padded", "date",
                                        "latitude", "type", "blank", "short"]), max_size=120),
       chunk_rows=st.integers(1, 40))
def test_read_acled_streamed_is_read_acled_whole(faults: list[str], chunk_rows: int,
                                                 tmp_path_factory: pytest.TempPathFactory
                                                 ) -> None:
    path = Path(tmp_path_factory.mktemp("acled")) / "acled.csv"
    path.write_text(acled_text(faults), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_csv, "_BLOCK_SIZE", 1 << 11)
        streamed = acled.read_acled(path, chunk_rows=chunk_rows)
        patch.setattr(acled, "read_table_streamed", _csv.read_table)
        whole = acled.read_acled(path, chunk_rows=chunk_rows)
    pd.testing.assert_frame_equal(streamed.frame, whole.frame)
    assert (streamed.rejects, streamed.warnings) == (whole.rejects, whole.warnings)
    assert (streamed.rows_read, streamed.merged) == (whole.rows_read, whole.merged)


@settings(max_examples=100, deadline=None)
@given(ids=st.lists(st.sampled_from(["E1", "E2", "E3", " E1", "", None]), max_size=8),
       dtype=st.sampled_from(["str", object]))
def test_distinct_ids_are_told_as_pandas_tells_repeats(ids: list[str | None], dtype: Any
                                                       ) -> None:
    series = pd.Series(ids, dtype=dtype)
    assert acled._all_distinct(series) == (not series.duplicated(keep=False).any())


# --- ACLED event types: answered once per distinct name -------------------------------------

def plain_event_types(checks: _validate.RowChecks, cols: dict[str, Any]) -> None:
    """The definition: each row's name case-folded and looked up (geomap before issue 17's
    seventh round)."""
    given = checks.required_text("event_type", "an ACLED event type")
    table = acled.acled_event_types()
    key = given.map(lambda v: v.casefold() if isinstance(v, str) else None).astype(object)
    mapped_type = key.map(lambda k: table[k][0] if k in table else None).astype(object)
    mapped_sub = key.map(lambda k: table[k][1] or None if k in table else None).astype(object)
    checks.reject((given.notna() & mapped_type.isna()).to_numpy(), "event_type", lambda v: (
        "expected one of the six ACLED event types (Battles, Explosions/Remote violence, "
        f"Violence against civilians, Protests, Riots, Strategic developments), got {v!r}"))
    rioters = (cols["inter1"] == 5) | (cols["inter2"] == 5)
    riot = (key == "riots/protests") & rioters.fillna(False)
    cols["event_type"] = mapped_type.mask(riot, "Riots").astype("str")
    cols["sub_event_type"] = cols["sub_event_type"].fillna(mapped_sub)


EVENT_TYPE_NAMES = st.one_of(st.none(), st.sampled_from(
    ["Battles", "battles", " BATTLES ", "Riots/Protests", "riots/protests", "Remote violence",
     "Non-violent activity", "Protests", "Battle", "", "  "]))


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(EVENT_TYPE_NAMES, st.sampled_from([None, 1, 5]),
                               st.sampled_from([None, 0, 5]),
                               st.sampled_from([None, "", "Armed clash"])), max_size=12))
def test_event_types_are_the_plain_ones(rows: list[tuple[Any, Any, Any, Any]]) -> None:
    names, inter1, inter2, subs = (list(values) for values in zip(*rows, strict=True)) if rows \
        else ([], [], [], [])
    frame = pd.DataFrame({"event_type": pd.Series(names, dtype="str"),
                          "sub_event_type": pd.Series(subs, dtype="str"),
                          "source_line": range(2, len(rows) + 2)})
    results = []
    for define in (acled._event_types, plain_event_types):
        checks = _validate.RowChecks("f.csv", frame.copy(), lambda *_: "")
        cols: dict[str, Any] = {"inter1": pd.Series(inter1, dtype="Int8"),
                                "inter2": pd.Series(inter2, dtype="Int8"),
                                "sub_event_type": checks.text("sub_event_type")}
        define(checks, cols)
        results.append((cols, checks.rejects, checks.bad.tolist()))
    (fast, fast_rejects, fast_bad), (plain, plain_rejects, plain_bad) = results
    for name in ("event_type", "sub_event_type"):
        # (the events table takes the columns by key: their series names do not reach it)
        pd.testing.assert_series_equal(fast[name], plain[name].astype("str"), check_names=False)
    assert (fast_rejects, fast_bad) == (plain_rejects, plain_bad)


# --- a table of place names: streamed and checked in chunks as the dataset readers are -------

TABLE_FAULTS = st.sampled_from(["ok", "ok", "ok", "newline", "nul", "padded", "blank", "short",
                                "unknown", "date", "repeat"])


def table_text(faults: list[str]) -> str:
    """A names table, one row per fault (``ok``: none)."""
    lines = ["id,date,location,country,notes"]
    for number, fault in enumerate(faults):
        place = {"unknown": "Atlantis", "padded": " Gao "}.get(fault,
                                                                ["Gao", "Kharkiv"][number % 2])
        notes = {"newline": '"over\ntwo lines"', "nul": "no\x00te"}.get(fault, f"note {number}")
        day = "2024-13-01" if fault == "date" else "2024-03-01"
        line = f"{'E0' if fault == 'repeat' else f'E{number}'},{day},{place},,{notes}"
        lines.append({"blank": "", "short": line.rsplit(",", 2)[0]}.get(fault, line))
    return "\n".join(lines) + "\n"


@settings(max_examples=25, deadline=None)
@given(faults=st.lists(TABLE_FAULTS, max_size=120), chunk_rows=st.integers(1, 40))
def test_read_table_events_streamed_is_read_whole(faults: list[str], chunk_rows: int,
                                                  tmp_path_factory: pytest.TempPathFactory
                                                  ) -> None:
    path = Path(tmp_path_factory.mktemp("table")) / "names.csv"
    path.write_text(table_text(faults), encoding="utf-8")
    results = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_csv, "_BLOCK_SIZE", 1 << 10)
        patch.setattr(tabular, "CHUNK_ROWS", chunk_rows)
        for read in (_stream.read_table_streamed, _csv.read_table):
            patch.setattr(tabular, "read_table_streamed", read)
            results.append(read_events(path, "csv", geocoder=CountingGeocoder()))
    streamed, whole = results
    pd.testing.assert_frame_equal(streamed.frame, whole.frame)
    assert (streamed.rejects, streamed.warnings) == (whole.rejects, whole.warnings)
    assert (streamed.rows_read, streamed.geocoded) == (whole.rows_read, whole.geocoded)
