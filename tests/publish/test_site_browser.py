"""A published site, served over HTTP by a range-capable server on 127.0.0.1, in Chromium:
tiles drawn, popups with the event's text (as text), the time filter recounting."""

from __future__ import annotations

import gzip
import math
from pathlib import Path
from typing import Any

import mapbox_vector_tile
import pytest
from pmtiles.reader import MmapSource, all_tiles

from geomap.publish.build import publish_site
from geomap.publish.tiles import MAX_ZOOM
from tests.publish.conftest import HOSTILE
from tests.static_server import serve

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": (1400, 900), "phone": (390, 844)}
READY = "html[data-geomap-ready]"


@pytest.fixture(scope="module")
def site(acled_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser-site")
    publish_site([acled_file], folder)
    return folder


def _find(folder: Path, text: str) -> tuple[float, float]:
    """Latitude and longitude of the event whose notes are ``text`` (from the archive)."""
    with (folder / "events.pmtiles").open("rb") as handle:
        for (z, x, y), data in all_tiles(MmapSource(handle)):
            if z != MAX_ZOOM:
                continue
            layer = mapbox_vector_tile.decode(gzip.decompress(data),
                                              default_options={"y_coord_down": True})["events"]
            for f in layer["features"]:
                if f["properties"].get("notes") == text:
                    gx, gy = f["geometry"]["coordinates"]
                    size = 2 ** (MAX_ZOOM + 12)
                    lon = (x * 4096 + gx + 0.5) / size * 360 - 180
                    n = math.pi * (1 - 2 * (y * 4096 + gy + 0.5) / size)
                    return math.degrees(math.atan(math.sinh(n))), lon
    raise AssertionError(f"no event with notes {text!r}")


def _open(browser: Any, url: str, viewport: tuple[int, int]) -> tuple[Any, list[str]]:
    page = browser.new_page()
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("requestfailed", lambda req: errors.append(f"failed: {req.url}"))
    page.goto(url + "index.html")
    page.wait_for_selector(READY, timeout=60_000)
    return page, errors


def _move(page: Any, lat: float, lon: float, zoom: int) -> None:
    """Set the view and wait until its tiles are drawn."""
    page.evaluate("""([lat, lon, zoom]) => new Promise(done => {
        const s = GeomapSite.state; s.events.once("load", () => done(true));
        s.map.setView([lat, lon], zoom, {animate: false});
        setTimeout(() => done(false), 20000); })""", [lat, lon, zoom])


def _painted(page: Any) -> int:
    """Tiles on screen with at least one painted pixel."""
    return page.evaluate("""() => [...document.querySelectorAll('canvas.gm-tile')].filter(c => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < d.length; i += 4) { if (d[i]) return true; } return false; }).length""")


@pytest.mark.parametrize("name", VIEWPORTS)
def test_site_draws_tiles_and_opens_popups(browser: Any, site: Path, screenshot_dir: Path,
                                          name: str) -> None:
    with serve(site) as url:
        page, errors = _open(browser, url, VIEWPORTS[name])
        try:
            assert page.locator(".gm-title-main").inner_text() == "Acled"
            assert page.locator(".gm-daterange").inner_text().startswith("2,999 of 2,999 events")
            assert _painted(page) > 0  # density cells at the opening zoom
            assert page.evaluate("() => GeomapSite.state.provinces.layer.getLayers().length") > 10
            stats = page.evaluate("() => GeomapSite.stats")  # neighbouring tiles read at once
            assert 0 < stats["requests"] < stats["tilesWithData"]
            page.screenshot(path=str(screenshot_dir / f"publish-{name}-open.png"))
            lat, lon = _find(site, HOSTILE)
            _move(page, lat, lon, 15)
            assert _painted(page) > 0
            size = VIEWPORTS[name]
            page.mouse.click(size[0] / 2, size[1] / 2)
            popup = page.locator(".leaflet-popup-content .gm-popup")
            popup.first.wait_for(timeout=60_000)
            text = page.locator(".leaflet-popup-content").inner_text()
            assert HOSTILE in text and "Event id" in text and "Fatalities" in text
            assert page.locator(".leaflet-popup-content img, .leaflet-popup-content script") \
                .count() == 0
            assert page.evaluate("() => window.__pwned") is None
            page.wait_for_timeout(500)  # the popup pans into view
            page.screenshot(path=str(screenshot_dir / f"publish-{name}-popup.png"))
            assert not errors
        finally:
            page.close()


def test_time_filter_recounts_and_redraws(browser: Any, site: Path, screenshot_dir: Path) -> None:
    with serve(site) as url:
        page, errors = _open(browser, url, VIEWPORTS["desktop"])
        try:
            _move(page, 49.99, 36.23, 10)  # Kharkiv: single events
            before = page.evaluate("() => GeomapSite.state.events.hitCount()")
            page.evaluate("""() => { const s = document.querySelector('.gm-time-start'),
                e = document.querySelector('.gm-time-end');
                s.value = +s.min + 12; e.value = +s.min + 17;
                e.dispatchEvent(new Event('input')); }""")
            after = page.evaluate("() => GeomapSite.state.events.hitCount()")
            shown = page.locator(".gm-daterange").inner_text()
            assert shown.split(" of ")[1].startswith("2,999 events")
            count = int(shown.split(" of ")[0].replace(",", ""))
            assert 0 < count < 2999 and 0 < after < before
            assert page.locator(".gm-time-label").inner_text().endswith(shown[-8:])
            page.screenshot(path=str(screenshot_dir / "publish-desktop-time-filter.png"))
            page.locator(".gm-legend-type").first.click()  # hide Battles
            assert page.evaluate("() => GeomapSite.state.events.hitCount()") < after
            assert not errors
        finally:
            page.close()


def test_popup_below_the_deepest_zoom_reads_the_event_from_the_deepest_tile(
        browser: Any, site: Path) -> None:
    """At zoom 10 features carry only what drawing needs; a click finds the event under
    the cursor and its popup shows the texts of its zoom-12 tile."""
    with serve(site) as url:
        page, errors = _open(browser, url, VIEWPORTS["desktop"])
        try:
            lat, lon = _find(site, HOSTILE)
            _move(page, lat, lon, 10)
            assert page.evaluate("() => GeomapSite.state.map.getZoom()") == 10
            assert page.evaluate("() => GeomapSite.state.events.hitCount()") > 100
            page.mouse.click(700, 450)
            page.locator(".leaflet-popup-content .gm-popup").first.wait_for(timeout=60_000)
            text = page.locator(".leaflet-popup-content").inner_text()
            assert HOSTILE in text and "Event id" in text
            assert page.evaluate("() => window.__pwned") is None
            assert not errors
        finally:
            page.close()
