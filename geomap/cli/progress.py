"""Progress on long work: the stage, how far it is, and the seconds spent, on a terminal.

A :class:`Progress` is the ``progress(label, done, total)`` callback that
:func:`geomap.build.run_build` and the commands call as work advances. It draws click's
progress bar on standard error only when that is a terminal, never with ``-q``, and only
once the work has run for a second, so short commands print nothing extra. A small
thread redraws the bar (with the seconds spent) while a long stage runs between calls.

Why click's bar and not rich or tqdm: click is already the CLI's library and its bar draws
the stage and the count; a second terminal library would add a dependency for the same
line. The thread is ours because neither click's bar nor tqdm's ``delay`` draws anything
until the next update, and a stage such as reading a million rows makes none for many
seconds.
"""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType
from typing import Any, TextIO

import click

from geomap.cli.options import is_quiet
from geomap.settings import resolved_progress_delay


class Progress:
    """``progress(label, done, total)`` drawn as a bar on a terminal (see the module).

    Parameters
    ----------
    delay
        Seconds of work before the bar first appears; default
        :func:`geomap.settings.resolved_progress_delay` (one second).
    interval
        Seconds between redraws while a stage runs.
    stream
        Where to draw; default standard error.
    enabled
        Force drawing on or off; default: on when ``stream`` is a terminal and ``-q`` was
        not given.
    """

    def __init__(self, *, delay: float | None = None, interval: float = 0.5,
                 stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = (not is_quiet() and self.stream.isatty()) if enabled is None else enabled
        self.delay = resolved_progress_delay() if delay is None else delay
        self.interval = interval
        self.label, self.done, self.total = "working", 0, 1
        self._bar: Any = None
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="geomap-progress", daemon=True)
        self._start = time.monotonic()

    def __call__(self, label: str, done: int, total: int) -> None:
        with self._lock:
            self.label, self.done, self.total = label, done, max(total, 1)
            if self._bar is not None:
                self._draw()

    def __enter__(self) -> Progress:
        self._start = time.monotonic()
        if self.enabled:
            self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stopped.set()
        if self._thread.is_alive():
            self._thread.join()
        with self._lock:
            if self._bar is not None:
                self._bar.render_finish()

    @property
    def shown(self) -> bool:
        """Whether the bar has been drawn."""
        return self._bar is not None

    def _run(self) -> None:
        if self._stopped.wait(self.delay):
            return
        while True:
            with self._lock:
                if self._bar is None:
                    self._bar = click.progressbar(length=self.total, file=self.stream,
                                                  show_eta=False, show_pos=True, width=24)
                self._draw()
            if self._stopped.wait(self.interval):
                return

    def _draw(self) -> None:
        seconds = time.monotonic() - self._start
        self._bar.label = f"{self.label} ({seconds:.0f} s)"
        self._bar.length = self.total
        self._bar.pos = min(self.done, self.total)
        self._bar.render_progress()
