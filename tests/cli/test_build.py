"""``geomap build`` end to end: the CLI writes the example map and real Chromium shows it."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from geomap import pipeline
from geomap.build.outputs import linked_rejects
from geomap.build.plan import default_output
from geomap.cli import cli
from geomap.pipeline import BuildOptions, build_map
from tests.browser_helpers import open_map

STORY = """\
title: Small story
sources: [{id: s1, title: A report}]
places:
  - {id: gao, name: Gao, lat: 16.27, lon: -0.04, country: ML}
  - {id: kidal, name: Kidal, lat: 18.44, lon: 1.41, country: ML}
actors:
  - {id: a, name: Army, kind: armed_forces, place: gao}
  - {id: b, name: Rebels, kind: armed_group, place: kidal}
events:
  - {id: e1, date: 2024-07-25, type: Battles, actors: [b], targets: [a], place: kidal,
     fatalities: 12, fatalities_claimed_by: b, sources: [s1]}
relations:
  - {source: b, target: a, kind: hostility, sources: [s1]}
"""

# Counts what the Leaflet map holds: point markers and polygons, clustered or not.
MAP_CONTENT_JS = """() => {
  const maps = Object.values(window).filter(v => v instanceof L.Map);
  let markers = 0, polygons = 0, lines = 0;
  const seen = new Set();
  const visit = layer => {
    if (seen.has(L.stamp(layer))) return;
    seen.add(L.stamp(layer));
    if (layer.getLayers) layer.getLayers().forEach(visit);
    if (layer instanceof L.Marker || layer instanceof L.CircleMarker) markers += 1;
    else if (layer instanceof L.Polygon) polygons += 1;
    else if (layer instanceof L.Polyline) lines += 1;
  };
  maps.forEach(m => m.eachLayer(visit));
  const svgPaths = document.querySelectorAll('.leaflet-overlay-pane path').length;
  const canvases = document.querySelectorAll('.leaflet-overlay-pane canvas').length;
  return {maps: maps.length, markers, polygons, lines, svgPaths, canvases,
          markerIcons: document.querySelectorAll('.leaflet-marker-icon').length};
}"""


# Opens the popup of the point marker nearest (lat, lon) and returns its text.
OPEN_POPUP_JS = """([lat, lon]) => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  let best = null, bestDistance = Infinity;
  const visit = layer => {
    if (layer.getLayers) layer.getLayers().forEach(visit);
    if ((layer instanceof L.CircleMarker || layer instanceof L.Marker) && layer.getPopup()) {
      const p = layer.getLatLng();
      const d = Math.hypot(p.lat - lat, p.lng - lon);
      if (d < bestDistance) { best = layer; bestDistance = d; }
    }
  };
  map.eachLayer(visit);
  if (!best || bestDistance > 0.5) return null;
  map.setView([lat - 3, lon], 5, {animate: false});
  best.openPopup();
  const content = document.querySelector('.leaflet-popup-content');
  return content ? content.innerText : '';
}"""


@pytest.fixture()
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(args: list[str]) -> Any:
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_build_example_writes_the_map(in_tmp: Path) -> None:
    result = run(["build", "--example"])
    assert result.exit_code == 0, result.output
    html = in_tmp / "output" / "mali-ukraine-2024.html"
    page = html.read_text(encoding="utf-8")
    assert "Tinzaouaten" in page and "Kyiv" in page
    assert "cdn.jsdelivr.net" not in page  # the example is self-contained
    assert "mali_ukraine_2024.yaml: 11 rows read, 11 accepted, 0 rejected" in result.output
    assert "map written: output/mali-ukraine-2024.html" in result.output


def test_build_scenario_default_output_name(in_tmp: Path) -> None:
    story = in_tmp / "small_story.yaml"
    story.write_text(STORY, encoding="utf-8")
    result = run(["build", str(story), "--title", "Custom title", "--offline"])
    assert result.exit_code == 0, result.output
    page = (in_tmp / "output" / "small-story.html").read_text(encoding="utf-8")
    assert "Custom title" in page
    assert "1 row read, 1 accepted, 0 rejected" in result.output


def test_build_explicit_output_and_fragment(in_tmp: Path) -> None:
    story = in_tmp / "story.yaml"
    story.write_text(STORY, encoding="utf-8")
    out = in_tmp / "maps" / "frag.html"
    result = run(["build", str(story), "-o", str(out), "--fragment", "--offline"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "<html" not in text.lower() and "<body" not in text.lower()


def test_bad_scenario_reports_file_line_and_field(in_tmp: Path) -> None:
    story = in_tmp / "bad.yaml"
    story.write_text(STORY.replace("date: 2024-07-25", "date: last week"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(story)])
    assert result.exit_code != 0
    assert f"{story}:10: field 'events[0].date'" in result.output
    assert not (in_tmp / "output" / "bad.html").exists()


def test_no_sources_outside_a_project(in_tmp: Path) -> None:
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 2
    assert "geomap.toml" in result.output and "--example" in result.output


def test_no_sources_in_a_project_runs_it(in_tmp: Path) -> None:
    assert run(["init", "proj"]).exit_code == 0
    project = in_tmp / "proj"
    os.chdir(project)
    first = run(["build"])
    assert first.exit_code == 0, first.output
    assert "written" in first.output and (project / "output" / "overview.html").is_file()
    second = run(["build"])
    assert second.exit_code == 0, second.output
    assert "unchanged map:overview" in second.output


def test_options_of_a_source_build_are_refused_in_project_mode(in_tmp: Path) -> None:
    """In a project folder the settings come from geomap.toml: an option that would be
    ignored is refused instead, naming it."""
    assert run(["init", "proj"]).exit_code == 0
    os.chdir(in_tmp / "proj")
    result = CliRunner().invoke(cli, ["build", "--cdn", "-o", "x.html"])
    assert result.exit_code == 2
    assert "--offline/--cdn, -o/--output set(s) a map built from SOURCE files" in result.output
    assert not (in_tmp / "proj" / "output").exists()
    story = in_tmp / "proj" / "mali_ukraine_2024.yaml"
    forced = CliRunner().invoke(cli, ["build", str(story), "--force"])
    assert forced.exit_code == 2 and "--force rebuilds a project" in forced.output


def test_example_and_sources_conflict(in_tmp: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--example", "x.csv"])
    assert result.exit_code == 2 and "not both" in result.output


def test_missing_source_file(in_tmp: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "nope.csv"])
    assert result.exit_code == 2 and "nope.csv" in result.output


ARTICLE = (
    "Bamako, 5 August 2024. Mali cut diplomatic ties with Ukraine on Sunday after fighting "
    "near Tinzaouaten in the Kidal region, where JNIM fighters attacked Malian soldiers and "
    "Wagner Group contractors late last month. Kyiv called the decision hasty.\n"
)


def test_build_article(in_tmp: Path) -> None:
    article = in_tmp / "mali_news.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run(["build", str(article), "--date", "2024-08-05", "--offline"])
    assert result.exit_code == 0, result.output
    assert "(article)" in result.output
    page = (in_tmp / "output" / "mali-news.html").read_text(encoding="utf-8")
    assert "Tinzaouaten" in page or "Kidal" in page


def test_bad_article_date(in_tmp: Path) -> None:
    article = in_tmp / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(article), "--date", "5/8/2024"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


ACLED_CSV = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp\n"
    "MLI1,25 July 2024,2024,1,Political violence,Battles,Armed clash,JNIM,,2,"
    "Military Forces of Mali (2021-),,1,12,,466,Western Africa,Mali,Kidal,Tessalit,,"
    "Tinzaouaten,19.9,3.0,2,Reuters,International,Fighting near the border.,47,,1722000000\n"
    "MLI2,not a date,2024,1,Political violence,Battles,Armed clash,JNIM,,2,"
    ",,0,20,,466,Western Africa,Mali,Gao,Gao,,Gao,16.27,-0.04,1,AFP,International,,0,,1\n"
)


def test_build_data_file_writes_rejects_beside_the_map(in_tmp: Path) -> None:
    data = in_tmp / "acled_mali.csv"
    data.write_text(ACLED_CSV, encoding="utf-8")
    result = run(["build", str(data), "--offline"])
    assert result.exit_code == 0, result.output
    assert "2 rows read, 1 accepted, 1 rejected (acled)" in result.output
    [rejects] = (in_tmp / "output").glob("acled-mali.rejects.*.csv")
    assert f"rejected rows: {Path('output') / rejects.name}" in result.output
    assert ",3,event_date," in rejects.read_text(encoding="utf-8")
    page = in_tmp / "output" / "acled-mali.html"
    assert linked_rejects(page) == rejects  # the map names its own rejects file


def test_formula_text_in_a_rejected_row_stays_text_in_the_rejects_file(in_tmp: Path) -> None:
    """A rejected row's raw text and a formula-like file name went into the rejects CSV as
    they were: a spreadsheet opening it ran `=HYPERLINK(...)`."""
    data = in_tmp / "=cmd.csv"
    header, good, bad = ACLED_CSV.splitlines()
    data.write_text("\n".join([header, good, "=2+3*4" + bad[4:]]), encoding="utf-8")
    result = run(["build", str(data.name), "-o", "m.html", "--offline"])
    assert result.exit_code == 0, result.output
    [rejects] = in_tmp.glob("m.rejects.*.csv")
    with rejects.open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["file"] == "'=cmd.csv" and row["line"] == "3" and row["field"] == "event_date"
    assert row["raw"] == "'=2+3*4" + bad[4:]


def test_default_output_names() -> None:
    assert default_output(Path("data/mali_ukraine_2024.yaml")) == Path(
        "output/mali-ukraine-2024.html")
    assert default_output(Path("acled.csv")) == Path("output/acled.html")
    # GDELT's daily files, packed files: every source suffix, in any case
    assert default_output(Path("20240331.export.CSV")) == Path("output/20240331.export.html")
    assert default_output(Path("acled_2024.csv.gz")) == Path("output/acled-2024.html")
    assert default_output(Path(".csv")) == Path("output/map.html")  # no name but the suffix


def test_build_map_library_call(tmp_path: Path) -> None:
    story = tmp_path / "story.yaml"
    story.write_text(STORY, encoding="utf-8")
    pipeline._deprecated.cache_clear()  # it warns once per process
    with pytest.warns(DeprecationWarning, match="geomap.build.run_build"):
        summary = build_map([story], tmp_path / "m.html", options=BuildOptions(offline=True))
    assert summary.output.is_file() and summary.events == 1 and summary.rejects is None
    assert summary.sources[0].rows_read == 1 and summary.title == "Small story"


def _installed_geomap() -> list[str]:
    found = shutil.which("geomap")
    return [found] if found else [sys.executable, "-c", "from geomap.cli import main; main()"]


@pytest.mark.browser
@pytest.mark.slow
def test_example_in_real_chromium(tmp_path: Path, browser: Any, screenshot_dir: Path) -> None:
    """The installed command makes the example; Chromium shows an initialised Leaflet map."""
    done = subprocess.run([*_installed_geomap(), "build", "--example"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    html = tmp_path / "output" / "mali-ukraine-2024.html"
    report = open_map(browser, html, wait_ms=1500)
    try:
        content = report.page.evaluate(MAP_CONTENT_JS)
        report.page.screenshot(path=str(screenshot_dir / "build_example.png"))
        assert content["maps"] == 1, content
        assert content["markers"] >= 8, content  # the point events (areas are polygons)
        assert content["polygons"] >= 3, content  # countries shaded, the Sahel
        assert content["lines"] >= 5, content  # relations
        popup = report.page.evaluate(OPEN_POPUP_JS, [19.9, 3.0])  # Tinzaouaten
        report.page.wait_for_timeout(300)
        report.page.screenshot(path=str(screenshot_dir / "build_example_popup.png"))
        assert popup, "no event marker with a popup at Tinzaouaten"
        assert "Tinzaouaten" in popup and "2024" in popup
        assert "claimed by JNIM" in popup  # a one-sided figure is shown as a claim
        assert not report.js_errors, report.js_errors
        assert not report.console_errors, report.console_errors
        assert not report.dialogs
    finally:
        report.page.close()


def test_an_event_outside_its_stated_country_is_named_in_the_warnings_file(in_tmp: Path
                                                                          ) -> None:
    """"1 events lie outside their stated country" named no event and no file (issue 14)."""
    data = in_tmp / "astray.csv"
    data.write_text(ACLED_CSV.replace("466,Western Africa,Mali", "562,Western Africa,Niger"),
                    encoding="utf-8")
    result = run(["build", str(data), "--offline"])
    assert result.exit_code == 0, result.output
    [warnings] = (in_tmp / "output").glob("astray.warnings.*.csv")
    assert f"rows kept with a warning: {Path('output') / warnings.name}" in result.output
    import csv

    with warnings.open(encoding="utf-8", newline="") as handle:
        (row,) = [r for r in csv.DictReader(handle) if r["field"] == "iso"]
    assert (row["file"], row["line"]) == (str(data), "2")
    assert row["reason"].startswith("event 'MLI1' lies outside its stated country NE")
    assert "is in ML" in row["reason"]
    data.write_text(ACLED_CSV, encoding="utf-8")  # corrected: the warnings go with it
    result = run(["build", str(data), "--offline"])
    assert result.exit_code == 0, result.output
    assert not list((in_tmp / "output").glob("astray.warnings.*.csv"))
    assert "rows kept with a warning" not in result.output


def test_a_line_break_in_a_name_makes_no_line_of_its_own(tmp_path: Path) -> None:
    """Before: a source named ``a\\nmap written: elsewhere.html\\n.csv`` (in a folder from
    an archive) printed a summary line of its own ("map written: elsewhere.html"), and a
    warning naming a file left out of a folder did the same; the break is now ``\\n``."""
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "a\nmap written: elsewhere.html\n.csv").write_text(ACLED_CSV, encoding="utf-8")
    (folder / "b\nmap written: there.html\n.pdf").write_text("x", encoding="utf-8")
    command = [sys.executable, "-c", "import sys; from geomap.cli import main; sys.exit(main())"]
    for args in (["build", "desk", "-o", "m.html"], ["layers", "desk", "-o", "layers"]):
        done = subprocess.run([*command, *args], cwd=tmp_path, capture_output=True,
                              text=True, timeout=300, check=False)
        said = done.stdout + done.stderr
        assert done.returncode == 0, said[-2000:]
        assert not [line for line in said.splitlines()
                    if line.startswith("map written: ") and "here" in line], said
        assert "a\\nmap written: elsewhere.html\\n.csv: " in said, said
        assert "b\\nmap written: there.html\\n.pdf" in said, said


def test_names_with_control_characters_are_shown_never_sent_to_the_terminal(
        tmp_path: Path) -> None:
    """Before: the summaries of `geomap build`, `layers` and `publish`, their errors and
    their log lines printed a source named ``a\\x1b]0;PWN\\x07.csv`` as it came: the
    terminal set its title (``\\x1b[2K`` erased the line). Now every such character is
    shown as its escape, as `geomap geocode` and `extract` show them."""
    name = "a\x1b]0;PWN\x07\x1b[2Kb.csv"
    (tmp_path / name).write_text(ACLED_CSV, encoding="utf-8")
    (tmp_path / "bad\x1b[2K.csv").write_text("x\n", encoding="utf-8")
    command = [sys.executable, "-c", "import sys; from geomap.cli import main; sys.exit(main())"]
    for args in (["-v", "build", name, "-o", "m.html"], ["layers", name, "-o", "layers"],
                 ["publish", name, "-o", "site", "--workers", "1"],
                 ["build", "bad\x1b[2K.csv", "-o", "bad.html"]):
        done = subprocess.run([*command, *args], cwd=tmp_path, capture_output=True,
                              text=True, timeout=300, check=False)
        said = done.stdout + done.stderr
        assert done.returncode == (1 if "bad.html" in args else 0), said[-2000:]
        assert "\x1b" not in said and "\x07" not in said, (args, said[-2000:])
        assert ("bad\\x1b[2K.csv" if "bad.html" in args
                else "a\\x1b]0;PWN\\x07\\x1b[2Kb.csv: ") in said, said[-2000:]


def test_a_folder_given_first_names_the_map_with_other_sources_after_it(in_tmp: Path) -> None:
    """Before: ``geomap build desk extra.csv`` wrote ``output/<first file in desk>.html``
    (the folder's name only when it was the one source), against the rule "named after the
    first source". Now the folder names the map whatever follows it."""
    folder = in_tmp / "desk"
    folder.mkdir()
    (folder / "b_story.csv").write_text(ACLED_CSV, encoding="utf-8")
    (in_tmp / "more.csv").write_text(ACLED_CSV.replace("MLI1", "MLI2"), encoding="utf-8")
    result = run(["build", "desk", "more.csv", "--offline"])
    assert result.exit_code == 0, result.output
    assert f"map written: {Path('output') / 'desk.html'}" in result.output
    assert not (in_tmp / "output" / "b-story.html").exists()


def test_a_table_s_columns_geomap_does_not_read_are_named_on_its_summary_line(
        in_tmp: Path) -> None:
    """Before: a desk's table with its own column names ("Dead", "Ctry", "What happened")
    mapped without a word about them: the tolls, the countries and the event types were
    silently dropped. Now the summary line names every column not read, and says so of a
    known name whose value another column gives ("Description" beside "Notes")."""
    (in_tmp / "desk.csv").write_text(
        "Date,Town,Ctry,Dead,Notes,Description,Lat,Lon\n"
        "2025-01-04,Gao,Mali,14,call,looting,16.27,-0.04\n", encoding="utf-8")
    result = run(["build", "desk.csv", "--offline"])
    assert result.exit_code == 0, result.output
    [line] = [x for x in result.output.splitlines() if x.startswith("desk.csv: ")]
    assert "3 columns not read: Ctry; Dead; Description (notes is read from another " \
        "column) (rename a column" in line, line  # as the file writes them
    (in_tmp / "desk.csv").write_text("date,town,country,deaths,lat,lon\n"
                                     "2025-01-04,Gao,Mali,14,16.27,-0.04\n", encoding="utf-8")
    result = run(["build", "desk.csv", "--offline"])
    assert result.exit_code == 0, result.output
    assert "not read" not in result.output, result.output


@pytest.mark.parametrize("kind", ["a character device", "a pipe"])
def test_a_project_file_that_is_not_a_regular_file_is_named_as_such(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """Before: a ``geomap.toml`` that is a link to ``/dev/zero`` or a pipe was "no SOURCE
    given and no geomap.toml in ...", with the advice to run ``geomap init``, which then
    refused the folder as a project: the file is there, and is named for what it is."""
    project = tmp_path / "geomap.toml"
    if kind == "a pipe":
        os.mkfifo(project)
    else:
        project.symlink_to("/dev/zero")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 2, result.output
    assert f"expected a regular file as {str(project)!r}, got {kind}" in result.output
    assert "no SOURCE given" not in result.output
