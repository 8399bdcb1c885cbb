"""The one build path: sources -> events tables -> layers -> outputs published together.

``geomap build``, ``geomap layers`` and projects all make a :class:`BuildPlan` and call
:func:`run_build`; nothing else reads, builds layers or writes outputs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import folium
import pandas as pd
from branca.element import Figure

from geomap.build.filters import event_filter
from geomap.build.inputs import SourceReport, read_all
from geomap.build.outputs import Publisher, check_outputs, rejects_link
from geomap.build.plan import BuildPlan, Filters, LayerOutput, MapOutput
from geomap.errors import ConfigError, InputError
from geomap.layers.build import build_layers, story_scenario
from geomap.layers.bundle import LayerBundle
from geomap.layers.distributed import aggregate_parquet, write_partitioned
from geomap.layers.export import layer_writers, period_layers
from geomap.render.map import render_map
from geomap.render.output import write_html
from geomap.render.page import CodePart
from geomap.sources.report import ReadResult, nothing_to_map

logger = logging.getLogger(__name__)

#: ``progress(label, done, total)``: called as work advances (the CLI draws a bar).
Progress = Callable[[str, int, int], None]

#: Exit codes of the commands that build: all went well / some inputs gave nothing
#: (or the build failed) / bad usage or configuration.
EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE = 0, 1, 2


@dataclass
class BuildReport:
    """What a build did.

    Attributes
    ----------
    sources
        Per source: rows read, accepted, rejected, and why it gave nothing if so.
    outputs
        Files published, by output (``"layers"``, ``"map:<name>"``, ``"rejects"``).
    rejects
        The rejects file, or ``None`` when no row was rejected.
    warnings
        The warnings file (rows kept but doubtful: outside their stated country,
        coordinates swapped back, text decoded as Latin-1...), or ``None``.
    removed
        Files of earlier builds removed because this build no longer produces them.
    events
        Events drawn (after filters).
    title
        The layers' title.
    """

    sources: list[SourceReport] = field(default_factory=list)
    outputs: dict[str, list[Path]] = field(default_factory=dict)
    rejects: Path | None = None
    warnings: Path | None = None
    removed: list[Path] = field(default_factory=list)
    events: int = 0
    title: str = ""

    @property
    def failed(self) -> list[SourceReport]:
        """The sources that gave nothing to map."""
        return [s for s in self.sources if s.failed]

    @property
    def exit_code(self) -> int:
        """0 when every source gave events, 1 when some did not."""
        return EXIT_INPUT_FAILED if self.failed else EXIT_OK

    @property
    def maps(self) -> dict[str, Path]:
        """The maps written, by name."""
        return {key.removeprefix("map:"): files[0] for key, files in self.outputs.items()
                if key.startswith("map:")}


def run_build(plan: BuildPlan, *, progress: Progress | None = None) -> BuildReport:
    """Read the plan's sources, build their layers and publish every output together.

    Parameters
    ----------
    plan
        What to read and write (:mod:`geomap.build.plan`).
    progress
        Called as ``progress(label, done, total)`` while work advances.

    Returns
    -------
    BuildReport
        Per-source counts, the files written and removed; ``exit_code`` is 1 when a
        source gave nothing (the others are still mapped).

    Raises
    ------
    geomap.errors.ConfigError
        Before any work, for a source that is not a regular file (``/dev/zero``, a pipe)
        or an output that would replace an input, leave the project or stand where a
        folder is.
    geomap.errors.OutputError
        Before any work, for an output that cannot be written; later, when the disk
        refuses (nothing is half-written).
    geomap.errors.InputError
        When no source gave anything to map (nothing is written).
    """
    check_outputs(plan)
    step = _Steps(progress, build_steps(plan))
    step("reading sources")
    return _publish(plan, read_layers(plan).bundle, step)


def build_steps(plan: BuildPlan) -> int:
    """How many steps a build of ``plan`` reports: reading, each output, done."""
    return len(plan.maps) + 3


def publish(plan: BuildPlan, bundle: LayerBundle, *, maps: Sequence[folium.Map] = (),
            progress: Progress | None = None) -> BuildReport:
    """Write the plan's outputs of layers already made and publish them together.

    ``geomap layers`` and ``geomap build`` read and build with :func:`geomap.layers`
    (``geomap build`` draws with :func:`geomap.map`), then call this.

    Parameters
    ----------
    plan
        Where and what to write (its sources are protected from being overwritten).
    bundle
        The layers; its reads give the rejects and warnings files, its inputs the
        per-source report.
    maps
        The plan's maps already drawn, in order (the others are drawn here); each names
        its rejects file.
    progress
        Called as ``progress(label, done, total)``, continuing after the reading step
        (step 1 of :func:`build_steps`).

    Returns
    -------
    BuildReport
        As :func:`run_build`'s.

    Raises
    ------
    geomap.errors.ConfigError
        For an output that would replace an input, leave the project or stand where a
        folder is (see :func:`run_build`).
    geomap.errors.OutputError
        When the disk refuses (nothing is half-written).
    """
    check_outputs(plan)
    if len(maps) > len(plan.maps):
        raise ConfigError(f"expected at most {len(plan.maps)} drawn maps for the plan's "
                          f"outputs, got {len(maps)}", key="maps")
    step = _Steps(progress, build_steps(plan))
    step.done = 1
    return _publish(plan, bundle, step, list(maps))


def _publish(plan: BuildPlan, bundle: LayerBundle, step: _Steps,
             drawn: list[folium.Map] | None = None) -> BuildReport:
    report = BuildReport(sources=bundle.inputs, title=bundle.title,
                         events=len(bundle.events) if bundle.events is not None else 0)
    publisher = Publisher(plan)
    with publisher.outputs:
        report.rejects = _stage_rejects(publisher, bundle.reads)
        report.warnings = _stage_warnings(publisher, bundle.reads, bundle)
        if plan.layers is not None:
            step(f"writing layers ({report.events:,} events)")
            report.outputs["layers"] = _stage_layers(publisher, plan.layers, bundle,
                                                     bundle.reads)
        for spec in plan.maps:
            step(f"writing {spec.name} ({report.events:,} events)")
            folium_map = drawn.pop(0) if drawn else render_map(bundle, spec.render)
            report.outputs[f"map:{spec.name}"] = [_stage_map(publisher, spec, folium_map,
                                                             report.rejects)]
        publisher.outputs.publish()
    step("done", step.total)
    if report.rejects is not None:
        report.outputs["rejects"] = [report.rejects]
    if report.warnings is not None:
        report.outputs["warnings"] = [report.warnings]
    report.removed = publisher.outputs.removed
    return report


class _Steps:
    """Counts steps for the progress callback."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def __call__(self, label: str, done: int | None = None) -> None:
        self.done = self.done + 1 if done is None else done
        if self.progress is not None:
            self.progress(label, min(self.done, self.total), self.total)


@dataclass
class Layers:
    """What :func:`read_layers` read: the layers, a report per source, the readers' results
    (with their rejects)."""

    bundle: LayerBundle
    sources: list[SourceReport]
    results: list[ReadResult]


def read_layers(plan: BuildPlan) -> Layers:
    """Read the plan's sources and build their layers, filtered; nothing is written.

    For notebooks and servers: ``render_map(read_layers(map_plan([path])).bundle)``.

    Raises
    ------
    geomap.errors.InputError
        When no source gave anything to draw, with each source's reason.
    """
    results, reports = read_all(plan.sources, plan.article_date)
    bundle = make_bundle(results, reports, title=plan.title, regions=plan.regions,
                         filters=plan.filters)
    return Layers(bundle, reports, results)


def make_bundle(results: list[ReadResult], reports: list[SourceReport], *,
                title: str | None = None, regions: tuple[str, ...] = (),
                filters: Filters | None = None) -> LayerBundle:
    """The layers of what was read, filtered, with what each source gave
    (``bundle.reads``, ``bundle.inputs``; see :func:`read_layers`)."""
    scenario = story_scenario(results)
    if not any(r.rows_accepted for r in results) and scenario is None:
        raise InputError(nothing_to_map(reports, [r for result in results for r in sorted(
            result.rejects, key=lambda r: r.line or 0)[:3]]))
    # no title given: the layers take the story's, or make one from the data ("ACLED:
    # Mali, Niger, 2012–2018"; geomap.layers.build.story_heading)
    keep = None
    if filters is not None and filters.active:
        active = filters

        def keep(events: pd.DataFrame) -> pd.Series:
            return event_filter(events, active)
    bundle = build_layers(results, scenario=scenario, title=title, regions=regions,
                          keep=keep)
    bundle.inputs = reports
    return bundle


def _stage_rejects(publisher: Publisher, results: list[ReadResult]) -> Path | None:
    return publisher.stage_rows([r for result in results for r in result.rejects])


def _stage_warnings(publisher: Publisher, results: list[ReadResult],
                    bundle: LayerBundle) -> Path | None:
    warnings = [w for result in results for w in result.warnings] + bundle.warnings
    return publisher.stage_rows(warnings, warnings=True)


def _stage_layers(publisher: Publisher, spec: LayerOutput, bundle: LayerBundle,
                  results: list[ReadResult]) -> list[Path]:
    if spec.engine == "dask":
        bundle = _dask_bundle(spec, results)
    extra = period_layers(bundle, spec.periods)
    files = []
    for fmt in spec.formats:
        publisher.sweep_layers(spec.folder_for(fmt), fmt)
        for target, write in layer_writers(bundle, spec.folder_for(fmt), fmt, extra=extra):
            write(publisher.stage(target, keep_suffix=True))
            files.append(target)
    return files


def _dask_bundle(spec: LayerOutput, results: list[ReadResult]) -> LayerBundle:
    """Admin-1 and admin-0 layers aggregated on a dask cluster (``--engine dask``); the
    events go to ``<folder>/events_partitions`` as partitioned GeoParquet."""
    tables = [r.frame for r in results if r.frame is not None and len(r.frame)]
    table = tables[0] if len(tables) == 1 else pd.concat(tables, ignore_index=True)
    folder = write_partitioned(table, spec.folder / "events_partitions",
                               partitions=spec.partitions)
    result = aggregate_parquet(folder, scheduler=spec.scheduler)
    return LayerBundle(title="layers", admin1=result.admin1, admin0=result.admin0)


def _stage_map(publisher: Publisher, spec: MapOutput, folium_map: folium.Map,
               rejects: Path | None) -> Path:
    root = folium_map.get_root()
    if rejects is not None and isinstance(root, Figure):  # see geomap.build.outputs
        link = CodePart(rejects_link(rejects, spec.path))
        root.header.add_child(link, name="geomap_rejects", index=0)
    # offline and the id prefix travel with the map (RenderOptions -> its page)
    write_html(folium_map, publisher.stage(spec.path), fragment=spec.fragment)
    return spec.path

