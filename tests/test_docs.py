"""The reference documentation builds with one command (``make docs``: mkdocs with
mkdocstrings), warnings as errors: a broken link, a missing page or a docstring whose
parameters do not match its signature fails the suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.api.test_notebook import needs

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_reference_builds_strictly(tmp_path: Path) -> None:
    needs("mkdocs")
    needs("mkdocstrings_handlers.python")
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d",
                             str(site)], cwd=REPO, capture_output=True, text=True, timeout=600,
                            check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (site / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    for name in ("read", "geocode", "extract", "layers", "map", "save"):
        assert f'id="geomap.api.{name}"' in page, name
    assert page.count("Examples") >= 6  # every public function shows its example
    assert (site / "cli" / "index.html").is_file()  # the guides are there too
