"""Turn a ``folium.Map`` into the files people open.

* offline page: one self-contained file, every asset inlined (the default for maps made by
  :func:`geomap.render.map.render_map`, see :attr:`RenderOptions.offline`);
* online page: assets from CDNs (or a mirror, see :mod:`geomap.render.assets`), without the
  folium defaults the map does not use; says so in plain text when they cannot load;
* fragment: the same without ``<html>``/``<head>``/``<body>``, to paste into a host page,
  even twice;
* ``<iframe>`` snippet for pages that show a written map file.

The page is made by :class:`geomap.render.page.MapPage` (or ``MapFragment``) from a deep copy
of the map, so the map itself is never changed. Every output is deterministic: element ids are
``<kind>_<prefix>_<n>`` (:mod:`geomap.render.ids`), the default prefix a hash of the page, so
the same map gives byte-identical HTML. The page comes as pieces; the events data (hundreds of
MB at a million events) is one of them, never copied or searched, and :func:`write_html`
streams the pieces to the file.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypedDict, Unpack

import folium

from geomap._atomic import atomic_write
from geomap.errors import ConfigError, GeomapError, RenderError
from geomap.render import elements, embed, ids
from geomap.render.embed import iframe_snippet
from geomap.render.page import MapFragment, MapPage

log = logging.getLogger(__name__)

__all__ = ["HtmlOptions", "iframe_snippet", "render_html", "render_parts", "write_html"]


class HtmlOptions(TypedDict, total=False):
    """The keyword arguments of :func:`render_html`, taken as they are by
    :func:`render_parts` and :func:`write_html`."""

    offline: bool | None
    fragment: bool
    id_prefix: str | None
    cdn_base: str | None
    fragment_height: str | None


def render_html(
    m: Any,
    *,
    offline: bool | None = None,
    fragment: bool = False,
    id_prefix: str | None = None,
    cdn_base: str | None = None,
    fragment_height: str | None = None,
) -> str:
    """Render a map to HTML text.

    Parameters
    ----------
    m
        The ``folium.Map`` (it is not modified).
    offline
        Inline every script, stylesheet, font and icon; raise if anything would still be
        fetched from outside. Default: what the map was made for
        (:attr:`~geomap.render.options.RenderOptions.offline`); ``False`` for other maps.
    fragment
        Leave out ``<html>``, ``<head>`` and ``<body>`` so the result can be pasted into a
        host page; several fragments, even copies of one, work side by side on one page.
    id_prefix
        Prefix of element ids and JavaScript names; default the map's own
        (:attr:`~geomap.render.options.RenderOptions.element_id_prefix`), else a hash of
        the map, so two different maps never clash.
    cdn_base
        Mirror for online assets (``<cdn_base>/<package>/<file>``); default
        ``$GEOMAP_CDN_BASE``, else the CDNs folium uses.
    fragment_height
        CSS height of a fragment's wrapper ``<div>`` (a CSS length above zero, or a number
        of pixels); default the map's own
        (:attr:`~geomap.render.options.RenderOptions.fragment_height`), else ``500px``.

    Returns
    -------
    str
        The HTML; the same map always gives the same text.

    Raises
    ------
    RenderError
        If the map cannot be rendered, or (offline) needs a resource with no local copy.
    ConfigError
        If ``id_prefix`` or ``fragment_height`` is malformed.

    Examples
    --------
    >>> import folium
    >>> page = render_html(folium.Map(tiles=None, maxZoom=18), offline=True)
    >>> "cdn.jsdelivr.net" in page
    False
    """
    return "".join(render_parts(m, offline=offline, fragment=fragment, id_prefix=id_prefix,
                                cdn_base=cdn_base, fragment_height=fragment_height))


def render_parts(m: Any, **options: Unpack[HtmlOptions]) -> list[str]:
    """Render a map to HTML in pieces, in page order; the events data is a piece of its own.

    Joined, the pieces are :func:`render_html`'s page; :func:`write_html` writes them one
    after the other so the page never exists as one string. Keyword arguments and errors
    are those of :func:`render_html`.
    """
    _check_options(options)
    own = _own_page(m)
    offline, cdn_base = options.get("offline"), options.get("cdn_base")
    settings = {
        "offline": own.offline if offline is None else offline,
        "cdn_base": cdn_base if cdn_base is not None else own.cdn_base,
        "title": own.title,
    }
    prefix = options.get("id_prefix")
    prefix = prefix if prefix is not None else own.id_prefix
    fragment = options.get("fragment", False)
    height = options.get("fragment_height")
    fragment_height = own.fragment_height if height is None else embed.fragment_height(height)
    with elements.reused_json():
        if prefix is None:  # the same map always hashes to the same prefix
            draft = _page(m, settings, fragment, fragment_height, ids.PLACEHOLDER)
            prefix = ids.content_prefix(_render(draft))
        page = _page(m, settings, fragment, fragment_height, ids.check_prefix(prefix))
        return list(_render(page))


def _check_options(options: Mapping[str, Any]) -> None:
    unknown = sorted(set(options) - set(HtmlOptions.__annotations__))
    if unknown:
        raise ConfigError(f"expected render options among {sorted(HtmlOptions.__annotations__)}, "
                          f"got {unknown[0]!r}; fix the keyword's name")


def _own_page(m: Any) -> MapPage:
    """The page settings the map was made with (plain folium maps: an online page)."""
    if not hasattr(m, "get_root"):
        raise RenderError(f"expected a folium.Map, got {type(m).__name__!r}")
    root = m.get_root()
    return root if isinstance(root, MapPage) else MapPage()


def _page(m: Any, settings: dict[str, Any], fragment: bool, height: str,
          prefix: str) -> MapPage:
    """A new page holding a deep copy of ``m``'s figure, its elements numbered."""
    page = MapFragment(height=height, **settings) if fragment else MapPage(**settings)
    root = copy.deepcopy(m.get_root())
    if isinstance(root, folium.Map) or not hasattr(root, "header"):
        ids.forget_earlier_renders(root, [])
        page.add_child(root)  # a map without a figure
    else:
        ids.forget_earlier_renders(root, [root.header, root.html, root.script])
        # a folium figure: its elements and the pieces users added to its containers
        for where in ("header", "html", "script"):
            for name, element in list(getattr(root, where)._children.items()):
                getattr(page, where).add_child(element, name=name)
        for name, element in list(root._children.items()):
            page.add_child(element, name=name)
    ids.assign_ids(page, prefix)
    return page


def _render(page: MapPage) -> list[str]:
    try:
        return list(page.render_pieces())
    except GeomapError:
        raise
    except Exception as err:  # folium/jinja errors carry no geomap context
        raise RenderError(f"folium could not render the map: {err}") from err


def write_html(m: Any, path: str | Path, **options: Unpack[HtmlOptions]) -> Path:
    """Write a map to ``path`` atomically and return the path.

    Parameters
    ----------
    m
        The ``folium.Map``.
    path
        Output file; parent folders are created.
    **options
        The keyword arguments of :func:`render_html` (``offline``, ``fragment``,
        ``id_prefix``, ``cdn_base``, ``fragment_height``).

    Returns
    -------
    Path
        ``path`` as a :class:`~pathlib.Path`.
    """
    pieces = render_parts(m, **options)
    target = Path(path)
    size = 0
    with atomic_write(target, "wb") as handle:
        pieces.reverse()
        while pieces:  # release each piece once written
            for chunk in ids.utf8_chunks(pieces.pop()):  # no second copy of a big piece
                size += handle.write(chunk)
    log.info("wrote %s (%d bytes)", target, size)
    return target
