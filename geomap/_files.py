"""Reading named files: what a path is before anything reads it, and how bytes that are
not all UTF-8 become text.

Readers read a source more than once (to detect its format, its encoding, then its rows)
and rely on its size being known; a device may never end (``/dev/zero``) and a pipe with
no writer blocks ``open`` for ever. Every reader of a named file (sources, articles, the
query lists of ``geomap geocode --input``) asks :func:`special_file_kind` first.

Text that is not all UTF-8 — a cp1252 export, or a file pasted together from both — is
decoded line by line by :func:`decode_lines` (UTF-8 where valid, cp1252 elsewhere), so one
stray byte does not turn every valid accented name of the file into mojibake. UTF-16 and
UTF-32 are told by their byte-order mark (:func:`bom_encoding`). A byte that was not
UTF-8 reaches Python as a lone surrogate (``"\\udcff"``), which no page, CSV, JSON or
Arrow file can hold: :func:`lone_surrogate` finds one.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import stat
from collections.abc import Callable, Collection
from pathlib import Path
from typing import IO

_SURROGATE = re.compile("[\ud800-\udfff]")

logger = logging.getLogger(__name__)


def lone_surrogate(text: str) -> int | None:
    """The position of the first lone surrogate in ``text`` (half of a UTF-16 pair, no
    character), or None."""
    found = None if text.isascii() else _SURROGATE.search(text)
    return None if found is None else found.start()

#: What a path that is not a regular file is, by its ``stat`` test.
_SPECIAL_FILES = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"),
                  (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a pipe"),
                  (stat.S_ISSOCK, "a socket"))


#: The element every page geomap writes (a map, a published site's ``index.html``) carries
#: at the top of its head; a fragment starts with :data:`FRAGMENT_START`.
PAGE_MARK = b'<meta name="generator" content="geomap">'
FRAGMENT_START = b'<div class="geomap-embed"'


#: What every page geomap wrote before :data:`PAGE_MARK` existed (0.1.0 and the sessions
#: after it) holds: a map's or a fragment's layers data block, a site index's own script.
OLD_PAGE_MARKS = (b'<script type="application/json" id="geomap_layers_',
                  b'<script src="lib/site.js"></script>')
_SCAN = 1 << 20


def is_geomap_page(path: Path) -> bool:
    """Whether ``path`` is a page geomap wrote (a map, a fragment or a site's index): by
    its first bytes, or, for a page of an older geomap (read whole), by
    :data:`OLD_PAGE_MARKS`."""
    if path.suffix.lower() not in (".html", ".htm"):
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
            if _marked(head):
                return True
            return _holds_old_mark(head, handle)
    except OSError:
        return False


def is_geomap_page_data(data: bytes) -> bool:
    """Whether ``data``, a file's bytes, are a page geomap wrote (:func:`is_geomap_page`)."""
    return _marked(data[:512]) or any(mark in data for mark in OLD_PAGE_MARKS)


def _marked(head: bytes) -> bool:
    return PAGE_MARK in head or head.lstrip().startswith(FRAGMENT_START)


def _holds_old_mark(head: bytes, handle: IO[bytes]) -> bool:
    """Whether the file (its ``head`` read, the rest in ``handle``) holds an old mark."""
    keep = max(map(len, OLD_PAGE_MARKS)) - 1
    block = head
    while True:
        if any(mark in block for mark in OLD_PAGE_MARKS):
            return True
        more = handle.read(_SCAN)
        if not more:
            return False
        block = block[-keep:] + more


def files_in_folder(folder: Path, suffixes: Collection[str], what: str,
                    made_by_geomap: Callable[[Path], bool] = is_geomap_page,
                    ) -> tuple[list[Path], list[str]]:
    """The files under ``folder`` (recursively, in sorted order, hidden files and folders
    skipped) whose suffix in lower case is one of ``suffixes`` (``""``: no suffix), and the
    names of the others relative to ``folder``, which one warning per kind names (not
    ``what`` by their suffix: "articles", "sources"; links; written by geomap). Pipes and
    devices named like a kept file are kept: the reader refuses them by name
    (:func:`special_file_kind`).

    Links (to a file or a folder) are left out and named: a folder stands for the files
    in it, and a link may lead anywhere (an archive's ``notes.txt -> ~/.ssh/id_rsa`` put
    that file's text on a map meant to be shared; a linked folder was left out without a
    word). Given by name, a link is read.

    What geomap wrote there is left out and named too (``made_by_geomap``, and a
    published site's folder whole): a map written into the folder it maps was read as an
    article at the next build, its rejects file and layer files as sources (every event
    twice).
    """
    kept: list[Path] = []
    other_kind: list[str] = []
    links: list[str] = []
    ours: list[str] = []
    for root, folders, files in os.walk(folder):
        here = Path(root)
        if here != folder and _is_site(here):
            ours.append(str(here.relative_to(folder)) + os.sep)
            folders[:] = []
            continue
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in [*folders, *files]:
            child = here / name
            if child.is_symlink() and not name.startswith("."):
                links.append(str(child.relative_to(folder)))
        folders[:] = [name for name in folders if not (here / name).is_symlink()]
        for name in files:
            child = here / name
            if name.startswith(".") or child.is_symlink():
                continue
            if child.suffix.lower() not in suffixes:
                other_kind.append(str(child.relative_to(folder)))
            elif made_by_geomap(child):
                ours.append(str(child.relative_to(folder)))
            else:
                kept.append(child)
    _name_left_out(folder, other_kind, f"not {what} by their suffix")
    _name_left_out(folder, links, "links, which may lead anywhere")
    _name_left_out(folder, ours, "written by geomap (maps, sites, rejects and layer files)")
    return sorted(kept), sorted(other_kind + links + ours)


def _is_site(folder: Path) -> bool:
    """Whether ``folder`` is a site ``geomap publish`` wrote (its index and ``site.json``)."""
    return (folder / "site.json").is_file() and is_geomap_page(folder / "index.html")


def _name_left_out(folder: Path, names: list[str], why: str) -> None:
    if names:
        names.sort()
        shown = ", ".join(names[:5]) + (" ..." if len(names) > 5 else "")
        logger.warning("%s: %d file(s) left out, %s (%s): give one by name to read it",
                       folder, len(names), why, shown)


def special_file_kind(path: Path) -> str | None:
    """What ``path`` is when it exists but is not a regular file (``"a pipe"``), else None
    (a regular file, or a missing one: the reader names that with the system's reason)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    return next((kind for test, kind in _SPECIAL_FILES if test(mode)), None)


#: Byte-order marks, longest first (UTF-32-LE's mark starts with UTF-16-LE's).
#: File signatures of formats people save instead of CSV, and what to do about them.
SIGNATURES = (
    (b"\x1f\x8b", "gzip-compressed data", "Decompress it first (gunzip)."),
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook?)",
     "Unzip it, or export the sheet as CSV."),
    (b"%PDF", "a PDF document", "Export the table as CSV."),
    (b"\xd0\xcf\x11\xe0", "an old Excel/Word document (.xls/.doc)", "Export the sheet as CSV."),
)

BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def bom_encoding(head: bytes) -> str | None:
    """``"utf-32"`` or ``"utf-16"`` when ``head`` starts with their byte-order mark."""
    return next((encoding for bom, encoding in BOMS if head.startswith(bom)), None)


def decode_lines(data: bytes) -> tuple[str, list[int], bool]:
    """Decode ``data`` line by line: UTF-8 where a line is valid UTF-8, cp1252 elsewhere
    (Latin-1 for the five bytes cp1252 leaves undefined); a UTF-8 byte-order mark is dropped.

    Returns the text, the 1-based numbers of the lines decoded as cp1252, and whether any
    other line held UTF-8 beyond ASCII (the file mixes both encodings).
    """
    out: list[str] = []
    legacy: list[int] = []
    utf8_non_ascii = False
    for number, line in enumerate(data.removeprefix(codecs.BOM_UTF8).splitlines(keepends=True),
                                  start=1):
        text, is_utf8 = decode_line(line)
        out.append(text)
        if is_utf8:
            utf8_non_ascii = utf8_non_ascii or not line.isascii()
        else:
            legacy.append(number)
    return "".join(out), legacy, utf8_non_ascii


def decode_line(line: bytes) -> tuple[str, bool]:
    """One line as :func:`decode_lines` decodes it, and whether it was UTF-8."""
    try:
        return line.decode("utf-8"), True
    except UnicodeDecodeError:
        try:
            return line.decode("cp1252"), False
        except UnicodeDecodeError:
            return line.decode("latin-1"), False
