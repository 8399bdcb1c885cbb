"""Cached loaders for the packaged boundary files (``geomap.boundaries``).

The files are derived from Natural Earth by ``boundaries/build.py`` and shipped inside the
wheel. Every loader returns a GeoDataFrame in EPSG:4326 and caches it for the process; callers
must not modify the returned frames in place (take a ``.copy()`` first).
"""

from __future__ import annotations

import functools
import logging
from importlib import resources
from typing import TYPE_CHECKING

from geomap.errors import DataError, GeocodeError

if TYPE_CHECKING:
    from pathlib import Path

    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

logger = logging.getLogger(__name__)

PACKAGE = "geomap.boundaries"
ADMIN0_FILE = "admin0.parquet"
ADMIN1_FILE = "admin1.parquet"
BASEMAP_FILE = "basemap.geojson"
REGENERATE_HINT = "Regenerate it with `python boundaries/build.py` (see boundaries/README.md)."


def boundary_path(name: str) -> Path:
    """Path of a packaged boundary file.

    Parameters
    ----------
    name
        File name inside ``geomap.boundaries``, e.g. ``"admin0.parquet"``.

    Raises
    ------
    DataError
        If the file is not installed.
    """
    from pathlib import Path

    try:
        path = Path(str(resources.files(PACKAGE).joinpath(name)))
    except ModuleNotFoundError as err:
        raise DataError(
            f"expected the package {PACKAGE!r} with boundary files, got no such package. "
            "Reinstall geomap (`pip install .`)."
        ) from err
    if not path.is_file():
        raise DataError(
            f"expected boundary file {name!r} in {PACKAGE}, got nothing at {str(path)!r}. "
            + REGENERATE_HINT
        )
    return path


def _read_parquet(name: str) -> gpd.GeoDataFrame:
    import geopandas as gpd

    path = boundary_path(name)
    try:
        frame = gpd.read_parquet(path)
    except Exception as err:
        raise DataError(
            f"expected a GeoParquet file at {str(path)!r}, got an unreadable file ({err}). "
            + REGENERATE_HINT
        ) from err
    return frame.to_crs(4326) if frame.crs is not None else frame.set_crs(4326)


@functools.cache
def load_admin0() -> gpd.GeoDataFrame:
    """Countries and territories (Natural Earth 10m, ISO/UN point of view).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``iso_a2, iso_a3, name, geometry``, EPSG:4326, one row per ISO alpha-2 code.
    """
    return _read_parquet(ADMIN0_FILE)


@functools.cache
def load_admin1() -> gpd.GeoDataFrame:
    """First-level subdivisions (states, provinces, regions) of every country.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``iso_3166_2, gn_a1_code, iso_a2, adm0_a3, adm1_code, name, name_alt, type,
        geometry``, EPSG:4326. ``name_alt`` holds ``|``-separated aliases; ``iso_3166_2`` is
        empty where Natural Earth has no ISO code.
    """
    return _read_parquet(ADMIN1_FILE)


@functools.cache
def load_basemap() -> gpd.GeoDataFrame:
    """Light country outlines for the offline vector basemap.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``iso_a2, name, geometry``, EPSG:4326.
    """
    import geopandas as gpd

    path = boundary_path(BASEMAP_FILE)
    try:
        frame = gpd.read_file(path, engine="pyogrio")
    except Exception as err:
        raise DataError(
            f"expected GeoJSON at {str(path)!r}, got an unreadable file ({err}). " + REGENERATE_HINT
        ) from err
    return frame.set_crs(4326, allow_override=True)


def basemap_geojson_text() -> str:
    """The basemap as GeoJSON text, ready to embed in an offline HTML map."""
    return boundary_path(BASEMAP_FILE).read_text(encoding="utf-8")


@functools.cache
def _admin0_index() -> dict[str, int]:
    frame = load_admin0()
    return {str(code).upper(): i for i, code in enumerate(frame["iso_a2"])}


def _country_row(iso2: str) -> int:
    key = str(iso2).strip().upper()
    index = _admin0_index()
    if key not in index:
        raise GeocodeError(
            f"expected an ISO 3166-1 alpha-2 country code present in admin0.parquet, "
            f"got {iso2!r}. Examples: 'ML', 'UA', 'LY', 'XK', 'EH'."
        )
    return index[key]


def country_name(iso2: str) -> str:
    """English short name of a country, e.g. ``country_name("ml") == "Mali"``.

    Raises
    ------
    GeocodeError
        If the code is unknown.
    """
    return str(load_admin0()["name"].iloc[_country_row(iso2)])


def country_shape(iso2: str) -> BaseGeometry:
    """Polygon or MultiPolygon of a country (lon/lat, EPSG:4326).

    Raises
    ------
    GeocodeError
        If the code is unknown.
    """
    return load_admin0().geometry.iloc[_country_row(iso2)]


def admin1_shape(code: str) -> BaseGeometry:
    """Polygon of an admin-1 unit by ISO 3166-2 code (``UA-14``) or GeoNames code (``ML.03``).

    Units sharing a code (rare in Natural Earth) are unioned.

    Raises
    ------
    GeocodeError
        If no unit has that code.
    """
    import shapely

    frame = load_admin1()
    key = str(code).strip().upper()
    column = "gn_a1_code" if "." in key else "iso_3166_2"
    matches = frame.geometry[frame[column].str.upper() == key]
    if matches.empty:
        raise GeocodeError(
            f"expected an ISO 3166-2 code (e.g. 'UA-14') or GeoNames admin-1 code "
            f"(e.g. 'ML.03') present in admin1.parquet, got {code!r}."
        )
    if len(matches) == 1:
        return matches.iloc[0]
    return shapely.union_all(matches.to_numpy())
