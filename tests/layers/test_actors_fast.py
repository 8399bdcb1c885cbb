"""The actors layer groups rows per actor once: homes and counts as the plain definition.

The plain definition, computed here row by row: an actor drawn from event data alone
lives at the median of the points (precision NEAR or finer, else province or finer) of
the events that name it, and counts the events that name it, by any actor column,
``;``-separated names included.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.layers.actors import ACTOR_COLUMNS, actor_layer
from tests.layers.conftest import make_events

NAMES = ["Army", "Rebels", "Militia", "Police", "Protesters"]

event_rows = st.lists(st.fixed_dictionaries({
    "actor1": st.sampled_from(NAMES),
    "actor2": st.sampled_from(["", *NAMES]),
    "assoc_actor_1": st.sampled_from(["", "Militia; Police", " Army ;Rebels"]),
    "geo_precision": st.sampled_from([1, 2, 3, 4]),
    "longitude": st.floats(-10, 40, allow_nan=False).map(lambda v: round(v, 3)),
    "latitude": st.floats(5, 50, allow_nan=False).map(lambda v: round(v, 3)),
}), min_size=1, max_size=40)


def named_in(row: dict, name: str) -> bool:
    return any(name == part.strip() for column in ACTOR_COLUMNS
               for part in str(row.get(column) or "").split(";"))


@settings(max_examples=60, deadline=None)
@given(rows=event_rows)
def test_actor_homes_and_counts_match_the_row_by_row_definition(rows: list[dict]) -> None:
    layer = actor_layer(make_events(rows)).set_index("name")
    for name in NAMES:
        mine = [r for r in rows if named_in(r, name)]
        located = [r for r in mine if r["geo_precision"] <= 2] or [
            r for r in mine if r["geo_precision"] <= 4]
        if not located:
            assert name not in layer.index
            continue
        actor = layer.loc[name]
        assert actor["events"] == len(mine)
        assert actor.geometry.x == float(np.median([r["longitude"] for r in located]))
        assert actor.geometry.y == float(np.median([r["latitude"] for r in located]))


region_rows = st.lists(st.fixed_dictionaries({
    "actor1": st.sampled_from(NAMES[:3]),
    "assoc_actor_1": st.sampled_from(["", "Police"]),
    "admin1_code": st.sampled_from(["", None, "AA-1", "BB-2"]),
    "admin0_code": st.sampled_from(["", None, "AA", "BB"]),
    "longitude": st.just(1.5), "latitude": st.just(12.5),
}), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(rows=region_rows, categorical=st.booleans())
def test_footprints_match_the_row_by_row_definition(rows: list[dict], categorical: bool) -> None:
    # An event's region is its province, else its country; events with neither are
    # counted but in no region. Codes as text or as Categoricals (attach_events's).
    events = make_events(rows)
    if categorical:
        events = events.astype({"admin1_code": "category", "admin0_code": "category"})
    layer = actor_layer(events).set_index("name")
    for name in NAMES[:4]:
        counts: dict[str, int] = {}
        for row in (r for r in rows if named_in(r, name)):
            region = row["admin1_code"] or row["admin0_code"] or ""
            if region:
                counts[region] = counts.get(region, 0) + 1
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if name in layer.index:
            assert layer.loc[name, "footprint_counts"] == ";".join(f"{c}:{n}" for c, n in ordered)
            assert layer.loc[name, "footprint"] == ";".join(code for code, _ in ordered)


def test_names_with_one_id_count_as_one_actor() -> None:
    # "Army" and "army" make the same id: one actor, counting the events of both names
    events = make_events([{"actor1": "Army", "longitude": 1.0, "latitude": 12.0},
                          {"actor1": "army", "longitude": 3.0, "latitude": 14.0},
                          {"actor1": "Rebels", "actor2": "Army", "longitude": 5.0,
                           "latitude": 16.0}])
    layer = actor_layer(events).set_index("id")
    assert sorted(layer.index) == ["army", "rebels"]
    assert layer.loc["army", "events"] == 3
