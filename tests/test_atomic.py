from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from geomap._atomic import atomic_write, atomic_write_text


def test_atomic_write_replaces_and_uses_umask_mode(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two")
    assert target.read_text() == "two"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_failed_write_keeps_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "layer.geojson"
    atomic_write_text(target, "previous")
    with pytest.raises(RuntimeError), atomic_write(target, "w") as handle:
        handle.write("half")
        raise RuntimeError("killed")
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["layer.geojson"]


def test_stale_temp_files_of_killed_writers_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    stale = tmp_path / ".map.html.abc123.tmp"
    live = tmp_path / ".map.html.def456.tmp"
    stale.write_text("half")
    live.write_text("being written")
    old = stale.stat().st_mtime - 7200
    os.utime(stale, (old, old))
    atomic_write_text(target, "done")
    assert not stale.exists() and live.exists() and target.read_text() == "done"
