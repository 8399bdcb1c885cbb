"""Pick how a layer is drawn from its feature count (level of detail).

Every mode draws from the same compact columnar data array in the browser, so no mode
creates one Python object per event:

``markers``     each event an SVG marker (crisp, inspectable; up to ~1,000 events)
``canvas``      each event drawn on one shared canvas (up to ~20,000 events)
``cluster``     events binned on a screen grid that refines as the reader zooms in; single
                events are drawn once few enough are in view (any size)
``heatmap``     a density surface, drawn on a canvas from the same grid
``choropleth``  no event points: only the admin-1 aggregates
"""

from __future__ import annotations

import logging

from geomap.render.options import RenderOptions

logger = logging.getLogger(__name__)


def choose_mode(layer: str, count: int, options: RenderOptions) -> str:
    """Return the drawing mode for ``layer`` with ``count`` features.

    An explicit mode in ``options.modes`` wins; ``"auto"`` picks by the thresholds in
    ``options.thresholds``.
    """
    requested = options.mode_for(layer)
    if requested != "auto":
        return requested
    limits = options.thresholds
    if count <= limits.markers:
        mode = "markers"
    elif count <= limits.canvas:
        mode = "canvas"
    else:
        mode = "cluster"
    logger.debug("layer %s: %d features -> %s", layer, count, mode)
    return mode
