"""``geomap layers SOURCE... -o DIR --format geojson|gpkg|parquet``: write the layers."""

from __future__ import annotations

from pathlib import Path

import click

from geomap.cli.options import json_option

INPUT_FORMATS = ["auto", "acled", "ucdp", "gdelt", "geojson", "gpkg", "csv", "scenario"]


@click.command("layers")
@click.argument("sources", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder for the files.")
@click.option("--format", "fmt", type=click.Choice(["geojson", "gpkg", "parquet"]),
              default="geojson", show_default=True, help="File format of the layers.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto",
              show_default=True, help="Format of the sources; detected from the content.")
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
@click.option("--by", "periods", multiple=True, type=click.Choice(["month", "week"]),
              help="Also write admin1_by_<period> and admin0_by_<period> layers; repeatable.")
@json_option
def layers(sources: tuple[Path, ...], out_dir: Path, fmt: str, input_format: str,
           regions: tuple[str, ...], engine: str, scheduler: str | None, partitions: int,
           periods: tuple[str, ...], as_json: bool) -> None:
    """Read SOURCE files and write events, admin-1, admin-0, named-region, actor and
    relation layers to DIR (one file per layer; one GeoPackage with --format gpkg).

    Rejected rows go to DIR/rejects.csv with file, line and reason."""
    import json
    import sys

    from geomap.errors import GeomapError
    from geomap.layers.build import build_layers
    from geomap.layers.export import period_layers, write_layers
    from geomap.pipeline import BuildOptions, read_source
    from geomap.sources.report import write_rejects

    options = BuildOptions(input_format=input_format)
    try:
        with click.progressbar(sources, label="reading", file=sys.stderr,
                               item_show_func=lambda p: p.name if p else None) as bar:
            results = [read_source(path, options) for path in bar]
        click.echo("attaching and aggregating...", err=True)
        if engine == "dask":
            from geomap.layers.distributed import write_layers_on_dask

            paths = write_layers_on_dask([r.frame for r in results], out_dir, fmt,
                                         scheduler=scheduler, partitions=partitions)
        else:
            bundle = build_layers(results, regions=regions)
            paths = write_layers(bundle, out_dir, fmt, extra=period_layers(bundle, periods))
    except GeomapError as err:
        raise click.ClickException(str(err)) from err
    rejects = [r for result in results for r in result.rejects]
    if rejects:
        write_rejects(rejects, out_dir / "rejects.csv")
    for result in results:
        click.echo(json.dumps({"source": result.source, "rows_read": result.rows_read,
                               "accepted": result.rows_accepted,
                               "rejected": result.rows_rejected}) if as_json
                   else result.summary())
    for path in paths:
        click.echo(json.dumps({"written": str(path)}) if as_json else f"written {path}")
    if rejects:
        click.echo(f"rejected rows: {out_dir / 'rejects.csv'}", err=True)
