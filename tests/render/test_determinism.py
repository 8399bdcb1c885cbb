"""The same map gives byte-identical HTML, across processes; different maps never share ids."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import folium
import pytest
from folium.plugins import MarkerCluster

from geomap.errors import ConfigError
from geomap.render.output import render_html

BUILD = textwrap.dedent(
    """
    import hashlib, sys
    import folium
    from folium.plugins import MarkerCluster
    from geomap.render.output import render_html
    m = folium.Map(location=[14.5, -4.2], zoom_start=6, tiles=None, maxZoom=18)
    cluster = MarkerCluster(name="events").add_to(m)
    for i in range(5):
        folium.CircleMarker([14.5 + i / 10, -4.2 - i / 7], radius=4,
                            popup=f"event {i}").add_to(cluster)
    folium.GeoJson({"type": "Polygon", "coordinates": [[[-4, 14], [-3, 14], [-3, 15], [-4, 14]]]},
                   name="area", tooltip="area").add_to(m)
    folium.LayerControl().add_to(m)
    for flags in ({}, {"offline": True}, {"fragment": True}):
        page = render_html(m, **flags)
        sys.stdout.write(hashlib.sha256(page.encode()).hexdigest() + "\\n")
    """
)


def run_in_fresh_process() -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", BUILD], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.split()


def two_maps() -> tuple[folium.Map, folium.Map]:
    first = folium.Map(location=[14.5, -4.2], tiles=None, maxZoom=18)
    folium.CircleMarker([14.5, -4.2]).add_to(first)
    second = folium.Map(location=[48.5, 31.2], tiles=None, maxZoom=18)
    folium.CircleMarker([48.5, 31.2]).add_to(second)
    return first, second


def ids_in(page: str) -> set[str]:
    """Element ids and element variables (``kind_prefix_n``; a fragment's other variables are
    local to its own function)."""
    return set(re.findall(r'id="([^"]+)"', page)) | set(re.findall(r"\bvar (\w+_\d+)\b", page))


def test_same_map_same_bytes_in_two_processes() -> None:
    first, second = run_in_fresh_process(), run_in_fresh_process()
    assert len(first) == 3
    assert first == second


def test_no_random_ids_left() -> None:
    m = folium.Map(tiles=None, maxZoom=18)
    cluster = MarkerCluster().add_to(m)
    folium.Marker([14.5, -4.2], popup="p", tooltip="t").add_to(cluster)
    page = render_html(m)
    assert not re.search(r"_[0-9a-f]{32}\b", page)


def test_different_maps_get_distinct_ids() -> None:
    first, second = (render_html(m, fragment=True) for m in two_maps())
    shared = ids_in(first) & ids_in(second)
    assert not shared


def test_explicit_prefix_is_used_and_checked() -> None:
    m, _ = two_maps()
    page = render_html(m, id_prefix="mali")
    assert 'id="map_mali_1"' in page
    with pytest.raises(ConfigError, match="id prefix"):
        render_html(m, id_prefix="bad prefix")


def test_same_map_same_bytes_in_one_process() -> None:
    a, _ = two_maps()
    b, _ = two_maps()
    digest = {hashlib.sha256(render_html(m).encode()).hexdigest() for m in (a, b)}
    assert len(digest) == 1


GEOMAP_BUILD = textwrap.dedent(
    """
    import hashlib, sys
    from geomap.render.map import render_map
    from geomap.render.options import RenderOptions
    from geomap.render.output import render_html
    from tests.render.test_embed import geomap_bundle
    m = render_map(geomap_bundle(10, 14.5, -4.2), RenderOptions(offline=True))
    for flags in ({}, {"offline": True}, {"fragment": True}):
        page = render_html(m, **flags)
        sys.stdout.write(hashlib.sha256(page.encode()).hexdigest() + "\\n")
    """
)


@pytest.mark.slow
def test_geomap_map_same_bytes_in_two_processes() -> None:
    pytest.importorskip("geomap.render.map")
    repo = Path(__file__).resolve().parents[2]
    runs = [
        subprocess.run([sys.executable, "-c", GEOMAP_BUILD], capture_output=True, text=True,
                       check=True, timeout=180, cwd=repo).stdout.split()
        for _ in range(2)
    ]
    assert len(runs[0]) == 3
    assert runs[0] == runs[1]
