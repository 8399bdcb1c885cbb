"""Relations between actors: their direction and their hedging.

- direction: the subject acts on the object ("Mali severed ties with Ukraine"); a
  passive or a compound turns it round ("Wagner, backed by Moscow", "Russian-backed
  separatists": Russia supports them); "X accused Y of supporting Z" is an accusation
  X -> Y and an alleged support Y -> Z claimed by X;
- hedging: a relation someone says, claims or alleges is *alleged* (support becomes
  ``alleged_support``) and names who says it; one under a denial ("failed to provide
  evidence that Ukraine backed ...") is *denied*;
- "the junta", "the government", "the authorities" stand for the article's main state
  when a relation has no named subject.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from geomap.extract.actor_phrases import is_generic
from geomap.extract.actors import ActorDef, ActorMention
from geomap.extract.clauses import Clause
from geomap.extract.records import RelationRecord
from geomap.extract.rules import EventRules, RelationCueDef
from geomap.model import ActorKind

_GOVERNMENT_WORDS = frozenset({"junta", "government", "authorities", "regime"})
# a denial said by its subject ("a charge the UAE denies"; not "Bamako had failed to
# provide evidence", where the one who failed is not who denies)
_DENIAL_VERBS = frozenset({"denied", "denies", "deny", "rejected", "rejects", "dismissed",
                           "dismisses"})
_EMBEDDED = frozenset({"for", "of"})  # "accused X of supporting Y", "denounced X for ..."
# "the UAE, which it accuses of arming the RSF": a relative word and a subject pronoun
# before the accusation word make the antecedent the accused, the sentence's subject the
# accuser
_RELATIVES = frozenset({"which", "whom", "who", "that"})
_SUBJECT_PRONOUNS = frozenset({"it", "they", "he", "she", "we"})
# "said on Tuesday that it was cutting ties": the pronoun within this many tokens of "said"
_PRONOUN_REACH = 6
_THEN_REACH = 4
_SPEAKER_KINDS = frozenset({ActorKind.PERSON, ActorKind.STATE, ActorKind.GOVERNMENT,
                            ActorKind.INTELLIGENCE_AGENCY, ActorKind.ARMED_FORCES,
                            ActorKind.ORGANISATION, ActorKind.ARMED_GROUP})


@dataclass(slots=True)
class RelationCue:
    """A relation word in a clause: ``[first, stop)`` tokens."""

    definition: RelationCueDef
    first: int
    stop: int


class RelationFinder:
    """Finds the relations a clause states (see the module's documentation)."""

    def __init__(self, rules: EventRules) -> None:
        self.cues = rules.relation_cues
        self.claims = rules.phrases("claim_words")
        self.denials = rules.phrases("denial_words")
        self.speech = rules.words("speech_verbs")

    def relations(self, clause: Clause, main_state: ActorDef | None,
                  told: Sequence[RelationRecord] = ()) -> list[RelationRecord]:
        """The relations of ``clause``, in order; ``told``, the text's relations before
        it, give a denial with no other party in its clause the one it answers ("Kigali
        denied the charge": the charge told before)."""
        found: list[RelationRecord] = []
        cues = self._cues(clause)
        if not cues:
            return found  # most clauses: no relation word, no parties to place
        parties = [(a, *clause.actor_tokens(a)) for a in clause.actors]
        given = _given(clause.norms, cues, parties)
        parties = [p for p in parties if p[1] not in given]
        for cue in cues:
            relation = self._relation(clause, cue, parties, main_state, found)
            if relation is None and cue.definition.kind == "denial":
                relation = self._answer_to(clause, cue, parties, told)
            if relation is not None:
                found.append(relation)
        return found

    def _answer_to(self, clause: Clause, cue: RelationCue,
                   parties: list[tuple[ActorMention, int, int]],
                   told: Sequence[RelationRecord]) -> RelationRecord | None:
        """A denial whose clause names no other party denies to whoever last accused its
        speaker: an accusation's source, or whoever alleged what the speaker is said to
        do."""
        speaker, _ = self._denial(clause, [a for a, _, _ in parties])
        if speaker is None:
            return None
        for earlier in reversed(told):
            accuser = earlier.source if earlier.kind == "accusation" \
                and earlier.target.id == speaker.id else earlier.claimed_by \
                if earlier.hedge and earlier.source.id == speaker.id else None
            if accuser is not None and accuser.id != speaker.id:
                sentence, when = clause.sentence, next(iter(clause.dates), None)
                return RelationRecord(speaker, accuser, "denial",
                                      clause.facts.text[sentence.start:sentence.end],
                                      sentence.start, sentence.end,
                                      when.date if when else None,
                                      when.precision if when else None)
        return None

    def _cues(self, clause: Clause) -> list[RelationCue]:
        found = []
        norms = clause.norms
        for first, width, definitions in self.cues.find(norms, clause.first, clause.stop):
            for definition in definitions:
                if definition.then and not any(
                        norms[k] in definition.then
                        for k in range(first + width, min(first + width + _THEN_REACH,
                                                          clause.stop))):
                    continue
                found.append(RelationCue(definition, first, first + width))
        return found

    def _relation(self, clause: Clause, cue: RelationCue,
                  parties: list[tuple[ActorMention, int, int]], main_state: ActorDef | None,
                  earlier: list[RelationRecord]) -> RelationRecord | None:
        before = [a for a, _, stop in parties if stop <= cue.first]
        after = [a for a, first, _ in parties if first >= cue.stop]
        source, target = self._ends(clause, cue, before, after, main_state, earlier)
        if source is None or target is None or source.id == target.id \
                or is_generic(source) or is_generic(target):
            return None
        kind = cue.definition.kind
        hedge, speaker = self._hedge(clause, cue, parties, source, earlier)
        if kind == "support" and hedge is not None:
            kind = "alleged_support"
        facts = clause.facts
        when = next((d for d in clause.dates), None)
        return RelationRecord(source, target, kind, facts.text[clause.sentence.start:
                                                                clause.sentence.end],
                              clause.sentence.start, clause.sentence.end,
                              when.date if when else None, when.precision if when else None,
                              hedge, speaker)

    def _ends(self, clause: Clause, cue: RelationCue, before: list[ActorMention],
              after: list[ActorMention], main_state: ActorDef | None,
              earlier: list[RelationRecord]) -> tuple[ActorDef | None, ActorDef | None]:
        norms = clause.norms
        prev = norms[cue.first - 1] if cue.first > clause.first else ""
        if cue.definition.kind == "accusation" and before and prev in _SUBJECT_PRONOUNS \
                and cue.first - 2 >= clause.first and norms[cue.first - 2] in _RELATIVES:
            return self._accuser(clause, before, main_state, earlier), before[-1].actor
        if prev in _EMBEDDED and earlier:
            # "denounced Ukraine for supporting JNIM": the accused is the subject
            return earlier[-1].target, after[0].actor if after else None
        if cue.definition.kind == "support" and cue.stop < clause.stop \
                and norms[cue.stop] == "by" and after and before:
            # "Wagner, backed by Moscow", "the Houthis are armed by Iran"
            return after[0].actor, before[-1].actor
        source = before[-1].actor if before else None
        if cue.definition.then and after:
            # "provided troops and weapons to the M23": the one given to, not what is given
            given = next((a for a in after if _after_to(norms, clause.actor_tokens(a)[0])),
                         None)
            if given is not None:
                return source, given.actor
        if source is None and main_state is not None and any(
                w in _GOVERNMENT_WORDS for w in norms[clause.first:cue.first]):
            source = main_state
        if not after and main_state is not None and any(
                w in _GOVERNMENT_WORDS for w in norms[cue.stop:cue.stop + 3]):
            return source, main_state  # "which backs the government"
        if cue.definition.kind == "denial":
            subject = before[-1] if before and norms[cue.first] in _DENIAL_VERBS \
                and clause.actor_tokens(before[-1])[1] >= cue.first - 1 else None
            return self._denial(clause, before + after, subject)
        return source, (after[0].actor if after else None)

    @staticmethod
    def _accuser(clause: Clause, before: list[ActorMention], main_state: ActorDef | None,
                 earlier: list[RelationRecord]) -> ActorDef | None:
        """Who "it" is in "..., which it accuses of ...": the source of the sentence's
        relation just told ("Sudan said it was cutting ties with the UAE, which it
        accuses ..."), else the sentence's first actor before the accused, else the
        article's main state."""
        if earlier and earlier[-1].start == clause.sentence.start:
            return earlier[-1].source
        if len(before) > 1:
            return before[0].actor
        return main_state

    def _denial(self, clause: Clause, actors: list[ActorMention],
                subject: ActorMention | None = None,
                ) -> tuple[ActorDef | None, ActorDef | None]:
        """Who denies (its subject right before it, the speaker, else the first actor) what
        whom says (the other party):
        "Kiev responded by claiming Bamako failed to provide evidence", "..., a statement
        from the Ukrainian Foreign Ministry said"."""
        # the actor right before the denial word denies ("..., a charge the UAE denies")
        speaker = subject or self._sentence_speaker(clause, actors) or (
            actors[0] if actors else None)
        if speaker is None:
            return None, None
        other = next((a for a in actors if a.actor.country_code != speaker.actor.country_code
                      and a.actor.id != speaker.actor.id), None)
        return speaker.actor, other.actor if other else None

    def _sentence_speaker(self, clause: Clause, actors: list[ActorMention],
                          ) -> ActorMention | None:
        norms = clause.norms
        for actor in actors:
            stop = clause.actor_tokens(actor)[1]
            if stop < len(norms) and norms[stop] in self.speech:
                return actor
        return None

    def _hedge(self, clause: Clause, cue: RelationCue,
               parties: list[tuple[ActorMention, int, int]], source: ActorDef,
               earlier: list[RelationRecord]) -> tuple[str | None, ActorDef | None]:
        """``alleged`` (and by whom) when someone says so, ``denied`` under a denial."""
        norms = clause.norms
        if cue.definition.kind in ("denial", "accusation"):
            return None, None
        if any(self.denials.match_at(norms, k, cue.first)[0]
               for k in range(clause.first, cue.first)):
            return "denied", None
        claimed = any(self.claims.match_at(norms, k, cue.first)[0]
                      for k in range(clause.first, cue.first))
        if not claimed and not (earlier and norms[cue.first - 1] in _EMBEDDED):
            # "..., according to US officials", "..., UN experts said.": said after it
            said = next((k for k in range(cue.stop, clause.stop)
                         if norms[k] == "according" or (norms[k] in self.speech
                                                         and k == clause.stop - 1)), None)
            if said is None:
                return None, None
            who = [a.actor for a, first, stop in parties
                   if (first > said if norms[said] == "according" else stop == said)
                   and a.actor.kind in _SPEAKER_KINDS and a.actor != source]
            return "alleged", who[0] if who else None
        if earlier and norms[cue.first - 1] in _EMBEDDED:
            return "alleged", earlier[-1].source
        if self._says_itself(clause, cue, parties, source):
            return None, None  # "Mali said it was cutting ties": an announcement
        return "alleged", self._speaker(clause, cue, parties, source)

    def _says_itself(self, clause: Clause, cue: RelationCue,
                     parties: list[tuple[ActorMention, int, int]], source: ActorDef) -> bool:
        """True when the one who says it is the relation's own source, told by a pronoun
        after the speech verb ("Sudan's government said on Tuesday it was cutting ties":
        not "the army said the strike destroyed an aircraft that had delivered weapons",
        where the one who delivered is not the army), with no other claim word and no
        other party between."""
        norms = clause.norms
        said = next((k for k in range(cue.first - 1, clause.first - 1, -1)
                     if norms[k] in self.speech), None)
        if said is None or norms[said] not in ("said", "says", "announced", "announces"):
            return False
        if not any(norms[k] in _SUBJECT_PRONOUNS
                   for k in range(said + 1, min(said + _PRONOUN_REACH, cue.first))):
            return False
        if any(said < first < cue.first for _, first, _ in parties):
            return False
        if any(self.claims.match_at(norms, k, cue.first)[0]
               for k in range(clause.first, cue.first) if k != said):
            return False
        speakers = [a.actor for a, _, stop in parties if stop <= said
                    and a.actor.kind in _SPEAKER_KINDS]
        return bool(speakers) and speakers[-1].id == source.id

    def _speaker(self, clause: Clause, cue: RelationCue,
                 parties: list[tuple[ActorMention, int, int]],
                 source: ActorDef) -> ActorDef | None:
        """The actor who says it: the subject of the speech verb before the cue."""
        norms = clause.norms
        for k in range(cue.first - 1, clause.first - 1, -1):
            if norms[k] in self.speech:
                speakers = [a.actor for a, _, stop in parties if stop <= k
                            and a.actor.kind in _SPEAKER_KINDS and a.actor != source]
                people = [a for a in speakers if a.kind is ActorKind.PERSON]
                # "Yusov, a representative of Ukraine's SBU, said": the person speaks
                chosen = people or speakers
                return chosen[-1] if chosen else None
        return None


def _given(norms: list[str], cues: list[RelationCue],
           parties: list[tuple[ActorMention, int, int]]) -> set[int]:
    """The first tokens of the actors that are what a transfer gives ("sending troops to
    support the rebels": the troops are no party, the rebels are supported); before,
    the troops (read as the national army) were made the one supported, and the one
    that supports in the cue after them."""
    return {first for cue in cues if cue.definition.then
            for _, first, stop in parties
            if cue.stop <= first < cue.stop + _THEN_REACH
            and any(norm in cue.definition.then for norm in norms[first:stop])}


def _after_to(norms: list[str], first: int) -> bool:
    """The actor at token ``first`` follows "to" ("to the M23", "to Sudan's RSF")."""
    k = first - 1
    if k >= 0 and norms[k] in ("the", "a", "an"):
        k -= 1
    return k >= 0 and norms[k] == "to"
