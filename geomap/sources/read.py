"""One entry point for every input, ``read_events(path)``, and the one registry of readers.

:data:`READERS` maps each input format of :data:`geomap.sources.detect.FORMATS` to its
reader; :func:`geomap.sources.detect.format_of` decides which one a file gets. The build,
the ``layers`` and ``publish`` commands and projects all read through here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geomap._files import special_file_kind
from geomap.errors import FormatError
from geomap.model import Geocoder
from geomap.sources.acled import read_acled
from geomap.sources.article import read_article_events
from geomap.sources.detect import format_of
from geomap.sources.gdelt import read_gdelt
from geomap.sources.report import ReadResult
from geomap.sources.scenario import read_scenario
from geomap.sources.tabular import read_table_events
from geomap.sources.ucdp import read_ucdp

logger = logging.getLogger(__name__)

@dataclass(frozen=True)
class ReadOptions:
    """What a reader may need beyond the path (each reader takes the options it uses).

    Attributes
    ----------
    geocoder
        Resolves place names of tables without coordinates; default the offline gazetteer.
    country_hint
        ISO alpha-2 code for table rows that name no country.
    article_date
        The date relative dates in an article resolve against.
    """

    geocoder: Geocoder | None = None
    country_hint: str | None = None
    article_date: date | None = None


Reader = Callable[[Path, ReadOptions], ReadResult]


def refuse_special_file(path: Path) -> None:
    """Refuse a source that is not a regular file (``/dev/zero``, a pipe, a folder).

    Readers read a source more than once (to detect its format, its encoding, then its
    rows) and rely on its size being known; a device may never end.

    Raises
    ------
    FormatError
        Naming what the path is.
    """
    kind = special_file_kind(path)
    if kind is not None:
        raise FormatError(f"expected a regular file, got {kind}", file=str(path),
                          hint="Save the data to a file and pass that file.")


def _table_reader(input_format: str) -> Reader:
    def read(path: Path, options: ReadOptions) -> ReadResult:
        return read_table_events(path, input_format, geocoder=options.geocoder,
                                 country_hint=options.country_hint)

    return read


#: Input format (each of :data:`FORMATS`, in that order) -> its reader.
READERS: dict[str, Reader] = {
    "acled": lambda path, _: read_acled(path),
    "ucdp": lambda path, _: read_ucdp(path),
    "gdelt": lambda path, _: read_gdelt(path),
    "geojson": _table_reader("geojson"),
    "gpkg": _table_reader("gpkg"),
    "csv": _table_reader("csv"),
    "scenario": lambda path, _: read_scenario(path),
    "article": lambda path, options: read_article_events(path, article_date=options.article_date),
}


def read_events(
    path: str | Path,
    input_format: str = "auto",
    *,
    geocoder: Geocoder | None = None,
    country_hint: str | None = None,
    article_date: date | None = None,
) -> ReadResult:
    """Read any supported input into an events table.

    Parameters
    ----------
    path
        The input file.
    input_format
        ``"auto"`` (see :func:`format_of`) or one of :data:`FORMATS`: ``acled``,
        ``ucdp``, ``gdelt``, ``geojson``, ``gpkg``, ``csv``, ``scenario``, ``article``.
    geocoder
        For tables with place names instead of coordinates: an object with
        ``resolve(query, country=...)`` returning a :class:`geomap.model.Place`.
        Default: the offline gazetteer.
    country_hint
        ISO alpha-2 code used when a row names no country (place-name tables).
    article_date
        The date relative dates in an article resolve against.

    Returns
    -------
    ReadResult
        ``frame`` with ``EVENT_COLUMNS`` + ``source_line``, the rejects and warnings;
        ``scenario`` for scenario files and articles.

    Raises
    ------
    FormatError
        Unknown format, or a file the chosen reader cannot read as a whole.

    Examples
    --------
    >>> result = read_events("acled_2023.csv")  # doctest: +SKIP
    >>> result.rows_read == result.rows_accepted + result.rows_rejected + result.merged
    True
    """
    path = Path(path)
    refuse_special_file(path)
    reader = READERS[format_of(path, input_format)]
    return reader(path, ReadOptions(geocoder, country_hint, article_date))
