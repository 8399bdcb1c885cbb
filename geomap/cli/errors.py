"""How commands report failures: one line on stderr, an exit code, never a traceback.

Exit codes: 0 done; 1 the work failed or some inputs gave nothing (bad data, a disk that
refuses); 2 bad usage (options, ``geomap.toml``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import click

from geomap.errors import ConfigError, GeomapError


class ConfigProblem(click.ClickException):
    """A bad option or configuration file: exit code 2, without the usage text."""

    exit_code = 2


@contextlib.contextmanager
def reported() -> Iterator[None]:
    """Turn geomap's errors and the system's into click errors (shown on one line, with
    their control characters as escapes, by the ``geomap`` group)."""
    try:
        yield
    except ConfigError as err:
        raise ConfigProblem(str(err)) from err
    except GeomapError as err:
        raise click.ClickException(str(err)) from err
    except OSError as err:
        where = f" on {err.filename!r}" if err.filename else ""
        raise click.ClickException(f"the system refused{where}: {err.strerror or err}") from err
