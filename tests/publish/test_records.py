"""The site's marker filter lists (``records.filter_lists``), and the source texts of
its tiles."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from geomap.publish.build import PublishOptions, publish_site
from geomap.publish.records import filter_lists
from tests.publish.conftest import acled_rows, write_acled
from tests.publish.test_site_browser import _tiles


def _counts(rows: list[tuple[str, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["st", "p", "n"])


def test_events_without_a_sub_event_type_are_listed_last() -> None:
    counts = _counts([("Attack", 1, 3), ("", 1, 5), ("Armed clash", 2, 4), ("Attack", 2, 2),
                      ("", 6, 1)])
    assert filter_lists(counts)["subEventTypes"] == [["Attack", 5], ["Armed clash", 4],
                                                     ["", 6]]
    assert filter_lists(counts)["precisions"] == [[1, 8], [2, 6]]  # 6: a country, no marker


def test_no_sub_event_type_list_when_no_event_has_one() -> None:
    assert filter_lists(_counts([("", 1, 5)]))["subEventTypes"] == []
    assert filter_lists(_counts([("Attack", 1, 5)]))["subEventTypes"] == [["Attack", 5]]


def _sources(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame([("", 1, ds, sf, n) for ds, sf, n in rows],
                        columns=["st", "p", "ds", "sf", "n"])


def test_sources_are_listed_as_the_single_page_lists_them() -> None:
    """The dataset of most events first, each one's files together (named only where it
    has several), most events first."""
    counts = _sources([("ucdp", "ged.csv", 7), ("acled", "a.csv", 3), ("acled", "b.csv", 5),
                       ("gdelt", "g.csv", 2), ("gdelt", "g.csv", 1)])
    listed = filter_lists(counts)
    assert listed["sources"] == [["acled", "b.csv", 5], ["acled", "a.csv", 3],
                                 ["ucdp", "", 7], ["gdelt", "", 3]]
    assert listed["sourceFiles"] == 4


def test_the_tiles_name_dataset_and_file_only_on_a_site_of_several(tmp_path: Path) -> None:
    rows = acled_rows(40, seed=3)
    one = write_acled(tmp_path / "one.csv", rows[:20])
    two = write_acled(tmp_path / "two.csv", rows[20:])
    for files, keys in (([one], set()), ([one, two], {"sf"})):
        site = tmp_path / f"site{len(files)}"
        publish_site(files, site, PublishOptions(workers=1))
        features = [f for tile in _tiles(site).values() for layer in tile.values()
                    for f in layer["features"]]
        assert {key for f in features for key in ("ds", "sf") if key in f["properties"]} == keys
        assert json.loads((site / "site.json").read_text("utf-8"))["filters"]["sources"][0][0] \
            == "acled"
