"""Who acted and who was acted upon, from the voice of the verb and its prepositions.

- active: "X attacked Y" — X acted (actor 1), Y was acted upon (actor 2);
- passive: "Y was attacked by X", headline "Two soldiers killed in shelling by X";
- nouns: "an attack by X on Y", "X's shelling of Y", "rebel shelling";
- both sides of a fight: "clashes between X and Y", "X clashed with Y".

Actors that only report ("Kiev says ...", "... according to the army", a headline's
"- DPR command") are claimants, not parties; the speakers are returned apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geomap.extract.actors import ActorDef, ActorMention
from geomap.extract.clauses import Clause
from geomap.extract.cues import Cue
from geomap.extract.rules import EventRules
from geomap.model import ActorKind

# Past participles that do not end in -ed.
_TOLL_NOUNS = frozenset({"toll", "losses", "number", "figure", "casualties"})
_IRREGULAR = frozenset({"shot", "slain", "hit", "struck", "taken", "seized", "overrun",
                        "beaten", "caught", "held", "burnt", "stolen", "fought", "blown",
                        "torn", "thrown", "brought", "dead"})
# Cues whose subject is the victim when no "be" verb is written (headline style).
_VICTIM_CUES = frozenset({"kill", "wound", "civilian_harm"})
_AFTER_PASSIVE = frozenset({"in", "by", "at", "near", "on", "during", "after", "as", "while",
                            "when", "amid", "following", "outside", "close", "since",
                            "overnight", "today", "yesterday", "and"})
_INTRANSITIVE = frozenset({"died", "dies", "die", "dying", "dead", "perished", "death",
                           "deaths", "fatalities", "casualties", "bodies", "death toll"})
_ADVERBS = frozenset({"reportedly", "allegedly", "also", "later", "fatally", "seriously",
                      "critically", "badly", "then", "subsequently", "apparently",
                      "already", "all", "both", "being", "been", "have", "has", "had"})
_SYMMETRIC = frozenset({"clash"})
# "its own police force": a force the actor before it has, not the state's
_OWN = (["its", "own"], ["their", "own"])
# developments an armed group announces of itself (an administration, a base)
_RUNNING = frozenset({"other", "base"})
_ARMED_RUNNERS = frozenset({ActorKind.ARMED_GROUP, ActorKind.MILITIA})
# nouns of a group's members after its name ("EMC dissidents", "TNLA fighters")
_MEMBER_NOUNS = frozenset({"fighters", "dissidents", "militants", "rebels", "forces", "troops",
                           "militiamen", "insurgents", "gunmen", "members", "soldiers",
                           "guerrillas", "cadres", "combatants", "militia"})
# participles of holding a place: "a town held by X" describes the place
_ACCUSING = frozenset({"accusing", "accused"})
_ACCUSATION_ENDS = frozenset({"after", "before", "when", "while", "then"})
_HELD = frozenset({"held", "controlled", "run", "administered", "occupied", "governed"})
_PLACE_WORDS = frozenset({"the", "eastern", "western", "northern", "southern", "east",
                          "west", "north", "south", "central", "region", "province"})
_MARKERS = frozenset({"by", "between", "with", "and"})
_PRONOUNS = frozenset({"they", "it", "we", "he", "she"})
# a speech verb's participle before another ("reported killed", "confirmed dead")
_REPORTED = frozenset({"reported", "confirmed"})
_SPEECH_ADVERBS = frozenset({"later", "also", "subsequently", "then", "reportedly",
                             "separately", "quickly", "officially"})
# ("fire from the Ukrainian side": where the fire came from is who fired)
_AGENT_PHRASES = frozenset({("attributed", "to"), ("blamed", "on"), ("ascribed", "to"),
                            ("claimed", "by"), ("fire", "from"), ("shelling", "from"),
                            ("shellings", "from"), ("attack", "from"), ("attacks", "from")})
_BETWEEN_SPEECH = frozenset({"that", "on", "monday", "tuesday", "wednesday", "thursday",
                             "friday", "saturday", "sunday", "today", "yesterday",
                             "overnight", "earlier", "later"})


@dataclass
class Roles:
    """The parties of one clause's event and the actors that report it."""

    agents: list[ActorMention] = field(default_factory=list)
    targets: list[ActorMention] = field(default_factory=list)
    speakers: list[ActorMention] = field(default_factory=list)


class RoleFinder:
    """Assigns actor 1 (who acted) and actor 2 (who was acted upon) in a clause."""

    def __init__(self, rules: EventRules) -> None:
        self.breaks = rules.words("clause_breaks")
        self.be = rules.words("be_verbs")
        self.speech = rules.words("speech_verbs")
        self.targets = rules.words("target_prepositions")
        self.collectives = rules.words("collective_nouns")
        self.numbers = frozenset(rules.data.get("number_words", {}))
        self.defence = rules.phrases("defence_verbs")
        self.defence_starts = frozenset(p.split()[0] for p in rules.words("defence_verbs"))
        self.in_action = rules.words("in_action_words")

    def roles(self, clause: Clause, head: Cue, others: list[Cue] | None = None, *,
              marked_only: bool = False) -> Roles:
        """The roles of the event ``head`` reports in ``clause``.

        Prepositions and possessives of every violent word in the clause (``others``)
        come first ("an attack by X on Y ... killed three soldiers"), then the position
        of the actors around ``head`` and the other verbs ("a militiaman killed as Kiev
        troops shell DPR"). With ``marked_only`` (a reference to an incident told
        elsewhere), only the prepositions and possessives count.
        """
        spans = [(a, *clause.actor_tokens(a)) for a in clause.actors
                 if not clause.in_tail(a.start)]
        speakers = self._speakers(clause, spans)
        speakers += [a for a in clause.actors if clause.in_tail(a.start)]
        # who holds the place where it happened is no party ("a town held by the SDF")
        held = not _HELD.isdisjoint(clause.norms[clause.first:clause.stop])
        parties = [(a, first, stop) for a, first, stop in spans if a not in speakers
                   and not (held and self._marker(clause, first) == "held")
                   and not _qualifies_next(clause, a, stop, spans)
                   and not _in_accusation(clause, head, first)
                   and not _sought(clause, first)
                   and clause.norms[max(clause.first, first - 2):first] not in _OWN]
        roles = Roles(speakers=speakers)
        cues = [head, *(c for c in others or () if c is not head)]
        for cue in cues:
            self._marked(clause, cue, parties, roles, is_head=cue is head,
                         main_first=head.first)
        if marked_only:
            return roles
        # by position, active violent verbs before the head first: "X clashed with Y,
        # leaving 10 gunmen dead" (X acted, though "dead" frames the clause)
        earlier = [c for c in cues[1:] if c.first < head.first and c.violent
                   and _past_verb(clause.norms[c.last]) and not self.passive(clause, c)]
        # "two soldiers wounded by sniper fire": who was wounded, before the fire
        earlier += [c for c in cues[1:] if c.first < head.first and c.kind == "wound"
                    and self.passive(clause, c)]
        ordered = [*earlier, *(c for c in cues if c not in earlier)]
        for cue in ordered:
            self._positional(clause, cue, parties, roles, speakers)
        if not roles.agents and head_is_gerund(clause, head):
            # "the IDF struck a house, killing a commander": the participle's subject is
            # the sentence's
            before = [a for a, _, stop in parties if stop <= head.first
                      and self._subject_reaches(clause, stop, head)]
            text = clause.facts.text
            for k, subject in enumerate(before):
                # the first, and those joined to it ("Rwandan and Mozambican troops")
                if k and text[before[k - 1].end:subject.start].strip() not in ("and", ","):
                    break
                if not _placed(roles, subject):
                    roles.agents.append(subject)
        for actor, _, stop in spans:
            if clause.norms[stop:stop + 2] in (["claimed", "responsibility"],
                                               ["claims", "responsibility"]) \
                    and not _placed(roles, actor):
                roles.agents.insert(0, actor)  # "the TTP claimed responsibility for ..."
        if roles.agents:
            for actor, first, stop in parties:
                if not _placed(roles, actor) and (
                        _fought_before(clause.norms, first, clause.first)
                        or _left_before(clause.norms, first, stop, clause.first)):
                    roles.targets.append(actor)  # "recaptured X after clashes with JNIM"
        if head.kind in _RUNNING:
            # "the M23 announced the creation of its own police force": the armed group
            # announcing how it runs a place is who acts; the police or army it sets up
            # ("its own local administrator and a police commander") are its own, not the
            # state's forces acted upon
            if not roles.agents:
                roles.agents = [a for a in speakers if a.actor.kind in _ARMED_RUNNERS][:1]
            roles.targets = [t for t in roles.targets
                             if t.actor.kind is not ActorKind.ARMED_FORCES]
        if ordered[0].kind in _SYMMETRIC and not roles.targets:
            _split_sides(roles)
        if head.violent:
            _claimant_side(roles)
            self._own_losses(clause, cues, roles)
        return roles

    def _own_losses(self, clause: Clause, cues: list[Cue], roles: Roles) -> None:
        """"Ukraine reports 3 KIA, 2 WIA": killed or wounded in action are a side's own
        soldiers, so with no party named, the one side reporting them lost them (it stays
        a claimant too)."""
        if roles.agents or roles.targets or len(roles.speakers) != 1 \
                or roles.speakers[0].actor.kind not in _STATE_SIDE | _ARMED_GROUPS:
            return
        if any(" ".join(clause.norms[c.first:c.last + 1]) in self.in_action for c in cues):
            roles.targets.append(roles.speakers[0])

    def _positional(self, clause: Clause, cue: Cue,
                    parties: list[tuple[ActorMention, int, int]], roles: Roles,
                    speakers: list[ActorMention]) -> None:
        if self.reported_subject(clause, cue) and speakers and not roles.agents:
            roles.agents += [a for a in speakers if a not in roles.targets]
            parties = [p for p in parties if p[1] > cue.last]
        self._by_position(clause, cue, parties, roles,
                          subject=not head_is_gerund(clause, cue))

    def reported_subject(self, clause: Clause, head: Cue) -> bool:
        """"The rebels said they killed ...", "the army said it lost two soldiers and
        killed 20 rebels": the speaker is who acted."""
        norms = clause.norms
        for k in range(head.first - 1, max(clause.first, head.first - 7) - 1, -1):
            if norms[k] in self.breaks and norms[k] not in self.speech:
                return False
            if norms[k] in _PRONOUNS:
                j = k - 1  # "said that they", "said on Monday it had"
                while j >= clause.first and norms[j] in _BETWEEN_SPEECH:
                    j -= 1
                return j >= clause.first and norms[j] in self.speech
        return False

    def _speakers(self, clause: Clause,
                  spans: list[tuple[ActorMention, int, int]]) -> list[ActorMention]:
        """Actors who say something; "X and Y said" are both speakers."""
        found: list[ActorMention] = []
        following: int | None = None  # first token of the next speaker
        for actor, first, stop in reversed(spans):
            # "X and Y said"; not "killed in an attack by X, militia says": X acted
            joined = following is not None and clause.norms[stop:following] in (["and"], []) \
                and self._marker(clause, first) != "by"
            if self._speaks(clause, first, stop) or joined or (
                    actor.actor.kind is ActorKind.CIVILIANS and _puts_toll(clause, stop)):
                found.insert(0, actor)
                following = first
            else:
                following = None
        return found

    def _speaks(self, clause: Clause, first: int, stop: int) -> bool:
        """"Kiev says", "X said on Monday", "said X", "according to X"."""
        norms = clause.norms
        while stop < clause.stop - 1 and norms[stop] in _SPEECH_ADVERBS:
            stop += 1  # "JNIM later claimed", "the army also said"
        nxt = norms[stop:min(stop + 3, clause.stop)]
        if nxt and nxt[0] == "according":
            return False  # "killing 21 civilians according to local sources"
        if nxt[1:2] == ["of"]:
            return False  # "civilians accused of spying": what they are said to have done
        if len(nxt) > 1 and nxt[0] in _REPORTED and (_past_verb(nxt[1]) or nxt[1] == "dead"):
            return False  # "a soldier reported killed": what is told of them, not a speaker
        if nxt and nxt[0] in self.speech and stop < clause.stop and "," in \
                clause.facts.text[clause.tokens[stop - 1].end:clause.tokens[stop].start]:
            return False  # "..., says the militia": the speaker comes after the verb
        if nxt and (nxt[0] in self.speech or (len(nxt) > 1 and nxt[0] in ("spokesman",
                                              "spokeswoman", "officials", "official")
                                              and nxt[1] in self.speech)):
            return True
        if nxt[:1] == ["in"] and self._speaks_after_place(clause, stop):
            return True  # "Separatists in eastern Ukraine accused government forces of ..."
        before = norms[max(clause.first, first - 2):first]
        # "according to X", "according to the X"
        return "according" in norms[max(clause.first, first - 3):first] \
            or (bool(before) and before[-1] in ("said", "says") and _inverted(clause, first - 1))

    def _speaks_after_place(self, clause: Clause, stop: int) -> bool:
        """A speech verb right after "in <place>" following the actor (capitalised words
        or a direction: "in eastern Ukraine accused", "in Kidal said")."""
        tokens, norms = clause.tokens, clause.norms
        k = stop + 1
        while k < min(stop + 5, clause.stop) and (tokens[k].capitalised
                                                  or norms[k] in _PLACE_WORDS):
            k += 1
        return k > stop + 1 and k < clause.stop and norms[k] in self.speech

    def _marked(self, clause: Clause, head: Cue, parties: list[tuple[ActorMention, int, int]],
                roles: Roles, is_head: bool = True, main_first: int | None = None) -> None:
        """Prepositions: "by X", "between X and Y", "with Y", "on/against Y", "X's"."""
        previous: list[ActorMention] | None = None
        for actor, first, stop in parties:
            marker = self._marker(clause, first) if first > head.last else ""
            if marker and not self._reaches(clause, head, first):
                marker = ""
            role = None
            if marker == "and":
                role = previous  # "by X and Y": Y has X's role
            elif marker == "by" and self._is_defence(clause, head) \
                    and self.passive(clause, head):
                role = roles.targets  # "JNIM was repelled by Malian soldiers"
            elif marker in ("by", "between"):
                role = roles.agents
            elif marker in self.targets or (marker == "with" and head.kind in _SYMMETRIC):
                role = roles.targets
            elif (stop == head.first and clause.norms[head.first] not in self.be
                  and (clause.tokens[stop - 1].possessive
                       or _modifies(clause, actor, head))) \
                    or (first <= head.first < stop
                        and (is_head or main_first is None or stop <= main_first
                             or _in_the_act(clause, first))):
                # "X's shelling", "Russian helicopter attack"; "Russian drones" (the cue
                # is the actor; not the object of the clause's verb: "shot down 30
                # Ukrainian drones")
                role = roles.agents
            if role is not None and not _placed(roles, actor):
                _add(role, actor)
            previous = role
        if any(clause.norms[k] == "between" for k in range(head.last + 1, clause.stop)):
            self._between(clause, head, parties, roles)

    def _marker(self, clause: Clause, first: int) -> str:
        """The preposition governing the actor starting at token ``first``: the nearest of
        by/between/with/on/against... at most three words before it ("by the local X")."""
        for k in range(first - 1, max(clause.first, first - 4) - 1, -1):
            word = clause.norms[k]
            if k > clause.first and (clause.norms[k - 1], word) in _AGENT_PHRASES:
                return "by"  # "a drone strike attributed to the army", "blamed on JNIM"
            if word == "by" and k > clause.first and clause.norms[k - 1] in _HELD:
                return "held"  # "in an area held by the SDF": who holds the place
            if word in _MARKERS or word in self.targets:
                return word
            if word in self.breaks or clause.tokens[k].capitalised:
                return ""
        return ""

    def _between(self, clause: Clause, head: Cue, parties: list[tuple[ActorMention, int, int]],
                 roles: Roles) -> None:
        """"clashes between X and Y": the side named second was acted upon."""
        after = [a for a, first, _ in parties if first > head.last and a not in roles.targets]
        if len(after) >= 2 and after[0] in roles.agents:
            for actor in after[1:]:
                if actor in roles.agents:
                    roles.agents.remove(actor)
                _add(roles.targets, actor)

    def _reaches(self, clause: Clause, head: Cue, position: int) -> bool:
        """No clause break between the cue and ``position``."""
        return self.breaks.isdisjoint(clause.norms[head.last + 1:position])

    def _by_position(self, clause: Clause, head: Cue,
                     parties: list[tuple[ActorMention, int, int]], roles: Roles,
                     subject: bool = True) -> None:
        """Subject and object by position, the verb's voice deciding which acted; a
        gerund ("..., killing four soldiers") has no subject of its own."""
        marked = {id(a) for a in roles.agents + roles.targets}
        placed = _sided(roles)
        marked |= {id(a) for a, _, _ in parties if a.actor in placed}
        head_first, head_last = head.first, head.last  # properties: read once
        before = [a for a, first, stop in parties if subject and stop <= head_first
                  and id(a) not in marked and self._subject_reaches(clause, stop, head)]
        owners = [a for a, first, _ in parties if a in before
                  and self._belonging(clause, a, first)]
        before = [a for a in before if a not in owners]
        symmetric = head.kind in _SYMMETRIC
        after = [a for a, first, _ in parties if first > head_last
                 and id(a) not in marked and self._reaches(clause, head, first)
                 and (symmetric or self._marker(clause, first) != "with")]
        # "shot three civilians accused of collaborating with the army": not a target
        defence = self._is_defence(clause, head)
        if self.passive(clause, head):
            for actor in before + after:  # "JNIM was repelled": JNIM attacked
                _add(roles.agents if defence else roles.targets, actor)
            return
        # "X repelled Y", "X thwarts three breakthrough attempts made by Y": X was attacked
        defends = defence or self._defends(clause, head)
        for actor in before:
            _add(roles.targets if defends else roles.agents, actor)
        for actor in after + (owners if before else []):
            _add(roles.agents if defence else roles.targets, actor)

    def _belonging(self, clause: Clause, actor: ActorMention, first: int) -> bool:
        """"checked the identity cards of passengers and shot dead 23 of them": civilians
        after "of" and a noun that counts no people (not "hundreds of villagers", "a
        group of youths") are whose the thing is, not who acted; they are acted upon when
        another subject acted ("burned the homes of villagers")."""
        if actor.actor.kind is not ActorKind.CIVILIANS or first - 2 < clause.first \
                or clause.norms[first - 1] != "of":
            return False
        owner = clause.tokens[first - 2]
        return not owner.capitalised and owner.norm.isalpha() \
            and owner.norm not in self.collectives and owner.norm not in self.numbers

    def _is_defence(self, clause: Clause, head: Cue) -> bool:
        """``head`` is a defence verb: "repelled", "fended off"."""
        norms = clause.norms
        return norms[head.first] in self.defence_starts and bool(
            self.defence.match_at(norms, head.first, head.last + 1)[0])

    def _defends(self, clause: Clause, head: Cue) -> bool:
        """A defence verb governs the attack ``head`` names: "thwart three breakthrough
        attempts", "foiled an attack"."""
        norms = clause.norms
        return any(norms[k] in self.defence_starts
                   and self.defence.match_at(norms, k, head.first)[0]
                   for k in range(max(clause.first, head.first - 5), head.first))

    def _subject_reaches(self, clause: Clause, stop: int, head: Cue) -> bool:
        # "JNIM militants, who had besieged the town, attacked ...": the subject reaches
        # over a relative clause set off by commas
        if _in_relative(clause, stop, head.first):
            return False  # "..., who are linked to IS, killed": IS is not the subject
        stop = _past_relative(clause, stop, head.first)
        return self.breaks.isdisjoint(clause.norms[stop:head.first])

    def passive(self, clause: Clause, head: Cue) -> bool:
        """"were killed", "was attacked by", headline "Two soldiers killed in ..."."""
        norms = clause.norms
        word = norms[head.first]
        if word in _INTRANSITIVE or " ".join(norms[head.first:head.last + 1]) in _INTRANSITIVE:
            return True
        if word in self.be and head.last > head.first:
            return True  # the cue holds its auxiliary: "was shot", "were shot"
        if not (word.endswith("ed") or word in _IRREGULAR):
            return False
        k = head.first - 1
        while k >= clause.first and norms[k] in _ADVERBS:
            if norms[k] in ("been", "being"):
                return True
            k -= 1
        if k >= clause.first and norms[k] in self.be:
            return True
        if head.kind not in _VICTIM_CUES:
            return False
        nxt = head.last + 1
        if norms[nxt:nxt + 2] in (["at", "least"], ["at", "most"]):
            return False  # "gunmen killed at least 20 villagers": a count, not a place
        return nxt >= clause.stop or norms[nxt] in _AFTER_PASSIVE or \
            clause.tokens[nxt].start > clause.tokens[head.last].end + 1


_FIGHT_WORDS = frozenset({"fighting", "clashes", "clash", "clashing", "battles", "battle",
                          "battling", "combat", "skirmishes", "fierce", "heavy"})


def _past_relative(clause: Clause, stop: int, end: int) -> int:
    """The token after the comma closing a relative clause (", who ...," or ", which
    ...,") that opens at most two words after ``stop`` ("the ADF rebels, who ...,") and
    closes before ``end``; else ``stop``."""
    text, tokens, norms = clause.facts.text, clause.tokens, clause.norms
    opens = next((k for k in range(stop, min(stop + 3, end))
                  if norms[k] in ("who", "which")), None)
    if opens is None or opens == 0 \
            or text[tokens[opens - 1].end:tokens[opens].start].strip() != ",":
        return stop
    for m in range(opens + 2, end + 1):
        if text[tokens[m - 1].end:tokens[m].start].strip() == ",":
            return m
    return stop


def _in_relative(clause: Clause, stop: int, end: int) -> bool:
    """The words up to ``stop`` are in a relative clause set off by commas (", who are
    linked to IS,") that closes before ``end``."""
    text, tokens, norms = clause.facts.text, clause.tokens, clause.norms
    for k in range(stop - 1, max(clause.first, stop - 8) - 1, -1):
        if norms[k] in ("who", "which") and k > 0 \
                and text[tokens[k - 1].end:tokens[k].start].strip() == ",":
            return any(text[tokens[m - 1].end:tokens[m].start].strip() == ","
                       for m in range(stop, end + 1))
    return False


def _fought_before(norms: list[str], first: int, start: int) -> bool:
    """The actor at ``first`` is who was fought: "after fighting JNIM", "after clashes
    with JNIM", "following heavy fighting against ISWAP" (a part the clause's breaks
    keep from the head's reach)."""
    k = first - 1
    if k >= start and norms[k] in ("with", "against", "the"):
        k -= 1
    if k >= start and norms[k] in ("with", "against"):
        k -= 1
    return k >= start and norms[k] in _FIGHT_WORDS and norms[k] not in ("fierce", "heavy")


_LEFT_WORDS = frozenset({"withdrew", "retreated", "fled", "pulled", "abandoned"})


def _left_before(norms: list[str], first: int, stop: int, start: int) -> bool:
    """The actor at ``[first, stop)`` is the side that gave the ground up: "regained
    control of the town after the TNLA withdrew"."""
    k = first - 1
    if k >= start and norms[k] == "the":
        k -= 1
    if stop < len(norms) and norms[stop] in _MEMBER_NOUNS:
        stop += 1  # "after EMC dissidents withdrew"
    return k >= start and norms[k] in ("after", "following", "when", "as") \
        and stop < len(norms) and norms[stop] in _LEFT_WORDS


def _past_verb(word: str) -> bool:
    """"clashed", "raided", "shot": a verb in the past (not "shelling", "attack")."""
    return word.endswith("ed") or word in _IRREGULAR


def _inverted(clause: Clause, said: int) -> bool:
    """"..., said the army", "said X" opening the clause: X speaks; "the militia said
    Ukrainian troops fired": X is who the speaker says acted."""
    if said <= clause.first:
        return True
    text = clause.facts.text
    return text[clause.tokens[said - 1].end:clause.tokens[said].start].strip() != ""


def head_is_gerund(clause: Clause, head: Cue) -> bool:
    """", killing four soldiers": a participle clause whose subject is the sentence's."""
    word = clause.norms[head.first]
    before = clause.facts.text[clause.tokens[head.first - 1].end:head.start] \
        if head.first > clause.first else ""
    return word.endswith("ing") and "," in before


_STATE_SIDE = frozenset({ActorKind.ARMED_FORCES, ActorKind.GOVERNMENT, ActorKind.STATE,
                         ActorKind.PRIVATE_MILITARY_COMPANY})


_ARMED_GROUPS = frozenset({ActorKind.ARMED_GROUP, ActorKind.MILITIA})
_ACTS = frozenset({"attack", "remote", "clash"})
_IN_THE_ACT = frozenset({"in", "during", "amid", "after", "following"})


def _in_the_act(clause: Clause, first: int) -> bool:
    """"wounded in Russian shelling", "killed in Kiev's attack", "died during a rebel
    raid", "died after Ukrainian shelling": an act named after its actor, in which (or
    right after which) the clause's event happened."""
    k = first - 1
    if k > clause.first and clause.norms[k] in ("a", "an", "the"):
        k -= 1
    return k >= clause.first and clause.norms[k] in _IN_THE_ACT


def _modifies(clause: Clause, actor: ActorMention, cue: Cue) -> bool:
    """An act named by a noun right after its actor ("Russian helicopter attack", "rebel
    shelling"), not a verb in the past ("rebels attacked": the subject rule's case) nor
    the next item of a list ("2 militiamen, attacks on ...")."""
    return cue.kind in _ACTS and clause.facts.text[actor.end:cue.start] == " " \
        and not clause.norms[cue.last].endswith("ed")


def _split_sides(roles: Roles) -> None:
    """"M23 rebels and FARDC soldiers clashed": the side named second was acted upon;
    "JNIM and ISSP fighters clashed": two armed groups are two sides too (allies on the
    state's side are one)."""
    if len(roles.agents) < 2:
        return
    first_side = roles.agents[0].actor.kind in _STATE_SIDE
    other = [a for a in roles.agents[1:] if (a.actor.kind in _STATE_SIDE) != first_side]
    if not other and first_side:
        # "Russian and Ukrainian forces clashed": two states' forces are two sides
        home = roles.agents[0].actor.country_code
        other = [a for a in roles.agents[1:] if a.actor.kind is ActorKind.ARMED_FORCES
                 and a.actor.country_code and a.actor.country_code != home]
    if not other and not first_side and all(a.actor.kind in _ARMED_GROUPS
                                            for a in roles.agents):
        other = roles.agents[1:]
    roles.agents = [a for a in roles.agents if a not in other]
    roles.targets = other


def _claimant_side(roles: Roles) -> None:
    """"Ukrainian troops violate ceasefire 23 times - DPR", "LPR reports fighter dead after
    Kiev's forces shelled his post": an armed group reporting the state side's fire, with no
    armed group or civilians among the parties, is the side fired on; reporting the
    state side's losses ("Six Ukrainian troops killed near Gorlovka - DPR official"),
    the side that fought them. It stays a claimant too."""
    armed = [a for a in roles.speakers if a.actor.kind in _ARMED_GROUPS]
    parties = roles.agents + roles.targets
    if len(armed) != 1 or any(a.actor.kind in _ARMED_GROUPS or a.actor.kind is
                              ActorKind.CIVILIANS for a in parties):
        return
    if roles.agents and all(a.actor.kind in _STATE_SIDE for a in roles.agents):
        _add(roles.targets, armed[0])
    elif not roles.agents and roles.targets and all(a.actor.kind in _STATE_SIDE
                                                    for a in roles.targets):
        _add(roles.agents, armed[0])


def _placed(roles: Roles, actor: ActorMention) -> bool:
    """True when the actor already has a side."""
    return actor.actor in _sided(roles)


def _sided(roles: Roles) -> list[ActorDef]:
    """The actors that have a side. A list's ``in`` tests identity first (mostly the
    registry's very object), then equality: comparing every field of two definitions
    costs more, and a clause asks often."""
    return [a.actor for a in roles.agents] + [a.actor for a in roles.targets]


def _add(found: list[ActorMention], actor: ActorMention) -> None:
    if actor.actor not in [a.actor for a in found]:
        found.append(actor)


def _puts_toll(clause: Clause, stop: int) -> bool:
    """"Activists put the toll at 35": people giving a figure are its source, not a side
    (a side putting its own losses at a figure stays one)."""
    norms = clause.norms
    return stop < clause.stop and norms[stop] in ("put", "puts") and not _TOLL_NOUNS.isdisjoint(
        norms[stop + 1:min(stop + 4, clause.stop)])


def _in_accusation(clause: Clause, head: Cue, first: int) -> bool:
    """"shot dead 6 miners, accusing them of spying for the army": a side named in what
    the victims were accused of after the event is no party ("accused JNIM of the
    attack" names JNIM before "of": it stays)."""
    norms = clause.norms
    for k in range(head.last + 1, first):
        if norms[k] in _ACCUSING:  # "accusing them of", "accused of" (not "accused JNIM")
            # ... up to where the clause goes on ("..., after storming the police post")
            return "of" in norms[k + 1:min(k + 4, first)] \
                and _ACCUSATION_ENDS.isdisjoint(norms[k + 1:first]) \
                and "," not in clause.facts.text[clause.tokens[k].end:clause.tokens[first].start]
    return False


_SEARCH_WORDS = frozenset({"search", "searching", "hunt", "hunting", "manhunt", "looking"})


def _sought(clause: Clause, first: int) -> bool:
    """"shot dead three civilians during a search for separatist fighters": whom the
    attackers looked for is no party of what they did."""
    norms = clause.norms
    return first - 2 >= clause.first and norms[first - 1] == "for" \
        and norms[first - 2] in _SEARCH_WORDS


def _qualifies_next(clause: Clause, actor: ActorMention, stop: int,
                    spans: list[tuple[ActorMention, int, int]]) -> bool:
    """A country's possessive before another party, with at most two lower-case words
    between ("Sudan's paramilitary Rapid Support Forces", "Nigeria's Boko Haram",
    "Russia's Wagner Group"): it says whose the party is, and is no party itself (the
    state was made a co-attacker)."""
    if actor.via != "country" or actor.actor.kind is not ActorKind.STATE \
            or not clause.tokens[stop - 1].possessive:
        return False
    after = [(first, other) for other, first, _ in spans if other is not actor and first >= stop]
    if not after:
        return False
    first, other = min(after, key=lambda pair: pair[0])
    between = clause.tokens[stop:first]
    return len(between) <= 2 and not any(t.capitalised for t in between) \
        and other.actor.kind is not ActorKind.STATE
