from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import cli
from geomap.project import load_project


def test_init_creates_a_loadable_project(tmp_path):
    folder = tmp_path / "story"
    result = CliRunner().invoke(cli, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    project = load_project(folder)
    assert project.sources[0].path == folder.resolve() / "mali_ukraine_2024.yaml"
    assert project.sources[0].path.is_file()
    assert project.maps[0].output == folder.resolve() / "output" / "overview.html"
    assert "# geomap project file" in (folder / "geomap.toml").read_text(encoding="utf-8")


def test_init_does_not_overwrite_without_force(tmp_path):
    (tmp_path / "geomap.toml").write_text("# mine\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert "--force" in result.output
    assert (tmp_path / "geomap.toml").read_text(encoding="utf-8") == "# mine\n"
    assert CliRunner().invoke(cli, ["init", str(tmp_path), "--force"]).exit_code == 0
    assert "[[sources]]" in (tmp_path / "geomap.toml").read_text(encoding="utf-8")


def test_a_folder_name_with_control_characters_is_shown_as_escapes(tmp_path):
    """`geomap init` printed its folder's name as it came (``\\x1b]0;...\\x07`` set the
    terminal's title)."""
    folder = tmp_path / "p\x1b]0;PWN\x07"
    result = CliRunner().invoke(cli, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "p\\x1b]0;PWN\\x07" in result.output
    assert (folder / "geomap.toml").is_file()


#: ``geomap init`` under a file-size limit the kernel enforces (as a full disk would): the
#: project file fits, the example scenario does not.
SMALL_DISK = """
import resource, signal, sys
from geomap.cli import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))
sys.exit(main(["init", sys.argv[1]]))
"""


@pytest.mark.parametrize("depth", [1, 3])
def test_a_disk_that_refuses_leaves_no_half_made_project(tmp_path: Path, depth: int) -> None:
    """Before: a full disk left a folder holding ``geomap.toml`` without the example it
    names (and the folders made on the way), which the next ``geomap init`` refused as an
    existing project."""
    folder = tmp_path.joinpath(*(f"level{i}" for i in range(depth)))
    done = subprocess.run([sys.executable, "-c", SMALL_DISK, str(folder)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr.startswith("Error: expected to write"), done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []  # no folder, no project file, no temporary file


def test_a_refused_write_into_an_existing_folder_keeps_what_was_there(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", SMALL_DISK, str(tmp_path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
