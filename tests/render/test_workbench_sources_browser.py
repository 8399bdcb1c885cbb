"""The workbench's source filter and the source columns of its export, in real headless
Chromium: a map of several files of several datasets (``geomap build a.csv b.csv c.csv``)
filters by dataset, and by file where one dataset comes in several; a map of one source
shows no such control."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.browser_helpers import reopened
from tests.render.bundles import make_bundle, make_events
from tests.render.pages import filter_off, open_drawer, shown_counts
from tests.render.screens import take_screenshot
from tests.render.test_workbench_browser import SIZES, sized_page

pytestmark = pytest.mark.browser

#: the test events (MLI1-5, NER1) by dataset and file: ACLED in two files, UCDP, GDELT
ORIGINS = [("acled", "/data/in/acled_mali.csv"), ("acled", "/data/in/acled_mali.csv"),
           ("acled", "/data/in/acled_more.csv"), ("ucdp", "/data/in/ged.csv"),
           ("ucdp", "/data/in/ged.csv"), ("gdelt", "/data/in/gdelt.csv")]


def several_sources() -> Any:
    events = make_events()
    events["dataset"] = [dataset for dataset, _ in ORIGINS]
    return make_bundle(events=events,
                       event_files=np.array([file for _, file in ORIGINS], dtype=object))


def source_boxes(filters: Any) -> list[str]:
    block = filters.locator(".gm-filter-label", has_text="Source")
    if not block.count():
        return []
    return block.locator("xpath=following-sibling::div[1]").locator(".gm-check").all_text_contents()


@pytest.mark.parametrize("size", SIZES)
def test_a_map_of_several_sources_filters_by_source_and_a_link_keeps_it(
        browser, tmp_path, screenshot_dir, size):
    with sized_page(browser, tmp_path, size, several_sources()) as report:
        page = report.page
        filters = open_drawer(page).locator("[data-geomap-control=filters]")
        # the dataset, and the file where the dataset has several; no local folders
        assert source_boxes(filters) == ["ACLED · acled_mali.csv 2", "ACLED · acled_more.csv 1",
                                         "UCDP 2", "GDELT 1"]
        assert filter_off(filters, "acled_more.csv")["visible"] == 5
        now = filter_off(filters, "UCDP")
        assert now["visible"] == 3 and "3 of 6 events" in now["title"]
        take_screenshot(page, screenshot_dir / f"workbench_sources_{size[0]}.png")
        url = page.wait_for_function(
            "() => location.hash.includes('xsrc=') && location.href").json_value()
        with reopened(browser, url, size) as fresh:
            assert shown_counts(fresh)["visible"] == 3
            again = open_drawer(fresh).locator("[data-geomap-control=filters]")
            assert not again.locator(".gm-check", has_text="UCDP").locator("input").is_checked()
            assert again.locator(".gm-check", has_text="GDELT").locator("input").is_checked()
        filters.locator(".gm-filters-clear").click()
        assert shown_counts(page)["visible"] == 6
        assert report.js_errors == [] and report.console_errors == []


def test_the_export_names_each_events_dataset_and_file(browser, tmp_path):
    with sized_page(browser, tmp_path, SIZES[0], several_sources()) as report:
        page = report.page
        drawer = open_drawer(page)
        filter_off(drawer, "GDELT")
        export = drawer.locator("[data-geomap-control=export]")
        with page.expect_download() as got:
            export.locator(".gm-export-csv").click()
        rows = list(csv.DictReader(Path(got.value.path()).read_text(encoding="utf-8-sig")
                                   .splitlines(keepends=True)))
        assert {(r["event_id"], r["dataset"], r["source_file"]) for r in rows} == {
            ("MLI1", "acled", "acled_mali.csv"), ("MLI2", "acled", "acled_mali.csv"),
            ("MLI3", "acled", "acled_more.csv"), ("MLI4", "ucdp", "ged.csv"),
            ("MLI5", "ucdp", "ged.csv")}
        with page.expect_download() as got:
            export.locator(".gm-export-geojson").click()
        data = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
        props = {f["properties"]["event_id"]: f["properties"] for f in data["features"]}
        assert props["MLI3"]["dataset"] == "acled"
        assert props["MLI3"]["source_file"] == "acled_more.csv"
        assert report.js_errors == []


@pytest.mark.parametrize("size", SIZES)
def test_a_map_of_one_source_has_no_source_filter(browser, tmp_path, size):
    events = make_events()
    events["dataset"] = "acled"
    bundle = make_bundle(events=events, event_files=np.array(["/data/in/acled.csv"] * 6,
                                                              dtype=object))
    with sized_page(browser, tmp_path, size, bundle) as report:
        page = report.page
        drawer = open_drawer(page)
        assert source_boxes(drawer.locator("[data-geomap-control=filters]")) == []
        if size[0] > 700:
            export = drawer.locator("[data-geomap-control=export]")
            with page.expect_download() as got:
                export.locator(".gm-export-csv").click()
            rows = list(csv.DictReader(Path(got.value.path()).read_text(encoding="utf-8-sig")
                                       .splitlines(keepends=True)))
            assert {r["dataset"] for r in rows} == {"acled"}
            assert "source_file" not in rows[0]  # one file: nothing to tell apart
        assert report.js_errors == []


def test_the_source_filter_holds_with_more_than_65536_strings(browser, tmp_path):
    """Before: an event's source was its dataset's and file's places in the page's table of
    strings packed as ``dataset * 65536 + file``; a map whose table held more than 65,536
    strings (distinct actors, places and links: a few thousand GDELT rows) gave its later
    file a place past 65,536, so the filter listed some other string (an actor's name) as
    a dataset and mixed files up."""
    import pandas as pd

    events = make_events()
    extra = pd.concat([events.iloc[[0]]] * 10000, ignore_index=True)
    for column in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "source_url",
                   "fatalities_claimed_by", "sub_event_type"):
        extra[column] = [f"{column} {i}" for i in range(len(extra))]
    extra["source_url"] = [f"https://example.org/{i}" for i in range(len(extra))]
    extra["event_id"] = [f"X{i}" for i in range(len(extra))]
    events = pd.concat([events, extra], ignore_index=True)
    events["dataset"] = ["acled"] * len(events)
    files = ["/data/in/a.csv"] * (len(events) - 2) + ["/data/in/b.csv"] * 2
    bundle = make_bundle(events=events, event_files=np.array(files, dtype=object))
    with sized_page(browser, tmp_path, SIZES[0], bundle) as report:
        filters = open_drawer(report.page).locator("[data-geomap-control=filters]")
        assert source_boxes(filters) == [f"ACLED · a.csv {len(events) - 2:,}", "ACLED · b.csv 2"]
        assert report.js_errors == []


def test_a_link_keeps_a_source_whose_name_holds_the_links_separator(browser, tmp_path):
    """Before: a link names the sources left out joined by "|", and read them back split
    at every "|": a file named ``north|south.csv`` left out was back in the map the link
    opened. A name is now found whole between separators."""
    events = make_events()
    events["dataset"] = "acled"
    files = ["/data/in/north|south.csv"] * 3 + ["/data/in/east.csv"] * 3
    bundle = make_bundle(events=events, event_files=np.array(files, dtype=object))
    with sized_page(browser, tmp_path, SIZES[0], bundle) as report:
        page = report.page
        filters = open_drawer(page).locator("[data-geomap-control=filters]")
        assert filter_off(filters, "north|south.csv")["visible"] == 3
        url = page.wait_for_function(
            "() => location.hash.includes('xsrc=') && location.href").json_value()
        fresh = browser.new_page()
        try:
            fresh.goto(url, wait_until="load")
            fresh.wait_for_function("() => window.GeomapRender && GeomapRender.instances.length")
            fresh.wait_for_timeout(500)
            assert shown_counts(fresh)["visible"] == 3
            again = open_drawer(fresh).locator("[data-geomap-control=filters]")
            assert not again.locator(".gm-check", has_text="north|south.csv").locator(
                "input").is_checked()
        finally:
            fresh.close()
