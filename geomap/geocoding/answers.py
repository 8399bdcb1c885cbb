"""One place name's answer as a flat record: the keys of ``geomap geocode --json`` and the
columns of :func:`geomap.api.geocode`'s table."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from geomap import settings
from geomap.errors import ConfigError, GeomapError, InputError, PlaceNotFound
from geomap.geocoding._http_cache import AnswerCache, default_cache_path
from geomap.geocoding.build import index_version
from geomap.geocoding.gazetteer import Gazetteer
from geomap.geocoding.geonames_dump import iter_layers
from geomap.geocoding.parts import border_place, part_place
from geomap.model import Geocoder

log = logging.getLogger(__name__)

#: The keys that describe a resolved place. ``area`` is true when the coordinates stand
#: for an area (a country, a province, "northern Mali") rather than the place itself; the
#: ``bbox_*`` keys give the area's extent in degrees when its polygon is known.
PLACE_KEYS = ("name", "lat", "lon", "kind", "country_code", "admin1", "admin1_code",
              "geonameid", "precision", "score", "confidence", "confidence_reason", "note",
              "area", "bbox_west", "bbox_south", "bbox_east", "bbox_north")
BBOX_KEYS = ("bbox_west", "bbox_south", "bbox_east", "bbox_north")
#: The keys of an answer, in order: the query, its place and its ``geometry`` (a GeoJSON
#: geometry, lon/lat: the area's polygon, else the point), or the error with suggestions
#: (places outside ``scope``, the countries the answer was limited to, or near spellings).
GEOCODE_COLUMNS = ("query", *PLACE_KEYS, "geometry", "error", "suggestions", "scope")
#: The service name of offline answers in the answer cache starts with this.
OFFLINE = "offline:"
#: Bump when the answers change in a way the versions in :func:`offline_identity` miss.
ANSWERS_FORMAT = 3
#: The same without the geometry: the columns of a flat (CSV) answer.
FLAT_COLUMNS = tuple(key for key in GEOCODE_COLUMNS if key != "geometry")
#: The keys of :func:`resolution`'s record of a resolved place (else it has ``error``, and
#: ``not_found`` true when the name matched nothing); :func:`resolve_all`'s records add
#: ``confidence`` and ``confidence_reason``.
RESOLVED_KEYS = ("lat", "lon", "country_code", "precision")


def place_values(place: Any, score: float | None, confidence: str | None = None,
                 reason: str = "", shape: Any = None) -> dict[str, Any]:
    """A resolved place (:class:`geomap.model.Place`) as the values of :data:`PLACE_KEYS`
    plus its ``geometry``; ``confidence`` is "high" or "low" (with the ``reason``), None
    when not judged; ``shape`` is the area's shapely polygon, when known."""
    return {
        "name": place.name, "lat": place.lat, "lon": place.lon, "kind": place.kind.value,
        "country_code": place.country_code, "admin1": place.admin1,
        "admin1_code": place.admin1_code, "geonameid": place.geonameid,
        "precision": place.precision.name.lower(), "score": score,
        "confidence": confidence, "confidence_reason": reason or None, "note": place.note,
        "area": not place.precision.is_point, **_extent(place, shape),
    }


def _extent(place: Any, shape: Any) -> dict[str, Any]:
    """The bbox keys and the GeoJSON ``geometry``: the polygon, else the point."""
    if shape is None:
        point = {"type": "Point", "coordinates": [place.lon, place.lat]}
        return dict.fromkeys(BBOX_KEYS) | {"geometry": point}
    import numpy as np
    import shapely

    bounds = [round(float(b), 5) for b in shape.bounds]
    # 5 decimals (about 1 m): the boundaries are no finer, and a line stays readable
    rounded = shapely.transform(shape, lambda xy: np.round(xy, 5))
    return dict(zip(BBOX_KEYS, bounds, strict=True)) | {
        "geometry": json.loads(shapely.to_geojson(rounded))}


def area_shape(gazetteer: Gazetteer, place: Any) -> Any | None:
    """The polygon of an area answer (None for a point, or an area without one, such as a
    county): the boundaries load on the first area asked, never for towns."""
    if place.precision.is_point:
        return None
    return gazetteer.place_geometry(place)


def answer(gazetteer: Gazetteer, query: str, country: str | None = None,
           context: tuple[str, ...] = ()) -> dict[str, Any]:
    """The gazetteer's answer to one query: every key of :data:`GEOCODE_COLUMNS`.

    ``country`` and ``context`` limit the answer to the countries they name
    (:meth:`Gazetteer.answer`).  A name that does not resolve there has ``error``
    (``"not found"``, ``"not found in ML"``, or why the query is invalid) and
    ``suggestions`` (places elsewhere, or near spellings: never answers); its place keys
    are ``None``.  A name the gazetteer does not know well that is a direction and a
    country or admin-1 unit ("northern Mali") answers that part of it
    (:func:`geomap.geocoding.parts.part_place`). An area answer carries its polygon
    (``geometry``) and extent (``bbox_*``).
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
            return record | place_values(part, 1.0, "high", shape=area_shape(gazetteer, part))
    if best is None:
        where = f" in {found.scope}" if found.scope else ""
        return record | {"error": f"not found{where}", "suggestions": list(found.suggestions),
                         "scope": found.scope}
    return record | place_values(best.place, best.score, best.confidence, best.reason,
                                 area_shape(gazetteer, best.place))


def answer_all(queries: Iterable[str], country: str | None = None,
               context: Iterable[str] = ()) -> list[dict[str, Any]]:
    """:func:`answer` of the process-wide gazetteer (:meth:`Gazetteer.default`) to each
    query, in order; a query given twice is looked up once.

    The records of :func:`geomap.geocode`'s table without pandas: ``geomap geocode``
    prints them as they are, so a first lookup does not pay for importing pandas. Answers
    are kept between runs in the cache folder's answer cache (:func:`stored_answers`), so
    a column of names answered once is not ranked again. Only the full index's answers
    are kept: the quick layer of a first run can share a name's score among fewer places.

    Raises
    ------
    geomap.errors.ConfigError
        For a ``country`` or a ``context`` item that names no place geomap knows
        (:meth:`Gazetteer.check_scope`).
    """
    gazetteer, hints, queries = Gazetteer.default(), tuple(context), list(queries)
    gazetteer.check_scope(country, hints)
    found = stored_answers(queries, country, hints)
    complete = gazetteer.is_complete
    fresh = {query: answer(gazetteer, query, country, hints)
             for query in dict.fromkeys(queries) if query not in found}
    if fresh and complete:
        store_answers(fresh, country, hints)
    found |= fresh
    return [found[query] for query in queries]


def answer_each(queries: Sequence[Any], row_context: Sequence[tuple[str, ...]],
                country: str | None = None, context: Iterable[str] = ()
                ) -> list[dict[str, Any]]:
    """:func:`answer_all` with each query inside its own ``row_context`` as well (a
    row's country or state, as ``geomap geocode --context-column`` reads them); a row
    whose context names nothing has that as its ``error`` (the other rows are answered).

    Raises
    ------
    geomap.errors.ConfigError
        For a ``country`` or ``context`` item that names nothing (as :func:`answer_all`).
    """
    gazetteer, hints = Gazetteer.default(), tuple(context)
    gazetteer.check_scope(country, hints)
    rows: list[dict[str, Any] | None] = [None] * len(queries)
    groups: dict[tuple[str, ...], list[int]] = {}
    for k, more in enumerate(row_context):
        groups.setdefault(tuple(v for v in more if v), []).append(k)
    for more, members in groups.items():
        try:
            gazetteer.check_scope(None, more)
        except ConfigError as err:
            for k in members:
                rows[k] = dict.fromkeys(GEOCODE_COLUMNS) | {
                    "query": queries[k], "suggestions": [], "error": f"row context: {err}"}
            continue
        found = answer_all([queries[k] for k in members], country, (*hints, *more))
        for k, record in zip(members, found, strict=True):
            rows[k] = record
    return [row for row in rows if row is not None]


def stored_answers(queries: list[str], country: str | None,
                   context: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """The answers to ``queries`` kept by earlier runs, by query (text queries only).

    They are keyed by :func:`offline_identity`, the query, ``country`` and ``context``; an
    unreadable cache answers nothing (a warning is logged) and the names are looked up.
    """
    texts = [query for query in dict.fromkeys(queries) if _keyable(query)]
    if not texts:
        return {}
    try:
        return _answer_cache().get_many(offline_identity(), texts, _params(country, context))
    except (sqlite3.Error, OSError, ValueError) as err:
        log.warning("the answer cache %s could not be read (%s): looking names up",
                    default_cache_path(), err)
        return {}


def store_answers(answers: dict[str, dict[str, Any]], country: str | None,
                  context: tuple[str, ...]) -> None:
    """Keep ``answers`` (query -> record) for later runs; a failure is logged, not raised.

    The first time a process keeps answers of the current :func:`offline_identity`, the
    offline answers of every other one (older data or code) are deleted.
    """
    texts = {query: record for query, record in answers.items() if _keyable(query)}
    if texts:
        _keep(texts, _params(country, context))


def _keyable(query: object) -> bool:
    """Whether the answer cache can key ``query``: text that UTF-8 can hold (a query with
    bytes that were not UTF-8, ``geomap geocode $'Kidal\\xff'``, is answered as invalid and
    not kept; keeping it was a UnicodeEncodeError traceback)."""
    if not isinstance(query, str):
        return False
    try:
        query.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def resolution(geocoder: Geocoder, name: str, country: str | None) -> dict[str, Any]:
    """``geocoder.resolve(name, country=country)`` as a flat record: the place's
    :data:`RESOLVED_KEYS`, or ``error`` (the message) when it does not resolve."""
    try:
        place = geocoder.resolve(name, country=country)
    except GeomapError as err:
        return _failed(err)
    return _resolved(place)


def _failed(err: GeomapError) -> dict[str, Any]:
    if isinstance(err, PlaceNotFound):
        return {"error": str(err), "not_found": True}
    return {"error": str(err)}


def _resolved(place: Any) -> dict[str, Any]:
    return {"lat": place.lat, "lon": place.lon, "country_code": place.country_code,
            "precision": int(place.precision)}


def judged_resolution(gazetteer: Gazetteer, name: str, country: str | None
                      ) -> dict[str, Any]:
    """:func:`resolution` of the gazetteer with the answer's ``confidence`` ("high" or
    "low") and ``confidence_reason`` (:meth:`Gazetteer.resolve_candidate`): a table's
    "San" with no country is one guess among namesakes, and its map must say so."""
    try:
        best = gazetteer.resolve_candidate(name, country=country)
    except PlaceNotFound as err:
        if country:  # near spellings in the row's country only: 'Sävar (SE)' for a Malian row
            kept = [label for label in err.candidates if label.endswith(f"({country})")]
            err = PlaceNotFound(err.query, kept)
        return _failed(err)
    except GeomapError as err:
        return _failed(err)
    return _resolved(best.place) | {"confidence": best.confidence,
                                    "confidence_reason": best.reason or None}


def resolve_all(pairs: Iterable[tuple[str, str | None]]
                ) -> dict[tuple[str, str | None], dict[str, Any]]:
    """:func:`judged_resolution` of the process-wide gazetteer for each distinct (name,
    country) pair, in their order, by pair.

    What a table of place names needs (the best place, preferring the row's country:
    :meth:`Gazetteer.resolve`, not :func:`answer`'s country limit). Like
    :func:`answer_all`'s, the answers are kept between runs in the answer cache, per
    :func:`offline_identity` and country, so a table read again is not ranked again. The
    names not kept are ranked in the full index (:meth:`Gazetteer.open_full_index`): the
    quick layer gives the same places but may judge a guess among namesakes confident.
    """
    gazetteer, pairs = Gazetteer.default(), list(dict.fromkeys(pairs))
    found = _stored_resolutions(pairs)
    asked = [pair for pair in pairs if pair not in found]
    if asked:
        gazetteer.open_full_index()  # the quick layer may overstate an answer's confidence
    fresh = {pair: judged_resolution(gazetteer, *pair) for pair in asked}
    if fresh:
        for country, names in _by_country(fresh).items():
            _keep({name: fresh[name, country] for name in names}, _resolve_params(country))
    found |= fresh
    return {pair: found[pair] for pair in pairs}


def _stored_resolutions(pairs: list[tuple[str, str | None]]
                        ) -> dict[tuple[str, str | None], dict[str, Any]]:
    """The kept :func:`resolve_all` answers among ``pairs`` (one batch per country)."""
    found: dict[tuple[str, str | None], dict[str, Any]] = {}
    try:
        cache, identity = _answer_cache(), offline_identity()
        for country, names in _by_country(pairs).items():
            kept = cache.get_many(identity, names, _resolve_params(country))
            found |= {(name, country): record for name, record in kept.items()}
    except (sqlite3.Error, OSError, ValueError) as err:
        log.warning("the answer cache %s could not be read (%s): looking names up",
                    default_cache_path(), err)
        return {}
    return found


def _by_country(pairs: Iterable[tuple[str, str | None]]) -> dict[str | None, list[str]]:
    grouped: dict[str | None, list[str]] = {}
    for name, country in pairs:
        grouped.setdefault(country, []).append(name)
    return grouped


def _resolve_params(country: str | None) -> dict[str, Any]:
    return {"country": country, "resolve": True}


def _keep(texts: dict[str, Any], params: dict[str, Any]) -> None:
    """Keep ``texts`` (query -> answer) under ``params``; a failure is logged, not raised."""
    try:
        cache, identity = _answer_cache(), offline_identity()
        cache.put_many(identity, texts, params)
        if (cache.path, identity) not in _CURRENT:  # once per process and version
            _CURRENT.add((cache.path, identity))
            cache.forget_services(OFFLINE, keep=identity)
    except (sqlite3.Error, OSError) as err:
        log.warning("the answer cache %s could not be written (%s)", default_cache_path(), err)


def offline_identity() -> str:
    """What the offline answers depend on, as the answer cache's service name: the
    gazetteer index version (its data), the imported layers, and the files of the
    installed ``geomap`` package (its code and data tables, by path, size and time)."""
    root = settings.resolved_cache_dir()
    imported = [(layer.name, *_stat(layer / "meta.json")) for layer in iter_layers(root)]
    parts = [ANSWERS_FORMAT, index_version(), imported, _package_signature()]
    text = json.dumps(parts, sort_keys=True)
    return f"{OFFLINE}{hashlib.sha256(text.encode()).hexdigest()[:32]}"


@functools.cache
def _package_signature() -> str:
    """A hash of every file of the ``geomap`` package (path, size, modification time)."""
    package = Path(__file__).resolve().parents[1]
    files = sorted(path for path in package.rglob("*")
                   if path.is_file() and "__pycache__" not in path.parts)
    text = json.dumps([(str(path.relative_to(package)), *_stat(path)) for path in files])
    return hashlib.sha256(text.encode()).hexdigest()


def _stat(path: Path) -> tuple[int, int]:
    found = path.stat()
    return found.st_size, found.st_mtime_ns


def _params(country: str | None, context: tuple[str, ...]) -> dict[str, Any]:
    return {"country": country, "context": list(context)}


def _answer_cache() -> AnswerCache:
    """The answer cache of the current cache folder (one per folder and process)."""
    path = default_cache_path()
    if path not in _CACHES:
        _CACHES[path] = AnswerCache(path)
    return _CACHES[path]


_CACHES: dict[Path, AnswerCache] = {}
#: (cache file, identity) pairs whose older offline answers this process has deleted.
_CURRENT: set[tuple[Path, str]] = set()
