"""GDELT 1.0 and 2.0 event exports (tab-separated, no header) -> an events table.

Layouts, told apart by the number of fields of each row: 57 (1.0 back files before April
2013), 58 (1.0 daily files: + SOURCEURL), 61 (2.0: + an ADM2Code in each of the three geo
blocks). One file may mix them (back-file rows pasted before daily ones): every row is
read with the layout of its own width; rows of any other width are rejected naming the
three layouts. The event is placed at its ``ActionGeo``:

- ``ActionGeo_Type`` -> geo_precision with :data:`geomap.precision.GDELT_GEO_TYPE`:
  1 country and 2 US state / 5 world ADM1 are centroids (COUNTRY / ADM1, never points);
  3 US city and 4 world city are places. Type 0 (no location) rejects the row.
- ``ActionGeo_CountryCode`` is FIPS 10-4: mapped to ISO alpha-2 with
  ``geomap/data/fips_to_iso.csv``.
- ``EventBaseCode``/``EventRootCode`` (CAMEO) -> an ACLED-like event type with
  ``geomap/data/gdelt_cameo.csv`` (base code first, then root; 14 protest -> Protests,
  145 -> Riots, 18 assault and 20 mass violence -> Violence against civilians,
  19 fight -> Battles, 183/194/195 bombings, artillery, air strikes ->
  Explosions/Remote violence, 01-13 and 15-17 -> Strategic developments); the CAMEO
  label becomes sub_event_type.

GDELT counts reports, not events: rows that repeat the same day, CAMEO code, actors and
place are merged into the first (``ReadResult.merged``) and its notes say how many
reports there were and list the other reports' sources (the event's ``source_url`` is the
first report's). Pass ``dedupe=False`` to keep every report.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap._text import INVISIBLE_CHARACTERS
from geomap.precision import GDELT_GEO_TYPE, DatePrecision
from geomap.refdata.codes import cameo_event_types
from geomap.refdata.countries import alpha2_to_name, fips_to_alpha2
from geomap.sources._csv import RawTable, read_table
from geomap.sources._dataset import dataset_result, validate_tables
from geomap.sources._validate import (
    RowChecks,
    code_lookup,
    empty_table,
    events_table,
    map_unique,
)
from geomap.sources.repeats import merge_within
from geomap.sources.report import ReadResult

if TYPE_CHECKING:
    import pandas as pd

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_EVENT = ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
          "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
#: Each accepted number of fields, and its layout.
LAYOUTS = {57: "GDELT 1.0 before April 2013", 58: "GDELT 1.0", 61: "GDELT 2.0"}
#: The event's place, checked as coordinates (and named as GDELT names it in rejects).
_PLACE = {"ActionGeo_Lat": "latitude", "ActionGeo_Long": "longitude"}
#: The most other sources an event's notes list (then "and N more").
OTHER_SOURCES = 5
_REPORT_KEY = ("event_date", "EventCode", "Actor1Code", "Actor2Code", "ActionGeo_FeatureID",
               "latitude", "longitude")


def gdelt_columns(width: int) -> list[str]:
    """GDELT's column names for a layout of ``width`` (57, 58 or 61) fields."""
    geo = ["Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID"]
    if width == 61:
        geo.insert(4, "ADM2Code")
    names = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    names += [f"Actor{n}{f}" for n in (1, 2) for f in _ACTOR] + list(_EVENT)
    names += [f"{block}Geo_{f}" for block in ("Actor1", "Actor2", "Action") for f in geo]
    names += ["DATEADDED", "SOURCEURL"]
    return names[:width]


def read_gdelt(path: str | Path, *, dedupe: bool = True, chunk_rows: int = 250_000
               ) -> ReadResult:
    """Read a GDELT 1.0 or 2.0 events export.

    Parameters
    ----------
    path
        The tab-separated file (no header row).
    dedupe
        Merge rows that report the same event (see the module docs).
    chunk_rows
        Rows validated at a time.

    Returns
    -------
    ReadResult
        ``rows_read == rows_accepted + rows_rejected + merged``.

    Raises
    ------
    FormatError
        A file none of whose first lines has 57, 58 or 61 fields.
    """
    raw = read_table(path, header=False, quoting=False, widths=LAYOUTS)
    tables = []
    for table in (raw, *raw.variants):  # variants carry no rejects of their own
        _skip_header_row(table)
        table.columns = gdelt_columns(len(table.columns))  # a headerless file's names
        table.table = table.table.rename_columns(table.columns)
        tables.append((table, _PLACE))
    frame, rejects, warnings = validate_tables(tables, _normalise, chunk_rows, "gdelt",
                                               unique_ids=False)
    frame, merged, repeated, merges = merge_within(frame, raw.file)
    rejects, warnings = rejects + repeated, warnings + merges
    frame = frame if len(frame) else _empty()
    if dedupe:
        frame, reports = _merge_reports(frame)
        merged += reports
    frame = frame.drop(columns=[c for c in frame.columns if c.startswith("_")])
    return dataset_result(path, "gdelt", raw, frame, rejects, warnings,
                          merged=merged, layouts=_widths(raw))


def _widths(raw: RawTable) -> dict[int, int]:
    """Rows read per layout width."""
    tables = (raw, *raw.variants)
    return {len(t.columns): t.table.num_rows for t in tables if t.table.num_rows}


def _skip_header_row(raw: RawTable) -> None:
    """Files saved with GDELT's column names as a first row: drop that row."""
    if raw.table.num_rows and raw.lines[0] == 1:
        first = raw.table.column(0)[0].as_py()
        if isinstance(first, str) and first.strip().casefold() == "globaleventid":
            raw.table = raw.table.slice(1)
            raw.lines = raw.lines[1:]
            raw.rows_read -= 1


def _empty() -> pd.DataFrame:
    frame = empty_table("gdelt")
    for name in ("EventCode", "Actor1Code", "Actor2Code", "ActionGeo_FeatureID"):
        frame["_" + name] = frame["event_id"]
    return frame


def _normalise(checks: RowChecks) -> pd.DataFrame:
    frame = checks.frame
    cols: dict[str, Any] = {
        "event_id": checks.required_text("GLOBALEVENTID", "a GLOBALEVENTID"),
        "actor1": checks.text("Actor1Name"),
        "actor2": checks.text("Actor2Name"),
        "location": checks.text("ActionGeo_FullName"),
        "source_url": checks.text("SOURCEURL"),
        "source": "GDELT",
        "time_precision": int(DatePrecision.DAY),
        "event_date": checks.dates("SQLDATE"),
    }
    type_text = checks.text("ActionGeo_Type")
    checks.reject(type_text.isin(["", "0"]).to_numpy() | type_text.isna().to_numpy(),
                  "ActionGeo_Type", lambda v: f"expected an event location (ActionGeo_Type "
                  f"1-5), got {v!r}: GDELT found no place for this event", type_text)
    geo_type = checks.integers("ActionGeo_Type", allowed=GDELT_GEO_TYPE)
    cols["geo_precision"] = code_lookup(geo_type, GDELT_GEO_TYPE)
    cols["geo_precision_code"] = geo_type.astype("str")
    fips = checks.text("ActionGeo_CountryCode")
    cols["iso"] = map_unique(fips, fips_to_alpha2()).astype("str")
    cols["country"] = map_unique(cols["iso"], alpha2_to_name()).astype("str")
    _event_types(checks, cols)
    cols["latitude"], cols["longitude"] = checks.coordinates(cols["iso"])
    cols["source_line"] = frame["source_line"]
    out = events_table(cols, frame.index, "gdelt")
    for name in ("EventCode", "Actor1Code", "Actor2Code", "ActionGeo_FeatureID"):
        out["_" + name] = checks.text(name)
    out["notes"] = "CAMEO " + checks.text("EventCode").fillna("?")
    return out


def _event_types(checks: RowChecks, cols: dict[str, Any]) -> None:
    table = cameo_event_types()

    def code(value: Any, width: int) -> tuple[str, str] | None:
        return table.get(value.strip().zfill(width)) if isinstance(value, str) else None

    root = checks.text("EventRootCode")
    by_base = map_unique(checks.text("EventBaseCode"), lambda v: code(v, 3))
    by_root = map_unique(root, lambda v: code(v, 2))
    pairs = by_base.where(by_base.notna(), by_root)
    checks.reject(pairs.isna().to_numpy(), "EventRootCode",
                  lambda v: f"expected a CAMEO root code 01-20, got {v!r}", root)
    cols["event_type"] = pairs.map(lambda p: p[0] if p else None)
    cols["sub_event_type"] = pairs.map(lambda p: p[1] if p else None)


def _merge_reports(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Keep the first report of each event; say in its notes how many there were and
    which other sources reported it (the kept row's ``source_url`` is the first's)."""
    key = [c if c in frame.columns else "_" + c for c in _REPORT_KEY]
    if not frame.index.is_unique:  # rows are told apart by their index below
        frame = frame.reset_index(drop=True)
    groups = frame.groupby(key, dropna=False, sort=False)
    reports = groups["event_id"].transform("size")
    first = ~frame.duplicated(key, keep="first")
    kept = frame.loc[first].copy()
    counts = reports.loc[first]
    several = counts > 1
    if several.any():
        kept.loc[several, "notes"] = (kept.loc[several, "notes"] + "; "
                                      + counts[several].astype(str) + " reports"
                                      + _other_sources(frame, groups.ngroup(), first,
                                                       reports > 1).reindex(
                                          kept.index[several.to_numpy()], fill_value=""))
    return kept, int((~first).sum())


#: What a URL never holds unencoded and a list of them must not show as it is: spaces and
#: other whitespace (a URL with ", " or " and 400 more" forged the list), controls, and
#: the marks that show nothing or turn text around (an override in one URL turned the
#: notes after it around: they are one text on the map).
_NOT_IN_A_URL = ("[\\s\\x00-\\x20\\x7f-\\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
                 f"{INVISIBLE_CHARACTERS}\u061c\u180e]")  # spaces by name: RE2's \s is ASCII


def _percent_encoded(m: re.Match[str]) -> str:
    return "".join(f"%{b:02X}" for b in m.group().encode("utf-8"))


def _other_sources(frame: pd.DataFrame, number: pd.Series, first: pd.Series,
                   repeated: pd.Series) -> pd.Series:
    """"; also URL, URL": for the first row of each event of several reports (by index),
    the sources of its other reports, each once, other than the first report's (the
    event's own ``source_url``), at most ``OTHER_SOURCES`` and then how many more. Made
    column by column: a Python call per event cost 36 s on a million rows."""
    import pandas as pd

    urls = frame.loc[repeated, "source_url"]
    table = pd.DataFrame({"event": number[repeated], "url": urls,
                          "row": frame.index[repeated.to_numpy()]})
    own = table.loc[first[repeated].to_numpy()].set_index("event")
    table = table[table["url"].notna() & table["url"].ne("")]
    table = table[table["url"].ne(table["event"].map(own["url"]))]
    table = table.drop_duplicates(["event", "url"])
    if table.empty:
        return pd.Series("", index=own["row"].to_numpy(), dtype=object)
    place = table.groupby("event", sort=False).cumcount()
    total = table.groupby("event", sort=False)["url"].size()
    listed = table[place < OTHER_SOURCES]
    shown = listed["url"]
    odd = shown.str.contains(_NOT_IN_A_URL, regex=True)
    if odd.any():
        shown = shown.where(~odd, shown[odd].str.replace(_NOT_IN_A_URL, _percent_encoded,
                                                         regex=True))
    wide = shown.set_axis(pd.MultiIndex.from_arrays(
        [listed["event"], place[place < OTHER_SOURCES]])).unstack()
    text = "; also " + wide[0]
    for column in wide.columns[1:]:
        text = text.where(wide[column].isna(), text + ", " + wide[column])
    more = total.reindex(text.index) - OTHER_SOURCES
    text = text.where(more <= 0, text + " and " + more.astype(str) + " more")
    return text.reindex(own.index, fill_value="").set_axis(own["row"].to_numpy())
