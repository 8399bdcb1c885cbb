"""One precision scale for places and one for dates.

Every dataset's own codes map onto these scales without loss of meaning (the original
code is kept beside it in the event tables as ``geo_precision_code`` /
``time_precision_code``).

Spatial scale (``Precision``), from finest to coarsest::

    1 EXACT        the named place itself               ACLED 1, UCDP 1, GDELT city (3, 4)
    2 NEAR         near a place / a small area around   ACLED 2, UCDP 2
    3 ADM2         second-order division (centroid)     UCDP 3
    4 ADM1         province / region (centroid)         ACLED 3, UCDP 4, GDELT 2 and 5
    5 SUBCOUNTRY   larger than ADM1, within a country   UCDP 5
    6 COUNTRY      country (centroid)                   UCDP 6, GDELT 1
    7 WATER        water body or international airspace UCDP 7
    8 MULTINATIONAL a region spanning countries (the Sahel) -- geomap's own, for named regions

Only EXACT and NEAR locate an event at a point; everything from ADM2 up is an area,
and its coordinates are a centroid that must never be drawn or counted as a point.
"""

from __future__ import annotations

from enum import IntEnum


class Precision(IntEnum):
    """How well a location is known, finest (1) to coarsest (8)."""

    EXACT = 1
    NEAR = 2
    ADM2 = 3
    ADM1 = 4
    SUBCOUNTRY = 5
    COUNTRY = 6
    WATER = 7
    MULTINATIONAL = 8

    @property
    def is_point(self) -> bool:
        """True when the coordinates stand for the place itself, not an area's centroid."""
        return self <= Precision.NEAR

    @property
    def label(self) -> str:
        """A human label for legends and popups."""
        return _PRECISION_LABELS[self]

    @classmethod
    def parse(cls, value: object) -> Precision:
        """Accept an int code, a name (``"adm1"``, ``"country"``) or a Precision."""
        if isinstance(value, Precision):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(value)
        if isinstance(value, str):
            key = value.strip().upper().replace("-", "_").replace(" ", "_")
            if key.isdigit():
                return cls(int(key))
            if key in cls.__members__:
                return cls[key]
            if key in _PRECISION_ALIASES:
                return _PRECISION_ALIASES[key]
        allowed = ", ".join(m.name.lower() for m in cls)
        raise ValueError(f"expected a precision (1-8 or one of {allowed}), got {value!r}")


_PRECISION_LABELS = {
    Precision.EXACT: "exact place",
    Precision.NEAR: "near a place",
    Precision.ADM2: "district (ADM2)",
    Precision.ADM1: "province (ADM1)",
    Precision.SUBCOUNTRY: "part of a country",
    Precision.COUNTRY: "country only",
    Precision.WATER: "water / airspace",
    Precision.MULTINATIONAL: "multi-country region",
}

_PRECISION_ALIASES = {
    "POINT": Precision.EXACT,
    "TOWN": Precision.EXACT,
    "APPROXIMATE": Precision.NEAR,
    "DISTRICT": Precision.ADM2,
    "PROVINCE": Precision.ADM1,
    "REGION": Precision.SUBCOUNTRY,
    "MULTI_COUNTRY": Precision.MULTINATIONAL,
    "SUPRANATIONAL": Precision.MULTINATIONAL,
}

# Dataset codes -> Precision.  Dicts, so readers can vectorise with Series.map.
ACLED_GEO_PRECISION = {1: Precision.EXACT, 2: Precision.NEAR, 3: Precision.ADM1}
UCDP_WHERE_PREC = {i: Precision(i) for i in range(1, 8)}
GDELT_GEO_TYPE = {
    1: Precision.COUNTRY,  # country centroid
    2: Precision.ADM1,  # US state centroid
    3: Precision.EXACT,  # US city
    4: Precision.EXACT,  # world city
    5: Precision.ADM1,  # world ADM1 centroid
}


class DatePrecision(IntEnum):
    """How well a date is known, finest (1) to coarsest (5); follows UCDP ``date_prec``."""

    DAY = 1
    DAYS = 2  # within 2-6 days
    WEEK = 3
    MONTH = 4
    YEAR = 5

    @property
    def label(self) -> str:
        return _DATE_LABELS[self]

    @classmethod
    def parse(cls, value: object) -> DatePrecision:
        """Accept an int code, a name (``"month"``) or a DatePrecision."""
        if isinstance(value, DatePrecision):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(value)
        if isinstance(value, str):
            key = value.strip().upper()
            if key.isdigit():
                return cls(int(key))
            if key in cls.__members__:
                return cls[key]
        allowed = ", ".join(m.name.lower() for m in cls)
        raise ValueError(f"expected a date precision (1-5 or one of {allowed}), got {value!r}")


_DATE_LABELS = {
    DatePrecision.DAY: "exact day",
    DatePrecision.DAYS: "within a few days",
    DatePrecision.WEEK: "within a week",
    DatePrecision.MONTH: "within a month",
    DatePrecision.YEAR: "within a year",
}

#: The periods the ``admin1_by_<period>`` and ``admin0_by_<period>`` layers count events
#: by (``geomap layers --by``, a project's ``periods``): the month, the ISO week (from its
#: Monday) and the day. A day layer counts only the events whose day is known
#: (``DatePrecision.DAY``): one known to a week or a month has no day of its own.
PERIODS: tuple[str, ...] = ("month", "week", "day")

ACLED_TIME_PRECISION = {1: DatePrecision.DAY, 2: DatePrecision.WEEK, 3: DatePrecision.MONTH}
UCDP_DATE_PREC = {i: DatePrecision(i) for i in range(1, 6)}
