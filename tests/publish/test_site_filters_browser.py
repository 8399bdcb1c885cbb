"""The published site's sub-event type and precision filters, in Chromium through a
127.0.0.1 server: listed from site.json with their events, applied to the markers, the
table and the exports (not to the counts), kept in the link."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from geomap.publish.build import PublishOptions, publish_site
from tests.publish.conftest import COLUMNS, acled_rows, write_acled
from tests.publish.test_site_browser import VIEWPORTS, opened
from tests.publish.test_site_export_browser import _download
from tests.publish.test_site_table_browser import _events_zoom, _open_table
from tests.static_server import serve

pytestmark = pytest.mark.browser
FILTERS = "[data-geomap-control=table] [data-geomap-control=filters]"
KHARKIV = "view=49.99,36.23,10"  # events drawn from leaves


def _in_view(page: Any) -> int:
    return page.evaluate("() => GeomapSite.state.events.eventsInView(false).n")


def _exported(page: Any, tmp_path: Path) -> list[dict[str, Any]]:
    data = json.loads(_download(page, ".gm-export-geojson", tmp_path).read_text("utf-8"))
    return [feature["properties"] for feature in data["features"]]


def _box(page: Any, text: str) -> Any:
    return page.locator(f"{FILTERS} .gm-check", has_text=text).locator("input")


def test_site_lists_sub_event_types_and_precisions_with_their_events(
        published_site: Path, acled_file: Path) -> None:
    meta = json.loads((published_site / "site.json").read_text(encoding="utf-8"))
    with acled_file.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["latitude"] != "not a number"]
    expected = Counter(row["sub_event_type"] for row in rows)
    listed = meta["filters"]["subEventTypes"]
    assert dict(listed) == expected
    assert [n for _, n in listed] == sorted(expected.values(), reverse=True)
    # ACLED's precisions 1-3 as geomap's codes, each drawn as markers
    precisions = dict(meta["filters"]["precisions"])
    assert sorted(precisions.values()) == sorted(
        Counter(row["geo_precision"] for row in rows).values())
    assert all(str(code) in meta["precisionLabels"] for code in precisions)


def test_filters_hide_markers_not_counts_and_stay_in_the_link(
        browser: Any, published_site: Path, tmp_path: Path, screenshot_dir: Path) -> None:
    with serve(published_site) as url, opened(browser, url, VIEWPORTS["desktop"]) as page:
        _events_zoom(page, published_site)
        _open_table(page)
        title = page.locator(".gm-daterange").inner_text()
        everything = _exported(page, tmp_path)
        n = len(everything)
        assert page.locator(FILTERS).get_attribute("open") is None  # folded: none is on
        page.locator(f"{FILTERS} summary").click()
        clash = sum(p["sub_event_type"] == "Armed clash" for p in everything)
        assert 0 < clash < n
        _box(page, "Armed clash").uncheck()
        page.wait_for_function("n => GeomapSite.state.events.eventsInView(false).n < n", arg=n)
        assert _in_view(page) == n - clash
        kept = _exported(page, tmp_path)
        assert len(kept) == n - clash
        assert {p["event_id"] for p in kept} == {p["event_id"] for p in everything
                                                 if p["sub_event_type"] != "Armed clash"}
        # the precision filter on top: events located only near a place are hidden too
        exact = page.evaluate("() => GeomapSite.state.site.meta.precisionLabels[1]")
        _box(page, exact).uncheck()
        page.wait_for_function("n => GeomapSite.state.events.eventsInView(false).n < n",
                               arg=n - clash)
        both = _exported(page, tmp_path)
        assert both and all(p["geo_precision"] != 1 and p["sub_event_type"] != "Armed clash"
                            for p in both)
        assert len(both) == sum(p["geo_precision"] != 1 for p in kept)
        # the counts do not follow them; the legend says a filter is on
        assert page.locator(".gm-daterange").inner_text() == title
        note = page.locator(".gm-filter-note").inner_text()
        assert "sub-event type" in note and "where known" in note
        page.screenshot(path=str(screenshot_dir / "publish-desktop-filters.png"))
        # in the link (the single page's keys); a reload restores them
        page.wait_for_function("() => location.hash.includes('xprec=1')")
        values = page.evaluate("""() => { const get = GeomapRender.lib.hashValues('');
            return [get('xsub'), get('xprec')]; }""")
        assert values == ["Armed clash", "1"]
        link = page.evaluate("() => location.hash.slice(1)")
    with serve(published_site) as url, opened(browser, url, VIEWPORTS["desktop"], link) as page:
        page.wait_for_function("n => GeomapSite.state.events.eventsInView(false).n === n",
                               arg=len(both))
        _open_table(page)
        assert page.locator(FILTERS).get_attribute("open") is not None
        assert not _box(page, "Armed clash").is_checked()
        assert _box(page, "Peaceful protest").is_checked()
        page.locator(f"{FILTERS} .gm-filters-clear").click()
        page.wait_for_function("n => GeomapSite.state.events.eventsInView(false).n === n", arg=n)
        assert _box(page, "Armed clash").is_checked()


@pytest.fixture(scope="module")
def unnamed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """600 events, every third without a sub-event type (as UCDP's beside ACLED's)."""
    rows = acled_rows(600, seed=11)
    for row in rows[::3]:
        row[COLUMNS.index("sub_event_type")] = ""
    folder = tmp_path_factory.mktemp("unnamed-site")
    publish_site([write_acled(folder.parent / "unnamed.csv", rows)], folder,
                 PublishOptions(workers=1))
    return folder


def test_events_without_a_sub_event_type_are_an_entry_of_their_own(
        browser: Any, unnamed_site: Path, tmp_path: Path) -> None:
    """As on the single page: a named type unchecked leaves them; their entry hides them."""
    listed = json.loads((unnamed_site / "site.json").read_text("utf-8"))["filters"]
    assert listed["subEventTypes"][-1] == ["", 200]
    with serve(unnamed_site) as url, opened(browser, url, VIEWPORTS["desktop"],
                                            KHARKIV) as page:
        page.wait_for_function("() => GeomapSite.state.events.eventsInView(false).n > 0")
        _open_table(page)
        everything = _exported(page, tmp_path)
        unnamed = sum(p["sub_event_type"] == "" for p in everything)
        clash = sum(p["sub_event_type"] == "Armed clash" for p in everything)
        assert unnamed and clash
        page.locator(f"{FILTERS} summary").click()
        assert page.locator(f"{FILTERS} .gm-filter-subTypes .gm-check").last.text_content() == \
            "(no sub-event type) 200"
        _box(page, "Armed clash").uncheck()
        page.wait_for_function("n => GeomapSite.state.events.eventsInView(false).n === n",
                               arg=len(everything) - clash)
        _box(page, "(no sub-event type)").uncheck()
        page.wait_for_function("n => GeomapSite.state.events.eventsInView(false).n === n",
                               arg=len(everything) - clash - unnamed)
        assert all(p["sub_event_type"] not in ("", "Armed clash")
                   for p in _exported(page, tmp_path))
        # the link is written a moment after each change (debounced): the first
        # unchecking's may come before the second's, so wait for the second's
        page.wait_for_function("() => GeomapRender.lib.hashValues('')('xsub') === "
                               "'Armed clash|(no sub-event type)'")
        link = page.evaluate("() => location.hash.slice(1)")
    with serve(unnamed_site) as url, opened(browser, url, VIEWPORTS["desktop"], link) as page:
        page.wait_for_function("n => GeomapSite.state.events.eventsInView(false).n === n",
                               arg=len(everything) - clash - unnamed)
