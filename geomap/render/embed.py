"""Embedding: HTML fragments for host pages and ``<iframe>`` snippets.

A fragment is the page folium renders without ``<html>``, ``<head>`` and ``<body>``: its
assets, the map's styles, the map ``<div>`` inside a sized wrapper, and the map script. The
page-wide rules folium writes for a standalone page (``html, body {height: 100%}``,
``#map {position: absolute}``, the viewport ``<meta>``) are left out so a host page keeps
its own layout.
"""

from __future__ import annotations

import html as html_lib
import re

from geomap.errors import ConfigError, RenderError

_HEAD = re.compile(r"<head>(.*?)</head>", re.S | re.I)
_BODY = re.compile(r"<body>(.*?)</body>(.*)</html>\s*$", re.S | re.I)
_PAGE_ONLY = [
    re.compile(r"<meta\s+http-equiv[^>]*>\s*", re.I),
    re.compile(r"<meta\s+name=\"viewport\"[^>]*>\s*", re.I | re.S),
    re.compile(r"<style>\s*html,\s*body\s*\{[^}]*\}\s*</style>\s*", re.I),
    re.compile(r"<style>\s*#map\s*\{[^}]*\}\s*</style>\s*", re.I),
]
_CSS_SIZE = re.compile(r"^\d+(?:\.\d+)?(?:px|em|rem|vh|vw|%)$")


def to_fragment(page: str, *, height: str = "500px", wrapper_id: str | None = None) -> str:
    """Turn a full folium page into a fragment to paste into a host page.

    Parameters
    ----------
    page
        A full page rendered by folium.
    height
        CSS height of the wrapper the map fills (folium maps are sized in % of it).
    wrapper_id
        ``id`` of the wrapper ``<div>``; derived from the map's own id when omitted.

    Raises
    ------
    RenderError
        If ``page`` does not have folium's page structure.
    ConfigError
        If ``height`` is not a CSS length.
    """
    if not _CSS_SIZE.match(height):
        raise ConfigError(f"fragment height must be a CSS length like '500px', got {height!r}")
    head, body = _HEAD.search(page), _BODY.search(page)
    if head is None or body is None:
        raise RenderError("expected a full folium page with <head> and <body>; got a fragment?")
    head_part = head.group(1)
    for pattern in _PAGE_ONLY:
        head_part = pattern.sub("", head_part)
    map_id = wrapper_id or _map_id(body.group(1))
    return (
        f'<div class="geomap-embed" id="{map_id}-embed" '
        f'style="position: relative; width: 100%; height: {height};">\n'
        f"{head_part.strip()}\n{body.group(1).strip()}\n{body.group(2).strip()}\n</div>\n"
    )


def _map_id(body: str) -> str:
    match = re.search(r'class="folium-map" id="([^"]+)"', body)
    return match.group(1) if match else "geomap"


def iframe_snippet(src: str, width: str | int = "100%", height: str | int = 500) -> str:
    """An ``<iframe>`` that shows the map page at ``src``.

    Parameters
    ----------
    src
        URL (or path relative to the host page) of a full map page written by
        :func:`geomap.render.output.write_html`.
    width, height
        Pixels as ``int``, or any CSS length as ``str``.

    Examples
    --------
    >>> iframe_snippet("maps/mali.html", 800, 600)  # doctest: +ELLIPSIS
    '<iframe src="maps/mali.html" width="800" height="600" ...></iframe>'
    """
    return (
        f'<iframe src="{html_lib.escape(src, quote=True)}" width="{_size(width)}" '
        f'height="{_size(height)}" style="border: 0;" loading="lazy" '
        'title="Map" allowfullscreen></iframe>'
    )


def _size(value: str | int) -> str:
    text = str(value)
    if not (text.isdigit() or _CSS_SIZE.match(text)):
        raise ConfigError(f"iframe size must be pixels or a CSS length, got {value!r}")
    return html_lib.escape(text, quote=True)
