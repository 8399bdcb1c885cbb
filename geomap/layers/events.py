"""The events layer: an events table as a GeoDataFrame of points in EPSG:4326.

Every event gets a Point at ``(longitude, latitude)``, coarse ones included: the
coordinates of a coarse event are an area's centroid, and ``geo_precision`` tells the
renderer and the aggregates how to treat it (see :mod:`geomap.layers.attach`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from geomap.errors import InputError
from geomap.model import EVENT_COLUMNS
from geomap.sources import empty_table

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

logger = logging.getLogger(__name__)

#: The coordinate reference system of every layer.
CRS = "EPSG:4326"


def empty_events() -> gpd.GeoDataFrame:
    """An events GeoDataFrame with no rows: the columns and dtypes of a non-empty one."""
    return events_frame(empty_table(""))


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

    missing = [c for c in ("latitude", "longitude") if c not in frame.columns]
    if missing:
        raise InputError(
            f"expected an events table with latitude and longitude, got columns "
            f"{list(frame.columns)!r}",
            field=missing[0],
            hint="Read the file with geomap.sources.read.read_events first.",
        )
    table = frame.reset_index(drop=True)
    columns = {name: _column(table, name) for name in EVENT_COLUMNS}
    _normalise_types(columns)
    columns |= {name: table[name] for name in table.columns if name not in columns}
    columns.pop("geometry", None)
    points = gpd.points_from_xy(columns["longitude"], columns["latitude"], crs=CRS)
    # copy=False: one block per column, no consolidation copies of a million rows.
    data = pd.DataFrame(columns, copy=False)
    return gpd.GeoDataFrame(data, geometry=points, crs=CRS, copy=False)


def _column(table: pd.DataFrame, name: str) -> pd.Series:
    import numpy as np
    import pandas as pd

    if name in table.columns:
        return table[name]
    return pd.Series(np.full(len(table), None, dtype=object), index=table.index, name=name)


def _normalise_types(columns: dict[str, pd.Series]) -> None:
    """Dates to datetime64, precisions and fatalities to numbers (in place)."""
    import pandas as pd

    for name in ("event_date", "date_end"):
        if not pd.api.types.is_datetime64_any_dtype(columns[name]):
            columns[name] = pd.to_datetime(columns[name], errors="coerce")
    for name in ("geo_precision", "time_precision"):
        values = pd.to_numeric(columns[name], errors="coerce")
        columns[name] = values.fillna(1).astype("int8")
    for name in ("latitude", "longitude"):
        columns[name] = pd.to_numeric(columns[name], errors="coerce").astype("float64")
    columns["fatalities"] = pd.to_numeric(columns["fatalities"], errors="coerce")
