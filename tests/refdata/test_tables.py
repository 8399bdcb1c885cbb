"""Country and code tables: the committed files are what the committed script derives."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geomap.errors import DataError
from geomap.refdata import _files, codes, countries
from geomap.sources._validate import alpha2_from
from tools import build_country_tables


@pytest.mark.slow
def test_derived_tables_match_the_script(tmp_path: Path) -> None:
    build_country_tables.main(tmp_path)
    for name in ("iso_numeric.csv", "fips_to_iso.csv", "country_bbox.csv"):
        packaged = resources.files("geomap.data").joinpath(name).read_text(encoding="utf-8")
        assert (tmp_path / name).read_text(encoding="utf-8") == packaged, name


def test_code_tables() -> None:
    assert countries.iso_numeric_to_alpha2()[466] == "ML"
    assert countries.iso_numeric_to_alpha2()[804] == "UA"
    assert countries.iso_alpha3_to_alpha2()["NER"] == "NE"
    # FIPS 10-4 differs from ISO: UP is Ukraine, UV Burkina Faso, NG Niger, NI Nigeria
    fips = countries.fips_to_alpha2()
    assert (fips["UP"], fips["UV"], fips["NG"], fips["NI"]) == ("UA", "BF", "NE", "NG")
    assert codes.cameo_event_types()["19"][0] == "Battles"
    assert codes.acled_event_types()["remote violence"][0] == "Explosions/Remote violence"
    assert codes.ucdp_violence_types()[3] == ("Violence against civilians", "One-sided violence")
    assert codes.column_aliases("acled")["event_id_cnty"] == "event_id"


def test_names_aliases_and_demonyms() -> None:
    names = countries.country_name_to_alpha2()
    assert (names["mali"], names["dr congo (zaire)"], names["türkiye"]) == ("ML", "CD", "TR")
    assert countries.load_demonyms()["Malian"] == "ML"
    assert names["macedonia"] == names["macedonia, fyr"] == "MK"
    assert all(len(code) == 2 for code in countries.country_aliases().values())


def test_alpha2_from_codes_and_names() -> None:
    iso = pd.Series(["466", "UKR", "ne", "", None, "999"])
    country = pd.Series(["Mali", "Ukraine", "Niger", "DR Congo (Zaire)", "Côte d'Ivoire",
                         "Atlantis"])
    assert list(alpha2_from(iso, country).fillna("-")) == ["ML", "UA", "NE", "CD", "CI", "-"]


def test_country_boxes_hold_their_capitals() -> None:
    boxes = countries.country_bboxes()
    for code, (lat, lon) in {"ML": (12.65, -8.0), "UA": (50.45, 30.52),
                             "NE": (13.51, 2.11), "RE": (-20.88, 55.45)}.items():
        x0, y0, x1, y1 = boxes[code]
        assert x0 <= lon <= x1 and y0 <= lat <= y1, code


def test_box_check_finds_swaps_and_points_outside() -> None:
    # Bamako as given, Bamako swapped, Kyiv stated as Mali, an unknown code, a missing value
    lat = [12.65, -8.0, 50.45, 12.65, np.nan]
    lon = [-8.0, 12.65, 30.52, -8.0, -8.0]
    check = countries.check_in_country(lat, lon, ["ML", "ML", "ML", "ZZ", "ML"])
    assert check.known.tolist() == [True, True, True, False, True]
    assert check.inside.tolist() == [True, False, False, False, False]
    assert check.swapped.tolist() == [False, True, False, False, False]


def test_box_check_never_swaps_a_longitude_beyond_90() -> None:
    # (lat 10, lon 120) swapped would be lat 120: not a point, whatever the box says
    check = countries.check_in_country([10.0], [120.0], ["RU"])
    assert not check.swapped.any()


def test_a_malformed_data_row_names_file_and_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_files, "data_text", lambda name: "alias,alpha2\nIvory Coast,CI\nOops,\n")
    with pytest.raises(DataError, match=r"geomap/data/x\.csv:3: expected values for alias"):
        _files.csv_records("x.csv", ("alias", "alpha2"))


def test_a_missing_data_file_says_reinstall() -> None:
    with pytest.raises(DataError, match=r"geomap/data/no_such\.csv.*Reinstall geomap"):
        _files.data_text("no_such.csv")


def test_packaged_yaml_reads_the_same_without_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    fast = _files.data_yaml("event_rules.yaml")
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    assert _files.data_yaml("event_rules.yaml") == fast
    assert "event_cues" in fast


@pytest.mark.parametrize("text", ["a: [1, 2\n", "a: !!python/object:os.system ls\n"])
def test_a_bad_packaged_yaml_names_the_file(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(_files, "data_text", lambda name: text)
    with pytest.raises(DataError, match=r"geomap/data/x\.yaml") as raised:
        _files.data_yaml("x.yaml")
    assert "Reinstall geomap" in str(raised.value)


def test_an_alias_with_an_unquoted_comma_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "alias,alpha2\nMacedonia,MK\nMacedonia, FYR,MK\n"
    monkeypatch.setattr(_files, "data_text", lambda name: text)
    countries.country_aliases.cache_clear()
    try:
        with pytest.raises(DataError, match=r"country_aliases\.csv:3: expected 'alias,CC'"):
            countries.country_aliases()
    finally:
        countries.country_aliases.cache_clear()


def test_dependent_territories_name_a_sovereign_state() -> None:
    sovereigns = countries.sovereign_states()
    assert sovereigns["PR"] == "US" and sovereigns["GL"] == "DK" and sovereigns["NF"] == "AU"
    names = countries.alpha2_to_name()
    # every code is an ISO code; no sovereign is itself a territory; states are absent
    assert set(sovereigns) | set(sovereigns.values()) <= set(names)
    assert not set(sovereigns.values()) & set(sovereigns)
    assert "US" not in sovereigns and "FR" not in sovereigns
