"""The published site's actor and fatality filters in Chromium through a 127.0.0.1
server: the search lists actors (actors.json), picking one fits the map to its events and
draws only them, a minimum of fatalities draws only the deadlier events; both are in the
link, and an actor's name is shown as text."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from geomap.publish.build import publish_site
from tests.publish.conftest import HOSTILE
from tests.publish.test_site_browser import VIEWPORTS, _move, opened
from tests.publish.test_site_explore_browser import _expect_move, _export, _overlaps, _search, _view
from tests.static_server import serve

pytestmark = pytest.mark.browser
ACTOR = "Actor 3"
KHARKIV = "view=50.0,36.25,11"  # events drawn from leaves
COUNT = """() => { const n = document.querySelector('.gm-view-count').textContent;
    return parseInt(n.replace(/,/g, '')) === GeomapSite.state.events.eventsInView(false).n
        && !n.includes('density') ? parseInt(n.replace(/,/g, '')) : null; }"""


@pytest.fixture(scope="module")
def site(acled_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("actors-site")
    publish_site([acled_file], folder)
    return folder


def _actor(folder: Path, name: str) -> list[Any]:
    table = json.loads((folder / "actors.json").read_text(encoding="utf-8"))
    return next(row for row in table["actors"] if row[0] == name)


def _count(page: Any) -> int:
    """Events in view once the count is that of the drawn view."""
    return int(page.wait_for_function(COUNT).json_value())


@pytest.mark.parametrize("name", VIEWPORTS)
def test_picking_an_actor_fits_its_events_and_draws_only_them(
        browser: Any, site: Path, acled_file: Path, tmp_path: Path, screenshot_dir: Path,
        name: str) -> None:
    _, events, _, (south, west, north, east), main = _actor(site, ACTOR)
    with open(acled_file, encoding="utf-8", newline="") as handle:
        rows = {row["event_id_cnty"]: row for row in csv.DictReader(handle)}
    with serve(site) as url, opened(browser, url, VIEWPORTS[name]) as page:
        assert not page.locator("[data-geomap-control=actor]").is_visible()
        found = _search(page, "actor 3")
        assert found[0] == f"{ACTOR} actor · {events:,} events · " + ", ".join(
            {"UA": "Ukraine", "ML": "Mali", "BF": "Burkina Faso", "LY": "Libya"}[cc]
            for cc, _ in main)
        _expect_move(page)
        page.locator(".gm-search-result").first.click()
        view = _view(page)
        assert view[1] <= south + 0.5 and view[2] <= west + 0.5  # the box in view
        assert view[3] >= north - 0.5 and view[4] >= east - 0.5
        chip = page.locator("[data-geomap-control=actor]")
        assert chip.is_visible() and chip.locator(".gm-actor-names").inner_text() == ACTOR
        assert "actors=Actor+3" in page.wait_for_function(
            "() => location.hash.includes('actors=') && location.hash").json_value()
        _move(page, 50.0, 36.25, 11)
        shown = _count(page)
        page.screenshot(path=str(screenshot_dir / f"publish-{name}-actor.png"))
        for control in (".gm-title", ".gm-legend", ".gm-time", "[data-geomap-control=search]"):
            assert _overlaps(page, "[data-geomap-control=actor]", [control]) == []
        if name == "desktop":
            exported = _export(page, tmp_path)
            assert len(exported) == shown > 0
            assert all(ACTOR in (row["actor1"], row["actor2"]) for row in exported)
            assert {row["event_id"] for row in exported} <= set(rows)
        chip.locator(".gm-actor-clear").click()
        assert not chip.is_visible()
        assert _count(page) > shown
        page.wait_for_function("() => !location.hash.includes('actors=')")


def test_a_link_with_actors_draws_only_their_events(browser: Any, site: Path) -> None:
    with serve(site) as url:
        with opened(browser, url, VIEWPORTS["desktop"], KHARKIV) as page:
            everyone = _count(page)
        with opened(browser, url, VIEWPORTS["desktop"],
                    KHARKIV + "&actors=Actor%203|Other%20actor%201") as page:
            assert 0 < _count(page) < everyone
            chip = page.locator("[data-geomap-control=actor] .gm-actor-names")
            assert chip.inner_text() == "Actor 3, Other actor 1"
            assert urlsplit(page.url).fragment.endswith("actors=Actor%203|Other%20actor%201")


#: The actors the page's link names now.
LINKED = "new URLSearchParams(location.hash.slice(1)).get('actors')"


def test_a_link_drops_the_actors_the_site_does_not_have(browser: Any, site: Path) -> None:
    """Before, any text of the link's ``actors`` was shown as a chosen actor (and drew no
    marker); now, as on the single page, a name no event or story actor has is dropped once
    actors.json is in, and the link written again without it."""
    with serve(site) as url:
        with opened(browser, url, VIEWPORTS["desktop"], KHARKIV) as page:
            everyone = _count(page)
        with opened(browser, url, VIEWPORTS["desktop"],
                    KHARKIV + "&actors=Actor%203|No%20such%20actor") as page:
            page.wait_for_function(f"() => {LINKED} === 'Actor 3'")
            chip = page.locator("[data-geomap-control=actor] .gm-actor-names")
            assert chip.inner_text() == "Actor 3"
        with opened(browser, url, VIEWPORTS["desktop"], KHARKIV + "&actors=Nobody") as page:
            page.wait_for_function(f"() => {LINKED} === null")
            assert page.locator("[data-geomap-control=actor]").is_hidden()
            assert _count(page) == everyone


def test_an_actors_name_is_text(browser: Any, site: Path) -> None:
    with serve(site) as url, opened(browser, url, VIEWPORTS["desktop"]) as page:
        found = _search(page, "img src")
        assert found[0].startswith(HOSTILE + " actor · 1 event")
        page.locator(".gm-search-result").first.click()
        names = page.locator("[data-geomap-control=actor] .gm-actor-names")
        assert names.inner_text() == HOSTILE
        assert page.evaluate("() => window.__pwned") is None
        assert page.locator("[data-geomap-control=actor] img").count() == 0


@pytest.mark.parametrize("name", VIEWPORTS)
def test_a_minimum_of_fatalities_filters_the_markers(browser: Any, site: Path, tmp_path: Path,
                                                    screenshot_dir: Path, name: str) -> None:
    with serve(site) as url:
        with opened(browser, url, VIEWPORTS[name], KHARKIV) as page:
            everyone = _count(page)
            if name == "phone":  # the legend starts folded
                page.locator(".gm-legend-toggle").click()
            page.locator("[data-geomap-control=fatalities] input").fill("3")
            page.wait_for_function(f"() => ({COUNT})() !== null && ({COUNT})() < {everyone}")
            some = _count(page)
            assert 0 < some < everyone
            note = page.locator(".gm-filter-note").inner_text()
            assert "at least 3 fatalities" in note and "density squares" in note
            page.screenshot(path=str(screenshot_dir / f"publish-{name}-fatalities.png"))
            assert "fat=3%2C" in page.wait_for_function(
                "() => location.hash.includes('fat=') && location.hash").json_value()
            if name == "desktop":
                exported = _export(page, tmp_path)
                assert len(exported) == some
                assert all(int(row["fatalities"]) >= 3 for row in exported)
            fragment = urlsplit(page.url).fragment
            page.locator("[data-geomap-control=fatalities] input").fill("")
            assert _count(page) == everyone
        with opened(browser, url, VIEWPORTS[name], fragment) as page:
            assert _count(page) == some
            assert page.locator("[data-geomap-control=fatalities] input").input_value() == "3"
        for hostile in ("fat=abc,", "fat=-5,", "fat=99999999999,", "fat=1e3,"):
            with opened(browser, url, VIEWPORTS[name], f"{KHARKIV}&{hostile}") as page:
                assert _count(page) == everyone, hostile
                assert page.evaluate("() => GeomapSite.state.site.minFatalities") == 0


def test_each_picked_actors_name_is_isolated(browser: Any, site: Path) -> None:
    """Before: the picked actors were one text ("A, B"), so a right-to-left override in
    one name (from the data or a link) turned the names after it around as well; each
    name is now its own <bdi>, the separators outside them."""
    names = ["\u202eActor 3", "Other actor 1"]  # a name of the data, as a pick sets it
    with serve(site) as url, opened(browser, url, VIEWPORTS["desktop"], KHARKIV) as page:
        page.evaluate("(names) => GeomapSite.state.site.pickActors(names)", names)
        chip = page.locator("[data-geomap-control=actor] .gm-actor-names")
        chip.wait_for()
        assert chip.locator("bdi").all_inner_texts() == ["\u202eActor 3", "Other actor 1"]
        assert chip.inner_text() == "\u202eActor 3, Other actor 1"
