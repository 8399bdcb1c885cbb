"""Events and relations: the sentences that report something, who did it, where and when.

One sentence gives at most one violent event (the first trigger of ``event_triggers`` that
matches, in the file's order: coup, remote violence, violence against civilians, battle)
plus any non-violent ones (protest, riot, agreement, arrests), and one relation per
relation trigger that has an actor on each side. Diplomatic moves (severed ties,
expulsion, accusation, support) are also reported as events whose type is the relation
kind, as the JSON contract asks.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from geomap.extract.actors import ActorDef, ActorMention
from geomap.extract.dates import DateMention, find_dates
from geomap.extract.places import PlaceMention
from geomap.extract.rules import Rules, Trigger
from geomap.extract.text import Sentence
from geomap.precision import DatePrecision

T = TypeVar("T")

VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
DIPLOMATIC_KINDS = frozenset({"severed_diplomatic_ties", "expulsion", "accusation", "support",
                              "alleged_support"})
_FATALITIES = (
    re.compile(r"\b(\d[\d,]*)\s+(?:[\w-]+\s+){0,4}(?:were|was|have been|had been)?\s*"
               r"(?:killed|dead|died)\b", re.IGNORECASE),
    re.compile(r"\bkill(?:ed|ing)\s+(?:at least\s+|nearly\s+|about\s+|some\s+|more than\s+)?"
               r"(\d[\d,]*)\b", re.IGNORECASE),
)
_GOVERNMENT_WORDS = re.compile(r"\b(?:junta|government|authorities|regime)\b", re.IGNORECASE)


@dataclass(slots=True)
class EventRecord:
    """An event reported by one sentence."""

    sentence: str
    start: int
    end: int
    type: str
    sub_type: str | None
    date: date | None
    date_precision: DatePrecision | None
    place: PlaceMention | None
    actors: list[ActorDef] = field(default_factory=list)
    fatalities: int | None = None
    relation_kind: str | None = None


@dataclass(slots=True)
class RelationRecord:
    """A directed relation between two actors, with the sentence that states it."""

    source: ActorDef
    target: ActorDef
    kind: str
    sentence: str
    start: int
    end: int
    date: date | None = None
    date_precision: DatePrecision | None = None


@dataclass
class SentenceFacts:
    """What one sentence contains, for the event rules."""

    span: Sentence
    text: str
    places: list[PlaceMention]
    actors: list[ActorMention]
    dates: list[DateMention]
    hits: dict[Trigger, list[tuple[int, int]]]


def extract_events(text: str, sentences: list[Sentence], places: list[PlaceMention],
                   actors: list[ActorMention], article_date: date | None,
                   rules: Rules, main_country: str | None = None,
                   ) -> tuple[list[EventRecord], list[RelationRecord]]:
    """Events and relations of the whole text, sentence by sentence.

    ``main_country`` (the country the article is most about) stands in for "the junta" or
    "the government" when a relation has no named subject, and locates an event whose
    sentence names that country but no place.
    """
    events: list[EventRecord] = []
    relations: list[RelationRecord] = []
    main_state = _main_state(actors, main_country)
    claim_words = [w.lower() for w in rules.data.get("claim_words", [])]
    hits = _trigger_hits(text, rules.event_triggers + rules.relation_triggers)
    starts = sorted({b for spans in hits.values() for b, _ in spans})
    dates = find_dates(text, article_date) if starts else []
    place_starts = [p.start for p in places]
    actor_starts = [a.start for a in actors]
    date_starts = [d.start for d in dates]
    for span in sentences:
        if not _any_between(starts, span.start, span.end):
            continue  # no trigger: nothing to report
        facts = SentenceFacts(
            span, span.of(text),
            [p for p in _within(places, place_starts, span) if p.place is not None],
            _within(actors, actor_starts, span), _within(dates, date_starts, span), hits)
        events.extend(_sentence_events(facts, rules.event_triggers, main_state))
        found = _sentence_relations(facts, rules.relation_triggers, main_state, claim_words)
        relations.extend(found)
        events.extend(_relation_event(facts, r, main_state) for r in found
                      if r.kind in DIPLOMATIC_KINDS)
    return events, _unique_relations(relations)


def _within(items: list[T], starts: list[int], span: Sentence) -> list[T]:
    """The items (sorted by start) that start inside ``span``."""
    return items[bisect.bisect_left(starts, span.start):bisect.bisect_left(starts, span.end)]


def _any_between(sorted_starts: list[int], start: int, end: int) -> bool:
    k = bisect.bisect_left(sorted_starts, start)
    return k < len(sorted_starts) and sorted_starts[k] < end


def _main_state(actors: list[ActorMention], main_country: str | None) -> ActorDef | None:
    states = [a.actor for a in actors if a.actor.kind.value == "state"]
    chosen = [s for s in states if s.country_code == main_country]
    if chosen:
        return chosen[0]
    counts = Counter(states)
    return counts.most_common(1)[0][0] if counts else None


def _sentence_events(facts: SentenceFacts, triggers: tuple[Trigger, ...],
                     main_state: ActorDef | None) -> list[EventRecord]:
    events = []
    violent_done = False
    for trigger in triggers:
        violent = trigger.type in VIOLENT_TYPES or trigger.sub_type == "Coup"
        if violent and violent_done:
            continue
        match = _trigger_match(trigger, facts)
        if match is None:
            continue
        violent_done = violent_done or violent
        position = match[0]
        when = _nearest_date(facts.dates, position)
        events.append(EventRecord(
            facts.text, facts.span.start, facts.span.end, trigger.type, trigger.sub_type,
            when.date if when else None, when.precision if when else None,
            choose_location(facts, main_state), _actor_list(facts.actors),
            _fatalities(facts.text) if trigger.type in VIOLENT_TYPES else None))
    return events


def _trigger_hits(text: str, triggers: tuple[Trigger, ...]) -> dict[Trigger, list[tuple[int, int]]]:
    """Every match of every trigger in the whole text (one pass per trigger).

    Case-insensitive matching is done on the lower-cased text when lower-casing keeps every
    offset (it does for all but a few characters such as 'İ'): several times faster.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return {t: [m.span() for m in (t.lower or t.pattern).finditer(lowered)]
                for t in triggers}
    return {t: [m.span() for m in t.pattern.finditer(text)] for t in triggers}


def _trigger_match(trigger: Trigger, facts: SentenceFacts) -> tuple[int, int] | None:
    """The first match of ``trigger`` in the sentence that is not inside a registry actor's
    name ("Group for the Support of Islam"); demonym phrases ("Russian drones") may hold one."""
    for begin, finish in facts.hits.get(trigger, ()):
        if begin < facts.span.start or finish > facts.span.end:
            continue
        if not any(a.start <= begin < a.end for a in facts.actors if a.via == "registry"):
            return begin, finish
    return None


def _nearest_date(dates: list[DateMention], position: int) -> DateMention | None:
    if not dates:
        return None
    return min(dates, key=lambda d: (d.precision is DatePrecision.YEAR, abs(d.start - position)))


def choose_location(facts: SentenceFacts, main_state: ActorDef | None) -> PlaceMention | None:
    """The place where the sentence's event happened, not every place it names.

    Preference: a place after a locative preposition ("in", "near") — the most precise one;
    then a named place that does not stand for a state actor; then the article's main
    country when the sentence names it (as a name or a demonym).
    """
    named = [p for p in facts.places if p.via != "demonym"]
    locative = [p for p in named if p.locative]
    if locative:
        return min(locative, key=lambda p: int(p.place.precision) if p.place else 9)
    plain = [p for p in named if p.state_code is None]
    if plain:
        return plain[0]
    forces = {a.actor.country_code for a in facts.actors if a.actor.kind.value == "armed_forces"}
    for p in facts.places:
        if p.via == "demonym" and p.place is not None and p.place.country_code in forces:
            return p
    if main_state is not None:
        for p in facts.places:
            if p.place is not None and p.place.country_code == main_state.country_code:
                return p
    return None


def _actor_list(actors: list[ActorMention]) -> list[ActorDef]:
    return list(dict.fromkeys(a.actor for a in actors))


def _fatalities(sentence: str) -> int | None:
    numbers = [int(m.group(1).replace(",", "")) for pattern in _FATALITIES
               for m in pattern.finditer(sentence)]
    return max(numbers) if numbers else None


def _sentence_relations(facts: SentenceFacts, triggers: tuple[Trigger, ...],
                        main_state: ActorDef | None,
                        claim_words: list[str]) -> list[RelationRecord]:
    found = []
    lowered = facts.text.lower()
    claimed = any(w in lowered for w in claim_words)
    for trigger in triggers:
        match = _trigger_match(trigger, facts)
        if match is None:
            continue
        begin, finish = match
        before = [a for a in facts.actors if a.end <= begin]
        after = [a for a in facts.actors if a.start >= finish]
        source = before[-1].actor if before else None
        if source is None and main_state is not None and _GOVERNMENT_WORDS.search(facts.text):
            source = main_state
        if source is None or not after or after[0].actor == source:
            continue
        kind = "alleged_support" if trigger.type == "support" and claimed else trigger.type
        when = _nearest_date(facts.dates, begin)
        found.append(RelationRecord(source, after[0].actor, kind, facts.text, facts.span.start,
                                    facts.span.end, when.date if when else None,
                                    when.precision if when else None))
    return found


def _relation_event(facts: SentenceFacts, relation: RelationRecord,
                    main_state: ActorDef | None) -> EventRecord:
    return EventRecord(facts.text, facts.span.start, facts.span.end, relation.kind, None,
                       relation.date, relation.date_precision,
                       choose_location(facts, main_state), [relation.source, relation.target],
                       relation_kind=relation.kind)


def _unique_relations(relations: list[RelationRecord]) -> list[RelationRecord]:
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for r in relations:
        key = (r.source.id, r.target.id, r.kind)
        if key not in seen:
            seen.add(key)
            kept.append(r)
    return kept
