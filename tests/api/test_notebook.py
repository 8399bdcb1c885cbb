"""``docs/examples/quickstart.ipynb`` runs in a real Jupyter kernel (nbclient + ipykernel),
and the maps it shows inline open in headless Chromium with no network."""

from __future__ import annotations

import html.parser
import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser_helpers import open_map

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "examples" / "quickstart.ipynb"

# Counts the Leaflet maps, point markers and polygons of a page.
MAP_CONTENT_JS = """() => {
  const maps = Object.values(window).filter(v => v instanceof L.Map);
  let markers = 0, polygons = 0;
  const visit = layer => {
    if (layer.getLayers) layer.getLayers().forEach(visit);
    if (layer instanceof L.Marker || layer instanceof L.CircleMarker) markers += 1;
    else if (layer instanceof L.Polygon) polygons += 1;
  };
  maps.forEach(m => m.eachLayer(visit));
  return {maps: maps.length, markers, polygons};
}"""


def needs(module: str) -> Any:
    """The test extra's ``module``: CI installs it (``make test``), so there it must import;
    elsewhere the test is skipped, saying what to install."""
    if os.environ.get("CI"):
        return __import__(module)
    return pytest.importorskip(module, reason="pip install -e '.[test]' (nbclient, ipykernel)")


class _Frames(html.parser.HTMLParser):
    """The pages of the ``<iframe srcdoc=...>`` elements a notebook output holds."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        srcdoc = dict(attrs).get("srcdoc")
        if tag == "iframe" and srcdoc:
            self.pages.append(srcdoc)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    nbformat, nbclient = needs("nbformat"), needs("nbclient")
    needs("ipykernel")
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")  # jupyter_core's own default to come
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    folder = tmp_path_factory.mktemp("notebook")
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(folder)}})
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    return notebook


def outputs(notebook: Any, kind: str) -> list[Any]:
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs
            if o.output_type == kind]


def map_pages(notebook: Any) -> list[str]:
    frames = _Frames()
    for output in outputs(notebook, "execute_result"):
        frames.feed(output.get("data", {}).get("text/html", ""))
    return frames.pages


def test_every_cell_runs_and_the_rejected_row_is_reported(executed: Any) -> None:
    assert not outputs(executed, "error")
    printed = "".join(o.get("text", "") for o in outputs(executed, "stream"))
    assert "<DataFrame>:3: field 'latitude'" in printed  # the out-of-range row, by position
    assert "3 events;" in printed
    results = [o.data.get("text/plain", "") for o in outputs(executed, "execute_result")]
    assert any("('Battles', 'Gao', 4)" in text for text in results)  # the article's event
    assert any("Ménaka" in text and "ML" in text for text in results)  # the geocoded column


@pytest.mark.browser
def test_the_inline_maps_open_offline_in_chromium(executed: Any, browser: Any, tmp_path: Path,
                                                  screenshot_dir: Path) -> None:
    pages = map_pages(executed)
    assert len(pages) == 4  # example, ACLED table, geocoded reports, article
    for number, page in enumerate(pages):
        path = tmp_path / f"map{number}.html"
        path.write_text(page, encoding="utf-8")
        report = open_map(browser, path, wait_ms=800)
        try:
            content = report.page.evaluate(MAP_CONTENT_JS)
            report.page.screenshot(path=str(screenshot_dir / f"notebook_map{number}.png"))
            assert content["maps"] == 1 and content["markers"] >= 2, (number, content)
            assert content["polygons"] >= 1, (number, content)  # countries shaded
            assert not report.js_errors, report.js_errors
            assert not report.failed_requests, report.failed_requests  # nothing from outside
        finally:
            report.page.close()
