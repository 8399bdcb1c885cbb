"""Unions of boundary rows that share a code, kept in the cache folder.

Natural Earth gives a few units one code (BA-BIH: 117 admin-1 rows in 41 codes); the
aggregates draw one shape per code, the union of its rows. Those unions took ~14 ms of
every process's first aggregate, always the same: they are a property of the boundaries,
worked out once and kept as WKB (``<cache dir>/unions/<hash of the rows>.npz``), keyed by
the rows' WKB and grouping, like the cell grid of :mod:`geomap.layers._cells`.
"""

from __future__ import annotations

import hashlib
import logging
import zipfile
from pathlib import Path

import numpy as np
import shapely

from geomap import settings
from geomap._atomic import atomic_write
from geomap.errors import OutputError

log = logging.getLogger(__name__)

#: Bump when the meaning of a stored file changes.
UNIONS_FORMAT = 1


def grouped_unions(geometry: np.ndarray, group: np.ndarray, groups: int) -> np.ndarray:
    """``shapely.union_all`` of the geometries of each group ``0 .. groups - 1`` (``group``:
    each geometry's), read from the cache folder when these rows were united before."""
    wkb = shapely.to_wkb(geometry)
    path = settings.resolved_cache_dir() / "unions" / f"{_digest(wkb, group, groups)}.npz"
    stored = _read(path, groups)
    if stored is not None:
        return stored
    made = np.empty(groups, dtype=object)
    made[:] = [shapely.union_all(geometry[group == i]) for i in range(groups)]
    _keep(path, shapely.to_wkb(made))
    return made


def _digest(wkb: np.ndarray, group: np.ndarray, groups: int) -> str:
    """A hash of the rows (WKB, sizes first) and their groups."""
    digest = hashlib.sha256(f"{UNIONS_FORMAT}:{groups}:{len(wkb)}:".encode())
    digest.update(np.ascontiguousarray(group, dtype=np.int64).data)
    digest.update(np.array([len(item) for item in wkb], dtype=np.int64).data)
    for item in wkb:
        digest.update(item)
    return digest.hexdigest()[:32]


def _keep(path: Path, wkb: np.ndarray) -> None:
    ends = np.cumsum([len(item) for item in wkb], dtype=np.int64)
    data = np.frombuffer(b"".join(wkb), dtype=np.uint8)
    try:
        with atomic_write(path, "wb") as handle:
            np.savez(handle, data=data, ends=ends)
    except OutputError as err:
        log.warning("the unions of shared codes could not be kept in the cache folder: %s", err)


def _read(path: Path, groups: int) -> np.ndarray | None:
    """The stored unions, or None when there are none or they are not readable."""
    if not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            stored = np.load(handle, allow_pickle=False)
            if not isinstance(stored, np.lib.npyio.NpzFile):
                raise ValueError("not an .npz archive")
            with stored:
                data, ends = stored["data"].tobytes(), stored["ends"]
        if len(ends) != groups or (groups and int(ends[-1]) != len(data)):
            raise ValueError(f"expected {groups} shapes, got {len(ends)}")
        starts = np.r_[0, ends[:-1]]
        return shapely.from_wkb([data[a:b] for a, b in zip(starts, ends, strict=True)])
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile,
            shapely.errors.GEOSException) as err:
        log.warning("the stored unions %s are unreadable (%s): working them out again",
                    path, err)
        return None
