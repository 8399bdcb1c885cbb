"""Write the static files of a published site around its tile archive.

Every file is written to a temporary name given by ``stage`` (the build's
:class:`~geomap.build.outputs.Publisher`), and the whole folder is published as one unit
by :func:`geomap.publish.build.publish_site`. The page (``index.html``, ``lib/``) comes
from package data: Leaflet from
``xstatic-leaflet``, the drawing helpers and styles shared with the single-page map
(``geomap/data/render/geomap.js`` and ``geomap.css``), the site's own script
(``geomap/data/publish/site.js``) and the vendored ``pmtiles`` and ``pbf`` readers. The
data files are JSON: ``site.json`` (title, styles, time range), ``areas.json``
(province and country outlines of the areas with events), ``counts.json`` (events per
area, type and month interval), ``layers.json`` (a scenario's named regions, actors and
relations), ``footprints.json`` (the footprints of the actors of event data, fetched when
the page needs them) and ``basemap.geojson`` (land outlines). The rejects
and warnings files are named as ``geomap build`` names them (``rejects.<hash>.csv``);
they are the author's (``geomap publish`` names them in its report), not the reader's:
neither ``index.html`` nor ``site.json`` names them, and the page's caveats count the rows
left out without pointing at a file its reader cannot open.
"""

from __future__ import annotations

import html
import json
import os
import re
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geomap._files import is_geomap_page
from geomap.build.outputs import refuse_strangers
from geomap.errors import ConfigError
from geomap.layers.aggregate import boundary_shapes
from geomap.layers.build import credit_places
from geomap.precision import Precision
from geomap.publish.overlays import FOOTPRINTS_FILE, lazy_footprints, site_layers
from geomap.publish.tiles import (
    CELL_BITS,
    EVENTS_MIN_ZOOM,
    EVENTS_PER_TILE,
    MAX_ZOOM,
    UNKNOWN,
)
from geomap.refdata.boundaries import admin0_or_default, admin1_or_default, basemap_geojson_text
from geomap.render.assets import asset_named, asset_path
from geomap.render.basemap import STYLE as BASEMAP_STYLE
from geomap.render.places import place_points
from geomap.render.styles import load_styles
from geomap.render.vectors import admin_features

ARCHIVE = "events.pmtiles"
#: Files of the page: name in the site's ``lib/`` <- package data path below geomap/data.
PAGE_FILES = {
    "geomap.js": "render/geomap.js", "geomap.css": "render/geomap.css",
    "site.js": "publish/site.js", "site.css": "publish/site.css", "start.js": "publish/start.js",
    "tiles.js": "publish/tiles.js",
    "pmtiles.js": "publish/vendor/pmtiles/pmtiles.js", "pbf.js": "publish/vendor/pbf/pbf.js",
    "LICENSE.pmtiles": "publish/vendor/pmtiles/LICENSE",
    "LICENSE.pbf": "publish/vendor/pbf/LICENSE",
}
#: The files a site holds besides ``lib/`` (the page's libraries) and its rejects and
#: warnings files (:data:`ROWS_FILE`).
SITE_FILES = ("index.html", "site.json", "areas.json", "counts.json", "actors.json",
              "layers.json", "footprints.json", "basemap.geojson", "README.txt",
              "events.pmtiles")
#: A site's rejects and warnings files (hashed, as ``geomap build`` names them; older
#: versions wrote ``rejects.csv``).
ROWS_FILE = re.compile(r"(rejects|warnings)(\.[0-9a-f]{16})?\.csv")
#: ``stage(target)``: the temporary path to write ``target`` to (published later).
StageFile = Callable[[Path], Path]
LEVELS = ("admin1", "country", "none", "unplaced")
LEAFLET_IMAGES = ("layers.png", "layers-2x.png")


@dataclass
class SiteInfo:
    """What the page needs to know besides the tiles."""

    title: str
    bounds: tuple[float, float, float, float]  # south, west, north, east
    notes: list[str] = field(default_factory=list)
    attributions: list[str] = field(default_factory=list)
    subtitle: str = ""
    #: The shallowest zoom of a leaf tile (:func:`geomap.publish.tiles.low_leaves`).
    leaf_from: int = EVENTS_MIN_ZOOM
    #: The first and last day the events' dates reach (days since 1970-01-01): the time
    #: slider's range, as on the single page; None without dates (whole months then).
    days: tuple[int, int] | None = None
    #: The time histogram's bars by the single page's rule (records.histogram_bins).
    histogram: dict[str, Any] | None = None
    #: The rejects and warnings files published with the site, if any.
    rejects: Path | None = None
    warnings: Path | None = None
    #: What the page opens on (south, west, north, east): ``bounds`` without the stray
    #: outermost events (:func:`geomap.publish.build.opening_frame`); None: ``bounds``.
    frame: tuple[float, float, float, float] | None = None
    #: The site's event types, a style entry each at the records' ``t``
    #: (:func:`geomap.publish.records.type_list`); None: ACLED's six and "Other", the
    #: styles' ``event_types`` and ``other_event_type``.
    types: list[dict[str, Any]] | None = None


#: The site's folders, which a publish writes into (never through a link).
LIB_FOLDERS = ("lib", "lib/images")


def check_site_folder(sources: Sequence[Path], folder: Path) -> None:
    """Refuse, before any work, a site folder where publishing would replace a source: one
    named like a site file, or inside ``lib/`` (symlinks followed); or write outside the
    site: a ``lib/`` or ``lib/images/`` that is a link to elsewhere.

    Raises
    ------
    geomap.errors.ConfigError
        Naming the source and the fix.
    """
    site = Path(os.path.realpath(folder))
    for source in sources:
        inside = Path(os.path.realpath(source))
        if not inside.is_relative_to(site):
            continue
        name = inside.relative_to(site).as_posix()
        if name in SITE_FILES or ROWS_FILE.fullmatch(name) or name.startswith("lib/"):
            raise ConfigError(f"expected a site folder that does not hold a source it writes "
                              f"over, got {str(source)!r} in {str(folder)!r}; move the source "
                              "or choose another -o", key="output")
    for sub in LIB_FOLDERS:  # a link there had the libraries written elsewhere
        leads = Path(os.path.realpath(Path(folder) / sub))
        if leads != site / sub:
            raise ConfigError(f"expected the site's {sub} to be a folder inside it, got "
                              f"{str(Path(folder) / sub)!r}, which leads to {str(leads)!r}; "
                              "remove the link or choose another -o", key="output")
    # a home page and a README of one's own were replaced without a word
    refuse_strangers(folder, ("index.html", "README.txt"), _ours, what="a site geomap "
                     "published", by="the site")


def _ours(path: Path) -> bool:
    """Whether ``path``, a file a publish would replace, is geomap's: a page with
    geomap's marks (:func:`geomap._files.is_geomap_page`, older pages too), a README that
    opens as the site's does."""
    if path.name == "index.html":
        return is_geomap_page(path)
    first = _data_file("publish", path.name).split(b"\n", 1)[0]
    with path.open("rb") as handle:
        return handle.read(len(first)) == first


def write_site(stage: StageFile, folder: Path, info: SiteInfo, counts: pd.DataFrame,
               actors: dict[str, Any] | None = None,
               filters: dict[str, Any] | None = None,
               layers: dict[str, Any] | None = None,
               footprints: dict[str, Any] | None = None) -> list[Path]:
    """Stage every file of the site except the archive and the rejects; the paths.

    Parameters
    ----------
    stage
        Gives the temporary path to write each target to.
    folder
        The site folder.
    info
        Title, bounds, caveats, attributions, rejects and warnings files.
    counts
        Events per area, type and month interval
        (:func:`geomap.publish.records.combine_area_counts`).
    actors
        The actors the search finds (:func:`geomap.publish.actors.actors_json`); none
        when not given.
    filters
        The sub-event types, precisions and sources the marker filters list, with their events
        (:func:`geomap.publish.records.filter_lists`); none when not given.
    layers
        A scenario's named regions, actors and relations
        (:func:`geomap.publish.overlays.site_layers`); none when not given.
    footprints
        The footprints of the actors of event data, fetched when asked
        (:func:`geomap.publish.overlays.lazy_footprints`); none when not given.
    """
    areas, codes = _areas(counts)
    months = _month_range(counts)
    places = place_points(_places_box(info.bounds, layers))
    info = replace(info, attributions=credit_places(info.attributions, places))
    files: list[tuple[str, bytes]] = [
        ("site.json", _json(_meta(info, months, filters))), ("areas.json", _json(areas)),
        ("counts.json", _json(_columns(counts, codes))),
        ("actors.json", _json(actors or {"actors": [], "total": 0, "limit": 0})),
        ("layers.json", _json(layers or site_layers([], []))),
        (FOOTPRINTS_FILE, _json(footprints or lazy_footprints([]))),
        ("places.json", _json(places)),
        ("basemap.geojson", basemap_geojson_text().encode("utf-8")),
        ("README.txt", _data_file("publish", "README.txt")), *_page_files(),
        ("index.html", _index(info).encode("utf-8")),  # last: it opens the site
    ]
    for name, data in files:
        stage(folder / name).write_bytes(data)
    return [folder / name for name, _ in files]


def _places_box(bounds: tuple[float, float, float, float], layers: dict[str, Any] | None
                ) -> tuple[float, float, float, float]:
    """South, west, north, east of what the site opens on: its events' box and a story's
    frame (the towns the single page labels are those of its frame)."""
    story = (layers or {}).get("bounds")
    if not story:
        return bounds
    return (min(bounds[0], story[0]), min(bounds[1], story[1]), max(bounds[2], story[2]),
            max(bounds[3], story[3]))


def _data_file(*parts: str) -> bytes:
    return resources.files("geomap.data").joinpath(*parts).read_bytes()


def _index(info: SiteInfo) -> str:
    page = string.Template(_data_file("publish", "index.html").decode("utf-8"))
    return page.substitute(title=html.escape(info.title, quote=True))


def _page_files() -> list[tuple[str, bytes]]:
    """``lib/`` files: name in the site and content."""
    files = [(f"lib/{name}", _data_file(*source.split("/")))
             for name, source in PAGE_FILES.items()]
    for name in ("leaflet_js", "leaflet_css"):
        path = asset_path(asset_named(name))
        files.append((f"lib/{path.name}", path.read_bytes()))
    images = asset_path(asset_named("leaflet_css")).parent / "images"
    # the collapsed layer control's icon, on small screens
    files += [(f"lib/images/{image}", (images / image).read_bytes()) for image in LEAFLET_IMAGES]
    return files


def _meta(info: SiteInfo, months: tuple[int, int],
          filters: dict[str, Any] | None = None) -> dict[str, Any]:
    styles = dict(load_styles())
    styles["precision"] = {int(Precision[name]): style
                           for name, style in styles["precision"].items()}
    return {
        "title": info.title, "subtitle": info.subtitle, "notes": info.notes,
        "bounds": list(info.bounds), "months": list(months),
        "frame": list(info.frame) if info.frame else None,
        "days": list(info.days) if info.days else None, "histogram": info.histogram,
        "styles": styles, **({"types": info.types} if info.types is not None else {}),
        "precisionLabels": {int(p): p.label for p in Precision},
        "attribution": " · ".join(info.attributions), "tiles": ARCHIVE,
        "maxZoom": MAX_ZOOM, "cellBits": CELL_BITS, "eventsPerTile": EVENTS_PER_TILE,
        "eventsMinZoom": info.leaf_from,
        "filters": filters or {"subEventTypes": [], "precisions": []},
        "basemap": {"land": BASEMAP_STYLE["land"], "sea": BASEMAP_STYLE["sea"],
                    "border": BASEMAP_STYLE["border"]},
    }


def _month_range(counts: pd.DataFrame) -> tuple[int, int]:
    known = counts[counts["m"] != UNKNOWN]
    if not len(known):
        return 0, 0
    return int(known["m"].min()), int((known["m"] + known["s"]).max())


def _areas(counts: pd.DataFrame) -> tuple[dict[str, Any], dict[str, dict[str, int]]]:
    """Outlines of the provinces and countries with events, and each code's position."""
    areas: dict[str, Any] = {}
    codes: dict[str, dict[str, int]] = {}
    for level, frame, kind in (("admin1", admin1_or_default(None), "admin1"),
                               ("country", admin0_or_default(None), "admin0")):
        wanted = set(counts.loc[counts["level"] == level, "code"])
        shapes = boundary_shapes(frame, kind)
        shapes = shapes[shapes["code"].isin(wanted)].sort_values("code", kind="stable")
        features = admin_features(shapes, [])
        for feature in features:
            props = feature["properties"]
            feature["properties"] = {k: props[k] for k in ("code", "name", "cc", "at")}
        areas[kind] = features
        codes[level] = {f["properties"]["code"]: i for i, f in enumerate(features)}
    return areas, codes


def _columns(counts: pd.DataFrame, codes: dict[str, dict[str, int]]) -> dict[str, list[int]]:
    """The counts as columns of integers; areas without an outline count as ``none``."""
    position = np.array([codes.get(level, {}).get(code, -1) for level, code in
                         zip(counts["level"], counts["code"], strict=True)], dtype=np.int64)
    level = counts["level"].map({name: i for i, name in enumerate(LEVELS)}).to_numpy()
    outline = np.isin(level, [0, 1])
    level = np.where(outline & (position < 0), LEVELS.index("none"), level)
    return {"level": level.tolist(), "code": position.tolist(),
            **{key: counts[key].astype(np.int64).tolist() for key in ("t", "m", "s", "n", "f")}}


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
