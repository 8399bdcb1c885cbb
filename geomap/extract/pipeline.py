"""From text to an :class:`Extraction`: places, actors, events and relations.

The steps, each in its own module: tokens and sentences (:mod:`.text`), registry actors
(:mod:`.actors`), place spotting (:mod:`.places`), resolution with the article's countries
as context (:mod:`.resolve`), state actors from countries, capitals and demonyms (here),
then events, dates and relations (:mod:`.events`, :mod:`.dates`).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import compress, count
from typing import Any

from geomap._cycles import no_cycle_collection
from geomap.extract.actor_phrases import ActorPhrases, PhraseContext
from geomap.extract.actors import (
    ActorDef,
    ActorMention,
    ActorRegistry,
    default_registry,
    state_actor,
)
from geomap.extract.addressed import addressed_places
from geomap.extract.clauses import TextFacts
from geomap.extract.containers import ContainerRules, place_in_containers, placed_at
from geomap.extract.dateline import dateline_place_start
from geomap.extract.dates import (
    ambiguous_numeric_dates,
    article_day,
    detect_article_date,
    impossible_days,
    told_day_end,
)
from geomap.extract.events import EventExtractor
from geomap.extract.invisible import Offsets, invisible_in, restore_offsets
from geomap.extract.locate import in_brackets
from geomap.extract.names import Entry, NameIndex, default_index, index_for
from geomap.extract.output import extraction_to_json
from geomap.extract.places import LARGE_TOWN, PlaceMention, Spotter
from geomap.extract.records import EventRecord, RelationRecord
from geomap.extract.resolve import (
    CLOSE_KM,
    NEARBY_KM,
    Scope,
    distance_km,
    eligible,
    entry_to_place,
    is_ambiguous,
    names_near,
    near_an_anchor,
    prior,
    resolve_mention,
    within_km,
)
from geomap.extract.rules import EventRules, Rules, load_event_rules, load_rules
from geomap.extract.text import (
    Sentence,
    Token,
    foreign_script,
    joinable,
    name_runs,
    normalise,
    split_sentences,
    token_ends,
    token_norms,
    token_starts,
    tokenize_with_gaps,
)
from geomap.extract.unplaced import settlement_names, unplaced_names
from geomap.geocoding.gazetteer import Gazetteer
from geomap.geocoding.parts import part_of_place
from geomap.model import ActorKind, Place, PlaceKind
from geomap.precision import Precision
from geomap.refdata.countries import country_neighbours
from geomap.refdata.directions import Direction, direction_words

Resolver = Callable[..., "tuple[Place, Entry] | None"]


@dataclass
class Extraction:
    """Everything found in one text; :meth:`to_json` gives the documented JSON contract."""

    text: str
    article_date: date | None
    places: list[PlaceMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: The capitals of the actors' countries (ISO alpha-2 code -> town): the states' seats.
    capitals: dict[str, Entry] = field(default_factory=dict)
    #: Armed groups' and companies' declared bases or areas of operation (actor id ->
    #: place; ``base`` in geomap/data/actors.yaml), for a draft that places them nowhere else.
    bases: dict[str, Place] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The JSON contract of ``geomap extract --json`` (see docs/extract.md)."""
        return extraction_to_json(self)


def _unplaced_warnings(text: str, places: list[PlaceMention], actors: list[ActorMention],
                       main: str | None, named: list[tuple[int, int, str]]) -> list[str]:
    """One warning per name the text calls a town or village that no place or actor found
    covers (:func:`geomap.extract.unplaced.unplaced_names`): not lost without a word."""
    taken = [(m.start, m.end) for m in places if m.entry is not None]
    taken += [(a.start, a.end) for a in actors]
    command = f"`geomap gazetteer import {main}.zip`" if main else \
        "`geomap gazetteer import CC.zip` (CC: the country's two-letter code)"
    return [f"not placed: {name!r}, which the text calls a {kind}: no entry of the name in "
            f"the gazetteer fits the story (mark it on the draft by hand, or {command} adds "
            "the country's smaller places)" for name, kind in unplaced_names(text, taken, named)]


@dataclass
class Extractor:
    """The extraction machinery, built once and reused for many texts."""

    index: NameIndex
    registry: ActorRegistry
    rules: Rules
    gazetteer: Any = None
    resolver: Resolver = resolve_mention
    event_rules: EventRules = field(default_factory=load_event_rules)
    events: EventExtractor = field(init=False)
    phrases: ActorPhrases = field(init=False)
    _noun_starts: frozenset[str] = field(init=False)
    _force_words: frozenset[str] = field(init=False)
    _place_nouns: frozenset[str] = field(init=False)  # "district", "neighbourhood"...
    _possessed_attacks: frozenset[str] = field(init=False)  # "Kiev's attack"
    _area_nouns: frozenset[str] = field(init=False)  # "state", "region" after a name
    # registry bases resolved once per extractor: (base name, country) -> place
    _base_places: dict[tuple[str, str | None], Place | None] = field(
        init=False, default_factory=dict)
    # states' directional parts ("North Florida"): (state, country, direction) -> place
    _parts: dict[tuple[str, str | None, str], Place | None] = field(
        init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._noun_starts = frozenset(
            phrase.split()[0] for key in _NOUN_LISTS for phrase in self.event_rules.words(key))
        self._force_words = frozenset(
            phrase.split()[-1] for key in ("force_nouns", "police_nouns")
            for phrase in self.event_rules.words(key))
        self._place_nouns = frozenset().union(
            *(self.event_rules.words(key) for key in ("place_nouns", "village_nouns",
                                                       "town_nouns", "district_words")),
            (str(word) for word in self.event_rules.data.get("area_words", {})))
        self._possessed_attacks = self.event_rules.words("possessed_attacks")
        # "the Gulf" alone: each gulf's shore countries (extract_rules.yaml, the_gulf)
        self._gulf_shores = {str(name): frozenset(str(c) for c in codes)
                             for name, codes in self.rules.data.get("the_gulf", {}).items()}
        self._area_nouns = frozenset(str(w) for w in self.event_rules.data.get("area_words", {}))
        self.phrases = ActorPhrases(self.rules, self.event_rules, self.registry)
        self.events = EventExtractor(self.index, self.event_rules, self.phrases.national)

    @functools.cached_property
    def spotter(self) -> Spotter:
        """The toponym spotter (word lists read once)."""
        return Spotter(self.index, self.rules)

    @functools.cached_property
    def _containers(self) -> ContainerRules:
        return ContainerRules(self.rules, self.index)

    @classmethod
    def default(cls, gazetteer: Any = None) -> Extractor:
        """An extractor over the packaged registry and rules.

        Place names come from ``gazetteer`` when it is a
        :class:`~geomap.geocoding.gazetteer.Gazetteer`, else from
        :meth:`Gazetteer.default`; any other object with a ``resolve`` method refines
        the towns the spotter resolved.
        """
        rules = load_rules()
        if isinstance(gazetteer, Gazetteer):
            return cls(index_for(gazetteer), default_registry(), rules)
        return cls(default_index(), default_registry(), rules, gazetteer)

    def extract(self, text: str, article_date: date | None = None) -> Extraction:
        """Run every step on ``text``."""
        # Thousands of short-lived tokens, mentions and clauses per article, none in a
        # reference cycle: the cycle collector's passes over them (and, now and then,
        # over every object of the process) find nothing (see geomap._cycles).
        with no_cycle_collection():
            if not invisible_in(text):
                return self._extract(text, article_date)
            offsets = Offsets(text)  # read through zero-width characters, offsets as given
            return restore_offsets(self._extract(offsets.visible, article_date), offsets)

    def _extract(self, text: str, article_date: date | None) -> Extraction:
        warnings = []
        article_date = article_day(article_date)
        told_end = None
        if article_date is None:
            article_date = detect_article_date(text)
            told_end = told_day_end(text)
            if article_date is None:
                warnings.append("no article date given or found: relative dates left unresolved")
        script = foreign_script(text)
        if script is not None:
            warnings.append(f"expected English text, got text mostly in {script} letters "
                            f"({text.strip()[:40]!r}): places, actors and events are read "
                            "in English only; translate it first")
        tokens, gaps = tokenize_with_gaps(text)
        sentences = split_sentences(text)
        starts = _sentence_start_tokens(tokens, [s.start for s in sentences])
        runs = name_runs(text, tokens, gaps)
        registry_actors = _outside_area_names(tokens, self.registry.spot(text, tokens, runs),
                                              self.index, self.spotter.connectors)
        blocked = _blocked_tokens(tokens, registry_actors, self.rules, text, self.index)
        places = self.spotter.spot(text, tokens, blocked, starts, runs)
        context, actors_only = article_context(
            places, [a for a in registry_actors if not a.local],
            self._national_forces(text, tokens, places))
        # features named after a place are resolved apart, after the rest: they name that
        # place only to say which lake or valley, and must not steer the story's other names
        features = [m for m in places if m.feature]
        places = self._resolve(text, [m for m in places if not m.feature] if features
                               else places, context, sentences, actors_only)
        if features:
            scope = Scope(context, Counter(), actors_only=actors_only)
            self._resolve_pass(features, scope, {}, _SameEntries())
            places = sorted(places + _as_features(features, context, places,
                                                  self._gulf_shores),
                            key=lambda m: m.start)
        _townships_in_counties(places)
        places = self._without_namesakes_of_organisations(text, tokens, places)
        self._directional_parts(text, tokens, places)
        main = main_country(context, places)
        actors = self._actors(text, tokens, places, registry_actors, starts, context, main)
        facts = TextFacts(text, tokens, places, actors, article_date,
                          _main_state(actors, main), main, told_end)
        events, relations = self.events.extract(facts, sentences, set(context))
        # names the gazetteer lacks, given with an address ("in X, Wellington"): after the
        # events, which place themselves by their own rules
        taken = [(m.start, m.end) for m in places] + [(a.start, a.end) for a in actors]
        named = settlement_names(text)  # "the village of X", "X, a town"
        addressed = addressed_places(text, tokens, places, taken, self.index, self.rules,
                                     context, named)
        if addressed:
            places = sorted(places + addressed, key=lambda m: m.start)
        warnings += _unplaced_warnings(text, places, actors, main, named)
        warnings += ambiguous_numeric_dates(text) + impossible_days(text)
        return Extraction(text, article_date, places, actors, events, relations, warnings,
                          self._capitals(actors), self._bases(actors, events))

    def _without_namesakes_of_organisations(self, text: str, tokens: list[Token],
                                            places: list[PlaceMention]
                                            ) -> list[PlaceMention]:
        """The mentions less a town under 100,000 (no capital) heading the name of an
        organisation the text places elsewhere, where no place of the name lies ("a
        biologist at Cornell University in Ithaca": none lies in or within ``NEARBY_KM``
        of Ithaca, the index's one Cornell is a hamlet in Wisconsin): the organisation is
        named after a person or a family, and the town is a namesake far off. An
        organisation in a place of its name stays ("Bozeman Health Deaconess Hospital in
        Bozeman", "Waltham Hospital in Massachusetts"), and so do the name's other
        mentions."""
        heads = self.rules.words("organisation_words")
        by_first = {m.first: m for m in places}
        namesakes = set()
        for m in places:
            town = m.entry
            if town is None or town.kind is not _TOWN or town.capital \
                    or town.population >= LARGE_TOWN or m.via != "name":
                continue
            where = by_first.get(_after_organisation_in(text, tokens, m.last, heads))
            if where is not None and where.entry is not None and not any(
                    _lies_in(e, where.entry) for e in self.index.get(m.key)):
                namesakes.add(m.start)
        return [m for m in places if m.start not in namesakes] if namesakes else places

    def _capitals(self, actors: list[ActorMention]) -> dict[str, Entry]:
        """The capitals of the actors' countries, known even when the text does not name
        them: the seats of the states, their forces and officials."""
        codes = {a.actor.country_code for a in actors if a.actor.country_code}
        capitals = {code: self.index.capital(code) for code in sorted(codes)}
        return {code: entry for code, entry in capitals.items() if entry is not None}

    def _bases(self, actors: list[ActorMention], events: list[EventRecord]
               ) -> dict[str, Place]:
        """The registry bases of the actors that have one (``base`` in actors.yaml)."""
        found = {}
        everyone = [a.actor for a in actors] + [a for e in events for a in e.actors]
        for actor in {a.id: a for a in everyone if a.base}.values():
            key = (str(actor.base), actor.country_code)
            if key not in self._base_places:
                self._base_places[key] = self.index.gazetteer.resolve(key[0], country=key[1])
            place = self._base_places[key]
            if place is not None:
                found[actor.id] = place
        return found

    def _actors(self, text: str, tokens: list[Token], places: list[PlaceMention],
                registry_actors: list[ActorMention], starts: set[int],
                context: Counter[str], main: str | None) -> list[ActorMention]:
        """Registry actors (the article's countries choosing between namesakes), state
        actors, then groups and actors named by common nouns."""
        # "PDF" is Myanmar's People's Defence Force only in a story about Myanmar
        registry_actors = [a for a in registry_actors
                           if not a.local or context.get(a.actor.country_code or "", 0)]
        homes = Counter(a.actor.country_code for a in registry_actors
                        if not a.alternatives and a.actor.country_code)
        chosen = [_choose_alternative(a, context, homes) for a in registry_actors]
        found = sorted(chosen + self._state_actors(text, tokens, places),
                       key=lambda a: a.start)
        words = self.event_rules.words
        found = resolve_affiliates(found, text, tokens, words("affiliate_words"),
                                   words("group_nouns"))
        taken = _actor_tokens(tokens, found)
        country = self.index.country(main) if main else None
        phrase_context = PhraseContext(
            text, tokens, taken, {p.first: p for p in places}, starts,
            (main, country.name) if main and country else None)
        everyone = sorted(found + self.phrases.spot(phrase_context), key=lambda a: a.start)
        return resolve_anaphora(_named_in_brackets(everyone, text), text)

    def _resolve(self, text: str, places: list[PlaceMention], context: Counter[str],
                 sentences: list[Sentence], actors_only: frozenset[str]
                 ) -> list[PlaceMention]:
        """Two passes: every mention with the article's countries as scope, then the
        ambiguous ones again with the states the first pass found and the article's
        unambiguous towns as anchors (places in one story lie near each other). Between
        them, a name the text situates ("X is a town in Y County") keeps only its readings
        there."""
        _dateline_towns(text, places)
        _units_in_lists(text, places, self.index, self.rules)
        qualified = apply_qualifiers(text, places, context)
        scope = Scope(context, Counter(qualified), actors_only=actors_only)
        same = _SameEntries()
        kept = self._resolve_pass(places, scope, {}, same)
        # the spotter matched the same statement pattern after the same names
        shared = self.spotter.statement is self._containers.statement
        situated = place_in_containers(text, places, sentences, self._containers,
                                       self.spotter.statement_at if shared else None)
        if situated:
            self._resolve_pass(situated, scope, {}, same)
            kept = [m for m in places if m.entry is not None]
        named: Counter[str] = Counter()  # states named (or holding a county named)
        own: Counter[tuple[str, str]] = Counter()  # ... and by which name
        for m in kept:
            unit = m.entry
            if unit is not None and unit.kind in _UNITS and unit.admin1 \
                    and not _guessed_state(m, scope):
                # a state or a county named in the lead frames the story more
                weight = 2 if m.start < LEAD_CHARS else 1
                named[unit.admin1] += weight
                own[unit.admin1, m.key] += weight
        # asked once per distinct name (its candidates tuple), not per mention; with the
        # named states in scope, their small towns count ("Virginia ... Dumfries": the
        # Virginian town of 5,000 as well as the Scottish one)
        distinct = {id(m.candidates): m for m in kept}
        wider = scope.narrowed(qualified + named)
        ambiguous = {key for key, m in distinct.items() if is_ambiguous(m, wider)}
        # unambiguous towns and counties ("a small town within Coos County, New Hampshire"),
        # each once: every use below asks only which there are, and a long text names the
        # same town thousands of times (each ambiguous name was checked against each
        # mention: 1.8 million distance checks on half a megabyte)
        sure = list(dict.fromkeys(m.entry for m in kept if m.entry is not None and id(
            m.candidates) not in ambiguous and m.entry.kind in _ANCHOR_KINDS))
        # a name a sure town or county explains needs no namesake pair to place it
        # ("Sparta held off Cookeville ... Livingston": Tennessee's three, not the two of
        # New Jersey that lie near each other)
        # ... and so does a county beside small towns of two more of its names ("Butler
        # County engineers ... near Monroe and Trenton": Ohio's three, not Michigan's
        # Monroe and Trenton, larger namesakes that lie near each other)
        clustered = _county_clusters([distinct[k] for k in ambiguous])
        mutual = _mutual_readings([distinct[k] for k in ambiguous
                                   if not _explained(distinct[k], sure + clustered)], scope)
        mutual += clustered
        anchors = tuple(sorted(set(sure + mutual), key=lambda e: (e.lat, e.lon, e.name)))
        anchor_states = frozenset(e.admin1 for e in sure if e.admin1)
        if not (named or anchors):
            return kept
        _towns_among_the_story(text, kept, scope.narrowed(qualified + named, anchors,
                                                         anchor_states))
        done: dict[tuple[tuple[int, ...], str], Any] = {}
        seconds: dict[str, Scope] = {}  # by name: the same for its mentions
        townlike = {m.key for m in kept if m.townlike}  # "Mexico police", "a Mexico man"
        for m in kept:
            if id(m.candidates) not in ambiguous:
                continue
            # a name that resolved to a state does not vouch for itself ("New York")
            if m.key not in seconds:
                states = qualified + Counter({s: n - own[s, m.key] for s, n in named.items()})
                for s in _own_states_far(m, anchors):
                    del states[s]
                seconds[m.key] = scope.narrowed(states, anchors, anchor_states)
                if m.entry is not None and (m.entry.kind is _TOWN or (
                        m.entry.kind is _COUNTRY and m.key in townlike)):
                    # ... nor for its country: the capital's Egypt, counted from "Cairo",
                    # Mexico from "Mexico police" ("a Mexico man") alone
                    seconds[m.key] = _without_own_country(seconds[m.key], m, kept)
            second = seconds[m.key]
            # a country or region the first pass chose stays one (the country Mexico,
            # not Mexico City near Acapulco); the second pass chooses among namesakes
            kind = m.entry.kind if m.entry is not None else None
            if kind in _WIDE_AREAS:
                beside = [e for e in m.candidates if _town_beside_a_country(m, e, second)]
                # ... unless the text says the name as a town's and a town of it lies
                # where the story does ("a Mexico man ... Oxford County deputies")
                area = not (beside and kind is _COUNTRY and m.key in townlike)
                m.candidates = tuple(e for e in m.candidates
                                     if (area and e.kind is kind) or e in beside)
            self._resolve_pass([m], second, done, same)
        found = self._small_towns_of_named_states(
            places, kept, scope.narrowed(qualified + named, anchors, anchor_states), same)
        # the story's own town the index lacks is placed in the story's state before far
        # towns are dropped: it is no street's or person's name far off
        _story_towns_the_index_lacks(found, anchors, qualified + named, anchor_states)
        return _without_hamlets_far_off(found, anchors, set(qualified) | set(named)
                                        | anchor_states)

    def _directional_parts(self, text: str, tokens: list[Token],
                           places: list[PlaceMention]) -> None:
        """"North Florida", "South Texas": a capitalised direction word before a state's
        name names that part of the state, placed as ``geomap geocode`` places it
        (:func:`geomap.geocoding.parts.part_of_place`); the mention takes in the word.
        States only: a country's part is the event locator's ("northern Mali"). Direction
        words the spotter read as a unit abroad before a state or a country ("South West
        England", "South West Nigeria") join its mention: the country's part, the whole
        state."""
        gazetteer = self.index.gazetteer
        previous_end = 0
        previous: PlaceMention | None = None
        merged: list[PlaceMention] = []
        for m in places:
            k = m.first - 1
            direction = _direction_before(text, tokens, k, previous_end) \
                if m.entry is not None and m.entry.kind is _ADMIN1 else None
            # "North West England", "North East England", "South West Nigeria": the
            # direction words read as a unit of that name abroad (Cameroon's South-West,
            # Botswana's North East) right before a state or a country of another country
            # are no place of their own but a part of it
            lead = previous if direction is None and previous is not None \
                and m.entry is not None and m.entry.kind in (_ADMIN1, _COUNTRY) \
                and _direction_read_abroad(text, previous, m) else None
            previous_end, previous = m.end, m
            if direction is None and m.entry is not None and m.last > m.first:
                direction = self._state_under_a_remote_name(tokens, m, places)
                k = m.first
            if lead is not None:
                # a country's part as the event locator and `geomap geocode` place it
                # ("south-west Nigeria"); a state's the whole state, at its point and
                # precision: the thirds of its frame are not the zones a report means
                # ("North Western Tigray" is a zone whose seat lies in the middle third)
                part = part_of_place(gazetteer, m.place, direction_words()[normalise(
                    lead.text)]) if m.entry is not None and m.entry.kind is _COUNTRY \
                    and m.place is not None and gazetteer is not None else None
                m.place, m.start, m.first = part or m.place, lead.start, lead.first
                m.text = text[m.start:m.end]
                merged.append(lead)
                continue
            if direction is None or m.place is None or gazetteer is None:
                continue
            part = self._parts.get((m.place.name, m.place.country_code, direction.words))
            if part is None:
                part = part_of_place(gazetteer, m.place, direction)
                self._parts[m.place.name, m.place.country_code, direction.words] = part
            if part is not None:
                m.place, m.start, m.first = part, tokens[k].start, k
                m.text = text[m.start:m.end]
        for lead in merged:
            places.remove(lead)

    def _state_under_a_remote_name(self, tokens: list[Token], m: PlaceMention,
                                   places: list[PlaceMention]) -> Direction | None:
        """"South Georgia" in a story of Valdosta and North Florida: a direction word and
        a state of a country the story's other places lie in, not the small territory far
        off that bears the whole name. Sets the mention's place to the state and returns
        the direction (None, and nothing changed, otherwise)."""
        entry = m.entry
        direction = direction_words().get(tokens[m.first].norm)
        if entry is None or direction is None or entry.population >= LARGE_TOWN:
            return None
        # the countries of the story's other names (this name's other mentions left out)
        others = {p.entry.country_code for p in places
                  if p.entry is not None and p.key != m.key}
        if entry.country_code in others:
            return None
        rest = " ".join(token_norms(tokens[m.first + 1:m.last + 1]))
        states = [e for e in self.index.get(rest) if e.kind is PlaceKind.ADMIN1
                  and not e.alternate and e.country_code in others]
        if len(states) != 1 or states[0].place is None:
            return None
        m.place, m.entry = states[0].place, states[0]
        return direction

    def _small_towns_of_named_states(self, places: list[PlaceMention],
                                     kept: list[PlaceMention], scope: Scope,
                                     same: _SameEntries) -> list[PlaceMention]:
        """The mentions the first pass left unresolved, asked again with the states the
        article names in scope: a small town is eligible only inside the scope, and a
        state's name alone says nothing of its country when namesakes abroad share it
        ("Florida": a department of Uruguay, towns in Cuba), so "Florida deputies ...
        residents of High Springs and Newberry" lost both towns."""
        left = [m for m in places if m.entry is None]
        if not left or not (scope.states or scope.anchors):
            return kept
        found = {id(m) for m in self._resolve_pass(left, scope, {}, same)}
        found.update(id(m) for m in kept)
        return [m for m in places if m.entry is not None and id(m) in found]

    def _resolve_pass(self, places: list[PlaceMention], scope: Scope,
                      done: dict[tuple[tuple[int, ...], str], Any], same: _SameEntries,
                      ) -> list[PlaceMention]:
        """Resolve each mention (a name repeated in the article once: by its candidate
        entries and its text); keep the resolved."""
        kept = []
        for mention in places:
            key = (same(mention.candidates), mention.text)
            if key not in done:
                done[key] = self.resolver(mention, scope, self.gazetteer)
            if done[key] is not None:
                mention.place, mention.entry = done[key]
                kept.append(mention)
        return kept

    def _state_actors(self, text: str, tokens: list[Token],
                      places: list[PlaceMention]) -> list[ActorMention]:
        found = []
        dateline = _dateline_place(text, places)  # where the story was filed: no actor
        by_last = _by_last_token(places)
        for m in places:
            entry = m.entry
            if entry is None or not entry.country_code or m is dateline:
                continue
            national = m.via == "demonym" or entry.kind is _COUNTRY or entry.capital
            actor = self._noun_phrase_actor(text, tokens, m, entry) if national else None
            if actor is None and entry.kind is _COUNTRY and m.via != "demonym":
                actor = self._forces_of(text, tokens, m, entry)
            if actor is not None:
                m.state_code = None if m.via == "demonym" else entry.country_code
                found.append(actor)
            elif m.via != "demonym" and national and (
                    not m.locative or (entry.capital and _seat_of_rule(tokens, m.first))):
                if _followed_by(tokens, m.last, self.rules.words("place_suffixes")) \
                        or self._only_a_place(text, tokens, m) \
                        or (entry.kind is not _COUNTRY and self._hit_there(tokens, m)) \
                        or self._within_a_place(text, tokens, m, by_last) \
                        or (entry.kind is _COUNTRY
                            and self._opens_an_organisation(text, tokens, m)):
                    continue
                m.state_code = entry.country_code
                country = self.index.country(entry.country_code)
                name = country.name if country else entry.name
                via = "country" if entry.kind is _COUNTRY else "capital"
                found.append(ActorMention(m.text, m.start, m.end,
                                          state_actor(entry.country_code, name), via))
        return found

    def _national_forces(self, text: str, tokens: list[Token],
                         places: list[PlaceMention]) -> list[ActorMention]:
        """"Russian forces", "Malian soldiers": demonyms that name an actor, found before
        the places are resolved (a demonym's candidates hold its country)."""
        found = []
        for m in places:
            country = next((e for e in m.candidates if e.kind is _COUNTRY), None) \
                if m.via == "demonym" else None
            actor = self._noun_phrase_actor(text, tokens, m, country) if country else None
            if actor is not None:
                found.append(actor)
        return found

    def _forces_of(self, text: str, tokens: list[Token], m: PlaceMention,
                   entry: Entry) -> ActorMention | None:
        """"Military Forces of Mali (2021-)", "Police Forces of Kenya": the coders' name
        of a state's forces; the country is theirs, not where the event was."""
        k = m.first - 2
        if k < 0 or tokens[k + 1].norm != "of" or tokens[k].norm not in _FORCES_OF:
            return None
        start = k - 1 if k >= 1 and tokens[k - 1].norm in _FORCE_KINDS else k
        noun = " ".join(token_norms(tokens[start:k + 1]))
        code = entry.country_code or ""
        country = self.index.country(code)
        name = country.name if country else entry.name
        actor = self._noun_actor(noun, code, name) or self._noun_actor(
            "police" if tokens[start].norm == "police" else tokens[k].norm, code, name)
        return ActorMention(text[tokens[start].start:m.end], tokens[start].start, m.end,
                            actor, "country") if actor is not None else None

    def _opens_an_organisation(self, text: str, tokens: list[Token], m: PlaceMention
                               ) -> bool:
        """True for a country's name opening an organisation's name ("The Sudan Doctors
        Network", "the Kenya Red Cross"): up to four capitalised words follow it, written
        on together, one of them the head of a name that is not the state's. (Not asked
        of a capital: "a branch of Kabul Bank in Kunduz" would then lend the event
        Kabul for its place.)"""
        heads = self.rules.words("civil_organisation_words")
        k = m.last + 1
        while k < min(len(tokens), m.last + 5) and tokens[k].capitalised \
                and text[tokens[k - 1].end:tokens[k].start] == " ":
            if tokens[k].norm in heads:
                return True
            k += 1
        return False

    def _hit_there(self, tokens: list[Token], m: PlaceMention) -> bool:
        """"Russian forces attacked Kyiv", "a missile attack on Kyiv": the capital is the
        place hit, not the state acted upon."""
        k = m.first - 1
        if k < 0:
            return False
        before = tokens[k].norm
        if before in _ATTACKED or before in self.rules.words("place_verbs"):
            return True
        return before == "on" and k >= 1 and \
            tokens[k - 1].norm in self.rules.words("strike_nouns_before_on")

    def _only_a_place(self, text: str, tokens: list[Token], m: PlaceMention) -> bool:
        """A bracketed qualifier ("Dakar (Dakar, Dakar)") or a border ("the border with
        Algeria", "the Algeria border") names a place, not a party."""
        if in_brackets(text, m.start, max(0, m.start - 60)):
            return True
        if _BEARING_OF.search(text, max(0, m.start - 32), m.start):
            return True  # "17 km north-west of Mogadishu", "the outskirts of Kabul"
        if tokens[m.last].possessive:
            # "N'Djamena's Chagoua district", "Kabul's Dasht-e Barchi area": a part of it
            k = m.last + 1
            while k < min(len(tokens), m.last + 4) and tokens[k].capitalised:
                k += 1
            if k < len(tokens) and tokens[k].norm in self._place_nouns:
                return True
            # "on Kyiv's main square", "on Kharkiv's Freedom Square", "on Bamako's
            # busiest street": a public place of the town, up to two words before its noun
            # (not "the University of Khartoum's campus in Port Sudan": elsewhere)
            part = next((k for k in range(m.last + 1, min(len(tokens), m.last + 4))
                         if tokens[k].norm in _TOWN_PARTS), None)
            if part is not None and not (part + 1 < len(tokens)
                                         and tokens[part + 1].norm in ("in", "at")):
                return True
        border = self.event_rules.words("border_words")
        before = [t.norm for t in tokens[max(0, m.first - 2):m.first]]
        if len(before) == 2 and before[1] == "of" and before[0] in self._force_words:
            return True  # "military forces of Burkina Faso": the forces, not the state
        after = tokens[m.last + 1].norm if m.last + 1 < len(tokens) else ""
        return after in border or (len(before) == 2 and before[0] in border
                                   and before[1] in ("with", "of"))

    def _within_a_place(self, text: str, tokens: list[Token], m: PlaceMention,
                        by_last: dict[int, list[PlaceMention]]) -> bool:
        """"Hodan district, Mogadishu", "Solino, Port-au-Prince", "the Solino
        neighbourhood of Port-au-Prince": the capital a smaller place lies in is where,
        not who."""
        if m.first == 0:
            return False
        before = tokens[m.first - 1]
        if before.norm == "of":
            return m.first >= 2 and tokens[m.first - 2].norm in self._place_nouns
        if text[before.end:m.start].strip() != ",":
            return False  # the comma is no token: the word before it is `before`
        # "Solino, Port-au-Prince" but not "across eastern Ukraine, Kiev and separatists trade..."
        return before.norm in self._place_nouns or any(
            p.place is not None and p.place.kind in (PlaceKind.POPULATED_PLACE, PlaceKind.ADMIN2)
            for p in by_last.get(m.first - 1, ())) \
            or _unknown_place_before(tokens, m.first - 1)

    def _noun_phrase_actor(self, text: str, tokens: list[Token], m: PlaceMention,
                           entry: Entry) -> ActorMention | None:
        """"Malian soldiers", "Ukraine troops", "Russia's army", "Kiev forces"; the first
        of "Russian and Ukrainian forces" (the noun after the second demonym)."""
        first = m.last + 1
        if first + 2 < len(tokens) and tokens[first].norm == "and" \
                and tokens[first + 1].capitalised and text[m.end:tokens[first].start] == " " \
                and tokens[first + 2].norm in self._noun_starts:
            first += 2  # the noun both demonyms share; the mention stays the first's word
            shared = True
        else:
            shared = False
        if first >= len(tokens) or (tokens[first].norm not in self._noun_starts
                                    and tokens[first].norm not in self._possessed_attacks):
            return None  # most places: no noun of forces or attacks after them
        code = entry.country_code or ""
        country = self.index.country(code)
        name = country.name if country else entry.name
        if not shared and first < len(tokens) \
                and (tokens[m.last].possessive or m.via == "demonym") \
                and text[m.end:tokens[first].start].strip() in _POSSESSIVE_GAPS \
                and tokens[first].norm in self._possessed_attacks:
            # "killed in Kiev's attack", "in a Russian attack": the attack of the state's
            # forces, not a place ("the Moscow attack" names none)
            actor = self._noun_actor("forces", code, name)
            return ActorMention(text[m.start:tokens[first].end], m.start, tokens[first].end,
                                actor, "demonym") if actor is not None else None
        if first >= len(tokens) or tokens[first].norm not in self._noun_starts \
                or (not shared
                    and text[m.end:tokens[first].start].strip() not in _POSSESSIVE_GAPS):
            return None  # "in Nairobi; police fired": a clause ends between them
        town = entry.kind is not _COUNTRY and m.via != "demonym" \
            and not tokens[m.last].possessive
        for width in (3, 2, 1):
            noun_tokens = tokens[first:first + width]
            if len(noun_tokens) < width:
                continue
            noun = " ".join(token_norms(noun_tokens))
            if town and noun in self._area_nouns:
                return None  # "in Khartoum state": the capital's province, not the state
            if self.phrases.attributive.modifies(tokens, first, width):
                return None  # "a Malian military operation": what kind, not the army
            actor = self._noun_actor(noun, code, name)
            if actor is not None:
                end = m.end if shared else noun_tokens[-1].end
                return ActorMention(text[m.start:end], m.start, end, actor, "demonym")
        return None

    def _noun_actor(self, noun: str, code: str, country: str) -> ActorDef | None:
        words = self.event_rules.words
        if noun in words("force_nouns"):
            return (self.registry.by_country(code, ActorKind.ARMED_FORCES)
                    or ActorDef(f"armed-forces-{code.lower()}", f"{country} armed forces",
                                ActorKind.ARMED_FORCES, code))
        if noun in words("police_nouns"):
            return ActorDef(f"police-{code.lower()}", f"Police forces of {country}",
                            ActorKind.ARMED_FORCES, code)
        if noun in words("pmc_nouns"):
            return (self.registry.by_country(code, ActorKind.PRIVATE_MILITARY_COMPANY)
                    or ActorDef(f"pmc-{code.lower()}", f"{country} private military companies",
                                ActorKind.PRIVATE_MILITARY_COMPANY, code))
        if noun in words("government_nouns"):
            return state_actor(code, country)
        if noun in words("intelligence_nouns"):
            return ActorDef(f"intelligence-{code.lower()}", f"{country} intelligence services",
                            ActorKind.INTELLIGENCE_AGENCY, code)
        return None


# the first word of the coders' "Military Forces of X", "Police Forces of X"
_FORCE_KINDS = frozenset({"military", "armed", "police", "security", "defence", "defense"})
# the nouns of "X of <country>" that name its forces ("the shelling of Ukraine" does not)
_FORCES_OF = frozenset({"forces", "force", "police", "army", "military", "troops",
                        "gendarmerie"})


class _SameEntries:
    """The key of a candidates tuple: its entries' identities. The index shares one tuple
    per name, but the rules narrow a name's tuple again for each of its mentions ("Niger,
    Chad and Mali" twice: two equal tuples), and the same entries resolve alike. Worked out
    once per tuple; the tuples are held, so no identity is reused while the keys are."""

    def __init__(self) -> None:
        self._keys: dict[int, tuple[tuple[Entry, ...], tuple[int, ...]]] = {}

    def __call__(self, candidates: tuple[Entry, ...]) -> tuple[int, ...]:
        known = self._keys.get(id(candidates))
        if known is None:
            known = self._keys[id(candidates)] = (candidates, tuple(map(id, candidates)))
        return known[1]


# the precision of a land feature named after a place of each kind: near a town; in and
# around a unit, one step coarser than the unit (a desert named after a province may reach
# far beyond it: part of the country)
_FEATURE_PRECISION = {PlaceKind.POPULATED_PLACE: Precision.NEAR,
                      PlaceKind.ADMIN2: Precision.ADM1, PlaceKind.ADMIN1: Precision.SUBCOUNTRY,
                      PlaceKind.COUNTRY: Precision.COUNTRY}


def _as_features(features: list[PlaceMention], context: Counter[str],
                 others: list[PlaceMention],
                 gulf_shores: dict[str, frozenset[str]] | None = None,
                 ) -> list[PlaceMention]:
    """The natural features named after a place (:meth:`Spotter._feature`), placed once
    the story's other places are: at that place when the story names it too, else at the
    point of its reading near one of the story's towns or districts (within
    ``NEARBY_KM``: the ranking's, or the most prominent), else at the ranking's reading if
    the story has no town or district in that country; and only in
    a country the story names or places something in ("Lake X" in a story about another
    country, "X Island" in a story about a city far from every town X: no feature).
    A lake, river or gulf is a water body (``water``); a valley, desert, mountain or
    island a region near the town it is named after (``near``) or in and around the unit
    (a district's: ``adm1``, a province's: ``subcountry``, a country's: ``country``),
    never a point of its own. The note says whose point it is. "The Gulf" alone is the
    first gulf of ``gulf_shores`` (its name -> its shore countries) one of whose countries
    the story names or places, else nothing."""
    named = set(context) | {m.entry.country_code for m in others if m.entry is not None}
    # the story's towns and districts: a feature's place lies near one of them
    finer = list(dict.fromkeys(
        m.entry for m in others if m.entry is not None
        and m.entry.kind in (PlaceKind.POPULATED_PLACE, PlaceKind.ADMIN2)))
    resolved = {m.entry for m in others if m.entry is not None}
    kept = []
    nearby: dict[int, list[Entry]] = {}  # by name (its candidates): a long text repeats them
    for m in features:
        if m.feature == "gulf":
            gulf = next((e for e in m.candidates
                         if (gulf_shores or {}).get(e.name, frozenset()) & named), None)
            m.entry = gulf
            m.place = None if gulf is None else entry_to_place(gulf)
            if gulf is not None:
                kept.append(m)
            continue
        near = nearby.get(id(m.candidates))
        if near is None:
            near = nearby[id(m.candidates)] = [e for e in m.candidates if any(
                within_km(e.lat, e.lon, f.lat, f.lon, NEARBY_KM) for f in finer)]
        # the place itself when the story names it too ("Springfield ... Lake
        # Springfield"); else the ranking's reading if it lies near the story's places, or
        # the most prominent reading that does; else the ranking's, unless the story has
        # towns in its country and none near it
        entry = next((e for e in m.candidates if e in resolved), None) or (
            m.entry if m.entry in near else max(near, key=prior) if near else m.entry)
        if m.feature is None or entry is None or entry.country_code not in named or (
                not near and entry not in resolved
                and any(f.country_code == entry.country_code for f in finer)):
            m.place = m.entry = None
            continue
        water = m.feature == "water"
        feature = Entry(m.text, entry.lat, entry.lon,
                        PlaceKind.WATER if water else PlaceKind.REGION,
                        Precision.WATER if water else _FEATURE_PRECISION.get(
                            entry.kind, entry.precision),
                        entry.country_code, None, 0, False, False,
                        f"named after {entry.name}: placed at its point (approximate)",
                        None, False, entry.admin1)
        m.entry, m.place = feature, entry_to_place(feature)
        kept.append(m)
    return kept


def article_context(places: list[PlaceMention], actors: list[ActorMention],
                    forces: Sequence[ActorMention] = ()) -> tuple[Counter[str], frozenset[str]]:
    """Countries the article is about: named countries, demonyms, unambiguous places and
    registry actors' home countries, with counts; and those of them it knows only as the
    homes of its actors (registry actors, and ``forces`` such as "Russian forces")."""
    context: Counter[str] = Counter()
    placed: Counter[str] = Counter()  # the same without the actors' homes
    ambiguous: list[tuple[str, set[str], bool]] = []
    # the characters the actors' and the forces' names cover (a name is a few words: a
    # set, not a search of every actor for every place, quadratic in a long article)
    in_actor = {k for a in actors for k in range(a.start, a.end)}
    in_force = {k for a in forces for k in range(a.start, a.end)}
    # what a name says is asked once per distinct name (its candidates tuple, shared by
    # its mentions while the index memoises it) and way of naming
    said: dict[tuple[int, bool], tuple[set[str], str | None] | None] = {}
    for m in places:
        if m.affiliation or m.feature:
            # "pro-Russian rebels", "Russia-led militants": whose side, not where; "Lake
            # X" names X only to say which lake (and must not vouch for X's country)
            continue
        if m.via == "demonym" and m.start in in_actor:
            continue  # "Russian forces": counted once, as the actor's home country
        key = (id(m.candidates), m.via == "demonym")
        if key not in said:
            said[key] = _mention_countries(m)
        found = said[key]
        if found is None:
            continue
        codes, country = found
        home = m.via == "demonym" and m.start in in_force
        if country is not None:
            ambiguous.append((country, codes, home))
            continue
        context.update(codes)
        if not home:
            placed.update(codes)
    # an alias actors of several countries share ("FDS": Mali's, Niger's or Burkina
    # Faso's forces) is chosen by the article's countries: its first reading's is none
    context.update(a.actor.country_code for a in actors if a.actor.country_code and all(
        other.country_code == a.actor.country_code for other in a.alternatives))
    # "Georgia": the country unless the story is about the other candidates' country
    for country, codes, home in ambiguous:
        if not any(c in context for c in codes if c != country):
            context[country] += 1
        if not home and not any(c in placed for c in codes if c != country):
            placed[country] += 1
    return context, frozenset(context) - set(placed)


def _mention_countries(m: PlaceMention) -> tuple[set[str], str | None] | None:
    """What a place mention says of the article's countries: ``(codes, None)`` when it
    names them, ``(codes, country)`` when it names a country whose name other candidates
    share ("Georgia"), None when it says nothing."""
    big = [e for e in m.candidates if not e.small and not e.alternate]
    kinds = {e.kind for e in big}
    if big and kinds == {_TOWN} and max(
            e.population for e in big) < DISTINCTIVE_POPULATION and not any(
            e.capital for e in big) and len(m.candidates) > len(big) and len(
            {e.country_code for e in m.candidates}) > 1:
        # "Dalton": a town of 34,000 in Georgia, and hamlets elsewhere ("Debaltseve"
        # and a hamlet of its name, both in Ukraine, say Ukraine)
        return None
    if _TOWN in kinds:
        # "Savannah": the US town, whatever foreign province shares its name
        big = [e for e in big if e.kind is not _ADMIN1]
    codes = {e.country_code for e in big if e.country_code}
    if any(e.kind is _REGION for e in big) and any(
            e.alternate and e.country_code not in codes and (
                e.kind is _ADMIN1 or (e.kind is _TOWN and e.population >= LARGE_TOWN))
            for e in m.candidates):
        # a named region's name that a province or large town abroad bears as another
        # name says nothing of where the story is: "Kurdistan" names Iraq's region and
        # Iran's province, the story's own countries tell which (it must not vouch for
        # the region's country itself, then win by that country's bonus)
        return None
    # "Sahel" names a multinational region first: its Burkinabe province says nothing
    if m.via == "demonym" or (len(codes) == 1 and all(e.country_code for e in big)):
        return codes, None
    if big and big[0].kind is _COUNTRY and big[0].country_code:
        return codes, big[0].country_code
    return None


def main_country(context: Counter[str], places: list[PlaceMention]) -> str | None:
    """The country the article is most about; of equal counts, the one the text names
    by its name over one it only names in demonyms ("Russian reporter killed in E.
    Ukraine": Ukraine), then the first counted."""
    if not context:
        return None
    named = Counter(m.entry.country_code for m in places if m.via == "name"
                    and m.entry is not None and m.entry.kind is _COUNTRY)
    order = {code: n for n, code in enumerate(context)}
    return max(context, key=lambda code: (context[code], named[code], -order[code]))


def apply_qualifiers(text: str, places: list[PlaceMention],
                     context: Counter[str]) -> Counter[str]:
    """"Tripoli, Lebanon", "Mobile, Alabama": keep the first name's candidates in the
    country (or state) of the area named right after it; a list of areas ("Nevada, New
    Mexico and Utah", "Mexico, China, Japan") qualifies nothing.

    Returns
    -------
    Counter
        The admin-1 units (ISO 3166-2) that qualified a name: part of the article's scope.
    """
    states: Counter[str] = Counter()
    qualified: set[int] = set()  # the mentions a qualifier narrowed (by id)
    for n, (first, second) in enumerate(itertools.pairwise(places)):
        # a demonym is no qualifier: "Santa Barbara (Spanish for ...)" names a language
        between = text[first.end:second.start]
        # past units the gazetteer lacks, the bracket's area says the country only
        lead = between not in (", ", " (") and _BRACKET_LEAD.fullmatch(between) is not None
        if (between not in (", ", " (") and not lead) \
                or first.via != "name" or second.via != "name":
            continue
        if between == " (" and _same_words(text, first, second):
            continue  # "X (X, Province)": the bracket repeats the name; what follows qualifies
        areas = [e for e in second.candidates
                 if e.kind in (_COUNTRY, _ADMIN1) and e.country_code]
        after = places[n + 2] if n + 2 < len(places) else None
        for area in sorted(areas, key=lambda e: e.kind is not PlaceKind.COUNTRY):
            if _in_a_list(text, area, first, second, after):
                break
            inside = tuple(e for e in first.candidates if _within(e, area)) if not lead \
                else tuple(e for e in first.candidates if e.country_code == area.country_code)
            if inside:
                first.candidates = inside
                qualified.add(id(first))
                context[area.country_code or ""] += 1
                if area.kind is PlaceKind.ADMIN1 and area.admin1:
                    # the lead's geography frames the story
                    states[area.admin1] += 2 if first.start < LEAD_CHARS else 1
                second.candidates = (area,)
                break
        else:
            if _town_the_gazetteer_lacks(text, first, second, after, context):
                qualified.add(id(first))
    _owned_places(text, places)
    _same_name_same_place(places, qualified)
    _countries_in_lists(text, places)
    _states_in_lists(text, places)
    _areas_after_directions(text, places, context)
    _named_as_states(text, places)
    _named_as_features(text, places)
    _named_as_landscapes(text, places, context)
    _units_of_the_story(text, places, context)
    return states


# "Mandouri (Kpendjal prefecture, Savanes region)": the bracket's last area qualifies the
# town before it, past the units the gazetteer lacks
_BRACKET_LEAD = re.compile(r" \((?:[^(),;.\n]{1,40}, ){1,2}")


def _direction_read_abroad(text: str, lead: PlaceMention, m: PlaceMention) -> bool:
    """True when ``lead`` is only direction words ("South West") right before ``m`` (a
    space or a hyphen between), read as a place of another country than ``m``'s."""
    return (lead.via == "name" and lead.entry is not None and m.entry is not None
            and text[lead.end:m.start] in (" ", "-")
            and lead.entry.country_code != m.entry.country_code
            and normalise(lead.text) in direction_words())


def _direction_before(text: str, tokens: list[Token], k: int,
                      previous_end: int) -> Direction | None:
    """The direction a capitalised word at token ``k`` names, when it stands right before
    the next token ("North Florida", "South-East Queensland") outside an earlier mention."""
    if k < 0 or tokens[k].start < previous_end or not tokens[k].capitalised \
            or text[tokens[k].end:tokens[k + 1].start] not in (" ", "-"):
        return None
    return direction_words().get(tokens[k].norm)


def _same_words(text: str, first: PlaceMention, second: PlaceMention) -> bool:
    return (text[first.start:first.end].casefold()
            == text[second.start:second.end].casefold())


def _owned_places(text: str, places: list[PlaceMention]) -> None:
    """"Ukraine's Donetsk region", "Kiev's Independence Square": a name after a place's
    possessive lies in that place. A town's name with no reading there names something
    else (a square, a street, a district), never a namesake abroad."""
    for owner, owned in itertools.pairwise(places):
        if owner.via != "name" or owned.via != "name" \
                or not _POSSESSIVE_GAP.match(text[owner.end:owned.start]):
            continue
        inside = tuple(e for e in owned.candidates
                       if any(_owns(area, e) for area in owner.candidates))
        if inside:
            owned.candidates = inside
        elif all(e.kind is PlaceKind.POPULATED_PLACE for e in owned.candidates):
            owned.candidates = ()


def _owns(owner: Entry, entry: Entry) -> bool:
    if owner.kind is PlaceKind.POPULATED_PLACE:  # a part of a town: within its reach
        return entry.kind is PlaceKind.POPULATED_PLACE and distance_km(
            owner.lat, owner.lon, entry.lat, entry.lon) <= OWNED_TOWN_KM
    if owner.kind is PlaceKind.REGION:
        return True  # regions are checked by their shapes, elsewhere
    return _within(entry, owner)


def _town_the_gazetteer_lacks(text: str, first: PlaceMention, second: PlaceMention,
                              after: PlaceMention | None, context: Counter[str]) -> bool:
    """"Stroud, Ontario" with no Stroud in Ontario: the town is put in the province the
    text names (``placed_at``), not at a namesake abroad; only in a country the article
    is about ("Los Angeles, San Fernando" names no province of Trinidad). True when
    it did so."""
    states = [e for e in second.candidates if e.kind is PlaceKind.ADMIN1 and not e.alternate
              and context[e.country_code or ""] > 0]
    if (len(states) == 1 and first.candidates
            and all(e.kind is PlaceKind.POPULATED_PLACE for e in first.candidates)
            and not _in_a_list(text, states[0], first, second, after)):
        first.candidates = (placed_at(first, states[0]),)
        second.candidates = (states[0],)
        return True
    return False


def _named_as_states(text: str, places: list[PlaceMention]) -> None:
    """"Washington state", "Kandahar province": the admin-1 unit, not its town."""
    nouns = load_rules().words("state_nouns")
    for m in places:
        following = text[m.end:m.end + 16].split()
        if m.via == "name" and following and following[0] in nouns:
            units = tuple(e for e in m.candidates if e.kind is PlaceKind.ADMIN1)
            if units:
                m.candidates = units


def _named_as_features(text: str, places: list[PlaceMention]) -> None:
    """"across the Sahel", "attacks in the Red Sea": the name of a sea or a region that
    several countries share is that sea or region, not the province named after it
    (Burkina Faso's Sahel Region, Egypt's Red Sea Governorate) that the story's country
    would otherwise lift; an area noun after the name keeps the province ("Red Sea
    state")."""
    nouns = load_rules().words("area_nouns")
    for m in places:
        if m.via != "name" or not any(e.kind in _UNITS for e in m.candidates):
            continue
        shared = tuple(e for e in m.candidates if e.kind in _SHARED_FEATURES
                       and e.country_code is None and not e.alternate)
        following = text[m.end:m.end + 16].split()
        if shared and not (following and following[0].casefold() in nouns):
            m.candidates = tuple(e for e in m.candidates if e.kind not in _UNITS)


_SHARED_FEATURES = (PlaceKind.WATER, PlaceKind.REGION)


def _named_as_landscapes(text: str, places: list[PlaceMention], context: Counter[str]) -> None:
    """"through the Darien jungle" in a story naming Panama: a name before a word for a
    stretch of land in lower case is the area of that name (a province, a district, a
    region) in a country the story names, not a town that bears it ("the Kingston swamps"
    of a story naming no country with a province of the name stay the town's)."""
    for m in places:
        if m.via != "name" or not _LANDSCAPE_AFTER.match(text, m.end):
            continue
        areas = tuple(e for e in m.candidates if e.kind in _LANDSCAPE_AREAS
                      and e.country_code in context)
        if areas and any(e.kind is PlaceKind.POPULATED_PLACE for e in m.candidates):
            m.candidates = areas


_LANDSCAPE_AREAS = (PlaceKind.ADMIN1, PlaceKind.ADMIN2, PlaceKind.REGION)
_LANDSCAPE_AFTER = re.compile(r"\s+(?:jungle|forest|rainforest|desert|hills|highlands|"
                              r"lowlands|plains?|plateau|savannah?|swamps?|marshes|"
                              r"mountains)\b")


def _units_of_the_story(text: str, places: list[PlaceMention], context: Counter[str]) -> None:
    """"a base camp in Manang district" in a story from Nepal: a name the text calls a
    district or province in lower case, as a writer explains a unit of the country the
    story is about or of one beside it ("the south Sudanese Warab state"), is no unit of
    that name in a country far off that the story never names (a Thai district); with
    none near, the name is left unplaced."""
    if not context:
        return
    borders = country_neighbours()
    near = set(context).union(*(borders.get(code, frozenset()) for code in context))
    for m in places:
        if m.via != "name" or not _LOWER_AREA_NOUN.match(text, m.end) \
                or any(e.country_code in near for e in m.candidates):
            continue
        m.candidates = tuple(e for e in m.candidates if e.kind not in _UNITS)


# "Manang district", "Sindh province": a unit's kind in lower case after its name
_LOWER_AREA_NOUN = re.compile(r"\s+(?:district|province|governorate|prefecture|region|"
                              r"state|county|department|oblast|division)\b")
LEAD_CHARS = 300
# "Kiev's Independence Square": between a place and a name it holds
_POSSESSIVE_GAP = re.compile(r"^['’]s?\s+$")
OWNED_TOWN_KM = 50.0


# Readings of two ambiguous names this close vouch for each other ("Manchester and
# Nashua": the two New Hampshire towns, 25 km apart).
MUTUAL_KM = 100.0


def _mutual_readings(ambiguous: list[PlaceMention], scope: Scope) -> list[Entry]:
    """The towns among the readings of the article's ambiguous names that lie near a
    reading of another of its names (spatial minimality: the places of one story lie
    near each other); towns of 15,000 or more only, counties and towns inside the scope."""
    readings: list[tuple[str, Entry]] = []
    for m in ambiguous:
        readings += [(m.key, e) for e in eligible(m.candidates, scope)
                     if e.kind in _ANCHOR_KINDS and not e.small and not e.alternate]
    # one-degree cells, so that a long article's readings are compared with their
    # neighbours only (a degree of latitude is 111 km, more than MUTUAL_KM)
    cells: dict[tuple[int, int], list[tuple[str, Entry]]] = {}
    for key, entry in readings:
        cells.setdefault((math.floor(entry.lat), math.floor(entry.lon)), []).append(
            (key, entry))
    found = []
    for key, entry in readings:
        row, column = math.floor(entry.lat), math.floor(entry.lon)
        # degrees of longitude MUTUAL_KM spans at this latitude (poleward edge of the cell)
        cosine = math.cos(math.radians(min(89.0, max(abs(row), abs(row + 1)))))
        reach = min(180, math.ceil(MUTUAL_KM / (111.0 * cosine)))
        if any(other_key != key and entry.geonameid != other.geonameid
               and within_km(entry.lat, entry.lon, other.lat, other.lon, MUTUAL_KM)
               for r in (row - 1, row, row + 1)
               for c in range(column - reach, column + reach + 1)
               for other_key, other in cells.get((r, (c + 180) % 360 - 180), ())):
            found.append(entry)
    return found + _towns_in_named_counties(ambiguous)


# A name one of whose readings lies this near a sure town or county of the story is
# explained by it.
EXPLAINED_KM = 100.0


def _explained(mention: PlaceMention, sure: list[Entry]) -> bool:
    """True when a town or county reading of the name (small ones too) lies within
    ``EXPLAINED_KM`` of one of the story's sure towns and counties (not itself)."""
    return any(e.kind in _ANCHOR_KINDS and not e.alternate and a != e
               and within_km(e.lat, e.lon, a.lat, a.lon, EXPLAINED_KM)
               for e in mention.candidates for a in sure)


# A story whose sure places lie this near each other is a local one ...
LOCAL_STORY_KM = 100.0


def _without_hamlets_far_off(places: list[PlaceMention], anchors: tuple[Entry, ...],
                             states: set[str]) -> list[PlaceMention]:
    """The mentions less the towns under 100,000 a local story cannot mean: its sure
    places lie within ``LOCAL_STORY_KM`` of each other (or it has one), and the town, in
    no state the story names, lies farther than ``NEARBY_KM`` from all of them. The name
    is then a street's, a landmark's, an office's, a school's or a person's ("a bar on
    Broadway", "close Broadway", "the Division of Homeland Security" in a story from
    Missouri, New Mexico or Alaska: hamlets in Virginia and California; "the South Side"
    of Chicago: a town in Alabama; "back to Franklin" in a story from Bakersfield: not
    the Tennessee town of 70,000), or a place the gazetteer lacks: no place
    is reported rather than a namesake across the country. Capitals, curated towns and
    townships (placed by :func:`_townships_in_counties`) stay."""
    if not anchors:
        return places
    # the corners of the places' box, not every pair: linear in a long article's places
    lats, lons = [a.lat for a in anchors], [a.lon for a in anchors]
    if distance_km(min(lats), min(lons), max(lats), max(lons)) > LOCAL_STORY_KM:
        return places
    return [m for m in places if not (
        m.entry is not None and _lesser_town(m) and m.via == "name"
        and m.entry.admin1 not in states and not _TOWNSHIP_END.search(m.text)
        and _far_from_all(m.entry, anchors))]


def _lesser_town(mention: PlaceMention) -> bool:
    """True for a small town (under 15,000), or a town under 100,000 that is no capital
    nor curated whose name towns of several states or countries bear as their own (a
    person's name as often as a town's: "Franklin", "Socorro"; a town's one name, or
    its respelling, stays: "Debaltsevo" in a headline from Kyiv)."""
    entry = mention.entry
    if entry is None or entry.kind is not _TOWN:
        return False
    if entry.small:
        return True
    states = {(e.country_code, e.admin1) for e in mention.candidates
              if e.kind is _TOWN and not e.alternate}
    return (not entry.capital and bool(entry.geonameid) and entry.population < LARGE_TOWN
            and len(states) > 1)


# A name the story says this often, and more often than any other town or county of it,
# is the story's own place (a paragraph about it, a local story set in it).
OWN_PLACE_MENTIONS = 3


def _story_towns_the_index_lacks(places: list[PlaceMention], anchors: tuple[Entry, ...],
                                 states: Counter[str], anchor_states: frozenset[str]) -> None:
    """The story's own town, read as a namesake far from all of the story: placed in the
    state the story names most instead, at that state's point (precision ``adm1``, with a
    note), as a place the gazetteer lacks.

    The town is the name the story says most often (``OWN_PLACE_MENTIONS`` times at
    least, and more often than any other town or county); its reading lies in no state the
    story names nor any its sure places lie in, and farther than ``NEARBY_KM`` from all
    of those places, while one of them at least lies in the state the story names most,
    which no reading of the name lies in. A story set in one state whose town's name the
    index knows only in other states is about a place of that state the index lacks (a
    hamlet under cities500's threshold), not about a namesake 400 km off: the ranking,
    which never sees a reading in the story's state, chose by population alone. A large
    town (``LARGE_TOWN``) stays: a story names a city far off by its bare name ("Portland
    police arrested a man from Bozeman")."""
    if not anchors or not states:
        return
    state, count = max(states.items(), key=lambda item: (item[1], item[0]))
    # the state's own entry, as the story names it
    area = next((m.entry for m in places if m.entry is not None and m.entry.kind is _ADMIN1
                 and m.entry.admin1 == state and m.via == "name"), None)
    if area is None or sum(n == count for n in states.values()) > 1 or not any(
            a.admin1 == state for a in anchors):
        return
    said = Counter(m.key for m in places if m.via == "name" and m.entry is not None
                   and m.entry.kind in _ANCHOR_KINDS)
    if not said:
        return
    key, times = said.most_common(1)[0]
    if times < OWN_PLACE_MENTIONS or sum(n == times for n in said.values()) > 1:
        return
    own = [m for m in places if m.key == key and m.via == "name" and m.entry is not None]
    entry = own[0].entry
    assert entry is not None
    if entry.kind is not _TOWN or entry.population >= LARGE_TOWN or entry.admin1 in states \
            or entry.admin1 in anchor_states or not _far_from_all(entry, anchors) \
            or any(m.entry is not entry for m in own) \
            or any(e.admin1 == state for m in own for e in m.candidates):
        return
    note = f"not in the gazetteer: placed at {area.name}, where the story's places lie"
    name = Counter(m.text for m in own).most_common(1)[0][0]  # its usual spelling
    lacked = Entry(name, area.lat, area.lon, _TOWN, Precision.ADM1, area.country_code,
                   None, 0, note=note, admin1=state)
    for m in own:
        m.candidates, m.entry, m.place = (lacked,), lacked, entry_to_place(lacked)


def _far_from_all(entry: Entry, anchors: tuple[Entry, ...]) -> bool:
    """True when the anchors other than the entry itself (one at least) all lie farther
    than ``NEARBY_KM`` from it."""
    others = [a for a in anchors if a != entry]
    return bool(others) and not any(
        within_km(entry.lat, entry.lon, a.lat, a.lon, NEARBY_KM) for a in others)


def _without_own_country(scope: Scope, mention: PlaceMention,
                         kept: list[PlaceMention]) -> Scope:
    """The scope less the country of the name's own first reading when no other name of
    the story lies in it ("Cairo officials ... Mound City ... Alexander County": Egypt
    counted from "Cairo" alone). A fresh scope: the readings' bonuses depend on the
    countries."""
    code = mention.entry.country_code if mention.entry is not None else None
    if not code or code not in scope.countries or any(
            m.entry is not None and m.entry.country_code == code
            for m in kept if m.key != mention.key):
        return scope
    countries = Counter(scope.countries)
    del countries[code]
    return Scope(countries, scope.states, scope.anchors, scope.anchor_states,
                 scope.actors_only)


# A small town this near a county's point lies in or beside it.
COUNTY_TOWN_KM = 40.0


def _small_or_area(entry: Entry) -> bool:
    """True for a reading that is no town of 15,000 or more by its own name."""
    return entry.small or entry.alternate or entry.kind is not PlaceKind.POPULATED_PLACE


def _towns_in_named_counties(ambiguous: list[PlaceMention]) -> list[Entry]:
    """A county and a small town, readings of two ambiguous names, that lie together,
    where no larger town bears the town's name ("Lancaster County deputies ... near
    Strasburg": Pennsylvania's county and town, not Nebraska's county and Virginia's
    town): both vouch for each other as the mutual readings of :func:`_mutual_readings`
    do. Small towns are eligible only near an anchor or inside the scope, so they are
    read here from all the candidates, whatever the scope."""
    # a larger town of the name is its own anchor ("Kettering" by Dayton)
    eligible = [m for m in ambiguous if all(map(_small_or_area, m.candidates))]
    found: list[Entry] = []
    for _, town, county in _small_towns_by_counties(ambiguous, eligible):
        found += (town, county)
    return found


def _small_towns_by_counties(ambiguous: list[PlaceMention], mentions: list[PlaceMention]
                             ) -> Iterator[tuple[PlaceMention, Entry, Entry]]:
    """Each small town reading of ``mentions`` that lies within ``COUNTY_TOWN_KM`` of a
    county reading of another of the ``ambiguous`` names, with its mention and county."""
    counties = [(m.key, e) for m in ambiguous for e in m.candidates
                if e.kind is PlaceKind.ADMIN2 and not e.alternate]
    if not counties:
        return
    for m in mentions:
        for town in m.candidates:
            if town.kind is not PlaceKind.POPULATED_PLACE or not town.small or town.alternate:
                continue
            for key, county in counties:
                if key != m.key and within_km(town.lat, town.lon, county.lat, county.lon,
                                              COUNTY_TOWN_KM):
                    yield m, town, county


def _own_states_far(mention: PlaceMention, anchors: tuple[Entry, ...]) -> set[str]:
    """The states the name itself names ("New York") whose towns bearing the name (as an
    alternate name: New York City) lie more than ``CLOSE_KM`` from every anchor: such a
    state, named elsewhere in the story ("ALBANY, N.Y."), does not steer the name to its
    town ("New York will spend $300 million ... Utica, Schenectady and Troy": the state,
    not the city 220 km from Albany; "Brooklyn ... New York" keeps the city)."""
    states = {e.admin1 for e in mention.candidates
              if e.kind is _ADMIN1 and not e.alternate and e.admin1}
    if not states:
        return set()
    towns = [e for e in mention.candidates if e.kind is _TOWN and e.admin1 in states]
    near = {e.admin1 for e in towns if any(
        within_km(e.lat, e.lon, a.lat, a.lon, CLOSE_KM) for a in anchors if a != e)}
    return states - near


def _county_clusters(ambiguous: list[PlaceMention]) -> list[Entry]:
    """A county reading with small towns of two or more other names of the story within
    ``COUNTY_TOWN_KM`` of it, and those towns: read together though larger towns bear the
    towns' names (:func:`_towns_in_named_counties` leaves such names out, one town beside
    a county being no evidence against a larger namesake; two are)."""
    beside: dict[int, tuple[Entry, dict[str, Entry]]] = {}
    for m, town, county in _small_towns_by_counties(ambiguous, ambiguous):
        beside.setdefault(id(county), (county, {}))[1].setdefault(m.key, town)
    found: list[Entry] = []
    for county, towns in beside.values():
        if len(towns) >= 2:
            found += (county, *towns.values())
    return found


def _towns_among_the_story(text: str, kept: list[PlaceMention], scope: Scope) -> None:
    """A region's name the first pass chose, written without "the", that a town bears
    among the story's own places: within ``COHERENCE_KM`` of two more of its names, in
    the one country they all lie in ("a factory in Appalachia ... Big Stone Gap, Norton
    and Coeburn": the town of Wise County, not the mountain region 200 km off). Towns
    take no article ("the Panhandle" stays the region)."""
    for m in kept:
        if m.entry is None or m.entry.kind is not PlaceKind.REGION or m.via != "name" \
                or text[max(0, m.start - 4):m.start].casefold() == "the ":
            continue
        towns = [e for e in m.candidates if e.kind is _TOWN and not e.alternate
                 and all(code == e.country_code for code in scope.countries)
                 and names_near(e, scope) >= 2]
        if len(towns) == 1:
            m.candidates = (towns[0],)
            m.entry, m.place = towns[0], entry_to_place(towns[0])


def _town_beside_a_country(mention: PlaceMention, town: Entry, scope: Scope) -> bool:
    """True for a town bearing a country's name that the article places twice over: in a
    state it names (or that its sure towns lie in) and near a town or county it names,
    where the article's places lie in the town's country alone ("near Lebanon ... Wilson
    County deputies ... Tennessee troopers", "Lebanon police ... Mt. Juliet ...
    Nashville", "outside Palestine ... Anderson County ... Tyler, Texas"; not "Israel
    struck Lebanon", whatever the story says of Pennsylvania). It is then ranked with
    the country."""
    country = mention.entry
    return (country is not None and country.kind is _COUNTRY
            and town.kind is _TOWN and not town.alternate
            and all(code == town.country_code for code in scope.countries)
            and town.admin1 is not None
            and (town.admin1 in scope.states or town.admin1 in scope.anchor_states
                 or names_near(town, scope) >= 2)
            and near_an_anchor(town, scope))


def _guessed_state(mention: PlaceMention, scope: Scope) -> bool:
    """True for a county whose namesakes in its country lie in several states: the first
    pass's pick (the most populous) names no state ("Montgomery County" in a story on
    Dayton was Maryland's, and Kettering then went to Maryland's Kettering)."""
    unit = mention.entry
    if unit is None or unit.kind is not PlaceKind.ADMIN2:
        return False
    return any(e.kind is PlaceKind.ADMIN2 and e.country_code == unit.country_code
               and e.admin1 != unit.admin1
               for e in eligible(mention.candidates, scope, mention.key))


# between an actor's description and its name in brackets: "Ukraine's Security Service (SBU)"
_BRACKET_OPEN = re.compile(r"\s*\(\s*")


def _named_in_brackets(mentions: list[ActorMention], text: str) -> list[ActorMention]:
    """A description followed by a registry actor's name in brackets, of the same
    country and kind, is that actor ("Ukraine's Security Service (SBU)": the SBU, not a
    second actor, "Ukraine intelligence services")."""
    found = list(mentions)
    for i, (described, named) in enumerate(itertools.pairwise(mentions)):
        if described.via != "registry" and named.via == "registry" \
                and described.actor.id != named.actor.id \
                and described.actor.country_code == named.actor.country_code is not None \
                and described.actor.kind is named.actor.kind \
                and _BRACKET_OPEN.fullmatch(text, described.end, named.start) \
                and text.startswith(")", named.end):
            found[i] = replace(described, actor=named.actor)
    return found


# "the government in Kinshasa", "the authorities in Bamako": a capital after these words
# and "in" stands for its state, though it follows a locative
_RULERS = frozenset({"government", "authorities", "regime", "junta", "administration"})


# The public places of a town after its possessive ("Kyiv's main square"): where, not who
_TOWN_PARTS = frozenset({"square", "street", "avenue", "boulevard", "market", "marketplace",
                         "centre", "center", "downtown", "airport", "station", "stadium",
                         "bridge", "port", "harbour", "harbor", "waterfront"})


def _seat_of_rule(tokens: list[Token], first: int) -> bool:
    """The capital at token ``first`` follows "government in" ("the government in
    Kinshasa accused Rwanda": the DR Congo's government, not a place)."""
    return first >= 2 and tokens[first - 1].norm == "in" and tokens[first - 2].norm in _RULERS


# a bearing or an edge before a capital: where, not the state ("17 km north-west of X")
_BEARING_OF = re.compile(r"\b(?:(?:north|south)(?:[- ]?(?:east|west))?|east|west|outskirts)"
                         r"\s+of\s+(?:the\s+)?$", re.IGNORECASE)


def _by_last_token(places: list[PlaceMention]) -> dict[int, list[PlaceMention]]:
    """The mentions by the index of their last token, in text order: a rule asking for
    the place right before a mention looks it up instead of reading every place (a long
    text's thousands of mentions each read every other)."""
    found: dict[int, list[PlaceMention]] = {}
    for p in places:
        found.setdefault(p.last, []).append(p)
    return found


def _dateline_place(text: str, places: list[PlaceMention]) -> PlaceMention | None:
    """The place a dateline names in capitals ("KHARTOUM, May 12 (Reuters) -"), if the
    story's first paragraph opens with one."""
    opens = dateline_place_start(text)
    if opens is None:
        return None
    first = next((m for m in places if m.start >= opens), None)
    if first is None or first.start > opens + 40 or not first.text.isupper():
        return None
    return first


_TOWNSHIP_END = re.compile(r"\s(?:Township|Twp\.?)$")
# A township's town of its name lies this near the story's other places, or is a namesake
TOWNSHIP_TOWN_KM = 50.0


def _after_organisation_in(text: str, tokens: list[Token], last: int,
                           heads: frozenset[str]) -> int:
    """The token after "in" when the capitalised words written on after token ``last``
    name an organisation (one of ``heads`` among them) and "in" follows them
    ("Cornell University in Ithaca"), else -1."""
    k, named = last + 1, False
    while k < min(len(tokens), last + 6) and tokens[k].capitalised \
            and joinable(text, tokens[k - 1], tokens[k]):
        word = tokens[k].norm
        named = named or word in heads or (word.endswith("s") and word[:-1] in heads)
        k += 1
    if named and k + 1 < len(tokens) and tokens[k].surface == "in":
        return k + 1
    return -1


def _lies_in(town: Entry, area: Entry) -> bool:
    """True when the town lies in the state or country ``area`` names, or within
    ``NEARBY_KM`` of the town or county it names (a region: always)."""
    if area.kind is PlaceKind.ADMIN1:
        return town.admin1 == area.admin1
    if area.kind is _COUNTRY:
        return town.country_code == area.country_code
    if area.kind not in _ANCHOR_KINDS:
        return True
    return within_km(town.lat, town.lon, area.lat, area.lon, NEARBY_KM)


def _townships_in_counties(places: list[PlaceMention]) -> None:
    """"Jackson Township" in a story of Stark County, Massillon and Green: the index holds
    no township, and its name's towns (read in its place, :func:`places._as_township`) are
    namesakes when none lies within 50 km of the story's other towns and counties ("Canton
    Township" beside North Canton is Canton's). Such a township is put at the county the
    story names nearest its other places, at county precision with a note saying so; a
    story that names no county keeps the town."""
    sited = [m for m in places if m.entry is not None and m.entry.kind in _ANCHOR_KINDS]
    for m in sited:
        town = m.entry
        if town is None or town.kind is not _TOWN or not _TOWNSHIP_END.search(m.text):
            continue
        others = [p.entry for p in sited if p.key != m.key and p.entry is not None
                  and not _TOWNSHIP_END.search(p.text)]
        if not others or any(within_km(town.lat, town.lon, e.lat, e.lon, TOWNSHIP_TOWN_KM)
                             for e in others):
            continue
        counties = [e for e in others if e.kind is PlaceKind.ADMIN2]
        if not counties:
            continue
        county = min(counties, key=lambda c: sum(distance_km(c.lat, c.lon, e.lat, e.lon)
                                                 for e in others))
        place = entry_to_place(county)
        m.entry = county
        m.place = replace(place, precision=Precision.ADM2,
                          note=f"{m.text}: a township of {place.name} (the index holds no "
                               f"township; the towns of its name lie far from the story)")


def _dateline_towns(text: str, places: list[PlaceMention]) -> None:
    """The place of a dateline is a town ("WASHINGTON (Reuters)": the capital, not the
    state)."""
    first = _dateline_place(text, places)
    towns = tuple(e for e in first.candidates
                  if e.kind is PlaceKind.POPULATED_PLACE) if first else ()
    if first is not None and towns:
        first.candidates = towns
_UNITS = (PlaceKind.ADMIN1, PlaceKind.ADMIN2)
# How many words a sea's or a region's name may add around an actor's ("Sea of" Azov).
_AREA_NAME_REACH = 2
_NAMED_AREAS = (PlaceKind.WATER, PlaceKind.REGION, PlaceKind.COUNTRY, PlaceKind.ADMIN1)
_WIDE_AREAS = (PlaceKind.COUNTRY, PlaceKind.REGION, PlaceKind.WATER)
_ANCHOR_KINDS = (PlaceKind.POPULATED_PLACE, PlaceKind.ADMIN2)
# Members read once: on Python 3.11 each read of an enum member through its class
# (``PlaceKind.COUNTRY``) goes through EnumType's Python-level ``__getattr__`` hook, about 850
# instructions; the per-mention and per-candidate tests below asked over 1,000 per article.
_COUNTRY = PlaceKind.COUNTRY
_TOWN = PlaceKind.POPULATED_PLACE
_ADMIN1 = PlaceKind.ADMIN1
_REGION = PlaceKind.REGION
_SMALL = operator.attrgetter("small")
_STATE_KIND = ActorKind.STATE
_GROUP_KINDS = (ActorKind.ARMED_GROUP, ActorKind.MILITIA)
# A title and the name after it, at most this many words, may be a place's name.
MAX_TITLED_NAME = 5
# A town whose name alone tells its country (no namesake of this size elsewhere).
DISTINCTIVE_POPULATION = 100_000


def _same_name_same_place(places: list[PlaceMention], qualified: set[int]) -> None:
    """A name qualified where the text first gives it ("Aurora, Ill.") keeps that reading
    in its later, bare mentions ("Aurora police said"), also when the gazetteer lacks the
    town and the qualifier placed it at its state ("Riverside, Rhode Island ... Riverside
    is": not the Riverside of Connecticut)."""
    first_seen: dict[str, PlaceMention] = {}
    for m in places:
        first_seen.setdefault(m.key, m)
    for m in places:
        lead = first_seen[m.key]
        # one name's mentions mostly share the index's very tuple: nothing to compare
        if m is not lead and m.candidates is not lead.candidates and lead.via == "name" \
                and m.via == "name" and (
                    set(lead.candidates) < set(m.candidates)
                    or (id(m) not in qualified and _placed_by_qualifier(lead, m))):
            m.candidates = lead.candidates


def _placed_by_qualifier(lead: PlaceMention, later: PlaceMention) -> bool:
    """True when the first mention's one reading is none of the name's own: the town put
    in the state its qualifier names (:func:`_town_the_gazetteer_lacks`), and the later,
    bare mention reads the name as towns only."""
    return (len(lead.candidates) == 1 and lead.candidates[0] not in later.candidates
            and bool(later.candidates)
            and all(e.kind is PlaceKind.POPULATED_PLACE for e in later.candidates))


_LIST_JOIN = re.compile(r"^(?:, | and |, and | or |, or )$")


def _in_a_list(text: str, area: Entry, first: PlaceMention, second: PlaceMention,
               after: PlaceMention | None) -> bool:
    """True when ``first, second`` sits in a list of areas like ``area`` (its kind, in its
    country): the first name is such an area itself, or the list goes on with another
    one. An area of another country is no list: "Berlin, N.H.", "Mexico, Mo." are towns
    of those states, though Berlin and México are also states of their own countries."""
    def alike(entry: Entry) -> bool:
        return entry.kind is area.kind and (
            area.kind is PlaceKind.COUNTRY or entry.country_code == area.country_code)

    if any(alike(e) and not e.alternate for e in first.candidates):
        return True
    return (after is not None and bool(_LIST_JOIN.match(text[second.end:after.start]))
            and any(alike(e) for e in after.candidates))


def _within(entry: Entry, area: Entry) -> bool:
    if entry is area or entry.kind in (PlaceKind.COUNTRY, PlaceKind.REGION):
        return False
    if area.kind is PlaceKind.COUNTRY:
        return entry.country_code == area.country_code
    return bool(area.admin1) and entry.admin1 == area.admin1 and entry.kind is not area.kind


_LIST_GAP = re.compile(r"^(?:, | and |, and | or |, or )$")


def _countries_in_lists(text: str, places: list[PlaceMention]) -> None:
    """"Nigeria, Niger, Chad and Cameroon": a name listed beside countries is a country.
    A country's name counts as one whatever hamlets share it ("Egypt and Niger": Egypt,
    Arkansas is no reason to read Niger as Nigeria's Niger State)."""
    def only_country(m: PlaceMention) -> bool:
        country = False
        for e in m.candidates:  # a loop: a generator left unfinished costs an exception
            if e.kind is _COUNTRY:
                country = True
            elif not (e.kind is _TOWN and (e.small or e.alternate)):
                return False
        return country

    for left, right in itertools.pairwise(places):
        if not _LIST_GAP.match(text[left.end:right.start]):
            continue
        for mention, other in ((left, right), (right, left)):
            countries = tuple(e for e in mention.candidates if e.kind is _COUNTRY)
            if only_country(other) and countries and mention.via == "name":
                mention.candidates = countries


# names of one list, and the plural area noun before or after it
_UNIT_LIST_JOIN = re.compile(r"^(?:, |,? and |,? or )$")
_PLURAL_BEFORE = re.compile(r"\b([a-z]+) of (?:the )?$")
_PLURAL_AFTER = re.compile(r" ([a-z]+)\b")
_UNIT_KINDS = frozenset({_ADMIN1, PlaceKind.ADMIN2, PlaceKind.REGION})
_COUNTY_WORDS = frozenset({"County", "District", "Parish"})  # units below a state


def _units_in_lists(text: str, places: list[PlaceMention], index: NameIndex,
                    rules: Rules) -> None:
    """"the provinces of Idlib and Hama", "Broward and Palm Beach counties", "the states of
    Kano and Kaduna": each name of a list that a plural area noun opens or closes is such
    a unit ("Palm Beach County"; Idlib the governorate, not its city), when one exists."""
    plurals = {str(k): str(v) for k, v in rules.data.get("unit_plurals", {}).items()}
    n = 0
    while n < len(places):
        last = n
        while last + 1 < len(places) and _UNIT_LIST_JOIN.match(
                text[places[last].end:places[last + 1].start]):
            last += 1
        group, n = places[n:last + 1], last + 1
        before = _PLURAL_BEFORE.search(text, max(0, group[0].start - 24), group[0].start)
        after = _PLURAL_AFTER.match(text, group[-1].end)
        word = before.group(1) if before is not None and before.group(1) in plurals else (
            after.group(1) if after is not None else "")
        if word not in plurals:
            continue
        for m in group:
            units = _units_named(index, m, plurals[word]) if m.via == "name" else ()
            if units:
                m.candidates = units


def _units_named(index: NameIndex, m: PlaceMention, suffix: str) -> tuple[Entry, ...]:
    """The units a listed name stands for: by its full name ("Palm Beach" + "County"),
    else the units among its own readings. A country holds the units ("30 provinces of
    China"), and a state its counties ("Ohio counties"): those are left as they are."""
    above = (_COUNTRY, _ADMIN1) if suffix in _COUNTY_WORDS else (_COUNTRY,)
    if any(e.kind in above and not e.alternate for e in m.candidates):
        return ()
    full = tuple(e for e in index.get(f"{m.text} {suffix}") if e.kind in _UNIT_KINDS)
    return full or tuple(e for e in m.candidates if e.kind in _UNIT_KINDS and not e.alternate)


# two states joined ("in Wales and in England" repeats the preposition); not a comma:
# "Washington, D.C." is the city in the district
_STATE_LIST_GAP = re.compile(r"^(?:,? and |,? or | and in )$")


def _states_in_lists(text: str, places: list[PlaceMention]) -> None:
    """"England and Wales", "in Wales and in England", "Connecticut and Vermont": a name
    joined to a state whose other readings are only small or alternate towns is a state
    of that country too, when it names one and none of its towns lies in that state
    (Wales, a village of Yorkshire, is no reason to leave Wales; Guánica, the town, is
    the seat of Puerto Rico's municipality of that name and stays)."""
    def only_state(m: PlaceMention) -> str | None:
        countries = set()
        for e in m.candidates:  # a loop: a generator left unfinished costs an exception
            if e.kind is _ADMIN1 and not e.alternate:
                countries.add(e.country_code)
            elif not (e.kind is _TOWN and (e.small or e.alternate)):
                return None
        return countries.pop() if len(countries) == 1 else None

    for left, right in itertools.pairwise(places):
        if not _STATE_LIST_GAP.match(text[left.end:right.start]):
            continue
        for mention, other in ((left, right), (right, left)):
            country = only_state(other) if mention.via == "name" else None
            states = tuple(e for e in mention.candidates if e.kind is _ADMIN1
                           and not e.alternate and e.country_code == country)
            inside = {e.admin1 for e in states}
            if country is not None and states and not any(
                    e.kind is _TOWN and e.admin1 in inside for e in mention.candidates):
                mention.candidates = states


# the one or two words right before a name ("southeastern ", "south east ", "North-")
_WORDS_BEFORE = re.compile(r"([A-Za-z]{2,}(?:[- ][A-Za-z]+)?)[ -]$")
_AREA_READINGS = frozenset({_ADMIN1, _COUNTRY, PlaceKind.REGION})


def _areas_after_directions(text: str, places: list[PlaceMention],
                            context: Counter[str]) -> None:
    """"southeastern Wales", "South Wales", "north-east Wales": a direction word before a
    name that an area of the article's countries bears names a part of the area, not a
    small town of that name ("West Kingston", a village, is read as before)."""
    directions = direction_words()
    for m in places:
        found = _WORDS_BEFORE.search(text, max(0, m.start - 16), m.start)
        if m.via != "name" or found is None or not any(map(_SMALL, m.candidates)):
            continue
        words = found.group(1).casefold().replace("-", " ")
        if (words in directions or words.rpartition(" ")[2] in directions) and any(
                e.kind in _AREA_READINGS and not e.alternate and e.country_code in context
                for e in m.candidates):
            m.candidates = tuple(e for e in m.candidates if not e.small)


def _choose_alternative(mention: ActorMention, context: Counter[str],
                        homes: Counter[str]) -> ActorMention:
    """An alias several registry actors share ("SNA"): the one of the article's countries,
    else of the homes of the other actors it names ("Turkish-backed SNA fighters attacked
    SDF positions": the SDF's Syria, not Somalia)."""
    if not mention.alternatives:
        return mention
    options = (mention.actor, *mention.alternatives)
    best = max(options, key=lambda a: (context.get(a.country_code or "", 0),
                                       homes.get(a.country_code or "", 0)))
    return replace(mention, actor=best, alternatives=())


def resolve_affiliates(actors: list[ActorMention], text: str, tokens: list[Token],
                       words: frozenset[str], nouns: frozenset[str]) -> list[ActorMention]:
    """"the local Al-Qaeda affiliate", "al Qaeda-linked fighters": the article's actor
    affiliated to Al-Qaeda (JNIM) when it names one, else the mention stays Al-Qaeda's,
    marked ``affiliate``; the words "affiliate", "linked fighters" are part of it."""
    starts = token_starts(tokens)
    found = []
    for mention in actors:
        k = bisect.bisect_left(starts, mention.end)
        if mention.via != "registry" or k >= len(tokens) or tokens[k].norm not in words:
            found.append(mention)
            continue
        end = tokens[k].end
        if k + 1 < len(tokens) and tokens[k + 1].norm in nouns | _FIGHTER_NOUNS:
            end = tokens[k + 1].end
        child = next((a.actor for a in actors if a.actor.affiliation == mention.actor.id), None)
        found.append(replace(mention, actor=child or mention.actor, end=end,
                             text=text[mention.start:end], via="affiliate"))
    return found


_NOUN_LISTS = ("force_nouns", "police_nouns", "pmc_nouns", "government_nouns",
               "intelligence_nouns")
_FIGHTER_NOUNS = frozenset({"fighters", "militants", "rebels", "groups", "jihadists",
                            "insurgents", "militiamen", "forces"})
_ANAPHORIC = frozenset({"rebels", "militants", "militia"})


def resolve_anaphora(actors: list[ActorMention], text: str) -> list[ActorMention]:
    """"the rebels", "the militants": the named armed group the text last mentioned.

    The group the text itself called so ("JNIM militants attacked a VDP post ... the
    militants claimed") comes first, then one of the same kind (an armed group for "the
    militants", not the pro-government militia named last), then the latest."""
    found: list[ActorMention] = []
    named: list[ActorDef] = []  # named armed groups so far, latest last
    called: dict[str, ActorDef] = {}  # "JNIM militants": militants -> JNIM
    rebel_group = _only_rebel_group(actors, text)
    for mention in actors:
        actor = mention.actor
        if rebel_group is not None and actor.generic == "rebels" and mention.via == "noun":
            # a story about one rebel group: its bare "rebels", also in a headline
            # before the name, are that group
            mention = replace(mention, actor=rebel_group, via="anaphora")
        elif actor.generic in _ANAPHORIC and named \
                and text[max(0, mention.start - 4):mention.start].lower() == "the ":
            noun = mention.text.split()[-1].lower()
            same = [a for a in named if noun in a.name.lower()]  # "the rebels": rebels
            kin = [a for a in named if a.kind is actor.kind]
            chosen = called.get(noun) or (same or kin or named)[-1]
            mention = replace(mention, actor=chosen, via="anaphora")
        elif actor.generic is None and actor.kind in _GROUP_KINDS:
            named.append(actor)
            after = _NEXT_WORD.match(text, mention.end)
            if after is not None:
                called[after.group(1).lower()] = actor
        found.append(mention)
    return found


def _only_rebel_group(actors: list[ActorMention], text: str) -> ActorDef | None:
    """The one named armed group of a story, when the story calls it rebel ("M23
    rebels", "the M23 rebel group"); None when it names none or several."""
    groups = {m.actor for m in actors if m.actor.generic is None and m.actor.kind in _GROUP_KINDS}
    if len(groups) != 1:
        return None
    group = next(iter(groups))
    for mention in actors:
        after = _NEXT_WORD.match(text, mention.end)
        if mention.actor == group and after is not None \
                and after.group(1).lower() in ("rebel", "rebels"):
            return group
    return None


_NEXT_WORD = re.compile(r" ([A-Za-z]+)")
_ATTACKED = frozenset({"attacked", "attacking"})


def _actor_tokens(tokens: list[Token], actors: list[ActorMention]) -> set[int]:
    starts = token_starts(tokens)
    taken: set[int] = set()
    for actor in actors:
        taken.update(range(bisect.bisect_left(starts, actor.start),
                           bisect.bisect_left(starts, actor.end)))
    return taken


def _main_state(actors: list[ActorMention], main_country: str | None) -> ActorDef | None:
    states = [a.actor for a in actors if a.actor.kind is _STATE_KIND]
    chosen = [s for s in states if s.country_code == main_country]
    if chosen:
        return chosen[0]
    counts = Counter(states)
    return counts.most_common(1)[0][0] if counts else None


def _sentence_start_tokens(tokens: list[Token], starts: list[int]) -> set[int]:
    """The first token of each sentence (``starts``: the sentences' offsets, in order)."""
    offsets = token_starts(tokens)
    found = {bisect.bisect_left(offsets, start) for start in starts}
    found.discard(len(tokens))  # a sentence with no token after it
    return found


def _outside_area_names(tokens: list[Token], actors: list[ActorMention],
                        index: NameIndex, connectors: frozenset[str]) -> list[ActorMention]:
    """The actors whose name is not part of a longer name of a sea, a region, a state or a
    country: "the Sea of Azov" and "the Azov Sea" are no Azov Regiment."""
    starts, ends = token_starts(tokens), token_ends(tokens)
    return [a for a in actors if not _in_an_area_name(
        tokens, bisect.bisect_left(starts, a.start), bisect.bisect_left(ends, a.end), index,
        connectors)]


def _in_an_area_name(tokens: list[Token], first: int, last: int, index: NameIndex,
                     connectors: frozenset[str]) -> bool:
    """True when tokens ``first..last`` with up to two words around them name an area (the
    words a name may hold: capitalised ones and connectors such as "of")."""
    def name_word(k: int) -> bool:
        return tokens[k].capitalised or tokens[k].norm in connectors

    if last >= len(tokens):
        return False
    before = first
    while before > max(0, first - _AREA_NAME_REACH) and name_word(before - 1):
        before -= 1
    after = last
    while after < min(len(tokens) - 1, last + _AREA_NAME_REACH) and name_word(after + 1):
        after += 1
    for a in range(before, first + 1):
        for b in range(last, after + 1):
            key = " ".join(token_norms(tokens[a:b + 1]))
            if (a, b) != (first, last) and tokens[a].capitalised and tokens[b].capitalised \
                    and any(e.kind in _NAMED_AREAS and not e.alternate for e in index.get(key)):
                return True
    return False


def _blocked_tokens(tokens: list[Token], actors: list[ActorMention], rules: Rules,
                    text: str, index: NameIndex) -> set[int]:
    """Tokens that cannot start or be part of a place: registry actors' names and the
    capitalised names written after a title ("Colonel Maiga", "President Chad Smith"),
    unless title and name are a place's name ("Prince George's County")."""
    blocked = set()
    ends = token_ends(tokens)
    locatives = rules.words("locative_prepositions")
    for actor in actors:  # the tokens from the first ending after the actor's start
        if _union_as_a_place(text, actor, locatives, index):
            continue
        k = bisect.bisect_right(ends, actor.start)
        while k < len(tokens) and tokens[k].start < actor.end:
            blocked.add(k)
            k += 1
    titles = rules.words("titles")
    for i in [k for k in compress(count(), map(titles.__contains__, token_norms(tokens)))
              if tokens[k].capitalised]:
        if not _titled_place(tokens, i, text, index):
            k = i + 1
            while (k < len(tokens) and tokens[k].capitalised and tokens[k].norm not in titles
                   and joinable(text, tokens[k - 1], tokens[k])):
                blocked.add(k)
                k += 1
    return blocked


# the words before an organisation's name: a locative and "the" ("ninth country in the")
_LOCATIVE_THE = re.compile(r"\b([a-z]+) the $")


def _union_as_a_place(text: str, actor: ActorMention, locatives: frozenset[str],
                      index: NameIndex) -> bool:
    """"the ninth country in the EU", "across the European Union": an organisation of
    states after a locative is the area its members cover, when the gazetteer holds it as
    a region ("the EU agreed sanctions" stays the organisation alone)."""
    if actor.actor.kind is not ActorKind.ORGANISATION:
        return False
    found = _LOCATIVE_THE.search(text, max(0, actor.start - 16), actor.start)
    return found is not None and found.group(1) in locatives and any(
        e.kind is PlaceKind.REGION for e in index.get(actor.text))


def _titled_place(tokens: list[Token], i: int, text: str, index: NameIndex) -> bool:
    """True when the title at ``i`` begins a place's name ("Queen Anne's County", "Prince
    Edward Island"): the words up to the next gap other than a space or a possessive."""
    k = i
    while k + 1 < min(len(tokens), i + MAX_TITLED_NAME) and tokens[k + 1].capitalised and (
            joinable(text, tokens[k], tokens[k + 1])
            or text[tokens[k].end:tokens[k + 1].start] in ("'s ", "’s ")):
        k += 1
        if any(not e.alternate and e.kind is not PlaceKind.POPULATED_PLACE
               for e in index.get(text[tokens[i].start:tokens[k].end])):
            return True
    return False


_POSSESSIVE_GAPS = frozenset({"", "'s", "’s", "'", "’"})  # "Russia's army", "Kiev forces"


def _followed_by(tokens: list[Token], last: int, words: frozenset[str]) -> bool:
    return last + 1 < len(tokens) and tokens[last + 1].norm in words


# (gazetteer, extractor) pairs, matched by identity; the few most recent are kept.
_EXTRACTORS: list[tuple[Any, Extractor]] = []


def extract_text(text: str, *, article_date: date | None = None,
                 gazetteer: Any = None) -> Extraction:
    """Find places, actors, events and relations in ``text``.

    Parameters
    ----------
    text
        The article, as read (offsets index this exact string).
    article_date
        The publication date that relative dates ("last week") resolve against; when
        None, a full date in the first 300 characters is used if there is one.
    gazetteer
        The :class:`geomap.geocoding.gazetteer.Gazetteer` whose places are spotted and
        returned; None uses :meth:`Gazetteer.default` (the shared offline index). Any
        other object with a ``resolve(name, country=, context=)`` method refines towns
        (its answer is kept only inside the country the article's context chose).

    Returns
    -------
    Extraction
        Mentions with offsets, resolved places, actors, events and relations.
    """
    return _extractor_for(gazetteer).extract(text, article_date)


def _extractor_for(gazetteer: Any) -> Extractor:
    for known, extractor in _EXTRACTORS:
        if known is gazetteer:
            return extractor
    extractor = Extractor.default(gazetteer)
    _EXTRACTORS.insert(0, (gazetteer, extractor))
    del _EXTRACTORS[4:]
    return extractor


# words before a name that make it a place ("in Dweila, Damascus": the name no index holds
# is the capital's neighbourhood, so the capital is where, not who)
_PLACE_LOCATIVES = frozenset({"in", "near", "at", "outside", "around"})


def _unknown_place_before(tokens: list[Token], last: int) -> bool:
    """A capitalised name of at most three words after a locative ends at token ``last``."""
    k = last
    while k >= 0 and last - k < 3 and tokens[k].capitalised:
        k -= 1
    return k >= 0 and k < last and tokens[k].norm in _PLACE_LOCATIVES
