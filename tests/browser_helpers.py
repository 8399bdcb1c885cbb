"""Open a map in the shared Chromium and collect what went wrong."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class PageReport:
    page: Any
    js_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def open_map(browser: Any, html: Path, wait_ms: int = 500) -> PageReport:
    """Load ``html`` via file://, wait for Leaflet, and record errors, failures and dialogs."""
    page = browser.new_page()
    report = PageReport(page)
    page.on("pageerror", lambda exc: report.js_errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and report.console_errors.append(msg.text))
    page.on("requestfailed", lambda req: report.failed_requests.append(req.url))

    def on_dialog(dialog: Any) -> None:
        report.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(html.resolve().as_uri(), wait_until="load", timeout=120_000)
    page.wait_for_function("() => typeof window.L !== 'undefined'", timeout=60_000)
    page.wait_for_timeout(wait_ms)
    return report


@contextlib.contextmanager
def reopened(browser: Any, url: str, size: tuple[int, int]) -> Iterator[Any]:
    """A second page of ``size`` opened at ``url`` (a link the first page wrote), once a
    geomap map on it has drawn; closed afterwards."""
    page = browser.new_page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    try:
        page.goto(url, wait_until="load")
        page.wait_for_function("() => window.GeomapRender && GeomapRender.instances.length")
        page.wait_for_timeout(500)
        yield page
    finally:
        page.close()
