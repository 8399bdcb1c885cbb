"""Worker processes end with the process that started them (``geomap._workers``).

Before: a ``ProcessPoolExecutor`` worker whose parent was killed waited for ever on the
pipes it shares with that parent (it holds both of their ends, so it never sees them
close); ``geomap publish`` and ``geomap extract -j`` left such workers after every kill.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PARENT = """
import os, sys, time
from geomap._workers import process_pool

def wait():
    os.write(1, b"started\\n")  # one write: the two workers share the pipe
    time.sleep(600)

if __name__ == "__main__":
    with process_pool(2, start_method=sys.argv[1]) as pool:
        futures = [pool.submit(wait) for _ in range(2)]
        futures[0].result()
"""


def alive_in_session(session: int) -> list[int]:
    """The processes of ``session`` that still run (zombies left out: nobody may reap
    them in a container)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, _ppid, _group, sid = stat.rsplit(")", 1)[1].split()[:4]
        if int(sid) == session and state != "Z":
            found.append(int(entry.name))
    return found


def wait_for(condition: object, limit: float = 60.0) -> bool:
    """Poll ``condition()`` until true or ``limit`` s pass; its last value."""
    deadline = time.monotonic() + limit
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.05)
    return bool(condition())  # type: ignore[operator]


def kill_and_find_leftovers(proc: subprocess.Popen[bytes], workers: int) -> list[int]:
    """SIGKILL ``proc`` (the leader of its session) once it has ``workers`` workers; the
    processes of its session still running afterwards."""
    assert wait_for(lambda: len(alive_in_session(proc.pid)) > workers), \
        f"expected {workers} workers, got {alive_in_session(proc.pid)}"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    wait_for(lambda: not alive_in_session(proc.pid), limit=30.0)
    return alive_in_session(proc.pid)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc and prctl")
@pytest.mark.parametrize("start_method", ["spawn", "fork"])
def test_workers_end_when_their_parent_is_killed(tmp_path: Path, start_method: str) -> None:
    script = tmp_path / "parent.py"
    script.write_text(PARENT, encoding="utf-8")
    with subprocess.Popen([sys.executable, str(script), start_method], cwd=tmp_path,
                          stdout=subprocess.PIPE, start_new_session=True) as proc:
        try:
            assert proc.stdout is not None
            assert [proc.stdout.readline() for _ in range(2)] == [b"started\n"] * 2
            leftovers = kill_and_find_leftovers(proc, workers=2)
        finally:
            for pid in alive_in_session(proc.pid):  # what the test started, by id
                os.kill(pid, signal.SIGKILL)
    assert leftovers == []


CTRL_C = """
import os, signal, sys, time
from geomap._workers import process_pool

def wait():
    os.write(1, b"started\\n")
    time.sleep(600)

if __name__ == "__main__":
    try:
        with process_pool(2, start_method="fork") as pool:  # one worker busy, one idle
            future = pool.submit(wait)
            future.result()
    except KeyboardInterrupt:
        os.write(2, b"Aborted!\\n")
        os._exit(1)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc and fork")
def test_ctrl_c_stops_the_workers_without_a_traceback(tmp_path: Path) -> None:
    """Before: Ctrl-C (SIGINT to the whole process group, as a terminal sends it) made an
    idle worker print a ``KeyboardInterrupt`` traceback."""
    script = tmp_path / "parent.py"
    script.write_text(CTRL_C, encoding="utf-8")
    with subprocess.Popen([sys.executable, str(script)], cwd=tmp_path, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, start_new_session=True) as proc:
        try:
            assert proc.stdout is not None and proc.stdout.readline() == b"started\n"
            assert wait_for(lambda: len(alive_in_session(proc.pid)) >= 3)  # parent + 2
            os.killpg(proc.pid, signal.SIGINT)
            _, err = proc.communicate(timeout=60)
            assert wait_for(lambda: not alive_in_session(proc.pid), limit=30)
        finally:
            for pid in alive_in_session(proc.pid):  # what the test started, by id
                os.kill(pid, signal.SIGKILL)
    assert err.decode() == "Aborted!\n"
