"""``geomap.toml`` -> a checked :class:`Project`, and the :class:`~geomap.build.BuildPlan`
of its outputs.

The whole file is read and checked before any work: an unknown key (usually a typo) or
a bad value raises :class:`~geomap.errors.ConfigError` naming the file and the key path
(``geomap.toml: key 'maps[0].render.widht': unknown key; did you mean 'width'? ...``).
Relative output paths are resolved against the project folder (layer folders and maps
against the output folder) and must stay inside it; an absolute path puts an output
elsewhere on purpose.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from geomap.build import BuildPlan, Filters, LayerOutput, MapOutput, SourceSpec
from geomap.build.config import check_keys, check_path_text, from_table, join
from geomap.build.inputs import check_sources, expand_folders
from geomap.build.plan import (
    LayerFormat,
    Period,
    check_each_once,
    check_regions,
    render_options,
)
from geomap.errors import ConfigError, InputError
from geomap.render.options import RenderOptions
from geomap.settings import PROJECT_FILE

STATE_FILE = ".geomap-state.json"
REJECTS_FILE = "rejects.csv"
LAYER_FORMATS = ("geojson", "gpkg", "parquet")
_TABLES = ("project", "sources", "filters", "layers", "maps")


@dataclass(frozen=True)
class ProjectTable:
    """The ``[project]`` table."""

    title: str | None = None
    output: Path = Path("output")


@dataclass(frozen=True)
class LayerSpec:
    """The ``[layers]`` table (``folder`` resolved)."""

    formats: tuple[LayerFormat, ...] = ("geojson",)
    folder: Path = Path("layers")
    regions: tuple[str, ...] = ()
    periods: tuple[Period, ...] = ()  # "month", "week", "day": extra admin*_by_<period> layers

    def __post_init__(self) -> None:
        check_each_once(self.formats, "formats")
        check_regions(self.regions)


@dataclass(frozen=True)
class MapTable:
    """One ``[[maps]]`` entry as written; ``render`` is checked into :class:`MapSpec`."""

    name: str = ""
    title: str | None = None
    output: Path | None = None
    offline: bool = True
    fragment: bool = False
    render: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MapSpec:
    """One ``[[maps]]`` entry, checked: ``output`` resolved, ``render`` typed."""

    name: str
    output: Path
    title: str | None = None
    offline: bool = True
    fragment: bool = False
    render: RenderOptions = field(default_factory=RenderOptions)


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

    @property
    def state_file(self) -> Path:
        """The incremental state (``.geomap-state.json`` in the project folder)."""
        return self.folder / STATE_FILE

    @property
    def rejects(self) -> Path:
        """Base name of the rejects file (``output/rejects.csv``; written with a hash)."""
        return self.output / REJECTS_FILE

    def plan(self, *, layers: bool = True, maps: tuple[str, ...] | None = None) -> BuildPlan:
        """The build plan of the project's outputs: the layer files when ``layers``, and
        the maps named in ``maps`` (default: all)."""
        chosen = [m for m in self.maps if maps is None or m.name in maps]
        return BuildPlan(
            sources=self.sources, title=self.title, filters=self.filters,
            regions=self.layers.regions, rejects=self.rejects,
            layers=LayerOutput(folder=self.layers.folder, formats=self.layers.formats,
                               periods=self.layers.periods, by_format=True) if layers else None,
            maps=tuple(MapOutput(path=m.output, name=m.name, fragment=m.fragment,
                                 render=m.render) for m in chosen),
            roots=self.roots, protected=(self.file, self.state_file),
        )

    @property
    def roots(self) -> tuple[Path, ...]:
        """Folders the outputs must stay in (symlinks followed): the project folder, and the
        locations written as absolute paths on purpose."""
        places = [self.output, self.layers.folder, *(m.output.parent for m in self.maps)]
        return (self.folder, *dict.fromkeys(p for p in places
                                            if not p.is_relative_to(self.folder)))


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
    text, data = _read_toml(file)
    try:
        return _project(file, data)
    except ConfigError as err:
        where = f"key {err.key!r}: " if err.key else ""
        line = key_line(text, err.key) if err.key else None
        raise ConfigError(f"{file}{f':{line}' if line else ''}: {where}{err}",
                          key=err.key) from err


def key_line(text: str, key: str) -> int | None:
    """The line of ``text`` (TOML) where ``key`` (a path as errors name it:
    ``filters.event_type``, ``maps[0].render.width``) is set or its table starts; a key
    written in an inline table (``render = {width = 5}``, always one line in TOML) or made
    from another (a map's ``output`` from its ``name``) is on its nearest ancestor's line
    (it had none: "geomap.toml: key 'maps[0].render.width'" named no line). None for a key
    the file lacks whose every ancestor it lacks too."""
    lines = _key_lines(text)
    while key not in lines:
        parent = _PARENT.sub("", key)
        if parent == key:  # a top-level key the file lacks
            return None
        key = parent
    return lines[key]


#: The last step of a key's path: ``.width`` or ``[0]``.
_PARENT = re.compile(r"(?:\.[^.\[\]]+|\[\d+\])$")


def _key_lines(text: str) -> dict[str, int]:
    """The first line of each key and table ``text`` sets, by path."""
    found: dict[str, int] = {}
    table = ""  # the current table's path
    arrays: dict[str, int] = {}  # the last entry of each array of tables
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[["):
            name = line.strip("[] ")
            arrays[name] = arrays.get(name, -1) + 1
            table = f"{name}[{arrays[name]}]"
        elif line.startswith("["):
            name = line.strip("[] ")
            head, _, rest = name.partition(".")
            table = f"{head}[{arrays[head]}]" + (f".{rest}" if rest else "") \
                if head in arrays else name
        elif "=" in line:
            name = line.split("=", 1)[0].strip().replace(" ", "")
            found.setdefault(f"{table}.{name}" if table else name, number)
            continue
        else:
            continue
        found.setdefault(table, number)
    return found


def _read_toml(file: Path) -> tuple[str, dict[str, Any]]:
    """The file's text and its TOML. A UTF-8 byte-order mark (Notepad's) is not part of
    the text (it was "Invalid statement (at line 1, column 1)"); bytes that are not UTF-8
    are named by their line."""
    try:
        data = file.read_bytes()
        text = data.decode("utf-8-sig")
        return text, tomllib.loads(text)
    except FileNotFoundError as err:
        raise ConfigError(f"expected a project file at {str(file)!r}, found none. "
                          "Create one with `geomap init`.") from err
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise ConfigError(f"{file}:{line}: not valid TOML: expected UTF-8 text, got the byte "
                          f"0x{data[err.start]:02x}; save the file as UTF-8") from err
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{file}: not valid TOML: {err}") from err
    except RecursionError as err:  # Python's reader recurses once per level
        raise ConfigError(f"{file}: not a project file geomap reads: arrays or tables nested "
                          "too deep (thousands of levels); a project file nests a few") from err
    except OSError as err:
        raise ConfigError(f"expected a readable project file at {str(file)!r}, got "
                          f"{err.strerror or err!r}") from err


def _project(file: Path, data: dict[str, Any]) -> Project:
    check_keys(data, list(_TABLES))
    folder = file.parent.resolve()
    head = from_table(ProjectTable, data.get("project", {}), "project")
    output = _inside(folder, head.output, "project.output")
    layers = from_table(LayerSpec, data.get("layers", {}), "layers")
    return Project(
        folder=folder, file=file.resolve(), title=head.title, output=output,
        sources=_sources(folder, data.get("sources"), output),
        filters=from_table(Filters, data.get("filters", {}), "filters"),
        layers=replace(layers, folder=_inside(output, layers.folder, "layers.folder")),
        maps=_maps(data.get("maps", []), output),
    )


def _inside(folder: Path, path: Path, key: str) -> Path:
    """An output path: absolute as given; relative ones must stay in ``folder``."""
    if path.is_absolute():
        return path
    resolved = (folder / path).resolve()
    if not resolved.is_relative_to(folder.resolve()):
        raise ConfigError(f"expected a path inside the project folder, got {str(path)!r}; "
                          "write an absolute path to put outputs elsewhere", key=key)
    return resolved


def _sources(folder: Path, items: Any, output: Path) -> tuple[SourceSpec, ...]:
    if not isinstance(items, list) or not items:
        raise ConfigError(f"expected at least one [[sources]] entry with a path, got {items!r}",
                          key="sources")
    specs: list[SourceSpec] = []
    keys: list[str] = []
    for i, item in enumerate(items):
        if isinstance(item, dict) and "path" not in item:
            raise ConfigError("expected the path of a data or scenario file, got none",
                              key=f"sources[{i}].path")
        spec = from_table(SourceSpec, item, f"sources[{i}]")
        found = _files_of(replace(spec, path=folder / spec.path), (folder, output),
                          f"sources[{i}]")
        specs += found
        keys += [f"sources[{i}].path"] * len(found)
    check_sources(specs, keys=keys)
    return tuple(specs)


def _files_of(spec: SourceSpec, own: tuple[Path, Path], key: str) -> list[SourceSpec]:
    """The spec, or for a folder one spec per source in it, as ``geomap build FOLDER``
    reads a folder (:func:`~geomap.build.inputs.expand_folders`), with its ``format`` and
    ``date``, each named by the folder's name and its path there: a newsroom drops each
    night's stories into one folder and the project reads what is there at each run. A
    folder holding the project's file or its outputs (``own``) is refused: the maps and
    layer files would be read back as sources."""
    path = spec.path
    if not path.is_dir():
        return [spec]
    where = path.resolve()
    if any(mine.resolve().is_relative_to(where) for mine in own):
        raise ConfigError(f"expected a folder of sources apart from the project's file and "
                          f"outputs, got {str(path)!r}, which holds them; put the sources "
                          "in a folder of their own", key=join(key, "path"))
    try:
        files = expand_folders([path])
    except InputError as err:  # a folder holding no source: named by the project's key
        raise ConfigError(str(err), key=join(key, "path")) from err
    return [replace(spec, path=file, name=f"{spec.name}/{file.relative_to(path).as_posix()}")
            for file in files]


def _maps(items: Any, output: Path) -> tuple[MapSpec, ...]:
    if not isinstance(items, list):
        raise ConfigError(f"expected [[maps]] entries, got {items!r}", key="maps")
    maps: list[MapSpec] = []
    for i, item in enumerate(items):
        where = f"maps[{i}]"
        table = from_table(MapTable, item, where)
        name = table.name or f"map-{i + 1}"
        if name in {m.name for m in maps}:
            raise ConfigError(f"expected a unique map name, got {name!r} twice",
                              key=join(where, "name"))
        target = table.output or Path(check_path_text(f"{name}.html", join(where, "name")))
        maps.append(MapSpec(
            name=name, title=table.title, offline=table.offline, fragment=table.fragment,
            output=_inside(output, target, join(where, "output")),
            render=render_options(table.render, where=join(where, "render"),
                                  offline=table.offline, title=table.title),
        ))
    return tuple(maps)
