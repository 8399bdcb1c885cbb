"""Unit tests of the renderer: payload, escaping, modes, time intervals (no browser)."""

from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
import pytest

from geomap.errors import ConfigError, RenderError
from geomap.model import Event
from geomap.precision import DatePrecision, Precision
from geomap.render.map import build_payload, render_map
from geomap.render.options import RenderOptions, ScaleThresholds
from geomap.render.popups import json_for_script, safe_url, source_entries
from geomap.render.scale import choose_mode
from geomap.render.styles import event_type_names, load_styles
from geomap.render.timefilter import date_intervals
from tests.render.bundles import make_bundle, make_events

DATA_BLOCK = re.compile(
    r'<script type="application/json" id="[^"]+_data">(.*?)</script>', re.DOTALL
)


def rendered(bundle, options=None) -> str:
    return render_map(bundle, options or RenderOptions(offline=True)).get_root().render()


def payload_of(html: str) -> dict:
    blocks = DATA_BLOCK.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_styles_have_six_types_and_every_relation_kind():
    from geomap.model import EVENT_TYPES, RelationKind

    styles = load_styles()
    assert event_type_names() == list(EVENT_TYPES)
    assert all(entry["color"].startswith("#") for entry in styles["event_types"])
    assert styles["other_event_type"]["name"] == "Other"
    assert {kind.value for kind in RelationKind} | {"other"} <= set(styles["relations"])
    assert styles["relations"]["other"]["label"] == "Other relation"
    assert set(load_styles()["precision"]) == {p.name for p in Precision}


def test_payload_keeps_lat_lon_order_and_columns():
    payload = build_payload(make_bundle(), RenderOptions())
    events = payload["events"]
    assert events["n"] == 6
    assert (events["y"][0], events["x"][0]) == (162700, -400)  # lat, lon times 10^4
    assert events["scale"] == 10_000
    assert events["s"][events["idp"][0] - 1] == "MLI" and list(events["idn"][:2]) == [1, 2]
    assert list(events["p"]) == [1, 2, 4, 1, 6, 1]
    assert events["mode"] == "markers"
    strings = events["s"]
    assert strings[events["a1"][0] - 1] == "JNIM"
    assert strings[events["fc"][0] - 1] == "JNIM"
    assert events["fc"][1] == 0
    assert strings[events["pl"][0] - 1] == "Gao, Mali"
    assert "x1" not in events  # no associated actors: the column is left out
    assert "ot" not in events  # every type is one of the six
    assert events["f"][4] == -1  # unknown fatalities are not zero


def test_payload_links_choropleth_and_countries():
    payload = build_payload(make_bundle(), RenderOptions())
    events, admin1 = payload["events"], payload["admin1"]
    codes = [f["properties"]["code"] for f in admin1]
    assert codes[events["r1"][0]] == "ML-7"
    assert events["r1"][4] == -1  # a country-level event is in no province
    admin0 = [f["properties"]["code"] for f in payload["admin0"]]
    assert admin0[events["r0"][4]] == "ML"
    assert payload["highlight"] == ["ML"]
    assert admin1[0]["properties"]["types"][0] == 1
    lat, lon = admin1[0]["properties"]["at"]
    assert 14.5 < lat < 18.5 and -2.5 < lon < 4.0


def test_payload_layers_and_footprints():
    payload = build_payload(make_bundle(), RenderOptions())
    assert [f["properties"]["name"] for f in payload["regions"]] == ["Sahel"]
    assert payload["regions"][0]["properties"]["approximate"] is True
    assert [f["properties"]["name"] for f in payload["footprints"]] == [
        "JNIM", "Military Forces of Mali"]
    support = payload["relations"][0]["properties"]
    assert support["kind"] == "support"
    assert support["sources"] == [["Example report", "https://example.org/report"]]
    assert payload["relations"][0]["geometry"]["coordinates"][0] == [-7.5, 12.3]
    assert payload["attributions"][0] == ["ACLED", None]


def test_map_html_has_one_data_block_title_and_bounds():
    html = rendered(make_bundle(), RenderOptions(offline=True, title="Override"))
    payload = payload_of(html)
    assert payload["title"] == "Override"
    # the page fits the bounds once the map has a size (clear of its panels); folium's
    # own fit at load is not written: a map hidden at load would zoom to NaN
    assert payload["frame"] == [[10.0, -12.0], [20.0, 5.0]]
    assert re.search(r"map_\w+\.fitBounds\(", html) is None
    assert "GeomapRender.draw(" in html


def test_no_tiles_when_offline_and_provider_when_online():
    offline = rendered(make_bundle(), RenderOptions(offline=True))
    assert "tile.openstreetmap.org" not in offline and "cartocdn" not in offline
    online = rendered(make_bundle(), RenderOptions(tiles="OpenStreetMap.Mapnik"))
    assert "tile.openstreetmap.org" in online


def test_unknown_tiles_name_is_a_config_error():
    with pytest.raises(ConfigError, match="NoSuchTiles"):
        render_map(make_bundle(), RenderOptions(tiles="NoSuchTiles"))


def test_bad_mode_and_thresholds_are_config_errors():
    with pytest.raises(ConfigError, match="sparkles"):
        RenderOptions(modes={"events": "sparkles"})
    with pytest.raises(ConfigError, match="markers"):
        ScaleThresholds(markers=50, canvas=10)


def test_events_without_coordinates_are_a_render_error():
    events = make_events().drop(columns=["latitude"])
    with pytest.raises(RenderError, match="latitude"):
        build_payload(make_bundle(events=events), RenderOptions())


@pytest.mark.parametrize(
    ("count", "expected"), [(10, "markers"), (1_000, "markers"), (1_001, "canvas"),
                            (20_000, "canvas"), (20_001, "cluster"), (1_000_000, "cluster")],
)
def test_mode_by_count(count, expected):
    assert choose_mode("events", count, RenderOptions()) == expected


def test_mode_override_wins():
    options = RenderOptions(modes={"events": "heatmap"})
    assert choose_mode("events", 5, options) == "heatmap"
    payload = build_payload(make_bundle(), options)
    assert payload["events"]["mode"] == "heatmap"


def test_date_intervals_follow_precision():
    frame = pd.DataFrame({
        "event_date": [date(2024, 3, 15)] * 5 + [None],
        "time_precision": [int(DatePrecision.DAY), int(DatePrecision.DAYS),
                           int(DatePrecision.WEEK), int(DatePrecision.MONTH),
                           int(DatePrecision.YEAR), 1],
    })
    day, start, end = date_intervals(frame)
    epoch = date(1970, 1, 1)
    d = (date(2024, 3, 15) - epoch).days
    assert list(day[:5]) == [d] * 5
    assert (start[0], end[0]) == (d, d)
    assert (start[1], end[1]) == (d, d + 6)
    assert (start[2], end[2]) == (d - 3, d + 3)
    days = lambda *ymd: (date(*ymd) - epoch).days  # noqa: E731
    assert (start[3], end[3]) == (days(2024, 3, 1), days(2024, 3, 31))
    assert (start[4], end[4]) == (days(2024, 1, 1), days(2024, 12, 31))
    assert pd.isna(day[5]) and pd.isna(start[5])


def test_date_end_widens_interval():
    frame = pd.DataFrame({"event_date": [date(2024, 3, 1)], "time_precision": [1],
                          "date_end": [date(2024, 3, 9)]})
    _, start, end = date_intervals(frame)
    assert end[0] - start[0] == 8


def test_payload_dates_are_offsets_with_intervals():
    events = build_payload(make_bundle(), RenderOptions())["events"]
    assert events["base"] == (date(2024, 1, 5) - date(1970, 1, 1)).days
    assert events["d"][0] == 0
    assert events["dp"][2] == int(DatePrecision.MONTH)
    assert (events["lo"][2], events["hi"][2]) == (14, 16)  # 15 March within March


@pytest.mark.parametrize(
    "text",
    ["</script><script>alert(1)</script>", "<!--", "a\u2028b\u2029c", "&amp; <b>", "\"'`"],
)
def test_json_for_script_cannot_close_the_element(text):
    out = json_for_script({"notes": [text]})
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == {"notes": [text]}


def test_hostile_notes_stay_inside_the_data_block():
    hostile = "</script><script>alert(1)</script><!--"
    events = make_events([Event("X1", date(2024, 1, 9), "Battles", 15.1, -2.2, notes=hostile,
                                actor1="<img src=x onerror=alert(2)>")])
    html = rendered(make_bundle(events=events))
    assert "<script>alert(1)" not in html and "<img" not in html
    payload = payload_of(html)
    assert hostile in payload["events"]["notes"]
    assert "<img src=x onerror=alert(2)>" in payload["events"]["s"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://example.org/a?b=1", "https://example.org/a?b=1"), ("http://x.org", "http://x.org"),
     ("javascript:alert(1)", None), ("JAVASCRIPT:alert(1)", None),
     ("data:text/html,<script>", None), ("//evil.example/x", None), ("example.org", None),
     ("java\nscript:alert(1)", None), ("https://", None), (None, None), ("", None)],
)
def test_safe_url(url, expected):
    assert safe_url(url) == expected


def test_source_entries_resolve_ids_and_keep_names():
    from geomap.model import Source

    sources = {"r1": Source("r1", "Report one", url="javascript:alert(1)")}
    assert source_entries("r1; Le Monde", sources) == [["Report one", None], ["Le Monde", None]]
    assert source_entries("https://a.example/x", {}) == [["https://a.example/x",
                                                          "https://a.example/x"]]
    assert source_entries(None, sources) == []


def test_payload_is_deterministic():
    first = json_for_script(build_payload(make_bundle(), RenderOptions()))
    second = json_for_script(build_payload(make_bundle(), RenderOptions()))
    assert first == second


def test_without_events_the_map_still_renders():
    html = rendered(make_bundle(events=make_events().iloc[:0]))
    assert payload_of(html)["events"] is None
    assert "TimeFilter" not in html and "gm-time" not in html.split("GeomapRender.draw")[-1]


def test_time_filter_can_be_turned_off():
    html = rendered(make_bundle(), RenderOptions(offline=True, time_filter=False))
    assert "GeomapRender.addTimeControl(state" not in html
    html = rendered(make_bundle(), RenderOptions(offline=True))
    assert "GeomapRender.addTimeControl(state" in html


def synthetic_events(n: int):
    """``n`` ACLED-like events without notes, for size checks."""
    import geopandas as gpd
    import numpy as np

    from geomap.model import EVENT_COLUMNS, EVENT_TYPES

    rng = np.random.default_rng(7)
    actors = [f"Armed group number {k}" for k in range(40)]
    frame = pd.DataFrame({c: [None] * n for c in EVENT_COLUMNS})
    frame["event_id"] = [f"MLI{k}" for k in range(n)]
    frame["event_date"] = pd.Timestamp("2023-01-01") + pd.to_timedelta(
        rng.integers(0, 700, n), unit="D")
    frame["event_type"] = rng.choice(list(EVENT_TYPES), n)
    frame["sub_event_type"] = rng.choice(["Armed clash", "Attack", "Air/drone strike"], n)
    frame["latitude"] = rng.uniform(11, 24, n).round(4)
    frame["longitude"] = rng.uniform(-11, 4, n).round(4)
    frame["geo_precision"] = rng.choice([1, 1, 1, 2, 4], n)
    frame["time_precision"] = rng.choice([1, 1, 1, 3, 4], n)
    frame["actor1"] = rng.choice(actors, n)
    frame["actor2"] = rng.choice(actors, n)
    frame["location"] = rng.choice([f"Town {k}" for k in range(300)], n)
    frame["admin1"] = rng.choice(["Gao", "Mopti", "Kidal"], n)
    frame["country"] = "Mali"
    frame["fatalities"] = rng.poisson(2, n)
    frame["source"] = rng.choice(["Reuters", "AFP", "Local partner; Twitter"], n)
    frame["admin0_code"] = "ML"
    frame["admin1_code"] = rng.choice(["ML-7", "ML-5", ""], n)
    return gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["longitude"], frame["latitude"]), crs=4326)


def test_bytes_per_event_without_free_text_is_small():
    n = 20_000
    bundle = make_bundle(events=synthetic_events(n))
    payload = build_payload(bundle, RenderOptions(include_notes=False))
    size = len(json_for_script(payload["events"]).encode("utf-8"))
    assert size / n <= 60, size / n  # ids included
    assert payload["events"]["mode"] == "canvas"


def test_data_is_never_compiled_as_a_template():
    notes = "{{ 7*7 }} {% for x in range(3) %}loop{% endfor %} {# c #}"
    events = make_events([Event("T1", date(2024, 1, 9), "Battles", 15.1, -2.2, notes=notes)])
    html = rendered(make_bundle(events=events, title="{{ 8*8 }}"))
    payload = payload_of(html)
    assert notes in payload["events"]["notes"]
    assert payload["title"] == "{{ 8*8 }}"
    assert "looploop" not in html


def test_events_without_usable_coordinates_are_left_out(caplog):
    events = make_events()
    events["latitude"] = events["latitude"].astype(float)
    events.loc[1, "latitude"] = float("nan")
    events.loc[2, "longitude"] = 500.0
    payload = build_payload(make_bundle(events=events), RenderOptions())
    assert payload["events"]["n"] == 4
    assert "2 events without usable coordinates" in caplog.text


@pytest.mark.parametrize(
    ("ids", "kept_as_text"),
    [(["MLI1", "UKR20", "7"], False), (["a-1", "b01"], True), (["ID 5x", ""], True)],
)
def test_event_ids_round_trip(ids, kept_as_text):
    from geomap.render.payload import StringTable, _event_ids

    table = StringTable()
    data = _event_ids(pd.DataFrame({"event_id": ids}), table)
    if kept_as_text:
        assert data == {"id": ids}
    else:
        rebuilt = [(table.strings[p - 1] if p else "") + str(n)
                   for p, n in zip(data["idp"], data["idn"], strict=True)]
        assert rebuilt == ids


def test_opening_view_is_close_to_the_bounds():
    from geomap.render.map import _opening_view

    center, zoom = _opening_view((10.0, -12.0, 20.0, 5.0))
    assert center == [15.0, -3.5] and zoom == 6
    assert _opening_view(None) == ([0.0, 0.0], 2)
    assert _opening_view((50.0, 30.0, 50.0, 30.0))[1] == 18  # a point: the closest zoom


def test_a_page_showing_the_gazetteer_s_towns_credits_geonames():
    """Every page carries the gazetteer's towns around its events (the search; place names
    on the offline basemap), so GeoNames' CC BY credit is on it also when no event was
    geocoded: a map of a UCDP export with coordinates credited Natural Earth and UCDP only.
    A page without towns adds nothing, and a credit already there is not repeated."""
    from geomap.layers.build import credit_places

    bundle = make_bundle()
    bundle.attributions = ["Boundaries: Natural Earth", "Event data: ACLED"]
    payload = build_payload(bundle, RenderOptions())
    assert payload["places"]["names"]
    assert [entry[0] for entry in payload["attributions"]] == [
        "Boundaries: Natural Earth", "Places: GeoNames (CC BY 4.0)", "Event data: ACLED"]
    assert credit_places(["A", "B"], {"names": []}) == ["A", "B"]
    assert credit_places(["A", "GeoNames (CC BY 4.0)"], {"names": ["Gao"]}) == [
        "A", "GeoNames (CC BY 4.0)"]
