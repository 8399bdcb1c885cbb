"""Running a project: rebuild the outputs whose inputs or settings changed, through the one
build path (:func:`geomap.build.run_build`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from geomap.build import BuildReport, SourceReport, run_build
from geomap.build.run import EXIT_INPUT_FAILED, EXIT_OK, Progress
from geomap.project.schema import Project, load_project
from geomap.project.state import (
    OutputState,
    State,
    check_state_file,
    is_fresh,
    load_state,
    output_hashes,
    project_lock,
    recorded,
    save_state,
    unchanged_files,
)
from geomap.sources.report import counted

logger = logging.getLogger(__name__)


@dataclass
class OutputReport:
    """One output (the layer files, or one map): ``written`` or ``unchanged``."""

    name: str
    status: str
    files: list[str] = field(default_factory=list)


@dataclass
class ProjectSummary:
    """What :func:`run_project` did."""

    folder: Path
    sources: list[SourceReport] = field(default_factory=list)
    outputs: list[OutputReport] = field(default_factory=list)
    rejects: Path | None = None
    warnings: Path | None = None  # rows kept but doubtful (as ``geomap build``'s summary says)
    removed: list[Path] = field(default_factory=list)
    events: int | None = None  # events kept after filters (None when nothing was re-read)

    @property
    def written(self) -> list[OutputReport]:
        return [o for o in self.outputs if o.status == "written"]

    @property
    def unchanged(self) -> list[OutputReport]:
        return [o for o in self.outputs if o.status == "unchanged"]

    @property
    def exit_code(self) -> int:
        """0 when every source gave events, 1 when some did not."""
        return EXIT_INPUT_FAILED if any(s.failed for s in self.sources) else EXIT_OK

    def summary(self) -> str:
        """A plain-text report: one line per source, one per output."""
        lines = [f"project {self.folder}"]
        for s in self.sources:
            note = " (unchanged, counts from the last run)" if s.cached else ""
            lines.append(f"  source {s.line()}{note}")
        if self.events is not None:
            lines.append(f"  {counted(self.events, 'event')} kept after filters")
        lines += [f"  {o.status:9} {o.name}: {', '.join(o.files)}" for o in self.outputs]
        lines += [f"  removed   {p} (no longer produced)" for p in self.removed]
        if self.rejects is not None:
            lines.append(f"  rejected rows: {self.rejects}")
        if self.warnings is not None:
            lines.append(f"  rows kept with a warning: {self.warnings}")
        return "\n".join(lines)


def run_project(
    folder: str | Path = ".", *, force: bool = False, progress: Progress | None = None
) -> ProjectSummary:
    """Regenerate a project's outputs, skipping those whose inputs and settings are unchanged.

    Parameters
    ----------
    folder
        The project folder (or its ``geomap.toml``).
    force
        Rebuild every output even when nothing changed (the state file is not read).
    progress
        Called as ``progress(label, done, total)`` while work advances; the CLI passes a
        click progress bar, the library itself never draws one.

    Returns
    -------
    ProjectSummary
        Per source rows read/accepted/rejected, per output written/unchanged, the
        rejects file (``output/rejects.<hash>.csv``), the warnings file
        (``output/warnings.<hash>.csv``: rows kept but doubtful) and files removed.

    Raises
    ------
    geomap.errors.ConfigError
        For a bad ``geomap.toml``, before any work.
    geomap.errors.DataError
        For a damaged state file (``--force`` rebuilds without reading it).
    """
    project = load_project(folder)
    check_state_file(project.state_file)
    with project_lock(project):
        state = State(folder=str(project.folder)) if force else load_state(project.state_file)
        hashes = output_hashes(project)
        stale = [key for key in hashes if force or not is_fresh(project, state, key, hashes[key])]
        summary = ProjectSummary(folder=project.folder)
        if stale:
            state = _rebuild(project, stale, hashes, state, summary, progress)
        else:
            summary.sources = [replace(s, cached=True) for s in state.sources.values()]
            summary.rejects = _published(project, state, "rejects")
            summary.warnings = _published(project, state, "warnings")
        summary.outputs = [OutputReport(k, "written" if k in stale else "unchanged",
                                        list(state.outputs[k].files)) for k in hashes]
    return summary


def _rebuild(project: Project, stale: list[str], hashes: dict[str, str], state: State,
             summary: ProjectSummary, progress: Progress | None) -> State:
    """Build the stale outputs; returns the new state (saved)."""
    plan = project.plan(layers="layers" in stale,
                        maps=tuple(k.removeprefix("map:") for k in stale if k != "layers"))
    gone = [k for k in state.outputs if k not in hashes or k in stale]
    retire = [p for k in gone for p in unchanged_files(project, state.outputs[k])]
    report = run_build(replace(plan, retire=tuple(retire)), progress=progress)
    summary.sources, summary.events = report.sources, report.events
    summary.rejects, summary.removed = report.rejects, report.removed
    summary.warnings = report.warnings
    outputs = {k: v for k, v in state.outputs.items() if k in hashes and k not in stale}
    outputs |= _entries(project, report, hashes)
    new = State(folder=str(project.folder), outputs=outputs,
                sources={s.path: replace(s, cached=False) for s in report.sources})
    save_state(project.state_file, new)
    return new


def _entries(project: Project, report: BuildReport, hashes: dict[str, str]
             ) -> dict[str, OutputState]:
    entries = {}
    for key, files in report.outputs.items():
        entry = recorded(project, files)
        entries[key] = replace(entry, hash=hashes.get(key, ""))
    return entries


def _published(project: Project, state: State, key: str) -> Path | None:
    """The rejects or warnings file (``key``) of the last run, if it wrote one."""
    entry = state.outputs.get(key)
    if entry is None or not entry.files:
        return None
    return project.folder / entry.files[0]

