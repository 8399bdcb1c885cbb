"""UCDP GED (Georeferenced Event Dataset) CSV -> an events table.

Mapping (UCDP -> geomap):

- ``id`` -> event_id; ``date_start``/``date_end`` -> event_date/date_end;
  ``date_prec`` 1-5 -> time_precision (same scale; code kept in time_precision_code);
- ``side_a``/``side_b`` -> actor1/actor2; ``country`` -> country and iso (by name, the
  parenthesised former names stripped: "DR Congo (Zaire)");
- ``where_prec`` 1-7 -> geo_precision (same scale); ``adm_1``/``adm_2`` -> admin1/admin2;
  ``where_coordinates`` -> location;
- ``best``/``low``/``high`` -> fatalities/fatalities_low/fatalities_high;
- ``type_of_violence`` -> event_type via ``geomap/data/ucdp_violence_types.csv``:
  1 state-based and 2 non-state conflict -> Battles, 3 one-sided violence ->
  Violence against civilians (the UCDP name is kept as sub_event_type);
- ``source_article`` -> source, ``source_headline`` -> notes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.precision import UCDP_DATE_PREC, UCDP_WHERE_PREC
from geomap.refdata.codes import column_aliases, ucdp_violence_types
from geomap.refdata.countries import country_code_named
from geomap.sources._csv import RawTable, read_table
from geomap.sources._dataset import dataset_result, validate_tables
from geomap.sources._validate import (
    RowChecks,
    alpha2_from,
    events_table,
    map_unique,
)
from geomap.sources.repeats import merge_within
from geomap.sources.report import ReadResult

if TYPE_CHECKING:
    import pandas as pd

REQUIRED = ("id", "date_start", "type_of_violence", "latitude", "longitude", "where_prec",
            "date_prec", "country")
_FORMER_NAME = re.compile(r"\s*\([^)]*\)\s*$")


def read_ucdp(path: str | Path, *, chunk_rows: int = 250_000) -> ReadResult:
    """Read a UCDP GED CSV export.

    Parameters
    ----------
    path
        The CSV file.
    chunk_rows
        Rows validated at a time.

    Returns
    -------
    ReadResult
        ``frame`` with ``EVENT_COLUMNS`` + ``source_line``; rows_read == accepted +
        rejected.

    Raises
    ------
    FormatError
        Empty or undelimited file, or required columns missing.
    """
    raw = read_table(path)
    _check_columns(raw)
    renames = {c: a for c, a in column_aliases("ucdp").items() if c in raw.columns}
    frame, rejects, warnings = validate_tables([(raw, renames)], _normalise, chunk_rows, "ucdp",
                                              unique_ids=False)
    frame, merged, repeated, merges = merge_within(frame, raw.file)
    return dataset_result(path, "ucdp", raw, frame, rejects + repeated, warnings + merges,
                          merged=merged)


def _check_columns(raw: RawTable) -> None:
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        raise raw.lacks(missing, "UCDP GED")


def _normalise(checks: RowChecks) -> pd.DataFrame:
    cols: dict[str, Any] = {
        name: checks.text(name)
        for name in ("actor1", "actor2", "country", "admin1", "admin2", "location", "notes",
                     "source")
    }
    cols["event_id"] = checks.required_text("event_id", "an event id")
    cols["event_date"] = checks.dates("event_date")
    cols["date_end"] = checks.dates("date_end", required=False)
    before = (cols["date_end"] < cols["event_date"]).fillna(False).to_numpy(dtype=bool)
    checks.reject(before, "date_end", lambda v: f"expected date_end on or after date_start, "
                  f"got {v!r}")
    no_codes = checks.text("iso")  # GED has no ISO column: country_id is Gleditsch-Ward
    cols["iso"] = alpha2_from(no_codes, _plain_names(cols["country"]))
    _violence(checks, cols)
    _precisions(checks, cols)
    _deaths(checks, cols)
    cols["latitude"], cols["longitude"] = checks.coordinates(cols["iso"])
    cols["source_line"] = checks.frame["source_line"]
    return events_table(cols, checks.frame.index, "ucdp")


def _plain_names(country: pd.Series) -> pd.Series:
    """"DR Congo (Zaire)" -> the name itself if known, else without the former name."""
    def plain(name: Any) -> str | None:
        if not isinstance(name, str):
            return None
        return name if country_code_named(name) else _FORMER_NAME.sub("", name)

    return map_unique(country, plain)


def _violence(checks: RowChecks, cols: dict[str, Any]) -> None:
    table = ucdp_violence_types()
    kind = checks.integers("type_of_violence", allowed=table)
    checks.reject(kind.isna().to_numpy(), "type_of_violence",
                  lambda v: f"expected 1, 2 or 3, got {v!r}", checks.text("type_of_violence"))
    cols["event_type"] = map_unique(kind, {k: v[0] for k, v in table.items()})
    cols["sub_event_type"] = map_unique(kind, {k: v[1] for k, v in table.items()})


def _precisions(checks: RowChecks, cols: dict[str, Any]) -> None:
    where = checks.integers("where_prec", allowed=UCDP_WHERE_PREC)
    checks.reject(where.isna().to_numpy(), "where_prec",
                  lambda v: f"expected 1-7, got {v!r}", checks.text("where_prec"))
    when = checks.integers("date_prec", allowed=UCDP_DATE_PREC)
    checks.reject(when.isna().to_numpy(), "date_prec",
                  lambda v: f"expected 1-5, got {v!r}", checks.text("date_prec"))
    cols["geo_precision"] = where.fillna(0).astype("int8")
    cols["geo_precision_code"] = where.astype("str")
    cols["time_precision"] = when.fillna(0).astype("int8")
    cols["time_precision_code"] = when.astype("str")


def _deaths(checks: RowChecks, cols: dict[str, Any]) -> None:
    cols["fatalities"] = checks.integers("best", minimum=0)
    cols["fatalities_low"] = checks.integers("low", minimum=0)
    cols["fatalities_high"] = checks.integers("high", minimum=0)
    low, best, high = cols["fatalities_low"], cols["fatalities"], cols["fatalities_high"]
    disordered = ((low > best) | (best > high)).fillna(False).to_numpy(dtype=bool)
    checks.warn(disordered, "best", lambda i: (
        f"expected low <= best <= high, got {low.iloc[i]}, {best.iloc[i]}, {high.iloc[i]}"))
