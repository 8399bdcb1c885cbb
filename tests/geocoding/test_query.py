"""Query parsing and name normalisation, with hypothesis properties: any text gives a
ParsedQuery or an InputError, never another exception; coordinates round-trip."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.errors import InputError
from geomap.geocoding.normalize import (
    fold,
    is_code_like,
    key_hash,
    name_key,
    name_keys,
    without_article,
)
from geomap.geocoding.query import MAX_QUERY_LENGTH, parse_point, parse_query, strip_kind_word
from geomap.geocoding.suggest import edit_variants
from geomap.model import PlaceKind


@pytest.mark.parametrize(
    ("a", "b"),
    [("Ménaka", "menaka"), ("Tin Zaouatene", "Tin-Zaouatène"), ("Tinzaouatene", "tin zaouatene"),
     ("Artemivs'k", "Artemivsk"), ("the Sahel", "Sahel"), ("KIEV", "kiev"),
     ("Fada N'Gourma", "Fada Ngourma"), ("Straße", "strasse")],
)
def test_same_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("name", "key"), [
    ("New York", "newyork"), ("St. Louis", "stlouis"), ("Guinea-Bissau", "guineabissau"),
    ("a\tb\nc", "abc"), ("42nd  Street", "42ndstreet"), ("O'Neill", "oneill"), ("", ""),
    (" - ", ""), ("Côte d’Ivoire", "cotedivoire"), ("The Hague", "hague"), ("#1 (A)", "1a"),
])
def test_a_key_keeps_letters_and_digits_only(name: str, key: str) -> None:
    assert name_key(name) == key


def test_different_names_different_keys() -> None:
    assert name_key("Gao") != name_key("Goa")
    assert key_hash("gao") != key_hash("goa")
    assert key_hash("gao") == key_hash("gao")  # stable


def test_fold_keeps_non_latin_scripts() -> None:
    assert fold("КИЇВ") == "киів"  # Ї decomposes to І + diaeresis
    assert name_key("Київ") == name_key("КИЇВ")


def test_article_and_codes() -> None:
    assert without_article("Al Qusayr") == "Qusayr"
    assert without_article("El-Fasher") == "Fasher"
    assert without_article("Alger") is None
    assert is_code_like("GAQ", "Gao")
    assert not is_code_like("GAO", "Gao")
    assert not is_code_like("Gao", "Guantanamo")


def test_edit_variants() -> None:
    variants = edit_variants("gao")
    assert {"ga", "ago", "gao" + "x", "giao"} <= variants
    assert "gao" not in variants


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12.65, -8.0", (12.65, -8.0)), ("12.65 -8", (12.65, -8.0)), ("12.65N 8.0W", (12.65, -8.0)),
     ("N12.65 W8", (12.65, -8.0)), ("8W 12.65N", (12.65, -8.0)),
     ("12°39'N 8°0'W", (12.65, -8.0)), ("-33.9;18.4", (-33.9, 18.4)),
     ("48.59/38.0", (48.59, 38.0))],
)
def test_points(text: str, expected: tuple[float, float]) -> None:
    parsed = parse_query(text)
    assert parsed.point == pytest.approx(expected)


def test_out_of_range_point_hints_swap() -> None:
    with pytest.raises(InputError, match="swapped"):
        parse_query("150, 12")


@pytest.mark.parametrize(
    ("text", "name", "qualifiers"),
    [("Tripoli, Libya", "Tripoli", ("Libya",)), ("Tripoli (Lebanon)", "Tripoli", ("Lebanon",)),
     ("Kramatorsk, Donetsk Oblast, Ukraine", "Kramatorsk", ("Donetsk Oblast", "Ukraine")),
     ("Gao", "Gao", ())],
)
def test_qualifiers(text: str, name: str, qualifiers: tuple[str, ...]) -> None:
    parsed = parse_query(text)
    assert (parsed.name, parsed.qualifiers) == (name, qualifiers)


@pytest.mark.parametrize(
    ("text", "bare", "kind"),
    [("Gao region", "Gao", PlaceKind.ADMIN1), ("Région de Mopti", "Mopti", PlaceKind.ADMIN1),
     ("Donetsk Oblast", "Donetsk", PlaceKind.ADMIN1), ("Province of Kandahar", "Kandahar",
                                                       PlaceKind.ADMIN1),
     ("Niger State", "Niger", PlaceKind.ADMIN1), ("Bamako", None, None)],
)
def test_kind_words(text: str, bare: str | None, kind: PlaceKind | None) -> None:
    assert strip_kind_word(text) == (bare, kind)


@pytest.mark.parametrize(
    "bad", ["", "   ", "\t", "Gao\x00", "Gao\nMali", "a\x1b[31m", "x" * (MAX_QUERY_LENGTH + 1),
            "---", "?!", None, 12, b"Gao"],
)
def test_bad_input_is_an_input_error(bad: object) -> None:
    with pytest.raises(InputError):
        parse_query(bad)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_parses_or_raises_input_error(text: str) -> None:
    try:
        parsed = parse_query(text)
    except InputError:
        return
    assert parsed.name
    assert len(parsed.text) <= MAX_QUERY_LENGTH
    if parsed.point is not None:
        lat, lon = parsed.point
        assert -90 <= lat <= 90 and -180 <= lon <= 180


@settings(max_examples=300, deadline=None)
@given(st.floats(-90, 90, allow_nan=False), st.floats(-180, 180, allow_nan=False),
       st.sampled_from([", ", " ", ";", " / "]))
def test_coordinates_round_trip(lat: float, lon: float, separator: str) -> None:
    text = f"{lat:.6f}{separator}{lon:.6f}"
    parsed = parse_query(text)
    assert parsed.point is not None
    assert parsed.point[0] == pytest.approx(round(lat, 6), abs=1e-6)
    assert parsed.point[1] == pytest.approx(round(lon, 6), abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 90, allow_nan=False), st.floats(0, 180, allow_nan=False),
       st.booleans(), st.booleans())
def test_hemisphere_letters(lat: float, lon: float, south: bool, west: bool) -> None:
    text = f"{lat:.4f}{'S' if south else 'N'} {lon:.4f}{'W' if west else 'E'}"
    point = parse_point(text)
    assert point is not None
    assert point[0] == pytest.approx(-round(lat, 4) if south else round(lat, 4), abs=1e-9)
    assert point[1] == pytest.approx(-round(lon, 4) if west else round(lon, 4), abs=1e-9)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_name_key_is_idempotent_and_safe(text: str) -> None:
    key = name_key(text)
    assert name_key(key) == key
    assert " " not in key
    assert isinstance(key_hash(key), int)


# names as the article rule and the joined keying see them: spaces and "the" at either end
_NAME_PARTS = st.sampled_from(["the", "The", "THE", " ", "\t", "\u00a0", "\u2003", "-", "Al ",
                               "\u0301", "e\u0301", "\u00a8", "\u01c4", "\u0130", "Ber",
                               "\x00", "ß", "\n"])
_LONG_LIST = ["Gao", "the Sahel", "Ménaka", "Київ"] * 20
_NAMES = st.lists(st.one_of(st.text(max_size=12), _NAME_PARTS), max_size=6).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(_NAMES, max_size=8))
def test_keys_of_many_names_are_the_keys_of_each(names: list[str]) -> None:
    many = [*names, *names, *_LONG_LIST]  # a long list is keyed joined, a short one by name
    assert name_keys(many) == [name_key(name) for name in many]
    assert name_keys(names) == [name_key(name) for name in names]


@pytest.mark.parametrize("names", [[], [""], ["the"], ["the ", " the Sahel", "Thé Sahel"],
                                   ["Tin-Zaouatène", "the  Hague", "a\x00b", "the\x00 x"]])
def test_keys_of_many_names_at_the_edges(names: list[str]) -> None:
    many = [*names, *_LONG_LIST]
    assert name_keys(many) == [name_key(name) for name in many]
