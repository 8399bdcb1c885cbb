"""A published site, served over HTTP by a range-capable server on 127.0.0.1, in Chromium:
tiles drawn, popups with the event's text (as text), the time filter recounting."""

from __future__ import annotations

import contextlib
import gzip
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mapbox_vector_tile
import pytest
from pmtiles.reader import MmapSource, all_tiles

from geomap.publish import tiles as tiles_module
from geomap.publish.build import PublishOptions, publish_site
from geomap.publish.tiles import MAX_ZOOM, POSITION_ZOOM
from tests.publish.conftest import COLUMNS, HOSTILE, acled_rows, write_acled
from tests.static_server import serve

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": (1400, 900), "phone": (390, 844)}
READY = "html[data-geomap-ready]"


@pytest.fixture(scope="module")
def site(acled_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser-site")
    publish_site([acled_file], folder)
    return folder


def _tiles(folder: Path) -> dict[tuple[int, int, int], dict[str, Any]]:
    """The archive's tiles, decoded."""
    with (folder / "events.pmtiles").open("rb") as handle:
        return {zxy: mapbox_vector_tile.decode(gzip.decompress(data),
                                               default_options={"y_coord_down": True})
                for zxy, data in all_tiles(MmapSource(handle))}


def _events(folder: Path) -> list[tuple[int, int, int, dict[str, Any]]]:
    """Every event of the archive's leaves: the leaf's zoom, the event's position in
    world units of POSITION_ZOOM (4096 per tile) and its properties."""
    found = []
    for (z, x, y), layers in _tiles(folder).items():
        if "events" in layers:
            extent = layers["events"]["extent"]
            found += [(z, x * extent + f["geometry"]["coordinates"][0],
                       y * extent + f["geometry"]["coordinates"][1], f["properties"])
                      for f in layers["events"]["features"]]
    return found


def _latlon(gx: float, gy: float) -> tuple[float, float]:
    """Latitude and longitude of world units of POSITION_ZOOM."""
    size = 2 ** (POSITION_ZOOM + 12)
    n = math.pi * (1 - 2 * gy / size)
    return math.degrees(math.atan(math.sinh(n))), gx / size * 360 - 180


def _empty_below_density(folder: Path) -> tuple[float, float]:
    """The centre of a tile not in the archive whose parent holds density (an empty
    tile: the deepest such parent)."""
    tiles = _tiles(folder)
    empty = [(z + 1, 2 * x + k % 2, 2 * y + k // 2) for (z, x, y), layers in tiles.items()
             if "cells" in layers and z >= 9 for k in range(4)
             if (z + 1, 2 * x + k % 2, 2 * y + k // 2) not in tiles]
    z, x, y = max(empty)
    unit = 1 << (POSITION_ZOOM + 12 - z)
    return _latlon((x + 0.5) * unit, (y + 0.5) * unit)


def _leaf_of(folder: Path, text: str) -> tuple[int, float, float]:
    """The leaf zoom, latitude and longitude of the event whose notes are ``text``."""
    for z, gx, gy, properties in _events(folder):
        if properties.get("notes") == text:
            return z, *_latlon(gx + 0.5, gy + 0.5)
    raise AssertionError(f"no event with notes {text!r}")


def _find(folder: Path, text: str) -> tuple[float, float]:
    """Latitude and longitude of the event whose notes are ``text`` (from the archive)."""
    return _leaf_of(folder, text)[1:]


def _open(browser: Any, url: str, viewport: tuple[int, int],
          fragment: str = "") -> tuple[Any, list[str]]:
    """The site at ``url`` (with ``#fragment`` when given) in a new page, once it is ready,
    and the errors the page reports."""
    page = browser.new_page()
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("requestfailed", lambda req: errors.append(f"failed: {req.url}"))
    page.goto(url + "index.html" + (f"#{fragment}" if fragment else ""))
    page.wait_for_selector(READY, timeout=60_000)
    return page, errors


@contextlib.contextmanager
def opened(browser: Any, url: str, viewport: tuple[int, int], fragment: str = "") -> Iterator[Any]:
    """The site in a new page (:func:`_open`), closed afterwards; fails if the page
    reported an error."""
    page, errors = _open(browser, url, viewport, fragment)
    try:
        yield page
    finally:
        page.close()
    assert not errors, errors


def _move(page: Any, lat: float, lon: float, zoom: int) -> None:
    """Set the view and wait until its tiles are drawn."""
    page.evaluate("""([lat, lon, zoom]) => new Promise(done => {
        const s = GeomapSite.state; s.events.once("load", () => done(true));
        s.map.setView([lat, lon], zoom, {animate: false});
        setTimeout(() => done(false), 20000); })""", [lat, lon, zoom])


def _painted(page: Any) -> int:
    """Tiles on screen with at least one painted pixel."""
    return page.evaluate("""() => [...document.querySelectorAll('canvas.gm-tile')].filter(c => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < d.length; i += 4) { if (d[i]) return true; } return false; }).length""")


@pytest.mark.parametrize("name", VIEWPORTS)
def test_site_draws_tiles_and_opens_popups(browser: Any, site: Path, screenshot_dir: Path,
                                          name: str) -> None:
    with serve(site) as url:
        page, errors = _open(browser, url, VIEWPORTS[name])
        try:
            # made from the data, as on the single page (not the file's name, "Acled")
            assert page.locator(".gm-title-main").inner_text().startswith("ACLED: ")
            assert page.locator(".gm-daterange").inner_text().startswith("2,999 of 2,999 events")
            assert _painted(page) > 0  # density cells at the opening zoom
            words = page.evaluate("() => document.body.textContent")  # legend and note
            assert "Density where events are many" in words and "squares show" in words
            assert page.evaluate("() => GeomapSite.state.provinces.layer.getLayers().length") > 10
            # at most one range request per tile: neighbouring tiles are read at once when
            # Leaflet asks for them together, which depends on the machine's load (a loaded
            # CI runner once asked for each of the view's 3 tiles apart), so not asserted
            stats = page.evaluate("() => GeomapSite.stats")
            assert 0 < stats["requests"] <= stats["tilesWithData"]
            # only the tiles of the view the page opens on: none of a frame it left
            shown = page.evaluate("() => Object.keys(GeomapSite.state.events._tiles).length")
            assert stats["tiles"] == shown
            page.screenshot(path=str(screenshot_dir / f"publish-{name}-open.png"))
            leaf, lat, lon = _leaf_of(site, HOSTILE)
            _move(page, lat, lon, 15)
            assert _painted(page) > 0
            assert leaf in _in_view(page)["from"] and leaf < MAX_ZOOM  # the leaf, enlarged
            size = VIEWPORTS[name]
            page.mouse.click(size[0] / 2, size[1] / 2)
            popup = page.locator(".leaflet-popup-content .gm-popup")
            popup.first.wait_for(timeout=60_000)
            text = page.locator(".leaflet-popup-content").inner_text()
            assert HOSTILE in text and "Event id" in text and "Fatalities" in text
            assert page.locator(".leaflet-popup-content img, .leaflet-popup-content script") \
                .count() == 0
            assert page.evaluate("() => window.__pwned") is None
            page.wait_for_timeout(500)  # the popup pans into view
            page.screenshot(path=str(screenshot_dir / f"publish-{name}-popup.png"))
            assert not errors
        finally:
            page.close()


def test_time_filter_recounts_and_redraws(browser: Any, site: Path, screenshot_dir: Path) -> None:
    with serve(site) as url:
        page, errors = _open(browser, url, VIEWPORTS["desktop"])
        try:
            _move(page, 49.99, 36.23, 10)  # Kharkiv: single events
            before = page.evaluate("() => GeomapSite.state.events.hitCount()")
            page.evaluate("""() => { const s = document.querySelector('.gm-time-start'),
                e = document.querySelector('.gm-time-end');
                s.value = +s.min + 380; e.value = +s.min + 530;
                e.dispatchEvent(new Event('input')); }""")  # days, starting and ending mid-month
            after = page.evaluate("() => GeomapSite.state.events.hitCount()")
            shown = page.locator(".gm-daterange").inner_text()
            assert shown.split(" of ")[1].startswith("2,999 events")
            count = int(shown.split(" of ")[0].replace(",", ""))
            assert 0 < count < 2999 and 0 < after < before
            assert shown.endswith(" · markers " + page.locator(".gm-time-label").inner_text())
            page.screenshot(path=str(screenshot_dir / "publish-desktop-time-filter.png"))
            page.locator(".gm-legend-type").first.click()  # hide Battles
            assert page.evaluate("() => GeomapSite.state.events.hitCount()") < after
            assert not errors
        finally:
            page.close()


def test_popup_at_zoom_10_reads_the_event_from_its_leaf(browser: Any, site: Path) -> None:
    """A click finds the event under the cursor and its popup shows the texts of the leaf
    it was drawn from."""
    with serve(site) as url:
        page, errors = _open(browser, url, VIEWPORTS["desktop"])
        try:
            lat, lon = _find(site, HOSTILE)
            _move(page, lat, lon, 10)
            assert page.evaluate("() => GeomapSite.state.map.getZoom()") == 10
            assert page.evaluate("() => GeomapSite.state.events.hitCount()") > 100
            page.mouse.click(700, 450)
            page.locator(".leaflet-popup-content .gm-popup").first.wait_for(timeout=60_000)
            text = page.locator(".leaflet-popup-content").inner_text()
            assert HOSTILE in text and "Event id" in text
            assert page.evaluate("() => window.__pwned") is None
            assert not errors
        finally:
            page.close()


@pytest.fixture(scope="module")
def small_leaves(acled_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site with leaves of at most 150 events: leaves of several zooms, and tiles
    that hold density above empty ones."""
    folder = tmp_path_factory.mktemp("small-leaves")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tiles_module, "EVENTS_PER_TILE", 150)
        publish_site([acled_file], folder, PublishOptions(workers=1))  # the patch applies
    return folder


def _in_view(page: Any) -> dict[str, Any]:
    """Events counted in view, whether density squares are in view, the view's pixel
    bounds, the zooms of the archive's tiles drawn and of those holding density."""
    return page.evaluate("""() => { const e = GeomapSite.state.events;
        const found = e.eventsInView(false), b = e._map.getPixelBounds();
        const from = new Set(), cells = new Set();
        for (const key in e._tiles) {
            const gm = e._tiles[key].el._gm;
            if (gm) { from.add(gm.source.z); if (gm.layers.cells) cells.add(gm.source.z); } }
        return {n: found.n, dense: found.dense, bounds: [b.min.x, b.min.y, b.max.x, b.max.y],
                from: [...from], cells: [...cells]}; }""")


def _assert_margins_hold_every_marker(page: Any, events: list[Any], zoom: int) -> int:
    """Each tile on screen whose neighbours are all drawn draws every event within its
    margin (its own, or borrowed from a neighbour drawn from another archive tile), once:
    no marker is cut at a tile's edge."""
    drawn = page.evaluate("""() => { const e = GeomapSite.state.events, out = [];
        for (const key in e._tiles) {
            const c = e._tiles[key].coords, gm = e._tiles[key].el._gm;
            if (!gm || c.z !== e._map.getZoom()) continue;
            let all = true;
            for (const [i, j] of [[-1,-1],[0,-1],[1,-1],[-1,0],[1,0],[-1,1],[0,1],[1,1]]) {
                const n = e._tiles[e._tileCoordsToKey({x: c.x + i, y: c.y + j, z: c.z})];
                all = all && !!(n && n.el._gm); }
            if (all) out.push([c.x, c.y, gm.events.length + gm.borrowed.length]); }
        return {margin: e.margin(), tiles: out}; }""")
    scale, margin = 2.0 ** (zoom + 8 - POSITION_ZOOM - 12), drawn["margin"]
    for tx, ty, count in drawn["tiles"]:
        x0, y0 = tx * 256 - margin, ty * 256 - margin
        inside = sum(1 for z, gx, gy, _ in events if z <= zoom and x0 <= gx * scale <= x0
                     + 256 + 2 * margin and y0 <= gy * scale <= y0 + 256 + 2 * margin)
        assert count == inside, (zoom, tx, ty)
    return len(drawn["tiles"])


def test_every_event_in_view_is_drawn_from_its_leaf(browser: Any, small_leaves: Path) -> None:
    """Tiles below a leaf are not in the archive: the page draws the leaf enlarged, and
    draws nothing (no density) where a tile's deepest ancestor holds density. The events
    in view are exactly those of the archive's leaves of the view's zoom or shallower."""
    events = _events(small_leaves)
    assert len({z for z, *_ in events}) >= 3
    empty = _empty_below_density(small_leaves)
    drawn_from: set[int] = set()
    counted, checked = [], 0
    with serve(small_leaves) as url:
        page, errors = _open(browser, url, VIEWPORTS["desktop"])
        try:
            for lat, lon, zoom in [(49.99, 36.23, 11), (49.99, 36.23, 13), (48.01, 37.80, 12),
                                   (49.99, 36.26, 15), (50.0, 36.2, 17), (16.77, -3.01, 14),
                                   (*empty, 14), (*empty, 16)]:
                _move(page, lat, lon, zoom)
                seen = _in_view(page)
                x0, y0, x1, y1 = seen["bounds"]
                scale = 2.0 ** (zoom + 8 - POSITION_ZOOM - 12)  # world units -> pixels
                expected = sum(1 for z, gx, gy, _ in events if z <= zoom
                               and x0 <= gx * scale <= x1 and y0 <= gy * scale <= y1)
                assert seen["n"] == expected, (lat, lon, zoom)
                counted.append(expected)
                assert max(seen["from"]) <= zoom
                assert set(seen["cells"]) <= {zoom}  # density is never enlarged
                checked += _assert_margins_hold_every_marker(page, events, zoom)
                drawn_from.update(z for z in seen["from"] if z < zoom)
            assert len(drawn_from) >= 2  # leaves of several zooms, enlarged
            assert sum(counted) > 300 and checked > 20
            assert not errors
        finally:
            page.close()


def _near_an_edge(folder: Path) -> tuple[int, float, float, str]:
    """An event 0.1-1.5 pixels left of the right edge of its leaf at the leaf's zoom, away
    from the top and bottom edges: zoom, latitude, longitude and id."""
    for z, gx, gy, properties in _events(folder):
        scale = 2.0 ** (z + 8 - POSITION_ZOOM - 12)
        x, y = gx * scale % 256, gy * scale % 256
        if 254.5 <= x <= 255.9 and 40 <= y <= 216:
            return z, *_latlon(gx, gy), properties["id"]
    raise AssertionError("no event near a tile's edge")


def test_markers_near_a_tile_edge_are_drawn_whole(browser: Any, dense_site: Path) -> None:
    """A marker of one tile that reaches into the next is drawn there too, and a click on
    that part opens its popup: no marker is cut at a tile's edge."""
    zoom, lat, lon, event_id = _near_an_edge(dense_site)
    with serve(dense_site) as url:
        page, errors = _open(browser, url, VIEWPORTS["desktop"])
        try:
            _move(page, lat, lon, zoom)
            across = page.evaluate("""([lat, lon]) => {
                const s = GeomapSite.state, map = s.map, events = s.events, z = map.getZoom();
                const p = map.project([lat, lon], z);
                const tx = Math.floor(p.x / 256), ty = Math.floor(p.y / 256);
                const next = events._tiles[events._tileCoordsToKey({x: tx + 1, y: ty, z: z})].el;
                const r = next._gm.ratio, x = p.x + 2 - (tx + 1) * 256, y = p.y - ty * 256;
                const alpha = next.getContext('2d').getImageData(Math.floor(x * r),
                    Math.floor(y * r), 1, 1).data[3];
                const at = map.latLngToContainerPoint(map.unproject(L.point(p.x + 2, p.y), z));
                return {x: x, alpha: alpha, at: [at.x, at.y]}; }""",
                                   [lat, lon])
            assert 0 < across["x"] < 2 and across["alpha"] > 0
            page.mouse.click(*across["at"])
            page.locator(".leaflet-popup-content .gm-popup").first.wait_for(timeout=60_000)
            assert event_id in page.locator(".leaflet-popup-content").inner_text()
            assert not errors
        finally:
            page.close()


def test_a_dense_town_is_density_at_zoom_14_and_events_below_it(
        browser: Any, tmp_path: Path) -> None:
    """400 events within ~100 m, with tiles of at most 40 events: at zoom 14 the town is
    density squares counting all of them (no markers); at zoom 18 its events are drawn
    from leaves deeper than 14, each event of the view once, and a click opens one's
    popup with its texts."""
    rows = acled_rows(400, seed=21)
    for k, row in enumerate(rows):  # a grid of 20 x 20 spots ~5 m apart around one point
        row[COLUMNS.index("latitude")] = f"{50.0 + (k // 20) * 0.00005:.5f}"
        row[COLUMNS.index("longitude")] = f"{36.2 + (k % 20) * 0.00007:.5f}"
        row[COLUMNS.index("notes")] = f"dense event {k}"
    folder = tmp_path / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tiles_module, "EVENTS_PER_TILE", 40)
        publish_site([write_acled(tmp_path / "dense.csv", rows)], folder,
                     PublishOptions(workers=1))
    events = _events(folder)
    assert len(events) == 400 and min(z for z, *_ in events) > POSITION_ZOOM
    with serve(folder) as url:
        page, errors = _open(browser, url, VIEWPORTS["desktop"])
        try:
            _move(page, 50.0005, 36.2007, POSITION_ZOOM)
            seen = _in_view(page)
            assert seen["dense"] and seen["n"] == 0 and POSITION_ZOOM in seen["cells"]
            assert page.evaluate("() => GeomapSite.state.events.hitCount()") == 0
            _move(page, 50.0005, 36.2007, MAX_ZOOM)
            seen = _in_view(page)
            x0, y0, x1, y1 = seen["bounds"]
            scale = 2.0 ** (MAX_ZOOM + 8 - POSITION_ZOOM - 12)
            expected = sum(1 for _, gx, gy, _ in events
                           if x0 <= gx * scale <= x1 and y0 <= gy * scale <= y1)
            assert seen["n"] == expected > 100 and not seen["dense"]
            assert min(seen["from"]) > POSITION_ZOOM
            page.mouse.click(700, 450)
            page.locator(".leaflet-popup-content .gm-popup").first.wait_for(timeout=60_000)
            assert "dense event" in page.locator(".leaflet-popup-content").inner_text()
            assert not errors
        finally:
            page.close()
