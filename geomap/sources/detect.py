"""Which reader an input gets: :func:`format_of` (suffixes for scenarios and articles, else
:func:`detect_format`, from the content: the file extension is only a tie-breaker).

Formats: ``acled``, ``ucdp``, ``gdelt``, ``geojson``, ``gpkg``, ``csv`` (a generic table
with coordinates or place names), ``scenario`` (YAML) and ``article`` (plain text).
"""

from __future__ import annotations

import codecs
import json
import logging
from pathlib import Path

from geomap._files import bom_encoding
from geomap.errors import FormatError
from geomap.sources._csv import sniff_delimiter
from geomap.sources._encoding import binary_kind

logger = logging.getLogger(__name__)

#: Every input format, in the order they are listed to users; ``geomap.sources.read.READERS``
#: has one reader for each.
FORMATS = ("acled", "ucdp", "gdelt", "geojson", "gpkg", "csv", "scenario", "article")
#: File name suffixes that decide the format by themselves.
SCENARIO_SUFFIXES = (".yaml", ".yml")
ARTICLE_SUFFIXES = (".txt", ".text", ".md")
#: Event datasets whose header is recognised even in a file named like an article.
DATASETS = ("acled", "ucdp", "gdelt")
#: Tab-separated lines at least this wide that start with two numbers are GDELT rows (its
#: reader names the accepted layouts, 57, 58 and 61 fields, for rows of other widths).
GDELT_MIN_WIDTH = 50
_ACLED_MARKERS = {"event_id_cnty", "event_id_no_cnty", "geo_precision", "inter1", "geo_precis"}
_UCDP_MARKERS = {"type_of_violence", "where_prec", "date_prec", "side_a", "dyad_new_id"}
_SCENARIO_KEYS = ("events:", "actors:", "places:", "relations:", "scenario:", "title:",
                  "sources:", "regions:")


def format_of(path: str | Path, requested: str = "auto") -> str:
    """The format ``path`` is read as.

    ``requested`` wins unless it is ``"auto"``. Then ``.yaml``/``.yml`` files are scenarios;
    ``.txt``/``.text``/``.md`` files are articles unless they start with an ACLED, UCDP or
    GDELT header; anything else is detected from its content
    (:func:`detect_format`).

    Raises
    ------
    FormatError
        For a format that is not one of :data:`FORMATS`, or content that fits none.
    """
    path = Path(path)
    fmt = requested.casefold() if requested else "auto"
    if fmt != "auto":
        if fmt not in FORMATS:
            raise FormatError(f"expected a format among auto, {', '.join(FORMATS)}, got "
                              f"{requested!r}", file=str(path))
        return fmt
    suffix = path.suffix.casefold()
    if suffix in SCENARIO_SUFFIXES:
        return "scenario"
    detected = detect_format(path)
    if suffix in ARTICLE_SUFFIXES and detected not in DATASETS:
        return "article"
    logger.info("%s: detected format %s", path, detected)
    return detected


def detect_format(path: str | Path) -> str:
    """Guess the format of ``path`` from its first bytes.

    Parameters
    ----------
    path
        An input file.

    Returns
    -------
    str
        One of :data:`FORMATS`.

    Raises
    ------
    FormatError
        Empty or unreadable files, binary files other than GeoPackages (named: a gzip
        file, a workbook, UTF-16 without its byte-order mark...), or content that fits no
        format.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError as err:
        raise FormatError(f"expected a readable file, got {err}", file=str(path)) from err
    if not head.strip():
        raise FormatError("expected content to detect the format from, got an empty file",
                          file=str(path), hint="Check that the export finished.")
    if head.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    binary = binary_kind(head)
    if binary is not None:
        raise FormatError(f"expected a text file, got {binary[0]}", file=str(path),
                          hint=binary[1])
    text = _text(head)
    return _from_text(text, path.suffix.casefold(), str(path))


def _text(head: bytes) -> str:
    encoding = bom_encoding(head)
    if encoding is not None:
        whole = len(head) - len(head) % 4
        return head[:whole].decode(encoding, errors="replace")
    return head.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace")


def _from_text(text: str, suffix: str, name: str) -> str:
    stripped = text.lstrip()
    if stripped.startswith("{") and _looks_geojson(stripped):
        return "geojson"
    if suffix in (".geojson", ".json"):
        return "geojson"
    if suffix in (".yaml", ".yml") or _looks_yaml(stripped):
        return "scenario"
    first = text.splitlines()[0] if text.splitlines() else ""
    table = _table_format(first)
    if table:
        return table
    if suffix in (".txt", ".md", ".text", "") or len(text.split()) > 3:
        return "article"
    raise FormatError(f"expected a CSV, GeoJSON, GeoPackage, YAML or text file, got "
                      f"{text[:80]!r}", file=name, hint="Pass --input-format to choose the reader.")


def _looks_geojson(text: str) -> bool:
    head = text[:4096].replace(" ", "")
    if '"type":"FeatureCollection"' in head or '"type":"Feature"' in head:
        return True
    try:
        return json.loads(text).get("type") in ("FeatureCollection", "Feature")
    except (ValueError, AttributeError):
        return False


def _looks_yaml(text: str) -> bool:
    lines = [ln for ln in text.splitlines()[:30] if ln.strip() and not ln.startswith("#")]
    return bool(lines) and (lines[0].startswith("---") or lines[0].startswith(_SCENARIO_KEYS))


def _table_format(first: str) -> str | None:
    """acled/ucdp/gdelt/csv from a table's first line, or None if it is not a table."""
    tabs = [t.strip() for t in first.split("\t")]
    if len(tabs) >= GDELT_MIN_WIDTH and ((tabs[0].isdigit() and tabs[1].isdigit())
                                         or tabs[0].casefold() == "globaleventid"):
        return "gdelt"
    delimiter = sniff_delimiter(first)
    if delimiter is None:
        return None
    names = {c.strip().strip('"').casefold() for c in first.split(delimiter)}
    if names & _UCDP_MARKERS:
        return "ucdp"
    if names & _ACLED_MARKERS or {"event_date", "event_type", "actor1"} <= names:
        return "acled"
    return "csv" if _looks_like_header(first, names) else None


def _looks_like_header(line: str, names: set[str]) -> bool:
    """Column names are short; prose has long clauses and ends a sentence."""
    short = all(len(n) <= 64 and len(n.split()) <= 4 for n in names)
    return short and not line.rstrip().endswith((".", "!", "?"))
