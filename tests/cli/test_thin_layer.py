"""The commands are a thin layer over the Python API (issue 18): each one parses its
arguments, calls ``geomap.geocode``, ``geomap.extract``... and prints what they return.

Each test records the calls the command makes to the public function and checks that what
the command printed is that function's result."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from geomap import _api_light
from geomap.cli import cli


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
    """A table cell as ``--json`` prints it (a missing number is null)."""
    return None if isinstance(value, float) and pd.isna(value) else value


def test_geocode_prints_what_geomap_geocode_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = recording(monkeypatch, _api_light, "geocode")
    names = ["Gao", "Kidal", "Nowhereville", "Gao", "12.6, -8.0"]
    result = CliRunner().invoke(cli, ["geocode", *names, "--country", "ML", "--json"])
    assert result.exit_code == 1, result.output
    [(args, kwargs, table)] = calls
    assert args == (["Gao", "Kidal", "Nowhereville", "12.6, -8.0"],)  # each name once
    assert kwargs == {"country": "ML", "context": ()}
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
