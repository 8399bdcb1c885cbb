"""The events table keeps words whole on a phone: its cells could break a word anywhere,
and in the drawer's narrow columns "Checkpoint incident", "Kidnapping" and "Government"
read "Checkpoi / nt", "Kidnappin / g", "Governmen / t" (found looking at a sheet with
types of its own and a UCDP sample at 390 x 844). A token longer than a column holds
still breaks, so that the table never runs past the screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from geomap.model import Event
from geomap.precision import Precision
from tests.render.bundles import make_bundle, make_events
from tests.render.pages import open_drawer
from tests.render.screens import take_screenshot
from tests.render.test_workbench_browser import sized_page

pytestmark = pytest.mark.browser

#: Words of each row cut across two lines (words longer than a column are left out).
BROKEN_WORDS = """() => {
  const broken = [];
  document.querySelectorAll('[data-geomap-control=table] tbody td .gm-cell').forEach(cell => {
    const node = cell.firstChild, re = /\\S+/g;
    if (!node) { return; }
    let m;
    while ((m = re.exec(node.textContent))) {
      if (m[0].length > 15) { continue; }
      const range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      const lines = new Set(Array.from(range.getClientRects(), r => Math.round(r.top)));
      if (lines.size > 1) { broken.push(m[0]); }
    }
  });
  return broken; }"""


def _events() -> Any:
    kinds = ["Checkpoint incident", "Kidnapping", "Battles"]
    actors = ["Government of Mali", "Group " + "X" * 40, "Kidnappers"]  # one long token
    return make_events([
        Event(f"T{k}", date(2024, 3, 1 + k), kinds[k % 3], 15.0 + k / 50, -2.0 + k / 50,
              Precision.EXACT, actor1=actors[k % 3], location=f"Ouahigouya {k}",
              country="Mali", iso="ML", fatalities=k) for k in range(9)])


@pytest.mark.parametrize("size", [(390, 844), (1400, 900)])
def test_the_events_table_keeps_words_whole_and_fits_the_screen(
        browser: Any, tmp_path: Path, screenshot_dir: Path, size: tuple[int, int]) -> None:
    with sized_page(browser, tmp_path, size, make_bundle(events=_events())) as report:
        page = report.page
        drawer = open_drawer(page)
        table = drawer.locator("[data-geomap-control=table] table")
        assert page.evaluate(BROKEN_WORDS) == []
        box = table.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= size[0]
        width = page.evaluate("""() => { const d = document.querySelector('.gm-drawer');
            return [d.scrollWidth, d.clientWidth]; }""")
        assert width[0] <= width[1], width  # the drawer does not scroll sideways
        take_screenshot(page, screenshot_dir / f"workbench_table_words_{size[0]}.png")
