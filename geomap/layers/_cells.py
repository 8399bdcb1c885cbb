"""Cells of 1/8 degree that one polygon's interior holds: a point there needs no test.

A property of the boundaries, not of the events: it is worked out once per set of
polygons (a quadtree from 1-degree cells down to :data:`CELLS_PER_DEGREE`, with
``shapely`` predicates on the prepared parts) and kept in the cache folder
(``<cache dir>/cells/<hash of the polygons>.npy``, through :mod:`geomap.layers._cached`),
so attaching a million points pays a lookup, and the point-in-polygon scan only runs for
points in cells a border crosses.

A cell holds one of: the index of the one polygon whose interior holds the whole cell
(and no other polygon touches it), :data:`NOTHING` (no polygon touches the cell) or
:data:`UNDECIDED` (a border crosses it, or polygons overlap there). Each cell is tested
as a box grown by :data:`MARGIN` degrees, wider than the rounding of any point's cell
number, so a point placed in a decided cell is decided exactly as the scan would.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

import numpy as np
import shapely

from geomap.layers import _cached

log = logging.getLogger(__name__)

#: The finest cells, per degree (1/8 degree: about 14 km at the equator).
CELLS_PER_DEGREE = 8
#: Cell values besides polygon indexes.
NOTHING, UNDECIDED = -1, -2
#: Degrees each cell's box is grown by before it is tested.
MARGIN = 1e-9
#: Cells classified at once (bounds the memory of the boxes and candidate pairs).
SLICE = 16_384
#: Points looked up at once (bounds the lookup's temporaries).
LOOKUP_BLOCK = 65_536
#: Bump when the meaning of a stored grid changes.
CELLS_FORMAT = 1


@dataclass(frozen=True)
class CellGrid:
    """The cell values of the world, rows from 90 S, columns from 180 W."""

    values: np.ndarray

    def lookup(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Each point's cell value (:data:`UNDECIDED` for NaN or out-of-range points).

        By blocks of :data:`LOOKUP_BLOCK` points: the temporaries stay small (~0.5 MB
        each), where a million points at once took ~40 MB of them.
        """
        result = np.empty(len(x), dtype=np.int64)
        for start in range(0, len(x), LOOKUP_BLOCK):
            block = slice(start, start + LOOKUP_BLOCK)
            result[block] = self._lookup_block(x[block], y[block])
        return result

    def _lookup_block(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        column = x + 180.0  # floored by the cast: in range, they are >= 0
        column *= CELLS_PER_DEGREE
        row = y + 90.0
        row *= CELLS_PER_DEGREE
        rows, columns = self.values.shape
        known = (column >= 0) & (column < columns) & (row >= 0) & (row < rows)  # NaN: False
        # Clamped in place (fmax turns NaN into 0): the unknown read cell 0, then UNDECIDED.
        np.fmin(np.fmax(row, 0, out=row), rows - 1, out=row)
        np.fmin(np.fmax(column, 0, out=column), columns - 1, out=column)
        flat = row.astype(np.intp)
        flat *= columns
        flat += column.astype(np.intp)
        result = self.values.ravel().take(flat).astype(np.int64)
        result[~known] = UNDECIDED
        return result


def cell_grid(codes: np.ndarray, parts: np.ndarray, owner: np.ndarray) -> CellGrid:
    """The grid of these polygon parts: read from the cache folder, else made and kept.

    ``codes`` are the polygons' codes, ``parts`` their parts and ``owner`` each part's
    polygon index.
    """
    path = _cached.cached_file("cells", _digest(codes, parts, owner), single=True)
    stored = _cached.read(path, "cell grid", lambda arrays: _grid(arrays, len(codes)))
    if stored is not None:
        return stored
    log.info("working out which 1/%d-degree cells %d polygons hold (once per boundary set)",
             CELLS_PER_DEGREE, len(codes))
    # On copies of the parts, dropped afterwards: testing boxes builds an index of every
    # part's edges (~50 MB for the admin-1 layer) that locating points never uses, and
    # it would live as long as the parts, up to the peak of a build's first run.
    copies = shapely.from_wkb(shapely.to_wkb(parts))
    shapely.prepare(copies)
    grid = make_grid(copies, owner, shapely.STRtree(copies), len(codes))
    del copies
    _cached.keep(path, "cell grid", values=grid.values)
    return grid


def make_grid(parts: np.ndarray, owner: np.ndarray, tree: shapely.STRtree,
              polygons: int) -> CellGrid:
    """Work the grid out: cells a border crosses are split in four, down to 1/8 degree."""
    values = np.full((180 * CELLS_PER_DEGREE, 360 * CELLS_PER_DEGREE), NOTHING,
                     dtype=np.int16 if polygons < np.iinfo(np.int16).max else np.int32)
    column, row = _first_cells(shapely.bounds(parts))
    size = 1
    while len(column):
        # in slices: all the boxes of a level at once add ~230 MB to a build's peak (80 in slices)
        found = np.concatenate([
            _classify(parts, owner, tree, column[start:start + SLICE],
                      row[start:start + SLICE], size)
            for start in range(0, len(column), SLICE)])
        if size == CELLS_PER_DEGREE:
            _paint(values, column, row, found, size)
            break
        settled = found != UNDECIDED
        _paint(values, column[settled], row[settled], found[settled], size)
        column, row, size = *_children(column[~settled], row[~settled]), size * 2
    return CellGrid(values)


def _first_cells(bounds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 1-degree cells (column, row) that the parts' bounding boxes touch."""
    low = np.floor(bounds[:, :2] - MARGIN + [180.0, 90.0]).astype(np.int64)
    high = np.floor(bounds[:, 2:] + MARGIN + [180.0, 90.0]).astype(np.int64)
    low, high = np.maximum(low, 0), np.minimum(high, [359, 179])
    touched = np.zeros((180, 360), dtype=bool)
    for (west, south), (east, north) in zip(low, high, strict=True):
        touched[south:north + 1, west:east + 1] = True
    row, column = np.nonzero(touched)
    return column, row


def _classify(parts: np.ndarray, owner: np.ndarray, tree: shapely.STRtree,
              column: np.ndarray, row: np.ndarray, size: int) -> np.ndarray:
    """Per cell: the one polygon holding it, NOTHING, or UNDECIDED."""
    boxes = shapely.box((column / size) - 180.0 - MARGIN, (row / size) - 90.0 - MARGIN,
                        ((column + 1) / size) - 180.0 + MARGIN,
                        ((row + 1) / size) - 90.0 + MARGIN)
    cell_i, part_i = tree.query(boxes)
    touch = shapely.intersects(parts[part_i], boxes[cell_i])
    cell_i, part_i = cell_i[touch], part_i[touch]
    owners = owner[part_i]
    lowest = np.full(len(boxes), np.iinfo(np.int64).max, dtype=np.int64)
    highest = np.full(len(boxes), NOTHING, dtype=np.int64)
    np.minimum.at(lowest, cell_i, owners)
    np.maximum.at(highest, cell_i, owners)
    alone = (lowest == highest)[cell_i]  # every part touching the cell is one polygon's
    held = np.zeros(len(boxes), dtype=bool)
    inner = shapely.contains_properly(parts[part_i[alone]], boxes[cell_i[alone]])
    held[cell_i[alone][inner]] = True
    return np.where(held, highest, np.where(highest == NOTHING, NOTHING, UNDECIDED))


def _paint(values: np.ndarray, column: np.ndarray, row: np.ndarray, found: np.ndarray,
           size: int) -> None:
    """Write each cell's value into the finest cells it covers."""
    scale = CELLS_PER_DEGREE // size
    offsets = np.arange(scale)
    rows = (row[:, None, None] * scale + offsets[None, :, None])
    columns = (column[:, None, None] * scale + offsets[None, None, :])
    rows, columns = np.broadcast_arrays(rows, columns)
    values[rows, columns] = np.broadcast_to(found[:, None, None], rows.shape)


def _children(column: np.ndarray, row: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The four half-size cells of each cell."""
    dx, dy = np.array([0, 1, 0, 1]), np.array([0, 0, 1, 1])
    return ((column[:, None] * 2 + dx).ravel(), (row[:, None] * 2 + dy).ravel())


def _digest(codes: np.ndarray, parts: np.ndarray, owner: np.ndarray) -> str:
    """A hash of everything the grid depends on: the codes, the parts (each ring's part
    and number of points, every coordinate) and their owners.

    From the coordinate array rather than WKB: writing the parts' WKB took ~15 ms of a
    first call's ~20 for the admin-1 layer, its coordinates and rings take ~4.
    """
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    # the sizes first: where each array below ends
    digest = hashlib.sha256(f"{CELLS_FORMAT}:{CELLS_PER_DEGREE}:{len(owner)}:{len(rings)}:"
                            .encode())
    digest.update("\x00".join(map(str, codes)).encode("utf-8", "surrogatepass"))
    for numbers in (owner, ring_part, shapely.get_num_coordinates(rings)):
        digest.update(np.ascontiguousarray(numbers, dtype=np.int64).tobytes())
    digest.update(np.ascontiguousarray(shapely.get_coordinates(parts), dtype=np.float64).data)
    return digest.hexdigest()[:32]


def _grid(arrays: dict[str, np.ndarray], polygons: int) -> CellGrid:
    """The grid of a stored file (ValueError when it is not a grid of ``polygons``)."""
    values = arrays["values"]
    shape = (180 * CELLS_PER_DEGREE, 360 * CELLS_PER_DEGREE)
    if (values.shape != shape or values.dtype.kind != "i" or values.min() < UNDECIDED
            or values.max() >= polygons):
        raise ValueError(f"not a grid of these {polygons} polygons")
    return CellGrid(values)
