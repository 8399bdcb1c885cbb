"""Loaders for the extraction data files: ``extract_rules.yaml`` and ``actors.yaml``."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

import yaml

from geomap.errors import DataError
from geomap.extract.text import normalise


def _load_yaml(name: str) -> dict[str, Any]:
    try:
        raw = resources.files("geomap.data").joinpath(name).read_text(encoding="utf-8")
        data = yaml.safe_load(raw)
    except (OSError, yaml.YAMLError) as err:
        raise DataError(
            f"expected a readable YAML file geomap/data/{name}, got {type(err).__name__}: {err}."
            " Reinstall geomap or fix the file."
        ) from err
    if not isinstance(data, dict):
        raise DataError(f"expected a mapping at the top of geomap/data/{name}, got {data!r}")
    return data


@dataclass(frozen=True)
class Trigger:
    """A compiled event or relation trigger."""

    pattern: re.Pattern[str]
    type: str
    sub_type: str | None = None
    lower: re.Pattern[str] | None = None  # the same pattern for lower-cased text (faster)


class Rules:
    """Typed access to ``geomap/data/extract_rules.yaml`` (word lists as normalised sets)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self._words: dict[str, frozenset[str]] = {}

    def words(self, key: str) -> frozenset[str]:
        """A list of the file as a set of normalised strings (cached)."""
        found = self._words.get(key)
        if found is None:
            found = frozenset(normalise(str(w)) for w in self.data.get(key, []))
            self._words[key] = found
        return found

    @cached_property
    def event_triggers(self) -> tuple[Trigger, ...]:
        return tuple(Trigger(re.compile(t["pattern"], re.IGNORECASE), t["type"], t.get("sub_type"),
                             re.compile(t["pattern"].lower()))
                     for t in self.data.get("event_triggers", []))

    @cached_property
    def relation_triggers(self) -> tuple[Trigger, ...]:
        return tuple(Trigger(re.compile(t["pattern"], re.IGNORECASE), t["kind"], None,
                             re.compile(t["pattern"].lower()))
                     for t in self.data.get("relation_triggers", []))

    @cached_property
    def demonyms(self) -> dict[str, str]:
        """Normalised demonym -> ISO 3166-1 alpha-2 code."""
        found = _demonyms_csv()
        if not found:
            for code, names in self.data.get("demonyms_fallback", {}).items():
                for name in names:
                    found[normalise(name)] = str(code)
        for word in self.words("demonym_ignore"):
            found.pop(word, None)
        return found


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The extraction rules, loaded once per process."""
    return Rules(_load_yaml("extract_rules.yaml"))


def _demonyms_csv() -> dict[str, str]:
    """Read ``geomap/data/demonyms.csv`` (the gazetteer's file) if it exists.

    Tolerant about its columns: the first column holds the demonym and the first value
    that looks like an ISO alpha-2 code is the country.
    """
    try:
        raw = resources.files("geomap.data").joinpath("demonyms.csv").read_text(encoding="utf-8")
    except (OSError, FileNotFoundError):
        return {}
    found: dict[str, str] = {}
    for row in csv.reader(raw.splitlines()):
        if not row or row[0].startswith("#"):
            continue
        code = next((c.strip() for c in row[1:] if re.fullmatch(r"[A-Z]{2}", c.strip())), None)
        if code and row[0].strip():
            found.setdefault(normalise(row[0]), code)
    return found


@lru_cache(maxsize=1)
def load_actor_data() -> list[dict[str, Any]]:
    """The raw actor entries of ``geomap/data/actors.yaml``."""
    actors = _load_yaml("actors.yaml").get("actors", [])
    if not isinstance(actors, list):
        raise DataError(
            f"expected a list under 'actors' in geomap/data/actors.yaml, got {actors!r}")
    return actors
