"""``geomap publish``: the command writes a site and reports what it read."""

from __future__ import annotations

import os
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
