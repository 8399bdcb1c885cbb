"""Arrays worked out once per set of boundaries and kept in the cache folder.

One file per key (``<cache dir>/<kind>/<key>.npz``, or ``.npy`` for a single array named
``values``: reading it skips the archive's checksum pass, ~9 ms for the 8 MB cell grid),
written with the one atomic writer. A file that cannot be written costs only the time to
work the arrays out again next time; a file that cannot be read, or whose arrays the
caller's check refuses, is reported and worked out again, never trusted. Used by the cell grid
(:mod:`geomap.layers._cells`) and the unions of shared codes (:mod:`geomap.layers._unions`).
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import shapely

from geomap import settings
from geomap._atomic import atomic_write
from geomap.errors import OutputError

log = logging.getLogger(__name__)

T = TypeVar("T")

#: What a damaged or foreign file can raise while it is read and checked.
UNREADABLE = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile,
              shapely.errors.GEOSException)


def cached_file(kind: str, key: str, *, single: bool = False) -> Path:
    """Where the arrays of ``key`` are kept (``single``: one array, ``values``)."""
    return settings.resolved_cache_dir() / kind / f"{key}{'.npy' if single else '.npz'}"


def keep(path: Path, what: str, **arrays: np.ndarray) -> None:
    """Write ``arrays`` to ``path``; when the cache folder refuses, say so and go on."""
    try:
        with atomic_write(path, "wb") as handle:
            if path.suffix == ".npy":
                np.save(handle, arrays["values"], allow_pickle=False)
            else:
                np.savez(handle, **arrays)  # type: ignore[arg-type]
    except OutputError as err:
        log.warning("the %s could not be kept in the cache folder: %s", what, err)


def read(path: Path, what: str, check: Callable[[dict[str, np.ndarray]], T]) -> T | None:
    """``check`` of the arrays kept at ``path``; None when there are none, or when they
    cannot be read or ``check`` refuses them (raising ValueError)."""
    if not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            stored = np.load(handle, allow_pickle=False)
            if path.suffix == ".npy":
                if not isinstance(stored, np.ndarray):
                    raise ValueError("not one array")
                arrays = {"values": stored}
            else:
                if not isinstance(stored, np.lib.npyio.NpzFile):
                    raise ValueError("not an .npz archive")
                with stored:
                    arrays = {name: stored[name] for name in stored.files}
        return check(arrays)
    except UNREADABLE as err:
        log.warning("the stored %s %s are unreadable (%s): working them out again",
                    what, path, err)
        return None
