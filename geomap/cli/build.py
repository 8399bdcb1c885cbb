"""``geomap build``: make a map from sources, the bundled example, or a project folder."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

import geomap
from geomap._files import special_file_kind
from geomap.cli.errors import reported
from geomap.cli.memory import use_command_memory_pool
from geomap.cli.options import (
    INPUT_FORMATS,
    PathText,
    article_date_option,
    deprecated_option,
    input_format_option,
    merged,
)
from geomap.cli.progress import Progress
from geomap.cli.terminal import say
from geomap.settings import PROJECT_FILE

if TYPE_CHECKING:
    from geomap.build import BuildReport

EXAMPLE_OUTPUT = Path("output") / "mali-ukraine-2024.html"


@click.command("build")
@click.argument("sources", nargs=-1, type=PathText(path_type=Path))
@click.option("-o", "--output", type=PathText(),
              help="HTML file to write [default: output/<name>.html].")
@click.option("--example", is_flag=True,
              help=f"Map the bundled Mali–Ukraine 2024 example into {EXAMPLE_OUTPUT}.")
@click.option("--offline/--cdn", default=True,
              help="--offline (the default): one self-contained page that opens with no "
                   "network (libraries inlined, vector basemap). --cdn: a smaller page that "
                   "loads its libraries and web map tiles from the internet.")
@deprecated_option("--online", "--cdn", "online", is_flag=True)
@click.option("--fragment", is_flag=True, help="Write an HTML fragment to embed in a page.")
@click.option("--id-prefix", metavar="PREFIX",
              help="Prefix of the map's element ids and JavaScript names (letters and digits; "
                   "default: a hash of the map). Copies of one fragment work side by side "
                   "without it.")
@click.option("--fragment-height", metavar="HEIGHT",
              help="With --fragment: the map's height, a CSS length (600px, 60vh) or a number "
                   "of pixels [default: 500px].")
@input_format_option
@deprecated_option("--format", "--input-format", "old_format", type=click.Choice(INPUT_FORMATS))
@click.option("--title", help=("Map title [default: the scenario's title, else one made from "
                                "the data, as 'ACLED: Mali, Niger, 2018-2025']."))
@article_date_option
@click.option("--force", is_flag=True,
              help="In a project folder: rebuild every output, even those unchanged.")
def build(sources: tuple[Path, ...], output: str | Path | None, example: bool, offline: bool,
          online: bool | None, fragment: bool, id_prefix: str | None,
          fragment_height: str | None, input_format: str,
          old_format: str | None, title: str | None, article_date: date | None,
          force: bool) -> None:
    """Make an HTML map from SOURCE files (event data, scenario YAML, articles) or folders
    of them.

    Rows that cannot be used are listed in <map>.rejects.<hash>.csv beside the map, which
    names that file. Exit code: 0 done; 1 some sources gave no events (the others are
    still mapped) or the build failed; 2 bad options or geomap.toml.

    \b
    Examples:
      geomap build --example
      geomap build story.yaml -o briefing.html
      geomap build acled.csv --cdn          (smaller page, needs a network)
      geomap build acled.csv ucdp.csv --title "Sahel 2024"
      geomap build article.txt --date 2024-08-05
      geomap build articles/ --date 2024-08-05   (every article and table in it)
      geomap build                 (in a folder with geomap.toml: rebuild the project)
    """
    input_format = merged("--input-format", input_format, "--format", old_format, "auto")
    if example and sources:
        raise click.UsageError("give either --example or SOURCE files, not both")
    given = _given(click.get_current_context())
    if not example and not sources:
        if given - {"force"}:
            raise click.UsageError(
                f"{_names(given - {'force'})} set(s) a map built from SOURCE files; a project "
                f"takes its settings from {PROJECT_FILE}. Give SOURCE files, or drop the option")
        _run_project(Path.cwd(), force)
        return
    if force:
        raise click.UsageError("--force rebuilds a project's outputs: give no SOURCE files")
    paths = list(sources)
    if example:
        from geomap.sources.scenario import example_path

        paths, output = [example_path()], output or EXAMPLE_OUTPUT
    projects = [str(p) for p in paths if (p / PROJECT_FILE).is_file()]
    if projects:
        raise click.BadParameter(
            f"{projects[0]!r} is a project folder (it holds {PROJECT_FILE}): run "
            f"'geomap build' inside it (cd {projects[0]} && geomap build)", param_hint="SOURCES")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise click.BadParameter(f"expected existing source files or folders, got {missing!r}",
                                 param_hint="SOURCES")
    with reported():
        from geomap.build import build_steps, check_outputs, map_plan, publish
        from geomap.build.inputs import expand_folders
        from geomap.build.plan import default_output

        if output is None and paths[0].is_dir():  # the first source's name: the folder's
            output = default_output(paths[0].resolve())
        paths = expand_folders(paths)

        use_command_memory_pool()

        render = {} if id_prefix is None else {"element_id_prefix": _prefix(id_prefix)}
        if fragment_height is not None:
            render["fragment_height"] = _fragment_height(fragment_height, fragment)
        plan = map_plan(paths, output, input_format=input_format, title=title,
                        offline=offline and not online, fragment=fragment,
                        article_date=article_date, render=render)
        check_outputs(plan)  # before any work
        with Progress() as progress:
            progress("reading sources", 1, build_steps(plan))
            bundle = geomap.layers(paths, title=title, format=input_format, date=article_date)
            drawn = geomap.map(bundle, title=title, offline=offline and not online, **render)
            report = publish(plan, bundle, maps=[drawn], progress=progress)
    _echo_report(report)
    sys.exit(report.exit_code)


def _given(ctx: click.Context) -> set[str]:
    """The options given on the command line (not their defaults)."""
    return {name for name in ctx.params if name not in ("sources", "example")
            and ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE}


def _names(params: set[str]) -> str:
    command = click.get_current_context().command
    flags = {p.name: "/".join(p.opts + p.secondary_opts) for p in command.params
             if p.name in params}
    return ", ".join(sorted(flags.values()))


def _prefix(value: str) -> str:
    from geomap.errors import ConfigError
    from geomap.render.ids import check_prefix

    try:
        return check_prefix(value)
    except ConfigError as err:
        raise click.BadParameter(str(err), param_hint="--id-prefix") from err


def _fragment_height(value: str, fragment: bool) -> str:
    from geomap.errors import ConfigError
    from geomap.render.embed import fragment_height

    if not fragment:
        raise click.UsageError("--fragment-height sets the height of a fragment: add --fragment")
    try:
        return fragment_height(value)
    except ConfigError as err:
        raise click.BadParameter(str(err), param_hint="--fragment-height") from err


def _echo_report(report: BuildReport) -> None:
    for source in report.sources:
        say(source.line(), one_line=True)
    if report.rejects is not None:
        say(f"rejected rows: {report.rejects}", one_line=True)
    if report.warnings is not None:
        say(f"rows kept with a warning: {report.warnings}", one_line=True)
    for path in report.maps.values():
        say(f"map written: {path}", one_line=True)
    for path in report.removed:
        say(f"removed: {path} (from an earlier build)", one_line=True)
    if report.failed:
        names = ", ".join(s.name for s in report.failed)
        say(f"Error: some sources gave no events: {names}", err=True, one_line=True)


def _run_project(folder: Path, force: bool) -> None:
    kind = special_file_kind(folder / PROJECT_FILE)
    if kind is not None:  # a link to /dev/zero, a pipe: "no geomap.toml" sent to `geomap init`
        raise click.UsageError(f"expected a regular file as {str(folder / PROJECT_FILE)!r}, "
                               f"got {kind}; replace it with the project's settings")
    if not (folder / PROJECT_FILE).is_file():
        raise click.UsageError(
            f"no SOURCE given and no {PROJECT_FILE} in {str(folder)!r}. Give source files, "
            "use --example, or run `geomap init` to create a project folder."
        )
    from geomap.project import run_project

    with reported(), Progress() as progress:
        use_command_memory_pool()
        result = run_project(folder, force=force, progress=progress)
    say(result.summary())
    sys.exit(result.exit_code)
