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
``--retell`` extracts a long retelling instead: our own paragraphs telling the same fights
at the same places again and again, so that incidents gather many sentences (each new
sentence was compared with every sentence of its incident: 1.4 s on 100 kB, 4.9 s on
200 kB before session 38). ``--tree DIR`` measures another checkout (a ``git archive`` of
an earlier commit) beside this one in the same run, each size in a fresh process of each,
the two alternated::

    python bench/bench_long_article.py --retell --min-mb 0.1 --tree /tmp/before
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from bench_extract import load_devset  # noqa: E402

MB = 1_000_000
DAY = date(2024, 8, 5)

# our own retelling: the same fights at the same places told again and again (a clash word
# opening a sentence, a strike beside a ground attack, "in the town", a claim, a list of
# towns, undated sentences after dated ones)
RETELLING = (
    "JNIM militants attacked the army camp near Boni. Fighting lasted four hours. Soldiers "
    "repelled the assault and killed 12 fighters, the army said. A drone struck the market "
    "in Boni, killing five civilians. Clashes continued near Boni on the following day.\n\n"
    "On 4 March, gunmen killed three villagers in Gao and Kidal. Three civilians were shot "
    "in the town. Meanwhile, Russian forces shelled Kharkiv, killing two people. Ukrainian "
    "troops said they repelled an assault near Avdiivka. Fighting took place near "
    "Robotyne.\n\n"
    "In a separate attack, al-Shabaab fighters stormed a police station in Mogadishu on "
    "Tuesday. Police arrested 11 suspects. Al-Shabaab claimed responsibility.\n\n")


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


def retelling(size: int) -> str:
    """:data:`RETELLING` repeated to ``size`` characters."""
    return (RETELLING * (size // len(RETELLING) + 1))[:size]


def _text(size: int, args: argparse.Namespace) -> str:
    if args.noise:
        return noise_text(size)
    if args.retell:
        return retelling(size)
    return long_text(size, args.unpunctuated)


def _measure(size: int, args: argparse.Namespace) -> tuple[float, int, int]:
    """CPU seconds, events and relations of one extraction of ``size`` characters."""
    from geomap.extract import extract_text

    extract_text(_text(5_000, args), article_date=DAY)  # warm up
    text = _text(size, args)
    started = time.process_time()
    found = extract_text(text, article_date=DAY)
    return time.process_time() - started, len(found.events), len(found.relations)


def _in_process(tree: Path, size: int, argv: list[str]) -> tuple[float, int, int]:
    """:func:`_measure` in a fresh process importing geomap from ``tree``."""
    done = subprocess.run([sys.executable, __file__, *argv, "--child", str(tree),
                           "--min-mb", str(size / MB)],
                          capture_output=True, text=True, check=True)
    seconds, events, relations = done.stdout.split()
    return float(seconds), int(events), int(relations)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-mb", type=float, default=0.25)
    parser.add_argument("--max-mb", type=float, default=2.0)
    parser.add_argument("--unpunctuated", action="store_true",
                        help="Remove every sentence end: one sentence as long as the text.")
    parser.add_argument("--noise", action="store_true",
                        help="OCR-like noise (seeded) instead of the dev articles.")
    parser.add_argument("--retell", action="store_true",
                        help="A long retelling of the same fights (our own paragraphs).")
    parser.add_argument("--tree", type=Path, metavar="DIR",
                        help="Measure the checkout in DIR beside this one, in the same run.")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:  # one size, in a process of its own
        sys.path.insert(0, str(args.child.resolve()))
        seconds, events, relations = _measure(int(args.min_mb * MB), args)
        print(seconds, events, relations)
        return 0
    kinds = [flag for flag in ("--unpunctuated", "--noise", "--retell") if getattr(args, flag[2:])]
    size = int(args.min_mb * MB)
    if args.tree is not None:
        trees = [REPO, args.tree.resolve()]
        print(f"| size | this checkout: CPU s | per MB | {args.tree}: CPU s | per MB | events |"
              "\n|---|---|---|---|---|---|")
        flip = False
        while size <= args.max_mb * MB:
            order = trees[::-1] if flip else trees
            got = {tree: _in_process(tree, size, kinds) for tree in order}
            flip = not flip
            (mine, events, _), (theirs, events_then, _) = got[trees[0]], got[trees[1]]
            print(f"| {size / MB:.4g} MB | {mine:.2f} | {mine / (size / MB):.1f} | "
                  f"{theirs:.2f} | {theirs / (size / MB):.1f} | {events} / {events_then} |",
                  flush=True)
            size *= 2
        return 0
    sys.path.insert(0, str(REPO))
    print("| size | CPU s | CPU s per MB | events | relations |\n|---|---|---|---|---|")
    while size <= args.max_mb * MB:
        seconds, events, relations = _measure(size, args)
        print(f"| {size / MB:.4g} MB | {seconds:.1f} | {seconds / (size / MB):.1f} | "
              f"{events} | {relations} |", flush=True)
        size *= 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
