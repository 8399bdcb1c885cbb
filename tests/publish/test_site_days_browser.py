"""The published site's time filter by day, in Chromium through a 127.0.0.1 server: the
markers, the events in view, their table and CSV follow the days selected; the counts
and province colours follow whole months, and the title says which; a link keeps the
days."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.publish.conftest import HOSTILE
from tests.publish.test_site_browser import VIEWPORTS, _find, _move, opened
from tests.publish.test_site_explore_browser import _export, _overlaps
from tests.static_server import serve

pytestmark = pytest.mark.browser
EPOCH = date(1970, 1, 1)



def _select(page: Any, first: date, last: date) -> None:
    """Move the time slider's handles to days ``first`` and ``last``."""
    page.evaluate("""([a, b]) => { const s = document.querySelector('.gm-time-start'),
        e = document.querySelector('.gm-time-end');
        s.value = a; e.value = b; e.dispatchEvent(new Event('input')); }""",
                  [(first - EPOCH).days, (last - EPOCH).days])


def _title(page: Any) -> str:
    return page.locator(".gm-daterange").inner_text()


def _exact_days(rows: list[dict[str, str]]) -> set[date]:
    """Days of the exported events known to the day."""
    return {date.fromisoformat(row["event_date"]) for row in rows if row["time_precision"] == "1"}


def test_markers_follow_days_and_counts_whole_months(
        browser: Any, published_site: Path, tmp_path: Path, screenshot_dir: Path) -> None:
    with serve(published_site) as url, opened(browser, url, VIEWPORTS["desktop"]) as page:
        lat, lon = _find(published_site, HOSTILE)
        _move(page, lat, lon, 10)
        # whole months (March to May 2021): the counts and the markers agree
        _select(page, date(2021, 3, 1), date(2021, 5, 31))
        assert _title(page).endswith(" events · Mar 2021 – May 2021")
        months = _title(page).split(" of ")[0]
        whole = _export(page, tmp_path)
        exact = _exact_days(whole)
        assert min(exact) < date(2021, 3, 10) and max(exact) > date(2021, 5, 20)
        # 10 March to 20 May: the markers follow the days, the counts the months they touch
        _select(page, date(2021, 3, 10), date(2021, 5, 20))
        assert _title(page) == (f"{months} of 2,999 events in Mar 2021 – May 2021"
                                " · markers 10 Mar 2021 – 20 May 2021")
        assert page.locator(".gm-time-label").inner_text() == "10 Mar 2021 – 20 May 2021"
        page.wait_for_timeout(200)  # the count in view follows 50 ms after a change
        days = _export(page, tmp_path)
        exact = _exact_days(days)
        assert exact and all(date(2021, 3, 10) <= day <= date(2021, 5, 20) for day in exact)
        left_out = {row["event_id"] for row in whole} - {row["event_id"] for row in days}
        assert left_out and {row["event_id"] for row in days} < {row["event_id"] for row in whole}
        # an event known only to its month (or year: time_precision 4, 5) overlaps the
        # days: it stays
        coarse = [row for row in whole if row["time_precision"] in ("4", "5")]
        assert coarse and {row["event_id"] for row in coarse} <= {row["event_id"] for row in days}
        page.screenshot(path=str(screenshot_dir / "publish-desktop-days.png"))
        # the table lists the same events
        page.locator("[data-geomap-control=export] .gm-view-table-open").click()
        label = page.locator("[data-geomap-control=table] .gm-table-label")
        label.wait_for()
        assert label.inner_text().endswith(f" of {len(days):,}")
        # a day's events: one day selected, only its exact events and the coarser ones
        one = sorted(exact)[len(exact) // 2]
        _select(page, one, one)
        page.wait_for_timeout(200)
        assert _exact_days(_export(page, tmp_path)) == {one}


@pytest.mark.parametrize("name", VIEWPORTS)
def test_a_link_keeps_the_days(browser: Any, published_site: Path, screenshot_dir: Path,
                               name: str) -> None:
    with serve(published_site) as url:
        with opened(browser, url, VIEWPORTS[name]) as page:
            _select(page, date(2020, 2, 3), date(2020, 8, 27))
            page.wait_for_function("() => location.hash.includes('time=')")
            values = parse_qs(urlsplit(page.url).fragment)
            assert values["time"] == ["2020-02-03,2020-08-27"]
            _select(page, date(2020, 2, 1), date(2020, 8, 31))  # whole months: months
            page.wait_for_function("() => location.hash.includes('time=2020-02%2C')")
            assert parse_qs(urlsplit(page.url).fragment)["time"] == ["2020-02,2020-08"]
        # a link of the single page (days), another month's last day
        fragment = "time=2020-02-03,2020-02-29"
        with opened(browser, url, VIEWPORTS[name], fragment) as page:
            shown = page.evaluate("() => GeomapSite.state.site.days")
            assert [EPOCH + timedelta(days=d) for d in shown] == [date(2020, 2, 3),
                                                                  date(2020, 2, 29)]
            assert page.locator(".gm-time-label").inner_text() == "3 Feb 2020 – 29 Feb 2020"
            assert _title(page).endswith(
                " in Feb 2020 – Feb 2020 · markers 3 Feb 2020 – 29 Feb 2020")
            page.screenshot(path=str(screenshot_dir / f"publish-{name}-days.png"))
            assert _overlaps(page, ".gm-title", ["[data-geomap-control=export]",
                                                 "[data-geomap-control=search]", ".gm-time"]) == []
