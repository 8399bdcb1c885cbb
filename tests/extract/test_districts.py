"""Districts as coders name them, and other spellings of a name the index lacks."""

from __future__ import annotations

import math

import pytest

from geomap.errors import DataError
from geomap.extract import extract_text
from geomap.extract.districts import Spellings
from geomap.extract.output import article_scenario_draft
from geomap.extract.rules import EventRules, load_event_rules


def first_event(text: str) -> dict:
    events = extract_text(text).to_json()["events"]
    assert events, text
    return events[0]


def km(event: dict, lat: float, lon: float) -> float:
    dlat, dlon = math.radians(event["lat"] - lat), math.radians(event["lon"] - lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(math.radians(lat)) * math.cos(
        math.radians(event["lat"])) * math.sin(dlon / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def test_a_village_the_index_lacks_is_placed_at_its_district_seat():
    event = first_event("Two soldiers were killed near Vyshnevo-Pole village, "
                        "Starobeshivskyi district, Donetsk region.")
    assert (event["place"], event["precision"]) == ("Starobesheve", "adm2")
    # the adjective "Popasnyanskyi" names the town Popasna (Luhansk oblast)
    event = first_event("A soldier was wounded in Zorianske-Druhe (Popasnyanskyi district).")
    assert (event["place"], event["precision"]) == ("Popasna", "adm2")


def test_a_namesake_far_from_the_district_gives_way():
    # the index's biggest Pisky lies in Poltava oblast, 400 km from Yasynuvata
    event = first_event("A soldier was killed near the village of Pisky (Yasynuvata district).")
    assert km(event, 48.13, 37.86) <= 40
    # the coders' "(District, Province)" after it, with no district word
    event = first_event("On 3 May 2016, a soldier was killed near Pisky (Yasynuvata, Donetsk).")
    assert (event["place"], event["precision"]) == ("Yasynuvata", "adm2")


def test_a_city_called_a_village_is_not_the_city():
    event = first_event("Shelling hit Luhansk village, Bakhmut district, Donetsk region.")
    assert (event["place"], event["precision"]) == ("Bakhmut", "adm2")
    # a city's own district does not move the city
    event = first_event("Two civilians died under shelling in Donetsk, Kuibyshevskyi district.")
    assert event["place"] == "Donetsk"


def test_a_name_spelled_in_russian_style_is_found_as_the_index_spells_it():
    event = first_event("Two soldiers were killed in Schastie, Luhansk region.")
    assert event["place"] == "Shchastya" and event["precision"] == "exact"
    spellings = Spellings(load_event_rules())
    assert "zaitseve" in spellings.of("Zaitsevo")
    assert "stanytsia luhanska" in spellings.of("Stanitsa Luganska")
    assert "zaitsevo" not in spellings.of("Zaitsevo")  # the name itself is not repeated


def test_a_bad_rewrite_rule_names_the_entry():
    rules = EventRules({"transliteration_variants": [["(unclosed", "x"]]})
    with pytest.raises(DataError, match=r"transliteration_variants.*\(unclosed"):
        rules.rewrites("transliteration_variants")


def test_a_district_called_a_region_before_its_province_is_a_district():
    event = first_event("A soldier was killed near Vyshnevo-Pole, Antratsyt region, "
                        "Luhansk region.")
    assert (event["place"], event["precision"]) == ("Antratsyt", "adm2")


def test_a_village_far_from_its_landmark_gives_way_to_it():
    event = first_event("A soldier was killed near the village of Pisky near Donetsk.")
    assert km(event, 48.02, 37.80) <= 50
    # a town near its landmark stays where it is
    event = first_event("A soldier was killed in Avdiivka near Donetsk.")
    assert event["place"] in ("Avdiivka", "Avdiyivka")
    # a direction or a distance from the landmark names it too (the index's Novotroyitske
    # lies in Kherson oblast)
    for where in ("to the southwest of", "30 km south-west of", "20 km from"):
        event = first_event("Ukrainian soldiers were killed near the village of "
                            f"Novotroyitske, {where} Donetsk.")
        assert km(event, 48.02, 37.80) <= 50, where


def test_a_town_as_far_from_its_landmark_as_the_text_says_is_no_namesake():
    """"Mellit, 60 km north of El Fasher": the town 60 km away is the one meant (before,
    being over 50 km from its landmark made it a namesake and the strike was drawn at El
    Fasher); a distance the town is nowhere near still gives way to the landmark."""
    for where in ("60 km north of", "about 40 miles north of"):
        event = first_event(f"Air strikes killed 12 civilians in Mellit, {where} El Fasher.")
        assert event["place"] == "Mellit" and km(event, 14.13, 25.55) <= 5, where
    event = first_event("Ukrainian soldiers were killed near the village of Novotroyitske, "
                        "30 km south-west of Donetsk.")
    assert km(event, 48.02, 37.80) <= 50


def test_a_small_namesake_outside_the_province_after_its_comma_gives_way_to_it():
    # the index's Pisky lie in Poltava and Kherson oblasts
    for text in ("near Pisky village, Donetsk", "near Pisky, Donetsk"):
        event = first_event(f"Ukrainian soldiers were killed {text}.")
        assert (event["place"], event["precision"]) == ("Donetska oblast", "adm1"), text
    event = first_event("Ukrainian soldiers were killed near Debaltseve, Donetsk.")
    assert event["place"] == "Debaltseve"  # inside the province: the town stands


def test_the_territory_an_armed_group_holds_is_its_area():
    event = first_event("Two soldiers were killed on the territory of the Luhansk People's "
                        "Republic.")
    assert (event["admin1"], event["precision"]) == ("Luhanska oblast", "adm1")
    # the full name with its possessive is the group, not "Donetsk" and words after it
    actors = extract_text("Fighters of the Donetsk People's Republic shelled a checkpoint "
                          "in Horlivka.").to_json()["actors"]
    assert "Donetsk People's Republic (DPR)" in [a["name"] for a in actors]


def test_a_misspelled_name_the_text_calls_a_town_is_the_nearest_spelling_in_the_country():
    event = first_event("Two Ukrainian soldiers were killed in Krasnohorvika town.")
    assert event["place"] == "Krasnohorivka"
    assert event["place_text"] == "Krasnohorvika"
    # a guess, and the draft for the map says so, on the place and on the event
    draft, _ = article_scenario_draft(extract_text(
        "Two Ukrainian soldiers were killed in Krasnohorvika town on 3 May 2022."), None)
    place = next(p for p in draft["places"] if p["name"] == "Krasnohorivka")
    assert "nearest spelling of 'Krasnohorvika'" in place["note"]
    assert "nearest spelling of 'Krasnohorvika'" in draft["events"][0]["notes"]
    # a name the gazetteer lists is no guess
    draft, _ = article_scenario_draft(extract_text(
        "Two Ukrainian soldiers were killed in Krasnohorivka town on 3 May 2022."), None)
    assert "nearest spelling" not in str(draft)
    # without a word calling it a place, a misspelling is not guessed
    event = first_event("Two Ukrainian soldiers were killed in Krasnohorvika.")
    assert event["place"] != "Krasnohorivka"


def test_a_province_the_clause_names_makes_its_country_a_place_of_the_clause():
    # the article names only Russian forces: Ukraine's province and district still count
    event = first_event("Russian forces shelled positions near Vyshnevo-Pole, "
                        "Starobeshivskyi district, Donetsk oblast.")
    assert (event["place"], event["precision"], event["country_code"]) == (
        "Starobesheve", "adm2", "UA")
    event = first_event("Russian forces shelled positions in Donetsk oblast.")
    assert (event["admin1"], event["precision"]) == ("Donetska oblast", "adm1")
    # a town whose namesakes all lie in its own country names that country
    event = first_event("Russian forces shelled positions near Debaltseve.")
    assert (event["place"], event["country_code"]) == ("Debaltseve", "UA")


def test_a_town_in_a_neighbour_of_the_actors_country_is_where_it_happened():
    # Russia is named only as the actor's country: the Ukrainian town is the place
    event = first_event("Russian forces shelled positions in Avdiivka.")
    assert (event["place"], event["country_code"]) == ("Avdiyivka", "UA")
    # once the text places something in the article's country, a town of a
    # neighbouring country is no longer taken for it by this rule
    events = extract_text("Malian soldiers were killed in Kidal. Another attack hit "
                          "Bobo-Dioulasso.").to_json()["events"]
    assert [e["country_code"] for e in events] == ["ML"]


def test_a_country_known_only_as_the_actors_home_steers_namesakes_less():
    # "Russian forces" say who fired, not where: Donetsk is the Ukrainian city, not the
    # town of 50,000 in Russia's Rostov oblast
    event = first_event("Russian forces shelled Donetsk, killing two civilians.")
    assert (event["place"], event["country_code"]) == ("Donetsk", "UA")
    event = first_event("Russian forces shelled positions in Donetsk oblast.")
    assert (event["place"], event["precision"]) == ("Donetska oblast", "adm1")
    # where the text places the name in Russia, it is the Russian town
    event = first_event("Russian forces shelled Donetsk, Russia.")
    assert (event["place"], event["country_code"]) == ("Donetsk", "RU")
    event = first_event("Two were killed in Donetsk, Rostov region, says the Russian governor.")
    assert (event["place"], event["country_code"]) == ("Donetsk", "RU")
