"""The offline gazetteer as a geopy geocoder.

>>> from geomap.geocoding.geopy_adapter import OfflineGeocoder
>>> location = OfflineGeocoder().geocode("Gao", country="ML")
>>> round(location.latitude, 2), round(location.longitude, 2)
(16.27, -0.04)

It works wherever geopy geocoders do (``geopy.extra.rate_limiter.RateLimiter``,
``geopandas.tools.geocode(provider=OfflineGeocoder())``) and never touches the network.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geomap.errors import GeomapError
from geomap.geocoding.gazetteer import Candidate, Gazetteer
from geomap.model import Place, PlaceKind


class OfflineGeocoder(Geocoder):
    """A geopy ``Geocoder`` answering from geomap's offline gazetteer.

    Parameters
    ----------
    gazetteer
        The gazetteer to use; the process-wide default when None.
    country
        Default ISO country code to prefer for ambiguous names.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, country: str | None = None,
                 **geocoder_options: Any) -> None:
        super().__init__(**geocoder_options)
        self._gazetteer = gazetteer
        self.country = country

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer (opened on first use)."""
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.default()
        return self._gazetteer

    def geocode(self, query: str, *, exactly_one: bool = True, timeout: Any = None,
                country: str | None = None, context: Sequence[str] = (),
                limit: int = 10) -> Location | list[Location] | None:
        """Geocode ``query`` offline.

        Returns
        -------
        geopy.location.Location, list of them, or None
            None when nothing matches or the query is unusable (geopy's convention);
            ``Location.raw`` holds the geomap Place fields and the candidate score.
        """
        try:
            found = self.gazetteer.candidates(query, country=country or self.country,
                                              context=context, limit=1 if exactly_one else limit)
        except GeomapError:
            return None
        if not found:
            return None
        locations = [_location(c) for c in found]
        return locations[0] if exactly_one else locations

    def reverse(self, query: Any, *, exactly_one: bool = True, timeout: Any = None,
                max_km: float = 50.0) -> Location | list[Location] | None:
        """The nearest populated place to ``query`` (a ``"lat, lon"`` string, tuple or
        ``geopy.Point``) within ``max_km``, or None."""
        point = Point(query)
        place = nearest_place(self.gazetteer, point.latitude, point.longitude, max_km=max_km)
        if place is None:
            return None
        location = _location(Candidate(place, 1.0))
        return location if exactly_one else [location]


def _location(candidate: Candidate) -> Location:
    place = candidate.place
    raw = {k: v for k, v in asdict(place).items() if k != "geometry"}
    raw.update(kind=place.kind.value, precision=int(place.precision), score=candidate.score)
    parts = [place.name, place.admin1 if place.admin1 != place.name else None, place.country_code]
    address = ", ".join(p for p in parts if p)
    return Location(address, Point(place.lat, place.lon), raw)


def nearest_place(gazetteer: Gazetteer, lat: float, lon: float, *,
                  max_km: float = 50.0) -> Place | None:
    """The base layer's nearest populated place to ``(lat, lon)`` within ``max_km``."""
    import numpy as np

    arrays = gazetteer.base.arrays
    lats, lons = np.radians(arrays["lat"]), np.radians(arrays["lon"])
    phi, lam = math.radians(lat), math.radians(lon)
    # haversine, on every place at once
    a = (np.sin((lats - phi) / 2) ** 2
         + np.cos(phi) * np.cos(lats) * np.sin((lons - lam) / 2) ** 2)
    distance = 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
    populated = arrays["kind"] == 0
    distance = np.where(populated, distance, np.inf)
    best = int(np.argmin(distance))
    if not math.isfinite(float(distance[best])) or distance[best] > max_km:
        return None
    place = gazetteer._place(0, best)
    return place if place.kind == PlaceKind.POPULATED_PLACE else None
