"""Conventions people rely on: ``--version``, exit codes (0 ok, 1 some inputs failed,
2 usage), ``-q``/``-v`` before or after the subcommand, shell completion through click."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from geomap import __version__

GOOD = "event_date,latitude,longitude,event_type\n2024-03-01,16.27,-0.04,Battles\n"
#: ``geomap`` as installed for this interpreter (its console script's entry point).
GEOMAP = [sys.executable, "-c", "from geomap.cli import main; main()"]
BAD = "event_date,latitude,longitude,event_type\nnot a date,16.27,-0.04,Battles\n"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed ``geomap`` console script, as a shell would run it."""
    return subprocess.run([*GEOMAP, *args], capture_output=True, text=True, timeout=600,
                          check=False)


def test_version() -> None:
    result = run("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"geomap, version {__version__}")
    assert run("-V").stdout == result.stdout


@pytest.fixture
def sources(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "good.csv").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.csv").write_text(BAD, encoding="utf-8")
    return {"good": tmp_path / "good.csv", "bad": tmp_path / "bad.csv", "dir": tmp_path}


def test_exit_code_0_when_everything_was_used(sources: dict[str, Path]) -> None:
    out = sources["dir"] / "m.html"
    result = run("build", str(sources["good"]), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    assert out.is_file()


def test_exit_code_1_when_some_inputs_failed(sources: dict[str, Path]) -> None:
    out = sources["dir"] / "m.html"
    result = run("build", str(sources["good"]), str(sources["bad"]), "-o", str(out))
    assert result.returncode == 1
    assert out.is_file() and "bad.csv" in result.stderr  # the good source is still mapped
    assert "Traceback" not in result.stderr
    assert run("geocode", "Gao", "Nowhereville-on-Sea").returncode == 1


@pytest.mark.parametrize("args", [
    ["build", "--no-such-option"],
    ["build", "missing-file.csv"],
    ["layers", "--layer-format", "kml"],
    ["geocode"],
    ["extract", "--date", "yesterday", "-"],
    ["no-such-command"],
])
def test_exit_code_2_for_bad_usage(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2, (args, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr


def test_quiet_and_verbose_work_after_the_subcommand(sources: dict[str, Path]) -> None:
    def layers(*flags: str) -> str:
        result = run(*[f for f in flags[:1] if f], "layers", str(sources["good"]), "-o",
                     str(sources["dir"] / "l"), *flags[1:])
        assert result.returncode == 0, result.stderr
        return result.stderr

    assert "INFO geomap" in layers("", "-v")
    assert "INFO geomap" in layers("-v")
    assert "INFO geomap" not in layers("")
    assert "INFO" not in layers("-v", "-q")  # quiet wins, wherever it stands


def test_quiet_silences_the_local_dask_cluster_too(sources: dict[str, Path]) -> None:
    """Before: ``--engine dask`` printed the scheduler's and nannies' INFO lines (its
    addresses, its dashboard...) even with ``-q``, and without ``-v``."""
    pytest.importorskip("distributed", reason="needs the dask extra: pip install 'geomap[dask]'")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASK_LOGGING")}
    for flags in (["-q"], []):
        result = subprocess.run([*GEOMAP, "layers", str(sources["good"]), "-o",
                                 str(sources["dir"] / "dask"), "--engine", "dask", *flags],
                                capture_output=True, text=True, timeout=600, check=False,
                                env=env)
        assert result.returncode == 0, result.stderr
        assert "INFO" not in result.stderr, result.stderr


def test_shell_completion_through_click() -> None:
    env = {**os.environ, "_GEOMAP_COMPLETE": "bash_complete", "COMP_WORDS": "geomap geo",
           "COMP_CWORD": "1"}
    result = subprocess.run(GEOMAP, env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0
    assert result.stdout.split() == ["plain,geocode"]
    env |= {"_GEOMAP_COMPLETE": "bash_source"}
    script = subprocess.run(GEOMAP, env=env, capture_output=True,
                            text=True, timeout=120, check=False).stdout
    assert "_geomap_completion" in script


#: A file name from an archive that would forge a line of its own and set the terminal's
#: title when printed as it came.
FORGED = "h\nError: forged\x1b]0;PWN\x07.csv"


@pytest.mark.parametrize("args", [
    ["build", FORGED, "-o", "m.html"],
    ["publish", FORGED, "-o", "site", "--workers", "1"],
    ["init", "p" + FORGED],
])
def test_an_error_naming_data_is_one_line_with_its_controls_as_escapes(
        tmp_path: Path, args: list[str]) -> None:
    """Before: "Error: expected events to map, got none (h" and a second line
    "Error: forged..." (a header-only source named with a line break), and
    `geomap init` printed an existing project's name with its escape sequences raw."""
    (tmp_path / FORGED).write_text("event_date,latitude,longitude,event_type\n",
                                   encoding="utf-8")
    (tmp_path / ("p" + FORGED)).mkdir()
    (tmp_path / ("p" + FORGED) / "geomap.toml").write_text("# mine\n", encoding="utf-8")
    done = subprocess.run([*GEOMAP, *args], cwd=tmp_path, capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr, done.stderr
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith("Error: ") and "h\\nError: forged\\x1b]0;PWN\\x07" in done.stderr


@pytest.mark.parametrize("args", [
    ["build", ""], ["build", "good.csv", "-o", ""], ["build", "good.csv", ""],
    ["layers", "good.csv", "-o", ""], ["publish", "good.csv", "-o", ""],
    ["extract", ""], ["extract", "good.csv", "--scenario", ""],
    ["geocode", "Gao", "-o", ""], ["geocode", "--input", ""], ["geocode", "Gao", "--cache", ""],
    ["init", ""], ["gazetteer", "import", ""],
])
def test_an_empty_path_is_refused_before_any_work(sources: dict[str, Path],
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  args: list[str]) -> None:
    """``''`` is ``Path('.')``: ``geomap publish good.csv -o "$OUT"`` with OUT unset
    published a site over the current folder (its index.html, lib/, layers and tiles
    among the user's files), ``layers -o ''`` wrote the layers there, ``build ''`` and
    ``extract ''`` read every file in it, and ``geocode Gao -o ''`` was a ValueError
    traceback. Now each is exit 2, naming the empty path, nothing written."""
    _refused_before_any_work(sources, monkeypatch, args, "expected a path, got an empty one")


@pytest.mark.parametrize("args", [
    ["build", "good.csv", "-o", " "], ["build", "good.csv", "-o", "maps/ "],
    ["build", "good.csv", "-o", "\u3000"], ["layers", "good.csv", "-o", "  "],
    ["publish", "good.csv", "-o", " "], ["geocode", "Gao", "-o", " "], ["init", " "],
])
def test_a_name_of_blanks_only_is_refused_before_any_work(sources: dict[str, Path],
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          args: list[str]) -> None:
    """Before: ``-o " "`` wrote the map to a file named by a space ("map written:  "), a
    name no listing shows (``-o "$DIR/ "``, ``-o "$OUT "`` with the variable unset); the
    empty path was already refused. Now a name of blanks only is refused, exit 2."""
    _refused_before_any_work(sources, monkeypatch, args, "a name of blanks only")


def _refused_before_any_work(sources: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
                             args: list[str], message: str) -> None:
    """``geomap ARGS`` run in the sources' folder exits 2 saying ``message``, and writes
    nothing there."""
    from click.testing import CliRunner

    from geomap.cli import cli

    monkeypatch.chdir(sources["dir"])
    before = sorted(p.name for p in sources["dir"].iterdir())
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, (args, result.output, result.exception)
    assert message in result.output
    assert sorted(p.name for p in sources["dir"].iterdir()) == before
