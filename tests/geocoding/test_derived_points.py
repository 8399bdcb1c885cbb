"""The derived point files hold what the shapes and towns give today
(``tools/build_derived_points.py``), so the quick layer places areas as the full index does."""

from __future__ import annotations

import pytest

from geomap.errors import DataError
from geomap.geocoding import datafiles
from geomap.geocoding._areas import region_records
from geomap.geocoding.build import derived_centres
from geomap.refdata import regions

STALE = "stale: run python tools/build_derived_points.py"


def test_region_points_are_what_the_shapes_give_today() -> None:
    derived = {r["id"]: (round(r["lat"], 6), round(r["lon"], 6), tuple(r["members"]))
               for r in region_records()}
    stored = datafiles.load_region_points()
    assert stored == derived, STALE
    assert list(stored) == [str(entry["id"]) for entry in regions.definitions()]


def test_derived_area_points_are_what_the_shapes_and_towns_give_today() -> None:
    derived = {code: (round(lat, 6), round(lon, 6))
               for code, (lat, lon) in derived_centres().items()}
    stored = datafiles.load_derived_area_points()
    assert stored == derived, STALE
    # Central Luzon's conventional point lay in Mindanao: derived from its towns instead
    assert "PH.03" in stored and 14.5 < stored["PH.03"][0] < 16.5


@pytest.mark.parametrize("loader", ["load_region_points", "load_derived_area_points"])
def test_a_bad_row_names_the_file_and_line(loader: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datafiles, "csv_rows", lambda name: iter(
        [(7, {"id": "sahel", "code": "ML", "lat": "97", "lon": "3"})]))
    load = getattr(datafiles, loader)
    load.cache_clear()
    try:
        with pytest.raises(DataError, match=r"points(_derived)?\.csv:7: .*'lat': '97'"):
            load()
    finally:
        load.cache_clear()
