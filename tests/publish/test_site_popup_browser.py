"""On a phone, a popup opened near the top of the published site's map opens clear of the
title block (Leaflet keeps controls above popups: the map is panned below it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.publish.conftest import HOSTILE
from tests.publish.test_site_browser import VIEWPORTS, _find, _move, opened
from tests.publish.test_site_explore_browser import _overlaps
from tests.static_server import serve

pytestmark = pytest.mark.browser



#: The controls of the top corners but the title.
TOP_CONTROLS = [".leaflet-control-zoom", ".leaflet-control-layers", "[data-geomap-control=search]",
                "[data-geomap-control=export]"]


@pytest.mark.parametrize("name", VIEWPORTS)
def test_a_popup_near_the_top_opens_below_the_title(
        browser: Any, published_site: Path, screenshot_dir: Path, name: str) -> None:
    with serve(published_site) as url, opened(browser, url, VIEWPORTS[name]) as page:
        lat, lon = _find(published_site, HOSTILE)
        _move(page, lat, lon, 13)
        # the event just below the title block: its popup, above it, would open under it
        top = page.evaluate("""() => { const m = GeomapSite.state.map,
            title = document.querySelector('.gm-title').getBoundingClientRect();
            const y = title.bottom + 12, x = title.left + 80;
            m.panBy([m.getSize().x / 2 - x, m.getSize().y / 2 - y], {animate: false});
            return [x, y]; }""")
        page.wait_for_function("() => !GeomapSite.state.events._loading")
        page.wait_for_timeout(300)
        assert page.evaluate("""([x, y]) => GeomapSite.state.events.hitsAt(
            GeomapSite.state.map.containerPointToLatLng([x, y])).length""", top) > 0
        page.mouse.click(*top)
        popup = page.locator(".leaflet-popup")
        popup.wait_for()
        page.wait_for_timeout(800)  # Leaflet's pan into view, then the pan below the title
        page.screenshot(path=str(screenshot_dir / f"publish-{name}-popup-top.png"))
        # nor under the other controls of the top corners (before, on a phone its first
        # lines lay under the zoom buttons)
        assert _overlaps(page, ".leaflet-popup-content-wrapper", [".gm-title", *TOP_CONTROLS]) == []
        box = page.locator(".leaflet-popup-content-wrapper").bounding_box()
        assert box["y"] >= 0 and box["y"] + 40 < VIEWPORTS[name][1]  # on the screen
