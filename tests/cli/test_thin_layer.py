"""The commands are a thin layer over the Python API (issue 18): each one parses its
arguments, calls ``geomap.geocode``, ``geomap.extract``... and prints what they return.

Each test records the calls the command makes to the public function and checks that what
the command printed is that function's result."""

from __future__ import annotations

import json
from collections.abc import Callable
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
