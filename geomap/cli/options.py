"""Options shared by several commands, defined once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


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


def format_option(func: F) -> F:
    """``--format``: override the input format detected from the content."""
    return click.option(
        "--format",
        "input_format",
        type=click.Choice(["auto", "acled", "ucdp", "gdelt", "geojson", "gpkg", "csv",
                           "scenario", "article"]),
        default="auto",
        show_default=True,
        help="Input format; detected from the content by default.",
    )(func)
