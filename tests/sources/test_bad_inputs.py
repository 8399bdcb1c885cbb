"""The bad-input corpus: each case gets a clear message naming file, line and field; the
valid rows still go through; rejected rows are counted."""

from __future__ import annotations

import codecs
from datetime import date, timedelta
from pathlib import Path

import pytest

from geomap.errors import FormatError, GeomapError
from geomap.model import EVENT_COLUMNS
from geomap.sources import _csv
from geomap.sources.read import read_events
from tests.sources._fixtures import ACLED_CURRENT, BASE_EVENTS, acled_row, write_acled, write_csv


def rows() -> list[dict]:
    return [acled_row(e, "current") for e in BASE_EVENTS]


def read(path: Path):
    result = read_events(path, "acled")
    assert result.rows_read == result.rows_accepted + result.rows_rejected + result.merged
    return result


def only_reject(result, field: str | None):
    (reject,) = result.rejects
    assert reject.field == field
    assert reject.file.endswith(".csv")
    return reject


def test_truncated_last_line(tmp_path: Path) -> None:
    path = write_acled(tmp_path / "cut.csv")
    text = path.read_bytes()
    path.write_bytes(text + b"MLI9,2019-01-01,2019,1,Political violence,Bat")
    result = read(path)
    assert result.rows_accepted == 3
    reject = only_reject(result, None)
    assert reject.line == 6 and "expected 31 fields, got 6 (truncated last line?)" in reject.reason


def test_truncated_inside_a_quoted_field(tmp_path: Path) -> None:
    path = write_acled(tmp_path / "cutq.csv")
    path.write_bytes(path.read_bytes() + b'MLI9,2019-01-01,2019,1,x,Battles,a,"unfinished no')
    result = read(path)
    assert result.rows_accepted == 3 and result.rows_rejected == 1
    assert result.rejects[0].line == 6


def test_semicolon_delimiter_is_sniffed(tmp_path: Path) -> None:
    result = read(write_acled(tmp_path / "semi.csv", delimiter=";"))
    assert result.rows_accepted == 3 and not result.rejects


def test_wrong_delimiter_is_a_clear_format_error(tmp_path: Path) -> None:
    path = tmp_path / "colon.csv"
    path.write_text(":".join(ACLED_CURRENT) + "\n" + ":".join("x" * 31) + "\n")
    with pytest.raises(FormatError) as info:
        read_events(path, "acled")
    message = str(info.value)
    assert "colon.csv:1" in message and "one column" in message and "delimiter" in message


def test_utf8_bom(tmp_path: Path) -> None:
    result = read(write_acled(tmp_path / "bom.csv", encoding="utf-8-sig"))
    assert result.rows_accepted == 3 and result.frame["event_id"].iloc[0] == "MLI1001"


def test_utf16_with_bom(tmp_path: Path) -> None:
    result = read(write_acled(tmp_path / "u16.csv", encoding="utf-16"))
    assert result.rows_accepted == 3


def test_latin1_file_is_read_with_a_warning(tmp_path: Path) -> None:
    events = [{**BASE_EVENTS[0], "location": "Ségou", "admin1": "Ségou"}, *BASE_EVENTS[1:]]
    path = write_acled(tmp_path / "latin.csv", events=events, encoding="cp1252")
    result = read(path)
    assert result.frame["location"].iloc[0] == "Ségou"
    (warning,) = [w for w in result.warnings if "UTF-8" in w.reason]
    assert "cp1252" in warning.reason and warning.line == 2
    # the warnings file's row names the field and shows its bytes (it had neither)
    assert warning.field == "admin1" and warning.raw == "S\\xe9gou"


def test_the_encoding_warning_names_the_field_as_the_header_writes_it(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_bytes("Date,Town,Dead\n2024-01-02,Gao,1\n2024-01-03,Ségou,2\n".encode("cp1252"))
    (warning,) = _csv.open_table(path)[0].warnings
    assert (warning.line, warning.field, warning.raw) == (3, "Town", "S\\xe9gou")
    # in a value over two lines, found from the record's start
    path.write_bytes('Date,Town,Note\n2024-01-02,Gao,"one\ntwo é"\n'.encode("cp1252"))
    (warning,) = _csv.open_table(path)[0].warnings
    assert (warning.line, warning.field, warning.raw) == (3, "Note", "one\ntwo \\xe9")


def test_the_encoding_warning_names_the_field_that_is_not_utf8(tmp_path: Path) -> None:
    """A line with a field in UTF-8 before a field in cp1252 (a sheet pasted together from
    both) is decoded as cp1252; the warning named the first field beyond ASCII, the one
    that was valid UTF-8, and showed its bytes. It names the field whose bytes are not."""
    path = tmp_path / "sheet.csv"
    path.write_bytes(b"Date,Place,Town,Dead\n2024-01-02,Gao,Gao,1\n2024-01-03,"
                     + "Ménaka".encode() + b"," + "Ségou".encode("cp1252") + b",2\n")
    (warning,) = _csv.open_table(path)[0].warnings
    assert (warning.line, warning.field, warning.raw) == (3, "Town", "S\\xe9gou")

def test_mixed_encodings_decode_line_by_line(tmp_path: Path) -> None:
    path = write_acled(tmp_path / "mixed.csv", events=[
        {**BASE_EVENTS[0], "location": "Ménaka"}, *BASE_EVENTS[1:]])
    lines = path.read_bytes().split(b"\r\n")
    lines[2] = lines[2].replace(b"Kharkiv", "Khàrkiv".encode("cp1252"))
    path.write_bytes(b"\r\n".join(lines))
    result = read(path)
    assert list(result.frame["location"][:2]) == ["Ménaka", "Khàrkiv"]
    assert any("mixed UTF-8 and cp1252" in w.reason and w.line == 4 for w in result.warnings)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(FormatError, match=r"empty\.csv.*empty file"):
        read_events(path, "acled")
    with pytest.raises(FormatError, match="empty file"):
        read_events(path)


def test_header_only_file_reads_zero_rows(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "header.csv", ACLED_CURRENT, [])
    result = read(path)
    assert result.rows_read == 0 and result.rows_accepted == 0
    assert list(result.frame.columns) == [*EVENT_COLUMNS, "source_line"]


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "blob.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    with pytest.raises(FormatError, match="binary"):
        read_events(path, "acled")


@pytest.mark.parametrize(("lat", "lon", "field", "expected"), [
    ("nan", "-0.0447", "latitude", "expected a number in decimal degrees, got 'nan'"),
    ("", "-0.0447", "latitude", "got ''"),
    ("16.2717", "inf", "longitude", "expected a finite number, got 'inf'"),
    ("16.2717", "-1e400", "longitude", "expected a finite number"),
    ("95.5", "-0.0447", "latitude", "expected a latitude in [-90, 90], got 95.5"),
    ("16.2717", "200.25", "longitude", "expected a longitude in [-180, 180], got 200.25"),
    ("north", "-0.0447", "latitude", "got 'north'"),
])
def test_bad_coordinates(tmp_path: Path, lat: str, lon: str, field: str, expected: str) -> None:
    data = rows()
    data[0].update(latitude=lat, longitude=lon)
    result = read(write_csv(tmp_path / "coords.csv", ACLED_CURRENT, data))
    assert result.rows_accepted == 2
    reject = only_reject(result, field)
    assert reject.line == 2 and expected in reject.reason
    assert "MLI1001" in (reject.raw or "")


def test_swapped_coordinates_are_swapped_back_with_a_warning(tmp_path: Path) -> None:
    data = rows()
    data[1].update(latitude=36.2304, longitude=49.9935)  # Kharkiv, swapped: lands in Iran
    result = read(write_csv(tmp_path / "swap.csv", ACLED_CURRENT, data))
    assert result.rows_accepted == 3 and not result.rejects
    kharkiv = result.frame.set_index("event_id").loc["UKR2002"]
    assert (kharkiv["latitude"], kharkiv["longitude"]) == (49.9935, 36.2304)
    (warning,) = [w for w in result.warnings if "swapped" in w.reason]
    assert warning.line == 4 and "UA" in warning.reason


def test_a_swap_that_lands_in_the_country_s_box_but_not_in_it_is_no_swap(
        tmp_path: Path) -> None:
    """A point said to be in Ukraine whose swap lands in Ukraine's box but 280 km inside
    Russia is kept as given, with the outside-its-country warning: it was "swapped back"
    into Russia (a box holds its country's neighbours: DR Congo's, most of the Republic
    of the Congo, where a swapped Malian row landed)."""
    data = rows()
    data[1].update(latitude=39.5, longitude=51.5)
    result = read(write_csv(tmp_path / "noswap.csv", ACLED_CURRENT, data))
    row = result.frame.set_index("event_id").loc["UKR2002"]
    assert (row["latitude"], row["longitude"]) == (39.5, 51.5)
    assert not [w for w in result.warnings if "swapped" in w.reason]
    assert any("outside its bounding box" in w.reason and "UA" in w.reason
               for w in result.warnings)


def test_out_of_range_swap_that_does_not_land_in_the_country_is_rejected(
        tmp_path: Path) -> None:
    data = rows()
    data[0].update(latitude=-120.5, longitude=10.0)
    result = read(write_csv(tmp_path / "noswap.csv", ACLED_CURRENT, data))
    reject = only_reject(result, "latitude")
    assert "[-90, 90]" in reject.reason and result.rows_accepted == 2


def test_point_outside_its_country_is_kept_with_a_warning(tmp_path: Path) -> None:
    data = rows()
    data[0].update(latitude=48.85, longitude=2.35)  # Paris, said to be in Mali
    result = read(write_csv(tmp_path / "outside.csv", ACLED_CURRENT, data))
    assert result.rows_accepted == 3
    assert any("outside its bounding box" in w.reason and "ML" in w.reason
               for w in result.warnings)


@pytest.mark.parametrize(("value", "expected"), [
    ("31 February 2020", "expected a date like"),
    ("2020-13-01", "expected a date like"),
    ("1850-01-01", "expected a date after 1900-01-01"),
    ("yesterday", "got 'yesterday'"),
    ("", "got ''"),
])
def test_impossible_dates(tmp_path: Path, value: str, expected: str) -> None:
    data = rows()
    data[2]["event_date"] = value
    result = read(write_csv(tmp_path / "dates.csv", ACLED_CURRENT, data))
    reject = only_reject(result, "event_date")
    assert reject.line == 5 and expected in reject.reason and result.rows_accepted == 2


def test_future_dates(tmp_path: Path) -> None:
    data = rows()
    data[0]["event_date"] = (date.today() + timedelta(days=40)).isoformat()
    result = read(write_csv(tmp_path / "future.csv", ACLED_CURRENT, data))
    reject = only_reject(result, "event_date")
    assert "(today)" in reject.reason and reject.line == 2


def test_negative_and_fractional_fatalities(tmp_path: Path) -> None:
    data = rows()
    data[0]["fatalities"] = -3
    data[1]["fatalities"] = 2.5
    result = read(write_csv(tmp_path / "deaths.csv", ACLED_CURRENT, data))
    assert result.rows_accepted == 1
    reasons = {r.line: r.reason for r in result.rejects}
    assert "expected a number >= 0, got '-3'" in reasons[2]
    assert "expected a whole number, got '2.5'" in reasons[4]


def test_enormous_field_below_the_limit_is_read(tmp_path: Path) -> None:
    data = rows()
    data[1]["notes"] = "x" * 300_000  # over Python csv's default field size limit
    result = read(write_csv(tmp_path / "big.csv", ACLED_CURRENT, data))
    assert result.rows_accepted == 3 and len(result.frame["notes"].iloc[1]) == 300_000


def test_enormous_field_over_the_limit_is_rejected(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(_csv, "MAX_FIELD_CHARS", 50_000)
    data = rows()
    data[1]["notes"] = "y" * 60_000
    result = read(write_csv(tmp_path / "huge.csv", ACLED_CURRENT, data))
    reject = only_reject(result, "notes")
    assert reject.line == 4 and "60,000" in reject.reason and result.rows_accepted == 2


def test_field_larger_than_the_parser_block_falls_back(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(_csv, "_BLOCK_SIZE", 1 << 16)
    data = rows()
    data[1]["notes"] = "z\n" * 100_000
    result = read(write_csv(tmp_path / "block.csv", ACLED_CURRENT, data))
    assert result.rows_accepted == 3
    assert list(result.frame["source_line"]) == [2, 4, 100_005]


def test_blank_lines_are_skipped_and_lines_stay_physical(tmp_path: Path) -> None:
    path = write_acled(tmp_path / "blank.csv")
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join([*lines[:3], b"", b"", *lines[3:]]))
    result = read(path)
    assert list(result.frame["source_line"]) == [2, 4, 7]
    assert any("blank" in w.reason for w in result.warnings)


def test_too_many_fields(tmp_path: Path) -> None:
    path = write_acled(tmp_path / "wide.csv")
    path.write_bytes(path.read_bytes() + b",".join([b"x"] * 33) + b"\r\n")
    result = read(path)
    reject = only_reject(result, None)
    assert reject.line == 6 and "expected 31 fields, got 33" in reject.reason


def test_every_error_is_a_geomap_error(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("only one column\n")
    with pytest.raises(GeomapError):
        read_events(path, "ucdp")
    assert issubclass(FormatError, ValueError)
    assert codecs  # imported for the encodings above


def test_latin1_bytes_inside_a_truncated_last_line(tmp_path: Path) -> None:
    path = write_acled(tmp_path / "cutlatin.csv")
    path.write_bytes(path.read_bytes() + "MLI9,Ségou,x".encode("cp1252"))
    result = read(path)
    assert result.rows_accepted == 3
    reject = only_reject(result, None)
    assert reject.line == 6 and reject.raw == "MLI9,Ségou,x"
    assert any("cp1252" in w.reason for w in result.warnings)


def test_decimal_commas_in_a_semicolon_export(tmp_path: Path) -> None:
    data = rows()
    data[0].update(latitude="16,2717", longitude="-0,0447", fatalities="1,000")
    result = read(write_csv(tmp_path / "euro.csv", ACLED_CURRENT, data, delimiter=";"))
    assert result.rows_accepted == 2  # the count "1,000" is not guessed at
    reject = only_reject(result, "fatalities")
    assert "'1,000'" in reject.reason
    data[0]["fatalities"] = 4
    result = read(write_csv(tmp_path / "euro2.csv", ACLED_CURRENT, data, delimiter=";"))
    frame = result.frame
    assert (frame["latitude"].iloc[0], frame["longitude"].iloc[0]) == (16.2717, -0.0447)


def test_a_wholly_bad_file_still_names_every_line(tmp_path: Path, monkeypatch) -> None:
    from geomap.sources import _validate

    monkeypatch.setattr(_validate, "RAW_BUDGET", 2)
    data = [{**rows()[0], "event_id_cnty": f"X{i}", "event_date": "never"} for i in range(5)]
    result = read(write_csv(tmp_path / "allbad.csv", ACLED_CURRENT, data))
    assert result.rows_accepted == 0 and result.rows_rejected == 5
    assert [r.line for r in result.rejects] == [2, 4, 6, 8, 10]
    assert [r.raw is not None for r in result.rejects] == [True, True, False, False, False]


def test_broken_utf16(tmp_path: Path) -> None:
    path = tmp_path / "u16bad.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + "a,b\n".encode("utf-16-le") + b"\x00\xd8")
    with pytest.raises(FormatError, match="UTF-16"):
        read_events(path, "acled")


# --- broken quotes, NUL bytes and wide encodings (issue 15 items 10 and 11) --------------


def nineteen_rows(tmp_path: Path, name: str, plain_notes: bool = True) -> list[str]:
    """19 ACLED rows as physical lines (header first); rows ids X0..X18."""
    data = []
    for i in range(19):
        row = {**acled_row(BASE_EVENTS[i % 3], "current"), "event_id_cnty": f"X{i}"}
        if plain_notes:
            row["notes"] = f"plain note {i}"
        data.append(row)
    path = write_csv(tmp_path / name, ACLED_CURRENT, data)
    return path.read_bytes().decode().split("\r\n")


def test_unclosed_quote_rejects_its_row_and_the_rest_is_read(tmp_path: Path) -> None:
    lines = nineteen_rows(tmp_path, "quote.csv")
    lines[2] = lines[2].replace(",Kharkiv,", ',"Kharkiv,', 1)  # row 2 of 19, in admin1
    path = tmp_path / "quote.csv"
    path.write_bytes("\r\n".join(lines).encode())
    result = read(path)
    assert result.rows_read == 19 and result.rows_accepted == 18
    reject = only_reject(result, "admin1")
    assert reject.line == 3
    assert "expected a closing quote" in reject.reason and "resumes on line 4" in reject.reason
    assert "opens in field 19" in reject.reason and reject.raw.startswith("X1,")
    assert list(result.frame["event_id"]) == [f"X{i}" for i in range(19) if i != 1]


def test_a_bare_carriage_return_beside_a_stray_quote_is_a_line_end(tmp_path: Path) -> None:
    """Before: a row holding a bare ``\\r`` (an old Mac line end among ``\\r\\n`` ones), in
    a file the record-by-record reader takes over for a stray quote, was a csv
    "new-line character seen in unquoted field" traceback from ``geomap build``. It is a
    line end, as pyarrow reads it: the row is cut in two, each half rejected by its line."""
    lines = nineteen_rows(tmp_path, "cr.csv")
    lines[2] = lines[2].replace(",Kharkiv,", ',"Kharkiv,', 1)  # row 2 of 19: a stray quote
    lines[6] = lines[6].replace("plain note 5", "plain note 5\rcut here", 1)
    path = tmp_path / "cr.csv"
    path.write_bytes("\r\n".join(lines).encode())
    result = read(path)
    assert (result.rows_read, result.rows_accepted) == (20, 17)
    assert [(r.line, r.field) for r in result.rejects] == [(3, "admin1"), (7, None), (8, None)]
    assert result.rejects[1].raw.endswith(",plain note 5")
    assert result.rejects[2].raw.startswith("cut here,")
    assert list(result.frame["event_id"]) == [f"X{i}" for i in range(19) if i not in (1, 5)]


def test_unclosed_quote_before_other_quoted_fields(tmp_path: Path) -> None:
    """Real notes are quoted (and hold newlines): the stray quote pairs with theirs."""
    lines = nineteen_rows(tmp_path, "quotes.csv", plain_notes=False)
    lines[2] = lines[2].replace(",Kharkiv,", ',"Kharkiv,', 1)
    path = tmp_path / "quotes.csv"
    path.write_bytes("\r\n".join(lines).encode())
    result = read(path)
    assert result.rows_accepted == 18 and result.rows_rejected == 1
    assert list(result.frame["event_id"]) == [f"X{i}" for i in range(19) if i != 1]
    assert result.frame["notes"].str.contains("second line of notes").sum() == 7  # X0, X3..


def test_a_quote_that_swallows_whole_rows_is_caught_even_when_the_width_fits(
        tmp_path: Path) -> None:
    """A stray quote in the last column closed by a quote in the same column 8 rows later
    gives one row of the right width that holds 7 others: they must not vanish."""
    lines = nineteen_rows(tmp_path, "swallow.csv")
    lines[2] = lines[2].removesuffix("1618528142") + '"1618528142'
    lines[10] = lines[10].removesuffix("1618528142") + '"1618528142"'
    path = tmp_path / "swallow.csv"
    path.write_bytes("\r\n".join(lines).encode())
    result = read(path)
    assert result.rows_read == 19 and result.rows_accepted == 18
    assert only_reject(result, "timestamp").line == 3


def test_a_legitimate_multiline_field_is_not_a_broken_quote(tmp_path: Path) -> None:
    data = rows()
    data[1]["notes"] = "line one\nline two, with a comma\n\"quoted\" line three"
    result = read(write_csv(tmp_path / "multi.csv", ACLED_CURRENT, data))
    assert result.rows_accepted == 3 and not result.rejects
    assert result.frame["notes"].iloc[1] == data[1]["notes"]


@pytest.mark.parametrize("at", [2, 150])
def test_a_nul_byte_rejects_its_row_wherever_it_is(tmp_path: Path, at: int) -> None:
    data = [{**acled_row(BASE_EVENTS[i % 3], "current"), "event_id_cnty": f"X{i}",
             "notes": "n"} for i in range(200)]
    data[at - 2]["actor1"] = "Army\x00(Mali)"
    result = read(write_csv(tmp_path / f"nul{at}.csv", ACLED_CURRENT, data))
    assert result.rows_read == 200 and result.rows_accepted == 199
    reject = only_reject(result, "actor1")
    assert reject.line == at and "NUL byte" in reject.reason and "'Army\\x00(Mali)'" in (
        reject.reason)


def test_a_nul_byte_in_the_header_is_not_a_table(tmp_path: Path) -> None:
    path = tmp_path / "nulhead.csv"
    path.write_bytes(b"event_id_cnty,event\x00_date\nX,1\n")
    with pytest.raises(FormatError):
        read_events(path, "acled")


def test_a_nul_byte_in_an_optional_column_name_is_named(tmp_path: Path) -> None:
    """Before: a header ``no\\x00tes`` was read as an unknown column, and every row's notes
    were left out without a word."""
    path = write_acled(tmp_path / "plain.csv")
    text = path.read_bytes()
    assert text.count(b",notes,") == 1
    path.write_bytes(text.replace(b",notes,", b",no\x00tes,", 1))
    with pytest.raises(FormatError) as caught:
        read(path)
    message = str(caught.value)
    assert "NUL byte" in message and "'no\\x00tes'" in message and ":1:" in message


def test_utf32_with_its_mark_is_read(tmp_path: Path) -> None:
    for encoding in ("utf-32", "utf-32-be"):
        path = tmp_path / f"{encoding}.csv"
        text = write_acled(tmp_path / "plain.csv").read_bytes().decode()
        mark = codecs.BOM_UTF32_BE if encoding.endswith("be") else b""
        path.write_bytes(mark + text.encode(encoding))
        assert read_events(path).format == "acled"
        result = read(path)
        assert result.rows_accepted == 3 and result.extra["encoding"] == "utf-32"


@pytest.mark.parametrize(("encoding", "named"), [
    ("utf-32-le", "UTF-32-LE text without a byte-order mark"),
    ("utf-32-be", "UTF-32-BE text without a byte-order mark"),
    ("utf-16-le", "UTF-16-LE text without a byte-order mark"),
    ("utf-16-be", "UTF-16-BE text without a byte-order mark"),
])
def test_wide_text_without_its_mark_is_named(tmp_path: Path, encoding: str, named: str) -> None:
    path = tmp_path / "wide.csv"
    path.write_bytes(write_acled(tmp_path / "plain.csv").read_bytes().decode().encode(encoding))
    for fmt in ("auto", "acled"):
        with pytest.raises(FormatError, match=named) as info:
            read_events(path, fmt)
        assert "wide.csv" in str(info.value) and "UTF-8" in str(info.value)


@pytest.mark.parametrize(("data", "named"), [
    (b"\x1f\x8b\x08\x00" + bytes(range(256)), "gzip"),
    (b"PK\x03\x04" + bytes(range(256)), "xlsx"),
    (b"%PDF-1.7\n" + bytes(range(256)), "PDF"),
], ids=["gzip", "xlsx", "pdf"])
def test_other_files_are_named(tmp_path: Path, data: bytes, named: str) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    for fmt in ("auto", "acled", "csv"):
        with pytest.raises(FormatError, match=named):
            read_events(path, fmt)


@pytest.mark.parametrize("value", ["1e100", str(10**30), "9223372036854775808"])
def test_counts_beyond_what_a_map_shows_are_rejected_by_what_they_are(tmp_path: Path,
                                                                      value: str) -> None:
    """1e100 was rejected as "expected a number >= 0" (the 64-bit integer wrapped)."""
    data = rows()
    data[0]["fatalities"] = value
    reject = only_reject(read(write_csv(tmp_path / "deaths.csv", ACLED_CURRENT, data)),
                         "fatalities")
    assert reject.line == 2
    assert reject.reason == f"expected a whole number of at most 9007199254740991, got {value!r}"


@pytest.mark.parametrize("fmt", ["auto", "acled", "ucdp", "gdelt", "csv", "geojson", "gpkg",
                                 "scenario", "article"])
def test_an_endless_device_is_refused_by_every_reader(fmt: str) -> None:
    """/dev/zero made the scenario and article readers read until MemoryError."""
    with pytest.raises(FormatError, match="expected a regular file, got a character device"):
        read_events("/dev/zero", fmt)


def test_a_pipe_or_a_folder_is_refused(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(FormatError, match="got a pipe"):
        read_events(tmp_path / "pipe")  # would block: nothing writes to it
    with pytest.raises(FormatError, match="got a folder"):
        read_events(tmp_path)


def test_values_that_spell_missing_are_kept_as_text(tmp_path: Path) -> None:
    """nan, NaT and <NA> in ACLED text fields are what the source wrote (issue 15 item 8)."""
    data = rows()
    data[0].update(notes="nan", actor2="NaT", location="<NA>", admin2="NA")
    result = read(write_csv(tmp_path / "spelled.csv", ACLED_CURRENT, data))
    assert result.rows_accepted == 3 and not result.rejects
    first = result.frame.iloc[0]
    assert (first["notes"], first["actor2"], first["location"], first["admin2"]) == (
        "nan", "NaT", "<NA>", "NA")


def test_the_summary_counts_in_the_right_number(tmp_path: Path) -> None:
    one = read(write_csv(tmp_path / "one.csv", ACLED_CURRENT, rows()[:1]))
    assert one.summary().endswith("one.csv: 1 row read, 1 accepted, 0 rejected")
    three = read(write_csv(tmp_path / "three.csv", ACLED_CURRENT, rows()))
    assert three.summary().endswith("three.csv: 3 rows read, 3 accepted, 0 rejected")


@pytest.mark.parametrize("fmt", ["auto", "acled", "csv"])
def test_a_column_named_twice_is_refused_naming_both(tmp_path: Path, fmt: str) -> None:
    """`notes` twice: the first (an admin2 column renamed by mistake) was read and the real
    notes dropped, silently; `Latitude` and `latitude` the same."""
    plain = write_acled(tmp_path / "plain.csv").read_text(encoding="utf-8")
    header, _, body = plain.partition("\n")
    for twice, renamed in (("notes", "notes"), ("latitude", "Latitude")):
        columns = header.split(",")
        columns[columns.index("admin2")] = renamed
        path = tmp_path / f"{twice}.csv"
        path.write_text(",".join(columns) + "\n" + body, encoding="utf-8")
        with pytest.raises(FormatError) as info:
            read_events(path, fmt)
        message = str(info.value)
        first, second = sorted([columns.index(renamed), header.split(",").index(twice)])
        assert message.startswith(f"{path}:1: field {twice!r}: expected each column name "
                                  f"once, got {twice!r} in columns {first + 1} ")
        assert f" and {second + 1} " in message


def test_unnamed_columns_may_repeat(tmp_path: Path) -> None:
    """Trailing empty header cells (a spreadsheet's habit) are not names."""
    plain = write_acled(tmp_path / "plain.csv", events=BASE_EVENTS[:2])
    path = tmp_path / "trailing.csv"
    path.write_text("".join(line.rstrip("\n") + ",,\n" for line in
                            plain.read_text(encoding="utf-8").splitlines(keepends=True)),
                    encoding="utf-8")
    result = read_events(path, "acled")
    assert not result.rejects and result.rows_accepted == 2


@pytest.mark.parametrize("fmt", ["auto", "acled", "ucdp", "csv"])
def test_a_header_of_many_columns_is_shown_in_part(tmp_path: Path, fmt: str) -> None:
    """The message listed every column: 100,000 made a 2 MB error line, printed twice."""
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(100_000)) + "\n" + "1," * 99_999 + "1\n",
                    encoding="utf-8")
    with pytest.raises(FormatError) as info:
        read_events(path, fmt)
    message = str(info.value)
    assert len(message) < 2_000, len(message)
    assert "(100,000 columns in all)" in message and "--input-format" in message


@pytest.mark.parametrize("fmt", ["acled", "csv"])
def test_a_first_line_longer_than_the_head_is_named_not_cut(tmp_path: Path, fmt: str) -> None:
    """The header was read from the first 1 MiB and cut there without a word: 3 million
    columns were refused as naming 'c14496' twice (the cut 'c144960'); one 50 MB name
    was "got one column" of a line holding a comma."""
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(300_000)) + "\n1\n", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        read_events(path, fmt)
    assert "expected a first line of at most 1,048,576 bytes, got a longer one" in str(
        info.value) and info.value.line == 1
    assert "twice" not in str(info.value) and "c14496" not in str(info.value)
    path.write_text("event_id_cnty," + "x" * 2_000_000 + "\n1,2\n", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        read_events(path, fmt)
    assert "got a longer one starting 'event_id_cnty,xxx" in str(info.value)


@pytest.mark.parametrize("fmt", ["acled", "csv"])
def test_a_header_name_with_a_line_break_is_named(tmp_path: Path, fmt: str) -> None:
    """A spreadsheet's header cell with a line break ('"no\ntes"'): the header was read as
    its first line, and every row rejected as "expected 28 fields, got 31" (or "got 4")."""
    path = write_acled(tmp_path / "acled.csv")
    path.write_text(path.read_text(encoding="utf-8").replace("notes", '"no\ntes"', 1),
                    encoding="utf-8")
    with pytest.raises(FormatError) as info:
        read_events(path, fmt)
    assert "expected the header on one line, got a quoted name in column 28 that runs past " \
        "the line end ('no')" in str(info.value) and info.value.line == 1


def test_rejects_name_each_field_as_the_file_does(tmp_path: Path) -> None:
    """A reader renames the file's columns to geomap's; its rejects named geomap's:
    UCDP's bad ``date_start`` was "field 'event_date'", a table's ``lat`` was
    'latitude', GDELT's ``ActionGeo_Lat`` was 'latitude': columns no file has. A
    repeated id is 'event_id' whichever column held it, as across files."""
    from tests.sources._fixtures import ucdp_rows, write_gdelt, write_ucdp

    ucdp = ucdp_rows()
    ucdp[1]["date_start"] = "0000-00-00"
    ucdp[2]["latitude"] = "91"
    result = read_events(write_ucdp(tmp_path / "ged.csv", ucdp), "ucdp")
    assert [(r.line, r.field) for r in result.rejects] == [(3, "date_start"), (4, "latitude")]
    table = tmp_path / "table.csv"
    table.write_text("id,day,lat,lon,place\n1,2024-01-01,16.3,-0.04,Gao\n"
                     "2,yesterday,16.3,-0.04,Gao\n3,2024-01-02,95,-0.04,Gao\n"
                     "1,2024-01-03,16.3,-0.04,Gao\n", encoding="utf-8")
    result = read_events(table, "csv")
    assert [(r.line, r.field) for r in result.rejects] == [
        (3, "day"), (4, "lat"), (5, "event_id")]
    gdelt = write_gdelt(tmp_path / "events.tsv", 58, [
        {}, {"GLOBALEVENTID": "830000002", "ActionGeo_Lat": "95"},
        {"GLOBALEVENTID": "830000003", "ActionGeo_Long": "nan", "SQLDATE": "20190302"}])
    result = read_events(gdelt, "gdelt")
    assert sorted((r.line, r.field) for r in result.rejects) == [
        (2, "ActionGeo_Lat"), (3, "ActionGeo_Long")]
    assert result.rows_accepted == 1


def test_rows_of_another_delimiter_than_the_header_say_so(tmp_path: Path) -> None:
    """A ','-separated header over ';'-separated rows (two exports pasted together) was
    "expected 31 fields, got 1" for every row, with no word of why."""
    plain = [dict(r, notes="One line.") for r in rows()]
    path = write_csv(tmp_path / "semi.csv", ACLED_CURRENT, plain, delimiter=";")
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([",".join(ACLED_CURRENT), *lines[1:]]) + "\n", encoding="utf-8")
    result = read(path)
    assert result.rows_accepted == 0 and len(result.rejects) == 3
    assert all(r.reason == "expected 31 fields, got 1 (the row splits into 31 fields at ';': "
               "the header is ','-separated; export header and rows alike)"
               for r in result.rejects), result.rejects
