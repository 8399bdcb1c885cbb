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
from collections.abc import Iterator, Sequence
from typing import Any

from geomap.errors import ConfigError

PLACEHOLDER = "gmidzq"
# a branca random id: 32 hex digits after a name and an underscore
_RANDOM_ID = re.compile(r"(?<=_)[0-9a-f]{32}\b")
_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


def iter_elements(root: Any, skip: tuple[Any, ...] = ()) -> Iterator[Any]:
    """Yield ``root`` and its descendants, depth first, in insertion order.

    Elements in ``skip`` are yielded but not entered.
    """
    stack = [root]
    while stack:
        element = stack.pop()
        yield element
        if any(element is container for container in skip):
            continue
        children = list(getattr(element, "_children", {}).values())
        stack.extend(reversed(children))


def _page_parts(root: Any) -> tuple[Any, ...]:
    """The header/html/script containers a figure collects rendered pieces in."""
    parts = (getattr(root, name, None) for name in ("header", "html", "script"))
    return tuple(part for part in parts if part is not None and part is not root)


@contextlib.contextmanager
def placeholder_ids(root: Any) -> Iterator[None]:
    """Render ``root``'s tree with counter ids, leaving the map as it was afterwards.

    Pieces an earlier render left in the page containers (keyed by element names) are set
    aside, every map element gets a counter id behind :data:`PLACEHOLDER`, and on exit the
    original ids and children are restored, so rendering is repeatable.
    """
    parts = _page_parts(root)
    elements = [e for e in iter_elements(root, parts) if not any(e is p for p in parts)]
    everything = elements + list(parts)
    saved_ids = [element._id for element in elements]
    saved_children = [dict(element._children) for element in everything]
    names = {element.get_name() for element in elements}
    try:
        for part in parts:
            for name in names & set(part._children):
                del part._children[name]
        for number, element in enumerate(elements):
            element._id = f"{PLACEHOLDER}{number}"
        yield
    finally:
        for element, old_id in zip(elements, saved_ids, strict=True):
            element._id = old_id
        for element, children in zip(everything, saved_children, strict=True):
            element._children.clear()
            element._children.update(children)


def replace_stray_ids(html: str) -> str:
    """Replace random ids of elements created during rendering, in order of appearance."""
    seen: dict[str, str] = {}

    def stable(match: re.Match[str]) -> str:
        return seen.setdefault(match.group(0), f"{PLACEHOLDER}r{len(seen)}")

    return _RANDOM_ID.sub(stable, html)


def content_prefix(html: str, data: Sequence[str] = ()) -> str:
    """A short prefix derived from the page content (stable across runs and machines).

    ``data`` are the parts of the page kept apart from ``html`` (deferred events JSON), so
    two maps that differ only in their events still get different prefixes.
    """
    digest = hashlib.sha256(html.encode("utf-8"))
    for part in data:
        digest.update(b"\0")
        for chunk in utf8_chunks(part):
            digest.update(chunk)
    return "g" + digest.hexdigest()[:8]


def utf8_chunks(text: str, size: int = 1 << 24) -> Iterator[bytes]:
    """``text`` encoded as UTF-8 in pieces of ``size`` characters (no copy of a big text)."""
    for start in range(0, len(text), size):
        yield text[start:start + size].encode("utf-8")


def finalize_ids(html: str, prefix: str | None = None, data: Sequence[str] = ()) -> str:
    """Turn placeholder ids in ``html`` into ``prefix`` ids (default: a content hash).

    ``data``: page parts kept apart from ``html``, hashed into the default prefix.

    Raises
    ------
    ConfigError
        If ``prefix`` is not letters and digits starting with a letter.
    """
    html = replace_stray_ids(html)
    if prefix is None:
        prefix = content_prefix(html, data)
    elif not _PREFIX.match(prefix):
        raise ConfigError(
            f"id prefix must be letters and digits starting with a letter, got {prefix!r}"
        )
    return html.replace(PLACEHOLDER, prefix + "_")
