"""Geocoding: the offline gazetteer, the geopy adapter and opt-in online services.

Importing this package is cheap; the index opens on the first lookup.

>>> from geomap.geocoding import resolve_place
>>> resolve_place("Kiev").name
'Kyiv'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geomap.model import Place

__all__ = ["GEONAMES_ATTRIBUTION", "Candidate", "Gazetteer", "resolve_place"]

#: Credit line required by GeoNames' CC BY 4.0 licence, for maps and documents that use
#: places from the gazetteer.
GEONAMES_ATTRIBUTION = (
    'Place names: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'
)

_LAZY = {"Gazetteer": "geomap.geocoding.gazetteer", "Candidate": "geomap.geocoding.gazetteer"}


def __getattr__(name: str) -> Any:
    """Import ``Gazetteer`` and ``Candidate`` on first use (numpy stays unloaded until then)."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'geomap.geocoding' has no attribute {name!r}")


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
