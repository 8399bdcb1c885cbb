"""What an offline page needs: assets made safe to inline, and a check of the page's code.

:class:`geomap.render.page.MapPage` inlines each asset the map uses from its registry package
(:mod:`geomap.render.assets`) with the helpers here: scripts and stylesheets escaped for their
element, CSS ``url()`` references turned into data URIs, Leaflet's marker images set
explicitly. :func:`check_self_contained` then looks at the page's *code* — the pieces its
elements and templates wrote, never the data — for anything a browser would still fetch.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path

from geomap.errors import RenderError
from geomap.render import assets

# resources a browser would fetch by itself (a plain <a href> link in text is fine)
_FETCHED = re.compile(
    r"""(?:<script[^>]*\ssrc|<link[^>]*\shref|<(?:img|iframe|source|audio|video|embed)[^>]*\ssrc)"""
    r"""\s*=\s*\\?["']?((?:https?:)?//[^"'\\\s>]+)"""
    r"""|url\(\s*\\?["']?((?:https?:)?//[^"')\\\s]+)"""
    r"""|@import\s+\\?["']((?:https?:)?//[^"'\\]+)"""
    r"""|(?:tileLayer(?:\.wms)?|imageOverlay|videoOverlay)\(\s*\\?["']((?:https?:)?//[^"'\\]+)""",
    re.I,
)
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")
_FONT_FALLBACK = re.compile(
    r""",\s*url\([^)]*\.(?:ttf|eot|woff|otf)\)\s*format\(["'][^"']*["']\)"""
)
_MIME = {".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".svg": "image/svg+xml"}


def check_self_contained(code: str) -> None:
    """Raise :class:`RenderError` naming the first outside resource ``code`` would fetch.

    ``code`` is the page's code without its data (see :class:`geomap.render.page.DataPart`):
    a title or an actor name that mentions ``url(https://…)`` is text, not a resource.
    """
    match = _FETCHED.search(code)
    if match is None:
        return
    url = next(group for group in match.groups() if group)
    raise RenderError(
        f"offline map still loads an outside resource: {url!r} (in {match.group(0)[:80]!r}). "
        "Expected every resource inlined; remove online tile layers (tiles=None with "
        "geomap.render.basemap.add_basemap) and external images, or write an online map."
    )


def escape_script(code: str) -> str:
    """Make JavaScript safe inside ``<script>``: no ``</script`` and no ``<!--``."""
    code = re.sub(r"</(script)", r"\\x3C/\1", code, flags=re.I)
    return code.replace("<!--", "\\x3C!--")


def escape_style(css: str) -> str:
    """Make CSS safe inside ``<style>``: no ``</style``."""
    return re.sub(r"</(style)", r"\\3C/\1", css, flags=re.I)


def inline_css(path: Path) -> str:
    """Read a stylesheet and turn its relative ``url()`` references into data URIs."""
    css = path.read_text(encoding="utf-8")
    if ".woff2" in css:
        css = _FONT_FALLBACK.sub("", css)  # woff2 alone serves every current browser

    def to_data_uri(match: re.Match[str]) -> str:
        target = match.group(2).strip()
        if target.startswith(("data:", "#")):
            return match.group(0)
        if re.match(r"(?:[a-z]+:)?//", target, re.I):
            raise RenderError(f"stylesheet {path.name} refers to outside resource {target!r}")
        return f'url("{data_uri(path.parent / target.split("?")[0].split("#")[0])}")'

    return _CSS_URL.sub(to_data_uri, css)


def data_uri(path: Path) -> str:
    """A ``data:`` URI with the bytes of ``path``."""
    if not path.is_file():
        raise RenderError(f"asset file {path} referenced by a stylesheet is missing")
    mime = _MIME.get(path.suffix) or mimetypes.guess_type(path.name)[0]
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:{mime or 'application/octet-stream'};base64,{encoded}"


def default_icon_script() -> str:
    """Set Leaflet's default marker images to data URIs.

    Leaflet finds its images through the URL of its stylesheet, which an inlined stylesheet
    does not have; setting ``imagePath`` to a string skips that detection.
    """
    images = assets.asset_path(assets.asset_named("leaflet_js")).parent / "images"
    urls = {
        "iconUrl": data_uri(images / "marker-icon.png"),
        "iconRetinaUrl": data_uri(images / "marker-icon-2x.png"),
        "shadowUrl": data_uri(images / "marker-shadow.png"),
    }
    options = ", ".join(f'{key}: "{value}"' for key, value in urls.items())
    return (
        "<script>\nL.Icon.Default.imagePath = \"\";\n"
        f"L.Icon.Default.mergeOptions({{{options}}});\n</script>"
    )
