"""Encodings of delimited exports: UTF-8 (with or without BOM), UTF-16 and UTF-32 (with
their byte-order mark), and the cp1252/Latin-1 files (or files pasted together from both)
that spreadsheets produce.

A file whose first megabyte is valid UTF-8 is handed to the parser as it is: pyarrow
checks every value while it makes its text columns, and the reader decodes the file
again as below only when one is not UTF-8 (so a good file is not validated twice); its
lines and NUL bytes are counted here. Anything else is decoded line by line (UTF-8 where
valid, cp1252 elsewhere, Latin-1 for the five bytes cp1252 leaves undefined), re-encoded
as UTF-8, and reported with a warning that names the lines.

What is not text is refused by name (:func:`binary_kind`): compressed files, workbooks,
PDFs, UTF-16/UTF-32 without a byte-order mark, and other binary data. A NUL byte in an
otherwise textual file is not binary: the reader rejects the row that holds it
(:attr:`Decoded.has_nul` says whether to look).
"""

from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass
from pathlib import Path

from geomap._files import SIGNATURES, bom_encoding, decode_lines
from geomap.errors import FormatError
from geomap.sources.report import Reject

logger = logging.getLogger(__name__)

_SCAN_SIZE = 16 << 20
_HEAD_SIZE = 1 << 20
#: Control bytes (not tab, newline, carriage return, form feed) above this share of the
#: first block mean binary data, not text with a stray byte.
BINARY_SHARE = 0.05


@dataclass
class Decoded:
    """How a delimited file is encoded.

    ``data`` holds the file re-encoded as UTF-8 when it was not UTF-8 (else ``None``: the
    parser reads the file itself, checking that it is); ``lines`` is its number of physical
    lines, and ``has_nul`` whether it holds a NUL byte (``-1`` and ``True`` when the file was
    not scanned: ``decode(scan=False)``).
    """

    encoding: str
    warnings: list[Reject]
    data: bytes | None
    lines: int
    has_nul: bool


def decode(path: Path, *, scan: bool = True) -> Decoded:
    """Check the encoding of ``path`` (see the module docs).

    Without ``scan`` a UTF-8 file's lines and NUL bytes are not counted (a parser that
    checks each block of rows itself does not need them).

    Raises
    ------
    FormatError
        Empty files, binary files, and text that does not decode in the encoding its
        byte-order mark names.
    """
    name = str(path)
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head:
        raise FormatError("expected rows of data, got an empty file (0 bytes)", file=name,
                          hint="Check that the export finished.")
    bom = bom_encoding(head)
    if bom is not None:
        return _decode_whole(path, bom)
    _refuse_binary(head, name)
    encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    if _utf8_head(path):
        return Decoded(encoding, [], None, *(_line_scan(path) if scan else (-1, True)))
    kind, warnings, data = decode_mixed(path)
    return Decoded(kind, warnings, data, line_count(data), b"\x00" in data)


def binary_kind(head: bytes) -> tuple[str, str] | None:
    """What ``head`` is when it is not text (and how to fix it), else ``None``.

    Text in a byte-order-marked encoding is text (see :func:`bom_encoding`).
    """
    if bom_encoding(head) is not None:
        return None
    for signature, kind, hint in SIGNATURES:
        if head.startswith(signature):
            return kind, hint
    wide = _wide_text(head)
    if wide is not None:
        return (f"{wide} text without a byte-order mark",
                "Save the file as UTF-8 (or as UTF-16 with its byte-order mark).")
    control = sum(head.count(bytes([b])) for b in (*range(9), *range(14, 32), 127))
    if head and control > BINARY_SHARE * len(head):
        return "binary data", "Pass a CSV/TSV export, or --input-format for GeoPackage files."
    return None


def _wide_text(head: bytes) -> str | None:
    """UTF-16/UTF-32 without a mark: text in the Latin script leaves NULs in fixed lanes."""
    sample = head[: len(head) - len(head) % 4]
    if len(sample) < 8:
        return None
    for width, kind in ((4, "UTF-32"), (2, "UTF-16")):
        lanes = [sample[i::width] for i in range(width)]
        for order, text_lane, zero_lanes in (("LE", lanes[0], lanes[1:]),
                                             ("BE", lanes[-1], lanes[:-1])):
            if text_lane.count(0) < len(text_lane) // 2 and all(
                    lane.count(0) >= 0.9 * len(lane) for lane in zero_lanes):
                return f"{kind}-{order}"
    return None


def _refuse_binary(head: bytes, name: str) -> None:
    found = binary_kind(head)
    if found is not None:
        kind, hint = found
        raise FormatError(f"expected a text file, got {kind}", file=name, hint=hint)


def _decode_whole(path: Path, encoding: str) -> Decoded:
    try:
        text = path.read_bytes().decode(encoding)
    except UnicodeDecodeError as err:
        label = encoding.upper()
        raise FormatError(f"expected {label} text after the {label} byte-order mark, got "
                          f"{err.reason} at byte {err.start}", file=str(path),
                          hint="Re-export the file as UTF-8.") from err
    data = text.encode("utf-8")
    return Decoded(encoding, [], data, line_count(data), "\x00" in text)


def line_count(data: bytes) -> int:
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def _line_scan(path: Path) -> tuple[int, bool]:
    """The file's physical line count and whether it holds a NUL byte (read in chunks)."""
    newlines, last, has_nul = 0, b"", False
    with path.open("rb") as handle:
        while chunk := handle.read(_SCAN_SIZE):
            newlines += chunk.count(b"\n")
            has_nul = has_nul or b"\x00" in chunk
            last = chunk
    return newlines + (0 if last.endswith(b"\n") else 1), has_nul


def _utf8_head(path: Path) -> bool:
    """Whether the file's first megabyte (its whole lines, the header among them) is UTF-8;
    the parser checks the rest."""
    with path.open("rb") as handle:
        head = handle.read(_HEAD_SIZE)
    cut = len(head) == _HEAD_SIZE
    if cut and b"\n" in head:
        head = head[: head.rindex(b"\n")]  # the last line may be cut
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:  # a character cut at the end of a longer line is not
        return cut and err.reason == "unexpected end of data"
    return True


#: The encodings :func:`decode_mixed` names: its warning is about the first line it decoded
#: as cp1252, which the table reader then locates (the field, its bytes).
LEGACY_KINDS = ("mixed UTF-8 and cp1252", "cp1252 (Windows Latin-1)")


def legacy_bytes(text: str) -> bytes:
    """The bytes a text :func:`decode_mixed` decoded as cp1252 (Latin-1 where cp1252 leaves
    a byte undefined) came from."""
    try:
        return text.encode("cp1252")
    except UnicodeEncodeError:
        return text.encode("latin-1")


def decode_mixed(path: Path) -> tuple[str, list[Reject], bytes]:
    """Decode line by line: UTF-8 where valid, cp1252 elsewhere (:func:`decode_lines`)."""
    text, legacy, utf8_non_ascii = decode_lines(path.read_bytes())
    kind = LEGACY_KINDS[0] if utf8_non_ascii else LEGACY_KINDS[1]
    shown = ", ".join(map(str, legacy[:5])) + (" ..." if len(legacy) > 5 else "")
    warning = Reject(
        str(path), legacy[0], None,
        f"expected UTF-8, got {kind}: {len(legacy)} line(s) decoded as cp1252 "
        f"(lines {shown}); check accented names and re-export as UTF-8",
    )
    logger.warning("%s", warning)
    return kind, [warning], text.encode("utf-8")
