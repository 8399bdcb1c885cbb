"""Property tests: random rows in, every row accounted for, only GeomapError out."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.errors import GeomapError
from geomap.model import EVENT_COLUMNS
from geomap.sources.read import read_events
from tests.sources._fixtures import (
    ACLED_CURRENT,
    BASE_EVENTS,
    UCDP_COLUMNS,
    acled_row,
    gdelt_row,
    ucdp_rows,
)

# GEOMAP_HYPOTHESIS_EXAMPLES=300 for a longer search than CI's
SETTINGS = settings(max_examples=int(os.environ.get("GEOMAP_HYPOTHESIS_EXAMPLES", "20")),
                    deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

junk = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "nan", "inf", "-inf", "1e400", "NaN", "-0", "0x10", '"', '""',
                     "\n", "\r\n", ",", ";", "\t", "\ufeff", "null", "None", "é", "\x00"]),
    st.integers(-10**6, 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def mutate(row: dict, changes: dict) -> dict:
    return {**row, **{k: v for k, v in changes.items() if k in row}}


def check(result) -> None:
    assert result.rows_read == result.rows_accepted + result.rows_rejected + result.merged
    frame = result.frame
    assert list(frame.columns) == [*EVENT_COLUMNS, "source_line"]
    assert frame["latitude"].between(-90, 90).all()
    assert frame["longitude"].between(-180, 180).all()
    assert frame["geo_precision"].between(1, 8).all()
    assert frame["event_date"].notna().all()
    assert frame["event_id"].notna().all() and not frame["event_id"].duplicated().any()
    assert (frame["fatalities"].dropna() >= 0).all()
    for reject in result.rejects:
        assert reject.file and reject.reason


def read_or_format_error(path: Path, fmt: str = "auto", **kwargs) -> None:
    try:
        result = read_events(path, fmt, **kwargs)
    except GeomapError:
        return
    check(result)


def write_rows(path: Path, header: list[str], rows: list[dict], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8", errors="surrogatepass") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows([[row.get(c, "") for c in header] for row in rows])
    return path


def changes(columns: list[str]):
    return st.dictionaries(st.sampled_from(columns), junk, max_size=4)


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 2), changes(
    ["event_id_cnty", "event_date", "event_type", "latitude", "longitude", "geo_precision",
     "time_precision", "fatalities", "iso", "country", "inter1", "notes", "actor1"])),
    max_size=12))
def test_acled_rows(rows: list) -> None:
    data = [mutate(acled_row(BASE_EVENTS[i], "current"), c) for i, c in rows]
    with tempfile.TemporaryDirectory() as tmp:
        read_or_format_error(write_rows(Path(tmp) / "a.csv", ACLED_CURRENT, data), "acled")


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 2), changes(
    ["id", "date_start", "date_end", "type_of_violence", "where_prec", "date_prec",
     "latitude", "longitude", "best", "low", "high", "country"])), max_size=12))
def test_ucdp_rows(rows: list) -> None:
    base = ucdp_rows()
    data = [mutate({c: "" for c in UCDP_COLUMNS} | base[i], c) for i, c in rows]
    with tempfile.TemporaryDirectory() as tmp:
        read_or_format_error(write_rows(Path(tmp) / "u.csv", UCDP_COLUMNS, data), "ucdp")


gdelt_junk = junk.map(lambda v: v.replace("\t", " ").replace("\n", " ").replace("\r", " "))


@SETTINGS
@given(st.sampled_from([57, 58, 61]), st.lists(st.dictionaries(st.sampled_from(
    ["GLOBALEVENTID", "SQLDATE", "EventRootCode", "EventBaseCode", "ActionGeo_Type",
     "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long", "Actor1Name"]),
    gdelt_junk, max_size=4), max_size=12))
def test_gdelt_rows(width: int, rows: list) -> None:
    text = "".join(gdelt_row(width, **{"GLOBALEVENTID": i, **r}) + "\n"
                   for i, r in enumerate(rows))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "g.CSV"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        read_or_format_error(path, "gdelt")


@SETTINGS
@given(st.lists(st.fixed_dictionaries({"date": junk, "lat": junk, "lon": junk,
                                       "id": junk, "country": junk}), max_size=10))
def test_generic_csv_rows(rows: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_rows(Path(tmp) / "t.csv", ["id", "date", "lat", "lon", "country"], rows)
        read_or_format_error(path, "csv")


coordinate = st.one_of(st.floats(-400, 400), st.integers(-200, 200))


@SETTINGS
@given(st.lists(st.tuples(coordinate, coordinate, st.dictionaries(
    st.sampled_from(["date", "event_type", "fatalities", "iso", "id"]),
    st.one_of(junk, st.integers(-5, 5), st.none()), max_size=4)), max_size=8))
def test_geojson_features(features: list) -> None:
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]},
         "properties": {"date": "2020-01-01", **props}} for x, y, props in features]}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.geojson"
        path.write_text(json.dumps(collection))
        read_or_format_error(path)


@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.csv"
        path.write_bytes(data)
        for fmt in ("auto", "acled", "ucdp", "gdelt", "csv"):
            read_or_format_error(path, fmt, geocoder=NoGeocoder())


class NoGeocoder:
    def resolve(self, query: str, country: str | None = None):
        from geomap.errors import PlaceNotFound

        raise PlaceNotFound(query)


def test_check_can_fail() -> None:
    bad = pd.DataFrame({c: [] for c in EVENT_COLUMNS})
    try:
        check(type("R", (), {"rows_read": 1, "rows_accepted": 0, "rows_rejected": 0,
                             "merged": 0, "frame": bad, "rejects": []})())
    except AssertionError:
        return
    raise AssertionError("the invariant check accepted a lost row")
