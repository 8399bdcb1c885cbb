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


def test_a_bucket_denser_than_a_group_is_a_group_of_its_own():
    # a city's bucket among small ones: never added to a group of others, where it would
    # be read whole (group_tiles tiles a lone dense bucket in parts)
    rows = {_key(x, y): 100 for x in range(8) for y in range(8)}
    ordered = sorted(rows, key=lambda b: tile_id(BUCKET_ZOOM, b))
    dense = ordered[10]
    rows[dense] = 5_000
    groups = list(_stage(rows, group_rows=250).groups({}))
    assert [dense] in groups
    assert all(sum(rows[b] for b in g) <= 300 for g in groups if g != [dense])
    assert [b for g in groups for b in g] == ordered


def test_the_buckets_of_one_shallow_leaf_stay_in_one_group():
    rows = {_key(x, y): 100 for x in range(8) for y in range(8)}
    # the four buckets of one zoom-8 tile share a leaf (they are consecutive in tile order)
    low = {_key(x, y): BUCKET_ZOOM - 1 for x in (2, 3) for y in (4, 5)}
    groups = list(_stage(rows, group_rows=100).groups(low))
    [together] = [g for g in groups if set(g) & set(low)]
    assert set(together) == set(low)
    assert all(len(g) == 1 for g in groups if g is not together)


def test_staged_records_are_compressed_and_read_back_whole_by_bucket(tmp_path: Path) -> None:
    import pyarrow as pa

    from geomap.publish.archive import stage_records

    n = 20_000
    notes = [f"On day {i % 30}, a group attacked a village near the river; no casualties were "
             f"reported. Reported by a local source." for i in range(n)]
    buckets = [_key(i % 7, i % 5) for i in range(n)]
    records = pa.table({"bucket": pa.array(buckets, pa.int64()), "seq": pa.array(range(n)),
                        "notes": pa.array(notes)})
    staged = stage_records(records, tmp_path / "records.arrow")
    # popup text is most of a record: staged compressed, the file is far smaller than it
    assert (tmp_path / "records.arrow").stat().st_size < records.nbytes / 3
    stage = Stage(tmp_path)
    stage.add(staged)
    wanted = [_key(1, 1), _key(3, 0)]
    back = stage.read(wanted)
    expected = [i for i in range(n) if buckets[i] in wanted]
    assert sorted(back["seq"].to_pylist()) == expected
    assert {back["notes"][k].as_py() for k in range(back.num_rows)} == \
        {notes[i] for i in expected}
