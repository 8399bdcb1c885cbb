"""Issue 8, item 1: hostile text in the data is shown, never run, in a real browser.

One map is built through the real command (``geomap build ... --offline``) from three
sources whose every text field carries a payload of ``xss_payloads.txt`` (plus very long
strings): an ACLED export (actors, place, notes, source, region), a generic CSV (its
``url`` column too) and a scenario (title, subtitle, description, source titles and URLs,
place, actor and publisher names, notes, sub-types, claims, relation descriptions). The page
is opened in headless Chromium; every event popup, relation popup, tooltip and the legend is
opened, then we assert that nothing ran and that the text is there, literally.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.browser_helpers import PageReport, open_map
from tests.security.hostile import (
    PAYLOADS,
    load_payloads,
    long_payloads,
    read_corpus,
    write_acled,
    write_scenario,
    write_table,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STATE = "GeomapRender.instances[0]"
CLI = [sys.executable, "-c", "import sys; from geomap.cli import main; sys.exit(main())"]
#: every event popup, in marker order: [event id, notes text, popup text, link hrefs]
READ_POPUPS = """() => {
    const s = GeomapRender.instances[0], out = [];
    s.eventsLayer.markers.forEach((marker, i) => {
        marker.openPopup();
        const all = document.querySelectorAll('.leaflet-popup-content');
        const box = all[all.length - 1];
        const notes = box.querySelector('.gm-pop-notes');
        const id = s.events.eventId ? s.events.eventId(i) : s.events.data.id[i];
        out.push([id, notes ? notes.textContent : null, box.textContent,
                  Array.from(box.querySelectorAll('a')).map(a => a.getAttribute('href'))]);
        marker.closePopup();
    });
    return out;
}"""
OPEN_THE_REST = """() => {
    const s = GeomapRender.instances[0];
    let opened = 0;
    s.map.eachLayer(layer => {
        if (s.eventsLayer.markers.includes(layer)) return;
        if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); opened++; }
        if (layer.getPopup && layer.getPopup()) { layer.openPopup(); opened++; }
    });
    document.querySelectorAll('.gm-legend, .gm-legend *').forEach(n => n.click && n.click());
    return opened;
}"""
#: anything that data could have injected: handlers, active elements, foreign links
INJECTED = """() => {
    const bad = [];
    for (const node of document.querySelectorAll('*')) {
        for (const attr of node.attributes) {
            if (attr.name.startsWith('on')) bad.push(node.tagName + ' ' + attr.name);
            if (/pwned/i.test(attr.value) && attr.name !== 'href') {
                bad.push(node.tagName + ' ' + attr.name + '=' + attr.value);
            }
        }
        if (['IFRAME', 'OBJECT', 'EMBED', 'DETAILS', 'MATH', 'BASE', 'TEXTAREA', 'FORM']
                .includes(node.tagName)) bad.push(node.tagName);
        if (node.tagName === 'META' && !node.closest('head')) bad.push('META in body');
        // the layer switch, the time filter and the exploration controls are the only inputs
        if (node.tagName === 'INPUT' && !/^(leaflet-control-layers-selector|gm-time-|gm-input )/
                .test(node.className)) bad.push('INPUT ' + node.outerHTML.slice(0, 80));
    }
    for (const script of document.querySelectorAll('script')) {
        if (/__pwned/.test(script.textContent) && script.type !== 'application/json') {
            bad.push('script ' + script.textContent.slice(0, 60));
        }
    }
    // Leaflet's own buttons (close, zoom) are "#" links; data links are http(s) only
    for (const a of document.querySelectorAll('a[href]')) {
        const href = a.getAttribute('href');
        const leaflet = /^#/.test(href) && /leaflet-/.test(a.className + a.parentElement.className);
        if (!leaflet && !/^https?:\\/\\//i.test(href)) bad.push('link ' + href);
    }
    for (const s of document.querySelectorAll('[src]')) {
        const src = s.getAttribute('src');
        if (/^\\s*(javascript|vbscript|data:text)/i.test(src)) bad.push('src ' + src);
    }
    if (document.getElementById('pwned')) bad.push('#pwned');
    if (window.__pwned !== undefined) bad.push('window.__pwned=' + window.__pwned);
    return bad;
}"""


def test_corpus_has_every_kind_of_payload() -> None:
    payloads = read_corpus(PAYLOADS)
    assert len(payloads) >= 30
    joined = "\n".join(payloads)
    for needle in ("<script>", "onerror=", "</script>", "javascript:", "JaVaScRiPt:",
                   "data:text/html", "vbscript:", '"><', "<svg", "{{", "${", "\u2028", "\u2029",
                   "\u202e", "\x00", "&lt;", "\t"):
        assert needle in joined, needle


def shown(text: str) -> str:
    """What the map should show for a payload: the text without NUL bytes (every reader
    refuses NUL) and without surrounding whitespace (readers strip fields)."""
    return text.replace("\x00", "").strip()


@pytest.fixture(scope="module")
def hostile_map(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Build the hostile map once through the real ``geomap build`` command."""
    folder = tmp_path_factory.mktemp("hostile")
    payloads = load_payloads() + long_payloads()
    sources = [write_acled(folder / "acled.csv", payloads),
               write_table(folder / "table.csv", payloads),
               write_scenario(folder / "story.yaml", payloads)]
    target = folder / "hostile.html"
    done = subprocess.run(
        [*CLI, "build", *map(str, sources), "--offline", "-o", str(target)],
        cwd=folder, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    summaries = [line for line in done.stdout.splitlines() if "rows read" in line]
    assert len(summaries) == 3 and all(" 0 rejected" in line for line in summaries), done.stdout
    return target, payloads


@pytest.fixture(scope="module")
def opened(browser: Any, hostile_map: tuple[Path, list[str]]) -> Any:
    """The hostile map open in the shared Chromium, every popup read once."""
    report = open_map(browser, hostile_map[0], wait_ms=700)
    report.page.wait_for_function(f"() => window.GeomapRender && {STATE}")
    popups = report.page.evaluate(READ_POPUPS)
    yield report, popups
    report.page.close()


def test_nothing_runs(opened: tuple[PageReport, list[Any]]) -> None:
    report, _ = opened
    page = report.page
    assert page.evaluate(OPEN_THE_REST) > 0
    page.wait_for_timeout(300)
    assert page.evaluate(INJECTED) == []
    assert report.dialogs == []
    assert report.js_errors == []
    assert report.console_errors == []
    assert report.failed_requests == []  # offline page: nothing to fetch, nothing injected


def test_every_payload_shown_literally(opened: tuple[PageReport, list[Any]],
                                       hostile_map: tuple[Path, list[str]]) -> None:
    _, popups = opened
    payloads = hostile_map[1]
    by_id = {row[0]: row for row in popups}
    assert len(by_id) == 3 * len(payloads)
    for k, text in enumerate(payloads):
        for event_id in (f"MLI{k + 1}", f"T{k + 1}", f"e{k}"):
            _, notes, whole, _ = by_id[event_id]
            expected = shown(text)  # every reader refuses NUL: the fixtures drop it
            assert notes == expected, (event_id, text[:80])
            assert whole.count(expected[:200]) >= 2, (event_id, text[:80])


def test_only_http_links_are_clickable(opened: tuple[PageReport, list[Any]]) -> None:
    _, popups = opened
    links = [href for row in popups for href in row[3]]
    assert links, "the scenario's https source URLs should be links"
    assert all(href.lower().startswith(("http://", "https://")) for href in links)
    assert not [href for href in links if '"' in href or "<" in href or " " in href]


def test_title_and_legend_show_text(opened: tuple[PageReport, list[Any]],
                                    hostile_map: tuple[Path, list[str]]) -> None:
    report, _ = opened
    payloads = hostile_map[1]
    page = report.page
    assert page.locator(".gm-title-main").inner_text() == payloads[0].strip()
    assert page.locator(".gm-subtitle").inner_text() == payloads[1].strip()
    assert page.locator(".gm-legend").is_visible()
    # event datasets start with the actors layer off: turn it on, as a reader would
    actors = page.locator(".leaflet-control-layers-overlays label", has_text="Actors")
    if not actors.locator("input").is_checked():
        actors.locator("input").check()
    actor_names = page.evaluate(
        "Array.from(document.querySelectorAll('.gm-actor-name')).map(n => n.textContent)")
    assert set(actor_names) >= {p.strip() for p in payloads[:30]}


def test_the_checks_catch_an_injection(browser: Any) -> None:
    """The same checks on a page where data did go in as HTML: they must complain."""
    page = browser.new_page()
    try:
        page.set_content("<div id=box></div>")
        page.evaluate("""() => { document.getElementById('box').innerHTML =
            '<img src=x onerror="window.__pwned=2"><a href="javascript:void(0)">x</a>'; }""")
        page.wait_for_timeout(200)
        found = page.evaluate(INJECTED)
        assert "window.__pwned=2" in found
        assert "link javascript:void(0)" in found
        assert any(item.startswith("IMG onerror") for item in found)
    finally:
        page.close()


def test_fragment_in_a_host_page_runs_nothing(browser: Any,
                                              hostile_map: tuple[Path, list[str]]) -> None:
    """The same sources as an ``--offline --fragment`` pasted into someone else's page."""
    folder = hostile_map[0].parent
    fragment = folder / "fragment.html"
    done = subprocess.run(
        [*CLI, "build", "acled.csv", "table.csv", "story.yaml", "--offline", "--fragment",
         "-o", str(fragment)], cwd=folder, capture_output=True, text=True, timeout=300,
        check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    host = folder / "host.html"
    host.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Host</title>"
                    "</head><body><h1>Briefing</h1>" + fragment.read_text(encoding="utf-8")
                    + "<p id='after'>end of page</p></body></html>", encoding="utf-8")
    report = open_map(browser, host, wait_ms=700)
    page = report.page
    try:
        page.wait_for_function(f"() => window.GeomapRender && {STATE}")
        page.evaluate(READ_POPUPS)
        page.evaluate(OPEN_THE_REST)
        page.wait_for_timeout(300)
        assert page.evaluate(INJECTED) == []
        assert page.locator("#after").inner_text() == "end of page"  # the host page survives
        assert report.dialogs == [] and report.js_errors == [] and report.console_errors == []
    finally:
        page.close()


#: An article whose headline, group names and quotes are markup: ``geomap build
#: article.txt`` puts its headline in the title and its sentences in the notes.
HOSTILE_ARTICLE = (
    '<img src=x onerror="window.__pwned=1;alert(1)">Militants '
    '"<script>window.__pwned=2</script>" raid Gao\n'
    "BAMAKO, 4 March 2024 - Militants of the <svg onload=alert(3)> Brigade attacked an army "
    "post near Gao on Sunday, killing four soldiers, the army said in a statement titled "
    '"</script><script>alert(4)</script>". A spokesman for the {{7*7}} ${alert(5)} Front '
    "said javascript:alert(6) was their motto.\n"
    'Fighters of the "<iframe src=javascript:alert(7)>" Movement clashed with Malian troops '
    "near Kidal on Monday, killing 12 people, local sources said.\n")


def test_a_map_of_an_article_shows_its_markup_as_text(browser: Any, tmp_path: Path) -> None:
    """An article's text reaches the map (its headline as the title, its sentences in the
    events' notes): through ``geomap build article.txt`` it is shown, never run."""
    article = tmp_path / "hostile.txt"
    article.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    target = tmp_path / "article.html"
    done = subprocess.run([*CLI, "build", str(article), "--offline", "-o", str(target)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    report = open_map(browser, target, wait_ms=700)
    page = report.page
    try:
        page.wait_for_function(f"() => window.GeomapRender && {STATE}")
        popups = page.evaluate(READ_POPUPS)
        page.evaluate(OPEN_THE_REST)
        page.wait_for_timeout(300)
        assert page.evaluate(INJECTED) == []
        assert report.dialogs == [] and report.js_errors == [] and report.console_errors == []
        assert "<script>window.__pwned=2</script>" in page.locator(".gm-title-main").inner_text()
        notes = " ".join(row[1] or "" for row in popups)
        assert len(popups) == 2
        assert '"</script><script>alert(4)</script>"' in notes
        assert '"<iframe src=javascript:alert(7)>"' in notes
    finally:
        page.close()
