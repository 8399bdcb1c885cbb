"""Geocoding: the offline gazetteer, the geopy adapter and opt-in online services.

Importing this package is cheap; the index opens on the first lookup.

>>> from geomap.geocoding import resolve_place
>>> resolve_place("Kiev").name
'Kyiv'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geomap.model import Place

__all__ = ["resolve_place"]


def resolve_place(query: str, country: str | None = None, context: Sequence[str] = ()) -> Place:
    """Resolve a place name (or ``"lat, lon"``) with the process-wide offline gazetteer.

    Parameters
    ----------
    query
        What the text says: "Gao", "Tripoli, Lebanon", "Donetsk Oblast", "the Sahel".
    country
        ISO 3166-1 alpha-2 code to prefer for ambiguous names ("ML" for Gao).
    context
        Countries, demonyms or named regions the surrounding text mentions.

    Returns
    -------
    Place

    Raises
    ------
    geomap.errors.PlaceNotFound
        Nothing matches (``err.candidates`` holds near misses).
    geomap.errors.InputError
        The query is empty, too long or has control characters.
    """
    from geomap.geocoding.gazetteer import Gazetteer

    return Gazetteer.default().resolve(query, country=country, context=context)
