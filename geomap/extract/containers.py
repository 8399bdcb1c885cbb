"""Where the text itself says a place lies: "X is a town in Y County, Z", "X, a village near Y".

Such a statement is the strongest evidence an article gives about a name, stronger than
any population prior or the article's overall scope: encyclopaedic text opens with it
("Lima is a hamlet within Seminole County, Oklahoma") and news uses it for places a reader may
not know ("Kibera, a slum in Nairobi,"). The statement is a copula or an apposition, a
settlement noun from ``extract_rules.yaml`` (``settlement_nouns``: town, village,
neighbourhood...) and a preposition; the places after it in the same sentence form a chain
from the smallest area to the largest ("Dane County, Wisconsin, USA").

The *container* is the first place of the chain that is consistent with the larger areas
after it and sure of itself (unambiguous, or confirmed by one of those areas). Then the
name's candidates inside the container are its only readings; when the gazetteer has none
there (hamlets, neighbourhoods and ghost towns that GeoNames' cities500 leaves out), the
name is placed at the container's point with the container's precision (a county: ``adm2``;
a town it lies in or near: ``near``) and a note that says so, rather than at a namesake
elsewhere.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from geomap.extract.names import Entry, NameIndex
from geomap.extract.places import PlaceMention
from geomap.extract.resolve import destination, distance_km
from geomap.extract.rules import Rules
from geomap.extract.statements import alternatives, statement_pattern
from geomap.extract.text import Sentence, normalise
from geomap.model import PlaceKind
from geomap.precision import Precision
from geomap.refdata.countries import sovereign_states

# (text, position) -> the statement pattern's match right after the position, or None
StatementAt = Callable[[str, int], "re.Match[str] | None"]

# A town this large, the scope's choice, is a container without confirmation.
LARGE_TOWN = 100_000
# How far from a county's point, or from a town, a place inside it may lie.
COUNTY_KM = 120.0
TOWN_KM = 60.0
# How far after the settlement noun the chain of containers may start, and run.
CHAIN_START_CHARS = 100
CHAIN_CHARS = 250
_CONTAINER_KINDS = (PlaceKind.POPULATED_PLACE, PlaceKind.ADMIN2, PlaceKind.ADMIN1,
                    PlaceKind.COUNTRY)
_WIDE = (PlaceKind.ADMIN1, PlaceKind.COUNTRY)
# Seas, rivers and regions hold no town as an address does: passed over in a chain.
_NO_CONTAINER = frozenset({PlaceKind.WATER, PlaceKind.REGION})
_UNITS = (PlaceKind.ADMIN1, PlaceKind.ADMIN2)
_LEVEL = {PlaceKind.ADMIN2: 1, PlaceKind.ADMIN1: 2, PlaceKind.COUNTRY: 3}
_PRECISION = {PlaceKind.POPULATED_PLACE: Precision.NEAR, PlaceKind.ADMIN2: Precision.ADM2,
              PlaceKind.ADMIN1: Precision.ADM1, PlaceKind.COUNTRY: Precision.COUNTRY}
# What may stand between two names of one address ("Orange County, California"; "Grant
# County, in the state of New Mexico"): a short gap without a clause of its own.
ADDRESS_GAP_CHARS = 45
# What a finer place inside a state the statement names follows ("40 km northeast of
# Saskatoon", "within the city of Oshawa", "in Upper Lachlan Shire").
# (a town itself placed at an area for want of a gazetteer entry is no such place)
_FINER_KINDS = {PlaceKind.POPULATED_PLACE: Precision.EXACT, PlaceKind.ADMIN2: Precision.ADM2}
_PREPOSITION_BEFORE = re.compile(r"\b(?:of|in|near|within|outside)\s+(?:the\s+)?"
                                 r"(?:[A-Z][\w'-]*\s+){0,2}$")
_TOWNSHIP_AFTER = re.compile(r"\s+Townships?\b")
_TOWNSHIP_END = re.compile(r"\s(?:Township|Twp\.?)$")  # the spotter took the word in
# ... and a list of them: "a town in Grant and Smithfield townships, DeKalb County"
_TOWNSHIPS_AFTER = re.compile(r"(?:,?\s+(?:(?:and|or)\s+)?[A-Z][\w'.-]*){1,5}\s+[Tt]ownships\b")
_THE_BEFORE = re.compile(r"\bthe\s+$")
# The plural area nouns that close a list of areas ("Orange and Seminole counties"), and
# one of them after a space: where the text holds none, no list can close.
_PLURAL_AREA_NOUNS = "counties|parishes|districts|provinces|municipalities|departments"
_PLURAL_AREA_NOUN = re.compile(rf"\s(?i:{_PLURAL_AREA_NOUNS})\b")
# "430 kilometres (267 mi) west of", "12 miles north-east of the": a distance and a
# bearing right before the finer place the text names
_OFFSET_BEFORE = re.compile(
    r"(?P<count>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>km|kilometres|kilometers|miles|mi)\b\.?"
    r"(?:\s*\([^()]{1,30}\))?\s+(?:to\s+the\s+)?(?P<bearing>(?:north|south)?[\s-]?(?:east|west)?)"
    r"\s+of\s+(?:the\s+)?(?:[A-Z][\w'-]*\s+){0,2}$", re.IGNORECASE)
_BEARINGS = {"north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0,
             "south": 180.0, "southwest": 225.0, "west": 270.0, "northwest": 315.0}
# Farther than this, a stated distance is no address ("1,200 km from the capital").
MAX_OFFSET_KM = 1000.0
_MILE_KM = 1.609344
# (and "under", "during": "the capital of Alta California under Spain" is no address)
_CLAUSE = re.compile(r"[;:]|\b(?:and|or|than|after|before|between|from|to|while|but|as|near"
                     r"|under|during|until|since)\b")


@dataclass(frozen=True)
class ContainerRules:
    """The statement patterns (built from the rules' settlement nouns) and the name index
    (an address is read with every candidate of its names, before any list or qualifier
    rule narrowed them)."""

    rules: Rules
    index: NameIndex

    @cached_property
    def statement(self) -> re.Pattern[str]:
        """"X is a town in", "X, a village near" (:mod:`geomap.extract.statements`)."""
        return statement_pattern(self.rules)

    @cached_property
    def area_after(self) -> re.Pattern[str]:
        """An area noun right after a name: "Volgograd Oblast", "the Hoshiarpur district"."""
        return re.compile(rf"\s+(?:{alternatives(self.rules.words('area_nouns'))})\b",
                          re.IGNORECASE)

    @cached_property
    def area_before(self) -> re.Pattern[str]:
        """An area noun in lower case before a name: "the province of Romblon"."""
        return re.compile(rf"(?:{alternatives(self.rules.words('area_nouns'))})\s+of\s+"
                          r"(?:the\s+)?$")

    @cached_property
    def plural_area(self) -> re.Pattern[str]:
        """A name that is one of several areas: "Washington and Clay counties",
        "Adams, Brown, and Union counties", "Henry and Pettis Counties" (after the
        first name)."""
        name = r"[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2}"
        return re.compile(rf"(?:,?\s+(?:(?:and|or)\s+)?{name}){{1,5}}\s+"
                          rf"(?P<noun>(?i:{_PLURAL_AREA_NOUNS}))\b")

    @cached_property
    def lower_noun(self) -> re.Pattern[str]:
        """A common noun after a word: "the English county of", "a Canadian city in"."""
        nouns = self.rules.words("area_nouns") | self.rules.words("settlement_nouns")
        return re.compile(rf"\s+(?:{alternatives(nouns)})\b")


def place_in_containers(text: str, places: list[PlaceMention], sentences: list[Sentence],
                        rules: ContainerRules, statement_at: StatementAt | None = None,
                        ) -> list[PlaceMention]:
    """Restrict each name the text situates to its container (or place it there).

    Parameters
    ----------
    text
        The article.
    places
        Every place mention, in text order.
    sentences
        The article's sentences.
    rules
        The statement patterns.
    statement_at
        ``(text, position) -> match or None`` of ``rules.statement`` after a position,
        when someone already matched it there (the spotter did:
        :meth:`~geomap.extract.places.Spotter.statement_at`); by default matched here.

    Returns
    -------
    list of PlaceMention
        The mentions whose candidates changed (to resolve again): the names situated, and
        the areas of their address read as the statement needs ("Marion County, Georgia,
        United States": the US state, not the country).
    """
    changed = _several_areas(text, places, rules)
    situated: set[str] = set()  # one statement per name: the first one
    ends = [s.end for s in sentences]
    statement_end = 0  # a name inside a statement's aside is not the one situated
    for n, mention in enumerate(places):
        if mention.via != "name" or mention.key in situated or mention.start < statement_end:
            continue
        if mention.candidates and {e.kind for e in mention.candidates} <= _NO_CONTAINER:
            continue  # "Deep within the Ozark Mountains, Hope is a hamlet in": Hope's
        match = (statement_at or rules.statement.match)(text, mention.end)
        if match is None:
            continue
        statement_end = match.end()  # "San Gabriel, Texas is a town in": Texas qualifies
        chain, listed = _chain(text, places[n + 1:], match.end(), ends, rules.plural_area)
        lead = text[match.end():chain[0].start] if chain else ""
        in_town = match.group("noun").casefold() in rules.rules.words("town_part_nouns")
        address = _address(text, chain, rules, _demonym_countries(lead, rules), in_town)
        if address is None:
            continue
        situated.add(mention.key)
        container = address[0][1]
        holder = address[0][0]
        if holder is not None and container.kind is PlaceKind.POPULATED_PLACE:
            # "X, a village 30 km south of Y": the town's point moved as the text says
            container = _offset(text, holder.start, container)
        finer = _finer(text, places[n + 1:], mention, match.end(), ends, container) \
            or _named_town(places, mention, container)
        readings = _inside(mention, container, finer, rules.index)
        if not in_town and container.kind is PlaceKind.POPULATED_PLACE \
                and readings[0].geonameid is None and _large_town_of_the_story(mention, places):
            # "Alexandria was the second most powerful city of the ancient world after
            # Rome": a city compared with another, not one near it ("Riverside is a
            # neighborhood in Wichita" is a part of the town, whatever its namesakes)
            continue
        changed.extend(_restrict(places, mention, readings))
        for area, reading in address:
            if area is not None and area.key == mention.key:
                # "Kostroma is a city ... of Kostroma Oblast": the oblast is that
                # mention alone, the bare name stays the city
                area.candidates = (reading,)
                changed.append(area)
            elif area is not None and area.candidates != (reading,):
                changed.extend(_restrict(places, area, (reading,)))
        changed.extend(_listed_units(listed, address, rules.index))
    return changed


def _chain(text: str, after: list[PlaceMention], start: int, ends: list[int],
           plural_area: re.Pattern[str],
           ) -> tuple[list[PlaceMention], list[tuple[PlaceMention, str]]]:
    """The names of the address right after a statement, in its sentence (demonyms too:
    "the Scottish city of Glasgow"; seas, rivers and regions passed over), and apart the
    names of a list of areas the place straddles, each with its area noun ("a city in
    Henry and Pettis counties, Missouri": Henry and Pettis, ``county``)."""
    i = bisect.bisect_right(ends, start)
    stop = min(ends[i] if i < len(ends) else start + CHAIN_CHARS, start + CHAIN_CHARS)
    chain: list[PlaceMention] = []
    listed: list[tuple[PlaceMention, str]] = []
    origin = start  # where the gap before the next name of the address begins
    for m in after:
        if m.start < origin:
            continue  # inside the statement ("X (Spanish: Y) is a town in")
        if listed and m.start < listed[-1][0].end:
            continue
        if m.start >= stop or m.via not in ("name", "demonym"):
            break
        if m.candidates and (all(e.kind in _NO_CONTAINER for e in m.candidates) or (
                m.entry is not None and m.entry.kind in _NO_CONTAINER
                and _THE_BEFORE.search(text, max(0, m.start - 4), m.start))):
            # a range or a sea the article means even where a unit bears its name ("in
            # the foothills of the Pyrenees": not Victoria's Pyrenees Shire);
            # "a river port on the Congo, ... in the Bas-Congo province": the gap to
            # the next name of the address is counted from a sea's or a river's ("facing
            # the Gulf of California in Baja California Sur"), not from a region's
            if all(e.kind is PlaceKind.WATER for e in m.candidates) and len(
                    text[origin:m.start]) <= (ADDRESS_GAP_CHARS if chain else CHAIN_START_CHARS):
                origin = m.end
            continue
        if _TOWNSHIP_AFTER.match(text, m.end) or _TOWNSHIP_END.search(m.text):
            continue  # "within Clay Township, Owen County": no unit the index holds,
            # and not the town of its name (the county after it is the container)
        townships = _TOWNSHIPS_AFTER.match(text, m.end)
        if townships is not None:
            origin = townships.end()  # the names listed are townships too
            continue
        gap = text[origin:m.start]
        limit = ADDRESS_GAP_CHARS if chain else CHAIN_START_CHARS
        if len(gap) > limit or (chain and _CLAUSE.search(gap)):
            break
        several = plural_area.match(text, m.end)
        if several is not None:
            noun = _singular(several.group("noun"))
            listed += [(n, noun) for n in after if m.start <= n.start < several.end()]
            origin = several.end()
            continue
        chain.append(m)
        origin = m.end
    return chain, listed


def _several_areas(text: str, places: list[PlaceMention],
                   rules: ContainerRules) -> list[PlaceMention]:
    """The names of a list closed by a plural area noun are those areas ("Orange and
    Seminole counties": Orange County and Seminole County, never the towns); which of
    the namesake counties is left to the article's scope."""
    changed: list[PlaceMention] = []
    # the pattern tries every grouping of the capitalised words after a name (thousands
    # in a headline in capitals): tried only before the text's last plural area noun,
    # which any match ends on
    last = max((m.start() for m in _PLURAL_AREA_NOUN.finditer(text)), default=-1)
    for mention in places:
        several = rules.plural_area.match(text, mention.end) \
            if mention.via == "name" and mention.end < last else None
        if several is None or mention in changed:
            continue
        noun = _singular(several.group("noun"))
        for listed in (m for m in places if mention.start <= m.start < several.end()):
            units = tuple(e for e in rules.index.get(f"{listed.key} {noun}")
                          if e.kind in _UNITS)
            if units and listed.via == "name":
                listed.candidates = units
                changed.append(listed)
    return changed


def _singular(noun: str) -> str:
    """"counties" -> "county", "parishes" -> "parish", "Districts" -> "district"."""
    noun = noun.casefold()
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    return noun[:-2] if noun.endswith("shes") else noun[:-1]


def _listed_units(listed: list[tuple[PlaceMention, str]],
                  address: list[tuple[PlaceMention | None, Entry]],
                  index: NameIndex) -> list[PlaceMention]:
    """The names of a list of areas ("Henry and Pettis counties, Missouri") read as those
    areas inside the address's state, or placed at the state when the gazetteer lacks
    them (never a town of that name)."""
    state = next((e for _, e in address if e.kind is PlaceKind.ADMIN1), None)
    if state is None:
        return []
    for mention, noun in listed:
        units = tuple(e for e in index.get(f"{mention.key} {noun}")
                      if e.kind in _UNITS and _within(e, state))
        mention.candidates = units or (placed_at(mention, state),)
    return [mention for mention, _ in listed]


def _demonym_countries(lead: str, rules: ContainerRules) -> tuple[Entry, ...]:
    """The countries of the demonyms before an address ("in the English county of")."""
    codes = (rules.rules.demonyms.get(normalise(word)) for word in lead.split())
    return tuple(country for code in codes
                 if code and (country := rules.index.country(code)) is not None)


def _address(text: str, chain: list[PlaceMention], rules: ContainerRules,
             countries: tuple[Entry, ...] = (), in_town: bool = False,
             ) -> list[tuple[PlaceMention | None, Entry]] | None:
    """The container and the larger areas after it that hold it, each with its reading.

    The container is the first name of the chain with one reading better supported than
    its others: held by more of the countries and states named after it ("Marion County,
    Georgia, United States": the county in the US state of Georgia). Of equally supported
    readings, a country's name is the country, else the reading the article's scope chose.
    A reading no larger area confirms must be an area or a large town, and no larger area
    may follow it ("a village within the South Holland district, England" is not in the Dutch
    province).
    """
    readings = [_readings(text, m, rules, chain) for m in chain]
    for n, mention in enumerate(chain):
        wider: list[tuple[PlaceMention | None, tuple[Entry, ...]]] = [
            (m, names) for m, names in zip(chain[n + 1:], readings[n + 1:], strict=True)
            if m.key != mention.key and any(e.kind in _WIDE for e in names)]
        wider += [(None, (country,)) for country in countries]
        if mention.via != "name" or _adjective(text, mention, rules) or \
                rules.plural_area.match(text, mention.end):
            continue  # "the English county of"; "in Henry and Pettis counties"
        options = [(r, held) for r in readings[n] if (held := _held_by(r, wider)) is not None]
        most = max((len(held) for _, held in options), default=0)
        best = _prefer(mention, _collapse([r for r, held in options if len(held) == most]),
                       in_town)
        if best is None:
            continue
        held = _held_by(best, wider) or []
        if held or (not wider and (best.kind in _UNITS or not best.small)):
            return [(mention, best), *held]
    return None


def _adjective(text: str, mention: PlaceMention, rules: ContainerRules) -> bool:
    """A demonym, or a word the first pass could not place, before a noun: "the English
    county of", "a Canadian city in"."""
    return (mention.via == "demonym" or mention.key in rules.rules.demonyms
            or mention.entry is None) and bool(rules.lower_noun.match(text, mention.end))


def _readings(text: str, mention: PlaceMention, rules: ContainerRules,
              chain: list[PlaceMention]) -> tuple[Entry, ...]:
    """The readings of a name of an address: a demonym's country, the admin units of a
    name marked as an area ("the province of Romblon", "Volgograd Oblast")."""
    if _adjective(text, mention, rules):
        code = rules.rules.demonyms.get(mention.key)
        country = rules.index.country(code) if code else None
        return (country,) if country else mention.candidates
    names = [e for e in rules.index.get(mention.key) if e.kind in _CONTAINER_KINDS]
    if rules.area_after.match(text, mention.end) or _area_before(text, mention, rules, chain):
        return tuple(e for e in names if e.kind in _UNITS)
    # an area's official long form is an alternate name ("the Commonwealth of Puerto
    # Rico", "the Province of Pangasinan"): read when the name has no reading of its own
    return tuple(e for e in names if not e.alternate) or tuple(
        e for e in names if e.kind is PlaceKind.COUNTRY
        or (e.kind in _UNITS and _long_form(mention.key, e)))


def _long_form(key: str, entry: Entry) -> bool:
    """True when ``key`` is the unit's own name after a title ("province of pangasinan"
    for Pangasinan), not one of GeoNames' nicknames or other languages' names for it."""
    name = normalise(entry.name)
    return key != name and key.endswith(f" {name}")


def _area_before(text: str, mention: PlaceMention, rules: ContainerRules,
                 chain: list[PlaceMention]) -> bool:
    """"the province of Romblon", "the English county of Suffolk", "the U.S. state of
    Georgia"; not "the Cabañas Department of Honduras", where the noun belongs to
    the name before it."""
    found = rules.area_before.search(text, max(0, mention.start - 40), mention.start)
    if found is None:
        return False
    # a country before the noun qualifies it as an adjective does: "the U.S. state of"
    return not any(m.end <= found.start() and not text[m.end:found.start()].strip()
                   and not _adjective(text, m, rules)
                   and not any(e.kind is PlaceKind.COUNTRY for e in m.candidates)
                   for m in chain)


def _collapse(readings: list[Entry]) -> list[Entry]:
    """A town and the district of its name, within a town's reach of each other, are one
    reading (the town)."""
    if len(readings) > 1 and all(_within(e, readings[0]) for e in readings[1:]):
        return [min(readings, key=lambda e: e.kind is not PlaceKind.POPULATED_PLACE)]
    return readings


def _prefer(mention: PlaceMention, best: list[Entry], in_town: bool) -> Entry | None:
    """One reading of several equally supported: the country a name names; a state or
    county for a town ("a city in Quebec"), a town for a part of one ("a district of
    London"): the most populous, if it is large and the scope chose it too."""
    if len(best) <= 1:
        return best[0] if best else None
    countries = [e for e in best if e.kind is PlaceKind.COUNTRY]
    if len(countries) == 1:
        return countries[0]
    units = [e for e in best if e.kind in _UNITS and not e.alternate]
    if not in_town and len(units) == 1:
        return units[0]
    towns = [e for e in best if e.kind is PlaceKind.POPULATED_PLACE]
    largest = max(towns, key=lambda e: e.population, default=None)
    if largest is not None and largest == mention.entry and largest.population >= LARGE_TOWN:
        return largest
    return None


def _held_by(entry: Entry, wider: list[tuple[PlaceMention | None, tuple[Entry, ...]]],
             ) -> list[tuple[PlaceMention | None, Entry]] | None:
    """The larger areas after a name that hold ``entry``; None when one of them
    contradicts it ("Montrose, Saskatchewan": not the Montrose in British Columbia). Past
    a country named by name that holds it, the address has ended ("... Connecticut,
    United States, facing Long Island Sound"); a country's adjective goes on to its
    state ("within Pratapgarh district, of the Indian state Uttar Pradesh": not Rajasthan's
    Pratapgarh district)."""
    held: list[tuple[PlaceMention | None, Entry]] = []
    for area, names in wider:
        holder = _holder(entry, names)
        if holder is not None:
            held.append((area, holder))
        elif any(h.kind is PlaceKind.COUNTRY and a is not None and a.via == "name"
                 for a, h in held):
            break
        else:
            return None
    return held


def _holder(entry: Entry, names: tuple[Entry, ...]) -> Entry | None:
    """The reading among ``names`` of a country or state that holds ``entry``."""
    return next((e for e in names if e.kind in _WIDE and e is not entry
                 and _within(entry, e)), None)


def _within(entry: Entry, area: Entry) -> bool:
    """True when ``entry`` lies in ``area`` (a country, a state, a county or a town)."""
    if area.kind is PlaceKind.COUNTRY:
        # a dependent territory and its towns lie in their sovereign state too ("a
        # city within Puerto Rico, a territory of the U.S.")
        return entry.country_code == area.country_code or (
            entry.country_code is not None
            and sovereign_states().get(entry.country_code) == area.country_code)
    if area.kind is PlaceKind.ADMIN1:
        return bool(area.admin1) and entry.admin1 == area.admin1
    close = distance_km(entry.lat, entry.lon, area.lat, area.lon)
    if area.kind is PlaceKind.ADMIN2:
        return (not area.admin1 or entry.admin1 == area.admin1) and close <= COUNTY_KM
    return close <= TOWN_KM


def _finer(text: str, after: list[PlaceMention], mention: PlaceMention, start: int,
           ends: list[int], container: Entry) -> Entry | None:
    """A town or county inside a state or country container (or a state inside a country)
    that the statement's sentence, or the next one, names after a preposition: where a
    name the gazetteer lacks is placed ("a small village in central Saskatchewan, some
    30 km east of Saskatoon": near Saskatoon, not at the province's point)."""
    if container.kind not in _WIDE:
        return None
    i = bisect.bisect_right(ends, start)
    stop = ends[min(i + 1, len(ends) - 1)] if ends else start
    for m in after:
        if m.start >= stop:
            break
        entry = m.entry
        if (m.start >= start and entry is not None and m.key != mention.key
                and (_FINER_KINDS.get(entry.kind) is entry.precision
                     # "a town in eastern Ethiopia. Located in the Somali Region":
                     # a state of a country container is finer too
                     or (container.kind is PlaceKind.COUNTRY
                         and entry.kind is PlaceKind.ADMIN1))
                and _within(entry, container)
                and _PREPOSITION_BEFORE.search(text, max(0, m.start - 30), m.start)):
            return _offset(text, m.start, entry)
    return None


def _named_town(places: list[PlaceMention], mention: PlaceMention,
                container: Entry) -> Entry | None:
    """Of the towns the article places for sure inside a state container, the one nearest
    the others (its medoid): where a name the gazetteer lacks is placed when the statement
    names no finer place ("Tara is an unincorporated community in southwestern Ontario" in
    a text that names Owen Sound and Paisley: near them, not at the province's point,
    hundreds of kilometres north). None for a country, or when the text names none."""
    if container.kind is not PlaceKind.ADMIN1:
        return None
    towns: list[Entry] = []
    for m in places:
        entry = m.entry
        if (entry is not None and m.via == "name" and m.key != mention.key
                and entry.kind is PlaceKind.POPULATED_PLACE and entry.precision is Precision.EXACT
                and _within(entry, container) and entry not in towns):
            towns.append(entry)
    if not towns:
        return None
    middle = min(towns, key=lambda t: sum(distance_km(t.lat, t.lon, o.lat, o.lon)
                                          for o in towns))
    return replace(middle, name=f"{middle.name} (of the towns the text names in "
                                f"{container.name}, the one nearest the others)")


def _large_town_of_the_story(mention: PlaceMention, places: list[PlaceMention]) -> bool:
    """True when the name has a reading that is a large town in a country the article names
    by name or demonym: such a town is never placed at another town's point for want of
    a reading near it (a statement comparing it with another town is no address)."""
    named = {m.entry.country_code for m in places
             if m.entry is not None and m.entry.kind is PlaceKind.COUNTRY}
    return any(e.kind is PlaceKind.POPULATED_PLACE and e.population >= LARGE_TOWN
               and not e.alternate and e.country_code in named for e in mention.candidates)


def _offset(text: str, start: int, entry: Entry) -> Entry:
    """The point the text gives by a distance and a bearing from ``entry`` ("about 450
    kilometres west of Brisbane"), or ``entry`` itself when it gives none."""
    found = _OFFSET_BEFORE.search(text, max(0, start - 80), start)
    if found is None:
        return entry
    bearing = _BEARINGS.get(re.sub(r"[\s-]", "", found.group("bearing")).casefold())
    try:
        km = float(found.group("count").replace(",", ""))
    except ValueError:
        return entry
    if found.group("unit").casefold() in ("miles", "mi"):
        km *= _MILE_KM
    if bearing is None or not 0 < km <= MAX_OFFSET_KM:
        return entry
    lat, lon = destination(entry.lat, entry.lon, km, bearing)
    name = f"{found.group('count')} {found.group('unit')} {found.group('bearing')} of {entry.name}"
    return replace(entry, name=name, lat=lat, lon=lon)


def _inside(mention: PlaceMention, container: Entry, finer: Entry | None = None,
            index: NameIndex | None = None) -> tuple[Entry, ...]:
    """The mention's readings inside the container (eligible whatever their size: the text
    vouches for them), else a town inside it that bears the name among its other names
    (``index``: "Landsberg is a town in Bavaria" is Landsberg am Lech, not the Landsberg
    of Saxony-Anhalt), else one entry at the point of the finer
    place the text names in it (:func:`_finer`), or else at the container's point."""
    inside = _readings_inside(mention.candidates, container)
    if not inside and index is not None and mention.via == "name" \
            and container.kind in _WIDE:
        others = _readings_inside(
            (e for e in index.every_reading(mention.key) if e not in mention.candidates
             and e.kind is PlaceKind.POPULATED_PLACE), container)
        inside = others if len(others) == 1 else ()
    return inside or (placed_at(mention, finer or container),)


def _readings_inside(candidates: Iterable[Entry], container: Entry) -> tuple[Entry, ...]:
    # a country inside a country is a territory of it ("Guam, a territory of the United
    # States" is Guam); a unit is never inside a unit of its own level ("Tambov, a city
    # on the Tsna, serves as capital of Tambov Oblast" is the city, not the oblast)
    return tuple(replace(e, small=False) for e in candidates
                 if e.geonameid != container.geonameid and _within(e, container)
                 and (e.kind is not PlaceKind.COUNTRY
                      or e.country_code != container.country_code)
                 and (e.kind not in _UNITS
                      or _LEVEL[e.kind] < _LEVEL.get(container.kind, 0)))


def placed_at(mention: PlaceMention, container: Entry) -> Entry:
    """A name the gazetteer lacks, placed at the area the text puts it in (its point, its
    precision: ``adm2`` for a county, ``near`` for a town it lies in or near), with a
    note that says so.

    Parameters
    ----------
    mention
        The name.
    container
        The county, state, country or town it lies in.

    Returns
    -------
    Entry
        A populated place at the container's point.
    """
    note = (f"not in the gazetteer: placed at {container.name}, where the text says it "
            "lies")
    return Entry(mention.text, container.lat, container.lon, PlaceKind.POPULATED_PLACE,
                 _PRECISION[container.kind], container.country_code, None, 0, note=note,
                 admin1=container.admin1)


def _placed_coarser(readings: tuple[Entry, ...], finer: tuple[Entry, ...]) -> bool:
    """True when ``readings`` is a name the gazetteer lacks placed at a state or country
    ("the city of Cuba, Kansas": at Kansas) that holds every one of the ``finer``
    readings a statement gives ("Cuba is a city in Republic County, Kansas")."""
    if len(readings) != 1 or readings[0].geonameid is not None \
            or readings[0].precision not in _COARSE:
        return False
    area = readings[0]
    return bool(finer) and all(
        e.country_code == area.country_code
        and (area.precision is Precision.COUNTRY or e.admin1 == area.admin1) for e in finer)


_COARSE = (Precision.ADM1, Precision.COUNTRY)


def _restrict(places: list[PlaceMention], mention: PlaceMention,
              candidates: tuple[Entry, ...]) -> list[PlaceMention]:
    """Give the new readings to the mention and to its bare namesakes in the article
    (a mention qualified otherwise, "Boston, Massachusetts", keeps its own)."""
    original = mention.candidates
    same = [m for m in places if m.key == mention.key and (
        m.candidates is original or _placed_coarser(m.candidates, candidates))]
    for m in same:
        m.candidates = candidates
    return same
