"""Toponym spotting: place names, demonyms and capitals found in tokens, with their roles.

Spotting is a longest match of capitalised token sequences against the name index
(:mod:`geomap.extract.names`). A single capitalised word is a weak cue, so general rules
keep people, organisations and common words out (the word lists are data, in
``extract_rules.yaml``; no list names a place):

- closed-class words ("She", "Since", "March") and organisation heads ("University",
  "Police") are never places on their own;
- a word the same text also writes in lower case is a common word unless it stands where
  places stand ("in Split", "Mobile, Alabama");
- people: names after a title ("Senator Franklin"), surnames the text also gives with a
  first name ("Barack Obama ... Obama said"), a name followed by a speech verb
  ("Ripley said", "Bush said": only areas, capitals and cities of a million speak), a
  given name before a surname particle ("Dennis van Engel"), a name after a role
  written in lower case ("coach Ripley");
- a word glued to another capitalised word is part of a longer name ("Chad Hughes",
  "Georgia Tech"), unless that word heads an organisation or a title ("Gainesville Police",
  "Manitoba Premier") or is a day or month ("in Paris Tuesday");
- at the start of a sentence, a town is accepted when the article also writes it mid-
  sentence, when it is large, or when a qualifier follows;
- a name known only as an alternate name of a town ("She" for Huicheng, "Jin" for Tsu)
  needs a place cue, unless it names a major city or a large town spelled alike;
- an abbreviation the text defines for something else ("Department of Health (DOH)")
  is no place.

Resolution (which candidate) is in :mod:`geomap.extract.resolve`.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from geomap.extract.dateline import dateline_place_start
from geomap.extract.names import MAX_NAME_TOKENS, Entry, NameIndex
from geomap.extract.rules import Rules
from geomap.extract.statements import statement_pattern
from geomap.extract.text import (
    Token,
    capitalised_indices,
    joinable,
    name_runs,
    normalise,
    token_norms,
)
from geomap.geocoding.datafiles import load_admin1_abbreviations
from geomap.geocoding.gazetteer import POSTAL_CODE_COUNTRIES
from geomap.geocoding.normalize import name_key
from geomap.model import Place, PlaceKind
from geomap.refdata.directions import direction_words

_LIST_GAP = re.compile(r"^\s*(?:,|and|or|, and|, or|/)\s*$")
# Areas a capitalised word rarely names by accident (states are weighed like towns).
_AREA_KINDS = frozenset({PlaceKind.COUNTRY, PlaceKind.REGION, PlaceKind.WATER})
# What "the" may stand before when the name ends in an organisation word ("the West Bank").
_NAMED_WITH_THE = _AREA_KINDS | {PlaceKind.ADMIN1}
# read once (Python 3.11 reads an enum member through its class by a slow hook)
_ADMIN1 = PlaceKind.ADMIN1
# Articles, which open no place name here ("A New Jersey woman"; "The Hague" is keyed
# without its article).
_ARTICLES = frozenset({"a", "an", "the"})
# "across eastern Ukraine, Kiev and separatists trade blame": joined to a common noun, the
# name is no item of a list of places
_JOINS_A_NOUN = re.compile(r"\s+(?:and|or)\s+[a-z]")
_DIRECTION_INITIALS = frozenset({"N", "S", "E", "W"})
# Initials with a dot after each letter: "L.A.", "S.C.", "U.S." ("W.Va." and "La." are not).
_INITIALISM = re.compile(r"(?:[A-Z]\.){2,}")
# An abbreviation defined in brackets after its long form: "Department of Health (DOH)".
_BRACKETED_ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z]{1,7})\)")
_LONG_FORM_CHARS = 80
# A title in apposition after a name: "Ann Ripley, President and CEO of ...".
_APPOSED_TITLE = re.compile(r",\s+(?:(?:a|an|the)\s+)?([A-Za-z]+)")
# A label opening a bracket or an item of it, before a colon: the language of the name
# that follows ("X (Spanish: ...; Pangasinan: ...)"), no place the text is about.
_BRACKET_LABEL_BEFORE = re.compile(r"[(;,]\s*$")
# ... and the words it labels: "(Spanish: colorado)", "(Ilocano: Ili ti Santo Tomas;"
_GLOSS = re.compile(r"(?<=[(;,])\s*[A-Z][\w-]*:\s*([^;,()]{1,80})")
# A possessive after a name: "Jacksonville's beaches".
_POSSESSIVE = re.compile(r"['’]s\b")
# A game's score ("31-28", "54-41"), told in the sentence of a result verb.
_GAME_SCORE = re.compile(r"\b\d{1,3}-\d{1,3}\b")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
SCORE_REACH = 160


def _clause_after(text: str, end: int) -> str:
    """The rest of the sentence after ``end`` (at most ``SCORE_REACH`` characters)."""
    rest = text[end:end + SCORE_REACH]
    stop = _SENTENCE_END.search(rest)
    return rest[:stop.start()] if stop else rest


@lru_cache(maxsize=256)
def _state_word(state: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(state)}\b")


def _names_state(text: str, state: str | None) -> bool:
    """True when the text writes the state's own name ("Texas") as a word."""
    if not state:
        return False
    return _state_word(state).search(text) is not None

# Between the postal codes of a list of states: "IN, KY and OH", "AL; GA; FL".
_POSTAL_LIST_GAP = re.compile(r"^(?:,|;)?\s(?:(?:and|or)\s)?$")
MIN_POSTAL_LIST = 3
# A town this large is a safe reading of a capitalised word at a sentence start.
LARGE_TOWN = 100_000
# A city this large is known abroad by its other names ("Calcutta", "Saigon", "Mecca").
MAJOR_CITY = 1_000_000
# How alike two spellings must be to be one name ("Kiev" and "Kyiv"; not "Jin" and "Tsu").
ALIKE = 0.5


# "Broward and Palm Beach counties", "the counties of Broward and Palm Beach"
_NAMES = r"[A-Z][\w'-]*(?: [A-Z][\w'-]*)*"
_COUNTY_LIST_AFTER = re.compile(rf"(?:(?:,|,? and|,? or) {_NAMES})+ counties\b")
COUNTY_LIST_REACH = 200
_COUNTY_LIST_BEFORE = re.compile(rf"\bcounties of (?:the )?(?:{_NAMES}(?:, |,? and |,? or ))*$")


def _in_a_county_list(text: str, start: int, end: int) -> bool:
    """True when the name at ``start:end`` stands in a list that "counties" closes or
    "the counties of" opens."""
    # within a window: a long list of unknown names must not be read to its end per name
    if _COUNTY_LIST_AFTER.match(text, end, end + COUNTY_LIST_REACH):
        return True
    window = max(0, start - 80)
    return "counties of" in text[window:start] \
        and _COUNTY_LIST_BEFORE.search(text, window, start) is not None


@dataclass(slots=True)
class PlaceMention:
    """A place named in the text.

    ``via`` is ``name`` (a toponym), ``demonym`` ("Malian", "European", or as a noun
    "Malians", "Londoners", see ``noun``) or ``the_prefixed`` ("the Niger" the river).
    ``locative`` is True when the text uses it as a location ("in Bamako");
    ``state_code`` is set when it also stands for a state ("Bamako expressed shock", "Mali
    has severed ties").
    """

    text: str
    start: int
    end: int
    key: str
    candidates: tuple[Entry, ...]
    via: str
    first: int  # token indices
    last: int
    place: Place | None = None
    entry: Entry | None = None
    locative: bool = False
    state_code: str | None = None
    noun: bool = False
    affiliation: bool = False  # "pro-Russian", "Russia-led": whose side, not a place
    townlike: bool = False  # "Mexico police", "a Mexico man": said as a town's name is
    # "land" or "water" for a natural feature named after a place the index knows ("the
    # Bekaa Valley", "Lake Como", "Mount Sinjar"): its candidates are that place's readings,
    # and once one is chosen the mention becomes the feature
    # (:func:`geomap.extract.pipeline._as_features`)
    feature: str | None = None


class Spotter:
    """Finds place mentions in a tokenised text."""

    def __init__(self, index: NameIndex, rules: Rules) -> None:
        self.index = index
        self.demonyms = rules.demonyms
        self.demonym_name_heads = rules.words("demonym_name_heads")
        self.function_words = rules.words("function_words")
        self.organisations = rules.words("organisation_words")
        self.suffixes = rules.words("place_suffixes")
        self.locatives = rules.words("locative_prepositions")
        self.openers = rules.words("sentence_openers")
        self.titles = rules.words("titles")
        self.speech = rules.words("speech_verbs")
        self.particles = rules.words("surname_particles")
        self.roles = rules.words("role_nouns")
        self.prefixes = rules.words("name_prefixes")
        self.verbs = rules.words("subject_verbs") | rules.words("state_verbs")
        self.result_verbs = rules.words("result_verbs")
        self.result_particles = rules.words("result_particles")
        self.connectors = rules.words("name_connectors")
        self.area_nouns = rules.words("area_nouns")
        self.region_demonyms = {normalise(str(k)): normalise(str(v))
                                for k, v in rules.data.get("region_demonyms", {}).items()}
        # "Town", "Province", "Lake": kinds of places, no place on their own
        self.generic = self.suffixes | self.prefixes
        self.local_offices = rules.words("local_office_words")
        self.street_words = rules.words("street_words")
        self.landmarks = rules.words("landmark_words")
        self.team_nicknames = rules.words("team_nicknames")
        self.county_offices = rules.words("county_office_words") | self.local_offices
        self.county_only_offices = rules.words("county_only_offices")
        self.heads = (self.suffixes | self.organisations | self.titles | self.local_offices
                      | rules.words("calendar_words"))
        self.markers = self.locatives | rules.words("place_markers") \
            | rules.words("place_verbs")
        self.unsent_markers = self.markers - rules.words("sender_markers")
        self.source_openers = rules.words("source_openers")
        self.strikes_on = rules.words("strike_nouns_before_on")
        self.party_initials = rules.words("party_initials")
        self.abbreviations = frozenset(normalise(short)
                                       for short, _ in load_admin1_abbreviations())
        # how each abbreviation is written, by its key: "la" -> {("La.", "US-LA")}
        self.abbreviation_forms: dict[str, set[tuple[str, str]]] = {}
        for short, code in load_admin1_abbreviations():
            self.abbreviation_forms.setdefault(normalise(short), set()).add((short, code))
        self.affiliation_prefixes = rules.words("affiliation_prefixes")
        self.affiliation_suffixes = rules.words("affiliation_suffixes")
        self.owned_buildings = rules.words("owned_building_nouns")
        self.scene_nouns = rules.words("scene_nouns")
        self.scene_verbs = rules.words("scene_verbs")
        self.statement = statement_pattern(rules)
        self.diseases = rules.words("disease_nouns")
        self.rivers = rules.words("river_nouns")
        # "Village", "Villages": what a place is, no place's name on its own
        self.settlements = _with_plurals(rules.words("settlement_nouns"))
        self.town_nouns = rules.words("town_nouns")
        self.residents = rules.words("resident_nouns")
        self.townspeople = rules.words("townsperson_nouns")
        self.the_prefixed = {normalise(k): normalise(v)
                             for k, v in rules.data.get("the_prefixed", {}).items()}
        # "the Gulf" alone: the gulfs it may be, in order (the pipeline chooses by the
        # story's countries)
        self.gulfs = tuple(e for name in rules.data.get("the_gulf", {})
                           for e in index.get(str(name))[:1])
        # kind words of natural features: "Valley" after a name, "Lake" before one
        self.feature_suffixes = {normalise(str(k)): str(v) for k, v in
                                 rules.data.get("feature_suffixes", {}).items()}
        self.feature_prefixes = {normalise(str(k)): str(v) for k, v in
                                 rules.data.get("feature_prefixes", {}).items()}
        self.feature_prefixes_of = {normalise(str(k)): str(v) for k, v in
                                    rules.data.get("feature_prefixes_of", {}).items()}
        self._lower_words: set[str] = set()  # as written, case folded
        self._abbreviations: set[str] = set()
        self._surnames: set[str] = set()
        self._located_keys: set[str] = set()
        self._located_at: set[int] = set()  # the capitalised tokens _located finds placed
        self._stated_keys: set[str] = set()  # names the text says where they lie
        # ... placed by a cue other than "from" (sender_markers: "a letter from X")
        self._placed_at: set[int] = set()
        self._placed_keys: set[str] = set()
        self._mid_sentence: set[str] = set()
        self._shouting = False
        self._countries_named: set[str] = set()
        self._town_named: set[str] = set()  # names the text calls towns (_towns_named)
        # position in the text -> the statement of where a place lies that follows it ("X is
        # a town in"), or None: the pattern is long, and several rules ask it of the same
        # name, the spotter's and the containers' (:meth:`statement_at`)
        self._statements: dict[int, re.Match[str] | None] = {}
        self._statements_of = ""  # the text they were matched in

    def spot(self, text: str, tokens: list[Token], blocked: set[int],
             sentence_starts: set[int], runs: list[int] | None = None) -> list[PlaceMention]:
        """Non-overlapping place mentions, in text order. ``runs``:
        :func:`geomap.extract.text.name_runs` of the tokens, when known."""
        found: list[PlaceMention] = []
        runs = name_runs(text, tokens) if runs is None else runs
        self._read_document(text, tokens, sentence_starts)
        resume = 0  # the first token after the last mention found
        for i in capitalised_indices(tokens):
            if i < resume or i in blocked:
                continue
            mention = self._match_at(text, tokens, i, runs[i], blocked, sentence_starts)
            if mention is not None:
                found.append(mention)
                resume = mention.last + 1
        if self._town_named:
            _towns_named(found, self._town_named)
            self._town_named.clear()
        found = self._postal_states(text, tokens, found)
        if not self._shouting:
            found = self._postal_lists(text, tokens, found)
        self._mark_roles(text, tokens, found)
        self._mark_townlike(tokens, found)
        return found

    def _mark_townlike(self, tokens: list[Token], found: list[PlaceMention]) -> None:
        """Mark a name said as a town's is: before its residents or bodies ("Mexico
        police", "Lebanon voters") or a townsperson after "a" ("a Mexico man", "a
        31-year-old Peru woman"): the ranking may then read a country's name as a town's
        (:func:`geomap.extract.pipeline._town_beside_a_country`)."""
        for m in found:
            nxt = tokens[m.last + 1] if m.last + 1 < len(tokens) else None
            if nxt is None or nxt.capitalised or m.via != "name":
                continue
            before = tokens[m.first - 1].norm if m.first > 0 else ""
            m.townlike = nxt.norm in self.residents or (
                nxt.norm in self.townspeople and (before in {"a", "an"} or before.endswith("old")))

    @functools.cached_property
    def postal_states(self) -> dict[str, Entry]:
        """Postal abbreviation (normalised) -> the state's entry, for the countries of
        ``POSTAL_CODE_COUNTRIES`` (as ``geomap geocode`` reads them): "tx" -> Texas."""
        found: dict[str, Entry] = {}
        for row in self.index.gazetteer.base.admin1:
            iso, name = row[1], row[2]
            country, _, code = iso.partition("-")
            if country in POSTAL_CODE_COUNTRIES and len(code) == 2:
                state = next((e for e in self.index.get(normalise(name))
                              if e.kind is PlaceKind.ADMIN1 and e.admin1 == iso), None)
                if state is not None:
                    found[code.casefold()] = state
        return found

    def _postal_states(self, text: str, tokens: list[Token],
                       found: list[PlaceMention]) -> list[PlaceMention]:
        """"Paris, TX", "Salem, OR police": a postal code in capitals right after a town
        and a comma, not glued to a capitalised word after it, is the state: after a name
        that may lie in its country ("GAO, MALI, ON 3 MARCH" in capitals was Ontario)."""
        added = []
        for n, m in enumerate(found):
            k = m.last + 1
            if m.via != "name" or k >= len(tokens) or text[m.end:tokens[k].start] != ", ":
                continue
            token = tokens[k]
            state = self.postal_states.get(token.norm)
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            if (state is None or len(token.surface) != 2 or not token.surface.isupper()
                    or all(e.country_code != state.country_code for e in m.candidates)
                    or (n + 1 < len(found) and found[n + 1].first == k)
                    or (nxt is not None and nxt.capitalised and joinable(text, token, nxt))):
                continue
            added.append(PlaceMention(token.surface, token.start, token.end, token.norm,
                                      (state,), "name", k, k))
        return sorted(found + added, key=lambda p: p.start) if added else found

    def _postal_lists(self, text: str, tokens: list[Token],
                      found: list[PlaceMention]) -> list[PlaceMention]:
        """"stores in IN, KY and OH": a list of three or more postal codes in capitals,
        all of one country, names those states (alone, "IN", "OR", "ME" stay words)."""
        taken = {m.first for m in found}
        runs: list[list[int]] = []
        for k, token in enumerate(tokens):
            if len(token.surface) != 2 or not token.surface.isupper() or k in taken \
                    or token.norm not in self.postal_states:
                continue
            if runs and runs[-1][-1] >= k - 2 and _POSTAL_LIST_GAP.match(
                    text[tokens[runs[-1][-1]].end:token.start]):
                runs[-1].append(k)
            else:
                runs.append([k])
        added = []
        for run in runs:
            states = [self.postal_states[tokens[k].norm] for k in run]
            if len(run) < MIN_POSTAL_LIST or len({e.country_code for e in states}) > 1:
                continue
            added += [PlaceMention(tokens[k].surface, tokens[k].start, tokens[k].end,
                                   tokens[k].norm, (state,), "name", k, k)
                      for k, state in zip(run, states, strict=True)]
        return sorted(found + added, key=lambda p: p.start) if added else found

    def _read_document(self, text: str, tokens: list[Token], starts: set[int]) -> None:
        """What the whole text says about its words: which it writes in lower case, which
        it writes capitalised mid-sentence, which are people's surnames."""
        self._statements, self._statements_of = {}, text
        glosses = _glosses(text)
        # as spelled: "montaña" in a gloss of the name's origin is not "Montana"
        self._lower_words = {t.surface.casefold() for t in tokens if not t.capitalised
                             and not (glosses and _inside(glosses, t.start))}
        self._abbreviations = self._defined_abbreviations(text)
        # a text in capitals says nothing by its case: its words are read as written
        # mid-sentence, and its all-capital words are no abbreviations
        self._shouting = len(tokens) > 5 and text[:2000].isupper()
        self._countries_named = self._named_countries(tokens) if self._shouting else set()
        capitalised = capitalised_indices(tokens)
        self._mid_sentence = {tokens[i].norm for i in capitalised if i not in starts}
        # one sense per text: a name the text also places ("in Milton") is a place
        self._located_at = {i for i in capitalised if self._located(text, tokens, i)}
        self._located_keys = {tokens[i].norm for i in self._located_at}
        self._placed_at = {i for i in self._located_at
                           if self._located(text, tokens, i, self.unsent_markers)}
        self._placed_keys = {tokens[i].norm for i in self._placed_at}
        self._stated_keys = {tokens[i].norm for i in self._located_at
                             if self._stated(text, tokens, i)}
        self._surnames = set()
        for i in capitalised:
            if tokens[i].norm in self.titles and i + 1 < len(tokens):
                k = i + 1
                while k < len(tokens) and k <= i + 3 and tokens[k].capitalised:
                    self._surnames.add(tokens[k].norm)
                    k += 1
        resume = 0  # the token after the last run read
        for i in capitalised:  # runs of capitalised words: names, perhaps people's
            if i < resume:
                continue
            last = i
            while (last + 1 < len(tokens) and tokens[last + 1].capitalised
                   and joinable(text, tokens[last], tokens[last + 1])):
                last += 1
            if last > i:
                self._surnames.update(self._run_surnames(tokens, i, last, i in starts))
            if self._titled_after(text, tokens[last]):
                self._surnames.add(tokens[last].norm)
            resume = last + 1

    def _titled_after(self, text: str, token: Token) -> bool:
        """True when a title follows the name in apposition ("Ann Ripley, President and
        CEO", "Tom Baker, Chief Veterinarian"): a person's name, when only hamlets bear
        it ("Kidal, Governor X said, is calm" is the town)."""
        if not text.startswith(",", token.end):
            return False  # the pattern opens with the comma: most names are followed by none
        title = _APPOSED_TITLE.match(text, token.end)
        return (title is not None and normalise(title.group(1)) in self.titles
                and all(e.small or e.alternate for e in self.index.get(token.norm)))

    def _defined_abbreviations(self, text: str) -> set[str]:
        """Abbreviations the text defines for a name that is no place: "Department of
        Health (DOH)" makes every "DOH" of the text that department, not Doha. One
        abbreviating a place ("Democratic Republic of the Congo (DRC)") stays a place."""
        found = set()
        for match in _BRACKETED_ABBREVIATION.finditer(text):
            short = match.group(1)
            if sum(c.isupper() for c in short) < 2:
                continue
            words = text[max(0, match.start() - _LONG_FORM_CHARS):match.start()].split()
            long_form = _long_form(short, words[-min(len(short) + 5, 2 * len(short)):])
            if long_form is None or normalise(long_form) in self.index:
                continue
            key = normalise(short)
            if not any(e.kind in _AREA_KINDS for e in self.index.get(key)):
                found.add(key)
        return found

    def _run_surnames(self, tokens: list[Token], first: int, last: int,
                      opens_sentence: bool) -> list[str]:
        """The surname of a "First Last" run: the first word a given name (not a place,
        opener, title or organisation word; a function word only mid-sentence: "Will
        Steele"), the run as a whole not a place."""
        head = tokens[first].norm
        if head in self.titles:  # "Senator Franklin Smith": every word after it
            return [tokens[k].norm for k in range(first + 1, last + 1)]
        if (last - first > 2 or head in self.openers or head in self.heads
                or (opens_sentence and head in self.function_words) or head in self.markers
                or head in self.prefixes or head in self.demonyms or self._well_known(head)):
            return []
        if " ".join(token_norms(tokens[first:last + 1])) in self.index:
            return []
        surname = tokens[last].norm
        return [] if surname in self.heads or surname in self.suffixes else [surname]

    def _well_known(self, key: str) -> bool:
        """True when ``key`` names an area or a large town ("Paris Hilton" is no given
        name; "Bruce", a hamlet's name too, is)."""
        return any(not e.alternate and (e.kind in _AREA_KINDS or e.kind is PlaceKind.ADMIN1
                                        or e.population >= LARGE_TOWN)
                   for e in self.index.get(key))

    def _match_at(self, text: str, tokens: list[Token], i: int, run_end: int,
                  blocked: set[int], starts: set[int]) -> PlaceMention | None:
        if tokens[i].norm in _ARTICLES and i < run_end and self._match_at(
                text, tokens, i + 1, run_end, blocked, starts) is not None:
            return None  # "A New Jersey woman": not Änew, the name is "New Jersey"
        # a name runs on through capitalised words and the small words names hold ("Rio
        # de Janeiro", "Bosnia and Herzegovina"), never through other lower-case words
        last = i
        while (last < min(run_end, i + MAX_NAME_TOKENS - 1) and last + 1 not in blocked
               and (tokens[last + 1].capitalised or tokens[last + 1].norm in self.connectors)):
            last += 1
        for j in range(last, i - 1, -1):
            if not tokens[j].capitalised:
                continue
            key = tokens[i].norm if j == i else " ".join(token_norms(tokens[i:j + 1]))
            mention = self._candidate(text, tokens, i, j, key)
            if mention is None:
                continue
            if j > i and self._local_office(text, tokens, j) and self._office_of_shorter(
                    tokens, i, j, mention):
                continue  # "the Rome City Commission": Rome's, not Rome City, Indiana
            if _followed_by_word(tokens, j, self.diseases) and not (mention.via == "name" and any(
                    e.kind is PlaceKind.COUNTRY and not e.alternate for e in mention.candidates)):
                # "Marburg virus", "Spanish flu": a disease's name; a country's own name
                # before one is where it spreads ("the United States flu season")
                return None
            if self._river_after(text, tokens, j, mention):
                return None  # "towards the Bani river": the river, not the town Bani (a
                # province named after its river, no town's name, stays: "the Tapoa river")
            if self._street_after(text, tokens, j):
                return None  # "near Kirkwood Avenue": a street named after the place
            if _ROUTE_NUMBER.match(text, tokens[j].end) \
                    and text[tokens[i].start:tokens[j].end].replace(".", "") == "US":
                return None  # "on US 60", "U.S. 441 near Ocala": a federal highway
            if _bracket_label(text, tokens[i].start, tokens[j].end):
                return None  # "(Spanish: ...)": the language of a name
            if (self._multi_ok(text, tokens, mention) if j > i
                    else self._single_ok(text, tokens, mention, starts)):
                return _as_township(text, tokens, mention)
        return None

    def _office_of_shorter(self, tokens: list[Token], i: int, j: int,
                           mention: PlaceMention) -> bool:
        """True when the last word of a name opens a local office ("City" of "Rome City
        Commission") and the name without it bears a town more than three times as
        populous as any the whole name does (alternate names counting none): "the Dublin
        City Council" in Ohio, "the Columbia City Council"; not "the Kansas City Council",
        "the Carson City Council"."""
        whole = max((0 if e.alternate else e.population for e in mention.candidates or ()),
                    default=0)
        shorter = " ".join(token_norms(tokens[i:j])) if j - 1 > i else tokens[i].norm
        return any(e.kind is PlaceKind.POPULATED_PLACE and e.population > 3 * whole
                   for e in self.index.get(shorter))

    def _river_after(self, text: str, tokens: list[Token], j: int,
                     mention: PlaceMention) -> bool:
        # lower case only: "the St. Johns River" is a name the gold sets annotate
        return _followed_by_word(tokens, j, self.rivers) \
            and text[tokens[j].end:tokens[j + 1].start] == " " \
            and any(e.kind is PlaceKind.POPULATED_PLACE for e in mention.candidates or ()) \
            and not any(e.kind is PlaceKind.WATER for e in mention.candidates or ())

    def _candidate(self, text: str, tokens: list[Token], i: int, j: int,
                   key: str) -> PlaceMention | None:
        surface = text[tokens[i].start:tokens[j].end]
        prev = tokens[i - 1].norm if i > 0 else ""
        if i == j and key in self.town_nouns and j + 1 < len(tokens) \
                and tokens[j + 1].norm == "of":
            return None  # "the Town of Paris": a kind of place, not a district named Town
        # "the Mississippi" is the river; "the Ohio Department of Health" the state's, and
        # so is "the Ohio city" (a name before a kind of settlement qualifies it)
        before_noun = prev in _ARTICLES and _followed_by_word(tokens, j, self.settlements)
        if i == j and key == "gulf" and prev == "the" and self.gulfs \
                and tokens[j].surface == "Gulf" and not (
                    j + 1 < len(tokens) and (tokens[j + 1].norm == "of" or (
                        tokens[j + 1].capitalised
                        and joinable(text, tokens[j], tokens[j + 1])))):
            # "the Gulf": a gulf of the story's countries (not "the Gulf of Aden", "the
            # Gulf War", "the Gulf Coast"; not Papua New Guinea's Gulf province)
            mention = PlaceMention(surface, tokens[i].start, tokens[j].end, key,
                                   self.gulfs, "feature", i, j)
            mention.feature = "gulf"
            return mention
        if key in self.the_prefixed and prev == "the" and not before_noun and not (
                j + 1 < len(tokens) and tokens[j + 1].capitalised
                and joinable(text, tokens[j], tokens[j + 1])):
            river = self.index.get(self.the_prefixed[key])
            return PlaceMention(surface, tokens[i].start, tokens[j].end, key, river,
                                "the_prefixed", i, j)
        # as written first: "Prince George's County" is not Prince George County
        for name in (surface, key) if "'" in surface or "’" in surface else (key,):
            candidates = self.index.get(name)
            if not candidates:
                continue
            # "Canadian" is a demonym before it is a village in Texas
            if i == j and key in self.demonyms and (
                    all(e.small or e.alternate for e in candidates)
                    or self._adjective(text, tokens, j, candidates)):
                break
            if i == j:
                candidates += self._county_by_its_office(tokens, j, key, candidates)
            if before_noun:
                candidates = _states_of_their_name(candidates)
            elif i > 1 and prev == "of" and tokens[i - 2].norm in self.town_nouns \
                    and not text.startswith(",", tokens[j].end) \
                    and any(e.kind in _WIDE_KINDS for e in candidates):
                # "the City of Mexico" (see _towns_named); "the city of Cuba, Kansas" is
                # left to the state after it, which no country lies in
                self._town_named.add(key)
            return PlaceMention(surface, tokens[i].start, tokens[j].end, key, candidates,
                                "name", i, j)
        if i == j:
            counties = self._bare_county(text, tokens, j, key)
            if counties:
                return PlaceMention(surface, tokens[i].start, tokens[j].end, key, counties,
                                    "name", i, j)
        else:
            feature = self._feature(text, tokens, i, j, key, surface)
            if feature is not None:
                return feature
        return self._demonym(text, tokens, i, j, key, surface, prev)

    def _feature(self, text: str, tokens: list[Token], i: int, j: int, key: str,
                 surface: str) -> PlaceMention | None:
        """A natural feature the index lacks, named after a place it knows: a kind word
        after the name ("the Bekaa Valley", "the Atacama Desert", "Kharg Island") or before
        it ("Lake Como", "Mount Sinjar"; with "of": "the Gulf of X", never "the Gulf
        War"). Its candidates are the readings of that name under its own primary name (no
        other name of a town: "Tana" is no alternate spelling of Thane); a water body is
        never read at a country's point (a country's centre is not on its lake or gulf).
        Not before another capitalised word (but a kind of unit: "Region"): that heads a
        longer name ("the X Valley Register")."""
        last, first = tokens[j].norm, tokens[i].norm
        if last in self.feature_suffixes:
            what, lo, hi = self.feature_suffixes[last], i, j - 1
        elif first in self.feature_prefixes:
            what, lo, hi = self.feature_prefixes[first], i + 1, j
        elif first in self.feature_prefixes_of and i + 2 <= j and tokens[i + 1].norm == "of":
            what, lo, hi = self.feature_prefixes_of[first], i + 2, j
        else:
            return None
        if lo > hi or not (tokens[lo].capitalised and tokens[hi].capitalised):
            return None
        base = tokens[lo].norm if lo == hi else " ".join(token_norms(tokens[lo:hi + 1]))
        if base in self.generic or base in self.function_words or base in self.demonyms \
                or base in direction_words():
            return None  # "Central Valley", "Great Lakes": no place's name
        following = j + 1
        if following < len(tokens) and tokens[following].capitalised \
                and joinable(text, tokens[j], tokens[following]) \
                and tokens[following].norm not in self.suffixes:
            return None  # the feature's name heads another ("the X Valley Register")
        readings = tuple(e for e in self.index.get(base) if not e.alternate and not (
            what == "water" and e.kind is PlaceKind.COUNTRY))
        if not readings:
            return None
        mention = PlaceMention(surface, tokens[i].start, tokens[j].end, key, readings,
                               "feature", i, j)
        mention.feature = what
        return mention

    def _county_by_its_office(self, tokens: list[Token], j: int, key: str,
                              candidates: tuple[Entry, ...]) -> tuple[Entry, ...]:
        """The counties "X County" a town's name also stands for before a county's own
        office ("Hillsborough deputies", "Polk sheriff"): more readings, ranked with the
        town's by the story's scope."""
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        if nxt is None or nxt.norm not in self.county_only_offices:
            return ()
        return tuple(e for e in self.index.get(f"{key} county")
                     if e.kind is PlaceKind.ADMIN2 and not e.alternate and e not in candidates)

    def _bare_county(self, text: str, tokens: list[Token], j: int,
                     key: str) -> tuple[Entry, ...]:
        """The counties "X County" for a bare name no place bears, before a county's
        office ("Broward schools", "Alachua deputies") or in a list of counties ("Broward
        and Palm Beach counties", "the counties of Broward and Palm Beach"); empty
        otherwise."""
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        if nxt is None or key in self.function_words or key in self.demonyms \
                or key in self.index:
            return ()
        if nxt.norm not in self.county_offices and not _in_a_county_list(
                text, tokens[j].start, tokens[j].end):
            return ()
        return tuple(e for e in self.index.get(f"{key} county")
                     if e.kind is PlaceKind.ADMIN2 and not e.alternate)

    def _adjective(self, text: str, tokens: list[Token], j: int,
                   candidates: tuple[Entry, ...]) -> bool:
        """True when a demonym that is also a province's name qualifies a noun ("Somali
        refugees"): the people, unless the name is a country's or a large town's."""
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        return (nxt is not None and not nxt.capitalised and text[tokens[j].end:nxt.start] == " "
                and nxt.norm not in self.function_words and nxt.norm not in self.verbs
                and nxt.norm not in self.suffixes
                and not any(e.kind is PlaceKind.COUNTRY or (e.kind is PlaceKind.POPULATED_PLACE
                                                            and e.population >= LARGE_TOWN)
                            for e in candidates))

    def _demonym(self, text: str, tokens: list[Token], i: int, j: int, key: str,
                 surface: str, prev: str) -> PlaceMention | None:
        """"Malian" (an adjective), "Malians" or "the French" (nouns: the people)."""
        if j - i > 2:
            return None
        before = tokens[i - 1] if i > 0 else None
        if (before is not None and self._demonym_plural(key) and before.capitalised
                and joinable(text, before, tokens[i]) and self._well_known(before.norm)):
            return None  # "Mumbai Indians": the team of the place before, not India
        code, noun = self.demonyms.get(key), False
        if code is None and key.endswith("s") and len(key) > 4:
            code, noun = self.demonyms.get(key[:-1]), True
        if code is None:
            places = self._people_of(key)
            if not places or self._heads_a_body(text, tokens, j):
                return None
            return PlaceMention(surface, tokens[i].start, tokens[j].end, key, places,
                                "demonym", i, j, noun=key.endswith("s"))
        if not noun and self._heads_a_body(text, tokens, j):
            return None  # "British Airways", "the Chinese Academy": a body's own name
        following = tokens[j + 1] if j + 1 < len(tokens) else None
        # "the French said", "the French, ...": the people; "the French Navy": an adjective
        if following is None or text[tokens[j].end:following.start].strip():
            ends = True
        else:
            ends = not following.capitalised and (following.norm in self.function_words
                                                  or following.norm in self.verbs)
        noun = noun or (prev == "the" and ends)
        country = self.index.country(code)
        if country is None:
            return None
        return PlaceMention(surface, tokens[i].start, tokens[j].end, key, (country,),
                            "demonym", i, j, noun=noun)

    def _heads_a_body(self, text: str, tokens: list[Token], j: int) -> bool:
        """True when a company's, a medium's, a school's or a supranational body's word
        follows the adjective at token ``j`` in one name ("British Airways", "the European
        Commission"): the adjective is part of that name, no place of the text."""
        following = tokens[j + 1] if j + 1 < len(tokens) else None
        return (following is not None and following.capitalised
                and joinable(text, tokens[j], following)
                and following.norm in self.demonym_name_heads)

    def _people_of(self, key: str) -> tuple[Entry, ...]:
        """The region an adjective names ("European", "Latin American"), or the town or
        state whose people a plural names ("Londoners", "New Yorkers", "Californians")."""
        singular = key[:-1] if key.endswith("s") else key
        region = self.region_demonyms.get(singular)
        if region is not None:
            return tuple(e for e in self.index.get(region) if e.kind is PlaceKind.REGION)[:1]
        if singular == key or len(key) < 6:
            return ()
        for stem in _resident_stems(singular):
            places = tuple(e for e in self.index.get(stem) if not e.alternate and (
                e.kind is PlaceKind.ADMIN1 or e.population >= LARGE_TOWN))
            if len(stem) >= 4 and places:
                return places
        return ()

    def _multi_ok(self, text: str, tokens: list[Token], m: PlaceMention) -> bool:
        """A several-word name ending in an organisation word is a place only by its own
        name, and after "the" only as an area or a large town: "the White House" is no town
        (and an alternate name of Casablanca, Dar el Beida), "the West Bank", "the Ivory
        Coast" and "the Gold Coast" are places; a little-known name heading an organisation
        is part of its name ("Oak Grove Lutheran Hospital"); a unit's name before "of"
        and a word that names no place is an office's ("the Florida Department of Health"
        is no department of Uruguay: the state heads the office's name)."""
        if m.via != "name":
            return True
        if all(tokens[k].norm in self.function_words for k in range(m.first, m.last + 1)):
            return False  # "IT IS IN CONTROL", "Troops Go To Gao": no Isin, no Gotō
        if tokens[m.last].norm in self.area_nouns and self._office_of(text, tokens, m.last):
            return False
        if not (self._located(text, tokens, m.first) or m.key in self._located_keys
                or any(_known_as(m.key, e) for e in m.candidates)
                or self._direction_and_state(tokens, m)):
            return False  # "An E. coli outbreak": no town's own name
        following = m.last + 1
        if (following < len(tokens) and tokens[following].capitalised
                and joinable(text, tokens[m.last], tokens[following])
                and self._heads_a_name(text, tokens, following)
                and not (self._well_known(m.key) or self._located(text, tokens, m.first)
                         or self._local_office(text, tokens, following)
                         or self._named_unit(tokens, m))):
            return False  # "Oak Grove Lutheran Hospital"
        if tokens[m.last].norm not in self.organisations:
            return True
        after_the = m.first > 0 and tokens[m.first - 1].norm == "the"
        m.candidates = tuple(e for e in m.candidates if not e.alternate and not (
            after_the and e.kind not in _NAMED_WITH_THE and e.population < LARGE_TOWN))
        return bool(m.candidates)

    def _direction_and_state(self, tokens: list[Token], m: PlaceMention) -> bool:
        """True for a capitalised direction word and a state's own name ("The storm
        reached South Georgia"): the whole is kept, and the story's other places tell
        that part of the state from the remote place bearing the whole name
        (:meth:`~geomap.extract.pipeline.Extractor._state_under_a_remote_name`); cut down,
        it was a same-named country (Georgia in the Caucasus)."""
        directions = direction_words()
        if m.last != m.first + 1 or tokens[m.first].norm not in directions \
                or tokens[m.last].norm in directions:
            return False  # "North Eastern" is no part of a state called "Eastern"
        return any(e.kind is PlaceKind.ADMIN1 and not e.alternate
                   for e in self.index.get(tokens[m.last].norm))

    def _single_ok(self, text: str, tokens: list[Token], m: PlaceMention,
                   starts: set[int]) -> bool:
        """The rules that keep common words, people and parts of longer names out."""
        if m.via != "name":
            return True
        i, token = m.first, tokens[m.first]
        key = m.key
        if key not in self.index and all(e.kind is PlaceKind.ADMIN2 for e in m.candidates):
            return True  # "Broward schools": a county by its bare name (_bare_county)
        upper = token.surface.isupper() and not self._shouting
        # "Columbia, Mo.", "Monroe, La.": a state's abbreviation after a town and a comma
        # (its period is not part of the token; "La" is a word too)
        qualifier = (key in self.abbreviations and text[token.end:token.end + 1] == "."
                     and text[max(0, token.start - 2):token.start].strip() == ",")
        if not upper and not qualifier and (key in self.function_words or key in self.markers):
            return False
        # "Union", "Central": a town's name only where the text says where it lies ("Union
        # is a city in Boone County", "Union, Kentucky"), then in all of the text
        if not upper and (key in self.organisations or key in self.generic) and not (
                qualifier or key in self._stated_keys or self._qualified(text, tokens, m)
                or self._large_town_there(tokens, m, text)):
            return False
        if not upper and key in self.settlements and not (i > 0 and tokens[i - 1].norm == "the"):
            return False  # "SOS Children's Villages" (but "The Villages", Florida)
        if _INITIALISM.fullmatch(token.surface) and not self._shouting:
            m.candidates = self._initialism_readings(token.surface, key, m.candidates)
            if not m.candidates:
                return False
            if all(e.kind is PlaceKind.POPULATED_PLACE for e in m.candidates):
                return True  # "L.A.": a major city by its initials
        kinds = {e.kind for e in m.candidates}
        is_area = not kinds.isdisjoint(_AREA_KINDS)
        state = _ADMIN1 in kinds
        # "D.C.", "W.Va.", "Columbia, Mo.": written as abbreviations
        dotted = "." in token.surface or qualifier
        if (not (is_area or (state and dotted)) and len(key) <= 2) or key in self.titles or (
                not (is_area or state) and upper and len(key) <= 4
                and not (dateline_place_start(text) == token.start
                         and any(not e.small and not e.alternate for e in m.candidates))):
            return False
        if "$" in text[max(0, token.start - 1):token.end + 1]:
            return False  # "US$1 million", "$US 15 billion": a currency
        if upper and key in self._abbreviations:
            return False  # "Department of Health (DOH)": the department's name
        if upper and (dotted or len(key) <= 2):
            # an abbreviation is not a town spelled with its letters ("EU", "E.U." vs Eu)
            m.candidates = tuple(e for e in m.candidates if not (
                e.kind is PlaceKind.POPULATED_PLACE and normalise(e.name) == key))
            if not m.candidates:
                return False
        located = i in self._located_at  # self._located(text, tokens, i), worked out once
        if not self._glue_ok(text, tokens, i, starts) and not _country_ends_name(text, tokens, m):
            return False
        if is_area or _before_township(text, tokens, m):
            return True  # "Canton Township trustees": the word names the unit
        if self._shouting and not self._town_in_capitals(key, m, located):
            return False  # "FIGHTING BROKE OUT", "AT DAWN", "MY SON WAS SHOT"
        if self._feature_after_the(text, tokens, m):
            return False  # "along the Chattahoochee near West Point": a river, not the town
        if _after_initial(text, tokens, i):
            return False  # "George W. Bush": a surname
        if not located and self._before_particle(text, tokens, m):
            return False  # "Dennis van Engel": a given name
        if not located and self._after_role(text, tokens, m):
            return False  # "coach Ripley": a person
        # a surname is placed by a locative or a statement ("in Milton"), not by "from"
        # ("a statement from Chambers said")
        surname = key in self._surnames and not self._closes_a_list(text, tokens, i) and (
            (i not in self._placed_at and key not in self._placed_keys
             and not self._well_known(key)) or self._surname_speaks(tokens, i, m))
        # a word the text writes in lower case is a common word, unless the text says
        # where the place of that name lies ("X is a town in ...; x is also the Spanish
        # word for", "the x website")
        common = (token.surface.casefold() in self._lower_words
                  and key not in self._stated_keys)
        if surname or (not located and (common or self._speaks(text, tokens, i, m))):
            return False
        # a capital's own name opens a sentence safely; an alternate name of one does
        # not ("Man killed": "Man" is an alternate name of Amman)
        # ... and so does a name the text says where it lies ("X is a village in ...
        # X grew from 31 people in 1086")
        if (i in starts and not located and key not in self._mid_sentence
                and key not in self._stated_keys
                and not any(e.capital and not e.alternate for e in m.candidates)):
            return self._opens_sentence(text, tokens, m)
        if not any(_known_as(key, e) for e in m.candidates) \
                and self._before_an_organisation(text, tokens, m):
            # "Duke University": an organisation named after a place bears the place's own
            # name; a town's other name there is a family's or a person's
            return False
        return located or key in self._located_keys or any(
            _known_as(key, e) for e in m.candidates)

    def _before_an_organisation(self, text: str, tokens: list[Token], m: PlaceMention
                                ) -> bool:
        """True when the name heads an organisation's name ("Duke University Hospital",
        "the X Memorial Hospital")."""
        k = m.last + 1
        return (k < len(tokens) and tokens[k].capitalised
                and joinable(text, tokens[m.last], tokens[k])
                and self._heads_a_name(text, tokens, k, heads=self.organisations))

    def _town_in_capitals(self, key: str, m: PlaceMention, located: bool) -> bool:
        """Whether a text in capitals, whose case tells no name from a word, names a town
        here: by its own name (or one spelled like it, "KIEV"), not a noun the rules know
        as a common one ("ONE MAN SAID"); a large town, one with a place cue in the text
        ("NEAR X", "X IS A TOWN IN") or one in a country the text names. Its every word
        was a name: "BROKE", "SENT", "MINE" were small towns, "SON" another language's
        name of a city (on GeoVirus in capitals: 1,690 false positives)."""
        if key in self.townspeople or key in self.residents:
            return False
        own = [e for e in m.candidates if not e.alternate or _spelled_alike(key, e.name)]
        return bool(own) and (located or key in self._located_keys or key in self._stated_keys
                              or any(e.population >= LARGE_TOWN
                                     or e.country_code in self._countries_named for e in own))

    def _named_countries(self, tokens: list[Token]) -> set[str]:
        """The countries a text names, by their own names or their states' ("AUSTRALIA",
        "NEW SOUTH WALES"): a small town's name in capitals is taken there, and the
        common words that are towns elsewhere ("TIME", "LONG") are not."""
        found: set[str] = set()
        for i in range(len(tokens)):
            for n in range(1, 4):
                key = " ".join(t.norm for t in tokens[i:i + n])
                found.update(e.country_code for e in self.index.get(key)
                             if e.kind in (PlaceKind.COUNTRY, PlaceKind.ADMIN1)
                             and not e.alternate and e.country_code)
        return found

    def _large_town_there(self, tokens: list[Token], m: PlaceMention,
                          text: str = "") -> bool:
        """"the hospital in Van where": a kind word or a name's first word standing alone
        after a locative, as the name of a town of 100,000 or more; or of a town of
        15,000 or more in a state the text names ("McAllen, Texas ... near Mission,
        killing two": the Texan city of 80,000, not a mission)."""
        nxt = tokens[m.last + 1] if m.last + 1 < len(tokens) else None
        if m.first not in self._located_at or (nxt is not None and nxt.capitalised):
            return False
        return any(e.kind is PlaceKind.POPULATED_PLACE and not e.alternate and (
            e.population >= LARGE_TOWN or (text and not e.small and e.place is not None
                                           and _names_state(text, e.place.admin1)))
            for e in m.candidates)

    def _initialism_readings(self, surface: str, key: str,
                             candidates: tuple[Entry, ...]) -> tuple[Entry, ...]:
        """The readings of a name written as initials with a dot after each letter
        ("L.A.", "S.C."): a state only by an abbreviation written so ("S.C.", not "La."
        for "L.A."); with no area left, the major cities those initials stand for."""
        unlike = {code for form, code in self.abbreviation_forms.get(key, ()) if form != surface}
        kept = tuple(e for e in candidates
                     if not (e.kind is PlaceKind.ADMIN1 and e.admin1 in unlike))
        if any(e.kind is not PlaceKind.POPULATED_PLACE for e in kept):
            return kept
        return tuple(e for e in kept if e.population >= MAJOR_CITY)

    def _opens_sentence(self, text: str, tokens: list[Token], m: PlaceMention) -> bool:
        """A town's name at a sentence start (not written mid-sentence elsewhere): a
        subject ("Kingston is", "Gao, Kidal and Mopti"), a name before its settlement noun
        ("Heze city") or a large town not followed by a common word ("Nice weather",
        "Mobile phones", "Reading the statement")."""
        i = m.first
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if _POSSESSIVE.match(text, m.end) and self._well_known(m.key):
            return True  # "Jacksonville's beaches": a large town's or an area's own
        if nxt is not None and not nxt.capitalised:
            if nxt.norm in self.verbs or nxt.norm in self.settlements \
                    or nxt.norm in self.residents:
                return True  # "Kingston is", "Heze city alone has", "Hays residents"
            if nxt.norm in self.result_verbs and (
                    self._result_against(text, tokens, i + 2)
                    or _GAME_SCORE.search(_clause_after(text, m.end))):
                # "Sparta held off Cookeville 28-21", "Longview rallied from 17 down to
                # win 31-28": a town's team
                return True
            # "Virginia duck hunters": a state's name qualifies a noun (an abbreviation
            # written without its dot does not: "Man killed" is no Manitoba)
            undotted = m.key in self.abbreviations and text[m.end:m.end + 1] != "."
            if nxt.norm not in self.function_words and not undotted and any(
                    e.kind is PlaceKind.ADMIN1 and not e.alternate for e in m.candidates):
                return True
            gap = text[tokens[i].end:nxt.start]
            return (nxt.norm in ("and", "or") and gap.strip() in ("", ",")
                    and self._name_at(text, tokens, i + 2))
        if nxt is not None and text[tokens[i].end:nxt.start] == ", " and nxt.norm in self.index:
            return True
        if self._local_office(text, tokens, i + 1):
            return any(not e.alternate for e in m.candidates)  # "Joplin Police said"
        return any(e.population >= LARGE_TOWN and not e.alternate for e in m.candidates)

    def _feature_after_the(self, text: str, tokens: list[Token], m: PlaceMention) -> bool:
        """True for a town's name after "along the", "across the" that ends its noun
        phrase ("flooding along the Chattahoochee near West Point"): towns take no
        article, and one goes along a river, a ridge or a valley of the town's name. Not a
        large town, nor a name before a noun ("along the Tyler road")."""
        i = m.first
        if i < 2 or tokens[i - 1].surface != "the" or tokens[i - 2].norm not in _ALONG \
                or any(e.kind is not PlaceKind.POPULATED_PLACE or e.population >= LARGE_TOWN
                       for e in m.candidates):
            return False
        k = m.last + 1
        if k >= len(tokens):
            return True
        gap = text[tokens[k - 1].end:tokens[k].start].strip()
        nxt = tokens[k]
        return bool(gap) or (not nxt.capitalised and (nxt.norm in self.locatives
                                                      or nxt.norm in self.function_words))

    def _closes_a_list(self, text: str, tokens: list[Token], i: int) -> bool:
        """True for the last name of a list of three or more places ("Utica, Schenectady
        and Troy"): a place, though the text gives it as a surname too ("Ellen Troy")."""
        if i < 3 or tokens[i - 1].norm not in ("and", "or") or not tokens[i - 2].capitalised:
            return False
        before = tokens[i - 3]
        return (text[before.end:tokens[i - 2].start] == ", " and before.capitalised
                and tokens[i - 2].norm in self.index and before.norm in self.index)

    def _result_against(self, text: str, tokens: list[Token], k: int) -> bool:
        """True when a name of the index follows a game's result verb, maybe after a
        particle ("held off Cookeville", "fell to Tupelo")."""
        if k < len(tokens) and not tokens[k].capitalised \
                and tokens[k].norm in self.result_particles:
            k += 1
        return k < len(tokens) and tokens[k].capitalised and self._name_at(text, tokens, k)

    def _name_at(self, text: str, tokens: list[Token], i: int) -> bool:
        """True when a name of the index starts at token ``i``, of one word or of several
        capitalised ones ("Durham and Chapel Hill schools")."""
        words: list[str] = []
        for k in range(i, min(i + MAX_NAME_TOKENS, len(tokens))):
            if k > i and not (tokens[k].capitalised and joinable(text, tokens[k - 1], tokens[k])):
                break
            words.append(tokens[k].norm)
            if " ".join(words) in self.index:
                return True
        return False

    def _glue_ok(self, text: str, tokens: list[Token], i: int, starts: set[int]) -> bool:
        """False when the word is part of a longer capitalised name."""
        if self._shouting:
            return True
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        # an abbreviation ("U.S. Embassy", "UK Treasury") is a modifier, never a given name
        if (nxt is not None and nxt.capitalised and joinable(text, token, nxt)
                and not (token.surface.isupper() and self._well_known(token.norm))
                and not self._area_word(nxt.norm) and nxt.norm not in _TOWNSHIP_WORDS
                and not (self._heads_a_name(text, tokens, i + 1, self._area_word(token.norm))
                         and (self._well_known(token.norm) or self._located(text, tokens, i)
                              or self._local_office(text, tokens, i + 1)))
                and not self._plural_body(text, tokens, i)):
            return False
        prev = tokens[i - 1] if i > 0 else None
        # a capitalised sentence opener ("Neighbouring Israel"), a place ("India-Pakistan")
        # or a code ("MH17 Ukraine site") before the word does not make one name with it
        glued_prev = (prev is not None and i not in starts
                      and ((i - 1) not in starts or self._given_name(prev))
                      and prev.capitalised and joinable(text, prev, token)
                      and not self._area_word(prev.norm)
                      and not any(c.isdigit() for c in prev.surface)
                      and not self._acronym_before(prev, token)
                      and not _hyphenated_modifier(text, tokens, i - 1)
                      and prev.norm not in self.demonyms
                      and not (prev.norm in self.settlements and self._well_known(token.norm)))
        # "in The Hague", "The Gambia", "The Bahamas": a well-known place's own article,
        # written capitalised (not "The Star": a newspaper, and a hamlet's name)
        article = (prev is not None and prev.norm == "the" and self._well_known(token.norm)
                   and not (nxt is not None and nxt.capitalised and joinable(text, token, nxt)))
        return (not glued_prev or article or (prev is not None and prev.norm in self.markers)
                or self._party_state(text, prev))

    def _acronym_before(self, prev: Token, token: Token) -> bool:
        """True for an organisation's acronym before a well-known place ("samples sent to
        CDC Atlanta"): the office there, not one longer name with the place."""
        return (len(prev.surface) > 1 and prev.surface.isalpha() and prev.surface.isupper()
                and not token.surface.isupper() and prev.norm not in self.index
                and self._well_known(token.norm))

    def _given_name(self, token: Token) -> bool:
        """True for a word opening a sentence that only towns bear, a large one among them
        ("Tyler Smith scored": a given name, as "Austin", "Madison"); an opener, a common
        word, a direction or a unit's name ("Downtown Henderson", "Eastern Ukraine",
        "Neighbouring Israel") is not glued to the name after it."""
        if token.norm in self.function_words or token.norm in self.openers \
                or token.surface.casefold() in self._lower_words:
            return False
        candidates = self.index.get(token.norm)
        return (all(e.kind is PlaceKind.POPULATED_PLACE for e in candidates)
                and any(e.population >= LARGE_TOWN and not e.alternate for e in candidates))

    def _party_state(self, text: str, prev: Token | None) -> bool:
        """True for a state after a party's initial and a hyphen ("R-Texas", "D-Calif."):
        the member's state, not one longer name with the letter."""
        return (prev is not None and prev.surface.isupper() and prev.norm in self.party_initials
                and text[prev.end:prev.end + 1] == "-")

    def _plural_body(self, text: str, tokens: list[Token], i: int) -> bool:
        """True for "the" and a well-known place's name before one or two capitalised
        words ending in a plural: a team or a body named after the place ("the Chicago
        Bears", "the Portland Trail Blazers"); a person's name takes no article. A team's
        singular nickname (``team_nicknames``: "Tampa Bay Lightning", "Miami Heat") needs
        no article."""
        if not self._well_known(tokens[i].norm):
            return False
        article = i > 0 and tokens[i - 1].norm == "the"
        for k in range(i + 1, min(i + 3, len(tokens))):
            word = tokens[k].surface
            if not (tokens[k].capitalised and joinable(text, tokens[k - 1], tokens[k])) \
                    or word.isupper():
                return False
            plural = (article or self._demonym_plural(tokens[k].norm)) and len(word) > 3 \
                and word.endswith("s") and not word.endswith("ss") \
                and not _POSSESSIVE.match(text, tokens[k].end)
            if plural or tokens[k].norm in self.team_nicknames:
                after = tokens[k + 1] if k + 1 < len(tokens) else None
                return not (after is not None and after.capitalised
                            and joinable(text, tokens[k], after))
        return False

    def _demonym_plural(self, key: str) -> bool:
        """True for a nation's people in the plural ("Indians", "Americans"): after a
        well-known place's name it is a team's name ("Mumbai Indians"), no surname."""
        return len(key) > 4 and key.endswith("s") and key[:-1] in self.demonyms

    def _office_of(self, text: str, tokens: list[Token], k: int) -> bool:
        """True when "of" and a capitalised word that names no place follow token ``k``
        ("Department of Health", not "Department of Bolivia")."""
        if k + 2 >= len(tokens) or tokens[k + 1].norm != "of" or not tokens[k + 2].capitalised:
            return False
        return tokens[k + 2].norm not in self.index

    def _street_after(self, text: str, tokens: list[Token], j: int) -> bool:
        """True when a capitalised kind of road or landmark follows token ``j`` ("Kirkwood
        Avenue", "Springfield Mall"; not an office named after it: "the Tennessee Highway
        Patrol"), also after one more capitalised word of the name ("Clyde Park Avenue",
        "St. Charles Catholic Church")."""
        k = j + 1
        if k + 1 < len(tokens) and tokens[k].capitalised and tokens[k + 1].capitalised \
                and joinable(text, tokens[j], tokens[k]) and not self._is_street(tokens[k]) \
                and tokens[k].norm not in self.function_words \
                and not self._local_office(text, tokens, k):
            # not "in Lebanon Tuesday Road crews", "Ontario Provincial Highway 11"
            j, k = k, k + 1
        return (k < len(tokens) and tokens[k].capitalised and self._is_street(tokens[k])
                and joinable(text, tokens[j], tokens[k])
                and not self._local_office(text, tokens, k))

    def _is_street(self, token: Token) -> bool:
        return token.norm in self.street_words or token.norm in self.landmarks

    def _named_unit(self, tokens: list[Token], m: PlaceMention) -> bool:
        """True for a county's name with its kind word ("Anderson County Judge Ray Cole",
        "the Bibb County School District"): a unit by its own name, whatever its size,
        not a little-known name heading an organisation."""
        return tokens[m.last].norm in self.area_nouns and any(
            e.kind is PlaceKind.ADMIN2 and not e.alternate for e in m.candidates)

    def _local_office(self, text: str, tokens: list[Token], k: int) -> bool:
        """True when token ``k`` opens the name of a public office of the place before it
        ("Joplin Police", "Tacoma Fire crews", "Monongalia County Schools"): the place
        is named whatever its size."""
        if not (0 < k < len(tokens) and tokens[k].capitalised
                and joinable(text, tokens[k - 1], tokens[k])):
            return False
        if tokens[k].norm in self.local_offices:
            return True
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        # "Highway Patrol", "Vice-Mayor"
        return (nxt is not None and nxt.capitalised
                and (joinable(text, tokens[k], nxt) or text[tokens[k].end:nxt.start] == "-")
                and f"{tokens[k].norm} {nxt.norm}" in self.local_offices)

    def _area_word(self, key: str) -> bool:
        return any(e.kind in _AREA_KINDS for e in self.index.get(key))

    def _heads_a_name(self, text: str, tokens: list[Token], k: int,
                      through_lower: bool = False, heads: frozenset[str] | None = None
                      ) -> bool:
        """True when the capitalised run from ``k`` names an organisation, an office or a
        date ("U.S. Centers for Disease Control", "Manitoba Premier", "Paris Tuesday").
        ``through_lower``: look on past lower-case words, for a country's name, which
        ends a title before a person's name ("Hero of Ukraine Ivan Petrenko died in
        hospital Aug 29": the date heads no name, but the country is one all the same)."""
        heads = self.heads if heads is None else heads
        for position in range(k, min(k + 6, len(tokens))):
            word = tokens[position].norm
            if word in heads or (word.endswith("s") and word[:-1] in heads):
                return True
            if position + 1 >= len(tokens) or not joinable(text, tokens[position],
                                                           tokens[position + 1]):
                return False
            # the name ends at a lower-case word other than a kind of place ("the Salinas
            # Valley region"): "York Chow said the government" heads no name
            nxt = tokens[position + 1]
            if not (through_lower or nxt.capitalised or nxt.norm in self.connectors):
                return nxt.norm in heads
        return False

    def _surname_speaks(self, tokens: list[Token], i: int, m: PlaceMention) -> bool:
        """"Paterson says" where the text names Governor David Paterson: the person, even
        when a large town bears the name (not a state's or a capital's name)."""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        return (nxt is not None and nxt.norm in self.speech
                and not any(e.capital or e.kind in _AREA_KINDS or e.kind is PlaceKind.ADMIN1
                            for e in m.candidates))

    def _speaks(self, text: str, tokens: list[Token], i: int, m: PlaceMention) -> bool:
        """"Ripley said", "Bush said": a person. An area, a capital or a city of a million
        speaking is kept ("Moscow said", "Texas says"); a town of 100,000 or more only
        when a comma stands between ("a Republican from the district, Evansville, told")."""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is None or nxt.norm not in self.speech:
            return False
        if text[tokens[i].end:nxt.start] != " ":
            return not self._well_known(m.key)
        return not any(not e.alternate and (e.kind in _AREA_KINDS or e.kind is _ADMIN1
                                            or e.capital or e.population >= MAJOR_CITY)
                       for e in m.candidates)

    def _after_role(self, text: str, tokens: list[Token], m: PlaceMention) -> bool:
        """True for a name that is no area nor large town right after a person's role
        written in lower case (``role_nouns``: "coach Ripley", "spokesman Hughes")."""
        prev = tokens[m.first - 1] if m.first > 0 else None
        return (prev is not None and prev.norm in self.roles and prev.surface.islower()
                and text[prev.end:m.start] == " " and not self._well_known(m.key))

    def _before_particle(self, text: str, tokens: list[Token], m: PlaceMention) -> bool:
        """True for a name that is no area nor large town before a surname particle and a
        capitalised word ("Dennis van Engel", "Hassan el Bushra"): a given name. (The
        word after the particle is left alone: "the Museo del Prado", "Villa de Socorro"
        name places.)"""
        j = m.last + 1
        return (j + 1 < len(tokens) and tokens[j].norm in self.particles
                and tokens[j].surface.islower() and tokens[j + 1].capitalised
                and text[m.end:tokens[j + 1].start] == f" {tokens[j].surface} "
                and not self._well_known(m.key))

    def _located(self, text: str, tokens: list[Token], i: int,
                 markers: frozenset[str] | None = None) -> bool:
        """True after a locative preposition (one of ``markers``, by default also "from",
        "to", "of", "via"), before ", <Place>" or before a statement of where it lies
        ("Wilson is a small city within Lynn County")."""
        markers = self.markers if markers is None else markers
        if i > 1 and tokens[i - 1].norm in _NEARBY and not tokens[i - 1].capitalised:
            return self._located(text, tokens, i - 1, markers)  # "in nearby Mason"
        if i > 0 and tokens[i - 1].norm in markers \
                and not (i > 1 and tokens[i - 2].norm in self.source_openers):
            return True  # "in Milton", not "according to Milton"
        if i > 1 and tokens[i - 1].norm == "on" and tokens[i - 2].norm in self.strikes_on:
            return True  # "an air strike on Avdiivka"
        if (i > 2 and tokens[i - 1].norm in ("and", "or") and tokens[i - 2].capitalised
                and tokens[i - 3].norm in markers and tokens[i - 3].norm in self.locatives):
            return True  # "in Dayton and Kettering": the second of a located pair
        if i > 3 and tokens[i - 1].norm in ("and", "or") and tokens[i - 2].capitalised:
            k = i - 2  # "from Rocky Mount and Ferrum": a place of several words before
            while k > 0 and tokens[k - 1].capitalised and joinable(text, tokens[k - 1], tokens[k]):
                k -= 1
            if k > 0 and k < i - 2 and tokens[k - 1].norm in markers \
                    and self._name_at(text, tokens, k):
                return True
        if self._stated(text, tokens, i):
            return True
        after = text[tokens[i].end:tokens[i].end + 2]
        return (after == ", " and i + 1 < len(tokens) and tokens[i + 1].capitalised
                and any(e.kind in _AREA_KINDS or e.kind is PlaceKind.ADMIN1
                        for e in self.index.get(tokens[i + 1].norm)))

    def _stated(self, text: str, tokens: list[Token], i: int) -> bool:
        """True when a statement of where the place lies follows token ``i`` ("Wilson is
        a city in")."""
        return self.statement_at(text, tokens[i].end) is not None

    def statement_at(self, text: str, position: int) -> re.Match[str] | None:
        """The statement of where a place lies ("X is a town in", "X, a village near":
        :func:`~geomap.extract.statements.statement_pattern`) right after ``position``,
        matched once per position of the text last spotted."""
        if text is not self._statements_of:
            self._statements, self._statements_of = {}, text
        if position in self._statements:
            return self._statements[position]
        found = self._statements[position] = self.statement.match(text, position)
        return found

    def _qualified(self, text: str, tokens: list[Token], m: PlaceMention) -> bool:
        """True when ", <country or state>" after the name holds one of its readings: "the
        city of Van, Turkey" names the town, though "Van" mostly begins a name."""
        j = m.last + 1
        if text[tokens[m.last].end:tokens[m.last].end + 2] != ", " or j >= len(tokens):
            return False
        areas = [e for e in self.index.get(tokens[j].norm)
                 if e.kind in (PlaceKind.COUNTRY, PlaceKind.ADMIN1) and not e.alternate]
        return any(e.country_code == a.country_code
                   and (a.kind is PlaceKind.COUNTRY or e.admin1 == a.admin1)
                   for e in m.candidates for a in areas)

    def _mark_roles(self, text: str, tokens: list[Token], found: list[PlaceMention]) -> None:
        previous: PlaceMention | None = None
        for m in found:
            before = tokens[m.first - 1] if m.first > 0 else None
            m.locative = before is not None and (before.norm in self.locatives
                                                 or _direction_initial(text, before))
            if not m.locative and m.via != "demonym" and m.last + 1 < len(tokens) \
                    and text[m.end:tokens[m.last + 1].start] == " " \
                    and self._scene(text, tokens[m.last + 1].norm, before, m):
                m.locative = True  # "the Kiev protest", "this week's Kiev clashes"
            m.affiliation = self._affiliation(text, tokens, m)
            if previous is not None and _LIST_GAP.match(text[previous.end:m.start]) \
                    and not _JOINS_A_NOUN.match(text, m.end):
                m.locative = previous.locative or text[previous.end:m.start] == ", "
            previous = m

    def _scene(self, text: str, noun: str, before: Token | None, m: PlaceMention) -> bool:
        """A noun of what happens at a place after the place's name ("Kiev protest");
        a form that is also a verb ("clashes", "protests") only after a word of the same
        phrase ("the latest Ukraine clashes"), not opening one ("Russia protests over")."""
        if noun not in self.scene_nouns:
            return False
        if noun not in self.scene_verbs:
            return True
        return before is not None and text[before.end:m.start] in (" ", "'s ", "’s ") \
            and before.surface[:1].isalpha()

    def _affiliation(self, text: str, tokens: list[Token], m: PlaceMention) -> bool:
        """"pro-Russian", "anti-Kiev", "Russia-led", "Kremlin-backed": a compound that
        says whose side someone is on; a demonym before a building ("a Saudi hospital"),
        whose it is (``owned_building_nouns``)."""
        before = tokens[m.first - 1] if m.first > 0 else None
        after = tokens[m.last + 1] if m.last + 1 < len(tokens) else None
        if m.via == "demonym" and not m.noun and after is not None \
                and text[m.end:after.start] == " " and after.norm in self.owned_buildings:
            return True  # "a Saudi hospital": whose, not where
        return (before is not None and before.norm in self.affiliation_prefixes
                and text[before.end:m.start] == "-") or (
            after is not None and after.norm in self.affiliation_suffixes
            and text[m.end:after.start] == "-")


def _known_as(key: str, entry: Entry) -> bool:
    """True when ``key`` names ``entry`` without a place cue: its own name, or an
    alternate name of a major city, or of a large town when spelled like its own ("Kiev"
    for Kyiv). GeoNames lists nicknames and other languages' names too ("Google" for
    Topeka, "Jin" for Tsu, "Vistula" for Toledo): those need the text to place them."""
    if not entry.alternate:
        return True
    if entry.population >= MAJOR_CITY:
        return True
    return entry.population >= LARGE_TOWN and _spelled_alike(key, entry.name)


@lru_cache(maxsize=65536)
def _spelled_alike(key: str, name: str) -> bool:
    """True when two names are spelled alike ("Kiev", "Kyiv"); worked out once per pair
    (difflib's ratio costs more than every other test of a name)."""
    return SequenceMatcher(None, name_key(key), name_key(name)).ratio() >= ALIKE


def _long_form(short: str, words: list[str]) -> str | None:
    """The words ``short`` abbreviates, from the end of ``words`` (Schwartz and Hearst's
    rule: its letters appear in order in the long form, the first one opening a word, and
    the long form opens with a capital), or None."""
    text = " ".join(words)
    letters = [c.lower() for c in short if c.isalnum()]
    at = len(text) - 1
    for n in range(len(letters) - 1, -1, -1):
        while at >= 0 and (text[at].lower() != letters[n]
                           or (n == 0 and at > 0 and text[at - 1].isalnum())):
            at -= 1
        if at < 0:
            return None
        at -= 1
    start = at + 1
    return text[start:] if text[start:start + 1].isupper() else None


def _glosses(text: str) -> list[tuple[int, int]]:
    """The spans of words a bracket gives in another language ("Colorado (Spanish:
    colorado, ruddy)"): their lower case says nothing of the English word."""
    if ":" not in text:
        return []
    return [match.span(1) for match in _GLOSS.finditer(text)
            if text.rfind("(", 0, match.start()) > text.rfind(")", 0, match.start())]


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    """True when ``position`` lies in one of ``spans`` (in order, not overlapping: a
    search, not a scan, so a text of many brackets stays linear)."""
    k = bisect.bisect_right(spans, (position, math.inf)) - 1
    return k >= 0 and position < spans[k][1]


def _bracket_label(text: str, start: int, end: int) -> bool:
    """True when the words from ``start`` to ``end`` label an item of a bracket before a
    colon: "San Roque (Tagalog: Bayan ng San Roque; Ilocano: Ili ti San Roque)"
    gives the name in two languages and names no province; a figure after the colon is
    the place's own ("(Milton: 515 to 47)")."""
    if text[end:end + 1] != ":" or text[end + 1:end + 3].strip()[:1].isdigit():
        return False  # "(Milton: 515 votes to 47)" counts in that place
    opened = text.rfind("(", max(0, start - 300), start)
    return (opened >= 0 and text.find(")", opened, start) < 0
            and _BRACKET_LABEL_BEFORE.search(text, opened, start) is not None)


def _hyphenated_modifier(text: str, tokens: list[Token], k: int) -> bool:
    """True for a capitalised word after a lower-case prefix and a hyphen ("sub-Saharan",
    "trans-Atlantic"): a modifier of the name after it, no part of that name."""
    return (k > 0 and not tokens[k - 1].capitalised
            and text[tokens[k - 1].end:tokens[k].start] == "-")


def _direction_initial(text: str, token: Token) -> bool:
    """"E.", "N." before a name: a direction written as its initial ("in E. Ukraine")."""
    return token.surface in _DIRECTION_INITIALS and text[token.end:token.end + 1] == "."


def _with_plurals(nouns: frozenset[str]) -> frozenset[str]:
    """The nouns and their regular plurals ("village" -> "villages", "city" -> "cities")."""
    plurals = {noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou"
               else noun + ("es" if noun.endswith(("s", "sh", "ch", "x")) else "s")
               for noun in nouns}
    return nouns | plurals


def _states_of_their_name(candidates: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """The US or Canadian states of a name used as an adjective before a kind of settlement
    ("the Georgia city of Rome", "an Ohio town"): there a state is named bare, a country by
    its demonym ("the Georgian city of Batumi"); every reading when the name is no such
    state."""
    states = tuple(e for e in candidates if e.kind is PlaceKind.ADMIN1 and not e.alternate
                   and e.country_code in POSTAL_CODE_COUNTRIES)
    return states or candidates


_TOWNSHIP_WORDS = frozenset({"township", "twp"})
# Adjectives between a locative and a name that leave it located ("and nearby Mason")
_NEARBY = frozenset({"nearby", "neighboring", "neighbouring", "adjacent"})
# Prepositions of a way along a feature ("along the Chattahoochee"), before "the"
_ALONG = frozenset({"along", "across", "alongside"})
# A road's number after "US", "U.S." ("US 60", "U.S. 441", "US-31"), not a year
_ROUTE_NUMBER = re.compile(r"\.?[ -]\d{1,3}\b")
_WIDE_KINDS = (PlaceKind.COUNTRY, PlaceKind.ADMIN1)


def _before_township(text: str, tokens: list[Token], m: PlaceMention) -> bool:
    """True when the township word follows the name ("Canton Township", "Jackson Twp.")."""
    k = m.last + 1
    return (k < len(tokens) and tokens[k].norm in _TOWNSHIP_WORDS and tokens[k].capitalised
            and text[tokens[k - 1].end:tokens[k].start] == " ")


def _as_township(text: str, tokens: list[Token], mention: PlaceMention) -> PlaceMention:
    """"Hamilton Township, N.J.": a township (no unit the index holds) is read as the towns
    of its name, the word taken into the mention, so that the state after it qualifies
    them (a town of the name in New Jersey, else the state), never a country, a state or
    the capital bearing the name ("Washington Township")."""
    k = mention.last + 1
    if k >= len(tokens) or tokens[k].norm not in _TOWNSHIP_WORDS or not tokens[k].capitalised \
            or text[tokens[k - 1].end:tokens[k].start] != " " or mention.via != "name":
        return mention
    towns = tuple(e for e in mention.candidates
                  if e.kind is PlaceKind.POPULATED_PLACE and not e.capital)
    end = tokens[k].end + (1 if text.startswith(".", tokens[k].end)
                           and tokens[k].norm == "twp" else 0)
    return PlaceMention(text[mention.start:end], mention.start, end, mention.key, towns,
                        mention.via, mention.first, k)


def _towns_named(found: list[PlaceMention], keys: set[str]) -> None:
    """A name the text calls a town ("the City of Mexico", "the town of Lebanon") that a
    country or a state bears too is read as its towns wherever the article names it
    (its mentions keep sharing one tuple of readings: the rules that narrow a name narrow
    all its bare mentions at once); the readings unchanged when no town bears it."""
    for key in keys:
        mentions = [m for m in found if m.key == key and m.via == "name"]
        towns = tuple(e for e in mentions[0].candidates
                      if e.kind is PlaceKind.POPULATED_PLACE) if mentions else ()
        for m in mentions if towns else ():
            m.candidates = towns


def _followed_by_word(tokens: list[Token], j: int, words: frozenset[str]) -> bool:
    """True when the token after ``j`` is one of ``words`` (written in lower case)."""
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    return nxt is not None and not nxt.capitalised and nxt.norm in words


def _after_initial(text: str, tokens: list[Token], i: int) -> bool:
    """True when the word follows a name's initial ("W." in "George W. Bush")."""
    if i < 2:
        return False
    initial = tokens[i - 1]
    return (len(initial.surface) == 1 and initial.surface.isupper()
            and text[initial.end:initial.end + 1] == "." and tokens[i - 2].capitalised)


def _resident_stems(singular: str) -> list[str]:
    """Place names a resident's name may come from: "londoner" -> "london", "parisian" ->
    "paris", "floridian" -> "florida", "californian" -> "california", "texan" -> "texas",
    "chicagoan" -> "chicago"."""
    if singular.endswith("er"):
        return [singular[:-2]]
    if singular.endswith("ian"):
        return [singular[:-3], singular[:-3] + "a", singular[:-1]]
    if singular.endswith("an"):
        # "iowan", "texan"; "chicagoan", "ohioan"
        return [singular[:-1], singular[:-1] + "s", singular[:-2]]
    return []


def _country_ends_name(text: str, tokens: list[Token], m: PlaceMention) -> bool:
    """True for a country's own name closing a longer name ("SOS Children's Villages
    Sudan", "Taco Bell Canada"): the branch's country, a place all the same."""
    nxt = tokens[m.last + 1] if m.last + 1 < len(tokens) else None
    return (not (nxt is not None and nxt.capitalised and joinable(text, tokens[m.last], nxt))
            and any(e.kind is PlaceKind.COUNTRY and not e.alternate
                    and normalise(e.name) == m.key for e in m.candidates))
