"""One actors table feeds the layer files and the map (issue 14): an ACLED export drawn with
a scenario has every actor of both in the GeoPackage's ``actors`` layer and on the map, not
only the scenario's in the file while the map draws them all."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
from click.testing import CliRunner

from geomap.cli import cli
from geomap.sources.scenario import example_path
from tests.security.bigdata import write_big_acled


def test_the_actors_layer_and_the_map_hold_the_same_actors(tmp_path: Path) -> None:
    acled = write_big_acled(tmp_path / "acled.csv", 300)
    sources = [str(acled), str(example_path())]
    runner = CliRunner()
    done = runner.invoke(cli, ["layers", *sources, "-o", str(tmp_path / "layers"),
                               "--layer-format", "gpkg"])
    assert done.exit_code == 0, done.output
    [gpkg] = (tmp_path / "layers").glob("*.gpkg")
    in_file = set(gpd.read_file(gpkg, layer="actors")["name"])
    done = runner.invoke(cli, ["build", *sources, "-o", str(tmp_path / "map.html")])
    assert done.exit_code == 0, done.output
    page = (tmp_path / "map.html").read_text(encoding="utf-8")
    acled_actors = {row["actor1"] for row in _rows(acled)} - {""}
    assert acled_actors & in_file, "the ACLED export's actors are missing from the file"
    assert "Wagner Group" in in_file  # a scenario actor
    on_map = {name for name in in_file
              if json.dumps(name)[1:-1] in page or json.dumps(name, ensure_ascii=False)[1:-1]
              in page}
    assert on_map == in_file


def _rows(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
