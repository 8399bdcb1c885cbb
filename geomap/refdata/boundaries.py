"""Natural Earth boundaries: admin-0 and admin-1 polygons, basemap outlines, their codes.

The files live in the top-level ``boundaries/`` folder of the repository (provenance,
point-of-view decisions and checksums in ``boundaries/README.md``; rebuilt by
``tools/build_boundaries.py``) and travel inside the wheel as the data package
``geomap.boundaries``. This module is their only reader.

Every loader returns a GeoDataFrame in EPSG:4326 and caches it for the process; callers
must not modify the returned frames in place (take a ``.copy()`` first). Functions that
take boundary frames take them as optional arguments: ``None`` means the packaged ones.
geopandas is imported on first use, not with this module.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.errors import DataError, GeocodeError

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry.base import BaseGeometry

PACKAGE = "geomap.boundaries"
ADMIN0_FILE = "admin0.parquet"
ADMIN1_FILE = "admin1.parquet"
BASEMAP_FILE = "basemap.geojson"
#: What Natural Earth writes where a code does not exist.
NO_CODE = ("-99", "-1")
REGENERATE_HINT = ("Regenerate it with `python tools/build_boundaries.py` "
                   "(see boundaries/README.md), or reinstall geomap.")


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
    try:
        path = Path(str(resources.files(PACKAGE).joinpath(name)))
    except ModuleNotFoundError as err:  # the data package itself is missing: a broken install
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
    import pyarrow

    path = boundary_path(name)
    try:
        frame = gpd.read_parquet(path)
    except (OSError, ValueError, pyarrow.ArrowException) as err:
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


def basemap_geojson_text() -> str:
    """The offline basemap's country outlines as GeoJSON text, as shipped.

    Raises
    ------
    DataError
        When ``basemap.geojson`` is missing or unreadable.
    """
    path = boundary_path(BASEMAP_FILE)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DataError(
            f"expected GeoJSON at {str(path)!r}, got an unreadable file ({err}). " + REGENERATE_HINT
        ) from err


def basemap_geojson() -> dict[str, Any]:
    """The offline basemap's country outlines as a GeoJSON mapping.

    Returns
    -------
    dict
        A FeatureCollection; each feature has the properties ``iso_a2`` and ``name``.

    Raises
    ------
    DataError
        When ``basemap.geojson`` is missing or not a GeoJSON FeatureCollection.
    """
    try:
        data = json.loads(basemap_geojson_text())
    except json.JSONDecodeError as err:
        raise DataError(f"expected GeoJSON in {BASEMAP_FILE!r}, got {err}. "
                        + REGENERATE_HINT) from err
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DataError(f"expected a GeoJSON FeatureCollection in {BASEMAP_FILE!r}, got "
                        f"{type(data).__name__}. " + REGENERATE_HINT)
    return data


@functools.cache
def load_basemap() -> gpd.GeoDataFrame:
    """The basemap outlines of :func:`basemap_geojson` as a GeoDataFrame.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``iso_a2, name, geometry``, EPSG:4326.
    """
    import geopandas as gpd

    return gpd.GeoDataFrame.from_features(basemap_geojson()["features"], crs=4326)


def admin0_or_default(admin0: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    """``admin0`` itself, or the packaged admin-0 boundaries."""
    return admin0 if admin0 is not None else load_admin0()


def admin1_or_default(admin1: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    """``admin1`` itself, or the packaged admin-1 boundaries."""
    return admin1 if admin1 is not None else load_admin1()


def text_column(frame: pd.DataFrame, column: str) -> pd.Series:
    """A boundary frame's column as stripped text; ``""`` where missing, empty or ``-99``."""
    import pandas as pd

    if column not in frame.columns:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    if isinstance(frame[column].dtype, pd.StringDtype):  # text already: whole-column steps
        text = frame[column].fillna("").str.strip()
        return text.where(~text.isin(NO_CODE), "")
    values = frame[column].astype(object).where(frame[column].notna(), "")
    # Natural Earth writes "-99" (or -99) where a code does not exist.
    return values.map(lambda v: "" if str(v).strip() in NO_CODE else str(v).strip())


def admin0_codes(admin0: pd.DataFrame) -> pd.Series:
    """ISO 3166-1 alpha-2 per country, falling back to alpha-3, then the name."""
    codes = text_column(admin0, "iso_a2")
    for fallback in ("iso_a3", "name"):
        codes = codes.where(codes != "", text_column(admin0, fallback))
    return codes


def admin1_codes(admin1: pd.DataFrame) -> pd.Series:
    """ISO 3166-2 per province, falling back to the GeoNames code, then country-name."""
    codes = text_column(admin1, "iso_3166_2")
    codes = codes.where(codes != "", text_column(admin1, "gn_a1_code"))
    named = text_column(admin1, "iso_a2") + "-" + text_column(admin1, "name")
    return codes.where(codes != "", named)


def admin1_countries(admin1: pd.DataFrame, codes: pd.Series | None = None) -> dict[str, str]:
    """Admin-1 code -> ISO alpha-2 of its country (``codes``: the frame's
    :func:`admin1_codes`, when already worked out)."""
    codes = admin1_codes(admin1) if codes is None else codes
    # as lists: iterating the two text Series took ~6 ms for the 4,574 provinces, 1.5 as lists
    return dict(zip(codes.tolist(), text_column(admin1, "iso_a2").tolist(), strict=True))


@functools.cache
def _admin0_index() -> dict[str, int]:
    return {str(code).upper(): i for i, code in enumerate(load_admin0()["iso_a2"])}


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


@functools.cache
def _admin1_rows(column: str) -> dict[str, list[int]]:
    """The rows of each code of ``column`` (in capitals), in the table's order: made once
    (about 3 ms) where each code asked put all 4,600 codes in capitals (0.6 ms)."""
    rows: dict[str, list[int]] = {}
    for i, code in enumerate(load_admin1()[column].str.upper().tolist()):
        if isinstance(code, str):
            rows.setdefault(code, []).append(i)
    return rows


def admin1_shape(code: str) -> BaseGeometry:
    """Polygon of an admin-1 unit by ISO 3166-2 code (``UA-14``) or GeoNames code (``ML.03``).

    Units sharing a code (rare in Natural Earth) are unioned.

    Raises
    ------
    GeocodeError
        If no unit has that code.
    """
    import shapely

    key = str(code).strip().upper()
    rows = _admin1_rows("gn_a1_code" if "." in key else "iso_3166_2").get(key, [])
    if not rows:
        raise GeocodeError(
            f"expected an ISO 3166-2 code (e.g. 'UA-14') or GeoNames admin-1 code "
            f"(e.g. 'ML.03') present in admin1.parquet, got {code!r}."
        )
    shapes = load_admin1().geometry.to_numpy()
    if len(rows) == 1:
        return shapes[rows[0]]
    return shapely.union_all(shapes[rows])
