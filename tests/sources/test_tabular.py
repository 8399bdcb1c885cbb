"""Generic tables: CSV with coordinates or place names, GeoJSON, GeoPackage."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from geomap.errors import FormatError, PlaceNotFound
from geomap.model import EVENT_COLUMNS, Place
from geomap.precision import Precision
from geomap.sources.read import read_events


class FakeGeocoder:
    """Knows Gao (Mali) and Kharkiv (as an ADM1 centroid); counts its calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None]] = []

    def resolve(self, query: str, country: str | None = None) -> Place:
        self.calls.append((query, country))
        if query == "Gao":
            return Place("Gao", 16.2717, -0.0447, country_code="ML")
        if query == "Kharkiv":
            return Place("Kharkiv", 49.9935, 36.2304, country_code="UA",
                         precision=Precision.ADM1)
        raise PlaceNotFound(query, ["Gao"])


@pytest.mark.parametrize(("lat", "lon"), [("lat", "lon"), ("latitude", "longitude"),
                                          ("y", "x"), ("Latitude", "lng")])
def test_csv_with_coordinates_under_common_names(tmp_path: Path, lat: str, lon: str) -> None:
    path = tmp_path / "points.csv"
    path.write_text(f"date,{lat},{lon},type,country,deaths\n"
                    "2024-03-01,16.2717,-0.0447,Battles,Mali,3\n"
                    "02/03/2024,49.9935,36.2304,Protest march,Ukraine,\n")
    result = read_events(path)
    assert result.format == "csv" and result.rows_accepted == 2 and not result.rejects
    assert not result.geocoded
    frame = result.frame
    assert list(frame.columns) == [*EVENT_COLUMNS, "source_line"]
    assert list(frame["latitude"]) == [16.2717, 49.9935]
    assert list(frame["longitude"]) == [-0.0447, 36.2304]
    assert list(frame["iso"]) == ["ML", "UA"]
    assert list(frame["event_date"]) == [pd.Timestamp("2024-03-01"), pd.Timestamp("2024-03-02")]
    assert list(frame["event_type"]) == ["Battles", "Protest march"]
    assert list(frame["event_id"]) == ["points-2", "points-3"]
    assert frame["dataset"].eq("table").all()
    assert frame["fatalities"].iloc[0] == 3 and pd.isna(frame["fatalities"].iloc[1])


def test_csv_place_names_are_geocoded_once_each(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_text("id,date,place,country\na,2024-03-01,Gao,Mali\nb,2024-03-02,Gao,Mali\n"
                    "c,2024-03-02,Kharkiv,\nd,2024-03-03,Atlantis,\n")
    geocoder = FakeGeocoder()
    result = read_events(path, geocoder=geocoder, country_hint="ua")
    assert result.rows_read == 4 and result.rows_accepted == 3
    assert geocoder.calls == [("Gao", "ML"), ("Kharkiv", "UA"), ("Atlantis", "UA")]
    frame = result.frame.set_index("event_id")
    assert (frame.loc["a", "latitude"], frame.loc["a", "longitude"]) == (16.2717, -0.0447)
    assert frame.loc["c", "geo_precision"] == Precision.ADM1
    assert frame.loc["a", "geo_precision"] == Precision.EXACT
    (reject,) = result.rejects
    assert reject.line == 5 and reject.field == "location" and "'Atlantis'" in reject.reason


def test_csv_without_coordinates_or_places(tmp_path: Path) -> None:
    path = tmp_path / "nothing.csv"
    path.write_text("date,what\n2024-01-01,x\n")
    with pytest.raises(FormatError) as info:
        read_events(path, "csv")
    assert "nothing.csv" in str(info.value) and "latitude" in str(info.value)
    assert "['date', 'what']" in str(info.value)


def test_csv_bad_precision_and_duplicate_ids(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,date,lat,lon,precision\n1,2024-01-01,16.3,-0.04,adm1\n"
                    "2,2024-01-01,16.3,-0.04,very\n1,2024-01-02,16.3,-0.04,\n")
    result = read_events(path)
    assert result.rows_accepted == 1 and result.frame["geo_precision"].iloc[0] == 4
    fields = {r.line: r.field for r in result.rejects}
    assert fields == {3: "geo_precision", 4: "event_id"}


def feature_collection() -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-0.0447, 16.2717]},
         "properties": {"date": "2024-03-01", "event_type": "Battles", "country": "Mali",
                        "fatalities": 3, "notes": "<script>alert(1)</script>"}},
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [
            [[35.5, 49.5], [36.5, 49.5], [36.5, 50.5], [35.5, 50.5], [35.5, 49.5]]]},
         "properties": {"date": "2024-03-02", "event_type": "Protests", "iso": "UA"}},
        {"type": "Feature", "geometry": None,
         "properties": {"date": "2024-03-02", "event_type": "Protests"}},
    ]}


def test_geojson(tmp_path: Path) -> None:
    path = tmp_path / "events.geojson"
    path.write_text(json.dumps(feature_collection()))
    result = read_events(path)
    assert result.format == "geojson"
    assert result.rows_read == 3 and result.rows_accepted == 2
    frame = result.frame
    assert (frame["latitude"].iloc[0], frame["longitude"].iloc[0]) == (16.2717, -0.0447)
    assert frame["geo_precision"].iloc[0] == Precision.EXACT
    assert frame["geo_precision"].iloc[1] == Precision.SUBCOUNTRY  # area, not a point
    assert 49.5 <= frame["latitude"].iloc[1] <= 50.5
    assert frame["notes"].iloc[0] == "<script>alert(1)</script>"  # kept as text
    (reject,) = result.rejects
    assert reject.line == 3 and reject.field == "geometry"


def test_geopackage(tmp_path: Path) -> None:
    gpd = pytest.importorskip("geopandas")
    source = tmp_path / "events.geojson"
    source.write_text(json.dumps(feature_collection()))
    path = tmp_path / "events.gpkg"
    gpd.read_file(source).to_file(path, driver="GPKG")
    result = read_events(path)
    assert result.format == "gpkg" and result.rows_accepted == 2
    assert list(result.frame["iso"]) == ["ML", "UA"]


def test_broken_geojson_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [')
    with pytest.raises(FormatError, match=r"broken\.geojson"):
        read_events(path)


@pytest.mark.slow
def test_place_names_with_the_bundled_gazetteer(tmp_path: Path) -> None:
    path = tmp_path / "named.csv"
    path.write_text("date,place,country\n2024-03-01,Gao,Mali\n2024-03-02,Kharkiv,Ukraine\n")
    result = read_events(path)
    assert result.rows_accepted == 2, result.rejects
    assert result.geocoded  # the map credits GeoNames
    frame = result.frame
    assert list(frame["iso"]) == ["ML", "UA"]
    assert abs(frame["latitude"].iloc[0] - 16.27) < 0.1
    assert abs(frame["longitude"].iloc[0] + 0.04) < 0.1
    assert abs(frame["latitude"].iloc[1] - 49.99) < 0.2
