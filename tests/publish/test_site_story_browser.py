"""A story's named regions, actors and relations on the published site, in Chromium
through a 127.0.0.1 server: drawn by the single page's own scripts, with its legend rows,
layer names, tooltips and popups (text, never markup), following the time filter and
the actors picked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from geomap.publish.build import PublishOptions, publish_site
from tests.publish.conftest import HOSTILE
from tests.publish.test_site_browser import VIEWPORTS, opened
from tests.static_server import serve

pytestmark = pytest.mark.browser
RELATIONS = "path.geomap-relation"
ACTORS = ".gm-actor"


@pytest.fixture(scope="module")
def site(story_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("story-site")
    publish_site([story_file], folder, PublishOptions(workers=1))
    return folder


def _point_on(page: Any, selector: str, at: float) -> tuple[float, float]:
    """The screen position of the point ``at`` (0-1) along the first SVG path matched."""
    return tuple(page.evaluate("""([selector, at]) => {
        const path = document.querySelector(selector), m = path.getScreenCTM();
        const p = path.getPointAtLength(at * path.getTotalLength());
        return [p.x * m.a + p.y * m.c + m.e, p.x * m.b + p.y * m.d + m.f]; }""",
                                [selector, at]))


@pytest.mark.parametrize("name", VIEWPORTS)
def test_story_layers_are_drawn_as_on_the_single_page(
        browser: Any, site: Path, screenshot_dir: Path, name: str) -> None:
    with serve(site) as url, opened(browser, url, VIEWPORTS[name]) as page:
        assert page.locator(".gm-title-main").inner_text() == "Two towns, two years"
        layers = page.locator(".leaflet-control-layers-overlays").inner_text()
        for label in ("Countries in focus", "Named regions", "Relations", "Actors",
                      "Actor footprints"):
            assert label in layers
        assert page.locator(".gm-region-label", has_text="Sahel").count() == 1
        assert page.locator(RELATIONS).count() == 2
        assert page.locator(ACTORS).count() == 3  # one per home place
        legend = page.locator(".gm-legend-body").inner_text()
        for text in ("Relations (arrow: from → to)", "Attack", "Support", "Named region",
                     "Country in focus", "Actor's home place"):
            assert text in legend
        # the countries in focus (the story's own countries here), shaded from the basemap
        assert page.evaluate("""() => GeomapSite.state.site.story.overlays['Countries in focus']
            .getLayers().map(layer => layer.feature.properties.iso_a2).sort()""") == ["ML", "NE"]
        assert page.locator(".leaflet-gmHighlight-pane canvas").count() == 1
        page.screenshot(path=str(screenshot_dir / f"publish-{name}-story.png"))
        if name == "desktop":
            page.mouse.click(*_point_on(page, RELATIONS, 0.3))  # on the line: its popup
            popup = page.locator(".leaflet-popup-content")
            popup.wait_for()
            text = popup.inner_text()
            assert "Rebels of the Story → Army of the Story" in text and HOSTILE in text
            assert popup.locator("img, script").count() == 0
            assert page.evaluate("() => window.__pwned") is None
            page.screenshot(path=str(screenshot_dir / "publish-desktop-story-popup.png"))


def test_story_layers_follow_the_days_and_the_actors(browser: Any, site: Path) -> None:
    with serve(site) as url:
        with opened(browser, url, VIEWPORTS["desktop"], "time=2019-03,2020-12") as page:
            assert page.locator(RELATIONS).count() == 1  # the 2023 support is out
            assert page.locator(ACTORS).count() == 2  # the neighbour acted in 2023 only
            page.locator(".gm-time-all").click()
            assert page.locator(RELATIONS).count() == 2 and page.locator(ACTORS).count() == 3
        with opened(browser, url, VIEWPORTS["desktop"], "actors=Neighbour+State") as page:
            assert page.locator(RELATIONS).count() == 1
            assert page.locator(ACTORS, has_text="Neighbour State").count() == 1
            assert page.locator(ACTORS).count() == 1


def test_event_data_alone_shows_the_countries_in_focus_and_the_busiest_actors(
        browser: Any, published_site: Path, screenshot_dir: Path) -> None:
    """Without a story, the single page's layers of event data: the countries in focus
    shaded, and the busiest actors' home places listed but off at first (over event data,
    as on the single page), drawn when turned on."""
    with serve(published_site) as url, opened(browser, url, VIEWPORTS["desktop"]) as page:
        layers = page.locator(".leaflet-control-layers-overlays").inner_text()
        assert "Countries in focus" in layers and "Actors" in layers
        assert "Named regions" not in layers and "Actor footprints" in layers  # fetched later
        assert page.evaluate("""() => GeomapSite.state.site.story.overlays['Countries in focus']
            .getLayers().map(layer => layer.feature.properties.iso_a2).sort()""") == [
            "BF", "LY", "ML", "UA"]
        assert page.locator(".gm-actor-name").count() == 0  # off at first
        page.locator(".leaflet-control-layers-overlays label", has_text="Actors").click()
        names = page.locator(".gm-actor-name")
        names.first.wait_for()
        assert names.count() == 13 and "Actor 0" in names.all_text_contents()
        # homes a few km apart: the names that would pile up wait for a closer view
        shown = page.evaluate("""() => [...document.querySelectorAll('.gm-actor-names')]
            .filter(n => getComputedStyle(n).visibility !== 'hidden').length""")
        assert 1 <= shown < 13
        page.screenshot(path=str(screenshot_dir / "publish-desktop-data-actors.png"))
