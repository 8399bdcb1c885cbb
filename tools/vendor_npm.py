"""Copy the few asset files no PyPI package carries from their npm tarballs.

Run from the repository root when a pinned version changes::

    python tools/vendor_npm.py

It calls the ordinary ``npm pack`` client (which checks the registry's integrity hash),
unpacks the tarball in a temporary folder and copies only the files listed in ``VENDORED``
into ``geomap/data/vendor/``, with the package's licence. Nothing is fetched at run time: the copied
files are committed and shipped as package data.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "geomap" / "data" / "vendor"

# npm package@version -> (folder here, files inside the tarball's package/ folder)
VENDORED: dict[str, tuple[str, list[str]]] = {
    "leaflet.awesome-markers@2.0.5": (
        "leaflet.awesome-markers",
        [
            "LICENSE",
            "dist/leaflet.awesome-markers.js",
            "dist/leaflet.awesome-markers.css",
            "dist/images/markers-soft.png",
            "dist/images/markers-soft@2x.png",
            "dist/images/markers-shadow.png",
            "dist/images/markers-shadow@2x.png",
        ],
    ),
}


# folium's default Icon uses Bootstrap 3 glyphicons; only their rules and font are kept
GLYPHICONS = "bootstrap@3.4.1"
GLYPHICON_FONT = "glyphicons-halflings-regular.woff2"


def unpack(spec: str, tmp: str) -> Path:
    """``npm pack`` ``spec`` into ``tmp`` and return the unpacked ``package`` folder."""
    done = subprocess.run(
        ["npm", "pack", spec, "--silent"], cwd=tmp, capture_output=True, text=True, check=True
    )
    tarball = Path(tmp) / done.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as archive:
        archive.extractall(tmp, filter="data")
    return Path(tmp) / "package"


def vendor(spec: str, folder: str, files: list[str]) -> None:
    """Fetch ``spec`` with ``npm pack`` and copy ``files`` into ``ASSETS / folder``."""
    with tempfile.TemporaryDirectory() as tmp:
        package = unpack(spec, tmp)
        target = ASSETS / folder
        for name in files:
            destination = target / name.removeprefix("dist/")
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(package / name, destination)
            sys.stdout.write(f"{spec}: {name} -> {destination.relative_to(ASSETS)}\n")


def vendor_glyphicons() -> None:
    """Keep Bootstrap 3's glyphicon rules (not the rest of Bootstrap) and the woff2 font."""
    with tempfile.TemporaryDirectory() as tmp:
        package = unpack(GLYPHICONS, tmp)
        css = (package / "dist/css/bootstrap.css").read_text(encoding="utf-8")
        rules = [rule for rule in re.findall(r"[^{}]+\{[^{}]*\}", css) if _is_glyphicon(rule)]
        font_face = (
            '@font-face {\n  font-family: "Glyphicons Halflings";\n'
            f'  src: url("{GLYPHICON_FONT}") format("woff2");\n}}'
        )
        kept = [font_face] + [rule.strip() for rule in rules]
        target = ASSETS / "glyphicons"
        target.mkdir(exist_ok=True)
        header = f"/* Glyphicon rules of {GLYPHICONS} dist/css/bootstrap.css (MIT) */\n"
        (target / "glyphicons.css").write_text(header + "\n".join(kept) + "\n", "utf-8")
        shutil.copyfile(package / "dist/fonts" / GLYPHICON_FONT, target / GLYPHICON_FONT)
        shutil.copyfile(package / "LICENSE", target / "LICENSE")
        sys.stdout.write(f"{GLYPHICONS}: {len(kept)} glyphicon rules -> glyphicons/\n")


def _is_glyphicon(rule: str) -> bool:
    """A rule whose every selector is a glyphicon class (no Bootstrap component rules)."""
    selectors = [part.strip() for part in rule.split("{")[0].split(",")]
    return all(re.fullmatch(r"\.glyphicon(?:-[a-z0-9-]+:before)?", s) for s in selectors)


def main() -> None:
    for spec, (folder, files) in VENDORED.items():
        vendor(spec, folder, files)
    vendor_glyphicons()


if __name__ == "__main__":
    main()
