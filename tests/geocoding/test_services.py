"""Online geocoding against a fake Nominatim on 127.0.0.1: rate limit, retries, faults,
and a cache that never repeats a query and never stores a failure."""

from __future__ import annotations

import itertools
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from geomap.errors import ConfigError, RateLimited, ServiceError, ServiceTimeout
from geomap.geocoding._http_cache import AnswerCache, request_key
from geomap.geocoding._ratelimit import RateLimiter
from geomap.geocoding.services import OnlineGeocoder, answer_identity
from geomap.model import PlaceKind
from geomap.precision import Precision

from .fake_nominatim import FakeNominatim

AGENT = "geomap-tests/1.0 (test suite)"


class FakeClock:
    """A clock whose sleep advances time instantly and records every wait."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def server() -> Iterator[FakeNominatim]:
    with FakeNominatim() as fake:
        yield fake


def make(server: FakeNominatim, tmp_path: Path, clock: FakeClock,
         **options: object) -> OnlineGeocoder:
    settings = {"timeout": 0.5, "max_attempts": 3, "backoff": 2.0, **options}
    return OnlineGeocoder(
        "nominatim", user_agent=AGENT, cache_path=tmp_path / "cache.sqlite", clock=clock,
        sleep=clock.sleep, geocoder_options={"domain": server.domain, "scheme": "http"},
        **settings,  # type: ignore[arg-type]
    )


def test_answer_becomes_a_place_and_is_cached(server: FakeNominatim, tmp_path: Path) -> None:
    clock = FakeClock()
    geocoder = make(server, tmp_path, clock)
    place = geocoder.geocode("Gao")
    assert place is not None
    assert (place.lat, place.lon, place.country_code) == (16.27167, -0.04472, "ML")
    assert place.kind == PlaceKind.POPULATED_PLACE
    assert geocoder.geocode("Gao") == place
    assert server.requests["Gao"] == 1  # the second answer came from the cache
    assert server.agents == [AGENT]
    region = geocoder.geocode("Donetsk Oblast")
    assert region is not None
    assert (region.kind, region.precision) == (PlaceKind.ADMIN1, Precision.ADM1)
    # a fresh geocoder (another run) shares the persistent cache
    again = make(server, tmp_path, FakeClock())
    assert again.geocode("Gao") == place and server.requests["Gao"] == 1


def test_one_request_per_second(server: FakeNominatim, tmp_path: Path) -> None:
    clock = FakeClock()
    geocoder = make(server, tmp_path, clock)
    geocoder.geocode_many(["Gao", "Kidal", "Bamako", "Mali"])
    starts = geocoder.limiter.starts
    assert len(starts) == 4
    assert all(b - a >= 1.0 - 1e-9 for a, b in itertools.pairwise(starts))


def test_faults_batch(server: FakeNominatim, tmp_path: Path) -> None:
    server.scripts = {
        "throttled": [("status", 429, {"Retry-After": "7"}), "ok"],
        "flaky500": [("status", 500), "ok"],
        "down503": [("status", 503)],
        "timeout": [("slow", 2.0)],
        "slow": [("slow", 0.1)],
        "truncated": ["truncated"],
        "cut": ["cut", "ok"],
        "malformed": ["malformed"],
        "html": ["html"],
        "text-json": ["json-as-text"],
        "nothing": ["empty"],
        "bad-request": [("status", 400)],
    }
    clock = FakeClock()
    geocoder = make(server, tmp_path, clock)
    queries = ["Gao", *server.scripts, "Gao", "Kidal", "", "bad\x00query"]
    batch = geocoder.geocode_many(queries)

    assert set(batch.failures) == {"down503", "timeout", "truncated", "malformed", "html",
                                   "bad-request", "", "bad\x00query"}
    assert batch.failures[""].startswith("invalid query") and "" not in server.requests
    assert set(batch.places) | set(batch.failures) == set(queries)  # nothing dropped
    assert batch.places["nothing"] is None
    for ok in ("Gao", "throttled", "flaky500", "slow", "cut", "text-json", "Kidal"):
        assert batch.places[ok] is not None, ok
    assert 7.0 in clock.sleeps  # Retry-After honoured
    assert server.requests["bad-request"] == 1  # client errors are not retried
    assert server.requests["down503"] == 3 and server.requests["timeout"] == 3
    assert server.requests["Gao"] == 1  # the repeat in the batch was not sent
    assert "503" in batch.failures["down503"] or "Timed" in batch.failures["down503"]

    cache = geocoder.cache
    assert cache is not None and cache.integrity_ok()
    assert len(cache) == len(set(queries)) - len(batch.failures)  # successes only

    before = dict(server.requests)
    second = make(server, tmp_path, FakeClock()).geocode_many(queries)
    for query in batch.places:  # never sent twice
        assert server.requests[query] == before[query], query
    for query in batch.failures:  # failures were not cached: tried again
        if not batch.failures[query].startswith("invalid query"):
            assert server.requests[query] > before[query], query
    assert "" not in server.requests and "bad\x00query" not in server.requests
    assert second.places == batch.places


def test_final_errors_have_types(server: FakeNominatim, tmp_path: Path) -> None:
    server.scripts = {"limited": [("status", 429, {"Retry-After": "1"})],
                      "down": [("status", 503)], "broken": [("status", 500)]}
    geocoder = make(server, tmp_path, FakeClock(), max_attempts=2)
    with pytest.raises(RateLimited, match="limited"):
        geocoder.geocode("limited")
    with pytest.raises(ServiceTimeout):
        geocoder.geocode("down")
    with pytest.raises(ServiceError, match="2 attempt"):
        geocoder.geocode("broken")


def test_gives_up_when_retry_after_is_too_long(server: FakeNominatim, tmp_path: Path) -> None:
    server.scripts = {"later": [("status", 429, {"Retry-After": "3600"}), "ok"]}
    clock = FakeClock()
    geocoder = make(server, tmp_path, clock, max_wait=60)
    with pytest.raises(RateLimited):
        geocoder.geocode("later")
    assert server.requests["later"] == 1 and 3600 not in clock.sleeps


def test_backoff_doubles(server: FakeNominatim, tmp_path: Path) -> None:
    server.scripts = {"down": [("status", 500)]}
    clock = FakeClock()
    geocoder = make(server, tmp_path, clock, max_attempts=4, backoff=1.5, min_interval=0)
    with pytest.raises(ServiceError):
        geocoder.geocode("down")
    assert clock.sleeps == [1.5, 3.0, 6.0]


@pytest.mark.parametrize("agent", ["", "   ", "geopy/2.4", "python-requests/2.31"])
def test_user_agent_is_required(tmp_path: Path, agent: str) -> None:
    with pytest.raises(ConfigError, match="user agent"):
        OnlineGeocoder("nominatim", user_agent=agent, cache_path=tmp_path / "c.sqlite")


def test_unknown_service(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="geopy service"):
        OnlineGeocoder("no-such-service", user_agent=AGENT, cache_path=tmp_path / "c.sqlite")


def test_rate_limiter_never_sleeps_for_real() -> None:
    clock = FakeClock()
    limiter = RateLimiter(1.0, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        limiter.wait()
    assert clock.sleeps == [1.0, 1.0]
    clock.now += 5
    limiter.wait()
    assert clock.sleeps == [1.0, 1.0]
    with pytest.raises(ValueError):
        RateLimiter(-1)


@pytest.mark.parametrize("interval", [float("nan"), float("inf"), 1e308, -1.0])
def test_an_interval_no_clock_can_keep_is_refused(interval: float) -> None:
    """Before: ``--min-interval nan`` sent requests with no pause at all, and ``inf`` or
    ``1e308`` stopped the second request with an OverflowError traceback."""
    with pytest.raises(ConfigError, match="min_interval"):
        RateLimiter(interval)


def test_cache_keys_and_values(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path / "a.sqlite")
    assert request_key("nominatim", "Gao", {"a": 1, "b": 2}) == request_key(
        "nominatim", "Gao", {"b": 2, "a": 1})
    assert request_key("nominatim", "Gao", {}) != request_key("photon", "Gao", {})
    assert cache.get("s", "q", {}) == (False, None)
    cache.put("s", "q", {}, None)
    assert cache.get("s", "q", {}) == (True, None)  # "found nothing" is an answer
    with sqlite3.connect(tmp_path / "a.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


WRITER = """
import sys
from geomap.geocoding._http_cache import AnswerCache
cache = AnswerCache(sys.argv[1])
for i in range(int(sys.argv[3])):
    cache.put("fake", f"{sys.argv[2]}-{i}", {}, {"lat": i, "lon": -i, "address": "x", "raw": {}})
"""


def test_cache_shared_by_four_processes(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"p{n}", "40"])
             for n in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    cache = AnswerCache(path)
    assert len(cache) == 160 and cache.integrity_ok()
    assert cache.get("fake", "p3-39", {}) == (True, {"lat": 39, "lon": -39, "address": "x",
                                                     "raw": {}})


def test_cache_survives_sigkill_mid_write(tmp_path: Path) -> None:
    import time

    path = tmp_path / "killed.sqlite"
    AnswerCache(path).put("fake", "before", {}, {"lat": 1.5, "lon": -2.5, "address": "", "raw": {}})
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "k", "100000"])
    deadline = time.monotonic() + 30
    while len(AnswerCache(path)) < 50 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    cache = AnswerCache(path)
    assert cache.integrity_ok()
    assert cache.get("fake", "before", {})[0]
    count = len(cache)
    assert count > 50
    for i in range(count - 1):  # every committed entry is whole
        found, value = cache.get("fake", f"k-{i}", {})
        assert found and value["lon"] == -i


# -- issue 15 item 5: the cache's key, a total deadline, a size cap, empty and impossible
# answers. Each of these failed before the fix.


def test_cache_is_keyed_by_the_servers_domain(tmp_path: Path) -> None:
    """One domain's answer is never served for another domain, nor for the default one."""
    with FakeNominatim() as first, FakeNominatim() as second:
        second.shift = 1.0  # the second server answers differently
        clock = FakeClock()
        a = make(first, tmp_path, clock).geocode("Gao")
        b = make(second, tmp_path, clock).geocode("Gao")
        assert a is not None and b is not None
        assert (b.lat, b.lon) == (a.lat + 1.0, a.lon + 1.0)
        assert first.requests["Gao"] == 1 and second.requests["Gao"] == 1
        # the default service (its public endpoint) has no cached answer: it would
        # need a request, which this test's unreachable stand-in refuses at once
        default = OnlineGeocoder("nominatim", user_agent=AGENT,
                                 cache_path=tmp_path / "cache.sqlite", max_attempts=1)
        assert default.cache is not None
        assert default.cache.get(default.identity, "Gao", {"addressdetails": True}) == (
            False, None)


def test_cache_key_names_scheme_and_answer_options_not_credentials(tmp_path: Path) -> None:
    def identity(**options: str) -> str:
        return OnlineGeocoder("nominatim", user_agent=AGENT, cache_path=False,
                              geocoder_options=options).identity

    base = identity(domain="geo.example.org")
    assert identity(domain="geo.example.org", scheme="http") != base
    assert identity(domain="other.example.org") != base
    geocoder = OnlineGeocoder("opencage", user_agent=AGENT, cache_path=False,
                              geocoder_options={"api_key": "secret"})
    with_key = answer_identity("opencage", geocoder._geocoder, {"api_key": "secret"})
    assert with_key == answer_identity("opencage", geocoder._geocoder, {"api_key": "other"})
    assert "secret" not in with_key and "opencage" in with_key


def test_drip_feeding_server_is_cut_off_at_the_deadline(server: FakeNominatim,
                                                        tmp_path: Path) -> None:
    """Bytes keep coming (each read is quick), but the whole request has a deadline."""
    server.scripts = {"drip": [("drip", 40)]}  # 2,300 bytes at 40 bytes/s: about a minute
    geocoder = make(server, tmp_path, FakeClock(), max_attempts=1, timeout=5.0, deadline=0.5)
    with pytest.raises(ServiceTimeout, match="deadline"):
        geocoder.geocode("drip")
    assert 0 < server.sent["drip"] < 500  # cut off long before the end of the answer
    assert geocoder.cache is not None and len(geocoder.cache) == 0


@pytest.mark.parametrize("announce", [True, False])
def test_answer_over_the_size_cap_is_refused(server: FakeNominatim, tmp_path: Path,
                                             announce: bool) -> None:
    size = 8 * 1024 * 1024
    server.scripts = {"huge": [("huge", size, announce)]}
    geocoder = make(server, tmp_path, FakeClock(), max_bytes=256 * 1024)
    with pytest.raises(ServiceError, match="cap"):
        geocoder.geocode("huge")
    assert server.requests["huge"] == 1  # not retried: the next answer would be as big
    assert server.sent["huge"] < size  # reading stopped (or never started)
    assert geocoder.cache is not None and len(geocoder.cache) == 0


@pytest.mark.parametrize("body", ["null", "{}"])
def test_empty_json_is_not_cached_as_not_found(server: FakeNominatim, tmp_path: Path,
                                               body: str) -> None:
    server.scripts = {"q": [body]}
    geocoder = make(server, tmp_path, FakeClock(), max_attempts=2)
    with pytest.raises(ServiceError, match="answered"):
        geocoder.geocode("q")
    assert geocoder.cache is not None and len(geocoder.cache) == 0
    server.scripts = {"q": [body, "ok"]}
    server.requests.clear()
    place = make(server, tmp_path, FakeClock(), max_attempts=2).geocode("q")
    assert place is not None and server.requests["q"] == 2  # retried, then answered


@pytest.mark.parametrize("coords", [(12.5, 999.0), (95.0, -8.0), (12.5, -181.0)])
def test_coordinates_out_of_range_are_rejected_not_wrapped(
        server: FakeNominatim, tmp_path: Path, coords: tuple[float, float]) -> None:
    server.scripts = {"far": [("coords", *coords)]}
    geocoder = make(server, tmp_path, FakeClock())
    with pytest.raises(ServiceError, match=r"coordinates|[Ll]atitude|longitude"):
        geocoder.geocode("far")
    assert server.requests["far"] == 1  # the same server would say the same again
    assert geocoder.cache is not None and len(geocoder.cache) == 0
