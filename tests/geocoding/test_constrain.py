"""A country or context given by the user is a hard filter; doubtful answers say so (issue 14).

Ber, Léré and Boni are Malian towns that GeoNames' cities500 does not hold; their namesakes
elsewhere (Véroia's alternate name "Ber", Lere in Nigeria, Bonn's "Boni") must never be the
answer when the user said the places are in Mali.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import cli
from geomap.errors import PlaceNotFound
from geomap.geocoding import resolve_place
from geomap.geocoding.gazetteer import Gazetteer


@pytest.mark.parametrize("query", ["Ber", "Léré", "Boni"])
def test_country_is_a_hard_filter(gazetteer: Gazetteer, query: str) -> None:
    answer = gazetteer.answer(query, country="ML")
    assert answer.best is None and answer.scope == "ML"
    assert answer.suggestions, "namesakes elsewhere are offered as suggestions"
    assert all(not label.endswith("(ML)") for label in answer.suggestions)


def test_without_a_filter_the_namesakes_still_answer(gazetteer: Gazetteer) -> None:
    assert gazetteer.answer("Boni").best is not None


def test_inside_the_filter_the_best_local_place_wins(gazetteer: Gazetteer) -> None:
    gao = gazetteer.answer("Gao", country="BF")
    assert gao.best is not None and gao.best.place.country_code == "BF"
    assert {c.place.country_code for c in gao.candidates} == {"BF"}
    shares = [c.score for c in gao.candidates]
    assert sum(shares) == pytest.approx(1.0, abs=0.001)  # shares among what is allowed


def test_context_filters_to_the_countries_it_names(gazetteer: Gazetteer) -> None:
    tripoli = gazetteer.answer("Tripoli", context=("Lebanese",))
    assert {c.place.country_code for c in tripoli.candidates} == {"LB"}
    paris = gazetteer.answer("Paris", context=("Texas",))
    assert {c.place.country_code for c in paris.candidates} == {"US"}
    assert paris.best is not None and paris.best.place.admin1_code == "US-TX"
    sahel = gazetteer.answer("Gao", context=("the Sahel",))
    assert {c.place.country_code for c in sahel.candidates} <= {"ML", "BF", "NE", "TD", "MR",
                                                                 "SN", "NG", "SD", "ER", "GM",
                                                                 "DZ", "CM", "ET", "GN", "SS"}


def test_areas_that_contain_the_filter_country_pass(gazetteer: Gazetteer) -> None:
    sahel = gazetteer.answer("the Sahel", country="ML")
    assert sahel.best is not None and sahel.best.place.id == "sahel"
    mali = gazetteer.answer("Mali", country="ML")
    assert mali.best is not None and mali.best.place.country_code == "ML"


def test_doubtful_answers_are_marked(gazetteer: Gazetteer) -> None:
    kidal = gazetteer.answer("Kidal", country="ML").best
    assert kidal is not None and (kidal.confidence, kidal.reason) == ("high", "")
    boni = gazetteer.answer("Boni").best  # Bonn and Watampone both have the alternate "Boni"
    assert boni is not None and boni.confidence == "low" and "ambiguous" in boni.reason
    code = gazetteer.answer("Ber").best
    assert code is not None and code.confidence == "low"


def test_python_api_raises_with_labelled_suggestions(gazetteer_cache: Path) -> None:
    with pytest.raises(PlaceNotFound) as err:
        resolve_place("Ber", country="ML")
    assert "in ML" in str(err.value) and "not answers" in str(err.value)
    assert err.value.scope == "ML" and err.value.candidates
    assert resolve_place("Kidal", country="ML").country_code == "ML"


@pytest.fixture
def runner(gazetteer_cache: Path) -> CliRunner:
    return CliRunner()


def test_cli_text_and_json(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["geocode", "Ber", "Léré", "Boni", "Kidal", "--country", "ML"])
    assert result.exit_code == 1
    out = result.stdout.splitlines()
    assert all("not found in ML" in line and "Suggestions outside ML" in line
               for line in out[:3]), out
    assert "Véroia" not in out[0].split("Suggestions")[0]
    assert out[3].startswith("Kidal: Kidal") and "low confidence" not in out[3]
    result = runner.invoke(cli, ["geocode", "Ber", "Boni", "--country", "ML", "--json"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["error"] == "not found in ML" and "name" not in rows[0]
    assert rows[0]["suggestions"] and rows[0]["scope"] == "ML"
    result = runner.invoke(cli, ["geocode", "Boni", "--json"])
    row = json.loads(result.stdout)
    assert row["confidence"] == "low" and row["confidence_reason"]
    result = runner.invoke(cli, ["geocode", "Boni"])
    assert "low confidence" in result.stdout


def test_cli_batch_columns(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "names.txt"
    source.write_text("Ber\nKidal\nBoni\n", encoding="utf-8")
    out = tmp_path / "places.csv"
    result = runner.invoke(cli, ["geocode", "--input", str(source), "--country", "ML",
                                 "-o", str(out)])
    assert result.exit_code == 1
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["name"] == "" and rows[0]["error"] == "not found in ML"
    assert rows[0]["suggestions"] and rows[1]["confidence"] == "high"
    loose = tmp_path / "loose.csv"
    runner.invoke(cli, ["geocode", "--input", str(source), "-o", str(loose)])
    with loose.open(encoding="utf-8") as handle:
        boni = list(csv.DictReader(handle))[2]
    assert boni["name"] and boni["confidence"] == "low" and boni["confidence_reason"]


def test_a_context_with_commas_counts_by_its_part_that_names_a_state(
        gazetteer: Gazetteer) -> None:
    """"Lamar County, Texas" names no state as a whole: its last part does. Before, the
    item was ignored and Paris in France answered."""
    paris = gazetteer.answer("Paris", context=("Lamar County, Texas",))
    assert paris.best is not None and paris.best.place.admin1_code == "US-TX"


def test_a_context_or_country_naming_nothing_is_a_usage_error(runner: CliRunner) -> None:
    """A mistyped context used to be ignored silently (answers from anywhere); an unknown
    --country failed every query as an unresolved one (exit 1). Both are now bad usage."""
    result = runner.invoke(cli, ["geocode", "Paris", "--context", "Texsa"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "got 'Texsa'" in result.output and "Paris:" not in result.output
    result = runner.invoke(cli, ["geocode", "Gao", "--country", "Xyzland"])
    assert result.exit_code == 2 and "got 'Xyzland'" in result.output
    assert runner.invoke(cli, ["geocode", "Gao", "--context", "Malian"]).exit_code == 0


@pytest.mark.parametrize(("query", "admin1", "country"), [
    ("Paris TX", "US-TX", "US"), ("Springfield Illinois", "US-IL", "US"),
    ("Springfield New Jersey", "US-NJ", "US"), ("Tripoli Lebanon", None, "LB")])
def test_a_state_or_country_after_the_name_without_a_comma(
        gazetteer: Gazetteer, query: str, admin1: str | None, country: str) -> None:
    """Read as "Paris, TX" when the whole query names nothing."""
    best = gazetteer.answer(query).best
    assert best is not None and best.place.country_code == country
    assert admin1 is None or best.place.admin1_code == admin1


def test_a_name_with_a_country_that_lacks_it_keeps_the_suggestions(
        gazetteer: Gazetteer) -> None:
    answer = gazetteer.answer("Gao Niger")
    assert answer.best is None and "Gao (ML)" in answer.suggestions
