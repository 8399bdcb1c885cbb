"""The annotated dev set is well formed, and quality does not fall below a floor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.extract.conftest import load_bench


def _bench() -> Any:
    return load_bench("bench_extract")


def test_devset_spans_and_coordinates_are_consistent():
    bench = _bench()
    articles, coords = bench.load_devset()
    held, held_coords = bench.load_devset(articles_file="heldout.txt",
                                          places_file="heldout_places.yaml")
    assert len(articles) >= 30 and len(held) >= 10
    for article in articles + held:
        coords = {**coords, **held_coords}
        assert "[[" not in article.text
        for start, end, key in article.spans:
            assert key in coords, key
            surface = article.text[start:end]
            assert surface[0].isupper() and surface == surface.strip(), surface


_KINDS = {"plain", "demonym", "metonym", "team", "embedded", "abbr", "region", "continent"}


@pytest.mark.parametrize("name, prefix, kinds", [
    ("web_news", "web1", _KINDS),
    ("intl_news", "intl1", _KINDS | {"water", "mountain", "small", "namesake", "older"}),
])
def test_news_sets_spans_and_points_are_consistent(name, prefix, kinds):
    # the gold of the web and international news sets indexes its own text, one article
    # per id in order
    path = Path(__file__).parent / "devset" / f"{name}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == [f"{prefix}-{n}" for n in range(30)]
    for row in rows:
        ends = 0
        for place in row["toponyms"]:
            assert row["text"][place["start"]:place["end"]] == place["name"]
            assert place["start"] >= ends  # in order, no overlap
            ends = place["end"]
            assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180
            assert place["cat"] in kinds


def test_quality_floor_on_the_devset():
    """A regression guard, not a claim: the dev set is also what the rules were tuned on."""
    from geomap.extract.resolve import most_populous, resolve_mention

    bench = _bench()
    articles, coords = bench.load_devset()
    ours = bench.score(resolve_mention, articles, coords)
    baseline = bench.score(most_populous, articles, coords)
    assert ours["f1"] >= 0.93
    # 0.95 before countries moved to their conventional points (area_points.csv): this set's
    # hand-placed points for Niger, Libya, Mauritania and Russia lie 180-230 km from them;
    # 0.903 -> 0.897 when the rules' Sahara point tuned to this set was removed (issue 16)
    assert ours["acc161_recognised"] >= 0.89
    assert ours["acc161_recognised"] > baseline["acc161_recognised"]
