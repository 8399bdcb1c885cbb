"""The dask path (geomap.layers.distributed) gives the in-memory path's aggregates."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from geomap.errors import ConfigError, MissingDependency

ROWS = 3_000_000
PARTITIONS = 12
WORKER_MEMORY = 700 * 2**20  # bytes per worker: less than the dataset in memory
NOTES = ["On {day}, militants attacked a checkpoint near the town; sources report the toll "
         "is disputed and several vehicles were burnt.",
         "Shelling hit residential buildings on the outskirts overnight; regional authorities "
         "reported damage to a school and power lines, no casualties.",
         "Several hundred people demonstrated in front of the governor's office against fuel "
         "prices and power cuts; the protest ended peacefully."]
# (lon, lat, spread in degrees, stated iso): asymmetric, every centre has lon != lat
CENTRES = [(-3.0, 16.3, 1.2, "ML"), (-1.5, 12.4, 0.9, "BF"), (2.1, 13.5, 0.8, "NE"),
           (13.2, 32.9, 0.6, "LY"), (20.1, 32.1, 0.7, "LY"), (37.8, 48.0, 0.5, "UA"),
           (36.2, 49.9, 0.6, "UA"), (30.5, 50.4, 0.4, "UA"), (33.0, 46.6, 0.9, "UA")]
TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
         "Riots", "Strategic developments"]


def light_events(rows: int, seed: int = 3, *, notes: bool = False) -> Any:
    """``rows`` events with the columns attachment and aggregation read (and notes)."""
    import geopandas as gpd
    import pandas as pd

    rng = np.random.default_rng(seed)
    centre = rng.integers(0, len(CENTRES), rows)
    table = np.array([c[:3] for c in CENTRES])
    lon = np.round(table[centre, 0] + rng.normal(0, 1, rows) * table[centre, 2], 4)
    lat = np.round(table[centre, 1] + rng.normal(0, 1, rows) * table[centre, 2], 4)
    iso = np.array([c[3] for c in CENTRES], dtype=object)[centre]
    iso[rng.random(rows) < 0.02] = ""  # some rows state no country
    frame = pd.DataFrame({
        "longitude": lon, "latitude": lat,
        "geo_precision": rng.choice([1, 2, 3, 4, 6, 7], rows, p=[.6, .2, .1, .05, .04, .01])
        .astype("int8"),
        "iso": iso,
        "event_type": np.array(TYPES, dtype=object)[rng.integers(0, len(TYPES), rows)],
        "event_date": pd.Timestamp("2019-03-01") + pd.to_timedelta(
            rng.integers(0, 2000, rows), unit="D"),
        "fatalities": rng.poisson(1.3, rows),
    })
    if notes:  # free text, as real exports carry: the bulk of the bytes, never read here
        frame["notes"] = pd.Series(NOTES)[rng.integers(0, len(NOTES), rows)].to_numpy() + (
            " Report " + pd.Series(np.arange(rows)).astype(str) + " of the monitoring network."
        ).to_numpy()
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from geomap.layers import distributed

    monkeypatch.setitem(sys.modules, "dask_geopandas", None)
    with pytest.raises(MissingDependency, match=r"geomap\[dask\]"):
        distributed.require_dask()


def test_zero_partitions_is_a_config_error(tmp_path: Path) -> None:
    pytest.importorskip("dask_geopandas", reason="needs the dask extra: pip install 'geomap[dask]'")
    from geomap.layers.distributed import write_partitioned

    with pytest.raises(ConfigError, match="at least 1 partition"):
        write_partitioned(light_events(10), tmp_path / "events", partitions=0)


@pytest.mark.slow
def test_millions_on_two_workers_match_in_memory(tmp_path: Path) -> None:
    pytest.importorskip("dask_geopandas", reason="needs the dask extra: pip install 'geomap[dask]'")
    pytest.importorskip("distributed", reason="needs the dask extra: pip install 'geomap[dask]'")
    from geomap.layers.aggregate import events_by_admin0, events_by_admin1
    from geomap.layers.attach import attach_events
    from geomap.layers.distributed import aggregate_parquet, compare_layers, write_partitioned

    events = light_events(ROWS, notes=True)
    assert WORKER_MEMORY < events.memory_usage(deep=True).sum()
    folder = write_partitioned(events, tmp_path / "events", partitions=PARTITIONS)
    assert len(list(folder.glob("*.parquet"))) == PARTITIONS

    attached = attach_events(events)
    del events
    countries = sorted(set(attached["admin0_code"]) - {""})
    admin1 = events_by_admin1(attached, countries=countries)
    admin0 = events_by_admin0(attached)
    placed = int((attached["admin0_code"] != "").sum())
    del attached

    result = aggregate_parquet(folder, workers=2, memory_limit=str(WORKER_MEMORY))
    assert result.events == ROWS and result.partitions == PARTITIONS
    assert compare_layers(admin1, result.admin1) == []
    assert compare_layers(admin0, result.admin0) == []
    assert list(admin1.columns) == list(result.admin1.columns)
    assert int(result.admin0["events"].sum()) == placed
    # Not vacuous: several countries and many provinces, coarse events kept out of provinces.
    assert {"ML", "BF", "LY", "UA"} <= set(result.admin0["code"])
    assert len(result.admin1) > 40
    assert result.admin1["events"].sum() < result.admin0["events"].sum()


@pytest.mark.slow
def test_layers_command_with_the_dask_engine(tmp_path: Path) -> None:
    pytest.importorskip("dask_geopandas", reason="needs the dask extra: pip install 'geomap[dask]'")
    import geopandas as gpd
    from click.testing import CliRunner

    from geomap.cli import cli
    from tests.sources._fixtures import write_acled

    source = write_acled(tmp_path / "acled.csv")
    outputs = {}
    for engine in ("memory", "dask"):
        out = tmp_path / engine
        result = CliRunner().invoke(cli, ["layers", str(source), "-o", str(out), "--layer-format",
                                          "parquet", "--engine", engine, "--partitions", "2"])
        assert result.exit_code == 0, result.output
        outputs[engine] = out
    assert len(list((outputs["dask"] / "events_partitions").glob("*.parquet"))) == 2
    for layer in ("admin1", "admin0"):
        memory = gpd.read_parquet(outputs["memory"] / f"{layer}.parquet")
        dask = gpd.read_parquet(outputs["dask"] / f"{layer}.parquet")
        assert len(memory) > 0
        columns = ["code", "events", "fatalities", "first_date", "last_date"]
        assert memory[columns].equals(dask[columns])


@pytest.mark.slow
def test_custom_boundaries_and_months_match_in_memory(tmp_path: Path, small_admin0: Any,
                                                      small_admin1: Any) -> None:
    pytest.importorskip("dask_geopandas", reason="needs the dask extra: pip install 'geomap[dask]'")
    import geopandas as gpd
    import pandas as pd

    from geomap.layers.aggregate import events_by_admin0, events_by_admin1
    from geomap.layers.attach import attach_events
    from geomap.layers.distributed import aggregate_parquet, compare_layers, write_partitioned

    rng = np.random.default_rng(11)
    rows = 4000
    lon, lat = rng.uniform(-0.1, 4.1, rows), rng.uniform(9.9, 13.1, rows)  # some outside
    events = gpd.GeoDataFrame({
        "longitude": lon, "latitude": lat,
        "geo_precision": rng.choice([1, 2, 4], rows).astype("int8"),
        "iso": rng.choice(["AA", "BB", ""], rows),
        "event_type": rng.choice(["Battles", "Riots", "Looting"], rows),
        "event_date": pd.Timestamp("2020-01-15") + pd.to_timedelta(rng.integers(0, 120, rows),
                                                                   unit="D"),
        "fatalities": rng.poisson(1.0, rows),
    }, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    folder = write_partitioned(events, tmp_path / "events", partitions=3)
    result = aggregate_parquet(folder, workers=2, admin0=small_admin0, admin1=small_admin1,
                               by="month")
    attached = attach_events(events, small_admin0, small_admin1)
    countries = sorted(set(attached["admin0_code"]) - {""})
    admin1 = events_by_admin1(attached, small_admin1, by="month", countries=countries)
    admin0 = events_by_admin0(attached, small_admin0, by="month")
    assert len(admin1) == 3 * 5 and result.events == rows  # 3 provinces x Jan..May
    assert compare_layers(admin1, result.admin1) == []
    assert compare_layers(admin0, result.admin0) == []


def test_workers_that_keep_dying_are_told_as_a_cluster_error_not_a_traceback() -> None:
    from distributed.scheduler import KilledWorker

    from geomap.errors import ClusterError
    from geomap.layers.distributed import cluster_client

    class Worker:
        address = "tcp://127.0.0.1:1"

    with pytest.raises(ClusterError, match=r"died 4 times .*--memory-limit 1GiB"), \
            cluster_client(None, workers=1, memory_limit="1GiB"):
        raise KilledWorker("group_tiles-1", Worker(), 3)


def test_the_local_cluster_lets_in_no_stranger() -> None:
    """Before: the local cluster of ``--engine dask`` (and ``geomap publish --scheduler
    local``) listened on plain TCP: any process of any user on the machine could join it
    and run code as ours in its workers (done by hand: a file written from a worker)."""
    pytest.importorskip("distributed", reason="needs the dask extra: pip install 'geomap[dask]'")
    from distributed import Client
    from distributed.security import Security

    from geomap.layers.distributed import cluster_client

    with cluster_client(None, workers=1, memory_limit="1GiB") as client:
        address = client.scheduler.address
        assert address.startswith("tls://127.0.0.1:")
        assert client.submit(sum, [1, 2]).result() == 3  # our own client works
        _, port = address.rsplit(":", 1)
        for stranger, security in ((f"tcp://127.0.0.1:{port}", None),
                                   (address, Security.temporary())):  # its own certificate
            with pytest.raises((OSError, TypeError)):
                with Client(stranger, timeout=5, security=security) as intruder:
                    intruder.submit(sum, [1]).result()


def test_a_local_cluster_without_cryptography_is_one_clear_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The local cluster's TLS needs ``cryptography``, which distributed does not require:
    without it, the dask extra's install says so (it was a traceback from dask)."""
    pytest.importorskip("distributed", reason="needs the dask extra: pip install 'geomap[dask]'")
    from geomap.layers.distributed import cluster_client

    monkeypatch.setitem(sys.modules, "cryptography", None)  # import raises ImportError
    with pytest.raises(MissingDependency, match="cryptography"):
        with cluster_client(None, workers=1):
            pass


def test_a_local_cluster_that_cannot_start_is_one_clear_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: with no loopback network (``unshare -n``), ``geomap publish --scheduler
    local`` and ``geomap layers --engine dask`` were a traceback from dask ("Cluster
    failed to start: Timed out trying to connect to tls://127.0.0.1:...")."""
    pytest.importorskip("distributed", reason="needs the dask extra: pip install 'geomap[dask]'")
    import distributed

    from geomap.errors import ClusterError
    from geomap.layers.distributed import cluster_client

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("Cluster failed to start: Timed out trying to connect to "
                           "tls://127.0.0.1:42817 after 30 s")

    monkeypatch.setattr(distributed, "LocalCluster", refuse)
    with pytest.raises(ClusterError, match=r"expected a local dask cluster on 127\.0\.0\.1.*"
                                           r"Timed out.*loopback"):
        with cluster_client(None, workers=1):
            pass


def test_a_scheduler_address_dask_cannot_read_is_a_config_error(tmp_path: Path) -> None:
    """Before: ``--scheduler bogus://x`` was a ValueError traceback from dask."""
    pytest.importorskip("distributed", reason="needs the dask extra: pip install 'geomap[dask]'")
    from click.testing import CliRunner

    from geomap.cli import cli

    source = tmp_path / "events.csv"
    source.write_text("event_date,latitude,longitude\n2024-03-01,16.27,-0.04\n",
                      encoding="utf-8")
    for args in (["layers", str(source), "-o", str(tmp_path / "l"), "--engine", "dask"],
                 ["publish", str(source), "-o", str(tmp_path / "s")]):
        result = CliRunner().invoke(cli, [*args, "--scheduler", "bogus://x"])
        assert result.exit_code == 2, (args, result.output)
        assert "expected a dask scheduler address" in result.output
        assert "'bogus://x'" in result.output and "Traceback" not in result.output
