"""Events tables -> the compact records a site's tiles and aggregates are made from.

One row per drawable event: its position in web-mercator world units at the deepest
tile zoom, the integers the browser filters and styles by (type, date interval, month
interval, precisions, fatalities) and the texts its popup shows. The same function runs
on each piece of a file read in chunks and on each partition on a dask cluster, so the
two paths produce identical records.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geomap.layers.attach import attach_events
from geomap.layers.build import country_names, outside_stated_country, titled
from geomap.precision import Precision
from geomap.publish.tiles import BUCKET_ZOOM, SOURCE_KEYS, UNKNOWN, WORLD_BITS, world_xy
from geomap.render.payload import _place_labels, _text_array, display_types
from geomap.render.styles import event_type_names, known_type_styles, load_styles, type_styles
from geomap.render.timefilter import date_intervals
from geomap.sources.report import Reject

logger = logging.getLogger(__name__)

#: The popup's texts: record column <- events column (``pl`` is the place label).
TEXT_COLUMNS = {"id": "event_id", "ot": "event_type", "st": "sub_event_type",
                "a1": "actor1", "x1": "assoc_actor_1", "a2": "actor2",
                "x2": "assoc_actor_2", "fc": "fatalities_claimed_by", "src": "source",
                "url": "source_url", "notes": "notes"}
#: Precisions drawn as an area, never a point (the single page's AREA_PRECISIONS).
AREA_PRECISIONS = (int(Precision.COUNTRY), int(Precision.MULTINATIONAL))
#: A record's type ``t``: ACLED's six types are 0-5 (as sites have always had them),
#: ``OTHER`` any type the site does not list, UCDP's three 7-9, and a sheet's own types
#: from ``OWN_TYPES_START`` on (:func:`site_types`).
OTHER = len(event_type_names())
OWN_TYPES_START = len(known_type_styles()) + 1
#: The most own types a site lists (a legend longer than this is not read; an int8
#: holds them): the rest are drawn as "Other", with a warning naming them.
OWN_TYPES_LIMIT = 60


def event_records(frame: pd.DataFrame, source: int = 0) -> pa.Table:
    """The records of an events table (a reader's frame, ``EVENT_COLUMNS``).

    Parameters
    ----------
    frame
        Events with ``EVENT_COLUMNS`` and ``source_line``.
    source
        Position of the source among a publish's inputs (part of each record's
        ``seq``, the tie-breaker that keeps feature order identical on every path).

    Returns
    -------
    pyarrow.Table
        ``x, y, bucket, seq, t, p, dp, f, fl, fh, d, lo, hi, m, s, r1, r0`` and the text columns
        ``id ot st a1 x1 a2 x2 fc pl src url notes``, and where each event came from:
        ``ds`` its dataset, ``sf`` its file's name without the folders (a site names no
        local path; :data:`geomap.publish.tiles.SOURCE_KEYS`); rows without usable coordinates
        are left out (:func:`attached_records` names each one).
    """
    return attached_records(frame, source)[0]


def attached_records(frame: pd.DataFrame, source: int = 0, file: str = ""
                     ) -> tuple[pa.Table, list[Reject], list[str]]:
    """:func:`event_records`, a warning for each event outside the country its ``file``
    states (as ``geomap build`` lists them:
    :func:`geomap.layers.build.outside_stated_country`), and the piece's own types.

    The records' ``t`` of a type of the frame's own (no ACLED or UCDP type) is
    ``OWN_TYPES_START`` plus its position in that list (first seen first): a piece knows
    only its own types; the site's list is made of every piece's
    (:func:`site_types`), and the records take it when read back
    (:func:`retyped`)."""
    frame, unlocated = _located(frame, file)
    frame = frame.reset_index(drop=True)
    attached = attach_events(frame)
    warnings = unlocated + outside_stated_country(attached, [file] * len(attached))
    x, y = world_xy(frame["longitude"].to_numpy(float), frame["latitude"].to_numpy(float))
    shift = WORLD_BITS - BUCKET_ZOOM
    columns: dict[str, Any] = {
        "x": x, "y": y, "bucket": ((x >> shift).astype(np.int64) << 32) | (y >> shift),
        "seq": (np.int64(source) << 40) + _integers(frame, "source_line", 0),
    }
    kinds, own = _kinds(frame)
    columns.update(kinds)
    columns.update(_dates(frame))
    columns["r1"] = _text_array(attached["admin1_code"])
    columns["r0"] = _text_array(attached["admin0_code"])
    columns.update(_texts(frame, columns["t"]))
    columns["ds"] = _text_array(frame["dataset"]) if "dataset" in frame else \
        pa.array([""] * len(frame), type=pa.string())
    columns["sf"] = pa.array([PurePath(file).name] * len(frame), type=pa.string())
    return pa.table(columns), warnings, own


def _located(frame: pd.DataFrame, file: str = "") -> tuple[pd.DataFrame, list[Reject]]:
    """The events with usable coordinates, and a row naming each one left out (readers
    reject such rows already: this only guards frames handed over in other ways)."""
    lat = pd.to_numeric(frame["latitude"], errors="coerce").to_numpy(float)
    lon = pd.to_numeric(frame["longitude"], errors="coerce").to_numpy(float)
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    if ok.all():
        return frame, []
    logger.warning("%d events without usable coordinates are not published", int((~ok).sum()))
    lines = _integers(frame, "source_line", -1)[~ok]
    ids = frame["event_id"].astype(str).to_numpy()[~ok] if "event_id" in frame else \
        [""] * len(lines)
    left_out = [Reject(file, int(line) if line >= 0 else None, "latitude",
                       f"event {event_id!r} left out of the site: no usable coordinates")
                for line, event_id in zip(lines, ids, strict=True)]
    return frame[ok], left_out


def _integers(frame: pd.DataFrame, name: str, default: int) -> np.ndarray:
    values = pd.to_numeric(frame[name], errors="coerce") if name in frame else None
    if values is None:
        return np.full(len(frame), default, dtype=np.int64)
    return values.fillna(default).to_numpy().astype(np.int64)


def fixed_type_names() -> list[str]:
    """The types at fixed places of every site's list: ACLED's six, "Other", UCDP's
    three (a record's ``t`` is its position)."""
    known = [entry["name"] for entry in known_type_styles()]
    return [*known[:OTHER], load_styles()["other_event_type"]["name"], *known[OTHER:]]


def _type_codes(frame: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """Each event's type as the single page shows it (a UCDP event's type of violence:
    :func:`geomap.render.payload.display_types`), as a code into the distinct names,
    first seen first (names stripped; code -1 for none)."""
    codes, names = pd.factorize(display_types(frame).astype(object), sort=False)
    return codes, [str(name).strip() for name in names]


def _kinds(frame: pd.DataFrame) -> tuple[dict[str, np.ndarray], list[str]]:
    """Type index (:data:`OTHER` for none; the frame's own types, first seen first,
    from :data:`OWN_TYPES_START`), precisions and fatalities with their low and high
    bounds (-1: unknown; a sheet's "100+" is 100 and low 100); and the own types."""
    types = {name: t for t, name in enumerate(fixed_type_names()) if name}
    codes, names = _type_codes(frame)
    own = list(dict.fromkeys(name for name in names if name and name not in types))
    types.update({name: OWN_TYPES_START + k for k, name in enumerate(own)})
    lookup = np.array([types.get(name, OTHER) for name in names] + [OTHER])
    return {"t": lookup[codes].astype(np.int32),
            "p": _integers(frame, "geo_precision", int(Precision.EXACT)).astype(np.int8),
            "dp": _integers(frame, "time_precision", 1).astype(np.int8),
            "f": _integers(frame, "fatalities", -1).astype(np.int32),
            "fl": _integers(frame, "fatalities_low", -1).astype(np.int32),
            "fh": _integers(frame, "fatalities_high", -1).astype(np.int32)}, own


def site_types(pieces: Sequence[tuple[Sequence[str], pd.DataFrame]]) -> list[str]:
    """The own types of a site's pieces, in the site's order: most events first (the
    single page's order, :func:`geomap.render.payload.present_types`), ties in the order
    first seen (the pieces in the order of the sources and of their rows).

    Parameters
    ----------
    pieces
        Each piece's own types (:func:`attached_records`) and its :func:`area_counts`
        (whose ``t`` counts every record); a type without events is left out.
    """
    events: dict[str, int] = {}
    for own, counts in pieces:
        per_type = counts.groupby("t")["n"].sum()
        for k, name in enumerate(own):
            found = int(per_type.get(OWN_TYPES_START + k, 0))
            if found:
                events[name] = events.get(name, 0) + found
    first = {name: k for k, name in enumerate(events)}
    return sorted(events, key=lambda name: (-events[name], first[name]))


def type_lookup(own: Sequence[str], listed: Sequence[str]) -> tuple[int, ...]:
    """The site's ``t`` of each of a piece's own types ``own``: its place in the site's
    own types ``listed``, or :data:`OTHER` for one beyond them."""
    place = {name: OWN_TYPES_START + k for k, name in enumerate(listed)}
    return tuple(place.get(name, OTHER) for name in own)


def retyped(records: pa.RecordBatch, lookup: Sequence[int]) -> pa.RecordBatch:
    """A piece's records with the site's ``t`` (``lookup``: :func:`type_lookup`), and
    the popup's name (``ot``, when read) left out of those the site lists by name."""
    if not lookup:
        return records
    local = records["t"].to_numpy()
    own = local >= OWN_TYPES_START
    table = np.asarray(lookup, dtype=local.dtype)
    t = np.where(own, table[np.clip(local - OWN_TYPES_START, 0, len(table) - 1)], local)
    records = records.set_column(records.schema.get_field_index("t"), "t",
                                 pa.array(t, type=records.schema.field("t").type))
    if "ot" not in records.schema.names:
        return records
    ot = pc.if_else(pa.array(t == OTHER), records["ot"], "")
    return records.set_column(records.schema.get_field_index("ot"), "ot", ot)


def type_list(own: Sequence[str], present: Sequence[int]) -> list[dict[str, Any]]:
    """The site's types, a style entry each at its ``t``: :func:`fixed_type_names`, then
    the own types ``own``; styled as :func:`geomap.render.styles.type_styles` styles the
    site's types (``present``: the ``t`` of its events)."""
    fixed = fixed_type_names()
    names = [fixed[t] for t in sorted(set(present)) if t < OWN_TYPES_START and t != OTHER]
    styled = {entry["name"]: entry for entry in type_styles([*names, *own])}
    known = {entry["name"]: entry for entry in known_type_styles()}
    other = dict(load_styles()["other_event_type"])
    return [known.get(name, other) for name in fixed] + [styled[name] for name in own]


def _dates(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Day of the event, days its interval reaches before and after it, and the interval
    in months (first month and months spanned), as the time filter tests them."""
    day, start, end = date_intervals(frame)
    known = ~np.isnan(day)
    as_int = lambda values: np.where(known, values, 0).astype(np.int64)  # noqa: E731
    first, last = _months(as_int(start)), _months(as_int(end))
    return {"d": np.where(known, as_int(day), UNKNOWN).astype(np.int32),
            "lo": (as_int(day) - as_int(start)).astype(np.int32),
            "hi": (as_int(end) - as_int(day)).astype(np.int32),
            "m": np.where(known, first, UNKNOWN).astype(np.int32),
            "s": np.where(known, last - first, 0).astype(np.int32)}


def _months(days: np.ndarray) -> np.ndarray:
    """Months since January 1970 of day numbers (days since 1970-01-01)."""
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _texts(frame: pd.DataFrame, types: np.ndarray) -> dict[str, pa.Array]:
    empty = pa.array([""] * len(frame), type=pa.string())
    texts = {key: _text_array(frame[name]) if name in frame else empty
             for key, name in TEXT_COLUMNS.items()}
    # the popup's name of a type the site may not list (:func:`retyped` clears it)
    other = pa.array((types == OTHER) | (types >= OWN_TYPES_START))
    texts["ot"] = pa.compute.if_else(other, texts["ot"], "")
    texts["pl"] = pa.array(_place_labels(frame), type=pa.string())
    return texts


def area_counts(records: pa.Table) -> pd.DataFrame:
    """Events per area, type and month interval: the choropleth's and title's counts.

    ``level`` is ``admin1`` (a point or province-level event in a province),
    ``country`` (known only to a country: counted on it, never in a province), ``none``
    (a point in no province) or ``unplaced`` (an area event with no country outline: a
    multi-country region); ``code`` the area's code; ``n`` the events and ``f`` their
    known fatalities.
    """
    p = records["p"].to_numpy()
    r1 = records["r1"].to_numpy(zero_copy_only=False).astype(object)
    r0 = records["r0"].to_numpy(zero_copy_only=False).astype(object)
    area = np.isin(p, AREA_PRECISIONS)
    country = area & (p == int(Precision.COUNTRY)) & (r0 != "")
    province = ~area & (r1 != "")
    level = np.where(province, "admin1", np.where(country, "country",
                                                  np.where(area, "unplaced", "none")))
    frame = pd.DataFrame({
        "level": level, "code": np.where(province, r1, np.where(country, r0, "")),
        "t": records["t"].to_numpy(), "m": records["m"].to_numpy(),
        "s": records["s"].to_numpy(), "n": 1,
        "f": np.maximum(records["f"].to_numpy(), 0).astype(np.int64)})
    return combine_area_counts([frame])


def combine_area_counts(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Sum partial area counts (order of the parts does not matter)."""
    keys = ["level", "code", "t", "m", "s"]
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=[*keys, "n", "f"])
    summed = frame.groupby(keys, sort=True, as_index=False)[["n", "f"]].sum()
    return summed.astype({"t": np.int64, "m": np.int64, "s": np.int64, "n": np.int64,
                          "f": np.int64})



#: What the marker filters count events by.
FILTER_KEYS = ["st", "p", *SOURCE_KEYS]


def filter_counts(records: pa.Table) -> pd.DataFrame:
    """Events per sub-event type (``st``, "" where none), precision (``p``), dataset
    (``ds``) and file (``sf``): what the site's marker filters list, with their counts.
    Grouped by pyarrow, as the actors."""
    keys = [key for key in FILTER_KEYS if key in records.column_names]
    grouped = records.select(keys).group_by(keys).aggregate([("p", "count")])
    frame = grouped.to_pandas().rename(columns={"p_count": "n"})
    return combine_filter_counts([frame])


def combine_filter_counts(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Sum partial filter counts (order of the parts does not matter)."""
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=[*FILTER_KEYS, "n"])
    frame = frame.assign(**{key: "" for key in SOURCE_KEYS if key not in frame.columns})
    summed = frame.groupby(FILTER_KEYS, sort=True, as_index=False)["n"].sum()
    return summed.astype({"st": object, "p": np.int64, "n": np.int64})


def filter_lists(counts: pd.DataFrame) -> dict[str, Any]:
    """The site's marker filters: ``subEventTypes``, ``[[name, events], ...]`` with most
    events first (ties by name), then ``["", events]`` for the events without one when
    others have one (an entry of its own, as on the single page), ``precisions``,
    ``[[code, events], ...]`` of those drawn as markers (not :data:`AREA_PRECISIONS`),
    ``sources`` (:func:`source_list`) and ``sourceFiles``, the number of files the events
    come from (the tiles name each one's where there are several:
    :func:`geomap.publish.archive.tile_sources`)."""
    counts = combine_filter_counts([counts])
    has_name = counts["st"].str.strip() != ""
    named = counts[has_name].groupby("st", sort=True)["n"].sum()
    named = named.reset_index().sort_values(["n", "st"], ascending=[False, True], kind="stable")
    sub_types = [[str(name), int(n)] for name, n in zip(named["st"], named["n"], strict=True)]
    unnamed = int(counts.loc[~has_name, "n"].sum())
    if sub_types and unnamed:
        sub_types.append(["", unnamed])
    points = counts[~counts["p"].isin(AREA_PRECISIONS)].groupby("p", sort=True)["n"].sum()
    return {"subEventTypes": sub_types,
            "precisions": [[int(p), int(n)] for p, n in points.items()],
            "sources": source_list(counts),
            "sourceFiles": int(counts.loc[counts["n"] > 0, "sf"].nunique())}


def source_list(counts: pd.DataFrame) -> list[list[Any]]:
    """The sources of a site's events, as the single page lists them (its
    ``sourceItems``): ``[[dataset, file, events], ...]``, the file "" where the dataset's
    events come from one file (the entry is the dataset's), else an entry per file; the
    datasets of most events first, each one's files together, most events first (ties by
    name). Every event counts, country-level ones too, as on the single page."""
    per_file = counts.groupby(["ds", "sf"], sort=True)["n"].sum().reset_index()
    files = per_file.groupby("ds")["sf"].nunique()
    per_file["sf"] = per_file["sf"].where(per_file["ds"].map(files) > 1, "")
    entries = per_file.groupby(["ds", "sf"], sort=True)["n"].sum().reset_index()
    entries["total"] = entries["ds"].map(entries.groupby("ds")["n"].sum())
    entries = entries.sort_values(["total", "ds", "n", "sf"],
                                  ascending=[False, True, False, True], kind="stable")
    return [[str(ds), str(sf), int(n)]
            for ds, sf, n in zip(entries["ds"], entries["sf"], entries["n"], strict=True)]


def title_counts(frame: pd.DataFrame, records: pa.Table) -> pd.DataFrame:
    """What a piece tells of the site's title made from the data
    (:func:`geomap.layers.build.data_title`): events per ``dataset`` and per country name
    (:func:`geomap.layers.build.country_names`), and per ``year`` of the events' dates
    (``kind``, ``name``, ``n``)."""
    parts = []
    columns = {"dataset": frame["dataset"].dropna().astype(str).str.strip()
               if "dataset" in frame.columns else pd.Series([], dtype=str),
               "country": country_names(frame)}
    for kind, values in columns.items():
        counts = values[values != ""].value_counts()
        parts.append(pd.DataFrame({"kind": kind, "name": counts.index.astype(str),
                                   "n": counts.to_numpy()}))
    day = records["d"].to_numpy()
    years = day[day != UNKNOWN].astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
    found, n = np.unique(years + 1970, return_counts=True)
    parts.append(pd.DataFrame({"kind": "year", "name": found.astype(str), "n": n}))
    return pd.concat(parts, ignore_index=True).astype({"n": np.int64})


def site_title(parts: list[pd.DataFrame]) -> str:
    """The title :func:`geomap.layers.build.data_title` makes of the pieces' events, from
    their :func:`title_counts` ("" without events): datasets and country names by events
    (ties by name), the first and last year."""
    if not parts:
        return ""
    summed = pd.concat(parts, ignore_index=True).groupby(["kind", "name"], sort=True)["n"].sum()
    if not summed.sum():
        return ""

    def ordered(kind: str) -> list[str]:
        if kind not in summed.index.get_level_values(0):
            return []
        counts = summed.loc[kind]
        return [str(name) for name in counts.index[np.lexsort((counts.index.to_numpy(dtype=str),
                                                              -counts.to_numpy()))]]

    years = [int(year) for year in ordered("year")]
    return titled(ordered("dataset"), ordered("country"),
                  (min(years), max(years)) if years else None)


def caveat_counts(records: pa.Table) -> tuple[int, int]:
    """Events coarser than a province (counted per country: the single page's ``coarse``
    attach rule) and events in no country, for the map's caveats
    (:func:`geomap.layers.build.caveat_notes`)."""
    coarse = int(np.count_nonzero(records["p"].to_numpy() > int(Precision.ADM1)))
    lost = int(pc.sum(pc.equal(records["r0"], "")).as_py() or 0)
    return coarse, lost


#: Bars of the time histogram: the single page's (``HISTOGRAM_BINS`` in geomap.js).
HISTOGRAM_BINS = 90


def histogram_bins(parts: list[pd.DataFrame], span: tuple[int, int] | None
                   ) -> dict[str, Any] | None:
    """The time histogram's bars, by the single page's rule: from the first day of
    ``span``, bars of ``ceil(days / HISTOGRAM_BINS)`` days; the events and known
    fatalities of each bar and type (columns ``b``, ``t``, ``n``, ``f``) from the groups'
    :func:`geomap.publish.tasks.day_counts`. None without dated events."""
    frames = [part for part in parts if len(part)]
    if span is None or not frames:
        return None
    first, last = span
    width = max(1, -(-(last - first + 1) // HISTOGRAM_BINS))
    bins = -(-(last - first + 1) // width)
    days = pd.concat(frames, ignore_index=True)
    days["b"] = np.clip((days["d"].to_numpy() - first) // width, 0, bins - 1)
    summed = days.groupby(["b", "t"], sort=True, as_index=False)[["n", "f"]].sum()
    return {"first": int(first), "width": int(width),
            **{key: summed[key].astype(np.int64).tolist() for key in ("b", "t", "n", "f")}}
