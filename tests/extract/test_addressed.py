"""A place the gazetteer lacks, given with its address ("in X, Wellington, New Zealand",
"the village of X in Aberdeenshire, Scotland"), is placed where the address says, with a note, not
left out (issue 11: international news names suburbs, villages and bases that GeoNames'
cities500 does not list). The names here are made up: the gazetteer holds none of them."""

from __future__ import annotations

from geomap.extract import extract_text
from geomap.precision import Precision


def _placed(text: str) -> dict[str, tuple[str, float, float, str | None]]:
    return {p["text"]: (p["name"], p["lat"], p["lon"], p.get("precision"))
            for p in extract_text(text).to_json()["places"]}


def test_a_suburb_the_gazetteer_lacks_is_placed_near_the_town_of_its_address() -> None:
    text = ("Health officials asked anyone who bought shellfish at a stall in Marrowdene, "
            "Wellington, New Zealand, on Friday to see a doctor. The stall in Marrowdene "
            "has been closed.")
    found = extract_text(text)
    suburb = [m for m in found.places if m.text == "Marrowdene"]
    town = next(m for m in found.places if m.text == "Wellington")
    assert len(suburb) == 2  # the later bare mention too
    for mention in suburb:
        assert mention.entry is not None and mention.place is not None
        assert (mention.entry.lat, mention.entry.lon) == (town.entry.lat, town.entry.lon)
        assert mention.entry.precision is Precision.NEAR
        assert "not in the gazetteer" in (mention.entry.note or "")
    assert town.entry.country_code == "NZ"


def test_a_village_the_text_calls_one_is_placed_in_the_county_of_its_address() -> None:
    places = _placed("Sheep were lost on the hills above the village of Kilbrannock in "
                     "Aberdeenshire, Scotland, after the storm.")
    assert places["Kilbrannock"][1:] == places["Aberdeenshire"][1:]
    assert places["Kilbrannock"][3] == "adm2"
    places = _placed("Troops reached Tallowmere, a fishing village near Aberdeen, Scotland, "
                     "at dawn.")
    assert places["Tallowmere"][1:3] == places["Aberdeen"][1:3]
    assert places["Tallowmere"][3] == "near"


def test_a_village_on_the_road_between_two_towns_is_placed_at_the_first() -> None:
    # session 37: as a coder codes a village no gazetteer holds to the town the report
    # names, at a lower precision (before, only a warning named it)
    places = _placed("HERAT, Afghanistan - Rescuers dug through the rubble of Qalandarak, "
                     "a village on the road between Herat and Zindajan, on Sunday.")
    assert places["Qalandarak"][1:3] == places["Herat"][1:3]
    assert places["Qalandarak"][3] == "near"
    places = _placed("KANO, Nigeria - Gunmen raided Dorayin Kwari, a farming settlement "
                     "on the main road to Kano, overnight.")
    assert places["Dorayin Kwari"][1:3] == places["Kano"][1:3]


def test_a_base_the_gazetteer_lacks_is_placed_in_the_state_of_its_address() -> None:
    places = _placed("The U.S. engineer served at the army depot in Fort Dunmarrow, "
                     "Kentucky, for ten years.")
    assert places["Fort Dunmarrow"][1:] == places["Kentucky"][1:]
    assert places["Fort Dunmarrow"][3] == "adm1"


def test_a_unit_of_an_area_the_gazetteer_lacks_is_placed_in_the_state_it_names() -> None:
    places = _placed("Villagers in the Morbandi district of Bihar, India, lost their homes.")
    assert places["Morbandi"][1:] == places["Bihar"][1:]
    assert places["Morbandi"][3] == "adm1"


def test_no_address_no_settlement_or_a_word_of_no_place_places_nothing() -> None:
    # a farm is no settlement; a country's point is no place's point; an organisation's
    # word and a word the text writes in lower case are no place's name
    for text in ("Cattle were culled in Ferrowby, a dairy farm in Cavite, Philippines.",
                 "Cases were found in Pennick, Kenya, and in Nairobi.",
                 "The bill is in Congress, Washington, the senator said.",
                 "Prices rose in Marrowdene, Wellington, New Zealand; a marrowdene costs more."):
        names = {p["text"] for p in extract_text(text).to_json()["places"]}
        assert not names & {"Ferrowby", "Pennick", "Congress", "Marrowdene"}, text


def test_many_addressed_names_are_found_in_one_pass() -> None:
    # thousands of distinct names the gazetteer lacks, each with its address: every
    # mention placed (the names are looked up word run by word run, not by a pattern of
    # thousands of alternatives, quadratic on a long text)
    letters = "abcdefghijklmnopqrstuvwxyz"
    names = [f"Qzv{a}{b}" for a in letters for b in letters[:8]]  # none in the gazetteer
    text = "".join(f"Cases rose in {name}, Wellington, New Zealand. " for name in names)
    found = extract_text(text).places
    assert sum(1 for m in found if m.text.startswith("Qzv")) == len(names)


def test_a_long_word_after_a_locative_is_read_in_one_pass() -> None:
    # one run of 100,000 letters after "in", before ", a town" and after "the town of"
    # (a pasted blob, a word without spaces): the name patterns tried the run split at
    # each of its small letters, then each tail again, time growing as its square (16,000
    # letters took 38 s; this text had not ended after 150 s); now each
    # run is taken whole. The places of the text are found all the same.
    blob = "Q" + "z" * 100_000
    text = (f"Fighting broke out in Kidal, Mali, and in {blob} yesterday. "
            f"{blob}, a town near Gao, was shelled. The town of {blob}")
    found = extract_text(text).places
    assert {m.text for m in found} >= {"Kidal", "Mali"}
    assert not [m for m in found if m.text.startswith("Qz")]
