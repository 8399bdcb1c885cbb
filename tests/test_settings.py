"""geomap.settings: module variables win over the environment, read when used."""

from __future__ import annotations

from pathlib import Path

import pytest

from geomap import settings


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
