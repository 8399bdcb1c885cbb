"""What a reader read, accepted and rejected (:class:`geomap.model.Reject`): nothing is
lost silently."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap._atomic import atomic_write
from geomap._csvcells import spreadsheet_row
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
    #: Earlier sources some of the merged rows repeat (:mod:`geomap.sources.repeats`).
    merged_with: tuple[str, ...] = ()
    #: The scenario of a scenario file or an article (its actors, relations, regions).
    scenario: Scenario | None = None
    #: Some rows were placed by a geocoder (the map then credits GeoNames).
    geocoded: bool = False
    #: Why each event an article told was left out of the map (no date, place or actor, or
    #: history the story recalls); also in ``warnings``, and on the summary line, since the
    #: map cannot show them.
    left_out: list[str] = field(default_factory=list)
    #: The table's columns geomap does not read (names of its own: "Dead", "Ctry"); on the
    #: summary line, since their values reach neither the map nor its files.
    unread_columns: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rows_accepted(self) -> int:
        return len(self.frame)

    @property
    def rows_rejected(self) -> int:
        return len({(r.file, r.line) for r in self.rejects})

    def summary(self) -> str:
        text = (
            f"{self.source}: {counted(self.rows_read, 'row')} read, {self.rows_accepted:,} "
            f"accepted, {self.rows_rejected:,} rejected"
        )
        if self.merged:
            text += f", {self.merged:,} merged as repeats of one event"
        return text + also_in(self.merged_with) + unread(self.unread_columns)


@dataclass
class SourceReport:
    """What was read from one source.

    ``problem`` says why a source gave nothing (unreadable, header only, every row
    rejected); ``cached`` marks counts repeated from a project's last run.
    """

    name: str
    path: str
    format: str
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    merged: int = 0
    problem: str | None = None
    cached: bool = False
    #: Earlier sources some merged rows repeat, ``"; "``-joined (""  when none).
    merged_with: str = ""
    #: Why events an article told are not on the map, ``"; "``-joined ("" when none).
    left_out: str = ""
    #: The table's columns geomap does not read (:attr:`ReadResult.unread_columns`).
    unread_columns: tuple[str, ...] = ()

    @classmethod
    def of(cls, name: str, path: str, result: ReadResult) -> SourceReport:
        """The report of one read source, with the reason when it gave no events."""
        return cls(name, path, result.format, result.rows_read, result.rows_accepted,
                   result.rows_rejected, result.merged, problem=_problem(result),
                   merged_with="; ".join(result.merged_with),
                   left_out="; ".join(result.left_out),
                   unread_columns=tuple(result.unread_columns))

    @property
    def failed(self) -> bool:
        """Whether this source gave nothing to map."""
        return self.problem is not None

    def line(self) -> str:
        """One line for a summary."""
        merged = f", {self.merged:,} merged as repeats" if self.merged else ""
        if self.merged_with:
            merged += also_in(self.merged_with.split("; "))
        text = (f"{self.name}: {counted(self.rows_read, 'row')} read, {self.rows_accepted:,} "
                f"accepted, {self.rows_rejected:,} rejected{merged} ({self.format})")
        if self.problem:  # a summary: the build wrote the rejects file
            where = " (the reasons are in the rejects file)" if self.rows_rejected else ""
            return f"{text}: {self.problem}{where}{unread(self.unread_columns)}"
        text += unread(self.unread_columns)
        return f"{text}; not on the map: {self.left_out}" if self.left_out else text


def unread(columns: Sequence[str]) -> str:
    """What a summary line adds for a table's columns geomap does not read."""
    if not columns:
        return ""
    shown = "; ".join(columns[:8]) + (" ..." if len(columns) > 8 else "")
    return (f"; {counted(len(columns), 'column')} not read: {shown} (rename a column to a "
            "name geomap reads, such as location, country, event_type or fatalities, to map "
            "it)")


def also_in(sources: Sequence[str]) -> str:
    """What a summary line adds for rows merged with events of earlier sources."""
    if not sources:
        return ""
    return (f" (events also in {', '.join(sources)}: the warnings file names both "
            "places)")


def _problem(result: ReadResult) -> str | None:
    return problem_of(result.format, result.rows_read, result.rows_accepted,
                      bool(result.merged_with), "; ".join(result.left_out))


def problem_of(fmt: str, rows_read: int, rows_accepted: int, merged: bool = False,
               left_out: str = "") -> str | None:
    """Why a source of format ``fmt`` gave no events (``None`` when it gave some, or is a
    scenario, or ``merged``: its events are all on the map through an earlier source)."""
    if rows_accepted or fmt == "scenario":
        return None  # a scenario without events still draws its actors and relations
    if merged:
        return None
    if rows_read == 0 and fmt == "article":
        return left_out or "no events found in the text"
    if rows_read == 0:
        return "no rows: the file has a header only or no data"
    return "every row was rejected"


def nothing_to_map(reports: Sequence[SourceReport], rejects: Sequence[Reject],
                   command: str = "build") -> str:
    """Why there is nothing to map: each source's problem and the first of ``rejects``
    (in the order given); the message ``geomap build`` and ``geomap publish`` stop with."""
    reasons = "; ".join(f"{r.name}: {r.problem}" for r in reports if r.problem)
    first = [str(r) for r in rejects[:3]]
    examples = f". First rejected rows: {' | '.join(first)}" if first else ""
    return (f"expected events to map, got none ({reasons}){examples}. Nothing was written; "
            f"fix the sources (or --input-format) and {command} again")


def some_columns(columns: list[str], limit: int = 30,
                 written: Mapping[str, str] | None = None) -> str:
    """The columns for a message: at most ``limit`` of them, then how many in all (a header
    of 100,000 columns made a 2 MB error line); each as the file writes it where
    ``written`` says (a reader's lower-cased ``when`` is the file's ``When``)."""
    if written:
        columns = [written.get(column, column) for column in columns]
    if len(columns) <= limit:
        return repr(list(columns))
    return f"{list(columns)[:limit]!r} ... ({len(columns):,} columns in all)"


def counted(number: int, noun: str) -> str:
    """``1 row``, ``2 rows``, ``100,000 rows``: a count with its noun in the right number and
    its thousands separated, as the page's own counts (``toLocaleString("en-GB")``); every
    caveat, summary line and warning that counts rows or events says it through here."""
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def write_rejects(rejects: list[Reject], path: Path) -> None:
    """Write rejects as CSV (file, line, field, reason, raw) through a temporary file; text
    that a spreadsheet would run as a formula gets a leading apostrophe
    (:mod:`geomap._csvcells`)."""
    with atomic_write(path, mode="w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "line", "field", "reason", "raw"])
        for r in rejects:
            writer.writerow(spreadsheet_row([r.file, r.line if r.line is not None else "",
                                             r.field or "", r.reason, r.raw or ""]))
