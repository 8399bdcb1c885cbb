from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest

from geomap.layers.build import build_layers, caveat_notes, missing_notes, story_bounds
from geomap.sources.report import ReadResult, SourceReport
from tests.layers.conftest import make_events


def _result(rows, dataset="acled"):
    frame = pd.DataFrame(make_events(rows).drop(columns="geometry"))
    frame["dataset"] = dataset
    return ReadResult(source=f"{dataset}.csv", format=dataset, frame=frame, rows_read=len(frame))


def test_build_from_event_data(small_admin0, small_admin1):
    rows = [{"longitude": 0.3 + i * 0.01, "latitude": 11.7, "iso": "AA", "actor1": "Army"}
            for i in range(5)]
    rows.append({"longitude": 3.2, "latitude": 10.4, "geo_precision": 6, "iso": "BB"})
    bundle = build_layers([_result(rows), _result(rows[:1], "ucdp")],
                          admin0=small_admin0, admin1=small_admin1)
    assert len(bundle.events) == 7
    assert bundle.admin1.set_index("code").loc["AA-1", "events"] == 6
    assert bundle.admin0.set_index("code").loc["BB", "events"] == 1
    assert bundle.highlight_countries == ["AA", "BB"]
    assert bundle.attributions[0].startswith("Boundaries: Natural Earth")
    assert any("ACLED" in a for a in bundle.attributions)
    assert any("UCDP" in a for a in bundle.attributions)
    assert not any("GDELT" in a or "GeoNames" in a for a in bundle.attributions)
    assert bundle.actors.set_index("name").loc["Army", "events"] == 6
    assert bundle.relations is None
    assert any("per country" in note for note in bundle.notes)
    south, west, north, east = bundle.bounds
    # framed on the events, not the world: AA's located events and BB, whose one event
    # is known only to the country and drawn as the country (its outline: lon 2..4)
    assert 9.5 < south < 10.0 and 13.0 < north < 13.5
    assert 0.0 < west < 0.3 and 4.0 < east < 4.5
    # made from the data, not file names; the rows name no country, so their codes do
    # (the test's "BB" is Barbados' code, "AA" nobody's)
    assert bundle.title == "ACLED + UCDP GED: Barbados, 2024"


def test_title_from_the_data_names_dataset_countries_and_years():
    from geomap.layers.build import data_title

    countries = ["Mali"] * 5 + ["Burkina Faso"] * 4 + ["Niger"] * 3 + ["Chad"] * 2 + [
        "Mauritania"]
    frame = pd.DataFrame({"dataset": "acled", "country": countries,
                          "event_date": ["1997-03-01"] + ["2010-01-01"] * 13 + ["2018-12-31"]})
    assert data_title(frame) == "ACLED: Mali, Burkina Faso, Niger, Chad, Mauritania, 1997–2018"
    assert data_title(frame.assign(country="Ukraine", dataset="ucdp").iloc[1:14]) == (
        "UCDP GED: Ukraine, 2010")
    assert data_title(frame.iloc[:0]) == ""


def test_a_title_from_data_names_the_countries_of_rows_without_a_country_name():
    """A sheet of one's own with no country column, its places geocoded (ISO codes set):
    "Events: Mali, 2024", where it was "Events: 2024" (found by the newcomer)."""
    from geomap.layers.build import data_title

    frame = pd.DataFrame({"dataset": ["table"] * 3, "country": [None, "", "Niger"],
                          "iso": ["ML", "ml", "NE"], "event_date": ["2024-03-02"] * 3})
    assert data_title(frame) == "Events: Mali, Niger, 2024"



def test_story_bounds_ignore_stray_events(small_admin0):
    events = make_events([{"longitude": 1.0 + i * 1e-3, "latitude": 11.0} for i in range(400)]
                         + [{"longitude": -170.0, "latitude": 60.0}])
    south, west, north, east = story_bounds(events, None, small_admin0, [])
    assert west > 0 and north < 12 and south > 10 and east < 2


def test_story_bounds_frame_what_the_map_draws(small_admin0, small_admin1):
    """Issue 17: the located events, the countries in focus drawn mostly as areas and the
    actors' home places; a country in focus with located events is framed by them."""
    located = [{"longitude": 0.5, "latitude": 11.0 + i * 1e-3, "iso": "AA", "actor1": "Army"}
               for i in range(300)]
    coarse = [{"longitude": 1.0, "latitude": 11.5, "geo_precision": 6, "iso": "AA"}]
    bundle = build_layers([_result(located + coarse)], admin0=small_admin0,
                          admin1=small_admin1)
    south, _, north, east = bundle.bounds
    assert bundle.highlight_countries == ["AA"]
    assert 10.0 < south and north < 12.0 and east < 2.0  # not AA's whole outline (0-2, 10-13)
    homes = bundle.actors.assign(geometry=gpd.points_from_xy([3.5], [12.5]))
    _, _, north, east = story_bounds(bundle.events, None, small_admin0, ["AA", "BB"], homes)
    assert 3.5 < east < 4.0 and 12.5 < north < 13.0  # the actor's home, not BB's outline


def test_build_with_the_bundled_scenario():
    from geomap.sources.scenario import example_path, read_scenario

    bundle = build_layers([read_scenario(example_path())], regions=["sahel"])
    assert "ML" in bundle.highlight_countries
    assert bundle.admin1.set_index("code").loc["ML-8", "events"] >= 1  # Kidal
    assert list(bundle.regions["id"]) == ["sahel"]
    assert len(bundle.relations) >= 5
    assert bundle.relations.geometry.geom_type.eq("LineString").all()
    assert bundle.bounds is not None


def test_build_with_nothing_gives_empty_layers(small_admin0, small_admin1):
    bundle = build_layers([], admin0=small_admin0, admin1=small_admin1)
    assert len(bundle.events) == 0 and len(bundle.admin1) == 0
    assert bundle.bounds is None
    assert bundle.attributions == ["Boundaries: Natural Earth (public domain)"]


def test_keep_filters_after_attachment(small_admin0, small_admin1):
    rows = [{"longitude": 0.3, "latitude": 11.7}, {"longitude": 3.3, "latitude": 10.6}]
    bundle = build_layers([_result(rows)], admin0=small_admin0, admin1=small_admin1,
                          keep=lambda events: events["admin0_code"] == "BB")
    assert list(bundle.events["admin1_code"]) == ["BB-1"]


def test_each_event_keeps_the_file_it_came_from(small_admin0, small_admin1):
    # for the page's source filter and export: in row order, after the filters
    rows = [{"longitude": 0.3, "latitude": 11.7}, {"longitude": 3.3, "latitude": 10.6}]
    bundle = build_layers([_result(rows), _result(rows, "ucdp")], admin0=small_admin0,
                          admin1=small_admin1)
    assert list(bundle.event_files) == ["acled.csv", "acled.csv", "ucdp.csv", "ucdp.csv"]
    bundle = build_layers([_result(rows), _result(rows, "ucdp")], admin0=small_admin0,
                          admin1=small_admin1, keep=lambda events: events["admin0_code"] == "BB")
    assert list(bundle.event_files) == ["acled.csv", "ucdp.csv"]
    assert list(bundle.events["dataset"]) == ["acled", "ucdp"]


def test_geonames_attribution_when_the_gazetteer_placed_rows(small_admin0, small_admin1):
    result = _result([{"longitude": 0.3, "latitude": 11.7}], dataset="table")
    result.geocoded = True
    bundle = build_layers([result], admin0=small_admin0, admin1=small_admin1)
    assert "Places: GeoNames (CC BY 4.0)" in bundle.attributions


def test_events_outside_their_stated_country_are_named_with_file_and_line(
        small_admin0, small_admin1, caplog):
    """"1 events lie outside their stated country" named no event (issue 14)."""
    inside = {"longitude": 0.3, "latitude": 11.7, "iso": "AA", "source_line": 2}
    astray = {"longitude": 3.5, "latitude": 12.5, "iso": "AA", "source_line": 3}
    first = _result([inside, astray])
    second = _result([{**astray, "event_id": "U9", "source_line": 7}], "ucdp")
    bundle = build_layers([first], admin0=small_admin0, admin1=small_admin1)
    (warning,) = bundle.warnings
    assert (warning.file, warning.line, warning.field) == ("acled.csv", 3, "iso")
    assert "'E1'" in warning.reason and "stated country AA" in warning.reason
    assert "in BB" in warning.reason
    assert "1 event lies outside its stated country: 'E1' (acled.csv, line 3)" in caplog.text
    assert "1 event lies outside the country its source states." in bundle.notes
    bundle = build_layers([first, second], admin0=small_admin0, admin1=small_admin1)
    assert [(w.file, w.line) for w in bundle.warnings] == [("acled.csv", 3), ("ucdp.csv", 7)]
    assert "2 events lie outside the country their source states." in bundle.notes


def test_counts_in_the_map_notes_agree_with_their_noun(small_admin0, small_admin1):
    rows = [{"longitude": 3.2, "latitude": 10.4, "geo_precision": 6, "iso": "BB"}]
    bundle = build_layers([_result(rows)], admin0=small_admin0, admin1=small_admin1)
    assert ("1 event known only to a country or a wider area is counted per country, "
            "not per province.") in bundle.notes


def test_counts_in_caveats_and_summaries_separate_their_thousands():
    """A map of 100,000 rejected rows said "100000 rows of the sources ..." beside the
    page's own "21,499 of 21,499 events" (fails before: no separators)."""
    assert missing_notes(100_000, 1_234)[0].startswith("100,000 rows of the sources are not")
    assert missing_notes(100_000, 1_234)[1].startswith("1,234 events the articles tell")
    assert caveat_notes(coarse=2_500, outside=1_000, lost=12_345, guessed=1) == [
        "1 event is placed by a guess among places of the same name (the warnings file "
        "names it).",
        "2,500 events known only to a country or a wider area are counted per country, not "
        "per province.",
        "1,000 events lie outside the country their source states.",
        "12,345 events could not be placed in any country."]
    line = SourceReport("acled.csv", "acled.csv", "acled", 120_000, 118_500, 1_500, 2_000).line()
    assert line == ("acled.csv: 120,000 rows read, 118,500 accepted, 1,500 rejected, 2,000 "
                    "merged as repeats (acled)")


def test_the_map_says_which_rows_and_told_events_it_does_not_draw(small_admin0, small_admin1):
    """Before: a map built from a week's table with 5 rows rejected (a toll written '15+'
    in an ACLED export, a row without coordinates) and 8 notes whose events were left out
    said nothing of them: only a <meta> named the rejects file, and a field officer sent
    the page took it for the whole week."""
    from geomap.model import Reject

    result = _result([{"longitude": 0.3, "latitude": 11.7, "iso": "AA"}])
    result.rows_read = 4
    result.rejects = [Reject("acled.csv", 3, "fatalities", "expected a whole number"),
                      Reject("acled.csv", 3, "latitude", "expected a number"),
                      Reject("acled.csv", 4, "event_date", "expected a date")]
    note = _result([{"longitude": 0.31, "latitude": 11.7, "iso": "AA"}], "scenario")
    note.left_out = ["Battles event ('Incident: ...') left out of the draft scenario: ..."]
    bundle = build_layers([result, note], admin0=small_admin0, admin1=small_admin1)
    assert ("2 rows of the sources are not on this map: rejected (the rejects file lists "
            "them).") in bundle.notes
    assert ("1 event the articles tell is not on this map: no date, place or actor found, "
            "or history the story recalls (the warnings file names it).") in bundle.notes
    bundle = build_layers([_result([{"longitude": 0.3, "latitude": 11.7, "iso": "AA"}])],
                          admin0=small_admin0, admin1=small_admin1)
    assert not any("not on this map" in n for n in bundle.notes)


def test_an_event_id_two_sources_share_is_told_apart_by_its_file(small_admin0, small_admin1):
    """Before: every article's first event is "e1", and a map of a folder of articles gave
    four events the id "e1" in its popups, its table's export and its layers. Now an id
    that more than one source gives is prefixed with its file's name; one source's ids
    stay as they are."""
    row = {"longitude": 0.3, "latitude": 11.7, "iso": "AA", "event_id": "e1"}
    first = ReadResult(source="desk/a-story.txt", format="article", rows_read=2,
                       frame=pd.DataFrame(make_events([row, {**row, "event_id": "e2"}])
                                          .drop(columns="geometry")))
    second = ReadResult(source="desk/b-story.txt", format="article", rows_read=1,
                        frame=pd.DataFrame(make_events([row]).drop(columns="geometry")))
    bundle = build_layers([first, second], admin0=small_admin0, admin1=small_admin1)
    assert sorted(bundle.events["event_id"]) == ["a-story:e1", "b-story:e1", "e2"]
    bundle = build_layers([first], admin0=small_admin0, admin1=small_admin1)
    assert sorted(bundle.events["event_id"]) == ["e1", "e2"]


def test_a_far_home_place_is_drawn_but_does_not_frame_the_map(small_admin0, small_admin1):
    """A relation to a far capital ("the United States called for talks") framed the
    whole world around the events: on a phone they shrank to a few pixels (found by the
    session-34 newcomer). A home place near the events still frames the map (above); one
    far from them does not; with no located events, every home place does."""
    located = [{"longitude": 0.5, "latitude": 11.0 + i * 1e-3, "iso": "AA", "actor1": "Army"}
               for i in range(300)]
    bundle = build_layers([_result(located)], admin0=small_admin0, admin1=small_admin1)
    far = bundle.actors.assign(geometry=gpd.points_from_xy([-77.0], [38.9]))
    south, west, north, east = story_bounds(bundle.events, None, small_admin0, ["AA"], far)
    assert west > -1.0 and north < 12.0 and 10.0 < south and east < 1.5
    no_events = bundle.events.iloc[:0]
    _, west, north, _ = story_bounds(no_events, None, small_admin0, [], far)
    assert west < -77.0 and north > 38.9


def test_ids_told_apart_never_collide_after_prefixing(small_admin0, small_admin1):
    """Before: two files of one name in two folders (``d1/a.csv``, ``d2/a.csv``) both gave
    "a:e1", and a file's own id "b:e1" met the "b:e1" given to ``b.csv``'s "e1": four
    events, two ids, without a word. A prefix that still collides names the file's path."""
    row = {"longitude": 0.3, "latitude": 11.7, "iso": "AA", "event_id": "e1"}

    def result(source: str, event_id: str) -> ReadResult:
        frame = pd.DataFrame(make_events([{**row, "event_id": event_id}])
                             .drop(columns="geometry"))
        return ReadResult(source=source, format="csv", rows_read=1, frame=frame)

    results = [result("d1/a.csv", "e1"), result("d2/a.csv", "e1"), result("c.csv", "b:e1"),
               result("b.csv", "e1")]
    bundle = build_layers(results, admin0=small_admin0, admin1=small_admin1)
    ids = list(bundle.events["event_id"])
    assert len(set(ids)) == 4, ids
    assert sorted(ids) == ["b.csv:e1", "b:e1", "d1/a.csv:e1", "d2/a.csv:e1"]


def test_a_map_of_one_town_opens_on_the_country_around_it(small_admin0, small_admin1):
    """One located event framed 0.1 degree each way: the map opened on some 20 km of
    province fill, no neighbour, road or border to tell where it was (found in the
    publish helper's screenshots). The frame now spans at least MIN_FRAME_DEGREES."""
    from geomap.layers.build import MIN_FRAME_DEGREES

    bundle = build_layers([_result([{"longitude": 0.5, "latitude": 11.0, "iso": "AA"}])],
                          admin0=small_admin0, admin1=small_admin1)
    south, west, north, east = bundle.bounds
    assert north - south == pytest.approx(MIN_FRAME_DEGREES)
    assert east - west == pytest.approx(MIN_FRAME_DEGREES)
    assert (south + north) / 2 == pytest.approx(11.0) and (west + east) / 2 == pytest.approx(0.5)
