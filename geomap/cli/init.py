"""``geomap init [DIR]``: create a working project folder from the bundled example."""

from __future__ import annotations

import contextlib
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import click

from geomap.cli.errors import reported
from geomap.cli.options import PathText
from geomap.cli.terminal import say
from geomap.settings import PROJECT_FILE

EXAMPLE = "mali_ukraine_2024.yaml"


@click.command("init")
@click.argument("folder", required=False, default=".",
                type=PathText(file_okay=False, path_type=Path))
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
    data = files("geomap") / "data"
    with reported():  # a folder that cannot be made was a traceback
        _write_project(folder, {folder / PROJECT_FILE: data / "project" / PROJECT_FILE,
                                folder / EXAMPLE: data / "examples" / EXAMPLE})
    say(f"created {folder / PROJECT_FILE} and {folder / EXAMPLE}", one_line=True)
    say(f"next: cd {folder} && geomap build", one_line=True)


def _write_project(folder: Path, copies: dict[Path, Traversable]) -> None:
    """Write the project's files as one unit: on a refusal (a full disk) none of them,
    and none of the folders made for them (a ``geomap.toml`` naming an example that was
    never written was left behind, and the next ``geomap init`` refused it as a project)."""
    from geomap._atomic import OutputSet, describe_os_error
    from geomap.errors import OutputError

    made = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        with OutputSet() as outputs:
            for target, source in copies.items():
                staged = outputs.stage(target)
                try:
                    staged.write_bytes(source.read_bytes())
                except OSError as err:  # named as the file it was for, not its temporary
                    raise OutputError(describe_os_error(err, target)) from err
            outputs.publish()
    except BaseException:
        for path in made:  # innermost first; only folders this run made, and only empty
            with contextlib.suppress(OSError):
                path.rmdir()
        raise
