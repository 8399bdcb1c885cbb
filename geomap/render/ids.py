"""Deterministic element ids for folium pages.

folium (through branca) names every element after a random 128-bit id, so the same map
renders to different bytes each time. Here every element of the tree gets a counter id
behind a placeholder prefix while the page renders; the prefix then becomes a short hash
of the page itself, so the same map gives the same bytes and two different maps on one
host page never share an element id or a JavaScript variable name.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Iterator
from typing import Any

from geomap.errors import ConfigError

PLACEHOLDER = "gmidzq"
# a branca random id: 32 hex digits after a name and an underscore
_RANDOM_ID = re.compile(r"(?<=_)[0-9a-f]{32}\b")
_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


def iter_elements(root: Any) -> Iterator[Any]:
    """Yield ``root`` and every descendant, depth first, in insertion order."""
    stack = [root]
    while stack:
        element = stack.pop()
        yield element
        children = list(getattr(element, "_children", {}).values())
        stack.extend(reversed(children))


@contextlib.contextmanager
def placeholder_ids(root: Any) -> Iterator[None]:
    """Give every element of ``root``'s tree a counter id while the block runs.

    The original ids are restored afterwards, so the caller's map is left as it was.
    """
    elements = list(iter_elements(root))
    saved = [element._id for element in elements]
    try:
        for number, element in enumerate(elements):
            element._id = f"{PLACEHOLDER}{number}"
        yield
    finally:
        for element, old in zip(elements, saved, strict=True):
            element._id = old


def replace_stray_ids(html: str) -> str:
    """Replace random ids of elements created during rendering, in order of appearance."""
    seen: dict[str, str] = {}

    def stable(match: re.Match[str]) -> str:
        return seen.setdefault(match.group(0), f"{PLACEHOLDER}r{len(seen)}")

    return _RANDOM_ID.sub(stable, html)


def content_prefix(html: str) -> str:
    """A short prefix derived from the page content (stable across runs and machines)."""
    return "g" + hashlib.sha256(html.encode("utf-8")).hexdigest()[:8]


def finalize_ids(html: str, prefix: str | None = None) -> str:
    """Turn placeholder ids in ``html`` into ``prefix`` ids (default: a content hash).

    Raises
    ------
    ConfigError
        If ``prefix`` is not letters and digits starting with a letter.
    """
    html = replace_stray_ids(html)
    if prefix is None:
        prefix = content_prefix(html)
    elif not _PREFIX.match(prefix):
        raise ConfigError(
            f"id prefix must be letters and digits starting with a letter, got {prefix!r}"
        )
    return html.replace(PLACEHOLDER, prefix + "_")
