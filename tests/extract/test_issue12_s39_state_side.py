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
