"""Benchmark of `geomap extract`: toponym recognition, resolution and throughput.

Run from the repository root::

    python bench/bench_extract.py            # full run (about 20 s once the gazetteer is built)
    python bench/bench_extract.py --quick    # fewer throughput repetitions
    python bench/bench_extract.py --corpus ../shared/dev/wiktor.jsonl   # CPU cost on real text

Scores, on the annotated development set in ``tests/extract/devset/`` (see its README):

- recognition: precision, recall and F1 on exact toponym spans (demonyms such as "Malian"
  are not toponyms: they are left out of the predictions before scoring);
- resolution: for correctly recognised spans, the share resolved within 161 km (100 miles)
  of the reference point, and the mean and median error in km; also end to end (every
  gold toponym, a missed one counting as wrong);
- the same resolution with the most-populous-candidate baseline, on the same spans;
- throughput: articles of about 5 KB per second, one process, warm.

With ``--corpus PATH`` (a JSONL file with a ``text`` per line, read where it lies), only the
CPU cost on that real text is measured: consecutive texts joined into chunks of about 5 KB;
a first (cold) pass over N chunks, then the next N chunks timed fresh (new texts to a warm
process: what a stream of articles costs) and again (the same texts: every memo holds
them); it prints CPU ms per article, articles per second per core, and apart the one-time
costs (imports, making the extractor, loading the country and admin-1 shapes, the first
pass's extra).
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
DEVSET = REPO / "tests" / "extract" / "devset"
_MARK = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]")


@dataclass
class GoldArticle:
    id: str
    article_date: date
    text: str
    spans: list[tuple[int, int, str]]  # start, end, gold key


def load_devset(folder: Path = DEVSET, *, articles_file: str = "articles.txt",
                places_file: str = "gold_places.yaml",
                ) -> tuple[list[GoldArticle], dict[str, tuple[float, float]]]:
    """Articles with their gold toponym spans, and the reference coordinates by key."""
    coords = {k: (float(v[0]), float(v[1])) for k, v in
              yaml.safe_load((folder / places_file).read_text(encoding="utf-8")).items()}
    articles = []
    raw = (folder / articles_file).read_text(encoding="utf-8")
    for block in raw.split("=== ")[1:]:
        header, _, body = block.partition("\n")
        ident, _, day = (part.strip() for part in header.partition("|"))
        text, spans = _strip_marks(body.strip("\n"))
        articles.append(GoldArticle(ident, date.fromisoformat(day), text, spans))
    return articles, coords


def _strip_marks(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    out: list[str] = []
    spans = []
    position = 0
    length = 0
    for m in _MARK.finditer(marked):
        out.append(marked[position:m.start()])
        length += m.start() - position
        surface = m.group(1)
        spans.append((length, length + len(surface), m.group(2) or surface))
        out.append(surface)
        length += len(surface)
        position = m.end()
    out.append(marked[position:])
    return "".join(out), spans


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def score(resolver: Any, articles: list[GoldArticle],
          coords: dict[str, tuple[float, float]], gazetteer: Any = None) -> dict[str, Any]:
    """Recognition and resolution scores of ``resolver`` (names from ``gazetteer``, by
    default the shared :meth:`Gazetteer.default`)."""
    from geomap.extract.pipeline import Extractor

    extractor = Extractor.default(gazetteer)
    extractor.resolver = resolver
    tp = fp = fn = 0
    errors: list[float] = []
    misses: list[str] = []
    gold_total = 0
    for art in articles:
        found = extractor.extract(art.text, art.article_date)
        predicted = {(m.start, m.end): m for m in found.places if m.via != "demonym"}
        gold = {(s, e): key for s, e, key in art.spans}
        gold_total += len(gold)
        for span, key in gold.items():
            m = predicted.get(span)
            if m is None or m.place is None:
                fn += 1
                misses.append(f"{art.id}: missed {art.text[span[0]:span[1]]!r}")
                continue
            tp += 1
            km = haversine_km((m.place.lat, m.place.lon), coords[key])
            errors.append(km)
            if km > 161:
                misses.append(f"{art.id}: {key!r} resolved to {m.place.name} "
                              f"({m.place.country_code}), {km:.0f} km off")
        for span, m in predicted.items():
            if span not in gold:
                fp += 1
                name = m.place.name if m.place else "?"
                misses.append(f"{art.id}: spurious {m.text!r} -> {name}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    within = sum(1 for e in errors if e <= 161)
    return {
        "precision": precision, "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "acc161_recognised": within / len(errors) if errors else 0.0,
        "acc161_end_to_end": within / gold_total if gold_total else 0.0,
        "mean_km": statistics.fmean(errors) if errors else 0.0,
        "median_km": statistics.median(errors) if errors else 0.0,
        "gold": gold_total, "tp": tp, "fp": fp, "fn": fn, "notes": misses,
    }


def throughput(articles: list[GoldArticle], seconds: float) -> tuple[float, int]:
    """Articles of ~5 KB per second (dev articles concatenated to 5 KB each)."""
    from geomap.extract import extract_text

    texts, current = [], ""
    for art in articles * 10:
        current += art.text + "\n\n"
        if len(current.encode()) >= 5000:
            texts.append(current)
            current = ""
    extract_text(texts[0], article_date=date(2024, 8, 5))  # warm up (index, registry)
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        extract_text(texts[done % len(texts)], article_date=date(2024, 8, 5))
        done += 1
    elapsed = time.perf_counter() - start
    size = statistics.fmean(len(t.encode()) for t in texts)
    return done / elapsed, int(size)


def corpus_chunks(path: Path, chunks: int, size: int = 5000) -> list[str]:
    """The first ``chunks`` chunks of about ``size`` bytes: consecutive ``text`` fields of
    the JSONL file ``path`` joined by blank lines (a text longer than ``size`` is a chunk of
    its own)."""
    import json

    out: list[str] = []
    current: list[str] = []
    length = 0
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if len(out) >= chunks:
                break
            if not line.strip():
                continue
            try:
                text = json.loads(line)["text"]
            except (ValueError, KeyError, TypeError) as err:
                raise SystemExit(f"{path}:{number}: expected a JSON object with a 'text' "
                                 f"string, got {line[:60]!r} ({err})") from err
            current.append(text)
            length += len(text.encode()) + 2
            if length >= size:
                out.append("\n\n".join(current))
                current, length = [], 0
    if current and len(out) < chunks:
        out.append("\n\n".join(current))
    return out


def corpus_cost(path: Path, chunks: int, passes: int) -> dict[str, float]:
    """CPU seconds of the one-time costs and milliseconds per chunk: the first ``chunks``
    chunks extracted cold (one-time loads included), the next ``chunks`` fresh (new texts
    to a warm process, as a stream of articles meets it) then again ``passes`` times
    (warm: every memo already holds their names and queries)."""
    started = time.process_time()
    from geomap.extract import Extractor

    imported = time.process_time()
    extractor = Extractor.default()
    made = time.process_time()
    # The country and admin-1 shapes load the first time an article asks for a part of a
    # country or a province: whichever chunk that is, cold or fresh, would carry them
    # (about 0.6 s with geopandas' import; the country shapes alone, 13 M instructions per
    # chunk over 20 fresh GeoVirus chunks once a rule dropped the cold pass's only event
    # that asked), so they are a one-time cost apart.
    from geomap.refdata.boundaries import load_admin0, load_admin1

    load_admin0()
    load_admin1()
    shaped = time.process_time()
    texts = corpus_chunks(path, 2 * chunks)
    half = len(texts) // 2
    first, second = texts[:half], texts[half:]
    day = date(2024, 8, 5)

    def one_pass(group: list[str]) -> float:
        start = time.process_time()
        for text in group:
            extractor.extract(text, day)
        return 1000 * (time.process_time() - start) / len(group)

    cold = one_pass(first)
    fresh = one_pass(second)
    warm = [one_pass(second) for _ in range(passes)]
    size = statistics.fmean(len(t.encode()) for t in second)
    return {"chunks": len(second), "bytes": size, "import_s": imported - started,
            "extractor_s": made - imported, "shapes_s": shaped - made,
            "cold_ms": cold, "fresh_ms": fresh,
            "warm_ms": min(warm) if warm else math.nan,
            "warm_median_ms": statistics.median(warm) if warm else math.nan,
            "cold_extra_s": (cold - fresh) * len(first) / 1000}


def print_corpus_cost(path: Path, chunks: int, passes: int) -> None:
    r = corpus_cost(path, chunks, passes)
    import geomap

    per_5k = 5000 / r["bytes"]
    print(f"corpus {path.name}: 2 x {r['chunks']} chunks of about {r['bytes']:.0f} bytes; "
          f"geomap from {Path(geomap.__file__).parent.parent}")
    print(f"one-time CPU: import geomap.extract {r['import_s']:.2f} s, extractor "
          f"{r['extractor_s']:.2f} s, country and admin-1 shapes {r['shapes_s']:.2f} s, "
          f"first pass {r['cold_ms']:.1f} ms per article "
          f"({r['cold_extra_s']:.2f} s more than fresh texts once warm)")
    print(f"fresh texts, warm process: {r['fresh_ms']:.1f} ms per article -> "
          f"{1000 / r['fresh_ms']:.0f} articles/s per core "
          f"({r['fresh_ms'] * per_5k:.1f} ms per 5,000 bytes)")
    if passes:
        print(f"the same texts again: {r['warm_ms']:.1f} ms per article (best of {passes} "
              f"passes; median {r['warm_median_ms']:.1f}) -> {1000 / r['warm_ms']:.0f} "
              f"articles/s per core ({r['warm_ms'] * per_5k:.1f} ms per 5,000 bytes)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Shorter throughput run.")
    parser.add_argument("--verbose", action="store_true", help="List every error.")
    parser.add_argument("--corpus", type=Path, metavar="PATH",
                        help="Only the CPU cost on a JSONL corpus of real text "
                             "(one object with a 'text' per line), read where it lies.")
    parser.add_argument("--chunks", type=int, default=40, metavar="N",
                        help="With --corpus: chunks of about 5 KB per pass (default 40; "
                             "twice as many are read: the first N warm the process up).")
    parser.add_argument("--passes", type=int, default=3, metavar="N",
                        help="With --corpus: passes over the same texts after the fresh "
                             "one (default 3).")
    parser.add_argument("--tree", type=Path, metavar="DIR",
                        help="With --corpus: import geomap from DIR (e.g. a `git archive` "
                             "of an earlier commit) instead of this checkout.")
    args = parser.parse_args(argv)
    if args.corpus is not None:
        if args.tree is not None:
            sys.path.insert(0, str(args.tree.resolve()))
        print_corpus_cost(args.corpus, args.chunks, args.passes)
        return 0
    from geomap.extract.resolve import most_populous, resolve_mention

    articles, coords = load_devset()
    words = sum(len(a.text.split()) for a in articles)
    print(f"dev set: {len(articles)} articles, {words} words, "
          f"{sum(len(a.spans) for a in articles)} gold toponyms")
    results = {"geomap (gazetteer + context)": score(resolve_mention, articles, coords),
               "baseline: most populous candidate": score(most_populous, articles, coords)}
    print(f"{'resolver':40} {'P':>5} {'R':>5} {'F1':>5} {'acc161':>7} {'e2e161':>7} "
          f"{'mean km':>8} {'median km':>9}")
    for name, r in results.items():
        print(f"{name:40} {r['precision']:5.3f} {r['recall']:5.3f} {r['f1']:5.3f} "
              f"{r['acc161_recognised']:7.3f} {r['acc161_end_to_end']:7.3f} "
              f"{r['mean_km']:8.1f} {r['median_km']:9.1f}")
    notes = results["geomap (gazetteer + context)"]["notes"]
    kinds = Counter(n.split(": ", 1)[1].split(" ", 1)[0] for n in notes)
    print(f"geomap errors by kind: {dict(kinds)}")
    for note in notes if args.verbose else notes[:15]:
        print("  ", note)
    held, held_coords = load_devset(articles_file="heldout.txt",
                                    places_file="heldout_places.yaml")
    print(f"held-out set (written after the rules, never tuned on): {len(held)} articles, "
          f"{sum(len(a.spans) for a in held)} gold toponyms")
    for name, resolver in (("geomap (gazetteer + context)", resolve_mention),
                           ("baseline: most populous candidate", most_populous)):
        r = score(resolver, held, held_coords)
        print(f"{name:40} {r['precision']:5.3f} {r['recall']:5.3f} {r['f1']:5.3f} "
              f"{r['acc161_recognised']:7.3f} {r['acc161_end_to_end']:7.3f} "
              f"{r['mean_km']:8.1f} {r['median_km']:9.1f}")
        if resolver is resolve_mention:
            for note in r["notes"] if args.verbose else r["notes"][:10]:
                print("  ", note)
    seconds = 2.0 if args.quick else 6.0
    rate, size = throughput(articles, seconds)
    print(f"throughput: {rate:.0f} articles/s of {size} bytes (one process, warm, wall clock)")
    parallel = _parallel_rate(articles, 2, 200 if args.quick else 600)
    print(f"throughput, 2 worker processes (extract_files jobs=2, files read from disk): "
          f"{parallel:.0f} articles/s (wall clock, includes starting the workers)")
    cpu_rate = _cpu_rate(articles)
    print(f"CPU cost: {1000 / cpu_rate:.1f} ms per article -> {cpu_rate:.0f} articles/s per core, "
          f"{2 * cpu_rate:.0f}/s on 2 cores with one process each")
    return 0


def _parallel_rate(articles: list[GoldArticle], jobs: int, count: int) -> float:
    """Articles of ~5 KB per second through ``extract_files`` with worker processes."""
    import tempfile

    from geomap.extract.batch import extract_files

    text = ("\n\n".join(a.text for a in articles * 3))[:5000]
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for n in range(count):
            path = Path(folder) / f"{n:05d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        start = time.perf_counter()
        done = sum(1 for _ in extract_files(paths, date(2024, 8, 5), jobs=jobs))
        return done / (time.perf_counter() - start)


def _cpu_rate(articles: list[GoldArticle], repeats: int = 60) -> float:
    """Articles per CPU-second: robust to other processes sharing the machine."""
    from geomap.extract import extract_text

    text = ("\n\n".join(a.text for a in articles * 3))[:5000]
    extract_text(text, article_date=date(2024, 8, 5))
    start = time.process_time()
    for _ in range(repeats):
        extract_text(text, article_date=date(2024, 8, 5))
    return repeats / (time.process_time() - start)


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
