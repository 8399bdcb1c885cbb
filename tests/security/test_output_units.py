"""Issue 15 item 1: a map and its rejects are one unit, under SIGKILL at every write step
and with several builds writing to the same ``-o`` at once.

Before the fix a SIGKILL after the map was renamed into place but before
``NAME.rejects.csv`` left the new map beside the old rejects (the new build's rejects
reported nowhere), and two concurrent builds to one ``-o`` could leave map "Beta" with
Alpha's rejects. Now the rejects file is named by its content hash and renamed into place
before the map that names it, under a lock: the map on disk always names a rejects file
that is there and belongs to the same build.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from geomap.build.outputs import linked_rejects

pytestmark = pytest.mark.slow

HEADER = ("event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
          "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,iso,region,country,"
          "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
          "notes,fatalities,timestamp")

#: Runs ``geomap build`` with every write step (fsync of a file, rename, removal) counted;
#: at step ``KILL_AT`` the process SIGKILLs itself. ``JITTER`` sleeps up to that many
#: seconds before each step, to let concurrent builds interleave.
RUNNER = """
import os, random, signal, sys, time
kill_at, jitter = int(os.environ.get("KILL_AT", "0")), float(os.environ.get("JITTER", "0"))
steps = 0
def counted(function):
    def step(*args, **kwargs):
        global steps
        steps += 1
        if steps == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        if jitter:
            time.sleep(random.uniform(0, jitter))
        return function(*args, **kwargs)
    return step
for name in ("fsync", "replace", "unlink"):
    setattr(os, name, counted(getattr(os, name)))
from geomap.cli import main
try:
    main()
finally:
    print("STEPS", steps, flush=True)
"""


def events(path: Path, tag: str, bad: str) -> Path:
    """A small ACLED file whose notes say ``tag`` and whose last row is rejected (``bad``)."""
    rows = [f"{tag}{k},2024-07-{10 + k},2024,1,Battles,,JNIM,,2,,,0,20,466,Region,Mali,,,,"
            f"Gao,16.{k},-0.04,1,Src,National,{tag} note {k},3,1722000000" for k in range(5)]
    rows.append(f"{tag}X,{bad},2024,1,Battles,,JNIM,,2,,,0,20,466,Region,Mali,,,,Gao,16.2,"
                f"-0.04,1,Src,National,{tag} bad,0,1722000000")
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def build(source: Path, out: Path, cache: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", RUNNER, "build", str(source), "-o", str(out),
                           "--offline"], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "GEOMAP_CACHE_DIR": str(cache), **env},
                          check=False)


def unit(page: Path) -> str:
    """Which build the map on disk comes from, after checking that the rejects file it
    names is there, is named by its content and comes from the same build."""
    text = page.read_text(encoding="utf-8")
    assert text.rstrip().endswith("</html>"), "a half-written map"
    tag = "Alpha" if "Alpha note" in text else "Beta"
    assert ("Beta note" in text) == (tag == "Beta")
    rejects = linked_rejects(page)
    assert rejects is not None and rejects.is_file(), f"the map names {rejects}: missing"
    data = rejects.read_bytes()
    assert hashlib.sha256(data).hexdigest().startswith(rejects.stem.split(".")[-1])
    assert f"{tag}X".encode() in data, f"map {tag} beside rejects {data[-200:]!r}"
    return tag


def test_killed_at_every_write_step_the_map_keeps_its_rejects(tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out" / "m.html"
    source = events(tmp_path / "events.csv", "Alpha", "someday")
    first = build(source, out, cache)
    assert first.returncode == 0, first.stderr[-2000:]
    events(source, "Beta", "never")
    full = build(source, tmp_path / "count" / "m.html", cache)
    steps = int(full.stdout.rsplit("STEPS", 1)[1])
    assert steps >= 6, full.stdout  # rejects and map written, renamed, old rejects removed
    seen = set()
    for kill_at in range(1, steps + 1):
        run = build(source, out, cache, KILL_AT=str(kill_at))
        assert run.returncode == -signal.SIGKILL, (kill_at, run.stderr[-2000:])
        seen.add(unit(out))
        events(source, "Alpha", "someday")  # the next run changes the map back and forth
        if build(source, out, cache).returncode == 0:
            assert unit(out) == "Alpha"
        events(source, "Beta", "never")
    assert seen == {"Alpha", "Beta"}  # killed before and after the map's rename
    done = build(source, out, cache)
    assert done.returncode == 0 and unit(out) == "Beta"
    names = sorted(p.name for p in out.parent.iterdir() if ".geomap-tmp" not in p.name)
    assert len(names) == 2 and names[0] == "m.html", names  # older rejects swept
    # Killed writers' temporary files stay hidden and marked until they are an hour old
    # (a live writer in another process is younger): never read, then removed.
    assert all(p.name.startswith(".") for p in out.parent.iterdir() if p.name not in names)


def test_concurrent_builds_to_one_output_never_mix(tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out" / "m.html"
    alpha = events(tmp_path / "alpha.csv", "Alpha", "someday")
    beta = events(tmp_path / "beta.csv", "Beta", "never")
    assert build(alpha, out, cache).returncode == 0  # warms the cache
    env = {**os.environ, "GEOMAP_CACHE_DIR": str(cache), "JITTER": "0.05"}
    for _ in range(4):
        procs = [subprocess.Popen([sys.executable, "-c", RUNNER, "build", str(source), "-o",
                                   str(out), "--offline"], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
                 for source in (alpha, beta, alpha, beta)]
        for proc in procs:
            _, err = proc.communicate(timeout=600)
            assert proc.returncode == 0, err[-2000:]
        unit(out)
        leftovers = sorted(p.name for p in out.parent.iterdir())
        assert len(leftovers) == 2, leftovers  # the map and its rejects, nothing else


def _namespaces() -> bool:
    """Whether this user may mount a small tmpfs in a private namespace (``unshare -rm``)."""
    try:
        return subprocess.run(["unshare", "-rm", "true"], capture_output=True,
                              timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


#: In a private mount namespace: a 1 MB tmpfs, a first build that fits, a copy of what it
#: wrote, then the second build (which does not fit, or meets a read-only remount).
DISK = """
set -u
mount -t tmpfs -o size=1m tmpfs "$OUT"
"$PY" -c "$CLI" build "$FIRST" -o "$OUT/m.html" --offline > /dev/null || exit 90
cp -a "$OUT/." "$BEFORE/"
if [ "$MODE" = ro ]; then mount -o remount,ro "$OUT"; fi
"$PY" -c "$CLI" build "$SECOND" -o "$OUT/m.html" --offline 2> "$ERR" > /dev/null
echo $? > "$CODE"
cp -a "$OUT/." "$AFTER/"
"""


@pytest.mark.skipif(not _namespaces(), reason="needs `unshare -rm` to mount a small tmpfs")
@pytest.mark.parametrize("mode", ["full", "ro"])
def test_a_real_full_or_read_only_disk_is_one_line_and_keeps_the_outputs(
        tmp_path: Path, mode: str) -> None:
    """Issue 15 item 9: a full disk and a read-only file system were tracebacks."""
    first = events(tmp_path / "first.csv", "Alpha", "someday")
    second = events(tmp_path / "second.csv", "Beta", "never")
    if mode == "full":  # notes big enough that the new map and the old one do not both fit
        text = second.read_text(encoding="utf-8").replace("Beta note", "Beta note " + "x" * 90_000)
        second.write_text(text, encoding="utf-8")
    folders = {name: tmp_path / name for name in ("out", "before", "after")}
    for folder in folders.values():
        folder.mkdir()
    env = {**os.environ, "GEOMAP_CACHE_DIR": str(tmp_path / "cache"), "PY": sys.executable,
           "CLI": "import sys; from geomap.cli import main; sys.exit(main())",
           "FIRST": str(first), "SECOND": str(second), "MODE": mode,
           "OUT": str(folders["out"]), "BEFORE": str(folders["before"]),
           "AFTER": str(folders["after"]), "ERR": str(tmp_path / "err"),
           "CODE": str(tmp_path / "code")}
    done = subprocess.run(["unshare", "-rm", "sh", "-c", DISK], env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    error = (tmp_path / "err").read_text(encoding="utf-8").strip()
    assert (tmp_path / "code").read_text().strip() == "1", error
    assert error.startswith("Error: expected to write") and len(error.splitlines()) == 1, error
    reason = "No space left on device" if mode == "full" else "Read-only file system"
    assert reason in error and "Traceback" not in error
    before = {p.name: p.read_bytes() for p in folders["before"].iterdir()}
    after = {p.name: p.read_bytes() for p in folders["after"].iterdir()}
    assert after == before  # the previous map and rejects, and no temporary file
    assert unit(folders["after"] / "m.html") == "Alpha"


#: In a private mount namespace: a read-only tmpfs, and each command that writes, writing
#: into it; each one's exit code and standard error are kept.
READ_ONLY = """
set -u
mount -t tmpfs -o size=1m,ro tmpfs "$OUT"
run() {
  name=$1; shift
  "$PY" -c "$CLI" "$@" > /dev/null 2> "$LOGS/$name.err"; echo $? > "$LOGS/$name.code"
}
run build build "$SRC" -o "$OUT/m.html" --offline
run layers layers "$SRC" -o "$OUT/layers"
run publish publish "$SRC" -o "$OUT/site" --workers 1
run geocode geocode --input "$SRC" --column location -o "$OUT/places.csv"
run extract extract "$ARTICLE" --date 2024-07-10 --scenario "$OUT/draft.yaml"
run init init "$OUT/project"
"""


@pytest.mark.skipif(not _namespaces(), reason="needs `unshare -rm` to mount a small tmpfs")
def test_every_command_on_a_read_only_disk_is_one_line(tmp_path: Path) -> None:
    """Before: ``geomap geocode --input ... -o`` and ``geomap init`` on a read-only file
    system were tracebacks (removing a temporary file never made raised over the error;
    the folder's ``mkdir`` was not reported), and ``extract --scenario`` exited 2."""
    source = events(tmp_path / "events.csv", "Alpha", "someday")
    article = tmp_path / "article.txt"
    article.write_text("Gunmen attacked Gao, Mali, on Monday, killing 3 people.\n",
                       encoding="utf-8")
    out, logs = tmp_path / "out", tmp_path / "logs"
    out.mkdir()
    logs.mkdir()
    env = {**os.environ, "GEOMAP_CACHE_DIR": str(tmp_path / "cache"), "PY": sys.executable,
           "CLI": "import sys; from geomap.cli import main; sys.exit(main())",
           "SRC": str(source), "ARTICLE": str(article), "OUT": str(out), "LOGS": str(logs)}
    done = subprocess.run(["unshare", "-rm", "sh", "-c", READ_ONLY], env=env,
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("build", "layers", "publish", "geocode", "extract", "init"):
        error = (logs / f"{name}.err").read_text(encoding="utf-8")
        lines = [line for line in error.splitlines() if line.startswith("Error:")]
        assert "Traceback" not in error and len(lines) == 1, (name, error)
        assert "Read-only file system" in lines[0], (name, error)
        assert (logs / f"{name}.code").read_text().strip() == "1", (name, error)


def test_two_builds_of_one_project_run_one_after_the_other(tmp_path: Path) -> None:
    """A project's builds hold a lock on its geomap.toml: the second one to start waits, then
    finds every output fresh, and the state file lists exactly what is on disk."""
    events(tmp_path / "events.csv", "Alpha", "someday")
    (tmp_path / "geomap.toml").write_text(
        '[[sources]]\npath = "events.csv"\n[[maps]]\nname = "m"\n', encoding="utf-8")
    env = {**os.environ, "GEOMAP_CACHE_DIR": str(tmp_path / "cache")}
    procs = [subprocess.Popen([sys.executable, "-c", RUNNER, "build"], cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outputs = [proc.communicate(timeout=600) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], [err for _, err in outputs]
    statuses = sorted(line.split()[0] for out, _ in outputs for line in out.splitlines()
                      if "map:m:" in line)
    assert statuses == ["unchanged", "written"], outputs
    state = json.loads((tmp_path / ".geomap-state.json").read_text(encoding="utf-8"))
    for entry in state["outputs"].values():
        for name, digest in entry["sha256"].items():
            assert hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() == digest
    assert unit(tmp_path / "output" / "m.html") == "Alpha"
