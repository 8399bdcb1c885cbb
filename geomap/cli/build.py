"""``geomap build``: make a map from sources, the bundled example, or a project folder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from geomap.cli.options import format_option

if TYPE_CHECKING:
    from geomap.pipeline import BuildSummary

EXAMPLE_OUTPUT = Path("output") / "mali-ukraine-2024.html"
PROJECT_FILE = "geomap.toml"


@click.command("build")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write [default: output/<name>.html].")
@click.option("--example", is_flag=True,
              help=f"Map the bundled Mali–Ukraine 2024 example into {EXAMPLE_OUTPUT}.")
@click.option("--offline/--cdn", default=True,
              help="--offline (the default): one self-contained page that opens with no "
                   "network (libraries inlined, vector basemap). --cdn: a smaller page that "
                   "loads its libraries and web map tiles from the internet.")
@click.option("--online", "online", is_flag=True, hidden=True,
              help="Deprecated spelling of --cdn.")
@click.option("--fragment", is_flag=True, help="Write an HTML fragment to embed in a page.")
@click.option("--id-prefix", metavar="PREFIX",
              help="Prefix of the map's element ids and JavaScript names (letters and digits; "
                   "default: a hash of the map). Copies of one fragment work side by side "
                   "without it.")
@format_option
@click.option("--title", help="Map title [default: the scenario's title or the file name].")
@click.option("--date", "article_date", metavar="YYYY-MM-DD",
              help="Date that relative dates in articles resolve against.")
def build(sources: tuple[Path, ...], output: Path | None, example: bool, offline: bool,
          online: bool, fragment: bool, id_prefix: str | None, input_format: str,
          title: str | None, article_date: str | None) -> None:
    """Make an HTML map from SOURCE files (event data, scenario YAML, articles).

    \b
    Examples:
      geomap build --example
      geomap build story.yaml -o briefing.html
      geomap build acled.csv --cdn          (smaller page, needs a network)
      geomap build acled.csv ucdp.csv --title "Sahel 2024"
      geomap build article.txt --date 2024-08-05
      geomap build                 (in a folder with geomap.toml: rebuild the project)
    """
    from geomap.pipeline import BuildOptions

    if example and sources:
        raise click.UsageError("give either --example or SOURCE files, not both")
    if not example and not sources:
        _run_project(Path.cwd())
        return
    if online:
        click.echo("warning: --online is deprecated; use --cdn", err=True)
    render = {} if id_prefix is None else {"element_id_prefix": _prefix(id_prefix)}
    options = BuildOptions(input_format=input_format, title=title,
                           offline=offline and not online, fragment=fragment,
                           article_date=article_date, render=render)
    paths = list(sources)
    if example:
        from geomap.sources.scenario import example_path

        paths, output = [example_path()], output or EXAMPLE_OUTPUT
    _echo_summary(_build(paths, output, options))


def _prefix(value: str) -> str:
    from geomap.errors import ConfigError
    from geomap.render.ids import check_prefix

    try:
        return check_prefix(value)
    except ConfigError as err:
        raise click.BadParameter(str(err), param_hint="--id-prefix") from err


def _build(paths: list[Path], output: Path | None, options: Any) -> BuildSummary:
    from geomap.errors import GeomapError
    from geomap.pipeline import build_map

    try:
        return build_map(paths, output, options=options)
    except GeomapError as err:
        raise click.ClickException(str(err)) from err


def _echo_summary(summary: BuildSummary) -> None:
    for source in summary.sources:
        merged = f", {source.merged} merged as repeats" if source.merged else ""
        click.echo(f"{source.source}: {source.rows_read} rows read, {source.rows_accepted} "
                   f"accepted, {source.rows_rejected} rejected{merged} ({source.format})")
    if summary.rejects is not None:
        click.echo(f"rejected rows: {summary.rejects}")
    click.echo(f"map written: {summary.output}")


def _run_project(folder: Path) -> None:
    if not (folder / PROJECT_FILE).is_file():
        raise click.UsageError(
            f"no SOURCE given and no {PROJECT_FILE} in {str(folder)!r}. Give source files, "
            "use --example, or run `geomap init` to create a project folder."
        )
    from geomap.errors import GeomapError
    from geomap.project import run_project

    bars: dict[str, Any] = {}

    def progress(label: str, done: int, total: int) -> None:
        # One click progress bar per stage, drawn only on a terminal (the CLI's job).
        bar = bars.get(label)
        if bar is None:
            bar = bars[label] = click.progressbar(length=max(total, 1), label=label,
                                                  file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)
        if done >= total:
            bar.__exit__(None, None, None)

    try:
        result = run_project(folder, progress=progress)
    except GeomapError as err:
        raise click.ClickException(str(err)) from err
    finally:
        for bar in bars.values():
            if bar.pos < bar.length:
                bar.__exit__(None, None, None)
    click.echo(result.summary())
