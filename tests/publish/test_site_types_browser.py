"""A sheet's own event types on the published site, in Chromium through a 127.0.0.1
server: a legend row each, under its name; hiding one hides its markers and stays in the
link (``xtype``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from geomap.publish.build import publish_site
from tests.publish.conftest import OWN_TYPES
from tests.publish.test_site_browser import VIEWPORTS, opened
from tests.publish.test_site_filters_browser import _exported, _in_view
from tests.publish.test_site_table_browser import _open_table
from tests.static_server import serve

pytestmark = pytest.mark.browser
VIEW = "view=50.0,36.24,12"  # every event of the sheet in view, as markers
ROWS = "() => [...document.querySelectorAll('.gm-legend-type')].map(n => n.textContent)"
OFF = "() => [...document.querySelectorAll('.gm-legend-type.gm-off')].map(n => n.textContent)"


@pytest.fixture(scope="module")
def site(sheet_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("types-site")
    publish_site([sheet_file], folder)
    return folder


def _all_in_view(page: Any) -> None:
    page.wait_for_function("n => GeomapSite.state.events.eventsInView(false).n === n",
                           arg=sum(OWN_TYPES.values()))


@pytest.mark.parametrize("name", VIEWPORTS)
def test_the_legend_lists_own_types_and_hides_one(browser: Any, site: Path, tmp_path: Path,
                                                  screenshot_dir: Path, name: str) -> None:
    """Fails before: one row, "Other (40)"."""
    with serve(site) as url:
        with opened(browser, url, VIEWPORTS[name], VIEW) as page:
            _all_in_view(page)
            if name == "phone":  # the legend starts folded
                page.locator(".gm-legend-toggle").click()
            assert page.evaluate(ROWS) == [f"{kind} ({n})" for kind, n in OWN_TYPES.items()]
            page.screenshot(path=str(screenshot_dir / f"publish-{name}-own-types.png"))
            page.locator(".gm-legend-type", has_text="IED").click()
            rest = sum(OWN_TYPES.values()) - OWN_TYPES["IED"]
            page.wait_for_function("n => GeomapSite.state.events.eventsInView(false).n === n",
                                   arg=rest)
            assert page.evaluate(OFF) == [f"IED (0 of {OWN_TYPES['IED']})"]
            if name == "desktop":  # the export names each event's own type
                _open_table(page)
                shown = _exported(page, tmp_path)
                assert sorted({p["event_type"] for p in shown}) == ["Checkpoint incident",
                                                                     "Kidnapping"]
            page.wait_for_function("() => location.hash.includes('xtype=IED')")
            fragment = page.evaluate("() => location.hash.slice(1)")
            page.screenshot(path=str(screenshot_dir / f"publish-{name}-own-types-hidden.png"))
        with opened(browser, url, VIEWPORTS[name], fragment) as fresh:
            fresh.wait_for_function("n => GeomapSite.state.events.eventsInView(false).n === n",
                                    arg=rest)
            off = fresh.evaluate("() => GeomapSite.state.site.typeOn.filter(on => !on).length")
            assert off == 1
            assert _in_view(fresh) == rest


def test_a_popup_names_its_own_type(browser: Any, site: Path) -> None:
    meta = json.loads((site / "site.json").read_text(encoding="utf-8"))
    kidnapping = [entry["name"] for entry in meta["types"]].index("Kidnapping")
    with serve(site) as url, opened(browser, url, VIEWPORTS["desktop"], VIEW) as page:
        _all_in_view(page)
        names = page.evaluate("""t => { const s = GeomapSite.state.site;
            return [s.typeName(t, ''), s.typeName(s.otherType(), 'A raw name'),
                    s.typeName(s.otherType(), '')]; }""", kidnapping)
        assert names == ["Kidnapping", "A raw name", "Other"]
