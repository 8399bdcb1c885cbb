"""A scenario's named regions, actors and relations are published as the single page
draws them (``layers.json``), on both paths; a site of event data alone has none."""

from __future__ import annotations

import json
from pathlib import Path

from geomap.layers.build import build_layers
from geomap.publish.build import PublishOptions, publish_site
from geomap.publish.overlays import LAYER_KEYS
from geomap.render.map import scenario_features
from geomap.sources.scenario import read_scenario
from tests.publish.conftest import HOSTILE


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_story_publishes_the_single_pages_layers(story_file: Path, tmp_path: Path) -> None:
    publish_site([story_file], tmp_path, PublishOptions(workers=1))
    layers = _json(tmp_path / "layers.json")
    expected = json.loads(json.dumps(scenario_features(build_layers([read_scenario(story_file)]))))
    assert {key: layers[key] for key in LAYER_KEYS} == expected
    assert [f["properties"]["name"] for f in layers["regions"]] == ["Sahel"]
    assert sorted(f["properties"]["name"] for f in layers["actors"]) == [
        "Army of the Story", "Neighbour State", "Rebels of the Story"]
    relations = {f["properties"]["kind"]: f["properties"] for f in layers["relations"]}
    assert relations["attack"]["description"] == HOSTILE  # text, as written
    assert (relations["attack"]["date"], relations["support"]["date"]) == ("2019-03-10",
                                                                          "2023-06-01")
    assert layers["highlight"] == ["ML", "NE"]  # none given: the countries of its events
    assert layers["datasets"] == ["scenario"]
    meta = _json(tmp_path / "site.json")  # the story's title, as on the single page
    assert (meta["title"], meta["subtitle"]) == ("Two towns, two years",
                                                 "A story for the publish tests")


def test_a_story_beside_event_data(story_file: Path, acled_file: Path, tmp_path: Path) -> None:
    publish_site([acled_file, story_file], tmp_path, PublishOptions(workers=1))
    layers = _json(tmp_path / "layers.json")
    assert len(layers["relations"]) == 2 and len(layers["regions"]) == 1
    assert layers["datasets"] == ["acled", "scenario"]  # the page starts with actors off


def test_event_data_alone_has_no_story_layers(published_site: Path) -> None:
    layers = _json(published_site / "layers.json")
    assert layers == {"datasets": ["acled"], **{key: [] for key in LAYER_KEYS}}
