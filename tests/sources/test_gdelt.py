"""GDELT reader: 57/58/61-column layouts (alone and mixed in one file), FIPS codes, the five
ActionGeo types, report dedupe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geomap.errors import FormatError
from geomap.precision import Precision
from geomap.sources.detect import detect_format
from geomap.sources.gdelt import gdelt_columns, read_gdelt
from geomap.sources.read import read_events
from tests.sources._fixtures import gdelt_row, write_gdelt

LAYOUTS = "57 (GDELT 1.0 before April 2013), 58 (GDELT 1.0) or 61 (GDELT 2.0)"

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
    dict(GLOBALEVENTID=830000005, ActionGeo_Type=2, ActionGeo_CountryCode="US",
         ActionGeo_FullName="Texas, United States", ActionGeo_ADM1Code="USTX",
         ActionGeo_Lat=31.106, ActionGeo_Long=-97.6475, ActionGeo_FeatureID="TX",
         EventCode="141", EventBaseCode="141", EventRootCode="14"),
    dict(GLOBALEVENTID=830000006, ActionGeo_Type=3, ActionGeo_CountryCode="US",
         ActionGeo_FullName="Houston, Texas, United States", ActionGeo_ADM1Code="USTX",
         ActionGeo_Lat=29.7633, ActionGeo_Long=-95.3633, ActionGeo_FeatureID="1380948",
         EventCode="1823", EventBaseCode="182", EventRootCode="18"),
]
#: ActionGeo_Type 1 country and 2/5 admin-1 are areas; 3 and 4 (cities) are points.
PRECISIONS = [Precision.EXACT, Precision.COUNTRY, Precision.ADM1, Precision.EXACT,
              Precision.ADM1, Precision.EXACT]


@pytest.mark.parametrize("width", [57, 58, 61])
def test_layouts_fips_and_centroids(tmp_path: Path, width: int) -> None:
    path = write_gdelt(tmp_path / f"{width}.export.CSV", width, ROWS)
    assert detect_format(path) == "gdelt"
    result = read_events(path)
    assert result.rows_read == 6 == result.rows_accepted and not result.rejects
    frame = result.frame
    assert list(frame["iso"]) == ["ML", "UA", "NE", "BF", "US", "US"]  # FIPS ML UP NG UV US
    assert list(frame["event_type"]) == ["Battles", "Riots", "Explosions/Remote violence",
                                         "Strategic developments", "Protests",
                                         "Violence against civilians"]
    # types 1, 2 and 5 are centroids: country / ADM1, never points
    assert list(frame["geo_precision"]) == PRECISIONS
    assert [Precision(p).is_point for p in frame["geo_precision"]] == [
        True, False, False, True, False, True]
    assert list(frame["geo_precision_code"]) == ["4", "1", "5", "4", "2", "3"]
    assert list(frame["latitude"]) == [16.2717, 49.0, 14.2, 12.3714, 31.106, 29.7633]
    assert list(frame["longitude"]) == [-0.0447, 32.0, 1.45, -1.5197, -97.6475, -95.3633]
    assert frame["dataset"].eq("gdelt").all()
    assert list(frame["source_line"]) == [1, 2, 3, 4, 5, 6]
    assert result.extra["layouts"] == {width: 6}
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
    assert result.frame["notes"].iloc[0].endswith(
        "3 reports; also https://example.org/b, https://example.org/c")
    assert result.frame["source_url"].iloc[0] == "https://example.org/a?x=1&y=2"
    assert read_gdelt(path, dedupe=False).rows_accepted == 4


def test_an_event_of_many_reports_lists_each_other_source_once(tmp_path: Path) -> None:
    """Fails before: a merged event cited its first report alone ("every event cites its
    sources"); now its notes list the others, each once, at most OTHER_SOURCES."""
    urls = ["https://example.org/a?x=1&y=2", "https://example.org/a?x=1&y=2", "", *(
        f"https://example.org/{n}" for n in range(7))]
    rows = [dict(GLOBALEVENTID=830000100 + i, SOURCEURL=u) for i, u in enumerate(urls)]
    result = read_gdelt(write_gdelt(tmp_path / "many.CSV", 58, rows))
    (notes,) = result.frame["notes"]
    assert notes.endswith("; 10 reports; also " + ", ".join(
        f"https://example.org/{n}" for n in range(5)) + " and 2 more")
    single = read_gdelt(write_gdelt(tmp_path / "one.CSV", 58, [rows[0], rows[1]]))
    assert single.frame["notes"].iloc[0].endswith("; 2 reports")



def test_the_other_sources_are_listed_each_as_one_unbroken_url(tmp_path: Path) -> None:
    """Fails before: a report's URL holding a space, a direction override or another
    control was listed as written, so it could forge the list ("https://a.example/x,
    https://wire.example/y" read as two sources; ", and 400 more" as a count) or turn the
    URLs after it around on the map (its notes are one text). Each listed URL now has
    those characters percent-encoded, as a browser sends them; source_url is kept."""
    urls = ["https://example.org/first", "https://a.example/x, https://wire.example/y",
            "https://b.example/\u202eevil", "https://c.example/ and 400 more",
            "https://d.example/\x0bz\u2028\u200b"]
    rows = [dict(GLOBALEVENTID=830000200 + i, SOURCEURL=u) for i, u in enumerate(urls)]
    result = read_gdelt(write_gdelt(tmp_path / "forged.CSV", 58, rows))
    (notes,) = result.frame["notes"]
    assert notes.endswith(
        "; 5 reports; also https://a.example/x,%20https://wire.example/y, "
        "https://b.example/%E2%80%AEevil, https://c.example/%20and%20400%20more, "
        "https://d.example/%0Bz%E2%80%A8%E2%80%8B")
    assert result.frame["source_url"].iloc[0] == "https://example.org/first"

def test_bad_gdelt_rows(tmp_path: Path) -> None:
    rows = [{}, dict(GLOBALEVENTID=2, ActionGeo_Type=0, ActionGeo_Lat="", ActionGeo_Long=""),
            dict(GLOBALEVENTID=3, EventRootCode="99", EventBaseCode="999"),
            dict(GLOBALEVENTID=4, SQLDATE="20191345"), {}]
    result = read_gdelt(write_gdelt(tmp_path / "bad.CSV", 61, rows), dedupe=False)
    assert result.rows_accepted == 1
    fields = {r.line: r.field for r in result.rejects}
    assert fields == {2: "ActionGeo_Type", 3: "EventRootCode", 4: "SQLDATE"}
    # line 5 is line 1 again, id and all: one event, counted once (as ACLED and UCDP)
    assert result.merged == 1
    (again,) = [w for w in result.warnings if w.field == "event_id"]
    assert again.line == 5 and "is also on line 1 with the same" in again.reason
    no_place = next(r for r in result.rejects if r.line == 2)
    assert no_place.reason == ("expected an event location (ActionGeo_Type 1-5), got '0': "
                               "GDELT found no place for this event")


def write_mixed(path: Path, widths: list[int]) -> Path:
    """Rows of ROWS, each in the layout of its width, in one file."""
    lines = [gdelt_row(width, **{**ROWS[i % len(ROWS)], "GLOBALEVENTID": 900 + i})
             for i, width in enumerate(widths)]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_one_file_may_mix_the_three_layouts(tmp_path: Path) -> None:
    widths = [57, 57, 58, 61, 58, 57]  # back-file rows first, then daily and 2.0 rows
    result = read_events(write_mixed(tmp_path / "mixed.CSV", widths))
    assert result.format == "gdelt" and not result.rejects
    assert result.rows_read == 6 == result.rows_accepted
    frame = result.frame
    assert list(frame["source_line"]) == [1, 2, 3, 4, 5, 6]
    assert list(frame["event_id"]) == [str(900 + i) for i in range(6)]
    assert list(frame["geo_precision"]) == PRECISIONS
    assert list(frame["longitude"]) == [-0.0447, 32.0, 1.45, -1.5197, -97.6475, -95.3633]
    has_url = frame["source_url"].notna().tolist()
    assert has_url == [w != 57 for w in widths]  # back-file rows have no SOURCEURL
    assert result.extra["layouts"] == {57: 3, 58: 2, 61: 1}


def test_every_event_with_a_location_reaches_the_layers(tmp_path: Path) -> None:
    from geomap.layers.build import build_layers

    result = read_events(write_mixed(tmp_path / "mixed.CSV", [57, 58, 61, 57, 58, 61]))
    bundle = build_layers([result])
    events = bundle.events
    assert len(events) == 6 and set(events["event_id"]) == set(result.frame["event_id"])
    assert list(events["admin0_code"]) == ["ML", "UA", "NE", "BF", "US", "US"]
    # areas are counted per country (type 1) or attached as areas, never as exact points
    assert events.loc[events["event_id"] == "901", "attach_rule"].item() == "coarse"


@pytest.mark.parametrize("width", [56, 59])
def test_rows_of_another_width_name_the_accepted_layouts(tmp_path: Path, width: int) -> None:
    rows = [gdelt_row(58, GLOBALEVENTID=1), gdelt_row(58, GLOBALEVENTID=2,
                                                      ActionGeo_FeatureID="-2")]
    cells = gdelt_row(58, GLOBALEVENTID=3).split("\t")
    odd = "\t".join(cells[:width] if width < 58 else cells + ["x"] * (width - 58))
    path = tmp_path / "odd.CSV"
    path.write_text("\n".join([rows[0], odd, rows[1]]) + "\n")
    result = read_events(path)
    assert result.rows_read == 3 and result.rows_accepted == 2
    (reject,) = result.rejects
    assert reject.line == 2 and reject.reason == f"expected {LAYOUTS} fields, got {width}"


def test_a_first_row_of_another_width_is_rejected_and_the_rest_read(tmp_path: Path) -> None:
    cells = gdelt_row(58, GLOBALEVENTID=1).split("\t")
    path = tmp_path / "first.CSV"
    path.write_text("\n".join(["\t".join([*cells, "x"]), gdelt_row(58, GLOBALEVENTID=2),
                               gdelt_row(57, GLOBALEVENTID=3, ActionGeo_FeatureID="-3")]))
    assert detect_format(path) == "gdelt"
    result = read_events(path)
    assert [r.line for r in result.rejects] == [1] and "got 59" in result.rejects[0].reason
    assert list(result.frame["source_line"]) == [2, 3]


def test_wrong_width_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "x.CSV"
    path.write_text("\t".join(["1"] * 40) + "\n")
    expected = f"expected {LAYOUTS} tab-separated fields, got 40"
    with pytest.raises(FormatError, match=re.escape(expected)):
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
