"""Deterministic element ids for folium pages.

folium (through branca) names every element after a random 128-bit id, so the same map
renders to different bytes each time. Before a page is rendered, every element of (a copy
of) the map gets the id ``<prefix>_<n>``, numbered depth first in insertion order. The
default prefix is a short hash of the page as rendered with a fixed prefix, so the same map
gives the same bytes and two different maps on one host page never share an element id or
a JavaScript name. Ids are assigned on the elements; the rendered page is never edited.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

from branca.element import Figure
from folium.elements import ElementAddToElement
from folium.map import Marker

from geomap.errors import ConfigError

#: Prefix of the first rendering, whose hash becomes the default prefix.
PLACEHOLDER = "gmidzq"
_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
#: Attributes some folium elements fill with their own name when created (a layer without a
#: name is listed under it); they follow the element's new id.
_NAMED_AFTER_ID = ("layer_name", "tile_name")


def check_prefix(prefix: str) -> str:
    """Return ``prefix`` when it can start element ids and JavaScript names.

    Raises
    ------
    ConfigError
        If ``prefix`` is not letters and digits starting with a letter.
    """
    if not isinstance(prefix, str) or not _PREFIX.match(prefix):
        raise ConfigError(
            f"expected an id prefix of letters and digits starting with a letter, got "
            f"{prefix!r}", key="element_id_prefix")
    return prefix


def iter_elements(root: Any) -> Iterator[Any]:
    """Yield ``root`` and its descendants, depth first, in insertion order.

    Elements that keep their own header/html/script containers (popups) are entered
    through them too: their content is rendered into the page. A figure's containers hold
    rendered page pieces, not map elements, and are not entered.
    """
    stack = [root]
    while stack:
        element = stack.pop()
        yield element
        inner = [] if isinstance(element, Figure) else [
            getattr(element, name, None) for name in ("header", "html", "script")]
        # branca has no public accessor for children; reading them is how it walks too.
        children = [part for part in inner if hasattr(part, "_children")]
        children += list(getattr(element, "_children", {}).values())
        stack.extend(reversed(children))


def assign_ids(root: Any, prefix: str) -> None:
    """Give every element under ``root`` the id ``<prefix>_<n>``.

    ``root`` must be a copy made for one rendering (:func:`geomap.render.output.render_parts`
    renders a deep copy of the user's map): branca has no public way to set an element's
    id, so the private ``_id`` is set here, and children filed under their old names are
    filed under the new ones, as folium's own ``utilities.deep_copy`` does.
    """
    elements = list(iter_elements(root))
    old_names = {id(e): e.get_name() for e in elements if hasattr(e, "_id")}
    for number, element in enumerate(elements):
        if id(element) in old_names:
            _renumber(element, f"{prefix}_{number}")
    for element in elements:
        children = getattr(element, "_children", None)
        if children and any(old_names.get(id(c)) == key for key, c in children.items()):
            element._children = OrderedDict(
                (child.get_name() if old_names.get(id(child)) == key else key, child)
                for key, child in children.items()
            )


def _renumber(element: Any, new: str) -> None:
    old = element._id
    for attribute in _NAMED_AFTER_ID:
        value = getattr(element, attribute, None)
        if isinstance(value, str) and value.endswith(f"_{old}"):
            setattr(element, attribute, value[: -len(old)] + new)
    element._id = new


def forget_earlier_renders(root: Any, containers: list[Any]) -> None:
    """Remove from a copy of a map what earlier renderings of it left behind.

    folium's rendering writes into the map's tree: a layer files an ``addTo`` call and a
    marker its ``setIcon`` as new children, and every element files its pieces in the
    figure's containers under its name. A map shown in Jupyter before being written carries
    them, under its old names. They are dropped from the copy (branca offers no public
    removal) and made afresh by this rendering; pieces that users added to the containers
    themselves are kept.
    """
    elements = list(iter_elements(root))
    names = tuple(e.get_name() for e in elements if hasattr(e, "_id"))
    leftovers = (ElementAddToElement, Marker.SetIcon)
    for element in elements:
        children = getattr(element, "_children", None)
        if children and any(isinstance(c, leftovers) for c in children.values()):
            element._children = OrderedDict(
                (k, c) for k, c in children.items() if not isinstance(c, leftovers))
    for container in containers:
        container._children = OrderedDict(
            (k, c) for k, c in container._children.items() if not k.startswith(names))


def content_prefix(pieces: Iterable[str]) -> str:
    """A short prefix derived from page pieces (stable across runs and machines)."""
    digest = hashlib.sha256()
    for piece in pieces:
        for chunk in utf8_chunks(piece):
            digest.update(chunk)
    return "g" + digest.hexdigest()[:8]


def utf8_chunks(text: str, size: int = 1 << 24) -> Iterator[bytes]:
    """``text`` encoded as UTF-8 in pieces of ``size`` characters (no copy of a big text)."""
    for start in range(0, len(text), size):
        yield text[start:start + size].encode("utf-8")
