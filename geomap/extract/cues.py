"""Event cues: the words that say something happened, found in one pass over the tokens.

A cue is a word or phrase of ``event_cues`` (``geomap/data/event_rules.yaml``). Whether
it reports an incident depends on its surroundings, checked here:

- **armed context**: "clash", "attack", "battle", "fight" are violence only beside an
  armed actor, a weapon, casualties or a military object;
- **metaphor**: "combat terrorism", "the fight against corruption";
- **hypothetical or denied**: "threatened to attack", "no fighting was reported";
- **generic**: "several coups", "dozens of attacks";
- **reference**: a violent noun after "following", "involvement in", "in its" points
  at an incident told elsewhere (it can add evidence to it, not start a new one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geomap.extract.rules import CueDef, EventRules
from geomap.extract.text import Token

VIOLENT_CUES = frozenset({"remote", "clash", "attack", "kill", "capture", "civilian_harm"})
DEMONSTRATION_CUES = frozenset({"protest", "riot", "mob", "intervention"})
DEVELOPMENT_CUES = frozenset({"coup", "agreement", "arrest", "disrupted", "looting",
                              "withdrawal", "base", "surrender", "other"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that",
                          "these", "those", "our", "any", "such", "latest", "last"})
_HYPOTHETICAL = frozenset({"could", "would", "might", "will", "threatened", "threatens",
                           "threaten", "vowed", "vows", "vow", "plans", "planning", "plan",
                           "intend", "intends", "prepare", "preparing", "if", "unless",
                           "not", "never", "no", "avoid", "prevent", "prevented",
                           "warned", "warns", "fear", "feared", "fears", "risk",
                           "planned", "upcoming", "scheduled", "proposed",
                           # "arrested ... as they prepared a march", "ahead of protests"
                           "prepared", "ahead",
                           "can", "cannot", "potential",  # "the toxin can kill 60"
                           "without"})  # "entered the town without a fight"
_ESCAPED = frozenset({"evaded", "evade", "evades", "evading", "escaped", "escape",
                      "escapes", "escaping", "eluded", "elude", "eludes", "eluding",
                      "avoided", "avoiding"})
_ESCAPABLE = frozenset({"capture", "arrest", "civilian_harm"})
_TOLL_NOUNS = frozenset({"fatalities", "fatality", "casualties", "deaths", "death toll",
                         "injuries"})
_UNKNOWN = frozenset({"unknown", "unconfirmed", "undetermined", "unclear", "unspecified"})
_LONE_PERSONS = frozenset({"he", "she", "man", "woman", "boy", "suspect", "victim"})
_PERFECT_FILLERS = frozenset({"been", "already", "previously", "earlier", "also", "first",
                              "reportedly", "allegedly", "recently"})
_PRESENT_PERFECT = frozenset({"has", "have"})
# "The capture of X ... had cut": the determiner before a noun opening its clause, how
# far on its verb may come, and the words opening a relative clause on the noun instead
_SUBJECT_DETERMINERS = frozenset({"the", "its", "their", "his", "her"})
_SUBJECT_REACH = 8
_SUBJECT_LEAD = 3
_RELATIVES = frozenset({"which", "that", "who", "whose", "where", "when"})
_EVENT_YEAR_REACH = 4  # "since the truce of 2022": "the", up to two words, "of", the year
_YEAR_REACH = 3  # "since late 2023", "since January 2022"
_HYPOTHETICAL_REACH = 3
_RELATIVE_REACH = 8  # "villagers who could not flee were found dead"
_GENERIC_REACH = 2
_SPREAD_REACH = 9  # "fighting between the army and the Rapid Support Forces spread"
_FIGHTING_NOUNS = frozenset({"fighting", "clashes", "violence", "war", "hostilities",
                             "combat"})
_REFERENCE_REACH = 8
# what "riot" names before it: the police who control riots ("riot police fired tear gas")
_RIOT_UNITS = frozenset({"police", "policemen", "officers", "squad", "squads", "unit", "units",
                         "gear", "control", "troops", "forces"})
_DETERMINER_REACH = 5


@dataclass(slots=True)
class Cue:
    """One cue in the text: its definition and its tokens ``[first, first + width)``."""

    definition: CueDef
    first: int
    width: int
    start: int
    end: int
    reference: bool = False
    nominal: bool = False  # a noun ("the coup"), not a verb ("swept into power")
    background: bool = False  # told in the past perfect: before the incident
    # worked out once (the rules ask them hundreds of times per article; a property is a
    # function call each time): the cue's kind, its last token, whether it tells violence
    kind: str = field(init=False, repr=False, compare=False)
    last: int = field(init=False, repr=False, compare=False)
    violent: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.kind = self.definition.cue
        self.last = self.first + self.width - 1
        self.violent = self.definition.cue in VIOLENT_CUES


def _event_of_a_year(norms: list[str], k: int, stop: int) -> bool:
    """"the truce of 2022", "the coup in 2021", "the war of 2011": a period's start named
    by what happened in a year."""
    return k < stop and norms[k] == "the" and any(
        norms[j] in ("of", "in") and j + 1 < stop and _is_year(norms[j + 1])
        for j in range(k + 2, min(stop - 1, k + _EVENT_YEAR_REACH)))


def find_cues(tokens: list[Token], norms: list[str], rules: EventRules) -> list[Cue]:
    """Every event cue of the text, longest phrase first, in text order."""
    found = []
    for first, width, definitions in rules.cues.find(norms):
        last = first + width - 1
        for definition in definitions:
            if definition.lower and (tokens[first].capitalised
                                     or _beside_a_day(norms, first, last)):
                continue  # "March", "4 march 2024": the month
            if definition.cue == "riot" and (
                    (last + 1 < len(norms) and norms[last + 1] in _RIOT_UNITS)
                    or (first > 0 and norms[first - 1] == "anti")):
                continue  # "riot police", "anti-riot units": the state's forces, no riot
            if definition.cue == "disrupted" and norms[first] in _NEUTRALISED \
                    and _people_follow(norms, last + 1, rules):
                definition = _KILLED  # "neutralised about 40 assailants", not "an IED"
            found.append(Cue(definition, first, width, tokens[first].start, tokens[last].end))
    return found


def _is_year(word: str) -> bool:
    return len(word) == 4 and word.isdecimal() and word[:2] in ("19", "20")


def _beside_a_day(norms: list[str], first: int, last: int) -> bool:
    """A number of a day right before or after the words ("4 march", "march 4, 2024")."""
    around = (norms[first - 1] if first else "", norms[last + 1] if last + 1 < len(norms) else "")
    return any(len(word) <= 2 and word.isdecimal() and 1 <= int(word) <= 31 for word in around)


_NEUTRALISED = frozenset({"neutralised", "neutralized", "neutralising", "neutralizing"})
_KILLED = CueDef("kill")
_PEOPLE_REACH = 5  # "neutralised at least a dozen terrorists"


def _people_follow(norms: list[str], k: int, rules: EventRules) -> bool:
    """A word of armed people within a few words from ``k`` ("about 40 assailants", not
    "two drones")."""
    return not rules.words("armed_victims").isdisjoint(norms[k:k + _PEOPLE_REACH])


class CueChecks:
    """The checks that decide whether a cue reports an incident, on normalised tokens."""

    def __init__(self, rules: EventRules) -> None:
        self.metaphors = rules.phrases("metaphor_objects")
        self.armed_objects = rules.phrases("armed_objects")
        self.references = rules.phrases("reference_frames")
        self.generic = rules.phrases("generic_markers")
        self.firing_verbs = rules.words("firing_verbs")
        self.agreement_verbs = rules.words("agreement_verbs")
        self.purposes = rules.phrases("protest_purposes")
        self.speech = rules.words("speech_verbs")
        self.later_days = rules.phrases("later_day_markers")
        self.anaphor_verbs = rules.phrases("anaphor_verbs")
        self.spreading = rules.phrases("spreading_verbs")

    def is_spreading(self, cue: Cue, norms: list[str], stop: int) -> bool:
        """"as fighting between the army and the rebels spread around X": a noun of
        fighting whose verb, a few words on, tells it spreading: the war's course."""
        if not cue.nominal and norms[cue.first] not in _FIGHTING_NOUNS:
            return False
        reach = min(stop, cue.last + 1 + _SPREAD_REACH)
        return any(self.spreading.match_at(norms, k, stop)[0] > 0
                   for k in self.spreading.starts(norms, cue.last + 1, reach))

    def is_metaphor(self, cue: Cue, norms: list[str], stop: int) -> bool:
        """"combat terrorism", "the fight against corruption", "a battle over the budget"."""
        k = cue.last + 1
        while k < stop and norms[k] in ("against", "on", "over", "the", "a", "for", "to"):
            k += 1
        return k < stop and self.metaphors.match_at(norms, k, stop)[0] > 0

    def is_hypothetical(self, cue: Cue, norms: list[str], first: int) -> bool:
        """"threatened to attack", "no fighting", "could strike"; not what a relative
        clause says of the victims ("three villagers who could not flee were found
        dead")."""
        start = max(first, cue.first - _HYPOTHETICAL_REACH)
        relative = max((j for j in range(max(first, cue.first - _RELATIVE_REACH), cue.first)
                        if norms[j] in ("who", "that")), default=None)
        if relative is not None:
            start = next((j for j in range(relative + 1, cue.first)
                          if norms[j] in ("were", "was")), start)
        window = norms[start:cue.first]
        if not _HYPOTHETICAL.isdisjoint(window):
            return True
        # "no deaths or serious injuries": the denial reaches across "or" to a toll word
        if cue.kind in ("kill", "wound"):
            for j in range(max(first, cue.first - 2), cue.first):
                if norms[j] == "or" and "no" in norms[max(first, j - _HYPOTHETICAL_REACH):j]:
                    return True
        # "evaded capture", "to escape execution": what someone got away from did not
        # happen to them (not "escaped the ambush": an attack happens to many)
        return cue.kind in _ESCAPABLE and cue.first > first \
            and norms[cue.first - 1] in _ESCAPED

    def is_habitual(self, norms: list[str], first: int, stop: int) -> bool:
        """"Zawiya has seen clashes between militias since 2022", "such abductions have
        grown common since 2023", "the army has used drones since late 2023": a present
        perfect over a period from a year tells what has gone on, no incident (not "five
        people have been killed since Monday")."""
        since = next((j for j in range(first, stop) if norms[j] == "since"
                      and (any(_is_year(w) for w in norms[j + 1:min(stop, j + 1 + _YEAR_REACH)])
                           or _event_of_a_year(norms, j + 1, stop))), None)
        return since is not None and not _PRESENT_PERFECT.isdisjoint(norms[first:since])

    def is_unknown_toll(self, cue: Cue, norms: list[str], stop: int) -> bool:
        """"Fatalities unknown.", "casualties were not reported": a note's toll field
        saying nothing happened to count, no incident of its own."""
        if cue.kind not in ("kill", "wound") or \
                " ".join(norms[cue.first:cue.last + 1]) not in _TOLL_NOUNS:
            return False
        after = norms[cue.last + 1:min(stop, cue.last + 4)]
        return bool(_UNKNOWN & set(after)) or "not" in after

    def is_generic(self, cue: Cue, norms: list[str], first: int) -> bool:
        """"several coups", "dozens of attacks": many incidents, none told (not "dozens
        of students demonstrated", where the count is of people)."""
        start = max(first, cue.first - _GENERIC_REACH - 1)
        # "fired several mortar rounds", "launched a wave of drones": a count of munitions
        # in one incident
        return self.generic.any_first_word(norms, start, cue.first) and any(
            self.generic.match_at(norms, k, cue.first)[0] == cue.first - k
            and not self._fired(norms, k, first)
            for k in range(start, cue.first))

    def _fired(self, norms: list[str], k: int, first: int) -> bool:
        """A firing verb just before ``k``, an article between or not."""
        j = k - 1 if k - 1 > first and norms[k - 1] in ("a", "an") else k
        return j > first and norms[j - 1] in self.firing_verbs

    def is_nominal(self, cue: Cue, norms: list[str], first: int) -> bool:
        """A noun ("the attack", "an attack by X on Y"), not a verb ("attacked")."""
        after = norms[cue.last + 1] if cue.last + 1 < len(norms) else ""
        if after in ("by", "on", "against", "of") and not norms[cue.last].endswith("ed"):
            return True
        window = norms[max(first, cue.first - _DETERMINER_REACH):cue.first]
        return not _DETERMINERS.isdisjoint(window)

    def is_reference(self, cue: Cue, norms: list[str], first: int) -> bool:
        """A violent noun that points at an incident told elsewhere (sets ``cue.nominal``)."""
        cue.nominal = self.is_nominal(cue, norms, first)
        if not cue.nominal:
            return False
        start = max(first, cue.first - _REFERENCE_REACH)
        return self.references.any_first_word(norms, start, cue.first) and any(
            self.references.match_at(norms, k, cue.first)[0] for k in range(start, cue.first))

    def is_anaphor(self, cue: Cue, norms: list[str], first: int, stop: int) -> bool:
        """"The attack came two weeks after a raid on X left 50 dead": the clause's subject,
        "the" and a violent noun before a verb of sequence, is the incident told already;
        what the clause adds is when it came, and the place after is the earlier one's."""
        # "Police said the attack was part of ...": the reported clause's subject too
        opens = cue.first == first + 1 or (cue.first - 2 >= first
                                           and norms[cue.first - 2] in self.speech)
        return opens and norms[cue.first - 1] == "the" \
            and cue.last + 1 < stop and self.anaphor_verbs.match_at(norms, cue.last + 1,
                                                                    stop)[0] > 0

    def is_background(self, cue: Cue, norms: list[str], first: int) -> bool:
        """A verb in the past perfect ("the RSF had taken control of the state in
        December"), or a sentence opening on another day ("The next day, the army bombed
        their camp"): what happened before or after the incident told, as a reference."""
        if self.later_days.match_at(norms, first, cue.first)[0]:
            return True
        k = cue.first - 1
        while k >= first and cue.first - k <= 3 and norms[k] in _PERFECT_FILLERS:
            k -= 1
        if k < first or norms[k] != "had":
            return self._subject_of_perfect(cue, norms, first)
        # "the army said it had repelled attacks": reported speech shifts the tense back;
        # what is reported is the incident itself; not what a lone person told of had done
        # ("police said the man had fired at officers": why the police killed him)
        return not any(norms[j] in self.speech for j in range(max(first, k - 4), k)) \
            or (k - 1 >= first and norms[k - 1] in _LONE_PERSONS)

    def _subject_of_perfect(self, cue: Cue, norms: list[str], first: int) -> bool:
        """"The capture of Goma in late January had cut the town off": a violent noun
        opening its clause as the subject of a verb in the past perfect is what happened
        before (not "the attack, which had ...": a relative clause tells of the noun)."""
        # "the capture", "its capture", "the RSF's capture" opening the clause
        if not (first < cue.first <= first + _SUBJECT_LEAD
                and norms[first] in _SUBJECT_DETERMINERS and self.is_nominal(cue, norms, first)):
            return False
        for k in range(cue.last + 1, min(len(norms), cue.last + 1 + _SUBJECT_REACH)):
            if norms[k] in _RELATIVES:
                return False
            if norms[k] == "had":
                return True
        return False

    def armed_objects_in(self, norms: list[str], first: int, stop: int, *,
                         hit_only: bool = False, names: frozenset[int] = frozenset()) -> bool:
        """A military object or weapon in ``norms[first:stop]`` ("in front of a church"
        names no front). With ``hit_only``, not one that only says where ("shot a man dead
        at a checkpoint": the man was hit, not the checkpoint). The tokens of ``names``
        are a place's name ("in Tank tehsil"), no object."""
        return any(not (norms[k] == "front" and k + 1 < len(norms) and norms[k + 1] == "of")
                   and k not in names
                   # "killed five displaced people in the X camp": their camp, no base
                   and not (norms[k] in _CAMPS
                            and not _DISPLACED.isdisjoint(norms[first:stop]))
                   and not (hit_only and (_placed_at(norms, k, first)
                                          or _wielded(norms, k, first)))
                   for k, _, _ in self.armed_objects.find(norms, first, stop))

    def has_purpose(self, cue: Cue, norms: list[str], stop: int) -> bool:
        """"gathered in front of the parliament to denounce the results": a cause after
        the gathering word, in its clause."""
        return self.purposes.any_in(norms, cue.last + 1, stop)

    def agreement_signed(self, norms: list[str], first: int, stop: int) -> bool:
        return not self.agreement_verbs.isdisjoint(norms[first:stop])


_WHERE = frozenset({"at", "near", "outside", "beside", "by"})
_ARTICLES = frozenset({"a", "an", "the"})
_CAMPS = frozenset({"camp", "camps"})
_DISPLACED = frozenset({"displaced", "idps", "idp", "refugees", "refugee", "evacuees"})


_MEANS = frozenset({"with", "using"})
_MEANS_REACH = 4  # "with machetes, axes and guns"


def _wielded(norms: list[str], k: int, first: int) -> bool:
    """The weapon at ``k`` is what the attackers used ("attacked two villages with
    machetes and guns"), not what was hit."""
    return not _MEANS.isdisjoint(norms[max(first, k - _MEANS_REACH):k])


def _placed_at(norms: list[str], k: int, first: int) -> bool:
    """The word at ``k`` follows "at", "near", "outside" (an article between)."""
    j = k - 1
    if j >= first and norms[j] in _ARTICLES:
        j -= 1
    return j >= first and norms[j] in _WHERE
