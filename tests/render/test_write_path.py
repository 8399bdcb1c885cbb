"""The events data is one piece of the page: never copied, searched or changed on its way out."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from geomap.model import Event
from geomap.render import output
from geomap.render.elements import GeomapLayers
from geomap.render.map import render_map
from geomap.render.options import RenderOptions
from geomap.render.popups import json_pieces_for_script
from tests.render.bundles import make_bundle, make_events

# text that the whole-page passes would act on if they saw it
TRICKY = ("url(https://evil.example/x.png) <script src='https://evil.example/a.js'></script> "
          "gmidzq7 id_0123456789abcdef0123456789abcdef jQuery $( "
          "@import 'https://evil.example/c.css'; tileLayer('https://evil.example/{z}')")


def tricky_map(notes: str = TRICKY, options: RenderOptions | None = None):
    events = make_events([Event("T1", date(2024, 1, 9), "Battles", 15.1, -2.2, notes=notes,
                                actor1=notes)])
    return render_map(make_bundle(events=events), options or RenderOptions(offline=True))


def events_of(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', page, re.S)
    assert block is not None
    return json.loads(block.group(1))["events"]


@pytest.mark.parametrize("flags", [{"offline": False}, {"offline": True}, {"fragment": True},
                                   {"offline": True, "fragment": True}])
def test_parts_join_to_the_page_with_data_apart(flags) -> None:
    m = tricky_map()
    parts = output.render_parts(m, **flags)
    assert "".join(parts) == output.render_html(m, **flags)
    # the data block is the JSON's own pieces, one after the other, never joined
    expected = json_pieces_for_script(layers_of(m).payload)
    start = parts.index(expected[0])
    assert len(expected) > 1 and parts[start:start + len(expected)] == expected
    data = "".join(expected)
    events = json.loads(data)["events"]
    assert TRICKY in events["notes"]
    assert not any(c in data for c in "<>&\u2028\u2029")


def layers_of(m) -> GeomapLayers:
    return next(c for c in m._children.values() if isinstance(c, GeomapLayers))


def test_a_text_that_reads_like_a_data_marker_stays_text() -> None:
    """Only the page's own stand-in for a data block is replaced by the data."""
    from geomap.render.page import DATA_MARKER

    title = f"{DATA_MARKER}0\x00"
    page = output.render_html(tricky_map(options=RenderOptions(offline=True, title=title)))
    assert f"<title>{title}</title>" in page
    assert page.count('"title":') == 1 and events_of(page)["notes"][-1] == TRICKY


def test_data_is_not_touched_by_page_passes() -> None:
    """Offline check, asset detection and ids never look at the data (issue 15, items 6-7)."""
    page = output.render_html(tricky_map(), offline=True)  # no RenderError: data is data
    events = events_of(page)
    assert events["notes"][-1] == TRICKY  # ids not rewritten inside the data
    assert "jQuery v3.7.1" not in page  # "$(" in a note does not pull in jQuery
    outside_data = re.sub(r'<script type="application/json".*?</script>', "", page, flags=re.S)
    assert "evil.example" not in outside_data


def test_a_closing_tag_in_data_cannot_end_the_block() -> None:
    page = output.render_html(tricky_map(notes="</script><b>x</b>"))
    assert events_of(page)["notes"][-1] == "</script><b>x</b>"
    assert page.count("<b>x</b>") == 0


def test_only_events_differ_ids_still_differ() -> None:
    first = output.render_html(tricky_map(notes="first"), fragment=True)
    second = output.render_html(tricky_map(notes="second"), fragment=True)
    ids_first = set(re.findall(r'id="([^"]+)"', first))
    assert ids_first and not ids_first & set(re.findall(r'id="([^"]+)"', second))


def test_write_html_streams_the_same_bytes(tmp_path: Path) -> None:
    m = tricky_map()
    target = output.write_html(m, tmp_path / "m.html", offline=True)
    assert target.read_text(encoding="utf-8") == output.render_html(m, offline=True)
    assert [p.name for p in tmp_path.iterdir()] == ["m.html"]  # no temporary file left


def test_utf8_chunks_split_on_characters() -> None:
    from geomap.render.ids import utf8_chunks

    text = "Ségou – Tombouctou 😀 Київ" * 5
    chunks = list(utf8_chunks(text, size=7))
    assert len(chunks) > 1 and b"".join(chunks) == text.encode("utf-8")
    assert list(utf8_chunks("")) == []


WRITE = """
import hashlib, sys
from pathlib import Path
from geomap.render.output import write_html
from tests.render.test_write_path import tricky_map
for flags in ({"offline": False}, {"offline": True}, {"fragment": True}):
    path = write_html(tricky_map(), Path(sys.argv[1]) / "m.html", **flags)
    sys.stdout.write(hashlib.sha256(path.read_bytes()).hexdigest() + "\\n")
"""


def test_written_geomap_pages_are_byte_identical_across_processes(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]

    def run() -> list[str]:
        done = subprocess.run([sys.executable, "-c", WRITE, str(tmp_path)], cwd=root,
                              capture_output=True, text=True, check=True, timeout=120)
        return done.stdout.split()

    first, second = run(), run()
    assert len(set(first)) == 3 and first == second


# issue 15 item 6: text that looks like a placeholder id or a random branca id
ID_LIKE_TITLE = "Report gmidzq7 ref_0123456789abcdef0123456789abcdef"
ID_LIKE_URL = "https://example.org/files/report_d41d8cd98f00b204e9800998ecf8427e.pdf"


@pytest.mark.parametrize("flags", [{"offline": False}, {"offline": True}, {"fragment": True}])
def test_id_like_text_comes_out_byte_identical(flags) -> None:
    events = make_events([Event("T1", date(2024, 1, 9), "Battles", 15.1, -2.2,
                                notes=ID_LIKE_TITLE, source_url=ID_LIKE_URL)])
    m = render_map(make_bundle(events=events), RenderOptions(title=ID_LIKE_TITLE, offline=True))
    page = output.render_html(m, **flags)
    block = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', page, re.S)
    assert block is not None
    payload = json.loads(block.group(1))
    assert payload["title"] == ID_LIKE_TITLE
    assert payload["events"]["notes"][-1] == ID_LIKE_TITLE
    assert ID_LIKE_URL in payload["events"]["s"]
    if not flags.get("fragment"):
        assert f"<title>{ID_LIKE_TITLE}</title>" in page


def test_offline_page_with_resource_like_names_and_title_builds() -> None:
    """Issue 15 item 7: data text is not page code; only the code is checked."""
    hostile = ("url(https://evil.example/x.png) tileLayer('https://evil.example/{z}/{x}/{y}') "
               "@import 'https://evil.example/c.css';")
    events = make_events([Event("T1", date(2024, 1, 9), "Battles", 15.1, -2.2, notes=hostile,
                                actor1=hostile, actor2=hostile)])
    bundle = make_bundle(events=events)
    m = render_map(bundle, RenderOptions(title=hostile, offline=True))
    page = output.render_html(m)
    assert events_of(page)["s"].count(hostile) == 1
    assert "&#39;https://evil.example" in page.split("</title>")[0]  # the tab title, as text
