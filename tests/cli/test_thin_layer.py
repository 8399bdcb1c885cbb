"""The commands and the Python API agree (issue 18).

Each command parses its arguments, calls ``geomap.geocode`` (its records, without
pandas), ``geomap.extract``, ``geomap.layers`` or ``geomap.layers`` + ``geomap.map``, and
prints or writes what they return (``geomap layers`` and ``geomap build`` write through
:func:`geomap.build.publish`, which publishes the rejects and warnings files together with
the layers or the map). The tests record the calls and compare the output with the
function's result; on the bundled example the page of ``geomap build`` is byte for byte
what ``geomap.map`` + ``geomap.save`` write."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

import geomap
from geomap import _api_light, api
from geomap.cli import cli
from geomap.cli import geocode as geocode_command
from geomap.layers.export import write_layers


def recording(monkeypatch: pytest.MonkeyPatch, module: Any, name: str,
              ) -> list[tuple[tuple[Any, ...], dict[str, Any], Any]]:
    """Replace ``module.name`` by a wrapper that records each call and its result."""
    calls: list[tuple[tuple[Any, ...], dict[str, Any], Any]] = []
    real: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        calls.append((args, kwargs, result))
        return result

    monkeypatch.setattr(module, name, wrapper)
    return calls


def plain(value: Any) -> Any:
    """A table cell as ``--json`` prints it (a missing value, NaN or pd.NA, is null)."""
    return None if not isinstance(value, list | dict) and pd.isna(value) else value


def test_geocode_prints_what_geomap_geocode_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    # the command prints the records geomap.geocode makes its table of
    # (geocoding.answers.answer_each, which geomap.geocode's row_context uses too, over
    # answer_all): without pandas, a first lookup starts faster (issue 14)
    calls = recording(monkeypatch, geocode_command, "answer_each")
    names = ["Gao", "Kidal", "Nowhereville", "Gao", "12.6, -8.0"]
    result = CliRunner().invoke(cli, ["geocode", *names, "--country", "ML", "--json"])
    assert result.exit_code == 1, result.output
    [(args, kwargs, _)] = calls
    distinct = ["Gao", "Kidal", "Nowhereville", "12.6, -8.0"]
    assert (args, kwargs) == ((distinct, [()] * 4, "ML", ()), {})
    table = geomap.geocode(args[0], country="ML")  # each name once
    rows = {row["query"]: row for row in table.to_dict("records")}
    printed = [json.loads(line) for line in result.stdout.splitlines()]
    assert [p["query"] for p in printed] == names
    for answer in printed:
        assert {key: plain(rows[answer["query"]][key]) for key in answer} == answer
    assert printed[2]["error"] == "not found in ML"


ARTICLES = {
    "bamako.txt": "BAMAKO, 4 March 2024 - Militants attacked an army post near Gao on Sunday, "
                  "killing four soldiers, the army said.",
    "kharkiv.txt": "Russian forces shelled Kharkiv on 12 May 2024; two civilians were killed, "
                   "the regional governor said.",
}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_extract_prints_what_geomap_extract_finds(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path, jobs: str) -> None:
    expected = [_api_light.extract(text).to_json() for text in ARTICLES.values()]
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    # worker processes (-j 2) get the function by reference: a recorder cannot travel
    calls = recording(monkeypatch, _api_light, "extract") if jobs == "1" else []
    result = CliRunner().invoke(cli, ["extract", str(tmp_path), "--json", "-j", jobs])
    assert result.exit_code == 0, result.output
    printed = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(p.pop("file")).name for p in printed] == list(ARTICLES)
    assert printed == expected
    if jobs == "1":
        assert [(args, found.to_json()) for args, _, found in calls] == [
            ((text, None), found) for text, found in zip(ARTICLES.values(), expected,
                                                         strict=True)]


@pytest.mark.parametrize(("options", "saved"), [
    ([], {}),
    (["--cdn"], {"offline": False}),
    (["--fragment"], {"fragment": True}),
])
def test_build_writes_the_page_geomap_map_and_save_write(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, options: list[str],
        saved: dict[str, bool]) -> None:
    offline = saved.get("offline", True)
    expected = geomap.save(geomap.map(geomap.example_path(), offline=offline),
                           tmp_path / "api.html", fragment=saved.get("fragment", False))
    read, drawn = recording(monkeypatch, api, "layers"), recording(monkeypatch, api, "map")
    result = CliRunner().invoke(cli, ["build", "--example", "-o", str(tmp_path / "cli.html"),
                                      *options])
    assert result.exit_code == 0, result.output
    (args, _, bundle), *_ = read  # geomap.map hands the bundle to geomap.layers again
    assert args == ([geomap.example_path()],)
    [(args, kwargs, _)] = drawn
    assert args == (bundle,) and kwargs == {"title": None, "offline": offline}
    assert (tmp_path / "cli.html").read_bytes() == expected.read_bytes()


def test_build_publishes_the_rejects_the_bundle_carries(tmp_path: Path) -> None:
    table = tmp_path / "events.csv"
    table.write_text("event_date,latitude,longitude,event_type\n2024-03-01,16.27,-0.04,Battles\n"
                     "someday,16.27,-0.04,Battles\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(table), "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 0, result.output
    [rejects] = geomap.layers(table).rejects
    written = next(tmp_path.glob("m.rejects.*.csv")).read_text(encoding="utf-8")
    assert f"{rejects.file},{rejects.line},{rejects.field}" in written
    assert f'content="{next(tmp_path.glob("m.rejects.*.csv")).name}"' in (
        tmp_path / "m.html").read_text(encoding="utf-8")


def test_layers_writes_the_layers_geomap_layers_makes(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    example = geomap.example_path()
    expected = write_layers(geomap.layers(example, regions=["sahel"]), tmp_path / "api")
    calls = recording(monkeypatch, api, "layers")
    result = CliRunner().invoke(cli, ["layers", str(example), "--region", "sahel", "-o",
                                      str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    [(args, kwargs, bundle)] = calls
    assert args == ([example],) and kwargs == {"regions": ("sahel",), "format": "auto",
                                                  "date": None}
    assert result.stdout.splitlines()[0] == bundle.inputs[0].line()
    assert sorted(p.name for p in (tmp_path / "cli").iterdir()) == sorted(p.name
                                                                           for p in expected)
    for path in expected:
        assert (tmp_path / "cli" / path.name).read_bytes() == path.read_bytes(), path.name
