"""Choosing the place a mention refers to: priors, and the article's own geography.

Every candidate gets a score in log-population units:

- a **prior**: the log of a town's population (areas get a fixed rank: a country outranks
  its states, a state its counties), a bonus for capitals, a penalty when the name matched
  only one of the place's alternate names ("New York" is New York City's alternate name but
  the state's own);
- the article's **scope** (:class:`Scope`): the countries and admin-1 units it names
  unambiguously, and the towns it places for sure. A candidate inside a country of the
  scope, inside a named state ("Paris" in a story about Texas), or near a sure town gains;
  small towns (under 15,000 people) are eligible only inside the scope.

Two resolvers share one signature, ``(mention, scope, gazetteer=None) -> (Place, Entry) | None``:
:func:`resolve_mention` (the default) and :func:`most_populous`, the baseline the benchmark
reports beside it.
"""

from __future__ import annotations

import functools
import logging
import math
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from geomap.errors import GeocodeError
from geomap.extract.names import LARGE_TOWN, Entry
from geomap.extract.places import PlaceMention
from geomap.extract.text import normalise
from geomap.geocoding.query import strip_kind_word
from geomap.model import Place, PlaceKind

logger = logging.getLogger(__name__)

# Fixed ranks of areas, in log10-population units (a town of 10 million scores 7).
AREA_RANK = {PlaceKind.COUNTRY: 9.0, PlaceKind.REGION: 8.5, PlaceKind.WATER: 8.5,
             PlaceKind.ADMIN1: 8.0, PlaceKind.ADMIN2: 5.5}
_UNITS = (PlaceKind.ADMIN1, PlaceKind.ADMIN2)
# The kinds ranking tests per candidate, read once: on Python 3.11 every read of a member
# through its class (``PlaceKind.ADMIN1``) goes through EnumType's Python-level
# ``__getattr__`` hook, about 850 instructions, and ranking asked some 540 per article.
_TOWN = PlaceKind.POPULATED_PLACE
_ADMIN1 = PlaceKind.ADMIN1
# map, not a generator: a generator any() leaves unfinished is closed by raising
# GeneratorExit in it (an exception and its traceback, about 2,000 instructions)
_SMALL = attrgetter("small")
# a reading by a name another country's place bears as its own (``Entry.borrowed``)
_BORROWED = attrgetter("borrowed")
# A state of fewer people than this (GeoNames' towns in it counted), and any county,
# ranks at most as a town of about three times its people (log10 lift).
SMALL_STATE = 500_000
SMALL_STATE_LIFT = 0.5
CAPITAL_BONUS = 1.0
# A country's capital of this many people is what its name means in a story that names
# nothing of the country of a state abroad that bears the name ("banks from Mexico City to
# Santiago": Chile's capital, not a Dominican province).
MAJOR_CAPITAL = 1_000_000
ALTERNATE_PENALTY = 1.5
COUNTRY_BONUS = 2.5
# A country the article knows only as its actors' home ("Russian forces shelled Donetsk":
# Russia is who fired, not where) steers less: Donetsk in Ukraine, not the Russian town.
ACTOR_COUNTRY_BONUS = 1.0
# A state the article names steers by its share of all the state mentions: the whole
# bonus when it is the only one, a third when it is one mention in three ("the Mayor of
# Boston" in a story naming Texas twice and New York once is not Boston, New York).
STATE_BONUS = 5.0
NEARBY_BONUS = 2.5
NEARBY_KM = 300.0
# What the article's towns steer by nearness, and how near: towns, and counties around or
# beside them ("the Montgomery County coroner" beside Dayton is Ohio's, not the more
# populous one of Maryland; a town 150 km off does not make a county its neighbour)
COUNTY_NEAR_KM = 100.0
_NEAR_KM = {_TOWN: NEARBY_KM, PlaceKind.ADMIN2: COUNTY_NEAR_KM}
# ... and a little more within this reach of one (spatial minimality)
CLOSE_KM = 50.0
CLOSE_BONUS = 0.5
SECOND_SIGN = 0.4
# ... and more for each further name of the story with a reading near it (coherence)
COHERENCE_STEP = 0.5
COHERENCE_CAP = 3
COHERENCE_KM = 100.0
# A country named in a list of countries or as "X, Country" counts once more.
COUNT_STEP = 0.2
COUNT_CAP = 5


@dataclass
class Scope:
    """The article's geography: what steers every ambiguous name.

    Attributes
    ----------
    countries
        ISO alpha-2 code -> how often the article names the country (directly, by a
        demonym, or through an unambiguous place inside it).
    states
        ISO 3166-2 code of admin-1 units named (Texas -> ``US-TX``) -> count.
    anchors
        The towns and counties the article names unambiguously (a place never vouches
        for itself; a county whose point is its seat's vouches for the seat).
    anchor_states
        The admin-1 units those towns lie in ("Toronto" puts Ontario near).
    actors_only
        The countries of ``countries`` the article knows only as its actors' homes.
    """

    countries: Counter[str] = field(default_factory=Counter)
    states: Counter[str] = field(default_factory=Counter)
    anchors: tuple[Entry, ...] = ()
    anchor_states: frozenset[str] = frozenset()
    actors_only: frozenset[str] = frozenset()
    #: What ranking works out once per article whatever the pass (see :class:`Readings`);
    #: shared by the scopes :meth:`narrowed` makes.
    readings: Readings = field(default_factory=lambda: Readings(), compare=False, repr=False)

    def narrowed(self, states: Counter[str], anchors: tuple[Entry, ...] = (),
                 anchor_states: frozenset[str] = frozenset()) -> Scope:
        """The same article's scope with other named states and anchors (a later pass):
        its countries, and what is worked out from them, are shared."""
        return Scope(self.countries, states, anchors, anchor_states, self.actors_only,
                     self.readings)

    @property
    def unsteered(self) -> bool:
        """The article names no country or state of its own, only its actors' homes
        ("Russian forces shelled X"): nothing tells where a small town lies, so a name
        only one place in the index bears is that place."""
        return not self.states and all(c in self.actors_only for c in self.countries)

    def covers(self, entry: Entry) -> bool:
        """True when the entry lies in a country or state of the scope."""
        return bool(entry.country_code in self.countries
                    or (entry.admin1 and entry.admin1 in self.states))


class Readings:
    """What ranking works out once per distinct name of an article, not once per pass.

    The passes over an article's mentions (every name with the article's countries, the
    ambiguous ones again with the states and towns it names, the towns left over) and the
    test of which names are ambiguous ask the same names under scopes that differ only in
    states and anchors. Two things do not depend on those:

    - the eligible readings of a name none of whose readings is a small town (only small
      towns need the scope), by the candidates tuple and the name;
    - a candidate's score before states and anchors: its prior and the bonus of its
      country, which the scopes of one article share.

    Keys are identities; each value holds its key's object, so no identity is reused while
    the value is kept (one article's objects: a new article makes new scopes).
    """

    __slots__ = ("_base", "_eligible")

    def __init__(self) -> None:
        self._eligible: dict[tuple[int, str], tuple[tuple[Entry, ...], list[Entry]]] = {}
        self._base: dict[int, tuple[Entry, float]] = {}

    def eligible(self, candidates: tuple[Entry, ...], key: str) -> list[Entry] | None:
        """The eligible readings worked out before for these candidates, if the scope
        had no say in them."""
        known = self._eligible.get((id(candidates), key))
        return known[1] if known is not None and known[0] is candidates else None

    def keep_eligible(self, candidates: tuple[Entry, ...], key: str,
                      found: list[Entry]) -> None:
        self._eligible[id(candidates), key] = (candidates, found)

    def base(self, entry: Entry, scope: Scope) -> float:
        """Prior plus the country's bonus (the same for every scope sharing these readings)."""
        known = self._base.get(id(entry))
        if known is not None and known[0] is entry:
            return known[1]
        value = prior(entry)
        code = entry.country_code
        if code and code in scope.countries:
            bonus = ACTOR_COUNTRY_BONUS if code in scope.actors_only else COUNTRY_BONUS
            value += bonus + min(scope.countries[code], COUNT_CAP) * COUNT_STEP
        self._base[id(entry)] = (entry, value)
        return value


def entry_to_place(entry: Entry) -> Place:
    """The model Place of an index entry (the gazetteer's own Place when it has one)."""
    if entry.place is not None:
        return entry.place
    return Place(name=entry.name, lat=entry.lat, lon=entry.lon, kind=entry.kind,
                 precision=entry.precision, country_code=entry.country_code,
                 geonameid=entry.geonameid, population=entry.population or None,
                 note=entry.note)


def eligible(candidates: tuple[Entry, ...], scope: Scope, key: str = "") -> list[Entry]:
    """Candidates worth ranking: small towns, and readings by a name another country's
    place bears as its own (``Entry.borrowed``), only inside the scope or near a town or
    county the article names (or a name only one place bears, where the article names no
    country of its own), and a province or
    county that a town of the same name lies in left to that town ("Kursk" the city, not
    Kursk Oblast; but "Oregon" the state, whatever towns elsewhere bear its name); also
    to a large town bearing the name as an alternate spelling (:func:`_left_to_towns`)."""
    known = scope.readings.eligible(candidates, key)
    if known is not None:
        return known
    if any(map(_SMALL, candidates)) or any(map(_BORROWED, candidates)):
        kept = [e for e in candidates if not (e.small or e.borrowed) or scope.covers(e)
                or near_an_anchor(e, scope)] \
            if len(candidates) != 1 or candidates[0].alternate or not scope.unsteered \
            else list(candidates)
        return _without_units_of_towns(kept, key)
    # no small town nor borrowed reading: the scope has no say, whatever the pass
    found = _without_units_of_towns(list(candidates), key)
    scope.readings.keep_eligible(candidates, key, found)
    return found


def _without_units_of_towns(kept: list[Entry], key: str) -> list[Entry]:
    """:func:`eligible`'s readings once the small towns are sifted: a unit gives way to a
    town of its name inside it."""
    if len(kept) < 2:
        return kept  # a unit gives way only to another reading
    towns = [e for e in kept if e.kind is _TOWN and not e.alternate]
    named = {e.admin1 for e in towns}
    # a hamlet GeoNames counts no people in does not take its state's name ("Xinjiang": the
    # region of 12 million, not a village of its name inside it); a county's it still does
    # ("miska Rada", a Ukrainian town council, then read as a district of Yemen)
    peopled = {e.admin1 for e in towns if e.population > 0}
    left = _left_to_towns(kept, key)
    # a country's capital outside the province of its name, with at least half the
    # province's people, is what the name means ("Maputo": the city, not Maputo
    # Province around it; Washington State and Buenos Aires Province stay themselves)
    capitals = {e.country_code: e.population for e in towns if e.capital}
    return [e for e in kept if e.kind not in _UNITS or not (
        e.admin1 in (peopled if e.kind is _ADMIN1 else named) or e in left
        or 2 * capitals.get(e.country_code, -1) >= e.population > 0)]


def _left_to_towns(candidates: list[Entry], key: str) -> dict[Entry, Entry]:
    """Province -> the large town (100,000+) in it that bears the name ``key`` only as an
    alternate spelling, where ``key`` is not the province's full name: "Mykolaiv",
    "Kharkov", "Lugansk" are the cities (GeoNames' Mykolayiv, Kharkiv, Luhansk), not
    their oblasts; "New York" stays the state. The town ranks at least as its province
    would have."""
    large = {e.admin1: e for e in candidates if e.population >= LARGE_TOWN and e.alternate
             and e.kind is _TOWN and e.admin1}
    if not large:
        return {}
    return {e: large[e.admin1] for e in candidates
            if e.kind in _UNITS and e.admin1 in large and normalise(e.name) != key}


def prior(entry: Entry) -> float:
    """The candidate's score before the article says anything."""
    rank = AREA_RANK.get(entry.kind)
    if rank is not None and entry.kind in _UNITS and 0 < entry.population and (
            entry.population < SMALL_STATE if entry.kind is _ADMIN1
            else _bare_name(entry.name)):
        # a state ranks above every town, but a small one (a Jamaican parish of 62,000)
        # no higher than a town of a few times its people: "Manchester" alone is the city;
        # a county known by a bare name likewise ("Richmond" is no Jamaican district of
        # 2,000); "Clark County" and its namesakes keep one rank, the scope tells them apart
        rank = min(rank, math.log10(entry.population) + SMALL_STATE_LIFT)
    value = rank if rank is not None else math.log10(max(entry.population, 1))
    if entry.capital:
        value += CAPITAL_BONUS
    if entry.alternate:
        value -= ALTERNATE_PENALTY
    return value


@functools.lru_cache(maxsize=4096)
def _bare_name(name: str) -> bool:
    """True for a unit's name without a kind word ("Richmond", not "Clark County")."""
    return strip_kind_word(name)[0] is None


def score(entry: Entry, scope: Scope) -> float:
    """Prior plus what the article's scope says about the candidate."""
    value = scope.readings.base(entry, scope)
    # a named state and nearby towns are two signs of the same thing: the larger counts
    # in full, the other in part
    state = near = 0.0
    if entry.admin1 and entry.admin1 in scope.states and entry.kind is not _ADMIN1:
        state = STATE_BONUS * scope.states[entry.admin1] / sum(scope.states.values())
    if entry.kind is _ADMIN1:
        near = NEARBY_BONUS if entry.admin1 in scope.anchor_states else 0.0
    elif near_an_anchor(entry, scope):
        # of two namesakes near the story's places, the nearer: "Canton police ... North
        # Canton and Massillon" is Ohio's Canton, 10 km off, not Michigan's, 230 km off;
        # and the one near more of them: a reading beside one namesake of another name
        # of the story is weaker than one beside three of its names
        near = NEARBY_BONUS + (CLOSE_BONUS if near_an_anchor(entry, scope, CLOSE_KM) else 0.0) \
            + COHERENCE_STEP * min(COHERENCE_CAP, names_near(entry, scope) - 1)
    return value + max(state, near) + SECOND_SIGN * min(state, near)


def near_an_anchor(entry: Entry, scope: Scope, within: float | None = None) -> bool:
    """True when a town or county lies near one of the scope's anchors (not itself):
    within its kind's reach, or ``within`` kilometres."""
    if not scope.anchors or entry.kind not in _NEAR_KM:
        return False
    # the latitudes' test of within_km first, without a call: most anchors fail it
    km = _NEAR_KM[entry.kind] if within is None else within
    lat, lon = entry.lat, entry.lon
    return any(abs(lat - a.lat) * _KM_PER_DEGREE <= km and within_km(lat, lon, a.lat, a.lon, km)
               and a != entry for a in _anchors_near(scope.anchors, lat, km))


# The last anchors asked about, in order of latitude, with their latitudes: every
# candidate of an article is scored against the same anchors.
_by_latitude: tuple[tuple[Entry, ...], list[float], list[Entry]] = ((), [], [])


def _anchors_near(anchors: tuple[Entry, ...], lat: float, km: float) -> list[Entry]:
    """The anchors whose latitude lies within ``km`` of ``lat`` (and a hair more, for
    rounding: the callers test the distance), found by bisection, not one test each."""
    global _by_latitude
    if _by_latitude[0] is not anchors:
        ordered = sorted(anchors, key=lambda a: a.lat)
        _by_latitude = (anchors, [a.lat for a in ordered], ordered)
    _, lats, ordered = _by_latitude
    reach = km / _KM_PER_DEGREE + 1e-6
    return ordered[bisect_left(lats, lat - reach):bisect_right(lats, lat + reach)]


def rank_candidates(mention: PlaceMention, scope: Scope) -> list[tuple[Entry, float]]:
    """Eligible candidates with scores, best first."""
    kept = eligible(mention.candidates, scope, mention.key)
    lifted = {town: score(province, scope) for province, town in _left_to_towns(
        [e for e in mention.candidates if not e.small or scope.covers(e)],
        mention.key).items()} if len(kept) < len(mention.candidates) else {}
    ranked = [(entry, max(score(entry, scope), lifted.get(entry, -math.inf)))
              for entry in kept] if lifted else [(entry, score(entry, scope)) for entry in kept]
    # equal scores ("Maryland": two states): the more populous first
    return _capital_before_its_state(
        sorted(ranked, key=lambda pair: (-pair[1], -pair[0].population)), scope)


def _capital_before_its_state(ranked: list[tuple[Entry, float]],
                              scope: Scope) -> list[tuple[Entry, float]]:
    """A state that shares its name with its country's capital, in a story the country is
    not in the scope of, is the capital: "China said talks with Washington would resume"
    (the state of Washington, then Geneva in it, were read), "Buenos Aires" in a story
    from abroad (the province). At home the state stays ("a town in eastern Washington"):
    a story is at home in the country when it names a place of that country below the
    country, another state or a town; naming the country alone ("the United States called
    for talks in Washington") makes a story about it, not one set there."""
    if not ranked or ranked[0][0].kind is not _ADMIN1 or _at_home(ranked[0][0], scope):
        return ranked
    state = ranked[0][0]
    for n, (entry, _) in enumerate(ranked):
        if entry.capital and not entry.alternate and (
                entry.country_code == state.country_code
                or (entry.population >= MAJOR_CAPITAL and entry.kind is _TOWN
                    and state.country_code not in scope.countries)):
            return [ranked[n], *ranked[:n], *ranked[n + 1:]]
    return ranked


def _at_home(state: Entry, scope: Scope) -> bool:
    """True when the story names the state's country and a place of it below the
    country other than the state: another state, or a town or county."""
    code = state.country_code
    if code not in scope.countries:
        return False
    prefix = f"{code}-"
    return any(s != state.admin1 and s.startswith(prefix) for s in scope.states) \
        or any(a.country_code == code for a in scope.anchors)


def names_near(entry: Entry, scope: Scope) -> int:
    """How many names of the story (other than the entry's own) have an anchor within
    ``COHERENCE_KM`` of the entry: "Springfield Township ... Morton and Swarthmore ... Delaware
    County" is the Springfield beside three of them, not the one beside a namesake of
    Morton."""
    if entry.kind not in _NEAR_KM or not scope.anchors:
        return 0
    km = COHERENCE_KM  # nearer than a town's reach: in England every name is within it
    lat, lon, name = entry.lat, entry.lon, entry.name
    return len({a.name for a in _anchors_near(scope.anchors, lat, km)
                if a.name != name and within_km(lat, lon, a.lat, a.lon, km)})


# Kilometres per degree of latitude, rounded down: no two points are nearer than this
# times their difference in latitude (the great circle is at least that long).
_KM_PER_DEGREE = 111.19


def within_km(lat1: float, lon1: float, lat2: float, lon2: float, km: float) -> bool:
    """``distance_km(...) <= km``, answered without trigonometry when the latitudes
    alone are farther apart than ``km`` (most namesakes of an article's towns)."""
    if abs(lat1 - lat2) * _KM_PER_DEGREE > km:
        return False
    return distance_km(lat1, lon1, lat2, lon2) <= km


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def destination(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    """The point ``km`` away from ``(lat, lon)`` on the great circle leaving it at
    ``bearing`` degrees (0 north, 90 east)."""
    phi, lam = math.radians(lat), math.radians(lon)
    delta, theta = km / 6371.0, math.radians(bearing)
    phi2 = math.asin(math.sin(phi) * math.cos(delta)
                     + math.cos(phi) * math.sin(delta) * math.cos(theta))
    lam2 = lam + math.atan2(math.sin(theta) * math.sin(delta) * math.cos(phi),
                            math.cos(delta) - math.sin(phi) * math.sin(phi2))
    return math.degrees(phi2), (math.degrees(lam2) + 540.0) % 360.0 - 180.0


def is_ambiguous(mention: PlaceMention, scope: Scope) -> bool:
    """True when more than one candidate is eligible."""
    return len(eligible(mention.candidates, scope, mention.key)) > 1


def resolve_mention(mention: PlaceMention, scope: Scope,
                    gazetteer: Any = None) -> tuple[Place, Entry] | None:
    """The best place for ``mention``, or None when no candidate is eligible."""
    ranked = rank_candidates(mention, scope)
    if not ranked:
        return None
    best = ranked[0][0]
    if gazetteer is not None and best.kind is _TOWN:
        place = _ask_gazetteer(gazetteer, mention, best, scope)
        if place is not None:
            return place, best
    return entry_to_place(best), best


def _ask_gazetteer(gazetteer: Any, mention: PlaceMention, best: Entry,
                   scope: Scope) -> Place | None:
    """Let the project gazetteer resolve a town, biased to the country we ranked first.

    Its answer is kept only when it lies in that country (the spotter's context decided
    the country; the gazetteer brings admin-1, ids and curated fixes).
    """
    try:
        place: Place = gazetteer.resolve(mention.text, country=best.country_code,
                                         context=tuple(scope.countries))
    except (GeocodeError, ValueError, TypeError) as err:
        logger.debug("gazetteer did not resolve %r: %s", mention.text, err)
        return None
    return place if place.country_code == best.country_code else None


def most_populous(mention: PlaceMention, scope: Scope,
                  gazetteer: Any = None) -> tuple[Place, Entry] | None:
    """Baseline: the candidate with the largest population, the article ignored."""
    if not mention.candidates:
        return None
    best = max(mention.candidates, key=lambda e: e.population)
    return entry_to_place(best), best
