"""Reading a file in pieces gives what reading it whole gives, with the same line numbers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geomap.sources.chunked import read_events_in_chunks
from geomap.sources.read import read_events
from tests.publish.conftest import COLUMNS, acled_rows, write_acled


def _bad_rows(tmp_path: Path) -> Path:
    rows = acled_rows(900, seed=3)
    rows[100][COLUMNS.index("latitude")] = "95.5"  # out of range: a reject
    rows[700][COLUMNS.index("event_date")] = "yesterday"
    rows[400][COLUMNS.index("notes")] = 'Quoted "words", a comma,\nand\n\nblank lines.'
    return write_acled(tmp_path / "acled.csv", rows)


def test_pieces_add_up_to_the_whole_file(tmp_path: Path) -> None:
    path = _bad_rows(tmp_path)
    whole = read_events(path)
    pieces = list(read_events_in_chunks(path, chunk_bytes=1 << 16))
    assert len(pieces) > 3
    frame = pd.concat([p.frame for p in pieces], ignore_index=True)
    pd.testing.assert_frame_equal(frame, whole.frame.reset_index(drop=True), check_dtype=False)
    assert sum(p.rows_read for p in pieces) == whole.rows_read
    assert sorted((r.file, r.line, r.field, r.reason) for p in pieces for r in p.rejects) == \
        sorted((r.file, r.line, r.field, r.reason) for r in whole.rejects)
    assert {p.source for p in pieces} == {str(path)}
    assert not list(tmp_path.glob("*.piece"))  # temporary pieces are removed


def test_rejects_name_the_original_file_and_line(tmp_path: Path) -> None:
    path = _bad_rows(tmp_path)
    rejects = [r for p in read_events_in_chunks(path, chunk_bytes=1 << 16) for r in p.rejects]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert {r.file for r in rejects} == {str(path)}
    for reject in rejects:
        assert lines[reject.line - 1].startswith(("X101,", "X701,"))


def test_small_files_and_other_formats_are_read_whole(tmp_path: Path) -> None:
    path = write_acled(tmp_path / "small.csv", acled_rows(20))
    pieces = list(read_events_in_chunks(path))
    assert len(pieces) == 1 and pieces[0].rows_accepted == 20
