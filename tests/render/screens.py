"""Screenshots and pixel statistics for map tests.

The PNG is decoded by the browser itself (an ``<img>`` drawn on a ``<canvas>``), so no
imaging library is needed. Typical use::

    report = open_map(browser, html)
    stats = take_screenshot(report.page, screenshot_dir / "mali.png")
    assert not stats.is_blank()
    assert stats.fraction_near((244, 241, 234)) > 0.2  # land of the basemap
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Colour = tuple[int, int, int]

_STATS_JS = """
async (dataUrl) => {
  const img = new Image();
  img.src = dataUrl;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const counts = new Map();
  for (let i = 0; i < data.length; i += 4) {
    const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 512);
  return {width: canvas.width, height: canvas.height, distinct: counts.size, top: top};
}
"""

_LAYERS_JS = """
() => ({
  maps: document.querySelectorAll(".folium-map.leaflet-container").length,
  paths: document.querySelectorAll(".leaflet-pane svg path").length,
  canvases: document.querySelectorAll(".leaflet-pane canvas").length,
  markers: document.querySelectorAll(".leaflet-marker-pane > *").length,
  clusters: document.querySelectorAll(".marker-cluster").length,
  broken_images: [...document.images].filter(i => i.complete && i.naturalWidth === 0)
      .map(i => i.src.slice(0, 60)),
})
"""


@dataclass(frozen=True)
class PixelStats:
    """Colour statistics of one screenshot."""

    width: int
    height: int
    distinct_colours: int
    top_colours: tuple[tuple[Colour, int], ...]  # most frequent first, with pixel counts

    @property
    def pixels(self) -> int:
        return self.width * self.height

    @property
    def background(self) -> Colour:
        """The most frequent colour."""
        return self.top_colours[0][0]

    @property
    def non_background_fraction(self) -> float:
        """Share of pixels that differ from the most frequent colour."""
        return 1.0 - self.top_colours[0][1] / self.pixels

    def fraction_near(self, colour: Colour, tolerance: int = 16) -> float:
        """Share of pixels within ``tolerance`` (per channel) of ``colour``.

        Counted over the 512 most frequent colours, which is exact for flat map fills.
        """
        near = sum(
            count
            for rgb, count in self.top_colours
            if all(abs(a - b) <= tolerance for a, b in zip(rgb, colour, strict=True))
        )
        return near / self.pixels

    def is_blank(self, min_colours: int = 8, min_non_background: float = 0.02) -> bool:
        """A screenshot is blank when it has almost one colour."""
        return (
            self.distinct_colours < min_colours
            or self.non_background_fraction < min_non_background
        )


def pixel_stats(page: Any, png: bytes) -> PixelStats:
    """Compute :class:`PixelStats` of ``png`` using the browser ``page`` to decode it."""
    url = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    raw = page.evaluate(_STATS_JS, url)
    top = tuple(
        (((key >> 16) & 255, (key >> 8) & 255, key & 255), count) for key, count in raw["top"]
    )
    return PixelStats(raw["width"], raw["height"], raw["distinct"], top)


def take_screenshot(page: Any, path: Path) -> PixelStats:
    """Save a PNG of ``page`` to ``path`` and return its pixel statistics."""
    path.parent.mkdir(parents=True, exist_ok=True)
    png = page.screenshot(path=str(path))
    return pixel_stats(page, png)


def layer_counts(page: Any) -> dict[str, Any]:
    """Count what Leaflet drew: maps, SVG paths, canvases, markers, clusters, broken images."""
    counts: dict[str, Any] = page.evaluate(_LAYERS_JS)
    return counts
