"""Choosing the place a mention refers to: population, kind and the article's countries.

Two resolvers share one signature, ``(mention, context) -> (Place, Entry) | None``:

- :func:`resolve_mention` (the default) ranks the spotter's candidates (the shared
  gazetteer's places), and lets another resolver (any object with the
  :meth:`~geomap.geocoding.gazetteer.Gazetteer.resolve` signature) refine towns when given;
- :func:`most_populous` is the baseline the benchmark reports beside it.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

from geomap.extract.names import Entry
from geomap.extract.places import PlaceMention
from geomap.model import Place, PlaceKind

logger = logging.getLogger(__name__)

_KIND_BONUS = {PlaceKind.COUNTRY: 3.0, PlaceKind.REGION: 3.0, PlaceKind.WATER: 3.0}
CONTEXT_BONUS = 4.0
CAPITAL_BONUS = 1.0
NEARBY_BONUS = 2.5
NEARBY_KM = 300.0


def entry_to_place(entry: Entry) -> Place:
    """The model Place of an index entry (the gazetteer's own Place when it has one)."""
    if entry.place is not None:
        return entry.place
    return Place(name=entry.name, lat=entry.lat, lon=entry.lon, kind=entry.kind,
                 precision=entry.precision, country_code=entry.country_code,
                 geonameid=entry.geonameid, population=entry.population or None,
                 note=entry.note)


def eligible(candidates: tuple[Entry, ...], context: Counter[str]) -> list[Entry]:
    """Candidates worth ranking: small places only in the article's countries, and a
    town preferred over an admin-1 unit of the same country answering to the same name
    ("Kursk" the city, not Kursk Oblast)."""
    kept = [e for e in candidates if not e.small or (e.country_code in context)]
    towns = {e.country_code for e in kept if e.kind is PlaceKind.POPULATED_PLACE}
    return [e for e in kept if e.kind is not PlaceKind.ADMIN1 or e.country_code not in towns]


def score(entry: Entry, context: Counter[str]) -> float:
    """Log population, plus bonuses for areas, capitals and the article's countries."""
    value = math.log10(max(entry.population, 1)) + _KIND_BONUS.get(entry.kind, 0.0)
    if entry.capital:
        value += CAPITAL_BONUS
    if entry.country_code and entry.country_code in context:
        value += CONTEXT_BONUS + min(context[entry.country_code], 5) * 0.1
    return value


def rank_candidates(mention: PlaceMention, context: Counter[str],
                    anchors: Sequence[tuple[float, float]] = ()) -> list[tuple[Entry, float]]:
    """Eligible candidates with scores, best first; towns near ``anchors`` (the article's
    unambiguous towns) get a bonus."""
    ranked = []
    for entry in eligible(mention.candidates, context):
        value = score(entry, context)
        if anchors and entry.kind is PlaceKind.POPULATED_PLACE and any(
                0.0 < distance_km(entry.lat, entry.lon, *a) <= NEARBY_KM for a in anchors):
            value += NEARBY_BONUS
        ranked.append((entry, value))
    return sorted(ranked, key=lambda pair: -pair[1])


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def is_ambiguous(mention: PlaceMention, context: Counter[str]) -> bool:
    """True when more than one candidate is eligible."""
    return len(eligible(mention.candidates, context)) > 1


def resolve_mention(mention: PlaceMention, context: Counter[str], gazetteer: Any = None,
                    anchors: Sequence[tuple[float, float]] = ()) -> tuple[Place, Entry] | None:
    """The best place for ``mention``, or None when no candidate is eligible."""
    ranked = rank_candidates(mention, context, anchors)
    if not ranked:
        return None
    best = ranked[0][0]
    if gazetteer is not None and best.kind is PlaceKind.POPULATED_PLACE:
        place = _ask_gazetteer(gazetteer, mention, best, context)
        if place is not None:
            return place, best
    return entry_to_place(best), best


def _ask_gazetteer(gazetteer: Any, mention: PlaceMention, best: Entry,
                   context: Counter[str]) -> Place | None:
    """Let the project gazetteer resolve a town, biased to the country we ranked first.

    Its answer is kept only when it lies in that country (the spotter's context decided
    the country; the gazetteer brings admin-1, ids and curated fixes).
    """
    from geomap.errors import GeocodeError

    try:
        place: Place = gazetteer.resolve(mention.text, country=best.country_code,
                                         context=tuple(context))
    except (GeocodeError, ValueError, TypeError) as err:
        logger.debug("gazetteer did not resolve %r: %s", mention.text, err)
        return None
    return place if place.country_code == best.country_code else None


def most_populous(mention: PlaceMention, context: Counter[str], gazetteer: Any = None,
                  anchors: Sequence[tuple[float, float]] = ()) -> tuple[Place, Entry] | None:
    """Baseline: the candidate with the largest population, context ignored."""
    if not mention.candidates:
        return None
    best = max(mention.candidates, key=lambda e: e.population)
    return entry_to_place(best), best
