"""An event in two pieces of a publish's input: merged or rejected, as ``geomap build`` does.

A publish reads its sources in pieces, in several processes (or on dask workers), so no
reader sees two pieces at once: an id repeated across pieces of one file, or across two
files, would be published twice. The rule is :mod:`geomap.sources.repeats`' (the same
dataset and id with the same date, type, coordinates and fatalities is one event, kept
at its first place; with other content the later row is rejected naming the first);
here it is applied in bounded memory, in three steps that run in any executor:

1. each piece stages its events' keys (:func:`stage_keys`: key text, content hash and
   ``seq``, the record's order number), split into ``partitions`` by a hash of the key,
   one record batch per partition;
2. partition by partition, every piece's batch of it is read and the repeats found
   (:func:`partition_repeats`, :func:`geomap.sources.repeats.find_repeats`): one
   partition holds about one piece's worth of keys; the repeats are staged by the piece
   they leave out (:func:`stage_partition_repeats`), so that no process holds them all;
3. each piece with repeats reads its own (:func:`piece_repeats`), has its staged
   records written again without them and its
   counts made again from what is left (:func:`geomap.publish.tasks.drop_repeats`,
   :func:`told_repeats`), before any tile is made.

A piece without repeats is left as it was read; a publish of one piece skips all three.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from geomap.model import Reject
from geomap.publish.archive import read_staged, staged_file
from geomap.sources.repeats import LINE_MASK, ORDER_BITS, event_keys, find_repeats, repeat_reject

#: Partitions of the keys at most (one per piece read, up to this many).
MAX_PARTITIONS = 256
#: Staged keys: the key text, its content hash and the record's ``seq``.
KEY_SCHEMA = pa.schema([("key", pa.large_string()), ("content", pa.uint64()),
                        ("order", pa.int64())])


def stage_keys(frame: pd.DataFrame, seq: np.ndarray, source: int, partitions: int,
               path: Path) -> Path | None:
    """Stage the keys of the events of ``frame`` published as records ``seq`` at ``path``,
    one record batch per partition; None when none may repeat elsewhere."""
    keys = event_keys(frame)
    if not len(keys) or partitions < 1:
        return None
    lines = frame["source_line"].to_numpy(np.int64)[keys["row"].to_numpy()]
    keys["order"] = (np.int64(source) << ORDER_BITS) + lines
    if len(seq) < len(frame):  # rows without usable coordinates are not records
        keys = keys[np.isin(keys["order"].to_numpy(), seq)]
    part = partition_of(keys["key"], partitions)
    order = np.argsort(part, kind="stable")
    table = pa.Table.from_pandas(keys[["key", "content", "order"]].iloc[order],
                                 schema=KEY_SCHEMA, preserve_index=False)
    _write_parts(path, table, np.searchsorted(part[order], np.arange(1, partitions + 1)))
    return path


def _write_parts(path: Path, table: pa.Table, ends: np.ndarray) -> None:
    """Write ``table`` at ``path`` as one record batch per part (rows up to each of
    ``ends``), empty parts included, so that batch ``k`` is part ``k``."""
    with staged_file(path, table.schema) as out:
        start = 0
        for end in ends.tolist():
            batches = table.slice(start, end - start).combine_chunks().to_batches()
            out.write_batch(batches[0] if batches and end > start
                            else pa.RecordBatch.from_pylist([], schema=table.schema))
            start = end


def partition_of(keys: pd.Series, partitions: int) -> np.ndarray:
    """The partition of each key (the same in every process: pandas' fixed-key hash)."""
    hashes = pd.util.hash_pandas_object(keys.reset_index(drop=True), index=False)
    return (hashes.to_numpy(np.uint64) % np.uint64(partitions)).astype(np.int64)


def partition_repeats(files: Sequence[Path], partition: int) -> pd.DataFrame:
    """The repeats among every piece's keys of ``partition``
    (:func:`geomap.sources.repeats.find_repeats`' table: ``order``, ``first``,
    ``conflict``)."""
    keys = pa.concat_tables([read_staged(path, partition) for path in files]
                            or [KEY_SCHEMA.empty_table()]).to_pandas()
    return find_repeats(keys)


#: Staged repeats: a later place, its first place, and whether they conflict.
REPEAT_SCHEMA = pa.schema([("order", pa.int64()), ("first", pa.int64()),
                           ("conflict", pa.bool_())])


def stage_partition_repeats(files: Sequence[Path], partition: int, starts: np.ndarray,
                            path: Path) -> dict[int, int]:
    """Find the repeats of ``partition`` (:func:`partition_repeats`) and stage them at
    ``path`` by the piece they leave out (one record batch per piece, pieces starting at
    ``starts``: :func:`piece_of`), so that no process holds every repeat of a publish.

    Returns
    -------
    dict
        Repeats per piece (no file is written when there are none).
    """
    found = partition_repeats(files, partition)
    if not len(found):
        return {}
    pieces = piece_of(found["order"].to_numpy(), starts)
    table = pa.Table.from_pandas(found, schema=REPEAT_SCHEMA, preserve_index=False)
    _write_parts(path, table, np.searchsorted(pieces, np.arange(1, len(starts) + 1)))
    counted = np.bincount(pieces, minlength=len(starts))
    return {int(piece): int(n) for piece, n in enumerate(counted.tolist()) if n}


def piece_repeats(files: Sequence[Path], piece: int) -> pd.DataFrame:
    """The repeats that leave out events of ``piece``, from every partition's staged
    repeats (:func:`stage_partition_repeats`), by order."""
    found = pa.concat_tables([read_staged(path, piece) for path in files]
                             or [REPEAT_SCHEMA.empty_table()]).to_pandas()
    return found.sort_values("order", kind="stable", ignore_index=True)


def piece_of(orders: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The piece of each record ``seq`` in ``orders``, pieces starting at ``starts`` (the
    ``seq`` of each piece's first line, ascending)."""
    return np.searchsorted(starts, orders, side="right") - 1


def told_repeats(records: pa.Table, repeats: pd.DataFrame, names: Sequence[str]
                 ) -> tuple[pa.Table, list[Reject], list[Reject], tuple[str, ...]]:
    """A piece's records without those ``repeats`` names (``order``: their ``seq``), the
    rejects of the conflicting ones, the warnings of the merged ones (``names``: the
    sources' files, by number) and the other sources the merged ones repeat."""
    seq = records["seq"].to_numpy()
    orders = repeats["order"].to_numpy(np.int64)
    by_seq = np.argsort(seq, kind="stable")
    rows = by_seq[np.searchsorted(seq, orders, sorter=by_seq)]
    ids = records["id"].take(pa.array(rows)).to_pylist()
    rejects: list[Reject] = []
    warnings: list[Reject] = []
    firsts, conflicts = repeats["first"].tolist(), repeats["conflict"].tolist()
    for event_id, order, first, conflict in zip(ids, orders.tolist(), firsts, conflicts,
                                               strict=True):
        told = repeat_reject(names[order >> ORDER_BITS], order & LINE_MASK, str(event_id),
                             names[first >> ORDER_BITS], first & LINE_MASK, conflict)
        (rejects if conflict else warnings).append(told)
    own = names[int(orders[0]) >> ORDER_BITS] if len(orders) else ""
    others = sorted({names[f >> ORDER_BITS] for f, c in zip(firsts, conflicts, strict=True)
                     if not c} - {own})
    keep = np.ones(len(seq), dtype=bool)
    keep[rows] = False
    return records.filter(pa.array(keep)), rejects, warnings, tuple(others)
