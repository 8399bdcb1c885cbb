"""The published site's layers in Chromium through a 127.0.0.1 server: what a reader
clicks (actors' home places, relations) is drawn over the density squares and the areas,
with its tooltip or popup; a marker under a home place still opens its popup; the layer
list names what the site has (no "density" on a site without squares)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from geomap.publish.build import PublishOptions, publish_site
from tests.publish.conftest import COLUMNS, PLACES, acled_rows, write_acled
from tests.publish.test_site_browser import VIEWPORTS, _move, opened
from tests.publish.test_site_explore_browser import _search
from tests.static_server import serve

pytestmark = pytest.mark.browser
#: The z-index of the pane that draws the first element ``selector`` matches.
PANE_Z = """(selector) => {
    const node = document.querySelector(selector);
    return node ? +getComputedStyle(node.closest('.leaflet-pane')).zIndex : null; }"""
LAYER_NAMES = """() => [...document.querySelectorAll(
    '.leaflet-control-layers-overlays label > span > span')].map(s => s.textContent.trim())"""
TRIPOLI = PLACES[4]


def _actors_on(page: Any) -> None:
    if not page.locator(".leaflet-control-layers-expanded").count():  # a phone: the button
        box = page.locator(".leaflet-control-layers-toggle").bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.locator(".leaflet-control-layers-expanded").wait_for()
    page.locator(".leaflet-control-layers-overlays label", has_text="Actors").click()
    page.locator(".gm-actor").first.wait_for()


@pytest.fixture(scope="module")
def one_place_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 events of one actor at one point (its home, and markers under it): a site
    without density squares."""
    rows = acled_rows(40, seed=3)
    for row in rows:
        row[COLUMNS.index("actor1")], row[COLUMNS.index("actor2")] = "Lone Actor", ""
        row[COLUMNS.index("latitude")], row[COLUMNS.index("longitude")] = "12.3714", "-1.5197"
        row[COLUMNS.index("iso")], row[COLUMNS.index("country")] = "854", "Burkina Faso"
        row[COLUMNS.index("geo_precision")] = "1"
        row[COLUMNS.index("source")] = "Paper A; Paper B"
    folder = tmp_path_factory.mktemp("one-place")
    source = write_acled(folder / "one.csv", rows)
    publish_site([source], folder / "site", PublishOptions(workers=1))
    return folder / "site"


@pytest.mark.parametrize("name", VIEWPORTS)
def test_home_places_are_drawn_over_the_density_squares(
        browser: Any, dense_site: Path, screenshot_dir: Path, name: str) -> None:
    """On a site with squares where the busiest actors live (Tripoli, in tiles of at most
    150 events), their home places are above the squares, as the single page draws its
    actors over its areas, and their tooltips open."""
    lon, lat = TRIPOLI[0], TRIPOLI[1]
    with serve(dense_site) as url, opened(browser, url, VIEWPORTS[name]) as page:
        assert "Events and density" in page.evaluate(LAYER_NAMES)
        _move(page, lat, lon, 8)
        _actors_on(page)
        diamond = page.locator(".gm-actor svg").first
        box = diamond.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        kinds = page.evaluate("""([x, y]) => { const s = GeomapSite.state;
            const r = s.map.getContainer().getBoundingClientRect();
            return s.events.hitsAt(s.map.containerPointToLatLng([x - r.left, y - r.top]))
                .map(hit => hit.kind); }""", [x, y])
        assert "cell" in kinds  # a density square is drawn where the home place is
        tiles = page.evaluate(PANE_Z, "canvas.gm-tile")
        assert page.evaluate(PANE_Z, ".gm-actor") > tiles
        assert page.evaluate(PANE_Z, ".leaflet-gmAreas-pane canvas") < tiles
        page.screenshot(path=str(screenshot_dir / f"publish-{name}-homes-over-squares.png"))
        if name == "desktop":
            page.mouse.move(x, y)
            tip = page.locator(".leaflet-tooltip", has_text="Home place of the actor")
            tip.wait_for()
            assert "Actor" in tip.inner_text()
            page.mouse.click(x, y)  # a home place over a square: the square does not zoom
            page.wait_for_timeout(300)
            assert page.evaluate("() => GeomapSite.state.map.getZoom()") == 8


def test_relations_are_drawn_over_the_events_and_the_areas(browser: Any,
                                                           story_file: Path,
                                                           tmp_path: Path) -> None:
    """A story's relations (lines with popups) and home places over the tiles' pane; its
    footprints (area fills) under it."""
    publish_site([story_file], tmp_path / "site", PublishOptions(workers=1))
    with serve(tmp_path / "site") as url, opened(browser, url, VIEWPORTS["desktop"]) as page:
        tiles = page.evaluate(PANE_Z, "canvas.gm-tile")
        relations = page.evaluate(PANE_Z, "path.geomap-relation")
        assert relations > tiles and page.evaluate(PANE_Z, ".gm-actor") > relations
        page.locator(".leaflet-control-layers-overlays label",
                     has_text="Actor footprints").locator("input").check()
        page.wait_for_function("() => GeomapSite.state.map.hasLayer("
                               "GeomapSite.state.site.story.overlays['Actor footprints'])")
        footprints = page.evaluate("""() => +getComputedStyle(GeomapSite.state.site.story
            .overlays['Actor footprints'].getLayers()[0].getLayers()[0]._path
            .closest('.leaflet-pane')).zIndex""")
        assert footprints < tiles
        assert "Events" in page.evaluate(LAYER_NAMES)
        assert "Events and density" not in page.evaluate(LAYER_NAMES)
        # the legend lists the story's event types, as the single page does, and the map
        # has its scale and its zoom buttons where the single page has them
        assert [text.split(" (")[0] for text in page.locator(".gm-legend-type").all_inner_texts()
                ] == ["Battles", "Strategic developments"]
        assert page.locator(".leaflet-control-scale").is_visible()
        title, zoom = (page.locator(selector).bounding_box()
                       for selector in (".gm-title", ".leaflet-control-zoom"))
        assert zoom["y"] >= title["y"] + title["height"]  # the zoom buttons under the title


def test_a_marker_under_a_home_place_opens_its_popup(browser: Any,
                                                     one_place_site: Path) -> None:
    """The layer list says "Events" (no squares on this site), and a click on a home place
    drawn over markers opens the markers' popup, as a click on them would, with the
    event's sources one per line."""
    with serve(one_place_site) as url, \
            opened(browser, url, VIEWPORTS["desktop"], "view=12.3714,-1.5197,10") as page:
        names = page.evaluate(LAYER_NAMES)
        assert "Events" in names and "Events and density" not in names
        _actors_on(page)
        assert page.locator(".gm-actor-name").all_inner_texts() == ["Lone Actor"]
        box = page.locator(".gm-actor svg").bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert "Lone Actor" in popup.inner_text()
        # its sources one per line, as the single page lists them
        assert popup.locator(".gm-source-list li").first.inner_text() == "Paper A"
        assert popup.locator(".gm-source-list li").all_inner_texts()[:2] == ["Paper A", "Paper B"]
        # the events layer off: a click finds no marker, and nothing fails
        page.locator(".leaflet-control-layers-overlays label").filter(
            has=page.locator("span", has_text=re.compile(r"^\s*Events\s*$"))).click()
        page.wait_for_function("() => !GeomapSite.state.map.hasLayer(GeomapSite.state.events)")
        page.mouse.click(700, 450)


#: Requests the page made for footprints.json (Resource Timing: every request since the
#: page opened).
FETCHED = """() => performance.getEntriesByType('resource')
    .filter(entry => entry.name.endsWith('/footprints.json')).length"""
FOOTPRINTS = "GeomapSite.state.site.story.overlays['Actor footprints']"


def test_footprints_of_event_data_are_fetched_when_asked(browser: Any,
                                                         published_site: Path) -> None:
    """A site of event data alone draws its busiest actors' footprints as the single page
    does, from footprints.json: not fetched for the first view, fetched when the actors
    are switched on (then drawn when the footprints are), or when a reader searches."""
    layers = json.loads((published_site / "layers.json").read_text(encoding="utf-8"))
    count = layers["footprintsCount"]
    assert count > 6 and layers["footprints"] == []
    with serve(published_site) as url, opened(browser, url, VIEWPORTS["desktop"]) as page:
        page.wait_for_function("() => GeomapSite.state.site.actorTable")  # after the first view
        assert page.evaluate(FETCHED) == 0
        assert "Actor footprints" in page.evaluate(LAYER_NAMES)
        assert "Actor footprint (areas where it acted)" in page.locator(".gm-legend").inner_text()
        _actors_on(page)
        page.wait_for_function(f"() => {FOOTPRINTS}.getLayers().length === 2 * {count}")
        assert page.evaluate(FETCHED) == 1
        assert page.evaluate(f"() => GeomapSite.state.map.hasLayer({FOOTPRINTS})") is False
        page.locator(".leaflet-control-layers-overlays label",
                     has_text="Actor footprints").locator("input").check()
        page.wait_for_function("() => document.querySelectorAll("
                               f"'.leaflet-gmStory-pane path').length >= {count}")
        assert page.evaluate(FETCHED) == 1
    with serve(published_site) as url, opened(browser, url, VIEWPORTS["phone"]) as page:
        _search(page, "actor 3")
        page.wait_for_function(f"() => {FOOTPRINTS}.getLayers().length === 2 * {count}")
        assert page.evaluate(FETCHED) == 1


def test_a_few_footprints_are_shown_after_the_first_view(browser: Any,
                                                         one_place_site: Path) -> None:
    """At most six actors: their footprints are on at first, as on the single page, and
    fetched once the first view is drawn."""
    with serve(one_place_site) as url, opened(browser, url, VIEWPORTS["desktop"]) as page:
        page.wait_for_function(f"() => GeomapSite.state.map.hasLayer({FOOTPRINTS})"
                               f" && {FOOTPRINTS}.getLayers().length === 2")
        assert page.evaluate(FETCHED) == 1
        page.locator(".leaflet-gmStory-pane path").first.wait_for()


#: Town names and the density squares' counts in view: their boxes, in container pixels.
LABEL_BOXES = """() => {
    const s = GeomapSite.state, origin = s.map.getContainer().getBoundingClientRect();
    const towns = [...document.querySelectorAll('.gm-place')].map(node => {
        const r = node.getBoundingClientRect();
        return [r.left - origin.left, r.top - origin.top, r.right - origin.left,
                r.bottom - origin.top]; });
    return {towns: towns, counts: s.events.countBoxes()}; }"""


def _overlapping(towns: list[list[float]], counts: list[list[float]]) -> int:
    return sum(1 for t in towns for c in counts
               if t[0] < c[2] and c[0] < t[2] and t[1] < c[3] and c[1] < t[3])


@pytest.mark.parametrize("name", VIEWPORTS)
def test_town_names_keep_off_the_density_counts(browser: Any, dense_site: Path,
                                                screenshot_dir: Path, name: str) -> None:
    """Issue 17: at low zooms the town names lay on the density squares' counts (Kyiv's
    name over its square's number); now a name that would cover a count waits for a
    closer view, as a name that would cover another label does."""
    counts = towns = 0
    with serve(dense_site) as url, opened(browser, url, VIEWPORTS[name]) as page:
        page.wait_for_function("() => GeomapSite.state.site.placeNames")
        for lon, lat, *_ in PLACES:
            for zoom in (3, 4, 5, 6):
                _move(page, lat, lon, zoom)
                boxes = page.evaluate(LABEL_BOXES)
                assert _overlapping(boxes["towns"], boxes["counts"]) == 0, (lat, lon, zoom)
                counts += len(boxes["counts"])
                towns += len(boxes["towns"])
        page.screenshot(path=str(screenshot_dir / f"publish-{name}-towns-counts.png"))
    assert counts > 20 and towns > 20  # both were there to collide
