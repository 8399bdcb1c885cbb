"""What a reader must always be able to read, in real Chromium: the attribution (the
basemap's and gazetteer's credits are a licence duty) with the Explore drawer open, and a
draft's subtitle (it says the map is a draft from text) on a phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from geomap.extract.output import DRAFT_SUBTITLE
from tests.render.bundles import make_bundle
from tests.render.pages import open_drawer
from tests.render.screens import take_screenshot
from tests.render.test_workbench_browser import sized_page

pytestmark = pytest.mark.browser

#: Points along the attribution's middle line that something else covers.
ATTRIBUTION_COVERED = """() => {
  const box = document.querySelector('.leaflet-control-attribution').getBoundingClientRect();
  const covered = [];
  for (let x = box.left + 2; x < box.right - 2; x += 10) {
    const top = document.elementFromPoint(x, box.top + box.height / 2);
    if (!top || !top.closest('.leaflet-control-attribution')) {
      covered.push(top ? top.className : 'nothing');
    }
  }
  return covered;
}"""
#: The credits of a map of an ACLED file and a story: at 1400 x 900 one line from x = 277.
CREDITS = ["ACLED (acleddata.com)", "Boundaries: Natural Earth (public domain)",
           "Places: GeoNames (CC BY 4.0)",
           "Scenario: curated by the map's author from the sources listed"]


@pytest.mark.parametrize("size", [(1400, 900), (1000, 700), (500, 700), (390, 844)])
def test_the_open_drawer_leaves_the_attribution_readable(
        browser: Any, tmp_path: Path, screenshot_dir: Path, size: tuple[int, int]) -> None:
    """Before, the drawer (over the map's left side, down to its foot) covered the
    attribution's left part at every width: a phone's whole line."""
    with sized_page(browser, tmp_path, size, make_bundle(attributions=CREDITS)) as report:
        page = report.page
        assert page.evaluate(ATTRIBUTION_COVERED) == []
        open_drawer(page)
        assert page.evaluate(ATTRIBUTION_COVERED) == []
        take_screenshot(page, screenshot_dir / f"drawer_attribution_{size[0]}x{size[1]}.png")
        page.keyboard.press("Escape")
        assert page.locator(".gm-drawer").is_hidden()
        assert page.evaluate(ATTRIBUTION_COVERED) == []


@pytest.mark.parametrize("size", [(1400, 900), (390, 844)])
def test_a_drafts_subtitle_is_shown_on_a_phone(
        browser: Any, tmp_path: Path, screenshot_dir: Path, size: tuple[int, int]) -> None:
    """The subtitle of an article's draft says it is a draft to review: before, a compact
    map hid every subtitle, and a phone's reader took the draft for a checked map."""
    bundle = make_bundle(subtitle=DRAFT_SUBTITLE)
    with sized_page(browser, tmp_path, size, bundle) as report:
        subtitle = report.page.locator("[data-geomap-control=title] .gm-subtitle")
        assert subtitle.is_visible()
        assert subtitle.inner_text() == DRAFT_SUBTITLE
        box = subtitle.bounding_box()
        assert box is not None and box["y"] + box["height"] <= size[1]
        take_screenshot(report.page, screenshot_dir / f"draft_subtitle_{size[0]}x{size[1]}.png")
