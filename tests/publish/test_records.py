"""The site's marker filter lists (``records.filter_lists``)."""

from __future__ import annotations

import pandas as pd

from geomap.publish.records import filter_lists


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
