"""The frame every dataset reader (ACLED, UCDP GED, GDELT) shares: validate a read table
chunk by chunk into one events table, then report what was read, kept and rejected.

A reader supplies only what is its own: the column renames, the ``normalise`` step that
checks one chunk, and what it does with repeated ids (reject them, or merge repeats).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.sources._validate import (
    Chunked,
    RowChecks,
    empty_table,
    normalise_chunks,
    reject_duplicates,
)
from geomap.sources.report import ReadResult, Reject

if TYPE_CHECKING:
    import pandas as pd

    from geomap.sources._csv import RawTable

logger = logging.getLogger(__name__)

#: One chunk of raw rows in, that chunk's events table out (rejected rows still present).
Normalise = Callable[[RowChecks], "pd.DataFrame"]


def validate_tables(
    tables: Sequence[tuple[Chunked, Mapping[str, str]]], normalise: Normalise, chunk_rows: int,
    dataset: str, *, unique_ids: bool = True,
) -> tuple[pd.DataFrame, list[Reject], list[Reject]]:
    """Run ``normalise`` over each ``(table, renames)`` and join the accepted rows.

    With ``unique_ids`` a row whose event id an earlier row has is rejected, naming both
    lines (a reader that merges such rows instead passes ``False``).

    Returns
    -------
    tuple
        The accepted rows in file order (an empty events table of ``dataset`` when none),
        and every reject and warning, the tables' own first.
    """
    import pandas as pd

    parts: list[pd.DataFrame] = []
    rejects: list[Reject] = []
    warnings: list[Reject] = []
    for table, renames in tables:
        found, more_rejects, more_warnings = normalise_chunks(table, renames, normalise,
                                                              chunk_rows)
        parts += found
        rejects += more_rejects
        warnings += more_warnings
    if not parts:
        return empty_table(dataset), rejects, warnings
    frame = (parts[0].reset_index(drop=True) if len(parts) == 1  # one chunk: not copied
             else pd.concat(parts, ignore_index=True))
    if len(tables) > 1:  # rows of several layouts interleave in the file
        frame = frame.sort_values("source_line", kind="stable", ignore_index=True)
    if unique_ids:
        frame, duplicates = reject_duplicates(frame, tables[0][0].file)
        rejects += duplicates
    return frame, rejects, warnings


def dataset_result(path: str | Path, dataset: str, raw: RawTable, frame: pd.DataFrame,
                   rejects: list[Reject], warnings: list[Reject], *, merged: int = 0,
                   **extra: Any) -> ReadResult:
    """The reader's :class:`ReadResult` (rows read over every layout), logged.

    ``extra`` goes with the file's encoding and delimiter into ``ReadResult.extra``.
    """
    rows_read = raw.rows_read + sum(variant.rows_read for variant in raw.variants)
    result = ReadResult(str(path), dataset, frame.reset_index(drop=True), rows_read, rejects,
                        warnings, merged=merged,
                        extra={"encoding": raw.encoding, "delimiter": raw.delimiter, **extra})
    logger.info("%s", result.summary())
    return result
