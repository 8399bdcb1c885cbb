"""Events and relations of a text: one incident, one event.

The steps, each in its own module:

1. cues (:mod:`.cues`): the words that report something, checked in context (armed
   context, metaphors, hypotheticals, generic statements, references);
2. per clause (:mod:`.clauses`): who acted and who was acted upon (:mod:`.roles`), where
   (:mod:`.locate`), when (:mod:`.dates`), the tolls and who gives them (:mod:`.tolls`);
3. clauses telling the same incident merge into one (:mod:`.incidents`), whose type is
   decided from all its cues and parties (:mod:`.classify`);
4. relations with their direction and hedging (:mod:`.relations`). Statements,
   accusations and diplomatic moves are relations, never events.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace

from geomap.extract.actor_phrases import is_generic, is_national
from geomap.extract.actors import ActorDef, ActorMention
from geomap.extract.classify import ARMED_KINDS, classify, is_demonstrator
from geomap.extract.clauses import Clause, TextFacts, clause_spans, within
from geomap.extract.cues import DEMONSTRATION_CUES, Cue, CueChecks, find_cues
from geomap.extract.dates import DateMention, find_dates, weekdays_after
from geomap.extract.incidents import UNNAMED, Incident, Mention, holds, merge, places_fit
from geomap.extract.locate import Locator, area_holds
from geomap.extract.names import NameIndex
from geomap.extract.phrases import phrase_key
from geomap.extract.records import EventRecord, Location, RelationRecord, Toll
from geomap.extract.relations import RelationFinder
from geomap.extract.roles import RoleFinder, Roles
from geomap.extract.rules import EventRules, load_event_rules
from geomap.extract.text import Sentence, Token
from geomap.extract.tolls import (
    ACCORDING,
    SAID_AT_END,
    SUBJECT_SAID,
    Claim,
    TollReader,
    combine,
)
from geomap.model import ActorKind, Place, PlaceKind
from geomap.precision import DatePrecision, Precision

National = Callable[[str, "str | None", "str | None"], ActorDef]
# Cues that tell fighting or harm: territory taken with any of them is a battle.
_FIGHTING_KINDS = frozenset({"clash", "attack", "kill", "wound", "remote", "civilian_harm"})
_HARM_KINDS = frozenset({"kill", "wound"})
_DEAD_KINDS = frozenset({"kill", "wound", "civilian_harm"})
_CROWD_ACTS = frozenset({"protest", "riot", "mob"})
_AFTER_REACH = 6  # "after a police officer shot dead", "after one of them was shot dead"
_CLAUSE_MARKS = re.compile(r"[,;:]")
_STATE_FORCE_TYPES = frozenset({"Battles", "Explosions/Remote violence",
                                "Violence against civilians"})
_NON_STATE_ARMED = frozenset({ActorKind.ARMED_GROUP, ActorKind.MILITIA})
# who was taken away before "their bodies were found": the verb, a count, the people
_TAKEN = re.compile(r"\b(?:abducted|kidnapped|seized|snatched|took away)\s+(?:at least\s+)?"
                    r"(?P<n>\d+|[a-z]+)\s+(?:[a-z]+\s+)?(?P<who>men|women|people|civilians|"
                    r"villagers|farmers|herders|traders|passengers|students|children|boys|"
                    r"girls|workers|miners|residents)\b", re.IGNORECASE)
_THEIR = frozenset({"their", "his", "her"})
_BODY_WORDS = frozenset({"body", "bodies", "corpse", "corpses", "remains"})
# Words of unrest ("protesters set fire to", "rioted"): a text holding one is about
# political violence, where a death told alone is its toll ("Three staff trapped inside
# died in the fire" after students set fire to a building). Words of armed violence are
# not counted: read alone they often mean something else in other news ("shelled
# pistachios", "the parasite's attacks"), and a death beside one is violence already.
_CONFLICT_CUES = DEMONSTRATION_CUES
# Actors whose presence makes a death violence, whatever animal the clause names.
_PEOPLE_HARMED = ARMED_KINDS | {ActorKind.CIVILIANS}
# How far before a death word its subject ("wild birds were found dead") and after it
# its object ("killed several hundred ducks") may name an animal, in words.
_ANIMAL_BEFORE = 4
_WAR_VERB_REACH = 10  # "the war between the army and the rebels began": noun to verb
_YEAR_AFTER = 4  # "began in late April 2023": verb to year
_ANIMAL_AFTER = 3
_TO_DEATH_REACH = 6  # tokens from a violent verb to its "to death"
_PARAGRAPH_REACH = 2  # sentences back whose place and date a later sentence's event takes
_STATE_KINDS = frozenset({ActorKind.STATE, ActorKind.GOVERNMENT, ActorKind.PERSON,
                          ActorKind.ORGANISATION})


@dataclass
class _Positions:
    """Start offsets of a text's mentions, for slicing them by clause."""

    places: list[int]
    actors: list[int]


class _Paragraphs:
    """The sentences and dates of a text, for the sentences before an incident's first."""

    def __init__(self, sentences: list[Sentence], dates: list[DateMention],
                 told: set[int]) -> None:
        self.sentences = sentences
        self.starts = [s.start for s in sentences]
        self.dates = dates
        self.date_starts = [d.start for d in dates]
        self.told = told  # starts of the sentences that tell an incident

    def before(self, start: int) -> list[Sentence]:
        """Up to ``_PARAGRAPH_REACH`` sentences before the one at ``start``, nearest first."""
        k = bisect.bisect_left(self.starts, start)
        return self.sentences[max(0, k - _PARAGRAPH_REACH):k][::-1]

    def between(self, start: int, end: int) -> list[Sentence]:
        """The sentences starting in ``[start, end)``."""
        return self.sentences[bisect.bisect_left(self.starts, start):
                              bisect.bisect_left(self.starts, end)]

    def after(self, end: int) -> Sentence | None:
        """The sentence after the one ending at ``end``."""
        k = bisect.bisect_left(self.starts, end)
        return self.sentences[k] if k < len(self.sentences) else None

    def dates_in(self, sentence: Sentence) -> list[DateMention]:
        return within(self.dates, self.date_starts, sentence.start, sentence.end)


class EventExtractor:
    """Finds the events and relations of a text (see the module's documentation)."""

    def __init__(self, index: NameIndex, rules: EventRules | None = None,
                 national: National | None = None) -> None:
        self.rules = rules or load_event_rules()
        self.index = index
        self.national = national
        self.checks = CueChecks(self.rules)
        self.roles = RoleFinder(self.rules)
        self.locator = Locator(self.rules, index)
        self.tolls = TollReader(self.rules)
        self.relations = RelationFinder(self.rules)
        self.separate = self.rules.phrases("separate_markers")
        self.summary = self.rules.phrases("summary_markers")
        self.war_nouns = self.rules.phrases("war_nouns")
        self.war_start = self.rules.phrases("war_start_verbs")
        self.war_tally = self.rules.phrases("war_tally_verbs")
        self.mishaps = self.rules.phrases("mishap_markers")
        self.animals = self.rules.phrases("animal_words")
        self.conflict_words = self.rules.phrases("conflict_words")
        self.gunfire = self.rules.phrases("gunfire_words")
        self.harm_denials = self.rules.phrases("harm_denials")
        self.unopposed = self.rules.phrases("unopposed_markers")
        self.found_later = self.rules.phrases("found_later_markers")
        self.civilian_objects = self.rules.phrases("civilian_objects")
        self.incident_nouns = self.rules.phrases("incident_nouns")
        self.setting_verbs = self.rules.phrases("setting_verbs")
        self.transfers = self.rules.words("weapon_transfer_verbs")
        self.crowd_control = self.rules.phrases("crowd_control_words")
        self.captives = self.rules.words("captive_nouns")
        # "the M23 rebel group": the nouns after a group's name
        self.group_nouns = self.rules.words("group_nouns") | {"rebel"}
        self.shooting = self.rules.phrases("shooting_words")
        self.later_offsets = {" ".join(phrase_key(k)): int(v) for k, v
                              in self.rules.mapping("later_day_offsets").items()}
        self.people = self.rules.words("armed_victims") | self.rules.words("civilian_victims")
        self.numbers = frozenset(self.rules.mapping("number_words")) | frozenset(
            self.rules.mapping("vague_counts"))
        self.place_nouns = self.rules.words("place_nouns")

    def extract(self, facts: TextFacts, sentences: list[Sentence], context: Collection[str],
                ) -> tuple[list[EventRecord], list[RelationRecord]]:
        """The events (one per incident) and relations of ``facts``' text.

        Parameters
        ----------
        facts
            The text with its tokens, places and actors.
        sentences
            Its sentence spans.
        context
            The countries the article is about (ISO alpha-2), for place look-ups.
        """
        cues = find_cues(facts.tokens, facts.norms, self.rules)
        # police patrol every kind of news: they make no text one about armed conflict
        armed = any(a.actor.kind in ARMED_KINDS and a.actor.generic != "police"
                    for a in facts.actors) or self.conflict_words.any_in(facts.norms)
        # a text on a disaster or an epidemic that tells no armed conflict: its deaths
        # are the disaster's, told in any sentence ("More than 300 were killed in ...")
        facts.disaster = not armed and self.mishaps.any_in(facts.norms)
        facts.conflict = armed or (not facts.disaster
                                   and any(c.kind in _CONFLICT_CUES for c in cues))
        cue_starts = [c.start for c in cues]
        positions = _Positions([p.start for p in facts.places], [a.start for a in facts.actors])
        mentions: list[Mention] = []
        relations: list[RelationRecord] = []
        clauses, dates = self._clauses(facts, sentences, cues, cue_starts, positions)
        for clause in clauses:
            mention = self._mention(clause, context)
            if mention is not None:
                mentions.append(mention)
            relations += self.relations.relations(clause, facts.main_state, relations)
        incidents = merge(mentions)
        paragraphs = _Paragraphs(sentences, dates, {m.clause.sentence.start for m in mentions})
        for incident in incidents:
            if incident.location is None or incident.when is None:
                self._from_paragraph(incident, facts, paragraphs, positions, context)
        stops = _next_told(incidents, len(facts.text))
        for k, incident in enumerate(incidents):
            if incident.when is None:
                _dated_later(incident, stops[k], facts, paragraphs)
        for incident in incidents:
            if incident.location is None or incident.location.precision > Precision.ADM2:
                self._setting_after(incident, facts, paragraphs, positions, context)
        for k, incident in enumerate(incidents):
            if incident.location is None or incident.location.precision > Precision.ADM2:
                self._told_later(incident, stops[k], facts, paragraphs, positions, context)
        events = [self._record(incident, facts) for incident in incidents]
        if events:
            _claimed_responsibility(facts, sentences, events)
        labels = self.locator.labels(facts, sentences, context) if events else []
        if labels:
            events = [_labelled(e, labels) for e in events]
        return events, _unique(relations)

    # -- clauses ------------------------------------------------------------------------

    def _clauses(self, facts: TextFacts, sentences: list[Sentence], cues: list[Cue],
                 cue_starts: list[int], positions: _Positions,
                 ) -> tuple[list[Clause], list[DateMention]]:
        """The clauses of the sentences that hold a cue, and the text's dates."""
        found: list[Clause] = []
        relation_words = self.relations.cues
        if not cues and not relation_words.any_first_word(facts.norms):
            return found, []
        words = list(zip(facts.token_starts, facts.norms, strict=True))
        filed, filed_end = facts.dateline  # when the story was filed: no event's date
        all_dates = [d for d in find_dates(facts.text, facts.article_date, words=words)
                     if not filed <= d.start < filed_end]
        if facts.told_day_end is not None and facts.article_date is not None:
            all_dates = weekdays_after(all_dates, facts.article_date, facts.told_day_end)
        date_starts = [d.start for d in all_dates]
        for sentence in sentences:
            first, stop = facts.token_at(sentence.start), facts.token_at(sentence.end)
            sentence_cues = within(cues, cue_starts, sentence.start, sentence.end)
            if not sentence_cues and not relation_words.any_first_word(facts.norms, first,
                                                                       stop):
                continue
            dates = within(all_dates, date_starts, sentence.start, sentence.end)
            for start, end, tail in clause_spans(facts.text, sentence):
                found.append(self._clause(facts, sentence, start, end, tail, sentence_cues,
                                          dates, positions, len(found)))
        return found, all_dates

    def _from_paragraph(self, incident: Incident, facts: TextFacts, paragraphs: _Paragraphs,
                        positions: _Positions, context: Collection[str]) -> None:
        """A note's later sentence goes on telling what the sentence before it set up
        ("On 3 January 2024, Russian forces tried to advance towards Synkivka near
        Kupiansk. The attack was repelled."): an incident that names no place or date takes
        those of the earlier sentences of its paragraph that tell nothing of their own (no
        line break between, at most two sentences back)."""
        head = incident.main[0].head
        start = min(m.clause.sentence.start for m in incident.mentions)
        for before in paragraphs.before(start):
            if "\n" in facts.text[before.end:start] or before.start in paragraphs.told:
                return
            clause = self._clause(facts, before, before.start, before.end, None, [],
                                  paragraphs.dates_in(before), positions, -1)
            if incident.location is None:
                incident.location = self.locator.locate(clause, head, context)[0]
            if incident.when is None and clause.dates:
                incident.when = _nearest_date(clause.dates, before.end)
            start = before.start

    def _setting_after(self, incident: Incident, facts: TextFacts, paragraphs: _Paragraphs,
                       positions: _Positions, context: Collection[str]) -> None:
        """"Armed men killed three farmers. The attack happened near Bankass.": the next
        sentence, opening on the incident as its subject ("the attack", "the incident") with
        a verb of taking place, says where it was; its place is taken when finer and inside
        the incident's area (also from such a sentence already told as a reference)."""
        start = min(m.clause.sentence.end for m in incident.mentions)
        end = max(m.clause.sentence.end for m in incident.mentions)
        after = paragraphs.after(end)
        if after is not None and "\n" not in facts.text[end:after.start]:
            end = after.end
        told = {m.clause.sentence.start for m in incident.mentions if not m.reference}
        for sentence in paragraphs.between(start, end):
            if sentence.start in told or "\n" in facts.text[start:sentence.start]:
                continue
            first = facts.token_at(sentence.start)
            words = facts.norms[first:first + 3]
            if len(words) < 2 or words[0] not in ("the", "this", "that") \
                    or not self.incident_nouns.any_in(words, 1, len(words)):
                continue
            clause = self._clause(facts, sentence, sentence.start, sentence.end, None, [],
                                  paragraphs.dates_in(sentence), positions, -1)
            if not self.setting_verbs.any_in(clause.norms, clause.first, clause.stop):
                continue  # "The attack was the deadliest since the one in Kidal"
            found = self.locator.locate(clause, incident.main[0].head, context)[0]
            if found is not None and found.precision <= Precision.ADM2 and (
                    incident.location is None or places_fit(incident.location, found)):
                incident.location = found
                return

    def _told_later(self, incident: Incident, stop: int, facts: TextFacts,
                    paragraphs: _Paragraphs, positions: _Positions,
                    context: Collection[str]) -> None:
        """A report tells one incident over several lines or sentences (the headline the
        killing, a later line the wounded man's death and where his unit stood): a coder
        places it at the finer place a later sentence names inside the incident's area.
        Only for an incident told in two sentences or more; the later sentence is one that
        tells no other incident, from the incident's first sentence up to the next
        incident's first (``stop``, the first sentence of the incidents after it); its
        place must be finer than a district and held by the
        incident's area, or by the area it would be given (its parties', the text's
        country) when it names none: a place elsewhere is no setting of it."""
        told = {m.clause.sentence.start for m in incident.mentions if not m.reference}
        if len(told) < 2:
            return
        area = incident.location
        if area is None:  # the area the event will be given: its parties' or the text's
            agents, targets = _parties(incident.mentions)
            sources = [t.claimed_by for m in incident.mentions for t in m.tolls
                       if t.claimed_by]
            area = self.locator.refined(None, targets, agents, facts.main_country, sources)
        if area is None or area.precision <= Precision.ADM2:
            return
        for sentence in paragraphs.between(min(told) + 1, stop):
            if sentence.start in told:
                continue  # its own places were weighed when it was told
            if sentence.start in paragraphs.told:
                return  # another incident's sentence (or a reference to one) ends it
            for start, end, tail in clause_spans(facts.text, sentence):
                clause = self._clause(facts, sentence, start, end, tail, [],
                                      paragraphs.dates_in(sentence), positions, -1)
                found = self.locator.locate(clause, incident.main[0].head, context)[0]
                if found is not None and found.precision <= Precision.ADM2 \
                        and found.precision < area.precision and holds(area, found) \
                        and found.place.country_code == area.place.country_code:
                    incident.location = found
                    return

    def _clause(self, facts: TextFacts, sentence: Sentence, start: int, end: int,
                tail: tuple[int, int] | None, cues: list[Cue], dates: list[DateMention],
                positions: _Positions, index: int) -> Clause:
        clause_cues = [c for c in cues if start <= c.start < end]
        if tail is not None and any(c.start >= tail[0] for c in clause_cues):
            tail = None  # "JNIM said: we attacked the base" is no attribution
        places = within(facts.places, positions.places, start, end)
        filed, filed_end = facts.dateline  # where the story was filed: not where it happened
        if filed < end and start < filed_end:
            places = [p for p in places if not filed <= p.start < filed_end]
        return Clause(facts, sentence, start, end, facts.token_at(start), facts.token_at(end),
                      within(facts.actors, positions.actors, start, end), places,
                      [d for d in dates if start <= d.start < end] or dates, clause_cues,
                      tail, index)

    # -- one clause ---------------------------------------------------------------------

    def _mention(self, clause: Clause, context: Collection[str]) -> Mention | None:
        valid = [c for c in clause.cues if self._reports(clause, c)]
        if not valid or self.summary.any_in(clause.norms, clause.first, clause.stop) \
                or self._war_story(clause) \
                or self._mishap(clause, valid) or self._animals_died(clause, valid):
            return None  # nothing told, a tally of many incidents, an accident, animals
        # "had downed a US drone": what follows the verb in the past perfect is of that too
        since = min((c.first for c in valid if c.background), default=clause.stop)
        until = _relative_end(clause, since)
        for cue in valid:
            if since < cue.first < until:
                cue.background = True
                cue.reference = cue.violent
        # "The attack came a week after a raid on X left 20 dead": all the clause tells
        # after the incident's anaphor is of the earlier one, its toll too
        anaphor = min((c.last for c in valid if c.reference and self.checks.is_anaphor(
            c, clause.norms, clause.first, clause.stop)), default=clause.stop)
        if clause.norms[clause.first] in ("it", "this") and clause.first + 1 < clause.stop \
                and self.checks.anaphor_verbs.match_at(clause.norms, clause.first + 1,
                                                       clause.stop)[0] > 0:
            anaphor = clause.first + 1  # "It follows an attack last week in X that killed 20"
        for cue in valid:
            if cue.first > anaphor:
                cue.reference = True
        killers = self._rose_over(clause, valid)
        head = _head(valid, clause)
        # "The looting followed the capture of the town in late April": a clause whose
        # subject is the incident's noun before a verb of sequence tells when it came,
        # whatever its kind (not only a violent one)
        # "Their bodies were found three days later on the road to X": the bodies of those
        # the text told of, found later, go on telling that incident (not where it was)
        anaphoric = self.checks.is_anaphor(head, clause.norms, clause.first, clause.stop) \
            or _their_bodies(clause, valid)
        reference = head.reference or anaphoric
        roles = self._roles(clause, head, valid)
        agents, targets = _defs(roles.agents, reference), _defs(roles.targets, reference)
        if anaphoric:
            # "... said the attack was part of a dispute between X and Y": the sides of
            # what it was part of are no parties of it
            agents, targets = [], []
        agents, targets = _own_fighters(agents, targets, roles.speakers)
        targets += [a for a in killers if a not in targets]
        if head.kind == "surrender" and (not agents or _said_of_itself(clause, head)):
            # "JNIM announced a blockade", "the factions announced they were dissolving
            # themselves": the armed group that speaks of its own change is who acts
            agents = [a.actor for a in roles.speakers if a.actor.kind in ARMED_KINDS] \
                or self._armed_before_speech(clause, head) or agents
        # what had happened before keeps its place and date: it attaches only where they
        # fit, and is the event when the text tells nothing else ("announced it had seized")
        placed = not reference or head.background
        location, far = self.locator.locate(clause, head, context) if placed else (None, [])
        if placed and (location is None or location.precision > Precision.ADM2):
            city = _city_before(clause)
            if city is not None and (location is None or places_fit(location, city)):
                location = city  # "shot three civilians in the city": the town named before
        later = self._later_day(clause, head, location)
        if later is not None:  # its own incident, maybe: all its parties
            agents, targets = _own_fighters(_defs(roles.agents, False),
                                            _defs(roles.targets, False), roles.speakers)
        tolls = self._tolls(clause, roles) if placed else []
        if anaphoric and not tolls and _their_bodies(clause, valid):
            tolls = self._taken_before(clause)
        when = _nearest_date(_outside_references(clause, valid) or clause.dates,
                             head.start) if placed else None
        mention = Mention(clause, valid, head, reference, agents, targets, location, when,
                          tolls, far=far, separate=self._separate(clause))
        mention.later = later
        mention.found_later = self._found_later(clause, valid, head)
        mention.victims = {v for t in tolls if (v := self.tolls.victim_class(t.victims))}
        mention.objects = self._objects(clause, head, min(c.first for c in valid))
        return mention

    def _rose_over(self, clause: Clause, cues: list[Cue]) -> list[ActorDef]:
        """"residents set fire to buses after police killed a young man": the killing a
        crowd rose over is told as a reference (no kind or toll of the crowd's); who
        killed, armed, stands opposite the crowd ("rioted after one of them was shot dead
        by a soldier"). Returns the killers."""
        harm = [c for c in cues if c.kind in _DEAD_KINDS and _rose_over(clause, cues, c)]
        if not harm:
            return []
        roles = self._roles(clause, _head(cues, clause), cues)
        for cue in harm:
            cue.reference = True
        return [a for a in _defs(roles.agents, False) if a.kind in ARMED_KINDS]

    def _war_story(self, clause: Clause) -> bool:
        """"The war between X and Y began in May 2021 and has killed thousands": the war's
        start (with its year) or its tally told, no incident."""
        norms, stop = clause.norms, clause.stop
        if not self.war_nouns.any_first_word(norms, clause.first, stop):
            return False
        for i in self.war_nouns.starts(norms, clause.first, stop):
            width = self.war_nouns.match_at(norms, i, stop)[0]
            if not width:
                continue
            reach = min(stop, i + width + _WAR_VERB_REACH)
            if self.war_tally.any_in(norms, i + width, reach):
                return True
            for k in self.war_start.starts(norms, i + width, reach):
                verb = self.war_start.match_at(norms, k, stop)[0]
                if verb and any(_a_year(w) for w in norms[k + verb:k + verb + _YEAR_AFTER]):
                    return True
        return False

    def _taken_before(self, clause: Clause) -> list[Toll]:
        """"... abducted 12 men from a village. Their bodies were found three days later":
        the people the sentence before took away, whose bodies these are, are the dead."""
        text, start = clause.facts.text, clause.sentence.start
        before = text.rfind(". ", 0, max(0, start - 2))
        match = _TAKEN.search(text, before + 1 if before >= 0 else 0, start)
        if match is None:
            return []
        raw = match.group("n").lower()
        count = int(raw) if raw.isdigit() else self.tolls.numbers.get(raw)
        if not count:
            return []
        return [Toll(count, victims=match.group("who"), sentence_start=clause.start,
                     sentence=start)]

    def _found_later(self, clause: Clause, cues: list[Cue], head: Cue) -> bool:
        """The clause's dead are bodies found at a later time ("Three more bodies were
        found in the following days"), or, beside a crowd's own act, the dead it rose over
        ("a mob set fire to houses after the bodies of six ... were found")."""
        norms = clause.norms
        bodies = [c for c in cues if c.definition.body or norms[c.first] in _BODY_WORDS]
        harm = [c for c in cues if c.kind in _DEAD_KINDS]
        if harm and all(_rose_over(clause, cues, c) for c in harm):
            return True
        if not bodies:
            return False
        if all(c in bodies for c in harm):
            return self.found_later.any_in(norms, clause.first, clause.stop)
        return all(c.reference for c in harm) and any(c.kind in DEMONSTRATION_CUES
                                                      for c in cues)

    def _later_day(self, clause: Clause, head: Cue, location: Location | None,
                   ) -> tuple[str, int | None] | None:
        """"The next day, gunmen raided villages of X, killing 20": violence told on
        another day at a place the clause names, as (the marker, its days from the
        incident before, if fixed); None for anything else."""
        width = self.checks.later_days.match_at(clause.norms, clause.first, clause.stop)[0]
        if not (width and head.background and head.violent and location is not None
                and location.via not in UNNAMED):
            return None
        marker = " ".join(clause.norms[clause.first:clause.first + width])
        return marker, self.later_offsets.get(marker)

    def _mishap(self, clause: Clause, cues: list[Cue]) -> bool:
        """Deaths or injuries in an accident or a disaster, no fighting told ("injured in a
        car accident", "an earthquake struck"; not "fighting rages on despite plane
        crash"); in a text on a disaster or an epidemic, no armed actor in the clause.
        Bodies found there are its dead ("found dead of carbon monoxide poisoning",
        "bodies were recovered" after a flood)."""
        armed = any(a.actor.kind in ARMED_KINDS for a in clause.actors)
        return all(c.kind in _HARM_KINDS or c.definition.body
                   or (c.kind == "remote" and c.definition.needs_armed and not armed)
                   for c in cues) and (
            (clause.facts.disaster and not armed)
            or self.mishaps.any_in(clause.norms, clause.first, clause.stop))

    def _animals_died(self, clause: Clause, cues: list[Cue]) -> bool:
        """Deaths of animals, with no person or armed actor in the clause ("35 wild birds
        were found dead", "the strain killed several hundred ducks"): no political
        violence. The animal is the word's subject just before it or its object just after
        it; "killed five herders and stole their cattle" is violence."""
        if any(a.actor.kind in _PEOPLE_HARMED for a in clause.actors) or not all(
                c.kind in _HARM_KINDS or c.definition.body for c in cues):
            return False
        norms, first, stop = clause.norms, clause.first, clause.stop
        return all(self.animals.any_in(norms, max(first, c.first - _ANIMAL_BEFORE), c.first)
                   or self.animals.any_in(norms, c.last + 1,
                                          min(stop, c.last + 1 + _ANIMAL_AFTER))
                   for c in cues)

    def _roles(self, clause: Clause, head: Cue, cues: list[Cue]) -> Roles:
        """The roles the clause's violent words give; a reference keeps the marked ones."""
        others = [c for c in cues if not c.reference and (c.violent or c.kind == "wound")]
        return self.roles.roles(clause, head, others,
                                marked_only=head.reference and not head.background)

    def _reports(self, clause: Clause, cue: Cue) -> bool:
        """True when the cue reports something (see :mod:`.cues`); marks references."""
        norms, first, stop = clause.norms, clause.first, clause.stop
        definition = cue.definition
        if self.checks.is_hypothetical(cue, norms, first) or \
                self.checks.is_generic(cue, norms, first) or \
                self.checks.is_unknown_toll(cue, norms, stop) or \
                self.checks.is_habitual(norms, first, stop) or \
                self.checks.is_spreading(cue, norms, stop):
            return False
        if definition.needs_armed and (self.checks.is_metaphor(cue, norms, stop) or not (
                self._armed_context(clause, cue) or _crowds_clashing(clause, cue)
                or _crowd_attacking(clause, cue)
                or _war_of_a_land(clause, cue) or _fighting_near_a_place(clause, cue)
                or _person_shot(clause, cue) or self._on_a_civilian_place(clause, cue))):
            return False
        if norms[cue.first] in _STRIKE_WORDS and _labour_strike(clause, cue):
            return False
        if cue.kind == "remote" and not self.transfers.isdisjoint(
                norms[max(first, cue.first - _TRANSFER_REACH):cue.first]):
            return False  # "supplied drones to the RSF", "unveiled a new missile"
        if cue.kind == "remote" and self._crowd_control(clause, cue):
            return False  # "fired tear gas shells, some dropped from drones"
        if definition.sub_type == "Grenade" and self.shooting.any_in(norms, first, stop):
            return False  # "ambushed a truck with grenades and gunfire": an armed attack
        if cue.kind == "withdrawal" and _to_the_scene(clause, cue):
            return False
        if definition.needs_verb and (not self.checks.agreement_signed(norms, first, stop)
                                      or any(c.violent for c in clause.cues)):
            return False
        if cue.kind == "protest" and (self._diplomatic(clause, cue)
                                      or _display(clause, cue)):
            return False
        if definition.needs_place and not _place_follows(clause, cue):
            return False
        if definition.needs_object and (cue.last + 1 >= clause.stop
                                        or norms[cue.last + 1] in _NO_OBJECT):
            return False
        if definition.body and cue.width == 1 and not _found(clause, cue):
            return False
        if definition.needs_harm and (
                not any(c.kind in _MOB_HARM and c is not cue for c in clause.cues)
                or any(a.actor.kind in ARMED_KINDS for a in clause.actors)):
            return False  # "police arrested a suspected thief"; gunmen's killing
        if definition.needs_victims and self.people.isdisjoint(
                norms[cue.last + 1:min(stop, cue.last + 1 + _VICTIMS_REACH)]):
            return False  # "lost control of the town", "lost three tanks"
        if definition.needs_captives and self.captives.isdisjoint(
                norms[cue.first:min(stop, cue.last + 1 + _CAPTIVES_REACH)]):
            return False  # "exchanged fire", "exchanged views"
        if definition.needs_purpose and (
                not self.checks.has_purpose(cue, norms, stop)
                or any(a.actor.kind in ARMED_KINDS for a in clause.actors)):
            return False  # "militants gathered near the village": no protest
        if _to_death(clause, cue) or self._among_things(clause, cue) \
                or self._of_a_thing(clause, cue) or self._lies_around(clause, cue) \
                or _inside_a_name(clause, cue):
            return False
        cue.background = self.checks.is_background(cue, norms, first)
        cue.reference = ((self.checks.is_reference(cue, norms, first)
                          and not _verb_after_name(clause, cue))
                         or cue.background
                         or self.checks.is_anaphor(cue, norms, first, stop)
                         or self._grievance(clause, cue)) and cue.violent
        if cue.background or (cue.nominal and self._verb_after_group(clause, cue)):
            # "had seized", "the M23 rebel group entered": a verb, whatever determiner
            # came before
            cue.nominal = False
        return True

    def _verb_after_group(self, clause: Clause, cue: Cue) -> bool:
        """"Fighters of the M23 rebel group entered X": a one-word verb in the past right
        after a named armed group and its group nouns ("rebel group") follows its
        subject; the group's determiner makes it no noun."""
        k = cue.first
        if cue.first != cue.last or not clause.norms[k].endswith("ed"):
            return False
        j = k
        while j > clause.first and clause.norms[j - 1] in self.group_nouns:
            j -= 1
        if j == k:
            return False
        start = clause.tokens[j - 1].start
        return any(a.start <= start < a.end and a.actor.generic is None
                   and a.actor.kind in ARMED_KINDS for a in clause.actors)

    def _grievance(self, clause: Clause, cue: Cue) -> bool:
        """"marched to demand protection against gang attacks", "marched against extortion
        and killings of drivers by gangs": a violent noun in what a protest told before it
        in the clause is for (its cause): incidents told elsewhere, none of its own."""
        if not cue.nominal:
            return False
        norms = clause.norms
        for protest in clause.cues:
            if protest.kind == "protest" and protest.last < cue.first:
                return self.checks.purposes.any_in(norms, protest.last + 1, cue.first)
        return False

    def _crowd_control(self, clause: Clause, cue: Cue) -> bool:
        """A remote weapon's word that names a means of crowd control ("tear gas shells",
        "stun grenades") or what carried one ("tear gas shells, some of them dropped from
        drones"): the police dispersing a crowd, no strike."""
        norms, first = clause.norms, clause.first
        ends = {k + width for k, width, _ in self.crowd_control.find(
            norms, max(first, cue.first - _CARRIER_REACH), cue.first)}
        return cue.first in ends or (bool(ends) and cue.first - 1 >= first
                                     and norms[cue.first - 1] in ("from", "by"))

    def _among_things(self, clause: Clause, cue: Cue) -> bool:
        """A weapon's or a protest's noun listed beside a thing that tells no violence,
        in a clause that tells nothing else ("rice, corn, fish, shells", "parades,
        demonstrations and trade fairs", "ships and aircraft arriving"): goods, exhibits
        or festivities, no incident. Not beside another cue, a weapon or military object,
        people or a named actor or place ("rockets and drones", "tanks and aircraft",
        "students and protesters"), nor where another word of the clause tells an act
        ("aircraft and warships struck")."""
        if cue.kind not in _LISTED_KINDS or cue.width != 1 \
                or clause.norms[cue.first].endswith(("ed", "ing")) \
                or any(c.first != cue.first for c in clause.cues):
            return False  # "aircraft and warships struck": the clause tells an act
        text, tokens = clause.facts.text, clause.tokens
        first, stop = clause.first, clause.stop
        if _LIST_WORDS.isdisjoint(clause.norms[max(first, cue.first - _LIST_REACH):
                                               min(stop, cue.last + 1 + _LIST_REACH)]):
            return False  # "hits a landmine, three killed": a comma, no list
        left = cue.first
        if left - 1 >= first and _list_item(text, tokens, left, -1, first, stop) is None \
                and tokens[left - 1].norm not in self.rules.cues \
                and not tokens[left - 1].capitalised:
            left -= 1  # "field demonstrations": a word before the noun
        beside = [k for k in (_list_item(text, tokens, left, -1, first, stop),
                              _list_item(text, tokens, cue.last, 1, first, stop))
                  if k is not None]
        return bool(beside) and all(self._a_thing(clause, k) for k in beside)

    def _of_a_thing(self, clause: Clause, cue: Cue) -> bool:
        """A cue's noun followed by "of" and a thing, in a clause that names no actor and
        tells nothing else ("bodies of water", "a shell of its former glory", "the
        capturing of solar power"): the word in another sense. Not "of" people, a number,
        a name, a place or an object ("the bodies of two men", "the shelling of the
        village", "the capture of Kupiansk"), nor a death (of a person, named or not), nor
        with a place after it."""
        norms, stop = clause.norms, clause.stop
        k = cue.last + 1
        if cue.width != 1 or k >= stop or norms[k] != "of" or clause.actors \
                or (cue.kind == "kill" and cue.definition.needs_armed) \
                or any(c.first != cue.first for c in clause.cues) \
                or any(p.start > cue.start for p in clause.places):
            return False  # "the death of its representative in Donetsk": a person's
        k += 1
        while k < stop and norms[k] in _DETERMINERS:
            k += 1
        words = range(k, min(stop, k + _OF_REACH))
        return bool(words) and all(
            self._a_thing(clause, j) and norms[j] not in self.numbers
            and norms[j] not in self.place_nouns and norms[j] not in self.rules.generic_actors
            and not self.civilian_objects.match_at(norms, j, j + 1)[0] for j in words)

    def _lies_around(self, clause: Clause, cue: Cue) -> bool:
        """Where a place lies, not a siege: "surrounding" after a determiner ("the
        surrounding villages"), or "surrounded by", "encircled by" what no one armed is
        ("by hills", "by two counties", "by a wall"). Not "surrounded by troops", "by
        M23 fighters", "by Russian forces"."""
        norms, first, stop = clause.norms, clause.first, clause.stop
        word = norms[cue.first]
        if cue.width != 1 or word not in _SURROUND:
            return False
        if word in ("surrounding", "encircling"):
            return cue.first > first and norms[cue.first - 1] in _DETERMINERS
        k = cue.last + 1
        if k >= stop or norms[k] != "by":
            return False
        after = range(k + 1, min(stop, k + 1 + _BY_REACH))
        start, end = clause.tokens[k].end, clause.tokens[after[-1]].end if after else 0
        return bool(after) and not any(start <= a.start < end for a in clause.actors) \
            and not any(norms[j] in self.people or norms[j] in self.rules.generic_actors
                        for j in after)

    def _a_thing(self, clause: Clause, k: int) -> bool:
        """The word at ``k`` names no cue, weapon, military object, people, actor or
        place."""
        token = clause.tokens[k]
        if token.capitalised or token.norm.isdigit() or token.norm in self.people:
            return False
        if any(c.first <= k <= c.last for c in clause.cues):
            return False
        if self.checks.armed_objects_in(clause.norms, k, k + 1):
            return False
        return not any(a.start <= token.start < a.end for a in clause.actors) \
            and not any(p.start <= token.start < p.end for p in clause.places)

    def _on_a_civilian_place(self, clause: Clause, cue: Cue) -> bool:
        """"Attack on a church in Ondo": an attack on a place only civilians are in is
        violence, though no one who attacked is named (not "a cyber attack": no place)."""
        norms = clause.norms
        k = cue.last + 1
        if cue.kind != "attack" or k >= clause.stop or norms[k] not in ("on", "against") \
                or (cue.first > clause.first and norms[cue.first - 1] in _NOT_VIOLENT) \
                or self.checks.is_reference(cue, norms, clause.first):
            return False  # "a cyber attack on", "condemned the attack on the village"
        k += 1
        while k < clause.stop and norms[k] in ("a", "an", "the"):
            k += 1
        return self.civilian_objects.match_at(norms, k, clause.stop)[0] > 0

    def _armed_context(self, clause: Clause, cue: Cue) -> bool:
        """An armed actor, another violent word, an armed object or gunfire in the clause:
        ``cue`` tells violence. A death told with no killer ("five dead") makes another
        word's context ("in fighting near Donetsk"), not its own; it is violence in a text
        about armed conflict ("Five civilians die in east Ukraine", not "A boy died in
        hospital" in a story on bird flu)."""
        if any(a.actor.kind in ARMED_KINDS for a in clause.actors):
            return True
        if cue.kind == "kill" and clause.facts.conflict:
            return True
        death = cue.kind == "kill"  # a death with no killer: deaths do not vouch for deaths
        if any(c.kind in ("remote", "kill", "wound", "capture", "civilian_harm")
               and (not c.definition.needs_armed or (c.kind == "kill" and not death))
               for c in clause.cues):
            return True
        return self.checks.armed_objects_in(clause.norms, clause.first, clause.stop,
                                            names=_place_tokens(clause)) \
            or self.gunfire.any_in(clause.norms, clause.first, clause.stop) \
            or _fighting_goes_on(clause, cue)

    def _diplomatic(self, clause: Clause, cue: Cue) -> bool:
        """"Russia protests over ...": a state's protest is a statement, not a protest."""
        before = [a for a in clause.actors if a.end <= cue.start]
        return bool(before) and before[-1].actor.kind in _STATE_KINDS and \
            clause.facts.token_at(before[-1].end) >= cue.first - 1

    def _separate(self, clause: Clause) -> bool:
        start = clause.facts.token_at(clause.sentence.start)
        return self.separate.match_at(clause.norms, start, min(start + 4, clause.stop))[0] > 0

    def _objects(self, clause: Clause, head: Cue, first: int) -> set[str]:
        """``armed`` / ``civilian`` when the clause names what was hit (a base, a market):
        a civilian place after the first act told ("attacked a village, killing two"), a
        military object or a weapon after the head (not the attackers' "machetes and
        guns" before it)."""
        found = set()
        camps = _named_camps(clause)
        if self.checks.armed_objects_in(clause.norms, head.first, clause.stop, hit_only=True,
                                        names=_place_tokens(clause) | camps):
            found.add("armed")
        if any(k > head.last for k in camps):
            found.add("civilian")  # "attacked Otash camp": where displaced people live
        # "advanced into the village of X": ground gained on the front, no village
        # attacked (ACLED codes front-line advances as battles)
        if not head.definition.advance \
                and self.civilian_objects.any_in(clause.norms, first, clause.stop):
            found.add("civilian")
        return found

    def _tolls(self, clause: Clause, roles: Roles) -> list[Toll]:
        if not any(c.kind in ("kill", "civilian_harm") for c in clause.cues):
            return []
        text = clause.facts.text
        # the clause's own "according to", its own speaker's words, then the sentence's
        # ("8 soldiers died, according to the army; JNIM put the toll at 27"); who is named
        # after "according to" is read below, not as a speaker
        according = ACCORDING.search(text, clause.start, clause.end)
        speakers = [a for a in roles.speakers if according is None
                    or not according.start() <= a.start < according.end()]
        speaker = speakers[0].actor if speakers else None
        claimant = None
        if speaker is not None and (is_demonstrator(speaker)
                                    or speaker.kind is ActorKind.CIVILIANS):
            # "according to activists", "residents said": a source, not a side
            claimant, speaker = speakers[0].text, None
        if speaker is None and clause.tail is not None:
            claimant = text[clause.tail[0]:clause.tail[1]].strip()
        end = clause.tail[0] if clause.tail else clause.end
        if speaker is None and claimant is None and according is None and not speakers:
            speaker, claimant = self._said_by(clause, end)
            if speaker is None and claimant is None:
                according = ACCORDING.search(text, clause.sentence.start, clause.sentence.end)
        if speaker is None and according is not None:
            claimant = according.group("who").strip()
            # "according to the army": the actor named there (not a common noun alone, not
            # a word of an organisation's name: "the Sudan Doctors Network") gives it
            who_end = according.start("who") + len(according.group("who").rstrip())
            speaker = next((a.actor for a in clause.actors
                            if according.start("who") <= a.start and a.end == who_end
                            and not is_generic(a.actor)), None)
            claimant = None if speaker is not None else claimant
        claims = [Claim(a.start, None, a.text) if is_demonstrator(a.actor)
                  or a.actor.kind is ActorKind.CIVILIANS else Claim(a.start, a.actor, None)
                  for a in speakers]
        return self.tolls.read(text, clause.start, end, speaker, claimant, claims,
                               clause.sentence.start)

    def _said_by(self, clause: Clause, end: int) -> tuple[ActorDef | None, str | None]:
        """Who gives a clause's figures when no actor is its speaker: the words opening it
        ("The Ukrainian General Staff said ...") or closing it ("..., Governor X said."),
        the actor when they name one; not a count ("Forty said dead")."""
        text = clause.facts.text
        said = SUBJECT_SAID.match(text, clause.start, end) or \
            SAID_AT_END.search(text, clause.start, end)
        if said is None:
            return None, None
        who = said.group("who").removeprefix("The ")
        numbers, vague = self.tolls.numbers, self.tolls.vague
        if any(w[0].isdigit() or w.lower() in numbers or w.lower() in vague
               for w in who.split()):
            return None, None
        # "The KIA said ...", read as who acted: the actor is the source
        speaker = next((a.actor for a in clause.actors
                        if a.start >= said.start("who") and a.end == said.end("who")
                        and not is_generic(a.actor)), None)
        return (speaker, None) if speaker is not None else (None, who)

    # -- one incident -------------------------------------------------------------------

    def _demonstrators(self, event_type: str, agents: list[ActorDef], targets: list[ActorDef],
                       location: Location | None) -> tuple[list[ActorDef], list[ActorDef]]:
        """Protests and riots are made by protesters or rioters, named or not (as ACLED):
        the crowd acts; "police clashed with students" puts the police opposite it."""
        if event_type not in ("Protests", "Riots") or self.national is None:
            return agents, targets
        code = location.place.country_code if location else None
        entry = self.index.country(code) if code else None
        key = "protesters" if event_type == "Protests" else "rioters"
        crowd = self.national(key, code, entry.name if entry else None)
        if any(is_demonstrator(a) for a in agents):
            # "supporters clashed with police": in a riot the protesters are rioters; the
            # state's forces acting in a clause of their own ("protesters blocked the road;
            # police used tear gas") stand opposite the crowd
            forces = [a for a in agents if a.kind is ActorKind.ARMED_FORCES]
            return [crowd if is_demonstrator(a) else a for a in agents if a not in forces], \
                [*targets, *(a for a in forces if a not in targets)]
        if any(a.kind is ActorKind.CIVILIANS for a in agents) \
                or not any(a.kind is ActorKind.CIVILIANS for a in targets):
            # "rioted after one of them was shot by a soldier": the state's forces stand
            # opposite the crowd
            forces = [a for a in agents if a.kind is ActorKind.ARMED_FORCES]
            return [crowd, *(a for a in agents if a.kind is not ActorKind.CIVILIANS
                             and a not in forces)], [*targets, *forces]
        return [crowd], [*agents, *(a for a in targets if a.kind is not ActorKind.CIVILIANS)]

    def _states_at_war(self, event_type: str, agents: list[ActorDef],
                       targets: list[ActorDef], home: str | None,
                       ) -> tuple[list[ActorDef], list[ActorDef]]:
        """A country as a party of violence: beside its own forces it is only the place or
        the same side told twice ("attacked Congolese army positions near Sake in the
        DRC"): dropped; the country the battle is fought in, against a non-state armed
        group, is the state's forces that fought ("M23 clashed with the DRC", "attacked a
        Myanmar military position"), as ACLED codes them. Another country (a border
        named, a foreign state) is left as it is."""
        if event_type not in _STATE_FORCE_TYPES:
            return agents, targets
        forces = {a.country_code for a in agents + targets
                  if a.kind is ActorKind.ARMED_FORCES and a.country_code}

        def side(mine: list[ActorDef], other: list[ActorDef]) -> list[ActorDef]:
            kept = []
            for actor in mine:
                code = actor.country_code
                if actor.kind is ActorKind.STATE and code:
                    if code in forces:
                        continue
                    if event_type == "Battles" and code == home and self.national is not None \
                            and any(o.kind in _NON_STATE_ARMED for o in other):
                        entry = self.index.country(code)
                        actor = replace(self.national("state_forces", code,
                                                      entry.name if entry else code),
                                        generic=None)
                kept.append(actor)
            return list(dict.fromkeys(kept))

        return side(agents, targets), side(targets, agents)

    def _rehome_claim(self, toll: Toll, code: str) -> Toll:
        if toll.claimed_by is None:
            return toll
        return replace(toll, claimed_by=self._rehome([toll.claimed_by], code)[0])

    def _rehome(self, actors: list[ActorDef], code: str) -> list[ActorDef]:
        """Unnamed soldiers, police, civilians and protesters belong to the country where
        the event happened."""
        if self.national is None:
            return actors
        entry = self.index.country(code)
        name = entry.name if entry else code
        return list(dict.fromkeys(
            self.national(a.generic or "", code, name)
            if is_national(a) and a.country_code != code else a for a in actors))

    def _armed_before_speech(self, clause: Clause, head: Cue) -> list[ActorDef]:
        """The armed actors named before the clause's first word of speech ("HTS and other
        armed factions announced ... that they were dissolving")."""
        said = next((k for k in range(clause.first, head.first)
                     if clause.norms[k] in self.checks.speech), None)
        if said is None:
            return []
        return [a.actor for a in clause.actors if a.actor.kind in ARMED_KINDS
                and clause.facts.token_at(a.start) < said]

    def _unharmed(self, mentions: list[Mention], facts: TextFacts) -> bool:
        """The incident's sentences, or the one after them, say no one was hurt ("...
        burned the police station. The officers had left; no one was hurt.")."""
        first = mentions[0].clause.sentence.start
        last = max(m.clause.sentence.end for m in mentions)
        following = _SENTENCE_END.search(facts.text, last + 1)
        stop = following.end() if following else len(facts.text)
        return self.harm_denials.any_in(facts.norms, facts.token_at(first),
                                        facts.token_at(stop))

    def _taken_unopposed(self, mentions: list[Mention], cues: list[Cue]) -> bool:
        """Territory taken with no fighting told and the other side gone ("took control
        of Merawi town after the ENDF withdrew"): a non-violent transfer (ACLED)."""
        kinds = {c.kind for c in cues}
        return "capture" in kinds and not kinds & _FIGHTING_KINDS and any(
            self.unopposed.any_in(m.clause.norms, m.clause.first, m.clause.stop)
            for m in mentions)

    def _record(self, incident: Incident, facts: TextFacts) -> EventRecord:
        mentions = incident.main
        # what happened before it ("the RSF had taken the state in December") is no cue
        cues = [c for m in mentions for c in m.cues if not c.background] or \
            [c for m in mentions for c in m.cues]
        # nor, when the incident itself harmed no one, the violence it points at ("arrested
        # 3 suspects following the killing of a chief": the arrest); deaths "after shelling"
        # keep the shelling as their cause
        told = [c for c in cues if not c.reference]
        if told and len(told) < len(cues) and not any(c.violent or c.kind == "wound"
                                                      for c in told):
            cues = told
        elif any(c.violent and c.kind not in _HARM_KINDS for c in told):
            # nor the acts it points at when its own act is told ("opened fire on a family
            # ... Prosecutors linked the attack to the fighting between two factions"); its
            # deaths stay ("seized the town after the army retreated, killing three")
            cues = [c for c in cues if not c.reference or c.kind in _HARM_KINDS]
        agents, targets = _parties(mentions)
        victims = set().union(*(m.victims for m in mentions))
        # what a later sentence names as hit counts when it tells violence itself
        # ("peacekeepers deployed to the camp the next morning" hit no military camp)
        objects = set().union(*(m.objects for k, m in enumerate(mentions)
                                if k == 0 or any(c.violent for c in m.cues)))
        remote_later = _remote_later(mentions[0], cues)
        clashed = any(c.kind == "clash" and facts.norms[c.first].startswith(_CLASH_WORDS)
                      for c in cues)
        event_type, sub_type = classify(cues, agents, targets, victims, objects,
                                        remote_later=remote_later, clashed=clashed,
                                        unharmed={c.kind for c in cues} == {"looting"}
                                        and self._unharmed(mentions, facts))
        if self._taken_unopposed(mentions, cues):
            event_type, sub_type = "Strategic developments", "Non-violent transfer of territory"
        sources = [t.claimed_by for m in mentions for t in m.tolls if t.claimed_by]
        location = self.locator.refined(incident.location, targets, agents,
                                        facts.main_country, sources)
        acted_upon: set[str] = set()
        if location is not None and location.place.country_code:
            code = location.place.country_code
            agents = self._rehome(agents, code)
            targets = self._rehome(targets, code)
            # "JNIM ambushed a FAMa convoy. The army said it killed 15 assailants": the
            # army (FAMa once rehomed) stays the side the first sentence says was attacked
            if {a.id for a in agents} & {a.id for a in targets}:
                acted_upon = {a.id for a in self._rehome(mentions[0].targets, code)} - \
                    {a.id for a in self._rehome(mentions[0].agents, code)}
        agents = [a for a in agents if a.id not in acted_upon]
        agents, targets = self._demonstrators(event_type, agents, targets, location)
        agents, targets = self._states_at_war(
            event_type, agents, targets,
            location.place.country_code if location is not None else None)
        if event_type == "Battles" and any(a.kind in ARMED_KINDS for a in targets):
            # "attacked civilians and soldiers": a battle is fought between armed sides;
            # the civilians it harmed are in its toll, not a party (ACLED)
            targets = [a for a in targets if a.kind is not ActorKind.CIVILIANS]
        agents = _by_id(agents)
        targets = [a for a in _by_id(targets) if a.id not in {b.id for b in agents}]
        tolls = [t for m in mentions for t in m.tolls
                 if not (m.found_later and event_type in ("Protests", "Riots"))]
        if location is not None and location.place.country_code:
            tolls = [self._rehome_claim(t, location.place.country_code) for t in tolls]
        figure = combine(tolls)
        evidence = sorted({(m.clause.sentence.start, m.clause.sentence.end) for m in mentions})
        first = (mentions[0].clause.sentence.start, mentions[0].clause.sentence.end)
        when = incident.when
        return EventRecord(
            facts.text[first[0]:first[1]], first[0], first[1], event_type, sub_type,
            when.date if when else None, when.precision if when else None, location,
            agents, targets, when.date_end if when else None, figure.best, figure.low,
            figure.high, figure.claimed_by, tolls, evidence)


_CLAIM_VERBS = frozenset({"claimed", "claims"})
_CLAIM_FILLERS = frozenset({"has", "have", "later", "also", "quickly", "reportedly"})
_CLAIMED_DEEDS = frozenset({"attack", "attacks", "bombing", "bombings", "blast",
                            "explosion", "killing", "killings", "assault", "ambush", "raid",
                            "strike", "abduction", "kidnapping", "assassination", "massacre",
                            "operation"})


def _claimed_responsibility(facts: TextFacts, sentences: list[Sentence],
                            events: list[EventRecord]) -> None:
    """"... killing two police officers. TTP claimed responsibility.": the armed group
    that claims the incident told just before is who acted (its sentence is evidence);
    one blamed for it ("residents blamed Dozo militiamen for the killings") too, where
    the text names no one else who acted."""
    # the last event (in list order) starting at or before an offset is the last whose
    # suffix minimum of starts is at or before it: found by bisection, not by reading
    # every event for each armed group named (so too the sentence holding the offset)
    lowest, low = [], len(facts.text) + 1
    for event in reversed(events):
        low = min(low, event.start)
        lowest.append(low)
    lowest.reverse()
    sentence_starts = [s.start for s in sentences]
    for mention in facts.actors:
        if mention.actor.kind not in ARMED_KINDS or is_generic(mention.actor):
            continue  # asked first: most actors are no armed group
        claimed = _claims_incident(facts.norms, facts.token_at(mention.end))
        if not claimed and not _blamed(facts, facts.token_at(mention.start),
                                       facts.token_at(mention.end)):
            continue
        k = bisect.bisect_right(lowest, mention.start) - 1
        if k < 0 or mention.actor in events[k].actor1:
            continue
        event = events[k]
        if not claimed and any(not is_generic(a) for a in event.actor1):
            continue  # blame never overrides who the text says acted
        event.actor1 = [mention.actor, *(a for a in event.actor1 if not is_generic(a))]
        event.actor2 = [a for a in event.actor2 if a != mention.actor]
        k = bisect.bisect_right(sentence_starts, mention.start) - 1
        sentence = sentences[k] if k >= 0 and mention.start < sentences[k].end else None
        if sentence is not None and (sentence.start, sentence.end) not in event.evidence:
            event.evidence = sorted([*event.evidence, (sentence.start, sentence.end)])


_BLAME_VERBS = frozenset({"blamed", "blame", "blames", "accused", "accuse", "accuses"})


def _blamed(facts: TextFacts, first: int, stop: int) -> bool:
    """The actor at ``norms[first:stop]`` is blamed for the incident told before: "local
    sources blamed Dozo militiamen for the killings", "accused the RSF of the attack";
    or suspected or accused with nothing after it in its clause ("Residents suspected
    JNIM, which is active in the area", "officials accused the SDF, which denied it")."""
    norms = facts.norms
    k = first - 1
    if k >= 0 and norms[k] in ("the", "suspected"):
        k -= 1
    k = _before_part_of(facts, k)  # "blamed insurgents of the BRN"
    while stop < len(norms) and norms[stop] in _GROUP_NOUNS:
        stop += 1  # "Dozo militiamen", "JNIM fighters"
    if k >= 0 and norms[k] in _BLAME_VERBS and stop < len(norms) \
            and norms[stop] in ("for", "of"):
        return True
    k = first - 1 - (first >= 1 and norms[first - 1] == "the")
    if k >= 1 and norms[k] in ("to", "on") \
            and not _ATTRIBUTING.isdisjoint(norms[max(0, k - 4):k]):
        return True  # "sources attributed the device to IS Sahel", "blamed the raid on X"
    end = facts.tokens[stop - 1].end
    acronym = _BRACKETED_ACRONYM.match(facts.text, end)  # "... Nasional (BRN)."
    if acronym is not None:
        end = acronym.end()
    k = _before_part_of(facts, k)  # "blamed insurgents of the BRN."
    return k >= 0 and norms[k] in _SUSPICION_VERBS and \
        facts.text[end:end + 1] in _CLAUSE_ENDS


def _before_part_of(facts: TextFacts, k: int) -> int:
    """The token before "insurgents of", "the Jaime Martinez front of" when ``k`` is that
    "of": the group's fighters or one of its parts, named or not, are the group blamed;
    else ``k``."""
    norms, tokens = facts.norms, facts.tokens
    if k < 1 or norms[k] != "of" or norms[k - 1] not in _GROUP_NOUNS | _GROUP_PARTS:
        return k
    j = k - 2
    while j >= 0 and k - j <= 5 and tokens[j].capitalised and norms[j] not in _BLAME_VERBS:
        j -= 1  # "the Jaime Martinez front"
    if j >= 0 and norms[j] == "the":
        j -= 1
    return j


_GROUP_PARTS = frozenset({"front", "faction", "wing", "unit", "branch", "cell", "column",
                          "brigade", "battalion", "bloc", "structure"})
_SUSPICION_VERBS = _BLAME_VERBS | {"suspected", "suspect", "suspects"}
_BRACKETED_ACRONYM = re.compile(r" \([A-Z][A-Za-z0-9-]{1,9}\)")
_ATTRIBUTING = frozenset({"attributed", "attributes", "attributing", "ascribed", "blamed",
                          "blames", "blaming"})
_CLAUSE_ENDS = frozenset({",", ".", ";", ""})
_GROUP_NOUNS = frozenset({"militants", "militiamen", "militia", "fighters", "rebels",
                          "members", "forces", "troops", "soldiers", "hunters", "elements",
                          "insurgents", "jihadists", "guerrillas", "separatists"})


def _claims_incident(norms: list[str], k: int) -> bool:
    """The words at ``k`` claim an incident: "claimed responsibility", "has claimed the
    attack", "later claimed the bombing" (not "claimed the town", "claimed victory")."""
    while k < len(norms) and norms[k] in _CLAIM_FILLERS:
        k += 1
    if k + 1 >= len(norms) or norms[k] not in _CLAIM_VERBS:
        return False
    after = norms[k + 1]
    return after == "responsibility" or (
        after in ("the", "this", "that") and k + 2 < len(norms)
        and norms[k + 2] in _CLAIMED_DEEDS)


_CROWD_COUNTS = frozenset({"thousands", "hundreds", "dozens", "scores", "tens", "several",
                           "many", "some", "about", "around", "over", "nearly", "up"})


def _next_told(incidents: list[Incident], end: int) -> list[int]:
    """For each incident, the first sentence start of every incident after it (``end``
    after the last): read once from the back, not once per incident (a long retelling
    read every later incident's sentences for each undated one)."""
    stops = []
    stop = end
    for incident in reversed(incidents):
        stops.append(stop)
        stop = min(stop, *(m.clause.sentence.start for m in incident.mentions))
    stops.reverse()
    return stops


def _dated_later(incident: Incident, stop: int, facts: TextFacts,
                 paragraphs: _Paragraphs) -> None:
    """"Thousands of teachers marched through Oaxaca. They blocked the airport road on
    Thursday.": an incident its own sentences give no date takes the day a later sentence
    of its paragraph gives (at most two on, no line break between) when that sentence
    tells no incident of its own, before ``stop`` (the first sentence of the incidents
    after it)."""
    end = max(m.clause.sentence.end for m in incident.mentions)
    for sentence in paragraphs.between(end, stop)[:_PARAGRAPH_REACH]:
        if "\n" in facts.text[end:sentence.start] or sentence.start in paragraphs.told:
            return
        days = [d for d in paragraphs.dates_in(sentence) if d.precision is DatePrecision.DAY]
        if days:
            incident.when = days[0]
            return
        end = sentence.end


def _rose_over(clause: Clause, cues: list[Cue], harm: Cue) -> bool:
    """"youths burned a police post after officers shot dead a vendor", "rioted, a day
    after a young man died in police custody": a death told after "after", right after a
    crowd's own act in the clause, is what the crowd rose over, no toll of its own."""
    norms, text = clause.norms, clause.facts.text
    for k in range(harm.first - 1, max(clause.first, harm.first - _AFTER_REACH) - 1, -1):
        if norms[k] == "after":
            break
    else:
        return False
    if _CLAUSE_MARKS.search(text, clause.tokens[k].end, harm.start) is not None:
        return False  # "marched after the rally, and police killed two": another act
    return any(c.kind in _CROWD_ACTS and c.last < k for c in cues)


def _remote_later(main: Mention, cues: list[Cue]) -> bool:
    """The main sentence tells a ground attack on armed forces by someone named ("JNIM
    stormed an army camp"; not "soldiers killed", "killed in an attack on a convoy", which
    a later line may tell was shelling or a mine), the weapons used from afar come only in
    later sentences (the other side's response)."""
    return bool(main.agents) and any(c.kind == "attack" and not c.nominal for c in main.cues) \
        and not any(c.kind == "remote" for c in main.cues) \
        and any(c.kind == "remote" for c in cues) and "civilian" not in main.victims \
        and (any(a.kind in ARMED_KINDS for a in main.targets) or "armed" in main.objects
             or "armed" in main.victims)


_CLASH_WORDS = ("clash", "scuffl")  # "clashed", "clashes", "scuffled": a crowd's too


def _crowds_clashing(clause: Clause, cue: Cue) -> bool:
    """"Opposition supporters clashed with ruling party supporters": two crowds fighting
    (ACLED: mob violence), told by a clash word and two crowds named."""
    crowds = [a for a in clause.actors if is_demonstrator(a.actor)]
    # "Supporters of A and B clashed", "supporters clashed with police": a crowd that
    # clashes (the clause names no armed side, or it would be armed already; a clash word
    # proper: "activists fight for rights" is no fight)
    return cue.kind == "clash" and (
        len(crowds) >= 2 or (clause.norms[cue.first].startswith(_CLASH_WORDS)
                             and any(a.end <= cue.start for a in crowds)))


def _crowd_attacking(clause: Clause, cue: Cue) -> bool:
    """"Protesters attacked two embassies": a crowd the subject of an attack word (a
    violent demonstration, ACLED), the crowd just before the verb."""
    if cue.kind != "attack" or clause.norms[cue.first] not in _CROWD_ATTACK_WORDS:
        return False
    start = clause.tokens[max(clause.first, cue.first - _CROWD_SUBJECT_REACH)].start
    return any(is_demonstrator(a.actor) and start <= a.start and a.end <= cue.start
               for a in clause.actors)


_CROWD_ATTACK_WORDS = frozenset({"attacked", "attacking", "assaulted", "raided"})
_CROWD_SUBJECT_REACH = 4  # "protesters on Tuesday attacked"


def _a_year(word: str) -> bool:
    return len(word) == 4 and word.isdecimal() and word[:2] in ("19", "20")


def _city_before(clause: Clause) -> Location | None:
    """"Three civilians were shot in the city": "the city" ("the town") names no town of
    its own; it is the town the text named last before the clause (not the dateline's,
    where the story was filed)."""
    norms = clause.norms
    phrase = next((k for k in range(clause.first + 1, clause.stop - 1)
                   if norms[k - 1] in _IN_WORDS and norms[k] == "the"
                   and norms[k + 1] in _TOWN_WORDS
                   and (k + 2 >= clause.stop or norms[k + 2] != "of")), None)
    if phrase is None:
        return None
    facts = clause.facts
    filed, filed_end = facts.dateline
    # the last such town, read back from the clause (places are in text order; one
    # ending before the clause starts before it)
    before = bisect.bisect_left(facts.place_starts(), clause.start)
    town = next((p for p in reversed(facts.places[:before]) if p.end <= clause.start
                 and p.place is not None and p.via == "name"
                 and p.place.kind is PlaceKind.POPULATED_PLACE
                 and not filed <= p.start < filed_end), None)
    if town is None:
        return None
    assert town.place is not None
    tokens = clause.tokens
    return Location(town.place, town.place.precision, facts.text[
        tokens[phrase].start:tokens[phrase + 1].end], tokens[phrase].start,
        tokens[phrase + 1].end, "named")


_IN_WORDS = frozenset({"in", "inside", "across", "around"})
_TOWN_WORDS = frozenset({"city", "town"})


def _to_death(clause: Clause, cue: Cue) -> bool:
    """"hacked 9 residents to death", "beat him to death": the death ends the violent
    verb before it, which tells the event (and who did it to whom)."""
    if cue.kind != "kill" or cue.first <= clause.first or clause.norms[cue.first - 1] != "to":
        return False
    return any(c.violent and c.kind != "kill" and cue.first - _TO_DEATH_REACH <= c.first
               < cue.first for c in clause.cues)


def _display(clause: Clause, cue: Cue) -> bool:
    """"a demonstration of aggression", "of force": a display, not a protest (a
    demonstration of students, of thousands, is one)."""
    norms, k = clause.norms, cue.last + 1
    if k + 1 >= clause.stop or norms[k] != "of" or norms[cue.last] not in (
            "demonstration", "demonstrations"):
        return False
    start = clause.tokens[k + 1].start
    return not (norms[k + 1] in _CROWD_COUNTS or norms[k + 1].isdigit()
                or any(a.start == start for a in clause.actors))


def _labelled(event: EventRecord, labels: list[Location]) -> EventRecord:
    """An event known only to an area takes the text's location tag inside that area."""
    location = event.location
    if location is not None and location.precision <= Precision.ADM2:
        return event
    for label in labels:
        if location is None or _label_fits(label.place, location.place):
            event.location = label
            return event
    return event


def _label_fits(town: Place, area: Place) -> bool:
    """A tag inside the event's area: its country, region, province or part of a country
    ("Donetsk region" and a tag "Shumy" read as a Crimean village: not that village)."""
    if area.kind in (PlaceKind.COUNTRY, PlaceKind.REGION, PlaceKind.ADMIN1):
        return area_holds(area, town)
    return town.country_code == area.country_code


def _head(cues: list[Cue], clause: Clause) -> Cue:
    """The cue that frames the clause's event: the first violent word reporting a new
    incident, else the first demonstration, development or reference; a verb before a
    noun, and a weapon that names an actor ("Russian drones") last."""
    inside = {c.start for c in cues for a in clause.actors if a.start <= c.start < a.end}
    main = [c for c in cues if not c.reference and c.start not in inside] or \
        [c for c in cues if not c.reference] or [c for c in cues if c.background]
    for group in ([c for c in main if c.violent and not c.definition.needs_armed],
                  [c for c in main if c.violent],
                  [c for c in main if c.kind in DEMONSTRATION_CUES],
                  main, cues):
        if group:
            verbs = [c for c in group if not c.nominal]
            return (verbs or group)[0]  # "the latest coup ..., X swept into power"
    return cues[0]


def _defs(mentions: list[ActorMention], named_only: bool) -> list[ActorDef]:
    actors = [m.actor for m in mentions]
    if named_only:
        actors = [a for a in actors if a.generic is None]
    return list(dict.fromkeys(actors))


def _by_id(actors: list[ActorDef]) -> list[ActorDef]:
    """One actor per id, first come first kept."""
    seen: set[str] = set()
    kept = []
    for actor in actors:
        if actor.id not in seen:
            seen.add(actor.id)
            kept.append(actor)
    return kept


def _own_fighters(agents: list[ActorDef], targets: list[ActorDef],
                  speakers: list[ActorMention]) -> tuple[list[ActorDef], list[ActorDef]]:
    """"DPR says 7 militiamen killed", "... kills militiaman - DPR command": the unnamed
    fighters are the named armed group that reports them."""
    groups = [s.actor for s in speakers if s.actor.kind in (ActorKind.ARMED_GROUP,
                                                            ActorKind.MILITIA)
              and not is_generic(s.actor)]
    if not groups:
        return agents, targets

    def named(side: list[ActorDef]) -> list[ActorDef]:
        swapped = [groups[0] if is_generic(a) and a.kind in ARMED_KINDS else a for a in side]
        return list(dict.fromkeys(swapped))

    return named(agents), named(targets)


def _their_bodies(clause: Clause, cues: list[Cue]) -> bool:
    """The clause opens on the bodies of people told of before ("Their bodies", "his
    body") and tells nothing but their finding."""
    norms, first = clause.norms, clause.first
    return first + 1 < clause.stop and norms[first] in _THEIR \
        and norms[first + 1] in _BODY_WORDS \
        and all(c.definition.body or norms[c.first] in _BODY_WORDS for c in cues
                if c.kind in _DEAD_KINDS or c.violent)


def _parties(mentions: list[Mention]) -> tuple[list[ActorDef], list[ActorDef]]:
    """Who acted and who was acted upon across the incident; an unnamed group brought
    in by a later sentence is left out when a named one holds the same side."""
    # each side once, in order of first mention: an incident retold in thousands of
    # sentences grew its lists by a copy per sentence, each searched in turn (quadratic)
    agents: dict[ActorDef, None] = {}
    targets: dict[ActorDef, None] = {}
    for number, mention in enumerate(mentions):
        for actor in mention.agents:
            if actor not in agents and actor not in targets and _keep(actor, agents, number):
                agents[actor] = None
        for actor in mention.targets:
            if actor not in targets and actor not in agents and _keep(actor, targets, number):
                targets[actor] = None
    return _without_parents(list(agents)), _without_parents(list(targets))


def _without_parents(side: list[ActorDef]) -> list[ActorDef]:
    """"FARC dissidents of the EMC": a group named beside its own branch is the branch."""
    if len(side) < 2:
        return side
    parents = {a.affiliation for a in side if a.affiliation}
    return [a for a in side if a.id not in parents] if parents else side


def _keep(actor: ActorDef, side: Collection[ActorDef], number: int) -> bool:
    if number == 0 or not is_generic(actor):
        return True
    return not any(not is_generic(a) and a.kind in ARMED_KINDS for a in side)


_NOT_VIOLENT = frozenset({"cyber", "verbal", "rhetorical", "legal", "political", "personal"})


def _person_shot(clause: Clause, cue: Cue) -> bool:
    """"A teacher was shot near Zaria": people named right before a passive "was shot"
    (not "the film was shot in Morocco")."""
    if clause.norms[cue.first] not in ("was", "were"):
        return False
    return any(clause.actor_tokens(a)[1] == cue.first for a in clause.actors)


def _war_of_a_land(clause: Clause, cue: Cue) -> bool:
    """"renewed eastern Ukraine fighting", "Donbas clashes": fighting named after the
    country or region it rages in (a country, part or province, not a town or an office)."""
    if cue.kind != "clash" or cue.first == 0:
        return False
    end = clause.tokens[cue.first - 1].end
    return any(m.place is not None and m.place.kind in _LANDS
               for m in clause.facts.places_ending(end))


_LANDS = frozenset({PlaceKind.COUNTRY, PlaceKind.REGION, PlaceKind.ADMIN1})
# the words before a place that put fighting close by it
_NEAR_ONE = frozenset({"near", "around", "outside"})
_NEAR_TWO = (["outskirts", "of"], ["vicinity", "of"], ["close", "to"], ["environs", "of"])


def _fighting_near_a_place(clause: Clause, cue: Cue) -> bool:
    """"Fighting took place near Robotyne", "clashes were reported in the vicinity of
    Kidal": fighting set near a place the gazetteer knows is fighting though no side is
    named (not "clashes erupted in parliament", nor "near the stadium": no place)."""
    if cue.kind != "clash":
        return False
    norms = clause.norms
    after = [k + 1 for k in range(cue.last + 1, clause.stop - 1)
             if norms[k] in _NEAR_ONE or norms[k - 1:k + 1] in _NEAR_TWO]
    facts = clause.facts
    return any(m.place is not None and m.place.kind is not PlaceKind.COUNTRY
               and not m.affiliation for k in after for m in facts.places_at_token(k))


_STRIKE_WORDS = frozenset({"strike", "strikes"})
_SCENE_NOUNS = frozenset({"area", "scene", "site", "spot", "vicinity", "locality"})
# Cues whose nouns name things shown, sold or held as well as incidents: shells, aircraft,
# demonstrations (not "fighting", "attacks": "fighting and displacement" tells violence)
_LISTED_KINDS = frozenset({"remote", "protest"})
_LIST_WORDS = frozenset({"and", "or", "etc"})
_LIST_REACH = 6  # words from the listed noun to the list's "and"
_SURROUND = frozenset({"surround", "surrounded", "surrounding", "encircled", "encircle",
                       "encircling"})
_BY_REACH = 4  # words after "by" that may name who surrounded ("by heavily armed men")
_OF_REACH = 2  # words after "of" (and its article) that name what the cue's noun is of
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that",
                          "these", "those", "our", "some"})


def _inside_a_name(clause: Clause, cue: Cue) -> bool:
    """A capitalised cue word inside a name, before another of its capitalised words ("the
    Northern Rocket Society", "the Bomb Disposal Museum"): the name of a place or a body,
    not an act. Not at the sentence's start, nor in a headline in capitals or in title
    case; a name that ends on the word ("the Glencoe Massacre") tells the incident."""
    tokens = clause.tokens
    k = cue.last + 1
    if k >= clause.stop or cue.first == clause.facts.token_at(clause.sentence.start):
        return False
    word, after = tokens[cue.first], tokens[k]
    if not (word.capitalised and after.capitalised and not word.surface.isupper()
            and not after.surface.isupper()
            and clause.facts.text[tokens[cue.last].end:after.start] == " "):
        return False
    # a headline in title case ("Rockets Hit Kharkiv Suburbs") capitalises every word:
    # a sentence with no lower-case word longer than three letters is one
    first = clause.facts.token_at(clause.sentence.start)
    stop = clause.facts.token_at(clause.sentence.end)
    return any(not t.capitalised and len(t.surface) > 3 and t.surface.isalpha()
               for t in tokens[first:stop])


def _list_item(text: str, tokens: list[Token], k: int, step: int, first: int,
               stop: int) -> int | None:
    """The item of a list next to the token ``k`` (before it for ``step`` -1, after it for
    1): across a comma, "and" or "or"; None when ``k`` is no list item on that side."""
    j = k + step
    if not first <= j < stop:
        return None
    if tokens[j].norm in ("and", "or"):
        j += step
        return j if first <= j < stop else None
    gap = text[tokens[min(k, j)].end:tokens[max(k, j)].start].strip()
    return j if gap == "," else None


def _to_the_scene(clause: Clause, cue: Cue) -> bool:
    """"Police deployed to the area the following day", "troops moved into the scene": the
    response to an incident, no territory changing hands (ACLED codes none)."""
    k = cue.last + 1
    return k + 1 < clause.stop and clause.norms[k] == "the" \
        and clause.norms[k + 1] in _SCENE_NOUNS \
        and (k + 2 >= clause.stop or clause.norms[k + 2] != "of")


def _labour_strike(clause: Clause, cue: Cue) -> bool:
    """"Police broke up strikes by miners", "a strike by teachers": a stoppage of work,
    not a strike from the air (whose actor is an army, not the police alone)."""
    armed = [a for a in clause.actors if a.actor.kind in ARMED_KINDS]
    if armed and all(a.actor.id.startswith("police-") for a in armed):
        return True
    k = cue.last + 1
    if k + 1 < clause.stop and clause.norms[k] == "by":
        start = clause.tokens[k + 1].start
        return not any(a.start <= start < a.end and a.actor.kind in ARMED_KINDS
                       for a in clause.actors)
    return False
_AFTER_TAKEN = frozenset({"from", "after", "on", "in", "near", "and", "without",
                          "following", "during", "before", "by", "with", "at", "town",
                          "village", "city", "locality", "area"})
_TAKEN_NOUNS = frozenset({"town", "village", "city", "locality", "area", "base", "camp",
                          "positions", "position", "headquarters", "district", "airport",
                          "garrison", "outpost", "checkpoint", "border", "crossing"})


_TAKEN_NOUN_REACH = 3  # "the last army battalion headquarters": three words before the noun
# words that end a qualifying phrase before a taken noun ("took part in", "seized 2 tons of")
_NOT_QUALIFIERS = frozenset({"part", "in", "on", "at", "of", "from", "to", "for", "with", "and",
                             "or", "by", "as", "control", "power", "place", "tons", "kg"})
_TRANSFER_REACH = 3
_CARRIER_REACH = 10  # "tear gas shells, some of them dropped from drones"
_MOB_HARM = frozenset({"kill", "wound", "civilian_harm"})
_CAPTIVES_REACH = 4  # "exchanged 390 prisoners", "swapped the bodies of"
_FOUND = frozenset({"found", "discovered", "recovered", "retrieved", "exhumed", "unearthed"})
_FOUND_BEFORE = 3
_FOUND_AFTER = 12


def _found(clause: Clause, cue: Cue) -> bool:
    """A body found: "police found the body of a trader", "the bodies of four herders
    were discovered", "Body found near Gao"; a verb of finding before the body word, after
    it in the passive, or right after it before a place (not "the electoral body found
    irregularities")."""
    norms = clause.norms
    if not _FOUND.isdisjoint(norms[max(clause.first, cue.first - _FOUND_BEFORE):cue.first]):
        return True
    k = cue.last + 1
    if k < clause.stop and norms[k] in _FOUND:  # a title: "Body found near Gao"
        return k + 1 >= clause.stop or norms[k + 1] in _FOUND_WHERE
    stop = min(clause.stop, cue.last + _FOUND_AFTER)
    return any(norms[k] in _FOUND and norms[k - 1] in _FOUND_BE
               for k in range(cue.last + 2, stop))


_FOUND_BE = frozenset({"was", "were", "been", "being", "is", "are", "later", "reportedly"})
_FOUND_WHERE = frozenset({"near", "in", "at", "on", "outside", "inside", "with", "along",
                          "by", "under", "dead", "floating", "after", "close"})


# words after a verb that say it has no object ("engaged in talks", "engaged with")
_NO_OBJECT = frozenset({"in", "into", "with", "on", "to", "at", "for", "by", "as", "and",
                        "or", "that", "over"})


def _place_follows(clause: Clause, cue: Cue) -> bool:
    """A place right after a verb of taking: a name the text reads as a place ("seized
    Kalembe") or a settlement or military noun ("took the town of", "occupied the base")."""
    k = cue.last + 1
    while k < clause.stop and clause.norms[k] in ("the", "a", "an", "control", "of", "over",
                                                  "full", "most", "part", "parts", "key"):
        k += 1
    if k >= clause.stop:
        return False
    if clause.norms[k] in _TAKEN_NOUNS or _taken_noun_ahead(clause, k):
        return True
    start = clause.tokens[k].start
    if clause.facts.places_starting(start):
        return True
    # a name no index knows ("seized Kalembe (Walikale, North Kivu) from ..."), not an
    # actor's nor a thing's ("seized AK-47 rifles", "took Reuters equipment")
    if not clause.tokens[k].capitalised or any(a.start == start for a in clause.actors):
        return False
    while k + 1 < clause.stop and clause.tokens[k + 1].capitalised:
        k += 1
    after = clause.facts.text[clause.tokens[k].end:clause.tokens[k].end + 2]
    return after[:1] in ("", ",", ".", ";") or after == " (" or (
        k + 1 < clause.stop and clause.norms[k + 1] in _AFTER_TAKEN | _TAKEN_NOUNS)


def _taken_noun_ahead(clause: Clause, k: int) -> bool:
    """A military or settlement noun after a few lower-case words that qualify it ("seized
    the last army battalion headquarters", "took a key rebel base"), no preposition or
    verb between ("took part in", "seized 2 tons of")."""
    for j in range(k, min(clause.stop, k + _TAKEN_NOUN_REACH + 1)):
        norm = clause.norms[j]
        if norm in _TAKEN_NOUNS:
            return j > k
        if clause.tokens[j].capitalised or not norm.isalpha() or norm in _NOT_QUALIFIERS:
            return False
    return False


# "Around 12 March 2024 (as reported on 15 March)": the day of the report, not the event's
_REPORTED_ON = re.compile(r"\breported(?:\s+on)?\s*$", re.IGNORECASE)
# "against the results of the 9 October elections": a date before a noun names another
# event (the elections), not this one's day
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_NOUN_AFTER = re.compile(r"\s+[a-z]")


def _outside_references(clause: Clause, cues: list[Cue]) -> list[DateMention]:
    """The clause's dates but those of an incident it refers to ("in retaliation for an
    attack on their base on 3 March, soldiers killed ...": 3 March is that attack's) and
    those a report was made on."""
    text = clause.facts.text
    spans = []
    for cue in cues:
        if cue.reference:
            comma = text.find(",", cue.end, clause.end)
            spans.append((cue.end, comma if comma >= 0 else cue.end))
    return [d for d in clause.dates if not any(a <= d.start < b for a, b in spans)
            and not _REPORTED_ON.search(text, max(0, d.start - 20), d.start)
            and not (_THE_BEFORE.search(text, max(0, d.start - 5), d.start)
                     and _NOUN_AFTER.match(text, d.end))]


def _place_tokens(clause: Clause) -> frozenset[int]:
    """The tokens of the clause's place names ("Tank" in "Tank tehsil" is no tank)."""
    return frozenset(k for m in clause.places if m.place is not None
                     for k in range(m.first, m.last + 1))


def _said_of_itself(clause: Clause, head: Cue) -> bool:
    """"... announced that they were dissolving themselves": a pronoun, the speaker, is the
    subject of the change told."""
    before = clause.norms[max(clause.first, head.first - _PRONOUN_REACH):head.first]
    return not _SUBJECT_PRONOUNS.isdisjoint(before)


_SUBJECT_PRONOUNS = frozenset({"they", "it"})
_PRONOUN_REACH = 3  # "they were dissolving", "it would dissolve"


def _fighting_goes_on(clause: Clause, cue: Cue) -> bool:
    """"JNIM militants attacked the FAMa camp ... Fighting lasted four hours.": a clash
    word opening the sentence right after one that names an armed actor goes on telling
    that incident's fighting."""
    if cue.kind != "clash" or cue.first != clause.first \
            or clause.start != clause.sentence.start:
        return False
    facts = clause.facts
    before = facts.full_stop_before(max(0, clause.sentence.start - 2))
    # an armed actor starting between that full stop and the sentence (by bisection: a
    # long retelling asked every actor of the text for each clash word)
    armed = facts.actor_starts(ARMED_KINDS)
    k = bisect.bisect_right(armed, before)
    return k < len(armed) and armed[k] < clause.sentence.start


def _named_camps(clause: Clause) -> frozenset[int]:
    """"Otash camp", "Kalma camp": a camp called by a name that is no actor's is where
    displaced people or refugees live, no military camp ("the FAMa camp", "a military
    camp" are)."""
    tokens = clause.tokens
    return frozenset(k for k in range(clause.first + 1, clause.stop)
                     if clause.norms[k] in _CAMP_WORDS and tokens[k - 1].capitalised
                     and not any(a.start <= tokens[k - 1].start < a.end
                                 for a in clause.actors))


_CAMP_WORDS = frozenset({"camp", "camps"})
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_VICTIMS_REACH = 5  # "lost at least a dozen of its fighters"


def _verb_after_name(clause: Clause, cue: Cue) -> bool:
    """"rebels linked to the Islamic State killed 11": a verb in the past right after a
    name is no noun the name's determiner or a frame before it points back with."""
    k = cue.first
    return cue.first == cue.last and clause.norms[k].endswith("ed") and k > clause.first \
        and clause.tokens[k - 1].capitalised \
        and _CLAUSE_CONJUNCTIONS.isdisjoint(clause.norms[max(clause.first, k - 6):k])


# conjunctions whose clause may hold a verb after a name ("after the Arakan Army captured")
_CLAUSE_CONJUNCTIONS = frozenset({"after", "since", "before", "until", "when", "once",
                                  "following", "amid", "as", "while"})


def _relative_end(clause: Clause, k: int) -> int:
    """Where the relative clause holding token ``k`` ends (", who had besieged the town
    for months, attacked ..."): the comma closing it; the clause's end when ``k`` is in
    none. Past the comma, the main verb is no longer in the past perfect."""
    text, tokens, norms = clause.facts.text, clause.tokens, clause.norms
    j = k - 1
    while j > clause.first and k - j <= 4 and norms[j] not in ("who", "which"):
        j -= 1
    if j <= clause.first or norms[j] not in ("who", "which") \
            or text[tokens[j - 1].end:tokens[j].start].strip() != ",":
        return clause.stop
    for m in range(k + 1, clause.stop):
        if text[tokens[m - 1].end:tokens[m].start].strip() == ",":
            return m
    return clause.stop


def _nearest_date(dates: list[DateMention], position: int) -> DateMention | None:
    if not dates:
        return None
    # a date written out beats a relative one read against the article's date ("On 5
    # March 2024, Russia launched 40 drones overnight")
    return min(dates, key=lambda d: (d.precision is DatePrecision.YEAR,
                                     not any(ch.isdigit() for ch in d.text),
                                     abs(d.start - position)))


def _unique(relations: list[RelationRecord]) -> list[RelationRecord]:
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for r in relations:
        key = (r.source.id, r.target.id, r.kind)
        if key not in seen:
            seen.add(key)
            kept.append(r)
    return kept
