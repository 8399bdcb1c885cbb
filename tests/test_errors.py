"""The error tree's messages read as sentences."""

from __future__ import annotations

from geomap.errors import FormatError, InputError


def test_a_hint_is_its_own_sentence() -> None:
    """'got an empty file Check that the export finished.' ran two sentences together."""
    err = FormatError("expected rows of data, got an empty file", file="a.csv",
                      hint="Check that the export finished.")
    assert str(err) == "a.csv: expected rows of data, got an empty file. Check that the " \
                       "export finished."
    err = InputError("expected a date, got 'x'.", file="a.csv", line=3, field="date",
                     hint="Write YYYY-MM-DD.")
    assert str(err) == "a.csv:3: field 'date': expected a date, got 'x'. Write YYYY-MM-DD."
    assert str(InputError("expected text, got none")) == "expected text, got none"
