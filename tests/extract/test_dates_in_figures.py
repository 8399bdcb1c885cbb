"""Dates written in figures and with abbreviated or French months (issues 11, 12).

The sentences are our own. A date the text writes in figures is read with the precision
the text gives; a day and month that may be read either way are never guessed.
"""

from __future__ import annotations

from datetime import date

import pytest

from geomap.extract import extract_text
from geomap.extract.dates import find_dates
from geomap.precision import DatePrecision

REF = date(2026, 12, 7)  # a Monday


def _event_dates(text: str) -> list[tuple[str, str]]:
    return [(str(e.date), e.date_precision.name.lower()) for e in
            extract_text(text, article_date=REF).events]


@pytest.mark.parametrize("text", [
    "Gunmen killed five herders near Menaka on 30/11/2026, local officials said.",
    "Militants ambushed an army convoy near Gao on 30.11.2026, killing four soldiers.",
    "On 11/30/2026, armed men killed three villagers near Kidal.",
])
def test_a_day_written_in_figures_dates_the_event(text):
    """Before: "30/11/2026" and "11/30/2026" gave the event only the year 2026, and
    "30.11.2026" no date at all (the event took the article's context instead)."""
    assert _event_dates(text) == [("2026-11-30", "day")]


@pytest.mark.parametrize("text", [
    "On 2026-11-30, soldiers clashed with JNIM fighters near Boni.",
    "Armed men burned a school in Djibo on 30 Nov, residents said.",
    "Armed men burned a school in Djibo on Nov. 30, residents said.",
])
def test_iso_days_and_abbreviated_months_still_date_the_event(text):
    """These were read before too (passing before: kept as the rule's neighbours)."""
    assert _event_dates(text) == [("2026-11-30", "day")]


@pytest.mark.parametrize(("text", "day"), [
    ("Des hommes armés ont attaqué un poste de gendarmerie; gunmen attacked a gendarmerie "
     "post near Dori le 3 déc., killing two gendarmes.", "2026-12-03"),
    ("Gunmen attacked a gendarmerie post near Dori on 30 nov. 2026, killing two gendarmes.",
     "2026-11-30"),
    ("Gunmen attacked a gendarmerie post near Dori on 14 juil. 2026, killing two gendarmes.",
     "2026-07-14"),
    ("Gunmen attacked a gendarmerie post near Dori on 1er août 2026, killing two gendarmes.",
     "2026-08-01"),
    ("Gunmen attacked a gendarmerie post near Dori on 5 février 2026, killing two "
     "gendarmes.", "2026-02-05"),
])
def test_french_months_after_their_day_date_the_event(text, day):
    """A Sahel report's French months, full or abbreviated ("le 3 déc.", "1er août"):
    before, "3 déc." was no date and "5 février 2026" only its year."""
    assert _event_dates(text) == [(day, "day")]


def test_a_french_month_alone_is_no_date():
    """"Mars", "Avril" and "Mai" are names as well: a French month is read only after
    its day."""
    assert [d.text for d in find_dates("Avril Mars spoke in Mai district in 2026.", REF)] \
        == ["in 2026"]


def test_a_day_and_month_that_read_either_way_give_the_year_and_a_warning():
    """"3/11/2026" is 3 November day first and 11 March month first: no guess. The event
    keeps the year the text gives, and the user is told why (before: the year, silently)."""
    found = extract_text("On 3/11/2026, gunmen killed three villagers near Kidal.",
                         article_date=REF)
    assert [(str(e.date), e.date_precision.name.lower()) for e in found.events] == [
        ("2026-01-01", "year")]
    assert [w for w in found.warnings if "3/11/2026" in w and "3 November or 11 March" in w]


def test_the_texts_other_dates_settle_the_order():
    """A text writes its dates one way: "25/11/2026" can only be day first, so the
    "3/11/2026" of the same text is 3 November, with no warning; month first likewise."""
    found = extract_text("On 3/11/2026, gunmen killed three villagers near Kidal. On "
                         "25/11/2026, soldiers clashed with militants near Gao.",
                         article_date=REF)
    assert [str(e.date) for e in found.events] == ["2026-11-03", "2026-11-25"]
    assert not [w for w in found.warnings if "may be" in w]
    us = find_dates("talks on 11/25/2026 after the attack of 3/11/2026", REF)
    assert [(d.text, str(d.date)) for d in us] == [("11/25/2026", "2026-11-25"),
                                                    ("3/11/2026", "2026-03-11")]


def test_a_day_and_month_alike_need_no_order():
    [day] = find_dates("on 5/5/2026", REF)
    assert (str(day.date), day.precision) == ("2026-05-05", DatePrecision.DAY)


@pytest.mark.parametrize("text", ["a score of 3/4 in 2026", "the 1.5/2026 ratio",
                                  "on 31/02/2026", "rule 12/2026/40"])
def test_figures_that_are_no_day_are_no_day(text):
    """Fractions, impossible days and numbers in longer runs of figures give no day."""
    assert not [d for d in find_dates(text, REF) if d.precision is DatePrecision.DAY]


@pytest.mark.parametrize(("text", "shown"), [
    ("On 31/02/2026, gunmen killed three villagers near Kidal.", "February 2026 has 28"),
    ("On 31.04.2026, gunmen killed three villagers near Kidal.", "April 2026 has 30"),
    ("On 2026-02-30, gunmen killed three villagers near Kidal.", "February 2026 has 28"),
    ("On 31 June 2026, gunmen killed three villagers near Kidal.", "June 2026 has 30"),
    ("Gunmen killed three villagers near Kidal on 30 févr. 2026.", "February 2026 has 28"),
    ("On 29/02/2025, gunmen killed three villagers near Kidal.", "February 2025 has 28"),
])
def test_a_day_its_month_lacks_is_named_in_a_warning(text, shown):
    """Fails before: a day its month does not have ("31/02/2026", a typo or an OCR slip)
    gave the event the year, the month or, written with dots, no date at all, without a
    word. No day is still guessed; the warning names the date and the month's length."""
    found = extract_text(text, article_date=REF)
    assert len(found.events) == 1 and found.events[0].date_precision is not DatePrecision.DAY
    [warning] = [w for w in found.warnings if "names no day" in w]
    assert shown in warning


def test_a_real_leap_day_and_a_month_s_last_day_are_no_warning():
    found = extract_text("On 29/02/2024 and on 30.04.2026 and on 31 December 2026, "
                         "gunmen killed three villagers near Kidal.", article_date=REF)
    assert not [w for w in found.warnings if "names no day" in w]


def test_a_date_written_many_times_is_one_warning():
    """Fails before: each of the 300 times "3/11/2026" was written was a warning of its
    own, 300 lines alike; now one, saying how many times."""
    text = " ".join(["On 3/11/2026, gunmen killed three villagers near Kidal."] * 300)
    found = extract_text(text, article_date=REF)
    [warning] = [w for w in found.warnings if "may be" in w]
    assert "(written 300 times)" in warning
