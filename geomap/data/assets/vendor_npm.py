"""Copy the few asset files no PyPI package carries from their npm tarballs.

Run from the repository root when a pinned version changes::

    python geomap/data/assets/vendor_npm.py

It calls the ordinary ``npm pack`` client (which checks the registry's integrity hash),
unpacks the tarball in a temporary folder and copies only the files listed in ``VENDORED``
next to this script, with the package's licence. Nothing is fetched at run time: the copied
files are committed and shipped as package data.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

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


def vendor(spec: str, folder: str, files: list[str]) -> None:
    """Fetch ``spec`` with ``npm pack`` and copy ``files`` into ``HERE / folder``."""
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            ["npm", "pack", spec, "--silent"], cwd=tmp, capture_output=True, text=True,
            check=True,
        )
        tarball = Path(tmp) / done.stdout.strip().splitlines()[-1]
        with tarfile.open(tarball) as archive:
            archive.extractall(tmp, filter="data")
        target = HERE / folder
        for name in files:
            source = Path(tmp) / "package" / name
            destination = target / name.removeprefix("dist/")
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            sys.stdout.write(f"{spec}: {name} -> {destination.relative_to(HERE)}\n")


def main() -> None:
    for spec, (folder, files) in VENDORED.items():
        vendor(spec, folder, files)


if __name__ == "__main__":
    main()
