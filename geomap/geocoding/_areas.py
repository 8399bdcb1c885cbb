"""The gazetteer's bridge to area shapes: admin-0/admin-1 polygons and named regions.

The shapes come from :mod:`geomap.geocoding.boundaries` (``load_admin0``,
``load_admin1``) and :mod:`geomap.geocoding.regions` (``load_regions``, ``region``).
They are imported only here, only when needed (index build, or a caller asking for a
geometry), so resolving names never loads geopandas.  When those modules or their data
are unavailable the gazetteer still works: area centroids fall back to the middle of the
area's populated places and geometries are None.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
import logging
from importlib import resources
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_BOUNDARIES = "geomap.geocoding.boundaries"
_REGIONS = "geomap.geocoding.regions"


def _module(name: str) -> Any | None:
    try:
        if importlib.util.find_spec(name) is None:
            return None
        return importlib.import_module(name)
    except Exception as err:  # a half-written sibling module must not break geocoding
        log.warning("cannot import %s (%s): area shapes unavailable", name, err)
        return None


def signature() -> str:
    """A cheap fingerprint of the shape sources (module presence and data file sizes)."""
    digest = hashlib.sha256()
    for name in (_BOUNDARIES, _REGIONS):
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        digest.update(f"{name}={found};".encode())
    for package in ("geomap.boundaries", "geomap.data"):
        try:
            entries = sorted(resources.files(package).iterdir(), key=lambda p: p.name)
        except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.is_file() and (package == "geomap.boundaries" or "region" in entry.name):
                size = Path(str(entry)).stat().st_size
                digest.update(f"{entry.name}:{size};".encode())
    return digest.hexdigest()[:16]


@functools.cache
def admin0() -> Any | None:
    """Admin-0 polygons (GeoDataFrame with ``iso_a2``) or None."""
    module = _module(_BOUNDARIES)
    return _call(module, "load_admin0")


@functools.cache
def admin1() -> Any | None:
    """Admin-1 polygons (GeoDataFrame with ``iso_3166_2``, ``gn_a1_code``) or None."""
    module = _module(_BOUNDARIES)
    return _call(module, "load_admin1")


def _call(module: Any | None, function: str) -> Any | None:
    if module is None or not hasattr(module, function):
        return None
    try:
        return getattr(module, function)()
    except Exception as err:  # missing data files: degrade, do not crash lookups
        log.warning("%s.%s() failed (%s): area shapes unavailable", module.__name__, function, err)
        return None


@functools.cache
def _centroids() -> dict[str, tuple[float, float]]:
    """Area code ("ML" or GeoNames admin-1 "ML.09") -> (lat, lon) of a point inside it."""
    points: dict[str, tuple[float, float]] = {}
    frame = admin0()
    if frame is not None and "iso_a2" in frame:
        for code, geom in zip(frame["iso_a2"], frame.geometry, strict=False):
            if isinstance(code, str) and len(code) == 2 and geom is not None:
                points.setdefault(code, _inside_point(geom))
    frame = admin1()
    if frame is not None and "gn_a1_code" in frame:
        for code, geom in zip(frame["gn_a1_code"], frame.geometry, strict=False):
            if isinstance(code, str) and "." in code and geom is not None:
                points.setdefault(code, _inside_point(geom))
    return points


def _inside_point(geom: Any) -> tuple[float, float]:
    centroid = geom.centroid
    point = centroid if geom.contains(centroid) else geom.representative_point()
    return float(point.y), float(point.x)


def centroid(area: str) -> tuple[float, float] | None:
    """A point inside the area (country code or GeoNames admin-1 code), or None."""
    return _centroids().get(area)


def region_records() -> list[dict[str, Any]]:
    """Named regions as plain records: id, name, aliases, members, lat, lon."""
    module = _module(_REGIONS)
    regions = _call(module, "load_regions")
    if regions is None:
        return []
    records = []
    rows = regions.itertuples(index=False) if hasattr(regions, "itertuples") else regions
    for row in rows:
        record = _region_record(row)
        if record is not None:
            records.append(record)
    return records


def _field(row: Any, *names: str) -> Any:
    for name in names:
        value = row.get(name) if isinstance(row, dict) else getattr(row, name, None)
        if value is not None:
            return value
    return None


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        parts = value.replace(";", "|").replace(",", "|").split("|")
        return [v.strip() for v in parts if v.strip()]
    return [str(v) for v in value]


def _region_record(row: Any) -> dict[str, Any] | None:
    region_id = _field(row, "id", "region_id", "key")
    name = _field(row, "name", "title")
    geom = _field(row, "geometry")
    if region_id is None or name is None or geom is None or geom.is_empty:
        return None
    lat, lon = _inside_point(geom)
    return {
        "id": str(region_id),
        "name": str(name),
        "aliases": _as_list(_field(row, "aliases", "alias", "names")),
        "members": _as_list(_field(row, "members", "countries", "iso_a2")),
        "lat": lat,
        "lon": lon,
    }


def area_geometry(kind: str, code: str) -> Any | None:
    """The shapely geometry of a country (``kind="country"``, ISO code), an admin-1
    (``kind="admin1"``, ISO 3166-2 or GeoNames code) or a region (``kind="region"``,
    id or alias); None when unknown or shapes are unavailable."""
    if kind == "region":
        module = _module(_REGIONS)
        if module is None or not hasattr(module, "region"):
            return None
        try:
            found = module.region(code)
        except Exception:  # unknown region: no geometry rather than a crash
            return None
        return _field(found, "geometry")
    frame = admin0() if kind == "country" else admin1()
    if frame is None:
        return None
    columns = ("iso_a2",) if kind == "country" else ("iso_3166_2", "gn_a1_code")
    for column in columns:
        if column in frame:
            rows = frame[frame[column] == code]
            if len(rows):
                return rows.geometry.union_all() if len(rows) > 1 else rows.geometry.iloc[0]
    return None
