"""The same event in two places: merged when the content agrees, rejected when not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from geomap.sources.read import read_events
from geomap.sources.repeats import event_keys, find_repeats, merge_across, repeat_reject
from geomap.sources.scenario import example_path
from tests.sources._fixtures import (
    BASE_EVENTS,
    UCDP_COLUMNS,
    ucdp_rows,
    write_acled,
    write_csv,
)


def _keys(keys: list[str], contents: list[int], orders: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"key": keys, "content": np.array(contents, dtype=np.uint64),
                         "order": np.array(orders, dtype=np.int64)})


def test_find_repeats_names_the_first_place_and_tells_conflicts() -> None:
    # given out of order: the smallest order is the first place, whatever the row
    keys = _keys(["a", "b", "a", "c", "a", "b"], [1, 2, 1, 3, 9, 2], [50, 7, 10, 3, 60, 8])
    found = find_repeats(keys)
    assert found.to_dict("list") == {"order": [8, 50, 60], "first": [7, 10, 10],
                                     "conflict": [False, False, True]}


def test_an_id_twice_in_one_file_follows_the_rule_across_files_in_every_dataset() -> None:
    # orders 1, 2 and 6 in file 0; 2**40 + 1 in file 1: UCDP and ACLED alike are merged
    # with the same content (as their readers merge an exact duplicate row) and rejected
    # with other content, within one file as across files
    keys = _keys(["ucdp\x1f7", "ucdp\x1f7", "acled\x1fX7", "acled\x1fX7", "ucdp\x1f7",
                  "ucdp\x1f7"], [5, 5, 5, 5, 5, 6], [1, 2, 3, 4, (1 << 40) + 1, 6])
    assert find_repeats(keys)["conflict"].tolist() == [False, False, True, False]
    within, across = (repeat_reject("a.csv", 3, "7", "a.csv", 2, True),
                      repeat_reject("b.csv", 2, "7", "a.csv", 2, True))
    assert within.reason == "expected a unique event_id, got '7' again (first on line 2); " \
        "kept the first"  # the words of the reader of the whole file
    assert "(first on a.csv:2) with another date" in across.reason


def test_find_repeats_of_distinct_keys_is_empty() -> None:
    assert find_repeats(_keys(["a", "b"], [1, 1], [1, 2])).empty
    assert find_repeats(_keys([], [], [])).empty


def test_event_keys_leave_out_datasets_whose_ids_are_local(tmp_path: Path) -> None:
    acled = read_events(write_acled(tmp_path / "a.csv")).frame
    table = acled.assign(dataset="table")
    assert list(event_keys(acled)["row"]) == [0, 1, 2]
    assert event_keys(table).empty
    keys = event_keys(acled)
    assert keys["key"].iloc[0] == "acled\x1fMLI1001"
    changed = acled.assign(fatalities=acled["fatalities"] + 1)
    assert (event_keys(changed)["content"] != keys["content"]).all()
    assert (event_keys(acled.assign(notes="other"))["content"] == keys["content"]).all()


def test_an_event_in_two_exports_counts_once_with_both_places(tmp_path: Path) -> None:
    mali = read_events(write_acled(tmp_path / "mali.csv", events=BASE_EVENTS[:2]))
    sahel = read_events(write_acled(tmp_path / "sahel.csv", events=BASE_EVENTS[::-1]))
    first, second = merge_across([mali, sahel])
    assert first is mali
    assert list(second.frame["event_id"]) == ["NIG3003"]
    assert second.merged == 2 and not second.rejects
    assert second.rows_read == second.rows_accepted + second.rows_rejected + second.merged
    assert second.merged_with == (str(tmp_path / "mali.csv"),)
    places = sorted((w.line, w.reason) for w in second.warnings)
    assert [line for line, _ in places] == [3, 4]
    # MLI1001's notes hold a newline: UKR2002 starts on mali.csv's physical line 4
    assert "'UKR2002'" in places[0][1] and f"{tmp_path / 'mali.csv'}:4 " in places[0][1]
    assert "'MLI1001'" in places[1][1] and f"{tmp_path / 'mali.csv'}:2 " in places[1][1]
    assert "also in" in second.summary() and "2 merged" in second.summary()


def test_conflicting_content_rejects_the_later_naming_the_first(tmp_path: Path) -> None:
    revised = [dict(BASE_EVENTS[0], fatalities=9)]
    old = read_events(write_acled(tmp_path / "old.csv", events=BASE_EVENTS[:1]))
    new = read_events(write_acled(tmp_path / "new.csv", events=revised))
    _, second = merge_across([old, new])
    (reject,) = second.rejects
    assert (reject.file, reject.line, reject.field) == (str(tmp_path / "new.csv"), 2,
                                                        "event_id")
    assert "'MLI1001'" in reject.reason and f"{tmp_path / 'old.csv'}:2" in reject.reason
    assert second.rows_accepted == 0 and second.merged == 0 and not second.warnings
    assert second.rows_read == second.rows_rejected == 1


def test_events_of_different_datasets_are_never_merged_by_id(tmp_path: Path) -> None:
    ucdp = read_events(write_csv(tmp_path / "ged.csv", UCDP_COLUMNS, ucdp_rows()[:1]))
    same_id = dict(BASE_EVENTS[0], id=str(ucdp.frame["event_id"].iloc[0]))
    acled = read_events(write_acled(tmp_path / "a.csv", events=[same_id]))
    assert ucdp.frame["event_id"].iloc[0] == acled.frame["event_id"].iloc[0] == "244657"
    both = merge_across([ucdp, acled])
    assert both[0] is ucdp and both[1] is acled


def test_a_repeat_within_one_result_is_left_to_its_reader(tmp_path: Path) -> None:
    result = read_events(write_acled(tmp_path / "a.csv"))
    assert merge_across([result]) == [result]


def test_scenario_events_beside_an_export_are_left_as_they_are(tmp_path: Path) -> None:
    scenario = read_events(example_path())
    result = read_events(write_acled(tmp_path / "a.csv"))
    assert merge_across([scenario, result, result])[:2] == [scenario, result]
