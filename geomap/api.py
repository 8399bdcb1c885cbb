"""The Python API: events, places, article extractions, layers and maps as ordinary objects.

These functions are what ``import geomap`` offers (``geomap.read``, ``geomap.map``...); the
``geomap`` command calls the same library path. They return pandas/geopandas/folium objects
that work in a notebook next to one's own code::

    >>> import geomap
    >>> events = geomap.read(geomap.example_path())
    >>> m = geomap.map(events, title="Mali and Ukraine, 2024")
    >>> geomap.save(m, "out/map.html")                  # doctest: +SKIP

:func:`geocode` and :func:`extract` live in :mod:`geomap._api_light` (re-exported here):
they need neither geopandas nor folium, so the commands that call them start fast.

Tables handed over in Python (a DataFrame or GeoDataFrame) are checked exactly like a
file: they go through the same readers, and rows that cannot be used are reported (their
``line`` is the row's position counting from 1), never silently dropped.
"""

from __future__ import annotations

import logging
import os
import tempfile
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, TypeAlias

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from geomap._api_light import GEOCODE_COLUMNS, GEOCODE_DTYPES, extract, geocode
from geomap._files import lone_surrogate
from geomap.build.config import check_path_text
from geomap.build.inputs import expand_folders, read_all
from geomap.build.plan import (
    INPUT_FORMATS,
    SOURCE_SUFFIXES,
    SourceSpec,
    check_regions,
    render_options,
)
from geomap.build.run import make_bundle
from geomap.errors import ConfigError, FormatError, InputError
from geomap.extract import article_scenario_draft, extract_text
from geomap.extract.dates import article_day
from geomap.layers.bundle import LayerBundle
from geomap.layers.events import events_frame
from geomap.model import Reject
from geomap.render.map import render_map
from geomap.render.output import write_html
from geomap.sources.article import draft_events
from geomap.sources.read import read_events
from geomap.sources.repeats import merge_across
from geomap.sources.report import ReadResult, SourceReport
from geomap.sources.scenario import Scenario, example_path, scenario_events

logger = logging.getLogger(__name__)
#: The files each map made by :func:`map` was drawn from (symlinks resolved): :func:`save`
#: never writes over them (``save(map("events.csv"), "events.csv")`` replaced the data).
_SOURCES: weakref.WeakKeyDictionary[folium.Map, frozenset[Path]] = weakref.WeakKeyDictionary()

__all__ = ["GEOCODE_COLUMNS", "GEOCODE_DTYPES", "example_path", "extract", "geocode", "layers",
           "map", "read", "save"]

#: Something that names files: one path, or several.
Paths: TypeAlias = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]
#: What :func:`map` and :func:`layers` draw.
MapData: TypeAlias = Paths | pd.DataFrame | Scenario | LayerBundle | ReadResult

#: The file name rejects of a table given in Python carry.
FRAME_NAME = "<DataFrame>"


def read(path_or_paths: Paths | pd.DataFrame, format: str = "auto",
         ) -> gpd.GeoDataFrame:
    """Read event files into one GeoDataFrame of points.

    Parameters
    ----------
    path_or_paths
        An ACLED, UCDP GED or GDELT export, a table with coordinates or place names, a
        GeoJSON/GeoPackage file, a scenario YAML or an article; a folder of them (read as
        ``geomap build`` reads one: recursively, sorted, hidden files skipped); or a list
        of them. A DataFrame or GeoDataFrame is checked like a file (its rejects name the
        file ``"<DataFrame>"`` and the row's position, counting from 1, as the line).
    format
        ``"auto"`` (detected from the content) or one of ``acled``, ``ucdp``, ``gdelt``,
        ``geojson``, ``gpkg``, ``csv``, ``scenario``, ``article``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per event with the columns of ``geomap.model.EVENT_COLUMNS`` (plus
        ``source_line``), points in EPSG:4326. ``.attrs["rejects"]`` lists the rows that
        could not be used (:class:`geomap.model.Reject`: file, line, field, reason);
        ``.attrs["sources"]`` counts rows read, accepted and rejected per file. An event
        that two files hold (the same ACLED, UCDP or GDELT id and content) is read once,
        from the first; with other content the later row is a reject naming the first.

    Raises
    ------
    geomap.errors.InputError
        When a file cannot be read at all (the message names file, line and field).

    Examples
    --------
    >>> events = read(example_path())
    >>> len(events) > 0, events.crs.to_epsg()
    (True, 4326)
    >>> sorted(events.attrs)
    ['rejects', 'sources']
    """
    if isinstance(path_or_paths, pd.DataFrame):
        return _events_of([frame_events(path_or_paths, format)])
    # an event in two of the files counts once (geomap.sources.repeats), as in a build
    return _events_of(merge_across([_read_file(path, format)
                                    for path in expand_folders(_paths(path_or_paths))]))


def layers(events: MapData, regions: Sequence[str] = (), *, title: str | None = None,
           format: str = "auto", date: date | None = None) -> LayerBundle:
    """Attach events to countries, provinces and named regions; count actors and relations.

    Parameters
    ----------
    events
        Paths, a DataFrame/GeoDataFrame of events (checked like a file), a scenario, or the
        text of an article.
    regions
        Named regions to aggregate besides countries and provinces (``"sahel"``,
        ``"donbas"``; see ``geomap/data/regions.yaml``).
    title
        The layers' title; default the scenario's, or one made from the data.
    format
        The format of the files or table (as in :func:`read`); default detected.
    date
        The date relative dates in articles ("on Tuesday") resolve against; by default a
        full date near the top of each article, if there is one.

    Returns
    -------
    geomap.layers.bundle.LayerBundle
        ``.events``, ``.admin1``, ``.admin0``, ``.regions``, ``.actors`` and
        ``.relations`` as GeoDataFrames in EPSG:4326; ``.rejects`` lists the rows that
        could not be used (file, line, field, reason), ``.inputs`` what each source gave
        (a file that cannot be read is reported there, and the others are still used).

    Raises
    ------
    geomap.errors.InputError
        When no source gave anything to draw, with each source's reason.

    Examples
    --------
    >>> bundle = layers(example_path(), regions=["sahel"])
    >>> int(bundle.admin0.set_index("code").loc["ML", "events"]) > 0
    True
    >>> [source.line() for source in bundle.inputs]
    ['mali_ukraine_2024.yaml: 11 rows read, 11 accepted, 0 rejected (scenario)']
    """
    if isinstance(events, LayerBundle):
        return events
    if not isinstance(regions, str | Iterable):  # 5: a TypeError traceback
        raise ConfigError(f"expected named region ids (['sahel']), got "
                          f"{type(regions).__name__} {regions!r}", key="regions")
    regions = (regions,) if isinstance(regions, str) else tuple(regions)
    check_regions(regions)
    if title is not None and not isinstance(title, str):  # a number was kept as the title
        raise ConfigError(f"expected 'title' as text, got {type(title).__name__} {title!r}",
                          key="title")
    article_day(date)  # checked before any work, not only when an article needs it
    results, reports = _read_all(events, format, date)
    return make_bundle(results, reports, title=title, regions=regions)


def _report_rejects(results: list[ReadResult]) -> None:
    """Say how many rows could not be used, and the first reasons (never drop them silently)."""
    rejects = [reject for r in results for reject in r.rejects]
    if rejects:
        first = " | ".join(str(r) for r in rejects[:3])
        logger.warning("%d rows could not be used and are left out (first: %s); "
                       "geomap.read(...).attrs['rejects'] lists them all", len(rejects), first)


def map(data: MapData, **options: Any) -> folium.Map:
    """Draw events, a scenario, layers or an article on an interactive map.

    Parameters
    ----------
    data
        Paths (event files, scenario YAML, articles), a DataFrame/GeoDataFrame of events
        (checked like a file: bad rows are reported, not dropped silently), a
        :class:`~geomap.sources.scenario.Scenario`, a
        :class:`~geomap.layers.bundle.LayerBundle` from :func:`layers`, or an article's
        text.
    **options
        Options of :class:`geomap.render.options.RenderOptions`: ``title``, ``offline``
        (default ``True``: a self-contained page with a vector basemap that needs no
        network), ``tiles``, ``time_filter``, ``modes``, ``width``, ``height``...;
        ``regions`` (named regions to draw, as in :func:`layers`).

    Returns
    -------
    folium.Map
        Shown inline by Jupyter; :func:`save` writes it.

    Raises
    ------
    geomap.errors.ConfigError
        For an unknown option (with the close match) or a bad value.

    Examples
    --------
    >>> m = map(example_path(), title="Mali and Ukraine")
    >>> type(m).__name__
    'Map'
    """
    regions = tuple(options.pop("regions", ()))
    settings = render_options(options, where="options", offline=options.get("offline", True),
                              title=options.get("title"))
    bundle = layers(data, regions)
    if bundle is not data:  # a bundle given carries its rejects (``bundle.rejects``)
        _report_rejects(bundle.reads)
    m = render_map(bundle, settings)
    _SOURCES[m] = frozenset(Path(os.path.realpath(i.path)) for i in bundle.inputs if i.path)
    return m


def save(m: folium.Map, path: str | os.PathLike[str], *, offline: bool | None = None,
         fragment: bool = False) -> Path:
    """Write a map made by :func:`map` as an HTML page (or fragment), atomically.

    Parameters
    ----------
    m
        The map.
    path
        The file to write; parent folders are created. An existing file is replaced only
        once the new one is complete.
    offline
        ``True``: one self-contained page (every script and style inlined, no network
        needed); ``False``: a smaller page that loads its libraries from the internet;
        ``None``: what the map was made for.
    fragment
        Write an HTML fragment to paste into a host page (several fit on one page).

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    geomap.errors.ConfigError
        When ``path`` is a folder.
    geomap.errors.RenderError
        With ``offline=True`` for a map made with ``offline=False``: its web tiles need the
        network (make the map offline instead). Nothing is written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> save(map(example_path()), folder / "map.html").name
    'map.html'
    """
    if not isinstance(m, folium.Map):  # None was a TypeError from a weak reference
        raise ConfigError(f"expected a map made by geomap.map, got {type(m).__name__} "
                          f"{str(m)[:80]!r}", key="m")
    if not isinstance(path, str | os.PathLike) or isinstance(os.fspath(path), bytes):
        raise ConfigError(f"expected a file name as text or a path, got "
                          f"{type(path).__name__} {path!r}", key="path")
    for key, value in (("offline", offline), ("fragment", fragment)):
        if not (isinstance(value, bool) or (key == "offline" and value is None)):
            raise ConfigError(f"expected {key!r} True or False, got {type(value).__name__} "
                              f"{value!r}", key=key)  # "no" was true
    target = Path(check_path_text(os.fspath(path), "path"))
    if target.is_dir():
        raise ConfigError(f"expected a file name for the map, got the folder {str(target)!r}; "
                          "give a file name inside it", key="path")
    if Path(os.path.realpath(target)) in _SOURCES.get(m, frozenset()):
        raise ConfigError(f"expected a file that is not a source of the map, got "
                          f"{str(target)!r}; choose another file name", key="path")
    return write_html(m, target, offline=offline, fragment=fragment)


def _paths(given: Paths) -> list[Path]:
    """One path or several (a list, a tuple, ``Path.glob``'s generator), as a list of
    paths; anything else is a ConfigError (None, bytes, a number were TypeError
    tracebacks; a dict was read as the file names of its keys)."""
    if _is_path(given):
        return [_path(given)]  # type: ignore[arg-type]
    if isinstance(given, Iterable) and not isinstance(given, bytes | bytearray | str | Mapping):
        items = list(given)
        if items and all(_is_path(item) for item in items):
            return [_path(item) for item in items]
        shown = items[:3]
    else:
        shown = given  # type: ignore[assignment]
    raise ConfigError(f"expected a path or paths (str or os.PathLike, or a list of them), "
                      f"got {type(given).__name__} {str(shown)[:80]}", key="paths")


def _path(value: str | os.PathLike[str]) -> Path:
    """A path given, never an empty text: ``Path("")`` is the current folder, whose every
    file ``geomap.read("")`` read (a variable left empty)."""
    if not os.fspath(value):
        raise ConfigError("expected a path, got an empty one: '' names no file", key="paths")
    return Path(value)


def _is_path(value: object) -> bool:
    return isinstance(value, str) or (isinstance(value, os.PathLike)
                                      and isinstance(os.fspath(value), str))


def _read_file(path: Path, format: str) -> ReadResult:
    if format not in INPUT_FORMATS:
        raise ConfigError(f"expected a format among {list(INPUT_FORMATS)}, got {format!r}",
                          key="format")
    check_path_text(str(path), "path")  # a UnicodeEncodeError or ValueError traceback
    if not path.is_file():
        raise InputError(f"expected an existing file, got {str(path)!r}", file=str(path))
    return read_events(path, format)


def _events_of(results: list[ReadResult]) -> gpd.GeoDataFrame:
    """The events of several readers' results as one GeoDataFrame, rejects in ``attrs``."""
    frames = [r.frame for r in results if len(r.frame)]
    table = pd.concat(frames, ignore_index=True) if frames else results[0].frame
    events = events_frame(table)
    events.attrs["rejects"] = [reject for r in results for reject in r.rejects]
    events.attrs["sources"] = [r.summary() for r in results]
    return events


def _read_all(data: Paths | pd.DataFrame | Scenario | ReadResult, format: str,
              article_date: date | None) -> tuple[list[ReadResult], list[SourceReport]]:
    """What the readers make of any input :func:`layers` takes, with a report per source;
    files go through the build's reading (a file that cannot be read is reported)."""
    if isinstance(data, ReadResult):
        result = data
    elif isinstance(data, Scenario):
        result = scenario_events(data, data.title or "scenario")
    elif isinstance(data, pd.DataFrame):
        result = frame_events(data, format)  # checked like a file
    elif isinstance(data, str) and _is_text(data):
        result = article_events(data, article_date)
    else:
        return read_all(tuple(SourceSpec(path, format) for path in expand_folders(_paths(data))),
                        article_date)
    return [result], [SourceReport.of(result.source, result.source, result)]


def _is_text(data: str) -> bool:
    """Whether a string is an article's text rather than a file name: several lines, or
    longer than a file name may be, or words that name nothing there and end unlike a
    source file. One word, or a name ending like ``.csv``, is a file name, there or not
    (a mistyped ``"acled.csv"`` was drawn as an article of one word: an empty map, and not
    a word said)."""
    if "\n" in data or len(data) > 255:
        return True
    path = Path(data)
    return (not path.exists() and any(c.isspace() for c in data)
            and not data.casefold().endswith(SOURCE_SUFFIXES))


def article_events(text: str, article_date: date | None = None) -> ReadResult:
    """The events, places and actors of an article's text, as a reader's result.

    Raises
    ------
    geomap.errors.InputError
        For a text holding a lone surrogate (``"\\ud800"``): no map can hold it (its
        draft scenario failed as broken YAML, or with a yaml ``ScannerError`` traceback);
        or a NUL, which layer files cut the text at (it was named as a field of the
        draft, on a line of the draft).
    """
    fault = lone_surrogate(text)
    if fault is not None:
        raise InputError(f"expected text, got a lone surrogate (character {fault + 1}) "
                         f"in {text[max(fault - 40, 0):fault + 40]!r}; it is "
                         "no character: remove it", file="<article text>")
    nul = text.find("\x00")
    if nul >= 0:  # named as the article's, not as a field of its draft scenario
        raise InputError(f"expected text, got a NUL byte (character {nul + 1}) in "
                         f"{text[max(nul - 40, 0):nul + 40]!r}; layer files cut the text "
                         "there: remove it", file="<article text>",
                         line=text.count("\n", 0, nul) + 1)
    extraction = extract_text(text, article_date=article_date)
    return draft_events(*article_scenario_draft(extraction, None), "article")


def frame_events(frame: pd.DataFrame, format: str = "auto") -> ReadResult:
    """Check a table given in Python exactly like a file, through the same reader.

    The table is written to a temporary CSV and read back with the reader its columns
    call for (ACLED, UCDP, GDELT or a generic table). Rejects name the file
    ``"<DataFrame>"`` and, as ``line``, the row's position counting from 1.
    """
    table = _plain_table(frame)
    if len(table.columns) < 2:  # no file of one column tells a table from text
        raise FormatError(
            f"expected a table with a date and coordinates or a place name, got "
            f"{len(table.columns)} column(s) {[str(c) for c in table.columns][:5]}",
            file=FRAME_NAME, hint="Give event_date and latitude/longitude (or location) "
            "columns; an ACLED, UCDP or GDELT table keeps its own.")
    unfit = _lone_surrogates(table)
    kept = np.setdiff1d(np.arange(len(table)), [row for row, _ in unfit])  # rows written
    table = table.iloc[kept].reset_index(drop=True) if unfit else table
    starts = _row_starts(table)
    with tempfile.TemporaryDirectory(prefix="geomap-frame-") as folder:
        path = Path(folder) / "events.csv"
        table.to_csv(path, index=False, date_format="%Y-%m-%d")
        try:
            result = read_events(path, "csv" if format == "auto" and _generic(table)
                                 else format)
        except InputError as err:  # it named the temporary file, gone once raised
            row = _row_reject(Reject(str(path), err.line, None, ""), starts, kept).line
            raise type(err)(err.reason.replace(str(path), FRAME_NAME), file=FRAME_NAME,
                            line=row, field=err.field,
                            hint=err.hint) from err
    result.rejects = [_row_reject(r, starts, kept) for r in result.rejects]
    result.rejects += [reject for _, reject in unfit]
    result.rows_read += len(unfit)
    result.warnings = [_row_reject(r, starts, kept) for r in result.warnings]
    if "source_line" in result.frame.columns:
        lines = result.frame["source_line"].to_numpy()
        result.frame["source_line"] = kept[np.searchsorted(starts, lines, side="right") - 1] + 1
    result.source = FRAME_NAME
    return result


def _lone_surrogates(table: pd.DataFrame) -> list[tuple[int, Reject]]:
    """A reject for each row with a text holding a lone surrogate (``"\\ud800"``, no
    character: no file can hold it, and writing the table failed with a
    ``UnicodeEncodeError``), naming its position from 1 and its first such field."""
    found: dict[int, Reject] = {}
    for column in table.columns:
        if not pd.api.types.is_object_dtype(table[column]):
            continue  # pandas' own text columns cannot hold one
        for row, value in enumerate(table[column].tolist()):
            if row in found or not isinstance(value, str):
                continue
            at = lone_surrogate(value)
            if at is not None:
                found[row] = Reject(FRAME_NAME, row + 1, str(column),
                                    f"expected text, got a lone surrogate (character {at + 1}) "
                                    f"in {value[:120]!r}; it is no character: remove it")
    return sorted(found.items())


def _plain_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A table of text and numbers: a GeoDataFrame's points become latitude/longitude."""
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame.columns:
        return pd.DataFrame(frame).reset_index(drop=True)
    points = frame.to_crs(4326) if frame.crs is not None else frame
    table = pd.DataFrame(points.drop(columns=points.geometry.name)).reset_index(drop=True)
    if not {"latitude", "longitude"} <= set(table.columns):
        is_point = (points.geom_type == "Point").to_numpy()
        table["latitude"] = np.where(is_point, points.geometry.y, np.nan)
        table["longitude"] = np.where(is_point, points.geometry.x, np.nan)
    return table


def _generic(table: pd.DataFrame) -> bool:
    """A table geomap wrote itself (``geomap.read``'s columns) is read as a generic table:
    its ``dataset`` column says where each row came from."""
    return {"event_date", "latitude", "longitude", "dataset"} <= set(table.columns)


def _row_starts(table: pd.DataFrame) -> np.ndarray:
    """The CSV line on which each row starts (line 1 is the header): a cell's line breaks
    push the rows after it down."""
    breaks = np.zeros(len(table), dtype=np.int64)
    for column in table.columns:
        if pd.api.types.is_object_dtype(table[column]) or pd.api.types.is_string_dtype(
                table[column]):
            counts = table[column].astype(str).str.count("\n")
            breaks += counts.fillna(0).to_numpy(dtype=np.int64)
    before = np.concatenate(([0], np.cumsum(breaks)[:-1])).astype(np.int64)
    return 2 + np.arange(len(table), dtype=np.int64) + before


def _row_reject(reject: Reject, starts: np.ndarray, kept: np.ndarray) -> Reject:
    """``reject`` of the written table's ``line``, naming the given table's row (from 1)."""
    row = None if reject.line is None else int(np.searchsorted(starts, reject.line,
                                                               side="right"))
    return replace(reject, file=FRAME_NAME, line=int(kept[row - 1]) + 1 if row else None)
