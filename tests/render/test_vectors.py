"""Areas and lines as GeoJSON for the browser: the same text as shapely's own mapping."""

from __future__ import annotations

import json
from typing import Any

import pytest
from shapely.geometry import (
    GeometryCollection,
    LinearRing,
    LineString,
    MultiLineString,
    MultiPoint,
    MultiPolygon,
    Point,
    Polygon,
    mapping,
)

from geomap.refdata.boundaries import load_admin1
from geomap.render.vectors import _geojson, geometry_json


def plain(value: Any) -> Any:
    """The definition: ``shapely.geometry.mapping`` with lists for tuples."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


SHAPES = [
    Point(1.5, -2.25), Point(1, 2, 3), MultiPoint([(0, 1), (2.5, -3)]),
    LineString([(0, 1), (2, 3.5)]), LinearRing([(0, 0), (1, 0), (1, 1)]),
    MultiLineString([[(0, 1), (2, 3)], [(4, 5), (6, 7)]]),
    Polygon([(0, 0), (4, 0), (4, 4), (0, 0)], [[(1, 1), (2, 1), (2, 2), (1, 1)]]),
    Polygon([(0, 0, 1), (4, 0, 2), (4, 4, 3), (0, 0, 1)]),
    MultiPolygon([Polygon([(0, 0), (1, 0), (1, 1)]), Polygon([(5, 5), (6, 5), (6, 6)])]),
    GeometryCollection([Point(0, 1), LineString([(0, 1), (1, 2)]),
                        GeometryCollection([Polygon([(0, 0), (1, 0), (1, 1)])])]),
]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.geom_type)
def test_geojson_is_shapely_mapping(shape: Any) -> None:
    assert json.dumps(_geojson(shape)) == json.dumps(plain(mapping(shape)))


def test_the_shipped_provinces_are_written_as_shapely_maps_them() -> None:
    for geometry in load_admin1().geometry.iloc[::15]:  # ~300 provinces, holes and islands
        assert json.dumps(geometry_json(geometry)) == json.dumps(
            plain(mapping(_rounded(geometry))))


def _rounded(geometry: Any) -> Any:
    import numpy as np
    import shapely

    return shapely.transform(geometry, lambda xy: np.round(xy, 4))
