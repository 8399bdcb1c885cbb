"""News articles as an input: the events :mod:`geomap.extract` finds in one article."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from geomap.extract import article_to_scenario
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
        Format ``"article"``; ``scenario`` holds the draft (places, actors, relations).
    """
    draft = article_to_scenario(path, article_date=article_date)
    result = scenario_events(scenario_from_dict(draft, path), path)
    result.format = "article"
    return result
