"""Tests assert behaviour, never the clock (issue 14): no ``assert`` in tests/ uses a value
read from the clock (``time.perf_counter()``, ``time.time()``, ``time.monotonic()``...),
directly or through a variable computed from one. A timing assertion failed ``make test``
on a loaded machine (1.01 s against a 1.0 s limit); speed is measured in ``bench/``.

Clock reads used to bound a wait (``while ... and time.monotonic() < deadline``) or to
date a file are fine: only assertions are checked.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).resolve().parent
#: Functions of the ``time`` module that read a clock.
CLOCKS = frozenset({"time", "time_ns", "perf_counter", "perf_counter_ns", "monotonic",
                    "monotonic_ns", "process_time", "process_time_ns", "thread_time"})


def _reads_clock(node: ast.AST, tainted: set[str]) -> bool:
    """Whether ``node`` calls a clock or uses a name computed from one."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and sub.id in tainted:
            return True
        if isinstance(sub, ast.Call):
            func = sub.func
            if isinstance(func, ast.Attribute) and func.attr in CLOCKS \
                    and isinstance(func.value, ast.Name) and func.value.id == "time":
                return True
            if isinstance(func, ast.Name) and func.id in CLOCKS - {"time"}:
                return True  # from time import perf_counter
    return False


def _assigned(node: ast.AST) -> Iterator[tuple[list[str], ast.AST]]:
    """(names bound, value) of every assignment under ``node``."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Assign | ast.AugAssign | ast.AnnAssign) and sub.value:
            targets = sub.targets if isinstance(sub, ast.Assign) else [sub.target]
            names = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
            yield names, sub.value


def clock_assertions(source: str) -> list[int]:
    """Line numbers of the assertions in ``source`` that use the clock."""
    tree = ast.parse(source)
    found = []
    for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))]:
        tainted: set[str] = set()
        grew = True
        while grew:  # names computed from clock readings, through any chain
            before = len(tainted)
            for names, value in _assigned(scope):
                if _reads_clock(value, tainted):
                    tainted.update(names)
            grew = len(tainted) > before
        found += [a.lineno for a in ast.walk(scope)
                  if isinstance(a, ast.Assert) and _reads_clock(a.test, tainted)]
    return sorted(set(found))


def test_no_test_asserts_the_clock() -> None:
    offending = {str(path.relative_to(TESTS)): lines for path in sorted(TESTS.rglob("*.py"))
                 if (lines := clock_assertions(path.read_text(encoding="utf-8")))}
    assert not offending, f"assertions on wall-clock time (move them to bench/): {offending}"


#: The statement the examples below are written with: spelt apart so that a plain search of
#: tests/ for timing assertions does not take these examples for real ones.
CHECK = "assert"


def test_the_check_finds_timing_assertions() -> None:
    timed = f"""
import time
from time import perf_counter
def test_fast():
    start = time.perf_counter()
    run()
    elapsed = time.perf_counter() - start
    {CHECK} elapsed < 1.0
def test_direct():
    t0 = perf_counter()
    {CHECK} perf_counter() - t0 < 2
"""
    assert clock_assertions(timed) == [8, 11]
    waits = """
import time
def test_waits():
    deadline = time.monotonic() + 30
    while not ready() and time.monotonic() < deadline:
        pass
    assert ready()
"""
    assert clock_assertions(waits) == []
