"""The record-by-record reader of delimited text: what pyarrow refuses, and files whose
quotes are broken.

A stray ``"`` (an unclosed quote) makes every parser read on past the end of its line,
swallowing the rows after it into one field until the next quote character. Read as is,
a file of 19 rows becomes "2 rows read" and 17 valid rows vanish without a word. This
reader keeps going instead:

- a record that spans several physical lines is trusted only when it has the expected
  number of fields and none of its continuation lines is a whole row on its own (a row
  swallowed by the quote);
- otherwise only the line where the quote opened is rejected — naming the line, the
  field where the quote opened and where the quoted text ran to — and reading resumes
  on the next physical line, so every row after it is read as usual.

Python's csv module does the splitting (C code); the pyarrow path in
:mod:`geomap.sources._csv` hands a file over only when it needs this.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from geomap.sources.report import Reject


@dataclass(frozen=True)
class Layout:
    """How a delimited file is laid out.

    ``widths`` maps each accepted field count to the name of its layout, for files whose
    rows come in several widths (GDELT's 57-, 58- and 61-field rows); empty: every row has
    ``len(columns)`` fields. ``written`` maps a column name (lower-cased and stripped)
    to the name as the header writes it, where the two differ.
    """

    file: str
    columns: list[str]
    delimiter: str
    header: bool
    quoting: bool
    widths: Mapping[int, str] = field(default_factory=dict)
    written: Mapping[str, str] = field(default_factory=dict)

    @property
    def first_record(self) -> int:
        """The physical line of the first record."""
        return 2 if self.header else 1

    def accepts(self, count: int) -> bool:
        """Whether a row of ``count`` fields can be read."""
        return count == len(self.columns) or count in self.widths

    def expected(self) -> str:
        """The field counts this layout reads, for messages."""
        if not self.widths:
            return str(len(self.columns))
        named = [f"{width} ({name})" for width, name in sorted(self.widths.items())]
        return ", ".join(named[:-1]) + " or " + named[-1] if len(named) > 1 else named[0]


#: Delimiters a row may be separated by (as :data:`geomap.sources._csv.DELIMITERS`).
_OTHER_DELIMITERS = (",", "\t", ";", "|")


def line_fields(line: str, delimiter: str, *, strict: bool = False) -> list[str]:
    """The fields of one line (its line end dropped); a carriage return inside it counts
    as a space: the csv module refuses a bare ``\\r`` in a field that is not quoted ("new-line
    character seen in unquoted field" was a traceback), and a quoted field pyarrow read
    may hold one."""
    text = line.rstrip("\r\n").replace("\r", " ")
    return next(csv.reader([text], delimiter=delimiter, strict=strict), [])


def field_count_reject(layout: Layout, line: int, got: int, text: str, last: bool) -> Reject:
    """The reject of a row with the wrong number of fields; a row that another delimiter
    splits into the header's width says so (a ``,`` header over ``;`` rows was "expected
    31 fields, got 1" for every row, and no word of why)."""
    why = " (truncated last line?)" if last and got < len(layout.columns) else ""
    if got == 1 and not layout.widths and len(layout.columns) > 1:
        other = next((d for d in _OTHER_DELIMITERS if d != layout.delimiter and len(
            line_fields(text, d)) == len(layout.columns)), None)
        if other is not None:
            why = (f" (the row splits into {len(layout.columns)} fields at {other!r}: the "
                   f"header is {layout.delimiter!r}-separated; export header and rows alike)")
    return Reject(layout.file, line, None, f"expected {layout.expected()} fields, got "
                  f"{got}{why}", text[:300])


@dataclass
class Records:
    """What :func:`read_records` read: the rows of the main width as string columns,
    rows of other accepted widths by width, and the rejects."""

    values: list[list[str]]
    lines: list[int]
    others: dict[int, list[tuple[int, list[str]]]]
    rejects: list[Reject]
    blanks: int


class _Feed:
    """Physical lines handed to csv.reader one at a time; ``index`` can be moved back."""

    def __init__(self, lines: list[str], index: int) -> None:
        self.lines, self.index = lines, index

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.index >= len(self.lines):
            raise StopIteration
        self.index += 1
        return self.lines[self.index - 1]


#: A line and its end: ``\\r\\n``, ``\\n`` or a bare ``\\r`` (an old Mac export's).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def physical_lines(text: str) -> list[str]:
    """``text`` cut after each line end: ``\\n``, ``\\r\\n`` and, as pyarrow reads them, a
    bare ``\\r`` (the csv module refused a bare ``\\r`` inside a line: "new-line character
    seen in unquoted field", a traceback from ``geomap build`` and ``geomap geocode
    --input``)."""
    if text.count("\r") != text.count("\r\n"):
        return _LINE.findall(text)
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def read_records(text: str, layout: Layout) -> Records:
    """Split ``text`` into records, recovering from broken quotes (see the module docs)."""
    out = Records([[] for _ in layout.columns], [], {}, [], 0)
    for line, record, last in records(text, layout):
        if isinstance(record, Reject):
            out.rejects.append(record)
        else:
            _keep(out, layout, record, line, last)
    return out


def records(text: str, layout: Layout) -> Iterator[tuple[int, list[str] | Reject, bool]]:
    """Each record of ``text`` after the header as ``(line, fields, last)``: its first
    physical line, its fields (any number of them) or, for the line where a stray quote
    opened, the :class:`Reject` that names it, and whether it ends the text. Reading
    resumes on the line after a stray quote's."""
    csv.field_size_limit(sys.maxsize)
    lines = physical_lines(text)
    feed = _Feed(lines, 1 if layout.header else 0)
    reader = _reader(feed, layout)
    while True:
        start = feed.index
        record = next(reader, None)
        if record is None:
            return
        span = lines[start:feed.index]
        if len(span) > 1 and layout.quoting and _broken(record, span, layout):
            yield start + 1, _quote_reject(layout, start + 1, span), False
            feed.index = start + 1  # resume on the line after the one the quote opened on
            reader = _reader(feed, layout)
            continue
        yield start + 1, record, feed.index >= len(lines)


def _reader(feed: _Feed, layout: Layout) -> Iterator[list[str]]:
    return csv.reader(feed, delimiter=layout.delimiter, strict=False,
                      quotechar='"' if layout.quoting else None,
                      quoting=csv.QUOTE_MINIMAL if layout.quoting else csv.QUOTE_NONE)


def _keep(out: Records, layout: Layout, record: list[str], line: int, last: bool) -> None:
    if not record or record == [""]:
        out.blanks += 1
    elif len(record) == len(layout.columns):
        for store, value in zip(out.values, record, strict=True):
            store.append(value)
        out.lines.append(line)
    elif len(record) in layout.widths:
        out.others.setdefault(len(record), []).append((line, record))
    else:
        out.rejects.append(field_count_reject(layout, line, len(record),
                                              layout.delimiter.join(record), last))


def _broken(record: list[str], span: list[str], layout: Layout) -> bool:
    """A multi-line record is a broken quote unless its width is right and no continuation
    line is a whole row by itself."""
    if not layout.accepts(len(record)):
        return True
    return any(swallowed_row(line, layout) for line in span[1:])


def swallowed_row(line: str, layout: Layout) -> bool:
    """Whether ``line``, read alone, is a whole row (so a quote swallowed it)."""
    if line.count(layout.delimiter) < len(layout.columns) - 1:
        return False  # cheap test first: prose rarely holds that many delimiters
    fields = line_fields(line, layout.delimiter)
    return layout.accepts(len(fields))


def _quote_reject(layout: Layout, line: int, span: list[str]) -> Reject:
    opened = line_fields(span[0], layout.delimiter)
    column = len(opened) - 1
    name = layout.columns[column] if 0 <= column < len(layout.columns) else None
    end = line + len(span) - 1
    return Reject(
        layout.file, line, name,
        f"expected a closing quote in this row, got a quote that runs on to line {end} "
        f"(it opens in field {column + 1}); the row is rejected and reading resumes on "
        f"line {line + 1}. Remove the stray \" or close the quote", span[0].rstrip("\r\n")[:300])
