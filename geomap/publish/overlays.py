"""A story's own layers on a published site: named regions, actors and relations.

A scenario (``geomap build --example``'s YAML) draws more than its events on the single
page: its countries in focus, the named regions it names, its actors' home places and
footprints, and the relations between them. They are small (tens of features), so a
site writes them whole as ``layers.json`` beside the tiles, made by the single page's own functions
(:func:`geomap.layers.build.build_layers`, then
:func:`geomap.render.map.scenario_features`), and the page draws them with the single
page's own scripts.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from geomap.layers.build import build_layers
from geomap.render.map import scenario_features
from geomap.sources.report import ReadResult

logger = logging.getLogger(__name__)

#: The layers a site's ``layers.json`` holds: the countries in focus (ISO2 codes: the page
#: shades their outlines from ``basemap.geojson``), then lists of GeoJSON features.
LAYER_KEYS = ("highlight", "regions", "actors", "footprints", "relations")


def story_layers(result: ReadResult) -> dict[str, Any] | None:
    """The layers of the scenario ``result`` was read from (its title, subtitle and
    features as :func:`geomap.render.map.scenario_features` gives them), or None when it
    is not a scenario's.

    The actors' events, dates and footprints count the scenario's own events (as a single
    page made from the scenario alone).
    """
    if result.scenario is None:
        return None
    bundle = build_layers([result])
    return {"title": bundle.title, "subtitle": bundle.subtitle or "",
            **scenario_features(bundle)}


def site_layers(found: Sequence[dict[str, Any] | None],
                datasets: Sequence[str]) -> dict[str, Any]:
    """``layers.json``: the first scenario's layers among ``found`` (one per piece, in
    source order; empty lists when there is none) and the ``datasets`` of the site's
    events (the page shows actors' home places at first only without event data, as the
    single page does)."""
    stories = [layers for layers in found if layers is not None]
    if len(stories) > 1:
        logger.warning("%d scenarios among the sources: publishing the first one's layers",
                       len(stories))
    first = stories[0] if stories else {}
    return {"datasets": sorted(set(datasets)),
            **{key: first.get(key, []) for key in LAYER_KEYS}}
