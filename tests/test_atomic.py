"""The one atomic writer (``geomap._atomic``): a file, a folder, a set of outputs; temporary
files marked so that clean-up never touches a stranger's file; OS failures as one clear
error with nothing half-written (issue 15, items 1, 4 and 9)."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from geomap._atomic import (
    MARKER,
    OutputSet,
    atomic_folder,
    atomic_path,
    atomic_write,
    atomic_write_text,
    is_temp_of,
    temp_path,
    work_folder,
)
from geomap.errors import OutputError

HOUR_AND_MORE = 7200


def age(path: Path, seconds: float = HOUR_AND_MORE) -> None:
    old = path.stat().st_mtime - seconds
    os.utime(path, (old, old))


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


def test_temporary_names_carry_an_unambiguous_marker(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    name = temp_path(target).name
    assert name.startswith(".map.html.") and name.endswith(MARKER)
    assert is_temp_of(name, target)
    assert temp_path(target, keep_suffix=True).name.endswith(f"{MARKER}.html")
    for stranger in (".map.html.draft.tmp", ".map.html.abc123.tmp", "map.html",
                     ".map.html.0123456789ab.tmp", ".other.html.0123456789ab" + MARKER):
        assert not is_temp_of(stranger, target), stranger


def test_stale_temp_files_of_killed_writers_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    stale, live = temp_path(target), temp_path(target)
    stale.write_text("half")
    live.write_text("being written")
    age(stale)
    atomic_write_text(target, "done")
    assert not stale.exists() and live.exists() and target.read_text() == "done"


@pytest.mark.parametrize("name", ["*", "[m]ap.html", "m?.html", "**", ".*"])
def test_cleanup_never_touches_files_it_did_not_make(tmp_path: Path, name: str) -> None:
    """Issue 15 item 4: ``-o 'dir/*'`` made the clean-up glob ``.*.*.tmp`` and delete an
    unrelated ``.thesis.draft.tmp`` older than an hour."""
    strangers = [tmp_path / n for n in (".thesis.draft.tmp", ".notes.txt.1.tmp", ".x.old",
                                        ".map.html.abc123.tmp", ".mh.0123456789ab.tmp")]
    for path in strangers:
        path.write_text("someone else's")
        age(path)
    atomic_write_text(tmp_path / name, "done")
    assert all(p.read_text() == "someone else's" for p in strangers)
    assert (tmp_path / name).read_text() == "done"


def test_atomic_path_for_writers_that_open_by_name(tmp_path: Path) -> None:
    target = tmp_path / "layers.gpkg"
    with atomic_path(target) as tmp:
        assert tmp.suffix == ".gpkg" and tmp.parent == tmp_path
        tmp.write_text("new")
    assert target.read_text() == "new"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        Path(f"{tmp}-journal").write_text("side file")
        raise RuntimeError("writer failed")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["layers.gpkg"]


def test_atomic_folder_swaps_a_whole_folder(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    with atomic_folder(folder) as staging:
        (staging / "a").write_text("1")
    with atomic_folder(folder) as staging:
        (staging / "b").write_text("2")
    assert sorted(p.name for p in folder.iterdir()) == ["b"]
    with pytest.raises(RuntimeError), atomic_folder(folder) as staging:
        (staging / "c").write_text("half")
        raise RuntimeError("killed")
    assert sorted(p.name for p in folder.iterdir()) == ["b"]
    with atomic_folder(folder, replace=False) as staging:  # another writer won: keep it
        (staging / "d").write_text("late")
    assert sorted(p.name for p in folder.iterdir()) == ["b"]
    assert [p.name for p in tmp_path.iterdir()] == ["index"]


def test_output_set_publishes_together_and_removes_what_is_gone(tmp_path: Path) -> None:
    old_rejects = tmp_path / "m.rejects.1111111111111111.csv"
    old_rejects.write_text("old")
    gone = tmp_path / "relations.geojson"
    gone.write_text("old layer")
    source = tmp_path / "m.rejects.2222222222222222.csv"  # an input that looks like ours
    source.write_text("input")
    with OutputSet(protected=[source]) as outputs:
        staged = outputs.stage(tmp_path / "m.rejects.csv")
        staged.write_text("new rejects")
        outputs.retarget(staged, tmp_path / "m.rejects.3333333333333333.csv")
        outputs.stage(tmp_path / "m.html").write_text("map")
        outputs.sweep(tmp_path, lambda name: name.startswith("m.rejects."))
        outputs.retire(gone)
        assert not (tmp_path / "m.html").exists()  # nothing visible before publish
        published = outputs.publish()
    assert [p.name for p in published] == ["m.rejects.3333333333333333.csv", "m.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "m.html", "m.rejects.2222222222222222.csv", "m.rejects.3333333333333333.csv"]
    assert sorted(p.name for p in outputs.removed) == [old_rejects.name, gone.name]


def test_output_set_failure_publishes_nothing(tmp_path: Path) -> None:
    (tmp_path / "m.html").write_text("previous")
    with pytest.raises(RuntimeError), OutputSet() as outputs:
        outputs.stage(tmp_path / "m.rejects.csv").write_text("new rejects")
        outputs.stage(tmp_path / "m.html").write_text("half a map")
        raise RuntimeError("render failed")
    assert [p.name for p in tmp_path.iterdir()] == ["m.html"]
    assert (tmp_path / "m.html").read_text() == "previous"


INTERRUPTED = """
import os, signal, sys
from pathlib import Path
from geomap import _atomic
folder, number = Path(sys.argv[1]), int(sys.argv[2])
rename = os.replace
def replace(tmp, target, **folders):  # the signal comes between the first and the second
    rename(tmp, target, **folders)  # rename (in the folders held: src_dir_fd, dst_dir_fd)
    os.kill(os.getpid(), number)
_atomic.os.replace = replace
with _atomic.OutputSet() as outputs:
    for name in ("events.pmtiles", "site.json", "index.html"):
        outputs.stage(folder / name).write_text("new")
    outputs.retire(folder / "warnings.1111111111111111.csv")  # no longer named
    outputs.publish()
print("not reached")
"""


@pytest.mark.parametrize("number", [2, 15])  # SIGINT (Ctrl-C), SIGTERM
def test_an_interruption_while_publishing_leaves_the_whole_set(tmp_path: Path,
                                                               number: int) -> None:
    """Ctrl-C (a KeyboardInterrupt) or SIGTERM between two renames left new tiles beside
    the old site.json and index.html; now it takes effect after the last rename and the
    removal of what the set no longer names."""
    names = ("events.pmtiles", "site.json", "index.html")
    for name in (*names, "warnings.1111111111111111.csv"):
        (tmp_path / name).write_text("old")
    done = subprocess.run([sys.executable, "-c", INTERRUPTED, str(tmp_path), str(number)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode in (1, -number), done.stderr  # interrupted all the same
    assert "not reached" not in done.stdout
    assert [(tmp_path / name).read_text() for name in names] == ["new"] * 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)  # no temp left


FULL_DISK = """
import resource, signal, sys
from pathlib import Path
from geomap._atomic import atomic_write_text
from geomap.errors import OutputError
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
try:
    atomic_write_text(Path(sys.argv[1]), "x" * 100_000)
except OutputError as err:
    print("ERROR", err)
"""


def test_a_disk_that_refuses_leaves_the_previous_file_and_no_temp(tmp_path: Path) -> None:
    """Issue 15 item 9: a full disk was a traceback. The system's refusal (here a file-size
    limit the kernel enforces, as a full disk would) becomes one line; nothing half-written."""
    target = tmp_path / "map.html"
    target.write_text("previous")
    done = subprocess.run([sys.executable, "-c", FULL_DISK, str(target)], capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.startswith("ERROR expected to write"), done.stdout + done.stderr
    assert "File too large" in done.stdout and len(done.stdout.strip().splitlines()) == 1
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


@pytest.mark.parametrize(("code", "words"), [
    (errno.ENOSPC, "free some space"),
    (errno.EROFS, "read-only"),
    (errno.EACCES, "permissions"),
])
def test_os_errors_become_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          code: int, words: str) -> None:
    target = tmp_path / "map.html"
    target.write_text("previous")

    def refuse(*args: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", refuse)
    with pytest.raises(OutputError, match=words) as info:
        atomic_write_text(target, "new")
    assert "map.html" in str(info.value) and os.strerror(code) in str(info.value)
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_a_folder_where_the_file_goes_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "map.html").mkdir()
    with pytest.raises(OutputError, match=r"not a folder|Is a directory"):
        atomic_write_text(tmp_path / "map.html", "new")
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_a_file_system_without_locks_still_publishes(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    import fcntl

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(fcntl, "flock", no_locks)
    with OutputSet() as outputs:
        outputs.stage(tmp_path / "m.html").write_text("map")
        outputs.publish()
    assert (tmp_path / "m.html").read_text() == "map"
    assert "publishing without a lock" in caplog.text


def test_a_device_or_pipe_is_never_replaced(tmp_path: Path) -> None:
    """`geomap build x.csv -o /dev/null` renamed the map over the system's /dev/null (as
    root), which became a regular file. Tested with a pipe: a device cannot be made here."""
    pipe = tmp_path / "out.html"
    os.mkfifo(pipe)
    link = tmp_path / "link.html"
    link.symlink_to(pipe)
    for target in (pipe, link):
        with pytest.raises(OutputError, match="expected a regular file as output, got a pipe"):
            with atomic_write(target, "w") as handle:
                handle.write("map")
        with pytest.raises(OutputError, match="got a pipe"), atomic_path(target) as tmp:
            tmp.write_text("map")
        with pytest.raises(OutputError, match="got a pipe"), OutputSet() as outputs:
            outputs.stage(target).write_text("map")
            outputs.publish()
    assert stat.S_ISFIFO(pipe.stat().st_mode) and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.html", "out.html"]


def test_a_pipe_put_in_place_after_staging_stops_the_whole_set(tmp_path: Path) -> None:
    """Every target is checked before the first rename: a set is published whole or not."""
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    with pytest.raises(OutputError, match="got a pipe"), OutputSet() as outputs:
        outputs.stage(first).write_text("a")
        outputs.stage(second).write_text("b")
        os.mkfifo(second)
        outputs.publish()
    assert not first.exists() and stat.S_ISFIFO(second.stat().st_mode)


def test_a_work_folder_left_by_a_killed_writer_is_removed_but_not_a_live_one(
        tmp_path: Path) -> None:
    """Before: ``geomap publish`` staged in a ``.publish-*`` folder that a killed run left
    for ever (its staged records: gigabytes for a large input)."""
    target = tmp_path / "publish-staging"
    left = temp_path(target)  # as a killed run left it: nobody holds it
    left.mkdir()
    (left / "records-000-00000.arrow").write_bytes(b"x" * 100)
    stranger = tmp_path / ".publish-staging.mine"
    stranger.mkdir()
    with work_folder(target) as live:
        assert live.is_dir() and is_temp_of(live.name, target)
        assert not left.exists() and stranger.is_dir()
        with work_folder(target) as other:  # a second run at once leaves the live one
            assert live.is_dir() and other != live
        assert not other.exists()
    assert not live.exists() and stranger.is_dir()


def test_a_folder_swapped_for_a_link_after_staging_replaces_nothing_elsewhere(
        tmp_path: Path) -> None:
    """A staged file's folder swapped for a link to another folder before the file was
    written (by someone who may write beside the outputs): the temporary file went
    through the link and the rename replaced that folder's file of the target's name.
    The set renames in the folder it staged in (held open since), so the file elsewhere
    stays and the publish is one clear error."""
    folder, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    (folder / "map.html").write_text("previous")
    (elsewhere / "map.html").write_text("theirs")
    with OutputSet() as outputs:
        staged = outputs.stage(folder / "map.html")
        folder.rename(tmp_path / "moved")
        folder.symlink_to(elsewhere)
        staged.write_text("new")
        with pytest.raises(OutputError, match="to stay the folder"):
            outputs.publish()
    assert (elsewhere / "map.html").read_text() == "theirs"
    assert (tmp_path / "moved" / "map.html").read_text() == "previous"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["map.html"]  # no temp left
