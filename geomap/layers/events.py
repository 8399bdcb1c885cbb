"""The events layer: an events table as a GeoDataFrame of points in EPSG:4326.

Every event gets a Point at ``(longitude, latitude)``, coarse ones included: the
coordinates of a coarse event are an area's centroid, and ``geo_precision`` tells the
renderer and the aggregates how to treat it (see :mod:`geomap.layers.attach`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from geomap.model import EVENT_COLUMNS

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

logger = logging.getLogger(__name__)

#: The coordinate reference system of every layer.
CRS = "EPSG:4326"


def empty_events() -> gpd.GeoDataFrame:
    """An events GeoDataFrame with no rows and every ``EVENT_COLUMNS`` column."""
    import geopandas as gpd
    import pandas as pd

    frame = pd.DataFrame({name: pd.Series(dtype=object) for name in EVENT_COLUMNS})
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)


def events_frame(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Turn an events table (``EVENT_COLUMNS``) into a GeoDataFrame of points.

    Parameters
    ----------
    frame
        A reader's table; must hold ``latitude`` and ``longitude``. Missing
        ``EVENT_COLUMNS`` are added empty so every layer has the same schema.

    Returns
    -------
    geopandas.GeoDataFrame
        The same rows (index reset), ``geometry`` = Point(longitude, latitude), EPSG:4326.
        ``event_date``/``date_end`` become ``datetime64``; ``geo_precision`` an integer.

    Raises
    ------
    geomap.errors.InputError
        If ``latitude`` or ``longitude`` is missing.
    """
    import geopandas as gpd
    import pandas as pd

    from geomap.errors import InputError

    missing = [c for c in ("latitude", "longitude") if c not in frame.columns]
    if missing:
        raise InputError(
            f"expected an events table with latitude and longitude, got columns "
            f"{list(frame.columns)!r}",
            field=missing[0],
            hint="Read the file with geomap.sources.read.read_events first.",
        )
    table = frame.reset_index(drop=True).copy()
    for name in EVENT_COLUMNS:
        if name not in table.columns:
            table[name] = None
    _normalise_types(table)
    points = gpd.points_from_xy(
        pd.to_numeric(table["longitude"], errors="coerce"),
        pd.to_numeric(table["latitude"], errors="coerce"),
        crs=CRS,
    )
    return gpd.GeoDataFrame(table, geometry=points, crs=CRS)


def _normalise_types(table: pd.DataFrame) -> None:
    """Dates to datetime64, precisions and fatalities to numbers (in place)."""
    import pandas as pd

    for name in ("event_date", "date_end"):
        if not pd.api.types.is_datetime64_any_dtype(table[name]):
            table[name] = pd.to_datetime(table[name], errors="coerce")
    for name in ("geo_precision", "time_precision"):
        table[name] = pd.to_numeric(table[name], errors="coerce").fillna(1).astype("int8")
    for name in ("latitude", "longitude"):
        table[name] = pd.to_numeric(table[name], errors="coerce").astype("float64")
    table["fatalities"] = pd.to_numeric(table["fatalities"], errors="coerce")
