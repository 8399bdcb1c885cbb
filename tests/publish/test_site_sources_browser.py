"""The published site's source filter and the source columns of its export, in Chromium
through a 127.0.0.1 server, as the single page has them
(``tests/render/test_workbench_sources_browser.py``): a site of several files of several
datasets (``geomap publish a.csv b.csv ged.csv``) filters its markers by dataset, and by
file where one dataset comes in several; a link keeps it; the export names each event's
dataset and file. A site of one source shows no such list."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from geomap.publish.build import PublishOptions, publish_site
from tests.publish.conftest import PLACES, acled_rows, write_acled
from tests.publish.test_site_browser import VIEWPORTS, opened
from tests.publish.test_site_export_browser import _download
from tests.publish.test_site_table_browser import _open_table
from tests.sources._fixtures import write_ucdp
from tests.static_server import serve

pytestmark = pytest.mark.browser
FILTERS = "[data-geomap-control=table] [data-geomap-control=filters]"
IN_VIEW = "() => GeomapSite.state.events.eventsInView(false).n"


def _ucdp_rows(rows: int) -> list[dict[str, Any]]:
    """``rows`` UCDP GED events at the PLACES, each at a place (drawn as a marker)."""
    out = []
    for i in range(rows):
        lon, lat, _, _, country, location = PLACES[i % len(PLACES)]
        out.append(dict(id=700000 + i, relid=f"GED-{i}", year=2021, type_of_violence=1 + i % 3,
                        side_a="Government", side_b=f"Group {i % 4}", where_prec=1,
                        where_coordinates=location, latitude=lat + 0.01 * (i % 7),
                        longitude=lon - 0.013 * (i % 5), country=country, date_prec=1,
                        date_start=f"2021-0{1 + i % 9}-1{i % 10}",
                        date_end=f"2021-0{1 + i % 9}-1{i % 10}", best=i % 4, low=i % 4,
                        high=i % 4 + 1))
    return out


@pytest.fixture(scope="module")
def sources_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ACLED in two files (in two folders: a site names no folder) and UCDP in one."""
    data = tmp_path_factory.mktemp("sources-data")
    (data / "one").mkdir()
    (data / "two").mkdir()
    rows = acled_rows(300, seed=23)
    files = [write_acled(data / "one" / "acled_mali.csv", rows[:200]),
             write_acled(data / "two" / "acled_more.csv", rows[200:]),
             write_ucdp(data / "ged.csv", _ucdp_rows(60))]
    folder = tmp_path_factory.mktemp("sources-site")
    publish_site(files, folder, PublishOptions(workers=1))
    return folder


def _boxes(page: Any) -> list[str]:
    return page.locator(f"{FILTERS} .gm-filter-sources .gm-check").all_text_contents()


def _box(page: Any, text: str) -> Any:
    return page.locator(f"{FILTERS} .gm-filter-sources .gm-check", has_text=text).locator("input")


def _exported(page: Any, tmp_path: Path) -> list[dict[str, str]]:
    path = _download(page, ".gm-export-csv", tmp_path)
    return list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines(keepends=True)))


def test_site_json_lists_the_sources_as_the_single_page_does(sources_site: Path) -> None:
    meta = json.loads((sources_site / "site.json").read_text(encoding="utf-8"))
    assert meta["filters"]["sources"] == [["acled", "acled_mali.csv", 200],
                                          ["acled", "acled_more.csv", 100], ["ucdp", "", 60]]
    assert meta["filters"]["sourceFiles"] == 3
    assert "/one/" not in json.dumps(meta)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_site_of_several_sources_filters_by_source_and_a_link_keeps_it(
        browser: Any, sources_site: Path, tmp_path: Path, screenshot_dir: Path,
        viewport: str) -> None:
    with serve(sources_site) as url, opened(browser, url, VIEWPORTS[viewport]) as page:
        page.wait_for_function(f"{IN_VIEW} === 360")
        _open_table(page)
        page.locator(f"{FILTERS} summary").click()
        assert "source" in page.locator(f"{FILTERS} summary").inner_text()
        assert "where known, source)" in page.locator("[data-geomap-control=table]").inner_text()
        # the single page's names: the dataset, and the file where it has several
        assert _boxes(page) == ["ACLED · acled_mali.csv 200", "ACLED · acled_more.csv 100",
                                "UCDP 60"]
        _box(page, "acled_more.csv").uncheck()
        page.wait_for_function(f"{IN_VIEW} === 260")
        _box(page, "UCDP").uncheck()
        page.wait_for_function(f"{IN_VIEW} === 200")
        assert "source" in page.locator(".gm-filter-note").inner_text()
        page.screenshot(path=str(screenshot_dir / f"publish-{viewport}-sources.png"))
        page.wait_for_function("() => location.hash.includes('xsrc=')")
        values = page.evaluate("() => GeomapRender.lib.hashValues('')('xsrc').split('|')")
        assert sorted(values) == ["ACLED · acled_more.csv", "UCDP"]  # the single page's value
        link = page.evaluate("() => location.hash.slice(1)")
    with serve(sources_site) as url, opened(browser, url, VIEWPORTS[viewport], link) as page:
        page.wait_for_function(f"{IN_VIEW} === 200")
        _open_table(page)
        assert page.locator(FILTERS).get_attribute("open") is not None
        assert not _box(page, "UCDP").is_checked()
        assert _box(page, "acled_mali.csv").is_checked()
        page.locator(f"{FILTERS} .gm-filters-clear").click()
        page.wait_for_function(f"{IN_VIEW} === 360")


def test_the_export_names_each_events_dataset_and_file(
        browser: Any, sources_site: Path, tmp_path: Path) -> None:
    with serve(sources_site) as url, opened(browser, url, VIEWPORTS["desktop"]) as page:
        page.wait_for_function(f"{IN_VIEW} === 360")
        _open_table(page)
        rows = _exported(page, tmp_path)
        assert Counter((r["dataset"], r["source_file"]) for r in rows) == {
            ("acled", "acled_mali.csv"): 200, ("acled", "acled_more.csv"): 100,
            ("ucdp", "ged.csv"): 60}
        data = json.loads(_download(page, ".gm-export-geojson", tmp_path).read_text("utf-8"))
        props = [feature["properties"] for feature in data["features"]]
        assert {(p["dataset"], p["source_file"]) for p in props} == {
            ("acled", "acled_mali.csv"), ("acled", "acled_more.csv"), ("ucdp", "ged.csv")}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_site_of_one_source_has_no_source_filter(
        browser: Any, published_site: Path, tmp_path: Path, viewport: str) -> None:
    with serve(published_site) as url, opened(browser, url, VIEWPORTS[viewport],
                                              "view=49.99,36.23,10") as page:
        page.wait_for_function(f"{IN_VIEW} > 0")
        _open_table(page)
        page.locator(f"{FILTERS} summary").click()
        assert _boxes(page) == []
        assert "source" not in page.locator(f"{FILTERS} summary").inner_text()
        if viewport == "desktop":
            rows = _exported(page, tmp_path)
            assert {r["dataset"] for r in rows} == {"acled"}  # from site.json: tiles name none
            assert "source_file" not in rows[0]  # one file: nothing to tell apart
