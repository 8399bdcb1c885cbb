"""The published site's exploration controls in Chromium, through a 127.0.0.1 server:
the search of countries and provinces, the histogram of days (the single page's bars),
the CSV of the events in view."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from geomap.publish.build import publish_site
from tests.publish.conftest import HOSTILE
from tests.publish.test_site_browser import VIEWPORTS, _find, _move, _open
from tests.render.test_browser_map import UNDER_LEGEND
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
    # phones: a button opens the field, which folds again a moment after it loses the
    # focus (a pick): open it and focus it in one step, so that no fold comes between
    box.evaluate("""box => {
        const button = box.querySelector(".gm-search-open");
        if (getComputedStyle(button).display !== "none") { box.classList.add("gm-search-active"); }
        box.querySelector(".gm-search-input").focus(); }""")
    box.locator(".gm-search-input").fill(text)
    # the first search may wait for actors.json
    box.locator(".gm-search-result, .gm-search-none").first.wait_for()
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
            for control in ("search", "export"):
                assert _overlaps(page, f"[data-geomap-control={control}]",
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


def _bars(page: Any) -> list[float]:
    page.wait_for_function("() => GeomapSite.state.site.histogram.events")
    return page.evaluate("() => Array.from(GeomapSite.state.site.histogram.events)")


def _bars_of(histogram: dict[str, Any], bins: int, skip_type: int | None = None) -> list[int]:
    """site.json's histogram summed per bar (the types shown)."""
    bars = [0] * bins
    for b, t, n in zip(histogram["b"], histogram["t"], histogram["n"], strict=True):
        bars[b] += n if t != skip_type else 0
    return bars


@pytest.mark.parametrize("name", VIEWPORTS)
def test_histogram_counts_days_follows_the_types_and_brushes_the_time_filter(
        browser: Any, site: Path, screenshot_dir: Path, name: str) -> None:
    """The single page's bars (issue 17): bars of ceil(days / 90) days from the first day
    (site.json's histogram, tested against the events in test_publish), recounted when a
    type is hidden; a click or a drag selects the days of the bars under it."""
    meta = json.loads((site / "site.json").read_text(encoding="utf-8"))
    first, last = meta["days"]
    histogram = meta["histogram"]
    width = histogram["width"]
    bins = -(-(last - first + 1) // width)
    with serve(site) as url:
        page, errors = _open(browser, url, VIEWPORTS[name])
        try:
            hist = page.locator("[data-geomap-control=histogram]")
            assert page.locator(".gm-time .gm-histogram").count() == 1
            bars = _bars(page)
            assert bars == pytest.approx(_bars_of(histogram, bins))
            assert round(sum(bars)) == 2999
            assert f"per {width} days" in hist.locator(".gm-histogram-caption").text_content()
            page.screenshot(path=str(screenshot_dir / f"publish-{name}-histogram.png"))
            assert _overlaps(page, ".gm-time", [".gm-title", ".gm-legend",
                                                "[data-geomap-control=search]"]) == []
            if name == "phone":  # the legend starts folded
                page.locator(".gm-legend-toggle").click()
            page.locator(".gm-legend-type").first.click()  # hide Battles: type 0
            assert _bars(page) == pytest.approx(_bars_of(histogram, bins, skip_type=0))
            page.locator(".gm-legend-type").first.click()
            if name == "phone":
                page.locator(".gm-legend-toggle").click()
            box = hist.locator("canvas").bounding_box()
            bar = box["width"] / bins
            k = 12  # a click on the 13th bar selects its days
            page.mouse.click(box["x"] + (k + 0.5) * bar, box["y"] + box["height"] / 2)
            days = page.evaluate("() => GeomapSite.state.site.days")
            assert days == [first + k * width, first + (k + 1) * width - 1]
            shown = page.locator(".gm-daterange").inner_text()
            bar_events = int(shown.split(" of ")[0].replace(",", ""))
            assert 0 < bar_events < 2999
            # a drag selects the bars under it (measured again: on a phone the time
            # filter's width follows its label, which the click changed)
            box = hist.locator("canvas").bounding_box()
            bar = box["width"] / bins
            page.mouse.move(box["x"] + (k + 0.5) * bar, box["y"] + 5)
            page.mouse.down()
            page.mouse.move(box["x"] + (k + 24.5) * bar, box["y"] + 5, steps=4)
            page.mouse.up()
            days = page.evaluate("() => GeomapSite.state.site.days")
            assert days == [first + k * width, first + (k + 25) * width - 1]
            shown = page.locator(".gm-daterange").inner_text()
            assert bar_events < int(shown.split(" of ")[0].replace(",", "")) < 2999
            page.screenshot(path=str(screenshot_dir / f"publish-{name}-histogram-brushed.png"))
            assert not errors
        finally:
            page.close()


def _acled_events(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["event_id_cnty"]: row for row in csv.DictReader(handle)}


def _export(page: Any, tmp_path: Path) -> list[dict[str, str]]:
    """Click the CSV button and read the file it downloads."""
    with page.expect_download(timeout=60_000) as info:
        page.locator("[data-geomap-control=export] .gm-view-csv").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_of_the_events_in_view(browser: Any, site: Path, acled_file: Path, tmp_path: Path,
                                   screenshot_dir: Path) -> None:
    source = _acled_events(acled_file)
    with serve(site) as url:
        page, errors = _open(browser, url, VIEWPORTS["desktop"])
        try:
            count = page.locator("[data-geomap-control=export] .gm-view-count")
            says = "text => document.querySelector('.gm-view-count').textContent.includes(text)"
            page.wait_for_function(f"() => ({says})('density squares')")  # the opening view
            lat, lon = _find(site, HOSTILE)
            _move(page, lat, lon, 10)
            # counted once the new tiles are drawn (mid-move the view has only some of them)
            page.wait_for_function(f"""() => !({says})('density')
                && parseInt(document.querySelector('.gm-view-count').textContent.replace(/,/g, ''))
                   === GeomapSite.state.events.eventsInView(false).n""")
            shown = int(count.inner_text().split(" ")[0].replace(",", ""))
            assert shown > 50
            page.screenshot(path=str(screenshot_dir / "publish-desktop-export.png"))
            rows = _export(page, tmp_path)
            assert len(rows) == shown == len({row["event_id"] for row in rows})
            south, west, north, east = page.evaluate("""() => {
                const b = GeomapSite.state.map.getBounds();
                return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }""")
            for row in rows:  # the data's own text, where the map shows the event
                event = source[row["event_id"]]
                assert row["actor1"] == event["actor1"] and row["notes"] == event["notes"]
                assert row["event_type"] == event["event_type"]
                assert row["sub_event_type"] == event["sub_event_type"]
                assert row["fatalities"] == event["fatalities"]
                assert south <= float(row["latitude"]) <= north
                assert west <= float(row["longitude"]) <= east
            assert HOSTILE in {row["notes"] for row in rows}
            # every exactly placed event well inside the view is in the file
            inside = {key for key, event in source.items() if event["geo_precision"] == "1"
                      and event["latitude"] != "not a number"
                      and south + 0.02 < float(event["latitude"]) < north - 0.02
                      and west + 0.02 < float(event["longitude"]) < east - 0.02}
            assert inside and inside <= {row["event_id"] for row in rows}
            # the time filter and the type toggles choose what is exported
            page.evaluate("""() => { const s = document.querySelector('.gm-time-start'),
                e = document.querySelector('.gm-time-end');
                s.value = +s.min + 400; e.value = +s.min + 760;
                e.dispatchEvent(new Event('input')); }""")
            page.locator(".gm-legend-type").first.click()  # hide Battles
            first, last = page.evaluate("() => GeomapSite.state.site.selectedDays()")
            filtered = _export(page, tmp_path)
            assert 0 < len(filtered) < len(rows)
            assert all(row["event_type"] != "Battles" for row in filtered)
            days = [(date.fromisoformat(row["event_date"]) - date(1970, 1, 1)).days
                    for row in filtered]
            exact = [day for row, day in zip(filtered, days) if row["time_precision"] == "1"]
            assert exact and all(first <= day <= last for day in exact)
            assert all(first - 366 <= day <= last + 366 for day in days)  # known to a year
            assert not errors
        finally:
            page.close()


def test_the_legend_never_covers_the_events_in_view(browser: Any, site: Path) -> None:
    """At 800x600 the "events in view" box (with its Explore button) grows to four lines
    over density squares; the legend's top covered its foot. Now the legend is fitted
    again whenever the top-right corner changes height."""
    with serve(site) as url:
        page, errors = _open(browser, url, (800, 600), "")
        try:
            page.wait_for_function("() => document.querySelector('.gm-view-count')")
            assert page.evaluate(UNDER_LEGEND) == []
            _move(page, 49.99, 36.23, 11)  # markers only: the box is one line again
            assert page.evaluate(UNDER_LEGEND) == []
        finally:
            page.close()
        assert not errors, errors
