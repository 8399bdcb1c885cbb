"""The published site's state in the URL, in Chromium through a 127.0.0.1 server: a link
reopens the same view, time range and event types; a hostile link opens the site's own
view."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from geomap.publish.build import publish_site
from tests.publish.test_site_browser import VIEWPORTS, _move, opened
from tests.static_server import serve

pytestmark = pytest.mark.browser

SHOWN = """() => { const s = GeomapSite.state; return {zoom: s.map.getZoom(),
    center: s.map.getCenter(), months: s.site.months, days: s.site.days, typeOn: s.site.typeOn,
    title: document.querySelector('.gm-daterange').textContent,
    time: document.querySelector('.gm-time-label').textContent,
    off: [...document.querySelectorAll('.gm-legend-type.gm-off')].map(n => n.textContent)}; }"""


@pytest.fixture(scope="module")
def site(acled_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("link-site")
    publish_site([acled_file], folder)
    return folder


def _fragment(page: Any, key: str) -> str:
    """The page's fragment once it holds ``key`` (written a moment after a change)."""
    page.wait_for_function("key => new URLSearchParams(location.hash.slice(1)).has(key)", arg=key)
    return urlsplit(page.url).fragment


def _day(text: str) -> int:
    return (date.fromisoformat(text) - date(1970, 1, 1)).days


def _month(text: str) -> int:
    year, month = text.split("-")
    return (int(year) - 1970) * 12 + int(month) - 1


@pytest.mark.parametrize("name", VIEWPORTS)
def test_a_link_reopens_the_view_time_range_and_types(browser: Any, site: Path,
                                                     screenshot_dir: Path, name: str) -> None:
    # the slider starts on the first day the events reach, as on the single page
    first_day = json.loads((site / "site.json").read_text(encoding="utf-8"))["days"][0]
    with serve(site) as url:
        with opened(browser, url, VIEWPORTS[name]) as page:
            assert urlsplit(page.url).fragment == ""  # nothing written before a change
            if name == "phone":  # the legend starts folded
                page.locator(".gm-legend-toggle").click()
            page.locator(".gm-legend-type").nth(3).click()  # hide Protests
            page.evaluate("""() => { const s = document.querySelector('.gm-time-start'),
                e = document.querySelector('.gm-time-end');
                s.value = +s.min + 413; e.value = +s.min + 730;
                e.dispatchEvent(new Event('input')); }""")
            _move(page, 12.37, -1.53, 9)
            fragment = _fragment(page, "view")
            values = {k: v[0] for k, v in parse_qs(fragment).items()}
            assert values["view"] == "12.3700,-1.5300,9"
            assert values["xtype"] == "Protests"
            # days, as the single page writes them
            assert [_day(d) for d in values["time"].split(",")] == [first_day + 413,
                                                                    first_day + 730]
            before = page.evaluate(SHOWN)
            assert before["off"][0].startswith("Protests")
        with opened(browser, url, VIEWPORTS[name], fragment) as fresh:
            after = fresh.evaluate(SHOWN)
            assert after == before
            assert fresh.evaluate("() => GeomapSite.state.events.hitCount()") > 0
            if name == "phone":
                fresh.locator(".gm-legend-toggle").click()
            fresh.screenshot(path=str(screenshot_dir / f"publish-{name}-link.png"))
            if name == "phone":  # open, the legend covers the time control
                fresh.locator(".gm-legend-toggle").click()
            fresh.locator(".gm-time-all").click()  # the whole range: no "time" in the link
            fresh.wait_for_function("() => !location.hash.includes('time=')")
            assert "xtype=Protests" in fresh.url


HOSTILE_FRAGMENTS = [
    "view=NaN,1e999,5&time=<script>window.__pwned=1</script>,x",
    "view=95,10,4&time=2021-13,2020-02&xtype=<img src=x onerror=window.__pwned=1>",
    "view=12,,4&time=1850-01,1850-02&xtype=%E0%A4%A",
    "view=javascript:alert(1)&time=2021-01&xtype=" + "Battles|" * 2000,
    "view=1,2,3,4&time=2021-01-01,2021-02-01,2021-03-01&view=%00",
    "time=2021-02-30,2021-03-01", "time=2021-1-5,2021-02-01", "time=2021-01-00,2021-02-01",
]


def test_a_hostile_link_opens_the_sites_own_view(browser: Any, site: Path) -> None:
    with serve(site) as url:
        with opened(browser, url, VIEWPORTS["desktop"]) as page:
            default = page.evaluate(SHOWN)
        # a type hidden puts a badge on the Explore button: the view is fitted clear of
        # the wider button, as it is for a plain link that hides the type
        with opened(browser, url, VIEWPORTS["desktop"], "xtype=Battles") as page:
            filtered = page.evaluate(SHOWN)
        for fragment in HOSTILE_FRAGMENTS:
            with opened(browser, url, VIEWPORTS["desktop"], fragment) as page:
                shown = page.evaluate(SHOWN)
                hidden = "Battles|" in fragment
                frame = filtered if hidden else default
                assert shown["zoom"] == frame["zoom"] and shown["center"] == frame["center"]
                assert shown["months"] == default["months"]  # no day of the site's range
                assert shown["days"] == default["days"]
                assert shown["typeOn"] == [not (hidden and t == 0)
                                           for t in range(len(shown["typeOn"]))]
                assert page.evaluate("() => window.__pwned") is None
        # a zoom beyond the map's is brought within it; months outside the site's are cut
        with opened(browser, url, VIEWPORTS["desktop"],
                    "view=12.37,-1.53,99&time=1990-01,2021-06") as page:
            shown = page.evaluate(SHOWN)
            assert shown["zoom"] == 18
            assert shown["months"] == [default["months"][0], _month("2021-06")]
