"""Time to interactive of map pages side by side: before and after a change to the page.

Opens each page ``--repeat`` times in one headless Chromium, alternating before/after so
both see the same machine load, and reports the median seconds from navigation start until
the layers are painted and the time filter is there (``bench/run.py``'s measure). Build
the two pages from the same input with the two versions of geomap, e.g.::

    python bench/synth.py -n 100000 -o acled_100k.csv
    PYTHONPATH=/old/checkout geomap build acled_100k.csv -o before.html --offline
    geomap build acled_100k.csv -o after.html --offline
    python bench/compare_pages.py before.html after.html --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run


def compare(before: Path, after: Path, repeat: int, budget: float) -> dict[str, list[float | None]]:
    """Seconds to interactive of each page, ``repeat`` times each, alternating."""
    times: dict[str, list[float | None]] = {"before": [], "after": []}
    with tempfile.TemporaryDirectory() as tmp, run._browser(Path(tmp)) as browser:
        for _ in range(repeat):
            for name, page in (("before", before), ("after", after)):
                times[name].append(run._time_to_interactive(browser, page.resolve(), budget))
    return times


def median(values: list[float | None]) -> float | None:
    """Median of the measured values; ``None`` when any run went over the budget."""
    if not values or any(v is None for v in values):
        return None
    return statistics.median(v for v in values if v is not None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--budget", type=float, default=120.0, help="seconds per page")
    args = parser.parse_args(argv)
    times = compare(args.before, args.after, args.repeat, args.budget)
    first, second = median(times["before"]), median(times["after"])
    for name, values in times.items():
        shown = ", ".join("-" if v is None else f"{v:.2f}" for v in values)
        print(f"{name:6} {Path(getattr(args, name)).name}: {shown}")
    if first and second:
        print(f"median before {first:.2f} s, after {second:.2f} s, ratio {second / first:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
