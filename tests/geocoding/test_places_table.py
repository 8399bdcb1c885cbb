"""The reference table (places.csv): >= 150 places across the Sahel, North Africa, the
Middle East, Ukraine and Russia, each checked for country, kind and distance."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from geomap.geocoding.gazetteer import Gazetteer
from geomap.model import PlaceKind

TABLE = Path(__file__).with_name("places.csv")


def _rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


ROWS = _rows()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlam / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def test_table_is_big_and_varied() -> None:
    assert len(ROWS) >= 150
    kinds = {r["expected_kind"] for r in ROWS}
    assert {"populated_place", "admin1", "country"} <= kinds
    assert any("region" in k for k in kinds)
    countries = {r["expected_country"] for r in ROWS}
    assert {"ML", "NE", "BF", "TD", "LY", "DZ", "SY", "IQ", "UA", "RU"} <= countries
    assert sum(r["category"] == "homonym" for r in ROWS) >= 5


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['query']}|{r['country']}")
def test_row_coordinates_are_asymmetric(row: dict[str, str]) -> None:
    """A lat/lon swap must move the point beyond the tolerance, or the row proves nothing."""
    lat, lon = float(row["lat"]), float(row["lon"])
    if abs(lon) <= 90:
        assert haversine_km(lat, lon, lon, lat) > float(row["tolerance_km"]), row


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['query']}|{r['country']}")
def test_place_resolves_as_expected(gazetteer: Gazetteer, row: dict[str, str]) -> None:
    kinds = row["expected_kind"].split("|")
    context = [c for c in row["context"].split(";") if c]
    place = gazetteer.resolve(row["query"], country=row["country"] or None, context=context)
    assert place.kind in {PlaceKind(k) for k in kinds}, (row, place)
    if row["expected_country"]:
        assert place.country_code == row["expected_country"], (row, place)
    distance = haversine_km(place.lat, place.lon, float(row["lat"]), float(row["lon"]))
    assert distance <= float(row["tolerance_km"]), (row, place, round(distance))
    # the swapped reading must fail, so the check above is meaningful
    if abs(place.lon) <= 90:
        swapped = haversine_km(place.lon, place.lat, float(row["lat"]), float(row["lon"]))
        assert swapped > float(row["tolerance_km"])
