"""Format detection from content, the --format override, and dispatch in read_events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geomap.errors import FormatError
from geomap.sources import read as read_module
from geomap.sources.detect import detect_format
from geomap.sources.read import read_events
from tests.sources._fixtures import (
    ACLED_2015,
    BASE_EVENTS,
    acled_row,
    write_acled,
    write_csv,
    write_gdelt,
    write_ucdp,
)


def test_detects_each_format_from_content(tmp_path: Path) -> None:
    # misleading extensions: content decides
    assert detect_format(write_acled(tmp_path / "a.txt")) == "acled"
    assert detect_format(write_acled(tmp_path / "old.csv", "2015")) == "acled"
    assert detect_format(write_ucdp(tmp_path / "u.dat")) == "ucdp"
    assert detect_format(write_gdelt(tmp_path / "20190301.export.CSV", 58, [{}])) == "gdelt"
    geojson = tmp_path / "g.json"
    geojson.write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    assert detect_format(geojson) == "geojson"
    table = tmp_path / "t.tsv"
    table.write_text("date\tlat\tlon\n2024-01-01\t16.3\t-0.04\n")
    assert detect_format(table) == "csv"
    scenario = tmp_path / "s.txt"
    scenario.write_text("title: Mali\nplaces:\n  gao: {lat: 16.27, lon: -0.04}\n")
    assert detect_format(scenario) == "scenario"
    article = tmp_path / "article.txt"
    article.write_text("Fighting broke out near Gao on Monday, officials said.\n")
    assert detect_format(article) == "article"


def test_detects_geopackage_by_magic_bytes(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    assert detect_format(path) == "gpkg"


def test_detect_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("  \n")
    with pytest.raises(FormatError, match="empty"):
        detect_format(path)


def test_format_override_beats_detection(tmp_path: Path) -> None:
    path = write_acled(tmp_path / "a.csv")
    assert read_events(path, "csv").format == "csv"  # read as a plain table
    assert read_events(path, "ACLED").format == "acled"


def test_unknown_format_lists_the_choices(tmp_path: Path) -> None:
    path = write_acled(tmp_path / "a.csv")
    with pytest.raises(FormatError) as info:
        read_events(path, "shapefile")
    assert "'shapefile'" in str(info.value) and "gdelt" in str(info.value)


def test_scenario_is_dispatched_to_the_scenario_module(tmp_path: Path, monkeypatch) -> None:
    from geomap.sources import scenario

    seen = []
    sentinel = object()

    def fake(path):
        seen.append(path)
        return read_events(write_acled(tmp_path / "inner.csv"))

    monkeypatch.setattr(scenario, "read_scenario", fake)
    path = tmp_path / "s.yaml"
    path.write_text("title: x\n")
    result = read_events(path)
    assert seen == [path] and result.rows_accepted == 3 and sentinel


def test_missing_external_reader_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(read_module._EXTERNAL, "article",
                        (("geomap.not_a_module", "read_events"), ("geomap", "nothing")))
    path = tmp_path / "a.txt"
    path.write_text("Fighting broke out near Gao on Monday, officials said.\n")
    with pytest.raises(FormatError, match="article"):
        read_events(path)


def test_wrong_reader_for_the_file_names_missing_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "old.csv", ACLED_2015, [acled_row(BASE_EVENTS[0], "2015")])
    with pytest.raises(FormatError, match="UCDP"):
        read_events(path, "ucdp")


def test_bundled_scenario_reads_through_read_events() -> None:
    from geomap.sources.scenario import example_path

    result = read_events(example_path())
    assert result.format == "scenario" and result.rows_accepted > 0
    assert result.rows_read == result.rows_accepted + result.rows_rejected


def test_article_dispatch_passes_only_accepted_arguments(tmp_path: Path, monkeypatch) -> None:
    calls = []

    def fake_reader(path, article_date=None):
        calls.append((path, article_date))
        return read_events(write_acled(tmp_path / "events.csv"))

    monkeypatch.setitem(read_module._EXTERNAL, "article", (("geomap.not_a_module", "x"),
                                                           (__name__, "fake_reader")))
    monkeypatch.setitem(globals(), "fake_reader", fake_reader)
    path = tmp_path / "a.txt"
    path.write_text("Fighting broke out near Gao on Monday, officials said.\n")
    result = read_events(path, geocoder=object(), country_hint="ML")
    assert calls == [(path, None)] and result.rows_accepted == 3
