"""Options shared by several commands, defined once."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click

from geomap._text import blank_name
from geomap.cli.terminal import ShownFormatter
from geomap.sources.detect import FORMATS

F = TypeVar("F", bound=Callable[..., Any])

#: ``--input-format`` choices: ``auto`` (detect from the content) or a reader's format.
INPUT_FORMATS = ("auto", *FORMATS)
LAYER_FORMATS = ("geojson", "gpkg", "parquet")


class PathText(click.Path):
    """A path on the command line, as ``click.Path``, that is never empty: ``""`` is
    ``Path(".")``, the current folder, so ``-o "$OUT"`` or ``geomap build "$FILE"`` with
    the variable unset published a site over the current folder, wrote the layers there,
    or read every file in it (and ``geomap geocode -o ""`` was a ``ValueError``
    traceback). An empty one is refused, exit 2, naming the option."""

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        if isinstance(value, str | bytes) and not value:
            self.fail("expected a path, got an empty one: '' names no file (a shell "
                      "variable left unset?)", param, ctx)
        if isinstance(value, str) and blank_name(value):  # a file named " " was written
            self.fail(f"expected a path, got {value!r}, a name of blanks only (a shell "
                      "variable left unset?)", param, ctx)
        return super().convert(value, param, ctx)


def country_option(func: F) -> F:
    """``--country CC``: an ISO 3166-1 alpha-2 code that biases ambiguous place names."""
    return click.option(
        "--country",
        "country",
        metavar="CC",
        help="ISO 3166-1 alpha-2 code (e.g. ML) to prefer for ambiguous names.",
    )(func)


def json_option(func: F) -> F:
    """``--json``: machine-readable output, one JSON object per line."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON lines.")(func)


def input_format_option(func: F) -> F:
    """``--input-format``: override the input format detected from the content."""
    return click.option(
        "--input-format",
        "input_format",
        type=click.Choice(INPUT_FORMATS),
        default="auto",
        show_default=True,
        help="Format of the sources; detected from the content by default.",
    )(func)


def article_date_option(func: F) -> F:
    """``--date``: the date that relative dates in articles resolve against (``build``,
    ``layers`` and ``publish`` read articles alike)."""
    return click.option(
        "--date", "article_date", metavar="YYYY-MM-DD", callback=parse_day,
        help="Date that relative dates in articles resolve against.",
    )(func)


def deprecated_option(old: str, new: str, dest: str, **attrs: Any) -> Callable[[F], F]:
    """A hidden option ``old`` that still works, warning that ``new`` replaces it.

    The command receives it as ``dest`` (``None`` when not given) and merges it with the
    new option through :func:`merged`.
    """
    def warn(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value not in (None, False):
            click.echo(f"Warning: {old} is deprecated; use {new} instead.", err=True)
        return value

    return click.option(old, dest, hidden=True, default=None, callback=warn,
                        expose_value=True, **attrs)


def merged(new: str, value: Any, old: str, deprecated: Any, default: Any) -> Any:
    """The value of an option given under its new name or its deprecated one (not both)."""
    if deprecated is None:
        return value
    if value != default:
        raise click.UsageError(f"give {new} or the deprecated {old}, not both")
    return deprecated


def parse_day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Click callback: a ``YYYY-MM-DD`` option as a date."""
    if value is None:
        return None
    from geomap.errors import ConfigError
    from geomap.extract.dates import article_day  # here: `geomap --help` loads no extractor

    try:
        return article_day(date.fromisoformat(value))
    except ValueError as err:  # ConfigError is a ValueError
        message = str(err) if isinstance(err, ConfigError) else \
            f"expected a date as YYYY-MM-DD, got {value!r}"
        raise click.BadParameter(message) from err


#: Where the verbosity given so far is kept (shared by the group and its subcommand).
VERBOSITY_KEY = "geomap.verbosity"
_LEVELS = (logging.WARNING, logging.INFO, logging.DEBUG)
#: dask's setting of its ``distributed`` loggers' level, in the environment.
_DASK_LOGGING = "DASK_LOGGING__DISTRIBUTED"
_DASK_LOGGING_MARK = "GEOMAP_DASK_LOGGING"  # the value set here (a user's own one wins)


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    """``-v``/``-q`` before or after the subcommand: the log level and whether to draw progress."""
    given = ctx.meta.setdefault(VERBOSITY_KEY, {"verbose": 0, "quiet": False,
                                                "dask": _dask_logging_is_ours()})
    if param.name == "quiet":
        given["quiet"] = given["quiet"] or bool(value)
    else:
        given["verbose"] += int(value or 0)
    level = logging.ERROR if given["quiet"] else _LEVELS[min(given["verbose"], 2)]
    if not logging.getLogger().handlers:  # control characters of data shown as escapes
        handler = logging.StreamHandler()
        handler.setFormatter(ShownFormatter("%(levelname)s %(name)s: %(message)s"))
        logging.basicConfig(level=level, handlers=[handler])
    logging.getLogger().setLevel(level)
    # dask's distributed sets its loggers to INFO when imported (from its config), which
    # printed its scheduler's start-up lines even with -q; its config is read from the
    # environment, which its worker processes inherit too (a setting of the user's wins)
    if given["dask"]:
        os.environ[_DASK_LOGGING] = os.environ[_DASK_LOGGING_MARK] = (
            logging.getLevelName(level).lower())


def _dask_logging_is_ours() -> bool:
    """Whether dask's log level in the environment is unset or the one set here."""
    return os.environ.get(_DASK_LOGGING) in (None, os.environ.get(_DASK_LOGGING_MARK))


_VERBOSITY: dict[tuple[str, str], dict[str, Any]] = {
    ("-v", "--verbose"): {"count": True, "help": "More log output (-vv for debug)."},
    ("-q", "--quiet"): {"is_flag": True, "help": "Only errors; no progress bars."},
}


def verbosity_options(func: F) -> F:
    """``-v/--verbose`` (repeatable) and ``-q/--quiet`` on a command."""
    for names, attrs in _VERBOSITY.items():
        func = click.option(*names, expose_value=False, callback=_set_verbosity, **attrs)(func)
    return func


def add_verbosity(command: click.Command) -> None:
    """Give a subcommand ``-v`` and ``-q`` (once), so they work after its name too."""
    given = {name for param in command.params for name in param.opts}
    for names, attrs in _VERBOSITY.items():
        if names[0] not in given:
            command.params.append(click.Option(list(names), expose_value=False,
                                               callback=_set_verbosity, **attrs))
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_verbosity(sub)


def is_quiet() -> bool:
    """Whether ``-q`` was given, before or after the subcommand."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get(VERBOSITY_KEY, {}).get("quiet"))
