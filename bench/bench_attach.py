"""Benchmark: attach events to admin-1 and aggregate, against a plain geopandas baseline.

Generates N ACLED-shaped events in code (coordinates clustered in the provinces of the
Sahel countries and Ukraine, ACLED's event-type mix, precision codes 1/2/3 at about
70/22/8 %), then times, each in a fresh process so peak memory is its own:

* ``geomap``: ``attach_events`` (admin-0 and admin-1 with the border, tolerance,
  stated-country and coarse-event rules; it reads the coordinate arrays, no Point
  objects) + ``events_by_admin1``; building the Point geometries of the events layer
  (``events_frame``, needed for maps and files) is timed separately;
* ``baseline``: ``geopandas.points_from_xy`` + ``geopandas.sjoin(predicate="within")``
  on the same admin-1 polygons + ``groupby`` (count, fatalities, dates, per type).

With ``--read`` the events are also written as an ACLED CSV and read back with
``geomap.sources.read.read_events`` (the reader's own time and memory).

Usage::

    python bench/bench_attach.py -n 1000000          # attach + aggregate, both methods
    python bench/bench_attach.py -n 1000000 --read   # plus the ACLED CSV reader
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

COUNTRY_WEIGHTS = {"ML": 0.22, "BF": 0.18, "NE": 0.10, "TD": 0.04, "MR": 0.02, "UA": 0.44}
EVENT_TYPES = {
    "Battles": 0.28, "Explosions/Remote violence": 0.38, "Violence against civilians": 0.14,
    "Protests": 0.12, "Riots": 0.03, "Strategic developments": 0.05,
}
PRECISION = {1: 0.70, 2: 0.22, 3: 0.08}


def generate(n: int, seed: int = 42) -> Any:
    """N ACLED-shaped events as a pandas DataFrame (EVENT_COLUMNS subset)."""
    import pandas as pd
    import shapely

    from geomap.refdata.boundaries import load_admin1

    rng = np.random.default_rng(seed)
    admin1 = load_admin1()
    admin1 = admin1[admin1["iso_a2"].isin(list(COUNTRY_WEIGHTS))].reset_index(drop=True)
    centres = admin1.geometry.representative_point()
    spread = np.sqrt(shapely.area(admin1.geometry.to_numpy())) / 5  # degrees
    weights = admin1["iso_a2"].map(COUNTRY_WEIGHTS).to_numpy()
    weights = weights / admin1.groupby("iso_a2")["iso_a2"].transform("size").to_numpy()
    pick = rng.choice(len(admin1), size=n, p=weights / weights.sum())
    lon = centres.x.to_numpy()[pick] + rng.normal(0, 1, n) * spread[pick]
    lat = centres.y.to_numpy()[pick] + rng.normal(0, 1, n) * spread[pick]
    days = rng.integers(0, 7 * 365, n)
    return pd.DataFrame({
        "event_id": [f"EV{i}" for i in range(n)],
        "event_date": pd.Timestamp("2018-01-01") + pd.to_timedelta(days, unit="D"),
        "event_type": rng.choice(list(EVENT_TYPES), size=n, p=list(EVENT_TYPES.values())),
        "latitude": np.round(lat, 4), "longitude": np.round(lon, 4),
        "geo_precision": rng.choice(list(PRECISION), size=n, p=list(PRECISION.values())),
        "iso": admin1["iso_a2"].to_numpy()[pick],
        "actor1": rng.choice(["JNIM", "IS Sahel", "Military Forces of Mali (2021-)",
                              "Military Forces of Russia (2000-)",
                              "Military Forces of Ukraine (2019-)", "Protesters"], size=n),
        "fatalities": rng.poisson(1.2, n),
        "dataset": "acled",
    })


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def run_geomap(path: str) -> dict[str, Any]:
    import pandas as pd

    from geomap.layers.aggregate import events_by_admin1
    from geomap.layers.attach import attach_events
    from geomap.layers.events import events_frame
    from geomap.refdata.boundaries import load_admin0, load_admin1

    frame = pd.read_parquet(path)
    admin0, admin1 = load_admin0(), load_admin1()
    start_rss, start = _rss_mb(), time.perf_counter()
    # Attachment needs no Point objects: it reads longitude/latitude arrays.
    events = attach_events(frame, admin0, admin1)
    attached = time.perf_counter()
    layer = events_by_admin1(events, admin1)
    end = time.perf_counter()
    events_frame(frame)  # the Points the map and the files need, timed on their own
    points = time.perf_counter()
    return {"attach_s": attached - start, "aggregate_s": end - attached, "total_s": end - start,
            "points_s": points - end, "peak_mb": _peak_mb() - start_rss,
            "counted": int(layer["events"].sum()),
            "codes": events["admin1_code"].astype(object).to_numpy()}


def run_baseline(path: str) -> dict[str, Any]:
    import geopandas as gpd
    import pandas as pd

    from geomap.refdata.boundaries import load_admin1

    frame = pd.read_parquet(path)
    admin1 = load_admin1()[["iso_3166_2", "geometry"]]
    start_rss, start = _rss_mb(), time.perf_counter()
    points = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["longitude"],
                                                                  frame["latitude"]),
                              crs="EPSG:4326")
    joined = gpd.sjoin(points, admin1, how="left", predicate="within")
    attached = time.perf_counter()
    grouped = joined.groupby("iso_3166_2")
    layer = grouped.agg(events=("event_id", "size"), fatalities=("fatalities", "sum"),
                        first_date=("event_date", "min"), last_date=("event_date", "max"))
    layer = layer.join(pd.crosstab(joined["iso_3166_2"], joined["event_type"]))
    end = time.perf_counter()
    codes = joined[~joined.index.duplicated()]["iso_3166_2"].fillna("").to_numpy()
    return {"attach_s": attached - start, "aggregate_s": end - attached, "total_s": end - start,
            "peak_mb": _peak_mb() - start_rss, "counted": int(layer["events"].sum()),
            "codes": codes}


def run_read(path: str) -> dict[str, Any]:
    from geomap.sources.read import read_events

    start_rss, start = _rss_mb(), time.perf_counter()
    result = read_events(path)
    end = time.perf_counter()
    return {"total_s": end - start, "peak_mb": _peak_mb() - start_rss,
            "rows": result.rows_accepted}


def _quiet() -> None:
    logging.basicConfig(level=logging.ERROR)


def _isolated(function: Any, path: str) -> dict[str, Any]:
    """Run ``function(path)`` in a fresh process (its own peak memory)."""
    with multiprocessing.get_context("spawn").Pool(1, initializer=_quiet) as pool:
        result: dict[str, Any] = pool.apply(function, (path,))
    return result


def _alternate(methods: dict[str, Any], path: str,
               repeat: int) -> list[tuple[str, dict[str, Any]]]:
    """Run the methods in turn ``repeat`` times, each in a fresh process; keep the best."""
    best: dict[str, dict[str, Any]] = {}
    for _ in range(max(repeat, 1)):
        for name, function in methods.items():
            result = _isolated(function, path)
            if name not in best or result["total_s"] < best[name]["total_s"]:
                best[name] = result
    return list(best.items())


def _write_acled_csv(frame: Any, path: Path) -> None:
    table = frame.rename(columns={"event_id": "event_id_cnty"}).copy()
    table["event_date"] = table["event_date"].dt.strftime("%Y-%m-%d")
    table["year"] = table["event_date"].str[:4]
    table["time_precision"] = 1
    for column in ("sub_event_type", "assoc_actor_1", "actor2", "assoc_actor_2", "inter2",
                   "admin1", "admin2", "admin3", "location", "notes", "tags"):
        table[column] = ""
    table["inter1"], table["interaction"] = 1, 10
    table["iso"] = table["iso"].map({"ML": 466, "BF": 854, "NE": 562, "TD": 148, "MR": 478,
                                     "UA": 804})
    table["country"], table["region"] = "", ""
    table["source"], table["source_scale"], table["timestamp"] = "bench", "National", 0
    table.drop(columns=["dataset"]).to_csv(path, index=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--events", type=int, default=100_000)
    parser.add_argument("--read", action="store_true", help="also time the ACLED CSV reader")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per method, alternated (the machine may be shared): "
                             "the fastest run is reported")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        frame = generate(args.events)
        path = Path(tmp) / "events.parquet"
        frame.to_parquet(path)
        print(f"generated {len(frame):,} events in {time.perf_counter() - start:.1f} s")
        rows = _alternate({"geomap attach+aggregate": run_geomap,
                           "sjoin(within)+groupby": run_baseline}, str(path), args.repeat)
        if args.read:
            csv_path = Path(tmp) / "acled.csv"
            _write_acled_csv(frame, csv_path)
            rows.insert(0, ("read ACLED CSV", _isolated(run_read, str(csv_path))))
    _report(args.events, rows)
    return 0


def _report(n: int, rows: list[tuple[str, dict[str, Any]]]) -> None:
    print(f"\nmachine: {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, "
          f"Python {sys.version.split()[0]}; N = {n:,}")
    print(f"{'step':28} {'attach s':>9} {'agg s':>7} {'total s':>8} {'M rows/s':>9} "
          f"{'peak MB':>8}")
    for name, r in rows:
        print(f"{name:28} {r.get('attach_s', float('nan')):9.2f} "
              f"{r.get('aggregate_s', float('nan')):7.2f} {r['total_s']:8.2f} "
              f"{n / r['total_s'] / 1e6:9.2f} {r['peak_mb']:8.0f}")
    ours, base = dict(rows)["geomap attach+aggregate"], dict(rows)["sjoin(within)+groupby"]
    same = float(np.mean(ours["codes"] == base["codes"]))
    print(f"\ngeomap's events layer with Point geometries (for maps and files, not needed to "
          f"attach): +{ours['points_s']:.2f} s")
    print(f"speed-up over the baseline: {base['total_s'] / ours['total_s']:.2f}x; "
          f"memory ratio: {ours['peak_mb'] / max(base['peak_mb'], 1):.2f}")
    print(f"same admin-1 code as within-join: {same:.2%} (the rest: border, tolerance, "
          f"coarse-event and stated-country rules); events counted in provinces: "
          f"geomap {ours['counted']:,}, baseline {base['counted']:,}")


if __name__ == "__main__":
    sys.exit(main())
