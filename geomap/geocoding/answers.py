"""One place name's answer as a flat record: the keys of ``geomap geocode --json`` and the
columns of :func:`geomap.api.geocode`'s table."""

from __future__ import annotations

from typing import Any

from geomap.errors import GeomapError, InputError
from geomap.geocoding.gazetteer import Gazetteer
from geomap.geocoding.parts import border_place, part_place

#: The keys that describe a resolved place.
PLACE_KEYS = ("name", "lat", "lon", "kind", "country_code", "admin1", "admin1_code",
              "geonameid", "precision", "score", "confidence", "confidence_reason", "note")
#: The keys of an answer, in order: the query, its place, or the error with suggestions
#: (places outside ``scope``, the countries the answer was limited to, or near spellings).
GEOCODE_COLUMNS = ("query", *PLACE_KEYS, "error", "suggestions", "scope")


def place_values(place: Any, score: float | None, confidence: str | None = None,
                 reason: str = "") -> dict[str, Any]:
    """A resolved place (:class:`geomap.model.Place`) as the values of :data:`PLACE_KEYS`;
    ``confidence`` is "high" or "low" (with the ``reason``), None when not judged."""
    return {
        "name": place.name, "lat": place.lat, "lon": place.lon, "kind": place.kind.value,
        "country_code": place.country_code, "admin1": place.admin1,
        "admin1_code": place.admin1_code, "geonameid": place.geonameid,
        "precision": place.precision.name.lower(), "score": score,
        "confidence": confidence, "confidence_reason": reason or None, "note": place.note,
    }


def answer(gazetteer: Gazetteer, query: str, country: str | None = None,
           context: tuple[str, ...] = ()) -> dict[str, Any]:
    """The gazetteer's answer to one query: every key of :data:`GEOCODE_COLUMNS`.

    ``country`` and ``context`` limit the answer to the countries they name
    (:meth:`Gazetteer.answer`).  A name that does not resolve there has ``error``
    (``"not found"``, ``"not found in ML"``, or why the query is invalid) and
    ``suggestions`` (places elsewhere, or near spellings: never answers); its place keys
    are ``None``.  A name the gazetteer does not know well that is a direction and a
    country or admin-1 unit ("northern Mali") answers that part of it
    (:func:`geomap.geocoding.parts.part_place`).
    """
    record: dict[str, Any] = dict.fromkeys(GEOCODE_COLUMNS)
    record |= {"query": query, "suggestions": []}
    try:
        found = gazetteer.answer(query, country=country, context=context, limit=1)
    except InputError as err:
        return record | {"error": f"invalid query: {err}"}
    except GeomapError as err:
        return record | {"error": str(err)}
    best = found.best
    if best is None or best.confidence != "high":
        part = part_place(gazetteer, query, country, context) or \
            border_place(gazetteer, query, country)
        if part is not None:
            return record | place_values(part, 1.0, "high")
    if best is None:
        where = f" in {found.scope}" if found.scope else ""
        return record | {"error": f"not found{where}", "suggestions": list(found.suggestions),
                         "scope": found.scope}
    return record | place_values(best.place, best.score, best.confidence, best.reason)
