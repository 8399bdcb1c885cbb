"""Small boundary frames and events made in code (asymmetric: lon != lat everywhere)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def small_admin0() -> Any:
    """Two countries side by side: AA (lon 0..2) and BB (lon 2..4), lat 10..13."""
    import geopandas as gpd
    import shapely

    return gpd.GeoDataFrame(
        {"iso_a2": ["BB", "AA"], "iso_a3": ["BBB", "AAA"], "name": ["Beeland", "Aland"]},
        geometry=[shapely.box(2, 10, 4, 13), shapely.box(0, 10, 2, 13)],
        crs="EPSG:4326",
    )


@pytest.fixture(scope="session")
def small_admin1() -> Any:
    """AA-1 (lon 0..1), AA-2 (lon 1..2), BB-1 (lon 2..4), lat 10..13."""
    import geopandas as gpd
    import shapely

    return gpd.GeoDataFrame(
        {
            "iso_3166_2": ["AA-2", "AA-1", "BB-1"],
            "gn_a1_code": ["AA.02", "AA.01", "BB.01"],
            "iso_a2": ["AA", "AA", "BB"],
            "name": ["East Aland", "West Aland", "Beeland"],
        },
        geometry=[shapely.box(1, 10, 2, 13), shapely.box(0, 10, 1, 13), shapely.box(2, 10, 4, 13)],
        crs="EPSG:4326",
    )


def make_events(rows: list[dict[str, Any]]) -> Any:
    """An events GeoDataFrame from partial rows (defaults for the rest)."""
    import pandas as pd

    from geomap.layers.events import events_frame

    defaults = {"event_type": "Battles", "fatalities": 0, "event_date": "2024-01-15",
                "geo_precision": 1, "iso": None, "dataset": "acled"}
    table = pd.DataFrame([{**defaults, "event_id": f"E{i}", **row} for i, row in enumerate(rows)])
    return events_frame(table)
