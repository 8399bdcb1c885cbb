"""``geomap publish``: the command writes a site and reports what it read."""

from __future__ import annotations

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
    assert (tmp_path / "site" / "rejects.csv").is_file()


def test_publish_is_listed_and_explains_a_bad_source(tmp_path: Path) -> None:
    runner = CliRunner()
    assert "publish" in runner.invoke(cli, ["--help"]).output
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(cli, ["publish", str(empty), "-o", str(tmp_path / "site")])
    assert result.exit_code != 0
    assert "empty file" in result.output and "Traceback" not in result.output
