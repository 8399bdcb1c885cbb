"""``geomap geocode`` and ``geomap gazetteer`` through click's runner."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import cli

from .fake_nominatim import FakeNominatim

KEYS = {"query", "name", "lat", "lon", "kind", "country_code", "admin1", "geonameid",
        "precision", "score"}


@pytest.fixture
def runner(gazetteer_cache: Path) -> CliRunner:
    return CliRunner()


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_json_output(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["geocode", "Gao", "Tripoli, Lebanon", "Kiev", "--json"])
    assert result.exit_code == 0, result.output
    rows = lines(result.stdout)
    assert [r["query"] for r in rows] == ["Gao", "Tripoli, Lebanon", "Kiev"]
    assert all(KEYS <= set(r) for r in rows)
    gao = rows[0]
    assert (gao["country_code"], gao["kind"], gao["precision"]) == ("ML", "populated_place",
                                                                    "exact")
    assert gao["lat"] == pytest.approx(16.27, abs=0.05) and gao["lon"] == pytest.approx(-0.04,
                                                                                       abs=0.05)
    assert rows[1]["country_code"] == "LB" and rows[2]["name"] == "Kyiv"


def test_unresolved_json_and_exit_code(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["geocode", "Bamakoo", "Gao", "", "--json"])
    assert result.exit_code == 1
    rows = lines(result.stdout)
    assert rows[0] == {"query": "Bamakoo", "error": "not found", "suggestions": ["Bamako (ML)"]}
    assert rows[1]["name"] == "Gao"
    assert rows[2]["error"].startswith("invalid query")
    assert "2 of 3 queries did not resolve" in result.stderr


def test_a_place_not_found_says_how_to_add_it(runner: CliRunner) -> None:
    """A newcomer's town missing from the bundled data: the command names the way to add
    it (a GeoNames country file, imported), in the country asked for; a query that is
    invalid gets no such advice."""
    result = runner.invoke(cli, ["geocode", "Bamakoo", "--country", "CD"])
    assert result.exit_code == 1
    assert "geomap gazetteer import CD.zip" in result.stderr
    assert "gazetteer import" not in result.stdout
    invalid = runner.invoke(cli, ["geocode", ""])
    assert invalid.exit_code == 1 and "gazetteer import" not in invalid.stderr
    anywhere = runner.invoke(cli, ["geocode", "Bamakoo"])  # no country asked: none named
    assert "geomap gazetteer import CC.zip` (CC: the country's two-letter code)" \
        in anywhere.stderr and "ML.zip" not in anywhere.stderr


def test_country_and_text_output(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["geocode", "Gao", "--country", "BF"])
    assert result.exit_code == 0
    assert "BF" in result.stdout and "11.6" in result.stdout
    result = runner.invoke(cli, ["geocode", "Tripoli", "--context", "Lebanese"])
    assert "LB" in result.stdout


def test_batch_csv(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "events.csv"
    source.write_text("event_id,location\n1,Gao\n2,Kidal\n3,Xqzzvwkplm\n4,Gao\n5,\n",
                      encoding="utf-8")
    out = tmp_path / "places.csv"
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "location",
                                 "-o", str(out)])
    assert result.exit_code == 1
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["query"] for r in rows] == ["Gao", "Kidal", "Xqzzvwkplm", "Gao", ""]
    assert rows[1]["country_code"] == "ML" and rows[2]["error"] == "not found"
    unresolved = out.with_name("places.unresolved.csv")
    with unresolved.open(encoding="utf-8") as handle:
        missing = list(csv.DictReader(handle))
    assert [m["query"] for m in missing] == ["Xqzzvwkplm", ""]
    assert "unresolved" in result.stderr


def test_batch_text_file(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "names.txt"
    source.write_text("Bamako\n\nNiamey\n", encoding="utf-8")
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--json"])
    assert result.exit_code == 0
    assert [r["country_code"] for r in lines(result.stdout)] == ["ML", "NE"]


def test_bad_usage(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(cli, ["geocode"]).exit_code == 2
    source = tmp_path / "e.csv"
    source.write_text("a,b\n1,2\n")
    result = runner.invoke(cli, ["geocode", "--input", str(source)])
    assert result.exit_code == 2 and "--column" in result.output
    result = runner.invoke(cli, ["geocode", "Gao", "--service", "nominatim"])
    assert result.exit_code == 2 and "user-agent" in result.output


def test_online_service(runner: CliRunner, tmp_path: Path) -> None:
    with FakeNominatim() as server:
        args = ["geocode", "Gao", "Kidal", "--json", "--service", "nominatim",
                "--user-agent", "geomap-tests/1.0", "--cache", str(tmp_path / "c.sqlite"),
                "--min-interval", "0", "--service-option", f"domain={server.domain}",
                "--service-option", "scheme=http"]
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
        rows = lines(result.stdout)
        assert (rows[0]["lat"], rows[0]["lon"]) == (16.27167, -0.04472)
        again = runner.invoke(cli, args)
        assert again.exit_code == 0 and server.requests["Gao"] == 1  # cached


def test_gazetteer_commands(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["gazetteer", "build"])
    assert result.exit_code == 0 and "ready" in result.output
    result = runner.invoke(cli, ["gazetteer", "info"])
    assert result.exit_code == 0 and "places" in result.output and "CC BY" in result.output


def test_gazetteer_import_command(runner: CliRunner, tmp_path: Path) -> None:
    from geomap.geocoding.gazetteer import Gazetteer

    dump = tmp_path / "XX.txt"
    fields = ["9300001", "Inadiatafane Nord", "Inadiatafane Nord", "", "15.99", "3.21", "P",
              "PPL", "ML", "", "09", "", "", "", "120", "", "300", "Africa/Bamako", "2024-01-01"]
    dump.write_text("\t".join(fields) + "\nbroken line\n", encoding="utf-8")
    result = runner.invoke(cli, ["gazetteer", "import", str(dump), "--name", "cli-test"])
    try:
        assert result.exit_code == 0, result.output
        assert "1 places imported" in result.output and "1 rejected" in result.output
        found = runner.invoke(cli, ["geocode", "Inadiatafane Nord", "--json"])
        assert found.exit_code == 0
        assert lines(found.stdout)[0]["geonameid"] == 9300001
    finally:
        import shutil

        layer = Gazetteer.default().layers[-1].folder
        assert layer.name == "cli-test"
        shutil.rmtree(layer)
        Gazetteer.reset_default()
    bad = runner.invoke(cli, ["gazetteer", "import", str(tmp_path / "nope.txt")])
    assert bad.exit_code == 2


def test_batch_never_writes_over_its_input(runner: CliRunner, tmp_path: Path) -> None:
    """Issue 15 item 2 for geocode: ``--input places.csv -o places.csv`` replaced the input."""
    source = tmp_path / "places.csv"
    source.write_text("location\nGao\n", encoding="utf-8")
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "location",
                                 "-o", str(source)])
    assert result.exit_code == 2
    assert "expected an output that is not the --input file" in result.output
    assert source.read_text(encoding="utf-8") == "location\nGao\n"


def test_a_clean_batch_removes_the_earlier_unresolved_list(runner: CliRunner,
                                                           tmp_path: Path) -> None:
    source = tmp_path / "events.csv"
    source.write_text("location\nGao\nXqzzvwkplm\n", encoding="utf-8")
    out = tmp_path / "places.csv"
    args = ["geocode", "--input", str(source), "--column", "location", "-o", str(out)]
    assert runner.invoke(cli, args).exit_code == 1
    assert out.with_name("places.unresolved.csv").is_file()
    source.write_text("location\nGao\n", encoding="utf-8")
    assert runner.invoke(cli, args).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv", "places.csv"]


def test_a_batch_row_of_another_width_is_named_never_read_shifted(runner: CliRunner,
                                                                   tmp_path: Path) -> None:
    """A row with a stray comma lost its extra cell silently (and a shifted row would have
    been geocoded from the wrong field); now it is an unresolved query naming its line."""
    source = tmp_path / "events.csv"
    source.write_text('id,location\n1,Gao\n2,Kidal,Mali\n3\n"4","Mopti"\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "location",
                                 "-o", str(out)])
    assert result.exit_code == 1, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["query"] for r in rows] == ["Gao", "2,Kidal,Mali", "3", "Mopti"]
    assert rows[1]["error"] == f"{source}:3: expected 2 fields as in the header, got 3"
    assert rows[2]["error"] == f"{source}:4: expected 2 fields as in the header, got 1"
    assert rows[0]["country_code"] == rows[3]["country_code"] == "ML"
    assert "2 of 4 queries did not resolve" in result.stderr


def test_a_batch_column_named_twice_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    """The second of two `location` columns was read silently, the first ignored."""
    source = tmp_path / "events.csv"
    source.write_text("location,location\nKidal,Gao\n", encoding="utf-8")
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "location"])
    assert result.exit_code == 2
    assert "expected one column named 'location', got 2 (fields 1 and 2)" in result.output


def test_a_batch_in_latin1_is_decoded_not_replaced(runner: CliRunner, tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    """cp1252 names became U+FFFD ('S\ufffdgou', not found); now they are decoded as the
    sources decode them, with a warning naming the lines."""
    source = tmp_path / "names.txt"
    source.write_bytes("Ségou\nKidal\n".encode("cp1252"))
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--json"])
    assert result.exit_code == 0, result.output
    assert [r["query"] for r in lines(result.stdout)] == ["Ségou", "Kidal"]
    assert "decoded as cp1252 (lines 1)" in caplog.text


@pytest.mark.timeout(300)  # the runner's gazetteer may be built first; /dev/zero never ends
def test_a_batch_input_that_is_not_a_regular_file_is_refused(runner: CliRunner,
                                                              tmp_path: Path) -> None:
    """`--input /dev/zero` read until memory ran out; a huge field was a csv traceback
    (Python's csv field-size limit), now a query refused by its length."""
    result = runner.invoke(cli, ["geocode", "--input", "/dev/zero"])
    assert result.exit_code == 2
    assert "expected a regular file, got a character device '/dev/zero'" in result.output
    source = tmp_path / "big.csv"
    source.write_text("location\nKidal\n" + "x" * 200_000 + "\nGao\n", encoding="utf-8")
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "location",
                                 "--json"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    rows = lines(result.stdout)
    assert [r.get("name") for r in rows] == ["Kidal", None, "Gao"]
    assert "at most 300 characters, got 200000" in rows[1]["error"]


def test_formula_like_queries_stay_text_in_the_batch_csv(runner: CliRunner,
                                                         tmp_path: Path) -> None:
    """A query `=HYPERLINK(...)` was echoed into the results and the unresolved list as
    it was: a spreadsheet opening them ran it."""
    source = tmp_path / "names.txt"
    source.write_text('=HYPERLINK("http://evil.example","x")\nGao\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    result = runner.invoke(cli, ["geocode", "--input", str(source), "-o", str(out)])
    assert result.exit_code == 1, result.output
    for path in (out, out.with_name("out.unresolved.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            first = next(csv.DictReader(handle))
        assert first["query"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    with out.open(encoding="utf-8", newline="") as handle:
        gao = list(csv.DictReader(handle))[1]
    assert gao["query"] == "Gao" and gao["lon"].startswith("-0.0")  # numbers left alone


def test_formula_like_field_names_of_a_batch_stay_text(runner: CliRunner,
                                                      tmp_path: Path) -> None:
    """A batch's -o keeps the input's fields, and their names: a header cell
    `=HYPERLINK(...)` was written as it was, and a spreadsheet runs a header cell too."""
    source = tmp_path / "names.csv"
    source.write_text('"=HYPERLINK(""http://evil.example"",""x"")",place\nnote,Gao\n',
                      encoding="utf-8")
    out = tmp_path / "out.csv"
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "place",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header[:3] == ["'=HYPERLINK(\"http://evil.example\",\"x\")", "place", "query"]


def test_a_query_that_is_not_utf8_is_one_unresolved_query(runner: CliRunner) -> None:
    """`geomap geocode $'Kidal\\xff' Gao`: the argument's byte reached Python as a lone
    surrogate, and keeping its answer in the answer cache was a UnicodeEncodeError
    traceback; now that query is invalid, named, and Gao still resolves."""
    result = runner.invoke(cli, ["geocode", "Kidal\udcff", "Gao"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    first, second = result.stdout.splitlines()[:2]
    assert first == ("Kidal\\udcff: invalid query: expected a place name in UTF-8, got "
                     "'Kidal\\udcff'.")
    assert second.startswith("Gao: Gao (populated_place, Gao, ML)")


def test_a_batch_csv_keeps_its_fields_and_each_row_its_context(runner: CliRunner,
                                                               tmp_path: Path) -> None:
    """A newsroom's table comes back whole: its fields first (one named as an answer
    column as input_<name>), each row answered inside its own country column's country;
    a row whose country names nothing is an unresolved query naming file, line and
    field, and the other rows are answered. Before, only the query column came back
    and every row was answered anywhere (Paris in France for a row in the United States)."""
    source = tmp_path / "events.csv"
    source.write_text('id,location,country,note\n1,Paris,United States,"a, b"\n'
                      "2,Gao,Burkina Faso,\n3,Kidal,Narnia,x\n4,Tripoli,,y\n5,Gao,,z\n",
                      encoding="utf-8")
    out = tmp_path / "out.csv"
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "location",
                                 "--context-column", "country", "-o", str(out)])
    assert result.exit_code == 1, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:5] == ["id", "location", "country", "input_note", "query"]
    assert [(r["id"], r["input_note"]) for r in rows] == [
        ("1", "a, b"), ("2", ""), ("3", "x"), ("4", "y"), ("5", "z")]
    assert (rows[0]["country_code"], rows[0]["admin1_code"]) == ("US", "US-TX")
    assert rows[1]["country_code"] == "BF" and rows[4]["country_code"] == "ML"
    assert rows[2]["error"] == (f"{source}:4: field 'country': expected a context naming a "
                                "country, demonym, state, county or region (Mali, Malian, "
                                "Texas, 'Stark County', 'Kidal region', 'the Sahel'), got "
                                "'Narnia'")
    assert rows[2]["lat"] == "" and rows[3]["country_code"]
    geojson = tmp_path / "out.geojson"
    runner.invoke(cli, ["geocode", "--input", str(source), "--column", "location",
                        "--context-column", "country", "-o", str(geojson)])
    features = json.loads(geojson.read_text(encoding="utf-8"))["features"]
    assert features[0]["properties"]["id"] == "1"
    assert features[0]["properties"]["country_code"] == "US"


@pytest.mark.parametrize("delimiter", [";", "|", "\t"])
def test_a_batch_delimiter_is_sniffed_as_the_sources_do(runner: CliRunner, tmp_path: Path,
                                                         delimiter: str) -> None:
    """A spreadsheet's ``;``-separated export (a ``.csv`` with a decimal comma) was one
    column named ``location;country``: ``--column location`` was refused, exit 2."""
    source = tmp_path / "events.csv"
    source.write_text(f"location{delimiter}country{delimiter}remark\n"
                      f"Gao{delimiter}Mali{delimiter}16,27\n"
                      f"Tripoli{delimiter}Lebanon{delimiter}\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "location",
                                 "--context-column", "country", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["location"], r["remark"], r["country_code"]) for r in rows] == [
        ("Gao", "16,27", "ML"), ("Tripoli", "", "LB")]


def test_batch_columns_are_named_in_any_case(runner: CliRunner, tmp_path: Path) -> None:
    """``--column location --context-column COUNTRY`` for a header ``Location,Country``
    was refused (the sources take headers in any case); two columns alike in case only
    are still refused as ambiguous."""
    source = tmp_path / "events.csv"
    source.write_text("Location,Country\nTripoli,Lebanon\n", encoding="utf-8")
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "location",
                                 "--context-column", "COUNTRY", "--json"])
    assert result.exit_code == 0, result.output
    assert [r["country_code"] for r in lines(result.stdout)] == ["LB"]
    source.write_text("location,Location\nTripoli,Gao\n", encoding="utf-8")
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "LOCATION"])
    assert result.exit_code == 2
    assert "expected one column named 'LOCATION', got 2 (fields 1 and 2)" in result.output
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "Location",
                                 "--json"])
    assert [r["country_code"] for r in lines(result.stdout)] == ["ML"]  # the exact name


def test_a_stray_quote_in_a_batch_costs_its_own_row(runner: CliRunner, tmp_path: Path) -> None:
    """A stray quote swallowed every row after it into one query ('Kidal,Mali\nMopti,Mali
    \nSegou,Mali', "1 of 2 queries did not resolve"): Mopti and Segou were never answered.
    The batch is read as the sources are: the quote's row is named, the others answered."""
    source = tmp_path / "events.csv"
    source.write_text('location,country\nGao,Mali\n"Kidal,Mali\nMopti,Mali\nSegou,Mali\n',
                      encoding="utf-8")
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "location",
                                 "--json"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    rows = lines(result.stdout)
    assert [r.get("country_code") for r in rows] == ["ML", None, "ML", "ML"]
    assert rows[1]["query"] == '"Kidal,Mali'
    assert rows[1]["error"].startswith(f"{source}:3: expected a closing quote in this row")
    assert "1 of 4 queries did not resolve" in result.stderr


def test_a_batch_with_old_mac_line_ends_is_read(runner: CliRunner, tmp_path: Path) -> None:
    """Before: a batch whose lines end in a bare ``\\r`` (an old Mac export), or holding one
    inside a row, was a csv "new-line character seen in unquoted field" traceback. A bare
    ``\\r`` is a line end, as the sources read it."""
    source = tmp_path / "events.csv"
    source.write_bytes(b"location,country\rGao,Mali\rKidal,Mali\r")
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "location",
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert [r["country_code"] for r in lines(result.stdout)] == ["ML", "ML"]
    source.write_bytes(b"location,country\nGao,Mali\nKidal,Mali\rMopti\n")
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "location",
                                 "--json"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    rows = lines(result.stdout)
    assert [r.get("country_code") for r in rows] == ["ML", "ML", None]
    assert rows[2]["error"].startswith(f"{source}:4: expected 2 fields as in the header")


def test_a_batch_of_only_a_header_says_so(runner: CliRunner, tmp_path: Path) -> None:
    """It was "give at least one QUERY or --input FILE", with --input given."""
    source = tmp_path / "events.csv"
    source.write_text("location;country\n", encoding="utf-8")
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "location"])
    assert result.exit_code == 2
    assert f"expected place names to resolve in {str(source)!r}, got only a header" in (
        result.output)


def test_a_context_column_needs_a_csv_batch(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["geocode", "Gao", "--context-column", "country"])
    assert result.exit_code == 2 and "--context-column" in result.output
    source = tmp_path / "events.csv"
    source.write_text("location\nGao\n", encoding="utf-8")
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "location",
                                 "--context-column", "country"])
    assert result.exit_code == 2
    assert "expected --context-column naming one of location, got 'country'" in result.output


@pytest.mark.parametrize("interval", ["nan", "inf", "1e308"])
def test_a_min_interval_no_clock_can_keep_is_bad_usage(runner: CliRunner, interval: str) -> None:
    """Before: ``nan`` sent requests without any pause; ``inf`` was an OverflowError
    traceback at the second request."""
    result = runner.invoke(cli, ["geocode", "--service", "nominatim", "--user-agent", "t",
                                 "--min-interval", interval, "Gao", "Kidal"])
    assert result.exit_code == 2, result.output
    assert "--min-interval" in result.output


def test_control_characters_of_a_query_are_shown_never_sent_to_the_terminal(
        runner: CliRunner, tmp_path: Path) -> None:
    """Before: a batch row ``\\x1b]0;pwned\\x07Kidal`` was printed as it came, first on its
    line, so the terminal set its title (and ``\\x1b[2K\\r`` erased the line to show
    another in its place); a query on the command line the same. Now such characters are
    shown as escapes (the JSON output escapes them as JSON does)."""
    batch = tmp_path / "places.csv"
    rows = ["location", *["Gao"] * 40, "\x1b]0;pwned\x07Kidal", "Gao\x1b[2K", "Ga\u202eo"]
    batch.write_text("\n".join(rows) + "\n", encoding="utf-8")
    for args, shown in ((["--input", str(batch), "--column", "location"],
                         "\n\\x1b]0;pwned\\x07Kidal: invalid query"),
                        (["Kidal\x1b[31m"], "Kidal\\x1b[31m: invalid query")):
        result = runner.invoke(cli, ["geocode", *args])
        assert result.exit_code == 1, result.output
        assert "\x1b" not in result.output and "\x07" not in result.output
        assert "\u202e" not in result.output
        assert shown in "\n" + result.output


@pytest.mark.parametrize("option", [["--country", ""], ["--context", " "],
                                    ["--context", "Mali", "--context", ""]])
def test_an_empty_filter_is_refused_not_dropped(runner: CliRunner, option: list[str]) -> None:
    """Before: ``--country "$CC"`` with CC unset answered from anywhere without a word
    (Gao in Mali for a user who meant Burkina Faso's); an empty ``--context`` the same.
    An empty --context-column cell still means "no context" for its row."""
    result = runner.invoke(cli, ["geocode", "Gao", *option])
    assert result.exit_code == 2, result.output
    assert "expected" in result.output and "leave the option out" in result.output


def test_column_names_with_control_characters_are_shown_as_escapes(runner: CliRunner,
                                                                   tmp_path: Path) -> None:
    """Before: a wrong --column listed the header's names as they came: one named
    ``\\x1b]0;pwned\\x07loc`` set the terminal's title."""
    batch = tmp_path / "places.csv"
    batch.write_text("id,\x1b]0;pwned\x07loc,country\n" + "1,Gao,Mali\n" * 40,
                     encoding="utf-8")
    result = runner.invoke(cli, ["geocode", "--input", str(batch), "--column", "location"])
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "id, \\x1b]0;pwned\\x07loc, country" in result.output


@pytest.mark.parametrize(("query", "context", "state"), [
    ("Canton", "Ohio", "Ohio"), ("Lebanon", "Tennessee", "Tennessee"),
    ("Rome", "Georgia", "Georgia"), ("Cairo", "Illinois", "Illinois"),
    ("Moscow", "Idaho", "Idaho"), ("Mexico", "Missouri", "Missouri"),
    ("City of Mexico", "Missouri", "Missouri"), ("Dublin", "Ohio", "Ohio"),
    ("Stark County", "Ohio", "Ohio"), ("Paris", "Lamar County, Texas", "Texas"),
])  # fmt: skip
def test_a_state_as_context_picks_the_small_namesake_over_the_famous_one(
        runner: CliRunner, query: str, context: str, state: str) -> None:
    """US local news's namesakes (issue 11): the state the story names steers the
    answer over a country or a capital of the name, as it steers ``geomap extract``."""
    result = runner.invoke(cli, ["geocode", query, "--context", context, "--json"])
    assert result.exit_code == 0, result.output
    row = lines(result.stdout)[0]
    assert (row["country_code"], row["admin1"]) == ("US", state)


@pytest.mark.parametrize(("query", "context"), [
    ("Minnesota", None), ("Wyoming", None), ("Maryland", "United States"),
    ("Appalachia", "Wise County, Virginia"),
])  # fmt: skip
def test_geocode_ranks_states_and_regions_as_extract_does(
        runner: CliRunner, query: str, context: str | None) -> None:
    """Issue 11: a state's own name is the state, not a small town listing it (Minneota)
    or a suburb of its name (Wyoming, Michigan), as ``geomap extract`` reads it (the
    first two fail before); a region's name with a county as context is the county's
    town of the name, as extract reads it among the story's towns."""
    args = ["geocode", query, "--json"] + (["--context", context] if context else [])
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    row = lines(result.stdout)[0]
    expected = "populated_place" if query == "Appalachia" else "admin1"
    assert (row["kind"], row["country_code"], row["name"]) == (expected, "US", query)


def test_a_county_as_context_for_a_batch(runner: CliRunner, tmp_path: Path) -> None:
    """A county as the batch's context: its towns, and its townships (the county when
    no town of the township's name lies near it)."""
    source = tmp_path / "places.txt"
    source.write_text("Louisville\nCanton Township\nJackson Township\n", encoding="utf-8")
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--context",
                                 "Stark County, Ohio", "--json"])
    assert result.exit_code == 0, result.output
    rows = lines(result.stdout)
    assert [(r["name"], r["admin1"]) for r in rows] == [
        ("Louisville", "Ohio"), ("Canton", "Ohio"), ("Stark County", "Ohio")]


@pytest.mark.parametrize("suffix", [".csv", ".geojson"])
def test_a_batch_keeps_every_field_when_names_would_collide(runner: CliRunner, tmp_path: Path,
                                                            suffix: str) -> None:
    """Before: a batch holding ``note`` and ``input_note`` (or a field named twice) wrote
    ``input_note`` twice in the CSV's header, and the GeoJSON kept one of the two values:
    the input's ``note`` was lost without a word."""
    source = tmp_path / "batch.csv"
    source.write_text("place,note,input_note,x,x\nGao,a,b,c,d\n", encoding="utf-8")
    out = tmp_path / f"out{suffix}"
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "place",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    if suffix == ".csv":
        with out.open(encoding="utf-8", newline="") as handle:
            header, row = list(csv.reader(handle))[:2]
    else:
        properties = json.loads(out.read_text(encoding="utf-8"))["features"][0]["properties"]
        header, row = list(properties), list(properties.values())
    assert len(header) == len(set(header)), header
    assert header[:5] == ["place", "input_note_2", "input_note", "x", "x_2"]
    assert row[:5] == ["Gao", "a", "b", "c", "d"]


@pytest.mark.parametrize("hidden", ["\u200b", "\u200e", "\u200f", "\u061c", "\u2060",
                                    "\ufeff", "\u2028", "\u2029", "\U000e0041"])
def test_invisible_characters_of_a_query_are_shown_as_escapes(runner: CliRunner,
                                                              hidden: str) -> None:
    """Before: a zero-width space, a direction mark, a word joiner, a byte-order mark, a
    Unicode tag (``\\U000e0041``, invisible text) or a line separator inside a query was
    printed as it came: ``G<ZWSP>ao: Gao ...`` looked like the query ``Gao`` (and a line
    separator made a line of its own in some terminals). The query is still read by what
    it shows; its invisible characters are shown as escapes, as the direction overrides
    were."""
    result = runner.invoke(cli, ["geocode", f"G{hidden}ao"])
    assert hidden not in result.output
    escape = hidden.encode("unicode_escape").decode("ascii")
    assert f"G{escape}ao" in result.output


@pytest.mark.parametrize("suffix", [".csv", ".geojson"])
def test_a_nul_in_a_batch_is_named_never_written_to_its_outputs(
        runner: CliRunner, tmp_path: Path, suffix: str) -> None:
    """A NUL in a batch's query, in another field of its row or in a text file's line was
    written to ``-o`` as it came: a raw NUL byte in the CSV (which geomap's own readers
    reject, and other CSV readers cut or refuse) and in the GeoJSON (which GDAL cuts
    there), the query of an answered row's notes included. Now the row is an unresolved
    query naming its line and field, its text shown with the escape ``\\x00``; the other
    rows are answered."""
    source = tmp_path / "events.csv"
    source.write_text("location,notes\nGao,fine\nTim\x00buktu,x\nKidal,an\x00ote\n",
                      encoding="utf-8")
    out = tmp_path / f"out{suffix}"
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "location",
                                 "-o", str(out)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    written = [out, tmp_path / "out.unresolved.csv"]
    assert all(b"\x00" not in path.read_bytes() for path in written)
    if suffix == ".csv":
        with out.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    else:
        rows = [f["properties"] for f in json.loads(out.read_text("utf-8"))["features"]]
    assert [r["query"] for r in rows] == ["Gao", "Tim\\x00buktu", "Kidal"]
    assert [r["notes"] for r in rows] == ["fine", "x", "an\\x00ote"]
    assert rows[0]["country_code"] == "ML" and not rows[0]["error"]
    assert rows[1]["error"].startswith(f"{source}:3: field 'location': expected text "
                                       "without NUL bytes")
    assert rows[2]["error"].startswith(f"{source}:4: field 'notes': expected text "
                                       "without NUL bytes")
    assert "2 of 3 queries did not resolve" in result.stderr
    text = tmp_path / "names.txt"
    text.write_bytes(b"Gao\nKidal\n" * 10 + b"Tim\x00buktu\n")  # one NUL of 131 bytes
    result = runner.invoke(cli, ["geocode", "--input", str(text), "--json"])
    rows = lines(result.stdout)
    assert [r["query"] for r in rows[-3:]] == ["Gao", "Kidal", "Tim\\x00buktu"]
    assert rows[-1]["error"].startswith(f"{text}:21: expected text without NUL bytes")


def test_a_nul_in_a_batch_header_is_refused_naming_it(runner: CliRunner,
                                                      tmp_path: Path) -> None:
    """A header naming a field ``no\\x00tes`` was written to ``-o``'s header as it came."""
    source = tmp_path / "events.csv"
    source.write_text("location,no\x00tes\nGao,fine\n", encoding="utf-8")
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--column", "location",
                                 "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 2, result.output
    assert "expected column names without NUL bytes" in result.stderr
    assert "'no\\x00tes'" in result.stderr and "\x00" not in result.stderr
    assert not (tmp_path / "out.csv").exists()
