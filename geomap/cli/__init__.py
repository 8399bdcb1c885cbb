"""The ``geomap`` command: a click group that imports each command only when it runs.

``geomap --help`` and ``geomap --version`` import neither geopandas nor folium.
"""

from __future__ import annotations

import contextlib
import importlib
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

import click

from geomap import __version__
from geomap.cli.options import add_verbosity, verbosity_options
from geomap.cli.terminal import shown

# command name -> "module:attribute"; each command is its own module.
COMMANDS = {
    "build": ("geomap.cli.build", "build", "Make maps from sources, an article or a project."),
    "geocode": ("geomap.cli.geocode", "geocode", "Resolve place names to coordinates."),
    "layers": ("geomap.cli.layers", "layers", "Write event, region, actor and relation layers."),
    "extract": ("geomap.cli.extract", "extract", "Find places, actors and events in articles."),
    "init": ("geomap.cli.init", "init", "Create a project folder from the bundled example."),
    "gazetteer": ("geomap.cli.gazetteer", "gazetteer", "Build or extend the offline gazetteer."),
    "publish": ("geomap.cli.publish", "publish", "Publish events as a static web map (tiles)."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute, _ = COMMANDS[cmd_name]
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as err:
            if err.name and err.name.startswith("geomap"):
                return _unavailable(cmd_name)
            raise
        command: click.Command = getattr(module, attribute)
        add_verbosity(command)  # -q/-v after the subcommand too: `geomap build x.csv -q`
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand; its error is shown on one line, with the line breaks and
        control characters of names and values from data as escapes (a source named
        ``h\\nError: ...`` printed an error line of its own, and ``geomap init`` sent an
        existing folder's ``\\x1b]0;...\\x07`` to the terminal)."""
        try:
            return super().invoke(ctx)
        except click.ClickException as err:
            err.message = shown(err.message)  # type: ignore[misc]  # click: Final, set once
            raise

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Short help from the table, so --help does not import every command.
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _unavailable(name: str) -> click.Command:
    @click.command(name)
    def missing() -> None:
        raise click.ClickException(f"the {name!r} command is not available in this build")

    return missing


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog="Exit codes: 0 done; 1 some inputs failed (bad rows are listed, the "
                    "rest is still written) or the work failed; 2 bad usage (options, "
                    "geomap.toml). Shell completion: see docs/cli.md.")
@click.version_option(__version__, "-V", "--version", prog_name="geomap")
@verbosity_options
def cli() -> None:
    """geomap: turn conflict reporting and event data into interactive maps.

    Offline by default: places resolve through an embedded GeoNames gazetteer and
    Natural Earth boundaries; online geocoders are used only when asked for.
    """


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``geomap`` console script."""
    from geomap.errors import GeomapError

    try:
        with _terminated_cleanly():
            return cli.main(args=argv, prog_name="geomap", standalone_mode=True)
    except GeomapError as err:  # pragma: no cover - click handles most paths
        from geomap.cli.terminal import say

        say(f"Error: {err}", err=True, one_line=True)
        sys.exit(2)


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised where the command is, so that it cleans up as on Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


#: Signals that end a command (``kill``, ``timeout``, a scheduler; a closed terminal or
#: SSH session) after it has cleaned up, as Ctrl-C does.
_ENDINGS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def _terminated_cleanly() -> Iterator[None]:
    """A SIGTERM (``kill``, ``timeout``, a scheduler) or SIGHUP (the terminal or SSH
    session closed) unwinds the command, so its ``finally`` clauses remove its work
    folders (``geomap publish`` left its staged records in the site until the next
    publish), and then ends the process by the signal, as before. A handler someone else
    set (or SIG_IGN: ``nohup``) is left alone."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    ours = [n for n in _ENDINGS if signal.getsignal(n) is signal.SIG_DFL]
    for number in ours:
        signal.signal(number, _raise_terminated)
    try:
        yield
    except Terminated as ended:
        for number in ours:
            signal.signal(number, signal.SIG_DFL)
        signal.raise_signal(ended.signum)
        raise  # pragma: no cover - the signal above ends the process
    finally:
        for number in ours:
            signal.signal(number, signal.SIG_DFL)
