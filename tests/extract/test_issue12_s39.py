"""The causes of session 39's first look at a fresh set of coder notes, in our own
wording (coder-style sentences written for these tests, not the set's)."""

from __future__ import annotations

from tests.extract.stories import events_of


def test_a_range_of_days_before_the_month_is_no_toll():
    (attack,) = events_of("Between 3 and 5 June 2025, militiamen killed 7 villagers in "
                          "Bankass cercle (Mopti region).")
    assert attack["fatalities"] == 7


def test_victims_named_with_a_groups_letters_and_digits_are_counted():
    (strike,) = events_of("On 2 June 2025, army drones struck rebel positions near Rutshuru "
                          "(North Kivu). The army claimed 5 M23 fighters were killed.")
    assert strike["fatalities"] == 5


def test_a_second_verb_of_a_lynching_keeps_its_victims_count():
    (mob,) = events_of("On 2 June 2025, residents of Kikwit (Kwilu) lynched and burned 3 "
                       "suspected kidnappers.")
    assert mob["type"] == "Riots"
    assert mob["fatalities"] == 3


def test_riot_police_dispersing_a_road_blockade_is_a_protest_with_intervention():
    (protest,) = events_of("On 2 June 2025, farmers blocked the main highway near Popayan "
                           "(Cauca) to demand land titles; riot police fired tear gas to "
                           "reopen it.")
    assert (protest["type"], protest["sub_type"]) == ("Protests", "Protest with intervention")


def test_a_base_taken_after_adjectives_is_territory_taken_by_its_agent():
    (battle,) = events_of("On 2 June 2025, the Arakan Army seized the last army battalion "
                          "headquarters in Buthidaung township (Rakhine state).")
    assert (battle["type"], battle["sub_type"]) == ("Battles",
                                                    "Non-state actor overtakes territory")
    assert any("Arakan Army" in name for name in battle["actor1"])


def test_a_town_retaken_after_clashes_is_territory_regained():
    (battle,) = events_of("On 2 June 2025, the Sudanese army regained control of Umm Ruwaba "
                          "(North Kordofan) after clashes with the RSF that left 10 fighters "
                          "dead.")
    assert (battle["type"], battle["sub_type"]) == ("Battles", "Government regains territory")


def test_two_clans_sharing_one_militia_noun_are_two_named_militias():
    (battle,) = events_of("On 2 June 2025, Abgaal and Murusade clan militias clashed over a "
                          "well near Adale (Middle Shabelle). Four fighters were killed.")
    actors = " | ".join(battle["actors"])
    assert "Abgaal clan militias" in actors and "Murusade clan militias" in actors
    assert battle["type"] == "Battles"


def test_a_clan_word_between_a_name_and_its_militia_noun_keeps_the_name():
    (battle,) = events_of("On 2 June 2025, Murusade clan militiamen attacked a rival camp "
                          "near Adale (Middle Shabelle).")
    assert any("Murusade clan militiamen" in name for name in battle["actor1"])


def test_a_group_named_head_first_with_a_particle_is_a_named_group():
    (arrest,) = events_of("On 2 June 2025, soldiers arrested two leaders of the Cartel del "
                          "Pacifico Sur in Taxco (Guerrero).")
    assert any("Cartel del Pacifico Sur" in name for name in arrest["actors"])


def test_police_acting_on_a_crowd_in_a_clause_of_their_own_stand_opposite_it():
    (protest,) = events_of("On 2 June 2025, protesters blocked the main road into Popayan "
                           "(Cauca); police used tear gas to clear it.")
    assert protest["actor1"] == ["Protesters (Colombia)"]
    assert protest["actor2"] == ["Police forces of Colombia"]


def test_a_town_in_another_spelling_is_placed_when_its_province_in_brackets_holds_it():
    (event,) = events_of("On 2 June 2025, Al Shabaab fighters attacked an army base in "
                         "Buloburte (Hiraan region).")
    assert event["precision"] == "exact"
    assert abs(event["lat"] - 3.85) < 0.1 and abs(event["lon"] - 45.57) < 0.1


def test_a_near_spelling_outside_the_bracketed_province_is_not_taken():
    (event,) = events_of("On 2 June 2025, Al Shabaab fighters attacked an army base in "
                         "Buloburte (Bay region).")
    assert event["precision"] != "exact"


def test_a_town_handed_over_under_a_deal_is_the_transfer_not_the_deal():
    (event,) = events_of("On 2 June 2025, the MNDAA handed over Lashio (Shan state) to the "
                         "Myanmar military under a ceasefire deal brokered by China.")
    assert (event["type"], event["sub_type"]) == ("Strategic developments",
                                                  "Non-violent transfer of territory")
