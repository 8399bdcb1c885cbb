"""From a news article to places, actors, events and relations, offline.

Public API::

    from geomap.extract import extract_text, read_article, extraction_to_scenario_dict
    extraction = extract_text(read_article("article.txt"), article_date=date(2024, 8, 5))
    extraction.to_json()          # the documented JSON contract (docs/extract.md)
    article_to_scenario("article.txt", article_date=...)  # a scenario mapping to edit
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from geomap.extract.output import (
    article_scenario_draft,
    draft_title,
    extraction_to_json,
    extraction_to_scenario_dict,
    scenario_draft,
)
from geomap.extract.pipeline import Extraction, Extractor, extract_text
from geomap.extract.reader import MAX_ARTICLE_BYTES, Article, read_article, read_article_detailed

__all__ = [
    "MAX_ARTICLE_BYTES",
    "Article",
    "Extraction",
    "Extractor",
    "article_draft",
    "article_scenario_draft",
    "article_to_scenario",
    "draft_title",
    "extract_text",
    "extraction_to_json",
    "extraction_to_scenario_dict",
    "read_article",
    "read_article_detailed",
    "scenario_draft",
]


def article_to_scenario(path: str | Path, *, article_date: date | None = None,
                        title: str | None = None, gazetteer: Any = None) -> dict[str, Any]:
    """Read an article file and return a draft scenario mapping for it.

    Parameters
    ----------
    path
        The article (plain text or pasted HTML).
    article_date
        Its publication date, for relative dates.
    title
        The scenario title; defaults to the article's headline (:func:`draft_title`).
    gazetteer
        Passed to :func:`extract_text`.
    """
    return article_draft(path, article_date=article_date, title=title, gazetteer=gazetteer)[0]


def article_draft(path: str | Path, *, article_date: date | None = None,
                  title: str | None = None, gazetteer: Any = None,
                  ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """:func:`article_to_scenario` and the events the draft leaves out.

    Returns
    -------
    tuple
        The scenario mapping and the events it leaves out (:func:`scenario_draft`).
    """
    article = read_article_detailed(path)
    extraction = extract_text(article.text, article_date=article_date, gazetteer=gazetteer)
    return article_scenario_draft(extraction, str(path), title=title)
