"""Arrays kept in the cache folder (``layers._cached``): written whole, read back checked,
and worked out again, with a warning, when they cannot be kept or read."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from geomap import settings
from geomap.layers import _cached


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    return tmp_path / "cache"


def total(arrays: dict[str, np.ndarray]) -> int:
    if arrays["a"].shape != (3,):
        raise ValueError("three numbers expected")
    return int(arrays["a"].sum() + arrays["b"].sum())


def test_arrays_are_kept_under_their_kind_and_key_and_read_back(cache: Path) -> None:
    path = _cached.cached_file("sums", "k1")
    assert path == cache / "sums" / "k1.npz" and _cached.read(path, "sums", total) is None
    _cached.keep(path, "sums", a=np.array([1, 2, 3]), b=np.array([10]))
    assert _cached.read(path, "sums", total) == 16
    assert [p.name for p in (cache / "sums").iterdir()] == ["k1.npz"]  # no temporary left


def test_a_single_array_is_kept_as_npy() -> None:
    path = _cached.cached_file("grid", "k4", single=True)
    assert path.suffix == ".npy" and _cached.read(path, "grid", lambda a: a) is None
    _cached.keep(path, "grid", values=np.arange(6).reshape(2, 3))
    assert np.load(path).tolist() == [[0, 1, 2], [3, 4, 5]]
    read = _cached.read(path, "grid", lambda arrays: arrays["values"].sum())
    assert read == 15


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04 cut short", "npy",
                                     "refused", "missing array", "npz as npy"])
def test_unreadable_or_refused_files_are_reported_and_not_trusted(
        cache: Path, content: bytes | str, caplog: pytest.LogCaptureFixture) -> None:
    path = _cached.cached_file("sums", "k2", single=content == "npz as npy")
    path.parent.mkdir(parents=True)
    if content == "npy":  # a plain array, not an archive of named ones
        with path.open("wb") as handle:
            np.save(handle, np.arange(3))
    elif content == "npz as npy":  # an archive where one array is expected
        with path.open("wb") as handle:
            np.savez(handle, values=np.arange(3))
    elif content == "refused":
        np.savez(path, a=np.arange(4), b=np.arange(1))
    elif content == "missing array":
        np.savez(path, a=np.arange(3))
    else:
        assert isinstance(content, bytes)
        path.write_bytes(content)
    with caplog.at_level(logging.WARNING):
        assert _cached.read(path, "sums", total) is None
    assert str(path) in caplog.text and "working them out again" in caplog.text


def test_a_cache_folder_that_refuses_the_file_costs_only_a_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setattr(settings, "cache_dir", blocked)
    path = _cached.cached_file("sums", "k3")
    with caplog.at_level(logging.WARNING):
        _cached.keep(path, "sums", a=np.arange(3), b=np.arange(1))
    assert "the sums could not be kept in the cache folder" in caplog.text
    assert blocked.read_text() == "a file where the cache folder should be"
