"""The exploration controls (issue 13) in real headless Chromium, desktop and phone sizes:
search, the time histogram, relations and actors following the time filter."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from geomap.model import Event
from geomap.precision import Precision
from geomap.render.map import render_map
from geomap.render.options import RenderOptions
from tests.browser_helpers import open_map, reopened
from tests.render.bundles import make_bundle, make_events
from tests.render.pages import STATE, filter_off, open_drawer, shown_counts, write_page
from tests.render.screens import take_screenshot

pytestmark = pytest.mark.browser

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


@contextlib.contextmanager
def sized_page(browser: Any, tmp_path: Path, size: tuple[int, int],
               bundle: Any = None) -> Iterator[Any]:
    """The map opened at ``size``; its page closed afterwards."""
    report = open_sized(browser, tmp_path, size, bundle)
    try:
        yield report
    finally:
        report.page.close()


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
    with sized_page(browser, tmp_path, size) as report:
        page = report.page
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
        # an actor of the story that no event names: found, at its home place
        backer = search(page, "wagner")
        assert backer and backer[0].startswith("Wagner") and "story actor" in backer[0]
        assert len(search(page, "jnim")) == 1  # named by the events: listed once
        search(page, "wagner")
        page.locator(".gm-search-result").first.click()
        page.wait_for_timeout(400)
        center = page.evaluate(f"{STATE}.map.getCenter()")
        assert abs(center["lat"] - 12.3) < 0.2 and abs(center["lng"] - -7.5) < 0.2
        assert search(page, "zzqx") == []
        assert page.locator(".gm-search-none").is_visible()
        assert report.js_errors == [] and report.console_errors == []


@pytest.mark.parametrize("size", SIZES)
def test_histogram_counts_and_brushes_the_time_range(browser, tmp_path, screenshot_dir, size):
    with sized_page(browser, tmp_path, size) as report:
        page = report.page
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
        # each end of the range on one line: on a phone a date broke in two ("30 Apr /
        # 2024"), found by the session-33 newcomer
        ends = page.locator(".gm-time-label .gm-time-day")
        assert ends.count() == 2
        assert page.evaluate("""() => Array.from(document.querySelectorAll(
            '.gm-time-label .gm-time-day'), e => e.getClientRects().length)""") == [1, 1]
        take_screenshot(page, screenshot_dir / f"workbench_histogram_{size[0]}.png")
        # other filters recount it: hiding battles takes one event out
        page.evaluate(f"{STATE}.events.typeOn[0] = false, {STATE}.refresh()")
        assert sum(page.evaluate(f"Array.from({STATE}.histogram.events)")) == 5
        if size[0] > 700:  # the measure switch (compact maps show events only)
            hist.locator(".gm-histogram-measure").click()
            assert "fatalities" in hist.locator(".gm-histogram-caption").inner_text()
        assert report.js_errors == []


def test_relations_and_actors_follow_the_time_filter(browser, tmp_path):
    with sized_page(browser, tmp_path, SIZES[0]) as report:
        page = report.page
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


@pytest.mark.parametrize("size", SIZES)
def test_filters_drive_every_layer(browser, tmp_path, screenshot_dir, size):
    with sized_page(browser, tmp_path, size) as report:
        page = report.page
        drawer = open_drawer(page)
        filters = drawer.locator("[data-geomap-control=filters]")
        # sub-event type: only armed clashes and air/drone strikes
        for name in ("Attack", "Peaceful protest", "Agreement", "Violent demonstration"):
            now = filter_off(filters, name)
        assert now["visible"] == 2 and now["markers"] == 2 and "2 of 6 events" in now["title"]
        assert sum(now["provinces"]) == 2
        filters.locator(".gm-filters-clear").click()
        assert shown_counts(page)["visible"] == 6
        # actor, found by typing: the army is actor 1 or 2 of two events
        filters.locator(".gm-actor-search").fill("forces of")
        filters.locator(".gm-actor-option", has_text="Military Forces of Mali").click()
        now = shown_counts(page)
        assert now["visible"] == 2
        assert filters.locator(".gm-chip").inner_text().startswith("Military Forces of Mali")
        # relations and actor places follow the actor filter
        shown = page.evaluate(SHOWN)
        assert "Military Forces of Mali" in " ".join(shown) and "JNIM" not in shown
        summary = drawer.locator("[data-geomap-control=summary]")
        assert "2 events · 15 reported fatalities" in summary.inner_text()
        assert summary.locator(".gm-top-provinces li").all_inner_texts() == [
            "Gao, ML\n1", "Mopti, ML\n1"] or len(summary.locator(".gm-top-provinces li").all()) == 2
        take_screenshot(page, screenshot_dir / f"workbench_filters_{size[0]}.png")
        filters.locator(".gm-chip").click()
        # fatalities 1 to 5: Douentza (3) and Niamey (1); unknown fatalities left out
        filters.locator(".gm-fatalities-min").fill("1")
        filters.locator(".gm-fatalities-min").dispatch_event("change")
        filters.locator(".gm-fatalities-max").fill("5")
        filters.locator(".gm-fatalities-max").dispatch_event("change")
        assert shown_counts(page)["visible"] == 2
        filters.locator(".gm-filters-clear").click()
        # precision: without exact places, the events known to a province or country stay
        assert filter_off(filters, "exact place")["visible"] == 3
        # the legend's type switch and the filter's type box are one switch
        filter_off(filters, "Battles")
        assert page.locator(".gm-legend-type.gm-off").count() == 1
        # the histogram counts what the filters keep, over the whole period
        assert sum(page.evaluate(f"Array.from({STATE}.histogram.events)")) == 3
        assert report.js_errors == [] and report.console_errors == []


def test_the_explore_button_says_a_filter_is_on_with_the_drawer_closed(browser, tmp_path,
                                                                       screenshot_dir):
    """On a phone the drawer covers the map and the legend is folded: with the drawer closed,
    nothing said why the map showed fewer events. The Explore button now counts the filters
    on and names them (fails before: no badge)."""
    with sized_page(browser, tmp_path, (390, 844)) as report:
        page = report.page
        toggle = page.locator("[data-geomap-control=explore] .gm-explore-open")
        badge = toggle.locator(".gm-filter-badge")
        assert not badge.is_visible()
        filters = open_drawer(page).locator("[data-geomap-control=filters]")
        filter_off(filters, "Attack")
        filter_off(filters, "Battles")  # an event type, as the legend hides it
        page.locator(".gm-drawer-close").click()
        assert not page.locator(".gm-drawer").is_visible()
        assert badge.is_visible() and badge.inner_text() == "2"  # a phone: the number
        assert toggle.get_attribute("aria-label") == (
            "Filters, table and export of the events (filter on: 1 event type hidden, "
            "sub-event type)")
        box, screen = badge.bounding_box(), page.viewport_size
        assert box and box["x"] + box["width"] <= screen["width"]
        take_screenshot(page, screenshot_dir / "workbench_filter_badge_390.png")
        open_drawer(page).locator("[data-geomap-control=filters] .gm-filters-clear").click()
        assert not badge.is_visible()
        assert toggle.get_attribute("aria-label") == "Filters, table and export of the events"
        page.set_viewport_size({"width": 1400, "height": 900})  # wide: the number and a word
        filter_off(filters, "Attack")
        assert badge.inner_text() == "1 filter"
        assert report.js_errors == [] and report.console_errors == []


@pytest.mark.parametrize("size", SIZES)
def test_table_sorts_pages_and_opens_the_event(browser, tmp_path, screenshot_dir, size):
    from datetime import date, timedelta

    from geomap.model import Event
    from geomap.precision import Precision
    from tests.render.bundles import make_events

    extra = [Event(f"X{k}", date(2024, 1, 1) + timedelta(days=k), "Battles", 15.0 + k / 100,
                   -2.0, Precision.EXACT, actor1="Group X", location=f"Place {k}",
                   country="Mali", iso="ML", fatalities=k) for k in range(30)]
    with sized_page(browser, tmp_path, size, make_bundle(events=make_events(extra))) as report:
        page = report.page
        drawer = open_drawer(page)
        table = drawer.locator("[data-geomap-control=table]")
        rows = table.locator("tbody tr")
        assert rows.count() == 25
        assert table.locator(".gm-table-label").inner_text() == "1–25 of 36"
        assert rows.first.locator("td").first.inner_text() == "2024-06-01"  # newest first
        table.locator(".gm-table-next").click()
        assert rows.count() == 11 and table.locator(".gm-table-label").inner_text() == "26–36 of 36"
        table.locator(".gm-sort", has_text="Fatalities").click()
        assert rows.first.locator("td").last.inner_text() == "29"
        assert table.locator("th[aria-sort=descending]").inner_text().startswith("Fatalities")
        table.locator(".gm-sort", has_text="Fatalities").click()
        assert table.locator("th[aria-sort=ascending]").count() == 1
        take_screenshot(page, screenshot_dir / f"workbench_table_{size[0]}.png")
        # keyboard: focus the first row, Enter flies to it and opens its popup
        rows.first.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        popup = page.locator(".leaflet-popup-content").last.inner_text()
        assert "Event id" in popup
        # on a phone the drawer stepped aside to show the event
        assert page.locator(".gm-drawer").is_visible() == (size[0] > 700)
        if size[0] < 700:
            open_drawer(page)
        # the time filter shortens the table
        set_range(page, "2024-01-01", "2024-01-10")
        assert table.locator(".gm-table-label").inner_text() == "1–11 of 11"
        assert report.js_errors == []


def test_an_empty_table_says_so(browser, tmp_path):
    """Before, a filter that kept no event left the table's header row and a pager reading
    "0–0 of 0" with its two buttons; now one line says there is nothing to list."""
    with sized_page(browser, tmp_path, SIZES[1]) as report:
        page = report.page
        table = open_drawer(page).locator("[data-geomap-control=table]")
        assert table.locator(".gm-table-empty").is_hidden()
        filters = page.locator("[data-geomap-control=filters]")
        filters.locator(".gm-fatalities-min").fill("100000")
        filters.locator(".gm-fatalities-min").dispatch_event("change")
        assert shown_counts(page)["visible"] == 0
        assert table.locator(".gm-table-empty").inner_text() == "No events to list."
        assert table.locator(".gm-table").is_hidden()
        assert table.locator(".gm-table-pager").is_hidden()
        filters.locator(".gm-filters-clear").click()
        assert table.locator(".gm-table-empty").is_hidden()
        assert table.locator(".gm-table-label").inner_text() == "1–6 of 6"
        assert report.js_errors == []


def test_export_writes_the_selection_as_csv_and_geojson(browser, tmp_path):
    import csv
    import json

    from geomap.model import Event
    from geomap.precision import Precision
    from tests.render.bundles import make_events

    risky = Event("XSS1", __import__("datetime").date(2024, 2, 1), "Battles", 15.5, -1.5,
                  Precision.EXACT, actor1="=HYPERLINK(\"http://x\",\"y\")", actor2="+cmd",
                  location="-Place, with \"quotes\"", country="Mali", iso="ML", fatalities=4,
                  notes="@SUM(1)\nline two")
    bundle = make_bundle(events=make_events([risky]))
    with sized_page(browser, tmp_path, SIZES[0], bundle) as report:
        page = report.page
        drawer = open_drawer(page)
        filter_off(drawer, "Riots")
        export = drawer.locator("[data-geomap-control=export]")
        with page.expect_download() as got:
            export.locator(".gm-export-csv").click()
        path = Path(got.value.path())
        text = path.read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(text.splitlines(keepends=True)))
        assert len(rows) == 6 and {r["event_id"] for r in rows} >= {"MLI1", "XSS1"}
        assert "NER1" not in {r["event_id"] for r in rows}
        row = next(r for r in rows if r["event_id"] == "XSS1")
        assert row["actor1"] == "'=HYPERLINK(\"http://x\",\"y\")" and row["actor2"] == "'+cmd"
        assert row["notes"] == "'@SUM(1)\nline two"
        assert row["place"].startswith("'-Place, with \"quotes\"")
        assert row["longitude"] == "-1.5" and row["fatalities"] == "4"  # numbers stay numbers
        assert got.value.suggested_filename.endswith("-selection.csv")
        with page.expect_download() as got:
            export.locator(".gm-export-geojson").click()
        data = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
        assert data["type"] == "FeatureCollection" and len(data["features"]) == 6
        feature = next(f for f in data["features"] if f["properties"]["event_id"] == "XSS1")
        assert feature["geometry"]["coordinates"] == [-1.5, 15.5]
        assert feature["properties"]["actor1"] == "=HYPERLINK(\"http://x\",\"y\")"  # unchanged
        assert report.js_errors == []


@pytest.mark.parametrize("size", SIZES)
def test_the_url_fragment_reopens_the_same_view(browser, tmp_path, screenshot_dir, size):
    with sized_page(browser, tmp_path, size) as report:
        page = report.page
        filters = open_drawer(page).locator("[data-geomap-control=filters]")
        filter_off(filters, "Protests")
        filters.locator(".gm-actor-option", has_text="JNIM").click()
        filters.locator(".gm-actor-option", has_text="Military Forces of Mali").click()
        set_range(page, "2024-01-01", "2024-03-31")
        page.evaluate(f"{STATE}.map.setView([15.5, -1.25], 8, {{animate: false}})")
        page.wait_for_timeout(600)
        url = page.url
        assert "#" in url and "time=2024-01-05%2C2024-03-31" in url  # from the first event
        before = shown_counts(page)
        assert before["visible"] == 2
        with reopened(browser, url, size) as fresh:
            after = shown_counts(fresh)
            assert after["visible"] == before["visible"]
            assert after["provinces"] == before["provinces"]
            assert fresh.evaluate(f"{STATE}.map.getZoom()") == 8
            center = fresh.evaluate(f"{STATE}.map.getCenter()")
            assert abs(center["lat"] - 15.5) < 0.01 and abs(center["lng"] - -1.25) < 0.01
            assert "5 Jan 2024" in fresh.locator(".gm-time-label").inner_text()
            assert fresh.locator(".gm-legend-type.gm-off").inner_text().startswith("Protests")
            assert sorted(fresh.evaluate(f"[...{STATE}.selection.actors]")) == [
                "JNIM", "Military Forces of Mali"]
            take_screenshot(fresh, screenshot_dir / f"workbench_url_state_{size[0]}.png")
        assert report.js_errors == []


@pytest.mark.parametrize("size", SIZES)
def test_the_lists_may_be_of_the_events_in_view(browser, tmp_path, screenshot_dir, size):
    """"What happened around Gao?": the summary, the table and the export were of every
    event the filters keep, wherever it lay, under the title "Visible events" (found by the
    session-33 newcomer). "Only events in the map's view" limits them to the view, follows
    the map as it moves and is kept in the link; the map's layers are unchanged. What lies
    under the open drawer is not in the view (Ansongo and Tessit were counted in an answer
    about Gao)."""
    with sized_page(browser, tmp_path, size) as report:
        page = report.page
        summary = open_drawer(page).locator("[data-geomap-control=summary]")
        table = page.locator("[data-geomap-control=table]")
        page.evaluate(f"{STATE}.map.setView([16.27, -0.04], 10, {{animate: false}})")
        page.wait_for_timeout(300)
        assert summary.locator(".gm-summary-total").inner_text().startswith("6 events")
        summary.locator(".gm-view-only input").check()
        page.wait_for_timeout(300)
        assert summary.locator(".gm-summary-total").inner_text() == (
            "1 events · 12 reported fatalities in the map's view")
        assert summary.locator(".gm-top-provinces li").all_inner_texts() == ["Gao, ML\n1"]
        assert table.locator("tbody tr").count() == 1
        assert table.locator("tbody tr td").nth(3).inner_text().startswith("Gao")
        assert shown_counts(page)["visible"] == 6  # the map still draws every event
        take_screenshot(page, screenshot_dir / f"workbench_in_view_{size[0]}.png")
        if size[0] > 1000:  # Gao moved under the open drawer: in the view, but not seen
            page.evaluate(f"{STATE}.map.panBy([500, 0], {{animate: false}})")
            page.wait_for_timeout(400)
            assert summary.locator(".gm-summary-total").inner_text().startswith("0 events")
            page.evaluate(f"{STATE}.map.panBy([-500, 0], {{animate: false}})")
            page.wait_for_timeout(400)
            assert summary.locator(".gm-summary-total").inner_text().startswith("1 events")
        page.evaluate(f"{STATE}.map.setView([12.65, -8.0], 10, {{animate: false}})")
        page.wait_for_timeout(400)
        assert table.locator("tbody tr").count() == 1
        assert table.locator("tbody tr td").nth(3).inner_text().startswith("Bamako")
        page.wait_for_function("() => location.hash.indexOf('inview=1') >= 0")
        with reopened(browser, page.url, size) as fresh:
            assert fresh.evaluate(f"{STATE}.viewOnly") is True
            again = open_drawer(fresh).locator("[data-geomap-control=summary]")
            assert again.locator(".gm-view-only input").is_checked()
            assert again.locator(".gm-summary-total").inner_text().startswith("1 events")
        assert report.js_errors == [] and report.console_errors == []


LABELS = """() => [...document.querySelectorAll('.gm-place')].map(node => {
    const r = node.getBoundingClientRect();
    return {name: node.textContent, x: r.x, y: r.y, w: r.width, h: r.height,
            rank: +node.className.match(/gm-place-(\\d)/)[1]}; })"""


@pytest.mark.parametrize("size", SIZES)
def test_basemap_labels_capitals_first_more_as_you_zoom(browser, tmp_path, screenshot_dir, size):
    with sized_page(browser, tmp_path, size) as report:
        page = report.page
        # town names keep off the map's own labels: with actors shown, Bamako's would sit
        # on the army's name; without them, it is there
        page.evaluate(f"{STATE}.overlays.filter(o => o[0] === 'Actors')"
                      f".forEach(o => {STATE}.map.removeLayer(o[1]))")
        page.evaluate(f"{STATE}.map.setView([14.5, -3], 5, {{animate: false}})")
        page.wait_for_timeout(300)
        wide = page.evaluate(LABELS)
        names = {label["name"] for label in wide}
        assert {"Bamako", "Niamey"} <= names  # capitals at zoom 5
        assert all(label["rank"] <= 2 for label in wide)
        page.evaluate(f"{STATE}.map.setView([14.5, -4.2], 8, {{animate: false}})")
        page.wait_for_timeout(300)
        close = page.evaluate(LABELS)
        assert any(label["rank"] == 3 for label in close)  # smaller towns once zoomed in
        assert "Mopti" in {label["name"] for label in close}
        for i, a in enumerate(close):  # legible: no label overlaps another
            for b in close[i + 1:]:
                dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
                dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
                assert dx <= 1 or dy <= 1, (a["name"], b["name"])
        take_screenshot(page, screenshot_dir / f"workbench_labels_z8_{size[0]}.png")
        # the labels never take a click: the events under them stay clickable
        assert page.evaluate("getComputedStyle(document.querySelector('.leaflet-gmLabels-pane'))"
                             ".pointerEvents") == "none"
        assert report.js_errors == []


def test_pages_with_tiles_carry_no_labels_of_their_own():
    from geomap.render.map import build_payload

    online = build_payload(make_bundle(), RenderOptions(offline=False))
    offline = build_payload(make_bundle(), RenderOptions(offline=True))
    assert online["placeLabels"] is False and offline["placeLabels"] is True
    # the towns travel either way (the search box finds them), only those near the map
    places = offline["places"]
    assert "Ségou" in places["names"] and "Paris" not in places["names"]
    assert places["rank"][places["names"].index("Bamako")] == 0


@pytest.mark.parametrize("size", SIZES)
def test_png_of_the_current_view(browser, tmp_path, screenshot_dir, size):
    import struct

    with sized_page(browser, tmp_path, size) as report:
        page = report.page
        drawer = open_drawer(page)
        with page.expect_download() as got:
            drawer.locator("[data-geomap-control=export] .gm-export-png").click()
        data = Path(got.value.path()).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        map_size = page.evaluate(f"{STATE}.map.getSize()")
        ratio = page.evaluate("window.devicePixelRatio")
        assert width == round(map_size["x"] * ratio) and height > map_size["y"] * ratio  # + caption
        target = screenshot_dir / f"workbench_export_view_{size[0]}.png"
        target.write_bytes(data)
        # what the image shows, decoded by the browser: the land, the choropleth, markers
        colours = page.evaluate("""async (bytes) => {
            const blob = new Blob([new Uint8Array(bytes)], {type: 'image/png'});
            const img = await createImageBitmap(blob);
            const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
            const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
            const px = ctx.getImageData(0, 0, c.width, c.height).data, seen = new Set();
            for (let i = 0; i < px.length; i += 16) {
                seen.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
            }
            const has = rgb => [...seen].some(k => Math.abs((k >> 16) - rgb[0]) < 6
                && Math.abs(((k >> 8) & 255) - rgb[1]) < 6 && Math.abs((k & 255) - rgb[2]) < 6);
            return {distinct: seen.size, land: has([244, 241, 234]),
                    sea: has([214, 230, 239])}; }""",
            list(data))
        assert colours["land"] and colours["distinct"] > 50
        assert colours["sea"] or size[0] < 700  # the phone's view of Mali reaches no sea
        assert report.js_errors == []


def test_events_without_a_sub_event_type_are_an_entry_of_their_own(browser, tmp_path):
    """Unchecking a named sub-event type does not hide the events that have none (they are
    not of it); unchecking their own entry does, and the link says so."""
    unnamed = Event("NER2", date(2024, 6, 9), "Battles", 14.2, 1.45, Precision.EXACT,
                    actor1="Rebels (Niger)", location="Tillabéri", admin1="Tillabéri",
                    country="Niger", iso="NE", fatalities=2)
    with sized_page(browser, tmp_path, SIZES[0], make_bundle(make_events([unnamed]))) as report:
        page = report.page
        filters = open_drawer(page).locator("[data-geomap-control=filters]")
        entry = filters.locator(".gm-check", has_text="(no sub-event type)")
        assert entry.text_content() == "(no sub-event type) 1"  # after the named ones
        assert filter_off(filters, "Armed clash")["visible"] == 6  # the clash alone is hidden
        entry.locator("input").uncheck()
        assert shown_counts(page)["visible"] == 5
        assert "xsub=Armed+clash%7C%28no+sub-event+type%29" in page.wait_for_function(
            "() => location.hash.includes('xsub=') && location.hash").json_value()
