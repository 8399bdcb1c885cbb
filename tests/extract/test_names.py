"""The spotter's names come from the shared gazetteer: one source, no second cache."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

import pytest

from geomap.extract import extract_text
from geomap.extract.names import Entry, as_alternate, default_index
from geomap.geocoding._layer import MatchType
from geomap.geocoding.gazetteer import Gazetteer
from geomap.model import PlaceKind


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def _places(text: str) -> list[tuple[str, str | None, str]]:
    found = extract_text(text, article_date=date(2024, 8, 5))
    return [(m.text, m.place.country_code if m.place else None, m.place.kind.value
             if m.place else "") for m in found.places]


def test_the_index_reads_the_default_gazetteer(gazetteer):
    assert default_index().gazetteer is gazetteer


def test_places_are_the_gazetteers_own(gazetteer):
    found = extract_text("Troops left Bamako for the north.", article_date=date(2024, 8, 5))
    bamako = found.places[0].place
    capital = gazetteer.place_at(gazetteer.capital_index("ML") or -1)
    assert bamako == capital
    assert (bamako.admin1_code, bamako.geonameid) == ("ML-BKO", 2460596)
    assert bamako.lat == pytest.approx(12.61, abs=0.05)  # not -7.98: no swap
    assert bamako.lon == pytest.approx(-7.98, abs=0.05)


def test_name_entries_are_unranked_index_hits(gazetteer):
    hits = gazetteer.name_entries("Kyiv")
    assert hits and all(isinstance(match, MatchType) for _, match in hits)
    kinds = {gazetteer.place_at(index).kind for index, _ in hits}
    assert PlaceKind.POPULATED_PLACE in kinds
    assert gazetteer.name_entries("") == []
    assert gazetteer.name_entries("Xqzzyq Vlorp") == []


def test_capitals_and_regions_by_id(gazetteer):
    assert gazetteer.place_at(gazetteer.capital_index("UA") or -1).name == "Kyiv"
    assert gazetteer.capital_index("XX") is None
    sahel = gazetteer.place_at(gazetteer.region_index("sahel") or -1)
    assert (sahel.kind, sahel.id) == (PlaceKind.REGION, "sahel")
    assert gazetteer.region_index("no-such-region") is None


def test_demonyms_and_codes_are_not_spotted_as_names():
    index = default_index()
    # the spotter's demonym rule handles "Malian" (a village may bear the name)
    assert all(e.kind is PlaceKind.POPULATED_PLACE for e in index.get("malian"))
    assert all(e.kind is not PlaceKind.COUNTRY for e in index.get("mli"))


def test_every_town_is_a_candidate_and_small_ones_are_marked():
    index = default_index()
    small = [e for e in index.get("menaka") if e.country_code == "ML"]
    assert small and all(isinstance(e, Entry) for e in small)
    springfields = index.get("springfield")
    assert any(e.small for e in springfields) and any(not e.small for e in springfields)
    assert all(e.small == (e.population < 15_000) for e in springfields)


def test_alternate_names_are_marked_and_admin1_units_carry_their_code():
    index = default_index()
    new_york = {e.kind: e for e in index.get("new york") if e.country_code == "US"
                and e.kind in (PlaceKind.ADMIN1, PlaceKind.POPULATED_PLACE) and not e.small}
    assert not new_york[PlaceKind.ADMIN1].alternate  # the state's own name
    assert new_york[PlaceKind.POPULATED_PLACE].alternate  # New York City's alternate
    assert new_york[PlaceKind.ADMIN1].admin1 == "US-NY"


def test_a_leading_article_does_not_make_a_span():
    assert default_index().get("the sahel") == ()
    assert _places("The Sahel is dry.")[0][0] == "Sahel"


def test_the_primary_name_beats_an_alternate_in_the_same_country():
    assert [e.name for e in default_index().get("sloviansk")] == ["Slovyansk"]


def test_a_town_qualifies_its_state_over_a_foreign_province():
    found = _places("In Georgia, the governor declared an emergency around Savannah.")
    assert found == [("Georgia", "US", "admin1"), ("Savannah", "US", "populated_place")]


def test_rules_add_names_to_gazetteer_regions():
    found = _places("Fighting spread in the Central Sahel.")
    assert found == [("Central Sahel", None, "region")]


def test_no_spotter_cache_file_is_written(gazetteer, tmp_path, monkeypatch):
    from geomap.extract.names import NameIndex
    from geomap.extract.rules import load_rules

    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path))
    index = NameIndex(gazetteer, load_rules())
    assert index.get("Ouagadougou") and index.country("BF") is not None
    assert list(tmp_path.iterdir()) == []


def test_a_states_alias_gives_way_to_the_large_town_of_that_name():
    index = default_index()
    kyiv = {e.kind: e for e in index.get("kyiv") if e.name != "Kyiv" or
            e.kind is PlaceKind.POPULATED_PLACE}
    assert kyiv[PlaceKind.ADMIN1].alternate  # "Kyiv" for Kyivska oblast: the city's name
    assert _places("Kyiv replied on Sunday.")[0][2] == "populated_place"
    # a state's own alias with no such town stays its name
    assert not any(e.alternate for e in index.get("guangdong") if e.kind is PlaceKind.ADMIN1)


@pytest.mark.parametrize(("text", "admin1"), [
    # the Russian spelling of a city GeoNames keeps as an alternate name, also the own name
    # of a hamlet elsewhere: the city
    ("Three soldiers were killed in Makiivka town.", "Donetska oblast"),
    ("Shelling hit Makiivka on Monday.", "Donetska oblast"),
])
def test_a_city_dwarfing_the_hamlets_of_its_name_is_that_name(text, admin1):
    found = extract_text(text, article_date=date(2024, 8, 5))
    towns = [m.place for m in found.places if m.place and m.place.kind is PlaceKind.POPULATED_PLACE]
    assert [t.admin1 for t in towns] == [admin1]


def test_a_name_many_villages_bear_is_theirs_not_a_citys_old_name():
    found = extract_text("Three soldiers were killed in Oleksandrivka.",
                         article_date=date(2024, 8, 5))
    assert not any(m.place and m.place.name == "Donetsk" for m in found.places)


@pytest.mark.parametrize("name", [
    "Persian Gulf", "Danube", "Thames", "Hindu Kush", "Nagorno-Karabakh", "Cyrenaica",
    "Greater Manchester", "Alsace", "Midwest", "Central Sahel", "England",
])  # fmt: skip
def test_named_places_are_the_geocoders_own(gazetteer, name):
    # one source: the spotter's reading of a sea, a range, a region is the place
    # `geomap geocode` answers, at the same point (the rules keep no places of their own)
    from geomap.extract.rules import load_rules

    assert "regions" not in load_rules().data
    answer = gazetteer.resolve(name)
    readings = [e for e in default_index().get(name) if e.kind is answer.kind]
    assert readings and all(e.place is not None for e in readings)
    assert (readings[0].lat, readings[0].lon) == (answer.lat, answer.lon)


def test_an_alternate_copy_keeps_every_field(gazetteer):
    place = gazetteer.place_at(gazetteer.capital_index("ML") or -1)
    entry = Entry("Bamako", 12.6, -8.0, PlaceKind.POPULATED_PLACE, place.precision, "ML",
                  2460596, 1_800_000, True, True, "a note", place, False, "ML-BKO")
    marked = as_alternate(entry)
    assert marked.alternate and marked.place is place
    assert [getattr(marked, f.name) for f in fields(Entry)] == [
        getattr(replace(entry, alternate=True), f.name) for f in fields(Entry)]
    # a field added to Entry must be copied by as_alternate too
    assert [f.name for f in fields(Entry)] == [
        "name", "lat", "lon", "kind", "precision", "country_code", "geonameid", "population",
        "capital", "small", "note", "place", "alternate", "admin1", "borrowed"]


def test_an_alternate_name_another_country_bears_as_its_own_is_marked_borrowed():
    index = default_index()
    man = {e.name: e for e in index.get("man")}
    assert man["Amman"].borrowed and not man["Man"].alternate  # a fragment of Amman's name
    odessa = {e.name: e for e in index.get("odessa")}
    assert odessa["Odesa"].alternate and not odessa["Odesa"].borrowed  # a spelling
    # an invented alternate copy keeps the mark; equality tells the two apart
    amman = man["Amman"]
    assert as_alternate(amman).borrowed and amman != replace(amman, borrowed=False)


def test_a_borrowed_alternate_name_needs_the_article_to_place_it():
    # another language's name of a Russian town, the own name of small towns abroad: with
    # nothing in the story to say where, no longer read in Russia
    assert all(code != "RU" for _, code, _ in _places("Storms hit Pella on Monday."))
    # nor a state abroad around a city listing a town's name in another spelling
    assert _places("Two militias clashed near Koro, leaving six dead.") == [
        ("Koro", "ML", "populated_place")]


@pytest.mark.parametrize(("text", "name", "code"), [
    # a former name of a capital, beside a state of its own name abroad: the state
    ("Flooding displaced thousands in Edo on Monday.", "Edo", "NG"),
    # a spelling stays the city; the article's country wins a borrowed reading back
    ("Ukrainian forces said drones hit Odessa and Kherson.", "Odessa", "UA"),
    ("Turkish rescuers searched the rubble in Antioch and Iskenderun.", "Antioch", "TR"),
])
def test_a_borrowed_alternate_name_ranks_below_its_namesake(text, name, code):
    assert dict((found, c) for found, c, _ in _places(text))[name] == code
