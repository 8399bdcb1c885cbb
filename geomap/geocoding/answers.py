"""One place name's answer as a flat record: the keys of ``geomap geocode --json`` and the
columns of :func:`geomap.api.geocode`'s table."""

from __future__ import annotations

from typing import Any

from geomap.errors import GeomapError, InputError, PlaceNotFound
from geomap.geocoding.gazetteer import Gazetteer

#: The keys of an answer, in order.
GEOCODE_COLUMNS = ("query", "name", "lat", "lon", "kind", "country_code", "admin1",
                   "admin1_code", "geonameid", "precision", "score", "note", "error",
                   "candidates")
#: The keys that describe a resolved place (every key but the query and the error's).
PLACE_KEYS = GEOCODE_COLUMNS[1:-2]


def place_values(place: Any, score: float | None) -> dict[str, Any]:
    """A resolved place (:class:`geomap.model.Place`) as the values of :data:`PLACE_KEYS`."""
    return {
        "name": place.name, "lat": place.lat, "lon": place.lon, "kind": place.kind.value,
        "country_code": place.country_code, "admin1": place.admin1,
        "admin1_code": place.admin1_code, "geonameid": place.geonameid,
        "precision": place.precision.name.lower(), "score": score, "note": place.note,
    }


def answer(gazetteer: Gazetteer, query: str, country: str | None = None,
           context: tuple[str, ...] = ()) -> dict[str, Any]:
    """The gazetteer's answer to one query: every key of :data:`GEOCODE_COLUMNS`.

    A name that does not resolve has ``error`` (``"not found"``, or why the query is
    invalid) and the close ``candidates``; its place keys are ``None``.
    """
    record: dict[str, Any] = dict.fromkeys(GEOCODE_COLUMNS)
    record |= {"query": query, "candidates": []}
    try:
        best = gazetteer.candidates(query, country=country, context=context, limit=1)
        if not best:
            gazetteer.resolve(query, country=country, context=context)  # raises, with hints
        return record | place_values(best[0].place, best[0].score)
    except PlaceNotFound as err:
        return record | {"error": "not found", "candidates": list(err.candidates)}
    except InputError as err:
        return record | {"error": f"invalid query: {err}"}
    except GeomapError as err:
        return record | {"error": str(err)}
