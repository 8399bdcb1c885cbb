"""Characters that show nothing, read through: zero-width spaces and joiners, soft hyphens,
byte-order marks and direction controls, which text pasted from web pages, PDFs and chat
apps carries inside words ("G\\u200bao" was no place, "Khar\\u200dkiv" was Haar in Germany).

The extraction reads the text without them and reports offsets in the text as given: the
mentions' texts and the events' sentences are the given text's, invisible characters
included (text from data is never rewritten).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from geomap._text import INVISIBLE_CHARACTERS

if TYPE_CHECKING:
    from geomap.extract.actors import ActorMention
    from geomap.extract.pipeline import Extraction

#: One character that shows nothing (the gazetteer's name keys drop the same ones).
INVISIBLE = re.compile(f"[{INVISIBLE_CHARACTERS}]")


class Offsets:
    """Offsets in a text without its invisible characters, as offsets in the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        #: The position in ``text`` of each character kept.
        self.kept = [i for i, c in enumerate(text) if not INVISIBLE.match(c)]
        self.visible = "".join(text[i] for i in self.kept)

    def start(self, position: int) -> int:
        """Where a span starting at ``position`` of the visible text starts in the text."""
        if position < 0:
            return position  # -1: no span
        return self.kept[position] if position < len(self.kept) else len(self.text)

    def end(self, position: int) -> int:
        """Where a span ending at ``position`` of the visible text ends in the text (after
        its last visible character)."""
        if position <= 0:
            return position
        return self.kept[position - 1] + 1

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.start(start), self.end(end)


def invisible_in(text: str) -> bool:
    """Whether ``text`` holds a character :data:`INVISIBLE` names."""
    return not text.isascii() and INVISIBLE.search(text) is not None


def restore_offsets(found: Extraction, offsets: Offsets) -> Extraction:
    """``found`` (read in ``offsets.visible``) with every offset and text of the given text."""
    text = offsets.text
    moved: set[int] = set()
    for place in found.places:
        if id(place) not in moved:  # one mention may stand twice in the list
            moved.add(id(place))
            place.start, place.end = offsets.span(place.start, place.end)
            place.text = text[place.start:place.end]
    found.actors = [_moved(actor, offsets) for actor in found.actors]
    for event in found.events:
        event.start, event.end = offsets.span(event.start, event.end)
        event.sentence = text[event.start:event.end]
        event.evidence = [offsets.span(a, b) for a, b in event.evidence]
        if event.location is not None and event.location.start >= 0:
            start, end = offsets.span(event.location.start, event.location.end)
            event.location = replace(event.location, start=start, end=end,
                                     text=text[start:end])
        event.tolls = [replace(toll, sentence_start=offsets.start(toll.sentence_start),
                               sentence=offsets.start(toll.sentence)) for toll in event.tolls]
    for relation in found.relations:
        relation.start, relation.end = offsets.span(relation.start, relation.end)
        relation.sentence = text[relation.start:relation.end]
    found.text = text
    return found


def _moved(actor: ActorMention, offsets: Offsets) -> ActorMention:
    start, end = offsets.span(actor.start, actor.end)
    return replace(actor, start=start, end=end, text=offsets.text[start:end])
