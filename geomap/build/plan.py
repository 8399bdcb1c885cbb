"""What one build does, as typed, checked values: :class:`BuildPlan`.

A plan is made before any work — by ``geomap build`` and ``geomap layers`` from their
options (:func:`map_plan`, :func:`layers_plan`), by a project from its ``geomap.toml``
(:mod:`geomap.project`) — and handed to :func:`geomap.build.run_build`. Every value is
checked when the plan is made; a bad one raises :class:`~geomap.errors.ConfigError`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from geomap import precision
from geomap.build.config import from_table
from geomap.errors import ConfigError
from geomap.refdata.regions import definitions
from geomap.render.options import RenderOptions
from geomap.sources.detect import ARTICLE_SUFFIXES, FORMATS, SCENARIO_SUFFIXES

#: Formats a source may be given in (``auto``: detected from the content).
INPUT_FORMATS: tuple[str, ...] = ("auto", *FORMATS)
#: File formats of layer outputs.
LAYER_FORMATS: tuple[str, ...] = ("geojson", "gpkg", "parquet")
PERIODS = precision.PERIODS  # ("month", "week", "day")
#: Default output folder of ``geomap build``, relative to the current directory.
OUTPUT_DIR = Path("output")

LayerFormat = Literal["geojson", "gpkg", "parquet"]
Period = Literal["month", "week", "day"]


@dataclass(frozen=True)
class SourceSpec:
    """One input: a data file, a scenario or an article.

    ``format`` is ``"auto"`` or one of :data:`INPUT_FORMATS`; ``name`` labels the source
    in summaries (default: the file name); ``date``, an article's publication date, is
    what its relative dates ("on Monday") resolve against (default: the build's
    ``article_date``, ``geomap build --date``).
    """

    path: Path
    format: str = "auto"
    name: str = ""
    date: date | None = None

    def __post_init__(self) -> None:
        if self.format not in INPUT_FORMATS:
            raise ConfigError(f"expected a format among {list(INPUT_FORMATS)}, got "
                              f"{self.format!r}", key="format")
        if not self.name:
            object.__setattr__(self, "name", Path(self.path).name)


@dataclass(frozen=True)
class Filters:
    """Which events the layers and maps keep (all optional; empty keeps everything).

    Countries are ISO 3166-1 alpha-2 codes (attached or stated country); dates are
    inclusive; event types and actors match case-insensitively (actors: any part of
    ``actor1``, ``actor2`` and the associated actors).
    """

    countries: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        codes = tuple(c.upper() for c in self.countries)
        bad = [c for c in codes if not re.fullmatch(r"[A-Z]{2}", c)]
        if bad:
            raise ConfigError(f"expected ISO 3166-1 alpha-2 codes such as 'ML', got {bad!r}",
                              key="countries")
        object.__setattr__(self, "countries", codes)
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ConfigError(f"expected a date on or after date_from ({self.date_from}), got "
                              f"{self.date_to}", key="date_to")

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return any((self.countries, self.date_from, self.date_to, self.event_types,
                    self.actors))


@dataclass(frozen=True)
class LayerOutput:
    """Layer files: each format in ``folder`` (or ``folder/<format>/`` with ``by_format``).

    ``periods`` adds ``admin1_by_<period>``/``admin0_by_<period>`` layers; ``engine``
    ``"dask"`` attaches and aggregates admin-1/admin-0 on a dask cluster
    (``scheduler``: its address, default a local cluster; ``partitions``: GeoParquet
    partitions).
    """

    folder: Path
    formats: tuple[LayerFormat, ...] = ("geojson",)
    periods: tuple[Period, ...] = ()
    by_format: bool = False
    engine: Literal["memory", "dask"] = "memory"
    scheduler: str | None = None
    partitions: int = 8

    def __post_init__(self) -> None:
        bad = [f for f in self.formats if f not in LAYER_FORMATS]
        if bad or not self.formats:
            raise ConfigError(f"expected formats among {list(LAYER_FORMATS)}, got "
                              f"{list(self.formats)!r}", key="formats")
        check_each_once(self.formats, "formats")
        late = [p for p in self.periods if p not in PERIODS]
        if late:
            raise ConfigError(f"expected periods among {list(PERIODS)}, got "
                              f"{list(self.periods)!r}", key="periods")
        if self.partitions < 1:
            raise ConfigError(f"expected at least 1 partition, got {self.partitions!r}",
                              key="partitions")

    def folder_for(self, fmt: str) -> Path:
        """Where the files of format ``fmt`` go."""
        return self.folder / fmt if self.by_format else self.folder


@dataclass(frozen=True)
class MapOutput:
    """One HTML map: where, and the renderer's typed options (title, offline, tiles...)."""

    path: Path
    name: str = "map"
    fragment: bool = False
    render: RenderOptions = field(default_factory=RenderOptions)


@dataclass(frozen=True)
class BuildPlan:
    """Everything one build reads and writes.

    Attributes
    ----------
    sources
        The inputs, drawn together.
    title
        The title of the layers (maps may override it); default the scenario's or one
        made from the first source's name.
    filters
        Events kept after attachment.
    regions
        Named regions to draw and aggregate (``sahel``, ``donbas``...).
    maps, layers
        The outputs.
    rejects
        Base name of the rejects file (``output/m.rejects.csv``); the file written is
        ``output/m.rejects.<hash>.csv`` (see :mod:`geomap.build.outputs`). ``None``: no
        rejects file.
    article_date
        The date relative dates in articles resolve against.
    roots
        When given, every output must resolve (symlinks followed) inside one of these
        folders (a project's output folder, and locations written as absolute paths; a
        published site's folder).
    root_kind
        What the roots are, as errors name them: ``"project"`` or ``"site"``.
    protected
        Files no output may replace besides the sources (a project's ``geomap.toml`` and
        state file).
    retire
        Files of an earlier build that this one may no longer produce: each is removed
        after publishing unless this build wrote it again (a project passes the files its
        state lists, while their content is still what geomap wrote).
    """

    sources: tuple[SourceSpec, ...]
    title: str | None = None
    filters: Filters = field(default_factory=Filters)
    regions: tuple[str, ...] = ()
    maps: tuple[MapOutput, ...] = ()
    layers: LayerOutput | None = None
    rejects: Path | None = None
    article_date: date | None = None
    roots: tuple[Path, ...] = ()
    root_kind: str = "project"
    protected: tuple[Path, ...] = ()
    retire: tuple[Path, ...] = ()

    def __post_init__(self) -> None:
        if not self.sources:
            raise ConfigError("expected at least one source file, got none", key="sources")
        check_regions(self.regions)


def check_regions(ids: tuple[str, ...], key: str = "regions") -> None:
    """Refuse, before any work, a named region that ``geomap/data/regions.yaml`` does not
    define (found only after every source was read and attached, before).

    Raises
    ------
    geomap.errors.ConfigError
        Naming the unknown ids and the known ones; ``key`` as given.
    """
    known = {str(entry["id"]).lower() for entry in definitions()}
    unknown = [i for i in ids if not isinstance(i, str) or i.lower() not in known]
    if unknown:  # not text: geomap.layers(regions=[1]) was an AttributeError traceback
        raise ConfigError(f"expected named region ids among {sorted(known)}, got {unknown!r}",
                          key=key)


def check_each_once(values: tuple[str, ...], key: str) -> None:
    """Refuse a list that names one value twice (``formats = ["geojson", "geojson"]``
    staged every layer file twice)."""
    twice = sorted({v for v in values if values.count(v) > 1})
    if twice:
        raise ConfigError(f"expected each value once, got {twice[0]!r} twice", key=key)


def render_options(settings: Mapping[str, Any] | None = None, *, where: str = "render",
                   offline: bool = False, title: str | None = None) -> RenderOptions:
    """The renderer's options from a table of settings, checked.

    ``offline`` and ``title`` are the map's own settings; the table may repeat them but
    not contradict them.

    Raises
    ------
    geomap.errors.ConfigError
        For an unknown key (``render.widht``), a value of the wrong type or a value that
        contradicts the map's own setting.
    """
    table = dict(settings or {})
    for key, value in (("offline", offline), ("title", title)):
        if key in table and value is not None and table[key] != value:
            raise ConfigError(f"conflicts with the map's own {key} = {value!r}: got "
                              f"{table[key]!r}; set it in one place", key=f"{where}.{key}")
    return from_table(RenderOptions, table, where, defaults={"offline": offline,
                                                             "title": title})


#: File name suffixes of sources (and of the packed files a source may come as).
SOURCE_SUFFIXES = (*SCENARIO_SUFFIXES, *ARTICLE_SUFFIXES, ".csv", ".tsv", ".geojson", ".gpkg",
                   ".json", ".gz", ".zip")


def default_output(source: Path) -> Path:
    """``output/<name>.html`` for a source (``mali_ukraine_2024.yaml`` -> ``mali-ukraine-2024``)."""
    name = _without_suffixes(Path(source).name)
    return OUTPUT_DIR / f"{name.replace('_', '-') or 'map'}.html"


def _without_suffixes(name: str) -> str:
    """``name`` without its source suffixes, in any case and however many: GDELT's
    ``20240331.export.CSV`` gave ``20240331.export.CSV.html``, ``acled.csv.gz``
    ``acled.csv.html``."""
    lower = name.casefold()
    for suffix in SOURCE_SUFFIXES:
        if lower.endswith(suffix):
            return _without_suffixes(name[: -len(suffix)])
    return name


def map_target(output: str | Path | None, first_source: Path) -> Path:
    """The map's file: ``output`` as given, or :func:`default_output` of the first source.

    Raises
    ------
    geomap.errors.ConfigError
        For an output written as a folder (``.``, ``..``, empty, or ending in ``/``).
    """
    if output is None:
        return default_output(first_source)
    text = str(output)
    target = Path(text)
    if text.endswith(("/", os.sep)) or target.name in ("", ".", ".."):
        raise ConfigError(f"expected a file name for the output, got the folder {text!r}; "
                          "give a file name inside it (such as 'output/map.html')",
                          key="output")
    return target


def map_plan(sources: list[Path], output: str | Path | None = None, *, input_format: str = "auto",
             title: str | None = None, offline: bool = False, fragment: bool = False,
             article_date: date | None = None,
             render: Mapping[str, Any] | None = None) -> BuildPlan:
    """The plan of ``geomap build SOURCE... -o MAP``: one map, its rejects beside it."""
    if not sources:
        raise ConfigError("expected at least one source file, got none", key="sources")
    target = map_target(output, Path(sources[0]))
    options = render_options(render, offline=offline, title=title)
    return BuildPlan(
        sources=tuple(SourceSpec(Path(p), input_format) for p in sources),
        title=title, article_date=article_date,
        maps=(MapOutput(path=target, name=target.stem, fragment=fragment, render=options),),
        rejects=target.with_name(f"{target.stem}.rejects.csv"),
    )


def layers_plan(sources: list[Path], folder: Path, *, layer_format: str = "geojson",
                input_format: str = "auto", regions: tuple[str, ...] = (),
                periods: tuple[str, ...] = (), engine: str = "memory",
                scheduler: str | None = None, partitions: int = 8) -> BuildPlan:
    """The plan of ``geomap layers SOURCE... -o DIR``: layer files and ``DIR/rejects``."""
    layers = from_table(LayerOutput, {"formats": [layer_format], "periods": list(periods),
                                      "engine": engine, "partitions": partitions},
                        defaults={"folder": Path(folder), "scheduler": scheduler})
    return BuildPlan(sources=tuple(SourceSpec(Path(p), input_format) for p in sources),
                     regions=tuple(regions), layers=layers,
                     rejects=Path(folder) / "rejects.csv")
