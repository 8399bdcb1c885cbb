"""Spatial attachment of events to countries (admin-0) and provinces (admin-1).

The rules, in the order they apply (also in ``docs/layers.md``):

1. **Inside.** A point attaches to the province whose interior holds it, and to that
   province's country (both layers share their borders); only points in no province
   are located in the country layer. Polygons are prepared and split into parts;
   points are sorted by longitude once and each part tests only the points in its
   bounding box with ``shapely.contains_xy`` (vectorised: millions of points per
   second); in a large call, points in cells one polygon holds whole are answered from
   a grid kept in the cache folder (:mod:`geomap.layers._cells`). Where polygons
   overlap, the lowest code wins.
2. **Border.** A point exactly on a shared border is in no interior: it attaches to
   exactly one polygon, the one with the lowest code (plain string order, e.g. ``ML-6``
   before ``NE-1``) among the polygons whose closure holds it. ``within`` would drop such
   a point and ``intersects`` would count it twice.
3. **Nearest.** A point outside every polygon (simplified coastlines and borders leave
   ports and border towns just outside) attaches to the nearest polygon within
   ``tolerance_km`` (great-circle distance, default 10 km), flagged ``nearest``. Farther
   points stay unattached (empty code, flagged ``unattached``).
4. **Stated country.** When the event's stated country (``iso``, alpha-2) differs from
   the country polygon hit, the stated country wins if no country was hit, if the
   province hit belongs to it, or if its polygon lies within ``tolerance_km`` of the
   point (simplified borders misplace border towns by a few km, and disputed areas
   may be drawn from another point of view than the dataset's). Otherwise the
   coordinates win and the row is flagged ``country_mismatch``.
5. **Coarse events.** Precision decides which levels an event may count in
   (:mod:`geomap.precision`):

   * ``EXACT``, ``NEAR``, ``ADM2``, ``ADM1``: country and province. ADM1 events count
     in their province but their coordinates are a centroid, never a point (the
     renderer draws them by ``geo_precision``).
   * ``SUBCOUNTRY`` and ``COUNTRY``: country only; ``admin1_code`` is empty. A country
     (or sub-country area) event takes its stated country when one is given.
   * ``WATER``: the stated country only, else nothing.
   * ``MULTINATIONAL``: no country, no province (it counts only in named regions).

The columns added: ``admin0_code`` (ISO alpha-2), ``admin1_code`` (ISO 3166-2, empty
for coarse events), ``attach_rule`` (how ``admin1_code`` was found: ``inside``,
``border``, ``nearest``, ``unattached``, or ``coarse`` when the event is coarser than a
province) and ``admin0_rule`` (``inside``, ``border``, ``nearest``, ``unattached``,
``stated_country``, ``country_mismatch``, ``multinational``).

:func:`attach_arrays` does the work on plain arrays, so the same code runs on each
partition of a distributed dataset.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from geomap._cycles import no_cycle_collection
from geomap.layers._index import (
    RULE_NAMES,
    RULE_NONE,
    Groups,
    PolygonIndex,
    frame_codes,
    of_frame,
    polygon_index,
)
from geomap.precision import Precision
from geomap.refdata.boundaries import admin0_or_default, admin1_countries, admin1_or_default

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

logger = logging.getLogger(__name__)

#: How far outside a polygon a point may be and still attach to it, in km.
DEFAULT_TOLERANCE_KM = 10.0


@dataclass
class Attachment:
    """Per-event results of :func:`attach_arrays` (pandas Categoricals of strings)."""

    admin0_code: Any
    admin1_code: Any
    attach_rule: Any
    admin0_rule: Any
    counts: dict[str, int] = field(default_factory=dict)  # rows per attach_rule/admin0_rule


def attach_events(
    events: gpd.GeoDataFrame,
    admin0: gpd.GeoDataFrame | None = None,
    admin1: gpd.GeoDataFrame | None = None,
    *,
    tolerance_km: float = DEFAULT_TOLERANCE_KM,
) -> gpd.GeoDataFrame:
    """Attach events to countries and provinces by the rules of this module.

    Parameters
    ----------
    events
        Events (a GeoDataFrame from :func:`geomap.layers.events.events_frame`, or any
        DataFrame): needs ``longitude`` and ``latitude``; ``geo_precision`` (default
        EXACT) and ``iso`` are used when present. Geometries are not read.
    admin0, admin1
        Boundary frames (``iso_a2`` / ``iso_3166_2`` + ``iso_a2``); default: the packaged
        Natural Earth layers.
    tolerance_km
        Largest distance, in km, at which a point outside every polygon still attaches
        to the nearest one.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy of ``events`` with ``admin0_code``, ``admin1_code``, ``attach_rule`` and
        ``admin0_rule``.
    """
    import pandas as pd

    admin0_frame = admin0_or_default(admin0)
    admin1_frame = admin1_or_default(admin1)
    index0 = polygon_index(admin0_frame, "admin0")
    index1 = polygon_index(admin1_frame, "admin1")
    countries = of_frame(admin1_frame, "countries", lambda: admin1_countries(
        admin1_frame, frame_codes(admin1_frame, "admin1")))
    result = attach_arrays(
        events["longitude"].to_numpy(dtype="float64"),
        events["latitude"].to_numpy(dtype="float64"),
        _precisions(events),
        _stated_iso(events),
        index0,
        index1,
        countries,
        tolerance_km=tolerance_km,
    )
    out = events.copy(deep=False)  # copy-on-write: the caller's frame is untouched
    for name in ("admin0_code", "admin1_code", "attach_rule", "admin0_rule"):
        out[name] = pd.Series(getattr(result, name), index=out.index)
    _log_flags(result.counts)
    return out


def _precisions(events: gpd.GeoDataFrame) -> np.ndarray:
    if "geo_precision" not in events.columns:
        return np.full(len(events), int(Precision.EXACT), dtype="int8")
    import pandas as pd

    values = pd.to_numeric(events["geo_precision"], errors="coerce").fillna(1)
    return values.to_numpy(dtype="int8")


def _stated_iso(events: gpd.GeoDataFrame) -> np.ndarray | pd.Categorical:
    if "iso" not in events.columns:
        return np.full(len(events), "", dtype=object)
    import pandas as pd

    # Clean the few distinct values, not the million rows; a Categorical keeps them few
    # for _Countries.ids (a missing code stays missing: no country, as "" is).
    codes, uniques = pd.factorize(events["iso"])
    cleaned = [str(v).strip().upper() for v in uniques]
    distinct = list(dict.fromkeys(cleaned))
    position = np.array([distinct.index(c) for c in cleaned] + [-1], dtype=np.int64)
    return pd.Categorical.from_codes(position[codes], categories=distinct)


def _log_flags(counts: dict[str, int]) -> None:
    for rule in ("nearest", "unattached"):
        if counts.get(f"attach_rule={rule}"):
            logger.info("%d events attached by rule %r", counts[f"attach_rule={rule}"], rule)
    if counts.get("admin0_rule=country_mismatch"):  # named by layers.build, with file and line
        logger.info("events outside their stated country: %d",
                    counts["admin0_rule=country_mismatch"])


# Rule codes beyond those of PolygonIndex.locate (0-3), and their names.
RULE_STATED, RULE_MISMATCH, RULE_MULTINATIONAL, RULE_COARSE = 4, 5, 6, 7
ALL_RULE_NAMES = np.array([*RULE_NAMES, "stated_country", "country_mismatch",
                           "multinational", "coarse"], dtype=object)


def attach_arrays(
    x: np.ndarray,
    y: np.ndarray,
    precision: np.ndarray,
    stated_iso: np.ndarray | pd.Categorical,
    index0: PolygonIndex,
    index1: PolygonIndex,
    admin1_country: dict[str, str],
    *,
    tolerance_km: float = DEFAULT_TOLERANCE_KM,
) -> Attachment:
    """Attach points given as arrays (the partition-friendly core of :func:`attach_events`).

    ``x``/``y`` are longitude/latitude, ``precision`` the ``geo_precision`` ints,
    ``stated_iso`` upper-case alpha-2 strings (``""`` when unknown; a Categorical of them
    is read through its categories), ``admin1_country``
    maps admin-1 codes to their country's alpha-2. Countries are compared as integer
    ids of one vocabulary, never as strings, so the rules cost little per row; the
    results are pandas Categoricals (no string per row).
    """
    import pandas as pd

    vocabulary = _Countries(index0, index1, admin1_country)
    stated = vocabulary.ids(stated_iso)
    # Shapely points and boxes by the ten thousand, none in a cycle (see geomap._cycles).
    with no_cycle_collection():
        pos1, rule1 = index1.locate(x, y, tolerance_km)
        hit1_country = vocabulary.of_admin1[pos1]  # position -1 reads the trailing "none" id 0
        # A province's country is the point's country: only the rest is located in admin-0.
        hit0, rule0 = hit1_country.copy(), rule1.copy()
        rest = np.flatnonzero(hit1_country == 0)
        if len(rest):
            pos0, rest_rule = index0.locate(x[rest], y[rest], tolerance_km)
            hit0[rest], rule0[rest] = vocabulary.of_admin0[pos0], rest_rule
        admin0, rule0 = _decide_country(x, y, precision, stated, vocabulary, hit0, rule0,
                                        hit1_country, tolerance_km)
        admin1, rule1 = _decide_province(x, y, precision, admin0, pos1, rule1, hit1_country,
                                         index1, vocabulary, tolerance_km)
    counts = _rule_counts("attach_rule", rule1) | _rule_counts("admin0_rule", rule0)
    return Attachment(
        pd.Categorical.from_codes(admin0, categories=vocabulary.names),
        pd.Categorical.from_codes(admin1, categories=vocabulary.admin1_names),
        pd.Categorical.from_codes(rule1, categories=ALL_RULE_NAMES),
        pd.Categorical.from_codes(rule0, categories=ALL_RULE_NAMES),
        counts,
    )


def _rule_counts(column: str, rule: np.ndarray) -> dict[str, int]:
    """Rows per rule (those with any), e.g. ``{"attach_rule=inside": 978129}``; one
    comparison per rule on the int8 codes (no int64 copy of a million codes)."""
    counts = {f"{column}={name}": int(np.count_nonzero(rule == code))
              for code, name in enumerate(ALL_RULE_NAMES)}
    return {key: n for key, n in counts.items() if n}


class _Countries:
    """Country codes as small integer ids (0 = none) for the admin-0 and admin-1 polygons."""

    def __init__(self, index0: PolygonIndex, index1: PolygonIndex,
                 admin1_country: dict[str, str]) -> None:
        names = sorted({*map(str, index0.codes), *admin1_country.values()} - {""})
        self.names = np.array(["", *names], dtype=object)
        self.lookup = {name: i for i, name in enumerate(self.names)}
        self.index0 = index0
        # Trailing 0 so that position -1 (no polygon) maps to "none".
        self.of_admin0 = np.array([self.lookup.get(str(c), 0) for c in index0.codes] + [0])
        self.of_admin1 = np.array(
            [self.lookup.get(admin1_country.get(c, ""), 0) for c in index1.codes] + [0])
        self.is_admin0 = np.zeros(len(self.names), dtype=bool)
        self.is_admin0[self.of_admin0[:-1]] = True
        self.is_admin0[0] = False
        # Admin-1 codes as ids too (a code may name several polygons: BA-BIH).
        distinct, inverse = np.unique(index1.codes.astype(str), return_inverse=True)
        self.admin1_names = np.array(["", *distinct], dtype=object)
        self.admin1_id = np.append(inverse + 1, 0)  # by polygon position; -1 -> 0 ("")

    def ids(self, codes: np.ndarray | pd.Categorical) -> np.ndarray:
        """Ids of alpha-2 strings (0 for unknown, empty or missing), via their distinct
        values (a Categorical's own)."""
        import pandas as pd

        if not isinstance(codes, pd.Categorical):
            positions, uniques = pd.factorize(pd.Series(codes))
            codes = pd.Categorical.from_codes(positions, categories=pd.Index(uniques))
        table = np.array([self.lookup.get(str(u), 0) for u in codes.categories] + [0],
                         dtype=np.int64)
        return table[codes.codes]


def _decide_country(
    x: np.ndarray,
    y: np.ndarray,
    precision: np.ndarray,
    stated: np.ndarray,
    countries: _Countries,
    hit0: np.ndarray,
    rule0: np.ndarray,
    hit1_country: np.ndarray,
    tolerance_km: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Rule 4 (stated country) and the coarse-event rules for admin-0."""
    admin0, rule = hit0.copy(), rule0.copy()
    known = countries.is_admin0[stated]
    coarse = precision >= Precision.SUBCOUNTRY
    disagree = known & (stated != admin0)
    take = disagree & (coarse | (stated == hit1_country) | (admin0 == 0))
    check = np.flatnonzero(disagree & ~take)
    if len(check):
        take[check] = _near_own_polygon(x[check], y[check], stated[check], countries,
                                        tolerance_km)
    admin0[take], rule[take] = stated[take], RULE_STATED
    rule[disagree & ~take] = RULE_MISMATCH
    water = precision == Precision.WATER
    admin0[water] = np.where(known[water], stated[water], 0)
    rule[water] = np.where(known[water], RULE_STATED, RULE_NONE)
    multinational = precision >= Precision.MULTINATIONAL
    admin0[multinational], rule[multinational] = 0, RULE_MULTINATIONAL
    return admin0, rule


def _decide_province(
    x: np.ndarray,
    y: np.ndarray,
    precision: np.ndarray,
    admin0: np.ndarray,
    pos1: np.ndarray,
    rule1: np.ndarray,
    hit1_country: np.ndarray,
    index1: PolygonIndex,
    countries: _Countries,
    tolerance_km: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Keep admin-1 consistent with admin-0, and empty for events coarser than ADM1."""
    admin1, rule = countries.admin1_id[pos1], rule1.copy()
    # The province must lie in the chosen country; else the nearest one of that country
    # (all countries in one pass: each point only among its chosen country's provinces).
    wrong = np.flatnonzero((pos1 >= 0) & (hit1_country != admin0))
    if len(wrong):
        own = Groups(admin0[wrong], countries.of_admin1[:-1])
        pos, rule[wrong] = index1.locate(x[wrong], y[wrong], tolerance_km, own)
        admin1[wrong] = countries.admin1_id[pos]
    coarse = precision > Precision.ADM1
    admin1[coarse], rule[coarse] = 0, RULE_COARSE
    return admin1, rule


def _near_own_polygon(
    x: np.ndarray, y: np.ndarray, stated: np.ndarray, countries: _Countries,
    tolerance_km: float,
) -> np.ndarray:
    """For each point, whether its stated country's polygon (``stated``: country ids) is
    within the tolerance: all countries in one pass."""
    own = Groups(stated, countries.of_admin0[:-1])
    pos, _ = countries.index0.locate(x, y, tolerance_km, own)
    return pos >= 0
