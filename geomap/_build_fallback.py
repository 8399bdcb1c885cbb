"""A minimal stand-in for the layer builder and the renderer, used only while
``geomap.layers.build`` or ``geomap.render.map`` are absent from a build.

It draws events as circles coloured by type (areas as translucent circles), the
scenario's relations as lines, and the bundle's countries and regions when present. The real
layer builder and renderer replace it entirely.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from geomap.layers.bundle import LayerBundle

if TYPE_CHECKING:
    from geomap.sources.report import ReadResult
    from geomap.sources.scenario import Scenario

_TYPE_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#d35400",
    "Violence against civilians": "#8e44ad",
    "Protests": "#2980b9",
    "Riots": "#16a085",
    "Strategic developments": "#2c3e50",
}
_RELATION_COLOURS = {"support": "#1e8449", "alleged_support": "#1e8449", "attack": "#c0392b",
                     "severed_diplomatic_ties": "#7b241c", "denial": "#7f8c8d"}


def fallback_layers(results: list[ReadResult], *, scenario: Scenario | None,
                    title: str) -> LayerBundle:
    """Events and relations as GeoDataFrames in a LayerBundle."""
    import geopandas as gpd
    import pandas as pd

    frames = [r.frame for r in results if len(r.frame)]
    events = pd.concat(frames, ignore_index=True) if frames else None
    bundle = LayerBundle(title=title, events=events)
    if scenario is not None:
        bundle.subtitle = scenario.subtitle
        bundle.sources = dict(scenario.sources)
        bundle.highlight_countries = list(scenario.highlight)
        bundle.bounds = scenario.bounds
        bundle.relations = gpd.GeoDataFrame(_relation_rows(scenario), crs="EPSG:4326")
    return bundle


def _relation_rows(scenario: Scenario) -> list[dict[str, Any]]:
    from shapely.geometry import LineString

    rows = []
    for relation in scenario.relations:
        start = scenario.actors[relation.source].place
        end = scenario.actors[relation.target].place
        if start and end and start != end:
            a, b = scenario.places[start], scenario.places[end]
            rows.append({"kind": str(relation.kind), "source": relation.source,
                         "target": relation.target, "geometry": LineString([a.xy, b.xy])})
    return rows


def fallback_render(bundle: LayerBundle, options: Any = None) -> Any:
    """A folium map of the bundle."""
    import folium

    m = folium.Map(tiles=None, maxZoom=12, control_scale=True)
    _basemap(m)
    _shapes(m, bundle.admin0, "code", "#f5cba7", 0.35)
    _shapes(m, bundle.regions, "name", "#b7950b", 0.08)
    if _has(bundle.relations):
        for row in bundle.relations.itertuples():
            points = [(lat, lon) for lon, lat in row.geometry.coords]
            folium.PolyLine(points, color=_RELATION_COLOURS.get(str(row.kind), "#555"),
                            weight=2, dash_array="6 4",
                            tooltip=f"{row.source} → {row.target}: {row.kind}").add_to(m)
    if _has(bundle.events):
        for event in bundle.events.itertuples():
            _add_event(m, event)
    title = folium.Element(f"<div style='position:fixed;top:10px;left:60px;z-index:999;"
                           f"background:white;padding:6px 10px;font:bold 16px sans-serif'>"
                           f"{bundle.title}</div>")
    m.get_root().html.add_child(title)  # type: ignore[attr-defined]
    if bundle.bounds:
        south, west, north, east = bundle.bounds
        m.fit_bounds([(south, west), (north, east)])
    return m


def _has(frame: Any) -> bool:
    return frame is not None and len(frame) > 0


def _basemap(m: Any) -> None:
    try:
        from geomap.render.basemap import add_basemap
    except ImportError:
        return
    add_basemap(m)


def _shapes(m: Any, frame: Any, label: str, colour: str, opacity: float) -> None:
    import folium

    if not _has(frame) or label not in frame.columns:
        return
    shapes = frame[[label, "geometry"]].copy()
    shapes[label] = shapes[label].astype(str)
    folium.GeoJson(shapes.to_json(), style_function=lambda _: {
        "color": colour, "weight": 1, "fillColor": colour, "fillOpacity": opacity},
        tooltip=folium.GeoJsonTooltip([label])).add_to(m)


def _add_event(m: Any, event: Any) -> None:
    import folium

    colour = _TYPE_COLOURS.get(event.event_type, "#555")
    popup = f"{event.event_date} — {event.event_type}<br>{event.location}"
    if int(event.geo_precision) > 2:
        folium.Circle((event.latitude, event.longitude), radius=150_000, color=colour,
                      fill=True, fill_opacity=0.15, popup=popup).add_to(m)
    else:
        folium.CircleMarker((event.latitude, event.longitude), radius=7, color=colour,
                            fill=True, fill_opacity=0.9, popup=popup).add_to(m)
