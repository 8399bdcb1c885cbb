"""``actors.json``: every actor of the events with its events, fatalities, box and main
countries, added up exactly over pieces; at most ``MAX_ACTORS`` of them."""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from geomap.publish import actors as actors_module
from geomap.publish.actors import actor_counts, actors_json, combine_actor_counts
from geomap.publish.build import PublishOptions, publish_site
from geomap.publish.records import event_records
from geomap.sources.acled import read_acled
from tests.publish.conftest import HOSTILE


def _expected(path: Path) -> tuple[Counter[str], Counter[str], dict[str, list[tuple[float, float]]],
                                    dict[str, Counter[str]]]:
    """Events, fatalities, positions and countries per actor, from the CSV's rows."""
    events: Counter[str] = Counter()
    deaths: Counter[str] = Counter()
    where: dict[str, list[tuple[float, float]]] = defaultdict(list)
    countries: dict[str, Counter[str]] = defaultdict(Counter)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["latitude"] == "not a number":  # the rejected row
                continue
            for name in {row["actor1"], row["actor2"]} - {""}:
                events[name] += 1
                deaths[name] += int(row["fatalities"])
                where[name].append((float(row["latitude"]), float(row["longitude"])))
                countries[name][row["country"]] += 1
    return events, deaths, where, countries


def test_actors_json_counts_every_actor_over_pieces(acled_file: Path, tmp_path: Path) -> None:
    publish_site([acled_file], tmp_path, PublishOptions(chunk_bytes=1 << 16, workers=1))
    table = json.loads((tmp_path / "actors.json").read_text(encoding="utf-8"))
    events, deaths, where, countries = _expected(acled_file)
    assert table["total"] == len(events) == 13 and table["limit"] == actors_module.MAX_ACTORS
    rows = {row[0]: row for row in table["actors"]}
    assert set(rows) == set(events) and HOSTILE in rows  # the data's own text
    assert [row[1] for row in table["actors"]] == sorted(events.values(), reverse=True)
    iso = {"Ukraine": "UA", "Mali": "ML", "Burkina Faso": "BF", "Libya": "LY"}
    for name, (_, n, f, box, main) in rows.items():
        assert (n, f) == (events[name], deaths[name])
        south, west, north, east = box
        assert all(south <= lat <= north and west <= lon <= east for lat, lon in where[name])
        assert min(lat for lat, _ in where[name]) - south < 1e-3  # no wider than its events
        assert east - max(lon for _, lon in where[name]) < 1e-3
        # countries by where the events are (a few lie outside the country they state)
        top = countries[name].most_common()
        assert main[0][0] == iso[top[0][0]] and len(main) == min(3, len(top))
        assert [count for _, count in main] == sorted((c for _, c in main), reverse=True)
        assert all(abs(count - countries[name][country]) <= 3 for (cc, count), (country, _)
                   in zip(main, top, strict=False))


def test_actor_counts_add_up_in_any_order_and_keep_the_busiest(acled_file: Path) -> None:
    records = event_records(read_acled(acled_file).frame)
    whole = actor_counts(records)
    halves = [actor_counts(records.slice(0, 1000)), actor_counts(records.slice(1000))]
    assert combine_actor_counts(halves).equals(whole)
    assert combine_actor_counts(halves[::-1]).equals(whole)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(actors_module, "MAX_ACTORS", 4)
        table: dict[str, Any] = actors_json(whole)
    assert len(table["actors"]) == 4 and table["total"] == 13
    everyone = actors_json(whole)["actors"]
    assert table["actors"] == everyone[:4]
    assert everyone[3][1] >= everyone[4][1]
