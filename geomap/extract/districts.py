"""Districts (raions) as coders name them, and spellings of a name the index lacks.

Coders place a village by its district: "Novokaterynivka village, Starobeshivskiy
district, Donetsk region", "Pisky (Yasynuvata district)", "Amvrosievsky region, Donetsk
region". The index (GeoNames cities500) lacks many such villages, and a village it has may
be a namesake. No registry package ships admin-2 shapes, so a district is read as the
point of its seat, the town it is named after, at district precision (adm2). The seat is
found from the district's adjective ("Starobeshivskiy" -> Starobesheve, "Popasnyansky" ->
Popasna) by the endings listed in ``event_rules.yaml``.

Russian-style and loose transliterations ("Schastie", "Zaitsevo", "Stanitsa Luganska")
are asked as GeoNames spells Ukrainian names ("Shchastia", "Zaitseve", "Stanytsia
Luhanska") only when the name as written is not found (``transliteration_variants``).
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from geomap.errors import GeomapError
from geomap.extract.rules import EventRules
from geomap.model import Place, PlaceKind

if TYPE_CHECKING:
    from geomap.extract.text import Token

logger = logging.getLogger(__name__)

_MAX_SPELLINGS = 24
_MIN_STEM = 4
_NAME_WORDS = 3


class Spellings:
    """Other spellings of a name, from ordered rewrite rules (``transliteration_variants``)."""

    def __init__(self, rules: EventRules) -> None:
        self.rules = rules.rewrites("transliteration_variants")

    def of(self, name: str) -> list[str]:
        """Spellings of ``name`` other than itself (lower case), at most 24, each rule
        applied to every spelling made before it."""
        found = [name.lower()]
        for pattern, replacement in self.rules:
            for spelling in list(found):
                other = pattern.sub(replacement, spelling)
                if other not in found:
                    found.append(other)
                if len(found) > _MAX_SPELLINGS:
                    return found[1:]
        return found[1:]


class Districts:
    """Finds district names in a clause's words and the towns they are named after."""

    def __init__(self, rules: EventRules, gazetteer: Any) -> None:
        self.gazetteer = gazetteer
        self.words = rules.words("district_words")
        self.adjective_endings = sorted(rules.strings("district_adjective_endings"),
                                        key=len, reverse=True)
        self.stem_cuts = rules.strings("district_stem_cuts")
        self.region_words = rules.words("district_region_words")
        # the words that can end a district's name (:meth:`name_before`): a clause with
        # none of them names no district
        self.name_ends = frozenset(self.words | {"region"})
        self.seat_endings = rules.strings("district_seat_endings")
        self._seats: dict[tuple[str, str | None, frozenset[str]], Place | None] = {}

    def name_before(self, text: str, tokens: list[Token], k: int,
                    first: int) -> tuple[int, int] | None:
        """The tokens ``[start, end)`` of the district name before token ``k`` when ``k``
        is a district word ("Yasynuvata district", "Bakhmut raion"), or a
        "region" after an adjective or before a province ("Amvrosievsky region, Donetsk
        region"); else None."""
        word = tokens[k].norm
        if word not in self.words and not (word == "region" and k > first and (
                self._adjective(tokens[k - 1].norm) or self._province_follows(tokens, k))):
            return None
        end = start = k
        while start > first and end - start < _NAME_WORDS and tokens[start - 1].capitalised \
                and (start == end or text[tokens[start - 1].end:tokens[start].start]
                     in ("-", " ")):
            start -= 1
        return (start, end) if start < end else None

    def _province_follows(self, tokens: list[Token], k: int) -> bool:
        """"Antratsyt region, Luhansk region": a province word follows within 3 words."""
        return any(t.norm in self.region_words for t in tokens[k + 1:k + 4])

    def _adjective(self, norm: str) -> bool:
        bare = norm.replace("'", "")
        return any(bare.endswith(e.replace("'", "")) for e in self.adjective_endings)

    def seat(self, name: str, country: str | None, within: frozenset[str]) -> Place | None:
        """The town district ``name`` is named after, in ``country`` and, when ``within``
        names admin-1 codes, inside one of them; None when the index has none."""
        key = (name, country, within)
        if key not in self._seats:
            self._seats[key] = next(
                (found for query in self._seat_names(name)
                 if (found := self._town(query, country, within)) is not None), None)
        return self._seats[key]

    def _seat_names(self, name: str) -> list[str]:
        """``name`` itself, then the seat names its adjective may come from."""
        lower = name.lower().replace("’", "'")
        base = next((lower[:-len(e)] for e in self.adjective_endings
                     if lower.endswith(e) and len(lower) - len(e) >= _MIN_STEM), None)
        if base is None:
            return [name]
        names = [name]
        for cut in self.stem_cuts:
            if cut and not base.endswith(cut):
                continue
            stem = base[:len(base) - len(cut)]
            if len(stem) >= _MIN_STEM:
                names += [stem + ending for ending in self.seat_endings]
        return list(dict.fromkeys(names))

    def _town(self, query: str, country: str | None, within: Collection[str]) -> Place | None:
        try:
            found = self.gazetteer.candidates(query, country=country, limit=10)
        except (GeomapError, ValueError) as err:
            logger.debug("no district seat %r: %s", query, err)
            return None
        for candidate in found:
            place = candidate.place
            if place.kind is PlaceKind.POPULATED_PLACE and (
                    country is None or place.country_code == country) and (
                    not within or place.admin1_code in within):
                return place
        return None
