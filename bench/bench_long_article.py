"""Long articles: extraction time grows linearly with the length of the text.

Run from the repository root::

    python bench/bench_long_article.py            # 0.25, 0.5, 1 and 2 MB
    python bench/bench_long_article.py --max-mb 1
    python bench/bench_long_article.py --unpunctuated --min-mb 0.0125 --max-mb 2

The texts are the project's own development articles (``tests/extract/devset``, CC0)
repeated to the size; each size is extracted once, warm, and the CPU seconds are printed
with the cost per megabyte: a quadratic step shows as a cost per megabyte that doubles
with each size (the date finder's overlap check once took 203 s on 2 MB).
``--unpunctuated`` removes every sentence end (``. ! ?`` and line breaks): one sentence as
long as the text, as in OCR output or a transcript (finding roles in it once took 95 s of
CPU on 100 kB). ``--noise`` extracts OCR-like noise instead: random letters, digits,
brackets, colons and other punctuation from a seeded generator (the bracket glosses and
the acronym after a name were looked up by scanning: 18.2 s of CPU on 1.6 MB, per MB
3.7 s at 0.2 MB and 11.4 s at 1.6 MB, before session 34; 3.5 s, 2.9 and 2.2 s per MB, since).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_extract import load_devset  # noqa: E402

from geomap.extract import extract_text  # noqa: E402

MB = 1_000_000


def long_text(size: int, unpunctuated: bool = False) -> str:
    """The dev articles, separated by blank lines, repeated to ``size`` characters
    (without sentence ends when ``unpunctuated``)."""
    articles, _ = load_devset()
    block = "\n\n".join(a.text for a in articles)
    if unpunctuated:
        block = re.sub(r"[.!?\n]+", " ", block)
    return (block * (size // len(block) + 1))[:size]


NOISE_CHARACTERS = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                    "          ().,:;'\"!?-\n")


def noise_text(size: int, seed: int = 34) -> str:
    """``size`` characters of OCR-like noise, the same for the same seed."""
    pick = random.Random(seed).choices
    return "".join(pick(NOISE_CHARACTERS, k=size))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-mb", type=float, default=0.25)
    parser.add_argument("--max-mb", type=float, default=2.0)
    parser.add_argument("--unpunctuated", action="store_true",
                        help="Remove every sentence end: one sentence as long as the text.")
    parser.add_argument("--noise", action="store_true",
                        help="OCR-like noise (seeded) instead of the dev articles.")
    args = parser.parse_args(argv)
    extract_text(long_text(5_000), article_date=date(2024, 8, 5))  # warm up
    size = int(args.min_mb * MB)
    print("| size | CPU s | CPU s per MB | events | relations |\n|---|---|---|---|---|")
    while size <= args.max_mb * MB:
        text = noise_text(size) if args.noise else long_text(size, args.unpunctuated)
        started = time.process_time()
        found = extract_text(text, article_date=date(2024, 8, 5))
        seconds = time.process_time() - started
        print(f"| {size / MB:.4g} MB | {seconds:.1f} | {seconds / (size / MB):.1f} | "
              f"{len(found.events)} | {len(found.relations)} |")
        size *= 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
