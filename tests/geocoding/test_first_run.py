"""``geomap geocode`` on a fresh cache answers as it does once the full index is built
(issue 14: the first lookup after install comes from the quick layer, and must not differ).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import cli
from geomap.geocoding import gazetteer as gazetteer_module
from geomap.geocoding.build import base_layer_dir, quick_layer_dir
from geomap.geocoding.gazetteer import Gazetteer

QUERIES = [["Kidal"], ["Bamako"], ["Kyiv"], ["Kiev"], ["northern Mali"], ["Ber", "--country", "ML"],
           ["Gao", "--country", "ML"], ["Tripoli", "--context", "Lebanon"], ["Kidal region"],
           ["Donbas"], ["Java"], ["Liptako-Gourma"]]
#: The share of the evidence (``score``) is computed among the places the open index holds:
#: the quick layer lacks the small namesakes (a hamlet "Kidal" in Indonesia takes 1.3% of
#: Kidal's evidence in the full index), so only the share may differ, never the place, its
#: fields or its confidence.
SHARE = "score"


def _answers(cache: Path, query: list[str]) -> dict:
    """``geomap geocode QUERY --json`` as a fresh process would give it in ``cache``."""
    Gazetteer.reset_default()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GEOMAP_CACHE_DIR", str(cache))
        result = CliRunner().invoke(cli, ["geocode", *query, "--json"])
    Gazetteer.reset_default()
    return json.loads(result.output.splitlines()[0])


@pytest.fixture(scope="module")
def fresh_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache with no index: the first query builds the quick layer in it."""
    return tmp_path_factory.mktemp("fresh-cache")


@pytest.mark.parametrize("query", QUERIES, ids=" ".join)
def test_a_fresh_cache_answers_as_the_full_index(query: list[str], gazetteer_cache: Path,
                                                 fresh_cache: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    built = base_layer_dir(gazetteer_cache)
    # a query the quick layer cannot settle opens the session's full index (same version)
    # instead of building a second one in the fresh cache
    monkeypatch.setattr(gazetteer_module, "build_index", lambda root=None, **_: built)
    cold = _answers(fresh_cache, query)
    assert (quick_layer_dir(fresh_cache) / "meta.json").exists()
    assert not base_layer_dir(fresh_cache).exists()
    warm = _answers(gazetteer_cache, query)
    assert {**cold, SHARE: None} == {**warm, SHARE: None}
    assert (cold.get(SHARE) is None) == (warm.get(SHARE) is None)


@pytest.mark.parametrize("query", [["northern Mali"], ["Donbas"], ["Java"], ["Kidal"]],
                         ids=" ".join)
def test_named_regions_are_answered_without_building_the_full_index(
        query: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[object] = []  # named regions' points come with the package (region_points.csv)
    monkeypatch.setattr(gazetteer_module, "build_index", lambda *a, **k: built.append(a))
    answer = _answers(tmp_path, query)
    assert answer["name"].lower() == query[0].lower() and built == []
    assert not base_layer_dir(tmp_path).exists()


def test_geocode_command_does_not_import_pandas(gazetteer_cache: Path) -> None:
    code = ("import sys; from geomap.cli import cli\n"
            "try:\n    cli.main(['geocode', 'Kidal', '--json'], standalone_mode=False)\n"
            "except SystemExit: pass\n"
            "print(sorted(m for m in ('pandas', 'geopandas', 'folium', 'shapely') "
            "if m in sys.modules))")
    env = {"GEOMAP_CACHE_DIR": str(gazetteer_cache), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env)
    assert '"name": "Kidal"' in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "[]"  # pandas costs 0.3 s of a first run
