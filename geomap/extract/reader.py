"""Reading articles: files, folders and standard input, with clear answers to bad input.

- **Empty** (or white space only): :class:`~geomap.errors.InputError`.
- **Binary** (a file signature, or more than 10 % control characters in the first 8 KB):
  :class:`~geomap.errors.InputError`. A text holding a NUL byte is refused naming its
  line (one was read, and layer files cut an event's notes at it).
- **Not UTF-8**: the lines that are not valid UTF-8 are decoded as Windows-1252 (the usual
  culprit for pasted news text), the others as UTF-8, with a warning naming the lines (one
  stray byte turned every accented name of the article into mojibake: "SÃ©gou" was no
  longer found). A UTF-8 byte-order mark is dropped; UTF-16 and UTF-32 with their mark
  (Notepad's "Unicode") are decoded (they were refused as binary data).
- **Huge** (over :data:`MAX_ARTICLE_BYTES`, 5 MB): refused with the limit in the message.
- **Not a regular file** (``/dev/zero``, ``/dev/urandom``, a pipe): refused by name before
  it is opened (they never ended, or never opened); ``-`` reads standard input, at most
  one byte past the limit.
- **HTML** (pasted page source): tags, scripts and styles removed, entities decoded, with a
  warning; the offsets then refer to the stripped text, which ``--json`` output describes.
"""

from __future__ import annotations

import html
import logging
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geomap._files import (
    SIGNATURES,
    bom_encoding,
    decode_lines,
    files_in_folder,
    is_geomap_page_data,
    special_file_kind,
)
from geomap.errors import InputError

logger = logging.getLogger(__name__)

MAX_ARTICLE_BYTES = 5_000_000
ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ""})
_HTML_HINT = re.compile(r"<(?:!doctype|html|body|p|div|br|span|article|head)\b", re.IGNORECASE)
# A tag opens with a letter, "/", "!" or "?" after its "<" (as in a browser: "a < b" is
# text), ends at the first ">" and never holds a "<": a "<" with no ">" after it is text
# (each made the expression scan to the end of the text again: quadratic).
_BLOCK_START = re.compile(r"<(script|style|noscript)\b", re.IGNORECASE)
_BREAKS = re.compile(r"<(?:br|/p|/div|/h[1-6]|/li|/tr|/article)\b[^<>]*>", re.IGNORECASE)
_TAGS = re.compile(r"<[A-Za-z/!?][^<>]*>")


@dataclass
class Article:
    """An article's text as extracted from, with what happened on the way."""

    name: str
    text: str
    warnings: list[str] = field(default_factory=list)
    html_stripped: bool = False


def decode_article(data: bytes, name: str) -> Article:
    """Bytes to an :class:`Article`; raises :class:`InputError` for unusable input."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise _too_big(name, len(data))
    wide = bom_encoding(data[:4])
    if wide is not None:  # UTF-16/32 with its mark (Notepad's "Unicode"), refused as binary
        data = _from_wide(data, wide, name)
    if not data.strip():
        raise InputError("expected article text, got an empty file", file=name)
    if _looks_binary(data[:8192]):
        raise InputError("expected plain text, got binary data", file=name,
                         hint="Give a .txt file (convert PDFs or Word files to text first).")
    if is_geomap_page_data(data):  # its title and legend were read as a story
        raise InputError("expected an article, got a page geomap wrote (a map, a fragment "
                         "or a published site's page)", file=name,
                         hint="Give the sources the map was made from.")
    nul = data.find(b"\x00")
    if nul >= 0:  # text with a stray NUL: layer files cut an event's notes there
        raise InputError("expected plain text, got a NUL byte (binary data) at byte "
                         f"{nul:,}", file=name, line=data.count(b"\n", 0, nul) + 1,
                         hint="Remove the NUL bytes, or give the text without them.")
    warnings = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        text, legacy, _ = decode_lines(data)
        shown = ", ".join(map(str, legacy[:5])) + (" ..." if len(legacy) > 5 else "")
        warnings.append(f"{name}: not valid UTF-8 (byte {err.start}); {len(legacy)} line(s) "
                        f"decoded as Windows-1252 (lines {shown}), the others as UTF-8")
    article = Article(name, text, warnings)
    if _HTML_HINT.search(text[:20000]):
        article.text = strip_html(text)
        article.html_stripped = True
        article.warnings.append(f"{name}: looks like HTML; tags removed, offsets refer to the "
                                "stripped text")
    return article


def _from_wide(data: bytes, encoding: str, name: str) -> bytes:
    """An article in UTF-16 or UTF-32 (with its byte-order mark) as UTF-8."""
    try:
        return data.decode(encoding).encode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"expected {encoding.upper()} text after its byte-order mark, got "
                         f"{err.reason} at byte {err.start}", file=name,
                         hint="Save the article as UTF-8.") from err


def _too_big(name: str, size: int) -> InputError:
    # standard input is read to one byte past the limit: its size is not known
    got = f"more than {MAX_ARTICLE_BYTES:,}" if name == "<stdin>" else f"{size:,}"
    return InputError(f"expected an article of at most {MAX_ARTICLE_BYTES:,} bytes, got {got}",
                      file=name, hint="Split the file into articles, one per file.")


def _looks_binary(head: bytes) -> bool:
    """Binary data by its signature (a PDF, a Word or zip file...) or its share of control
    bytes; a text with a stray NUL is no binary: it is refused naming its line."""
    if head.startswith(tuple(signature for signature, _, _ in SIGNATURES)):
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control > len(head) // 10


def strip_html(text: str) -> str:
    """Visible text of an HTML fragment: blocks and breaks become line breaks."""
    text = _drop_blocks(text)
    text = _BREAKS.sub("\n", text)
    text = _TAGS.sub("", text)
    text = html.unescape(text)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _drop_blocks(text: str) -> str:
    """``text`` without its scripts, styles and noscripts, in one pass; one that never
    ends hides the rest of the text, as in a browser (searched for again from every
    later "<script", it took 78 s of CPU for 400 kB)."""
    lowered = text.lower() if text.isascii() else None  # same offsets only for ASCII
    kept, position = [], 0
    while (found := _BLOCK_START.search(text, position)) is not None:
        kept.append(text[position:found.start()])
        closing = "</" + found.group(1).lower()
        end = (lowered.find(closing, found.end()) if lowered is not None
               else _find_folded(text, closing, found.end()))
        if end < 0:
            return " ".join(kept)
        after = text.find(">", end)
        position = len(text) if after < 0 else after + 1
        kept.append(" ")
    kept.append(text[position:])
    return "".join(kept)


def _find_folded(text: str, needle: str, start: int) -> int:
    """The position of ``needle`` (ASCII, lower case) in ``text`` from ``start``, in any
    case."""
    found = re.compile(re.escape(needle), re.IGNORECASE).search(text, start)
    return -1 if found is None else found.start()


def read_article(path: str | Path) -> str:
    """The text of an article file (``-`` for standard input), as extraction sees it.

    Raises
    ------
    InputError
        Empty, binary or too large input, or a file that cannot be read.
    """
    return read_article_detailed(path).text


def read_article_detailed(path: str | Path) -> Article:
    """Like :func:`read_article`, with the warnings (fallback decoding, HTML stripped)."""
    name = str(path)
    if name == "-":
        return decode_article(sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1), "<stdin>")
    file = Path(path)
    kind = special_file_kind(file)
    if kind is not None and kind != "a folder":  # a device may never end; a pipe may never open
        raise InputError(f"expected an article file, got {kind}", file=name,
                         hint="Save the text to a file, or pipe it to `-`.")
    try:
        size = file.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise _too_big(name, size)
        with file.open("rb") as handle:  # at most one byte past the limit, even if it grows
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except FileNotFoundError as err:
        raise InputError("expected an existing file, got a missing path", file=name) from err
    except IsADirectoryError as err:
        raise InputError("expected a file, got a folder", file=name) from err
    except OSError as err:
        raise InputError(f"could not read the file: {err.strerror}", file=name) from err
    return decode_article(data, name)


def iter_article_paths(inputs: list[str]) -> Iterator[str]:
    """Expand folders (recursively, sorted; hidden files skipped) into article paths.

    Everything in a folder named like an article (:data:`ARTICLE_SUFFIXES`) is yielded,
    pipes and devices too, which :func:`read_article_detailed` refuses by name without
    opening them (they were left out without a word); files of other kinds (``.csv``,
    ``.pdf``) are left out and named in one warning per folder.
    """
    for item in inputs:
        path = Path(item)
        if item != "-" and path.is_dir():
            kept, _ = files_in_folder(path, ARTICLE_SUFFIXES, "articles")
            yield from (str(child) for child in kept)
        else:
            yield item
