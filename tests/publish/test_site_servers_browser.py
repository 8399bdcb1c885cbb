"""A published site served by servers that do not answer range requests, in Chromium on
127.0.0.1: a small archive is read whole and the map works; where the archive cannot be
read, the map says so and what to do, instead of showing no events without a word."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path
from typing import Any

import pytest

from geomap.publish.build import PublishOptions, publish_site
from tests.publish.conftest import acled_rows, write_acled
from tests.publish.test_site_browser import VIEWPORTS, _in_view, opened
from tests.static_server import WholeFileHandler, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("servers-site")
    publish_site([write_acled(folder.parent / "few.csv", acled_rows(3000, seed=4))], folder,
                 PublishOptions(workers=1))
    return folder


class BrokenArchiveHandler(WholeFileHandler):
    """Serves every file but the tile archive, which fails."""

    def send_head(self):  # type: ignore[no-untyped-def]
        if self.path.split("?")[0].endswith(".pmtiles"):
            self.send_error(HTTPStatus.INTERNAL_SERVER_ERROR)
            return None
        return super().send_head()


def test_a_small_site_works_from_a_server_without_range_requests(browser: Any, site: Path
                                                                  ) -> None:
    assert (site / "events.pmtiles").stat().st_size > 16384  # more than the first read
    with serve(site, WholeFileHandler) as url, \
            opened(browser, url, VIEWPORTS["desktop"]) as page:
        seen = _in_view(page)
        assert seen["n"] > 0 or seen["dense"]  # its events, as markers or squares
        assert page.locator(".gm-tiles-failed").count() == 0


def test_a_site_whose_archive_cannot_be_read_says_so(browser: Any, site: Path) -> None:
    with serve(site, BrokenArchiveHandler) as url:
        page = browser.new_page()
        try:
            page.set_viewport_size({"width": 390, "height": 844})
            page.goto(url + "index.html")
            notice = page.locator(".gm-tiles-failed")
            notice.wait_for(timeout=60_000)
            text = notice.inner_text()
            assert "could not be read" in text and "range requests" in text
            assert "HTTP 500" in text and "README.txt" in text
            assert notice.is_visible()
            box = notice.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        finally:
            page.close()
