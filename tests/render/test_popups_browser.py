"""The single page's popups fit a phone's screen (390 x 844): before, a popup's width was
chosen for a desktop (360 px of content), and a UCDP event's popup (a long "Deaths (best
estimate)" heading beside a long date) ran past the screen's right edge, its close button
and the ends of its lines off the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from geomap.render.map import render_map
from geomap.render.options import RenderOptions
from geomap.render.output import write_html
from tests.render.bundles import make_bundle
from tests.render.screens import take_screenshot
from tests.render.test_styling import open_page, ucdp_events

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", [(390, 844), (1400, 900)])
def test_every_event_popup_fits_the_screen(browser: Any, tmp_path: Path, screenshot_dir: Path,
                                          size: tuple[int, int]) -> None:
    bundle = make_bundle(events=ucdp_events(), relations=None)
    path = write_html(render_map(bundle, RenderOptions(offline=True)), tmp_path / "ucdp.html")
    page = open_page(browser, path, size)
    page.wait_for_function("() => GeomapRender.instances[0].framed")  # as a reader finds it
    try:
        markers = page.evaluate("GeomapRender.instances[0].eventsLayer.markers.length")
        assert markers > 0
        opened = 0
        for k in range(markers):
            marker = f"GeomapRender.instances[0].eventsLayer.markers[{k}]"
            if not page.evaluate(f"!!{marker}"):
                continue  # an event known only to a country: no marker
            page.evaluate(f"{marker}.openPopup(), null")
            opened += 1
            page.wait_for_timeout(300)
            page.wait_for_function("""() => { const m = GeomapRender.instances[0].map;
                return !(m._panAnim && m._panAnim._inProgress); }""")  # its pan into view
            page.wait_for_timeout(300)
            box = page.evaluate("""() => {
                const popup = document.querySelector('.leaflet-popup');
                const [a, b] = ['.leaflet-popup-content-wrapper', '.leaflet-popup-close-button']
                    .map(s => popup.querySelector(s).getBoundingClientRect());
                return [a.left, a.right, b.left, b.right]; }""")
            assert 0 <= box[0] and box[1] <= size[0], (k, box)
            assert 0 <= box[2] and box[3] <= size[0], (k, box)
        assert opened >= 2
        if size[0] > 1000:  # a wide map keeps the width asked for
            width = page.evaluate("GeomapRender.instances[0].eventsLayer.markers[0]"
                                  ".getPopup().options.maxWidth")
            assert width == 360
        take_screenshot(page, screenshot_dir / f"popup_ucdp_{size[0]}x{size[1]}.png")
    finally:
        page.close()
