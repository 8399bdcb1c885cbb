"""``publish_site``: event files -> a static web map folder (tiles, aggregates, page).

The flow, in bounded memory whatever the number of events:

1. each source is read in pieces (:func:`geomap.sources.chunked.read_events_in_chunks`,
   the same readers and rejects as ``geomap build``);
2. each piece becomes records (:func:`geomap.publish.records.event_records`: attached to
   provinces and countries, positions in tile units, popup texts), its area counts are
   kept and its records staged on disk by bucket (:class:`geomap.publish.archive.Stage`);
3. bucket by bucket, the tiles of zooms 6-12 are made and spooled
   (:func:`geomap.publish.tiles.bucket_tiles`), then the density tiles of zooms 0-5 from
   every bucket's cell counts;
4. the archive (``events.pmtiles``) and the page's files are written.

Step 3 runs on a dask cluster with :func:`geomap.publish.distributed.publish_on_dask`;
both paths write identical files.
"""

from __future__ import annotations

import logging
import math
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from geomap.errors import ConfigError
from geomap.layers.build import attributions
from geomap.publish.archive import (
    GROUP_ROWS,
    Stage,
    TileSpool,
    archive_metadata,
    write_archive,
)
from geomap.publish.records import area_counts, combine_area_counts, event_records
from geomap.publish.site import ARCHIVE, SiteInfo, write_site
from geomap.publish.tiles import (
    EVENTS_PER_TILE,
    bucket_tiles,
    combine_cells,
    layer_metadata,
    low_zoom_tiles,
)
from geomap.sources.chunked import DEFAULT_CHUNK_BYTES, read_events_in_chunks
from geomap.sources.report import ReadResult, Reject, write_rejects

logger = logging.getLogger(__name__)

#: Makes the tiles of groups of buckets: records in, (tiles, low-zoom cell counts) out.
TileMaker = Callable[[Stage], Iterable[tuple[list[tuple[int, bytes]], pd.DataFrame]]]


@dataclass(frozen=True)
class PublishOptions:
    """How to publish a site.

    Attributes
    ----------
    title
        The page title; default: the first source's name.
    input_format
        ``"auto"`` or a reader name, as ``geomap build --format``.
    chunk_bytes
        About how many bytes of a source are read at once.
    group_rows
        About how many records one tile-making task takes (whole buckets).
    """

    title: str | None = None
    input_format: str = "auto"
    chunk_bytes: int = DEFAULT_CHUNK_BYTES
    group_rows: int = GROUP_ROWS

    def __post_init__(self) -> None:
        if self.chunk_bytes < 1 << 16:
            raise ConfigError(f"expected chunk_bytes of at least 65536, got {self.chunk_bytes!r}")
        if self.group_rows < 1:
            raise ConfigError(f"expected group_rows of at least 1, got {self.group_rows!r}")


@dataclass
class PublishSummary:
    """What a publish read and wrote."""

    output: Path
    #: per source: name, rows read, accepted, rejected
    sources: list[tuple[str, int, int, int]] = field(default_factory=list)
    rejects: Path | None = None
    events: int = 0
    tiles: int = 0
    archive_bytes: int = 0


@dataclass
class _Reading:
    """What the reading pass gathers: staged records, counts, rejects, extent."""

    stage: Stage
    counts: list[pd.DataFrame] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    firsts: list[ReadResult] = field(default_factory=list)
    summary: list[tuple[str, int, int, int]] = field(default_factory=list)
    bounds: list[float] = field(default_factory=lambda: [90.0, 180.0, -90.0, -180.0])
    events: int = 0


def publish_site(sources: Sequence[Path], output: Path, options: PublishOptions | None = None,
                 *, tile_maker: TileMaker | None = None) -> PublishSummary:
    """Publish event files as a static web map in the folder ``output``.

    Parameters
    ----------
    sources
        Event files (ACLED, UCDP GED, GDELT, tables, GeoJSON, scenarios).
    output
        The site folder; files of an earlier publish there are replaced.
    options
        Title, input format and reading piece size.
    tile_maker
        Makes the tiles of the staged buckets; default: in this process
        (:func:`local_tiles`). :mod:`geomap.publish.distributed` passes a dask one.

    Returns
    -------
    PublishSummary
        Rows per source, events published, tiles and archive size, rejects file.

    Examples
    --------
    >>> publish_site([Path("acled.csv")], Path("site"))  # doctest: +SKIP
    """
    options = options or PublishOptions()
    if not sources:
        raise ConfigError("expected at least one source file, got none")
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".publish-", dir=output) as staging:
        reading = read_all(sources, Stage(Path(staging), options.group_rows), options)
        spool = TileSpool()
        try:
            cells = []
            for tiles, low in (tile_maker or local_tiles)(reading.stage):
                spool.add(tiles)
                cells.append(low)
            spool.add(low_zoom_tiles(combine_cells(cells)))
            size = _write_outputs(output, reading, spool, sources, options)
        finally:
            spool.close()
    rejects = output / "rejects.csv" if reading.rejects else None
    if rejects is not None:
        write_rejects(reading.rejects, rejects)
    return PublishSummary(output=output, sources=reading.summary, rejects=rejects,
                          events=reading.events, tiles=len(spool.entries), archive_bytes=size)


def read_all(sources: Sequence[Path], stage: Stage, options: PublishOptions) -> _Reading:
    """Read every source in pieces; stage the records, keep counts and rejects."""
    reading = _Reading(stage)
    for number, path in enumerate(sources):
        if not Path(path).is_file():
            raise ConfigError(f"expected an existing source file, got {str(path)!r}")
        read = accepted = rejected = 0
        for piece in read_events_in_chunks(path, options.input_format,
                                           chunk_bytes=options.chunk_bytes):
            records = event_records(piece.frame, number)
            _gather(reading, piece, records)
            read, accepted = read + piece.rows_read, accepted + piece.rows_accepted
            rejected += piece.rows_rejected
        reading.summary.append((str(path), read, accepted, rejected))
        logger.info("%s: %d rows read, %d accepted, %d rejected", path, read, accepted, rejected)
    return reading


def _gather(reading: _Reading, piece: ReadResult, records: pa.Table) -> None:
    reading.stage.add(records)
    reading.counts.append(area_counts(records))
    reading.rejects += piece.rejects
    reading.events += records.num_rows
    if not reading.firsts or reading.firsts[-1].source != piece.source:
        reading.firsts.append(piece)
    frame = piece.frame
    if len(frame):
        lat = pd.to_numeric(frame["latitude"], errors="coerce").to_numpy(float)
        lon = pd.to_numeric(frame["longitude"], errors="coerce").to_numpy(float)
        box = reading.bounds
        with np.errstate(invalid="ignore"):
            box[:] = [min(box[0], np.nanmin(lat)), min(box[1], np.nanmin(lon)),
                      max(box[2], np.nanmax(lat)), max(box[3], np.nanmax(lon))]


def local_tiles(stage: Stage) -> Iterable[tuple[list[tuple[int, bytes]], pd.DataFrame]]:
    """Tiles of every group of buckets, made one group after another in this process."""
    for group in stage.groups():
        yield bucket_tiles(stage.read(group))


def _write_outputs(output: Path, reading: _Reading, spool: TileSpool, sources: Sequence[Path],
                   options: PublishOptions) -> int:
    info = SiteInfo(title=options.title or _title(sources[0]), bounds=_bounds(reading),
                    notes=[_DENSITY_NOTE.format(limit=EVENTS_PER_TILE)],
                    attributions=attributions(reading.firsts, None))
    counts = combine_area_counts(reading.counts)
    metadata = archive_metadata(info.title, layer_metadata(), " · ".join(info.attributions))
    south, west, north, east = info.bounds
    size = write_archive(output / ARCHIVE, spool, (west, south, east, north), metadata)
    write_site(output, info, counts)
    return size


_DENSITY_NOTE = ("Where a tile holds more than {limit:,} events, squares show their density; "
                 "zoom in for single events. The time filter works by month.")


def _bounds(reading: _Reading) -> tuple[float, float, float, float]:
    south, west, north, east = reading.bounds
    if not all(math.isfinite(v) for v in reading.bounds) or south > north:
        return -60.0, -180.0, 75.0, 180.0
    pad = 0.5
    return (max(south - pad, -85.0), max(west - pad, -180.0), min(north + pad, 85.0),
            min(east + pad, 180.0))


def _title(source: Path) -> str:
    return Path(source).stem.replace("_", " ").replace("-", " ").capitalize()


def describe(summary: PublishSummary) -> list[str]:
    """Lines that report a publish (the CLI prints them)."""
    lines = [f"{name}: {read} rows read, {ok} accepted, {rejected} rejected"
             for name, read, ok, rejected in summary.sources]
    if summary.rejects is not None:
        lines.append(f"rejected rows: {summary.rejects}")
    lines.append(f"site written: {summary.output} ({summary.events:,} events, "
                 f"{summary.tiles:,} tiles, {summary.archive_bytes / 1e6:.1f} MB archive)")
    return lines

