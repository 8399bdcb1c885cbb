"""Deprecated: use :mod:`geomap.build` (``map_plan`` and ``run_build``).

``geomap.pipeline.build_map`` keeps working and warns once per process, naming the
replacement::

    from geomap.build import map_plan, run_build
    report = run_build(map_plan([Path("story.yaml")], Path("out.html"), offline=True))
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from geomap.build import map_plan, run_build
from geomap.build.inputs import read_article as _read_article
from geomap.build.plan import default_output
from geomap.errors import ConfigError
from geomap.sources.report import ReadResult

__all__ = ["BuildOptions", "BuildSummary", "SourceSummary", "build_map", "default_output",
           "read_article"]

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
    _warn_once()
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


@functools.cache
def _warn_once() -> None:
    warnings.warn("geomap.pipeline.build_map is deprecated: use geomap.build.run_build("
                  "geomap.build.map_plan(sources, output, ...))", DeprecationWarning,
                  stacklevel=3)


def _parse_day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise ConfigError(f"expected an article date as YYYY-MM-DD, got {text!r}") from err
