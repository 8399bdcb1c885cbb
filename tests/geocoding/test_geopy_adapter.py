"""The offline gazetteer used as a geopy geocoder."""

from __future__ import annotations

import pytest
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geomap.geocoding.gazetteer import Gazetteer
from geomap.geocoding.geopy_adapter import OfflineGeocoder, nearest_place


@pytest.fixture(scope="module")
def geocoder(gazetteer: Gazetteer) -> OfflineGeocoder:
    return OfflineGeocoder(gazetteer)


def test_is_a_geopy_geocoder(geocoder: OfflineGeocoder) -> None:
    assert isinstance(geocoder, Geocoder)
    location = geocoder.geocode("Gao", country="ML")
    assert isinstance(location, Location)
    assert (round(location.latitude, 2), round(location.longitude, 2)) == (16.27, -0.04)
    assert location.raw["country_code"] == "ML" and location.raw["kind"] == "populated_place"
    assert location.raw["precision"] == 1 and 0 < location.raw["score"] <= 1
    assert "ML" in location.address


def test_many_and_none(geocoder: OfflineGeocoder) -> None:
    found = geocoder.geocode("Tripoli", exactly_one=False, limit=3)
    assert isinstance(found, list)
    assert [loc.raw["country_code"] for loc in found[:2]] == ["LY", "LB"]
    assert geocoder.geocode("Xqzzvwkplm") is None
    assert geocoder.geocode("") is None  # bad input: geopy's "nothing found"


def test_default_country(gazetteer: Gazetteer) -> None:
    location = OfflineGeocoder(gazetteer, country="BF").geocode("Gao")
    assert isinstance(location, Location) and location.raw["country_code"] == "BF"


def test_works_with_geopy_rate_limiter(geocoder: OfflineGeocoder) -> None:
    limited = RateLimiter(geocoder.geocode, min_delay_seconds=0)
    assert limited("Kiev").raw["name"] == "Kyiv"


def test_reverse(geocoder: OfflineGeocoder, gazetteer: Gazetteer) -> None:
    location = geocoder.reverse("16.28, -0.05")
    assert isinstance(location, Location) and location.raw["name"] == "Gao"
    swapped = geocoder.reverse((-0.05, 16.28))  # lat -0.05, lon 16.28: Congo basin, not Gao
    assert not isinstance(swapped, Location) or swapped.raw["country_code"] != "ML"
    assert nearest_place(gazetteer, 0.0, -30.0) is None  # mid-Atlantic
