"""A story's own layers on a published site: named regions, actors and relations.

A scenario (``geomap build --example``'s YAML) draws more than its events on the single
page: its countries in focus, the named regions it names, its actors' home places and
footprints, and the relations between them. They are small (tens of features), so a
site writes them whole as ``layers.json`` beside the tiles, made by the single page's own functions
(:func:`geomap.layers.build.build_layers`, then
:func:`geomap.render.map.scenario_features`), and the page draws them with the single
page's own scripts.

Without a scenario, the single page makes two of these layers from the event data: the
countries in focus (those with most events, :func:`geomap.layers.build.focus_countries`)
and the home places of the 50 busiest actors (actor 1 or 2 or associated,
:func:`geomap.layers.actors.actor_mentions`). A site never holds every event at once, so
it adds up small counts instead: each piece's events per country and mentions per actor
name (:func:`piece_counts`, in the reading pass), then, once the busiest names are
known, each group of buckets' events and dates per busiest actor, and their positions
binned to :data:`HOME_BITS` (:func:`actor_parts`, in the tiling pass, which
reads every record anyway); :func:`data_layers` makes the single page's rows of them
(:func:`geomap.layers.actors.summarised_actor_layer`) and its features. Sums, minima,
maxima and medians of the sums do not depend on the pieces or groups: the dask path
writes the same file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geomap.layers.actors import DEFAULT_TOP, ActorSummary, actor_mentions, summarised_actor_layer
from geomap.layers.aggregate import boundary_shapes
from geomap.layers.build import build_layers, focus_countries
from geomap.layers.bundle import LayerBundle
from geomap.precision import Precision
from geomap.publish.tiles import UNKNOWN, WORLD_BITS, world_lonlat
from geomap.refdata.boundaries import admin0_or_default, admin1_or_default
from geomap.render.map import scenario_features
from geomap.sources.report import ReadResult

logger = logging.getLogger(__name__)

#: The layers a site's ``layers.json`` holds: the countries in focus (ISO2 codes: the page
#: shades their outlines from ``basemap.geojson``), then lists of GeoJSON features.
LAYER_KEYS = ("highlight", "regions", "actors", "footprints", "relations")
#: Where a site of event data alone keeps its actors' footprints: a few kB per actor and
#: province (0.54 MB for 25 actors of 20,000 events), fetched only when the page shows
#: actors or a reader searches (``layers.json`` names the file and counts them).
FOOTPRINTS_FILE = "footprints.json"


def story_layers(result: ReadResult) -> dict[str, Any] | None:
    """The layers of the scenario ``result`` was read from (its title, subtitle and
    features as :func:`geomap.render.map.scenario_features` gives them), or None when it
    is not a scenario's.

    The actors' events, dates and footprints count the scenario's own events (as a single
    page made from the scenario alone).
    """
    if result.scenario is None:
        return None
    bundle = build_layers([result])
    return {"title": bundle.title, "subtitle": bundle.subtitle or "",
            "source": Path(result.source).name, "article": result.format == "article",
            "bounds": None if bundle.bounds is None else [float(v) for v in bundle.bounds],
            **scenario_features(bundle)}


def site_layers(found: Sequence[dict[str, Any] | None],
                datasets: Sequence[str], data: dict[str, Any] | None = None) -> dict[str, Any]:
    """``layers.json``: the first scenario's layers among ``found`` (one per piece, in
    source order), with the features every article's draft adds that it lacks (as
    :func:`geomap.layers.build.story_scenario` merges them for the single page), else
    those made from the event data (``data``, :func:`data_layers`; empty lists without
    either), and the ``datasets`` of the site's events (the page shows actors' home
    places at first only without event data, as the single page does)."""
    stories = [layers for layers in found if layers is not None]
    first = stories[0] if stories else (data or {})
    layers: dict[str, Any] = {"datasets": sorted(set(datasets)),
                              **{key: list(first.get(key, [])) for key in LAYER_KEYS}}
    for draft in (story for story in stories[1:] if story.get("article")):
        for key in LAYER_KEYS:
            seen = {_feature_key(key, item) for item in layers[key]}
            layers[key] += [item for item in draft.get(key, [])
                            if _feature_key(key, item) not in seen]
    if stories and first.get("bounds") and not _articles_alone(stories):
        layers["bounds"] = first["bounds"]  # the story's frame (south, west, north, east)
    if not stories and layers["footprints"]:  # fetched when asked (FOOTPRINTS_FILE)
        layers.update(footprints=[], footprintsFile=FOOTPRINTS_FILE,
                      footprintsCount=len(first["footprints"]))
    return layers


def _feature_key(layer: str, item: Any) -> Any:
    """What makes two stories' items one on the site: a country code, an actor's id, a
    region's or a footprint's name, a relation's ends, kind and claimant."""
    if not isinstance(item, dict):
        return item
    properties = item.get("properties", {})
    if layer == "actors":
        return properties.get("id")
    if layer == "relations":
        return (properties.get("source"), properties.get("target"), properties.get("kind"),
                properties.get("claimed_by"))
    return properties.get("name")


def _articles_alone(stories: Sequence[dict[str, Any]]) -> bool:
    return len(stories) > 1 and all(story.get("article") for story in stories)


def story_title(found: Sequence[dict[str, Any] | None]) -> str | None:
    """The site's title from its stories: the first one's, or, for several articles
    alone, how many they are (as the single page); None without a story."""
    stories = [layers for layers in found if layers is not None]
    if not stories:
        return None
    if _articles_alone(stories):
        return f"Events from {len(stories):,} articles"
    return str(stories[0].get("title") or "") or None


def story_sources(found: Sequence[dict[str, Any] | None]) -> list[str]:
    """The file names of the scenario files among ``found`` that add their events only
    (every one after the first that is not an article's draft), after the first's: the
    site tells the first one's story (title, regions, actors, relations), to which
    articles add theirs."""
    stories = [layers for layers in found if layers is not None]
    return [str(layers.get("source", "")) for i, layers in enumerate(stories)
            if i == 0 or not layers.get("article")]


def several_stories_line(names: Sequence[str]) -> str | None:
    """What a publish says when several scenario files are among its sources, else None."""
    if len(names) < 2:
        return None
    return (f"{len(names)} scenarios among the sources: the site tells the story of "
            f"{names[0]} (its title, regions, actors and relations); "
            f"{', '.join(names[1:])} add their events only. Publish one scenario per "
            f"site, or merge them into one, to show another's story.")


def lazy_footprints(found: Sequence[dict[str, Any] | None],
                    data: dict[str, Any] | None = None) -> dict[str, Any]:
    """The content of :data:`FOOTPRINTS_FILE`: the footprints of the actors of event data
    (``data``) when there is no story (a story's few are in ``layers.json``)."""
    told = any(layers is not None for layers in found)
    return {"footprints": [] if told else (data or {}).get("footprints", [])}


#: Actors' home places are medians of their events' positions binned to 2^HOME_BITS per
#: world side (a pixel at zoom 12: 38 m at the equator, less further north), so that a
#: group's part stays small however many events the busiest actors have.
HOME_BITS = 20
_ACTOR_COLUMNS = {"a1": "actor1", "x1": "assoc_actor_1", "a2": "actor2", "x2": "assoc_actor_2"}


def _mentions(records: pa.Table) -> pd.DataFrame:
    """The records' (row, actor name) pairs, as the single page finds them in its events."""
    frame = pd.DataFrame({name: records[key].to_pandas(types_mapper=pd.ArrowDtype)
                          for key, name in _ACTOR_COLUMNS.items()})  # factorised by pyarrow
    return actor_mentions(frame)


def piece_counts(records: pa.Table) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A piece's events per country code (``code, n``; "" for none) and actor mentions
    per name (``name, n``: events naming it as actor 1 or 2 or associated)."""
    countries = pc.value_counts(records["r0"])
    names = _mentions(records)["name"].value_counts()
    names = names[names > 0]
    return (pd.DataFrame({"code": countries.field("values").to_pylist(),
                          "n": countries.field("counts").to_numpy().astype(np.int64)}),
            pd.DataFrame({"name": names.index.astype(str), "n": names.to_numpy()}))


def _summed(parts: Sequence[pd.DataFrame], key: str) -> pd.Series:
    """Counts added up by ``key``, most first, ties by key."""
    if not parts:
        return pd.Series(dtype=np.int64)
    totals = pd.concat(parts, ignore_index=True).groupby(key, sort=True)["n"].sum()
    return totals.iloc[np.lexsort((np.arange(len(totals)), -totals.to_numpy()))]


def busiest_names(parts: Sequence[pd.DataFrame], top: int = DEFAULT_TOP) -> list[str]:
    """The ``top`` actor names with most events (:func:`piece_counts`' second part)."""
    return [str(name) for name in _summed(parts, "name").head(top).index]


def actor_parts(records: pa.Table, names: Sequence[str]) -> pd.DataFrame:
    """What a group of records tells of the actors ``names``, per actor and ``kind``:
    "first" and "last" (the first and last day of its events, ``key``: days since 1970),
    "x" and "y" (events at EXACT or NEAR precision per position bin ``key``), "events"
    (``n``) and "area" (events per region ``area``: the province, else the country, as
    the single page's footprints count them; ``area`` is "" in the other rows)."""
    if not names or not records.num_rows:
        return combine_actor_parts([])
    mentions = _mentions(records)
    actors = np.asarray(names, dtype=object)
    position = pd.Index(actors).get_indexer(mentions["name"].cat.categories.astype(str))
    every = position[mentions["name"].cat.codes.to_numpy()]  # -1: not one of ``names``
    rows, code = mentions["row"].to_numpy()[every >= 0], every[every >= 0]
    parts = [_counted("events", code, np.zeros(len(code), dtype=np.int64), actors)]
    day = records["d"].to_numpy()[rows].astype(np.int64)
    dated = day != UNKNOWN
    for kind, pick in (("first", np.minimum), ("last", np.maximum)):
        start = np.full(len(actors), UNKNOWN if kind == "last" else -UNKNOWN, dtype=np.int64)
        pick.at(start, code[dated], day[dated])
        has = np.bincount(code[dated], minlength=len(actors)) > 0
        parts.append(pd.DataFrame({"name": actors[has], "kind": kind, "key": start[has],
                                   "n": 0}))
    point = records["p"].to_numpy()[rows] <= int(Precision.NEAR)
    shift = WORLD_BITS - HOME_BITS
    for axis in ("x", "y"):
        bins = (records[axis].to_numpy()[rows] >> shift).astype(np.int64)
        parts.append(_counted(axis, code[point], bins[point], actors))
    parts.append(_areas_counted(records, rows, code, actors))
    frame = pd.concat(parts, ignore_index=True)  # one row per actor, kind, key and area
    frame["area"] = frame["area"].fillna("")
    return frame


def _areas_counted(records: pa.Table, rows: np.ndarray, code: np.ndarray,
                   actors: np.ndarray) -> pd.DataFrame:
    """Events per actor ``code`` and region (the record's province, else its country;
    none when neither), rows of kind "area"."""
    region = pc.if_else(pc.not_equal(records["r1"], ""), records["r1"], records["r0"])
    found, names = pd.factorize(region.take(pa.array(rows)).to_numpy(zero_copy_only=False))
    named = np.asarray([name != "" for name in names] + [False])[found]  # found -1: none
    counted = _counted("area", code[named], found[named], actors)
    return counted.assign(area=np.asarray(names, dtype=object)[counted["key"].to_numpy()],
                          key=0)


def _counted(kind: str, code: np.ndarray, key: np.ndarray, actors: np.ndarray) -> pd.DataFrame:
    """Rows of ``kind`` per actor ``code`` and ``key`` with how many there are (numpy's
    unique: a group's hundreds of thousands of mentions become a few thousand rows
    before pandas)."""
    pairs, n = np.unique(code.astype(np.int64) * (1 << 32) + key, return_counts=True)
    return pd.DataFrame({"name": actors[pairs >> 32], "kind": kind, "key": pairs & 0xFFFFFFFF,
                         "n": n})


def combine_actor_parts(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Add up :func:`actor_parts` (in any order): counts summed, first days the least,
    last days the greatest; sorted."""
    keys = ["name", "kind", "key", "area"]
    if not parts:
        return pd.DataFrame({"name": pd.Series(dtype=object), "kind": pd.Series(dtype=object),
                             "key": pd.Series(dtype=np.int64), "area": pd.Series(dtype=object),
                             "n": pd.Series(dtype=np.int64)})
    frame = pd.concat(parts, ignore_index=True).astype({"key": np.int64, "n": np.int64})
    kind = frame["kind"].to_numpy()
    out = [frame[(kind != "first") & (kind != "last")]
           .groupby(keys, sort=True, as_index=False)["n"].sum()]
    for which, how in (("first", "min"), ("last", "max")):
        days = frame[kind == which].groupby(["name", "kind"], sort=True,
                                            as_index=False)["key"].agg(how)
        out.append(days.assign(n=0, area=""))
    return pd.concat(out, ignore_index=True)[[*keys, "n"]].astype({"key": np.int64,
                                                                  "n": np.int64})


def data_layers(countries: Sequence[pd.DataFrame], names: Sequence[str],
                actors: pd.DataFrame) -> dict[str, Any]:
    """The layers the single page makes from event data: the countries in focus (from
    :func:`piece_counts`' first parts) and the busiest actors' home places and footprints
    (``names`` and their :func:`combine_actor_parts`), as its payload code writes them.
    The footprints (the outlines of every province where each actor acted: 0.54 MB for the
    25 actors of 20,000 synthetic events) go to a file of their own
    (:func:`site_layers`), fetched after the first view."""
    totals = _summed(countries, "code")
    focus = focus_countries(totals[totals.index != ""]) if len(totals) else []
    rows = {str(name): part for name, part in actors.groupby("name", sort=False)}
    summaries = [_summary(name, rows.get(name, actors.iloc[:0])) for name in names]
    frame = summarised_actor_layer(s for s in summaries if s is not None)
    admin0, admin1 = _footprint_areas(s for s in summaries if s is not None)
    return scenario_features(LayerBundle(title="", actors=frame, highlight_countries=focus,
                                         admin0=admin0, admin1=admin1))


def _footprint_areas(summaries: Iterable[ActorSummary]) -> tuple[Any, Any]:
    """The outlines of the countries and provinces the footprints name (those the
    single page's aggregates give its footprints: the same boundaries)."""
    codes = {code for summary in summaries for code, _ in summary.footprint}
    shapes = []
    for frame, level in ((admin0_or_default(None), "admin0"), (admin1_or_default(None), "admin1")):
        found = boundary_shapes(frame, level)
        shapes.append(found[found["code"].isin(codes)].reset_index(drop=True))
    return shapes[0], shapes[1]


def _summary(name: str, rows: pd.DataFrame) -> ActorSummary | None:
    """An actor's summary, or None when none of its events is at a point (the single page
    leaves such an actor out: it has no home)."""
    def part(kind: str) -> pd.DataFrame:
        return rows[rows["kind"] == kind]

    x, y = part("x"), part("y")
    if not len(x):
        return None
    first, last = part("first")["key"], part("last")["key"]
    areas = part("area")
    order = np.lexsort((areas["area"].to_numpy().astype(str), -areas["n"].to_numpy()))
    footprint = tuple((str(areas["area"].iloc[k]), int(areas["n"].iloc[k])) for k in order)
    unit = 1 << (WORLD_BITS - HOME_BITS)  # two middle bins' centres: the mean in degrees
    lon = float(np.mean([world_lonlat((b + 0.5) * unit, 0)[0] for b in _middle_bins(x)]))
    lat = float(np.mean([world_lonlat(0, (b + 0.5) * unit)[1] for b in _middle_bins(y)]))
    return ActorSummary(
        name=name, events=int(part("events")["n"].sum()),
        first_date=np.datetime64(int(first.iloc[0]), "D") if len(first) else None,
        last_date=np.datetime64(int(last.iloc[0]), "D") if len(last) else None,
        lon=round(lon, 6), lat=round(lat, 6), footprint=footprint)


def _middle_bins(bins: pd.DataFrame) -> tuple[int, int]:
    """The middle bin of counts per bin, twice, or the two middle ones (an even count),
    as ``numpy.median`` of the positions repeated takes them."""
    order = np.argsort(bins["key"].to_numpy().astype(np.int64), kind="stable")
    keys = bins["key"].to_numpy().astype(np.int64)[order]
    ends = np.cumsum(bins["n"].to_numpy()[order])
    total = int(ends[-1])
    return (int(keys[np.searchsorted(ends, (total - 1) // 2, side="right")]),
            int(keys[np.searchsorted(ends, total // 2, side="right")]))
