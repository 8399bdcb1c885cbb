"""A state actor's home is its capital (issue 14, actors' home places): a state, its
government, forces and agencies given no place finer than their country sit at the capital,
never at the country's centroid or representative point; other actors keep their own place,
their affiliation's home or their events."""

from __future__ import annotations

from pathlib import Path

import pytest

import geomap
from geomap.layers.actors import actor_layer
from geomap.model import Actor, ActorKind, Place, PlaceKind
from geomap.precision import Precision
from geomap.sources.scenario import load_scenario

# Asymmetric coordinates (lon != lat) so that a swap fails.
CAPITALS = {"AA": Place("Aville", lat=12.5, lon=0.25, kind=PlaceKind.POPULATED_PLACE)}
PLACES = {
    "aland": Place("Aland", lat=11.5, lon=1.0, kind=PlaceKind.COUNTRY,
                   precision=Precision.COUNTRY, country_code="AA", id="aland"),
    "camp": Place("Camp", lat=10.9, lon=3.7, id="camp"),
}


def _homes(actors: list[Actor]) -> dict[str, tuple[str, str, float, float]]:
    layer = actor_layer(None, actors, PLACES, capitals=CAPITALS.get)
    return {row.id: (row.home, row.home_kind, row.geometry.x, row.geometry.y)
            for row in layer.itertuples()}


def test_a_state_without_a_place_or_at_its_country_point_sits_at_the_capital() -> None:
    homes = _homes([
        Actor("state", "Aland", ActorKind.STATE, country_code="AA"),
        Actor("army", "Aland Army", ActorKind.ARMED_FORCES, country_code="AA", place="aland"),
        Actor("spies", "Aland Intelligence", ActorKind.INTELLIGENCE_AGENCY, country_code="AA"),
        Actor("minister", "A. Minister", ActorKind.PERSON, affiliation="state"),
    ])
    assert homes["state"] == ("Aville", "capital", 0.25, 12.5)
    assert homes["army"] == ("Aville", "capital", 0.25, 12.5)  # not the country point
    assert homes["spies"][1:] == ("capital", 0.25, 12.5)
    assert homes["minister"] == ("Aville", "affiliation", 0.25, 12.5)


def test_a_finer_place_an_unknown_capital_and_other_kinds_are_kept() -> None:
    homes = _homes([
        Actor("army", "Aland Army", ActorKind.ARMED_FORCES, country_code="AA", place="camp"),
        Actor("state-zz", "Zedland", ActorKind.STATE, country_code="ZZ", place="aland"),
        Actor("rebels", "Aland Rebels", ActorKind.ARMED_GROUP, country_code="AA"),
        Actor("party", "Aland Party", ActorKind.ORGANISATION, country_code="AA", place="aland"),
    ])
    assert homes["army"] == ("camp", "place", 3.7, 10.9)  # a base the analyst gave
    assert homes["state-zz"] == ("aland", "place", 1.0, 11.5)  # no capital known
    assert "rebels" not in homes  # no place, no events: never the country's point
    assert homes["party"] == ("aland", "place", 1.0, 11.5)


SCENARIO = """\
title: Seats
sources: [{id: s1, title: A report}]
places:
  - {id: france, name: France, lat: 46.0, lon: 2.0, precision: country, country: FR}
  - {id: kidal, name: Kidal, lat: 18.44, lon: 1.41, country: ML}
actors:
  - {id: state-fr, name: France, kind: state, country: FR, place: france}
  - {id: state-ru, name: Russia, kind: state, country: RU}
  - {id: fama, name: Malian Armed Forces, kind: armed_forces, country: ML}
  - {id: state-ua, name: Ukraine, kind: government, country: UA}
  - {id: cma, name: CMA, kind: armed_group, country: ML, place: kidal}
events:
  - {id: e1, date: 2024-07-27, type: Battles, actors: [cma], targets: [fama], place: kidal,
     sources: [s1]}
"""


def test_a_scenario_yaml_puts_its_states_at_their_capitals(tmp_path: Path) -> None:
    """Through the real gazetteer: Paris (not France's point), Moscow (not Siberia),
    Bamako for the army fighting at Kidal, Kyiv; the armed group keeps its own place."""
    path = tmp_path / "seats.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    actors = geomap.layers(load_scenario(path)).actors.set_index("id")
    seats = {"state-fr": (48.9, 2.3), "state-ru": (55.8, 37.6), "fama": (12.6, -8.0),
             "state-ua": (50.5, 30.5)}
    for actor_id, (lat, lon) in seats.items():
        point = actors.loc[actor_id, "geometry"]
        assert (point.y, point.x) == pytest.approx((lat, lon), abs=0.1), actor_id
        assert actors.loc[actor_id, "home_kind"] == "capital"
    assert actors.loc["cma", "home"] == "kidal"
