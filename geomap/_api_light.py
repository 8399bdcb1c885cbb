"""The API functions that need neither geopandas nor folium: :func:`geocode` and
:func:`extract`.

They live apart from :mod:`geomap.api` (which re-exports them) so that ``geomap.geocode``,
``geomap.extract`` and the ``geomap geocode`` and ``geomap extract`` commands that call
them do not load the map stack: importing geopandas and folium costs about 0.7 s of CPU
and tens of MB, more than a first lookup in the offline gazetteer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from geomap.extract import Extraction, extract_text
from geomap.geocoding.answers import GEOCODE_COLUMNS, answer_all

__all__ = ["GEOCODE_COLUMNS", "extract", "geocode"]


def geocode(names: str | Iterable[str], country: str | None = None,
            context: Iterable[str] | None = None) -> pd.DataFrame:
    """Resolve place names (or ``"lat, lon"`` text) with the offline gazetteer.

    Parameters
    ----------
    names
        One name or many; repeats are answered alike.
    country
        ISO 3166-1 alpha-2 code or country name (``"ML"``): only places in it are
        answers; a namesake elsewhere is at most a suggestion.
    context
        Countries, demonyms, states or regions the places are in (``["Lebanon"]``): only
        places in the countries they name are answers.

    Returns
    -------
    pandas.DataFrame
        One row per name, in order, with :data:`GEOCODE_COLUMNS` (the keys of
        ``geomap geocode --json``): coordinates, kind, country, admin-1, precision and
        score, ``confidence`` ("low" with its ``confidence_reason`` when ambiguous or
        matched only another name), ``area`` (true when the point stands for an area: a
        country, a province, "northern Mali"), its extent ``bbox_west``/``south``/
        ``east``/``north`` (None for a point) and ``geometry`` (GeoJSON, lon/lat: the
        area's polygon, else the point); ``error`` and the ``suggestions`` list for a name
        that did not resolve (``"not found in ML"``: suggestions are never answers).

    Examples
    --------
    >>> table = geocode(["Gao", "Tripoli, Lebanon", "Nowhereville"])
    >>> table[["query", "country_code", "error"]].values.tolist()
    [['Gao', 'ML', None], ['Tripoli, Lebanon', 'LB', None], ['Nowhereville', None, 'not found']]
    """
    codes, distinct = _distinct([names] if isinstance(names, str) else list(names))
    rows = answer_all(distinct, country, context or ())
    # object columns keep ids whole and misses as None; coordinates and scores are numbers
    table = pd.DataFrame(rows, columns=list(GEOCODE_COLUMNS), dtype=object)
    table = table.astype({"lat": float, "lon": float, "score": float})
    # Each distinct name's row reaches its repeats by position: a frame built from a
    # million row dicts would cost seconds when a column holds a few thousand names.
    return table.take(codes).reset_index(drop=True)


def _distinct(queries: list[Any]) -> tuple[np.ndarray, list[Any]]:
    """Each query's position among the distinct queries (in order of first use), and
    those. A dict, not ``pandas.factorize``: that would merge ``None`` with NaN."""
    first: dict[Any, int] = {}
    codes = np.fromiter((first.setdefault(query, len(first)) for query in queries),
                        dtype=np.intp, count=len(queries))
    return codes, list(first)


def extract(text: str, date: date | None = None) -> Extraction:
    """Find the places, actors, events and relations in an article's text, offline.

    Parameters
    ----------
    text
        The article as plain text.
    date
        Its publication date, which relative dates ("on Tuesday") resolve against; by
        default a full date near the top of the text, if there is one.

    Returns
    -------
    geomap.extract.Extraction
        ``.places``, ``.actors``, ``.events``, ``.relations`` as objects; ``.to_json()``
        gives the contract of ``geomap extract --json`` (docs/extract.md).

    Examples
    --------
    >>> found = extract("Militants attacked an army post near Gao on 3 March 2024, "
    ...                 "killing four soldiers.")
    >>> [p.text for p in found.places]
    ['Gao']
    >>> found.to_json()["events"][0]["fatalities"]
    4
    """
    return extract_text(text, article_date=date)
