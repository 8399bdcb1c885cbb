"""Options for :func:`geomap.render.map.render_map`."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from geomap.errors import ConfigError
from geomap.render.embed import DEFAULT_FRAGMENT_HEIGHT, fragment_height
from geomap.render.ids import check_prefix

LAYER_MODES: tuple[str, ...] = ("auto", "markers", "cluster", "canvas", "heatmap", "choropleth")
#: Layers whose drawing mode ``RenderOptions.modes`` may set (the others have one way).
MODE_LAYERS: tuple[str, ...] = ("events",)
#: A CSS length as folium/branca take it: a number and an optional unit (px by default).
CSS_LENGTH = r"\d+(\.\d+)?\s*(px|%|vh|vw|em|rem|pt)?"


@dataclass(frozen=True)
class ScaleThresholds:
    """Feature counts at which the renderer switches drawing modes (see docs/rendering.md).

    ``markers``: up to this many events, every event is its own (SVG) marker.
    ``canvas``: up to this many, every event is drawn on one canvas.
    Above ``canvas``, events are clustered on a grid that refines as the reader zooms.
    ``unclustered_in_view``: in cluster mode, draw single events once at most this many
    are in view.
    ``notes``: above this many events in one map, free-text notes are left out of the page
    (they are most of a big map's bytes) and the map says so; see
    :attr:`RenderOptions.include_notes`.
    """

    markers: int = 1_000
    canvas: int = 20_000
    unclustered_in_view: int = 4_000
    notes: int = 100_000

    def __post_init__(self) -> None:
        if self.notes < 0:
            raise ConfigError(f"expected a notes threshold >= 0, got {self.notes!r}",
                              key="notes")
        if not 0 <= self.markers <= self.canvas:
            raise ConfigError(
                f"expected 0 <= markers <= canvas thresholds, got markers={self.markers!r}, "
                f"canvas={self.canvas!r}; lower markers or raise canvas"
            )


@dataclass(frozen=True)
class RenderOptions:
    """How to render a map.

    Parameters
    ----------
    title
        Overrides the bundle's title.
    tiles
        An xyzservices provider name (``"OpenStreetMap.Mapnik"``, the default, needs no API
        key; CartoDB's providers now do); ``None`` for no tiles
        (offline maps draw a vector basemap instead).
    offline
        Build for a self-contained page: no tile layer.
    time_filter
        Add the time range slider with play control.
    modes
        Per-layer drawing mode, e.g. ``{"events": "cluster"}``; ``"auto"`` picks by count.
    thresholds
        Feature counts at which ``"auto"`` switches modes.
    width, height
        Map size (CSS lengths, e.g. ``"100%"`` or ``"600px"``).
    element_id_prefix
        Prefix of element ids when the map is embedded in a page.
    include_notes
        Put event notes in popups: ``True`` always, ``False`` never, ``None`` (default)
        up to ``thresholds.notes`` events (notes are the bulk of a large map's bytes).
    fragment_height
        Height of the map when written as a fragment to embed (a CSS length above zero,
        or a number of pixels; default ``"500px"``); a page fills its window.
    """

    title: str | None = None
    tiles: str | None = "OpenStreetMap.Mapnik"
    offline: bool = False
    time_filter: bool = True
    modes: dict[str, str] = field(default_factory=dict)
    thresholds: ScaleThresholds = field(default_factory=ScaleThresholds)
    width: str = "100%"
    height: str = "100%"
    element_id_prefix: str | None = None
    include_notes: bool | None = None
    fragment_height: str = DEFAULT_FRAGMENT_HEIGHT

    def __post_init__(self) -> None:
        # frozen: the checked value replaces the one given ("600" -> "600px")
        object.__setattr__(self, "fragment_height", fragment_height(self.fragment_height))
        for name in ("width", "height"):
            value = getattr(self, name)
            if not re.fullmatch(CSS_LENGTH, str(value)):
                raise ConfigError(f"expected a CSS length such as '100%' or '600px', got "
                                  f"{value!r}", key=name)
        if self.element_id_prefix is not None:
            check_prefix(self.element_id_prefix)
        for layer, mode in self.modes.items():
            if layer not in MODE_LAYERS:
                close = difflib.get_close_matches(layer, MODE_LAYERS, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise ConfigError(f"unknown layer; {hint}expected one of {list(MODE_LAYERS)}",
                                  key=f"modes.{layer}")
            if mode not in LAYER_MODES:
                raise ConfigError(
                    f"expected a layer mode among {LAYER_MODES!r} for layer {layer!r}, "
                    f"got {mode!r}", key=f"modes.{layer}"
                )

    def notes_shown(self, count: int) -> bool:
        """Whether a map of ``count`` events carries their notes."""
        if self.include_notes is not None:
            return self.include_notes
        return count <= self.thresholds.notes

    def mode_for(self, layer: str) -> str:
        """The requested mode for ``layer`` (``"auto"`` when not overridden)."""
        return self.modes.get(layer, "auto")
