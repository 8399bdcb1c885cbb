"""geomap.publish.mvt writes tiles that an independent decoder (mapbox-vector-tile) reads."""

from __future__ import annotations

import mapbox_vector_tile
import numpy as np
import pyarrow as pa
import pytest

from geomap.publish.mvt import Column, encode_point_tiles, encode_varints, varint_sizes, zigzag


def _decode(tile: bytes) -> dict:
    return mapbox_vector_tile.decode(tile, default_options={"y_coord_down": True})


def test_varints_match_the_protobuf_rule() -> None:
    values = np.array([0, 1, 127, 128, 300, 16383, 16384, 2**32, 2**63 - 1], dtype=np.uint64)
    expected = b"".join(_varint(int(v)) for v in values)
    assert encode_varints(values).tobytes() == expected
    assert varint_sizes(values).tolist() == [len(_varint(int(v))) for v in values]


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def test_zigzag() -> None:
    assert zigzag(np.array([0, -1, 1, -2, 2, -(2**31)])).tolist() == [0, 1, 2, 3, 4, 2**32 - 1]


def test_tiles_decode_to_the_features_given() -> None:
    rng = np.random.default_rng(1)
    n = 500
    tile = np.sort(rng.integers(0, 7, n))
    tile = np.unique(tile, return_inverse=True)[1]  # 0..T-1 without gaps
    x, y = rng.integers(0, 4097, n), rng.integers(0, 4097, n)
    numbers = rng.integers(-5, 100_000, n)
    present = rng.random(n) < 0.7
    words = ["Kharkiv", "", "Tombouctou", "Ménaka", "日本", "a\nb", "x" * 300]
    text = pa.array([words[k] for k in rng.integers(0, len(words), n)])
    encoded = encode_point_tiles(tile, x, y, "events", [Column("n", numbers, present),
                                                        Column("w", text)])
    assert len(encoded) == tile.max() + 1
    seen = 0
    for t, data in enumerate(encoded):
        layer = _decode(data)["events"]
        assert layer["extent"] == 4096 and layer["version"] == 2
        rows = np.flatnonzero(tile == t)
        assert len(layer["features"]) == len(rows)
        for row, feature in zip(rows, layer["features"], strict=True):
            assert feature["geometry"]["coordinates"] == [int(x[row]), int(y[row])]
            props = feature["properties"]
            assert props.get("n") == (int(numbers[row]) if present[row] else None)
            assert props.get("w") == (text[row].as_py() or None)
            seen += 1
    assert seen == n


@pytest.mark.parametrize("count", [1, 2])
def test_small_tiles(count: int) -> None:
    tile = np.arange(count)
    encoded = encode_point_tiles(tile, np.array([5] * count), np.array([9] * count), "cells",
                                 [Column("t", np.array([3] * count))])
    assert [_decode(t)["cells"]["features"][0]["properties"] for t in encoded] == \
        [{"t": 3}] * count
