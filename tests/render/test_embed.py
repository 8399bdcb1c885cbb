"""Two map fragments pasted into one host page both render (offline and via a local mirror)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import folium
import pytest
from folium.plugins import MarkerCluster

from geomap.render import assets
from geomap.render.output import render_html
from tests.browser_helpers import open_map
from tests.render.screens import layer_counts, take_screenshot

pytestmark = pytest.mark.browser

HOST = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Host</title>
<style>body {{ font-family: serif; margin: 2em; }} #map {{ color: green; }}</style></head>
<body>
<h1 id="map">Two maps in one article</h1>
<p>First map:</p>
{first}
<p>Second map:</p>
{second}
<p id="after">The end.</p>
</body></html>
"""


def mali_map() -> folium.Map:
    m = folium.Map(location=[16.0, -3.0], zoom_start=5, tiles=None, maxZoom=18)
    cluster = MarkerCluster(name="Mali events").add_to(m)
    for i in range(8):
        folium.CircleMarker([16.0 + i / 5, -3.0 - i / 3], radius=6, color="#b30000",
                            popup=f"Mali {i}").add_to(cluster)
    folium.Polygon([[15, -4], [15, -2], [17, -2]], color="#333366").add_to(m)
    folium.LayerControl().add_to(m)
    return m


def ukraine_map() -> folium.Map:
    m = folium.Map(location=[48.5, 37.5], zoom_start=6, tiles=None, maxZoom=18)
    for i in range(5):
        folium.CircleMarker([48.0 + i / 4, 37.8 - i / 2], radius=8, color="#0033aa",
                            fill=True, popup=f"Donbas {i}").add_to(m)
    folium.Marker([48.9, 37.0], tooltip="Sloviansk").add_to(m)  # Leaflet's default icon
    return m


def check_both_maps(report: Any) -> None:
    assert report.js_errors == []
    assert report.failed_requests == []
    counts = layer_counts(report.page)
    assert counts["maps"] == 2
    assert counts["markers"] >= 2 and counts["broken_images"] == []
    per_map = report.page.evaluate(
        """() => [...document.querySelectorAll('.folium-map')].map(el => ({
            id: el.id, height: el.getBoundingClientRect().height,
            paths: el.querySelectorAll('.leaflet-pane svg path').length,
            clusters: el.querySelectorAll('.marker-cluster').length}))"""
    )
    first, second = per_map
    assert first["id"] != second["id"]
    assert first["height"] == pytest.approx(400) and second["height"] == pytest.approx(400)
    assert first["paths"] >= 1 and first["clusters"] >= 1  # polygon + cluster
    assert second["paths"] == 5  # five circles
    # popups (built with jQuery, which only the first fragment ran) open in the second map
    report.page.locator(f"#{second['id']} .leaflet-overlay-pane path").last.click(force=True)
    popup = report.page.locator(f"#{second['id']} .leaflet-popup-content")
    assert popup.inner_text(timeout=60_000).startswith("Donbas")
    # the host page keeps its own styles: fragments add no page-wide rules
    assert report.page.evaluate("getComputedStyle(document.body).marginTop") == "32px"
    assert report.page.evaluate("getComputedStyle(document.getElementById('map')).position") \
        == "static"


def host_page(path: Path, **options: Any) -> Path:
    first = render_html(mali_map(), fragment=True, fragment_height="400px", **options)
    second = render_html(ukraine_map(), fragment=True, fragment_height="400px", **options)
    path.write_text(HOST.format(first=first, second=second), encoding="utf-8")
    return path


def test_two_offline_fragments_in_one_page(
    browser: Any, tmp_path: Path, screenshot_dir: Path
) -> None:
    report = open_map(browser, host_page(tmp_path / "host.html", offline=True), wait_ms=800)
    try:
        check_both_maps(report)
        # each fragment carries its libraries; the guard runs each one once per page
        assert report.page.evaluate("Object.keys(window.__geomapAssets).sort()") == [
            "jquery", "leaflet_js", "markercluster_js",
        ]
        report.page.set_viewport_size({"width": 1000, "height": 1100})
        stats = take_screenshot(report.page, screenshot_dir / "embed_two_fragments.png")
        assert not stats.is_blank()
    finally:
        report.page.close()


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[str]:
    """A local static server laid out as ``<package>/<file>``, like a self-hosted CDN."""
    root = tmp_path / "mirror"
    assets.export_mirror(root)
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_two_online_fragments_from_a_mirror(browser: Any, tmp_path: Path, mirror: str) -> None:
    report = open_map(browser, host_page(tmp_path / "host.html", cdn_base=mirror), wait_ms=800)
    try:
        check_both_maps(report)
    finally:
        report.page.close()


def geomap_bundle(n: int, lat0: float, lon0: float) -> Any:
    """``n`` events of geomap's bundle format around (lat0, lon0)."""
    import geopandas as gpd
    import pandas as pd

    from geomap.layers.bundle import LayerBundle
    from geomap.model import EVENT_COLUMNS

    frame = pd.DataFrame({column: [None] * n for column in EVENT_COLUMNS})
    frame["event_id"] = [f"E{i}" for i in range(n)]
    frame["event_date"] = pd.to_datetime("2024-03-01") + pd.to_timedelta(range(n), unit="D")
    frame["event_date"] = frame["event_date"].dt.date
    frame["event_type"] = ["Battles", "Protests"] * (n // 2)
    frame["latitude"] = [lat0 + i / 10 for i in range(n)]
    frame["longitude"] = [lon0 - i / 7 for i in range(n)]
    frame["geo_precision"], frame["time_precision"], frame["fatalities"] = 1, 1, 2
    frame["dataset"], frame["admin0_code"], frame["admin1_code"] = "table", "ML", ""
    events = gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["longitude"], frame["latitude"]),
        crs="EPSG:4326",
    )
    return LayerBundle(title=f"{n} events", events=events)


def test_two_geomap_maps_as_fragments(browser: Any, tmp_path: Path, screenshot_dir: Path) -> None:
    render_map = pytest.importorskip("geomap.render.map").render_map
    from geomap.render.options import RenderOptions

    pages = [
        render_html(render_map(geomap_bundle(n, lat, lon), RenderOptions(offline=True)),
                    offline=True, fragment=True,
                    fragment_height="450px")
        for n, lat, lon in ((12, 14.5, -4.2), (8, 48.5, 37.8))
    ]
    host = tmp_path / "host.html"
    host.write_text(HOST.format(first=pages[0], second=pages[1]), encoding="utf-8")
    report = open_map(browser, host, wait_ms=1000)
    try:
        assert report.js_errors == [] and report.failed_requests == []
        drawn = report.page.evaluate(
            """() => [...document.querySelectorAll('.folium-map')].map(
                el => el.querySelectorAll('.leaflet-pane path, .leaflet-pane canvas').length)"""
        )
        assert len(drawn) == 2 and min(drawn) > 0
        report.page.set_viewport_size({"width": 1000, "height": 1150})
        stats = take_screenshot(report.page, screenshot_dir / "embed_two_geomap_maps.png")
        assert not stats.is_blank()
    finally:
        report.page.close()


STICKY_HOST = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Newsroom</title>
<style>body {{ margin: 0; }} header {{ position: sticky; top: 0; height: 60px;
  background: #111; color: #fff; z-index: 1000; }} p {{ margin: 0 0 900px; }}</style></head>
<body><header id="masthead">The paper</header><p>Story.</p>
{fragment}
<p>More of the story.</p></body></html>
"""


def test_a_fragment_stays_under_the_host_pages_sticky_header(browser: Any, tmp_path: Path
                                                             ) -> None:
    # a newsroom's masthead sticks to the top at z-index 1000, as Leaflet's controls do:
    # scrolled under it, the map's title, zoom and layer controls must not cover it
    render_map = pytest.importorskip("geomap.render.map").render_map
    from geomap.render.options import RenderOptions

    fragment = render_html(render_map(geomap_bundle(12, 14.5, -4.2), RenderOptions(offline=True)),
                           offline=True, fragment=True, fragment_height="500px")
    host = tmp_path / "host.html"
    host.write_text(STICKY_HOST.format(fragment=fragment), encoding="utf-8")
    report = open_map(browser, host, wait_ms=800)
    try:
        assert report.js_errors == []
        page = report.page
        page.set_viewport_size({"width": 800, "height": 700})
        covered = []
        for under in (20, 50, 90):  # the map's top this far under the header's top
            page.evaluate(f"""() => window.scrollTo(0, document.querySelector('.geomap-embed')
                .getBoundingClientRect().top + window.scrollY - {under})""")
            page.wait_for_timeout(100)
            covered += page.evaluate("""() => {
                const box = document.getElementById('masthead').getBoundingClientRect();
                const found = [];
                for (let x = 1; x < box.right; x += 10)
                    for (let y = box.top + 1; y < box.bottom; y += 5) {
                        const el = document.elementFromPoint(x, y);
                        if (el && !el.closest('#masthead')) found.push(el.className || el.tagName);
                    }
                return found; }""")
        assert covered == []
    finally:
        report.page.close()
