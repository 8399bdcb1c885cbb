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
