"""Coordinates given as a place name: a POINT place, with a warning when they look swapped."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence

from geomap.geocoding.query import ParsedQuery
from geomap.model import Place, PlaceKind
from geomap.precision import Precision

log = logging.getLogger(__name__)


def _inside(lat: float, lon: float, bbox: Sequence[float], margin: float = 1.0) -> bool:
    south, west, north, east = bbox
    return south - margin <= lat <= north + margin and west - margin <= lon <= east + margin


def swap_warning(lat: float, lon: float, countries: Iterable[str],
                 bboxes: Mapping[str, Sequence[float]]) -> str | None:
    """A warning when ``(lat, lon)`` lies outside every expected country but the swapped
    pair ``(lon, lat)`` lies inside one; None otherwise.

    Parameters
    ----------
    lat, lon
        The coordinates as given.
    countries
        ISO codes the point is expected in (from ``country=`` or the context).
    bboxes
        Country code -> ``[south, west, north, east]`` extent of its populated places.
    """
    known = [c for c in countries if c in bboxes]
    if not known or any(_inside(lat, lon, bboxes[c]) for c in known):
        return None
    if abs(lon) > 90:
        return None
    for code in known:
        if _inside(lon, lat, bboxes[code]):
            return (f"coordinates ({lat:g}, {lon:g}) are outside {code} but ({lon:g}, {lat:g}) "
                    f"is inside: latitude and longitude look swapped (geomap reads 'lat, lon')")
    return None


def point_place(parsed: ParsedQuery, countries: Iterable[str],
                bboxes: Mapping[str, Sequence[float]]) -> Place:
    """The Place for a coordinates query (kind POINT, precision EXACT)."""
    assert parsed.point is not None
    lat, lon = parsed.point
    warning = swap_warning(lat, lon, countries, bboxes)
    if warning:
        log.warning("%s: %s", parsed.text, warning)
    return Place(name=f"{lat:g}, {lon:g}", lat=lat, lon=lon, kind=PlaceKind.POINT,
                 precision=Precision.EXACT, note=warning)
