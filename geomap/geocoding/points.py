"""Coordinates given as a place name: a POINT place, with a warning when they look swapped."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from geomap.geocoding.query import ParsedQuery
from geomap.model import Place, PlaceKind
from geomap.precision import Precision
from geomap.refdata.countries import check_in_country

log = logging.getLogger(__name__)


def swap_warning(lat: float, lon: float, countries: Iterable[str]) -> str | None:
    """A warning when ``(lat, lon)`` lies outside every expected country but the swapped
    pair ``(lon, lat)`` lies inside one; None otherwise.

    Parameters
    ----------
    lat, lon
        The coordinates as given.
    countries
        ISO codes the point is expected in (from ``country=`` or the context).
    """
    codes = sorted(countries)
    check = check_in_country([lat] * len(codes), [lon] * len(codes), codes)
    if not check.known.any() or check.inside.any() or not check.swapped.any():
        return None
    code = codes[int(check.swapped.argmax())]
    return (f"coordinates ({lat:g}, {lon:g}) are outside {code} but ({lon:g}, {lat:g}) "
            f"is inside: latitude and longitude look swapped (geomap reads 'lat, lon')")


def point_place(parsed: ParsedQuery, countries: Iterable[str]) -> Place:
    """The Place for a coordinates query (kind POINT, precision EXACT)."""
    assert parsed.point is not None
    lat, lon = parsed.point
    warning = swap_warning(lat, lon, countries)
    if warning:
        log.warning("%s: %s", parsed.text, warning)
    return Place(name=f"{lat:g}, {lon:g}", lat=lat, lon=lon, kind=PlaceKind.POINT,
                 precision=Precision.EXACT, note=warning)
