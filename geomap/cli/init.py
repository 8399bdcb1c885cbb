"""``geomap init [DIR]``: create a working project folder from the bundled example."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import click

from geomap.cli.errors import reported
from geomap.cli.terminal import say
from geomap.settings import PROJECT_FILE

EXAMPLE = "mali_ukraine_2024.yaml"


@click.command("init")
@click.argument("folder", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing geomap.toml and example.")
def init(folder: Path, force: bool) -> None:
    """Create a project in FOLDER (default: here): the bundled Mali-Ukraine example
    scenario and a commented geomap.toml. Then run `geomap build` in FOLDER."""
    targets = [folder / PROJECT_FILE, folder / EXAMPLE]
    existing = [str(p) for p in targets if p.exists()]
    if existing and not force:
        raise click.ClickException(
            f"{', '.join(existing)} already exist(s); use --force to overwrite"
        )
    with reported():  # a folder that cannot be made was a traceback
        folder.mkdir(parents=True, exist_ok=True)
        data = files("geomap") / "data"
        _copy(data / "project" / PROJECT_FILE, folder / PROJECT_FILE)
        _copy(data / "examples" / EXAMPLE, folder / EXAMPLE)
    say(f"created {folder / PROJECT_FILE} and {folder / EXAMPLE}", one_line=True)
    say(f"next: cd {folder} && geomap build", one_line=True)


def _copy(source: Traversable, target: Path) -> None:
    from geomap._atomic import atomic_write_bytes

    atomic_write_bytes(target, source.read_bytes())
