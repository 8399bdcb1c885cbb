"""Offline answers kept between runs (``answers.answer_all``, ``answers.resolve_all`` and
the SQLite answer cache)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.errors import PlaceNotFound
from geomap.geocoding import answers as answers_module
from geomap.geocoding._http_cache import AnswerCache, request_key, request_keys
from geomap.geocoding.answers import answer_all
from geomap.geocoding.gazetteer import Gazetteer
from geomap.layers.build import build_layers
from geomap.publish.build import PublishOptions, publish_site
from geomap.sources.read import read_events

NAMES = ["Gao", "Kidal", "Gao", "northern Mali", "Nowhereville", "16.27, -0.04",
         "Tripoli, Lebanon", "Donetsk oblast", "", "Gao\x00"]


@pytest.fixture
def store(gazetteer_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh answer cache file for this test (the session's index stays)."""
    path = tmp_path / "answers.sqlite"
    monkeypatch.setattr(answers_module, "default_cache_path", lambda: path)
    monkeypatch.setattr(answers_module, "_CACHES", {})
    monkeypatch.setattr(answers_module, "_CURRENT", set())
    return path


@pytest.fixture
def looked_up(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries the gazetteer is asked (not answered from the cache)."""
    asked: list[str] = []
    real = answers_module.answer

    def recording(gazetteer: Gazetteer, query: str, *args: Any) -> dict[str, Any]:
        asked.append(query)
        return real(gazetteer, query, *args)

    monkeypatch.setattr(answers_module, "answer", recording)
    return asked


def fresh(names: list[str], country: str | None = None) -> list[dict[str, Any]]:
    gazetteer = Gazetteer.default()
    return [answers_module.answer(gazetteer, name, country, ()) for name in names]


def test_a_second_run_reads_the_same_answers(store: Path, looked_up: list[str]) -> None:
    expected = fresh(NAMES)
    looked_up.clear()
    first = answer_all(NAMES)
    assert looked_up == list(dict.fromkeys(NAMES))  # each distinct name once
    looked_up.clear()
    answers_module._CACHES.clear()  # a new process opens the file again
    second = answer_all(NAMES)
    assert looked_up == []
    assert first == second == expected
    for cached, made in zip(second, expected, strict=True):  # same types, not only equal
        assert {k: type(v) for k, v in cached.items()} == {k: type(v) for k, v in made.items()}
    assert len(AnswerCache(store)) == len(set(NAMES))


def test_answers_are_kept_per_country_and_context(store: Path, looked_up: list[str]) -> None:
    in_lebanon = answer_all(["Tripoli"], country="LB")
    in_libya = answer_all(["Tripoli"], country="LY")
    with_context = answer_all(["Tripoli"], context=["Libya"])
    assert in_lebanon[0]["country_code"] == "LB" and in_libya[0]["country_code"] == "LY"
    assert with_context[0]["country_code"] == "LY"
    looked_up.clear()
    assert answer_all(["Tripoli"], country="LB") == in_lebanon
    assert answer_all(["Tripoli"], country="LY") == in_libya
    assert looked_up == []


def test_a_new_gazetteer_version_looks_names_up_again_and_drops_the_old_answers(
        store: Path, looked_up: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    answer_all(["Gao", "Kidal", "Timbuktu"])
    AnswerCache(store).put("nominatim:https://example.invalid/search", "Gao", {}, None)
    monkeypatch.setattr(answers_module, "index_version", lambda: "another-version")
    looked_up.clear()
    assert answer_all(["Gao", "Kidal"]) == fresh(["Gao", "Kidal"])
    assert looked_up[:2] == ["Gao", "Kidal"]
    # the old version's three answers are gone; online answers are not touched
    cache = AnswerCache(store)
    assert len(cache) == 3
    assert cache.get("nominatim:https://example.invalid/search", "Gao", {}) == (True, None)


def test_the_quick_layer_answers_are_not_kept(
        store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a first run's quick layer may share a score among fewer places than the full index
    monkeypatch.setattr(Gazetteer, "is_complete", property(lambda self: False))
    assert answer_all(["Gao"]) == fresh(["Gao"])
    assert len(AnswerCache(store)) == 0


def test_queries_that_are_not_text_are_answered_not_kept(store: Path) -> None:
    rows = answer_all([None, "Gao", None])  # type: ignore[list-item]
    assert rows[0] is rows[2] and rows[0]["error"] is not None and rows[1]["name"] == "Gao"
    assert len(AnswerCache(store)) == 1


@pytest.mark.parametrize("damage", ["folder", "garbage"])
def test_a_broken_cache_is_reported_and_names_are_looked_up(
        store: Path, damage: str, caplog: pytest.LogCaptureFixture) -> None:
    if damage == "folder":
        store.mkdir()
    else:
        store.write_bytes(b"not a database " * 100)
    with caplog.at_level(logging.WARNING, logger=answers_module.__name__):
        assert answer_all(NAMES) == fresh(NAMES)
    assert str(store) in caplog.text and "answer cache" in caplog.text


@settings(max_examples=200, deadline=None)
@given(queries=st.lists(st.text(), max_size=5), service=st.text(max_size=8),
       params=st.dictionaries(st.text(max_size=4), st.one_of(
           st.none(), st.integers(), st.text(max_size=4), st.lists(st.text(max_size=3)))))
def test_keys_of_a_batch_are_those_of_each_request(
        queries: list[str], service: str, params: dict[str, Any]) -> None:
    # quotes, backslashes, control characters, non-ASCII: the same JSON, the same hash
    assert request_keys(service, queries, params) == [
        request_key(service, query, params) for query in queries]


def test_a_stored_text_that_is_not_one_answer_fails_alone(store: Path) -> None:
    cache = AnswerCache(store)
    cache.put_many("s", {"a": {"x": 1}, "b": [1, 2], "c": None}, {})
    assert cache.get_many("s", ["a", "b", "c", "d"], {}) == {"a": {"x": 1}, "b": [1, 2],
                                                              "c": None}
    key = request_key("s", "b", {})
    with cache._connect() as db:  # two values in one text: read one by one, and refused
        db.execute("UPDATE answers SET answer = '1, 2' WHERE key = ?", (key,))
    with pytest.raises(ValueError, match="Extra data"):
        cache.get_many("s", ["a", "b"], {})


# --- the table reader's answers: Gazetteer.resolve_candidate per (name, country) -----------

PAIRS = [("Gao", "ML"), ("Tripoli", "LB"), ("Tripoli", "LY"), ("Tripoli", None),
         ("Nowhereville", "ML"), ("Gao", "ML"), ("northern Mali", None)]


@pytest.fixture
def resolved(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    """The (name, country) pairs the gazetteer is asked to resolve."""
    asked: list[tuple[str, str | None]] = []
    real = answers_module.judged_resolution

    def recording(geocoder: Any, name: str, country: str | None) -> dict[str, Any]:
        asked.append((name, country))
        return real(geocoder, name, country)

    monkeypatch.setattr(answers_module, "judged_resolution", recording)
    return asked


def test_kept_resolutions_are_those_of_resolve(store: Path, resolved: list[Any]) -> None:
    gazetteer = Gazetteer.default()
    first = answers_module.resolve_all(PAIRS)
    assert resolved == list(dict.fromkeys(PAIRS))
    resolved.clear()
    answers_module._CACHES.clear()  # a new process opens the file again
    second = answers_module.resolve_all(PAIRS)
    assert resolved == []
    assert first == second and list(second) == list(dict.fromkeys(PAIRS))
    for (name, country), record in second.items():
        try:
            best = gazetteer.resolve_candidate(name, country=country)
        except PlaceNotFound as err:
            assert record == {"error": str(err), "not_found": True}
            continue
        place = best.place
        assert place == gazetteer.resolve(name, country=country)
        assert record == {"lat": place.lat, "lon": place.lon, "precision": int(place.precision),
                          "country_code": place.country_code, "confidence": best.confidence,
                          "confidence_reason": best.reason or None}
        assert {type(v) for v in (record["lat"], record["lon"])} == {float}
    assert second["Tripoli", "LB"]["country_code"] == "LB"
    assert second["Tripoli", "LY"]["country_code"] == "LY"
    assert "error" in second["Nowhereville", "ML"]


def test_a_rows_place_not_found_suggests_places_of_its_country_only(store: Path) -> None:
    """A Malian row's 'Sévaré' (not in the bundled data) was answered "Did you mean: Sävar
    (SE), Sewaren (US)?": near spellings anywhere. Only those in the row's country are
    suggested (found by the session-33 newcomer)."""
    found = answers_module.resolve_all([("Sévaré", "ML"), ("Sévaré", None)])
    assert found["Sévaré", "ML"]["not_found"] and "(SE)" not in found["Sévaré", "ML"]["error"]
    assert "(SE)" in found["Sévaré", None]["error"]  # no country: every near spelling


def test_a_table_row_geocoded_as_a_guess_is_kept_with_a_warning(
        store: Path, tmp_path: Path) -> None:
    """``geomap build`` geocoding a names-only table dropped the geocoder's confidence:
    "Springfield" with no country (one of many) was drawn as a known place, with no word,
    where ``geomap geocode`` says ``low confidence`` (found by the session-33 newcomer)."""
    table = tmp_path / "names.csv"
    table.write_text("date,location,country\n2024-03-01,Gao,Mali\n2024-03-02,Springfield,\n"
                     "2024-03-03,Kidal,Mali\n2024-03-04,Springfield,\n")
    first = read_events(table, "csv")
    assert first.rows_accepted == 4 and not first.rejects
    assert [(w.line, w.field) for w in first.warnings] == [(3, "location"), (5, "location")]
    reason = Gazetteer.default().resolve_candidate("Springfield").reason
    assert reason.startswith("ambiguous:")
    assert all(f"'Springfield' was geocoded with low confidence ({reason})" in w.reason
               for w in first.warnings)
    answers_module._CACHES.clear()  # a new process: the kept answers say the same
    assert read_events(table, "csv").warnings == first.warnings
    # the map says so too, counting the events it keeps (the site as the single page)
    note = ("2 events are placed by a guess among places of the same name (the warnings "
            "file names them).")
    assert note in build_layers([first]).notes
    kept = build_layers([first], keep=lambda events: events["location"] != "Springfield")
    assert not any("guess" in text for text in kept.notes)
    # a published site's reader cannot open the author's warnings file: the count alone
    publish_site([table], tmp_path / "site", PublishOptions(workers=1))
    site_note = "2 events are placed by a guess among places of the same name."
    assert site_note in json.loads((tmp_path / "site" / "site.json").read_text(
        encoding="utf-8"))["notes"]


def test_a_table_read_again_is_not_ranked_again(
        store: Path, resolved: list[Any], tmp_path: Path) -> None:
    table = tmp_path / "names.csv"
    table.write_text("date,location,country\n2024-03-01,Gao,Mali\n2024-03-02,Tripoli,Libya\n"
                     "2024-03-03,Nowhereville,Mali\n2024-03-04,Gao,Mali\n")
    first = read_events(table, "csv")
    assert resolved == [("Gao", "ML"), ("Tripoli", "LY"), ("Nowhereville", "ML")]
    resolved.clear()
    answers_module._CACHES.clear()
    second = read_events(table, "csv")
    assert resolved == []
    pd.testing.assert_frame_equal(first.frame, second.frame)
    assert first.rejects == second.rejects and len(first.rejects) == 1
    assert first.rejects[0].line == 4 and "Nowhereville" in first.rejects[0].reason
