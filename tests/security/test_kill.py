"""Issue 8, item 3: a build killed at any point (SIGKILL) leaves the previous outputs intact,
the caches consistent, and the next run recovers by itself.

Each test writes outputs once, changes the source (so a new output would differ), then
starts the command again several times and kills it: as soon as its temporary file appears
(so, while it writes) and after seeded random delays. After every kill each output must
be byte-identical to the previous one (or, for a run that finished before the kill, the
complete new one). Finally one uninterrupted run must succeed and give the new outputs.

The online geocoder's SQLite cache under SIGKILL is tested in
``tests/geocoding/test_services.py`` (fake server on 127.0.0.1).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.security.bigdata import write_big_acled
from tests.test_workers import (
    alive_in_session,
    first_lines,
    kill_and_find_leftovers,
    started_session,
    wait_for,
)

pytestmark = pytest.mark.slow

CLI = [sys.executable, "-c", "import sys; from geomap.cli import main; sys.exit(main())"]
ROWS = 20_000


def start(args: list[str], cwd: Path, cache: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "GEOMAP_CACHE_DIR": str(cache)}
    return subprocess.Popen([*CLI, *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def run(args: list[str], cwd: Path, cache: Path) -> None:
    proc = start(args, cwd, cache)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode("utf-8", "replace")[-3000:]


def temp_files(folder: Path) -> list[Path]:
    """Hidden temporary files of atomic writes (``.<name>.*``) under ``folder``."""
    if not folder.exists():
        return []
    return [p for p in folder.rglob(".*") if p.name not in (".geomap-state.json",)]


def kill_when(proc: subprocess.Popen[bytes], ready: Callable[[], bool], limit: float) -> bool:
    """SIGKILL ``proc`` once ``ready()`` or after ``limit`` s; True if it was killed."""
    deadline = time.monotonic() + limit
    while proc.poll() is None and not ready() and time.monotonic() < deadline:
        time.sleep(0.002)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    return proc.returncode == -signal.SIGKILL


def snapshot(folder: Path, names: list[str]) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in names}


def features(data: bytes) -> bytes:
    """A GeoJSON file's features, re-serialised (the collection's ``name`` is left out: see
    ``test_layer_files_are_reproducible``)."""
    return json.dumps(json.loads(data)["features"], sort_keys=True).encode()


def kill_repeatedly(args: list[str], cwd: Path, cache: Path, watch: Path,
                    check: Callable[[bool], None], seed: int = 8) -> int:
    """Start ``args`` five times: kill twice as soon as a temp file shows in ``watch``, three
    times after random delays. After each, call ``check(mid_write)``: ``mid_write`` is True
    when the run died with its temp file still there (so before its rename). Returns the
    number of such kills."""
    rng = random.Random(seed)
    while_writing = 0
    for attempt in range(5):
        before = set(temp_files(watch))
        proc = start(args, cwd, cache)
        if attempt < 2:
            killed = kill_when(proc, lambda: bool(set(temp_files(watch)) - before), 120)
        else:
            killed = kill_when(proc, lambda: False, rng.uniform(0.3, 4.0))
        mid_write = killed and bool(set(temp_files(watch)) - before)
        while_writing += mid_write
        check(mid_write)
    return while_writing


def test_build_killed_keeps_previous_map(tmp_path: Path) -> None:
    source = write_big_acled(tmp_path / "acled.csv", ROWS, tag="first")
    out = tmp_path / "out"
    args = ["build", str(source), "--offline", "-o", str(out / "map.html")]
    run(args, tmp_path, tmp_path / "cache")
    old = (out / "map.html").read_bytes()
    write_big_acled(source, ROWS, tag="second")

    def check(mid_write: bool) -> None:
        now = (out / "map.html").read_bytes()
        if mid_write:
            assert now == old
        else:  # killed before writing (old page) or after the rename (whole new page)
            assert now == old or (b"second" in now and now.rstrip().endswith(b"</html>"))

    assert kill_repeatedly(args, tmp_path, tmp_path / "cache", out, check) >= 1
    assert [p.name for p in out.iterdir() if not p.name.startswith(".")] == ["map.html"]
    run(args, tmp_path, tmp_path / "cache")  # recovers: leftovers are ignored
    new = (out / "map.html").read_bytes()
    assert new != old and b"second" in new and new.rstrip().endswith(b"</html>")


def test_layers_killed_keep_previous_files(tmp_path: Path) -> None:
    source = write_big_acled(tmp_path / "acled.csv", ROWS, tag="first")
    out = tmp_path / "layers"
    args = ["layers", str(source), "-o", str(out)]
    run(args, tmp_path, tmp_path / "cache")
    names = sorted(p.name for p in out.iterdir() if p.suffix == ".geojson")
    assert "events.geojson" in names
    old = snapshot(out, names)
    write_big_acled(source, ROWS, tag="second")
    old = {name: features(data) for name, data in old.items()}
    states: list[dict[str, bytes]] = []

    def check(mid_write: bool) -> None:  # each file whole (valid JSON): compared below
        states.append({name: features(data) for name, data in snapshot(out, names).items()})

    assert kill_repeatedly(args, tmp_path, tmp_path / "cache", out, check) >= 1
    run(args, tmp_path, tmp_path / "cache")
    new = {name: features(data) for name, data in snapshot(out, names).items()}
    assert b"second" in new["events.geojson"]
    for state in states:  # every file was the old one or the complete new one
        assert all(state[n] in (old[n], new[n]) for n in names)


PROJECT = """[project]
title = "Kill test"
output = "output"

[[sources]]
path = "acled.csv"

[layers]
formats = ["geojson"]

[[maps]]
name = "overview"
"""


def test_project_build_killed_keeps_outputs_and_state(tmp_path: Path) -> None:
    """A project build killed mid-way: outputs whole, state file valid JSON, and the next
    run rebuilds exactly what is stale, after which nothing is stale."""
    write_big_acled(tmp_path / "acled.csv", ROWS, tag="first")
    (tmp_path / "geomap.toml").write_text(PROJECT, encoding="utf-8")
    cache, out = tmp_path / "cache", tmp_path / "output"
    run(["build"], tmp_path, cache)
    old_map = (out / "overview.html").read_bytes()
    write_big_acled(tmp_path / "acled.csv", ROWS, tag="second")

    def check(mid_write: bool) -> None:
        page = (out / "overview.html").read_bytes()
        assert page == old_map or (b"second" in page and page.rstrip().endswith(b"</html>"))
        state = json.loads((tmp_path / ".geomap-state.json").read_text(encoding="utf-8"))
        assert isinstance(state, dict)

    kill_repeatedly(["build"], tmp_path, cache, out, check)
    run(["build"], tmp_path, cache)
    assert b"second" in (out / "overview.html").read_bytes()
    proc = subprocess.run([*CLI, "build"], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "GEOMAP_CACHE_DIR": str(cache)}, timeout=600,
                          check=True)
    assert "written" not in proc.stdout.replace("unchanged", ""), proc.stdout


def test_gazetteer_cache_killed_while_building_recovers(tmp_path: Path) -> None:
    """The offline gazetteer index is built into the cache folder on first use; killing
    that first run leaves no half index behind: the next run builds or reuses a whole one."""
    story = tmp_path / "story.yaml"
    story.write_text(
        "title: Kyiv\nsources:\n  - {id: s, title: A report}\nplaces:\n"
        "  - {id: kyiv, name: Kyiv, country: UA}\nactors:\n  - {id: a, name: A}\nevents:\n"
        "  - {id: e, date: 2024-01-02, type: Battles, actors: [a], place: kyiv,"
        " sources: [s]}\n", encoding="utf-8")
    cache = tmp_path / "cache"
    args = ["build", str(story), "-o", str(tmp_path / "m.html")]
    proc = start(args, tmp_path, cache)
    assert kill_when(proc, lambda: any(cache.rglob("*.npy")), 300), "finished too early"
    run(args, tmp_path, cache)
    assert (tmp_path / "m.html").stat().st_size > 1000
    found = subprocess.run([*CLI, "geocode", "Kyiv", "--country", "UA", "--json"],
                           cwd=tmp_path, env={**os.environ, "GEOMAP_CACHE_DIR": str(cache)},
                           capture_output=True, text=True, timeout=300, check=True)
    place = json.loads(found.stdout.splitlines()[0])
    assert abs(place["lat"] - 50.45) < 0.1 and abs(place["lon"] - 30.52) < 0.1, place


def test_layer_files_are_reproducible(tmp_path: Path) -> None:
    """The same input gives byte-identical layer files (so a reader can tell old from new).

    Fails while ``geomap.layers.export._write_one`` lets GDAL name the GeoJSON collection
    after the temporary file (``"name": ".events.k3j2x1"``): pass ``layer=path.stem``.
    """
    source = write_big_acled(tmp_path / "acled.csv", 200)
    for folder in ("a", "b"):
        run(["layers", str(source), "-o", str(tmp_path / folder)], tmp_path, tmp_path / "c")
    first = (tmp_path / "a" / "events.geojson").read_bytes()
    assert json.loads(first)["name"] == "events"
    assert first == (tmp_path / "b" / "events.geojson").read_bytes()


def test_online_geocoder_killed_mid_batch_resumes_from_cache(tmp_path: Path) -> None:
    """A batch of online look-ups (fake Nominatim on 127.0.0.1) killed half-way: the SQLite
    cache passes its integrity check, and the rerun asks only the queries not yet cached."""
    from geomap.geocoding._http_cache import AnswerCache
    from tests.geocoding.fake_nominatim import FakeNominatim
    from tests.security.test_concurrency import GEOCODER

    cache = tmp_path / "answers.sqlite"
    with FakeNominatim() as server:
        args = [sys.executable, "-c", GEOCODER.replace("range(15)", "range(150)")
                .replace("min_interval=0.01", "min_interval=0.05"),  # 300 queries take >= 15 s
                server.domain, str(cache), "K"]
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        ready = lambda: cache.exists() and len(AnswerCache(cache)) >= 40  # noqa: E731
        assert kill_when(proc, ready, 120), "the batch finished before the kill"
        stored = AnswerCache(cache)
        assert stored.integrity_ok()
        before = len(stored)
        assert 40 <= before < 300
        again = subprocess.run(args, capture_output=True, text=True, timeout=300, check=True)
    result = json.loads(again.stdout)
    assert result["failures"] == {} and len(result["places"]) == 300
    assert result["sent"] == 300 - before  # nothing asked twice, nothing lost
    assert len(AnswerCache(cache)) == 300


def command_session(args: list[str], cwd: Path, cache: Path,
                    ready: Callable[[subprocess.Popen[bytes]], bool],
                    what: str) -> contextlib.AbstractContextManager[subprocess.Popen[bytes]]:
    """``geomap ARGS`` as :func:`tests.test_workers.started_session` starts a command."""
    env = {**os.environ, "GEOMAP_CACHE_DIR": str(cache)}
    return started_session([*CLI, *args], ready, what, cwd=cwd, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def staged(site: Path) -> Callable[[subprocess.Popen[bytes]], bool]:
    """``geomap publish``'s signal that its workers are at work: records staged."""
    return lambda proc: any(site.glob(".publish-*/records-*"))


def test_publish_killed_leaves_no_workers(tmp_path: Path) -> None:
    """Before: after a SIGKILL (or a SIGTERM) of ``geomap publish`` its worker processes
    waited for ever on their parent's pipes."""
    source = write_big_acled(tmp_path / "acled.csv", ROWS)
    site = tmp_path / "site"
    args = ["publish", str(source), "-o", str(site), "--workers", "2", "-q"]
    with command_session(args, tmp_path, tmp_path / "cache", staged(site), "publish") as proc:
        leftovers = kill_and_find_leftovers(proc, workers=2)
    assert leftovers == []


def test_extract_jobs_killed_leaves_no_workers(tmp_path: Path) -> None:
    """Before: after a SIGKILL of ``geomap extract -j 2`` its workers waited for ever."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(60):
        (folder / f"a{number:02d}.txt").write_text(
            f"Gunmen attacked a market in Gao, Mali, on Monday, killing {number} people.\n",
            encoding="utf-8")
    with command_session(["extract", "-j", "2", "--json", str(folder)], tmp_path,
                         tmp_path / "cache", lambda proc: first_lines(proc) != [b""],
                         "extract") as proc:  # a first answer: the workers at work
        leftovers = kill_and_find_leftovers(proc, workers=2)
    assert leftovers == []


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_publish_stopped_leaves_no_staging_and_the_site_as_it_was(tmp_path: Path,
                                                                   number: int) -> None:
    """Before: ``kill`` (SIGTERM, as from ``timeout`` or a scheduler) of ``geomap publish``,
    or SIGHUP (its terminal or SSH session closed), left its ``.publish-staging.*`` folder
    of staged records in the site until the next publish; Ctrl-C (SIGINT to the whole
    group, as a terminal sends it) removed it."""
    source = write_big_acled(tmp_path / "acled.csv", ROWS)
    site = tmp_path / "site"
    run(["publish", str(source), "-o", str(site), "--workers", "2", "-q"], tmp_path,
        tmp_path / "cache")
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    write_big_acled(source, ROWS, seed=9)  # a new site would differ
    args = ["publish", str(source), "-o", str(site), "--workers", "2", "-q"]
    with command_session(args, tmp_path, tmp_path / "cache", staged(site), "publish") as proc:
        os.killpg(proc.pid, number)  # the process group, as a terminal's Ctrl-C
        proc.wait(timeout=120)
        assert wait_for(lambda: not alive_in_session(proc.pid), limit=30.0)
    assert proc.returncode in (-number, 1)  # stopped, never finished
    assert [p.name for p in site.iterdir() if p.name.startswith(".")] == []
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
