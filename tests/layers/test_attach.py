from __future__ import annotations

import numpy as np
import pytest

from geomap.layers.attach import attach_events
from tests.layers.conftest import make_events


def attach(rows, admin0, admin1, **kwargs):
    return attach_events(make_events(rows), admin0, admin1, **kwargs)


def test_inside_points_attach_to_province_and_country(small_admin0, small_admin1):
    out = attach([{"longitude": 0.5, "latitude": 11.5}, {"longitude": 3.0, "latitude": 12.25}],
                 small_admin0, small_admin1)
    assert list(out["admin1_code"]) == ["AA-1", "BB-1"]
    assert list(out["admin0_code"]) == ["AA", "BB"]
    assert list(out["attach_rule"]) == ["inside", "inside"]


def test_swapped_coordinates_do_not_attach(small_admin0, small_admin1):
    # (lat=0.5, lon=11.5) is the swap of a point inside AA-1: it must land nowhere.
    out = attach([{"longitude": 11.5, "latitude": 0.5}], small_admin0, small_admin1)
    assert out["admin1_code"].iloc[0] == ""
    assert out["attach_rule"].iloc[0] == "unattached"


def test_point_on_shared_border_goes_to_lowest_code_once(small_admin0, small_admin1):
    out = attach([{"longitude": 1.0, "latitude": 11.5}, {"longitude": 2.0, "latitude": 12.0}],
                 small_admin0, small_admin1)
    assert list(out["admin1_code"]) == ["AA-1", "AA-2"]
    assert list(out["attach_rule"]) == ["border", "border"]
    assert list(out["admin0_code"]) == ["AA", "AA"]


def test_point_on_real_natural_earth_border():
    import geopandas as gpd
    import shapely

    from geomap.refdata.boundaries import load_admin0, load_admin1

    admin0, admin1 = load_admin0(), load_admin1()
    gao = admin1.loc[admin1["iso_3166_2"] == "ML-7", "geometry"].iloc[0]
    kidal = admin1.loc[admin1["iso_3166_2"] == "ML-8", "geometry"].iloc[0]
    shared = shapely.intersection(gao.boundary, kidal.boundary)
    x, y = shapely.get_coordinates(shared)[len(shapely.get_coordinates(shared)) // 2]
    assert gao.intersects(shapely.Point(x, y)) and kidal.intersects(shapely.Point(x, y))
    out = attach_events(make_events([{"longitude": x, "latitude": y, "iso": "ML"}]),
                        admin0, admin1)
    assert out["admin1_code"].iloc[0] == "ML-7"  # "ML-7" < "ML-8"
    assert out["attach_rule"].iloc[0] == "border"
    # The plain spatial joins the rule replaces: within drops it, intersects doubles it.
    point = gpd.GeoDataFrame(geometry=[shapely.Point(x, y)], crs="EPSG:4326")
    pair = admin1[admin1["iso_3166_2"].isin(["ML-7", "ML-8"])]
    assert len(gpd.sjoin(point, pair, predicate="within")) == 0
    assert len(gpd.sjoin(point, pair, predicate="intersects")) == 2


@pytest.mark.parametrize(("offset_km", "rule", "code"),
                         [(5.0, "nearest", "BB-1"), (25.0, "unattached", "")])
def test_points_just_outside_attach_within_tolerance(small_admin0, small_admin1,
                                                     offset_km, rule, code):
    lon = 4.0 + offset_km / (111.195 * np.cos(np.radians(11.5)))
    out = attach([{"longitude": lon, "latitude": 11.5}], small_admin0, small_admin1,
                 tolerance_km=10.0)
    assert out["attach_rule"].iloc[0] == rule
    assert out["admin1_code"].iloc[0] == code


def test_coarse_events_never_count_in_a_province(small_admin0, small_admin1):
    rows = [{"longitude": 0.5, "latitude": 11.5, "geo_precision": p, "iso": "AA"}
            for p in (1, 2, 3, 4, 5, 6, 7, 8)]
    out = attach(rows, small_admin0, small_admin1)
    assert list(out["admin1_code"]) == ["AA-1"] * 4 + [""] * 4
    assert list(out["attach_rule"][4:]) == ["coarse"] * 4
    assert list(out["admin0_code"]) == ["AA"] * 7 + [""]
    assert out["admin0_rule"].iloc[7] == "multinational"


def test_country_event_takes_its_stated_country(small_admin0, small_admin1):
    out = attach([{"longitude": 3.0, "latitude": 11.5, "geo_precision": 6, "iso": "AA"}],
                 small_admin0, small_admin1)
    assert out["admin0_code"].iloc[0] == "AA"
    assert out["admin0_rule"].iloc[0] == "stated_country"


def test_stated_country_near_the_border_wins(small_admin0, small_admin1):
    # 3 km inside BB but stated AA: a simplified border; AA is within 10 km.
    lon = 2.0 + 3.0 / (111.195 * np.cos(np.radians(12.5)))
    out = attach([{"longitude": lon, "latitude": 12.5, "iso": "AA"}], small_admin0, small_admin1)
    assert out["admin0_code"].iloc[0] == "AA"
    assert out["admin1_code"].iloc[0] == "AA-2"
    assert out["admin0_rule"].iloc[0] == "stated_country"


def test_stated_country_far_away_is_flagged(small_admin0, small_admin1):
    out = attach([{"longitude": 3.5, "latitude": 12.5, "iso": "AA"}], small_admin0, small_admin1)
    assert out["admin0_code"].iloc[0] == "BB"
    assert out["admin1_code"].iloc[0] == "BB-1"
    assert out["admin0_rule"].iloc[0] == "country_mismatch"


def test_overlapping_polygons_resolve_to_lowest_code(small_admin0):
    import geopandas as gpd
    import shapely

    overlapping = gpd.GeoDataFrame(
        {"iso_3166_2": ["AA-9", "AA-3"], "iso_a2": ["AA", "AA"], "name": ["x", "y"]},
        geometry=[shapely.box(0, 10, 2, 13), shapely.box(0.5, 10.5, 1.5, 12.5)], crs="EPSG:4326")
    out = attach_events(make_events([{"longitude": 1.0, "latitude": 11.0}]),
                        small_admin0, overlapping)
    assert out["admin1_code"].iloc[0] == "AA-3"


def test_many_points_match_a_plain_within_join(small_admin0, small_admin1):
    import geopandas as gpd

    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(-0.5, 4.5, 5000), rng.uniform(9.5, 13.5, 5000)
    events = make_events([{"longitude": a, "latitude": b} for a, b in zip(lon, lat)])
    out = attach_events(events, small_admin0, small_admin1, tolerance_km=0.0)
    joined = gpd.sjoin(events[["geometry"]], small_admin1, predicate="within")
    expected = joined["iso_3166_2"].reindex(events.index).fillna("")
    assert (out["admin1_code"] == expected).all()


def test_chunks_attach_like_the_whole(small_admin0, small_admin1):
    """The per-partition path (attach each chunk, combine the partial counts) gives the
    same codes and aggregates as one pass."""
    import pandas as pd

    from geomap.layers.aggregate import combine_partials, partial_counts

    rng = np.random.default_rng(3)
    rows = [{"longitude": a, "latitude": b, "geo_precision": int(p), "iso": i,
             "event_type": t, "fatalities": int(f)}
            for a, b, p, i, t, f in zip(
                rng.uniform(-0.2, 4.2, 3000), rng.uniform(9.8, 13.2, 3000),
                rng.choice([1, 2, 4, 6], 3000), rng.choice(["AA", "BB", None], 3000),
                rng.choice(["Battles", "Riots"], 3000), rng.integers(0, 5, 3000))]
    events = make_events(rows)
    whole = attach_events(events, small_admin0, small_admin1)
    chunks = [attach_events(events.iloc[i:i + 1000], small_admin0, small_admin1)
              for i in range(0, 3000, 1000)]
    joined = pd.concat(chunks)
    assert (joined["admin1_code"].astype(str).to_numpy()
            == whole["admin1_code"].astype(str).to_numpy()).all()
    combined = combine_partials([partial_counts(c, "admin1_code") for c in chunks],
                                "admin1_code")
    pd.testing.assert_frame_equal(partial_counts(whole, "admin1_code"), combined,
                                  check_dtype=False, check_categorical=False)


def test_point_off_a_real_coastline_attaches_within_tolerance():
    import shapely

    from geomap.refdata.boundaries import load_admin0, load_admin1

    admin0, admin1 = load_admin0(), load_admin1()
    dakar = admin1.loc[admin1["iso_3166_2"] == "SN-DK", "geometry"].iloc[0]
    coords = shapely.get_coordinates(dakar)
    west_x, west_y = coords[np.argmin(coords[:, 0])]
    offshore = [{"longitude": west_x - dx, "latitude": west_y, "iso": "SN"}
                for dx in (0.03, 0.3)]  # about 3 km and 32 km out to sea
    assert not admin1.intersects(shapely.Point(west_x - 0.03, west_y)).any()
    out = attach_events(make_events(offshore), admin0, admin1)
    assert list(out["admin1_code"]) == ["SN-DK", ""]
    assert list(out["attach_rule"]) == ["nearest", "unattached"]
    assert list(out["admin0_code"]) == ["SN", "SN"]  # the stated country still counts


def test_stated_codes_are_cleaned_alike_as_text_and_as_categories(small_admin0, small_admin1):
    # The events' iso column reaches attach_arrays as a Categorical of its distinct
    # cleaned values; plain strings give the same countries and rules.
    from geomap.layers._index import polygon_index
    from geomap.layers.attach import attach_arrays
    from geomap.refdata.boundaries import admin1_countries

    rows = [{"longitude": 3.5, "latitude": 12.5, "iso": iso, "geo_precision": precision}
            for iso in ("AA", " aa", "bb ", "", None, "ZZ") for precision in (1, 6, 7)]
    out = attach(rows, small_admin0, small_admin1)
    text = np.array([str(r["iso"] or "").strip().upper() for r in rows], dtype=object)
    plain = attach_arrays(out["longitude"].to_numpy(float), out["latitude"].to_numpy(float),
                          out["geo_precision"].to_numpy("int8"), text,
                          polygon_index(small_admin0, "admin0"),
                          polygon_index(small_admin1, "admin1"), admin1_countries(small_admin1))
    for name in ("admin0_code", "admin1_code", "attach_rule", "admin0_rule"):
        assert list(out[name]) == list(getattr(plain, name)), name
    # Stated AA far from the point: a point event keeps BB (flagged), a country event and
    # one on water take AA; no usable stated code leaves water events without a country.
    assert list(out["admin0_code"]) == ["BB", "AA", "AA"] * 2 + ["BB"] * 3 + ["BB", "BB", ""] * 3
    assert list(out["admin0_rule"][:3]) == ["country_mismatch", "stated_country",
                                            "stated_country"]
