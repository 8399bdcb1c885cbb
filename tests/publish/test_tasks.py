"""group_tiles: a bucket denser than a group is tiled in parts, with the same bytes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from geomap.publish.archive import Stage, stage_records
from geomap.publish.overlays import combine_actor_parts
from geomap.publish.records import event_records
from geomap.publish.tasks import group_tiles
from geomap.publish.tiles import EVENTS_PER_TILE
from geomap.sources.read import read_events
from tests.publish.conftest import acled_rows, write_acled


def test_a_dense_bucket_is_tiled_in_parts_with_the_same_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    frame = read_events(write_acled(tmp_path / "a.csv", acled_rows(6000, seed=3))).frame
    records = event_records(frame)
    parts = Stage(tmp_path, group_rows=100)  # three pieces, as a publish stages them
    for k, rows in enumerate(np.array_split(np.arange(records.num_rows), 3)):
        parts.add(stage_records(records.take(pa.array(rows)), tmp_path / f"r{k}.arrow"))
    whole = Stage(tmp_path, group_rows=10**9, files=parts.files)
    per_bucket = parts.rows()
    bucket = max(per_bucket, key=lambda b: per_bucket[b])
    assert per_bucket[bucket] > 1000  # more than a leaf tile holds
    names = [name for name, _ in Counter(records["a1"].to_pylist()).most_common(3)]

    read: list[int] = []
    read_rows = Stage.read_rows

    def counted(stage: Stage, bucket: int, keep: np.ndarray) -> pa.Table:
        table = read_rows(stage, bucket, keep)
        read.append(table.num_rows)
        return table

    monkeypatch.setattr(Stage, "read_rows", counted)
    tiles, cells, actors, reach, daily = group_tiles(parts, [bucket], None, names)
    # in parts of whole leaf tiles (at most EVENTS_PER_TILE events below MAX_ZOOM), each
    # record read once
    assert len(read) > 1 and sum(read) == per_bucket[bucket]
    assert max(read) <= max(parts.group_rows, EVENTS_PER_TILE)
    parts_read = len(read)
    monkeypatch.setattr(Stage, "read_rows", read_rows)
    tiles_whole, cells_whole, actors_whole, reach_whole, daily_whole = group_tiles(
        whole, [bucket], None, names)
    assert len(read) == parts_read  # the whole bucket at once: no part read
    assert sorted(tiles) == sorted(tiles_whole)
    assert cells.equals(cells_whole)
    # the client adds up every group's actor parts
    assert combine_actor_parts([actors]).equals(combine_actor_parts([actors_whole]))
    assert len(actors) > 0
    assert reach == reach_whole and reach is not None
    assert daily.equals(daily_whole) and len(daily) > 0
