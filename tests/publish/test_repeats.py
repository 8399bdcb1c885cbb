"""``publish``: an event in two pieces (of one file or of two) is published once, as
``geomap build`` counts it (geomap/publish/repeats.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd

from geomap.build.inputs import read_all
from geomap.build.plan import SourceSpec
from geomap.layers.build import data_title
from geomap.publish.build import PublishOptions, describe, publish_site
from geomap.publish.repeats import partition_repeats, stage_keys
from geomap.sources.read import read_events
from geomap.sources.repeats import ORDER_BITS, event_keys, find_repeats
from tests.publish.conftest import COLUMNS, acled_rows, write_acled
from tests.sources._fixtures import UCDP_COLUMNS, ucdp_rows, write_csv

#: Pieces of about 64 KB: 400 rows (two physical lines each) make five or six pieces.
SMALL = PublishOptions(chunk_bytes=1 << 16, workers=1)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_two_exports_of_the_same_events_publish_the_site_of_one(tmp_path: Path) -> None:
    """Before: every event of ``sahel.csv`` that ``mali.csv`` held was published twice."""
    rows = acled_rows(400, seed=3)
    mali = write_acled(tmp_path / "mali.csv", rows[:300])
    sahel = write_acled(tmp_path / "sahel.csv", rows[200:])
    alone = write_acled(tmp_path / "alone.csv", rows)
    one = publish_site([alone], tmp_path / "one", SMALL)
    two = publish_site([mali, sahel], tmp_path / "two", SMALL)
    assert two.events == one.events == 400
    for name in ("counts.json", "actors.json"):
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "one" / name).read_bytes()
    first, second = two.sources
    assert (first.rows_read, first.rows_accepted, first.merged) == (300, 300, 0)
    assert (second.rows_read, second.rows_accepted, second.merged) == (200, 100, 100)
    line = describe(two)[1]
    assert line.startswith(f"{sahel}: 200 rows read, 100 accepted, 0 rejected, 100 merged")
    assert f"also in {mali}" in line
    assert two.warnings is not None
    merged = [w for w in _rows(two.warnings) if w["field"] == "event_id"]
    assert len(merged) == 100 and {w["file"] for w in merged} == {str(sahel)}
    # X201 is sahel.csv's first record (line 2) and mali.csv's 201st (lines 402-403)
    (x201,) = [w for w in merged if "'X201'" in w["reason"]]
    assert x201["line"] == "2" and f"also on {mali}:402 " in x201["reason"]


def test_a_repeat_in_another_piece_of_one_file_is_found(tmp_path: Path) -> None:
    """Before: a file read in pieces never compared its pieces' ids."""
    rows = acled_rows(400, seed=5)
    rows[399] = [*rows[0][:1], *rows[399][1:]]  # X1's id again, another event: a conflict
    rows[398] = list(rows[1])  # X2 again, the same event
    source = write_acled(tmp_path / "acled.csv", rows)
    summary = publish_site([source], tmp_path / "site", SMALL)
    assert summary.events == 398
    (report,) = summary.sources
    assert (report.rows_read, report.rows_accepted, report.rows_rejected,
            report.merged) == (400, 398, 1, 1)
    assert summary.rejects is not None
    (reject,) = _rows(summary.rejects)
    assert (reject["file"], reject["line"], reject["field"]) == (str(source), "800", "event_id")
    assert "'X1' again (first on line 2)" in reject["reason"]
    assert summary.warnings is not None
    (merged,) = [w for w in _rows(summary.warnings) if w["field"] == "event_id"]
    assert merged["line"] == "798" and "also on line 4 " in merged["reason"]
    whole = read_events(source)  # read whole, the reader finds the same two
    assert (whole.rows_accepted, whole.rows_rejected, whole.merged) == (398, 1, 1)


def test_a_ucdp_id_in_two_pieces_is_merged_or_rejected_as_the_reader_does(tmp_path: Path
                                                                           ) -> None:
    base = ucdp_rows()
    rows = [dict(base[i % 3], id=1000 + i) for i in range(400)]
    rows.append(dict(rows[0]))  # the same row again, in the last piece: merged
    rows.append(dict(rows[1], best=99, high=99))  # the id of another, revised: rejected
    source = write_csv(tmp_path / "ged.csv", UCDP_COLUMNS, rows)
    summary = publish_site([source], tmp_path / "site", SMALL)
    assert summary.rejects is not None and summary.warnings is not None
    assert summary.events == 400
    whole = read_events(source)
    assert (whole.rows_accepted, whole.rows_rejected, whole.merged) == (400, 1, 1)
    for told, written in ((whole.rejects, summary.rejects),
                          (whole.warnings, summary.warnings)):
        assert [str(r) for r in told if r.field == "event_id"] == [
            f"{r['file']}:{r['line']}: field {r['field']!r}: {r['reason']}"
            for r in _rows(written) if r["field"] == "event_id"]


def test_repeats_do_not_depend_on_the_partitions(tmp_path: Path) -> None:
    rows = acled_rows(60, seed=9)
    frames = [read_events(write_acled(tmp_path / f"{k}.csv", part)).frame
              for k, part in enumerate((rows[:40], rows[20:], rows[::3]))]
    everything = pd.concat([event_keys(f).assign(order=(np.int64(k) << ORDER_BITS)
                                                 + f["source_line"].to_numpy())
                            for k, f in enumerate(frames)], ignore_index=True)
    expected = find_repeats(everything)
    assert len(expected) == 20 + 20  # rows 20-39 again; every third row is in the first two
    for partitions in (1, 3, 7):
        files = [stage_keys(frame, (np.int64(k) << ORDER_BITS) + frame["source_line"].to_numpy(),
                            k, partitions, tmp_path / f"{k}-{partitions}.keys")
                 for k, frame in enumerate(frames)]
        found = pd.concat([partition_repeats([f for f in files if f is not None], p)
                           for p in range(partitions)], ignore_index=True)
        found = found.sort_values("order", ignore_index=True)
        pd.testing.assert_frame_equal(found, expected)


def test_tables_with_the_same_ids_are_both_published(tmp_path: Path) -> None:
    """A plain table's ids are its own: two tables may both have an event 'e1'."""
    header = ["event_id", "event_date", "event_type", "latitude", "longitude", "country"]
    for name, day in (("a.csv", "2024-01-05"), ("b.csv", "2024-01-06")):
        with (tmp_path / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([header, ["e1", day, "Battles", "16.27",
                                                   "-0.04", "Mali"]])
    summary = publish_site([tmp_path / "a.csv", tmp_path / "b.csv"], tmp_path / "site",
                           SMALL)
    assert summary.events == 2 and [s.merged for s in summary.sources] == [0, 0]


def test_the_title_counts_a_repeat_across_pieces_once(tmp_path: Path) -> None:
    """The title ranks countries by events after the repeat pass, as the single page's
    does (before: a repeat merged across pieces counted twice, and here Mali came first)."""
    rows = acled_rows(600, seed=11)
    mali = [r for r in rows if r[COLUMNS.index("country")] == "Mali"][:60]
    libya = [r for r in rows if r[COLUMNS.index("country")] == "Libya"][:90]
    first = write_acled(tmp_path / "mali.csv", mali)
    second = write_acled(tmp_path / "both.csv", [*mali, *libya])  # mali.csv's again
    summary = publish_site([first, second], tmp_path / "site", SMALL)
    assert summary.events == 150 and summary.sources[1].merged == 60
    results, _ = read_all((SourceSpec(first), SourceSpec(second)))
    page = data_title(pd.concat([r.frame for r in results], ignore_index=True))
    assert page.startswith("ACLED: Libya, Mali, ")
    meta = json.loads((tmp_path / "site" / "site.json").read_text(encoding="utf-8"))
    assert meta["title"] == page
