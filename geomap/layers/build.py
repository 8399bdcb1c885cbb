"""Build every layer of one map: events, countries, provinces, named regions, actors and
relations, plus the map's framing (highlighted countries, bounds) and attributions.

The steps: concatenate the readers' tables -> :func:`~geomap.layers.events.events_frame`
-> :func:`~geomap.layers.attach.attach_events` -> aggregates per admin-1, admin-0 and
named region -> actors and relations from the scenario (or the busiest actors named in
the events).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.errors import ConfigError
from geomap.extract.output import DRAFT_PART_SUBTITLE, DRAFT_SUBTITLE
from geomap.layers.actors import actor_layer
from geomap.layers.aggregate import events_by_admin0, events_by_admin1, events_by_region
from geomap.layers.attach import DEFAULT_TOLERANCE_KM, attach_events
from geomap.layers.bundle import LayerBundle
from geomap.layers.events import empty_events, events_frame
from geomap.layers.relations import relation_layer
from geomap.model import GUESSED_PLACE, Reject, Relation
from geomap.precision import Precision
from geomap.refdata.boundaries import admin0_or_default, admin1_or_default
from geomap.refdata.countries import alpha2_to_name
from geomap.refdata.regions import load_regions
from geomap.sources.report import ReadResult, counted
from geomap.sources.scenario import scenario_events

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from geomap.sources.scenario import Scenario

logger = logging.getLogger(__name__)

#: Datasets with their own attribution line (see geomap/data/layers/attributions.json).
DATASETS = ("acled", "ucdp", "gdelt", "scenario")


def build_layers(
    results: Sequence[ReadResult],
    *,
    scenario: Scenario | None = None,
    title: str | None = None,
    regions: Sequence[str] = (),
    admin0: gpd.GeoDataFrame | None = None,
    admin1: gpd.GeoDataFrame | None = None,
    named_regions: gpd.GeoDataFrame | None = None,
    tolerance_km: float = DEFAULT_TOLERANCE_KM,
    keep: Callable[[gpd.GeoDataFrame], pd.Series] | None = None,
) -> LayerBundle:
    """Build a :class:`~geomap.layers.bundle.LayerBundle` from readers' results.

    Parameters
    ----------
    results
        What the readers returned (``ReadResult.frame`` has ``EVENT_COLUMNS``). A
        result whose ``scenario`` is set supplies it when
        ``scenario`` is not given.
    scenario
        A loaded scenario: its events (when not already among ``results``), actors,
        places, relations, regions, highlighted countries, bounds and sources.
    title
        The map title; default: the scenario's, else one made from the sources.
    regions
        Named region ids to draw and aggregate (``sahel``, ``donbas``...), added to the
        scenario's.
    admin0, admin1, named_regions
        Boundary frames; default: the packaged Natural Earth layers and named regions.
    tolerance_km
        Passed to :func:`~geomap.layers.attach.attach_events`.
    keep
        A filter applied after attachment: given the attached events, returns a boolean
        Series of the rows to keep (``geomap.project.event_filter`` builds one).

    Returns
    -------
    LayerBundle
        Every layer in EPSG:4326 (see the column conventions in
        :mod:`geomap.layers.bundle`).
    """
    scenario = scenario or story_scenario(results)
    admin0, admin1 = admin0_or_default(admin0), admin1_or_default(admin1)
    events, files = _events(results, scenario)
    events = attach_events(events, admin0, admin1, tolerance_km=tolerance_km)
    outside = outside_stated_country(events, files)
    guessed = _guessed(results, events, files)
    if keep is not None:
        mask = keep(events).to_numpy(dtype=bool)
        logger.info("filters keep %d of %d events", int(mask.sum()), len(events))
        events, guessed = events[mask].reset_index(drop=True), guessed[mask]
        files = files[mask]
    highlight = _highlight(events, scenario)
    bundle = LayerBundle(title=_title(title, scenario, results, events), events=events,
                         warnings=outside, reads=list(results), event_files=files)
    # Quiet provinces (zeros) only for the highlighted countries: a global export must
    # not drag every province of the world into the map.
    bundle.admin1 = events_by_admin1(events, admin1, countries=highlight)
    bundle.admin0 = events_by_admin0(events, admin0, countries=highlight)
    bundle.regions = _regions(events, scenario, regions, named_regions)
    bundle.actors, bundle.relations = _actors_and_relations(events, scenario)
    bundle.highlight_countries = highlight
    bundle.attributions = attributions(results, scenario)
    bundle.bounds = story_bounds(events, scenario, admin0, highlight, bundle.actors)
    _describe(bundle, events, scenario, guessed=int(guessed.sum()))
    bundle.notes += missing_notes(rejected=sum(r.rows_rejected for r in results),
                                  left_out=sum(len(r.left_out) for r in results))
    return bundle


def _guessed(results: Sequence[ReadResult], events: pd.DataFrame, files: Any) -> Any:
    """Which events (a boolean array in row order) a reader placed by a guess among
    namesakes: its warning of kind :data:`~geomap.model.GUESSED_PLACE` names their line."""
    import numpy as np

    where = {(w.file, w.line) for r in results for w in r.warnings if w.kind == GUESSED_PLACE}
    if not where or "source_line" not in events.columns:
        return np.zeros(len(events), dtype=bool)
    lines = events["source_line"].tolist()
    return np.array([(str(file), line) in where for file, line in zip(files, lines, strict=True)],
                    dtype=bool)


def story_scenario(results: Sequence[ReadResult]) -> Scenario | None:
    """The scenario that frames the map: the first one given (its title, subtitle and
    frame). An article's draft adds the places, actors and relations it names that the
    first lacks (a folder of articles tells one story in parts); another scenario file
    adds its events only, as a published site does (each file is a story of its own).
    Articles alone are titled by how many they are."""
    found = [(r, r.scenario) for r in results if r.scenario is not None]
    if len(found) <= 1:
        return found[0][1] if found else None
    first = found[0][1]
    stories = [r.source for r, _ in found[1:] if r.format != "article"]
    if stories:
        logger.warning("%d scenarios among the sources: the map tells the story of %s; %s "
                       "add their events only", len(found), Path(found[0][0].source).name,
                       ", ".join(Path(source).name for source in stories))
    drafts = [s for r, s in found[1:] if r.format == "article"]
    if not drafts:
        return first
    # its events are those of the results, already read
    merged = replace(first, events=[], places=dict(first.places), actors=dict(first.actors),
                     relations=list(first.relations), highlight=list(first.highlight),
                     context_countries=list(first.context_countries))
    told = {_relation_key(r) for r in merged.relations}
    for other in drafts:
        for key, place in other.places.items():
            merged.places.setdefault(key, place)
        for key, actor in other.actors.items():
            merged.actors.setdefault(key, actor)
        for relation in other.relations:
            if _relation_key(relation) not in told:
                told.add(_relation_key(relation))
                merged.relations.append(relation)
        merged.highlight += [c for c in other.highlight if c not in merged.highlight]
        merged.context_countries += [c for c in other.context_countries
                                     if c not in merged.context_countries]
    if all(r.format == "article" for r, _ in found):
        merged.title = f"Events from {len(found):,} articles"
        merged.bounds = None
    return merged


def _relation_key(relation: Relation) -> tuple[str, str, str, str | None]:
    return relation.source, relation.target, str(relation.kind), relation.claimed_by


def _events(results: Sequence[ReadResult], scenario: Scenario | None
            ) -> tuple[gpd.GeoDataFrame, Any]:
    """The events of every result (and of a scenario given apart) as one layer, and the
    file each row came from (an array in row order)."""
    import numpy as np
    import pandas as pd

    parts = [(r.frame, r.source) for r in results if r.frame is not None and len(r.frame)]
    if scenario is not None and not any(r.scenario is scenario for r in results):
        path = scenario.path or "scenario"
        parts.append((scenario_events(scenario, path).frame, str(path)))
    parts = [(frame, source) for frame, source in parts if len(frame)]
    if not parts:
        return empty_events(), np.array([], dtype=object)
    frames = [frame for frame, _ in parts]
    table = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    files = np.repeat(np.array([source for _, source in parts], dtype=object),
                      [len(frame) for frame in frames])
    if len(frames) > 1:
        table["event_id"] = ids_told_apart(table["event_id"], files)
    return events_frame(table), files


def ids_told_apart(ids: pd.Series, files: Any, order: Sequence[Any] | None = None
                   ) -> pd.Series:
    """``ids`` with each one that more than one source gives prefixed with its file's
    name (``a-story:e1``): every article's first event is ``e1``, and the popups, the
    table's export and the layers must tell them apart. One source's ids stay as given.

    ``files`` are each id's source, ``order`` every source of the map in its order
    (default: as ``files`` first name them). ``geomap publish``, whose sources are read
    in pieces, calls this too, on the ids that may need a prefix alone: those another
    source shares (:func:`id_hashes`, :func:`ids_of_several`) and those holding
    :data:`ID_SEPARATOR`, which a prefixed id could meet
    (:func:`geomap.publish.build.read_all`).
    """
    import pandas as pd

    repeated = ids.notna() & ids.duplicated(keep=False)  # a hash pass: most maps stop here
    if not repeated.any():
        return ids
    sources = pd.Series(files, index=ids.index)
    shared = _clashing(ids, sources)
    if not shared.any():
        return ids
    told = ids.astype(object)
    files_in_order = list(pd.unique(sources) if order is None else order)
    # The file's name; where that still collides (two ``a.csv`` in two folders, or a
    # file's own id "b:e1" beside ``b.csv``'s "e1"), its path; then its place in the map.
    for name in (lambda k, f: Path(str(f)).stem, lambda k, f: str(f),
                 lambda k, f: f"{f}#{k + 1}"):
        names = {file: name(k, file) for k, file in enumerate(files_in_order)}
        told[shared] = sources[shared].map(names) + ID_SEPARATOR + ids[shared].astype(str)
        shared &= _clashing(told, sources)
        if not shared.any():
            break
    return told


#: Between a file's name and an event id it gives (``a-story:e1``).
ID_SEPARATOR = ":"


def id_hashes(ids: pd.Series) -> np.ndarray:
    """A 64-bit hash of each event id's text (the same in every process), 0 for none."""
    import numpy as np
    import pandas as pd

    text = ids.reset_index(drop=True).astype(object)
    text = text.where(text.notna(), "").astype(str)
    hashes = pd.util.hash_pandas_object(text, index=False).to_numpy(np.uint64)
    return np.where(text.to_numpy() == "", np.uint64(0), hashes)


def ids_of_several(per_source: Sequence[np.ndarray]) -> np.ndarray:
    """The id hashes (:func:`id_hashes`) that more than one source gives: ``per_source``
    holds each source's (repeats and 0, no id, allowed)."""
    import numpy as np

    distinct = [np.unique(hashes[hashes != 0]) for hashes in per_source]
    if len(distinct) < 2:
        return np.zeros(0, dtype=np.uint64)
    values, sources = np.unique(np.concatenate(distinct), return_counts=True)
    return values[sources > 1]


def _clashing(ids: pd.Series, sources: pd.Series) -> pd.Series:
    """Whether each id is also another source's id."""
    import pandas as pd

    repeated = ids.notna() & ids.duplicated(keep=False)
    clash = pd.Series(False, index=ids.index)
    if repeated.any():
        clash[repeated] = (sources[repeated].groupby(ids[repeated]).transform("nunique")
                           .to_numpy() > 1)
    return clash


def outside_stated_country(events: pd.DataFrame, files: Any, shown: int = 3) -> list[Reject]:
    """A warning naming each event whose point lies outside the country its source states
    (event id, file, line), and one log line naming the first ``shown`` of them.

    Parameters
    ----------
    events
        Attached events (:func:`~geomap.layers.attach.attach_events`).
    files
        The file each row came from, in row order.
    """
    import numpy as np

    rows = np.flatnonzero(events["admin0_rule"].to_numpy() == "country_mismatch")
    columns = {name: events[name].iloc[rows].tolist()  # by column: a row Series is slow
               for name in ("event_id", "iso", "latitude", "longitude", "admin0_code")}
    lines = (events["source_line"].iloc[rows].tolist() if "source_line" in events.columns
             else [None] * len(rows))
    warnings = [_outside(str(files[row]), line, *values) for row, line, *values
                in zip(rows, lines, *columns.values(), strict=True)]
    if warnings:
        named = [f"{events['event_id'].iloc[row]!r} ({_where(warning)})"
                 for row, warning in zip(rows[:shown], warnings, strict=False)]
        logger.warning("%s %s outside %s stated country: %s%s",
                       counted(len(warnings), "event"),
                       "lies" if len(warnings) == 1 else "lie",
                       "its" if len(warnings) == 1 else "their", "; ".join(named),
                       " ..." if len(warnings) > shown else "")
    return warnings


def _outside(file: str, line: Any, event_id: Any, iso: Any, latitude: Any, longitude: Any,
             admin0_code: Any) -> Reject:
    found = admin0_code or "no country"
    return Reject(file, int(line) if line == line and line is not None else None,
                  "iso", f"event {event_id!r} lies outside its stated country {iso} (its "
                  f"point {latitude}, {longitude} is in {found}); kept as given")


def _where(reject: Reject) -> str:
    name = Path(reject.file).name
    return f"{name}, line {reject.line}" if reject.line is not None else name


def _title(title: str | None, scenario: Scenario | None, results: Sequence[ReadResult],
           events: pd.DataFrame) -> str:
    if title:
        return title
    if scenario is not None:
        told, _ = story_heading(scenario.title, scenario.subtitle,
                                articles=all(r.format == "article" for r in results
                                             if r.scenario is not None),
                                other_data=bool((events["dataset"] != "scenario").any()))
        if told:
            return told
    return data_title(events) or "Events from " + (
        ", ".join(Path(r.source).name for r in results[:3]) or "no sources")


def story_heading(title: str | None, subtitle: str | None, articles: bool,
                  other_data: bool) -> tuple[str | None, str | None]:
    """The title and subtitle a map takes from its story (the single page's and a
    published site's), ``None`` for a title made from the data.

    Beside ``other_data`` (an ACLED file, a sheet), a story told by ``articles`` alone
    (read as text, not a draft file) titles nothing: an article's first sentence, or "Events
    from 3 articles", is no title of a map of a week's incidents; a draft's subtitle then
    says that the articles' events are the drafts. A scenario file keeps its title, which
    its author may have edited.
    """
    if not other_data:
        return title, subtitle
    return (None if articles else title,
            DRAFT_PART_SUBTITLE if subtitle == DRAFT_SUBTITLE else subtitle)


#: How each dataset is named in a title made from the data.
DATASET_NAMES = {"acled": "ACLED", "ucdp": "UCDP GED", "gdelt": "GDELT", "table": "Events",
                 "scenario": "Scenario"}


def data_title(events: pd.DataFrame, countries: int = 5) -> str:
    """A title made from the events: datasets, main countries and years.

    Examples: ``"ACLED: Mali, Burkina Faso, Niger, Chad, Mauritania, 1997–2018"``,
    ``"UCDP GED: Ukraine, 2014–2022"``; ``""`` without events.
    """
    import pandas as pd

    if events is None or not len(events):
        return ""
    datasets = events["dataset"].dropna().astype(str).value_counts().index
    names = country_names(events)
    years = pd.to_datetime(events["event_date"], errors="coerce").dt.year.dropna()
    return titled(list(datasets), list(names[names != ""].value_counts().index),
                  (int(years.min()), int(years.max())) if len(years) else None, countries)


def country_names(events: pd.DataFrame) -> pd.Series:
    """Each event's country name as its row gives it, else the name of its ISO code (a
    sheet of one's own with no country column, its places geocoded: "Events: Mali,
    2024", not "Events: 2024"); "" without either."""
    import pandas as pd

    given = (events["country"] if "country" in events.columns
             else pd.Series(pd.NA, index=events.index))
    names = given.astype("string").str.strip().fillna("")
    if "iso" in events.columns and (names == "").any():
        from_code = events["iso"].astype("string").str.upper().map(alpha2_to_name())
        names = names.where(names != "", from_code.fillna("").astype("string"))
    return names.astype(str)


def titled(datasets: Sequence[str], names: Sequence[str], years: tuple[int, int] | None,
           countries: int = 5) -> str:
    """:func:`data_title` from its parts: the datasets and the country names, most events
    first, and the first and last year (a published site adds them up over its pieces)."""
    named = " + ".join(dict.fromkeys(DATASET_NAMES.get(d, d) for d in datasets)) or "Events"
    top = list(names[:countries + 1])
    place = ", ".join(top[:countries]) + (" and others" if len(top) > countries else "")
    span = "" if years is None else (f"{years[0]}" if years[0] == years[1]
                                     else f"{years[0]}–{years[1]}")
    return f"{named}: " + ", ".join(part for part in (place, span) if part)


def _highlight(events: pd.DataFrame, scenario: Scenario | None, limit: int = 12) -> list[str]:
    """The scenario's highlighted countries, else the countries with most events."""
    if scenario is not None and scenario.highlight:
        return list(dict.fromkeys(c.upper() for c in scenario.highlight))
    return focus_countries(events.loc[events["admin0_code"] != "", "admin0_code"]
                           .value_counts(), limit)


def focus_countries(counts: pd.Series, limit: int = 12) -> list[str]:
    """The countries in focus of event data: of ``counts`` (events per country code, most
    first), the first ``limit`` that hold at least 1% of the events, sorted by code."""
    counts = counts[counts >= max(1, 0.01 * counts.sum())]
    return sorted(counts.head(limit).index)


def _regions(events: gpd.GeoDataFrame, scenario: Scenario | None, extra: Sequence[str],
             frame: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
    ids = list(dict.fromkeys([*(scenario.regions if scenario else []), *extra]))
    if not ids:
        return None
    if frame is None:
        frame = load_regions()
    known = {str(i).lower() for i in frame["id"]}
    unknown = [i for i in ids if i.lower() not in known]
    if unknown:
        raise ConfigError(f"expected named region ids among {sorted(known)}, got {unknown!r}")
    return events_by_region(events, frame, ids=ids)


def _actors_and_relations(events: gpd.GeoDataFrame,
                          scenario: Scenario | None) -> tuple[Any, Any]:
    if scenario is None:
        return actor_layer(events), None
    actors = actor_layer(events, scenario.actors, scenario.places,
                         event_actors=scenario.event_actors)
    return actors, relation_layer(scenario.relations, actors)


@cache
def _attribution_lines() -> dict[str, str]:
    text = (files("geomap") / "data" / "layers" / "attributions.json").read_text("utf-8")
    lines: dict[str, str] = json.loads(text)
    return lines


def attributions(results: Sequence[ReadResult], scenario: Scenario | None) -> list[str]:
    """One attribution line per data source used: Natural Earth always, GeoNames when
    the gazetteer placed anything, then each dataset present."""
    lines = _attribution_lines()
    datasets: set[str] = set()
    for result in results:
        if result.frame is not None and "dataset" in result.frame.columns:
            datasets |= {str(d) for d in result.frame["dataset"].dropna().unique()}
    if scenario is not None:
        datasets.add("scenario")
    used = ["naturalearth"]
    if _gazetteer_used(results, scenario):
        used.append("geonames")
    used += [d for d in DATASETS if d in datasets]
    # a story read from articles alone was not curated by anyone: it is a draft
    stories = [r.format for r in results if r.format in ("scenario", "article")]
    if stories and set(stories) == {"article"}:
        used = ["article" if key == "scenario" else key for key in used]
    return [lines[key] for key in used]


def credit_places(lines: Sequence[str], places: Mapping[str, Any]) -> list[str]:
    """``lines`` with GeoNames' credit after Natural Earth's when a page carries the
    gazetteer's towns (``places``' ``names``: its search and place names, from
    :func:`geomap.render.places.place_points`). CC BY 4.0 asks for the credit wherever the
    data is shown: a map of an ACLED or UCDP export, its events placed by their own
    coordinates, showed GeoNames' town names crediting Natural Earth and the dataset only."""
    credit = _attribution_lines()["geonames"]
    if not places.get("names") or any("GeoNames" in line for line in lines):
        return list(lines)
    return [*lines[:1], credit, *lines[1:]]


def _gazetteer_used(results: Sequence[ReadResult], scenario: Scenario | None) -> bool:
    # Tables mark look-ups (ReadResult.geocoded); article extraction always uses it.
    if any(r.geocoded or r.format == "article" for r in results):
        return True
    places = scenario.places.values() if scenario is not None else ()
    return any(p.geonameid is not None for p in places)


def story_bounds(events: pd.DataFrame, scenario: Scenario | None,
                 admin0: gpd.GeoDataFrame, highlight: Sequence[str],
                 actors: gpd.GeoDataFrame | None = None,
                 ) -> tuple[float, float, float, float] | None:
    """``(south, west, north, east)`` framing what the map shows, not the whole world.

    The scenario's own bounds win. Else, padded by 5%: the events located to a province
    or better, trimmed of the outermost 0.5% on each side when there are many (one stray
    GDELT row must not zoom the map out to the world); the outlines of the countries in
    focus that the map shows mostly as areas (at least half of their events known only to
    the country or coarser: a story's battle "in Mali"); the actors' home places near
    them (:func:`_near_homes`: a far capital that a relation reaches, "Washington called
    for talks", is drawn, with its arrow, but does not frame the map: on a phone it shrank
    the events to a few pixels); every home place when there are no events. A
    scenario's other places (a country named in passing, at its centre in Siberia) are not
    drawn and do not frame the map. Without any of these: the highlighted countries'
    outlines.
    """
    import numpy as np

    if scenario is not None and scenario.bounds:
        return tuple(float(v) for v in scenario.bounds)  # type: ignore[return-value]
    lon, lat = _located_points(events)
    boxes: list[tuple[float, ...]] = []  # west, south, east, north
    if len(lon):
        trim = 0.5 if len(lon) >= 200 else 0.0
        west, east = np.percentile(lon, [trim, 100 - trim])
        south, north = np.percentile(lat, [trim, 100 - trim])
        boxes.append((float(west), float(south), float(east), float(north)))
    homes = actors if actors is not None and len(actors) and \
        not actors.geometry.is_empty.all() else None
    if homes is not None and not boxes:
        boxes.append(tuple(float(v) for v in homes.total_bounds))
    areas = _area_countries(events, highlight) if boxes else list(highlight)
    shapes = admin0[admin0["iso_a2"].isin(areas)] if areas else admin0.iloc[:0]
    if len(shapes):
        boxes.append(tuple(float(v) for v in shapes.total_bounds))
    if not boxes:
        return None
    frame = _union(boxes)
    if homes is not None and len(lon):
        frame = _union([frame, *_near_homes(homes, frame)])
    west, south, east, north = frame
    return _padded(south, west, north, east)


#: How far beyond the events' frame an actor's home place still frames the map: the
#: frame's own width (height) on each side, at least this many degrees.
NEAR_HOME_DEGREES = 5.0


def _union(boxes: Sequence[tuple[float, ...]]) -> tuple[float, float, float, float]:
    """The box (west, south, east, north) around ``boxes``."""
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _near_homes(actors: gpd.GeoDataFrame, frame: tuple[float, float, float, float]
                ) -> list[tuple[float, ...]]:
    """The box of the actors' home places near ``frame`` (west, south, east, north):
    within its own width and height of it on each side, :data:`NEAR_HOME_DEGREES` at
    least; none, or an empty list, when every home place lies farther."""
    west, south, east, north = frame
    grow_x = max(east - west, NEAR_HOME_DEGREES)
    grow_y = max(north - south, NEAR_HOME_DEGREES)
    shown = actors[~actors.geometry.is_empty]
    points = shown.geometry.representative_point()
    near = ((points.x >= west - grow_x) & (points.x <= east + grow_x)
            & (points.y >= south - grow_y) & (points.y <= north + grow_y)).to_numpy(bool)
    if not near.any():
        return []
    return [tuple(float(v) for v in shown[near].total_bounds)]


def _located_points(events: pd.DataFrame) -> tuple[Any, Any]:
    """Longitudes and latitudes of the events located to a province or better."""
    import numpy as np

    located = events[events["geo_precision"].astype("int64") <= Precision.ADM1]
    lon = located["longitude"].to_numpy(dtype="float64")
    lat = located["latitude"].to_numpy(dtype="float64")
    finite = np.isfinite(lon) & np.isfinite(lat)
    return lon[finite], lat[finite]


def _area_countries(events: pd.DataFrame, highlight: Sequence[str]) -> list[str]:
    """The countries in focus whose events are mostly (at least half) known only to the
    country or coarser: the map shows them as areas."""
    if not len(highlight) or not len(events) or "admin0_code" not in events.columns:
        return []
    coarse = events["geo_precision"].astype("int64") >= Precision.COUNTRY
    share = coarse.groupby(events["admin0_code"].to_numpy()).mean()
    return [code for code in highlight if share.get(code, 0.0) >= 0.5]


#: The least a frame spans, in degrees each way: a map of one town's events opens on the
#: country around it (its neighbours, roads of towns and provinces), not on 20 km of
#: province fill with nothing to tell where it is.
MIN_FRAME_DEGREES = 1.5


def _padded(south: float, west: float, north: float, east: float,
            share: float = 0.05) -> tuple[float, float, float, float]:
    pad_y = max((north - south) * share, (MIN_FRAME_DEGREES - (north - south)) / 2)
    pad_x = max((east - west) * share, (MIN_FRAME_DEGREES - (east - west)) / 2)
    return (max(south - pad_y, -85.0), max(west - pad_x, -180.0),
            min(north + pad_y, 85.0), min(east + pad_x, 180.0))


def outside_note(n: int) -> str:
    """The caveat a map shows for ``n`` events outside the country their source states
    (the single page's and a published site's)."""
    return (f"{counted(n, 'event')} {'lies' if n == 1 else 'lie'} outside the country "
            f"{'its' if n == 1 else 'their'} source states.")


def _describe(bundle: LayerBundle, events: pd.DataFrame, scenario: Scenario | None,
              guessed: int = 0) -> None:
    """Subtitle, sources and the caveats shown on the map."""
    if scenario is not None:
        # an article's draft beside other data: the draft is the articles' events only
        _, bundle.subtitle = story_heading(scenario.title, scenario.subtitle, articles=False,
                                           other_data=bool((events["dataset"] != "scenario")
                                                           .any()))
        bundle.sources = dict(scenario.sources)
    bundle.notes += caveat_notes(coarse=int((events["attach_rule"] == "coarse").sum()),
                                 outside=int((events["admin0_rule"] == "country_mismatch").sum()),
                                 lost=int((events["admin0_code"] == "").sum()),
                                 guessed=guessed)


def missing_notes(rejected: int, left_out: int, files: bool = True) -> list[str]:
    """The caveats of a map some of whose sources' rows or articles' events it does not
    draw: whoever reads only the map (a field officer sent the page) must learn that it
    is not the whole of its sources. With ``files`` (the single page, which sits beside
    its rejects and warnings files) they say which file names the rows; a published
    site's reader cannot open those files (they are its author's), so there the count
    alone."""
    notes = []
    if rejected:
        where = f" (the rejects file lists {'it' if rejected == 1 else 'them'})" if files else ""
        notes.append(f"{counted(rejected, 'row')} of the sources {'is' if rejected == 1 else 'are'}"
                     f" not on this map: rejected{where}.")
    if left_out:
        where = (f" (the warnings file names {'it' if left_out == 1 else 'them'})"
                 if files else "")
        notes.append(f"{counted(left_out, 'event')} the articles tell "
                     f"{'is' if left_out == 1 else 'are'} not on this map: no date, place or "
                     f"actor found, or history the story recalls{where}.")
    return notes


def caveat_notes(coarse: int, outside: int, lost: int, guessed: int = 0,
                 files: bool = True) -> list[str]:
    """The caveats a map shows (the single page's and a published site's) for ``coarse``
    events known only to a country or a wider area, ``outside`` ones outside the country
    their source states (:func:`outside_note`), ``lost`` ones in no country and
    ``guessed`` ones placed by a place name geocoded with low confidence (naming the
    warnings file with ``files``, as :func:`missing_notes`)."""
    notes = []
    if guessed:
        where = f" (the warnings file names {'it' if guessed == 1 else 'them'})" if files else ""
        notes.append(f"{counted(guessed, 'event')} {'is' if guessed == 1 else 'are'} placed "
                     f"by a guess among places of the same name{where}.")
    if coarse:
        notes.append(f"{counted(coarse, 'event')} known only to a country or a wider area "
                     f"{'is' if coarse == 1 else 'are'} counted per country, not per province.")
    if outside:
        notes.append(outside_note(outside))
    if lost:
        notes.append(f"{counted(lost, 'event')} could not be placed in any country.")
    return notes
