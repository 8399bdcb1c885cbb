"""The actors layer: each actor's home place and its footprint.

An actor's *home* is, in order: its own scenario place (for a state, its government,
forces and agencies, the capital of its country when that place is no finer than the
country, or when it has none: never the country's centroid or representative point), the
home of the actor it is affiliated to (a spokesman's agency, a unit's army), or the median
of its events' point coordinates. Its *footprint* is where it acted: the provinces (or
countries, for events coarser than a province) of the events that name it, most active first.

Events name actors in ``actor1``, ``actor2``, ``assoc_actor_1`` and ``assoc_actor_2``
(ACLED joins several associated actors with ``;``). A name matches a scenario actor by
its name or one of its aliases (case-insensitive); scenario events also match through
``Scenario.event_actors``. Without scenario actors, the ``top`` most active names
become the actors.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from geomap.geocoding.gazetteer import Gazetteer
from geomap.model import SEAT_KINDS, Actor, Place
from geomap.precision import Precision

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

logger = logging.getLogger(__name__)

ACTOR_COLUMNS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
LAYER_COLUMNS = ("id", "name", "kind", "country_code", "home", "home_kind", "events",
                 "first_date", "last_date", "footprint", "footprint_counts", "description")
#: A country code's capital (a town), or None when unknown.
Capitals = Callable[[str], Place | None]
#: How many actors a layer built from event data alone keeps (the most active).
DEFAULT_TOP = 50


def actor_mentions(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (event row, actor name): ``row`` (position) and ``name`` (categorical).

    Works on the distinct values of each column (a few thousand names for a million
    rows): each is split on ``;`` once, then rows are repeated by array arithmetic.
    """
    import pandas as pd

    vocabulary: dict[str, int] = {}
    rows, ids = [], []
    for column in ACTOR_COLUMNS:
        if column in events.columns:
            row, name_id = _column_mentions(events[column], vocabulary)
            rows.append(row)
            ids.append(name_id)
    if not rows or not vocabulary:
        return pd.DataFrame({"row": pd.Series(dtype="int64"),
                             "name": pd.Categorical([], categories=list(vocabulary))})
    # A sort then a look at each key's neighbour: the keys are a few runs already in row
    # order, which numpy sorts several times faster than pandas' hash unique takes.
    pairs = np.sort(np.concatenate(rows) * len(vocabulary) + np.concatenate(ids))
    first = np.ones(len(pairs), dtype=bool)
    first[1:] = pairs[1:] != pairs[:-1]
    pairs = pairs[first]
    return pd.DataFrame({
        "row": pairs // len(vocabulary),
        "name": pd.Categorical.from_codes(pairs % len(vocabulary), categories=list(vocabulary)),
    })


def _column_mentions(column: pd.Series, vocabulary: dict[str, int]) -> tuple[Any, Any]:
    """(row positions, name ids) of one actor column; fills ``vocabulary``."""
    import pandas as pd

    codes, uniques = pd.factorize(column)
    split = [[n.strip() for n in str(u).split(";") if n.strip()] for u in uniques]
    lengths = np.array([len(names) for names in split] + [0], dtype=np.int64)
    flat = np.array([vocabulary.setdefault(n, len(vocabulary)) for names in split
                     for n in names], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    codes = np.where(codes >= 0, codes, len(uniques))  # missing -> the empty entry
    repeats = lengths[codes]
    row = np.repeat(np.arange(len(codes)), repeats)
    within = np.arange(len(row)) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    return row, flat[np.repeat(offsets[codes], repeats) + within]


def _name_key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def _actor_ids_by_name(actors: Mapping[str, Actor]) -> dict[str, str]:
    table: dict[str, str] = {}
    for actor in actors.values():
        for name in (actor.name, actor.id, *actor.aliases):
            table.setdefault(_name_key(name), actor.id)
    return table


def _match_rows(
    events: pd.DataFrame,
    actors: Mapping[str, Actor],
    event_actors: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]],
    top: int,
) -> tuple[pd.DataFrame, dict[str, Actor]]:
    """(row, actor_id) pairs and the actors they refer to."""
    import pandas as pd

    mentions = actor_mentions(events)
    if not actors:
        return _busiest(mentions, top, taken=set())
    lookup = _actor_ids_by_name(actors)
    names = mentions["name"].cat.categories
    ids = np.array([lookup.get(_name_key(str(n))) for n in names] + [None], dtype=object)
    mentions["actor_id"] = ids[mentions["name"].cat.codes.to_numpy()]
    pairs = [mentions.dropna(subset=["actor_id"])[["row", "actor_id"]]]
    pairs.append(_scenario_pairs(events, event_actors))
    # Event data drawn beside a scenario keeps its own busiest actors too: the layer files
    # and the map then hold the same actors, the scenario's and the data's.
    unmatched = mentions[mentions["actor_id"].isna()].drop(columns="actor_id")
    data_pairs, data_actors = _busiest(unmatched, top, taken=set(actors))
    pairs.append(data_pairs)
    matched = pd.concat(pairs, ignore_index=True).drop_duplicates()
    return matched, {**actors, **data_actors}


def _busiest(mentions: pd.DataFrame, top: int, taken: set[str]
             ) -> tuple[pd.DataFrame, dict[str, Actor]]:
    """The ``top`` most named actors of ``mentions`` as actors of their own; ids already
    ``taken`` (by a scenario's actors) get a ``-data`` suffix."""
    import pandas as pd

    counts = mentions["name"].value_counts()  # unused categories count 0: left out
    busiest = [str(name) for name, count in counts.head(top).items() if count > 0]
    derived = {}
    for name in busiest:
        actor_id = _slug(name)
        derived[name] = Actor(id=f"{actor_id}-data" if actor_id in taken else actor_id,
                              name=name)
    chosen = mentions[mentions["name"].isin(busiest)]
    # Each name's id is looked up once, and the rows carry it as a Categorical: the
    # millions of pairs are then grouped by small integer codes, not by strings.
    ids = list(dict.fromkeys(derived[name].id for name in busiest))  # "Army", "army": one id
    position = {name: ids.index(derived[name].id) for name in busiest}
    code_of_name = np.array([position.get(str(n), -1) for n in chosen["name"].cat.categories]
                            + [-1], dtype=np.int64)
    actor_id = pd.Categorical.from_codes(code_of_name[chosen["name"].cat.codes.to_numpy()],
                                         categories=ids)
    pairs = pd.DataFrame({"row": chosen["row"].to_numpy(), "actor_id": actor_id})
    return pairs, {a.id: a for a in derived.values()}


def _scenario_pairs(
    events: pd.DataFrame, event_actors: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]
) -> pd.DataFrame:
    import pandas as pd

    rows, ids = [], []
    if event_actors and "event_id" in events.columns:
        for position, event_id in enumerate(events["event_id"].astype(str)):
            sides = event_actors.get(event_id)
            for actor_id in (*sides[0], *sides[1]) if sides else ():
                rows.append(position)
                ids.append(actor_id)
    return pd.DataFrame({"row": pd.Series(rows, dtype="int64"),
                         "actor_id": pd.Series(ids, dtype=object)})


def _slug(name: str) -> str:
    return re.sub(r"[\W_]+", "-", name.casefold()).strip("-") or "actor"


def actor_layer(
    events: pd.DataFrame | None = None,
    actors: Mapping[str, Actor] | Iterable[Actor] = (),
    places: Mapping[str, Place] | None = None,
    *,
    event_actors: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] | None = None,
    top: int = DEFAULT_TOP,
    capitals: Capitals | None = None,
) -> gpd.GeoDataFrame:
    """Build the actors layer.

    Parameters
    ----------
    events
        Attached events (``admin0_code``/``admin1_code`` give the footprint); optional.
    actors
        Scenario actors, by id (or an iterable of :class:`~geomap.model.Actor`). When
        empty, the ``top`` most active names in ``events`` become the actors.
    places
        Scenario places by id, for the actors' ``place`` and their affiliation's place.
    event_actors
        ``Scenario.event_actors``: event id -> (actor ids, target ids).
    top
        How many actors to keep when they come from the events alone.
    capitals
        A country code's capital, the seat of a state actor given no place finer than its
        country (default: :meth:`Gazetteer.default().capital
        <geomap.geocoding.gazetteer.Gazetteer.capital>`, read only when one is needed).

    Returns
    -------
    geopandas.GeoDataFrame
        ``id``, ``name``, ``kind``, ``country_code``, ``home`` (place id or name),
        ``home_kind`` (``place``, ``capital``, ``affiliation``, ``events``), ``events``,
        ``first_date``, ``last_date``, ``footprint`` (``;``-joined region codes, most
        events first), ``footprint_counts`` (``code:count;...``), ``description``,
        ``geometry`` (home point). Actors with no home are left out (logged).
    """
    import pandas as pd

    by_id = dict(actors) if isinstance(actors, Mapping) else {a.id: a for a in actors}
    table = events.reset_index(drop=True) if events is not None else pd.DataFrame()
    if len(table):
        pairs, by_id = _match_rows(table, by_id, event_actors or {}, top)
    else:
        pairs = pd.DataFrame({"row": pd.Series(dtype="int64"), "actor_id": pd.Series(dtype=object)})
    stats = _footprints(table, pairs)
    own_rows = _rows_by_actor(pairs)
    rows = [_actor_row(actor, by_id, places or {}, stats, table, own_rows,
                       capitals or _default_capital)
            for actor in by_id.values()]
    return _to_frame([r for r in rows if r is not None], by_id)


def _footprints(events: pd.DataFrame, pairs: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Per actor id: events, first/last dates and the footprint strings.

    Actors and regions are factorised and counted with ``numpy.bincount``; only the
    handful of (actor, region) cells with events become text.
    """
    if not len(pairs):
        return {}
    import pandas as pd

    rows = pairs["row"].to_numpy()
    actor, actor_names = pd.factorize(pairs["actor_id"])
    region_codes, names = _region_codes(events)
    region, distinct = pd.factorize(region_codes[rows])
    region_names = [names[code] for code in distinct]
    width = max(len(region_names), 1)
    cells = np.bincount(actor * width + region, minlength=len(actor_names) * width)
    cells = cells.reshape(len(actor_names), width)
    events_per_actor = np.bincount(actor, minlength=len(actor_names))
    dates = pd.to_datetime(events["event_date"], errors="coerce").to_numpy()[rows]
    result: dict[str, dict[str, Any]] = {}
    for i, actor_id in enumerate(actor_names):
        own = dates[actor == i]
        known = own[~np.isnat(own)]
        counts = {str(region_names[j]): int(cells[i, j]) for j in np.flatnonzero(cells[i])
                  if str(region_names[j])}
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        result[str(actor_id)] = {
            "events": int(events_per_actor[i]),
            "first_date": known.min() if len(known) else None,
            "last_date": known.max() if len(known) else None,
            "footprint": ";".join(code for code, _ in ordered),
            "footprint_counts": ";".join(f"{code}:{n}" for code, n in ordered),
        }
    return result


@dataclass(frozen=True)
class ActorSummary:
    """An actor of event data summed up elsewhere: a published site adds up the counts of
    its pieces instead of holding every event (:func:`summarised_actor_layer`)."""

    name: str
    events: int
    first_date: Any  # numpy.datetime64, or None when no event has a date
    last_date: Any
    lon: float  # home: the median of its events' points (EXACT and NEAR)
    lat: float
    #: Its footprint: (region code, events) most events first, ties by code.
    footprint: tuple[tuple[str, int], ...] = ()


def summarised_actor_layer(summaries: Iterable[ActorSummary]) -> gpd.GeoDataFrame:
    """The actors layer of the busiest actors of event data, from their summaries: the
    rows :func:`actor_layer` makes for actors taken from the events (same ids, kind and
    columns), with the home and footprint given."""
    rows = []
    for summary in summaries:
        actor = Actor(id=_slug(summary.name), name=summary.name)
        rows.append({
            "id": actor.id, "name": actor.name, "kind": str(actor.kind), "country_code": "",
            "home": "", "home_kind": "events", "events": summary.events,
            "first_date": summary.first_date, "last_date": summary.last_date,
            "footprint": ";".join(code for code, _ in summary.footprint),
            "footprint_counts": ";".join(f"{code}:{n}" for code, n in summary.footprint),
            "description": actor.description or "", "x": summary.lon, "y": summary.lat,
        })
    return _to_frame(rows, {})


def _rows_by_actor(pairs: pd.DataFrame) -> dict[Any, np.ndarray]:
    """Each actor id's event rows, in ``pairs`` order (one stable sort for all actors)."""
    import pandas as pd

    codes, ids = pd.factorize(pairs["actor_id"])
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(ids) + 1))
    rows = pairs["row"].to_numpy()[order]
    return {actor_id: rows[bounds[i]:bounds[i + 1]] for i, actor_id in enumerate(ids)}


def _region_codes(events: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """Each row's region, its province or else its country (``""`` when neither), as a
    code into the region names: read from the columns' categories, not row by row."""
    import pandas as pd

    names, codes = [""], np.zeros(len(events), dtype=np.int64)
    for column in ("admin0_code", "admin1_code"):  # the province, where there is one, wins
        if column not in events.columns:
            continue
        values = pd.Categorical(events[column])
        categories = [str(c) for c in values.categories]
        given = np.array([c != "" for c in categories] + [False])[values.codes]
        codes = np.where(given, len(names) + values.codes, codes)
        names += categories
    distinct: dict[str, int] = {}  # a code written alike at both levels is one region
    same = np.array([distinct.setdefault(name, len(distinct)) for name in names])
    return same[codes], list(distinct)


def _actor_row(actor: Actor, by_id: Mapping[str, Actor], places: Mapping[str, Place],
               stats: dict[str, dict[str, Any]], events: pd.DataFrame,
               own_rows: Mapping[Any, np.ndarray], capital: Capitals) -> dict[str, Any] | None:
    home = _home(actor, by_id, places, events, own_rows, capital)
    if home is None:
        logger.info("actor %r has no place and no located events: left out", actor.id)
        return None
    info = stats.get(actor.id, {})
    return {
        "id": actor.id, "name": actor.name, "kind": str(actor.kind),
        "country_code": actor.country_code or "", "home": home[0], "home_kind": home[1],
        "events": info.get("events", 0), "first_date": info.get("first_date"),
        "last_date": info.get("last_date"), "footprint": info.get("footprint", ""),
        "footprint_counts": info.get("footprint_counts", ""),
        "description": actor.description or "", "x": home[2], "y": home[3],
    }


def _home(actor: Actor, by_id: Mapping[str, Actor], places: Mapping[str, Place],
          events: pd.DataFrame, own_rows: Mapping[Any, np.ndarray], capital: Capitals
          ) -> tuple[str, str, float, float] | None:
    """(home label, home kind, lon, lat), or None."""
    own = _seat(actor, places, capital)
    if own is not None:
        return own
    parent = by_id.get(actor.affiliation or "")
    seen = {actor.id}
    while parent is not None and parent.id not in seen:
        found = _seat(parent, places, capital)
        if found is not None:
            return found[0], "affiliation", found[2], found[3]
        seen.add(parent.id)
        parent = by_id.get(parent.affiliation or "")
    return _events_home(actor, events, own_rows)


def _seat(actor: Actor, places: Mapping[str, Place], capital: Capitals
          ) -> tuple[str, str, float, float] | None:
    """The actor's own place; for a state or its institutions (``SEAT_KINDS``) given no
    place finer than a country, its capital instead of the country's point."""
    place = places.get(actor.place or "")
    if place is not None and not (actor.kind in SEAT_KINDS
                                  and place.precision >= Precision.COUNTRY):
        return actor.place or "", "place", *place.xy
    seat = capital(actor.country_code) if actor.kind in SEAT_KINDS and actor.country_code \
        else None
    if seat is not None:
        return seat.name, "capital", *seat.xy
    if place is not None:
        return actor.place or "", "place", *place.xy
    return None


def _default_capital(country_code: str) -> Place | None:
    """The offline gazetteer's capital (opened on the first state actor that needs it)."""
    return Gazetteer.default().capital(country_code)


def _events_home(actor: Actor, events: pd.DataFrame, own_rows: Mapping[Any, np.ndarray]
                 ) -> tuple[str, str, float, float] | None:
    """The median of the actor's events placed at a town or near one; with none, of those
    placed in a district or a province (their points): an armed group a story places only
    by province ("M23 rebels seized a town in South Kivu") still has a home for its
    relations to start from; events known only to a country or a wider area never
    make one."""
    rows = own_rows.get(actor.id)
    if rows is None:
        return None
    precision = events["geo_precision"].to_numpy()[rows].astype("int64")
    located = rows[precision <= Precision.NEAR]
    rows = located if len(located) else rows[precision <= Precision.ADM1]
    if not len(rows):
        return None
    lon = events["longitude"].to_numpy(dtype="float64")[rows]
    lat = events["latitude"].to_numpy(dtype="float64")[rows]
    return "", "events", float(np.median(lon)), float(np.median(lat))


def _to_frame(rows: list[dict[str, Any]], by_id: Mapping[str, Actor]) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import pandas as pd

    table = pd.DataFrame(rows, columns=[*LAYER_COLUMNS, "x", "y"])
    for column in ("first_date", "last_date"):
        table[column] = pd.to_datetime(table[column])
    table["events"] = table["events"].astype("int64")
    geometry = gpd.points_from_xy(table.pop("x").astype(float), table.pop("y").astype(float))
    return gpd.GeoDataFrame(table, geometry=geometry, crs="EPSG:4326")
