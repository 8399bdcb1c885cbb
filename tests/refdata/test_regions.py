"""Named regions: definitions load, shapes are right, lookups are loose, misses are clear.

Points are (lat, lon), asymmetric, converted to shapely (lon, lat) in one helper.
"""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from geomap.errors import DataError, GeocodeError, PlaceNotFound
from geomap.refdata import regions
from geomap.refdata.regions import load_regions, region

NIAMEY = (13.51, 2.11)
BAMAKO = (12.65, -8.0)
NDJAMENA = (12.13, 15.06)
TRIPOLI_LY = (32.89, 13.19)
DAKAR = (14.69, -17.45)
ABUJA = (9.06, 7.49)
DONETSK = (48.0159, 37.8028)
LUHANSK = (48.57, 39.33)
KYIV = (50.45, 30.52)
SEVASTOPOL = (44.58, 33.55)
SIMFEROPOL = (44.95, 34.10)
KIDAL = (18.44, 1.41)
TIMBUKTU = (16.77, -3.01)
DORI = (14.03, -0.03)  # Burkina Faso, Séno province
TILLABERI = (14.21, 1.45)
MAIDUGURI = (11.85, 13.16)
DIFFA = (13.32, 12.61)
MOGADISHU = (2.05, 45.32)
ADDIS_ABABA = (9.03, 38.74)
ALGIERS = (36.75, 3.06)
TUNIS = (36.81, 10.18)
TAMANRASSET = (22.79, 5.53)
BAGHDAD = (33.31, 44.37)
TEHRAN = (35.69, 51.39)
CAIRO = (30.04, 31.24)
ARLIT = (18.74, 7.39)
KANO = (12.0, 8.52)
ACCRA = (5.56, -0.20)
MOSCOW = (55.75, 37.62)
NAIROBI = (-1.29, 36.82)


def point(latlon: tuple[float, float]) -> Point:
    lat, lon = latlon
    return Point(lon, lat)


def inside(region_id: str, latlon: tuple[float, float]) -> bool:
    return bool(region(region_id).geometry.contains(point(latlon)))


REQUIRED = [
    "sahel", "sahel-aes", "sahel-ecological", "sahara", "maghreb", "horn-of-africa",
    "lake-chad-basin", "liptako-gourma", "donbas", "crimea", "middle-east", "west-africa",
]  # fmt: skip


def test_load_regions_frame():
    frame = load_regions()
    assert frame.crs is not None and frame.crs.to_epsg() == 4326
    assert list(frame.columns[:7]) == [
        "id", "name", "aliases", "definition", "source", "approximate", "countries",
    ]  # fmt: skip
    assert "geometry" in frame.columns
    assert set(REQUIRED) <= set(frame["id"])
    assert frame["id"].is_unique
    assert frame.is_valid.all()
    assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}
    assert not frame.geometry.is_empty.any()
    assert (frame["definition"].str.len() > 30).all()
    assert (frame["source"].str.len() > 10).all()


def test_regions_are_computed_once_per_process():
    regions.all_regions.cache_clear()
    regions.load_regions.cache_clear()
    regions._lookup_table.cache_clear()
    assert load_regions() is load_regions()
    assert region("sahel") is regions.all_regions()[[r.id for r in regions.all_regions()].index(
        "sahel")]


def test_the_definitions_are_read_once_per_process(monkeypatch: pytest.MonkeyPatch):
    reads = []
    real = regions.data_yaml
    monkeypatch.setattr(regions, "data_yaml", lambda name: reads.append(name) or real(name))
    for cached in (regions._read_definitions, regions.admin1_members,
                   regions._conventional_parts):
        cached.cache_clear()
    try:
        assert "donbas" in regions.admin1_members()
        assert regions.conventional_part("ML", "north", "") is not None
        first = regions.definitions()
        first[0]["id"] = "changed by a caller"
        assert regions.definitions()[0]["id"] != "changed by a caller"
        assert reads == ["regions.yaml"]
    finally:
        for cached in (regions._read_definitions, regions.admin1_members,
                       regions._conventional_parts):
            cached.cache_clear()


def test_sahel_default_is_g5():
    sahel = region("sahel")
    assert sahel.countries == ("MR", "ML", "BF", "NE", "TD")
    assert not sahel.approximate
    assert "G5 Sahel" in sahel.definition
    assert inside("sahel", NIAMEY)
    assert inside("sahel", BAMAKO)
    assert inside("sahel", NDJAMENA)
    assert not inside("sahel", TRIPOLI_LY)
    assert not inside("sahel", DAKAR)


def test_swapped_coordinates_miss():
    lat, lon = NIAMEY
    assert not inside("sahel", (lon, lat))


def test_sahel_alternatives():
    assert set(region("sahel-aes").countries) == {"ML", "BF", "NE"}
    assert inside("sahel-aes", NIAMEY) and not inside("sahel-aes", NDJAMENA)
    ecological = region("sahel-ecological")
    assert ecological.approximate is True
    assert ecological.kind == "band"
    assert inside("sahel-ecological", NIAMEY)
    assert inside("sahel-ecological", DAKAR)
    assert not inside("sahel-ecological", TRIPOLI_LY)
    assert not inside("sahel-ecological", ABUJA)
    minx, miny, maxx, maxy = ecological.geometry.bounds
    assert miny >= 12 - 1e-9 and maxy <= 20 + 1e-9
    assert minx < -16 and maxx > 37  # Atlantic to the Red Sea


def test_sahara_band():
    assert region("sahara").approximate
    assert inside("sahara", TAMANRASSET)
    assert inside("sahara", ARLIT)
    assert not inside("sahara", ALGIERS)
    assert not inside("sahara", NIAMEY)


def test_country_regions():
    assert inside("maghreb", ALGIERS) and inside("maghreb", TRIPOLI_LY)
    assert not inside("maghreb", CAIRO)
    assert inside("maghreb-central", TUNIS) and not inside("maghreb-central", TRIPOLI_LY)
    assert inside("horn-of-africa", MOGADISHU) and inside("horn-of-africa", ADDIS_ABABA)
    assert not inside("horn-of-africa", NAIROBI)
    assert inside("middle-east", BAGHDAD) and inside("middle-east", TEHRAN)
    assert not inside("middle-east", MOSCOW)
    assert inside("west-africa", ACCRA) and inside("west-africa", DAKAR)
    assert not inside("west-africa", NDJAMENA)


def test_admin1_regions():
    donbas = region("donbas")
    assert donbas.members == ("UA-14", "UA-09") and donbas.countries == ("UA",)
    assert inside("donbas", DONETSK) and inside("donbas", LUHANSK)
    assert not inside("donbas", KYIV)
    assert inside("crimea", SEVASTOPOL) and inside("crimea", SIMFEROPOL)
    assert region("crimea").countries == ("UA",)  # ISO/UN point of view
    assert inside("liptako-gourma", DORI) and inside("liptako-gourma", TILLABERI)
    assert not inside("liptako-gourma", KIDAL)
    assert not inside("liptako-gourma", TIMBUKTU)
    assert not inside("liptako-gourma", BAMAKO)
    assert set(region("lake-chad-basin").countries) == {"TD", "CM", "NE", "NG"}
    # the members without computing a shape (extraction reads them)
    assert regions.admin1_members()["donbas"] == frozenset(donbas.members)
    assert "sahel" not in regions.admin1_members()  # defined by countries
    assert inside("lake-chad-basin", MAIDUGURI) and inside("lake-chad-basin", DIFFA)
    assert not inside("lake-chad-basin", KANO)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Sahel", "sahel"),
        ("SAHEL", "sahel"),
        ("G5 Sahel", "sahel"),
        ("Donbass", "donbas"),
        ("Донбас", "donbas"),
        ("liptako gourma", "liptako-gourma"),
        ("Alliance des Etats du Sahel", "sahel-aes"),
        ("alliance des états du sahel", "sahel-aes"),
        ("Horn of Africa", "horn-of-africa"),
        ("Crimean Peninsula", "crimea"),
        ("  maghreb ", "maghreb"),
        ("Celebes", "sulawesi"),
        ("Pulau Jawa", "java"),
    ],
)
def test_region_lookup_is_loose(query, expected):
    assert region(query).id == expected


def test_unknown_region_lists_known_ids():
    with pytest.raises(PlaceNotFound) as info:
        region("Atlantis")
    message = str(info.value)
    assert "'Atlantis'" in message
    for region_id in REQUIRED:
        assert region_id in message
    assert isinstance(info.value, GeocodeError) and isinstance(info.value, LookupError)


@pytest.mark.parametrize(
    "entry",
    [
        {"name": "no id", "definition": "x", "source": "y", "countries": ["ML"]},
        {"id": "x", "name": "X", "definition": "d", "source": "s"},
        {"id": "x", "name": "X", "definition": "d", "source": "s", "countries": ["ML"],
         "admin1": ["ML-1"]},
        {"id": "x", "name": "X", "definition": "d", "countries": ["ML"]},
        {"id": "x", "name": "X", "definition": "d", "source": "s", "band": {"south": 1}},
        {"id": "x", "name": "X", "definition": "d", "source": "s", "countries": ["ML"],
         "point": {"lat": 17}},
        {"id": "x", "name": "X", "definition": "d", "source": "s", "countries": ["ML"],
         "point": {"lat": "17", "lon": -4}},
        {"id": "x", "name": "X", "definition": "d", "source": "s", "countries": ["ML"],
         "point": {"lat": 117, "lon": -4}},
        {"id": "x", "name": "X", "definition": "d", "source": "s", "countries": ["ML"],
         "precision": "county"},
    ],
)  # fmt: skip
def test_bad_definitions_are_rejected(entry):
    with pytest.raises(DataError, match=r"regions\.yaml"):
        regions._check_definition(entry, "geomap/data/regions.yaml")


def test_a_regions_point_must_lie_in_its_shape():
    entry = {"id": "x", "name": "X", "definition": "d", "source": "s", "countries": ["ML"],
             "point": {"lat": 48.5, "lon": 2.3}}  # Paris: not in Mali
    with pytest.raises(DataError, match="point inside its shape"):
        regions._build_region(entry)
    entry["point"] = {"lat": 17.0, "lon": -4.0}
    assert regions._build_region(entry).point == (17.0, -4.0)


def test_unknown_codes_in_definitions_are_rejected():
    entry = {"id": "x", "name": "X", "definition": "d", "source": "s", "countries": ["QQ"]}
    with pytest.raises(DataError, match="QQ"):
        regions._build_region(entry)
    entry = {"id": "y", "name": "Y", "definition": "d", "source": "s", "admin1": ["UA-99"]}
    with pytest.raises(DataError, match="UA-99"):
        regions._build_region(entry)



def test_named_landforms_and_historical_regions_of_the_conflict_zones():
    """Issue 14: mountains and historical regions reports name are areas with a source,
    marked approximate, inside the countries they belong to (points as lat, lon)."""
    kidal, aguelhok, gao = (18.44, 1.41), (19.46, 0.86), (16.27, -0.04)
    assert inside("adrar-des-ifoghas", kidal) and inside("adrar-des-ifoghas", aguelhok)
    assert not inside("adrar-des-ifoghas", gao)
    assert not inside("adrar-des-ifoghas", (20.5, 2.9))  # in the box, but Algeria
    sabha, tripoli = (27.04, 14.43), (32.89, 13.19)
    assert inside("fezzan", sabha) and not inside("fezzan", tripoli)
    assert inside("tibesti", (21.0, 17.5)) and inside("air-mountains", (18.5, 8.6))
    for rid in ("adrar-des-ifoghas", "fezzan", "tibesti", "air-mountains"):
        assert region(rid).approximate and region(rid).source


def test_islands_are_the_units_on_them():
    """Islands shared by several admin-1 units (issue 11: "Java", "Luzon" in news)."""
    jakarta, surabaya, medan, manila, davao, cebu = (
        (-6.2, 106.85), (-7.25, 112.75), (3.59, 98.67), (14.6, 120.98), (7.07, 125.61),
        (10.31, 123.89))
    assert inside("java", jakarta) and inside("java", surabaya)
    assert not inside("java", medan) and inside("sumatra", medan)
    assert inside("luzon", manila) and inside("mindanao", davao) and inside("visayas", cebu)
    assert not inside("luzon", cebu) and not inside("mindanao", cebu)
    kuching, tokyo, fukuoka = (1.55, 110.34), (35.68, 139.69), (33.59, 130.40)
    assert inside("borneo", kuching) and not inside("kalimantan", kuching)
    assert inside("honshu", tokyo) and inside("kyushu", fukuoka)
    assert not inside("honshu", fukuoka)
    assert inside("north-island", (-36.85, 174.76)) and inside("south-island", (-43.53, 172.63))
    assert region("new-guinea").countries == ("ID", "PG")
    assert set(region("hispaniola").countries) == {"HT", "DO"}


def test_former_first_level_units_are_regions_with_their_shape_and_precision():
    from geomap.precision import Precision

    alsace = region("Alsace")
    assert alsace.members == ("FR-67", "FR-68") and alsace.countries == ("FR",)
    assert alsace.geometry.contains(point((48.58, 7.75)))  # Strasbourg
    assert not alsace.geometry.contains(point((47.32, 5.04)))  # Dijon: Burgundy
    entry = next(e for e in regions.definitions() if e["id"] == "alsace")
    assert Precision.parse(entry["precision"]) is Precision.ADM1
    assert inside("nyanza-province", (-0.09, 34.77))  # Kisumu
    assert inside("midwest", (41.88, -87.63)) and not inside("midwest", (40.71, -74.0))
