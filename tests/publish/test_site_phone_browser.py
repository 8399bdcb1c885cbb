"""The published site on a phone (390 x 844) in Chromium through a 127.0.0.1 server: long
actor names stay on the screen, cut with an ellipsis where they would run off, and whole
where a tap shows them (the actor's tooltip, the event's popup); the data is never
shortened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from geomap.publish.build import PublishOptions, publish_site
from tests.publish.conftest import COLUMNS, acled_rows, write_acled
from tests.publish.test_site_browser import VIEWPORTS, _move, opened
from tests.publish.test_site_layers_browser import _actors_on
from tests.static_server import serve

pytestmark = pytest.mark.browser
#: Names longer than a phone is wide, one without a space to break at.
LONG = ("Military Forces of the Northern Republic (2019-) Republican Guard and Special "
        "Presidential Division of the Armed Forces",
        "Unidentified-Armed-Group-of-the-Northern-Border-Region-(Three-Countries)",
        "Protesters (International) together with Teachers and Health Workers of the Union")
#: Elements with text whose box reaches past the window's right or left edge.
OFF_SCREEN = """(selector) => [...document.querySelectorAll(selector)].filter(node => {
    const r = node.getBoundingClientRect();
    return r.width && getComputedStyle(node).visibility !== 'hidden'
        && (r.right > innerWidth + 1 || r.left < -1); }).map(node => node.textContent)"""


@pytest.fixture(scope="module")
def long_names_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 events whose actors have the LONG names (busiest actors: home places)."""
    rows = acled_rows(300, seed=4)
    for i, row in enumerate(rows):
        row[COLUMNS.index("actor1")] = LONG[i % 3]
        row[COLUMNS.index("actor2")] = LONG[(i + 1) % 3]
    folder = tmp_path_factory.mktemp("long-names")
    publish_site([write_acled(folder / "long.csv", rows)], folder / "site",
                 PublishOptions(workers=1))
    return folder / "site"


def test_long_actor_names_stay_on_a_phone_screen(browser: Any, long_names_site: Path,
                                                 screenshot_dir: Path) -> None:
    """Issue 17: the Actors layer's names ran off a phone's screen; the table's rows grew
    to eight lines a name. Now a name on the map is cut (the diamond's tooltip has it
    whole), a table cell shows three lines at most (its title and the popup of its row
    have it whole)."""
    with serve(long_names_site) as url, opened(browser, url, VIEWPORTS["phone"]) as page:
        _actors_on(page)  # through the layer list, as a reader turns them on
        page.mouse.move(200, 600)  # the list folds again
        assert page.evaluate(OFF_SCREEN, ".gm-actor-name") == []
        cut = page.evaluate("""() => [...document.querySelectorAll('.gm-actor-name')]
            .filter(n => n.scrollWidth > n.clientWidth).map(n => n.textContent)""")
        assert set(cut) == set(LONG)  # each cut, its text whole in the page
        box = page.locator(".gm-actor svg").first.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        tip = page.locator(".leaflet-tooltip", has_text="Home place of the actor")
        tip.wait_for()
        assert any(name in tip.inner_text() for name in LONG)
        page.screenshot(path=str(screenshot_dir / "publish-phone-long-actors.png"))

        _move(page, 32.89, 13.18, 9)  # Tripoli's events, as markers
        page.locator("[data-geomap-control=export] .gm-view-table-open").click()
        row = page.locator("[data-geomap-control=table] .gm-table-row").first
        row.wait_for()
        cells = page.evaluate("""() => [...document.querySelectorAll('.gm-table-row')]
            .slice(0, 20).flatMap(tr => [...tr.querySelectorAll('.gm-cell')]).map(c => {
            const line = parseFloat(getComputedStyle(c).lineHeight);
            return {text: c.textContent, title: c.parentNode.title,
                    lines: Math.round(c.clientHeight / line)}; })""")
        long = [cell for cell in cells if cell["text"] in LONG]
        assert long and all(cell["title"] == cell["text"] and cell["lines"] <= 3
                            for cell in long)
        assert page.evaluate(OFF_SCREEN, "[data-geomap-control=table] *") == []
        page.screenshot(path=str(screenshot_dir / "publish-phone-long-table.png"))
        actor = row.locator(".gm-cell").nth(2).inner_text()
        row.click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert actor in popup.inner_text()  # whole in the row's popup
        assert page.evaluate(OFF_SCREEN, ".leaflet-popup-content *") == []


def test_the_time_buttons_keep_one_line_on_a_phone(browser: Any, long_names_site: Path) -> None:
    """The time filter's "Play" and "All dates" broke onto two lines each at 390 x 844
    (found by the newcomer walk-through: a tall, ragged head); now each keeps one line and
    the range's label takes what is left (its two dates on a line each)."""
    with serve(long_names_site) as url, opened(browser, url, VIEWPORTS["phone"]) as page:
        page.locator(".gm-time-head").wait_for()
        lines = page.evaluate("""() => [...document.querySelectorAll('.gm-time-head button')]
            .map(b => { const s = getComputedStyle(b);
                const inner = b.clientHeight - parseFloat(s.paddingTop)
                    - parseFloat(s.paddingBottom);
                return [b.textContent, Math.round(inner / parseFloat(s.lineHeight))]; })""")
        assert lines == [["\u25b6 Play", 1], ["All dates", 1]]
        assert page.evaluate(OFF_SCREEN, ".gm-time-head *") == []
        # the dash between the two dates goes with the second, never on a line of its own
        tops = page.evaluate("""() => {
            const label = document.querySelector('.gm-time-label');
            const walk = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
            let node; while ((node = walk.nextNode()) && !node.data.includes('\u2013'));
            const range = document.createRange(), at = node.data.indexOf('\u2013');
            range.setStart(node, at); range.setEnd(node, at + 1);
            const days = label.querySelectorAll('.gm-time-day');
            return [range.getBoundingClientRect().top, days[1].getBoundingClientRect().top,
                    days[0].getBoundingClientRect().top]; }""")
        assert abs(tops[0] - tops[1]) < 2 and tops[1] > tops[2]  # two lines, the dash on the 2nd


def test_a_filter_on_shows_on_the_explore_button_with_the_drawer_closed(
        browser: Any, published_site: Path, screenshot_dir: Path) -> None:
    """On a phone the drawer covers the map and the legend (which says a filter is on) is
    folded: a link with a filter opened a map of fewer markers with no sign why. The
    Explore button now counts the filters on and names them (fails before: no badge)."""
    link = "xsub=Armed%20clash&xprec=1"
    with serve(published_site) as url, opened(browser, url, VIEWPORTS["phone"], link) as page:
        toggle = page.locator("[data-geomap-control=export] .gm-view-table-open")
        badge = toggle.locator(".gm-filter-badge")
        badge.wait_for()
        assert not page.locator(".gm-drawer").is_visible()
        assert badge.inner_text() == "2"  # a phone: the number alone
        assert toggle.get_attribute("aria-label") == ("Filters, table and export of the events "
                                                      "in view (filter on: sub-event type, "
                                                      "where known)")
        box = badge.bounding_box()
        assert box and box["x"] + box["width"] <= VIEWPORTS["phone"][0]
        page.screenshot(path=str(screenshot_dir / "publish-phone-filter-badge.png"))
        toggle.click()
        page.locator("[data-geomap-control=filters] .gm-filters-clear").click()
        page.wait_for_function("() => !document.querySelector('.gm-view-table-open')"
                               ".classList.contains('gm-filtered')")
        assert not badge.is_visible()
