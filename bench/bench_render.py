"""Benchmark: HTML bytes per event and browser time-to-render, geomap vs folium's plain ways.

For each size N (1k, 10k, 100k; 1M with ``--million``) and each approach, the script builds
a map of N synthetic events, writes it (online page for the byte count, offline page for
the browser so no CDN is needed), opens it in headless Chromium (Debian's, every outside
host blocked) and measures the time from navigation start until the map's layers exist
(an SVG path, a canvas or a marker in a Leaflet pane), within a time budget.

Approaches: ``markers`` (one folium.Marker per event), ``marker_cluster`` (MarkerCluster of
Markers), ``fast_marker_cluster`` (FastMarkerCluster), ``geojson_canvas`` (one GeoJSON
layer of circle markers on a canvas renderer) and ``geomap`` (``render_map`` from
``geomap.render.map``; skipped with a note while it does not exist).

Usage::

    python bench/bench_render.py                       # 1k, 10k, 100k
    python bench/bench_render.py --million             # also 1M
    python bench/bench_render.py --sizes 1000 --approaches geomap,geojson_canvas

Results go to ``bench/results/render.json`` (git-ignored) and a table on stdout.

Measured 2026-11-28 on the project machine (2 shared cores, Debian Chromium, folium 0.20;
"B/event" is (HTML of N events - HTML of 1 event) / N of the online page, no popups for
the folium approaches; "render s" is navigation start to first painted layer, basemap
excluded; build s includes writing the online and the offline page)::

    approach                     N   B/event  HTML MB  build s  render s
    markers                  1,000     156.3      0.2     1.31      0.72
    marker_cluster           1,000     167.2      0.2     1.0       0.2
    fast_marker_cluster      1,000      19.5      0.0     0.02      0.21
    geojson_canvas           1,000     110.4      0.1     0.07      0.2
    geomap                   1,000      53.2      0.5     2.43      0.74
    markers                 10,000     157.4      1.6     5.21     51.19
    marker_cluster          10,000     168.4      1.7    37.03      0.83
    fast_marker_cluster     10,000      19.5      0.2     1.16      0.75
    geojson_canvas          10,000     110.5      1.1     2.69      0.49
    geomap                  10,000      52.7      1.0     1.22      0.91
    markers                100,000         -        -        -         -  skipped (limit)
    marker_cluster         100,000     169.4     16.9   190.18     10.28
    fast_marker_cluster    100,000      19.5      2.0     2.57      8.26
    geojson_canvas         100,000     110.5     11.1    11.67      2.62
    geomap                 100,000      53.6      5.8     6.08      1.3
    fast_marker_cluster  1,000,000      19.5     19.5    19.28         -  no layer in 60 s
    geomap               1,000,000      54.6     55.0    134.2      1.64

geomap's rows carry popups' data, the time filter and its vector basemap (~0.4 MB, the
fixed part of the 1k page); geomap at 1M was measured with its code of that hour.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geomap.render.output import render_html  # noqa: E402

log = logging.getLogger("bench_render")

EVENT_TYPES = (
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
    "Riots", "Strategic developments",
)
# a layer drawn means: an SVG path, a canvas or a marker in a Leaflet pane, not counting
# geomap's vector basemap (a background, not a layer)
LAYERS_EXIST = """() => {
  const basemap = document.querySelector('.leaflet-geomapBasemap-pane');
  const drawn = document.querySelectorAll(
    '.leaflet-map-pane path, .leaflet-map-pane canvas, .leaflet-marker-pane > *');
  return [...drawn].some(el => !(basemap && basemap.contains(el)));
}"""
# Python-object approaches: above these sizes building them alone takes minutes
DEFAULT_LIMITS = {"markers": 10_000, "marker_cluster": 10_000}


@dataclass
class Result:
    approach: str
    n: int
    status: str  # ok | timeout | skipped | error
    build_s: float | None = None
    html_bytes: int | None = None
    bytes_per_event: float | None = None  # (HTML - the same map with one event) / N
    offline_bytes: int | None = None
    render_s: float | None = None
    note: str = ""


def synthetic_events(n: int, seed: int = 7) -> dict[str, np.ndarray]:
    """N events over the Sahel and Ukraine (asymmetric boxes), two years of dates."""
    rng = np.random.default_rng(seed)
    sahel = rng.random(n) < 0.6
    lat = np.where(sahel, rng.uniform(11.0, 20.0, n), rng.uniform(46.0, 51.5, n))
    lon = np.where(sahel, rng.uniform(-6.0, 4.0, n), rng.uniform(30.0, 39.5, n))
    return {
        "lat": np.round(lat, 4),
        "lon": np.round(lon, 4),
        "type": rng.integers(0, len(EVENT_TYPES), n),
        "day": rng.integers(0, 730, n),
        "fatalities": rng.poisson(1.5, n),
        "precision": rng.choice([1, 1, 1, 2, 3, 4, 6], n),
    }


def base_map(**kwargs: Any) -> Any:
    import folium

    return folium.Map(location=[30.0, 15.0], zoom_start=3, tiles=None, maxZoom=18, **kwargs)


def build_markers(ev: dict[str, np.ndarray]) -> Any:
    import folium

    m = base_map()
    for lat, lon in zip(ev["lat"], ev["lon"], strict=True):
        folium.Marker([float(lat), float(lon)]).add_to(m)
    return m


def build_marker_cluster(ev: dict[str, np.ndarray]) -> Any:
    import folium
    from folium.plugins import MarkerCluster

    m = base_map()
    cluster = MarkerCluster().add_to(m)
    for lat, lon in zip(ev["lat"], ev["lon"], strict=True):
        folium.Marker([float(lat), float(lon)]).add_to(cluster)
    return m


def build_fast_marker_cluster(ev: dict[str, np.ndarray]) -> Any:
    from folium.plugins import FastMarkerCluster

    m = base_map()
    FastMarkerCluster(np.column_stack([ev["lat"], ev["lon"]]).tolist()).add_to(m)
    return m


def build_geojson_canvas(ev: dict[str, np.ndarray]) -> Any:
    import folium

    m = base_map(prefer_canvas=True)
    features = [
        {"type": "Feature", "properties": {"t": int(t)},
         "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]}}
        for lat, lon, t in zip(ev["lat"], ev["lon"], ev["type"], strict=True)
    ]
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        marker=folium.CircleMarker(radius=3, fill=True, weight=0.5),
    ).add_to(m)
    return m


def geomap_bundle(ev: dict[str, np.ndarray]) -> Any:
    """A LayerBundle of the synthetic events (hook for geomap's renderer)."""
    import geopandas as gpd
    import pandas as pd

    from geomap.layers.bundle import LayerBundle
    from geomap.model import EVENT_COLUMNS

    n = len(ev["lat"])
    start = date(2023, 1, 1)
    frame = pd.DataFrame({column: [None] * n for column in EVENT_COLUMNS})
    frame["event_id"] = [f"E{i}" for i in range(n)]
    frame["event_date"] = [start + timedelta(days=int(d)) for d in ev["day"]]
    frame["event_type"] = [EVENT_TYPES[int(t)] for t in ev["type"]]
    frame["latitude"], frame["longitude"] = ev["lat"], ev["lon"]
    frame["geo_precision"], frame["time_precision"] = ev["precision"], 1
    frame["fatalities"] = ev["fatalities"]
    frame["actor1"] = "Actor " + pd.Series(ev["type"] % 4).astype(str)
    frame["location"] = "Place " + pd.Series((ev["lat"] * 10).astype(int)).astype(str)
    frame["dataset"] = "table"
    frame["admin0_code"] = np.where(ev["lat"] < 30, "ML", "UA")
    frame["admin1_code"] = ""
    events = gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(ev["lon"], ev["lat"]), crs="EPSG:4326"
    )
    return LayerBundle(title=f"{n} synthetic events", events=events)


def build_geomap(ev: dict[str, np.ndarray]) -> Any:
    """geomap's renderer, tiles off (as offline maps are: it then adds its vector basemap)."""
    from geomap.render.map import render_map  # raises ImportError until it exists
    from geomap.render.options import RenderOptions

    return render_map(geomap_bundle(ev), RenderOptions(tiles=None))


BUILDERS: dict[str, Callable[[dict[str, np.ndarray]], Any]] = {
    "markers": build_markers,
    "marker_cluster": build_marker_cluster,
    "fast_marker_cluster": build_fast_marker_cluster,
    "geojson_canvas": build_geojson_canvas,
    "geomap": build_geomap,
}


def time_to_render(browser: Any, page_path: Path, budget_s: float) -> float | None:
    """Seconds from navigation start until a layer exists; ``None`` past the budget."""
    page = browser.new_page()
    try:
        page.goto(page_path.as_uri(), wait_until="commit", timeout=budget_s * 1000)
        page.wait_for_function(LAYERS_EXIST, polling="raf", timeout=budget_s * 1000)
        # two frames: the layer has been painted, not only inserted
        millis = page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame("
            "() => r(performance.now()))))"
        )
        return float(millis) / 1000.0
    except Exception as err:  # playwright's TimeoutError
        if "Timeout" in type(err).__name__ or "Timeout" in str(err):
            return None
        raise
    finally:
        page.close()


def measure(approach: str, ev: dict[str, np.ndarray], browser: Any, workdir: Path,
            budget_s: float) -> Result:
    n = len(ev["lat"])
    started = time.perf_counter()
    try:
        fmap = BUILDERS[approach](ev)
        online = render_html(fmap)
        offline = render_html(fmap, offline=True)
    except ImportError as err:
        return Result(approach, n, "skipped", note=f"not available: {err}")
    build_s = time.perf_counter() - started
    result = Result(approach, n, "ok", build_s=round(build_s, 2),
                    html_bytes=len(online.encode()), offline_bytes=len(offline.encode()))
    fixed = len(render_html(BUILDERS[approach](synthetic_events(1))).encode())
    result.bytes_per_event = round((len(online.encode()) - fixed) / n, 1)
    page_path = workdir / f"{approach}_{n}.html"
    page_path.write_text(offline, encoding="utf-8")
    del fmap, online, offline
    seconds = time_to_render(browser, page_path, budget_s)
    page_path.unlink()
    if seconds is None:
        result.status, result.note = "timeout", f"no layer within {budget_s:.0f} s"
    else:
        result.render_s = round(seconds, 2)
    return result


def run(sizes: list[int], approaches: list[str], budget_s: float,
        limits: dict[str, int]) -> list[Result]:
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM_ARGS, chromium_path

    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            str(Path(tmp) / "profile"), executable_path=chromium_path(), headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 800},
        )
        for n in sizes:
            ev = synthetic_events(n)
            for approach in approaches:
                if n > limits.get(approach, n):
                    results.append(Result(approach, n, "skipped",
                                          note=f"over --limit {limits[approach]}"))
                else:
                    results.append(measure(approach, ev, browser, Path(tmp), budget_s))
                log.info("%s", results[-1])
        browser.close()
    return results


def table(results: list[Result]) -> str:
    head = f"{'approach':<20} {'N':>9} {'B/event':>9} {'HTML MB':>8} {'build s':>8} " \
           f"{'render s':>9}  note"
    lines = [head, "-" * len(head)]
    for r in results:
        mb = f"{r.html_bytes / 1e6:.1f}" if r.html_bytes else "-"
        lines.append(
            f"{r.approach:<20} {r.n:>9,} {r.bytes_per_event or '-':>9} {mb:>8} "
            f"{r.build_s if r.build_s is not None else '-':>8} "
            f"{r.render_s if r.render_s is not None else '-':>9}  {r.status} {r.note}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--million", action="store_true", help="add N = 1,000,000")
    parser.add_argument("--approaches", default=",".join(BUILDERS))
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per page")
    parser.add_argument("--limit", action="append", default=[], metavar="APPROACH=N",
                        help="largest N for an approach (default markers=10000, "
                             "marker_cluster=10000)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "render.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    sizes = [int(s) for s in args.sizes.split(",")] + ([1_000_000] if args.million else [])
    limits = dict(DEFAULT_LIMITS)
    for item in args.limit:
        name, _, value = item.partition("=")
        limits[name] = int(value)
    results = run(sizes, args.approaches.split(","), args.budget, limits)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps([asdict(r) for r in results], indent=1), encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
