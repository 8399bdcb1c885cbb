"""Tolerant reading of delimited text: every row kept as strings, with its physical line.

What real exports do and what this module does about it:

- a UTF-8 byte-order mark: stripped; UTF-16 (with its mark): decoded;
- not UTF-8 (Latin-1/cp1252 exports, or a file pasted together from both): every line
  that is valid UTF-8 is read as UTF-8 and every other line as cp1252 (Latin-1 for the
  five bytes cp1252 leaves undefined); a warning names the encoding and the first lines;
- the delimiter is sniffed from the header (``,`` tab ``;`` ``|``); a header without any
  of them is a :class:`~geomap.errors.FormatError` that shows the header;
- rows with too few or too many fields (a truncated last line, a stray delimiter) become
  rejects naming the line and the counts; blank lines are skipped and reported once;
- quoted fields may hold newlines: ``source_line`` is still the physical line where the
  row starts;
- fields longer than :data:`MAX_FIELD_CHARS` (usually an unclosed quote swallowing the
  rest of the file) reject their row; Python's csv field-size limit never applies;
- empty files and binary files are FormatErrors.

Parsing is pyarrow's C++ reader (serial, so row numbers are known); the pure-Python csv
module is the fallback for what pyarrow refuses (fields larger than its block size).
"""

from __future__ import annotations

import csv
import io
import logging
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from geomap.errors import FormatError
from geomap.sources._encoding import decode, decode_mixed, line_count
from geomap.sources.report import Reject

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa

logger = logging.getLogger(__name__)

MAX_FIELD_CHARS = 1_000_000
DELIMITERS = (",", "\t", ";", "|")
_DELIMITER_NAMES = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}
_BLOCK_SIZE = 16 << 20


@dataclass
class RawTable:
    """A delimited file as string columns plus the physical line of each row.

    ``rows_read`` counts every non-blank record, including the ``rejects`` made here.
    """

    file: str
    table: pa.Table
    lines: np.ndarray
    rows_read: int
    columns: list[str]
    delimiter: str
    encoding: str
    rejects: list[Reject] = field(default_factory=list)
    warnings: list[Reject] = field(default_factory=list)

    def frames(self, chunk_rows: int = 250_000) -> Iterator[pd.DataFrame]:
        """The rows as pandas frames of at most ``chunk_rows`` rows, with ``source_line``."""
        total = self.table.num_rows
        for start in range(0, max(total, 1), chunk_rows):
            frame = self.table.slice(start, chunk_rows).to_pandas()
            frame["source_line"] = self.lines[start : start + chunk_rows]
            yield frame

    def raw_line(self, frame: pd.DataFrame, index: object) -> str:
        """Rebuild a row's text (for a reject's ``raw``), cut to 300 characters."""
        buffer = io.StringIO()
        # columns keep their file order (readers only rename them)
        values = [str(frame.at[index, c]) for c in frame.columns[: len(self.columns)]]
        csv.writer(buffer, delimiter=self.delimiter, lineterminator="").writerow(values)
        return buffer.getvalue()[:300]


def read_table(
    path: str | Path, *, header: bool = True, quoting: bool = True
) -> RawTable:
    """Read a delimited text file into string columns.

    Parameters
    ----------
    path
        The file.
    header
        Whether the first line names the columns (lower-cased and stripped here);
        without a header the columns are ``c0, c1, ...`` and the width is the first
        line's.
    quoting
        Whether ``"`` quotes fields (GDELT's tab-separated files do not quote).

    Returns
    -------
    RawTable
        The rows, their lines, and the rejects and warnings made while parsing.

    Raises
    ------
    FormatError
        Empty, binary or undelimited files.
    """
    path = Path(path)
    name = str(path)
    encoding, warnings, data, physical_lines = decode(path)
    first = _first_line(path, data, encoding)
    if not first.strip():
        raise FormatError("expected a header line, got an empty first line", file=name, line=1,
                          hint="Remove the blank lines at the top of the file.")
    delimiter = sniff_delimiter(first)
    if delimiter is None:
        raise FormatError(
            f"expected a comma-, tab-, semicolon- or pipe-separated line, got one column "
            f"{first[:120]!r}", file=name, line=1,
            hint="The delimiter looks wrong: export the file as CSV with commas.",
        )
    fields = _split(first, delimiter, quoting)
    columns = [c.strip().lstrip("\ufeff").casefold() for c in fields] if header else [
        f"c{i}" for i in range(len(fields))
    ]
    columns = _unique(columns)
    layout = (name, columns, delimiter, header, quoting)
    try:
        raw = _parse(path, data, physical_lines, layout)
    except _NotUtf8:  # checked by pyarrow while parsing: no separate pass on good files
        encoding, warnings, data = decode_mixed(path)
        raw = _parse(path, data, line_count(data), layout)
    raw.encoding = encoding
    raw.warnings[:0] = warnings
    if delimiter != ",":
        logger.info("%s: read as %s-separated", name, _DELIMITER_NAMES[delimiter])
    return raw


def sniff_delimiter(line: str) -> str | None:
    """The delimiter that splits ``line`` into the most fields, or None if none does."""
    counts = {d: len(_split(line, d, True)) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 1 else None


def _split(line: str, delimiter: str, quoting: bool) -> list[str]:
    quotechar = '"' if quoting else None
    reader = csv.reader([line], delimiter=delimiter, quotechar=quotechar,
                        quoting=csv.QUOTE_MINIMAL if quoting else csv.QUOTE_NONE)
    try:
        return next(reader, [])
    except csv.Error:
        return [line]


def _unique(columns: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for column in columns:
        n = seen.get(column, 0)
        seen[column] = n + 1
        out.append(column if n == 0 else f"{column}.{n}")
    return out


class _Fallback(Exception):
    """pyarrow cannot parse this file: use the csv module."""


class _NotUtf8(Exception):
    """The file is not valid UTF-8."""


def _parse(path: Path, data: bytes | None, physical_lines: int | None,
           layout: tuple[str, list[str], str, bool, bool]) -> RawTable:
    """pyarrow first; the csv module for what pyarrow refuses."""
    source = io.BytesIO(data) if data is not None else path
    try:
        return _read_arrow(source, *layout, physical_lines)
    except _Fallback as err:
        logger.info("%s: pyarrow could not parse (%s); using the csv module", layout[0], err)
    raw_bytes = data if data is not None else path.read_bytes()
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _NotUtf8 from err
    return _read_python(text, *layout)


def _first_line(path: Path, data: bytes | None, encoding: str) -> str:
    if data is not None:
        head = data[: 1 << 20]
    else:
        with path.open("rb") as handle:
            head = handle.read(1 << 20)
    lines = head.splitlines()
    line = lines[0] if lines else b""
    return line.decode("utf-8", errors="replace").lstrip("\ufeff")


# --- pyarrow path ------------------------------------------------------------------------


def _read_arrow(
    source: Path | io.BytesIO, name: str, columns: list[str], delimiter: str,
    header: bool, quoting: bool, physical_lines: int | None,
) -> RawTable:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    invalid: list[tuple[int | None, int, str]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        invalid.append((row.number, row.actual_columns, row.text))
        return "skip"

    try:
        table = pacsv.read_csv(
            source,
            read_options=pacsv.ReadOptions(use_threads=False, column_names=columns,
                                           skip_rows=1 if header else 0,
                                           block_size=_BLOCK_SIZE),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, quote_char='"' if quoting else False,
                newlines_in_values=quoting, ignore_empty_lines=False,
                invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(columns, pa.string()),
                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except UnicodeDecodeError as err:  # raised while decoding an invalid row's text
        raise _NotUtf8 from err
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowCapacityError) as err:
        if "utf8" in str(err).casefold() or "utf-8" in str(err).casefold():
            raise _NotUtf8 from err
        raise _Fallback(str(err)) from err
    if any(number is None for number, _, _ in invalid):
        raise _Fallback("row numbers unavailable")
    return _assemble(table, invalid, name, columns, delimiter, header, physical_lines)


def _row_spans(table: pa.Table) -> np.ndarray:
    """Physical lines each row spans: 1 + the newlines inside its quoted fields."""
    import numpy as np
    import pyarrow.compute as pc

    spans = np.ones(table.num_rows, dtype=np.int64)
    for column in table.columns:
        counts = pc.count_substring(column, "\n")
        if pc.max(counts).as_py():
            spans += counts.to_numpy(zero_copy_only=False)
    return spans


def _assemble(
    table: pa.Table, invalid: list[tuple[int | None, int, str]], name: str,
    columns: list[str], delimiter: str, header: bool, physical_lines: int | None,
) -> RawTable:
    """Give each row its physical line, drop blank rows, turn invalid rows into rejects."""
    import numpy as np

    first_record = 2 if header else 1
    total = table.num_rows + len(invalid)
    spans = np.ones(total, dtype=np.int64)
    is_invalid = np.zeros(total, dtype=bool)
    for number, _, text in invalid:
        position = int(number or 0) - first_record
        is_invalid[position] = True
        spans[position] = 1 + text.count("\n")
    if physical_lines != total + first_record - 1:  # some quoted field holds a newline
        spans[~is_invalid] = _row_spans(table)
    starts = (first_record + np.cumsum(spans) - spans)
    lines = starts[~is_invalid]
    rejects = [_field_count_reject(name, int(starts[int(n or 0) - first_record]), len(columns),
                                   got, text, int(n or 0) == total + first_record - 1)
               for n, got, text in invalid if text.strip()]
    raw = RawTable(name, table, lines, 0, columns, delimiter, "utf-8", rejects)
    return _finish(raw, blank_invalid=sum(1 for _, _, t in invalid if not t.strip()))


def _field_count_reject(
    name: str, line: int, expected: int, got: int, text: str, last: bool
) -> Reject:
    why = " (truncated last line?)" if last and got < expected else ""
    return Reject(name, line, None, f"expected {expected} fields, got {got}{why}", text[:300])


def _empty_rows(table: pa.Table) -> np.ndarray:
    """Rows whose every field is empty (blank lines)."""
    import numpy as np
    import pyarrow.compute as pc

    if table.num_columns == 0:
        return np.zeros(table.num_rows, dtype=bool)
    empty = pc.equal(pc.binary_length(table.column(0)), 0).to_numpy(zero_copy_only=False)
    candidates = np.flatnonzero(empty)
    if len(candidates):
        rest = table.take(candidates)
        for column in rest.columns[1:]:
            empty[candidates] &= pc.equal(pc.binary_length(column), 0).to_numpy(
                zero_copy_only=False)
    return empty


def _finish(raw: RawTable, blank_invalid: int) -> RawTable:
    """Drop blank rows, reject enormous fields, and count what was read."""
    import numpy as np
    import pyarrow.compute as pc

    table = raw.table
    empty = _empty_rows(table)
    too_long: list[tuple[int, str, int]] = []
    for column_name, column in zip(table.column_names, table.columns, strict=True):
        if table.num_rows == 0 or pc.max(pc.binary_length(column)).as_py() <= MAX_FIELD_CHARS:
            continue  # bytes >= characters: no field can be too long
        lengths = pc.utf8_length(column).to_numpy(zero_copy_only=False)
        too_long += [(int(i), column_name, int(lengths[i]))
                     for i in np.flatnonzero(lengths > MAX_FIELD_CHARS)]
    for i, column_name, length in too_long:
        raw.rejects.append(Reject(
            raw.file, int(raw.lines[i]), column_name,
            f"expected a field of at most {MAX_FIELD_CHARS:,} characters, got {length:,} "
            "(an unclosed quote?)"))
    drop = empty.copy()
    drop[[i for i, _, _ in too_long]] = True
    blanks = int(empty.sum()) + blank_invalid
    if blanks:
        first = int(raw.lines[empty][0]) if empty.any() else None
        raw.warnings.append(Reject(raw.file, first, None, f"skipped {blanks} blank line(s)"))
    if drop.any():
        keep = np.flatnonzero(~drop)
        raw.table = table.take(keep)
        raw.lines = raw.lines[keep]
    raw.rows_read = raw.table.num_rows + len({r.line for r in raw.rejects})
    return raw


# --- pure-Python fallback ----------------------------------------------------------------


def _read_python(
    text: str, name: str, columns: list[str], delimiter: str, header: bool, quoting: bool
) -> RawTable:
    import numpy as np
    import pyarrow as pa

    csv.field_size_limit(sys.maxsize)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                        quotechar='"' if quoting else None, strict=False,
                        quoting=csv.QUOTE_MINIMAL if quoting else csv.QUOTE_NONE)
    values: list[list[str]] = [[] for _ in columns]
    lines: list[int] = []
    rejects: list[Reject] = []
    blanks = 0
    start = 1
    if header:
        next(reader, None)
        start = reader.line_num + 1
    for record in reader:
        if not record or record == [""]:
            blanks += 1
        elif len(record) != len(columns):
            rejects.append(_field_count_reject(name, start, len(columns), len(record),
                                               delimiter.join(record), False))
        else:
            for store, value in zip(values, record, strict=True):
                store.append(value)
            lines.append(start)
        start = reader.line_num + 1
    table = pa.table({c: pa.array(v, pa.string()) for c, v in zip(columns, values,
                                                                  strict=True)})
    raw = RawTable(name, table, np.asarray(lines, dtype=np.int64), 0, columns, delimiter,
                   "utf-8", rejects)
    return _finish(raw, blank_invalid=blanks)
