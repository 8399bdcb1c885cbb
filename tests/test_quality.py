"""The code is typed and linted: mypy and ruff run as part of the test suite (and so in CI)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_ruff_clean() -> None:
    if shutil.which("ruff") is None:
        pytest.fail("ruff is not installed: `pip install -e '.[test]'`")
    result = _run(["ruff", "check", "geomap", "tests", "bench", "tools"])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_clean() -> None:
    result = _run([sys.executable, "-m", "mypy", "geomap"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from geomap.cli import cli\n"
        "try:\n    cli.main(['--help'], standalone_mode=False)\nexcept SystemExit: pass\n"
        "heavy = [m for m in ('geopandas', 'folium', 'pandas', 'shapely') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "HEAVY=\n" in result.stdout, result.stdout
