"""bench/score_events.py scores what it says it scores (rows made here, not the dev data)."""

from __future__ import annotations

from typing import Any

from tests.extract.conftest import load_bench


def _scorer() -> Any:
    return load_bench("score_events")


def _row(scorer: Any, **changes: Any) -> Any:
    values = {"id": "10", "text": "Rebels attacked Ukrainian troops in Donetsk, DPR said",
              "lat": 48.0,
              "lon": 37.8, "where_prec": 1, "adm_1": "Donetsk oblast",
              "side_a": "Government of Ukraine", "side_b": "DPR", "violence": 1,
              "deaths": (1, 1, 1)}
    values.update(changes)
    return scorer.Row(**values)


def _event(**changes: Any) -> dict[str, Any]:
    event = {"type": "Battles", "place": "Donetsk", "lat": 48.02, "lon": 37.80,
             "precision": "exact", "admin1": "Donetska oblast",
             "actors": ["Donetsk People's Republic (DPR)", "Armed Forces of Ukraine"]}
    event.update(changes)
    return event


def test_a_right_answer_scores_on_every_metric():
    scorer = _scorer()
    outcome = scorer.score_row(_row(scorer), {"events": [_event()], "places": []})
    assert (outcome.found, outcome.one, outcome.type_ok, outcome.within, outcome.group,
            outcome.government) == (True, True, True, True, True, True)
    assert outcome.categories == []


def test_misses_are_counted_and_categorised():
    scorer = _scorer()
    wrong = _event(type="Violence against civilians", lat=50.45, lon=30.52, actors=[])
    outcome = scorer.score_row(_row(scorer), {"events": [wrong, _event()], "places": []})
    assert (outcome.found, outcome.one, outcome.type_ok, outcome.within, outcome.group) == (
        True, False, False, False, False)
    assert "many:mixed-types" in outcome.categories
    assert "where:far (unnamed)" in outcome.categories
    none = scorer.score_row(_row(scorer), {"events": [], "places": []})
    assert not none.found and none.categories[0] == "none:no-event (English headline)"
    assert "where:no-event (unnamed)" in none.categories


def test_an_area_answer_is_right_at_its_level_only_when_it_holds_the_point():
    scorer = _scorer()
    row = _row(scorer, where="near Pisky village, Donetsk oblast",
               text="Soldier killed near Piski in Donbas")
    province = _event(place="Donetska oblast", precision="adm1", lat=48.14, lon=37.79)
    outcome = scorer.score_row(row, {"events": [province], "places": []})
    assert outcome.within is True and outcome.placed is True  # 15 km and the same province
    far = scorer.score_row(_row(scorer, lat=50.45, lon=30.52, where="Kiev city",
                                adm_1="Kiev Special Republican city"),
                           {"events": [province], "places": []})
    assert far.within is False and far.placed is False
    assert "where:area adm1, misses the point (unnamed)" in far.categories
    point = scorer.score_row(row, {"events": [_event(lat=49.5, lon=34.5)], "places": []})
    assert point.placed is False and point.named_within is False  # a point far off
    assert "where:far (named)" in point.categories


def test_a_coded_place_is_named_whatever_the_transliteration():
    scorer = _scorer()
    assert scorer.place_named("Avdiyivka town", "Shelling hits Avdiivka again")
    assert scorer.place_named("near the village of Novoselovka", "fighting near Novoselivka")
    assert scorer.place_named("Kharkiv city", "Strikes on Harkiv")
    assert not scorer.place_named("near the village of Shumy", "Fighting in Donbas")
    assert not scorer.place_named("", "Fighting in Donbas")


def test_metrics_are_scored_only_where_the_coding_allows():
    scorer = _scorer()
    province = _row(scorer, where_prec=4, text="Shelling in the east")
    outcome = scorer.score_row(province, {"events": [_event()], "places": []})
    assert outcome.within is None and outcome.group is None  # not placed, DPR not named
    assert outcome.province is True  # "Donetska oblast" is "Donetsk oblast"
    assert _row(scorer, id="11").half == "odd" and not _row(scorer, text="Ilovaysk").has_headline


def test_coders_notes_are_scored_on_their_acled_type_and_group(tmp_path):
    scorer = _scorer()
    corpus = tmp_path / "notes.jsonl"
    corpus.write_text('{"id": "2", "text": "On 3 May 2024, JNIM attacked FAMa in Gao.", '
                      '"event_type": "Battles", "lat": 16.27, "lon": -0.04, "group": "JNIM"}\n',
                      encoding="utf-8")
    [row] = scorer.load_rows(corpus)
    right = _event(type="Battles", lat=16.27, lon=-0.05,
                   actors=["Jama'at Nusrat al-Islam wal-Muslimin (JNIM)"])
    outcome = scorer.score_row(row, {"events": [right], "places": []})
    assert (outcome.type_ok, outcome.within, outcome.group) == (True, True, True)
    wrong = _event(type="Explosions/Remote violence", lat=16.27, lon=-0.05, actors=[])
    outcome = scorer.score_row(row, {"events": [wrong], "places": []})
    assert (outcome.type_ok, outcome.group) == (False, False)  # no mapping: the type as is


def test_a_text_with_no_event_says_what_kind_of_text_it_is():
    scorer = _scorer()
    kinds = {text: scorer.score_row(_row(scorer, text=text), {"events": [], "places": []})
             .categories[0] for text in (
        "Ilovaysk", "Crisis Watch for March 2019 on Ukraine",
        "Двое бойцов ранены при атаке дрона у села", "Kiev summons army chiefs after clash")}
    assert kinds == {"Ilovaysk": "none:no-event (no headline)",
                     "Crisis Watch for March 2019 on Ukraine": "none:no-event (report title)",
                     "Двое бойцов ранены при атаке дрона у села":
                         "none:no-event (not English)",
                     "Kiev summons army chiefs after clash": "none:no-event (English headline)"}


def test_what_the_text_offers_placement_is_counted_from_its_places():
    scorer = _scorer()
    near = {"precision": "exact", "lat": 48.1, "lon": 37.8}  # ~11 km from the coded point
    far = {"precision": "exact", "lat": 50.45, "lon": 30.52}
    province = {"precision": "adm1", "lat": 48.0, "lon": 37.8}
    country = {"precision": "country", "lat": 48.0, "lon": 37.8}
    data = {"events": [_event()]}
    offers = [(o.reachable, o.finer) for o in (
        scorer.score_row(_row(scorer), {**data, "places": places})
        for places in ([near], [far], [province], [country], []))]
    assert offers == [(True, True), (False, True), (False, True), (False, False),
                      (False, False)]
    coded_province = scorer.score_row(_row(scorer, where_prec=4), {**data, "places": [near]})
    assert (coded_province.reachable, coded_province.finer) == (None, None)


def test_a_place_description_is_read_as_the_locative_phrase_of_a_carrier_sentence():
    scorer = _scorer()
    assert scorer.where_sentence("near Sloviansk.") == \
        "Ukrainian soldiers were killed near Sloviansk."
    assert scorer.where_sentence("the village of Hnutove") == \
        "Ukrainian soldiers were killed in the village of Hnutove."
    assert scorer.where_sentence("Kharkiv", "Shelling hit {place}.") == "Shelling hit in Kharkiv."
    assert scorer.description_names(
        "near the village of Krymske (Novoaidar district), Luhansk region") == \
        ["Krymske", "Novoaidar", "Luhansk"]
    assert scorer.where_structures("Kiev/Kyiv city") == ["slash variants X/Y"]
    assert "between X and Y" in scorer.where_structures("road between Tahoua and Tillia")
    assert scorer.where_structures("Sloviansk") == ["plain X"]


def test_where_mode_scores_points_by_distance_and_areas_by_province(tmp_path):
    scorer = _scorer()
    rows = [_row(scorer, id="2", where="Donetsk town", lat=48.0, lon=37.8),
            _row(scorer, id="4", where="Kharkiv city", lat=48.0, lon=37.8),
            _row(scorer, id="6", where="Donetsk Oblast", where_prec=4),
            _row(scorer, id="8", where="", where_prec=1)]
    errors = tmp_path / "misses.tsv"
    tallies = scorer.run_where(rows, errors=errors)
    assert tallies["all"].rows == 3  # a row without a description is not scored
    assert tallies["all"].share("within") == "0.500 (1/2)"
    assert tallies["all"].share("province") == "1.000 (1/1)"
    assert "cause: name not in the index near the point" in tallies["all"].categories
    assert "Kharkiv city" in errors.read_text(encoding="utf-8")


def test_where_mode_leaves_out_areas_coded_without_a_province():
    scorer = _scorer()
    rows = [_row(scorer, id="2", where="Donbas", where_prec=5, adm_1="")]
    tallies = scorer.run_where(rows)
    assert tallies["all"].rows == 1 and tallies["all"].share("province") == "-"
