"""Names the text says are towns or villages but the gazetteer does not know.

"Kazgil, a town on the road between ...", "the village of Um Sumeima": a reader sees a
place, and geomap finds no entry of the name, so no place is reported and no event is put
there. Such a name is listed in the extraction's warnings, so that it is not lost without
a word: the analyst can place it by hand or add the country's smaller places to the
gazetteer (``geomap gazetteer import CC.zip``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from itertools import accumulate

from geomap.extract.text import NAME_WORD

#: A capitalised name of one to three words (hyphens and apostrophes inside a word).
_NAME = rf"{NAME_WORD}(?: {NAME_WORD}){{0,2}}"
#: The kinds of settlement a text names an unknown place by; not before a word that makes
#: it a person's title ("X, a town official") or a building ("the town hall of X").
_KINDS = (r"(town|village|city|hamlet|settlement|locality)s?\b(?! (?:official|council|"
          r"councillor|councilor|elder|hall|chief|mayor|resident|leader|administrator|head|"
          r"dweller|folk|centre|center|square|police)s?\b)")
#: "the town of X", "the villages of X"; "X, a (small) town", "X, a farming village".
_PATTERNS = (
    re.compile(rf"\b(?:the|a) (?:small |remote |border |farming |mining |market |frontline )?"
               rf"{_KINDS} of ({_NAME})"),
    re.compile(rf"(?<![\w'’-])({_NAME}), an? (?:[a-z]+ ){{0,2}}?{_KINDS}"),
)
#: What follows the name in each pattern, alone: a pattern matches nowhere when its tail
#: matches nowhere. Most news holds neither, and the tails cost a tenth of the whole
#: patterns, which try a name at every capital of the text (1.5 ms per 5 KB of news).
_TAILS = (
    re.compile(rf"{_KINDS} of [A-Z]"),
    re.compile(rf", an? (?:[a-z]+ ){{0,2}}?{_KINDS}"),
)


def unplaced_names(text: str, taken: Sequence[tuple[int, int]],
                   named: Sequence[tuple[int, int, str]] | None = None,
                   ) -> list[tuple[str, str]]:
    """The names (with their kind) that ``text`` calls a town, village... and that overlap
    none of the ``taken`` spans (the places and actors found), in order of first mention,
    each once (``named``: :func:`settlement_names` of the text, when known)."""
    found: dict[str, tuple[int, str]] = {}
    overlaps = _overlap_test(taken)
    for start, end, kind in settlement_names(text) if named is None else named:
        name = text[start:end]
        if overlaps(start, end):
            continue
        if name not in found:
            found[name] = (start, kind)
    return list((name, kind) for name, (_, kind) in found.items())


def settlement_names(text: str) -> list[tuple[int, int, str]]:
    """The spans of the names ``text`` calls a town, village... ("the village of X", "X, a
    farming village"), with the kind, found or not, in text order (a one-word name
    opening a sentence left out: "Meanwhile, a town ...")."""
    spans: dict[tuple[int, int], str] = {}
    for number, (pattern, tail) in enumerate(zip(_PATTERNS, _TAILS, strict=True)):
        if tail.search(text) is None:
            continue
        for match in pattern.finditer(text):
            kind, name = match.groups() if number == 0 else match.groups()[::-1]
            start = match.start(2 if number == 0 else 1)
            if not _any_opener(text, start, name):
                spans.setdefault((start, start + len(name)), kind)
    return [(start, end, kind) for (start, end), kind in sorted(
        spans.items(), key=lambda item: item[0][0])]


def _overlap_test(taken: Sequence[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test of whether ``start..end`` overlaps any of the ``taken`` spans, in
    logarithmic time: the spans sorted by start, with the furthest end among each prefix
    (a long text holds thousands of mentions and of matches: asking every span of every
    match took a second on half a megabyte)."""
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    furthest = list(accumulate((b for _, b in spans), max))

    def overlaps(start: int, end: int) -> bool:
        count = bisect_left(starts, end)  # the spans starting before the name ends ...
        return count > 0 and furthest[count - 1] > start  # ... one ending after it starts

    return overlaps


def _any_opener(text: str, start: int, name: str) -> bool:
    """A one-word name opening a sentence may be any capitalised word ("Meanwhile, a
    town ...")."""
    if " " in name:
        return False
    k = start  # the character before, white space passed over (no copy of the text)
    while k > 0 and text[k - 1].isspace():
        k -= 1
    return k == 0 or text[k - 1] in ".!?:;\"“”"
