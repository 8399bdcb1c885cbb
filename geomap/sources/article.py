"""News articles as an input: the events :mod:`geomap.extract` finds in one article."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from geomap.extract import article_draft
from geomap.model import Reject
from geomap.sources.report import ReadResult
from geomap.sources.scenario import scenario_events, scenario_from_dict


def read_article_events(path: str | Path, *, article_date: date | None = None) -> ReadResult:
    """Extract a draft scenario from an article and read its events.

    Parameters
    ----------
    path
        The article: plain text or pasted HTML.
    article_date
        Its publication date, for relative dates ("on Tuesday").

    Returns
    -------
    ReadResult
        Format ``"article"``; ``scenario`` holds the draft (places, actors, relations);
        an event the draft cannot hold (no date, place or actor, or history the story
        recalls) is a warning naming why.
    """
    return draft_events(*article_draft(path, article_date=article_date), path)


def draft_events(draft: dict[str, Any], left_out: list[tuple[str, str]],
                 name: str | Path) -> ReadResult:
    """The events of an article's draft scenario as a reader's result (format
    ``"article"``), each event the draft left out a warning naming why."""
    result = scenario_events(scenario_from_dict(draft, name), name)
    result.format = "article"
    result.warnings.extend(Reject(str(name), None, field, reason) for field, reason in left_out)
    result.left_out = [reason for _, reason in left_out]
    return result
