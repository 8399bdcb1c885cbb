"""Name normalisation: the one function that turns a written place name into an index key.

Two spellings that people treat as the same name must give the same key: case and
accents are dropped (``Ménaka`` = ``menaka``), apostrophes vanish (``Artemivs'k`` =
``Artemivsk``), and spaces, hyphens and dots are removed so that ``Tin Zaouatene``,
``Tin-Zaouatene`` and ``Tinzaouatene`` meet.  A leading English article is dropped
(``the Sahel`` = ``Sahel``).  Keys are hashed to 64-bit integers for the on-disk index.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from geomap._text import INVISIBLE_CHARACTERS

# Letters that NFKD does not decompose into a base letter plus a mark.
_FOLD = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ł": "l",
        "ı": "i",
        "ŀ": "l",
        "ħ": "h",
    }
)
# Besides spaces and punctuation, the characters that show nothing
_DROP = re.compile(r"[\s\-‐‑‒–—_.,;:'’‘`´ʼʻʿʾ\"“”«»()\[\]/\\!?*&+|#~^°"
                   + INVISIBLE_CHARACTERS + "]+")
_LEADING_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
# Arabic definite articles as they appear in transliterations: "Al Qusayr", "El-Fasher".
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ar|as|ash|ad|an|az|at)[\s\-‐‑’']+", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents, keeping spaces and punctuation.

    Parameters
    ----------
    text
        Any string.

    Returns
    -------
    str
        The case-folded text with combining marks removed.
    """
    if text.isascii():
        return text.lower()  # the common case, 5x faster than decomposing
    # decompose, fold, decompose again: "𝐀" -> "A" -> "a"; "Ǆ" -> "DŽ" -> "dž" -> "dz"
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return decomposed.translate(_FOLD_TABLE)


class _FoldTable(dict[int, "str | int | None"]):
    """``_FOLD`` plus every combining mark deleted, for ``str.translate``.

    Each code point is classified the first time a name holds it (``__missing__``): the
    table for all 1.1 million code points took a quarter of a second to build, paid by
    every first lookup of a process.
    """

    def __missing__(self, point: int) -> int | None:
        value = None if unicodedata.combining(chr(point)) else point
        self[point] = value
        return value


_FOLD_TABLE = _FoldTable(_FOLD)


def name_key(text: str) -> str:
    """The index key of a place name: folded, without article, spaces or punctuation.

    Parameters
    ----------
    text
        A place name as written.

    Returns
    -------
    str
        The key; empty when ``text`` holds no letters or digits.

    Examples
    --------
    >>> name_key("Tin-Zaouatène")
    'tinzaouatene'
    >>> name_key("the Sahel")
    'sahel'
    """
    text = text.strip()
    if text[:3].lower() == "the":  # most names do not start so: skip the regular expression
        text = _LEADING_ARTICLE.sub("", text)
    folded = fold(text)
    if folded.isascii():
        bare = folded.replace(" ", "")
        if bare.isalnum():  # most names: words of letters and digits, nothing else to drop
            return bare
    return _DROP.sub("", folded)


# name_keys joins the names with a character no name holds and that neither folding nor
# _DROP touches (a separator also starts the text); an article is a "the" and spaces
# before more of the same name.
_SEPARATOR = "\x00"
_JOINED_ARTICLE = re.compile(r"\x00\s*(?i:the)\s+(?=[^\s\x00])")
#: Fewer names are keyed one by one (joining costs more than it saves).
_JOIN_FROM = 64


def name_keys(texts: Sequence[str]) -> list[str]:
    """:func:`name_key` of each text, in order, in one pass over the joined texts.

    Parameters
    ----------
    texts
        Place names as written.

    Returns
    -------
    list of str
        The same keys as ``[name_key(t) for t in texts]``, faster on a large list: the
        article rule, folding and punctuation removal run once, in C, over the ASCII
        names and once over the others (a fresh cache's first query waits for the keys
        of 400,000 names).
    """
    if len(texts) < _JOIN_FROM or _SEPARATOR in "".join(texts):
        return [name_key(text) for text in texts]
    plain = [text.isascii() for text in texts]
    ascii_keys = iter(_joined_keys([t for t, p in zip(texts, plain, strict=True) if p]))
    other_keys = iter(_joined_keys([t for t, p in zip(texts, plain, strict=True) if not p]))
    return [next(ascii_keys) if p else next(other_keys) for p in plain]


#: _DROP's ASCII characters, for str.translate (ten times faster than the expression on
#: ASCII text).
_ASCII_DROP = {point: None for point in range(128) if _DROP.fullmatch(chr(point))}


def _joined_keys(texts: list[str]) -> list[str]:
    """The keys of ``texts`` (none holding the separator), from their joined text: every
    step works character by character (NFKD never reorders across the separator, a base
    character), so the joined keys split back into the names' keys."""
    joined = fold(_JOINED_ARTICLE.sub(_SEPARATOR, _SEPARATOR + _SEPARATOR.join(texts)))
    dropped = joined.translate(_ASCII_DROP) if joined.isascii() else _DROP.sub("", joined)
    return dropped.split(_SEPARATOR)[1:]


def without_article(text: str) -> str | None:
    """``text`` without a leading Arabic article (``Al Qusayr`` -> ``Qusayr``), or None."""
    if text[:1] not in "aAeE":
        return None
    stripped = _ARTICLE_PREFIX.sub("", text.strip(), count=1)
    return stripped if stripped != text.strip() and stripped else None


def key_hash(key: str) -> int:
    """A stable 64-bit hash of a key (the same in every process and on every machine)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def key_hashes(keys: Iterable[str]) -> list[int]:
    """:func:`key_hash` of each key, in order (no call per key: a bulk build hashes
    hundreds of thousands)."""
    blake2b, from_bytes = hashlib.blake2b, int.from_bytes
    return [from_bytes(blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")
            for key in keys]


def is_code_like(alternate: str, name: str) -> bool:
    """True for alternates that look like airport or station codes (``GAQ``, ``KYE``).

    GeoNames mixes IATA/ICAO codes into alternate names; a code must never beat a
    real name, so the index stores it with a low weight.
    """
    return (
        3 <= len(alternate) <= 4
        and alternate.isascii()
        and alternate.isupper()
        and alternate.isalpha()
        and alternate != name.upper()
    )


#: A place listing a name among its other names, where a place of another country bears it
#: as its own, is that name's only when this many times as populous as the largest such
#: namesake (the extractor's measure for namesakes within one country, ``DWARFS``; an
#: area never dwarfs a town, its people are no town's):
#: "Canton" stays Guangzhou beside the Ohio towns, "Calcutta" Kolkata beside a South
#: African village; "Bali" is no longer Paris, nor "Man" Amman.
BORROWED_DWARFS = 20
# Of a name and a word of the place's own, the share of letters in order (difflib's ratio)
# that makes a spelling of it ("Kiev" and "Kyiv": 0.5)
_ALIKE = 0.5
_WORDS = re.compile(r"[^\W_]+")


@lru_cache(maxsize=65536)
def spelled_alike(alternate: str, name: str) -> bool:
    """True when ``alternate`` reads as a spelling of the place name ``name``: the words
    of the one are a run of the other's words ("Westminster" and "City of Westminster"),
    or it opens with the same letter as the whole name or one of its words and shares at
    least half their letters in order ("Odessa" and "Odesa", "Hodeidah" and "Al
    Hudaydah") or abbreviates it ("Mo." and "Missouri"). Another language's name ("Bali"
    for Paris), a former one ("Edo" for Tokyo) and a fragment ("Man" for Amman) are not
    spellings.
    """
    mine, theirs = _WORDS.findall(fold(alternate)), _WORDS.findall(fold(name))
    if not mine or not theirs:
        return True  # nothing to compare: no evidence against the name
    if _holds(theirs, mine) or _holds(mine, theirs):
        return True
    key = "".join(mine)
    return any(word[0] == key[0] and (_abbreviates(key, word)
                                      or SequenceMatcher(None, key, word).ratio() >= _ALIKE)
               for word in (*theirs, "".join(theirs)))


def _abbreviates(short: str, word: str) -> bool:
    """True when the letters of ``short`` appear in ``word`` in order ("mo", "missouri")."""
    letters = iter(word)
    return all(letter in letters for letter in short)


def _holds(words: list[str], part: list[str]) -> bool:
    """True when ``part`` is a run of consecutive ``words``."""
    n = len(part)
    return any(words[i:i + n] == part for i in range(len(words) - n + 1))


def borrowed(alternate: str, name: str, population: int | None,
             namesakes: Iterable[int]) -> bool:
    """True when ``alternate``, one of the other names of the place ``name`` (a town of
    ``population`` people, None for an area), is rather the own name of a place of another
    country (whose populations are ``namesakes``): not a spelling of ``name``
    (:func:`spelled_alike`) and, for a town, less than ``BORROWED_DWARFS`` times as
    populous as the largest of them (an area's people are no town's: "Koro" is the Malian
    town, not Venezuela's state around Coro). GeoNames lists other languages' names,
    former names and fragments among a place's other names; where another place bears
    one as its own, a reader means that place unless told where. The geocoder ranks such a
    reading low outside the countries it is asked about; the extractor reads it only where
    the article's scope puts it.
    """
    largest = max(namesakes, default=None)
    if largest is None or (population is not None and population >= BORROWED_DWARFS * largest):
        return False
    return not spelled_alike(alternate, name)
