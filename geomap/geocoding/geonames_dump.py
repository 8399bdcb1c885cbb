"""Import a GeoNames dump the user downloaded into the local index (village-level coverage).

Reads the GeoNames ``geoname`` table format (``allCountries.txt``, a country file such as
``ML.txt``, or ``cities500.txt``; tab-separated, 19 columns, optionally inside a ``.zip``)
and writes an extra index layer to ``<cache>/gazetteer/imports/<name>/``.  The gazetteer
consults every imported layer after the base layer; a place present in both (same GeoNames
id) counts once.
"""

from __future__ import annotations

import logging
import re
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from geomap._files import decode_line, special_file_kind
from geomap.errors import ConfigError, InputError
from geomap.geocoding._layer import KIND_CODES, Layer, LayerData, write_layer
from geomap.geocoding.build import NAMES_AT_ONCE, add_many_names, build_index, gazetteer_dir
from geomap.model import PlaceKind, Reject
from geomap.precision import Precision

log = logging.getLogger(__name__)

COLUMNS = 19
#: Feature classes imported by default: populated places (P) and administrative areas (A).
DEFAULT_CLASSES = "PA"
_COUNTRY_CODES = {"PCLI", "PCLD", "PCLF", "PCLS", "PCL", "PCLIX", "TERR"}


@dataclass
class ImportReport:
    """What an import read, kept and rejected."""

    source: str
    layer: Path
    rows_read: int = 0
    places: int = 0
    skipped_classes: int = 0
    rejects: list[Reject] = field(default_factory=list)
    #: Lines that were not UTF-8, decoded as cp1252 (the first 1000).
    legacy_lines: list[int] = field(default_factory=list)
    legacy_count: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{self.source}: {self.rows_read} rows read, {self.places} places imported, "
                f"{self.skipped_classes} skipped (feature class), {len(self.rejects)} rejected"
                f"{self.legacy_note()}; layer {self.layer}")

    def legacy_note(self) -> str:
        """``, N line(s) not UTF-8, decoded as cp1252 (lines ...)``, or nothing."""
        if not self.legacy_count:
            return ""
        lines = ", ".join(map(str, self.legacy_lines[:5]))
        more = " ..." if self.legacy_count > 5 else ""
        plural = "s" if self.legacy_count > 1 else ""
        return (f", {self.legacy_count} line(s) not UTF-8, decoded as cp1252 "
                f"(line{plural} {lines}{more})")


def classify(feature_class: str, feature_code: str) -> tuple[PlaceKind, Precision]:
    """GeoNames feature class/code -> geomap kind and precision."""
    if feature_class == "P":
        return PlaceKind.POPULATED_PLACE, Precision.EXACT
    if feature_class == "A":
        if feature_code == "ADM1":
            return PlaceKind.ADMIN1, Precision.ADM1
        if feature_code == "ADM2":
            return PlaceKind.ADMIN2, Precision.ADM2
        if feature_code in _COUNTRY_CODES:
            return PlaceKind.COUNTRY, Precision.COUNTRY
        return PlaceKind.OTHER, Precision.ADM2
    if feature_class == "H":
        return PlaceKind.WATER, Precision.WATER
    return PlaceKind.OTHER, Precision.NEAR


def layer_name(path: Path) -> str:
    """A safe folder name for the layer made from ``path`` (``ML.txt`` -> ``ML``)."""
    stem = path.name.split(".")[0] or "dump"
    return re.sub(r"[^A-Za-z0-9_-]+", "_", stem)[:64]


#: A layer's name: a folder under the imports, never a path.
_LAYER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def import_dump(path: str | Path, *, root: Path | None = None, classes: str = DEFAULT_CLASSES,
                name: str | None = None) -> ImportReport:
    """Import a GeoNames dump into the local index.

    Parameters
    ----------
    path
        ``allCountries.txt``, ``ML.txt``, ``cities500.txt`` or a ``.zip`` holding one.
    root
        Cache folder (default: ``$GEOMAP_CACHE_DIR`` or ``~/.cache/geomap``).
    classes
        GeoNames feature classes to keep (``"PA"``: places and admin areas; ``"all"``).
    name
        Layer name; defaults to the file's stem.  Importing the same name again replaces it.

    Returns
    -------
    ImportReport

    Raises
    ------
    ConfigError
        When ``name`` is no plain name (a path, ``..``).
    InputError
        When the file does not exist, no row has the GeoNames layout, or a ``.zip`` is no
        whole archive (a download cut short: it was a ``BadZipFile`` or ``zlib.error``
        traceback).
    """
    if name is not None and not _LAYER_NAME.fullmatch(name):
        # joined as it came, "/any/folder" or "../.." named a folder the layer replaced whole
        raise ConfigError(f"expected a layer name of letters, digits, '-' and '_' (at most "
                          f"64, such as ML), got {name!r}", key="name")
    source = Path(path)
    if not source.is_file():  # a device or a pipe exists, but is no dump: say what it is
        what = special_file_kind(source) or "not found"
        raise InputError(f"expected a GeoNames dump file, got {str(source)!r} ({what})",
                         file=source, hint="Download e.g. ML.zip from download.geonames.org.")
    started = time.perf_counter()
    base = Layer(build_index(root))
    folder = gazetteer_dir(root) / "imports" / (name or layer_name(source))
    report = ImportReport(source=str(source), layer=folder)
    keep = None if classes.lower() == "all" else set(classes.upper())
    data = _new_layer_data(base, source)
    with _open_bytes(source) as handle:
        try:
            _read_rows(handle, data, report, keep, base)
        except (zipfile.BadZipFile, zlib.error, EOFError) as err:  # a damaged archive
            raise InputError(f"expected a whole zip archive, got one damaged after "
                             f"{report.rows_read:,} rows ({err})", file=source,
                             hint=_DOWNLOAD_AGAIN) from err
    if report.places == 0:
        raise InputError(
            f"expected rows in GeoNames format ({COLUMNS} tab-separated columns), "
            f"got none usable in {report.rows_read} rows",
            file=source, hint="Pass allCountries.txt, a country file (ML.txt) or citiesN.txt.",
        )
    if report.legacy_count:
        log.warning("%s: expected UTF-8, got%s; check the accented names", source,
                    report.legacy_note().removeprefix(","))
    write_layer(data, folder)
    report.seconds = time.perf_counter() - started
    log.info("%s", report.summary())
    return report


def _new_layer_data(base: Layer, source: Path) -> LayerData:
    data = LayerData()
    data.meta = {"source": str(source), "countries": list(base.countries),
                 "admin1": [list(entry) for entry in base.admin1], "notes": {}, "regions": {}}
    return data


#: What to do about a damaged archive: a download cut short, or an error page saved as .zip.
_DOWNLOAD_AGAIN = ("Download it again (a download cut short, or a web page saved under the "
                   "zip's name, is no whole archive), or give the .txt inside it.")


def _open_bytes(path: Path) -> IO[bytes]:
    """The dump's lines as bytes, decoded by :func:`_read_rows` one at a time (UTF-8 where
    valid, cp1252 elsewhere, named: ``errors="replace"`` rewrote them without a word)."""
    if path.suffix.lower() != ".zip":
        return path.open("rb")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as err:
        raise InputError(f"expected a zip archive, got a file that is none ({err})", file=path,
                         hint=_DOWNLOAD_AGAIN) from err
    members = [m for m in archive.namelist() if m.endswith(".txt") and "readme" not in m.lower()]
    if not members:
        raise InputError("expected a .txt GeoNames dump inside the zip, got none", file=path)
    return archive.open(members[0])


def _read_rows(handle: IO[bytes], data: LayerData, report: ImportReport,
               keep: set[str] | None, base: Layer) -> None:
    country_index = {code: i for i, code in enumerate(data.meta["countries"])}
    admin1_index = {entry[0]: i for i, entry in enumerate(data.meta["admin1"])}
    names: list[tuple[int, str, list[str]]] = []
    for number, raw in enumerate(_lines(handle), start=1):
        report.rows_read += 1
        line, is_utf8 = decode_line(raw)
        if not is_utf8:
            report.legacy_count += 1
            if len(report.legacy_lines) < 1000:
                report.legacy_lines.append(number)
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) != COLUMNS:
            _reject(report, number, None, f"expected {COLUMNS} columns, got {len(fields)}", line)
            continue
        if keep is not None and fields[6] not in keep:
            report.skipped_classes += 1
            continue
        entry = _add_row(data, report, number, fields, country_index, admin1_index)
        if entry is not None:
            names.append(entry)
        if len(names) >= NAMES_AT_ONCE:  # keyed in bulk, a batch at a time
            add_many_names(data, names)
            names.clear()
    add_many_names(data, names)


def _lines(handle: IO[bytes]) -> Iterator[bytes]:
    """The dump's lines, ending at ``\n``, ``\r\n`` or a bare ``\r`` (an old Mac's line
    end, which text mode split at too)."""
    for raw in handle:
        body = raw[:-1] if raw.endswith(b"\n") else raw
        body = body[:-1] if body.endswith(b"\r") else body
        yield from body.split(b"\r") if b"\r" in body else (body,)


def _reject(report: ImportReport, line: int, field_name: str | None, reason: str,
            raw: str) -> None:
    if len(report.rejects) < 1000:  # the count is what matters past this
        report.rejects.append(Reject(report.source, line, field_name, reason, raw[:200]))


def _add_row(data: LayerData, report: ImportReport, number: int, fields: list[str],
             country_index: dict[str, int], admin1_index: dict[str, int],
             ) -> tuple[int, str, list[str]] | None:
    """Add the row's place; returns ``(place, name, alternate names)`` to key, or None
    for a rejected row."""
    try:
        geonameid, lat, lon = int(fields[0]), float(fields[4]), float(fields[5])
        population = int(fields[14] or 0)
    except ValueError as err:
        _reject(report, number, "latitude/longitude/population", str(err), "\t".join(fields))
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not fields[1].strip():
        _reject(report, number, "latitude", f"bad coordinates or name: {fields[1:2]} "
                f"{lat!r}, {lon!r}", "\t".join(fields))
        return None
    kind, precision = classify(fields[6], fields[7])
    code = fields[8]
    if code and code not in country_index:
        country_index[code] = len(data.meta["countries"])
        data.meta["countries"].append(code)
    admin1_code = f"{code}.{fields[10]}" if code and fields[10] else ""
    if admin1_code and admin1_code not in admin1_index:
        admin1_index[admin1_code] = len(data.meta["admin1"])
        data.meta["admin1"].append([admin1_code, "", ""])
    place = data.add_place(
        fields[1], lat=lat, lon=lon, population=max(population, 0), geonameid=geonameid,
        kind=KIND_CODES.index(kind.value), precision=int(precision),
        country=country_index.get(code, -1), admin1=admin1_index.get(admin1_code, -1),
    )
    report.places += 1
    return place, fields[1], [fields[2], *(a for a in fields[3].split(",") if a)]


def iter_layers(root: Path | None = None) -> Iterator[Path]:
    """Folders of the imported layers."""
    imports = gazetteer_dir(root) / "imports"
    if imports.is_dir():
        for sub in sorted(imports.iterdir()):
            if (sub / "meta.json").exists() and not sub.name.startswith("."):
                yield sub
