"""The relations layer: lines between actors' homes, typed and dated.

Each :class:`~geomap.model.Relation` becomes a LineString from the source actor's home
point to the target actor's (homes as in :mod:`geomap.layers.actors`). A relation whose
two actors share a home (a spokesman and his agency) is a zero-length line; the renderer
may draw it as a marker. Relations with an actor that has no home are left out and
logged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from geomap.model import Relation

if TYPE_CHECKING:
    import geopandas as gpd

logger = logging.getLogger(__name__)

LAYER_COLUMNS = ("id", "source", "target", "source_name", "target_name", "kind", "date",
                 "date_precision", "description", "sources", "claimed_by")


def relation_layer(relations: Iterable[Relation], actors: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Build the relations layer.

    Parameters
    ----------
    relations
        The relations (e.g. ``Scenario.relations``).
    actors
        The actors layer from :func:`geomap.layers.actors.actor_layer` (``id``,
        ``name``, home ``geometry``).

    Returns
    -------
    geopandas.GeoDataFrame
        ``id``, ``source``, ``target``, ``source_name``, ``target_name``, ``kind``,
        ``date`` (datetime64), ``date_precision`` (int, :class:`~geomap.precision.DatePrecision`),
        ``description``, ``sources`` (``;``-joined source ids), ``claimed_by``,
        ``geometry`` (LineString source -> target), EPSG:4326.
    """
    import geopandas as gpd
    import pandas as pd
    import shapely

    homes = {row.id: (row.name, row.geometry) for row in actors.itertuples(index=False)}
    rows: list[dict[str, Any]] = []
    lines = []
    for relation in relations:
        ends = homes.get(relation.source), homes.get(relation.target)
        if ends[0] is None or ends[1] is None:
            homeless = [a for a, end in zip((relation.source, relation.target), ends,
                                            strict=True) if end is None]
            logger.warning("relation %s -> %s not drawn: actor %s has no home place (give "
                           "it a `place` in the scenario: docs/scenario.md, actors)",
                           relation.source, relation.target,
                           " and ".join(repr(a) for a in homeless))
            continue
        rows.append(_relation_row(relation, ends[0][0], ends[1][0]))
        lines.append(shapely.linestrings([[ends[0][1].x, ends[0][1].y],
                                          [ends[1][1].x, ends[1][1].y]]))
    table = pd.DataFrame(rows, columns=list(LAYER_COLUMNS))
    table["date"] = pd.to_datetime(table["date"])
    table["date_precision"] = table["date_precision"].astype("int64")
    return gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(lines, crs="EPSG:4326"),
                            crs="EPSG:4326")


def _relation_row(relation: Relation, source_name: str, target_name: str) -> dict[str, Any]:
    return {
        "id": relation.id or f"{relation.source}-{relation.kind}-{relation.target}",
        "source": relation.source,
        "target": relation.target,
        "source_name": source_name,
        "target_name": target_name,
        "kind": str(relation.kind),
        "date": relation.date,
        "date_precision": int(relation.date_precision),
        "description": relation.description or "",
        "sources": ";".join(relation.sources),
        "claimed_by": relation.claimed_by or "",
    }
