"""Many articles in one call: sequential, or spread over worker processes (``jobs > 1``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geomap._workers import process_pool
from geomap.errors import InputError
from geomap.extract.pipeline import Extraction, extract_text
from geomap.extract.reader import read_article_detailed


@dataclass
class FileResult:
    """The outcome for one input: its JSON payload, or the error that stopped it."""

    file: str
    payload: dict[str, Any] | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    extraction: Any = None  # the Extraction (sequential runs only: it is not sent back)


#: ``extract(text, article_date)``: the extraction of one article's text.
Extract = Callable[[str, date | None], Extraction]


def extract_article(text: str, article_date: date | None = None) -> Extraction:
    """:func:`~geomap.extract.pipeline.extract_text` with the shared offline gazetteer."""
    return extract_text(text, article_date=article_date)


def extract_file(path: str, article_date: date | None = None, *, keep: bool = False,
                 extract: Extract = extract_article) -> FileResult:
    """Read and extract one article; bad input becomes ``FileResult.error``."""
    try:
        article = read_article_detailed(path)
    except InputError as err:
        return FileResult(path, error=str(err))
    extraction = extract(article.text, article_date)
    return FileResult(path, extraction.to_json(), None,
                      [*article.warnings, *extraction.warnings],
                      extraction if keep else None)


def _worker(args: tuple[str, date | None, Extract]) -> FileResult:
    path, article_date, extract = args
    return extract_file(path, article_date, extract=extract)


def extract_files(paths: Iterable[str], article_date: date | None = None, *, jobs: int = 1,
                  extract: Extract = extract_article) -> Iterator[FileResult]:
    """Results in input order; with ``jobs > 1`` the work is spread over processes.

    ``extract`` makes each article's extraction (``geomap extract`` passes
    :func:`geomap.extract`); with worker processes it must be a module-level function.
    Standard input (``-``) is always read in this process.
    """
    items = list(paths)
    if jobs <= 1 or len(items) < 2 or "-" in items:
        for path in items:
            yield extract_file(path, article_date, keep=True, extract=extract)
        return
    with process_pool(jobs) as pool:
        yield from pool.map(_worker, [(p, article_date, extract) for p in items], chunksize=4)
