"""Worker processes end with the process that started them (``geomap._workers``).

Before: a ``ProcessPoolExecutor`` worker whose parent was killed waited for ever on the
pipes it shares with that parent (it holds both of their ends, so it never sees them
close); ``geomap publish`` and ``geomap extract -j`` left such workers after every kill.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


@contextlib.contextmanager
def started_session(argv: list[str], ready: Callable[[subprocess.Popen[bytes]], bool],
                    what: str, limit: float = 300.0,
                    **options: Any) -> Iterator[subprocess.Popen[bytes]]:
    """``argv`` started as the leader of a new session (its workers are found by session),
    handed over once ``ready(proc)`` gives its signal that the work is under way (a line
    on its output, a staged file); it must not end before. On the way out, every process
    of the session still running is killed, by id: only what the test started."""
    with subprocess.Popen(argv, start_new_session=True, **options) as proc:
        try:
            deadline = time.monotonic() + limit  # bounds the wait; no assertion reads it
            signalled = ready(proc)
            while not signalled and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
                signalled = ready(proc)
            if not signalled:
                pytest.fail(f"{what}: ended before its signal" if proc.poll() is not None
                            else f"{what}: no signal after {limit} s")
            yield proc
        finally:
            for pid in alive_in_session(proc.pid):
                os.kill(pid, signal.SIGKILL)


def first_lines(proc: subprocess.Popen[bytes], count: int = 1) -> list[bytes]:
    """The next ``count`` lines of ``proc``'s output (an empty one at its end)."""
    assert proc.stdout is not None
    return [proc.stdout.readline() for _ in range(count)]


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
    with started_session([sys.executable, str(script), start_method],
                         lambda proc: first_lines(proc, 2) == [b"started\n"] * 2,
                         "the parent", cwd=tmp_path, stdout=subprocess.PIPE) as proc:
        leftovers = kill_and_find_leftovers(proc, workers=2)
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
    with started_session([sys.executable, str(script)],
                         lambda proc: first_lines(proc) == [b"started\n"], "the parent",
                         cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert wait_for(lambda: len(alive_in_session(proc.pid)) >= 3)  # parent + 2
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert wait_for(lambda: not alive_in_session(proc.pid), limit=30)
    assert err.decode() == "Aborted!\n"
