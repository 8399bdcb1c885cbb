"""Geocoding fixtures: one gazetteer index per test session, built in a temporary cache."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from geomap.geocoding.gazetteer import Gazetteer

log = logging.getLogger(__name__)
BUILD_SECONDS: dict[str, float] = {}


@pytest.fixture(scope="session")
def gazetteer_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A cache dir holding a freshly built index; GEOMAP_CACHE_DIR points at it."""
    from geomap.geocoding.build import build_index

    root = tmp_path_factory.mktemp("geomap-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GEOMAP_CACHE_DIR", str(root))
        started = time.perf_counter()
        build_index(root)
        BUILD_SECONDS["base"] = time.perf_counter() - started
        Gazetteer.reset_default()
        yield root
        Gazetteer.reset_default()


@pytest.fixture(scope="session")
def gazetteer(gazetteer_cache: Path) -> Gazetteer:
    """The session's gazetteer (base layer only)."""
    return Gazetteer.open(gazetteer_cache)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if "base" in BUILD_SECONDS:
        terminalreporter.write_line(
            f"geomap gazetteer index built in {BUILD_SECONDS['base']:.1f} s"
        )
