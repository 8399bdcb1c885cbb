"""Generic tables: CSV with coordinates or place names, GeoJSON, GeoPackage."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from geomap.errors import FormatError, PlaceNotFound
from geomap.model import EVENT_COLUMNS, Place
from geomap.precision import Precision
from geomap.sources.read import read_events


class FakeGeocoder:
    """Knows Gao (Mali) and Kharkiv (as an ADM1 centroid); counts its calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None]] = []

    def resolve(self, query: str, country: str | None = None) -> Place:
        self.calls.append((query, country))
        if query == "Gao":
            return Place("Gao", 16.2717, -0.0447, country_code="ML")
        if query == "Kharkiv":
            return Place("Kharkiv", 49.9935, 36.2304, country_code="UA",
                         precision=Precision.ADM1)
        raise PlaceNotFound(query, ["Gao"])


@pytest.mark.parametrize(("lat", "lon"), [("lat", "lon"), ("latitude", "longitude"),
                                          ("y", "x"), ("Latitude", "lng")])
def test_csv_with_coordinates_under_common_names(tmp_path: Path, lat: str, lon: str) -> None:
    path = tmp_path / "points.csv"
    path.write_text(f"date,{lat},{lon},type,country,deaths\n"
                    "2024-03-01,16.2717,-0.0447,Battles,Mali,3\n"
                    "02/03/2024,49.9935,36.2304,Protest march,Ukraine,\n")
    result = read_events(path)
    assert result.format == "csv" and result.rows_accepted == 2 and not result.rejects
    assert not result.geocoded
    frame = result.frame
    assert list(frame.columns) == [*EVENT_COLUMNS, "source_line"]
    assert list(frame["latitude"]) == [16.2717, 49.9935]
    assert list(frame["longitude"]) == [-0.0447, 36.2304]
    assert list(frame["iso"]) == ["ML", "UA"]
    assert list(frame["event_date"]) == [pd.Timestamp("2024-03-01"), pd.Timestamp("2024-03-02")]
    assert list(frame["event_type"]) == ["Battles", "Protest march"]
    assert list(frame["event_id"]) == ["points-2", "points-3"]
    assert frame["dataset"].eq("table").all()
    assert frame["fatalities"].iloc[0] == 3 and pd.isna(frame["fatalities"].iloc[1])


def test_a_place_geocoded_with_low_confidence_is_kept_with_a_warning(tmp_path: Path) -> None:
    """A batch written by ``geomap geocode -o`` carries ``confidence``: its guesses among
    namesakes ("Springfield", no country) are kept and listed as warnings naming the
    reason, not drawn as known places without a word (before, the column was ignored)."""
    path = tmp_path / "resolved.csv"
    path.write_text("date,location,lat,lon,confidence,confidence_reason\n"
                    "2024-03-01,Gao,16.27,-0.04,high,\n"
                    "2024-03-02,Springfield,37.22,-93.30,low,\"ambiguous: 14% of the evidence\"\n"
                    "2024-03-03,Kidal,18.44,1.41,,\n", encoding="utf-8")
    result = read_events(path)
    assert result.rows_accepted == 3 and not result.rejects
    [warning] = result.warnings
    assert (warning.line, warning.field) == (3, "confidence")
    assert "'Springfield' was geocoded with low confidence (ambiguous: 14% of the evidence)" \
        in warning.reason


def test_a_place_found_only_outside_the_row_s_country_rejects_its_row(tmp_path: Path) -> None:
    """A row of one country whose town the gazetteer knows only elsewhere (a desk's small
    Malian town matched to a German city of its name) was kept there as a guess: the map
    drew an attack in Germany and zoomed out to show it. Now the row is rejected as a
    name the gazetteer does not know is, naming the namesake and what to do; a row of
    the namesake's own country keeps it."""
    path = tmp_path / "desk.csv"
    path.write_text("date,town,country\n2024-03-01,Gao,Niger\n2024-03-02,Gao,Mali\n",
                    encoding="utf-8")
    result = read_events(path, geocoder=FakeGeocoder())
    assert result.rows_accepted == 1
    [reject] = result.rejects
    assert (reject.line, reject.field) == (2, "town")
    assert "expected a place in NE, got 'Gao', which the gazetteer knows only in another " \
        "country (Gao, ML)" in reject.reason
    assert "latitude and longitude" in reject.reason and "gazetteer import NE.zip" in reject.reason
    assert not [w for w in result.warnings if w.field == "town"]


def test_a_place_in_a_territory_of_the_row_s_country_keeps_its_row(tmp_path: Path) -> None:
    """A row of France whose town lies in one of France's territories with a code of its
    own (New Caledonia, NC; Mayotte, YT) is in France: it was rejected as a namesake
    abroad, with the advice to import France's GeoNames file, which lacks the town. The
    rule that rejects a namesake abroad still holds for an independent country."""
    class Territories(FakeGeocoder):
        def resolve(self, query: str, country: str | None = None) -> Place:
            if query == "Noumea":
                return Place("Noumea", -22.27, 166.46, country_code="NC")
            return super().resolve(query, country)

    path = tmp_path / "desk.csv"
    path.write_text("date,town,country\n2024-05-14,Noumea,France\n2024-05-15,Noumea,Vanuatu\n",
                    encoding="utf-8")
    result = read_events(path, geocoder=Territories())
    assert result.rows_accepted == 1
    assert result.frame["latitude"].tolist() == [-22.27]
    [reject] = result.rejects
    assert reject.line == 3 and "knows only in another country (Noumea, NC)" in reject.reason


def test_a_country_geomap_does_not_know_is_a_warning(tmp_path: Path) -> None:
    """Before: a typo in a row's country ("Mlai"), and a code in the country column ("ML",
    "MLI"), were dropped without a word: the row was checked against no country and its
    place looked up in every one. Now a code is read as the country, and the warnings
    file names any other value geomap does not know, with the fix."""
    path = tmp_path / "desk.csv"
    path.write_text("date,town,country\n2024-03-01,Gao,Mlai\n2024-03-02,Gao,Mali\n"
                    "2024-03-03,Gao,ML\n2024-03-04,Gao,MLI\n2024-03-05,Gao,\n",
                    encoding="utf-8")
    geocoder = FakeGeocoder()
    result = read_events(path, geocoder=geocoder)
    assert result.rows_accepted == 5 and not result.rejects
    assert list(result.frame["iso"]) == ["ML"] * 5
    assert geocoder.calls == [("Gao", None), ("Gao", "ML")]  # a code is the country too
    [warning] = result.warnings
    assert (warning.line, warning.field) == (2, "country")
    assert warning.reason.startswith("expected a country's name or two-letter code, got 'Mlai'")


def test_a_country_written_with_unseen_marks_is_that_country(tmp_path: Path) -> None:
    """A country as a sheet copied from a web page or a right-to-left document writes it
    (a right-to-left mark after the name, a no-break space, two spaces, a typographic
    apostrophe, a byte order mark, bidi embedding marks) was a country geomap did not
    know: the row was checked against no country and its place looked up in every one.
    Each is now the country it names; what is written is kept as written."""
    written = ["Mali\u200f", "Burkina\xa0Faso", "Burkina  Faso", "C\u00f4te d\u2019Ivoire",
               "\ufeffNiger", "\u202aMali\u202c", "Guinea\u2011Bissau"]
    path = tmp_path / "desk.csv"
    path.write_text("date,latitude,longitude,country\n" + "".join(
        f"2024-03-0{k + 1},16.27,-0.04,{name}\n" for k, name in enumerate(written)),
        encoding="utf-8")
    result = read_events(path)
    assert result.rows_accepted == len(written) and not result.rejects
    assert list(result.frame["iso"]) == ["ML", "BF", "BF", "CI", "NE", "ML", "GW"]
    assert not [w for w in result.warnings if w.field == "country"]
    assert list(result.frame["country"]) == written


def test_a_code_written_with_unseen_marks_is_that_country(tmp_path: Path) -> None:
    """An ISO code as a sheet copied from a web page or a right-to-left document writes it
    (a zero-width space after it, a left-to-right mark before it, a byte order mark) was
    read as no country, without a word when the row named none otherwise: the row was
    checked against no country. Each is now the country its code names (as a country's
    name already was); what is written in the country column is kept."""
    path = tmp_path / "codes.csv"
    path.write_text("date,latitude,longitude,iso,country\n"
                    "2024-03-01,16.27,-0.04,ML\u200b,\n2024-03-02,16.27,-0.04,\u200eMLI,\n"
                    "2024-03-03,16.27,-0.04,466\ufeff,\n2024-03-04,16.27,-0.04,,ML\u200f\n",
                    encoding="utf-8")
    result = read_events(path)
    assert result.rows_accepted == 4 and not result.rejects
    assert list(result.frame["iso"]) == ["ML"] * 4
    assert not [w for w in result.warnings if w.field in ("iso", "country")]


def test_a_code_geomap_does_not_know_is_a_warning(tmp_path: Path) -> None:
    """A code in the iso column that is no country ("XX", a typo "MLL"), in a row that
    names no country otherwise, was dropped without a word: the row was checked against no
    country. The warnings file now names it, as it names a country it does not know."""
    path = tmp_path / "codes.csv"
    path.write_text("date,latitude,longitude,iso,country\n"
                    "2024-03-01,16.27,-0.04,XX,\n2024-03-02,16.27,-0.04,MLL,Mali\n"
                    "2024-03-03,16.27,-0.04,ML,\n",
                    encoding="utf-8")
    result = read_events(path)
    assert result.rows_accepted == 3 and not result.rejects
    assert list(result.frame["iso"].fillna("")) == ["", "ML", "ML"]
    [warning] = [w for w in result.warnings if w.field in ("iso", "country")]
    assert (warning.line, warning.field) == (2, "iso")
    assert warning.reason.startswith("expected a country's ISO code, got 'XX'")


def test_a_toll_as_a_desk_writes_it_is_read_with_a_warning(tmp_path: Path) -> None:
    """Before: a hand-logged toll written "100+", "1,200", "about 200" or "10-15" rejected
    its row: the incident was lost for its toll's wording. Now each is read as the count it
    gives (a range's lower bound, kept with its upper one), with a warning saying how; a
    number alone is read as before, and a word still rejects its row."""
    path = tmp_path / "desk.csv"
    rows = ["100+", '"1,200"', "about 200", "10-15", "at least 7", "12", "", "many"]
    path.write_text("date,lat,lon,deaths\n" + "".join(
        f"2025-04-12,16.27,-0.04,{toll}\n" for toll in rows), encoding="utf-8")
    result = read_events(path)
    [reject] = result.rejects
    assert (reject.line, reject.field) == (9, "deaths") and "'many'" in reject.reason
    frame = result.frame
    assert frame["fatalities"].tolist()[:6] == [100, 1200, 200, 10, 7, 12]
    assert pd.isna(frame["fatalities"].iloc[6])
    assert [None if pd.isna(v) else v for v in frame["fatalities_low"]] == [
        100, None, None, 10, 7, None, None]
    assert [None if pd.isna(v) else v for v in frame["fatalities_high"]] == [
        None, None, None, 15, None, None, None]
    reasons = {w.line: w.reason for w in result.warnings if w.field == "deaths"}
    assert sorted(reasons) == [2, 3, 4, 5, 6]
    assert reasons[2].startswith("read the toll '100+' as at least 100: check it")
    assert reasons[3].startswith("read the toll '1,200' as 1200:")
    assert reasons[5].startswith("read the toll '10-15' as 10 to 15:")


def test_a_written_toll_geomap_cannot_keep_rejects_its_row_by_what_it_is(tmp_path: Path
                                                                         ) -> None:
    """Before: "100000000000000000000000+" and "10-99999999999999999999" were a pandas
    ``TypeError`` traceback for the whole file; "15-10" was kept as 15 to 10, a range's
    upper count past 2**53 - 1 was kept, "9007199254740993+" was rejected as
    '9007199254740992' (rounded through a float), and digits of other scripts ("٣+",
    "１００+") were kept as "at least nan" with no toll."""
    path = tmp_path / "desk.csv"
    rows = ["100000000000000000000000+", "10-99999999999999999999", "15-10",
            "10 - 9007199254740992", "9007199254740993+", "٣+", "１００+", "9007199254740991+",
            "12"]
    path.write_text("date,lat,lon,deaths\n" + "".join(
        f"2025-04-12,16.27,-0.04,{toll}\n" for toll in rows), encoding="utf-8")
    result = read_events(path)
    reasons = {r.line: r.reason for r in result.rejects}
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8], reasons
    assert all(r.field == "deaths" for r in result.rejects)
    limit = "expected a toll of at most 9007199254740991"
    assert reasons[2].startswith(f"{limit}, got '100000000000000000000000+'")
    assert reasons[3].startswith(f"{limit}, got '10-99999999999999999999'")
    assert reasons[4].startswith("expected a range from the lower count to the higher, "
                                 "got '15-10'")
    assert reasons[5].startswith(f"{limit}, got '10 - 9007199254740992'")
    assert reasons[6].startswith(f"{limit}, got '9007199254740993+'")
    assert reasons[7] == "expected a whole number, got '٣+'"
    assert reasons[8] == "expected a whole number, got '１００+'"
    assert result.frame["fatalities"].tolist() == [9007199254740991, 12]


def test_csv_place_names_are_geocoded_once_each(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_text("id,date,place,country\na,2024-03-01,Gao,Mali\nb,2024-03-02,Gao,Mali\n"
                    "c,2024-03-02,Kharkiv,\nd,2024-03-03,Atlantis,\n")
    geocoder = FakeGeocoder()
    result = read_events(path, geocoder=geocoder, country_hint="ua")
    assert result.rows_read == 4 and result.rows_accepted == 3
    assert geocoder.calls == [("Gao", "ML"), ("Kharkiv", "UA"), ("Atlantis", "UA")]
    frame = result.frame.set_index("event_id")
    assert (frame.loc["a", "latitude"], frame.loc["a", "longitude"]) == (16.2717, -0.0447)
    assert frame.loc["c", "geo_precision"] == Precision.ADM1
    assert frame.loc["a", "geo_precision"] == Precision.EXACT
    (reject,) = result.rejects
    assert reject.line == 5 and reject.field == "place" and "'Atlantis'" in reject.reason
    # what to do, with the row's country (the rejects file said only "no place matches")
    assert reject.reason.endswith("Give the row's latitude and longitude, or add GeoNames' "
                                  "file of its country: `geomap gazetteer import UA.zip` "
                                  "(where to get it: `geomap gazetteer import --help`).")


def test_a_spreadsheets_column_names_are_read_with_their_spaces(tmp_path: Path) -> None:
    """An incident sheet's "Event date", "Incident type", "Sub-event type", "Place name":
    the types were dropped (every event "Other") and the place name refused."""
    path = tmp_path / "incidents.csv"
    path.write_text("Event date,Incident type,Sub-event type,Place name,Latitude,Longitude\n"
                    "2024-03-01,Checkpoint,Armed group,Gao,16.27,-0.04\n", encoding="utf-8")
    frame = read_events(path).frame
    row = frame.iloc[0]
    assert (row["event_date"], row["event_type"], row["sub_event_type"], row["location"]) == (
        pd.Timestamp("2024-03-01"), "Checkpoint", "Armed group", "Gao")


def test_csv_without_coordinates_or_places(tmp_path: Path) -> None:
    path = tmp_path / "nothing.csv"
    path.write_text("date,what\n2024-01-01,x\n")
    with pytest.raises(FormatError) as info:
        read_events(path, "csv")
    assert "nothing.csv" in str(info.value) and "latitude" in str(info.value)
    assert "['date', 'what']" in str(info.value)


def test_a_row_with_neither_coordinates_nor_a_place_name_says_so(tmp_path: Path) -> None:
    """An incident log exported from a French spreadsheet: its place column "Lieu" is not
    read, so a row whose coordinate cells are blank has nothing to be placed by. The reason
    said only "expected a number in decimal degrees, got ''" for the latitude, which sent
    the reader to the coordinates rather than to the unread place column."""
    path = tmp_path / "journal.csv"
    path.write_text("Date;Lieu;Latitude;Longitude\n03/11/2026;Goma;;\n"
                    "05/11/2026;Kibumba;-1,512;29,333\n", encoding="utf-8")
    result = read_events(path)
    assert result.rows_accepted == 1 and result.unread_columns == ["Lieu"]
    assert "rename a column to a name geomap reads, such as location," in result.summary()
    (reject,) = result.rejects
    assert (reject.line, reject.field) == (2, "Latitude")
    assert reject.reason == (
        "expected a latitude and a longitude, or a place name to geocode, got neither: the "
        "latitude is blank and the file has no column of place names (location, place, "
        "place_name, city or town) to place the row by")
    named = tmp_path / "named.csv"  # with a place column, its blank cell is named instead
    named.write_text("date,location,lat,lon\n2026-11-03,,,\n", encoding="utf-8")
    (reject,) = read_events(named, geocoder=FakeGeocoder()).rejects
    assert reject.field == "lat" and reject.reason == (
        "expected a latitude and a longitude, or a place name to geocode, got neither: the "
        "latitude and the place name are blank")
    names = tmp_path / "names.csv"  # a names-only table: its blank place is the field
    names.write_text("date,town\n2026-11-03,\n", encoding="utf-8")
    (reject,) = read_events(names, geocoder=FakeGeocoder()).rejects
    assert reject.field == "town" and reject.reason.endswith(
        "got neither: the place name is blank and the file has no latitude and longitude "
        "columns")


def test_csv_bad_precision_and_duplicate_ids(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,date,lat,lon,precision\n1,2024-01-01,16.3,-0.04,adm1\n"
                    "2,2024-01-01,16.3,-0.04,very\n1,2024-01-02,16.3,-0.04,\n")
    result = read_events(path)
    assert result.rows_accepted == 1 and result.frame["geo_precision"].iloc[0] == 4
    fields = {r.line: r.field for r in result.rejects}
    assert fields == {3: "precision", 4: "event_id"}  # as the file names it; an id: event_id


def feature_collection() -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-0.0447, 16.2717]},
         "properties": {"date": "2024-03-01", "event_type": "Battles", "country": "Mali",
                        "fatalities": 3, "notes": "<script>alert(1)</script>"}},
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [
            [[35.5, 49.5], [36.5, 49.5], [36.5, 50.5], [35.5, 50.5], [35.5, 49.5]]]},
         "properties": {"date": "2024-03-02", "event_type": "Protests", "iso": "UA"}},
        {"type": "Feature", "geometry": None,
         "properties": {"date": "2024-03-02", "event_type": "Protests"}},
    ]}


def test_geojson(tmp_path: Path) -> None:
    path = tmp_path / "events.geojson"
    path.write_text(json.dumps(feature_collection()))
    result = read_events(path)
    assert result.format == "geojson"
    assert result.rows_read == 3 and result.rows_accepted == 2
    frame = result.frame
    assert (frame["latitude"].iloc[0], frame["longitude"].iloc[0]) == (16.2717, -0.0447)
    assert frame["geo_precision"].iloc[0] == Precision.EXACT
    assert frame["geo_precision"].iloc[1] == Precision.SUBCOUNTRY  # area, not a point
    assert 49.5 <= frame["latitude"].iloc[1] <= 50.5
    assert frame["notes"].iloc[0] == "<script>alert(1)</script>"  # kept as text
    (reject,) = result.rejects
    assert reject.line == 3 and reject.field == "geometry"


def test_geopackage(tmp_path: Path) -> None:
    gpd = pytest.importorskip("geopandas")
    source = tmp_path / "events.geojson"
    source.write_text(json.dumps(feature_collection()))
    path = tmp_path / "events.gpkg"
    gpd.read_file(source).to_file(path, driver="GPKG")
    result = read_events(path)
    assert result.format == "gpkg" and result.rows_accepted == 2
    assert list(result.frame["iso"]) == ["ML", "UA"]


def test_broken_geojson_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [')
    with pytest.raises(FormatError, match=r"broken\.geojson"):
        read_events(path)


@pytest.mark.slow
def test_place_names_with_the_bundled_gazetteer(tmp_path: Path) -> None:
    path = tmp_path / "named.csv"
    path.write_text("date,place,country\n2024-03-01,Gao,Mali\n2024-03-02,Kharkiv,Ukraine\n")
    result = read_events(path)
    assert result.rows_accepted == 2, result.rejects
    assert result.geocoded  # the map credits GeoNames
    frame = result.frame
    assert list(frame["iso"]) == ["ML", "UA"]
    assert abs(frame["latitude"].iloc[0] - 16.27) < 0.1
    assert abs(frame["longitude"].iloc[0] + 0.04) < 0.1
    assert abs(frame["latitude"].iloc[1] - 49.99) < 0.2


def _mercator(collection: dict) -> dict:
    """The collection with point coordinates in EPSG:3857 and that CRS declared."""
    from pyproj import Transformer

    to_metres = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    features = [f for f in collection["features"]
                if f["geometry"] and f["geometry"]["type"] == "Point"]
    for feature in features:
        feature["geometry"]["coordinates"] = list(
            to_metres.transform(*feature["geometry"]["coordinates"]))
    return {**collection, "features": features,
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}}


@pytest.mark.parametrize("driver", ["GeoJSON", "GPKG"])
def test_a_projected_file_is_reprojected_from_its_declared_crs(tmp_path: Path,
                                                               driver: str) -> None:
    """EPSG:3857 metres were read as degrees and every row rejected."""
    gpd = pytest.importorskip("geopandas")
    path = tmp_path / "metres.geojson"
    path.write_text(json.dumps(_mercator(feature_collection())))
    if driver == "GPKG":
        gpd.read_file(path).to_file(tmp_path / "metres.gpkg", driver="GPKG")
        path = tmp_path / "metres.gpkg"
    result = read_events(path)
    assert result.rows_accepted == 1 and not result.rejects
    assert result.frame["latitude"].iloc[0] == pytest.approx(16.2717, abs=1e-6)
    assert result.frame["longitude"].iloc[0] == pytest.approx(-0.0447, abs=1e-6)
    assert any("reprojected from EPSG:3857" in w.reason for w in result.warnings)


def test_a_crs_that_cannot_become_degrees_is_named(tmp_path: Path) -> None:
    """An engineering CRS (a local grid) has no way to WGS 84: refused naming it."""
    gpd = pytest.importorskip("geopandas")
    local = 'ENGCRS["site grid",EDATUM["site"],CS[Cartesian,2],' \
            'AXIS["x",east,LENGTHUNIT["metre",1]],AXIS["y",north,LENGTHUNIT["metre",1]]]'
    frame = gpd.GeoDataFrame({"date": ["2024-03-01"]},
                             geometry=gpd.points_from_xy([120.0], [40.0]), crs=local)
    frame.to_file(tmp_path / "local.gpkg", driver="GPKG")
    with pytest.raises(FormatError, match="site grid") as info:
        read_events(tmp_path / "local.gpkg")
    assert "EPSG:4326" in str(info.value)


def test_a_crs_name_proj_does_not_know_is_named(tmp_path: Path) -> None:
    """Before: GDAL read a collection declaring ``EPSG::99999`` as WGS 84, without a word."""
    collection = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "urn:ogc:def:crs:EPSG::99999"}}, **feature_collection()}
    path = tmp_path / "unknown.geojson"
    path.write_text(json.dumps(collection))
    with pytest.raises(FormatError, match="EPSG::99999"):
        read_events(path)
    collection["crs"]["properties"]["name"] = "urn:ogc:def:crs:OGC:1.3:CRS84"
    path.write_text(json.dumps(collection))
    assert read_events(path).rows_accepted == 2
    # a property named "crs" is data, not the collection's CRS
    collection = feature_collection()
    collection["features"][0]["properties"]["crs"] = "x"
    collection["features"][0]["crs"] = {"type": "name", "properties": {"name": "nonsense"}}
    path.write_text(json.dumps(collection))
    assert read_events(path).rows_accepted == 2


@pytest.mark.parametrize(("text", "what"), [("before\u0000AFTER", "NUL"),
                                            ("half \ud800 pair", "surrogate")])
def test_geojson_text_gdal_would_cut_or_change_rejects_its_row(tmp_path: Path, text: str,
                                                               what: str) -> None:
    """"before\\u0000AFTER" was silently cut to "before"; "\\ud800" became U+FFFD."""
    collection = feature_collection()
    collection["features"][1]["properties"]["notes"] = text
    path = tmp_path / "text.geojson"
    path.write_text(json.dumps(collection))  # ensure_ascii: the escapes as written
    result = read_events(path)
    assert result.rows_read == 3 and result.rows_accepted == 1
    fault = next(r for r in result.rejects if r.line == 2)
    assert fault.field == "notes" and what in fault.reason
    assert "before" not in " ".join(result.frame["notes"].dropna())


def test_escaped_backslashes_are_not_taken_for_a_nul(tmp_path: Path) -> None:
    collection = feature_collection()
    collection["features"][0]["properties"]["notes"] = "path C:\\u0000 and \\ud800 as text"
    path = tmp_path / "text.geojson"
    path.write_text(json.dumps(collection))
    result = read_events(path)
    assert result.rows_accepted == 2
    assert result.frame["notes"].iloc[0] == "path C:\\u0000 and \\ud800 as text"


def _with_a_key_twice(collection: dict, feature: int, where: str, key: str,
                      values: tuple[object, object]) -> str:
    """``collection`` as JSON text whose feature ``feature`` names ``key`` twice in
    ``where`` ("properties", or "" for the feature itself): json.dumps cannot write that."""
    marker = "__repeated_key__"
    target = collection["features"][feature]
    (target["properties"] if where else target)[marker] = 0
    first, second = (json.dumps(v) for v in values)
    return json.dumps(collection).replace(f'"{marker}": 0',
                                          f'"{key}": {first}, "{key}": {second}')


@pytest.mark.parametrize(("feature", "where", "key"), [(1, "properties", "notes"),
                                                        (0, "", "geometry")])
def test_a_key_named_twice_in_a_feature_rejects_it_naming_the_key(
        tmp_path: Path, feature: int, where: str, key: str) -> None:
    """GDAL kept the last of a feature's repeated properties without a word."""
    values = (("first", "second") if key == "notes" else
              ({"type": "Point", "coordinates": [1.0, 2.0]},
               {"type": "Point", "coordinates": [3.0, 4.0]}))
    path = tmp_path / "twice.geojson"
    collection = feature_collection()
    if key == "geometry":
        del collection["features"][0]["geometry"]
    path.write_text(_with_a_key_twice(collection, feature, where, key, values))
    result = read_events(path)
    assert result.rows_read == 3 and result.rows_accepted == 1
    fault = next(r for r in result.rejects if r.line == feature + 1)
    assert fault.field == key and f"{key!r} 2 times" in fault.reason
    if key == "notes":
        assert "'first' and 'second'" in fault.reason
    assert list(result.frame["event_type"]) == [["Protests", "Battles"][feature]]


def test_a_collection_naming_its_features_twice_is_refused(tmp_path: Path) -> None:
    """GDAL read the first "features" list and dropped the second without a word."""
    text = json.dumps(feature_collection())
    path = tmp_path / "twice.geojson"
    path.write_text(text[:-1] + ', "features": []}')
    with pytest.raises(FormatError, match="'features' 2 times") as caught:
        read_events(path)
    assert caught.value.file == str(path) and caught.value.field == "features"


def test_properties_named_alike_in_any_case_are_one_column(tmp_path: Path) -> None:
    """"notes" in one feature and "Notes" in another were a pandas AttributeError
    traceback; a feature giving both is rejected naming them, the others keep their text."""
    collection = feature_collection()
    collection["features"][1]["properties"]["Notes"] = "from the second"
    collection["features"].append(json.loads(json.dumps(collection["features"][0])))
    collection["features"][3]["properties"]["NOTES"] = "a rival"
    path = tmp_path / "alike.geojson"
    path.write_text(json.dumps(collection))
    result = read_events(path)
    assert result.rows_read == 4 and result.rows_accepted == 2
    fault = next(r for r in result.rejects if r.line == 4)
    assert fault.field == "notes" and "'a rival'" in fault.reason
    assert list(result.frame["notes"]) == ["<script>alert(1)</script>", "from the second"]


def test_rejects_warnings_and_unread_columns_name_fields_as_the_file_writes_them(
        tmp_path: Path) -> None:
    """Before: the readers lower-case a header, and rejects, warnings and the summary's
    unread columns named the lower-cased field ("date", "deaths", "dead" for a file's
    "Date", "Deaths", "Dead"): the analyst looks for the name as the file writes it."""
    path = tmp_path / "desk.csv"
    path.write_text("Date,Lat,Lon,Deaths,Dead\n"
                    "2025-04-12,16.27,-0.04,about 20,3\n"
                    "2025-13-12,16.27,-0.04,4,3\n"
                    "2025-04-14,16.27,-0.04,many,3\n", encoding="utf-8")
    result = read_events(path)
    assert [(r.line, r.field) for r in result.rejects] == [(3, "Date"), (4, "Deaths")]
    assert [(w.line, w.field) for w in result.warnings] == [(2, "Deaths")]
    assert result.unread_columns == ["Dead"]


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg"])
def test_a_feature_files_rejects_and_unread_properties_name_them_as_written(
        tmp_path: Path, suffix: str) -> None:
    """Before: GeoJSON and GeoPackage properties were named lower-cased in rejects,
    warnings and the unread columns ("date", "deaths", "dead" for a file's "Date",
    "Deaths", "Dead"), as tables were until they named the header as written."""
    import geopandas as gpd

    def feature(day: str, deaths: str) -> dict:
        return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-0.04, 16.27]},
                "properties": {"Date": day, "Deaths": deaths, "Dead": "3"}}

    collection = {"type": "FeatureCollection", "features": [
        feature("2025-04-12", "about 20"), feature("2025-13-12", "4"),
        feature("2025-04-14", "many")]}
    path = tmp_path / "desk.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")
    if suffix == ".gpkg":
        gpd.read_file(path).to_file(tmp_path / "desk.gpkg", driver="GPKG")
        path = tmp_path / "desk.gpkg"
    result = read_events(path)
    assert [(r.line, r.field) for r in result.rejects] == [(2, "Date"), (3, "Deaths")]
    assert [(w.line, w.field) for w in result.warnings] == [(1, "Deaths")]
    assert result.unread_columns == ["Dead"]


@pytest.mark.parametrize(("fmt", "header", "shown"), [
    ("csv", "When,Lat,Lon", "['When', 'Lat', 'Lon']"),
    ("acled", "Event_Date,Latitude,Longitude", "['Event_Date', 'Latitude', 'Longitude']"),
    ("ucdp", "Id,Latitude,Longitude", "['Id', 'Latitude', 'Longitude']"),
])
def test_a_header_geomap_cannot_read_is_named_as_written(tmp_path: Path, fmt: str, header: str,
                                                         shown: str) -> None:
    """Before: a header missing a column geomap needs was named lower-cased ("got columns
    ['when', 'lat', 'lon']" for a file's "When,Lat,Lon"), unlike the rejects since 8e8a0af."""
    path = tmp_path / "desk.csv"
    path.write_text(f"{header}\n2025,16.2,-0.04\n", encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        read_events(path, input_format=fmt)
    assert f"got columns {shown}" in str(caught.value)


def test_a_row_repeating_another_field_for_field_is_kept_and_named(tmp_path: Path) -> None:
    """Fails before: a row pasted twice was two events without a word (its dead counted
    twice). Both stay, for two events can read alike; each later copy is named by line."""
    path = tmp_path / "desk.csv"
    row = "2024-05-01,Battles,16.27,-0.04,3,clash at the market"
    path.write_text("date,type,lat,lon,fatalities,notes\n" + "\n".join(
        [row, row, row.replace("05-01", "05-02"), row]) + "\n", encoding="utf-8")
    result = read_events(path)
    assert result.rows_accepted == 4
    repeats = [w for w in result.warnings if "field for field" in w.reason]
    assert [(w.line, w.reason.split(":")[0]) for w in repeats] == [
        (3, "repeats line 2 field for field"), (5, "repeats line 2 field for field")]


def test_rows_that_differ_only_where_geomap_reads_nothing_are_no_repeat(tmp_path: Path) -> None:
    """Fails before: rows told apart only by a column geomap does not read (the hour of two
    attacks, a victim's name), or by a value read alike (an ISO code it does not know),
    were each said to repeat the first 'field for field'. The file's own fields are
    compared now."""
    path = tmp_path / "desk.csv"
    path.write_text("date,lat,lon,fatalities,hour,iso\n" + "".join(
        f"2024-05-01,16.27,-0.04,3,{hour},{iso}\n"
        for hour, iso in [("06:00", "XX"), ("18:00", "XX"), ("06:00", "YY"),
                          ("06:00", "XX")]), encoding="utf-8")
    result = read_events(path)
    assert result.rows_accepted == 4
    repeats = [w for w in result.warnings if "field for field" in w.reason]
    assert [(w.line, w.reason.split(":")[0]) for w in repeats] == [
        (5, "repeats line 2 field for field")]
