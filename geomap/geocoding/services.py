"""Opt-in online geocoding through geopy (Nominatim or any geopy service by name).

Nothing here runs unless a user asks for a service.  Every request goes through:

- a required, non-default user agent (Nominatim refuses stock agents);
- a rate limiter: at most one request per ``min_interval`` seconds (1 s by default);
- a per-read timeout, a total deadline per request and a cap on the answer's size
  (:mod:`geomap.geocoding._transport`): a drip-feeding or bottomless server is cut off;
- retries with exponential backoff on 429 (honouring ``Retry-After``), 5xx, timeouts and
  malformed answers (``null`` and ``{}`` among them); client errors (400/401/403), an
  answer over the size cap and coordinates out of range (``lon 999``: rejected, never
  wrapped) are not retried;
- a persistent SQLite cache (:class:`~geomap.geocoding._http_cache.AnswerCache`) keyed by
  the service, its endpoint (scheme, domain, path), every option that changes the answer,
  the query and its parameters: one server's answer is never served for another's
  question. Failures are never cached.

:meth:`OnlineGeocoder.geocode_many` finishes the whole batch and reports exactly which
queries failed and why.
"""

from __future__ import annotations

import http.client
import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geopy import exc as geopy_exc

from geomap.errors import (
    ConfigError,
    InputError,
    MissingDependency,
    RateLimited,
    ServiceError,
    ServiceTimeout,
)
from geomap.geocoding._http_cache import AnswerCache, default_cache_path
from geomap.geocoding._ratelimit import RateLimiter
from geomap.geocoding._transport import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_BYTES,
    AnswerTooLarge,
    ImpossibleCoordinates,
    adapter_factory,
)
from geomap.geocoding.query import parse_query
from geomap.model import Place, PlaceKind
from geomap.precision import Precision

log = logging.getLogger(__name__)


class _BadAnswer(Exception):
    """The service answered 200 with something that is not a geocoding result."""


# Worth another attempt: geopy's errors (429, 5xx, timeouts, unparsable JSON), transport
# faults (a cut connection), and answers whose structure is not what the service documents.
_RETRYABLE = (geopy_exc.GeopyError, _BadAnswer, OSError, http.client.HTTPException,
              KeyError, TypeError, ValueError, IndexError, AttributeError)

# Nominatim "addresstype" -> (kind, precision).
_NOMINATIM_KINDS = {
    "country": (PlaceKind.COUNTRY, Precision.COUNTRY),
    "state": (PlaceKind.ADMIN1, Precision.ADM1),
    "province": (PlaceKind.ADMIN1, Precision.ADM1),
    "region": (PlaceKind.ADMIN1, Precision.ADM1),
    "county": (PlaceKind.ADMIN2, Precision.ADM2),
    "district": (PlaceKind.ADMIN2, Precision.ADM2),
}
_STOCK_AGENTS = ("geopy", "python-requests", "python-urllib", "curl", "")
# Geocoder options that change how a request travels or who sends it, never the answer:
# left out of the cache key (credentials also stay out of the cache file).
_TRANSPORT_OPTIONS = frozenset({
    "timeout", "proxies", "ssl_context", "user_agent", "adapter_factory", "api_key",
    "username", "password", "client_id", "secret_key", "auth_id", "auth_token", "app_id",
    "app_code", "apikey", "token",
})


@dataclass
class BatchResult:
    """The outcome of a batch: every query is in exactly one of ``places``/``failures``.

    ``places[q]`` is None when the service answered but found nothing.
    """

    places: dict[str, Place | None] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    requests_sent: int = 0
    cache_hits: int = 0


class OnlineGeocoder:
    """A cached, rate-limited, retrying wrapper around a geopy geocoder.

    Parameters
    ----------
    service
        A geopy service name (``"nominatim"``, ``"photon"``, ...).
    user_agent
        Identifies your application to the service (required; not a stock agent).
    cache_path
        The SQLite cache; defaults to :func:`default_cache_path`.  ``False`` disables it.
    min_interval
        Seconds between requests (default 1.0: Nominatim's usage policy).
    timeout
        Seconds to wait for one answer.
    max_attempts
        Attempts per query, including the first.
    backoff
        First retry delay in seconds; doubles on every retry (unless Retry-After says more).
    max_wait
        Give up on a query rather than wait longer than this before a retry.
    deadline
        Seconds one request may take in total, however slowly the answer arrives.
    max_bytes
        The largest answer accepted, in bytes.
    clock, sleep
        Time functions; tests inject fakes so they never sleep.
    geocoder_options
        Extra keyword arguments for the geopy geocoder (``domain``, ``scheme``, ``api_key``).
    """

    def __init__(self, service: str = "nominatim", *, user_agent: str,
                 cache_path: str | Path | bool | None = None, min_interval: float = 1.0,
                 timeout: float = 10.0, max_attempts: int = 4, backoff: float = 2.0,
                 max_wait: float = 300.0, deadline: float = DEFAULT_DEADLINE,
                 max_bytes: int = DEFAULT_MAX_BYTES,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep,
                 geocoder_options: dict[str, Any] | None = None) -> None:
        agent = (user_agent or "").strip()
        if agent.lower().split("/")[0] in _STOCK_AGENTS:
            raise ConfigError(
                f"expected a user agent naming your application, got {user_agent!r}",
            )
        if max_attempts < 1:
            raise ConfigError(f"expected max_attempts >= 1, got {max_attempts!r}")
        self.service = service.lower()
        self.user_agent = agent
        self.limiter = RateLimiter(min_interval, clock=clock, sleep=sleep)
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_wait = max_wait
        self.timeout = timeout
        if cache_path is False:
            self.cache: AnswerCache | None = None
        else:
            path = default_cache_path() if cache_path in (None, True) else cache_path
            self.cache = AnswerCache(path)  # type: ignore[arg-type]
        options = dict(geocoder_options or {})
        self._geocoder = _make_geocoder(self.service, agent, timeout, options,
                                        adapter_factory(deadline, max_bytes))
        self.identity = answer_identity(self.service, self._geocoder, options)
        self.requests_sent = 0

    # -- public -------------------------------------------------------------------------

    def geocode(self, query: str, **params: Any) -> Place | None:
        """Geocode one query: the cached answer, or one (retried) request.

        Returns
        -------
        Place or None
            None when the service found nothing.

        Raises
        ------
        InputError
            For an empty, over-long or control-character query (nothing is sent).
        ServiceError
            When every attempt failed (``RateLimited``/``ServiceTimeout`` subclasses).
        """
        parse_query(query)  # InputError for empty, over-long or control-character queries
        request = self._request_params(params)
        if self.cache is not None:
            found, answer = self.cache.get(self.identity, query, request)
            if found:
                return _to_place(answer, query)
        answer = self._fetch(query, request)
        if self.cache is not None:
            self.cache.put(self.identity, query, request, answer)
        return _to_place(answer, query)

    def geocode_many(self, queries: Iterable[str], **params: Any) -> BatchResult:
        """Geocode every distinct query; failures are reported, never raised."""
        result = BatchResult()
        sent_before = self.requests_sent
        for query in queries:
            if query in result.places or query in result.failures:
                continue
            try:
                before = self.requests_sent
                result.places[query] = self.geocode(query, **params)
                if self.requests_sent == before:
                    result.cache_hits += 1
            except ServiceError as err:
                result.failures[query] = str(err)
                log.warning("%s: %r failed: %s", self.service, query, err)
            except InputError as err:  # never sent: nothing to ask the service
                result.failures[query] = f"invalid query: {err}"
        result.requests_sent = self.requests_sent - sent_before
        return result

    # -- transport ----------------------------------------------------------------------

    def _request_params(self, params: dict[str, Any]) -> dict[str, Any]:
        request = dict(params)
        if self.service == "nominatim":
            request.setdefault("addressdetails", True)
        return request

    def _fetch(self, query: str, params: dict[str, Any]) -> Any:
        attempt, last_error = 0, None
        while attempt < self.max_attempts:
            attempt += 1
            self.limiter.wait()
            self.requests_sent += 1
            try:
                location = self._geocoder.geocode(query, exactly_one=True, **params)
                return _serialise(location)
            except _RETRYABLE as err:  # transport faults, 429/5xx, malformed answers
                if _refused(err):
                    raise ServiceError(
                        f"{self.service}: {query!r} failed (not retried): {err}") from err
                last_error = err
            delay = self._delay(last_error, attempt)
            if attempt == self.max_attempts or delay > self.max_wait:
                break
            self.limiter.pause(delay)
        raise _final_error(self.service, query, attempt, last_error)

    def _delay(self, err: Exception | None, attempt: int) -> float:
        delay = self.backoff * 2 ** (attempt - 1)
        retry_after = getattr(err, "retry_after", None)
        if isinstance(retry_after, (int, float)) and retry_after > 0:
            delay = max(delay, float(retry_after))
        log.info("%s: attempt %d failed (%s); retrying in %.1f s", self.service, attempt,
                 type(err).__name__, delay)
        return delay


def _refused(err: Exception) -> bool:
    """Client errors (bad query, authentication, quota), answers over the size cap and
    impossible coordinates are final; 429 is not."""
    if isinstance(err, geopy_exc.GeocoderRateLimited):
        return False
    return isinstance(err, (geopy_exc.GeocoderQueryError, geopy_exc.GeocoderAuthenticationFailure,
                            geopy_exc.GeocoderInsufficientPrivileges,
                            geopy_exc.GeocoderQuotaExceeded, AnswerTooLarge,
                            ImpossibleCoordinates))


def answer_identity(service: str, geocoder: Any, options: dict[str, Any]) -> str:
    """What decides a service's answers besides the query: the service, its endpoint
    (scheme, domain, path) and every option except transport and credentials.

    Parameters
    ----------
    service
        The geopy service name.
    geocoder
        The geopy geocoder built from ``options`` (its ``api`` is the endpoint it calls).
    options
        The options the geocoder was built with.

    Returns
    -------
    str
        Canonical JSON, part of every cache key.
    """
    endpoint = {name: getattr(geocoder, name, None) for name in ("scheme", "domain", "api")}
    kept = {key: str(value) for key, value in options.items() if key not in _TRANSPORT_OPTIONS}
    return json.dumps({"service": service, "endpoint": endpoint, "options": kept},
                      sort_keys=True)


def _final_error(service: str, query: str, attempts: int, err: Exception | None) -> ServiceError:
    detail = " ".join(str(err).split())
    detail = detail if len(detail) <= 160 else detail[:157] + "..."
    message = f"{service}: {query!r} failed after {attempts} attempt(s): " \
              f"{type(err).__name__}: {detail}"
    if isinstance(err, geopy_exc.GeocoderRateLimited):
        return RateLimited(message)
    if isinstance(err, (geopy_exc.GeocoderTimedOut, geopy_exc.GeocoderUnavailable)):
        return ServiceTimeout(message)
    return ServiceError(message)


def _make_geocoder(service: str, user_agent: str, timeout: float,
                   options: dict[str, Any], adapter: Callable[..., Any]) -> Any:
    try:
        from geopy.geocoders import get_geocoder_for_service
    except ImportError as err:  # pragma: no cover - geopy is a dependency
        raise MissingDependency("geopy", "geocode") from err
    try:
        cls = get_geocoder_for_service(service)
    except geopy_exc.GeocoderNotFound as err:
        raise ConfigError(
            f"expected a geopy service name such as 'nominatim' or 'photon', got {service!r}"
        ) from err
    # urllib: exactly one HTTP request per attempt (requests' adapter retries on its own),
    # bounded in time and size by our subclass of it.
    return cls(user_agent=user_agent, timeout=timeout, adapter_factory=adapter, **options)


def _serialise(location: Any) -> dict[str, Any] | None:
    """A geopy Location as JSON-safe data, validated."""
    if location is None:
        return None
    try:
        lat, lon = float(location.latitude), float(location.longitude)
    except (TypeError, ValueError, AttributeError) as err:
        raise _BadAnswer(f"answer without usable coordinates: {location!r}") from err
    raw = location.raw if isinstance(location.raw, dict) else {}
    return {"address": str(location.address), "lat": lat, "lon": lon, "raw": raw}


def _to_place(answer: dict[str, Any] | None, query: str) -> Place | None:
    if answer is None:
        return None
    raw = answer.get("raw") or {}
    kind, precision = _NOMINATIM_KINDS.get(
        str(raw.get("addresstype", "")), (PlaceKind.POPULATED_PLACE, Precision.EXACT)
    )
    found = raw.get("address")
    address: dict[str, Any] = found if isinstance(found, dict) else {}
    code = str(address.get("country_code", "")).upper() or None
    name = str(raw.get("name") or answer["address"].split(",")[0] or query)
    return Place(name=name, lat=answer["lat"], lon=answer["lon"], kind=kind,
                 precision=precision, country_code=code if code and len(code) == 2 else None,
                 admin1=address.get("state"), note=f"online geocoder: {answer['address']}")
