"""Dataset-aware styling (issue 13 item 6): each dataset's own types, only the types present,
class breaks without empty classes, deaths for UCDP, actors that never take an event's click,
counts that agree, sources as lists."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.model import Event
from geomap.precision import Precision
from geomap.render.map import build_payload, render_map
from geomap.render.options import RenderOptions
from geomap.render.output import write_html
from geomap.render.scale import class_breaks
from geomap.render.styles import load_styles
from tests.render.bundles import make_bundle, make_events
from tests.render.screens import take_screenshot

UCDP_SOURCES = "Agence France Presse,2015-01-20;BBC Monitoring Kyiv Unian,2015-01-21"


def ucdp_events() -> Any:
    """UCDP GED rows as the reader files them: ACLED type, UCDP's own type as sub-type."""
    rows = [
        Event("G1", date(2015, 1, 20), "Battles", 16.27, -0.04, Precision.EXACT,
              sub_event_type="State-based conflict", actor1="Government of Mali",
              actor2="JNIM", location="Gao", admin1="Gao", country="Mali", iso="ML",
              fatalities=5, fatalities_low=3, fatalities_high=9, source=UCDP_SOURCES,
              dataset="ucdp"),
        Event("G2", date(2015, 2, 2), "Violence against civilians", 15.93, -1.3,
              Precision.NEAR, sub_event_type="One-sided violence", actor1="JNIM",
              actor2="Civilians", location="Douentza", admin1="Mopti", country="Mali",
              iso="ML", fatalities=2, fatalities_low=2, fatalities_high=2, dataset="ucdp"),
        Event("G3", date(2015, 3, 3), "Battles", 17.0, -2.0, Precision.SUBCOUNTRY,
              sub_event_type="State-based conflict", actor1="Government of Mali",
              country="Mali", iso="ML", fatalities=1, dataset="ucdp"),
        Event("G4", date(2015, 4, 4), "Battles", 17.5, -3.0, Precision.COUNTRY,
              sub_event_type="State-based conflict", actor1="Government of Mali",
              country="Mali", iso="ML", fatalities=0, dataset="ucdp"),
    ]
    frame = make_events(rows)
    return frame[frame["dataset"] == "ucdp"].reset_index(drop=True)


def test_ucdp_keeps_its_own_types_and_deaths() -> None:
    payload = build_payload(make_bundle(events=ucdp_events()), RenderOptions())
    names = [entry["name"] for entry in payload["types"]]
    assert names == ["State-based conflict", "One-sided violence"]  # never "Battles"
    assert all(entry["deaths"] for entry in payload["types"])
    events = payload["events"]
    assert list(events["t"]) == [0, 1, 0, 0]
    assert list(events["fl"][:2]) == [3, 2] and list(events["fh"][:2]) == [9, 2]
    assert payload["datasets"] == ["ucdp"]


def test_only_the_types_present_are_listed() -> None:
    payload = build_payload(make_bundle(), RenderOptions())  # ACLED's six, one each
    assert [entry["name"] for entry in payload["types"]][:2] == [
        "Battles", "Explosions/Remote violence"]
    looting = make_events([Event("X1", date(2024, 7, 1), "Looting", 16.0, -1.0,
                                 dataset="acled")])
    few = looting[looting["event_type"].isin(["Looting", "Protests"])]
    payload = build_payload(make_bundle(events=few), RenderOptions())
    assert [entry["name"] for entry in payload["types"]] == ["Protests", "Looting"]
    # a type of its own beside a known one: a colour of its own (before: "other" grey)
    assert payload["types"][1]["color"] == load_styles()["own_event_types"][0]["color"]
    assert "deaths" not in payload["types"][0]


def test_a_taxonomy_of_its_own_is_told_apart() -> None:
    """An incident sheet's types ("Checkpoint", "Theft"...) were all drawn in the "other"
    grey, ten legend entries alike (found by the session-33 newcomer): with no known type
    among them they take styles of their own. Beyond eight they were grey again, alike
    and unsaid: now 32 take a colour and shape pair of their own (the eight colours again
    with the next shape), the rest grey marked shared (the legend says so)."""
    from geomap.render.styles import known_type_styles, type_styles

    grey = load_styles()["other_event_type"]["color"]
    names = [f"Type {k:02d}" for k in range(34)]
    found = type_styles(names)
    assert [entry["name"] for entry in found] == names
    drawn = [(entry["color"], entry["shape"]) for entry in found[:32]]
    assert len(set(drawn)) == 32 and all(color != grey for color, _ in drawn)
    assert not any(entry.get("shared") for entry in found[:32])
    assert found[:8] == [{**style, "name": name} for style, name in
                         zip(load_styles()["own_event_types"], names[:8], strict=True)]  # as before
    assert [(entry["color"], entry.get("shared")) for entry in found[32:]] == [(grey, True)] * 2
    known = {(entry["color"], entry["shape"]) for entry in known_type_styles()}
    assert not known & set(drawn)


def test_acled_and_ucdp_types_share_a_colour_by_meaning_never_a_marker() -> None:
    """On a map of both, Battles and State-based conflict were both orange circles (and
    Riots and Non-state conflict orange squares, Violence against civilians and One-sided
    violence purple diamonds): the colour says the kind of violence across datasets, the
    shape the dataset (UCDP's a downward triangle, no ACLED or own type's shape)."""
    from geomap.render.styles import known_type_styles, own_type_styles, type_styles

    styles = {entry["name"]: entry for entry in known_type_styles()}
    pairs = [(entry["color"], entry["shape"]) for entry in styles.values()]
    assert len(set(pairs)) == len(pairs)
    assert styles["State-based conflict"]["color"] == styles["Battles"]["color"]
    assert styles["One-sided violence"]["color"] == styles["Violence against civilians"]["color"]
    ucdp = ["State-based conflict", "Non-state conflict", "One-sided violence"]
    assert {styles[name]["shape"] for name in ucdp} == {"triangle-down"}
    assert len({styles[name]["color"] for name in ucdp}) == 3
    others = [styles[name] for name in styles if name not in ucdp] + own_type_styles()
    assert "triangle-down" not in {entry["shape"] for entry in others}
    assert styles["Non-state conflict"]["color"] not in {entry["color"] for entry in others}
    both = type_styles(["Battles", "State-based conflict", "Riots", "Non-state conflict"])
    assert len({(entry["color"], entry["shape"]) for entry in both}) == 4


def test_a_sheets_own_types_beside_known_ones_have_colours_of_their_own() -> None:
    """A sheet mixing ACLED's types with its own drew its own grey, alike (found by the
    session-34 newcomer): every type in the legend has a colour of its own, none an ACLED
    or UCDP type's, and a type keeps it when a rebuild only changes the counts (the order
    the names come in)."""
    from geomap.render.styles import known_type_styles, type_styles

    grey = load_styles()["other_event_type"]["color"]
    names = ["Looting", "Protests", "Checkpoint incident", "Battles", "Kidnapping"]
    mixed = type_styles(names)
    assert [e["name"] for e in mixed] == ["Battles", "Protests", "Looting",
                                          "Checkpoint incident", "Kidnapping"]
    colours = [e["color"] for e in mixed]
    assert len(set(colours)) == len(colours) and grey not in colours
    known = {e["color"] for e in known_type_styles()}
    assert not known & set(colours[2:])
    again = {e["name"]: (e["color"], e["shape"]) for e in type_styles(names[::-1])}
    assert again == {e["name"]: (e["color"], e["shape"]) for e in mixed}


@given(st.lists(st.integers(min_value=0, max_value=50_000), max_size=200),
       st.integers(min_value=1, max_value=8))
def test_class_breaks_have_no_empty_class(counts: list[int], classes: int) -> None:
    breaks = class_breaks(counts, classes)
    assert breaks[0] == 1 and breaks == sorted(set(breaks)) and len(breaks) <= max(classes, 2)
    positive = [v for v in counts if v > 0]
    for low, high in zip(breaks, [*breaks[1:], None], strict=True):
        members = [v for v in positive if v >= low and (high is None or v < high)]
        assert members or not positive, (breaks, low)
    for low in breaks:
        digits = str(low).rstrip("0")
        assert digits in ("1", "2", "25", "5"), breaks  # rounded: 1, 2, 2.5, 5 x 10^n


def test_breaks_of_the_issue_example_leave_no_empty_top_class() -> None:
    # provinces of a UCDP Ukraine map: a few with thousands, many with a handful
    counts = [2990, 1400, 812, 40, 12, 5, 3, 2, 1, 1, 1]
    breaks = class_breaks(counts, 6)
    assert max(counts) >= breaks[-1] and breaks[-1] > 1000


# ------------------------------------------------------------------ in the browser


def open_page(browser: Any, path: Path, size: tuple[int, int]) -> Any:
    page = browser.new_page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_function("() => window.GeomapRender && GeomapRender.instances.length")
    return page


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1400, 900), (390, 844)])
def test_ucdp_map_in_the_browser(browser: Any, tmp_path: Path, screenshot_dir: Path,
                                 size: tuple[int, int]) -> None:
    bundle = make_bundle(events=ucdp_events(), relations=None)
    path = write_html(render_map(bundle, RenderOptions(offline=True)), tmp_path / "ucdp.html")
    page = open_page(browser, path, size)
    try:
        legend = page.locator("[data-geomap-control=legend]")
        if not legend.locator(".gm-legend-body").is_visible():
            legend.locator(".gm-legend-toggle").click()
        rows = legend.locator(".gm-legend-type").all_inner_texts()
        assert rows == ["State-based conflict (3)", "One-sided violence (1)"]
        assert "Size: deaths (best estimate)" in legend.inner_text()
        actors = page.evaluate("""() => [...document.querySelectorAll(
            '.leaflet-control-layers-overlays label')].map(l => [l.innerText.trim(),
            l.querySelector('input').checked])""")
        assert ["Actors", False] in actors  # an event dataset: actors off by default
        # the country label counts what the province choropleth leaves out (G3 and G4)
        tag = page.locator(".gm-country-count")  # on a phone its count alone shows
        assert tag.get_attribute("aria-label").startswith("2 events")
        assert tag.inner_text().startswith("2")
        page.evaluate("GeomapRender.instances[0].eventsLayer.markers[0].openPopup(), null")
        popup = page.locator(".leaflet-popup-content").inner_text()
        assert "State-based conflict" in popup and "Battles" not in popup
        assert "Deaths (best estimate)" in popup and "5 (range 3–9)" in popup
        sources = page.locator(".leaflet-popup-content .gm-source-list li").all_inner_texts()
        assert sources == UCDP_SOURCES.split(";")
        take_screenshot(page, screenshot_dir / f"styling_ucdp_{size[0]}x{size[1]}.png")
    finally:
        page.close()


@pytest.mark.browser
def test_browser_breaks_are_the_python_breaks(browser: Any, tmp_path: Path) -> None:
    """Pages that count in the browser (the published site) use the same class rule."""
    path = write_html(render_map(make_bundle(), RenderOptions(offline=True)), tmp_path / "m.html")
    page = open_page(browser, path, (1000, 700))
    cases = [[1, 1, 2, 3, 7, 40, 800, 2900], [234] + [1] * 30, [], [5, 5, 5],
             [2990, 1400, 812, 40, 12, 5, 3, 2, 1, 1, 1], list(range(0, 5000, 37))]
    try:
        for values in cases:
            for classes in (3, 5, 6):
                found = page.evaluate("([v, c]) => GeomapRender.lib.niceBreaks(v, c)",
                                      [values, classes])
                assert found == class_breaks(values, classes), (values, classes)
    finally:
        page.close()


@pytest.mark.browser
def test_actors_never_take_an_events_click(browser: Any, tmp_path: Path) -> None:
    """With the actors layer on, a click on an event at an actor's home opens the event."""
    from tests.render.bundles import make_actors

    actors = make_actors()
    actors.loc[0, "geometry"] = actors.geometry[0].__class__(-0.04, 16.27)  # JNIM at Gao
    bundle = make_bundle(actors=actors, relations=None)
    path = write_html(render_map(bundle, RenderOptions(offline=True)), tmp_path / "m.html")
    page = open_page(browser, path, (1400, 900))
    try:
        page.evaluate("""() => { const s = GeomapRender.instances[0];
            s.map.setView([16.27, -0.04], 9, {animate: false}); }""")
        page.wait_for_timeout(300)
        assert page.locator(".gm-actor").count() >= 1  # scenario-style data: actors shown
        x, y = page.evaluate("""() => { const s = GeomapRender.instances[0];
            const p = s.map.latLngToContainerPoint([16.27, -0.04]);
            const r = s.map.getContainer().getBoundingClientRect();
            return [r.x + p.x, r.y + p.y]; }""")
        page.mouse.click(x, y)
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for(timeout=60_000)
        assert "Battles" in popup.inner_text() and "MLI1" in popup.inner_text()
    finally:
        page.close()


@pytest.mark.browser
def test_no_size_key_when_no_event_reports_deaths(browser: Any, tmp_path: Path) -> None:
    """GDELT reports and an incident sheet have no death toll: every marker has one size,
    and the legend's "Size: reported fatalities" 0/10/100 key explained nothing (found by
    the session-33 newcomer). The key stays where some event reports deaths."""
    def legend_text(events: Any, name: str) -> str:
        bundle = make_bundle(events=events, relations=None)
        path = write_html(render_map(bundle, RenderOptions(offline=True)), tmp_path / name)
        page = open_page(browser, path, (1400, 900))
        try:
            return page.locator("[data-geomap-control=legend]").inner_text()
        finally:
            page.close()

    unknown = make_events()
    unknown["fatalities"] = float("nan")
    assert "Size:" not in legend_text(unknown, "unknown.html")
    assert "Size: reported fatalities" in legend_text(make_events(), "known.html")
