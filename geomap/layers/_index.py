"""A point-in-polygon index for boundary layers: array in, array out.

The work behind :mod:`geomap.layers.attach`, kept free of pandas so it can run on any
partition of a larger dataset. Polygons are sorted by code and split into their parts
(tighter bounding boxes); points are sorted once by 1-degree cell (a radix sort of
16-bit keys), so each part only tests the points of its bounding box, with
``shapely.contains_xy`` on the prepared part. What the cells of
:mod:`geomap.layers._cells` do not answer, and the border and nearest rules, come from
the parts' tree. With many points, the scan and the distance tests are shared between
two threads by part (shapely releases the GIL; a part is never tested by both).
"""

from __future__ import annotations

import math
import os
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

import numpy as np
import shapely

from geomap.layers._cells import UNDECIDED, CellGrid, cell_grid
from geomap.refdata.boundaries import admin0_codes, admin1_codes

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

#: Mean Earth radius in km, for haversine distances.
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180.0

NONE = -1  # "no polygon" in index arrays
#: Rows and cells of the 1-degree cells the scan sorts points by (cell numbers fit uint16).
DEGREE_ROWS = 180
DEGREE_CELLS = 360 * DEGREE_ROWS
T = TypeVar("T")
#: Points in one call from which the cell grid is worth reading or making (below it the
#: scan is as quick as reading the grid: ~4 ms per 10,000 points).
CELL_GRID_MIN_POINTS = 100_000

#: Pairs from which a distance test is shared between two threads (below it a thread costs
#: more than it saves). shapely releases the GIL inside its functions.
THREAD_MIN_PAIRS = 20_000
#: Candidate pairs of the scan expanded and trimmed at once (bounds its temporaries).
PAIR_BLOCK = 65_536

# Rule codes returned by PolygonIndex.locate (small ints, mapped to names by callers).
RULE_NONE, RULE_INSIDE, RULE_BORDER, RULE_NEAREST = 0, 1, 2, 3
RULE_NAMES = np.array(["unattached", "inside", "border", "nearest"], dtype=object)


@dataclass(frozen=True)
class Groups:
    """Which polygons each point may attach to: those whose group is the point's.

    ``point[i]`` is point ``i``'s group, ``polygon[j]`` polygon ``j``'s (small ints, e.g.
    country ids); attaching with groups answers as one index per group would.
    """

    point: np.ndarray
    polygon: np.ndarray

    def take(self, rows: np.ndarray) -> Groups:
        """The groups of the points at ``rows``."""
        return Groups(self.point[rows], self.polygon)

    def pairs(self, point_i: np.ndarray, part_i: np.ndarray,
              part_owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The (point, part) pairs whose part's polygon is in the point's group."""
        keep = self.polygon[part_owner[part_i]] == self.point[point_i]
        return point_i[keep], part_i[keep]


@dataclass
class PolygonIndex:
    """Polygons sorted by code, split into prepared parts with their bounds.

    Build it with :meth:`from_arrays`; ``codes[i]`` is the code of polygon ``i`` and the
    order is ascending, so "the lowest index" is "the lowest code".
    """

    codes: np.ndarray
    geometries: np.ndarray
    parts: np.ndarray
    part_owner: np.ndarray
    bounds: np.ndarray = field(repr=False)
    _tree: Any = field(default=None, repr=False)
    _cells: CellGrid | None = field(default=None, repr=False)

    @classmethod
    def from_arrays(cls, codes: Sequence[str], geometries: Sequence[Any]) -> PolygonIndex:
        """Index ``geometries`` (polygons or multipolygons) under ``codes``."""
        code_array = np.asarray(codes, dtype=object)
        geom_array = np.asarray(geometries, dtype=object)
        keep = ~(shapely.is_missing(geom_array) | shapely.is_empty(geom_array))
        code_array, geom_array = code_array[keep], geom_array[keep]
        order = np.argsort(code_array.astype(str), kind="stable")
        code_array, geom_array = code_array[order], geom_array[order]
        parts, owner = shapely.get_parts(geom_array, return_index=True)
        shapely.prepare(parts)
        return cls(code_array, geom_array, parts, owner.astype(np.int64), shapely.bounds(parts))

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def tree(self) -> shapely.STRtree:
        """An STRtree over the parts, built on first use."""
        if self._tree is None:
            self._tree = shapely.STRtree(self.parts)
        return self._tree

    def locate(
        self, x: np.ndarray, y: np.ndarray, tolerance_km: float = 0.0,
        groups: Groups | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Attach each point ``(x=lon, y=lat)`` to one polygon.

        Returns ``(index, rule)``: the polygon index per point (``-1`` for none) and the
        rule used (``RULE_INSIDE``, ``RULE_BORDER``, ``RULE_NEAREST`` or ``RULE_NONE``).
        With ``groups``, each point is attached only among the polygons of its group, as
        an index of those polygons alone would attach it (the lowest code still wins).
        """
        x = np.asarray(x, dtype="float64")
        y = np.asarray(y, dtype="float64")
        finite = np.isfinite(x) & np.isfinite(y)
        if groups is None:
            index = self.inside(x, y)
            rest = np.flatnonzero((index < 0) & finite)
        else:
            index = np.full(len(x), NONE, dtype=np.int64)
            rest = np.flatnonzero(finite)
        rule = np.where(index >= 0, RULE_INSIDE, RULE_NONE).astype("int8")
        if len(rest):
            pairs = self._pairs(x[rest], y[rest], tolerance_km,
                                None if groups is None else groups.take(rest))
            index[rest], rule[rest] = pairs.locate(self, inside=groups is not None)
        return index, rule

    def _pairs(self, x: np.ndarray, y: np.ndarray, tolerance_km: float,
               groups: Groups | None) -> _Pairs:
        """The (point, part) pairs of one query of the parts' tree, for all the rules
        that follow the cells: each point's box of ``tolerance_km`` (or the point), the
        parts of its group only."""
        if tolerance_km > 0:
            dlat = tolerance_km / KM_PER_DEGREE
            dlon = dlat / np.maximum(np.cos(np.radians(np.clip(y, -89.0, 89.0))), 0.01)
            shapes = shapely.box(x - dlon, y - dlat, x + dlon, y + dlat)
        else:
            dlat, dlon = 0.0, np.zeros(len(x))
            shapes = shapely.points(x, y)
        point_i, part_i = self.tree.query(shapes)
        if groups is not None:
            point_i, part_i = groups.pairs(point_i, part_i, self.part_owner)
        return _Pairs(x, y, point_i, part_i, tolerance_km, dlat, dlon)

    def inside(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """The lowest-code polygon whose interior holds each point, or -1.

        From :data:`CELL_GRID_MIN_POINTS` points on, the cells that one polygon holds
        answer without a test (:mod:`geomap.layers._cells`); the rest are scanned.
        """
        cells = self.cell_grid() if len(x) >= CELL_GRID_MIN_POINTS else self._cells
        if cells is None:
            return self._scan(x, y, shapely.contains_xy)
        result = cells.lookup(x, y)
        todo = np.flatnonzero(result == UNDECIDED)
        result[todo] = self._scan(x[todo], y[todo], shapely.contains_xy)
        return result

    def cell_grid(self) -> CellGrid:
        """The cells of these polygons (read from the cache folder, else made and kept)."""
        if self._cells is None:
            self._cells = cell_grid(self.codes, self.parts, self.part_owner)
        return self._cells

    def _scan(self, x: np.ndarray, y: np.ndarray, predicate: Any) -> np.ndarray:
        """Test each part on the points of its bounding box; lowest code wins.

        Points are sorted by 1-degree cell (column-major, a radix sort of 16-bit keys),
        so the points of a part's bounding box are a few runs of that order, one per
        column of cells; parts are tested in code order, each on the points no lower
        code holds yet.
        """
        result = np.full(len(x), NONE, dtype=np.int64)
        finite = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
        if not len(finite) or not len(self.parts):
            return result
        key = _degree_cells(x[finite], y[finite])
        order = np.argsort(key, kind="stable")
        xs, ys = x[finite[order]], y[finite[order]]
        first = np.zeros(DEGREE_CELLS + 1, dtype=np.int64)
        np.cumsum(np.bincount(key, minlength=DEGREE_CELLS), out=first[1:])
        part_i, point_i = self._box_pairs(first, xs, ys)

        def test(pairs: slice) -> np.ndarray:
            # the pairs in ``pairs``, in code order: each part on the points no lower
            # part holds yet
            found = np.full(len(xs), NONE, dtype=np.int64)
            parts, points = part_i[pairs], point_i[pairs]
            edges = np.flatnonzero(np.diff(parts)) + 1
            for start, stop in zip(np.r_[0, edges], np.r_[edges, len(parts)], strict=True):
                candidates = points[start:stop]
                candidates = candidates[found[candidates] < 0]
                if len(candidates):
                    part = parts[start]
                    hit = predicate(self.parts[part], xs[candidates], ys[candidates])
                    found[candidates[hit]] = self.part_owner[part]
            return found

        # Two threads take the lower and the upper parts (the pairs are in part order, so
        # each is a slice of them: no copies); the lower code wins.
        split = _lower_split(part_i)
        if split is None:
            found = test(slice(None))
        else:
            lower, found = _in_two_threads(test, slice(0, split), slice(split, None))
            np.copyto(found, lower, where=lower >= 0)
        result[finite[order]] = found
        return result

    def _box_pairs(self, first: np.ndarray, xs: np.ndarray,
                   ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(part, sorted point) pairs of the points in each part's bounding box, parts in
        code order; ``first[k]`` is the first sorted point of 1-degree cell ``k``.

        Each part's cells give runs of sorted points (one per column of cells); the runs
        are expanded and trimmed to the bounding boxes by blocks of about
        :data:`PAIR_BLOCK` pairs (whole runs), so the candidates are never all in
        memory: 1.35 M of them for the 1M benchmark, 2.5 times the pairs kept, took
        ~60 MB of temporaries at once, fresh pages in a process's first call.
        """
        part, start, size = self._box_runs(first)
        west, south, east, north = np.ascontiguousarray(self.bounds.T)  # 1-D takes are quick
        ends = np.cumsum(size)
        total = int(ends[-1]) if len(ends) else 0
        cuts = np.unique(np.searchsorted(ends, np.arange(PAIR_BLOCK, total, PAIR_BLOCK),
                                         side="right"))
        kept_parts, kept_points = [], []
        for low, high in zip(np.r_[0, cuts], np.r_[cuts, len(size)], strict=True):
            if low == high:
                continue
            block_part, block_start, block_size = part[low:high], start[low:high], size[low:high]
            offsets = np.cumsum(block_size) - block_size
            pair_part = np.repeat(block_part, block_size)
            point = np.arange(int(offsets[-1] + block_size[-1]))
            point -= np.repeat(offsets - block_start, block_size)
            px, py = xs[point], ys[point]
            keep = px >= west[pair_part]
            keep &= px <= east[pair_part]
            keep &= py >= south[pair_part]
            keep &= py <= north[pair_part]
            kept_parts.append(pair_part[keep])
            kept_points.append(point[keep])
        if not kept_parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(kept_parts), np.concatenate(kept_points)

    def _box_runs(self, first: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The runs of sorted points in each part's 1-degree cells, parts in code order:
        ``(part, first sorted point, number of points)`` per non-empty run (one per
        column of cells); ``first[k]`` is the first sorted point of cell ``k``."""
        low = _degree_cells(self.bounds[:, 0], self.bounds[:, 1], split=True)
        high = _degree_cells(self.bounds[:, 2], self.bounds[:, 3], split=True)
        columns = high[0] - low[0] + 1
        part = np.repeat(np.arange(len(self.parts)), columns)
        column = low[0][part] + np.arange(len(part)) - np.repeat(np.cumsum(columns) - columns,
                                                                 columns)
        start = first[column * DEGREE_ROWS + low[1][part]]
        stop = first[column * DEGREE_ROWS + high[1][part] + 1]
        size = stop - start
        busy = np.flatnonzero(size > 0)
        return part[busy], start[busy], size[busy]

    def nearest(self, x: np.ndarray, y: np.ndarray, tolerance_km: float,
                groups: Groups | None = None) -> np.ndarray:
        """The nearest polygon within ``tolerance_km`` (great-circle) of each point, or -1
        (among the polygons of each point's group, with ``groups``)."""
        x = np.asarray(x, dtype="float64")
        y = np.asarray(y, dtype="float64")
        return self._pairs(x, y, tolerance_km, groups).nearest(self)

@dataclass
class _Pairs:
    """Points and the parts whose bounding box meets each point's box of tolerance: the
    candidates of the border and nearest rules (and, for grouped calls, of the inside
    rule), found by one query of the tree."""

    x: np.ndarray
    y: np.ndarray
    point_i: np.ndarray
    part_i: np.ndarray
    tolerance_km: float
    dlat: float
    dlon: np.ndarray

    def locate(self, index: PolygonIndex, *, inside: bool) -> tuple[np.ndarray, np.ndarray]:
        """Rules 1 (when ``inside``), 2 and 3 on these points, by polygon ``index``."""
        found = np.full(len(self.x), NONE, dtype=np.int64)
        rule = np.zeros(len(self.x), dtype="int8")
        # Only the pairs whose part's bounding box holds the point can hold it.
        bounds = index.bounds[self.part_i]
        px, py = self.x[self.point_i], self.y[self.point_i]
        holds = np.flatnonzero((px >= bounds[:, 0]) & (px <= bounds[:, 2])
                               & (py >= bounds[:, 1]) & (py <= bounds[:, 3]))
        steps = ((shapely.contains_xy, RULE_INSIDE),) if inside else ()
        for predicate, code in (*steps, (shapely.intersects_xy, RULE_BORDER)):
            holds = holds[found[self.point_i[holds]] < 0]
            point_i, part_i = self.point_i[holds], self.part_i[holds]
            hit = predicate(index.parts[part_i], px[holds], py[holds])
            lowest = _lowest_owner(len(self.x), point_i[hit], index.part_owner[part_i[hit]])
            rule[lowest >= 0] = code
            found = np.where(found >= 0, found, lowest)
        if self.tolerance_km > 0:
            near = self.without(found >= 0).nearest(index)
            rule[near >= 0] = RULE_NEAREST
            found = np.where(found >= 0, found, near)
        return found, rule

    def without(self, done: np.ndarray) -> _Pairs:
        """The pairs of the points not ``done`` (the points keep their positions)."""
        keep = ~done[self.point_i]
        return _Pairs(self.x, self.y, self.point_i[keep], self.part_i[keep],
                      self.tolerance_km, self.dlat, self.dlon)

    def nearest(self, index: PolygonIndex) -> np.ndarray:
        """Rule 3: the nearest polygon within the tolerance (great-circle) of each point,
        or -1."""
        x, y, dlat, dlon = self.x, self.y, self.dlat, self.dlon
        result = np.full(len(x), NONE, dtype=np.int64)
        point_i, part_i = self.point_i, self.part_i
        points = shapely.points(x[point_i], y[point_i])
        parts = index.parts
        # Cheap tests on prepared parts (degrees) before exact distances: within dlat
        # degrees is surely within the tolerance, beyond dlon surely not; within dlat
        # implies within dlon, so the wider test runs only where the narrower fails.
        close = _by_part(part_i, lambda k: shapely.dwithin(parts[part_i[k]], points[k], dlat))
        near = close.copy()
        far = np.flatnonzero(~close)
        near[far] = _by_part(part_i[far], lambda k: shapely.dwithin(
            parts[part_i[far[k]]], points[far[k]], dlon[point_i[far[k]]]))
        point_i, part_i, points, close = point_i[near], part_i[near], points[near], close[near]
        decided = _surely_near(len(x), point_i, index.part_owner[part_i], close)
        result[decided >= 0] = decided[decided >= 0]
        keep = decided[point_i] < 0
        point_i, part_i, points = point_i[keep], part_i[keep], points[keep]
        if not len(point_i):
            return result
        nearest_on_part = _by_part(part_i, lambda k: shapely.get_point(
            shapely.shortest_line(points[k], parts[part_i[k]]), 1))
        km = haversine_km(
            x[point_i], y[point_i], shapely.get_x(nearest_on_part), shapely.get_y(nearest_on_part)
        )
        owners = index.part_owner[part_i]
        # Sort by (point, distance, owner) and keep the first row per point.
        order = np.lexsort((owners, km, point_i))
        first = order[np.r_[True, point_i[order][1:] != point_i[order][:-1]]]
        close = km[first] <= self.tolerance_km
        result[point_i[first][close]] = owners[first][close]
        return result


def _lower_parts(part_i: np.ndarray) -> np.ndarray | None:
    """Which pairs belong to the lower parts holding about half of the pairs, when there
    are enough pairs to share between two threads (else None)."""
    last = _lower_last_part(part_i)
    if last is None:
        return None
    low = part_i <= last
    return low if 0 < int(low.sum()) < len(part_i) else None


def _lower_split(part_i: np.ndarray) -> int | None:
    """For pairs in part order: where the upper parts of :func:`_lower_parts` begin, or
    None (the same halves, as two slices)."""
    last = _lower_last_part(part_i)
    if last is None:
        return None
    split = int(np.searchsorted(part_i, last, side="right"))
    return split if 0 < split < len(part_i) else None


def _lower_last_part(part_i: np.ndarray) -> int | None:
    """The last of the lower parts holding about half of the pairs, or None when there
    are too few pairs to share between two threads."""
    if len(part_i) < THREAD_MIN_PAIRS or (os.cpu_count() or 1) < 2:
        return None
    counts = np.cumsum(np.bincount(part_i))
    return int(np.searchsorted(counts, counts[-1] // 2))


def _by_part_halves(part_i: np.ndarray, test: Callable[[np.ndarray], np.ndarray],
                    low: np.ndarray | None) -> tuple[np.ndarray | None, np.ndarray]:
    """``test(k)`` on the pairs at positions ``k`` (ascending): ``(test(lower),
    test(upper))`` with ``low`` (:func:`_lower_parts`), the lower parts' pairs tested
    in a worker thread while the others are tested here (shapely releases the GIL);
    ``(None, test(all))`` without.

    Split by part, never across one: GEOS builds a prepared part's indexes on its first
    use, so no part may be tested by two threads at once.
    """
    every = np.arange(len(part_i))
    if low is None:
        return None, test(every)
    return _in_two_threads(test, every[low], every[~low])


def _in_two_threads(test: Callable[[Any], np.ndarray], lower: Any,
                    upper: Any) -> tuple[np.ndarray, np.ndarray]:
    """``(test(lower), test(upper))``, the first in a worker thread while the second runs
    here (shapely releases the GIL); ``lower`` and ``upper`` select pairs of distinct
    parts."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        pending = worker.submit(test, lower)
        answer_upper = test(upper)
        return pending.result(), answer_upper


def _by_part(part_i: np.ndarray, test: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``test(k)`` answers the pairs at positions ``k``; this answers all pairs, shared
    between two threads by part when there are many (:func:`_by_part_halves`)."""
    low = _lower_parts(part_i)
    lower, upper = _by_part_halves(part_i, test, low)
    if lower is None or low is None:
        return upper
    answer = np.empty(len(part_i), dtype=lower.dtype)
    answer[low], answer[~low] = lower, upper
    return answer


def _surely_near(size: int, point_i: np.ndarray, owners: np.ndarray,
                 close: np.ndarray) -> np.ndarray:
    """Owner for points with one candidate polygon that is surely within tolerance
    (``owners``: each pair's polygon; ``close``: the pair's part is within ``dlat``
    degrees of its point).

    A great-circle distance is at most ``KM_PER_DEGREE`` times the distance in
    degrees (a degree of longitude is never longer than one of latitude), so a part
    within ``dlat`` degrees is within the tolerance; exact distances are then only
    needed where several polygons compete.
    """
    lowest = np.full(size, np.iinfo(np.int64).max, dtype=np.int64)
    highest = np.full(size, NONE, dtype=np.int64)
    np.minimum.at(lowest, point_i, owners)
    np.maximum.at(highest, point_i, owners)
    sure = np.zeros(size, dtype=bool)
    sure[point_i[close]] = True
    return np.where(sure & (lowest == highest), highest, NONE)


def _lowest_owner(size: int, point_i: np.ndarray, owners: np.ndarray) -> np.ndarray:
    """Per point, the lowest of the owners paired with it, or -1."""
    lowest = np.full(size, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(lowest, point_i, owners)
    return np.where(lowest == np.iinfo(np.int64).max, NONE, lowest)


def _degree_cells(x: np.ndarray, y: np.ndarray, *, split: bool = False) -> Any:
    """1-degree cell numbers (column-major, ``column * DEGREE_ROWS + row``) of finite
    points as uint16, clipped to the world (or ``(column, row)`` with ``split``)."""
    column = np.asarray(x, dtype="float64") + 180.0  # worked in place: no more temporaries
    np.clip(np.floor(column, out=column), 0, 359, out=column)
    row = np.asarray(y, dtype="float64") + 90.0
    np.clip(np.floor(row, out=row), 0, DEGREE_ROWS - 1, out=row)
    if split:
        return column.astype(np.int64), row.astype(np.int64)
    column *= DEGREE_ROWS  # whole numbers below 2**16: exact in float64
    column += row
    return column.astype(np.uint16)


def haversine_km(x1: Any, y1: Any, x2: Any, y2: Any) -> np.ndarray:
    """Great-circle distance in km between ``(lon, lat)`` arrays."""
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype="float64")) for v in (x1, y1, x2, y2))
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


# (id(frame), what) -> (weak reference to the frame, what was made of it); a few at most.
_FRAME_CACHE: dict[tuple[int, str], tuple[weakref.ref[Any], Any]] = {}
_CACHE_SIZE = 16


def of_frame(frame: Any, what: str, make: Callable[[], T]) -> T:
    """``make()``, kept for as long as ``frame`` (a boundary frame) lives: its index, codes
    or shapes are worked out once per process, not once per call."""
    key = (id(frame), what)
    cached = _FRAME_CACHE.get(key)
    if cached is not None and cached[0]() is frame:
        return cast(T, cached[1])
    made = make()
    if len(_FRAME_CACHE) >= _CACHE_SIZE:
        _FRAME_CACHE.pop(next(iter(_FRAME_CACHE)))
    _FRAME_CACHE[key] = (weakref.ref(frame), made)
    return made


def frame_codes(frame: pd.DataFrame, level: str) -> pd.Series:
    """The codes of a boundary frame's rows (``level``: admin0/admin1), worked out once per
    frame: the index, the country of each province and the aggregates' shapes share them.
    The Series is shared: do not change it."""
    def make() -> pd.Series:
        return admin0_codes(frame) if level == "admin0" else admin1_codes(frame)

    return of_frame(frame, f"codes:{level}", make)


def polygon_index(frame: gpd.GeoDataFrame, level: str) -> PolygonIndex:
    """The (cached) :class:`PolygonIndex` of a boundary frame; ``level`` is admin0/admin1."""
    def make() -> PolygonIndex:
        codes = frame_codes(frame, level)
        return PolygonIndex.from_arrays(codes.to_numpy(), frame.geometry.to_numpy())

    return of_frame(frame, f"index:{level}", make)
