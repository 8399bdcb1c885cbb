from __future__ import annotations

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
