"""Issue 8, item 5: processes sharing one cache and one output folder.

* Four ``geomap build`` processes at once, one ``GEOMAP_CACHE_DIR`` (empty at the start, so
  they all build the offline gazetteer index together) and one output folder: two write
  their own map, two write the same file. Every run succeeds, no row is lost, every map
  is whole, the shared map is byte-identical to a quiet sequential build, and the cache
  is left whole (no temporary folders, the index answers).
* Four processes geocode online against a fake Nominatim on 127.0.0.1 into one SQLite
  cache, with overlapping queries and a server error on some: every query ends up cached
  once, with its own answer, and the cache passes SQLite's integrity check.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geomap.geocoding._http_cache import AnswerCache
from geomap.geocoding.services import OnlineGeocoder
from tests.geocoding.fake_nominatim import FakeNominatim
from tests.security.bigdata import write_big_acled

pytestmark = pytest.mark.slow

CLI = [sys.executable, "-c", "import sys; from geomap.cli import main; sys.exit(main())"]
#: places without coordinates: the gazetteer must resolve them (name, country)
PLACES = [("Gao", "ML"), ("Kyiv", "UA"), ("Niamey", "NE"), ("Mopti", "ML"), ("Kharkiv", "UA")]


def scenario(n: int) -> str:
    lines = [f"title: Concurrent map {n}", "sources:", "  - {id: s, title: A report}",
             "places:"]
    lines += [f"  - {{id: p{k}, name: {name}, country: {cc}}}"
              for k, (name, cc) in enumerate(PLACES)]
    lines += ["actors:", "  - {id: a, name: Group A}", "events:"]
    lines += [f"  - {{id: e{k}, date: 2024-0{k + 1}-1{n}, type: Battles, actors: [a], "
              f"place: p{k}, fatalities: {n + k}, sources: [s]}}" for k in range(len(PLACES))]
    return "\n".join(lines) + "\n"


def build_args(tmp_path: Path, n: int, output: str) -> list[str]:
    return [*CLI, "build", str(tmp_path / f"story{n}.yaml"), str(tmp_path / "acled.csv"),
            "--offline", "-o", str(tmp_path / "out" / output)]


def test_four_builds_share_cache_and_output_folder(tmp_path: Path) -> None:
    write_big_acled(tmp_path / "acled.csv", 1000)
    for n in (0, 1, 4):
        (tmp_path / f"story{n}.yaml").write_text(scenario(n), encoding="utf-8")
    env = {**os.environ, "GEOMAP_CACHE_DIR": str(tmp_path / "cache")}
    jobs = [build_args(tmp_path, n, f"map{n}.html") for n in range(2)]
    jobs += [build_args(tmp_path, 4, "shared.html")] * 2
    procs = [subprocess.Popen(job, cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for job in jobs]
    done = [proc.communicate(timeout=900) for proc in procs]
    for proc, (printed, err) in zip(procs, done, strict=True):
        assert proc.returncode == 0, err[-3000:]
        assert "1,000 rows read, 1,000 accepted, 0 rejected" in printed, printed
        assert "5 rows read, 5 accepted, 0 rejected" in printed, printed
    for n in range(2):
        page = (tmp_path / "out" / f"map{n}.html").read_text(encoding="utf-8")
        assert f"Concurrent map {n}" in page and page.rstrip().endswith("</html>")
    quiet = subprocess.run(build_args(tmp_path, 4, "sequential.html"), cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=600, check=True)
    assert "5 accepted" in quiet.stdout
    out = tmp_path / "out"
    assert (out / "shared.html").read_bytes() == (out / "sequential.html").read_bytes()
    assert sorted(p.name for p in out.iterdir()) == [
        "map0.html", "map1.html", "sequential.html", "shared.html"]
    leftovers = [p for p in (tmp_path / "cache").rglob("*")
                 if p.name.endswith((".tmp", ".old")) or ".geomap-tmp" in p.name]
    assert leftovers == []


GEOCODER = """
import json, sys
from geomap.geocoding.services import OnlineGeocoder
domain, cache, name = sys.argv[1], sys.argv[2], sys.argv[3]
coder = OnlineGeocoder("nominatim", user_agent="geomap-tests/1.0 (concurrency)",
                       cache_path=cache, min_interval=0.01, timeout=5, max_attempts=4,
                       backoff=0.05, geocoder_options={"domain": domain, "scheme": "http"})
queries = [f"Shared place {k}" for k in range(15)] + [f"{name} place {k}" for k in range(15)]
result = coder.geocode_many(queries)
print(json.dumps({"places": {q: [p.lat, p.lon] for q, p in result.places.items() if p},
                  "failures": result.failures, "sent": result.requests_sent}))
"""


def test_four_online_geocoders_share_one_cache(tmp_path: Path) -> None:
    cache = tmp_path / "answers.sqlite"
    with FakeNominatim() as server:
        for k in range(0, 15, 3):  # a server error first, then an answer: retried
            server.scripts[f"Shared place {k}"] = [("status", 503, {}), "ok"]
        procs = [subprocess.Popen([sys.executable, "-c", GEOCODER, server.domain, str(cache),
                                   f"P{n}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for n in range(4)]
        done = [proc.communicate(timeout=300) for proc in procs]
    results = []
    for proc, (out, err) in zip(procs, done, strict=True):
        assert proc.returncode == 0, err[-3000:]
        results.append(json.loads(out))
    for result in results:
        assert result["failures"] == {}
        assert len(result["places"]) == 30
        assert all(latlon == [10.5, -20.25] for latlon in result["places"].values())
    answers = AnswerCache(cache)
    assert answers.integrity_ok()
    assert len(answers) == 15 + 4 * 15  # every query once: nothing lost, nothing doubled
    identity = OnlineGeocoder("nominatim", user_agent="geomap-tests/1.0 (concurrency)",
                              cache_path=False, geocoder_options={
                                  "domain": server.domain, "scheme": "http"}).identity
    for query in [f"Shared place {k}" for k in range(15)] + ["P3 place 14", "P0 place 0"]:
        found, answer = answers.get(identity, query, {"addressdetails": True})
        assert found and answer is not None, query
        assert query in json.dumps(answer), (query, answer)


LAYER_RACE = """
import sys, time
from pathlib import Path
from geomap.errors import DataError
from geomap.geocoding._layer import Layer, LayerData, MatchType, write_layer

folder = Path(sys.argv[2])
if sys.argv[1] == "write":
    data = LayerData(meta={"countries": ["ML"], "admin1": []})
    for k in range(2000):
        place = data.add_place(f"Place {k}", lat=15.0 + k / 1000, lon=-3.0, population=k,
                               geonameid=k, kind=0, precision=1, country=0, admin1=-1)
        data.add_key(k * 7919, place, MatchType.PRIMARY)
    for _ in range(int(sys.argv[3])):
        write_layer(data, folder)
else:
    failures, opened, end = [], 0, time.monotonic() + float(sys.argv[3])
    while time.monotonic() < end:
        try:
            Layer(folder)
            opened += 1
        except DataError as err:
            failures.append(str(err))
    print(opened, len(failures), failures[:1])
"""


def test_gazetteer_index_opens_while_another_process_replaces_it(tmp_path: Path) -> None:
    """Builds that share a cache folder may (re)write the gazetteer index while another
    build opens it: opening must never fail as "missing or damaged".

    Fails while ``geomap.geocoding._layer._replace_folder`` moves the live folder aside
    before moving the new one in (a reader between the two renames, or half-way through
    ``Layer.__init__``, finds files missing).
    """
    folder = tmp_path / "base"
    subprocess.run([sys.executable, "-c", LAYER_RACE, "write", str(folder), "1"], check=True,
                   timeout=120)
    writers = [subprocess.Popen([sys.executable, "-c", LAYER_RACE, "write", str(folder), "60"])
               for _ in range(2)]
    reader = subprocess.run([sys.executable, "-c", LAYER_RACE, "read", str(folder), "4"],
                            capture_output=True, text=True, timeout=120, check=True)
    assert [w.wait(timeout=300) for w in writers] == [0, 0]
    opened, failed, first = reader.stdout.split(" ", 2)
    assert int(opened) > 0
    assert int(failed) == 0, f"{failed} of {int(opened) + int(failed)} opens failed: {first}"
