"""Place spotting and resolution on the real (cached) spotter index."""

from __future__ import annotations

import random
from datetime import date

import pytest

from geomap.extract import extract_text
from geomap.extract.resolve import distance_km, within_km
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
    assert [(p["text"], p["country_code"], p["via"]) for p in found] == [
        ("Malian", "ML", "demonym"), ("Ukrainian", "UA", "demonym")]


def test_region_adjectives_and_residents_name_their_place():
    found = places("European leaders met Latin American envoys, Londoners and Texans.")
    assert [(p["text"], p["name"], p["kind"]) for p in found] == [
        ("European", "Europe", "region"), ("Latin American", "Latin America", "region"),
        ("Londoners", "London", "populated_place"), ("Texans", "Texas", "admin1")]
    assert texts("Rangers, Lakers and workers cheered.") == []


def test_residents_named_by_the_town_and_an():
    # "Chicagoans", "Ohioans": the name and "-an"; "Texans" drops an "s"
    found = places("Chicagoans and Ohioans voted early.")
    assert [(p["text"], p["name"]) for p in found] == [
        ("Chicagoans", "Chicago"), ("Ohioans", "Ohio")]


@pytest.mark.parametrize(("text", "name"), [
    ("Jacksonville's beaches were closed on Monday.", "Jacksonville"),
    ("Ohio's governor signed the bill.", "Ohio"),
])
def test_a_known_place_opening_a_sentence_with_a_possessive_is_a_place(text, name):
    assert texts(text) == [name]


def test_a_small_word_opening_a_sentence_with_a_possessive_is_no_place():
    assert texts("Will's car was found.") == []


@pytest.mark.parametrize(("text", "name"), [
    ("Fans of the Chicago Bears cheered.", "Chicago"),
    ("The Detroit Pistons lost at home.", "Detroit"),
    ("He signed with the Portland Trail Blazers.", "Portland"),
])
def test_a_team_named_after_a_known_place_names_the_place(text, name):
    # the convention of the held-out news corpora for a place inside an organisation's
    # name ("Gainesville Police"), which the spotter already followed for offices
    assert texts(text) == [name]


@pytest.mark.parametrize(("text", "name"), [
    ("They beat Mumbai Indians by six wickets.", "Mumbai"),
    ("Mumbai Indians beat the visitors.", "Mumbai"),
])
def test_a_known_place_before_a_nation_s_people_names_a_team_of_the_place(text, name):
    # a nation's people in the plural is no surname: the team of the place, no country
    assert texts(text) == [name]


@pytest.mark.parametrize(("text", "expected"), [
    ("British Airways cut flights to Kenya.", ["Kenya"]),
    ("The European Commission fined the firm.", []),
    ("Researchers of the Chinese Academy of Sciences met Chinese officials.", ["Chinese"]),
    ("The Malian Army attacked near Gao.", ["Malian", "Gao"]),
    ("The Ukrainian Parliament voted.", ["Ukrainian"]),
])
def test_an_adjective_heading_a_company_s_or_a_body_s_name_is_no_place(text, expected):
    # the held-out corpora do not annotate "British" in an airline's name; a state's own
    # forces stay the state's
    assert texts(text) == expected


def test_continent_adjectives_name_their_continent():
    found = places("North American and South American envoys met Central American ones.")
    assert [(p["text"], p["name"]) for p in found] == [
        ("North American", "North America"), ("South American", "South America"),
        ("Central American", "Central America")]


@pytest.mark.parametrize("text", [
    "Fans of Chicago Bears cheered.",  # no article: a person may be named so
    "Chad Hughes spoke.",
])
def test_a_place_glued_to_a_plural_without_the_article_stays_part_of_the_name(text):
    assert texts(text) == []


@pytest.mark.parametrize("text", [
    "Sydney Smith said the Department would act.",
    "Officials said Houston Jones told the Council about it.",
])
def test_a_town_glued_to_a_surname_is_no_place_though_an_office_follows_later(text):
    # the office's name is after lower-case words: it heads no name the town is part of
    assert texts(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Tyler Smith scored twice in the win over Orlando.", ["Orlando"]),
    ("Austin Rivers added 12 points.", []),
    # an opener, a direction, a common word: the name after it is a place
    ("Eastern Ukraine was shelled again.", ["Ukraine"]),
    ("Neighbouring Israel closed the border.", ["Israel"]),
    ("The downtown was quiet. Downtown Henderson reopened.", ["Henderson"]),
])
def test_a_surname_after_a_large_towns_name_opening_a_sentence_is_no_place(text, expected):
    # "Tyler Smith": a given name that is also a city; Smith was read as a town of Nevada
    assert texts(text) == expected


def test_a_country_ending_a_title_before_a_persons_name_is_the_country():
    assert texts("Hero of Ukraine Ivan Petrenko died in hospital Aug 29.") == ["Ukraine"]


def test_a_kind_of_place_after_a_longer_name_still_heads_it():
    # since session 38 the valley itself, placed at the town it is named after
    found = places("Cases rose in the Salinas Valley region of California.")
    assert [(p["text"], p["kind"], p["precision"]) for p in found] == [
        ("Salinas Valley", "region", "near"), ("California", "admin1", "adm1")]


def test_demonyms_as_nouns_are_places():
    found = places("Mexicans crossed into Texas, and the French were worried.")
    assert [(p["text"], p["country_code"]) for p in found] == [
        ("Mexicans", "MX"), ("Texas", "US"), ("French", "FR")]


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
    # closed-class words and organisation heads, whatever alternate names a town has
    ("She said that since March, One Nation had grown.", []),
    ("The University said the Police would help.", []),
    # a town's name opening a sentence: the subject, or a large town's common word
    ("Kingston is a port on the island.", ["Kingston"]),
    ("Nice weather drew crowds. Mobile phones rang.", []),
    # currencies and seasons
    ("Aid rose to US$30 million, or $US 30 million, in Spring 2002.", []),
    # capitalised words the same text also writes in lower case are common words
    ("Set up in 2020, the unit was set to move. To be fair, we went to Gao.", ["Gao"]),
    ("Bad input is refused; bad files are skipped.", []),
    # what a place is, no place's name ("The Villages" is a town of Florida)
    ("Food ran short at the Children's Village near Wau, SOS Children's Villages warned.",
     ["Wau"]),
    # "the" before a name ending in an organisation word: an area or a large town only
    ("Settlers in the West Bank and troops in the Ivory Coast met at the White House.",
     ["West Bank", "Ivory Coast"]),
    ("Floods hit the Gold Coast.", ["Gold Coast"]),
    # a word that mostly begins a name, qualified by its country
    ("Two teenagers were treated in the city of Van, Turkey.", ["Van", "Turkey"]),
    ("Van Gogh painted in Arles.", ["Arles"]),
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


def test_a_name_listed_beside_a_country_is_a_country():
    """Egypt, Arkansas and Egypt, Mississippi do not stop "Egypt" being a country's name, so
    the Niger beside it is the country, not Nigeria's Niger State in a story on Nigeria."""
    found = places("Polio rose in Nigeria, in Kano and Kaduna. Nigeria asked for help. "
                   "Earlier, polio was wiped out in Egypt and Niger.")
    assert [(p["text"], p["kind"], p["country_code"]) for p in found][-2:] == [
        ("Egypt", "country", "EG"), ("Niger", "country", "NE")]
    state = places("Polio rose in Nigeria, in Kano and in Niger State.")
    assert (state[-1]["kind"], state[-1]["country_code"]) == ("admin1", "NG")


def test_a_qualifier_picks_the_country():
    lebanon = places("Clashes in Tripoli, Lebanon left two dead.")
    assert lebanon[0]["country_code"] == "LB"
    libya = places("Militias clashed in Tripoli on Saturday.")
    assert libya[0]["country_code"] == "LY"


def test_a_demonym_in_brackets_is_no_qualifier():
    # a language note names no country the place lies in
    found = places("Santa Barbara (Spanish for Saint Barbara) is a city in California.")
    assert found[0]["country_code"] == "US"


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


@pytest.mark.parametrize(("text", "expected"), [
    # surnames the text gives with a first name or after a title are people elsewhere too
    ("Ellen Dunn chairs the board. Dunn wants new permits in Fresno.", ["Fresno"]),
    ("Coach Ripley praised the players. Ripley then left for Dallas.", ["Dallas"]),
    # a name followed by a speech verb is a person
    ("Clifford said the outbreak in Lagos was over.", ["Lagos"]),
    # a given name that is also a function word ("Will") still makes a surname
    ("Ask Will Steele about Lagos. Steele, like others, agreed.", ["Lagos"]),
    # a little-known name heading an organisation is part of it
    ("Oak Grove Lutheran Hospital treated her.", []),
    # ... unless the text also places the name ("in Milton")
    ("Milton Friedman wrote about Milton. Officials in Milton agreed.", ["Milton", "Milton"]),
])
def test_people_are_not_places(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a place heading an organisation or an office is still a place
    ("The Gainesville Police made an arrest.", ["Gainesville"]),
    ("Manitoba Premier Greg Selinger spoke.", ["Manitoba"]),
    ("Riots broke out in Paris Tuesday.", ["Paris"]),
    ("Kenya Airways cancelled flights.", ["Kenya"]),
    # a several-word alternate name ending in an organisation word is that organisation
    ("The White House said nothing.", []),
    # "South African" is a demonym, not the word "South"
    ("A South African team arrived.", ["South African"]),
])
def test_places_inside_longer_names(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a town's, county's or state's public office names it whatever its size, at a
    # sentence start too (our own US local-news sentences)
    ("Joplin Police Chief Dana Lee said Tuesday that three people were arrested.",
     [("Joplin", "US", 37.1, -94.5)]),
    ("Tacoma Fire crews were called to a house fire on Monday.",
     [("Tacoma", "US", 47.3, -122.4)]),
    ("A deputy was hurt, the Tennessee Highway Patrol said.",
     [("Tennessee", "US", 35.8, -86.3)]),
    ("Monongalia County Schools closed Friday because of ice.",
     [("Monongalia County", "US", 39.6, -80.0)]),
    ("Pensacola Police and deputies closed the street.", [("Pensacola", "US", 30.4, -87.2)]),
    ('"We are sad," said Joplin Vice-Mayor Ann Lee.', [("Joplin", "US", 37.1, -94.5)]),
    # a road named after a town is no office ("Highway" alone), and universities named
    # after people stay organisations
    ("The diner is at 1405 Monterey Highway.", []),
    ("Students at Harvard University and Duke University protested.", []),
])
def test_a_local_office_names_its_place(text, expected):
    found = [(p["text"], p["country_code"], round(p["lat"], 1), round(p["lon"], 1))
             for p in places(text)]
    assert found == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a county by its own name heads a title or an office, whatever its size
    ("Anderson County Judge Ray Cole said homes were cleared.", [("Anderson County", "admin2")]),
    ("The Bibb County School District will close on Friday.", [("Bibb County", "admin2")]),
    # "the Ohio", "the Mississippi" are the rivers; the state heads an office's name
    ("The county seat sits where the Ohio meets the Mississippi.",
     [("Ohio", "water"), ("Mississippi", "water")]),
    ("The Ohio Department of Health said so.", [("Ohio", "admin1")]),
])
def test_counties_and_rivers_of_us_local_news(text, expected):
    assert [(p["text"], p["kind"]) for p in places(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a street named after a place is no place ("near", "on" placed them)
    ("A student was robbed near Kirkwood Avenue on Friday.", []),
    ("Crews fought a house fire on Pacific Avenue.", []),
    ("The march went down Pennsylvania Avenue.", []),
    ("Traffic backed up on Atlanta Highway near Athens, Georgia.", ["Athens", "Georgia"]),
    # ... but the office of a place stays its own ("Highway Patrol")
    ("A deputy was hurt, the Tennessee Highway Patrol said.", ["Tennessee"]),
])
def test_streets_named_after_places(text, expected):
    assert texts(text) == expected


def test_a_demonym_beats_a_village_of_that_name():
    found = extract_text("Canadian officials met in Ottawa.").to_json()
    assert [(p["name"], p["via"]) for p in found["places"]] == [("Canada", "demonym"),
                                                                ("Ottawa", "name")]


def _resolved(text: str) -> list[tuple[str, str, str | None]]:
    return [(p["text"], p["kind"], p["country_code"]) for p in places(text)]


def test_a_state_is_not_read_as_the_town_named_after_it():
    # "New York" is New York City's alternate name but the state's own; Oregon the state,
    # not the Wisconsin town; Missouri is no alternate name of Bozeman
    found = _resolved("Health officials in New York, Oregon and Missouri reported cases.")
    assert found == [("New York", "admin1", "US"), ("Oregon", "admin1", "US"),
                     ("Missouri", "admin1", "US")]


@pytest.mark.parametrize(("text", "name", "lat", "lon"), [
    # "Montgomery County" alone is in eight states: its most populous (Maryland's) names no
    # state, so Kettering is the Ohio city beside Dayton, not Kettering, Maryland
    ("Dayton Police said officers found the car in Kettering. Montgomery County Coroner "
     "Gus Ferrell said the man died.", "Kettering", 39.7, -84.2),
    # Columbia County (Georgia's is larger) did not put Lake City in Georgia
    ("Lake City Police and Columbia County deputies searched a home. A woman from Fort "
     "White was arrested.", "Lake City", 30.2, -82.6),
])
def test_a_county_of_several_states_names_none(text, name, lat, lon):
    [found] = [p for p in places(text) if p["text"] == name]
    assert (round(found["lat"], 1), round(found["lon"], 1)) == (lat, lon)


@pytest.mark.parametrize(("text", "name", "country"), [
    # a town bearing a country's name, in a state the story names and beside its county
    ("A truck overturned near Lebanon on Monday. Wilson County deputies closed the road, "
     "and Tennessee troopers said no one died.", "Lebanon", "US"),
    ("A train derailed outside Palestine on Sunday. Anderson County officials cleared "
     "homes. The line runs to Tyler, Texas.", "Palestine", "US"),
    # ... but not where the story names another country
    ("Israel struck Lebanon on Monday. A senator from Pennsylvania said Harrisburg would "
     "send aid.", "Lebanon", "LB"),
    # ... nor with no state and no town or county of its own beside it
    ("A man from Lebanon spoke to Congress in Washington.", "Lebanon", "LB"),
])
def test_a_town_bearing_a_countrys_name(text, name, country):
    [found] = [p for p in places(text) if p["text"] == name]
    assert found["country_code"] == country


@pytest.mark.parametrize(("text", "name", "expected"), [
    # a country's name said as a town's, before its bodies or after "a" before one of its
    # people, where the story's other places lie: the town, with no state named
    ("Mexico police arrested a Vandalia man on Friday. He was held in the Audrain County "
     "jail.", "Mexico", ("populated_place", "US", "US-MO")),
    ("A Peru man was arrested after a chase near Kokomo, Howard County deputies said.",
     "Peru", ("populated_place", "US", "US-IN")),
    # ... and a town of 3,000 against the country, beside its county and two towns
    ("A Mexico woman was hurt Sunday when her car left the road on the way to Lewiston. "
     "Oxford County deputies said she lives near the mill in Rumford.", "Mexico",
     ("populated_place", "US", "US-ME")),
])  # fmt: skip
def test_a_country_s_name_said_as_a_town_s_is_the_town(text, name, expected):
    assert _state_of(text, name) == expected


@pytest.mark.parametrize("text", [
    # the country: said as a place only, or its own places named
    "Missouri soybean farmers near Columbia sell most of their crop to Mexico.",
    "Mexico police arrested a cartel leader in Sinaloa.",
    "A Mexico man was deported from El Paso, Texas, to Ciudad Juarez.",
])
def test_a_country_s_name_said_as_a_town_s_stays_the_country_elsewhere(text):
    assert _state_of(text, "Mexico")[0] == "country"


@pytest.mark.parametrize(("text", "name"), [
    # a street, a landmark, an office or a part of a town that a hamlet far off bears
    ("Las Cruces police will close Broadway on Saturday for the parade, and Dona Ana "
     "County deputies will direct traffic.", "Broadway"),
    ("Las Cruces police said the driver, from Homeland, was held in the Dona Ana County "
     "jail.", "Homeland"),
    ("Firefighters pulled two children from a bungalow on the South Side of Chicago.",
     "South Side"),
])  # fmt: skip
def test_a_hamlet_far_from_a_local_story_is_not_reported(text, name):
    assert name not in texts(text)


@pytest.mark.parametrize("text", [
    # a school's, a street's or a person's name, or a place the index lacks: the
    # Tennessee town of 70,000 lies 2,500 km off and the story names neither it nor its
    # state
    "Bakersfield police said the driver was heading back to Franklin after the game. Kern "
    "County deputies closed the road on Monday.",
    "Fargo police said the man who drove to Franklin was held in the Cass County jail.",
])  # fmt: skip
def test_a_lesser_town_far_from_a_local_story_is_not_reported(text):
    assert "Franklin" not in texts(text)


@pytest.mark.parametrize(("text", "name"), [
    ("Bakersfield police said the band goes on to Franklin, Tennessee, in May. Kern "
     "County deputies will direct traffic.", "Franklin"),  # its state named
    ("Bakersfield police said the band goes on to Nashville in May. Kern County "
     "deputies will direct traffic.", "Nashville"),  # a city of 100,000 or more
])  # fmt: skip
def test_a_far_town_stays_when_its_state_is_named_or_it_is_large(text, name):
    found = {p["text"]: p for p in places(text)}
    assert found[name]["country_code"] == "US" and round(found[name]["lon"]) == -87


def test_a_town_s_one_name_far_from_a_story_s_only_place_stays():
    # a respelling of a town of 24,000 that no town elsewhere bears, 600 km from the
    # capital the story also names
    found = {p["text"]: p for p in places("Shelling hit Debaltsevo overnight, officials in "
                                          "Kiev said.")}
    assert found["Debaltsevo"]["country_code"] == "UA"


def test_a_story_s_only_sure_place_is_not_far_from_itself():
    assert texts("Soldiers searched homes in Tammun overnight and detained a teacher.") == [
        "Tammun"]


def test_a_hamlet_far_off_stays_in_a_state_the_story_names():
    found = {p["text"]: p for p in places(
        "Fargo police said the driver was from Homeland, Calif., and was held in the Cass "
        "County jail.")}
    assert found["Homeland"]["country_code"] == "US"
    assert round(found["Homeland"]["lat"]) == 34


# A story set in Montana (Bozeman, Belgrade) about a place whose name the index knows only
# in other states and Ontario: Vineland, New Jersey (61,000 people) and smaller namesakes.
_OWN_TOWN_STORY = ("Vineland volunteers served breakfast at the firehouse on Saturday. "
                   "Guests came from Bozeman and Belgrade, and the Montana fire marshal "
                   "praised the crew. Vineland has no town hall, so Vineland residents meet "
                   "at the church.")


def test_the_story_s_own_town_the_index_lacks_is_placed_in_its_state():
    found = [p for p in places(_OWN_TOWN_STORY) if p["text"] == "Vineland"]
    assert len(found) == 3
    assert {(p["country_code"], p["precision"], round(p["lat"]), round(p["lon"]))
            for p in found} == {("US", "adm1", 47, -110)}  # Montana's point
    mention = next(m for m in extract_text(_OWN_TOWN_STORY).places if m.text == "Vineland")
    assert mention.place is not None and mention.place.note == (
        "not in the gazetteer: placed at Montana, where the story's places lie")


@pytest.mark.parametrize(("text", "stays"), [
    # said once: a place of its own the story mentions, not the story's (a town under
    # 100,000 far from a local story is then no place at all, see above)
    ("Volunteers served breakfast at the firehouse in Bozeman, Montana, on Saturday. "
     "A man from Vineland won the raffle.", False),
    # a large town is named from afar by its bare name
    ("Bozeman officials in Montana met on Monday. Portland police arrested a man from "
     "Bozeman. Portland detectives said Portland had seen three such thefts.", True),
])
def test_a_namesake_far_off_is_not_put_in_the_story_s_state_unless_it_is_its_own_town(
        text, stays):
    found = [p for p in places(text) if p["text"] in ("Vineland", "Portland")]
    assert bool(found) is stays and all(p["precision"] == "exact" for p in found)


def test_a_small_town_beside_a_named_one_is_eligible():
    # Alachua, Florida is the only place of its name; the story names no state or country,
    # yet the Hawthorne of 1,500 people beside it is meant, not California's of 88,000
    found = {p["text"]: p for p in places(
        "The city of Alachua will build a new fire station. Hawthorne city commissioners "
        "will vote on a park next week.")}
    assert (round(found["Hawthorne"]["lat"], 1), round(found["Hawthorne"]["lon"], 1)) == (
        29.6, -82.1)


def test_the_state_named_in_the_article_steers_a_small_namesake():
    found = places("Santa Maria lies inland from the Southern California shore.")
    santa_maria = found[0]
    assert (santa_maria["country_code"], santa_maria["kind"]) == ("US", "populated_place")
    assert santa_maria["lat"] == pytest.approx(34.95, abs=0.2)
    # "Southern California" is a region of the US (in the state the article names)
    assert (found[1]["text"], found[1]["country_code"]) == ("Southern California", "US")


def test_a_state_qualifier_picks_the_town():
    found = places("Storms hit Paris, Texas, and Paris, Tennessee.")
    assert [(p["text"], p["country_code"]) for p in found] == [
        ("Paris", "US"), ("Texas", "US"), ("Paris", "US"), ("Tennessee", "US")]
    assert found[0]["lat"] == pytest.approx(33.66, abs=0.1)
    assert found[2]["lat"] == pytest.approx(36.30, abs=0.1)


def test_a_state_named_in_passing_does_not_move_a_city_to_its_hamlet():
    # Boston, New York is a town of 8,000; New York is one state mention in three
    found = places("Flu cases rose across the country this week. Hospitals in Texas are "
                   "full, and Texas officials opened new clinics. In Boston, the mayor asked "
                   "residents to stay home. A New York health official said vaccines were "
                   "short.")
    boston = next(p for p in found if p["text"] == "Boston")
    assert (boston["lat"], boston["lon"]) == pytest.approx((42.36, -71.06), abs=0.1)


def test_the_one_state_of_a_story_picks_its_town():
    found = places("Flooding closed roads across Tennessee on Monday. In Paris, the county "
                   "opened a shelter.")
    paris = next(p for p in found if p["text"] == "Paris")
    assert (paris["country_code"], paris["lat"]) == ("US", pytest.approx(36.30, abs=0.1))


def test_a_famous_namesake_without_local_clues():
    assert _resolved("Talks resumed in Paris on Monday.") == [("Paris", "populated_place",
                                                               "FR")]


def test_a_small_state_does_not_outrank_a_large_town_of_its_name():
    # Jamaica's Manchester parish (some 60,000 people) and Bermuda's Hamilton were read
    # before the English and Canadian cities; a state of millions still comes first
    assert _resolved("Police in Manchester arrested two men.") == [
        ("Manchester", "populated_place", "GB")]
    assert _resolved("He grew up in Hamilton.") == [("Hamilton", "populated_place", "CA")]
    assert _resolved("Floods hit Tocantins again.") == [("Tocantins", "admin1", "BR")]
    # nor a district known by a bare name (Jamaica's Richmond of some 2,000 people)
    assert _resolved("Talks were held in Richmond on Monday.") == [
        ("Richmond", "populated_place", "US")]


def test_small_towns_need_the_article_scope():
    # small, outside the scope (the article names Niger through its capital)
    assert texts("The convoy left Niamey and reached Aguelhok after the storm.") == [
        "Niamey"]
    found = places("Fighters reached Aguelhok, in northern Mali.")
    assert found[0]["text"] == "Aguelhok" and found[0]["country_code"] == "ML"


@pytest.mark.parametrize("text", [
    "Russian aircraft carried out an air strike on Izium.",
    "A glide bomb on Izium wounded two men.",
])
def test_a_strike_on_a_town_known_by_another_spelling_places_it(text):
    # "on" alone is a day or a medium as often ("on Monday", "on Facebook"); after a
    # word of an attack it says where, as "in" does
    assert ("Izium", "UA") in [(p["text"], p["country_code"]) for p in places(text)]


@pytest.mark.parametrize("text", [
    "Fighters reached Aguelhok after the storm.",
    # the only country named is the actors' home: it says who, not where
    "Nigerien troops reached Aguelhok after the storm.",
])
def test_a_small_town_alone_of_its_name_is_placed_where_no_country_steers(text):
    found = places(text)
    assert ("Aguelhok", "ML") in [(p["text"], p["country_code"]) for p in found]


def test_a_country_stays_a_country_near_its_capital():
    found = _resolved("Acapulco lies on the coast of Guerrero. Violence in Mexico rose.")
    assert ("Mexico", "country", "MX") in found


def test_scope_bonuses_for_states_named_and_sure_towns():
    from collections import Counter

    from geomap.extract.names import default_index
    from geomap.extract.resolve import Scope, score

    ontario = {e.kind: e for e in default_index().get("ontario")
               if e.country_code in ("CA", "US") and e.admin1 in ("CA-ON", "US-CA")}
    province, town = ontario[PlaceKind.ADMIN1], ontario[PlaceKind.POPULATED_PLACE]
    plain = Scope(Counter({"CA": 1, "US": 1}))
    assert score(province, plain) > score(town, plain)
    # a state named lifts its towns; a sure town inside a province lifts the province
    in_california = Scope(Counter({"CA": 1, "US": 1}), Counter({"US-CA": 2}))
    assert score(town, in_california) > score(town, plain)
    near_toronto = Scope(Counter({"CA": 1}), anchors=((43.7, -79.4),),
                         anchor_states=frozenset({"CA-ON"}))
    assert score(province, near_toronto) > score(province, Scope(Counter({"CA": 1})))


def test_supranational_regions_are_places():
    found = _resolved("Cases rose in North Africa, Latin America and Southeast Asia.")
    assert [k for _, k, _ in found] == ["region", "region", "region"]


def test_islands_shared_by_several_provinces_are_places():
    found = places("A tsunami hit Java; Sumatra, Borneo, Luzon and Mindanao were spared, "
                   "and so were Honshu and the South Island.")
    assert [(p["text"], p["kind"]) for p in found] == [
        (name, "region") for name in ("Java", "Sumatra", "Borneo", "Luzon", "Mindanao",
                                       "Honshu", "South Island")]
    java = found[0]
    assert -8.8 < java["lat"] < -5.8 and 105 < java["lon"] < 114.6  # on the island


def test_seas_straits_and_contested_regions_are_places():
    found = places("Tankers crossed the Strait of Hormuz and the South China Sea while "
                   "Nagorno-Karabakh and South Ossetia voted.")
    assert [(p["text"], p["kind"], p["country_code"]) for p in found] == [
        ("Strait of Hormuz", "water", None), ("South China Sea", "water", None),
        ("Nagorno-Karabakh", "region", "AZ"), ("South Ossetia", "region", "GE")]
    assert found[1]["precision"] == "water"  # never drawn as an exact location


def test_an_actors_name_inside_a_seas_name_is_the_sea():
    found = extract_text("Ships in the Sea of Azov and the Azov Sea were hit; Azov "
                         "fighters held the plant.", article_date=date(2024, 8, 5)).to_json()
    assert [p["text"] for p in found["places"]] == ["Sea of Azov", "Azov Sea"]
    assert [a["text"] for a in found["actors"]] == ["Azov"]


def test_a_county_and_its_state_place_a_small_town():
    found = places("Lancaster is a small town within Coos County, New Hampshire.")
    assert [(p["text"], p["kind"], p["country_code"]) for p in found] == [
        ("Lancaster", "populated_place", "US"), ("Coos County", "admin2", "US"),
        ("New Hampshire", "admin1", "US")]
    assert found[0]["lat"] == pytest.approx(44.49, abs=0.2)  # Lancaster, New Hampshire


@pytest.mark.parametrize(("text", "name", "admin1"), [
    ("WASHINGTON (Reuters) - The senate voted on Tuesday.", "Washington", "US-DC"),
    ("NEW YORK, March 3 -- Markets fell.", "New York City", "US-NY"),
    ("Washington state farmers protested.", "Washington", "US-WA"),
])
def test_a_dateline_names_a_town(text, name, admin1):
    place = places(text)[0]
    assert (place["name"], extract_text(text).places[0].place.admin1_code) == (name, admin1)


def test_a_county_named_vouches_for_its_seat():
    # the county's point is its seat's: the seat must not be left out as "itself"
    found = places("Floods closed roads in Aurora. Nebraska officials said the river "
                   "crested on Monday across Hamilton County, Nebraska; a crew from Illinois "
                   "helped.")
    assert found[0]["text"] == "Aurora" and found[0]["lon"] == pytest.approx(-98.0, abs=0.2)


def test_the_state_a_story_is_mostly_about_steers_namesakes():
    found = places("Storms hit Aurora on Monday. Nebraska officials said the storm also "
                   "struck Grand Island and Kearney, Nebraska, and that Nebraska crews were "
                   "out; a crew from Illinois helped.")
    assert found[0]["text"] == "Aurora" and found[0]["lon"] == pytest.approx(-98.0, abs=0.2)


def test_states_listed_together_stay_states():
    found = places("Wildfires burned in Arizona, Colorado, Utah, Oregon, Washington and "
                   "Ontario, and smoke reached Ohio, Illinois and Wisconsin.")
    assert {p["text"]: p["kind"] for p in found}["Washington"] == "admin1"
    assert {p["text"]: p["kind"] for p in found}["Oregon"] == "admin1"


@pytest.mark.parametrize(("text", "kind"), [
    # the country named as a party, no place of it below the country: the capital
    ("Russia said it was concerned, and the United States called for talks in Washington.",
     "populated_place"),
    ("Argentina and Chile signed the accord in Buenos Aires on Monday.", "populated_place"),
    # a town or another state of the country named: the story is set there, the state stays
    ("Seattle police said the United States flag was burned across Washington.", "admin1"),
    ("The United States sent crews to Washington and Oregon to fight the fires.", "admin1"),
])
def test_a_country_named_alone_does_not_make_its_capitals_name_the_state(text, kind):
    found = places(text)
    name = "Washington" if "Washington" in text else "Buenos Aires"
    assert {p["text"]: p["kind"] for p in found}[name] == kind


@pytest.mark.parametrize(("text", "code"), [
    # a large capital abroad, in a story that names nothing of the state's country
    ("Central banks from Mexico City to Santiago cut their rates.", "CL"),
    # the state's country named: the state
    ("Flooding hit Santiago province, the Dominican Republic said.", "DO"),
    ("Rain fell across Santiago, Puerto Plata and La Vega.", "DO"),
])
def test_a_large_capital_beats_a_state_of_its_name_abroad(text, code):
    found = places(text)
    assert {p["text"]: p["country_code"] for p in found}["Santiago"] == code


@pytest.mark.parametrize(("text", "code"), [
    # "Congo" names two countries: the story's own places pick, else the more populous
    ("M23 rebels seized Goma in eastern Congo on Monday.", "CD"),
    ("Troops were sent to Congo's capital, Kinshasa, on Monday.", "CD"),
    ("Rebels clashed with troops in Congo, near Brazzaville.", "CG"),
    ("The floods in Congo displaced thousands, the United Nations said.", "CD"),
])
def test_a_countrys_short_name_two_countries_share_is_read_by_the_story(text, code):
    found = places(text)
    assert [p["country_code"] for p in found if p["text"] == "Congo"] == [code]


def test_an_elided_article_is_part_of_a_name():
    found = places("Cases rose in Côte d'Ivoire and in L'Aquila.")
    assert [p["country_code"] for p in found] == ["CI", "IT"]


def test_a_title_may_begin_a_place_name():
    found = places("Geese from Queen Anne's County tested positive, Maryland officials said.")
    assert [(p["text"], p["kind"]) for p in found] == [
        ("Queen Anne's County", "admin2"), ("Maryland", "admin1")]
    assert found[1]["country_code"] == "US"
    assert texts("President Chad Smith spoke in Ohio.") == ["Ohio"]


def test_a_possessive_name_is_looked_up_as_written():
    found = places("Schools in Prince George's County closed.")
    assert found[0]["text"] == "Prince George's County"
    assert found[0]["lat"] == pytest.approx(38.8, abs=0.3)  # Maryland's, not Virginia's


def test_of_two_equal_areas_the_more_populous():
    found = places("Ducks were sampled in Maryland on Monday.")
    assert found[0]["country_code"] == "US"


def test_a_state_opening_a_sentence_qualifies_a_noun():
    assert texts("Virginia deer hunters and trappers got a warning.") == ["Virginia"]


def test_an_abbreviation_is_not_a_town_spelled_with_its_letters():
    # Eu is a town in France, and France is in the story
    found = places("France and the E.U. paid nothing, French officials said.")
    assert [p["name"] for p in found][:2] == ["France", "European Union"]


def test_an_abbreviation_the_text_defines_for_an_office_is_no_place():
    # DOH is also an alternate name of Qatar's Doha municipality
    found = texts("The Department of Health (DOH) closed a farm in Pandi, Bulacan. "
                  "DOH officials said more tests are due.")
    assert "DOH" not in found and "Pandi" in found


def test_an_abbreviation_the_text_defines_for_a_place_stays_a_place():
    found = places("Rebels still hold mines across Democratic Republic of Congo (DRC); the DRC "
                   "army said so.")
    assert [p["country_code"] for p in found if p["text"] == "DRC"] == ["CD", "CD"]


@pytest.mark.parametrize("text", [
    # GeoNames lists "Google" under Topeka and "Jin" under Tsu, both large towns
    "Searches on Google for flu symptoms rose sharply this winter.",
    "Keepers said Jin, a young otter, slipped out of her pen. Jin was found two days later.",
])
def test_a_nickname_of_a_town_needs_the_text_to_place_it(text):
    assert texts(text) == []


def test_other_names_of_major_cities_need_no_cue():
    found = places("Traders said Calcutta markets and Saigon hospitals were busy.")
    assert [(p["text"], p["country_code"]) for p in found] == [("Calcutta", "IN"),
                                                               ("Saigon", "VN")]


def test_according_to_introduces_a_source_not_a_place():
    # Whitley (Indiana) and Xinhua (Yunnan) are towns too; "to" before them is no place cue
    found = texts("Tim Whitley runs the program in Hammond, Indiana. Crews will spray twice "
                  "a week, according to Whitley. The lab found two more cases. "
                  "According to Xinhua News Agency, both were mild.")
    assert found == ["Hammond", "Indiana"]


def test_a_name_with_a_title_in_apposition_is_a_person():
    # Steele is a town in Missouri and North Dakota; a title after the name makes it a man's
    found = texts("Will Steele, President of a produce firm in Texas, said sales fell. "
                  "Steele said his crews were idle.")
    assert found == ["Texas"]
    # a town of its own size is a place whatever follows it
    assert texts("The fighting stopped and Kidal, Governor Ali Ag Intalla said, is calm.") == [
        "Kidal"]


def test_abbreviated_first_words_of_names():
    found = places("Deputies in St. Louis County searched homes near Ft. Worth and in "
                   "Mt. Vernon, Ohio. He lives on Main St. Police came.")
    assert [(p["text"], p["name"]) for p in found] == [
        ("St. Louis County", "Saint Louis County"), ("Ft. Worth", "Fort Worth"),
        ("Mt. Vernon", "Mount Vernon"), ("Ohio", "Ohio")]


def test_an_abbreviated_first_word_matches_the_town_of_the_spelled_out_name():
    # GeoNames calls the city Saint Paul and lists "St. Paul" among its other names; the
    # hamlets of that name must not hide it (it was St. Paul, Nebraska, beside Minneapolis)
    found = {p["text"]: p for p in places(
        "A water main broke in St. Paul. Buses ran from Minneapolis.")}
    assert found["St. Paul"]["name"] == "Saint Paul"
    assert (round(found["St. Paul"]["lat"], 1), round(found["St. Paul"]["lon"], 1)) == (
        44.9, -93.1)


def test_states_named_by_their_initials():
    found = places("The DPRK fired two missiles as ROK troops and D.P.R.K. ships watched.")
    assert [(p["text"], p["country_code"]) for p in found] == [
        ("DPRK", "KP"), ("ROK", "KR"), ("D.P.R.K.", "KP")]


def test_a_word_after_an_initial_is_a_surname():
    assert texts("President George W. Bush spoke in Texas.") == ["Texas"]


def test_a_demonym_qualifying_a_noun_is_the_people_not_a_province():
    found = places("Somali refugees fled to Kenya. The Somali region is dry.")
    assert [(p["text"], p["kind"]) for p in found] == [
        ("Somali", "country"), ("Kenya", "country"), ("Somali", "admin1")]


def test_an_article_opening_a_sentence_is_not_part_of_a_name():
    # "A New" is Änew in Turkmenistan once folded: the name is "New Jersey"
    found = places("A New Jersey woman fell ill after the trip.")
    assert [(p["text"], p["kind"], p["country_code"]) for p in found] == [
        ("New Jersey", "admin1", "US")]


@pytest.mark.parametrize(("text", "name", "kind"), [
    ("The cow was found at a Washington state farm.", "Washington", "admin1"),
    ("Fighting in Kandahar province continued.", "Kandahar", "admin1"),
    ("Fighting in Kandahar continued.", "Kandahar", "populated_place"),
])
def test_a_state_noun_makes_the_name_the_state(text, name, kind):
    assert next(p for p in places(text) if p["text"] == name)["kind"] == kind


def test_a_town_the_gazetteer_lacks_stays_in_the_province_named():
    found = places("Police stopped him in Stroud, Ontario, Canada, on the highway.")
    stroud = found[0]
    assert (stroud["text"], stroud["country_code"], stroud["precision"]) == (
        "Stroud", "CA", "adm1")
    # a province of a country the article is not about qualifies nothing
    found = places("Fires burned in Los Angeles, San Fernando and Malibu, California.")
    assert found[0]["country_code"] == "US"


def test_a_town_placed_in_its_state_stays_there_in_later_mentions():
    # no Riverside of Rhode Island in the gazetteer: the qualifier puts it in the state,
    # and the bare mentions after it are that town, not Connecticut's Riverside
    found = [p for p in places("Riverside, Rhode Island, held its fair on Sunday. "
                               "Crowds filled Riverside until dark.") if p["text"] == "Riverside"]
    assert [(p["country_code"], p["precision"]) for p in found] == [("US", "adm1")] * 2
    assert {(p["lat"], p["lon"]) for p in found} == {(found[0]["lat"], found[0]["lon"])}
    assert (found[1]["lat"], found[1]["lon"]) == pytest.approx((41.6, -71.5), abs=0.3)


@pytest.mark.parametrize("text", [
    "Santa Rosa (Spanish: Rosa; Tagalog: Bayan ng Rosa) is a town on the river.",
    "The town (Tagalog: Bayan) lies on the coast.",
])
def test_a_language_labelling_a_name_in_brackets_is_no_place(text):
    assert not [p for p in places(text) if p["text"] in ("Spanish", "Tagalog")]


def test_a_place_before_its_figures_in_brackets_stays_a_place():
    found = places("Voters in both towns (Milton: 515 to 47; Janesville: 300 to 20) agreed.")
    assert [p["text"] for p in found] == ["Milton", "Janesville"]


def test_the_oceans_are_water():
    found = places("Birds fly on the Pacific side, far from the Atlantic Ocean.")
    assert [(p["name"], p["kind"]) for p in found] == [
        ("Pacific Ocean", "water"), ("Atlantic Ocean", "water")]


@pytest.mark.parametrize("text", [
    "The Marburg virus spread quickly.",
    "The Spanish flu killed millions.",
    "Minamata disease poisoned the bay.",
])
def test_a_disease_named_after_a_place_is_no_place(text):
    assert places(text) == []


def test_a_place_with_an_outbreak_is_a_place():
    assert [p["text"] for p in places("An outbreak in Uganda killed four.")] == ["Uganda"]


@pytest.mark.parametrize("text", ["Man shot dead at a polling station in eastern Ukraine",
                                  "Man killed near Donetsk"])
def test_a_common_word_opening_a_headline_is_no_town(text):
    # "Man" is a town in Ivory Coast, an alternate name of Amman (a capital) and the
    # abbreviation of Manitoba written without its dot: none makes it a place here
    assert "Man" not in texts(text)


def test_a_state_opening_a_sentence_still_qualifies_a_noun():
    assert texts("Virginia duck hunters found the bird.") == ["Virginia"]


def test_a_possessive_place_holds_the_name_after_it():
    found = {p["text"]: p for p in places("Russia's Kursk was hit by drones; Ukraine's "
                                          "Donetsk region was shelled.")}
    assert found["Kursk"]["country_code"] == "RU" and found["Donetsk"]["country_code"] == "UA"
    assert "Independence" not in texts("Crowds again filled Kiev's Independence Square.")


def test_within_km_answers_as_the_great_circle_distance_does():
    rng = random.Random(7)
    for _ in range(20_000):
        lat, lon = rng.uniform(-89.0, 89.0), rng.uniform(-180.0, 180.0)
        other = (max(-90.0, min(90.0, lat + rng.uniform(-4, 4))), lon + rng.uniform(-9, 9))
        for km in (50.0, 161.0, 300.0):
            assert within_km(lat, lon, *other, km) == (distance_km(lat, lon, *other) <= km)
    # on one meridian the bound is tight: 2.7 degrees of latitude is just over 300 km
    assert within_km(50.0, 30.0, 52.69, 30.0, 300.0)
    assert not within_km(50.0, 30.0, 52.71, 30.0, 300.0)


def test_an_organisation_word_is_a_town_where_the_text_says_where_it_lies():
    # "Union" heads organisations ("the Teachers' Union"); a statement of where it lies
    # makes it the town, in all of the text
    found = places("Union is a town in Boone County, Kentucky, by the interstate. The City "
                   "of Union opened a library, and Union plans a park.")
    unions = [p for p in found if p["text"] == "Union"]
    assert len(unions) == 3
    assert all(p["country_code"] == "US" for p in unions)
    assert (unions[0]["lat"], unions[0]["lon"]) == pytest.approx((38.95, -84.68), abs=0.1)


def test_an_organisation_word_without_a_statement_is_no_place():
    # a locative alone is no cue for such a word ("At Police headquarters": Police is
    # also a town in Poland)
    assert texts("The Union met in Brussels. At Police headquarters, officers waited. "
                 "Union leaders said they would strike.") == ["Brussels"]


def test_a_surname_after_from_is_the_person():
    # the text gives "Ripley" as a person's surname; "from" names a sender as often as
    # a place, a locative places it
    assert texts("The charity is run by Joan Ripley. A letter from Ripley thanked the "
                 "donors.") == []
    assert texts("The charity is run by Joan Ripley. Her office in Ripley thanked the "
                 "donors.") == ["Ripley"]


def test_a_surname_before_a_speech_verb_is_the_person_even_of_a_large_town():
    # Paterson, New Jersey has some 150,000 people; here it is the governor speaking
    assert texts("Governor Alan Paterson declared an emergency on Monday. Paterson says "
                 "the state needs federal help.") == []
    # a capital or a state speaking stays a place ("Washington says")
    assert "Washington" in texts("Senator Ann Washington met the envoy. Washington says "
                                 "sanctions will follow.")


def test_a_bare_surname_before_a_speech_verb_is_a_person_unless_a_city_of_a_million():
    # "Bush" is also a town of 136,000 in Egypt: nothing in the text names that person,
    # yet a town under a million people "saying" something is a person
    assert texts("Bush said the county would repave Main Street in Gainesville next "
                 "spring.") == ["Gainesville"]
    assert texts("Houston said the council would vote on the budget on Tuesday.") == [
        "Houston"]
    # a town of 100,000 or more set off by commas before the verb stays a place (a
    # member's district)
    assert "Evansville" in texts("Representative Jane Doe, Republican, Evansville, told "
                                 "reporters the bill would pass.")


def test_a_given_name_before_a_surname_particle_is_no_place():
    # Dennis is a town in Massachusetts and another in Texas
    assert texts("Beekeepers asked Dennis van Engel, the county's apiary inspector, about "
                 "the hives near Ocala.") == ["Ocala"]
    # a place's own name holding a particle is still matched whole
    assert texts("The fair moved from Ocala to Rio de Janeiro.") == ["Ocala", "Rio de Janeiro"]


@pytest.mark.parametrize(("text", "expected"), [
    # Ripley is a town in Tennessee and in England, Hughes one in Arkansas
    ("The team lost again, and coach Ripley blamed the defense after the game at "
     "Gainesville.", ["Gainesville"]),
    ("The company hired spokesman Hughes to answer questions about the plant in Tampa.",
     ["Tampa"]),
    # a large town after a role word stays ("the mayor Tampa elected" is no person)
    ("Voters chose a new mayor Tuesday; Tampa elected its first woman to the job.",
     ["Tampa"]),
])
def test_a_name_after_a_role_written_in_lower_case_is_a_person(text, expected):
    assert texts(text) == expected


def test_a_descriptor_many_towns_list_as_an_alternate_name_is_no_town():
    # GeoNames lists "Old Town" under Las Vegas, Baltimore and quarters of Prague and
    # Stockholm: a quarter's descriptor, not Las Vegas
    found = places("Police closed two blocks of Old Town on Saturday after a shooting, "
                   "Alexandria officials said.")
    assert all(p["name"] != "Las Vegas" for p in found)
    # a town bearing such a name as its own keeps it where the text places it
    assert [p["name"] for p in places("Old Town, Maine, voted on the new school budget on "
                                      "Tuesday.")][:1] == ["Old Town"]


@pytest.mark.parametrize(("text", "name", "code"), [
    # a well-known place's own article, capitalised mid-sentence, does not glue its name
    # into a longer unknown one
    ("Talks were held in The Hague on Monday.", "Hague", "NL"),
    ("Floods hit The Gambia and Senegal.", "Gambia", "GM"),
    ("Storms struck The Bahamas overnight.", "Bahamas", "BS"),
])
def test_a_capitalised_article_before_a_place_s_name(text, name, code):
    found = {p["text"]: p for p in places(text)}
    assert found[name]["country_code"] == code


@pytest.mark.parametrize("text", [
    "He told The Washington Post on Monday.",  # a newspaper: the name runs on
    "The rally was reported by The Star in Kenya.",  # a hamlet's name, no well-known place
])
def test_a_capitalised_article_before_a_title_is_no_place(text):
    assert texts(text)[:1] != ["Washington"] and "Star" not in texts(text)


@pytest.mark.parametrize(("text", "state"), [
    ("Sen. Ann Poe, R-Texas, voted against the bill.", "Texas"),
    ("Rep. Al Coe (D-Calif.) voted for it.", "California"),
    ("Sen. Bo Roe, R-New Mexico, abstained.", "New Mexico"),
])
def test_a_party_initial_before_a_state_names_the_members_state(text, state):
    found = places(text)
    assert [(p["name"], p["kind"]) for p in found] == [(state, "admin1")]


@pytest.mark.parametrize(("text", "town", "lat", "lon", "state"), [
    ("A storm hit Athens, Ga., and moved east.", "Athens", 33.96, -83.38, "Georgia"),
    ("Protests in York, Pa., grew on Sunday.", "York", 39.96, -76.73, "Pennsylvania"),
    ("Officials in Paris, Ky., said the roads were closed.", "Paris", 38.21, -84.25,
     "Kentucky"),
    ("Officials in Columbia, Mo. said it.", "Columbia", 38.95, -92.33, "Missouri"),
    ("The mayor of Monroe, La., spoke first.", "Monroe", 32.51, -92.12, "Louisiana"),
])
def test_a_two_letter_state_abbreviation_after_a_town_qualifies_it(text, town, lat, lon,
                                                                    state):
    # AP style: the period is no part of the token and "La" is a word too; without the
    # state, Athens went to Greece, York to Ontario, Paris to France
    found = {p["text"]: p for p in places(text)}
    assert (found[town]["lat"], found[town]["lon"]) == pytest.approx((lat, lon), abs=0.05)
    assert [p["name"] for p in found.values() if p["kind"] == "admin1"] == [state]


@pytest.mark.parametrize(("text", "town", "lat", "lon"), [
    ("The Kansas House passed the bill. Hays residents protested.", "Hays", 38.88, -99.33),
    ("Roads in Texas were closed after the storm. Tyler officials warned drivers.", "Tyler",
     32.35, -95.3),
    ("Springfield police said the suspect fled. Illinois troopers joined the search.",
     "Springfield", 39.8, -89.64),
])
def test_a_town_opening_a_sentence_before_its_people_is_a_place(text, town, lat, lon):
    # local news: "X residents", "X police", "X officials" at a sentence start
    found = {p["text"]: p for p in places(text)}
    assert (found[town]["lat"], found[town]["lon"]) == pytest.approx((lat, lon), abs=0.05)


@pytest.mark.parametrize("text", ["Health officials said the outbreak had ended.",
                                  "Riot police fired tear gas."])
def test_a_common_word_before_officials_is_no_place(text):
    assert places(text) == []


@pytest.mark.parametrize(("text", "lat", "lon"), [
    ("ROME, Ga. (AP) — A man was arrested in Floyd County.", 34.26, -85.16),
    ("WACO, Texas (AP) — A fire destroyed a barn.", 31.55, -97.15),
    ("Storm damage\nBATH, England, Jan. 5 (Reuters) - Roads were closed.", 51.38, -2.36),
    ("AMES, Iowa — The university closed.", 42.03, -93.62),
])
def test_a_short_town_name_in_capitals_opening_a_dateline_is_the_town(text, lat, lon):
    # four letters or fewer in capitals are otherwise read as an abbreviation
    found = places(text)[0]
    assert (found["lat"], found["lon"]) == pytest.approx((lat, lon), abs=0.05)


def test_a_short_word_in_capitals_opening_a_line_without_a_dateline_is_no_town():
    assert places("NATO said on Monday that it would meet.") == []


def test_ambiguous_names_read_near_each_other_vouch_for_each_other():
    # no state named and no name unambiguous: Manchester, Nashua and Concord are all
    # namesakes, but only New Hampshire holds all three (Manchester was Jamaica's parish,
    # Concord the Californian city)
    text = ("Voters in Manchester and Nashua backed the measure. Concord officials said "
            "turnout was high.")
    found = {p["text"]: p for p in places(text)}
    assert {name: (p["country_code"], round(p["lat"]), round(p["lon"]))
            for name, p in found.items()} == {"Manchester": ("US", 43, -71),
                                             "Nashua": ("US", 43, -71),
                                             "Concord": ("US", 43, -72)}


def test_famous_towns_named_together_keep_their_readings():
    found = {p["text"]: p["country_code"]
             for p in places("Flights from Paris and London were cancelled.")}
    assert found == {"Paris": "FR", "London": "GB"}


@pytest.mark.parametrize("text", [
    "The charity's branch, Children's Homes Sudan, reports that the camps are calm.",
    "Taco Bell Canada recalled green onions from its restaurants.",
])
def test_a_country_closing_an_organisation_s_name_is_a_place(text):
    # the branch's country: annotated as a place in news corpora
    assert [p["kind"] for p in places(text) if p["text"] in ("Sudan", "Canada")] == [
        "country"]


def test_a_country_opening_a_longer_name_stays_part_of_it():
    assert "Canada" not in texts("Canada Goose jackets sold out.")


@pytest.mark.parametrize(("text", "town", "lat", "lon", "state"), [
    ("A fire in Paris, TX destroyed three homes.", "Paris", 33.66, -95.56, "Texas"),
    ("He lives in Athens, GA now.", "Athens", 33.96, -83.38, "Georgia"),
    ("Salem, OR police said the road was closed.", "Salem", 44.94, -123.04, "Oregon"),
    ("Lafayette, IN officials said.", "Lafayette", 40.42, -86.88, "Indiana"),
    ("Kelowna, BC residents were evacuated.", "Kelowna", 49.88, -119.49,
     "British Columbia"),
])
def test_a_postal_code_after_a_town_is_its_state(text, town, lat, lon, state):
    # "City, ST" in US and Canadian local news: Paris went to France, Athens to Greece,
    # Salem to Jerusalem (one of its other names)
    found = {p["text"]: p for p in places(text)}
    assert (found[town]["lat"], found[town]["lon"]) == pytest.approx((lat, lon), abs=0.05)
    assert [p["name"] for p in found.values() if p["kind"] == "admin1"] == [state]


@pytest.mark.parametrize(("text", "town", "lat", "lon"), [
    ("The fair in Mexico, Mo., drew a crowd.", "Mexico", 39.17, -91.88),
    ("Teams came from Cairo, IL; Lebanon, PA; and Berlin, NH.", "Berlin", 44.47, -71.19),
    ("Offices in Vienna, Va., Paris, Tenn., and Delhi, N.Y., will close.", "Delhi", 42.28,
     -74.92),
    ("Teams came from Paris, Texas, and Mexico, Missouri.", "Mexico", 39.17, -91.88),
])
def test_a_town_named_for_a_state_abroad_is_qualified_by_its_us_state(text, town, lat, lon):
    # Mexico, Berlin, Delhi and Moscow are also first-level units of their countries: a
    # state of another country after them is no list of states ("Nevada, Utah")
    found = {p["text"]: p for p in places(text)}
    assert (found[town]["lat"], found[town]["lon"]) == pytest.approx((lat, lon), abs=0.05)


@pytest.mark.parametrize(("text", "towns"), [
    ("Florida deputies closed the road. Residents of High Springs and Newberry were "
     "told to stay home.", {"High Springs": (29.83, -82.6), "Newberry": (29.65, -82.61)}),
    ("Virginia troopers closed the road. Residents of Dumfries and Occoquan were told to "
     "stay home.", {"Dumfries": (38.57, -77.33), "Occoquan": (38.68, -77.26)}),
])
def test_small_towns_of_a_state_named_by_a_name_shared_abroad_are_found(text, towns):
    # the state's name says nothing of its country (a Uruguayan department; towns in
    # South Africa and Minnesota), and small towns are eligible only inside the
    # article's scope: Newberry was dropped, Dumfries was Scotland's, before the named
    # state could put them in it
    found = {p["text"]: (p["lat"], p["lon"]) for p in places(text)}
    for town, point in towns.items():
        assert found[town] == pytest.approx(point, abs=0.05)


def test_a_small_town_with_no_state_or_country_named_stays_unplaced():
    assert texts("People in Newberry voted.") == []


def test_a_state_heading_an_office_of_something_is_the_state():
    # "Florida Department" is also a department of Uruguay (GeoNames' name for it)
    found = places("The Florida Department of Health counted 12 cases.")
    assert [(p["text"], p["country_code"]) for p in found] == [("Florida", "US")]


def test_a_department_of_a_named_country_stays_the_department():
    found = places("The town lies in the Santa Cruz Department of Bolivia.")
    assert [(p["text"], p["kind"]) for p in found] == [
        ("Santa Cruz Department", "admin1"), ("Bolivia", "country")]


@pytest.mark.parametrize(("text", "town", "lat", "lon"), [
    ("Police met marchers in Islamabad (Islamabad, Islamabad Capital Territory) on Friday.",
     "Islamabad", 33.72, 73.04),
    ("Shells fell on Kharkiv (Kharkiv, Kharkiv Oblast) overnight.", "Kharkiv", 49.98, 36.25),
])
def test_a_bracket_repeating_the_name_is_no_qualifier(text, town, lat, lon):
    # Islamabad was once also a name of Chattogram's division: the repeated name in the
    # bracket must not qualify the first one; the province after it does
    for found in places(text):
        if found["text"] == town:
            assert (found["lat"], found["lon"]) == pytest.approx((lat, lon), abs=0.1)


def test_states_of_one_country_in_a_row_are_a_list():
    found = places("Floods hit Queensland, New South Wales and Victoria.")
    assert [p["kind"] for p in found] == ["admin1"] * 3


@pytest.mark.parametrize(("text", "codes"), [
    ("The chain has stores in IN, KY and OH.", ["IN", "KY", "OH"]),
    ("Candidates filed in OH, IN, MI and IL.", ["OH", "IN", "MI", "IL"]),
    ("Offices in ON, BC and AB closed.", ["ON", "BC", "AB"]),
])
def test_a_list_of_postal_codes_names_those_states(text, codes):
    found = places(text)
    assert [p["text"] for p in found] == codes
    assert all(p["kind"] == "admin1" for p in found)


@pytest.mark.parametrize("text", ["OH, OK, I see.", "Offices in ON, IN and OH."])
def test_two_postal_codes_or_codes_of_two_countries_are_no_list_of_states(text):
    assert places(text) == []


@pytest.mark.parametrize("text", ["Tell me, OK?", "Ask Smith, IN Jones said."])
def test_a_postal_code_without_a_town_before_it_is_no_state(text):
    assert places(text) == []


def test_a_town_opening_a_sentence_in_a_list_with_a_longer_name_is_a_place():
    # the second item has two words: "Chapel" alone is no name of the index
    found = texts("Durham and Chapel Hill schools closed as snow fell on Raleigh.")
    assert found == ["Durham", "Chapel Hill", "Raleigh"]


def test_a_county_beside_the_article_s_town_is_that_town_s_county():
    # Montgomery County, Maryland is the most populous of the name; beside Dayton (its
    # seat, in Ohio) the text means Ohio's
    found = {p["text"]: p for p in places(
        "Officials in Dayton said. The Montgomery County coroner identified the victim.")}
    county = found["Montgomery County"]
    assert (county["lat"], county["lon"]) == pytest.approx((39.78, -84.25), abs=0.1)


def test_the_second_of_a_located_pair_before_a_speech_verb_is_a_place():
    # "in Dayton and Kettering said": the officials are in both towns; a surname after
    # "and" with no locative before the pair stays a person
    assert texts("Officials in Dayton and Kettering said the roads were closed.") == [
        "Dayton", "Kettering"]
    assert texts("Talks in Kabul ended. Obama and Karzai said no.") == ["Kabul"]


def test_a_name_before_a_sentence_end_is_not_glued_to_the_next_sentence_s_name():
    # "Iowa City. Linn County officials": the county opens another sentence, it does not
    # make "Iowa City" the head of an organisation's name (which left "Iowa", the state)
    found = texts("Flooding closed roads in Cedar Rapids and Iowa City. Linn County "
                  "officials urged caution.")
    assert found == ["Cedar Rapids", "Iowa City", "Linn County"]


@pytest.mark.parametrize("text", ["Bob Mo. said it.", "We met Pa. He was tired."])
def test_a_two_letter_abbreviation_without_a_town_before_it_is_no_state(text):
    assert places(text) == []


@pytest.mark.parametrize(("text", "name", "kind", "lat", "lon"), [
    ("Ice covered Lake Erie by Monday.", "Lake Erie", "water", 42.2, -81.2),
    ("Barges stalled on the Mississippi River near the bridge.", "Mississippi River",
     "water", 35.0, -90.1),
    ("Storms moved across the Midwest overnight.", "Midwest", "region", 42.0, -93.0),
    ("Snow fell across New England on Friday.", "New England", "region", 44.0, -71.5),
])
def test_lakes_rivers_and_regions_the_news_names_are_places(text, name, kind, lat, lon):
    # "New England" is also a town of 600 in North Dakota: the region is meant
    found = next(p for p in places(text) if p["name"] == name)
    assert found["kind"] == kind
    assert (found["lat"], found["lon"]) == pytest.approx((lat, lon), abs=0.01)
    assert found["precision"] in ("water", "subcountry")


@pytest.mark.parametrize(("text", "name", "country"), [
    # first-level units abolished in the last reorganisations, still named by archives
    ("Bird flu was found in Hedmark and Oppland last winter.", "Hedmark", "NO"),
    ("The outbreak spread through Nyanza Province in 2008.", "Nyanza Province", "KE"),
    ("Farmers in Rhône-Alpes lost their crops.", "Rhône-Alpes", "FR"),
])
def test_former_first_level_units_are_places_of_their_country(text, name, country):
    found = next(p for p in places(text) if p["text"] == name)
    assert (found["country_code"], found["precision"]) == (country, "adm1")


def test_a_mountain_range_is_no_shire_of_its_name():
    found = next(p for p in places("Snow closed the passes of the Pyrenees.")
                 if p["text"] == "Pyrenees")
    assert (found["kind"], found["precision"]) == ("region", "multinational")


def test_a_word_glossed_in_another_language_is_no_common_word():
    # the lower-case "colorado" is Spanish, in a gloss: the state's later mentions at a
    # sentence start stay places
    found = places("Colorado is named for its river (Spanish: colorado, ruddy). Colorado is "
                   "out in the West. A law admitted Colorado to the Union.")
    assert [p["start"] for p in found if p["name"] == "Colorado"] == [0, 60, 104]


def test_a_position_inside_the_glosses_is_found_by_search_as_by_scan() -> None:
    # the glosses' spans come in order and never overlap: a binary search answers as a
    # scan of every span would (which made a text of many brackets quadratic)
    from geomap.extract.places import _inside
    rng = random.Random(34)
    for _ in range(200):
        edges = sorted(rng.sample(range(200), 2 * rng.randint(0, 8)))
        spans = list(zip(edges[::2], edges[1::2], strict=True))
        for position in range(-1, 201):
            assert _inside(spans, position) == any(a <= position < b for a, b in spans)


def test_a_gloss_lends_its_lower_case_to_no_name_in_a_text_of_many_brackets() -> None:
    # "(Spanish: colorado)" at the end of a long text of other brackets still keeps its
    # word out of the text's lower-case words; one outside any gloss still counts
    filler = "A note (Ref: item, page). " * 400
    found = places(filler + "Colorado is named for its river (Spanish: colorado, ruddy). "
                   "Colorado is out in the West.")
    assert [p["name"] for p in found].count("Colorado") == 2


def test_a_word_written_in_lower_case_with_other_letters_is_no_common_word():
    # "montaña" is not "Montana": a word is common when the text writes it so, as spelled
    assert texts("The name comes from the Spanish word montaña. Montana has many "
                 "nicknames.") == ["Spanish", "Montana"]
    assert texts("They were reading the report. Reading was quiet.") == []


def test_a_name_the_text_situates_is_a_place_opening_any_later_sentence():
    found = places("Harmony is a village in Butler County, Pennsylvania. Harmony grew after "
                   "the railway came.")
    assert [(p["text"], p["start"]) for p in found if p["text"] == "Harmony"] == [
        ("Harmony", 0), ("Harmony", 53)]


def test_a_name_the_text_situates_stays_a_place_though_written_in_lower_case_too():
    text = ("Summit is a borough in Union County, New Jersey. Snow covered the summit of "
            "the hill. The railway reached Summit in 1837.")
    assert [p["start"] for p in places(text) if p["text"] == "Summit"] == [0, 106]
    # without the statement the capitalised word is the common one
    assert texts("Snow covered the summit of the hill. The railway reached Summit in "
                 "1837.") == []


def test_a_town_opening_a_sentence_before_its_settlement_noun_is_a_place():
    found = places("Cases rose across the province. Kaduna city alone has 400 of them.")
    assert [(p["text"], p["country_code"]) for p in found] == [("Kaduna", "NG")]


def test_a_state_named_like_its_countrys_capital_is_the_capital_in_a_story_from_abroad():
    # the state of Washington was read, and then Geneva, Washington, by the state's bonus
    found = {p["text"]: p for p in places(
        "China said on Tuesday that talks with Washington would resume in Geneva.")}
    assert (found["Washington"]["lat"], found["Washington"]["lon"]) == pytest.approx(
        (38.9, -77.0), abs=0.1)
    assert found["Geneva"]["country_code"] == "CH"


def test_a_state_named_like_its_countrys_capital_stays_the_state_at_home():
    found = places("Seattle is the largest city in Washington. Spokane lies in eastern "
                   "Washington.")
    assert [p["kind"] for p in found if p["text"] == "Washington"] == ["admin1", "admin1"]


def test_a_region_is_not_left_to_a_hamlet_of_its_name():
    # GeoNames lists villages named Xinjiang with no population: the region is meant
    found = places("Violence flared in Xinjiang on Monday.")
    assert [(p["text"], p["kind"]) for p in found] == [("Xinjiang", "admin1")]


def test_a_provinces_short_name_borne_by_its_large_town_is_the_town():
    # GeoNames spells the city Mykolayiv and gives "Mykolaiv" as an alternate name only;
    # Mykolaivska oblast is known by the short name too: the city of 470,000 is meant
    [found] = places("Drones hit Mykolaiv overnight.")
    assert (found["name"], found["precision"]) == ("Mykolayiv", "exact")
    [event] = extract_text("Shelling killed two people in the Mykolaiv region.").to_json()[
        "events"]
    assert (event["place"], event["precision"]) == ("Mykolaivska oblast", "adm1")
    # the Russian spelling names both only as alternate names: still the city
    [found] = places("Drones hit Kharkov overnight.")
    assert (found["name"], found["precision"]) == ("Kharkiv", "exact")
    # a province named by its own full name stays the province
    [found] = places("The storm reached New York on Monday.")
    assert (found["name"], found["precision"]) == ("New York", "adm1")


@pytest.mark.parametrize(("text", "expected"), [
    # initials with a dot after each letter are no state's abbreviation written otherwise
    # ("La." is Louisiana's): a major city's initials
    ("Flights to L.A. were delayed Friday.", [("L.A.", "Los Angeles", "populated_place")]),
    # ... while a state's abbreviation written so stays the state
    ("A man from Columbia, S.C. was arrested.",
     [("Columbia", "Columbia", "populated_place"), ("S.C.", "South Carolina", "admin1")]),
    ("He moved to Monroe, La. last year.",
     [("Monroe", "Monroe", "populated_place"), ("La", "Louisiana", "admin1")]),
])
def test_initials_name_a_major_city_unless_a_state_is_written_so(text, expected):
    assert [(p["text"], p["name"], p["kind"]) for p in places(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a county's bare name before a county's office: the index knows "Broward County" only
    ("Miami schools reopen Monday. Broward schools will stay closed.",
     [("Miami", "Miami"), ("Broward", "Broward County")]),
    ("Deputies said Broward officials were told.", [("Broward", "Broward County")]),
    # a name no county bears, or a demonym, is read as before
    ("Canadian officials said the border was open.", [("Canadian", "Canada")]),
    ("Smithers schools will stay closed.", []),
])
def test_a_county_s_bare_name_before_its_office_is_the_county(text, expected):
    assert [(p["text"], p["name"]) for p in places(text)] == expected


def test_a_capitalised_direction_before_a_state_names_that_part_of_it():
    found = places("Rain flooded roads across North Florida and South Texas on Saturday.")
    assert [(p["text"], p["kind"]) for p in found] == [
        ("North Florida", "region"), ("South Texas", "region")]
    north, south = found
    # the northern third of Florida, the southern third of Texas (asymmetric values)
    assert north["lat"] > 29.5 and -88 < north["lon"] < -80
    assert south["lat"] < 29.5 and -107 < south["lon"] < -93
    # a state whose name holds the direction stays the state
    assert [(p["text"], p["kind"]) for p in places("South Carolina voted.")] == [
        ("South Carolina", "admin1")]


def test_direction_words_read_as_a_unit_abroad_before_a_state_or_country_are_its_part():
    # "South West" and "North East" are also units of Cameroon and Botswana: before
    # England, or Nigeria, they say which part of it: the country's part, as the event
    # locator places it; the whole state, at its point and precision (the thirds of its
    # frame are not the zones a report means)
    found = places("Storms hit Devon in North West England and flooded towns of North "
                   "East England.")
    assert [(p["text"], p["country_code"], p["precision"]) for p in found] == [
        ("Devon", "GB", "adm2"), ("North West England", "GB", "adm1"),
        ("North East England", "GB", "adm1")]
    [south_west] = places("Farmers in South West Nigeria lost their crops.")
    assert (south_west["text"], south_west["precision"], south_west["country_code"]) == (
        "South West Nigeria", "subcountry", "NG")
    assert south_west["lat"] < 9 and south_west["lon"] < 6  # the south-western third
    # a name holding the direction stays one place
    assert [p["text"] for p in places("He flew from South Korea to South Sudan.")] == [
        "South Korea", "South Sudan"]


def test_a_direction_and_a_state_of_the_story_is_no_territory_far_off():
    # "South Georgia" is also the South Atlantic island; a story of Valdosta means Georgia
    found = places("Rain flooded North Florida and South Georgia. In Valdosta, crews "
                   "closed roads.")
    georgia = next(p for p in found if p["text"] == "South Georgia")
    assert georgia["country_code"] == "US" and 30 < georgia["lat"] < 33
    # ... each time the story names it
    found = places("South Georgia farmers met in Valdosta. Rain fell on South Georgia.")
    assert [p["country_code"] for p in found if p["text"] == "South Georgia"] == ["US", "US"]
    # with nothing of the United States in the story, the island stays
    [island] = places("Rats have been cleared from South Georgia.")
    assert (island["text"], island["country_code"]) == ("South Georgia", "GS")
    # after a verb that is no locative the whole name is read all the same: the part of
    # the state in a story of Georgia's towns, never the country in the Caucasus
    found = places("The storm reached South Georgia overnight and flooded Valdosta.")
    assert [(p["text"], p["country_code"]) for p in found] == [
        ("South Georgia", "US"), ("Valdosta", "US")]
    [island] = places("The research ship reached South Georgia after a week at sea.")
    assert (island["text"], island["country_code"]) == ("South Georgia", "GS")


@pytest.mark.parametrize(("text", "expected"), [
    # a name's first word standing alone after a locative is a large town of that name
    ("The doctor of the hospital in Van where he was treated said so.", ["Van"]),
    # an organisation's acronym before a well-known place is the office there
    ("We only need to send the samples to CDC Atlanta for tests.", ["Atlanta"]),
    # a racecourse, a speedway, a showground named after a town: the town is named
    ("Four horses at Randwick Racecourse in Sydney fell ill.", ["Randwick", "Sydney"]),
    # a name prefix before another name is not read alone
    ("The band played in Van Nuys on Friday.", ["Van Nuys"]),
])
def test_names_beside_organisation_words_and_acronyms(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an organisation named after a family: "Duke" is only other towns' alternate name
    ("The trial ran at Duke University Hospital, North Carolina, last year.",
     ["North Carolina"]),
    # ... or placed where no town of its name lies: a hamlet in Wisconsin, 1,000 km off;
    # namesakes in New Jersey and elsewhere, none in California
    ("She teaches biology at Cornell University in Ithaca, New York.",
     ["Ithaca", "New York"]),
    ("Pupils of Garfield Middle School in Bakersfield, California, fell ill after lunch.",
     ["Bakersfield", "California"]),
])  # fmt: skip
def test_a_name_heading_an_organisation_placed_elsewhere_is_no_place(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the organisation stands in a place of its name
    ("A surgeon at Bozeman Health Deaconess Hospital in Bozeman, Montana, treated him.",
     ["Bozeman", "Bozeman", "Montana"]),
    ("A nurse at Waltham Hospital in Massachusetts said the ward was full.",
     ["Waltham", "Massachusetts"]),
])  # fmt: skip
def test_a_name_heading_an_organisation_in_a_place_of_its_name_stays(text, expected):
    assert texts(text) == expected


def test_a_town_name_before_river_in_lower_case_names_the_river():
    # the city of Dnipro lies 300 km up the river from these boats
    assert "Dnipro" not in texts("On 4 May 2024, Russian forces shelled boats on the "
                                 "Dnipro river.")
    # a province named after its river, which no town shares, stays
    assert "Mono" in texts("On 4 May 2024, gunmen killed three fishermen on the Mono river.")
    # a river's name the gazetteer holds as water is the river
    assert "Niger" in texts("Gunmen killed two fishermen on the Niger river near Mopti.")


@pytest.mark.parametrize(("text", "expected"), [
    # a team's singular nickname names its town, with or without an article
    ("The Tampa Bay Lightning will play at home on Friday.", ["Tampa"]),
    ("Tampa Bay Lightning beat the Boston Bruins on Saturday.", ["Tampa", "Boston"]),
    ("The Miami Heat lost at home.", ["Miami"]),
    # a nickname before another capitalised word is part of a longer name
    ("A Miami Heat Wave is expected.", []),
])
def test_a_team_s_singular_nickname_names_its_town(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a capitalised word after a lower-case prefix and a hyphen modifies the name after it
    ("Aid will go to sub-Saharan Africa next year.", ["Africa"]),
    # a province heads its provincial offices and roads
    ("He was stopped on Ontario Provincial Highway 11 near Barrie.", ["Ontario", "Barrie"]),
])
def test_a_hyphenated_modifier_or_a_provincial_office_leaves_the_name(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a country's adjective before a place's name is no part of that name
    ("Troops entered the Syrian Idlib province on Monday.", ["Syrian", "Idlib"]),
    ("The governor of the south Sudanese Warab state spoke.", ["Sudanese", "Warab"]),
    # a name that holds the adjective is read whole
    ("The British Columbia premier met the press.", ["British Columbia"]),
])
def test_a_country_s_adjective_before_a_name_leaves_the_name(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # before an office only a county has, a town's name also reads as its county, and the
    # story's towns choose among the namesakes
    ("Hillsborough deputies said the crash happened in Brandon.",
     [("Hillsborough", "Hillsborough County", 28, -82), ("Brandon", "Brandon", 28, -82)]),
    ("Marion deputies arrested a man in Ocala.",
     [("Marion", "Marion County", 29, -82), ("Ocala", "Ocala", 29, -82)]),
    # a name with no county of its name stays the place
    ("Chicago deputies arrested a man.", [("Chicago", "Chicago", 42, -88)]),
])
def test_a_town_s_name_before_a_sheriff_s_office_may_be_the_county(text, expected):
    found = [(p["text"], p["name"], round(p["lat"]), round(p["lon"])) for p in places(text)]
    assert found == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a country's own name before a disease word is where the disease spreads
    ("With the United States flu season under way, doctors urged shots.", ["United States"]),
    # a town's name or a demonym before one is the disease's name
    ("The Marburg virus and the Spanish flu are deadly.", []),
])
def test_a_country_s_name_before_a_disease_word_is_the_country(text, expected):
    assert texts(text) == expected


def test_a_settlement_noun_ending_a_name_before_a_large_town_leaves_the_town():
    # "Children's Village" is the organisation's; the town of 160,000 is where it stands
    assert texts("The situation in SOS Children's Village Malakal is stable.") == ["Malakal"]


@pytest.mark.parametrize("text", [
    "Hospitals in Sheffield and Leeds expect more patients in Wales and in England.",
    "Rotherham and Sheffield in England were flooded; lines between England and Wales closed.",
])  # fmt: skip
def test_a_name_joined_to_a_state_is_a_state_of_that_country(text):
    # Wales is also a village near Sheffield, in England: the named state does not make
    # it the village
    wales = next(p for p in places(text) if p["text"] == "Wales")
    assert (wales["kind"], wales["country_code"]) == ("admin1", "GB")


@pytest.mark.parametrize("text", [
    "Flooding hit Sheffield and Leeds in England, and the storm moved on to southeastern Wales.",
    "Flooding in Sheffield, England spread to South Wales.",
])  # fmt: skip
def test_a_direction_before_a_states_name_is_a_part_of_the_state(text):
    wales = next(p for p in places(text) if p["text"].endswith("Wales"))
    assert wales["kind"] != "populated_place" and wales["lat"] < 53.0


def test_a_small_town_joined_to_a_state_of_its_own_state_stays_a_town():
    # a town inside the state of its name is no reason to read the state
    found = _resolved("Fishermen from Guánica and Cabo Rojo fished off La Parguera.")
    assert found[0][:2] == ("Guánica", "populated_place")


def test_a_union_of_states_after_a_locative_is_the_area_it_covers():
    found = places("Sweden became the ninth country in the EU to confirm the flu; the EU "
                   "then agreed new rules.")
    assert [(p["text"], p["kind"]) for p in found] == [
        ("Sweden", "country"), ("EU", "region")]  # the second EU is the organisation
    assert places("Prices rose across the European Union.")[0]["name"] == "European Union"


@pytest.mark.parametrize(("text", "name", "unit", "kind"), [
    ("Fighting spread to the provinces of Idlib and Hama.", "Idlib", "Idlib", "admin1"),
    ("Rain fell in the states of Kano and Kaduna overnight.", "Kaduna", "Kaduna", "admin1"),
    ("Schools closed in Hillsborough and Palm Beach counties.", "Palm Beach",
     "Palm Beach County", "admin2"),
    ("Cholera was found in the provinces of Nyanza and Rift Valley.", "Nyanza",
     "Nyanza Province", "region"),
])  # fmt: skip
def test_a_list_a_plural_area_noun_opens_or_closes_is_a_list_of_units(text, name, unit, kind):
    found = next(p for p in places(text) if p["text"] == name)
    assert (found["name"], found["kind"]) == (unit, kind)


@pytest.mark.parametrize("text", [
    "The flu spread across 30 provinces and regions of China.",
    "Unlike most Ohio counties, the county has no sheriff.",
])  # fmt: skip
def test_the_country_or_state_holding_the_units_stays_itself(text):
    assert places(text)[0]["kind"] in ("country", "admin1")


@pytest.mark.parametrize("text", [
    "Schools closed in Broward and Palm Beach counties on Monday.",
    "Schools closed in the counties of Broward and Palm Beach on Monday.",
])  # fmt: skip
def test_a_bare_name_in_a_list_of_counties_is_the_county(text):
    # "Broward" names no place of its own: in a list of counties it is Broward County
    assert [(p["text"], p["name"]) for p in places(text)] == [
        ("Broward", "Broward County"), ("Palm Beach", "Palm Beach County")]


def test_a_bare_name_outside_a_county_list_stays_unread():
    assert places("Broward said the schools would reopen.") == []


def _state_of(text: str, name: str) -> tuple[str, str, str]:
    """The kind, country and ISO 3166-2 state (or '') a name of ``text`` is placed in."""
    found = next(p for p in extract_text(text).places if p.text == name)
    entry = found.entry
    assert entry is not None and found.place is not None
    return found.place.kind.value, entry.country_code or "", entry.admin1 or ""


@pytest.mark.parametrize(("text", "name", "expected"), [
    # a state's name before a kind of settlement is the state, not the river or the country
    ("Officers in the Georgia city of Rome arrested a man.", "Georgia",
     ("admin1", "US", "US-GA")),
    ("Officers in the Georgia city of Rome arrested a man.", "Rome",
     ("populated_place", "US", "US-GA")),
    ("The Ohio city said it would pay, and Stark County agreed.", "Ohio",
     ("admin1", "US", "US-OH")),
    ("An Ohio town voted to close its pool.", "Ohio", ("admin1", "US", "US-OH")),
])  # fmt: skip
def test_a_state_before_a_settlement_noun_is_the_state(text, name, expected):
    assert _state_of(text, name) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Where the Ohio meets the Mississippi, the county seat sits.", ["water", "water"]),
    ("The Mali town of Gao was attacked.", ["country", "populated_place"]),
    ("The Georgian city of Batumi hosted the talks.", ["country", "populated_place"]),
])  # fmt: skip
def test_a_river_a_country_or_a_demonym_before_a_noun_stay_themselves(text, expected):
    assert [p["kind"] for p in places(text)] == expected


@pytest.mark.parametrize(("text", "name", "expected"), [
    # "City" opens the office's name: the council is Rome's, not Rome City's (Indiana)
    ("The Rome City Commission voted Tuesday; Floyd County will pay for the road.", "Rome",
     ("populated_place", "US", "US-GA")),
    ("The Dublin City Council voted 5-2; Franklin County and Ohio will pay.", "Dublin",
     ("populated_place", "US", "US-OH")),
    # ... unless the whole name is the larger town
    ("The Kansas City Council met on Tuesday.", "Kansas City",
     ("populated_place", "US", "US-MO")),
    ("The Carson City Council met on Tuesday.", "Carson City",
     ("populated_place", "US", "US-NV")),
])  # fmt: skip
def test_a_town_before_its_city_council_is_that_town(text, name, expected):
    assert _state_of(text, name) == expected


def test_a_town_named_as_a_country_near_the_story_s_sure_towns_is_the_town():
    # Tennessee is never named: the story's sure towns lie in it
    text = ("Lebanon police closed a street after a gas leak. Wilson County schools in "
            "Mt. Juliet kept students inside; the city is 30 miles east of Nashville.")
    assert _state_of(text, "Lebanon") == ("populated_place", "US", "US-TN")
    assert _state_of("Israel struck Lebanon. Protesters marched in Pittsburgh and "
                     "Philadelphia.", "Lebanon")[0] == "country"


def test_the_city_of_a_country_s_name_is_a_town():
    text = ("The City of Mexico will hold a hearing on water rates. Audrain County "
            "residents are not affected, Missouri regulators said.")
    assert _state_of(text, "Mexico") == ("populated_place", "US", "US-MO")
    # "Town" of "the Town of" is no place of its own
    assert texts("The Town of Paris in Henry County, Tenn., will vote.") == [
        "Paris", "Henry County", "Tenn"]


def test_a_township_is_read_as_the_towns_of_its_name():
    # no Hamilton in New Jersey in the index: placed at the state the text names, never
    # at Hamilton, Ohio
    found = places("A crash closed Route 33 in Hamilton Township, N.J., on Friday.")
    assert [(p["text"], p["country_code"]) for p in found] == [
        ("Hamilton Township", "US"), ("N.J.", "US")]
    assert found[0]["lat"] == pytest.approx(found[1]["lat"], abs=0.01)
    # a township in the address of a statement is passed over, as before
    assert _state_of("Spencer is a town in Washington Township, Owen County, Indiana.",
                     "Spencer") == ("populated_place", "US", "US-IN")


@pytest.mark.parametrize(("text", "name", "state"), [
    ("Canton Police said officers would patrol the park. Stark County deputies will "
     "help, and North Canton and Massillon will send officers.", "Canton", "US-OH"),
    ("Police in Cambridge arrested two men near the square. Middlesex County "
     "prosecutors charged them.", "Cambridge", "US-MA"),
])  # fmt: skip
def test_of_two_namesakes_near_the_story_the_nearer(text, name, state):
    assert _state_of(text, name)[2] == state


@pytest.mark.parametrize(("text", "expected"), [
    ("Traffic on US 60 toward Lexington, Ky., will be slow.", ["Lexington", "Ky"]),
    ("The crash closed U.S. 441 near Ocala.", ["Ocala"]),
    ("U.S. troops left in 2021.", ["U.S."]),
    ("Jackson water was restored on Wednesday.", ["Jackson"]),
    ("Topeka roads were icy on Monday.", ["Topeka"]),
])  # fmt: skip
def test_federal_highways_and_a_town_s_public_services(text, expected):
    assert texts(text) == expected


def test_a_statement_refines_a_town_placed_at_its_state():
    # no Cuba in Kansas in the index: "Cuba, Kansas" alone is placed at the state; the
    # statement of its county places every mention there
    text = ("Cuba is a small town in Republic County, Kansas, near the Nebraska line. "
            "Farmers drove to the fair in Cuba, Kansas, last week, and the town of Cuba "
            "hopes to grow.")
    found = [p for p in places(text) if p["text"] == "Cuba"]
    assert len(found) == 3
    assert all(p["lat"] == pytest.approx(39.8, abs=0.2) for p in found)


def test_a_clause_after_a_capital_s_state_ends_its_address():
    text = ("Monterey is a city in California. For decades Monterey was the capital of "
            "Alta California under Spain.")
    assert [_state_of(text, "Monterey")[2]] == ["US-CA"]


@pytest.mark.parametrize(("text", "names", "state"), [
    # a county and a small town of its name's readings lie together: both are that state's
    ("Lancaster County deputies said the buggy was hit on Route 30 near Strasburg.",
     ("Lancaster County", "Strasburg"), "US-PA"),
    # ... not where a larger town bears the name (Kettering, Ohio, beside Dayton; not the
    # small Kettering of Maryland beside its Montgomery County)
    ("Dayton Police said officers found the car in Kettering. Montgomery County Coroner "
     "Gus Ferrell said the man died.", ("Kettering", "Montgomery County"), "US-OH"),
])  # fmt: skip
def test_a_county_and_a_small_town_in_it_vouch_for_each_other(text, names, state):
    assert [_state_of(text, name)[2] for name in names] == [state, state]


@pytest.mark.parametrize("text", [
    "Sparks is an unincorporated community that is located in Baltimore County, Maryland.",
    "Sparks is a small community which lies in Baltimore County, Maryland, north of the city.",
])  # fmt: skip
def test_a_statement_may_open_with_a_relative_clause(text):
    # no Sparks in Maryland in the index: placed in Baltimore County, not at Sparks, Nevada
    assert _state_of(text, "Sparks")[1:] == ("US", "US-MD")


def test_a_name_does_not_vouch_for_its_own_country():
    # Egypt was in the story's countries only through "Cairo" itself: the small town by
    # the story's Illinois anchors is meant
    text = ("Cairo officials said the levee near Mound City held, and Alexander County "
            "crews checked it.")
    assert _state_of(text, "Cairo") == ("populated_place", "US", "US-IL")
    # ... where another name lies in Egypt, or the story has no other anchor, the capital
    assert _state_of("Protesters gathered in Cairo and Alexandria on Friday.",
                     "Cairo")[1] == "EG"
    assert _state_of("The Cairo summit ended; leaders flew home to Washington and Paris.",
                     "Cairo")[1] == "EG"


@pytest.mark.parametrize("text", [
    "Perry Township trustees voted Monday to buy a fire truck. Stark County will pay "
    "half, and residents of North Canton and Massillon spoke at the meeting.",
    "The Perry Township trustees voted Monday. Stark County and Massillon will help.",
])  # fmt: skip
def test_a_township_opening_a_sentence_or_before_its_board_is_a_place(text):
    # the township word names the unit: before, "Perry" glued to "Township" was part of
    # a longer name and the township was missed
    found = places(text)
    assert found[0]["text"] == "Perry Township"
    assert (found[0]["country_code"], round(found[0]["lat"])) == ("US", 41)


def test_a_township_whose_towns_lie_far_is_put_at_the_story_s_county():
    # no township in the index, and no Jackson within 50 km of Massillon and Green:
    # the county the story names (before, Jackson, Michigan, 290 km away)
    text = ("Stark County health officials said a case of measles was found in Massillon. "
            "Parents in Jackson Township and Green were told to check records.")
    found = next(p for p in places(text) if p["text"] == "Jackson Township")
    assert (found["name"], found["kind"], found["precision"]) == (
        "Stark County", "admin2", "adm2")
    assert _state_of(text, "Jackson Township") == ("admin2", "US", "US-OH")


def test_the_namesake_near_more_of_the_story_s_names_wins():
    # coherence: Springfield beside Swarthmore, Morton and Delaware County (Pennsylvania)
    # beats the one beside a namesake of Morton (Illinois), chosen before
    text = ("Springfield Township police are looking for a man who stole packages. "
            "Neighbors in Morton and Swarthmore shared videos, and Delaware County "
            "detectives are helping.")
    assert _state_of(text, "Springfield Township")[2] == "US-PA"
    # a small town beside three names of the story beats a larger namesake beside one
    text = ("Columbia schools will add two days after the snow. Boone County roads were "
            "icy, and buses from Ashland and Hallsville were late.")
    assert _state_of(text, "Ashland")[2] == "US-MO"


def test_names_a_sure_town_explains_make_no_namesake_pair():
    # Sparta and Livingston each have a namesake in New Jersey near the other's; both
    # also have one beside Cookeville, the story's one sure town: Tennessee's
    text = ("Cookeville lost to Sparta 28-21 on Friday. The team travels to Livingston "
            "next week.")
    assert _state_of(text, "Sparta")[2] == "US-TN"
    assert _state_of(text, "Livingston")[2] == "US-TN"


@pytest.mark.parametrize(("text", "expected"), [
    ("Sparta held off Cookeville 28-21 on Friday.", ["Sparta", "Cookeville"]),
    ("Oxford fell to Tupelo 21-7 on Friday night.", ["Oxford", "Tupelo"]),
    ("Reading held the ball for ten minutes.", []),
])  # fmt: skip
def test_a_town_opening_a_game_s_result_is_its_team(text, expected):
    # a result verb and another name after it: a town's team, no common word
    assert texts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the result verb's object comes later, the score tells a game (missed before)
    ("Kilgore rallied from 17 points down to win 31-28 on Friday.", ["Kilgore"]),
    ("Lufkin rallied in the fourth quarter, winning 21-20.", ["Lufkin"]),
    # no score in the sentence: no game
    ("Reading held the line for an hour.", []),
])  # fmt: skip
def test_a_town_opening_a_sentence_with_a_game_s_score_is_its_team(text, expected):
    assert texts(text) == expected


def test_a_town_s_name_along_the_river_is_no_town():
    # "along the X": a river or a valley of the town's name, 250 km from the town
    assert texts("Flooding is possible along the Chattahoochee near West Point, Ga.") == [
        "West Point", "Ga"]
    # a list after "the" is still towns
    assert texts("Calls go through the Monroe, Middletown and Mason exchanges.") == [
        "Monroe", "Middletown", "Mason"]


def test_a_town_named_like_a_country_beside_two_names_of_the_story():
    # no state named, no sure town: the town of Ohio beside Warren County and Mason (two
    # names of the story) over the country (before: the country, twice)
    text = ("The Lebanon city council met Monday. Residents of Lebanon and nearby Mason "
            "spoke, and Warren County will pay half.")
    assert _state_of(text, "Lebanon") == ("populated_place", "US", "US-OH")


def test_nearby_between_a_locative_and_a_name_leaves_it_located():
    # "and nearby X" (before: missed, "nearby" is no locative)
    assert texts("Families in Franklin and nearby Mason asked for the change.") == [
        "Franklin", "Mason"]


def test_a_landmark_named_after_a_town_is_no_place():
    assert texts("Police broke up a fight outside a bar near Springfield Mall.") == []


@pytest.mark.parametrize(("text", "expected"), [
    # a street or a church whose name goes on past the town's by one word
    ("Crews closed Clyde Park Avenue near Grand Rapids on Tuesday.", ["Grand Rapids"]),
    ("The funeral is at St. Charles Catholic Church in Peru, Ind.", ["Peru", "Ind"]),
    # ... not past an office's word or a day's name
    ("He was stopped on Ontario Provincial Highway 11 near Barrie.", ["Ontario", "Barrie"]),
    ("Flooding in Lebanon Tuesday Road crews cleared it.", ["Lebanon"]),
])  # fmt: skip
def test_a_street_or_church_named_after_a_town_over_two_words_is_no_place(text, expected):
    assert texts(text) == expected


def test_a_county_beside_small_towns_of_two_names_outweighs_a_namesake_pair():
    # Butler County, Monroe and Trenton of Ohio (small towns within 40 km of the county)
    # over Michigan's Monroe and Trenton, larger and near each other (chosen before)
    text = ("Butler County engineers said the work near Monroe and Trenton would cost "
            "$1.2 million.")
    assert _state_of(text, "Monroe")[2] == "US-OH"
    assert _state_of(text, "Trenton")[2] == "US-OH"


def test_a_city_abroad_the_text_calls_a_village_gives_way_to_the_named_area():
    # a district of a capital abroad shares the village's name: the text calls it a village
    # in a Nigerian LGA and state, so the event is in that LGA, not abroad
    [event] = extract_text("On 11 March 2024, bandits abducted 61 residents of Buda village "
                           "in Kajuru LGA (Kaduna state).").to_json()["events"]
    assert event["country_code"] == "NG"


def test_the_coders_coded_to_names_the_events_place():
    # "(coded to X)": the coders say where they put the point, over a place of context
    [event] = extract_text("On 3 June 2025, gunmen killed four farmers in the hills of the "
                           "Sierra region near the border (coded to Comitan), two days after "
                           "talks in Tuxtla Gutierrez.").to_json()["events"]
    assert event["place"] == "Comitán"


def test_the_last_of_a_list_of_places_is_a_place_though_also_a_surname():
    # "A, B and C": a place, though the text names someone "Ellen Troy" (before: the
    # surname rule dropped it)
    assert texts("Utica, Schenectady and Troy will get the most money. Ellen Troy heads "
                 "the office.") == ["Utica", "Schenectady", "Troy"]


def test_the_second_of_a_pair_after_a_place_of_two_words_is_located():
    # "from Rocky Mount and Ferrum asked": located like "in Dayton and Kettering" (before:
    # unlocated, and a name before a speech verb is a person)
    assert texts("Supervisors from Rocky Mount and Ferrum asked for ball fields.") == [
        "Rocky Mount", "Ferrum"]


def test_a_landmark_square_named_after_a_town_is_no_place():
    assert texts("A student was robbed near Fountain Square on Sunday.") == []


def test_a_state_s_own_name_far_from_its_city_is_the_state():
    # the dateline names the state; the story's places lie 150-400 km from the city that
    # bears the state's name as an alternate name: the state (before: the city)
    text = ("ALBANY, N.Y. — New York will spend $300 million to replace lead water pipes in "
            "older cities, state officials said Friday. Utica, Schenectady and Troy will get "
            "the most money. Buffalo and Rochester received similar grants last year. Ellen "
            "Troy, who heads the state's water office, said work in Albany would start first.")
    found = next(p for p in places(text) if p["text"] == "New York")
    assert found["kind"] == "admin1"
    # in a story from the city, beside one of its boroughs, the city stays
    found = places("NEW YORK — Police in Brooklyn said New York would hire 500 officers.")
    assert [p["kind"] for p in found if p["text"] == "New York"] == ["populated_place"]


def test_a_brackets_last_area_qualifies_the_town_past_units_the_gazetteer_lacks():
    # Savanes is a region of Togo and a district of Ivory Coast; the story also names
    # Burkina Faso
    text = ("Six civilians were killed on 9 May 2025 when their car hit a landmine near "
            "Mandouri (Kpendjal prefecture, Savanes region). Officials blamed militants "
            "who cross the border from Burkina Faso.")
    places = {p["text"]: p for p in extract_text(text).to_json()["places"]}
    assert places["Mandouri"]["country_code"] == "TG"
    assert places["Savanes"]["country_code"] == "TG"


@pytest.mark.parametrize(("text", "found"), [
    # a town of 80,000 named like an organisation's head word, after a locative, where
    # the text names its state: the town (missed before)
    ("HARLINGEN, Texas — A truck overturned near Mission, and two people were hurt.", True),
    # ... with no state named, a town that size is no safe reading of the word
    ("A truck overturned near Mission, and two people were hurt.", False),
])  # fmt: skip
def test_an_organisation_word_is_a_town_of_the_state_the_text_names(text, found):
    assert ("Mission" in texts(text)) is found


def test_a_region_s_name_is_the_town_among_the_story_s_towns():
    # Fails before: "Appalachia" was the mountain region 200 km off, though the town of
    # that name lies beside the county and the three towns the story names
    text = ("Wise County supervisors met in Appalachia on Monday. Teachers from Big Stone "
            "Gap, Norton and Coeburn spoke.")
    assert _state_of(text, "Appalachia") == ("populated_place", "US", "US-VA")
    # the region where the story's places do not cluster around the town ...
    assert _state_of("Poverty in Appalachia fell, a report from Charleston, W.Va., said.",
                     "Appalachia")[0] == "region"
    # ... and a name after "the", which towns do not take
    youth = ("Wise County supervisors spoke of jobs in the Appalachia of their youth. "
             "Teachers from Big Stone Gap, Norton and Coeburn spoke.")
    assert _state_of(youth, "Appalachia")[0] == "region"


def test_a_shared_sea_or_region_is_not_the_province_named_after_it():
    # a story about one country whose province bears the name of a sea or a region that
    # several countries share: the sea or the region, unless an area noun follows
    found = {p["text"]: p for p in places(
        "OUAGADOUGOU, Burkina Faso - Burkina Faso's army said it had pushed fighters back "
        "across the Sahel, where the drought has worsened.")}
    assert found["Sahel"]["kind"] == "region" and found["Sahel"]["country_code"] is None
    found = {p["text"]: p for p in places(
        "CAIRO, Egypt - Egypt's ports lost trade as ships avoided the Red Sea, the canal "
        "authority of Egypt said.")}
    assert found["Red Sea"]["kind"] == "water"
    found = {p["text"]: p for p in places(
        "PORT SUDAN, Sudan - Sudan's government moved to Red Sea state after the fighting "
        "in Khartoum.")}
    assert found["Red Sea"]["kind"] == "admin1" and found["Red Sea"]["country_code"] == "SD"


def test_a_district_of_a_country_the_story_never_names_is_no_reading():
    # "X district" in lower case explains a unit of the story's country: a district of
    # that name in a country the story never names is a namesake, not the place
    found = {p["text"]: p for p in places(
        "KATHMANDU, Nepal - Trekkers were stranded by snow in Manang district, Nepal's "
        "tourism board said, and flights to Pokhara were cancelled.")}
    assert "Manang" not in found or found["Manang"]["country_code"] == "NP"
    assert found["Pokhara"]["country_code"] == "NP"



def test_former_names_of_countries_name_them():
    found = {p["text"]: p for p in places(
        "Exports of Ceylon tea rose, and traders from Persia and Siam were named in the "
        "old ledgers.")}
    assert [found[n]["country_code"] for n in ("Ceylon", "Persia", "Siam")] == [
        "LK", "IR", "TH"]


def test_a_name_before_a_word_for_a_stretch_of_land_is_the_area():
    # a jungle, a forest, hills named like a province and a town: the province
    found = {p["text"]: p for p in places(
        "BOGOTA, Colombia - Colombia's migration office said fewer people crossed the "
        "Darien jungle into Panama this year.")}
    assert found["Darien"]["country_code"] == "PA" and found["Darien"]["kind"] == "admin1"


def test_a_natural_feature_named_after_a_known_place():
    # issue 11: a kind word with a place's own name is the feature, at that place's point,
    # as coarse as that point is for it (before: the valley, the mountain and the river
    # were missed, the town and the river's city too)
    found = places("Fighters moved into the Bekaa Valley in eastern Lebanon on Monday. "
                   "Families fled to Mount Sinjar in Iraq. The Kabul River rose in "
                   "Afghanistan.")
    by_text = {p["text"]: p for p in found}
    valley, mountain, river = (by_text["Bekaa Valley"], by_text["Mount Sinjar"],
                               by_text["Kabul River"])
    assert (valley["kind"], valley["precision"], valley["country_code"]) == (
        "region", "subcountry", "LB")  # named after a province: in and around it
    assert (mountain["kind"], mountain["precision"], mountain["country_code"]) == (
        "region", "near", "IQ")  # named after a town: near it
    assert (river["kind"], river["precision"], river["country_code"]) == (
        "water", "water", "AF")
    assert within_km(mountain["lat"], mountain["lon"], 36.3, 41.9, 30)
    assert "Bekaa" not in by_text and "Sinjar" not in by_text and "Kabul" not in by_text
    # the town the story names itself, not a larger namesake
    found = places("Anglers in Springfield, Illinois, said Lake Springfield was low.")
    lake = next(p for p in found if p["text"] == "Lake Springfield")
    assert (lake["kind"], lake["precision"]) == ("water", "water")
    assert within_km(lake["lat"], lake["lon"], 39.8, -89.65, 30)


def test_a_feature_needs_the_place_s_own_name_and_its_country_in_the_story():
    # "Tana" is only another name of towns elsewhere (and a Norwegian district): no lake
    assert texts("Ethiopia says the dam will not harm Lake Tana.") == ["Ethiopia"]
    # a valley named after a Californian town, in a story placed only in France: not it
    assert "Napa Valley" not in texts("Farmers in the Napa Valley of Bordeaux, France, "
                                      "met on Monday.")
    # a kind word heading a longer name is that name's
    assert texts("The Napa Valley Register reported on fires in California.") == [
        "California"]


def test_the_gulf_alone_is_the_gulf_of_the_story_s_countries():
    # issue 11: "the Gulf" alone names the gulf whose shores the story names (before: missed)
    found = places("Tankers left the Gulf as Iran seized a ship near Bandar Abbas.")
    assert (found[0]["text"], found[0]["name"], found[0]["kind"]) == (
        "Gulf", "Persian Gulf", "water")
    found = places("Shrimpers in the Gulf lost a season, Louisiana officials said.")
    assert (found[0]["text"], found[0]["name"]) == ("Gulf", "Gulf of Mexico")
    # no shore country in the story: no gulf (and never Papua New Guinea's Gulf province)
    assert texts("The Gulf was calm, France said.") == ["France"]


def test_a_gulf_bay_or_strait_before_its_name_takes_of():
    # "the Gulf War" is no gulf by a town called War (the first feature rule read it so)
    assert texts("He served in the Gulf War and later lived in Ohio.") == ["Ohio"]


def _read(text: str, name: str) -> dict:
    return {p["text"]: p for p in places(text)}[name]


def test_a_named_region_and_a_province_of_its_name_the_story_decides():
    # "Kurdistan": the Kurdistan Region of Iraq, and (an alternate name) Iran's province.
    # The name alone must not vouch for the region's country: a story set in Iran is the
    # province; one set in Iraq, or one naming no country, is the region (fails before
    # session 38: without the alias every story read the province, with it alone the region).
    for text in ("Protests spread across Kurdistan in western Iran on Friday.",
                 "Strikes were reported in Iran on Monday, in Kurdistan and Tehran."):
        found = _read(text, "Kurdistan")
        assert (found["kind"], found["country_code"]) == ("admin1", "IR"), text
    for text in ("Oil exports from Kurdistan resumed on Tuesday, officials in Erbil said.",
                 "Iraqi officials said oil exports from Kurdistan would resume.",
                 "Heavy snow closed roads across Kurdistan on Sunday."):
        found = _read(text, "Kurdistan")
        assert (found["name"], found["country_code"]) == ("Kurdistan Region", "IQ"), text
