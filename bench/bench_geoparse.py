"""Score `geomap extract` on a gold geoparsing corpus, by halves, with errors by category.

The corpus is JSON lines of ``{"id", "text", "toponyms": [{"start", "end", "name", "lat",
"lon"}]}`` (the layout of the GeoVirus and WikToR files); it is read from the path given and
never copied into the repository. Spans are matched as in the held-out check (one-to-one
overlap); a place is right within 161 km. Run from the repository root::

    python bench/bench_geoparse.py ../shared/dev/geovirus.jsonl --halves
    python bench/bench_geoparse.py ../shared/dev/wiktor.jsonl --resolution-only --stop 1000

Prints span precision, recall and F1 (lenient), Acc@161 over found places, end to end (found
and within 161 km over all gold places), throughput in articles per CPU second, and the
errors by category (the categories of issue 11): misses (abbreviation, county or district,
continent or supranational, demonym, toponym before a capitalised word, other), false
positives (demonym, organisation, person, common word, other) and far resolutions (an area
whose point is far: same entity, split by whether the gold point lies inside the area's own
outline, where the two points are two conventions for one right answer; a corpus point whose
latitude or longitude lost its sign, where the answer is right; or a wrong pick).
``--by-data`` splits misses and wrong picks by what the index holds: whether any entry of
the written name lies within 161 km of the corpus's point (a spotting or ranking error) or
none does (the data lacks the place: a village, a camp, an island).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shapely.geometry import Point

from geomap.extract import extract_text
from geomap.geocoding.gazetteer import Gazetteer
from geomap.model import Place

WITHIN_KM = 161.0
_ORG_NEXT = re.compile(r"\s+(?:Police|University|College|Hospital|Airways|Airlines|Department|"
                       r"Council|Times|Post|News|School|Institute|Center|Centre|Health|Board|"
                       r"Agency|Ministry|Company|Bank|Medical|Clinic|Daily)\b")
_PERSON_NEXT = re.compile(r"\s+(?:said|says|told|added)\b")
_AREA_WORDS = re.compile(r"\b(?:County|District|Parish|Province|Shire|Borough|Municipality)\b")
_SUPRA = re.compile(r"Europe|Asia|Africa|America|Pacific|Atlantic|Middle East|Ocean|Sea|Union")


@dataclass
class Tally:
    """Counts over a corpus part."""

    gold: int = 0
    predicted: int = 0
    found: int = 0
    matched: int = 0
    within: int = 0
    seconds: float = 0.0
    docs: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    examples: dict[str, Counter[str]] = field(default_factory=dict)
    rows: list[tuple[str, ...]] = field(default_factory=list)

    def note(self, category: str, example: str, row: tuple[str, ...] = ()) -> None:
        self.errors[category] += 1
        self.examples.setdefault(category, Counter())[example] += 1
        if row:
            self.rows.append((category, *row))

    def figures(self) -> dict[str, float]:
        precision = self.found / max(1, self.predicted)
        recall = self.found / max(1, self.gold)
        return {"P": precision, "R": recall,
                "F1": 2 * precision * recall / max(1e-9, precision + recall),
                "Acc@161": self.within / max(1, self.matched),
                "e2e": self.within / max(1, self.gold),
                "articles/CPU s": self.docs / max(1e-9, self.seconds)}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p = math.pi / 180
    h = (math.sin((lat2 - lat1) * p / 2) ** 2 + math.cos(lat1 * p) * math.cos(lat2 * p)
         * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1.0, h)))


def miss_category(text: str, gold: dict[str, Any]) -> str:
    surface = text[gold["start"]:gold["end"]]
    after = text[gold["end"]:gold["end"] + 20]
    if _AREA_WORDS.search(surface):
        return "miss: county or district"
    if "." in surface or (surface.isupper() and len(surface) <= 5):
        return "miss: abbreviation"
    if _SUPRA.search(surface):
        return "miss: continent or supranational"
    if surface.endswith(("ans", "ians", "ers", "ese")):
        return "miss: demonym"
    if re.match(r"\s+[A-Z]", after):
        return "miss: toponym + capitalised word"
    return "miss: small place or other"


def false_positive_category(text: str, place: dict[str, Any]) -> str:
    surface, before = place["text"], text[max(0, place["start"] - 30):place["start"]]
    after = text[place["end"]:place["end"] + 30]
    if place["via"] == "demonym":
        return "false positive: demonym"
    if _ORG_NEXT.match(after):
        return "false positive: organisation"
    if _PERSON_NEXT.match(after) or re.search(r"\b[A-Z][a-z]+\s+$", before):
        return "false positive: person"
    if re.search(r"\b" + re.escape(surface.lower()) + r"\b", text):
        return "false positive: common word"
    return "false positive: other"


def far_category(gold: dict[str, Any], place: dict[str, Any]) -> str:
    if _sign_dropped(gold, place):
        return "far: corpus point with a sign dropped"  # right with the gold's sign fixed
    same = place["name"].lower() in gold["name"].lower() or gold["name"].lower() in place[
        "name"].lower()
    if place["kind"] != "populated_place" and same:
        if _inside_outline(place.get("place"), gold):
            return "far: area, gold inside its outline"  # two conventions, one answer
        return "far: area at another point"
    return "far: wrong pick"


def _sign_dropped(gold: dict[str, Any], place: dict[str, Any]) -> bool:
    """True when the answer is right once the gold's latitude or longitude changes sign
    (WikToR gives some western longitudes as eastern: "Santa Cruz, New Mexico" at 106 E)."""
    return any(km(lat, lon, place["lat"], place["lon"]) <= WITHIN_KM for lat, lon in (
        (gold["lat"], -gold["lon"]), (-gold["lat"], gold["lon"]), (-gold["lat"], -gold["lon"])))


def _inside_outline(place: Place | None, gold: dict[str, Any]) -> bool:
    """True when the gold point lies in the area's polygon (0.05 degrees of slack for
    coasts drawn at Natural Earth's scale)."""
    geometry = Gazetteer.default().place_geometry(place) if place is not None else None
    return geometry is not None and bool(
        geometry.buffer(0.05).contains(Point(gold["lon"], gold["lat"])))


def score(docs: list[dict[str, Any]], resolution_only: bool,
          toponyms_only: bool = False, by_data: bool = False) -> Tally:
    """Extract every article and tally the figures and errors (``toponyms_only``: leave
    demonyms out of the predictions, for corpora that do not annotate them; ``by_data``:
    split misses and wrong picks by whether the index holds the place, :func:`in_index`)."""
    tally = Tally()
    for doc in docs:
        started = time.process_time()
        extraction = extract_text(doc["text"])
        tally.seconds += time.process_time() - started
        # how each place was found (older versions' JSON lacks "via")
        mentions = {(m.start, m.end): m for m in extraction.places}
        predicted = [{**p, "via": getattr(mentions.get((p["start"], p["end"])), "via", "name"),
                      "place": getattr(mentions.get((p["start"], p["end"])), "place", None)}
                     for p in extraction.to_json()["places"]]
        if toponyms_only:
            predicted = [p for p in predicted if p["via"] != "demonym"]
        tally.docs += 1
        score_article(doc, predicted, tally, resolution_only, by_data)
    return tally


def in_index(text: str, gold: dict[str, Any]) -> str:
    """" (in the index)" when an entry of the written name lies within 161 km of the gold
    point, else " (no entry within 161 km)"."""
    gazetteer = Gazetteer.default()
    near = any(km(gold["lat"], gold["lon"], place.lat, place.lon) <= WITHIN_KM
               for place in (gazetteer.place_at(k) for k, _ in
                             gazetteer.name_entries(text[gold["start"]:gold["end"]])))
    return " (in the index)" if near else " (no entry within 161 km)"


def score_article(doc: dict[str, Any], predicted: list[dict[str, Any]], tally: Tally,
                  resolution_only: bool, by_data: bool = False) -> None:
    used: set[int] = set()
    for gold in doc.get("toponyms") or []:
        tally.gold += 1
        hit = next((j for j, p in enumerate(predicted) if j not in used
                    and p["start"] < gold["end"] and gold["start"] < p["end"]), None)
        if hit is None:
            split = in_index(doc["text"], gold) if by_data else ""
            tally.note(miss_category(doc["text"], gold) + split, gold["name"],
                       (str(doc.get("id", "")), *_gold_cells(gold), "", "", "", ""))
            continue
        used.add(hit)
        tally.found += 1
        tally.matched += 1
        place = predicted[hit]
        distance = km(gold["lat"], gold["lon"], place["lat"], place["lon"])
        if distance <= WITHIN_KM:
            tally.within += 1
        else:
            category = far_category(gold, place)
            if by_data and category == "far: wrong pick":
                category += in_index(doc["text"], gold)
            tally.note(category, f"{gold['name']} -> {place['name']}", (
                str(doc.get("id", "")), *_gold_cells(gold), *_answer_cells(place),
                f"{distance:.0f}"))
    if not resolution_only:
        tally.predicted += len(predicted)
        for j, place in enumerate(predicted):
            if j not in used:
                tally.note(false_positive_category(doc["text"], place),
                           f"{place['text']} -> {place['name']}",
                           (str(doc.get("id", "")), place["text"], "", "",
                            *_answer_cells(place), ""))
    else:
        tally.predicted += len(used)


def _gold_cells(gold: dict[str, Any]) -> tuple[str, str, str]:
    return gold["name"], f"{gold['lat']:.4f}", f"{gold['lon']:.4f}"


def _answer_cells(place: dict[str, Any]) -> tuple[str, str, str]:
    return place["name"], f"{place['lat']:.4f}", f"{place['lon']:.4f}"


def report(label: str, tally: Tally, examples: int) -> None:
    figures = "  ".join(f"{k} {v:.3f}" if k != "articles/CPU s" else f"{k} {v:.0f}"
                        for k, v in tally.figures().items())
    print(f"{label}: {tally.docs} articles, {tally.gold} gold places; {figures}")
    width = max([36, *map(len, tally.errors)])
    for category, count in sorted(tally.errors.items()):
        common = ", ".join(f"{name} ({n})" for name, n in
                           tally.examples[category].most_common(examples))
        print(f"    {category:{width}} {count:5d}" + (f"   e.g. {common}" if examples else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="JSON lines: id, text, toponyms")
    parser.add_argument("--start", type=int, default=0, help="first article (0-based)")
    parser.add_argument("--stop", type=int, default=0, help="stop before this article")
    parser.add_argument("--halves", action="store_true",
                        help="score articles of even and odd index apart (tune on one)")
    parser.add_argument("--resolution-only", action="store_true",
                        help="score only the gold spans (WikToR annotates one name)")
    parser.add_argument("--toponyms-only", action="store_true",
                        help="leave demonyms out (GeoVirus does not annotate them)")
    parser.add_argument("--examples", type=int, default=0, help="examples per category")
    parser.add_argument("--by-data", action="store_true",
                        help="split misses and wrong picks by whether the index holds the place")
    parser.add_argument("--errors", type=Path,
                        help="write every error as TSV: category, article id, gold name "
                             "(a false positive's text) and point, answer name and point, km")
    args = parser.parse_args(argv)
    lines = args.corpus.read_text(encoding="utf-8").splitlines()
    docs = [json.loads(line) for line in lines if line.strip()]
    docs = docs[args.start:args.stop or None]
    extract_text("Warm up in Bamako.")  # the index opens once, outside the timing
    parts = {"even": docs[0::2], "odd": docs[1::2]} if args.halves else {"all": docs}
    rows: list[tuple[str, ...]] = []
    for label, part in parts.items():
        tally = score(part, args.resolution_only, args.toponyms_only, args.by_data)
        report(label, tally, args.examples)
        rows += tally.rows
    if args.errors:
        args.errors.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
