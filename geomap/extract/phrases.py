"""Word lists matched on tokens: one dictionary look-up per token, longest phrase first.

The event, actor and relation rules are lists of words and short phrases
(``geomap/data/event_rules.yaml``). Matching them as regular expressions costs a scan
of the text per pattern; matching them on the normalised tokens the extractor already
has costs one dictionary look-up per token, whatever the number of phrases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

from geomap.extract.text import tokenize

T = TypeVar("T")


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The normalised tokens of a phrase as the tokenizer makes them ("cease-fire" ->
    ``("cease", "fire")``)."""
    return tuple(t.norm for t in tokenize(phrase))


class PhraseIndex(Generic[T]):
    """Phrases of one or more words, each with values, indexed by their first word."""

    def __init__(self) -> None:
        # first word -> (width, phrases of that width -> their values), longest first
        self._by_first: dict[str, list[tuple[int, dict[tuple[str, ...], list[T]]]]] = {}

    @classmethod
    def of_words(cls, words: Iterable[str], value: T) -> PhraseIndex[T]:
        """An index where every phrase of ``words`` has the same value."""
        index: PhraseIndex[T] = cls()
        for word in words:
            index.add(str(word), value)
        return index

    def add(self, phrase: str, value: T) -> None:
        """Add ``phrase`` (normalised like the text's tokens) with ``value``."""
        key = phrase_key(phrase)
        if not key:
            return
        levels = self._by_first.setdefault(key[0], [])
        for width, phrases in levels:
            if width == len(key):
                phrases.setdefault(key, []).append(value)
                return
        levels.append((len(key), {key: [value]}))
        levels.sort(key=lambda level: -level[0])  # longest first

    def __contains__(self, word: str) -> bool:
        return word in self._by_first

    def match_at(self, norms: Sequence[str], i: int, end: int | None = None,
                 ) -> tuple[int, list[T]]:
        """The longest phrase starting at token ``i`` (not past ``end``): its length in
        tokens and the values of every phrase of that length; ``(0, [])`` if none."""
        levels = self._by_first.get(norms[i])
        if not levels:
            return 0, []
        stop = len(norms) if end is None else end
        for width, phrases in levels:  # one look-up per width, not one test per phrase
            if i + width <= stop:
                values = phrases.get(tuple(norms[i:i + width]))
                if values is not None:
                    return width, list(values)
        return 0, []

    def find(self, norms: Sequence[str], start: int = 0, end: int | None = None,
             ) -> list[tuple[int, int, list[T]]]:
        """Non-overlapping longest matches in ``norms[start:end]``: ``(first, width,
        values)`` in text order."""
        stop = len(norms) if end is None else end
        found: list[tuple[int, int, list[T]]] = []
        if start >= 0 and not self.any_first_word(norms, start, stop):
            return found  # most clauses hold no first word of a list: one pass in C
        resume = start  # the token after the last phrase found
        for i in self.starts(norms, start, stop):
            if i < resume:
                continue
            width, values = self.match_at(norms, i, stop)
            if width:
                found.append((i, width, values))
                resume = i + width
        return found

    def starts(self, norms: Sequence[str], start: int = 0, end: int | None = None,
               ) -> list[int]:
        """The positions in ``norms[start:end]`` where a phrase may start (its first
        word), in order: a loop over them visits few tokens."""
        stop = len(norms) if end is None else end
        first_words = self._by_first
        return [k for k in range(start, stop) if norms[k] in first_words]

    def any_first_word(self, norms: Sequence[str], start: int = 0, end: int | None = None,
                       ) -> bool:
        """True when a phrase's first word occurs in ``norms[start:end]`` (``start`` not
        negative): one pass in C."""
        stop = len(norms) if end is None else end
        return not self._by_first.keys().isdisjoint(norms[start:stop])

    def any_in(self, norms: Sequence[str], start: int = 0, end: int | None = None) -> bool:
        """True when a phrase occurs in ``norms[start:end]``."""
        stop = len(norms) if end is None else end
        if start >= 0 and not self.any_first_word(norms, start, stop):
            return False
        for i in self.starts(norms, start, stop):
            if self.match_at(norms, i, stop)[0]:
                return True
        return False
