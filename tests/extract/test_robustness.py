"""Any text: no crash, and every reported span is exactly the text at its offsets."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.extract import extract_text

WORDS = ["Mali", "Kiev", "Bamako", "the", "Sahel", "Malian", "soldiers", "JNIM", "attacked",
         "in", "Nice", "Niger", "Chad", "Georgia", "’s", "last", "week", "2021", ",", ".",
         "\n", "Wagner", "Group", "İstanbul", "ß", "“", "”", "-", "Tin-Zaouatene", "é"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=60), st.sampled_from([" ", "", "  "]))
def test_offsets_always_match_the_text(words, sep):
    text = sep.join(words)
    data = extract_text(text).to_json()
    for item in data["places"] + data["actors"]:
        assert text[item["start"]:item["end"]] == item["text"]
    for event in data["events"]:
        assert text[event["start"]:event["end"]] == event["sentence"]


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_does_not_crash(text):
    extract_text(text).to_json()
