"""A wire story's dateline, at the text's start or under a headline."""

from datetime import date

import pytest

from geomap.extract import extract_text
from geomap.extract.dateline import dateline_place_start, dateline_span

STORY = ("ADDIS ABABA, March 3 (Wire) - Fano militiamen attacked a police station in "
         "Debre Markos on Sunday, killing four officers.")


@pytest.mark.parametrize("headline", [
    "",
    "Militia attack kills four police officers in Amhara\n",
    "Militia attack kills four police officers in Amhara\n\n",
    "Militia attack kills four police officers in Amhara\nBy a staff reporter\n\n",
])
def test_the_dateline_opens_the_first_paragraph(headline):
    text = headline + STORY
    opens = text.index("ADDIS")
    assert dateline_place_start(text) == opens
    assert dateline_span(text) == (opens, text.index("Fano"))


@pytest.mark.parametrize("text", [
    # a paragraph ends with a full stop: no headline, the next line opens no dateline
    "Police said four officers were killed.\n" + STORY,
    # more than a headline's lines before it
    "One\nTwo\nThree\n" + STORY,
    # a headline of its own shape ("X, Y - Z"), no place in capitals
    "One woman dead, two hurt as shells hit east Ukraine - officials\nMore text.",
])
def test_no_dateline_past_the_headline(text):
    assert dateline_place_start(text) is None or dateline_place_start(text) == 0
    assert dateline_span(text) is None or dateline_span(text)[0] == 0


def test_a_dateline_under_a_headline_is_where_and_when_the_story_was_filed():
    """Under a headline, the dateline's capital is no side of the attack and its date is
    not the attack's (both were taken as such when only a dateline opening the text was
    recognised); the headline's own place still counts."""
    text = "Militia attack kills four police officers\n\n" + STORY
    found = extract_text(text, article_date=date(2025, 3, 3)).to_json()
    assert not [a for a in found["actors"] if a["name"] == "Ethiopia"], found["actors"]
    [event] = found["events"]
    assert "Ethiopia" not in event["actors"], event
    assert event["date"] == "2025-03-02", event  # Sunday, not the filing date
    assert event["place_text"] == "Debre Markos", event


@pytest.mark.parametrize("text", [
    "PORT-AU-PRINCE, Haiti (Wire) - Gangs set fire to a police station on Monday.",
    "Hundreds marched through PORT-AU-PRINCE on Monday.",
])
def test_a_hyphenated_name_in_capitals_holding_an_acronym_is_one_place(text):
    # "AU" is the African Union's acronym; between two hyphens it is a word of the name
    data = extract_text(text).to_json()
    assert "PORT-AU-PRINCE" in [p["text"] for p in data["places"]]
    assert "African Union" not in [a["name"] for a in data["actors"]]


def test_an_acronym_before_or_after_a_hyphen_stays_the_organisation():
    data = extract_text("The AU-led force and anti-AU protesters met in Addis Ababa.").to_json()
    assert [a["name"] for a in data["actors"]].count("African Union") == 2
