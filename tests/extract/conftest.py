"""Shared fixtures for extraction tests: our own paraphrase of the seed story."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


def load_bench(name: str) -> ModuleType:
    """A script of bench/ as a module (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module

# Our own wording of the events the seed article reports (never the article's sentences).
PARAPHRASE = (
    "Mali cut its diplomatic ties with Ukraine on Sunday, days after a Ukrainian official "
    "hinted that Kiev had helped rebels who attacked Malian troops.\n"
    "Late last month, fighters of JNIM and Tuareg separatists killed dozens of Malian soldiers "
    "and Wagner Group mercenaries in fighting near Tinzaouaten, in the African Sahel.\n"
    "Andriy Yusov, speaking for Ukraine’s military intelligence, said the rebels had "
    "received information from Ukraine. The SBU declined to comment.\n"
    "Bamako expressed outrage at the remarks and accused Ukraine of supporting terrorism.\n"
    "Kiev responded that the decision was hasty.\n"
    "Jihadist groups spread across the Sahel after the 2011 war in Libya, and in 2021 "
    "Assimi Goïta seized power in Bamako.\n"
)
ARTICLE_DATE = date(2024, 8, 5)  # a Monday


@pytest.fixture(scope="session")
def paraphrase_json() -> dict:
    from geomap.extract import extract_text

    return extract_text(PARAPHRASE, article_date=ARTICLE_DATE).to_json()
