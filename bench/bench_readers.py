"""Benchmark the ACLED reader: N ACLED-shaped rows generated in code, read with read_events.

Usage::

    python bench/bench_readers.py            # 1,000,000 rows
    python bench/bench_readers.py --rows 200000

Reports rows/second and the peak memory (resident set) of the read.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.synth import ACLED_COLUMNS

COLUMNS = ACLED_COLUMNS
# (iso numeric, country, code, lat range, lon range)
AREAS = [
    (466, "Mali", "MLI", (11.0, 20.0), (-10.0, 3.0)),
    (562, "Niger", "NER", (12.0, 18.0), (1.0, 12.0)),
    (854, "Burkina Faso", "BFA", (10.0, 14.5), (-5.0, 1.5)),
    (804, "Ukraine", "UKR", (46.5, 51.0), (24.0, 39.0)),
]
TYPES = [
    ("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"),
    ("Riots", "Violent demonstration"), ("Strategic developments", "Looting/property destruction"),
]


def generate(rows: int, path: Path, seed: int = 7) -> None:
    """Write ``rows`` ACLED-shaped rows (current export layout) to ``path``."""
    rng = np.random.default_rng(seed)
    area = rng.integers(0, len(AREAS), rows)
    kind = rng.choice(len(TYPES), rows, p=[0.3, 0.3, 0.15, 0.15, 0.05, 0.05])
    days = pd.Timestamp("2018-01-01") + pd.to_timedelta(rng.integers(0, 2500, rows), unit="D")
    lat0 = np.array([a[3][0] for a in AREAS])[area]
    lat1 = np.array([a[3][1] for a in AREAS])[area]
    lon0 = np.array([a[4][0] for a in AREAS])[area]
    lon1 = np.array([a[4][1] for a in AREAS])[area]
    frame = pd.DataFrame({c: "" for c in COLUMNS}, index=range(rows))
    codes = np.array([a[2] for a in AREAS])[area]
    frame["event_id_cnty"] = pd.Series(codes) + pd.Series(np.arange(rows)).astype(str)
    frame["event_date"] = days.strftime("%d %B %Y")
    frame["year"] = days.year
    frame["time_precision"] = rng.choice([1, 2, 3], rows, p=[0.85, 0.1, 0.05])
    frame["event_type"] = np.array([t[0] for t in TYPES])[kind]
    frame["sub_event_type"] = np.array([t[1] for t in TYPES])[kind]
    frame["actor1"] = rng.choice(["Military Forces of Mali (2021-)", "JNIM", "Wagner Group",
                                  "Military Forces of Russia (2000-)", "Protesters"], rows)
    frame["inter1"] = rng.integers(1, 9, rows)
    frame["inter2"] = rng.integers(0, 9, rows)
    frame["iso"] = np.array([a[0] for a in AREAS])[area]
    frame["country"] = np.array([a[1] for a in AREAS])[area]
    frame["admin1"] = "Region"
    frame["location"] = "Town"
    frame["latitude"] = np.round(lat0 + rng.random(rows) * (lat1 - lat0), 4)
    frame["longitude"] = np.round(lon0 + rng.random(rows) * (lon1 - lon0), 4)
    frame["geo_precision"] = rng.choice([1, 2, 3], rows, p=[0.7, 0.2, 0.1])
    frame["source"] = "Local Source"
    frame["notes"] = "On this day, an event happened near the town, as reported by sources."
    frame["fatalities"] = rng.poisson(1.5, rows)
    frame["timestamp"] = 1700000000
    frame.to_csv(path, index=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    started = time.perf_counter()
    from geomap.refdata import codes, countries
    from geomap.sources.read import read_events

    countries.country_bboxes(), countries.iso_numeric_to_alpha2()
    codes.acled_event_types(), codes.column_aliases("acled")
    print(f"one-time setup (imports, reference tables): {time.perf_counter() - started:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "acled.csv"
        started = time.perf_counter()
        generate(args.rows, path)
        print(f"generated {args.rows:,} rows ({path.stat().st_size / 1e6:.0f} MB) in "
              f"{time.perf_counter() - started:.1f} s")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started, cpu = time.perf_counter(), time.process_time()
        result = read_events(path)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(result.summary())
    print(f"read_events: {elapsed:.2f} s wall, {args.rows / elapsed:,.0f} rows/s "
          f"({cpu:.2f} s CPU, {args.rows / cpu:,.0f} rows/s of CPU: the machine is shared)")
    print(f"peak memory (max RSS): {peak / 1024:.0f} MB (before reading: {before / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
