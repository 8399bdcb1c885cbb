"""An offline map opens in Chromium with every outside host blocked, and draws everything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import folium
import pytest
from folium.plugins import HeatMap, MarkerCluster

from geomap.render.basemap import STYLE, add_basemap
from geomap.render.output import write_html
from tests.browser_helpers import open_map
from tests.render.screens import layer_counts, take_screenshot

pytestmark = pytest.mark.browser

EVENT_RED = (179, 0, 0)


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def sahel_map() -> folium.Map:
    """Mali-centred map (asymmetric: lat 16-17, lon -3..0) on the real basemap."""
    m = folium.Map(location=[16.5, -2.0], zoom_start=5, tiles=None, maxZoom=18)
    add_basemap(m)
    events = folium.FeatureGroup(name="Events").add_to(m)
    for i in range(12):
        folium.CircleMarker(
            [16.27 + i * 0.08, -0.04 - i * 0.25], radius=9, color="#b30000",
            fill=True, fill_color="#b30000", fill_opacity=0.9,
            popup=folium.Popup(f"<b>Event {i}</b> <a href='https://acleddata.com'>ACLED</a>"),
        ).add_to(events)
    cluster = MarkerCluster(name="Cluster").add_to(m)
    for i in range(30):
        folium.Marker([14.0 + i * 0.01, -5.0 + i * 0.02]).add_to(cluster)
    folium.Marker([17.0, -3.0], tooltip="Timbuktu").add_to(m)
    folium.Marker([15.0, 1.0], icon=folium.Icon(prefix="fa", icon="flag", color="red")).add_to(m)
    folium.Marker([12.6, -8.0], icon=folium.Icon(), tooltip="Bamako").add_to(m)  # glyphicon
    HeatMap([[13.5, 2.1, 1.0], [13.6, 2.2, 2.0]], name="Heat").add_to(m)
    folium.LayerControl().add_to(m)
    return m


def test_offline_map_needs_no_network(
    browser: Any, tmp_path: Path, screenshot_dir: Path
) -> None:
    html = write_html(sahel_map(), tmp_path / "offline.html", offline=True)
    report = open_map(browser, html, wait_ms=800)
    try:
        assert report.failed_requests == []
        assert report.js_errors == []
        assert report.console_errors == []
        counts = layer_counts(report.page)
        assert counts["maps"] == 1
        assert counts["paths"] >= 100 + 12  # basemap countries + event circles
        assert counts["clusters"] >= 1
        assert counts["canvases"] >= 1  # heat map
        assert counts["markers"] >= 2
        assert counts["broken_images"] == []
        awesome = report.page.evaluate(
            """async () => {
                await document.fonts.ready;
                const el = document.querySelector('.awesome-marker');
                const loaded = (name) => [...document.fonts].some(
                    f => f.family.includes(name) && f.status === "loaded");
                return [getComputedStyle(el).backgroundImage.slice(0, 16),
                        loaded("Font Awesome 6 Free"), loaded("Glyphicons Halflings")];
            }"""
        )
        assert awesome == ['url("data:image/', True, True]
        stats = take_screenshot(report.page, screenshot_dir / "offline_map.png")
        assert not stats.is_blank()
        assert stats.fraction_near(hex_rgb(STYLE["land"]), 4) > 0.10
        assert stats.fraction_near(hex_rgb(STYLE["sea"]), 4) > 0.02
        assert stats.fraction_near(EVENT_RED, 30) > 0.001
    finally:
        report.page.close()


def test_default_marker_icon_is_inlined(browser: Any, tmp_path: Path) -> None:
    m = folium.Map(location=[16.5, -2.0], zoom_start=6, tiles=None, maxZoom=18)
    folium.Marker([16.5, -2.0]).add_to(m)
    report = open_map(browser, write_html(m, tmp_path / "marker.html", offline=True))
    try:
        src = report.page.eval_on_selector(".leaflet-marker-icon", "img => img.src")
        width = report.page.eval_on_selector(".leaflet-marker-icon", "img => img.naturalWidth")
        assert src.startswith("data:image/png;base64,")
        assert width == 25
        assert report.failed_requests == []
    finally:
        report.page.close()
