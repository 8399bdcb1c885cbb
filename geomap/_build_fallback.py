"""A minimal stand-in for the layer builder and the renderer, used only while
``geomap.layers.build`` or ``geomap.render.map`` are absent from a build.

It draws events as circles coloured by type (areas as translucent circles), the
scenario's relations as lines and its named regions as rough outlines. The real
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
# Rough outline (lon, lat) of the Sahel belt, approximate, for the fallback only.
_SAHEL = [(-17.5, 12.0), (38.0, 12.0), (38.0, 20.0), (-17.5, 20.0), (-17.5, 12.0)]


def fallback_layers(results: list[ReadResult], *, scenario: Scenario | None,
                    title: str) -> LayerBundle:
    """Events and relations as plain tables in a LayerBundle."""
    import pandas as pd

    frames = [r.frame for r in results if len(r.frame)]
    events = pd.concat(frames, ignore_index=True) if frames else None
    bundle = LayerBundle(title=title, events=events)
    if scenario is not None:
        bundle.subtitle = scenario.subtitle
        bundle.sources = dict(scenario.sources)
        bundle.highlight_countries = list(scenario.highlight)
        bundle.bounds = scenario.bounds
        bundle.relations = _relation_rows(scenario)
        bundle.regions = [r for r in scenario.regions if r == "sahel"]
    return bundle


def _relation_rows(scenario: Scenario) -> list[dict[str, Any]]:
    rows = []
    for relation in scenario.relations:
        start = scenario.actors[relation.source].place
        end = scenario.actors[relation.target].place
        if start and end and start != end:
            a, b = scenario.places[start], scenario.places[end]
            rows.append({"kind": str(relation.kind), "points": [(a.lat, a.lon), (b.lat, b.lon)],
                         "label": f"{relation.source} → {relation.target}: {relation.kind}"})
    return rows


def fallback_render(bundle: LayerBundle, options: Any = None) -> Any:
    """A folium map of the bundle."""
    import folium

    m = folium.Map(tiles=None, maxZoom=12, control_scale=True)
    if bundle.regions:
        folium.Polygon([(lat, lon) for lon, lat in _SAHEL], color="#b7950b", weight=1,
                       fill=True, fill_opacity=0.08, tooltip="Sahel (approximate)").add_to(m)
    for row in bundle.relations or []:
        folium.PolyLine(row["points"], color=_RELATION_COLOURS.get(row["kind"], "#555"),
                        weight=2, dash_array="6 4", tooltip=row["label"]).add_to(m)
    if bundle.events is not None:
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
