"""Parse what a person wrote as a place: a name, qualifiers, a kind word, or coordinates.

``parse_query`` never raises anything but :class:`~geomap.errors.InputError`:

- ``"Tripoli, Libya"`` and ``"Tripoli (Libya)"`` -> name ``Tripoli``, qualifier ``Libya``;
- ``"Gao region"`` / ``"Region de Gao"`` -> name ``Gao`` with an admin-1 kind hint;
- ``"12.65, -8.0"``, ``"12.65N 8W"``, ``"12°39'N 8°0'W"`` -> a point (lat, lon);
- empty, whitespace-only, control characters, or more than ``MAX_QUERY_LENGTH``
  characters -> :class:`InputError` saying what was expected.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

from geomap.errors import InputError
from geomap.geocoding.normalize import fold
from geomap.model import PlaceKind, check_latlon

#: Longer queries are rejected: no place name is this long, and it bounds the work.
MAX_QUERY_LENGTH = 300

_NUMBER = r"[-+−]?\d{1,3}(?:\.\d+)?"
_COORD = (
    r"(?P<h1_N>[NSEWnsew])?\s*(?P<deg_N>" + _NUMBER + r")\s*"
    r"(?:[°º]\s*(?:(?P<min_N>\d{1,2}(?:\.\d+)?)\s*['′’]\s*"
    r"(?:(?P<sec_N>\d{1,2}(?:\.\d+)?)\s*(?:\"|″|''))?)?)?"
    r"\s*(?P<h2_N>[NSEWnsew])?"
)
_POINT = re.compile(
    r"^\s*" + _COORD.replace("_N", "1") + r"\s*(?:[,;/]\s*|\s+)"
    + _COORD.replace("_N", "2") + r"\s*$"
)
_PAREN = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<qualifier>[^()]+)\)\s*$")


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query split into its parts.

    Attributes
    ----------
    text
        The query, stripped.
    name
        The place name part (the text before the first comma or parenthesis).
    qualifiers
        Following parts, most specific first (``"Kramatorsk, Donetsk, Ukraine"`` ->
        ``("Donetsk", "Ukraine")``).
    bare_name
        ``name`` without a kind word (``"Gao region"`` -> ``"Gao"``), or None.
    kind_hint
        The kind the kind word names, or None.
    point
        ``(lat, lon)`` when the query is coordinates, else None.
    """

    text: str
    name: str
    qualifiers: tuple[str, ...] = ()
    bare_name: str | None = None
    kind_hint: PlaceKind | None = None
    point: tuple[float, float] | None = None


def parse_query(query: object) -> ParsedQuery:
    """Split a place query into name, qualifiers, kind hint or coordinates.

    Parameters
    ----------
    query
        What the user wrote.

    Returns
    -------
    ParsedQuery

    Raises
    ------
    InputError
        For anything that is not a usable place query, with the reason.
    """
    text = _check_text(query)
    point = parse_point(text)
    if point is not None:
        return ParsedQuery(text=text, name=text, point=point)
    name, qualifiers = _split_qualifiers(text)
    bare, hint = strip_kind_word(name)
    return ParsedQuery(text=text, name=name, qualifiers=qualifiers, bare_name=bare,
                       kind_hint=hint)


def _check_text(query: object) -> str:
    if not isinstance(query, str):
        raise InputError(f"expected a place name as text, got {type(query).__name__} {query!r}")
    if len(query) > MAX_QUERY_LENGTH:
        raise InputError(
            f"expected a place name of at most {MAX_QUERY_LENGTH} characters, "
            f"got {len(query)} characters ({query[:40]!r}...)",
            hint="Pass one place per query.",
        )
    bad = [ch for ch in query if unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t"]
    if bad:
        what = ("in UTF-8" if any(unicodedata.category(ch) == "Cs" for ch in bad)
                else "without control characters")  # a lone surrogate: bytes not UTF-8
        raise InputError(f"expected a place name {what}, got {query!r}",
                         hint="Remove line breaks and other control characters, and give "
                              "the text in UTF-8.")
    text = " ".join(query.split())
    if not any(ch.isalnum() for ch in text):
        raise InputError(f"expected a place name, got {query!r}", hint="Give a non-empty name.")
    return text


def _split_qualifiers(text: str) -> tuple[str, tuple[str, ...]]:
    match = _PAREN.match(text)
    if match:
        head, qualifier = match.group("name"), match.group("qualifier")
        parts = [head, *qualifier.split(",")]
    else:
        parts = text.split(",")
    parts = [p.strip() for p in parts if p.strip()]
    if not parts or not any(ch.isalnum() for ch in parts[0]):
        return text, ()
    return parts[0], tuple(parts[1:])


@functools.cache
def _kind_words() -> tuple[dict[str, PlaceKind], dict[str, PlaceKind]]:
    """``(suffixes, prefixes)``: folded kind word -> kind."""
    path = resources.files("geomap.data").joinpath("place_kind_words.csv")
    suffixes: dict[str, PlaceKind] = {}
    prefixes: dict[str, PlaceKind] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            word, kind, position = fold(row["word"]), PlaceKind(row["kind"]), row["position"]
            if position in ("suffix", "both"):
                suffixes[word] = kind
            if position in ("prefix", "both"):
                prefixes[word] = kind
    return suffixes, prefixes


_LINKS = {"of", "de", "du", "d'", "d’", "des", "the"}


def strip_kind_word(name: str) -> tuple[str | None, PlaceKind | None]:
    """Remove a kind word (``region``, ``Province of``, ``oblast``) from ``name``.

    Returns
    -------
    tuple
        ``(bare name, kind)``, or ``(None, None)`` when ``name`` has no kind word.
    """
    words = name.split()
    if len(words) < 2:
        return None, None
    suffixes, prefixes = _kind_words()
    kind = suffixes.get(fold(words[-1]))
    if kind is not None:
        return " ".join(words[:-1]), kind
    kind = prefixes.get(fold(words[0]))
    if kind is not None:
        rest = words[1:]
        while len(rest) > 1 and fold(rest[0]) in _LINKS:
            rest = rest[1:]
        if any(ch.isalnum() for ch in "".join(rest)):
            return " ".join(rest), kind
    return None, None


def parse_point(text: str) -> tuple[float, float] | None:
    """Parse coordinates written as text; None when ``text`` is not coordinates.

    Accepts decimal degrees (``"12.65, -8.0"``, ``"12.65 -8"``), hemisphere letters
    (``"12.65N 8.0W"``, ``"N12.65 W8"``, ``"8W 12.65N"``) and degrees-minutes-seconds
    (``"12°39'N 8°0'W"``).  Plain numbers are read as ``lat, lon``.

    Raises
    ------
    InputError
        When the text is coordinates but out of range (with a hint when swapped).
    """
    match = _POINT.match(text)
    if match is None:
        return None
    first = _component(match, 1)
    second = _component(match, 2)
    if first is None or second is None:
        return None
    (a, ha), (b, hb) = first, second
    if ha in "EW" and ha and (hb in "NS" or not hb):
        a, b = b, a  # written lon first with explicit hemispheres
    elif hb in "NS" and hb and not ha:
        a, b = b, a
    try:
        return check_latlon(a, b)
    except ValueError as err:
        raise InputError(f"expected coordinates as 'lat, lon', got {text!r}: {err}") from err


def _component(match: re.Match[str], n: int) -> tuple[float, str] | None:
    raw = match.group(f"deg{n}").replace("−", "-")
    value = abs(float(raw))
    minutes, seconds = match.group(f"min{n}"), match.group(f"sec{n}")
    if minutes is not None:
        if float(minutes) >= 60 or (seconds is not None and float(seconds) >= 60):
            return None
        value += float(minutes) / 60 + (float(seconds) / 3600 if seconds else 0.0)
    h1, h2 = match.group(f"h1{n}"), match.group(f"h2{n}")
    if h1 and h2:
        return None
    hemisphere = (h1 or h2 or "").upper()
    negative = raw.startswith("-") or hemisphere in ("S", "W")
    if raw.startswith("-") and hemisphere in ("S", "W"):
        return None  # "-12 S" is contradictory
    return (-value if negative else value), hemisphere
