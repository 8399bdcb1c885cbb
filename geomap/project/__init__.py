"""Projects: a folder with a ``geomap.toml`` that declares sources, filters, layers and
maps, rebuilt incrementally by ``geomap build``.

* :mod:`geomap.project.schema` — ``geomap.toml`` -> a checked :class:`Project` (unknown
  keys and bad values raise :class:`~geomap.errors.ConfigError` naming the file and the
  key, before any work) and the :class:`~geomap.build.BuildPlan` of its outputs;
* :mod:`geomap.project.state` — ``.geomap-state.json``: what each output was built from;
* :mod:`geomap.project.run` — :func:`run_project`: rebuild what changed through
  :func:`geomap.build.run_build`.

See ``docs/project.md``.
"""

from __future__ import annotations

from geomap.build import Filters, SourceReport, SourceSpec
from geomap.build.filters import event_filter
from geomap.build.run import Progress
from geomap.project.run import OutputReport, ProjectSummary, run_project
from geomap.project.schema import (
    LAYER_FORMATS,
    PROJECT_FILE,
    REJECTS_FILE,
    STATE_FILE,
    LayerSpec,
    MapSpec,
    Project,
    load_project,
)
from geomap.project.state import STATE_VERSION

__all__ = [
    "LAYER_FORMATS",
    "PROJECT_FILE",
    "REJECTS_FILE",
    "STATE_FILE",
    "STATE_VERSION",
    "Filters",
    "LayerSpec",
    "MapSpec",
    "OutputReport",
    "Progress",
    "Project",
    "ProjectSummary",
    "SourceReport",
    "SourceSpec",
    "event_filter",
    "load_project",
    "run_project",
]
