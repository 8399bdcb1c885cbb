"""Pages in real Chromium: a CDN page without network, one fragment pasted twice, controls
on small screens and narrow embeds (issue 13 items 7-8)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from geomap.render.map import render_map
from geomap.render.options import RenderOptions
from geomap.render.output import render_html, write_html
from tests.browser_helpers import open_map
from tests.render.bundles import make_bundle
from tests.render.screens import take_screenshot

pytestmark = pytest.mark.browser

# Rectangles of every control of each map: geomap's, Leaflet's zoom, layers, scale, attribution.
CONTROL_RECTS = """() => [...document.querySelectorAll('.folium-map')].map(map => {
  const box = map.getBoundingClientRect();
  const rects = [...map.querySelectorAll('.leaflet-control')].filter(
      el => el.offsetWidth && el.offsetHeight).map(el => {
    const r = el.getBoundingClientRect();
    return {name: el.getAttribute('data-geomap-control') || el.className.split(' ')[0],
            x: r.x, y: r.y, w: r.width, h: r.height};
  });
  return {width: box.width, height: box.height, rects};
})"""


def overlaps(rects: list[dict[str, Any]]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if dx > 1 and dy > 1:
                found.append((a["name"], b["name"]))
    return found


def test_cdn_page_without_network_says_so(browser: Any, tmp_path: Path,
                                          screenshot_dir: Path) -> None:
    """Every outside host is blocked: the page shows a plain message, not a white page."""
    m = render_map(make_bundle(), RenderOptions(offline=False))
    path = write_html(m, tmp_path / "cdn.html")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(path.resolve().as_uri(), wait_until="load", timeout=120_000)
        notice = page.locator(".geomap-load-failed")
        notice.wait_for(state="visible", timeout=60_000)
        assert "could not load its map library" in notice.inner_text()
        assert errors == []  # the map's script does not run without Leaflet
        take_screenshot(page, screenshot_dir / "pages_cdn_without_network.png")
    finally:
        page.close()


def test_offline_page_shows_no_notice(browser: Any, tmp_path: Path) -> None:
    path = write_html(render_map(make_bundle(), RenderOptions(offline=True)),
                      tmp_path / "offline.html")
    report = open_map(browser, path)
    try:
        assert report.page.locator(".geomap-load-failed").count() == 0
        assert report.js_errors == [] and report.failed_requests == []
    finally:
        report.page.close()


HOST = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Host</title></head>
<body style="margin: 16px; font-family: serif">
<h1>One fragment, pasted twice</h1>
<div style="width: 500px">{fragment}</div>
<p>The same again:</p>
<div style="width: 500px">{fragment}</div>
</body></html>
"""


@pytest.mark.parametrize("viewport", [(1400, 900), (390, 844)])
def test_same_fragment_twice_both_work(browser: Any, tmp_path: Path, screenshot_dir: Path,
                                       viewport: tuple[int, int]) -> None:
    fragment = render_html(render_map(make_bundle(), RenderOptions(offline=True)),
                           fragment=True, fragment_height="420px")
    host = tmp_path / "host.html"
    host.write_text(HOST.format(fragment=fragment), encoding="utf-8")
    report = open_map(browser, host, wait_ms=800)
    page = report.page
    try:
        page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
        assert report.js_errors == [] and report.failed_requests == []
        assert page.evaluate("GeomapRender.instances.length") == 2
        duplicates = page.evaluate("""() => { const seen = {}, twice = [];
            document.querySelectorAll('[id]').forEach(el => {
              if (seen[el.id]) twice.push(el.id); seen[el.id] = true; });
            return twice; }""")
        assert duplicates == []
        maps = page.locator(".folium-map")
        assert maps.count() == 2
        for map_rects in page.evaluate(CONTROL_RECTS):  # at first load, in a 500 px column
            assert overlaps(map_rects["rects"]) == []
        # the second copy answers its own controls and clicks; the first is left alone
        zooms = "GeomapRender.instances.map(s => s.map.getZoom())"
        before = page.evaluate(zooms)
        maps.nth(1).locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(400)
        after = page.evaluate(zooms)
        assert after[0] == before[0] and after[1] == before[1] + 1
        legend = maps.nth(1).locator("[data-geomap-control=legend] .gm-legend-toggle")
        legend.click()
        assert maps.nth(1).locator(".gm-legend-body").is_visible()
        assert not maps.nth(0).locator(".gm-legend-body").is_visible()
        page.evaluate("GeomapRender.instances[1].eventsLayer.markers[0].openPopup(), null")
        assert "Battles" in maps.nth(1).locator(".leaflet-popup-content").inner_text()
        assert maps.nth(0).locator(".leaflet-popup").count() == 0
        take_screenshot(page, screenshot_dir / f"pages_fragment_twice_{viewport[0]}.png")
    finally:
        page.close()


@pytest.mark.parametrize("size", [(1400, 900), (390, 844), (500, 700)])
def test_controls_never_overlap_and_leave_the_map_visible(
        browser: Any, tmp_path: Path, screenshot_dir: Path, size: tuple[int, int]) -> None:
    """At first load, controls do not overlap; on a phone they cover at most a quarter."""
    path = write_html(render_map(make_bundle(), RenderOptions(offline=True)), tmp_path / "m.html")
    page = browser.new_page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    try:
        page.goto(path.resolve().as_uri(), wait_until="load")
        page.wait_for_function("() => window.GeomapRender && GeomapRender.instances.length")
        page.wait_for_timeout(300)
        (layout,) = page.evaluate(CONTROL_RECTS)
        assert overlaps(layout["rects"]) == []
        names = {rect["name"] for rect in layout["rects"]}
        assert {"title", "layers", "legend", "time", "search", "explore"} <= names
        covered = sum(r["w"] * r["h"] for r in layout["rects"])
        if size[0] < 700:
            assert covered / (layout["width"] * layout["height"]) <= 0.25
        take_screenshot(page, screenshot_dir / f"pages_controls_{size[0]}x{size[1]}.png")
    finally:
        page.close()
