"""Issue 12's leftovers of session 36 and the causes of session 37's first look, in our
own wording (coder-style paragraphs and wire sentences written for these tests)."""

from __future__ import annotations

from typing import Any

import pytest

from geomap.extract import extract_text
from tests.extract.stories import events_of


@pytest.mark.parametrize("text", [
    "On 3 June 2025, youths rioted in Kisumu after officers shot dead a street vendor.",
    "On 3 June 2025, residents of Kisumu rioted, a day after a young man died in police "
    "custody there.",
    "On 3 June 2025, rioters burned a police station in Kisumu after a young man was shot "
    "dead by the police.",
])
def test_a_death_told_after_a_crowds_act_is_what_it_rose_over_not_its_toll(text):
    (riot,) = events_of(text)
    assert riot["type"] == "Riots"
    assert not riot["fatalities"]


def test_a_riot_after_a_police_killing_in_an_operation_is_no_battle():
    (riot,) = events_of(
        "On 6 May 2025, residents of a district of Salvador (Bahia state) set fire to 3 buses "
        "and blocked roads after police killed a young man during an operation against a "
        "gang. Police said the man had fired at officers.")
    assert riot["type"] == "Riots"
    assert not riot["fatalities"]
    assert "Police forces of Brazil" in riot["actor2"]


def test_the_crowds_own_dead_after_its_act_stay_its_toll():
    (protest,) = events_of("On 3 June 2025, protesters marched in Kisumu after the rally, "
                           "and police shot dead two of them.")
    assert protest["fatalities"] == 2


def test_what_an_army_said_it_had_done_is_still_the_incident():
    (battle,) = events_of("On 3 June 2025, the army said it had repelled an attack by "
                          "al-Shabaab fighters on its base in Beledweyne, killing 9.")
    assert battle["type"] == "Battles"
    assert battle["fatalities"] == 9


def _events_undated(text: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = extract_text(text).to_json()["events"]
    return events


def test_a_weekday_in_a_later_sentence_dates_the_incident_it_goes_on_telling():
    (protest,) = _events_undated(
        "OAXACA, May 16, 2025 - Thousands of teachers marched through the centre of Oaxaca "
        "to demand the repeal of a pensions law, organisers said. They blocked the airport "
        "road for several hours on Thursday.")
    assert protest["type"] == "Protests"
    assert protest["date"] == "2025-05-15"


def test_a_weekday_after_the_day_a_note_tells_counts_on_from_that_day():
    events = _events_undated(
        "Nurses in Babil began a strike on 10 March 2025. On Wednesday, hundreds of them "
        "protested outside the governorate building in Hilla (Babil), demanding their "
        "salaries.")
    assert events[-1]["date"] == "2025-03-12"


def test_a_weekday_in_a_story_dated_by_its_filing_still_counts_back():
    (protest,) = _events_undated("March 13, 2025\n\nHundreds of nurses protested outside the "
                                 "governorate building in Hilla on Wednesday.")
    assert protest["date"] == "2025-03-12"


def test_a_raid_on_a_string_of_villages_and_a_strike_on_the_town_are_two_events():
    events = _events_undated(
        "SENNAR, March 4, 2025 - The RSF attacked a string of villages west of Sennar on "
        "Monday, residents said. A drone struck the main market in Sennar on Monday "
        "afternoon, killing 8 civilians.")
    assert [e["type"] for e in events] == ["Violence against civilians",
                                          "Explosions/Remote violence"]
    raid, strike = events
    assert "Rapid Support Forces (RSF)" in raid["actor1"]
    assert not raid["fatalities"]
    assert strike["fatalities"] == 8
    assert "Rapid Support Forces (RSF)" not in strike["actors"]


@pytest.mark.parametrize("text", [
    # an attack on an armed side, its shelling's dead: one battle
    "On 3 May 2025, Russian forces attacked Ukrainian positions near Pokrovsk. Artillery "
    "shelling killed 3 civilians in the town.",
    # the claim names the bombing, it is no raid of its own
    "On 2 May 2025, a suicide bomber blew himself up at a market in Kunduz, killing 6 "
    "civilians. Islamic State Khorasan Province claimed the attack.",
])
def test_an_attack_told_with_a_strike_stays_one_event_when_it_is_the_same(text):
    assert len(events_of(text)) == 1


@pytest.mark.parametrize("text", [
    "On 14 June 2025, a crowd in Gonaives caught two men it accused of stealing goats, beat "
    "them and set them on fire. Both men died at the scene.",
    "On 14 June 2025, gunmen shot two farmers near Gusau. Both died in hospital.",
])
def test_both_is_a_count_of_two(text):
    (event,) = events_of(text)
    assert event["fatalities"] == 2
