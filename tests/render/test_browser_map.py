"""The rendered map in real headless Chromium: layers drawn, legend, time filter, popups, XSS."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from geomap.model import Event, Source
from geomap.precision import DatePrecision, Precision
from geomap.render.map import render_map
from geomap.render.options import RenderOptions, ScaleThresholds
from tests.browser_helpers import open_map
from tests.render.bundles import make_bundle, make_events
from tests.render.pages import write_page
from tests.render.screens import take_screenshot

pytestmark = pytest.mark.browser

STATE = "GeomapRender.instances[0]"
PAYLOADS = Path(__file__).with_name("xss_payloads.txt")


def open_rendered(browser: Any, tmp_path: Path, bundle: Any, options: RenderOptions | None = None,
                  name: str = "map.html") -> Any:
    fmap = render_map(bundle, options or RenderOptions(offline=True))
    report = open_map(browser, write_page(fmap, tmp_path / name), wait_ms=700)
    report.page.wait_for_function("() => window.GeomapRender && GeomapRender.instances.length > 0")
    return report


def set_range(page: Any, first: str, last: str) -> None:
    """Move the time filter's handles like a reader would (input events)."""
    page.evaluate(
        """([a, b]) => {
            const day = s => Math.round(Date.parse(s) / 86400000);
            const start = document.querySelector('.gm-time-start');
            const end = document.querySelector('.gm-time-end');
            start.value = day(a); start.dispatchEvent(new Event('input'));
            end.value = day(b); end.dispatchEvent(new Event('input'));
        }""",
        [first, last],
    )


def popup_text(page: Any) -> str:
    """Text of the newest popup (a closing one may still be fading out)."""
    return page.locator(".leaflet-popup-content").last.inner_text()


def visible_markers(page: Any) -> int:
    return page.evaluate("document.querySelectorAll('path.geomap-event').length")


def test_a_countrys_tag_is_its_count_alone_on_a_phone(browser, tmp_path):
    """At 390 px the tag of events known only to a country shows its count in the dashed
    box the legend explains, not the words that would cover the region; they stay its
    accessible name, and at 1400 px they show."""
    report = open_rendered(browser, tmp_path, make_bundle())
    page = report.page
    try:
        tag = page.locator(".gm-country-count")
        assert "not placed in a province" in tag.inner_text()
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_function("() => document.querySelector('.gm-compact')")
        assert tag.inner_text().strip() == "1"
        assert tag.get_attribute("aria-label") == "1 event not placed in a province"
        box = tag.bounding_box()
        assert box is not None and box["width"] < 40
        assert report.js_errors == []
    finally:
        page.close()


def test_map_draws_every_layer(browser, tmp_path, screenshot_dir):
    report = open_rendered(browser, tmp_path, make_bundle())
    page = report.page
    try:
        assert visible_markers(page) == 5  # six events, one known only to the country
        assert page.evaluate("document.querySelectorAll('path.geomap-event-area').length") == 1
        assert page.locator(".gm-title-main").inner_text() == "Mali and Niger, 2024"
        assert page.locator(".gm-legend").is_visible()
        assert "Battles (1)" in page.locator(".gm-legend").inner_text()
        assert page.locator(".gm-country-count").inner_text().startswith("1")
        assert page.evaluate("document.querySelectorAll('path.geomap-relation').length") == 2
        assert page.locator(".gm-arrow").count() == 4
        assert page.locator(".gm-region-label").inner_text() == "Sahel (approx.)"
        assert page.locator(".gm-actor-name").count() == 3
        assert "GeoNames (CC BY 4.0)" in page.locator(".leaflet-control-attribution").inner_text()
        labels = page.locator(".leaflet-control-layers-overlays").inner_text()
        for name in ("Events", "Events per province", "Named regions", "Relations", "Actors"):
            assert name in labels
        stats = take_screenshot(page, screenshot_dir / "render_map_layers.png")
        assert not stats.is_blank()
        assert report.js_errors == [] and report.console_errors == []
    finally:
        page.close()


def test_time_filter_respects_date_precision(browser, tmp_path, screenshot_dir):
    report = open_rendered(browser, tmp_path, make_bundle())
    page = report.page
    try:
        assert page.evaluate(f"{STATE}.events.visibleCount") == 6
        # 1-3 March: only the event known to "March 2024" overlaps
        set_range(page, "2024-03-01", "2024-03-03")
        assert page.evaluate(f"{STATE}.events.visibleCount") == 1
        assert visible_markers(page) == 1
        assert "1 of 6 events" in page.locator(".gm-daterange").inner_text()
        # the choropleth follows: Gao (ML-7) has no event left, Mopti one
        counts = page.evaluate(f"{STATE}.counts.events")
        assert counts[:2] == [0, 1]
        set_range(page, "2024-01-01", "2024-02-28")
        assert visible_markers(page) == 2
        assert page.locator(".gm-country-count").count() == 0
        legend = page.locator(".gm-legend").inner_text()
        assert "Battles (1)" in legend and "Protests (0 of 1)" in legend
        take_screenshot(page, screenshot_dir / "render_map_time_filtered.png")
        page.click(".gm-time-all")
        assert visible_markers(page) == 5
        page.click(".gm-time-play")
        page.wait_for_timeout(600)
        assert page.evaluate(f"{STATE}.events.visibleCount") < 6
        page.click(".gm-time-play")  # pause
        assert report.js_errors == []
    finally:
        page.close()


def test_legend_hides_and_shows_an_event_type(browser, tmp_path):
    report = open_rendered(browser, tmp_path, make_bundle())
    page = report.page
    try:
        page.locator(".gm-legend-type", has_text="Battles").click()
        assert visible_markers(page) == 4
        page.locator(".gm-legend-type", has_text="Battles").click()
        assert visible_markers(page) == 5
    finally:
        page.close()


def test_popup_shows_date_precision_claims_and_sources(browser, tmp_path, screenshot_dir):
    report = open_rendered(browser, tmp_path, make_bundle())
    page = report.page
    try:
        page.evaluate(f"{STATE}.eventsLayer.markers[0].openPopup(), null")
        text = popup_text(page)
        for part in ("Battles", "Armed clash", "5 January 2024", "exact day", "JNIM",
                     "12 (claimed by JNIM)", "Gao, Mali", "exact place", "Clash near the airport.",
                     "Reuters"):
            assert part in text, part
        link = page.locator(".leaflet-popup-content a").last
        assert link.get_attribute("href") == "https://example.org/a"
        assert link.get_attribute("rel") == "noopener noreferrer nofollow"
        page.wait_for_timeout(400)  # the popup fades in
        take_screenshot(page, screenshot_dir / "render_map_popup.png")
        page.evaluate(f"{STATE}.eventsLayer.markers[2].openPopup(), null")
        text = popup_text(page)
        assert "March 2024" in text and "within a month" in text and "province (ADM1)" in text
        assert "not the place of the event" in text
        # the province the event is known to is outlined while its popup is open
        assert page.evaluate(f"{STATE}.areaOutline !== null")
        page.evaluate(f"{STATE}.map.closePopup(), null")
        page.locator(".gm-country-count").dispatch_event("click")
        text = popup_text(page)
        assert "not placed in a province" in text and "Known only to the country" in text
        assert "Agreement" not in text
        assert "Strategic developments" in text
    finally:
        page.close()


def test_real_click_opens_popup(browser, tmp_path):
    report = open_rendered(browser, tmp_path, make_bundle(), RenderOptions(offline=True))
    page = report.page
    try:
        box = page.evaluate(f"""(() => {{
            const m = {STATE}.eventsLayer.markers[5];
            const p = m._map.latLngToContainerPoint(m.getLatLng());
            const r = m._map.getContainer().getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }})()""")
        page.mouse.click(box[0], box[1])
        assert "Niamey" in popup_text(page)
    finally:
        page.close()


def test_phone_popup_near_the_top_opens_below_the_title(browser, tmp_path, screenshot_dir):
    report = open_rendered(browser, tmp_path, make_bundle(), RenderOptions(offline=True))
    page = report.page
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(300)
        # the marker just below the title block, in the middle: its popup opens above it
        box = page.evaluate(f"""(() => {{
            const m = {STATE}.eventsLayer.markers[5], map = m._map;
            const size = map.getSize(), at = map.latLngToContainerPoint(m.getLatLng());
            const title = document.querySelector('.gm-title').getBoundingClientRect();
            const top = title.bottom - map.getContainer().getBoundingClientRect().top + 20;
            map.panBy([at.x - size.x / 2, at.y - top], {{animate: false}});
            const p = map.latLngToContainerPoint(m.getLatLng());
            const r = map.getContainer().getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }})()""")
        page.mouse.click(box[0], box[1])
        assert "Niamey" in popup_text(page)
        page.wait_for_timeout(800)  # Leaflet's pan, then the one below the title
        popup_top, title_bottom = page.evaluate("""[
            document.querySelector('.leaflet-popup').getBoundingClientRect().top,
            document.querySelector('.gm-title').getBoundingClientRect().bottom]""")
        take_screenshot(page, screenshot_dir / "phone-popup-below-title.png")
        assert popup_top >= title_bottom
        assert report.js_errors == []
    finally:
        page.close()


def many_events(n: int) -> Any:
    from tests.render.test_map import synthetic_events

    return synthetic_events(n)


@pytest.mark.parametrize("mode", ["cluster", "canvas", "heatmap", "choropleth"])
def test_scale_modes_draw(browser, tmp_path, screenshot_dir, mode):
    bundle = make_bundle(events=many_events(3000), bounds=(11.0, -11.0, 24.0, 4.0))
    options = RenderOptions(offline=True, modes={"events": mode},
                            thresholds=ScaleThresholds(unclustered_in_view=500))
    report = open_rendered(browser, tmp_path, bundle, options, f"{mode}.html")
    page = report.page
    try:
        if mode == "cluster":
            assert page.locator(".gm-cluster-icon").count() > 5
            total = page.evaluate(
                "Array.from(document.querySelectorAll('.gm-cluster span')).map(s => +s.textContent)"
                ".reduce((a, b) => a + b, 0)")
            assert 0 < total <= 3000
            page.locator(".gm-cluster-icon").first.click()
            page.wait_for_timeout(700)
            assert page.evaluate(f"{STATE}.map.getZoom()") > 5
        elif mode == "canvas":
            assert page.locator(".leaflet-gmVectors-pane canvas").count() == 1
        elif mode == "heatmap":
            assert page.locator("canvas.gm-heat").count() == 1
        else:
            assert page.evaluate(f"{STATE}.eventsLayer === undefined")
            # hovering a province shows its counts (Gao: 14.5-18.5 N, 2.5 W-4 E)
            point = page.evaluate(f"""(() => {{
                const m = {STATE}.map, p = m.latLngToContainerPoint([17.5, 2.0]);
                const r = m.getContainer().getBoundingClientRect();
                return [r.left + p.x, r.top + p.y];
            }})()""")
            page.mouse.move(point[0], point[1])
            page.mouse.move(point[0] + 3, point[1] + 2)
            tip = page.locator(".leaflet-tooltip .gm-tip").last
            assert "Gao" in tip.inner_text() and "events" in tip.inner_text()
        stats = take_screenshot(page, screenshot_dir / f"render_map_{mode}.png")
        assert not stats.is_blank()
        assert report.js_errors == []
    finally:
        page.close()


def hostile_bundle(payloads: list[str]) -> Any:
    events = []
    for k, text in enumerate(payloads):
        events.append(Event(
            f"X{k}", date(2024, 1, 1 + k % 28), "Battles", 14.0 + k * 0.1, -3.0 + k * 0.05,
            Precision.EXACT, DatePrecision.DAY, sub_event_type=text, actor1=text, actor2=text,
            location=text, notes=text, source=text, source_url=text, fatalities=k,
            fatalities_claimed_by=text))
    bundle = make_bundle(events=make_events(events), title=payloads[0], subtitle=payloads[1],
                         attributions=payloads[:5], notes=payloads[:2])
    bundle.sources = {payloads[2]: Source(payloads[2], payloads[3], url=payloads[6])}
    bundle.regions["name"] = payloads[4]
    bundle.regions["definition"] = payloads[5]
    bundle.actors["name"] = payloads[7:10]
    bundle.relations["description"] = payloads[10:12]
    bundle.relations["source_name"] = payloads[12:14]
    return bundle


def xss_payloads() -> list[str]:
    lines = [line for line in PAYLOADS.read_text(encoding="utf-8").split("\n") if line.strip()]
    return [*lines, "line\u2028separator</script>", "\u202etxt.exe<b>x</b>"]


INJECTED = """() => {
    const bad = [];
    for (const node of document.querySelectorAll('*')) {
        for (const attr of node.attributes) {
            if (attr.name.startsWith('on')) bad.push(node.tagName + ' ' + attr.name);
        }
        const tag = node.tagName;
        if (['IFRAME', 'OBJECT', 'EMBED', 'DETAILS', 'MATH'].includes(tag)) bad.push(tag);
    }
    for (const a of document.querySelectorAll('a[href]')) {
        const href = a.getAttribute('href');
        if (!/^(https?:|#)/i.test(href)) bad.push('link ' + href);
    }
    return bad;
}"""


def test_hostile_text_is_shown_never_run(browser, tmp_path, screenshot_dir):
    payloads = xss_payloads()
    report = open_rendered(browser, tmp_path, hostile_bundle(payloads), name="xss.html")
    page = report.page
    try:
        texts = []
        for k in range(len(payloads)):
            page.evaluate(f"{STATE}.eventsLayer.markers[{6 + k}].openPopup(), null")
            texts.append(page.evaluate(
                "[...document.querySelectorAll('.leaflet-popup-content')].pop().textContent"))
        for k, text in enumerate(payloads):
            assert text.strip() in texts[k]
        page.evaluate(f"""(() => {{
            const s = {STATE};
            s.choropleth.layer.eachLayer(l => l.openTooltip());
            s.map.eachLayer(l => {{ if (l.getTooltip && l.getTooltip()) l.openTooltip(); }});
        }})()""")
        page.wait_for_timeout(300)
        assert payloads[0] in page.locator(".gm-title").inner_text()
        assert page.evaluate(INJECTED) == []
        assert report.dialogs == []
        assert report.js_errors == []
        take_screenshot(page, screenshot_dir / "render_map_xss.png")
    finally:
        page.close()


def test_offline_page_and_two_fragments(browser, tmp_path):
    from geomap.render.output import render_html

    first = render_map(make_bundle(), RenderOptions(offline=True))
    second = render_map(make_bundle(title="Second map"), RenderOptions(offline=True))
    page_html = render_html(first, offline=True)
    host = ("<!doctype html><html><body><h1>Host</h1>"
            + render_html(first, offline=True, fragment=True)
            + render_html(second, offline=True, fragment=True) + "</body></html>")
    (tmp_path / "offline.html").write_text(page_html, encoding="utf-8")
    (tmp_path / "host.html").write_text(host, encoding="utf-8")
    report = open_map(browser, tmp_path / "offline.html", wait_ms=500)
    try:
        assert visible_markers(report.page) == 5
        assert report.failed_requests == [] and report.js_errors == []
    finally:
        report.page.close()
    report = open_map(browser, tmp_path / "host.html", wait_ms=500)
    try:
        page = report.page
        assert page.evaluate("GeomapRender.instances.length") == 2
        assert visible_markers(page) == 10
        assert page.locator(".gm-title-main").all_inner_texts() == [
            "Mali and Niger, 2024", "Second map"]
        set_range(page, "2024-03-01", "2024-03-03")  # moves the first map's slider only
        counts = page.evaluate("GeomapRender.instances.map(s => s.events.visibleCount)")
        assert counts == [1, 6]
        assert report.failed_requests == [] and report.js_errors == []
    finally:
        report.page.close()


@pytest.mark.slow
def test_hundred_thousand_events_become_interactive(browser, tmp_path):
    # How fast is measured in bench/ (bench/run.py); this test checks the page works at 100k.
    bundle = make_bundle(events=many_events(100_000), bounds=(11.0, -11.0, 24.0, 4.0))
    path = write_page(render_map(bundle, RenderOptions(offline=True)), tmp_path / "big.html")
    page = browser.new_page()
    try:
        page.goto(path.as_uri(), wait_until="load", timeout=120_000)
        page.wait_for_function("() => window.GeomapRender && GeomapRender.instances.length")
        # clusters are redrawn once the opening zoom to the bounds has ended
        page.wait_for_function("document.querySelectorAll('.gm-cluster-icon').length > 10")
        shown = page.evaluate("(() => { const s = GeomapRender.instances[0];"
                              " s.setTimeRange(s.span[0], s.span[0] + 90);"
                              " return s.events.visibleCount; })()")
        assert 0 < shown < 100_000
    finally:
        page.close()


def test_aggregates_only_map_without_events(browser, tmp_path):
    bundle = make_bundle(events=make_events().iloc[:0])
    report = open_rendered(browser, tmp_path, bundle, name="no_events.html")
    page = report.page
    try:
        assert visible_markers(page) == 0
        assert page.locator(".gm-time").count() == 0
        assert "Events per province" in page.locator(".gm-legend").inner_text()
        assert page.evaluate(f"{STATE}.counts.events") == [1, 2, 1, 1]  # from the aggregates
        assert report.js_errors == []
    finally:
        page.close()


def test_popup_pages_through_events_at_the_same_place(browser, tmp_path, screenshot_dir):
    extra = [Event(f"GAO{k}", date(2024, 1, 10 + k), "Riots", 16.27, -0.04, location="Gao",
                   notes=f"Riot number {k}") for k in range(2)]
    report = open_rendered(browser, tmp_path, make_bundle(events=make_events(extra)),
                           name="same_place.html")
    page = report.page
    try:
        page.evaluate(f"{STATE}.eventsLayer.markers[0].openPopup(), null")
        assert "1 of 3 events at this place" in popup_text(page)
        assert "Clash near the airport." in popup_text(page)
        page.locator(".gm-pager-next").last.click()
        assert "2 of 3" in popup_text(page) and "Riot number 0" in popup_text(page)
        page.locator(".gm-pager-prev").last.click()
        page.locator(".gm-pager-prev").last.click()
        assert "3 of 3" in popup_text(page) and "Riot number 1" in popup_text(page)
        page.wait_for_timeout(300)
        take_screenshot(page, screenshot_dir / "render_map_same_place.png")
        set_range(page, "2024-01-01", "2024-01-10")  # the pager counts only visible events
        page.evaluate(f"{STATE}.eventsLayer.markers[0].openPopup(), null")
        assert "1 of 2 events at this place" in popup_text(page)
        assert report.js_errors == []
    finally:
        page.close()


def test_cluster_of_one_place_pages_through_its_events(browser, tmp_path):
    extra = [Event(f"GZA{k}", date(2024, 1, 1 + k % 28), "Battles", 19.5, 1.5, location="Town",
                   notes=f"Event {k}") for k in range(40)]
    options = RenderOptions(offline=True, modes={"events": "cluster"},
                            thresholds=ScaleThresholds(unclustered_in_view=10))
    report = open_rendered(browser, tmp_path, make_bundle(events=make_events(extra)), options,
                           "one_place.html")
    page = report.page
    try:
        page.wait_for_function("document.querySelectorAll('.gm-cluster-icon').length > 0")
        icon = page.locator(".gm-cluster-icon", has_text="40")
        icon.dispatch_event("click")
        assert "1 of 40 events at this place" in popup_text(page)
        assert report.js_errors == []
    finally:
        page.close()


@pytest.mark.parametrize("size", [(1400, 900), (390, 844)])
def test_the_scale_bar_figures_fit_their_bars(browser, tmp_path, size):
    """Before, the page's 1rem font (folium's) made "1000 km" wider than its bar at some
    zooms, the bar's end drawn through the figure; now Leaflet's own size."""
    report = open_rendered(browser, tmp_path, make_bundle(), RenderOptions(offline=True))
    page = report.page
    try:
        page.set_viewport_size({"width": size[0], "height": size[1]})
        over = []
        for zoom in range(2, 9):
            page.evaluate(f"{STATE}.map.setZoom({zoom}, {{animate: false}})")
            page.wait_for_timeout(100)
            over += page.evaluate("""() => [...document.querySelectorAll(
                '.leaflet-control-scale-line')].filter(n => n.scrollWidth > n.clientWidth)
                .map(n => n.textContent)""")
        assert over == []
        assert report.js_errors == []
    finally:
        page.close()


@pytest.mark.parametrize("size", [(1400, 900), (390, 844)])
def test_a_long_sub_type_goes_under_the_type_never_broken_inside_its_words(browser, tmp_path,
                                                                           size):
    """Before, the sub-type was squeezed beside "Explosions/Remote violence" into a column
    that broke "missile" as "missil-e" (at both sizes); now it wraps under the type, each
    word whole."""
    shelling = Event("SDN1", date(2024, 5, 11), "Explosions/Remote violence", 13.63, 25.35,
                     Precision.EXACT, sub_event_type="Shelling/artillery/missile attack",
                     actor1="RSF", location="El Fasher", country="Sudan", iso="SD",
                     fatalities=27)
    report = open_rendered(browser, tmp_path, make_bundle(make_events([shelling])),
                           RenderOptions(offline=True))
    page = report.page
    try:
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.evaluate(f"{STATE}.eventsLayer.markers[6].openPopup(), null")
        page.wait_for_timeout(300)
        lines = page.evaluate("""() => {
            const head = [...document.querySelectorAll('.gm-pop-type')].pop();
            const [type, sub] = head.querySelectorAll('span');
            const lineOf = n => Math.round(n.getBoundingClientRect().height
                                           / parseFloat(getComputedStyle(n).lineHeight));
            return [type.textContent, sub.textContent, lineOf(sub),
                    sub.getBoundingClientRect().top >= type.getBoundingClientRect().bottom - 1];
        }""")
        assert lines == ["Explosions/Remote violence", " · Shelling/artillery/missile attack",
                         1, True], lines
    finally:
        page.close()


def test_the_legend_open_on_a_phone_hides_the_names_under_it(browser, tmp_path):
    """At 390 px the open legend covers the actors' names in the map's middle: before,
    its 95 % white let them show through between its rows."""
    report = open_rendered(browser, tmp_path, make_bundle())
    page = report.page
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_function("() => document.querySelector('.gm-compact')")
        background = page.evaluate(
            "getComputedStyle(document.querySelector('.gm-legend')).backgroundColor")
        assert background == "rgb(255, 255, 255)", background
    finally:
        page.close()


LONG_CREDITS = ["Armed Conflict Location & Event Data (ACLED), acleddata.com",
                "Uppsala Conflict Data Program (UCDP GED), CC BY 4.0",
                "The GDELT Project, gdeltproject.org", "Natural Earth (public domain)",
                "GeoNames (CC BY 4.0)", "Scenario: curated by the map's author from its sources"]


def test_a_long_attribution_never_covers_the_scale_or_the_time_filter(browser, tmp_path):
    """Several datasets' credits wrap the attribution over the map's foot on a map too wide
    to be compact (800x600, as an article's column): the left corner's scale bar and time
    filter stand above it, as on a phone, and stay where they were under a short one."""
    report = open_rendered(browser, tmp_path, make_bundle(attributions=LONG_CREDITS))
    page = report.page
    overlaps = """() => {
        const a = document.querySelector('.leaflet-control-attribution').getBoundingClientRect();
        const hit = e => { const b = e.getBoundingClientRect(); return b.width > 0 &&
            a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; };
        return {lines: Math.round(a.height / 14),
                hidden: [...document.querySelectorAll('.leaflet-bottom.leaflet-left > *')]
                    .filter(hit).map(e => e.className)}; }"""
    try:
        for width, height in ((800, 600), (1024, 768), (1400, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(300)
            found = page.evaluate(overlaps)
            assert found["hidden"] == [], (width, found)
        page.set_viewport_size({"width": 800, "height": 600})
        page.wait_for_timeout(300)
        assert page.evaluate(overlaps)["lines"] >= 2  # the case: it does wrap there
        assert report.js_errors == []
    finally:
        page.close()


#: The controls of the top-right corner (search, layer list, Explore button, a site's
#: events in view) the legend's box overlaps.
UNDER_LEGEND = """() => {
    const l = document.querySelector('.gm-legend').getBoundingClientRect();
    return [...document.querySelectorAll('.leaflet-top.leaflet-right > *')].filter(c => {
        const r = c.getBoundingClientRect();
        return r.height && r.top < l.bottom && l.top < r.bottom
            && r.left < l.right && l.left < r.right;
    }).map(c => c.getAttribute('data-geomap-control') || c.className); }"""


def test_the_legend_never_covers_the_explore_button(browser, tmp_path):
    """Before, the legend was as tall as the map less the top-right corner and a fixed 56
    pixels: at 800x600, with the credits on two lines, its top lay over the Explore
    button's foot. Now it ends above whatever that corner holds, at every size."""
    report = open_rendered(browser, tmp_path, make_bundle(attributions=LONG_CREDITS))
    page = report.page
    try:
        for width, height in ((800, 600), (1024, 768), (1400, 900), (800, 520)):
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(300)
            assert page.evaluate(UNDER_LEGEND) == [], (width, height)
        assert report.js_errors == []
    finally:
        page.close()
