"""Town names and points around a map, from the packaged gazetteer.

The page uses them twice: as the basemap's place labels (capitals and large towns first,
smaller ones as the reader zooms in) and as places its search box finds. Only the towns of
the map's extent travel, the largest first, so a map of the Sahel carries a few thousand
names (tens of kB), not the world's.
"""

from __future__ import annotations

import logging
from typing import Any

from geomap.errors import GeomapError
from geomap.geocoding.gazetteer import Gazetteer

logger = logging.getLogger(__name__)

#: Most towns a page carries.
MAX_PLACES = 2500
#: Degrees added around the map's bounds (towns just outside the frame still give bearings).
MARGIN = 1.0
#: Population at or above which a town gets each rank (rank 0: a capital).
RANK_POPULATION = (1_000_000, 250_000, 50_000, 10_000)
COORDINATE_SCALE = 100  # 0.01 degree (~1 km): enough for a label


def place_points(bounds: tuple[float, float, float, float] | None,
                 limit: int = MAX_PLACES) -> dict[str, Any]:
    """The populated places in ``bounds`` as compact columns for the page.

    Parameters
    ----------
    bounds
        ``(south, west, north, east)`` of the map; ``None`` gives no places.
    limit
        Keep the ``limit`` most populous (capitals always first).

    Returns
    -------
    dict
        ``names``, ``y``/``x`` (degrees times ``scale``), ``rank`` (0 capital, then 1-5 by
        population) and ``scale``; empty lists when the gazetteer cannot be opened (logged).
    """
    empty: dict[str, Any] = {"names": [], "y": [], "x": [], "rank": [],
                             "scale": COORDINATE_SCALE}
    if bounds is None:
        return empty
    try:
        base = Gazetteer.default().base
    except (GeomapError, OSError) as err:
        logger.warning("no place labels or town search on this map: gazetteer: %s", err)
        return empty
    chosen, ranks = _chosen(base, bounds, limit)
    return {
        "names": [base.name(int(i)) for i in chosen],
        "y": _scaled(base.arrays["lat"][chosen]),
        "x": _scaled(base.arrays["lon"][chosen]),
        "rank": ranks.tolist(),
        "scale": COORDINATE_SCALE,
    }


def _chosen(base: Any, bounds: tuple[float, float, float, float], limit: int) -> Any:
    """Indices of the kept towns, largest first, and their ranks."""
    import numpy as np

    south, west, north, east = bounds
    lat, lon = base.arrays["lat"], base.arrays["lon"]
    inside = ((base.arrays["kind"] == 0) & (lat >= south - MARGIN) & (lat <= north + MARGIN)
              & (lon >= west - MARGIN) & (lon <= east + MARGIN))
    found = np.flatnonzero(inside)
    population = base.arrays["population"][found]
    ranks = _ranks(population)
    capitals = {int(i) for i in base.meta.get("capitals", {}).values()}
    ranks[np.isin(found, list(capitals))] = 0
    order = np.lexsort((-population, ranks))[:limit]
    return found[order], ranks[order]


def _ranks(population: Any) -> Any:
    """1 for a million or more, then 2, 3, 4 down the thresholds, 5 below the last."""
    import numpy as np

    ranks = np.full(len(population), len(RANK_POPULATION) + 1, dtype=np.int64)
    for rank, threshold in reversed(list(enumerate(RANK_POPULATION, start=1))):
        ranks[population >= threshold] = rank
    return ranks


def _scaled(values: Any) -> list[int]:
    import numpy as np

    return np.rint(np.asarray(values, dtype=float) * COORDINATE_SCALE).astype("int64").tolist()
