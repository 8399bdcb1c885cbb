"""Deprecated: use :mod:`geomap.build` (``map_plan``, ``run_build``, ``read_layers``).

The functions here keep working; each warns once per process, naming its replacement::

    from geomap.build import map_plan, read_layers, run_build
    report = run_build(map_plan([Path("story.yaml")], Path("out.html"), offline=True))
    bundle = read_layers(map_plan([Path("events.csv")])).bundle   # no file written
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from geomap.build import SourceSpec, map_plan, run_build
from geomap.build.inputs import read_article as _read_article
from geomap.build.inputs import read_source as _read_source
from geomap.build.inputs import scenario_of
from geomap.build.plan import default_output, render_options
from geomap.errors import ConfigError
from geomap.layers.build import build_layers
from geomap.layers.bundle import LayerBundle
from geomap.render.map import render_map
from geomap.render.output import write_html
from geomap.sources.report import ReadResult
from geomap.sources.scenario import Scenario

__all__ = ["BuildOptions", "BuildSummary", "SourceSummary", "build_map", "default_output",
           "make_layers", "read_article", "read_source", "read_sources", "write_map"]

@dataclass
class BuildOptions:
    """How to build one map (deprecated: see :func:`geomap.build.map_plan`).

    ``render`` holds options of :class:`geomap.render.options.RenderOptions` by name;
    they are checked (a misspelt key raises :class:`~geomap.errors.ConfigError`).
    """

    input_format: str = "auto"
    title: str | None = None
    offline: bool = False
    fragment: bool = False
    article_date: str | None = None
    render: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceSummary:
    """What was read from one source."""

    source: str
    format: str
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    merged: int = 0


@dataclass
class BuildSummary:
    """What a build did: per source counts, the map written, the rejects file if any."""

    output: Path
    sources: list[SourceSummary] = field(default_factory=list)
    rejects: Path | None = None
    events: int = 0
    title: str = ""

    @property
    def rows_rejected(self) -> int:
        return sum(s.rows_rejected for s in self.sources)


def build_map(
    sources: Sequence[Path], output: Path | None = None, *, options: BuildOptions | None = None
) -> BuildSummary:
    """Deprecated: ``run_build(map_plan(sources, output, ...))`` from :mod:`geomap.build`.

    Parameters
    ----------
    sources
        Data files, scenario YAML files and plain-text articles, drawn on one map.
    output
        The HTML file; default ``output/<first source's name>.html``.
    options
        Format, title and output options.

    Returns
    -------
    BuildSummary
        Rows read / accepted / rejected per source, the map and the rejects file.
    """
    _deprecated("build_map", "geomap.build.run_build(geomap.build.map_plan(sources, output, "
                "...))")
    options = options or BuildOptions()
    plan = map_plan([Path(s) for s in sources], output, input_format=options.input_format,
                    title=options.title, offline=options.offline, fragment=options.fragment,
                    article_date=_parse_day(options.article_date), render=options.render)
    report = run_build(plan)
    return BuildSummary(
        output=plan.maps[0].path, rejects=report.rejects, events=report.events,
        title=report.title,
        sources=[SourceSummary(s.path, s.format, s.rows_read, s.rows_accepted,
                               s.rows_rejected, s.merged) for s in report.sources],
    )


def read_article(path: Path, article_date: str | None = None) -> ReadResult:
    """Map an article (see :func:`geomap.build.inputs.read_article`)."""
    return _read_article(Path(path), _parse_day(article_date))


def read_source(path: Path, options: BuildOptions) -> ReadResult:
    """Deprecated: :func:`geomap.build.inputs.read_source`."""
    _deprecated("read_source", "geomap.build.inputs.read_source")
    return _read_source(SourceSpec(Path(path), options.input_format),
                        _parse_day(options.article_date))


def read_sources(sources: Sequence[Path], options: BuildOptions
                 ) -> tuple[list[ReadResult], list[Scenario]]:
    """Deprecated: :func:`geomap.build.read_layers` reads and builds the layers."""
    _deprecated("read_sources", "geomap.build.read_layers(geomap.build.map_plan(sources))")
    day = _parse_day(options.article_date)
    results = [_read_source(SourceSpec(Path(p), options.input_format), day) for p in sources]
    return results, [s for s in map(scenario_of, results) if s is not None]


def make_layers(results: list[ReadResult], *, scenario: Scenario | None,
                title: str) -> LayerBundle:
    """Deprecated: :func:`geomap.layers.build.build_layers`."""
    _deprecated("make_layers", "geomap.layers.build.build_layers")
    return build_layers(results, scenario=scenario, title=title)


def write_map(bundle: LayerBundle, target: Path, options: BuildOptions) -> Path:
    """Deprecated: :func:`geomap.build.run_build` writes maps (with their rejects)."""
    _deprecated("write_map", "geomap.build.run_build, or geomap.render.output.write_html")
    render = render_options(options.render, offline=options.offline, title=options.title)
    return write_html(render_map(bundle, render), target, fragment=options.fragment)


@functools.cache
def _deprecated(name: str, replacement: str) -> None:
    warnings.warn(f"geomap.pipeline.{name} is deprecated: use {replacement}",
                  DeprecationWarning, stacklevel=3)


def _parse_day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise ConfigError(f"expected an article date as YYYY-MM-DD, got {text!r}") from err
