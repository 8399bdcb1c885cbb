"""GDELT reader: 57/58/61-column layouts, FIPS codes, centroid geo types, report dedupe."""

from __future__ import annotations

from pathlib import Path

import pytest

from geomap.errors import FormatError
from geomap.precision import Precision
from geomap.sources.detect import detect_format
from geomap.sources.gdelt import gdelt_columns, read_gdelt
from geomap.sources.read import read_events
from tests.sources._fixtures import gdelt_row, write_gdelt

ROWS = [
    {},  # a fight in Gao, world city
    dict(GLOBALEVENTID=830000002, ActionGeo_Type=1, ActionGeo_CountryCode="UP",
         ActionGeo_FullName="Ukraine", ActionGeo_Lat=49.0, ActionGeo_Long=32.0,
         ActionGeo_FeatureID="UP", EventCode="145", EventBaseCode="145", EventRootCode="14"),
    dict(GLOBALEVENTID=830000003, ActionGeo_Type=5, ActionGeo_CountryCode="NG",
         ActionGeo_FullName="Tillaberi, Niger", ActionGeo_Lat=14.2, ActionGeo_Long=1.45,
         ActionGeo_FeatureID="NG09", EventCode="195", EventBaseCode="195", EventRootCode="19"),
    dict(GLOBALEVENTID=830000004, ActionGeo_Type=4, ActionGeo_CountryCode="UV",
         ActionGeo_Lat=12.3714, ActionGeo_Long=-1.5197, ActionGeo_FeatureID="-3573",
         EventCode="0211", EventBaseCode="021", EventRootCode="02"),
]


@pytest.mark.parametrize("width", [57, 58, 61])
def test_layouts_fips_and_centroids(tmp_path: Path, width: int) -> None:
    path = write_gdelt(tmp_path / f"{width}.export.CSV", width, ROWS)
    assert detect_format(path) == "gdelt"
    result = read_events(path)
    assert result.rows_read == 4 == result.rows_accepted and not result.rejects
    frame = result.frame
    assert list(frame["iso"]) == ["ML", "UA", "NE", "BF"]  # FIPS ML, UP, NG, UV
    assert list(frame["event_type"]) == ["Battles", "Riots", "Explosions/Remote violence",
                                         "Strategic developments"]
    # types 1 and 5 are centroids: country / ADM1, never points
    assert list(frame["geo_precision"]) == [Precision.EXACT, Precision.COUNTRY,
                                            Precision.ADM1, Precision.EXACT]
    assert not Precision(frame["geo_precision"].iloc[1]).is_point
    assert list(frame["geo_precision_code"]) == ["4", "1", "5", "4"]
    assert list(frame["latitude"]) == [16.2717, 49.0, 14.2, 12.3714]
    assert list(frame["longitude"]) == [-0.0447, 32.0, 1.45, -1.5197]
    assert frame["dataset"].eq("gdelt").all()
    assert list(frame["source_line"]) == [1, 2, 3, 4]
    if width == 57:
        assert frame["source_url"].isna().all()
    else:
        assert frame["source_url"].iloc[0] == "https://example.org/a?x=1&y=2"


def test_reports_of_one_event_are_merged(tmp_path: Path) -> None:
    rows = [{}, dict(GLOBALEVENTID=830000010, SOURCEURL="https://example.org/b"),
            dict(GLOBALEVENTID=830000011, SOURCEURL="https://example.org/c"), ROWS[1]]
    path = write_gdelt(tmp_path / "reports.CSV", 58, rows)
    result = read_gdelt(path)
    assert result.rows_read == 4 and result.rows_accepted == 2 and result.merged == 2
    assert result.frame["notes"].iloc[0].endswith("3 reports")
    assert read_gdelt(path, dedupe=False).rows_accepted == 4


def test_bad_gdelt_rows(tmp_path: Path) -> None:
    rows = [{}, dict(GLOBALEVENTID=2, ActionGeo_Type=0, ActionGeo_Lat="", ActionGeo_Long=""),
            dict(GLOBALEVENTID=3, EventRootCode="99", EventBaseCode="999"),
            dict(GLOBALEVENTID=4, SQLDATE="20191345"), {}]
    result = read_gdelt(write_gdelt(tmp_path / "bad.CSV", 61, rows), dedupe=False)
    assert result.rows_accepted == 1
    fields = {r.line: r.field for r in result.rejects}
    assert fields == {2: "ActionGeo_Type", 3: "EventRootCode", 4: "SQLDATE", 5: "event_id"}


def test_wrong_width_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "x.CSV"
    path.write_text("\t".join(["1"] * 40) + "\n")
    with pytest.raises(FormatError, match="57, 58 or 61"):
        read_gdelt(path)


def test_column_layouts() -> None:
    assert len(gdelt_columns(57)) == 57 and gdelt_columns(58)[-1] == "SOURCEURL"
    v2 = gdelt_columns(61)
    assert v2[-1] == "SOURCEURL" and "ActionGeo_ADM2Code" in v2
    assert v2.index("ActionGeo_Lat") == 56 and gdelt_columns(58).index("ActionGeo_Lat") == 53


def test_file_saved_with_a_header_row(tmp_path: Path) -> None:
    path = tmp_path / "with_header.tsv"
    path.write_text("\t".join(gdelt_columns(61)) + "\n" + gdelt_row(61) + "\n")
    assert detect_format(path) == "gdelt"
    result = read_events(path)
    assert result.rows_read == 1 == result.rows_accepted
    assert list(result.frame["source_line"]) == [2]
