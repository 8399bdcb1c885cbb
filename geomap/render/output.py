"""Turn a ``folium.Map`` into the files people open.

* online page: folium's page, assets from CDNs (or a mirror, see
  :mod:`geomap.render.assets`), without the folium defaults the map does not use;
* offline page: one self-contained file, every asset inlined (:mod:`geomap.render.offline`);
* fragment: the same without ``<html>``/``<head>``/``<body>``, to paste into a host page
  (:mod:`geomap.render.embed`);
* ``<iframe>`` snippet for pages that show a written map file.

Every output is deterministic: element ids come from a counter and a hash of the page
(:mod:`geomap.render.ids`), so the same map gives byte-identical HTML.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from geomap._atomic import atomic_write_text
from geomap.errors import GeomapError, RenderError
from geomap.render import assets, embed, ids
from geomap.render import offline as offline_pages

log = logging.getLogger(__name__)

__all__ = ["iframe_snippet", "render_html", "write_html"]


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
    page = _render_page(m, id_prefix)
    if fragment:  # before inlining: the page structure is folium's alone
        page = embed.to_fragment(page, height=fragment_height)
    if offline:
        return offline_pages.make_offline(page, guard=fragment)
    page = offline_pages.drop_unused(page)
    base = assets.cdn_base(cdn_base)
    return assets.rewrite_to_mirror(page, base) if base else page


def _render_page(m: Any, id_prefix: str | None) -> str:
    if not hasattr(m, "get_root"):
        raise RenderError(f"expected a folium.Map, got {type(m).__name__!r}")
    root = m.get_root()
    with ids.placeholder_ids(root):
        try:
            page = root.render()
        except GeomapError:
            raise
        except Exception as err:  # folium/jinja errors carry no geomap context
            raise RenderError(f"folium could not render the map: {err}") from err
    return ids.finalize_ids(page, id_prefix)


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
    text = render_html(m, offline=offline, fragment=fragment, **options)
    target = Path(path)
    atomic_write_text(target, text)
    log.info("wrote %s (%d bytes%s)", target, len(text.encode("utf-8")),
             ", offline" if offline else "")
    return target


def iframe_snippet(src: str, width: str | int = "100%", height: str | int = 500) -> str:
    """An ``<iframe>`` snippet showing the map page at ``src``; see
    :func:`geomap.render.embed.iframe_snippet`."""
    return embed.iframe_snippet(src, width, height)
