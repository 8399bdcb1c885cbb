"""A vector basemap drawn from geomap's own country outlines, for maps without tiles.

Offline maps cannot load tiles, so land is drawn as one light GeoJSON layer (land fill,
country borders) in its own pane below every overlay, on a sea-coloured map background.
"""

from __future__ import annotations

import json
import logging
from importlib import resources
from typing import Any

from geomap.errors import DataError

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
        GeoDataFrame); default :func:`geomap.geocoding.boundaries.load_basemap`.
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
    import folium

    collection = _compact(_as_feature_collection(data if data is not None else _default()))
    folium.map.CustomPane(PANE, z_index=PANE_Z_INDEX, pointer_events=False).add_to(m)
    layer = _make_layer(collection, name)
    layer.add_to(m)
    log.debug("basemap: %d features", len(collection["features"]))
    return layer


def _land_style() -> dict[str, Any]:
    return {
        "fillColor": STYLE["land"],
        "fillOpacity": 1.0,
        "color": STYLE["border"],
        "weight": STYLE["border_weight"],
        "opacity": 1.0,
    }


def _default() -> Any:
    try:
        from geomap.geocoding.boundaries import load_basemap
    except ImportError:
        return _packaged_basemap()
    return load_basemap()


def _packaged_basemap() -> dict[str, Any]:
    try:
        text = resources.files("geomap.boundaries").joinpath("basemap.geojson").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as err:
        raise DataError(
            "basemap outlines boundaries/basemap.geojson are missing; reinstall geomap"
        ) from err
    data: dict[str, Any] = json.loads(text)
    return data


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


def _compact(collection: dict[str, Any]) -> dict[str, Any]:
    """Keep only geometry, rounded, without repeated points: a smaller page."""
    features = []
    for feature in collection["features"]:
        geometry = feature.get("geometry")
        if not geometry or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        coordinates = _round(geometry["coordinates"])
        props = {"name": (feature.get("properties") or {}).get("name")}
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": geometry["type"], "coordinates": coordinates}})
    return {"type": "FeatureCollection", "features": features}


def _round(coordinates: Any) -> Any:
    if coordinates and isinstance(coordinates[0], (int, float)):
        return [round(value, COORDINATE_DECIMALS) for value in coordinates]
    if coordinates and isinstance(coordinates[0][0], (int, float)):
        ring = [[round(x, COORDINATE_DECIMALS), round(y, COORDINATE_DECIMALS)]
                for x, y, *_ in coordinates]
        return [point for i, point in enumerate(ring) if i == 0 or point != ring[i - 1]]
    return [_round(part) for part in coordinates]


_TEMPLATE = """
{% macro header(this, kwargs) %}
<style>#{{ this._parent.get_name() }} { background: {{ this.sea }}; }</style>
{% endmacro %}
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {
    pane: "{{ this.pane }}", interactive: false, smoothFactor: 1.0,
    style: {{ this.style }}
}).addTo({{ this._parent.get_name() }});
{% endmacro %}
"""


def _layer_class() -> Any:
    from branca.element import MacroElement
    from jinja2 import Template

    class BasemapLayer(MacroElement):
        """Land polygons as one ``L.geoJSON`` layer, data written as compact JSON."""

        _template = Template(_TEMPLATE)

        def __init__(self, collection: dict[str, Any], name: str) -> None:
            super().__init__()
            self._name = "Basemap"
            self.layer_name = name
            self.data = json.dumps(collection, separators=(",", ":"), ensure_ascii=False)
            self.style = json.dumps(_land_style())
            self.sea = STYLE["sea"]
            self.pane = PANE

    return BasemapLayer


def _make_layer(collection: dict[str, Any], name: str) -> Any:
    return _layer_class()(collection, name)
