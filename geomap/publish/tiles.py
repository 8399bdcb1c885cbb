"""The tile pyramid of a published site: which features each tile holds.

Zoom 0 to :data:`MAX_ZOOM` (18, tiles of ~150 m, the map's deepest zoom); positions are
kept in tile units of :data:`POSITION_ZOOM` (14: 4096 per tile of ~2.4 km, ~0.6 m at the
equator). A tile holds one of two layers:

* ``events``: every event in it, one point feature each with everything a popup shows
  (texts, notes), in the *leaf* tile of its place: the tile of the shallowest zoom that
  holds at most :data:`EVENTS_PER_TILE` events (:func:`low_leaves` for zooms below
  :data:`BUCKET_ZOOM`, from the whole site's records per bucket; :func:`leaf_zooms` from
  it), or the tile of :data:`MAX_ZOOM` where none does (events on one spot that no tile
  separates). A site of few events is one leaf, the world's tile, drawn as markers at
  every zoom. The tiles below a leaf are not written: the browser draws a view's tile
  from the deepest tile of the archive that covers it, so each event is stored once. A
  leaf keeps positions to the resolution of :data:`POSITION_ZOOM` (its layer's extent
  is 2^(26 - zoom): 4096 at zoom 14, 256 at zoom 18), so no tile, however dense the town
  under it, makes the browser fetch, decode and draw more than about
  :data:`EVENTS_PER_TILE` events (until 2026-12-06 every tile of zoom 14 was a leaf, and
  the densest held 495,000 events of a 100M-event site);
* ``cells``: in the tiles above the leaves, a
  density grid of 8 x 8 cells (32 screen pixels): one point
  feature at a cell's centre per event type and interval of calendar quarters
  (:data:`CELL_MONTHS`: ``m``, the first month of the first quarter, ``s``, the months
  to the last month of the last quarter), with the number of events ``n`` and their
  fatalities ``f``, so the browser recounts each cell for any time range and set of
  types. A dense tile over eight years holds a third of the features it would by month,
  and the squares count a quarter whole when the months selected cover part of it.

A tile of zoom 10-18 that is not in the archive is therefore either below a leaf (its
deepest ancestor in the archive has no child in it) or empty (that ancestor holds cells
and has other children): the archive's directory alone tells which.

Records are grouped in *buckets*, the tiles of :data:`BUCKET_ZOOM`: all tiles at or
below a bucket's zoom are made from that bucket alone, and the zooms above from the
cell counts of every bucket added up. Features in a tile are ordered by position, day
and input order, so a tile's bytes depend only on the events in it: any grouping of
buckets (one process, or many dask workers) gives identical tiles. A leaf above
:data:`BUCKET_ZOOM` is made from all its buckets at once (they are never split between
groups: :meth:`geomap.publish.archive.Stage.groups`).
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from pmtiles.tile import zxy_to_tileid

from geomap.publish.mvt import EXTENT, Column, encode_point_tiles

#: Positions are kept in tile units (4096 a tile) of this zoom: ~0.6 m at the equator.
POSITION_ZOOM = 14
#: The deepest tile: the map's deepest zoom. Only a place with more than
#: :data:`EVENTS_PER_TILE` events in a tile of ``POSITION_ZOOM`` has tiles deeper than it.
MAX_ZOOM = 18
EXTENT_BITS = 12  # EXTENT == 4096
WORLD_BITS = POSITION_ZOOM + EXTENT_BITS
CELL_BITS = 3
#: More events than this in a tile below MAX_ZOOM: density instead (1,000 markers fill a
#: 256-pixel tile; drawing four times as many is what made dense views slow).
EVENTS_PER_TILE = 1_000
#: Density cells count events by calendar quarter (months since 1970 divisible by 3).
CELL_MONTHS = 3
#: The zoom of the buckets (below): a leaf of a shallower zoom is decided for the whole
#: site (:func:`low_leaves`), one of this zoom or deeper within a bucket (:func:`leaf_zooms`).
EVENTS_MIN_ZOOM = 9
#: Records are staged and tiled in buckets: the tiles of this zoom (~80 km).
BUCKET_ZOOM = EVENTS_MIN_ZOOM
#: Rows encoded at once (whole tiles): bounds the encoder's memory in dense places.
SLICE_ROWS = 100_000
MAX_LATITUDE = 85.05112878
#: A day or month not known (records' ``d`` and ``m``; left out of the tiles' features).
UNKNOWN = -(2**31)
GZIP_LEVEL = 6
#: Threads compressing tiles (zlib releases the GIL: compression overlaps encoding).
COMPRESS_THREADS = 2
#: Integer properties of event features, and their texts (``r1``: the code of the
#: event's province, as the counts have it, for the summary of the events in view).
EVENT_INTEGERS = ("t", "d", "lo", "hi", "dp", "p", "f")
#: The bounds of an event's toll (-1: none): integer properties of the features of a site
#: whose records have any (:attr:`geomap.publish.archive.Stage.bounds`), left out of a
#: feature without one.
BOUND_COLUMNS = ("fl", "fh")
EVENT_TEXTS = ("id", "ot", "st", "a1", "x1", "a2", "x2", "fc", "pl", "src", "url", "notes", "r1")
#: Each event's dataset and file: texts of the features of a site of several
#: (:attr:`geomap.publish.archive.Stage.sources`), for its source filter and export.
SOURCE_KEYS = ("ds", "sf")
CELL_KEYS = ["t", "m", "s"]

assert EXTENT == 1 << EXTENT_BITS


def world_xy(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Web-mercator world coordinates in tile units of :data:`POSITION_ZOOM` (uint32)."""
    size = float(1 << WORLD_BITS)
    phi = np.radians(np.clip(lat, -MAX_LATITUDE, MAX_LATITUDE))
    x = (lon + 180.0) / 360.0 * size
    y = (1.0 - np.log(np.tan(phi) + 1.0 / np.cos(phi)) / np.pi) / 2.0 * size
    top = (1 << WORLD_BITS) - 1
    return (np.clip(np.floor(x), 0, top).astype(np.uint32),
            np.clip(np.floor(y), 0, top).astype(np.uint32))


def world_lonlat(x: float, y: float) -> tuple[float, float]:
    """Longitude and latitude of a position in world units of :data:`POSITION_ZOOM`."""
    size = float(1 << WORLD_BITS)
    lat = np.degrees(np.arctan(np.sinh(np.pi * (1.0 - 2.0 * y / size))))
    return float(x / size * 360.0 - 180.0), float(lat)


def tile_keys(x: np.ndarray, y: np.ndarray, zoom: int) -> np.ndarray:
    """``tile x << 32 | tile y`` at ``zoom`` of world coordinates."""
    shift = WORLD_BITS - zoom
    return ((x >> shift).astype(np.int64) << 32) | (y >> shift).astype(np.int64)


def leaf_tile_keys(x: np.ndarray, y: np.ndarray, leaf: np.ndarray) -> np.ndarray:
    """One key per record naming its leaf tile (``leaf``: each record's zoom): the zoom,
    tile x and tile y packed in an int64, equal for the records of one tile."""
    shift = (WORLD_BITS - leaf.astype(np.int64)).astype(np.uint32)
    return (leaf.astype(np.int64) << 58) | ((x >> shift).astype(np.int64) << 29) \
        | (y >> shift).astype(np.int64)


def tile_id(zoom: int, key: int) -> int:
    """The PMTiles tile id of a tile key at ``zoom``."""
    return int(zxy_to_tileid(zoom, int(key) >> 32, int(key) & 0xFFFFFFFF))


def bucket_tiles(records: pa.Table, low: Mapping[int, int] | None = None
                 ) -> tuple[list[tuple[int, bytes]], pd.DataFrame]:
    """Tiles of zooms ``BUCKET_ZOOM .. MAX_ZOOM`` of the events of whole buckets, the leaf
    tiles above ``BUCKET_ZOOM`` of buckets in ``low`` (bucket -> its leaf's zoom,
    :func:`low_leaves`: every bucket of such a leaf must be among ``records``), and the
    cell counts they give the zooms below.

    Returns
    -------
    tiles, cells
        ``(tile id, gzip-compressed MVT)`` pairs, and a frame of cell counts
        (``zoom, key, cell, t, m, s, n, f``) for :func:`low_zoom_tiles`.
    """
    records = ordered(records)
    leaf = record_leaves(records, low)
    tiles = event_tiles(records, leaf)
    dense, cells = density_tiles(records, leaf)
    return tiles + dense, cells


def record_leaves(records: pa.Table, low: Mapping[int, int] | None = None) -> np.ndarray:
    """The zoom of each record's leaf tile (:func:`leaf_zooms`), shallower for the
    buckets in ``low`` (bucket -> its leaf's zoom)."""
    leaf = leaf_zooms(records["x"].to_numpy(), records["y"].to_numpy())
    if low:
        buckets = records["bucket"].to_numpy().astype(np.int64)
        known = np.fromiter(low, dtype=np.int64, count=len(low))
        zooms = np.fromiter(low.values(), dtype=np.int8, count=len(low))
        order = np.argsort(known)
        at = np.clip(np.searchsorted(known[order], buckets), 0, len(known) - 1)
        found = known[order][at] == buckets
        leaf[found] = zooms[order][at][found]
    return leaf


def event_tiles(records: pa.Table, leaf: np.ndarray) -> list[tuple[int, bytes]]:
    """The ``events`` tiles of ``records`` (in :func:`ordered` order) at their leaf
    zooms ``leaf``: every record of each of those tiles must be among ``records``."""
    tiles: list[tuple[int, bytes]] = []
    for zoom in range(int(leaf.min(initial=BUCKET_ZOOM)), MAX_ZOOM + 1):
        tiles += _event_tiles(records.filter(pa.array(leaf == zoom)), zoom)
    return tiles


def density_tiles(records: pa.Table, leaf: np.ndarray
                  ) -> tuple[list[tuple[int, bytes]], pd.DataFrame]:
    """The density tiles above the leaves ``leaf`` of whole buckets' records, from zoom
    ``BUCKET_ZOOM`` on, and the cell counts they give the zooms below (only the columns
    ``x y t m s f`` are read)."""
    x, y = records["x"].to_numpy(), records["y"].to_numpy()
    cells = _cell_pyramid(records, leaf > POSITION_ZOOM)
    tiles: list[tuple[int, bytes]] = []
    for zoom in range(BUCKET_ZOOM, MAX_ZOOM):  # the tiles above a leaf hold density
        above = np.unique(tile_keys(x[leaf > zoom], y[leaf > zoom], zoom))
        dense = cells[zoom][cells[zoom]["key"].isin(above)]
        tiles += _cell_tiles(dense.reset_index(drop=True), zoom)
    return tiles, pd.concat([cells[zoom] for zoom in range(BUCKET_ZOOM)], ignore_index=True)


def low_leaves(rows: Mapping[int, int]) -> dict[int, int]:
    """The buckets whose leaf is shallower than :data:`BUCKET_ZOOM`, and its zoom.

    A tile of any zoom that holds at most :data:`EVENTS_PER_TILE` events is a leaf when
    its parent holds more (or it is the world's tile), as on the single page, which draws
    every event at every zoom while there are few (``ScaleThresholds``): a site of a few
    hundred events draws them as markers from the first view, a sparse region as markers
    beside the density of a dense one. Decided from the records per bucket (``rows``,
    bucket key -> records) of the whole site, so any grouping of the work agrees.
    """
    if not rows:
        return {}
    keys = np.fromiter(rows, dtype=np.int64, count=len(rows))
    counts = np.fromiter(rows.values(), dtype=np.int64, count=len(rows))
    bx, by = keys >> 32, keys & 0xFFFFFFFF
    leaf = np.full(len(keys), BUCKET_ZOOM, dtype=np.int64)
    for zoom in range(BUCKET_ZOOM - 1, -1, -1):  # a tile holds its children
        shift = BUCKET_ZOOM - zoom
        tile = ((bx >> shift) << 32) | (by >> shift)
        _, inverse = np.unique(tile, return_inverse=True)
        total = np.bincount(inverse, weights=counts)
        leaf[total[inverse] <= EVENTS_PER_TILE] = zoom
    return {int(k): int(z) for k, z in zip(keys, leaf, strict=True) if z < BUCKET_ZOOM}


def dense_tiles(rows: Mapping[int, int], low: Mapping[int, int]) -> dict[int, np.ndarray]:
    """Per zoom below :data:`BUCKET_ZOOM`, the keys of the tiles that hold density: those
    above the leaf of some bucket of ``rows`` (``low``: :func:`low_leaves`)."""
    keys = np.fromiter(rows, dtype=np.int64, count=len(rows))
    leaf = np.array([low.get(int(k), BUCKET_ZOOM) for k in keys], dtype=np.int64)
    bx, by = keys >> 32, keys & 0xFFFFFFFF
    dense = {}
    for zoom in range(BUCKET_ZOOM):
        shift = BUCKET_ZOOM - zoom
        above = leaf > zoom
        dense[zoom] = np.unique(((bx[above] >> shift) << 32) | (by[above] >> shift))
    return dense


def leaf_zooms(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The zoom of each record's leaf tile: the shallowest from :data:`EVENTS_MIN_ZOOM`
    whose tile holds at most :data:`EVENTS_PER_TILE` of the records, else MAX_ZOOM
    (``x, y`` of whole buckets). The zooms below :data:`POSITION_ZOOM` are looked at only
    for the records of its tiles that hold more (a few dense towns)."""
    leaf = np.full(len(x), POSITION_ZOOM, dtype=np.int8)
    deep = ~_at_most(tile_keys(x, y, POSITION_ZOOM), EVENTS_PER_TILE)
    if deep.any():
        dx, dy = x[deep], y[deep]
        deep_leaf = np.full(len(dx), MAX_ZOOM, dtype=np.int8)
        for zoom in range(MAX_ZOOM - 1, POSITION_ZOOM, -1):  # a tile holds its children
            deep_leaf[_at_most(tile_keys(dx, dy, zoom), EVENTS_PER_TILE)] = zoom
        leaf[deep] = deep_leaf
    for zoom in range(POSITION_ZOOM - 1, EVENTS_MIN_ZOOM - 1, -1):
        leaf[_at_most(tile_keys(x, y, zoom), EVENTS_PER_TILE)] = zoom
    return leaf


def _at_most(keys: np.ndarray, limit: int) -> np.ndarray:
    """Whether each key's tile holds at most ``limit`` of ``keys``."""
    _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    return np.asarray(counts[inverse] <= limit)


def _cell_pyramid(records: pa.Table, deep: np.ndarray) -> dict[int, pd.DataFrame]:
    """Cell counts of every zoom below MAX_ZOOM: those below :data:`POSITION_ZOOM` from
    all ``records``, the deeper ones only from the ``deep`` records (the whole tiles of
    ``POSITION_ZOOM`` whose leaves are deeper); the deepest of each from the records,
    each coarser one from the one below (a cell holds 2 x 2 cells of the next zoom)."""
    cells = {POSITION_ZOOM - 1: cell_counts(records, POSITION_ZOOM - 1)}
    for zoom in range(POSITION_ZOOM - 2, -1, -1):
        cells[zoom] = _coarser(cells[zoom + 1])
    below = records.filter(pa.array(deep)) if deep.any() else records.slice(0, 0)
    cells[MAX_ZOOM - 1] = cell_counts(below, MAX_ZOOM - 1)
    for zoom in range(MAX_ZOOM - 2, POSITION_ZOOM - 1, -1):
        cells[zoom] = _coarser(cells[zoom + 1])
    return cells


def _coarser(cells: pd.DataFrame) -> pd.DataFrame:
    side = 1 << CELL_BITS
    key, cell = cells["key"].to_numpy(), cells["cell"].to_numpy()
    gx = ((key >> 32) * side + cell % side) >> 1
    gy = ((key & 0xFFFFFFFF) * side + cell // side) >> 1
    frame = cells.assign(zoom=cells["zoom"] - 1,
                         key=((gx // side) << 32) | (gy // side),
                         cell=(gy % side) * side + gx % side)
    return combine_cells([frame])


def ordered(records: pa.Table) -> pa.Table:
    """Records by position, day and input order: the order of features in every tile."""
    return records.take(pa.array(feature_order(records)))


def feature_order(records: pa.Table) -> np.ndarray:
    """The positions of :func:`ordered`'s records in ``records``."""
    return np.lexsort([records[name].to_numpy() for name in ("seq", "d", "x", "y")])


def _event_tiles(records: pa.Table, zoom: int) -> list[tuple[int, bytes]]:
    """The ``events`` tiles of ``records`` at ``zoom``, encoded a slice of tiles at a time."""
    if not records.num_rows:
        return []
    keys = tile_keys(records["x"].to_numpy(), records["y"].to_numpy(), zoom)
    order = np.argsort(keys, kind="stable")
    records, keys = records.take(pa.array(order)), keys[order]
    tiles: list[tuple[int, bytes]] = []
    for start, end in _slices(keys, SLICE_ROWS):
        tiles += _encode_events(records.slice(start, end - start), keys[start:end], zoom)
    return tiles


def _slices(keys: np.ndarray, rows: int) -> Iterator[tuple[int, int]]:
    """Row ranges of sorted ``keys`` of at most ``rows`` rows (or one tile), cut between
    tiles."""
    ends = np.r_[np.flatnonzero(keys[1:] != keys[:-1]) + 1, len(keys)]  # where tiles end
    start = 0
    while start < len(keys):
        k = int(np.searchsorted(ends, start + rows, side="right")) - 1
        if k < 0 or ends[k] <= start:  # one tile longer than ``rows``: alone
            k = int(np.searchsorted(ends, start, side="right"))
        yield start, int(ends[k])
        start = int(ends[k])


def _encode_events(records: pa.Table, keys: np.ndarray, zoom: int) -> list[tuple[int, bytes]]:
    distinct, number = np.unique(keys, return_inverse=True)
    extent = 1 << (WORLD_BITS - zoom)  # positions as fine as at POSITION_ZOOM
    local_x = (records["x"].to_numpy() & (extent - 1)).astype(np.int64)
    local_y = (records["y"].to_numpy() & (extent - 1)).astype(np.int64)
    columns = [_integer_column(records, name) for name in EVENT_INTEGERS]
    columns += [_integer_column(records, name) for name in BOUND_COLUMNS
                if name in records.column_names]
    columns += [Column(name, records[name].combine_chunks()) for name in EVENT_TEXTS]
    columns += [Column(name, records[name].combine_chunks()) for name in SOURCE_KEYS
                if name in records.column_names]
    encoded = encode_point_tiles(number, local_x, local_y, "events", columns, extent)
    return _identified(zoom, distinct, encoded)


def _integer_column(records: pa.Table, name: str) -> Column:
    values = records[name].to_numpy().astype(np.int64)
    if name == "d":
        return Column(name, values, values != UNKNOWN)
    if name in ("lo", "hi"):
        return Column(name, values, values != 0)
    if name in BOUND_COLUMNS:
        return Column(name, values, values >= 0)
    return Column(name, values)


def _cell(world: np.ndarray, zoom: int) -> np.ndarray:
    """Column (or row) of the density cell at ``zoom`` of world positions, 0-7."""
    return ((world >> (WORLD_BITS - zoom - CELL_BITS)) & ((1 << CELL_BITS) - 1)).astype(np.int64)


def cell_counts(records: pa.Table, zoom: int) -> pd.DataFrame:
    """Events per density cell, type and interval of quarters at ``zoom``."""
    x, y = records["x"].to_numpy(), records["y"].to_numpy()
    first, span = quarters(records["m"].to_numpy(), records["s"].to_numpy())
    frame = pd.DataFrame({
        "zoom": zoom, "key": tile_keys(x, y, zoom),
        "cell": _cell(y, zoom) * (1 << CELL_BITS) + _cell(x, zoom),
        "t": records["t"].to_numpy().astype(np.int64), "m": first, "s": span, "n": 1,
        "f": np.maximum(records["f"].to_numpy(), 0).astype(np.int64)})
    return combine_cells([frame])


def quarters(month: np.ndarray, span: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Month intervals ``[month, month + span]`` widened to whole quarters
    (:data:`CELL_MONTHS`): the first month of the first quarter and the span to the last
    month of the last one. Unknown months (``UNKNOWN``) stay as they are."""
    month, span = month.astype(np.int64), span.astype(np.int64)
    known = month != UNKNOWN
    first = month - np.mod(month, CELL_MONTHS)
    end = month + span
    last = end - np.mod(end, CELL_MONTHS) + CELL_MONTHS - 1
    return np.where(known, first, month), np.where(known, last - first, span)


def combine_cells(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Sum partial cell counts (in any order) into one frame sorted by its keys."""
    keys = ["zoom", "key", "cell", *CELL_KEYS]
    frame = pd.concat(parts, ignore_index=True)
    return frame.groupby(keys, sort=True, as_index=False)[["n", "f"]].sum()


def _cell_tiles(cells: pd.DataFrame, zoom: int) -> list[tuple[int, bytes]]:
    if not len(cells):
        return []
    distinct, number = np.unique(cells["key"].to_numpy(), return_inverse=True)
    cell = cells["cell"].to_numpy()
    size = EXTENT >> CELL_BITS
    local_x = (cell % (1 << CELL_BITS)) * size + size // 2
    local_y = (cell >> CELL_BITS) * size + size // 2
    m = cells["m"].to_numpy()
    columns = [Column("t", cells["t"].to_numpy()), Column("m", m, m != UNKNOWN),
               Column("s", cells["s"].to_numpy(), cells["s"].to_numpy() != 0),
               Column("n", cells["n"].to_numpy()), Column("f", cells["f"].to_numpy())]
    encoded = encode_point_tiles(number, local_x, local_y, "cells", columns)
    return _identified(zoom, distinct, encoded)


def low_zoom_tiles(cells: pd.DataFrame, dense: Mapping[int, np.ndarray] | None = None
                   ) -> Iterator[tuple[int, bytes]]:
    """The density tiles below :data:`BUCKET_ZOOM`, from every bucket's cell counts added
    up: those of ``dense`` (:func:`dense_tiles`; all of them when None)."""
    for zoom, part in cells.groupby("zoom", sort=True):
        if dense is not None:
            part = part[np.isin(part["key"].to_numpy(), dense[int(zoom)])]
        yield from _cell_tiles(part.reset_index(drop=True), int(zoom))


def _identified(zoom: int, keys: np.ndarray, tiles: Sequence[bytes]) -> list[tuple[int, bytes]]:
    """``(tile id, compressed tile)`` pairs."""
    with ThreadPoolExecutor(COMPRESS_THREADS) as pool:
        compressed = list(pool.map(_compress, tiles, chunksize=64))
    return [(tile_id(zoom, key), data) for key, data in zip(keys, compressed, strict=True)]


def _compress(tile: bytes) -> bytes:
    return gzip.compress(tile, compresslevel=GZIP_LEVEL, mtime=0)


def layer_metadata(leaf_from: int = EVENTS_MIN_ZOOM, bounds: bool = False,
                   sources: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The archive's ``vector_layers`` (TileJSON), for GIS tools that open it (``bounds``:
    the events have :data:`BOUND_COLUMNS`; ``sources``: those of :data:`SOURCE_KEYS`)."""
    number, text = "Number", "String"
    integers = EVENT_INTEGERS + (BOUND_COLUMNS if bounds else ())
    texts = EVENT_TEXTS + tuple(key for key in SOURCE_KEYS if key in sources)
    events = dict.fromkeys(integers, number) | dict.fromkeys(texts, text)
    cells = dict.fromkeys(["t", "m", "s", "n", "f"], number)
    return [{"id": "events", "fields": events, "minzoom": leaf_from, "maxzoom": MAX_ZOOM},
            {"id": "cells", "fields": cells, "minzoom": 0, "maxzoom": MAX_ZOOM - 1}]
