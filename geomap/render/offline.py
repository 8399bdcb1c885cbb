"""Make a rendered folium page self-contained: inline every asset, refuse outside URLs.

Each external ``<script src>`` and stylesheet ``<link>`` is looked up in the asset manifest
(:mod:`geomap.render.assets`): assets the map does not use are dropped (folium adds jQuery,
Bootstrap, Font Awesome and awesome-markers to every page), used ones are inlined from
their registry package with CSS ``url()`` references turned into data URIs. Anything
external that is left and is not a link in text is an error.
"""

from __future__ import annotations

import base64
import logging
import mimetypes
import re
from pathlib import Path

from geomap.errors import RenderError
from geomap.render import assets
from geomap.render.assets import Asset

log = logging.getLogger(__name__)

_SCRIPT_TAG = re.compile(r"""<script\s+src\s*=\s*["']([^"']+)["']\s*>\s*</script>""", re.I)
_LINK_TAG = re.compile(
    r"""<link\s+rel\s*=\s*["']stylesheet["']\s+href\s*=\s*["']([^"']+)["']\s*/?>""", re.I
)
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


def make_offline(html: str, *, guard: bool = False) -> str:
    """Return ``html`` with every asset inlined and no outside URL left.

    Parameters
    ----------
    html
        A page rendered by folium (``m.get_root().render()``).
    guard
        Wrap each inlined script so it runs once per page even when several map
        fragments carrying the same library are pasted into one host page.

    Raises
    ------
    RenderError
        If the page loads a URL that has no local copy, or still refers to an outside
        resource (for example an online tile layer).
    """
    content = _SCRIPT_TAG.sub("", _LINK_TAG.sub("", html))
    check_self_contained(content)
    done: set[str] = set()

    def inline(match: re.Match[str]) -> str:
        return _inline_tag(match.group(1), content, done, guard)

    html = _SCRIPT_TAG.sub(inline, html)
    return _LINK_TAG.sub(inline, html)


def drop_unused(html: str) -> str:
    """Remove the asset tags of known assets the map does not use (online pages too).

    folium puts jQuery, Bootstrap, Font Awesome and awesome-markers in every page; in a
    fragment, Bootstrap's stylesheet would even restyle the host page.
    """
    content = _SCRIPT_TAG.sub("", _LINK_TAG.sub("", html))

    def keep_if_used(match: re.Match[str]) -> str:
        asset = assets.asset_for_url(match.group(1))
        if asset is not None and not asset.is_needed(content):
            return ""
        return match.group(0)

    return _LINK_TAG.sub(keep_if_used, _SCRIPT_TAG.sub(keep_if_used, html))


def check_self_contained(content: str) -> None:
    """Raise :class:`RenderError` naming the first outside resource ``content`` would fetch."""
    match = _FETCHED.search(content)
    if match is None:
        return
    url = next(group for group in match.groups() if group)
    raise RenderError(
        f"offline map still loads an outside resource: {url!r} (in {match.group(0)[:80]!r}). "
        "Expected every resource inlined; remove online tile layers (tiles=None with "
        "geomap.render.basemap.add_basemap) and external images, or write an online map."
    )


def _inline_tag(url: str, content: str, done: set[str], guard: bool) -> str:
    asset = assets.asset_for_url(url)
    if asset is None:
        raise RenderError(
            f"offline map loads an unknown asset {url!r}: expected one listed in "
            "geomap/data/assets.json. Add it there with the registry package carrying it."
        )
    if not asset.is_needed(content) or asset.name in done:
        return ""
    if not asset.available_offline and asset.optional:
        log.warning("offline map goes without %s (%s): no installed package carries it",
                    asset.name, url)
        return ""
    if not asset.available_offline:
        raise RenderError(
            f"offline map needs {asset.name!r} ({url!r}), which no installed registry "
            "package carries. Avoid the feature that uses it or write an online map."
        )
    done.add(asset.name)
    log.debug("inlining %s from %s", asset.name, asset.package)
    if asset.kind == "css":
        return f"<style>\n{_escape_style(inline_css(assets.asset_path(asset)))}\n</style>"
    return _script_block(asset, guard)


def _script_block(asset: Asset, guard: bool) -> str:
    code = escape_script(assets.asset_path(asset).read_text(encoding="utf-8"))
    if guard:
        key = f"window.__geomapAssets[{asset.name!r}]"
        code = (
            "window.__geomapAssets = window.__geomapAssets || {};\n"
            f"if (!{key}) {{ {key} = true;\n{code}\n}}"
        )
    block = f"<script>\n{code}\n</script>"
    if asset.name == "leaflet_js":
        block += "\n" + default_icon_script()
    return block


def escape_script(code: str) -> str:
    """Make JavaScript safe inside ``<script>``: no ``</script`` and no ``<!--``."""
    code = re.sub(r"</(script)", r"\\x3C/\1", code, flags=re.I)
    return code.replace("<!--", "\\x3C!--")


def _escape_style(css: str) -> str:
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
