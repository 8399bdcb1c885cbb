"""One entry point for every input: ``read_events(path)``."""

from __future__ import annotations

import importlib
import inspect
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.errors import FormatError
from geomap.sources.detect import FORMATS, detect_format

if TYPE_CHECKING:
    from geomap.sources.report import ReadResult

logger = logging.getLogger(__name__)

#: Readers of formats other modules own: (module, function) candidates, in order,
#: imported only when such a file is read.
_EXTERNAL: dict[str, tuple[tuple[str, str], ...]] = {
    "scenario": (("geomap.sources.scenario", "read_scenario"),),
    "article": (("geomap.extract", "read_events"), ("geomap.pipeline", "read_article")),
}


def read_events(
    path: str | Path,
    input_format: str = "auto",
    *,
    geocoder: Any = None,
    country_hint: str | None = None,
) -> ReadResult:
    """Read any supported input into an events table.

    Parameters
    ----------
    path
        The input file.
    input_format
        ``"auto"`` (detect from the content) or one of ``acled``, ``ucdp``, ``gdelt``,
        ``geojson``, ``gpkg``, ``csv``, ``scenario``, ``article``.
    geocoder
        For tables with place names instead of coordinates (and articles): an object
        with ``resolve(query, country=...)`` returning a :class:`geomap.model.Place`.
        Default: the offline gazetteer.
    country_hint
        ISO alpha-2 code used when a row names no country (place-name tables).

    Returns
    -------
    ReadResult
        ``frame`` with ``EVENT_COLUMNS`` + ``source_line``, the rejects and warnings.

    Raises
    ------
    FormatError
        Unknown format, or a file the chosen reader cannot read as a whole.

    Examples
    --------
    >>> result = read_events("acled_2023.csv")  # doctest: +SKIP
    >>> result.rows_read == result.rows_accepted + result.rows_rejected + result.merged
    True
    """
    path = Path(path)
    fmt = input_format.casefold() if input_format else "auto"
    if fmt == "auto":
        fmt = detect_format(path)
        logger.info("%s: detected format %s", path, fmt)
    if fmt not in FORMATS:
        raise FormatError(f"expected a format among auto, {', '.join(FORMATS)}, got "
                          f"{input_format!r}", file=str(path))
    if fmt in _EXTERNAL:
        return _read_external(fmt, path, geocoder=geocoder, country_hint=country_hint)
    return _read_builtin(fmt, path, geocoder=geocoder, country_hint=country_hint)


def _read_builtin(fmt: str, path: Path, *, geocoder: Any, country_hint: str | None
                  ) -> ReadResult:
    if fmt == "acled":
        from geomap.sources.acled import read_acled

        return read_acled(path)
    if fmt == "ucdp":
        from geomap.sources.ucdp import read_ucdp

        return read_ucdp(path)
    if fmt == "gdelt":
        from geomap.sources.gdelt import read_gdelt

        return read_gdelt(path)
    from geomap.sources.tabular import read_table_events

    return read_table_events(path, fmt, geocoder=geocoder, country_hint=country_hint)


def _read_external(fmt: str, path: Path, *, geocoder: Any, country_hint: str | None
                   ) -> ReadResult:
    """Scenario YAML and plain-text articles are read by other packages' modules."""
    from geomap.sources.report import ReadResult

    function = _find_reader(fmt, path)
    wanted = {"geocoder": geocoder, "country_hint": country_hint}
    accepted = inspect.signature(function).parameters
    kwargs = {k: v for k, v in wanted.items() if k in accepted and v is not None}
    result = function(path, **kwargs)
    if isinstance(result, ReadResult):
        return result
    for attribute in ("read_result", "to_read_result"):
        convert = getattr(result, attribute, None)
        if callable(convert):
            converted = convert()
            if isinstance(converted, ReadResult):
                return converted
    raise FormatError(f"expected {function.__module__}.{function.__name__} to give events, "
                      f"got {type(result).__name__}", file=str(path))


def _find_reader(fmt: str, path: Path) -> Callable[..., Any]:
    """The first importable reader function for ``fmt``, or a FormatError naming them."""
    for module_name, function_name in _EXTERNAL[fmt]:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        function = getattr(module, function_name, None)
        if callable(function):
            return function
    names = ", ".join(f"{m}.{f}" for m, f in _EXTERNAL[fmt])
    raise FormatError(f"expected a reader for {fmt} files ({names}), got none installed",
                      file=str(path), hint="Pass --format to choose another reader.")
