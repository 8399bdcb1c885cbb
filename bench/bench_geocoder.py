"""Benchmark the offline geocoder: index build, cold start, throughput, memory.

Usage::

    python bench/bench_geocoder.py            # uses the normal cache dir (builds if needed)
    python bench/bench_geocoder.py --fresh    # builds the index from scratch in a temp dir

Prints a table.  Targets (issue 3): cold start <= 1 s once the index is built, warm
throughput >= 100,000 lookups/s over 10,000 mixed queries, resident memory <= 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

N_QUERIES = 10_000

COLD = """
import time
t0 = time.perf_counter()
from geomap.geocoding import resolve_place
place = resolve_place("Gao")
t1 = time.perf_counter()
print(t1 - t0)
"""

WORKLOAD = """
import json, random, resource, sys, time
from geomap.geocoding.gazetteer import Gazetteer
sys.path.insert(0, {bench_dir!r})
from bench_geocoder import mixed_queries

gaz = Gazetteer.default()
queries = mixed_queries(gaz, {n})

def run(g, qs):
    found = 0
    t = time.perf_counter()
    for q in qs:
        try:
            g.resolve(q)
            found += 1
        except Exception:
            pass
    return time.perf_counter() - t, found

first, found = run(gaz, queries)      # every distinct query resolved once (cache cold)
t = time.perf_counter(); Gazetteer.open().lookup_many(queries); first_many = time.perf_counter() - t
warm, _ = run(gaz, queries)           # the same queries again (cache warm)
rng = random.Random(7)
pool = queries[:2000]
weights = [1 / (i + 1) for i in range(len(pool))]
stream = rng.choices(pool, weights=weights, k={n})
fresh = Gazetteer.open()
realistic, _ = run(fresh, stream)     # a dataset's location column: repeats, Zipf-like
t = time.perf_counter(); fresh.lookup_many(stream * 10); many = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(dict(n=len(queries), distinct=len(set(queries)), found=found, first=first,
                      first_many=first_many,
                      warm=warm, realistic=realistic, many=many, many_n=len(stream) * 10,
                      rss=rss)))
"""


def mixed_queries(gazetteer: object, n: int, seed: int = 42) -> list[str]:
    """``n`` distinct, realistic queries: place names, alternates, qualified names, admin-1
    and country names, demonyms, coordinates, typos and misses."""
    rng = random.Random(seed)
    base = gazetteer.base  # type: ignore[attr-defined]
    fixed = ["Kiev", "Artemivsk", "Tombouctou", "Tripoli, Lebanon", "Tripoli (Libya)",
             "Gao region", "Donetsk Oblast", "the Sahel", "Malian", "Ukrainian", "Mali",
             "Russia", "Tinzawatene", "Menaka", "Kramatorsk, Donetsk Oblast, Ukraine"]
    queries: list[str] = list(fixed)
    seen = set(queries)
    while len(queries) < n:
        roll = rng.random()
        index = rng.randrange(len(base))
        name = base.name(index)
        if roll < 0.70:
            query = name
        elif roll < 0.80:
            code = base.countries[int(base.arrays["country"][index])]
            query = f"{name}, {code}"
        elif roll < 0.87:
            query = name.upper() if rng.random() < 0.5 else name.lower()
        elif roll < 0.93:
            query = f"{rng.uniform(-60, 70):.4f}, {rng.uniform(-170, 170):.4f}"
        elif roll < 0.97 and len(name) > 4:
            cut = rng.randrange(1, len(name) - 1)
            query = name[:cut] + name[cut + 1:]  # a typo: often a miss
        else:
            query = "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(9))  # a miss
        if query not in seen:
            seen.add(query)
            queries.append(query)
    return queries


def _python(code: str, env: dict[str, str]) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True)
    return out.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fresh", action="store_true", help="build in a temporary cache dir")
    parser.add_argument("-n", type=int, default=N_QUERIES)
    args = parser.parse_args()
    env = dict(os.environ)
    tmp = tempfile.TemporaryDirectory() if args.fresh else None
    if tmp is not None:
        env["GEOMAP_CACHE_DIR"] = tmp.name
    started = time.perf_counter()
    _python("from geomap.geocoding.build import build_index; print(build_index())", env)
    build = time.perf_counter() - started
    colds = []
    for _ in range(3):
        t = time.perf_counter()
        inner = float(_python(COLD, env))
        colds.append((inner, time.perf_counter() - t))
    bench_dir = str(Path(__file__).resolve().parent)
    result = json.loads(_python(WORKLOAD.format(bench_dir=bench_dir, n=args.n), env))
    rows = [
        ("index build" + (" (from scratch)" if args.fresh else " (or check)"), f"{build:.1f} s",
         "< 60 s"),
        ("cold start: import + first lookup", f"{statistics.median(c[0] for c in colds):.3f} s",
         "<= 1 s"),
        ("cold start incl. interpreter", f"{statistics.median(c[1] for c in colds):.3f} s", ""),
        (f"first pass, {result['n']:,} distinct mixed queries (resolve)",
         f"{result['n'] / result['first']:,.0f} /s", f"{result['found']:,} resolved"),
        ("first pass with lookup_many (no spelling hints)",
         f"{result['n'] / result['first_many']:,.0f} /s", ""),
        (f"warm, same {result['n']:,} queries", f"{result['n'] / result['warm']:,.0f} /s",
         ">= 100,000 /s"),
        (f"{args.n:,}-row column (2,000 names, Zipf), fresh",
         f"{args.n / result['realistic']:,.0f} /s", ""),
        (f"lookup_many over {result['many_n']:,} rows",
         f"{result['many_n'] / result['many']:,.0f} /s", ""),
        ("peak resident memory (workload process)", f"{result['rss']:.0f} MB", "<= 300 MB"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'result':>14}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>14}  {target}")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
