"""Peers of geomap's map pages: lonboard (GeoArrow -> deck.gl) and kepler.gl's HTML export.

Each peer gets the same events (coordinates, event type, fatalities, date) and writes
its standalone HTML page the documented way:

* lonboard: ``ScatterplotLayer.from_geopandas(...)`` in a ``Map``, ``Map.to_html()``;
* kepler.gl: ``KeplerGl().save_to_html(data={"events": frame})``.

Measured: build seconds, bytes per event ((HTML(N) - HTML(1)) / N) and, in the same
headless Chromium as geomap's pages (every outside host blocked), the time until the
page has drawn its WebGL canvas. Both pages load their JavaScript from CDNs when they
are opened (lonboard: require.js and the Jupyter widget manager from jsdelivr/cdnjs;
kepler.gl: kepler.gl, React and their dependencies from unpkg and esm.sh); without a
network they cannot draw, and the table says so with the hosts they need instead of a
number. ``remote_scripts`` lists them.

Both peers are optional: when one is not installed (``pip install lonboard keplergl``),
its rows say "not installed".
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PEERS = ("lonboard", "kepler.gl")
#: A drawn deck.gl / kepler.gl map: a WebGL canvas with a size.
CANVAS_DRAWN = """() => [...document.querySelectorAll('canvas')].some(
    c => c.width > 100 && c.height > 100)"""
_URL = re.compile(r"""(?<=["'])https?://([^/"'\\\s]+)(/[^"'\\\s?]*)?""")  # quoted URLs


@dataclass
class PeerResult:
    """One peer at one N."""

    peer: str
    n: int
    build_s: float | None = None
    bytes_per_event: float | None = None
    render_s: float | None = None
    note: str = ""


def _frame(frame: Any) -> Any:
    """The columns every peer gets."""
    import pandas as pd

    return pd.DataFrame({
        "latitude": frame["latitude"].astype(float), "longitude": frame["longitude"].astype(float),
        "event_type": frame["event_type"].astype(str),
        "fatalities": pd.to_numeric(frame["fatalities"], errors="coerce").fillna(0).astype(int),
        "event_date": frame["event_date"].astype(str)})


def write_lonboard(frame: Any, path: Path) -> Path:
    """lonboard's standalone HTML of the events as a scatterplot layer."""
    import geopandas as gpd
    from lonboard import Map, ScatterplotLayer

    table = _frame(frame)
    points = gpd.GeoDataFrame(table.drop(columns=["latitude", "longitude"]),
                              geometry=gpd.points_from_xy(table["longitude"], table["latitude"]),
                              crs="EPSG:4326")
    layer = ScatterplotLayer.from_geopandas(points, get_radius=300, radius_min_pixels=2)
    Map(layer).to_html(str(path))
    return path


def write_kepler(frame: Any, path: Path) -> Path:
    """kepler.gl's standalone HTML export of the events."""
    from keplergl import KeplerGl

    KeplerGl().save_to_html(data={"events": _frame(frame)}, file_name=str(path))
    return path


WRITERS = {"lonboard": write_lonboard, "kepler.gl": write_kepler}


def remote_scripts(html: str) -> list[str]:
    """Hosts of the scripts and stylesheets a page fetches when it opens."""
    hosts = {host for host, path in _URL.findall(html)
             if path.endswith((".js", ".mjs", ".css")) or host == "esm.sh"}
    return sorted(hosts)


def measure(peer: str, frame: Any, browser: Any, workdir: Path, budget_s: float) -> PeerResult:
    """Build the peer's page for ``frame``, its bytes per event and its time to draw."""
    n = len(frame)
    writer = WRITERS[peer]
    page = workdir / f"{peer}_{n}.html"
    try:
        start = time.perf_counter()
        writer(frame, page)
        build_s = time.perf_counter() - start
        one = writer(frame.head(1), workdir / f"{peer}_1.html")
    except ImportError as err:
        package = peer.replace(".gl", "gl")
        return PeerResult(peer, n, note=f"not installed ({err.name}): pip install {package}")
    result = PeerResult(peer, n, build_s=build_s,
                        bytes_per_event=(page.stat().st_size - one.stat().st_size) / n)
    result.render_s = _time_to_draw(browser, page, budget_s)
    if result.render_s is None:
        hosts = remote_scripts(page.read_text(encoding="utf-8", errors="replace"))
        result.note = (f"no map drawn within {budget_s:.0f} s offline: the page loads its "
                       f"scripts from {', '.join(hosts) or 'outside hosts'}")
    page.unlink()
    one.unlink()
    return result


def _time_to_draw(browser: Any, page_path: Path, budget_s: float) -> float | None:
    from playwright.sync_api import Error as PlaywrightError

    page = browser.new_page()
    try:
        start = time.perf_counter()
        page.goto(page_path.resolve().as_uri(), wait_until="load",
                  timeout=int(budget_s * 1000))
        page.wait_for_function(CANVAS_DRAWN, timeout=int(budget_s * 1000))
        return time.perf_counter() - start
    except PlaywrightError:  # a timeout: the page never drew
        return None
    finally:
        page.close()
