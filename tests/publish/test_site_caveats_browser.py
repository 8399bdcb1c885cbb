"""A published site's title block says what of its sources it does not draw, per map as
the single page says it (``geomap.layers.build.missing_notes``), and its attribution stays
readable with the events panel open; in Chromium through a 127.0.0.1 server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from geomap.extract.output import DRAFT_PART_SUBTITLE
from geomap.layers.build import missing_notes
from geomap.publish.build import PublishOptions, publish_site
from tests.publish.conftest import COLUMNS, acled_rows, write_acled
from tests.publish.test_site_browser import VIEWPORTS, opened
from tests.publish.test_site_table_browser import _open_table
from tests.render.test_foot_and_subtitle_browser import ATTRIBUTION_COVERED
from tests.static_server import serve

pytestmark = pytest.mark.browser

#: Two events: the second dated, the first only relatively ("late last month") in an
#: article of no date: it is left out.
ARTICLE = ("Late last month, armed men attacked Malian soldiers near Gao.\n\n"
           "In 2021, JNIM fighters attacked a Malian army post near Timbuktu.\n")


@pytest.fixture(scope="module")
def partial_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An ACLED file two of whose rows are rejected (a toll edited to "15+", a row
    without a latitude) and an article one of whose events is left out."""
    data = tmp_path_factory.mktemp("partial-data")
    rows = acled_rows(120, seed=5)
    rows[3][COLUMNS.index("fatalities")] = "15+"
    rows[9][COLUMNS.index("latitude")] = ""
    files = [write_acled(data / "week.csv", rows), data / "report.txt"]
    files[1].write_text(ARTICLE, encoding="utf-8")
    folder = data / "site"
    summary = publish_site(files, folder, PublishOptions(workers=1))
    assert [s.rows_rejected for s in summary.sources] == [2, 0]
    assert summary.sources[1].left_out
    return folder


def test_an_article_beside_a_table_titles_the_site_as_the_single_page(
        partial_site: Path) -> None:
    """Before, the site took the article's first sentence for its title and said the whole
    site was a draft ("Draft extracted automatically..."), while the single page said only
    the articles' events were; both now title such a map from its data."""
    import geomap

    meta = json.loads((partial_site / "site.json").read_text(encoding="utf-8"))
    data = partial_site.parent
    bundle = geomap.layers([data / "week.csv", data / "report.txt"])
    assert (meta["title"], meta["subtitle"]) == (bundle.title, bundle.subtitle)
    assert meta["title"].startswith("ACLED")
    assert meta["subtitle"] == DRAFT_PART_SUBTITLE
    # credited as a draft, as the single page credits it, never as a curated scenario
    assert meta["attribution"] == " · ".join(bundle.attributions)
    assert "(drafts)" in meta["attribution"] and "curated" not in meta["attribution"]


def test_site_json_counts_rejected_rows_and_left_out_events(partial_site: Path) -> None:
    """Before: the site's caveats said nothing of them; a reader of the site took it for
    the whole of its sources."""
    notes = json.loads((partial_site / "site.json").read_text(encoding="utf-8"))["notes"]
    expected = missing_notes(rejected=2, left_out=1, files=False)  # no file named
    assert len(expected) == 2 and all(note in notes for note in expected)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_title_block_says_what_is_not_on_the_map(
        browser: Any, partial_site: Path, screenshot_dir: Path, viewport: str) -> None:
    with serve(partial_site) as url, opened(browser, url, VIEWPORTS[viewport]) as page:
        title = page.locator(".gm-title")
        for note in missing_notes(rejected=2, left_out=1, files=False):
            title.locator(".gm-caveat", has_text=note).wait_for(timeout=5000)
        page.screenshot(path=str(screenshot_dir / f"publish-{viewport}-missing.png"))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_open_table_leaves_the_attribution_readable(
        browser: Any, partial_site: Path, screenshot_dir: Path, viewport: str) -> None:
    """Before, the panel over the map's left side covered the attribution's left part."""
    with serve(partial_site) as url, opened(browser, url, VIEWPORTS[viewport]) as page:
        assert page.evaluate(ATTRIBUTION_COVERED) == []
        _open_table(page)
        assert page.evaluate(ATTRIBUTION_COVERED) == []
        page.screenshot(path=str(screenshot_dir / f"publish-{viewport}-table-attribution.png"))
