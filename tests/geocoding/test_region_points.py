"""``region_points.csv`` holds what the regions' shapes give (tools/build_region_points.py)."""

from __future__ import annotations

import pytest

from geomap.errors import DataError
from geomap.geocoding import datafiles
from geomap.geocoding._areas import region_records
from geomap.refdata import regions


def test_the_file_is_what_the_shapes_give_today() -> None:
    derived = {r["id"]: (round(r["lat"], 6), round(r["lon"], 6), tuple(r["members"]))
               for r in region_records()}
    stored = datafiles.load_region_points()
    assert stored == derived, "stale: run python tools/build_region_points.py"
    assert list(stored) == [str(entry["id"]) for entry in regions.definitions()]


def test_a_bad_row_names_the_file_and_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datafiles, "csv_rows",
                        lambda name: iter([(7, {"id": "sahel", "lat": "97", "lon": "3"})]))
    datafiles.load_region_points.cache_clear()
    try:
        with pytest.raises(DataError, match=r"region_points\.csv:7: .*'lat': '97'"):
            datafiles.load_region_points()
    finally:
        datafiles.load_region_points.cache_clear()
