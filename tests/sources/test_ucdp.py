"""UCDP GED reader: sides, precisions, date ranges, death estimates, violence types."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geomap.errors import FormatError
from geomap.precision import DatePrecision, Precision
from geomap.sources.read import read_events
from geomap.sources.ucdp import read_ucdp
from tests.sources._fixtures import UCDP_COLUMNS, ucdp_rows, write_csv, write_ucdp


def test_ucdp_rows_map_onto_event_columns(tmp_path: Path) -> None:
    result = read_events(write_ucdp(tmp_path / "ged.csv"))
    assert result.format == "ucdp" and not result.rejects
    assert result.rows_read == result.rows_accepted == 3
    frame = result.frame
    assert list(frame["event_id"]) == ["244657", "244658", "244659"]
    assert list(frame["actor1"]) == ["Government of Mali", "ADF", "DPR"]
    assert list(frame["actor2"]) == ["JNIM", "Civilians", "LPR"]
    assert list(frame["iso"]) == ["ML", "CD", "UA"]
    assert list(frame["event_type"]) == ["Battles", "Violence against civilians", "Battles"]
    assert list(frame["sub_event_type"]) == ["State-based conflict", "One-sided violence",
                                             "Non-state conflict"]
    assert list(frame["geo_precision"]) == [Precision.EXACT, Precision.ADM1, Precision.COUNTRY]
    assert list(frame["time_precision"]) == [DatePrecision.DAY, DatePrecision.MONTH,
                                             DatePrecision.YEAR]
    assert list(frame["geo_precision_code"]) == ["1", "4", "6"]
    assert list(frame["event_date"]) == [pd.Timestamp("2019-03-01"),
                                         pd.Timestamp("2019-05-01"), pd.Timestamp("2022-01-01")]
    assert list(frame["date_end"]) == [pd.Timestamp("2019-03-01"),
                                       pd.Timestamp("2019-05-31"), pd.Timestamp("2022-12-31")]
    assert list(frame["fatalities"]) == [5, 12, 0]
    assert list(frame["fatalities_low"]) == [5, 10, 0]
    assert list(frame["fatalities_high"]) == [7, 15, 0]
    assert list(frame["latitude"]) == [16.2717, -0.7264, 49.0]
    assert list(frame["longitude"]) == [-0.0447, 29.2378, 32.0]
    assert frame["admin1"].iloc[0] == "Gao region" and frame["location"].iloc[0] == "Gao town"
    assert frame["dataset"].eq("ucdp").all()


def test_ucdp_bad_rows_are_rejected_and_counted(tmp_path: Path) -> None:
    rows = ucdp_rows()
    rows[0]["where_prec"] = 9
    rows[1]["date_end"] = "2019-04-01"  # before date_start
    rows[2]["type_of_violence"] = 4
    extra = {**ucdp_rows()[0], "id": 244660, "best": -1}
    duplicate = {**ucdp_rows()[0]}
    result = read_ucdp(write_csv(tmp_path / "bad.csv", UCDP_COLUMNS, [*rows, extra,
                                                                      duplicate]))
    assert result.rows_read == 5 and result.rows_accepted == 1 and result.rows_rejected == 4
    by_line = {r.line: r for r in result.rejects}
    assert by_line[2].field == "where_prec" and "got '9'" in by_line[2].reason
    assert by_line[3].field == "date_end"
    assert by_line[4].field == "type_of_violence"
    assert by_line[5].field == "best" and ">= 0" in by_line[5].reason
    # line 6 repeats line 2's id, but line 2 was rejected: line 6 is the one kept
    assert list(result.frame["source_line"]) == [6]


def test_ucdp_duplicate_id_names_both_lines(tmp_path: Path) -> None:
    rows = ucdp_rows()
    revised = {**rows[1], "best": 99, "high": 120}  # the same id, other fatalities
    result = read_ucdp(write_csv(tmp_path / "dup.csv", UCDP_COLUMNS, [*rows, revised]))
    (reject,) = result.rejects
    assert reject.line == 5 and reject.field == "event_id"
    assert "'244658'" in reject.reason and "line 3" in reject.reason
    assert result.rows_read == 4 == result.rows_accepted + result.rows_rejected


def test_an_exact_duplicate_ucdp_row_is_merged_as_an_acled_one_is(tmp_path: Path) -> None:
    # one rule for every dataset, within a file as across files: the same id with the
    # same date, type, place and fatalities is one event, counted once and named
    rows = ucdp_rows()
    result = read_ucdp(write_csv(tmp_path / "dup.csv", UCDP_COLUMNS, [*rows, rows[1]]))
    assert (result.rows_read, result.rows_accepted, result.rows_rejected,
            result.merged) == (4, 3, 0, 1)
    assert result.rejects == []
    (told,) = [w for w in result.warnings if w.field == "event_id"]
    assert told.line == 5 and "'244658' is also on line 3 with the same" in told.reason


def test_ucdp_disordered_estimates_warn(tmp_path: Path) -> None:
    rows = ucdp_rows()
    rows[0].update(low=9, best=5, high=7)
    result = read_ucdp(write_csv(tmp_path / "est.csv", UCDP_COLUMNS, rows))
    assert result.rows_accepted == 3
    assert any("low <= best <= high" in w.reason for w in result.warnings)


def test_ucdp_missing_columns(tmp_path: Path) -> None:
    header = [c for c in UCDP_COLUMNS if c not in ("where_prec", "best")]
    path = write_csv(tmp_path / "cut.csv", header, ucdp_rows())
    with pytest.raises(FormatError, match=r"cut\.csv.*where_prec"):
        read_ucdp(path)
