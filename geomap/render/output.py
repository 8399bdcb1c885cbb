"""Turn a ``folium.Map`` into the files people open.

* online page: folium's page, assets from CDNs (or a mirror, see
  :mod:`geomap.render.assets`), without the folium defaults the map does not use;
* offline page: one self-contained file, every asset inlined (:mod:`geomap.render.offline`);
* fragment: the same without ``<html>``/``<head>``/``<body>``, to paste into a host page
  (:mod:`geomap.render.embed`);
* ``<iframe>`` snippet for pages that show a written map file.

Every output is deterministic: element ids come from a counter and a hash of the page
(:mod:`geomap.render.ids`), so the same map gives byte-identical HTML.

The events data (hundreds of MB at a million events) is kept out of the page while it is
processed: the page renders with a marker in its place (:func:`render_parts`), every
whole-page pass (ids, fragment, inlining, the self-containment check) runs on the page
without it, and :func:`write_html` streams the pieces to the file once. The data is JSON
escaped for ``<script>`` (no ``<``, ``>``, ``&``, U+2028/U+2029), so it can hold no tag
or outside reference; that is checked when the pieces are joined.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from geomap._atomic import atomic_write
from geomap.errors import GeomapError, RenderError
from geomap.render import assets, elements, embed, ids
from geomap.render import offline as offline_pages

log = logging.getLogger(__name__)

__all__ = ["iframe_snippet", "render_html", "render_parts", "write_html"]

# characters json_for_script escapes: none may appear in spliced data
_SCRIPT_UNSAFE = ("<", ">", "&", "\u2028", "\u2029")


def render_html(
    m: Any,
    *,
    offline: bool = False,
    fragment: bool = False,
    id_prefix: str | None = None,
    cdn_base: str | None = None,
    fragment_height: str = "500px",
) -> str:
    """Render a map to HTML text.

    Parameters
    ----------
    m
        The ``folium.Map`` (it is not modified).
    offline
        Inline every script, stylesheet, font and icon; raise if anything would still be
        fetched from outside.
    fragment
        Leave out ``<html>``, ``<head>`` and ``<body>`` so the result can be pasted into a
        host page; several fragments work side by side on one page.
    id_prefix
        Prefix of element ids and JavaScript names; default a hash of the map, so two
        different maps never clash. Give one when the same map appears twice in a page.
    cdn_base
        Mirror for online assets (``<cdn_base>/<package>/<file>``); default
        ``$GEOMAP_CDN_BASE``, else the CDNs folium uses.
    fragment_height
        CSS height of a fragment's wrapper ``<div>``.

    Returns
    -------
    str
        The HTML; the same map always gives the same text.

    Raises
    ------
    RenderError
        If the map cannot be rendered, or (offline) needs a resource with no local copy.

    Examples
    --------
    >>> import folium
    >>> page = render_html(folium.Map(tiles=None, maxZoom=18), offline=True)
    >>> "cdn.jsdelivr.net" in page
    False
    """
    return "".join(render_parts(m, offline=offline, fragment=fragment, id_prefix=id_prefix,
                                cdn_base=cdn_base, fragment_height=fragment_height))


def render_parts(
    m: Any,
    *,
    offline: bool = False,
    fragment: bool = False,
    id_prefix: str | None = None,
    cdn_base: str | None = None,
    fragment_height: str = "500px",
) -> list[str]:
    """Render a map to HTML in pieces: page text and events JSON, in page order.

    Joined, the pieces are :func:`render_html`'s page; :func:`write_html` writes them one
    after the other so the page never exists as one string. Parameters and errors are
    those of :func:`render_html`.
    """
    page, data = _render_page(m, id_prefix)
    if fragment:  # before inlining: the page structure is folium's alone
        page = embed.to_fragment(page, height=fragment_height)
    if offline:
        page = offline_pages.make_offline(page, guard=fragment)
    else:
        page = offline_pages.drop_unused(page)
        base = assets.cdn_base(cdn_base)
        page = assets.rewrite_to_mirror(page, base) if base else page
    return _splice(page, data)


def _render_page(m: Any, id_prefix: str | None) -> tuple[str, list[str]]:
    """The page with a marker for each events JSON, and those JSON texts."""
    if not hasattr(m, "get_root"):
        raise RenderError(f"expected a folium.Map, got {type(m).__name__!r}")
    root = m.get_root()
    with ids.placeholder_ids(root), elements.deferred_data() as data:
        try:
            page = root.render()
        except GeomapError:
            raise
        except Exception as err:  # folium/jinja errors carry no geomap context
            raise RenderError(f"folium could not render the map: {err}") from err
    return ids.finalize_ids(page, id_prefix, data), data


def _splice(page: str, data: list[str]) -> list[str]:
    """Cut ``page`` at each data marker and put the data between the pieces."""
    pieces: list[str] = []
    rest = page
    for number, text in enumerate(data):
        mark = elements.data_mark(number)
        if rest.count(mark) != 1 or any(char in text for char in _SCRIPT_UNSAFE):
            raise RenderError(
                f"expected one marker {mark!r} and script-safe JSON for events data "
                f"{number}, got {rest.count(mark)} markers; this is a bug in geomap.render"
            )
        head, _, rest = rest.partition(mark)
        pieces += [head, text]
    pieces.append(rest)
    return pieces


def write_html(
    m: Any,
    path: str | Path,
    *,
    offline: bool = False,
    fragment: bool = False,
    **options: Any,
) -> Path:
    """Write a map to ``path`` atomically and return the path.

    Parameters
    ----------
    m
        The ``folium.Map``.
    path
        Output file; parent folders are created.
    offline, fragment
        See :func:`render_html`.
    **options
        Further keyword arguments of :func:`render_html` (``id_prefix``, ``cdn_base``,
        ``fragment_height``).

    Returns
    -------
    Path
        ``path`` as a :class:`~pathlib.Path`.
    """
    pieces = render_parts(m, offline=offline, fragment=fragment, **options)
    target = Path(path)
    size = 0
    with atomic_write(target, "wb") as handle:
        while pieces:  # release each piece once written
            for chunk in ids.utf8_chunks(pieces.pop(0)):  # no second copy of a big piece
                size += handle.write(chunk)
    log.info("wrote %s (%d bytes%s)", target, size, ", offline" if offline else "")
    return target


def iframe_snippet(src: str, width: str | int = "100%", height: str | int = 500) -> str:
    """An ``<iframe>`` snippet showing the map page at ``src``; see
    :func:`geomap.render.embed.iframe_snippet`."""
    return embed.iframe_snippet(src, width, height)
