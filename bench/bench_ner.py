"""What a statistical named-entity recogniser would add to `geomap extract`'s places.

Issue 11 welcomes one "where it pays", as an optional extra measured with and without. This
script measures whether it pays before anything is wired: on a gold corpus (the layout of
``bench_geoparse.py``, read where it lies) it runs geomap's extractor and a spaCy pipeline
the user installed, and scores geomap's places without and with each way the pipeline's
entities could be used, with ``bench_geoparse.py``'s own matching::

    python bench/bench_ner.py ../shared/dev/geovirus.jsonl --halves --model en_core_web_sm
    python bench/bench_ner.py ../shared/dev/wiktor.jsonl --resolution-only --stop 1000 --model ...

- **veto**: a place is dropped when spaCy labels exactly its span as a person or an
  organisation (every place; only towns under 100,000 inhabitants), or when the place lies
  inside a longer organisation name. The veto is applied to the extractor's answer (a veto
  inside the pipeline would also take the name out of the article's scope; the figures are
  the veto's effect on the spans it removes);
- **proposal**: spaCy's GPE, LOC and FAC spans that overlap no place of geomap's: how many
  are gold places, how many of those the index holds an entry of the written name within
  161 km of (the most proposals could add to end to end), and how many non-gold ones the
  index holds (what they would add wrong);
- **CPU**: spaCy's milliseconds per 5,000 bytes on ``bench_extract.py --corpus``'s chunks
  (compare with that command's figure for geomap); ``--exclude`` leaves components out
  (the tagger and parser cost more than the recogniser, but the parser's sentence ends
  also bound its entities).

spaCy is not a dependency of geomap: ``pip install spacy`` and a pipeline
(``python -m spacy download en_core_web_sm``, or any installed package that
``spacy.load`` accepts).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import corpus_chunks
from bench_geoparse import WITHIN_KM, Tally, km, score_article

from geomap.extract import extract_text
from geomap.geocoding.gazetteer import Gazetteer

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
Entity = tuple[int, int, str]  # start, end, label
Veto = Callable[[dict[str, Any], Entity], bool]


def _exact_person_or_org(place: dict[str, Any], entity: Entity) -> bool:
    return entity[2] in ("PERSON", "ORG") and entity[:2] == (place["start"], place["end"])


def _exact_person_or_org_small_town(place: dict[str, Any], entity: Entity) -> bool:
    return (_exact_person_or_org(place, entity) and place["kind"] == "populated_place"
            and (place["population"] or 0) < 100_000)


def _inside_longer_org(place: dict[str, Any], entity: Entity) -> bool:
    return (entity[2] == "ORG" and entity[0] <= place["start"] and place["end"] <= entity[1]
            and entity[:2] != (place["start"], place["end"]))


VETOES: dict[str, Veto | None] = {
    "without": None,
    "veto: span exactly a PERSON or ORG": _exact_person_or_org,
    "veto: the same, towns under 100,000 only": _exact_person_or_org_small_town,
    "veto: inside a longer ORG": _inside_longer_org,
}


def load_pipeline(model: str, exclude: list[str]) -> Any:
    """The spaCy pipeline ``model`` without the components ``exclude``, or SystemExit with
    the install commands."""
    try:
        import spacy
    except ImportError as err:
        raise SystemExit("bench_ner.py needs spaCy: pip install spacy") from err
    try:
        return spacy.load(model, exclude=exclude)
    except OSError as err:
        raise SystemExit(f"spaCy has no pipeline {model!r}: python -m spacy download "
                         f"{model} (or pip install the package that holds it)") from err


def proposals(text: str, places: list[dict[str, Any]], entities: list[Entity],
              gold: list[dict[str, Any]], tally: Counter[str]) -> None:
    """Count spaCy's place spans that overlap none of geomap's, by what a proposal of each
    could give (see the module's docstring)."""
    gazetteer = Gazetteer.default()
    for start, end, label in entities:
        if label not in PLACE_LABELS or any(
                p["start"] < end and start < p["end"] for p in places):
            continue
        name = text[start:end].removeprefix("the ").removeprefix("The ")
        entries = [gazetteer.place_at(k) for k, _ in gazetteer.name_entries(name)]
        hit = next((g for g in gold if g["start"] < end and start < g["end"]), None)
        if hit is None:
            tally["proposal, not gold, in the index" if entries
                  else "proposal, not gold, not in the index"] += 1
        elif any(km(hit["lat"], hit["lon"], e.lat, e.lon) <= WITHIN_KM for e in entries):
            tally["proposal, gold, an entry within 161 km"] += 1
        else:
            tally["proposal, gold, no entry within 161 km"] += 1


def spacy_alone(entities: list[Entity], gold: list[dict[str, Any]],
                tally: Counter[str]) -> None:
    """Count spaCy's GPE, LOC and FAC spans as a spotter of its own (matched one to one
    with the gold spans they overlap, as ``bench_geoparse.score_article`` does)."""
    spans = [e for e in entities if e[2] in PLACE_LABELS]
    used: set[int] = set()
    for place in gold:
        hit = next((j for j, (start, end, _) in enumerate(spans) if j not in used
                    and start < place["end"] and place["start"] < end), None)
        if hit is not None:
            used.add(hit)
    tally["gold"] += len(gold)
    tally["spans"] += len(spans)
    tally["found"] += len(used)


def score(docs: list[dict[str, Any]], nlp: Any, resolution_only: bool) -> tuple[
        dict[str, Tally], Counter[str], Counter[str]]:
    """Each veto's tally, the proposal counts and spaCy's own spans' counts over ``docs``."""
    tallies = {name: Tally() for name in VETOES}
    proposed: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    for doc in docs:
        extraction = extract_text(doc["text"])
        population = {(m.start, m.end): m.place.population if m.place else None
                      for m in extraction.places}
        places = [{**p, "population": population.get((p["start"], p["end"])), "place": None}
                  for p in extraction.to_json()["places"]]
        entities = [(e.start_char, e.end_char, e.label_) for e in nlp(doc["text"]).ents]
        for name, veto in VETOES.items():
            kept = [p for p in places if veto is None or not any(veto(p, e) for e in entities)]
            tallies[name].docs += 1
            score_article(doc, kept, tallies[name], resolution_only)
        if not resolution_only:
            proposals(doc["text"], places, entities, doc.get("toponyms") or [], proposed)
            spacy_alone(entities, doc.get("toponyms") or [], alone)
    return tallies, proposed, alone


def spacy_cost(nlp: Any, path: Path, chunks: int) -> tuple[float, float]:
    """spaCy's CPU milliseconds per 5,000 bytes on ``chunks`` chunks of ``path`` (median of
    the chunks' costs scaled to 5,000 bytes) and the chunks' mean size."""
    texts = corpus_chunks(path, chunks)
    nlp(texts[0])
    costs = []
    for text in texts:
        started = time.process_time()
        nlp(text)
        costs.append((time.process_time() - started) * 1000 * 5000 / len(text.encode()))
    return statistics.median(costs), statistics.fmean(len(t.encode()) for t in texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="JSON lines: id, text, toponyms")
    parser.add_argument("--model", required=True, help="a pipeline spacy.load accepts")
    parser.add_argument("--exclude", default="", metavar="NAMES",
                        help="components left out, comma-separated (the NER alone of "
                             "en_core_web_sm: tok2vec,tagger,parser,lemmatizer)")
    parser.add_argument("--start", type=int, default=0, help="first article (0-based)")
    parser.add_argument("--stop", type=int, default=0, help="stop before this article")
    parser.add_argument("--halves", action="store_true",
                        help="score articles of even and odd index apart")
    parser.add_argument("--resolution-only", action="store_true",
                        help="score only the gold spans (WikToR annotates one name)")
    parser.add_argument("--chunks", type=int, default=40, metavar="N",
                        help="chunks of about 5 KB for spaCy's CPU cost (0: none)")
    args = parser.parse_args(argv)
    nlp = load_pipeline(args.model, [n for n in args.exclude.split(",") if n])
    meta = nlp.meta
    print(f"spaCy pipeline {meta.get('lang')}_{meta.get('name')} {meta.get('version')} "
          f"(spaCy {meta.get('spacy_version')}): {', '.join(nlp.pipe_names)}")
    lines = args.corpus.read_text(encoding="utf-8").splitlines()
    docs = [json.loads(line) for line in lines if line.strip()][args.start:args.stop or None]
    extract_text("Warm up in Bamako.")
    parts = {"even": docs[0::2], "odd": docs[1::2]} if args.halves else {"all": docs}
    for label, part in parts.items():
        tallies, proposed, alone = score(part, nlp, args.resolution_only)
        for name, tally in tallies.items():
            figures = tally.figures()
            print(f"{label} / {name}: {tally.docs} articles, {tally.gold} gold places; "
                  + "  ".join(f"{k} {figures[k]:.3f}" for k in ("P", "R", "F1", "Acc@161",
                                                                 "e2e")))
        for name, count in sorted(proposed.items()):
            print(f"    {label} / {name}: {count}")
        if alone["spans"]:
            precision, recall = alone["found"] / alone["spans"], alone["found"] / alone["gold"]
            print(f"    {label} / spaCy's GPE, LOC and FAC spans alone: P {precision:.3f}  "
                  f"R {recall:.3f}  F1 {2 * precision * recall / (precision + recall):.3f}")
    if args.chunks:
        cost, size = spacy_cost(nlp, args.corpus, args.chunks)
        print(f"spaCy CPU: {cost:.1f} ms per 5,000 bytes (median of {args.chunks} chunks of "
              f"about {size:.0f} bytes; geomap's: bench_extract.py --corpus {args.corpus})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
