"""Geocoding: the offline gazetteer, the geopy adapter and opt-in online services.

The index opens (and is built, the first time) on the first lookup, not on import.

>>> from geomap.geocoding import resolve_place
>>> resolve_place("Kiev").name
'Kyiv'
"""

from __future__ import annotations

from collections.abc import Sequence

from geomap.geocoding.gazetteer import Candidate, Gazetteer
from geomap.model import Place

__all__ = ["GEONAMES_ATTRIBUTION", "Candidate", "Gazetteer", "resolve_place"]

#: Credit line required by GeoNames' CC BY 4.0 licence, for maps and documents that use
#: places from the gazetteer.
GEONAMES_ATTRIBUTION = (
    'Place names: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'
)

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
    return Gazetteer.default().resolve(query, country=country, context=context)
