"""``geomap layers SOURCE... -o DIR --layer-format geojson|gpkg|parquet``: write the layers."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

import geomap
from geomap.cli.errors import reported
from geomap.cli.memory import use_command_memory_pool
from geomap.cli.options import (
    LAYER_FORMATS,
    PathText,
    article_date_option,
    deprecated_option,
    input_format_option,
    json_option,
    merged,
)
from geomap.cli.progress import Progress
from geomap.cli.terminal import say
from geomap.precision import PERIODS


@click.command("layers")
@click.argument("sources", nargs=-1, required=True,
                type=PathText(exists=True, path_type=Path))
@click.option("-o", "--output", "out_dir", required=True,
              type=PathText(file_okay=False, path_type=Path), help="Folder for the files.")
@click.option("--layer-format", type=click.Choice(LAYER_FORMATS), default="geojson",
              show_default=True, help="File format of the layers.")
@deprecated_option("--format", "--layer-format", "old_format", type=click.Choice(LAYER_FORMATS))
@input_format_option
@article_date_option
@click.option("--region", "regions", multiple=True, metavar="ID",
              help="Named region to aggregate (sahel, donbas...); repeatable.")
@click.option("--engine", type=click.Choice(["memory", "dask"]), default="memory",
              show_default=True, help="dask: attach and aggregate admin-1/admin-0 on a dask "
              "cluster over partitioned GeoParquet (needs geomap[dask]; docs/distributed.md).")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: a running scheduler (tcp://host:8786); default: a "
                   "local cluster.")
@click.option("--partitions", type=click.IntRange(min=1), default=8, show_default=True,
              help="With --engine dask: number of GeoParquet partitions.")
@click.option("--by", "periods", multiple=True, type=click.Choice(PERIODS),
              help="Also write admin1_by_<period> and admin0_by_<period> layers; repeatable. "
                   "By day: the events dated to the day.")
@json_option
def layers(sources: tuple[Path, ...], out_dir: Path, layer_format: str, old_format: str | None,
           input_format: str, article_date: date | None, regions: tuple[str, ...], engine: str,
           scheduler: str | None, partitions: int, periods: tuple[str, ...],
           as_json: bool) -> None:
    """Read SOURCE files (or folders of them) and write events, admin-1, admin-0,
    named-region, actor and relation layers to DIR (one file per layer; one GeoPackage
    with --layer-format gpkg).

    Rejected rows go to DIR/rejects.<hash>.csv with file, line and reason. Exit code: 0
    done; 1 some sources gave no events or the build failed; 2 bad options."""
    layer_format = merged("--layer-format", layer_format, "--format", old_format, "geojson")
    with reported():
        from geomap.build import build_steps, check_outputs, layers_plan, publish
        from geomap.build.inputs import expand_folders

        sources = tuple(expand_folders(sources))

        use_command_memory_pool()

        plan = layers_plan(list(sources), out_dir, layer_format=layer_format,
                           input_format=input_format, regions=regions, periods=periods,
                           engine=engine, scheduler=scheduler, partitions=partitions)
        check_outputs(plan)  # before any work
        with Progress() as progress:
            progress("reading sources", 1, build_steps(plan))
            bundle = geomap.layers(list(sources), regions=regions, format=input_format,
                                   date=article_date)
            report = publish(plan, bundle, progress=progress)
    for source in report.sources:
        say(json.dumps({"source": source.path, "rows_read": source.rows_read,
                               "accepted": source.rows_accepted,
                               "rejected": source.rows_rejected, "problem": source.problem})
                   if as_json else source.line(), one_line=True)
    for path in report.outputs.get("layers", []):
        say(json.dumps({"written": str(path)}) if as_json else f"written {path}",
            one_line=True)
    if report.rejects is not None:
        say(f"rejected rows: {report.rejects}", err=True, one_line=True)
    if report.warnings is not None:
        say(f"rows kept with a warning: {report.warnings}", err=True, one_line=True)
    sys.exit(report.exit_code)
