"""``geomap extract`` end to end through click's runner (no network, files made here)."""

from __future__ import annotations

import json

import yaml
from click.testing import CliRunner

from geomap.cli import cli

ARTICLE = ("Mali cut its diplomatic ties with Ukraine on Sunday. Late last month, JNIM "
           "fighters attacked Malian soldiers and Wagner Group contractors near Kidal. "
           "Kiev responded that the decision was hasty.\n")


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, ["extract", *args], input=stdin)


def test_json_for_one_file_follows_the_contract(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run(str(path), "--date", "2024-08-05", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout.strip())
    assert set(data) == {"places", "actors", "events", "relations"}
    assert set(data["places"][0]) == {"text", "start", "end", "name", "lat", "lon", "kind",
                                      "country_code", "geonameid", "precision", "via"}
    assert set(data["actors"][0]) == {"text", "start", "end", "name", "kind"}
    assert set(data["events"][0]) == {
        "sentence", "start", "end", "evidence", "type", "sub_type", "date", "date_end",
        "date_precision", "place", "lat", "lon", "precision", "country_code", "admin1",
        "place_text", "actors", "actor1", "actor2", "fatalities", "fatalities_low",
        "fatalities_high", "fatalities_claimed_by", "tolls"}
    assert set(data["relations"][0]) == {"source", "target", "kind", "hedge", "claimed_by",
                                         "date", "date_precision", "sentence"}
    for item in data["places"] + data["actors"]:
        assert ARTICLE[item["start"]:item["end"]] == item["text"]
    battle = next(e for e in data["events"] if e["type"] == "Battles")
    assert (battle["date"], battle["date_precision"], battle["place"]) == ("2024-07-21",
                                                                          "month", "Kidal")


def test_a_folder_gives_one_line_per_file_and_survives_bad_files(tmp_path):
    (tmp_path / "1-good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "2-empty.txt").write_bytes(b"")
    (tmp_path / "3-binary.txt").write_bytes(b"\x00\x01\x02\x03")
    (tmp_path / "4-latin.txt").write_bytes("Attaque près de Ménaka, au Mali.".encode("cp1252"))
    (tmp_path / "5-page.html").write_text("<html><body><p>Clashes in Gao.</p></body></html>")
    result = run(str(tmp_path), "--json")
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"].rsplit("/", 1)[-1] for line in lines] == [
        "1-good.txt", "2-empty.txt", "3-binary.txt", "4-latin.txt", "5-page.html"]
    assert "empty" in lines[1]["error"] and "binary" in lines[2]["error"]
    assert [p["text"] for p in lines[3]["places"]] == ["Ménaka", "Mali"]
    assert [p["name"] for p in lines[4]["places"]] == ["Gao"]
    assert "Windows-1252" in result.stderr and "HTML" in result.stderr


def test_stdin_and_human_output():
    result = run("-", "--date", "2024-08-05", stdin=ARTICLE)
    assert result.exit_code == 0, result.output
    assert "'Kiev' -> Kyiv" in result.stdout
    assert "relation  Mali -[severed_diplomatic_ties]-> Ukraine" in result.stdout


def test_scenario_output_loads(tmp_path):
    from geomap.sources.scenario import load_scenario

    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "draft.yaml"
    result = run(str(path), "--date", "2024-08-05", "--scenario", str(out), "--title", "Draft")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["title"] == "Draft"
    scenario = load_scenario(out)
    assert "state-ml" in scenario.actors and scenario.relations
    out.unlink()  # without --title: the article's first sentence, the source names the file
    assert run(str(path), "--date", "2024-08-05", "--scenario", str(out)).exit_code == 0
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert draft["title"] == "Mali cut its diplomatic ties with Ukraine on Sunday."
    assert draft["sources"][0]["title"] == f"{draft['title']} (a.txt)"


def test_bad_options_are_explained(tmp_path):
    result = run("x.txt", "--date", "5 Aug 2024")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE)
    result = run(str(tmp_path), "--scenario", str(tmp_path / "s.yaml"))
    assert result.exit_code == 2 and "exactly one article" in result.output


def test_jobs_give_the_same_lines_in_the_same_order(tmp_path):
    for n in range(5):
        (tmp_path / f"{n}.txt").write_text(ARTICLE.replace("Kidal", ["Gao", "Kidal"][n % 2]))
    (tmp_path / "9-empty.txt").write_bytes(b"")
    one = run(str(tmp_path), "--json", "--date", "2024-08-05")
    two = run(str(tmp_path), "--json", "--date", "2024-08-05", "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) == 6


def test_the_draft_scenario_never_replaces_the_article(tmp_path):
    """Issue 15 item 2 for extract: ``--scenario`` naming the article replaced it."""
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(article), "--scenario", str(article)])
    assert result.exit_code == 2
    assert "expected a draft scenario that is not the article" in result.output
    assert article.read_text(encoding="utf-8") == ARTICLE


def test_an_event_without_a_date_is_reported_not_dropped_silently(tmp_path):
    """'Late last month' with no --date and no date in the text: the battle cannot go into
    the draft scenario (a scenario event needs a date); the user is told which and why, on
    the terminal and in the draft itself."""
    from geomap.sources.scenario import load_scenario

    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "draft.yaml"
    result = run(str(path), "--scenario", str(out))
    assert result.exit_code == 0, result.output
    assert "no article date given or found" in result.stderr
    assert "Battles event (" in result.stderr and "give --date YYYY-MM-DD" in result.stderr
    head = out.read_text(encoding="utf-8").splitlines()[:3]
    assert head[1].startswith("# Left out: Battles event (")
    assert not any(e.event_type == "Battles" for e in load_scenario(out).events)
    dated = run(str(path), "--date", "2024-08-05", "--scenario", str(out))
    assert "left out of the draft" not in dated.stderr
    assert any(e.event_type == "Battles" for e in load_scenario(out).events)


def test_a_map_of_an_undated_article_lists_the_left_out_event(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(tmp_path / "a.html")])
    assert result.exit_code == 1  # nothing left to map: said why, not "no events found"
    assert "Battles event (" in result.output and "give --date" in result.output
    both = path.with_name("b.txt")
    both.write_text(ARTICLE + "In 2022, JNIM fighters attacked a Malian army post "
                    "near Gao.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(both), "-o", str(tmp_path / "b.html")])
    assert result.exit_code == 0, result.output
    # the map holds the other event: the battle it cannot show is named on the terminal too
    (line,) = [x for x in result.output.splitlines() if x.startswith("b.txt:")]
    assert "; not on the map: Battles event (" in line and "give --date" in line
    (warnings,) = tmp_path.glob("b.warnings*.csv")
    text = warnings.read_text(encoding="utf-8")
    assert "Battles event (" in text and "give --date" in text


def test_a_folder_names_what_it_leaves_out_and_never_waits_on_a_pipe(tmp_path, caplog):
    """Before: a pipe in a folder (``pipe.txt``, or one without a suffix) and a file of
    another kind (``notes.csv``) were left out without a word, exit code 0. Now a pipe is
    refused by name as when given alone (never opened: no writer to wait for), the file
    of another kind is named in a warning, and the article is still read."""
    import os

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(folder / "noext")
    (folder / "notes.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")  # hidden: not a candidate
    result = run(str(folder), "--json", "--date", "2024-08-05")
    assert result.exit_code == 1, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"].rsplit("/", 1)[-1] for line in lines] == ["a.txt", "noext",
                                                                   "pipe.txt"]
    assert lines[0]["places"] and all("a pipe" in line["error"] for line in lines[1:])
    assert "notes.csv" in caplog.text and "left out" in caplog.text
    assert ".hidden" not in caplog.text + result.output


def test_a_file_name_with_control_characters_is_shown_never_sent_to_the_terminal(tmp_path):
    """Before: an article named ``\\x1b]0;pwned\\x07.txt`` in a folder (an archive someone
    sent) was printed as it came after ``==`` and in its warnings: the terminal obeyed it."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "\x1b]0;pwned\x07.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "\x1b[2Kempty.txt").write_text("", encoding="utf-8")
    result = run(str(folder))
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "== " + str(folder) + "/\\x1b]0;pwned\\x07.txt" in result.output
    assert "\\x1b[2Kempty.txt" in result.output


def test_a_file_name_that_is_not_utf8_is_shown_with_escapes(tmp_path):
    """Before: ``caf\\xe9.txt`` (a Latin-1 name) in a folder was written to ``--json`` as
    its raw byte: a line no UTF-8 reader could decode (its error too, for an empty one)."""
    import os

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(ARTICLE, encoding="utf-8")
    (folder / os.fsdecode(b"vide\xe9.txt")).write_text("", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["extract", "--json", str(folder)])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout_bytes.decode("utf-8").splitlines()]
    assert [line["file"].rsplit("/", 1)[-1] for line in lines] == ["caf\\xe9.txt",
                                                                   "vide\\xe9.txt"]
    assert lines[0]["places"] and "vide\\xe9.txt" in lines[1]["error"]
    human = runner.invoke(cli, ["extract", str(folder)])
    assert "== " + str(folder) + "/caf\\xe9.txt" in human.output


def test_a_huge_standard_input_is_refused_without_a_made_up_size():
    """Standard input is read to one byte past the limit: a 5.1 MB article was refused as
    "got 5,000,001" bytes; it says "more than 5,000,000" now."""
    result = run("-", stdin="Gao. " * 1_020_000)
    assert result.exit_code == 1
    assert "at most 5,000,000 bytes, got more than 5,000,000" in result.output
    assert "5,000,001" not in result.output


def test_an_article_date_out_of_range_is_refused_before_any_work(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    for day in ("0001-01-01", "9999-12-31"):
        result = run(str(path), "--date", day)
        assert result.exit_code == 2, result.output
        assert "expected the article's date" in result.output
        assert "Traceback" not in result.output


def test_the_draft_scenarios_messages_show_control_characters_as_escapes(tmp_path):
    """The draft's "Left out" warnings quote the article, and "Wrote" its name: an
    article holding ``\\x1b]0;...\\x07`` (a few pass the binary check) reached the
    terminal as it came."""
    article = tmp_path / "a.txt"
    article.write_text("Militants attacked an army post near Gao on Sunday \x1b]0;pwned\x07, "
                       "killing four soldiers.\n", encoding="utf-8")
    result = run(str(article), "--scenario", str(tmp_path / "q\x1b[2K.yaml"))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "Wrote " + str(tmp_path / "q\\x1b[2K.yaml") in result.output
