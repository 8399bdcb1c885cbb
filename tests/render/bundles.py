"""Small hand-made LayerBundles for renderer tests (asymmetric coordinates: lat != lon)."""

from __future__ import annotations

from datetime import date
from typing import Any

from geomap.model import EVENT_COLUMNS, Event, Source
from geomap.precision import DatePrecision, Precision


def _square(west: float, south: float, east: float, north: float) -> Any:
    from shapely.geometry import box

    return box(west, south, east, north)


def make_events(extra: list[Event] | None = None) -> Any:
    """Events in Mali/Niger (lat ~14-17, lon ~-4..2) of every type and precision."""
    import geopandas as gpd
    import pandas as pd

    rows = [
        Event("MLI1", date(2024, 1, 5), "Battles", 16.27, -0.04, Precision.EXACT,
              sub_event_type="Armed clash", actor1="JNIM", actor2="Military Forces of Mali",
              location="Gao", admin1="Gao", country="Mali", iso="ML", fatalities=12,
              fatalities_claimed_by="JNIM", notes="Clash near the airport.",
              source="Reuters", source_url="https://example.org/a"),
        Event("MLI2", date(2024, 2, 10), "Explosions/Remote violence", 15.93, -1.3,
              Precision.NEAR, sub_event_type="Air/drone strike", actor1="Military Forces of Mali",
              location="Douentza", admin1="Mopti", country="Mali", iso="ML", fatalities=3),
        Event("MLI3", date(2024, 3, 15), "Violence against civilians", 14.5, -3.5,
              Precision.ADM1, time_precision=DatePrecision.MONTH, sub_event_type="Attack",
              actor1="Unidentified Armed Group", admin1="Mopti", country="Mali", iso="ML",
              fatalities=0),
        Event("MLI4", date(2024, 4, 2), "Protests", 12.65, -8.0, Precision.EXACT,
              sub_event_type="Peaceful protest", actor1="Protesters (Mali)", location="Bamako",
              admin1="Bamako", country="Mali", iso="ML", fatalities=0),
        Event("MLI5", date(2024, 5, 20), "Strategic developments", 17.0, -2.0, Precision.COUNTRY,
              sub_event_type="Agreement", actor1="Government of Mali", country="Mali", iso="ML"),
        Event("NER1", date(2024, 6, 1), "Riots", 13.51, 2.11, Precision.EXACT,
              sub_event_type="Violent demonstration", actor1="Rioters (Niger)", location="Niamey",
              admin1="Niamey", country="Niger", iso="NE", fatalities=1),
    ]
    rows.extend(extra or [])
    frame = pd.DataFrame([event.to_row() for event in rows], columns=list(EVENT_COLUMNS))
    codes = {"Gao": "ML-7", "Mopti": "ML-5", "Bamako": "ML-BKO", "Niamey": "NE-8"}
    frame["admin0_code"] = frame["iso"]
    frame["admin1_code"] = [
        codes.get(a, "") if p <= Precision.ADM1 else ""
        for a, p in zip(frame["admin1"], frame["geo_precision"], strict=True)
    ]
    return gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["longitude"], frame["latitude"]), crs=4326
    )


def make_admin1() -> Any:
    import geopandas as gpd

    rows = [
        ("ML-7", "Gao", "ML", _square(-2.5, 14.5, 4.0, 18.5), 1, 12),
        ("ML-5", "Mopti", "ML", _square(-5.5, 13.5, -2.5, 16.5), 2, 3),
        ("ML-BKO", "Bamako", "ML", _square(-8.1, 12.5, -7.9, 12.75), 1, 0),
        ("NE-8", "Niamey", "NE", _square(2.0, 13.4, 2.3, 13.6), 1, 1),
    ]
    return gpd.GeoDataFrame(
        {
            "code": [r[0] for r in rows], "name": [r[1] for r in rows],
            "country_code": [r[2] for r in rows], "events": [r[4] for r in rows],
            "fatalities": [r[5] for r in rows], "n_battles": [1, 0, 0, 0],
        },
        geometry=[r[3] for r in rows], crs=4326,
    )


def make_admin0() -> Any:
    import geopandas as gpd

    return gpd.GeoDataFrame(
        {"code": ["ML", "NE"], "name": ["Mali", "Niger"], "country_code": ["ML", "NE"],
         "events": [5, 1], "fatalities": [15, 1]},
        geometry=[_square(-12.0, 10.0, 4.2, 25.0), _square(0.2, 11.7, 16.0, 23.5)], crs=4326,
    )


def make_regions() -> Any:
    import geopandas as gpd

    return gpd.GeoDataFrame(
        {"id": ["sahel"], "name": ["Sahel"], "definition": ["Semi-arid belt, 12-20 N"],
         "source": ["test"], "approximate": [True]},
        geometry=[_square(-12.0, 12.0, 16.0, 20.0)], crs=4326,
    )


def make_actors() -> Any:
    import geopandas as gpd
    from shapely.geometry import Point

    return gpd.GeoDataFrame(
        {"id": ["jnim", "fama", "wagner"], "name": ["JNIM", "Military Forces of Mali", "Wagner"],
         "kind": ["armed_group", "armed_forces", "private_military_company"],
         "country_code": ["ML", "ML", "RU"], "events": [1, 2, 0],
         "first_date": [date(2024, 1, 5), date(2024, 1, 5), None],
         "last_date": [date(2024, 1, 5), date(2024, 2, 10), None],
         "footprint": ["ML-7", "ML-7;ML-5", ""]},
        geometry=[Point(-1.0, 16.8), Point(-8.0, 12.65), Point(-7.5, 12.3)], crs=4326,
    )


def make_relations() -> Any:
    import geopandas as gpd
    from shapely.geometry import LineString

    return gpd.GeoDataFrame(
        {"source": ["wagner", "jnim"], "target": ["fama", "fama"],
         "source_name": ["Wagner", "JNIM"], "target_name": ["Military Forces of Mali"] * 2,
         "kind": ["support", "hostility"], "date": [date(2023, 1, 1), None],
         "date_precision": [4, 1], "description": ["Deployed in support", ""],
         "sources": ["s1", ""], "claimed_by": [None, None]},
        geometry=[
            LineString([(-7.5, 12.3), (-8.0, 12.65)]),
            LineString([(-1.0, 16.8), (-8.0, 12.65)]),
        ],
        crs=4326,
    )


def make_bundle(events: Any = None, **changes: Any) -> Any:
    from geomap.layers.bundle import LayerBundle

    bundle = LayerBundle(
        title="Mali and Niger, 2024",
        subtitle="Test events",
        events=make_events() if events is None else events,
        admin1=make_admin1(),
        admin0=make_admin0(),
        regions=make_regions(),
        actors=make_actors(),
        relations=make_relations(),
        highlight_countries=["ML"],
        sources={"s1": Source("s1", "Example report", url="https://example.org/report")},
        attributions=["ACLED", "Natural Earth", "GeoNames (CC BY 4.0)"],
        bounds=(10.0, -12.0, 20.0, 5.0),
        notes=["Test data only."],
    )
    for key, value in changes.items():
        setattr(bundle, key, value)
    return bundle
