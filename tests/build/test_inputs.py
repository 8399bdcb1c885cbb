"""Reading a build's sources: an event in two sources counts once (geomap.sources.repeats)."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from geomap.build.inputs import read_all
from geomap.build.plan import SourceSpec
from geomap.cli import cli
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
    again = acled(tmp_path / "b.csv", row("MLI1"))
    results, reports = read_all((SourceSpec(first), SourceSpec(broken, "acled"),
                                 SourceSpec(again)))
    assert [r.name for r in reports] == ["a.csv", "broken.csv", "b.csv"]
    assert reports[1].problem is not None and reports[1].problem.startswith("not read")
    assert (reports[2].rows_accepted, reports[2].merged) == (0, 1)
    assert not reports[2].failed  # its one event is on the map, through a.csv
    assert len(results) == 2
