"""One incident, one event: the sentences that tell the same incident are merged.

Each clause that reports something is a :class:`Mention`. A mention joins an earlier
incident when nothing tells them apart:

- the places are compatible: one is missing, they lie within 50 km of each other, or one
  is an area (a country, a province) that holds the other;
- the dates are compatible: one is missing or their periods overlap (a day's slack);
- the actors are compatible: one side names none, or they share one; disjoint named
  actors part two mentions unless place and date are the same;
- no marker such as "Meanwhile" or "In a separate attack" opens the sentence;
- a strategic development (an arrest, an agreement) joins a violent incident only in
  its own sentence;
- a strike from afar (a drone, an airstrike) and a fight on the ground, told in sentences
  of their own, whose dead are of different kinds (civilians, armed men), stay apart; so
  do a raid that names its attacker but no dead and no armed side hit ("attacked a
  string of villages") and a strike that killed civilians.

A *reference* ("following an attack on Malian forces", "involvement in the slaughter")
adds its sentence and its named actors to the incident it points at, and starts an
incident of its own only when the text tells no other. Every sentence of an incident is
kept as its evidence.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from datetime import timedelta

from geomap.extract.actor_phrases import is_generic
from geomap.extract.actors import ActorDef
from geomap.extract.classify import ARMED_KINDS
from geomap.extract.clauses import Clause
from geomap.extract.cues import DEMONSTRATION_CUES, DEVELOPMENT_CUES, Cue
from geomap.extract.dates import DateMention
from geomap.extract.locate import area_holds
from geomap.extract.records import Location, Toll
from geomap.extract.resolve import distance_km
from geomap.model import ActorKind, PlaceKind
from geomap.precision import DatePrecision, Precision

SAME_PLACE_KM = 50.0
_GROUND_KINDS = frozenset({"clash", "attack", "capture"})
RECENT = 12  # how many of the latest incidents a mention is compared with
_SLACK = timedelta(days=1)
# Precisions read once: on Python 3.11 each read of an enum member through its class goes
# through EnumType's Python-level ``__getattr__`` hook (about 850 instructions), and
# comparing each mention with the recent incidents asked some 230 per article.
_NEAR, _ADM2 = Precision.NEAR, Precision.ADM2
_SUBCOUNTRY, _MULTINATIONAL = Precision.SUBCOUNTRY, Precision.MULTINATIONAL


@dataclass
class Mention:
    """What one clause reports."""

    clause: Clause
    cues: list[Cue]
    head: Cue
    reference: bool
    agents: list[ActorDef]
    targets: list[ActorDef]
    location: Location | None
    when: DateMention | None
    tolls: list[Toll] = field(default_factory=list)
    victims: set[str] = field(default_factory=set)
    objects: set[str] = field(default_factory=set)
    separate: bool = False
    far: list[Location] = field(default_factory=list)
    # "The next day, gunmen raided villages of X, killing 20": a later day's violence at a
    # place of its own, told as background; its own incident where it fits none, dated
    # ``later[1]`` days from the incident before when that is known (``later[0]``, the
    # marker's text)
    later: tuple[str, int | None] | None = None
    # bodies found at a later time ("were found in the following days"), or the dead a
    # crowd rose over ("rioted after the bodies of six ... were found"): no crowd's toll
    found_later: bool = False

    category: str = field(init=False)  # violent | demonstration | development
    named: set[str] = field(init=False)  # ids of the named actors

    def __post_init__(self) -> None:
        kinds = {c.kind for c in self.cues}
        if any(c.violent for c in self.cues) or not kinds & (DEMONSTRATION_CUES
                                                             | DEVELOPMENT_CUES):
            self.category = "violent"
        else:
            self.category = "demonstration" if kinds & DEMONSTRATION_CUES else "development"
        self.named = {_party(a) for a in self.agents + self.targets if not is_generic(a)}


_STATE_SIDE = frozenset({ActorKind.STATE, ActorKind.GOVERNMENT, ActorKind.ARMED_FORCES})


def _party(actor: ActorDef) -> str:
    """The side an actor stands for: a state, its government and its army are one
    ("Syrian regime forces ... two regime soldiers were killed")."""
    if actor.kind in _STATE_SIDE and actor.country_code:
        return f"state:{actor.country_code}"
    return actor.id


@dataclass
class Incident:
    """Mentions of one incident, merged."""

    mentions: list[Mention]
    location: Location | None = None
    when: DateMention | None = None
    named: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)
    sentences: set[int] = field(default_factory=set)
    # what the mentions that report it (no references) tell, gathered as they are added
    # (a long retelling compared each new mention with every mention of the incident):
    # their victims' kinds, their cues' kinds, and what :func:`_raid` asks of them
    victims: set[str] = field(init=False, default_factory=set)
    kinds: set[str] = field(init=False, default_factory=set)
    raid: _Raid = field(init=False)

    def __post_init__(self) -> None:
        first = self.mentions[0]
        self.location, self.when = first.location, first.when
        self.named = set(first.named)
        self.categories = {first.category}
        self.sentences = {first.clause.sentence.start}
        self.raid = _Raid()
        for mention in self.mentions:
            self._told(mention)

    def _told(self, mention: Mention) -> None:
        if not mention.reference:
            self.victims |= mention.victims
            self.kinds.update(c.kind for c in mention.cues)
            self.raid.add(mention)

    @property
    def main(self) -> list[Mention]:
        """The mentions that report it (references last)."""
        return [m for m in self.mentions if not m.reference] + \
            [m for m in self.mentions if m.reference]

    def accepts(self, mention: Mention) -> bool:
        """True when ``mention`` can tell this incident (see the module's rules)."""
        if mention.separate and mention.clause.index != self.mentions[-1].clause.index:
            return False
        if not self._category_fits(mention):
            return False
        if not places_fit(self.location, _told_at(mention)):
            return False
        if not dates_fit(self.when, mention.when) or self._another_day(mention):
            return False
        if not mention.reference and self._other_victims_of_a_strike(mention):
            return False
        return mention.reference or self._actors_fit(mention)

    def _other_victims_of_a_strike(self, mention: Mention) -> bool:
        """"... repelled an assault and killed 30 fighters. A drone struck the market,
        killing nine civilians": a strike from afar and a fight on the ground, told in
        sentences of their own, whose dead are of different kinds (armed and civilian),
        are two incidents, each of its own type, whatever their place and day."""
        if mention.clause.sentence.start in self.sentences:
            return False
        victims, mine = self.victims, self.kinds
        theirs = {c.kind for c in mention.cues}
        strike_later = "remote" in theirs and "remote" not in mine and bool(mine & _GROUND_KINDS)
        strike_first = "remote" in mine and "remote" not in theirs and bool(
            theirs & _GROUND_KINDS)
        if not (strike_later or strike_first):
            return False
        if victims and mention.victims:
            return not victims & mention.victims
        # "The RSF attacked a string of villages west of X. A drone struck the market in
        # X, killing 8 civilians": a ground attack that names no dead and no armed side it
        # hit, and a strike that killed civilians, are two incidents too
        if strike_later:
            return mention.victims == {"civilian"} and not victims and self.raid.told()
        return victims == {"civilian"} and not mention.victims and _raid([mention])

    def _another_day(self, mention: Mention) -> bool:
        """"On 3 May, the army said it repelled an attack on X. On 4 May, artillery shelled
        X": two days, each written in its own sentence, and two kinds of violence are two
        incidents (the day's slack is for one night told across two dates)."""
        mine, theirs = self.when, mention.when
        if mine is None or theirs is None or mine.date == theirs.date \
                or not _one_day(mine) or not _one_day(theirs):
            return False
        sentence = mention.clause.sentence
        if not sentence.start <= theirs.start < sentence.end:
            return False  # a date borrowed from another sentence
        first = self.mentions[0].head
        return first.violent and mention.head.violent and first.kind != mention.head.kind

    def _category_fits(self, mention: Mention) -> bool:
        categories = self.categories
        if mention.category == "development" or categories == {"development"}:
            same_sentence = mention.clause.sentence.start in self.sentences
            # "... marched in Kampala. Police arrested 11 of them.": the intervention;
            # "... killed five civilians. The gunmen also stole livestock.": the looting
            # that went with the attack
            # "... during a raid in Mogadishu. Three suspects were arrested.": the arrest
            # the next sentence tells, naming no place or date of its own, went with it
            return same_sentence or categories == {mention.category} or (
                categories <= {"demonstration", "violent"} and self._continues(mention))
        return True

    def _continues(self, mention: Mention) -> bool:
        """The very next sentence, naming no place or date of its own: it goes on
        telling this incident ("The soldiers repulsed the attack.")."""
        told = _told_at(mention)
        # ("...; the Israeli army said it was intercepted": a country taken from a party
        # is no place of its own, the sentence's date already the incident's no date)
        own_date = mention.when is not None and (
            self.when is None or mention.when.start != self.when.start)
        if (told is not None and told.via not in UNNAMED) or own_date:
            return False
        last = self.mentions[-1].clause
        gap = last.facts.text[last.sentence.end:mention.clause.sentence.start]
        return last.sentence is mention.clause.sentence or not gap.strip()

    def _actors_fit(self, mention: Mention) -> bool:
        mine = self.named
        theirs = mention.named
        if not mine or not theirs or mine & theirs or self._continues(mention):
            return True
        same_place = self.location is not None and mention.location is not None and \
            _points_close(self.location, mention.location)
        return same_place and self.when is not None and mention.when is not None

    def add(self, mention: Mention) -> None:
        """Merge ``mention``: keep the finer place and date."""
        self.mentions.append(mention)
        self.named |= mention.named
        self.categories.add(mention.category)
        self.sentences.add(mention.clause.sentence.start)
        if mention.reference:
            return
        self._told(mention)
        if self.location is None:
            self.location = mention.location
        elif self.location.said_at:
            self.location = _told_at(mention) or self.location
        else:
            self.location = finer_location(self.location, _told_at(mention))
        self.when = finer_date(self.when, mention.when)


def _raid(mentions: list[Mention]) -> bool:
    """True when the mentions tell who attacked ("the RSF attacked", a verb, not "the
    attack" or "fighting") and name no armed side acted upon (a base, soldiers, a group)."""
    raid = _Raid()
    for mention in mentions:
        raid.add(mention)
    return raid.told()


@dataclass
class _Raid:
    """What :func:`_raid` asks of mentions, gathered one mention at a time."""

    attacked: bool = False  # an attack told with a verb
    agents: bool = False  # someone who acted named
    armed_hit: bool = False  # an armed side or an armed object acted upon

    def add(self, mention: Mention) -> None:
        self.attacked = self.attacked or any(
            c.kind == "attack" and not c.reference
            and mention.clause.norms[c.first].endswith("ed")  # a verb, not "the attack"
            for c in mention.cues)
        self.agents = self.agents or bool(mention.agents)
        self.armed_hit = self.armed_hit or "armed" in mention.objects or any(
            a.kind in ARMED_KINDS for a in mention.targets)

    def told(self) -> bool:
        return self.attacked and self.agents and not self.armed_hit


# a location the text does not name, taken from the parties or the article
UNNAMED = frozenset({"main_country", "group", "army", "actor_area"})


def _told_at(mention: Mention) -> Location | None:
    """The mention's place, unless it is only where the report was made ("the army said
    in Bamako that 10 attackers were killed", after the attack near Mopti)."""
    location = mention.location
    return None if location is not None and location.said_at else location


def places_fit(a: Location | None, b: Location | None) -> bool:
    """One missing, close points, or an area holding the other place."""
    if a is None or b is None:
        return True
    if _points_close(a, b):
        return True
    return holds(a, b) or holds(b, a) or _areas_overlap(a, b)


def _areas_overlap(a: Location, b: Location) -> bool:
    """"Donbas" and "eastern Ukraine": two parts of a country, one holding the other's
    point, may tell one incident."""
    return a.precision == b.precision == _SUBCOUNTRY and (
        area_holds(a.place, b.place) or area_holds(b.place, a.place))


def _points_close(a: Location, b: Location) -> bool:
    if a.precision > _ADM2 or b.precision > _ADM2:
        return a.place.name == b.place.name and a.place.country_code == b.place.country_code
    return distance_km(a.place.lat, a.place.lon, b.place.lat, b.place.lon) <= SAME_PLACE_KM


def holds(area: Location, other: Location) -> bool:
    """True when ``area`` is a country, part of a country or province holding ``other``."""
    place, inner = area.place, other.place
    if area.precision <= _NEAR:
        return False
    if area.precision == _MULTINATIONAL:
        return True
    if area.precision <= other.precision or place.country_code != inner.country_code:
        return False
    if place.kind is PlaceKind.ADMIN1 or area.precision in (Precision.ADM1, Precision.ADM2):
        return bool(inner.admin1) and inner.admin1 == (place.admin1 or place.name)
    return True


def _one_day(when: DateMention) -> bool:
    """A day written with its number ("On 4 May 2024"; not "overnight", "on Tuesday")."""
    return when.precision is DatePrecision.DAY and when.date_end in (None, when.date) \
        and any(c.isdigit() for c in when.text)


def dates_fit(a: DateMention | None, b: DateMention | None) -> bool:
    """One missing, or periods that overlap (a day's slack either side)."""
    if a is None or b is None:
        return True
    return a.date - _SLACK <= b.last_day and b.date - _SLACK <= a.last_day


def finer_location(a: Location | None, b: Location | None) -> Location | None:
    """The more precise of two compatible locations (the first on a tie)."""
    if a is None or b is None:
        return a or b
    return b if b.precision < a.precision else a


def finer_date(a: DateMention | None, b: DateMention | None) -> DateMention | None:
    """The more precise of two compatible dates (the first on a tie)."""
    if a is None or b is None:
        return a or b
    return b if b.precision < a.precision else a


def merge(mentions: list[Mention]) -> list[Incident]:
    """Group mentions into incidents, in text order (references attach last). A mention
    is compared with the last few incidents only: what a story tells together, it tells
    close together (and a long text stays linear)."""
    incidents: list[Incident] = []
    mentions = _background_told(mentions)
    for mention in mentions:
        if mention.reference:
            continue
        target = next((i for i in reversed(incidents[-RECENT:]) if i.accepts(mention)), None)
        if target is None:
            incidents.append(Incident([mention]))
            target = incidents[-1]
        else:
            target.add(mention)
        incidents += [Incident([_elsewhere(mention, far)]) for far in mention.far
                      if not any(_points_close(far, i.location) for i in incidents
                                 if i.location is not None)]
    _attach_references(mentions, incidents)
    return incidents


def _background_told(mentions: list[Mention]) -> list[Mention]:
    """"Al Shabaab had captured X on 4 March, residents said. The group later set up
    checkpoints": violence told in the past perfect, at a place and on a date of its own
    sentence, is the text's incident when nothing violent is told as it happens; what
    follows goes on telling it rather than standing alone."""
    if any(not m.reference and (m.category == "violent" or _own_place_or_date(m))
           for m in mentions):
        return mentions
    told = next((m for m in mentions if m.reference and m.head.background and m.head.violent
                 and m.later is None and _own_place_or_date(m, both=True)), None)
    if told is None or any(not m.reference for m in mentions[:mentions.index(told)]):
        return mentions
    # its words tell the incident now, no longer what happened before it
    cues = {id(c): replace(c, background=False, reference=False) for c in told.cues}
    promoted = replace(told, reference=False, cues=list(cues.values()),
                       head=cues.get(id(told.head), told.head))
    return [promoted if m is told else m for m in mentions]


def _own_place_or_date(mention: Mention, both: bool = False) -> bool:
    """The mention names a place of its own, or has a date written in its own sentence
    (``both``: a place and a date)."""
    location, when, sentence = mention.location, mention.when, mention.clause.sentence
    placed = location is not None and location.via not in UNNAMED
    dated = when is not None and sentence.start <= when.start < sentence.end
    return placed and dated if both else placed or dated


def _days_from(before: DateMention | None, mention: Mention) -> DateMention | None:
    """The date of a later day's incident ("The next day, ..."), from the day of the
    incident told before it."""
    assert mention.later is not None
    text, days = mention.later
    if before is None or days is None or before.precision is not DatePrecision.DAY \
            or before.date_end not in (None, before.date):
        return None
    start = mention.clause.tokens[mention.clause.first].start
    return DateMention(text, start, start + len(text), before.date + timedelta(days=days),
                       DatePrecision.DAY)


def _elsewhere(mention: Mention, location: Location) -> Mention:
    """The same report at another listed town (its tolls stay with the first)."""
    return replace(mention, location=location, tolls=[], far=[])


def _attach_references(mentions: list[Mention], incidents: list[Incident]) -> None:
    alone = not incidents
    starts = [i.mentions[0].clause.index for i in incidents]
    for mention in (m for m in mentions if m.reference):
        k = bisect.bisect_right(starts, mention.clause.index)
        nearby = incidents[max(0, k - RECENT):k] or incidents[:RECENT]
        target = next((i for i in reversed(nearby) if i.accepts(mention)), None)
        if target is None and not _toll_before(mention):
            target = next((i for i in incidents[k:k + RECENT] if i.accepts(mention)), None)
        if target is not None:
            target.add(mention)
        elif alone:
            incidents.append(Incident([replace(mention, reference=False)]))
        elif mention.later is not None:
            incidents.append(Incident([replace(mention, reference=False, when=mention.when or (
                _days_from(incidents[k - 1].when, mention) if k else None))]))


def _toll_before(mention: Mention) -> bool:
    """"The rebels had seized X after a clash in which six soldiers were killed": what had
    happened before, with a toll of its own, is background to what the text told before
    it, never an incident the text goes on to tell (nor is its toll that one's)."""
    return mention.head.background and bool(mention.tolls)
