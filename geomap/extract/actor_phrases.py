"""Actors named by phrases rather than by the registry.

- **Named groups the registry lacks**: a capitalised name before a group noun ("Fano
  militia", "CODECO militants", "M23 rebels") or ending in a group head word ("Arakan
  Army", "Rapid Support Forces (RSF)"); a bracketed acronym after the name is an alias
  and its later uses are the same actor.
- **Actors named by common nouns**: "soldiers", "police", "gunmen", "rebels",
  "civilians", "protesters" (``generic_actors`` in ``geomap/data/event_rules.yaml``). All
  nouns of one class in one article are one actor, named after its first mention
  ("Pro-Russian separatists", "Opposition forces"); national ones (soldiers, police,
  civilians, protesters) belong to the article's main country.

These are not "named armed groups" unless the text names them: an event's ``actors``
can hold "Gunmen" or "Civilians (Mali)", as ACLED codes "Unidentified Armed Group" and
"Civilians".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from geomap.extract.actors import ActorDef, ActorMention, ActorRegistry
from geomap.extract.places import PlaceMention
from geomap.extract.rules import EventRules, GenericActorClass, Rules
from geomap.extract.text import Token, capitalised_indices, joinable, token_norms
from geomap.model import ActorKind

# matched where a name ends (spaces first), never on a copy of the rest of the text
_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z0-9-]{1,9})\)")
_BELONG = frozenset({"belong", "belongs", "belonging", "belonged"})
_NATIONAL_WORDS = frozenset({"armed", "forces", "force", "army", "military", "air", "navy",
                             "defence", "defense", "special", "security", "government",
                             "national", "guard", "self", "land", "ground", "marine",
                             "marines", "police", "border", "troops"})
# Capitalised words that begin a sentence without naming anything.
_NOT_NAMES = frozenset({"several", "many", "some", "all", "both", "few", "dozens", "hundreds",
                        "scores", "the", "these", "those", "other", "more", "most", "two",
                        "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                        "armed", "unidentified", "unknown", "local", "suspected", "rival",
                        "islamist", "jihadist", "a", "an", "his", "her", "their", "its"})
# Group names written head first, their name after a particle, as in Spanish and French
# ("Cártel del Noreste", "Front de Libération du Macina"); not a country's forces
_HEAD_FIRST = frozenset({"cartel", "clan", "frente", "movimiento", "autodefensas", "comando",
                         "front", "mouvement", "groupe"})
_PARTICLES = frozenset({"de", "del", "des", "du", "la", "los", "las", "le"})
# Words between a people's name and its group noun ("Murusade clan militias")
_KIN_WORDS = frozenset({"clan", "clans", "tribal", "ethnic", "communal", "community", "subclan",
                        "sub"})
# ("gunmen", "armed men", "assailants": one actor of the country by ACLED's name for it,
# "Unidentified armed group (Mali)", not the article's first wording)
_NATIONAL_CLASSES = frozenset({"state_forces", "police", "civilians", "protesters", "rioters",
                               "unidentified"})


def is_generic(actor: ActorDef) -> bool:
    """An actor named by a common noun and nothing more ("gunmen", "rebels", civilians)."""
    return (actor.generic is not None and actor.generic not in ("state_forces", "police")) \
        or actor.kind is ActorKind.CIVILIANS


def is_national(actor: ActorDef) -> bool:
    """Named by a common noun that belongs to a country ("soldiers", "civilians")."""
    return actor.generic in _NATIONAL_CLASSES


@dataclass
class PhraseContext:
    """What the phrase spotter needs to know about one text."""

    text: str
    tokens: list[Token]
    taken: set[int]  # token indices already part of an actor
    places: dict[int, PlaceMention]  # first token index -> place mention
    sentence_starts: set[int]
    country: tuple[str, str] | None  # the article's main country: code, name
    found: dict[str, ActorDef] = field(default_factory=dict)  # class key -> actor


class ActorPhrases:
    """Finds named groups the registry lacks and actors named by common nouns."""

    def __init__(self, rules: Rules, events: EventRules, registry: ActorRegistry) -> None:
        self.registry = registry
        self.generic = events.generic_actors
        self._classes = {c.key: c for c in _classes(events)}
        self._made: dict[tuple[str, str | None, str | None], ActorDef] = {}
        self.modifiers = events.phrases("generic_modifiers")
        self.group_nouns = events.words("group_nouns")
        self.heads = events.words("group_name_heads")
        self.openers = rules.words("sentence_openers") | rules.words("titles")
        self.demonyms = rules.demonyms
        self.attributive = Attributive(events)
        self.organisation_heads = rules.words("civil_organisation_words")

    def spot(self, context: PhraseContext) -> list[ActorMention]:
        """Actor mentions not already found, in text order."""
        found = self._named_groups(context)
        found += self._generic(context)
        return sorted(found, key=lambda a: a.start)

    # -- named groups -------------------------------------------------------------------

    def _named_groups(self, context: PhraseContext) -> list[ActorMention]:
        tokens = context.tokens
        found: list[ActorMention] = []
        resume = 0  # the token after the last run read
        for i in capitalised_indices(tokens):
            run = self._capitalised_run(context, i) if i >= resume else None
            if run is None:
                continue
            first, last = run
            mention = self._group_at(context, first, last)
            if mention is not None:
                found.append(mention)
                found += self._acronym_uses(context, mention)
            resume = last + 1
        return found

    def _capitalised_run(self, context: PhraseContext, i: int) -> tuple[int, int] | None:
        tokens = context.tokens
        if i in context.taken or not tokens[i].capitalised:
            return None
        while (i in context.sentence_starts or i == 0) and tokens[i].norm in self.openers:
            i += 1
            if i >= len(tokens) or i in context.taken or not tokens[i].capitalised:
                return None
        last = i
        while (last + 1 < len(tokens) and last + 1 not in context.taken
               and tokens[last + 1].capitalised
               and joinable(context.text, tokens[last], tokens[last + 1])):
            last += 1
        return i, last

    def _group_at(self, context: PhraseContext, first: int, last: int) -> ActorMention | None:
        tokens = context.tokens
        if tokens[first].norm in _NOT_NAMES or (
                first == last and first in context.sentence_starts
                and not any(ch.isupper() or ch.isdigit() for ch in tokens[first].surface[1:])):
            return None  # "Several fighters", "Militiamen ..." open a sentence: no name
        norms = [t.norm for t in tokens[first:last + 1]]
        if first == last and norms[0] in _HEAD_FIRST:
            named = self._particle_name_end(context, last)
            if named is not None:
                return self._group_mention(context, first, named, "group")
        if norms[-1] in self.heads and last > first and not self._national(context, norms):
            return self._group_mention(context, first, last, tokens[last].surface)
        if self._named_as_a_group(context, first, last) and not self._national(context, norms) \
                and not self._state_place(context, first):
            return self._group_mention(context, first, last, "group")
        noun = self._group_noun_after(context, last)
        if noun is not None and not self._national(context, norms) \
                and not self._state_place(context, first):
            return self._group_mention(context, first, noun, tokens[noun].surface)
        return self._coordinated_group(context, first, last, norms)

    def _group_noun_after(self, context: PhraseContext, last: int) -> int | None:
        """The index of the group noun right after a name ("Fano militia"), a word of
        kinship between ("Murusade clan militias", "Nuer ethnic militiamen")."""
        tokens = context.tokens
        nxt = last + 1
        if nxt + 1 < len(tokens) and tokens[nxt].norm in _KIN_WORDS and nxt not in context.taken:
            nxt += 1
        if (nxt < len(tokens) and nxt not in context.taken and not tokens[nxt].capitalised
                and tokens[nxt].norm in self.group_nouns
                and joinable(context.text, tokens[nxt - 1], tokens[nxt])):
            return nxt
        return None

    def _coordinated_group(self, context: PhraseContext, first: int, last: int,
                           norms: list[str]) -> ActorMention | None:
        """The first of two names sharing one group noun: "Abgaal and Murusade clan
        militias" are the Abgaal's militia and the Murusade's."""
        tokens = context.tokens
        other = last + 2
        if not (other < len(tokens) and tokens[last + 1].norm == "and"
                and tokens[other].capitalised and other not in context.taken):
            return None
        end = other
        while (end + 1 < len(tokens) and tokens[end + 1].capitalised
               and joinable(context.text, tokens[end], tokens[end + 1])):
            end += 1
        noun = self._group_noun_after(context, end)
        if noun is None or not tokens[noun].norm.endswith("s") \
                or self._national(context, norms) or self._state_place(context, first):
            return None
        shared = context.text[tokens[end + 1].start:tokens[noun].end]
        return self._group_mention(context, first, last, shared)

    def _particle_name_end(self, context: PhraseContext, head: int) -> int | None:
        """The last token of a name that opens with its head word and goes on after a
        particle ("Cartel del Noreste", "Front de Libération du Macina"), None if none."""
        tokens = context.tokens
        end, k = None, head + 1
        while k + 1 < len(tokens) and tokens[k].norm in _PARTICLES and k not in context.taken:
            j = k + 1
            if tokens[j].norm in _PARTICLES and j + 1 < len(tokens):  # "de la", "de los"
                j += 1
            if not tokens[j].capitalised or j in context.taken:
                break
            while (j + 1 < len(tokens) and tokens[j + 1].capitalised
                   and j + 1 not in context.taken
                   and joinable(context.text, tokens[j], tokens[j + 1])):
                j += 1
            end, k = j, j + 1
        return end

    def _named_as_a_group(self, context: PhraseContext, first: int, last: int) -> bool:
        """"insurgents of the Barisan Revolusi Nasional (BRN)", "an armed group claiming to
        belong to the Coordinadora Arauco-Malleco (CAM)": a name with its acronym, said to
        be an armed group's by the words before it, in any language."""
        tokens = context.tokens
        if _ACRONYM.match(context.text, tokens[last].end) is None:
            return False
        k = first - 1
        if k >= 0 and tokens[k].norm == "the":
            k -= 1
        if k < 1:
            return False
        if tokens[k].norm == "of":
            return tokens[k - 1].norm in self.group_nouns and tokens[k - 1].norm not in (
                "group", "movement", "faction")
        return tokens[k].norm == "to" and tokens[k - 1].norm in _BELONG and any(
            t.norm == "armed" for t in tokens[max(0, k - 6):k - 1])

    def _national(self, context: PhraseContext, norms: list[str]) -> bool:
        """"Nigerian Army", "Malian Armed Forces": a country's forces, not a group."""
        if len(norms) == 1:
            return norms[0] in self.demonyms or norms[0] in _NATIONAL_WORDS
        rest = norms[1:] if norms[0] in self.demonyms else norms
        return all(word in _NATIONAL_WORDS for word in rest)

    def _state_place(self, context: PhraseContext, first: int) -> bool:
        """A country or capital before "rebels" says where they are, not who they are."""
        place = context.places.get(first)
        entry = place.entry if place is not None else None
        return entry is not None and (entry.capital or entry.kind.value == "country")

    def _group_mention(self, context: PhraseContext, first: int, last: int,
                       noun: str) -> ActorMention:
        """The mention of a named group over ``tokens[first:last + 1]``; ``noun`` its
        group noun, or the noun phrase it shares with a name after it (then part of its
        name: "Abgaal clan militias", the mention "Abgaal")."""
        tokens = context.tokens
        start, end = tokens[first].start, tokens[last].end
        surface = context.text[start:end]
        named = f"{surface} {noun}" if " " in noun else surface
        kind = ActorKind.MILITIA if noun.lower().startswith("militia") or not _KIN_WORDS.isdisjoint(
            named.lower().split()) else ActorKind.ARMED_GROUP
        acronym = _ACRONYM.match(context.text, end)
        aliases = (acronym.group(1),) if acronym else ()
        # named as the registry names its groups: "Barisan Revolusi Nasional (BRN)"
        name = f"{named} ({aliases[0]})" if aliases and aliases[0] not in named else named
        actor = ActorDef(f"group-{_slug(named)}", name, kind, aliases=aliases)
        context.taken.update(range(first, last + 1))
        return ActorMention(surface, start, end, actor, "group")

    def _acronym_uses(self, context: PhraseContext, mention: ActorMention) -> list[ActorMention]:
        """Later uses of the bracketed acronym ("... (RSF) ... the RSF said")."""
        if not mention.actor.aliases:
            return []
        acronym = mention.actor.aliases[0]
        uses = []
        for k, token in enumerate(context.tokens):
            if token.start > mention.end and token.surface == acronym and k not in context.taken:
                context.taken.add(k)
                uses.append(ActorMention(token.surface, token.start, token.end,
                                         mention.actor, "group"))
        return uses

    # -- actors named by common nouns ---------------------------------------------------

    def _generic(self, context: PhraseContext) -> list[ActorMention]:
        tokens = context.tokens
        norms = token_norms(tokens)
        found = []
        resume = 0  # the token after the last phrase read
        for i in self.generic.starts(norms):
            if i < resume or i in context.taken:
                continue
            width, classes = self.generic.match_at(norms, i)
            if not width or any(k in context.taken for k in range(i, i + width)):
                continue
            resume = i + width
            if self.attributive.modifies(tokens, i, width):
                continue  # "a military operation", "a private military firm": no actor
            if self._in_an_organisation(context, i, width):
                continue  # "the Sudan Doctors Network said": a source's name, no actor
            if (i > 0 and i - 1 in context.taken
                    and joinable(context.text, tokens[i - 1], tokens[i])) \
                    or _of_named(norms, i + width, context.taken):
                # "JNIM fighters", "fighters of the Wagner Group": the named group's
                context.taken.update(range(i, i + width))
                continue
            first = self._modifier_start(norms, i, context.taken)
            start, end = tokens[first].start, tokens[i + width - 1].end
            actor = self._generic_actor(context, classes[0], context.text[start:end])
            # a bare common noun ("soldiers", "the rebels") is a mention, never a name
            via = "generic" if first < i else "noun"
            found.append(ActorMention(context.text[start:end], start, end, actor, via))
        return found

    def _in_an_organisation(self, context: PhraseContext, i: int, width: int) -> bool:
        """A capitalised common noun inside a name whose other words include the head of
        an organisation's name ("the Sudan Doctors Network", "the Emergency Lawyers
        Union"); not at a sentence's start ("Civilians fled"), not a noun alone."""
        tokens, text = context.tokens, context.text
        if i in context.sentence_starts or not tokens[i].capitalised:
            return False
        first, last = i, i + width - 1
        while first > 0 and tokens[first - 1].capitalised \
                and first - 1 not in context.sentence_starts \
                and joinable(text, tokens[first - 1], tokens[first]):
            first -= 1
        while last + 1 < len(tokens) and tokens[last + 1].capitalised \
                and joinable(text, tokens[last], tokens[last + 1]):
            last += 1
        others = [tokens[k].norm for k in range(first, last + 1) if not i <= k < i + width]
        return any(word in self.organisation_heads for word in others)

    def _modifier_start(self, norms: list[str], i: int, taken: set[int]) -> int:
        """Include "pro-Russian", "unidentified" and the like in the phrase."""
        for width in (2, 1):
            k = i - width
            if k >= 0 and k not in taken and self.modifiers.match_at(norms, k, i)[0] == width:
                return k
        return i

    def _generic_actor(self, context: PhraseContext, actor_class: GenericActorClass,
                       surface: str) -> ActorDef:
        known = context.found.get(actor_class.key)
        if known is not None:
            return known
        if actor_class.key in _NATIONAL_CLASSES:
            code, country = context.country or (None, None)
            actor = self.national(actor_class.key, code, country)
        else:
            name = surface[:1].upper() + surface[1:]
            actor = ActorDef(f"{actor_class.key}-{_slug(surface)}", name,
                             ActorKind(actor_class.kind), generic=actor_class.key)
        context.found[actor_class.key] = actor
        return actor

    def national(self, key: str, code: str | None, country: str | None) -> ActorDef:
        """The actor of a national class ("soldiers", "civilians") in country ``code``:
        its armed forces (the registry's when it has them), "Civilians (Mali)"."""
        known = self._made.get((key, code, country))
        if known is None:
            known = self._made[(key, code, country)] = self._make_national(key, code,
                                                                               country)
        return known

    def _make_national(self, key: str, code: str | None, country: str | None) -> ActorDef:
        actor_class = self._classes[key]
        if key == "state_forces" and code:
            known = self.registry.by_country(code, ActorKind.ARMED_FORCES)
            if known is not None:
                return replace(known, generic=key)
        name = actor_class.name.format(country=country) if country else \
            actor_class.name.replace(" ({country})", "").replace(" of {country}", "")
        name = name.replace("{country} ", "")
        suffix = f"-{code.lower()}" if code else ""
        prefix = "armed-forces" if key == "state_forces" else key
        return ActorDef(f"{prefix}{suffix}", name[:1].upper() + name[1:],
                        ActorKind(actor_class.kind), code, generic=key)


class Attributive:
    """Force words that describe another noun ("a military operation", "army rule")
    rather than name a country's army (``attributive_force_words`` and
    ``attributive_heads`` in ``geomap/data/event_rules.yaml``)."""

    def __init__(self, events: EventRules) -> None:
        self.words = events.words("attributive_force_words")
        self.heads = events.words("attributive_heads")

    def modifies(self, tokens: list[Token], i: int, width: int) -> bool:
        """The phrase ``tokens[i:i + width]`` is one such word before such a noun."""
        nxt = i + width
        return width == 1 and tokens[i].norm in self.words and nxt < len(tokens) \
            and not tokens[nxt].capitalised and tokens[nxt].start == tokens[i].end + 1 \
            and (tokens[nxt].norm in self.heads or _abstract(tokens[nxt].norm))


# endings of abstract nouns ("military intervention", "army involvement", "military
# superiority", "military expenditure"): the list of heads is open through them
_ABSTRACT_ENDINGS = ("tion", "ment", "ship", "ism", "ity", "ance", "ence", "ure")


def _abstract(word: str) -> bool:
    return len(word) > 5 and word.endswith(_ABSTRACT_ENDINGS)


def _of_named(norms: list[str], k: int, taken: set[int]) -> bool:
    """"... of the (Russian) Wagner Group", "... from JNIM": a named actor follows."""
    if k >= len(norms) or norms[k] not in ("of", "from"):
        return False
    k += 1
    while k < len(norms) and norms[k] == "the":
        k += 1
    return k in taken or (k + 1 in taken and k + 1 < len(norms))


def _classes(events: EventRules) -> list[GenericActorClass]:
    return [GenericActorClass(str(key), str(raw["name"]), str(raw["kind"]))
            for key, raw in events.data.get("generic_actors", {}).items()]


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "x"
