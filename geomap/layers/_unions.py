"""Unions of boundary rows that share a code, kept in the cache folder.

Natural Earth gives a few units one code (BA-BIH: 117 admin-1 rows in 41 codes); the
aggregates draw one shape per code, the union of its rows. Those unions took ~14 ms of
every process's first aggregate, always the same: they are a property of the boundaries,
worked out once and kept as WKB (``<cache dir>/unions/<hash of the rows>.npz``, through
:mod:`geomap.layers._cached`), keyed by the rows' WKB and grouping.
"""

from __future__ import annotations

import hashlib

import numpy as np
import shapely

from geomap.layers import _cached

#: Bump when the meaning of a stored file changes.
UNIONS_FORMAT = 1
#: How the cache's messages name these files.
WHAT = "unions of shared codes"


def grouped_unions(geometry: np.ndarray, group: np.ndarray, groups: int) -> np.ndarray:
    """``shapely.union_all`` of the geometries of each group ``0 .. groups - 1`` (``group``:
    each geometry's), read from the cache folder when these rows were united before."""
    wkb = shapely.to_wkb(geometry)
    path = _cached.cached_file("unions", _digest(wkb, group, groups))
    stored = _cached.read(path, WHAT, lambda arrays: _shapes(arrays, groups))
    if stored is not None:
        return stored
    made = np.empty(groups, dtype=object)
    made[:] = [shapely.union_all(geometry[group == i]) for i in range(groups)]
    kept = shapely.to_wkb(made)
    _cached.keep(path, WHAT, data=np.frombuffer(b"".join(kept), dtype=np.uint8),
                 ends=np.cumsum([len(item) for item in kept], dtype=np.int64))
    return made


def _digest(wkb: np.ndarray, group: np.ndarray, groups: int) -> str:
    """A hash of the rows (WKB, sizes first) and their groups."""
    digest = hashlib.sha256(f"{UNIONS_FORMAT}:{groups}:{len(wkb)}:".encode())
    digest.update(np.ascontiguousarray(group, dtype=np.int64).data)
    digest.update(np.array([len(item) for item in wkb], dtype=np.int64).data)
    for item in wkb:
        digest.update(item)
    return digest.hexdigest()[:32]


def _shapes(arrays: dict[str, np.ndarray], groups: int) -> np.ndarray:
    """The ``groups`` shapes of a stored file (ValueError when it holds another number)."""
    data, ends = arrays["data"].tobytes(), arrays["ends"]
    if len(ends) != groups or (groups and int(ends[-1]) != len(data)):
        raise ValueError(f"expected {groups} shapes, got {len(ends)}")
    starts = np.r_[0, ends[:-1]]
    return shapely.from_wkb([data[a:b] for a, b in zip(starts, ends, strict=True)])
