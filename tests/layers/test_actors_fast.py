"""The actors layer groups rows per actor once: homes and counts as the plain definition.

The plain definition, computed here row by row: an actor drawn from event data alone
lives at the median of the points (precision NEAR or finer) of the events that name it,
and counts the events that name it, by any actor column, ``;``-separated names included.
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
        located = [r for r in mine if r["geo_precision"] <= 2]
        if not located:
            assert name not in layer.index
            continue
        actor = layer.loc[name]
        assert actor["events"] == len(mine)
        assert actor.geometry.x == float(np.median([r["longitude"] for r in located]))
        assert actor.geometry.y == float(np.median([r["latitude"] for r in located]))
