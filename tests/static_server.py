"""A static file server on 127.0.0.1 that answers HTTP range requests (tests and bench).

``python -m http.server`` ignores ``Range`` headers, and a published site reads its
tile archive a range at a time, as it would from S3, GitHub Pages or nginx. This is
``http.server`` with single-range support (``206 Partial Content``), bound to the
loopback address only, on a free port, in a background thread.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


class RangeRequestHandler(SimpleHTTPRequestHandler):
    """Serves files of a folder, honouring one ``Range: bytes=a-b`` per request."""

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests and benchmarks read the results, not the log."""

    def send_head(self):  # type: ignore[no-untyped-def]
        match = _RANGE.match(self.headers.get("Range", "").strip())
        path = Path(self.translate_path(self.path))
        if match is None or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first, last = match.groups()
        start = int(first) if first else max(size - int(last or 0), 0)
        end = min(int(last), size - 1) if first and last else size - 1
        if start >= size or start > end:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.end_headers()
            return None
        handle = path.open("rb")
        handle.seek(start)
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self._remaining = end - start + 1
        return handle

    def copyfile(self, source, outputfile):  # type: ignore[no-untyped-def]
        remaining = getattr(self, "_remaining", None)
        if remaining is None:
            return super().copyfile(source, outputfile)
        while remaining > 0:
            data = source.read(min(remaining, 1 << 20))
            if not data:
                break
            outputfile.write(data)
            remaining -= len(data)
        self._remaining = None
        return None


class WholeFileHandler(SimpleHTTPRequestHandler):
    """``python -m http.server``'s handler, quiet: it ignores ``Range`` and sends every
    file whole (what a site must cope with when served that way)."""

    def log_message(self, format: str, *args: object) -> None:
        """Quiet, as :class:`RangeRequestHandler`."""


@contextlib.contextmanager
def serve(folder: str | os.PathLike[str],
          handler_class: type[SimpleHTTPRequestHandler] = RangeRequestHandler) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 for the duration of the block (with range requests
    unless another ``handler_class`` is given); yields its base URL."""
    handler = functools.partial(handler_class, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
