"""Render a :class:`~geomap.layers.bundle.LayerBundle` as an interactive folium map.

Everything the map shows is drawn in the browser by geomap's own small library from one
compact JSON payload, so a map costs tens of bytes per event whatever its size, and data
never becomes markup: popups and tooltips are built with ``textContent``.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING, Any

import folium

from geomap.errors import ConfigError, RenderError
from geomap.layers.aggregate import type_slug
from geomap.layers.build import credit_places
from geomap.precision import Precision
from geomap.render import assets, vectors
from geomap.render.basemap import add_basemap
from geomap.render.elements import GeomapLayers
from geomap.render.options import RenderOptions
from geomap.render.page import MapPage
from geomap.render.payload import display_types, encode_events, present_types
from geomap.render.places import place_points
from geomap.render.scale import choose_mode, class_breaks
from geomap.render.styles import event_type_names, load_styles, type_styles
from geomap.render.timefilter import TimeFilter

if TYPE_CHECKING:
    from geomap.layers.bundle import LayerBundle

logger = logging.getLogger(__name__)

MAX_ZOOM = 18
FALLBACK_TILES = "OpenStreetMap.Mapnik"


def render_map(bundle: LayerBundle, options: RenderOptions | None = None) -> folium.Map:
    """Draw every layer of ``bundle`` on a new folium map.

    Parameters
    ----------
    bundle
        The layers (events, admin-1/admin-0 aggregates, regions, actors, relations),
        title, sources, attributions and bounds of one map.
    options
        Tiles, drawing modes, time filter and size; defaults to ``RenderOptions()``.

    Returns
    -------
    folium.Map
        A map that displays in Jupyter, saves with ``.save()`` or goes through
        :mod:`geomap.render.output` for pages and fragments. Its figure is a
        :class:`~geomap.render.page.MapPage` that carries the options' decisions about
        the page: offline (inlined assets, vector basemap) or online, and the id prefix.

    Raises
    ------
    ConfigError
        If ``options.tiles`` is not an xyzservices provider name.
    RenderError
        If the events layer lacks coordinates.

    Examples
    --------
    >>> m = render_map(bundle, RenderOptions(modes={"events": "cluster"}))  # doctest: +SKIP
    >>> m.save("map.html")  # doctest: +SKIP
    """
    options = options or RenderOptions()
    fmap = _base_map(bundle, options)
    title = options.title or bundle.title or None
    MapPage(offline=options.offline, title=title, id_prefix=options.element_id_prefix,
            fragment_height=options.fragment_height).add_child(fmap)
    payload = build_payload(bundle, options)
    fmap.add_child(GeomapLayers(payload), name="geomap_layers")
    events = payload.get("events")
    if options.time_filter and events and events["n"] and any(d is not None for d in events["d"]):
        first, last = _day_range(events)
        fmap.add_child(TimeFilter(first, last, _step_days(last - first)), name="geomap_time")
    if options.offline or options.tiles is None:
        add_basemap(fmap)
    return fmap


def _base_map(bundle: LayerBundle, options: RenderOptions) -> folium.Map:
    tiles = None if options.offline or options.tiles is None else _tile_provider(options.tiles)
    center, zoom = _opening_view(_bounds(bundle))
    fmap = folium.Map(
        location=center,
        zoom_start=zoom,
        tiles=tiles,
        width=options.width,
        height=options.height,
        max_zoom=MAX_ZOOM,
        control_scale=True,
        zoom_control=True,
    )
    # geomap draws with Leaflet alone: declared on this map, folium's class lists untouched
    fmap.default_js = assets.links("leaflet_js")
    fmap.default_css = assets.links("leaflet_css")
    return fmap


def _tile_provider(name: str) -> Any:
    import xyzservices

    try:
        provider = xyzservices.providers.query_name(name)
    except ValueError as err:
        raise ConfigError(
            f"expected an xyzservices tile provider name such as 'CartoDB.Positron' or "
            f"'OpenStreetMap.Mapnik', got {name!r}; use --offline for no tiles"
        ) from err
    if provider.requires_token():
        # a provider that needs a key we do not have would give a map without a basemap
        logger.warning("tile provider %s needs an API key; using %s instead", name, FALLBACK_TILES)
        provider = xyzservices.providers.query_name(FALLBACK_TILES)
    return provider


def _bounds(bundle: LayerBundle) -> tuple[float, float, float, float] | None:
    """``(south, west, north, east)``: the bundle's bounds, else its events' extent."""
    if bundle.bounds is not None:
        south, west, north, east = (float(v) for v in bundle.bounds)
        return south, west, north, east
    if bundle.events is not None and len(bundle.events):
        west, south, east, north = (float(v) for v in bundle.events.total_bounds)
        if all(math.isfinite(v) for v in (west, south, east, north)):
            return south, west, north, east
    return None


def _opening_view(
    bounds: tuple[float, float, float, float] | None,
    size: tuple[int, int] = (1280, 800),
) -> tuple[list[float], int]:
    """Centre and zoom that show ``bounds`` in a map of about ``size`` pixels.

    The page still fits the bounds to the real size; starting close to it avoids a long
    zoom animation (and a wasted first drawing of big layers) when the page opens.
    """
    if bounds is None:
        return [0.0, 0.0], 2
    south, west, north, east = bounds

    def mercator_y(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)

    width = max((east - west) / 360.0, 1e-9)
    height = max(mercator_y(north) - mercator_y(south), 1e-9)
    zoom = math.floor(min(math.log2(size[0] / 256 / width), math.log2(size[1] / 256 / height)))
    return [(south + north) / 2, (west + east) / 2], max(1, min(zoom, MAX_ZOOM))


def _frame_corners(bounds: tuple[float, float, float, float] | None
                   ) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` (Leaflet's order), or None."""
    if bounds is None:
        return None
    south, west, north, east = bounds
    return [[south, west], [north, east]]


def _day_range(events: dict[str, Any]) -> tuple[int, int]:
    import numpy as np

    def days(key: str) -> Any:  # unknown days (None) as NaN
        values = events.get(key)
        return np.zeros(events["n"]) if values is None else np.array(values, dtype=float)

    day = days("d")
    starts, ends = day - days("lo"), day + days("hi")
    return events["base"] + int(np.nanmin(starts)), events["base"] + int(np.nanmax(ends))


def _step_days(span: int) -> int:
    """Play-control step: about 60 steps over the whole range, at least a day."""
    return max(1, round(span / 60))


def build_payload(bundle: LayerBundle, options: RenderOptions) -> dict[str, Any]:
    """Everything the browser draws, as JSON-serialisable data.

    Raises
    ------
    RenderError
        If the events layer lacks latitude/longitude columns.
    """
    events = bundle.events if bundle.events is not None and len(bundle.events) else None
    if events is not None:
        _check_events(events)
    types = type_styles(_type_names(bundle, events))
    type_columns = [f"n_{type_slug(entry['name'])}" for entry in types]
    admin1 = vectors.admin_features(bundle.admin1, type_columns)
    admin0 = vectors.admin_features(bundle.admin0, type_columns)
    places = place_points(_bounds(bundle))
    payload: dict[str, Any] = {
        "title": options.title or bundle.title or "",
        "subtitle": bundle.subtitle or "",
        "notes": [str(note) for note in bundle.notes],
        "styles": _browser_styles(),
        "types": types,
        "datasets": _datasets(events),
        "precisionLabels": {int(p): p.label for p in Precision},
        "admin1": admin1,
        "admin0": admin0,
        **scenario_features(bundle),
        "attributions": vectors.attribution_entries(credit_places(bundle.attributions, places)),
        "thresholds": {"unclusteredInView": options.thresholds.unclustered_in_view},
        "places": places,
        # the page fits it again once its controls are in place, clear of them
        "frame": _frame_corners(_bounds(bundle)),
        # the vector basemap has no names: the page labels towns (tiles carry their own)
        "placeLabels": options.offline or options.tiles is None,
        "events": None,
    }
    if events is not None:
        payload["events"] = _events_payload(bundle, events, options, payload)
    classes = len(payload["styles"]["choropleth"]["colors"])
    payload["choropleth"] = {"breaks": class_breaks(_province_counts(payload), classes)}
    return payload


def scenario_features(bundle: LayerBundle) -> dict[str, list[Any]]:
    """The layers a story adds to its events, as the page draws them: the countries in
    focus (``highlight``, ISO2 codes), and as GeoJSON features named ``regions``,
    ``actors``' home places and ``footprints``, ``relations`` (the single page's payload
    and a published site's ``layers.json``)."""
    return {
        "highlight": [str(code).upper() for code in bundle.highlight_countries],
        "regions": vectors.region_features(bundle.regions),
        "actors": vectors.actor_features(bundle.actors),
        "footprints": vectors.footprint_features(bundle.actors, _areas(bundle)),
        "relations": vectors.relation_features(bundle.relations, bundle.sources),
    }


def _events_payload(bundle: LayerBundle, events: Any, options: RenderOptions,
                    payload: dict[str, Any]) -> dict[str, Any]:
    admin1_index = {f["properties"]["code"]: i for i, f in enumerate(payload["admin1"])}
    admin0_index = {f["properties"]["code"]: i for i, f in enumerate(payload["admin0"])}
    notes = options.notes_shown(len(events))
    data = encode_events(events, bundle.sources, admin1_index, admin0_index, notes,
                         type_names=[entry["name"] for entry in payload["types"]],
                         files=bundle.event_files)
    data["mode"] = choose_mode("events", len(events), options)
    if not notes and _has_notes(events):
        payload["notes"].append(NOTES_OMITTED.format(count=len(events)))
    return data


def _type_names(bundle: LayerBundle, events: Any) -> list[str]:
    """The map's event types: those of its events, else those its areas count."""
    if events is not None:
        return present_types(display_types(events))
    frame = bundle.admin1 if bundle.admin1 is not None else bundle.admin0
    if frame is None:
        return []
    return [name for name in event_type_names()
            if f"n_{type_slug(name)}" in frame and frame[f"n_{type_slug(name)}"].sum() > 0]


def _datasets(events: Any) -> list[str]:
    """The datasets the events come from (``acled``, ``ucdp``, ``scenario``...)."""
    if events is None or "dataset" not in events:
        return []
    return sorted({str(name) for name in events["dataset"].dropna().unique() if str(name)})


def _province_counts(payload: dict[str, Any]) -> list[int]:
    """Events per admin-1 area, counted as the page counts them over the whole period."""
    import numpy as np

    events = payload["events"]
    if events is None:
        return [int(f["properties"]["events"]) for f in payload["admin1"]]
    r1, precision = np.asarray(events["r1"]), np.asarray(events["p"])
    placed = (r1 >= 0) & ~np.isin(precision, AREA_PRECISIONS)
    return np.bincount(r1[placed], minlength=len(payload["admin1"])).tolist()


#: Precisions never drawn as points nor counted in a province (the page's AREA_PRECISIONS).
AREA_PRECISIONS = (int(Precision.COUNTRY), int(Precision.MULTINATIONAL))


#: Caveat shown in the title block when a big map leaves the notes out (level of detail).
NOTES_OMITTED = ("Notes omitted at this scale: {count:,} events; export layers "
                 "(geomap layers) for full text.")


def _has_notes(events: Any) -> bool:
    return "notes" in events and bool(events["notes"].notna().any())


def _check_events(events: Any) -> None:
    missing = [c for c in ("latitude", "longitude", "event_type") if c not in events]
    if missing:
        raise RenderError(
            f"expected an events layer with columns latitude, longitude and event_type, "
            f"got columns {list(events.columns)!r} (missing {missing!r}); build it with "
            "geomap.layers"
        )


def _areas(bundle: LayerBundle) -> dict[str, Any]:
    """Admin-1 and admin-0 geometries by code, for actor footprints."""
    areas: dict[str, Any] = {}
    for frame in (bundle.admin0, bundle.admin1):
        if frame is not None and "code" in frame:
            areas.update(zip(frame["code"].astype(str), frame.geometry, strict=True))
    return areas


def _browser_styles() -> dict[str, Any]:
    """The part of styles.yaml the browser needs, with precision styles keyed by code."""
    styles = dict(load_styles())
    styles["precision"] = {
        int(Precision[name]): style for name, style in styles["precision"].items()
    }
    return styles
