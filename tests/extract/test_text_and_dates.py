from __future__ import annotations

from datetime import date, datetime

import pytest

from geomap.errors import ConfigError
from geomap.extract import extract_text
from geomap.extract.dates import detect_article_date, find_dates
from geomap.extract.text import MAX_SENTENCE_CHARS, normalise, split_sentences, tokenize
from geomap.precision import DatePrecision

REF = date(2024, 8, 5)  # Monday


def test_normalise_folds_case_accents_apostrophes_and_hyphens():
    assert normalise("Ménaka") == "menaka"
    assert normalise("N’Djamena") == normalise("N'Djamena")
    assert normalise("Tin-Zaouatene") == "tin zaouatene"


def test_tokens_keep_offsets_and_drop_possessive_s():
    text = "Kiev’s reply, Ukraine's move"
    tokens = tokenize(text)
    assert [t.surface for t in tokens] == ["Kiev", "reply", "Ukraine", "move"]
    for t in tokens:
        assert text[t.start:t.end] == t.surface
    assert tokens[0].possessive and not tokens[1].possessive


def test_sentences_split_on_stops_and_line_breaks_not_abbreviations():
    text = "Col. Maiga spoke. He left.\nKiev replied!  Then silence"
    spans = [s.of(text) for s in split_sentences(text)]
    assert spans == ["Col. Maiga spoke.", "He left.", "Kiev replied!", "Then silence"]


def test_a_translated_village_abbreviation_ends_no_sentence():
    # "с." written "village." before a name and its district (translated reports)
    text = "Two soldiers were wounded near the village. Orlovo - Ivanivka, Shakhtarskyi " \
           "district, Donetsk region. Rebels entered the village. Stepanovka, a hamlet, " \
           "was quiet. They fled to the town. Kramatorsk, Sloviansk and Lyman were shelled."
    spans = [s.of(text) for s in split_sentences(text)]
    assert spans == [
        "Two soldiers were wounded near the village. Orlovo - Ivanivka, Shakhtarskyi "
        "district, Donetsk region.", "Rebels entered the village.",
        "Stepanovka, a hamlet, was quiet.", "They fled to the town.",
        "Kramatorsk, Sloviansk and Lyman were shelled."]


@pytest.mark.parametrize(("phrase", "expected", "precision"), [
    ("Late last month, rebels", date(2024, 7, 21), DatePrecision.MONTH),
    ("the coup in 2021", date(2021, 1, 1), DatePrecision.YEAR),
    ("on Sunday the army", date(2024, 8, 4), DatePrecision.DAY),
    ("last week", date(2024, 7, 29), DatePrecision.WEEK),
    ("On 27 July 2024 rebels", date(2024, 7, 27), DatePrecision.DAY),
    ("July 27, 2024", date(2024, 7, 27), DatePrecision.DAY),
    ("in December", date(2023, 12, 1), DatePrecision.MONTH),  # after August: last year
    ("yesterday", date(2024, 8, 4), DatePrecision.DAY),
    ("2024-07-27", date(2024, 7, 27), DatePrecision.DAY),
])
def test_dates_resolve_against_the_article_date(phrase, expected, precision):
    found = find_dates(phrase, REF)
    assert [(d.date, d.precision) for d in found] == [(expected, precision)]


def test_numbers_modal_may_and_lowercase_months_are_not_dates():
    assert find_dates("An estimated 84 soldiers; we may march", REF) == []
    assert find_dates("1500 people", REF) == []


def test_relative_dates_need_an_article_date():
    assert find_dates("last week", None) == []
    assert [d.date for d in find_dates("in 2021", None)] == [date(2021, 1, 1)]


def test_dateline_gives_the_article_date():
    assert detect_article_date("BAMAKO, 6 August 2024 - Mali said") == date(2024, 8, 6)
    assert detect_article_date("No date here") is None


def test_an_elided_article_before_a_capital_makes_a_capitalised_word():
    words = {t.surface: t.capitalised for t in tokenize("Côte d'Ivoire, l’Aquila, l'homme")}
    assert words == {"Côte": True, "d'Ivoire": True, "l’Aquila": True, "l'homme": False}


def test_text_without_sentence_ends_is_read_in_bounded_pieces():
    """Text with no sentence punctuation was one sentence: finding roles in it grew faster
    than its square (100 kB: 95 s of CPU, 2 MB: hours). It is now cut into pieces of at most
    MAX_SENTENCE_CHARS, after a comma where there is one, else between words."""
    words = "fighting near Kidal killed 12 soldiers the army said and rebels attacked Gao "
    text = words * 12 + "then, " + words * 200  # the comma in the first piece's second half
    spans = split_sentences(text)
    assert len(spans) > 1 and all(s.end - s.start <= MAX_SENTENCE_CHARS for s in spans)
    assert "".join(text[s.start:s.end] + " " for s in spans).split() == text.split()
    assert all(text[s.end - 1] != " " and (s.end == len(text.rstrip()) or text[s.end] == " ")
               for s in spans)  # never inside a word
    assert any(text[s.start:s.end].endswith("then,") for s in spans)  # after the comma
    short = "Fighting near Kidal. Gao was calm."
    assert [short[s.start:s.end] for s in split_sentences(short)] == ["Fighting near Kidal.",
                                                                     "Gao was calm."]



def test_an_article_date_geomap_cannot_count_from_is_one_clear_error():
    """Before: "on Sunday" counted back from 0001-01-01 was an OverflowError traceback
    (``geomap extract --date 0001-01-01`` too), and a date given as text or a number an
    AttributeError ('str' object has no attribute 'weekday'). A datetime is its day."""
    text = "Militants attacked an army post near Gao on Sunday, killing four soldiers."
    for bad in (date(1, 1, 1), date(9999, 12, 31), "2024-03-04", 20240304):
        with pytest.raises(ConfigError, match="expected the article's date"):
            extract_text(text, article_date=bad)  # type: ignore[arg-type]
    [event] = extract_text(text, article_date=datetime(2024, 3, 4, 12)).events
    assert event.date == date(2024, 3, 3) and type(event.date) is date
