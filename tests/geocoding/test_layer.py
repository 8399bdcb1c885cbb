"""Index layers: round trip, atomic replacement, concurrent writers, SIGKILL while writing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geomap.geocoding._layer import Layer, LayerData, MatchType, write_layer
from geomap.geocoding.normalize import key_hash, name_key


def small_layer(tag: str, n: int = 50) -> LayerData:
    data = LayerData()
    data.meta = {"countries": ["ML", "UA"], "admin1": [["ML.09", "ML-7", "Gao"]], "tag": tag}
    for i in range(n):
        place = data.add_place(f"{tag} Place {i}", lat=10.0 + i / 100, lon=-5.0 - i / 100,
                               population=i, geonameid=1000 + i, kind=0, precision=1,
                               country=i % 2, admin1=0 if i % 2 == 0 else -1)
        data.add_key(key_hash(name_key(f"{tag} Place {i}")), place, MatchType.PRIMARY)
        data.add_key(key_hash(name_key(f"alias {i}")), place, MatchType.ALTERNATE)
    return data


def test_round_trip(tmp_path: Path) -> None:
    folder = tmp_path / "layer"
    write_layer(small_layer("a"), folder)
    layer = Layer(folder)
    assert len(layer) == 50 and layer.meta["tag"] == "a"
    assert layer.lookup(key_hash(name_key("a place 7"))) == [(7, MatchType.PRIMARY)]
    assert layer.lookup(key_hash(name_key("alias 7"))) == [(7, MatchType.ALTERNATE)]
    assert layer.lookup(key_hash("nothing")) == []
    assert layer.name(7) == "a Place 7"
    assert (float(layer.arrays["lat"][7]), float(layer.arrays["lon"][7])) == (10.07, -5.07)


def test_a_name_many_places_bear_finds_them_all_in_index_order(tmp_path: Path) -> None:
    data = small_layer("a", n=12)
    shared = key_hash(name_key("Springfield"))
    for place in (9, 2, 5, 11):
        data.add_key(shared, place, MatchType.VARIANT if place == 5 else MatchType.ALTERNATE)
    last, at_end = max((key_hash(name_key(f"a Place {i}")), i) for i in range(12))
    write_layer(data, tmp_path / "layer")
    layer = Layer(tmp_path / "layer")
    assert layer.lookup(shared) == [(2, MatchType.ALTERNATE), (5, MatchType.VARIANT),
                                    (9, MatchType.ALTERNATE), (11, MatchType.ALTERNATE)]
    assert all(type(index) is int and type(match) is int
               for index, match in layer.lookup(shared))
    assert layer.lookup(last) == [(at_end, MatchType.PRIMARY)]  # near the end of the keys
    assert layer.lookup(2**64 - 1) == [] and layer.lookup(0) == []


def test_replace_and_keep(tmp_path: Path) -> None:
    folder = tmp_path / "layer"
    write_layer(small_layer("a"), folder)
    write_layer(small_layer("b"), folder, replace=False)  # someone built it already: keep
    assert Layer(folder).meta["tag"] == "a"
    write_layer(small_layer("b"), folder)
    assert Layer(folder).meta["tag"] == "b"
    assert [p.name for p in tmp_path.iterdir()] == ["layer"]  # no temporary leftovers


WRITER = """
import sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from geomap.geocoding._layer import write_layer
from test_layer import small_layer
for i in range(int(sys.argv[2])):
    write_layer(small_layer(sys.argv[3], 2000), Path(sys.argv[1]), replace=True)
"""


def _writer(folder: Path, count: int, tag: str) -> subprocess.Popen[bytes]:
    code = WRITER.format(tests=str(Path(__file__).parent))
    return subprocess.Popen([sys.executable, "-c", code, str(folder), str(count), tag])


def test_four_concurrent_writers(tmp_path: Path) -> None:
    folder = tmp_path / "layer"
    procs = [_writer(folder, 5, f"w{n}") for n in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    layer = Layer(folder)
    assert len(layer) == 2000 and layer.meta["tag"] in {"w0", "w1", "w2", "w3"}
    assert layer.name(1999) == f"{layer.meta['tag']} Place 1999"


def test_sigkill_while_writing_keeps_a_whole_layer(tmp_path: Path) -> None:
    folder = tmp_path / "layer"
    write_layer(small_layer("before", 2000), folder)
    proc = _writer(folder, 10_000, "during")
    time.sleep(1.5)
    proc.kill()
    proc.wait()
    layer = Layer(folder)  # either the old or a new layer, never a mix or nothing
    tag = layer.meta["tag"]
    assert tag in {"before", "during"} and len(layer) == 2000
    assert layer.lookup(key_hash(name_key(f"{tag} Place 1234"))) == [(1234, MatchType.PRIMARY)]
    leftovers = [p for p in tmp_path.iterdir() if p.name != "layer"]
    old = time.time() - 7200
    for path in leftovers:  # a later writer removes what the killed one left behind
        os.utime(path, (old, old))
    write_layer(small_layer("after"), folder)
    assert [p.name for p in tmp_path.iterdir()] == ["layer"]
    assert Layer(folder).meta["tag"] == "after"


@pytest.mark.parametrize("replace", [True, False])
def test_write_layer_creates_parents(tmp_path: Path, replace: bool) -> None:
    folder = tmp_path / "a" / "b" / "layer"
    write_layer(small_layer("x", 3), folder, replace=replace)
    assert len(Layer(folder)) == 3
