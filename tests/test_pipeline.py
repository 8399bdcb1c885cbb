"""``geomap.pipeline`` is a deprecated shim over ``geomap.build``: every function still
works, and warns once, naming its replacement."""

from __future__ import annotations

from pathlib import Path

import pytest

from geomap import pipeline
from geomap.build import map_plan, read_layers
from geomap.errors import ConfigError

STORY = """\
title: Small story
sources: [{id: s1, title: A report}]
places:
  - {id: gao, name: Gao, lat: 16.27, lon: -0.04, country: ML}
actors:
  - {id: a, name: Army}
events:
  - {id: e1, date: 2024-07-25, type: Battles, actors: [a], place: gao, sources: [s1]}
"""


@pytest.fixture(autouse=True)
def warn_again() -> None:
    """Each function warns once per process: forget earlier warnings for each test."""
    pipeline._deprecated.cache_clear()


@pytest.fixture()
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.yaml"
    path.write_text(STORY, encoding="utf-8")
    return path


def test_each_old_function_works_and_names_its_replacement(story: Path, tmp_path: Path) -> None:
    options = pipeline.BuildOptions(offline=True)
    with pytest.warns(DeprecationWarning, match=r"geomap\.build\.read_layers"):
        results, scenarios = pipeline.read_sources([story], options)
    assert results[0].rows_accepted == 1 and scenarios[0].title == "Small story"
    with pytest.warns(DeprecationWarning, match=r"geomap\.layers\.build\.build_layers"):
        bundle = pipeline.make_layers(results, scenario=scenarios[0], title="T")
    with pytest.warns(DeprecationWarning, match=r"geomap\.build\.run_build"):
        page = pipeline.write_map(bundle, tmp_path / "m.html", options)
    assert "Gao" in page.read_text(encoding="utf-8")


def test_old_render_options_are_checked(story: Path, tmp_path: Path) -> None:
    """``BuildOptions.render`` was passed to ``RenderOptions(**render)``: a typo was a
    ``TypeError`` after the layers were built."""
    options = pipeline.BuildOptions(render={"widht": "50%"})
    with pytest.warns(DeprecationWarning), pytest.raises(ConfigError, match="did you mean"):
        pipeline.build_map([story], tmp_path / "m.html", options=options)
    assert not (tmp_path / "m.html").exists()


def test_the_notebook_path_writes_nothing(story: Path, tmp_path: Path) -> None:
    layers = read_layers(map_plan([story], tmp_path / "never.html"))
    assert layers.bundle.title == "Small story" and layers.sources[0].rows_accepted == 1
    assert not (tmp_path / "never.html").exists()
