"""Derive the spotter's country and admin-1 reference points from Natural Earth.

Source: Natural Earth 10m v4.1 (public domain), as shipped by the Debian package
``qgis-common`` 3.22.16 (``usr/share/qgis/resources/data/world_map.gpkg``). Get it with
``apt-get download qgis-common && dpkg-deb -x qgis-common_*.deb /tmp/qgis`` and run::

    python -m geomap.extract.derive_points /tmp/qgis/usr/share/qgis/resources/data/world_map.gpkg

Writes ``geomap/data/extract_country_points.csv`` and ``extract_admin1_points.csv``: one
representative point per unit (the centroid of its largest part when that lies inside it,
else a point inside it), rounded to 0.01 degrees. Crimea and Sevastopol keep their Natural
Earth ``iso_a2`` (UA in v4.1).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data"


def _point(geometry: Any) -> tuple[float, float]:
    parts = list(getattr(geometry, "geoms", [geometry]))
    largest = max(parts, key=lambda part: part.area)
    point = largest.centroid
    if not largest.contains(point):
        point = largest.representative_point()
    return round(point.y, 2), round(point.x, 2)


def derive(gpkg: Path) -> None:
    """Write both CSV files from ``gpkg``."""
    import geopandas as gpd

    countries = gpd.read_file(gpkg, layer="countries")
    rows = []
    for _, row in countries.iterrows():
        code = str(row["iso_a2"] or "")
        if len(code) == 2 and code.isalpha():
            rows.append([code, row["NAME"], *_point(row.geometry)])
    _write(DATA / "extract_country_points.csv", ["country_code", "name", "lat", "lon"], rows)
    states = gpd.read_file(gpkg, layer="states_provinces")
    rows = []
    for _, row in states.iterrows():
        values = (row["name"], row["gn_name"], row["woe_name"])
        names = {str(n) for n in values if isinstance(n, str) and n}
        code = str(row["iso_a2"] or "")
        if isinstance(row["name"], str) and len(code) == 2:
            aliases = "|".join(sorted(names - {row["name"]}))
            rows.append([code, row["name"], aliases, *_point(row.geometry)])
    _write(DATA / "extract_admin1_points.csv", ["country_code", "name", "aliases", "lat", "lon"],
           rows)


def _write(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write("# Derived by geomap/extract/derive_points.py from Natural Earth 10m v4.1 "
                     "(public domain), Debian qgis-common 3.22.16.\n")
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(sorted(rows, key=lambda r: [str(v) for v in r]))


if __name__ == "__main__":
    derive(Path(sys.argv[1]))
