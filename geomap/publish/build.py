"""``publish_site``: event files -> a static web map folder (tiles, aggregates, page).

The flow, in bounded memory whatever the number of events, as tasks
(:mod:`geomap.publish.tasks`) in a pool of worker processes:

1. each source is cut into pieces (:func:`geomap.sources.chunked.plan_pieces`), and each
   piece is read (the same readers and rejects as ``geomap build``), turned into records
   (:func:`geomap.publish.records.event_records`: attached to provinces and countries,
   positions in tile units, popup texts) and staged on disk by bucket
   (:func:`geomap.publish.archive.stage_records`); its area counts come back;
2. when there are several pieces, the events held twice (in two pieces of one file, or
   in two files) are found partition by partition and left out of the later piece's
   staged records and counts, as ``geomap build`` merges or rejects them
   (:mod:`geomap.publish.repeats`);
3. group by group of buckets, the tiles of zooms 9-12 are made
   (:func:`geomap.publish.tiles.bucket_tiles`) and spooled, then the density tiles of
   zooms 0-8 from every bucket's cell counts;
4. the rejects and warnings, the archive (``events.pmtiles``) and the page's files are
   staged, and the site folder is published as one unit, as ``geomap build`` publishes
   its outputs (:class:`geomap.build.outputs.Publisher`, :class:`geomap._atomic.OutputSet`):
   the same checks on every output, the rejects and warnings files named by their
   content (``rejects.<hash>.csv``), every file renamed into place under one lock, and an
   earlier publish's rejects or warnings that no longer apply removed.

On a dask cluster (:func:`geomap.publish.distributed.publish_on_dask`) the same tasks
run on the cluster's workers; both paths write identical files.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import logging
import math
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from geomap._atomic import DISK_REFUSALS, describe_os_error, os_error_number, work_folder
from geomap._workers import process_pool
from geomap.build.config import check_utf8
from geomap.build.inputs import check_sources
from geomap.build.outputs import Publisher, check_outputs
from geomap.build.plan import BuildPlan, SourceSpec
from geomap.errors import ConfigError, InputError, OutputError
from geomap.layers.build import (
    attributions,
    caveat_notes,
    id_hashes,
    ids_of_several,
    ids_told_apart,
    missing_notes,
    story_heading,
)
from geomap.model import GUESSED_PLACE
from geomap.publish.actors import actors_json, combine_actor_counts
from geomap.publish.archive import (
    GROUP_ROWS,
    Stage,
    TileSpool,
    archive_metadata,
    read_staged,
    tile_sources,
    write_archive,
)
from geomap.publish.overlays import (
    busiest_names,
    combine_actor_parts,
    data_layers,
    lazy_footprints,
    several_stories_line,
    site_layers,
    story_sources,
    story_title,
)
from geomap.publish.records import (
    OTHER,
    OWN_TYPES_LIMIT,
    OWN_TYPES_START,
    combine_area_counts,
    combine_filter_counts,
    filter_lists,
    histogram_bins,
    site_title,
    site_types,
    type_list,
    type_lookup,
)
from geomap.publish.repeats import MAX_PARTITIONS, stage_partition_repeats
from geomap.publish.site import ARCHIVE, SiteInfo, check_site_folder, write_site
from geomap.publish.tasks import (
    FRAME_STEP,
    PieceOutcome,
    PieceProblem,
    drop_repeats,
    group_tiles,
    read_piece,
)
from geomap.publish.tiles import (
    EVENTS_MIN_ZOOM,
    EVENTS_PER_TILE,
    combine_cells,
    dense_tiles,
    layer_metadata,
    low_leaves,
    low_zoom_tiles,
)
from geomap.sources.chunked import DEFAULT_CHUNK_BYTES, plan_pieces
from geomap.sources.repeats import ORDER_BITS
from geomap.sources.report import ReadResult, Reject, SourceReport, nothing_to_map, problem_of

logger = logging.getLogger(__name__)
T = TypeVar("T")
#: The groups' cell counts of the zooms above the buckets are added up every this many
#: groups, so that the main process holds one running sum and a few groups' counts
#: rather than a list of every group's. At 100M events this did not lower the main
#: process's peak (5.06 GiB at the end of the tile pass, docs/benchmarks.md): the running
#: sum itself is most of it.
CELL_FOLD = 16

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
    workers
        Processes reading pieces and making tiles at once (default: one per core);
        ``1`` does everything in this process.
    article_date
        The date relative dates in articles resolve against (``geomap build --date``).
    """

    title: str | None = None
    input_format: str = "auto"
    chunk_bytes: int = DEFAULT_CHUNK_BYTES
    group_rows: int = GROUP_ROWS
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    article_date: date | None = None

    def __post_init__(self) -> None:
        if self.title is not None:  # checked at the end, while the page was written
            check_utf8(self.title, "title")
        if self.chunk_bytes < 1 << 16:
            raise ConfigError(f"expected chunk_bytes of at least 65536, got {self.chunk_bytes!r}")
        if self.workers < 1:
            raise ConfigError(f"expected at least 1 worker, got {self.workers!r}")
        if self.group_rows < 1:
            raise ConfigError(f"expected group_rows of at least 1, got {self.group_rows!r}")


@dataclass
class PublishSummary:
    """What a publish read and wrote."""

    output: Path
    #: per source (named by its path): rows read, accepted, rejected, merged as repeats
    sources: list[SourceReport] = field(default_factory=list)
    rejects: Path | None = None
    #: rows kept but doubtful (as ``geomap build``'s warnings file)
    warnings: Path | None = None
    events: int = 0
    tiles: int = 0
    archive_bytes: int = 0
    #: the scenarios among the sources (file names, in source order): the first tells the
    #: site's story, the others add their events only
    stories: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[SourceReport]:
        """The sources that gave nothing to map (the site is made from the others)."""
        return [s for s in self.sources if s.failed]


@dataclass
class _Reading:
    """What the reading pass gathers: staged records, counts, rejects, extent."""

    stage: Stage
    counts: list[pd.DataFrame] = field(default_factory=list)
    actors: list[pd.DataFrame] = field(default_factory=list)
    filters: list[pd.DataFrame] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    warnings: list[Reject] = field(default_factory=list)
    samples: list[ReadResult] = field(default_factory=list)
    layers: list[dict[str, Any] | None] = field(default_factory=list)  # scenarios' layers
    countries: list[pd.DataFrame] = field(default_factory=list)  # events per country
    mentions: list[pd.DataFrame] = field(default_factory=list)  # actor mentions per name
    summary: list[SourceReport] = field(default_factory=list)
    bounds: list[float] = field(default_factory=lambda: [90.0, 180.0, -90.0, -180.0])
    spread: list[np.ndarray] | None = None  # tasks.located_spread, summed over the pieces
    events: int = 0
    outside: int = 0  # events outside the country their row states
    coarse: int = 0  # events coarser than a province
    lost: int = 0  # events in no country
    left_out: int = 0  # events the articles tell that are not on the map
    titles: list[pd.DataFrame] = field(default_factory=list)  # records.title_counts
    types: list[str] = field(default_factory=list)  # the site's own types (_site_types)
    type_notes: list[str] = field(default_factory=list)  # own types drawn as "Other"


def publish_site(sources: Sequence[Path], output: Path, options: PublishOptions | None = None,
                 *, executor: Executor | None = None) -> PublishSummary:
    """Publish event files as a static web map in the folder ``output``.

    Parameters
    ----------
    sources
        Event files (ACLED, UCDP GED, GDELT, tables, GeoJSON, scenarios).
    output
        The site folder; files of an earlier publish there are replaced.
    options
        Title, input format, piece and group sizes, worker processes.
    executor
        Runs the reading and tile-making tasks (a ``concurrent.futures.Executor``);
        default: a pool of ``options.workers`` processes on this machine.
        :mod:`geomap.publish.distributed` passes a dask cluster's.

    Returns
    -------
    PublishSummary
        Rows per source, events published, tiles and archive size, rejects and warnings
        files.

    Raises
    ------
    geomap.errors.ConfigError
        Before any work, for a missing source, or a site folder that would replace a
        source or cannot hold the site.
    geomap.errors.OutputError
        Before any work, for a folder that cannot be written; later, when the disk
        refuses (the earlier site stays as it was).

    Examples
    --------
    >>> publish_site([Path("acled.csv")], Path("site"))  # doctest: +SKIP
    """
    options = options or PublishOptions()
    plan = site_plan(sources, Path(output), options)
    check_site_folder(sources, Path(output))
    check_outputs(plan)
    output = Path(output)
    made = not output.exists()
    output.mkdir(parents=True, exist_ok=True)
    try:
        return _publish_into(output, plan, sources, options, executor)
    except BaseException as err:
        if made:  # a failed first publish leaves no empty folder behind
            with contextlib.suppress(OSError):
                output.rmdir()
        if isinstance(err, OSError) and os_error_number(err) in DISK_REFUSALS:
            # staged work (pyarrow's files) filled the disk: name the site, not a bare errno
            raise OutputError(describe_os_error(err, output)) from err
        raise


def _publish_into(output: Path, plan: BuildPlan, sources: Sequence[Path],
                  options: PublishOptions, executor: Executor | None) -> PublishSummary:
    publisher = Publisher(plan)
    with work_folder(output / "publish-staging") as staging, \
            _executor(executor, options.workers) as pool, publisher.outputs:
        reading = read_all(sources, Stage(Path(staging), options.group_rows), options, pool)
        if not reading.events:
            raise InputError(_nothing_to_publish(reading, sources))
        reading.stage.sources = tile_sources(combine_filter_counts(reading.filters))
        spool = TileSpool()
        try:
            rows = reading.stage.rows()
            leaves = low_leaves(rows)
            # without a story, the single page's layers of event data: its busiest actors
            story = any(found is not None for found in reading.layers)
            names = [] if story else busiest_names(reading.mentions)
            groups = [(reading.stage, group, {b: leaves[b] for b in group if b in leaves}, names)
                      for group in reading.stage.groups(leaves)]
            cells, parts, days, daily = [], [], [], []
            for tiles, low, part, reach, per_day in in_order(pool, group_tiles, groups):
                spool.add(tiles)
                cells.append(low)
                if len(cells) >= CELL_FOLD:
                    cells = [combine_cells(cells)]
                parts.append(part)
                days += [reach] if reach is not None else []
                daily.append(per_day)
            actors = combine_actor_parts(parts)
            spool.add(low_zoom_tiles(combine_cells(cells), dense_tiles(rows, leaves)))
            leaf_from = min(leaves.values(), default=EVENTS_MIN_ZOOM)
            data = None if story else data_layers(reading.countries, names, actors)
            span = _day_span(days)
            summary = _stage_site(publisher, output, reading, spool, sources, options,
                                  leaf_from, data, span, histogram_bins(daily, span))
        finally:
            spool.close()
        publisher.outputs.publish()
    summary.tiles = len(spool.entries)
    return summary


def site_plan(sources: Sequence[Path], output: Path, options: PublishOptions) -> BuildPlan:
    """The build plan of a site: its sources, and its rejects and warnings files in the
    site folder (``rejects.<hash>.csv``, ``warnings.<hash>.csv``).

    Raises
    ------
    geomap.errors.ConfigError
        For no source, or a source that is not an existing regular file or whose name is
        not UTF-8.
    """
    if not sources:
        raise ConfigError("expected at least one source file, got none", key="sources")
    specs = tuple(SourceSpec(Path(p), options.input_format) for p in sources)
    check_sources(specs)  # a name that is not UTF-8 failed in a worker, as a traceback
    check_utf8(str(output), "output")
    for path in sources:
        if not Path(path).is_file():
            raise ConfigError(f"expected an existing source file, got {str(path)!r}",
                              key="sources")
    # every file checked again as it is staged: a lib/ swapped for a link since
    # check_site_folder ran, before the sources were read, is refused
    return BuildPlan(sources=specs, rejects=Path(output) / "rejects.csv",
                     roots=(Path(output),), root_kind="site")


@contextlib.contextmanager
def _executor(given: Executor | None, workers: int) -> Iterator[Executor | None]:
    """The executor given, a process pool of ``workers``, or None (run here) for one."""
    if given is not None or workers == 1:
        yield given
        return
    with process_pool(workers, start_method="spawn") as pool:
        yield pool


def in_order(pool: Executor | None, function: Callable[..., T],
             arguments: Sequence[tuple[Any, ...]], in_flight: int = 4) -> Iterator[T]:
    """``function(*args)`` for each of ``arguments``, in order, with at most ``in_flight``
    tasks submitted ahead (results wait in memory only that long)."""
    if pool is None:
        for args in arguments:
            yield function(*args)
        return
    pending: collections.deque[Future[T]] = collections.deque()
    for args in arguments:
        pending.append(pool.submit(function, *args))
        if len(pending) > in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def read_all(sources: Sequence[Path], stage: Stage, options: PublishOptions,
             pool: Executor | None = None) -> _Reading:
    """Read every source in pieces (in ``pool``); stage the records, keep counts, rejects;
    then leave out the events found again in a later piece (:func:`_without_repeats`).

    A source its reader cannot read at all (wrong columns, unknown format) is left out
    whole and reported with the reason, as ``geomap build`` does: the site is made from
    the others."""
    problems: dict[int, str] = {}
    planned = []
    for number, path in enumerate(sources):
        try:
            pieces = plan_pieces(path, options.input_format, chunk_bytes=options.chunk_bytes,
                                 article_date=options.article_date)
        except InputError as err:
            problems[number] = str(err)
            continue
        planned += [(number, k, piece) for k, piece in enumerate(pieces)]
    partitions = min(len(planned), MAX_PARTITIONS) if len(planned) > 1 else 0
    tasks = [(piece, number, stage.folder / f"records-{number:03d}-{k:05d}.arrow", partitions)
             for number, k, piece in planned]
    read = list(in_order(pool, read_piece, tasks, in_flight=max(1, options.workers - 1)))
    for found in read:
        if isinstance(found, PieceProblem):
            problems.setdefault(found.source, found.message)
    kept = []
    for task, found in zip(tasks, read, strict=True):
        if isinstance(found, PieceOutcome) and found.source in problems:
            _discard(found)  # a source is read whole or not at all
        elif isinstance(found, PieceOutcome):
            kept.append((task, found))
    outcomes = _without_repeats([found for _, found in kept], [task for task, _ in kept],
                                [str(path) for path in sources], pool)
    reading = _Reading(stage)
    reading.types, reading.type_notes = _site_types(outcomes, sources)
    _tell_ids_apart(outcomes, sources)
    totals = [SourceReport(str(path), str(path), "", 0, 0, 0) for path in sources]
    repeated: list[dict[str, None]] = [{} for _ in sources]  # earlier sources, in order
    for outcome in outcomes:
        _gather(reading, outcome)
        total = totals[outcome.source]
        total.format = outcome.sample.format
        total.rows_read += outcome.rows_read
        total.rows_accepted += outcome.accepted
        total.rows_rejected += outcome.rejected
        total.merged += outcome.merged
        total.left_out = "; ".join(filter(None, (total.left_out, *outcome.left_out)))
        total.unread_columns = total.unread_columns or tuple(outcome.unread_columns)  # one header
        repeated[outcome.source].update(dict.fromkeys(outcome.merged_with))
    for number, (total, others) in enumerate(zip(totals, repeated, strict=True)):
        total.merged_with = "; ".join(others)
        if number in problems:
            logger.warning("%s", problems[number])
            total.problem = f"not read: {problems[number]}"
            total.format = total.format or options.input_format
        else:
            total.problem = problem_of(total.format, total.rows_read, total.rows_accepted,
                                       bool(others), total.left_out)
        reading.summary.append(total)
        logger.info("%s", total.line())
    return reading


def _site_types(outcomes: list[PieceOutcome], sources: Sequence[Path]
                ) -> tuple[list[str], list[str]]:
    """The site's own event types (:func:`~geomap.publish.records.site_types`, at most
    :data:`~geomap.publish.records.OWN_TYPES_LIMIT`), given to each piece's counts and
    staged records (``outcomes`` are changed in place); and, for types beyond the limit,
    drawn as "Other", a note for each file that first has one, naming how many and which
    (logged as a warning too)."""
    ordered = site_types([(outcome.types, outcome.counts) for outcome in outcomes])
    listed, beyond = ordered[:OWN_TYPES_LIMIT], ordered[OWN_TYPES_LIMIT:]
    for k, outcome in enumerate(outcomes):
        if not outcome.types:
            continue
        lookup = type_lookup(outcome.types, listed)
        counts = outcome.counts.copy()
        own = counts["t"].to_numpy() >= OWN_TYPES_START
        counts.loc[own, "t"] = np.asarray(lookup)[counts.loc[own, "t"] - OWN_TYPES_START]
        staged = dataclasses.replace(outcome.staged, types=lookup) if outcome.staged else None
        outcomes[k] = dataclasses.replace(outcome, counts=counts, staged=staged)
    return listed, _types_beyond_notes(outcomes, set(beyond), sources)


def _tell_ids_apart(outcomes: list[PieceOutcome], sources: Sequence[Path]) -> None:
    """Give each piece's staged records the new names of its ids that ``geomap build``
    would tell apart (:func:`geomap.layers.build.ids_told_apart`, on the ids another
    source gives too, found by their hashes over every piece of each source, and those
    holding its separator, which a new name could meet: no other id can change its
    outcome), to be taken as the records are read back; and drop the pieces' id hashes
    (the tile tasks need only those few names). ``outcomes`` are changed in place."""
    per_source: dict[int, list[np.ndarray]] = {}
    for outcome in outcomes:
        if outcome.staged is not None and outcome.staged.ids is not None:
            per_source.setdefault(outcome.source, []).append(outcome.staged.ids)
    shared = ids_of_several([np.concatenate(found) for found in per_source.values()])
    renamed = _renamed_ids(outcomes, sources, shared) if len(shared) else {}
    for k, outcome in enumerate(outcomes):
        if outcome.staged is not None:
            outcomes[k] = dataclasses.replace(outcome, staged=dataclasses.replace(
                outcome.staged, ids=None, marked=(),
                renamed=tuple(renamed.get(outcome.source, {}).items())))


def _renamed_ids(outcomes: list[PieceOutcome], sources: Sequence[Path], shared: np.ndarray
                 ) -> dict[int, dict[str, str]]:
    """Per source, its ids that :func:`geomap.layers.build.ids_told_apart` renames (the
    ids of ``shared`` hashes, read from the staged records, and the marked ones)."""
    rows: dict[tuple[int, str], None] = {}
    for outcome in outcomes:
        staged = outcome.staged
        if staged is None:
            continue
        if staged.ids is not None and np.isin(staged.ids, shared).any():
            ids = read_staged(staged.path)["id"].to_pandas()
            rows.update(dict.fromkeys((outcome.source, text) for text in
                                      ids[np.isin(id_hashes(ids), shared)].unique()))
        rows.update(dict.fromkeys((outcome.source, text) for text in staged.marked))
    found = pd.DataFrame(list(rows), columns=["source", "id"]).sort_values("source", kind="stable")
    told = ids_told_apart(found["id"], found["source"].map(lambda n: str(sources[n])),
                          order=[str(path) for path in sources])
    renamed: dict[int, dict[str, str]] = {}
    for source, old, new in zip(found["source"], found["id"], told, strict=True):
        if new != old:
            renamed.setdefault(int(source), {})[old] = new
    return renamed


def _types_beyond_notes(outcomes: Sequence[PieceOutcome], beyond: set[str],
                        sources: Sequence[Path]) -> list[str]:
    """For each file that first has a type of ``beyond``, a note naming how many and
    which (logged as a warning with the file's path)."""
    by_file: dict[int, list[str]] = {}
    for outcome in outcomes:
        for name in outcome.types:
            if name in beyond:
                beyond.discard(name)
                by_file.setdefault(outcome.source, []).append(name)
    notes = []
    for source, names in by_file.items():
        shown = ", ".join(repr(name) for name in names[:10]) + (", ..." if len(names) > 10 else "")
        told = (f"{len(names):,} event type{'s' if len(names) > 1 else ''} beyond the "
                f"{OWN_TYPES_LIMIT} a site lists by name (those with the most events) "
                f"{'are' if len(names) > 1 else 'is'} drawn as \"Other\": {shown}")
        logger.warning("%s: %s", sources[source], told)
        notes.append(f"{Path(sources[source]).name}: {told[0].upper()}{told[1:]}.")
    return notes


def _nothing_to_publish(reading: _Reading, sources: Sequence[Path]) -> str:
    """Why no site is made: each source's problem, the first rejected rows; a story
    without events is drawn by ``geomap build`` (a site is made of events)."""
    reports = [dataclasses.replace(r, problem=r.problem or _STORY_ALONE)
               if r.format == "scenario" else r for r in reading.summary]
    order = {str(path): n for n, path in enumerate(sources)}
    first = sorted(reading.rejects, key=lambda r: (order.get(r.file, 0), r.line or 0))
    return nothing_to_map(reports, first, "publish")


_STORY_ALONE = ("a story with no events: `geomap build` draws its actors and relations; a "
                "site needs events")


def _discard(outcome: PieceOutcome) -> None:
    """Remove the files a piece staged (of a source left out)."""
    for path in (outcome.staged.path if outcome.staged else None, outcome.keys,
                 outcome.title_rows):
        if path is not None:
            path.unlink(missing_ok=True)


def _without_repeats(outcomes: list[PieceOutcome], tasks: Sequence[tuple[Any, ...]],
                     names: list[str], pool: Executor | None) -> list[PieceOutcome]:
    """The pieces' outcomes without the events an earlier piece holds (the rule of
    :mod:`geomap.sources.repeats`, found partition by partition and staged by piece:
    :mod:`geomap.publish.repeats`; this process holds only their counts)."""
    files = [outcome.keys for outcome in outcomes if outcome.keys is not None]
    if len(files) < 2:
        return outcomes  # one piece: its reader has dealt with its repeats
    starts = np.array([(number << ORDER_BITS) + piece.line for piece, number, _, _ in tasks],
                      dtype=np.int64)
    folder = files[0].parent
    staged = [(folder / f"repeats-{p:05d}.arrow", found) for p, found in enumerate(in_order(
        pool, stage_partition_repeats, [(files, p, starts, folder / f"repeats-{p:05d}.arrow")
                                        for p in range(tasks[0][3])]))]
    changed = sorted({piece for _, found in staged for piece in found})
    jobs = [(outcomes[i], [path for path, found in staged if found], i, names,
             tasks[i][2].with_suffix(".kept.arrow")) for i in changed]
    for i, amended in zip(changed, in_order(pool, drop_repeats, jobs), strict=True):
        outcomes[i] = amended
    return outcomes


def _gather(reading: _Reading, outcome: PieceOutcome) -> None:
    if outcome.staged is not None:
        reading.stage.add(outcome.staged)
    reading.counts.append(outcome.counts)
    reading.actors.append(outcome.actors)
    reading.filters.append(outcome.filters)
    reading.rejects += outcome.rejects
    reading.warnings += outcome.warnings + outcome.outside
    reading.outside += len(outcome.outside)
    reading.left_out += len(outcome.left_out)
    reading.coarse += outcome.caveats[0]
    reading.lost += outcome.caveats[1]
    if outcome.title is not None:
        reading.titles.append(outcome.title)
    reading.events += outcome.events
    reading.samples.append(outcome.sample)
    reading.layers.append(outcome.layers)
    if outcome.countries is not None and outcome.mentions is not None:
        reading.countries.append(outcome.countries)
        reading.mentions.append(outcome.mentions)
    if outcome.spread is not None:
        if reading.spread is None:
            reading.spread = [counts.copy() for counts in outcome.spread]
        else:
            for total, counts in zip(reading.spread, outcome.spread, strict=True):
                total += counts
    box, found = reading.bounds, outcome.bounds
    if found is not None:
        box[:] = [min(box[0], found[0]), min(box[1], found[1]), max(box[2], found[2]),
                  max(box[3], found[3])]


def _stage_site(publisher: Publisher, output: Path, reading: _Reading, spool: TileSpool,
                sources: Sequence[Path], options: PublishOptions,
                leaf_from: int, data: dict[str, Any] | None = None,
                days: tuple[int, int] | None = None,
                histogram: dict[str, Any] | None = None) -> PublishSummary:
    """Stage the rejects and warnings first, then the archive, the data and the page (the
    page, which names the rejects, last)."""
    layers = site_layers(reading.layers, _datasets(reading.samples), data)
    story = next((found for found in reading.layers if found is not None), {})
    counts = combine_area_counts(reading.counts)
    present = sorted(set(counts["t"].tolist()))
    # an ACLED site's list is its styles' (site.json as before)
    types = type_list(reading.types, present) if max(present, default=0) > OTHER else None
    stories = [found for found in reading.layers if found is not None]
    told, subtitle = story_heading(story_title(reading.layers), story.get("subtitle", ""),
                                   articles=all(found.get("article") for found in stories),
                                   other_data=any(dataset != "scenario" for dataset
                                                  in _datasets(reading.samples)))
    info = SiteInfo(title=options.title or told or site_title(reading.titles)
                    or _title(sources[0]),
                    subtitle=subtitle or "", bounds=_bounds(reading),
                    frame=opening_frame(reading.spread),
                    notes=[_site_note(leaf_from), *_failed_note(reading.summary),
                           # counts only: the rejects and warnings files are the author's
                           *caveat_notes(reading.coarse, reading.outside, reading.lost,
                                         sum(w.kind == GUESSED_PLACE for w in reading.warnings),
                                         files=False),
                           *missing_notes(sum(r.rows_rejected for r in reading.summary),
                                          reading.left_out, files=False),
                           *reading.type_notes],
                    leaf_from=leaf_from, days=days, histogram=histogram,
                    attributions=attributions(reading.samples, None),
                    rejects=publisher.stage_rows(reading.rejects),
                    warnings=publisher.stage_rows(reading.warnings, warnings=True),
                    types=types)
    metadata = archive_metadata(info.title, layer_metadata(leaf_from, reading.stage.bounds,
                                                         reading.stage.sources),
                                " · ".join(info.attributions))
    south, west, north, east = info.bounds
    size = write_archive(publisher.stage(output / ARCHIVE), spool, (west, south, east, north),
                         metadata)
    write_site(publisher.stage, output, info, counts,
               actors_json(combine_actor_counts(reading.actors)),
               filter_lists(combine_filter_counts(reading.filters)), layers,
               lazy_footprints(reading.layers, data))
    return PublishSummary(output=output, sources=reading.summary, rejects=info.rejects,
                          warnings=info.warnings, events=reading.events, archive_bytes=size,
                          stories=story_sources(reading.layers))


_DENSITY_NOTE = ("Where a tile holds more than {limit:,} events, squares show their density; "
                 "zoom in for single events. The markers follow the days selected; the counts "
                 "and province colours follow whole months, the squares calendar quarters "
                 "(a month or quarter partly selected counts whole).")
_MARKERS_NOTE = ("The markers follow the days selected; the counts and province colours follow "
                 "whole months (a month partly selected counts whole).")


def _day_span(reaches: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """The first and last day of the groups' :func:`~geomap.publish.tasks.day_range`."""
    if not reaches:
        return None
    return min(first for first, _ in reaches), max(last for _, last in reaches)


def _failed_note(reports: Sequence[SourceReport]) -> list[str]:
    """The page's note naming the sources that gave nothing, and why."""
    failed = [f"{Path(r.name).name}: {(r.problem or '').rstrip('.')}" for r in reports
              if r.problem]
    return [f"Not on this map: {'; '.join(failed)}."] if failed else []


def _site_note(leaf_from: int) -> str:
    """The page's note on what it draws: a site whose world tile is a leaf (at most
    ``EVENTS_PER_TILE`` events) has no density squares to explain."""
    return _MARKERS_NOTE if leaf_from == 0 else _DENSITY_NOTE.format(limit=EVENTS_PER_TILE)


def _bounds(reading: _Reading) -> tuple[float, float, float, float]:
    south, west, north, east = reading.bounds
    if not all(math.isfinite(v) for v in reading.bounds) or south > north:
        return -60.0, -180.0, 75.0, 180.0
    return _padded(south, west, north, east)


def _padded(south: float, west: float, north: float, east: float
            ) -> tuple[float, float, float, float]:
    pad = 0.5
    return (max(south - pad, -85.0), max(west - pad, -180.0), min(north + pad, 85.0),
            min(east + pad, 180.0))


def opening_frame(spread: Sequence[np.ndarray] | None
                  ) -> tuple[float, float, float, float] | None:
    """What the site opens on (south, west, north, east): the events located to a
    province or better (``spread``: :func:`~geomap.publish.tasks.located_spread`, summed),
    trimmed of the outermost 0.5% on each side when there are 200 or more, the single
    page's rule (:func:`geomap.layers.build.story_bounds`): one stray row in Paris opened
    a site of the Sahel and Ituri on Europe. None when no event is located."""
    if spread is None:
        return None
    latitudes, longitudes = spread
    total = int(latitudes.sum())
    if not total:
        return None
    cut = int(total * 0.005) if total >= 200 else 0
    first_row, last_row = _kept_steps(latitudes, cut)
    first_column, last_column = _kept_steps(longitudes, cut)
    return _padded(first_row * FRAME_STEP - 90, first_column * FRAME_STEP - 180,
                   last_row * FRAME_STEP - 90, last_column * FRAME_STEP - 180)


def _kept_steps(counts: np.ndarray, cut: int) -> tuple[int, int]:
    """The first step and the end of the last one left when ``cut`` events are taken off
    each end of ``counts``."""
    running = np.cumsum(counts)
    first = int(np.searchsorted(running, cut, side="right"))
    last = int(np.searchsorted(running, running[-1] - cut, side="left"))
    return first, last + 1


def _datasets(samples: Sequence[ReadResult]) -> list[str]:
    """The datasets of the events read (``acled``, ``scenario``...)."""
    found = {str(name) for sample in samples if "dataset" in sample.frame
             for name in sample.frame["dataset"].dropna().unique()}
    return sorted(found)


def _title(source: Path) -> str:
    return Path(source).stem.replace("_", " ").replace("-", " ").capitalize()


def describe(summary: PublishSummary) -> list[str]:
    """Lines that report a publish (the CLI prints them)."""
    lines = [source.line().removesuffix(f" ({source.format})") for source in summary.sources]
    if summary.rejects is not None:
        lines.append(f"rejected rows: {summary.rejects}")
    if summary.warnings is not None:
        lines.append(f"rows kept with a warning: {summary.warnings}")
    several = several_stories_line(summary.stories)
    if several is not None:
        lines.append(several)
    lines.append(f"site written: {summary.output} ({summary.events:,} events, "
                 f"{summary.tiles:,} tiles, {summary.archive_bytes / 1e6:.1f} MB archive)")
    return lines

