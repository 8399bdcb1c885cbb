"""``geomap gazetteer``: build the offline index, import GeoNames dumps, show what is there.

Examples::

    geomap gazetteer build            # once; otherwise it happens on first use
    geomap gazetteer import ML.txt    # village-level coverage for Mali
    geomap gazetteer info
"""

from __future__ import annotations

from pathlib import Path

import click

from geomap.cli.options import PathText
from geomap.cli.terminal import say


@click.group("gazetteer")
def gazetteer() -> None:
    """Build or extend the offline gazetteer (GeoNames data, CC BY 4.0)."""


@gazetteer.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if the index is current.")
def build(force: bool) -> None:
    """Build the index from the installed registry data."""
    import time

    from geomap.geocoding.build import build_index

    started = time.perf_counter()
    folder = build_index(force=force)
    say(f"gazetteer index ready in {folder} ({time.perf_counter() - started:.1f} s)")


@gazetteer.command("import")
@click.argument("dump", type=PathText(exists=True, dir_okay=False, path_type=Path))
@click.option("--classes", default="PA", show_default=True,
              help="GeoNames feature classes to keep (P places, A admin areas...), or 'all'.")
@click.option("--name", help="Layer name (default: the file name without extension).")
def import_(dump: Path, classes: str, name: str | None) -> None:
    """Import a GeoNames dump (allCountries.txt, ML.txt, cities500.txt, or a .zip): the
    towns and villages the bundled data (places of about 500 people or more) leaves out.

    \b
    A country's file is at https://download.geonames.org/export/dump/ (ML.zip for Mali;
    CC BY 4.0); geomap never downloads it itself. Every later geocode, extract and build
    sees the imported places.
    """
    from geomap.errors import ConfigError, InputError
    from geomap.geocoding.gazetteer import Gazetteer
    from geomap.geocoding.geonames_dump import import_dump

    try:
        report = import_dump(dump, classes=classes, name=name)
    except ConfigError as err:
        raise click.BadParameter(str(err), param_hint="--name") from err
    except InputError as err:
        raise click.ClickException(str(err)) from err
    Gazetteer.reset_default()
    say(report.summary())
    for reject in report.rejects[:10]:
        say(f"  rejected {reject}", err=True)


@gazetteer.command("info")
def info() -> None:
    """Where the index is and what it holds."""
    from geomap.geocoding.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    for layer in gaz.layers:
        say(f"{layer.folder}: {len(layer)} places, {len(layer.keys)} names")
    say("Place data: GeoNames (geonames.org), CC BY 4.0.")
