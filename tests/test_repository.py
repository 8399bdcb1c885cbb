"""The repository holds source, docs and small fixtures only (issue 14, hygiene): no
downloaded packages, logs, wheels, archives or generated maps, and no large file outside
the shipped reference data."""

from __future__ import annotations

import shutil
import subprocess
from fnmatch import fnmatch
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NEVER = (".deb", ".whl", ".log", ".tar.gz", ".zip", ".pyc", ".egg", ".rpm")
# Natural Earth boundaries shipped with the package (boundaries/README.md says how they
# are made); nothing else may be this large.
LARGE_ALLOWED = {"boundaries/admin1.parquet", "boundaries/admin0.parquet",
                 "boundaries/basemap.geojson"}
LARGE = 512 * 1024


def tracked() -> list[str]:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout: nothing is tracked")
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True,
                            check=True).stdout.decode("utf-8")
    return [name for name in listed.split("\0") if name]


def test_no_packages_logs_or_archives_are_tracked() -> None:
    assert [n for n in tracked() if n.lower().endswith(NEVER)] == []


def test_generated_maps_are_not_tracked() -> None:
    assert [n for n in tracked() if n.startswith("output/")] == ["output/.gitkeep"]


def test_only_the_shipped_boundaries_are_large() -> None:
    large = {n for n in tracked()
             if (REPO / n).is_file() and (REPO / n).stat().st_size > LARGE}
    assert large <= LARGE_ALLOWED, sorted(large - LARGE_ALLOWED)


def test_every_folder_of_tests_is_collected(pytestconfig: pytest.Config) -> None:
    """Fails before: pytest's default ``norecursedirs`` holds "build", so the 81 tests of
    tests/build (geomap/build's) never ran, in CI or anywhere else."""
    skipped = pytestconfig.getini("norecursedirs")
    folders = {path.parent for path in (REPO / "tests").rglob("test_*.py")}
    left_out = sorted(str(folder.relative_to(REPO)) for folder in folders
                      if any(fnmatch(part, pattern) for part in folder.relative_to(REPO).parts
                             for pattern in skipped))
    assert not left_out, f"pytest skips these test folders: {left_out} (norecursedirs)"
