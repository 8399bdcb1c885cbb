"""Loaders for the extraction data files: ``extract_rules.yaml`` and ``actors.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from geomap.errors import DataError
from geomap.extract.phrases import PhraseIndex, phrase_key
from geomap.extract.text import normalise
from geomap.refdata._files import data_yaml
from geomap.refdata.countries import load_demonyms


def _load_yaml(name: str) -> dict[str, Any]:
    data = data_yaml(name)
    if not isinstance(data, dict):
        raise DataError(f"expected a mapping at the top of geomap/data/{name}, got {data!r}")
    return data


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
    def demonyms(self) -> dict[str, str]:
        """Normalised demonym -> ISO 3166-1 alpha-2 code."""
        found: dict[str, str] = {}
        for word, code in load_demonyms().items():
            found.setdefault(normalise(word), code)
        for word in self.words("demonym_ignore"):
            found.pop(word, None)
        return found


@dataclass(frozen=True, slots=True)
class CueDef:
    """An event cue of ``event_rules.yaml``: what a word says happened."""

    cue: str
    sub_type: str | None = None
    needs_armed: bool = False
    lower: bool = False
    needs_verb: bool = False
    crowd: bool = False  # only a crowd does it ("rioted", "threw stones"): a riot
    needs_purpose: bool = False  # a gathering is a protest only for a cause ("to demand")
    needs_place: bool = False  # taken only when a place follows ("seized Kalembe")
    needs_object: bool = False  # taken only with an object ("engaged ADF fighters", not
    # "engaged in talks")
    advance: bool = False  # ground gained on the front ("advanced into the village of X")
    body: bool = False  # a body found ("the body of X was found"; the bare word needs a
    # verb of finding near it): an attack on a civilian when nothing else is told
    needs_captives: bool = False  # an exchange only of prisoners, captives or bodies
    # ("exchanged 390 prisoners each"; not "exchanged fire", "exchanged views")
    needs_harm: bool = False  # only beside someone killed or hurt, no armed actor named
    # ("residents beat to death a man accused of stealing": mob justice)
    needs_victims: bool = False  # only with people right after it ("lost 12 soldiers",
    # "lost dozens of fighters"; not "lost control", "lost three tanks")


@dataclass(frozen=True, slots=True)
class RelationCueDef:
    """A relation cue: its kind and the words that must follow it (``then``)."""

    kind: str
    then: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class GenericActorClass:
    """Nouns that name an actor without naming who ("gunmen", "civilians")."""

    key: str
    name: str
    kind: str


class EventRules:
    """Typed access to ``geomap/data/event_rules.yaml``: phrase indexes built once."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self._phrases: dict[str, PhraseIndex[str]] = {}
        self._sets: dict[str, frozenset[str]] = {}

    def phrases(self, key: str) -> PhraseIndex[str]:
        """The list ``key`` as a phrase index whose value is ``key`` (cached)."""
        found = self._phrases.get(key)
        if found is None:
            found = PhraseIndex.of_words(self._list(key), key)
            self._phrases[key] = found
        return found

    def words(self, key: str) -> frozenset[str]:
        """The list ``key`` as a set of normalised phrases, words joined by spaces."""
        found = self._sets.get(key)
        if found is None:
            found = frozenset(" ".join(phrase_key(str(w))) for w in self._list(key))
            self._sets[key] = found
        return found

    def strings(self, key: str) -> tuple[str, ...]:
        """The list ``key`` as written (lower case, not normalised: word endings)."""
        return tuple(str(w).lower() for w in self._list(key))

    def rewrites(self, key: str) -> tuple[tuple[re.Pattern[str], str], ...]:
        """The list ``key`` of ``[regular expression, replacement]`` pairs, compiled."""
        value = self.data.get(key, [])
        pairs = []
        for item in value if isinstance(value, list) else [value]:
            try:
                pattern, replacement = item
                pairs.append((re.compile(str(pattern)), str(replacement)))
            except (TypeError, ValueError, re.error) as err:
                raise DataError(f"expected [regular expression, replacement] pairs under "
                                f"{key!r} in geomap/data/event_rules.yaml, got {item!r} "
                                f"({err}); fix that entry") from err
        return tuple(pairs)

    def _list(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise DataError(f"expected a list under {key!r} in geomap/data/event_rules.yaml,"
                            f" got {value!r}")
        odd = [item for item in value if not isinstance(item, (str, dict))]
        if odd:
            # YAML reads on/off/yes/no as booleans: such words must be quoted
            raise DataError(f"expected words under {key!r} in geomap/data/event_rules.yaml, "
                            f"got {odd!r}; quote words such as 'on' or 'no'")
        return value

    @cached_property
    def cues(self) -> PhraseIndex[CueDef]:
        """Every event cue word, with what it says."""
        index: PhraseIndex[CueDef] = PhraseIndex()
        for raw in self._list("event_cues"):
            cue = CueDef(str(raw["cue"]), raw.get("sub_type"), bool(raw.get("needs_armed")),
                         bool(raw.get("lower")), bool(raw.get("needs_verb")),
                         bool(raw.get("crowd")), bool(raw.get("needs_purpose")),
                         bool(raw.get("needs_place")), bool(raw.get("needs_object")),
                         bool(raw.get("advance")), bool(raw.get("body")),
                         bool(raw.get("needs_captives")), bool(raw.get("needs_harm")),
                         bool(raw.get("needs_victims")))
            for word in raw.get("words", []):
                index.add(str(word), cue)
        return index

    @cached_property
    def relation_cues(self) -> PhraseIndex[RelationCueDef]:
        """Every relation cue word, with its kind."""
        index: PhraseIndex[RelationCueDef] = PhraseIndex()
        for raw in self._list("relation_cues"):
            then = frozenset(" ".join(phrase_key(str(w))) for w in raw.get("then", []))
            for word in raw.get("words", []):
                index.add(str(word), RelationCueDef(str(raw["kind"]), then))
        return index

    @cached_property
    def generic_actors(self) -> PhraseIndex[GenericActorClass]:
        """Nouns of the generic actor classes."""
        index: PhraseIndex[GenericActorClass] = PhraseIndex()
        for key, raw in self.data.get("generic_actors", {}).items():
            actor_class = GenericActorClass(str(key), str(raw["name"]), str(raw["kind"]))
            for word in raw.get("words", []):
                index.add(str(word), actor_class)
        return index

    def mapping(self, key: str) -> dict[str, Any]:
        """The mapping ``key`` of the file (words to numbers or labels)."""
        value = self.data.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            raise DataError(f"expected a mapping of words under {key!r} in "
                            f"geomap/data/event_rules.yaml, got {value!r}")
        return value


@lru_cache(maxsize=1)
def load_event_rules() -> EventRules:
    """The event, role, toll and relation rules, loaded once per process."""
    return EventRules(_load_yaml("event_rules.yaml"))


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The extraction rules, loaded once per process."""
    return Rules(_load_yaml("extract_rules.yaml"))


@lru_cache(maxsize=1)
def load_actor_data() -> list[dict[str, Any]]:
    """The raw actor entries of ``geomap/data/actors.yaml``."""
    actors = _load_yaml("actors.yaml").get("actors", [])
    if not isinstance(actors, list):
        raise DataError(
            f"expected a list under 'actors' in geomap/data/actors.yaml, got {actors!r}")
    return actors
