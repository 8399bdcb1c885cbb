"""Directional parts of countries and admin-1 units as gazetteer answers ("northern Mali").

The rest of the query ("Mali") is asked of the gazetteer within the user's scope; when it
is a country or an admin-1 unit, the answer is the part of its polygon that the direction
names (rule in :mod:`geomap.refdata.directions`): a place of kind ``region`` with
precision ``subcountry`` (a part of a country) or ``adm1`` (a part of a province, which
is no more precise than the province), its polygon for drawing, and a point inside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from geomap.geocoding.gazetteer import Gazetteer
from geomap.model import Place, PlaceKind
from geomap.precision import Precision
from geomap.refdata.directions import (
    BORDER_ZONE_KM,
    Direction,
    border_zone,
    inside_point,
    part_of,
    split_direction,
)
from geomap.refdata.regions import conventional_part

_PART_PRECISION = {PlaceKind.COUNTRY: Precision.SUBCOUNTRY, PlaceKind.ADMIN1: Precision.ADM1}
_BORDER = re.compile(r"^(?:(?:near|along|close to|on)\s+)?(?:the\s+)?border\s+with\s+(.+)$",
                     re.IGNORECASE)
BORDER_NOTE = f"within {BORDER_ZONE_KM:g} km of the shared border (geomap.refdata.directions)"
RULE_NOTE = "part of the polygon by bounding-box thirds (geomap.refdata.directions)"


def part_place(gazetteer: Gazetteer, query: str, country: str | None = None,
               context: Sequence[str] = ()) -> Place | None:
    """The directional part that ``query`` names, or None when it names none.

    Parameters
    ----------
    gazetteer
        Resolves the area after the direction word.
    query
        "northern Mali", "the north-west of Nigeria" is not read (only "<direction> <area>").
    country, context
        Limit the area as :meth:`Gazetteer.answer` does.

    Returns
    -------
    Place or None
        Kind ``region``, named as the query, with ``geometry`` (the part's polygon) and
        ``lat``/``lon`` inside it; None when there is no direction word, the rest is not
        a country or admin-1 unit inside the scope, or its polygon is unknown.
    """
    split = split_direction(query)
    if split is None:
        return None
    direction, rest = split
    area = gazetteer.answer(rest, country=country, context=context, limit=1).best
    return None if area is None else part_of_place(gazetteer, area.place, direction)


def part_of_place(gazetteer: Gazetteer, area: Place, direction: Direction) -> Place | None:
    """The part of a country or admin-1 ``area`` that ``direction`` names, or None.

    Parameters
    ----------
    gazetteer
        Gives the area's polygon.
    area
        A country or admin-1 place; other kinds have no part (None).
    direction
        From :func:`geomap.refdata.directions.split_direction` or ``direction_words()``.

    Returns
    -------
    Place or None
        As :func:`part_place` describes; None when the area's polygon is unknown or the
        part is empty.
    """
    if area.kind not in _PART_PRECISION:
        return None
    named = None if area.kind is not PlaceKind.COUNTRY or not area.country_code else \
        conventional_part(area.country_code, direction.north_south, direction.east_west)
    whole = None if named else gazetteer.place_geometry(area)
    part = named.geometry if named else None if whole is None else part_of(whole, direction)
    if part is None or part.is_empty:
        return None
    lat, lon = inside_point(part)
    name = f"{direction.words[:1].upper()}{direction.words[1:]} {area.name}"
    return replace(area, name=name, lat=lat, lon=lon, kind=PlaceKind.REGION,
                   precision=_PART_PRECISION[area.kind], geonameid=None,
                   geometry=part, note=f"{named.name}: {named.definition}" if named
                   else RULE_NOTE)


def border_place(gazetteer: Gazetteer, query: str, country: str | None = None) -> Place | None:
    """"near the border with Algeria" with ``country="ML"``: Mali's border zone, or None.

    Parameters
    ----------
    gazetteer
        Resolves both countries and gives their polygons.
    query
        "[near|along|close to|on] [the] border with <country>".
    country
        The home country (code or name); without it there is no answer.

    Returns
    -------
    Place or None
        Kind ``region``, precision ``subcountry``: the home country's land within
        :data:`~geomap.refdata.directions.BORDER_ZONE_KM` of the shared border (polygon
        in ``geometry``, a point inside it); None when the countries do not touch or a
        name is not a country.
    """
    match = _BORDER.match(query.strip())
    if match is None or not country:
        return None
    home, other = (_country(gazetteer, name) for name in (country, match.group(1)))
    if home is None or other is None or home.country_code == other.country_code:
        return None
    home_shape, other_shape = gazetteer.place_geometry(home), gazetteer.place_geometry(other)
    if home_shape is None or other_shape is None:
        return None
    zone = border_zone(home_shape, other_shape)
    if zone.is_empty:
        return None
    lat, lon = inside_point(zone)
    return replace(home, name=f"{home.name}, border with {other.name}", lat=lat, lon=lon,
                   kind=PlaceKind.REGION, precision=Precision.SUBCOUNTRY, geonameid=None,
                   geometry=zone, note=BORDER_NOTE)


def _country(gazetteer: Gazetteer, name: str) -> Place | None:
    found = gazetteer.answer(name, limit=1).best
    return found.place if found is not None and found.place.kind is PlaceKind.COUNTRY else None
