"""The published site's map furniture in Chromium through a 127.0.0.1 server, 1400x900
and 390x844, as the single page's (``tests/render/test_labels_clear_browser.py``): a
country's count of country-level events never sits under a control, and the table has no
Actor 1 column on a site whose events name no actor 1 (an incident sheet's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from geomap.publish.build import PublishOptions, publish_site
from tests.publish.conftest import acled_rows, write_acled
from tests.publish.test_site_browser import VIEWPORTS, opened
from tests.publish.test_site_table_browser import TABLE, _open_table
from tests.render.test_labels_clear_browser import (
    COUNT,
    LEFT_CORNER,
    LEFT_CORNER_OPEN,
    move_count_under,
    move_count_under_time_filter,
)
from tests.sources._fixtures import write_ucdp
from tests.static_server import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def country_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ACLED events and UCDP's, one of them known only to Ukraine."""
    data = tmp_path_factory.mktemp("country-data")
    files = [write_acled(data / "acled.csv", acled_rows(120, seed=5)),
             write_ucdp(data / "ged.csv")]
    folder = tmp_path_factory.mktemp("country-site")
    publish_site(files, folder, PublishOptions(workers=1))
    return folder


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_country_count_moves_clear_of_the_time_filter(
        browser: Any, country_site: Path, screenshot_dir: Path, viewport: str) -> None:
    with serve(country_site) as url, opened(browser, url, VIEWPORTS[viewport]) as page:
        page.wait_for_function("() => GeomapSite.state.events.eventsInView(false).n > 0")
        assert move_count_under_time_filter(page) == []
        page.screenshot(path=str(screenshot_dir / f"publish-{viewport}-count-clear.png"))


def test_a_country_count_moves_clear_of_the_open_panel(browser: Any, country_site: Path) -> None:
    """Before, the open Explore panel covered a country's count; now it moves beside it,
    and back once the panel is closed."""
    with serve(country_site) as url, opened(browser, url, VIEWPORTS["desktop"]) as page:
        page.wait_for_function("() => GeomapSite.state.events.eventsInView(false).n > 0")
        page.locator("[data-geomap-control=export] .gm-view-table-open").click()
        assert move_count_under(page, ".gm-view-table") == []
        page.locator(".gm-view-table .gm-drawer-close").click()
        assert page.evaluate(f"document.querySelector('{COUNT}').style.marginLeft") == ""


@pytest.mark.parametrize("size", list(LEFT_CORNER_OPEN))
def test_the_title_and_time_filter_beside_the_open_panel_or_under_it(
        browser: Any, country_site: Path, size: tuple[int, int]) -> None:
    """Before, the site moved them beside the panel at every width: at 800x600 the title
    block ran under the search and the layer list, the time filter under the legend."""
    with serve(country_site) as url, opened(browser, url, size) as page:
        page.locator("[data-geomap-control=export] .gm-view-table-open").click()
        assert page.evaluate(LEFT_CORNER) == LEFT_CORNER_OPEN[size]
        page.locator(".gm-view-table .gm-drawer-close").click()
        assert page.evaluate(LEFT_CORNER) == [[], []]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_actor_1_column_on_a_site_without_actor_1(
        browser: Any, sheet_file: Path, published_site: Path, tmp_path: Path,
        viewport: str) -> None:
    site = tmp_path / "sheet-site"
    publish_site([sheet_file], site, PublishOptions(workers=1))
    for folder, columns in ((site, ["Date", "Type", "Place", "Fatalities"]),
                            (published_site, ["Date", "Type", "Actor 1", "Place", "Fatalities"])):
        with serve(folder) as url, opened(browser, url, VIEWPORTS[viewport],
                                          "view=49.99,36.23,10") as page:
            page.wait_for_function("() => GeomapSite.state.events.eventsInView(false).n > 0")
            _open_table(page)
            heads = page.locator(f"{TABLE} th:visible").all_inner_texts()
            assert [text.strip() for text in heads if text.strip()] == columns
            assert page.locator(f"{TABLE} .gm-table-row").first.locator("td").count() == \
                len(columns)
