"""The offline gazetteer: place names to :class:`~geomap.model.Place`, ranked and explained.

>>> from geomap.geocoding.gazetteer import Gazetteer
>>> gaz = Gazetteer.default()                      # builds the index on first use
>>> gaz.resolve("Gao", country="ML").country_code
'ML'
>>> [c.place.country_code for c in gaz.candidates("Tripoli", limit=2)]
['LY', 'LB']

Ranking combines how the name matched (primary name > alternate > article-less variant >
demonym > airport-style code; an alternate name that a place of another country bears as
its own, and that is no spelling of the place's name, ranks lower still:
:func:`~geomap.geocoding.normalize.borrowed`), the kind of place (countries and named regions beat
villages of the same name; a city beats the province named after it), population, a
``country`` bias, the countries named in ``context``, kind words in the query ("Gao
region") and qualifiers ("Tripoli, Lebanon", which filter).  ``Candidate.score`` is the
candidate's share of the evidence among all candidates (0-1, summing to 1).
"""

from __future__ import annotations

import functools
import logging
import math
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from geomap import settings
from geomap._files import lone_surrogate
from geomap.errors import ConfigError, GeomapError, InputError, PlaceNotFound
from geomap.geocoding import _areas
from geomap.geocoding._layer import KIND_CODES, Layer, MatchType
from geomap.geocoding.build import (
    QUICK_MIN_POPULATION,
    base_layer_dir,
    build_index,
    build_quick_index,
    county_people,
)
from geomap.geocoding.geonames_dump import iter_layers
from geomap.geocoding.normalize import borrowed, key_hash, name_key, without_article
from geomap.geocoding.points import point_place
from geomap.geocoding.query import ParsedQuery, parse_query
from geomap.geocoding.suggest import edit_variants
from geomap.model import Place, PlaceKind
from geomap.precision import Precision
from geomap.refdata.countries import without_marks

log = logging.getLogger(__name__)
# Countries whose postal abbreviations of their states are the second part of the ISO
# 3166-2 codes ("Paris, TX", "Kelowna, BC"): read as the state after a town's name.
POSTAL_CODE_COUNTRIES = ("US", "CA")

_KINDS = tuple(PlaceKind(code) for code in KIND_CODES)
KIND_WEIGHT = {
    PlaceKind.COUNTRY: 6.0,
    PlaceKind.REGION: 5.5,
    PlaceKind.POPULATED_PLACE: 2.0,
    PlaceKind.ADMIN1: 1.0,
    PlaceKind.ADMIN2: 0.5,
    # seas and rivers rank as named regions do (the extractor's ranking too): "Thames" is
    # the river, not a town of 7,000 in New Zealand; "Red Sea" the sea, not Sudan's state
    PlaceKind.WATER: 5.5,
}
MATCH_WEIGHT = {
    MatchType.PRIMARY: 0.0,
    MatchType.ALTERNATE: -0.4,
    MatchType.VARIANT: -0.8,
    MatchType.DEMONYM: -1.0,
    MatchType.CODE: -5.0,
}
POPULATION_WEIGHT = 0.6
# A province named after its capital ("Gao", "Mopti", "Donetsk") loses to the capital
# when both match: reporting that means the province says "region"/"oblast".
NAMESAKE_PENALTY = -3.5
# A state ranks as the extractor ranks it (geomap.extract.resolve.prior) where only small
# towns bear its name: one of SMALL_STATE people or more as a town of 10**STATE_RANK
# would, a smaller one as a town of a few times its people (log10 lift): "Delaware" is
# the state, not the Ohio town (see Gazetteer._rank_states).
LARGE_TOWN = 100_000
# ... and a town inside a province with at least a tenth of its people is its seat, though
# it lists the province's name among its others (Timbuktu, "Tombouctou"): the town wins.
SEAT_SHARE = 10
# ... and countries, named regions and waters rank above states there: no lift beside one.
# A province outranks a large town or a capital of its name abroad when it holds this
# many times the town's people.
ABROAD_SHARE = 5
_ABOVE_STATES = frozenset({PlaceKind.COUNTRY, PlaceKind.REGION, PlaceKind.WATER})
SMALL_STATE = 500_000
STATE_RANK = 8.0
SMALL_STATE_LIFT = 0.5
COUNTRY_BIAS = 4.0
CONTEXT_BIAS = 2.5
STATE_CONTEXT_BIAS = 2.5
# A county named as context ("Stark County"): its state as a state's name would be, and
# its towns (and those this near its point) a little more.
COUNTY_CONTEXT_BIAS = 1.5
COUNTY_CONTEXT_KM = 50.0
# "Jackson Township", "Canton Twp.": a township (GeoNames holds few) read as the towns of
# its name; with a county as context and none of them near it, the county itself.
_TOWNSHIP_WORDS = frozenset({"township", "twp", "twp."})
KIND_HINT_BONUS = 4.0
# A place matched by another of its names that a place of another country bears as its
# own, the name no spelling of the place's own (:func:`~.normalize.borrowed`): "Bali" is
# not Paris, "Man" not Amman. Countries', named regions' and waters' names are theirs.
BORROWED_PENALTY = -2.0
_OWN_NAMES_ONLY = frozenset({PlaceKind.COUNTRY, PlaceKind.REGION, PlaceKind.WATER})
KIND_HINT_MISMATCH = -4.0
MAX_CANDIDATES = 25
# How sharply Candidate.score separates candidates (softmax inverse temperature).
SCORE_SHARPNESS = 2.0
#: An answer matched through another name than its own (an alternate name, a variant, a
#: code) holding less of the evidence than this is marked low confidence: "Boni" is an
#: alternate name of Bonn and of Watampone.  Any answer below ``AMBIGUOUS_SHARE`` is, too
#: ("Springfield").
CONFIDENT_SHARE = 0.8
AMBIGUOUS_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible answer to a query, with its share of the evidence (0-1).

    ``confidence`` is ``"high"`` or ``"low"``; ``reason`` says why it is low (empty when
    high): the answer is ambiguous, or only a code matched.
    """

    place: Place
    score: float
    confidence: str = "high"
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Answer:
    """What :meth:`Gazetteer.answer` found for one query.

    Attributes
    ----------
    query
        The query as given.
    candidates
        Places inside ``scope``, best first, with their shares of the evidence among them.
    suggestions
        When nothing inside ``scope`` matched: labels of places elsewhere ("Véroia (GR)")
        or of near spellings, to show as suggestions, never as answers.
    scope
        The countries the answer was limited to ("ML", "LB, SY"), or None.
    """

    query: str
    candidates: tuple[Candidate, ...]
    suggestions: tuple[str, ...] = ()
    scope: str | None = None

    @property
    def best(self) -> Candidate | None:
        """The best candidate, or None when nothing matched inside the scope."""
        return self.candidates[0] if self.candidates else None

    def not_found(self) -> PlaceNotFound:
        """The error to raise when :attr:`best` is None."""
        return PlaceNotFound(self.query, list(self.suggestions), scope=self.scope)


_Scores = dict[tuple[int, int], float]


@dataclass(frozen=True, slots=True)
class _Hit:
    layer: int
    index: int
    raw: float


@dataclass(frozen=True, slots=True)
class _Ranking:
    hits: tuple[tuple[_Hit, float], ...]  # (hit, normalised score), best first
    near_misses: tuple[str, ...] = ()
    unknown_name: str | None = None  # spelling suggestions are computed only if asked for
    matches: dict[tuple[int, int], MatchType] = field(default_factory=dict)  # best per place


class Gazetteer:
    """Resolve place names offline.

    Parameters
    ----------
    layers
        Opened index layers; the first is the base layer, later ones are imported
        GeoNames dumps.
    cache_size
        How many distinct queries to remember.
    complete
        When ``layers`` start with the *quick* layer (see :mod:`geomap.geocoding.build`):
        a function returning the full layers.  Each query is then answered from the quick
        layer only when nothing it lacks could change the answer (the best place inside
        the scope outscores any smaller town and any county of that name the quick layer
        leaves out); otherwise, and before any bulk or index-level use
        (:meth:`lookup_many`, :attr:`base`), the full index is opened, built if needed.
        Shares (``Candidate.score``) of quick answers are among the places it holds.
    """

    _defaults: dict[Path, Gazetteer] = {}  # noqa: RUF012 - a process-wide registry
    _defaults_lock = threading.Lock()

    def __init__(self, layers: Sequence[Layer], *, cache_size: int = 100_000,
                 complete: Callable[[], Sequence[Layer]] | None = None) -> None:
        self._complete = complete
        self._complete_lock = threading.Lock()
        self._cache_size = cache_size
        self._use(layers)

    def _use(self, layers: Sequence[Layer]) -> None:
        """(Re)load every structure derived from the layers; caches start empty."""
        if not layers:
            raise InputError("expected at least one gazetteer index layer, got none")
        cache_size = self._cache_size
        self._layers = list(layers)
        self._base = self._layers[0]
        self.__dict__.pop("_base_by_geonameid_map", None)
        self.__dict__.pop("_iso_to_geonames", None)
        self._country_codes = set(self._base.countries)
        self._region_ids = {
            (0, int(i)): r["id"] for i, r in self._base.meta.get("regions", {}).items()
        }
        self._region_members = {
            (0, int(i)): tuple(r["members"]) for i, r in self._base.meta.get("regions", {}).items()
        }
        self._places: dict[tuple[int, int], Place] = {}
        self._ranked = functools.lru_cache(maxsize=cache_size)(self._rank)
        self._scoped = functools.lru_cache(maxsize=cache_size)(self._rank_within)
        self._context_codes = functools.lru_cache(maxsize=4096)(self._resolve_context)
        self._suggest = functools.lru_cache(maxsize=16_384)(  # type: ignore[method-assign]
            type(self)._suggest.__get__(self))

    @property
    def layers(self) -> list[Layer]:
        """The index layers (the full index: opened, and built, on first use)."""
        self._ensure_complete()
        return self._layers

    @property
    def base(self) -> Layer:
        """The base layer of the full index (opened, and built, on first use)."""
        self._ensure_complete()
        return self._base

    @property
    def is_complete(self) -> bool:
        """False while answers come from the quick layer."""
        return self._complete is None

    def open_full_index(self) -> None:
        """Answer from the full index from now on (built once, about 9 s of CPU).

        The quick layer gives the best place whenever the full index could not change it,
        but not always its confidence: among fewer namesakes a guess can look sure ("San"
        with no country: 46% of the evidence in the full index, more in the quick layer).
        Tables geocoded by ``geomap build`` open it first
        (:func:`~geomap.geocoding.answers.resolve_all`).
        """
        self._ensure_complete()

    def _ensure_complete(self) -> None:
        if self._complete is None:
            return
        with self._complete_lock:
            if self._complete is not None:
                log.info("opening the full gazetteer index (built once, about half a minute)")
                self._use(self._complete())
                self._complete = None

    # -- construction -------------------------------------------------------------------

    @classmethod
    def open(cls, root: Path | None = None, *, build: bool = True,
             quick: bool = False) -> Gazetteer:
        """Open the index in ``root`` (default: the cache dir), building it if needed.

        With ``quick`` and no full index built yet, start from the quick layer (built in
        about a second) and open the full index only when a query needs it.
        """
        full = base_layer_dir(root)
        if quick and build and not (full / "meta.json").exists():
            return cls([Layer(build_quick_index(root)), *_imported(root)],
                       complete=lambda: [Layer(build_index(root)), *_imported(root)])
        return cls([Layer(build_index(root) if build else full), *_imported(root)])

    @classmethod
    def default(cls) -> Gazetteer:
        """The process-wide gazetteer for the current cache dir (opened once)."""
        root = settings.resolved_cache_dir()
        found = cls._defaults.get(root)
        if found is not None:
            return found
        with cls._defaults_lock:
            if root not in cls._defaults:
                cls._defaults[root] = cls.open(root, quick=True)
            return cls._defaults[root]

    @classmethod
    def reset_default(cls) -> None:
        """Forget the process-wide instances (after importing a dump, or in tests)."""
        with cls._defaults_lock:
            cls._defaults.clear()

    # -- public lookups -----------------------------------------------------------------

    def resolve(self, query: str, *, country: str | None = None,
                context: Sequence[str] = ()) -> Place:
        """The best place for ``query``.

        Parameters
        ----------
        query
            A place name ("Gao", "Tripoli, Lebanon", "Gao region", "Malian") or
            coordinates ("12.65, -8.0").
        country
            ISO 3166-1 alpha-2 code (or country name) to prefer for ambiguous names.
        context
            Countries, states (admin-1), demonyms or named regions the surrounding text
        mentions: places in a named state rank higher ("Paris" with "Texas").

        Returns
        -------
        Place
            With kind, precision, country, admin-1 and GeoNames id.  Area polygons are not
            loaded here (that would need geopandas): use :meth:`place_geometry` or
            :meth:`with_geometry`.  A named region's ``id`` is its region id ("sahel").

        Raises
        ------
        InputError
            For empty, over-long or control-character queries.
        PlaceNotFound
            When nothing matches; ``err.candidates`` lists near misses.
        """
        return self.resolve_candidate(query, country=country, context=context).place

    def resolve_candidate(self, query: str, *, country: str | None = None,
                          context: Sequence[str] = ()) -> Candidate:
        """:meth:`resolve`'s place with its share of the evidence and its confidence
        (judged as :meth:`answer` judges its candidates), so that a table geocoded by
        ``geomap build`` can say which rows are guesses among namesakes.

        Raises
        ------
        InputError, PlaceNotFound
            As :meth:`resolve`.
        """
        ranking = self._checked(query, country, tuple(context))
        if isinstance(ranking, Place):
            return Candidate(ranking, 1.0)
        if not ranking.hits:
            misses = list(ranking.near_misses)
            if ranking.unknown_name is not None:
                misses = self._suggest(ranking.unknown_name)
            raise PlaceNotFound(query, misses)
        hit, share = ranking.hits[0]
        return self._judged(hit, share, ranking)

    def candidates(self, query: str, *, country: str | None = None,
                   context: Sequence[str] = (), limit: int = 10) -> list[Candidate]:
        """Ranked candidates for ``query`` (best first); empty when nothing matches."""
        ranking = self._checked(query, country, tuple(context))
        if isinstance(ranking, Place):
            return [Candidate(ranking, 1.0)]
        return [Candidate(self._place(h.layer, h.index), score)
                for h, score in ranking.hits[: max(limit, 0)]]

    def answer(self, query: str, *, country: str | None = None,
               context: Sequence[str] = (), limit: int = 10) -> Answer:
        """Candidates for ``query`` limited to the countries the user named.

        Unlike :meth:`resolve`, where ``country`` only prefers, here ``country`` and the
        countries ``context`` names (a country, demonym, state or named region's members)
        are a hard filter: a place elsewhere is at most a labelled suggestion.  Each
        candidate carries its confidence.

        Parameters
        ----------
        query
            A place name or coordinates, as for :meth:`resolve`.
        country
            ISO 3166-1 alpha-2 code or country name: only places in it (or areas that
            contain it, such as "the Sahel" for Mali) are answers.
        context
            Countries, demonyms, states or regions: only places in the countries they name.
        limit
            How many candidates to return at most.

        Returns
        -------
        Answer
            ``answer.best`` is None when nothing matched inside the scope; then
            ``answer.suggestions`` lists places elsewhere or near spellings.

        Raises
        ------
        InputError
            For a bad query or an unknown ``country``.

        Examples
        --------
        >>> gaz.answer("Ber", country="ML").best is None      # doctest: +SKIP
        True
        """
        within = self._scope(country, tuple(context))
        ranking = self._scoped(query, country, tuple(context), within)
        if not self._settled(query, country, tuple(context), ranking, within):
            self._ensure_complete()
            within = self._scope(country, tuple(context))
            ranking = self._scoped(query, country, tuple(context), within)
        scope = ", ".join(sorted(within)) if within else None
        if isinstance(ranking, Place):
            return Answer(query, (Candidate(ranking, 1.0),), scope=scope)
        if not ranking.hits:
            misses = ranking.near_misses
            if ranking.unknown_name is not None:
                misses = tuple(self._suggest(ranking.unknown_name))
            readings = self._comma_readings(query) if "," not in query else iter(())
            for qualified in readings:
                other = self.answer(qualified, country=country, context=context, limit=limit)
                if other.candidates:
                    return replace(other, query=query)
                misses = misses or other.suggestions
            return Answer(query, (), misses, scope)
        found = tuple(self._judged(h, share, ranking)
                      for h, share in ranking.hits[: max(limit, 1)])
        return Answer(query, found, scope=scope)

    def _comma_readings(self, query: str) -> Iterator[str]:
        """"Paris TX", "Springfield New Jersey", "Tripoli Lebanon": a name, then a state
        (or its postal code) or a country without the comma, read as "Paris, TX" (asked
        only when the whole query finds nothing); longer tails first."""
        words = query.split()
        for n in (2, 1):
            if len(words) > n:
                tail = " ".join(words[-n:])
                if self._postal_state(tail) or self._context_item(tail):
                    yield f"{' '.join(words[:-n])}, {tail}"

    def _judged(self, hit: _Hit, share: float, ranking: _Ranking) -> Candidate:
        """A candidate with its confidence: ambiguous, or matched only by a code."""
        place = self._place(hit.layer, hit.index)
        match = ranking.matches.get((hit.layer, hit.index), MatchType.PRIMARY)
        own_name = match == MatchType.PRIMARY or place.kind == PlaceKind.COUNTRY
        reasons = []
        if share < AMBIGUOUS_SHARE or (share < CONFIDENT_SHARE and not own_name):
            runner_up = next((self._label(h.layer, h.index) for h, _ in ranking.hits
                              if h != hit), None)
            reasons.append(f"ambiguous: {share:.0%} of the evidence"
                           + (f", next {runner_up}" if runner_up else ""))
        if not own_name:
            reasons.append(f"matched {_MATCH_WORDS[match]}, not its name")
        low = bool(reasons) and (share < CONFIDENT_SHARE or match == MatchType.CODE)
        return Candidate(place, share, "low" if low else "high", "; ".join(reasons) if low else "")

    def _scope(self, country: str | None, context: tuple[str, ...]) -> frozenset[str] | None:
        """The country codes a user's ``country`` and ``context`` limit answers to."""
        codes = {c for c in self._context_codes(context) if not c.startswith(_UNIT_KEYS)}
        bias = self._country_bias(country)
        if bias is not None:
            codes = {bias}
        return frozenset(codes) if codes else None

    def _rank_within(self, query: str, country: str | None, context: tuple[str, ...],
                     within: frozenset[str] | None) -> _Ranking | Place:
        ranking = self._ranked(query, country, context)
        if isinstance(ranking, Place) or within is None or not ranking.hits:
            return ranking
        inside = {(h.layer, h.index): h.raw for h, _ in ranking.hits
                  if self._inside(h.layer, h.index, within)}
        if not inside:
            labels = [self._label(h.layer, h.index) for h, _ in ranking.hits]
            return _Ranking((), tuple(dict.fromkeys(labels))[:5])
        return replace(ranking, hits=_normalise(inside))

    def _inside(self, layer: int, index: int, within: frozenset[str]) -> bool:
        """A place in one of the countries, or an area holding one (a region's members)."""
        code = self._country_of(layer, index)
        if code is not None:
            return code in within
        return any(m in within for m in self._region_members.get((layer, index), ()))

    def lookup_many(self, queries: Iterable[str | None],
                    country: str | None = None) -> list[Place | None]:
        """Resolve many queries (repeats are resolved once); None where nothing matched.

        This is the fast path for large tables: bad or unknown names give None, never an
        exception.
        """
        self._ensure_complete()
        results: dict[Any, Place | None] = {}
        out: list[Place | None] = []
        for query in queries:
            if query not in results:
                results[query] = self._first(query, country)
            out.append(results[query])
        return out

    def _first(self, query: Any, country: str | None) -> Place | None:
        """The best place or None, without spelling suggestions (the fast path)."""
        try:
            ranking = self._ranked(query, country, ())
        except (GeomapError, TypeError):
            return None
        if isinstance(ranking, Place):
            return ranking
        if not ranking.hits:
            return None
        hit = ranking.hits[0][0]
        return self._place(hit.layer, hit.index)

    def name_entries(self, name: str) -> list[tuple[int, MatchType]]:
        """Every base-layer place whose index key equals ``name``'s, unranked.

        For text spotting, where the caller ranks candidates itself: no query parsing
        (no qualifiers, kind words or coordinates), no spelling suggestions.

        Parameters
        ----------
        name
            A place name as written; it is keyed with :func:`~.normalize.name_key`.

        Returns
        -------
        list of (int, MatchType)
            ``(place index, how the name matched)``; pass the index to :meth:`place_at`.
        """
        key = name_key(name)
        if not key:
            return []
        return [(index, _MATCH_TYPES[match]) for index, match in self.base.lookup(key_hash(key))]

    def place_at(self, index: int) -> Place:
        """The :class:`Place` at ``index`` of the base layer (see :meth:`name_entries`)."""
        self._ensure_complete()
        return self._place(0, index)

    def region_index(self, region_id: str) -> int | None:
        """The base-layer index of the named region ``region_id`` ("sahel"), or None."""
        self._ensure_complete()
        for (layer, index), found in self._region_ids.items():
            if layer == 0 and found == region_id:
                return index
        return None

    def capital_index(self, country_code: str) -> int | None:
        """The base-layer index of ``country_code``'s capital, or None when unknown."""
        found = self.base.meta.get("capitals", {}).get(country_code)
        return int(found) if found is not None else None

    def capital(self, country_code: str) -> Place | None:
        """``country_code``'s capital (GeoNames' town), or None when unknown.

        Answered from the quick layer while it is the one open (every capital is a town of
        more than 50,000 people, all of which it holds): no full index is built for this.

        Examples
        --------
        >>> Gazetteer.default().capital("FR").name  # doctest: +SKIP
        'Paris'
        """
        found = self._base.meta.get("capitals", {}).get(country_code.upper())
        return self._place(0, int(found)) if found is not None else None

    def place_geometry(self, place: Place) -> Any | None:
        """The polygon of an area place (country, admin-1, named region), else None.

        Shapes are loaded on first use only.
        """
        if place.geometry is not None:
            return place.geometry
        if place.kind == PlaceKind.COUNTRY and place.country_code:
            return _areas.area_geometry("country", place.country_code)
        if place.kind == PlaceKind.ADMIN1 and place.admin1_code:
            # by its GeoNames code first: Natural Earth's ISO 3166-2 codes predate
            # renumberings (Iran's provinces in 2020, Vietnam's, Guyana's...), and by the
            # ISO code 73 units got another unit's polygon (Kordestan Semnan's, Paktika
            # Paktia's); a polygon far from the unit's own point is another unit's (France's
            # regions of 2016 against its departments, Morocco's of 2015...)
            geonames = self._iso_to_geonames.get(place.admin1_code)
            for code in (geonames, place.admin1_code):
                found = _areas.area_geometry("admin1", code) if code else None
                if found is not None and _holds(found, place):
                    return found
            return None  # a unit made or renumbered since the boundaries: no shape
        if place.kind == PlaceKind.REGION:
            region_id = place.id or place.name
            return _areas.area_geometry("region", region_id)
        return None

    @functools.cached_property
    def _iso_to_geonames(self) -> dict[str, str]:
        """ISO 3166-2 code -> GeoNames admin-1 code, of the base layer's admin-1 units."""
        found: dict[str, str] = {}
        for row in self._base.admin1:
            if len(row) > 1 and row[1]:
                found.setdefault(str(row[1]), str(row[0]))
        return found

    def with_geometry(self, place: Place) -> Place:
        """``place`` with its polygon attached (unchanged for points)."""
        geometry = self.place_geometry(place)
        return place if geometry is None else replace(place, geometry=geometry)

    # -- the quick layer ----------------------------------------------------------------

    def _checked(self, query: str, country: str | None,
                 context: tuple[str, ...]) -> _Ranking | Place:
        """The ranking, from the full index when the quick layer cannot settle it."""
        ranking = self._ranked(query, country, context)
        if not self._settled(query, country, context, ranking, None):
            self._ensure_complete()
            ranking = self._ranked(query, country, context)
        return ranking

    def _settled(self, query: str, country: str | None, context: tuple[str, ...],
                 ranking: _Ranking | Place, within: frozenset[str] | None) -> bool:
        """Whether the full index would give the same best place (always, once open).

        Places the quick layer leaves out are towns of at most ``QUICK_MIN_POPULATION``
        and counties of known size (their best possible scores are bounded), and areas
        without a conventional point (any mention of them needs the full index).  A
        province's score may grow there (more towns, more people) or drop (a smaller
        namesake town demotes it): bounded too.
        """
        if self._complete is None or isinstance(ranking, Place):
            return True
        parsed = parse_query(query)
        named = [parsed.text, parsed.name, parsed.bare_name, without_article(parsed.name),
                 *parsed.qualifiers]
        county = self._pending_people(named)
        hits = [h for h, _ in ranking.hits
                if within is None or self._inside(h.layer, h.index, within)]
        if not hits:
            return False
        best, rivals = hits[0], hits[1:]
        kind = self._kind(best.layer, best.index)
        worst = best.raw + (NAMESAKE_PENALTY if kind == PlaceKind.ADMIN1 else 0.0)
        if self._may_be_borrowed(best, kind, parsed.name, ranking, county):
            worst += BORROWED_PENALTY  # a town left out may bear the name as its own
        threats = [self._absent_bound(parsed, country, context, county)]
        threats += [h.raw + self._growth(h) for h in rivals]
        if len(ranking.hits) >= MAX_CANDIDATES:  # candidates cut off below the last one
            threats.append(ranking.hits[-1][0].raw + _MAX_GROWTH)
        return worst > max(threats)

    def _may_be_borrowed(self, best: _Hit, kind: PlaceKind, name: str, ranking: _Ranking,
                         county: int | None) -> bool:
        """Whether the quick layer's best place, matched by another of its names, could be
        :func:`~geomap.geocoding.normalize.borrowed` in the full index, where towns of up
        to ``QUICK_MIN_POPULATION`` and counties (``county`` people at most) join."""
        if kind in _OWN_NAMES_ONLY or ranking.matches.get(
                self._identity(best.layer, best.index), MatchType.PRIMARY) == MatchType.PRIMARY:
            return False
        people = int(self._layers[best.layer].arrays["population"][best.index])
        absent = max(QUICK_MIN_POPULATION, county or 0)
        return borrowed(name, self._place(best.layer, best.index).name,
                        people if kind == PlaceKind.POPULATED_PLACE else None, [absent])

    def _pending_people(self, names: Iterable[str | None]) -> int | None:
        """The people of the largest county left out of the quick layer that bears one of
        ``names`` (None when none does)."""
        hashes = [key_hash(key) for key in (name_key(n) for n in names if isinstance(n, str))
                  if key]
        lines = [line for hashed in hashes for line in self._base.pending_county_lines(hashed)]
        return max(county_people(lines), default=None) if lines else None

    def _absent_bound(self, parsed: ParsedQuery, country: str | None,
                      context: tuple[str, ...], county: int | None) -> float:
        """The best score a town or county left out of the quick layer could reach."""
        hinted = 2 * KIND_HINT_BONUS + 1.0
        town = (KIND_WEIGHT[PlaceKind.POPULATED_PLACE]
                + POPULATION_WEIGHT * math.log10(QUICK_MIN_POPULATION + 10)
                + (hinted if parsed.kind_hint == PlaceKind.POPULATED_PLACE else 0.0))
        bound = town
        if county is not None:
            bound = max(town, KIND_WEIGHT[PlaceKind.ADMIN2]
                        + POPULATION_WEIGHT * math.log10(county + 10)
                        + (hinted if parsed.kind_hint == PlaceKind.ADMIN2 else 0.0))
        bound += COUNTRY_BIAS if country else 0.0
        codes = self._context_codes(context)
        bound += CONTEXT_BIAS if codes else 0.0
        return bound + (STATE_CONTEXT_BIAS if any(c.startswith("admin1:") for c in codes)
                        else 0.0)

    def _growth(self, hit: _Hit) -> float:
        """How much more a place may score in the full index (provinces gain people)."""
        if self._kind(hit.layer, hit.index) != PlaceKind.ADMIN1:
            return 0.0
        people = int(self._layers[hit.layer].arrays["population"][hit.index])
        return POPULATION_WEIGHT * (math.log10(_MAX_AREA_POPULATION) - math.log10(people + 10))

    # -- ranking ------------------------------------------------------------------------

    def _rank(self, query: str, country: str | None,
              context: tuple[str, ...]) -> _Ranking | Place:
        parsed = parse_query(query)
        bias = self._country_bias(country)
        context_codes = self._context_codes(context)
        if parsed.point is not None:
            return point_place(parsed, {bias} if bias else set(context_codes))
        scored, qualifiers = self._score_hits(parsed, bias, context_codes)
        self._rank_states(scored, parsed)
        filters = [f for f in (self._qualifier(q) for q in qualifiers) if f is not None]
        kept = {k: v for k, v in scored.items() if all(self._passes(k, f) for f in filters)}
        if not kept:
            if scored:
                return _Ranking((), tuple(self._describe(scored)))
            return _Ranking((), unknown_name=parsed.name)
        return _Ranking(_normalise(kept), matches=self._best_matches(parsed, kept))

    def _best_matches(self, parsed: ParsedQuery, kept: _Scores) -> dict[tuple[int, int],
                                                                         MatchType]:
        """How the query's name matched each kept place, at best (for its confidence)."""
        matches: dict[tuple[int, int], MatchType] = {}
        for name in (parsed.text, parsed.name, parsed.bare_name):
            for layer, index, match in self._lookup(name_key(name)) if name else []:
                key = self._identity(layer, index)
                if key in kept:
                    matches[key] = min(matches.get(key, MatchType(match)), MatchType(match))
        return matches

    def _score_hits(self, parsed: ParsedQuery, bias: str | None,
                    context: frozenset[str]) -> tuple[_Scores, tuple[str, ...]]:
        scored, qualifiers = self._score_name_hits(parsed, bias, context)
        township = _township_name(parsed.name) if not scored else None
        if township is not None:  # a township the index holds by name stays itself
            parsed = replace(parsed, name=township, bare_name=None,
                             kind_hint=PlaceKind.POPULATED_PLACE)
            scored, qualifiers = self._score_name_hits(parsed, bias, context)
            self._township_county(scored, context, township)
        return scored, qualifiers

    def _township_county(self, scored: _Scores, context: frozenset[str],
                         township: str) -> None:
        """A township with a county as context whose towns of the name all lie far from
        it ("Jackson Township" in Stark County: Jackson, Ohio is 200 km south): the county
        is the answer, above every town (the index holds no townships)."""
        counties = self._county_points(context)
        if not counties or not scored:
            return  # a name the index knows nowhere is no township of the county
        # towns of the name itself: an alternate name ("Jackson" for Creston) is no sign
        own = {self._identity(layer, index) for layer, index, match in self._lookup(
            name_key(township)) if match == MatchType.PRIMARY}
        near = any(self._kind(*key) == PlaceKind.POPULATED_PLACE and key in own and any(
            great_circle_km(lat, lon, *self._point(*key)) <= COUNTY_CONTEXT_KM
            for _, lat, lon in counties)
            for key in scored)
        if near:
            return
        top = max(scored.values(), default=0.0)
        for key, _, _ in counties:  # of namesake counties, the most populous
            people = int(self._layers[key[0]].arrays["population"][key[1]])
            scored[key] = top + 1.0 + math.log10(people + 10) / 10

    def _point(self, layer: int, index: int) -> tuple[float, float]:
        arrays = self._layers[layer].arrays
        return float(arrays["lat"][index]), float(arrays["lon"][index])

    def _county_points(self, context: frozenset[str]) -> list[tuple[tuple[int, int], float,
                                                                    float]]:
        """The counties a context names ("admin2:L.I" keys), with their points."""
        found = []
        for code in context:
            if code.startswith("admin2:"):
                layer, index = (int(n) for n in code[7:].split("."))
                found.append(((layer, index), *self._point(layer, index)))
        return sorted(found)

    def _score_name_hits(self, parsed: ParsedQuery, bias: str | None,
                         context: frozenset[str]) -> tuple[_Scores, tuple[str, ...]]:
        scored: _Scores = {}
        qualifiers = parsed.qualifiers
        hits = self._lookup(name_key(parsed.text)) if qualifiers else []
        name = parsed.text
        if hits:
            qualifiers = ()  # the whole text is a name ("Bonaire, Sint Eustatius and Saba")
        else:
            name = parsed.name
            hits = self._lookup(name_key(name))
        asked = set(context) | ({bias} if bias else set())
        lent = self._borrowed(name, hits, asked)
        for layer, index, match in hits:
            self._add(scored, layer, index, match,
                      BORROWED_PENALTY if (layer, index) in lent else 0.0,
                      bias, context, parsed.kind_hint)
        if parsed.bare_name:
            bare_hits = self._lookup(name_key(parsed.bare_name))
            lent = self._borrowed(parsed.bare_name, bare_hits, asked)
            for layer, index, match in bare_hits:
                kind = _KINDS[int(self._layers[layer].arrays["kind"][index])]
                bonus = KIND_HINT_BONUS if kind == parsed.kind_hint else KIND_HINT_MISMATCH
                if (layer, index) in lent:
                    bonus += BORROWED_PENALTY
                self._add(scored, layer, index, match, bonus, bias, context, None)
        if not scored:
            bare = without_article(parsed.name)
            for layer, index, _ in self._lookup(name_key(bare)) if bare else []:
                self._add(scored, layer, index, MatchType.VARIANT, 0.0, bias, context, None)
        if not scored and parsed.name:
            # "Broward": a county known by its bare name (indexed as "Broward County"), as
            # the extractor reads "Broward schools"
            for layer, index, _ in self._lookup(name_key(f"{parsed.name} County")):
                if _KINDS[int(self._layers[layer].arrays["kind"][index])] == PlaceKind.ADMIN2:
                    self._add(scored, layer, index, MatchType.VARIANT, 0.0, bias, context,
                              None)
        return scored, qualifiers

    def _borrowed(self, name: str, hits: list[tuple[int, int, int]],
                  asked: set[str]) -> set[tuple[int, int]]:
        """The hits that matched ``name`` as one of their other names where a place of
        another country bears it as its own, and it is no spelling of their own name
        (:func:`~geomap.geocoding.normalize.borrowed`, the extractor's rule too): "Bali"
        for Paris, "Man" for Amman. Countries' and named areas' other names are theirs;
        so is a name asked within the place's country (``asked``: the country bias and
        context codes), as the extractor reads it where the article's scope puts it."""
        own = [(self._country_of(layer, index),
                int(self._layers[layer].arrays["population"][index]))
               for layer, index, match in hits if match == MatchType.PRIMARY]
        if not own:
            return set()
        lent = set()
        for layer, index, match in hits:
            kind = self._kind(layer, index)
            if match not in (MatchType.ALTERNATE, MatchType.VARIANT) or kind in _OWN_NAMES_ONLY:
                continue
            code = self._country_of(layer, index)
            if code in asked:
                continue
            place = self._place(layer, index)
            people = (place.population or 0) if kind == PlaceKind.POPULATED_PLACE else None
            if borrowed(name, place.name, people, (n for c, n in own if c != code)):
                lent.add((layer, index))
        return lent

    def _add(self, scored: dict[tuple[int, int], float], layer: int, index: int, match: int,
             bonus: float, bias: str | None, context: frozenset[str],
             kind_hint: PlaceKind | None) -> None:
        arrays = self._layers[layer].arrays
        kind = _KINDS[int(arrays["kind"][index])]
        raw = (KIND_WEIGHT.get(kind, 0.5) + MATCH_WEIGHT[MatchType(match)] + bonus
               + POPULATION_WEIGHT * math.log10(int(arrays["population"][index]) + 10))
        if kind_hint is not None and (kind == kind_hint or match == MatchType.PRIMARY):
            # the kind word is part of the matched name: "Donetsk Oblast", and a place's
            # own name "Kurdistan Region" (a region, though "Region" hints a province:
            # Iran's Kordestan, its alternate name "Kurdistan" matched with the hint, won);
            # an alternate name ("Sahel region" of the Sahel) leaves "Sahel Region" to
            # Burkina Faso's province
            raw += KIND_HINT_BONUS + 1.0
        code = self._country_of(layer, index)
        if bias is not None and code == bias:
            raw += COUNTRY_BIAS
        if context and (code in context or self._region_overlaps(layer, index, context)):
            raw += CONTEXT_BIAS
        if context and kind != PlaceKind.ADMIN1 and self._admin1_key(layer, index) in context:
            raw += STATE_CONTEXT_BIAS  # "Paris" with the context "Texas"
            if kind == PlaceKind.POPULATED_PLACE and any(c.startswith("admin2:") for c in context):
                # "Louisville" with the context "Stark County": Ohio's, beside Canton
                lat, lon = float(arrays["lat"][index]), float(arrays["lon"][index])
                if any(great_circle_km(lat, lon, clat, clon) <= COUNTY_CONTEXT_KM
                       for _, clat, clon in self._county_points(context)):
                    raw += COUNTY_CONTEXT_BIAS
        key = self._identity(layer, index)
        if raw > scored.get(key, -math.inf):
            scored[key] = raw

    def _rank_states(self, scored: _Scores, parsed: ParsedQuery) -> None:
        """Provinces and states against the towns of their name, as the extractor's name
        index and prior weigh them.

        A state ranks above small towns of its name ("Wyoming" is no Michigan suburb,
        "Vermont" no Australian one, "Maryland" no Maryland City) where no town of the
        name in its country is large (``LARGE_TOWN``) nor a capital ("Washington", "Gaza",
        "Columbia" keep their cities) and no country, region or water bears it (the
        extractor ranks those above states: "Red Sea" is the sea). A province then
        loses to a town inside it bearing the name as its own ("Gao", "Donetsk") or
        holding a tenth of its people ("Tombouctou" for Timbuktu), or to a large town
        inside it when the province itself matched by another name ("Basra", "Mecca");
        not to a town merely listing the name among its others ("Minnesota" for
        Minneota, "New York" for the city: the state's own name is the state's).
        """
        if not any(self._kind(*key) == PlaceKind.ADMIN1 for key in scored):
            return  # most queries: towns alone
        matches = self._best_matches(parsed, scored)
        capitals = {(0, int(i)) for i in self._base.meta.get("capitals", {}).values()}
        own, large, provinces = set(), set(), []
        biggest: dict[str | None, int] = {}  # the most people of a town of the name, by state
        lift = True
        home: set[str | None] = set()  # the countries of its large towns and capitals
        abroad = 0  # the most people of one of them bearing it as its own name
        for key in scored:
            kind = self._kind(*key)
            if kind == PlaceKind.POPULATED_PLACE:
                people = int(self._layers[key[0]].arrays["population"][key[1]])
                code = self._admin1_code(*key)
                biggest[code] = max(biggest.get(code, 0), people)
                if people >= LARGE_TOWN or key in capitals:
                    large.add(code)
                    home.add(self._country_of(*key))
                    if matches.get(key) == MatchType.PRIMARY:  # not Paris by an alternate
                        abroad = max(abroad, people)
                if matches.get(key) == MatchType.PRIMARY:
                    own.add(code)
            elif kind == PlaceKind.ADMIN1:
                provinces.append(key)
            elif kind in _ABOVE_STATES:
                lift = False  # the extractor ranks them above states: "Red Sea"
        for key in provinces:
            people = int(self._layers[key[0]].arrays["population"][key[1]])
            code = self._admin1_code(*key)
            if code in biggest and biggest[code] * SEAT_SHARE >= people:
                own.add(code)  # "Tombouctou": the region's own town, by another name
            # a large town or capital of the name keeps it in its own country ("Washington")
            # and abroad ("Gaza" is the Palestinian city, not Mozambique's province), unless
            # the province holds ABROAD_SHARE times its people: "Bali" is Indonesia's
            # province, not a town in West Bengal
            if lift and people > 0 and self._country_of(*key) not in home \
                    and ABROAD_SHARE * abroad <= people:
                rank = STATE_RANK if people >= SMALL_STATE else min(
                    STATE_RANK, math.log10(people) + SMALL_STATE_LIFT)
                scored[key] += max(0.0, KIND_WEIGHT[PlaceKind.POPULATED_PLACE]
                                   + POPULATION_WEIGHT * rank
                                   - KIND_WEIGHT[PlaceKind.ADMIN1]
                                   - POPULATION_WEIGHT * math.log10(people + 10))
            if code in own or (code in large and matches.get(key) != MatchType.PRIMARY):
                scored[key] += NAMESAKE_PENALTY

    def _kind(self, layer: int, index: int) -> PlaceKind:
        return _KINDS[int(self._layers[layer].arrays["kind"][index])]

    def _admin1_code(self, layer: int, index: int) -> str | None:
        position = int(self._layers[layer].arrays["admin1"][index])
        return self._layers[layer].admin1[position][0] if position >= 0 else None

    def _identity(self, layer: int, index: int) -> tuple[int, int]:
        """Imported copies of a base place (same GeoNames id) count once."""
        if layer == 0:
            return (0, index)
        geonameid = int(self._layers[layer].arrays["geonameid"][index])
        base_index = self._base_by_geonameid().get(geonameid) if geonameid else None
        return (0, base_index) if base_index is not None else (layer, index)

    @functools.cached_property
    def _base_by_geonameid_map(self) -> dict[int, int]:
        ids = self._base.arrays["geonameid"]
        return {int(g): i for i, g in enumerate(ids) if g}

    def _base_by_geonameid(self) -> dict[int, int]:
        return self._base_by_geonameid_map if len(self._layers) > 1 else {}

    def _lookup(self, key: str) -> list[tuple[int, int, int]]:
        if not key:
            return []
        hashed = key_hash(key)
        return [(n, index, match) for n, layer in enumerate(self._layers)
                for index, match in layer.lookup(hashed)]

    def _country_of(self, layer: int, index: int) -> str | None:
        position = int(self._layers[layer].arrays["country"][index])
        return self._layers[layer].countries[position] if position >= 0 else None

    def _region_overlaps(self, layer: int, index: int, context: frozenset[str]) -> bool:
        return any(m in context for m in self._region_members.get((layer, index), ()))

    # -- countries, qualifiers, context -------------------------------------------------

    def _country_bias(self, country: str | None) -> str | None:
        if country is None or country == "":
            return None
        codes = self._countries_named(country)
        if len(codes) != 1:
            raise InputError(
                f"expected a country as an ISO 3166-1 alpha-2 code or name, got {country!r}",
                field="country", hint="For example: ML, UA, LY or 'Mali'.",
            )
        return next(iter(codes))

    def _countries_named(self, text: str) -> set[str]:
        # read through unseen marks: "ML" + U+200B was no country, "Mali" + U+200F was
        stripped = without_marks(text).strip()
        if len(stripped) == 2 and stripped.upper() in self._country_codes:
            return {stripped.upper()}
        hits = self._lookup(name_key(stripped)) if stripped else []
        # "S.C." is South Carolina, not the Seychelles' ISO code "SC"
        code_ok = stripped.isalpha() and stripped.isupper()
        countries = {self._country_of(layer, index) for layer, index, match in hits
                     if _KINDS[int(self._layers[layer].arrays["kind"][index])] == PlaceKind.COUNTRY
                     and (code_ok or match != MatchType.CODE)}
        return {c for c in countries if c}

    def check_scope(self, country: str | None, context: Sequence[str]) -> None:
        """Check a user's ``country`` and ``context`` before any query is answered.

        Raises
        ------
        geomap.errors.ConfigError
            For a country that names no country, or a context item that names no
            country, demonym, state, county or region (before, such an item was ignored and
            answers came from anywhere); an empty one too (``--country "$CC"`` with CC
            unset: an empty value in a row's context means none, and never comes here).
        """
        for given, key in ((country, "country"), *((item, "context") for item in context)):
            if isinstance(given, str) and lone_surrogate(given) is not None:
                raise ConfigError(f"expected text, got a lone surrogate in {given!r}; it is "
                                  "no character: remove it", key=key)  # a traceback before
        if country is not None and not country.strip():  # "$CC" unset: no filter at all
            raise ConfigError(f"expected a country as an ISO 3166-1 alpha-2 code or name, "
                              f"got {country!r}; leave the option out for answers from "
                              "anywhere", key="country")
        if any(isinstance(item, str) and not item.strip() for item in context):
            raise ConfigError(f"expected each context to name a country, demonym, state or "
                              f"region, got {list(context)!r}; leave the option out for "
                              "answers from anywhere", key="context")
        try:
            self._country_bias(country)
        except InputError as err:
            raise ConfigError(str(err), key="country") from err
        for item in context:
            if isinstance(item, str) and item.strip() and not self._context_codes((item,)):
                self._ensure_complete()
                if not self._context_codes((item,)):
                    raise ConfigError(
                        f"expected a context naming a country, demonym, state, county or "
                        f"region (Mali, Malian, Texas, 'Stark County', 'Kidal region', 'the "
                        f"Sahel'), got {item!r}",
                        key="context")

    def _resolve_context(self, context: tuple[str, ...]) -> frozenset[str]:
        """Country codes ("US"), and admin-1 keys ("admin1:US.TX") of the states named;
        an item naming none, with commas ("Lamar County, Texas"), by its last part that
        does."""
        codes: set[str] = set()
        for item in context:
            if not isinstance(item, str) or not item.strip():
                continue
            found = self._context_item(item)
            parts = [p for p in item.split(",") if p.strip()]
            while not found and len(parts) > 1:
                parts.pop(0)
                found = self._context_item(",".join(parts))
            if len(parts) < len(item.split(",")) and found:
                # "Stark County, Ohio": the county of that state too
                first = item.split(",")[0]
                found = found | {f"admin2:{layer}.{index}" for layer, index, match
                                 in self._lookup(name_key(first))
                                 if self._kind(layer, index) == PlaceKind.ADMIN2
                                 and match != MatchType.CODE
                                 and self._admin1_key(layer, index) in found}
            codes.update(found)
        return frozenset(codes)

    def _context_item(self, item: str) -> set[str]:
        """The country codes and admin-1 keys one context item names (empty strings
        dropped by the caller)."""
        found = self._countries_named(item)
        if not found:
            for layer, index, match in self._lookup(name_key(item)):
                found.update(self._region_members.get((layer, index), ()))
                if self._kind(layer, index) == PlaceKind.ADMIN1 and match != MatchType.CODE:
                    found.add(self._admin1_key(layer, index) or "")
                    found.add(self._country_of(layer, index) or "")
        if not found:
            # a county ("Stark County"): its state and country, and itself (every county
            # of the name: the places asked tell them apart)
            for layer, index, match in self._lookup(name_key(item)):
                if self._kind(layer, index) == PlaceKind.ADMIN2 and match != MatchType.CODE:
                    found |= {self._admin1_key(layer, index) or "",
                              self._country_of(layer, index) or "", f"admin2:{layer}.{index}"}
        elif len(item.strip()) > 2:  # a name, not an ISO code
            found |= self._namesake_states(item, found)
        return {c for c in found if c}

    def _namesake_states(self, item: str, countries: set[str]) -> set[str]:
        """A state of another country bearing a country's own name ("Georgia": the US
        state as well as the country), with its country; a state of the country named
        ("Mexico", the State of México) adds nothing."""
        found: set[str] = set()
        for layer, index, match in self._lookup(name_key(item)):
            country = self._country_of(layer, index)
            if (self._kind(layer, index) == PlaceKind.ADMIN1 and match == MatchType.PRIMARY
                    and country and country not in countries):
                found |= {self._admin1_key(layer, index) or "", country}
        return found

    def _admin1_key(self, layer: int, index: int) -> str | None:
        code = self._admin1_code(layer, index)
        return f"admin1:{code}" if code else None

    def _qualifier(self, text: str) -> tuple[str, frozenset[str]] | None:
        countries = self._countries_named(text)
        postal = self._postal_state(text)
        if postal is not None:
            # "Athens, GA": Georgia's (GA is also Gabon's code: either passes)
            return ("either", frozenset({*(f"country:{c}" for c in countries),
                                         f"admin1:{postal}"}))
        if countries:
            return ("country", frozenset(countries))
        admin1 = set()
        for layer, index, _ in self._lookup(name_key(text)):
            arrays = self._layers[layer].arrays
            if _KINDS[int(arrays["kind"][index])] == PlaceKind.ADMIN1:
                admin1.add(self._layers[layer].admin1[int(arrays["admin1"][index])][0])
        if admin1:
            return ("admin1", frozenset(admin1))
        log.info("ignoring qualifier %r: not a known country or admin-1 name", text)
        return None

    def _postal_state(self, text: str) -> str | None:
        """The GeoNames admin-1 code of the state a postal abbreviation in capitals names
        ("TX" -> "US.TX"; the countries of POSTAL_CODE_COUNTRIES, whose postal codes are
        their ISO 3166-2 suffixes)."""
        stripped = text.strip()
        if len(stripped) != 2 or not stripped.isalpha() or not stripped.isupper():
            return None
        codes = {f"{country}-{stripped}" for country in POSTAL_CODE_COUNTRIES}
        return next((row[0] for row in self.base.admin1 if row[1] in codes), None)

    def _passes(self, key: tuple[int, int], rule: tuple[str, frozenset[str]]) -> bool:
        layer, index = key
        if rule[0] == "country":
            return self._country_of(layer, index) in rule[1]
        position = int(self._layers[layer].arrays["admin1"][index])
        admin1 = self._layers[layer].admin1[position][0] if position >= 0 else None
        if rule[0] == "either":
            return (f"country:{self._country_of(layer, index)}" in rule[1]
                    or f"admin1:{admin1}" in rule[1])
        return admin1 is not None and admin1 in rule[1]

    # -- suggestions --------------------------------------------------------------------

    def _describe(self, scored: dict[tuple[int, int], float]) -> list[str]:
        labels: list[str] = []
        for (layer, index), _ in sorted(scored.items(), key=lambda item: -item[1]):
            label = self._label(layer, index)
            if label not in labels:
                labels.append(label)
        return labels[:5]

    def _label(self, layer: int, index: int) -> str:
        code = self._country_of(layer, index)
        name = self._layers[layer].name(index)
        return f"{name} ({code})" if code else name

    def _suggest(self, name: str) -> list[str]:
        key = name_key(name)
        if not key or len(key) > 40:
            return []
        hashes = [key_hash(v) for v in edit_variants(key)]
        entries = self._base.lookup_many(hashes)
        arrays = self._base.arrays
        places = {int(self._base.key_place[e]) for e in entries[:200]}
        ranked = sorted(places, key=lambda i: -int(arrays["population"][i]))
        labels = []
        for index in ranked:
            label = self._label(0, index)
            if label not in labels:
                labels.append(label)
        return labels[:5]

    # -- places -------------------------------------------------------------------------

    def _place(self, layer: int, index: int) -> Place:
        found = self._places.get((layer, index))
        if found is None:
            found = self._places[(layer, index)] = self._make_place(layer, index)
        return found

    def _make_place(self, layer_no: int, index: int) -> Place:
        layer = self._layers[layer_no]
        arrays = layer.arrays
        kind = _KINDS[int(arrays["kind"][index])]
        admin1_name = admin1_iso = None
        position = int(arrays["admin1"][index])
        if position >= 0:
            _, admin1_iso, admin1_name = layer.admin1[position]
        population = int(arrays["population"][index])
        geonameid = int(arrays["geonameid"][index])
        return Place(
            name=layer.name(index),
            lat=float(arrays["lat"][index]),
            lon=float(arrays["lon"][index]),
            kind=kind,
            precision=Precision(int(arrays["precision"][index])),
            country_code=self._country_of(layer_no, index),
            admin1=(admin1_name or None) if kind != PlaceKind.COUNTRY else None,
            admin1_code=(admin1_iso or None) if kind != PlaceKind.COUNTRY else None,
            geonameid=geonameid or None,
            population=population or None,
            id=self._region_ids.get((layer_no, index)),
            note=layer.meta.get("notes", {}).get(str(index)),
        )


def _imported(root: Path | None) -> list[Layer]:
    return [Layer(sub) for sub in iter_layers(root)]


# An upper bound of a province's population in the full index (the world's).
_MAX_AREA_POPULATION = 8e9
_MAX_GROWTH = POPULATION_WEIGHT * math.log10(_MAX_AREA_POPULATION)

#: MatchType by its stored number (an enum call per match cost more than the lookup)
_MATCH_TYPES = tuple(MatchType)

_MATCH_WORDS = {MatchType.ALTERNATE: "an alternate name", MatchType.VARIANT: "a variant",
                MatchType.DEMONYM: "a demonym", MatchType.CODE: "a code or abbreviation",
                MatchType.PRIMARY: "its name"}


def _normalise(scored: dict[tuple[int, int], float]) -> tuple[tuple[_Hit, float], ...]:
    """Best first, with each candidate's softmax share of the evidence."""
    ordered = sorted(scored.items(), key=lambda item: -item[1])[:MAX_CANDIDATES]
    top = ordered[0][1]
    weights = [math.exp(SCORE_SHARPNESS * (raw - top)) for _, raw in ordered]
    total = sum(weights)
    return tuple((_Hit(layer, index, raw), round(w / total, 4))
                 for ((layer, index), raw), w in zip(ordered, weights, strict=True))


#: How far (degrees) an admin-1 unit's own point may lie outside the polygon found for it
#: before the polygon counts as another unit's (a conventional point on a coast, or a
#: unit whose boundary moved a little, stays within it).
ADMIN1_SHAPE_SLACK = 0.5


def _holds(shape: Any, place: Place) -> bool:
    """Whether ``shape`` is the unit ``place`` names: its point inside, or near."""
    from shapely.geometry import Point

    return bool(shape.distance(Point(place.lon, place.lat)) <= ADMIN1_SHAPE_SLACK)


_UNIT_KEYS = ("admin1:", "admin2:")


def _township_name(name: str) -> str | None:
    """The name of a township without its word ("Jackson Township" -> "Jackson"), or None."""
    words = name.split()
    if len(words) < 2 or words[-1].casefold() not in _TOWNSHIP_WORDS:
        return None
    return " ".join(words[:-1])


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))
