"""The published site's table of the events in view, in Chromium through a 127.0.0.1
server: the single page's columns and sort, rows that open their event's popup, the
filters followed, the rows bounded with a note that says so."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.publish.conftest import HOSTILE
from tests.publish.test_site_browser import VIEWPORTS, _find, _move, opened
from tests.publish.test_site_explore_browser import _overlaps
from tests.static_server import serve

pytestmark = pytest.mark.browser
TABLE = "[data-geomap-control=table]"



def _source(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _open_table(page: Any) -> None:
    page.locator("[data-geomap-control=export] .gm-view-table-open").click()
    page.locator(f"{TABLE} .gm-table-row").first.wait_for()


def _events_zoom(page: Any, published_site: Path) -> tuple[float, float]:
    """Move to the event with hostile text at zoom 10 (events, no density in view)."""
    lat, lon = _find(published_site, HOSTILE)
    _move(page, lat, lon, 10)
    page.wait_for_function("""() => !document.querySelector('.gm-view-count')
        .textContent.includes('density')""")
    return lat, lon


def _wait_until_not(page: Any, end: str) -> None:
    """Wait until the table's pager no longer ends with ``end`` (a filter changed it)."""
    page.wait_for_function(f"""end => !document.querySelector('{TABLE} .gm-table-label')
        .textContent.endsWith(end)""", arg=end)


def _in_view(page: Any) -> int:
    return page.evaluate("() => GeomapSite.state.events.eventsInView(false).n")


def _page_rows(page: Any) -> list[list[str]]:
    return page.evaluate(f"""() => Array.from(document.querySelectorAll('{TABLE} .gm-table-row'))
        .map(tr => Array.from(tr.cells).map(td => td.textContent))""")


def _all_rows(page: Any) -> list[list[str]]:
    """Every row of the table, page after page (back on the first page afterwards)."""
    rows = _page_rows(page)
    while page.locator(f"{TABLE} .gm-table-next").is_enabled():
        page.locator(f"{TABLE} .gm-table-next").click()
        rows += _page_rows(page)
    while page.locator(f"{TABLE} .gm-table-prev").is_enabled():
        page.locator(f"{TABLE} .gm-table-prev").click()
    return rows


def _expected_row(event: dict[str, str]) -> tuple[str, ...]:
    """The table's cells for an ACLED row: date, type, actor 1, the place's first name
    (the table shows the place as the popup does: "Timbuktu, Province, Mali"),
    fatalities."""
    day = datetime.strptime(event["event_date"], "%d %B %Y").date().isoformat()
    fatalities = f"{int(event['fatalities']):,}"
    return (day, event["event_type"], event["actor1"], event["location"], fatalities)


@pytest.mark.parametrize("name", VIEWPORTS)
def test_table_lists_the_events_in_view_sorts_and_opens_popups(
        browser: Any, published_site: Path, acled_file: Path, screenshot_dir: Path,
        name: str) -> None:
    source = _source(acled_file)
    with serve(published_site) as url, opened(browser, url, VIEWPORTS[name]) as page:
        _events_zoom(page, published_site)
        _open_table(page)
        n = _in_view(page)
        assert 25 < n <= 1000
        label = page.locator(f"{TABLE} .gm-table-label")
        assert label.inner_text() == f"1–25 of {n:,}"
        assert page.locator(f"{TABLE} th").all_inner_texts() == [
            "Date", "Type", "Actor 1", "Place", "Fatalities"]
        assert page.locator(f"{TABLE} th").first.get_attribute("aria-sort") == "descending"
        page.screenshot(path=str(screenshot_dir / f"publish-{name}-table.png"))
        if name == "desktop":  # the panel over the left side; title and time filter beside it
            assert _overlaps(page, TABLE, ["[data-geomap-control=search]", ".gm-legend",
                                           ".gm-title", ".gm-time",
                                           "[data-geomap-control=export]"]) == []
            assert _overlaps(page, ".gm-time", [".gm-legend", ".gm-title"]) == []
        rows = _all_rows(page)
        assert len(rows) == n
        dates = [row[0] for row in rows]
        assert dates == sorted(dates, reverse=True)
        # each row is an event of the source, shown with the data's own text, each once
        expected = Counter(_expected_row(event) for event in source
                           if event["latitude"] != "not a number")
        table = Counter((*row[:3], row[3].split(", ")[0], row[4]) for row in rows)
        assert not table - expected
        assert any(row[2] == HOSTILE for row in rows)
        assert page.evaluate("() => window.__pwned") is None
        # a header sorts by its column, again turns the order
        page.locator(f"{TABLE} th .gm-sort", has_text="Fatalities").click()
        first = _page_rows(page)[0]
        most = max(int(row[4].replace(",", "")) for row in rows)
        assert int(first[4].replace(",", "")) == most
        page.locator(f"{TABLE} th .gm-sort", has_text="Fatalities").click()
        assert page.locator(f"{TABLE} th").nth(4).get_attribute("aria-sort") == "ascending"
        assert _page_rows(page)[0][4] == f"{min(int(row[4].replace(',', '')) for row in rows):,}"
        page.locator(f"{TABLE} th .gm-sort", has_text="Actor 1").click()
        actors = [row[2] for row in _page_rows(page)]
        in_order = page.evaluate("all => all.slice().sort((a, b) => a.localeCompare(b))",
                                 [row[2] for row in rows])
        assert actors == in_order[:25]
        # a row opens its event's popup, the map centred on it
        row = page.locator(f"{TABLE} .gm-table-row").nth(3)
        cells = row.locator("td").all_inner_texts()
        row.click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert cells[2] in popup.inner_text() and cells[3] in popup.inner_text()
        if name == "phone":  # the panel steps aside to show the popup
            assert page.locator(TABLE).is_hidden()
        else:
            assert page.locator(TABLE).is_visible()
        page.screenshot(path=str(screenshot_dir / f"publish-{name}-table-popup.png"))


def test_table_follows_the_filters_and_says_when_rows_are_bounded(
        browser: Any, published_site: Path) -> None:
    with serve(published_site) as url, opened(browser, url, VIEWPORTS["desktop"]) as page:
        lat, lon = _events_zoom(page, published_site)
        _open_table(page)
        n = _in_view(page)
        label = page.locator(f"{TABLE} .gm-table-label")
        page.locator(".gm-legend-type").first.click()  # hide Battles
        _wait_until_not(page, f" {n:,}")
        without = _in_view(page)
        assert 0 < without < n and label.inner_text().endswith(f" of {without:,}")
        assert all(row[1] != "Battles" for row in _all_rows(page))
        page.locator(".gm-fatalities-input").fill("3")
        _wait_until_not(page, f" {without:,}")
        fewer = _all_rows(page)
        assert fewer and all(int(row[4]) >= 3 for row in fewer) and len(fewer) == _in_view(page)
        # at most table.limit rows, the first in the table's order, and a note saying so
        page.locator(".gm-fatalities-input").fill("")
        page.evaluate("""() => { const panel = GeomapSite.state.view.panel;
            panel.table.limit = 20; panel.update(); }""")
        total = _in_view(page)
        assert label.inner_text() == f"1–20 of the first 20 of {total:,}"
        assert page.locator(f"{TABLE} .gm-table-note").inner_text().startswith(
            f"{total:,} events drawn as markers in the view, "
            "the first 20 in the table's order listed")
        assert page.locator(f"{TABLE} .gm-table-row").count() == 20
        # zoomed out to density: their events are not listed, the note says so
        _move(page, lat, lon, 5)
        page.wait_for_function(f"""() => document.querySelector('{TABLE} .gm-table-note')
            .textContent.includes('density')""")
        # Escape closes the panel
        page.locator(f"{TABLE} .gm-drawer-close").focus()
        page.keyboard.press("Escape")
        assert page.locator(TABLE).is_hidden()
