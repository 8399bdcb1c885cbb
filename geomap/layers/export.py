"""Write a bundle's layers to files that GDAL and QGIS open.

Formats (``fmt``):

``geojson``
    one ``<layer>.geojson`` per layer (RFC 7946, EPSG:4326).
``gpkg``
    one ``layers.gpkg`` holding every layer as a table of that name.
``parquet``
    one ``<layer>.parquet`` (GeoParquet) per layer: the fast choice for big event
    tables and for intermediate files.

Optional period layers (:func:`period_layers`): ``admin1_by_month``,
``admin0_by_month`` (or ``_by_week``), one row per region and period.

Layers: ``events``, ``admin1``, ``admin0``, ``regions``, ``actors``, ``relations``
(those the bundle has, and non-empty); attribute names as in :mod:`geomap.layers.bundle`
and ``docs/layers.md``. Lists become ``;``-joined text, dates ISO dates, enums their
values. The files are written to temporary names in the target folder and renamed into
place together, so a failed run leaves the previous files intact.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from geomap._atomic import OutputSet
from geomap.errors import ConfigError
from geomap.layers.aggregate import coarser_than_a_day, events_by_admin0, events_by_admin1
from geomap.layers.bundle import LayerBundle
from geomap.precision import PERIODS
from geomap.sources.report import counted

if TYPE_CHECKING:
    import geopandas as gpd

    from geomap.layers.aggregate import By

logger = logging.getLogger(__name__)

LAYER_NAMES = ("events", "admin1", "admin0", "regions", "actors", "relations")
FORMATS = {"geojson": ("GeoJSON", ".geojson"), "gpkg": ("GPKG", ".gpkg"),
           "parquet": ("Parquet", ".parquet")}
#: The mark geomap writes in each layer file it makes (a GeoJSON collection's
#: ``"generator"`` member, a GeoParquet file's ``generator`` metadata, a GeoPackage
#: layer's ``generator`` metadata item), so that a folder written again replaces only
#: its own files (:func:`geomap.build.outputs.is_layer_file`).
GENERATOR = "geomap"
#: Columns every geomap version wrote in each layer (by the layer's name, before any
#: ``_by_<period>``): how a layer file from before the mark is told from someone else's.
LAYER_COLUMNS = {
    "events": frozenset({"event_id", "event_date", "event_type", "geo_precision",
                         "time_precision", "attach_rule"}),
    "admin1": frozenset({"code", "name", "country_code", "events", "fatalities"}),
    "admin0": frozenset({"code", "name", "country_code", "events", "fatalities"}),
    "regions": frozenset({"id", "name", "definition", "approximate", "events"}),
    "actors": frozenset({"id", "name", "kind", "home_kind", "footprint"}),
    "relations": frozenset({"id", "source", "target", "source_name", "target_name", "kind"}),
}


def bundle_layers(bundle: LayerBundle) -> dict[str, gpd.GeoDataFrame]:
    """The bundle's non-empty layers, by name, in ``LAYER_NAMES`` order."""
    layers = {}
    for name in LAYER_NAMES:
        frame = getattr(bundle, name, None)
        if frame is not None and hasattr(frame, "geometry") and len(frame):
            layers[name] = frame
    return layers


def period_layers(
    bundle: LayerBundle,
    periods: Sequence[str],
    admin0: gpd.GeoDataFrame | None = None,
    admin1: gpd.GeoDataFrame | None = None,
) -> dict[str, gpd.GeoDataFrame]:
    """``admin1_by_<period>`` and ``admin0_by_<period>`` layers (``month``, ``week``,
    ``day``: :data:`geomap.precision.PERIODS`): one row per region and period, from the
    bundle's attached events (boundaries: the packaged ones unless given). By day, the
    events dated only to a week or a month are in no row (logged)."""
    layers: dict[str, gpd.GeoDataFrame] = {}
    if bundle.events is None or not len(bundle.events):
        return layers
    for period in periods:
        if period not in PERIODS:
            raise ConfigError(f"expected periods among {list(PERIODS)}, got {period!r}")
        if period == "day" and (coarse := int(coarser_than_a_day(bundle.events).sum())):
            logger.warning("%s known only to a few days, a week, a month or a year %s in no "
                        "day of the by-day layers", counted(coarse, "event"),
                        "is" if coarse == 1 else "are")
        by = cast("By", period)
        layers[f"admin1_by_{period}"] = events_by_admin1(bundle.events, admin1, by=by)
        layers[f"admin0_by_{period}"] = events_by_admin0(bundle.events, admin0, by=by)
    return layers


def write_layers(
    bundle: LayerBundle,
    out_dir: str | Path,
    fmt: str = "geojson",
    *,
    extra: Mapping[str, gpd.GeoDataFrame] | None = None,
) -> list[Path]:
    """Write every non-empty layer of ``bundle`` into ``out_dir``.

    The files are written complete under temporary names and renamed into place together
    (:class:`geomap._atomic.OutputSet`).

    Parameters
    ----------
    bundle
        Layers from :func:`geomap.layers.build.build_layers`.
    out_dir
        Target folder (created if needed).
    fmt
        ``"geojson"``, ``"gpkg"`` or ``"parquet"``.
    extra
        More layers by name, written after the bundle's (e.g. :func:`period_layers`).

    Returns
    -------
    list of Path
        The files written (one GeoPackage for ``gpkg``).

    Raises
    ------
    geomap.errors.ConfigError
        For an unknown ``fmt``.
    """
    with OutputSet() as outputs:
        for target, write in layer_writers(bundle, Path(out_dir), fmt, extra=extra):
            write(outputs.stage(target, keep_suffix=True))
        return outputs.publish()


LayerWriter = Callable[[Path], None]


def layer_writers(
    bundle: LayerBundle,
    folder: Path,
    fmt: str = "geojson",
    *,
    extra: Mapping[str, gpd.GeoDataFrame] | None = None,
) -> list[tuple[Path, LayerWriter]]:
    """The layer files of ``bundle`` in ``folder``: each target path with a function that
    writes that file's content to a path it is given (a temporary one; the GeoJSON
    collection is named after the target, so the file does not depend on that path).

    Raises
    ------
    geomap.errors.ConfigError
        For an unknown ``fmt``.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"expected a layer format among {sorted(FORMATS)}, got {fmt!r}")
    chosen = bundle_layers(bundle) | {n: f for n, f in (extra or {}).items() if len(f)}
    layers = {name: file_safe(frame) for name, frame in chosen.items()}
    if fmt == "gpkg":
        return [(folder / "layers.gpkg", partial(_write_gpkg, layers))] if layers else []
    return [(folder / f"{name}{FORMATS[fmt][1]}", partial(_write_one, frame, name, fmt))
            for name, frame in layers.items()]


def _write_one(frame: gpd.GeoDataFrame, name: str, fmt: str, path: Path) -> None:
    if fmt == "parquet":
        _write_parquet(frame, path)
    else:
        frame.to_file(path, driver=FORMATS[fmt][0], engine="pyogrio", layer=name,
                      FOREIGN_MEMBERS_COLLECTION=f'{{"generator": "{GENERATOR}"}}')
    logger.info("wrote layer %s (%d features)", name, len(frame))


def _write_parquet(frame: gpd.GeoDataFrame, path: Path) -> None:
    """``frame.to_parquet`` with geomap's mark among the file's metadata.

    No public geopandas call takes more metadata (``to_parquet`` passes its options to
    ``pyarrow.parquet.write_table``, which has none for it; ``to_arrow`` gives GeoArrow
    columns without the ``geo`` metadata: another file), so the GeoParquet is written to
    memory, read back as the Arrow table geopandas made and written again with the mark:
    the same bytes as geopandas' private ``_geopandas_to_arrow`` gave, for about a third
    more of this step's time. Parquet has no timestamps in seconds: such a column (an
    actor's first and last dates) reads back in milliseconds, so the table takes back the
    types of the Arrow schema geopandas stored (``ARROW:schema``)."""
    import base64

    import pyarrow as pa
    import pyarrow.parquet as pq

    staged = pa.BufferOutputStream()
    frame.to_parquet(staged, index=False)
    written = pq.ParquetFile(pa.BufferReader(staged.getvalue()))
    stored = base64.b64decode(written.metadata.metadata[b"ARROW:schema"])
    table = written.read().cast(pa.ipc.read_schema(pa.py_buffer(stored)))
    metadata = {**(table.schema.metadata or {}), b"generator": GENERATOR.encode()}
    pq.write_table(table.replace_schema_metadata(metadata), path)


def _write_gpkg(layers: dict[str, gpd.GeoDataFrame], path: Path) -> None:
    for name, frame in layers.items():
        frame.to_file(path, layer=name, driver="GPKG", engine="pyogrio",
                      metadata={"generator": GENERATOR})
    logger.info("wrote GeoPackage layers: %s", ", ".join(layers))


def file_safe(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A copy whose attribute columns every driver can store (text, numbers, dates)."""
    import pandas as pd

    out = frame.copy()
    for column in out.columns:
        if column == out.geometry.name:
            continue
        series = out[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            out[column] = series.astype(object).map(_plain)
        elif series.dtype == object:
            out[column] = series.map(_plain)
            if out[column].map(type).isin([str, type(None)]).all():
                out[column] = out[column].astype("string")
    return out


def _plain(value: Any) -> Any:
    """One attribute value as text/number/None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return ";".join(str(v) for v in value)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
