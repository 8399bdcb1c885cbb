from __future__ import annotations

import os
from datetime import date

import pandas as pd
import pytest

from geomap.errors import ConfigError
from geomap.project import Filters, event_filter, load_project, run_project

HEADER = ("event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
          "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,iso,region,country,"
          "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
          "notes,fatalities,timestamp")


def _row(event_id, day, event_type, actor, iso, country, lat, lon, fatalities):
    return (f"{event_id},{day},2024,1,{event_type},,{actor},,2,,,0,20,{iso},Region,{country},"
            f",,,Place,{lat},{lon},1,Src,National,,{fatalities},1722000000")


ROWS = [
    _row("ML1", "2024-07-25", "Battles", "JNIM", 466, "Mali", 16.2717, -0.0447, 10),
    _row("ML2", "2024-02-10", "Protests", "Protesters (Mali)", 466, "Mali", 12.6392, -8.0029, 0),
    _row("UA1", "2024-03-01", "Battles", "Wagner Group", 804, "Ukraine", 48.1394, 37.7497, 5),
    _row("BAD", "someday", "Battles", "JNIM", 466, "Mali", 16.27, -0.04, 0),
]

TOML = """
[project]
title = "Test project"

[[sources]]
path = "data/events.csv"
name = "acled"

[filters]
countries = ["ML"]

[layers]
formats = ["geojson", "parquet"]
periods = ["month"]
"""


@pytest.fixture()
def project(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "events.csv").write_text("\n".join([HEADER, *ROWS]) + "\n",
                                                  encoding="utf-8")
    (tmp_path / "geomap.toml").write_text(TOML, encoding="utf-8")
    return tmp_path


def test_first_run_writes_then_second_is_unchanged(project):
    first = run_project(project)
    assert [o.status for o in first.outputs] == ["written"]
    source = first.sources[0]
    assert (source.rows_read, source.rows_accepted, source.rows_rejected) == (4, 3, 1)
    assert source.rows_read == source.rows_accepted + source.rows_rejected
    assert first.events == 2  # the filter keeps Mali only
    assert (project / "output" / "layers" / "geojson" / "events.geojson").is_file()
    assert (project / "output" / "layers" / "parquet" / "admin1.parquet").is_file()
    assert (project / "output" / "layers" / "parquet" / "admin1_by_month.parquet").is_file()
    assert first.rejects is not None and first.rejects.parent == project / "output"
    assert first.rejects.name.startswith("rejects.") and first.rejects.suffix == ".csv"
    assert "BAD" in first.rejects.read_text(encoding="utf-8")
    assert (project / ".geomap-state.json").is_file()

    second = run_project(project)
    assert [o.status for o in second.outputs] == ["unchanged"]
    assert second.sources[0].cached and second.sources[0].rows_rejected == 1
    assert "unchanged" in second.summary() and "4 rows read" in second.summary()


def test_the_summary_names_the_warnings_file(project):
    """Rows kept but doubtful (here a point outside its stated country) are listed in
    ``output/warnings.<hash>.csv``; ``geomap build SOURCE`` named that file, a project's
    summary did not (found by the session-33 newcomer)."""
    events = project / "data" / "events.csv"
    outside = _row("ML7", "2024-07-26", "Battles", "JNIM", 466, "Mali", 48.85, 2.35, 0)
    events.write_text(events.read_text(encoding="utf-8") + outside + "\n", encoding="utf-8")
    first = run_project(project)
    assert first.warnings is not None and first.warnings.parent == project / "output"
    assert first.warnings.name.startswith("warnings.") and "ML7" in first.warnings.read_text(
        encoding="utf-8")
    assert f"rows kept with a warning: {first.warnings}" in first.summary()
    second = run_project(project)  # unchanged: the last run's file is still named
    assert second.warnings == first.warnings
    assert f"rows kept with a warning: {first.warnings}" in second.summary()


def test_touching_without_change_keeps_outputs_but_editing_rebuilds(project):
    run_project(project)
    source = project / "data" / "events.csv"
    os.utime(source, (1, 1))  # only the time changes: content hashes decide
    assert run_project(project).outputs[0].status == "unchanged"
    source.write_text(source.read_text(encoding="utf-8") + ROWS[0].replace("ML1", "ML9") + "\n",
                      encoding="utf-8")
    rebuilt = run_project(project)
    assert rebuilt.outputs[0].status == "written"
    assert rebuilt.sources[0].rows_read == 5


def test_changed_settings_and_missing_outputs_rebuild(project):
    run_project(project)
    text = (project / "geomap.toml").read_text(encoding="utf-8")
    (project / "geomap.toml").write_text(text.replace('["ML"]', '["ML", "UA"]'), encoding="utf-8")
    assert run_project(project).events == 3
    (project / "output" / "layers" / "geojson" / "events.geojson").unlink()
    assert run_project(project).outputs[0].status == "written"
    assert run_project(project, force=True).outputs[0].status == "written"


def test_map_outputs_are_tracked_one_by_one(project):
    with (project / "geomap.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[[maps]]\nname = "overview"\noffline = false\n')
    first = run_project(project)
    assert {o.name: o.status for o in first.outputs} == {"layers": "written",
                                                        "map:overview": "written"}
    html = (project / "output" / "overview.html").read_text(encoding="utf-8")
    assert "leaflet" in html.lower()
    text = (project / "geomap.toml").read_text(encoding="utf-8")
    (project / "geomap.toml").write_text(text.replace('name = "overview"',
                                                      'name = "overview"\ntitle = "New"'),
                                         encoding="utf-8")
    second = run_project(project)
    assert {o.name: o.status for o in second.outputs} == {"layers": "unchanged",
                                                         "map:overview": "written"}


@pytest.mark.parametrize("snippet", [
    '[project]\noutput = "../elsewhere"\n',
    '[layers]\nfolder = "../../x"\n',
    '[[maps]]\nname = "m"\noutput = "../../m.html"\n',
])
def test_escaping_outputs_are_refused(tmp_path, snippet):
    (tmp_path / "geomap.toml").write_text('[[sources]]\npath = "a.csv"\n' + snippet,
                                          encoding="utf-8")
    with pytest.raises(ConfigError, match="inside the project folder"):
        load_project(tmp_path)


def test_absolute_output_is_allowed(tmp_path):
    target = tmp_path / "outside"
    folder = tmp_path / "proj"
    folder.mkdir()
    (folder / "geomap.toml").write_text(
        f'[project]\noutput = "{target.as_posix()}"\n[[sources]]\npath = "../shared/a.csv"\n',
        encoding="utf-8")
    project = load_project(folder / "geomap.toml")
    assert project.output == target
    assert project.sources[0].path == folder.resolve() / "../shared/a.csv"


@pytest.mark.parametrize(("snippet", "key"), [
    ('[[sources]]\npath = "a.csv"\nfromat = "acled"\n', "sources[0].fromat"),
    ('[[sources]]\npath = "a.csv"\n[filters]\ndate_from = "yesterday"\n', "filters.date_from"),
    ('[[sources]]\npath = "a.csv"\n[filters]\ncountries = ["Mali"]\n', "filters.countries"),
    ('[[sources]]\npath = "a.csv"\n[layers]\nformats = ["shp"]\n', "layers.formats"),
    ('[[sources]]\npath = "a.csv"\n[layers]\nperiods = ["year"]\n', "layers.periods"),
    # both were found only after every source was read (an unknown region, with no file or
    # key named) or not at all (every layer file staged twice)
    ('[[sources]]\npath = "a.csv"\n[layers]\nregions = ["nope"]\n', "layers.regions"),
    ('[[sources]]\npath = "a.csv"\n[layers]\nformats = ["gpkg", "gpkg"]\n', "layers.formats"),
    ('[[sources]]\npath = "a.csv"\n[[maps]]\noffline = "yes"\n', "maps[0].offline"),
    ('title = "x"\n', "title"),
    ("[project]\n", "sources"),
    # a NUL in a path was a ValueError traceback ("embedded null byte") at its first stat
    ('[[sources]]\npath = "a\\u0000.csv"\n', "sources[0].path"),
    ('[project]\noutput = "o\\u0000"\n[[sources]]\npath = "a.csv"\n', "project.output"),
    ('[[sources]]\npath = "a.csv"\n[layers]\nfolder = "l\\u0000"\n', "layers.folder"),
    ('[[sources]]\npath = "a.csv"\n[[maps]]\nname = "m\\u0000"\n', "maps[0].name"),
    ('[[sources]]\npath = "a.csv"\n[[maps]]\noutput = "m\\u0000.html"\n', "maps[0].output"),
])
def test_config_errors_name_the_file_and_key(tmp_path, snippet, key):
    (tmp_path / "geomap.toml").write_text(snippet, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_project(tmp_path)
    assert "geomap.toml" in str(info.value)
    assert repr(key) in str(info.value)
    if key != "sources":  # a key the file lacks has no line
        line = next(n for n, text in enumerate(snippet.splitlines(), 1)
                    if text.startswith(key.rsplit(".", 1)[-1].split("[")[0]))
        assert f"geomap.toml:{line}: key" in str(info.value)


@pytest.mark.parametrize(("text", "key", "line"), [
    ('[[sources]]\npath = "a"\n[[sources]]\npath = "b"\nfromat = "x"\n', "sources[1].fromat", 5),
    ('[[maps]]\nname = "a"\n[maps.render]\nwidht = "1"\n', "maps[0].render.widht", 4),
    ('[filter]\nx = 1\n', "filter", 1),
    ('[filters]  # the rows kept\nevent_type = ["Battles"]\n', "filters.event_type", 2),
    ('[[maps]]\nrender = { widht = "1" }\n', "maps[0].render.widht", 2),  # was None
    ('[[maps]]\nname = "a"\n[[maps]]\nname = "b"\n', "maps[1].output", 3),  # made from name
    ('[project]\ntitle = "x"\n', "sources", None),  # the file lacks it
])
def test_key_line_finds_where_a_key_is_set(text, key, line):
    from geomap.project.schema import key_line

    assert key_line(text, key) == line


def test_missing_and_invalid_files(tmp_path):
    with pytest.raises(ConfigError, match="geomap init"):
        load_project(tmp_path)
    (tmp_path / "geomap.toml").write_text("[[sources]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_project(tmp_path)


@pytest.mark.parametrize("value", ["[" * 5000 + "]" * 5000,
                                   "{a=" * 5000 + "1" + "}" * 5000])
def test_a_project_file_nested_too_deep_is_one_clear_error(tmp_path, value):
    """Before: arrays or inline tables nested some thousands deep in geomap.toml were a
    ``RecursionError`` traceback of Python's TOML reader."""
    (tmp_path / "geomap.toml").write_text(f"[project]\ntitle = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="nested too deep") as info:
        load_project(tmp_path)
    assert "geomap.toml" in str(info.value)


def test_event_filter():
    events = pd.DataFrame({
        "admin0_code": ["ML", "UA", "", "ML"],
        "iso": ["ML", "UA", "NE", None],
        "event_date": pd.to_datetime(["2024-01-01", "2024-06-30", "2024-07-01", "2023-12-31"]),
        "event_type": ["Battles", "battles", "Protests", "Battles"],
        "actor1": ["JNIM", "Wagner Group", None, "x"],
        "assoc_actor_1": [None, None, "Wagner; others", None],
        "actor2": [None] * 4, "assoc_actor_2": [None] * 4,
    })
    assert list(event_filter(events, Filters(countries=("ML", "NE")))) == [
        True, False, True, True]
    window = Filters(date_from=date(2024, 1, 1), date_to=date(2024, 6, 30))
    assert list(event_filter(events, window)) == [True, True, False, False]
    assert list(event_filter(events, Filters(event_types=("BATTLES",)))) == [
        True, True, False, True]
    assert list(event_filter(events, Filters(actors=("wagner",)))) == [False, True, True, False]


def test_a_failed_map_publishes_nothing_and_the_next_run_rebuilds(project, monkeypatch):
    """The outputs of one build are one unit: when a map fails, the layers of that build
    are not published either, the state is kept, and the next run builds both."""
    import geomap.build.run
    from geomap.errors import RenderError

    with (project / "geomap.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[[maps]]\nname = "overview"\noffline = false\n')

    def broken(*args, **kwargs):
        raise RenderError("expected a renderer, got a broken one")

    monkeypatch.setattr(geomap.build.run, "write_html", broken)
    with pytest.raises(RenderError):
        run_project(project)
    assert not (project / "output").exists() or not any((project / "output").rglob("*.*"))
    assert not (project / ".geomap-state.json").exists()
    monkeypatch.undo()
    again = run_project(project)
    assert {o.name: o.status for o in again.outputs} == {"layers": "written",
                                                        "map:overview": "written"}


def test_an_article_source_is_dated_by_its_date_key(tmp_path):
    """A newsroom's project holding an article: without ``date`` its "on Monday" events
    were left out with "give --date", an option a project refuses; ``date`` dates them,
    and changing it rebuilds."""
    (tmp_path / "wire.txt").write_text("Gunmen attacked an army checkpoint near Gao on "
                                       "Monday, killing three soldiers, officials said.\n",
                                       encoding="utf-8")
    toml = '[project]\ntitle = "Wire"\n\n[[sources]]\npath = "wire.txt"\n{date}'
    (tmp_path / "geomap.toml").write_text(toml.format(date=""), encoding="utf-8")
    undated = run_project(tmp_path)
    assert undated.events == 0 and "its date is relative or missing" in undated.summary()
    (tmp_path / "geomap.toml").write_text(toml.format(date="date = 2024-08-07\n"),
                                          encoding="utf-8")
    dated = run_project(tmp_path)
    assert dated.events == 1 and dated.outputs[0].status == "written"
    layer = tmp_path / "output" / "layers" / "geojson" / "events.geojson"
    assert '"event_date": "2024-08-05T00:00:00"' in layer.read_text(encoding="utf-8")
    (tmp_path / "geomap.toml").write_text(toml.format(date="date = 2024-08-14\n"),
                                          encoding="utf-8")
    later = run_project(tmp_path)
    assert later.outputs[0].status == "written"
    assert '"event_date": "2024-08-12T00:00:00"' in layer.read_text(encoding="utf-8")


def test_a_folder_source_is_read_again_with_what_it_holds_at_each_run(project):
    """A nightly job drops new files into a folder the project names: the next run reads
    them (rebuilt), a run with nothing new is unchanged."""
    toml = project / "geomap.toml"
    toml.write_text(TOML.replace('path = "data/events.csv"', 'path = "data"'),
                    encoding="utf-8")
    first = run_project(project)
    assert [s.name for s in first.sources] == ["acled/events.csv"]
    assert first.events == 2 and first.outputs[0].status == "written"
    assert run_project(project).outputs[0].status == "unchanged"
    (project / "data" / "more.csv").write_text(
        "\n".join([HEADER, ROWS[0].replace("ML1", "ML5").replace("2024-07-25", "2024-07-28")])
        + "\n", encoding="utf-8")
    later = run_project(project)
    assert [s.name for s in later.sources] == ["acled/events.csv", "acled/more.csv"]
    assert later.events == 3 and later.outputs[0].status == "written"


def test_a_byte_order_mark_is_read_and_other_encodings_named_by_line(tmp_path):
    """Notepad's UTF-8 with a byte-order mark was "not valid TOML: Invalid statement (at
    line 1, column 1)"; a Latin-1 byte was "'utf-8' codec can't decode byte 0xe9 in
    position 20", naming no line."""
    (tmp_path / "data.csv").write_text("id,date,lat,lon\n1,2024-01-01,16.3,-0.04\n",
                                       encoding="utf-8")
    text = '[project]\ntitle = "Café"\n[[sources]]\npath = "data.csv"\n'
    (tmp_path / "geomap.toml").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_project(tmp_path).title == "Café"
    (tmp_path / "geomap.toml").write_bytes(text.encode("latin-1"))
    with pytest.raises(ConfigError) as info:
        load_project(tmp_path)
    assert str(info.value).startswith(f"{tmp_path / 'geomap.toml'}:2: not valid TOML: "
                                      "expected UTF-8 text, got the byte 0xe9")
