"""A small site (the bundled example, 11 events) in Chromium through a 127.0.0.1 server:
its events are markers at every zoom, as on the single page, never density squares; the
search finds the story's actors by their story names and its named regions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from geomap.publish.build import PublishOptions, publish_site
from geomap.sources.scenario import example_path
from tests.publish.test_site_browser import VIEWPORTS, _events, _in_view, _latlon, _move, opened
from tests.publish.test_site_explore_browser import _search
from tests.static_server import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("example-site")
    publish_site([example_path()], folder, PublishOptions(workers=1))
    return folder


def _screen(page: Any, lat: float, lon: float) -> tuple[float, float]:
    point = page.evaluate("""([lat, lon]) => { const m = GeomapSite.state.map;
        const p = m.latLngToContainerPoint([lat, lon]);
        const box = m.getContainer().getBoundingClientRect();
        return [p.x + box.left, p.y + box.top]; }""", [lat, lon])
    return point[0], point[1]


@pytest.mark.parametrize("name", VIEWPORTS)
def test_a_small_site_shows_its_events_as_markers_at_every_zoom(
        browser: Any, site: Path, screenshot_dir: Path, name: str) -> None:
    events = _events(site)
    assert {z for z, _, _, _ in events} == {0}  # one leaf: the world's tile
    points = [e for e in events if e[3]["p"] not in (6, 8)]  # markers (not areas)
    with serve(site) as url, opened(browser, url, VIEWPORTS[name]) as page:
        page.wait_for_timeout(200)  # the panels redraw 50 ms after a change
        first = _in_view(page)
        assert first["cells"] == [] and not first["dense"] and first["from"] == [0]
        assert first["n"] == len(points)  # every event of the story in the first view
        words = page.evaluate("() => document.body.textContent")  # no squares to explain
        assert "Density where" not in words and "squares show" not in words
        assert "The markers follow the days selected" in words
        page.screenshot(path=str(screenshot_dir / f"publish-{name}-small.png"))
        for zoom in (1, 6, 12):  # from the whole world to a town: markers, no squares
            _, gx, gy, props = points[0]
            lat, lon = _latlon(gx + 0.5, gy + 0.5)
            _move(page, lat, lon, zoom)
            seen = _in_view(page)
            assert seen["cells"] == [] and not seen["dense"] and seen["n"] >= 1
        page.evaluate("""() => { const s = GeomapSite.state;  // the story's layers off: an
            Object.values(s.site.story.overlays).forEach(l => s.map.removeLayer(l)); }""")
        page.mouse.click(*_screen(page, lat, lon))  # actor's home is on the event: its popup
        popup = page.locator(".leaflet-popup-content .gm-popup")
        popup.first.wait_for(timeout=60_000)
        assert props["id"] in page.locator(".leaflet-popup-content").inner_text()


@pytest.mark.parametrize("name", VIEWPORTS)
def test_search_finds_the_story_actors_by_their_story_names(
        browser: Any, site: Path, screenshot_dir: Path, name: str) -> None:
    """JNIM is an actor of the story whose events name it only through the story (not as
    actor 1 or 2): found by its name, it is picked as an actor of the events is (its home
    place alone among the actors'); Mali, an actor of the events too, is listed once."""
    with serve(site) as url, opened(browser, url, VIEWPORTS[name]) as page:
        found = _search(page, "jnim")
        assert found[0].startswith("JNIM") and "story actor (armed group) · 1 event" in found[0]
        page.screenshot(path=str(screenshot_dir / f"publish-{name}-story-search.png"))
        page.locator(".gm-search-result").first.click()
        page.wait_for_function("() => GeomapSite.state.site.actors !== null")
        assert page.evaluate("() => [...GeomapSite.state.site.actors]") == ["JNIM"]
        names = page.locator(".gm-actor-name").all_inner_texts()
        assert names == ["JNIM"]  # the other actors' home places are hidden
        mali = [text for text in _search(page, "mali")
                if text.startswith("Mali ") and "actor" in text]
        assert len(mali) == 1 and "story actor" not in mali[0]
        assert _search(page, "sahel")[0].startswith("Sahel")
        assert "named region" in _search(page, "sahel")[0]


@pytest.mark.parametrize("name", VIEWPORTS)
def test_a_site_names_its_towns_as_the_single_page(browser: Any, site: Path, name: str) -> None:
    """Issue 17: "Place names" in the layer list, on: the single page's town labels
    (GeomapRender.lib.placeLabels) over places.json, which holds the single page's towns of
    the site's box and the story's frame."""
    from geomap.render.places import place_points

    places = json.loads((site / "places.json").read_text(encoding="utf-8"))
    meta = json.loads((site / "site.json").read_text(encoding="utf-8"))
    story = json.loads((site / "layers.json").read_text(encoding="utf-8"))["bounds"]
    box = [min(meta["bounds"][k], story[k]) for k in (0, 1)] + [
        max(meta["bounds"][k], story[k]) for k in (2, 3)]
    assert places == json.loads(json.dumps(place_points(tuple(box))))
    with serve(site) as url, opened(browser, url, VIEWPORTS[name]) as page:
        page.wait_for_function("() => GeomapSite.state.site.placeNames")
        layers = page.locator(".leaflet-control-layers-overlays")
        assert "Place names" in layers.inner_text()
        shown = page.locator(".gm-place").all_text_contents()
        assert len(shown) >= 3 and set(shown) <= set(places["names"])
        page.evaluate("() => { const s = GeomapSite.state;"
                      " s.map.removeLayer(s.site.placeNames); return 1; }")
        assert page.locator(".gm-place").count() == 0
