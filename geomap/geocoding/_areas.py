"""The gazetteer's bridge to area shapes: admin-0/admin-1 polygons and named regions.

The shapes come from :mod:`geomap.refdata.boundaries` and :mod:`geomap.refdata.regions`;
they are loaded (with geopandas) only when the index is built or a caller asks for a
geometry, so resolving names never loads geopandas. Missing or damaged boundary files
raise :class:`geomap.errors.DataError` naming the file: an index built without its area
shapes would place every country and province wrongly without saying so.
"""

from __future__ import annotations

import functools
from typing import Any

from geomap.errors import GeocodeError
from geomap.refdata import regions
from geomap.refdata._files import data_file_digest
from geomap.refdata.boundaries import (
    ADMIN0_FILE,
    ADMIN1_FILE,
    admin1_shape,
    boundary_path,
    country_shape,
    load_admin0,
    load_admin1,
)
from geomap.refdata.directions import inside_point


def signature() -> str:
    """A fingerprint of the shape sources (boundary file sizes, the regions file's hash)."""
    sizes = [f"{name}:{boundary_path(name).stat().st_size}" for name in (ADMIN0_FILE, ADMIN1_FILE)]
    return ";".join([*sizes, data_file_digest(regions.REGIONS_FILE)])


@functools.cache
def _centroids() -> dict[str, tuple[float, float]]:
    """Area code ("ML", GeoNames admin-1 "ML.09", or an uncoded unit's "VN.VN-41") ->
    (lat, lon) of a point inside it."""
    points: dict[str, tuple[float, float]] = {}
    admin0 = load_admin0()
    for code, geom in zip(admin0["iso_a2"], admin0.geometry, strict=True):
        if isinstance(code, str) and len(code) == 2 and geom is not None:
            points.setdefault(code, inside_point(geom))
    admin1 = load_admin1()
    for code, geom in zip(admin1["gn_a1_code"], admin1.geometry, strict=True):
        if isinstance(code, str) and "." in code and geom is not None:
            points.setdefault(code, inside_point(geom))
    # units GeoNames no longer codes, keyed by their ISO code ("VN.VN-41")
    for iso, geom in zip(admin1["iso_3166_2"], admin1.geometry, strict=True):
        if isinstance(iso, str) and iso[2:3] == "-" and geom is not None:
            points.setdefault(f"{iso[:2]}.{iso}", inside_point(geom))
    return points


def centroid(area: str) -> tuple[float, float] | None:
    """A point inside the area (country code or GeoNames admin-1 code), or None."""
    return _centroids().get(area)


def region_records() -> list[dict[str, Any]]:
    """Named regions as plain records: id, name, aliases, members (countries), lat, lon
    (the region's conventional ``point`` when regions.yaml gives one, else a point inside
    its shape)."""
    records = []
    for item in regions.all_regions():
        lat, lon = item.point or inside_point(item.geometry)
        records.append({"id": item.id, "name": item.name, "aliases": list(item.aliases),
                        "members": list(item.countries), "lat": lat, "lon": lon})
    return records


def area_geometry(kind: str, code: str) -> Any | None:
    """The shapely geometry of a country (``kind="country"``, ISO code), an admin-1
    (``kind="admin1"``, ISO 3166-2 or GeoNames code) or a region (``kind="region"``,
    id or alias); None when the code is unknown."""
    try:
        if kind == "region":
            return regions.region(code).geometry
        if kind == "country":
            return country_shape(code)
        return admin1_shape(code)
    except GeocodeError:  # UnknownRegion is one too
        return None
