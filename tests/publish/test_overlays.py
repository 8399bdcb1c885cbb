"""A scenario's named regions, actors and relations are published as the single page
draws them (``layers.json``), on both paths; a site of event data alone gets the layers
the single page makes of event data (countries in focus, the busiest actors)."""

from __future__ import annotations

import json
import math
from pathlib import Path

from geomap.layers.build import build_layers
from geomap.publish.build import PublishOptions, describe, publish_site
from geomap.publish.overlays import LAYER_KEYS
from geomap.render.map import scenario_features
from geomap.sources.read import read_events
from geomap.sources.scenario import read_scenario
from tests.publish.conftest import COLUMNS, HOSTILE, acled_rows, write_acled


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
    assert "footprintsFile" not in layers  # a story's few footprints come with it
    assert _json(tmp_path / "footprints.json") == {"footprints": []}
    meta = _json(tmp_path / "site.json")  # the story's title, as on the single page
    assert (meta["title"], meta["subtitle"]) == ("Two towns, two years",
                                                 "A story for the publish tests")


def test_a_story_beside_event_data(story_file: Path, acled_file: Path, tmp_path: Path) -> None:
    publish_site([acled_file, story_file], tmp_path, PublishOptions(workers=1))
    layers = _json(tmp_path / "layers.json")
    assert len(layers["relations"]) == 2 and len(layers["regions"]) == 1
    assert layers["datasets"] == ["acled", "scenario"]  # the page starts with actors off
    assert layers["footprints"] and "footprintsFile" not in layers  # the story's
    assert _json(tmp_path / "footprints.json") == {"footprints": []}


def test_a_story_frames_the_site_as_the_single_page(story_file: Path, tmp_path: Path) -> None:
    """layers.json carries the story's frame (geomap.layers.build.story_bounds), which the
    page adds to its events' box."""
    publish_site([story_file], tmp_path, PublishOptions(workers=1))
    bundle = build_layers([read_scenario(story_file)])
    assert _json(tmp_path / "layers.json")["bounds"] == list(bundle.bounds)


def test_several_stories_are_named_and_the_first_one_told(story_file: Path,
                                                          tmp_path: Path) -> None:
    """Issue 17: with several scenarios, the report names the one whose story the site
    tells and those that add their events only."""
    other = tmp_path / "other story.yaml"
    other.write_text(story_file.read_text(encoding="utf-8").replace(
        "Two towns, two years", "Another story"), encoding="utf-8")
    summary = publish_site([other, story_file], tmp_path / "site", PublishOptions(workers=1))
    assert summary.stories == ["other story.yaml", "story.yaml"]
    [line] = [line for line in describe(summary) if "scenarios" in line]
    assert line.startswith("2 scenarios among the sources: the site tells the story of "
                           "other story.yaml") and "story.yaml add their events only" in line
    meta = _json(tmp_path / "site" / "site.json")
    assert (meta["title"], meta["subtitle"]) == ("Another story",
                                                 "A story for the publish tests")
    # the page is for readers: no builder's note naming the files in its title block (a
    # newsroom's four drafts put "This map tells the story of 01-....yaml ..." there); the
    # report above says it to whoever ran publish
    shown = [meta["title"], meta["subtitle"], *meta["notes"]]
    assert not [text for text in shown if ".yaml" in text or "story of" in text]
    alone = publish_site([story_file], tmp_path / "alone", PublishOptions(workers=1))
    assert alone.stories == ["story.yaml"]
    assert not [line for line in describe(alone) if "scenarios" in line]
    assert not [note for note in _json(tmp_path / "alone" / "site.json")["notes"]
                if "story of" in note]


def _busy_rows(rows: int) -> list[list[str]]:
    """ACLED rows whose actor 1 names 60 groups, each in a different number of events
    (no tie among the 50 busiest), with associated actors joined by ';'."""
    out = acled_rows(rows, seed=5)
    for i, row in enumerate(out):
        row[COLUMNS.index("actor1")] = f"Group {math.isqrt(i) % 60}"
        row[COLUMNS.index("assoc_actor_1")] = "Ally A; Ally B" if i % 9 == 0 else ""
    return out


def test_event_data_alone_gets_the_single_pages_data_layers(tmp_path: Path) -> None:
    """Without a story, the countries in focus and the 50 busiest actors' home places are
    those the single page makes of the same events (build_layers over the whole table):
    the same countries, actors, counts and dates; homes to HOME_BITS' bins (38 m); the
    same footprints, in a file of their own (too heavy before the first view). Pieces and
    groups of one bucket change nothing."""
    source = write_acled(tmp_path / "busy.csv", _busy_rows(3000))
    publish_site([source], tmp_path / "site", PublishOptions(workers=1))
    layers = _json(tmp_path / "site" / "layers.json")
    expected = json.loads(json.dumps(scenario_features(build_layers([read_events(source)]))))
    assert layers["highlight"] == expected["highlight"] == ["BF", "LY", "ML", "UA"]
    assert layers["regions"] == layers["relations"] == [] and layers["datasets"] == ["acled"]
    assert len(layers["actors"]) == len(expected["actors"]) == 50

    def by_name(features: list[dict]) -> dict[str, dict]:
        return {f["properties"]["name"]: f for f in features}

    got, want = by_name(layers["actors"]), by_name(expected["actors"])
    assert set(got) == set(want) and "Ally A" in got
    for name, feature in want.items():
        mine = got[name]
        assert {k: v for k, v in mine["properties"].items() if k != "at"} == \
            {k: v for k, v in feature["properties"].items() if k != "at"}, name
        lon, lat = mine["geometry"]["coordinates"]
        lon0, lat0 = feature["geometry"]["coordinates"]
        assert abs(lon - lon0) < 360 / 2**20 and abs(lat - lat0) < 360 / 2**20, name
    assert layers["footprints"] == [] and layers["footprintsFile"] == "footprints.json"
    footprints = _json(tmp_path / "site" / "footprints.json")["footprints"]
    assert layers["footprintsCount"] == len(footprints) == len(expected["footprints"]) == 50
    assert by_name(footprints) == by_name(expected["footprints"])
    assert {tuple(f["properties"]["areas"]) for f in footprints} != {()}
    publish_site([source], tmp_path / "again", PublishOptions(
        workers=1, chunk_bytes=1 << 16, group_rows=1))
    for name in ("layers.json", "footprints.json"):
        assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "site" / name).read_bytes()


def test_event_data_alone_has_its_data_layers(published_site: Path) -> None:
    layers = _json(published_site / "layers.json")
    assert layers["highlight"] and len(layers["actors"]) == 13  # 7 + 5 names, and HOSTILE


def test_a_folder_of_articles_publishes_every_article_s_story(tmp_path: Path) -> None:
    """Several articles tell one desk's story: the site draws each one's actors and
    relations and is titled by how many they are, as the single page (the first
    article's alone were drawn and its headline was the site's title)."""
    from tests.build.test_inputs import MALI, NIGER

    (tmp_path / "desk").mkdir()
    mali, niger = tmp_path / "desk" / "mali.txt", tmp_path / "desk" / "niger.txt"
    mali.write_text(MALI, encoding="utf-8")
    niger.write_text(NIGER, encoding="utf-8")
    summary = publish_site([mali, niger], tmp_path / "site", PublishOptions(workers=1))
    assert not [line for line in describe(summary) if "scenarios" in line]
    layers = _json(tmp_path / "site" / "layers.json")
    kinds = {(f["properties"]["source"], f["properties"]["kind"], f["properties"]["target"])
             for f in layers["relations"]}
    assert ("Mali", "severed_diplomatic_ties", "Ukraine") in kinds, kinds
    assert ("Niger", "expulsion", "France") in kinds, kinds
    assert len({f["properties"]["id"] for f in layers["actors"]}) == len(layers["actors"])
    assert _json(tmp_path / "site" / "site.json")["title"] == "Events from 2 articles"
