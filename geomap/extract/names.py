"""The spotter's name index: the shared gazetteer, seen as a table of names to spot.

There is no second copy of the place names: every lookup goes to the base layer of a
:class:`~geomap.geocoding.gazetteer.Gazetteer` (GeoNames towns, admin-2 and admin-1 units,
countries, continents, named regions, the curated supplement and aliases), keyed by the
gazetteer's own :func:`~geomap.geocoding.normalize.name_key`. Every place is a candidate;
the index marks what the resolver must weigh:

- ``small``: a town of under 15,000 inhabitants (not a capital, not curated), eligible only
  when the article's scope (its countries or states) covers it;
- ``alternate``: the name matched only one of the place's alternate names (GeoNames lists
  "She" under Huicheng and "New York" under New York City) or a spelling derived from one,
  weaker than a primary name; a name that many towns in several countries list so ("Old
  Town") is a descriptor, and names none of them;
- demonyms and airport-style codes are never names here (the spotter treats "Malian" apart).

Named places are the geocoder's: regions with a shape in ``geomap/data/regions.yaml``,
seas, rivers, mountain ranges and historical regions in ``gazetteer_supplement.csv``, so
``geomap geocode`` answers every name the spotter finds. Areas without people (regions,
seas, rivers) count as ``REGION_NOMINAL_POPULATION``. On top, a small overlay: extra names
for the gazetteer's countries (``geomap/data/country_aliases.csv``) and capitals
(``capital_aliases`` in ``extract_rules.yaml``). Answers are memoised per name in memory;
nothing is cached on disk (the gazetteer's numpy index is the only file).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from geomap.extract.rules import Rules, load_rules
from geomap.geocoding._layer import MatchType
from geomap.geocoding.gazetteer import Gazetteer
from geomap.geocoding.normalize import borrowed, name_key
from geomap.model import Place, PlaceKind
from geomap.precision import Precision
from geomap.refdata.countries import country_aliases

if TYPE_CHECKING:
    from geomap.geocoding.gazetteer import Gazetteer

logger = logging.getLogger(__name__)

MAX_NAME_TOKENS = 6
TOWN_MIN_POPULATION = 15_000
# A town this large bearing a state's alias is what the alias names ("Kyiv").
LARGE_TOWN = 100_000
# a town known by a name only as an alternate one is still that name's town when it is this
# many times the size of the largest town bearing the name as its own in its country
DWARFS = 20
DWARFED_NAMESAKES = 2
# a name this many towns in this many countries list among their alternate names is a
# descriptor in translation ("Old Town": Staré Město, Gamla Stan, a quarter of Baltimore
# and of Las Vegas), no town's other name
DESCRIPTOR_TOWNS = 8
DESCRIPTOR_COUNTRIES = 3
REGION_NOMINAL_POPULATION = 10_000_000
# areas no census counts: ranked as if of REGION_NOMINAL_POPULATION people
_UNPEOPLED = frozenset({PlaceKind.REGION, PlaceKind.WATER})
# areas whose alternate names are names of their own, as good as the first
_OWN_ALIASES = frozenset({PlaceKind.ADMIN1, *_UNPEOPLED})
# ... and whose other names are never another place's own (see _with_borrowed_marked)
_NOT_BORROWED = frozenset({PlaceKind.COUNTRY, *_UNPEOPLED})
MEMO_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class Entry:
    """One candidate place for a name; ``place`` is the gazetteer's Place when it has one."""

    name: str
    lat: float
    lon: float
    kind: PlaceKind
    precision: Precision
    country_code: str | None = None
    geonameid: int | None = None
    population: int = 0
    capital: bool = False
    small: bool = False
    note: str | None = None
    place: Place | None = field(default=None, compare=False)
    alternate: bool = False
    admin1: str | None = None  # ISO 3166-2 code of the admin-1 unit the place lies in
    # an alternate name that a place of another country bears as its own, and that is no
    # spelling of this place's name (:func:`geomap.geocoding.normalize.borrowed`)
    borrowed: bool = False

    # Ranking asks equality and hashes of candidates per mention and per pass: the
    # generated methods built a tuple of every field per call. The same answers (``place``
    # left out, as before), from the fields in turn; equal entries share name and point.
    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Entry)
        return (self.name == other.name and self.lat == other.lat and self.lon == other.lon
                and self.kind == other.kind and self.precision == other.precision
                and self.country_code == other.country_code
                and self.geonameid == other.geonameid and self.population == other.population
                and self.capital == other.capital and self.small == other.small
                and self.note == other.note and self.alternate == other.alternate
                and self.admin1 == other.admin1 and self.borrowed == other.borrowed)

    def __hash__(self) -> int:
        return hash((self.name, self.lat, self.lon))


def as_alternate(entry: Entry) -> Entry:
    """``entry`` marked ``alternate``: ``dataclasses.replace(entry, alternate=True)`` at
    half the cost (it is asked for most namesakes of a fresh name); every field in
    order."""
    e = entry
    return Entry(e.name, e.lat, e.lon, e.kind, e.precision, e.country_code, e.geonameid,
                 e.population, e.capital, e.small, e.note, e.place, True, e.admin1,
                 e.borrowed)


def as_borrowed(entry: Entry) -> Entry:
    """``entry`` (an alternate reading) marked ``borrowed``."""
    e = entry
    return Entry(e.name, e.lat, e.lon, e.kind, e.precision, e.country_code, e.geonameid,
                 e.population, e.capital, e.small, e.note, e.place, True, e.admin1, True)


class NameIndex:
    """Written name -> candidate entries, answered by a gazetteer plus the rules' overlay.

    Parameters
    ----------
    gazetteer
        The source of place names (its base layer).
    rules
        The extraction rules (aliases, named regions).
    """

    def __init__(self, gazetteer: Gazetteer, rules: Rules) -> None:
        self.gazetteer = gazetteer
        codes = list(gazetteer.base.countries)
        capitals = (gazetteer.capital_index(code) for code in codes)
        self._capitals = frozenset(i for i in capitals if i is not None)
        self._entries: dict[int, Entry | None] = {}
        self._memo: dict[str, tuple[Entry, ...]] = {}
        self.countries = {code: entry for code in codes
                          if (entry := self._country_entry(code)) is not None}
        self._extra = self._overlay(rules)
        self._spelled_out = {str(k): str(v) for k, v in
                             rules.data.get("name_abbreviations", {}).items()}

    def get(self, key: str) -> tuple[Entry, ...]:
        """Candidates for a name (any spelling; empty when unknown).

        The same name gives the same tuple object while memoised, so callers may use
        its identity as a cheap key.
        """
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= MEMO_LIMIT:
                self._memo.clear()
            found = self._memo[key] = self._lookup(key)
        return found

    def __contains__(self, key: str) -> bool:
        return bool(self.get(key))

    def country(self, code: str) -> Entry | None:
        """The country entry for an ISO alpha-2 code."""
        return self.countries.get(code)

    def capital(self, code: str) -> Entry | None:
        """The capital of the country with ISO alpha-2 ``code``: its state's seat."""
        index = self.gazetteer.capital_index(code)
        return self._entry(index) if index is not None else None

    def every_reading(self, key: str) -> tuple[Entry, ...]:
        """Every candidate of a name, the towns that merely list it among their other
        names included (:meth:`get` drops those where a town of that very name stands in
        the same country: "Landsberg" is a town in Saxony-Anhalt and another name of
        Landsberg am Lech in Bavaria). For a text that says where the place lies; not memoised."""
        return self._lookup(key, every=True)

    def _lookup(self, key: str, *, every: bool = False) -> tuple[Entry, ...]:
        # name_key drops a leading "the": "The Sahel" must not become a span of its own
        if key[:4].casefold() == "the ":
            return ()
        entries = list(self._extra.get(name_key(key), ()))
        matches = self._name_entries(key)
        if not entries and not matches:
            return ()  # most words of a text name nothing: none of the sifting below
        towns = [e for e in entries if e.kind is PlaceKind.POPULATED_PLACE]  # capitals' aliases
        primary_towns: set[str | None] = {e.country_code for e in towns}
        # countries with a large town of this name
        big_towns = {e.country_code for e in towns if e.capital or e.population >= LARGE_TOWN}
        state_aliases = []
        seen = {id(e.place) for e in entries if e.place is not None}
        for index, match in matches:
            entry = None if match.name in ("DEMONYM", "CODE") else self._entry(index)
            if entry is None or id(entry.place) in seen:
                continue
            seen.add(id(entry.place))
            if match.name == "PRIMARY":
                if entry.kind is PlaceKind.POPULATED_PLACE:
                    primary_towns.add(entry.country_code)
                    if entry.capital or entry.population >= LARGE_TOWN:
                        big_towns.add(entry.country_code)
            elif match.name == "VARIANT" or entry.kind not in _OWN_ALIASES:
                # a town's alternate name, or a spelling derived from one
                entry = as_alternate(entry)
            else:
                state_aliases.append(entry)
            entries.append(entry)
        # a state's, a region's or a sea's own aliases are its names ("Guangdong" for
        # Guangdong Sheng, "Atlantic"), unless a large town of its country bears the name
        # ("Kyiv" for Kyivska oblast: the city)
        weak = {id(e) for e in state_aliases if e.country_code in big_towns}
        entries = [as_alternate(e) if id(e) in weak else e for e in entries]
        # a town of that very name beats one merely listing it among alternate names in
        # the same country (GeoNames lists "Sloviansk" under Nikopol too), unless the
        # latter is a large town that many times the size of every town of that very name:
        # "Makiivka" is the city of Makiyivka (339,000), not a hamlet of 800 so named
        largest = _largest_towns(entries)
        descriptor = _descriptor(entries)
        kept = entries if every else [
            e for e in entries if not (e.alternate and e.kind is PlaceKind.POPULATED_PLACE
                                       and (descriptor or (e.country_code in primary_towns
                                                           and not _dwarfs(e, largest))))]
        kept = _with_borrowed_marked(key, kept)
        # countries first: "Mali" is read as the country unless the context says otherwise
        return tuple(sorted(kept, key=lambda e: e.kind is not PlaceKind.COUNTRY))

    def _name_entries(self, key: str) -> list[tuple[int, MatchType]]:
        """The gazetteer's matches for the name, and for it with an abbreviated first word
        spelled out ("St. Louis County" is also "Saint Louis County")."""
        found = list(self.gazetteer.name_entries(key))
        first, _, rest = key.partition(" ")
        full = self._spelled_out.get(first.rstrip(".").casefold())
        if full is not None and rest:
            spelled = self.gazetteer.name_entries(f"{full} {rest}")
            # a place whose own name is the spelled-out one is matched by its name, though
            # it lists the short form among its other names: "St. Paul" is Saint Paul,
            # Minnesota's name, not an alternate name beside the hamlets called so
            primary = {index for index, match in spelled if match is MatchType.PRIMARY}
            found = [(index, MatchType.PRIMARY if index in primary else match)
                     for index, match in found] + spelled
        return found

    def _entry(self, index: int) -> Entry | None:
        if index not in self._entries:
            self._entries[index] = self._make_entry(index)
        return self._entries[index]

    def _make_entry(self, index: int) -> Entry | None:
        """The entry of a gazetteer place (towns of under 15,000 marked ``small``)."""
        place = self.gazetteer.place_at(index)
        population = place.population or 0
        capital = index in self._capitals
        # curated supplement rows (no GeoNames id) are never small: someone put them there
        small = (place.kind is PlaceKind.POPULATED_PLACE and bool(place.geonameid)
                 and not capital and population < TOWN_MIN_POPULATION)
        if place.kind in _UNPEOPLED:
            population = population or REGION_NOMINAL_POPULATION
        return Entry(place.name, place.lat, place.lon, place.kind, place.precision,
                     place.country_code, place.geonameid, population, capital, small,
                     place.note, place, admin1=place.admin1_code)

    def _country_entry(self, code: str) -> Entry | None:
        for index, _ in self.gazetteer.name_entries(code):
            place = self.gazetteer.place_at(index)
            if place.kind is PlaceKind.COUNTRY and place.country_code == code:
                return self._entry(index)
        return None

    def _overlay(self, rules: Rules) -> dict[str, list[Entry]]:
        """The rules' extra names: country aliases and capital spellings."""
        extra: dict[str, list[Entry]] = defaultdict(list)
        for alias, code in country_aliases().items():
            self._add_names(extra, [alias], self.countries.get(code))
        for name, codes in rules.data.get("shared_country_names", {}).items():
            for code in codes:
                entry = self.countries.get(code)
                if entry is not None and entry in extra[name_key(name)]:
                    continue
                self._add_names(extra, [name], entry)
            # the more populous first: where the story says nothing, the reading it takes
            extra[name_key(name)].sort(key=lambda e: -e.population)
        for code, names in rules.data.get("capital_aliases", {}).items():
            index = self.gazetteer.capital_index(code)
            self._add_names(extra, names, self._entry(index) if index is not None else None)
        return dict(extra)

    @staticmethod
    def _add_names(extra: dict[str, list[Entry]], names: list[str], entry: Entry | None) -> None:
        if entry is None:
            logger.warning("extraction rules name a place the gazetteer lacks: %r", names)
            return
        for name in names:
            extra[name_key(name)].append(entry)


@lru_cache(maxsize=4)
def index_for(gazetteer: Gazetteer) -> NameIndex:
    """The name index over ``gazetteer`` (one per gazetteer, kept for the process)."""
    return NameIndex(gazetteer, load_rules())


def default_index() -> NameIndex:
    """The name index over the process-wide :meth:`Gazetteer.default`."""
    return index_for(Gazetteer.default())


def _with_borrowed_marked(key: str, entries: list[Entry]) -> list[Entry]:
    """``entries`` with the alternate readings of towns and units marked ``borrowed``
    where a place of another country bears ``key`` as its own name and the reading is no
    spelling of its place's name, nor that many times as populous
    (:func:`~geomap.geocoding.normalize.borrowed`, the geocoder's rule too): "Bali" for
    Paris beside the island, "Man" for Amman beside the Ivorian town. Countries' and
    named areas' other names are their own."""
    if not any(e.alternate for e in entries):
        return entries
    own = [(e.country_code, _people(e)) for e in entries if not e.alternate]
    if not own:
        return entries
    return [as_borrowed(e) if e.alternate and e.kind not in _NOT_BORROWED and borrowed(
        key, e.name, _people(e) if e.kind is PlaceKind.POPULATED_PLACE else None,
        (n for code, n in own if code != e.country_code))
        else e for e in entries]


def _people(entry: Entry) -> int:
    """The gazetteer's count of the entry's people (not a region's nominal rank)."""
    return (entry.place.population or 0) if entry.place is not None else entry.population


def _largest_towns(entries: list[Entry]) -> dict[str | None, tuple[int, int]]:
    """How many towns of each country bear the name as their own, and the population of
    the largest."""
    largest: dict[str | None, tuple[int, int]] = {}
    for e in entries:
        if e.kind is PlaceKind.POPULATED_PLACE and not e.alternate:
            count, population = largest.get(e.country_code, (0, 0))
            largest[e.country_code] = (count + 1, max(population, e.population))
    return largest


def _descriptor(entries: list[Entry]) -> bool:
    """True when at least ``DESCRIPTOR_TOWNS`` towns in ``DESCRIPTOR_COUNTRIES`` countries
    list the name among their alternate names: a quarter's descriptor that GeoNames gives
    many towns ("Old Town", "Downtown" in their languages); towns bearing it as their own
    name, and areas, keep it."""
    towns = [e.country_code for e in entries
             if e.alternate and e.kind is PlaceKind.POPULATED_PLACE]
    return len(towns) >= DESCRIPTOR_TOWNS and len(set(towns)) >= DESCRIPTOR_COUNTRIES


def _dwarfs(entry: Entry, largest: dict[str | None, tuple[int, int]]) -> bool:
    """A large town at least ``DWARFS`` times the largest of the few towns of its country
    bearing the name as their own (a name many villages bear, such as Oleksandrivka, is
    theirs whatever city once had it; a smaller town's alternate names are often a
    person's: "Hughes" for Brighton, Colorado)."""
    count, population = largest.get(entry.country_code, (0, 0))
    return entry.population >= max(LARGE_TOWN, DWARFS * population) \
        and count <= DWARFED_NAMESAKES

