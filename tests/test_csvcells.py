"""Cells of the CSV files geomap writes: formula-like text is shown, never run."""

from __future__ import annotations

from geomap._csvcells import spreadsheet_cell, spreadsheet_row


def test_text_that_starts_like_a_formula_gets_an_apostrophe() -> None:
    for text in ('=HYPERLINK("http://x","y")', "+cmd", "-2+3", "@SUM(1)", "\t=1", "\r=1"):
        assert spreadsheet_cell(text) == "'" + text


def test_other_values_are_unchanged() -> None:
    assert spreadsheet_row(["Kidal", "a=b", "", -3.5, 12, None, "'=kept"]) == [
        "Kidal", "a=b", "", -3.5, 12, None, "'=kept"]
