"""Write rendered maps as self-contained pages for browser tests, and work their
Explore drawer.

Leaflet is inlined from the ``xstatic-leaflet`` package and other CDN tags are dropped, so
the tests do not depend on the offline module being finished.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_SCRIPT_SRC = re.compile(r'<script src="([^"]+)"></script>')
_CSS_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)"/>')


def _leaflet_file(name: str) -> str:
    import xstatic.pkg.leaflet as leaflet

    return (Path(leaflet.BASE_DIR) / name).read_text(encoding="utf-8")


def page_html(fmap: Any) -> str:
    """The map's HTML with Leaflet inlined and every other outside file removed."""
    html = fmap.get_root().render()

    def script(match: re.Match[str]) -> str:
        if match.group(1).endswith("/leaflet.js"):
            code = _leaflet_file("leaflet.js").replace("</script", "<\\/script")
            return "<script>" + code + "</script>"
        return ""

    def css(match: re.Match[str]) -> str:
        if match.group(1).endswith("/leaflet.css"):
            return "<style>" + _leaflet_file("leaflet.css") + "</style>"
        return ""

    return _CSS_LINK.sub(css, _SCRIPT_SRC.sub(script, html))


def write_page(fmap: Any, path: Path) -> Path:
    path.write_text(page_html(fmap), encoding="utf-8")
    return path


#: The first map of a page, in the page's scripts.
STATE = "GeomapRender.instances[0]"


def open_drawer(page: Any) -> Any:
    """Open the Explore drawer with its button; the drawer's locator."""
    page.locator("[data-geomap-control=explore] .gm-explore-open").click()
    drawer = page.locator(".gm-drawer")
    assert drawer.is_visible()
    return drawer


def shown_counts(page: Any) -> dict[str, Any]:
    """What the map shows now: events, markers, province counts, legend, title."""
    return page.evaluate(f"""() => ({{ visible: {STATE}.events.visibleCount,
        markers: document.querySelectorAll('path.geomap-event').length,
        provinces: {STATE}.counts.events.slice(),
        title: document.querySelector('.gm-daterange').innerText }})""")


def filter_off(scope: Any, name: str) -> dict[str, Any]:
    """Uncheck the filter box whose label holds ``name`` in ``scope`` (the drawer or its
    filters), then what the map shows (:func:`shown_counts`)."""
    scope.locator(".gm-check", has_text=name).locator("input").uncheck()
    return shown_counts(scope.page)
