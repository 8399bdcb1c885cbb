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

from geomap.errors import ConfigError
from geomap.layers.distributed import cluster_client
from geomap.publish.build import PublishOptions, PublishSummary, publish_site


def publish_on_dask(sources: Sequence[Path], output: Path, options: PublishOptions | None = None,
                    *, scheduler: str | None = "local", workers: int | None = None,
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
        The local cluster's worker processes (default 2) and memory limit per worker
        (``"1GiB"``, bytes, or ``None`` for dask's default). A remote scheduler's workers
        were started with their own: giving either with one is an error.

    Raises
    ------
    geomap.errors.ConfigError
        Before any work, for ``workers`` or ``memory_limit`` with a remote scheduler (they
        were ignored without a word), or a memory limit that is no size.
    """
    address = None if scheduler in (None, "", "local") else scheduler
    if address is not None:
        given = [name for name, value in (("workers", workers), ("memory_limit", memory_limit))
                 if value is not None]
        if given:
            shown = " and ".join(f"{name} (--{name.replace('_', '-')})" for name in given)
            raise ConfigError(f"expected {shown} only with a local cluster, got the scheduler "
                              f"{address!r}, whose workers were started with their own (dask "
                              "worker --nworkers/--memory-limit); leave them out, or use "
                              "--scheduler local", key=given[0])
    limit = None if memory_limit is None else _memory_limit(memory_limit)
    with cluster_client(address, workers=workers or 2, memory_limit=limit) as client:
        return publish_site(sources, output, options, executor=client.get_executor(pure=False))


def _memory_limit(value: str | int) -> str:
    """``value`` when it is a size dask reads as a positive number of bytes (``""`` was
    one byte, ``"0"`` no limit at all); else a ConfigError naming it."""
    try:
        from dask.utils import parse_bytes
    except ImportError:  # cluster_client names the extra to install
        return str(value)
    try:
        size = value if isinstance(value, int) else parse_bytes(value)
    except (ValueError, OverflowError):
        size = 0
    if isinstance(value, bool) or not str(value).strip() or size <= 0:
        raise ConfigError(f"expected memory_limit (--memory-limit) as a size per worker such "
                          f"as '2GiB' or '500MB', got {value!r}", key="memory_limit")
    return str(value)
