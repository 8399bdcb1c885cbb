"""The exploration controls (issue 13) in real headless Chromium, desktop and phone sizes:
search, the time histogram, relations and actors following the time filter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from geomap.render.map import render_map
from geomap.render.options import RenderOptions
from tests.browser_helpers import open_map
from tests.render.bundles import make_bundle
from tests.render.pages import write_page
from tests.render.screens import take_screenshot

pytestmark = pytest.mark.browser

STATE = "GeomapRender.instances[0]"
SIZES = [(1400, 900), (390, 844)]
#: relations and actor places shown now (their layers on the map's overlays)
SHOWN = f"""() => {STATE}.filtered.filter(item => item.parts.every(p => item.group.hasLayer(p)))
    .map(item => item.names.join('+'))"""


def open_sized(browser: Any, tmp_path: Path, size: tuple[int, int], bundle: Any = None) -> Any:
    path = write_page(render_map(bundle or make_bundle(), RenderOptions(offline=True)),
                      tmp_path / "map.html")
    report = open_map(browser, path, wait_ms=300)
    report.page.set_viewport_size({"width": size[0], "height": size[1]})
    report.page.wait_for_function("() => window.GeomapRender && GeomapRender.instances.length")
    report.page.wait_for_timeout(300)
    return report


def set_range(page: Any, first: str, last: str) -> None:
    page.evaluate("""([a, b]) => { const day = s => Math.round(Date.parse(s) / 86400000);
        GeomapRender.instances[0].time.set(day(a), day(b)); }""", [first, last])


def search(page: Any, text: str) -> list[str]:
    box = page.locator("[data-geomap-control=search]")
    if box.locator(".gm-search-open").is_visible():  # phones: a button opens the field
        box.locator(".gm-search-open").click()
    field = box.locator(".gm-search-input")
    field.fill(text)
    return box.locator(".gm-search-result").all_inner_texts()


@pytest.mark.parametrize("size", SIZES)
def test_search_finds_places_provinces_towns_and_actors(browser, tmp_path, screenshot_dir, size):
    report = open_sized(browser, tmp_path, size)
    page = report.page
    try:
        found = search(page, "gao")
        assert found[0].startswith("Gao, ML") and "province" in found[0]
        assert any("place of events" in text for text in found)
        assert any(text.startswith("Gao") and "town" in text for text in found)
        # a town of the gazetteer that no event names, accents folded
        assert any(text.startswith("Ségou") for text in search(page, "segou"))
        take_screenshot(page, screenshot_dir / f"workbench_search_{size[0]}.png")
        # keyboard: down, Enter flies to the town
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        center = page.evaluate(f"{STATE}.map.getCenter()")
        assert abs(center["lat"] - 13.43) < 0.2 and abs(center["lng"] - -6.26) < 0.2
        assert page.evaluate(f"{STATE}.map.getZoom()") >= 10
        actors = search(page, "jnim")
        assert actors and actors[0].startswith("JNIM") and "actor" in actors[0]
        page.locator(".gm-search-result").first.click()
        page.wait_for_timeout(400)
        center = page.evaluate(f"{STATE}.map.getCenter()")
        assert abs(center["lat"] - 16.27) < 0.2 and abs(center["lng"] - -0.04) < 0.2
        assert search(page, "zzqx") == []
        assert page.locator(".gm-search-none").is_visible()
        assert report.js_errors == [] and report.console_errors == []
    finally:
        page.close()


@pytest.mark.parametrize("size", SIZES)
def test_histogram_counts_and_brushes_the_time_range(browser, tmp_path, screenshot_dir, size):
    report = open_sized(browser, tmp_path, size)
    page = report.page
    try:
        hist = page.locator("[data-geomap-control=histogram]")
        assert hist.is_visible()
        assert page.locator("[data-geomap-control=time]").locator(".gm-histogram").count() == 1
        counts = page.evaluate(f"Array.from({STATE}.histogram.events)")
        assert sum(counts) == 6
        # brushing the first third of the canvas selects January-February
        box = hist.locator("canvas").bounding_box()
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + 1, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=4)
        page.mouse.up()
        page.wait_for_timeout(200)
        visible = page.evaluate(f"{STATE}.events.visibleCount")
        assert visible == 2  # 5 January and 10 February of the six events
        assert "Jan 2024" in page.locator(".gm-time-label").inner_text()
        take_screenshot(page, screenshot_dir / f"workbench_histogram_{size[0]}.png")
        # other filters recount it: hiding battles takes one event out
        page.evaluate(f"{STATE}.events.typeOn[0] = false, {STATE}.refresh()")
        assert sum(page.evaluate(f"Array.from({STATE}.histogram.events)")) == 5
        if size[0] > 700:  # the measure switch (compact maps show events only)
            hist.locator(".gm-histogram-measure").click()
            assert "fatalities" in hist.locator(".gm-histogram-caption").inner_text()
        assert report.js_errors == []
    finally:
        page.close()


def test_relations_and_actors_follow_the_time_filter(browser, tmp_path):
    report = open_sized(browser, tmp_path, SIZES[0])
    page = report.page
    try:
        everything = sorted(page.evaluate(SHOWN))
        assert "Wagner+Military Forces of Mali" in everything  # dated January 2023
        set_range(page, "2024-01-01", "2024-02-28")
        shown = page.evaluate(SHOWN)
        assert "Wagner+Military Forces of Mali" not in shown
        assert "JNIM" in shown  # active 5 January 2024
        assert page.evaluate("document.querySelectorAll('path.geomap-relation').length") == 1
        set_range(page, "2024-03-01", "2024-06-01")
        # left: the undated relation and the actor without dates; gone: JNIM and the army
        # (active January-February), and the relation of January 2023
        assert sorted(page.evaluate(SHOWN)) == ["JNIM+Military Forces of Mali", "Wagner"]
        page.click(".gm-time-all")
        assert sorted(page.evaluate(SHOWN)) == everything
        assert report.js_errors == []
    finally:
        page.close()
