"""A batch's own geography: its sure rows steer its ambiguous ones.

A sheet of towns of one county is answered row by row; an ambiguous name alone goes to
its most populous namesake anywhere. :func:`steer_to_batch` reads the batch as an article
is read (document-level coherence, as ``geomap extract`` places a story's names near its
sure ones):

1. **Sure rows vouch for a region.** A row answered as a town or a county (not a country,
   a state or a region) with at least :data:`SURE_SHARE` of the evidence (by its own name
   or another: "New York" for the city), or one the user qualified (a comma, "Canton,
   Ohio", or a ``--context-column`` value), is a sure row. Every row counts (a name given
   on ten rows is ten votes).
2. **Only a clear majority makes a region.** When at least :data:`MIN_SURE_ROWS` sure rows
   exist and :data:`MAJORITY` of them share a state (country and admin-1), that state is
   the batch's region; else, when as many share a country, that country is. Otherwise
   (a batch spread over several countries or states) nothing is steered.
3. **Ambiguous rows outside the region prefer a namesake near its sure rows.** A row that
   is not sure, not qualified, answered as a town or a county outside the region's state
   (or country) and farther than :data:`NEAR_KM` from its sure rows, or answered by a
   place of another name (an alternate name's match), is
   answered instead by its best namesake (a candidate of the same name, a town or a
   county) within :data:`NEAR_KM` of one of the region's sure rows, when there is one. A
   row already in the region keeps its answer. The row's ``note`` says so when it changes
   and names the first answer.
4. **A country's name may be a town's.** A row answered as a country that no other row
   of the batch lies in, in a batch whose region is a state, is answered by a town of
   its very name in that state within :data:`NEAR_KM` of the sure rows, when there is
   one ("Mexico" beside Audrain County and Vandalia is Mexico, Missouri): the
   extractor's rule for a town named like a country, placed twice over (in the story's
   state and near its places) where the story names no other place in the country.

Only sure rows decide the region and they are never moved, so the result does not depend on
the order of the rows. An explicit ``--country`` or ``--context`` turns the rule off (the
user has said where the places are), as does ``geomap geocode --no-batch-scope``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from geomap.geocoding.answers import area_shape, place_values
from geomap.geocoding.gazetteer import CONFIDENT_SHARE, Candidate, Gazetteer, great_circle_km
from geomap.geocoding.normalize import name_key

#: A row with this share of the evidence (the gazetteer's "confident" share) is sure.
SURE_SHARE = CONFIDENT_SHARE
#: The share of the sure rows that must lie in one state (else one country).
MAJORITY = 2 / 3
#: Fewer sure rows make no region.
MIN_SURE_ROWS = 2
#: "Near" the region: within this distance of one of its sure rows (as the extractor's
#: coherence among a story's names counts names within 100 km).
NEAR_KM = 100.0
_KM_PER_DEGREE = 111.19
#: Namesakes of a steered name looked at, best first.
CANDIDATE_LIMIT = 50
#: How the note of a steered row starts.
STEERED_NOTE = "placed near the batch's other places"
#: The kinds of answer that vouch for a region and that may be steered.
_LOCAL_KINDS = frozenset({"populated_place", "admin2"})


@dataclass(frozen=True)
class BatchRegion:
    """The region a batch's sure rows agree on: ``label`` ("Ohio, US" or "US") and the
    sure rows' points (lat, lon) inside it."""

    label: str
    points: tuple[tuple[float, float], ...]
    country_code: str
    admin1_code: str | None = None
    cells: dict[tuple[int, int], list[tuple[float, float]]] = field(
        init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        # the points by one-degree cell: a sheet of thousands of towns is not scanned
        # whole for each candidate
        for lat, lon in self.points:
            self.cells.setdefault((math.floor(lat), math.floor(lon)), []).append((lat, lon))

    def holds(self, record: dict[str, Any]) -> bool:
        """Whether an answer lies in the region's state (or country)."""
        if record.get("country_code") != self.country_code:
            return False
        return self.admin1_code is None or record.get("admin1_code") == self.admin1_code

    def near(self, lat: float, lon: float) -> bool:
        """Whether (lat, lon) lies within :data:`NEAR_KM` of one of the sure rows."""
        reach = NEAR_KM / _KM_PER_DEGREE  # degrees of latitude
        poleward = min(abs(lat) + reach, 89.0)
        across = reach / max(math.cos(math.radians(poleward)), 0.01)  # of longitude
        return any(great_circle_km(lat, lon, a, b) <= NEAR_KM
                   for row in range(math.floor(lat - reach), math.floor(lat + reach) + 1)
                   for column in range(math.floor(lon - across), math.floor(lon + across) + 1)
                   for a, b in self.cells.get((row, _wrapped(column)), ()))


def _wrapped(column: int) -> int:
    """A cell's longitude in -180..179 (a batch across the antimeridian)."""
    return (column + 180) % 360 - 180


def applies(country: str | None, context: Sequence[str]) -> bool:
    """Whether the rule applies: the user named no country and no context (blank ones,
    which filter nothing, are none)."""
    return not (country or "").strip() and not any(str(item).strip() for item in context)


def is_qualified(query: object, row_context: Sequence[str]) -> bool:
    """Whether the user said where the row is: "Canton, Ohio", or a context value."""
    return (isinstance(query, str) and "," in query) or any(value for value in row_context)


def _is_sure(record: dict[str, Any], qualified: bool) -> bool:
    """A town or county the user qualified, or one with :data:`SURE_SHARE` of the
    evidence (through another name too: "New York" is the city's; counting only own
    names cost our US local set three rows)."""
    if record.get("error") is not None or record.get("kind") not in _LOCAL_KINDS:
        return False
    return qualified or (record.get("score") or 0.0) >= SURE_SHARE


def _own_name(record: dict[str, Any]) -> bool:
    return name_key(record["name"]) == name_key(record["query"])


def batch_region(records: Sequence[dict[str, Any]], qualified: Sequence[bool],
                 counts: Sequence[int] | None = None) -> BatchRegion | None:
    """The state, else the country, that :data:`MAJORITY` of the sure rows share (None
    when there are fewer than :data:`MIN_SURE_ROWS` or no such majority). ``counts``:
    how many rows each record stands for (one each by default)."""
    weights = counts if counts is not None else [1] * len(records)
    sure = [(r, n) for r, q, n in zip(records, qualified, weights, strict=True)
            if _is_sure(r, q)]
    total = sum(n for _, n in sure)
    if total < MIN_SURE_ROWS:
        return None
    states: Counter[tuple[str, str, str]] = Counter()
    countries: Counter[str] = Counter()
    for r, n in sure:
        if r.get("admin1_code"):
            states[r["country_code"], r["admin1_code"], r["admin1"]] += n
        if r.get("country_code"):
            countries[r["country_code"]] += n
    needed = max(MIN_SURE_ROWS, MAJORITY * total)
    # a sorted choice among equal counts, so that the row order never decides
    state = min(states.items(), key=lambda item: (-item[1], str(item[0])), default=None)
    if state is not None and state[1] >= needed:
        code, admin1_code, admin1 = state[0]
        members = [r for r, _ in sure if (r["country_code"], r["admin1_code"]) ==
                   (code, admin1_code)]
        return BatchRegion(f"{admin1}, {code}", _points(members), code, admin1_code)
    country = min(countries.items(), key=lambda item: (-item[1], str(item[0])), default=None)
    if country is not None and country[1] >= needed:
        return BatchRegion(str(country[0]),
                           _points([r for r, _ in sure if r["country_code"] == country[0]]),
                           str(country[0]))
    return None


def _points(records: Sequence[dict[str, Any]]) -> tuple[tuple[float, float], ...]:
    return tuple(sorted({(float(r["lat"]), float(r["lon"])) for r in records}))


def steer_to_batch(records: Sequence[dict[str, Any]], qualified: Sequence[bool],
                   counts: Sequence[int] | None = None,
                   gazetteer: Gazetteer | None = None) -> list[dict[str, Any]]:
    """``records`` (:func:`geomap.geocoding.answers.answer`'s, one per row, or one per
    distinct row with ``counts``, the rows each stands for) with the ambiguous rows
    answered near the batch's region (the module's rule); a changed row's ``note`` says
    so. ``qualified`` tells, per row, whether the user qualified it
    (:func:`is_qualified`). Unchanged when the batch makes no region."""
    region = batch_region(records, qualified, counts)
    if region is None:
        return list(records)
    gazetteer = gazetteer or Gazetteer.default()
    steered: dict[str, dict[str, Any] | None] = {}
    out = []
    countries_as_towns = _countries_as_towns(records, qualified, region)
    for record, own in zip(records, qualified, strict=True):
        as_town = record["query"] in countries_as_towns
        if not (as_town or _steerable(record, own, region)):
            out.append(record)
            continue
        query = record["query"]
        if query not in steered:
            steered[query] = _steered(gazetteer, record, region, in_state=as_town)
        out.append(steered[query] or record)
    return out


def _countries_as_towns(records: Sequence[dict[str, Any]], qualified: Sequence[bool],
                        region: BatchRegion) -> set[str]:
    """The queries answered as a country that may name a town of the region's state
    instead: not qualified, and no row of another query lies in that country."""
    if region.admin1_code is None:
        return set()
    queries_by_country: dict[str, set[str]] = {}
    for record in records:
        if record.get("error") is None and record.get("country_code"):
            queries_by_country.setdefault(record["country_code"], set()).add(record["query"])
    return {record["query"] for record, own in zip(records, qualified, strict=True)
            if not own and record.get("error") is None and record.get("kind") == "country"
            and record.get("country_code") != region.country_code
            and queries_by_country.get(record["country_code"]) == {record["query"]}}


def _steerable(record: dict[str, Any], qualified: bool, region: BatchRegion) -> bool:
    if qualified or _is_sure(record, False) or record.get("kind") not in _LOCAL_KINDS:
        return False
    # a place that matched only another name ("Franklin" for a county seat) yields to a
    # namesake near the region too
    outside = not region.holds(record) and not region.near(record["lat"], record["lon"])
    return outside or not _own_name(record)


def _steered(gazetteer: Gazetteer, record: dict[str, Any], region: BatchRegion,
             in_state: bool = False) -> dict[str, Any] | None:
    """The record answered by the query's best namesake near the region (``in_state``:
    inside its state too), or None."""
    key = name_key(record["query"])
    near = [c for c in gazetteer.answer(record["query"], limit=CANDIDATE_LIMIT).candidates
            if name_key(c.place.name) == key and c.place.kind.value in _LOCAL_KINDS
            and region.near(c.place.lat, c.place.lon)
            and (not in_state or region.holds({"country_code": c.place.country_code,
                                               "admin1_code": c.place.admin1_code}))]
    best = min(near, key=_rank_key, default=None)
    if best is None or best.place.geonameid == record["geonameid"]:
        return None
    first = ", ".join(str(p) for p in (record["name"], record["admin1"],
                                       record["country_code"]) if p)
    note = f"{STEERED_NOTE} ({region.label}); the name alone gave {first}"
    if best.place.note:
        note = f"{best.place.note}; {note}"
    return record | place_values(best.place, best.score, best.confidence, best.reason,
                                 area_shape(gazetteer, best.place)) | {"note": note}


def _rank_key(candidate: Candidate) -> tuple[float, int]:
    return (-candidate.score, candidate.place.geonameid or 0)
