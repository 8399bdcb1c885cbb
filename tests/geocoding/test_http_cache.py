"""The answer cache's SQLite file: opening it while other processes hold locks."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from geomap.geocoding import _http_cache
from geomap.geocoding._http_cache import AnswerCache


class _Locked:
    """A connection whose first ``busy`` pragmas answer "database is locked" at once."""

    def __init__(self, real: sqlite3.Connection, busy: int, message: str) -> None:
        self.real, self.busy, self.message, self.pragmas = real, busy, message, 0

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.startswith("PRAGMA"):
            self.pragmas += 1
            if self.busy > 0:
                self.busy -= 1
                raise sqlite3.OperationalError(self.message)
        return self.real.execute(sql, *args)

    def close(self) -> None:
        self.real.close()

    def __enter__(self) -> _Locked:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.__exit__(*exc)


def _patch_connect(monkeypatch: pytest.MonkeyPatch, busy: int, message: str) -> list[_Locked]:
    made: list[_Locked] = []
    connect = sqlite3.connect

    def locked_connect(path: Any, timeout: float) -> Any:
        made.append(_Locked(connect(path, timeout=timeout), busy, message))
        return made[-1]

    monkeypatch.setattr(_http_cache.sqlite3, "connect", locked_connect)
    return made


def test_a_file_locked_while_opening_is_waited_for(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _patch_connect(monkeypatch, busy=3, message="database is locked")
    monkeypatch.setattr(_http_cache.time, "sleep", lambda seconds: None)
    cache = AnswerCache(tmp_path / "answers.sqlite")
    assert made[0].pragmas > 3  # three refusals, then the pragmas went through
    cache.close()
    monkeypatch.undo()
    cache.put("svc", "Kidal", {}, {"lat": 18.4})
    assert cache.get("svc", "Kidal", {}) == (True, {"lat": 18.4})
    assert sqlite3.connect(tmp_path / "answers.sqlite").execute(
        "PRAGMA journal_mode").fetchone()[0] == "wal"


def test_other_errors_are_not_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _patch_connect(monkeypatch, busy=1, message="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        AnswerCache(tmp_path / "answers.sqlite")
    assert made[0].pragmas == 1


def test_a_lock_that_never_ends_is_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _patch_connect(monkeypatch, busy=10**9, message="database is locked")
    monkeypatch.setattr(_http_cache, "_WAIT", 0.2)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        AnswerCache(tmp_path / "answers.sqlite")
