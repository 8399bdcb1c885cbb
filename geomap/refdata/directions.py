"""Directional parts of areas: "northern Mali", "eastern Ukraine", "north-west Nigeria".

The words are data (``geomap/data/direction_words.csv``); extraction and the geocoder
both read them from here.  The rule for the part's shape:

- the area's *frame* is the longitude/latitude bounding box of its largest polygon (so a
  far-off island or exclave does not stretch it: Norway's frame is the mainland's);
- the frame is cut into thirds each way; "northern" is everything of the area north of
  the line two thirds up the frame, "southern" south of the line one third up, "eastern"
  and "western" likewise east-west, "north-west" both at once, "central" the middle third
  both ways;
- the part is the area's polygon clipped to that (islands beyond the frame included), and
  its point is a point inside the part (the centroid when inside, else a representative
  point).

Thirds in degrees, not in projected distance: a plain rule readers can check on a map.
Where reports mean something else by a country's part, a named region in
``geomap/data/regions.yaml`` with ``part_of`` replaces the rule for that country and
direction ("northern Mali" is the Timbuktu, Gao and Kidal regions, not the Sahara north of
20° N): :func:`geomap.refdata.regions.conventional_part`.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geomap.errors import DataError
from geomap.refdata._files import csv_records

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

DIRECTIONS_FILE = "direction_words.csv"
_NORTH_SOUTH = ("north", "middle", "south", "")
_EAST_WEST = ("west", "middle", "east", "")
_FAR = 1000.0  # degrees beyond any frame: a half-plane as a box


@dataclass(frozen=True, slots=True)
class Direction:
    """A part of an area: the third north-south and east-west it lies in ("" = any)."""

    words: str
    north_south: str
    east_west: str


@functools.cache
def direction_words() -> dict[str, Direction]:
    """Normalised direction phrase ("north western") -> its :class:`Direction`."""
    found = {}
    for row in csv_records(DIRECTIONS_FILE, ["word"], ["north_south", "east_west"]):
        ns, ew = row["north_south"], row["east_west"]
        if ns not in _NORTH_SOUTH or ew not in _EAST_WEST or not ns + ew:
            raise DataError(
                f"expected north_south in {_NORTH_SOUTH} and east_west in {_EAST_WEST} "
                f"(not both empty) in geomap/data/{DIRECTIONS_FILE}, got {ns!r}, {ew!r} for "
                f"{row['word']!r}. Fix the row.")
        found[_words(row["word"])] = Direction(row["word"], ns, ew)
    return found


def _words(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").split())


def split_direction(text: str) -> tuple[Direction, str] | None:
    """``"north-west Nigeria"`` -> (its direction, ``"Nigeria"``); None without one.

    A leading "the" is dropped; the rest keeps its spelling.
    """
    words = text.replace("-", " ").split()
    if words and words[0].casefold() == "the":
        words = words[1:]
    table = direction_words()
    for width in (2, 1):
        if len(words) > width and (found := table.get(_words(" ".join(words[:width])))):
            return found, " ".join(words[width:])
    return None


def part_of(area: BaseGeometry, direction: Direction) -> BaseGeometry:
    """The part of ``area`` (lon/lat polygon) that ``direction`` names, by the module's rule."""
    from shapely.geometry import box

    parts = getattr(area, "geoms", [area])
    west, south, east, north = max(parts, key=lambda p: p.area).bounds
    lon_lo, lon_hi = _band(direction.east_west, west, east)
    lat_lo, lat_hi = _band(direction.north_south, south, north)
    return area.intersection(box(lon_lo, lat_lo, lon_hi, lat_hi))


def _band(third: str, low: float, high: float) -> tuple[float, float]:
    step = (high - low) / 3
    if third in ("north", "east"):
        return low + 2 * step, _FAR
    if third in ("south", "west"):
        return -_FAR, low + step
    if third == "middle":
        return low + step, low + 2 * step
    return -_FAR, _FAR


def inside_point(geom: BaseGeometry) -> tuple[float, float]:
    """(lat, lon) of a point inside ``geom``: its centroid when inside, else a
    representative point."""
    centroid = geom.centroid
    point = centroid if geom.contains(centroid) else geom.representative_point()
    return float(point.y), float(point.x)


#: How far a border zone reaches into the country ("near the border with Algeria").
BORDER_ZONE_KM = 50.0
_TOUCH_DEGREES = 0.01  # boundary lines of two neighbours closer than this (~1 km) are shared


def border_zone(home: BaseGeometry, neighbour: BaseGeometry,
                km: float = BORDER_ZONE_KM) -> BaseGeometry:
    """The part of ``home`` within ``km`` of its border with ``neighbour`` (lon/lat).

    The shared border is ``home``'s outline where it runs within ~1 km of ``neighbour``;
    it is buffered by ``km`` in a local UTM projection and clipped to ``home``.  Empty
    when the two do not touch.
    """
    import geopandas as gpd

    shared = home.boundary.intersection(neighbour.buffer(_TOUCH_DEGREES))
    if shared.is_empty:
        return shared
    line = gpd.GeoSeries([shared], crs=4326)
    zone = line.to_crs(utm_epsg(*shared.bounds)).buffer(km * 1000.0).to_crs(4326).iloc[0]
    return home.intersection(zone)


def utm_epsg(west: float, south: float, east: float, north: float) -> int:
    """The EPSG code of the WGS 84 UTM zone at the centre of a lon/lat box.

    GeoPandas' ``estimate_utm_crs`` gives the same zone (the first, by code, whose area
    of use holds the centre: on a zone's edge the western one, on the equator the
    northern) but asks PROJ's database for it, about 0.2 s of CPU per call.
    """
    lon, lat = (west + east) / 2, (south + north) / 2
    zone = min(max(math.ceil((lon + 180.0) / 6.0), 1), 60)
    return (32600 if lat >= 0 else 32700) + zone
