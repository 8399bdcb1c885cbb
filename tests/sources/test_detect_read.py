"""Format detection from content, the --format override, and dispatch in read_events."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from geomap.errors import FormatError
from geomap.sources import read as read_module
from geomap.sources.detect import FORMATS, detect_format
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


def test_every_format_has_one_reader() -> None:
    assert tuple(read_module.READERS) == FORMATS == (
        "acled", "ucdp", "gdelt", "geojson", "gpkg", "csv", "scenario", "article")
    assert all(callable(reader) for reader in read_module.READERS.values())


def test_scenario_is_dispatched_to_the_scenario_reader(tmp_path: Path, monkeypatch) -> None:
    seen = []

    def fake(path, options):
        seen.append(path)
        return read_events(write_acled(tmp_path / "inner.csv"))

    monkeypatch.setitem(read_module.READERS, "scenario", fake)
    path = tmp_path / "s.yaml"
    path.write_text("title: x\n")
    result = read_events(path)
    assert seen == [path] and result.rows_accepted == 3


def test_suffixes_decide_scenarios_and_articles_but_not_dataset_exports(tmp_path: Path) -> None:
    broken_yaml = tmp_path / "story.yml"
    broken_yaml.write_text("events: [unclosed\n")
    assert read_module.format_of(broken_yaml) == "scenario"  # its reader reports the line
    titled = tmp_path / "report.txt"
    titled.write_text("Mali, Ukraine: relations cut\nBamako said on Sunday...\n")
    assert read_module.format_of(titled) == "article"
    assert read_module.format_of(write_acled(tmp_path / "export.txt")) == "acled"
    assert read_module.format_of(titled, "csv") == "csv"


def test_article_options_reach_the_article_reader(tmp_path: Path, monkeypatch) -> None:
    calls = []

    def fake(path, options):
        calls.append((path, options.article_date, options.country_hint))
        return read_events(write_acled(tmp_path / "events.csv"))

    monkeypatch.setitem(read_module.READERS, "article", fake)
    path = tmp_path / "a.txt"
    path.write_text("Fighting broke out near Gao on Monday, officials said.\n")
    day = date(2024, 8, 5)
    result = read_events(path, article_date=day, country_hint="ML")
    assert calls == [(path, day, "ML")] and result.rows_accepted == 3


def test_wrong_reader_for_the_file_names_missing_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "old.csv", ACLED_2015, [acled_row(BASE_EVENTS[0], "2015")])
    with pytest.raises(FormatError, match="UCDP"):
        read_events(path, "ucdp")


def test_bundled_scenario_reads_through_read_events() -> None:
    from geomap.sources.scenario import example_path

    result = read_events(example_path())
    assert result.format == "scenario" and result.rows_accepted > 0
    assert result.rows_read == result.rows_accepted + result.rows_rejected
