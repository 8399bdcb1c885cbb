from __future__ import annotations

import pandas as pd
import pytest

from geomap.errors import ConfigError
from geomap.layers.aggregate import (
    combine_partials,
    events_by_admin0,
    events_by_admin1,
    events_by_region,
    partial_counts,
    type_slug,
)
from geomap.layers.attach import attach_events
from tests.layers.conftest import make_events

ROWS = [
    # AA-1 (lon 0..1): two battles and a protest
    {"longitude": 0.3, "latitude": 11.7, "event_type": "Battles", "fatalities": 4,
     "event_date": "2024-01-05"},
    {"longitude": 0.8, "latitude": 12.9, "event_type": "Battles", "fatalities": 1,
     "event_date": "2024-02-20"},
    {"longitude": 0.6, "latitude": 10.2, "event_type": "Protests", "fatalities": None,
     "event_date": "2024-01-09"},
    # AA-2: one remote-violence event
    {"longitude": 1.7, "latitude": 12.1, "event_type": "Explosions/Remote violence",
     "fatalities": 7, "event_date": "2024-03-01"},
    # BB-1: one battle
    {"longitude": 3.3, "latitude": 10.6, "event_type": "Battles", "fatalities": 2,
     "event_date": "2024-01-31"},
    # country-only event in AA: counts in AA, never in a province
    {"longitude": 1.2, "latitude": 11.4, "event_type": "Riots", "fatalities": 10,
     "event_date": "2024-01-02", "geo_precision": 6, "iso": "AA"},
]


@pytest.fixture()
def attached(small_admin0, small_admin1):
    return attach_events(make_events(ROWS), small_admin0, small_admin1)


def test_type_slug():
    assert type_slug("Explosions/Remote violence") == "explosions_remote_violence"
    assert type_slug("Violence against civilians") == "violence_against_civilians"


def test_events_by_admin1_counts(attached, small_admin1):
    layer = events_by_admin1(attached, small_admin1).set_index("code")
    assert list(layer.index) == ["AA-1", "AA-2", "BB-1"]
    assert layer.loc["AA-1", "events"] == 3
    assert layer.loc["AA-1", "fatalities"] == 5
    assert layer.loc["AA-1", "n_battles"] == 2
    assert layer.loc["AA-1", "n_protests"] == 1
    assert layer.loc["AA-2", "n_explosions_remote_violence"] == 1
    assert layer.loc["AA-1", "first_date"] == pd.Timestamp("2024-01-05")
    assert layer.loc["AA-1", "last_date"] == pd.Timestamp("2024-02-20")
    assert layer["n_riots"].sum() == 0  # the country-only riot is not in any province
    assert layer["events"].sum() == 5
    assert layer.crs == "EPSG:4326"
    assert layer.loc["AA-1", "country_code"] == "AA"


def test_events_by_admin0_counts_coarse_events(attached, small_admin0):
    layer = events_by_admin0(attached, small_admin0).set_index("code")
    assert layer.loc["AA", "events"] == 5
    assert layer.loc["AA", "fatalities"] == 22
    assert layer.loc["AA", "n_riots"] == 1
    assert layer.loc["BB", "events"] == 1
    assert layer.loc["AA", "first_date"] == pd.Timestamp("2024-01-02")


def test_zero_rows_for_requested_countries(small_admin0, small_admin1):
    events = attach_events(make_events(ROWS[4:5]), small_admin0, small_admin1)
    layer = events_by_admin1(events, small_admin1, countries=["AA"]).set_index("code")
    assert list(layer.index) == ["AA-1", "AA-2", "BB-1"]
    assert layer.loc["AA-1", "events"] == 0
    assert layer.loc["BB-1", "events"] == 1


def test_by_month_and_week(attached, small_admin1):
    monthly = events_by_admin1(attached, small_admin1, by="month")
    aa1 = monthly[monthly["code"] == "AA-1"].set_index("period")
    assert aa1.loc[pd.Timestamp("2024-01-01"), "events"] == 2
    assert aa1.loc[pd.Timestamp("2024-02-01"), "events"] == 1
    weekly = events_by_admin1(attached, small_admin1, by="week")
    # 2024-01-05 is a Friday: its ISO week starts on Monday 2024-01-01.
    first = weekly[weekly["code"] == "AA-1"].sort_values("period").iloc[0]
    assert first["period"] == pd.Timestamp("2024-01-01")
    assert weekly["events"].sum() == 5
    daily = events_by_admin1(attached, small_admin1, by="day")
    assert daily["events"].sum() == 5  # every event here is dated to the day
    assert pd.Timestamp("2024-01-05") in set(daily.loc[daily["code"] == "AA-1", "period"])


def test_by_day_leaves_out_the_events_known_only_to_a_week_or_a_month() -> None:
    """One event known to its month counted on the day that stands for it would make a
    chart's spike there; by month and week it still counts."""
    frame = pd.DataFrame({
        "key": ["A", "A", "A", "B"], "fatalities": [1, 2, 3, 4], "event_type": ["Battles"] * 4,
        "event_date": pd.to_datetime(["2024-01-05", "2024-01-05", "2024-01-15", "2024-01-15"]),
        "time_precision": [1, 1, 4, 3]})
    daily = partial_counts(frame, "key", by="day")
    assert daily[["key", "period", "events", "fatalities"]].values.tolist() == [
        ["A", pd.Timestamp("2024-01-05"), 2, 3.0]]
    assert partial_counts(frame, "key", by="month")["events"].tolist() == [3, 1]
    without = partial_counts(frame.drop(columns="time_precision"), "key", by="day")
    assert without["events"].tolist() == [2, 1, 1]  # a table without it: dated to the day


def test_by_none_has_no_type_columns(attached, small_admin1):
    layer = events_by_admin1(attached, small_admin1, by=None)
    assert not [c for c in layer.columns if c.startswith("n_")]


def test_bad_by_is_refused(attached, small_admin1):
    with pytest.raises(ConfigError, match="'year'"):
        events_by_admin1(attached, small_admin1, by="year")  # type: ignore[arg-type]


def test_partials_combine_to_the_same_totals(attached):
    whole = partial_counts(attached, "admin1_code")
    parts = [partial_counts(attached.iloc[:2], "admin1_code"),
             partial_counts(attached.iloc[2:], "admin1_code")]
    combined = combine_partials(parts, "admin1_code")
    pd.testing.assert_frame_equal(whole.reset_index(drop=True), combined, check_dtype=False)


def test_events_by_region(attached):
    import geopandas as gpd
    import shapely

    regions = gpd.GeoDataFrame(
        {"id": ["west", "aa-country"], "name": ["West", "Aland"], "definition": ["box", "AA"],
         "source": ["test", "test"], "approximate": [True, False], "countries": [None, ["AA"]]},
        geometry=[shapely.box(-1, 9, 1.2, 14), shapely.box(0, 10, 2, 13)], crs="EPSG:4326")
    layer = events_by_region(attached, regions).set_index("id")
    assert layer.loc["west", "events"] == 3  # point events west of lon 1.2 only
    assert layer.loc["aa-country", "events"] == 5  # 4 points + the country-only riot
    only = events_by_region(attached, regions, ids=["WEST"])
    assert list(only["id"]) == ["west"]


def test_a_type_only_among_uncounted_events_gets_no_column(attached):
    # The riot is country-only: it has no province, so the province table has no riot
    # column beyond ACLED's six; a type outside them appears only where it is counted.
    events = attached.assign(event_type=attached["event_type"].replace({"Riots": "Looting"}))
    provinces = partial_counts(events, "admin1_code")
    countries = partial_counts(events, "admin0_code")
    assert "n_looting" not in provinces.columns
    assert countries["n_looting"].sum() == 1
    assert provinces["events"].sum() == 5 and provinces["n_battles"].sum() == 3


def _random_events(rng, n: int, *, categorical: bool, missing_dates: bool) -> pd.DataFrame:
    """Keys with empty and missing values (and unused categories), missing fatalities."""
    import numpy as np

    keys = rng.choice(np.array(["ZZ-9", "AA-1", "", None, "BB-2", "CC-3"], dtype=object), n)
    dates = pd.Series(pd.Timestamp("2023-12-25") + pd.to_timedelta(rng.integers(0, 70, n), "D"))
    if missing_dates:
        dates[rng.random(n) < 0.1] = pd.NaT
    fatalities = pd.array(rng.integers(0, 9, n), dtype="Int64")
    fatalities[rng.random(n) < 0.2] = pd.NA
    return pd.DataFrame({
        "key": pd.Categorical(keys, categories=["unused", "", "CC-3", "BB-2", "AA-1", "ZZ-9"])
        if categorical else pd.Series(keys, dtype="str"),
        "event_date": dates, "fatalities": fatalities,
        "event_type": rng.choice(np.array(["Battles", "Riots", None, "Odd/type"], dtype=object), n),
    })


def _plain_counts(frame: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """The plain definition: drop empty keys, then a pandas groupby."""
    rows = frame[frame["key"].notna() & (frame["key"].astype(object) != "")].copy()
    rows["key"] = rows["key"].astype(object)
    groups = ["key"]
    if by in ("month", "week", "day"):
        rows["period"] = (rows["event_date"].dt.to_period("M").dt.start_time if by == "month"
                          else rows["event_date"].dt.normalize() if by == "day"
                          else rows["event_date"].dt.to_period("W").dt.start_time)
        groups.append("period")
    rows["fatalities"] = rows["fatalities"].fillna(0).astype(float)
    table = rows.groupby(groups).agg(events=("key", "size"), fatalities=("fatalities", "sum"),
                                     first_date=("event_date", "min"),
                                     last_date=("event_date", "max"))
    if by is not None:
        slugs = rows["event_type"].fillna("").map(type_slug).map(lambda s: f"n_{s}")
        table = table.join(pd.crosstab([rows[g] for g in groups], slugs))
    return table.reset_index()


@pytest.mark.parametrize("categorical", [True, False])
@pytest.mark.parametrize("by", ["event_type", None, "month", "week", "day"])
def test_partial_counts_match_a_plain_groupby(categorical: bool, by: str | None) -> None:
    import numpy as np

    frame = _random_events(np.random.default_rng(3), 5_000, categorical=categorical,
                           missing_dates=True)
    counted = partial_counts(frame, "key", by=by)  # type: ignore[arg-type]
    expected = _plain_counts(frame, by)
    assert list(counted["key"]) == list(expected["key"])
    for column in expected.columns.drop("key"):
        assert counted[column].tolist() == expected[column].astype(counted[column].dtype).tolist()
    extra = set(counted.columns) - set(expected.columns)  # ACLED's six types, always there
    assert all(c.startswith("n_") and not counted[c].any() for c in extra)
    empty = partial_counts(frame.iloc[:0], "key", by=by)  # type: ignore[arg-type]
    assert len(empty) == 0 and {"key", "events", "first_date"} <= set(empty.columns)


@pytest.mark.parametrize("by", ["month", "week", "day"])
def test_an_undated_event_is_in_no_period_and_moves_no_other(by: str) -> None:
    frame = pd.DataFrame({
        "key": ["A", "A", "B", "B"], "fatalities": [1, 2, 3, 4], "event_type": ["Battles"] * 4,
        "event_date": pd.to_datetime(["2024-01-05", "2024-02-05", "2024-01-03", None])})
    table = partial_counts(frame, "key", by=by)  # type: ignore[arg-type]
    assert table[["key", "events", "fatalities"]].values.tolist() == [
        ["A", 1, 1.0], ["A", 1, 2.0], ["B", 1, 3.0]]
    totals = partial_counts(frame, "key", by=None)
    assert totals["events"].tolist() == [2, 2]  # counted where time does not split


def test_units_sharing_a_code_are_one_row_as_dissolve_makes_it() -> None:
    """Natural Earth gives a few units one code: one row per code, as
    ``GeoDataFrame.dissolve`` merges them (parts unioned, names joined, first country)."""
    import geopandas as gpd
    import shapely

    from geomap.layers.aggregate import _joined_names, boundary_shapes

    codes = ["CC-2", "CC-1", "CC-2", "CC-3", "CC-2", "CC-3", "CC-0"]
    names = ["Kay", "Ell", "Em", "En", "Kay", "", "Oh"]
    frame = gpd.GeoDataFrame(
        {"iso_3166_2": codes, "iso_a2": ["CC", "CC", "CC", "CC", "DD", "CC", "CC"],
         "name": names},
        geometry=[shapely.box(i, 0, i + 1.5, 1) for i in range(len(codes))], crs="EPSG:4326")
    shapes = boundary_shapes(frame, "admin1")
    table = frame.rename(columns={"iso_3166_2": "code", "iso_a2": "country_code"})
    expected = table.dissolve(by="code", aggfunc={"name": _joined_names,
                                                  "country_code": "first"}).reset_index()
    assert shapes["code"].tolist() == ["CC-0", "CC-1", "CC-2", "CC-3"]
    assert shapes["name"].tolist() == ["Oh", "Ell", "Kay / Em", "En"]
    assert shapes["country_code"].tolist() == expected["country_code"].tolist()
    assert all(shapely.equals_exact(shapes.geometry.to_numpy(), expected.geometry.to_numpy(),
                                    tolerance=0.0))
    assert shapes.crs == "EPSG:4326"
