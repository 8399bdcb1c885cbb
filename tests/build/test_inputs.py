"""Reading a build's sources: an event in two sources counts once (geomap.sources.repeats)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.build.inputs import read_all
from geomap.build.plan import SourceSpec
from geomap.cli import cli
from geomap.errors import ConfigError
from tests.build.test_outputs import acled, row


def _warnings(folder: Path) -> list[dict[str, str]]:
    (path,) = folder.glob("*.warnings.*.csv")
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_two_exports_holding_the_same_events_map_each_once(tmp_path: Path) -> None:
    """Before: ``geomap build mali.csv sahel.csv`` counted the shared events twice."""
    mali = acled(tmp_path / "mali.csv", row("MLI1"), row("MLI2"))
    sahel = acled(tmp_path / "sahel.csv", row("NER1"), row("MLI2"), row("MLI1"))
    result = CliRunner().invoke(cli, ["build", str(mali), str(sahel),
                                      "-o", str(tmp_path / "map.html")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "mali.csv: 2 rows read, 2 accepted, 0 rejected (acled)"
    assert lines[1].startswith("sahel.csv: 3 rows read, 1 accepted, 0 rejected, 2 merged")
    assert f"also in {mali}" in lines[1]
    warned = [(w["file"], w["line"]) for w in _warnings(tmp_path) if w["field"] == "event_id"]
    assert warned == [(str(sahel), "3"), (str(sahel), "4")]
    reasons = [w["reason"] for w in _warnings(tmp_path) if w["field"] == "event_id"]
    assert f"{mali}:3" in reasons[0] and f"{mali}:2" in reasons[1]


def test_a_revised_event_in_a_later_export_is_rejected_naming_the_first(tmp_path: Path) -> None:
    old = acled(tmp_path / "old.csv", row("MLI1"), row("MLI2"))
    new = acled(tmp_path / "new.csv", row("MLI2", day="2024-07-26"), row("MLI3"))
    results, reports = read_all((SourceSpec(old), SourceSpec(new)))
    assert [len(r.frame) for r in results] == [2, 1]
    (reject,) = results[1].rejects
    assert (reject.file, reject.line, reject.field) == (str(new), 2, "event_id")
    assert f"first on {old}:3" in reject.reason
    assert [(r.rows_read, r.rows_accepted, r.rows_rejected, r.merged) for r in reports] == [
        (2, 2, 0, 0), (2, 1, 1, 0)]


def test_a_source_that_cannot_be_read_keeps_its_place_in_the_report(tmp_path: Path) -> None:
    first = acled(tmp_path / "a.csv", row("MLI1"))
    broken = tmp_path / "broken.csv"
    broken.write_text("nothing,to,read\n", encoding="utf-8")
    again = acled(tmp_path / "b.csv", row("MLI1"))  # downloaded again, with Windows line ends
    again.write_bytes(again.read_bytes().replace(b"\n", b"\r\n"))
    results, reports = read_all((SourceSpec(first), SourceSpec(broken, "acled"),
                                 SourceSpec(again)))
    assert [r.name for r in reports] == ["a.csv", "broken.csv", "b.csv"]
    assert reports[1].problem is not None and reports[1].problem.startswith("not read")
    assert (reports[2].rows_accepted, reports[2].merged) == (0, 1)
    assert not reports[2].failed  # its one event is on the map, through a.csv
    assert len(results) == 2


def test_the_same_article_under_two_names_is_refused_before_any_work(tmp_path: Path) -> None:
    """Before: an article saved twice (``mali.txt``, ``mali (1).txt``), in a folder or
    named twice, was mapped twice: every event, toll and relation counted twice, exit 0
    (articles, tables and scenarios have no ids that tell a repeat)."""
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "mali.txt").write_text(MALI, encoding="utf-8")
    (folder / "mali (1).txt").write_text(MALI, encoding="utf-8")
    (folder / "niger.txt").write_text(NIGER, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "empty too.txt").write_text("", encoding="utf-8")  # the reader's: empty
    result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 2, result.output
    assert (f"expected each source once, got {str(folder / 'mali.txt')!r} with the same "
            f"content as {str(folder / 'mali (1).txt')!r}") in result.output
    assert not (tmp_path / "m.html").exists()


def test_a_folder_is_its_sources_in_sorted_order(tmp_path: Path, caplog) -> None:
    """``geomap build FOLDER`` reads every source in it, as ``geomap extract FOLDER``
    reads every article (it was refused: "expected existing source files")."""
    from geomap.build.inputs import expand_folders

    folder = tmp_path / "news"
    (folder / "older").mkdir(parents=True)
    for name in ("b.txt", "a.html", "older/c.csv", "notes", ".hidden.txt", "scan.pdf"):
        (folder / name).write_text("x", encoding="utf-8")
    loose = tmp_path / "loose.yaml"
    found = expand_folders([loose, folder])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "loose.yaml", "news/a.html", "news/b.txt", "news/notes", "news/older/c.csv"]
    assert "1 file(s) left out" in caplog.text and "scan.pdf" in caplog.text


def test_a_folder_leaves_out_its_links_and_names_them(tmp_path: Path, caplog) -> None:
    """A folder stands for the files in it. Before: a link in it was followed wherever it
    led (an archive's ``notes.txt`` linked to a private file outside put that file's text
    on the map), and a linked folder was left out without a word."""
    from geomap.build.inputs import expand_folders

    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text("x", encoding="utf-8")
    (outside / "more.txt").write_text("x", encoding="utf-8")
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("x", encoding="utf-8")
    (folder / "notes.txt").symlink_to(outside / "secret.txt")
    (folder / "again.txt").symlink_to(folder / "a.txt")
    (folder / "archive").symlink_to(outside)
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "gone.csv").symlink_to(tmp_path / "missing.csv")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder)
    found = expand_folders([folder])
    assert [p.relative_to(folder).as_posix() for p in found] == ["a.txt"]
    assert "6 file(s) left out, links" in caplog.text
    for name in ("notes.txt", "again.txt", "archive", "loop.txt", "gone.csv"):
        assert name in caplog.text


def test_what_geomap_wrote_into_a_folder_is_not_read_from_it_again(tmp_path: Path,
                                                                    caplog) -> None:
    """Before: a map written into the folder it maps was read as an article at the next
    build (one made-up event from the page's text, exit 0), its layer files as sources
    (every event twice) and its rejects file as a table; each is left out and named."""
    folder = tmp_path / "desk"
    folder.mkdir()
    acled(folder / "mali.csv", row("MLI1"), row("MLI2", day="someday"))
    runner = CliRunner()
    for args in (["build", folder, "-o", folder / "out" / "m.html"],
                 ["build", folder, "-o", folder / "frag.html", "--fragment"],
                 ["layers", folder, "-o", folder / "layers"],
                 ["publish", folder, "-o", folder / "site"]):
        result = runner.invoke(cli, list(map(str, args)))
        assert result.exit_code == 0, result.output
    assert list((folder / "out").glob("m.rejects.*.csv"))
    result = runner.invoke(cli, ["build", str(folder), "-o", str(tmp_path / "again.html")])
    assert result.exit_code == 0, result.output
    read = [line.split(":")[0] for line in result.output.splitlines() if " rows read" in line]
    assert read == ["mali.csv"], result.output
    assert "10 file(s) left out, written by geomap" in caplog.text
    from geomap.build.inputs import expand_folders
    assert [p.name for p in expand_folders([folder])] == ["mali.csv"]


def test_a_project_reads_the_sources_in_a_folder_it_names(tmp_path: Path) -> None:
    """A newsroom's nightly project: ``path = "stories"`` (a folder) was refused ("name the
    files in it one by one"), so each night's new story meant editing geomap.toml. Now
    the folder's sources are read as ``geomap build FOLDER`` reads them, with the entry's
    format and date, named by the folder and file; a folder holding nothing, or holding
    the project itself, is refused naming the key."""
    from geomap.project import load_project

    stories = tmp_path / "stories"
    (stories / "july").mkdir(parents=True)
    (stories / "a.txt").write_text("Gunmen attacked a checkpoint near Gao on Monday.\n",
                                   encoding="utf-8")
    (stories / "july" / "b.txt").write_text("Soldiers clashed with rebels near Kidal.\n",
                                            encoding="utf-8")
    (stories / "notes.pdf").write_bytes(b"%PDF")
    toml = tmp_path / "geomap.toml"
    toml.write_text('[[sources]]\npath = "stories"\ndate = 2024-08-07\n', encoding="utf-8")
    project = load_project(tmp_path)
    assert [(s.path, s.name, s.date) for s in project.sources] == [
        (stories / "a.txt", "stories/a.txt", date(2024, 8, 7)),
        (stories / "july" / "b.txt", "stories/july/b.txt", date(2024, 8, 7))]
    (stories / "c.txt").write_text("A drone struck a market in Menaka.\n", encoding="utf-8")
    assert len(load_project(tmp_path).sources) == 3  # what is there at each run
    (tmp_path / "empty").mkdir()
    toml.write_text('[[sources]]\npath = "stories"\n\n[[sources]]\npath = "empty"\n',
                    encoding="utf-8")
    with pytest.raises(ConfigError, match="holding none") as err:
        load_project(tmp_path)
    assert "key 'sources[1].path'" in str(err.value)
    toml.write_text('[[sources]]\npath = "."\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="apart from the project's file and outputs") as err:
        load_project(tmp_path)
    assert "key 'sources[0].path'" in str(err.value)


def test_a_folder_holding_no_source_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "scans").mkdir()
    (tmp_path / "scans" / "page.pdf").write_bytes(b"%PDF")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "scans")])
    assert result.exit_code == 1, result.output
    assert "scans" in result.output and "holding none" in result.output
    assert "Traceback" not in result.output


def test_a_project_folder_given_as_a_source_says_how_to_build_it(tmp_path: Path) -> None:
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "geomap.toml").write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "proj")])
    assert result.exit_code == 2
    assert "project folder" in result.output and "geomap build" in result.output


MALI = ("Bamako, 5 August 2024. Mali severed diplomatic ties with Ukraine on Sunday after "
        "JNIM fighters attacked Malian soldiers near Tinzaouaten late last month.\n")
NIGER = ("Niamey, 6 August 2024. Gunmen attacked an army post near Tillaberi on Sunday, "
         "killing four soldiers. Niger expelled the French ambassador on Monday.\n")


def test_a_folder_of_articles_is_one_map_with_every_article_s_relations(
        tmp_path: Path, monkeypatch) -> None:
    """Each article's draft adds its actors and relations (only the first article's were
    drawn: the others' were dropped with a warning), and the map is titled by how many
    articles it holds, not by the first one's headline."""
    import geomap

    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "mali.txt").write_text(MALI, encoding="utf-8")
    (folder / "niger.txt").write_text(NIGER, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "desk"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "output" / "desk.html").is_file()
    assert "mali.txt: " in result.output and "niger.txt: " in result.output
    bundle = geomap.layers([folder / "mali.txt", folder / "niger.txt"])
    assert bundle.title == "Events from 2 articles"
    kinds = {(r["source"], r["kind"], r["target"]) for r in bundle.relations.to_dict("records")}
    assert ("state-ml", "severed_diplomatic_ties", "state-ua") in kinds, kinds
    assert ("state-ne", "expulsion", "state-fr") in kinds, kinds


def test_articles_add_their_story_to_a_scenario_and_other_scenarios_their_events(
        tmp_path: Path, caplog) -> None:
    """A curated scenario keeps its title and frame; an article beside it adds its actors
    and relations; a second scenario file adds its events only, named in a warning (as a
    published site: each file is a story of its own)."""
    import geomap
    from geomap.sources.scenario import example_path

    article = tmp_path / "niger.txt"
    article.write_text(NIGER, encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text(example_path().read_text(encoding="utf-8").replace(
        "Mali cuts ties", "Another story"), encoding="utf-8")
    bundle = geomap.layers([example_path(), article, other])
    assert bundle.title.startswith("Mali cuts ties")
    kinds = {(r["source"], r["kind"]) for r in bundle.relations.to_dict("records")}
    assert ("state-ne", "expulsion") in kinds, kinds
    assert "3 scenarios among the sources" in caplog.text and "other.yaml add their " \
        "events only" in caplog.text


def test_one_file_given_twice_is_refused_before_any_work(tmp_path: Path) -> None:
    """`geomap build a.csv a.csv` (or a.csv and a link to it) read the file twice: every
    event of the second was a "repeat" of itself ('also on line 2' of the same line), the
    second source was "every row was rejected" with 0 rejected, and the exit code 1."""
    source = acled(tmp_path / "a.csv", row("MLI1"), row("MLI2", "2024-07-26"))
    (tmp_path / "link.csv").symlink_to(source)
    for second in (source, tmp_path / "link.csv"):
        result = CliRunner().invoke(cli, ["build", str(source), str(second), "-o",
                                          str(tmp_path / "m.html")])
        assert result.exit_code == 2, result.output
        assert f"expected each source once, got {str(second)!r} again" in result.output
        assert not (tmp_path / "m.html").exists()


#: What a page of geomap 0.1.0 (and of the sessions before the generator mark) looked
#: like where it matters: no mark in its head, the drawing library inline, then the
#: layers' data block; a published site's index named its scripts.
OLD_MAP = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>{title}</title>\n<script>"
           + "/* leaflet */" * 2000 + "</script>\n</head>\n<body>\n<h1>{title}</h1>\n"
           '<script type="application/json" id="geomap_layers_g2a543350_3_data">'
           '{{"events": []}}</script>\n</body>\n</html>\n')
OLD_SITE_INDEX = ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<title>{title}</title>\n</head>\n'
                  '<body>\n<h1>{title}</h1>\n<script src="lib/leaflet.js"></script>\n'
                  '<script src="lib/site.js"></script>\n</body>\n</html>\n')
#: A title from which the article reader makes an event of its own.
STORY = "Gunmen killed 12 people in Gao, Mali, on Monday 4 March 2024"


def test_pages_an_older_geomap_wrote_are_not_read_from_a_folder(tmp_path: Path,
                                                                 caplog) -> None:
    """Before: a map, a fragment or a site that geomap wrote before its pages carried
    ``<meta name="generator" content="geomap">`` was read as an article at the next
    build of the folder holding it (a made-up event from the page's title, exit 0)."""
    folder = tmp_path / "desk"
    (folder / "site" / "lib").mkdir(parents=True)
    acled(folder / "mali.csv", row("MLI1"))
    (folder / "old.html").write_text(OLD_MAP.format(title=STORY), encoding="utf-8")
    (folder / "site" / "index.html").write_text(OLD_SITE_INDEX.format(title=STORY),
                                               encoding="utf-8")
    (folder / "site" / "site.json").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 0, result.output
    read = [line.split(":")[0] for line in result.output.splitlines() if " read, " in line]
    assert read == ["mali.csv"], result.output
    assert "2 file(s) left out, written by geomap" in caplog.text
    assert "old.html" in caplog.text and "site" in caplog.text


@pytest.mark.parametrize("page", ["old", "new"])
def test_a_page_geomap_wrote_given_by_name_is_refused_naming_it(tmp_path: Path,
                                                                page: str) -> None:
    """Before: a map given as a source was read as an article: the page's text made up
    an event of its own (its title retold as an incident), exit 0."""
    source = tmp_path / "mali.csv"
    acled(source, row("MLI1"))
    if page == "old":
        (tmp_path / "m.html").write_text(OLD_MAP.format(title=STORY), encoding="utf-8")
    else:
        made = CliRunner().invoke(cli, ["build", str(source), "-o", str(tmp_path / "m.html"),
                                        "--title", STORY])
        assert made.exit_code == 0, made.output
    result = CliRunner().invoke(cli, ["build", str(source), str(tmp_path / "m.html"),
                                      "-o", str(tmp_path / "again.html")])
    assert result.exit_code == 1, result.output
    assert "m.html" in result.output and "a page geomap wrote" in result.output
    assert "1 accepted" in result.output and "Traceback" not in result.output
