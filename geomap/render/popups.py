"""Safe data for popups and tooltips.

Popups and tooltips are built in the browser from JSON data with ``textContent``, never
``innerHTML``, so names, notes and titles can hold any text. This module does the Python
half: it keeps only http(s) URLs as links and serialises data so that it can sit inside
a ``<script>`` element without ending it (``</script>``) or breaking JavaScript
(U+2028/U+2029).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from geomap.model import Source

_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
# control characters and whitespace that browsers strip or ignore inside URLs
_URL_JUNK = re.compile(r"[\x00-\x20\x7f]")


def json_for_script(data: Any) -> str:
    """Serialise ``data`` as compact JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>``, ``&`` and the JavaScript line terminators U+2028/U+2029 are written as
    ``\\uXXXX`` escapes, so no string in the data can close the element or open a comment.
    Integer numpy arrays (the events' columns) are written as JSON arrays of numbers.
    """
    return "".join(json_pieces_for_script(data))


def json_pieces_for_script(data: Any) -> list[str]:
    """:func:`json_for_script` of ``data`` in pieces that, joined, are its text.

    Dicts with text keys are walked so that the integer numpy arrays in them (a million
    numbers per events column) are written by pyarrow in one vectorised step rather than
    turned into Python ints for ``json.dumps``; every other value goes to ``json.dumps``.
    The pieces are never joined: at a million events they are tens of MB, and one string
    of them all would take two or four bytes per character as soon as one is not ASCII.
    Each piece of text is escaped on its own (the escapes replace single characters).
    """
    pieces: list[str] = []
    _json_pieces(data, pieces)
    return pieces


def _script_safe(text: str) -> str:
    for char, escaped in _SCRIPT_UNSAFE.items():
        if char in text:  # a scan per character is much faster than a regex at 100s of MB
            text = text.replace(char, escaped)
    return text


def _json_pieces(data: Any, pieces: list[str]) -> None:
    import numpy as np

    if isinstance(data, dict) and all(isinstance(key, str) for key in data):
        pieces.append("{")
        for i, (key, value) in enumerate(data.items()):
            pieces.append(_script_safe(("," if i else "") + json.dumps(key, ensure_ascii=False)
                                       + ":"))
            _json_pieces(value, pieces)
        pieces.append("}")
    elif isinstance(data, np.ndarray) and data.ndim == 1 and data.dtype.kind in "iu":
        pieces.append(_integer_array_json(data))  # digits, signs and commas: nothing to escape
    else:
        values = data.tolist() if isinstance(data, np.ndarray) else data
        pieces.append(_script_safe(json.dumps(values, ensure_ascii=False, separators=(",", ":"),
                                              allow_nan=False)))


def _integer_array_json(values: Any) -> str:
    """``[1,-2,3]``: a 1-D integer array as a JSON array, numbers formatted by pyarrow."""
    import pyarrow as pa
    import pyarrow.compute as pc

    numbers = pc.cast(pa.array(values), pa.large_string())
    whole = pa.LargeListArray.from_arrays(pa.array([0, len(numbers)], pa.int64()), numbers)
    return "[" + pc.binary_join(whole, pa.scalar(",", pa.large_string()))[0].as_py() + "]"


def safe_url(url: object) -> str | None:
    """Return ``url`` when it is an absolute http(s) URL with a host, else ``None``.

    ``javascript:``, ``data:``, relative and scheme-less URLs never become links; the
    browser checks again with ``new URL()`` before it makes a link.
    """
    if not isinstance(url, str):
        return None
    text = url.strip()
    if not text or _URL_JUNK.search(text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def source_entries(value: object, sources: Mapping[str, Source]) -> list[list[str | None]]:
    """Turn an event's ``source`` field into ``[[title, url-or-None], ...]`` for popups.

    ``value`` may hold several names joined by ``;`` (as ACLED does). A name that is a key
    of ``sources`` takes that source's title and URL; other names are shown as text.
    """
    if not isinstance(value, str) or not value.strip():
        return []
    entries: list[list[str | None]] = []
    for part in value.split(";"):
        name = part.strip()
        if not name:
            continue
        source = sources.get(name)
        if source is None:
            entries.append([name, safe_url(name)])
        else:
            entries.append([source.title or name, safe_url(source.url)])
    return entries
