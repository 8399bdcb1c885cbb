"""Stage records by bucket on disk, and write tiles into one PMTiles archive.

Records of each piece of input are sorted by bucket and written as an Arrow IPC file,
one record batch per bucket, so the tiles of a bucket are made from its rows alone,
without ever holding every event in memory. Tiles go to a spool file as they are made;
the archive is written from it in tile-id order (the order PMTiles readers expect of a
clustered archive) through the ``pmtiles`` package's writer.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
import pyarrow as pa
from pmtiles.tile import Compression, TileType
from pmtiles.writer import Writer

from geomap._atomic import atomic_write
from geomap.publish.tiles import BUCKET_ZOOM, MAX_ZOOM, tile_id

#: Rows of records handed to one call of ``bucket_tiles`` (whole buckets, at least).
GROUP_ROWS = 400_000


@dataclass
class Stage:
    """Records written piece by piece, read back bucket by bucket."""

    folder: Path
    group_rows: int = GROUP_ROWS
    files: list[tuple[Path, dict[int, int]]] = field(default_factory=list)  # file, bucket->batch
    rows: dict[int, int] = field(default_factory=dict)  # bucket -> rows

    def add(self, records: pa.Table) -> None:
        """Write ``records`` sorted by bucket, one record batch per bucket."""
        if not records.num_rows:
            return
        buckets = records["bucket"].to_numpy()
        order = np.argsort(buckets, kind="stable")
        records, buckets = records.take(pa.array(order)), buckets[order]
        distinct, starts, counts = np.unique(buckets, return_index=True, return_counts=True)
        path = self.folder / f"records-{len(self.files):05d}.arrow"
        index = {}
        with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, records.schema) as out:
            for number, (bucket, start, count) in enumerate(zip(distinct, starts, counts,
                                                                strict=True)):
                out.write_table(records.slice(int(start), int(count)))
                index[int(bucket)] = number
                self.rows[int(bucket)] = self.rows.get(int(bucket), 0) + int(count)
        self.files.append((path, index))

    def groups(self) -> Iterator[list[int]]:
        """Buckets in tile-id order, in groups of about ``group_rows`` records."""
        group: list[int] = []
        size = 0
        for bucket in sorted(self.rows, key=lambda b: tile_id(BUCKET_ZOOM, b)):
            group.append(bucket)
            size += self.rows[bucket]
            if size >= self.group_rows:
                yield group
                group, size = [], 0
        if group:
            yield group

    def read(self, buckets: Iterable[int]) -> pa.Table:
        """Every record of ``buckets``."""
        wanted = list(buckets)
        parts = []
        for path, index in self.files:
            with pa.memory_map(str(path)) as source:
                reader = pa.ipc.open_file(source)
                parts += [reader.get_batch(index[b]) for b in wanted if b in index]
        return pa.Table.from_batches(parts).combine_chunks()


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

    ``bounds`` is ``(west, south, east, north)`` in degrees.
    """
    west, south, east, north = bounds
    header = {
        "tile_type": TileType.MVT, "tile_compression": Compression.GZIP,
        "min_lon_e7": int(west * 1e7), "min_lat_e7": int(south * 1e7),
        "max_lon_e7": int(east * 1e7), "max_lat_e7": int(north * 1e7),
        "center_zoom": 0, "center_lon_e7": int((west + east) / 2 * 1e7),
        "center_lat_e7": int((south + north) / 2 * 1e7),
    }
    with atomic_write(path, mode="wb") as handle:
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
