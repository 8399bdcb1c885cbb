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


@pytest.mark.browser
def test_reader_sees_the_caveat_and_popups_without_notes(browser, tmp_path) -> None:
    from geomap.render.map import render_map
    from tests.browser_helpers import open_map
    from tests.render.pages import write_page

    fmap = render_map(make_bundle(), RenderOptions(offline=True, thresholds=FEW))
    report = open_map(browser, write_page(fmap, tmp_path / "map.html"), wait_ms=700)
    page = report.page
    try:
        page.wait_for_function("() => window.GeomapRender && GeomapRender.instances.length > 0")
        assert "Notes omitted at this scale: 6 events" in page.locator(".gm-title").inner_text()
        page.evaluate("GeomapRender.instances[0].eventsLayer.markers[0].openPopup(), null")
        text = page.locator(".leaflet-popup-content").last.inner_text()
        assert "JNIM" in text and "Gao, Mali" in text and "Reuters" in text
        assert "Clash near the airport." not in text
        assert not report.js_errors
    finally:
        page.close()
