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
        self._by_first: dict[str, list[tuple[tuple[str, ...], T]]] = {}

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
        entries = self._by_first.setdefault(key[0], [])
        entries.append((key, value))
        entries.sort(key=lambda entry: -len(entry[0]))  # longest first

    def __contains__(self, word: str) -> bool:
        return word in self._by_first

    def match_at(self, norms: Sequence[str], i: int, end: int | None = None,
                 ) -> tuple[int, list[T]]:
        """The longest phrase starting at token ``i`` (not past ``end``): its length in
        tokens and the values of every phrase of that length; ``(0, [])`` if none."""
        entries = self._by_first.get(norms[i])
        if not entries:
            return 0, []
        stop = len(norms) if end is None else end
        for key, _ in entries:
            width = len(key)
            if i + width <= stop and tuple(norms[i:i + width]) == key:
                return width, [v for k, v in entries if k == key]
        return 0, []

    def find(self, norms: Sequence[str], start: int = 0, end: int | None = None,
             ) -> list[tuple[int, int, list[T]]]:
        """Non-overlapping longest matches in ``norms[start:end]``: ``(first, width,
        values)`` in text order."""
        stop = len(norms) if end is None else end
        found = []
        first_words = self._by_first
        i = start
        while i < stop:
            if norms[i] not in first_words:
                i += 1
                continue
            width, values = self.match_at(norms, i, stop)
            if width:
                found.append((i, width, values))
                i += width
            else:
                i += 1
        return found

    def any_in(self, norms: Sequence[str], start: int = 0, end: int | None = None) -> bool:
        """True when a phrase occurs in ``norms[start:end]``."""
        stop = len(norms) if end is None else end
        return any(self.match_at(norms, i, stop)[0] for i in range(start, stop)
                   if norms[i] in self._by_first)
