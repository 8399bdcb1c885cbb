"""Progress on long work: drawn on a terminal once work runs for a second, never when
output is not a terminal or with ``-q``."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import click
from click.testing import CliRunner

from geomap.build import map_plan, run_build
from geomap.cli import cli
from geomap.cli import extract as extract_module
from geomap.cli import geocode as geocode_module
from geomap.cli.options import VERBOSITY_KEY
from geomap.cli.progress import Progress
from geomap.sources.scenario import example_path

GEOMAP = [sys.executable, "-c", "from geomap.cli import main; main()"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_build_shows_its_stages_and_events(tmp_path: Path) -> None:
    terminal = Terminal()
    with Progress(delay=0.0, interval=0.05, stream=terminal) as progress:
        run_build(map_plan([example_path()], tmp_path / "m.html"), progress=progress)
    drawn = terminal.getvalue()
    assert progress.shown
    assert "reading sources" in drawn and "11 events" in drawn and "4/4" in drawn


def test_short_work_draws_nothing() -> None:
    terminal = Terminal()
    with Progress(delay=5.0, stream=terminal) as progress:
        progress("reading sources", 1, 3)
        time.sleep(0.05)
    assert not progress.shown and terminal.getvalue() == ""


def test_no_bar_off_a_terminal_or_with_quiet() -> None:
    assert not Progress(stream=io.StringIO()).enabled
    with click.Context(cli) as ctx:
        ctx.meta[VERBOSITY_KEY] = {"verbose": 0, "quiet": True}
        assert not Progress(stream=Terminal()).enabled
    assert Progress(stream=Terminal()).enabled


def test_commands_print_no_progress_into_a_pipe(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["layers", str(example_path()), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "reading" not in result.output and "█" not in result.output


def run_in_terminal(args: list[str], cwd: Path) -> str:
    """Run ``geomap ARGS`` with its standard error on a pseudo-terminal; what it drew."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([*GEOMAP, *args], cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=follower, env={**os.environ, "COLUMNS": "100",
                                                   "GEOMAP_PROGRESS_DELAY": "0"})
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        drawn += chunk
    assert process.wait(timeout=600) == 0
    os.close(leader)
    return drawn.decode("utf-8", errors="replace")


def test_on_a_real_terminal_the_bar_appears_and_quiet_hides_it(tmp_path: Path) -> None:
    # The bar is told to appear at once: the example may build in under a second.
    drawn = run_in_terminal(["build", "--example", "--cdn"], tmp_path)
    assert "events" in drawn and "/4" in drawn, drawn
    quiet = run_in_terminal(["build", "--example", "--cdn", "-q"], tmp_path)
    assert "/4" not in quiet, quiet


def test_extract_on_a_folder_and_batch_geocode_count_what_they_did(
        tmp_path: Path, monkeypatch: Any) -> None:
    calls: list[tuple[str, int, int]] = []

    class Recording(Progress):
        def __call__(self, label: str, done: int, total: int) -> None:
            calls.append((label.split(":")[0], done, total))
            super().__call__(label, done, total)

    monkeypatch.setattr(extract_module, "Progress", Recording)
    monkeypatch.setattr(geocode_module, "Progress", Recording)
    monkeypatch.setattr(geocode_module, "GEOCODE_BATCH", 2)
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text("Clashes near Gao on 3 March 2024.",
                                              encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["extract", str(tmp_path)]).exit_code == 0
    assert calls == [("extracting articles", n, 3) for n in (1, 2, 3)]
    calls.clear()
    names = tmp_path / "names.txt"
    names.write_text("Gao\nKidal\nMopti\n", encoding="utf-8")
    assert runner.invoke(cli, ["geocode", "--input", str(names)]).exit_code == 0
    assert calls == [("geocoding names", n, 3) for n in (0, 2, 3)]


def test_the_delay_comes_from_the_environment_and_a_bad_value_is_named(
        monkeypatch: Any) -> None:
    from geomap.errors import ConfigError

    monkeypatch.setenv("GEOMAP_PROGRESS_DELAY", "0")
    assert Progress(stream=Terminal()).delay == 0.0
    monkeypatch.setenv("GEOMAP_PROGRESS_DELAY", "soon")
    try:
        Progress(stream=Terminal())
    except ConfigError as error:
        assert "GEOMAP_PROGRESS_DELAY" in str(error) and "'soon'" in str(error)
    else:
        raise AssertionError("a delay of 'soon' was accepted")
    monkeypatch.delenv("GEOMAP_PROGRESS_DELAY")
    assert Progress(stream=Terminal()).delay == 1.0
