"""A persistent answer cache for geocoders: SQLite in WAL mode.

Online geocoders keep each service's answers here; the offline gazetteer keeps the answers
of :func:`geomap.geocoding.answers.answer_all` (keyed by the versions of its data and code),
so a column of names answered once is not ranked again in the next run.

Keys are a hash of (service, query, parameters); the online geocoder passes as "service"
its whole identity (service name, endpoint and answer-changing options, see
:func:`geomap.geocoding.services.answer_identity`).  Only answers are stored (including "no
result"); failures never are, so a failed request is retried next time and can never
shadow a good answer.  Each write is one SQLite transaction, so a crash leaves the cache
as it was, and several processes can share one file.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from geomap import settings

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    query TEXT NOT NULL,
    params TEXT NOT NULL,
    answer TEXT NOT NULL,
    stored REAL NOT NULL
)
"""

#: Keys per ``SELECT ... IN (...)``: below SQLite's oldest limit of 999 parameters.
_BATCH = 500

#: Seconds a process waits for another one's lock on the file (SQLite's busy timeout, and
#: the retries of the opening pragmas, which SQLite does not always wait for itself).
_WAIT = 30.0


def default_cache_path() -> Path:
    """``<cache dir>/geocode-cache.sqlite``: the answer cache of online and offline answers."""
    return settings.resolved_cache_dir() / "geocode-cache.sqlite"


def _open(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode, waiting up to ``_WAIT`` s for other processes' locks.

    Switching to WAL (once per file: the mode is kept in it) and recovering the log of a
    process killed mid-write take a lock for which SQLite can answer "database is locked"
    at once instead of waiting; these steps are retried until ``_WAIT`` has passed.
    """
    db = sqlite3.connect(path, timeout=_WAIT)
    deadline = time.monotonic() + _WAIT
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            return db
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                db.close()
                raise
            if time.monotonic() > deadline:
                db.close()
                raise
            time.sleep(0.05)


def request_key(service: str, query: str, params: dict[str, Any]) -> str:
    """The cache key of a request: a SHA-256 of its service, query and parameters."""
    text = json.dumps([service, query, params], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def request_keys(service: str, queries: list[str], params: dict[str, Any]) -> list[str]:
    """:func:`request_key` of each text query: the JSON around the query is written once
    (a column's few thousand names are keyed in milliseconds)."""
    head = json.dumps([service], ensure_ascii=False)[:-1] + ", "
    tail = ", " + json.dumps(params, sort_keys=True, ensure_ascii=False) + "]"
    encode = _QUERY_JSON.encode
    return [hashlib.sha256(f"{head}{encode(query)}{tail}".encode()).hexdigest()
            for query in queries]


_QUERY_JSON = json.JSONEncoder(ensure_ascii=False)


def _decoded(rows: list[tuple[str, str]]) -> list[Any]:
    """The JSON answers of ``(key, answer)`` rows, read as one array (one call into the
    decoder instead of one per answer); one by one if a stored text is not JSON."""
    try:
        answers: list[Any] = json.loads(f"[{','.join(answer for _, answer in rows)}]")
    except ValueError:
        return [json.loads(answer) for _, answer in rows]
    if len(answers) != len(rows):  # a text such as "1, 2" would read as two answers
        return [json.loads(answer) for _, answer in rows]
    return answers


class AnswerCache:
    """A (service, query, params) -> JSON answer store.

    Parameters
    ----------
    path
        The SQLite file; its folder is created.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._connect() as db:
            db.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = _open(self.path)
            self._local.db = db
        return db

    def get(self, service: str, query: str, params: dict[str, Any]) -> tuple[bool, Any]:
        """``(True, answer)`` when cached, else ``(False, None)``."""
        row = self._connect().execute(
            "SELECT answer FROM answers WHERE key = ?", (request_key(service, query, params),)
        ).fetchone()
        if row is None:
            return False, None
        return True, json.loads(row[0])

    def put(self, service: str, query: str, params: dict[str, Any], answer: Any) -> None:
        """Store a successful answer (``None`` means "the service found nothing")."""
        payload = json.dumps(answer, ensure_ascii=False)
        key = request_key(service, query, params)
        with self._connect() as db:  # one transaction
            db.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?)",
                (key, service, query, json.dumps(params, sort_keys=True), payload, time.time()),
            )

    def get_many(self, service: str, queries: list[str], params: dict[str, Any]
                 ) -> dict[str, Any]:
        """The cached answers among ``queries`` (one ``SELECT`` per 500 of them)."""
        keys = dict(zip(request_keys(service, queries, params), queries, strict=True))
        wanted, rows = list(keys), []
        db = self._connect()
        for start in range(0, len(wanted), _BATCH):
            chunk = wanted[start:start + _BATCH]
            marks = ",".join("?" * len(chunk))  # placeholders only: the keys are parameters
            select = f"SELECT key, answer FROM answers WHERE key IN ({marks})"  # noqa: S608
            rows += db.execute(select, chunk).fetchall()
        return {keys[key]: answer for (key, _), answer in zip(rows, _decoded(rows), strict=True)}

    def put_many(self, service: str, answers: dict[str, Any], params: dict[str, Any]) -> None:
        """Store many answers (``query -> answer``) in one transaction."""
        stored, text = time.time(), json.dumps(params, sort_keys=True)
        keys = request_keys(service, list(answers), params)
        rows = [(key, service, query, text, json.dumps(answer, ensure_ascii=False), stored)
                for key, (query, answer) in zip(keys, answers.items(), strict=True)]
        with self._connect() as db:
            db.executemany("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?)", rows)

    def forget_services(self, prefix: str, keep: str) -> int:
        """Delete the answers of every service named ``prefix...`` but ``keep``; their count."""
        with self._connect() as db:
            return db.execute("DELETE FROM answers WHERE substr(service, 1, ?) = ? "
                              "AND service != ?", (len(prefix), prefix, keep)).rowcount

    def __len__(self) -> int:
        return int(self._connect().execute("SELECT COUNT(*) FROM answers").fetchone()[0])

    def integrity_ok(self) -> bool:
        """True when SQLite's integrity check passes."""
        return self._connect().execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def close(self) -> None:
        """Close this thread's connection."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
