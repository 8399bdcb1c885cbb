"""Actors, events and relations on our paraphrase of the seed story."""

from __future__ import annotations

from datetime import date

from geomap.extract import extract_text
from geomap.extract.actors import ActorRegistry
from geomap.model import EVENT_TYPES


def actor_names(data: dict) -> set[str]:
    return {a["name"] for a in data["actors"]}


def test_registry_actors_are_found(paraphrase_json):
    names = actor_names(paraphrase_json)
    assert "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)" in names
    assert "Wagner Group" in names
    assert "Security Service of Ukraine (SBU)" in names
    assert "Andriy Yusov" in names and "Assimi Goïta" in names
    assert "Tuareg rebels" in names


def test_capitals_stand_for_governments_unless_used_as_locations(paraphrase_json):
    from tests.extract.conftest import PARAPHRASE

    states = [(a["text"], a["name"], a["kind"]) for a in paraphrase_json["actors"]
              if a["kind"] == "state"]
    assert ("Bamako", "Mali", "state") in states
    assert ("Kiev", "Ukraine", "state") in states
    # "seized power in Bamako": a place, not the government
    late = PARAPHRASE.rindex("Bamako")
    assert not any(a["start"] == late for a in paraphrase_json["actors"])
    assert any(p["start"] == late for p in paraphrase_json["places"])


def test_a_capital_opening_a_dateline_is_where_the_story_was_filed_not_an_actor():
    """A wire story filed from the capital ("KHARTOUM, May 12 (Wire) -") does not make the
    government a side of what the story tells; the capital named as a side later does."""
    text = ("ADDIS ABABA, March 3 (Wire) - Fano militiamen attacked a police station in "
            "Debre Markos on Sunday, killing four officers. Addis Ababa blamed Eritrea.")
    found = extract_text(text, article_date=date(2025, 3, 3)).to_json()
    states = [a["start"] for a in found["actors"] if a["name"] == "Ethiopia"]
    assert states == [text.index("Addis Ababa blamed")], found["actors"]
    [event] = found["events"]
    assert "Ethiopia" not in event["actors"], event


def test_the_government_in_a_capital_is_its_state():
    """"The government in Kinshasa accused Rwanda": the accuser is the DR Congo (before,
    "in Kinshasa" was read as a place only, and the accusation had no accuser); a capital
    after another locative stays a place."""
    found = extract_text("The government in Kinshasa accused Rwanda of backing the M23 "
                         "rebels.", article_date=date(2025, 1, 21)).to_json()
    pairs = {(r["source"], r["kind"], r["target"]) for r in found["relations"]}
    assert ("Democratic Republic of the Congo", "accusation", "Rwanda") in pairs, pairs
    found = extract_text("Protesters gathered in Kinshasa on Monday.",
                         article_date=date(2025, 1, 21)).to_json()
    assert not [a for a in found["actors"] if a["kind"] == "state"]


def test_a_description_before_a_registry_name_in_brackets_is_that_actor():
    """"Ukraine's Security Service (SBU)" was two actors, the SBU and a made-up "Ukraine
    intelligence services", both drawn on the map; the description before the name in
    brackets is the named actor (same country and kind)."""
    for apostrophe in ("'", "’"):
        found = extract_text(f"Andriy Yusov, a representative of Ukraine{apostrophe}s Security "
                             "Service (SBU), said Kiev aided the rebels.",
                             article_date=date(2024, 8, 5)).to_json()
        agencies = {a["name"] for a in found["actors"] if a["kind"] == "intelligence_agency"}
        assert agencies == {"Security Service of Ukraine (SBU)"}, agencies


def test_demonym_with_a_force_noun_is_the_national_army(paraphrase_json):
    forces = [a for a in paraphrase_json["actors"] if a["text"] == "Malian soldiers"]
    assert forces and forces[0]["name"] == "Malian Armed Forces (FAMa)"
    assert forces[0]["kind"] == "armed_forces"
    # "government forces", "regime forces" after a demonym are the army, not the state: the
    # attack is an event
    for text, name in (("Syrian government forces carried out an attack on Idlib.",
                        "Syria armed forces"),
                       ("Malian government troops clashed with JNIM near Boni.",
                        "Malian Armed Forces (FAMa)"),
                       ("Syrian regime forces shelled Idlib.", "Syria armed forces")):
        data = extract_text(text).to_json()
        assert [e["actor1"] for e in data["events"]] == [[name]], text
    # a country's regional force (Iraq's Kurdistan Peshmerga) is not its national army
    data = extract_text("Militants ambushed an Iraqi army patrol near Samarra, killing two "
                        "soldiers.").to_json()
    assert {a["name"] for a in data["actors"] if a["kind"] == "armed_forces"} == {
        "Iraqi Armed Forces"}


def test_armed_groups_as_coders_name_them():
    for text, name in (
            # "SNA" is Somalia's and Syria's army: the other actor's home decides
            ("Turkish-backed SNA fighters attacked SDF positions near the town.",
             "Syrian National Army (SNA)"),
            ("SNA soldiers clashed with Al Shabaab near the town.",
             "Somali National Army (SNA)"),
            ("Ahrar al-Sham fighters attacked a regime post near Idlib.", "Ahrar al-Sham"),
            ("Ahlu Sunnah wal Jamaa insurgents attacked Mocimboa da Praia.",
             "Islamic State Mozambique Province (Ahlu Sunnah wal Jama'a)")):
        data = extract_text(text).to_json()
        assert name in {a["name"] for a in data["actors"]}, text


def test_severed_ties_relation_mali_to_ukraine(paraphrase_json):
    relations = {(r["source"], r["kind"], r["target"]) for r in paraphrase_json["relations"]}
    assert ("Mali", "severed_diplomatic_ties", "Ukraine") in relations
    assert ("Mali", "accusation", "Ukraine") in relations
    severed = [r for r in paraphrase_json["relations"] if r["kind"] == "severed_diplomatic_ties"]
    assert severed[0]["date"] == "2024-08-04" and severed[0]["date_precision"] == "day"
    # a diplomatic move is a relation, never an event
    assert all(e["type"] in EVENT_TYPES for e in paraphrase_json["events"])


def test_attack_late_last_month_has_month_precision_and_its_location(paraphrase_json):
    battles = [e for e in paraphrase_json["events"]
               if e["type"] == "Battles" and e["sentence"].startswith("Late last month")]
    assert len(battles) == 1
    battle = battles[0]
    # late July: the last third of the month, known to the month
    assert (battle["date"], battle["date_end"], battle["date_precision"]) == (
        "2024-07-21", "2024-07-31", "month")
    assert battle["place"] == "Tinzaouaten"  # "near Tinzaouaten", not the Sahel or Mali
    assert "Wagner Group" in battle["actors"]


def test_coup_event_with_year_precision(paraphrase_json):
    coups = [e for e in paraphrase_json["events"] if e["type"] == "Strategic developments"]
    assert any(e["date"] == "2021-01-01" and e["date_precision"] == "year"
               and e["place"] == "Bamako" for e in coups)


def test_protest_and_agreement_types():
    data = extract_text("Thousands protested in Niamey on Friday. Mali and Algeria signed "
                        "an agreement in Algiers in 2015.", article_date=date(2024, 8, 5)
                        ).to_json()
    types = {(e["type"], e["place"]) for e in data["events"]}
    assert ("Protests", "Niamey") in types
    assert ("Strategic developments", "Algiers") in types


def test_acronyms_match_case_sensitively_and_names_insensitively():
    registry = ActorRegistry.from_data([
        {"id": "x", "name": "Example Front (EXF)", "kind": "armed_group",
         "aliases": ["EXF", "Example Front"]}])
    from geomap.extract.text import tokenize

    text = "The exf and the EXF met the example front."
    found = [(m.text, m.actor.id) for m in registry.spot(text, tokenize(text))]
    assert found == [("EXF", "x")]


def test_fatalities_and_claims_reach_the_scenario():
    from geomap.extract import extraction_to_scenario_dict

    extraction = extract_text("JNIM fighters killed 47 Malian soldiers near Kidal on Sunday.",
                              article_date=date(2024, 8, 5))
    mapping = extraction_to_scenario_dict(extraction, title="t", source={"id": "s",
                                                                         "title": "S"})
    assert mapping["events"][0]["fatalities"] == 47
    assert mapping["events"][0]["date"] == "2024-08-04"


def test_demonym_intelligence_and_government_phrases():
    data = extract_text("Ukrainian intelligence said the Malian government had lied.").to_json()
    found = {(a["text"], a["name"], a["kind"]) for a in data["actors"]}
    assert ("Ukrainian intelligence", "Ukraine intelligence services",
            "intelligence_agency") in found
    assert ("Malian government", "Mali", "state") in found


def test_junta_stands_for_the_main_state_in_relations():
    text = ("Mali's junta has ruled since 2021. Bamako said on Monday it would expel the "
            "French ambassador. The junta also expelled France's troops from Mali.")
    data = extract_text(text, article_date=date(2024, 8, 5)).to_json()
    relations = {(r["source"], r["kind"], r["target"]) for r in data["relations"]}
    assert ("Mali", "expulsion", "France") in relations  # the French ambassador
    assert ("Mali", "expulsion", "French Armed Forces") in relations  # France's troops


def test_event_types_for_remote_violence_civilians_and_territory():
    data = extract_text(
        "Russian drones struck power plants in Kharkiv overnight. Gunmen attacked a market in "
        "Djibo on Sunday, killing at least 20 civilians. The army entered Kidal on Tuesday. "
        "Soldiers took power in Niamey last week.", article_date=date(2024, 8, 5)).to_json()
    found = [(e["type"], e["sub_type"], e["place"], e["date"], e["date_precision"])
             for e in data["events"]]
    assert found == [
        ("Explosions/Remote violence", "Air/drone strike", "Kharkiv", "2024-08-04", "day"),
        ("Violence against civilians", "Attack", "Djibo", "2024-08-04", "day"),
        # the army entering a town, no fighting told: ACLED's non-violent transfer
        ("Strategic developments", "Non-violent transfer of territory", "Kidal",
         "2024-07-30", "day"),
        ("Strategic developments", "Other", "Niamey", "2024-07-29", "week"),
    ]
    # unnamed soldiers and civilians belong to the country where the event happened
    assert data["events"][1]["actor2"] == ["Civilians (Burkina Faso)"]
    assert data["events"][3]["actor1"] == ["Niger Armed Forces (FAN)"]


def _first_event(text: str) -> dict | None:
    events = extract_text(text).to_json()["events"]
    return events[0] if events else None


def test_a_town_before_a_noun_of_what_happened_there_is_the_place_not_the_state():
    for text, place in [
        ("Riot police broke up the Nairobi protest on Tuesday; two men were shot dead.",
         "Nairobi"),
        ("Twelve people died in last week's Bamako unrest, officials said.", "Bamako"),
        ("Nine killed in fresh Kampala clashes, hospital says", "Kampala"),
    ]:
        event = _first_event(text)
        assert event is not None and event["place"] == place, text
        assert event["precision"] == "exact"
        assert not any(a in ("Kenya", "Mali", "Uganda") for a in event["actors"]), text
    # a verb after a state's name opening the sentence: the state speaks or acts
    data = extract_text("Kenya protests over the arrest of its diplomat in Kampala.").to_json()
    assert any(a["name"] == "Kenya" and a["kind"] == "state" for a in data["actors"])


def test_fighting_near_a_known_place_is_a_battle_though_no_side_is_named():
    for text in ("On 4 March 2024, fighting took place near Kidal.",
                 "Fighting was reported in the vicinity of Gao on Tuesday.",
                 "Clashes continued on the outskirts of Kharkiv on 2 June."):
        event = _first_event(text)
        assert event is not None and event["type"] == "Battles", text
        assert event["precision"] == "near", text
    # no place the gazetteer knows, or not near one: no fighting told
    for text in ("Fierce clashes broke out in the senate over the tax bill.",
                 "Clashes erupted near the stadium after the final.",
                 "Fighting over the budget continued in parliament on Tuesday."):
        assert _first_event(text) is None, text


def test_an_armed_strike_is_remote_violence_and_a_strike_by_workers_is_not():
    event = _first_event("On 3 May 2024, a Russian strike hit a fuel depot in Kharkiv.")
    assert event is not None and event["type"] == "Explosions/Remote violence"
    assert event["actors"] == ["Armed Forces of the Russian Federation"]
    for text in ("Police broke up strikes by dockers in Mombasa on Monday.",
                 "Riot police dispersed a strike by nurses in Abuja on Monday."):
        event = _first_event(text)
        assert event is None or event["type"] != "Explosions/Remote violence", text


def test_a_vehicle_running_over_a_mine_is_a_remote_explosive():
    for text in ("On 3 May 2024, an army lorry drove over a mine near Gao, killing two soldiers.",
                 "On 3 May 2024, a minibus struck a mine near Djibo; four passengers died."):
        event = _first_event(text)
        assert event is not None and event["type"] == "Explosions/Remote violence", text


def test_a_military_place_that_only_says_where_is_not_what_was_hit():
    event = _first_event("On 4 May 2024, soldiers shot dead a farmer at a checkpoint near "
                         "Kaya.")
    assert event is not None and event["type"] == "Violence against civilians"
    # attacked, the checkpoint is the target
    event = _first_event("On 4 May 2024, gunmen attacked a checkpoint near Kaya, killing a "
                         "soldier.")
    assert event is not None and event["type"] == "Battles"


def test_a_bomb_named_after_its_side_is_that_sides_forces():
    [event] = extract_text("A Russian glide bomb hit a school in Kharkiv on Sunday, killing "
                           "two teachers.", article_date=date(2024, 8, 5)).to_json()["events"]
    assert event["actors"][0] == "Armed Forces of the Russian Federation"


def test_a_capital_attacked_is_the_place_hit_not_the_state():
    for text in ("Russian forces attacked Kyiv with drones on Sunday, killing 3 people.",
                 "Russian forces launched a missile attack on Kyiv on Sunday."):
        [event] = extract_text(text, article_date=date(2024, 8, 5)).to_json()["events"]
        assert event["place"] == "Kyiv"
    # a capital that speaks or is accused still stands for its state
    [event] = extract_text("Kyiv said Russian forces shelled Kharkiv on Sunday, killing two "
                           "people.", article_date=date(2024, 8, 5)).to_json()["events"]
    assert event["place"] == "Kharkiv"


def test_the_side_that_gave_the_ground_up_is_acted_upon():
    [event] = extract_text("Soldiers retook the town of Kyaukme on Sunday after the TNLA "
                           "withdrew following days of fighting.",
                           article_date=date(2024, 8, 5)).to_json()["events"]
    assert event["type"] == "Battles"
    assert event["actors"][-1] == "Ta'ang National Liberation Army (TNLA)"


def _draft(text: str) -> dict:
    from geomap.extract import extraction_to_scenario_dict

    extraction = extract_text(text, article_date=date(2024, 3, 1))
    return extraction_to_scenario_dict(extraction, title="t",
                                       source={"id": "s", "title": "S"})


def test_a_force_word_describing_another_noun_names_no_army():
    text = ("Gunmen ambushed Malian soldiers near Gao on Monday, killing four soldiers. The "
            "army said it had launched a military operation with help from a private "
            "military firm. A Malian military operation followed.")
    mentions = extract_text(text, article_date=date(2024, 3, 1)).actors
    # "military operation", "military firm": what kind of thing, not who
    assert not any("military" in m.text for m in mentions)
    # the nouns that do name the army stay its mentions
    army = [m.text for m in mentions if m.actor.name == "Malian Armed Forces (FAMa)"]
    assert army == ["Malian soldiers", "soldiers", "army"]


def test_a_bare_common_noun_is_no_alias_of_the_actor_it_points_at():
    draft = _draft("Malian soldiers fought JNIM near Gao on Monday. The rebels lost ten "
                   "fighters and the army lost four soldiers, the military said.")
    aliases = {alias for actor in draft["actors"] for alias in actor.get("aliases", [])}
    assert "Malian soldiers" in aliases
    assert aliases.isdisjoint({"soldiers", "army", "military", "rebels", "fighters"})


def test_no_party_is_on_both_sides_of_an_event():
    # nobody named acted: those acted upon stand in as the actors, and only there
    draft = _draft("After the 2019 revolt in Khartoum that ousted President Omar al-Bashir, "
                   "armed groups spread across Darfur.")
    [event] = draft["events"]
    assert event["actors"] == ["unidentified-sd"]  # Unidentified armed group (Sudan)
    assert "targets" not in event
    for event in _draft("Malian soldiers and JNIM fighters clashed near Gao on Monday, "
                        "killing twelve.")["events"]:
        assert event["targets"] and set(event["actors"]).isdisjoint(event["targets"])


def test_one_member_of_a_group_named_by_its_members_is_the_group():
    data = extract_text("On 4 May 2024, an Ambazonian separatist commander was killed near "
                        "Bamenda. Tuareg rebel fighters attacked a post near Kidal.").to_json()
    assert {"Ambazonian separatists", "Tuareg rebels"} <= actor_names(data)


def test_a_gang_outside_the_capitals_coalition_is_its_own_actor():
    data = extract_text("On 4 May 2024, Gran Grif gunmen raided a village near Saint-Marc, "
                        "killing five farmers.").to_json()
    assert "Gran Grif" in actor_names(data)
    assert not any("Viv Ansanm" in name for name in actor_names(data))


def test_a_force_word_before_an_abstract_noun_names_no_army():
    # the list of such nouns is open through their endings
    text = ("On 3 June 2024, the regional military administration said Russian drones struck "
            "Sumy, killing 2 people. Residents protested against the military involvement "
            "of Belarus.")
    mentions = extract_text(text, article_date=date(2024, 3, 1)).actors
    assert not any("military" in m.text for m in mentions)
    # the army's own people and things stay its mentions
    mentions = extract_text("A military convoy was ambushed near Gao. Military personnel "
                            "were killed.", article_date=date(2024, 3, 1)).actors
    assert [m.text.lower() for m in mentions] == ["military", "military personnel"]


def test_groups_of_central_mali_and_peru_are_named_apart():
    data = extract_text("On 4 May 2024, Dan Na Ambassagou militiamen raided a Fulani hamlet "
                        "near Bankass. Shining Path remnants ambushed a patrol in the "
                        "VRAEM.").to_json()
    assert {"Dan Na Ambassagou", "Shining Path (Sendero Luminoso)"} <= actor_names(data)


def test_more_armed_groups_of_the_regions_coders_cover():
    data = extract_text("On 4 May 2024, Lakurawa militants killed 5 herders near Tangaza. "
                        "Gunmen of the Comandos de la Frontera ambushed soldiers in "
                        "Putumayo.").to_json()
    assert {"Lakurawa", "Comandos de la Frontera"} <= actor_names(data)


def test_a_country_opening_an_organisations_name_is_no_state_actor():
    # "the Sudan Doctors Network", "the Kenya Red Cross": the country names an
    # organisation that is not the state; the state's own organs stay the state's
    data = extract_text("The Sudan Doctors Network said RSF fighters killed 12 people in "
                        "El Fasher on Sunday. The Kenya Red Cross said it sent aid.",
                        article_date=date(2025, 4, 14)).to_json()
    states = {a["name"] for a in data["actors"] if a["kind"] == "state"}
    assert states == set()
    assert "Sudan" in {p["name"] for p in data["places"]}  # the place is still spotted
    [event] = data["events"]
    assert "Sudan" not in event["actor1"] + event["actor2"]
    data = extract_text("Ukraine Defence Ministry said it would respond.",
                        article_date=date(2025, 4, 14)).to_json()
    assert {a["name"] for a in data["actors"] if a["kind"] == "state"} == {"Ukraine"}


def test_fds_is_the_army_of_the_story_s_sahel_country():
    # "forces de défense et de sécurité": Niger's, Mali's and Burkina Faso's communiqués
    # call their forces so; before, always Burkina Faso's, and a field note on an attack
    # in Niger's Diffa region was mapped in Burkina Faso (the country of the army
    # attacked: the note names no place in the incident's own line)
    note = ("Incident: NSAG attack on FDS position\nLocation: Bosso, Diffa region (Niger)\n"
            "Date: 01 Dec 2026\n- FDS report 5 soldiers killed\n")
    data = extract_text(note, article_date=date(2026, 12, 7)).to_json()
    assert {a["name"] for a in data["actors"] if a["text"] == "FDS"} == {
        "Niger Armed Forces (FAN)"}
    assert [e["country_code"] for e in data["events"]] == ["NE"]
    for text, name in (
            ("Armed men attacked an FDS position near Ansongo in Mali, killing 2 soldiers.",
             "Malian Armed Forces (FAMa)"),
            ("Armed men attacked an FDS position near Djibo in Burkina Faso, killing 2 "
             "soldiers.", "Burkinabe Armed Forces")):
        data = extract_text(text, article_date=date(2026, 12, 7)).to_json()
        assert {a["name"] for a in data["actors"] if a["text"] == "FDS"} == {name}, text
