"""The published site's summary of the events in view, in Chromium through a 127.0.0.1
server: totals, top provinces, countries and actors of the same events as the table and
the exports (the provinces the build assigned, carried by the tiles), following the
filters; a province fits the map, an actor filters by it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.publish.conftest import HOSTILE
from tests.publish.test_site_browser import VIEWPORTS, _events, _find, _move, opened
from tests.publish.test_site_export_browser import _download
from tests.publish.test_site_table_browser import _events_zoom, _open_table
from tests.static_server import serve

pytestmark = pytest.mark.browser
SUMMARY = "[data-geomap-control=table] [data-geomap-control=summary]"


def _exported(page: Any, tmp_path: Path) -> list[dict[str, Any]]:
    data = json.loads(_download(page, ".gm-export-geojson", tmp_path).read_text("utf-8"))
    return [feature["properties"] for feature in data["features"]]


def _list(page: Any, part: str) -> list[tuple[str, int, int]]:
    """A summary list as (name, events, fatalities)."""
    items = page.evaluate(f"""() => Array.from(document.querySelectorAll(
        '{SUMMARY} .gm-top-{part} li'))
        .map(li => Array.from(li.children).map(c => c.textContent))""")
    return [(name, int(count.replace(",", "")),
             int(fatalities.removeprefix("· ").removesuffix(" fatalities").replace(",", "")))
            for name, count, fatalities in items]


def _top(counter: Counter[str], fatalities: Counter[str]) -> list[tuple[str, int, int]]:
    """The summary's order: most events first, ties by key; the first 8."""
    rows = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:8]
    return [(key, n, fatalities[key]) for key, n in rows]


def _expected(folder: Path, events: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """The summary of ``events`` (exported): provinces by the code each event's tile
    carries, named as areas.json names them, their countries, actors 1 and 2."""
    codes = {p["id"]: p.get("r1", "") for *_, p in _events(folder)}
    areas = json.loads((folder / "areas.json").read_text(encoding="utf-8"))["admin1"]
    province = {f["properties"]["code"]: f["properties"] for f in areas}
    basemap = json.loads((folder / "basemap.geojson").read_text(encoding="utf-8"))
    country = {f["properties"]["iso_a2"]: f["properties"]["name"] for f in basemap["features"]}
    counts: dict[str, Counter[str]] = {k: Counter() for k in ("provinces", "countries", "actors")}
    dead: dict[str, Counter[str]] = {k: Counter() for k in counts}
    for event in events:
        code, f = codes[event["event_id"]], event["fatalities"] or 0
        keys = {"provinces": [code] if code else [],
                "countries": [province[code]["cc"]] if code else [],
                "actors": sorted({event["actor1"], event["actor2"]} - {""})}
        for part, found in keys.items():
            for key in found:
                counts[part][key] += 1
                dead[part][key] += f
    def named(rows: list[tuple[str, int, int]], name: Any) -> list[tuple[str, int, int]]:
        return [(name(key), n, f) for key, n, f in rows]
    return {"provinces": named(_top(counts["provinces"], dead["provinces"]),
                               lambda c: f"{province[c]['name']}, {province[c]['cc']}"),
            "countries": named(_top(counts["countries"], dead["countries"]),
                               lambda cc: country.get(cc, cc)),
            "actors": _top(counts["actors"], dead["actors"])}


@pytest.mark.parametrize("name", VIEWPORTS)
def test_summary_of_the_events_in_view(browser: Any, published_site: Path, tmp_path: Path,
                                       screenshot_dir: Path, name: str) -> None:
    with serve(published_site) as url, opened(browser, url, VIEWPORTS[name]) as page:
        _events_zoom(page, published_site)
        page.evaluate("() => { GeomapSite.state.map.setZoom(9, {animate: false}); }")
        page.wait_for_function("""() => GeomapSite.state.events.eventsInView(false).dense
            || GeomapSite.state.events.eventsInView(false).n > 100""")
        _open_table(page)
        events = _exported(page, tmp_path)
        n, dead = len(events), sum(e["fatalities"] or 0 for e in events)
        assert page.locator(f"{SUMMARY} .gm-summary-total").inner_text() == (
            f"{n:,} events · {dead:,} reported fatalities")
        expected = _expected(published_site, events)
        for part in ("provinces", "countries", "actors"):
            assert _list(page, part) == expected[part], part
        assert expected["provinces"] and expected["countries"] and len(expected["actors"]) == 8
        page.locator(SUMMARY).scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_dir / f"publish-{name}-summary.png"))
        if name == "phone":
            return
        # the filters change it as they change the table
        page.locator(".gm-legend-type").first.click()  # hide Battles
        page.wait_for_function("n => GeomapSite.state.events.eventsInView(false).n < n", arg=n)
        fewer = _exported(page, tmp_path)
        # the panel is redrawn 50 ms after the last change (one redraw per burst): wait for it
        total, shown = f"{SUMMARY} .gm-summary-total", f"{len(fewer):,} events · "
        page.wait_for_function("([sel, text]) => document.querySelector(sel)"
                               ".innerText.startsWith(text)", arg=[total, shown])
        assert page.locator(total).inner_text().startswith(shown)
        assert _list(page, "actors") == _expected(published_site, fewer)["actors"]
        # an actor draws only its events; a province fits the map to it
        actor = expected["actors"][0][0]
        page.locator(f"{SUMMARY} .gm-top-actors .gm-top-name", has_text=actor).first.click()
        page.wait_for_function("name => GeomapSite.state.site.actors?.has(name)", arg=actor)
        assert all(actor in (e["actor1"], e["actor2"]) for e in _exported(page, tmp_path))
        page.evaluate("""() => { window.__moved = new Promise(done =>
            GeomapSite.state.map.once('moveend', () => done(true))); }""")
        province = page.locator(f"{SUMMARY} .gm-top-provinces .gm-top-name").first
        label = province.inner_text()
        province.click()
        assert page.evaluate("""label => window.__moved.then(() => {
            const s = GeomapSite.state, f = s.site.areas.admin1.find(f =>
                f.properties.name + ', ' + f.properties.cc === label);
            return L.geoJSON(f).getBounds().contains(s.map.getCenter()); })""", label)


def _counted_in(folder: Path, bounds: list[float], hidden: int | None = None) -> dict[str, Any]:
    """From counts.json: the events and fatalities of the provinces and the country-level
    events of the countries whose label point is in ``bounds`` (south, west, north,
    east), every month, without the events of type ``hidden``; rows per province and per
    country as the summary lists them."""
    counts = json.loads((folder / "counts.json").read_text(encoding="utf-8"))
    areas = json.loads((folder / "areas.json").read_text(encoding="utf-8"))
    basemap = json.loads((folder / "basemap.geojson").read_text(encoding="utf-8"))
    country = {f["properties"]["iso_a2"]: f["properties"]["name"] for f in basemap["features"]}
    south, west, north, east = bounds
    events: dict[str, Counter[str]] = {"provinces": Counter(), "countries": Counter()}
    dead: dict[str, Counter[str]] = {"provinces": Counter(), "countries": Counter()}
    total = [0, 0]
    for level, code, t, n, f in zip(counts["level"], counts["code"], counts["t"], counts["n"],
                                    counts["f"], strict=True):
        if level not in (0, 1) or t == hidden:
            continue
        props = areas["admin1" if level == 0 else "admin0"][code]["properties"]
        lat, lon = props["at"]
        if not (south <= lat <= north and west <= lon <= east):
            continue
        total[0] += n
        total[1] += f
        keys = {"countries": props["cc"] or props["code"]}
        if level == 0:
            keys["provinces"] = f"{props['name']}, {props['cc']}"
        for part, key in keys.items():
            events[part][key] += n
            dead[part][key] += f
    rows = {part: _top(events[part], dead[part]) for part in events}
    rows["countries"] = [(country.get(cc, cc), n, f) for cc, n, f in rows["countries"]]
    return {"total": f"{total[0]:,} events · {total[1]:,} reported fatalities", **rows}


def test_summary_counts_the_aggregates_where_density_squares_are_drawn(
        browser: Any, dense_site: Path, screenshot_dir: Path) -> None:
    with serve(dense_site) as url, opened(browser, url, VIEWPORTS["desktop"]) as page:
        page.evaluate("() => { const m = GeomapSite.state.map; m.setView([49.5, 37.0], 7, "
                      "{animate: false}); }")  # eastern Ukraine: density squares
        page.wait_for_function("() => GeomapSite.state.events.eventsInView(false).dense")
        page.locator("[data-geomap-control=export] .gm-view-table-open").click()
        bounds = page.evaluate("""() => { const b = GeomapSite.state.map.getBounds();
            return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }""")
        expected = _counted_in(dense_site, bounds)
        total = page.locator(f"{SUMMARY} .gm-summary-total")
        total.wait_for()
        assert total.inner_text() == expected["total"]
        assert expected["provinces"] and expected["countries"][0][0] == "Ukraine"
        assert len(expected["provinces"]) < 27  # the view's provinces, not the site's
        for part in ("provinces", "countries"):
            assert _list(page, part) == expected[part], part
        basis = page.locator(f"{SUMMARY} .gm-summary-basis").inner_text()
        assert basis.startswith("Density squares in view") and "drawn as markers" in basis
        page.locator(SUMMARY).scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_dir / "publish-desktop-summary-density.png"))
        # the event types shown: hiding Battles (type 0) takes them out of the counts
        page.locator(".gm-legend-type").first.click()
        fewer = _counted_in(dense_site, bounds, hidden=0)
        page.wait_for_function("text => document.querySelector("
                               f"'{SUMMARY} .gm-summary-total').textContent === text",
                               arg=fewer["total"])
        assert _list(page, "provinces") == fewer["provinces"]
        # zoomed in past the squares (zoom 14: events only): the markers again, no such line
        _move(page, *_find(dense_site, HOSTILE), 14)
        page.wait_for_function("() => !GeomapSite.state.events.eventsInView(false).dense")
        page.wait_for_function(f"() => !document.querySelector('{SUMMARY} .gm-summary-basis')"
                               ".textContent")
