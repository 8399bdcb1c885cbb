"""Where a build may write and how its outputs are published (issue 15, items 1, 2, 3, 9, 11).

Each test here failed on the code before the fix (see the docstrings for what happened).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from geomap.build.outputs import linked_rejects
from geomap.cli import cli
from geomap.sources.scenario import example_path

HEADER = ("event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
          "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,iso,region,country,"
          "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
          "notes,fatalities,timestamp")


def row(event_id: str, day: str = "2024-07-25", note: str = "") -> str:
    return (f"{event_id},{day},2024,1,Battles,,JNIM,,2,,,0,20,466,Region,Mali,,,,Gao,"
            f"16.27,-0.04,1,Src,National,{note},3,1722000000")


def acled(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def build(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["build", *map(str, args)])


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ----------------------------------------------------------------- item 1: one unit


def test_a_map_names_its_rejects_and_a_clean_rebuild_removes_them(tmp_path: Path) -> None:
    """Before: ``m.rejects.csv`` stayed after a clean rebuild, listing lines that no longer
    existed; nothing tied a map to its rejects file."""
    source = acled(tmp_path / "events.csv", row("A1"), row("A2", "someday"))
    out = tmp_path / "out"
    first = build(source, "-o", out / "m.html", "--offline")
    assert first.exit_code == 0, first.output
    [rejects] = out.glob("m.rejects.*.csv")
    assert linked_rejects(out / "m.html") == rejects
    assert "someday" in rejects.read_text(encoding="utf-8")

    acled(source, row("A1"), row("A2"))  # fixed
    clean = build(source, "-o", out / "m.html", "--offline")
    assert clean.exit_code == 0, clean.output
    assert listing(out) == ["m.html"]
    assert linked_rejects(out / "m.html") is None
    assert f"removed: {rejects}" in clean.output


def test_a_rejects_file_of_an_older_version_is_removed_but_not_a_stranger(
        tmp_path: Path) -> None:
    source = acled(tmp_path / "events.csv", row("A1"))
    (tmp_path / "m.rejects.csv").write_text("file,line,field,reason,raw\nx,2,,bad,\n",
                                            encoding="utf-8")
    (tmp_path / "m.rejects.notes.csv").write_text("my own notes\n", encoding="utf-8")
    assert build(source, "-o", tmp_path / "m.html").exit_code == 0
    assert listing(tmp_path) == ["events.csv", "m.html", "m.rejects.notes.csv"]


@pytest.mark.parametrize("fmt", ["geojson", "parquet"])
def test_layers_a_build_no_longer_makes_are_removed_but_not_a_strangers(tmp_path: Path,
                                                                        fmt: str) -> None:
    """Before: ``geomap layers`` of a scenario, then of a table into the same folder, left
    the scenario's ``relations`` (and an earlier ``--by month``'s layers) beside the new
    events: one folder, two builds mixed."""
    scenario = example_path()  # the bundled example: actors and relations
    table = acled(tmp_path / "events.csv", row("A1"))
    out = tmp_path / "out"
    out.mkdir()
    mine = [out / f"notes.{fmt}", out / f"admin1_by_week.{fmt}"]  # a layer's name, not ours
    for path in mine:
        path.write_text('{"type": "FeatureCollection", "name": "x", "features": []}')
    first = CliRunner().invoke(cli, ["layers", str(scenario), "-o", str(out), "--by", "month",
                                     "--layer-format", fmt])
    assert first.exit_code == 0, first.output
    assert {f"relations.{fmt}", f"admin1_by_month.{fmt}"} <= set(listing(out))
    again = CliRunner().invoke(cli, ["layers", str(table), "-o", str(out),
                                     "--layer-format", fmt])
    assert again.exit_code == 0, again.output
    written = {Path(line.split()[-1]).name for line in again.output.splitlines()
               if line.startswith("written ")}
    assert set(listing(out)) == written | {p.name for p in mine}
    assert f"relations.{fmt}" not in written and f"events.{fmt}" in written


# ----------------------------------------------------------------- item 2: inputs


def test_an_output_that_is_the_input_is_refused(tmp_path: Path) -> None:
    """Before: ``geomap build events.csv -o events.csv`` replaced the source with HTML."""
    source = acled(tmp_path / "events.csv", row("A1"))
    before = source.read_bytes()
    result = build(source, "-o", source)
    assert result.exit_code == 2
    assert "expected an output that is not a source of this build" in result.output
    assert source.read_bytes() == before
    link = tmp_path / "link.html"
    link.symlink_to(source)  # through a symlink too
    assert build(source, "-o", link).exit_code == 2
    assert source.read_bytes() == before


def test_layers_never_replace_a_source_in_their_folder(tmp_path: Path) -> None:
    """A source ``out/events.geojson`` and ``geomap layers ... -o out``: the events layer
    would have replaced it."""
    out = tmp_path / "out"
    out.mkdir()
    source = out / "events.geojson"
    source.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                      '"geometry": {"type": "Point", "coordinates": [-0.04, 16.27]}, '
                      '"properties": {"event_date": "2024-07-25", "event_type": "Battles"}}]}',
                      encoding="utf-8")
    before = source.read_bytes()
    result = CliRunner().invoke(cli, ["layers", str(source), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "expected an output that is not a source of this build" in result.output
    assert source.read_bytes() == before and listing(out) == ["events.geojson"]


def test_a_source_named_like_the_rejects_file_is_never_replaced(tmp_path: Path) -> None:
    """Before: a source named ``m.rejects.csv`` was replaced by its own rejects."""
    source = acled(tmp_path / "m.rejects.csv", row("A1"), row("A2", "someday"))
    before = source.read_bytes()
    result = build(source, "-o", tmp_path / "m.html")
    assert result.exit_code == 0, result.output
    assert source.read_bytes() == before
    assert len(list(tmp_path.glob("m.rejects.*.csv"))) == 1


def project(folder: Path, toml: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    acled(folder / "events.csv", row("A1"))
    (folder / "geomap.toml").write_text('[[sources]]\npath = "events.csv"\n' + toml,
                                        encoding="utf-8")
    return folder


def run_in(folder: Path, *args: str) -> Result:
    old = Path.cwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(cli, ["build", *args])
    finally:
        os.chdir(old)


@pytest.mark.parametrize("target", ["geomap.toml", ".geomap-state.json", "events.csv"])
def test_a_project_never_writes_over_its_config_state_or_sources(tmp_path: Path,
                                                                 target: str) -> None:
    """Before: ``output = "."`` and a map written to ``geomap.toml`` overwrote the config."""
    folder = project(tmp_path / "p", f'[project]\noutput = "."\n[[maps]]\nname = "m"\n'
                                     f'output = "{target}"\n')
    (folder / ".geomap-state.json").write_text('{"version": 1}', encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = run_in(folder)
    assert result.exit_code == 2, result.output
    assert "expected an output that is not" in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.parametrize("target", ["layers/geojson/events.geojson", "layers/gpkg/layers.gpkg"])
def test_a_map_never_replaces_a_layer_file_of_its_project(tmp_path: Path, target: str) -> None:
    """Before: a map written to ``layers/geojson/events.geojson`` replaced the events layer
    with the page, while the summary called the layers "unchanged"."""
    folder = project(tmp_path / "p", f'[layers]\nformats = ["geojson", "gpkg"]\n'
                                     f'[[maps]]\nname = "m"\noutput = "{target}"\n')
    result = run_in(folder)
    assert result.exit_code == 2, result.output
    assert "expected a different file for each output" in result.output
    assert target in result.output
    assert not (folder / "output").exists()


# ----------------------------------------------------------------- item 3: inside


def test_a_symlinked_layer_folder_cannot_lead_outside_the_project(tmp_path: Path) -> None:
    """Before: with ``output/layers/geojson`` a symlink to a folder elsewhere, six layer
    files were written there."""
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = project(tmp_path / "p", "")
    (folder / "output" / "layers").mkdir(parents=True)
    (folder / "output" / "layers" / "geojson").symlink_to(outside, target_is_directory=True)
    result = run_in(folder)
    assert result.exit_code == 2, result.output
    assert "expected outputs inside the project folder" in result.output
    assert list(outside.iterdir()) == []


def test_an_absolute_output_elsewhere_is_allowed_on_purpose(tmp_path: Path) -> None:
    site = tmp_path / "site"
    folder = project(tmp_path / "p", f'[[maps]]\nname = "m"\noutput = "{site / "m.html"}"\n')
    result = run_in(folder)
    assert result.exit_code == 0, result.output
    assert (site / "m.html").is_file()


# ----------------------------------------------------------------- item 9: clear errors


@pytest.mark.parametrize(("render", "key", "words"), [
    ("{bogus = 1}", "maps[0].render.bogus", "unknown key"),
    ('{width = "abc"}', "maps[0].render.width", "expected a CSS length"),
    ('{fragment_height = "-5px"}', "maps[0].render.fragment_height",
     "expected a fragment height above zero"),
    ("{thresholds = 5}", "maps[0].render.thresholds", "expected a table, got 5"),
    ("{offline = false}", "maps[0].render.offline", "conflicts with the map's own offline"),
])
def test_bad_render_settings_fail_before_any_work(tmp_path: Path, render: str, key: str,
                                                  words: str) -> None:
    """Before: a ``TypeError``/``ValueError``/``AttributeError`` traceback after the layers
    were already written."""
    folder = project(tmp_path / "p", f'[[maps]]\nname = "m"\nrender = {render}\n')
    result = run_in(folder)
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    message = result.output.strip()
    assert message.startswith("Error: ") and len(message.splitlines()) == 1, message
    assert "geomap.toml" in message and repr(key) in message and words in message
    assert listing(folder) == ["events.csv", "geomap.toml"]  # nothing written


@pytest.mark.parametrize("state", [
    '{"version":1,"outputs":[]}', '{"version": 1, "outputs": {"layers": {"files": "x"}}}',
    "[]", "{not json", '{"version":7}'])
def test_a_damaged_state_file_is_one_clear_error(tmp_path: Path, state: str) -> None:
    """Before: ``{"version":1,"outputs":[]}`` gave an ``AttributeError`` traceback."""
    folder = project(tmp_path / "p", "")
    (folder / ".geomap-state.json").write_text(state, encoding="utf-8")
    result = run_in(folder)
    assert result.exit_code == 1
    message = result.output.strip()
    assert message.startswith("Error: ") and len(message.splitlines()) == 1, message
    assert ".geomap-state.json: not a geomap state file" in message and "--force" in message
    forced = run_in(folder, "--force")
    assert forced.exit_code == 0, forced.output
    assert (folder / "output" / "layers" / "geojson" / "events.geojson").is_file()


@pytest.mark.parametrize("length", [181, 230, 250])
def test_an_output_name_too_long_for_its_companions_is_refused_before_any_work(
        tmp_path: Path, length: int) -> None:
    """Before: a map named with 181-250 bytes (the system takes 255) was built, then
    failed, exit 1, with "the system refused on '.aaa...rejects.csv.<hex>.geomap-tmp':
    File name too long": a temporary name the user never gave, no fix. The rejects and
    warnings files beside the map, and the temporary names every file is written under
    first, are up to 75 bytes longer than the map's name."""
    source = acled(tmp_path / "events.csv", row("A1"), row("A2", "someday"))
    name = "a" * (length - len(".html")) + ".html"
    result = build(source, "-o", tmp_path / name, "--offline")
    assert result.exit_code == 2, result.output
    assert "at most 180 bytes" in result.output and "shorter name" in result.output
    assert listing(tmp_path) == ["events.csv"]
    fits = "a" * 175 + ".html"
    result = build(source, "-o", tmp_path / fits, "--offline")
    assert result.exit_code == 0, result.output
    assert fits in listing(tmp_path)


def test_an_output_path_that_is_a_folder_is_one_clear_error(tmp_path: Path) -> None:
    source = acled(tmp_path / "events.csv", row("A1"))
    (tmp_path / "m.html").mkdir()
    result = build(source, "-o", tmp_path / "m.html")
    assert result.exit_code == 2
    assert "expected a file name for the output, got the folder" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("output", ["", ".", "..", "new/", "{tmp}/"])
def test_an_output_written_as_a_folder_is_one_clear_error(tmp_path: Path, output: str) -> None:
    """Before: ``-o .`` and ``-o ''`` were a ``ValueError`` traceback, and ``-o new/``
    wrote the map to a file named ``new``."""
    source = acled(tmp_path / "events.csv", row("A1"))
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = build(source, "-o", output.format(tmp=tmp_path))
    finally:
        os.chdir(old)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    # '' is refused as a path before any work (cli.options.PathText); the others as folders
    assert ("expected a path, got an empty one" if output == "" else
            "expected a file name for the output, got the folder") in result.output
    assert listing(tmp_path) == ["events.csv"]


def test_a_read_only_file_system_is_one_clear_error(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    source = acled(tmp_path / "events.csv", row("A1"))
    access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kwargs: not mode & os.W_OK and
                        access(path, mode, **kwargs))
    monkeypatch.setattr(os, "statvfs", lambda path: os.statvfs_result(
        (4096, 4096, 1, 1, 1, 1, 1, 1, os.ST_RDONLY, 255)))
    result = build(source, "-o", tmp_path / "out" / "m.html")
    assert result.exit_code == 1
    assert "Read-only file system" in result.output and "writable disk" in result.output
    assert not (tmp_path / "out").exists()


def test_a_full_disk_while_writing_leaves_the_previous_outputs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = acled(tmp_path / "events.csv", row("A1"), row("A2", "someday"))
    assert build(source, "-o", tmp_path / "m.html").exit_code == 0
    before = {name: (tmp_path / name).read_bytes() for name in listing(tmp_path)}
    acled(source, row("B1"), row("B2", "never"))

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = build(source, "-o", tmp_path / "m.html")
    assert result.exit_code == 1
    assert "No space left on device" in result.output and "free some space" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    monkeypatch.undo()
    after = {name: (tmp_path / name).read_bytes() for name in listing(tmp_path)}
    assert after.keys() == before.keys() - {"events.csv"} | {"events.csv"}
    assert {k: v for k, v in after.items() if k != "events.csv"} == {
        k: v for k, v in before.items() if k != "events.csv"}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("kind", ["device", "pipe", "folder"])
def test_a_source_that_is_not_a_regular_file_is_one_clear_error(tmp_path: Path,
                                                               kind: str) -> None:
    """Before: ``/dev/zero`` as a scenario grew memory until ``MemoryError`` (a traceback);
    in a project, hashing ``/dev/zero`` or a pipe never ended; a folder was "the system
    refused ... Is a directory"."""
    source = {"device": Path(os.devnull).with_name("zero"), "pipe": tmp_path / "feed",
              "folder": tmp_path / "data"}[kind]
    if kind == "pipe":
        os.mkfifo(source)
    elif kind == "folder":
        source.mkdir()
    words = {"device": "a character device", "pipe": "a pipe", "folder": "a folder"}
    layers = CliRunner().invoke(cli, ["layers", "--input-format", "scenario", str(source),
                                      "-o", str(tmp_path / "out")])
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "geomap.toml").write_text(f'[[sources]]\npath = "{source}"\n', encoding="utf-8")
    in_project = run_in(folder)
    for result in ((in_project,) if kind == "folder" else (layers, in_project)):
        message = result.output.strip().splitlines()[-1]
        assert result.exit_code == 2, result.output
        if kind == "folder":  # a project reads a folder's sources: this one holds none
            assert "expected a folder holding sources, got one holding none" in message
        else:
            assert "expected a regular file as source" in message and words[kind] in message
    assert in_project.exit_code == 2 and "geomap.toml" in in_project.output
    assert not (tmp_path / "out").exists() and listing(folder) == ["geomap.toml"]


def test_text_and_names_that_are_not_utf8_are_one_clear_error(tmp_path: Path) -> None:
    """Before: a title or a file name with bytes that are not UTF-8 (which Python reads as
    lone surrogates, ``\\udcff``) was a ``UnicodeEncodeError`` traceback, the title's after
    the layers were built."""
    source = acled(tmp_path / "events.csv", row("A1"))
    odd = Path(os.fsdecode(bytes(tmp_path / "events") + b"\xff.csv"))
    odd.write_bytes(source.read_bytes())
    cases = {
        "title": ["build", str(source), "-o", str(tmp_path / "m.html"), "--title",
                  "Sahel \udcff"],
        "sources[0].path": ["build", str(odd), "-o", str(tmp_path / "m.html")],
        "output": ["build", str(source), "-o", os.fsdecode(bytes(tmp_path) + b"/m\xff.html")],
        "layers": ["layers", str(odd), "-o", str(tmp_path / "out")],
    }
    for key, args in cases.items():
        result = CliRunner().invoke(cli, args)
        message = result.output.strip().removeprefix("reading, attaching and aggregating...\n")
        assert result.exit_code == 2, (key, result.output)
        assert message.startswith("Error: ") and len(message.splitlines()) == 1, message
        assert "expected text in UTF-8" in message and "\\udcff" in message, message
    assert sorted(p.name for p in tmp_path.iterdir() if p != odd) == ["events.csv"]


# ----------------------------------------------------------------- item 11: nothing read


def test_an_all_rejected_input_exits_non_zero_with_the_reason(tmp_path: Path) -> None:
    """Before: exit 0 and an empty map."""
    source = acled(tmp_path / "events.csv", row("A1", "someday"), row("A2", "never"))
    result = build(source, "-o", tmp_path / "m.html")
    assert result.exit_code == 1
    assert "every row was rejected" in result.output and "someday" in result.output
    assert "Nothing was written" in result.output
    assert listing(tmp_path) == ["events.csv"]
    # no rejects file is written: the reasons are in the message, line by line in order
    assert "rejects file" not in result.output
    assert result.output.index("events.csv:2:") < result.output.index("events.csv:3:")


def test_a_header_only_input_exits_non_zero_with_the_reason(tmp_path: Path) -> None:
    source = acled(tmp_path / "events.csv")
    result = build(source, "-o", tmp_path / "m.html")
    assert result.exit_code == 1
    assert "no rows: the file has a header only" in result.output
    assert listing(tmp_path) == ["events.csv"]


def test_a_failed_source_beside_good_ones_still_maps_them_and_exits_1(tmp_path: Path) -> None:
    good = acled(tmp_path / "good.csv", row("A1"))
    empty = acled(tmp_path / "empty.csv")
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    result = build(good, empty, broken, "-o", tmp_path / "m.html")
    assert result.exit_code == 1, result.output
    assert "good.csv: 1 row read, 1 accepted" in result.output
    assert "empty.csv: 0 rows read" in result.output and "header only" in result.output
    assert "broken.yaml: 0 rows read" in result.output and "not read:" in result.output
    assert "some sources gave no events: empty.csv, broken.yaml" in result.output
    assert (tmp_path / "m.html").is_file()


def test_layers_and_projects_exit_non_zero_when_no_source_gives_events(tmp_path: Path) -> None:
    """The same rule on every command that builds: nothing read is exit 1 with the reason,
    nothing written."""
    source = acled(tmp_path / "events.csv", row("A1", "someday"))
    layers = CliRunner().invoke(cli, ["layers", str(source), "-o", str(tmp_path / "out")])
    assert layers.exit_code == 1, layers.output
    assert "every row was rejected" in layers.output and "someday" in layers.output
    assert not (tmp_path / "out").exists()
    folder = project(tmp_path / "p", '[[maps]]\nname = "m"\n')
    acled(folder / "events.csv")
    in_project = run_in(folder)
    assert in_project.exit_code == 1, in_project.output
    assert "no rows: the file has a header only" in in_project.output
    assert listing(folder) == ["events.csv", "geomap.toml"]


@pytest.mark.parametrize("force", [False, True])
def test_a_state_file_that_is_a_folder_is_refused_before_any_work(tmp_path: Path,
                                                                  force: bool) -> None:
    """Before: the error advised ``--force``, which then published the outputs and failed
    on saving the state (exit 1 after the work, state missing)."""
    folder = project(tmp_path / "p", '[[maps]]\nname = "m"\n')
    (folder / ".geomap-state.json").mkdir()
    result = run_in(folder, *(["--force"] if force else []))
    assert result.exit_code == 1, result.output
    message = result.output.strip()
    assert message.startswith("Error: ") and len(message.splitlines()) == 1, message
    assert ".geomap-state.json: expected the state file, got a folder" in message, message
    assert "--force" not in message
    assert listing(folder) == [".geomap-state.json", "events.csv", "geomap.toml"]


def test_a_projects_fragment_takes_the_render_tables_height(tmp_path: Path) -> None:
    """A project's fragment was 500px high whatever it said (no key for it)."""
    folder = project(tmp_path / "p", '[[maps]]\nname = "m"\nfragment = true\n'
                                     'render = {fragment_height = "420px"}\n')
    result = run_in(folder)
    assert result.exit_code == 0, result.output
    [page] = (folder / "output").glob("m.html")
    assert "height: 420px;" in page.read_text(encoding="utf-8")
