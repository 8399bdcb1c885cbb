"""A vector basemap drawn from geomap's own country outlines, for maps without tiles.

Offline maps cannot load tiles, so land is drawn as one light GeoJSON layer (land fill,
country borders) in its own pane below every overlay, on a sea-coloured map background.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import folium
from jinja2 import Template

from geomap.errors import DataError
from geomap.refdata.boundaries import basemap_geojson
from geomap.render.elements import LiteralMacroElement
from geomap.render.popups import json_for_script

log = logging.getLogger(__name__)

PANE = "geomapBasemap"
PANE_Z_INDEX = 150  # below tiles (200) and every overlay pane (400+)
STYLE = {
    "sea": "#d6e6ef",
    "land": "#f4f1ea",
    "border": "#a8a294",
    "border_weight": 0.7,
}
COORDINATE_DECIMALS = 2  # about 1 km: finer detail is invisible at basemap zooms


def add_basemap(m: Any, data: Any = None, *, name: str = "Basemap") -> Any:
    """Draw country outlines as the background of ``m`` and return the layer.

    Parameters
    ----------
    m
        A ``folium.Map``, normally created with ``tiles=None``.
    data
        Outlines as a GeoJSON ``dict`` or anything with ``__geo_interface__`` (a
        GeoDataFrame); default :func:`geomap.refdata.boundaries.basemap_geojson`.
    name
        Layer name (the layer is not listed in the layer control).

    Returns
    -------
    folium.GeoJson
        The basemap layer, already added to ``m``.

    Examples
    --------
    >>> import folium
    >>> m = folium.Map(tiles=None, maxZoom=18)
    >>> square = {"type": "Polygon", "coordinates": [[[0, 10], [4, 10], [4, 11], [0, 10]]]}
    >>> layer = add_basemap(m, {"type": "FeatureCollection", "features": [
    ...     {"type": "Feature", "properties": {}, "geometry": square}]})
    """
    rows = _compact(_as_feature_collection(data if data is not None else basemap_geojson()))
    folium.map.CustomPane(PANE, z_index=PANE_Z_INDEX, pointer_events=False).add_to(m)
    layer = BasemapLayer(rows, name)
    layer.add_to(m)
    log.debug("basemap: %d features", len(rows))
    return layer


def _land_style() -> dict[str, Any]:
    return {
        "fillColor": STYLE["land"],
        "fillOpacity": 1.0,
        "color": STYLE["border"],
        "weight": STYLE["border_weight"],
        "opacity": 1.0,
    }


def _as_feature_collection(data: Any) -> dict[str, Any]:
    if hasattr(data, "__geo_interface__"):
        data = data.__geo_interface__
    if not isinstance(data, dict) or "type" not in data:
        raise DataError(f"basemap data must be GeoJSON or a GeoDataFrame, got {type(data)!r}")
    if data["type"] == "FeatureCollection":
        return data
    if data["type"] == "Feature":
        return {"type": "FeatureCollection", "features": [data]}
    feature = {"type": "Feature", "properties": {}, "geometry": data}
    return {"type": "FeatureCollection", "features": [feature]}


def _compact(collection: dict[str, Any]) -> list[list[Any]]:
    """Polygons as ``[name, type, rings]`` with delta-encoded integer coordinates.

    Coordinates are rounded to :data:`COORDINATE_DECIMALS`, repeated points dropped and
    each ring written as ``[x0, y0, dx1, dy1, ...]`` in units of the last decimal: about
    half the bytes of plain GeoJSON. The page decodes it back (:data:`_TEMPLATE`).
    """
    features = []
    for feature in collection["features"]:
        geometry = feature.get("geometry")
        if not geometry or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        name = (feature.get("properties") or {}).get("name")
        features.append([name, geometry["type"], _encode(geometry["coordinates"])])
    return features


def _encode(coordinates: Any) -> Any:
    if coordinates and isinstance(coordinates[0][0], (int, float)):
        return _encode_ring(coordinates)
    return [_encode(part) for part in coordinates]


def _encode_ring(ring: list[Any]) -> list[int]:
    scale = 10**COORDINATE_DECIMALS
    points = [(round(x * scale), round(y * scale)) for x, y, *_ in ring]
    kept = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    flat: list[int] = []
    last_x = last_y = 0
    for x, y in kept:
        flat += [x - last_x, y - last_y]
        last_x, last_y = x, y
    return flat


_TEMPLATE = """
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.getContainer().style.background = {{ this.sea|tojson }};
var {{ this.get_name() }} = (function (rows, scale) {
    function ring(a) {
        var out = [], x = 0, y = 0;
        for (var i = 0; i < a.length; i += 2) {
            x += a[i]; y += a[i + 1]; out.push([x / scale, y / scale]);
        }
        return out;
    }
    function decode(c) { return typeof c[0] === "number" ? ring(c) : c.map(decode); }
    var features = rows.map(function (r) {
        var geometry = {type: r[1], coordinates: decode(r[2])};
        return {type: "Feature", properties: {name: r[0]}, geometry: geometry};
    });
    return L.geoJSON({type: "FeatureCollection", features: features}, {
        pane: "{{ this.pane }}", interactive: false, smoothFactor: 1.0,
        style: {{ this.style }}
    });
})({{ this.data }}, {{ this.scale }}).addTo({{ this._parent.get_name() }});
{% endmacro %}
"""


class BasemapLayer(LiteralMacroElement):
    """Land polygons as one ``L.geoJSON`` layer, decoded in the page, on a sea background."""

    _template = Template(_TEMPLATE)

    def __init__(self, rows: list[list[Any]], name: str) -> None:
        super().__init__()
        self._name = "Basemap"
        self.layer_name = name
        self.data = json_for_script(rows)
        self.scale = 10**COORDINATE_DECIMALS
        self.style = json.dumps(_land_style())
        self.sea = STYLE["sea"]
        self.pane = PANE
