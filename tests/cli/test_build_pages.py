"""``geomap build``: the self-contained page by default, ``--cdn`` for the smaller page,
``--id-prefix`` (issue 13 items 7-8)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from geomap.cli import cli
from tests.cli.test_build import STORY


@pytest.fixture()
def story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "story.yaml"
    path.write_text(STORY, encoding="utf-8")
    return path


def run(args: list[str]) -> Any:
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_default_page_is_self_contained(story: Path) -> None:
    result = run(["build", str(story), "-o", "m.html"])
    assert result.exit_code == 0, result.output
    page = Path("m.html").read_text(encoding="utf-8")
    assert "<script src=" not in page and 'rel="stylesheet"' not in page
    assert 'class="geomap-load-failed"' not in page  # nothing to fail to load


def test_cdn_page_is_smaller_and_says_when_it_cannot_load(story: Path) -> None:
    assert run(["build", str(story), "-o", "self.html"]).exit_code == 0
    result = run(["build", str(story), "-o", "cdn.html", "--cdn"])
    assert result.exit_code == 0, result.output
    page = Path("cdn.html").read_text(encoding="utf-8")
    assert '<script src="https://' in page
    assert 'class="geomap-load-failed"' in page
    assert Path("cdn.html").stat().st_size < Path("self.html").stat().st_size / 2


def test_online_is_a_deprecated_spelling_of_cdn(story: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(story), "-o", "m.html", "--online"])
    assert result.exit_code == 0, result.output
    assert "--online is deprecated; use --cdn" in result.output
    assert '<script src="https://' in Path("m.html").read_text(encoding="utf-8")


def test_id_prefix_names_the_elements(story: Path) -> None:
    result = run(["build", str(story), "-o", "f.html", "--fragment", "--id-prefix", "brief"])
    assert result.exit_code == 0, result.output
    assert 'id="map_brief_1"' in Path("f.html").read_text(encoding="utf-8")


def test_bad_id_prefix_is_refused_before_any_work(story: Path) -> None:
    result = run(["build", str(story), "-o", "f.html", "--id-prefix", "no spaces"])
    assert result.exit_code == 2
    assert "letters and digits starting with a letter, got 'no spaces'" in result.output
    assert not Path("f.html").exists()


def test_fragment_height_sets_the_embedded_maps_height(story: Path) -> None:
    """A fragment was always 500px high from the command line (found by the session-34
    newcomer); --fragment-height sets it, a number alone in pixels."""
    result = run(["build", str(story), "-o", "f.html", "--fragment", "--fragment-height", "70vh"])
    assert result.exit_code == 0, result.output
    assert "height: 70vh;" in Path("f.html").read_text(encoding="utf-8")
    result = run(["build", str(story), "-o", "g.html", "--fragment", "--fragment-height", "640"])
    assert result.exit_code == 0, result.output
    assert "height: 640px;" in Path("g.html").read_text(encoding="utf-8")
    result = run(["build", str(story), "-o", "h.html", "--fragment"])
    assert "height: 500px;" in Path("h.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("height", ["abc", "-5px", "0", "12 px"])
def test_a_bad_fragment_height_is_refused_before_any_work(story: Path, height: str) -> None:
    result = run(["build", str(story), "-o", "f.html", "--fragment", "--fragment-height", height])
    assert result.exit_code == 2, result.output
    assert f"expected a fragment height above zero as a CSS length such as '500px' or " \
           f"'60vh', or a number of pixels, got {height!r}" in " ".join(result.output.split())
    assert not Path("f.html").exists()


def test_fragment_height_without_fragment_is_a_usage_error(story: Path) -> None:
    result = run(["build", str(story), "-o", "f.html", "--fragment-height", "600px"])
    assert result.exit_code == 2
    assert "add --fragment" in result.output
