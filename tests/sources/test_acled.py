"""ACLED reader: every export generation, any column order, monadic vs dyadic counting."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geomap.errors import FormatError
from geomap.model import EVENT_COLUMNS
from geomap.precision import DatePrecision, Precision
from geomap.sources.acled import read_acled
from geomap.sources.read import read_events
from tests.sources._fixtures import (
    ACLED_CURRENT,
    BASE_EVENTS,
    acled_row,
    monadic_rows,
    write_acled,
    write_csv,
)

GENERATIONS = ["current", "2019", "2015", "2024"]


def check_invariant(result) -> None:
    assert result.rows_read == result.rows_accepted + result.rows_rejected + result.merged


@pytest.mark.parametrize("generation", GENERATIONS)
def test_every_generation_reads_the_same_events(tmp_path: Path, generation: str) -> None:
    result = read_events(write_acled(tmp_path / "a.csv", generation))
    check_invariant(result)
    frame = result.frame
    assert list(frame.columns) == [*EVENT_COLUMNS, "source_line"]
    assert result.format == "acled" and not result.rejects
    assert list(frame["event_id"]) == ["MLI1001", "UKR2002", "NIG3003"]
    assert list(frame["iso"]) == ["ML", "UA", "NE"]
    assert list(frame["event_date"]) == [pd.Timestamp("2018-10-27"),
                                         pd.Timestamp("2022-03-01"),
                                         pd.Timestamp("2020-08-14")]
    assert list(frame["event_type"]) == ["Battles", "Explosions/Remote violence", "Protests"]
    assert list(frame["latitude"]) == [16.2717, 49.9935, 13.5128]
    assert list(frame["longitude"]) == [-0.0447, 36.2304, 2.1128]
    assert list(frame["geo_precision"]) == [Precision.EXACT, Precision.NEAR, Precision.ADM1]
    assert list(frame["geo_precision_code"]) == ["1", "2", "3"]
    assert list(frame["time_precision"]) == [DatePrecision.DAY, DatePrecision.WEEK,
                                             DatePrecision.MONTH]
    assert list(frame["inter1"]) == [1, 8, 6]
    assert list(frame["interaction"]) == [12, 78, 60]
    assert list(frame["fatalities"]) == [4, 0, 0]
    assert frame["dataset"].eq("acled").all()
    # the quoted notes hold a newline: the next row's line accounts for it
    assert list(frame["source_line"]) == [2, 4, 5]
    assert frame["notes"].iloc[0] == 'Clash near "Gao";\nsecond line of notes.'


def test_old_taxonomy_gets_current_types_and_sub_types(tmp_path: Path) -> None:
    frame = read_acled(write_acled(tmp_path / "a.csv", "2015")).frame
    assert frame["sub_event_type"].iloc[0] == "Armed clash"
    assert frame["assoc_actor_1"].isna().all()


def test_old_riots_protests_with_rioters_become_riots(tmp_path: Path) -> None:
    event = {**BASE_EVENTS[2], "inter1": 5, "actor1": "Rioters (Niger)"}
    frame = read_acled(write_acled(tmp_path / "a.csv", "2015", [event])).frame
    assert list(frame["event_type"]) == ["Riots"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_column_order(tmp_path: Path, seed: int) -> None:
    plain = read_acled(write_acled(tmp_path / "a.csv")).frame
    shuffled = read_acled(write_acled(tmp_path / "b.csv", shuffle=seed)).frame
    pd.testing.assert_frame_equal(plain.drop(columns="source_line"),
                                  shuffled.drop(columns="source_line"))


def test_monadic_export_counts_each_event_once_and_merges_actors(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "monadic.csv", ACLED_CURRENT, monadic_rows())
    result = read_events(path)
    check_invariant(result)
    assert result.rows_read == 5 and result.rows_accepted == 3 and result.merged == 2
    frame = result.frame.set_index("event_id")
    assert frame.loc["MLI1001", "actor1"] == BASE_EVENTS[0]["actor1"]
    assert frame.loc["MLI1001", "actor2"] == BASE_EVENTS[0]["actor2"]
    assert frame.loc["MLI1001", "inter2"] == 2
    assert frame.loc["NIG3003", "actor2"] is None or pd.isna(frame.loc["NIG3003", "actor2"])
    assert frame["fatalities"].sum() == 4  # not doubled


def test_dyadic_duplicate_id_with_other_data_is_rejected_naming_both_lines(
        tmp_path: Path) -> None:
    rows = [acled_row(e, "current") for e in BASE_EVENTS]
    clash = {**rows[0], "fatalities": 40, "notes": ""}
    path = write_csv(tmp_path / "dup.csv", ACLED_CURRENT, [*rows, clash])
    result = read_events(path)
    check_invariant(result)
    assert result.rows_accepted == 3 and result.merged == 0
    (reject,) = result.rejects
    assert reject.line == 6 and reject.field == "event_id"
    assert "MLI1001" in reject.reason and "line 2" in reject.reason


def test_missing_columns_name_the_file_and_what_was_found(tmp_path: Path) -> None:
    header = [c for c in ACLED_CURRENT if c not in ("latitude", "geo_precision")]
    rows = [acled_row(e, "current") for e in BASE_EVENTS]
    path = write_csv(tmp_path / "nolat.csv", header, rows)
    with pytest.raises(FormatError) as info:
        read_acled(path)
    message = str(info.value)
    assert "nolat.csv" in message and "latitude" in message and "geo_precision" in message
    assert "event_id_cnty" in message  # lists the columns found


def test_bad_codes_are_rejected_with_expected_and_got(tmp_path: Path) -> None:
    rows = [acled_row(e, "current") for e in BASE_EVENTS]
    rows[0]["geo_precision"] = 7
    rows[1]["event_type"] = "Parade"
    rows[2]["time_precision"] = "x"
    result = read_acled(write_csv(tmp_path / "codes.csv", ACLED_CURRENT, rows))
    check_invariant(result)
    assert result.rows_accepted == 0
    reasons = {r.field: r.reason for r in result.rejects}
    assert "expected one of 1, 2, 3, got '7'" in reasons["geo_precision"]
    assert "'Parade'" in reasons["event_type"] and "Battles" in reasons["event_type"]
    assert "got 'x'" in reasons["time_precision"]


def test_an_iso_code_of_non_ascii_digits_falls_back_to_the_country(tmp_path: Path) -> None:
    rows = [acled_row(e, "current") for e in BASE_EVENTS]
    rows[0]["iso"] = "\u00b2"  # '²': a digit to str.isdigit, no number to int()
    result = read_acled(write_csv(tmp_path / "iso.csv", ACLED_CURRENT, rows))
    check_invariant(result)
    plain = read_acled(write_acled(tmp_path / "plain.csv"))
    assert result.rows_accepted == len(rows)
    assert list(result.frame["iso"]) == list(plain.frame["iso"])  # from the country's name


def test_read_result_reports_encoding_and_delimiter(tmp_path: Path) -> None:
    result = read_acled(write_acled(tmp_path / "a.csv", delimiter="\t"))
    assert result.extra == {"encoding": "utf-8", "delimiter": "\t"}
    assert result.rows_accepted == 3


@pytest.mark.parametrize(("value", "warned"), [
    ("99999", True), ("1e10", True), ("inf", True), ("-5", True), ("78.6", True),
    ("79", True), ("78", False), ("State forces-Civilians", False)])
def test_an_interaction_that_is_no_code_is_named_never_wrapped(tmp_path: Path, value: str,
                                                               warned: bool) -> None:
    """Before: interaction 99999 became -31073 (a 16-bit number wrapped), 1e10 and inf
    became 0, without a word. A number that is no ACLED interaction code (two digits
    0-8) is named in the warnings and the code is taken from inter1 and inter2, as for
    the text 2024+ exports write."""
    rows = [acled_row(e, "current") for e in BASE_EVENTS]
    rows[1]["interaction"] = value
    path = write_csv(tmp_path / "acled.csv", ACLED_CURRENT, rows)
    result = read_events(path)
    assert result.rows_accepted == 3 and not result.rejects
    assert result.frame["interaction"].iloc[1] == 78
    warnings = [w for w in result.warnings if w.field == "interaction"]
    assert [(w.line, value in w.reason) for w in warnings] == ([(4, True)] if warned else [])


def test_an_actor_category_geomap_does_not_know_is_named(tmp_path: Path) -> None:
    """Before: inter1 'Rebel grup' or '-1' became missing without a word."""
    rows = [acled_row(e, "current") for e in BASE_EVENTS]
    rows[0]["inter1"], rows[1]["inter2"] = "Rebel grup", "-1"
    result = read_events(write_csv(tmp_path / "acled.csv", ACLED_CURRENT, rows))
    assert result.rows_accepted == 3
    named = sorted((w.line, w.field, w.reason.split("got ")[1][:12]) for w in result.warnings
                   if w.field in ("inter1", "inter2"))
    assert named == [(2, "inter1", "'Rebel grup'"), (4, "inter2", "'-1'; kept t")]


def test_a_blank_geo_precision_is_read_as_the_least_precise_with_a_warning(
        tmp_path: Path) -> None:
    # an analyst's export with one blank cell keeps its event: drawn as ACLED's largest
    # area (3, a province's centre), never as an exact point, and named in the warnings
    rows = [acled_row(e, "current") for e in BASE_EVENTS]
    rows[1]["geo_precision"] = ""
    rows[2]["geo_precision"] = "  "
    result = read_acled(write_csv(tmp_path / "blank.csv", ACLED_CURRENT, rows))
    check_invariant(result)
    assert result.rows_accepted == 3 and result.rejects == []
    frame = result.frame
    assert list(frame["geo_precision"]) == [int(Precision.EXACT), *[int(Precision.ADM1)] * 2]
    assert list(frame["geo_precision_code"]) == ["1", "3", "3"]
    told = [w for w in result.warnings if w.field == "geo_precision"]
    assert [w.line for w in told] == list(frame["source_line"].iloc[1:])
    assert "got a blank" in told[0].reason and "read as 3" in told[0].reason


def test_a_blank_time_precision_is_read_as_the_month_with_a_warning(tmp_path: Path) -> None:
    # as a blank geo_precision: the row keeps its event, dated to its month (ACLED's widest
    # span, never to the day the cell left unsaid), and named in the warnings; "x" rejects
    rows = [acled_row(e, "current") for e in BASE_EVENTS]
    rows[0]["time_precision"] = ""
    rows[2]["time_precision"] = "x"
    result = read_acled(write_csv(tmp_path / "blank_time.csv", ACLED_CURRENT, rows))
    check_invariant(result)
    assert result.rows_accepted == 2
    frame = result.frame
    first = int(frame["source_line"].iloc[0])
    assert [r.field for r in result.rejects] == ["time_precision"]
    assert result.rejects[0].line > int(frame["source_line"].iloc[1])  # the third row's
    assert frame["time_precision"].iloc[0] == DatePrecision.MONTH
    assert frame["time_precision_code"].iloc[0] == "3"
    told = [w for w in result.warnings if w.field == "time_precision"]
    assert [w.line for w in told] == [first]
    assert "got a blank" in told[0].reason and "read as 3" in told[0].reason


def test_a_country_other_than_the_code_s_is_named_in_the_warnings(tmp_path: Path) -> None:
    # a hand-edited export: a row coded 562 (Niger) whose country says Mali was mapped in
    # Niger without a word, its province counted in Niger and the map's note silent
    rows = [acled_row(e, "current") for e in BASE_EVENTS]
    niger = next(i for i, row in enumerate(rows) if str(row["iso"]) == "562")
    rows[niger]["country"] = "Mali"
    result = read_acled(write_csv(tmp_path / "edited.csv", ACLED_CURRENT, rows))
    check_invariant(result)
    assert result.rows_accepted == len(rows)
    assert result.frame["iso"].iloc[niger] == "NE"
    (told,) = [w for w in result.warnings if w.field == "country"]
    assert told.line == result.frame["source_line"].iloc[niger]
    assert "code '562' (NE), got 'Mali' (ML)" in told.reason
    plain = read_acled(write_acled(tmp_path / "plain.csv"))
    assert not [w for w in plain.warnings if w.field == "country"]
