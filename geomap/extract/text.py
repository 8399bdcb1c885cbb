"""Text primitives for extraction: normalisation, tokens with offsets, sentences.

Every offset is an index into the text exactly as given (``text[start:end]``), so the
spans that the extractor reports can be checked against the input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count
from operator import itemgetter, not_
from typing import Any, NamedTuple

from geomap.geocoding.normalize import fold

# A word: letters, with inner apostrophes ("N'Djamena") and dots in initialisms ("U.S.",
# "W.Va.").
# The two dotted forms share their first letter and period, written once: the engine tries
# it once at each position instead of twice (the same matches, a fifth faster). Every word
# opens with a letter or digit, matched first (a letter's dotted forms then checked behind
# it): a pattern that opens with a character class lets the engine skip the gaps between
# words in one loop instead of trying both forms at each of their characters.
_WORD = re.compile(r"[^\W_](?:(?<=[^\W\d_])\.(?:(?:[^\W\d_]\.)+|[^\W\d_]{2}\.)"
                   r"|[^\W_]*(?:['’][^\W\d_]+)*)", re.UNICODE)
#: A capitalised word of a name, as the patterns of names the gazetteer lacks read one
#: (geomap.extract.unplaced, geomap.extract.addressed): a capital, then letters, digits,
#: hyphens and apostrophes of which one at least is a small letter, the run taken whole.
#: Written ``[A-Z][\w'’-]*[a-z][\w'’-]*``, a run the rest of a pattern then refused was
#: tried split at each of its small letters, then each of their tails again: time
#: growing as the square of the run (one word of 16,000 letters after "in": 38 s).
NAME_WORD = r"[A-Z](?=[\w'’-]*?[a-z])[\w'’-]*+"
# The same words as one capturing group: ``split`` hands back the gaps and the words in
# turn as plain strings, whose lengths give the offsets (no match object per word).
_WORD_SPLIT = re.compile(f"({_WORD.pattern})", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$|['’]$")
_POSSESSIVE_ENDS = "s'’"  # the last letters a possessive can end with
# An elided article before a capital ("d'Ivoire", "l'Aquila") is part of a capitalised word.
_ELIDED_CAPITAL = re.compile(r"^[^\W\d_]{1,3}['’][^\W\d_]")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "´": "'"})
# Sentence ends: . ! ? (and closing quotes) followed by space and a capital or quote; or a
# line break. The group names the gap between the sentences (the mark itself stays in the
# sentence before): a pattern that opens with a mark the engine looks for quickly, where a
# look-behind would be tried at every character. The mark and the line break are one
# character class, which the engine skips to in one loop (with two branches it tried both
# at every character: 7 times slower); the branch is then chosen by the mark behind.
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=[.!?])(?P<gap>[\"”’)\]]*\s+)(?=[\"“‘(\[]?[A-Z0-9À-Þ])"
                           r"|(?<=\n)(?P<lines>\n*))")
# Abbreviated first words of place names (spelled out by the name index: extract_rules.yaml).
_NAME_ABBREVIATIONS = frozenset({"st", "ste", "mt", "ft"})
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "st",
                            "maj", "gov", "sen", "rep", "no", "vs", "etc", "jan", "feb", "aug",
                            "sept", "sep", "oct", "nov", "dec", "u.s", "u.k", "cpl", "brig",
                            "vil", "pos", "smt"})
# Reports translated from Ukrainian or Russian write the abbreviation of "village" (с.,
# сел.) as "village.": "near the village. Stepanovka, Shakhtarskyi district". After a
# preposition and "the", and before a name, a comma and a district or province, that
# period ends no sentence ("... entered the village. Stepanovka, a hamlet, ..." does).
_SETTLEMENT_PERIOD = re.compile(
    r"\b(?:near|of|in|at|outside|from|to|by)\W+the\W+(?:village|settlement|town)$",
    re.IGNORECASE)
_SETTLEMENT_WORDS = ("village", "settlement", "town")  # what _SETTLEMENT_PERIOD ends with
_NAME_AND_DISTRICT = re.compile(
    r"[A-Z][\w'’]*(?:\s?-\s?[A-Z][\w'’]*| [A-Z][\w'’]*){0,2},\s*"
    r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)? (?:district|raion|rayon|region|oblast)\b")


_new_tuple = tuple.__new__


class Token(NamedTuple):
    """A word of the text: offsets, its surface, its normal form, and facts for the rules.

    A named tuple: thousands are made per article, and tuples are the cheapest to make.
    """

    start: int
    end: int
    surface: str
    norm: str
    possessive: bool
    capitalised: bool


# A token's fields by position, read in C: a column of the tokens (their starts, their
# normal forms) is a ``map`` of one of these, with no Python loop over the text's words.
# Every rule step used to build its own column in a comprehension, and a 5 KB article
# was walked token by token about twenty times.
_START, _END, _NORM, _CAPITALISED = itemgetter(0), itemgetter(1), itemgetter(3), itemgetter(5)


def token_starts(tokens: Sequence[Token]) -> list[int]:
    """The start offset of each token."""
    return _column(tokens, _STARTS, _starts)


def token_ends(tokens: Sequence[Token]) -> list[int]:
    """The end offset of each token."""
    return _column(tokens, _ENDS, _ends)


def token_norms(tokens: Sequence[Token]) -> list[str]:
    """The normal form of each token."""
    return _column(tokens, _NORMS, _norms)


def capitalised_indices(tokens: Sequence[Token]) -> list[int]:
    """The indices of the capitalised tokens, in order."""
    return _column(tokens, _CAPITALS, _capitals)


def _starts(tokens: Sequence[Token]) -> list[int]:
    return list(map(_START, tokens))


def _ends(tokens: Sequence[Token]) -> list[int]:
    return list(map(_END, tokens))


def _norms(tokens: Sequence[Token]) -> list[str]:
    return list(map(_NORM, tokens))


def _capitals(tokens: Sequence[Token]) -> list[int]:
    return list(compress(count(), map(_CAPITALISED, tokens)))


_STARTS, _ENDS, _NORMS, _CAPITALS = range(4)
_SHARED_FROM = 32  # tokens: a shorter list (a name's words) is read once, not kept
# The columns made of the last long token list asked about, kept with the list itself
# (not its id, which a later list could reuse): the steps of one article each asked for
# the same columns of the text's tokens, 14 passes over them where 4 do.
_columns: tuple[Sequence[Token], dict[int, list[Any]]] = ((), {})


def _column(tokens: Sequence[Token], key: int,
            make: Callable[[Sequence[Token]], list[Any]]) -> list[Any]:
    """``make(tokens)``, made once per long token list; a copy, which the caller owns."""
    global _columns
    if len(tokens) < _SHARED_FROM:
        return make(tokens)
    held = _columns
    if held[0] is not tokens:
        held = _columns = (tokens, {})
    column = held[1].get(key)
    if column is None:
        column = held[1][key] = make(tokens)
    return column.copy()


@lru_cache(maxsize=65536)
def normalise(value: str) -> str:
    """The gazetteer's case and accent folding, with word boundaries kept: the key of
    tokens and word lists (the name index itself keys with
    :func:`geomap.geocoding.normalize.name_key`, which drops the spaces too).

    >>> normalise("Ménaka")
    'menaka'
    >>> normalise("Tin-Zaouatene")
    'tin zaouatene'
    """
    bare = fold(value.translate(_APOSTROPHES)).replace("-", " ").replace(".", "")
    return " ".join(bare.split())


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word tokens; a possessive ``'s`` is left out of the span."""
    return tokenize_with_gaps(text)[0]


def tokenize_with_gaps(text: str) -> tuple[list[Token], list[str]]:
    """:func:`tokenize`, and the text after each token's word up to the next word (for
    :func:`name_runs`; a possessive ending is part of the word, not of the gap)."""
    tokens: list[Token] = []
    append = tokens.append
    parts = _WORD_SPLIT.split(text)  # gap, word, gap, word, ..., gap
    start = len(parts[0])
    pieces = iter(parts)
    next(pieces)
    for word, gap in zip(pieces, pieces, strict=True):
        end = start + len(word)
        cut, surface, norm, possessive, capitalised = _word_facts(word)
        # tuple.__new__ skips the named tuple's own __new__ (a Python call per token)
        append(_new_tuple(Token, (start, end - cut, surface, norm, possessive, capitalised)))
        start = end + len(gap)
    return tokens, parts[2::2]


@lru_cache(maxsize=65536)
def _word_facts(word: str) -> tuple[int, str, str, bool, bool]:
    """What a token takes from its word, worked out once per distinct word: the length
    of a possessive ending cut off, the surface without it, its normal form, whether it
    was possessive, whether it is capitalised."""
    cut = 0
    surface = word
    if word[-1] in _POSSESSIVE_ENDS and len(word) > 3:
        poss = _POSSESSIVE.search(word)
        if poss:
            cut = len(poss.group())
            surface = word[:len(word) - cut]
    capitalised = surface[:1].isupper()
    if not capitalised and ("'" in surface or "’" in surface):
        elided = _ELIDED_CAPITAL.match(surface)
        capitalised = bool(elided and elided.group()[-1].isupper())
    return cut, surface, normalise(surface), cut > 0, capitalised


_NAME_GAPS = (" ", "-", "- ", " -")  # what may stand between two words of one name
_NAME_GAP_SET = frozenset(_NAME_GAPS)
_POSSESSIVE_FIELD = itemgetter(4)
_POSSESSIVE_GAPS = ("'s ", "’s ")  # a possessive's ending and a space, before a name


def joinable(text: str, left: Token, right: Token) -> bool:
    """True when two tokens are written as parts of one name (a space or a hyphen between;
    a period after an abbreviated first word: "St. Louis", "Ft. Worth")."""
    gap = text[left.end:right.start]
    return not left.possessive and (gap in _NAME_GAPS
                                    or (gap == ". " and left.norm in _NAME_ABBREVIATIONS))


def name_runs(text: str, tokens: list[Token], gaps: list[str] | None = None) -> list[int]:
    """For each token, the index of the last token of the longest name run from it; places
    and actors share it. Words run on when :func:`joinable` (written out: it is asked of
    every pair of tokens), and through a possessive before a capitalised word ("Prince
    George's County", "Donetsk People's Republic"): a name is looked up whole first, so
    "Obama's Washington" still yields "Washington" alone. ``gaps``: the text after each
    token's word (:func:`tokenize_with_gaps`), when known: then the pairs a plain gap
    joins are found in C, and only the few others are looked at one by one."""
    if gaps is not None:
        return _runs_from_gaps(text, tokens, gaps)
    runs = list(range(len(tokens)))
    for i in range(len(tokens) - 2, -1, -1):
        left, right = tokens[i], tokens[i + 1]
        gap = text[left.end:right.start]
        if left.possessive:
            if right.capitalised and gap in _POSSESSIVE_GAPS:
                runs[i] = runs[i + 1]
        elif gap in _NAME_GAPS or (gap == ". " and left.norm in _NAME_ABBREVIATIONS):
            runs[i] = runs[i + 1]
    return runs


def _runs_from_gaps(text: str, tokens: list[Token], gaps: list[str]) -> list[int]:
    """:func:`name_runs` from the gaps between the words: the same runs."""
    n = len(tokens)
    if n < 2:
        return list(range(n))
    joined = list(map(_NAME_GAP_SET.__contains__, gaps[:n - 1]))
    for i in compress(count(), map(not_, joined)):
        if gaps[i] == ". " and tokens[i].norm in _NAME_ABBREVIATIONS:
            joined[i] = True  # "St. Louis"
    for i in compress(count(), map(_POSSESSIVE_FIELD, tokens[:n - 1])):
        # a possessive joins only a capitalised word ("Prince George's County")
        left, right = tokens[i], tokens[i + 1]
        joined[i] = right.capitalised and text[left.end:right.start] in _POSSESSIVE_GAPS
    runs: list[int] = []
    last = -1  # the last token of the run before
    for end in compress(count(), map(not_, joined)):
        runs += [end] * (end - last)
        last = end
    runs += [n - 1] * (n - 1 - last)
    return runs


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence span of the text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start:self.end]


def split_sentences(text: str) -> list[Sentence]:
    """Sentence spans, trimmed of surrounding white space; abbreviations do not end one."""
    spans: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        gap = match.lastgroup  # the group that matched: one always does
        # the line breaks: from the first, matched before the group
        end, following = match.span("gap") if gap == "gap" else match.span()
        if gap == "gap" and "\n" not in match.group(gap) and (
                _ends_with_abbreviation(text, end)
                or _settlement_abbreviation(text, end, following)):
            continue
        spans.extend(_bounded(text, start, end))
        start = following
    spans.extend(_bounded(text, start, len(text)))
    return [s for s in (_trim(text, s) for s in spans) if s.end > s.start]


#: The longest span read as one sentence. Text without sentence punctuation (a transcript,
#: OCR output, a pasted table) was one sentence, and finding roles in it took time growing
#: faster than its square (a 100 kB article: 95 s of CPU); real sentences are far shorter.
MAX_SENTENCE_CHARS = 1000


def _bounded(text: str, start: int, end: int) -> list[Sentence]:
    """``start..end`` in pieces of at most :data:`MAX_SENTENCE_CHARS`, each cut after the
    last comma, semicolon or colon of its second half, else at its last white space."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        middle = start + MAX_SENTENCE_CHARS // 2
        cut = max(text.rfind(mark, middle, limit) for mark in (", ", "; ", ": ")) + 1
        if cut <= 0:
            cut = max(text.rfind(space, middle, limit) for space in (" ", "\t")) + 1
        if cut <= 0:
            cut = limit  # one long word: cut it
        pieces.append(Sentence(start, cut))
        start = cut
    pieces.append(Sentence(start, end))
    return pieces


def _ends_with_abbreviation(text: str, end: int) -> bool:
    """True before a known abbreviation or a single letter's period: an initial ("George
    W. Bush") or a direction ("in E. Ukraine"), which end no sentence."""
    words = text[max(0, end - 8):end].rstrip(".").split()
    if not words:
        return False
    last = words[-1].casefold().rstrip(".")
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def _settlement_abbreviation(text: str, end: int, following: int) -> bool:
    """True for "near the village. Stepanovka, Shakhtarskyi district": "village." is the
    word abbreviated."""
    head = text[max(0, end - 13):end - 1].casefold()
    if not head.removesuffix("\n").endswith(_SETTLEMENT_WORDS):
        return False  # most sentence ends: no settlement word, no pattern searched
    return (_SETTLEMENT_PERIOD.search(text, max(0, end - 40), end - 1) is not None
            and _NAME_AND_DISTRICT.match(text, following) is not None)


def _trim(text: str, span: Sentence) -> Sentence:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # most spans are trimmed already: the same (frozen) span, not a new one
    return span if (start, end) == (span.start, span.end) else Sentence(start, end)


_SCRIPT_SAMPLE = 2000  # letters looked at: the start of the text tells its script


def foreign_script(text: str) -> str | None:
    """The script most of the text's letters are written in when it is not Latin
    ("Cyrillic" for a Russian headline), else None: the rules read English text.

    >>> foreign_script("Двое жителей ранены при ночном обстреле окраины Горловки")
    'Cyrillic'
    >>> foreign_script("Two residents hurt as night shelling hits Horlivka") is None
    True
    """
    sample = text[:_SCRIPT_SAMPLE * 2]
    if sample.isascii() or (len(sample) - len(sample.encode("ascii", "ignore"))) * 4 \
            < len(sample):
        return None  # English, accents and curly quotes included: decided in C, at once
    letters = [c for c in sample if c.isalpha()][:_SCRIPT_SAMPLE]
    scripts = [unicodedata.name(c, "UNKNOWN").split()[0] for c in letters]
    latin = scripts.count("LATIN")
    if not letters or latin * 2 >= len(letters):
        return None
    script = max(set(scripts) - {"LATIN"}, key=scripts.count)
    return script.capitalize()
