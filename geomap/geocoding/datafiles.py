"""Loaders for the gazetteer's curated data files in ``geomap/data/``.

- ``gazetteer_supplement.csv``: places the registries lack (Tinzaouaten first), each with
  a source note, a precision and an uncertainty radius.
- ``gazetteer_aliases.csv``: extra names of places the registries have.
- ``area_points.csv`` (derived by ``tools/build_area_points.py``) and
  ``area_points_curated.csv``: the conventional point of each country and admin-1 unit.
- ``region_points.csv`` and ``area_points_derived.csv`` (derived by
  ``tools/build_derived_points.py``): each named region's point and member countries, and
  the points of the countries and admin-1 units whose conventional point is missing or
  unusable, so that the quick layer places them as the full index does, without shapes.

Country names, aliases and demonyms are reference data: :mod:`geomap.refdata.countries`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from geomap.errors import DataError
from geomap.model import PlaceKind, check_latlon
from geomap.precision import Precision
from geomap.refdata._files import csv_rows

SUPPLEMENT_FILE = "gazetteer_supplement.csv"
ALIASES_FILE = "gazetteer_aliases.csv"
AREA_POINTS_FILE = "area_points.csv"
ABBREVIATIONS_FILE = "admin1_abbreviations.csv"
AREA_POINTS_CURATED_FILE = "area_points_curated.csv"
REGION_POINTS_FILE = "region_points.csv"
AREA_POINTS_DERIVED_FILE = "area_points_derived.csv"


@dataclass(frozen=True, slots=True)
class SupplementRow:
    """One curated place."""

    name: str
    alternate_names: tuple[str, ...]
    lat: float
    lon: float
    country_code: str
    admin1_iso: str | None
    kind: PlaceKind
    precision: Precision
    uncertainty_km: float | None
    population: int | None
    source: str


@functools.cache
def load_supplement() -> tuple[SupplementRow, ...]:
    """The curated supplement, validated.

    Raises
    ------
    DataError
        When a row is malformed (the message names the line and field).
    """
    return tuple(_supplement_row(number, row) for number, row in csv_rows(SUPPLEMENT_FILE))


def _split_names(text: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in text.split("|") if a.strip())


def _supplement_row(number: int, row: dict[str, str]) -> SupplementRow:
    try:
        lat, lon = check_latlon(float(row["lat"]), float(row["lon"]))
        uncertainty = row.get("uncertainty_km") or ""
        population = row.get("population") or ""
        return SupplementRow(
            name=row["name"].strip(),
            alternate_names=_split_names(row["alternate_names"]),
            lat=lat,
            lon=lon,
            country_code=row["country_code"].strip().upper(),
            admin1_iso=row["admin1_iso"].strip() or None,
            kind=PlaceKind(row["kind"].strip()),
            precision=Precision.parse(row["precision"]),
            uncertainty_km=float(uncertainty) if uncertainty else None,
            population=int(population) if population else None,
            source=row["source"].strip(),
        )
    except (KeyError, ValueError, AttributeError) as err:
        raise DataError(
            f"{SUPPLEMENT_FILE}:{number}: expected name, alternate_names, lat, lon, "
            f"country_code, admin1_iso, kind, precision, uncertainty_km, population, source; "
            f"got {row!r} ({err})"
        ) from err


@functools.cache
def load_aliases() -> tuple[tuple[str, int], ...]:
    """Curated extra names: ``(alias, geonameid)`` pairs."""
    aliases = []
    for number, row in csv_rows(ALIASES_FILE):
        alias, geonameid = (row.get("alias") or "").strip(), (row.get("geonameid") or "").strip()
        if not alias or not geonameid.isdigit():
            raise DataError(f"{ALIASES_FILE}:{number}: expected 'alias,geonameid,...', got {row!r}")
        aliases.append((alias, int(geonameid)))
    return tuple(aliases)


@functools.cache
def load_area_points() -> dict[str, tuple[float, float]]:
    """Area code (ISO alpha-2 "US" or GeoNames admin-1 "US.TX") -> conventional (lat, lon).

    The curated file's rows win over the derived file's.

    Raises
    ------
    DataError
        When a row lacks a code or has coordinates out of range (names file and line).
    """
    return {**_points(AREA_POINTS_FILE), **_points(AREA_POINTS_CURATED_FILE)}


@functools.cache
def load_derived_area_points() -> dict[str, tuple[float, float]]:
    """Area code -> (lat, lon) where the gazetteer does not use the conventional point (it
    has none, or it lies outside the unit's own towns): a point inside the shape, else the
    middle of the towns (``area_points_derived.csv``, ``tools/build_derived_points.py``).

    Raises
    ------
    DataError
        When a row lacks a code or has coordinates out of range (names file and line).
    """
    return _points(AREA_POINTS_DERIVED_FILE)


def _points(name: str) -> dict[str, tuple[float, float]]:
    points: dict[str, tuple[float, float]] = {}
    for number, row in csv_rows(name):
        code = (row.get("code") or "").strip()
        try:
            if not code:
                raise ValueError("empty code")
            points[code] = check_latlon(float(row["lat"]), float(row["lon"]))
        except (KeyError, TypeError, ValueError) as err:
            raise DataError(
                f"{name}:{number}: expected 'code,lat,lon' with a code and coordinates "
                f"in range, got {row!r} ({err})") from err
    return points


@functools.cache
def load_region_points() -> dict[str, tuple[float, float, tuple[str, ...]]]:
    """Named region id -> (lat, lon, member countries), as derived from the regions' shapes.

    Raises
    ------
    DataError
        When a row lacks an id or has coordinates out of range (names file and line).
    """
    points: dict[str, tuple[float, float, tuple[str, ...]]] = {}
    for number, row in csv_rows(REGION_POINTS_FILE):
        region_id = (row.get("id") or "").strip()
        try:
            if not region_id:
                raise ValueError("empty id")
            lat, lon = check_latlon(float(row["lat"]), float(row["lon"]))
        except (KeyError, TypeError, ValueError) as err:
            raise DataError(
                f"{REGION_POINTS_FILE}:{number}: expected 'id,lat,lon,countries' with an id "
                f"and coordinates in range, got {row!r} ({err})") from err
        points[region_id] = (lat, lon, _split_names(row.get("countries") or ""))
    return points


@functools.cache
def load_admin1_abbreviations() -> tuple[tuple[str, str], ...]:
    """``(abbreviation, ISO 3166-2 code)`` pairs: "Calif." -> "US-CA"."""
    pairs = []
    for number, row in csv_rows(ABBREVIATIONS_FILE):
        short, code = (row.get("abbreviation") or "").strip(), (row.get("iso_3166_2") or "")
        if not short or "-" not in code:
            raise DataError(f"{ABBREVIATIONS_FILE}:{number}: expected 'abbreviation,"
                            f"iso_3166_2' such as 'Calif.,US-CA', got {row!r}")
        pairs.append((short, code.strip()))
    return tuple(pairs)
