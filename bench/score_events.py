"""Score `geomap extract`'s events on a corpus of coded events (UCDP GED with headlines).

Run from the repository root (the corpus is read where it lies, never copied)::

    python bench/score_events.py ../shared/dev/ucdp_ukraine_headlines.jsonl
    python bench/score_events.py CORPUS.jsonl --errors errors.tsv --limit 500

Each line of the corpus is one coded event: ``text`` (the headlines it was coded from, one
per line), ``date_start``/``date_end``, ``lat``/``lon`` with ``where_prec`` (UCDP: 1 exact,
2 near, 3 second-order division, 4 first-order division, 5 larger area, 6 country, 7
water), ``side_a``/``side_b``, ``type_of_violence`` (1 state-based, 2 non-state, 3
one-sided) and deaths ``deaths_best``/``deaths_low``/``deaths_high``.

The metrics (the issue's, per text):

- **found**: at least one event extracted;
- **exactly one**: exactly one event extracted (every row is one coded event);
- **type**: the first event's ACLED type agrees with UCDP's coding. UCDP has no ACLED
  types; the mapping is: state-based (1) and non-state (2) fighting is *Battles* or
  *Explosions/Remote violence* (which of the two depends on the weapon, which UCDP does
  not code, so either counts); one-sided violence (3) is *Violence against civilians*.
  The share of each predicted type is printed too, so the mapping's leniency is visible;
- **within 50 km**: the first event's point lies within 50 km of the coded point, scored
  only where ``where_prec`` is 1-3 (the coders located the event at or near a named
  place or in a district); rows coded to a province, a larger area or the country are
  left out of this metric, and reported apart (same province, by name). An area answer
  ("eastern Ukraine", a province, the country) counts by its representative point, as
  any point would; so two more figures are printed beside it:
- **placed at its level**: a point answer (exact, near, district) within 50 km, or an
  area answer whose area holds the coded point (the same province by name; the polygon
  of a country, a named region or a part of a country). An honest "eastern Ukraine" is
  right at its level and wrong as a point;
- **within 50 km, place named**: within 50 km on the rows whose text names the coded
  place (a name of the coders' ``where_description``, compared without case, accents
  and transliteration variants such as kh/h, y/i, -yevka/-ivka). Most headlines name no
  place at all ("Four dead as shells hit eastern Ukraine"); on these rows an extractor can
  only be right at area level, and this figure is what placement can do when it can;
- **a town within 50 km named** and **a place finer than the country named** (on the
  rows scored for "within 50 km", by the extractor's own place mentions): what the text
  offers placement. The first bounds "within 50 km" for an extractor that invents no
  town; the second counts the texts that name anything finer than a country at all;
- **within 50 km, town named**: within 50 km on the rows that name a town or district
  within 50 km of the coded point (the first figure's rows): the reachable part, where
  a miss is the extractor's choice of place, not the text's silence;
- **named group**: ``side_b`` (the non-state side) is among the first event's actors,
  scored only where the text names that group (the ``NAMED`` table below: the groups'
  names, acronyms and transliterations as wire copy writes them); the government side
  (``side_a``) is reported apart.

A corpus of coders' notes with ACLED types (one JSON object a line: ``id``, ``text``,
``event_type``, ``lat``, ``lon`` and ``group``, the named armed group or null; optionally
``fatalities``, the toll as the note tells it, 0 when it tells none) is scored with the
same metrics, the type compared as is, every row placed, the group recognised when one of
the first event's actors contains its name, and **toll** the first event's figure equal
to the note's (notes giving ``fatalities`` only)::

    python bench/score_events.py tests/extract/devset/coder_notes.jsonl

With ``--where``, the coders' own place descriptions are read instead of the headlines,
each as the locative phrase of a carrier sentence (``WHERE_CARRIER``: "Ukrainian soldiers
were killed in <description>.") through the whole extractor, so exactly as the place of
an event in a report is read. Rows with ``where_prec`` 1-3 are scored within 50 km,
4-5 by province; misses are counted by cause (an area answer, a namesake chosen, a name
the index lacks) and by the description's structure ("X raion", "between X and Y")::

    python bench/score_events.py CORPUS.jsonl --where --errors where_misses.tsv

A row with no event is put in one of four categories: a place name alone (no
headline), text not in English, a report's title ("Crisis Watch for March 2019 on Ukraine",
"OSCE SMM Daily Report"), or an English headline the extractor missed.

The corpus has two kinds of rows: ones whose text is at least one headline (a sentence
of four words or more) and ones whose text is only a place or person name ("Ilovaysk").
The second kind report no event at all, so every figure is given for both the headline
rows and all rows. Rows are split by the parity of their id: tune on the even half,
report both.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from shapely.geometry import Point  # noqa: E402

from geomap.errors import GeomapError  # noqa: E402
from geomap.extract import extract_text  # noqa: E402
from geomap.geocoding.gazetteer import Gazetteer  # noqa: E402
from geomap.geocoding.parts import part_place  # noqa: E402
from geomap.model import lonlat  # noqa: E402

MAX_KM = 50.0
POINT_LEVELS = frozenset({"exact", "near", "adm2"})
FINER_LEVELS = POINT_LEVELS | {"adm1", "subcountry"}
# Why a text yields no event: report titles ("Crisis Watch for March 2019 on Ukraine", "OSCE
# SMM Daily Report 10/2020"; a feed's label "X Press @XPress") and text in another
# language than English are told apart from English headlines the extractor missed
# (categories only: nothing is scored on them)
REPORT_TITLE = re.compile(
    r"\b(?:report|situation update|crisis ?watch|briefing|overview|monitoring mission|"
    r"live day)\b|^\W*(?:un|osce)\b|@\w+", re.IGNORECASE)
# words of the coders' place descriptions that are not names ("near the village of X")
DESCRIPTION_WORDS = frozenset(
    "near the of village town city area outskirts in on at outside district raion rayon "
    "oblast obl region settlement checkpoint front line airport between and direction "
    "vicinity north south east west northern southern eastern western km from suburb "
    "urban-type station railway border post crossing positions".split())
FIGHTING_TYPES = frozenset({"Battles", "Explosions/Remote violence"})
EXPECTED_TYPES = {1: FIGHTING_TYPES, 2: FIGHTING_TYPES,
                  3: frozenset({"Violence against civilians"})}

# How the text may name each side_b, and the extracted actor names that recognise it.
# (written from the groups' own names and common transliterations, not from the corpus)
_DPR = r"\bDPR\b|\bDNR\b|Donetsk People'?s Republic|Donetsk (?:people's )?republic"
_LPR = r"\bLPR\b|\bLNR\b|Lugansk People'?s Republic|Luhansk People'?s Republic" \
       r"|Lugansk (?:people's )?republic|Luhansk (?:people's )?republic"
_NOVOROSSIYA = r"Novoross?iya|Novorossia|New Russia"
NAMED = {
    "DPR": (re.compile(_DPR, re.IGNORECASE), re.compile(_DPR, re.IGNORECASE)),
    "LPR": (re.compile(_LPR, re.IGNORECASE), re.compile(_LPR, re.IGNORECASE)),
    "United Armed Forces of Novorossiya": (
        re.compile(f"{_NOVOROSSIYA}|{_DPR}|{_LPR}", re.IGNORECASE),
        re.compile(f"{_NOVOROSSIYA}|{_DPR}|{_LPR}", re.IGNORECASE)),
    "Maidan": (re.compile(r"\bMaidan\b", re.IGNORECASE),
               re.compile(r"Maidan|protesters|demonstrators|activists", re.IGNORECASE)),
}
GOVERNMENT = {"Government of Ukraine": re.compile(r"\bUkrain", re.IGNORECASE)}


@dataclass
class Row:
    """One coded event of the corpus."""

    id: str
    text: str
    lat: float
    lon: float
    where_prec: int
    adm_1: str
    side_a: str
    side_b: str
    violence: int
    deaths: tuple[int, int, int]
    event_type: str | None = None  # coders' notes: the ACLED type, compared as is
    group: str | None = None  # coders' notes: the named armed group
    where: str = ""  # the coders' description of the place
    fatalities: int | None = None  # coders' notes: the toll as written (0: none told)

    @property
    def names_place(self) -> bool:
        """The text names the coded place (a name of ``where``, transliteration aside)."""
        return place_named(self.where, self.text)

    @property
    def has_headline(self) -> bool:
        return any(len(line.split()) >= 4 for line in self.text.splitlines())

    @property
    def half(self) -> str:
        return "even" if int(re.sub(r"\D", "", self.id) or 0) % 2 == 0 else "odd"


@dataclass
class Outcome:
    """What the extractor did with one row, metric by metric (None: not scored)."""

    found: bool
    one: bool
    type_ok: bool
    within: bool | None
    placed: bool | None
    named_within: bool | None
    group: bool | None
    government: bool | None
    province: bool | None
    reachable: bool | None  # the text names a town or district within 50 km of the point
    finer: bool | None  # the text names any place finer than a country
    reachable_within: bool | None  # within 50 km, on the rows where a town within 50 km is named
    predicted_type: str | None
    km: float | None
    toll: bool | None = None  # the first event's figure is the note's (notes giving one)
    categories: list[str] = field(default_factory=list)


def load_rows(path: Path, limit: int | None = None) -> list[Row]:
    """The corpus rows (JSON lines)."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            raw = json.loads(line)
            if "event_type" in raw:  # coders' notes with ACLED types
                rows.append(Row(str(raw["id"]), raw["text"], float(raw["lat"]),
                                float(raw["lon"]), 1, "", "", raw.get("group") or "", 0,
                                (0, 0, 0), raw["event_type"], raw.get("group"),
                                raw.get("where") or "", raw.get("fatalities")))
            else:
                rows.append(Row(str(raw["id"]), raw["text"], float(raw["lat"]),
                                float(raw["lon"]), int(raw["where_prec"]),
                                raw.get("adm_1") or "", raw["side_a"], raw["side_b"],
                                int(raw["type_of_violence"]),
                                (raw["deaths_best"], raw["deaths_low"], raw["deaths_high"]),
                                where=raw.get("where_description") or ""))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def fold(text: str) -> str:
    """Lower case without accents or apostrophes, transliteration variants merged
    (Kharkiv/Harkiv, Avdiyivka/Avdiivka, Novoselovka/Novoselivka)."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c) and c not in "'’`ʼ")
    for written, merged in (("kh", "h"), ("iy", "y"), ("yi", "i"), ("ye", "e"), ("yu", "u"),
                            ("ya", "a"), ("y", "i"), ("ov", "iv"), ("ev", "iv")):
        text = text.replace(written, merged)
    return text


def place_named(description: str, text: str) -> bool:
    """True when a name of the coders' place description appears in ``text`` (its stem:
    the name less its last three letters, at least four, so endings may vary)."""
    folded = fold(text)
    for part in re.split(r"[;,()/]", description):
        words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", part)
                 if w[0].isupper() and w.lower() not in DESCRIPTION_WORDS]
        name = fold(" ".join(words))
        stem = name[:max(4, len(name) - 3)]
        if len(stem) >= 4 and re.search(r"\b" + re.escape(stem), folded):
            return True
    return False


_SHAPES: dict[tuple[str, str], Any] = {}


def area_holds(event: dict[str, Any], row: Row) -> bool:
    """An area answer holds the coded point: the same province by name, else the
    polygon of the country, named region or part of a country it names."""
    if event.get("precision") == "adm1" and row.adm_1:
        return bool(event.get("admin1")) and _same_province(str(event["admin1"]), row.adm_1)
    key = (str(event.get("place")), str(event.get("country_code")))
    if key not in _SHAPES:
        _SHAPES[key] = _area_shape(*key)
    shape = _SHAPES[key]
    return shape is not None and bool(shape.covers(Point(lonlat(row.lat, row.lon))))


def _area_shape(name: str, country: str) -> Any:
    gazetteer = Gazetteer.default()
    try:
        place = part_place(gazetteer, name, country) or gazetteer.resolve(name,
                                                                          country=country)
    except GeomapError:
        return None
    return place.geometry if place.geometry is not None else gazetteer.place_geometry(place)


def event_point(event: dict[str, Any], places: list[dict[str, Any]]) -> tuple[float, float] | None:
    """The event's coordinates (older outputs name the place only: look it up)."""
    if event.get("lat") is not None and event.get("lon") is not None:
        return float(event["lat"]), float(event["lon"])
    for place in places:
        if event.get("place") and place["name"] == event["place"]:
            return float(place["lat"]), float(place["lon"])
    return None


def score_row(row: Row, data: dict[str, Any]) -> Outcome:
    """Compare one extraction (the JSON contract) with the coded event."""
    events = data["events"]
    first = events[0] if events else None
    actors = " | ".join(first["actors"]) if first else ""
    predicted = first["type"] if first else None
    type_ok = predicted == row.event_type if row.event_type else \
        predicted in EXPECTED_TYPES.get(row.violence, frozenset())
    point = event_point(first, data["places"]) if first else None
    km = distance_km(row.lat, row.lon, *point) if point else None
    within = (km is not None and km <= MAX_KM) if row.where_prec <= 3 else None
    placed = named_within = None
    if within is not None:
        placed = within if first is None or first.get("precision") in POINT_LEVELS \
            else area_holds(first, row)
        named_within = within if row.names_place else None
    province = None
    if row.where_prec in (4, 5) and row.adm_1:
        province = bool(first and first.get("admin1")) and _same_province(
            str(first.get("admin1")), row.adm_1) if first else False
    group = None
    named = NAMED.get(row.side_b)
    if row.group:
        group = row.group.lower() in actors.lower()
    elif named is not None and named[0].search(row.text):
        group = bool(named[1].search(actors))
    government = None
    gov = GOVERNMENT.get(row.side_a)
    if gov is not None and gov.search(row.text):
        government = bool(gov.search(actors))
    reachable = finer = None
    if within is not None:
        reachable, finer = _named_levels(row, data["places"])
    reachable_within = within if reachable else None
    outcome = Outcome(bool(events), len(events) == 1, type_ok, within, placed, named_within,
                      group, government, province, reachable, finer, reachable_within,
                      predicted, km)
    if row.fatalities is not None:
        outcome.toll = bool(first) and (first.get("fatalities") or 0) == row.fatalities
    outcome.categories = error_categories(row, data, outcome)
    return outcome


def _named_levels(row: Row, places: list[dict[str, Any]]) -> tuple[bool, bool]:
    """What the text offers placement, by the extractor's own place mentions: (a town
    or district within 50 km of the coded point is named, any place finer than a
    country is named). The first bounds "within 50 km" for an extractor that invents
    no town; the second says how many texts name more than a country at all."""
    reachable = any(p.get("precision") in POINT_LEVELS and p.get("lat") is not None
                    and distance_km(row.lat, row.lon, float(p["lat"]), float(p["lon"]))
                    <= MAX_KM for p in places)
    finer = any(p.get("precision") in FINER_LEVELS for p in places)
    return reachable, finer


def _same_province(ours: str, theirs: str) -> bool:
    def key(name: str) -> str:
        name = re.sub(r"\b(?:oblast|region|province|special republican city)\b", "",
                      name.lower())
        return re.sub(r"[^a-z]", "", name.replace("lugansk", "luhansk").replace("kiev", "kyiv"))
    a, b = key(ours), key(theirs)  # "Luhanska oblast" (GeoNames) is "Luhansk oblast"
    return len(a) >= 4 and len(b) >= 4 and (a.startswith(b) or b.startswith(a))


def error_categories(row: Row, data: dict[str, Any], outcome: Outcome) -> list[str]:
    """Why a row missed, by category (tuning is done on these, never on single rows)."""
    events = data["events"]
    found = []
    if not events:
        found.append(f"none:no-event ({_silent_kind(row.text)})")
    elif len(events) > 1:
        found.append("many:" + ("same-type" if len({e["type"] for e in events}) == 1
                                else "mixed-types"))
    if events and not outcome.type_ok:
        found.append(f"type:{outcome.predicted_type}")
    if outcome.within is False:
        found.append(_where_category(row, events[0] if events else None, outcome))
    if outcome.group is False:
        found.append("group:missed")
    return found


def _silent_kind(text: str) -> str:
    """What kind of text yields no event: a place name alone, text not in English (mostly
    not Latin letters), a report's title, or an English headline."""
    letters = [c for c in text if c.isalpha()]
    if not any(len(line.split()) >= 4 for line in text.splitlines()):
        return "no headline"
    if sum(c.isascii() for c in letters) < len(letters) / 2:
        return "not English"
    return "report title" if REPORT_TITLE.search(text) else "English headline"


def _where_category(row: Row, first: dict[str, Any] | None, outcome: Outcome) -> str:
    """Why an event was not placed within 50 km (the text naming the coded place or not)."""
    named = "named" if row.names_place else "unnamed"
    if first is None:
        return f"where:no-event ({named})"
    if not first.get("place"):
        return f"where:no-place ({named})"
    if first.get("precision") not in POINT_LEVELS:
        holds = "holds the point" if outcome.placed else "misses the point"
        return f"where:area {first.get('precision')}, {holds} ({named})"
    if outcome.km is not None and outcome.km < 150:
        return f"where:50-150km ({named})"
    return f"where:far ({named})"


@dataclass
class Tally:
    """Counts for one subset of rows."""

    rows: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    scored: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.rows += 1
        for name in ("found", "one", "type_ok", "within", "placed", "named_within", "group",
                     "government", "province", "reachable", "finer", "reachable_within",
                     "toll"):
            value = getattr(outcome, name)
            if value is None:
                continue
            self.scored[name] += 1
            self.counts[name] += bool(value)
        self.types[outcome.predicted_type or "-"] += 1
        self.categories.update(outcome.categories)

    def share(self, name: str) -> str:
        n = self.scored[name]
        return f"{self.counts[name] / n:.3f} ({self.counts[name]}/{n})" if n else "-"


def run(rows: Iterable[Row], errors: Path | None = None) -> dict[str, Tally]:
    """Extract every row and tally the metrics by subset."""
    tallies: dict[str, Tally] = {}
    lines = []
    for row in rows:
        data = extract_text(row.text).to_json()
        outcome = score_row(row, data)
        for subset in ("all", f"all/{row.half}", *(("headline", f"headline/{row.half}")
                                                   if row.has_headline else ())):
            tallies.setdefault(subset, Tally()).add(outcome)
        if errors is not None and outcome.categories:
            first = data["events"][0] if data["events"] else {}
            lines.append("\t".join([row.id, row.half, ",".join(outcome.categories),
                                    str(first.get("type")), str(first.get("place")),
                                    f"{outcome.km:.0f}" if outcome.km is not None else "-",
                                    "; ".join(first.get("actors", [])), row.side_b,
                                    row.text.replace("\n", " || ")[:300]]))
    if errors is not None:
        errors.write_text("id\thalf\tcategories\ttype\tplace\tkm\tactors\tside_b\ttext\n"
                          + "\n".join(lines) + "\n", encoding="utf-8")
    return tallies


def report(tallies: dict[str, Tally], seconds: float, total: int) -> str:
    """The figures as a Markdown table, then predicted types and error categories."""
    order = [k for k in ("headline/even", "headline/odd", "headline", "all/even", "all/odd",
                         "all") if k in tallies]
    names = [("found", "found"), ("one", "exactly one"), ("type_ok", "type"),
             ("within", "within 50 km"), ("placed", "placed at its level"),
             ("named_within", "within 50 km, place named"), ("group", "named group"),
             ("government", "government side"), ("province", "province (prec 4-5)"),
             ("reachable", "a town within 50 km named"),
             ("finer", "a place finer than the country named"),
             ("reachable_within", "within 50 km, town named"), ("toll", "toll")]
    out = ["| subset | rows | " + " | ".join(label for _, label in names) + " |",
           "|---|---|" + "---|" * len(names)]
    for key in order:
        tally = tallies[key]
        out.append(f"| {key} | {tally.rows} | "
                   + " | ".join(tally.share(name) for name, _ in names) + " |")
    everything = tallies.get("all", Tally())
    out.append("\npredicted type of the first event (all rows): "
               + ", ".join(f"{k} {v}" for k, v in everything.types.most_common()))
    out.append("error categories (all rows; headline rows even / odd):")
    even, odd = tallies.get("headline/even", Tally()), tallies.get("headline/odd", Tally())
    out.extend(f"  {count:5d}  {even.categories[name]:4d} / {odd.categories[name]:4d}  {name}"
               for name, count in everything.categories.most_common())
    out.append(f"\n{total} texts in {seconds:.1f} s wall clock ({total / max(seconds, 1e-9):.0f}/s,"
               " one process, warm)")
    return "\n".join(out)


# -- the coders' place descriptions (--where) --------------------------------------------

# The sentence a description is read in: the extractor's event and place reading as for any
# text, with a national army as the party (its country is the context; it has no area of
# its own that could stand in for the place)
WHERE_CARRIER = "Ukrainian soldiers were killed {place}."
# a description that opens with one of these words is a locative phrase already ("near X",
# "between X and Y", "5 km north of X"); any other ("Kiev/Kyiv city", "the village of X",
# "road between X and Y") is read after "in"
_PHRASE_LEADS = frozenset(
    "in near on at outside around between along close inside within next north south east "
    "west northern southern eastern western north-east north-west south-east south-west "
    "northeast northwest southeast southwest".split())
# The description's structure, by which misses are counted (a description may have several)
WHERE_STRUCTURES = (
    ("between X and Y", re.compile(r"\bbetween\b", re.IGNORECASE)),
    ("outskirts/edge of X", re.compile(r"\b(?:outskirts|edge|suburbs?|vicinity|environs)\b",
                                       re.IGNORECASE)),
    ("X airport/station/plant", re.compile(
        r"\b(?:airport|station|plant|mine|shakhta|checkpoint|bridge|base|factory|port)\b",
        re.IGNORECASE)),
    ("X raion/district", re.compile(r"\b(?:raion|rayon|district)\b|\b\w+(?:sky|skyi|skiy|ka)"
                                    r"\s+region\b(?=.*\bregion\b)", re.IGNORECASE)),
    ("X, Y oblast/region", re.compile(r",\s*[^,]*\b(?:oblast|region|obl)\b", re.IGNORECASE)),
    ("X (Y)", re.compile(r"\(")),
    ("slash variants X/Y", re.compile(r"\w/\w")),
    ("km from X", re.compile(r"\bkm\b|\bkilomet", re.IGNORECASE)),
    ("near X", re.compile(r"\bnear\b|\(near\)", re.IGNORECASE)),
    ("-ivka/-ovka/-yevka", re.compile(r"\w(?:iv|ov|ev|yev|eev)ka\b", re.IGNORECASE)),
    ("-ske/-skoe/-skoye", re.compile(r"\w(?:ske|skoe|skoye)\b", re.IGNORECASE)),
)
_NAME_RUN = re.compile(r"[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*)*")


def where_sentence(description: str, carrier: str = WHERE_CARRIER) -> str:
    """The carrier sentence with the coders' place description as its locative phrase."""
    phrase = description.strip().rstrip(".").strip()
    first = phrase.split(maxsplit=1)[0].lower() if phrase else ""
    if first not in _PHRASE_LEADS and not first[:1].isdigit():
        phrase = f"in {phrase}"
    return carrier.format(place=phrase)


def description_names(description: str) -> list[str]:
    """The names of a description ("near the village of Krymske (Novoaydarsky district),
    Luhansk region" -> Krymske, Novoaydarsky, Luhansk), slash variants apart."""
    names = []
    for part in re.split(r"[;,()/]|\bbetween\b|\band\b", description):
        for run in _NAME_RUN.findall(part):
            words = [w for w in run.split()
                     if w[0].isupper() and w.lower() not in DESCRIPTION_WORDS]
            if words:
                names.append(" ".join(words))
    return list(dict.fromkeys(names))


def where_structures(description: str) -> list[str]:
    """The structure labels of a description (``WHERE_STRUCTURES``), "plain X" if none."""
    found = [label for label, pattern in WHERE_STRUCTURES if pattern.search(description)]
    return found or ["plain X"]


def where_cause(row: Row, first: dict[str, Any] | None, km: float | None) -> str:
    """Why the description was not placed within 50 km: no event or no place, an area
    answer, or a town too far: a namesake (the index has a place of one of the
    description's names within 50 km of the coded point) or a name not in the index."""
    if first is None:
        return "no event"
    if first.get("precision") not in POINT_LEVELS:
        return f"area answer ({first.get('precision')})"
    gazetteer = Gazetteer.default()
    for name in description_names(row.where):
        try:
            candidates = gazetteer.candidates(name, country="UA", limit=20)
        except (GeomapError, ValueError):
            continue
        if any(c.place.kind.value == "populated_place"
               and distance_km(row.lat, row.lon, c.place.lat, c.place.lon) <= MAX_KM
               for c in candidates):
            return "namesake elsewhere chosen" if km is None or km > 150 else \
                "right name, 50-150 km"
    return "name not in the index near the point"


def run_where(rows: Iterable[Row], carrier: str = WHERE_CARRIER,
              errors: Path | None = None) -> dict[str, Tally]:
    """Read each row's place description in the carrier sentence; score within 50 km
    (where_prec 1-3) or the province (where_prec 4-5); tally misses by cause and by the
    description's structure."""
    tallies: dict[str, Tally] = {}
    lines = []
    for row in rows:
        if not row.where.strip() or row.where_prec > 5:
            continue
        sentence = where_sentence(row.where, carrier)
        data = extract_text(sentence).to_json()
        first = data["events"][0] if data["events"] else None
        point = event_point(first, data["places"]) if first else None
        km = distance_km(row.lat, row.lon, *point) if point else None
        outcome = Outcome(first is not None, len(data["events"]) == 1, True, None, None, None,
                          None, None, None, None, None, None, first and first["type"], km)
        if row.where_prec <= 3:
            outcome.within = km is not None and km <= MAX_KM
            missed = not outcome.within
        elif row.adm_1:  # "Donbas", "eastern Ukraine" with no province coded: not scored
            outcome.province = bool(first and first.get("admin1")) and _same_province(
                str(first and first.get("admin1")), row.adm_1)
            missed = not outcome.province
        else:
            missed = False
        if missed:
            cause = where_cause(row, first, km) if row.where_prec <= 3 else \
                f"province: {first.get('precision') if first else 'no event'}"
            outcome.categories = [f"cause: {cause}"] + [
                f"structure: {s}" for s in where_structures(row.where)]
        for subset in ("all", f"all/{row.half}"):
            tallies.setdefault(subset, Tally()).add(outcome)
        if errors is not None and missed:
            lines.append("\t".join([row.id, row.half, str(row.where_prec),
                                    outcome.categories[0], row.where, row.adm_1,
                                    str(first and first.get("place")),
                                    str(first and first.get("precision")),
                                    f"{km:.0f}" if km is not None else "-"]))
    if errors is not None:
        errors.write_text("id\thalf\twhere_prec\tcause\twhere\tadm_1\tplace\tprecision\tkm\n"
                          + "\n".join(lines) + "\n", encoding="utf-8")
    return tallies


def where_report(tallies: dict[str, Tally], seconds: float, total: int) -> str:
    """The --where figures: within 50 km (prec 1-3), province (prec 4-5), misses."""
    out = ["| subset | descriptions | within 50 km (prec 1-3) | province (prec 4-5) |",
           "|---|---|---|---|"]
    for key in ("all/even", "all/odd", "all"):
        if key in tallies:
            tally = tallies[key]
            out.append(f"| {key} | {tally.rows} | {tally.share('within')} | "
                       f"{tally.share('province')} |")
    everything = tallies.get("all", Tally())
    even, odd = tallies.get("all/even", Tally()), tallies.get("all/odd", Tally())
    out.append("misses by cause, then by the description's structure (all; even / odd):")
    for prefix in ("cause: ", "structure: "):
        out.extend(f"  {count:5d}  {even.categories[name]:4d} / {odd.categories[name]:4d}  "
                   f"{name}" for name, count in everything.categories.most_common()
                   if name.startswith(prefix))
    out.append(f"\n{total} descriptions in {seconds:.1f} s wall clock")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="JSON lines of coded events with text")
    parser.add_argument("--errors", type=Path, help="write one line per missed row (TSV)")
    parser.add_argument("--limit", type=int, help="score only the first N rows")
    parser.add_argument("--half", choices=("even", "odd"), help="score only one half")
    parser.add_argument("--where", action="store_true",
                        help="score the reading of the coders' place descriptions instead")
    parser.add_argument("--carrier", default=WHERE_CARRIER,
                        help="the sentence a description is read in ({place} marks it)")
    args = parser.parse_args(argv)
    rows = load_rows(args.corpus, args.limit)
    if args.half:
        rows = [r for r in rows if r.half == args.half]
    extract_text("Warm-up: the gazetteer loads once.")
    started, cpu = time.perf_counter(), time.process_time()
    if args.where:
        tallies = run_where(rows, args.carrier, args.errors)
        print(where_report(tallies, time.perf_counter() - started, len(rows)))
        return 0
    tallies = run(rows, args.errors)
    print(report(tallies, time.perf_counter() - started, len(rows)))
    used = time.process_time() - cpu
    print(f"CPU: {1000 * used / max(len(rows), 1):.2f} ms per text -> "
          f"{len(rows) / max(used, 1e-9):.0f} texts/s per core (extraction and scoring)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
