"""A fake Nominatim on 127.0.0.1 (http.server in a thread) with scripted faults.

Each query has a script: a list of behaviours used by successive requests (the last one
repeats).  Behaviours: ``"ok"``, ``"empty"``, ``("status", code, headers)``, ``("slow",
seconds)`` then ok, ``"truncated"``, ``"malformed"``, ``"html"`` (wrong content type and an
HTML body), ``"json-as-text"`` (valid JSON sent as text/plain), ``("drip", bytes_per_second)``
(a valid answer padded with spaces, sent a byte at a time), ``("huge", size, announce)``
(``size`` bytes of padding, with or without a Content-Length), ``"null"``, ``"{}"``,
``("coords", lat, lon)`` (an answer with these coordinates as written).

``server.sent[query]`` counts the body bytes each query got before the client hung up;
``server.shift`` moves every answer's coordinates (a second server that answers
differently).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

# Asymmetric coordinates (lat != lon, signs differ) so a swap cannot pass.
PLACES = {
    "Gao": (16.27167, -0.04472, "city", "ml", "Gao"),
    "Kidal": (18.44111, 1.40778, "city", "ml", "Kidal"),
    "Bamako": (12.65, -8.0, "city", "ml", "Bamako"),
    "Mali": (16.37, -2.29, "country", "ml", None),
    "Donetsk Oblast": (48.0, 37.8, "state", "ua", "Donetsk Oblast"),
}


def answer(query: str, shift: float = 0.0) -> list[dict[str, Any]]:
    lat, lon, addresstype, code, state = PLACES.get(query, (10.5, -20.25, "city", "zz", None))
    lat, lon = lat + shift, lon + shift
    address = {"country_code": code, "country": "Somewhere"}
    if state:
        address["state"] = state
    return [{
        "place_id": 1, "lat": str(lat), "lon": str(lon), "name": query,
        "display_name": f"{query}, {state or ''}, Somewhere", "addresstype": addresstype,
        "class": "place", "type": addresstype, "address": address,
        "boundingbox": [str(lat - 0.1), str(lat + 0.1), str(lon - 0.1), str(lon + 0.1)],
    }]


class FakeNominatim:
    """Start with ``with FakeNominatim() as server:``; ``server.domain`` for geopy."""

    def __init__(self) -> None:
        self.scripts: dict[str, list[Any]] = {}
        self.requests: Counter[str] = Counter()
        self.agents: list[str] = []
        self.sent: Counter[str] = Counter()
        self.shift = 0.0
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeNominatim:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def behaviour(self, query: str) -> Any:
        with self.lock:
            self.requests[query] += 1
            script = self.scripts.get(query, ["ok"])
            return script[min(self.requests[query] - 1, len(script) - 1)]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                params = parse_qs(urlparse(self.path).query)
                query = params.get("q", [""])[0]
                fake.agents.append(self.headers.get("User-Agent", ""))
                try:
                    self._respond(query, fake.behaviour(query))
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def _send(self, status: int, body: bytes, content_type: str,
                      headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def _stream(self, query: str, body: Any, size: int | None, pause: float) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                if size is not None:
                    self.send_header("Content-Length", str(size))
                self.end_headers()
                for piece in body:
                    self.wfile.write(piece)
                    self.wfile.flush()
                    with fake.lock:
                        fake.sent[query] += len(piece)
                    if pause:
                        time.sleep(pause)
                self.close_connection = True

            def _respond(self, query: str, how: Any) -> None:
                ok = json.dumps(answer(query, fake.shift)).encode()
                if isinstance(how, tuple) and how[0] == "drip":
                    body = ok + b" " * 2000
                    pieces = (body[i:i + 1] for i in range(len(body)))
                    self._stream(query, pieces, len(body), 1.0 / how[1])
                elif isinstance(how, tuple) and how[0] == "huge":
                    size, announce = how[1], how[2]
                    pieces = (b"[" + b" " * (64 * 1024 - 1) if i == 0 else b" " * 64 * 1024
                              for i in range(size // (64 * 1024)))
                    self._stream(query, pieces, size if announce else None, 0.0)
                elif how in ("null", "{}"):
                    self._send(200, how.encode(), "application/json")
                elif isinstance(how, tuple) and how[0] == "coords":
                    record = answer(query)[0] | {"lat": str(how[1]), "lon": str(how[2])}
                    self._send(200, json.dumps([record]).encode(), "application/json")
                elif how == "ok":
                    self._send(200, ok, "application/json")
                elif how == "empty":
                    self._send(200, b"[]", "application/json")
                elif isinstance(how, tuple) and how[0] == "status":
                    headers = how[2] if len(how) > 2 else {}
                    self._send(how[1], b'{"error": "fault"}', "application/json", headers)
                elif isinstance(how, tuple) and how[0] == "slow":
                    time.sleep(how[1])
                    self._send(200, ok, "application/json")
                elif how == "cut":  # promises the whole body, sends half, hangs up
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(ok)))
                    self.end_headers()
                    self.wfile.write(ok[: len(ok) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                elif how == "truncated":
                    self._send(200, ok[: len(ok) // 2], "application/json")
                elif how == "malformed":
                    self._send(200, b'[{"lat": "12.5", "lon": }', "application/json")
                elif how == "html":
                    self._send(200, b"<html><body>Service busy</body></html>", "text/html")
                elif how == "json-as-text":
                    self._send(200, ok, "text/plain")
                else:
                    raise AssertionError(f"unknown behaviour {how!r}")

        return Handler
