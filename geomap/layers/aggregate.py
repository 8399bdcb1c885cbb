"""Aggregates of events per country, province and named region.

Each aggregate row holds ``events`` (a count of event rows: monadic repeats are merged
by the readers), ``fatalities`` (sum of best estimates, missing counted as 0),
``first_date``/``last_date`` and one ``n_<slug>`` column per event type (ACLED's six
always, then any other type present, e.g. ``n_battles``,
``n_explosions_remote_violence``). With ``by="month"``, ``by="week"`` or ``by="day"`` there
is one row per region and ``period`` (the first day of the month, the Monday of the ISO
week, or the day). By day, only events whose day is known count (``time_precision`` 1,
:data:`geomap.precision.PERIODS`): an event known to a week or a month would pile up on
the one day that stands for it (a chart's spike on every first of the month).

The work is split so it can run on partitions: :func:`partial_counts` aggregates one
chunk of attached events on plain pandas columns, :func:`combine_partials` merges
chunks (sums, minima, maxima), and the ``events_by_*`` functions join the totals to the
boundary geometries.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from geomap.errors import ConfigError
from geomap.layers._index import frame_codes, of_frame
from geomap.layers._unions import grouped_unions
from geomap.layers.attach import attach_events
from geomap.model import EVENT_TYPES
from geomap.precision import PERIODS, DatePrecision, Precision
from geomap.refdata.boundaries import (
    admin0_or_default,
    admin1_or_default,
    text_column,
)
from geomap.refdata.regions import load_regions

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

logger = logging.getLogger(__name__)

By = Literal["event_type", "month", "week", "day"] | None
BY_CHOICES = ("event_type", *PERIODS, None)
STAT_COLUMNS = ("events", "fatalities", "first_date", "last_date")


def type_slug(event_type: str) -> str:
    """``"Explosions/Remote violence"`` -> ``"explosions_remote_violence"``."""
    return re.sub(r"[^0-9a-z]+", "_", str(event_type).lower()).strip("_") or "unknown"


def type_columns(event_types: Iterable[str] = ()) -> list[str]:
    """The ``n_<slug>`` columns: ACLED's six types, then the others sorted."""
    slugs = [type_slug(t) for t in EVENT_TYPES]
    extra = sorted({type_slug(t) for t in event_types} - set(slugs))
    return [f"n_{s}" for s in [*slugs, *extra]]


def _check_by(by: object) -> None:
    if by not in BY_CHOICES:
        raise ConfigError(
            f"expected by= one of {', '.join(map(repr, BY_CHOICES[:-1]))} or None, got {by!r}"
        )


def partial_counts(frame: pd.DataFrame, key: str, *, by: By = "event_type") -> pd.DataFrame:
    """Aggregate one chunk of attached events by ``key`` (and ``period`` when by time).

    Rows whose ``key`` is empty or missing are left out. Returns a plain DataFrame with
    ``key`` (and ``period``), ``events``, ``fatalities``, ``first_date``, ``last_date``
    and the ``n_<slug>`` columns, sorted by ``key`` (and ``period``). Vectorised:
    groups are factorised once and counted with ``numpy.bincount``.
    """
    import pandas as pd

    _check_by(by)
    code, uniques = _key_codes(frame[key])
    dates = pd.to_datetime(frame["event_date"], errors="coerce")
    valid = code >= 0
    if by in PERIODS:  # an event without a date is in no period
        valid &= dates.notna().to_numpy()
    if by == "day":
        valid &= ~coarser_than_a_day(frame)
    columns: dict[str, tuple[np.ndarray, Any]] = {key: (code[valid], uniques)}
    if by in PERIODS:
        columns["period"] = pd.factorize(_period_start(dates[valid], by))
    group, labels = _factorise_groups(columns)
    table = pd.DataFrame(labels)
    table["events"] = np.bincount(group, minlength=len(table)).astype("int64")
    fatalities = pd.to_numeric(frame["fatalities"], errors="coerce")
    table["fatalities"] = np.bincount(
        group, weights=fatalities.to_numpy(dtype=float, na_value=0.0)[valid], minlength=len(table))
    table["first_date"], table["last_date"] = _date_range(group, dates, valid, len(table))
    if by is not None:
        table = table.join(_type_counts(group, frame["event_type"], valid, len(table)))
    return table.sort_values(list(labels), kind="stable").reset_index(drop=True)


def coarser_than_a_day(frame: pd.DataFrame) -> np.ndarray:
    """Which events' dates are known only to a few days, a week, a month or a year (in no
    day layer); a table without ``time_precision`` dates its events to the day."""
    import pandas as pd

    if "time_precision" not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    known = pd.to_numeric(frame["time_precision"], errors="coerce")
    return (known > int(DatePrecision.DAY)).to_numpy(dtype=bool, na_value=False)


def _key_codes(keys: pd.Series) -> tuple[np.ndarray, Any]:
    """Each row's code among the distinct keys (-1 where empty or missing), and the keys.

    A Categorical (what :func:`~geomap.layers.attach.attach_events` writes) is read
    through its own codes, other columns are factorised once; unused keys may remain.
    """
    import pandas as pd

    if isinstance(keys.dtype, pd.CategoricalDtype):
        code, uniques = keys.cat.codes.to_numpy(), keys.cat.categories
    else:
        code, uniques = pd.factorize(keys)
    empty = np.array([value == "" for value in uniques], dtype=bool)
    renumber = np.append(np.where(empty, -1, np.arange(len(uniques))), -1)  # -1 stays -1
    return renumber[code], uniques


def _factorise_groups(columns: dict[str, tuple[np.ndarray, Any]]) -> tuple[np.ndarray,
                                                                          dict[str, Any]]:
    """Group number per row, and the label columns of each group, from each column's
    ``(codes, distinct values)``; only the groups that occur are numbered."""
    import pandas as pd

    names = list(columns)
    if len(names) == 1:  # the codes are the groups, renumbered without the unused ones
        code, unique = columns[names[0]]
        used = np.flatnonzero(np.bincount(code, minlength=len(unique)))
        renumber = np.zeros(len(unique), dtype=np.int64)
        renumber[used] = np.arange(len(used))
        return renumber[code], {names[0]: np.asarray(unique)[used]}
    # The first column renumbered in order of first appearance, as before (the order of
    # the groups; the table is sorted by its labels in the end).
    first, position = pd.factorize(columns[names[0]][0])
    columns = {names[0]: (first, np.asarray(columns[names[0]][1])[position]),
               **{name: columns[name] for name in names[1:]}}
    combined = np.zeros(len(first), dtype=np.int64)
    for code, unique in columns.values():
        combined = combined * max(len(unique), 1) + code
    group, distinct = pd.factorize(combined)
    # One row (any) per group, to read each group's labels from.
    row_of_group = np.zeros(len(distinct), dtype=np.int64)
    row_of_group[group] = np.arange(len(group))
    labels: dict[str, Any] = {}
    for name, (code, unique) in columns.items():
        labels[name] = np.asarray(unique)[code[row_of_group]] if len(group) else unique[:0]
    return np.asarray(group, dtype=np.int64), labels


def _date_range(group: np.ndarray, dates: pd.Series, valid: np.ndarray,
                size: int) -> tuple[Any, Any]:
    """Each group's first and last date (NaT where it has none) of the ``valid`` rows."""
    import pandas as pd

    values = dates.to_numpy(dtype="datetime64[ns]")[valid]
    known = ~np.isnat(values)
    values = values.view("int64")
    if not known.all():  # no masked copies of a million rows when every date is known
        group, values = group[known], values[known]
    nat = np.iinfo(np.int64).min
    first = np.full(size, np.iinfo(np.int64).max, dtype=np.int64)
    last = np.full(size, nat, dtype=np.int64)
    np.minimum.at(first, group, values)
    np.maximum.at(last, group, values)
    first[first == np.iinfo(np.int64).max] = nat
    return (pd.to_datetime(first.view("datetime64[ns]")),
            pd.to_datetime(last.view("datetime64[ns]")))


def _type_counts(group: np.ndarray, types: pd.Series, valid: np.ndarray,
                 size: int) -> pd.DataFrame:
    """One ``n_<slug>`` column per type of the ``valid`` rows (ACLED's six first),
    counted per group."""
    import pandas as pd

    # The whole column is factorised and its codes masked: masking a text column first
    # costs more than the factorising itself.
    codes, uniques = pd.factorize(types)  # missing types: code -1, counted as ""
    codes = codes[valid]
    uniques = [str(u) for u in uniques]
    if (codes < 0).any():
        uniques.append("")
        codes = np.where(codes >= 0, codes, len(uniques) - 1)
    present = np.bincount(codes, minlength=len(uniques)) > 0
    names = type_columns(u for u, used in zip(uniques, present, strict=True) if used)
    position = {name: i for i, name in enumerate(names)}
    width = max(len(uniques), 1)
    counts = np.bincount(group * width + codes, minlength=size * width).reshape(size, width)
    table = np.zeros((size, len(names)), dtype=np.int64)
    for code, value in enumerate(uniques):
        if present[code]:
            table[:, position[f"n_{type_slug(value)}"]] += counts[:, code]
    return pd.DataFrame(table, columns=names)


def _period_start(dates: pd.Series, by: str) -> pd.Series:
    if by == "month":
        return dates.dt.to_period("M").dt.start_time
    if by == "day":
        return dates.dt.normalize()
    return (dates - _days(dates.dt.day_of_week)).dt.normalize()


def _days(values: pd.Series) -> pd.Series:
    import pandas as pd

    return pd.to_timedelta(values, unit="D")


def combine_partials(parts: Sequence[pd.DataFrame], key: str) -> pd.DataFrame:
    """Merge :func:`partial_counts` results of several chunks into totals."""
    import pandas as pd

    table = pd.concat(list(parts), ignore_index=True)
    groups = [key, "period"] if "period" in table.columns else [key]
    sums = [c for c in table.columns if c == "events" or c == "fatalities" or c.startswith("n_")]
    spec = {c: "sum" for c in sums} | {"first_date": "min", "last_date": "max"}
    combined = table.groupby(groups, sort=True).agg(spec).reset_index()
    counts = [c for c in combined.columns if c.startswith("n_")]
    ordered = type_columns(c[2:] for c in counts)
    for column in ordered:
        if column not in combined.columns:
            combined[column] = 0
    return combined[[*groups, *STAT_COLUMNS, *ordered]] if counts else combined[
        [*groups, *STAT_COLUMNS]
    ]


def events_by_admin1(
    events: gpd.GeoDataFrame,
    admin1: gpd.GeoDataFrame | None = None,
    *,
    by: By = "event_type",
    countries: Sequence[str] = (),
) -> gpd.GeoDataFrame:
    """Aggregate attached events per province (admin-1).

    Parameters
    ----------
    events
        Events with ``admin1_code`` (from :func:`geomap.layers.attach.attach_events`;
        attached here with default countries when the column is missing). Events coarser
        than a province have an empty ``admin1_code`` and are not counted.
    admin1
        Admin-1 boundaries; default: the packaged Natural Earth layer.
    by
        ``"event_type"`` (one ``n_<slug>`` column per type), ``"month"``, ``"week"`` or
        ``"day"`` (one row per province and period, with type columns; by day only the
        events dated to the day), or ``None`` (totals only).
    countries
        Alpha-2 codes whose provinces are all kept, with zeros where nothing happened.

    Returns
    -------
    geopandas.GeoDataFrame
        ``code``, ``name``, ``country_code``, (``period``), ``events``, ``fatalities``,
        ``first_date``, ``last_date``, ``n_<slug>``..., ``geometry`` (EPSG:4326).
    """
    frame = admin1_or_default(admin1)
    if "admin1_code" not in events.columns:
        events = attach_events(events, admin1=frame)
    shapes = boundary_shapes(frame, "admin1")
    stats = partial_counts(events, "admin1_code", by=by)
    return _join(shapes, stats, "admin1_code", countries)


def events_by_admin0(
    events: gpd.GeoDataFrame,
    admin0: gpd.GeoDataFrame | None = None,
    *,
    by: By = "event_type",
    countries: Sequence[str] = (),
) -> gpd.GeoDataFrame:
    """Aggregate attached events per country (admin-0); every precision but
    ``MULTINATIONAL`` counts. Parameters and columns as :func:`events_by_admin1`
    (``code`` is the alpha-2 and ``country_code`` repeats it)."""
    frame = admin0_or_default(admin0)
    if "admin0_code" not in events.columns:
        events = attach_events(events, admin0=frame)
    shapes = boundary_shapes(frame, "admin0")
    stats = partial_counts(events, "admin0_code", by=by)
    return _join(shapes, stats, "admin0_code", countries)


def boundary_shapes(frame: gpd.GeoDataFrame, level: str) -> gpd.GeoDataFrame:
    """``code``, ``name``, ``country_code``, ``geometry``: one row per code (cached)."""
    def make() -> gpd.GeoDataFrame:
        codes = frame_codes(frame, level)
        country = text_column(frame, "iso_a2") if level == "admin1" else codes
        return _shapes(frame, codes, text_column(frame, "name"), country)

    return of_frame(frame, f"shapes:{level}", make).copy()


def _shapes(frame: gpd.GeoDataFrame, codes: pd.Series, names: pd.Series,
            country: pd.Series) -> gpd.GeoDataFrame:
    import geopandas as gpd

    code, name, owner = codes.to_numpy(), names.to_numpy(), country.to_numpy()
    geometry = frame.geometry.to_numpy()
    repeated = codes.duplicated(keep=False).to_numpy()
    if repeated.any():
        # Natural Earth gives a few units one code (BA-BIH): one row per code, parts merged
        # (the unions of GeoDataFrame.dissolve, without its grouping machinery).
        merged = _merged(code[repeated], name[repeated], owner[repeated], geometry[repeated])
        single = ~repeated
        code, name, owner, geometry = (np.concatenate([values[single], extra]) for values, extra
                                       in zip((code, name, owner, geometry), merged, strict=True))
    table = gpd.GeoDataFrame({"code": code, "name": name, "country_code": owner},
                             geometry=geometry, crs="EPSG:4326")
    if not repeated.any():
        return table
    return table.sort_values("code", kind="stable").reset_index(drop=True)


def _merged(code: np.ndarray, name: np.ndarray, owner: np.ndarray,
            geometry: np.ndarray) -> tuple[np.ndarray, ...]:
    """One row per distinct code (sorted): names joined, the first country, parts unioned."""
    import pandas as pd

    distinct, group = np.unique(code.astype(str), return_inverse=True)
    rows = [np.flatnonzero(group == i) for i in range(len(distinct))]
    return (np.array([code[r[0]] for r in rows], dtype=object),
            np.array([_joined_names(pd.Series(name[r])) for r in rows], dtype=object),
            np.array([owner[r[0]] for r in rows], dtype=object),
            grouped_unions(geometry, group, len(distinct)))


def _joined_names(names: pd.Series) -> str:
    distinct = list(dict.fromkeys(str(n) for n in names if str(n)))
    if len(distinct) <= 2:
        return " / ".join(distinct)
    return f"{distinct[0]} and {len(distinct) - 1} more"


def _join(shapes: gpd.GeoDataFrame, stats: pd.DataFrame, key: str,
          countries: Sequence[str]) -> gpd.GeoDataFrame:
    """Boundary rows with events (or in ``countries``) + their statistics."""
    import geopandas as gpd

    stats = stats.rename(columns={key: "code"})
    wanted = shapes["code"].isin(stats["code"]) | shapes["country_code"].isin(list(countries))
    how = "left" if "period" not in stats.columns else "inner"
    merged = shapes[wanted].merge(stats, on="code", how=how).sort_values(
        ["code", "period"] if how == "inner" else ["code"], kind="stable")
    merged = merged.reset_index(drop=True)
    _fill_zeros(merged)
    columns = [c for c in merged.columns if c != "geometry"] + ["geometry"]
    lost = set(stats["code"]) - set(shapes["code"])
    if lost:
        logger.warning("%d codes have events but no boundary: %s", len(lost), sorted(lost)[:5])
    return gpd.GeoDataFrame(merged[columns], geometry="geometry", crs="EPSG:4326")


def _fill_zeros(table: pd.DataFrame) -> None:
    counts = [c for c in table.columns if c in ("events", "fatalities") or c.startswith("n_")]
    for column in counts:
        table[column] = table[column].fillna(0).astype("int64")


def events_by_region(
    events: gpd.GeoDataFrame,
    regions: gpd.GeoDataFrame | None = None,
    *,
    by: By = "event_type",
    ids: Sequence[str] = (),
) -> gpd.GeoDataFrame:
    """Aggregate events per named region (the Sahel, Donbas...).

    Named regions overlap, so one event may count in several. An event counts in a
    region when its coordinates lie in the region's polygon (closure) and it is located
    to a province or better (``geo_precision`` <= ADM1); a ``SUBCOUNTRY`` or ``COUNTRY``
    event counts when its ``admin0_code`` is one of the region's ``countries``.

    Parameters
    ----------
    events
        Events with ``admin0_code`` (attached).
    regions
        Named regions (``id``, ``name``, ``definition``, ``source``, ``approximate``,
        ``countries``, ``geometry``); default: :func:`geomap.refdata.regions.load_regions`.
    by
        As in :func:`events_by_admin1`.
    ids
        Keep only these region ids (all regions when empty). Every kept region has a
        row, with zeros when nothing happened there.
    """
    import pandas as pd

    frame = _regions_or_default(regions, ids)
    chunks = [_region_members(events, row) for row in frame.itertuples(index=False)]
    members = pd.concat(chunks, ignore_index=True) if chunks else events.iloc[:0].assign(
        region_id=pd.Series(dtype=object))
    stats = partial_counts(members, "region_id", by=by)
    shapes = frame.rename(columns={"id": "code"})
    shapes["country_code"] = ""
    joined = _join(shapes, stats, "region_id", [""] if by in ("event_type", None) else [])
    return joined.rename(columns={"code": "id"}).drop(columns="country_code")


def _regions_or_default(regions: gpd.GeoDataFrame | None, ids: Sequence[str]) -> gpd.GeoDataFrame:
    if regions is None:
        regions = load_regions()
    frame = regions.reset_index(drop=True)
    if ids:
        wanted = {str(i).lower() for i in ids}
        frame = frame[frame["id"].astype(str).str.lower().isin(wanted)].reset_index(drop=True)
    return frame


def _region_members(events: gpd.GeoDataFrame, region: object) -> pd.DataFrame:
    import shapely

    geometry = region.geometry  # type: ignore[attr-defined]
    precision = events["geo_precision"].to_numpy(dtype="int64")
    shapely.prepare(geometry)
    inside = (precision <= Precision.ADM1) & shapely.intersects_xy(
        geometry, events["longitude"].to_numpy(), events["latitude"].to_numpy()
    )
    countries = _country_list(getattr(region, "countries", None))
    coarse = (precision >= Precision.SUBCOUNTRY) & (precision <= Precision.COUNTRY)
    if countries and "admin0_code" in events.columns:
        inside |= coarse & events["admin0_code"].isin(countries).to_numpy()
    chosen = events.loc[inside, ["event_type", "event_date", "fatalities"]].copy()
    chosen["region_id"] = str(region.id)  # type: ignore[attr-defined]
    return chosen


def _country_list(value: object) -> list[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, str):
        return [v.strip().upper() for v in re.split(r"[;, ]+", value) if v.strip()]
    return [str(v).upper() for v in value]  # type: ignore[attr-defined]
