"""``publish`` with the tiles made on a dask cluster.

Reading and validating the sources stays on the client (one reader per file, rejects
with line numbers, as in ``docs/distributed.md``); the records are staged by bucket in
the site folder, and every group of buckets becomes its tiles on a worker
(:func:`geomap.publish.tiles.bucket_tiles`, the function the in-memory path calls), so
the archive is byte for byte the one :func:`geomap.publish.build.publish_site` writes.

With a remote scheduler, the site folder must be on storage every worker can read (a
network file system): workers read the staged records from there. Needs the ``dask``
extra; importing this module does not import dask.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from geomap.layers.distributed import cluster_client
from geomap.publish.archive import Stage
from geomap.publish.build import PublishOptions, PublishSummary, publish_site
from geomap.publish.tiles import bucket_tiles

logger = logging.getLogger(__name__)

#: Groups of buckets in flight on the cluster at once (bounds the client's memory).
IN_FLIGHT = 8


def publish_on_dask(sources: Sequence[Path], output: Path, options: PublishOptions | None = None,
                    *, scheduler: str | None = "local", workers: int = 2,
                    memory_limit: str | int | None = None) -> PublishSummary:
    """Publish as :func:`~geomap.publish.build.publish_site` does, tiles made on dask.

    Parameters
    ----------
    sources, output, options
        As :func:`~geomap.publish.build.publish_site`.
    scheduler
        A scheduler address (``tcp://host:8786``), or ``"local"``/``None`` for a
        ``LocalCluster`` of ``workers`` processes started for the call.
    workers, memory_limit
        The local cluster's worker processes and memory limit per worker
        (``"1GiB"``, bytes, or ``None`` for dask's default).
    """
    address = None if scheduler in (None, "", "local") else scheduler
    limit = str(memory_limit) if memory_limit is not None else None
    with cluster_client(address, workers=workers, memory_limit=limit) as client:
        return publish_site(sources, output, options, tile_maker=lambda stage: dask_tiles(
            client, stage))


def dask_tiles(client: Any, stage: Stage) -> Iterator[tuple[list[tuple[int, bytes]],
                                                             pd.DataFrame]]:
    """The tiles of every group of buckets, made on the cluster, in group order."""
    groups = list(stage.groups())
    pending: list[Any] = []
    for group in groups:
        pending.append(client.submit(group_tiles, stage, group, pure=False))
        if len(pending) >= IN_FLIGHT:
            yield pending.pop(0).result()
    for future in pending:
        yield future.result()
    logger.info("tiles of %d bucket groups made on the cluster", len(groups))


def group_tiles(stage: Stage, group: Iterable[int]) -> tuple[list[tuple[int, bytes]],
                                                            pd.DataFrame]:
    """Run on a worker: the tiles of one group of buckets (read from the staged files)."""
    return bucket_tiles(stage.read(group))
