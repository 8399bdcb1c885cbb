"""Encodings of delimited exports: UTF-8 (with or without BOM), UTF-16, and the
cp1252/Latin-1 files (or files pasted together from both) that spreadsheets produce.

Valid UTF-8 files are scanned once (ASCII chunks skip decoding) and handed to the parser
as they are; anything else is decoded line by line (UTF-8 where valid, cp1252 elsewhere,
Latin-1 for the five bytes cp1252 leaves undefined), re-encoded as UTF-8, and reported
with a warning that names the lines.
"""

from __future__ import annotations

import codecs
import logging
from pathlib import Path

from geomap.errors import FormatError
from geomap.sources.report import Reject

logger = logging.getLogger(__name__)

_SCAN_SIZE = 16 << 20


def decode(path: Path) -> tuple[str, list[Reject], bytes | None, int]:
    """Check the encoding; return it, warnings, re-encoded UTF-8 bytes when needed and the
    number of physical lines."""
    name = str(path)
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head:
        raise FormatError("expected rows of data, got an empty file (0 bytes)", file=name,
                          hint="Check that the export finished.")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            data = path.read_bytes().decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as err:
            raise FormatError(f"expected UTF-16 text after the UTF-16 byte-order mark, got "
                              f"{err.reason}", file=name) from err
        return "utf-16", [], data, line_count(data)
    if b"\x00" in head:
        raise FormatError("expected a text file, got binary data (NUL bytes)", file=name,
                          hint="Pass a CSV/TSV export, or --format for GeoPackage files.")
    encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    lines = _utf8_lines(path)
    if lines is not None:
        return encoding, [], None, lines
    kind, warnings, data = decode_mixed(path)
    return kind, warnings, data, line_count(data)


def line_count(data: bytes) -> int:
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def _utf8_lines(path: Path) -> int | None:
    """The file's physical line count if it is valid UTF-8, else None."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    newlines, last = 0, b""
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_SCAN_SIZE):
                if not (chunk.isascii() and not decoder.getstate()[0]):
                    decoder.decode(chunk)
                newlines += chunk.count(b"\n")
                last = chunk
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return newlines + (0 if last.endswith(b"\n") else 1)


def _decode_line(line: bytes) -> tuple[str, bool]:
    try:
        return line.decode("utf-8"), True
    except UnicodeDecodeError:
        try:
            return line.decode("cp1252"), False
        except UnicodeDecodeError:
            return line.decode("latin-1"), False


def decode_mixed(path: Path) -> tuple[str, list[Reject], bytes]:
    """Decode line by line: UTF-8 where valid, cp1252 elsewhere."""
    out: list[str] = []
    legacy: list[int] = []
    utf8_non_ascii = False
    for number, line in enumerate(path.read_bytes().removeprefix(codecs.BOM_UTF8)
                                  .splitlines(keepends=True), start=1):
        text, ok = _decode_line(line)
        if not ok:
            legacy.append(number)
        elif not line.isascii():
            utf8_non_ascii = True
        out.append(text)
    kind = "mixed UTF-8 and cp1252" if utf8_non_ascii else "cp1252 (Windows Latin-1)"
    shown = ", ".join(map(str, legacy[:5])) + (" ..." if len(legacy) > 5 else "")
    warning = Reject(
        str(path), legacy[0], None,
        f"expected UTF-8, got {kind}: {len(legacy)} line(s) decoded as cp1252 "
        f"(lines {shown}); check accented names and re-export as UTF-8",
    )
    logger.warning("%s", warning)
    return kind, [warning], "".join(out).encode("utf-8")
