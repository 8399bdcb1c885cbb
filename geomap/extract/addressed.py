"""A place the gazetteer lacks, given with its address: placed where the address says.

"in X, Wellington, New Zealand", "the village of X in Aberdeenshire, Scotland", "the army
laboratories in Fort X, Kentucky", "the X district of Bihar": the reader learns where the
place lies from the names after it, though no entry of the gazetteer bears its name
(GeoNames' cities500 leaves out suburbs, hamlets, villages under 500 people and military
bases). Such
a name is reported at the point of the town, county or state of its address, with that
precision (``near`` for a town, ``adm2``, ``adm1``) and a note that says so
(:func:`geomap.extract.containers.placed_at`), as a statement "X is a hamlet in Y County"
places a name the gazetteer lacks there.

Only a name of no entry at all is placed so (a name the spotter knows and left out is a
person's or an organisation's, decided elsewhere), only after a locative ("in X, Y") or
as the name of a settlement the text calls one ("the village of X in Y", "X, a village
near Y") or of a unit of an area ("the X district of Y"), and only at an address that is
a town, a county or a state (a country's point is no place's point), of a country the
article is about.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from geomap.extract.containers import placed_at
from geomap.extract.names import Entry, NameIndex
from geomap.extract.places import PlaceMention
from geomap.extract.resolve import entry_to_place
from geomap.extract.rules import Rules
from geomap.extract.statements import alternatives
from geomap.extract.text import NAME_WORD, Token, normalise
from geomap.model import PlaceKind

# A capitalised word of a name (hyphens and apostrophes inside), one to three of them.
_WORD = NAME_WORD
_NAME = rf"{_WORD}(?: {_WORD}){{0,2}}"
_WORDS = re.compile(rf"(?<![\w'’-]){_WORD}(?![\w'’-])")
# "in X, Y": a locative that puts a place there, the name, and a comma before the address.
_LOCATED = re.compile(rf"\b(?:in|near|outside)\s+(?P<name>{_NAME}),\s+")
# After a settlement's name: its address ("the village of X in Y", "X, a village near Y")
_ADDRESS_AFTER = re.compile(r"(?:,\s+|\s+(?:in|near|outside)\s+(?:the\s+)?)")
_LOWER = re.compile(r"(?<![\w'’-])[a-z][\w'’-]*")
_CONTAINERS = (PlaceKind.POPULATED_PLACE, PlaceKind.ADMIN2, PlaceKind.ADMIN1)


def addressed_places(text: str, tokens: Sequence[Token], places: list[PlaceMention],
                     taken: Sequence[tuple[int, int]], index: NameIndex, rules: Rules,
                     context: Counter[str], named: Sequence[tuple[int, int, str]] = (),
                     ) -> list[PlaceMention]:
    """The names the gazetteer lacks that the text gives with an address, each placed at
    the address's first place (see the module's docstring).

    Parameters
    ----------
    text
        The article.
    tokens
        Its tokens (for the mentions' token indices).
    places
        The places found and resolved, in text order.
    taken
        The spans of the places and actors found: no name overlapping one is placed.
    index
        The name index (a name with any entry is not placed here).
    rules
        The extraction rules (words that are no place's name).
    context
        The article's countries: an address abroad places nothing.
    named
        The names the text calls a town or a village
        (:func:`geomap.extract.unplaced.settlement_names`).

    Returns
    -------
    list of PlaceMention
        New mentions, resolved, in text order; every mention of a name placed at its
        first address.
    """
    resolved = {m.start: m for m in places if m.entry is not None}
    statement, unit, refused = _words(rules)
    spots = {(m.start("name"), m.end("name")) for m in _LOCATED.finditer(text)}
    spots.update((m.start("name"), m.end("name")) for m in unit.finditer(text))
    spots.update((start, end) for start, end, _ in named)
    spans = sorted(taken)
    starts = [a for a, _ in spans]
    ends = list(itertools.accumulate((b for _, b in spans), max))  # the farthest end so far
    lower: set[str] | None = None  # the words the text writes in lower case, when asked
    placed: dict[str, tuple[str, Entry]] = {}
    for start, end in sorted(spots):
        # the address first: most names after "in" have none, and it is the cheapest test
        container = _container(text, end, resolved, context, statement)
        name = text[start:end]
        key = normalise(name)
        if container is None or key in placed or _overlaps(starts, ends, start, end):
            continue
        if any(normalise(w) in refused for w in name.split()) or index.get(key):
            continue
        if lower is None:
            lower = set(_LOWER.findall(text))
        if " " not in name and name.lower() in lower:
            continue  # a word the text also writes in lower case is a common word
        placed[key] = (name, container)
    if not placed:
        return []
    by_surface = {" ".join(name.split()): (key, container)
                  for key, (name, container) in placed.items()}
    # every mention of the names: runs of up to three capitalised words, looked up (one
    # pass over the words, however many names: no pattern of thousands of alternatives)
    words = [(m.start(), m.end()) for m in _WORDS.finditer(text)]
    token_starts = [t.start for t in tokens]
    found = []
    i = 0
    while i < len(words):
        for width in (3, 2, 1):
            run = words[i:i + width]
            if len(run) < width or any(not text[a[1]:b[0]].isspace()
                                       for a, b in itertools.pairwise(run)):
                continue
            start, end = run[0][0], run[-1][1]
            hit = by_surface.get(" ".join(text[a:b] for a, b in run))
            if hit is None or _overlaps(starts, ends, start, end):
                continue
            key, container = hit
            first = bisect.bisect_left(token_starts, start)
            last = max(first, bisect.bisect_left(token_starts, end) - 1)
            found.append(_mention(text[start:end], start, end, key, container, first, last))
            i += width - 1
            break
        i += 1
    return found


@lru_cache(maxsize=4)
def _words(rules: Rules) -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    """The statement after a name ("X, a (farming) village near Y", "X, a town on the
    road between Y and Z"; not "X, a dairy farm in Y": no settlement), a unit of a
    larger area ("the X district of Y": the name, and after it the address) and the
    words that are no place's name."""
    nouns = alternatives(rules.words("settlement_nouns"))
    areas = alternatives(rules.words("area_nouns"))
    # ... or on a road between two towns, or to one ("X, a village on the road between A
    # and B"): placed at the first, as a coder codes such a village to the town named
    statement = re.compile(rf"(?:,\s+an?\s+(?:[a-z-]+\s+){{0,2}}?(?:{nouns})s?\s+"
                           r"(?:(?:in|near|outside)\s+(?:the\s+)?|(?:on|along)\s+the\s+"
                           r"(?:main\s+)?(?:road|highway|route)\s+(?:between|from|to|linking)\s+"
                           r"|between\s+)"
                           rf"|\s+(?:{areas})\s+of\s+(?:the\s+)?)")
    unit = re.compile(rf"\bthe\s+(?P<name>{_NAME})\s+(?:{areas})\s+of\s")
    refused = (rules.words("function_words") | rules.words("calendar_words")
               | rules.words("organisation_words") | rules.words("titles")
               | rules.words("street_words") | rules.words("landmark_words"))
    return statement, unit, frozenset(normalise(w) for w in refused)


def _overlaps(starts: list[int], ends: list[int], start: int, end: int) -> bool:
    """True when [start, end) overlaps a span (``starts`` sorted, ``ends`` the farthest
    end of the spans up to each)."""
    k = bisect.bisect_left(starts, end)  # the spans starting before the end
    return k > 0 and ends[k - 1] > start


def _container(text: str, end: int, resolved: dict[int, PlaceMention],
               context: Counter[str], statement: re.Pattern[str]) -> Entry | None:
    """The town, county or state right after a name's end ("X, Y", "X in the Y", "X, a
    village near Y"), in a country the article is about, or None."""
    for pattern in (statement, _ADDRESS_AFTER):
        after = pattern.match(text, end)
        if after is None:
            continue
        mention = resolved.get(after.end())
        if mention is None or mention.entry is None or mention.via != "name":
            continue
        entry = mention.entry
        if entry.kind in _CONTAINERS and context.get(entry.country_code or "", 0) > 0:
            return entry
    return None


def _mention(surface: str, start: int, end: int, key: str, container: Entry,
             first: int, last: int) -> PlaceMention:
    mention = PlaceMention(surface, start, end, key, (), "name", first, last)
    entry = placed_at(mention, container)
    mention.candidates = (entry,)
    mention.entry, mention.place = entry, entry_to_place(entry)
    mention.locative = True
    return mention
