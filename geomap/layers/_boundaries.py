"""Boundary frames for the layer builder: defaults, codes and cached indexes.

Every function that needs boundaries takes the frames as optional arguments; ``None``
means the packaged Natural Earth layers from :mod:`geomap.geocoding.boundaries`.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

import numpy as np

from geomap.layers._index import PolygonIndex

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

# id(frame) -> (weak reference to the frame, its index); a handful of frames at most.
_INDEX_CACHE: dict[tuple[int, str], tuple[weakref.ref[Any], PolygonIndex]] = {}
_CACHE_SIZE = 8


def admin0_or_default(admin0: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    """``admin0`` itself, or the packaged admin-0 boundaries."""
    if admin0 is not None:
        return admin0
    from geomap.geocoding.boundaries import load_admin0

    return load_admin0()


def admin1_or_default(admin1: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    """``admin1`` itself, or the packaged admin-1 boundaries."""
    if admin1 is not None:
        return admin1
    from geomap.geocoding.boundaries import load_admin1

    return load_admin1()


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    import pandas as pd

    if column not in frame.columns:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    values = frame[column].astype(object).where(frame[column].notna(), "")
    # Natural Earth writes "-99" (or -99) where a code does not exist.
    return values.map(lambda v: "" if str(v).strip() in ("-99", "-1") else str(v).strip())


def admin0_codes(admin0: pd.DataFrame) -> pd.Series:
    """ISO 3166-1 alpha-2 per country, falling back to alpha-3, then the name."""
    codes = _text(admin0, "iso_a2")
    for fallback in ("iso_a3", "name"):
        codes = codes.where(codes != "", _text(admin0, fallback))
    return codes


def admin1_codes(admin1: pd.DataFrame) -> pd.Series:
    """ISO 3166-2 per province, falling back to the GeoNames code, then country-name."""
    codes = _text(admin1, "iso_3166_2")
    codes = codes.where(codes != "", _text(admin1, "gn_a1_code"))
    named = _text(admin1, "iso_a2") + "-" + _text(admin1, "name")
    return codes.where(codes != "", named)


def polygon_index(frame: gpd.GeoDataFrame, level: str) -> PolygonIndex:
    """The (cached) :class:`PolygonIndex` of a boundary frame; ``level`` is admin0/admin1."""
    key = (id(frame), level)
    cached = _INDEX_CACHE.get(key)
    if cached is not None and cached[0]() is frame:
        return cached[1]
    codes = admin0_codes(frame) if level == "admin0" else admin1_codes(frame)
    index = PolygonIndex.from_arrays(codes.to_numpy(), frame.geometry.to_numpy())
    if len(_INDEX_CACHE) >= _CACHE_SIZE:
        _INDEX_CACHE.pop(next(iter(_INDEX_CACHE)))
    _INDEX_CACHE[key] = (weakref.ref(frame), index)
    return index


def admin1_countries(admin1: pd.DataFrame) -> dict[str, str]:
    """Admin-1 code -> ISO alpha-2 of its country."""
    return dict(zip(admin1_codes(admin1), _text(admin1, "iso_a2"), strict=True))


def code_lookup(index: PolygonIndex, positions: np.ndarray) -> np.ndarray:
    """Codes for index positions, ``""`` where the position is -1."""
    table = np.append(index.codes, "")
    return np.asarray(table[np.where(positions >= 0, positions, len(index.codes))], dtype=object)
