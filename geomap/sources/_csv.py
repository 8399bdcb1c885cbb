"""Tolerant reading of delimited text: every row kept as strings, with its physical line.

What real exports do and what this module does about it:

- a UTF-8 byte-order mark: stripped; UTF-16 and UTF-32 (with their mark): decoded;
- not UTF-8 (Latin-1/cp1252 exports, or a file pasted together from both): every line
  that is valid UTF-8 is read as UTF-8 and every other line as cp1252 (Latin-1 for the
  five bytes cp1252 leaves undefined); a warning names the encoding and the first lines;
- the delimiter is sniffed from the header (``,`` tab ``;`` ``|``); a header without any
  of them is a :class:`~geomap.errors.FormatError` that shows the header;
- rows with too few or too many fields (a truncated last line, a stray delimiter) become
  rejects naming the line and the counts; blank lines are skipped and reported once;
  files whose rows come in several layouts (GDELT) read every accepted width;
- quoted fields may hold newlines: ``source_line`` is still the physical line where the
  row starts;
- a stray (unclosed) quote: the row where it opened is rejected, naming the line and the
  field, and reading resumes on the next line (:mod:`geomap.sources._recover`);
- a NUL byte rejects the row that holds it, wherever it is; in the header it is a
  :class:`~geomap.errors.FormatError` naming the column;
- fields longer than :data:`MAX_FIELD_CHARS` reject their row; Python's csv field-size
  limit never applies;
- empty files and binary files are FormatErrors that name what the file is, and so is a
  header that names one column twice (in any case): which one a reader took was silent.

Parsing is pyarrow's C++ reader, on every core; a file with rows of the wrong width is parsed
again serially, where pyarrow numbers the rows for the rejects (:mod:`geomap.sources._stream`
parses a clean file in worker threads while the rows already parsed are checked). The
record-by-record reader of :mod:`~geomap.sources._recover` takes over for what pyarrow
refuses (fields larger than its block size) and for files whose quotes are broken.
"""

from __future__ import annotations

import csv
import io
import logging
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.errors import FormatError
from geomap.sources._encoding import (
    LEGACY_KINDS,
    Decoded,
    decode,
    decode_mixed,
    legacy_bytes,
    line_count,
)
from geomap.sources._recover import (
    Layout,
    Records,
    field_count_reject,
    read_records,
    swallowed_row,
)
from geomap.sources.report import Reject, some_columns

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.csv as pacsv

logger = logging.getLogger(__name__)

MAX_FIELD_CHARS = 1_000_000
DELIMITERS = (",", "\t", ";", "|")
_DELIMITER_NAMES = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}
_BLOCK_SIZE = 16 << 20
#: Bytes read to find the header, the delimiter and the usual width.
_HEAD_BYTES = 1 << 20
#: Marks a first line longer than :data:`_HEAD_BYTES` (no header is; a NUL is refused in
#: any header anyway).
_HEAD_CUT = "\x00<cut>"
#: Lines looked at to find the usual width of a file with several layouts.
_SNIFF_LINES = 1000


@dataclass
class RawTable:
    """A delimited file as string columns plus the physical line of each row.

    The columns are ``large_string``, the type of pandas' pyarrow-backed text: frames are
    made from them without converting each value's offset.

    ``rows_read`` counts every non-blank record of this table, including the ``rejects``
    made here. Rows of another accepted width (``read_table(widths=...)``) are in
    ``variants``, one table per width, each counting its own rows. ``written`` maps a
    column name (lower-cased here) to the name as the file's header writes it, where the
    two differ: rejects and warnings name a field as the file does ("Dead", not "dead").
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
    variants: list[RawTable] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)

    def frames(self, chunk_rows: int = 250_000) -> Iterator[pd.DataFrame]:
        """The rows as pandas frames of at most ``chunk_rows`` rows, with ``source_line``."""
        total = self.table.num_rows
        for start in range(0, max(total, 1), chunk_rows):
            frame = self.table.slice(start, chunk_rows).to_pandas()
            frame["source_line"] = self.lines[start : start + chunk_rows]
            yield frame

    def chunks(self, chunk_rows: int = 250_000) -> Iterator[tuple[pd.DataFrame, frozenset[str]]]:
        """:meth:`frames`, each with the columns known to hold no value that stripping
        changes (none known here; a streamed table finds them while parsing)."""
        for frame in self.frames(chunk_rows):
            yield frame, frozenset()

    def lacks(self, missing: list[str], layout: str, article: str = "a") -> FormatError:
        """The error for a file without the columns ``missing`` of a ``layout`` export
        ("ACLED", article "an"), naming the columns the file has."""
        return FormatError(
            f"expected {layout} columns {', '.join(missing)}; got columns "
            f"{some_columns(self.columns, written=self.written)}",
            file=self.file, line=1,
            hint=f"Is this {article} {layout} export? Pass --input-format to choose another "
                 "reader.")

    def raw_line(self, frame: pd.DataFrame, index: object) -> str:
        """Rebuild a row's text (for a reject's ``raw``), cut to 300 characters."""
        buffer = io.StringIO()
        # columns keep their file order (readers only rename them)
        values = [str(frame.at[index, c]) for c in frame.columns[: len(self.columns)]]
        csv.writer(buffer, delimiter=self.delimiter, lineterminator="").writerow(values)
        return buffer.getvalue()[:300]


def read_table(
    path: str | Path, *, header: bool = True, quoting: bool = True,
    widths: Mapping[int, str] | None = None,
) -> RawTable:
    """Read a delimited text file into string columns.

    Parameters
    ----------
    path
        The file.
    header
        Whether the first line names the columns (lower-cased and stripped here);
        without a header the columns are ``c0, c1, ...``.
    quoting
        Whether ``"`` quotes fields (GDELT's tab-separated files do not quote).
    widths
        For headerless files whose rows come in several layouts: each accepted number
        of fields and its layout's name (``{57: "GDELT 1.0 back file", ...}``). The
        most common width among the first lines is the main table; rows of the other
        accepted widths are its ``variants``; other rows are rejected naming the layouts.

    Returns
    -------
    RawTable
        The rows, their lines, and the rejects and warnings made while parsing.

    Raises
    ------
    FormatError
        Empty, binary or undelimited files; with ``widths``, a file none of whose first
        lines has an accepted width.
    """
    decoded, layout = open_table(path, header=header, quoting=quoting, widths=widths)
    return parse_table(Path(path), decoded, layout)


def open_table(
    path: str | Path, *, header: bool = True, quoting: bool = True,
    widths: Mapping[int, str] | None = None, scan: bool = True,
) -> tuple[Decoded, Layout]:
    """The encoding and the layout of a delimited file, from its head (see
    :func:`read_table`; ``scan`` as in :func:`~geomap.sources._encoding.decode`)."""
    path = Path(path)
    name = str(path)
    decoded = decode(path, scan=scan)
    head = _head_lines(path, decoded.data)
    first = head[0] if head else ""
    if len(head) == 1 and _HEAD_CUT in first:
        raise FormatError(
            f"expected a first line of at most {_HEAD_BYTES:,} bytes, got a longer one "
            f"starting {first[:80]!r}: no table's header is that long", file=name, line=1,
            hint="Is this a table? Its line ends may be missing or not \\n, \\r\\n or \\r.")
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
    layout = Layout(name, [], delimiter, header, quoting, dict(widths or {}))
    columns = _columns(head, layout)
    layout = replace(layout, columns=columns, written=_written(head, layout, columns))
    if delimiter != ",":
        logger.info("%s: read as %s-separated", name, _DELIMITER_NAMES[delimiter])
    _locate_legacy(decoded, layout)
    return decoded, layout


def parse_table(path: Path, decoded: Decoded, layout: Layout) -> RawTable:
    """The rows of a file opened with :func:`open_table` (counted: ``scan=True``)."""
    try:
        raw = _parse(path, decoded, layout)
    except _NotUtf8:  # checked by pyarrow while parsing: no separate pass on good files
        kind, warnings, data = decode_mixed(path)
        decoded = Decoded(kind, warnings, data, line_count(data), b"\x00" in data)
        _locate_legacy(decoded, layout)
        raw = _parse(path, decoded, layout)
    raw.encoding = decoded.encoding
    raw.warnings[:0] = decoded.warnings
    raw.written = dict(layout.written)
    return raw


def _locate_legacy(decoded: Decoded, layout: Layout) -> None:
    """Name, in the encoding warning, the field of its line (the first decoded as cp1252)
    that held bytes not UTF-8, and show them escaped as its ``raw`` ("S\\xe9gou"): the
    warnings file's row had an empty field and raw value. A line whose record cannot be
    found shows its whole bytes, escaped."""
    if decoded.encoding not in LEGACY_KINDS or decoded.data is None:
        return
    for k, warning in enumerate(decoded.warnings):
        if warning.line is None or warning.field is not None:
            continue
        located = _legacy_cell(decoded.data, warning.line, layout)
        if isinstance(located, str):
            decoded.warnings[k] = replace(warning, raw=_escaped(located)[:300])
        else:
            column = layout.columns[located[0]]
            decoded.warnings[k] = replace(warning, field=layout.written.get(column, column),
                                          raw=_escaped(located[1])[:300])


#: Past this line, a legacy line that does not split into the header's fields alone (a
#: quoted value over lines) is not looked for by parsing the file from its start.
_LOCATE_LINES = 200_000


def _legacy_cell(data: bytes, number: int, layout: Layout) -> tuple[int, str] | str:
    """The column and text of the first value of the record that holds physical line
    ``number`` of ``data`` (UTF-8) whose bytes are not UTF-8 (beyond ASCII, failing that),
    else that line's text. A line is decoded as cp1252 as a whole, so a value before it
    that was valid UTF-8 is beyond ASCII too: it was named instead."""
    lines = data.splitlines()
    text = lines[number - 1].decode("utf-8") if number <= len(lines) else ""
    cells = _split(text, layout.delimiter, layout.quoting)
    if len(cells) != len(layout.columns) and number <= _LOCATE_LINES:
        cells = _record_at(data, number, layout) or cells
    found = next((n for n, cell in enumerate(cells) if not _is_utf8(cell)),
                 next((n for n, cell in enumerate(cells) if not cell.isascii()), None))
    if len(cells) != len(layout.columns) or found is None:
        return text
    return found, cells[found]


def _is_utf8(cell: str) -> bool:
    """Whether the bytes a value decoded as cp1252 came from are UTF-8."""
    try:
        legacy_bytes(cell).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _record_at(data: bytes, number: int, layout: Layout) -> list[str] | None:
    """The fields of the record of ``data`` that holds physical line ``number``."""
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""),
                        delimiter=layout.delimiter, quotechar='"' if layout.quoting else None,
                        quoting=csv.QUOTE_MINIMAL if layout.quoting else csv.QUOTE_NONE)
    try:
        return next((row for row in reader if reader.line_num >= number), None)
    except csv.Error:  # a field beyond csv's size limit, a NUL byte
        return None


def _escaped(text: str) -> str:
    """The bytes ``text`` was decoded from as cp1252, with those beyond ASCII escaped."""
    return legacy_bytes(text).decode("ascii", errors="backslashreplace")


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


def _columns(head: list[str], layout: Layout) -> list[str]:
    """Column names: the header's (lower-cased, unique), else ``c0, c1, ...`` for the width
    of the first line or, with several layouts, their most common accepted width."""
    fields = _split(head[0], layout.delimiter, layout.quoting)
    if layout.header:
        _refuse_open_quote(head[0], fields, layout)
        names = [c.strip().lstrip("\ufeff").casefold() for c in fields]
        refuse_nul_in_header(fields, layout.file)
        _refuse_repeated(names, fields, layout.file)
        return _unique(names)
    width = len(fields)
    if layout.widths:
        counts = Counter(len(_split(line, layout.delimiter, layout.quoting))
                         for line in head[:_SNIFF_LINES] if line.strip())
        accepted = [w for w, _ in counts.most_common() if w in layout.widths]
        if not accepted:
            raise FormatError(f"expected {layout.expected()} "
                              f"{_DELIMITER_NAMES[layout.delimiter]}-separated fields, got "
                              f"{width} on line 1", file=layout.file, line=1,
                              hint="Pass --input-format to choose another reader.")
        width = accepted[0]
    return [f"c{i}" for i in range(width)]


def _refuse_open_quote(line: str, fields: list[str], layout: Layout) -> None:
    """A header whose quoted name runs past its line (a spreadsheet's header cell with a
    line break): the header was read as its first line, and every row rejected as of the
    wrong width."""
    if not layout.quoting or '"' not in line:
        return
    try:
        next(csv.reader([line], delimiter=layout.delimiter, strict=True), [])
    except csv.Error as err:
        if "end of data" not in str(err):
            return
        raise FormatError(
            f"expected the header on one line, got a quoted name in column {len(fields)} "
            f"that runs past the line end ({fields[-1].strip()[:60]!r})", file=layout.file,
            line=1, hint="Remove the line break from that column's name (or close its quote).",
        ) from err


def refuse_nul_in_header(fields: list[str], file: str) -> None:
    """A column name holding a NUL byte: no reader knows it, so its values were left out
    without a word (a header ``no\\x00tes`` lost every row's notes)."""
    for number, name in enumerate(fields, 1):
        if "\x00" in name:
            raise FormatError(f"expected column names without NUL bytes, got {name.strip()!r} "
                              f"in column {number}", file=file, line=1, field=name.strip(),
                              hint="Remove the NUL byte from the header.")


def _refuse_repeated(names: list[str], fields: list[str], file: str) -> None:
    """Two columns of one name (in any case): which one a reader took was silent (the
    first; the real ``notes`` after an ``admin2`` renamed ``notes`` was dropped)."""
    counts = Counter(name for name in names if name)
    repeated = next((name for name in names if counts[name] > 1), None)
    if repeated is not None:
        where = [i for i, name in enumerate(names) if name == repeated]
        shown = " and ".join(f"{i + 1} ({fields[i].strip()!r})" for i in where)
        raise FormatError(f"expected each column name once, got {repeated!r} in columns "
                          f"{shown}", file=file, line=1, field=repeated,
                          hint="Rename or remove one of them.")


def _written(head: list[str], layout: Layout, columns: list[str]) -> dict[str, str]:
    """Each column name of ``columns`` (the header's lower-cased) that the header writes
    otherwise ("Dead", "Event Date"), with the name as written."""
    if not layout.header:
        return {}
    fields = [c.strip().lstrip("\ufeff").strip() for c in
              _split(head[0], layout.delimiter, layout.quoting)]
    return {ours: theirs for ours, theirs in zip(columns, fields, strict=False)
            if ours != theirs and theirs}


def _unique(columns: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for column in columns:
        n = seen.get(column, 0)
        seen[column] = n + 1
        out.append(column if n == 0 else f"{column}.{n}")
    return out


class _Fallback(Exception):
    """pyarrow cannot parse this file, or its quotes are broken: read it record by record."""


class _NotUtf8(Exception):
    """The file is not valid UTF-8."""


class _RowNumbersNeeded(Exception):
    """A row of the wrong width was met while parsing in parallel: parse serially."""


def _parse(path: Path, decoded: Decoded, layout: Layout) -> RawTable:
    """pyarrow first; the record-by-record reader for what pyarrow refuses."""
    source = decoded.data if decoded.data is not None else path
    try:
        try:
            raw = _read_arrow(source, layout, decoded.lines, threads=True)
        except _RowNumbersNeeded:
            raw = _read_arrow(source, layout, decoded.lines, threads=False)
    except _Fallback as err:
        logger.info("%s: read record by record (%s)", layout.file, err)
        raw = _read_python(_utf8_text(path, decoded), layout)
    return _finish(raw, decoded.has_nul)


def _utf8_text(path: Path, decoded: Decoded) -> str:
    data = decoded.data if decoded.data is not None else path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _NotUtf8 from err


def _head_lines(path: Path, data: bytes | None) -> list[str]:
    """The first lines (about 1 MB) as text, for the header and the usual width; a first
    line longer than that ends with :data:`_HEAD_CUT` (it was cut silently: a header
    of 3 million columns was cut inside a name, then refused as naming it twice)."""
    if data is not None:
        head = data[:_HEAD_BYTES]
    else:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    lines = head.splitlines()
    if len(head) == _HEAD_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    elif len(head) == _HEAD_BYTES and lines:
        lines[0] += _HEAD_CUT.encode()
    return [line.decode("utf-8", errors="replace").lstrip("\ufeff") for line in lines]


# --- pyarrow path ------------------------------------------------------------------------


def _read_arrow(source: Path | bytes, layout: Layout, physical_lines: int, *,
                threads: bool) -> RawTable:
    """Parse with pyarrow; with ``threads``, blocks are parsed on every core, and the first
    row of a wrong width stops it (:class:`_RowNumbersNeeded`): pyarrow numbers rows only
    when it parses them one block after the other."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    invalid: list[tuple[int | None, int, str]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        if row.number is None:
            invalid.append((None, row.actual_columns, ""))
            return "error"
        invalid.append((row.number, row.actual_columns, row.text))
        return "skip"

    try:
        table = pacsv.read_csv(pa.BufferReader(source) if isinstance(source, bytes) else source,
                               **arrow_options(layout, threads, on_invalid))
    except UnicodeDecodeError as err:  # raised while decoding an invalid row's text
        raise _NotUtf8 from err
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowCapacityError) as err:
        if threads and any(number is None for number, _, _ in invalid):
            raise _RowNumbersNeeded from err
        if "utf8" in str(err).casefold() or "utf-8" in str(err).casefold():
            raise _NotUtf8 from err
        raise _Fallback(str(err)) from err
    if any(number is None for number, _, _ in invalid):
        raise _Fallback("row numbers unavailable")
    if layout.quoting and any("\n" in text for _, _, text in invalid):
        raise _Fallback("a quoted field runs over several lines into a broken row")
    return _assemble(table, invalid, layout, physical_lines)


def arrow_options(layout: Layout, threads: bool,
                  on_invalid: Callable[[pacsv.InvalidRow], str]) -> dict[str, Any]:
    """pyarrow's CSV options for ``layout``: every column text, ``on_invalid`` told of each
    row of the wrong width."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    return {
        "read_options": pacsv.ReadOptions(use_threads=threads, column_names=layout.columns,
                                          skip_rows=1 if layout.header else 0,
                                          block_size=_BLOCK_SIZE),
        "parse_options": pacsv.ParseOptions(
            delimiter=layout.delimiter, quote_char='"' if layout.quoting else False,
            newlines_in_values=layout.quoting, ignore_empty_lines=False,
            invalid_row_handler=on_invalid),
        "convert_options": pacsv.ConvertOptions(
            column_types=dict.fromkeys(layout.columns, pa.large_string()),
            strings_can_be_null=False, quoted_strings_can_be_null=False),
    }


def string_buffers(chunk: pa.Array) -> tuple[np.ndarray, np.ndarray | None]:
    """A string array's value offsets (``len + 1``) and its text bytes (None if none)."""
    import numpy as np
    import pyarrow as pa

    buffers = chunk.buffers()
    width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    offsets = np.frombuffer(buffers[1], dtype=width)[chunk.offset:
                                                         chunk.offset + len(chunk) + 1]
    data = np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] is not None else None
    return offsets, data


#: Bytes that may start or end a value's surrounding whitespace: ASCII controls and space,
#: and every byte of a non-ASCII character (Unicode spaces are multi-byte in UTF-8).
_EDGE_BYTES = bytes(b for b in range(256) if b <= 0x20 or b >= 0x80)


def changes_when_stripped(array: pa.ChunkedArray) -> bool:
    """Whether stripping surrounding whitespace changes some value of a string array.

    Only values whose first or last byte may be whitespace (:func:`_edge_candidates`: read
    from the offsets, no text copied) are trimmed to see.
    """
    import pyarrow.compute as pc

    candidates = _edge_candidates(array)
    if not len(candidates):
        return False
    some = array.take(candidates)
    return not pc.all(pc.equal(pc.utf8_trim_whitespace(some), some)).as_py()


def _edge_candidates(array: pa.ChunkedArray) -> np.ndarray:
    """Positions of the non-empty values whose first or last byte is in :data:`_EDGE_BYTES`
    (a superset of the values that stripping changes).

    Each value's first and last byte are gathered with ``take(mode="clip")`` for every value
    at once (an empty value reads a neighbour's byte or a clipped one, and is masked after):
    half the time of picking the non-empty values first.
    """
    import numpy as np

    edge = np.zeros(256, dtype=bool)
    edge[np.frombuffer(_EDGE_BYTES, dtype=np.uint8)] = True
    found, start = [], 0
    for chunk in array.chunks:
        offsets, data = string_buffers(chunk)
        if data is not None and len(data) and len(chunk):
            first, end = offsets[:-1], offsets[1:]
            hit = edge.take(data.take(first, mode="clip"))
            hit |= edge.take(data.take(end - 1, mode="clip"))
            hit &= end > first
            found.append(np.flatnonzero(hit) + start)
        start += len(chunk)
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def row_spans(table: pa.Table) -> np.ndarray:
    """Physical lines each row spans: 1 + the newlines inside its quoted fields."""
    import numpy as np
    import pyarrow.compute as pc

    spans = np.ones(table.num_rows, dtype=np.int64)
    for column in table.columns:
        counts = pc.count_substring(column, "\n")
        if pc.max(counts).as_py():
            spans += counts.to_numpy(zero_copy_only=False)
    return spans


def swallows_rows(table: pa.Table, spans: np.ndarray, layout: Layout) -> bool:
    """Whether some multi-line field holds a line that is a whole row (a stray quote)."""
    import numpy as np
    import pyarrow.compute as pc

    several = table.take(np.flatnonzero(spans > 1))
    for column in several.columns:
        parts = pc.list_flatten(pc.split_pattern(column, "\n"))
        busy = pc.greater_equal(pc.count_substring(parts, layout.delimiter),
                                len(layout.columns) - 1)
        suspects = parts.filter(busy).to_pylist()
        if any(swallowed_row(line, layout) for line in suspects):
            return True
    return False


def _assemble(table: pa.Table, invalid: list[tuple[int | None, int, str]], layout: Layout,
              physical_lines: int) -> RawTable:
    """Give each row its physical line; invalid rows become variants or rejects."""
    import numpy as np

    first_record = layout.first_record
    total = table.num_rows + len(invalid)
    spans = np.ones(total, dtype=np.int64)
    is_invalid = np.zeros(total, dtype=bool)
    for number, _, text in invalid:
        position = int(number or 0) - first_record
        is_invalid[position] = True
        spans[position] = 1 + text.count("\n")
    if physical_lines != total + first_record - 1:  # some quoted field holds a newline
        spans[~is_invalid] = row_spans(table)
        if layout.quoting and swallows_rows(table, spans[~is_invalid], layout):
            raise _Fallback("a quoted field holds whole rows")
    starts = (first_record + np.cumsum(spans) - spans)
    records = Records([], [], {}, [], sum(1 for _, _, t in invalid if not t.strip()))
    last = total + first_record - 1
    for number, got, text in invalid:
        line = int(starts[int(number or 0) - first_record])
        if got in layout.widths:
            records.others.setdefault(got, []).append((line, _split(text, layout.delimiter,
                                                                    layout.quoting)))
        elif text.strip():
            records.rejects.append(field_count_reject(layout, line, got, text,
                                                      int(number or 0) == last))
    raw = RawTable(layout.file, table, starts[~is_invalid], 0, layout.columns,
                   layout.delimiter, "utf-8", records.rejects)
    raw.variants = _variants(records, layout)
    raw.warnings = _blank_warning(raw, records.blanks)
    return raw


# --- record-by-record path ---------------------------------------------------------------


def _read_python(text: str, layout: Layout) -> RawTable:
    import numpy as np
    import pyarrow as pa

    records = read_records(text, layout)
    table = pa.table({c: pa.array(v, pa.large_string())
                      for c, v in zip(layout.columns, records.values, strict=True)})
    raw = RawTable(layout.file, table, np.asarray(records.lines, dtype=np.int64), 0,
                   layout.columns, layout.delimiter, "utf-8", records.rejects)
    raw.variants = _variants(records, layout)
    raw.warnings = _blank_warning(raw, records.blanks)
    return raw


def _variants(records: Records, layout: Layout) -> list[RawTable]:
    """One table per other accepted width, its rows in file order."""
    import numpy as np
    import pyarrow as pa

    tables = []
    for width, rows in sorted(records.others.items()):
        columns = [f"c{i}" for i in range(width)]
        values = list(zip(*(fields for _, fields in rows), strict=True))
        table = pa.table({c: pa.array(v, pa.large_string()) for c, v in zip(columns, values,
                                                                        strict=True)})
        lines = np.asarray([line for line, _ in rows], dtype=np.int64)
        tables.append(RawTable(layout.file, table, lines, 0, columns, layout.delimiter,
                               "utf-8"))
    return tables


def _blank_warning(raw: RawTable, blank_invalid: int) -> list[Reject]:
    """Blank rows are dropped in :func:`_finish`; one warning counts them all."""
    empty = empty_rows(raw.table)
    blanks = int(empty.sum()) + blank_invalid
    if not blanks:
        return []
    first = int(raw.lines[empty][0]) if empty.any() else None
    return [Reject(raw.file, first, None, f"skipped {blanks} blank line(s)")]


# --- checks on every row -----------------------------------------------------------------


def empty_rows(table: pa.Table) -> np.ndarray:
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


def _finish(raw: RawTable, has_nul: bool) -> RawTable:
    """Drop blank rows and rows with a NUL byte or an enormous field; count what was read."""
    for part in (raw, *raw.variants):
        drop = empty_rows(part.table) if part is raw else _no_rows(part.table)
        bad, found = bad_fields(part, has_nul)
        raw.rejects += [reject for _, _, reject in found]
        _drop(part, drop | bad)
        part.rows_read = part.table.num_rows
    raw.rows_read += len({r.line for r in raw.rejects})
    return raw


def _no_rows(table: pa.Table) -> np.ndarray:
    import numpy as np

    return np.zeros(table.num_rows, dtype=bool)


def _drop(part: RawTable, drop: np.ndarray) -> None:
    import numpy as np

    if drop.any():
        keep = np.flatnonzero(~drop)
        part.table = part.table.take(keep)
        part.lines = part.lines[keep]


def bad_fields(part: RawTable, has_nul: bool) -> tuple[np.ndarray, list[tuple[int, int, Reject]]]:
    """Rows with a NUL byte or a field over :data:`MAX_FIELD_CHARS`: their mask, and their
    rejects as ``(column, kind, reject)`` in the order they are reported (column by column,
    long fields before NUL bytes, then by row)."""
    import numpy as np
    import pyarrow.compute as pc

    bad = np.zeros(part.table.num_rows, dtype=bool)
    found: list[tuple[int, int, Reject]] = []
    if part.table.num_rows == 0:
        return bad, found
    for position, (name, column) in enumerate(zip(part.table.column_names, part.table.columns,
                                                  strict=True)):
        for i in np.flatnonzero(~bad & _too_long(column)):
            length = len(column[int(i)].as_py())
            found.append((position, 0, Reject(
                part.file, int(part.lines[i]), name,
                f"expected a field of at most {MAX_FIELD_CHARS:,} characters, got {length:,} "
                "(an unclosed quote?)")))
            bad[i] = True
        if not has_nul:
            continue
        nul = pc.match_substring(column, "\x00").to_numpy(zero_copy_only=False)
        for i in np.flatnonzero(~bad & nul):
            found.append((position, 1, _nul_reject(part, int(i), name, column[int(i)].as_py())))
            bad[i] = True
    return bad, found


def _too_long(column: pa.ChunkedArray) -> np.ndarray:
    import numpy as np
    import pyarrow.compute as pc

    if pc.max(pc.binary_length(column)).as_py() <= MAX_FIELD_CHARS:
        return np.zeros(len(column), dtype=bool)  # bytes >= characters: none can be too long
    return pc.utf8_length(column).to_numpy(zero_copy_only=False) > MAX_FIELD_CHARS


def _nul_reject(part: RawTable, row: int, column: str, value: str) -> Reject:
    at = value.index("\x00")
    shown = value[max(0, at - 30): at + 30]
    return Reject(part.file, int(part.lines[row]), column,
                  f"expected text, got a NUL byte (character {at + 1}) in {shown!r}; NUL "
                  "is not text and would cut the value short: remove it")
