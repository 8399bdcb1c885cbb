"""Benchmark the scenario reader: a scenario of N events generated in code, loaded.

Usage::

    python bench/bench_scenario.py                 # 30,000 events (about 4 MB)
    python bench/bench_scenario.py --events 10000

Reports the file size, the events read (or the error) and the wall and CPU seconds of
``load_scenario``. Run it from two trees to compare them side by side.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from geomap.errors import GeomapError
from geomap.sources.scenario import load_scenario

HEAD = """\
title: Many events
sources:
  - {id: s1, title: Wire}
places:
  - {id: bko, name: Bamako, lat: 12.65, lon: -8.0, country: ML}
actors:
  - {id: a, name: Alpha group, kind: armed_group, place: bko}
  - {id: b, name: Beta forces, kind: armed_forces, place: bko}
events:
"""


def write_scenario(path: Path, events: int) -> None:
    """``events`` events of seven fields each, in block style, after one place and source."""
    lines = [HEAD]
    for i in range(events):
        lines.append(f"  - id: e{i}\n    date: 2024-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
                     f"    type: Battles\n    actors: [a, b]\n    place: bko\n"
                     f"    sources: [s1]\n    fatalities: {i % 7}\n    notes: Clash {i}\n")
    path.write_text("".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=30_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "many.yaml"
        write_scenario(path, args.events)
        size = path.stat().st_size
        started, cpu = time.perf_counter(), time.process_time()
        try:
            outcome = f"{len(load_scenario(path).events):,} events read"
        except GeomapError as err:
            outcome = f"refused: {err}"
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{args.events:,} events, {size / 1e6:.1f} MB: {outcome}")
    print(f"load_scenario: {elapsed:.1f} s wall, {cpu:.1f} s CPU")


if __name__ == "__main__":
    main()
