"""Generic tables -> an events table: CSV with coordinates or place names, GeoJSON, GeoPackage.

Columns are matched by common names (``geomap/data/source_columns.csv``, dataset
``table``): latitude ``lat``/``latitude``/``y``, longitude ``lon``/``lng``/``long``/
``longitude``/``x``, date ``event_date``/``date``/``day``, place ``location``/``place``/
``place_name``/``city``/``town``, and the ``EVENT_COLUMNS`` names themselves; in any case,
with spaces or hyphens read as ``_`` (a spreadsheet's "Event type", "Place name").

Rows without coordinates but with a place name are geocoded offline through ``geocoder``
(``resolve(query, country=...)`` -> :class:`geomap.model.Place`; default the bundled
gazetteer), one call per distinct (place, country); the place's precision is kept. A place
that cannot be resolved rejects its row; one resolved with low confidence (a guess among
namesakes: "San" with no country) is kept with a warning that gives the reason. The
default gazetteer's answers are kept between runs in the cache folder
(:func:`geomap.geocoding.answers.resolve_all`), so a table read again is not ranked again.

GeoJSON and GeoPackage features are read with pyogrio; ``source_line`` is the feature's
1-based position. Points give the coordinates; other geometries give a representative
point and, unless a ``geo_precision`` property says otherwise, precision SUBCOUNTRY (an
area, never drawn as a point), with a warning.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.errors import FormatError
from geomap.geocoding.answers import BBOX_KEYS, FLAT_COLUMNS, resolution, resolve_all
from geomap.model import GUESSED_PLACE, Geocoder
from geomap.precision import DatePrecision, Precision
from geomap.refdata.codes import acled_event_types, column_aliases
from geomap.refdata.countries import sovereign_states
from geomap.sources._dataset import validate_tables
from geomap.sources._stream import read_table_streamed
from geomap.sources._validate import (
    MAX_WHOLE,
    RowChecks,
    alpha2_from,
    events_table,
    map_unique_text,
)
from geomap.sources.report import ReadResult, Reject, some_columns

if TYPE_CHECKING:
    import pandas as pd

    from geomap.sources._csv import RawTable

logger = logging.getLogger(__name__)

DEFAULT_EVENT_TYPE = "Other"
#: Rows checked at a time (a file of features is checked in one piece).
CHUNK_ROWS = 250_000


def read_table_events(
    path: str | Path, input_format: str = "csv", *, geocoder: Geocoder | None = None,
    country_hint: str | None = None,
) -> ReadResult:
    """Read a generic CSV, GeoJSON or GeoPackage file of events.

    Parameters
    ----------
    path
        The file.
    input_format
        ``csv``, ``geojson`` or ``gpkg``.
    geocoder
        Resolves place names for rows without coordinates; default the offline gazetteer
        (loaded only when a row needs it).
    country_hint
        ISO alpha-2 code for rows that name no country.

    Returns
    -------
    ReadResult
        ``frame`` with ``EVENT_COLUMNS`` + ``source_line``, dataset ``"table"``.

    Raises
    ------
    FormatError
        Unreadable file, no date column, or neither coordinates nor place names.
    """
    path = Path(path)
    table: RawTable | _Features = (read_table_streamed(path) if input_format == "csv"
                                   else _read_features(path, input_format))
    context = _Context(str(path), geocoder, country_hint)
    renames = _columns(table.columns, str(path), table.written)
    context.read_columns = frozenset(renames.values()) | _READ_AS_THEY_ARE
    frame, rejects, warnings = validate_tables(
        [(table, renames)],
        lambda checks: _normalise(checks, context, str(path)), CHUNK_ROWS, "table")
    frame = frame.reset_index(drop=True)
    warnings = warnings + _repeated_rows(frame, str(path), context.written_rows)
    result = ReadResult(str(path), input_format, frame, table.rows_read,
                        rejects, warnings, geocoded=bool(context.answers),
                        unread_columns=_unread(table.columns, renames, table.written))
    logger.info("%s", result.summary())
    return result


def _repeated_rows(frame: pd.DataFrame, file: str, written: list[pd.Series]) -> list[Reject]:
    """A warning for each row that repeats an earlier one field for field (its line and
    made-up id aside): both stay, for two events can read alike, but a row pasted twice
    counts its event and its dead twice, so the warnings file says so. Fields geomap does
    not read, and ISO codes, are compared as written (``written``: a hash of each row's,
    by line): two attacks told apart by their hour alone, or by codes geomap does not
    know, are no repeat (they were said to repeat "field for field")."""
    import pandas as pd

    if len(frame) < 2:
        return []
    if written:
        frame = frame.assign(_written=frame["source_line"].map(pd.concat(written)))
    same = [c for c in frame.columns if c not in ("event_id", "source_line")]
    later = frame.duplicated(same, keep="first").to_numpy()
    if not later.any():
        return []
    first = frame.groupby(same, dropna=False, sort=False)["source_line"].transform("min")
    return [Reject(file, int(line), None,
                   f"repeats line {int(earlier)} field for field: both are kept as two "
                   "events, their fatalities counted twice; delete one if they tell the "
                   "same event")
            for line, earlier in zip(frame["source_line"][later], first[later], strict=True)]


class _Context:
    """The geocoder and its answers, shared by the chunks."""

    def __init__(self, file: str, geocoder: Geocoder | None, country_hint: str | None) -> None:
        self.file = file
        self.geocoder = geocoder
        self.country_hint = country_hint.upper() if country_hint else None
        self.answers: dict[tuple[str, str | None], tuple[Any, ...]] = {}
        #: the columns the events table keeps, as read (set by the reader)
        self.read_columns: frozenset[str] = frozenset()
        #: a hash, by line, of each row's fields that the events table does not keep as
        #: written: the columns geomap does not read, and the ISO code (for
        #: :func:`_repeated_rows`: rows told apart by those alone are two rows)
        self.written_rows: list[pd.Series] = []

    def answers_of(self, pairs: list[tuple[str, str | None]]) -> list[tuple[Any, ...]]:
        """The values of :data:`ANSWER_KEYS` for each (name, country) pair; each distinct
        pair is resolved once per file, in the order of its first row. Without a geocoder
        of the caller's, the offline gazetteer answers, and its answers are kept between
        runs (:func:`~geomap.geocoding.answers.resolve_all`)."""
        new = [pair for pair in dict.fromkeys(pairs) if pair not in self.answers]
        if new:
            given = self.geocoder
            found = resolve_all(new) if given is None else {
                pair: resolution(given, *pair) for pair in new}
            self.answers |= {pair: _answer(*pair, found[pair]) for pair in new}
        return [self.answers[pair] for pair in pairs]


#: Spaces and hyphens in a column name, read as ``_`` when no alias has the name as it is.
_SEPARATORS = re.compile(r"[\s\-]+")


def _columns(columns: list[str], file: str, written: Mapping[str, str]) -> dict[str, str]:
    aliases = column_aliases("table")
    renames: dict[str, str] = {}
    for column in columns:
        # a spreadsheet's "Event type", "Sub-event type", "Place name"
        target = aliases.get(column) or aliases.get(_SEPARATORS.sub("_", column))
        if target and target not in renames.values() and target not in columns:
            renames[column] = target
        elif target == column:
            renames[column] = column
    present = set(renames.values())
    missing = []
    if "event_date" not in present:
        missing.append("a date (event_date, date or day)")
    if not ({"latitude", "longitude"} <= present or "location" in present):
        missing.append("latitude and longitude (lat/lon, y/x) or a place name "
                       "(location, place, city, town)")
    if missing:
        raise FormatError(f"expected columns for {' and '.join(missing)}; got columns "
                          f"{some_columns(columns, written=written)}", file=file, line=1,
                          hint="Rename the columns, or pass --input-format for another reader.")
    return renames


#: Columns read under their own name besides the aliases: a ``geomap geocode -o`` batch's
#: answer columns (its ``confidence`` is read; the rest describe the answer it gave).
_READ_AS_THEY_ARE = frozenset({"geometry", "source_line", "confidence", "confidence_reason",
                               *FLAT_COLUMNS, *BBOX_KEYS})


def _unread(columns: list[str], renames: dict[str, str],
            written: Mapping[str, str]) -> list[str]:
    """The columns geomap does not read (a desk's "Dead" or "Ctry"; a "Description" beside
    "Notes", which gives the notes): named on the source's summary line as the header
    writes them (``written``), since their values reach neither the map nor its files."""
    aliases = column_aliases("table")
    unread = []
    for column in columns:
        if column in renames or column in _READ_AS_THEY_ARE or column.startswith(("_", "input_")):
            continue
        target = aliases.get(column) or aliases.get(_SEPARATORS.sub("_", column))
        name = written.get(column, column)
        unread.append(f"{name} ({target} is read from another column)" if target else name)
    return unread


def _normalise(checks: RowChecks, context: _Context, file: str) -> pd.DataFrame:
    import pandas as pd

    kept = [c for c in checks.frame.columns if c == "iso" or not (
        c in context.read_columns or c.startswith("_"))]
    if kept:  # what the events table does not keep as written
        context.written_rows.append(pd.Series(
            pd.util.hash_pandas_object(checks.frame[kept], index=False).to_numpy(),
            index=checks.frame["source_line"].to_numpy()))
    cols: dict[str, Any] = {
        name: checks.text(name)
        for name in ("sub_event_type", "actor1", "actor2", "country", "admin1", "admin2",
                     "location", "notes", "source", "source_url", *_OWN_TEXTS)
    }
    if "_no_geometry" in checks.frame.columns:
        checks.reject(checks.frame["_no_geometry"].to_numpy(dtype=bool), "geometry",
                      lambda v: "expected a geometry, got none")
    # a desk's "Country" column may hold a code ("SD", "SDN") as well as a name
    codes = checks.text("iso")
    iso = alpha2_from(codes.fillna(cols["country"]), cols["country"])
    _unknown_countries(checks, cols["country"], codes, iso)
    if context.country_hint:
        iso = iso.fillna(context.country_hint)
    geocoded = _geocode(checks, context, cols["location"], iso)
    _doubted_places(checks, cols["location"], geocoded["doubt"])
    cols["iso"] = iso.fillna(geocoded["iso"]).astype("str")
    cols["event_id"] = _event_ids(checks, Path(file).stem)
    cols["event_date"] = checks.dates("event_date")
    cols["event_type"] = _event_type(checks)
    _written_tolls(checks, cols)
    cols["geo_precision"] = _precision(checks, geocoded["precision"])
    cols["geo_precision_code"] = checks.text("geo_precision")
    _own_columns(checks, cols)
    _unplaced_rows(checks, cols["location"])
    cols["latitude"], cols["longitude"] = checks.coordinates(
        cols["iso"], given=(geocoded["lat"], geocoded["lon"]))
    cols["source_line"] = checks.frame["source_line"]
    table = events_table(cols, checks.frame.index, "table")
    table["dataset"] = _datasets(checks)
    return table


#: Text columns of geomap's own events tables read as they are, so a table that
#: ``geomap.read`` gave is drawn again with its associated actors and the side claiming a
#: toll (before, they were "not read" and the map lost them).
_OWN_TEXTS = ("assoc_actor_1", "assoc_actor_2", "admin3", "source_scale",
              "fatalities_claimed_by")

#: Datasets whose name a table's ``dataset`` column keeps (``geomap.read``'s own table
#: drawn again: UCDP's types and every dataset's credit follow it); others are ``table``.
_OWN_DATASETS = ("acled", "ucdp", "gdelt", "scenario")


def _own_columns(checks: RowChecks, cols: dict[str, Any]) -> None:
    """The columns geomap's own events tables carry (``geomap.read``, ``geomap layers``),
    read when a table has them: ``time_precision`` (1-5 as UCDP's ``date_prec``, or
    ``day``, ``days``, ``week``, ``month``, ``year``; else the day), ``date_end`` (not
    before the date) and ``fatalities_low``/``_high``; ``dataset`` is :func:`_datasets`.
    Before, such a table drawn again was dated to the day, credited to no dataset, and
    UCDP's events were drawn as ACLED's Battles."""
    import numpy as np
    import pandas as pd

    given = checks.text("time_precision")
    codes, distinct = pd.factorize(given)
    parsed = np.array([*(_date_precision(v) for v in distinct), np.nan])[codes]
    checks.reject(given.notna().to_numpy() & np.isnan(parsed), "time_precision",
                  lambda v: f"expected a date precision (1-5 or day, days, week, month, "
                  f"year), got {v!r}")
    cols["time_precision"] = pd.Series(np.where(np.isnan(parsed), int(DatePrecision.DAY),
                                                parsed).astype("int8"), index=given.index)
    cols["date_end"] = checks.dates("date_end", required=False)
    before = (cols["date_end"] < cols["event_date"]).fillna(False).to_numpy(dtype=bool)
    checks.reject(before, "date_end", lambda v: f"expected date_end on or after the date, "
                  f"got {v!r}")
    for bound in ("fatalities_low", "fatalities_high"):
        if bound in checks.frame.columns:
            cols[bound] = checks.integers(bound, minimum=0).fillna(cols[bound])


def _datasets(checks: RowChecks) -> pd.Series:
    """Each row's ``dataset`` when it names one of :data:`_OWN_DATASETS`, else ``table``."""
    dataset = checks.text("dataset").str.casefold()
    return dataset.where(dataset.isin(_OWN_DATASETS), "table").astype("str")


def _date_precision(value: str) -> float:
    try:
        return int(DatePrecision.parse(value))
    except ValueError:
        return float("nan")


def _unknown_countries(checks: RowChecks, countries: pd.Series, codes: pd.Series,
                       iso: pd.Series) -> None:
    """A warning for each row whose country names none geomap knows (a typo, "Sudn"), or
    whose ISO code is none when it names no country otherwise ("XX" was dropped without a
    word): the row is then checked against no country, and its place name looked up in
    every one."""
    unknown = (countries.notna() & iso.isna()).to_numpy(dtype=bool)
    checks.warn(unknown, "country", lambda i: (
        f"expected a country's name or two-letter code, got {countries.iloc[i]!r}: the row "
        "is checked against no country and a place name in it is looked up in every "
        "country; correct the name, or give the code (SD for Sudan)"))
    no_code = (codes.notna() & countries.isna() & iso.isna()).to_numpy(dtype=bool)
    checks.warn(no_code, "iso", lambda i: (
        f"expected a country's ISO code, got {codes.iloc[i]!r}: the row is checked against "
        "no country and a place name in it is looked up in every country; give a two- or "
        "three-letter code or an ISO number (SD, SDN or 729 for Sudan), or the country's "
        "name in a country column"))


#: A toll as a desk writes it beside a whole number: "1,200", "about 200", "100+", "at
#: least 100", "more than 100", "10-15".
_WRITTEN_TOLL = re.compile(  # ASCII digits: "١٠٠+" made no number ("at least nan")
    r"(?ai)^(?:(?P<bound>at least|more than|over|>=?)|(?P<about>about|around|some|~|c\.))?\s*"
    r"(?P<count>\d{1,3}(?:,\d{3})+|\d+)\s*(?:(?P<plus>\+)|(?:-|\u2013|to)\s*"
    r"(?P<high>\d{1,3}(?:,\d{3})+|\d+))?$")


def _written_tolls(checks: RowChecks, cols: dict[str, Any]) -> None:
    """``fatalities`` (with ``fatalities_low``/``_high``) of the fatalities column: a whole
    number as it is; a desk's "1,200", "about 200", "100+" or "10-15" as the count it
    gives (the lower bound of a range), kept with a warning that says how it was read;
    anything else rejects its row (before, the written forms did too: the incident was lost
    for its toll's wording)."""
    import pandas as pd

    values = checks.text("fatalities")
    written = values.notna() & ~values.str.fullmatch(r"\d+").fillna(True).astype(bool)
    parts = values.where(written).astype(object).str.extract(_WRITTEN_TOLL.pattern)
    count, high = _toll_count(parts["count"]), _toll_count(parts["high"])
    huge = ((count > MAX_WHOLE) | (high > MAX_WHOLE)).to_numpy(dtype=bool)
    checks.reject(huge, "fatalities", lambda v: (  # the largest a map shows exactly
        f"expected a toll of at most {MAX_WHOLE}, got {v!r}"), values)
    backwards = (high < count).to_numpy(dtype=bool)
    checks.reject(backwards, "fatalities", lambda v: (
        f"expected a range from the lower count to the higher, got {v!r}: write it "
        "the other way round"), values)
    read = parts["count"].notna().to_numpy(dtype=bool) & ~checks.bad
    count, high = count.where(read), high.where(read)
    lower = (parts["bound"].notna() | parts["plus"].notna() | high.notna()).to_numpy(dtype=bool)
    if read.any():
        checks.frame["fatalities"] = values.where(~read, count.astype("Int64").astype("str"))
    cols["fatalities"] = checks.integers("fatalities", minimum=0)
    cols["fatalities_low"] = cols["fatalities"].where(pd.Series(lower, index=values.index))
    cols["fatalities_high"] = high.astype("Int64")
    checks.warn(read, "fatalities", lambda i: (
        f"read the toll {values.iloc[i]!r} as " + (
            f"{count.iloc[i]:.0f} to {high.iloc[i]:.0f}" if pd.notna(high.iloc[i]) else
            f"at least {count.iloc[i]:.0f}" if lower[i] else f"{count.iloc[i]:.0f}")
        + ": check it, or write the number alone"))


def _toll_count(digits: pd.Series) -> pd.Series:
    """A written toll's count (its commas dropped) as float64, exact up to 2**53 and
    larger past it (NaN where none is written): through Python's integers, as pandas
    would round "9007199254740993" to ...992 before any check."""
    import pandas as pd

    def number(text: str) -> float:
        text = text.replace(",", "").lstrip("0")
        return float(min(int(text or "0"), MAX_WHOLE + 1)) if len(text) < 20 else 2.0**63

    written = digits.dropna()
    return pd.Series([number(text) for text in written], index=written.index,
                     dtype="float64").reindex(digits.index)


def _geocode(checks: RowChecks, context: _Context, location: pd.Series, iso: pd.Series
             ) -> dict[str, Any]:
    """The place of the rows that have a place name but no coordinates: ``lat``/``lon``
    (float64 arrays, NaN elsewhere), ``iso`` and ``precision`` (missing elsewhere), and
    ``doubt``: why the answer has low confidence (None where it is high or not asked).

    Each distinct (place, country) is resolved once, in the order of its first row; the
    answers reach the rows through codes into arrays of the distinct answers (pyarrow
    ``take`` for the text): no Python object per row, and no coordinates written as text
    to be parsed again.
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    frame = checks.frame
    need = _needing_places(checks, location)
    pair = np.full(len(frame), -1, dtype=np.intp)  # -1: the last answer, "none asked"
    answers = {key: [value] for key, value in zip(ANSWER_KEYS, NONE_ASKED, strict=True)}
    if need.any():
        codes, answers = _distinct_places(context, location[need], iso[need])
        pair[need] = codes
    messages = np.array(answers["message"], dtype=object)[pair]
    failed = pd.notna(messages)
    checks.reject(failed, "location", lambda message: message,
                  pd.Series(messages, index=frame.index))
    found = need & ~failed
    index = np.where(found, pair, -1) % len(answers["iso"])
    iso_texts = pa.array(answers["iso"], type=pa.large_string()).take(pa.array(index))
    precision = np.array(answers["precision"], dtype=np.int8)[index]
    doubt = np.array(answers["doubt"], dtype=object)[index]
    return {"doubt": pd.Series(doubt, index=frame.index, dtype=object),
            "lat": np.array(answers["lat"], dtype=np.float64)[index],
            "lon": np.array(answers["lon"], dtype=np.float64)[index],
            "iso": pd.Series(iso_texts, index=frame.index, dtype="str"),
            "precision": pd.Series(pd.arrays.IntegerArray(precision, ~found),
                                   index=frame.index)}


def _doubted_places(checks: RowChecks, places: pd.Series, doubts: pd.Series) -> None:
    """A warning for each row placed by a guess among namesakes: a place name geocoded
    here with low confidence (``doubts``: the reason, else None), or a ``confidence``
    column (``geomap geocode``'s, in a batch written with ``-o``) that says ``low``. A
    guess stays a guess on the map ("Springfield" with no country is one of 14), it is
    not drawn as a known place without a word."""
    checks.warn(doubts.notna().to_numpy(dtype=bool), "location", lambda i: (
        f"the place {places.iloc[i]!r} was geocoded with low confidence ({doubts.iloc[i]}): "
        "check it; the row's country, or its latitude and longitude, settle it"),
        kind=GUESSED_PLACE)
    if "confidence" not in checks.frame.columns:
        return  # most tables: nothing asked per row
    confidence = checks.text("confidence")
    low = (confidence.str.casefold() == "low").fillna(False).to_numpy(dtype=bool)
    if not low.any():
        return
    reasons = checks.text("confidence_reason").fillna("")
    places = places.fillna("")
    checks.warn(low, "confidence", lambda i: (
        f"the place {places.iloc[i]!r} was geocoded with low confidence "
        f"({reasons.iloc[i] or 'no reason given'}): check it, or give the row's country "
        "and geocode it again"), kind=GUESSED_PLACE)


def _unplaced_rows(checks: RowChecks, location: pd.Series) -> None:
    """Reject the rows with no coordinate to read and no place name to geocode, saying
    both: the coordinates' own reason ("expected a number in decimal degrees, got ''") sent
    a spreadsheet whose place column is not read ("Lieu") to its blank coordinate cells."""
    columns = checks.frame.columns
    no_name = location.isna().to_numpy()
    if "latitude" not in columns and "longitude" not in columns:
        checks.reject(no_name, "location", lambda _: _UNPLACED + (
            "the place name is blank and the file has no latitude and longitude columns"))
        return
    for column in ("latitude", "longitude"):
        reason = _UNPLACED + (
            f"the {column} and the place name are blank" if "location" in columns else
            f"the {column} is blank and the file has no column of place names "
            "(location, place, place_name, city or town) to place the row by")
        blank = checks.text(column).isna().to_numpy() & no_name
        checks.reject(blank, column, functools.partial(_said, reason))


def _said(reason: str, _value: Any) -> str:
    return reason


_UNPLACED = "expected a latitude and a longitude, or a place name to geocode, got neither: "


def _needing_places(checks: RowChecks, location: pd.Series) -> Any:
    """The rows with a place name and no coordinates (a boolean array)."""
    need = location.notna().to_numpy()
    for column in ("latitude", "longitude"):
        if column in checks.frame.columns:  # a names-only table has none
            need = need & checks.text(column).isna().to_numpy()
    return need


#: What :func:`_distinct_places` gives per distinct (place, country): ``doubt`` is why the
#: answer has low confidence (None when high), ``message`` the reject when none.
ANSWER_KEYS = ("lat", "lon", "iso", "precision", "doubt", "message")
#: The answer of the rows that asked for no place (the last of the answers).
NONE_ASKED = (None, None, None, 0, None, None)


def _answer(name: str, country: str | None, found: dict[str, Any]) -> tuple[Any, ...]:
    """The values of :data:`ANSWER_KEYS` for ``name`` (in the row's ``country``) resolved
    to ``found`` (a :func:`~geomap.geocoding.answers.resolution`)."""
    if "error" in found:
        message = f"expected a place the gazetteer knows, got {name!r}: {found['error']}"
        if found.get("not_found"):
            message += " " + _missing_place_hint(country)
        return (*NONE_ASKED[:-1], message)
    doubt = None
    if found.get("confidence") == "low":
        doubt = found.get("confidence_reason") or "no reason given"
    answered = found["country_code"]
    if country and answered and answered != country \
            and sovereign_states().get(answered) != country:
        # a namesake abroad is not the place: an event the row puts in Mali is never drawn
        # in Germany (a market town named like a German city), as a name the gazetteer
        # does not know at all rejects its row. A town of the country's own territories
        # (Noumea, NC, on a row of France) is in the country.
        return (*NONE_ASKED[:-1], f"expected a place in {country}, got {name!r}, which "
                f"the gazetteer knows only in another country ({found.get('name') or name}"
                f", {answered}). " + _missing_place_hint(country))
    return found["lat"], found["lon"], found["country_code"], found["precision"], doubt, None


def _missing_place_hint(country: str | None) -> str:
    """What to do about a name the gazetteer does not know (the bundled GeoNames data
    lists places of about 500 people or more: many a Sahel town is missing)."""
    command = (f"`geomap gazetteer import {country}.zip`" if country else
               "`geomap gazetteer import CC.zip` (CC: the country's two-letter code)")
    return (f"Give the row's latitude and longitude, or add GeoNames' file of its country: "
            f"{command} (where to get it: `geomap gazetteer import --help`).")


def _distinct_places(context: _Context, names: pd.Series, countries: pd.Series
                     ) -> tuple[Any, dict[str, list[Any]]]:
    """Each row's code and, per distinct (name, country) and a last "none asked", the
    answer: ``lat``/``lon`` (None when none), ``iso``, ``precision`` (0 when none), or the
    reject ``message`` when it does not resolve."""
    import numpy as np
    import pandas as pd

    name_codes, name_values = pd.factorize(names)
    country_codes, country_values = pd.factorize(countries)  # missing -> -1
    width = len(country_values) + 1
    codes, pairs = pd.factorize(name_codes.astype(np.int64) * width + country_codes + 1)
    names_of, countries_of = name_values.tolist(), [*country_values.tolist(), None]
    # Python values: indexing pandas' arrays one element at a time is slow
    rows = context.answers_of([(names_of[pair // width], countries_of[pair % width - 1])
                               for pair in pairs.tolist()])
    rows.append(NONE_ASKED)
    answers = dict(zip(ANSWER_KEYS, map(list, zip(*rows, strict=True)), strict=True))
    return codes, answers


def _event_ids(checks: RowChecks, stem: str) -> pd.Series:
    """The file's ids; a row without one is ``<file stem>-<line>`` (made only for those)."""
    ids = checks.text("event_id")
    missing = ids.isna()
    if missing.any():
        lines = checks.frame["source_line"][missing].astype(str)
        ids = ids.fillna(stem + "-" + lines)
    return ids


def _event_type(checks: RowChecks) -> pd.Series:
    """ACLED's spelling of the known event types (any case), others as given, ``Other``
    when empty."""
    table = acled_event_types()
    known = map_unique_text(checks.text("event_type"), lambda v: table[v.casefold()][0]
                            if v.casefold() in table else v)
    return known.fillna(DEFAULT_EVENT_TYPE)


def _precision(checks: RowChecks, geocoded: pd.Series) -> pd.Series:
    """The given precision (rows with one that does not parse are rejected), else the
    geocoded place's, else EXACT (SUBCOUNTRY for a feature that is an area); each
    distinct given value parsed once."""
    import numpy as np
    import pandas as pd

    def parse(value: str) -> float:
        try:
            return int(Precision.parse(value.strip()))
        except (ValueError, AttributeError):
            return np.nan

    given = checks.text("geo_precision")
    codes, distinct = pd.factorize(given)
    parsed = np.array([*(parse(v) for v in distinct), np.nan])[codes]  # -1: the last
    bad = given.notna().to_numpy() & np.isnan(parsed)
    checks.reject(bad, "geo_precision", lambda v: "expected a precision (1-8 or exact, near, "
                  f"adm2, adm1, subcountry, country, water, multinational), got {v!r}")
    area = checks.frame.get("_area", pd.Series(False, index=given.index)).to_numpy(dtype=bool)
    default = np.where(area, int(Precision.SUBCOUNTRY), int(Precision.EXACT))
    found = geocoded.to_numpy(dtype=float, na_value=np.nan)
    chosen = np.where(np.isnan(parsed), np.where(np.isnan(found), default, found), parsed)
    return pd.Series(chosen.astype("int8"), index=given.index)


# --- GeoJSON and GeoPackage --------------------------------------------------------------


@dataclass
class _Features:
    """The features of a GeoJSON or GeoPackage file as one chunk of string columns (a
    :class:`~geomap.sources._validate.Chunked`), and what was rejected or warned."""

    file: str
    frame: pd.DataFrame
    rejects: list[Reject]
    warnings: list[Reject]
    #: each property's name as read (lower-cased) that the file writes otherwise ("Dead"),
    #: with the name as written, for messages (as :attr:`RawTable.written`)
    written: dict[str, str] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        return list(self.frame.columns)

    @property
    def rows_read(self) -> int:
        return len(self.frame) + len(self.rejects)

    def chunks(self, chunk_rows: int) -> Iterator[tuple[pd.DataFrame, frozenset[str]]]:
        """Every feature in one chunk, none known unpadded."""
        yield self.frame, frozenset()

    def raw_line(self, frame: pd.DataFrame, index: Any) -> str:
        """A feature's non-empty properties as ``key=value; ...``, for a reject's ``raw``."""
        row = frame.loc[index]
        shown = [f"{k}={v}" for k, v in row.items()
                 if v not in ("", None) and not str(k).startswith("_") and k != "source_line"]
        return "; ".join(shown)[:300]


def _read_features(path: Path, input_format: str) -> _Features:
    """Features as string columns with latitude/longitude and ``source_line``, in degrees;
    the features rejected for their text (GeoJSON only, see :func:`_text_faults`)."""
    import warnings as python_warnings

    try:
        import pyogrio

        with python_warnings.catch_warnings(record=True) as caught:
            python_warnings.simplefilter("always")
            layers = pyogrio.list_layers(path)
            if not len(layers):
                raise FormatError("expected at least one layer, got none", file=str(path))
            frame = pyogrio.read_dataframe(path, layer=layers[0][0])
    except FormatError:
        raise
    except Exception as err:  # pyogrio/GDAL raise several unrelated types
        raise FormatError(f"expected a GeoJSON or GeoPackage file GDAL can open, got "
                          f"{type(err).__name__}: {err}", file=str(path)) from err
    warnings = [Reject(str(path), None, None, f"GDAL: {w.message}") for w in caught]
    if len(layers) > 1:
        warnings.append(Reject(str(path), None, None, f"read the first layer "
                               f"{layers[0][0]!r} of {len(layers)}"))
    if input_format == "geojson":
        _refuse_an_unknown_crs(path)
    frame = _in_degrees(frame, str(path), warnings)
    written = _properties_written(frame)
    table = _feature_table(frame, str(path), warnings)
    rejects = _json_faults(path) if input_format == "geojson" else []
    table, repeated = _merge_columns_named_alike(table, str(path))
    rejects = sorted(rejects + repeated, key=lambda r: r.line or 0)
    rejected = [r.line for r in rejects]
    return _Features(str(path), table[~table["source_line"].isin(rejected)], rejects, warnings,
                     written)


def _properties_written(frame: Any) -> dict[str, str]:
    """Each property name as the readers take it (:func:`_feature_table` lower-cases it)
    that the file writes otherwise, with the name as written ("Dead"); a name the file
    writes in several cases ("notes", "Notes") stays as read, naming them all."""
    spellings: dict[str, set[str]] = {}
    for column in frame.columns:
        theirs = str(column).strip()
        spellings.setdefault(theirs.casefold(), set()).add(theirs)
    return {ours: next(iter(theirs)) for ours, theirs in spellings.items()
            if len(theirs) == 1 and ours not in theirs}


#: A GeoJSON collection's (pre-RFC 7946) named CRS: ``"crs": {"type": "name",
#: "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}``.
_NAMED_CRS = re.compile(rb'"crs"\s*:\s*\{[^{}]*"properties"\s*:\s*\{[^{}]*"name"\s*:\s*'
                        rb'"([^"\\]{1,200})"')
_CRS_HEAD_BYTES = 1 << 20


def _refuse_an_unknown_crs(path: Path) -> None:
    """Refuse a GeoJSON whose collection names a CRS that PROJ does not know: GDAL then
    reads its coordinates as degrees without a word (``EPSG::99999`` was read as WGS 84).
    Only a ``crs`` member before the features counts (one in a feature's properties is
    data)."""
    with path.open("rb") as handle:
        head = handle.read(_CRS_HEAD_BYTES)
    found = _NAMED_CRS.search(head)
    features = head.find(b'"features"')
    if found is None or (features != -1 and found.start() > features):
        return
    import pyproj

    name = found.group(1).decode("utf-8", "replace")
    try:
        pyproj.CRS.from_user_input(name)
    except pyproj.exceptions.CRSError as err:
        raise FormatError(f"expected a CRS that PROJ knows, got {name!r} in the file's "
                          "\"crs\" member (its coordinates would be taken as degrees)",
                          file=str(path), hint="Reproject the file to EPSG:4326, e.g. with "
                          "ogr2ogr -t_srs EPSG:4326, or correct the CRS name.") from err


def _in_degrees(frame: Any, file: str, warnings: list[Reject]) -> Any:
    """The features in longitude/latitude on WGS 84, reprojected from their declared CRS.

    A layer without a CRS is taken as degrees (the coordinate checks reject what is not).
    """
    crs = getattr(frame, "crs", None)
    if crs is None or crs.equals("EPSG:4326") or crs.equals("OGC:CRS84"):
        return frame
    name = crs.to_string()
    try:
        moved = frame.to_crs("EPSG:4326")
    except Exception as err:  # pyproj raises its own CRSError and ProjError
        raise FormatError(f"expected coordinates in a CRS that converts to WGS 84 "
                          f"(EPSG:4326), got {name!r} ({err})", file=file,
                          hint="Reproject the file to EPSG:4326, e.g. with ogr2ogr "
                               "-t_srs EPSG:4326.") from err
    warnings.append(Reject(file, None, "geometry",
                           f"reprojected from {name} to WGS 84 (EPSG:4326)"))
    return moved


#: JSON escapes of a NUL or of one half of a UTF-16 surrogate pair, or a raw NUL.
_FAULTY_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})|\x00")
#: Text GDAL cuts at (``before\u0000AFTER`` -> ``before``) or replaces with U+FFFD
#: without a word: a NUL or one half of a UTF-16 surrogate pair.
_FAULTY_TEXT = re.compile("[\x00\ud800-\udfff]")


class _Repeated(dict[str, Any]):
    """A JSON object that names a key more than once (GDAL keeps one of the values without
    a word: the last of a feature's properties, the first ``features`` of a collection);
    ``repeats`` holds each such key with every value it was given."""

    repeats: dict[str, list[Any]]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, or a :class:`_Repeated` when a key comes twice."""
    plain = dict(pairs)
    if len(plain) == len(pairs):
        return plain
    found = _Repeated(pairs)
    found.repeats = {}
    for key, value in pairs:
        found.repeats.setdefault(key, []).append(value)
    found.repeats = {k: v for k, v in found.repeats.items() if len(v) > 1}
    return found


def _json_faults(path: Path) -> list[Reject]:
    """A reject for each GeoJSON feature GDAL would read other than as written: a property
    holding a NUL or a lone surrogate (GDAL cuts or changes the text), or an object of the
    feature naming one key twice (GDAL keeps one value without a word).

    The file is parsed a second time, by the standard library. A key named twice in the
    collection itself (two ``features`` lists: GDAL read the first) is a
    :class:`~geomap.errors.FormatError`.
    """
    data = path.read_bytes()
    repeats: list[_Repeated] = []

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        made = _object(pairs)
        if type(made) is _Repeated:
            repeats.append(made)
        return made

    try:
        collection = json.loads(data.decode("utf-8", errors="replace"), strict=False,
                                object_pairs_hook=hook)
    except ValueError:
        return []  # GDAL read it (a GeoJSON sequence?); the standard parser cannot
    if not isinstance(collection, dict) or not (repeats or _FAULTY_ESCAPE.search(data)):
        return []  # the common case: no feature to walk
    if isinstance(collection, _Repeated):
        key, values = next(iter(collection.repeats.items()))
        raise FormatError(f"expected each key of the collection once, got {key!r} "
                          f"{len(values)} times (GDAL reads only one of them)",
                          file=str(path), field=key, hint="Keep one of them.")
    features = collection.get("features")
    rejects = []
    for line, feature in enumerate(features if isinstance(features, list) else [], start=1):
        fault = _feature_fault(feature, str(path), line)
        if fault is not None:
            rejects.append(fault)
    return rejects


def _feature_fault(feature: Any, file: str, line: int) -> Reject | None:
    """What makes one feature unreadable as written, if anything (:func:`_json_faults`)."""
    if not isinstance(feature, dict):
        return None
    if isinstance(feature, _Repeated):
        key, values = next(iter(feature.repeats.items()))
        return _repeated_reject(file, line, key, values)
    properties = feature.get("properties")
    for key, value in (properties.items() if isinstance(properties, dict) else ()):
        text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
        fault = _FAULTY_TEXT.search(text)
        if fault:
            what = "a NUL character" if fault.group() == "\x00" else "a lone surrogate"
            return Reject(file, line, str(key), f"expected text, got {what} in "
                          f"{_short(text)}", _short(text))
    for key, value in feature.items():
        inner = _first_repeated(value)
        if inner is not None:
            field = str(key) if key != "properties" else inner[0]
            return _repeated_reject(file, line, field, inner[1], inner[0])
    return None


def _first_repeated(value: Any) -> tuple[str, list[Any]] | None:
    """The first key named twice in ``value`` or anything inside it."""
    if isinstance(value, _Repeated):
        return next(iter(value.repeats.items()))
    inside = value.values() if isinstance(value, dict) else value \
        if isinstance(value, list) else ()
    for item in inside:
        found = _first_repeated(item)
        if found is not None:
            return found
    return None


def _repeated_reject(file: str, line: int, field: str, values: list[Any],
                     key: str | None = None) -> Reject:
    shown = " and ".join(_short(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
                         for v in values[:3])
    return Reject(file, line, field, f"expected each key once, got {key or field!r} "
                  f"{len(values)} times ({shown}); GDAL keeps only one: keep one of them",
                  shown)


def _merge_columns_named_alike(table: pd.DataFrame, file: str,
                               ) -> tuple[pd.DataFrame, list[Reject]]:
    """One column for properties named alike in any case (``notes`` in some features,
    ``Notes`` in others); a feature that gives both is rejected naming them (which one a
    reader took was a pandas ``AttributeError``)."""
    names = list(table.columns)
    if len(set(names)) == len(names):
        return table, []
    import numpy as np

    rejects = []
    keep = [i for i, name in enumerate(names) if names.index(name) == i]
    merged = {}
    for name in {name for name in names if names.count(name) > 1}:
        where = [i for i, n in enumerate(names) if n == name]
        values = table.iloc[:, where].to_numpy(dtype=object)
        given = values != ""
        for row in np.flatnonzero(given.sum(axis=1) > 1):
            both = " and ".join(_short(v) for v in values[row][given[row]][:3])
            rejects.append(Reject(file, int(table["source_line"].iloc[row]), name,
                                  f"expected one property named {name!r} in any case, got "
                                  f"{int(given[row].sum())} ({both}): keep one of them", both))
        first = np.where(given.any(axis=1), given.argmax(axis=1), 0)
        merged[name] = values[np.arange(len(values)), first]
    out = table.iloc[:, keep].copy()
    for name, column in merged.items():
        out[name] = column
    return out, rejects


def _short(text: str) -> str:
    return repr(text) if len(text) <= 80 else repr(text[:77]) + "..."


def _feature_table(frame: Any, file: str, warnings: list[Reject]) -> pd.DataFrame:
    import numpy as np
    import pandas as pd
    import shapely

    name = getattr(frame, "_geometry_column_name", None)
    has_geometry = name is not None and name in frame.columns
    geometry = frame[name].to_numpy() if has_geometry else None
    table = pd.DataFrame(frame.drop(columns=name) if has_geometry else frame)
    table.columns = [str(c).strip().casefold() for c in table.columns]
    table = table.astype("str").fillna("")
    table["source_line"] = np.arange(1, len(table) + 1)
    if geometry is None:
        return table
    empty = shapely.is_missing(geometry) | shapely.is_empty(geometry)
    kinds = shapely.get_type_id(geometry)
    point = (kinds == 0) & ~empty
    spot = np.asarray(geometry, dtype=object).copy()
    area = ~point & ~empty
    if area.any():
        spot[area] = shapely.point_on_surface(geometry[area])
        warnings.append(Reject(file, int(np.flatnonzero(area)[0]) + 1, "geometry",
                               f"{int(area.sum())} non-point feature(s): placed at a point "
                               "on their surface, precision SUBCOUNTRY unless given"))
    spot[empty] = None
    x, y = shapely.get_x(spot), shapely.get_y(spot)
    table["longitude"] = np.where(np.isnan(x), "", x.astype(str))
    table["latitude"] = np.where(np.isnan(y), "", y.astype(str))
    table["_area"] = area
    table["_no_geometry"] = empty
    return table
