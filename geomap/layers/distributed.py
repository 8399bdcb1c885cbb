"""Attach and aggregate events beyond one machine: dask-geopandas on a dask cluster.

The same work as the in-memory path, split over partitions of a GeoParquet dataset:

1. **write**: :func:`write_partitioned` turns an events table into a partitioned
   GeoParquet folder (``part.0.parquet``, ``part.1.parquet``...), the format a cluster
   reads from shared storage (a network disk, S3, GCS...);
2. **read**: ``dask_geopandas.read_parquet`` opens it lazily; each worker reads only its
   partitions and only the columns the rules need;
3. **attach + aggregate**: on every partition, :func:`geomap.layers.attach.attach_events`
   and :func:`geomap.layers.aggregate.partial_counts` (the very functions of the
   in-memory path) turn events into small partial tables;
4. **combine**: the partials come back to the client and are merged with
   :func:`geomap.layers.aggregate.combine_partials`, then joined to the boundaries as
   :func:`~geomap.layers.aggregate.events_by_admin1` does.

Attachment is decided per row and the partial counts are sums, minima and maxima, so
the aggregates are identical to the in-memory ones, whatever the partitioning.

Needs the ``dask`` extra (``pip install 'geomap[dask]'``); importing this module does not
import dask, the functions do.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap._atomic import atomic_folder
from geomap.errors import ClusterError, ConfigError, MissingDependency
from geomap.layers.aggregate import _join, _shapes, combine_partials, partial_counts, type_columns
from geomap.layers.attach import DEFAULT_TOLERANCE_KM, attach_events
from geomap.layers.bundle import LayerBundle
from geomap.layers.events import events_frame
from geomap.layers.export import write_layers
from geomap.precision import PERIODS
from geomap.refdata import boundaries

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from geomap.layers.aggregate import By

logger = logging.getLogger(__name__)

#: The columns attachment and aggregation read from each partition.
NEEDED_COLUMNS = ("longitude", "latitude", "geo_precision", "iso", "event_type", "event_date",
                  "fatalities")
LEVELS = {"admin1": "admin1_code", "admin0": "admin0_code"}


@dataclass
class DistributedLayers:
    """What :func:`aggregate_parquet` returns: the aggregated layers and the row count."""

    admin1: gpd.GeoDataFrame
    admin0: gpd.GeoDataFrame
    events: int
    partitions: int


def require_dask() -> Any:
    """Import ``dask_geopandas`` (and ``distributed``), or raise :class:`MissingDependency`."""
    try:
        import dask_geopandas
        import distributed  # noqa: F401
    except ImportError as err:
        raise MissingDependency("dask-geopandas", "dask") from err
    return dask_geopandas


def write_partitioned(events: pd.DataFrame, folder: str | Path, *, partitions: int = 8) -> Path:
    """Write an events table as a partitioned GeoParquet dataset.

    Parameters
    ----------
    events
        A reader's table (``EVENT_COLUMNS``) or an events GeoDataFrame.
    folder
        The dataset folder, replaced as a whole through a staging folder and a rename.
    partitions
        Number of files: pick it so one partition fits easily in a worker's memory
        (a few hundred thousand events each).

    Returns
    -------
    pathlib.Path
        ``folder``.
    """
    dask_geopandas = require_dask()
    if partitions < 1:
        raise ConfigError(f"expected at least 1 partition, got {partitions!r}")
    frame = events if hasattr(events, "geometry") else events_frame(events)
    frame = frame[[c for c in frame.columns if not _unstorable(frame[c])]]
    folder = Path(folder)
    # Write beside the target and swap it in, so a killed run never loses the old dataset.
    with atomic_folder(folder) as staging:
        parts = dask_geopandas.from_geopandas(frame, npartitions=partitions)
        parts.to_parquet(str(staging), write_index=False)
    return folder


def _unstorable(column: pd.Series) -> bool:
    """Object columns holding Python objects Parquet cannot store (lists, enums...)."""
    if column.dtype != object or not len(column):
        return False
    sample = column.dropna().head(100)
    return any(not isinstance(v, str | int | float | bool) for v in sample)


def aggregate_parquet(
    path: str | Path,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    memory_limit: str | None = None,
    by: By = "event_type",
    admin0: gpd.GeoDataFrame | None = None,
    admin1: gpd.GeoDataFrame | None = None,
    tolerance_km: float = DEFAULT_TOLERANCE_KM,
    storage_options: dict[str, Any] | None = None,
) -> DistributedLayers:
    """Read -> attach -> aggregate a partitioned GeoParquet events dataset on dask.

    Parameters
    ----------
    path
        The dataset: a folder (or URL such as ``s3://bucket/events/``) of GeoParquet
        files with at least ``longitude``, ``latitude``, ``geo_precision``, ``iso``,
        ``event_type``, ``event_date`` and ``fatalities``. Every worker must see it.
    scheduler
        Address of a running ``dask.distributed`` scheduler (``tcp://host:8786``);
        ``None`` starts a local cluster of ``workers`` processes for this call.
    workers, memory_limit
        Size of the local cluster (ignored with ``scheduler``); ``memory_limit`` per
        worker, e.g. ``"2GiB"``.
    by, admin0, admin1, tolerance_km
        As for :func:`geomap.layers.aggregate.events_by_admin1` and
        :func:`geomap.layers.attach.attach_events` (default boundaries: the packaged
        Natural Earth layers, loaded by each worker).
    storage_options
        Passed to the Parquet reader (credentials of object stores).

    Returns
    -------
    DistributedLayers
        Admin-1 and admin-0 layers, identical to the in-memory
        ``events_by_admin1(attach_events(events))`` (and admin-0 alike) with the
        provinces and countries that have events.
    """
    dask_geopandas = require_dask()
    frame = dask_geopandas.read_parquet(str(path), columns=list(NEEDED_COLUMNS),
                                        storage_options=storage_options)
    logger.info("%s: %d partitions", path, frame.npartitions)
    with cluster_client(scheduler, workers=workers, memory_limit=memory_limit) as client:
        partials = _partials(client, frame, by, admin0, admin1, tolerance_km)
    return _layers(partials, by, admin0, admin1, frame.npartitions)


@contextlib.contextmanager
def cluster_client(scheduler: str | None, *, workers: int = 2,
                   memory_limit: str | None = None) -> Iterator[Any]:
    """A ``distributed.Client`` on ``scheduler``, or on a local cluster made for the block.

    The local cluster speaks TLS with a key and certificate made for it alone
    (``Security.temporary()``): over plain TCP on 127.0.0.1 any process of any user on the
    machine could join it and run code as ours in its workers. Its dashboard (read only)
    listens on 127.0.0.1 only, on a free port.
    """
    require_dask()
    from distributed import Client, LocalCluster
    from distributed.scheduler import KilledWorker
    from distributed.security import Security

    try:
        if scheduler:
            try:
                client = Client(scheduler)
            except ValueError as err:  # "bogus://x" was a traceback from dask
                raise ConfigError(f"expected a dask scheduler address such as "
                                  f"tcp://host:8786, got {scheduler!r} ({err})",
                                  key="scheduler") from err
            with client:
                yield client
            return
        limit = memory_limit or "auto"
        try:  # Security.temporary() makes its key and certificate with it
            import cryptography  # noqa: F401
        except ImportError as err:
            raise MissingDependency("cryptography", "dask") from err
        try:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                   memory_limit=limit, processes=True,
                                   dashboard_address="127.0.0.1:0",
                                   security=Security.temporary())
        except (RuntimeError, OSError) as err:  # no loopback network: dask's traceback
            raise ClusterError(f"expected a local dask cluster on 127.0.0.1, got none ({err}); "
                               "check that the loopback network is up, or give --scheduler "
                               "the address of a running cluster") from err
        with cluster, Client(cluster) as client:
            yield client
    except KilledWorker as err:
        raise ClusterError(killed_worker_message(err.allowed_failures + 1, scheduler,
                                                 memory_limit)) from err


def killed_worker_message(tries: int, scheduler: str | None, memory_limit: str | None) -> str:
    """What to tell when dask workers died ``tries`` times running one task."""
    limit = (f"--memory-limit {memory_limit}" if memory_limit else "dask's default limit") \
        if not scheduler else "the limit the workers were started with"
    return (f"the dask workers died {tries} times running the same task; most often a "
            f"worker went over its memory ({limit}): give each worker more memory, or see "
            "the workers' logs (earlier outputs stay as they were)")


def _partials(client: Any, frame: Any, by: By, admin0: Any, admin1: Any,
              tolerance_km: float) -> pd.DataFrame:
    """Per-partition partial counts for both levels, computed on the cluster.

    One delayed task per partition (not ``map_partitions``): partitions may hold event
    types others do not, so their tables may have different ``n_<type>`` columns.
    """
    import dask
    import pandas as pd

    shared = [client.scatter(b, broadcast=True) if b is not None else None
              for b in (admin0, admin1)]
    task = dask.delayed(partition_partials, pure=True)
    tasks = [task(part, *shared, by=by, tolerance_km=tolerance_km)
             for part in frame.to_delayed()]
    tables = [t for t in client.gather(client.compute(tasks)) if len(t)]
    if not tables:
        return _partial_meta(by)
    table = pd.concat(tables, ignore_index=True)
    counts = [c for c in table.columns if c.startswith("n_")]
    table[counts] = table[counts].fillna(0).astype("int64")  # types a partition lacked
    return table


def partition_partials(part: pd.DataFrame, admin0: gpd.GeoDataFrame | None = None,
                       admin1: gpd.GeoDataFrame | None = None, *, by: By = "event_type",
                       tolerance_km: float = DEFAULT_TOLERANCE_KM) -> pd.DataFrame:
    """Attach one partition and count it per province and per country.

    Returns the :func:`~geomap.layers.aggregate.partial_counts` of both levels stacked,
    with a ``level`` column (``admin1``/``admin0``; ``all`` counts every row) and the
    region code in ``code``.
    """
    import pandas as pd

    attached = attach_events(part, admin0, admin1, tolerance_km=tolerance_km)
    attached["all_rows"] = "all"  # one more level: every row, placed or not
    tables = []
    for level, key in (*LEVELS.items(), ("all", "all_rows")):
        counts = partial_counts(attached, key, by=by).rename(columns={key: "code"})
        counts.insert(0, "level", level)
        tables.append(counts)
    return pd.concat(tables, ignore_index=True)


def _partial_meta(by: By) -> pd.DataFrame:
    """The (empty) shape of :func:`partition_partials`' result, for dask."""
    import pandas as pd

    columns: dict[str, Any] = {"level": pd.Series(dtype=object), "code": pd.Series(dtype=object)}
    if by in PERIODS:
        columns["period"] = pd.Series(dtype="datetime64[ns]")
    columns |= {"events": pd.Series(dtype="int64"), "fatalities": pd.Series(dtype="float64"),
                "first_date": pd.Series(dtype="datetime64[ns]"),
                "last_date": pd.Series(dtype="datetime64[ns]")}
    if by is not None:
        columns |= {name: pd.Series(dtype="int64") for name in type_columns()}
    return pd.DataFrame(columns)


def _layers(partials: pd.DataFrame, by: By, admin0: Any, admin1: Any,
            partitions: int) -> DistributedLayers:
    """Merge the partials and join them to the boundaries, as the in-memory path does."""
    frame1, frame0 = boundaries.admin1_or_default(admin1), boundaries.admin0_or_default(admin0)
    stats1, stats0 = (_combined(partials, level, LEVELS[level]) for level in ("admin1", "admin0"))
    countries = sorted(set(stats0["admin0_code"].astype(str)) - {""})
    codes0, text = boundaries.admin0_codes(frame0), boundaries.text_column
    shapes1 = _shapes(frame1, boundaries.admin1_codes(frame1), text(frame1, "name"),
                      text(frame1, "iso_a2"))
    layer1 = _join(shapes1, stats1, "admin1_code", countries)
    layer0 = _join(_shapes(frame0, codes0, text(frame0, "name"), codes0), stats0,
                   "admin0_code", [])
    events = int(partials.loc[partials["level"] == "all", "events"].sum())
    return DistributedLayers(admin1=layer1, admin0=layer0, events=events, partitions=partitions)


def _combined(partials: pd.DataFrame, level: str, key: str) -> pd.DataFrame:
    rows = partials[partials["level"] == level].drop(columns="level")
    return combine_partials([rows.rename(columns={"code": key})], key)


def compare_layers(left: pd.DataFrame, right: pd.DataFrame,
                   columns: Sequence[str] | None = None) -> list[str]:
    """Columns whose values differ between two aggregate layers (empty: identical)."""
    names = list(columns or [c for c in left.columns if c != "geometry"])
    if len(left) != len(right):
        return ["<rows>"]
    return [c for c in names if not left[c].reset_index(drop=True).equals(
        right[c].reset_index(drop=True))]


def write_layers_on_dask(
    frames: Sequence[pd.DataFrame],
    out_dir: str | Path,
    fmt: str = "geojson",
    *,
    scheduler: str | None = None,
    partitions: int = 8,
    workers: int = 2,
) -> list[Path]:
    """What ``geomap layers --engine dask`` does: events tables -> partitioned GeoParquet
    in ``out_dir/events_partitions`` -> admin-1 and admin-0 layers aggregated on the
    cluster -> files in ``out_dir`` (:func:`geomap.layers.export.write_layers`)."""
    import pandas as pd

    tables = [f for f in frames if f is not None and len(f)]
    if not tables:
        raise ConfigError("expected events to aggregate, got no rows in the sources")
    table = tables[0] if len(tables) == 1 else pd.concat(tables, ignore_index=True)
    folder = write_partitioned(table, Path(out_dir) / "events_partitions", partitions=partitions)
    result = aggregate_parquet(folder, scheduler=scheduler, workers=workers)
    bundle = LayerBundle(title="layers", admin1=result.admin1, admin0=result.admin0)
    return [folder, *write_layers(bundle, out_dir, fmt)]
