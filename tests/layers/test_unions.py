"""Unions of boundary rows sharing a code (``layers._unions``): kept, read back, the same."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest
import shapely

from geomap import settings
from geomap.layers import _unions
from geomap.layers._unions import grouped_unions
from geomap.refdata.boundaries import admin1_codes, load_admin1


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(settings, "cache_dir", tmp_path)
    return tmp_path


def shared_codes() -> tuple[np.ndarray, np.ndarray, int]:
    """The packaged provinces that share a code (BA-BIH...), grouped by code."""
    frame = load_admin1()
    codes = admin1_codes(frame)
    shared = codes.duplicated(keep=False).to_numpy()
    distinct, group = np.unique(codes.to_numpy()[shared].astype(str), return_inverse=True)
    return frame.geometry.to_numpy()[shared], group, len(distinct)


def plain_unions(geometry: np.ndarray, group: np.ndarray, groups: int) -> list[bytes]:
    return [shapely.to_wkb(shapely.union_all(geometry[group == i])) for i in range(groups)]


def test_unions_are_kept_and_read_back_the_same(cache: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    geometry, group, groups = shared_codes()
    assert groups > 10 and len(geometry) > groups
    made = grouped_unions(geometry, group, groups)
    [stored] = (cache / "unions").glob("*.npz")
    with monkeypatch.context() as patch:
        patch.setattr(shapely, "union_all", lambda *a: pytest.fail("united again"))
        read = grouped_unions(geometry, group, groups)
    expected = plain_unions(geometry, group, groups)
    assert list(shapely.to_wkb(made)) == expected and list(shapely.to_wkb(read)) == expected
    # other rows or another grouping: other unions, not the stored ones
    regrouped = np.where(group == 0, 1, group)
    other = grouped_unions(geometry, regrouped, groups)
    assert list(shapely.to_wkb(other)) == plain_unions(geometry, regrouped, groups)
    assert stored.exists() and len(list((cache / "unions").glob("*.npz"))) == 2


@pytest.mark.parametrize("damage", [b"not a zip", b"PK\x03\x04 cut short", None])
def test_damaged_unions_are_made_again(cache: Path, damage: bytes | None,
                                       caplog: pytest.LogCaptureFixture) -> None:
    geometry = np.array([shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), shapely.box(5, 5, 6, 6)])
    group = np.array([0, 0, 1])
    made = grouped_unions(geometry, group, 2)
    [stored] = (cache / "unions").glob("*.npz")
    if damage is None:  # readable, but not two shapes
        np.savez(stored, data=np.zeros(3, dtype=np.uint8), ends=np.array([3]))
    else:
        stored.write_bytes(damage)
    with caplog.at_level(logging.WARNING, logger=_unions.__name__):
        again = grouped_unions(geometry, group, 2)
    assert list(shapely.to_wkb(again)) == list(shapely.to_wkb(made))
    assert str(stored) in caplog.text
    assert shapely.equals(made[0], shapely.box(0, 0, 2, 1))
