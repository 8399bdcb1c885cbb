"""Read a big delimited export in pieces, with the readers of :func:`read_events`.

A 10-million-row ACLED export is 5 GB of text: read whole, its string table alone needs
more memory than a laptop has. :func:`read_events_in_chunks` cuts the file at record
boundaries (a newline outside quotes) into pieces of about ``chunk_bytes``, gives each
piece its header line, reads it with the same reader as the whole file would get
(validation, rejects, normalisation), and maps line numbers and file names back to the
original file, so a reject still says ``acled.csv:7301544: field 'latitude': ...``.

Formats read whole (one chunk): GeoJSON, GeoPackage, scenarios, articles and UTF-16
text (not cut at byte boundaries). Each piece's reader deals with the repeats of an id
within that piece; those across pieces are found by the caller (``geomap publish``:
:mod:`geomap.publish.repeats`).
"""

from __future__ import annotations

import codecs
import dataclasses
import logging
import os
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from geomap.sources.detect import detect_format
from geomap.sources.read import read_events

if TYPE_CHECKING:
    from geomap.sources.report import ReadResult, Reject

logger = logging.getLogger(__name__)

#: Formats whose files are delimited text with one record per line (quotes aside).
SPLITTABLE = ("acled", "ucdp", "csv", "gdelt")
#: Formats without a header line.
HEADERLESS = ("gdelt",)
DEFAULT_CHUNK_BYTES = 256 << 20


@dataclasses.dataclass(frozen=True)
class Piece:
    """Part of a file to read on its own: bytes ``[start, end)`` (``end`` -1: the whole
    file, read as is), whose first record is on physical ``line``, read as ``fmt``
    with ``header`` (the file's header line) put before it; an article's relative dates
    resolve against ``article_date``."""

    path: Path
    fmt: str
    start: int = 0
    end: int = -1
    line: int = 1
    header: bytes = b""
    article_date: date | None = None

    def read(self) -> ReadResult:
        """Read the piece with :func:`~geomap.sources.read.read_events`' readers."""
        if self.end < 0:
            return read_events(self.path, self.fmt, article_date=self.article_date)
        return _read_piece(self)


def read_events_in_chunks(
    path: str | Path, input_format: str = "auto", *, chunk_bytes: int = DEFAULT_CHUNK_BYTES,
) -> Iterator[ReadResult]:
    """Read ``path`` as :func:`~geomap.sources.read.read_events` would, a piece at a time.

    Parameters
    ----------
    path
        An event file (any format :func:`read_events` reads).
    input_format
        ``"auto"`` (detected once from the content) or a reader name.
    chunk_bytes
        About how many bytes of the file each piece holds.

    Yields
    ------
    ReadResult
        One per piece, with ``source``, ``source_line`` and every reject's file and
        line as in the original file. ``rows_read`` of the pieces add up to the file's.
    """
    for piece in plan_pieces(path, input_format, chunk_bytes=chunk_bytes):
        yield piece.read()


def plan_pieces(path: str | Path, input_format: str = "auto", *,
                chunk_bytes: int = DEFAULT_CHUNK_BYTES,
                article_date: date | None = None) -> list[Piece]:
    """The pieces :func:`read_events_in_chunks` reads, to read them elsewhere (in other
    processes or on other machines that see the same file); an article (read whole)
    dated ``article_date``."""
    path = Path(path)
    fmt = detect_format(path) if input_format in ("", "auto") else input_format.casefold()
    if fmt not in SPLITTABLE or _is_utf16(path) or path.stat().st_size <= chunk_bytes:
        return [Piece(path, fmt, article_date=article_date)]
    header = b"" if fmt in HEADERLESS else _header(path)
    return [Piece(path, fmt, start, end, line, header)
            for start, end, line in _cuts(path, len(header), chunk_bytes)]


def _is_utf16(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _header(path: Path) -> bytes:
    """The header line, with its newline (the first physical line)."""
    with path.open("rb") as handle:
        return handle.readline()


def _cuts(path: Path, start: int, chunk_bytes: int) -> Iterator[tuple[int, int, int]]:
    """Cut the file after ``start`` at newlines outside quotes, about every ``chunk_bytes``."""
    size = path.stat().st_size
    line = 2 if start else 1
    with path.open("rb") as handle:
        while start < size:
            handle.seek(start)
            block = handle.read(chunk_bytes)
            end = start + _record_end(block) if start + len(block) < size else size
            yield start, end, line
            line += block.count(b"\n", 0, end - start)  # the piece is the block's start
            start = end


def _record_end(block: bytes) -> int:
    """Length of the longest prefix of ``block`` that ends a record (after a newline
    preceded by an even number of quote characters); the whole block when none does."""
    cut = block.rfind(b"\n")
    while cut >= 0:
        if block.count(b'"', 0, cut) % 2 == 0:
            return cut + 1
        cut = block.rfind(b"\n", 0, cut)
    return len(block)


def _read_piece(piece: Piece) -> ReadResult:
    """Read one piece through a temporary file holding the header and its records."""
    path, header = piece.path, piece.header
    folder = path.parent if os.access(path.parent, os.W_OK) else None
    with tempfile.NamedTemporaryFile(prefix=f".{path.name}.", suffix=".piece",
                                     dir=folder) as handle, path.open("rb") as source:
        handle.write(header)
        source.seek(piece.start)
        remaining = piece.end - piece.start
        while remaining:
            data = source.read(min(remaining, 16 << 20))
            handle.write(data)
            remaining -= len(data)
        handle.flush()
        result = read_events(Path(handle.name), piece.fmt)
        shift = piece.line - (2 if header else 1)
        return _relocated(result, str(path), handle.name, shift)


def _relocated(result: ReadResult, name: str, piece_name: str, shift: int) -> ReadResult:
    """``result`` with the original file's name and line numbers."""

    def move(reject: Reject) -> Reject:
        line = None if reject.line is None else reject.line + shift
        file = name if reject.file == piece_name else reject.file
        return dataclasses.replace(reject, file=file, line=line)

    frame = result.frame
    if "source_line" in frame and len(frame):
        frame["source_line"] = frame["source_line"] + shift
    return dataclasses.replace(
        result, source=name, rejects=[move(r) for r in result.rejects],
        warnings=[move(w) for w in result.warnings])
