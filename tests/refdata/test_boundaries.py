"""Packaged boundary files: present, EPSG:4326, valid, and in the documented point of view.

Points are (lat, lon) with asymmetric values and are turned into shapely points as (lon, lat)
in one helper, so a lat/lon swap lands somewhere else and fails.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point

from geomap.errors import DataError, GeocodeError
from geomap.refdata import boundaries
from tools import build_boundaries

# (lat, lon) of city centres
BAMAKO = (12.65, -8.0)
KYIV = (50.45, 30.52)
DONETSK = (48.0159, 37.8028)
SEVASTOPOL = (44.58, 33.55)
SIMFEROPOL = (44.95, 34.10)
TRIPOLI_LY = (32.89, 13.19)
MOSCOW = (55.75, 37.62)
PRISTINA = (42.66, 21.17)
LAAYOUNE = (27.15, -13.20)
RABAT = (34.02, -6.84)
DAKHLA = (23.70, -15.95)
SMARA = (26.74, -11.67)
GUELMIM = (28.98, -10.06)
PARIS = (48.86, 2.35)
OSLO = (59.91, 10.75)


def point(latlon: tuple[float, float]) -> Point:
    lat, lon = latlon
    return Point(lon, lat)


def countries_at(latlon: tuple[float, float]) -> list[str]:
    admin0 = boundaries.load_admin0()
    return sorted(admin0.loc[admin0.contains(point(latlon)), "iso_a2"])


def admin1_at(latlon: tuple[float, float]) -> list[str]:
    admin1 = boundaries.load_admin1()
    return sorted(admin1.loc[admin1.contains(point(latlon)), "iso_3166_2"])


@pytest.mark.parametrize(
    ("loader", "columns"),
    [
        (boundaries.load_admin0, ["iso_a2", "iso_a3", "name", "geometry"]),
        (
            boundaries.load_admin1,
            ["iso_3166_2", "gn_a1_code", "iso_a2", "name", "name_alt", "type", "geometry"],
        ),
        (boundaries.load_basemap, ["iso_a2", "name", "geometry"]),
    ],
)
def test_files_load_in_4326_with_valid_polygons(loader, columns):
    frame = loader()
    assert frame.crs is not None and frame.crs.to_epsg() == 4326
    assert set(columns) <= set(frame.columns)
    assert len(frame) > 200
    assert frame.is_valid.all()
    assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}
    assert not frame.geometry.is_empty.any()
    minx, miny, maxx, maxy = frame.total_bounds
    assert -180 <= minx < maxx <= 180 and -90 <= miny < maxy <= 90


def test_loaders_are_cached():
    assert boundaries.load_admin0() is boundaries.load_admin0()


def test_admin0_codes_are_iso_and_unique():
    admin0 = boundaries.load_admin0()
    assert admin0["iso_a2"].is_unique
    assert admin0["iso_a2"].str.fullmatch(r"[A-Z]{2}").all()
    assert admin0["iso_a3"].str.fullmatch(r"[A-Z]{3}").all()
    by_code = admin0.set_index("iso_a2")
    assert by_code.loc["FR", "iso_a3"] == "FRA"
    assert by_code.loc["NO", "iso_a3"] == "NOR"
    assert by_code.loc["XK", "iso_a3"] == "XKX"
    assert by_code.loc["EH", "iso_a3"] == "ESH"
    assert {"ML", "UA", "LY", "RU", "DZ"} <= set(admin0["iso_a2"])


def test_rows_are_sorted_for_deterministic_output():
    admin0 = boundaries.load_admin0()
    assert list(admin0["iso_a2"]) == sorted(admin0["iso_a2"])
    admin1 = boundaries.load_admin1()
    keys = list(zip(admin1["iso_a2"], admin1["iso_3166_2"], admin1["name"], strict=True))
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("latlon", "iso2"),
    [
        (BAMAKO, "ML"),
        (KYIV, "UA"),
        (TRIPOLI_LY, "LY"),
        (MOSCOW, "RU"),
        (PRISTINA, "XK"),
        (LAAYOUNE, "EH"),
        (RABAT, "MA"),
        (PARIS, "FR"),
        (OSLO, "NO"),
    ],
)
def test_point_in_country(latlon, iso2):
    assert countries_at(latlon) == [iso2]


def test_swapped_coordinates_do_not_match():
    lat, lon = BAMAKO
    assert countries_at((lon, lat)) != ["ML"]
    assert countries_at((KYIV[1], KYIV[0])) != ["UA"]


def test_admin1_points():
    assert admin1_at(BAMAKO) == ["ML-BKO"]
    assert admin1_at(DONETSK) == ["UA-14"]
    assert admin1_at(KYIV) == ["UA-30"]


def test_crimea_and_sevastopol_follow_iso_un_view():
    admin1 = boundaries.load_admin1().set_index("iso_3166_2")
    assert admin1.loc["UA-43", "iso_a2"] == "UA"
    assert admin1.loc["UA-40", "iso_a2"] == "UA"
    assert admin1_at(SEVASTOPOL) == ["UA-40"]
    assert admin1_at(SIMFEROPOL) == ["UA-43"]
    assert countries_at(SEVASTOPOL) == ["UA"]
    assert countries_at(SIMFEROPOL) == ["UA"]


def test_western_sahara_is_whole_under_eh():
    for place in [LAAYOUNE, DAKHLA, SMARA]:
        assert countries_at(place) == ["EH"]
    assert countries_at(GUELMIM) == ["MA"]
    admin1 = boundaries.load_admin1()
    assert admin1.loc[admin1["iso_a2"] == "EH", "name"].tolist() == ["Western Sahara"]
    morocco = boundaries.country_shape("MA")
    assert morocco.bounds[1] > 27.6  # nothing of Morocco south of 27°40' N


def test_admin1_codes_and_aliases():
    admin1 = boundaries.load_admin1()
    mali = admin1[admin1["iso_a2"] == "ML"].set_index("iso_3166_2")
    assert mali.loc["ML-1", "gn_a1_code"] == "ML.03"
    assert mali.loc["ML-1", "name"] == "Kayes"
    assert len(mali) == 9  # 8 regions + Bamako; Ménaka and Taoudénit absent from Natural Earth
    aliases = admin1.set_index("iso_3166_2").loc["UA-14", "name_alt"].split("|")
    assert "Донецька область" in aliases or any("Донец" in a for a in aliases)
    assert admin1["gn_a1_code"].fillna("").str.fullmatch(r"([A-Z]{2}\.\w+)?").all()
    # placeholders such as "-99-X04~" are blanked: a code is ISO 3166-2 or empty
    assert admin1["iso_3166_2"].str.fullmatch(r"([A-Z]{2}-[A-Z0-9]{1,3})?").all()
    assert admin1["adm1_code"].is_unique


def test_admin0_matches_admin1_borders():
    # admin-0 is dissolved from admin-1: a country's area equals its units' area
    admin1 = boundaries.load_admin1()
    mali_units = shapely.union_all(admin1.loc[admin1["iso_a2"] == "ML"].geometry.to_numpy())
    mali = boundaries.country_shape("ML")
    assert mali.symmetric_difference(mali_units).area < 1e-6 * mali.area


def test_helpers():
    assert boundaries.country_name("ml") == "Mali"
    assert boundaries.country_shape("UA").contains(point(KYIV))
    assert boundaries.admin1_shape("UA-14").contains(point(DONETSK))
    assert boundaries.admin1_shape("ML.01").contains(point(BAMAKO))
    assert boundaries.admin1_shape(" ua-14 ") is boundaries.admin1_shape("UA-14")
    with pytest.raises(GeocodeError, match="'ZZ'"):
        boundaries.country_shape("ZZ")
    with pytest.raises(GeocodeError, match="'UA-99'"):
        boundaries.admin1_shape("UA-99")


def test_basemap_is_light_and_rounded():
    path = boundaries.boundary_path(boundaries.BASEMAP_FILE)
    assert 200_000 < path.stat().st_size < 1_600_000
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"\d\.\d{5,}", text[:200_000])
    assert boundaries.basemap_geojson() == json.loads(text)


def test_total_boundary_size_is_a_few_megabytes():
    total = sum(
        boundaries.boundary_path(name).stat().st_size
        for name in (boundaries.ADMIN0_FILE, boundaries.ADMIN1_FILE, boundaries.BASEMAP_FILE)
    )
    assert total <= 8 * 1024 * 1024


def test_readme_checksums_match_files():
    import hashlib

    readme = Path(str(boundaries.boundary_path("README.md"))).read_text(encoding="utf-8")
    for name in (boundaries.ADMIN0_FILE, boundaries.ADMIN1_FILE, boundaries.BASEMAP_FILE):
        digest = hashlib.sha256(boundaries.boundary_path(name).read_bytes()).hexdigest()
        assert f"`{name}`" in readme and digest in readme, f"README checksum of {name} is stale"


def test_missing_file_raises_data_error_with_hint(monkeypatch):
    monkeypatch.setattr(boundaries, "PACKAGE", "geomap.data")
    with pytest.raises(DataError, match=r"tools/build_boundaries\.py"):
        boundaries.boundary_path(boundaries.ADMIN0_FILE)


def test_missing_package_raises_data_error(monkeypatch):
    monkeypatch.setattr(boundaries, "PACKAGE", "geomap_no_such_package")
    with pytest.raises(DataError, match="Reinstall"):
        boundaries.boundary_path(boundaries.ADMIN0_FILE)


# --- the build script's point-of-view logic, on features made in code -------------------------


def _props(**extra):
    base = {"iso_3166_2": "", "iso_a2": "", "adm0_a3": "", "adm1_code": "X-1", "name": "N"}
    return {**base, **extra}


def test_build_attributes_apply_iso_view_and_blank_placeholders():

    crimea = build_boundaries.admin1_attributes(
        _props(iso_3166_2="UA-43", iso_a2="RU", adm0_a3="RUS", name="Crimea", gn_a1_code="UA.11")
    )
    assert crimea["iso_a2"] == "UA" and crimea["gn_a1_code"] == "UA.11"
    placeholder = build_boundaries.admin1_attributes(
        _props(iso_3166_2="-99-X04~", iso_a2="CY", gn_a1_code="-108", name="Northern Cyprus")
    )
    assert placeholder["iso_3166_2"] == "" and placeholder["gn_a1_code"] == ""
    aliases = build_boundaries.admin1_attributes(
        _props(name="Kidal", name_alt="Kidal Region|kidal", name_fr="Kidal", name_ru="Кидаль")
    )
    assert aliases["name_alt"] == "Kidal Region|Кидаль"


def test_build_moves_moroccan_units_south_of_27_40_to_western_sahara():
    from shapely.geometry import box

    rows = [
        build_boundaries.admin1_attributes(_props(iso_3166_2="MA-14", iso_a2="MA", name="North")),
        build_boundaries.admin1_attributes(_props(iso_3166_2="MA-16", iso_a2="MA", name="South")),
        build_boundaries.admin1_attributes(_props(iso_3166_2="EH-X01~", iso_a2="EH", name="Strip")),
    ]
    geoms = [box(-13, 26.5, -10, 29.0), box(-16, 22.0, -13, 24.0), box(-10, 22.0, -9, 27.0)]
    out_rows, out_geoms = build_boundaries.separate_western_sahara(rows, geoms)
    assert [r["name"] for r in out_rows] == ["North", "Western Sahara"]
    north, sahara = out_geoms
    assert north.bounds[1] == pytest.approx(27.6667)
    assert sahara.contains(point((27.0, -12.0)))  # south part of "North"
    assert sahara.contains(point((23.0, -15.0)))  # all of "South"
    assert "South" in out_rows[1]["name_alt"].split("|")
    assert out_rows[1]["iso_3166_2"] == ""


def test_text_columns_are_stripped_and_blank_where_natural_earth_has_no_code() -> None:
    """Text columns (whole-column string steps) and other columns (value by value) give
    the same text: stripped, empty where missing, ``-99`` or ``-1``."""
    import pandas as pd

    values = [" UA-14 ", "-99", None, " -1\t", "Mali", "-990", "\u3000ML\u3000"]
    expected = ["UA-14", "", "", "", "Mali", "-990", "ML"]
    frame = pd.DataFrame({"text": pd.Series(values, dtype="str"),
                          "objects": pd.Series(values, dtype=object),
                          "numbers": [-99, -1, 0, 3, 7, -990, 5]})
    assert isinstance(frame["text"].dtype, pd.StringDtype)
    assert boundaries.text_column(frame, "text").tolist() == expected
    assert boundaries.text_column(frame, "objects").tolist() == expected
    assert boundaries.text_column(frame, "numbers").tolist() == ["", "", "0", "3", "7",
                                                                 "-990", "5"]
    assert boundaries.text_column(frame, "absent").tolist() == [""] * len(values)
