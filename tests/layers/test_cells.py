"""The cell grid of a polygon index (``layers._cells``): the same answers as the scan."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely

from geomap import settings
from geomap.layers import _cells
from geomap.layers import _index as index_module
from geomap.layers._index import PolygonIndex
from geomap.refdata.boundaries import admin1_codes, load_admin1

STEP = 1 / _cells.CELLS_PER_DEGREE


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(settings, "cache_dir", tmp_path)
    return tmp_path


def overlapping() -> PolygonIndex:
    """Overlaps (the lowest code wins), a hole, edges on cell lines and off them, a
    multipolygon, and a polygon across the antimeridian's edge of the grid."""
    square = shapely.box(0.0, 10.0, 2.0, 12.0)
    holed = shapely.Polygon([(3, 10), (6, 10), (6, 13), (3, 13)],
                            [[(4, 11), (5, 11), (5, 12), (4, 12)]])
    codes = ["C", "A", "B", "D", "E"]
    geometries = [square, shapely.box(1.0, 11.0, 2.5, 12.5), holed,
                  shapely.MultiPolygon([shapely.box(-3.3, -1.1, -2.05, 0.7),
                                        shapely.box(-1.0, -1.0, -0.3, -0.2)]),
                  shapely.box(179.0, -90.0, 180.0, -88.0)]
    return PolygonIndex.from_arrays(codes, geometries)


def hard_points(index: PolygonIndex, rng: np.random.Generator) -> tuple[Any, Any]:
    """Points on and beside cell lines and polygon edges, vertices, and odd values."""
    lattice = np.arange(-4.0, 7.0, STEP / 2)
    x, y = (v.ravel() for v in np.meshgrid(lattice, lattice + 8.0))
    vertices = shapely.get_coordinates(index.parts)
    near = np.repeat(vertices, 3, axis=0) + rng.choice([-1e-10, 0.0, 1e-10], (len(vertices) * 3, 2))
    odd = np.array([[np.nan, 11.0], [1.5, np.nan], [180.0, -89.0], [-180.0, 0.0],
                    [179.5, -90.0], [200.0, 11.0], [1.5, 95.0], [np.inf, 11.0]])
    points = np.vstack([np.column_stack([x, y]), near, odd,
                        rng.uniform([-4, -2], [7, 14], (20_000, 2))])
    return points[:, 0], points[:, 1]


def test_cells_answer_as_the_scan_does_on_overlaps_holes_and_edges() -> None:
    index = overlapping()
    x, y = hard_points(index, np.random.default_rng(7))
    expected = index._scan(x, y, shapely.contains_xy)
    grid = index.cell_grid()
    looked_up = grid.lookup(x, y)
    assert (looked_up != _cells.UNDECIDED).mean() > 0.5  # the grid decides most points
    assert np.array_equal(index.inside(x, y), expected)
    decided = looked_up != _cells.UNDECIDED
    assert np.array_equal(looked_up[decided], expected[decided])
    # the overlap is undecided (C and A both touch it), the hole holds nothing
    assert grid.lookup(np.array([1.7, 4.5]), np.array([11.7, 11.5])).tolist() == [
        _cells.UNDECIDED, _cells.NOTHING]


def test_cells_of_real_provinces_answer_as_the_scan_does() -> None:
    admin1 = load_admin1()
    index = PolygonIndex.from_arrays(admin1_codes(admin1).to_numpy(), admin1.geometry.to_numpy())
    rng = np.random.default_rng(11)
    vertices = shapely.get_coordinates(index.parts)[::7]
    beside = vertices + rng.normal(0.0, 1e-6, vertices.shape)
    anywhere = rng.uniform([-180, -90], [180, 90], (200_000, 2))
    points = np.vstack([vertices, beside, anywhere])
    x, y = points[:, 0], points[:, 1]
    assert np.array_equal(index.inside(x, y), index._scan(x, y, shapely.contains_xy))
    assert index._cells is not None  # 200,000 points or more: the grid was made


def test_the_grid_is_kept_and_read_back(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = overlapping().cell_grid()
    [stored] = (cache / "cells").glob("*.npy")
    monkeypatch.setattr(_cells, "make_grid", lambda *a: pytest.fail("grid made again"))
    assert np.array_equal(overlapping().cell_grid().values, made.values)
    other = PolygonIndex.from_arrays(["A"], [shapely.box(0.0, 0.0, 1.0, 1.5)])
    with pytest.raises(pytest.fail.Exception):
        other.cell_grid()  # other polygons: another grid
    assert stored.exists()


@pytest.mark.parametrize("damage", [b"not a grid", None])
def test_a_damaged_grid_is_made_again(cache: Path, damage: bytes | None,
                                      caplog: pytest.LogCaptureFixture) -> None:
    made = overlapping().cell_grid()
    [stored] = (cache / "cells").glob("*.npy")
    if damage is None:  # a readable array that is not a grid of these polygons
        np.save(stored, np.full((3, 3), 99, dtype=np.int16))
    else:
        stored.write_bytes(damage)
    with caplog.at_level(logging.WARNING, logger=_cells.__name__):
        again = overlapping().cell_grid()
    assert np.array_equal(again.values, made.values) and str(stored) in caplog.text


def test_small_calls_scan_unless_the_grid_is_there(monkeypatch: pytest.MonkeyPatch) -> None:
    index = overlapping()
    index.inside(np.array([1.5]), np.array([11.5]))
    assert index._cells is None
    monkeypatch.setattr(index_module, "CELL_GRID_MIN_POINTS", 1)
    assert index.inside(np.array([1.5, 0.5]), np.array([11.5, 10.5])).tolist() == [0, 2]
    assert index._cells is not None
