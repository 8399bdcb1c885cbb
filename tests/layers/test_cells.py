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
from geomap.layers._index import Groups, PolygonIndex
from geomap.refdata.boundaries import admin1_codes, admin1_countries, load_admin1

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


def test_the_grid_is_made_on_copies_of_the_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Testing boxes indexes each part's edges: on copies, that memory goes with them."""
    index = overlapping()
    seen: list[Any] = []
    make = _cells.make_grid

    def spy(parts: Any, *rest: Any) -> _cells.CellGrid:
        seen.append(parts)
        return make(parts, *rest)

    monkeypatch.setattr(_cells, "make_grid", spy)
    grid = index.cell_grid()
    [parts] = seen
    assert not any(part is mine for part, mine in zip(parts, index.parts, strict=True))
    assert all(shapely.equals_exact(parts, index.parts, tolerance=0.0))
    x, y = hard_points(index, np.random.default_rng(3))
    decided = grid.lookup(x, y) != _cells.UNDECIDED
    assert np.array_equal(grid.lookup(x, y)[decided],
                          index._scan(x[decided], y[decided], shapely.contains_xy))


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


def _per_group(index: PolygonIndex, x: Any, y: Any, point_group: Any, polygon_group: Any,
               tolerance_km: float) -> tuple[Any, Any]:
    """The plain definition of a grouped locate: one index of each group's polygons."""
    position = np.full(len(x), -1, dtype=np.int64)
    rule = np.zeros(len(x), dtype=np.int8)
    for group in np.unique(point_group):
        rows = np.flatnonzero(point_group == group)
        mine = np.flatnonzero(polygon_group == group)
        own = PolygonIndex.from_arrays(index.codes[mine], index.geometries[mine])
        found, rule[rows] = own.locate(x[rows], y[rows], tolerance_km)
        position[rows] = np.append(mine, -1)[found]  # -1: no polygon
    return position, rule


@pytest.mark.parametrize("tolerance_km", [0.0, 10.0, 300.0])
def test_grouped_locate_answers_as_one_index_per_group(tolerance_km: float) -> None:
    index = overlapping()
    x, y = hard_points(index, np.random.default_rng(5))
    rng = np.random.default_rng(6)
    polygon_group = np.array([0, 1, 0, 2, 1])  # C and B share a group; so do A and E
    point_group = rng.integers(0, 4, len(x))  # group 3 has no polygon
    found = index.locate(x, y, tolerance_km, Groups(point_group, polygon_group))
    expected = _per_group(index, x, y, point_group, polygon_group, tolerance_km)
    assert np.array_equal(found[0], expected[0]) and np.array_equal(found[1], expected[1])
    assert set(np.unique(found[1])) >= {0, 1, 2} | ({3} if tolerance_km else set())


def test_grouped_locate_of_real_provinces_by_country() -> None:
    admin1 = load_admin1()
    index = PolygonIndex.from_arrays(admin1_codes(admin1).to_numpy(), admin1.geometry.to_numpy())
    country_of = admin1_countries(admin1)
    names, polygon_group = np.unique([country_of[c] for c in index.codes], return_inverse=True)
    rng = np.random.default_rng(12)
    vertices = shapely.get_coordinates(index.parts)[::5]
    points = np.vstack([vertices, vertices + rng.normal(0.0, 0.05, vertices.shape),
                        rng.uniform([-180, -90], [180, 90], (20_000, 2)),
                        [[np.nan, 0.0], [180.0, 65.0], [-180.0, -16.5], [0.0, 95.0]]])
    x, y = points[:, 0], points[:, 1]
    # each point asks for the country it is in, or one next to it on the list
    located = polygon_group[index.locate(x, y, 10.0)[0]]  # -1 (none) reads the last group
    point_group = (located + rng.integers(0, 2, len(x))) % len(names)
    found = index.locate(x, y, 10.0, Groups(point_group, polygon_group))
    expected = _per_group(index, x, y, point_group, polygon_group, 10.0)
    assert np.array_equal(found[0], expected[0]) and np.array_equal(found[1], expected[1])
    assert set(np.unique(found[1])) == {0, 1, 2, 3}


def _plain_locate(index: PolygonIndex, x: Any, y: Any, tolerance_km: float) -> tuple[Any, Any]:
    """The rules of ``locate`` by brute force over every part: the lowest-code interior,
    else the lowest-code closure, else the great-circle nearest (from each part's
    nearest point in degrees) within the tolerance, ties to the lowest code."""
    position = np.full(len(x), -1, dtype=np.int64)
    rule = np.zeros(len(x), dtype=np.int8)
    finite = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    dlat = tolerance_km / index_module.KM_PER_DEGREE
    for i in finite:
        point = shapely.Point(x[i], y[i])
        owners = index.part_owner
        for code, predicate in ((1, shapely.contains), (2, shapely.intersects)):
            hit = owners[predicate(index.parts, point)]
            if len(hit):
                position[i], rule[i] = hit.min(), code
                break
        else:
            if tolerance_km <= 0:
                continue
            dlon = dlat / max(np.cos(np.radians(np.clip(y[i], -89.0, 89.0))), 0.01)
            near = shapely.dwithin(index.parts, point, dlon)
            if not near.any():
                continue
            ends = shapely.get_point(shapely.shortest_line(point, index.parts[near]), 1)
            km = index_module.haversine_km(x[i], y[i], shapely.get_x(ends), shapely.get_y(ends))
            best = np.lexsort((owners[near], km))[0]
            if km[best] <= tolerance_km:
                position[i], rule[i] = owners[near][best], 3
    return position, rule


@pytest.mark.parametrize("tolerance_km", [0.0, 10.0, 300.0])
def test_locate_answers_as_the_plain_rules_do(tolerance_km: float) -> None:
    """Inside, border and nearest from one query of the tree give what the rules say,
    on overlaps, holes, edges, vertices, NaN, +-inf, +-180 and points far from all."""
    index = overlapping()
    x, y = hard_points(index, np.random.default_rng(9))
    rng = np.random.default_rng(10)
    pick = rng.choice(len(x), 6_000, replace=False)
    x = np.concatenate([x[pick], x[-20_008:-20_000], [-179.9, 179.99, 0.0, -2.0], ])
    y = np.concatenate([y[pick], y[-20_008:-20_000], [-88.5, -87.99, 50.0, 0.75]])
    found = index.locate(x, y, tolerance_km)
    expected = _plain_locate(index, x, y, tolerance_km)
    assert np.array_equal(found[0], expected[0]) and np.array_equal(found[1], expected[1])
    assert set(np.unique(found[1])) >= {0, 1, 2} | ({3} if tolerance_km else set())


def test_locate_of_real_provinces_answers_as_the_plain_rules_do() -> None:
    """Real provinces: vertices (points exactly on shared borders), points beside them,
    off coasts and at sea, across the antimeridian, NaN and out of range."""
    admin1 = load_admin1()
    index = PolygonIndex.from_arrays(admin1_codes(admin1).to_numpy(), admin1.geometry.to_numpy())
    rng = np.random.default_rng(21)
    vertices = shapely.get_coordinates(index.parts)
    on_border = vertices[rng.choice(len(vertices), 300, replace=False)]
    beside = on_border + rng.normal(0.0, 0.05, on_border.shape)
    points = np.vstack([on_border, beside, rng.uniform([-180, -90], [180, 90], (300, 2)),
                        [[180.0, 65.0], [-180.0, -16.5], [179.99, -16.1], [np.nan, 1.0],
                         [200.0, 10.0], [10.0, 95.0], [-np.inf, 0.0]]])
    x, y = points[:, 0], points[:, 1]
    found = index.locate(x, y, 10.0)
    expected = _plain_locate(index, x, y, 10.0)
    assert np.array_equal(found[0], expected[0]) and np.array_equal(found[1], expected[1])
    assert set(np.unique(found[1])) == {0, 1, 2, 3}


def test_two_threads_answer_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan and the distance tests shared between two threads by part give what one
    thread gives, on the hard points and on real provinces (borders, sea, odd values)."""
    submitted: list[int] = []

    class Counting(index_module.ThreadPoolExecutor):  # type: ignore[misc]
        def submit(self, *args: Any, **kwargs: Any) -> Any:
            submitted.append(1)
            return super().submit(*args, **kwargs)

    monkeypatch.setattr(index_module, "ThreadPoolExecutor", Counting)
    admin1 = load_admin1()
    real = PolygonIndex.from_arrays(admin1_codes(admin1).to_numpy(), admin1.geometry.to_numpy())
    rng = np.random.default_rng(31)
    vertices = shapely.get_coordinates(real.parts)[::7]
    points = np.vstack([vertices, vertices + rng.normal(0.0, 0.1, vertices.shape),
                        rng.uniform([-180, -90], [180, 90], (30_000, 2)),
                        [[180.0, 65.0], [np.nan, 1.0], [200.0, 10.0], [-np.inf, 0.0]]])
    hard = overlapping()
    cases = [(hard, *hard_points(hard, np.random.default_rng(3)), 300.0),
             (real, points[:, 0], points[:, 1], 10.0), (real, points[:, 0], points[:, 1], 300.0)]
    for index, x, y, tolerance_km in cases:
        submitted.clear()
        monkeypatch.setattr(index_module, "THREAD_MIN_PAIRS", 10**12)
        one = index.locate(x, y, tolerance_km)
        assert not submitted
        monkeypatch.setattr(index_module, "THREAD_MIN_PAIRS", 1)
        two = index.locate(x, y, tolerance_km)
        assert np.array_equal(one[0], two[0]) and np.array_equal(one[1], two[1])
        assert len(submitted) >= 2  # the scan, and the distance tests


@pytest.mark.parametrize("block", [1, 7, 4_096])
def test_the_scan_and_the_lookup_by_blocks_answer_as_all_at_once(
        monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    """The scan trims its candidate pairs, and the grid looks points up, by blocks: any
    block size gives what one block gives (on overlaps, a hole, edges and odd values)."""
    index = overlapping()
    x, y = hard_points(index, np.random.default_rng(11))
    grid = index.cell_grid()
    monkeypatch.setattr(index_module, "PAIR_BLOCK", 10**12)
    monkeypatch.setattr(_cells, "LOOKUP_BLOCK", 10**12)
    scanned, looked_up = index._scan(x, y, shapely.contains_xy), grid.lookup(x, y)
    assert (scanned >= 0).sum() > 5_000 and (looked_up >= 0).sum() > 1_000
    monkeypatch.setattr(index_module, "PAIR_BLOCK", block)
    monkeypatch.setattr(_cells, "LOOKUP_BLOCK", block)
    assert np.array_equal(index._scan(x, y, shapely.contains_xy), scanned)
    assert np.array_equal(grid.lookup(x, y), looked_up)


def test_the_grid_is_kept_per_ring_structure_not_only_per_coordinate() -> None:
    """The same codes, parts and points, with one ring moved from a part to the next,
    are other polygons: each gets its own grid (its key hashes each ring's part)."""
    first = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)]
    ring = [(1.0, 1.0), (3.0, 1.0), (3.0, 3.0), (1.0, 3.0), (1.0, 1.0)]
    last = [(10.0, 0.0), (14.0, 0.0), (14.0, 4.0), (10.0, 4.0), (10.0, 0.0)]
    holed = PolygonIndex.from_arrays(["A", "B"], [shapely.Polygon(first, [ring]),
                                                  shapely.Polygon(last)])
    moved = PolygonIndex.from_arrays(["A", "B"], [shapely.Polygon(first),
                                                  shapely.Polygon(ring, [last])])
    assert np.array_equal(shapely.get_coordinates(holed.parts),
                          shapely.get_coordinates(moved.parts))
    holed.cell_grid(), moved.cell_grid()  # made in turn, kept in the cache folder
    middle = (np.array([2.0]), np.array([2.0]))  # in the ring: A's hole, or A and B
    assert holed.inside(*middle).tolist() == [-1] and moved.inside(*middle).tolist() == [0]
