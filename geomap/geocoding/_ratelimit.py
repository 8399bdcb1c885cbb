"""A minimum-interval rate limiter whose clock and sleep are injectable (tests never sleep)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from geomap.errors import ConfigError

#: The longest wait between two requests: a day (``inf`` and 1e308 failed ``time.sleep``).
MAX_INTERVAL_S = 86_400


class RateLimiter:
    """Let calls start at most once every ``min_interval`` seconds.

    Parameters
    ----------
    min_interval
        Seconds between the starts of two calls (Nominatim's policy: 1).
    clock
        Returns the current time in seconds (monotonic).
    sleep
        Waits the given number of seconds.
    """

    def __init__(self, min_interval: float = 1.0, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if not 0 <= min_interval <= MAX_INTERVAL_S:  # also NaN, which no limit stopped
            raise ConfigError(f"expected min_interval between 0 and {MAX_INTERVAL_S:,} "
                              f"seconds, got {min_interval!r}", key="min_interval")
        self.min_interval = min_interval
        self._clock = clock
        self._sleep = sleep
        self._last: float | None = None
        self._lock = threading.Lock()
        self.starts: list[float] = []  # start times, for reports and tests

    def wait(self) -> None:
        """Block until the next call may start, then record its start."""
        with self._lock:
            now = self._clock()
            if self._last is not None:
                delay = self._last + self.min_interval - now
                if delay > 0:
                    self._sleep(delay)
                    now = self._clock()
            self._last = now
            self.starts.append(now)

    def pause(self, seconds: float) -> None:
        """Wait ``seconds`` (a server's Retry-After or a backoff) through the same clock."""
        if seconds > 0:
            self._sleep(seconds)
