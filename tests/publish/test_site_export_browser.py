"""The published site's export of the events in view, in Chromium through a 127.0.0.1
server: GeoJSON with the single page's properties (the same events as the CSV, the
filters followed) and a PNG of the view drawn from the map's own layers."""

from __future__ import annotations

import csv
import json
import struct
from pathlib import Path
from typing import Any

import pytest

from tests.publish.conftest import HOSTILE
from tests.publish.test_site_browser import VIEWPORTS, opened
from tests.publish.test_site_table_browser import _events_zoom, _open_table
from tests.static_server import serve

pytestmark = pytest.mark.browser
EXPORT = "[data-geomap-control=table] [data-geomap-control=export-view]"
#: The single page's export fields (workbench.js), latitude and longitude as the point,
#: and the event's dataset (957f38b: a site lists its sources; source_file only where a
#: dataset comes in several files, not here).
PROPERTIES = ["event_id", "event_date", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
              "actor2", "assoc_actor_2", "fatalities", "place", "geo_precision",
              "time_precision", "notes", "source_url", "dataset"]


def _download(page: Any, button: str, tmp_path: Path) -> Path:
    with page.expect_download(timeout=60_000) as info:
        page.locator(f"{EXPORT} {button}").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def _source(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["event_id_cnty"]: row for row in csv.DictReader(handle)}


def test_geojson_of_the_events_in_view_is_the_csv_as_points(
        browser: Any, published_site: Path, acled_file: Path, tmp_path: Path) -> None:
    source = _source(acled_file)
    with serve(published_site) as url, opened(browser, url, VIEWPORTS["desktop"]) as page:
        _events_zoom(page, published_site)
        _open_table(page)
        n = page.evaluate("() => GeomapSite.state.events.eventsInView(false).n")
        target = _download(page, ".gm-export-geojson", tmp_path)
        assert target.name.endswith("-view.geojson")
        collection = json.loads(target.read_text(encoding="utf-8"))
        assert collection["type"] == "FeatureCollection"
        features = collection["features"]
        assert len(features) == n > 25
        assert page.locator(f"{EXPORT} .gm-export-status").inner_text() == f"{n:,} events written"
        with _download(page, ".gm-export-csv", tmp_path).open(encoding="utf-8-sig") as handle:
            rows = {row["event_id"]: row for row in csv.DictReader(handle)}
        south, west, north, east = page.evaluate("""() => {
            const b = GeomapSite.state.map.getBounds();
            return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }""")
        for feature in features:  # the CSV's rows as points, with the data's own text
            props, (lon, lat) = feature["properties"], feature["geometry"]["coordinates"]
            assert feature["geometry"]["type"] == "Point" and list(props) == PROPERTIES
            row, event = rows[props["event_id"]], source[props["event_id"]]
            assert (f"{lat:g}", f"{lon:g}") == (f"{float(row['latitude']):g}",
                                                f"{float(row['longitude']):g}")
            assert south <= lat <= north and west <= lon <= east
            assert abs(lat - float(event["latitude"])) < 1e-3  # not swapped
            assert abs(lon - float(event["longitude"])) < 1e-3
            assert props["notes"] == event["notes"] and props["actor1"] == event["actor1"]
            assert props["sub_event_type"] == event["sub_event_type"]
            assert props["fatalities"] == int(event["fatalities"])
        assert len(rows) == len(features)
        assert HOSTILE in {f["properties"]["notes"] for f in features}
        # the type toggles and the fatality minimum choose what is written
        page.locator(".gm-legend-type").first.click()  # hide Battles
        page.locator(".gm-fatalities-input").fill("2")
        page.wait_for_function("""n => GeomapSite.state.events.eventsInView(false).n < n""", arg=n)
        kept = json.loads(_download(page, ".gm-export-geojson", tmp_path).read_text("utf-8"))
        props = [f["properties"] for f in kept["features"]]
        assert 0 < len(props) < n
        assert all(p["event_type"] != "Battles" and p["fatalities"] >= 2 for p in props)
        assert page.evaluate("() => window.__pwned") is None


def _colours(page: Any, data: bytes) -> dict[str, Any]:
    """Whether the PNG ``data`` holds the basemap's land and sea and the markers' colours
    (decoded by the browser), and how many colours it has."""
    return page.evaluate("""async ([bytes, wanted]) => {
        const img = await createImageBitmap(new Blob([new Uint8Array(bytes)], {type: 'image/png'}));
        const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
        const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
        const px = ctx.getImageData(0, 0, c.width, c.height).data, seen = new Set();
        for (let i = 0; i < px.length; i += 4) {
            seen.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
        }
        const has = hex => {
            const v = parseInt(hex.slice(1), 16), rgb = [v >> 16, (v >> 8) & 255, v & 255];
            return [...seen].some(k => Math.abs((k >> 16) - rgb[0]) < 4
                && Math.abs(((k >> 8) & 255) - rgb[1]) < 4 && Math.abs((k & 255) - rgb[2]) < 4); };
        const out = {distinct: seen.size};
        for (const [key, hex] of Object.entries(wanted)) { out[key] = has(hex); }
        return out; }""", [list(data), page.evaluate("""() => {
            const m = GeomapSite.state.site.meta, out = {land: m.basemap.land, sea: m.basemap.sea};
            m.styles.event_types.forEach((t, k) => { out['type' + k] = t.color; });
            return out; }""")])


@pytest.mark.parametrize("name", VIEWPORTS)
def test_png_of_the_view_draws_basemap_and_markers(
        browser: Any, published_site: Path, tmp_path: Path, screenshot_dir: Path,
        name: str) -> None:
    with serve(published_site) as url, opened(browser, url, VIEWPORTS[name]) as page:
        _events_zoom(page, published_site)
        assert page.evaluate("() => GeomapSite.state.events.eventsInView(false).n") > 0
        _open_table(page)
        data = _download(page, ".gm-export-png", tmp_path).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        size, ratio = page.evaluate("() => [GeomapSite.state.map.getSize(), devicePixelRatio]")
        assert width == round(size["x"] * ratio) and height > size["y"] * ratio  # + caption
        (screenshot_dir / f"publish-{name}-view.png").write_bytes(data)
        colours = _colours(page, data)
        assert colours["land"] and colours["distinct"] > 50
        assert any(colours[f"type{k}"] for k in range(6))  # markers' fill
        assert page.locator(f"{EXPORT} .gm-export-status").inner_text() == "Image written"
