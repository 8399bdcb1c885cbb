"""Event types' markers in the legend, in real headless Chromium at 1400x900: on a map of
ACLED and UCDP no two types share a marker (Battles and State-based conflict were both
orange circles), and a sheet's own types have a marker each up to 32, the legend saying
which share the grey beyond."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import pytest

from geomap.model import Event
from geomap.precision import Precision
from tests.render.bundles import make_bundle, make_events
from tests.render.test_styling import ucdp_events
from tests.render.test_workbench_browser import SIZES, sized_page

pytestmark = pytest.mark.browser

#: Each legend type row: its name, its swatch's markup, its "shared" note.
ROWS = """() => Array.from(document.querySelectorAll(".gm-legend-type")).map(row => [
    row.querySelector("span").textContent.replace(/ \\(\\d+\\)$/, ""),
    row.querySelector("svg").innerHTML,
    (row.querySelector(".gm-type-shared") || {}).textContent || ""])"""


def legend_rows(page: Any) -> list[list[str]]:
    return page.evaluate(ROWS)


def test_acled_and_ucdp_types_have_markers_of_their_own(browser, tmp_path, screenshot_dir):
    both = make_bundle(events=pd.concat([make_events(), ucdp_events()], ignore_index=True))
    with sized_page(browser, tmp_path, SIZES[0], both) as report:
        rows = legend_rows(report.page)
        names = [name for name, _, _ in rows]
        assert {"Battles", "State-based conflict", "One-sided violence",
                "Violence against civilians"} <= set(names)
        swatches = [swatch for _, swatch, _ in rows]
        assert len(set(swatches)) == len(swatches), rows  # no two types alike
        ucdp = {name: swatch for name, swatch, _ in rows if name in
                ("State-based conflict", "One-sided violence")}
        assert all("polygon" in swatch and "0,6.5" in swatch for swatch in ucdp.values())
        report.page.screenshot(path=str(screenshot_dir / "types_acled_ucdp_1400.png"))
        assert report.js_errors == []


@pytest.mark.parametrize("size", SIZES[:1])
def test_a_sheets_types_beyond_32_say_they_share_grey(browser, tmp_path, size):
    own = [Event(f"S{k}", date(2024, 1, 1 + k % 28), f"Kind {k:02d}", 14.0 + k * 0.05,
                 -2.0 + k * 0.07, Precision.EXACT, country="Mali", iso="ML", dataset="table")
           for k in range(34)]
    frame = make_events(own)
    sheet = frame[frame["dataset"] == "table"].reset_index(drop=True)
    with sized_page(browser, tmp_path, size, make_bundle(events=sheet)) as report:
        rows = legend_rows(report.page)
        assert len(rows) == 34
        shared = [name for name, _, note in rows if note]
        assert shared == ["Kind 32", "Kind 33"]
        assert all("shared" in note for _, _, note in rows if note)
        first = [swatch for _, swatch, note in rows if not note]
        assert len(set(first)) == 32
        assert report.js_errors == []
