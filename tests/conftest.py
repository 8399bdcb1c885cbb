"""Shared fixtures: a real headless Chromium (Debian's, via playwright) and a tmp output dir.

The browser blocks every outside host (``--host-resolver-rules``), so a test that passes
proves the page needed no network.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Tests assert behaviour, never the clock: hypothesis' default 200 ms deadline per example
# is a wall-clock assertion that fails on a loaded machine, so no profile has one.
settings.register_profile("geomap", deadline=None)
settings.load_profile("geomap")

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "output"

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Debian chromium is not installed: run `make test` (it installs it with apt)")


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless Chromium shared by the session's browser tests."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=chromium_path(),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800},
        )
        # Waits end on what the page does; the limit is only there so that a broken page
        # fails rather than hangs. CI runs on a loaded 2-core machine: be generous.
        context.set_default_timeout(120_000)
        context.set_default_navigation_timeout(120_000)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where tests leave PNGs for people to look at (git-ignored)."""
    path = OUTPUT / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
