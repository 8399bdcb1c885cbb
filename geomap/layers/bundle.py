"""The hand-off between the layer builder and the renderer.

A :class:`LayerBundle` holds every layer of one map as GeoDataFrames in EPSG:4326. The
layer builder fills it; the renderer only reads it (the renderer never reads files).

Column conventions (a layer may carry more columns; these are the ones others rely on):

``events``
    ``geomap.model.EVENT_COLUMNS`` + ``geometry`` (a Point at latitude/longitude even for
    coarse events: the renderer decides how to draw by ``geo_precision``) +
    ``admin0_code`` (ISO 3166-1 alpha-2 attached) + ``admin1_code`` (ISO 3166-2 attached,
    empty when the event is coarser than ADM1).
``admin1`` / ``admin0``
    ``code`` (ISO 3166-2 / alpha-2), ``name``, ``country_code``, ``events``, ``fatalities``,
    ``first_date``, ``last_date``, one ``n_<type_slug>`` column per event type, ``geometry``.
``regions``
    named regions: ``id``, ``name``, ``definition``, ``source``, ``approximate``,
    ``geometry``.
``actors``
    ``id``, ``name``, ``kind``, ``country_code``, ``events``, ``first_date``,
    ``last_date``, ``footprint`` (";"-joined region codes), ``geometry`` (home point).
``relations``
    ``source``, ``target``, ``source_name``, ``target_name``, ``kind``, ``date``,
    ``date_precision``, ``description``, ``sources``, ``claimed_by``, ``geometry``
    (LineString from the source actor's place to the target's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from geomap.model import Reject, Source

if TYPE_CHECKING:
    from geomap.sources.report import ReadResult, SourceReport


@dataclass
class LayerBundle:
    """Everything one map shows."""

    title: str
    subtitle: str | None = None
    events: Any = None  # GeoDataFrame | None
    admin1: Any = None
    admin0: Any = None
    regions: Any = None
    actors: Any = None
    relations: Any = None
    highlight_countries: list[str] = field(default_factory=list)  # ISO2 codes to shade
    sources: dict[str, Source] = field(default_factory=dict)
    attributions: list[str] = field(default_factory=list)  # one per data source used
    bounds: tuple[float, float, float, float] | None = None  # (south, west, north, east)
    notes: list[str] = field(default_factory=list)  # caveats shown on the map
    #: Events kept but doubtful (outside their stated country), each naming file and line.
    warnings: list[Reject] = field(default_factory=list)
    #: What the layers were made from: each reader's result (its rows, rejects and
    #: warnings), and a report per source (with why one gave nothing, such as a file
    #: that could not be read).
    reads: list[ReadResult] = field(default_factory=list)
    inputs: list[SourceReport] = field(default_factory=list)
    #: The file each row of ``events`` came from (an array in row order), when known.
    event_files: Any = None

    @property
    def rejects(self) -> list[Reject]:
        """The rows of the sources that could not be used, each naming file and line."""
        return [reject for read in self.reads for reject in read.rejects]
