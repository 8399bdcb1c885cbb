"""What the event extraction returns: events, relations, their places and tolls."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from geomap.extract.actors import ActorDef
from geomap.model import Place
from geomap.precision import DatePrecision, Precision

Day = date  # the type, for fields named "date"


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened: a resolved place and how well the text knows it.

    ``precision`` may be coarser or finer than the place's own ("near Gao" is near, the
    country of the army involved is the country); ``text``/``start``/``end`` give the
    phrase it comes from, or are empty when the place was inferred (``via``).
    """

    place: Place
    precision: Precision
    text: str = ""
    start: int = -1
    end: int = -1
    via: str = "locative"  # locative | named | area | qualifier | army | main_country |
    # spelling (the gazetteer's nearest spelling of a name it lacks: a guess, said in notes)
    said_at: bool = False  # only where the clause's report was made ("said in Bamako that
    # 10 attackers were killed"): it gives way to the place of an incident it goes on telling

    @property
    def name(self) -> str:
        return self.place.name


@dataclass(frozen=True, slots=True)
class Toll:
    """One casualty figure as the text gives it: a count or a range, the victims, and
    who gives it (``claimed_by`` an actor, or ``claimant`` text such as "local sources").
    """

    count: int | None
    low: int | None = None
    high: int | None = None
    victims: str = ""
    qualifier: str | None = None  # low | high | approximate | vague
    claimed_by: ActorDef | None = None
    claimant: str | None = None
    sentence_start: int = -1  # the start of the clause it was read in
    added: bool = False  # "were also killed", "another 5": more dead, not the same retold
    sentence: int = -1  # the start of its sentence

    @property
    def best(self) -> int | None:
        """The figure to map: the count, else the smallest number the text implies."""
        return self.count if self.count is not None else self.low


@dataclass(slots=True)
class EventRecord:
    """One incident: every sentence that tells it, who did what to whom, where, when and
    with what toll. ``sentence``/``start``/``end`` are the first evidence sentence."""

    sentence: str
    start: int
    end: int
    type: str
    sub_type: str | None
    date: Day | None
    date_precision: DatePrecision | None
    location: Location | None
    actor1: list[ActorDef] = field(default_factory=list)
    actor2: list[ActorDef] = field(default_factory=list)
    date_end: Day | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    fatalities_claimed_by: ActorDef | None = None
    tolls: list[Toll] = field(default_factory=list)
    evidence: list[tuple[int, int]] = field(default_factory=list)

    @property
    def actors(self) -> list[ActorDef]:
        """Every party: who acted, then who was acted upon."""
        return list(dict.fromkeys(self.actor1 + self.actor2))


@dataclass(slots=True)
class RelationRecord:
    """A directed relation between two actors, with the sentence that states it.

    ``hedge`` is ``alleged`` (someone says so), ``denied`` or None (stated as fact);
    ``claimed_by`` is who says so when the text names them.
    """

    source: ActorDef
    target: ActorDef
    kind: str
    sentence: str
    start: int
    end: int
    date: Day | None = None
    date_precision: DatePrecision | None = None
    hedge: str | None = None
    claimed_by: ActorDef | None = None
