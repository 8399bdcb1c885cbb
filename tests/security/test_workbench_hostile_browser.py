"""Hostile text in the map's workbench — search, filter lists, the actor picker, the
table — in real headless Chromium: every name, note and actor stays text (the popups,
tooltips and legend are covered by ``test_xss_browser.py``; the export by
``tests/render/test_workbench_browser.py``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from geomap.model import Event
from geomap.precision import Precision
from geomap.render.map import render_map
from geomap.render.options import RenderOptions
from tests.browser_helpers import open_map
from tests.render.bundles import make_bundle, make_events
from tests.render.pages import write_page
from tests.security.hostile import load_payloads, position
from tests.security.test_xss_browser import INJECTED

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def flat(text: str) -> str:
    """Text as a page shows it: runs of whitespace (a tab, a line break) are one space."""
    return " ".join(text.split())


def hostile_events(payloads: list[str]) -> list[Event]:
    """One event per payload, the payload in every text field the workbench lists."""
    events = []
    for k, text in enumerate(payloads):
        lat, lon = position(k)
        events.append(Event(
            f"H{k}", date(2024, 1 + k % 12, 1 + k % 28), "Battles", lat, lon, Precision.EXACT,
            sub_event_type=text, actor1=text, actor2=f"B {text}", location=text,
            admin1=text, country="Mali", iso="ML", fatalities=k, notes=text, source=text))
    return events


def test_the_workbench_shows_hostile_names_as_text(browser: Any, tmp_path: Path) -> None:
    payloads = [p.replace("\x00", "") for p in load_payloads()]
    payloads = [p for p in dict.fromkeys(flat(p) for p in payloads) if p]
    bundle = make_bundle(events=make_events(hostile_events(payloads)))
    path = write_page(render_map(bundle, RenderOptions(offline=True)), tmp_path / "map.html")
    report = open_map(browser, path, wait_ms=500)
    page = report.page
    page.wait_for_function("() => window.GeomapRender && GeomapRender.instances.length")
    # a title attribute holding the text (a table cell's tooltip) is text too
    injected = f"() => ({INJECTED})().filter(b => !/^TD title=/.test(b))"
    box = page.locator("[data-geomap-control=search]")
    field = box.locator(".gm-search-input")
    for text in payloads:
        field.fill(text[:40])
        found = [flat(f) for f in box.locator(".gm-search-result").all_inner_texts()]
        assert any(f.startswith(text[:40]) for f in found), (text, found[:3])
        assert page.evaluate(injected) == [], text
    field.fill("")
    page.locator("[data-geomap-control=explore] .gm-explore-open").click()
    drawer = page.locator(".gm-drawer")
    labels = [flat(t) for t in
              drawer.locator("[data-geomap-control=filters] .gm-check").all_inner_texts()]
    assert [p for p in payloads if not any(label.startswith(p) for label in labels)] == []
    picker = drawer.locator(".gm-actor-search")
    for text in payloads[:60]:
        picker.fill(text[:30])
        options = [flat(o) for o in drawer.locator(".gm-actor-option").all_inner_texts()]
        assert any(o.startswith(text[:30]) for o in options), (text, options[:3])
    picker.fill("")
    cells = drawer.locator("[data-geomap-control=table] tbody tr td:nth-child(3)")
    actors = [flat(t) for t in cells.all_text_contents()]
    assert len(actors) == 25 and set(actors) <= set(payloads) | {"JNIM", "Military Forces of Mali"}
    assert page.evaluate(injected) == []
    assert report.dialogs == [] and report.js_errors == [] and report.console_errors == []
    page.close()
