"""Keyboard-only use of the single page in real Chromium: Tab reaches the controls, not
every province; the Explore drawer opens with Enter and closes with Escape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.render.test_workbench_browser import sized_page

pytestmark = pytest.mark.browser

#: What has the focus: "province" for a province's outline, "map" for anything else inside
#: the map's panes (a relation's line), else its control's name or its class.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) { return 'body'; }
  if (e.classList.contains('gm-province')) { return 'province'; }
  if (e.closest('.leaflet-pane')) { return 'map'; }
  const control = e.closest('[data-geomap-control]');
  return control ? control.getAttribute('data-geomap-control') : String(e.className);
}"""


@pytest.mark.parametrize("size", [(1400, 900), (390, 844)])
def test_tab_reaches_the_controls_without_stopping_on_provinces(
        browser: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """Before, each province's tooltip made its outline a Tab stop (Chromium puts an SVG
    element with focus listeners in the Tab order), all of them before the controls: 744
    on a map of an ACLED file and a sheet. A story's few relations and regions keep theirs."""
    with sized_page(browser, tmp_path, size) as report:
        page = report.page
        page.locator(".folium-map").focus()
        stops = []
        for _ in range(30):
            page.keyboard.press("Tab")
            stops.append(page.evaluate(FOCUSED))
            if stops[-1] == "explore":
                break
        assert "province" not in stops, stops
        assert stops[-1] == "explore", stops
        page.keyboard.press("Enter")
        drawer = page.locator(".gm-drawer")
        assert drawer.is_visible()
        assert page.evaluate("() => document.activeElement.className") == "gm-drawer-close"
        page.keyboard.press("Escape")
        assert drawer.is_hidden()
        assert page.evaluate(FOCUSED) == "explore"  # back where the reader was
