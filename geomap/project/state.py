"""A project's incremental state: what each output was built from, and what it wrote.

``.geomap-state.json`` in the project folder (written atomically) holds, per output (the
layer files as one unit, each map, the rejects), a content hash of everything it depends
on — geomap's version, the SHA-256 of every source, the filters and the output's own
settings — and the files written with their SHA-256. An output is rebuilt when its hash
changed or a file is missing; files an earlier run wrote and this run no longer produces
are removed, but only while their content is still what geomap wrote.

A state file that is not what geomap writes (edited by hand, damaged) is an error naming
the problem: run ``geomap build --force`` (or delete the file) to rebuild every output.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from geomap import __version__
from geomap._atomic import atomic_write_text
from geomap.build import SourceReport, SourceSpec
from geomap.build.config import from_table
from geomap.build.outputs import file_digest, real
from geomap.errors import ConfigError, DataError
from geomap.project.schema import Project

try:  # POSIX only; elsewhere concurrent project builds are not serialised
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

STATE_VERSION = 1


@dataclass(frozen=True)
class OutputState:
    """One output: the hash it was built from, its files (relative to the project folder)
    and each file's SHA-256 when written."""

    hash: str
    files: tuple[str, ...] = ()
    sha256: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class State:
    """The whole state file."""

    version: int = STATE_VERSION
    folder: str = ""
    outputs: dict[str, OutputState] = field(default_factory=dict)
    sources: dict[str, SourceReport] = field(default_factory=dict)


def load_state(path: Path) -> State:
    """Read a state file; an empty state when there is none.

    Raises
    ------
    geomap.errors.DataError
        When the file is not a state file geomap wrote (invalid JSON, wrong shape or
        version): the message names the file and the problem, and the fix.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return State(folder=str(path.parent))
    except OSError as err:
        raise _damaged(path, f"unreadable ({err.strerror or err})") from err
    try:
        data = json.loads(text)
        state = from_table(State, data)
    except ValueError as err:  # JSON and ConfigError (a ValueError) alike
        key = f"key {err.key!r}: " if isinstance(err, ConfigError) and err.key else ""
        raise _damaged(path, f"{key}{err}") from err
    if state.version != STATE_VERSION:
        raise _damaged(path, f"expected version {STATE_VERSION}, got {state.version!r}")
    return state


def check_state_file(path: Path) -> None:
    """Refuse, before any work, a state file path that holds something other than a file
    (a folder): the build could not record what it wrote.

    Raises
    ------
    geomap.errors.DataError
        Naming the path and the fix.
    """
    if path.exists() and not path.is_file():
        raise DataError(f"{path}: expected the state file, got a folder or other non-file; "
                        "remove or rename it (geomap writes the file) and build again")


def _damaged(path: Path, problem: str) -> DataError:
    return DataError(f"{path}: not a geomap state file: {problem}. Run `geomap build "
                     "--force` (or delete the file) to rebuild every output")


def save_state(path: Path, state: State) -> None:
    """Write the state file atomically."""
    data = asdict(state) | {"folder": str(path.parent)}
    atomic_write_text(path, json.dumps(data, indent=1, sort_keys=True, default=str) + "\n")


@contextlib.contextmanager
def project_lock(project: Project) -> Iterator[None]:
    """One build of a project at a time: an exclusive ``flock`` on its ``geomap.toml``
    (a file geomap never replaces, so no lock file is needed)."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(project.file, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def output_hashes(project: Project) -> dict[str, str]:
    """One content hash per output: geomap's version, the sources, filters, title and
    regions, and the output's own settings."""
    sources = {str(s.path): _source_hash(s) for s in project.sources}
    common = {"version": __version__, "sources": sources, "filters": asdict(project.filters),
              "title": project.title, "regions": list(project.layers.regions)}
    outputs: dict[str, Any] = {"layers": asdict(project.layers)}
    outputs |= {f"map:{m.name}": asdict(m) for m in project.maps}
    return {key: _hash_json(common | {"output": value}) for key, value in outputs.items()}


def _source_hash(spec: SourceSpec) -> str:
    # an article's date changes what is read from it (written only when set, so that the
    # hashes of the projects without one stay as they were)
    dated = f"date={spec.date.isoformat()}\0" if spec.date else ""
    digest = hashlib.sha256(f"{spec.format}\0{dated}".encode())
    try:
        digest.update(file_digest(spec.path).encode())
    except FileNotFoundError:
        digest.update(b"<missing>")
    return digest.hexdigest()


def _hash_json(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def is_fresh(project: Project, state: State, key: str, digest: str) -> bool:
    """True when ``key`` was built from ``digest`` and its files are all still there."""
    entry = state.outputs.get(key)
    if entry is None or entry.hash != digest:
        return False
    return all((project.folder / f).exists() for f in entry.files)


def recorded(project: Project, files: list[Path]) -> OutputState:
    """The state entry of files just written (paths relative to the project when inside)."""
    names = [relative(p, project.folder) for p in files]
    return OutputState(hash="", files=tuple(names),
                       sha256={n: file_digest(p) for n, p in zip(names, files, strict=True)})


def unchanged_files(project: Project, entry: OutputState) -> list[Path]:
    """The files of an earlier output still as geomap wrote them (safe to remove)."""
    found = []
    for name in entry.files:
        path = project.folder / name
        expected = entry.sha256.get(name)
        try:
            if expected is not None and path.is_file() and file_digest(path) == expected:
                found.append(path)
            elif path.exists():
                logger.warning("keeping %s: changed since geomap wrote it", path)
        except OSError:
            continue
    return found


def relative(path: Path, folder: Path) -> str:
    """``path`` relative to ``folder`` when inside it (symlinks followed), else absolute."""
    resolved = real(path)
    return str(resolved.relative_to(real(folder))) if resolved.is_relative_to(real(folder)) \
        else str(resolved)
