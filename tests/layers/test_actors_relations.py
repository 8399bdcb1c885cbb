from __future__ import annotations

from datetime import date

import pytest

from geomap.layers.actors import actor_layer, actor_mentions
from geomap.layers.attach import attach_events
from geomap.layers.relations import relation_layer
from geomap.model import Actor, Place, PlaceKind, Relation, RelationKind
from tests.layers.conftest import make_events

PLACES = {
    "capital": Place("Capital", lat=12.6, lon=0.4, kind=PlaceKind.POPULATED_PLACE, id="capital"),
    "camp": Place("Camp", lat=10.9, lon=3.7, id="camp"),
}
ACTORS = {
    "army": Actor("army", "Aland Army", aliases=("AA Forces",), place="capital",
                  country_code="AA"),
    "rebels": Actor("rebels", "Bee Rebels", place="camp"),
    "spokesman": Actor("spokesman", "A. Spokesman", affiliation="army"),
    "ghost": Actor("ghost", "Nobody"),
}


@pytest.fixture()
def events(small_admin0, small_admin1):
    rows = [
        {"longitude": 0.3, "latitude": 11.7, "actor1": "Aland Army", "actor2": "Bee Rebels",
         "event_date": "2024-01-05"},
        {"longitude": 3.3, "latitude": 10.6, "actor1": "Bee Rebels",
         "assoc_actor_1": "Local militia; aa forces", "event_date": "2024-03-02"},
        {"longitude": 3.4, "latitude": 10.7, "actor1": "Bee Rebels", "event_date": "2024-02-01"},
    ]
    return attach_events(make_events(rows), small_admin0, small_admin1)


def test_mentions_split_associated_actors(events):
    mentions = actor_mentions(events)
    assert set(mentions.loc[mentions["row"] == 1, "name"]) == {
        "Bee Rebels", "Local militia", "aa forces"}


def test_actor_layer_homes_and_footprints(events):
    layer = actor_layer(events, ACTORS, PLACES).set_index("id")
    assert "ghost" not in layer.index  # no place, no events
    army = layer.loc["army"]
    assert (army.geometry.x, army.geometry.y) == (0.4, 12.6)
    assert army["events"] == 2  # by name and by alias, case-insensitive
    assert army["footprint"] == "AA-1;BB-1"
    rebels = layer.loc["rebels"]
    assert rebels["footprint"] == "BB-1;AA-1"  # most events first
    assert rebels["footprint_counts"] == "BB-1:2;AA-1:1"
    assert str(rebels["first_date"].date()) == "2024-01-05"
    assert str(rebels["last_date"].date()) == "2024-03-02"
    spokesman = layer.loc["spokesman"]
    assert spokesman["home_kind"] == "affiliation"
    assert spokesman.geometry.y == 12.6


def test_actor_layer_from_events_alone(events):
    layer = actor_layer(events).set_index("name")
    assert layer.loc["Bee Rebels", "events"] == 3
    assert layer.loc["Bee Rebels", "home_kind"] == "events"
    assert layer.loc["Bee Rebels"].geometry.x == pytest.approx(3.3)
    assert layer.loc["Bee Rebels"].geometry.y == pytest.approx(10.7)


def test_relation_lines_run_from_source_to_target(events, caplog):
    actors = actor_layer(events, ACTORS, PLACES)
    relations = [
        Relation("army", "rebels", RelationKind.ATTACK, date=date(2024, 1, 5),
                 sources=("s1", "s2"), claimed_by="army"),
        Relation("ghost", "army", RelationKind.SUPPORT),
    ]
    layer = relation_layer(relations, actors)
    assert len(layer) == 1  # the ghost has no home
    # the warning names the actor without a home and what to give it
    assert "actor 'ghost' has no home place (give it a `place`" in caplog.text
    line = layer.geometry.iloc[0]
    assert list(line.coords) == [(0.4, 12.6), (3.7, 10.9)]
    row = layer.iloc[0]
    assert (row["kind"], row["sources"], row["claimed_by"]) == ("attack", "s1;s2", "army")
    assert str(row["date"].date()) == "2024-01-05"
    assert row["source_name"] == "Aland Army"


def test_an_actor_placed_only_by_province_has_its_home_there(small_admin0, small_admin1):
    """A story that places an armed group only in a province ("M23 rebels seized a town
    in South Kivu") gave it no home, so the relation to it was not drawn; its events'
    province points make one now. Events known only to a country still make none."""
    rows = [
        {"longitude": 3.3, "latitude": 10.6, "actor1": "Bee Rebels", "geo_precision": 4},
        {"longitude": 3.5, "latitude": 10.8, "actor1": "Bee Rebels", "geo_precision": 4},
        {"longitude": 0.3, "latitude": 11.7, "actor1": "Cee Front", "geo_precision": 6},
    ]
    events = attach_events(make_events(rows), small_admin0, small_admin1)
    layer = actor_layer(events).set_index("name")
    rebels = layer.loc["Bee Rebels"]
    assert rebels["home_kind"] == "events"
    assert (rebels.geometry.x, rebels.geometry.y) == pytest.approx((3.4, 10.7))
    assert "Cee Front" not in layer.index
