"""Geocoding: the offline gazetteer, the geopy adapter and opt-in online services.

The index opens (and is built, the first time) on the first lookup, not on import.

>>> from geomap.geocoding import resolve_place
>>> resolve_place("Kiev").name
'Kyiv'
"""

from __future__ import annotations

from collections.abc import Sequence

from geomap.geocoding.gazetteer import Answer, Candidate, Gazetteer
from geomap.model import Place

__all__ = ["GEONAMES_ATTRIBUTION", "Answer", "Candidate", "Gazetteer", "resolve_place"]

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
        ISO 3166-1 alpha-2 code or country name: the place must lie in it (or be an area
        that holds it); a namesake elsewhere is never the answer.
    context
        Countries, demonyms, states or named regions the text is about: the place must lie
        in one of the countries they name.

    Returns
    -------
    Place

    Raises
    ------
    geomap.errors.PlaceNotFound
        Nothing matches inside the countries given (``err.candidates`` holds near misses
        or places elsewhere, labelled "Name (CC)"; ``err.scope`` the countries).

    See Also
    --------
    Gazetteer.answer : every candidate with its confidence ("low" when ambiguous).
    geomap.errors.InputError
        The query is empty, too long or has control characters.
    """
    answer = Gazetteer.default().answer(query, country=country, context=context, limit=1)
    if answer.best is None:
        raise answer.not_found()
    return answer.best.place
