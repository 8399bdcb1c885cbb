"""``publish`` on a dask cluster.

The same tasks as on one machine (:mod:`geomap.publish.tasks`: read a piece of a source
and stage its records; make the tiles of a group of buckets) run on the cluster's
workers through ``Client.get_executor``; the client plans the pieces, adds up the
counts and writes the archive. Every task is the function the local path runs, so the
files are byte for byte the ones :func:`geomap.publish.build.publish_site` writes.

With a remote scheduler, the sources and the site folder must be on storage every
worker sees at the same path (a network file system): workers read pieces of the
sources and stage records in the site folder. Needs the ``dask`` extra; importing this
module does not import dask.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from geomap.layers.distributed import cluster_client
from geomap.publish.build import PublishOptions, PublishSummary, publish_site


def publish_on_dask(sources: Sequence[Path], output: Path, options: PublishOptions | None = None,
                    *, scheduler: str | None = "local", workers: int = 2,
                    memory_limit: str | int | None = None) -> PublishSummary:
    """Publish as :func:`~geomap.publish.build.publish_site` does, on a dask cluster.

    Parameters
    ----------
    sources, output, options
        As :func:`~geomap.publish.build.publish_site`; ``options.workers`` is ignored.
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
        return publish_site(sources, output, options, executor=client.get_executor(pure=False))
