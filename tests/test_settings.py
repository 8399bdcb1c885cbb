"""geomap.settings: module variables win over the environment, read when used."""

from __future__ import annotations

from pathlib import Path

import pytest

from geomap import settings
from geomap.errors import ConfigError


def test_cache_dir_follows_the_environment_then_the_variable(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(settings.CACHE_DIR_ENV, str(tmp_path / "env"))
    assert settings.resolved_cache_dir() == tmp_path / "env"
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "set")
    assert settings.resolved_cache_dir() == tmp_path / "set"


def test_cache_dir_defaults_to_the_xdg_cache(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.delenv(settings.CACHE_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert settings.resolved_cache_dir() == tmp_path / "geomap"


def test_cdn_base_is_none_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(settings.CDN_BASE_ENV, raising=False)
    assert settings.resolved_cdn_base() is None
    monkeypatch.setenv(settings.CDN_BASE_ENV, "/static/")
    assert settings.resolved_cdn_base() == "/static"
    monkeypatch.setattr(settings, "cdn_base", "https://mirror.example.org/")
    assert settings.resolved_cdn_base() == "https://mirror.example.org"


def test_arrow_memory_pool_prefers_jemalloc_unless_pyarrow_is_told(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(settings.ARROW_POOL_ENV, raising=False)
    assert settings.resolved_arrow_memory_pool(["mimalloc", "jemalloc", "system"]) == "jemalloc"
    assert settings.resolved_arrow_memory_pool(["mimalloc", "system"]) is None  # keep default
    monkeypatch.setenv(settings.ARROW_POOL_ENV, "system")
    assert settings.resolved_arrow_memory_pool(["mimalloc", "jemalloc", "system"]) is None
    monkeypatch.setattr(settings, "arrow_memory_pool", "mimalloc")
    assert settings.resolved_arrow_memory_pool(["mimalloc", "jemalloc"]) == "mimalloc"


def test_arrow_memory_pool_not_in_this_pyarrow_is_refused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "arrow_memory_pool", "jemalloc")
    with pytest.raises(ConfigError, match=r"arrow_memory_pool: expected one of \['mimalloc'\], "
                                          r"got 'jemalloc'"):
        settings.resolved_arrow_memory_pool(["mimalloc"])
