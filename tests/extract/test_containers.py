"""A name the text situates ("X is a town in Y County, Z") is read there (issue 11).

The sentences are our own, in the style of encyclopaedic and news text; coordinates are
checked against the gazetteer's own places, with asymmetric latitudes and longitudes.
"""

from __future__ import annotations

from datetime import date

import pytest

from geomap.extract import extract_text


def places(text: str) -> list[dict]:
    return extract_text(text, article_date=date(2024, 8, 5)).to_json()["places"]


def first(text: str, name: str) -> dict:
    return next(p for p in places(text) if p["text"] == name)


def test_a_town_the_gazetteer_lacks_is_placed_at_its_county():
    # Lima, Oklahoma is a hamlet under cities500's threshold: its county says where it is
    found = places("Lima is a hamlet within Seminole County, Oklahoma. The post office "
                   "of Lima closed long ago.")
    limas = [p for p in found if p["text"] == "Lima"]
    assert len(limas) == 2
    for lima in limas:
        assert (lima["country_code"], lima["precision"]) == ("US", "adm2")
        assert (lima["lat"], lima["lon"]) == pytest.approx((35.16, -96.67), abs=0.1)


def test_the_county_picks_the_namesake_inside_it():
    found = first("Richmond is an old market town within North Yorkshire, England.",
                  "Richmond")
    assert (found["lat"], found["lon"]) == pytest.approx((54.40, -1.74), abs=0.1)
    assert found["precision"] == "exact"


def test_the_address_reads_the_state_not_the_country():
    found = places("Buena Vista is a small city within Marion County, Georgia, USA.")
    kinds = {p["text"]: (p["kind"], p["country_code"]) for p in found}
    assert kinds["Georgia"] == ("admin1", "US")
    assert kinds["Buena Vista"][1] == "US"
    assert found[0]["lon"] == pytest.approx(-84.3, abs=1.5)  # in Georgia, not Michigan


def test_a_sea_or_a_river_is_passed_over_in_an_address():
    # the Caspian Sea holds no town: the address goes on to Baku, Azerbaijan
    found = first("Windsor is a fishing village on the Caspian Sea, about 20 km from Baku, "
                  "in Azerbaijan.", "Windsor")
    assert (found["country_code"], found["precision"]) == ("AZ", "near")
    assert (found["lat"], found["lon"]) == pytest.approx((40.4, 49.9), abs=0.3)


def test_an_adjective_is_no_container():
    found = first("Weston is a village within the rural English county of Suffolk.", "Weston")
    assert found["country_code"] == "GB"
    assert (found["lat"], found["lon"]) == pytest.approx((52.2, 1.0), abs=1.0)


def test_an_area_noun_reads_the_province_not_its_town():
    found = first("San Antonio is a farming municipality within Quezon province, Philippines.",
                  "San Antonio")
    # Quezon province (Luzon), not the city of Quezon in Bukidnon (Mindanao)
    assert found["country_code"] == "PH"
    assert (found["lat"], found["lon"]) == pytest.approx((13.9, 121.6), abs=1.2)


def test_a_container_that_the_larger_area_contradicts_is_skipped():
    found = first("Weston is a small village within the South Holland district of "
                  "Lincolnshire, England.", "Weston")
    assert found["country_code"] == "GB"


def test_an_apposition_situates_a_name_in_news():
    found = first("Flooding closed the school in Springfield, a small town within Livingston "
                  "Parish, Louisiana, on Monday.", "Springfield")
    assert (found["lat"], found["lon"]) == pytest.approx((30.4, -90.6), abs=0.5)


def test_a_qualified_mention_keeps_its_own_reading():
    found = [p for p in places("Boston is a rural town within Erie County, New York. Its "
                               "name comes from Boston, Massachusetts.") if p["text"] == "Boston"]
    assert [round(p["lon"]) for p in found] == [pytest.approx(-79, abs=1), -71]


def test_the_first_statement_about_a_name_holds():
    found = [p for p in places("Lima is the capital and biggest city of Peru. Lima is "
                               "among the largest cities of the Americas, behind "
                               "Mexico City.") if p["text"] == "Lima"]
    assert {p["country_code"] for p in found} == {"PE"}


def test_a_statement_with_no_place_after_it_changes_nothing():
    assert first("Paris is a city of light and fashion.", "Paris")["country_code"] == "FR"


def test_a_statement_makes_a_surname_like_word_a_place():
    # "I Wilson" alone would make Wilson a surname (one sense per text)
    found = first("Wilson is a small city within Lynn County, Texas. The school once "
                  "bought a field from I Wilson.", "Wilson")
    assert (found["country_code"], round(found["lat"]), round(found["lon"])) == ("US", 33, -102)


def test_a_person_described_with_a_place_is_no_place():
    found = places("Ripley, a teacher at the school in the town of Dover, said the roads "
                   "were closed.")
    assert "Ripley" not in [p["text"] for p in found]


def test_a_state_after_a_name_contradicts_its_namesakes_elsewhere():
    # no Montrose of Saskatchewan in the gazetteer: the hamlet is put in the province,
    # not beside the Montrose of Alberta or British Columbia
    found = first("Laura is a hamlet in Montrose, Saskatchewan, Canada.", "Laura")
    assert (found["country_code"], found["precision"]) == ("CA", "adm1")
    assert -110 < found["lon"] < -101


@pytest.mark.parametrize(("text", "name", "lat", "lon"), [
    # a town lies in the province of that name, a part of a town in the town
    ("Waterloo is a small town within Quebec, Canada.", "Waterloo", 45.35, -72.52),
    ("Retiro is a barrio in Buenos Aires, Argentina.", "Retiro", -34.6, -58.4),
    # a country's name is the country, not a town named after it
    ("San Miguel is a busy city in eastern El Salvador.", "San Miguel", 13.48, -88.18),
])
def test_equally_supported_readings(text, name, lat, lon):
    found = first(text, name)
    assert (found["lat"], found["lon"]) == pytest.approx((lat, lon), abs=0.3)


@pytest.mark.parametrize(("text", "lat", "lon"), [
    # the address goes on past the areas the place straddles
    ("Windsor is a small city within Henry and Pettis counties, Missouri, USA.",
     38.53, -93.52),
    # the plural noun capitalised as a title
    ("Windsor is a small city within Henry and Pettis Counties, Missouri.", 38.53, -93.52),
    ("Dublin is a suburban city within Franklin, Delaware, and Union counties of the "
     "U.S. state of Ohio.", 40.10, -83.11),
    # "near ..." after the state is another statement, not a larger area
    ("Hastings is a river city within Dakota and Washington counties, in the state "
     "of Minnesota, near where the Mississippi meets the St. Croix.", 44.74, -92.85),
])
def test_a_place_in_several_counties_is_read_in_their_state(text, lat, lon):
    found = places(text)
    assert (found[0]["lat"], found[0]["lon"]) == pytest.approx((lat, lon), abs=0.1)
    # the listed names are those counties, never towns of their names elsewhere
    listed = [p for p in found[1:3] if p["text"] in ("Henry", "Franklin", "Delaware", "Dakota",
                                                      "Washington")]
    assert listed and all((p["kind"], p["country_code"]) == ("admin2", "US") for p in listed)
    assert all(abs(p["lat"] - lat) < 1.0 for p in listed)


@pytest.mark.parametrize("text", [
    "Albany is the seat of Dougherty County and a city within the U.S. state of Georgia.",
    "Nelson is a small city within Pickens and Cherokee counties of the U.S. state of Georgia.",
])
def test_the_state_of_a_country_is_that_country_s_state(text):
    # "the U.S. state of Georgia": the noun belongs to Georgia, not to "U.S."
    found = places(text)
    georgia = next(p for p in found if p["text"] == "Georgia")
    assert (georgia["kind"], georgia["country_code"]) == ("admin1", "US")
    assert found[0]["country_code"] == "US" and -86 < found[0]["lon"] < -80


@pytest.mark.parametrize("text", [
    "Flooding hit Orange and Seminole counties in Florida on Monday.",
    # the noun the text's last word (where the list is looked for, see _several_areas)
    "In Florida, flooding hit Orange and Seminole counties",
])
def test_names_listed_before_a_plural_area_noun_are_those_areas(text):
    # Orange and Seminole are towns too (California, Florida): "counties" makes them
    # counties, and the story's state picks Florida's
    found = {p["text"]: p for p in places(text)}
    for name, lon in (("Orange", -81.4), ("Seminole", -81.3)):
        assert (found[name]["kind"], found[name]["country_code"]) == ("admin2", "US")
        assert found[name]["lon"] == pytest.approx(lon, abs=0.3)


@pytest.mark.parametrize(("text", "name", "code", "lat", "lon"), [
    # the territory is the container, and the state after it holds it: the town of
    # Carolina in Puerto Rico, not Carolina, Rhode Island
    ("Carolina is a coastal city within the Commonwealth of Puerto Rico, a territory "
     "of the United States.", "Carolina", "PR", 18.38, -65.96),
    # a territory named as lying in its sovereign state stays the territory, not that
    # state's point
    ("Kingston is the capital of Norfolk Island, an external territory of Australia.",
     "Norfolk Island", "NF", -29.03, 167.95),
    ("Kingston is the capital of Norfolk Island, an external territory of Australia.",
     "Kingston", "NF", -29.05, 167.97),
])
def test_a_dependent_territory_lies_in_its_sovereign_state(text, name, code, lat, lon):
    found = first(text, name)
    assert found["country_code"] == code
    assert (found["lat"], found["lon"]) == pytest.approx((lat, lon), abs=0.1)


@pytest.mark.parametrize("text", [
    # what may stand between the name and the statement: a pronunciation in square
    # brackets, a bracket then a comma, the name's own state, another name after "or"
    "Lima [ˈlaɪmə] is a town within Seminole County, Oklahoma.",
    "Lima (Muscogee: Lemv), was a farming town within Seminole County, Oklahoma.",
    "Lima, Oklahoma is a town within Seminole County, Oklahoma.",
    "Lima, or Old Lima is a town within Seminole County, Oklahoma.",
    # "the name of a", a second noun after "and", a distance with its other unit in
    # brackets before the preposition, "along" a river (passed over)
    "Lima is the name of a town within Seminole County, Oklahoma.",
    "Lima is a village and farming community within Seminole County, Oklahoma.",
    "Lima is a small town 7 miles (11 km) north-west of Wewoka in Seminole County, Oklahoma.",
    "Lima was an oil town along the Little River in Seminole County, Oklahoma.",
    # another name without commas; a site
    "Lima or Old Lima is a town within Seminole County, Oklahoma.",
    "Lima also known as Old Lima is a town within Seminole County, Oklahoma.",
    "Lima is an archaeological site within Seminole County, Oklahoma.",
])
def test_the_forms_of_a_statement_situate_the_name(text):
    # Lima, Oklahoma is under cities500's threshold: the statement puts it at its county
    # (or near the town it names), never at Lima, Peru
    found = first(text, "Lima")
    assert found["country_code"] == "US"
    assert (found["lat"], found["lon"]) == pytest.approx((35.16, -96.6), abs=0.2)


def test_an_aside_that_is_a_clause_makes_no_statement():
    # ", whose twin town is a ..." is about another place: Lima is not situated by it
    found = first("Lima, whose twin town is a village within Seminole County, Oklahoma, hosted "
                  "the festival.", "Lima")
    assert found["precision"] != "adm2"


def test_the_state_named_in_a_statement_s_aside_stays_a_state():
    # "Paris, Texas is a city in": Texas qualifies Paris, it is not a town in Lamar County
    found = places("Paris, Texas is a city in Lamar County, Texas.")
    texas = next(p for p in found if p["text"] == "Texas")
    assert (texas["kind"], texas["precision"]) == ("admin1", "adm1")
    assert (found[0]["lat"], found[0]["lon"]) == pytest.approx((33.66, -95.56), abs=0.1)


def test_a_country_s_adjective_goes_on_to_its_state():
    # "in the Indian state of Uttar Pradesh" contradicts Rajasthan's Pratapgarh district
    # (the only district of the name the gazetteer holds): the town lies in Uttar Pradesh
    found = first("Lalganj is a market town within Pratapgarh district, in the Indian state of "
                  "Uttar Pradesh.", "Lalganj")
    assert (found["lat"], found["lon"]) == pytest.approx((25.93, 81.70), abs=0.1)


def test_a_town_and_the_province_named_after_it():
    # the town heads the oblast of its name (its regional centre): the oblast is the
    # mention that says "Oblast", every bare mention stays the town
    found = places("Tambov is a city and the regional centre of Tambov Oblast, Russia. "
                   "Tambov has a university.")
    kinds = [(p["start"], p["kind"]) for p in found if p["text"] == "Tambov"]
    assert kinds == [(0, "populated_place"), (44, "admin1"), (67, "populated_place")]


@pytest.mark.parametrize(("text", "lat", "lon"), [
    # a hamlet the gazetteer lacks, in a province, with a town it lies near: placed near
    # that town (in the statement's sentence or the next), not at the province's point,
    # as far from it as the text says (20 km north of Kingston: 0.18 degrees north)
    ("Lima is a hamlet in Ontario, Canada. It lies 20 km north of Kingston.", 44.41, -76.48),
    ("Lima is a small village in central Saskatchewan, some 30 km east of "
     "Saskatoon.", 52.13, -106.23),
    ("Lima is a hamlet in Ontario, Canada, near Kingston.", 44.23, -76.48),
])
def test_a_name_placed_in_a_state_goes_near_the_town_the_text_names(text, lat, lon):
    found = first(text, "Lima")
    assert (found["country_code"], found["precision"]) == ("CA", "near")
    assert (found["lat"], found["lon"]) == pytest.approx((lat, lon), abs=0.1)


def test_a_name_placed_in_a_state_goes_among_the_towns_the_text_names_there():
    # no finer place in the statement or the sentence after it: the towns the article
    # places in the province say where it lies better than the province's point, 700 km
    # to the north (of Owen Sound, Paisley and Hamilton, Paisley is nearest the others)
    text = ("Lima is a hamlet in southwestern Ontario, Canada. It had 1,037 residents at "
            "the last census. Its farmers sell at the markets of Owen Sound and Paisley, "
            "and a few drive to Hamilton for work.")
    found = first(text, "Lima")
    assert (found["country_code"], found["precision"]) == ("CA", "near")
    assert (found["lat"], found["lon"]) == pytest.approx((44.31, -81.27), abs=0.05)
    alone = first("Lima is a hamlet in southwestern Ontario, Canada.", "Lima")
    assert alone["precision"] == "adm1"


@pytest.mark.parametrize(("text", "lat", "lon"), [
    ("Harlow is a town in eastern Ethiopia. It lies in the Somali Region.", 7.09, 43.53),
    ("Harlow is a town in western Kenya. It lies in Kakamega County.", 0.31, 34.67),
])
def test_a_town_the_gazetteer_lacks_in_a_country_is_put_at_the_state_the_text_names(
        text, lat, lon):
    # a state is finer than the country: the town was put at the country's point
    found = first(text, "Harlow")
    assert (found["lat"], found["lon"], found["precision"]) == (
        pytest.approx(lat, abs=0.05), pytest.approx(lon, abs=0.05), "adm1")


def test_a_statement_without_an_article_before_its_noun():
    # "is civil parish and ... village in": Kingston upon Thames was read, 282 km off
    found = first("Kingston is civil parish and small village in the South Hams, Devon, "
                  "England.", "Kingston")
    assert (found["lat"], found["lon"]) == pytest.approx((50.7, -3.7), abs=0.3)


def test_a_civil_township_in_an_address_is_passed_over():
    # "Shelby Township" is no unit of the gazetteer and not a town named Shelby: the
    # county after it holds the hamlet
    found = first("Lima is a small rural settlement within Shelby Township, Jefferson "
                  "County, Indiana.", "Lima")
    assert found["country_code"] == "US"
    assert (found["lat"], found["lon"]) == pytest.approx((38.78, -85.44), abs=0.25)


def test_civil_townships_listed_in_an_address_are_passed_over():
    # "Grant and Union townships": neither is the container (Grant read as a council
    # area of South Australia put Auburn there, 16,000 km off); the county is
    found = first("Auburn is a city in Grant and Union townships, DeKalb County, Indiana.",
                  "Auburn")
    assert (found["lat"], found["lon"]) == pytest.approx((41.37, -85.06), abs=0.05)


def test_a_province_named_by_its_long_form_holds_the_town():
    # "the Province of Northern Samar" is an alternate name of the province in the
    # index: still the container, so San Jose is the town there, not the larger
    # namesakes elsewhere in the Philippines
    found = first("Fishing boats crowd the harbour of San Jose, a small town in the Province "
                  "of Northern Samar in the Philippines.", "San Jose")
    assert found["country_code"] == "PH"
    assert (found["lat"], found["lon"]) == pytest.approx((12.53, 124.49), abs=0.3)


def test_a_region_before_the_name_is_not_the_name_situated():
    # the statement is Lima's, not the mountains': Lima is placed at its county
    found = places("Deep within the Appalachian Mountains, Lima is a rural hamlet within "
                   "Seminole County, Oklahoma.")
    lima = next(p for p in found if p["text"] == "Lima")
    assert (lima["country_code"], lima["precision"]) == ("US", "adm2")
    assert (lima["lat"], lima["lon"]) == pytest.approx((35.16, -96.67), abs=0.1)
    mountains = next(p for p in found if p["text"] == "Appalachian Mountains")
    assert mountains["kind"] == "region"


def test_an_address_goes_on_past_a_sea():
    # "facing the Gulf of California in Baja California Sur": the gap to the state is
    # counted from the sea's name, so the state still holds the town
    found = first("Loreto, a small port and seat of its municipality, lies facing the "
                  "Gulf of California in Baja California Sur state, Mexico.", "Loreto")
    assert found["country_code"] == "MX"
    assert (found["lat"], found["lon"]) == pytest.approx((26.01, -111.35), abs=0.3)


def test_a_ceremonial_county_geonames_no_longer_lists_holds_its_village():
    # Bedfordshire has no admin-2 unit in GeoNames (its council was split in 2009): the
    # county is still the container, so Clifton is the English village, not a US town
    found = first("Clifton is a small village within the county of Bedfordshire, "
                  "England.", "Clifton")
    assert found["country_code"] == "GB"
    assert (found["lat"], found["lon"]) == pytest.approx((52.04, -0.30), abs=0.2)


@pytest.mark.parametrize(("text", "lat", "lon"), [
    # a name the gazetteer lacks, placed by the distance and bearing the text gives from
    # the town it names (450 km west of Brisbane), not at that town
    ("Lima is a small rural town in Queensland, Australia, some 430 kilometres "
     "(267 mi) west of Brisbane.", -27.4, 148.7),
    ("Lima is a hamlet in Ontario, Canada. It lies 20 miles north of Kingston.", 44.5, -76.5),
    # a town as the container: "a village 60 km south of Nairobi"
    ("Eleven people died in Lima, a village 60 km south of Nairobi, on Monday.", -1.82, 36.82),
])
def test_a_distance_and_bearing_move_the_point(text, lat, lon):
    found = first(text, "Lima")
    assert found["precision"] == "near"
    assert (found["lat"], found["lon"]) == pytest.approx((lat, lon), abs=0.15)


def test_a_large_town_compared_with_another_stays_itself():
    # "city of ... after Rome" reads like an address but compares: Alexandria, a city of
    # millions in the country the text names, is not put at Rome's point
    text = ("Cairo and Alexandria are Egypt's largest cities. Alexandria was the second "
            "most powerful city of the ancient world after Rome.")
    assert [p["country_code"] for p in places(text) if p["text"] == "Alexandria"] == [
        "EG", "EG"]


def test_a_neighbourhood_of_a_town_is_placed_there_whatever_its_namesakes():
    found = first("Riverside is a neighbourhood in Wichita, Kansas. Riverside was founded "
                  "in 1886.", "Riverside")
    assert found["precision"] == "near"
    assert (found["lat"], found["lon"]) == pytest.approx((37.69, -97.34), abs=0.05)


def test_a_range_named_with_its_article_is_no_container_though_a_unit_bears_its_name():
    # "the Pyrenees" is the range (Victoria's Pyrenees Shire also bears the name): the
    # statement's address is left to the sentences after it, and Lourdes stays French
    found = first("Lourdes is a small market town lying in the foothills of the Pyrenees. "
                  "It is part of the Hautes-Pyrénées department in south-western France.",
                  "Lourdes")
    assert found["country_code"] == "FR"
    assert (found["lat"], found["lon"]) == pytest.approx((43.1, -0.05), abs=0.1)


@pytest.mark.parametrize(("text", "name", "lat", "lon"), [
    # GeoNames lists "Landsberg" among the other names of Landsberg am Lech (Bavaria) and
    # a smaller Landsberg of that very name in Saxony-Anhalt: the statement's state says
    # which, and the town is found, not placed at the state's point
    ("Landsberg is a town in Bavaria, Germany.", "Landsberg", 48.05, 10.88),
    ("Heidenheim is a town in Baden-Württemberg, Germany.", "Heidenheim", 48.68, 10.15),
])
def test_a_town_known_inside_its_state_by_another_of_its_names(text, name, lat, lon):
    found = first(text, name)
    assert found["precision"] == "exact"
    assert (found["lat"], found["lon"]) == pytest.approx((lat, lon), abs=0.05)


def test_another_name_of_a_town_in_some_other_state_is_not_read_there():
    # the Saxony-Anhalt Landsberg is the town of that very name: the Bavarian town that
    # lists "Landsberg" among its other names stays out
    found = first("Landsberg is a small town in Saxony-Anhalt, Germany.", "Landsberg")
    assert found["lat"] > 51 and found["lon"] > 11.5


@pytest.mark.parametrize("text", [
    "Lima is one of the hamlets of Seminole County, Oklahoma.",
    "Lima was one of the 12 villages in Seminole County, Oklahoma.",
])
def test_one_of_the_places_of_an_area_is_a_statement(text):
    # "X is one of the (12) villages in Y": X lies in Y as after "X is a village in Y"
    # (before: no statement, and the hamlet was read as Peru's capital)
    lima = first(text, "Lima")
    assert (lima["country_code"], lima["precision"]) == ("US", "adm2")
    assert (lima["lat"], lima["lon"]) == pytest.approx((35.16, -96.67), abs=0.1)


def test_a_woreda_is_a_settlement_noun():
    # Ethiopia's districts: "one of the woredas of the Amhara Region" puts the name in
    # that region, not at a town of its name in another region
    dera = first("Dera is one of the woredas of the Amhara Region of Ethiopia.", "Dera")
    assert (dera["country_code"], dera["precision"]) == ("ET", "adm1")
    assert (dera["lat"], dera["lon"]) == pytest.approx((11.70, 37.72), abs=0.1)
