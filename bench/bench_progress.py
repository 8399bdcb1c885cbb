"""The progress bar costs nothing measurable: ``geomap build`` with and without it, side by side.

Run from the repository root::

    python bench/bench_progress.py                 # 200k synthetic ACLED events, 3 rounds
    python bench/bench_progress.py --n 1000000 --rounds 2

Each round builds the same map twice, in alternating order, once with no progress callback
and once with :class:`geomap.cli.progress.Progress` drawing to a terminal-like stream
every 0.1 s (five times as often as on a real terminal); the events are synthetic
(``bench/synth.py``). Printed: CPU and wall seconds of each build and the ratio of the
medians (with / without). Under load from other work the wall times vary; compare the CPU
seconds.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from synth import acled_frame, write_acled_csv  # noqa: E402

from geomap.build import map_plan, run_build  # noqa: E402
from geomap.cli.progress import Progress  # noqa: E402


class Terminal(io.StringIO):
    """A stream that says it is a terminal, so click draws the whole bar."""

    def isatty(self) -> bool:
        return True


def build(source: Path, out: Path, with_progress: bool) -> tuple[float, float]:
    """CPU and wall seconds of one build."""
    cpu, wall = time.process_time(), time.perf_counter()
    if with_progress:
        terminal = Terminal()
        with Progress(delay=0.0, interval=0.1, stream=terminal, enabled=True) as progress:
            run_build(map_plan([source], out), progress=progress)
        assert "reading" in terminal.getvalue() or "writing" in terminal.getvalue()
    else:
        run_build(map_plan([source], out))
    return time.process_time() - cpu, time.perf_counter() - wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000, help="events (default 200000)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        source = write_acled_csv(acled_frame(args.n), Path(folder) / "acled.csv")
        times: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
        for round_ in range(args.rounds):
            for with_progress in ((False, True) if round_ % 2 == 0 else (True, False)):
                seconds = build(source, Path(folder) / "map.html", with_progress)
                times[with_progress].append(seconds)
                print(f"round {round_ + 1} {'with' if with_progress else 'without'} progress: "
                      f"cpu {seconds[0]:.1f} s, wall {seconds[1]:.1f} s", flush=True)
    for index, what in ((0, "cpu"), (1, "wall")):
        without = statistics.median(t[index] for t in times[False])
        with_ = statistics.median(t[index] for t in times[True])
        print(f"{what}: median without {without:.2f} s, with {with_:.2f} s, "
              f"ratio {with_ / without:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
