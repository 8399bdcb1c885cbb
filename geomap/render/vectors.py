"""Encode the bundle's area, place and line layers as compact GeoJSON for the browser."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from geomap.model import Source
from geomap.render.popups import safe_url, source_entries

logger = logging.getLogger(__name__)

COORDINATE_DIGITS = 4
SIMPLIFY_DEGREES = 0.002  # ~200 m: invisible at the zooms where areas are read


def geometry_json(geometry: Any, simplify: bool = False) -> dict[str, Any] | None:
    """GeoJSON geometry with rounded coordinates (optionally simplified); None if empty."""
    import numpy as np
    import shapely

    if geometry is None or geometry.is_empty:
        return None
    if simplify:
        geometry = geometry.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    rounded = shapely.transform(geometry, lambda xy: np.round(xy, COORDINATE_DIGITS))
    return _geojson(rounded)


def _geojson(geometry: Any) -> dict[str, Any]:
    """``shapely.geometry.mapping`` with lists for tuples (so json.dumps is exact and
    stable), each line's coordinates converted at once rather than one pair at a time."""
    kind = geometry.geom_type
    if kind == "GeometryCollection":
        return {"type": kind, "geometries": [_geojson(part) for part in geometry.geoms]}
    return {"type": kind, "coordinates": _coordinates(geometry)}


def _coordinates(geometry: Any) -> list[Any]:
    import numpy as np

    kind = geometry.geom_type
    if kind.startswith("Multi"):
        return [_coordinates(part) for part in geometry.geoms]
    if kind == "Polygon":
        rings = [geometry.exterior, *geometry.interiors] if not geometry.is_empty else []
        return [_coordinates(ring) for ring in rings]
    if kind == "Point":
        return list(geometry.coords[0]) if not geometry.is_empty else []
    values: list[Any] = np.asarray(geometry.coords, dtype=float).tolist()
    return values


def _value(row: Any, name: str, default: Any = None) -> Any:
    """A JSON-safe cell: NaN/NaT/None become ``default``, dates ISO strings."""
    import pandas as pd

    value = row.get(name, default)
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return default
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if hasattr(value, "item"):
        return value.item()
    return value


def _features(frame: Any, props: Any, simplify: bool = False) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = []
    if frame is None or len(frame) == 0:
        return features
    for _, row in frame.iterrows():
        geometry = geometry_json(row.geometry, simplify=simplify)
        if geometry is not None:
            properties = props(row)
            properties["at"] = _label_point(row.geometry)
            features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return features


def _label_point(geometry: Any) -> list[float]:
    """``[lat, lon]`` of a point inside the geometry, for labels."""
    point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
    return [round(point.y, COORDINATE_DIGITS), round(point.x, COORDINATE_DIGITS)]


def admin_features(frame: Any, type_columns: list[str]) -> list[dict[str, Any]]:
    """Admin areas with name, code, country, counts and per-type counts."""

    def props(row: Any) -> dict[str, Any]:
        return {
            "code": str(_value(row, "code", "")),
            "name": str(_value(row, "name", "")),
            "cc": str(_value(row, "country_code", "")),
            "events": int(_value(row, "events", 0)),
            "fatalities": int(_value(row, "fatalities", 0)),
            "first": _value(row, "first_date"),
            "last": _value(row, "last_date"),
            "types": [int(_value(row, column, 0)) for column in type_columns],
        }

    return _features(frame, props, simplify=True)


def region_features(frame: Any) -> list[dict[str, Any]]:
    """Named regions with their definition, source and whether they are approximate."""

    def props(row: Any) -> dict[str, Any]:
        return {
            "name": str(_value(row, "name", "")),
            "definition": str(_value(row, "definition", "")),
            "source": str(_value(row, "source", "")),
            "approximate": bool(_value(row, "approximate", False)),
        }

    return _features(frame, props, simplify=True)


def actor_features(frame: Any) -> list[dict[str, Any]]:
    """Actors' home places."""

    def props(row: Any) -> dict[str, Any]:
        return {
            "id": str(_value(row, "id", "")),
            "name": str(_value(row, "name", "")),
            "kind": str(_value(row, "kind", "other")),
            "events": int(_value(row, "events", 0) or 0),
            "first": _value(row, "first_date"),
            "last": _value(row, "last_date"),
        }

    return _features(frame, props)


def footprint_features(actors: Any, areas: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One feature per actor: the union of the areas named in its ``footprint``."""
    from shapely.ops import unary_union

    features: list[dict[str, Any]] = []
    if actors is None or "footprint" not in actors:
        return features
    for _, row in actors.iterrows():
        codes = [c.strip() for c in str(_value(row, "footprint", "")).split(";") if c.strip()]
        shapes = [areas[code] for code in codes if code in areas]
        if len(shapes) < len(codes):
            logger.info("actor %s: footprint areas not in the bundle: %s", row.get("id"),
                        sorted(set(codes) - set(areas)))
        geometry = geometry_json(unary_union(shapes), simplify=True) if shapes else None
        if geometry is not None:
            properties = {"name": str(_value(row, "name", "")),
                          "kind": str(_value(row, "kind", "other")), "areas": codes}
            features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return features


def relation_features(frame: Any, sources: Mapping[str, Source]) -> list[dict[str, Any]]:
    """Relation lines (source actor's place to target's) with kind, date and sources."""

    def props(row: Any) -> dict[str, Any]:
        raw_sources = _value(row, "sources", "")
        if isinstance(raw_sources, (list, tuple)):
            raw_sources = ";".join(str(s) for s in raw_sources)
        return {
            "source": str(_value(row, "source_name", _value(row, "source", ""))),
            "target": str(_value(row, "target_name", _value(row, "target", ""))),
            "kind": str(_value(row, "kind", "other")),
            "date": _value(row, "date"),
            "dp": int(_value(row, "date_precision", 1) or 1),
            "description": str(_value(row, "description", "")),
            "claimed_by": _value(row, "claimed_by"),
            "sources": source_entries(str(raw_sources), sources),
        }

    return _features(frame, props)


def attribution_entries(attributions: list[str]) -> list[list[str | None]]:
    """``[[text, url-or-None], ...]``: an attribution that is a bare http(s) URL links."""
    return [[text, safe_url(text)] for text in attributions if text and text.strip()]
