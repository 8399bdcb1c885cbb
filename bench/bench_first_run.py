"""First run of ``geomap geocode`` on a fresh cache: time and peak memory, cold and warm.

Usage::

    python bench/bench_first_run.py             # the installed ``geomap`` on PATH
    python bench/bench_first_run.py --geomap /path/to/venv/bin/geomap

Each row is one ``geomap geocode`` process run under ``/usr/bin/time -v`` (wall time, CPU
time, maximum resident set size), in this order, in one fresh temporary cache:

1. ``Kidal`` cold: nothing built yet (the quick layer is built);
2. ``Kidal`` warm: the quick layer exists;
3. ``Ber --country ML`` cold: the quick layer cannot settle it, the full index is built;
4. ``Kidal`` warm: the full index exists.

The machine's load is printed too: on a shared machine wall time includes waiting for a
core, so compare CPU time, and run it when the machine is quiet for wall-clock figures.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

STEPS = [("Kidal, fresh cache", ["Kidal"]), ("Kidal, quick layer built", ["Kidal"]),
         ("Ber --country ML (builds the full index)", ["Ber", "--country", "ML"]),
         ("Kidal, full index built", ["Kidal"])]


def run(geomap: str, args: list[str], cache: Path) -> dict[str, float]:
    """One ``geomap geocode`` process under ``/usr/bin/time -v``."""
    env = {**os.environ, "GEOMAP_CACHE_DIR": str(cache)}
    done = subprocess.run(["/usr/bin/time", "-v", geomap, "geocode", *args], env=env,
                          capture_output=True, text=True, check=False)
    report = done.stderr

    def field(label: str) -> str:
        found = re.search(rf"{re.escape(label)}: (.+)", report)
        return found.group(1).strip() if found else "nan"

    minutes, _, seconds = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").rpartition(":")
    return {"wall": float(minutes or 0) * 60 + float(seconds),
            "cpu": float(field("User time (seconds)")) + float(field("System time (seconds)")),
            "rss_mb": float(field("Maximum resident set size (kbytes)")) / 1024,
            "answer": done.stdout.strip().splitlines()[0] if done.stdout.strip() else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geomap", default=shutil.which("geomap") or "geomap")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| step | wall s | CPU s | peak MB |\n|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="geomap-first-run-") as folder:
        for label, query in STEPS:
            row = run(args.geomap, query, Path(folder))
            print(f"| {label} | {row['wall']:.2f} | {row['cpu']:.2f} | {row['rss_mb']:.0f} |",
                  flush=True)
            print(f"    {row['answer'][:100]}", file=sys.stderr)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
