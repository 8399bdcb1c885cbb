"""The HTTP transport of the online geocoders: geopy's urllib adapter with two bounds.

geopy's adapters take a *per read* timeout: a server that drips one byte every few
seconds holds a request for as long as it likes, and an answer of any size is read into
memory. :class:`BoundedAdapter` adds what a batch geocoder needs and no library offers
for geopy:

- a **total deadline** per request (connection, headers and body together): the body is
  read in pieces and the request is cut off once the deadline has passed;
- a **size cap**: an announced ``Content-Length`` above the cap is refused before
  reading, and a body that grows past it is cut off;
- **empty JSON** (``null``, ``{}``) is a malformed answer, never "found nothing": a
  service that means "nothing" answers with an empty list or an empty collection;
- **coordinates out of range** as the service wrote them (``"lon": "999"`` in a
  Nominatim-style record, or a GeoJSON point) are refused: geopy would wrap the longitude
  into range and place the answer on the wrong side of the world.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from geopy import exc as geopy_exc
from geopy.adapters import URLLibAdapter

from geomap.model import check_latlon

#: Seconds a whole request may take, from sending it to the last byte of the answer.
DEFAULT_DEADLINE = 30.0
#: Bytes an answer may have. Geocoding answers are a few kilobytes.
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
_CHUNK = 64 * 1024


class DeadlineExceeded(geopy_exc.GeocoderTimedOut):
    """The whole request took longer than its deadline (a slow or drip-feeding server)."""


class AnswerTooLarge(geopy_exc.GeocoderServiceError):
    """The answer is bigger than the size cap; it is not read further."""


class EmptyAnswer(geopy_exc.GeocoderParseError):
    """The service answered ``null`` or ``{}``: not a result, and not "nothing found"."""


class ImpossibleCoordinates(geopy_exc.GeocoderServiceError):
    """A result's coordinates are out of range (``lon 999``): asking again would get the
    same answer."""


class BoundedAdapter(URLLibAdapter):
    """geopy's ``URLLibAdapter`` with a total deadline and a size cap per request.

    Parameters
    ----------
    proxies, ssl_context
        As for geopy's adapters.
    deadline
        Seconds a request may take in total. A read that is already waiting when the
        deadline passes ends within the per-read ``timeout`` geopy passes.
    max_bytes
        The largest answer read, in bytes.
    clock
        Monotonic time in seconds (tests inject a fake).
    """

    def __init__(self, *, proxies: Any, ssl_context: Any, deadline: float = DEFAULT_DEADLINE,
                 max_bytes: int = DEFAULT_MAX_BYTES,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(proxies=proxies, ssl_context=ssl_context)
        self.deadline = deadline
        self.max_bytes = max_bytes
        self._clock = clock
        self._started = 0.0

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        """The parsed answer; ``null`` and ``{}`` raise :class:`EmptyAnswer`."""
        text = self.get_text(url, timeout=timeout, headers=headers)
        try:
            answer = json.loads(text)
        except ValueError as err:
            raise geopy_exc.GeocoderParseError(f"the answer is not JSON: {text[:80]!r}") from err
        if answer is None or answer == {}:
            raise EmptyAnswer(f"the service answered {text.strip()[:20]!r}, not a result")
        for record in _records(answer):
            _check_coordinates(record)
        return answer

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        """The answer's text, read within the deadline and the size cap."""
        self._started = self._clock()
        return str(super().get_text(url, timeout=min(timeout, self.deadline), headers=headers))

    def _decode_page(self, page: Any) -> str:
        announced = page.headers.get("Content-Length")
        if announced is not None and announced.strip().isdigit() \
                and int(announced) > self.max_bytes:
            page.close()
            raise AnswerTooLarge(f"the answer announces {int(announced):,} bytes, more than "
                                 f"the cap of {self.max_bytes:,}")
        try:
            body = self._read_body(page)
        finally:
            page.close()
        encoding = page.headers.get_content_charset() or "utf-8"
        try:
            return body.decode(encoding)
        except (LookupError, ValueError) as err:
            raise geopy_exc.GeocoderParseError(
                f"the answer is not {encoding} text") from err

    def _read_body(self, page: Any) -> bytes:
        """The body, a piece at a time, checking the deadline and the cap after each."""
        pieces: list[bytes] = []
        size = 0
        while True:
            self._check_deadline()
            try:
                piece = page.read1(_CHUNK)
            except OSError as err:
                raise geopy_exc.GeocoderServiceError(
                    f"the answer could not be read: {err}") from err
            if not piece:
                return b"".join(pieces)
            size += len(piece)
            if size > self.max_bytes:
                raise AnswerTooLarge(f"the answer grew past the cap of {self.max_bytes:,} "
                                     "bytes; reading stopped")
            pieces.append(piece)

    def _check_deadline(self) -> None:
        elapsed = self._clock() - self._started
        if elapsed > self.deadline:
            raise DeadlineExceeded(f"the answer took longer than the deadline of "
                                   f"{self.deadline:g} s (cut off after {elapsed:.1f} s)")


def _records(answer: Any) -> list[Any]:
    """The result records of an answer: a list of records, a GeoJSON collection's
    features, or one record."""
    if isinstance(answer, list):
        return answer
    if isinstance(answer, dict) and isinstance(answer.get("features"), list):
        return list(answer["features"])
    return [answer]


def _check_coordinates(record: Any) -> None:
    """Refuse a record whose coordinates, as written, are out of range."""
    if not isinstance(record, dict):
        return
    given: tuple[Any, Any] | None = None
    if "lat" in record and ("lon" in record or "lng" in record):
        given = record["lat"], record.get("lon", record.get("lng"))
    geometry = record.get("geometry")
    points = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if isinstance(points, list) and len(points) >= 2 and not isinstance(points[0], list):
        given = points[1], points[0]
    if given is None:
        return
    try:
        check_latlon(float(given[0]), float(given[1]))
    except (TypeError, ValueError) as err:
        raise ImpossibleCoordinates(f"a result has unusable coordinates: {err}") from err


def adapter_factory(deadline: float, max_bytes: int) -> Callable[..., BoundedAdapter]:
    """A geopy ``adapter_factory`` making :class:`BoundedAdapter` with these bounds."""

    def make(*, proxies: Any, ssl_context: Any) -> BoundedAdapter:
        return BoundedAdapter(proxies=proxies, ssl_context=ssl_context, deadline=deadline,
                              max_bytes=max_bytes)

    return make
