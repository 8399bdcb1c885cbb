"""One text as the event rules see it: tokens, cues, actors, places and dates by clause.

A sentence is cut into clauses at semicolons, and a headline's attribution tail
("... killed in shelling - DPR command", "...: military") is set apart: it says who
reports the event, it is not part of it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from geomap.extract.actors import ActorDef, ActorMention
from geomap.extract.cues import Cue
from geomap.extract.dateline import dateline_span
from geomap.extract.dates import DateMention
from geomap.extract.places import PlaceMention
from geomap.extract.text import Sentence, Token, token_norms, token_starts

T = TypeVar("T")

# "... - DPR command", "...: military", "... -Kiev officials" at the end of a headline
_TAIL = re.compile(r"(?:\s[-–—]\s?|\s?[-–—]\s|:\s)(?P<tail>[^-–—:;.!?]{2,60})$")
_TAIL_MARKS = ("-", "–", "—", ":")  # what _TAIL's separator holds
_MAX_TAIL_WORDS = 6
_FULL_STOP = re.compile(r"\. ")


@dataclass
class TextFacts:
    """Everything the event rules need about one text, with token positions."""

    text: str
    tokens: list[Token]
    places: list[PlaceMention]
    actors: list[ActorMention]
    article_date: date | None
    main_state: ActorDef | None
    main_country: str | None
    # where the article date ends when the story tells it as an event's day, not its
    # filing (``dates.told_day_end``): later weekdays count on from it
    told_day_end: int | None = None
    norms: list[str] = field(init=False)
    token_starts: list[int] = field(init=False)
    dateline: tuple[int, int] = field(init=False)  # its span, (0, 0) without one
    # the text tells of armed conflict (an armed actor, "war", "ceasefire", "civilians"):
    # set by the event rules
    conflict: bool = field(init=False, default=False)
    # the text tells of a disaster, an accident or an epidemic and not of armed conflict
    disaster: bool = field(init=False, default=False)
    actor_spans: dict[int, tuple[int, int]] = field(init=False)  # id(mention) -> tokens
    # the places by start and by end offset (:meth:`places_starting`), made when first asked
    _by_offset: tuple[dict[int, list[PlaceMention]], dict[int, list[PlaceMention]]] | None = \
        field(init=False, default=None, repr=False, compare=False)
    # the places by their first token, the actors' starts by kinds, the offsets of ". ",
    # the starts of the places named in each country: made when first asked
    _by_token: dict[int, list[PlaceMention]] | None = \
        field(init=False, default=None, repr=False, compare=False)
    _actor_starts: dict[frozenset[object], list[int]] = \
        field(init=False, default_factory=dict, repr=False, compare=False)
    _place_starts: list[int] | None = field(init=False, default=None, repr=False, compare=False)
    _full_stops: list[int] | None = field(init=False, default=None, repr=False, compare=False)
    _by_country: dict[str | None, list[int]] | None = \
        field(init=False, default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.norms = token_norms(self.tokens)
        self.token_starts = token_starts(self.tokens)
        self.actor_spans = {id(a): (self.token_at(a.start), self.token_at(a.end))
                            for a in self.actors}
        self.dateline = dateline_span(self.text) or (0, 0)

    def places_starting(self, offset: int) -> list[PlaceMention]:
        """The place mentions starting at ``offset``, in text order."""
        return self._places_by_offset()[0].get(offset, [])

    def places_ending(self, offset: int) -> list[PlaceMention]:
        """The place mentions ending at ``offset``, in text order."""
        return self._places_by_offset()[1].get(offset, [])

    def _places_by_offset(self) -> tuple[dict[int, list[PlaceMention]],
                                         dict[int, list[PlaceMention]]]:
        """The mentions by start and by end offset, made at the first question: a rule
        asking for the place at a cue looks it up instead of reading every place of the
        text (on a long text, millions of comparisons)."""
        if self._by_offset is None:
            starting: dict[int, list[PlaceMention]] = {}
            ending: dict[int, list[PlaceMention]] = {}
            for m in self.places:
                starting.setdefault(m.start, []).append(m)
                ending.setdefault(m.end, []).append(m)
            self._by_offset = (starting, ending)
        return self._by_offset

    def place_starts(self) -> list[int]:
        """The places' starts, in text order (the places are sorted by start)."""
        if self._place_starts is None:
            self._place_starts = [m.start for m in self.places]
        return self._place_starts

    def places_at_token(self, k: int) -> list[PlaceMention]:
        """The place mentions whose first token is ``k``, in text order."""
        if self._by_token is None:
            self._by_token = {}
            for m in self.places:
                self._by_token.setdefault(m.first, []).append(m)
        return self._by_token.get(k, [])

    def actor_starts(self, kinds: frozenset[object]) -> list[int]:
        """The sorted starts of the actor mentions whose actor is of one of ``kinds``."""
        starts = self._actor_starts.get(kinds)
        if starts is None:
            starts = self._actor_starts[kinds] = sorted(
                a.start for a in self.actors if a.actor.kind in kinds)
        return starts

    def full_stop_before(self, end: int) -> int:
        """``text.rfind(". ", 0, end)`` by bisection: a text with few full stops is
        not read back to its start at every question."""
        if self._full_stops is None:
            self._full_stops = [m.start() for m in _FULL_STOP.finditer(self.text)]
        k = bisect.bisect_right(self._full_stops, end - 2)
        return self._full_stops[k - 1] if k else -1

    def place_starts_in(self, country_code: str | None) -> list[int]:
        """The sorted starts of the places named (no demonym) that lie in the country."""
        if self._by_country is None:
            self._by_country = {}
            for m in self.places:
                if m.via != "demonym" and m.place is not None:
                    self._by_country.setdefault(m.place.country_code, []).append(m.start)
            for starts in self._by_country.values():
                starts.sort()
        return self._by_country.get(country_code, [])

    def token_at(self, offset: int) -> int:
        """The index of the first token starting at or after ``offset``."""
        return bisect.bisect_left(self.token_starts, offset)


@dataclass
class Clause:
    """A part of a sentence with its tokens ``[first, stop)`` and what lies in it."""

    facts: TextFacts
    sentence: Sentence
    start: int
    end: int
    first: int
    stop: int
    actors: list[ActorMention]
    places: list[PlaceMention]
    dates: list[DateMention]
    cues: list[Cue]
    tail: tuple[int, int] | None = None  # attribution tail (chars), if any
    index: int = 0  # the clause's position in the text
    # the text's, as plain attributes: the rules read them over a thousand times per
    # article, and a property is a function call each time
    norms: list[str] = field(init=False, repr=False, compare=False)
    tokens: list[Token] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.norms = self.facts.norms
        self.tokens = self.facts.tokens

    def actor_tokens(self, mention: ActorMention) -> tuple[int, int]:
        """The token range ``[first, stop)`` of an actor mention."""
        known = self.facts.actor_spans.get(id(mention))
        if known is not None:
            return known
        return self.facts.token_at(mention.start), self.facts.token_at(mention.end)

    def in_tail(self, offset: int) -> bool:
        return self.tail is not None and self.tail[0] <= offset < self.tail[1]


def within(items: list[T], starts: list[int], start: int, end: int) -> list[T]:
    """The items (sorted by ``starts``) that start in ``[start, end)``."""
    return items[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


def clause_spans(text: str, sentence: Sentence) -> list[tuple[int, int, tuple[int, int] | None]]:
    """``(start, end, tail)`` of each clause of a sentence: cut at semicolons; the last
    clause of a headline may carry an attribution tail."""
    spans: list[tuple[int, int, tuple[int, int] | None]] = []
    start = sentence.start
    k = text.find(";", start, sentence.end)
    while k >= 0:
        spans.append((start, k, None))
        start = k + 1
        k = text.find(";", start, sentence.end)
    spans.append((start, sentence.end, _tail(text, start, sentence.end)))
    return [(a, b, tail) for a, b, tail in spans if b > a]


def _tail(text: str, start: int, end: int) -> tuple[int, int] | None:
    piece = text[start:end].rstrip(" .")
    if not any(mark in piece for mark in _TAIL_MARKS):
        return None  # no dash or colon: no tail (and no search from every position)
    match = _TAIL.search(piece)
    if match is None or len(match.group("tail").split()) > _MAX_TAIL_WORDS:
        return None
    if match.start() < 12:  # "UPDATE 1-..." or a short label: not a tail
        return None
    return start + match.start("tail"), start + match.end("tail")
