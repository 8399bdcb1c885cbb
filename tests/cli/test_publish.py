"""``geomap publish``: the command writes a site and reports what it read."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from geomap.cli import cli
from tests.publish.conftest import COLUMNS, acled_rows, write_acled


def test_publish_writes_a_site(tmp_path: Path) -> None:
    rows = acled_rows(200)
    rows[5][COLUMNS.index("event_date")] = "not a date"
    source = write_acled(tmp_path / "sahel.csv", rows)
    result = CliRunner().invoke(cli, ["publish", str(source), "-o", str(tmp_path / "site"),
                                      "--title", "Sahel"])
    assert result.exit_code == 0, result.output
    assert f"{source}: 200 rows read, 199 accepted, 1 rejected" in result.output
    assert "site written:" in result.output and "199 events" in result.output
    assert (tmp_path / "site" / "events.pmtiles").stat().st_size > 1000
    [rejects] = (tmp_path / "site").glob("rejects.*.csv")  # named as geomap build names it
    assert f"rejected rows: {rejects}" in result.output


def test_publish_is_listed_and_explains_a_bad_source(tmp_path: Path) -> None:
    runner = CliRunner()
    assert "publish" in runner.invoke(cli, ["--help"]).output
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(cli, ["publish", str(empty), "-o", str(tmp_path / "site")])
    assert result.exit_code != 0
    assert "empty file" in result.output and "Traceback" not in result.output


def test_a_source_that_cannot_be_read_is_left_out_and_named(tmp_path: Path) -> None:
    """As ``geomap build``: a source with columns no reader knows is left out, named with
    its reason (on the command line and on the page), the others are published, and the
    exit code is 1. Before, the whole publish stopped."""
    good = write_acled(tmp_path / "good.csv", acled_rows(50))
    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["publish", str(good), str(bad), "-o", str(site)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{bad}: 0 rows read, 0 accepted, 0 rejected (auto): not read: {bad}:1:" \
        in result.output
    assert f"Error: some sources gave no events: {bad}" in result.output
    assert "site written:" in result.output and "50 events" in result.output
    page = (site / "site.json").read_text(encoding="utf-8")
    assert "Not on this map: bad.csv: not read:" in page and "['foo', 'bar']" in page


def test_nothing_to_publish_is_one_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    """Every row rejected, or a story without events: one error naming the source and
    the first rejected rows, no folder left behind (before: a traceback from an empty
    list of tile counts)."""
    rows = acled_rows(5)
    for row in rows:
        row[COLUMNS.index("latitude")] = "999"
    source = write_acled(tmp_path / "all_bad.csv", rows)
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["publish", str(source), "-o", str(site)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"({source}: every row was rejected). First rejected rows: {source}:2: field " \
        "'latitude'" in result.output
    assert "and publish again" in result.output
    assert not site.exists()
    story = tmp_path / "story.yaml"
    story.write_text("title: A story\nevents: []\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["publish", str(story), "-o", str(site)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "a story with no events: `geomap build` draws" in result.output
    assert not site.exists()


def test_publish_never_writes_over_a_source_in_the_site(tmp_path: Path) -> None:
    """Issue 15 item 2: sources named ``index.html`` or ``rejects.csv`` in the site folder
    were replaced by the page and the rejects."""
    site = tmp_path / "site"
    site.mkdir()
    rows = acled_rows(20)
    for name in ("rejects.csv", "index.html", "lib/extra.csv"):
        source = write_acled(site / name, rows) if "/" not in name else None
        if source is None:
            (site / "lib").mkdir()
            source = write_acled(site / name, rows)
        before = source.read_bytes()
        result = CliRunner().invoke(cli, ["publish", str(source), "-o", str(site),
                                          "--workers", "1"])
        assert result.exit_code == 2, result.output
        assert "expected a site folder that does not hold a source" in result.output
        assert source.read_bytes() == before
    assert sorted(p.name for p in site.iterdir()) == ["index.html", "lib", "rejects.csv"]


def test_a_clean_publish_removes_the_earlier_rejects(tmp_path: Path) -> None:
    """Issue 15 item 1: a clean publish left ``rejects.csv`` of the earlier one."""
    rows = acled_rows(20)
    rows[5][COLUMNS.index("event_date")] = "not a date"
    source = write_acled(tmp_path / "sahel.csv", rows)
    site = tmp_path / "site"
    args = ["publish", str(source), "-o", str(site), "--workers", "1"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert len(list(site.glob("rejects.*.csv"))) == 1
    write_acled(source, acled_rows(20))
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert list(site.glob("rejects*.csv")) == []


def test_names_and_titles_that_are_not_utf8_are_one_clear_error(tmp_path: Path) -> None:
    """A source or site name with bytes that are not UTF-8 (lone surrogates, ``\\udcff``)
    was a UnicodeEncodeError traceback from a worker; a title, one at the very end, after
    every tile was made. A device is named as `geomap build` names it."""
    source = write_acled(tmp_path / "sahel.csv", acled_rows(20))
    odd = Path(os.fsdecode(bytes(tmp_path / "sahel") + b"\xff.csv"))
    odd.write_bytes(source.read_bytes())
    site = str(tmp_path / "site")
    cases = {
        "sources[0].path": [str(odd), "-o", site],
        "output": [str(source), "-o", os.fsdecode(bytes(tmp_path) + b"/site\xff")],
        "title": [str(source), "-o", site, "--title", "Sahel \udcff"],
        "device": [str(source), "/dev/zero", "-o", site],
    }
    for key, args in cases.items():
        result = CliRunner().invoke(cli, ["publish", *args])
        message = result.output.strip()
        assert result.exit_code == 2, (key, result.output)
        assert message.startswith("Error: ") and len(message.splitlines()) == 1, message
        expected = ("expected a regular file as source, got a character device" if key == "device"
                    else "expected text in UTF-8, got ")
        assert expected in message, (key, message)
    assert sorted(p.name for p in tmp_path.iterdir() if p != odd) == ["sahel.csv"]


def test_cluster_options_that_would_be_ignored_are_refused(tmp_path: Path) -> None:
    """Before: ``--memory-limit 1GiB`` without ``--scheduler`` (or with a remote
    scheduler, whose workers have their own limit) was ignored without a word, and so was
    ``--workers`` with a remote scheduler; ``--memory-limit ''`` gave each local worker a
    limit of one byte. Each is refused before any work, exit code 2; no cluster is started
    and nothing is connected to (port 1 on 127.0.0.1 answers nobody)."""
    source = write_acled(tmp_path / "sahel.csv", acled_rows(20))
    site = tmp_path / "site"
    cases = [
        (["--memory-limit", "1GiB"], "--memory-limit"),
        (["--memory-limit", "1GiB", "--scheduler", "tcp://127.0.0.1:1"], "memory_limit"),
        (["--workers", "3", "--scheduler", "tcp://127.0.0.1:1"], "workers"),
        (["--memory-limit", "", "--scheduler", "local"], "memory_limit"),
        (["--memory-limit", "lots", "--scheduler", "local"], "memory_limit"),
        (["--memory-limit", "0", "--scheduler", "local"], "memory_limit"),
    ]
    for options, named in cases:
        result = CliRunner().invoke(cli, ["publish", str(source), "-o", str(site), *options])
        assert result.exit_code == 2, (options, result.output)
        assert named in result.output and "Traceback" not in result.output, result.output
        assert not site.exists()


def test_an_article_is_published_with_its_date(tmp_path: Path) -> None:
    """A newsroom's article: without its date, the events it dates relatively ("on
    Monday") are left out with the reason (before: "no events found in the text", and
    the "give --date" of the warnings file named an option publish did not have); with
    ``--date`` they are published on their day."""
    article = tmp_path / "wire.txt"
    article.write_text("Gunmen attacked an army checkpoint near Gao on Monday, killing "
                       "three soldiers, officials said.\n", encoding="utf-8")
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["publish", str(article), "-o", str(site)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "its date is relative or missing" in result.output
    assert "no events found in the text" not in result.output
    assert not site.exists()
    result = CliRunner().invoke(cli, ["publish", str(article), "-o", str(site),
                                      "--date", "2024-08-07"])
    assert result.exit_code == 0, result.output
    assert "site written:" in result.output and "(1 events," in result.output
    days = json.loads((site / "site.json").read_text(encoding="utf-8"))["days"]
    monday = (date(2024, 8, 5) - date(1970, 1, 1)).days
    assert days == [monday, monday]


def test_publish_names_the_columns_of_a_table_it_does_not_read(tmp_path: Path) -> None:
    """Before: `geomap build` named a table's columns it does not read ("Dead", "Ctry")
    on the summary line, `geomap publish` said nothing of them. Now both do."""
    source = tmp_path / "desk.csv"
    source.write_text("Date,Town,Ctry,Dead,Lat,Lon\n2025-01-04,Gao,Mali,14,16.27,-0.04\n"
                      "2025-01-05,Gao,Mali,2,16.27,-0.04\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["publish", str(source), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert f"{source}: 2 rows read, 2 accepted, 0 rejected (csv); 2 columns not read: " \
        "Ctry; Dead (rename a column" in result.output, result.output
