"""Pausing Python's cycle collector around work that makes many objects and no cycles.

CPython's cycle collector runs after every few hundred new container objects and, from
time to time, walks every object of the process (tens of milliseconds in a process that
holds pandas, shapely and a boundary set). Work that makes hundreds of thousands of
short-lived objects none of which is in a reference cycle (the gazetteer build's names
and rows; the shapely points and boxes of attaching a million events) pays for those
passes and gains nothing from them: reference counting frees the objects all the same.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause the cycle collector for the ``with`` block (restored as it was, even on error).

    Only for work that makes no reference cycles: anything it did leave in a cycle would
    wait for the next collection after the block.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
