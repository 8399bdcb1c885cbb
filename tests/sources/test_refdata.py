"""Reference tables: the committed files are what the committed script derives."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from geomap.sources import _refdata
from geomap.sources._validate import alpha2_from


@pytest.mark.slow
def test_derived_tables_match_the_script(tmp_path: Path) -> None:
    _refdata.build(tmp_path)
    for name in ("iso_numeric.csv", "fips_to_iso.csv", "country_bbox.csv"):
        packaged = resources.files("geomap.data").joinpath(name).read_text(encoding="utf-8")
        assert (tmp_path / name).read_text(encoding="utf-8") == packaged, name


def test_code_tables() -> None:
    assert _refdata.iso_numeric_to_alpha2()[466] == "ML"
    assert _refdata.iso_numeric_to_alpha2()[804] == "UA"
    assert _refdata.iso_alpha3_to_alpha2()["NER"] == "NE"
    # FIPS 10-4 differs from ISO: UP is Ukraine, UV Burkina Faso, NG Niger, NI Nigeria
    fips = _refdata.fips_to_alpha2()
    assert (fips["UP"], fips["UV"], fips["NG"], fips["NI"]) == ("UA", "BF", "NE", "NG")
    assert _refdata.cameo_event_types()["19"][0] == "Battles"
    assert _refdata.acled_event_types()["remote violence"][0] == "Explosions/Remote violence"


def test_alpha2_from_codes_and_names() -> None:
    iso = pd.Series(["466", "UKR", "ne", "", None, "999"])
    country = pd.Series(["Mali", "Ukraine", "Niger", "DR Congo (Zaire)", "Côte d'Ivoire",
                         "Atlantis"])
    assert list(alpha2_from(iso, country).fillna("-")) == ["ML", "UA", "NE", "CD", "CI", "-"]


def test_country_boxes_hold_their_capitals() -> None:
    boxes = _refdata.country_bboxes()
    for code, (lat, lon) in {"ML": (12.65, -8.0), "UA": (50.45, 30.52),
                             "NE": (13.51, 2.11)}.items():
        x0, y0, x1, y1 = boxes[code]
        assert x0 <= lon <= x1 and y0 <= lat <= y1, code
