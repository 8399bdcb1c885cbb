"""The single page's map furniture in real headless Chromium, 1400x900 and 390x844: a
country's count of events not placed in a province never sits under a control (the time
filter, the legend, the title block, the open Explore drawer), and the events table has no
Actor 1 column on a map whose events name no actor 1."""

from __future__ import annotations

from typing import Any

import pytest

from tests.render.bundles import make_bundle, make_events
from tests.render.pages import open_drawer
from tests.render.test_workbench_browser import SIZES, sized_page

pytestmark = pytest.mark.browser

#: Moves the map so that the first country count's centre lies on a control's.
COUNT_ON_CONTROL = """([countSel, controlSel]) => new Promise(done => {
    const map = (window.GeomapSite ? GeomapSite.state : GeomapRender.instances[0]).map;
    const mid = r => [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
    const count = mid(document.querySelector(countSel).getBoundingClientRect());
    const control = mid(document.querySelector(controlSel).getBoundingClientRect());
    map.once("moveend", () => setTimeout(() => done(true), 300));
    map.panBy([count[0] - control[0], count[1] - control[1]], { animate: false });
})"""
#: The controls the first country count overlaps ("hidden" when it is hidden).
UNDER = """(countSel) => {
    const node = document.querySelector(countSel);
    if (node.style.visibility === "hidden") { return "hidden"; }
    const b = node.getBoundingClientRect(), map = node.closest(".leaflet-container");
    const m = map.getBoundingClientRect();
    if (b.left < m.left || b.right > m.right || b.top < m.top || b.bottom > m.bottom) {
        return "off the map"; }
    return Array.from(document.querySelectorAll(
            ".leaflet-control, .gm-drawer:not([hidden])")).filter(c => {
        const r = c.getBoundingClientRect();
        return r.width && b.left < r.right && r.left < b.right
            && b.top < r.bottom && r.top < b.bottom;
    }).map(c => c.className);
}"""
COUNT = ".leaflet-pane .gm-country-count"


def move_count_under_time_filter(page: Any) -> Any:
    return move_count_under(page, ".gm-time")


@pytest.mark.parametrize("size", SIZES)
def test_a_country_count_moves_clear_of_the_time_filter(browser, tmp_path, screenshot_dir,
                                                        size):
    with sized_page(browser, tmp_path, size) as report:  # Mali: one country-level event
        assert move_count_under_time_filter(report.page) == []
        report.page.screenshot(path=str(screenshot_dir / f"count_clear_{size[0]}.png"))
        assert report.js_errors == []


def move_count_under(page: Any, selector: str) -> Any:
    """Move the map so that the first country count's centre lies on ``selector``'s, then
    the controls (and open drawer) the count overlaps."""
    page.locator(COUNT).first.wait_for()
    page.evaluate(COUNT_ON_CONTROL, [COUNT, selector])
    return page.evaluate(UNDER, COUNT)


def test_a_country_count_moves_clear_of_the_open_drawer(browser, tmp_path, screenshot_dir):
    """Before, the open Explore drawer covered a country's count (the map's controls
    already moved it); now it moves beside the drawer, and back once it is closed."""
    with sized_page(browser, tmp_path, SIZES[0]) as report:
        page = report.page
        open_drawer(page)
        assert move_count_under(page, ".gm-drawer") == []
        page.screenshot(path=str(screenshot_dir / "count_clear_drawer.png"))
        page.locator(".gm-drawer-close").click()
        assert page.evaluate(f"document.querySelector('{COUNT}').style.marginLeft") == ""
        assert report.js_errors == []


def test_an_actors_name_under_a_control_is_hidden(browser, tmp_path):
    """Before, an actor's name under the time filter or the title block stayed there, its
    letters showing through the panel, unread; now it is hidden until the view changes,
    as one over a label kept (its diamond stays, with its tooltip)."""
    names = ".leaflet-pane .gm-actor-names"
    with sized_page(browser, tmp_path, SIZES[0]) as report:
        page = report.page
        page.locator(names).first.wait_for()
        for control in (".gm-time", ".gm-title"):
            page.evaluate(COUNT_ON_CONTROL, [names, control])
            assert page.evaluate(UNDER, names) == "hidden", control
        assert report.js_errors == []


#: The left corner's controls (title block, time filter) with the drawer open: for each,
#: "hidden", or the drawer and right-hand controls it overlaps.
LEFT_CORNER = """() => ['.gm-title', '.gm-time'].map(selector => {
    const node = document.querySelector(selector);
    if (getComputedStyle(node).visibility === 'hidden') { return 'hidden'; }
    const b = node.getBoundingClientRect();
    return [...document.querySelectorAll('.gm-drawer:not([hidden]), .leaflet-right > *')]
        .filter(c => { const r = c.getBoundingClientRect();
            return r.height && b.left < r.right && r.left < b.right
                && b.top < r.bottom && r.top < b.bottom; })
        .map(c => c.getAttribute('data-geomap-control') || c.className); })"""
#: What LEFT_CORNER gives with the drawer open at each size: beside it on a wide map,
#: under it (hidden whole) on one too narrow for both.
LEFT_CORNER_OPEN = {(1400, 900): [[], []], (800, 600): ["hidden", "hidden"]}


@pytest.mark.parametrize("size", list(LEFT_CORNER_OPEN))
def test_the_title_and_time_filter_move_beside_the_open_drawer(browser, tmp_path, size):
    """Before, the drawer covered the title block (but for its right edge) and the time
    filter, which could not be reached while exploring."""
    with sized_page(browser, tmp_path, size) as report:
        page = report.page
        open_drawer(page)
        assert page.evaluate(LEFT_CORNER) == LEFT_CORNER_OPEN[size]
        if size[0] > 1000:  # the time filter works with the drawer open
            page.locator(".gm-time-all").click()
        page.locator(".gm-drawer-close").click()
        assert page.evaluate(LEFT_CORNER) == [[], []]
        assert report.js_errors == []


def header(page: Any) -> list[str]:
    return [text.strip() for text in
            page.locator(".gm-drawer .gm-table th:visible").all_inner_texts() if text.strip()]


@pytest.mark.parametrize("size", SIZES)
def test_no_actor_1_column_on_a_map_without_actor_1(browser, tmp_path, size):
    events = make_events()
    events["actor1"] = None
    with sized_page(browser, tmp_path, size, make_bundle(events=events)) as report:
        open_drawer(report.page)
        assert header(report.page) == ["Date", "Type", "Place", "Fatalities"]
        cells = report.page.locator(".gm-drawer .gm-table-row").first.locator("td")
        assert cells.count() == 4
        assert report.js_errors == []
    with sized_page(browser, tmp_path, size) as report:  # with actors: the column is there
        open_drawer(report.page)
        assert header(report.page) == ["Date", "Type", "Actor 1", "Place", "Fatalities"]
