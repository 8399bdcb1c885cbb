"""What a reader read, accepted and rejected (:class:`geomap.model.Reject`): nothing is
lost silently."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap._atomic import atomic_write
from geomap.model import Reject

if TYPE_CHECKING:
    import pandas as pd

    from geomap.sources.scenario import Scenario


@dataclass
class ReadResult:
    """The output of a reader.

    ``rows_read == len(frame) + rejected_rows`` always holds, where ``rejected_rows`` counts
    distinct rejected lines; readers that merge rows (monadic ACLED) count the merged
    duplicates in ``merged``.
    """

    source: str
    format: str
    frame: pd.DataFrame
    rows_read: int
    rejects: list[Reject] = field(default_factory=list)
    warnings: list[Reject] = field(default_factory=list)
    merged: int = 0
    #: The scenario of a scenario file or an article (its actors, relations, regions).
    scenario: Scenario | None = None
    #: Some rows were placed by a geocoder (the map then credits GeoNames).
    geocoded: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rows_accepted(self) -> int:
        return len(self.frame)

    @property
    def rows_rejected(self) -> int:
        return len({(r.file, r.line) for r in self.rejects})

    def summary(self) -> str:
        text = (
            f"{self.source}: {counted(self.rows_read, 'row')} read, {self.rows_accepted} "
            f"accepted, {self.rows_rejected} rejected"
        )
        if self.merged:
            text += f", {self.merged} merged as repeats of one event"
        return text


def counted(number: int, noun: str) -> str:
    """``1 row``, ``2 rows``: a count with its noun in the right number."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def write_rejects(rejects: list[Reject], path: Path) -> None:
    """Write rejects as CSV (file, line, field, reason, raw) through a temporary file."""
    with atomic_write(path, mode="w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "line", "field", "reason", "raw"])
        for r in rejects:
            writer.writerow([r.file, r.line if r.line is not None else "", r.field or "",
                             r.reason, r.raw or ""])
