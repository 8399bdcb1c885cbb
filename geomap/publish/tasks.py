"""The kinds of task a publish is made of, run in worker processes or on dask workers.

Each takes and returns plain picklable values and touches only files under the staging
folder, so any executor runs them: a local process pool, or a dask cluster whose
workers see the same files.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from geomap.errors import InputError
from geomap.precision import Precision
from geomap.publish.actors import actor_counts
from geomap.publish.archive import Stage, StagedFile, read_staged, stage_records, staged_file
from geomap.publish.overlays import (
    actor_parts,
    combine_actor_parts,
    piece_counts,
    story_layers,
)
from geomap.publish.records import (
    area_counts,
    attached_records,
    caveat_counts,
    filter_counts,
    title_counts,
)
from geomap.publish.repeats import piece_repeats, stage_keys, told_repeats
from geomap.publish.tiles import (
    UNKNOWN,
    bucket_tiles,
    density_tiles,
    event_tiles,
    feature_order,
    leaf_tile_keys,
    record_leaves,
)
from geomap.sources.chunked import Piece
from geomap.sources.repeats import LINE_MASK
from geomap.sources.report import ReadResult, Reject


@dataclass
class PieceOutcome:
    """What reading one piece gave."""

    source: int
    staged: StagedFile | None
    counts: pd.DataFrame
    actors: pd.DataFrame  # per actor and country (geomap.publish.actors)
    filters: pd.DataFrame  # per sub-event type and precision (records.filter_counts)
    rejects: list[Reject]
    warnings: list[Reject]  # the reader's, and the repeats merged (publish.repeats)
    rows_read: int
    accepted: int
    rejected: int
    events: int
    bounds: tuple[float, float, float, float] | None  # south, west, north, east
    sample: ReadResult  # format, datasets and look-up flags (for the attributions)
    #: a scenario's own layers (:func:`geomap.publish.overlays.story_layers`), or None
    layers: dict[str, Any] | None = None
    #: events per country and actor mentions per name (overlays.piece_counts)
    countries: pd.DataFrame | None = None
    mentions: pd.DataFrame | None = None
    #: events outside the country their row states (as ``geomap build`` warns of them)
    outside: list[Reject] = field(default_factory=list)
    #: the keys of its events that may repeat elsewhere (publish.repeats.stage_keys)
    keys: Path | None = None
    #: rows merged as repeats of one event, and the other sources they repeat
    merged: int = 0
    merged_with: tuple[str, ...] = ()
    #: events per dataset, country name and year (records.title_counts)
    title: pd.DataFrame | None = None
    #: the rows' datasets and country names by line, staged when ``keys`` is (what
    #: ``title`` is made again from without the repeats: :func:`drop_repeats`)
    title_rows: Path | None = None
    #: events coarser than a province, and in no country (records.caveat_counts)
    caveats: tuple[int, int] = (0, 0)
    #: why events an article told are not on the map (``ReadResult.left_out``)
    left_out: list[str] = field(default_factory=list)
    #: the table's columns geomap does not read (``ReadResult.unread_columns``)
    unread_columns: list[str] = field(default_factory=list)
    #: the located events per FRAME_STEP degrees of latitude and of longitude
    #: (:func:`located_spread`), for the site's opening frame
    spread: tuple[np.ndarray, np.ndarray] | None = None
    #: its own event types, first seen first: its records' ``t`` from
    #: ``records.OWN_TYPES_START`` (the site's list is made of every piece's)
    types: tuple[str, ...] = ()


@dataclass(frozen=True)
class PieceProblem:
    """Why a piece of source number ``source`` could not be read at all (the reader's
    :class:`~geomap.errors.InputError`: the file as a whole is unreadable, as
    ``geomap build`` reports a source it leaves out)."""

    source: int
    message: str


def read_piece(piece: Piece, source: int, target: Path,
               partitions: int = 0) -> PieceOutcome | PieceProblem:
    """Read a piece, turn it into records, stage them at ``target`` (and, with
    ``partitions``, the keys of its events in as many parts beside it:
    :func:`geomap.publish.repeats.stage_keys`); a :class:`PieceProblem` when the reader
    cannot read it at all."""
    try:
        result = piece.read()
    except InputError as err:
        return PieceProblem(source, str(err))
    records, outside, types = attached_records(result.frame, source, str(piece.path))
    staged = stage_records(records, target) if records.num_rows else None
    countries, mentions = piece_counts(records)
    keys = stage_keys(result.frame, records["seq"].to_numpy(), source, partitions,
                      target.with_suffix(".keys")) if partitions and records.num_rows else None
    rows = _stage_title_rows(result.frame, target.with_suffix(".title")) if keys else None
    return PieceOutcome(
        source=source, staged=staged, counts=area_counts(records), actors=actor_counts(records),
        filters=filter_counts(records),
        rejects=result.rejects,
        warnings=result.warnings,
        rows_read=result.rows_read, accepted=result.rows_accepted,
        rejected=result.rows_rejected, events=records.num_rows, bounds=_bounds(result.frame),
        sample=_sample(result), layers=story_layers(result), countries=countries,
        mentions=mentions, outside=outside, keys=keys, merged=result.merged,
        title=title_counts(result.frame, records), caveats=caveat_counts(records),
        title_rows=rows, left_out=result.left_out, unread_columns=result.unread_columns,
        spread=located_spread(result.frame), types=tuple(types))


def drop_repeats(outcome: PieceOutcome, files: list[Path], piece: int, names: list[str],
                 target: Path) -> PieceOutcome:
    """``outcome`` (of piece number ``piece``) without the events found first elsewhere
    (staged in ``files`` by :func:`geomap.publish.repeats.stage_partition_repeats`): its
    records staged again at ``target``, its counts made again, a reject or warning for
    each one left out."""
    if outcome.staged is None:
        return outcome
    repeats = piece_repeats(files, piece)
    records = read_staged(outcome.staged.path)
    kept, rejects, warnings, others = told_repeats(records, repeats, names)
    gone = set((repeats["order"].to_numpy() & LINE_MASK).tolist())
    staged = stage_records(kept, target) if kept.num_rows else None
    outcome.staged.path.unlink()
    countries, mentions = piece_counts(kept)
    merged = len(warnings)
    title = outcome.title if outcome.title_rows is None else \
        title_counts(_kept_title_rows(outcome.title_rows, gone), kept)
    return dataclasses.replace(
        outcome, staged=staged, counts=area_counts(kept), actors=actor_counts(kept),
        filters=filter_counts(kept), countries=countries, mentions=mentions,
        rejects=outcome.rejects + rejects, warnings=outcome.warnings + warnings,
        outside=[w for w in outcome.outside if w.line not in gone],
        accepted=outcome.accepted - len(repeats), rejected=outcome.rejected + len(rejects),
        events=kept.num_rows, merged=outcome.merged + merged, caveats=caveat_counts(kept),
        title=title,
        merged_with=tuple(dict.fromkeys([*outcome.merged_with, *others])))


#: What the site's title counts of a piece's rows (records.title_counts), by line.
TITLE_COLUMNS = ("source_line", "dataset", "country")


def _stage_title_rows(frame: pd.DataFrame, path: Path) -> Path:
    """Stage the rows' :data:`TITLE_COLUMNS` at ``path`` (the title counts each row, so a
    repeat left out later must be taken out of them: before, a repeat merged across
    pieces counted twice there)."""
    table = pa.Table.from_pandas(frame[[c for c in TITLE_COLUMNS if c in frame.columns]],
                                 preserve_index=False)
    with staged_file(path, table.schema) as out:
        out.write_table(table)
    return path


def _kept_title_rows(path: Path, gone: set[int]) -> pd.DataFrame:
    """The rows staged by :func:`_stage_title_rows` at ``path`` but those on lines
    ``gone``."""
    rows = read_staged(path).to_pandas()
    path.unlink()
    return rows[~rows["source_line"].isin(list(gone))]


def group_tiles(stage: Stage, group: list[int], low: dict[int, int] | None = None,
                names: list[str] | None = None
                ) -> tuple[list[tuple[int, bytes]], pd.DataFrame, pd.DataFrame,
                           tuple[int, int] | None, pd.DataFrame]:
    """The tiles of one group of buckets, read from the staged files (``low``: the
    group's buckets whose leaf is shallower, :func:`geomap.publish.tiles.low_leaves`),
    their cell counts, what they tell of the actors ``names``
    (:func:`geomap.publish.overlays.actor_parts`), their days (:func:`day_range`) and
    their events per day (:func:`day_counts`)."""
    if len(group) == 1 and stage.bucket_rows(group[0]) > stage.group_rows:
        return _dense_bucket_tiles(stage, group[0], low, names or [])
    records = stage.read(group)
    tiles, cells = bucket_tiles(records, low)
    return tiles, cells, actor_parts(records, names or []), day_range(records), \
        day_counts(records)


#: What a dense bucket's first pass reads: positions, order, days, kinds and tolls.
CORE_COLUMNS = ("x", "y", "bucket", "seq", "t", "d", "lo", "hi", "m", "s", "f")


def _dense_bucket_tiles(stage: Stage, bucket: int, low: dict[int, int] | None,
                        names: list[str]
                        ) -> tuple[list[tuple[int, bytes]], pd.DataFrame, pd.DataFrame,
                                   tuple[int, int] | None, pd.DataFrame]:
    """:func:`group_tiles` of one bucket that holds more than ``stage.group_rows``
    records, in bounded memory: its density tiles and cells from the few numeric columns
    of every record, then its event tiles a part at a time (whole leaf tiles of about
    ``stage.group_rows`` records each). A tile's bytes depend only on its records, so
    they are those :func:`bucket_tiles` makes of the whole bucket."""
    core = stage.read([bucket], CORE_COLUMNS)
    leaf = record_leaves(core, low)
    tiles, cells = density_tiles(core, leaf)
    reach, daily = day_range(core), day_counts(core)
    leaf_tile = leaf_tile_keys(core["x"].to_numpy(), core["y"].to_numpy(), leaf)
    del core
    _, inverse, counts = np.unique(leaf_tile, return_inverse=True, return_counts=True)
    part_of = ((np.cumsum(counts) - counts) // stage.group_rows)[inverse]
    actors = []
    for part in np.unique(part_of):
        keep = part_of == part
        records = stage.read_rows(bucket, keep)
        order = feature_order(records)
        tiles += event_tiles(records.take(pa.array(order)), leaf[keep][order])
        actors.append(actor_parts(records, names))
    return tiles, cells, combine_actor_parts(actors), reach, daily


def day_range(records: pa.Table) -> tuple[int, int] | None:
    """The first and last day (days since 1970-01-01) the records' date intervals reach,
    as the single page's time slider spans them; None when no record has a date."""
    day = records["d"].to_numpy().astype(np.int64)
    known = day != UNKNOWN
    if not known.any():
        return None
    start = day[known] - records["lo"].to_numpy()[known]
    end = day[known] + records["hi"].to_numpy()[known]
    return int(start.min()), int(end.max())


def day_counts(records: pa.Table) -> pd.DataFrame:
    """Events and known fatalities per day and type (``d``, days since 1970-01-01; ``t``;
    ``n``; ``f``) at each event's own day, as the single page's histogram counts them;
    events without a date are not in it. Counted with ``bincount`` over days x types, in
    one pass and no sort: a dense bucket's millions of rows cost one index array."""
    day = records["d"].to_numpy()
    known = day != UNKNOWN
    if not known.any():
        return pd.DataFrame({key: np.zeros(0, dtype=np.int64) for key in ("d", "t", "n", "f")})
    d = day[known].astype(np.int64)
    t = records["t"].to_numpy()[known].astype(np.int64)
    first, span = int(d.min()), int(t.max()) + 1
    index = (d - first) * span + t
    n = np.bincount(index)
    f = np.bincount(index, weights=np.maximum(records["f"].to_numpy()[known], 0))
    found = np.flatnonzero(n)
    return pd.DataFrame({"d": found // span + first, "t": found % span, "n": n[found],
                         "f": np.rint(f[found]).astype(np.int64)})


def _bounds(frame: pd.DataFrame) -> tuple[float, float, float, float] | None:
    lat = pd.to_numeric(frame["latitude"], errors="coerce").to_numpy(float) if len(frame) \
        else np.zeros(0)
    lon = pd.to_numeric(frame["longitude"], errors="coerce").to_numpy(float) if len(frame) \
        else np.zeros(0)
    ok = np.isfinite(lat) & np.isfinite(lon)
    if not ok.any():
        return None
    return (float(lat[ok].min()), float(lon[ok].min()), float(lat[ok].max()),
            float(lon[ok].max()))


#: The opening frame's step: located events are counted per FRAME_STEP degrees.
FRAME_STEP = 0.1
LAT_STEPS, LON_STEPS = 1800, 3600


def located_spread(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray] | None:
    """The events located to a province or better, counted per :data:`FRAME_STEP`
    degrees of latitude (from -90) and of longitude (from -180): counts that add up over
    the pieces, from which the site's opening frame is trimmed as the single page's is
    (``geomap.publish.build.opening_frame``); None when no event is located."""
    if not len(frame):
        return None
    lat = pd.to_numeric(frame["latitude"], errors="coerce").to_numpy(float)
    lon = pd.to_numeric(frame["longitude"], errors="coerce").to_numpy(float)
    precision = pd.to_numeric(frame["geo_precision"], errors="coerce").to_numpy(float)
    located = np.isfinite(lat) & np.isfinite(lon) & (precision <= int(Precision.ADM1))
    if not located.any():
        return None
    rows = np.clip(((lat[located] + 90) / FRAME_STEP).astype(np.int64), 0, LAT_STEPS - 1)
    columns = np.clip(((lon[located] + 180) / FRAME_STEP).astype(np.int64), 0, LON_STEPS - 1)
    return (np.bincount(rows, minlength=LAT_STEPS), np.bincount(columns, minlength=LON_STEPS))


def _sample(result: ReadResult) -> ReadResult:
    """The reader's result without its rows: what attributions read from it."""
    columns = [c for c in ("dataset",) if c in result.frame]
    extra: dict[str, Any] = {k: v for k, v in result.extra.items()
                             if k in ("geocoded", "gazetteer")}
    return ReadResult(source=result.source, format=result.format,
                      frame=result.frame[columns].drop_duplicates().reset_index(drop=True),
                      rows_read=0, extra=extra)
