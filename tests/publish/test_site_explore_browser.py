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
        return others.filter(sel => { const b = document.querySelector(sel).getBoundingClientRect();
            return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }); }""",
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
