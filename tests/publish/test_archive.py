"""Stage.groups: bounded groups of buckets, a shallow leaf's buckets never split."""

from __future__ import annotations

from pathlib import Path

from geomap.publish.archive import Stage, StagedFile
from geomap.publish.tiles import BUCKET_ZOOM, tile_id


def _key(x: int, y: int) -> int:
    return (x << 32) | y


def _stage(rows: dict[int, int], group_rows: int) -> Stage:
    stage = Stage(Path("unused"), group_rows)
    stage.add(StagedFile(Path("unused"), {b: k for k, b in enumerate(rows)}, rows))
    return stage


def test_buckets_that_are_their_own_leaves_are_grouped_by_size():
    # 64 dense buckets of 100 records: none has a leaf above the buckets' zoom
    rows = {_key(x, y): 100 for x in range(8) for y in range(8)}
    groups = list(_stage(rows, group_rows=250).groups({}))
    assert sorted(b for g in groups for b in g) == sorted(rows)
    assert len(groups) == 22  # 3 buckets (300 records) a group, the last one alone
    assert all(sum(rows[b] for b in g) <= 300 for g in groups)
    order = [b for g in groups for b in g]
    assert order == sorted(rows, key=lambda b: tile_id(BUCKET_ZOOM, b))


def test_the_buckets_of_one_shallow_leaf_stay_in_one_group():
    rows = {_key(x, y): 100 for x in range(8) for y in range(8)}
    # the four buckets of one zoom-8 tile share a leaf (they are consecutive in tile order)
    low = {_key(x, y): BUCKET_ZOOM - 1 for x in (2, 3) for y in (4, 5)}
    groups = list(_stage(rows, group_rows=100).groups(low))
    [together] = [g for g in groups if set(g) & set(low)]
    assert set(together) == set(low)
    assert all(len(g) == 1 for g in groups if g is not together)
