"""A sheet's toll written as a lower bound ("100+") shows as one ("at least 100") in the
popups and tables of the single page and of the published site, as the sheet gave it
(before: "100", the bound read and then dropped on the way to the page)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import geomap
from geomap.publish.build import PublishOptions, publish_site
from tests.browser_helpers import open_map
from tests.publish.conftest import sheet_rows, write_sheet
from tests.publish.test_site_browser import VIEWPORTS, _events, _move, opened
from tests.render.pages import open_drawer
from tests.static_server import serve

TABLE = "[data-geomap-control=table]"
#: The sheet's tolls as written, and as the popups and tables show them.
TOLLS = {"100+": "at least 100", "7": "7", "at least 12": "at least 12"}


@pytest.fixture(scope="module")
def toll_sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = sheet_rows(["Kidnapping", "IED", "Battles"])
    for row, written in zip(rows, TOLLS, strict=True):
        row[5] = written
    return write_sheet(tmp_path_factory.mktemp("tolls") / "tolls.csv", rows)


def test_a_sites_tiles_keep_a_tolls_lower_bound(toll_sheet: Path, tmp_path: Path,
                                                published_site: Path) -> None:
    """The bound is a feature's ``fl`` (no ``fh``: no upper end); an ACLED site's
    features have neither (its tiles are those of before)."""
    publish_site([toll_sheet], tmp_path / "site", PublishOptions(workers=1))
    found = {p["notes"]: (p["f"], p.get("fl"), p.get("fh")) for *_, p in _events(tmp_path / "site")}
    assert found == {"Incident 0": (100, 100, None), "Incident 1": (7, None, None),
                     "Incident 2": (12, 12, None)}
    assert not any({"fl", "fh"} & set(p) for *_, p in _events(published_site))


def _shown(texts: list[str]) -> dict[str, str]:
    return {text: shown for text in texts for written, shown in TOLLS.items()
            if f"Fatalities{shown}" in text.replace("\t", "").replace("\n", "")}


@pytest.mark.browser
def test_the_single_pages_popups_and_table_show_the_toll_as_written(
        browser: Any, toll_sheet: Path, tmp_path: Path) -> None:
    page_path = geomap.save(geomap.map(toll_sheet, offline=True), tmp_path / "tolls.html")
    report = open_map(browser, page_path, wait_ms=300)
    page = report.page
    try:
        page.set_viewport_size({"width": 1400, "height": 900})
        page.wait_for_function("() => window.GeomapRender && GeomapRender.instances.length")
        popups = []
        for k in range(3):
            popups.append(page.evaluate(f"""() => {{
                const marker = GeomapRender.instances[0].eventsLayer.markers[{k}].openPopup();
                return marker.getPopup().getElement().querySelector('.leaflet-popup-content')
                    .innerText; }}"""))
        assert sorted(_shown(popups).values()) == sorted(TOLLS.values()), popups
        drawer = open_drawer(page)
        cells = drawer.locator(f"{TABLE} tbody tr td:last-child").all_inner_texts()
        assert sorted(cells) == sorted(TOLLS.values())
        assert report.js_errors == [] and report.console_errors == []
    finally:
        page.close()


@pytest.mark.browser
def test_the_sites_popups_and_table_show_the_toll_as_written(
        browser: Any, toll_sheet: Path, tmp_path: Path) -> None:
    folder = tmp_path / "site"
    publish_site([toll_sheet], folder, PublishOptions(workers=1))
    with serve(folder) as url, opened(browser, url, VIEWPORTS["desktop"]) as page:
        _move(page, 49.99, 36.23, 15)
        page.locator("[data-geomap-control=export] .gm-view-table-open").click()
        page.locator(f"{TABLE} .gm-table-row").first.wait_for()
        rows = page.locator(f"{TABLE} .gm-table-row")
        cells = [rows.nth(k).locator("td").last.inner_text() for k in range(rows.count())]
        assert sorted(cells) == sorted(TOLLS.values())
        popups = []
        for k in range(rows.count()):
            rows.nth(k).click()
            popup = page.locator(".leaflet-popup-content")
            popup.wait_for()
            popups.append(popup.inner_text())
        assert sorted(_shown(popups).values()) == sorted(TOLLS.values()), popups


@pytest.mark.browser
def test_a_ucdp_sites_legend_and_popups_say_deaths_as_the_single_page(
        browser: Any, tmp_path: Path) -> None:
    """The single page sizes UCDP's events by "deaths (best estimate)" and its popups say
    so, with the low-high range; the site said "reported fatalities" and "Fatalities"
    (found comparing a UCDP sample's page and site)."""
    from tests.sources._fixtures import write_ucdp

    folder = tmp_path / "site"
    publish_site([write_ucdp(tmp_path / "ged.csv")], folder, PublishOptions(workers=1))
    with serve(folder) as url, opened(browser, url, VIEWPORTS["desktop"]) as page:
        legend = page.locator(".gm-legend").text_content()
        assert "Size: deaths (best estimate)" in legend and "reported fatalities" not in legend
        _move(page, -0.7264, 29.2378, 12)
        page.locator("[data-geomap-control=export] .gm-view-table-open").click()
        row = page.locator(f"{TABLE} .gm-table-row").first
        row.wait_for()
        assert row.locator("td").last.inner_text() == "12 (range 10–15)"
        row.click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert "Deaths (best estimate)\t12 (range 10–15)" in popup.inner_text()
        # its type once (UCDP's sub-event type repeats it): "One-sided violence"
        assert popup.locator(".gm-pop-type").inner_text() == "One-sided violence"
