"""Death tolls: counts, ranges and who gives them; two sides' claims are never summed.

In one clause, figures for different victims add up ("84 contractors were killed, along
with nearly 50 soldiers" is 134), except a part of a figure already given ("killing 12,
including three soldiers"). Across sentences a later figure from the same source updates
the earlier one (the larger is kept); figures from different sources are different
claims: all are kept, and the event's figure is the unattributed one if there is one,
else the first claim, with ``fatalities_claimed_by`` naming who claims it.

Counts in words ("three", "a dozen"), ranges ("between 5 and 10", "5-10": the lower
figure, with low and high), qualifiers ("at least" low, "nearly" high, "an estimated"
approximate) and vague counts ("dozens", "scores of": one unit, ACLED's convention for
"dozens" 12 and "hundreds" 100; ``vague_counts`` in the rules; as ``low`` only) are read;
wounded are not deaths.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import groupby

from geomap.extract.actors import ActorDef
from geomap.extract.dates import FULL_MONTHS
from geomap.extract.records import Toll
from geomap.extract.rules import EventRules

# "a 64-year-old man": an age before the victims
_AGE = r"(?:\d{1,3}[- ]years?[- ]old\s+)?"
# a word of the victims: letters, then digits of a group's name ("5 M23 fighters")
_WORD = r"[A-Za-z'’-]+(?:\d+[A-Za-z]*)?"
# (four words at most, "of the" and "and the" free: "16 members of the security forces
# were killed", "eight DRG jawans and the driver were killed")
_VICTIMS = (rf"(?:\s+(?:of\s+)?{_AGE}(?P<victims>(?:{_WORD}\s+(?:(?:of|and)\s+the\s+)?)"
            rf"{{0,3}}?"
            rf"{_WORD}))?")
# (not over "and": "killed 40 militants and lost 6 soldiers" has a second figure)
_OBJECT = (rf"(?:\s+(?:of\s+)?{_AGE}(?P<victims>(?:(?!and\s){_WORD}\s+){{0,3}}"
           rf"(?!and\b){_WORD}))?")
_BE = r"(?:\s+(?:were|was|have been|had been|are|is|reportedly|also|all|later|been|found))*"
# "a resident was hit by a stray bullet and died": hurt first, then dead
_HIT_AND = (r"(?:\s+(?:hit|struck|shot|wounded|injured)(?:\s+by\s+(?:an?\s+|the\s+)?"
            r"[a-z]+(?:\s+[a-z]+)?)?\s+and(?:\s+later)?(?=\s+died\b))?")
# "three villagers who could not flee were found burned to death"
_WHO = r"(?:\s+(?:who|that)(?:\s+[a-z'’]+){1,5}?(?=\s+(?:were|was)\b))?"
# "At least nine people, including four children, were killed": a part named between
_AMONG = r"(?:\s*,\s*(?:including|among them|among whom)\s[^,.;:]{1,50},)?"
# "shot dead three civilians": verbs that kill, with their object after them
_KILL_VERBS = (r"shot dead|shooting dead|shot and killed|gunned down|gunning down|executed|"
               r"executing|massacred|massacring|beheaded|beheading|neutralised|neutralized|"
               r"neutralising|neutralizing|lynched|lynching|lost|losing|"
               # "beat to death a man accused of theft"
               r"(?:beat|beaten|hacked|stabbed|stoned|clubbed|burned|burnt) to death")
# "lynched and burned 3 suspected thieves": a second verb of the same harm, its object after
_AND_HARMED = r"(?:\s+and\s+(?:burned|burnt|beat|beaten|mutilated|hanged|dismembered))?"
_DEATH = (r"(?:killed in action|killed|dead|died|slain|shot dead|executed|massacred|lynched|"
          r"perished|"
          r"lost their lives|fatalities|deaths|dies|die|neutralised|neutralized|"
          r"(?:burned|burnt|beaten|hacked|stabbed|stoned|clubbed|knifed) to death|"
          r"burned alive|burnt alive)")
_DEATH_WORD = re.compile(rf"\b{_DEATH}\b|\bkill", re.IGNORECASE)


def _alternatives(words: Iterable[str]) -> str:
    """A regular-expression alternation of ``words``, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def toll_patterns(numbers: Iterable[str], vague: Iterable[str],
                  qualifiers: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """The toll patterns for the rules' number words, vague counts and qualifiers."""
    numbers = [w for w in numbers if w not in ("a", "an")]
    count_words = _alternatives([*numbers, *vague])
    single = _alternatives(w for w in numbers if " " not in w)
    qual = _alternatives(qualifiers)
    count = (rf"(?:(?P<qual>{qual})\s+)?(?:between\s+)?(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+|"
             rf"{count_words})(?![A-Za-z])"
             rf"(?:\s*(?:-|–|to|and(?:\s+up\s+to|\s+as\s+many\s+as)?|or)\s*"
             rf"(?P<n2>\d+|{single})(?!\s*(?:km|kilomet|mile)))?"
             # the coders' "around 20 (as reported) militants"
             rf"(?:\s+\((?:as )?reported\))?")
    number = rf"(?:\d+|{count_words})"
    return (
        # "84 Russian contractors were killed", "9 dead", "a civilian was killed"
        re.compile(rf"\b(?:{count}|(?P<article>an?)){_VICTIMS}{_AMONG}{_WHO}{_BE}{_HIT_AND}"
                   rf"\s+{_DEATH}\b", re.IGNORECASE),
        # "killing 5 soldiers", "killed scores of Malian soldiers", "leaving 3 dead"
        re.compile(rf"\b(?:kill(?:ed|ing|s)?|{_KILL_VERBS}|claimed the lives of|leaving|left|"
                   rf"along with|as did){_AND_HARMED}\s+(?:all\s+)?"
                   rf"(?:{count}|(?P<article>an?|the)){_OBJECT}",
                   re.IGNORECASE),
        # "47 soldiers and 84 contractors were killed", "a soldier and a civilian were
        # killed", "6 soldiers and an unknown number of militants": the first listed
        re.compile(rf"\b(?:{count}|(?P<article>an?)){_VICTIMS}\s*,?\s+"
                   rf"(?:and|as well as|along with)\s+"
                   rf"(?=(?:(?:{qual})\s+)?(?:{number}|an?)\b[^.;]{{0,60}}?\b{_DEATH}\b)",
                   re.IGNORECASE),
        # "the death toll rose to 28", "Fatalities: 3"
        re.compile(rf"\b(?:death toll|toll|fatalities|(?<=\bput its )losses|"
                   rf"(?<=\bput their )losses)(?:\s+(?:from|in|of)\s+[^.;:\d]{{1,60}}?)?"
                   rf"(?:\s+(?:later|since|then|now|eventually|"
                   rf"subsequently))?\s*(?::|(?:has\s+|had\s+)?(?:rose|rises|risen|"
                   rf"climbed|reached|stands|stood|hit|hits|of|at|is|was)(?:\s+(?:to|at))?)"
                   rf"\s+{count}", re.IGNORECASE),
        # bodies found: "the bodies of four herders", "the body of a trader"
        re.compile(rf"\b(?:bodies|body|corpses|remains)\s+of\s+(?:all\s+)?(?:the\s+)?"
                   rf"(?:{count}|(?P<article>an?)){_OBJECT}", re.IGNORECASE),
        # "two bodies were recovered", "12 more corpses"
        re.compile(rf"\b{count}\s+(?:more\s+|other\s+)?(?P<victims>bodies|corpses)\b",
                   re.IGNORECASE),
    )


def continuation_pattern(numbers: Iterable[str], vague: Iterable[str],
                         qualifiers: Iterable[str]) -> re.Pattern[str]:
    """The second object of a verb that kills, without a verb of its own: "killing 12
    soldiers and 3 civilians", "killed two men and a woman" (matched where the first
    object's victims end)."""
    numbers = [w for w in numbers if w not in ("a", "an")]
    count_words = _alternatives([*numbers, *vague])
    qual = _alternatives(qualifiers)
    # "killing a woman and her two children": a possessive before the second count
    return re.compile(rf"(?:\s*,?\s*(?:and|as well as|plus)\s+(?:(?:his|her|their)\s+)?|"
                      rf"\s*,\s*)(?:(?P<qual>{qual})\s+)?"
                      rf"(?:(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+|{count_words})|(?P<article>an?))"
                      rf"{_OBJECT}", re.IGNORECASE)


_TENS = frozenset(range(20, 100, 10))
_NOT_VICTIMS = frozenset({"were", "was", "have", "had", "are", "is", "and", "in", "on", "at",
                          "by", "people's", "km", "kilometres", "miles", "near", "close",
                          "during", "after", "from", "with", "as", "when", "while", "outside",
                          "inside", "including", "among", "since", "amid", "following",
                          "before", "across", "around", "into", "over"})
# Words each pattern of toll_patterns cannot match without (none: always try it).
_NEEDS: tuple[tuple[str, ...], ...] = (
    (), ("kill", "shot", "shooting", "gunned", "gunning", "execut", "massacr", "behead",
         "neutrali", "lynch", "lost", "losing", "claimed the lives", "leaving", "left",
         "along with", "as did", "to death"),
    (" and ", "as well as", "along with"), ("toll", "fatalities", "losses"),
    ("bod", "corpse", "remains"), ("bodies", "corpses"))
# Counted things that are no people ("100 cattle", "20 vehicles"): no toll of them.
_NOT_PEOPLE = frozenset({"cattle", "cows", "goats", "sheep", "camels", "livestock", "head",
                         "donkeys", "animals", "vehicles", "cars", "trucks", "houses",
                         "homes", "shops", "tons", "tonnes", "kg", "drones", "missiles",
                         "shells", "rounds", "rockets", "bombs", "buildings", "motorcycles",
                         "motorbikes", "weapons", "rifles", "ieds", "devices", "mines",
                         "explosives",
                         # "held the town for several hours and killed 100": a time
                         "minutes", "hours", "days", "nights", "weeks", "months", "years"}
                        # "on 12 May near Djibo killed ...": a date, no count
                        | FULL_MONTHS)
# "began in April 2023 and has killed thousands", "since 2012 militants killed": a year
_YEAR_BEFORE = re.compile(r"\b(?:in|since|until|till|early|late|mid-?|year|spring|summer|"
                          r"autumn|winter|" + "|".join(sorted(FULL_MONTHS)) + r")\s*$",
                          re.IGNORECASE)
_UNCOUNTED = re.compile(r"(?:unknown|undetermined|unspecified|undisclosed|unconfirmed|"
                        r"large|small|significant)?\s*number\b", re.IGNORECASE)
_MAX_LISTED = 8
_PARTITIVE = frozenset({"them", "whom", "which", "those"})  # "killing 3 soldiers, 2 of them
# officers": a part of the figure, not another
_WOUNDED = frozenset({"wounded", "injured", "hurt"})
_WOUNDED_AFTER = re.compile(r"(?:\s+\w+){0,2}?\s+(?:were\s+|was\s+)?(?:wounded|injured|hurt)\b",
                            re.IGNORECASE)
# "another 5 soldiers died": more dead than a figure told before
_ADDED_BEFORE = re.compile(r"\b(?:another|a further|an additional)\s+$", re.IGNORECASE)
# "died of their wounds", "succumbed to injuries": the wounded told before, now dead
_OF_WOUNDS = re.compile(r"\s+(?:later\s+)?(?:of|from)\s+(?:their\s+|his\s+|her\s+)?"
                        r"(?:wounds|injuries)\b", re.IGNORECASE)
# "MS-13 gang members killed": digits in a name, no count ("RPT-One civilian" is one)
_NAME_NUMBER = re.compile(r"[A-Za-z][-‐]")
# "tens of thousands", "hundreds of thousands", "thousands": a count of counts, a war's
# or a year's tally, never the dead of one incident (no "ten" out of "tens" either)
_COUNT_OF_COUNTS = re.compile(r"\b(?:tens|dozens|scores|hundreds)\s+of\s+$", re.IGNORECASE)
_COUNTED_COUNTS = re.compile(r"(?:hundreds|thousands|millions)\b", re.IGNORECASE)
_PHRASE_END = re.compile(r"[,.;:!?]")
# "3 and 5 June", "3-5 June", "12th of May": days, the month after them
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DAY_OF_MONTH = re.compile(rf"{_DAY}(?:\s*(?:-|–|and|to)\s*{_DAY})?\s+(?:of\s+)?"
                           rf"(?:{'|'.join(sorted(FULL_MONTHS))})\b", re.IGNORECASE)
_INCLUDING = re.compile(r"\b(?:including|among them|of whom|of them)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Figure:
    """A number as written: count, or a range, or a vague low bound."""

    count: int | None
    low: int | None
    high: int | None
    qualifier: str | None


class TollReader:
    """Reads the tolls of a clause (the words, counts and qualifiers are the rules')."""

    def __init__(self, rules: EventRules) -> None:
        self.armed = rules.words("armed_victims")
        self.civilian = rules.words("civilian_victims")
        self.civilian_phrases = tuple(rules.words("civilian_victim_phrases"))
        self._phrase_heads = frozenset(p.split()[-1] for p in self.civilian_phrases)
        self.numbers = {str(k): int(v) for k, v in rules.mapping("number_words").items()}
        self.numbers.update({"a": 1, "an": 1})
        self.vague = {str(k): int(v) for k, v in rules.mapping("vague_counts").items()}
        self.qualifiers = {str(k): str(v) for k, v in rules.mapping("toll_qualifiers").items()}
        self.speech = frozenset(rules.words("speech_verbs"))
        self.patterns = toll_patterns(self.numbers, self.vague, self.qualifiers)
        self.continuation = continuation_pattern(self.numbers, self.vague, self.qualifiers)
        self._lower_patterns = tuple(_lower_case(p) for p in self.patterns)

    def figure(self, match: re.Match[str]) -> Figure | None:
        """The figure of a toll match (None when the number is not a count of people)."""
        raw = (match.group("n") or match.groupdict().get("article") or "").lower()
        raw = "a" if raw == "the" else raw  # "killing the driver": one
        if raw in self.vague:
            return Figure(None, self.vague[raw], None, "vague")
        count = self._number(raw)
        if count is None:
            return None
        second = self._number((match.groupdict().get("n2") or "").lower())
        if second is not None and count in _TENS and raw in self.numbers and second < 10 \
                and match.string[match.end("n"):match.start("n2")] == "-":
            count, second = count + second, None  # "twenty-three", not 20 to 3
        if second is not None and second > count:
            return Figure(count, count, second, "range")
        kind = self.qualifiers.get((match.groupdict().get("qual") or "").lower())
        return Figure(count, count if kind == "low" else None,
                      count if kind == "high" else None, kind)

    def _number(self, raw: str) -> int | None:
        if not raw:
            return None
        if raw.replace(",", "").isdigit():
            value = int(raw.replace(",", ""))
            return value if value < 1_000_000 else None
        return self.numbers.get(raw)

    def read(self, text: str, start: int, end: int, claimed_by: ActorDef | None,
             claimant: str | None, claims: Sequence[Claim] = (), sentence: int = -1,
             ) -> list[Toll]:
        """The death tolls written in ``text[start:end]``, in order, overlaps dropped.

        Every toll is ``claimed_by`` (or ``claimant``)'s, except a toll after another one
        with a claim told between them (``claims``: the clause's speakers; or "but local
        sources put the toll at 10"): that claim's ("the army said 20 militants were
        killed, while JNIM claimed it killed 15 soldiers" are two claims, not 35)."""
        piece = text[start:end]
        lowered = piece.lower()
        found: dict[int, Toll] = {}
        ascii_only = piece.isascii()
        for pattern, lower, needs in zip(self.patterns, self._lower_patterns, _NEEDS,
                                         strict=True):
            if needs and not any(word in lowered for word in needs):
                continue  # the pattern's fixed words are absent: it cannot match
            matches = pattern.finditer(piece) if lower is None or not ascii_only else (
                pattern.match(piece, m.start()) for m in lower.finditer(lowered))
            for match in matches:
                if match is None:
                    continue
                position = match.start("n") if match.group("n") else match.start()
                if position in found or _INCLUDING.search(piece[:match.start()]) \
                        or (piece[position].isdigit()
                            and _NAME_NUMBER.match(piece, max(0, position - 2), position)):
                    continue
                if _COUNTED_COUNTS.match(piece, position) and _COUNT_OF_COUNTS.search(
                        piece[max(0, position - 16):position]):
                    continue  # "killed tens of thousands": no toll of one incident
                if _a_year(piece, match, position) or _a_day(piece, match):
                    continue  # "in April 2023 and has killed thousands": no 2,023 dead
                figure = self.figure(match)
                victims = _victims(match)
                if pattern is self.patterns[2] and not _WOUNDED.isdisjoint(
                        (match.group("victims") or "").lower().split()):
                    continue  # "Two soldiers were wounded and 10 insurgents killed"
                if victims[:1].isalpha() and victims.split()[0].lower() in _NOT_PEOPLE:
                    continue  # "rustled over 100 cattle and killed two herders"
                if match.group(0)[:5].lower() in ("along", "as di") \
                        and _DEATH_WORD.search(piece) is None:
                    continue  # "abducted the mayor along with two of his escorts"
                if match.group(0)[:4].lower() in ("neut", "lost", "losi") \
                        and self.victim_class(victims) != "armed":
                    continue  # "neutralised two drones", "lost 3 tanks": no one killed
                article = (match.groupdict().get("article") or "").lower()
                if figure is None or (article and (
                        self.victim_class(victims) is None or _UNCOUNTED.match(victims))):
                    continue  # "an unknown number of militants" is no count of one
                if article == "the" and not _one_person(victims):
                    continue  # "killing the driver" is one, "killing the soldiers" none
                if piece[position].isdigit() and (
                        not victims or self.victim_class(victims) is None) \
                        and _NAMED_BEFORE.search(piece, max(0, position - 24), position):
                    continue  # "residents of Delmas 32 ... lynched", "the Barrio 18 gang"
                named = (match.groupdict().get("victims") or "").lower().split()
                added = " also " in match.group(0) or victims.lower().startswith("more ") \
                    or _ADDED_BEFORE.search(piece, max(0, position - 16), position) is not None \
                    or not _WOUNDED.isdisjoint(named) \
                    or _OF_WOUNDS.match(piece, match.end()) is not None
                found[position] = Toll(figure.count, figure.low, figure.high, victims,
                                       figure.qualifier, claimed_by, claimant, start, added,
                                       sentence)
                if pattern is self.patterns[1] and victims:
                    self._continued(piece, match.start("victims") + len(victims), found,
                                    claimed_by, claimant, start, sentence)
                elif pattern is self.patterns[0]:
                    self._listed(piece, match, found, claimed_by, claimant, start, sentence)
        tolls = [found[k] for k in sorted(found)]
        if tolls:
            tolls = _claimed_between(piece, start, sorted(found), tolls, claims)
        return tolls

    def _listed(self, piece: str, match: re.Match[str], found: dict[int, Toll],
                claimed_by: ActorDef | None, claimant: str | None, start: int,
                sentence: int) -> None:
        """The second figure of "Eight soldiers and three civilians were killed": the
        first match's victims ran over it ("soldiers and three civilians")."""
        raw = match.group("victims") or ""
        cut = raw.find(" and ")
        if cut < 0:
            return
        at = match.start("victims") + cut + 5
        second = self.patterns[0].match(piece, at)
        if second is None and piece.startswith("the ", at):
            # "Eight soldiers and the driver were killed": the driver is one ("one" has
            # the length of "the", so the offsets stay)
            second = self.patterns[0].match(f"{piece[:at]}one{piece[at + 3:]}", at)
            if second is not None and not _one_person(_victims(second)):
                return
        if second is None or not second.group("n") or second.start("n") in found:
            return
        figure = self.figure(second)
        victims = _victims(second)
        if figure is not None and not (victims and victims.split()[0].lower() in _NOT_PEOPLE):
            found[second.start("n")] = Toll(figure.count, figure.low, figure.high, victims,
                                            figure.qualifier, claimed_by, claimant, start,
                                            sentence=sentence)

    def _continued(self, piece: str, at: int, found: dict[int, Toll],
                   claimed_by: ActorDef | None, claimant: str | None, start: int,
                   sentence: int) -> None:
        """The figure after "and" that shares the verb of the one just read ("killing 12
        soldiers and 3 civilians"): people named as victims, not wounded ones ("killing
        two soldiers and five others were wounded" counts two)."""
        for _ in range(_MAX_LISTED):  # "3 soldiers, 2 volunteers and 5 civilians"
            match = self.continuation.match(piece, at)
            if (match is None or not match.group("victims")) \
                    and piece[at:at + 9].lower() in _AND_OWN:
                # "killing the driver and his assistant": one more, whose the first was
                # ("one" has the length of "his" and "her", so the offsets stay)
                match = self.continuation.match(f"{piece[:at + 5]}one{piece[at + 8:]}", at)
                if match is not None and not _one_person(_victims(match)):
                    match = None
            if match is None or (match.group("n") and match.start("n") in found):
                return
            figure = self.figure(match)
            victims = _victims(match)
            if figure is None or self.victim_class(victims) is None \
                    or victims.split()[0].lower() in _PARTITIVE \
                    or not _WOUNDED.isdisjoint(victims.lower().split()) \
                    or _WOUNDED_AFTER.match(piece, match.start("victims") + len(victims)) \
                    or self._speaker(piece, match.start("victims")):
                return
            position = match.start("n") if match.group("n") else match.start("article")
            found[position] = Toll(figure.count, figure.low, figure.high, victims,
                                   figure.qualifier, claimed_by, claimant, start,
                                   sentence=sentence)
            at = match.start("victims") + len(victims)

    def _speaker(self, piece: str, at: int) -> bool:
        """"killing nine civilians, a nurse said": who tells it (a speech verb before the
        phrase ends), no second victim."""
        end = _PHRASE_END.search(piece, at)
        words = piece[at:end.start() if end else len(piece)].lower().split()
        return not self.speech.isdisjoint(words)

    def victim_class(self, victims: str) -> str | None:
        """``armed``, ``civilian`` or None, from the words naming the victims."""
        lowered = victims.lower().replace("’", "'")
        words = set(lowered.split())
        armed = words & self.armed
        # "members of a family", "crew and passengers": a word that says only "belonging
        # to" is the civilians' when a civilian word names whom
        if armed and (armed - _BELONGING or not words & self.civilian):
            return "armed"
        if words & self.civilian or (words & self._phrase_heads
                                     and any(p in lowered for p in self.civilian_phrases)):
            return "civilian"
        return None


# armed victims' words that say only that the victims belonged to something
_BELONGING = frozenset({"members", "member", "personnel", "crew", "volunteers"})


@dataclass(frozen=True, slots=True)
class Claim:
    """Who says what follows ``position`` (an offset in the text): an actor, or words."""

    position: int
    claimed_by: ActorDef | None
    claimant: str | None


# Where one source's account gives way to another's: "..., while JNIM claimed ...",
# "..., but local sources put the toll at 10"; and a claim's words in such a part
_CONTRAST = re.compile(r"\b(?:but|while|whereas|however)\b|;", re.IGNORECASE)
_CONTRAST_CLAIM = re.compile(
    r"\A\s*,?\s*(?:the\s+)?(?P<who>[A-Za-z][\w'’-]*(?:\s+[\w'’-]+){0,3}?)\s+(?:put|puts|"
    r"said|say|says|claimed|claim|claims|reported|reports|gave|give|estimated|estimate|"
    r"counted|count)\b", re.IGNORECASE)
# "according to local sources": who gives a figure
ACCORDING = re.compile(r"\baccording to (?:the |a |an )?(?P<who>[^,.;:()]{2,60})", re.IGNORECASE)
# "The Ukrainian General Staff said ...", "The regional governor said ...": who gives the
# figures of a clause that opens on its speaker (an office the actor list lacks)
SUBJECT_SAID = re.compile(
    r"\s*(?:[Tt]he\s+)?(?P<who>(?!(?i:he|she|they|it|we|i|this|that|there)\b)[A-Za-z][\w'’-]*"
    r"(?:\s+[\w'’-]+){0,4}?)\s+(?:said|says|reported|reports|claimed|claims|announced|"
    r"stated|confirmed|put|puts|gave|gives|estimated|estimates|counted)\b(?!\s+(?:killed|dead|died|wounded|injured|missing|hurt)\b)")


def _claimed_between(piece: str, start: int, positions: list[int], tolls: list[Toll],
                     claims: Sequence[Claim]) -> list[Toll]:
    """Tolls in parts of a clause that a contrast divides ("X said ..., while Y said
    ...") are each part's claim: the part's speaker, its "according to", or the words
    before its verb of saying; a part with none keeps the clause's (see
    ``TollReader.read``)."""
    cuts = [m.end() for m in _CONTRAST.finditer(piece)]
    if not cuts:
        return tolls
    bounds = [0, *cuts, len(piece)]
    out = []
    for position, toll in zip(positions, tolls, strict=True):
        k = next(i for i in range(len(bounds) - 1) if position < bounds[i + 1])
        alone = k == 0 and not any(bounds[1] <= p for p in positions)
        # tolls all in the first part keep the clause's claim, unless the part tells its
        # own source ("5 were killed, military sources said, while ISWAP claimed 20")
        claim = _part_claim(piece, start, bounds[k], bounds[k + 1], claims, tail_only=alone)
        if claim is not None:
            toll = replace(toll, claimed_by=claim.claimed_by, claimant=claim.claimant)
        elif k == 0 and toll.claimed_by is not None and any(
                c.claimed_by == toll.claimed_by and c.position >= start + bounds[1]
                for c in claims):
            # "Medics said dozens were killed, while the RSF said it killed 30": the
            # speaker of a later part says nothing of the first
            toll = replace(toll, claimed_by=None)
        out.append(toll)
    return out


def _part_claim(piece: str, start: int, first: int, last: int,
                claims: Sequence[Claim], *, tail_only: bool = False) -> Claim | None:
    if tail_only:
        said = SAID_AT_END.search(piece[first:last])
        return Claim(start + first, None, said.group("who")) \
            if said is not None and not _counted(said.group("who")) else None
    spoken = [c for c in claims if start + first <= c.position < start + last]
    if spoken:
        return spoken[0]
    according = ACCORDING.search(piece, first, last)
    if according is not None:
        return Claim(start + according.start(), None, according.group("who").strip())
    said = _CONTRAST_CLAIM.match(piece[first:last])
    if said is not None and not _counted(said.group("who")):
        return Claim(start + first, None, said.group("who"))
    said = SAID_AT_END.search(piece[first:last])  # "..., military sources said, while"
    if said is not None and not _counted(said.group("who")):
        return Claim(start + first, None, said.group("who"))
    return None


SAID_AT_END = re.compile(r",\s*(?:the\s+)?(?P<who>[A-Za-z][\w'’-]*(?:\s+[\w'’-]+){0,4}?)\s+"
                        r"(?:said|say|says|reported|reports|told reporters)\s*[,.;]?\s*"
                        r"(?:while|but|whereas|however)?\s*$", re.IGNORECASE)
_COUNTS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                     "ten", "dozens", "scores", "several", "many", "some", "hundreds"})


def _counted(who: str) -> bool:
    """"Forty said dead", "Two ceasefire violations reported": a count, no source."""
    first = who.split()[0].lower() if who.split() else ""
    return first[:1].isdigit() or first in _COUNTS


def _a_day(piece: str, match: re.Match[str]) -> bool:
    """Whether the figure of ``match`` is a day of a month: "Between 3 and 5 June, militia
    killed 7" has days before the month, no count of 3."""
    return match.group("n") is not None and _DAY_OF_MONTH.match(
        piece, match.start("n")) is not None


def _a_year(piece: str, match: re.Match[str], position: int) -> bool:
    """Whether the figure of ``match`` is a year that a date word or month comes before."""
    raw = match.groupdict().get("n") or ""
    return (len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2100
            and _YEAR_BEFORE.search(piece, max(0, position - 16), position) is not None)


def _lower_case(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` for lower-cased text, without IGNORECASE (several times faster): on
    ASCII text it matches where ``pattern`` does, with the same spans, so the match is
    then taken again with ``pattern`` on the text as written. None when lower-casing the
    pattern would change it (an escape such as ``\\S``, a case-sensitive group)."""
    source = pattern.pattern
    if not pattern.flags & re.IGNORECASE or re.search(r"\\[A-Z]|\(\?[a-z]*-|\(\?P=", source):
        return None
    return re.compile(source.lower().replace("(?p<", "(?P<"), pattern.flags & ~re.IGNORECASE)


# a capitalised word right before a figure with no victims ("Delmas 32", "Camp 15"): a
# name's number, unless a month, a weekday or a sentence's first word ("On Monday 12 ...")
_NAMED_BEFORE = re.compile(
    r"(?<![.!?]\s)(?<!^)\b(?!(?:On|In|At|By|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\b)[A-Z][a-z]+\s$")
# collective nouns that name no single person after "the" ("killing the police")
_COLLECTIVE = frozenset({"police", "militia", "personnel", "crew", "staff", "military",
                         "family", "elderly", "faithful", "displaced"})


_AND_OWN = frozenset({" and his ", " and her "})


def _one_person(victims: str) -> bool:
    """"the driver", "the village chief": one person (a singular noun, last)."""
    words = victims.lower().split()
    return 0 < len(words) <= 3 and not words[-1].endswith("s") \
        and words[-1] not in _COLLECTIVE


def _victims(match: re.Match[str]) -> str:
    victims = match.groupdict().get("victims") or ""
    words = []
    for word in victims.split():
        if word.lower() in _NOT_VICTIMS:
            break
        words.append(word)
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Fatalities:
    """The event's figure and whose claim it is."""

    best: int | None
    low: int | None
    high: int | None
    claimed_by: ActorDef | None


def combine(tolls: list[Toll]) -> Fatalities:
    """One figure for an incident (see the module's documentation)."""
    if not tolls:
        return Fatalities(None, None, None, None)
    by_source: dict[object, list[Toll]] = {}
    source: object = None
    before: Toll | None = None
    for toll in tolls:
        if before is not None and _goes_on(before, toll):
            toll = replace(toll, added=True)
        # "... killed 8 soldiers, according to X. Two HTS members were also killed.": the
        # dead added with no source of their own are more of the account told before
        elif not (toll.added and _source(toll) is None):
            source = _source(toll)
        by_source.setdefault(source, []).append(toll)
        before = toll
    counted = {k: v for k, v in by_source.items() if any(t.count is not None for t in v)}
    candidates = counted or by_source
    chosen = candidates.get(None) or next(iter(candidates.values()))
    groups = [list(group) for _, group in groupby(chosen, key=lambda t: t.sentence_start)]
    # a later sentence's figure is the same dead retold (the larger kept), unless it says
    # they are more ("20 militants were also killed"): then it adds
    more = [g for g in groups if all(t.added for t in g)]
    told = [g for g in groups if g not in more] or more
    totals = [_sentence_total(g) for g in told]
    exact = [t for t in totals if t[0] is not None]
    best = max(exact or totals, key=lambda t: t[0] if t[0] is not None else (t[1] or 0))
    extra = sum(t[0] or 0 for t in map(_sentence_total, more)) if told is not more else 0
    count, low, high = (None if v is None else v + extra for v in best)
    return Fatalities(count if count is not None else low, low, high, chosen[0].claimed_by)


def _goes_on(before: Toll, toll: Toll) -> bool:
    """A later clause of the sentence that told an attributed figure adds other dead to
    it: with no source of its own ("The army said 7 assailants were killed; one soldier
    died") or as more dead ("...; residents said 6 soldiers also died"); not the toll
    retold ("...; the toll rose to 12")."""
    return toll.sentence == before.sentence >= 0 \
        and toll.sentence_start != before.sentence_start \
        and _source(before) is not None and (toll.added or _source(toll) is None) \
        and toll.victims != "" \
        and toll.victims.lower().partition(" ")[0] != before.victims.lower().partition(" ")[0]


def _source(toll: Toll) -> object:
    if toll.claimed_by is not None:
        return toll.claimed_by.id
    return toll.claimant


def _sentence_total(tolls: list[Toll]) -> tuple[int | None, int | None, int | None]:
    """Figures for different victims in one sentence add up; a range keeps its bounds.

    A figure repeated (same numbers, victims named by the same first word) is one figure
    told twice, not two: text with no sentence ends can restate "killing 12 soldiers" in one
    cut, and its victims' words then run on into the next clause."""
    seen: set[tuple[int | None, int | None, int | None, str]] = set()
    unique = []
    for t in tolls:
        key = (t.count, t.low, t.high, t.victims.lower().partition(" ")[0])
        if key not in seen:
            seen.add(key)
            unique.append(t)
    tolls = unique
    if len(tolls) == 1:
        t = tolls[0]
        return t.count, t.low, t.high
    if any(t.count is None for t in tolls):
        counts = [t.best or 0 for t in tolls]
        return None, sum(counts), None
    total = sum(t.count or 0 for t in tolls)
    # "10 to 15 villagers and two soldiers": 12, from 12 to 17
    low = total if any(t.low is not None for t in tolls) else None
    high = sum(t.high or t.count or 0 for t in tolls) \
        if any(t.high is not None for t in tolls) else None
    return total, low, high
