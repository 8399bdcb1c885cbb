"""Text that spells a missing value is data: shown as written, never erased (issue 15 item 8)."""

from __future__ import annotations

from datetime import date

from geomap.model import Event
from geomap.precision import Precision
from geomap.render.map import build_payload
from geomap.render.options import RenderOptions
from tests.render.bundles import make_bundle, make_events

SPELLED = ("nan", "NaT", "<NA>")


def test_values_that_read_nan_nat_or_na_are_shown() -> None:
    """ACLED notes, actors and places of exactly nan, NaT, <NA> were erased from the map."""
    extra = [Event(f"TXT{i}", date(2024, 7, 1), "Battles", 16.0 + i / 10, -1.0,
                   Precision.EXACT, actor1=text, actor2=text, location=text, notes=text,
                   source=text, iso="ML")
             for i, text in enumerate(SPELLED)]
    payload = build_payload(make_bundle(events=make_events(extra)), RenderOptions())["events"]
    strings = payload["s"]
    for text in SPELLED:
        assert payload["notes"].count(text) == 1
        row = payload["notes"].index(text)
        assert strings[payload["a1"][row] - 1] == text
        assert strings[payload["a2"][row] - 1] == text


def test_missing_values_are_still_empty() -> None:
    events = make_events()
    events["notes"] = [None, float("nan"), *events["notes"].iloc[2:]]
    payload = build_payload(make_bundle(events=events), RenderOptions())["events"]
    assert payload["notes"][:2] == ["", ""]
