"""An area answer carries its polygon through every output (issue 14, areas): ``--json``
says it is an area, with its precision, extent and GeoJSON polygon; the CSV batch keeps a
flat row with bbox columns; ``-o NAME.geojson`` writes the polygons; a town stays a point."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import shapely
from click.testing import CliRunner

import geomap
from geomap.cli import cli
from geomap.refdata.boundaries import admin1_shape

QUERIES = ["northern Mali", "Donetsk oblast", "Kidal", "Nowhereville"]


@pytest.fixture
def runner(gazetteer_cache: Path) -> CliRunner:
    return CliRunner()


def _check_areas(rows: dict[str, dict], shapes: dict[str, object]) -> None:
    """Northern Mali and Donetsk oblast as areas with their polygons; Kidal a point."""
    north, donetsk, kidal = rows["northern Mali"], rows["Donetsk oblast"], rows["Kidal"]
    # str(): true or false, never missing (JSON gives bool, the table numpy's bool)
    assert (str(north["area"]), north["precision"]) == ("True", "subcountry")
    assert (str(donetsk["area"]), donetsk["precision"]) == ("True", "adm1")
    mali = shapely.box(-12.3, 10.1, 4.3, 25.1)
    assert shapes["northern Mali"].within(mali) and shapes["northern Mali"].area > 10
    # the oblast's own polygon (lon 36.5..39.1, lat 46.9..49.3): a lat/lon swap fails
    assert shapes["Donetsk oblast"].symmetric_difference(admin1_shape("UA-14")).area < 0.01
    west, south, east, north_edge = (donetsk[f"bbox_{k}"] for k in
                                     ("west", "south", "east", "north"))
    assert (west, south, east, north_edge) == pytest.approx(
        shapes["Donetsk oblast"].bounds, abs=1e-4)
    assert 36 < west < east < 40 and 46 < south < north_edge < 50
    assert str(kidal["area"]) == "False"
    assert shapes["Kidal"].geom_type == "Point"
    assert (shapes["Kidal"].x, shapes["Kidal"].y) == pytest.approx((1.41, 18.44), abs=0.01)


def test_json_says_area_precision_extent_and_gives_the_polygon(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["geocode", *QUERIES, "--json"])
    assert result.exit_code == 1, result.output  # Nowhereville
    rows = {r["query"]: r for r in map(json.loads, result.stdout.splitlines())}
    shapes = {q: shapely.geometry.shape(rows[q]["geometry"]) for q in QUERIES[:3]}
    _check_areas(rows, shapes)
    assert rows["northern Mali"]["geometry"]["type"] == "Polygon"
    assert "geometry" not in rows["Nowhereville"]


def test_text_output_marks_areas(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["geocode", "Donetsk oblast", "Kidal"])
    donetsk, kidal = result.stdout.splitlines()
    assert "[adm1, area: 36.5" in donetsk and "area" not in kidal


def _batch(runner: CliRunner, tmp_path: Path, output: str) -> Path:
    """``geomap geocode --input`` of :data:`QUERIES` written to ``output``."""
    source = tmp_path / "names.txt"
    source.write_text("\n".join(QUERIES) + "\n", encoding="utf-8")
    out = tmp_path / output
    result = runner.invoke(cli, ["geocode", "--input", str(source), "-o", str(out)])
    assert result.exit_code == 1, result.output  # Nowhereville
    return out


def test_csv_keeps_a_flat_row_with_bbox_columns(runner: CliRunner, tmp_path: Path) -> None:
    out = _batch(runner, tmp_path, "places.csv")
    with out.open(encoding="utf-8") as handle:
        rows = {r["query"]: r for r in csv.DictReader(handle)}
    assert "geometry" not in rows["Kidal"]
    assert rows["northern Mali"]["area"] == "True" and rows["Kidal"]["area"] == "False"
    assert rows["Kidal"]["bbox_west"] == "" and rows["Nowhereville"]["error"] == "not found"
    box = [float(rows["Donetsk oblast"][f"bbox_{k}"]) for k in ("west", "south", "east",
                                                                   "north")]
    assert box == pytest.approx(admin1_shape("UA-14").bounds, abs=1e-4)


def test_geojson_output_holds_the_polygons(runner: CliRunner, tmp_path: Path) -> None:
    out = _batch(runner, tmp_path, "places.geojson")
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    features = {f["properties"]["query"]: f for f in collection["features"]}
    assert list(features) == QUERIES  # every query, in order; a miss has no geometry
    assert features["Nowhereville"]["geometry"] is None
    assert features["Nowhereville"]["properties"]["error"] == "not found"
    rows = {q: f["properties"] for q, f in features.items()}
    shapes = {q: shapely.geometry.shape(features[q]["geometry"]) for q in QUERIES[:3]}
    _check_areas(rows, shapes)
    assert out.with_name("places.unresolved.csv").exists()


def test_the_python_table_carries_the_same_values(gazetteer_cache: Path) -> None:
    table = geomap.geocode(QUERIES[:3]).set_index("query")
    shapes = {q: shapely.geometry.shape(table.loc[q, "geometry"]) for q in QUERIES[:3]}
    rows = {q: dict(table.loc[q]) for q in QUERIES[:3]}
    _check_areas(rows, shapes)


#: The areas issue 14 found missing or turned into town points, as reports name them,
#: with the answer each must be: (name, kind, precision).
REPORT_AREAS = {
    "northern Mali": ("Northern Mali", "region", "subcountry"),
    "the Kidal region": ("Kidal", "admin1", "adm1"),
    "Donetsk oblast": ("Donetska oblast", "admin1", "adm1"),
    "Adrar des Ifoghas": ("Adrar des Ifoghas", "region", "subcountry"),
    "the tri-border area": ("Liptako-Gourma", "region", "multinational"),
    "near the border with Algeria": ("Mali, border with Algeria", "region", "subcountry"),
}


def test_the_areas_reports_name_are_areas_with_their_polygons(gazetteer_cache: Path) -> None:
    for query, (name, kind, precision) in REPORT_AREAS.items():
        home = None if query == "Donetsk oblast" else "ML"  # the border needs a home country
        row = geomap.geocode(query, country=home).iloc[0]
        assert (row["name"], row["kind"], row["precision"]) == (name, kind, precision), query
        assert str(row["area"]) == "True"
        assert row["geometry"]["type"] in ("Polygon", "MultiPolygon")
        shape = shapely.geometry.shape(row["geometry"])
        assert shape.contains(shapely.Point(row["lon"], row["lat"])), query


@pytest.mark.parametrize(("query", "inside", "outside"), [
    # Iran's provinces were renumbered in ISO 3166-2 after the boundaries were made:
    # Kordestan got Semnan's polygon (its capital Sanandaj; Semnan city)
    ("Kordestan", (47.00, 35.31), (53.39, 35.58)),
    # Paktika and Paktia swapped polygons (Sharana, Paktika's capital; Gardez, Paktia's)
    ("Paktika", (68.73, 33.18), (69.23, 33.60)),
    ("Paktia", (69.23, 33.60), (68.73, 33.18)),
])
def test_a_provinces_polygon_is_its_own_not_the_one_its_iso_code_names_in_the_boundaries(
        gazetteer_cache: Path, query: str, inside: tuple[float, float],
        outside: tuple[float, float]) -> None:
    """A province's polygon is found by its GeoNames code: by the ISO 3166-2 code, 73
    units got another unit's polygon (the boundaries predate renumberings)."""
    [row] = geomap.geocode([query]).to_dict("records")
    shape = shapely.geometry.shape(row["geometry"])
    assert shape.contains(shapely.Point(*inside)) and not shape.contains(shapely.Point(*outside))
    assert row["bbox_west"] <= inside[0] <= row["bbox_east"]


def test_a_unit_the_boundaries_do_not_know_has_no_polygon_rather_than_anothers(
        gazetteer_cache: Path) -> None:
    """France's regions of 2016 are not in the boundaries (their departments are): the
    ISO code FR-IDF found a polygon far from Paris; now the region is an area without one."""
    [row] = geomap.geocode(["Île-de-France"]).to_dict("records")
    assert row["area"] and row["geometry"]["type"] == "Point"
    assert row["bbox_west"] is None or pd_isna(row["bbox_west"])


def pd_isna(value: object) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


@pytest.mark.parametrize(("query", "point", "country"), [
    ("the Levant", (33.5, 36.0), None), ("Balkans", (43.0, 21.0), None),
    ("Niger Delta", (5.32, 6.47), "NG"), ("Darfur", (13.5, 24.0), "SD"),
    ("Sinai Peninsula", (29.5, 33.8), "EG"), ("Iraqi Kurdistan", (36.2, 44.0), "IQ"),
    # its name holds a kind word: "Region" hinted a province, and Iran's Kordestan (alternate
    # name Kurdistan) won over the region the whole text names
    ("Kurdistan Region", (36.2, 44.0), "IQ"),
    ("North Caucasus", (43.5, 44.5), "RU"), ("Transcaucasia", (41.0, 45.0), None)])
def test_the_regions_reports_name_answer_at_their_point_with_their_shape(
        gazetteer_cache: Path, query: str, point: tuple[float, float],
        country: str | None) -> None:
    """These were not found ("Niger Delta", "Balkans"), or were a town ("Levant" in Maine,
    "Sinai" in Mexico), or a point without a shape ("Darfur")."""
    [row] = geomap.geocode([query]).to_dict("records")
    assert (row["kind"], row["area"]) == ("region", True)
    assert (row["lat"], row["lon"]) == pytest.approx(point)
    assert country is None or row["country_code"] == country
    shape = shapely.geometry.shape(row["geometry"])
    assert shape.geom_type in ("Polygon", "MultiPolygon") and shape.distance(
        shapely.Point(point[1], point[0])) < 0.5


@pytest.mark.parametrize(("query", "inside", "outside"), [
    ("Scandinavia", (59.91, 10.75), (60.17, 24.94)),          # Oslo; not Helsinki
    ("the Nordic countries", (60.17, 24.94), (52.52, 13.40)),  # Helsinki; not Berlin
    ("the Baltic states", (56.95, 24.11), (53.90, 27.57)),     # Riga; not Minsk
    ("Gulf states", (25.29, 51.53), (33.31, 44.37)),           # Doha; not Baghdad
    ("Central Europe", (50.09, 14.42), (48.86, 2.35)),         # Prague; not Paris
    # GeoNames lists "Central Africa" among the Central African Republic's names: the
    # country answered; the region holds Kinshasa and Luanda too
    ("Central Africa", (-4.32, 15.31), (9.06, 7.49)),          # Kinshasa; not Abuja
    ("African Great Lakes", (-1.68, 29.22), (-6.79, 39.21)),   # Goma; not Dar es Salaam
    ("the Far East", (35.68, 139.69), (21.03, 105.85)),        # Tokyo; not Hanoi
    ("Mashreq", (33.51, 36.29), (36.81, 10.18))])              # Damascus; not Tunis
def test_groupings_of_countries_are_regions_with_their_members_shape(
        gazetteer_cache: Path, query: str, inside: tuple[float, float],
        outside: tuple[float, float]) -> None:
    """News names these as places ("fighters from the Baltic states"); they were not found,
    or answered a country or a province ("Central Europe": Uganda's Central region)."""
    [row] = geomap.geocode([query]).to_dict("records")
    assert (row["kind"], row["area"], row["precision"]) == ("region", True, "multinational")
    shape = shapely.geometry.shape(row["geometry"])
    assert shape.contains(shapely.Point(inside[1], inside[0]))
    assert not shape.contains(shapely.Point(outside[1], outside[0]))
    assert shape.contains(shapely.Point(row["lon"], row["lat"]))
