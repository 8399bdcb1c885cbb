"""The Python API (``geomap.read``, ``geocode``, ``extract``, ``layers``, ``map``, ``save``):
ordinary objects, the same answers as the CLI, tables checked like files."""

from __future__ import annotations

import doctest
import json
import logging
import re
import subprocess
import sys
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import pytest
from click.testing import CliRunner
from shapely.geometry import Point

import geomap
from geomap import _api_light, api
from geomap.cli import cli
from geomap.errors import ConfigError, GeomapError, InputError, RenderError
from geomap.geocoding.answers import answer_all
from geomap.layers.bundle import LayerBundle

ARTICLE = ("BAMAKO, 4 March 2024 - Militants attacked an army post near Gao on Sunday, "
           "killing four soldiers, the army said.")


def acled_table(**changes: list[object]) -> pd.DataFrame:
    """Three ACLED-shaped rows built in code (the second note spans two lines)."""
    rows = {
        "event_id_cnty": ["MLI1", "MLI2", "MLI3"],
        "event_date": ["2024-03-01", "2024-03-02", "2024-03-03"],
        "event_type": ["Battles", "Explosions/Remote violence", "Battles"],
        "sub_event_type": ["Armed clash", "Air/drone strike", "Armed clash"],
        "actor1": ["JNIM", "Military Forces of Mali", "JNIM"], "actor2": ["", "", ""],
        "country": ["Mali"] * 3, "iso": [466] * 3, "admin1": ["Gao", "Kidal", "Gao"],
        "location": ["Gao", "Kidal", "Gao"], "latitude": [16.27, 18.44, 16.27],
        "longitude": [-0.04, 1.41, -0.04], "geo_precision": [1, 1, 1],
        "time_precision": [1, 1, 1], "fatalities": [3, 0, 1],
        "notes": ["one", "two\nlines", "three"], "inter1": [2, 1, 2], "inter2": [1, 0, 1],
        "interaction": [12, 10, 12], "source": ["s"] * 3, "source_scale": ["National"] * 3,
    }
    return pd.DataFrame(rows | changes)


def test_every_example_in_the_api_runs() -> None:
    finder, runner = doctest.DocTestFinder(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = [t for module in (api, _api_light) for t in finder.find(module) if t.examples]
    names = {t.name.rsplit(".", 1)[-1] for t in tests}
    assert {"read", "geocode", "extract", "layers", "map", "save"} <= names
    for test in tests:
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_import_geomap_is_light_and_the_names_are_the_functions() -> None:
    code = ("import sys, geomap; heavy = [m for m in ('geopandas', 'folium', 'pandas') "
            "if m in sys.modules]; import geomap.layers.bundle, geomap.extract.reader; "
            "print(heavy, callable(geomap.layers), callable(geomap.extract), geomap.read)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert out.startswith("[] True True <function read")


def test_the_extract_function_loads_no_pandas() -> None:
    # geomap.extract and ``geomap extract`` pay for no table library they do not use
    code = ("import sys, geomap; extract = geomap.extract; "
            "print([m for m in ('pandas', 'geopandas', 'folium') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert out.strip() == "[]"


def test_read_gives_points_with_the_event_columns_and_the_rejects(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    acled_table(event_date=["2024-03-01", "someday", "2024-03-03"]).to_csv(path, index=False)
    events = geomap.read([path])
    assert isinstance(events, gpd.GeoDataFrame) and events.crs.to_epsg() == 4326
    assert set(geomap.model.EVENT_COLUMNS) <= set(events.columns)
    assert list(events["event_id"]) == ["MLI1", "MLI3"]
    [reject] = events.attrs["rejects"]
    assert (reject.line, reject.field) == (3, "event_date")  # the row starting on line 3
    assert events.attrs["sources"] == [f"{path}: 3 rows read, 2 accepted, 1 rejected"]


def test_read_of_two_exports_holding_one_event_reads_it_once(tmp_path: Path) -> None:
    acled_table().to_csv(tmp_path / "a.csv", index=False)
    acled_table(fatalities=[3, 5, 1]).iloc[1:].to_csv(tmp_path / "b.csv", index=False)
    events = geomap.read([tmp_path / "a.csv", tmp_path / "b.csv"])
    assert list(events["event_id"]) == ["MLI1", "MLI2", "MLI3"]
    [reject] = events.attrs["rejects"]  # MLI2 again with 5 deaths: rejected, MLI3 merged
    assert (reject.file, reject.line) == (str(tmp_path / "b.csv"), 2)
    assert f"first on {tmp_path / 'a.csv'}:3" in reject.reason
    assert events.attrs["sources"][1].startswith(
        f"{tmp_path / 'b.csv'}: 2 rows read, 0 accepted, 1 rejected, 1 merged")


def test_a_table_in_python_is_checked_like_a_file_and_rejects_name_its_row() -> None:
    events = geomap.read(acled_table(event_date=["2024-03-01", "2024-03-02", "someday"]))
    assert list(events["event_id"]) == ["MLI1", "MLI2"]
    assert list(events["dataset"]) == ["acled", "acled"]
    [reject] = events.attrs["rejects"]
    # row 3 starts on line 5 of the CSV (row 2's note spans two lines): named as row 3
    assert (reject.file, reject.line, reject.field) == ("<DataFrame>", 3, "event_date")
    assert "'someday'" in reject.reason


def test_a_geodataframe_gives_its_points_and_a_read_table_reads_again() -> None:
    frame = gpd.GeoDataFrame({"date": ["2024-05-01", "2024-05-02"], "event_type": ["Riots"] * 2},
                             geometry=[Point(30.52, 50.45), Point(-0.04, 16.27)], crs=4326)
    events = geomap.read(frame)
    assert list(zip(events["latitude"], events["longitude"], strict=True)) == [
        (50.45, 30.52), (16.27, -0.04)]  # asymmetric: a lat/lon swap fails
    again = geomap.read(events)
    assert len(again) == 2 and again.attrs["rejects"] == []


def test_a_read_table_read_again_keeps_associated_actors_and_claimed_tolls() -> None:
    """``geomap.map(geomap.read(...))`` draws the events as read: the associated actors of
    an export and the side that claims a toll reach the popups. Before, a table read again
    lost them ("columns not read: assoc_actor_1; assoc_actor_2; ...; fatalities_claimed_by"):
    the example story's claimed toll was drawn as a plain count."""
    events = geomap.read(api.example_path())
    again = geomap.read(events)
    for column in ("assoc_actor_1", "assoc_actor_2", "admin3", "source_scale",
                   "fatalities_claimed_by"):
        assert again[column].fillna("").tolist() == events[column].fillna("").tolist(), column
    assert events["fatalities_claimed_by"].notna().any()
    assert events["assoc_actor_1"].notna().any()
    drawn = geomap.layers(events).events
    assert (drawn["fatalities_claimed_by"].fillna("").tolist()
            == events["fatalities_claimed_by"].fillna("").tolist())


def records(table: pd.DataFrame) -> list[dict[str, object]]:
    """The table's rows with each missing value (NaN, pd.NA) as None, as JSON has it."""
    return [{key: None if not isinstance(value, list | dict) and pd.isna(value) else value
             for key, value in row.items()} for row in table.to_dict("records")]


def test_geocode_rows_are_the_cli_json_answers() -> None:
    names = ["Gao", "Tripoli, Lebanon", "Nowhereville"]
    table = geomap.geocode(names)
    assert list(table.columns) == list(api.GEOCODE_COLUMNS)
    result = CliRunner().invoke(cli, ["geocode", *names, "--json"])
    assert result.exit_code == 1
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    for row, expected in zip(records(table), answers, strict=True):
        assert {key: row[key] for key in expected} == expected
    assert table.loc[2, "error"] == "not found" and pd.isna(table.loc[2, "lat"])


def test_geocode_of_a_batch_uses_its_geography_as_the_command_does() -> None:
    """Fails before (``batch_scope`` unknown; Waynesville and Morrow at their North
    Carolina and Georgia namesakes): sure towns of south-west Ohio steer the small towns
    among them, as ``geomap geocode`` does; a repeated sure name is a vote per row, and
    ``batch_scope=False`` answers each name alone."""
    names = ["Springboro", "Harveysburg", "Springboro", "Waynesville", "Morrow"]
    table = geomap.geocode(names)
    assert list(table["admin1"]) == ["Ohio"] * 5
    assert str(table.loc[3, "note"]).startswith("placed near the batch's other places")
    result = CliRunner().invoke(cli, ["geocode", *names, "--json"])
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    for row, expected in zip(records(table), answers, strict=True):
        assert {key: row[key] for key in expected} == expected
    alone = geomap.geocode(names, batch_scope=False)
    assert list(alone["admin1"][3:]) == ["North Carolina", "Georgia"]
    # one sure row, counted twice, against one elsewhere: 2 of 3 share Ohio's
    assert geomap.geocode(["Springboro", "Springboro", "Bamako", "Morrow"]).loc[3,
                                                                            "admin1"] == "Ohio"
    assert geomap.geocode(["Springboro", "Bamako", "Morrow"]).loc[2, "admin1"] == "Georgia"


def test_geocode_of_a_batch_reads_a_country_s_name_as_the_state_s_town() -> None:
    """Fails before (the country Mexico): as ``geomap geocode`` does, a country's name that
    no other row lies in is the town of the batch's state near its sure rows; a name on
    two rows is answered once."""
    table = geomap.geocode(["Vandalia, Mo.", "Audrain County", "Mexico", "Mexico"])
    assert list(table["kind"][2:]) == ["populated_place"] * 2
    assert list(table["admin1"][2:]) == ["Missouri"] * 2
    alone = geomap.geocode(["Vandalia, Mo.", "Audrain County", "Mexico"], batch_scope=False)
    assert alone.loc[2, "kind"] == "country"


#: Repeats, a name twice with other spacing, an area, a miss, a coordinate pair, a
#: missing name and one that is not text.
COLUMN = ["Gao", "Kidal", "Gao", "northern Mali", "Nowhereville", "Kidal", " Gao",
          "16.27, -0.04", "Nowhereville", None, "Gao", None, 7]


def test_geocode_of_a_column_is_the_answer_of_each_row() -> None:
    # Distinct names are answered once, then copied by position: each row equals the
    # name's answer alone and the record geomap geocode prints (answer_all).
    table = geomap.geocode(COLUMN, country="ML")
    alone = [records(geomap.geocode([name], country="ML"))[0] for name in COLUMN]
    assert records(table) == alone == answer_all(COLUMN, country="ML")
    assert table["query"].tolist()[:9] == COLUMN[:9]


def test_geocode_with_a_row_context_answers_each_name_in_its_own_country() -> None:
    """``row_context`` is ``geomap geocode --context-column``: each name inside its own
    row's country (Paris in the United States, Gao in Burkina Faso), a row whose value
    names nothing an error of that row only, a missing value no context."""
    names = pd.Series(["Paris", "Gao", "Kidal", "Gao", "Paris"])
    where = pd.Series(["United States", "Burkina Faso", "Narnia", None, "United States"])
    table = geomap.geocode(names, row_context=where)
    assert table["country_code"].astype(object).tolist()[:2] == ["US", "BF"]
    assert table.loc[2, "error"].startswith("row context: expected a context naming")
    assert table.loc[3, "country_code"] == "ML" and table.loc[4, "admin1_code"] == "US-TX"
    assert records(table)[1] == records(geomap.geocode(["Gao"], context=["Burkina Faso"]))[0]
    with pytest.raises(ConfigError, match="one value per name"):
        geomap.geocode(["Gao", "Kidal"], row_context=["ML"])
    with pytest.raises(ConfigError, match="got 'Texsa'"):
        geomap.geocode(["Paris"], context=["Texsa"])


def test_geocode_columns_are_typed_and_missing_is_missing() -> None:
    table = geomap.geocode(COLUMN, country="ML")
    kinds = {key: str(dtype) for key, dtype in table.dtypes.items()}
    assert kinds == {key: api.GEOCODE_DTYPES.get(key, "category") for key in api.GEOCODE_COLUMNS}
    assert {key: str(dtype) for key, dtype in geomap.geocode([]).dtypes.items()} == kinds
    miss, hit, point = table.iloc[4], table.iloc[0], table.iloc[7]
    assert miss[["name", "lat", "geonameid", "area", "country_code"]].isna().all()
    assert miss["geometry"] is None and miss["suggestions"] == table.iloc[8]["suggestions"]
    assert hit[["error", "scope", "bbox_west"]].isna().all() and hit["suggestions"] == []
    assert pd.isna(point["geonameid"]) and not point["area"]
    # repeats share their answer's values: the Categorical stores each text once
    assert list(table["country_code"].cat.categories) == ["ML"]
    assert table.loc[0, "geometry"] is table.loc[2, "geometry"]


def test_geocode_of_a_pandas_text_column_is_that_of_its_values() -> None:
    names = ["Gao", None, "Kidal", "Gao", None, "Nowhereville"]
    expected = records(geomap.geocode([n if n else float("nan") for n in names]))
    for dtype in ("str", "category", "string", object):
        column = pd.Series(names, dtype=dtype, index=[5, 4, 3, 2, 1, 0])
        table = geomap.geocode(column)
        assert list(table.index) == list(range(6)), dtype
        rows = records(table)
        if dtype == "string":  # its missing value is pd.NA, a query of its own
            assert rows[1]["error"] == "invalid query: expected a place name as text, " \
                                       "got NAType <NA>"
            rows[1] = rows[4] = expected[1]
        elif dtype is object:  # None stays None, an invalid query of its own
            assert rows[1]["error"].endswith("got NoneType None")
            rows[1] = rows[4] = expected[1]
        assert rows == expected, dtype


def test_extract_is_the_cli_contract_as_objects(tmp_path: Path) -> None:
    found = geomap.extract(ARTICLE)
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert found.to_json() == json.loads(result.stdout)
    assert found.to_json()["events"][0]["fatalities"] == 4


def test_layers_of_a_table_attach_events_to_provinces() -> None:
    bundle = geomap.layers(acled_table(), regions=["sahel"])
    assert isinstance(bundle, LayerBundle)
    assert set(bundle.events["admin0_code"]) == {"ML"}
    assert int(bundle.regions.set_index("id").loc["sahel", "events"]) == 3
    assert geomap.layers(bundle) is bundle


def test_map_reports_rejected_rows_instead_of_dropping_them(
        caplog: pytest.LogCaptureFixture) -> None:
    table = acled_table(latitude=[16.27, 95.0, 16.27])
    with caplog.at_level(logging.WARNING, logger="geomap.api"):
        m = geomap.map(table)
    assert isinstance(m, folium.Map)
    assert "1 rows could not be used" in caplog.text and "<DataFrame>:2" in caplog.text


def test_map_takes_a_scenario_a_bundle_and_an_article(tmp_path: Path) -> None:
    bundle = geomap.layers(geomap.example_path())
    assert isinstance(geomap.map(bundle), folium.Map)
    page = geomap.save(geomap.map(ARTICLE, title="Gao"), tmp_path / "a" / "gao.html")
    html = page.read_text(encoding="utf-8")
    assert "Gao" in html and "cdn.jsdelivr.net" not in html  # offline by default


@pytest.mark.parametrize("name", ["acled_2024.csv", "story 2024.yaml", "exports"])
def test_a_mistyped_file_name_is_an_error_not_an_article(tmp_path: Path, name: str) -> None:
    """Before: a path given as text that named no file was read as an article of a word or
    two: an empty map, and not a word said."""
    (tmp_path / "exports").mkdir()
    with pytest.raises(GeomapError, match=re.escape(name)):
        geomap.map(str(tmp_path / name))
    with pytest.raises(GeomapError, match=re.escape(name)):
        geomap.layers(name if name != "exports" else str(tmp_path / name))


def test_save_never_writes_over_a_source_of_the_map(tmp_path: Path) -> None:
    """Before: ``save(map("events.csv"), "events.csv")`` replaced the data with the page."""
    source = tmp_path / "events.csv"
    acled_table().to_csv(source, index=False)
    (tmp_path / "link.csv").symlink_to(source)
    before = source.read_bytes()
    m = geomap.map(str(source))
    for target in (source, tmp_path / "link.csv"):
        with pytest.raises(ConfigError, match="not a source of the map"):
            geomap.save(m, target)
    assert source.read_bytes() == before
    assert geomap.save(m, tmp_path / "events.html").is_file()


def test_a_table_refused_as_a_whole_names_the_dataframe_not_a_temporary_file() -> None:
    """A DataFrame naming 'notes' twice was refused as "/tmp/geomap-frame-jh0vcrle/
    events.csv:1: field 'notes': ...": a file the caller never made, gone once raised."""
    table = pd.DataFrame({"event_date": ["2024-01-01"], "latitude": [16.27],
                          "longitude": [-0.04], "notes": ["a"]})
    for bad, format in ((pd.concat([table, table[["notes"]]], axis=1), "auto"),
                        (table, "ucdp")):
        with pytest.raises(InputError) as info:
            geomap.read(bad, format=format)
        assert info.value.file == "<DataFrame>" and info.value.line is None
        assert str(info.value).startswith("<DataFrame>: ")
        assert "geomap-frame" not in str(info.value) and "events.csv" not in str(info.value)
    for narrow in (table[["notes"]], pd.DataFrame()):  # "expected a CSV ... got 'notes\na\n'"
        with pytest.raises(InputError) as info:
            geomap.read(narrow)
        assert str(info.value).startswith("<DataFrame>: expected a table with a date and "
                                          "coordinates or a place name, got ")


def test_a_lone_surrogate_in_a_table_rejects_its_row() -> None:
    """Before: a cell ``"x\\udc80y"`` (text decoded with ``surrogateescape``) failed the
    whole read with a ``UnicodeEncodeError`` traceback."""
    table = acled_table(latitude=[16.27, 18.44, 95.0])
    table["notes"] = pd.Series(["one", "two\udc80", "three"], dtype=object)
    events = geomap.read(table)
    assert events["event_id"].tolist() == ["MLI1"]
    rejects = sorted(events.attrs["rejects"], key=lambda r: r.line)
    assert [(r.file, r.line, r.field) for r in rejects] == [
        ("<DataFrame>", 2, "notes"), ("<DataFrame>", 3, "latitude")]
    assert "lone surrogate" in rejects[0].reason


def test_a_lone_surrogate_in_a_name_to_geocode_is_named() -> None:
    with pytest.raises(InputError, match="name 3"):
        geomap.geocode(["Gao", "Gao", "Ga\ud800o"])


def test_map_options_are_checked() -> None:
    with pytest.raises(ConfigError, match="did you mean 'height'"):
        geomap.map(geomap.example_path(), hieght="400px")


def test_a_file_name_that_is_not_utf8_is_a_config_error(tmp_path: Path) -> None:
    """`geomap.read` of a name with bytes that are not UTF-8 (a lone surrogate) was a
    UnicodeEncodeError from deep in the reader; now it is geomap's error naming it."""
    odd = Path(str(tmp_path / "events") + "\udcff.csv")
    odd.write_text("event_date,latitude,longitude\n2024-07-25,19.9,3.0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"expected text in UTF-8, got .*events\\udcff\.csv"):
        geomap.read(odd)


@pytest.mark.parametrize("call", ["read", "read_list", "layers", "map", "save"])
def test_a_nul_in_a_path_is_a_config_error_naming_it(tmp_path: Path, call: str) -> None:
    """Before: ``ValueError: embedded null byte`` from the first ``stat``, naming nothing."""
    odd = str(tmp_path / "ev\x00ents.csv")
    with pytest.raises(ConfigError, match=r"without NUL characters, got .*ev\\x00ents\."):
        if call == "read":
            geomap.read(odd)
        elif call == "read_list":
            geomap.read([geomap.example_path(), Path(odd)])
        elif call == "save":
            geomap.save(geomap.map(geomap.example_path()), odd.replace(".csv", ".html"))
        else:
            getattr(geomap, call)(odd)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("given", [None, 5, b"Gao", ["Gao"]])
def test_extract_of_something_not_text_is_a_config_error(given: object) -> None:
    """Before: ``geomap.extract(None)`` was a TypeError traceback from deep in the
    extraction (bytes: "cannot use a string pattern"; a list: no ``.lower``)."""
    with pytest.raises(ConfigError,
                       match=f"expected the article's text.*got {type(given).__name__}"):
        geomap.extract(given)  # type: ignore[arg-type]


@pytest.mark.parametrize("given", [None, 5, b"Gao", bytearray(b"Gao")])
def test_geocode_of_something_not_names_is_a_config_error(given: object) -> None:
    """Before: None and 5 were TypeError tracebacks, and ``b"Gao"`` was answered as three
    queries, 71, 97 and 111 (the bytes' values), without a word."""
    with pytest.raises(ConfigError,
                       match=f"expected a name or names.*got {type(given).__name__}"):
        geomap.geocode(given)  # type: ignore[arg-type]


def test_nothing_to_draw_is_an_error() -> None:
    with pytest.raises(InputError, match="expected events to map"):
        geomap.layers(acled_table(event_date=["x", "y", "z"]))


def test_save_writes_pages_and_fragments_and_refuses_a_folder(tmp_path: Path) -> None:
    m = geomap.map(geomap.example_path())
    offline = geomap.save(m, tmp_path / "offline.html").read_text(encoding="utf-8")
    online = geomap.save(m, tmp_path / "online.html", offline=False).read_text(encoding="utf-8")
    fragment = geomap.save(m, tmp_path / "f.html", fragment=True).read_text(encoding="utf-8")
    assert '<script src="https://' in online and '<script src="https://' not in offline
    assert "<html" not in fragment and "<html" in offline
    with pytest.raises(ConfigError, match="folder"):
        geomap.save(m, tmp_path)


def test_a_map_with_web_tiles_is_not_saved_as_offline(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match=r"tile\.openstreetmap\.org"):
        geomap.save(geomap.map(geomap.example_path(), offline=False), tmp_path / "m.html",
                    offline=True)
    assert not (tmp_path / "m.html").exists()


@pytest.mark.parametrize("scope", [{"country": ""}, {"context": ["Mali", " "]}])
def test_geocode_refuses_an_empty_filter(scope: dict) -> None:
    """``geomap.geocode("Gao", country="")`` answered from anywhere, as with no filter."""
    with pytest.raises(ConfigError, match="leave the option out"):
        geomap.geocode("Gao", **scope)


def test_an_article_with_a_lone_surrogate_is_named_not_read_as_broken_yaml() -> None:
    """Before: ``geomap.map(text)`` of an article holding ``"\\ud800"`` failed with
    "article:2: expected valid YAML, got a syntax error" (its draft scenario's), naming
    neither the text nor the character. ``geomap.extract`` still reads such a text."""
    text = ARTICLE.replace("four soldiers", "four soldiers \ud800") + "\nMore later."
    at = text.index("\ud800") + 1
    for call in (geomap.map, geomap.layers):
        with pytest.raises(InputError, match=f"lone surrogate \\(character {at}\\)"):
            call(text)
    assert geomap.extract(text).places


def test_an_article_with_a_nul_is_named_as_the_article_not_as_a_scenario_field() -> None:
    """Before: ``geomap.map(text)`` of an article holding a NUL failed as its draft
    scenario's "article:1: field 'title': ... Remove the \\0 or \\x00 escape": a field and
    an escape the text does not have (and when the NUL came after the title, some other
    field). Named as the file reader names it: the text's line and character."""
    text = "Mali: an attack\n" + ARTICLE.replace("four soldiers", "four\x00 soldiers")
    at = text.index("\x00") + 1
    line = text.count("\n", 0, at) + 1
    for call in (geomap.map, geomap.layers):
        with pytest.raises(InputError, match=f"NUL byte \\(character {at}\\)") as caught:
            call(text)
        assert caught.value.line == line == 2 and "title" not in str(caught.value)
    assert geomap.extract(text).places


@pytest.mark.parametrize("call", ["read", "map", "layers"])
@pytest.mark.parametrize("given", [None, 5, 3.5, b"events.csv", [None], [b"events.csv"],
                                   {"events.csv": 1}])
def test_data_that_names_no_file_is_a_config_error(call: str, given: object) -> None:
    """Before: ``geomap.read(None)``, ``geomap.map(b"events.csv")`` (read as the numbers of
    its bytes) and the like were TypeError tracebacks from pathlib; a dict was read as the
    file names of its keys."""
    with pytest.raises(ConfigError, match="expected a path or paths"):
        getattr(geomap, call)(given)


@pytest.mark.parametrize("call", ["read", "map", "layers"])
@pytest.mark.parametrize("given", ["", ["events.csv", ""]])
def test_an_empty_path_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         call: str, given: object) -> None:
    """Before: ``geomap.read("")`` (a variable left empty) read every file of the current
    folder, as ``Path("")`` is ``Path(".")`` (a Path made of it is that folder still)."""
    acled_table().to_csv(tmp_path / "events.csv", index=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="expected a path, got an empty one"):
        getattr(geomap, call)(given)


def test_paths_may_come_from_a_generator(tmp_path: Path) -> None:
    source = tmp_path / "events.csv"
    acled_table().to_csv(source, index=False)
    assert len(geomap.read(tmp_path.glob("*.csv"))) == len(geomap.read(source))


def test_a_row_context_that_is_no_text_is_that_rows_error() -> None:
    """Before: a row context of 5 or a dict was dropped without a word (the name answered
    from anywhere), and one holding a lone surrogate, like a ``context`` holding one, was a
    UnicodeEncodeError traceback. Missing values still mean no context."""
    table = geomap.geocode(["Gao", "Kidal", "Gao", "Kidal", "Gao"],
                           row_context=["Mali", 5, {"a": 1}, "Ma\udc80li", None])
    errors = table["error"].astype(object).tolist()
    assert pd.isna(errors[0]) and pd.isna(errors[4])
    assert "5" in errors[1] and "{'a': 1}" in errors[2] and "surrogate" in errors[3]
    assert table["country_code"].isna().tolist() == [False, True, True, True, False]
    with pytest.raises(ConfigError, match="surrogate"):
        geomap.geocode("Gao", context=["\ud800"])


def test_read_events_drawn_again_keep_their_dataset_dates_and_ranges(tmp_path: Path) -> None:
    """``geomap.map(geomap.read(files))``, the API's first example, draws the events as
    read: each keeps its dataset (UCDP's own types, the credit of every dataset), its date's
    precision and end, and UCDP's low-high range of deaths. Before, the table read again
    was every row a plain table's: dated to the day, credited to nobody but Natural Earth,
    UCDP's events drawn as ACLED's Battles."""
    from tests.sources._fixtures import write_ucdp

    acled_table().to_csv(tmp_path / "acled.csv", index=False)
    events = geomap.read([tmp_path / "acled.csv", write_ucdp(tmp_path / "ged.csv")])
    again = geomap.read(events)
    columns = ["event_id", "dataset", "time_precision", "date_end", "fatalities_low",
               "fatalities_high"]
    assert records(again[columns]) == records(events[columns])
    assert again.attrs["rejects"] == []
    assert set(again["dataset"]) == {"acled", "ucdp"}
    assert sorted(set(again["time_precision"])) == [1, 4, 5]  # day, month, year
    bundle = geomap.layers(events)
    assert any("ACLED" in line for line in bundle.attributions)
    assert any("UCDP" in line for line in bundle.attributions)
    assert "One-sided violence" in geomap.map(events).get_root().render()


@pytest.mark.parametrize(("options", "key"), [
    ({"country": 5}, "country"),  # an AttributeError ('int' has no strip)
    ({"context": [5]}, "context"),  # ignored: Gao answered from anywhere
    ({"context": "Mali"}, None),  # one context, as one name is (read letter by letter)
    ({"row_context": 5}, "row_context"),  # a TypeError ('int' is not iterable)
    ({"batch_scope": "no"}, "batch_scope"),  # a true value: the batch's scope applied
])
def test_geocode_options_of_the_wrong_type_are_config_errors(options: dict, key: str | None
                                                             ) -> None:
    if key is None:
        table = geomap.geocode(["Gao"], **options)
        assert table["country_code"].astype(object).tolist() == ["ML"]
        return
    with pytest.raises(ConfigError, match=f"'{key}'") as err:
        geomap.geocode(["Gao"], **options)
    assert "expected" in str(err.value)


def test_geocode_of_a_table_asks_for_its_column() -> None:
    """Before: a DataFrame was answered as the names of its columns ("a" became a town in
    Norway), without a word."""
    with pytest.raises(ConfigError, match=r"expected a name or names.*got DataFrame.*column"):
        geomap.geocode(pd.DataFrame({"a": ["Gao"]}))


@pytest.mark.parametrize("options", [{"regions": [1]}, {"regions": [None]}, {"title": 5},
                                     {"regions": 5}, {"date": "2026-12-07"}, {"date": 5}])
def test_layers_options_of_the_wrong_type_are_config_errors(options: dict) -> None:
    """Before: ``regions=[1]`` was an AttributeError traceback ('int' has no lower), and
    ``title=5`` was kept as a number; ``regions=5`` was a TypeError traceback ('int' is
    not iterable), and a ``date`` that is no ``datetime.date`` was taken without a word
    when no article needed it (and refused only when one did)."""
    with pytest.raises(ConfigError, match="expected"):
        geomap.layers(geomap.example_path(), **options)


@pytest.mark.parametrize("given", [None, "map.html", 5])
def test_save_of_something_not_a_map_is_a_config_error(tmp_path: Path, given: object) -> None:
    """Before: ``geomap.save(None, ...)`` was a TypeError from a weak reference."""
    with pytest.raises(ConfigError, match=f"expected a map made by geomap.map, got "
                                          f"{type(given).__name__}"):
        geomap.save(given, tmp_path / "m.html")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_a_name_of_blanks_only_is_a_config_error(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: ``geomap.save(m, " ")`` wrote the map to a file named by a space, and
    ``geomap.read(" ")`` looked for one."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="a name of blanks only"):
        geomap.save(geomap.map(geomap.example_path()), " ")
    with pytest.raises(ConfigError, match="a name of blanks only"):
        geomap.read(" ")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("options", "key"), [({"fragment": "no"}, "fragment"),
                                               ({"offline": "no"}, "offline"),
                                               ({"offline": 0}, "offline")])
def test_save_options_of_the_wrong_type_are_config_errors(tmp_path: Path, options: dict,
                                                          key: str) -> None:
    """Before: ``fragment="no"`` and ``offline="no"`` were true: a fragment, or a page
    with every library inlined, was written where the caller said no."""
    with pytest.raises(ConfigError, match=f"expected '{key}' True or False") as err:
        geomap.save(geomap.map(geomap.example_path()), tmp_path / "m.html", **options)
    assert err.value.key == key
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("given", [5, "../../etc/passwd", "nowhere"])
def test_example_path_names_only_a_bundled_example(given: object) -> None:
    """Before: any value made a path (``5.yaml``; ``../../etc/passwd.yaml`` outside the
    package's examples) that named no example."""
    with pytest.raises(ConfigError, match="expected the name of a bundled example"):
        geomap.example_path(given)  # type: ignore[arg-type]


def test_read_and_layers_take_a_folder_as_the_command_does(tmp_path: Path) -> None:
    """``geomap build exports/`` maps the sources in a folder; ``geomap.read("exports/")``
    answered "expected an existing file" (found by the session-35 newcomer)."""
    folder = tmp_path / "exports"
    (folder / "older").mkdir(parents=True)
    acled_table().iloc[:2].to_csv(folder / "a.csv", index=False)
    acled_table().iloc[2:].to_csv(folder / "older" / "b.csv", index=False)
    assert list(geomap.read(folder)["event_id"]) == ["MLI1", "MLI2", "MLI3"]
    assert len(geomap.layers(str(folder)).events) == 3


ARTICLE_CREDIT = ("Articles: events extracted automatically by geomap from the texts listed "
                  "(drafts)")


def test_a_draft_s_warning_names_the_articles_when_exports_share_the_map(
        tmp_path: Path) -> None:
    """An article's draft warns that it is one; on a map of an export and an article the
    subtitle said the whole map was "Draft extracted automatically" (found by the
    session-35 newcomer: three exports and two articles). It now names the articles'
    events; an article alone keeps the draft's own words."""
    acled_table().to_csv(tmp_path / "acled.csv", index=False)
    (tmp_path / "report.txt").write_text(ARTICLE, encoding="utf-8")
    alone = geomap.layers(tmp_path / "report.txt").subtitle
    assert alone == "Draft extracted automatically by geomap extract: review before use."
    both = geomap.layers([tmp_path / "acled.csv", tmp_path / "report.txt"])
    assert both.subtitle == (
        "Events from articles are drafts extracted automatically by geomap extract: "
        "review them before use.")
    # titled from its data: the article's first sentence titled the map before
    assert both.title.startswith("ACLED") and geomap.layers(tmp_path / "report.txt").title \
        not in both.title
    # credited as what it is: no author curated an article's draft (it said so before)
    assert ARTICLE_CREDIT in both.attributions
    assert not any("curated" in line for line in both.attributions)
