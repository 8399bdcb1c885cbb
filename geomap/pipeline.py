"""The build pipeline: sources -> events tables -> layers -> map -> HTML.

This module only ties the stages together; each stage lives in its own package:

* readers: :func:`geomap.sources.read.read_events` (data files),
  :func:`geomap.sources.scenario.load_scenario` (scenario YAML) and
  :mod:`geomap.extract` (article text);
* layers: :func:`geomap.layers.build.build_layers`;
* render: :func:`geomap.render.map.render_map` and :func:`geomap.render.output.write_html`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.errors import ConfigError

if TYPE_CHECKING:
    from geomap.layers.bundle import LayerBundle
    from geomap.sources.report import ReadResult
    from geomap.sources.scenario import Scenario

logger = logging.getLogger(__name__)

SCENARIO_SUFFIXES = (".yaml", ".yml")
ARTICLE_SUFFIXES = (".txt", ".text", ".md")
#: Default output folder, relative to the current directory.
OUTPUT_DIR = Path("output")


@dataclass
class BuildOptions:
    """How to build one map.

    Attributes
    ----------
    input_format
        ``"auto"`` (detect from the content) or a reader name (``acled``, ``ucdp``,
        ``gdelt``, ``geojson``, ``gpkg``, ``csv``, ``scenario``, ``article``).
    title
        Map title; default the scenario's title or the first source's name.
    offline
        Inline every script and stylesheet so the page needs no network.
    fragment
        Write an HTML fragment to paste into a host page.
    article_date
        Date that relative dates in articles resolve against (``YYYY-MM-DD``).
    render
        Extra keyword arguments of :class:`geomap.render.options.RenderOptions`
        (``tiles``, ``time_filter``, ``modes``...).
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
    merged: int = 0  # rows merged as repeats of one event (monadic ACLED)


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
    """Read ``sources``, build their layers and write one HTML map.

    Parameters
    ----------
    sources
        Data files (ACLED, UCDP GED, GDELT, GeoJSON, GeoPackage, CSV), scenario YAML
        files and plain-text articles; they are drawn together on one map.
    output
        The HTML file; default ``output/<first source's name>.html`` in the current
        directory.
    options
        Format, title and output options.

    Returns
    -------
    BuildSummary
        Rows read / accepted / rejected per source, the map and the rejects file.

    Raises
    ------
    geomap.errors.GeomapError
        For unreadable sources (with file, line and field) and rendering failures.

    Examples
    --------
    >>> from geomap.sources.scenario import example_path
    >>> build_map([example_path()], Path("output/example.html"))  # doctest: +SKIP
    """
    options = options or BuildOptions()
    if not sources:
        raise ConfigError("expected at least one source file, got none")
    target = Path(output) if output is not None else default_output(sources[0])
    results, scenarios = read_sources(sources, options)
    scenario = _one_scenario(scenarios)
    title = options.title or (scenario.title if scenario else _title_from(sources[0]))
    bundle = make_layers(results, scenario=scenario, title=title)
    write_map(bundle, target, options)
    return BuildSummary(
        output=target,
        sources=[_summarise(r) for r in results],
        rejects=write_rejects_beside(results, target),
        events=sum(r.rows_accepted for r in results),
        title=title,
    )


def default_output(source: Path) -> Path:
    """``output/<name>.html`` for a source (``mali_ukraine_2024.yaml`` -> ``mali-ukraine-2024``)."""
    name = Path(source).name
    for suffix in (*SCENARIO_SUFFIXES, *ARTICLE_SUFFIXES, ".csv", ".tsv", ".geojson", ".gpkg",
                   ".json", ".gz", ".zip"):
        name = name.removesuffix(suffix)
    return OUTPUT_DIR / f"{name.replace('_', '-') or 'map'}.html"


def source_format(path: Path, input_format: str = "auto") -> str:
    """``"scenario"``, ``"article"`` or the format handed to the data readers."""
    if input_format != "auto":
        return input_format
    suffix = Path(path).suffix.lower()
    if suffix in SCENARIO_SUFFIXES:
        return "scenario"
    if suffix in ARTICLE_SUFFIXES:
        return "article"
    return "auto"


def read_sources(
    sources: Sequence[Path], options: BuildOptions
) -> tuple[list[ReadResult], list[Scenario]]:
    """Read every source; scenarios are returned too (they carry actors and relations)."""
    results: list[ReadResult] = []
    scenarios: list[Scenario] = []
    for path in sources:
        result = read_source(Path(path), options)
        scenario = result.extra.get("scenario")
        if scenario is not None:
            scenarios.append(scenario)
        logger.info("%s", result.summary())
        results.append(result)
    return results, scenarios


def read_source(path: Path, options: BuildOptions) -> ReadResult:
    """Read one source with the reader its format calls for."""
    if not path.exists():
        raise ConfigError(f"expected an existing source file, got {str(path)!r}",)
    fmt = source_format(path, options.input_format)
    if fmt == "scenario":
        from geomap.sources.scenario import read_scenario

        return read_scenario(path)
    if fmt == "article":
        return read_article(path, options.article_date)
    from geomap.sources.read import read_events

    return read_events(path, fmt)


def read_article(path: Path, article_date: str | None = None) -> ReadResult:
    """Map an article: extract a draft scenario (``geomap.extract``) and read its events."""
    from geomap.extract import article_to_scenario
    from geomap.sources.scenario import scenario_events, scenario_from_dict

    draft = article_to_scenario(path, article_date=_parse_day(article_date))
    result = scenario_events(scenario_from_dict(draft, path), path)
    result.format = "article"
    return result


def _parse_day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise ConfigError(f"expected an article date as YYYY-MM-DD, got {text!r}") from err


def make_layers(results: list[ReadResult], *, scenario: Scenario | None, title: str) -> LayerBundle:
    """Build the map's layers (:func:`geomap.layers.build.build_layers`)."""
    from geomap.layers.build import build_layers

    return build_layers(results, scenario=scenario, title=title)


def write_map(bundle: LayerBundle, target: Path, options: BuildOptions) -> Path:
    """Render the bundle and write the HTML (online, offline or fragment)."""
    from geomap.render.map import render_map
    from geomap.render.output import write_html

    render = render_options(options)
    folium_map = render_map(bundle, render)
    return write_html(folium_map, target, offline=options.offline, fragment=options.fragment,
                      id_prefix=render.element_id_prefix)


def render_options(options: BuildOptions) -> Any:
    """The renderer's options (``geomap.render.options.RenderOptions``) for a build."""
    from geomap.render.options import RenderOptions

    extra = dict(options.render)
    extra.setdefault("offline", options.offline)
    if options.title:
        extra.setdefault("title", options.title)
    return RenderOptions(**extra)


def write_rejects_beside(results: list[ReadResult], target: Path) -> Path | None:
    """Write every reject to ``<name>.rejects.csv`` beside the map; ``None`` when none."""
    rejects = [r for result in results for r in result.rejects]
    if not rejects:
        return None
    from geomap.sources.report import write_rejects

    path = target.with_name(f"{target.stem}.rejects.csv")
    write_rejects(rejects, path)
    return path


def _one_scenario(scenarios: list[Scenario]) -> Scenario | None:
    if len(scenarios) > 1:
        logger.warning("%d scenarios given: actors, relations and framing come from the first",
                       len(scenarios))
    return scenarios[0] if scenarios else None


def _title_from(source: Path) -> str:
    return default_output(source).stem.replace("-", " ").capitalize()


def _summarise(result: ReadResult) -> SourceSummary:
    return SourceSummary(result.source, result.format, result.rows_read, result.rows_accepted,
                         result.rows_rejected, result.merged)
