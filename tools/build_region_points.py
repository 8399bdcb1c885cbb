"""Derive ``geomap/data/region_points.csv``: each named region's point and member countries.

A named region's point (where a mention of "the Sahel" or "Java" is placed) is a point
inside its shape (``geomap.geocoding._areas.inside_point``), and its countries are those its
shape covers. Both follow from ``geomap/data/regions.yaml`` and the packaged boundaries,
but computing the shapes costs about a second of CPU and 200 MB; the gazetteer's quick
layer, built on the first lookup after installation, reads them from this file instead.
``tests/geocoding/test_region_points.py`` recomputes them and fails when the file is stale.

Usage (after any change to regions.yaml or the boundaries)::

    python tools/build_region_points.py
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from geomap.geocoding._areas import region_records

OUT = Path(__file__).resolve().parent.parent / "geomap" / "data" / "region_points.csv"
HEADER = [
    "# Named regions (geomap/data/regions.yaml): a point inside each region's shape and the",
    "# countries (ISO alpha-2) the shape covers. Derived by tools/build_region_points.py from",
    "# regions.yaml and the packaged boundaries. Do not edit: rerun the script.",
]


def main() -> None:
    """Write the file from the regions' shapes."""
    out = io.StringIO()
    out.write("".join(line + "\n" for line in HEADER))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "lat", "lon", "countries"])
    for record in region_records():
        writer.writerow([record["id"], f"{record['lat']:.6f}", f"{record['lon']:.6f}",
                         "|".join(record["members"])])
    OUT.write_text(out.getvalue(), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
