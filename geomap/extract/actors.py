"""Actor spotting: the curated registry (``geomap/data/actors.yaml``) matched in text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count

from geomap.errors import DataError
from geomap.extract.rules import load_actor_data
from geomap.extract.text import Token, name_runs, token_norms, tokenize
from geomap.model import ActorKind

_ACRONYM = re.compile(r"^[A-Z0-9][A-Za-z0-9-]*[A-Z0-9]$")
# "Arakan Army (AA)": capitals and digits only (not "White Army (Nuer)", a people)
_NAME_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9-]{1,9})\)$")


@dataclass(frozen=True, slots=True)
class ActorDef:
    """An actor of the registry (or a generic state actor made from a country)."""

    id: str
    name: str
    kind: ActorKind
    country_code: str | None = None
    aliases: tuple[str, ...] = ()
    role: str | None = None
    affiliation: str | None = None
    description: str | None = None
    # for actors named by a common noun ("soldiers", "civilians"): the noun's class
    generic: str | None = None
    # the province or region the actor holds or acts in (a gazetteer name), for events
    # whose text names no finer place ("DPR militiaman killed": Donetsk oblast)
    area: str | None = None
    # its declared base or area of operation (a gazetteer name): where a draft scenario
    # puts the actor when its events name no place finer than a country; never places events
    base: str | None = None

    # Equality and hash are asked of the same few definitions thousands of times per
    # article (``in`` over the sides of a clause, sets of parties): the generated methods
    # built a tuple of every field per call. These give the same answers: equal
    # definitions share their id.
    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, ActorDef)
        return (self.id == other.id and self.name == other.name and self.kind == other.kind
                and self.country_code == other.country_code and self.aliases == other.aliases
                and self.role == other.role and self.affiliation == other.affiliation
                and self.description == other.description and self.generic == other.generic
                and self.area == other.area and self.base == other.base)

    def __hash__(self) -> int:
        return hash(self.id)


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor named in the text; ``via`` says how it was recognised."""

    text: str
    start: int
    end: int
    actor: ActorDef
    via: str = "registry"  # registry | country | capital | demonym | group | generic | noun
    # other registry actors the same alias names ("SNA"): the article's countries decide
    alternatives: tuple[ActorDef, ...] = ()
    # matched by a local alias ("PDF"): the actor only in an article about its country
    local: bool = False

    def __eq__(self, other: object) -> bool:  # the fields in turn, as the generated one
        if self is other:
            return True
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, ActorMention)
        return (self.text == other.text and self.start == other.start
                and self.end == other.end and self.actor == other.actor
                and self.via == other.via and self.alternatives == other.alternatives
                and self.local == other.local)

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.actor.id))


@dataclass
class ActorRegistry:
    """Aliases indexed by their normalised tokens; acronyms must match case exactly."""

    actors: dict[str, ActorDef]
    aliases: dict[str, list[tuple[ActorDef, str | None]]] = field(default_factory=dict)
    # normalised keys of local aliases, by actor id (see ``local_aliases`` in actors.yaml)
    local_keys: dict[str, frozenset[str]] = field(default_factory=dict)
    max_tokens: int = 1
    # first word of an alias -> the lengths (in tokens) of the aliases it starts, longest first
    first_tokens: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # keys of aliases written with brackets ("CPI (Maoist)"), which run past a name's end
    bracketed: set[str] = field(default_factory=set)
    bracketed_firsts: set[str] = field(default_factory=set)  # their first words
    # first word of an alias -> the second words of the aliases of two or more words
    second_tokens: dict[str, set[str]] = field(default_factory=dict)
    # (country, kind) -> the first top-level actor of that kind there: by_country's index
    _home_actors: dict[tuple[str, ActorKind], ActorDef] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_data(cls, entries: list[dict[str, object]]) -> ActorRegistry:
        """Build from the raw entries of ``actors.yaml``."""
        registry = cls({})
        for raw in entries:
            actor = _actor_def(raw)
            registry.actors[actor.id] = actor
            # a state's name is a place name: the spotter finds it and makes the state actor
            names = actor.aliases if actor.kind is ActorKind.STATE else (actor.name, *actor.aliases)
            for alias in (*names, *filter(None, map(_one_member, names))):
                registry.add_alias(actor, alias)
            local = _local_aliases(raw)
            for alias in local:
                registry.add_alias(actor, alias)
            if local:
                registry.local_keys[actor.id] = frozenset(
                    " ".join(t.norm for t in tokenize(a)) for a in local)
        return registry

    def add_alias(self, actor: ActorDef, alias: str) -> None:
        tokens = tokenize(alias)
        if not tokens:
            return
        key = " ".join(t.norm for t in tokens)
        exact = alias if _ACRONYM.match(alias) and any(c.isupper() for c in alias[1:]) else None
        self.aliases.setdefault(key, []).append((actor, exact))
        if "(" in alias:
            self.bracketed.add(key)
            self.bracketed_firsts.add(tokens[0].norm)
        self.max_tokens = max(self.max_tokens, len(tokens))
        lengths = set(self.first_tokens.get(tokens[0].norm, ())) | {len(tokens)}
        self.first_tokens[tokens[0].norm] = tuple(sorted(lengths, reverse=True))
        if len(tokens) > 1:
            self.second_tokens.setdefault(tokens[0].norm, set()).add(tokens[1].norm)

    def by_country(self, code: str, kind: ActorKind) -> ActorDef | None:
        """The first top-level registry actor of ``kind`` based in country ``code``."""
        if not self._home_actors:  # indexed at the first question (asked per mention)
            for actor in self.actors.values():
                if actor.affiliation is None and actor.country_code:
                    self._home_actors.setdefault((actor.country_code, actor.kind), actor)
        return self._home_actors.get((code, kind))

    def spot(self, text: str, tokens: list[Token],
             runs: list[int] | None = None) -> list[ActorMention]:
        """Longest-match every alias in ``tokens``; returns non-overlapping mentions.
        ``runs``: :func:`geomap.extract.text.name_runs` of the tokens, when known."""
        found: list[ActorMention] = []
        runs = name_runs(text, tokens) if runs is None else runs
        first_tokens = self.first_tokens
        resume = 0  # the first token after the last mention found
        # the tokens that begin an alias, found in C: most of a text's words begin none
        for i in compress(count(), map(first_tokens.__contains__, token_norms(tokens))):
            if i < resume:
                continue
            hit = self._match_at(text, tokens, i, runs[i])
            if hit is not None:
                mention, width = hit
                found.append(mention)
                resume = i + width
        return self._acronyms_after(tokens, found)

    def _acronyms_after(self, tokens: list[Token],
                        found: list[ActorMention]) -> list[ActorMention]:
        """"The Arakan Army had taken X ... AA fighters attacked": once a group is named in
        full, the acronym its registry name brackets ("Arakan Army (AA)") names it too,
        later in the text, letter case exact, where the acronym alone is no alias (too
        short or too common to be read everywhere)."""
        extra: list[ActorMention] = []
        seen: set[str] = set()
        for mention in found:
            if mention.actor.id in seen:
                continue
            seen.add(mention.actor.id)
            acronym = _NAME_ACRONYM.search(mention.actor.name)
            if acronym is None or acronym.group(1) in mention.actor.aliases:
                continue
            letters = acronym.group(1)
            spans = [(m.start, m.end) for m in found]
            for token in tokens:
                if token.start >= mention.end and token.surface == letters and not any(
                        a <= token.start < b for a, b in spans):
                    extra.append(ActorMention(token.surface, token.start, token.end,
                                              mention.actor))
        return sorted(found + extra, key=lambda m: m.start) if extra else found

    def _match_at(self, text: str, tokens: list[Token], i: int,
                  run_end: int) -> tuple[ActorMention, int] | None:
        norm = tokens[i].norm
        # the second words of the longer aliases this word begins: most words that begin
        # an alias ("the", "national") are followed by none of them
        second = tokens[i + 1].norm if i + 1 < len(tokens) else None
        seconds = self.second_tokens.get(norm, ())
        for width in self.first_tokens[norm]:
            j = i + width - 1
            if j >= len(tokens) or (width > 1 and second not in seconds):
                continue
            if j > run_end and norm not in self.bracketed_firsts:
                continue  # past the name's run, and no bracketed alias starts here
            key = " ".join(token_norms(tokens[i:j + 1]))
            if j > run_end and key not in self.bracketed:
                continue
            aliases = self.aliases.get(key)
            if not aliases:
                continue
            surface = text[tokens[i].start:tokens[j].end]
            if _inside_a_compound(text, tokens[i].start, tokens[j].end):
                return None  # "PORT-AU-PRINCE": a word of a hyphenated name ("AU-led" is one)
            matched = [actor for actor, exact in aliases
                       if _case_fits(actor, key, surface, exact)]
            if matched:
                local = key in self.local_keys.get(matched[0].id, ())
                mention = ActorMention(surface, tokens[i].start, tokens[j].end, matched[0],
                                       alternatives=tuple(matched[1:]), local=local)
                return mention, j - i + 1
        return None


def _inside_a_compound(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is joined by hyphens to letters on both sides: a middle
    word of a hyphenated name, which is no mention of its own."""
    return (start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha()
            and end + 1 < len(text) and text[end] == "-" and text[end + 1].isalpha())


def _case_fits(actor: ActorDef, key: str, surface: str, exact: str | None) -> bool:
    """Acronyms match exactly; other aliases start with a capital unless the registry
    writes them in lower case."""
    if exact is not None:  # "CPI (Maoist)" read without its closing bracket
        return surface == exact or ("(" in exact and _letters(surface) == _letters(exact))
    if not surface[0].isupper() and surface[0] != key[0]:
        return False
    return not surface[0].islower() or _starts_lower(actor, key)


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _starts_lower(actor: ActorDef, key: str) -> bool:
    """True when the actor has an alias written in lower case that normalises to ``key``."""
    return any(a[:1].islower() and " ".join(t.norm for t in tokenize(a)) == key
               for a in actor.aliases)


def _actor_def(raw: dict[str, object]) -> ActorDef:
    try:
        aliases = raw.get("aliases") or []
        assert isinstance(aliases, list)
        return ActorDef(
            id=str(raw["id"]), name=str(raw["name"]), kind=ActorKind(str(raw["kind"])),
            country_code=_opt(raw.get("country")), aliases=tuple(str(a) for a in aliases),
            role=_opt(raw.get("role")), affiliation=_opt(raw.get("affiliation")),
            description=_opt(raw.get("description")), area=_opt(raw.get("area")),
            base=_opt(raw.get("base")))
    except (KeyError, ValueError, AssertionError) as err:
        raise DataError(
            f"expected an actor with id, name, kind (one of {[k.value for k in ActorKind]})"
            f" and a list of aliases in geomap/data/actors.yaml, got {raw!r}"
        ) from err


def _local_aliases(raw: dict[str, object]) -> list[str]:
    """An entry's ``local_aliases`` (a list of names, maybe absent)."""
    local = raw.get("local_aliases") or []
    if not isinstance(local, list):
        raise DataError(f"expected a list of names as local_aliases of actor "
                        f"{raw.get('id')!r} in geomap/data/actors.yaml, got {local!r}")
    return [str(a) for a in local]


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


@lru_cache(maxsize=1)
def default_registry() -> ActorRegistry:
    """The registry of ``geomap/data/actors.yaml``, loaded once per process."""
    return ActorRegistry.from_data(load_actor_data())


@lru_cache(maxsize=4096)
def state_actor(code: str, name: str) -> ActorDef:
    """The generic state actor of a country (``state-ml`` for Mali); one (frozen) object
    per country and name, made once."""
    return ActorDef(f"state-{code.lower()}", name, ActorKind.STATE, code)


# the plural nouns of a group's members and their singular
_MEMBERS = {"separatists": "separatist", "rebels": "rebel", "fighters": "fighter",
            "militants": "militant", "insurgents": "insurgent", "jihadists": "jihadist",
            "guerrillas": "guerrilla", "dissidents": "dissident", "militiamen": "militiaman"}


def _one_member(alias: str) -> str | None:
    """"Ambazonian separatists" -> "Ambazonian separatist": one of them, or the word
    before another noun ("Ambazonian separatist fighters")."""
    head, _, last = alias.rpartition(" ")
    singular = _MEMBERS.get(last.lower()) if head else None
    return f"{head} {singular}" if singular else None

