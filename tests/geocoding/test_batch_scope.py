"""``geomap geocode`` on a batch: the batch's sure rows steer its ambiguous names
(:mod:`geomap.geocoding.batch`)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import cli
from geomap.geocoding.batch import STEERED_NOTE, batch_region

from .fake_nominatim import FakeNominatim

# Towns of south-west Ohio (Warren County and around) that the gazetteer knows as sure,
# one qualified by its state, and small towns whose larger namesakes lie in other states
# or countries.
SURE = ["Springboro", "Harveysburg", "Zanesville", "Canton, Ohio"]
AMBIGUOUS = ["Waynesville", "Morrow", "Loveland", "Carlisle"]


@pytest.fixture
def runner(gazetteer_cache: Path) -> CliRunner:
    return CliRunner()


def answers(runner: CliRunner, *args: str) -> tuple[dict[str, dict], str]:
    result = runner.invoke(cli, ["geocode", *args, "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    return {row["query"]: row for row in rows}, result.stderr


def test_a_state_batch_places_its_ambiguous_towns_in_the_state(runner: CliRunner) -> None:
    """Fails before: each ambiguous name went to its largest namesake (North Carolina,
    Georgia, Colorado, England)."""
    rows, stderr = answers(runner, *SURE, *AMBIGUOUS)
    for name in AMBIGUOUS:
        assert (rows[name]["admin1"], rows[name]["country_code"]) == ("Ohio", "US"), name
        assert rows[name]["note"].startswith(STEERED_NOTE)
        assert "Ohio, US" in rows[name]["note"] and "the name alone gave" in rows[name]["note"]
    assert all(rows[name]["note"] is None for name in SURE)
    assert rows["Waynesville"]["lat"] == pytest.approx(39.53, abs=0.05)
    assert f"{len(AMBIGUOUS)} ambiguous names placed near" in stderr


def test_the_row_order_does_not_matter(runner: CliRunner) -> None:
    first, _ = answers(runner, *SURE, *AMBIGUOUS)
    mixed = [AMBIGUOUS[0], SURE[2], AMBIGUOUS[3], SURE[0], AMBIGUOUS[1], SURE[3], SURE[1],
             AMBIGUOUS[2]]
    second, _ = answers(runner, *mixed)
    reverse, _ = answers(runner, *reversed(mixed))
    assert first == second == reverse


def test_a_batch_over_several_countries_is_not_steered(runner: CliRunner) -> None:
    rows, stderr = answers(runner, "Bamako", "Kidal", "Lyon", "Marseille", "Springboro",
                           "Waynesville")
    assert rows["Waynesville"]["admin1"] == "North Carolina"
    assert rows["Waynesville"]["note"] is None and "placed near" not in stderr


def test_explicit_context_country_qualifier_and_the_option_win(runner: CliRunner) -> None:
    rows, _ = answers(runner, *SURE, "Waynesville", "--context", "North Carolina")
    assert rows["Waynesville"]["admin1"] == "North Carolina"
    assert rows["Waynesville"]["note"] is None
    rows, _ = answers(runner, *SURE, "Waynesville", "--country", "US")
    assert rows["Waynesville"]["note"] is None
    rows, _ = answers(runner, *SURE, "Waynesville, North Carolina", "Morrow")
    assert rows["Waynesville, North Carolina"]["admin1"] == "North Carolina"
    assert rows["Morrow"]["admin1"] == "Ohio"
    rows, stderr = answers(runner, *SURE, "Morrow", "--no-batch-scope")
    assert rows["Morrow"]["admin1"] == "Georgia" and "placed near" not in stderr


def test_a_csv_batch_notes_the_rows_and_takes_row_context(runner: CliRunner,
                                                          tmp_path: Path) -> None:
    """A row's own state column is its qualifier: it vouches for the region and is never
    moved; the note column says which rows the batch moved."""
    source = tmp_path / "towns.csv"
    source.write_text("town,state\nSpringboro,\nHarveysburg,\nLebanon,Ohio\n"
                      "Morrow,\nWaynesville,North Carolina\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    args = ["geocode", "--input", str(source), "--column", "town", "--context-column",
            "state", "-o", str(out)]
    for _ in range(2):  # the second run answers from the answer cache: the same rows
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
        with out.open(encoding="utf-8") as handle:
            rows = {row["town"]: row for row in csv.DictReader(handle)}
        assert rows["Morrow"]["admin1"] == "Ohio"
        assert rows["Morrow"]["note"].startswith(STEERED_NOTE)
        assert rows["Waynesville"]["admin1"] == "North Carolina"
        assert rows["Waynesville"]["note"] == "" and rows["Springboro"]["note"] == ""


def test_the_region_needs_a_clear_majority() -> None:
    def town(state: str, lat: float) -> dict:
        return {"error": None, "kind": "populated_place", "score": 1.0, "country_code": "US",
                "admin1_code": state, "admin1": state, "lat": lat, "lon": -84.0}

    region = batch_region([town("OH", 39.5), town("OH", 39.6), town("IN", 39.7)],
                          [False] * 3)
    assert region is not None and region.label == "OH, US"
    split = [town("OH", 39.5), town("IN", 39.7)]
    region = batch_region(split, [False, False])
    assert region is not None and region.label == "US"  # no state: the country
    assert batch_region(split[::-1], [False, False]) == region
    assert batch_region([town("OH", 39.5)], [False]) is None


def test_online_answers_are_not_steered(runner: CliRunner, tmp_path: Path) -> None:
    with FakeNominatim() as server:
        result = runner.invoke(cli, [
            "geocode", "Gao", "Kidal", "Bamako", "Somewhere", "--json", "--service",
            "nominatim", "--user-agent", "geomap-tests/1.0", "--cache",
            str(tmp_path / "c.sqlite"), "--min-interval", "0", "--service-option",
            f"domain={server.domain}", "--service-option", "scheme=http"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert (rows[3]["lat"], rows[3]["lon"]) == (10.5, -20.25)
    assert "placed near" not in result.stderr


def _record(query: str, lat: float, lon: float, state: str, score: float,
            geonameid: int) -> dict:
    return {"query": query, "name": query, "error": None, "kind": "populated_place",
            "score": score, "country_code": "US", "admin1_code": state, "admin1": state,
            "lat": lat, "lon": lon, "geonameid": geonameid, "note": None}


def test_a_row_near_the_sure_rows_keeps_its_answer(gazetteer: object) -> None:
    """An answer over the state line but within 100 km of the sure rows is near them (an
    Ohio sheet's Indiana neighbour stays); the same name far off is placed near them."""
    from geomap.geocoding.batch import steer_to_batch

    sure = [_record("Springboro", 39.55, -84.23, "OH", 1.0, 1),
            _record("Harveysburg", 39.50, -84.01, "OH", 1.0, 2)]
    near = _record("Richmond", 39.83, -84.89, "IN", 0.3, 3)
    assert steer_to_batch([*sure, near], [False] * 3)[2] is near
    far = _record("Richmond", 37.55, -77.46, "VA", 0.3, 4)
    steered = steer_to_batch([*sure, far], [False] * 3)[2]
    assert steered["lat"] == pytest.approx(39.83, abs=0.1)
    assert steered["note"].startswith(STEERED_NOTE)


def test_near_is_100_km_across_cells_the_pole_and_the_antimeridian() -> None:
    from geomap.geocoding.batch import BatchRegion

    region = BatchRegion("test", ((39.99, -84.01), (70.5, 179.9)), "US")
    assert region.near(40.01, -83.99) and region.near(39.99 + 0.85, -84.01)  # 95 km north
    assert not region.near(39.99 + 0.95, -84.01)  # 106 km
    assert region.near(70.5, -179.5)  # across the antimeridian, about 22 km
    assert region.near(70.5, 177.5) and not region.near(70.5, 176.0)  # 89 km / 145 km


def test_a_country_s_name_in_a_state_batch_is_the_state_s_town(runner: CliRunner) -> None:
    """Fails before: "Mexico" stayed the country beside two sure rows of Missouri (the
    extractor's rule for a town named like a country)."""
    rows, stderr = answers(runner, "Vandalia, Mo.", "Audrain County", "Mexico")
    mexico = rows["Mexico"]
    assert (mexico["kind"], mexico["admin1"], mexico["country_code"]) == (
        "populated_place", "Missouri", "US")
    assert mexico["lat"] == pytest.approx(39.17, abs=0.05)
    assert mexico["lon"] == pytest.approx(-91.88, abs=0.05)
    assert mexico["note"].startswith(STEERED_NOTE) and "Mexico, MX" in mexico["note"]
    assert "1 ambiguous name placed near" in stderr


def test_a_country_s_name_stays_the_country_beside_its_own_places(runner: CliRunner) -> None:
    rows, _ = answers(runner, "Vandalia, Mo.", "Audrain County", "Mexico", "Guadalajara")
    assert rows["Mexico"]["kind"] == "country" and rows["Mexico"]["note"] is None


def test_a_country_s_name_in_a_country_batch_stays_the_country(runner: CliRunner) -> None:
    # towns of several states: the batch's region is a country, no state
    rows, _ = answers(runner, "Springboro", "Zanesville", "Canton, Ohio", "Columbia, Mo.",
                      "Fulton, Mo.", "Jefferson City, Mo.", "Mexico")
    assert rows["Mexico"]["kind"] == "country"
