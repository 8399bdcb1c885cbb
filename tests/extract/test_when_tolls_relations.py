"""When, tolls and relations of events told in text (issue 12)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from geomap.extract import dates as dates_module
from geomap.extract import extract_text, extraction_to_scenario_dict
from geomap.extract.dates import find_dates
from geomap.precision import DatePrecision
from tests.extract.stories import ARTICLE_DATE, SEED_LIKE, WIRE

MONDAY = ARTICLE_DATE


def extracted(text: str) -> dict[str, Any]:
    data: dict[str, Any] = extract_text(text, article_date=ARTICLE_DATE).to_json()
    return data


# -- when ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("phrase", "first", "last", "precision"), [
    ("fighting on July 25-27", date(2024, 7, 25), date(2024, 7, 27), DatePrecision.DAYS),
    ("from 25 to 27 July 2024", date(2024, 7, 25), date(2024, 7, 27), DatePrecision.DAYS),
    ("between 10-15 August 2023", date(2023, 8, 10), date(2023, 8, 15), DatePrecision.DAYS),
    ("July 25 to August 2, 2024", date(2024, 7, 25), date(2024, 8, 2), DatePrecision.WEEK),
    ("between Thursday and Saturday", date(2024, 8, 1), date(2024, 8, 3), DatePrecision.DAYS),
    ("late last month", date(2024, 7, 21), date(2024, 7, 31), DatePrecision.MONTH),
    ("in early July", date(2024, 7, 1), date(2024, 7, 10), DatePrecision.MONTH),
    ("over the weekend", date(2024, 8, 3), date(2024, 8, 4), DatePrecision.DAYS),
    ("in the past 24 hours", date(2024, 8, 4), date(2024, 8, 5), DatePrecision.DAYS),
    ("the night of 3 to 4 May", date(2024, 5, 3), date(2024, 5, 4), DatePrecision.DAYS),
])
def test_ranges_have_a_start_an_end_and_a_precision(phrase, first, last, precision):
    [found] = find_dates(phrase, MONDAY)
    assert (found.date, found.last_day, found.precision) == (first, last, precision)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Zelensky said Monday the talks had gone well.", [date(2024, 8, 5)]),
    ("Officials said on Sunday that talks would resume on Tuesday.",
     [date(2024, 8, 4), date(2024, 8, 6)]),
    ("Talks Tuesday will focus on a ceasefire, aides said Monday.",
     [date(2024, 8, 6), date(2024, 8, 5)]),
    ("The army said last Monday it had retaken the town.", [date(2024, 7, 29)]),
    ("Ministers meet next Friday.", [date(2024, 8, 9)]),
])
def test_weekdays_resolve_against_the_publication_date(sentence, expected):
    assert [d.date for d in find_dates(sentence, MONDAY)] == expected


def test_the_event_date_is_the_fighting_not_the_dateline():
    [event] = extracted(WIRE)["events"]
    assert (event["date"], event["date_end"], event["date_precision"]) == (
        "2024-07-25", "2024-07-27", "days")


def test_the_date_finder_is_linear(monkeypatch):
    """Twice the text, twice the work: patterns are tried only near anchor words, and
    overlaps are checked on a mask (a 2 MB article took 203 s when this was quadratic)."""
    calls = {"n": 0}

    class Counting:
        def __init__(self, pattern):
            self.pattern = pattern

        def match(self, text, position):
            calls["n"] += 1
            return self.pattern.match(text, position)

    monkeypatch.setattr(dates_module, "_LOWER_PATTERNS", tuple(
        (Counting(p), r) for p, r in dates_module._LOWER_PATTERNS))
    paragraph = ("On 27 July 2024 rebels attacked soldiers near Kidal, and fighting went on "
                 "between Thursday and Saturday; late last month 40 people died. ")
    work = []
    for copies in (500, 1000, 2000):
        calls["n"] = 0
        found = find_dates(paragraph * copies, MONDAY)
        assert len(found) == 3 * copies
        work.append(calls["n"])
    assert work[1] == 2 * work[0] and work[2] == 2 * work[1]


# -- tolls --------------------------------------------------------------------------------

def test_two_sides_claims_are_both_kept_never_summed():
    [event] = extracted(WIRE)["events"]
    claims = {(t["claimed_by"], t["count"], t["victims"]) for t in event["tolls"]}
    assert ("Tuareg rebels", 47, "Malian soldiers") in claims
    assert ("Tuareg rebels", 84, "Wagner fighters") in claims
    assert ("Malian Armed Forces (FAMa)", 2, "soldiers") in claims
    assert ("Malian Armed Forces (FAMa)", 20, "rebels") in claims
    # one side's figures for different victims add up; the other side's are not added
    assert (event["fatalities"], event["fatalities_claimed_by"]) == (131, "Tuareg rebels")


@pytest.mark.parametrize(("text", "best", "low", "high", "claimed_by"), [
    ("Between 10 and 15 soldiers were killed in the ambush near Gao, the army said.",
     10, 10, 15, "Malian Armed Forces (FAMa)"),
    ("At least 12 villagers were killed in the attack on Djibo, according to the rebels.",
     12, 12, None, None),
    ("Nearly 50 soldiers were killed near Gao on Sunday.", 50, None, 50, None),
    # ACLED's codebook codes "dozens" as 12
    ("Gunmen killed dozens of villagers near Djibo on Sunday.", 12, 12, None, None),
    ("Gunmen shot dead three traders accused of spying near Gao on Sunday.", 3, None, None,
     None),  # "accused of": not a speaker claiming the toll
    ("Militants executed seven herders near Djibo on Sunday.", 7, None, None, None),
])
def test_counts_ranges_and_who_claims_them(text, best, low, high, claimed_by):
    [event] = extracted(text)["events"]
    assert (event["fatalities"], event["fatalities_low"], event["fatalities_high"]) == (
        best, low, high)
    assert event["fatalities_claimed_by"] == claimed_by


def test_according_to_a_named_actor_is_its_claim_not_a_word_of_a_name():
    [event] = extracted("Nine soldiers were killed in an ambush near Gao on Sunday, "
                        "according to the army.")["events"]
    assert event["fatalities_claimed_by"] == "Malian Armed Forces (FAMa)"
    [event] = extracted("Fighting near Nyala on Sunday left 14 civilians dead, according to "
                        "the Sudan Medical Union.")["events"]
    assert event["fatalities_claimed_by"] is None
    assert event["tolls"][0]["claimant"] == "Sudan Medical Union"


def test_a_claim_by_a_source_that_is_not_an_actor_keeps_its_wording():
    [event] = extracted("At least 12 villagers were killed in the attack on Djibo, "
                        "according to local sources.")["events"]
    assert event["tolls"][0]["claimant"] == "local sources"


@pytest.mark.parametrize(("text", "best", "counts"), [
    ("Gunmen ambushed a patrol near Gao on Sunday, killing 9 soldiers and 4 civilians.",
     13, [9, 4]),
    ("Militants raided a hamlet near Djibo on Sunday and killed three herders and a child.",
     4, [3, 1]),
    ("A drone strike near Kidal on Sunday killed six fighters as well as two drivers.",
     8, [6, 2]),
    # the second figure is of the wounded, or of things: no deaths
    ("Gunmen attacked a post near Gao on Sunday, killing 2 soldiers and 6 others were hurt.",
     2, [2]),
    ("Gunmen attacked a post near Gao on Sunday, killing 2 soldiers and 6 civilians injured.",
     2, [2]),
    ("Gunmen attacked a post near Gao on Sunday, killing 2 soldiers and 6 trucks.", 2, [2]),
])
def test_a_second_figure_after_and_shares_the_verb_that_kills(text, best, counts):
    [event] = extracted(text)["events"]
    assert [t["count"] for t in event["tolls"]] == counts
    assert event["fatalities"] == best


@pytest.mark.parametrize(("text", "claims", "best", "claimed_by"), [
    ("Fighters stormed a camp near Kidal on Sunday. The army said 30 attackers were killed, "
     "while the rebels claimed they killed 12 soldiers.",
     [(30, "Malian Armed Forces (FAMa)", None), (12, "Rebels", None)], 30,
     "Malian Armed Forces (FAMa)"),
    ("Fighters stormed a camp near Kidal on Sunday; 30 attackers died, the army said, "
     "whereas the rebels said 12 soldiers died.",
     [(30, "Malian Armed Forces (FAMa)", None), (12, "Rebels", None)], 30,
     "Malian Armed Forces (FAMa)"),
    ("Fighters stormed a camp near Kidal on Sunday; the army said 5 soldiers were killed, "
     "but residents put the toll at 19.",
     [(5, "Malian Armed Forces (FAMa)", None), (19, None, "residents")], 5,
     "Malian Armed Forces (FAMa)"),
    ("Shelling near Kidal on Sunday killed 8 fighters, according to the rebels, while the "
     "army said 3 soldiers died.",
     [(8, None, "rebels"), (3, "Malian Armed Forces (FAMa)", None)], 8, None),
])
def test_two_claims_in_one_sentence_are_each_their_sources(text, claims, best, claimed_by):
    [event] = extracted(text)["events"]
    assert [(t["count"], t["claimed_by"], t["claimant"]) for t in event["tolls"]] == claims
    assert (event["fatalities"], event["fatalities_claimed_by"]) == (best, claimed_by)


@pytest.mark.parametrize(("text", "best", "low", "high"), [
    ("At least 4 and up to 9 herders were killed near Djibo on Sunday.", 4, 4, 9),
    ("Five or six traders were killed near Djibo on Sunday.", 5, 5, 6),
    ("Thirty-two soldiers were killed in an ambush near Gao on Sunday.", 32, None, None),
    ("Gunmen stopped a lorry near Djibo on Sunday, killing all 11 passengers.", 11, None,
     None),
    ("A raid near Djibo on Sunday killed 2 soldiers, 4 volunteers and 6 herders.", 12, None,
     None),
    ("A raid near Djibo on Sunday killed 5 soldiers, 2 of them officers.", 5, None, None),
    ("Shelling hit Nikopol on Sunday. An 81-year-old woman was killed and a boy was hurt.",
     1, None, None),
    ("A drone strike near Kidal on Sunday killed a 40 year old herder and two children.", 3,
     None, None),
    ("Gunmen raided a hamlet near Djibo on Sunday, killing 5 herders. The death toll later "
     "rose to 8.", 8, None, None),
    ("The death toll from the raid on a hamlet near Djibo on Sunday rose to 8.", 8, None,
     None),
    # a date's day is no count of people
    ("The raid on 14 May near Djibo killed nine herders.", 9, None, None),
    # bodies found are the dead
    ("On Sunday the bodies of seven fishermen were pulled from a river near Mopti.", 7,
     None, None),
    ("Three more corpses were found in a ditch outside Gao on Sunday.", 3, None, None),
    ("The body of a taxi driver was found near Kidal on Sunday.", 1, None, None),
])
def test_ranges_compound_numbers_and_lists_of_victims(text, best, low, high):
    [event] = extracted(text)["events"]
    assert (event["fatalities"], event["fatalities_low"], event["fatalities_high"]) == (
        best, low, high)


@pytest.mark.parametrize(("text", "best", "counts"), [
    # two figures sharing one verb after them
    ("Gunmen raided a camp near Djibo on Sunday. Four guards and two cooks were killed.", 6,
     [4, 2]),
    ("Gunmen raided a camp near Djibo on Sunday. Four guards and two others died.", 6, [4, 2]),
    # the army's word for killing assailants
    ("Gunmen raided a camp near Djibo on Sunday; 3 guards died and 11 assailants were "
     "neutralized.", 14, [3, 11]),
    # more dead told in a later sentence add; the same dead retold do not
    ("Gunmen raided a camp near Djibo on Sunday, killing 4 guards. Nine gunmen were also "
     "killed.", 13, [4, 9]),
    ("Gunmen raided a camp near Djibo on Sunday, killing 4 guards. Four guards were killed, "
     "residents said.", 4, [4, 4]),
    # the wounded who died later are more dead
    ("Gunmen raided a camp near Djibo on Sunday, killing 4 guards and wounding 6. Two of "
     "the wounded later died.", 6, [4, 2]),
    ("Gunmen raided a camp near Djibo on Sunday, killing 4 guards. Three guards died of "
     "their injuries.", 7, [4, 3]),
    # the wounded listed first are no deaths
    ("Gunmen raided a camp near Djibo on Sunday. Three guards were wounded and 5 gunmen "
     "killed.", 5, [5]),
])
def test_listed_and_added_figures(text, best, counts):
    [event] = extracted(text)["events"]
    assert [t["count"] for t in event["tolls"]] == counts
    assert event["fatalities"] == best


def test_a_side_claiming_later_is_the_claim_of_its_figure():
    [event] = extracted("Gunmen raided an army camp near Djibo on Sunday, killing 4 soldiers. "
                        "JNIM later claimed it killed 19 soldiers.")["events"]
    assert [(t["count"], t["claimed_by"]) for t in event["tolls"]] == [
        (4, None), (19, "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)")]
    assert event["fatalities"] == 4


def test_a_side_putting_its_losses_at_a_figure_is_its_own_claim():
    [event] = extracted("The rebels said they killed 40 soldiers near Kidal on Sunday, while "
                        "the army put its losses at 6.")["events"]
    assert [t["count"] for t in event["tolls"]] == [40, 6]
    assert event["fatalities"] == 40 and event["tolls"][1]["claimant"] == "army"


def test_figures_of_one_source_in_two_parts_of_a_sentence_still_add_up():
    [event] = extracted("The army said 4 soldiers were killed near Gao on Sunday, while 7 "
                        "attackers died.")["events"]
    assert event["fatalities"] == 11
    assert {t["claimed_by"] for t in event["tolls"]} == {"Malian Armed Forces (FAMa)"}


def test_the_notes_a_map_shows_give_tolls_in_words() -> None:
    """The notes (shown in popups) say a toll as the text qualified it, in plain words,
    never the extractor's codes (low, high, vague, approximate)."""
    extraction = extract_text("Fighters attacked an army post near Gao on Saturday, killing "
                              "at least 12 soldiers, the army said. Nearly 30 attackers died, "
                              "according to local officials.", article_date=ARTICLE_DATE)
    scenario = extraction_to_scenario_dict(extraction, title="t", source={"id": "s", "title": "S"})
    notes = " ".join(str(e.get("notes", "")) for e in scenario["events"])
    assert "at least 12 soldiers" in notes and "up to 30" in notes
    assert not any(f"{code} " in notes for code in ("low", "high", "vague", "approximate"))


def test_wounded_are_not_deaths():
    [event] = extracted("Nine soldiers died and 64 were wounded in fighting near Kidal.")[
        "events"]
    assert event["fatalities"] == 9


# -- relations ----------------------------------------------------------------------------

def relations_of(text: str) -> set[tuple[str, str, str, str | None, str | None]]:
    return {(r["source"], r["kind"], r["target"], r["hedge"], r["claimed_by"])
            for r in extracted(text)["relations"]}


def test_an_alleged_support_keeps_its_direction_and_who_alleges_it():
    found = relations_of(SEED_LIKE)
    assert ("Ukraine", "alleged_support", "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)",
            "alleged", "Andriy Yusov") in found
    assert ("Mali", "severed_diplomatic_ties", "Ukraine", None, None) in found
    assert ("Ukraine", "denial", "Mali", None, None) in found  # Kyiv's reply
    assert ("Wagner Group", "support", "Mali", None, None) in found  # "which backs the government"


def test_accusing_x_of_supporting_y():
    found = relations_of("Mali accused Ukraine of supporting JNIM.")
    assert ("Mali", "accusation", "Ukraine", None, None) in found
    assert ("Ukraine", "alleged_support", "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)",
            "alleged", "Mali") in found


@pytest.mark.parametrize("text", [
    "Mali said on Tuesday it was cutting ties with Ukraine, which it accuses of supporting "
    "JNIM.",
    "Mali cut ties with Ukraine, which it accused of supporting JNIM.",
])
def test_the_one_a_relative_clause_accuses_is_its_antecedent(text):
    # "..., which it accuses of ...": "it" (Mali) accuses, the antecedent (Ukraine) is
    # accused and alleged to support (before: Ukraine accused JNIM)
    found = relations_of(text)
    assert ("Mali", "accusation", "Ukraine", None, None) in found
    assert ("Ukraine", "alleged_support", "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)",
            "alleged", "Mali") in found
    assert not any(s == "Ukraine" and k == "accusation" for s, k, *_ in found)


def test_an_actor_announcing_its_own_move_is_no_allegation():
    # the speaker is the relation's own source, told by "it": an announcement, not a claim
    found = relations_of("Mali said on Tuesday it was cutting diplomatic ties with Ukraine.")
    assert ("Mali", "severed_diplomatic_ties", "Ukraine", None, None) in found
    # another's word stays a claim, and so does a clause whose doer is not the speaker
    found = relations_of("Ukraine said Mali was cutting diplomatic ties with Russia.")
    assert ("Mali", "severed_diplomatic_ties", "Russia", "alleged", "Ukraine") in found


def test_passive_support_turns_the_direction_round():
    found = relations_of("Wagner, backed by Moscow, deployed to Mali in 2021.")
    assert ("Russia", "support", "Wagner Group", None, None) in found


def test_a_denied_support_is_not_a_fact():
    found = relations_of("Kyiv denied that Ukraine backed JNIM.")
    assert not any(kind == "support" for _, kind, *_ in found)


@pytest.mark.parametrize(("text", "source", "target"), [
    ("Iran reportedly shipped missiles to the Houthis.", "Iran", "Houthis (Ansar Allah)"),
    ("Kinshasa said Rwanda provided the M23 with artillery.", "Rwanda",
     "M23 (March 23 Movement)"),
    ("Uganda is said to be harbouring ADF commanders.", "Uganda",
     "Allied Democratic Forces (ADF) / IS Central Africa Province"),
])
def test_weapons_given_or_fighters_sheltered_are_an_alleged_support(text, source, target):
    found = {(s, k, t, h) for s, k, t, h, _ in relations_of(text)}
    assert (source, "alleged_support", target, "alleged") in found


def test_weapons_given_are_no_strike():
    data = extracted("Iran reportedly shipped drones to the Houthis on Sunday.")
    assert data["events"] == []
    # weapons sent at a place still strike it
    [event] = extracted("Russia sent drones towards Odesa on Sunday, killing two people.")[
        "events"]
    assert event["type"] == "Explosions/Remote violence"


def test_the_side_that_denies_is_the_subject_of_the_denial():
    found = relations_of("Mali accused Algeria of arming the CSP-DPA, a charge Algeria "
                         "denies.")
    assert ("Algeria", "denial", "Mali", None, None) in found


def test_a_toll_given_by_activists_or_residents_names_them_as_its_source_not_a_side():
    data = extracted("An airstrike by the Sudanese army hit a market in Nyala on Sunday, "
                     "killing at least 40 people, according to activists.")
    [event] = data["events"]
    assert event["fatalities_claimed_by"] is None
    assert [t["claimant"] for t in event["tolls"]] == ["activists"]
    assert "Protesters (Sudan)" not in event["actors"]


def test_an_unknown_number_is_no_count_of_one():
    [event] = extracted("ISWAP fighters raided a military base in Malam Fatori on Monday; 6 "
                        "soldiers and an unknown number of militants were killed.")["events"]
    assert [(t["count"], t["victims"]) for t in event["tolls"]] == [(6, "soldiers")]
    assert event["fatalities"] == 6


def test_a_toll_told_twice_in_one_run_of_text_is_counted_once():
    # no sentence end: the restatement lands in the same sentence as the first telling
    text = "Gunmen attacked an army post near Gao on Sunday killing 12 soldiers " * 5
    [event] = extracted(text)["events"]
    assert event["fatalities"] == 12
    # the same number for different victims in one sentence still adds up
    [event] = extracted("Gunmen attacked an army post near Gao on Sunday: 12 soldiers were "
                        "killed and 12 civilians died.")["events"]
    assert event["fatalities"] == 24


def test_the_other_side_named_by_its_noun_claims_its_own_figure():
    # "the fighters" are the group the text called so, not the militia named last
    [event] = extracted("Ansarul Islam fighters overran a VDP post near Titao on Sunday. "
                        "The VDP said 9 of its members were killed, while the fighters "
                        "claimed to have killed 30.")["events"]
    assert [(t["count"], t["claimed_by"]) for t in event["tolls"]] == [
        (9, "Volunteers for the Defence of the Homeland (VDP)"), (30, "Ansarul Islam")]
    assert event["fatalities"] == 9


def test_people_neutralised_are_killed_weapons_neutralised_are_not():
    [event] = extracted("Ansarul Islam fighters raided a gendarmerie post near Titao on "
                        "Sunday. The army claimed to have neutralised about 25 of the "
                        "assailants.")["events"]
    assert event["type"] == "Battles" and event["fatalities"] == 25
    [event] = extracted("Soldiers neutralised two explosive drones over Titao on Sunday.")[
        "events"]
    assert event["sub_type"] == "Disrupted weapons use" and event["fatalities"] is None


def test_dead_added_later_join_the_account_before_them():
    [event] = extracted("Gunmen stormed a police station in Gao on Sunday and killed 6 "
                        "officers, according to a local official. Three of the attackers "
                        "were also killed.")["events"]
    assert event["fatalities"] == 9


def test_a_second_figure_after_a_possessive_shares_the_verb():
    [event] = extracted("Gunmen shot dead a herder and his three sons near Gao on "
                        "Sunday.")["events"]
    assert event["fatalities"] == 4
    [event] = extracted("A shell hit a house in Gao on Sunday, killing a man and their two "
                        "grandchildren.")["events"]
    assert event["fatalities"] == 3


def test_the_office_opening_a_clause_is_the_source_of_its_figures():
    [event] = extracted("A missile struck a bus station in Gao on Sunday. The regional "
                        "governor said 7 people were killed.")["events"]
    assert [t["claimant"] for t in event["tolls"]] == ["regional governor"]
    # a count that opens a clause is no source
    [event] = extracted("Four reported killed in shelling of Gao on Sunday")["events"]
    assert [t["claimant"] for t in event["tolls"]] == [None]


def test_a_part_named_between_its_figure_and_its_verb_keeps_the_figure():
    [event] = extracted("At least 11 people, including three children, were killed when a "
                        "missile hit a market in Kharkiv on Sunday.")["events"]
    assert (event["fatalities"], event["fatalities_low"]) == (11, 11)


def test_figures_added_keep_their_range():
    [event] = extracted("Gunmen killed 8 to 12 herders and two soldiers near Djibo on "
                        "Sunday.")["events"]
    assert (event["fatalities"], event["fatalities_low"], event["fatalities_high"]) == (
        10, 10, 14)


def test_a_side_that_lost_soldiers_gives_a_second_figure():
    [event] = extracted("ISWAP fighters raided a base in Monguno on Sunday. The army said "
                        "it killed 25 insurgents and lost 4 soldiers.")["events"]
    assert [t["count"] for t in event["tolls"]] == [25, 4]
    # not tanks lost
    [event] = extracted("ISWAP fighters raided a base in Monguno on Sunday. The army said "
                        "it killed 25 insurgents and lost 4 trucks.")["events"]
    assert [t["count"] for t in event["tolls"]] == [25]


def test_each_part_of_a_contrast_keeps_its_own_source():
    [event] = extracted("RSF fighters shelled El Obeid on Sunday. Doctors said dozens were "
                        "killed, while the RSF said it killed 30 soldiers.")["events"]
    assert [(t["claimant"], t["claimed_by"]) for t in event["tolls"]] == [
        ("Doctors", None), (None, "Rapid Support Forces (RSF)")]
    [event] = extracted("ISWAP raided a base in Monguno on Sunday. Between four and six "
                        "soldiers were killed, military sources said, while ISWAP claimed "
                        "victory.")["events"]
    assert [(t["claimant"], t["claimed_by"]) for t in event["tolls"]] == [
        ("military sources", None)]


def test_a_clause_of_its_own_giving_a_figure_is_that_sources_claim():
    [event] = extracted("JNIM attacked an army post near Djibo on Sunday. According to the "
                        "army, 7 soldiers died; JNIM put the toll at 31.")["events"]
    assert [(t["count"], t["claimed_by"]) for t in event["tolls"]] == [
        (7, "Burkinabe Armed Forces"), (31, "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)")]
    assert event["fatalities"] == 7
    [event] = extracted("Gunmen attacked a church near Kaya on Sunday. Local sources said 9 "
                        "worshippers were killed; security sources gave a lower toll of 6.")[
        "events"]
    assert [(t["count"], t["claimant"]) for t in event["tolls"]] == [
        (9, "Local sources"), (6, "security sources")]
    [event] = extracted("A shell hit a bus in Kherson on Sunday, killing two people, "
                        "Governor Oleksandr Prokudin said.")["events"]
    assert [t["claimant"] for t in event["tolls"]] == ["Governor Oleksandr Prokudin"]


def test_support_told_in_the_passive_or_with_what_is_given_keeps_its_direction():
    assert ("Iran", "alleged_support", "Houthis (Ansar Allah)", "alleged", "United States") \
        in relations_of("The Houthis are armed by Iran, according to US officials.")
    assert ("Rwanda", "alleged_support", "M23 (March 23 Movement)", "alleged",
            "United Nations") in relations_of(
        "UN experts said Rwanda provided troops and weapons to the M23.")
    found = relations_of("Iran armed the Houthis, US officials said.")
    assert ("Iran", "alleged_support", "Houthis (Ansar Allah)", "alleged",
            "United States") in found
    # told as a fact, no one saying it: plain support
    assert ("Iran", "support", "Houthis (Ansar Allah)", None, None) in relations_of(
        "Iran armed the Houthis.")
    # the troops sent are what is given, no party: neither supported nor supporting
    found = relations_of("M23 rebels seized Minova. Kinshasa accused Rwanda of sending "
                         "troops to support the rebels.")
    assert [(r[0], r[1], r[2]) for r in found if r[1].endswith("support")] == [
        ("Rwanda", "alleged_support", "M23 (March 23 Movement)")], found


def test_a_denial_naming_no_one_answers_the_charge_told_before():
    """"Kigali denied the charge": Rwanda denies to whoever accused it (before, a denial
    with no other party in its clause gave no relation); with no charge against the
    speaker told before, none."""
    found = relations_of("The government in Kinshasa accused Rwanda of backing the M23 "
                         "rebels. Kigali denied the charge.")
    assert ("Rwanda", "denial", "Democratic Republic of the Congo", None, None) in found
    found = relations_of("The Sudanese army accused the United Arab Emirates of arming the "
                         "RSF. Abu Dhabi has denied the accusation.")
    assert [r for r in found if r[1] == "denial"] == [
        ("United Arab Emirates", "denial", "Sudanese Armed Forces (SAF)", None, None)], found
    assert not [r for r in relations_of("Kigali denied the charge.") if r[1] == "denial"]


def test_people_burned_or_beaten_to_death_are_counted():
    [event] = extracted("Soldiers raided a village near Monywa on Sunday. Four villagers who "
                        "were too old to flee were found burned to death.")["events"]
    assert event["fatalities"] == 4
    [event] = extracted("A mob beat a suspected thief in Kano on Sunday; two men were beaten "
                        "to death.")["events"]
    assert event["fatalities"] == 2


def test_people_taken_along_with_a_hostage_are_no_toll():
    [event] = extracted("Gunmen abducted a district chief near Zamfara on Sunday along with "
                        "three of his guards.")["events"]
    assert event["fatalities"] is None
    [event] = extracted("Gunmen abducted a district chief near Gusau on Sunday along with "
                        "three of his guards. The bodies of the four were found the next "
                        "day.")["events"]
    assert event["fatalities"] == 4


def test_a_later_clause_adds_other_dead_to_the_figure_a_source_gave():
    text = ("On 3 June 2024, ADF rebels attacked an army post near Eringeti. The army said 9 "
            "attackers were killed; two soldiers died.")
    [event] = extracted(text)["events"]
    assert event["fatalities"] == 11
    text = ("On 3 June 2024, ADF rebels attacked an army post near Eringeti. The army said 9 "
            "attackers were killed; local sources said 3 civilians were also killed.")
    [event] = extracted(text)["events"]
    assert event["fatalities"] == 12
    # the toll retold is no other dead
    text = ("On 3 June 2024, a drone hit a market in Kherson. The governor said 6 people "
            "were killed; the toll rose to 8 the next day.")
    [event] = extracted(text)["events"]
    assert event["fatalities"] == 8


@pytest.mark.parametrize(("text", "count"), [
    # digits in a gang's name are no count
    ("On 3 June 2024, Barrio-18 gunmen shot dead a taxi driver in Tegucigalpa.", 1),
    # the coders' "(as reported)" between a figure and its victims
    ("On 3 June 2024, 4 soldiers and about 15 (as reported) militants were killed near "
     "Diffa.", 19),
    # lynching kills
    ("On 3 June 2024, a crowd lynched three suspected thieves in Kano.", 3),
    # an Indian soldier, named as one ("a jawan") with no number
    ("On 3 June 2024, Maoists attacked a patrol in Bijapur. A jawan was killed.", 1),
])
def test_coders_tolls(text, count):
    [event] = extracted(text)["events"]
    assert event["fatalities"] == count


def test_a_shopkeeper_shot_dead_is_a_toll():
    [event] = extracted("On 3 June 2024, gunmen shot dead a shopkeeper in Quetta.")["events"]
    assert event["fatalities"] == 1


@pytest.mark.parametrize(("text", "count"), [
    # hurt first, then dead
    ("On 3 June 2024, gunmen attacked a bus near Kano; a passenger was hit by a stray bullet "
     "and died.", 1),
    # a second victim named as someone's companion or colleague
    ("On 3 June 2024, a drone strike near Tyre killed a Hezbollah commander and a "
     "companion.", 2),
])
def test_victims_told_otherwise(text, count):
    [event] = extracted(text)["events"]
    assert event["fatalities"] == count


def test_a_social_leader_killed_is_a_civilian_toll():
    [event] = extracted("On 3 June 2024, gunmen shot dead a social leader in Tumaco.")["events"]
    assert event["fatalities"] == 1 and event["type"] == "Violence against civilians"
    # the leader of an armed group is no civilian (and an article counts no unknown kind)
    [event] = extracted("On 3 June 2024, a drone strike killed a JNIM leader near "
                        "Boni.")["events"]
    assert event["type"] != "Violence against civilians"


def test_a_relative_clause_of_the_victims_denies_nothing():
    # "who could not flee" tells of the victims; the toll word after it stands
    [event] = extract_text("On 2 March 2024, soldiers raided Kyaukmyaung village (Sagaing "
                           "region) and burned houses. Three villagers who could not flee "
                           "were found dead.").to_json()["events"]
    assert event["fatalities"] == 3


def test_a_count_of_hours_or_days_is_no_toll():
    [event] = extract_text("On 11 May 2025, JNIM fighters attacked the camp in Djibo, held "
                           "the town for several hours and killed more than 100 soldiers."
                           ).to_json()["events"]
    assert event["fatalities"] == 100


@pytest.mark.parametrize(("second", "toll"), [("his assistant", 2), ("his two assistants", 3),
                                              ("his family", 1)])
def test_a_victim_and_his_companion_count_each(second, toll):
    data = extracted(f"On 2 October 2025, an IED hit a truck near Mueda, killing the driver "
                     f"and {second}.")
    assert data["events"][0]["fatalities"] == toll


@pytest.mark.parametrize("background", [
    "The war began in April 2023 and has killed tens of thousands of people.",
    "The war began in 2023 and has killed thousands of people.",
    "The conflict, which erupted in 2012 and has killed thousands, goes on.",
])
def test_a_year_is_no_count_of_the_dead(background):
    # the background sentence of a wire story: "in 2023 and has killed" read 2023 as dead
    found = extracted("Gunmen attacked an army post near Gao on Sunday, killing 12 soldiers. "
                      + background)
    counts = [t["count"] for e in found["events"] for t in e["tolls"]]
    assert not any(c is not None and 1900 <= c <= 2100 for c in counts)
    assert max(e["fatalities"] or 0 for e in found["events"]) < 1900
