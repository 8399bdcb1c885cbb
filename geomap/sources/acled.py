"""ACLED CSV exports of every generation -> an events table.

Handles: any column order and case (old exports are upper-case); ``sub_event_type``
present or not; ids ``event_id_cnty`` (preferred), ``data_id``, ``id`` or
``event_id_no_cnty``; ``iso`` as ISO numeric (mapped to alpha-2 via
``geomap/data/iso_numeric.csv``), ``iso3`` or only ``country``; old event types mapped to
the six current ones (``geomap/data/acled_event_types.csv``; the old combined
"Riots/Protests" becomes Riots when an actor is a rioter, else Protests); ``inter1/2`` as
codes or (2024+) category names; dates such as ``27 October 2018``, ``2012-03-01`` and
``14/08/2020 00:00:00`` (day first).

Monadic (actor-based) exports repeat an event once per actor. Rows that share an
``event_id_cnty`` and agree on date, type, coordinates and fatalities are one event:
counted once, their actors merged (first two as actor1/actor2, the rest appended to
``assoc_actor_2``), the repeats counted in ``ReadResult.merged``. Rows that share an id but
disagree are duplicate ids: the later one is rejected, naming the first one's line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.precision import ACLED_GEO_PRECISION, ACLED_TIME_PRECISION, DatePrecision
from geomap.refdata.codes import acled_event_types, acled_inter_codes, column_aliases
from geomap.refdata.countries import country_code_named
from geomap.sources._csv import RawTable
from geomap.sources._dataset import dataset_result, validate_tables
from geomap.sources._stream import read_table_streamed
from geomap.sources._validate import (
    RowChecks,
    alpha2_from,
    code_lookup,
    distinct_answers,
    empty_table,
    events_table,
    map_unique,
    map_unique_text,
    reject_duplicates,
    texts_taken,
    to_float,
)
from geomap.sources.report import ReadResult, Reject

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd

ID_COLUMNS = ("event_id_cnty", "data_id", "id", "event_id_no_cnty")
REQUIRED = ("event_date", "event_type", "latitude", "longitude", "geo_precision")
#: Fields that must agree for repeated rows to be one event of a monadic export.
SAME_EVENT = ("event_date", "event_type", "latitude", "longitude", "fatalities")
#: The reading of a blank ``geo_precision``: the largest area ACLED codes (a region whose
#: provincial capital or natural feature stands in).
LEAST_PRECISE_GEO = max(ACLED_GEO_PRECISION)
#: The reading of a blank ``time_precision``: the widest span ACLED codes (the month).
LEAST_PRECISE_TIME = max(ACLED_TIME_PRECISION)


def read_acled(path: str | Path, *, chunk_rows: int = 250_000) -> ReadResult:
    """Read an ACLED CSV export.

    Parameters
    ----------
    path
        The CSV file (any ACLED generation, dyadic or monadic).
    chunk_rows
        Rows validated at a time (bounds memory on million-row files).

    Returns
    -------
    ReadResult
        ``frame`` has ``EVENT_COLUMNS`` + ``source_line``; ``rows_read ==
        rows_accepted + rows_rejected + merged``.

    Raises
    ------
    FormatError
        Empty or undelimited file, or required columns missing.
    """
    raw = read_table_streamed(path)
    renames = acled_columns(raw)
    frame, rejects, warnings = validate_tables([(raw, renames)], _normalise, chunk_rows,
                                               "acled", unique_ids=False)
    frame, merged, repeat_rejects = merge_repeats(frame, raw.file)
    return dataset_result(path, "acled", raw, frame, rejects + repeat_rejects, warnings,
                          merged=merged)


def acled_columns(raw: RawTable) -> dict[str, str]:
    """Map the file's columns to geomap's, or raise FormatError naming what is missing."""
    aliases = column_aliases("acled")
    renames = {c: aliases[c] for c in raw.columns if c in aliases}
    renames.pop("event_id_cnty", None)
    id_column = next((c for c in ID_COLUMNS if c in raw.columns), None)
    if id_column is not None:
        renames[id_column] = "event_id"
    present = set(renames.values()) | set(raw.columns)
    missing = [c for c in REQUIRED if c not in present]
    if id_column is None:
        missing.append(" or ".join(ID_COLUMNS))
    if not ({"country", "iso", "iso3"} & present):
        missing.append("country or iso")
    if missing:
        raise raw.lacks(missing, "ACLED", "an")
    return renames


def _normalise(checks: RowChecks) -> pd.DataFrame:
    """Validate one chunk and build its events table (rejected rows still present)."""
    iso_text = checks.text("iso") if "iso" in checks.frame.columns else checks.text("iso3")
    cols: dict[str, Any] = {
        name: checks.text(name)
        for name in ("sub_event_type", "actor1", "actor2", "assoc_actor_1", "assoc_actor_2",
                     "country", "admin1", "admin2", "admin3", "location", "notes", "source",
                     "source_scale")
    }
    cols["event_id"] = checks.required_text("event_id", "an event id")
    cols["event_date"] = checks.dates("event_date")
    cols["iso"] = alpha2_from(iso_text, cols["country"])
    _country_and_code_disagree(checks, iso_text, cols["country"], cols["iso"])
    cols["inter1"], cols["inter2"] = _inter(checks, "inter1"), _inter(checks, "inter2")
    cols["interaction"] = _interaction(checks, cols["inter1"], cols["inter2"])
    _event_types(checks, cols)
    _precisions(checks, cols)
    cols["fatalities"] = checks.integers("fatalities", minimum=0)
    cols["latitude"], cols["longitude"] = checks.coordinates(cols["iso"])
    cols["source_line"] = checks.frame["source_line"]
    return events_table(cols, checks.frame.index, "acled")


def _country_and_code_disagree(checks: RowChecks, iso_text: pd.Series, country: pd.Series,
                               iso: pd.Series) -> None:
    """A row whose ``country`` names another country than its code (a hand-edited export:
    "Mali" on a row coded 562, Niger) keeps the code, as ACLED's maps do, and is named in
    the warnings: the map cannot tell which of the two was meant."""
    named = map_unique_text(country, country_code_named)
    both = (named.notna() & iso.notna()).to_numpy(dtype=bool)
    differ = both.copy()
    differ[both] = (named[both] != iso[both]).to_numpy(dtype=bool)
    checks.warn(differ, "country", lambda i: (
        f"expected the country of code {iso_text.iloc[i]!r} ({iso.iloc[i]}), got "
        f"{country.iloc[i]!r} ({named.iloc[i]}); the code is used: check the row"))


def _event_types(checks: RowChecks, cols: dict[str, Any]) -> None:
    """Event and sub-event types from the table of every generation's names, answered once
    per distinct name and taken to the rows as pyarrow text."""
    import numpy as np

    given = checks.required_text("event_type", "an ACLED event type")
    table = acled_event_types()
    codes, keys = distinct_answers(given, lambda v: v.casefold() if isinstance(v, str) else None)
    known = [table.get(key) if key is not None else None for key in keys]
    unknown = (codes >= 0) & np.array([entry is None for entry in known])[codes]
    checks.reject(unknown, "event_type", lambda v: (
        "expected one of the six ACLED event types (Battles, Explosions/Remote violence, "
        f"Violence against civilians, Protests, Riots, Strategic developments), got {v!r}"))
    rioters = ((cols["inter1"] == 5) | (cols["inter2"] == 5)).fillna(False).to_numpy(dtype=bool)
    combined = np.array([key == "riots/protests" for key in keys])[codes]
    types = [entry[0] if entry else None for entry in known]
    type_codes = np.where(combined & rioters, len(types), codes % len(types))
    cols["event_type"] = texts_taken([*types, "Riots"], type_codes, given.index)
    subs = texts_taken([entry[1] or None if entry else None for entry in known],
                       codes % len(known), given.index)
    cols["sub_event_type"] = cols["sub_event_type"].fillna(subs)


def _blank_as_least(checks: RowChecks, field: str, allowed: Mapping[int, Any], least: int,
                    meaning: str) -> pd.Series:
    """The field's codes, a blank cell read as ``least`` (a blank claims nothing, so it is
    read as the least precise level, never as an exact point or day) and named in the
    warnings; a value that is no code stays missing, for the caller to reject."""
    codes = checks.integers(field, allowed=allowed)
    blank = codes.isna() & checks.text(field).isna()
    checks.warn(blank.to_numpy(), field, lambda i: (
        f"expected 1, 2 or 3, got a blank; read as {least} ({meaning}), the least precise: "
        "check the row"))
    return codes.mask(blank, least)


def _precisions(checks: RowChecks, cols: dict[str, Any]) -> None:
    geo = _blank_as_least(checks, "geo_precision", ACLED_GEO_PRECISION, LEAST_PRECISE_GEO,
                          "a larger region, its marker at the centre")
    checks.reject(geo.isna().to_numpy(), "geo_precision",
                  lambda v: f"expected 1, 2 or 3, got {v!r}", checks.text("geo_precision"))
    cols["geo_precision_code"] = geo.astype("str")
    cols["geo_precision"] = code_lookup(geo, ACLED_GEO_PRECISION)
    if "time_precision" in checks.frame.columns:
        when = _blank_as_least(checks, "time_precision", ACLED_TIME_PRECISION,
                               LEAST_PRECISE_TIME, "some day of the date's month")
        checks.reject(when.isna().to_numpy(), "time_precision",
                      lambda v: f"expected 1, 2 or 3, got {v!r}", checks.text("time_precision"))
        cols["time_precision_code"] = when.astype("str")
        cols["time_precision"] = code_lookup(when, ACLED_TIME_PRECISION)
    else:
        cols["time_precision"] = int(DatePrecision.DAY)


def _inter(checks: RowChecks, column: str) -> pd.Series:
    """Actor category codes 0-8, from digits or (2024+ exports) category names."""

    names = acled_inter_codes()

    def code(value: Any) -> float | None:
        if not isinstance(value, str):
            return None
        text = value.strip()
        return float(text) if text.isdigit() else names.get(text.casefold())

    given = checks.text(column)
    codes = map_unique(given, code).astype("float64")
    codes = codes.where((codes >= 0) & (codes <= 8) & (codes == codes.round()))
    unknown = (given.notna() & codes.isna()).to_numpy(dtype=bool)
    checks.warn(unknown, column, lambda i: (
        f"expected an actor category code 0-8 or its name (State forces, Rebel group, "
        f"Political militia, Identity militia, Rioters, Protesters, Civilians, External/Other "
        f"forces), got {given.iloc[i]!r}; kept the row without it"))
    return codes.astype("Float64").astype("Int8")


def _interaction(checks: RowChecks, inter1: pd.Series, inter2: pd.Series) -> pd.Series:
    """ACLED's two-digit interaction code; derived from inter1/inter2 when not numeric, or
    when a number that is no such code (with a warning naming it)."""

    text = checks.text("interaction")
    given = to_float(text)
    low = inter1.where(inter2.isna() | (inter2 == 0) | (inter1 <= inter2), inter2)
    high = inter2.where(inter2.isna() | (inter1 <= inter2), inter1).fillna(0)
    derived = low.astype("Int16") * 10 + high.astype("Int16")
    # two digits 0-8: 99999 wrapped to -31073 as a 16-bit number, 1e10 and inf became 0
    code = given.where((given >= 0) & (given <= 88) & (given == given.round())
                       & (given % 10 <= 8))
    wrong = (given.notna() & code.isna()).to_numpy(dtype=bool)
    underived = derived.isna().to_numpy(dtype=bool)
    checks.warn(wrong, "interaction", lambda i: (
        f"expected ACLED's interaction code (two digits 0-8, as 78), got {text.iloc[i]!r}; "
        + ("kept the row without it" if underived[i]
           else f"took {derived.iloc[i]} from inter1 and inter2")))
    return code.astype("Float64").astype("Int16").fillna(derived)


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    import pandas as pd

    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else empty_table("acled")


def merge_repeats(frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, int, list[Reject]]:
    """Merge monadic repeats of one event; reject conflicting duplicate ids.

    Returns the frame, the number of rows merged away, and the rejects.
    """
    if _all_distinct(frame["event_id"]):
        return frame, 0, []  # the usual case, told by hashing the ids once in pyarrow
    repeated = frame.duplicated("event_id", keep=False)
    group = frame.loc[repeated].sort_values("source_line", kind="stable")
    first = group.groupby("event_id", sort=False)[list(SAME_EVENT)].transform("first")
    same = (group[list(SAME_EVENT)].eq(first) | (group[list(SAME_EVENT)].isna()
                                                  & first.isna())).all(axis=1)
    conflicting = group.loc[~same]
    kept, rejects = reject_duplicates(
        _concat([group.loc[same].drop_duplicates("event_id"), conflicting]), file)
    kept = kept.sort_values("source_line", kind="stable")
    repeats = group.loc[same]
    merged = len(repeats) - repeats["event_id"].nunique()
    kept = _merge_actors(kept, repeats)
    out = _concat([frame.loc[~repeated], kept]).sort_values("source_line", kind="stable")
    return out.reset_index(drop=True), merged, rejects


def _all_distinct(ids: pd.Series) -> bool:
    """Whether no two of ``ids`` are equal (a missing id counts as a value)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(ids, type=pa.large_string(), from_pandas=True)
    return len(pc.unique(array)) == len(array)


def _merge_actors(kept: pd.DataFrame, repeats: pd.DataFrame) -> pd.DataFrame:
    """Give each merged event the distinct actors of its repeated rows, in file order."""
    import pandas as pd

    if repeats.empty:
        return kept
    long = pd.concat([
        repeats[["event_id", "source_line", "actor1", "inter1"]].set_axis(
            ["event_id", "source_line", "actor", "inter"], axis=1).assign(side=0),
        repeats[["event_id", "source_line", "actor2", "inter2"]].set_axis(
            ["event_id", "source_line", "actor", "inter"], axis=1).assign(side=1),
    ]).dropna(subset=["actor"]).sort_values(["source_line", "side"], kind="stable")
    long = long.drop_duplicates(["event_id", "actor"])
    long["rank"] = long.groupby("event_id", sort=False).cumcount()
    merged = kept.set_index("event_id")
    for rank, actor, inter in ((0, "actor1", "inter1"), (1, "actor2", "inter2")):
        part = long.loc[long["rank"] == rank].set_index("event_id")
        ids = part.index.intersection(merged.index)
        merged.loc[ids, actor] = part.loc[ids, "actor"].astype("str")
        merged.loc[ids, inter] = part.loc[ids, "inter"].astype("Int8")
    extra = long.loc[long["rank"] >= 2].groupby("event_id", sort=False)["actor"].agg("; ".join)
    if len(extra):
        base = merged.loc[extra.index, "assoc_actor_2"]
        merged.loc[extra.index, "assoc_actor_2"] = (base + "; " + extra).fillna(extra)
    return merged.reset_index()[kept.columns]
