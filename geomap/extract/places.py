"""Toponym spotting: place names, demonyms and capitals found in tokens, with their roles.

Spotting is a longest match of capitalised token sequences against the name index
(:mod:`geomap.extract.names`). The rules that keep common words out (Nice, Mobile, Reading,
Split, Chad the first name, Georgia Tech) live in ``extract_rules.yaml``; this module
applies them. Resolution (which candidate) is in :mod:`geomap.extract.resolve`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geomap.extract.names import MAX_NAME_TOKENS, Entry, NameIndex
from geomap.extract.rules import Rules
from geomap.extract.text import Token, join_runs, joinable, normalise
from geomap.model import Place, PlaceKind

_LIST_GAP = re.compile(r"^\s*(?:,|and|or|, and|, or|/)\s*$")
_AREA_KINDS = frozenset({PlaceKind.COUNTRY, PlaceKind.REGION, PlaceKind.WATER})


@dataclass(slots=True)
class PlaceMention:
    """A place named in the text.

    ``via`` is ``name`` (a toponym), ``demonym`` ("Malian") or ``the_prefixed`` ("the
    Niger" the river). ``locative`` is True when the text uses it as a location ("in
    Bamako"); ``state_code`` is set when it also stands for a state ("Bamako expressed
    shock", "Mali has severed ties").
    """

    text: str
    start: int
    end: int
    key: str
    candidates: tuple[Entry, ...]
    via: str
    first: int  # token indices
    last: int
    place: Place | None = None
    entry: Entry | None = None
    locative: bool = False
    state_code: str | None = None


class Spotter:
    """Finds place mentions in a tokenised text."""

    def __init__(self, index: NameIndex, rules: Rules) -> None:
        self.index = index
        self.demonyms = rules.demonyms
        self.common = rules.words("common_words")
        self.initial_ok = rules.words("sentence_initial_ok")
        self.suffixes = rules.words("place_suffixes")
        self.locatives = rules.words("locative_prepositions")
        self.openers = rules.words("sentence_openers")
        self.markers = self.locatives | rules.words("place_markers")
        self._lower_words: set[str] = set()
        self.the_prefixed = {normalise(k): normalise(v)
                             for k, v in rules.data.get("the_prefixed", {}).items()}

    def spot(self, text: str, tokens: list[Token], blocked: set[int],
             sentence_starts: set[int]) -> list[PlaceMention]:
        """Non-overlapping place mentions, in text order."""
        found: list[PlaceMention] = []
        runs = join_runs(text, tokens)
        # words this text also writes in lower case are common words ("To", "Set", "Bad")
        self._lower_words = {t.norm for t in tokens if not t.capitalised}
        i = 0
        while i < len(tokens):
            mention = None
            if i not in blocked and tokens[i].capitalised:
                mention = self._match_at(text, tokens, i, runs[i], blocked, sentence_starts)
            if mention is None:
                i += 1
                continue
            found.append(mention)
            i = mention.last + 1
        self._mark_roles(text, tokens, found)
        return found

    def _match_at(self, text: str, tokens: list[Token], i: int, run_end: int,
                  blocked: set[int], starts: set[int]) -> PlaceMention | None:
        for j in range(min(run_end, i + MAX_NAME_TOKENS - 1), i - 1, -1):
            span = range(i, j + 1)
            if not tokens[j].capitalised or any(k in blocked for k in span):
                continue
            key = " ".join(tokens[k].norm for k in span)
            mention = self._candidate(text, tokens, i, j, key)
            if mention is not None and (j > i or self._single_ok(text, tokens, mention, starts)):
                return mention
        return None

    def _candidate(self, text: str, tokens: list[Token], i: int, j: int,
                   key: str) -> PlaceMention | None:
        surface = text[tokens[i].start:tokens[j].end]
        prev = tokens[i - 1].norm if i > 0 else ""
        if key in self.the_prefixed and prev == "the":
            river = self.index.get(self.the_prefixed[key])
            return PlaceMention(surface, tokens[i].start, tokens[j].end, key, river,
                                "the_prefixed", i, j)
        if key in self.index:
            return PlaceMention(surface, tokens[i].start, tokens[j].end, key,
                                self.index.get(key), "name", i, j)
        if i == j and key in self.demonyms:
            country = self.index.country(self.demonyms[key])
            if country is not None:
                return PlaceMention(surface, tokens[i].start, tokens[j].end, key, (country,),
                                    "demonym", i, j)
        return None

    def _single_ok(self, text: str, tokens: list[Token], m: PlaceMention,
                   starts: set[int]) -> bool:
        """The rules that keep common words and parts of longer names out."""
        if m.via != "name":
            return True
        i = m.first
        token = tokens[i]
        is_area = any(e.kind in _AREA_KINDS for e in m.candidates)
        if not is_area and (len(m.key) <= 2 or (token.surface.isupper() and len(m.key) <= 4)):
            return False
        if not is_area and m.key in self._lower_words and not self._located(text, tokens, i):
            return False
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        glued_next = (nxt is not None and nxt.capitalised and joinable(text, token, nxt)
                      and nxt.norm not in self.suffixes)
        prev = tokens[i - 1] if i > 0 else None
        glued_prev = (prev is not None and i not in starts and prev.capitalised
                      and not ((i - 1) in starts and prev.norm in self.openers)
                      and joinable(text, prev, token))
        if m.key in self.common:
            if i in starts and m.key not in self.initial_ok:
                return False
            if glued_next or glued_prev:
                return False
            return is_area or self._located(text, tokens, i)
        return is_area or not (glued_next or glued_prev)

    def _located(self, text: str, tokens: list[Token], i: int) -> bool:
        """True after a locative preposition or before ", <Place>"."""
        if i > 0 and tokens[i - 1].norm in self.markers:
            return True
        after = text[tokens[i].end:tokens[i].end + 2]
        return after == ", " and i + 1 < len(tokens) and tokens[i + 1].norm in self.index

    def _mark_roles(self, text: str, tokens: list[Token], found: list[PlaceMention]) -> None:
        previous: PlaceMention | None = None
        for m in found:
            before = tokens[m.first - 1].norm if m.first > 0 else ""
            m.locative = before in self.locatives
            if previous is not None and _LIST_GAP.match(text[previous.end:m.start]):
                m.locative = previous.locative or text[previous.end:m.start] == ", "
            previous = m
