"""Level of detail: above a threshold, notes stay out of the page and the map says so."""

from __future__ import annotations

import pytest

from geomap.errors import ConfigError
from geomap.render.map import build_payload
from geomap.render.options import RenderOptions, ScaleThresholds
from tests.render.bundles import make_bundle, make_events

FEW = ScaleThresholds(notes=3)  # the test bundle has 6 events, one with notes


def caveats(payload: dict) -> list[str]:
    return [note for note in payload["notes"] if note.startswith("Notes omitted")]


def test_notes_kept_up_to_the_threshold() -> None:
    payload = build_payload(make_bundle(), RenderOptions())
    assert "Clash near the airport." in payload["events"]["notes"]
    assert not caveats(payload)


def test_notes_left_out_above_the_threshold_and_the_map_says_so() -> None:
    payload = build_payload(make_bundle(), RenderOptions(thresholds=FEW))
    events = payload["events"]
    assert "notes" not in events
    assert caveats(payload) == [
        "Notes omitted at this scale: 6 events; export layers (geomap layers) for full text."]
    assert "Test data only." in payload["notes"]  # the bundle's own notes stay
    assert "JNIM" in events["s"] and "a1" in events and "pl" in events  # rest of popups


def test_include_notes_overrides_the_threshold() -> None:
    payload = build_payload(make_bundle(), RenderOptions(thresholds=FEW, include_notes=True))
    assert "Clash near the airport." in payload["events"]["notes"]
    assert not caveats(payload)
    payload = build_payload(make_bundle(), RenderOptions(include_notes=False))
    assert "notes" not in payload["events"]


def test_no_caveat_when_there_are_no_notes() -> None:
    events = make_events()
    events["notes"] = None
    payload = build_payload(make_bundle(events=events), RenderOptions(thresholds=FEW))
    assert not caveats(payload)


def test_default_threshold_and_validation() -> None:
    options = RenderOptions()
    assert options.notes_shown(100_000) and not options.notes_shown(100_001)
    with pytest.raises(ConfigError, match="notes threshold"):
        ScaleThresholds(notes=-1)
