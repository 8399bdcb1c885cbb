"""The two kinds of task a publish is made of, run in worker processes or on dask workers.

Each takes and returns plain picklable values and touches only files under the staging
folder, so any executor runs them: a local process pool, or a dask cluster whose
workers see the same files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geomap.publish.actors import actor_counts
from geomap.publish.archive import Stage, StagedFile, stage_records
from geomap.publish.overlays import actor_parts, piece_counts, story_layers
from geomap.publish.records import area_counts, attached_records, filter_counts
from geomap.publish.tiles import bucket_tiles
from geomap.sources.chunked import Piece
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
    warnings: list[Reject]
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


def read_piece(piece: Piece, source: int, target: Path) -> PieceOutcome:
    """Read a piece, turn it into records, stage them at ``target``."""
    result = piece.read()
    records, outside = attached_records(result.frame, source, str(piece.path))
    staged = stage_records(records, target) if records.num_rows else None
    countries, mentions = piece_counts(records)
    return PieceOutcome(
        source=source, staged=staged, counts=area_counts(records), actors=actor_counts(records),
        filters=filter_counts(records),
        rejects=result.rejects,
        warnings=result.warnings + outside,
        rows_read=result.rows_read, accepted=result.rows_accepted,
        rejected=result.rows_rejected, events=records.num_rows, bounds=_bounds(result.frame),
        sample=_sample(result), layers=story_layers(result), countries=countries,
        mentions=mentions)


def group_tiles(stage: Stage, group: list[int], low: dict[int, int] | None = None,
                names: list[str] | None = None
                ) -> tuple[list[tuple[int, bytes]], pd.DataFrame, pd.DataFrame]:
    """The tiles of one group of buckets, read from the staged files (``low``: the
    group's buckets whose leaf is shallower, :func:`geomap.publish.tiles.low_leaves`),
    their cell counts, and what they tell of the actors ``names``
    (:func:`geomap.publish.overlays.actor_parts`)."""
    records = stage.read(group)
    tiles, cells = bucket_tiles(records, low)
    return tiles, cells, actor_parts(records, names or [])


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


def _sample(result: ReadResult) -> ReadResult:
    """The reader's result without its rows: what attributions read from it."""
    columns = [c for c in ("dataset",) if c in result.frame]
    extra: dict[str, Any] = {k: v for k, v in result.extra.items()
                             if k in ("geocoded", "gazetteer")}
    return ReadResult(source=result.source, format=result.format,
                      frame=result.frame[columns].drop_duplicates().reset_index(drop=True),
                      rows_read=0, extra=extra)
