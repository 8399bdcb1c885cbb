"""Mapbox Vector Tiles (MVT 2.1) of point features, encoded for many tiles at once.

A published site holds tens of millions of point features. ``mapbox-vector-tile`` (the
PyPI encoder) builds each feature as Python objects, which costs minutes per million
points; here every tile of a zoom level is encoded in one pass of numpy (varints of tags
and geometry) and pyarrow (string values), following the specification
(https://github.com/mapbox/vector-tile-spec/tree/master/2.1). The tests decode what this
module writes with ``mapbox-vector-tile``, an independent implementation.

Only what the site needs is supported: point geometry, one feature per point,
integer properties (zigzag ``sint_value``) and string properties (``string_value``); a
missing value (no entry in ``present``, or an empty string) leaves the key out of that
feature.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

EXTENT = 4096
VERSION = 2
_LAYER = 0x1A  # Tile.layers (3, bytes)
_NAME, _FEATURE, _KEY, _VALUE, _EXTENT, _VERSION = 0x0A, 0x12, 0x1A, 0x22, 0x28, 0x78
_TAGS, _TYPE, _GEOMETRY, _POINT, _MOVE_TO_1 = 0x12, 0x18, 0x22, 1, 9
_STRING, _SINT = 0x0A, 0x30  # Value.string_value (1, bytes), Value.sint_value (6, varint)


@dataclass(frozen=True)
class Column:
    """One property: ``values`` (int64 numpy array or pyarrow string array) and, for
    integers, ``present`` (bool array; ``None``: every row has a value)."""

    key: str
    values: Any
    present: Any = None

    @property
    def is_text(self) -> bool:
        return isinstance(self.values, (pa.Array, pa.ChunkedArray))


def varint_sizes(values: np.ndarray) -> np.ndarray:
    """Bytes each unsigned value takes as a protobuf varint."""
    values = _narrow(values)
    sizes = np.ones(len(values), dtype=np.int64)
    top = int(values.max()) if len(values) else 0
    for shift in range(7, 64, 7):
        if top < 1 << shift:
            break
        sizes += values >= (1 << shift)
    return sizes


def _narrow(values: np.ndarray) -> np.ndarray:
    """Unsigned values as uint32 when they fit (numpy is twice as fast on them)."""
    values = values.astype(np.uint64, copy=False)
    if len(values) and int(values.max()) < 1 << 32:
        return values.astype(np.uint32)
    return values


def encode_varints(values: np.ndarray) -> np.ndarray:
    """The protobuf varints of ``values`` (unsigned), one after the other, as uint8.

    Byte ``k`` of every value is computed in one pass into an ``n x longest`` matrix;
    the bytes a value does not use are masked out in row order.
    """
    values = _narrow(values)
    sizes = varint_sizes(values)
    longest = int(sizes.max()) if len(sizes) else 0
    matrix = np.empty((len(values), longest), dtype=np.uint8)
    for k in range(longest):
        low = ((values >> (7 * k)) & 0x7F).astype(np.uint8)
        matrix[:, k] = low | ((sizes > k + 1).astype(np.uint8) << 7)
    return matrix[np.arange(longest) < sizes[:, None]]


def zigzag(values: np.ndarray) -> np.ndarray:
    """Protobuf zigzag encoding of signed integers (0, -1, 1, -2 -> 0, 1, 2, 3)."""
    signed = values.astype(np.int64, copy=False)
    return ((signed << 1) ^ (signed >> 63)).astype(np.uint64)


def encode_point_tiles(tile: np.ndarray, x: np.ndarray, y: np.ndarray, name: str,
                       columns: Sequence[Column], extent: int = EXTENT) -> list[bytes]:
    """One MVT tile (a single layer ``name``) per distinct value of ``tile``.

    Parameters
    ----------
    tile
        Tile number of each feature, sorted ascending, ``0 .. T-1`` without gaps.
    x, y
        Feature position inside its tile, in ``0 .. extent``.
    name
        The layer name.
    columns
        The properties.
    extent
        Tile units per tile side (the layer's ``extent``).

    Returns
    -------
    list of bytes
        The encoded tiles, in tile order; features keep their input order.
    """
    count = int(tile[-1]) + 1 if len(tile) else 0
    tags, present, tables = _tags(tile, columns, count)
    features, feature_ends = _features(tile, x, y, tags, present, count)
    keys = b"".join(_field(_KEY, c.key.encode()) for c in columns)
    head = _field(_NAME, name.encode())
    tail = bytes([_EXTENT]) + _varint(extent) + bytes([_VERSION]) + _varint(VERSION)
    values, value_ends = tables
    out = []
    feature_start = value_start = 0
    for t in range(count):
        layer = b"".join((head, features[feature_start:feature_ends[t]].tobytes(), keys,
                          values[value_start:value_ends[t]], tail))
        out.append(bytes([_LAYER]) + _varint(len(layer)) + layer)
        feature_start, value_start = feature_ends[t], value_ends[t]
    return out


def _tags(tile: np.ndarray, columns: Sequence[Column], count: int
          ) -> tuple[np.ndarray, np.ndarray, tuple[bytes, np.ndarray]]:
    """Per feature and column: the value's index in its tile's table; which are present;
    and the values tables of every tile (bytes, end offset per tile)."""
    n = len(tile)
    indices = np.zeros((n, len(columns)), dtype=np.int64)
    present = np.zeros((n, len(columns)), dtype=bool)
    used = np.zeros(count, dtype=np.int64)  # values already in each tile's table
    parts: list[tuple[np.ndarray, int, np.ndarray]] = []  # (pair tiles, column, messages)
    messages: list[pa.Array] = []
    for k, column in enumerate(columns):
        codes, uniques, mask = _codes(column, n)
        present[:, k] = mask
        pair_tile, local, inverse, pair_code = _tile_pairs(tile[mask], codes[mask])
        indices[mask, k] = used[tile[mask]] + local[inverse]
        used += np.bincount(pair_tile, minlength=count)
        parts.append((pair_tile, k, pair_code))
        messages.append(_value_messages(column, uniques))
    return indices, present, _value_tables(parts, messages, count)


def _codes(column: Column, n: int) -> tuple[np.ndarray, Any, np.ndarray]:
    """Codes into the column's distinct values, the distinct values, and presence."""
    if column.is_text:
        encoded = pc.dictionary_encode(pa.chunked_array([column.values]) if isinstance(
            column.values, pa.Array) else column.values).combine_chunks()
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        mask = pc.fill_null(pc.greater(pc.utf8_length(column.values), 0), False)
        mask_np = np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool)
        return np.nan_to_num(codes, nan=0).astype(np.int64), encoded.dictionary, mask_np
    mask = np.ones(n, dtype=bool) if column.present is None else np.asarray(column.present)
    values = np.asarray(column.values, dtype=np.int64)
    uniques, codes = np.unique(values, return_inverse=True)
    return codes.astype(np.int64), uniques, mask


def _tile_pairs(tile: np.ndarray, codes: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (tile, code) pairs in order of first appearance (rows are sorted by tile,
    so a tile's values are listed as its features first use them, whatever else was
    encoded with it): their tile, index within the tile, each row's pair, and their code.
    """
    width = int(codes.max()) + 1 if len(codes) else 1
    pairs, first, inverse = np.unique(tile.astype(np.int64) * width + codes,
                                      return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    position = np.empty(len(pairs), dtype=np.int64)
    position[order] = np.arange(len(pairs))
    pairs = pairs[order]
    pair_tile = pairs // width
    start = np.searchsorted(pair_tile, pair_tile, side="left")
    return pair_tile, np.arange(len(pairs)) - start, position[inverse], pairs % width


def _value_messages(column: Column, uniques: Any) -> pa.Array:
    """``Layer.values`` entries (field tag, length and Value message) of each distinct value."""
    if column.is_text:
        body = pa.array(uniques, type=pa.binary()) if not isinstance(uniques, pa.Array) \
            else uniques.cast(pa.binary())
        lengths = pc.binary_length(body).to_numpy(zero_copy_only=False).astype(np.int64)
        inner = 1 + varint_sizes(lengths) + lengths
        heads = _rows_of_varints(np.stack([np.full(len(lengths), _VALUE), inner,
                                           np.full(len(lengths), _STRING), lengths], axis=1))
        return pc.binary_join_element_wise(heads, body, pa.scalar(b"", pa.binary()))
    numbers = zigzag(np.asarray(uniques))
    inner = 1 + varint_sizes(numbers)
    return _rows_of_varints(np.stack([np.full(len(numbers), _VALUE), inner,
                                      np.full(len(numbers), _SINT), numbers], axis=1))


def _rows_of_varints(rows: np.ndarray) -> pa.Array:
    """A binary array whose i-th element is the varints of ``rows[i]``, in order."""
    flat = rows.astype(np.uint64).reshape(-1)
    sizes = varint_sizes(flat).reshape(rows.shape).sum(axis=1)
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int32)
    data = encode_varints(flat)
    return pa.Array.from_buffers(pa.binary(), len(rows),
                                 [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def _value_tables(parts: list[tuple[np.ndarray, int, np.ndarray]], messages: list[pa.Array],
                  count: int) -> tuple[bytes, np.ndarray]:
    """Every tile's values, tile by tile and column by column, as one buffer."""
    tiles = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64)
    column = np.concatenate([np.full(len(p[0]), p[1]) for p in parts]) if parts else tiles
    order = np.lexsort((column, tiles))  # stable: values keep their order within a column
    pieces = pa.chunked_array([m.take(pa.array(p[2])) for m, p in zip(messages, parts,
                                                                      strict=True)],
                              type=pa.binary()).combine_chunks().take(pa.array(order))
    lengths = pc.binary_length(pieces).to_numpy(zero_copy_only=False).astype(np.int64)
    ends = np.cumsum(np.bincount(tiles[order], weights=lengths, minlength=count)
                     ).astype(np.int64)
    if not count or not len(pieces):
        return b"", ends
    offsets, data = pieces.buffers()[1:]
    start = int(np.frombuffer(offsets, dtype=np.int32)[pieces.offset])
    return data.to_pybytes()[start:start + int(ends[-1])], ends


def _features(tile: np.ndarray, x: np.ndarray, y: np.ndarray, tags: np.ndarray,
              present: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``Layer.features`` entries of every feature, in order; end offset per tile."""
    n, k = tags.shape
    key_index = np.broadcast_to(np.arange(k), (n, k))
    pairs = np.stack([key_index, tags], axis=2).reshape(n, 2 * k)
    pair_present = np.repeat(present, 2, axis=1)
    tag_sizes = (varint_sizes(pairs.reshape(-1)).reshape(n, 2 * k) * pair_present).sum(axis=1)
    zx, zy = zigzag(x.astype(np.int64)), zigzag(y.astype(np.int64))
    geometry_size = 1 + varint_sizes(zx) + varint_sizes(zy)
    body = 1 + varint_sizes(tag_sizes) + tag_sizes + 2 + 1 + varint_sizes(geometry_size) \
        + geometry_size
    column = np.ones((n, 1), dtype=np.uint64)
    parts = [column * _FEATURE, body[:, None], column * _TAGS, tag_sizes[:, None],
             pairs, column * _TYPE, column * _POINT, column * _GEOMETRY,
             geometry_size[:, None], column * _MOVE_TO_1, zx[:, None], zy[:, None]]
    rows = np.concatenate([part.astype(np.uint64) for part in parts], axis=1)
    keep = np.concatenate([np.ones((n, 4), bool), pair_present, np.ones((n, 7), bool)], axis=1)
    encoded = encode_varints(rows[keep])
    feature_size = 1 + varint_sizes(body) + body
    ends = np.cumsum(np.bincount(tile, weights=feature_size, minlength=count)).astype(np.int64)
    return encoded, ends


def _varint(value: int) -> bytes:
    """One varint (plain Python: called once per tile, where numpy's overhead dominates)."""
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _field(tag: int, payload: bytes) -> bytes:
    return bytes([tag]) + _varint(len(payload)) + payload
