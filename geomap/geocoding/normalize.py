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
_DROP = re.compile(r"[\s\-‐‑‒–—_.,;:'’‘`´ʼʻʿʾ\"“”«»()\[\]/\\!?*&+|#~^°]+")
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
    return _DROP.sub("", fold(text))


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
