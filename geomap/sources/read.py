"""One entry point for every input: ``read_events(path)``."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.errors import FormatError
from geomap.sources.detect import FORMATS, detect_format

if TYPE_CHECKING:
    from geomap.sources.report import ReadResult

logger = logging.getLogger(__name__)

#: Readers of the other helpers' formats: (module, function), imported when needed.
_EXTERNAL = {
    "scenario": ("geomap.sources.scenario", ("read_scenario", "load_scenario")),
    "article": ("geomap.extract", ("read_events", "article_events")),
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

    module_name, names = _EXTERNAL[fmt]
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        raise FormatError(f"expected a reader for {fmt} files ({module_name}), got none "
                          "installed", file=str(path),
                          hint="Pass --format for another reader.") from err
    function_name = next((n for n in names if callable(getattr(module, n, None))), None)
    if function_name is None:
        raise FormatError(f"expected a reader for {fmt} files ({module_name}."
                          f"{' or '.join(names)}), got none", file=str(path),
                          hint="Pass --format for another reader.")
    function = getattr(module, function_name)
    kwargs: dict[str, Any] = {}
    if fmt == "article":
        kwargs = {"geocoder": geocoder, "country_hint": country_hint}
    result = function(path, **kwargs)
    if isinstance(result, ReadResult):
        return result
    for attribute in ("read_result", "to_read_result"):
        convert = getattr(result, attribute, None)
        if callable(convert):
            converted = convert()
            if isinstance(converted, ReadResult):
                return converted
    raise FormatError(f"expected {module_name}.{function_name} to give events, got "
                      f"{type(result).__name__}", file=str(path))
