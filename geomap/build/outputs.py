"""Where a build may write, and how its outputs are published as one unit.

Before any work (:func:`check_outputs`) every output path is resolved, symlinks
followed, and refused when it is a source, a protected file (a project's ``geomap.toml``
or state file), a folder, outside the plan's root, or on a file system that cannot be
written. The checks run again on each file just before it is staged, so a folder
swapped for a symlink during the build is caught too.

A build's outputs are published together (:class:`geomap._atomic.OutputSet`): each is
written complete under a temporary name, then all are renamed into place under a lock.
The rejects file is named by its content hash (``m.rejects.<16 hex>.csv``) and the map
names it (``<meta name="geomap:rejects">``): it is renamed into place before the map,
and earlier rejects files are removed only after it. So a map always sits beside the
rejects file it names, whether a build was killed at any step or several builds wrote to
the same place at once; a build without rejects removes the old file.
"""

from __future__ import annotations

import errno
import hashlib
import html
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pyarrow.parquet as pq

from geomap._atomic import OutputSet, describe_os_error, first_line_is
from geomap._files import is_geomap_page
from geomap.build.config import check_path_text
from geomap.build.plan import PERIODS, BuildPlan
from geomap.errors import ConfigError, OutputError
from geomap.layers.export import FORMATS as LAYER_FILE_FORMATS
from geomap.layers.export import GENERATOR, LAYER_COLUMNS, LAYER_NAMES
from geomap.sources.report import Reject, write_rejects

REJECTS_HEADER = "file,line,field,reason,raw"
#: The ``<meta>`` name by which a map names its rejects file.
REJECTS_META = "geomap:rejects"
_PERIOD_LAYERS = tuple(f"{level}_by_{period}" for level in ("admin1", "admin0")
                       for period in PERIODS)


def real(path: Path) -> Path:
    """``path`` made absolute with every symlink resolved (also for paths not yet there)."""
    return Path(os.path.realpath(path))


def check_outputs(plan: BuildPlan) -> None:
    """Refuse, before any work, outputs that would replace an input, leave the plan's
    root, stand where a folder is, or cannot be written.

    Raises
    ------
    geomap.errors.ConfigError
        For an output that is an input, a folder, outside the root, or the same file as
        another output: naming the output, what is wrong and the fix.
    geomap.errors.OutputError
        For an output on a file system that cannot be written.
    """
    inputs = protected_paths(plan)
    files = [m.path for m in plan.maps]
    layer_files = [plan.layers.folder_for(fmt) / name for fmt in plan.layers.formats
                   for name in layer_file_names(fmt)] if plan.layers is not None else []
    _refuse_shared_files([*files, *layer_files])
    for path in files:
        _check_name_length(path)
        check_file(path, plan, inputs)
    for folder in output_folders(plan):
        check_folder(folder, plan)
    for path in layer_files:
        check_file(path, plan, inputs)
    if plan.layers is not None:
        for fmt in plan.layers.formats:
            written = [name for name in layer_file_names(fmt)
                       if "_by_" not in name or Path(name).stem.endswith(plan.layers.periods)]
            refuse_strangers(plan.layers.folder_for(fmt), written, is_layer_file,
                             what="layers geomap wrote", by="the layers")


def _refuse_shared_files(files: list[Path]) -> None:
    """Refuse two outputs of one plan (maps, layer files) that are one file: the later
    replaced the earlier (a map written over ``layers/geojson/events.geojson``)."""
    seen: dict[Path, Path] = {}
    for path in files:
        first = seen.get(real(path))
        if first is None:
            seen[real(path)] = path
        else:
            raise ConfigError(f"expected a different file for each output, got {str(first)!r} "
                              f"and {str(path)!r}, which are one file; give the map another "
                              "name or output", key="maps")


def protected_paths(plan: BuildPlan) -> dict[Path, str]:
    """Resolved paths no output may replace, with what each is."""
    found = {real(s.path): "a source of this build" for s in plan.sources}
    found |= {real(p): "a protected file of this project" for p in plan.protected}
    return found


def output_folders(plan: BuildPlan) -> list[Path]:
    """Every folder the plan writes into."""
    folders = [m.path.parent for m in plan.maps]
    if plan.rejects is not None:
        folders.append(plan.rejects.parent)
    if plan.layers is not None:
        folders += [plan.layers.folder_for(fmt) for fmt in plan.layers.formats]
    return folders


def refuse_strangers(folder: Path, names: Sequence[str], ours: Callable[[Path], bool], *,
                     what: str, by: str) -> None:
    """Refuse, before any work, a folder holding a file of ``names`` (what an output
    writes there) that geomap did not write (``ours`` tells): a published site's page and
    README, a layer file (someone's ``events.geojson`` was replaced without a word).

    Raises
    ------
    geomap.errors.ConfigError
        Naming the folder and the files of its own (exit 2).
    """
    strangers = [name for name in names
                 if (folder / name).is_file() and not ours(folder / name)]
    if strangers:
        raise ConfigError(f"expected a new folder or {what}, got {str(folder)!r} holding "
                          f"{' and '.join(strangers)} of its own, which {by} would "
                          "replace; choose another -o", key="output")


def layer_file_names(fmt: str) -> list[str]:
    """Every file name a layer output of format ``fmt`` may write."""
    if fmt == "gpkg":
        return ["layers.gpkg"]
    suffix = LAYER_FILE_FORMATS[fmt][1]
    return [f"{name}{suffix}" for name in (*LAYER_NAMES, *_PERIOD_LAYERS)]


def _check_name_length(path: Path) -> None:
    """Refuse a map name too long for the names written beside it (LONGEST_OUTPUT_NAME)."""
    size = len(os.fsencode(path.name))
    if size > LONGEST_OUTPUT_NAME:
        raise ConfigError(f"expected an output name of at most {LONGEST_OUTPUT_NAME} bytes "
                          f"(its rejects and warnings files, and the temporary names every file "
                          f"is first written under, are up to {_NAME_MAX - LONGEST_OUTPUT_NAME} "
                          f"bytes longer, and a file system takes {_NAME_MAX}), got {size} "
                          f"bytes: {str(path)!r}; choose a shorter name", key="output")


#: The longest file name most file systems take (ext4, XFS, APFS, NTFS: 255 bytes).
_NAME_MAX = 255
#: The longest output name geomap writes: ``m.html``'s companions are
#: ``m.warnings.<16 hex>.csv`` (25 bytes more), staged as ``.<name>.<12 hex>.geomap-tmp``
#: (25 more) and written there through a temporary name of that (25 more); a longer name
#: failed after the work, naming a temporary file.
LONGEST_OUTPUT_NAME = _NAME_MAX - 75


def check_file(path: Path, plan: BuildPlan, inputs: dict[Path, str]) -> None:
    """Refuse one output file: a name not in UTF-8 or holding a NUL, an input, a folder,
    outside the root, not writable."""
    check_path_text(str(path), "output")
    resolved = real(path)
    if resolved in inputs:
        raise ConfigError(f"expected an output that is not {inputs[resolved]}, got "
                          f"{str(path)!r}; choose another output name", key="output")
    if resolved.is_dir():
        raise ConfigError(f"expected a file name for the output, got the folder {str(path)!r}; "
                          "give a file name inside it", key="output")
    check_folder(path.parent, plan)


def check_folder(folder: Path, plan: BuildPlan) -> None:
    """Refuse an output folder outside the plan's root or on a file system we cannot write."""
    resolved = real(folder)
    if plan.roots and not any(resolved.is_relative_to(real(r)) for r in plan.roots):
        inside = " or ".join(repr(str(r)) for r in plan.roots)
        fix = ("write an absolute path in geomap.toml to put outputs elsewhere on purpose"
               if plan.root_kind == "project" else "remove the link or choose another -o")
        raise ConfigError(f"expected outputs inside the {plan.root_kind} folder ({inside}), "
                          f"got {str(folder)!r}, which leads to {str(resolved)!r} (symlinks "
                          f"followed); {fix}", key="output")
    existing = next((p for p in (resolved, *resolved.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise ConfigError(f"expected a folder for outputs at {str(existing)!r}, got a file; "
                          "choose another output", key="output")
    if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        code = errno.EROFS if _read_only(existing) else errno.EACCES
        raise OutputError(describe_os_error(OSError(code, os.strerror(code)), folder))


def _read_only(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


class Publisher:
    """Stages a plan's outputs (checked again one by one) and publishes them together."""

    def __init__(self, plan: BuildPlan) -> None:
        self.plan = plan
        self.inputs = protected_paths(plan)
        self.outputs = OutputSet(protected=self.inputs)
        for path in plan.retire:
            self.outputs.retire(path)

    def stage(self, target: Path, *, keep_suffix: bool = False) -> Path:
        """A temporary path for ``target`` after checking it again."""
        check_file(target, self.plan, self.inputs)
        staged = self.outputs.stage(target, keep_suffix=keep_suffix)
        # the folder held from now on, checked again: a link put there since the check
        check_folder(self.outputs.held_folder(target), self.plan)
        return staged

    def stage_rejects(self, write: Callable[[Path], None], *, warnings: bool = False
                      ) -> Path | None:
        """Write the rejects (``write(path)``) and name the file by its content hash; every
        older rejects file of the same base name is removed once this one is published.
        ``warnings``: the same for the warnings file (rows kept but doubtful) beside it."""
        base = self._base(warnings)
        if base is None:
            return None
        self.outputs.sweep(base.parent, rejects_matcher(base))
        check_folder(base.parent, self.plan)
        staged = self.outputs.stage(base)  # published under the hashed name only
        write(staged)
        target = rejects_name(base, file_digest(staged))
        check_file(target, self.plan, self.inputs)
        self.outputs.retarget(staged, target)
        return target

    def stage_rows(self, rows: list[Reject], *, warnings: bool = False) -> Path | None:
        """Stage the rejected rows (or, with ``warnings``, the rows kept but doubtful) as
        the plan's hashed rejects (or warnings) file; none: earlier ones are removed once
        the outputs are published. The file's path, or ``None``."""
        if not rows:
            self.sweep_rejects(warnings=warnings)
            return None
        return self.stage_rejects(lambda path: write_rejects(rows, path), warnings=warnings)

    def sweep_rejects(self, *, warnings: bool = False) -> None:
        """No rejects (or warnings) this time: remove earlier ones once the outputs are
        published."""
        base = self._base(warnings)
        if base is not None:
            self.outputs.sweep(base.parent, rejects_matcher(base))

    def _base(self, warnings: bool) -> Path | None:
        base = self.plan.rejects
        return warnings_base(base) if warnings and base is not None else base

    def sweep_layers(self, folder: Path, fmt: str) -> None:
        """Remove, once the outputs are published, layer files of format ``fmt`` in
        ``folder`` that an earlier build wrote and this one does not (``relations`` of an
        earlier scenario, ``admin1_by_month`` of an earlier ``--by month``)."""
        names = set(layer_file_names(fmt)) - {"layers.gpkg"}  # one file, always rewritten

        def matches(name: str) -> bool:
            return name in names and is_layer_file(folder / name)

        self.outputs.sweep(folder, matches)


def warnings_base(rejects: Path) -> Path:
    """The warnings file beside a rejects file: ``m.rejects.csv`` -> ``m.warnings.csv``,
    ``rejects.csv`` -> ``warnings.csv``."""
    stem = rejects.stem
    name = stem.removesuffix("rejects") + "warnings" if stem.endswith("rejects") else (
        f"{stem}.warnings")
    return rejects.with_name(name + rejects.suffix)


def is_layer_file(path: Path) -> bool:
    """Whether ``path`` is a layer file geomap wrote: one with geomap's mark
    (:data:`geomap.layers.export.GENERATOR`: a GeoJSON collection's ``"generator"``, a
    GeoParquet file's or each GeoPackage layer's ``generator`` metadata), or one an older
    geomap wrote, before the mark: a GeoJSON collection named after its file, a
    GeoParquet file, or a GeoPackage of layers with geomap's names, whose columns hold
    those every geomap wrote in the layer of its name (:data:`LAYER_COLUMNS`). The shape
    alone is any GDAL export's (QGIS's, geopandas' ``events.geojson``): anything else with
    a layer's name is someone else's file and stays."""
    try:
        if path.suffix == ".parquet":
            schema = pq.read_schema(path)
            metadata = schema.metadata or {}
            return (metadata.get(b"generator") == GENERATOR.encode()
                    or (b"geo" in metadata and _older_layer(path.stem, schema.names)))
        if path.suffix == ".gpkg":
            return _geomap_package(path)
        with path.open("rb") as handle:
            head = handle.read(512)
    except (OSError, ValueError):  # pyarrow's errors are both
        return False
    if re.match(rb'\{\s*"type":\s*"FeatureCollection",\s*"generator":\s*"'
                + GENERATOR.encode() + rb'"', head):
        return True
    name = re.escape(path.stem.encode())
    return (re.match(rb'\{\s*"type":\s*"FeatureCollection",\s*"name":\s*"' + name + rb'"',
                     head) is not None and _older_layer(path.stem, _fields(path)))


def _older_layer(name: str, columns: Sequence[str]) -> bool:
    """Whether ``columns`` hold every column geomap always wrote in layer ``name``."""
    needed = LAYER_COLUMNS.get(name.split("_by_")[0])
    return needed is not None and needed <= set(columns)


def _fields(path: Path, layer: str | None = None) -> list[str]:
    """The attribute names of a file GDAL reads (none when it cannot)."""
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    try:
        return [str(name) for name in pyogrio.read_info(path, layer=layer)["fields"]]
    except (DataSourceError, DataLayerError, OSError):
        return []


def _geomap_package(path: Path) -> bool:
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    try:
        layers = {str(name) for name, _ in pyogrio.list_layers(path)}
        if not layers or not layers <= {*LAYER_NAMES, *_PERIOD_LAYERS}:
            return False
        infos = [pyogrio.read_info(path, layer=name) for name in layers]
    except (DataSourceError, DataLayerError, OSError):
        return False
    return all((info.get("layer_metadata") or {}).get("generator") == GENERATOR
               or _older_layer(name, [str(f) for f in info["fields"]])
               for name, info in zip(layers, infos, strict=True))


#: A rejects or warnings file's name: ``m.rejects.<16 hex>.csv``, ``warnings.<16 hex>.csv``.
_COMPANION = re.compile(r"(?:.+\.)?(?:rejects|warnings)\.[0-9a-f]{16}\.csv")
#: The layer files a folder of sources may hold that geomap wrote, by name.
_LAYER_FILES = frozenset(layer_file_names("geojson"))


def written_by_geomap(path: Path) -> bool:
    """Whether ``path``, found in a folder of sources, is a file geomap wrote there: a
    page (:func:`geomap._files.is_geomap_page`), a rejects or warnings file (its hashed
    name and header), or a GeoJSON layer (:func:`is_layer_file`). A folder given as a
    source leaves them out (:func:`geomap._files.files_in_folder`): a map written into
    the folder it maps was read as an article at the next build, a layer as more events."""
    if _COMPANION.fullmatch(path.name):
        return first_line_is(path, REJECTS_HEADER)
    if path.name in _LAYER_FILES:
        return is_layer_file(path)
    return is_geomap_page(path)


def rejects_name(base: Path, digest: str) -> Path:
    """``out/m.rejects.csv`` and a SHA-256 -> ``out/m.rejects.<first 16 hex>.csv``."""
    return base.with_name(f"{base.stem}.{digest[:16]}{base.suffix}")


def rejects_matcher(base: Path) -> Callable[[str], bool]:
    """Whether a file name is a rejects file of ``base`` (any hash), or the unhashed
    ``base`` name older versions wrote when its first line is a rejects header."""
    pattern = re.compile(rf"{re.escape(base.stem)}\.[0-9a-f]{{16}}{re.escape(base.suffix)}")

    def matches(name: str) -> bool:
        if pattern.fullmatch(name):
            return True
        return name == base.name and first_line_is(base, REJECTS_HEADER)

    return matches


def file_digest(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def rejects_link(rejects: Path, page: Path) -> str:
    """The ``<meta>`` element by which a map names its rejects file (relative to the map)."""
    href = Path(os.path.relpath(rejects, page.parent)).as_posix()
    return f'<meta name="{REJECTS_META}" content="{html.escape(href, quote=True)}">'


def linked_rejects(page: Path) -> Path | None:
    """The rejects file a written map names, or ``None`` (reads the page's head only)."""
    with page.open(encoding="utf-8", errors="replace") as handle:
        head = handle.read(64 * 1024)
    found = re.search(rf'<meta name="{re.escape(REJECTS_META)}" content="([^"]*)">', head)
    return page.parent / html.unescape(found.group(1)) if found else None

