"""The one build path: a typed :class:`BuildPlan` in, sources -> layers -> outputs.

Projects (:mod:`geomap.project`) make a plan and call :func:`run_build`; ``geomap build``
and ``geomap layers`` make a plan, read and build with :func:`geomap.layers` (the same
reading, :func:`read_layers`'s), draw with :func:`geomap.map`, and write with
:func:`publish`, the second half of :func:`run_build`:

* :mod:`geomap.build.plan` — the plan's typed, checked parts (sources, filters, layer and
  map outputs with the renderer's options) and the plans of the two commands;
* :mod:`geomap.build.config` — typed settings from TOML tables, with key-naming errors;
* :mod:`geomap.build.inputs` — one reader per format, a report per source;
* :mod:`geomap.build.filters` — the events a plan keeps;
* :mod:`geomap.build.outputs` — where a build may write, and publishing as one unit;
* :mod:`geomap.build.run` — :func:`run_build` itself.
"""

from __future__ import annotations

from geomap.build.inputs import SourceReport
from geomap.build.outputs import check_outputs
from geomap.build.plan import (
    BuildPlan,
    Filters,
    LayerOutput,
    MapOutput,
    SourceSpec,
    layers_plan,
    map_plan,
)
from geomap.build.run import (
    EXIT_INPUT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    BuildReport,
    Layers,
    build_steps,
    publish,
    read_layers,
    run_build,
)

__all__ = [
    "EXIT_INPUT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "BuildPlan",
    "BuildReport",
    "Filters",
    "LayerOutput",
    "Layers",
    "MapOutput",
    "SourceReport",
    "SourceSpec",
    "build_steps",
    "check_outputs",
    "layers_plan",
    "map_plan",
    "publish",
    "read_layers",
    "run_build",
]
