"""Reading a plan's sources: one reader per format, and a report per source.

A source whose whole file cannot be read (wrong format, broken YAML) does not stop the
build: it is reported with the reason and the other sources are still mapped. So is a
source that gave no events (only a header, or every row rejected). The build's exit code
says that some inputs failed (:attr:`geomap.build.run.BuildReport.exit_code`).
"""

from __future__ import annotations

import filecmp
import logging
import os
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from geomap._files import files_in_folder, special_file_kind
from geomap.build.config import check_path_text
from geomap.build.outputs import written_by_geomap
from geomap.build.plan import SOURCE_SUFFIXES, SourceSpec
from geomap.errors import ConfigError, InputError
from geomap.extract.reader import ARTICLE_SUFFIXES
from geomap.sources.article import read_article_events
from geomap.sources.read import read_events
from geomap.sources.repeats import merge_across
from geomap.sources.report import ReadResult, SourceReport
from geomap.sources.scenario import Scenario

logger = logging.getLogger(__name__)


#: What a folder given as a source holds that is read: every source suffix and every
#: article a folder given to ``geomap extract`` holds (``.html``, no suffix).
FOLDER_SUFFIXES = frozenset(SOURCE_SUFFIXES) | ARTICLE_SUFFIXES


def expand_folders(paths: Iterable[Path]) -> list[Path]:
    """``paths`` with each folder replaced by the sources in it (recursively, in sorted
    order, hidden files skipped; :data:`FOLDER_SUFFIXES`), as ``geomap extract`` reads a
    folder of articles. Files of other kinds are left out and named in one warning per
    folder.

    Raises
    ------
    geomap.errors.InputError
        For a folder that holds no source, naming it.
    """
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        kept, others = files_in_folder(path, FOLDER_SUFFIXES, "sources", written_by_geomap)
        if not kept:
            raise InputError("expected a folder holding sources, got one holding none "
                             f"({len(others)} other file(s))", file=path,
                             hint="sources end in " + ", ".join(sorted(
                                 s for s in FOLDER_SUFFIXES if s)) + " (or have no suffix)")
        found += kept
    return found


def check_sources(sources: Iterable[SourceSpec], where: str = "sources",
                  keys: Sequence[str] | None = None) -> None:
    """Refuse, before any work, a source that exists but is not a regular file, or whose
    name is not UTF-8 or holds a NUL (:func:`~geomap.build.config.check_path_text`).

    ``/dev/zero``, a pipe or a socket would be read (or hashed) without end, and a folder
    is not a source. A missing file is left to the build, which reports it per source.

    Raises
    ------
    geomap.errors.ConfigError
        Naming the source, what it is and the fix; ``key`` is ``<where>[i].path``, or
        ``keys[i]`` where given (a project's folder entry stands for several sources).
    """
    seen: dict[tuple[int, int], tuple[int, Path]] = {}
    by_size: dict[int, list[Path]] = {}
    for i, spec in enumerate(sources):
        key = keys[i] if keys is not None else f"{where}[{i}].path"
        check_path_text(str(spec.path), key)
        kind = special_file_kind(Path(spec.path))
        if kind is not None:  # a folder here: a project's source or the API's
            fix = ("give the folder to `geomap build`, or read it with `geomap.read`"
                   if kind == "a folder" else "save the data to a file and give that")
            raise ConfigError(f"expected a regular file as source, got {kind} "
                              f"{str(spec.path)!r}; {fix}", key=key)
        try:
            found = os.stat(spec.path)
        except (OSError, ValueError):
            continue  # missing: reported by the build, per source
        first = seen.setdefault((found.st_dev, found.st_ino), (i, Path(spec.path)))
        if first[0] != i:  # its events were all "repeats" of themselves, the source failed
            also = "" if str(first[1]) == str(spec.path) else f" (as {str(first[1])!r})"
            raise ConfigError(f"expected each source once, got {str(spec.path)!r} again"
                              f"{also}; give it once", key=key)
        _check_copies(Path(spec.path), by_size.setdefault(found.st_size, []), key)


def _check_copies(path: Path, same_size: list[Path], key: str) -> None:
    """Refuse ``path`` when it holds the same bytes as an earlier source of its size (an
    article saved twice, ``a.txt`` and ``a (1).txt``: every event, toll and relation of it
    was mapped twice, exit 0; tables and scenarios have no ids that tell). Only files of
    one size are compared, up to their first difference; empty files are the readers'."""
    if same_size and path.stat().st_size:
        for earlier in same_size:
            try:
                same = filecmp.cmp(earlier, path, shallow=False)
            except OSError:
                continue  # unreadable: reported by the build, per source
            if same:
                raise ConfigError(f"expected each source once, got {str(path)!r} with the "
                                  f"same content as {str(earlier)!r}; give one of them",
                                  key=key)
    same_size.append(path)


def read_source(spec: SourceSpec, article_date: date | None = None) -> ReadResult:
    """Read one source with the reader its format calls for
    (:func:`geomap.sources.read.read_events`); an article is dated by its spec's ``date``,
    else by ``article_date``.

    Raises
    ------
    geomap.errors.InputError
        When the file as a whole cannot be read (the message names file, line and field).
    """
    return read_events(spec.path, spec.format, article_date=spec.date or article_date)


def read_article(path: Path, article_date: date | None = None) -> ReadResult:
    """Map an article (:func:`geomap.sources.article.read_article_events`)."""
    return read_article_events(path, article_date=article_date)


def read_all(sources: tuple[SourceSpec, ...], article_date: date | None = None,
             ) -> tuple[list[ReadResult], list[SourceReport]]:
    """Read every source; a failed one is reported (and left out), never silently dropped.

    An event that a later source repeats is counted once, or rejected there when the two
    disagree (:func:`geomap.sources.repeats.merge_across`).

    Raises
    ------
    geomap.errors.ConfigError
        Before reading, for a source that is not a regular file (:func:`check_sources`).
    """
    check_sources(sources)
    read: list[tuple[SourceSpec, ReadResult | str]] = []
    for spec in sources:
        try:
            read.append((spec, read_source(spec, article_date)))
        except InputError as err:
            logger.warning("%s", err)
            read.append((spec, f"not read: {err}"))
    # an event in two sources counts once (geomap.sources.repeats)
    results = merge_across([found for _, found in read if isinstance(found, ReadResult)])
    reports, done = [], iter(results)
    for spec, found in read:
        if isinstance(found, str):
            reports.append(SourceReport(spec.name, str(spec.path), spec.format, 0, 0, 0,
                                        problem=found))
            continue
        result = next(done)
        logger.info("%s", result.summary())
        reports.append(report_for(spec, result))
    return results, reports


def report_for(spec: SourceSpec, result: ReadResult) -> SourceReport:
    """The report of one read source, with the reason when it gave no events."""
    return SourceReport.of(spec.name, str(spec.path), result)


def scenario_of(result: ReadResult) -> Scenario | None:
    """The scenario a result carries (scenario files and articles), if any."""
    return result.scenario
