"""The newsroom newcomer's defects of issue 12 (session 36), in our own wording."""

from __future__ import annotations

from datetime import date

from geomap.extract import extract_text

DAY = date(2026, 3, 6)


def events(text: str) -> list[dict]:
    return extract_text(text, article_date=DAY).to_json()["events"]


def test_a_count_of_counts_is_no_toll():
    # "tens of thousands" is no ten dead, nor a thousand: a war's tally, no incident's
    for text in ("Rebels shelled Kadugli on Tuesday, killing tens of thousands.",
                 "Rebels shelled Kadugli on Tuesday. Tens of thousands of people were "
                 "killed, officials said."):
        for event in events(text):
            assert event["fatalities"] in (None, 0), text


def test_a_wars_own_story_is_no_event_of_its_own():
    text = ("Rebels shelled the town of Kadugli on Tuesday, residents said.\n\n"
            "The war between the army and the rebels broke out in May 2021 and has "
            "killed tens of thousands of people.")
    [event] = events(text)
    assert event["date"] == "2026-03-03"
    assert event["fatalities"] in (None, 0)


def test_an_aid_agencys_count_of_the_displaced_as_fighting_spreads_is_no_battle():
    # fighting that spreads is the war's course, told as the circumstance of a
    # statement on people who fled: no incident at the town it spread around
    text = ("Aid agency says 9,000 displaced as Darfur fighting spreads\n\n"
            "About 9,000 people fled their homes across North Darfur in the week to "
            "Wednesday, an aid agency said on Thursday, as fighting between the army "
            "and the rebels spread around Kabkabiya.")
    assert events(text) == []


def test_fighting_spreading_into_a_town_with_its_dead_stays_an_incident():
    [event] = events("Fighting spread into Kabkabiya on Tuesday, where rebels killed "
                     "four soldiers, residents said.")
    assert event["fatalities"] == 4


def test_a_drone_strike_on_civilians_is_its_own_event_beside_a_ground_battle():
    # the ground fight with the two sides' claims, then a drone on a market the same day
    # in the same area: two incidents, each typed as a coder would
    text = ("The army said on Tuesday its troops repelled a rebel assault on Kadugli "
            "on Monday and killed 30 rebel fighters. The rebels said they had killed "
            "45 soldiers.\n\n"
            "A drone struck the main market in Kadugli on Monday afternoon, killing nine "
            "civilians, a nurse said. The army blamed the rebels for the strike.")
    found = events(text)
    strike = [e for e in found if e["type"] == "Explosions/Remote violence"]
    battle = [e for e in found if e["type"] == "Battles"]
    assert len(strike) == 1 and len(battle) == 1, found
    assert strike[0]["sub_type"] == "Air/drone strike"
    assert strike[0]["fatalities"] == 9
    assert "Civilians" in " ".join(strike[0]["actor2"])
    assert {t["count"] for t in battle[0]["tolls"]} == {30, 45}


def test_who_tells_a_toll_is_no_victim_of_it():
    [event] = events("Gunmen raided a village near Kadugli on Sunday, killing four farmers, "
                     "a nurse said.")
    assert event["fatalities"] == 4
