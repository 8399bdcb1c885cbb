"""Place spotting and resolution on the real (cached) spotter index."""

from __future__ import annotations

from datetime import date

import pytest

from geomap.extract import extract_text
from geomap.model import Place, PlaceKind


def places(text: str) -> list[dict]:
    return extract_text(text, article_date=date(2024, 8, 5)).to_json()["places"]


def texts(text: str) -> list[str]:
    return [p["text"] for p in places(text)]


def test_offsets_index_the_text_exactly(paraphrase_json):
    from tests.extract.conftest import PARAPHRASE

    for key in ("places", "actors"):
        for item in paraphrase_json[key]:
            assert PARAPHRASE[item["start"]:item["end"]] == item["text"]
    for event in paraphrase_json["events"]:
        assert PARAPHRASE[event["start"]:event["end"]] == event["sentence"]


def test_seed_places_resolve(paraphrase_json):
    by_text = {p["text"]: p for p in paraphrase_json["places"]}
    kyiv = by_text["Kiev"]
    assert kyiv["name"] == "Kyiv" and kyiv["country_code"] == "UA"
    assert kyiv["lat"] == pytest.approx(50.45, abs=0.1)
    assert kyiv["lon"] == pytest.approx(30.52, abs=0.1)
    assert by_text["Bamako"]["kind"] == "populated_place"
    assert by_text["African Sahel"]["name"] == "Sahel"
    assert by_text["African Sahel"]["precision"] == "multinational"
    assert by_text["Tinzaouaten"]["country_code"] == "ML"
    assert by_text["Mali"]["kind"] == "country"


def test_regions_with_and_without_the_adjective():
    found = places("Violence spread through the Sahel and the African Sahel.")
    assert [(p["text"], p["name"], p["kind"]) for p in found] == [
        ("Sahel", "Sahel", "region"), ("African Sahel", "Sahel", "region")]


def test_demonyms_name_their_country():
    found = places("Malian soldiers met Ukrainian intelligence officers.")
    assert [(p["text"], p["country_code"]) for p in found] == [("Malian", "ML"),
                                                              ("Ukrainian", "UA")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Nice weather drew crowds.", []),
    ("A truck attack in Nice killed 86 people.", ["Nice"]),
    ("Mobile phones were seized.", []),
    ("He grew up in Mobile, Alabama.", ["Mobile", "Alabama"]),
    ("Reading the statement, the minister paused.", []),
    ("Split decisions are common.", []),
    ("The ferry from Split was cancelled.", ["Split"]),
    ("Chad Hughes filed the story.", []),
    ("Chad closed its border with Sudan.", ["Chad", "Sudan"]),
    ("Georgia Tech researchers agreed.", []),
    # capitalised words the same text also writes in lower case are common words
    ("Set up in 2020, the unit was set to move. To be fair, we went to Gao.", ["Gao"]),
    ("Bad input is refused; bad files are skipped.", []),
])
def test_common_words_that_are_place_names(text, expected):
    assert texts(text) == expected


def test_the_niger_is_the_river_and_niger_the_country():
    found = places("Boats on the Niger were stopped. Niger closed its border.")
    assert [(p["text"], p["name"], p["kind"]) for p in found] == [
        ("Niger", "Niger River", "water"), ("Niger", "Niger", "country")]


def test_georgia_country_by_default_and_us_state_in_a_us_story():
    country = places("Protests in Tbilisi spread across Georgia.")
    assert country[-1]["name"] == "Georgia" and country[-1]["country_code"] == "GE"
    state = places("Storms hit Atlanta and Savannah as Georgia declared an emergency. "
                   "The United States sent help.")
    georgia = next(p for p in state if p["text"] == "Georgia")
    assert georgia["country_code"] == "US" and georgia["kind"] == "admin1"


def test_a_qualifier_picks_the_country():
    lebanon = places("Clashes in Tripoli, Lebanon left two dead.")
    assert lebanon[0]["country_code"] == "LB"
    libya = places("Militias clashed in Tripoli on Saturday.")
    assert libya[0]["country_code"] == "LY"


def test_small_towns_need_their_country_in_the_story():
    assert texts("Fighting near Ménaka, in Mali, displaced families.")[:1] == ["Ménaka"]


class FakeGazetteer:
    """Resolves any town to a fixed, asymmetric point in the country asked for."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None]] = []

    def resolve(self, query, *, country=None, context=()):
        self.calls.append((query, country))
        return Place(name=f"{query} (gazetteer)", lat=12.5, lon=-7.25,
                     kind=PlaceKind.POPULATED_PLACE, country_code=country, geonameid=42)


def test_a_gazetteer_refines_towns_but_not_countries():
    fake = FakeGazetteer()
    found = extract_text("Troops left Bamako for Mali's north.", gazetteer=fake).to_json()
    bamako, mali = found["places"]
    assert (bamako["name"], bamako["lat"], bamako["lon"]) == ("Bamako (gazetteer)", 12.5, -7.25)
    assert bamako["geonameid"] == 42
    assert mali["name"] == "Mali" and fake.calls == [("Bamako", "ML")]
