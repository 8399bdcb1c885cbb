"""``geomap build ARTICLE --date ...`` in real Chromium: the seed story's battle is known
to Mali only (counted on the country, never drawn as a point), the wire story's battle
sits at Tinzaouaten (issue 12, item 7)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from geomap.cli import cli
from tests.browser_helpers import open_map
from tests.cli.test_build import OPEN_POPUP_JS
from tests.extract.stories import SEED_LIKE, WIRE

pytestmark = pytest.mark.browser

# Every event the page holds: type, precision code, coordinates, country, drawn or not.
EVENTS_JS = """() => {
  const state = GeomapRender.instances[0], events = state.events, data = events.data;
  const admin0 = state.payload.admin0;
  const found = [];
  for (let i = 0; i < events.n; i++) {
    const k = data.r0[i];
    found.push({type: events.typeLabel(i), precision: data.p[i], lat: data.lat[i],
                lon: data.lon[i], area: events.isArea(i),
                country: k >= 0 ? admin0[k].properties.code : null});
  }
  return found;
}"""

POINT_MARKERS_JS = "() => document.querySelectorAll('path.geomap-event').length"


def build_article(tmp_path: Path, name: str, text: str) -> Path:
    article = tmp_path / f"{name}.txt"
    article.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(article), "--date", "2024-08-05",
                                      "--offline", "-o", str(tmp_path / f"{name}.html")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return tmp_path / f"{name}.html"


def open_events(browser: Any, html: Path) -> tuple[Any, list[dict[str, Any]]]:
    report = open_map(browser, html, wait_ms=800)
    report.page.wait_for_function("() => window.GeomapRender && GeomapRender.instances.length")
    return report, report.page.evaluate(EVENTS_JS)


def test_a_battle_the_text_places_nowhere_is_counted_on_the_country(browser, tmp_path,
                                                                    screenshot_dir):
    report, events = open_events(browser, build_article(tmp_path, "seed", SEED_LIKE))
    page = report.page
    try:
        battles = [e for e in events if e["type"] == "Battles"]
        assert len(battles) == 1
        battle = battles[0]
        assert battle["area"] and battle["precision"] == 6 and battle["country"] == "ML"
        # nothing is drawn at Bamako, the capital named in the statements
        assert not any(abs(e["lat"] - 12.6) < 0.3 and abs(e["lon"] + 8.0) < 0.3
                       for e in events)
        assert "1" in page.locator(".gm-country-count").first.inner_text()
        drawn_points = page.evaluate(POINT_MARKERS_JS)
        assert drawn_points == sum(1 for e in events if not e["area"])
        page.screenshot(path=str(screenshot_dir / "article_seed_like.png"))
        assert report.js_errors == [] and report.console_errors == []
    finally:
        page.close()


def test_a_battle_the_text_places_is_drawn_there(browser, tmp_path, screenshot_dir):
    report, events = open_events(browser, build_article(tmp_path, "wire", WIRE))
    page = report.page
    try:
        assert [e["type"] for e in events] == ["Battles"]
        battle = events[0]
        assert not battle["area"] and battle["precision"] == 2  # near Tinzaouaten
        assert (round(battle["lat"], 1), round(battle["lon"], 1)) == (19.9, 3.0)
        assert page.evaluate(POINT_MARKERS_JS) == 1
        popup = page.evaluate(OPEN_POPUP_JS, [19.9, 3.0])
        assert popup and "Tinzaouaten" in popup and "Tuareg rebels" in popup
        assert "claimed by Tuareg rebels" in popup  # the figure is one side's claim
        page.screenshot(path=str(screenshot_dir / "article_wire.png"))
        assert report.js_errors == [] and report.console_errors == []
    finally:
        page.close()
