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
