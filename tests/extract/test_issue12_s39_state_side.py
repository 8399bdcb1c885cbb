"""Issue 12, session 39: the state's side of wire headlines, in our own wording (sentences
written for these tests, by the kinds the UCDP headlines miss)."""

from __future__ import annotations

import pytest

from tests.extract.stories import events_of

UKRAINE_ARMY = "Armed Forces of Ukraine"


@pytest.mark.parametrize("text", [
    "Ukraine reports 3 KIA, 2 WIA amid 30 enemy attacks over the past day",
    "Ukraine says two KIA, four WIA in the east on Friday",
])
def test_killed_in_action_told_by_a_side_are_its_own_soldiers(text):
    (event,) = events_of(text)
    assert "Ukraine" in " ".join(event["actor2"])
    assert not event["actor1"]


@pytest.mark.parametrize("text", [
    "Ukrainian soldier reported killed near Avdiivka",
    "Two Ukrainian servicemen reported wounded in the east on Sunday",
])
def test_a_side_reported_killed_is_the_victim_not_a_speaker(text):
    (event,) = events_of(text)
    assert event["actor2"] == [UKRAINE_ARMY]


@pytest.mark.parametrize("text", [
    "Civilian dies after Ukrainian shelling",
    "Two militiamen died following Ukrainian mortar fire",
])
def test_an_act_named_after_its_actor_that_a_death_followed(text):
    (event,) = events_of(text)
    assert event["actor1"] == [UKRAINE_ARMY]


@pytest.mark.parametrize("text", [
    "Three rebels killed by Ukrainian fire near Horlivka",
    "Two militiamen wounded by sniper fire from the Ukrainian side",
    "Rebel commander killed in an attack by Ukraine, militia says",
    "Rebel commander killed in an attack by Ukraine, says the militia",
])
def test_the_state_named_on_the_fire_or_the_attack_acted(text):
    (event,) = events_of(text)
    assert "Ukrain" in " ".join(event["actor1"])
    assert "Ukrain" not in " ".join(event["actor2"])
    assert event["actor2"]  # the side hit stays the one acted upon


def test_those_wounded_before_the_fire_that_wounded_them_were_acted_upon():
    (event,) = events_of("Two militiamen wounded by sniper fire near Horlivka")
    assert event["actor2"] == ["Militiamen"] and not event["actor1"]
