"""One incident, one event: merging, statements, metaphors, roles and places (issue 12)."""

from __future__ import annotations

from typing import Any

import pytest

from geomap.extract import extract_text
from geomap.model import EVENT_TYPES
from tests.extract.stories import ARTICLE_DATE, NOTES, SEED_LIKE, STRIKES, WIRE, events_of


def spans(text: str, event: dict[str, Any]) -> list[str]:
    return [text[e["start"]:e["end"]] for e in event["evidence"]]


# -- one incident, one event --------------------------------------------------------------

def test_sentences_telling_one_battle_merge_and_keep_every_sentence():
    events = events_of(WIRE)
    assert len(events) == 1
    battle = events[0]
    assert battle["type"] == "Battles"
    evidence = spans(WIRE, battle)
    assert len(evidence) == 3  # the fighting, the rebels' toll, the army's toll
    assert evidence[1].startswith("The rebels said 47")
    assert not any("restraint" in s for s in evidence)


def test_statements_and_diplomatic_moves_are_relations_not_battles():
    text = ("Mali condemned the attack on Friday. Niger accused France of backing the "
            "jihadists. Burkina Faso expelled two French diplomats on Monday.")
    data = extract_text(text, article_date=ARTICLE_DATE).to_json()
    assert data["events"] == []
    kinds = {(r["source"], r["kind"], r["target"]) for r in data["relations"]}
    assert ("Niger", "accusation", "France") in kinds
    assert ("Burkina Faso", "expulsion", "France") in kinds


@pytest.mark.parametrize("text", [
    "G7 leaders agreed on Monday to combat terrorism in the Sahel.",
    "Zelensky left Washington after an Oval Office clash with Trump.",
    "The fight against corruption continues, the minister said.",
    "A battle over the budget looms in parliament.",
    "The president vowed to attack poverty in the north.",
    "The minister came under fire from critics in Kyiv over the budget.",
    "The film was shot in Kyiv last year.",
    # accidents and disasters are no political violence
    "The minister was injured in a car accident in Nairobi.",
    "Two soldiers drowned while crossing the river near Gao.",
    "Floods killed 20 people in Niamey.",
])
def test_metaphors_are_not_violence(text):
    assert events_of(text) == []


@pytest.mark.parametrize("text", [
    # deaths from a disease, a poisoning or a storm
    "A farmer in the Nile delta has died of bird flu, the health ministry said.",
    "The measles outbreak has killed 14 children in the district since March.",
    "Nine people died after drinking contaminated liquor in a village near Kisumu.",
    # a death with no killer, in a story that tells no armed conflict
    "Health officials confirmed the virus in three provinces. The boy died in hospital "
    "in Surabaya on Monday.",
    # animals
    "About 40 wild birds were found dead near the lake on Tuesday.",
    "The disease killed several hundred ducks on a farm near Kazan.",
    "Some 35,000 chickens will be culled after dead hens tested positive.",
    # a story on a disaster: its deaths in a sentence naming no cause
    "A powerful earthquake struck the coast on Sunday. More than 300 people were killed "
    "in the three provinces, officials said.",
    # two words of death do not make each other violence
    "Officials have recorded nine deaths in the district; some died at home.",
    # what a poison can do
    "The toxin can kill as many as 60 people a year in the region.",
    # fighting a disease or a fire
    "The charity has joined the fight against AIDS in southern Africa.",
    "Firefighters were fighting fires north of Athens on Sunday.",
])
def test_deaths_without_political_violence_are_no_event(text):
    """General news tells deaths that are no conflict event (a story on bird flu made
    one "Battles" event per death it told); a death word alone makes an event only
    beside an armed actor, another violent word, or in a text about armed conflict."""
    assert events_of(text) == []


@pytest.mark.parametrize("text", [
    "Gunmen killed five herders and stole their cattle near Bokkos on Sunday.",
    "Four civilians died in the east of the Donetsk region on Tuesday, officials said.",
    "Two servicemen died near Avdiivka on Sunday, the army said.",
    "Six dead in clashes near Bunia on Tuesday.",
    "Separatists shelled Avdiivka overnight. Three people died, officials said.",
    # a story on an epidemic that tells an attack too
    "Cholera has spread through the camps. Gunmen attacked a clinic in Bunia on Sunday, "
    "killing two nurses.",
])
def test_deaths_told_in_armed_conflict_are_events(text):
    assert events_of(text), text


def test_a_death_told_alone_after_unrest_is_its_toll():
    """"Two guards ... died in the blaze" after rioters set fire to a building: the riot's
    toll (a death with no killer counts in a text about unrest, not only about war)."""
    [event] = events_of("Rioters set fire to the town hall in Kisumu on Tuesday night. "
                        "Two guards trapped inside died in the blaze.")
    assert (event["type"], event["fatalities"]) == ("Riots", 2), event


def test_fighting_told_beside_an_accident_is_still_an_event():
    [event] = events_of("Heavy fighting in east Ukraine continues despite airliner crash")
    assert event["type"] == "Battles"


@pytest.mark.parametrize("text", [
    # ground entered or given up by no armed actor: goods, travellers, residents, ruins
    "Contaminated grain entered the market in Lagos last week.",
    "A passenger entered the terminal through its north gate on Friday.",
    "Most families abandoned the village of Kelso after the mine closed in 1920.",
    "Ghent is home to an abandoned steel mill beside the river.",
    # what a council, a mayor or a club orders: no political violence
    "The city council banned fireworks in Leeds last year.",
    "Restaurants in Porto were told to close and the mayor closed schools until May.",
    "The club recruited two coaches in Porto this summer.",
])
def test_withdrawals_and_orders_without_an_armed_actor_are_no_event(text):
    """Ground entered or given up, and orders ("banned", "closed schools",
    "recruited"), are strategic developments of armed actors (ACLED); said of food,
    travellers, residents, a mill or a council they are none (real health and place
    texts made such words one event in seven)."""
    assert events_of(text) == []


@pytest.mark.parametrize(("text", "sub_type"), [
    ("Rebels withdrew from Kalemie on Sunday.", "Non-violent transfer of territory"),
    ("Soldiers entered the town of Gao on Tuesday.", "Non-violent transfer of territory"),
    ("JNIM fighters banned music in villages near Djenne on Monday.", "Other"),
])
def test_withdrawals_and_orders_of_armed_actors_stay_events(text, sub_type):
    [event] = events_of(text)
    assert (event["type"], event["sub_type"]) == ("Strategic developments", sub_type), event


@pytest.mark.parametrize("text", [
    "The province exports cotton, tea, timber, shells and honey to Mombasa.",
    "The square in Accra hosts concerts, demonstrations and food fairs every summer.",
    "All trucks and aircraft arriving at the port of Tema are inspected by officials.",
])
def test_weapons_and_protests_listed_among_things_are_no_event(text):
    """A weapon's or a protest's noun in a list of goods, exhibits or festivities, in a
    clause that tells nothing else, is no incident (real place descriptions listed
    "shells" among farm products and "demonstrations" among festivals)."""
    assert events_of(text) == []


@pytest.mark.parametrize(("text", "event_type"), [
    ("Rockets and drones hit Kharkiv on Sunday.", "Explosions/Remote violence"),
    ("Russian aircraft and warships struck the port of Odesa on Sunday.",
     "Explosions/Remote violence"),
    ("Teachers, nurses and protesters marched in Accra on Monday.", "Protests"),
])
def test_weapons_and_protests_listed_with_an_act_stay_events(text, event_type):
    [event] = events_of(text)
    assert event["type"] == event_type, event


@pytest.mark.parametrize("text", [
    "The reserve's bodies of water freeze every winter.",
    "The old mill is now a shell of brick walls.",
    "Critics called the new law a rape of justice.",
    "The roofs were built for the capturing of rain water.",
])
def test_a_cue_noun_of_a_thing_is_no_event(text):
    """A cue's noun followed by "of" and a thing, with no actor and nothing else told, is
    the word in another sense (real place descriptions told "bodies of" a lake's kind)."""
    assert events_of(text) == []


@pytest.mark.parametrize("text", [
    "The bodies of two men were found near Gao on Monday.",
    "The bodies of the herders were found near Gao on Monday.",
])
def test_a_cue_noun_of_people_stays_an_event(text):
    assert events_of(text), text


@pytest.mark.parametrize("text", [
    "Floods swept through the valley on Sunday. Rescuers said 40 bodies were recovered "
    "from the river near Hue.",
    "The minister was found dead of carbon monoxide poisoning at his home in Tbilisi.",
])
def test_bodies_found_after_a_disaster_or_a_poisoning_are_no_event(text):
    """Bodies found in a text on a disaster, or beside a poisoning, are its dead, as the
    deaths told there already were (real health news made them attacks on civilians)."""
    assert events_of(text) == []


def test_bodies_found_after_an_attack_stay_its_toll():
    [event] = events_of("Gunmen attacked Kuka village near Gao on Sunday. Rescuers said "
                        "40 bodies were recovered from the river.")
    assert event["type"] in ("Violence against civilians", "Battles"), event


@pytest.mark.parametrize("text", [
    "Surrounded by hills and two rivers, the town of Kita was a trading post for troops.",
    "The old fort near Kita was encircled by a stone wall and a moat.",
    "Soldiers toured the surrounding villages of Kita in 1890.",
])
def test_where_a_place_lies_is_no_siege(text):
    """"surrounded by" hills or a wall, "the surrounding villages": where a place lies,
    no one armed around it (real place descriptions made such words battles)."""
    assert events_of(text) == []


@pytest.mark.parametrize("text", [
    "The town of Kita was surrounded by JNIM fighters on Monday.",
    "The base near Kita was encircled by heavily armed men on Monday.",
])
def test_a_town_surrounded_by_armed_men_stays_an_event(text):
    assert events_of(text), text


@pytest.mark.parametrize("text", [
    "The fugitive evaded capture for six weeks in the hills near Kita.",
    "He fled to Kita to escape execution after the verdict.",
    "The smuggler eluded arrest at the border post near Kita.",
])
def test_what_someone_got_away_from_is_no_event(text):
    assert events_of(text) == []


def test_an_ambush_someone_escaped_stays_an_event():
    assert events_of("Two soldiers escaped the ambush by JNIM fighters near Kita on Monday.")


@pytest.mark.parametrize("text", [
    "The town is home to the Northern Rocket Society and a large Bomb Disposal Museum.",
    "Visitors to Kita can see the old Artillery Barracks and the market.",
])
def test_a_cue_word_inside_a_name_is_no_event(text):
    assert events_of(text) == []


@pytest.mark.parametrize("text", [
    "Kharkiv: Unguided Rockets Killing Civilians",
    "The glen was the site of the Glencoe Massacre in 1692.",
])
def test_a_title_case_headline_or_a_name_ending_on_the_cue_stays_an_event(text):
    assert events_of(text), text


@pytest.mark.parametrize("text", [
    "Rescuers near Kita said there were no deaths or serious injuries.",
    "Officials in Kita reported no fatalities or injuries after the floods.",
])
def test_a_denial_reaches_across_or_to_a_toll_word(text):
    assert events_of(text) == []


def test_a_toll_after_or_without_a_denial_stays_an_event():
    assert events_of("JNIM fighters attacked a checkpoint near Kita; two soldiers died or "
                     "were wounded.")


def test_a_reference_adds_evidence_to_the_incident_it_points_at():
    battles = [e for e in events_of(SEED_LIKE) if e["type"] == "Battles"]
    assert len(battles) == 1
    evidence = spans(SEED_LIKE, battles[0])
    assert evidence[0].startswith("Mali broke off")  # "after an assault by ... on Malian troops"
    assert any(s.startswith("Bamako voiced outrage") for s in evidence)  # "killing of its soldiers"
    assert battles[0]["sentence"].startswith("Late last month")  # the sentence that tells it


def test_a_separate_incident_at_another_place_is_another_event():
    text = ("Gunmen killed four villagers in Djibo on Sunday. Separately, soldiers clashed with "
            "jihadists near Kaya on Monday, the army said.")
    events = events_of(text)
    assert [(e["type"], e["place"]) for e in events] == [
        ("Violence against civilians", "Djibo"), ("Battles", "Kaya")]


def test_every_event_type_is_one_of_acleds():
    for text in (SEED_LIKE, WIRE, STRIKES, *(note[0] for note in NOTES)):
        assert {e["type"] for e in events_of(text)} <= set(EVENT_TYPES)


@pytest.mark.parametrize(("note", "event_type", "place", "group"), NOTES)
def test_coders_notes_give_one_event_with_type_place_and_group(note, event_type, place, group):
    events = events_of(note)
    assert len(events) == 1
    event = events[0]
    assert (event["type"], event["place"]) == (event_type, place)
    if group:
        assert any(group in name for name in event["actor1"] + event["actor2"])


# -- roles --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "JNIM militants attacked a FAMa convoy near Gao on Tuesday.",
    "A FAMa convoy was attacked by JNIM militants near Gao on Tuesday.",
    "An attack by JNIM militants on a FAMa convoy near Gao on Tuesday killed three soldiers.",
])
def test_who_acted_and_who_was_acted_upon_from_voice_and_prepositions(text):
    [event] = events_of(text)
    assert event["actor1"] == ["Jama'at Nusrat al-Islam wal-Muslimin (JNIM)"]
    assert event["actor2"] == ["Malian Armed Forces (FAMa)"]


JNIM = "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)"
FAMA = "Malian Armed Forces (FAMa)"


@pytest.mark.parametrize(("text", "agent", "target"), [
    ("Sudan's paramilitary Rapid Support Forces attacked army positions near El Fasher on "
     "Saturday.", "Rapid Support Forces (RSF)", "Sudanese Armed Forces (SAF)"),
    ("Mali's JNIM militants attacked a FAMa convoy near Gao on Tuesday.", JNIM, FAMA),
    ("Russia's Wagner Group fighters clashed with rebels near Kidal on Monday.",
     "Wagner Group", "Rebels"),
])
def test_a_countrys_possessive_before_a_group_says_whose_it_is(text, agent, target):
    """The country was made a co-attacker beside the group it qualifies."""
    [event] = events_of(text)
    assert (event["actor1"], event["actor2"]) == ([agent], [target])


@pytest.mark.parametrize("text", [
    "Malian soldiers repelled a JNIM attack near Gao",
    "Malian soldiers repelled JNIM fighters near Gao",
    "JNIM fighters were repelled by Malian soldiers near Gao",
    "The Malian army foiled an attack by JNIM near Gao",
    "An attack by JNIM was repelled by Malian soldiers near Gao",
])
def test_the_side_that_repelled_an_attack_was_attacked(text):
    [event] = events_of(text)
    assert (event["actor1"], event["actor2"]) == ([JNIM], [FAMA])


def test_a_thwarted_breakthrough_attempt_is_a_battle():
    [event] = events_of("LPR fighters thwart three breakthrough attempts made by Ukrainian troops")
    assert event["type"] == "Battles"
    assert (event["actor1"], event["actor2"]) == (["Armed Forces of Ukraine"],
                                                  ["Luhansk People's Republic (LPR)"])
    assert events_of("Police thwarted a robbery plan in Lagos on Monday") == []


def test_both_sides_of_a_clash():
    [event] = events_of("Clashes between the Arakan Army and the Myanmar military were "
                        "reported on Sunday.")
    assert event["actor1"] == ["Arakan Army (AA)"]
    assert event["actor2"] == ["Myanmar Armed Forces (Tatmadaw)"]
    [event] = events_of("Fano militiamen clashed with Ethiopian soldiers near Gondar.")
    assert (event["actor1"], event["actor2"]) == (
        ["Fano militia"], ["Ethiopian National Defense Force (ENDF)"])
    [event] = events_of("M23 rebels and Congolese soldiers clashed near Sake on Monday.")
    assert (event["actor1"], event["actor2"]) == (
        ["M23 (March 23 Movement)"],
        ["Armed Forces of the Democratic Republic of the Congo (FARDC)"])
    # by its acronym, and a demonym with an aircraft noun
    [event] = events_of("M23 rebels clashed with FARDC in Bunagana on Monday.")
    assert event["actor2"] == ["Armed Forces of the Democratic Republic of the Congo (FARDC)"]
    [event] = events_of("Israeli aircraft struck targets in Khan Younis, killing 3 people.")
    assert event["actor1"] == ["Israel Defense Forces (IDF)"]


def test_a_country_named_as_a_border_or_a_location_is_not_a_party():
    [event] = events_of(WIRE)
    assert "Algeria" not in " ".join(event["actors"])
    [event] = events_of("Gunmen killed three soldiers near the border with Algeria, the "
                        "Malian army said.")
    assert "Algeria" not in " ".join(event["actors"])
    assert event["actor2"] == ["Malian Armed Forces (FAMa)"]


def test_the_wire_story_parties():
    [event] = events_of(WIRE)
    assert event["actor1"][0] == "Tuareg rebels"
    assert event["actor2"] == ["Malian Armed Forces (FAMa)", "Wagner Group"]


def test_a_reporting_actor_is_a_claimant_not_a_party():
    [event] = events_of("Two civilians die as the Ukrainian army shells a Donetsk suburb "
                        "- DPR command")
    assert event["actor1"] == ["Armed Forces of Ukraine"]
    assert "Donetsk People's Republic (DPR)" not in event["actor1"]
    assert "Donetsk People's Republic (DPR)" not in event["actor2"]  # civilians were hit


DPR = "Donetsk People's Republic (DPR)"
LPR = "Luhansk People's Republic (LPR)"
UKRAINE_ARMY = "Armed Forces of Ukraine"


@pytest.mark.parametrize("text, actor1, actor2", [
    ("Ukrainian troops violate ceasefire 23 times over weekend - DPR mission",
     [UKRAINE_ARMY], [DPR]),
    ("LPR reports fighter dead after Kiev's forces shelled his post", [UKRAINE_ARMY], [LPR]),
    ("Six Ukrainian troops killed in botched breakthrough bid near Gorlovka - DPR official",
     [DPR], [UKRAINE_ARMY]),
])
def test_an_armed_group_reporting_the_other_sides_fire_is_the_side_fired_on(
        text, actor1, actor2):
    [event] = events_of(text)
    assert (event["actor1"], event["actor2"]) == (actor1, actor2)


# -- where --------------------------------------------------------------------------------

def test_the_locative_phrase_that_governs_the_event():
    [event] = events_of(WIRE)
    assert (event["place"], event["precision"]) == ("Tinzaouaten", "near")
    assert event["place_text"] == "Tinzaouaten"


def test_a_named_province_is_an_area_not_its_capital():
    [event] = events_of("Shelling killed two people in the Donetsk region on Monday.")
    assert event["precision"] == "adm1" and event["admin1"] == event["place"]
    assert event["place"] != "Donetsk"


def test_a_namesake_outside_the_named_area_gives_way_to_the_area():
    # the gazetteer knows Pisky and Kamyanka only in other provinces of Ukraine
    [event] = events_of("A Ukrainian soldier was killed in shelling near Pisky in Donbas.")
    assert (event["place"], event["precision"]) == ("Donbas", "subcountry")
    [event] = events_of("A Ukrainian soldier died under mortar fire at Kamyanka, Donetsk Oblast.")
    assert (event["place"], event["precision"]) == ("Donetska oblast", "adm1")
    [event] = events_of("A Ukrainian soldier died at Kamyanka, Donetsk Obl on Oct 12.")
    assert (event["place"], event["precision"]) == ("Donetska oblast", "adm1")
    # a town of that name inside the area is the one meant; a large town is kept
    [event] = events_of("A Ukrainian soldier was killed in shelling near Avdiyivka in Donbas.")
    assert event["admin1"] == "Donetska oblast" and event["precision"] == "near"


def test_a_location_tag_outside_the_events_area_is_not_taken():
    # "Shumy" alone on a line: the gazetteer knows it only as a Crimean village's name
    [event] = events_of("Four Ukrainian soldiers were killed in shelling in the Donetsk "
                        "region.\nShumy")
    assert (event["place"], event["precision"]) == ("Donetska oblast", "adm1")


def test_with_no_finer_place_an_event_is_where_its_armed_group_acts():
    [event] = events_of("LPR fighter dies as Ukrainian troops shell his post - LPR mission")
    assert (event["place"], event["precision"]) == ("Luhanska oblast", "adm1")
    [event] = events_of("Four DPR fighters died in battles in eastern Ukraine.")
    assert (event["place"], event["precision"]) == ("Donetska oblast", "adm1")
    [event] = events_of("DPR fighters attacked Ukrainian troops near Kramatorsk.")
    assert (event["place"], event["precision"]) == ("Kramatorsk", "near")
    [event] = events_of("DPR and LPR forces shelled Ukrainian positions, killing two.")
    assert event["precision"] == "country"  # two areas: the text does not decide


def test_where_it_was_said_gives_way_to_a_place_of_what_was_said():
    [event] = events_of("The regional governor said in Sumy that Russian artillery shelled "
                        "Kupiansk overnight, killing an elderly man.")
    assert event["place"] == "Kupyansk"
    [event] = events_of("Speaking in Kyiv, the minister said Russian drones struck a depot "
                        "near Kupiansk, wounding two workers.")
    assert (event["place"], event["precision"]) == ("Kupyansk", "near")
    # with no other place, where it was said stays: the speaker may be at the scene
    [event] = events_of("The army said in Gao that gunmen killed six traders.")
    assert event["place"] == "Gao"
    [event] = events_of("The army said in Gao that gunmen killed six traders in December.")
    assert event["place"] == "Gao"
    # a place of what was said that the index lacks still rules it out: its country stays
    [event] = events_of("An officer told reporters in Mopti that gunmen killed six traders "
                        "near Xyzabad, a hamlet.")
    assert (event["place"], event["precision"]) == ("Mali", "country")


def test_where_it_was_told_after_the_event_gives_way():
    [event] = events_of("Soldiers killed nine herders near Djibo on Friday, according to a "
                        "rights group that released its findings in Ouagadougou.")
    assert event["place"] == "Djibo"
    [event] = events_of("The army shelled rebel positions in Omdurman, a spokesman said in "
                        "Port Sudan.")
    assert event["place"] == "Omdurman"


def test_where_it_was_said_does_not_put_the_event_in_the_speakers_country():
    # Moscow placed Russia in the text, so Avdiivka (Ukraine) was not read beside it
    [event] = events_of("Speaking in Moscow, a general said Russian units stormed trenches "
                        "near Avdiivka.")
    assert (event["place"], event["precision"]) == ("Avdiyivka", "near")


def test_a_sentence_setting_the_incident_gives_its_place():
    [event] = events_of("Gunmen killed four herders on Tuesday. The attack happened near "
                        "Bankass, in the Mopti region.")
    assert (event["place"], event["precision"]) == ("Bankass", "near")
    [event] = events_of("A drone hit a bus on Monday. The strike took place in Nikopol. Two "
                        "passengers died.")
    assert event["place"] == "Nikopol"
    # a comparison is no setting
    [event] = events_of("Gunmen killed four herders in Mali. The attack was the worst since "
                        "a raid near Mopti in May.")
    assert (event["place"], event["precision"]) == ("Mali", "country")


def test_one_incident_told_over_lines_takes_the_finer_place_a_later_line_names():
    # a report of several lines: the headline tells the killing, a later line where it was
    later = "Both were pronounced dead in hospital on Sunday. "
    [event] = events_of("Two soldiers killed in a mortar attack in Mali - army\n" + later
                        + "Their post was near Bankass, Mopti region")
    assert (event["place"], event["precision"]) == ("Bankass", "near")
    # the headline names no place: the later line's town, in the army's country, is taken
    [event] = events_of("Two Malian soldiers killed in a mortar attack - army\n" + later
                        + "Their post was near Bankass, Mopti region")
    assert (event["place"], event["precision"]) == ("Bankass", "near")
    # a place outside the incident's area is no setting of it
    [event] = events_of("Two soldiers killed in a mortar attack in Mali - army\n" + later
                        + "Their unit came from Kano, Nigeria")
    assert (event["place"], event["precision"]) == ("Mali", "country")
    # told in one sentence only: a later sentence's town is not taken
    [event] = events_of("Two soldiers were killed in a mortar attack in Mali on Sunday. "
                        "The minister later flew to Bankass.")
    assert (event["place"], event["precision"]) == ("Mali", "country")


def test_a_town_spelled_only_as_an_alternate_name_is_a_place_after_a_verb_of_fighting():
    # the gazetteer's own name is Kupyansk; Kupiansk is the 2010 romanisation coders use
    [event] = events_of("Russian forces shelled Kupiansk on Monday, killing two civilians.")
    assert (event["place"], event["admin1"]) == ("Kupyansk", "Kharkivska oblast")
    [event] = events_of("Ukrainian troops recaptured Kupiansk after a week of fighting.")
    assert event["place"] == "Kupyansk"


def test_a_provinces_own_border_area_is_in_that_province():
    # "Sumy region's border villages" lie in Sumy region, not across the border from it
    [event] = events_of("Russian artillery shelled Sumy region's border villages on "
                        "Friday, killing a farmer.")
    assert (event["place"], event["precision"]) == ("Sumska oblast", "adm1")
    [event] = events_of("Russian artillery shelled villages near the border with Sumy "
                        "region, killing a farmer.")
    assert event["country_code"] == "RU"  # the border *with* it: the other side


def test_a_capital_before_an_area_word_names_its_province_not_the_state():
    # Khartoum is the capital and the state (province) around it
    [event] = events_of("Gunmen killed four farmers in Khartoum state.")
    assert (event["place"], event["precision"]) == ("Khartoum", "adm1")
    assert event["actor2"] == ["Civilians (Sudan)"]  # not the Sudanese state as a target


def test_a_district_after_a_towns_possessive_is_looked_for_in_that_towns_province():
    # Kyiv has a Dniprovskyi district too; Kherson's is not in the index: Kherson stays
    [event] = events_of("A guided bomb hit Kherson's Dniprovskyi district, wounding a man.")
    assert (event["place"], event["admin1"]) == ("Kherson", "Khersonska oblast")
    [event] = events_of("A guided bomb hit Kyiv's Dniprovskyi district, wounding a man.")
    assert event["admin1"] == "Kyiv"


def test_a_capitals_attack_is_its_states_not_a_place():
    # "in Kiev's attack": the attack of Ukraine's forces, not an event in Kyiv
    [event] = events_of("An LPR fighter was killed in Kiev's attack overnight.")
    assert (event["place"], event["precision"]) == ("Luhanska oblast", "adm1")
    assert event["actor1"] == ["Armed Forces of Ukraine"]


def test_an_act_named_after_its_actor_in_which_people_were_hurt_is_that_actors():
    # "wounded in Russian shelling": the shelling's side acted, the wounded were acted upon
    [event] = events_of("Three Ukrainian soldiers were wounded in Russian shelling of "
                        "Vovchansk.")
    assert event["actor1"] == ["Armed Forces of the Russian Federation"]
    assert event["actor2"] == ["Armed Forces of Ukraine"]
    [event] = events_of("A pensioner died during Ukrainian shelling of Horlivka.")
    assert event["actor1"] == ["Armed Forces of Ukraine"]
    [event] = events_of("Two DPR fighters died in a Ukrainian attack near Horlivka.")
    assert event["actor1"] == ["Armed Forces of Ukraine"]
    # a weapon that is the object of the clause's verb is still acted upon
    [event] = events_of("Russian air defences shot down 12 Ukrainian drones over Kursk.")
    assert event["actor2"] == ["Armed Forces of Ukraine"]
    [event] = events_of("Three people died in Moscow's raid on Sumy.")
    assert event["place"] == "Sumy"
    # a street or a district of the capital is still in it
    [event] = events_of("Shelling killed four people in Kyiv's Podil district.")
    assert event["place"] == "Kyiv"


def test_with_no_finer_place_a_toll_is_where_the_armed_group_counting_it_holds_sway():
    # the group only reports the toll (civilians were hit): no party, but its ground
    [event] = events_of("Mortar fire kills two civilians in eastern Ukraine - LPR command")
    assert (event["place"], event["precision"]) == ("Luhanska oblast", "adm1")
    assert event["fatalities_claimed_by"] == "Luhansk People's Republic (LPR)"
    [event] = events_of("Army artillery fire kills one civilian, wounds three - DPR militia")
    assert (event["place"], event["precision"]) == ("Donetska oblast", "adm1")
    # a finer place stays; a party's own area comes first; an army's toll says nothing
    [event] = events_of("Army mortar fire kills two civilians in Stakhanov - DPR command")
    assert event["place"] != "Donetska oblast" and event["precision"] == "exact"
    [event] = events_of("Shelling kills two civilians in eastern Ukraine, the Ukrainian army says")
    assert event["precision"] == "subcountry"


def test_part_of_a_country_and_a_border_are_areas():
    [event] = events_of("Jihadists ambushed a patrol in northern Mali last week, killing "
                        "five soldiers.")
    assert (event["place"], event["precision"]) == ("northern Mali", "subcountry")
    # the named region 'Northern Mali' (Timbuktu, Gao, Kidal regions), not Mopti or Bamako
    assert 15.0 < event["lat"] < 25.0 and event["lon"] > -7.0
    [event] = events_of("Gunmen killed three soldiers near the border with Algeria, the "
                        "Malian army said.")
    assert event["precision"] == "subcountry" and event["country_code"] == "ML"
    # Mali's land along the Algerian border (geomap.geocoding.parts), not Mali's middle
    assert event["place"] == "Mali, border with Algeria" and event["lat"] > 18.5


def test_a_bare_direction_is_that_part_of_the_events_country():
    [event] = events_of("Three Ukrainian soldiers were killed in the separatist east.")
    assert (event["place"], event["precision"]) == ("east Ukraine", "subcountry")
    assert event["lon"] > 34.0  # Ukraine's eastern third (22.1-40.2 E)
    [event] = events_of("Russian forces attacked Ukrainian troops in the east.")
    assert event["place"] == "east Ukraine"  # the army attacked is Ukraine's


def test_two_parts_of_a_country_one_holding_the_other_tell_one_incident():
    events = events_of("Two Ukrainian soldiers were killed in Donbas. Two Ukrainian soldiers "
                       "were killed in eastern Ukraine, the military said.")
    assert len(events) == 1 and events[0]["place"] == "Donbas"


def test_unarmed_people_fighting_police_riot():
    [event] = events_of("On 3 March 2024, students clashed with police in Dakar.")
    assert (event["type"], event["sub_type"]) == ("Riots", "Violent demonstration")
    assert event["actor1"] == ["Rioters (Senegal)"]
    [event] = events_of("On 3 March 2024, police clashed with students in Dakar.")
    assert (event["type"], event["actor1"], event["actor2"]) == (
        "Riots", ["Rioters (Senegal)"], ["Police forces of Senegal"])
    [event] = events_of("A soldier and a civilian were killed in fierce clashes in Donetsk.")
    assert event["type"] == "Battles"  # civilians killed in fighting did not fight
    [event] = events_of("On 12 May 2023, protesters clashed with police in Nairobi; police "
                        "fired tear gas.")
    assert event["place"] == "Nairobi"  # not "Nairobi police" across the semicolon
    # two crowds fighting each other, no armed side
    [event] = events_of("On 3 March 2024, supporters of the opposition clashed with ruling "
                        "party supporters in Conakry.")
    assert (event["type"], event["place"]) == ("Riots", "Conakry")
    assert events_of("Activists fight for women's rights in Kabul.") == []


def test_a_battle_with_no_town_is_known_to_the_country():
    [battle] = [e for e in events_of(SEED_LIKE) if e["type"] == "Battles"]
    assert (battle["place"], battle["precision"], battle["place_text"]) == (
        "Mali", "country", None)


def test_towns_struck_together_far_apart_are_separate_events():
    events = events_of(STRIKES)
    assert [(e["type"], e["place_text"]) for e in events] == [
        ("Explosions/Remote violence", "Kharkiv"),
        ("Explosions/Remote violence", "Zaporizhzhia"),
        ("Battles", "Pokrovsk")]
    assert all(e["actor1"] == ["Armed Forces of the Russian Federation"] for e in events)
    assert events[2]["country_code"] == "UA"  # the Pokrovsk of the Donetsk region


def test_bracketed_qualifiers_are_not_places_or_parties():
    text = "On 20 June 2024, Russian forces shelled Kupiansk (Kupiansk, Kharkiv)."
    [event] = events_of(text)
    assert event["place"] == "Kupyansk"
    [event] = events_of("On 5 April 2024, people protested in Dakar (Dakar, Dakar).")
    assert event["actor1"] == ["Protesters (Senegal)"] and event["actor2"] == []


@pytest.mark.parametrize("text", ["Five dead in E. Ukraine as fierce clashes go on",
                                  "Five dead in E.Ukraine as fierce clashes go on"])
def test_a_direction_initial_is_that_part_of_the_country(text):
    [event] = events_of(text)  # "E." is no sentence end, and it names the part as a word
    assert (event["place"], event["precision"]) == ("east Ukraine", "subcountry")
    assert event["place_text"] in ("E. Ukraine", "E.Ukraine") and event["lon"] > 34.0


def test_a_country_named_beats_a_demonym_of_equal_count():
    [event] = events_of("Russian reporter killed in E. Ukraine while filming "
                        "to the end")
    assert event["place"] == "east Ukraine" and event["country_code"] == "UA"


@pytest.mark.parametrize("text, place", [
    ("Pro-Russian separatists claim new Ukraine assault", "Ukraine"),
    ("Russia-led militants shell army truck near Katerynivka, one soldier killed",
     "Katerynivka"),
])
def test_a_side_taken_is_not_where_the_article_is(text, place):
    [event] = events_of(text)  # "pro-Russian", "Russia-led" say whose side, not where
    assert event["place"] == place and event["country_code"] == "UA"


def test_a_name_after_a_towns_possessive_is_in_that_town():
    [event] = events_of("Man found shot dead near Kiev's Independence Square, police say")
    assert event["country_code"] == "UA"  # not Independence, Missouri


@pytest.mark.parametrize("text", [
    "Fano militiamen took control of Merawi town after the ENDF withdrew.",
    "M23 rebels entered Bunagana without a fight on Monday.",
    "The Ukrainian army has withdrawn from Debaltseve, the general staff said.",
])
def test_territory_taken_with_no_fighting_is_a_non_violent_transfer(text):
    [event] = events_of(text)
    assert (event["type"], event["sub_type"]) == ("Strategic developments",
                                                  "Non-violent transfer of territory")


def test_territory_taken_in_fighting_is_a_battle():
    [event] = events_of("JNIM seized control of the town after the army retreated, killing "
                        "three soldiers.")
    assert event["type"] == "Battles"


def test_a_demonstration_of_something_is_no_protest():
    assert events_of("Kuleba to raise in Vienna an open demonstration of force "
                     "by Russia in Donbas") == []
    [event] = events_of("A demonstration of students in Dakar was dispersed by police.")
    assert event["type"] == "Protests"


def test_a_capital_joined_to_a_common_noun_is_no_place_in_a_list():
    [event] = events_of("Shelling resumes across eastern Ukraine, Kiev and separatists trade blame")
    assert event["place"] == "eastern Ukraine"  # Kiev speaks for Ukraine: not a place here
    assert sorted(e["place"] for e in events_of("Clashes in Gao, Kidal and Mopti killed ten "
                                                "soldiers.")) == ["Gao", "Kidal", "Mopti"]


def test_a_helicopter_downed_is_fighting():
    [event] = events_of("Military helicopter shot down near Sloviansk, pilots killed")
    assert event["type"] == "Battles"
    [event] = events_of("A Ukrainian helicopter was shot down by rebels near Sloviansk. "
                        "The crew was killed.")
    assert event["type"] == "Battles"


def test_troops_that_came_under_fire_were_attacked():
    [event] = events_of("Ukrainian troops came under fire near Shchastia.")
    assert (event["type"], event["place"]) == ("Battles", "Shchastya")


def test_a_headline_with_a_comma_and_a_dash_is_no_dateline():
    # "X, Y - " opens a dateline only when X is a place's capitalised words
    [event] = events_of("One woman dead, two hurt as shells hit east Ukraine - "
                        "Donetsk mayor's office")
    assert event["place"] == "east Ukraine"
    [event] = events_of("BAMAKO, July 29 (Reuters) - Tuareg rebels attacked an army post "
                        "near Kidal.")
    assert event["place"] == "Kidal"


def test_where_someone_comes_from_is_not_where_it_happened():
    [event] = events_of("A corporal from the Poltava region was killed by mortar fire in "
                        "eastern Ukraine")
    assert event["place"] == "eastern Ukraine"


def test_whom_a_statement_points_at_is_not_a_place():
    [event] = events_of("Two troops dead in Ukraine air raid, Kiev points at Moscow")
    assert event["country_code"] == "UA"


def test_a_code_before_a_country_does_not_make_one_name_with_it():
    [event] = events_of("Australian, Dutch investigators reach MH17 Ukraine site as clashes kill 9")
    assert event["country_code"] == "UA"


@pytest.mark.parametrize("text, actor1", [
    ("Russian drones struck Kharkiv on Monday, killing two civilians.",
     "Armed Forces of the Russian Federation"),
    ("A Ukrainian drone struck an oil depot in Belgorod.", "Armed Forces of Ukraine"),
    ("Two border guards die in a Russian helicopter attack",
     "Armed Forces of the Russian Federation"),
    ("Three soldiers dead in rebel attack near Gao", "Rebel"),
])
def test_a_weapon_or_an_attack_named_after_its_side_gives_who_acted(text, actor1):
    [event] = events_of(text)
    assert event["actor1"] == [actor1]


def test_the_next_item_of_a_list_is_not_an_attack_s_side():
    [event] = events_of("DPR reports death of a civilian, 3 militiamen, attacks on 15 "
                        "villages in seven days")
    assert "Militiamen" not in event["actor1"]


def test_two_armed_groups_that_clashed_are_two_sides():
    [event] = events_of("JNIM and ISSP fighters clashed near Menaka on Wednesday.")
    assert event["actor1"] == ["Jama'at Nusrat al-Islam wal-Muslimin (JNIM)"]
    assert event["actor2"] == ["Islamic State Sahel Province (IS Sahel)"]
    [event] = events_of("Malian soldiers and Wagner fighters clashed near Gao on Monday.")
    assert event["actor2"] == []  # allies on the state's side are one side


def test_who_a_speaker_says_acted_is_no_speaker():
    [event] = events_of("DPR militia said Ukrainian troops fired 40 mortar rounds at Horlivka "
                        "overnight, wounding a woman.")
    assert event["actor1"] == ["Armed Forces of Ukraine"]
    [event] = events_of("Separatists in eastern Ukraine accused government forces of shelling "
                        "Donetsk, killing three civilians.")
    assert event["actor1"] == ["Armed Forces of Ukraine"]  # the accusers only speak


def test_a_place_before_a_comma_and_said_is_still_a_place():
    [event] = events_of("Three soldiers were killed near Gao, said the Malian army.")
    assert event["place"] == "Gao"


def test_weapons_shot_down_are_not_who_acted():
    [event] = events_of("Air defences shot down Russian missiles over Kyiv.")
    assert event["actor1"] == []
    assert event["actor2"] == ["Armed Forces of the Russian Federation"]


def test_a_speaker_saying_on_a_day_that_it_acted_is_who_acted():
    events = events_of("Russia said on Monday it had shot down 30 Ukrainian drones over "
                       "Belgorod overnight.")
    assert [e["actor1"] for e in events] == [["Russia"]]


def test_supporters_who_clash_with_police_are_rioters():
    [event] = events_of("Supporters of the opposition clashed with police in Dakar on Monday; "
                        "police fired tear gas and arrested 12.")
    assert (event["type"], event["actor1"]) == ("Riots", ["Rioters (Senegal)"])
    [event] = events_of("Protesters threw stones at police in Nairobi on Monday.")
    assert event["actor1"] == ["Rioters (Kenya)"]


def test_unidentified_men_are_an_armed_group_and_a_checkpoint_a_development():
    data = extract_text("Unidentified men kidnapped a local businessman in Bamako on Monday.",
                        article_date=ARTICLE_DATE).to_json()
    [event] = data["events"]
    kinds = {a["name"]: a["kind"] for a in data["actors"]}
    assert [kinds[name] for name in event["actor1"]] == ["armed_group"]  # not civilians
    [event] = events_of("JNIM militants set up a checkpoint on the road near Boulkessi and "
                        "searched vehicles.")
    assert (event["type"], event["sub_type"]) == ("Strategic developments", "Other")


@pytest.mark.parametrize(("text", "event_type", "sub_type"), [
    ("On 8 August 2019, a child was killed by unexploded ordnance in Toretsk.",
     "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("On 8 August 2019, JNIM burned down the village of Ogossagou.",
     "Strategic developments", "Looting/property destruction"),
    ("On 8 August 2019, suspected ISGS militants stole 200 head of cattle from herders "
     "near Tillaberi.", "Strategic developments", "Looting/property destruction"),
    ("On 5 May 2020, Russian forces blew up a bridge near Izium.",
     "Strategic developments", "Looting/property destruction"),
    # report shapes of the session of 2026-12-06 at night
    ("On 2 March 2024, bus drivers rioted in Bunia after one of them was shot dead by a "
     "soldier.", "Riots", "Violent demonstration"),
    ("On 9 May 2024, villagers lynched two suspected kidnappers near Kasese.", "Riots",
     "Mob violence"),
    ("On 4 April 2024, CODECO militiamen stormed a village near Djugu and hacked six "
     "villagers to death.", "Violence against civilians", "Attack"),
    ("On 2 June 2024, gunmen killed a catechist in front of a chapel in Kaya.",
     "Violence against civilians", "Attack"),
    ("On 1 July 2024, police raided a hideout in Kano and arrested seven suspected "
     "kidnappers.", "Strategic developments", "Arrests"),
    ("On 1 July 2024, soldiers seized an arms cache during a raid in Bama. Two suspects "
     "were detained.", "Strategic developments", "Arrests"),
    ("On 6 May 2024, insurgents occupied Mucojo for a day, looting shops before leaving.",
     "Strategic developments", "Looting/property destruction"),
    ("On 2 March 2024, angry youths attacked a police station in Zaria after a trader died "
     "in custody.", "Riots", "Violent demonstration"),
    ("On 8 May 2024, IS Sahel militants set up an illegal checkpoint near Ansongo and "
     "extorted money from drivers.", "Strategic developments", "Looting/property destruction"),
    ("On 10 April 2024, Nigerian soldiers destroyed 14 illegal refineries near Bonny.",
     "Strategic developments", "Looting/property destruction"),
    ("On 10 April 2024, Ukrainian forces destroyed three Russian tanks near Vuhledar.",
     "Battles", "Armed clash"),
])
def test_the_type_and_sub_type_of_coders_wordings(text, event_type, sub_type):
    [event] = events_of(text)
    assert (event["type"], event["sub_type"]) == (event_type, sub_type)


def test_a_chemical_attack_is_remote_violence_and_the_weapons_named_are_no_event():
    [event] = events_of("On 3 May 2016, a chemical attack was reported in Douma, killing 40 "
                        "civilians.")
    assert (event["type"], event["sub_type"]) == ("Explosions/Remote violence",
                                                  "Chemical weapon")
    assert events_of("The treaty bans chemical weapons.") == []


def test_theft_with_no_armed_actor_is_no_event():
    assert events_of("Thieves stole a car in Lagos on Monday.") == []


@pytest.mark.parametrize(("text", "field", "value"), [
    # looting told after an attack goes with it
    ("On 3 June 2024, gunmen attacked the village of Tin-Akof and killed five civilians. "
     "The gunmen also stole livestock before fleeing.", "type", "Violence against civilians"),
    # a habitual sentence after the incident is no event of its own
    ("On 4 April 2022, Russian forces shelled Kharkiv, killing 2 civilians. Russia has "
     "shelled the city almost daily since February.", "place", "Kharkiv"),
])
def test_what_follows_the_incident_tells_no_other(text, field, value):
    [event] = events_of(text)
    assert event[field] == value


def test_a_province_as_coders_name_it_in_english():
    # GeoNames: Shabeellaha Dhexe; Bal'ad alone is also an Iraqi town
    [event] = events_of("On 4 April 2022, Al Shabaab attacked an SNA base in Bal'ad (Balcad, "
                        "Middle Shabelle).")
    assert (event["country_code"], event["precision"]) == ("SO", "adm1")


@pytest.mark.parametrize(("text", "event_type", "actor1"), [
    ("On 5 May 2020, gang members shot dead 4 people in Port-au-Prince.",
     "Violence against civilians", ["Gang members"]),
    ("On 5 May 2020, armed gangs attacked a police station in Port-au-Prince, killing 2 "
     "officers.", "Battles", ["Armed gangs"]),
    ("On 5 May 2020, Ethiopian federal forces clashed with TPLF fighters near Mekelle.",
     "Battles", ["Ethiopian National Defense Force (ENDF)"]),
])
def test_gangs_and_federal_forces_are_actors(text, event_type, actor1):
    [event] = events_of(text)
    assert (event["type"], event["actor1"]) == (event_type, actor1)


@pytest.mark.parametrize(("text", "event_type"), [
    ("On 5 May 2020, unidentified gunmen assassinated a local councillor in Mogadishu.",
     "Violence against civilians"),
    ("On 5 May 2020, a journalist was murdered by unknown assailants in Kirkuk.",
     "Violence against civilians"),
    ("On 5 May 2020, Al Shabaab militants hijacked a truck carrying food aid near Baidoa.",
     "Strategic developments"),
    ("On 5 May 2020, UPDF and FARDC forces conducted joint operations against ADF near "
     "Beni.", "Battles"),
    ("On 5 May 2020, Al Shabaab fighters infiltrated a KDF camp in Lamu.", "Battles"),
    # people wounded tell violence as people killed do
    ("On 7 July 2021, unknown gunmen wounded a police officer in Peshawar.", "Battles"),
    ("On 7 July 2021, unknown gunmen injured two farmers near Bokkos.",
     "Violence against civilians"),
    ("On 7 July 2021, a police officer was shot by unknown gunmen in Peshawar.", "Battles"),
])
def test_the_type_of_coders_wordings(text, event_type):
    [event] = events_of(text)
    assert event["type"] == event_type


# -- report shapes of coders' notes (session of 2026-12-06, evening) ----------------------

def test_a_later_sentence_takes_the_place_and_date_its_paragraph_set():
    [event] = events_of("On 9 March 2024, Russian troops attempted to push towards Orikhiv "
                        "(Polohy raion, Zaporizhzhia oblast). The assault was repelled by "
                        "Ukrainian forces.")
    assert (event["type"], event["place"], event["date"]) == ("Battles", "Orikhiv",
                                                              "2024-03-09")


def test_a_place_is_taken_from_the_paragraph_only_within_it():
    [event] = events_of("On 9 March 2024, Russian troops massed near Orikhiv.\n"
                        "The assault was repelled by Ukrainian forces.")
    assert event["place"] != "Orikhiv" and event["date"] is None


def test_the_coders_province_places_a_township_no_index_knows():
    [event] = events_of("On 2 May 2024, in Zalokpyin township (Magway region), resistance "
                        "fighters attacked a police station. Casualties unknown.")
    assert (event["precision"], event["admin1"]) == ("adm1", "Magway")


@pytest.mark.parametrize("text", [
    "On 4 June 2024, gunmen shot dead a shopkeeper in Wadajir district, Mogadishu.",
    "On 4 June 2024, gunmen shot dead a shopkeeper in the Karaan neighbourhood of Mogadishu.",
])
def test_a_capital_a_smaller_place_lies_in_is_a_place_not_the_state(text):
    data = extract_text(text, article_date=ARTICLE_DATE).to_json()
    assert [e["place"] for e in data["events"]] == ["Mogadishu"]
    assert not any(a["kind"] == "state" for a in data["actors"])


def test_the_forces_a_crowd_rioted_against_stand_opposite_it():
    [event] = events_of("On 2 March 2024, bus drivers rioted in Bunia after one of them was "
                        "shot dead by a soldier.")
    assert event["actor1"] == ["Rioters (Democratic Republic of the Congo)"]
    assert event["actor2"] == ["Armed Forces of the Democratic Republic of the Congo (FARDC)"]


def test_a_local_alias_names_its_actor_only_in_a_story_about_its_country():
    [event] = events_of("On 3 May 2024, PDF fighters and the military clashed near Monywa "
                        "(Monywa, Sagaing).")
    assert "People's Defence Force (PDF)" in event["actor1"] + event["actor2"]
    data = extract_text("Download the PDF of the report on the shelling of Kharkiv.",
                        article_date=ARTICLE_DATE).to_json()
    assert not any("PDF" in a["name"] for a in data["actors"])


@pytest.mark.parametrize(("text", "where"), [
    # the index's Bamba of Mali lies 700 km south of Bourem, its bracketed district
    ("On 4 September 2024, armed men attacked a FAMa camp in Bamba (Bourem, Gao).",
     ("Bourem", "ML", "adm2")),
    # a border post is at its village, not "the border of" it
    ("On 3 May 2024, Ukrainian border guards were wounded by Russian shelling at Krasna "
     "Talivka border post (Luhansk oblast).", ("Krasna Talivka", "UA", "exact")),
    # the gazetteer's answer for "Gaza City (Gaza City, Gaza)" is Gasa, Bhutan
    ("On 3 March 2024, an explosion at a school in Gaza City (Gaza City, Gaza) killed 12 "
     "people.", ("Gaza", "PS", "exact")),
    # a name before a street word names the street when the text places it elsewhere
    ("On 5 May 2024, about 300 veterans rallied on Independence Square in Kyiv to demand "
     "higher pensions.", ("Kyiv", "UA", "exact")),
])
def test_where_the_coders_place_is_read_at_its_level(text, where):
    [event] = events_of(text)
    assert (event["place"], event["country_code"], event["precision"]) == where


@pytest.mark.parametrize(("text", "found"), [
    ("On 6 May 2024, around 60 women gathered at the town hall of Kaya to demand the release "
     "of their sons.", True),
    ("On 6 May 2024, traders assembled in front of the governorate in Gafsa to denounce new "
     "taxes.", True),
    ("On 6 May 2024, hundreds of mourners gathered for the funeral of a chief in Gao.", False),
    ("On 6 May 2024, JNIM militants gathered in a forest near Gao to denounce the junta.",
     False),
])
def test_a_gathering_is_a_protest_only_for_a_cause(text, found):
    events = events_of(text)
    assert [e["type"] for e in events] == (["Protests"] if found else [])


# -- coders' notes of the session of 2026-12-07 (morning) ---------------------------------

@pytest.mark.parametrize("count", ["at least", "at most", "more than"])
def test_a_count_after_the_verb_keeps_it_active(count):
    [event] = events_of(f"On 4 May 2024, armed bandits killed {count} 12 farmers near Gusau.")
    assert event["type"] == "Violence against civilians"
    assert event["actors"][0] == "Unidentified armed group (Nigeria)"  # ACLED's name
    assert "Civilians" in event["actors"][1]


def test_a_signed_cessation_of_hostilities_is_an_agreement_not_fighting():
    [event] = events_of("On 9 May 2024, the Sudanese army and the RSF signed a cessation of "
                        "hostilities agreement in Jeddah.")
    assert (event["type"], event["sub_type"]) == ("Strategic developments", "Agreement")


def test_people_owning_the_thing_named_are_acted_upon_not_who_acted():
    [event] = events_of("On 4 May 2024, gunmen stopped a minibus near Gusau, searched the "
                        "bags of travellers and shot dead five of them.")
    assert event["type"] == "Violence against civilians"
    assert event["actors"][0] == "Unidentified armed group (Nigeria)"


def test_a_name_the_coders_address_abroad_is_the_one_in_their_province():
    # the index's "Musakhel" alone is a district of Khost, Afghanistan; the coders'
    # bracket names the town in Balochistan, Pakistan
    [event] = events_of("On 4 May 2024, gunmen abducted three teachers in Musakhel "
                        "(Musakhel, Balochistan).")
    assert (event["country_code"], event["admin1"]) == ("PK", "Balochistan")


@pytest.mark.parametrize("road", ["the Maiduguri-Damboa road", "the Maiduguri road"])
def test_a_town_naming_a_road_gives_way_to_the_place_on_it(road):
    [event] = events_of(f"On 4 May 2024, a roadside bomb hit a truck on {road} near "
                        "Sabon Gari village (Damboa, Borno), killing two drivers.")
    assert event["place"] == "Damboa"


@pytest.mark.parametrize("text", [
    # a body found, no one seen to kill: an attack on a civilian (ACLED)
    "On 4 May 2024, a trader's body was found near Culiacan with gunshot wounds.",
    # a place only civilians are in, after the first act told, not only after the toll
    "On 4 May 2024, gunmen raided a polling unit in Ankpa, wounding four people.",
    "On 4 May 2024, bandits attacked a village near Gusau, killing three.",
    # armed settlers are a militia attacking farmers
    "On 4 May 2024, Israeli settlers attacked Palestinian farmers near Nablus.",
])
def test_civilians_harmed_where_the_note_names_them_only_by_place_or_find(text):
    [event] = events_of(text)
    assert event["type"] == "Violence against civilians"


@pytest.mark.parametrize("text", [
    # the body word and the verb of finding apart, in either order
    "On 4 May 2024, the body of a young shepherd was found near Kaduna.",
    "On 4 May 2024, the bodies of two fishermen with stab wounds were discovered near Mopti.",
    "On 4 May 2024, three corpses were later recovered from a well near Gao.",
    "On 4 May 2024, villagers found the bodies of five herders near Djibo.",
])
def test_a_body_found_with_words_between_is_an_attack_on_civilians(text):
    [event] = events_of(text)
    assert (event["type"], event["sub_type"]) == ("Violence against civilians", "Attack")


@pytest.mark.parametrize("text", [
    "On 4 May 2024, the electoral body found no fraud in Kano.",
    "On 4 May 2024, a governing body was set up in Gao.",
])
def test_a_body_not_found_dead_tells_no_attack(text):
    assert all(e["type"] != "Violence against civilians" for e in events_of(text))


def test_a_crowd_burning_a_police_station_is_a_riot():
    [event] = events_of("On 4 May 2024, an angry crowd torched the police station of "
                        "Garissa after a man died in a cell.")
    assert event["type"] == "Riots"
    assert event["actors"][0].startswith("Rioters")


def test_a_crowd_marching_for_a_cause_is_a_protest():
    [event] = events_of("On 4 May 2024, a crowd marched through Kisumu to demand lower "
                        "fuel prices.")
    assert event["type"] == "Protests"


@pytest.mark.parametrize("claim", ["claimed the bombing", "has claimed the attack",
                                   "claimed responsibility"])
def test_an_armed_group_claiming_the_incident_in_a_later_sentence_acted(claim):
    [event] = events_of("On 4 May 2024, a bomb went off at a bus station in Peshawar, "
                        f"killing four travellers. The TTP {claim}.")
    assert event["actor1"][0].startswith("Tehrik-i-Taliban Pakistan")


def test_an_armed_group_blamed_in_a_later_sentence_acted_when_no_one_else_did():
    [event] = events_of("On 4 May 2024, the bodies of three traders were found near Djenne. "
                        "Relatives blamed Dozo militiamen for the killings.")
    assert event["actor1"][0] == "Dozo hunters"
    [event] = events_of("On 4 May 2024, JNIM fighters raided a hamlet near Djenne, killing "
                        "three herders. Officials accused the Dozo of the attack.")
    assert event["actor1"][0].startswith("Jama'at Nusrat al-Islam")


def test_a_claim_of_territory_is_no_claim_of_the_incident():
    events = events_of("On 4 May 2024, shells hit a market in Kupiansk, killing two "
                       "women. Russian forces claimed the town the next week.")
    assert not events[0]["actor1"] or not events[0]["actor1"][0].startswith("Russia")


@pytest.mark.parametrize(("text", "place"), [
    ("On 4 May 2024, Russian forces shelled Chasiv Yar, wounding a woman.", "Chasiv Yar"),
    ("On 4 May 2024, heavy fighting went on near Vuhledar.", "Vuhledar"),
])
def test_a_note_naming_no_country_places_a_town_alone_of_its_name(text, place):
    # the attackers' country ("Russian forces") says who fired, not where
    [event] = events_of(text)
    assert (event["place"], event["country_code"]) == (place, "UA")


@pytest.mark.parametrize("text", [
    "On 4 May 2024, Russian troops advanced west of Toretsk.",
    "On 4 May 2024, Ukrainian forces made marginal gains near Kupiansk.",
    "On 4 May 2024, M23 rebels gained ground towards Sake.",
])
def test_an_advance_on_the_front_is_fighting(text):
    [event] = events_of(text)
    assert event["type"] == "Battles" and event["actor1"]


@pytest.mark.parametrize("text", [
    "On 4 May 2024, ceasefire talks advanced in Doha.",
    "On 4 May 2024, the army showed its advanced rifles in Kyiv.",
    "On 4 May 2024, the bank made gains in Lagos.",
])
def test_an_advance_of_talks_weapons_or_money_is_no_fighting(text):
    assert events_of(text) == []


@pytest.mark.parametrize("text", [
    "On 4 May 2024, a trader was shot dead by gunmen in Zaria.",
    "On 4 May 2024, a trader was shot by gunmen in Zaria.",
    "On 4 May 2024, a nurse of the district clinic was shot dead by bandits in Zaria.",
])
def test_who_was_shot_in_the_passive_was_acted_upon(text):
    # the cue holds its auxiliary ("was shot"): the word before it is the subject of a
    # passive, not a modifier of the act ("Russian helicopter attack")
    [event] = events_of(text)
    assert event["type"] == "Violence against civilians"
    assert [a.split(" (")[0] for a in event["actor2"]] == ["Civilians"]
    assert not any(a.startswith("Civilians") for a in event["actor1"])


@pytest.mark.parametrize("after", ["after fighting ISWAP fighters",
                                   "after clashes with ISWAP fighters",
                                   "following heavy fighting against ISWAP fighters"])
def test_the_side_fought_before_a_capture_is_acted_upon(after):
    [event] = events_of(f"On 4 May 2024, Nigerian troops retook Marte {after}.")
    assert event["actor1"][0].startswith("Nigeria")
    assert any(a.startswith("Islamic State West Africa") for a in event["actor2"])


@pytest.mark.parametrize("text", [
    "On 4 May 2024, police detained 4 youths following the murder of a trader in Jos.",
    "On 4 May 2024, police arrested 2 men suspected of the killing of a herder in Jos.",
])
def test_an_arrest_over_a_killing_told_elsewhere_is_the_arrest(text):
    [event] = events_of(text)
    assert (event["type"], event["sub_type"]) == ("Strategic developments", "Arrests")


def test_deaths_after_shelling_keep_the_shelling_as_their_cause():
    [event] = events_of("On 4 May 2024, a woman died in hospital in Kherson after Russian "
                        "shelling.")
    assert event["type"] == "Explosions/Remote violence"


@pytest.mark.parametrize(("text", "event_type"), [
    ("On 4 May 2024, a shopkeeper was shot near Zaria.", "Violence against civilians"),
    ("On 4 May 2024, three soldiers were shot near Gao.", "Battles"),
])
def test_people_shot_with_no_one_named_who_shot_them(text, event_type):
    [event] = events_of(text)
    assert event["type"] == event_type


def test_an_attack_on_a_place_only_civilians_are_in_is_violence():
    [event] = events_of("On 4 May 2024, an attack on a mosque in Zaria killed three "
                        "worshippers.")
    assert event["type"] == "Violence against civilians"
    assert events_of("On 4 May 2024, a cyber attack on a hospital in Zaria cut power.") == []


def test_a_film_shot_somewhere_is_no_shooting():
    assert events_of("On 4 May 2024, the film was shot in Ouarzazate.") == []


def test_one_aid_worker_killed_is_a_civilian_harmed():
    [event] = events_of("On 4 May 2024, gunmen killed a humanitarian worker near Kaga "
                        "Bandoro.")
    assert event["type"] == "Violence against civilians"


def test_homes_bulldozed_are_property_destroyed():
    [event] = events_of("On 4 May 2024, Israeli troops bulldozed two houses in Tubas.")
    assert (event["type"], event["sub_type"]) == ("Strategic developments",
                                                  "Looting/property destruction")


def test_the_bodies_of_soldiers_found_are_not_civilians_harmed():
    events = events_of("On 4 May 2024, militants ambushed a patrol near Gao. The bodies of "
                       "three soldiers were recovered.")
    assert [e["type"] for e in events] == ["Battles"]


@pytest.mark.parametrize("district", ["Bawku Municipal", "Bawku West"])
def test_a_district_named_after_its_town_and_a_part_is_that_town(district):
    [event] = events_of(f"On 4 May 2024, gunmen killed two herders in Zongoiri village "
                        f"({district}, Upper East).")
    assert (event["place"], event["precision"]) == ("Bawku", "adm2")


@pytest.mark.parametrize(("text", "actor1", "actor2"), [
    # an active verb before the clause's head gives who acted
    ("On 4 May 2024, Fano militiamen clashed with ENDF soldiers in Bahir Dar, leaving six "
     "fighters dead.", "Fano", "Ethiopian National Defense Force"),
    ("On 4 May 2024, Nigerian troops raided ISWAP camps near Monguno and killed 12 "
     "insurgents.", "Nigeria", "Islamic State West Africa"),
    # a participle's subject is the sentence's
    ("On 4 May 2024, the IDF struck a car near Tyre, killing a Hezbollah fighter.",
     "Israel Defense Forces", "Hezbollah"),
])
def test_who_acted_when_the_head_of_the_clause_is_a_later_word(text, actor1, actor2):
    [event] = events_of(text)
    assert event["actor1"] and event["actor1"][0].startswith(actor1)
    assert any(a.startswith(actor2) for a in event["actor2"])


def test_an_armed_side_that_struck_used_remote_weapons():
    [event] = events_of("On 4 May 2024, Israeli forces struck a house in Tyre, killing three "
                        "civilians.")
    assert (event["type"], event["sub_type"]) == ("Explosions/Remote violence",
                                                  "Air/drone strike")


def test_an_earthquake_that_struck_is_no_event():
    assert events_of("On 4 May 2024, an earthquake struck Herat, killing 20 people.") == []


def test_a_toll_field_saying_nothing_is_no_second_event():
    events = events_of("On 4 May 2024, RSF fighters looted shops in Nyala. Fatalities "
                       "unknown. Casualties were not reported.")
    assert [e["type"] for e in events] == ["Strategic developments"]


def test_the_date_of_an_incident_referred_to_is_not_the_event_s():
    [event] = events_of("On 9 May 2024, in retaliation for an ambush on their convoy on 6 "
                        "May, soldiers killed nine villagers near Djenne.")
    assert event["date"] == "2024-05-09"


@pytest.mark.parametrize("phrase", ["attributed to", "blamed on"])
def test_an_act_attributed_to_a_side_was_that_side_s(phrase):
    [event] = events_of(f"On 4 May 2024, an airstrike {phrase} the Sudanese army killed "
                        "11 civilians in a market in Kabkabiya.")
    assert event["actor1"] == ["Sudanese Armed Forces (SAF)"]


def test_a_stabbing_by_unidentified_people_is_violence_against_a_civilian():
    [event] = events_of("On 4 May 2024, a trader was stabbed to death by unknown persons in "
                        "Tamale.")
    assert (event["type"], event["actor1"]) == ("Violence against civilians",
                                                ["Unidentified armed group (Ghana)"])


def test_what_had_happened_before_is_background_not_another_event():
    events = events_of("On 4 May 2024, RSF fighters attacked Wad Rawah village near Al "
                       "Manaqil, killing nine villagers. The RSF had taken control of most "
                       "of the state in December 2023.")
    assert [(e["type"], e["date"]) for e in events] == [("Violence against civilians",
                                                         "2024-05-04")]


def test_the_motive_for_the_killing_is_no_second_killing():
    events = events_of("On 4 May 2024, gunmen shot dead a trader in Tamale. The motive for "
                       "the killing is unknown. Police have opened an investigation.")
    assert [(e["type"], e["actor2"]) for e in events] == [
        ("Violence against civilians", ["Civilians (Ghana)"])]


def test_the_side_the_first_sentence_says_was_attacked_stays_so():
    [event] = events_of("On 4 May 2024, JNIM militants ambushed a convoy of FAMa soldiers "
                        "near Diabaly. The army said it killed 15 assailants.")
    assert event["actor1"] == ["Jama'at Nusrat al-Islam wal-Muslimin (JNIM)"]
    assert event["actor2"] == ["Malian Armed Forces (FAMa)"]


def test_a_written_date_beats_a_relative_one_in_the_same_clause():
    [event] = events_of("On 5 March 2024, Russian forces launched 30 drones overnight at "
                        "Odesa, killing two civilians.")
    assert event["date"] == "2024-03-05"


@pytest.mark.parametrize("text, where", [
    # a town of a large raion of 2020, alone of its name in its oblast
    ("On 4 May 2024, Russian forces shelled Vovchansk (Chuhuivskyi raion, Kharkiv oblast), "
     "wounding two civilians.", "Vovchansk"),
    # "Oblt" as coders abbreviate an oblast
    ("Soldier died under mortar fire at Krymske, Luhansk Oblt on 3 Oct 2021.", "Krymske"),
])
def test_ukrainian_towns_with_their_raion_or_oblast_as_written(text, where):
    [event] = events_of(text)
    assert event["place"] == where


def test_an_alias_written_with_brackets_is_read_with_them():
    [event] = events_of("On 4 May 2024, CPI (Maoist) cadres ambushed a police patrol near "
                        "Dantewada.")
    assert event["actor1"] == ["Communist Party of India (Maoist)"]


def test_armed_men_burning_vehicles_destroy_property():
    [event] = events_of("On 4 May 2024, cartel gunmen burned vehicles and blocked roads in "
                        "Apatzingan.")
    assert (event["type"], event["sub_type"]) == ("Strategic developments",
                                                  "Looting/property destruction")


@pytest.mark.parametrize(("text", "found"), [
    ("On 4 May 2024, Fano militiamen seized Lalibela after clashes with the ENDF.", True),
    # a town no index knows, with the coders' bracket
    ("On 4 May 2024, M23 rebels seized Kibirizi (Rutshuru, North Kivu) from the army.", True),
    ("On 4 May 2024, soldiers seized 40 AK-47 rifles and ammunition near Gao.", False),
    ("On 4 May 2024, the army took part in a parade in Gao.", False),
])
def test_territory_taken_with_a_verb_of_taking_and_its_place(text, found):
    events = events_of(text)
    assert bool(events) == found
    if found:
        assert events[0]["type"] == "Battles"


def test_what_a_side_says_it_had_done_is_the_event_when_nothing_else_is_told():
    [event] = events_of("On 4 May 2024, the TNLA announced it had captured Mogok after weeks "
                        "of fighting.")
    assert event["actor1"] == ["Ta'ang National Liberation Army (TNLA)"]
    assert event["date"] == "2024-05-04" and event["place"] == "Mogok"


def test_a_weapon_a_side_had_downed_is_a_disrupted_weapons_use():
    [event] = events_of("On 4 May 2024, the Houthis said they had shot down a US MQ-9 drone "
                        "over Saada.")
    assert (event["type"], event["sub_type"]) == ("Strategic developments",
                                                  "Disrupted weapons use")


def test_people_blocking_a_road_for_a_cause_protest():
    [event] = events_of("On 4 May 2024, about 200 farmers blocked the highway near Patiala to "
                        "demand higher crop prices.")
    assert event["type"] == "Protests"


def test_troops_a_crowd_wants_gone_do_not_intervene():
    [event] = events_of("On 4 May 2024, about 300 people rallied in Bamako demanding the "
                        "departure of French troops.")
    assert event["sub_type"] == "Peaceful protest"


def test_the_day_a_report_was_made_is_not_the_event_s():
    [event] = events_of("Around 2 April 2024 (as reported on 9 April), militants beheaded "
                        "three villagers near Mocimboa da Praia.")
    assert event["date"] == "2024-04-02"


@pytest.mark.parametrize(("text", "actor1", "actor2"), [
    ("On 4 May 2024, Russian and Ukrainian forces clashed near Vuhledar.",
     ["Armed Forces of the Russian Federation"], ["Armed Forces of Ukraine"]),
    ("On 4 May 2024, Rwandan and Mozambican troops ambushed insurgents near Palma, killing "
     "six of them.", ["Rwanda armed forces", "Mozambique armed forces"], ["Insurgents"]),
])
def test_two_demonyms_sharing_one_noun_are_two_actors(text, actor1, actor2):
    [event] = events_of(text)
    assert event["actor1"] == actor1
    assert [a for a in event["actor2"] if a in actor2] == actor2


def test_a_drone_named_by_its_kind_after_the_demonym_is_that_side_s():
    [event] = events_of("On 4 May 2024, a Russian FPV drone hit a car in Kherson, wounding "
                        "the driver.")
    assert event["actor1"] == ["Armed Forces of the Russian Federation"]


def test_what_a_note_tells_of_the_next_day_does_not_change_its_event():
    events = events_of("On 4 May 2024, JNIM militants attacked Kalsaka and killed 12 VDP "
                       "members. The next day, the army conducted airstrikes on the "
                       "militants' positions.")
    assert [e["type"] for e in events] == ["Battles"]


def test_arrests_ahead_of_a_planned_march_are_no_protest():
    [event] = events_of("On 4 May 2024, police arrested 23 opposition members in Kinshasa "
                        "ahead of a planned march.")
    assert (event["type"], event["sub_type"]) == ("Strategic developments", "Arrests")


def test_a_district_read_outside_the_province_the_bracket_names_gives_way():
    # the index's Bassa district alone is Kogi's; the coders' bracket names Plateau's
    [event] = events_of("On 4 May 2024, gunmen killed five farmers in Bassa LGA (Bassa, "
                        "Plateau).")
    assert event["admin1"] == "Plateau"


def test_what_a_side_said_it_had_done_is_reported_not_background():
    events = events_of("On 4 May 2024, JNIM attacked a convoy near Boni. The same week, the "
                       "army said it had repelled attacks near Douentza.")
    assert len(events) == 2


def test_counted_animals_or_things_are_no_toll():
    [event] = events_of("On 4 May 2024, bandits rustled over 100 cattle and killed two "
                        "herders near Zurmi.")
    assert event["fatalities"] == 2


@pytest.mark.parametrize(("text", "found"), [
    ("Heavy losses reported in renewed eastern Ukraine fighting", True),
    ("Washington budget fight looms", False),
])
def test_fighting_named_after_the_land_it_rages_in_is_armed(text, found):
    assert bool(events_of(text)) == found


def test_where_a_later_sentence_was_said_is_no_second_incident():
    # the toll is told from the capital, the attack was near Gao: one event, near Gao
    [event] = extract_text(
        "On 9 May 2024, ISGS fighters ambushed an army convoy near Gao. The army said in a "
        "communique issued in Bamako that 14 assailants were killed.").to_json()["events"]
    assert (event["place"], event["precision"]) == ("Gao", "near")
    assert event["fatalities"] == 14
    # with nothing else told, where it was said still places the event
    [event] = extract_text("Police said in Kano that gunmen shot dead two traders on 9 May "
                           "2024.").to_json()["events"]
    assert event["place"] == "Kano"


def test_a_ground_attack_told_first_stays_a_battle_when_the_response_is_from_the_air():
    [event] = extract_text(
        "On 9 May 2024, ISGS fighters stormed an army camp near Gao, killing four soldiers. "
        "The army responded with air strikes.").to_json()["events"]
    assert event["type"] == "Battles"
    # weapons from afar in the main sentence decide, as before
    [event] = extract_text("On 9 May 2024, ISGS fighters shelled an army camp near Gao, "
                           "killing four soldiers.").to_json()["events"]
    assert event["type"] == "Explosions/Remote violence"


def test_forces_sent_to_the_scene_afterwards_are_no_second_event():
    [event] = extract_text(
        "On 9 May 2024, bandits raided a village near Gusau, killing 11 farmers. Granaries "
        "were burned. Police deployed to the area the next day.").to_json()["events"]
    assert event["type"] == "Violence against civilians" and event["fatalities"] == 11
    # a named territory entered is still a transfer of it
    [event] = extract_text("On 9 May 2024, the army deployed to Anefis after the rebels "
                           "withdrew.").to_json()["events"]
    assert event["type"] == "Strategic developments"


def test_a_killed_commander_is_a_toll():
    [event] = extract_text("On 9 May 2024, a drone strike near Idlib killed a HTS "
                           "commander.").to_json()["events"]
    assert event["fatalities"] == 1


def test_weapons_the_attackers_carried_are_not_what_they_hit():
    [event] = events_of("CODECO militiamen attacked three villages near Djugu on Sunday "
                        "with machetes and guns. Local officials said 14 civilians were "
                        "killed.")
    assert event["type"] == "Violence against civilians"


def test_fighting_an_attack_is_linked_to_is_no_part_of_it():
    [event] = events_of("Gunmen opened fire on a family at a restaurant in Culiacan on "
                        "Sunday, killing four. Police linked the killings to the fighting "
                        "between two cartel factions.")
    assert event["type"] == "Violence against civilians"


def test_people_giving_a_toll_are_its_source_not_a_crowd():
    [event] = events_of("RSF fighters stormed a village near Sennar on Sunday and opened "
                        "fire on residents. Activists put the toll at 20 to 25 dead.")
    assert event["type"] == "Violence against civilians"
    assert not any("Protesters" in a or "Rioters" in a for a in event["actors"])


def test_a_group_suspected_or_accused_at_the_end_of_a_clause_acted():
    [event] = events_of("A bomb went off in a bar in Beni on Sunday, killing 3 people. No "
                        "one claimed the blast, but officials suspected the ADF.")
    assert any("ADF" in a for a in event["actors"][:1])
    [event] = events_of("Gunmen shot dead two herders near Djibo on Sunday. Residents "
                        "accused JNIM, which operates in the area.")
    assert "JNIM" in event["actors"][0]
    # a suspicion never overrides who the text says acted
    [event] = events_of("ISWAP fighters raided Malam Fatori on Sunday, killing 5 soldiers. "
                        "Officials suspected Boko Haram, which denied it.")
    assert "ISWAP" in event["actors"][0]


# -- coders' actor names and sub-district places (session 31) ------------------------------

def test_a_coders_forces_name_is_an_actor_not_a_date_or_a_place():
    [event] = events_of("On 14 October 2023, Military Forces of Niger (2023-) clashed with "
                        "IS Sahel fighters near Ayorou (Tillaberi). The army said 6 "
                        "militants were killed.")
    assert event["place"] == "Ayorou" and event["date"] == "2023-10-14"
    assert event["actors"][0].startswith("Niger") and event["fatalities"] == 6
    [event] = events_of("On 2 March 2024, Police Forces of Senegal (2012-2024) fired tear "
                        "gas at protesters in Ziguinchor.")
    assert event["place"] == "Ziguinchor" and event["date"] == "2024-03-02"
    # a sentence naming such forces goes on telling the incident (its years are no date)
    [event] = events_of("On 5 May 2024, protesters set fire to tyres and a police post in "
                        "Kisumu. Police Forces of Kenya (2022-) fired on them, killing 2 "
                        "people.")
    assert event["place"] == "Kisumu" and event["fatalities"] == 2
    # "the shelling of Ukraine" names no forces
    [event] = events_of("Three people were killed in the shelling of Ukraine's Kharkiv.")
    assert not any("Armed Forces" in a for a in event["actors"])


def test_a_village_read_abroad_gives_way_to_the_district_named_after_it():
    [event] = events_of("On 8 May 2024, gunmen killed three traders in Kasserine village, "
                        "Bankass cercle (Mopti).")
    assert event["country_code"] == "ML" and event["precision"] == "adm2"


def test_a_town_after_a_direction_of_is_asked_when_the_spotter_lacks_it():
    [event] = events_of("On 8 May 2024, Houthi fighters attacked a government position "
                        "north of Dhalea city.")
    assert event["country_code"] == "YE" and event["precision"] == "near"


@pytest.mark.parametrize("text", [
    "On 2 June 2024, JNIM fighters set up their headquarters in Boni, Douentza cercle.",
    "On 2 June 2024, the ADF established a new base in the forest near Eringeti.",
])
def test_a_headquarters_or_base_set_up_is_a_strategic_development(text):
    [event] = events_of(text)
    assert event["sub_type"] == "Headquarters or base established"


def test_an_unknown_village_before_a_district_with_its_area_word_sits_in_the_district():
    [event] = events_of("On 8 June 2024, bandits abducted 9 farmers near Tudun Wada village, "
                        "Bokkos LGA (Plateau).")
    assert event["place"] == "Bokkos" and event["precision"] == "adm2"


def test_who_holds_the_place_is_no_party():
    [event] = events_of("On 2 July 2024, gunmen shot dead a teacher in Raqqa, a city "
                        "controlled by the SDF.")
    assert event["type"] == "Violence against civilians"
    assert not any("SDF" in a for a in event["actors"])
    # the agent of the event's own passive verb still acted
    [event] = events_of("On 2 July 2024, a teacher was shot dead in Raqqa by SDF fighters.")
    assert "SDF" in event["actors"][0]


def test_a_subject_reaches_its_verb_over_a_relative_clause():
    # the past perfect of the relative clause does not make the main verb background
    [event] = events_of("On 3 June 2024, ISWAP fighters, who had besieged the town for "
                        "weeks, attacked the army base in Monguno.")
    assert "ISWAP" in event["actors"][0] and event["date"] == "2024-06-03"
    # a group named inside the relative clause is not the subject
    [event] = events_of("On 3 June 2024, the CODECO militiamen, who are allied with a "
                        "Zaire faction, killed 6 displaced people near Bunia.")
    assert "CODECO" in event["actors"][0]
    assert not any("Zaire" in a for a in event["actors"])


def test_a_verb_after_a_linked_group_is_the_event_not_a_reference():
    [event] = events_of("On 3 June 2024, ADF rebels linked to the Islamic State killed 9 "
                        "farmers near Oicha.")
    assert event["date"] == "2024-06-03" and event["fatalities"] == 9
    assert "ADF" in event["actors"][0]


def test_a_bracketed_district_of_another_country_gives_way_to_the_province():
    # Burkina Faso has a Kaya; the coders' Kaya lies in Chad's Lac province
    [event] = events_of("On 8 May 2024, Chadian troops repelled Boko Haram fighters near "
                        "Bagasola village (Kaya, Lac), the army said.")
    assert event["country_code"] == "TD"
    assert not any("Burkina" in a for a in event["actors"])


def test_the_side_named_with_its_members_before_withdrew_is_acted_upon():
    [event] = events_of("On 8 May 2024, the army took control of Tibu without resistance "
                        "after ELN guerrillas withdrew.")
    assert any("ELN" in a for a in event["actors"])


def test_a_town_close_to_which_it_happened_is_asked_in_its_other_spellings():
    # the index writes these towns with a final "h"
    [event] = events_of("On 4 May 2024, RSF fighters shot dead 3 traders in Kabkabiya, "
                        "North Darfur.")
    assert event["precision"] == "exact" and event["country_code"] == "SD"
    [event] = events_of("On 4 May 2024, an IED hit an army truck close to Qayyara, Nineveh "
                        "governorate.")
    assert event["precision"] == "near" and event["country_code"] == "IQ"


@pytest.mark.parametrize("text", [
    "On 4 May 2024, a march of teachers turned violent in Bukavu when marchers stoned "
    "police cars.",
    "On 4 May 2024, residents burned tires and blocked the road in Cap-Haitien to protest "
    "insecurity.",
])
def test_a_demonstration_with_stones_or_burning_tires_is_a_riot(text):
    [event] = events_of(text)
    assert event["type"] == "Riots"


def test_a_name_its_area_word_follows_is_asked_as_that_area():
    # the village is unknown; the locality after it, named before its area word, is not
    [event] = events_of("On 4 May 2024, RSF fighters killed 7 civilians in the village of "
                        "Um Shagara, Al Managil locality (Gezira).")
    assert event["country_code"] == "SD" and event["precision"] == "adm2"


def test_the_area_words_of_south_asia_and_their_bracket():
    # an upazila, a tehsil: districts; the bracket after the area word still qualifies it
    [event] = events_of("On 4 May 2024, ARSA members attacked a camp in Teknaf upazila "
                        "(Cox's Bazar), killing 3 people.")
    assert event["place"] == "Teknāf" and event["precision"] == "adm2"
    [event] = events_of("On 4 May 2024, ARSA members attacked a camp in Balukhali, Ukhia "
                        "upazila (Cox's Bazar), killing 3 people.")
    assert event["country_code"] == "BD" and event["precision"] != "country"


def test_a_place_named_like_a_weapon_is_no_armed_object():
    [event] = events_of("On 4 May 2024, unidentified gunmen shot dead a trader in Tank "
                        "tehsil (Khyber Pakhtunkhwa).")
    assert event["type"] == "Violence against civilians"
    # the weapon itself still is
    [event] = events_of("On 4 May 2024, gunmen attacked an army tank near Gao, killing 2 "
                        "soldiers.")
    assert event["type"] == "Battles"


# -- session 32: regions and shapes the older notes lacked --------------------------------

def test_a_province_named_city_by_the_coders_is_the_town():
    # "X city (X governorate)": the town, not the governorate of its name
    [event] = events_of("On 4 May 2024, an air strike hit a fuel depot in Saada city (Saada "
                        "governorate), killing 3 workers.")
    assert event["country_code"] == "YE" and event["precision"] == "exact"


def test_a_capital_outside_the_province_of_its_name_is_the_capital():
    # Maputo the city lies outside Maputo Province; the name alone means the city
    [event] = events_of("On 4 May 2024, riot police dispersed a march of teachers in Maputo.")
    assert event["precision"] == "exact" and event["lat"] < -25.8
    [event] = events_of("On 4 May 2024, police arrested 12 traders in Maputo province.")
    assert event["precision"] == "adm1"


@pytest.mark.parametrize("text", [
    "On 4 May 2024, hundreds of traders rallied in Independence square in Kyiv against "
    "new taxes.",
    "On 4 May 2024, hundreds of traders rallied at the Plaza de Independencia in Quito "
    "against new taxes. Police fired tear gas near the Plaza de Independencia.",
])
def test_a_square_is_no_town_of_its_name(text):
    # a square written in lower case or in the place's language names no town abroad
    [event] = events_of(text)
    assert event["country_code"] in ("UA", "EC")


def test_where_people_fled_to_is_not_where_the_event_was():
    [event] = events_of("On 4 May 2024, FARDC troops attacked CODECO fighters in Djugu "
                        "territory (Ituri). Hundreds of families fled towards Bunia.")
    assert event["place"] == "Djugu"
    # the only place a destination: the country, not the town
    [event] = events_of("On 4 May 2024, gunmen ambushed a minibus bound for Bunia, killing "
                        "5 passengers.")
    assert event["precision"] == "country" and event["country_code"] == "CD"
    [event] = events_of("On 4 May 2024, the SDF repelled an attack by tribal fighters near "
                        "Busayrah; two attackers were killed and the rest withdrew across "
                        "the Khabur river.")
    assert event["fatalities"] == 2


def test_a_date_before_a_noun_names_another_event():
    [event] = events_of("On 12 June 2024, several thousand members and supporters of the "
                        "teachers' union marched in Lusaka against the 3 May pay deal.")
    assert event["date"] == "2024-06-12"


@pytest.mark.parametrize("text, kind", [
    ("On 4 May 2024, soldiers shot two herders dead near Bossangoa.",
     "Violence against civilians"),
    ("On 4 May 2024, armed men killed four members of a family in their house near "
     "Uruapan.", "Violence against civilians"),
    ("On 4 May 2024, police found and destroyed a cache of grenades and rifles in a "
     "forest near Beni.", "Strategic developments"),
    ("On 4 May 2024, the army engaged Boko Haram fighters near Bama.", "Battles"),
    ("On 4 May 2024, Al Shabaab fighters fired several mortar rounds at a police station in "
     "Beledweyne.", "Explosions/Remote violence"),
])
def test_shapes_of_violence_the_coders_write(text, kind):
    [event] = events_of(text)
    assert event["type"] == kind


def test_engaging_in_talks_is_no_attack():
    assert not events_of("On 4 May 2024, the army engaged in talks with community leaders "
                         "in Bama.")


def test_beaten_to_death_before_the_victim_is_counted():
    [event] = events_of("On 4 May 2024, villagers beat to death a young man suspected of "
                        "theft in Nyakabanda.")
    assert event["fatalities"] == 1


def test_a_local_groups_event_the_text_places_nowhere_is_in_its_own_country():
    """Before, "M23 rebels seized Minova" (a town the bundled data lacks) in a story that
    names only Rwanda, accused of backing them, was drawn in Rwanda: the article's main
    country. The armed group's own country is taken when the main country is none of the
    parties'."""
    [event] = events_of("M23 rebels seized Minova on Tuesday. Kinshasa's rival Kigali denied "
                        "backing the rebels, Rwanda's government said.")
    assert (event["country_code"], event["precision"]) == ("CD", "country"), event


def test_a_unit_known_only_with_its_kind_word_is_that_unit():
    # the regency's bare name is in no index; with its kind word it is Kabupaten Lanny Jaya
    [event] = events_of("On 4 May 2024, unknown gunmen killed 3 traders in Lanny Jaya "
                        "regency (Highland Papua).")
    assert event["precision"] == "adm2" and "Lanny Jaya" in event["place"]


def test_fireworks_thrown_at_the_police_make_a_riot():
    [event] = events_of("On 4 May 2024, protesters threw fireworks at police officers "
                        "guarding the parliament in Belgrade.")
    assert event["type"] == "Riots"


def test_a_member_of_a_group_killed_counts_one():
    [event] = events_of("On 4 May 2024, gunmen shot dead a member of a vigilante group in "
                        "Kebbe.")
    assert event["fatalities"] == 1


def test_whom_the_victims_were_accused_of_serving_is_no_party():
    [event] = events_of("On 4 May 2024, the army executed two farmers near Mopti, accusing "
                        "them of working for JNIM.")
    assert event["type"] == "Violence against civilians"
    assert not any("JNIM" in a for a in event["actors"])
    # the side accused of the event itself stays its author
    [event] = events_of("On 4 May 2024, gunmen killed 4 people in Kebbe; officials accused "
                        "Lakurawa of the attack.")
    assert event["actor1"] == ["Lakurawa"]


def test_tripolis_armed_groups_are_known_by_name():
    [event] = events_of("On 4 May 2024, fighters of the SSA and the Radaa clashed in the "
                        "Souq al-Juma district of Tripoli, killing 3 people.")
    assert {"Stability Support Apparatus (SSA)", "Special Deterrence Force (Radaa)"} \
        <= set(event["actors"])


def test_a_device_attributed_to_a_group_names_who_acted():
    [event] = events_of("On 4 May 2024, a roadside bomb hit a minibus north of Tahoua, "
                        "killing 4 traders. Residents attributed the bomb to IS Sahel.")
    assert event["actor1"] == ["Islamic State Sahel Province (IS Sahel)"]


def test_a_bomb_among_a_crowd_is_remote_violence():
    [event] = events_of("On 4 May 2024, a suicide bomber blew himself up at an election "
                        "rally in Quetta, killing 11 people.")
    assert event["type"] == "Explosions/Remote violence"


def test_what_a_crowd_celebrates_does_not_place_it():
    [event] = events_of("On 4 May 2024, hundreds of people rallied in Kosti to celebrate the "
                        "army's capture of El Obeid.")
    assert event["type"] == "Protests" and event["place"] == "Kosti"


def test_a_clash_with_gunfire_is_fighting():
    # two communities' young men fighting with guns: armed clashes, not an attack on them
    [event] = events_of("On 4 May 2024, fighting between Konkomba and Nanumba youths broke "
                        "out again in Bimbilla, with gunfire heard in several areas. Police "
                        "said 2 people died.")
    assert event["type"] == "Battles"
    # gunfire that hits people is no armed target
    [event] = events_of("On 4 May 2024, gunmen killed 3 villagers in a hail of gunfire near "
                        "Kebbe.")
    assert event["type"] == "Violence against civilians"


def test_protesters_burning_a_police_station_riot():
    [event] = events_of("On 4 May 2024, hundreds of opposition supporters protested in "
                        "Mwanza, burning a police station and two buses.")
    assert event["type"] == "Riots"


def test_an_armed_group_running_a_town_it_took():
    [event] = events_of("On 4 May 2024, the AFC/M23 announced the creation of its own "
                        "customs service and appointed new administrators in Uvira.")
    assert event["type"] == "Strategic developments"
    assert event["actor1"] and "M23" in event["actor1"][0]
    assert not any("Police" in a or "armed forces" in a for a in event["actor2"])


def test_a_missile_the_other_side_says_it_intercepted_is_one_event():
    [event] = events_of("On 4 May 2024, the Houthis launched a drone at Eilat; the Israeli "
                        "army said it was shot down over the sea.")
    assert event["type"] == "Strategic developments"
    assert event["actor1"][0] == "Houthis (Ansar Allah)"


def test_a_burmese_name_in_another_spelling():
    [event] = events_of("On 4 May 2024, the Arakan Army shelled a navy post near Kyaukphyu, "
                        "Rakhine state, wounding 3 sailors.")
    assert event["place"] == "Kyaukpyu"


def test_a_raion_seat_lies_where_the_clause_places_are():
    # Engels in Russia was once called Pokrovsk: not the seat of Donetsk's Pokrovsk raion
    [event] = events_of("On 4 May 2024, Russian troops struck Pokrovsk (Pokrovsk raion, "
                        "Donetsk) with glide bombs.")
    assert event["country_code"] == "UA"


@pytest.mark.parametrize(("text", "place", "country"), [
    ("On 4 May 2024, Russian forces shelled Kupiansk raion, killing two civilians.",
     "Kupyansk", "UA"),
    ("On 4 May 2024, Russian forces shelled Kupiansk district, killing two civilians.",
     "Kupyansk", "UA"),
    ("On 4 May 2024, Israeli aircraft struck Khan Younis governorate, killing five people.",
     "Khān Yūnis", "PS")])
def test_a_unit_named_with_its_kind_word_places_the_event_not_the_attackers(
        text: str, place: str, country: str) -> None:
    # the attackers' demonym was the article's only country: the unit the clause names,
    # in another country, was set aside as a misreading and the event fell back to Russia
    # (or Israel), its victims "Civilians (Russia)"
    [event] = events_of(text)
    assert (event["place"], event["country_code"]) == (place, country)
    assert event["precision"] in ("adm1", "adm2")
    assert all("Russia" not in victim for victim in event["actor2"])


def test_an_advance_into_a_village_is_fighting():
    [event] = events_of("On 4 May 2024, Russian units advanced into the village of "
                        "Ivanivske, east of Chasiv Yar.")
    assert event["type"] == "Battles"


def test_a_capital_after_an_unknown_neighbourhood_is_where():
    # the neighbourhood is in no index; the capital after it places the event, no state
    [event] = events_of("On 4 May 2024, a grenade exploded at a bus stop in Bab Touma, "
                        "Damascus, wounding 6 people.")
    assert event["place"] == "Damascus" and not event["actors"]


# -- session 33: shapes of the coder-style paragraphs t1-t60 ----------------------------

@pytest.mark.parametrize("text", [
    "On 4 May 2024, a drone struck a bus station in Kramatorsk, killing 3 people. The "
    "injured were rushed to a hospital in Dnipro.",
    "On 4 May 2024, gunmen attacked a church in Ondo town, killing 5 worshippers. Twelve "
    "wounded were taken to the teaching hospital in Akure.",
    "On 4 May 2024, a car bomb exploded outside the prison of Esmeraldas. The police said "
    "it followed the transfer of two inmates to Quito.",
])
def test_where_the_wounded_or_prisoners_were_taken_is_no_second_incident(text):
    [event] = events_of(text)
    assert event["place"] in ("Kramatorsk", "Ondo", "Esmeraldas")


def test_a_source_after_according_to_the_is_no_party():
    [event] = events_of("On 4 May 2024, bandits raided Kaura Namoda, Zamfara. At least 30 "
                        "villagers were killed, according to the UN, and dozens abducted.")
    assert "United Nations" not in event["actors"]
    assert event["fatalities"] == 30


@pytest.mark.parametrize(("text", "toll"), [
    ("On 4 May 2024, gunmen ambushed a minibus near Mubi, killing the driver.", 1),
    ("On 4 May 2024, an IED hit a patrol near Kidal, killing a Chadian peacekeeper.", 1),
    ("On 4 May 2024, gunmen shot dead a village head in Kajuru, Kaduna.", 1),
    ("On 4 May 2024, militants attacked a post in Kurram. At least 9 members of the "
     "security forces were killed, officials said.", 9),
])
def test_one_person_named_with_the_or_a_title_and_long_victims(text, toll):
    [event] = events_of(text)
    assert event["fatalities"] == toll


def test_the_with_a_plural_is_no_count_and_a_name_s_number_no_toll():
    [event] = events_of("On 4 May 2024, militants killed the soldiers guarding a bridge near "
                        "Gao.")
    assert not event["fatalities"]
    [event] = events_of("On 4 May 2024, residents of Cite Soleil 17 in Port-au-Prince "
                        "lynched two suspected thieves.")
    assert event["fatalities"] == 2


def test_displaced_people_killed_in_their_camp_is_violence_against_civilians():
    [event] = events_of("On 4 May 2024, CODECO militiamen killed eight displaced people in "
                        "the Lala camp near Bunia.")
    assert event["type"] == "Violence against civilians"


def test_an_aid_agency_s_staff_member_killed_is_a_civilian():
    [event] = events_of("On 4 May 2024, unidentified gunmen ambushed a car of an aid agency "
                        "near Bor, killing a staff member.")
    assert event["type"] == "Violence against civilians" and event["fatalities"] == 1


@pytest.mark.parametrize("text", [
    "On 4 May 2024, supporters of the ANC and the EFF clashed with sticks in Soweto.",
    "On 4 May 2024, opposition supporters who marched from Thika clashed with police "
    "in Nairobi.",
    "On 4 May 2024, students threw firecrackers at the riot police outside the congress "
    "in Lima.",
])
def test_crowds_that_clash_or_throw_firecrackers_riot(text):
    [event] = events_of(text)
    assert event["type"] == "Riots"


def test_a_stolen_vehicle_is_no_theft_told():
    [event] = events_of("On 4 May 2024, gunmen in a stolen car shot dead two police "
                        "officers in Culiacan.")
    assert event["type"] != "Strategic developments"


def test_a_capital_after_a_distance_and_bearing_is_where_not_the_state():
    [event] = events_of("On 4 May 2024, Al Shabaab detonated a roadside bomb against a "
                        "convoy near the Siinka Dheer junction, about 20 km west of "
                        "Mogadishu.")
    assert event["place"] == "Mogadishu" and event["precision"] == "near"
    assert "Somalia" not in event["actors"]


def test_a_district_with_a_bearing_from_the_capital_stays_the_district():
    [event] = events_of("On 4 May 2024, Iraqi troops arrested 3 suspects in Tarmiyah "
                        "district, north of Baghdad.")
    assert event["precision"] == "adm2"


def test_a_town_in_the_bracketed_district_s_province_farther_than_60_km_from_its_seat():
    # Mogok lies about 100 km from the seat of Pyin Oo Lwin district (Mandalay region)
    [event] = events_of("On 4 May 2024, the TNLA shelled a junta outpost in Mogok (Pyin Oo "
                        "Lwin district, Mandalay region).")
    assert event["place"] == "Mogok"


@pytest.mark.parametrize(("text", "group"), [
    ("On 4 May 2024, fighters of the Estado Mayor Central attacked an army base in El Plateado, "
     "Cauca.", "FARC dissidents (Estado Mayor Central, EMC)"),
    ("On 4 May 2024, FARC dissidents of the Segunda Marquetalia ambushed a police patrol in "
     "Tumaco.", "FARC dissidents (Segunda Marquetalia)"),
    ("On 4 May 2024, FARC dissidents ambushed a police patrol in Tumaco.", "FARC dissidents"),
])
def test_the_farc_dissident_groups_are_each_themselves(text, group):
    # rivals (ACLED codes each apart); the generic name beside a branch is the branch
    [event] = events_of(text)
    assert event["actor1"] == [group]


def test_unnamed_attackers_are_one_actor_of_the_country_by_acled_s_name():
    # "gunmen", "armed men", "assailants" were three actors named by their first wording
    data = extract_text("On 4 May 2024, gunmen killed two farmers near Gusau. On 6 May 2024, "
                        "armed men abducted a pastor in Kaduna. On 7 May 2024, assailants "
                        "burned a church near Jos.", article_date=ARTICLE_DATE).to_json()
    assert {a for e in data["events"] for a in e["actor1"]} == {
        "Unidentified armed group (Nigeria)"}


def test_a_gang_s_number_is_no_toll():
    [event] = events_of("On 4 May 2024, members of the Barrio 18 gang shot dead a taxi driver "
                        "in Tegucigalpa.")
    assert event["fatalities"] == 1


@pytest.mark.parametrize("text", [
    "On 4 May 2024, police arrested 30 opposition supporters in Harare as they prepared a "
    "march on parliament.",
    "On 4 May 2024, police arrested 8 activists at their homes in Conakry ahead of protests "
    "called by the opposition.",
])
def test_arrests_before_a_planned_protest_are_arrests(text):
    [event] = events_of(text)
    assert (event["type"], event["sub_type"]) == ("Strategic developments", "Arrests")


def test_a_capital_s_district_is_a_place_not_the_state():
    [event] = events_of("On 4 May 2024, youths burned tyres and blocked roads in Bamako's "
                        "Kalaban Coura district.")
    assert event["place"] == "Bamako" and "Mali" not in event["actors"]


def test_an_armed_group_that_beat_and_detained_people_attacked_them():
    [event] = events_of("On 4 May 2024, Imbonerakure members beat and detained three "
                        "opposition activists in Ngozi.")
    assert event["type"] == "Violence against civilians"


def test_a_later_sentence_without_violence_names_no_target():
    [event] = events_of("On 4 May 2024, CODECO militiamen killed six displaced people at a "
                        "site near Bunia. Peacekeepers deployed to the camp the next day.")
    assert event["type"] == "Violence against civilians"


def test_a_second_victim_after_and_the_is_one_more():
    [event] = events_of("On 4 May 2024, a roadside bomb hit a police truck near Sukma. Six "
                        "CRPF jawans and the driver were killed.")
    assert event["fatalities"] == 7


def test_whom_the_attackers_searched_for_is_no_party():
    [event] = events_of("On 4 May 2024, soldiers shot dead two farmers in Kumba during a "
                        "search for Amba fighters.")
    assert event["type"] == "Violence against civilians"
    assert event["actor2"] == ["Civilians (Cameroon)"]


def test_the_grievance_of_a_protest_is_a_reference_not_its_place():
    # what the crowd protested over happened elsewhere: the protest is where it gathered
    [event] = events_of("On 2 May 2024, traders in Quetta protested outside a police station "
                        "over the alleged beating of a boy by a police officer in Turbat.")
    assert event["type"] == "Protests" and event["place"] == "Quetta"


def test_a_wave_of_drones_launched_is_one_strike():
    # "a wave of" after a firing verb counts munitions, as "fired several rounds" does
    [event] = events_of("On 6 May 2025, the RSF launched a wave of drones at Kassala.")
    assert event["type"] == "Explosions/Remote violence"
    assert "Rapid Support Forces (RSF)" in event["actors"]


def test_it_was_the_first_attack_says_more_of_the_incident_told():
    [event] = events_of("On 6 May 2025, RSF drones struck a fuel depot in Kassala. It was "
                        "the first attack on the city, held by the army since 2023.")
    assert event["type"] == "Explosions/Remote violence" and event["place"] == "Kassala"


def test_the_attack_came_after_an_earlier_raid_adds_no_event():
    # "The attack came ... after": the incident told already; the raid before it, in
    # another district, is background the coders would not code again here
    [event] = events_of("On 2 June 2025, gunmen attacked Kwall village in Bassa LGA (Plateau "
                        "state), killing 12 people. The attack came a week after a raid on "
                        "villages of Bokkos LGA left 20 dead.")
    assert event["place"] == "Bassa" and event["fatalities"] == 12



def test_tear_gas_shells_and_the_drones_dropping_them_are_no_strike():
    [event] = events_of("On 6 March 2024, farmers protested in Sangrur (Punjab). Police fired "
                        "tear gas shells, some dropped from drones, at the crowd; dozens were "
                        "injured.")
    assert event["type"] == "Protests"


def test_where_marchers_were_heading_is_not_where_they_were_stopped():
    [event] = events_of("On 6 March 2024, farmers marching to Delhi were stopped by police "
                        "at a barricade in Kurukshetra (Haryana).")
    assert event["type"] == "Protests" and event["place"] == "Kurukshetra"


def test_an_explosive_laden_vehicle_driven_at_a_base_is_a_suicide_bomb():
    [event] = events_of("On 6 March 2025, TTP militants rammed an explosive-laden vehicle "
                        "into the gate of a police compound in Tank (Khyber Pakhtunkhwa) and "
                        "then tried to storm it.")
    assert (event["type"], event["sub_type"]) == ("Explosions/Remote violence", "Suicide bomb")


def test_a_later_days_violence_elsewhere_is_its_own_event_dated_from_the_first():
    # two incidents, each with its own violence, place and day: two events
    events = events_of("On 2 June 2025, gunmen attacked Kwall village in Bassa LGA (Plateau "
                       "state), killing 12 people. The next day, gunmen raided villages of "
                       "Bokkos LGA, killing 20.")
    assert [(e["place"], e["date"], e["fatalities"]) for e in events] == [
        ("Bassa", "2025-06-02", 12), ("Bokkos", "2025-06-03", 20)]


def test_a_later_days_follow_up_at_the_same_place_stays_the_incident():
    [event] = events_of("On 2 June 2025, gunmen attacked Kwall village in Bassa LGA (Plateau "
                        "state), killing 12 people. The next day, soldiers killed five of the "
                        "attackers near Bassa.")
    assert event["place"] == "Bassa"


def test_it_follows_an_earlier_attack_adds_no_event():
    [event] = events_of("On 3 May 2024, JNIM attacked an army post near Douentza, killing 10 "
                        "soldiers. It follows an attack last week in Hombori that killed 20 "
                        "soldiers.")
    assert event["place"] == "Douentza" and event["fatalities"] == 10


@pytest.mark.parametrize("text", [
    "On 3 June 2025, Russia and Ukraine exchanged 307 prisoners each at the border in Sumy "
    "oblast.",
    "On 3 June 2025, Russia and Ukraine held a prisoner exchange in Sumy oblast.",
])
def test_a_prisoner_exchange_is_an_agreement(text):
    [event] = events_of(text)
    assert (event["type"], event["sub_type"]) == ("Strategic developments", "Agreement")


def test_an_exchange_of_fire_is_no_agreement():
    [event] = events_of("On 3 June 2025, soldiers and militants exchanged fire near Bannu.")
    assert event["type"] == "Battles"


@pytest.mark.parametrize("text", [
    "On 9 March 2025, insurgents of the Gerakan Pembebasan Patani (GPP) detonated a bomb "
    "near a ranger post in Raman district (Yala province).",
    "On 9 March 2025, a bomb exploded near a ranger post in Raman district (Yala province). "
    "Police blamed insurgents of the Gerakan Pembebasan Patani (GPP).",
    "On 9 March 2025, an armed group claiming to belong to the Gerakan Pembebasan Patani "
    "(GPP) burned a school in Raman district (Yala province).",
])
def test_a_group_no_registry_lists_is_named_with_its_acronym(text):
    [event] = events_of(text)
    assert "Gerakan Pembebasan Patani (GPP)" in event["actors"]


def test_members_of_an_assembly_with_its_acronym_are_no_armed_group():
    [event] = events_of("On 9 March 2025, members of the National Assembly (NA) protested "
                        "in Abuja.")
    assert not any("National Assembly" in name for name in event["actors"])


def test_an_ambush_with_grenades_and_gunfire_is_an_armed_clash():
    [event] = events_of("On 8 July 2024, militants ambushed a police van with grenades and "
                        "gunfire near Sopore, killing two policemen.")
    assert event["type"] == "Battles"


def test_a_grenade_thrown_alone_stays_a_grenade_attack():
    [event] = events_of("On 8 July 2024, militants threw a grenade at a police post in "
                        "Sopore.")
    assert event["sub_type"] == "Grenade"


def test_one_of_several_attacks_lends_no_place_to_the_incident():
    # "The attack was one of several ... including in X": X is another attack's town
    [event] = events_of("On 2 June 2025, gunmen attacked Kwall village in Bassa LGA (Plateau "
                        "state), killing 12 people. The attack was one of several the "
                        "gunmen carried out across the state that night, including in "
                        "Bokkos.")
    assert event["place"] == "Bassa"


def test_an_armed_group_firing_on_protesters_is_violence_against_civilians():
    [event] = events_of("On 2 August 2024, armed colectivos opened fire on residents "
                        "protesting against the election result in Maracaibo, killing two.")
    assert event["type"] == "Violence against civilians"


@pytest.mark.parametrize("text", [
    "On 2 August 2024, hundreds of residents marched in Maracaibo to demand protection "
    "against gang attacks on the roads.",
    "On 2 August 2024, bus drivers marched in Maracaibo against extortion and killings of "
    "drivers by criminal gangs.",
])
def test_violence_a_protest_is_against_is_its_cause_not_its_attack(text):
    [event] = events_of(text)
    assert event["type"] == "Protests"


def test_the_taliban_firing_on_a_crowd_is_the_states_excessive_force():
    # the de facto authorities since 2021 (ACLED's "Military Forces of Afghanistan")
    [event] = events_of("On 3 March 2025, hundreds of traders protested in Kunduz against "
                        "a new tax. Taliban forces fired into the crowd, killing one man.")
    assert (event["type"], event["sub_type"]) == ("Protests",
                                                  "Excessive force against protesters")


def test_a_named_front_of_a_group_blamed_makes_the_group_the_attacker():
    [event] = events_of("On 3 March 2025, a motorcycle bomb exploded near a police station "
                        "in Jamundi (Valle del Cauca); police blamed the Adan Izquierdo "
                        "front of the EMC.")
    assert any("EMC" in name for name in event["actor1"])


def test_residents_killing_a_suspected_thief_is_mob_violence():
    [event] = events_of("On 3 May 2024, residents beat to death a suspected thief at a "
                        "market in Kisumu.")
    assert (event["type"], event["sub_type"]) == ("Riots", "Mob violence")


@pytest.mark.parametrize("text", [
    "On 3 May 2024, police arrested a suspected thief at a market in Kisumu.",
    "On 3 May 2024, gunmen shot dead a man accused of stealing cattle near Kisumu.",
])
def test_a_suspect_arrested_or_killed_by_armed_men_is_no_mob(text):
    [event] = events_of(text)
    assert event["type"] != "Riots"


@pytest.mark.parametrize("background", [
    "The town has seen clashes between rival militias since 2021.",
    "Such kidnappings on the highway have grown common since 2022.",
    "The army has used drones against the rebels since late 2023.",
    "A curfew imposed by the governor has been extended several times since 2020.",
])
def test_a_present_perfect_since_a_year_tells_a_period_no_incident(background):
    text = ("On 4 June 2024, gunmen shot dead three traders near Kaya (Sanmatenga "
            f"province). {background}")
    events = events_of(text)
    assert len(events) == 1
    assert events[0]["type"] == "Violence against civilians"


def test_a_present_perfect_since_a_day_is_still_the_incident():
    events = events_of("Fighting has raged in Kaya since Monday, killing at least 12 "
                       "soldiers and 20 militants.")
    assert [e["type"] for e in events] == ["Battles"]


@pytest.mark.parametrize("source", ["the Sudan Doctors Network said",
                                    "the Kaya Teachers Union said"])
def test_a_common_noun_inside_an_organisations_name_is_no_actor(source):
    text = f"On 2 May 2025, soldiers and rebels clashed in Kaya, {source}."
    (battle,) = events_of(text)
    assert battle["type"] == "Battles"
    assert not any(a.startswith("Civilians") for a in battle["actors"])


@pytest.mark.parametrize("building", ["a Saudi hospital", "the Turkish embassy"])
def test_a_demonym_before_a_building_says_whose_it_is_not_where(building):
    (strike,) = events_of(f"On 12 April 2025, RSF shells hit {building}, killing four "
                          "patients.")
    assert strike["country_code"] == "SD"
    assert strike["place"] == "Sudan"


def test_civilians_are_no_party_to_a_battle():
    (battle,) = events_of("On 9 June 2024, JNIM militants attacked civilians and soldiers "
                          "in Djibo; the army repelled the attack.")
    assert battle["type"] == "Battles"
    assert not any(a.startswith("Civilians") for a in battle["actor2"])
    assert any("Armed Forces" in a for a in battle["actor2"])


def test_a_camp_called_by_a_name_no_actor_bears_is_no_military_camp():
    (attack,) = events_of("On 2 May 2025, RSF fighters attacked Otash camp in Nyala.")
    assert attack["type"] == "Violence against civilians"
    (battle,) = events_of("On 2 May 2025, RSF fighters attacked the SAF camp in Nyala.")
    assert battle["type"] == "Battles"


def test_a_battle_and_the_next_days_shelling_are_two_incidents():
    events = events_of("On 3 May 2024, the army said its troops had repelled an attack by "
                       "RSF fighters on El Obeid, killing 20 of them. On 4 May 2024, RSF "
                       "artillery shelled residential areas of El Obeid, killing five "
                       "civilians.")
    assert [(e["type"], e["date"], e["fatalities"]) for e in events] == [
        ("Battles", "2024-05-03", 20),
        ("Explosions/Remote violence", "2024-05-04", 5)]


@pytest.mark.parametrize(("losses", "count", "low"), [
    ("Both sides lost dozens of fighters.", None, 12),
    ("The army lost 12 soldiers.", 12, None),
    ("The army lost control of the town.", None, None),
    ("The rebels lost three tanks.", None, None),
])
def test_a_sides_losses_of_people_are_the_battles_toll(losses, count, low):
    (battle,) = events_of(f"On 2 May 2024, the army and rebels fought for Kaya. {losses}")
    tolls = battle["tolls"]
    assert [(t["count"], t["low"]) for t in tolls] == ([(count, low)] if count or low else [])


@pytest.mark.parametrize("bracket", ["(Douentza, Mopti)", "(Mopti, Douentza)"])
def test_a_coders_bracket_reads_in_either_order(bracket):
    (battle,) = events_of(f"On 3 February 2025, JNIM militants attacked the FAMa camp in "
                          f"Boulkessi {bracket}.")
    assert battle["place"] == "Boulkessi"


def test_the_war_that_left_a_landmine_is_its_origin_not_a_battle():
    (blast,) = events_of("On 3 April 2025, two boys were killed when a landmine left over "
                         "from the 2011 fighting exploded on a farm outside Misrata.")
    assert blast["type"] == "Explosions/Remote violence"


def test_an_armed_group_announcing_a_blockade_changes_its_activity():
    (change,) = events_of("On 3 September 2025, JNIM announced a blockade of the roads "
                          "leading to Nioro du Sahel.")
    assert (change["type"], change["sub_type"]) == ("Strategic developments",
                                                    "Change to group/activity")
    assert change["actor1"] == ["Jama'at Nusrat al-Islam wal-Muslimin (JNIM)"]


@pytest.mark.parametrize("where", ["several districts of Lome", "parts of Lome"])
def test_a_part_of_a_town_places_the_event_in_the_town(where):
    (protest,) = events_of(f"On 26 June 2025, protesters demonstrated in {where} against "
                           "the president.")
    assert protest["place"] == "Lomé"


def test_an_armed_sides_post_burned_with_no_one_hurt_is_property_destruction():
    (burned,) = events_of("On 19 January 2025, JNIM militants burned the police station "
                          "in Kandi at night. The officers had left; no one was hurt.")
    assert (burned["type"], burned["sub_type"]) == ("Strategic developments",
                                                    "Looting/property destruction")


def test_fighting_opening_the_next_sentence_goes_on_telling_the_attack():
    (battle,) = events_of("On 3 February 2025, JNIM militants attacked the FAMa camp in "
                          "Boni with motorbikes and a car bomb. Fighting lasted four hours.")
    assert battle["type"] == "Battles"
    assert len(battle["evidence"]) == 2


def test_factions_announcing_they_dissolve_are_who_changed():
    (change,) = events_of("On 29 January 2025, HTS and other armed factions announced at a "
                          "meeting in Damascus that they were dissolving themselves and "
                          "joining the new Syrian army.")
    assert change["sub_type"] == "Change to group/activity"
    assert change["actor1"] == ["Hayat Tahrir al-Sham (HTS)"]


# -- session 36 ---------------------------------------------------------------------------

def test_a_capture_in_the_past_perfect_is_the_event_when_nothing_else_is_told():
    (capture,) = events_of("Al Shabaab militants had captured the town of Mahas (Hiraan "
                           "region) on 4 March 2025, residents said. The group later set "
                           "up checkpoints on the road.")
    assert capture["type"] == "Battles"
    assert capture["actor1"] == ["Al Shabaab"]
    assert capture["date"] == "2025-03-04"


def test_a_past_perfect_capture_stays_background_to_a_dated_protest():
    (protest,) = events_of("The Arakan Army had captured Buthidaung in May 2024. On 8 "
                           "January 2025, residents of Sittwe (Rakhine state) protested "
                           "against the blockade of the town.")
    assert protest["type"] == "Protests"


@pytest.mark.parametrize("background", [
    "The capture of Babanusa in late January had opened the road to the town.",
    "The RSF's capture of Babanusa in late January had opened the road to the town.",
    "The looting followed the capture of the town in late April.",
])
def test_a_capture_named_as_a_noun_in_background_is_no_event_of_its_own(background):
    (looting,) = events_of("On 14 May 2025, RSF fighters looted the main market in En Nahud "
                           f"(West Kordofan). {background}")
    assert looting["type"] == "Strategic developments"
    assert looting["date"] == "2025-05-14"


def test_the_place_of_a_capture_pointed_back_at_does_not_place_the_attack():
    (battle,) = events_of("Following the capture of Goma in late January, M23 rebels "
                          "attacked FARDC positions near Sake (Masisi territory, North Kivu) "
                          "on 12 February 2025.")
    assert battle["place"] == "Sake"


@pytest.mark.parametrize("later", [
    "Three more bodies were found in the following days.",
    "The bodies of 4 protesters were found in the following days.",
])
def test_bodies_found_days_after_a_protest_are_no_toll_of_its_day(later):
    (protest,) = events_of("On 9 May 2025, police in Nairobi fired tear gas at protesters "
                           "demanding justice for a blogger who died in custody, killing 2. "
                           f"{later}")
    assert protest["type"] == "Protests"
    assert protest["fatalities"] == 2


def test_the_dead_a_crowd_rose_over_are_no_toll_of_the_riot():
    (riot,) = events_of("On 16 November 2024, a mob set fire to houses of legislators in "
                        "Imphal (Imphal West district, Manipur) after the bodies of six "
                        "abducted villagers were found in a river near Jiribam.")
    assert riot["type"] == "Riots"
    assert not riot["fatalities"]


@pytest.mark.parametrize("text", [
    "On 5 March 2025, M23 rebels clashed with the DRC near Sake (Masisi territory, North "
    "Kivu).",
    "On 5 March 2025, M23 rebels attacked Congolese army positions near Sake in the DRC.",
])
def test_the_country_beside_a_rebel_group_is_its_forces_or_only_the_place(text):
    (battle,) = events_of(text)
    assert battle["actor1"] == ["M23 (March 23 Movement)"]
    assert battle["actor2"] == ["Armed Forces of the Democratic Republic of the Congo (FARDC)"]


def test_a_neighbouring_country_named_as_a_border_does_not_become_an_army():
    (battle,) = events_of("On 17 April 2025, JNIM militants attacked a Beninese army position "
                          "near Karimama (Alibori department), close to the borders with "
                          "Niger and Burkina Faso.")
    assert not any("Burkina" in a and "Forces" in a for a in battle["actors"])


def test_a_present_perfect_since_an_event_of_a_year_tells_no_incident():
    (strike,) = events_of("On 19 May 2025, Houthi forces launched drones at government "
                          "positions in Sirwah district (Marib governorate), killing 3 "
                          "soldiers. The front lines there have seen sporadic fighting since "
                          "the truce of 2022.")
    assert strike["type"] == "Explosions/Remote violence"


def test_what_the_police_say_the_attack_was_part_of_brings_no_parties():
    (attack,) = events_of("On 2 March 2025, gunmen shot dead 5 people in their house in "
                          "Guayaquil (Guayas province). Police said the attack was part of a "
                          "dispute between Los Choneros and Los Lobos.")
    assert attack["type"] == "Violence against civilians"
    assert not any("Lobos" in a for a in attack["actors"])


def test_a_groups_bracketed_acronym_names_it_once_it_was_named_in_full():
    (battle,) = events_of("The Arakan Army had taken Buthidaung in May 2024. On 8 January "
                          "2025, AA fighters attacked a military position near Kyauktaw "
                          "(Rakhine state).")
    assert battle["actor1"] == ["Arakan Army (AA)"]


def test_a_bracketed_word_that_is_no_acronym_names_no_group():
    (battle,) = events_of("On 4 March 2025, the White Army overran an army garrison near "
                          "Malakal (Upper Nile state). Nuer civilians fled the town.")
    assert battle["actor1"] == ["White Army (Nuer)"]
    assert not any(a == "White Army (Nuer)" for a in battle["actor2"])


def test_their_bodies_found_days_later_elsewhere_go_on_telling_the_abduction():
    (abduction,) = events_of("On 23 October 2025, JNIM militants abducted 12 men from a "
                             "village near Gayeri (Komondjari province, Est region). Their "
                             "bodies were found three days later on the road to Bogande.")
    assert abduction["place"] == "Gayéri"
    assert len(abduction["evidence"]) == 2


@pytest.mark.parametrize("where", ["Kyiv's main street", "Kyiv's Sofia Square"])
def test_a_capitals_public_place_after_on_is_where_not_the_state(where):
    (attack,) = events_of(f"On 3 May 2025, gunmen shot a man dead on {where}.")
    assert attack["place"] == "Kyiv"
    assert "Ukraine" not in attack["actors"]


def test_the_people_taken_before_their_bodies_were_found_are_the_toll():
    (abduction,) = events_of("On 4 May 2025, gunmen kidnapped three farmers near Gusau "
                             "(Zamfara state). Their bodies were found two days later in a "
                             "forest.")
    assert abduction["fatalities"] == 3


def test_people_taken_with_no_bodies_found_are_no_toll():
    (abduction,) = events_of("On 4 May 2025, gunmen kidnapped three farmers near Gusau "
                             "(Zamfara state). Their families paid a ransom.")
    assert not abduction["fatalities"]
