"""The one module that knows every asset URL a map page loads.

The manifest ``geomap/data/assets.json`` maps each CDN URL that folium and its plugins put
in a page to the file that carries the same library inside a registry package (XStatic
packages on PyPI, folium's own wheel). Offline pages inline those files; online pages keep
the CDN URLs, or point at a mirror given by ``cdn_base`` / ``GEOMAP_CDN_BASE``.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from geomap import settings
from geomap.errors import DataError, MissingDependency

CDN_BASE_ENV = settings.CDN_BASE_ENV


@dataclass(frozen=True)
class Asset:
    """One script or stylesheet a map page may load.

    ``package``/``file`` are ``None`` when no registry package carries the file: such an
    asset can only be used online.
    """

    name: str
    kind: str  # "js" or "css"
    urls: tuple[str, ...]
    package: str | None
    file: str | None
    needed_if: str | None
    optional: bool = False  # an offline page may go without it when no package has it

    @property
    def available_offline(self) -> bool:
        """Whether a registry package carries this file."""
        return self.package is not None and self.file is not None

    @property
    def mirror_path(self) -> str | None:
        """Path of this file below a self-hosted mirror: ``<package>/<file>``."""
        return f"{self.package}/{self.file}" if self.available_offline else None

    def is_needed(self, content: str) -> bool:
        """Whether the map's own HTML/JS ``content`` uses this asset."""
        return self.needed_if is None or re.search(self.needed_if, content) is not None


@functools.cache
def _manifest() -> dict[str, Any]:
    text = resources.files("geomap.data").joinpath("assets.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@functools.cache
def all_assets() -> tuple[Asset, ...]:
    """Every asset in the manifest, in manifest order."""
    return tuple(
        Asset(
            name=item["name"],
            kind=item["kind"],
            urls=tuple(item["urls"]),
            package=item["package"],
            file=item["file"],
            needed_if=item["needed_if"],
            optional=item.get("optional", False),
        )
        for item in _manifest()["assets"]
    )


@functools.cache
def _by_url() -> dict[str, Asset]:
    return {url: asset for asset in all_assets() for url in asset.urls}


def asset_for_url(url: str) -> Asset | None:
    """Return the manifest entry for a CDN ``url``, or ``None`` when it is unknown."""
    return _by_url().get(url)


def asset_named(name: str) -> Asset:
    """Return the manifest entry called ``name`` (e.g. ``"leaflet_js"``).

    Raises
    ------
    DataError
        If the manifest has no such entry.
    """
    for asset in all_assets():
        if asset.name == name:
            return asset
    known = [asset.name for asset in all_assets()]
    raise DataError(f"no asset named {name!r} in assets.json; known: {known}")


def package_dir(package: str) -> Path:
    """Folder of the files a registry ``package`` carries.

    Raises
    ------
    DataError
        If the package is not in the manifest.
    MissingDependency
        If the package is not installed.
    """
    spec = _manifest()["packages"].get(package)
    if spec is None:
        known = sorted(_manifest()["packages"])
        raise DataError(f"asset package {package!r} is not in assets.json; known: {known}")
    try:
        module = importlib.import_module(spec["module"])
    except ImportError as err:
        raise MissingDependency(package, "offline") from err
    return Path(module.__file__ or "").parent / spec["dir"]


def asset_path(asset: Asset) -> Path:
    """Local file carrying ``asset``.

    Raises
    ------
    DataError
        If no registry package carries it, or the file is missing from the package.
    """
    if asset.package is None or asset.file is None:
        raise DataError(f"asset {asset.name!r} ({asset.urls[0]}) has no local copy")
    path = package_dir(asset.package) / asset.file
    if not path.is_file():
        raise DataError(
            f"asset {asset.name!r} expected at {path}, not found. "
            f"Reinstall the package: pip install --force-reinstall {asset.package}"
        )
    return path


def links(*names: str) -> list[tuple[str, str]]:
    """``(name, url)`` pairs of the named assets, as folium's ``default_js``/``default_css``.

    Maps declare what they load with these (a new list each time, set on the instance, so a
    folium class's own lists are never changed).
    """
    return [(name, asset_named(name).urls[0]) for name in names]


def cdn_base(override: str | None = None) -> str | None:
    """The mirror base URL for online pages: ``override``, else :mod:`geomap.settings`'s."""
    if override is not None:
        return override.rstrip("/") or None
    return settings.resolved_cdn_base()


def mirror_url(url: str, base: str) -> str:
    """Rewrite a known CDN ``url`` to ``<base>/<package>/<file>``; unknown URLs unchanged."""
    asset = asset_for_url(url)
    if asset is None or asset.mirror_path is None:
        return url
    return f"{base.rstrip('/')}/{asset.mirror_path}"


_CSS_URL = re.compile(r"""url\(\s*["']?([^"')#?]+)""")


def export_mirror(directory: str | Path) -> list[Path]:
    """Copy every locally available asset to ``directory`` as ``<package>/<file>``.

    Serve the folder as static files and pass its URL as ``cdn_base`` (or set
    ``$GEOMAP_CDN_BASE``): online maps then load nothing from public CDNs. Files a
    stylesheet refers to (fonts, images) and an ``images/`` folder beside it (Leaflet's
    marker images) are copied too.

    Returns
    -------
    list[Path]
        The files written, each once.
    """
    import shutil

    root = Path(directory)
    written: dict[Path, None] = {}
    for asset in all_assets():
        if not asset.available_offline:
            continue
        base = package_dir(asset.package or "")
        for path in _files_of(asset_path(asset), asset.kind):
            relative = Path(os.path.normpath(path.relative_to(base)))
            target = root / (asset.package or "") / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            written[target] = None
    return list(written)


def _files_of(source: Path, kind: str) -> list[Path]:
    """``source`` and, for a stylesheet, the local files it needs."""
    if kind != "css":
        return [source]
    refs = _CSS_URL.findall(source.read_text(encoding="utf-8"))
    local = [source.parent / ref for ref in refs if not re.match(r"(?:[a-z]+:)?//|data:", ref)]
    images = sorted((source.parent / "images").glob("*.png"))
    return [source, *local, *images]
