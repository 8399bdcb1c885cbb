"""Issue 17: a story's map opens framed on what it shows, clear of its panels, and its own
labels (country-level counts, actors' names, regions' names) never overlap, at 1400 x 900
and 390 x 844: the single page and the published site of the same drafted scenario."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from geomap.extract import extract_text, extraction_to_scenario_dict
from geomap.layers.build import build_layers
from geomap.publish.build import PublishOptions, publish_site
from geomap.render.map import render_map
from geomap.render.options import RenderOptions
from geomap.render.output import write_html
from geomap.sources.scenario import read_scenario
from tests.extract.stories import SEED_LIKE
from tests.render.bundles import make_bundle
from tests.render.screens import take_screenshot
from tests.static_server import serve

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": (1400, 900), "phone": (390, 844)}

# The pixel boxes of the frame (the map's [[south, west], [north, east]]), of every control
# and of every label shown, relative to the map.
LAYOUT = """frame => {
  const map = (window.GeomapSite && GeomapSite.state) ? GeomapSite.state.map
      : GeomapRender.instances[0].map;
  const origin = map.getContainer().getBoundingClientRect();
  const box = r => [r.left - origin.left, r.top - origin.top, r.right - origin.left,
                    r.bottom - origin.top];
  const a = map.latLngToContainerPoint(frame[0]), b = map.latLngToContainerPoint(frame[1]);
  const shown = sel => [...map.getContainer().querySelectorAll(sel)].filter(n =>
      n.getBoundingClientRect().width && getComputedStyle(n).visibility !== "hidden");
  return {
    size: [origin.width, origin.height],
    frame: [Math.min(a.x, b.x), Math.min(a.y, b.y), Math.max(a.x, b.x), Math.max(a.y, b.y)],
    controls: shown(".leaflet-control").map(n => [n.className.split(" ")[0],
                                                  box(n.getBoundingClientRect())]),
    labels: shown(".leaflet-pane .gm-country-count, .leaflet-pane .gm-actor-names, "
                  + ".leaflet-pane .gm-region-label").map(n => [n.textContent,
                                                               box(n.getBoundingClientRect())]),
    counts: shown(".leaflet-pane .gm-country-count").length,
  };
}"""


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed-like paraphrase drafted as a scenario: a battle known only to Mali, actors
    at home from Bamako to Moscow and Kyiv, relations between them."""
    extraction = extract_text(SEED_LIKE, article_date=date(2024, 8, 5))
    mapping = extraction_to_scenario_dict(extraction, title="Mali and Ukraine", source={
        "id": "a1", "title": "Paraphrase", "date": date(2024, 8, 5)})
    path = tmp_path_factory.mktemp("framing") / "draft.yaml"
    path.write_text(yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path


def _overlap(a: list[float], b: list[float]) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1


def _check(layout: dict[str, Any]) -> None:
    width, height = layout["size"]
    frame = layout["frame"]
    assert 0 <= frame[0] and 0 <= frame[1] and frame[2] <= width and frame[3] <= height
    under = [name for name, rect in layout["controls"] if _overlap(frame, rect)]
    assert under == [], f"the frame {frame} lies under {under}"
    labels = layout["labels"]
    assert labels and layout["counts"] >= 1
    piled = [(a[0], b[0]) for i, a in enumerate(labels) for b in labels[i + 1:]
             if _overlap(a[1], b[1])]
    assert piled == []
    counts = [rect for text, rect in labels if "not placed" in text or "country-level" in text]
    assert all(0 <= rect[0] and rect[2] <= width for rect in counts)  # none cut off


@pytest.mark.parametrize("name", VIEWPORTS)
def test_the_single_page_frames_its_story_clear_of_the_panels(
        browser: Any, story: Path, tmp_path: Path, screenshot_dir: Path, name: str) -> None:
    bundle = build_layers([read_scenario(story)])
    south, west, north, east = bundle.bounds
    mali = bundle.admin0.set_index("code").loc["ML", "geometry"].bounds
    assert west <= mali[0] and south <= mali[1] and east >= mali[2] and north >= mali[3]
    assert east < 60  # not Russia's point in Siberia: the map draws Moscow, not it
    html = write_html(render_map(bundle, RenderOptions(offline=True)), tmp_path / "story.html")
    page = browser.new_page()
    page.set_viewport_size({"width": VIEWPORTS[name][0], "height": VIEWPORTS[name][1]})
    try:
        page.goto(html.resolve().as_uri(), wait_until="load")
        page.wait_for_function("() => GeomapRender.instances.length"
                               " && GeomapRender.instances[0].framed")
        _check(page.evaluate(LAYOUT, [[south, west], [north, east]]))
        take_screenshot(page, screenshot_dir / f"framing-page-{name}.png")
    finally:
        page.close()


@pytest.mark.parametrize("name", VIEWPORTS)
def test_the_site_frames_its_story_clear_of_the_panels(
        browser: Any, story: Path, tmp_path: Path, screenshot_dir: Path, name: str) -> None:
    publish_site([story], tmp_path, PublishOptions(workers=1))
    south, west, north, east = build_layers([read_scenario(story)]).bounds
    page = browser.new_page()
    page.set_viewport_size({"width": VIEWPORTS[name][0], "height": VIEWPORTS[name][1]})
    try:
        with serve(tmp_path) as url:
            page.goto(url + "index.html", wait_until="load")
            page.wait_for_selector("html[data-geomap-ready]", state="attached")
            _check(page.evaluate(LAYOUT, [[south, west], [north, east]]))
            take_screenshot(page, screenshot_dir / f"framing-site-{name}.png")
    finally:
        page.close()


@pytest.mark.parametrize("name", VIEWPORTS)
def test_a_wide_frame_is_fitted_between_the_panels(
        browser: Any, tmp_path: Path, name: str) -> None:
    """A frame as wide as the map (a story from the Sahel to the Black Sea) shrinks to the
    part of the map the title, the time panel and the legend leave free."""
    frame = (4.0, -18.0, 24.0, 42.0)
    html = write_html(render_map(make_bundle(bounds=frame), RenderOptions(offline=True)),
                      tmp_path / "wide.html")
    page = browser.new_page()
    page.set_viewport_size({"width": VIEWPORTS[name][0], "height": VIEWPORTS[name][1]})
    try:
        page.goto(html.resolve().as_uri(), wait_until="load")
        page.wait_for_function("() => GeomapRender.instances.length"
                               " && GeomapRender.instances[0].framed")
        layout = page.evaluate(LAYOUT, [[frame[0], frame[1]], [frame[2], frame[3]]])
        assert [n for n, rect in layout["controls"] if _overlap(layout["frame"], rect)] == []
        assert {"gm-title", "gm-time"} <= {n for n, _ in layout["controls"]}
    finally:
        page.close()


def test_the_site_opens_without_a_stray_event(browser: Any, tmp_path: Path) -> None:
    """One row in Cape Town among 600 from the Sahel, Libya and Ukraine: the site opens on
    the 600, as the single page does (it opened on half the world: site.json's ``frame``,
    :func:`geomap.publish.build.opening_frame`)."""
    from tests.publish.conftest import acled_rows, with_a_stray_event, write_acled

    source = write_acled(tmp_path / "stray.csv", with_a_stray_event(acled_rows(600, seed=5)))
    publish_site([source], tmp_path / "site", PublishOptions(workers=1))
    page = browser.new_page()
    page.set_viewport_size({"width": 1400, "height": 900})
    try:
        with serve(tmp_path / "site") as url:
            page.goto(url + "index.html", wait_until="load")
            page.wait_for_selector("html[data-geomap-ready]", state="attached")
            shown = page.evaluate("""() => { const b = GeomapSite.state.map.getBounds();
                return [b.contains([12.37, -1.53]), b.contains([49.99, 36.23]),
                        b.contains([-33.92, 18.42])]; }""")
    finally:
        page.close()
    assert shown == [True, True, False]  # Ouagadougou and Kharkiv, not Cape Town
