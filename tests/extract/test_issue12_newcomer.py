"""The newcomer's defects of issue 12 (session 35), in our own wording."""

from __future__ import annotations

from datetime import date

from geomap.extract import extract_text

M23 = "M23 (March 23 Movement)"
DAY = date(2025, 3, 5)


def events(text: str) -> list[dict]:
    return extract_text(text, article_date=DAY).to_json()["events"]


def test_a_headlines_bare_rebels_are_the_one_rebel_group_the_story_names():
    [event] = events("Rebels seize Uvira as fighting spreads in eastern Congo\n\n"
                     "M23 rebels took control of Uvira on Sunday after two days of "
                     "fighting with the army, residents said.")
    assert event["actor1"] == [M23]


def test_bare_rebels_stay_rebels_when_the_story_calls_no_group_rebel():
    # a named group the story does not call rebel: "rebels" may be others
    [event] = events("Rebels attacked Rubaya on Sunday. CODECO militiamen were not "
                     "involved, officials said.")
    assert "Rebels" in event["actor1"]


def test_protesters_who_attacked_an_embassy_riot():
    for text in ("On Friday in Lubumbashi, angry protesters attacked two foreign "
                 "embassies over the war.",
                 "Hundreds of protesters attacked the US embassy in Khartoum on Tuesday."):
        [event] = events(text)
        assert (event["type"], event["sub_type"]) == ("Riots", "Violent demonstration")


def test_a_town_entered_after_the_army_withdrew_is_entered_by_the_group():
    [event] = events("Members of the M23 rebel group entered Uvira without a fight on "
                     "Saturday after Congolese soldiers withdrew from the town, locals "
                     "said.")
    assert event["actor1"] == [M23]
    assert event["actor2"] == ["Armed Forces of the Democratic Republic of the Congo (FARDC)"]


def test_the_city_is_the_town_named_before_with_its_own_toll():
    text = ("Fighters of the M23 rebel group entered Uvira on Sunday after the army "
            "withdrew from the city.\n\n"
            "Two days earlier the rebels had seized Sange, about 30 kilometres to the "
            "north, after a brief clash with the army in which six soldiers were "
            "killed.\n\n"
            "On Wednesday two traders were shot dead in the city, according to a "
            "local civil society leader.")
    shot = next(e for e in events(text) if "traders" in e["sentence"])
    assert shot["place"] == "Uvira" and shot["precision"] == "exact"
    assert shot["fatalities"] == 2
    assert shot["type"] == "Violence against civilians"


def test_a_capture_told_in_the_past_perfect_is_background_a_simple_past_one_an_event():
    # "had captured X last week" is what had happened before the story's incident: no
    # event of its own (the background rule); "after rebels captured X last week" told
    # in the simple past is an event, dated to last week
    [event] = events("M23 rebels took control of Goma on Monday. The rebels had captured "
                     "Sake last week.")
    assert event["place"] == "Goma"
    [event] = events("Aid agencies said on Tuesday that thousands of people had fled "
                     "after rebels captured Sake last week.")
    assert event["place"] == "Sake" and event["date_precision"] == "week"
