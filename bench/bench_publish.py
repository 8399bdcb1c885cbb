"""``geomap publish`` at scale: build time and memory, then the site in headless Chromium.

Usage::

    python bench/bench_publish.py -n 10000000 --workdir /tmp/pub10m      # CSV made once
    python bench/bench_publish.py -n 1000000 --workdir /tmp/pub1m --scheduler local

Steps, in one run (the machine may be shared: the load average is recorded before and
after every step, and the build is compared with plain work on the same file):

1. the synthetic ACLED CSV (``bench/synth.py``, written 1M rows at a time with unique
   event ids) unless it exists;
2. ``geomap publish CSV -o SITE`` under ``/usr/bin/time -v``: wall time, CPU, peak RSS;
3. the plain work on the same file right after: ``pandas.read_csv`` in chunks of 1M rows
   (parsing only) -- the ratio is load-independent;
4. the site served by ``tests/static_server.py`` (HTTP range requests, 127.0.0.1) in
   Debian Chromium (flags of ``tests/conftest.py``): first view until interactive
   (province choropleth drawn, tiles in view drawn, time sliders present), three fresh
   loads; then a fixed pan/zoom path down to single events in the densest town and back,
   each move timed until every tile in view is drawn; then time-filter steps.

Writes ``bench/results/publish-<n>.json`` and prints a summary.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import synth  # noqa: E402

CHUNK = 1_000_000
#: (what, lat, lon, zoom): the pan/zoom path, from the opening view to single events in
#: the densest place of the synthetic data (Kharkiv), down to the map's deepest zoom (18;
#: "deepest tiles" is zoom 14, the deepest tiles before 2026-12-06), and back out.
MOVES = [
    ("zoom to Ukraine", 49.0, 32.0, 6),
    ("zoom to Kharkiv region", 49.9, 36.3, 8),
    ("pan east", 49.9, 37.6, 8),
    ("zoom in", 49.99, 36.25, 10),
    ("zoom to single events", 49.99, 36.23, 12),
    ("pan", 50.03, 36.33, 12),
    ("deepest tiles", 49.995, 36.235, 14),
    ("street level", 49.995, 36.235, 16),
    ("deepest zoom", 49.995, 36.235, 18),
    ("zoom out", 49.9, 36.3, 9),
    ("to the Sahel", 14.0, -1.5, 7),
    ("Ouagadougou events", 12.37, -1.52, 11),
    ("world", 30.0, 15.0, 3),
]


def write_csv(path: Path, n: int) -> Path:
    """``n`` synthetic ACLED rows written ``CHUNK`` at a time (event ids kept unique)."""
    import numpy as np

    with path.open("w", encoding="utf-8", newline="") as handle:
        for k, start in enumerate(range(0, n, CHUNK)):
            frame = synth.acled_frame(min(CHUNK, n - start), seed=42 + k)
            prefix = frame["event_id_cnty"].str.replace(r"\d+$", "", regex=True)
            frame["event_id_cnty"] = prefix + (np.arange(len(frame)) + 1 + start).astype(str)
            frame.to_csv(handle, index=False, header=k == 0)
    return path


def timed_publish(csv: Path, site: Path, scheduler: str | None) -> dict[str, Any]:
    """``geomap publish`` under ``/usr/bin/time -v``: wall, CPU and peak memory."""
    geomap = Path(sys.executable).with_name("geomap")  # the console script of this environment
    command = ["/usr/bin/time", "-v", str(geomap), "publish", str(csv),
               "-o", str(site), "--title", f"{csv.stem} (synthetic)"]
    if scheduler:
        command += ["--scheduler", scheduler, "--memory-limit", "2GiB"]
    load = os.getloadavg()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as process:
        peak, largest, samples = _watch_memory(process)
        stdout, stderr = process.communicate()
    if process.returncode:
        raise SystemExit(stdout + stderr[-3000:])
    stats = _time_v(stderr)
    stats.update(load_before=load, load_after=os.getloadavg(), output=stdout.strip(),
                 tree_peak_rss_gb=peak, largest_process_rss_gb=largest, load_during=samples)
    return stats


def _watch_memory(process: subprocess.Popen[str]) -> tuple[float, float, list[float]]:
    """Peaks of the summed RSS of the process and all its children (worker processes) and
    of the largest one, sampled every 0.5 s; the 1-minute load average every 30 s."""
    import psutil

    root, peak, largest, loads, last = psutil.Process(process.pid), 0.0, 0.0, [], 0.0
    while process.poll() is None:
        try:
            sizes = [p.memory_info().rss for p in [root, *root.children(recursive=True)]]
        except psutil.Error:
            sizes = [0]
        peak = max(peak, sum(sizes) / 2**30)
        largest = max(largest, max(sizes) / 2**30)
        if time.monotonic() - last >= 30:
            loads.append(os.getloadavg()[0])
            last = time.monotonic()
        time.sleep(0.5)
    return peak, largest, loads


def _time_v(text: str) -> dict[str, Any]:
    def field(name: str) -> str:
        found = re.search(rf"{re.escape(name)}: (.+)", text)
        return found.group(1).strip() if found else "0"

    clock = [float(p) for p in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")]
    wall = sum(value * 60**i for i, value in enumerate(reversed(clock)))
    return {"wall_s": wall, "cpu_s": float(field("User time (seconds)"))
            + float(field("System time (seconds)")),
            "max_rss_gb": int(field("Maximum resident set size (kbytes)")) / 2**20}


def plain_read(csv: Path) -> dict[str, Any]:
    """The plain work on the same file: ``pandas.read_csv`` in chunks (parse only)."""
    import pandas as pd

    load = os.getloadavg()
    start = time.perf_counter()
    rows = sum(len(chunk) for chunk in pd.read_csv(csv, chunksize=CHUNK))
    return {"wall_s": time.perf_counter() - start, "rows": rows, "load_before": load,
            "load_after": os.getloadavg()}


def browse(site: Path, loads: int = 3) -> dict[str, Any]:
    """First view, pan/zoom path and time-filter steps in headless Chromium."""
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM_ARGS, chromium_path
    from tests.static_server import serve

    results: dict[str, Any] = {"load_before": os.getloadavg()}
    with serve(site) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), headless=True,
                                     args=CHROMIUM_ARGS)
        results["first_view_s"] = [_first_view(browser, url) for _ in range(loads)]
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        received: list[int] = []  # bytes of each response (range requests of tiles)
        page.on("response", lambda r: received.append(int(r.headers.get("content-length", 0))))
        page.goto(url + "index.html")
        page.wait_for_selector("html[data-geomap-ready]", timeout=120_000)
        results["first_view_bytes"] = sum(received)
        results["moves"] = [_move(page, *move, received=received) for move in MOVES]
        results["time_filter_s"] = _time_steps(page)
        context.close()
        browser.close()
    results["load_after"] = os.getloadavg()
    return results


def _first_view(browser: Any, url: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 900})  # cold cache
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url + "index.html")
    page.wait_for_selector("html[data-geomap-ready]", timeout=120_000)
    page.wait_for_selector("input.gm-time-start")
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def _move(page: Any, what: str, lat: float, lon: float, zoom: int,
          received: list[int]) -> dict[str, Any]:
    """Seconds from the call to the moment every tile in view is drawn, the bytes
    received meanwhile (``received`` grows with every response), and where the page
    spent it (``GeomapSite.stats``: range requests, decoding in the tile worker, drawing
    on the main thread)."""
    start = len(received)
    # pages published before GeomapSite.stats existed have none
    stats = "() => GeomapSite.stats ? Object.assign({}, GeomapSite.stats) : null"
    before = page.evaluate(stats)
    ms = page.evaluate("""([lat, lon, zoom]) => new Promise(done => {
        const s = GeomapSite.state, t0 = performance.now();
        s.events.once("load", () => requestAnimationFrame(() => done(performance.now() - t0)));
        s.map.setView([lat, lon], zoom, {animate: false});
        setTimeout(() => done(-1), 60000); })""", [lat, lon, zoom])
    drawn = page.evaluate("() => GeomapSite.state.events.hitCount()")
    after = page.evaluate(stats)
    result = {"move": what, "zoom": zoom, "s": ms / 1000 if ms >= 0 else None,
              "events_drawn": drawn, "bytes": sum(received[start:])}
    if before and after:
        result.update({"tiles_fetched": after["tiles"] - before["tiles"],
                       "range_requests": after["requests"] - before["requests"],
                       "decode_ms": round(after["decodeMs"] - before["decodeMs"], 1),
                       "draw_ms": round(after["drawMs"] - before["drawMs"], 1)})
    return result


def _time_steps(page: Any) -> list[float]:
    """Seconds per time-filter step (slider moved, counts and tiles redrawn, next frame):
    twelve months from month 6 k (sites whose slider is by day: 365 days from day 183 k)."""
    return [page.evaluate("""(k) => new Promise(done => {
        const s = document.querySelector('.gm-time-start');
        const e = document.querySelector('.gm-time-end');
        const month = /date/.test(s.getAttribute('aria-label')) ? 30.4375 : 1;
        const t0 = performance.now();
        s.value = +s.min + Math.round(6 * k * month);
        e.value = +s.min + Math.round((6 * k + 12) * month) - 1;
        e.dispatchEvent(new Event('input'));
        requestAnimationFrame(() => done((performance.now() - t0) / 1000)); })""", k)
        for k in range(5)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--events", type=int, default=10_000_000)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--scheduler", default=None, help="'local' or a scheduler address")
    parser.add_argument("--skip-build", action="store_true", help="browse an existing site")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    csv = args.workdir / f"acled_{args.events}.csv"
    if not csv.exists():
        write_csv(csv, args.events)
    site = args.workdir / ("site-dask" if args.scheduler else "site")
    results: dict[str, Any] = {"n": args.events, "csv_bytes": csv.stat().st_size,
                               "cores": os.cpu_count()}
    if not args.skip_build:
        results["publish"] = timed_publish(csv, site, args.scheduler)
        results["plain_read"] = plain_read(csv)
        results["ratio_publish_to_plain_read"] = (results["publish"]["wall_s"]
                                                  / results["plain_read"]["wall_s"])
    results["site_bytes"] = {p.name: p.stat().st_size for p in site.iterdir() if p.is_file()}
    results["browser"] = browse(site)
    name = f"publish-{args.events}{'-dask' if args.scheduler else ''}.json"
    out = REPO / "bench" / "results" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(json.dumps(results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
