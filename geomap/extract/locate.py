"""Where an event happened: the locative phrase that governs it, at the level it names.

The candidates are the places of the event's clause, each read with its phrase:

- "near Tinzaouaten", "15 km north of Gao", "on the outskirts of X" are *near* the town;
- "Donetsk region", "the Kidal region", "Kharkiv oblast" are the admin-1 area (asked of
  the gazetteer; an area it lacks keeps area precision, never the town's point);
- "northern Mali", "eastern Ukraine" are part of the country (sub-country precision);
- "close to the Algerian border", "near the border with Algeria" only qualify another
  place; alone, they place the event in the home country, at sub-country precision;
- "in X (Y, Z)": X is asked of the gazetteer with its qualifiers when the spotter did not
  know it; the bracketed names are qualifiers, not places of their own;
- a place in an actor's description ("an al Qaeda affiliate in the Sahel") or standing
  for a state ("Bamako said") is not where the event was.

The most precise candidate wins (ties: the nearest to the event's word); towns listed
together but more than 50 km apart ("strikes on Kharkiv and Zaporizhzhia") are separate
incidents. With no candidate, the event is put in the country of the national army it
targeted, else the article's main country, at country precision.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from geomap.errors import GeomapError
from geomap.extract.actors import ActorDef
from geomap.extract.clauses import Clause, TextFacts
from geomap.extract.cues import Cue
from geomap.extract.dates import FULL_MONTHS, MONTHS, WEEKDAYS
from geomap.extract.districts import Districts, Spellings
from geomap.extract.names import LARGE_TOWN, NameIndex
from geomap.extract.phrases import PhraseIndex
from geomap.extract.places import PlaceMention
from geomap.extract.records import Location
from geomap.extract.resolve import distance_km, entry_to_place
from geomap.extract.rules import EventRules
from geomap.geocoding.parts import border_place, part_of_place
from geomap.model import ActorKind, Place, PlaceKind
from geomap.precision import Precision
from geomap.refdata.countries import country_neighbours
from geomap.refdata.directions import Direction, direction_words
from geomap.refdata.regions import admin1_members

if TYPE_CHECKING:
    from geomap.extract.text import Sentence, Token

logger = logging.getLogger(__name__)

SEPARATE_KM = 50.0
DISTRICT_KM = 40.0  # a village farther than this from its district's seat is a namesake
# a town of its province no farther than this from the seat, and alone of its name there,
# lies in the district named: the raions of 2020 are that large ("Vovchansk, Chuhuivskyi")
RAION_KM = 120.0
# a town farther than this from the district the coders bracket after it is not the one they
# mean (a Sahel cercle or a Sudanese locality spans 200 km)
BRACKET_DISTRICT_KM = 250.0
_LABEL_WORDS = 3
_AREA_LEVELS = {"adm1": Precision.ADM1, "adm2": Precision.ADM2, "near": Precision.NEAR}
_LOCATIVES = frozenset({"in", "at", "near", "outside", "around", "inside", "into", "across",
                        "throughout", "within", "along", "over", "of", "on", "off",
                        "toward", "towards", "past", "beyond"})
# Locatives that put what follows at a place ("near Boni"), not a time ("on Monday")
_PLACE_LOCATIVES = frozenset({"in", "at", "near", "outside", "around", "inside", "within",
                              "along", "between"})
_BORDER_FACILITIES = frozenset({"post", "posts", "crossing", "crossings", "checkpoint",
                                "checkpoints", "point", "station", "outpost", "guards"})
_STREET_WORDS = frozenset({"square", "street", "avenue", "road", "boulevard", "bridge",
                           "park", "prospekt", "highway"})
# ... also in lower case, as coders write them ("in Al Karama square in X city"); a road
# or highway in lower case names a town on it ("the Gao road"), see _ROUTE_NOUNS
_LOWER_STREET_WORDS = frozenset({"square", "street", "avenue", "boulevard", "roundabout"})
# a square or street named in the language of the place: "Praca da Independencia",
# "Plaza de Mayo", "Place de la Nation" (Place only with its article: "take Place")
_STREET_PREFIXES = frozenset({"praca", "praça", "plaza", "piazza", "largo", "rua", "avenida",
                              "calle", "rue", "place", "midan", "maidan"})
_STREET_LINKS = frozenset({"da", "do", "dos", "das", "de", "del", "della", "des", "du", "la",
                           "al", "el"})
_TOWARDS = frozenset({"to", "towards", "toward", "for", "across"})
_CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")", "."})
_AREA_LOCATIVES = frozenset({"in", "across", "throughout"})  # "in the east"
# a district named after its town and a part or a status: "Kano Municipal", "Kaduna North"
_DISTRICT_SUFFIX = re.compile(r"\s+(?:Municipal|Municipality|Metropolitan|Metro|Urban|Rural|"
                              r"Central|North|South|East|West|Town|City|Sub-County)$")
# a town naming a road: "Maiduguri-Damboa road" (either town), "the Gao road"
_ROUTE_NOUNS = ("road", "highway", "axis", "route", "motorway", "expressway")
_ROUTE_WORD = re.compile(r"\s+(?:road|highway|axis|route|motorway|expressway)\b")
_ROUTE_AFTER = re.compile(r"(?:\s*[-\u2013/]\s*[A-Z][\w'\u2019]*(?:\s[A-Z][\w'\u2019]*)?)?"
                          r"\s+(?:road|highway|axis|route|motorway|expressway)\b")
_ROUTE_JOIN = re.compile(r"\b[A-Z][\w'\u2019]*\s*[-\u2013/]\s*$")
_QUERY_MEMO_LIMIT = 50_000
# "(Bokkos, Plateau)": coders' district and province after a place (names only)
_QUALIFIER_BRACKET = re.compile(r"\(\s*([A-Z][^(),;:]{1,40}(?:,\s*[A-Z][^(),;:]{1,40}){1,2})\)")
_BRACKET_NOUNS = 3  # "Kutupalong refugee camp (Ukhia, Cox's Bazar)"
# "Kamyanka, Donetsk Obl", "Pisky village, Donetsk": a town, a comma and its province
_COMMA_QUALIFIER = re.compile(r"(?: (?:village|town|settlement|city))?, ")
_NAMESAKES = 20  # the gazetteer's candidates searched for a town inside a named area
# what lies between a village and its landmark: "(Yasynuvata district) near", ", close to the",
# ", to the southwest of", " 40 km from"
_LANDMARK_GAP = re.compile(
    r"^[^;]{0,60}?\b(?:near|outside|close to|not far from|outskirts of"
    r"|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern outskirts)? of"
    r"|(?:km|kilometres|kilometers|miles) from)"
    r"(?: the)?(?: (?:city|town) of)?\s+$", re.IGNORECASE)
# the distance a landmark's gap states (", 60 km north of"), in km or miles
_STATED_DISTANCE = re.compile(r"(\d+(?:\.\d+)?)\s*-?\s*(km|kilomet|mile)", re.IGNORECASE)
KM_PER_MILE = 1.609
# parties that fight in their own country (a national army may fight abroad)
_LOCAL_KINDS = (ActorKind.ARMED_GROUP, ActorKind.MILITIA)


@dataclass(slots=True)
class Candidate:
    """A place the clause names, as a possible location of its event."""

    location: Location
    position: int  # first token
    stop: int  # token after the phrase
    locative: bool
    border: bool = False
    qualifier: bool = False
    origin: bool = False  # "a corporal from the Poltava region": whence, not where
    destination: bool = False  # "thousands fled towards X": whither, not where


class Locator:
    """Chooses an event's location in its clause (see the module's documentation)."""

    def __init__(self, rules: EventRules, index: NameIndex) -> None:
        self.index = index
        self.gazetteer: Any = index.gazetteer
        self.area_words = {str(k): str(v) for k, v in rules.data.get("area_words", {}).items()}
        self.directions = PhraseIndex.of_words(direction_words(), "direction_words")
        self.near = rules.phrases("near_words")
        # the word before "of" in a phrase of nearness ("north of", "outskirts of")
        self.near_of = frozenset(phrase.split()[-2] for phrase in rules.words("near_words")
                                 if phrase.endswith(" of"))
        self.place_nouns = rules.words("place_nouns")
        self.qualifier_nouns = rules.words("qualifier_nouns")
        self.border = rules.words("border_words")
        self.subject_verbs = rules.words("subject_verbs")
        self.speech_verbs = rules.words("speech_verbs")
        self.districts = Districts(rules, self.gazetteer)
        self.village_nouns = rules.words("village_nouns")
        self.territory_nouns = rules.words("territory_nouns")
        self.town_nouns = rules.words("town_nouns")
        self.destination_words = rules.words("destination_words")
        self.conveyance_words = rules.words("conveyance_words")
        self.spellings = Spellings(rules)
        self._memo: dict[tuple[str, str | None], Place | None] = {}
        self._parts: dict[tuple[str, str], Place] = {}
        self._borders: dict[tuple[str, str], Place] = {}

    def locate(self, clause: Clause, head: Cue, context: Collection[str],
               ) -> tuple[Location | None, list[Location]]:
        """The clause's location for the event at ``head``, and other towns listed with
        it that lie more than 50 km away (separate incidents)."""
        spotted = self._spotted(clause, context)
        # "Russian forces shelled ... Donetsk oblast": Ukraine is a country of the clause
        # before names are asked again in context
        candidates = spotted + self._unspotted(clause, _with_named_areas(context, spotted))
        candidates += self._bracket_anchors(clause, candidates, context)
        candidates += self._actor_territories(clause)
        _mark_qualifiers(clause, candidates)
        _mark_street_names(clause, candidates)
        context = _with_named_areas(context, candidates)
        self._within_named_area(clause, candidates, context)
        candidates += self._within_district(clause, candidates, context)
        self._near_anchor(clause, candidates, context)
        coded = next((c for c in candidates if _coded_to(clause, c.position)
                      and _in_context(c.location.place, context)), None)
        if coded is not None:  # "(coded to Chernihiv)": where the coders put the point
            return coded.location, []
        told = self._reported_from(clause, head)
        # "speaking in Moscow, the minister said Russian forces captured X": where it was
        # said does not place the event in the speaker's country
        beside = _beside(clause.facts, context,
                         (clause.tokens[clause.first].start, clause.tokens[told].start)
                         if told > clause.first else None)
        usable = [c for c in candidates if not c.qualifier and not c.border
                  and not c.destination
                  and (_in_context(c.location.place, context) or c.location.via == "qualifier"
                       or (c.location.via in ("named", "locative")
                           and c.location.place.country_code in beside))]
        # a place someone comes from gives way to where the event was, a town naming a
        # road ("on the Maiduguri-Damboa road near Wajiroko") to the place on it
        usable = [c for c in usable if not c.origin] or usable
        # "Following the capture of Goma in late January, M23 attacked ... near Sake":
        # the place of an incident the clause points back at gives way to its own
        if not head.reference:
            usable = [c for c in usable if not _of_a_reference(clause, c.position)] \
                or usable
        # "the governor said in Kharkiv that Russian forces shelled Kupiansk": where it
        # was said gives way to a place of what was said
        if told > clause.first and any(self._names_a_place(clause, k)
                                       for k in range(told, clause.stop - 1)):
            # "... told reporters in Bamako that JNIM attacked a post near Boni": a place
            # of what was said, even one not read (Boni is no town of the index), rules
            # out where it was said: its country stays
            said_at = usable
            usable = [c for c in usable if c.position >= told]
            if not usable and said_at:
                return self._country_of(said_at[0].location.place), []
        else:
            usable = [c for c in usable if c.position >= told] or usable
        # "..., the army said in Port Sudan", "according to HRW, which published its
        # report in Dakar": where the telling was, after the event, gives way too
        until = self._source_after(clause, head)
        usable = [c for c in usable if c.position < until] or usable
        usable = [c for c in usable if not _names_route(clause.facts.text, c.location)] \
            or usable or _qualifiers_alone(
            candidates, context)
        if not usable:
            borders = [c for c in candidates if c.border]
            if not borders:
                # "a bus on its way to X" alone: the country X lies in, not X
                whither = next((c for c in candidates if c.destination
                                and _in_context(c.location.place, context)), None)
                if whither is not None:
                    return self._country_of(whither.location.place), []
            return (self._border_area(borders[0], context) if borders
                    else self._bare_direction(clause)), []
        best = min(usable, key=lambda c: (_tier(c.location.precision), not c.locative,
                                          int(c.location.precision),
                                          abs(c.position - head.first)))
        if best.position < told:
            # only where it was said: the place of the incident it tells, if any, wins
            return replace(best.location, said_at=True), []
        return best.location, self._far_list(clause, best, usable)

    def labels(self, facts: TextFacts, sentences: list[Sentence],
               context: Collection[str]) -> list[Location]:
        """Lines that are nothing but a town's name (a caption, a location tag), as
        places: the spotter's, or the gazetteer's answer inside the article's countries."""
        found = []
        for sentence in sentences:
            first, stop = facts.token_at(sentence.start), facts.token_at(sentence.end)
            words = facts.tokens[first:stop]
            line = facts.text[sentence.start:sentence.end].strip(" .")
            if not 0 < len(words) <= _LABEL_WORDS or not all(t.capitalised for t in words) \
                    or line != facts.text[words[0].start:words[-1].end]:
                continue
            place = self._ask(line, facts.main_country)
            if place is not None and place.precision <= Precision.NEAR \
                    and _in_context(place, context):
                found.append(Location(place, place.precision, line, words[0].start,
                                      words[-1].end, "label"))
        return found

    def refined(self, location: Location | None, targets: list[ActorDef],
                agents: list[ActorDef], main_country: str | None,
                sources: Collection[ActorDef] = ()) -> Location | None:
        """The event's location, or where its parties act when the text names no finer
        place: "LPR militiaman killed" (no place) or "in eastern Ukraine" (an area holding
        it) is in Luhansk oblast, the LPR's area (``area`` in actors.yaml), at province
        precision; with no party of an area, where its ``sources`` hold sway: a toll "in
        the east - DPR militia" is one the DPR counted on its own ground; with neither,
        :meth:`fallback`."""
        area = self._party_area(targets + agents)
        if area is None and not any(a.area for a in targets + agents):
            area = self._party_area(list(sources))
        if area is not None and (location is None or _holds(location, area.place)):
            return area
        if location is not None and location.via == "direction":
            # "Russian forces attack Ukraine troops in the separatist east": Ukraine's east
            home = self.fallback(targets, agents, main_country)
            if home is not None and home.place.country_code != location.place.country_code:
                return self._direction_in(replace(location, place=home.place),
                                          _direction_of(location.text))
        return location or self.fallback(targets, agents, main_country)

    def _actor_territories(self, clause: Clause) -> list[Candidate]:
        """"Across the lands the Donetsk People's Republic holds", "in the self-proclaimed
        LPR": the area the named actor holds (``area`` in actors.yaml), at its precision."""
        found = []
        for mention in clause.actors:
            if not mention.actor.area:
                continue
            first, stop = clause.actor_tokens(mention)
            if not self._territory_before(clause, first):
                continue
            location = self._party_area([mention.actor])
            if location is not None:
                found.append(Candidate(replace(location, text=mention.text,
                                               start=mention.start, end=mention.end),
                                       first, stop, True))
        return found

    def _territory_before(self, clause: Clause, first: int) -> bool:
        """A locative word and an article ("in the", "on the territory of") govern the name
        at ``first``, with only lower-case words between ("in the self-proclaimed")."""
        norms, tokens = clause.norms, clause.tokens
        for k in range(first - 1, max(clause.first, first - 5) - 1, -1):
            if norms[k] in _LOCATIVES and norms[k] != "of":
                # "in the DPR"; "in Donetsk republic shelling" names who shelled
                return k + 1 < first and norms[k + 1] == "the"
            if norms[k] == "of":
                return k > clause.first and norms[k - 1] in self.territory_nouns
            if tokens[k].capitalised:
                return False
        return False

    def _party_area(self, parties: list[ActorDef]) -> Location | None:
        names = {(a.area, a.country_code) for a in parties if a.area}
        if len(names) != 1:
            return None  # no party with an area, or parties of two areas: not decided
        [(name, country)] = names
        place = self._ask(name, country)
        if place is None or place.kind not in (PlaceKind.ADMIN1, PlaceKind.REGION):
            return None
        return Location(place, max(place.precision, Precision.ADM1), via="actor_area")

    def fallback(self, targets: list[ActorDef], agents: list[ActorDef],
                 main_country: str | None) -> Location | None:
        """The country of the national army targeted; else the one country of the armed
        groups and militias among the parties, when the article's main country is none of
        the parties' ("M23 rebels seized Minova" in a story naming only Rwanda, accused of
        backing them: Congo, not Rwanda); else the article's main country."""
        codes = [a.country_code for a in targets if a.kind is ActorKind.ARMED_FORCES]
        parties = targets + agents
        local = {a.country_code for a in parties if a.kind in _LOCAL_KINDS and a.country_code}
        if main_country and len(local) == 1 \
                and main_country not in {a.country_code for a in parties}:
            codes += local
        codes += [main_country] if main_country else []
        codes += [a.country_code for a in agents if a.kind is ActorKind.ARMED_FORCES]
        for code in codes:
            entry = self.index.country(code) if code else None
            if entry is not None:
                via = "main_country" if code == main_country and code not in codes[:-1] \
                    else "group" if code in local else "army"
                return Location(entry_to_place(entry), Precision.COUNTRY, via=via)
        return None

    # -- candidates ---------------------------------------------------------------------

    def _spotted(self, clause: Clause, context: Collection[str]) -> list[Candidate]:
        found = []
        for mention in clause.places:
            if not self._usable(clause, mention):
                continue
            found.append(self._read_phrase(clause, mention, context))
        return found

    def _usable(self, clause: Clause, mention: PlaceMention) -> bool:
        if mention.place is None or mention.via == "demonym" or mention.state_code:
            return False
        if clause.in_tail(mention.start):
            return False
        nxt = mention.last + 1
        # "Kiev says" speaks; "near Gao, said the army" is a place
        after = clause.norms[nxt] if nxt < clause.stop and not clause.facts.text[
            mention.end:clause.tokens[nxt].start].strip() else ""
        return after not in self.subject_verbs and not self._based_in(clause, mention.first) \
            and not self._addressed(clause, mention.first)

    def _country_of(self, place: Place) -> Location | None:
        entry = self.index.country(place.country_code) if place.country_code else None
        return Location(entry_to_place(entry), Precision.COUNTRY, via="main_country") \
            if entry is not None else None

    def _names_a_place(self, clause: Clause, k: int) -> bool:
        """A locative at ``k`` before a capitalised name that is no date ("near Boni", not
        "in December"), read as a place or not."""
        word = clause.norms[k + 1]
        return clause.norms[k] in _PLACE_LOCATIVES and clause.tokens[k + 1].capitalised \
            and word not in MONTHS and word not in WEEKDAYS

    def _source_after(self, clause: Clause, head: Cue) -> int:
        """The first token of a source told after the event at ``head`` (", the army said",
        "according to"), else the clause's end."""
        norms = clause.norms
        for k in range(head.first + head.width, clause.stop):
            if (norms[k] in self.speech_verbs and norms[k] != "according") or (
                    norms[k] == "according" and k + 1 < clause.stop and norms[k + 1] == "to"):
                return k
        return clause.stop

    def _reported_from(self, clause: Clause, head: Cue) -> int:
        """The first token of the reported content when the event at ``head`` is told as
        what someone said ("officials in Zaporizhzhia reported that ...", "Speaking in
        Kyiv, the minister said Russian drones struck ..."), else the clause's first."""
        norms, told = clause.norms, clause.first
        for k in range(clause.first, head.first):
            if norms[k] in self.speech_verbs:
                told = k + 1
                nxt = next((j for j in range(k + 1, min(k + 10, head.first))
                            if norms[j] == "that"), None)
                if nxt is not None:
                    told = nxt + 1  # "said in Kharkiv that", "told reporters in Bamako that"
        return told

    def _addressed(self, clause: Clause, first: int) -> bool:
        """"Kiev points at Moscow", "urges Kiev", "calls on Moscow": whom a statement is
        about or addressed to, not where the event was."""
        before = clause.norms[max(clause.first, first - 2):first]
        return bool(before) and (before[-1] in self.subject_verbs or (
            len(before) == 2 and before[0] in self.subject_verbs and before[1] in ("at", "on")))

    def _based_in(self, clause: Clause, first: int) -> bool:
        """"an affiliate in the Sahel", "the embassy in Kabul said": where an actor is
        based; but "near the embassy in Kabul", "at the ministry in X" is a place."""
        norms = clause.norms
        for k in range(max(clause.first, first - 3), first):
            if norms[k] in self.qualifier_nouns:
                return not any(norms[i] in _LOCATIVES and norms[i] != "of"
                               for i in range(max(clause.first, k - 3), k))
        return False

    def _read_phrase(self, clause: Clause, mention: PlaceMention,
                     context: Collection[str]) -> Candidate:
        """The place with what the words around it say: area word, direction, nearness."""
        assert mention.place is not None
        norms, tokens = clause.norms, clause.tokens
        start, stop = mention.first, mention.last + 1
        location = Location(mention.place, mention.place.precision, mention.text,
                            mention.start, mention.end, "locative" if mention.locative
                            else "named")
        level = self.area_words.get(norms[stop]) if stop < clause.stop else None
        if level is not None:
            location = self._area(location, tokens[stop], level)
            stop += 1
        elif stop < clause.stop and norms[stop] in self.town_nouns \
                and mention.place.kind in (PlaceKind.ADMIN1, PlaceKind.ADMIN2):
            location = self._town_of(location, tokens[stop])
        elif mention.place.kind is PlaceKind.POPULATED_PLACE:
            location = self._qualified(clause, mention, location, context)
        direction = self._direction_before(norms, start, clause.first)
        if direction:
            start -= direction
            location = self._part_of(location, clause, start, start + direction)
        elif self._near_before(norms, start, clause.first):
            location = _at_least(location, Precision.NEAR)
        # "near the Algerian border", "the border with Algeria"; but "Krasna Talivka border
        # post" is a post at that village
        border = (stop < clause.stop and norms[stop] in self.border
                  and not tokens[stop - 1].possessive  # "Sumy oblast's border areas": its own
                  and (stop + 1 >= clause.stop or norms[stop + 1] not in _BORDER_FACILITIES)) \
            or (start >= 2 and norms[start - 1] in ("with", "of")
                and norms[start - 2] in self.border)
        locative = mention.locative or (start > clause.first and norms[start - 1] in _LOCATIVES)
        before = norms[max(clause.first, start - 2):start]
        origin = before[-1:] == ["from"] or before == ["from", "the"]
        destination = self._whither(norms, start, clause.first)
        return Candidate(location, start, stop, locative, border, origin=origin,
                         destination=destination)

    def _within_named_area(self, clause: Clause, candidates: list[Candidate],
                           context: Collection[str]) -> None:
        """"In the Donetsk region, ... near Pokrovsk", "Pisky area in Donbas", "Kamyanka,
        Donetsk Oblast": a town outside the province or region the clause names is a
        namesake. The gazetteer's town of that name inside the area replaces it; with none
        (a village the gazetteer lacks), a small town gives way to the area itself."""
        areas = [(c, codes) for c in candidates if _in_context(c.location.place, context)
                 and (codes := area_codes(c.location.place))]
        if not areas:
            return
        for candidate in candidates:
            place = candidate.location.place
            if place.kind is not PlaceKind.POPULATED_PLACE or candidate.qualifier \
                    or any(place.admin1_code in codes for _, codes in areas):
                continue
            area, codes = areas[0]
            inside = self._namesake_in(candidate.location.text, place, codes)
            if inside is not None:
                candidate.location = replace(candidate.location, place=inside)
            elif (place.population or 0) < LARGE_TOWN or self._called_a_village(clause,
                                                                                candidate):
                # the area places the event, not the namesake (nor a city the text calls
                # a village: "Buda village in Kajuru LGA (Kaduna state)")
                candidate.qualifier = True
                area.qualifier = False
                area.locative = area.locative or candidate.locative

    def _within_district(self, clause: Clause, candidates: list[Candidate],
                         context: Collection[str]) -> list[Candidate]:
        """"Novokaterynivka village, Starobeshivskiy district", "Pisky (Yasynuvata
        district)": the districts named, as candidates at district precision (their seat's
        point, :mod:`geomap.extract.districts`). A village farther than 40 km from every
        named district's seat is a namesake: the index's village of that name near a seat
        replaces it; with none (a village the index lacks), it gives way to the district.
        A large town never does ("Donetsk, Kuibyshevsky district" is a city's district)."""
        districts = self._district_candidates(clause, candidates, context)
        seats = [d.location.place for d in districts]
        for candidate in candidates if seats else ():
            place = candidate.location.place
            if candidate.qualifier or place.kind is not PlaceKind.POPULATED_PLACE \
                    or candidate.location.precision > Precision.NEAR \
                    or ((place.population or 0) >= LARGE_TOWN
                        and not self._called_a_village(clause, candidate)) \
                    or any(_km(place, seat) <= DISTRICT_KM for seat in seats):
                continue
            if any(_km(place, seat) <= RAION_KM and seat.admin1_code == place.admin1_code
                   and not self._namesakes_in(candidate, place) for seat in seats):
                continue  # "Vovchansk (Chuhuivskyi raion)": one of the large raions of 2020
            inside = next((c.place for c in self._candidates(candidate.location.text,
                                                             place.country_code)
                           if c.place.kind is PlaceKind.POPULATED_PLACE
                           and any(_km(c.place, seat) <= DISTRICT_KM for seat in seats)), None)
            if inside is not None:
                candidate.location = replace(candidate.location, place=inside)
            else:
                candidate.qualifier = True
        return districts

    def _namesakes_in(self, candidate: Candidate, place: Place) -> bool:
        """Other towns of the candidate's name in its province."""
        return any(c.place is not place and c.place.kind is PlaceKind.POPULATED_PLACE
                   and c.place.admin1_code == place.admin1_code
                   for c in self._candidates(candidate.location.text, place.country_code))

    def _near_anchor(self, clause: Clause, candidates: list[Candidate],
                     context: Collection[str]) -> None:
        """"The village of Pisky near Donetsk": a village more than 50 km from the town
        named after it as its landmark ("near", "outside", "close to") is a namesake,
        unless the text says it is that far ("Mellit, 60 km north of El Fasher"). The
        index's village of that name near the landmark replaces it; with none, it gives way
        to the landmark (near it). "Pisky village, Donetsk" is not read so: after a comma
        coders name the province ("Debaltseve, Donetsk")."""
        towns = sorted((c for c in candidates if not c.qualifier and not c.border
                        and c.location.place.kind is PlaceKind.POPULATED_PLACE
                        and c.location.precision <= Precision.NEAR
                        and _in_context(c.location.place, context)),
                       key=lambda c: c.position)
        text = clause.facts.text
        for village, landmark in itertools.pairwise(towns):
            place, anchor = village.location.place, landmark.location.place
            gap = text[village.location.end:landmark.location.start]
            away = _km(place, anchor)
            if (place.population or 0) >= LARGE_TOWN or away <= SEPARATE_KM \
                    or not _LANDMARK_GAP.match(gap) or _as_far_as_stated(gap, away):
                continue
            near = next((c.place for c in self._candidates(village.location.text,
                                                           place.country_code)
                         if c.place.kind is PlaceKind.POPULATED_PLACE
                         and _km(c.place, anchor) <= SEPARATE_KM), None)
            if near is not None:
                village.location = replace(village.location, place=near)
            else:
                village.qualifier = True
                landmark.location = _at_least(landmark.location, Precision.NEAR)

    def _called_a_village(self, clause: Clause, candidate: Candidate) -> bool:
        """"Luhansk village", "the village of Luhansk": not the city of that name."""
        norms = clause.norms
        after = norms[candidate.stop] if candidate.stop < clause.stop else ""
        before = norms[max(clause.first, candidate.position - 2):candidate.position]
        return after in self.village_nouns or (before[-1:] == ["of"]
                                               and before[0] in self.village_nouns)

    def _district_candidates(self, clause: Clause, candidates: list[Candidate],
                             context: Collection[str]) -> list[Candidate]:
        """The districts the clause names, each at its seat (in the province it names)."""
        tokens, text = clause.tokens, clause.facts.text
        found: list[Candidate] = []
        if self.districts.name_ends.isdisjoint(clause.norms[clause.first + 1:clause.stop]):
            return found  # most clauses: no district word, no name asked at each token
        codes: frozenset[str] | None = None  # the clause's provinces, once a district is named
        for k in range(clause.first + 1, clause.stop):
            span = self.districts.name_before(text, tokens, k, clause.first)
            if span is None:
                continue
            if codes is None:
                codes = frozenset(itertools.chain.from_iterable(
                    area_codes(c.location.place) for c in candidates
                    if _in_context(c.location.place, context)))
            start, end = span
            name = text[tokens[start].start:tokens[end - 1].end]
            # "Kherson's Dniprovskyi district": the district of that name in the owner's
            # province (Kyiv has one too)
            owner = next((c.location.place for c in candidates if c.stop == start
                          and tokens[start - 1].possessive
                          and c.location.place.admin1_code), None)
            within = frozenset({owner.admin1_code}) if owner and owner.admin1_code else codes
            seat = next((town for country in _countries(clause.facts.main_country, context)
                         if (town := self.districts.seat(name, country, within)) is not None),
                        None)
            if seat is None and owner is not None:
                continue  # none there: the owner itself stays the place
            if seat is None or not _in_context(seat, context):
                continue
            if candidates and all(c.location.place.country_code != seat.country_code
                                  for c in candidates):
                # "Russian forces shelled X (X raion, Donetsk)": every place the clause
                # names lies in Ukraine; Engels, once Pokrovsk, is no seat of its raion
                continue
            found.append(Candidate(Location(seat, max(seat.precision, Precision.ADM2),
                                            text[tokens[start].start:tokens[k].end],
                                            tokens[start].start, tokens[k].end, "district"),
                                   start, k + 1, True))
        return found

    def _namesake_in(self, text: str, place: Place, codes: frozenset[str]) -> Place | None:
        """The town called ``text`` (or ``place``'s name) in one of the admin-1 ``codes``."""
        for name in dict.fromkeys((text, place.name)):
            key = (f"{name} @ {','.join(sorted(codes))}", place.country_code)
            if key not in self._memo:
                found = [c.place for c in self._candidates(name, place.country_code)
                         if c.place.kind is PlaceKind.POPULATED_PLACE
                         and c.place.admin1_code in codes]
                self._memo[key] = found[0] if found else None
            if self._memo[key] is not None:
                return self._memo[key]
        return None

    def _candidates(self, name: str, country: str | None,
                    limit: int = _NAMESAKES) -> list[Any]:
        try:
            return list(self.gazetteer.candidates(name, country=country, limit=limit))
        except (GeomapError, ValueError) as err:
            logger.debug("no candidates for %r: %s", name, err)
            return []

    def _qualified(self, clause: Clause, mention: PlaceMention, location: Location,
                   context: Collection[str]) -> Location:
        """"Kamyanka, Donetsk Obl", "Boni (Douentza, Mopti)": the town of that name in the
        area named after it, when the gazetteer knows it (and it lies in the article's
        countries: "Gaza City (Gaza City, Gaza)" is not Gasa in Bhutan)."""
        text = clause.facts.text
        qualifier = _bracketed(text, mention.end)
        if qualifier is None:
            after = [p for p in clause.places if p.start > mention.end]
            if not after or not _COMMA_QUALIFIER.fullmatch(text, mention.end, after[0].start):
                return location
            qualifier = after[0].text
        found = self._ask(f"{mention.text} ({qualifier})", location.place.country_code)
        if found is not None and not _in_context(found, context):
            return location
        if found is None and text[mention.end:].lstrip().startswith("("):
            # "Welingara (Nara, Koulikoro)" read as a namesake abroad: the coders' district
            area = self._qualifier_area(qualifier, clause.facts.main_country, ())
            if area is not None and area.country_code != location.place.country_code:
                return replace(location, place=area, precision=area.precision,
                               via="qualifier")
        elif found is None:
            return self._outside_province(location, qualifier)
        if found is None or found.kind is not PlaceKind.POPULATED_PLACE:
            return location
        return replace(location, place=found, precision=max(found.precision,
                                                            location.precision))

    def _outside_province(self, location: Location, qualifier: str) -> Location:
        """"Pisky village, Donetsk" where the index's Pisky lie in other provinces: a small
        town outside the province the comma names is a namesake; the province places the
        event. A province of that name must exist in the town's country."""
        place = location.place
        province = self._ask(f"{qualifier} region", place.country_code)
        if province is None or province.kind is not PlaceKind.ADMIN1 \
                or province.country_code != place.country_code \
                or (place.population or 0) >= LARGE_TOWN \
                or place.admin1_code in area_codes(province):
            return location
        return replace(location, place=province,
                       precision=max(province.precision, location.precision), via="area")

    def _area(self, location: Location, word: Token, level: str) -> Location:
        """"Donetsk region": the admin-1 area when the gazetteer has it."""
        precision = _AREA_LEVELS[level]
        text = f"{location.text} {word.surface}"
        if precision is Precision.NEAR:
            return replace(_at_least(location, Precision.NEAR), text=text, end=word.end)
        query = f"{location.text} region" if level == "adm1" else text
        found = self._ask(query, location.place.country_code)
        if found is None or found.kind not in (PlaceKind.ADMIN1, PlaceKind.ADMIN2) \
                or found.country_code != location.place.country_code:
            # the town was read in the wrong country ("Russian forces ... Donetsk region":
            # Donetsk of Rostov oblast): the area of that name anywhere, if there is one
            found = self._ask(query, None)
        if found is not None and found.kind in (PlaceKind.ADMIN1, PlaceKind.ADMIN2):
            return Location(found, found.precision, text, location.start, word.end, "area")
        return replace(_at_least(location, precision), text=text, end=word.end, via="area")

    def _whither(self, norms: list[str], start: int, first: int) -> bool:
        """"fled towards X", "on their way to X", "withdrew across the X": where people
        went, not where the event was; "the wounded were taken to a hospital in X",
        "after transfers of prisoners to X": where someone was carried afterwards."""
        k = start - 1 if start - 1 > first and norms[start - 1] == "the" else start
        if k - 2 >= first and norms[k - 1] in _TOWARDS \
                and norms[k - 2] in self.destination_words:
            return True
        # "to" at most seven words before X (no comma between), a carrying word at most
        # four before "to"
        for to in range(start - 1, max(first, start - 8) - 1, -1):
            if norms[to] in _CLAUSE_BREAKS:
                return False
            if norms[to] == "to":
                return any(norms[c] in self.conveyance_words
                           for c in range(max(first, to - 4), to))
        return False

    def _town_of(self, location: Location, word: Token) -> Location:
        """"Maputo city", "Saada city (Saada governorate)": the coders call the name a
        town, so the province of that name gives way to the town of it in its country
        (when the gazetteer has one)."""
        place = location.place
        found = self._ask(location.text, place.country_code)
        if found is None or found.kind is not PlaceKind.POPULATED_PLACE \
                or found.country_code != place.country_code:
            return location
        return Location(found, found.precision, f"{location.text} {word.surface}",
                        location.start, word.end, location.via)

    def _part_of(self, location: Location, clause: Clause, start: int, first: int) -> Location:
        """"northern Mali": a part of a country is sub-country (its shape and a point in it,
        :func:`geomap.geocoding.parts.part_of_place`); of a province, the province."""
        place = location.place
        text = clause.facts.text[clause.tokens[start].start:location.end]
        if place.kind is PlaceKind.COUNTRY:
            direction = direction_words().get(" ".join(clause.norms[start:first]))
            # "E. Ukraine" is named as "east Ukraine" (the text keeps the initial)
            name = f"{_direction_label(direction)} {place.name}" if direction is not None \
                and len(clause.norms[start]) == 1 else text
            area = self._country_part(place, direction, name)
            return Location(area, Precision.SUBCOUNTRY, text, clause.tokens[start].start,
                            location.end, "area")
        precision = Precision.NEAR if place.kind is PlaceKind.POPULATED_PLACE else \
            max(location.precision, Precision.ADM1)
        return replace(location, precision=precision, text=text,
                       start=clause.tokens[start].start)

    def _country_part(self, country: Place, direction: Direction | None, text: str) -> Place:
        key = (country.country_code or "", direction.words if direction else "")
        if key not in self._parts:
            part = None if direction is None else part_of_place(self.gazetteer, country,
                                                                direction)
            self._parts[key] = part or replace(country, kind=PlaceKind.REGION,
                                               precision=Precision.SUBCOUNTRY, geonameid=None)
        return replace(self._parts[key], name=text)

    def _bare_direction(self, clause: Clause) -> Location | None:
        """"in the east", "in the separatist east" with no place named: that part of the
        article's main country (sub-country precision), as for "eastern Ukraine"."""
        entry = self.index.country(clause.facts.main_country or "")
        span = self._bare_direction_span(clause) if entry is not None else None
        if entry is None or span is None:
            return None
        phrase, first, stop = span
        start, end = clause.tokens[phrase].start, clause.tokens[stop - 1].end
        location = Location(entry_to_place(entry), Precision.SUBCOUNTRY,
                            clause.facts.text[start:end], start, end, "direction")
        return self._direction_in(location, " ".join(clause.norms[first:stop]))

    def _bare_direction_span(self, clause: Clause) -> tuple[int, int, int] | None:
        """``(phrase start, direction start, stop)`` of "in [the] [adjective] east" not
        followed by a name ("in east Ukraine" is read with Ukraine)."""
        norms, tokens = clause.norms, clause.tokens
        for k in range(clause.first, clause.stop - 1):
            if norms[k] not in _AREA_LOCATIVES or clause.in_tail(tokens[k].start):
                continue
            j = k + 2 if norms[k + 1] == "the" else k + 1
            width = self.directions.match_at(norms, j, clause.stop)[0] if j < clause.stop else 0
            if not width and j + 1 < clause.stop and not tokens[j].capitalised:
                j += 1  # "the rebel east"
                width = self.directions.match_at(norms, j, clause.stop)[0]
            stop = j + width
            # "in E." is an abbreviation cut off by the sentence splitter, not "the east"
            if width and len(norms[j]) > 1 and (stop >= clause.stop
                                                or not tokens[stop].capitalised):
                return k + 1, j, stop
        return None

    def _direction_in(self, location: Location, words: str) -> Location:
        """A bare direction ("the east") as the part of ``location``'s country."""
        direction = direction_words().get(words)
        country = location.place
        if country.kind is not PlaceKind.COUNTRY:
            entry = self.index.country(country.country_code or "")
            country = entry_to_place(entry) if entry is not None else country
        label = words if direction is None else _direction_label(direction)
        area = self._country_part(country, direction, f"{label} {country.name}")
        return replace(location, place=area)

    def _direction_before(self, norms: list[str], start: int, first: int) -> int:
        for width in (2, 1):
            k = start - width
            if k >= first and self.directions.match_at(norms, k, start)[0] == width \
                    and (k == first or norms[k - 1] not in ("km", "kilometres", "miles")):
                return width
        return 0

    def _near_before(self, norms: list[str], start: int, first: int) -> bool:
        window = max(first, start - 4)
        return self.near.any_first_word(norms, window, start) and any(
            self.near.match_at(norms, k, start)[0] == start - k for k in range(window, start))

    def _unspotted(self, clause: Clause, context: Collection[str]) -> list[Candidate]:
        """Capitalised names after a locative word that the spotter did not know
        ("in Kouakourou (Djenne, Mopti)"): asked of the gazetteer with their qualifiers."""
        # a name read as a place abroad ("Frunze" as Bishkek) is asked again in context
        taken = {k for m in clause.places for k in range(m.first, m.last + 1)
                 if m.place is None or _in_context(m.place, context)}
        for actor in clause.actors:
            taken.update(range(*clause.actor_tokens(actor)))
        found: list[Candidate] = []
        for k, j in self._name_starts(clause):
            run = _capitalised_run(clause, j, taken)
            if run is None or any(c.position == j for c in found):
                continue
            candidate = self._ask_run(clause, k, j, run, context)
            if candidate is not None:
                found.append(candidate)
        return found

    def _bracket_anchors(self, clause: Clause, candidates: list[Candidate],
                         context: Collection[str]) -> list[Candidate]:
        """Coders' "X village (District, Province)" where no usable place was read at X
        (unknown to the gazetteer, a namesake abroad, a capital read as the state): X
        asked with its qualifiers, else the district's seat (district precision)."""
        text, tokens = clause.facts.text, clause.tokens
        found = []
        for match in _QUALIFIER_BRACKET.finditer(text, clause.start, clause.end):
            stop = clause.facts.token_at(match.start())
            if stop <= clause.first or self._read_before(
                    clause, candidates, stop, self._district_first(match.group(1), clause),
                    context):
                continue
            name_end = stop
            while name_end > clause.first and stop - name_end < _BRACKET_NOUNS \
                    and not tokens[name_end - 1].capitalised:
                name_end -= 1
            name_start = name_end
            while name_start > clause.first and name_end - name_start < _LABEL_WORDS \
                    and tokens[name_start - 1].capitalised \
                    and tokens[name_start - 1].norm not in _NOT_NAMES:
                name_start -= 1
            place = self._bracket_place(clause, name_start, name_end,
                                        self._district_first(match.group(1), clause),
                                        context)
            if place is not None:
                at = name_start if name_start < name_end else stop - 1
                found.append(Candidate(
                    Location(place, place.precision, text[tokens[at].start:tokens[stop - 1].end],
                             tokens[at].start, tokens[stop - 1].end, "qualifier"),
                    at, stop, True))
        return found

    def _district_first(self, qualifier: str, clause: Clause) -> str:
        """The coders' bracket in the order the rules read it, district first: "(Mopti,
        Douentza)" names the province first when its first part is a province and its last
        a town inside it (the seat of the district), read "(Douentza, Mopti)"."""
        parts = [p.strip() for p in qualifier.split(",") if p.strip()]
        if len(parts) != 2:
            return qualifier
        bias = clause.facts.main_country
        province = self._ask(f"{parts[0]} region", bias)
        if province is None or province.kind is not PlaceKind.ADMIN1:
            return qualifier
        last = self._ask(f"{parts[1]} region", bias)
        if last is not None and last.kind is PlaceKind.ADMIN1:
            return qualifier
        seat = self._ask(parts[1], bias)
        if seat is None or seat.kind is not PlaceKind.POPULATED_PLACE \
                or seat.admin1_code not in area_codes(province):
            return qualifier
        return f"{parts[1]}, {parts[0]}"

    def _read_before(self, clause: Clause, candidates: list[Candidate], stop: int,
                     qualifier: str, context: Collection[str]) -> bool:
        """True when a usable place was read just before the bracket, inside the province
        the bracket names: "Pisky (Yasynuvata, Donetsk)" read as the Pisky of Poltava
        oblast was not. A town farther from the bracket's district than a district reaches
        ("Bamba (Bourem, Gao)" read 700 km from Bourem: a namesake, or a point the index has
        wrong) is set aside."""
        before = [c for c in candidates
                  if c.stop >= stop - _BRACKET_NOUNS and c.position < stop and not c.qualifier
                  and _in_context(c.location.place, context)]
        if not before:
            return False
        province = self._ask(f"{qualifier.split(',')[-1].strip()} region",
                             clause.facts.main_country)
        # "Gaza City (Gaza City, Gaza)": Mozambique's Gaza province says nothing of it
        codes = area_codes(province) if province is not None and any(
            c.location.place.country_code == province.country_code for c in before) \
            else frozenset()
        district = self._ask(qualifier.split(",")[0].strip(), clause.facts.main_country)
        for candidate in before:
            place = candidate.location.place
            if _far_from(place, district) \
                    or self._addressed_abroad(candidate, qualifier, province, clause) \
                    or (codes and place.kind in (PlaceKind.POPULATED_PLACE, PlaceKind.ADMIN2)
                        and place.admin1_code not in codes):
                # gives way to what the bracket names ("Bassa LGA (Bassa, Plateau)" read
                # as the Bassa of Kogi)
                candidate.qualifier = True
        if all(c.qualifier for c in before):
            return False
        return not codes or any(c.location.place.kind is not PlaceKind.POPULATED_PLACE
                                or c.location.place.admin1_code in codes
                                for c in before if not c.qualifier)

    def _addressed_abroad(self, candidate: Candidate, qualifier: str, province: Place | None,
                          clause: Clause) -> bool:
        """"Musakhel (Musakhel, Balochistan)" read as Afghanistan's Musa Khel district: the
        name asked with the coders' qualifiers lies in the province they name, in another
        country; the reading before the bracket is a namesake."""
        if province is None or candidate.location.place.country_code == province.country_code:
            return False
        addressed = self._ask(f"{candidate.location.text} ({qualifier})",
                              clause.facts.main_country)
        return addressed is not None and addressed.country_code == province.country_code \
            and addressed.admin1_code in area_codes(province)

    def _bracket_place(self, clause: Clause, start: int, end: int, qualifier: str,
                       context: Collection[str]) -> Place | None:
        bias = clause.facts.main_country
        name = clause.facts.text[clause.tokens[start].start:clause.tokens[end - 1].end] \
            if start < end else None
        place = self._ask(f"{name} ({qualifier})", bias) if name else None
        if place is not None and _far_from(place, self._ask(qualifier.split(",")[0].strip(),
                                                            bias)):
            place = None
        if place is not None and _in_context(place, context):
            return place
        area = self._qualifier_area(qualifier, bias, context)
        if area is not None:
            return area
        # a country the article does not otherwise name ("Israeli forces raided Jenin camp
        # (Jenin, Jenin)"): believed when district and province agree on the country
        area = self._qualifier_area(qualifier, bias, ())
        province = self._ask(f"{qualifier.split(',')[-1].strip()} region", bias)
        if area is None or province is None or province.country_code != area.country_code:
            return None
        return place if place is not None and place.country_code == area.country_code \
            else area

    def _name_starts(self, clause: Clause) -> list[tuple[int, int]]:
        """``(locative word, name start)``: names after "in", "near", "the village of";
        and, with no such word, a name with bracketed qualifiers ("shelled X (Y, Z)")."""
        norms, tokens, text = clause.norms, clause.tokens, clause.facts.text
        starts = []
        for k in range(clause.first, clause.stop - 1):
            # "the village of X", "north of X", "close to X"; not "the killing of X"
            locative = norms[k] in _LOCATIVES or (
                norms[k] == "to" and k > clause.first and norms[k - 1] in ("close", "next"))
            if locative and not (norms[k] == "of" and norms[k - 1] not in self.place_nouns
                                 and norms[k - 1] not in self.near_of):
                starts.append((k, self._name_start(norms, k + 1, clause.stop)))
            elif tokens[k].capitalised and norms[k + 1] in self.area_words \
                    and not tokens[k + 1].capitalised and k > clause.first:
                # "..., Al Managil locality (Al Jazirah)": a name its area word follows
                j = k
                while j > max(clause.first + 1, k - _LABEL_WORDS) and tokens[j - 1].capitalised \
                        and text[tokens[j - 1].end:tokens[j].start] == " " \
                        and norms[j - 1] not in _NOT_NAMES:
                    j -= 1
                if norms[j] not in _NOT_NAMES:
                    starts.append((j - 1, j))
            elif tokens[k + 1].capitalised and text[tokens[k + 1].end:tokens[k + 1].end + 2] \
                    == " (":
                # "..., Kankara LGA (Katsina)": the name starts where its capitals do
                j = k + 1
                while j > max(clause.first, k + 1 - _LABEL_WORDS) and tokens[j - 1].capitalised \
                        and text[tokens[j - 1].end:tokens[j].start] == " " \
                        and norms[j - 1] not in _NOT_NAMES:
                    j -= 1
                starts.append((j - 1, j))
        return starts

    def _name_start(self, norms: list[str], j: int, stop: int) -> int:
        """Skip "the", "the village of" before a name."""
        if j < stop and norms[j] == "the":
            j += 1
        if j + 1 < stop and norms[j] in self.place_nouns and norms[j + 1] == "of":
            j += 2
        return j

    def _ask_run(self, clause: Clause, k: int, j: int, run: int, context: Collection[str],
                 ) -> Candidate | None:
        tokens, text = clause.tokens, clause.facts.text
        qualifier = _bracketed(text, tokens[run - 1].end)
        if qualifier is None and run < clause.stop and clause.norms[run] in self.area_words:
            qualifier = _bracketed(text, tokens[run].end)  # "Ukhia upazila (Cox's Bazar)"
        # "Kankara LGA (Katsina)": the name is asked without its area word, then read
        # as that area (as a spotted "Kankara LGA" is)
        level = self.area_words.get(clause.norms[run - 1]) if run - 1 > j else None
        name = text[tokens[j].start:tokens[run - 2 if level else run - 1].end]
        query = f"{name} ({qualifier})" if qualifier else name
        bias = clause.facts.main_country
        place = self._ask(query, bias)
        if place is None:
            # "Yahukimo regency": a unit the gazetteer knows only with its kind word
            place = self._unit_named(clause, name, run, level, bias)
        if place is None and qualifier:
            # "Buloburte (Hiraan region)": a town the index spells otherwise, in that area
            place = self._spelled_within(name, qualifier, bias) or self._qualifier_area(
                qualifier, bias, context)
        # "Russian forces shelled Schastie": the other countries of the article too
        for country in _others(bias, context) if place is None else ():
            place = self._spelled_otherwise(query, country)
            if place is not None:
                break
        via = "locative"
        for where in _countries(bias, context) if place is None and \
                self._called_a_place(clause, j, run) else ():
            place, via = self._suggested(name, where), "spelling"
            if place is not None:
                break
        if place is None or (not qualifier and place.country_code not in context):
            return None
        location = Location(place, place.precision, name, tokens[j].start,
                            tokens[run - 2 if level else run - 1].end, via)
        if level is None and run < clause.stop and not tokens[run].capitalised:
            level = self.area_words.get(clause.norms[run])  # "Al Managil locality"
            if level is not None and place.kind is PlaceKind.POPULATED_PLACE:
                location = replace(self._area(location, tokens[run], level), via=via)
        elif level is not None and place.kind is PlaceKind.POPULATED_PLACE:
            location = replace(self._area(location, tokens[run - 1], level), via=via)
        if self._near_before(clause.norms, j, clause.first):
            location = _at_least(location, Precision.NEAR)
        return Candidate(location, j, run, True)

    def _unit_named(self, clause: Clause, name: str, run: int, level: str | None,
                    bias: str | None) -> Place | None:
        """The district or province ``name`` and the area word after it name together
        ("Kabupaten Yahukimo" for "Yahukimo regency"), when the name alone is unknown."""
        if level is not None:
            word = clause.norms[run - 1]
        elif run < clause.stop and clause.norms[run] in self.area_words:
            word = clause.norms[run]
        else:
            return None
        found = self._ask(f"{name} {word}", bias)
        if found is None or found.kind not in (PlaceKind.ADMIN1, PlaceKind.ADMIN2):
            return None
        return found

    def _called_a_place(self, clause: Clause, j: int, run: int) -> bool:
        """"Yasinovata town", "the village of Hnutov": the text calls the name a place."""
        norms = clause.norms
        return (run < clause.stop and norms[run] in self.village_nouns | self.town_nouns) \
            or (j >= 2 and norms[j - 1] == "of" and norms[j - 2] in self.village_nouns
                | self.town_nouns)

    def _suggested(self, name: str, country: str | None) -> Place | None:
        """The gazetteer's nearest spelling of a name the text calls a place ("Yasinovata
        town" -> Yasynuvata), when it lies in the article's country."""
        if country is None:
            return None
        try:
            labels = self.gazetteer.answer(name, country=country).suggestions
        except (GeomapError, ValueError) as err:
            logger.debug("no suggestion for %r: %s", name, err)
            return None
        label = next((s for s in labels if s.endswith(f" ({country})")), None)
        return None if label is None else self._ask(label[:-len(f" ({country})")], country)

    def _spelled_within(self, name: str, qualifier: str, bias: str | None) -> Place | None:
        """The gazetteer's nearest spelling of ``name`` when it is a town of the province
        the text brackets after it, last ("Buloburte (Hiraan region)" -> Buulobarde,
        Hiiraan); None when the bracket names no province or the spelling lies outside."""
        area = self._ask(qualifier.split(",")[-1].strip(), bias)
        if area is None or area.kind is not PlaceKind.ADMIN1 or not area.admin1_code:
            return None
        town = self._suggested(name, area.country_code)
        if town is None or town.kind is not PlaceKind.POPULATED_PLACE \
                or town.admin1_code != area.admin1_code:
            return None
        return town

    def _qualifier_area(self, qualifier: str, bias: str | None,
                        context: Collection[str]) -> Place | None:
        """"X (Y, Z)" when the gazetteer lacks X: the seat of district Y (district
        precision), else province Z."""
        parts = [p.strip() for p in qualifier.split(",") if p.strip()]
        for k, part in enumerate(parts):
            last = k == len(parts) - 1
            found = None if last else self._ask(f"{part} ({', '.join(parts[k + 1:])})", bias)
            if found is None:  # "Bassa (Plateau)" first: Nigeria has several Bassas
                found = self._ask(f"{part} region" if last else part, bias)
                if found is not None and not last and self._other_country(found, parts[-1],
                                                                          bias):
                    continue  # "(Kaya, Lac)": Burkina Faso's Kaya is no district of Lac
            seat = _DISTRICT_SUFFIX.sub("", part)
            if found is None and not last and seat != part:
                # "Kano Municipal", "Kaduna North", "Mandera East": the town it is named after
                found = self._ask(f"{seat} ({', '.join(parts[k + 1:])})", bias)
            if found is None or (context and found.country_code not in context):
                continue
            floor = Precision.ADM2 if k < len(parts) - 1 else Precision.ADM1
            return replace(found, precision=max(found.precision, floor))
        return None

    def _other_country(self, district: Place, province: str, bias: str | None) -> bool:
        """The district lies outside the article's country, and the province the coders
        name after it inside it."""
        if bias is None or district.country_code == bias:
            return False
        area = self._ask(f"{province} region", bias)
        return area is not None and area.kind is PlaceKind.ADMIN1 and area.country_code == bias

    def _ask(self, query: str, country: str | None) -> Place | None:
        key = (query, country)
        if key in self._memo:
            return self._memo[key]
        if len(self._memo) >= _QUERY_MEMO_LIMIT:
            self._memo.clear()
        # the gazetteer's best answer; a miss asks no spelling suggestions (resolve's
        # PlaceNotFound works them out: an edit-distance search, most of a miss's cost)
        best = self._candidates(query, country, 1)
        found = best[0].place if best else self._spelled_otherwise(query, country)
        self._memo[key] = found
        return found

    def _spelled_otherwise(self, query: str, country: str | None) -> Place | None:
        """The place of another spelling of ``query`` ("Schastie" -> Shchastia) in
        ``country`` (:class:`geomap.extract.districts.Spellings`)."""
        if country is None:
            return None
        for spelling in self.spellings.of(query):
            found = [c.place for c in self._candidates(spelling, country)
                     if c.place.country_code == country]
            if found:
                return found[0]
        return None

    # -- choosing -----------------------------------------------------------------------

    def _border_area(self, border: Candidate, context: Collection[str]) -> Location | None:
        """"near the border with Algeria": the home country's land along that border
        (:func:`geomap.geocoding.parts.border_place`), not Algeria."""
        neighbour = border.location.place
        home = next((c for c in context if c != neighbour.country_code), None)
        entry = self.index.country(home) if home else None
        if entry is None:
            return None
        key = (entry.country_code or "", neighbour.country_code or neighbour.name)
        if key not in self._borders:
            self._borders[key] = self._border_zone(entry_to_place(entry), neighbour)
        return Location(self._borders[key], Precision.SUBCOUNTRY, border.location.text,
                        border.location.start, border.location.end, "area")

    def _border_zone(self, home: Place, neighbour: Place) -> Place:
        """The zone with its polygon and a point inside; the whole home country (its
        point) when the two do not touch or their shapes are unknown."""
        try:
            zone = border_place(self.gazetteer, f"border with {neighbour.name}",
                                home.country_code)
        except GeomapError as err:
            logger.debug("no border zone of %s with %s: %s", home.name, neighbour.name, err)
            zone = None
        return zone or replace(home, name=f"{home.name} (near the border with {neighbour.name})",
                               kind=PlaceKind.REGION, precision=Precision.SUBCOUNTRY,
                               geonameid=None)

    def _far_list(self, clause: Clause, best: Candidate,
                  usable: list[Candidate]) -> list[Location]:
        """Towns listed with the chosen one ("Kharkiv and Zaporizhzhia") far from it."""
        text = clause.facts.text
        listed = []
        for a, b in itertools.pairwise(usable):
            gap = text[a.location.end:b.location.start].strip()
            between = a.position > clause.first and clause.norms[a.position - 1] == "between"
            if gap in (",", "and", ", and", "&") and not between \
                    and a.location.precision == b.location.precision:
                listed += [a, b]  # "the road between Tahoua and Tillia" is one place
        if best not in listed:
            return []
        far: list[Location] = []
        for other in listed:
            p, q = best.location.place, other.location.place
            if other is not best and other.location not in far \
                    and distance_km(p.lat, p.lon, q.lat, q.lon) > SEPARATE_KM:
                far.append(other.location)
        return far


def _beside(facts: TextFacts, context: Collection[str],
            said_at: tuple[int, int] | None = None) -> frozenset[str]:
    """The neighbours of the article's countries when the text places nothing in them
    ("Russian forces shelled Avdiivka": Russia is only the actor's country, and a town the
    text names in a neighbouring country is where it happened); else nothing. Places in
    ``said_at`` (where a statement was made) do not count."""
    for code in context:
        starts = facts.place_starts_in(code)  # by country, made once per text
        if not starts:
            continue
        if not said_at:
            return frozenset()
        inside = bisect.bisect_left(starts, said_at[1]) - bisect.bisect_left(starts, said_at[0])
        if inside < len(starts):  # one named outside where it was said
            return frozenset()
    neighbours = country_neighbours()
    return frozenset(n for code in context for n in neighbours.get(code, ()))


# a unit named with its kind word, or read at its seat ("Khan Younis governorate")
_NAMED_UNITS = frozenset({PlaceKind.ADMIN1, PlaceKind.ADMIN2, PlaceKind.POPULATED_PLACE})


def _with_named_areas(context: Collection[str], candidates: list[Candidate]) -> Collection[str]:
    """The article's countries and those of the areas the clause names with an area word
    ("Russian forces shelled X, Donetsk oblast": Ukraine's province makes Ukraine a
    country of the clause, though the article names only Russian forces; "shelled
    Kupiansk raion", "struck Khan Younis governorate": a district or a province read at
    its seat does the same; the event fell back to the attackers' country)."""
    named = {code for c in candidates if c.location.via == "area"
             and c.location.place.kind in _NAMED_UNITS
             and (code := c.location.place.country_code)}
    return set(context) | named if context and not named <= set(context) else context


def _countries(main: str | None, context: Collection[str]) -> list[str | None]:
    """The article's main country, then its other countries (in order): where a name
    the index lacks as written is looked for."""
    return [main, *_others(main, context)]


def _others(main: str | None, context: Collection[str]) -> list[str]:
    return sorted(c for c in context if c and c != main)


def _km(a: Place, b: Place) -> float:
    return distance_km(a.lat, a.lon, b.lat, b.lon)


def _as_far_as_stated(gap: str, away: float) -> bool:
    """Whether the text between a village and its landmark states about the distance
    between them ("Mellit, 60 km north of El Fasher": the town 60 km away is meant, no
    namesake); a road is longer than the straight line, so up to half as far again."""
    stated = _STATED_DISTANCE.search(gap)
    if stated is None:
        return False
    km = float(stated.group(1)) * (KM_PER_MILE if stated.group(2).lower() == "mile" else 1)
    return away <= km + max(SEPARATE_KM / 2, km / 2)


def _direction_of(phrase: str) -> str:
    """The direction words that end ``phrase`` ("the separatist east" -> "east")."""
    words = phrase.lower().replace("-", " ").split()
    known = direction_words()
    return next((" ".join(words[-width:]) for width in (2, 1)
                 if " ".join(words[-width:]) in known), "")


def _direction_label(direction: Direction) -> str:
    """"east", "north-west", "central": a direction as a part's name says it."""
    return "-".join(w for w in (direction.north_south, direction.east_west)
                    if w and w != "middle") or "central"


def _holds(location: Location, place: Place) -> bool:
    """A location at country or sub-country precision that holds ``place``."""
    return location.precision >= Precision.SUBCOUNTRY and area_holds(location.place, place)


def area_holds(area: Place, place: Place) -> bool:
    """True when the country, region of provinces or part of a country ``area`` holds
    ``place`` (the same country; its province among the region's; its point inside the
    part's shape). Other areas hold nothing here."""
    if area.country_code != place.country_code:
        return False
    if area.kind is PlaceKind.COUNTRY:
        return True
    codes = area_codes(area)
    if codes:
        return place.admin1_code in codes
    if area.geometry is None:
        return False
    from shapely.geometry import Point  # only parts of countries carry a shape here

    return bool(area.geometry.covers(Point(place.xy)))


def area_codes(place: Place) -> frozenset[str]:
    """The ISO 3166-2 codes of the admin-1 units an area covers: a province's own, a
    region's defined by provinces ("Donbas"); empty for other places."""
    if place.kind is PlaceKind.ADMIN1 and place.admin1_code:
        return frozenset({place.admin1_code})
    if place.kind is PlaceKind.REGION and place.id:
        return admin1_members().get(place.id, _NO_CODES)
    return _NO_CODES


_NO_CODES: frozenset[str] = frozenset()


def _in_context(place: Place, context: Collection[str]) -> bool:
    """A town of a country the article is not about is a misreading ("Boni" as Bonn)."""
    return not context or place.country_code is None or place.country_code in context


# ", north of ", ", about 30 km south-west of the ": a landmark after a named area
_COMMA_BEARING = re.compile(r"\s*,\s*(?:(?:about|some|around|roughly)\s+)?"
                            r"(?:\d+\s*(?:km|kilometres|kilometers|miles)\s+)?"
                            r"(?:(?:north|south)(?:[- ]?(?:east|west))?|east|west)"
                            r"\s+of\s+(?:the\s+)?", re.IGNORECASE)


def _mark_qualifiers(clause: Clause, candidates: list[Candidate]) -> None:
    """"X (Y, Z)" and "X, Y": Y and Z qualify X; they are not places of their own."""
    text = clause.facts.text
    ordered = sorted(candidates, key=lambda c: c.position)
    for candidate in ordered:
        if in_brackets(text, candidate.location.start, clause.start):
            candidate.qualifier = True
    for a, b in itertools.pairwise(ordered):
        gap = text[a.location.end:b.location.start]
        # "Forces of Mali (2021-) clashed ... near Tougan": a bracket closed before b
        # qualifies nothing of b's
        if gap.rfind("(") > gap.rfind(")") or (
                gap.strip() == "," and b.location.precision > a.location.precision
                and b.location.precision >= Precision.ADM1):
            b.qualifier = True
        elif _COMMA_QUALIFIER.fullmatch(gap) and a.location.place.kind is PlaceKind.ADMIN1 \
                and b.location.place.admin1_code in area_codes(a.location.place):
            b.qualifier = True  # "Pisky, Donetsk" read as the province: its city qualifies
        elif _COMMA_QUALIFIER.fullmatch(gap) and _outside_district(a.location, b.location):
            a.qualifier = True  # "X village, Nara cercle" with X read abroad: a namesake
        elif a.location.precision in (Precision.ADM2, Precision.ADM1) \
                and _COMMA_BEARING.fullmatch(gap):
            b.qualifier = True  # "in X district, north of Baghdad": where X lies


def _mark_street_names(clause: Clause, candidates: list[Candidate]) -> None:
    """"on Independence Square in Kyiv", "Moskovsky Avenue in Kharkiv": a name before a
    street word names the street, not a town (Independence, Missouri), when the text says
    in which place the street lies."""
    tokens, norms = clause.tokens, clause.norms
    for candidate in candidates:
        stop = candidate.stop
        if stop < clause.stop and (
                norms[stop] in _STREET_WORDS if tokens[stop].capitalised
                else norms[stop] in _LOWER_STREET_WORDS) \
                and any(c is not candidate and c.position > stop and not c.qualifier
                        for c in candidates):
            candidate.qualifier = True
        elif _after_street_prefix(clause, candidate.position):
            candidate.qualifier = True


def _after_street_prefix(clause: Clause, position: int) -> bool:
    """"Praca da Independencia", "Plaza de Mayo": the name of a square or street written
    in the place's language, no town of its own."""
    norms, tokens = clause.norms, clause.tokens
    k = position - 1
    while k > clause.first and norms[k] in _STREET_LINKS and position - k <= 2:
        k -= 1
    if k < clause.first or not tokens[k].capitalised or norms[k] not in _STREET_PREFIXES:
        return False
    return norms[k] != "place" or k < position - 1  # "Place de la Nation", not "took Place"


def _outside_district(town: Location, district: Location) -> bool:
    """``town`` is read in another country than the district named after it, or farther
    from it than a district reaches: "X village, Y cercle (Z)" with X read abroad."""
    place, seat = town.place, district.place
    return place.kind is PlaceKind.POPULATED_PLACE and district.precision is Precision.ADM2 \
        and seat.kind in (PlaceKind.POPULATED_PLACE, PlaceKind.ADMIN2) \
        and (place.country_code != seat.country_code or _km(place, seat) > BRACKET_DISTRICT_KM)


def _far_from(place: Place, district: Place | None) -> bool:
    """``place`` lies farther from the coders' district (its seat, or the town of that
    name) than any district reaches."""
    return district is not None and district.country_code == place.country_code \
        and district.kind in (PlaceKind.POPULATED_PLACE, PlaceKind.ADMIN2) \
        and _km(place, district) > BRACKET_DISTRICT_KM


def _qualifiers_alone(candidates: list[Candidate],
                      context: Collection[str]) -> list[Candidate]:
    """"In Myinmu township (Sagaing region)" with Myinmu unknown to every index: the
    coders' qualifiers are the finest place the text gives, at their own level (the
    province, never its namesake town), better than the country."""
    return [c for c in candidates if c.qualifier and not c.border and not c.origin
            and c.location.precision >= Precision.ADM2
            and _in_context(c.location.place, context)]


def in_brackets(text: str, position: int, floor: int) -> bool:
    """True when ``position`` lies inside brackets opened after ``floor``."""
    opened = text.rfind("(", floor, position)
    return opened >= 0 and text.find(")", opened, position) < 0


def _bracketed(text: str, end: int) -> str | None:
    rest = text[end:end + 80].lstrip()
    if not rest.startswith("("):
        return None
    close = rest.find(")")
    inner = rest[1:close].strip() if close > 0 else ""
    return inner or None


def _capitalised_run(clause: Clause, j: int, taken: set[int]) -> int | None:
    """The token after a run of capitalised, untaken tokens starting at ``j``."""
    tokens = clause.tokens
    k = j
    while k < clause.stop and k not in taken and tokens[k].capitalised and len(tokens[k].norm) > 1:
        k += 1
        if k < clause.stop and clause.facts.text[tokens[k - 1].end:tokens[k].start] not in (" ",
                                                                                               "-"):
            break
    if k == j or tokens[j].norm in _NOT_NAMES:
        return None
    return k


_NOT_NAMES = FULL_MONTHS | frozenset(WEEKDAYS) | frozenset(
    {"the", "a", "an", "his", "her", "their", "its"})


def _coded_to(clause: Clause, position: int) -> bool:
    """The name at ``position`` follows the coders' "coded to" ("(coded to Chernihiv)")."""
    return position - 2 >= clause.first and clause.norms[position - 2] == "coded" \
        and clause.norms[position - 1] == "to"


def _names_route(text: str, location: Location) -> bool:
    """"the Maiduguri-Damboa road", "the Gao road", "on the Kabul-Kandahar highway": a
    town that names a road, not where on it something happened."""
    tail = text[location.end:location.end + 40].lower()
    if not any(word in tail for word in _ROUTE_NOUNS):
        return False  # the common case, without a regular expression
    before = text[max(0, location.start - 40):location.start]
    return _ROUTE_AFTER.match(text, location.end) is not None \
        or (_ROUTE_JOIN.search(before) is not None
            and _ROUTE_WORD.match(text, location.end) is not None)


def _tier(precision: Precision) -> int:
    """Points, districts and provinces, larger areas: a locative phrase decides within."""
    if precision <= Precision.NEAR:
        return 0
    return 1 if precision <= Precision.ADM1 else 2


def _at_least(location: Location, precision: Precision) -> Location:
    return location if location.precision >= precision else replace(location,
                                                                    precision=precision)


def _of_a_reference(clause: Clause, position: int) -> bool:
    """The place at ``position`` is what a violent noun pointing at another incident is
    of ("the capture of Goma", "the fall of the town of X")."""
    norms = clause.norms
    k = position - 1
    while k > clause.first and norms[k] in ("the", "town", "city", "village"):
        k -= 1  # "the capture of the town of X"
    if k <= clause.first or norms[k] != "of":
        return False
    return any(c.reference and c.nominal and c.last == k - 1 for c in clause.cues)
