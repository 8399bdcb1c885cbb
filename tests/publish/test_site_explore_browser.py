"""The published site's exploration controls in Chromium, through a 127.0.0.1 server:
the search of countries and provinces."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from geomap.publish.build import publish_site
from tests.publish.test_site_browser import VIEWPORTS, _open
from tests.static_server import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(acled_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("explore-site")
    publish_site([acled_file], folder)
    return folder


def _province_events(folder: Path, name: str) -> tuple[int, list[float]]:
    """Events of province ``name`` in counts.json, and where its label sits (lat, lon)."""
    areas = json.loads((folder / "areas.json").read_text(encoding="utf-8"))["admin1"]
    index = next(k for k, f in enumerate(areas) if f["properties"]["name"] == name)
    counts = json.loads((folder / "counts.json").read_text(encoding="utf-8"))
    total = sum(n for level, code, n in zip(counts["level"], counts["code"], counts["n"])
                if level == 0 and code == index)
    return total, areas[index]["properties"]["at"]


def _search(page: Any, text: str) -> list[str]:
    box = page.locator("[data-geomap-control=search]")
    if box.locator(".gm-search-open").is_visible():  # phones: a button opens the field
        box.locator(".gm-search-open").click()
    box.locator(".gm-search-input").fill(text)
    return box.locator(".gm-search-result").all_inner_texts()


def _expect_move(page: Any) -> None:
    """Make ``_view`` wait for the next move of the map to end (fits are animated)."""
    page.evaluate("""() => { window.__moved = new Promise(done =>
        GeomapSite.state.map.once("moveend", () => done(true))); }""")


def _view(page: Any) -> list[float]:
    """Zoom, south, west, north and east of the view once the expected move has ended."""
    return page.evaluate("""() => window.__moved.then(() => {
        const m = GeomapSite.state.map, b = m.getBounds();
        return [m.getZoom(), b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })""")


def _overlaps(page: Any, selector: str, others: list[str]) -> list[str]:
    """The controls among ``others`` whose boxes overlap the box of ``selector``."""
    return page.evaluate("""([one, others]) => {
        const a = document.querySelector(one).getBoundingClientRect();
        return others.filter(sel => {
            const b = document.querySelector(sel).getBoundingClientRect();
            return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        }); }""",
                         [selector, others])


@pytest.mark.parametrize("name", VIEWPORTS)
def test_search_finds_provinces_accent_insensitively_and_fits_the_map(
        browser: Any, site: Path, screenshot_dir: Path, name: str) -> None:
    events, (lat, lon) = _province_events(site, "Bazéga")
    assert events > 0
    with serve(site) as url:
        page, errors = _open(browser, url, VIEWPORTS[name])
        try:
            zoom = page.evaluate("() => GeomapSite.state.map.getZoom()")
            page.screenshot(path=str(screenshot_dir / f"publish-{name}-controls.png"))
            assert _overlaps(page, "[data-geomap-control=search]",
                             [".gm-title", ".gm-legend", ".gm-time"]) == []
            found = _search(page, "bazega")
            assert found[0].startswith("Bazéga, BF")
            assert found[0].endswith(f"province · {events:,} event" + ("s" if events > 1 else ""))
            page.screenshot(path=str(screenshot_dir / f"publish-{name}-search.png"))
            _expect_move(page)
            page.locator(".gm-search-result").first.click()
            view = _view(page)
            assert view[0] > zoom + 2
            assert view[1] < lat < view[3] and view[2] < lon < view[4]
            assert not errors
        finally:
            page.close()


def test_search_lists_countries_with_their_events_first(browser: Any, site: Path) -> None:
    with serve(site) as url:
        page, errors = _open(browser, url, VIEWPORTS["desktop"])
        try:
            assert _search(page, "mali")[0].startswith("Mali country · ")
            assert "no events" not in _search(page, "mali")[0]
            assert _search(page, "france")[0] == "France country · no events"
            assert _search(page, "zzqx") == []
            assert page.locator(".gm-search-none").is_visible()
            page.locator(".gm-search-input").fill("ukr")
            _expect_move(page)
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
            view = _view(page)
            assert view[1] < 49.99 < view[3] and view[2] < 36.23 < view[4]  # Kharkiv
            assert view[4] - view[2] < 40  # fitted to Ukraine, not the whole site
            assert not errors
        finally:
            page.close()


def _months_from_counts(folder: Path, skip_type: int | None = None) -> dict[int, float]:
    """Events per month from counts.json, an interval of months spread evenly over them."""
    counts = json.loads((folder / "counts.json").read_text(encoding="utf-8"))
    months: dict[int, float] = {}
    for t, m, s, n in zip(counts["t"], counts["m"], counts["s"], counts["n"]):
        if t == skip_type or m < 0:
            continue
        for k in range(s + 1):
            months[m + k] = months.get(m + k, 0) + n / (s + 1)
    return months


def _bars(page: Any) -> list[float]:
    page.wait_for_function("() => GeomapSite.state.site.histogram.events")
    return page.evaluate("() => Array.from(GeomapSite.state.site.histogram.events)")


@pytest.mark.parametrize("name", VIEWPORTS)
def test_histogram_counts_months_follows_the_types_and_brushes_the_time_filter(
        browser: Any, site: Path, screenshot_dir: Path, name: str) -> None:
    meta = json.loads((site / "site.json").read_text(encoding="utf-8"))
    first, last = meta["months"]
    expected = _months_from_counts(site)
    with serve(site) as url:
        page, errors = _open(browser, url, VIEWPORTS[name])
        try:
            hist = page.locator("[data-geomap-control=histogram]")
            assert page.locator(".gm-time .gm-histogram").count() == 1
            bars = _bars(page)
            assert len(bars) == last - first + 1  # a bar per month
            assert bars == pytest.approx([expected.get(m, 0) for m in range(first, last + 1)])
            assert round(sum(bars)) == 2999
            page.screenshot(path=str(screenshot_dir / f"publish-{name}-histogram.png"))
            assert _overlaps(page, ".gm-time", [".gm-title", ".gm-legend",
                                                "[data-geomap-control=search]"]) == []
            if name == "phone":  # the legend starts folded
                page.locator(".gm-legend-toggle").click()
            page.locator(".gm-legend-type").first.click()  # hide Battles: type 0
            no_battles = _months_from_counts(site, skip_type=0)
            assert _bars(page) == pytest.approx([no_battles.get(m, 0)
                                                 for m in range(first, last + 1)])
            page.locator(".gm-legend-type").first.click()
            if name == "phone":
                page.locator(".gm-legend-toggle").click()
            box = hist.locator("canvas").bounding_box()
            bar = box["width"] / (last - first + 1)
            k = 12  # a click on the 13th bar selects its month
            page.mouse.click(box["x"] + (k + 0.5) * bar, box["y"] + box["height"] / 2)
            months = page.evaluate("() => GeomapSite.state.site.months")
            assert months == [first + k, first + k]
            shown = page.locator(".gm-daterange").inner_text()
            month_events = int(shown.split(" of ")[0].replace(",", ""))
            assert 0 < month_events < 2999
            assert page.locator(".gm-time-label").inner_text() == f"{shown[-8:]} – {shown[-8:]}"
            # a drag selects the months under it
            page.mouse.move(box["x"] + (k + 0.5) * bar, box["y"] + 5)
            page.mouse.down()
            page.mouse.move(box["x"] + (k + 24.5) * bar, box["y"] + 5, steps=4)
            page.mouse.up()
            months = page.evaluate("() => GeomapSite.state.site.months")
            assert months == [first + k, first + k + 24]
            shown = page.locator(".gm-daterange").inner_text()
            assert month_events < int(shown.split(" of ")[0].replace(",", "")) < 2999
            page.screenshot(path=str(screenshot_dir / f"publish-{name}-histogram-brushed.png"))
            assert not errors
        finally:
            page.close()
