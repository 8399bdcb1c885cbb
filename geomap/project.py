"""Projects: a folder with a ``geomap.toml`` that declares sources, filters, layers and
maps, rebuilt incrementally by ``geomap build``.

``load_project`` reads and checks the file (unknown keys and bad values raise
:class:`~geomap.errors.ConfigError` naming the file and the key). ``run_project``
regenerates every output whose inputs or settings changed since the last run: each
output (the layer files, each map) has a content hash of the source files, the filters
and its own settings, kept in ``.geomap-state.json`` in the project folder (written
atomically). Outputs stay inside the project folder unless an absolute path is
configured; a relative path that climbs out of it (``../``) is refused. See
``docs/project.md``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap import __version__
from geomap.errors import ConfigError

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from geomap.layers.bundle import LayerBundle
    from geomap.sources.report import ReadResult

logger = logging.getLogger(__name__)

PROJECT_FILE = "geomap.toml"
STATE_FILE = ".geomap-state.json"
REJECTS_FILE = "rejects.csv"
LAYER_FORMATS = ("geojson", "gpkg", "parquet")
STATE_VERSION = 1

#: ``progress(label, done, total)``: called as work advances (the CLI draws a bar).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SourceSpec:
    """One ``[[sources]]`` entry."""

    path: Path
    format: str = "auto"
    name: str = ""


@dataclass(frozen=True)
class Filters:
    """The ``[filters]`` table: which events the layers and maps keep."""

    countries: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()


@dataclass(frozen=True)
class LayerSpec:
    """The ``[layers]`` table."""

    formats: tuple[str, ...] = ("geojson",)
    folder: Path = Path("layers")
    regions: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()  # "month", "week": extra admin*_by_<period> layers


@dataclass(frozen=True)
class MapSpec:
    """One ``[[maps]]`` entry."""

    name: str
    output: Path
    title: str | None = None
    offline: bool = True
    fragment: bool = False
    render: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Project:
    """A loaded ``geomap.toml``; every path is absolute."""

    folder: Path
    file: Path
    title: str | None
    output: Path
    sources: tuple[SourceSpec, ...]
    filters: Filters
    layers: LayerSpec
    maps: tuple[MapSpec, ...]


# --------------------------------------------------------------------------- loading

_KEYS = {
    "": {"project", "sources", "filters", "layers", "maps"},
    "project": {"title", "output"},
    "sources": {"path", "format", "name"},
    "filters": {"countries", "date_from", "date_to", "event_types", "actors"},
    "layers": {"formats", "folder", "regions", "periods"},
    "maps": {"name", "title", "output", "offline", "fragment", "render"},
}


class _Reader:
    """Typed access to one table of the file, with errors that name file and key."""

    def __init__(self, file: Path, table: Any, where: str, section: str) -> None:
        self.file, self.where = file, where
        if not isinstance(table, dict):
            self.fail("", f"expected a table, got {table!r}")
        self.table: dict[str, Any] = table
        unknown = sorted(set(table) - _KEYS[section])
        if unknown:
            self.fail(unknown[0], f"unknown key; expected one of {sorted(_KEYS[section])}")

    def fail(self, key: str, message: str) -> None:
        dotted = ".".join(p for p in (self.where, key) if p)
        raise ConfigError(f"{self.file}: key {dotted!r}: {message}")

    def text(self, key: str, default: str | None = None) -> str | None:
        value = self.table.get(key, default)
        if value is not None and not isinstance(value, str):
            self.fail(key, f"expected text, got {value!r}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.table.get(key, default)
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, got {value!r}")
        return bool(value)

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, f"expected a list of text, got {value!r}")
        return tuple(value)

    def day(self, key: str) -> date | None:
        value = self.table.get(key)
        if value is None or (isinstance(value, date) and not hasattr(value, "hour")):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(key, f"expected a date as YYYY-MM-DD, got {value!r}")
        return None


def load_project(path: str | Path) -> Project:
    """Read and check a project file.

    Parameters
    ----------
    path
        The ``geomap.toml`` file, or the folder holding it.

    Returns
    -------
    Project
        Sources, filters, layer and map settings, with absolute paths.

    Raises
    ------
    geomap.errors.ConfigError
        When the file is missing, is not valid TOML, has an unknown key or a bad value
        (the message names the file and the key), or sends an output outside the folder.
    """
    file = Path(path)
    file = file / PROJECT_FILE if file.is_dir() else file
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise ConfigError(f"expected a project file at {str(file)!r}, found none. "
                          "Create one with `geomap init`.") from err
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{file}: not valid TOML: {err}") from err
    folder = file.parent.resolve()
    top = _Reader(file, data, "", "")
    head = _Reader(file, data.get("project", {}), "project", "project")
    output = _inside(folder, head.text("output", "output") or "output", head, "output")
    return Project(
        folder=folder, file=file, title=head.text("title"), output=output,
        sources=_sources(file, folder, data.get("sources", []), top),
        filters=_filters(_Reader(file, data.get("filters", {}), "filters", "filters")),
        layers=_layers(_Reader(file, data.get("layers", {}), "layers", "layers"), output),
        maps=_maps(file, data.get("maps", []), output, top),
    )


def _inside(folder: Path, value: str, reader: _Reader, key: str) -> Path:
    """Resolve an output path: absolute as given, relative ones must stay in ``folder``."""
    path = Path(value).expanduser()
    if path.is_absolute():
        return path
    resolved = (folder / path).resolve()
    if not resolved.is_relative_to(folder):
        reader.fail(key, f"expected a path inside the project folder, got {value!r}; "
                         "write an absolute path to put outputs elsewhere")
    return resolved


def _sources(file: Path, folder: Path, items: Any, top: _Reader) -> tuple[SourceSpec, ...]:
    if not isinstance(items, list) or not items:
        top.fail("sources", "expected at least one [[sources]] entry with a path")
    specs = []
    for i, item in enumerate(items):
        reader = _Reader(file, item, f"sources[{i}]", "sources")
        raw = reader.text("path")
        if not raw:
            reader.fail("path", "expected the path of a data or scenario file")
        path = Path(str(raw)).expanduser()
        specs.append(SourceSpec(path=path if path.is_absolute() else folder / path,
                                format=reader.text("format", "auto") or "auto",
                                name=reader.text("name", "") or Path(str(raw)).name))
    return tuple(specs)


def _filters(reader: _Reader) -> Filters:
    filters = Filters(
        countries=tuple(c.upper() for c in reader.texts("countries")),
        date_from=reader.day("date_from"), date_to=reader.day("date_to"),
        event_types=reader.texts("event_types"), actors=reader.texts("actors"),
    )
    bad = [c for c in filters.countries if not re.fullmatch(r"[A-Z]{2}", c)]
    if bad:
        reader.fail("countries", f"expected ISO 3166-1 alpha-2 codes, got {bad!r}")
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        reader.fail("date_to", f"expected a date after date_from, got {filters.date_to}")
    return filters


def _layers(reader: _Reader, output: Path) -> LayerSpec:
    formats = reader.texts("formats") if "formats" in reader.table else ("geojson",)
    bad = [f for f in formats if f not in LAYER_FORMATS]
    if bad:
        reader.fail("formats", f"expected formats among {list(LAYER_FORMATS)}, got {bad!r}")
    periods = reader.texts("periods")
    if [p for p in periods if p not in ("month", "week")]:
        reader.fail("periods", f"expected periods among ['month', 'week'], got {list(periods)!r}")
    folder = _inside(output, reader.text("folder", "layers") or "layers", reader, "folder")
    return LayerSpec(formats=formats, folder=folder, regions=reader.texts("regions"),
                     periods=periods)


def _maps(file: Path, items: Any, output: Path, top: _Reader) -> tuple[MapSpec, ...]:
    if not isinstance(items, list):
        top.fail("maps", f"expected [[maps]] entries, got {items!r}")
    maps, names = [], set()
    for i, item in enumerate(items):
        reader = _Reader(file, item, f"maps[{i}]", "maps")
        name = reader.text("name", f"map-{i + 1}") or f"map-{i + 1}"
        if name in names:
            reader.fail("name", f"expected a unique map name, got {name!r} twice")
        names.add(name)
        render = reader.table.get("render", {})
        if not isinstance(render, dict):
            reader.fail("render", f"expected a table of render options, got {render!r}")
        maps.append(MapSpec(
            name=name, title=reader.text("title"),
            output=_inside(output, reader.text("output", f"{name}.html") or name, reader,
                           "output"),
            offline=reader.flag("offline", True), fragment=reader.flag("fragment", False),
            render=dict(render),
        ))
    return tuple(maps)


# --------------------------------------------------------------------------- running


@dataclass
class SourceReport:
    """Rows read, accepted and rejected from one source (``cached`` when not re-read)."""

    name: str
    path: str
    format: str
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    cached: bool = False


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
    events: int | None = None  # events kept after filters (None when nothing was re-read)

    @property
    def written(self) -> list[OutputReport]:
        return [o for o in self.outputs if o.status == "written"]

    @property
    def unchanged(self) -> list[OutputReport]:
        return [o for o in self.outputs if o.status == "unchanged"]

    def summary(self) -> str:
        """A plain-text report: one line per source, one per output."""
        lines = [f"project {self.folder}"]
        for s in self.sources:
            note = " (unchanged, counts from the last run)" if s.cached else ""
            lines.append(f"  source {s.name}: {s.rows_read} rows read, {s.rows_accepted} "
                         f"accepted, {s.rows_rejected} rejected{note}")
        if self.events is not None:
            lines.append(f"  {self.events} events kept after filters")
        for o in self.outputs:
            lines.append(f"  {o.status:9} {o.name}: {', '.join(o.files)}")
        if self.rejects is not None:
            lines.append(f"  rejected rows: {self.rejects}")
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
        Rebuild every output even when nothing changed.
    progress
        Called as ``progress(label, done, total)`` while work advances; the CLI passes a
        click progress bar, the library itself never draws one.

    Returns
    -------
    ProjectSummary
        Per source rows read/accepted/rejected, per output written/unchanged, and the
        rejects file (``rejects.csv`` in the output folder).
    """
    project = load_project(folder)
    state = _load_state(project.folder / STATE_FILE)
    fingerprints = {str(s.path): _file_hash(s.path, s) for s in project.sources}
    hashes = _output_hashes(project, fingerprints)
    stale = [key for key in hashes if force or not _fresh(state, key, hashes[key])]
    summary = ProjectSummary(folder=project.folder)
    if not stale:
        summary.sources = _cached_sources(project, state)
    else:
        _rebuild(project, stale, hashes, state, summary, progress or _no_progress)
    summary.outputs = [OutputReport(k, "written" if k in stale else "unchanged",
                                    list(state["outputs"][k]["files"])) for k in hashes]
    state["sources"] = {s.path: asdict(s) | {"cached": False} for s in summary.sources}
    _save_state(project.folder / STATE_FILE, state)
    rejects = project.output / REJECTS_FILE
    summary.rejects = rejects if rejects.exists() and summary.sources and any(
        s.rows_rejected for s in summary.sources) else None
    return summary


def _no_progress(label: str, done: int, total: int) -> None:
    logger.debug("%s (%d/%d)", label, done, total)


def _rebuild(project: Project, stale: list[str], hashes: dict[str, str], state: dict[str, Any],
             summary: ProjectSummary, progress: Progress) -> None:
    total = len(project.sources) + len(stale) + 1
    results = _read(project, progress, total)
    summary.sources = [_source_report(spec, r) for spec, r in zip(project.sources, results,
                                                                  strict=True)]
    _write_rejects(project, results)
    progress("building layers", len(project.sources), total)
    bundle = _build(project, results)
    summary.events = len(bundle.events) if bundle.events is not None else 0
    for done, key in enumerate(stale, start=len(project.sources) + 1):
        progress(f"writing {key}", done, total)
        files = _write_output(project, key, bundle)
        state["outputs"][key] = {"hash": hashes[key], "files": files}
        _save_state(project.folder / STATE_FILE, state)  # a later failure keeps this one
    progress("done", total, total)


def _read(project: Project, progress: Progress, total: int) -> list[ReadResult]:
    from geomap.pipeline import BuildOptions, read_source

    results = []
    for done, spec in enumerate(project.sources):
        progress(f"reading {spec.name}", done, total)
        if not spec.path.is_file():
            raise ConfigError(f"{project.file}: key 'sources': expected an existing file, "
                              f"got {str(spec.path)!r}")
        results.append(read_source(spec.path, BuildOptions(input_format=spec.format)))
        logger.info("%s", results[-1].summary())
    return results


def _source_report(spec: SourceSpec, result: ReadResult) -> SourceReport:
    return SourceReport(name=spec.name, path=str(spec.path), format=result.format,
                        rows_read=result.rows_read, rows_accepted=result.rows_accepted,
                        rows_rejected=result.rows_rejected)


def _write_rejects(project: Project, results: Sequence[ReadResult]) -> None:
    from geomap.sources.report import write_rejects

    rejects = [r for result in results for r in result.rejects]
    path = project.output / REJECTS_FILE
    if rejects:
        write_rejects(rejects, path)
    elif path.exists():
        path.unlink()


def _build(project: Project, results: list[ReadResult]) -> LayerBundle:
    from geomap.layers.build import build_layers

    filters = project.filters

    def keep(events: gpd.GeoDataFrame) -> pd.Series:
        return event_filter(events, filters)

    return build_layers(results, title=project.title, regions=project.layers.regions,
                        keep=keep)


def _write_output(project: Project, key: str, bundle: LayerBundle) -> list[str]:
    if key == "layers":
        from geomap.layers.export import period_layers, write_layers

        extra = period_layers(bundle, project.layers.periods)
        paths = [p for fmt in project.layers.formats
                 for p in write_layers(bundle, project.layers.folder / fmt, fmt, extra=extra)]
        return [_relative(p, project.folder) for p in paths]
    spec = next(m for m in project.maps if f"map:{m.name}" == key)
    from geomap.pipeline import BuildOptions, write_map

    options = BuildOptions(title=spec.title, offline=spec.offline, fragment=spec.fragment,
                           render=dict(spec.render))
    titled = replace(bundle, title=spec.title or bundle.title)
    return [_relative(write_map(titled, spec.output, options), project.folder)]


def _relative(path: Path, folder: Path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(folder)) if path.is_relative_to(folder) else str(path)


# --------------------------------------------------------------------------- filters


def event_filter(events: pd.DataFrame, filters: Filters) -> pd.Series:
    """A boolean Series: the events that pass ``filters`` (countries by attached or stated
    country, dates by ``event_date``, event types and actors case-insensitively; an actor
    filter matches any part of ``actor1``, ``actor2`` and the associated actors)."""
    import pandas as pd

    keep = pd.Series(True, index=events.index)
    if filters.countries:
        wanted = list(filters.countries)
        iso = events["iso"].astype(object).fillna("").astype(str).str.upper()
        keep &= events["admin0_code"].isin(wanted) | iso.isin(wanted)
    dates = pd.to_datetime(events["event_date"], errors="coerce")
    if filters.date_from:
        keep &= dates >= pd.Timestamp(filters.date_from)
    if filters.date_to:
        keep &= dates < pd.Timestamp(filters.date_to) + pd.Timedelta(days=1)
    if filters.event_types:
        wanted_types = {t.casefold() for t in filters.event_types}
        keep &= events["event_type"].astype(object).fillna("").str.casefold().isin(wanted_types)
    if filters.actors:
        keep &= _actor_match(events, filters.actors)
    return keep


def _actor_match(events: pd.DataFrame, actors: Sequence[str]) -> pd.Series:
    import pandas as pd

    pattern = "|".join(re.escape(a) for a in actors)
    hit = pd.Series(False, index=events.index)
    for column in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
        if column in events.columns:
            text = events[column].astype(object).fillna("").astype(str)
            hit |= text.str.contains(pattern, case=False, regex=True)
    return hit


# --------------------------------------------------------------------------- state


def _file_hash(path: Path, spec: SourceSpec) -> str:
    digest = hashlib.sha256(f"{spec.format}\0".encode())
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except FileNotFoundError:
        digest.update(b"<missing>")
    return digest.hexdigest()


def _output_hashes(project: Project, fingerprints: dict[str, str]) -> dict[str, str]:
    """One content hash per output: geomap version, sources, filters, its own settings."""
    common = {"version": __version__, "sources": fingerprints,
              "filters": asdict(project.filters), "title": project.title,
              "regions": list(project.layers.regions)}
    outputs: dict[str, Any] = {"layers": asdict(project.layers)}
    outputs |= {f"map:{m.name}": asdict(m) for m in project.maps}
    return {key: _hash_json(common | {"output": value}) for key, value in outputs.items()}


def _hash_json(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _fresh(state: dict[str, Any], key: str, digest: str) -> bool:
    """True when ``key`` was built from ``digest`` and its files are all still there."""
    entry = state["outputs"].get(key)
    if not entry or entry.get("hash") != digest:
        return False
    folder = Path(state["folder"])
    return all((folder / f).exists() for f in entry.get("files", []))


def _load_state(path: Path) -> dict[str, Any]:
    empty: dict[str, Any] = {"version": STATE_VERSION, "folder": str(path.parent),
                             "outputs": {}, "sources": {}}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return empty
    except (OSError, ValueError) as err:
        logger.warning("ignoring unreadable state file %s (%s): rebuilding everything", path, err)
        return empty
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        return empty
    state["folder"] = str(path.parent)
    state.setdefault("outputs", {})
    state.setdefault("sources", {})
    return state


def _save_state(path: Path, state: dict[str, Any]) -> None:
    from geomap._atomic import atomic_write_text

    atomic_write_text(path, json.dumps(state, indent=1, sort_keys=True, default=str) + "\n")


def _cached_sources(project: Project, state: dict[str, Any]) -> list[SourceReport]:
    reports = []
    for spec in project.sources:
        known = state["sources"].get(str(spec.path))
        if known:
            reports.append(SourceReport(**(known | {"cached": True})))
    return reports
