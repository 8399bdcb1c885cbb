"""geomap.publish.tiles: slices of tiles, and tiles independent of how records are cut."""

from __future__ import annotations

import gzip
import itertools
from collections import Counter
from pathlib import Path

import mapbox_vector_tile
import numpy as np
import pytest
from pmtiles.tile import tileid_to_zxy

from geomap.publish import tiles
from geomap.publish.records import event_records
from geomap.sources.read import read_events
from tests.publish.conftest import acled_rows, write_acled


@pytest.mark.parametrize("rows", [1, 3, 7, 1000])
def test_slices_cut_between_tiles(rows: int) -> None:
    rng = np.random.default_rng(rows)
    for _ in range(100):
        keys = np.sort(rng.integers(0, 15, rng.integers(1, 50)))
        cuts = list(tiles._slices(keys, rows))
        assert cuts[0][0] == 0 and cuts[-1][1] == len(keys)
        assert all(a[1] == b[0] for a, b in itertools.pairwise(cuts))
        assert all(end == len(keys) or keys[end] != keys[end - 1] for _, end in cuts)
        assert all(end - start <= rows or len(set(keys[start:end])) == 1 for start, end in cuts)


def test_tiles_do_not_depend_on_slices_or_record_order(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    frame = read_events(write_acled(tmp_path / "a.csv", acled_rows(2000, seed=5))).frame
    records = event_records(frame)
    whole, cells = tiles.bucket_tiles(records)
    monkeypatch.setattr(tiles, "SLICE_ROWS", 7)
    shuffled = records.take(np.random.default_rng(1).permutation(records.num_rows))
    sliced, cells_again = tiles.bucket_tiles(shuffled)
    assert sorted(sliced) == sorted(whole)
    assert cells_again.equals(cells)


def test_an_event_without_usable_coordinates_is_named_not_dropped_silently(
        tmp_path: Path) -> None:
    """Readers reject such rows; a frame handed over another way (the API, a cluster
    partition) may still hold one: the site leaves it out and says which, where."""
    from geomap.publish.records import attached_records

    frame = read_events(write_acled(tmp_path / "a.csv", acled_rows(5, seed=2))).frame
    frame.loc[frame.index[2], "latitude"] = float("nan")
    records, warnings, _ = attached_records(frame, 0, "a.csv")
    assert records.num_rows == 4
    [left_out] = [w for w in warnings if "no usable coordinates" in w.reason]
    assert (left_out.file, left_out.line, left_out.field) == (
        "a.csv", int(frame["source_line"].iloc[2]), "latitude")
    assert repr(str(frame["event_id"].iloc[2])) in left_out.reason


def test_density_cells_count_whole_quarters(tmp_path: Path) -> None:
    """Cells count events by calendar quarter: each cell's interval is whole quarters, and
    every quarter's events are counted in cells that start with it."""
    frame = read_events(write_acled(tmp_path / "a.csv", acled_rows(2000, seed=4))).frame
    records = event_records(frame)
    cells = tiles.cell_counts(records, 10)
    known = cells[cells["m"] != tiles.UNKNOWN]
    assert (known["m"] % 3 == 0).all() and ((known["m"] + known["s"] + 1) % 3 == 0).all()
    month, span = records["m"].to_numpy(), records["s"].to_numpy()
    dated = month != tiles.UNKNOWN
    expected = Counter((month[dated] // 3 * 3).tolist())
    counted = known.groupby("m")["n"].sum()
    assert counted.to_dict() == dict(expected)
    ends = month[dated] + span[dated]
    assert (known["m"] + known["s"]).max() == ends.max() // 3 * 3 + 2
    assert cells["n"].sum() == records.num_rows


def test_quarters_widen_month_intervals() -> None:
    first, span = tiles.quarters(np.array([0, 4, 5, 11, tiles.UNKNOWN]),
                                 np.array([0, 0, 1, 3, 0]))
    assert first.tolist() == [0, 3, 3, 9, tiles.UNKNOWN]
    assert span.tolist() == [2, 2, 5, 5, 0]  # 11-14 (Dec 1970 - Mar 1971): 9-14



def test_leaf_zooms(monkeypatch: pytest.MonkeyPatch) -> None:
    """A record's leaf is the shallowest tile from EVENTS_MIN_ZOOM with at most
    EVENTS_PER_TILE records, deeper than POSITION_ZOOM where its tile there holds more;
    records on one spot that no tile separates stay at MAX_ZOOM."""
    monkeypatch.setattr(tiles, "EVENTS_PER_TILE", 3)
    side = {z: 1 << (tiles.WORLD_BITS - z) for z in (9, 10, 12, 16)}  # tile sides
    corner = 100 * side[9]
    groups = {tiles.MAX_ZOOM: [(0, 0)] * 4,  # one spot: no tile separates them
              10: [(side[10], 0), (side[10] + 7, 3)],  # alone in a zoom-10 tile
              9: [(side[9], 0)] * 3,  # alone in the next zoom-9 tile
              12: [(side[12], 0), (side[12], 9)],  # with the spot down to zoom 11
              # four in one tile of zooms 9-15 (of their own), two by two at zoom 16
              16: [(5 * side[9] + a, 0) for a in (0, 1, side[16], side[16] + 1)]}
    xy = np.array([p for points in groups.values() for p in points], dtype=np.uint32) + corner
    leaf = tiles.leaf_zooms(xy[:, 0], xy[:, 1])
    assert leaf.tolist() == [z for z, points in groups.items() for _ in points]
    assert tiles.POSITION_ZOOM < 16 < tiles.MAX_ZOOM


def test_a_dense_town_is_density_down_to_tiles_of_few_events(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Events packed in one tile of POSITION_ZOOM: it and the tiles under it hold density
    down to leaves of at most EVENTS_PER_TILE events, at POSITION_ZOOM's resolution (an
    extent of 2^(26 - zoom)); every event is in exactly one leaf; cells count them all."""
    monkeypatch.setattr(tiles, "EVENTS_PER_TILE", 20)
    frame = read_events(write_acled(tmp_path / "a.csv", acled_rows(300, seed=8))).frame
    rng = np.random.default_rng(3)  # ~150 m around one point: one tile of zoom 14
    frame["latitude"] = 50.0 + rng.normal(0, 0.0006, len(frame))
    frame["longitude"] = 36.2 + rng.normal(0, 0.0009, len(frame))
    records = event_records(frame)
    made, _ = tiles.bucket_tiles(records)
    zooms: Counter[int] = Counter()
    events, cells_at = 0, Counter[int]()
    for tile_id, data in made:
        zoom = pmtiles_zoom(tile_id)
        decoded = mapbox_vector_tile.decode(gzip.decompress(data))
        if "events" in decoded:
            layer = decoded["events"]
            assert layer["extent"] == 1 << (tiles.WORLD_BITS - zoom)
            assert len(layer["features"]) <= 20 or zoom == tiles.MAX_ZOOM
            events += len(layer["features"])
            zooms[zoom] += 1
        else:
            cells_at[zoom] += sum(int(f["properties"]["n"]) for f in decoded["cells"]["features"])
    assert events == records.num_rows
    assert max(zooms) > tiles.POSITION_ZOOM  # leaves below zoom 14
    assert cells_at[tiles.POSITION_ZOOM] == records.num_rows  # the town's tile: density


def test_low_leaves_are_the_shallowest_tiles_of_few_events(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """A tile of any zoom with at most EVENTS_PER_TILE events is a leaf when its parent
    holds more: few events anywhere are one leaf, the world's tile; a sparse place beside
    a dense one gets a leaf of its own above zoom 9, the dense one none."""
    monkeypatch.setattr(tiles, "EVENTS_PER_TILE", 10)

    def bucket(x: int, y: int) -> int:  # a zoom-9 tile's key
        return (x << 32) | y

    few = {bucket(3, 4): 4, bucket(500, 300): 6}  # 10 events, the world apart
    assert tiles.low_leaves(few) == dict.fromkeys(few, 0)
    dense, near, far = bucket(256, 256), bucket(257, 256), bucket(0, 511)
    rows = {dense: 9, near: 3, far: 2}  # dense and near share their tile down to zoom 8
    low = tiles.low_leaves(rows)
    assert low == {far: 1}  # the world's tile holds 14, its quarter of zoom 1 only 2
    dense_keys = tiles.dense_tiles(rows, low)
    assert dense_keys[0].tolist() == [0]  # above every leaf
    assert dense_keys[1].tolist() == [(1 << 32) | 1]  # above dense and near, not far
    assert dense_keys[8].tolist() == [(128 << 32) | 128]
    assert tiles.dense_tiles(few, tiles.low_leaves(few))[0].tolist() == []


def test_a_leaf_above_the_buckets_holds_its_events_once(tmp_path: Path) -> None:
    """Events of several buckets under one leaf of zoom 0 make that one tile, with its
    extent at zoom 14's resolution; the buckets' own zooms get no tile."""
    frame = read_events(write_acled(tmp_path / "few.csv", acled_rows(40, seed=3))).frame
    records = event_records(frame)
    buckets = np.unique(records["bucket"].to_numpy())
    assert len(buckets) > 1
    made, _ = tiles.bucket_tiles(records, dict.fromkeys(buckets.tolist(), 0))
    assert [tile for tile, _ in made] == [0]  # tile id 0: zoom 0
    alone, _ = tiles.bucket_tiles(records)
    assert min(tile for tile, _ in alone) > 0


def pmtiles_zoom(tile_id: int) -> int:
    return int(tileid_to_zxy(tile_id)[0])
