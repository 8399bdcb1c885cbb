"""Typed, checked configuration (issue 16 item 3; issue 15 item 9): every setting is read
into a frozen dataclass before any work, and a bad one names its key."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geomap.build import BuildPlan, Filters, LayerOutput, SourceSpec, layers_plan, map_plan
from geomap.build.config import from_table
from geomap.build.plan import render_options
from geomap.errors import ConfigError
from geomap.render.options import RenderOptions, ScaleThresholds


def test_render_options_from_a_table() -> None:
    options = render_options({"tiles": None, "width": "600px", "time_filter": False,
                              "modes": {"events": "cluster"},
                              "thresholds": {"markers": 10, "canvas": 100}},
                             offline=True, title="Sahel")
    assert options == RenderOptions(tiles=None, width="600px", time_filter=False,
                                    modes={"events": "cluster"}, offline=True, title="Sahel",
                                    thresholds=ScaleThresholds(markers=10, canvas=100))


@pytest.mark.parametrize(("table", "key", "words"), [
    ({"bogus": 1}, "render.bogus", "unknown key"),
    ({"widht": "100%"}, "render.widht", "did you mean 'width'"),
    ({"width": "abc"}, "render.width", "expected a CSS length"),
    ({"width": 600}, "render.width", "expected text, got 600"),
    ({"thresholds": 5}, "render.thresholds", "expected a table, got 5"),
    ({"thresholds": {"markers": "many"}}, "render.thresholds.markers",
     "expected a whole number, got 'many'"),
    ({"thresholds": {"markers": 50, "canvas": 10}}, "render.thresholds",
     "markers <= canvas"),
    ({"modes": {"events": "dots"}}, "render.modes.events", "expected a layer mode"),
    ({"modes": {"evnets": "cluster"}}, "render.modes.evnets", "did you mean 'events'"),
    ({"element_id_prefix": "a b"}, "render.element_id_prefix",
     "of letters and digits starting with a letter"),
    ({"thresholds": {"notes": -1}}, "render.thresholds.notes", "expected a notes threshold"),
    ({"time_filter": "yes"}, "render.time_filter", "expected true or false, got 'yes'"),
    ({"include_notes": 1}, "render.include_notes", "expected true or false"),
])
def test_bad_render_settings_name_the_key(table: dict[str, object], key: str,
                                          words: str) -> None:
    with pytest.raises(ConfigError, match=words) as info:
        render_options(table)
    assert info.value.key == key


def test_offline_set_twice_must_agree() -> None:
    """``offline = true`` with ``render = {offline = false}`` is a conflict, reported up front."""
    with pytest.raises(ConfigError, match="conflicts with the map's own offline") as info:
        render_options({"offline": False}, offline=True)
    assert info.value.key == "render.offline"
    assert render_options({"offline": True}, offline=True).offline


def test_typed_values_are_checked() -> None:
    with pytest.raises(ConfigError, match="expected a date as YYYY-MM-DD") as info:
        from_table(Filters, {"date_from": "yesterday"}, "filters")
    assert info.value.key == "filters.date_from"
    with pytest.raises(ConfigError, match="alpha-2") as info:
        from_table(Filters, {"countries": ["Mali"]}, "filters")
    assert info.value.key == "filters.countries"
    assert from_table(Filters, {"countries": "ml", "date_to": date(2024, 1, 2)}) == Filters(
        countries=("ML",), date_to=date(2024, 1, 2))
    with pytest.raises(ConfigError, match=r"among \['geojson', 'gpkg', 'parquet'\]") as info:
        from_table(LayerOutput, {"formats": ["shp"]}, "layers", defaults={"folder": Path()})
    assert info.value.key == "layers.formats"


def test_a_plan_needs_a_source_and_a_known_format(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="at least one source"):
        BuildPlan(sources=())
    with pytest.raises(ConfigError, match="expected a format among") as info:
        SourceSpec(tmp_path / "a.csv", "excel")
    assert info.value.key == "format"


def test_command_plans(tmp_path: Path) -> None:
    plan = map_plan([tmp_path / "acled_mali.csv"], None, offline=True, fragment=True)
    [spec] = plan.maps
    assert spec.path == Path("output/acled-mali.html") and spec.fragment
    assert spec.render.offline and plan.rejects == Path("output/acled-mali.rejects.csv")
    layers = layers_plan([tmp_path / "a.csv"], tmp_path / "out", layer_format="gpkg",
                         periods=("month",))
    assert layers.layers is not None and layers.layers.formats == ("gpkg",)
    assert layers.rejects == tmp_path / "out" / "rejects.csv" and layers.maps == ()


def test_unknown_regions_and_a_format_twice_are_refused_before_any_work(tmp_path: Path) -> None:
    """`geomap layers --region nope` read and attached every source before it said so."""
    source = tmp_path / "a.csv"
    with pytest.raises(ConfigError, match=r"expected named region ids among \[.*'sahel'.*\], "
                                          r"got \['nope'\]") as info:
        layers_plan([source], tmp_path / "out", regions=("sahel", "nope"))
    assert info.value.key == "regions"
    assert layers_plan([source], tmp_path / "out", regions=("Sahel",)).regions == ("Sahel",)
    with pytest.raises(ConfigError, match="expected each value once, got 'geojson' twice"):
        from_table(LayerOutput, {"folder": "x", "formats": ["geojson", "gpkg", "geojson"]})
