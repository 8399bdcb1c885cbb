"""Process pools whose workers end with the process that started them.

A :class:`~concurrent.futures.ProcessPoolExecutor` worker holds both ends of the pipes it
shares with its parent, so when the parent is killed (SIGTERM from ``timeout`` or a
scheduler, SIGKILL from the out-of-memory killer) the worker never sees the pipe close:
it waits for its next task, or to hand in its result, for ever. ``geomap publish`` and
``geomap extract -j`` left such workers behind after every kill. Here each worker asks
the kernel (Linux ``prctl(PR_SET_PDEATHSIG)``) to be killed when its parent ends, and
leaves at once if the parent ended before it asked.

The kernel sends the signal when the *thread* that started the worker ends: pools made
here must be used, and closed, by the thread that made them (a ``with`` block does that).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1


def process_pool(workers: int, *, start_method: str | None = None) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes that are killed when this process ends.

    Parameters
    ----------
    workers
        Number of worker processes.
    start_method
        ``"spawn"``, ``"fork"`` or ``"forkserver"``; None for the platform's default.
    """
    context = multiprocessing.get_context(start_method)
    return ProcessPoolExecutor(workers, mp_context=context, initializer=end_with_parent,
                               initargs=(os.getpid(),))


def end_with_parent(parent: int) -> None:
    """In a worker: be killed when process ``parent`` ends (at once if it already has), and
    end without a word on Ctrl-C, which a terminal sends to the workers too (each idle one
    printed a ``KeyboardInterrupt`` traceback under the command's "Aborted!")."""
    signal.signal(signal.SIGINT, _leave_quietly)
    for name in ("SIGTERM", "SIGHUP"):  # a forked worker keeps no parent's handler
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # the parent ended before the request above
        os._exit(1)


def _leave_quietly(signum: int, frame: object) -> None:
    os._exit(128 + signum)
