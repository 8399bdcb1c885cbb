"""Any text: no crash, and every reported span is exactly the text at its offsets."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.extract import extract_text
from tests.extract.conftest import load_bench

WORDS = ["Mali", "Kiev", "Bamako", "the", "Sahel", "Malian", "soldiers", "JNIM", "attacked",
         "in", "Nice", "Niger", "Chad", "Georgia", "’s", "last", "week", "2021", ",", ".",
         "\n", "Wagner", "Group", "İstanbul", "ß", "“", "”", "-", "Tin-Zaouatene", "é",
         "Ga\u200bo", "\u202eKidal\u202c", "\ufeff", "\u00ad"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=60), st.sampled_from([" ", "", "  "]))
def test_offsets_always_match_the_text(words, sep):
    text = sep.join(words)
    data = extract_text(text).to_json()
    for item in data["places"] + data["actors"]:
        assert text[item["start"]:item["end"]] == item["text"]
    for event in data["events"]:
        assert text[event["start"]:event["end"]] == event["sentence"]
        for span in event["evidence"]:
            assert 0 <= span["start"] < span["end"] <= len(text)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_does_not_crash(text):
    extract_text(text).to_json()


def _names(text: str) -> list[str]:
    return [p["name"] for p in extract_text(text).to_json()["places"]]


def test_an_article_in_capitals_finds_its_places_and_no_function_words():
    text = ("HEAVY FIGHTING BROKE OUT NEAR GAO IN NORTHERN MALI ON SUNDAY, OFFICIALS IN "
            "BAMAKO SAID. THE ARMY WILL SEND TROOPS TO KIDAL.")
    # "NORTHERN MALI" in capitals reads as the named region (geomap/data/regions.yaml)
    assert _names(text) == ["Gao", "Northern Mali", "Bamako", "Kidal"]


def test_ocr_noise_and_missing_punctuation_degrade_gracefully():
    noisy = "Heavy fightlng broke 0ut near Ga0 in n0rthern Mal i, offic ials in Kidal said."
    assert _names(noisy) == ["Kidal"]  # broken names are not guessed at
    flat = ("heavy fighting broke out near Gao in northern Mali officials in Bamako said the "
            "army will send troops to Kidal and Timbuktu")
    assert _names(flat) == ["Gao", "Mali", "Bamako", "Kidal", "Timbuktu"]


def test_lone_surrogates_and_pasted_markup_do_not_break_offsets():
    text = "Fighting near Gao \ud800 in <b>Mali</b>."
    data = extract_text(text).to_json()
    assert [p["name"] for p in data["places"]] == ["Gao", "Mali"]
    for item in data["places"]:
        assert text[item["start"]:item["end"]] == item["text"]


def test_text_in_another_script_says_it_is_not_read():
    found = extract_text("Двое жителей ранены при ночном обстреле окраины Горловки")
    [warning] = [w for w in found.warnings if "Cyrillic" in w]
    assert "expected English text" in warning and "translate it first" in warning
    accented = extract_text("Côte d’Ivoire: trois soldats tués à Bouaké, Séguéla et Korhogo")
    assert not any("letters" in w for w in accented.warnings)  # Latin with accents is read


def test_invisible_characters_inside_names_are_read_through():
    """Zero-width and direction characters pasted from web pages or chat apps split the
    words: "G\u200bao" was no place and "Khar\u200dkiv" was Haar in Germany. Names are
    read through them; offsets and texts are still those of the text as given."""
    text = ("Militants attacked an army post near G\u200bao on 3 March 2024, killing four "
            "soldiers. Russian forces shelled Khar\u200dkiv\ufeff and \u202eKidal\u202c "
            "on Monday, killing two civi\u00adlians.")
    found = extract_text(text)
    data = found.to_json()
    assert [p["name"] for p in data["places"]] == ["Gao", "Russia", "Kharkiv", "Kidal"]
    assert data["places"][0]["text"] == "G\u200bao"
    for item in data["places"] + data["actors"]:
        assert text[item["start"]:item["end"]] == item["text"]
    for event in found.events:
        assert text[event.start:event.end] == event.sentence
        if event.location is not None and event.location.text:
            assert text[event.location.start:event.location.end] == event.location.text
    assert found.text == text
    assert [e["place"] for e in data["events"]] == ["Gao", "Kharkiv", "Kidal"]


def _python_calls(text: str) -> int:
    """The Python calls (and generator steps) extracting ``text`` takes: the work, not
    the clock."""
    import sys

    count = 0

    def profile(frame, event, arg):
        nonlocal count
        count += 1

    sys.setprofile(profile)
    try:
        extract_text(text)
    finally:
        sys.setprofile(None)
    return count


# A text repeated: the same paragraph 200 then 400 times, or 100 then 200 times.
_MANY_STORIES = ("BAMAKO, 4 March 2024 - Militants attacked an army post near Gao on Sunday, "
                 "killing four soldiers, the army said. Malian troops and Wagner forces "
                 "clashed with rebels near Kidal. Russian forces shelled Kharkiv on Monday, "
                 "killing two civilians.\n")
_ONE_FIGHT = ("JNIM militants attacked the army camp near Boni. Fighting lasted four "
              "hours. Soldiers repelled the assault and killed 12 fighters, the army "
              "said. A drone struck the market in Boni, killing five civilians. Three "
              "civilians were shot in the town. JNIM claimed responsibility. Clashes "
              "continued near Boni.\n")


@pytest.mark.parametrize(("paragraph", "times", "bound"), [
    # A 4.9 MB article (under the reader's 5 MB limit) had not been read after 200 s of
    # CPU: each actor was looked for among every actor before it for each place, and an
    # incident told again in every paragraph grew its parties by a copy per sentence,
    # each list searched in turn. The calls doubled 2.5 and 2.8 times for each doubling
    # of the text; now twice, and the 4.9 MB article takes about 30 s.
    (_MANY_STORIES, 200, 2.2),
    # A story told again and again at one place merges into few incidents of many
    # sentences: each new sentence was compared with every sentence of its incident (the
    # victims and kinds of a strike), each clash word opening a sentence with every actor
    # of the text, each "in the town" with every place, each group claiming an attack
    # with every event, each undated incident with every later incident's sentences. The
    # calls grew 2.9 times from 100 to 200 paragraphs; now twice.
    (_ONE_FIGHT, 100, 2.1),
], ids=["many stories", "one fight retold"])
def test_work_grows_with_the_text_not_with_its_square(paragraph, times, bound):
    extract_text(paragraph)  # the index loaded
    small, large = _python_calls(paragraph * times), _python_calls(paragraph * 2 * times)
    assert large / small < bound, (small, large)


def test_a_long_text_of_many_stories_costs_what_its_parts_do():
    """The project's own articles repeated (as bench/bench_long_article.py does): each
    ambiguous name was checked against every mention of the text's sure towns, each cue
    of fighting or taking against every place, each unplaced-town match against every
    place and actor: the Python calls grew 2.18 times from 50 to 100 kB, now 1.88."""
    articles, _ = load_bench("bench_extract").load_devset()
    block = "\n\n".join(a.text for a in articles)
    extract_text(block[:5000])  # the index loaded
    small, large = (_python_calls((block * (size // len(block) + 1))[:size])
                    for size in (50_000, 100_000))
    assert large / small < 2.05, (small, large)


def test_function_words_together_are_no_place_in_capitals_or_title_case():
    """"IT IS IN CONTROL" read "IS IN" as Isin (Nigeria), and "WILL GO TO GAO" "GO TO"
    as Gotō (Japan): function words alone are skipped one by one, but two of them made
    a name; in a title-case headline ("Troops Go To Gao") the same."""
    assert _names("BREAKING: GUNMEN KILL 5 IN GAO; THE ARMY SAYS IT IS IN CONTROL AND "
                  "WILL GO TO KIDAL.") == ["Gao", "Kidal"]
    assert _names("Malian Troops Go To Gao As Army Says It Is In Control") == ["Mali", "Gao"]


def test_a_month_in_lower_case_beside_its_day_is_a_date_not_a_protest_march():
    """Text in lower case ("bamako 4 march 2024 militants attacked...") made the attack a
    Protests event by Protesters (the cue "march", lower case only) dated only to 2024:
    a month in lower case was never a date. Beside its day it is one now ("may" only with
    its year too: "the 4 may have fled"); a march is still a march."""
    for text in ("on 4 march 2024 militants attacked an army post near Gao, killing four "
                 "soldiers.",
                 "militants attacked an army post near Gao on march 4, 2024, killing four "
                 "soldiers."):
        [event] = extract_text(text).to_json()["events"]
        assert (event["type"], event["date"], event["date_precision"]) == (
            "Battles", "2024-03-04", "day"), text
    [march] = extract_text("Thousands joined a march in Bamako on 4 March 2024.").events
    assert march.type == "Protests"
    assert not [d for d in extract_text("the 4 may have fled to Gao on 3 June 2024.").events
                if d.date and d.date.month == 5]


def test_common_words_in_capitals_are_no_towns():
    """In capitals every word looked like a name: "BROKE", "SENT" and "MINE" were small
    towns (Australia, Switzerland, Japan), "MAN" a town of Côte d'Ivoire and "SON" another
    language's name of a Chinese city. A town there is its own name, with a place cue, in a
    country the text names, or large; small towns of the story's country stay."""
    text = ("FIGHTING BROKE OUT NEAR GAO ON SUNDAY. SOLDIERS WERE SENT IN TO DE-MINE THE ROAD, "
            "ONE MAN SAID. MY SON WAS SHOT. MILITANTS ALSO ATTACKED KIDAL AND MENAKA, "
            "OFFICIALS IN MALI SAID.")
    assert _names(text) == ["Gao", "Kidal", "Ménaka", "Mali"]


def test_a_state_code_after_a_country_is_no_state():
    """"GAO, MALI, ON 3 MARCH" in capitals read "ON" as Ontario: a postal code after a name
    and a comma is a state only after a town ("SALEM, OR"), never after a country."""
    assert _names("FIGHTING BROKE OUT NEAR GAO, MALI, ON 3 MARCH 2024, THE ARMY SAID.") == [
        "Gao", "Mali"]
    assert "Oregon" in _names("Flooding closed roads in Salem, OR on Monday, officials said.")
