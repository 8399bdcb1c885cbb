"""Parse a delimited export in worker threads while the rows already parsed are checked.

pyarrow parses on every core without holding the GIL; a reader's checks
(:mod:`geomap.sources._validate`) hold it, in pandas and Python. Parsing the whole file
first and checking it after leaves a core idle during the checks. A
:class:`StreamedTable` instead parses with pyarrow's streaming reader in a thread of its
own, 16 MB blocks ahead, checks each parsed block in a second thread (newlines, NUL bytes,
blank rows, padding: below) and hands out the chunks of rows as they come, so the reader's
checks of one chunk run while the next blocks are parsed, and the parse does not wait
while a block is checked.

The chunks, lines, rejects and warnings are those of :func:`~geomap.sources._csv.read_table`:
each block's values are looked at for newlines (rows over several physical lines, as
:func:`~geomap.sources._csv.row_spans` counts them) and NUL bytes, its blank rows and
enormous fields are handled as ``read_table`` does, and the chunks hold the same rows.
What only the whole-file parse handles (a row of the wrong width, which pyarrow numbers
only when it parses serially; text that is not UTF-8; a field pyarrow refuses; a quoted
field holding whole rows) stops the stream with :class:`ReparseNeeded`, and the caller
reads the file again with ``read_table`` (:meth:`StreamedTable.reread`).
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from geomap.sources._csv import (
    RawTable,
    arrow_options,
    bad_fields,
    changes_when_stripped,
    empty_rows,
    open_table,
    parse_table,
    read_table,
    row_spans,
    string_buffers,
    swallows_rows,
)
from geomap.sources.report import Reject

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from geomap.sources._recover import Layout

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Blocks (16 MB of text each) a worker thread may run ahead of its reader: parsed and not
#: yet checked, or checked and not yet handed out. The table keeps every block anyway (as
#: read_table does), so running ahead costs no memory: the bound only stops a worker whose
#: reader has gone.
_READ_AHEAD = 64


class ReparseNeeded(Exception):
    """The streamed parse met what only :func:`~geomap.sources._csv.read_table` handles."""


def read_table_streamed(path: str | Path) -> RawTable:
    """:func:`~geomap.sources._csv.read_table` of a file with a header, its rows parsed
    while :meth:`RawTable.frames` hands them out (a :class:`StreamedTable`) when the file is
    UTF-8; other encodings are read whole."""
    path = Path(path)
    decoded, layout = open_table(path, scan=False)
    if decoded.data is not None:  # re-encoded as UTF-8, lines counted: read it whole
        return parse_table(path, decoded, layout)
    return StreamedTable.open(path, layout, decoded.encoding)


@dataclass
class _Block:
    """One parsed block, as :func:`~geomap.sources._csv.read_table` keeps it."""

    table: pa.Table
    lines: np.ndarray
    blanks: int
    first_blank: int | None
    faults: list[tuple[int, int, Reject]]
    #: Columns none of whose values stripping changes (:meth:`RawTable.chunks`).
    unpadded: frozenset[str]


class StreamedTable(RawTable):
    """A :class:`~geomap.sources._csv.RawTable` whose rows are parsed while
    :meth:`frames` hands them out; ``table``, ``lines``, ``rows_read``, ``rejects`` and
    ``warnings`` are filled in when the last chunk has been handed out."""

    path: Path
    layout: Layout
    streaming: bool

    @classmethod
    def open(cls, path: Path, layout: Layout, encoding: str) -> StreamedTable:
        """The table of ``path``, nothing parsed yet."""
        import numpy as np
        import pyarrow as pa

        empty = pa.table({c: pa.array([], pa.large_string()) for c in layout.columns})
        table = cls(layout.file, empty, np.zeros(0, dtype=np.int64), 0, list(layout.columns),
                    layout.delimiter, encoding)
        table.path, table.layout, table.streaming = path, layout, True
        table.written = dict(layout.written)
        return table

    def frames(self, chunk_rows: int = 250_000) -> Iterator[pd.DataFrame]:
        """The rows as pandas frames of ``chunk_rows`` rows, as :meth:`RawTable.frames`.

        Raises
        ------
        ReparseNeeded
            The file needs :func:`~geomap.sources._csv.read_table` (:meth:`reread`).
        """
        if not self.streaming:
            yield from super().frames(chunk_rows)
            return
        for frame, _ in self.chunks(chunk_rows):
            yield frame

    def chunks(self, chunk_rows: int = 250_000) -> Iterator[tuple[pd.DataFrame, frozenset[str]]]:
        """:meth:`frames`, each with the columns none of whose values stripping changes
        (found by the check thread while the previous chunk is checked)."""
        if not self.streaming:
            yield from super().chunks(chunk_rows)
            return
        worker = _Worker(self.path, self.layout)
        try:
            blocks: list[_Block] = []
            for table, lines, unpadded in _chunks(worker.blocks(), blocks, self.table,
                                                  chunk_rows):
                frame = table.to_pandas()
                frame["source_line"] = lines
                yield frame, unpadded
        finally:
            worker.stop()
        self._settle(blocks)

    def reread(self) -> None:
        """Read the whole file with :func:`~geomap.sources._csv.read_table` instead."""
        logger.info("%s: parsed whole", self.file)
        whole = read_table(self.path)
        for name in (f.name for f in dataclasses.fields(RawTable)):
            setattr(self, name, getattr(whole, name))
        self.streaming = False

    def _settle(self, blocks: list[_Block]) -> None:
        """Fill in what :func:`~geomap.sources._csv.read_table` would have returned."""
        import numpy as np
        import pyarrow as pa

        if blocks:
            self.table = pa.concat_tables([b.table for b in blocks])
            self.lines = np.concatenate([b.lines for b in blocks])
        faults = sorted((f for b in blocks for f in b.faults),
                        key=lambda f: (f[0], f[1], f[2].line or 0))
        self.rejects = [reject for _, _, reject in faults]
        self.rows_read = self.table.num_rows + len({r.line for r in self.rejects})
        blanks = sum(b.blanks for b in blocks)
        first = next((b.first_blank for b in blocks if b.blanks), None)
        self.warnings = ([Reject(self.file, first, None, f"skipped {blanks} blank line(s)")]
                         if blanks else [])
        self.streaming = False


def _chunks(blocks: Iterator[_Block], kept: list[_Block], empty: pa.Table, chunk_rows: int
            ) -> Iterator[tuple[pa.Table, np.ndarray, frozenset[str]]]:
    """The rows of ``blocks`` (each also appended to ``kept``) in chunks of ``chunk_rows``,
    the last one shorter, with the columns unpadded in every block they come from; one
    chunk (``empty``) when there are no rows."""
    import numpy as np
    import pyarrow as pa

    pending: list[_Block] = []
    rows, handed = 0, False
    for block in blocks:
        kept.append(block)
        pending.append(block)
        rows += block.table.num_rows
        while rows >= chunk_rows:
            table = pa.concat_tables([b.table for b in pending])
            lines = np.concatenate([b.lines for b in pending])
            yield table.slice(0, chunk_rows), lines[:chunk_rows], _unpadded(pending)
            handed = True
            pending = [_Block(table.slice(chunk_rows), lines[chunk_rows:], 0, None, [],
                              block.unpadded)]  # the rest of the last block
            rows -= chunk_rows
    if rows or not handed:
        yield (pa.concat_tables([empty, *(b.table for b in pending)]),
               np.concatenate([np.zeros(0, dtype=np.int64), *(b.lines for b in pending)]),
               _unpadded(pending))


def _unpadded(blocks: list[_Block]) -> frozenset[str]:
    return frozenset.intersection(*(b.unpadded for b in blocks)) if blocks else frozenset()


def _check_block(batch: pa.RecordBatch, layout: Layout, line: int) -> tuple[_Block, int]:
    """A parsed block whose first row starts on physical ``line``, checked and numbered as
    :func:`~geomap.sources._csv.read_table` does it; and the line after the block."""
    import numpy as np
    import pyarrow as pa

    table = pa.Table.from_batches([batch])
    newline, nul = _bytes_found(table)
    spans = row_spans(table) if newline else np.ones(table.num_rows, dtype=np.int64)
    if newline and layout.quoting and swallows_rows(table, spans, layout):
        raise ReparseNeeded("a quoted field holds whole rows")
    lines = line + np.cumsum(spans) - spans
    empty = empty_rows(table)
    bad, faults = bad_fields(RawTable(layout.file, table, lines, 0, layout.columns,
                                      layout.delimiter, "utf-8"), nul)
    first_blank = int(lines[empty][0]) if empty.any() else None
    drop = empty | bad
    if drop.any():
        keep = np.flatnonzero(~drop)
        table, lines = table.take(keep), lines[keep]
    unpadded = frozenset(name for name, column in zip(table.column_names, table.columns,
                                                      strict=True)
                         if not changes_when_stripped(column))
    return (_Block(table, lines, int(empty.sum()), first_blank, faults, unpadded),
            line + int(spans.sum()))


def _bytes_found(table: pa.Table) -> tuple[bool, bool]:
    """Whether some value of ``table`` holds a newline, and whether one holds a NUL byte
    (numpy over the text buffers: 0.17 s for the 520 MB of a million ACLED rows)."""
    newline = nul = False
    for column in table.columns:
        for chunk in column.chunks:
            offsets, data = string_buffers(chunk)
            if data is None or not len(chunk):
                continue
            text = data[offsets[0]:offsets[-1]]
            newline = newline or bool((text == 10).any())
            nul = nul or bool((text == 0).any())
    return newline, nul


def _open(path: Path, layout: Layout) -> Iterator[pa.RecordBatch]:
    """pyarrow's streaming reader of ``path``, parsing on every core."""
    import pyarrow.csv as pacsv

    def on_invalid(row: pacsv.InvalidRow) -> str:
        return "error"  # numbered only when parsed serially: read_table's job

    yield from pacsv.open_csv(path, **arrow_options(layout, True, on_invalid))


def _reparse_error(err: BaseException) -> BaseException:
    """What a worker thread's ``err`` means to the reading thread: errors pyarrow raises on what
    ``read_table`` handles become :class:`ReparseNeeded`."""
    import pyarrow as pa

    handled = (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowCapacityError,
               UnicodeDecodeError)
    if isinstance(err, handled):
        return ReparseNeeded(f"{type(err).__name__}: {err}")
    return err


class _Worker:
    """Blocks of a file parsed by pyarrow's streaming reader in one thread and checked in
    another, in file order: the parse (no GIL) goes on while a block is checked."""

    def __init__(self, path: Path, layout: Layout) -> None:
        self.parsed = _Ahead(lambda: _open(path, layout), "geomap-csv-parse")
        self.checked = _Ahead(lambda: _checked(self.parsed.items(), layout), "geomap-csv-check")

    def blocks(self) -> Iterator[_Block]:
        """The blocks as they are checked; an error of either thread raised here."""
        yield from self.checked.items()

    def stop(self) -> None:
        """Stop parsing and checking (when the reader stops early) and wait for both."""
        for ahead in (self.checked, self.parsed):
            ahead.stopped.set()
        for ahead in (self.checked, self.parsed):
            ahead.thread.join()


def _checked(batches: Iterator[pa.RecordBatch], layout: Layout) -> Iterator[_Block]:
    """:func:`_check_block` of each batch, numbered from the layout's first record."""
    line = layout.first_record
    for batch in batches:
        block, line = _check_block(batch, layout, line)
        yield block


class _Ahead(Generic[T]):
    """The items of ``produce()`` made in a thread of their own, up to :data:`_READ_AHEAD`
    ahead of the reader; an error is handed to the reader (:func:`_reparse_error`)."""

    def __init__(self, produce: Callable[[], Iterator[T]], name: str) -> None:
        self.produce = produce
        self.queue: queue.Queue[tuple[T] | BaseException | None] = queue.Queue(_READ_AHEAD)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()

    def items(self) -> Iterator[T]:
        """The items as they are made, until the last or until :attr:`stopped`."""
        while True:
            try:
                item = self.queue.get(timeout=0.1)
            except queue.Empty:
                if self.stopped.is_set():
                    return
                continue
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item[0]

    def _run(self) -> None:
        try:
            for item in self.produce():
                if not self._put((item,)):
                    return
            self._put(None)
        except BaseException as err:  # handed to the reading thread, which raises it
            self._put(_reparse_error(err))

    def _put(self, item: tuple[T] | BaseException | None) -> bool:
        while not self.stopped.is_set():
            try:
                self.queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False
