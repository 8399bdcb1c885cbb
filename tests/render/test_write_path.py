"""The page is processed without its events data, which is spliced in once when written."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from geomap.errors import RenderError
from geomap.model import Event
from geomap.render import elements, output
from geomap.render.map import render_map
from geomap.render.options import RenderOptions
from tests.render.bundles import make_bundle, make_events

# text that the whole-page passes would act on if they saw it
TRICKY = ("url(https://evil.example/x.png) <script src='https://evil.example/a.js'></script> "
          "gmidzq7 id_0123456789abcdef0123456789abcdef jQuery $( <!--geomap-data-0--> "
          "@import 'https://evil.example/c.css'; tileLayer('https://evil.example/{z}')")


def tricky_map(notes: str = TRICKY, options: RenderOptions | None = None):
    events = make_events([Event("T1", date(2024, 1, 9), "Battles", 15.1, -2.2, notes=notes,
                                actor1=notes)])
    return render_map(make_bundle(events=events), options or RenderOptions(offline=True))


def events_of(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', page, re.S)
    assert block is not None
    return json.loads(block.group(1))["events"]


@pytest.mark.parametrize("flags", [{}, {"offline": True}, {"fragment": True},
                                   {"offline": True, "fragment": True}])
def test_parts_join_to_the_page_with_data_apart(flags) -> None:
    m = tricky_map()
    parts = output.render_parts(m, **flags)
    assert len(parts) == 3  # page head, events JSON, page tail
    assert "".join(parts) == output.render_html(m, **flags)
    data = json.loads(parts[1])
    assert TRICKY in data["notes"]
    assert not any(c in parts[1] for c in "<>&\u2028\u2029")
    assert "geomap-data" not in parts[0] + parts[2]


def test_data_is_not_touched_by_page_passes() -> None:
    """Offline check, asset detection and id finalisation never see the events."""
    page = output.render_html(tricky_map(), offline=True)  # no RenderError: data is data
    events = events_of(page)
    assert events["notes"][-1] == TRICKY  # ids not rewritten inside the data
    assert "jQuery v3.7.1" not in page  # "$(" in a note does not pull in jQuery
    outside_data = re.sub(r'<script type="application/json".*?</script>', "", page, flags=re.S)
    assert "evil.example" not in outside_data


def test_a_marker_in_data_cannot_fake_the_splice() -> None:
    page = output.render_html(tricky_map(notes="<!--geomap-data-0--></script><b>x</b>"))
    assert events_of(page)["notes"][-1] == "<!--geomap-data-0--></script><b>x</b>"
    assert page.count("<b>x</b>") == 0


def test_unsafe_data_is_refused() -> None:
    page = "<p>" + elements.data_mark(0) + "</p>"
    with pytest.raises(RenderError, match="script-safe"):
        output._splice(page, ['{"a":"</script>"}'])
    assert output._splice(page, ['{"a":1}']) == ["<p>", '{"a":1}', "</p>"]


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
for flags in ({}, {"offline": True}, {"fragment": True}):
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
