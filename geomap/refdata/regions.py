"""Named regions (Sahel, Maghreb, Donbas…) as polygons, from definitions in data.

The definitions live in ``geomap/data/regions.yaml``: each region is a union of countries,
a union of admin-1 units, or a latitude/longitude band clipped to land, with a cited
definition. Shapes are computed from the packaged boundaries on first use and cached.
"""

from __future__ import annotations

import copy
import functools
import logging
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from geomap.errors import DataError, PlaceNotFound
from geomap.precision import Precision
from geomap.refdata._files import data_yaml
from geomap.refdata.boundaries import load_admin0, load_admin1

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

logger = logging.getLogger(__name__)

REGIONS_FILE = "regions.yaml"
SHAPE_KEYS = ("countries", "admin1", "band")
BAND_KEYS = ("south", "north", "west", "east")
COLUMNS = [
    "id", "name", "aliases", "definition", "source", "approximate", "countries", "kind",
    "geometry",
]  # fmt: skip


@dataclass(frozen=True)
class Region:
    """A named region with its polygon (lon/lat, EPSG:4326) and provenance.

    ``kind`` says how the shape is defined: ``"countries"``, ``"admin1"`` or ``"band"``;
    ``members`` lists the ISO 3166-1/3166-2 codes of that definition (empty for a band).
    """

    id: str
    name: str
    aliases: tuple[str, ...]
    definition: str
    source: str
    approximate: bool
    countries: tuple[str, ...]
    kind: str
    members: tuple[str, ...]
    geometry: BaseGeometry
    #: the point atlases label the region with (``point: {lat, lon}``), when given
    point: tuple[float, float] | None = None


class UnknownRegion(PlaceNotFound):
    """No named region has the given id, name or alias."""

    def __init__(self, query: str, known: list[str]) -> None:
        self.query = query
        self.candidates = list(known)
        Exception.__init__(
            self,
            f"expected a named region id, name or alias, got {query!r}. "
            f"Known ids: {', '.join(known)}. Add new regions to geomap/data/{REGIONS_FILE}.",
        )


def normalize_key(text: str) -> str:
    """Case-, accent- and punctuation-insensitive lookup key (``"Liptako Gourma"``)."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("-", " ").replace("_", " ").replace("'", " ").split())


@functools.cache
def _read_definitions() -> tuple[dict[str, Any], ...]:
    """The checked definitions, read once per process (the event locator, the parts of
    countries and the regions' shapes all ask): callers must not modify them."""
    where = f"geomap/data/{REGIONS_FILE}"
    data = data_yaml(REGIONS_FILE)
    if not isinstance(data, dict) or not isinstance(data.get("regions"), list):
        raise DataError(f"expected {where!r} to hold a 'regions:' list, got {type(data)!r}.")
    return tuple(_check_definition(entry, where) for entry in data["regions"])


def _check_definition(entry: Any, where: str) -> dict[str, Any]:
    if not isinstance(entry, dict) or not entry.get("id"):
        raise DataError(f"{where}: expected a mapping with an 'id', got {entry!r}.")
    missing = [k for k in ("name", "definition", "source") if not entry.get(k)]
    shapes = [k for k in SHAPE_KEYS if k in entry]
    if missing or len(shapes) != 1:
        raise DataError(
            f"{where}: region {entry['id']!r}: expected name, definition, source and exactly "
            f"one of {', '.join(SHAPE_KEYS)}; missing {missing!r}, shape keys {shapes!r}."
        )
    part = entry.get("part_of")
    if part is not None and (not isinstance(part, dict) or not part.get("country")
                             or set(part) - {"country", "north_south", "east_west"}):
        raise DataError(
            f"{where}: region {entry['id']!r}: expected part_of as a mapping with country "
            f"and north_south and/or east_west, got {part!r}."
        )
    point = entry.get("point")
    if point is not None and not (isinstance(point, dict) and set(point) == {"lat", "lon"}
                                  and all(isinstance(point[k], int | float)
                                          and not isinstance(point[k], bool) for k in point)
                                  and -90 <= point["lat"] <= 90
                                  and -180 <= point["lon"] <= 180):
        raise DataError(
            f"{where}: region {entry['id']!r}: expected point as a mapping of lat and lon "
            f"in degrees, got {point!r}."
        )
    precision = entry.get("precision")
    if precision is not None:
        try:
            Precision.parse(precision)
        except ValueError as err:
            raise DataError(
                f"{where}: region {entry['id']!r}: expected precision as a geomap precision "
                f"name (adm1, subcountry, multinational...), got {precision!r}."
            ) from err
    if shapes == ["band"] and sorted(entry["band"]) != sorted(BAND_KEYS):
        raise DataError(
            f"{where}: region {entry['id']!r}: expected band keys {BAND_KEYS!r}, "
            f"got {sorted(entry['band'])!r}."
        )
    return entry


def _union(geoms: list[BaseGeometry]) -> BaseGeometry:
    import shapely

    try:  # admin shapes form a clean coverage: the fast path almost always works
        merged = shapely.coverage_union_all(geoms)
    except shapely.errors.GEOSException:
        merged = shapely.union_all(geoms)
    if not merged.is_valid:
        merged = shapely.make_valid(merged)
    if merged.geom_type in {"Polygon", "MultiPolygon"}:
        return merged
    # clipping can leave slivers of lines or points beside the polygons: keep the areas only
    parts = [p for p in shapely.get_parts(merged) if p.geom_type in {"Polygon", "MultiPolygon"}]
    return shapely.union_all(parts)


def _countries_shape(codes: list[str], where: str) -> BaseGeometry:
    admin0 = load_admin0()
    chosen = admin0[admin0["iso_a2"].isin(codes)]
    unknown = sorted(set(codes) - set(chosen["iso_a2"]))
    if unknown:
        raise DataError(f"{where}: unknown country codes {unknown!r} (not in admin0.parquet).")
    return _union(list(chosen.geometry))


def _admin1_shape(codes: list[str], where: str) -> tuple[BaseGeometry, tuple[str, ...]]:
    admin1 = load_admin1()
    chosen = admin1[admin1["iso_3166_2"].isin(codes)]
    unknown = sorted(set(codes) - set(chosen["iso_3166_2"]))
    if unknown:
        raise DataError(f"{where}: unknown ISO 3166-2 codes {unknown!r} (not in admin1.parquet).")
    return _union(list(chosen.geometry)), tuple(sorted(set(chosen["iso_a2"])))


def _band_shape(entry: dict[str, Any]) -> tuple[BaseGeometry, tuple[str, ...]]:
    import shapely

    band = entry["band"]
    box = shapely.box(band["west"], band["south"], band["east"], band["north"])
    admin0 = load_admin0()
    if entry.get("clip_countries"):
        admin0 = admin0[admin0["iso_a2"].isin(entry["clip_countries"])]
    candidates = admin0.iloc[admin0.sindex.query(box, predicate="intersects")]
    pieces = shapely.intersection(candidates.geometry.to_numpy(), box)
    keep = ~shapely.is_empty(pieces) & (shapely.area(pieces) > 0)
    countries = tuple(sorted(candidates["iso_a2"][keep]))
    return _union(list(pieces[keep])), countries


def _build_region(entry: dict[str, Any]) -> Region:
    where = f"geomap/data/{REGIONS_FILE}: region {entry['id']!r}"
    kind = next(k for k in SHAPE_KEYS if k in entry)
    members: tuple[str, ...] = ()
    if kind == "countries":
        members = tuple(str(c) for c in entry["countries"])
        geometry, countries = _countries_shape(list(members), where), members
    elif kind == "admin1":
        members = tuple(str(c) for c in entry["admin1"])
        geometry, countries = _admin1_shape(list(members), where)
    else:
        geometry, countries = _band_shape(entry)
    return Region(
        id=str(entry["id"]),
        name=str(entry["name"]),
        aliases=tuple(str(a) for a in entry.get("aliases") or ()),
        definition=" ".join(str(entry["definition"]).split()),
        source=" ".join(str(entry["source"]).split()),
        approximate=bool(entry.get("approximate", False)),
        countries=countries,
        kind=kind,
        members=members,
        geometry=geometry,
        point=_point(entry, geometry, where),
    )


def _point(entry: dict[str, Any], geometry: BaseGeometry,
           where: str) -> tuple[float, float] | None:
    """The region's conventional point, checked to lie in (or by, within half a degree:
    a coast) its shape."""
    point = entry.get("point")
    if point is None:
        return None
    from shapely.geometry import Point

    lat, lon = float(point["lat"]), float(point["lon"])
    if geometry.distance(Point(lon, lat)) > 0.5:
        raise DataError(f"{where}: expected its point inside its shape, got {lat}, {lon}.")
    return lat, lon


def definitions() -> list[dict[str, Any]]:
    """The region definitions as written (id, name, aliases, ...), without computing shapes
    (copies: the caller may change them)."""
    return copy.deepcopy(list(_read_definitions()))


@functools.cache
def admin1_members() -> dict[str, frozenset[str]]:
    """Each region defined by admin-1 units ("donbas"): its id and the units' ISO 3166-2
    codes (read from the definitions, no shape computed)."""
    return {str(entry["id"]): frozenset(str(code) for code in entry["admin1"])
            for entry in _read_definitions() if "admin1" in entry}


@functools.cache
def _conventional_parts() -> dict[tuple[str, str, str], str]:
    parts = {}
    for entry in _read_definitions():
        part = entry.get("part_of")
        if part:
            key = (str(part["country"]), str(part.get("north_south") or ""),
                   str(part.get("east_west") or ""))
            parts[key] = str(entry["id"])
    return parts


def conventional_part(country_code: str, north_south: str, east_west: str) -> Region | None:
    """The named region that reports mean by a part of a country, or None.

    Parameters
    ----------
    country_code
        ISO 3166-1 alpha-2 code (``"ML"``).
    north_south, east_west
        The direction's thirds as :class:`geomap.refdata.directions.Direction` gives them
        (``"north"``, ``""``).

    Examples
    --------
    >>> conventional_part("ML", "north", "").id
    'northern-mali'
    >>> conventional_part("NE", "north", "") is None
    True
    """
    found = _conventional_parts().get((country_code, north_south, east_west))
    return None if found is None else region(found)


@functools.cache
def all_regions() -> tuple[Region, ...]:
    """Every named region, in file order (shapes computed once per process)."""
    return tuple(_build_region(entry) for entry in _read_definitions())


def _as_row(item: Region) -> dict[str, Any]:
    row: dict[str, Any] = {name: getattr(item, name) for name in COLUMNS}
    row["aliases"] = "|".join(item.aliases)
    row["countries"] = "|".join(item.countries)
    return row


@functools.cache
def load_regions() -> gpd.GeoDataFrame:
    """Named regions as a GeoDataFrame (EPSG:4326).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``id, name, aliases, definition, source, approximate, countries, kind,
        geometry``; ``aliases`` and ``countries`` are ``|``-separated strings.
        The frame is cached: copy it before modifying.

    Examples
    --------
    >>> regions = load_regions()
    >>> regions.set_index("id").loc["sahel", "countries"]
    'MR|ML|BF|NE|TD'
    """
    import geopandas as gpd

    rows = [_as_row(r) for r in all_regions()]
    return gpd.GeoDataFrame(rows, columns=COLUMNS, geometry="geometry", crs="EPSG:4326")


@functools.cache
def _lookup_table() -> dict[str, Region]:
    table: dict[str, Region] = {}
    for item in all_regions():  # ids first, so an alias never shadows another region's id
        table[normalize_key(item.id)] = item
    for item in all_regions():
        for key in (item.name, *item.aliases):
            table.setdefault(normalize_key(key), item)
    return table


def region(id_or_alias: str) -> Region:
    """Find a named region by id, name or alias (case- and accent-insensitive).

    Parameters
    ----------
    id_or_alias
        ``"sahel"``, ``"Sahel"``, ``"G5 Sahel"``, ``"Donbass"``, ``"liptako gourma"``…

    Raises
    ------
    UnknownRegion
        If nothing matches; the message lists the known ids.

    Examples
    --------
    >>> region("Donbass").members
    ('UA-14', 'UA-09')
    """
    found = _lookup_table().get(normalize_key(id_or_alias))
    if found is None:
        raise UnknownRegion(id_or_alias, [r.id for r in all_regions()])
    return found
