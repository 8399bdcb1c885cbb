"""Stage records by bucket on disk, and write tiles into one PMTiles archive.

Records of each piece of input are sorted by bucket and written as an Arrow IPC file,
one record batch per bucket, so the tiles of a bucket are made from its rows alone,
without ever holding every event in memory. Tiles go to a spool file as they are made;
the archive is written from it in tile-id order (the order PMTiles readers expect of a
clustered archive) through the ``pmtiles`` package's writer.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pmtiles.tile import Compression, TileType
from pmtiles.writer import Writer

from geomap.layers.build import ID_SEPARATOR, id_hashes
from geomap.publish.records import retyped
from geomap.publish.tiles import BOUND_COLUMNS, BUCKET_ZOOM, MAX_ZOOM, SOURCE_KEYS, tile_id

#: Rows of records handed to one call of ``bucket_tiles`` (whole buckets, at least).
GROUP_ROWS = 250_000
#: Staged files are LZ4-compressed: records are mostly popup text, which LZ4 makes about
#: four times smaller (470 -> 118 bytes per synthetic ACLED event) for about 3 s of CPU
#: per million records written and read back, so that a 100M-event publish stages about
#: 12 GB rather than 47 GB, and pages through four times less (docs/benchmarks.md).
STAGE_COMPRESSION = "lz4"


@contextlib.contextmanager
def staged_file(path: Path, schema: pa.Schema) -> Iterator[pa.ipc.RecordBatchFileWriter]:
    """An Arrow IPC file writer at ``path``, compressed as every staged file is."""
    options = pa.ipc.IpcWriteOptions(compression=STAGE_COMPRESSION)
    with pa.OSFile(str(path), "wb") as sink, \
            pa.ipc.new_file(sink, schema, options=options) as out:
        yield out


def read_staged(path: Path, batch: int | None = None) -> pa.Table:
    """The records of a staged file (:func:`staged_file`): all of them, or those of its
    record batch number ``batch``."""
    with pa.memory_map(str(path)) as source:
        reader = pa.ipc.open_file(source)
        if batch is None:
            return reader.read_all()
        return pa.Table.from_batches([reader.get_batch(batch)])


@dataclass(frozen=True)
class StagedFile:
    """Records of one piece on disk: the file, each bucket's record batch and rows, and
    the site's type of each of the piece's own types (:func:`~geomap.publish.records.
    type_lookup`: the records take them when read back), whether a record has a
    bound of its toll (``fl``/``fh``: a sheet's "100+", UCDP's low and high), and its
    event ids: their hashes (``ids``, :func:`geomap.layers.build.id_hashes`, distinct)
    and those that hold ``ID_SEPARATOR`` (``marked``), until the site has found which
    ids need a prefix, as ``geomap build`` tells them apart
    (:func:`geomap.layers.build.ids_told_apart`): the records take them (``renamed``:
    pairs of id and new id) as they are read back."""

    path: Path
    batches: dict[int, int]
    rows: dict[int, int]
    types: tuple[int, ...] = ()
    bounds: bool = False
    ids: np.ndarray | None = field(default=None, compare=False, repr=False)
    marked: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()


def stage_records(records: pa.Table, path: Path) -> StagedFile:
    """Write ``records`` sorted by bucket to ``path``, one record batch per bucket."""
    buckets = records["bucket"].to_numpy()
    order = np.argsort(buckets, kind="stable")
    records, buckets = records.take(pa.array(order)), buckets[order]
    distinct, starts, counts = np.unique(buckets, return_index=True, return_counts=True)
    with staged_file(path, records.schema) as out:
        for start, count in zip(starts, counts, strict=True):
            out.write_table(records.slice(int(start), int(count)))
    keys = [int(b) for b in distinct]
    bounds = any(name in records.column_names and bool(pc.any(pc.greater_equal(
        records[name], 0)).as_py()) for name in BOUND_COLUMNS)
    texts = records["id"].to_pandas() if "id" in records.column_names else None
    ids = None if texts is None else id_hashes(texts)
    marked = () if texts is None else tuple(sorted(set(
        texts[texts.str.contains(ID_SEPARATOR, regex=False)])))
    return StagedFile(path, {b: k for k, b in enumerate(keys)},
                      {b: int(c) for b, c in zip(keys, counts, strict=True)}, bounds=bounds,
                      ids=None if ids is None else np.unique(ids[ids != 0]), marked=marked)


@dataclass
class Stage:
    """Records written piece by piece (:func:`stage_records`), read back by bucket."""

    folder: Path
    group_rows: int = GROUP_ROWS
    files: list[StagedFile] = field(default_factory=list)
    #: The source texts the tiles carry (:data:`~geomap.publish.tiles.SOURCE_KEYS`):
    #: ``ds`` on a site of several datasets, ``sf`` of several files, decided once every
    #: piece is read (:func:`tile_sources`); the others are left out as the records are
    #: read back, so a site of one file has the tiles of before they were kept.
    sources: tuple[str, ...] = ()

    def add(self, staged: StagedFile) -> None:
        """Count a staged file in (files are read back in the order they are added)."""
        self.files.append(staged)

    @property
    def bounds(self) -> bool:
        """Whether a record has a bound of its toll: the records are read back without
        ``fl`` and ``fh`` when none has (the tiles of a site without any are those of
        before they were kept, byte for byte)."""
        return any(staged.bounds for staged in self.files)

    def rows(self) -> dict[int, int]:
        """Records per bucket."""
        total: dict[int, int] = {}
        for staged in self.files:
            for bucket, count in staged.rows.items():
                total[bucket] = total.get(bucket, 0) + count
        return total

    def bucket_rows(self, bucket: int) -> int:
        """Records of ``bucket``."""
        return sum(staged.rows.get(bucket, 0) for staged in self.files)

    def groups(self, low: Mapping[int, int] | None = None) -> Iterator[list[int]]:
        """Buckets in tile-id order, in groups of about ``group_rows`` records, a bucket
        of more records alone (tiled in parts: :func:`geomap.publish.tasks.group_tiles`);
        the buckets of one leaf shallower than theirs (``low``: bucket -> leaf zoom,
        :func:`geomap.publish.tiles.low_leaves`) in one group (they are consecutive in
        tile-id order, a Hilbert curve that covers a tile before leaving it)."""
        rows, low = self.rows(), low or {}
        group: list[int] = []
        size = 0
        for bucket in sorted(rows, key=lambda b: tile_id(BUCKET_ZOOM, b)):
            leaf = _leaf(bucket, low)
            if rows[bucket] > self.group_rows and leaf is None:  # dense: a group of its own
                if group:
                    yield group
                yield [bucket]
                group, size = [], 0
                continue
            if size >= self.group_rows and (leaf is None or leaf != _leaf(group[-1], low)):
                yield group
                group, size = [], 0
            group.append(bucket)
            size += rows[bucket]
        if group:
            yield group

    def read(self, buckets: Iterable[int], columns: Sequence[str] | None = None) -> pa.Table:
        """Every record of ``buckets`` (only ``columns``, when given)."""
        wanted = list(buckets)
        parts = []
        for staged in self.files:
            with pa.memory_map(str(staged.path)) as source:
                reader = _open(source, columns)
                parts += [_told_apart(retyped(reader.get_batch(staged.batches[b]),
                                              staged.types), staged)
                          for b in wanted if b in staged.batches]
        return self._bounded(pa.Table.from_batches(parts).combine_chunks())

    def _bounded(self, records: pa.Table) -> pa.Table:
        """``records`` without the toll's bounds when no record has one, and without the
        source texts the tiles do not carry (:attr:`sources`)."""
        left_out = [c for c in SOURCE_KEYS if c not in self.sources]
        if not self.bounds:
            left_out += BOUND_COLUMNS
        return records.drop_columns([c for c in left_out if c in records.column_names])

    def read_rows(self, bucket: int, keep: np.ndarray) -> pa.Table:
        """The records of ``bucket`` that ``keep`` marks, a mask over the bucket's
        records in the order :meth:`read` gives them; one staged file's records in
        memory at a time, so that a bucket denser than memory is read a part at a time."""
        parts, start = [], 0
        for staged in self.files:
            count = staged.rows.get(bucket, 0)
            mine, start = keep[start:start + count], start + count
            if mine.any():
                batch = read_staged(staged.path, staged.batches[bucket]).to_batches()[0]
                parts.append(pa.Table.from_batches([_told_apart(retyped(
                    batch, staged.types), staged)]).filter(pa.array(mine)))
        return self._bounded(pa.concat_tables(parts).combine_chunks())


def tile_sources(counts: pd.DataFrame) -> tuple[str, ...]:
    """The source texts a site's tiles carry, from its :func:`~geomap.publish.records.
    combine_filter_counts`: ``ds`` when its events come from several datasets, ``sf``
    from several files (as the single page sends them)."""
    return tuple(key for key in SOURCE_KEYS
                 if key in counts.columns and counts.loc[counts["n"] > 0, key].nunique() > 1)


def _told_apart(records: pa.RecordBatch, staged: StagedFile) -> pa.RecordBatch:
    """``records`` with the ids the site tells apart renamed (``staged.renamed``)."""
    if not staged.renamed or "id" not in records.schema.names:
        return records
    ids = records["id"].to_pandas()
    told = ids.map(dict(staged.renamed)).fillna(ids)
    k = records.schema.get_field_index("id")
    return records.set_column(k, "id", pa.array(told.astype(str),
                                                type=records.schema.field(k).type))


def _open(source: pa.MemoryMappedFile, columns: Sequence[str] | None
          ) -> pa.ipc.RecordBatchFileReader:
    """A staged file's reader, of ``columns`` only when given."""
    if columns is None:
        return pa.ipc.open_file(source)
    schema = pa.ipc.open_file(source).schema
    fields = [schema.get_field_index(name) for name in columns]
    return pa.ipc.open_file(source, options=pa.ipc.IpcReadOptions(included_fields=fields))


def _leaf(bucket: int, low: Mapping[int, int]) -> tuple[int, int] | None:
    """The leaf above ``bucket`` (zoom, key), or None where its leaf is its own zoom or deeper."""
    zoom = low.get(bucket)
    if zoom is None:
        return None
    shift = BUCKET_ZOOM - zoom
    return zoom, (((bucket >> 32) >> shift) << 32) | ((bucket & 0xFFFFFFFF) >> shift)


class TileSpool:
    """Tiles in the order they were made, on disk, with where each one is."""

    def __init__(self) -> None:
        self.handle: IO[bytes] = tempfile.TemporaryFile()
        self.entries: list[tuple[int, int, int]] = []  # tile id, offset, length
        self.offset = 0

    def add(self, tiles: Iterable[tuple[int, bytes]]) -> None:
        for tile, data in tiles:
            self.handle.write(data)
            self.entries.append((tile, self.offset, len(data)))
            self.offset += len(data)

    def sorted_tiles(self) -> Iterator[tuple[int, bytes]]:
        """The tiles in tile-id order."""
        for tile, offset, length in sorted(self.entries):
            self.handle.seek(offset)
            yield tile, self.handle.read(length)

    def close(self) -> None:
        self.handle.close()


def write_archive(path: Path, spool: TileSpool, bounds: tuple[float, float, float, float],
                  metadata: dict[str, Any]) -> int:
    """Write the spooled tiles as a PMTiles v3 archive at ``path``; its size in bytes.

    ``bounds`` is ``(west, south, east, north)`` in degrees. ``path`` is a staged file
    (the site is published as one unit by :func:`geomap.publish.build.publish_site`).
    """
    west, south, east, north = bounds
    header = {
        "tile_type": TileType.MVT, "tile_compression": Compression.GZIP,
        "min_lon_e7": int(west * 1e7), "min_lat_e7": int(south * 1e7),
        "max_lon_e7": int(east * 1e7), "max_lat_e7": int(north * 1e7),
        "center_zoom": 0, "center_lon_e7": int((west + east) / 2 * 1e7),
        "center_lat_e7": int((south + north) / 2 * 1e7),
    }
    with path.open("wb") as handle:
        writer = Writer(handle)
        for tile, data in spool.sorted_tiles():
            writer.write_tile(tile, data)
        writer.finalize(header, metadata)
    return path.stat().st_size


def archive_metadata(name: str, layers: list[dict[str, Any]], attribution: str) -> dict[str, Any]:
    """TileJSON-style metadata for the archive."""
    return {"name": name, "format": "pbf", "minzoom": 0, "maxzoom": MAX_ZOOM,
            "vector_layers": layers, "attribution": attribution,
            "generator": "geomap publish", "geomap": json.dumps({"bucket_zoom": BUCKET_ZOOM})}
