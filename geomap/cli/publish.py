"""``geomap publish SOURCE... -o DIR``: a static web map of any number of events."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from geomap.cli.errors import reported
from geomap.cli.options import PathText, article_date_option, input_format_option
from geomap.cli.terminal import say


@click.command("publish")
@click.argument("sources", nargs=-1, required=True,
                type=PathText(exists=True, path_type=Path))
@click.option("-o", "--output", required=True, type=PathText(file_okay=False, path_type=Path),
              help="Folder for the site (index.html, events.pmtiles, data files).")
@click.option("--title", help=("Page title [default: a story's title, else one made from "
                                "the data, as 'ACLED: Mali, Niger, 2018-2025']."))
@input_format_option
@article_date_option
@click.option("--scheduler", metavar="ADDRESS",
              help="Make the tiles on a dask cluster: a scheduler address (tcp://host:8786), "
                   "or 'local' for a local cluster (needs geomap[dask]; docs/publish.md).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes reading and making tiles [default: one per core]; "
                   "with --scheduler local, the local cluster's workers.")
@click.option("--memory-limit", metavar="SIZE", default=None,
              help="With --scheduler local: memory limit per worker (e.g. 2GiB).")
def publish(sources: tuple[Path, ...], output: Path, title: str | None, input_format: str,
            article_date: date | None, scheduler: str | None, workers: int | None,
            memory_limit: str | None) -> None:
    """Publish SOURCE files (or folders of them) as a static web map in DIR: vector tiles
    in one PMTiles archive, province counts and a page that any static host serves (S3,
    GitHub Pages, nginx). Millions of events: the files are read in pieces, in bounded memory.

    \b
    Examples:
      geomap publish acled.csv -o site/
      geomap publish acled.csv ucdp.csv -o site/ --title "Sahel 2018-2025"
      geomap publish gdelt.tsv -o site/ --scheduler tcp://scheduler:8786
      geomap publish article.txt -o site/ --date 2024-08-05
    """
    from geomap.build import EXIT_INPUT_FAILED
    from geomap.publish.build import PublishOptions, describe, publish_site

    if memory_limit is not None and scheduler is None:
        raise click.UsageError("--memory-limit sets the memory of each worker of a dask "
                               "cluster: give --scheduler local with it (without --scheduler, "
                               "publish's worker processes have no memory limit)")
    with reported():
        from geomap.build.inputs import expand_folders

        sources = tuple(expand_folders(sources))
        options = PublishOptions(title=title, input_format=input_format,
                                 article_date=article_date,
                                 **({"workers": workers} if workers else {}))
        if scheduler is None:
            summary = publish_site(list(sources), output, options)
        else:
            from geomap.publish.distributed import publish_on_dask

            summary = publish_on_dask(list(sources), output, options, scheduler=scheduler,
                                      workers=workers, memory_limit=memory_limit)
    for line in describe(summary):
        say(line, one_line=True)
    if summary.failed:
        names = ", ".join(s.name for s in summary.failed)
        say(f"Error: some sources gave no events: {names}", err=True, one_line=True)
        sys.exit(EXIT_INPUT_FAILED)
