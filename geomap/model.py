"""Small typed value objects: Place, Event, Actor, Relation, Source, Reject.

Events follow ACLED's field names and meanings wherever ACLED has the field, so ACLED
and UCDP GED rows map onto them without loss. Bulk data never becomes one Python object
per row: readers produce a pandas DataFrame whose columns are ``EVENT_COLUMNS`` (the
same names as :class:`Event`'s fields) and the objects are for hand-curated scenarios,
tests and the API.

Coordinates: people write ``lat, lon``; GeoJSON and shapely use ``x=lon, y=lat``.
:func:`lonlat` is the one place where the order flips.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from geomap.precision import DatePrecision, Precision


def check_latlon(lat: float, lon: float) -> tuple[float, float]:
    """Validate a ``(lat, lon)`` pair and return it as floats.

    Raises ``ValueError`` naming the bad value; hints at a swap when ``lat`` is out of
    range but would be a valid longitude and ``lon`` a valid latitude.
    """
    lat_f, lon_f = float(lat), float(lon)
    if not (math.isfinite(lat_f) and math.isfinite(lon_f)):
        raise ValueError(f"expected finite coordinates, got lat={lat!r}, lon={lon!r}")
    if not -90.0 <= lat_f <= 90.0:
        hint = ""
        if -90.0 <= lon_f <= 90.0 and -180.0 <= lat_f <= 180.0:
            hint = " Latitude and longitude look swapped: geomap takes (lat, lon)."
        raise ValueError(f"expected latitude in [-90, 90], got {lat!r}.{hint}")
    if not -180.0 <= lon_f <= 180.0:
        raise ValueError(f"expected longitude in [-180, 180], got {lon!r}")
    return lat_f, lon_f


def lonlat(lat: float, lon: float) -> tuple[float, float]:
    """The one lat/lon -> (x, y) conversion: ``(lat, lon)`` in, ``(lon, lat)`` out."""
    lat_f, lon_f = check_latlon(lat, lon)
    return lon_f, lat_f


class PlaceKind(StrEnum):
    """What kind of place a Place is."""

    POPULATED_PLACE = "populated_place"
    ADMIN2 = "admin2"
    ADMIN1 = "admin1"
    COUNTRY = "country"
    REGION = "region"  # named region: the Sahel, Donbas, the Maghreb
    WATER = "water"
    POINT = "point"  # bare coordinates
    OTHER = "other"


class ActorKind(StrEnum):
    """Kinds of actors in conflict reporting."""

    STATE = "state"
    GOVERNMENT = "government"
    ARMED_FORCES = "armed_forces"
    ARMED_GROUP = "armed_group"
    PRIVATE_MILITARY_COMPANY = "private_military_company"
    INTELLIGENCE_AGENCY = "intelligence_agency"
    PERSON = "person"
    MILITIA = "militia"
    CIVILIANS = "civilians"
    ORGANISATION = "organisation"
    OTHER = "other"


#: Kinds whose home is their country's capital, the seat of the state, whatever their
#: events: a state acting as a government, its government, forces and agencies. Never the
#: country's centroid or representative point (Russia's lies in central Siberia).
SEAT_KINDS = frozenset({ActorKind.STATE, ActorKind.GOVERNMENT, ActorKind.ARMED_FORCES,
                        ActorKind.INTELLIGENCE_AGENCY})


class RelationKind(StrEnum):
    """Kinds of relations between actors (drawn as lines between their places)."""

    SUPPORT = "support"
    ALLEGED_SUPPORT = "alleged_support"
    ALLIANCE = "alliance"
    HOSTILITY = "hostility"
    ATTACK = "attack"
    SEVERED_TIES = "severed_diplomatic_ties"
    EXPULSION = "expulsion"
    DEPLOYMENT = "deployment"
    WITHDRAWAL = "withdrawal"
    ACCUSATION = "accusation"
    DENIAL = "denial"
    COOPERATION = "cooperation"


#: ACLED's six event types, in ACLED's order.
EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)


#: :attr:`Reject.kind` of a row placed by a guess among namesakes (a place name geocoded
#: with low confidence).
GUESSED_PLACE = "guessed place"


@dataclass(frozen=True, slots=True)
class Reject:
    """One rejected row of an input: where it was, which field, and why.

    ``kind`` marks warnings the map counts in a caveat: :data:`GUESSED_PLACE`, a row
    placed by a place name geocoded with low confidence."""

    file: str
    line: int | None
    field: str | None
    reason: str
    raw: str | None = None
    kind: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        what = f" field {self.field!r}:" if self.field else ""
        return f"{where}:{what} {self.reason}"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact comes from."""

    id: str
    title: str
    publisher: str | None = None
    url: str | None = None
    date: date | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place.

    ``geometry`` (a shapely geometry, for areas) is excluded from equality and hashing.
    """

    name: str
    lat: float
    lon: float
    kind: PlaceKind = PlaceKind.POPULATED_PLACE
    precision: Precision = Precision.EXACT
    country_code: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None  # admin-1 name
    admin1_code: str | None = None  # ISO 3166-2 where known
    geonameid: int | None = None
    population: int | None = None
    id: str | None = None  # a scenario's own key for the place
    note: str | None = None
    geometry: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        check_latlon(self.lat, self.lon)

    @property
    def xy(self) -> tuple[float, float]:
        """``(lon, lat)`` for shapely/GeoJSON."""
        return lonlat(self.lat, self.lon)


@dataclass(frozen=True, slots=True)
class Actor:
    """A party to events: a state, an armed group, a company, a person."""

    id: str
    name: str
    kind: ActorKind = ActorKind.OTHER
    aliases: tuple[str, ...] = ()
    country_code: str | None = None
    place: str | None = None  # the id of the actor's home place
    description: str | None = None
    affiliation: str | None = None  # the id of a parent actor (a person's state, a unit's army)


@dataclass(frozen=True, slots=True)
class Relation:
    """A directed relation between two actors, e.g. support or severed diplomatic ties."""

    source: str  # actor id
    target: str  # actor id
    kind: RelationKind
    date: date | None = None
    date_precision: DatePrecision = DatePrecision.DAY
    sources: tuple[str, ...] = ()
    claimed_by: str | None = None  # actor id whose claim this is, when only one side says so
    description: str | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One event, with ACLED's field names and meanings.

    ``geo_precision`` and ``time_precision`` are on geomap's own scales
    (:class:`~geomap.precision.Precision`, :class:`~geomap.precision.DatePrecision`);
    ``geo_precision_code``/``time_precision_code`` keep the dataset's original code.
    ``fatalities`` is the best estimate (UCDP ``best``), with ``fatalities_low`` and
    ``fatalities_high`` where the source gives a range.
    """

    event_id: str
    event_date: date
    event_type: str
    latitude: float
    longitude: float
    geo_precision: Precision = Precision.EXACT
    time_precision: DatePrecision = DatePrecision.DAY
    sub_event_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    assoc_actor_1: str | None = None
    assoc_actor_2: str | None = None
    inter1: int | None = None
    inter2: int | None = None
    interaction: int | None = None
    country: str | None = None
    iso: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    location: str | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    fatalities_claimed_by: str | None = None  # set when the number is one side's claim
    notes: str | None = None
    source: str | None = None  # source names, as ACLED's `source`
    source_url: str | None = None
    source_scale: str | None = None
    date_end: date | None = None
    dataset: str = "scenario"  # acled | ucdp | gdelt | scenario | table
    geo_precision_code: str | None = None
    time_precision_code: str | None = None
    place_id: str | None = None  # scenario place key

    def __post_init__(self) -> None:
        check_latlon(self.latitude, self.longitude)

    @property
    def is_point(self) -> bool:
        """True when the coordinates are the event's place, not an area's centroid."""
        return self.geo_precision.is_point

    def to_row(self) -> dict[str, Any]:
        """The event as a flat dict with ``EVENT_COLUMNS`` keys (enums as ints)."""
        row: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            row[f.name] = int(value) if isinstance(value, (Precision, DatePrecision)) else value
        return row


#: The columns of every events table, in order: the same names as Event's fields.
EVENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Event))


class Geocoder(Protocol):
    """Anything that resolves a place name: the offline gazetteer, a geopy adapter, a mock."""

    def resolve(self, query: str, *, country: str | None = None) -> Place:
        """The best place for ``query`` (raises :class:`geomap.errors.GeocodeError`)."""
        ...
