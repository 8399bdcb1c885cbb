"""How commands report failures: one line on stderr, an exit code, never a traceback.

Exit codes: 0 done; 1 the work failed or some inputs gave nothing (bad data, a disk that
refuses); 2 bad usage (options, ``geomap.toml``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import click

from geomap.cli.terminal import lines_shown
from geomap.errors import ConfigError, GeomapError


class ConfigProblem(click.ClickException):
    """A bad option or configuration file: exit code 2, without the usage text."""

    exit_code = 2


@contextlib.contextmanager
def reported() -> Iterator[None]:
    """Turn geomap's errors and the system's into one-line click errors."""
    try:
        yield
    except ConfigError as err:
        raise ConfigProblem(lines_shown(str(err))) from err
    except GeomapError as err:
        raise click.ClickException(lines_shown(str(err))) from err
    except OSError as err:
        where = f" on {err.filename!r}" if err.filename else ""
        raise click.ClickException(f"the system refused{where}: {err.strerror or err}") from err
