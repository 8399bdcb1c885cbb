from __future__ import annotations

import geopandas as gpd
import pyogrio
import pytest

from geomap.errors import ConfigError
from geomap.layers.attach import attach_events
from geomap.layers.bundle import LayerBundle
from geomap.layers.export import write_layers
from tests.layers.conftest import make_events


@pytest.fixture()
def bundle(small_admin0, small_admin1):
    from geomap.layers.aggregate import events_by_admin1

    events = attach_events(
        make_events([{"longitude": 0.3, "latitude": 11.7, "fatalities": 3, "iso": "AA",
                      "actor1": "Group; Other"},
                     {"longitude": 3.3, "latitude": 10.6, "event_type": "Protests"}]),
        small_admin0, small_admin1)
    return LayerBundle(title="t", events=events, admin1=events_by_admin1(events, small_admin1))


def _read(path, layer=None):
    if path.suffix == ".parquet":
        return gpd.read_parquet(path)
    return gpd.read_file(path, layer=layer, engine="pyogrio")


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "parquet"])
def test_round_trip(bundle, tmp_path, fmt):
    paths = write_layers(bundle, tmp_path, fmt)
    assert all(p.parent == tmp_path for p in paths)
    if fmt == "gpkg":
        assert [p.name for p in paths] == ["layers.gpkg"]
        assert [name for name, _ in pyogrio.list_layers(paths[0])] == ["events", "admin1"]
        events, admin1 = _read(paths[0], "events"), _read(paths[0], "admin1")
    else:
        assert sorted(p.name for p in paths) == [f"admin1.{fmt}", f"events.{fmt}"]
        events, admin1 = (_read(tmp_path / f"{n}.{fmt}") for n in ("events", "admin1"))
    assert events.crs.to_epsg() == 4326
    assert list(events["admin1_code"]) == ["AA-1", "BB-1"]
    assert events.geometry.iloc[0].x == pytest.approx(0.3)
    assert events.geometry.iloc[0].y == pytest.approx(11.7)
    assert {"event_id", "event_date", "geo_precision", "admin0_code", "attach_rule"} <= set(
        events.columns)
    assert set(admin1["code"]) == {"AA-1", "BB-1"}
    assert {"events", "fatalities", "first_date", "last_date", "n_battles"} <= set(admin1.columns)
    assert not list(tmp_path.glob(".*"))  # no temporary files left


def test_unknown_format_is_refused(bundle, tmp_path):
    with pytest.raises(ConfigError, match="'shp'"):
        write_layers(bundle, tmp_path, "shp")


def test_rewrite_replaces_the_file(bundle, tmp_path):
    write_layers(bundle, tmp_path, "geojson")
    bundle.events = bundle.events.iloc[:1]
    write_layers(bundle, tmp_path, "geojson")
    assert len(_read(tmp_path / "events.geojson")) == 1


def test_period_layers_are_written(bundle, tmp_path, small_admin0, small_admin1):
    from geomap.layers.export import period_layers

    extra = period_layers(bundle, ["month"], small_admin0, small_admin1)
    assert sorted(extra) == ["admin0_by_month", "admin1_by_month"]
    paths = write_layers(bundle, tmp_path, "parquet", extra=extra)
    monthly = gpd.read_parquet(tmp_path / "admin1_by_month.parquet")
    assert {"code", "period", "events"} <= set(monthly.columns)
    assert tmp_path / "admin0_by_month.parquet" in paths
    with pytest.raises(ConfigError, match="'year'"):
        period_layers(bundle, ["year"])


def test_a_geoparquet_layer_is_geopandas_file_with_the_mark(bundle, tmp_path):
    """The GeoParquet layer is the file ``to_parquet`` writes (its ``geo`` and ``pandas``
    metadata, the Arrow schema geopandas stored: dates in seconds stay in seconds, which
    Parquet alone reads back in milliseconds) plus geomap's mark, written through public
    calls only (geopandas' private ``_geopandas_to_arrow`` before, same bytes)."""
    import base64
    import inspect

    import pyarrow as pa
    import pyarrow.parquet as pq

    from geomap.layers import export

    bundle.admin1 = bundle.admin1.assign(first_date=bundle.admin1["first_date"]
                                         .astype("datetime64[s]"))
    write_layers(bundle, tmp_path, "parquet")
    export.file_safe(bundle.admin1).to_parquet(tmp_path / "plain.parquet", index=False)
    ours, theirs = (pq.ParquetFile(tmp_path / name).metadata.metadata
                    for name in ("admin1.parquet", "plain.parquet"))
    stored, plain = (pa.ipc.read_schema(pa.py_buffer(base64.b64decode(m.pop(b"ARROW:schema"))))
                     for m in (ours, theirs))
    assert ours == {**theirs, b"generator": b"geomap"}
    assert stored.equals(plain) and stored.field("first_date").type == pa.timestamp("s")
    assert pq.read_table(tmp_path / "admin1.parquet").equals(
        pq.read_table(tmp_path / "plain.parquet"))
    assert "geopandas.io" not in inspect.getsource(export)  # no private module
