"""Directional parts of countries and admin-1 units: "northern Mali" (issue 14 item 2)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from shapely.geometry import MultiPolygon, Point, box

from geomap.cli import cli
from geomap.geocoding.answers import answer
from geomap.geocoding.gazetteer import Gazetteer
from geomap.geocoding.parts import border_place, part_place
from geomap.refdata.directions import (
    border_zone,
    direction_words,
    part_of,
    split_direction,
    utm_epsg,
)


def _direction(words: str):  # type: ignore[no-untyped-def]
    return direction_words()[words]


@pytest.mark.parametrize(("words", "expected"), [
    ("northern", box(0, 2, 3, 3)), ("south", box(0, 0, 3, 1)), ("eastern", box(2, 0, 3, 3)),
    ("north west", box(0, 2, 1, 3)), ("southeastern", box(2, 0, 3, 1)),
    ("central", box(1, 1, 2, 2)),
])
def test_a_part_is_the_third_of_the_frame(words: str, expected: object) -> None:
    part = part_of(box(0, 0, 3, 3), _direction(words))
    assert part.symmetric_difference(expected).area == pytest.approx(0.0)


def test_the_frame_is_the_largest_polygon_and_far_islands_stay_in_their_part() -> None:
    mainland, island = box(0, 0, 3, 3), box(0, 10, 0.5, 10.5)
    part = part_of(MultiPolygon([mainland, island]), _direction("northern"))
    assert part.area == pytest.approx(3.0 + 0.25)  # the mainland's northern third + island
    assert part_of(MultiPolygon([mainland, island]), _direction("southern")).area == \
        pytest.approx(3.0)


@pytest.mark.parametrize(("query", "words", "rest"), [
    ("northern Mali", "northern", "Mali"), ("north-west Nigeria", "north west", "Nigeria"),
    ("the eastern Ukraine", "eastern", "Ukraine"),
    ("South-Eastern Donetsk oblast", "south eastern", "Donetsk oblast"),
])
def test_direction_words_are_split_off(query: str, words: str, rest: str) -> None:
    found = split_direction(query)
    assert found is not None and (found[0], found[1]) == (_direction(words), rest)


@pytest.mark.parametrize("query", ["Mali", "northern", "Northampton", "the north"])
def test_no_direction_no_split(query: str) -> None:
    assert split_direction(query) is None


@pytest.mark.parametrize(("query", "code", "third"), [
    ("northern Niger", "NE", "north"), ("eastern Ukraine", "UA", "east"),
    ("southern Libya", "LY", "south"), ("north-west Nigeria", "NG", "north west"),
])
def test_a_part_of_a_country_is_subcountry_with_its_polygon(
        gazetteer: Gazetteer, query: str, code: str, third: str) -> None:
    place = part_place(gazetteer, query)
    assert place is not None and (place.country_code, place.precision.name) == (code, "SUBCOUNTRY")
    country = gazetteer.answer(code).best
    assert country is not None
    whole = gazetteer.place_geometry(country.place)
    west, south, east, north = max(getattr(whole, "geoms", [whole]), key=lambda p: p.area).bounds
    part = place.geometry
    assert part is not None and part.area < whole.area and whole.buffer(1e-9).contains(part)
    edge = {"north": part.bounds[1] >= south + 2 * (north - south) / 3 - 1e-9,
            "east": part.bounds[0] >= west + 2 * (east - west) / 3 - 1e-9,
            "south": part.bounds[3] <= south + (north - south) / 3 + 1e-9,
            "north west": part.bounds[2] <= west + (east - west) / 3 + 1e-9
            and part.bounds[1] >= south + 2 * (north - south) / 3 - 1e-9}
    assert edge[third]
    assert part.buffer(1e-9).contains(Point(place.lon, place.lat))


@pytest.mark.parametrize("query", ["northern Mali", "north Mali", "the north of Mali"])
def test_northern_mali_is_what_reports_mean_by_it(gazetteer: Gazetteer, query: str) -> None:
    """A named region with part_of (geomap/data/regions.yaml) replaces the thirds rule:
    the northern third of Mali's frame (north of ~20 N) would leave out the towns that
    "northern Mali" is about."""
    record = answer(gazetteer, query)
    assert (record["kind"], record["precision"], record["country_code"]) == (
        "region", "subcountry", "ML")
    shape = gazetteer.place_geometry(gazetteer.answer("Mali").best.place)
    part = record["geometry"]
    from shapely.geometry import shape as to_shape

    north = to_shape(part) if isinstance(part, dict) else part
    for town, lat, lon in [("Kidal", 18.44, 1.41), ("Gao", 16.27, -0.04),
                           ("Timbuktu", 16.77, -3.01), ("Ménaka", 15.92, 2.40)]:
        assert north.contains(Point(lon, lat)), town
    for town, lat, lon in [("Mopti", 14.49, -4.20), ("Bamako", 12.64, -8.0)]:
        assert not north.contains(Point(lon, lat)), town
    assert shape.buffer(0.01).contains(north)


def test_a_part_of_a_province_is_no_more_precise_than_the_province(
        gazetteer: Gazetteer) -> None:
    place = part_place(gazetteer, "northern Donetsk oblast")
    assert place is not None and place.precision.name == "ADM1"
    assert place.admin1_code == "UA-14" and place.kind.value == "region"


@pytest.mark.parametrize(("query", "kind"), [
    ("South Sudan", "country"), ("North Kivu", "admin1"), ("Northern Ireland", "admin1"),
    ("Central African Republic", "country"),
])
def test_names_that_begin_with_a_direction_keep_their_own_answer(
        gazetteer: Gazetteer, query: str, kind: str) -> None:
    assert answer(gazetteer, query)["kind"] == kind


def test_the_answer_record_and_the_scope(gazetteer: Gazetteer) -> None:
    record = answer(gazetteer, "northern Mali", country="ML")
    assert (record["kind"], record["precision"], record["country_code"]) == (
        "region", "subcountry", "ML")
    assert record["name"] == "Northern Mali" and record["lat"] > 18
    assert answer(gazetteer, "eastern Ukraine", country="ML")["error"] == "not found in ML"
    assert answer(gazetteer, "northern Atlantis")["error"] is not None


def test_geocode_command_answers_parts(gazetteer_cache: object) -> None:
    result = CliRunner().invoke(cli, ["geocode", "eastern Ukraine", "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.splitlines()[0])
    assert (record["precision"], record["country_code"]) == ("subcountry", "UA")
    assert record["lon"] > 34


def test_a_border_zone_is_the_home_side_within_reach_of_the_border() -> None:
    home, neighbour = box(0, 0, 3, 3), box(3, 0, 6, 3)
    zone = border_zone(home, neighbour, km=50.0)
    assert home.buffer(1e-9).contains(zone) and zone.bounds[0] > 2.4  # ~0.45 degrees
    assert zone.bounds[2] == pytest.approx(3.0)
    assert border_zone(home, box(10, 10, 11, 11)).is_empty


@pytest.mark.parametrize(("lon", "lat"), [
    (30.0, 50.0), (35.9, 50.0), (36.1, -1.0), (36.0, 0.0), (-180.0, 10.0), (180.0, 10.0),
    (-0.5, -33.3), (5.0, 60.0), (10.0, 79.0), (-71.2, -45.0), (178.9, 65.2),
])
def test_the_utm_zone_is_proj_s_own(lon: float, lat: float) -> None:
    # the zone PROJ's database names first for the point (what geopandas'
    # estimate_utm_crs answers), zone edges and the equator included
    from pyproj.aoi import AreaOfInterest
    from pyproj.database import query_utm_crs_info

    zones = query_utm_crs_info(datum_name="WGS 84",
                               area_of_interest=AreaOfInterest(lon, lat, lon, lat))
    assert utm_epsg(lon - 1.0, lat - 2.0, lon + 1.0, lat + 2.0) == int(zones[0].code)


def test_near_the_border_with_a_country_needs_the_home_country(gazetteer: Gazetteer) -> None:
    record = answer(gazetteer, "near the border with Algeria", country="ML")
    assert (record["kind"], record["precision"], record["country_code"]) == (
        "region", "subcountry", "ML")
    place = border_place(gazetteer, "near the border with Algeria", "ML")
    algeria = gazetteer.answer("DZ").best
    assert place is not None and algeria is not None
    zone, dz = place.geometry, gazetteer.place_geometry(algeria.place)
    assert zone.distance(dz) < 0.02 and dz.buffer(0.6).contains(zone)  # 50 km < 0.6 deg
    assert zone.buffer(1e-9).contains(Point(place.lon, place.lat))
    assert answer(gazetteer, "near the border with Algeria")["error"] == "not found"
    assert answer(gazetteer, "the border with Nigeria", country="ML")["error"] is not None
