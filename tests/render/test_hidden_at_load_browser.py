"""A map hidden when its page loads (a CMS's iframe in a closed tab or a "show the map"
box, a fragment in a collapsed section) is framed when it is shown, never opened on a
blank world. Seen in the newcomer's walk-through: an offline page in an iframe whose box
was `display: none` at load threw "Invalid LatLng object: (NaN, NaN)" twice and opened at
zoom 1 with no country, province or event drawn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from geomap.render.map import render_map
from geomap.render.options import RenderOptions
from geomap.render.output import render_html
from tests.render.bundles import make_bundle

pytestmark = pytest.mark.browser

SHOW = "document.getElementById('box').style.display = 'block'"
# once framed: the map's centre and zoom, whether its view holds the whole frame (the
# bundle's bounds), and the events drawn
VIEW = """() => { const s = GeomapRender.instances[0], c = s.map.getCenter();
  return {lat: c.lat, lon: c.lng, zoom: s.map.getZoom(),
          holds: s.map.getBounds().contains(L.latLngBounds(s.payload.frame)),
          drawn: document.querySelectorAll('path.geomap-event').length}; }"""


def _host(tmp_path: Path, body: str, after: str = "") -> Path:
    path = tmp_path / "host.html"
    path.write_text('<!doctype html><html><head><meta charset="utf-8"></head><body>'
                    '<h1>Story</h1><div id="box" style="display: none">' + body
                    + "</div>" + after + "</body></html>", encoding="utf-8")
    return path


def _open(browser: Any, host: Path) -> tuple[Any, list[str]]:
    """The host page, loaded, and the errors thrown in it or in its frames."""
    page, errors = browser.new_page(), []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(host.as_uri(), wait_until="load")
    page.wait_for_timeout(500)  # the hidden map's scripts have run
    return page, errors


def _framed(frame: Any) -> dict[str, Any]:
    frame.wait_for_function("() => window.GeomapRender && GeomapRender.instances.length")
    frame.wait_for_function("() => GeomapRender.instances[0].framed", timeout=10_000)
    return frame.evaluate(VIEW)


def _check(view: dict[str, Any]) -> None:
    # the test bundle lies in Mali and Niger: a map of the region, not a blank world
    assert view["holds"] and view["zoom"] >= 4, view
    assert 5 < view["lat"] < 25 and -20 < view["lon"] < 20, view
    assert view["drawn"] == 5, view


def test_an_iframe_hidden_at_load_is_framed_when_shown(browser: Any, tmp_path: Path) -> None:
    page_html = render_html(render_map(make_bundle(), RenderOptions(offline=True)), offline=True)
    (tmp_path / "map.html").write_text(page_html, encoding="utf-8")
    page, errors = _open(browser, _host(tmp_path, '<iframe src="map.html" width="700" '
                                                  'height="560" style="border: 0"></iframe>'))
    try:
        page.evaluate(SHOW)
        _check(_framed(page.frames[1]))
        assert errors == []
    finally:
        page.close()


def test_a_fragment_hidden_at_load_is_framed_when_shown(browser: Any, tmp_path: Path) -> None:
    fmap = render_map(make_bundle(), RenderOptions(offline=True))
    page, errors = _open(browser, _host(tmp_path, render_html(fmap, offline=True, fragment=True)))
    try:
        page.evaluate(SHOW)
        _check(_framed(page))
        assert errors == []
    finally:
        page.close()


def test_a_map_shown_before_its_first_fit_is_framed(browser: Any, tmp_path: Path) -> None:
    """Shown by the host page's own script right after it, before the page's fit runs: the
    container has its size, and Leaflet still the 0 x 0 it measured when it was made (as in
    an iframe the host page lays out after the map's scripts ran, on a busy machine)."""
    fmap = render_map(make_bundle(), RenderOptions(offline=True))
    page, errors = _open(browser, _host(tmp_path, render_html(fmap, offline=True, fragment=True),
                                        after=f"<script>{SHOW}</script>"))
    try:
        _check(_framed(page))
        assert errors == []
    finally:
        page.close()
