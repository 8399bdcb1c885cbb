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
from collections.abc import Sequence

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


#: Rounded class bounds: 1, 2, 2.5 and 5 times a power of ten.
_NICE_STEPS = (1.0, 2.0, 2.5, 5.0)


def class_breaks(counts: Sequence[int], classes: int = 6) -> list[int]:
    """Lower bounds of at most ``classes`` choropleth classes, none of them empty.

    The first class starts at 1; the others at quantiles of the positive counts (and the
    largest count, so an outlier gets a class of its own), rounded down to 1, 2, 2.5 or 5
    times a power of ten (legends read "1", "2–4", "5–19", "20+"). A class that no count
    falls in is merged into its neighbour: the legend never shows an empty class.

    Examples
    --------
    >>> class_breaks([1, 1, 2, 3, 7, 40, 800, 2900], 5)
    [1, 2, 5, 500, 2500]
    """
    positive = sorted(int(v) for v in counts if v > 0)
    if not positive:
        return [1]
    bounds = {1, _round_down(positive[-1])}
    for k in range(1, classes - 1):
        bounds.add(_round_down(positive[len(positive) * k // (classes - 1)]))
    breaks = sorted(bounds)
    kept = [low for low, high in zip(breaks, [*breaks[1:], None], strict=True)
            if any(low <= v and (high is None or v < high) for v in positive)]
    return [1, *kept[1:]]


def _round_down(value: int) -> int:
    """The largest whole 1/2/2.5/5 x 10^n that is at most ``value`` (an integer >= 1)."""
    magnitude = 10 ** (len(str(max(int(value), 1))) - 1)
    steps = [step * magnitude for step in _NICE_STEPS
             if step * magnitude <= value and float(step * magnitude).is_integer()]
    return int(max(steps))
