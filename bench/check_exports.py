"""Read real exports and tabulate what each reader made of them (issue 14).

For each file: the reader chosen, rows read, accepted, rejected (by field and reason, the
quoted values left out so that reasons group), merged repeats, warnings by kind, and what
reached the layers: events placed, attached to a country, outside their stated country.
The output is the Markdown table of ``docs/real_exports.md``.

Usage::

    python bench/check_exports.py EXPORT [EXPORT ...] [--ucdp-jsonl FILE --workdir DIR]

``--ucdp-jsonl`` turns the development set ``ucdp_ukraine_headlines.jsonl`` (UCDP GED
fields, one JSON object a line) into a GED-shaped CSV in ``--workdir`` (outside the
repository: the data is not ours to copy) and reads that too. The set has no ``country``
column (every event is in Ukraine, per its README): ``--ucdp-country`` names it.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from geomap.errors import GeomapError
from geomap.layers.build import build_layers
from geomap.model import Reject
from geomap.sources.read import read_events
from geomap.sources.report import ReadResult

#: GED columns the converted CSV carries, and the JSONL key each comes from ("" = none).
GED_FROM_JSONL = {
    "id": "id", "year": "", "type_of_violence": "type_of_violence", "side_a": "side_a",
    "side_b": "side_b", "source_headline": "text", "where_prec": "where_prec",
    "where_description": "where_description", "adm_1": "adm_1", "latitude": "lat",
    "longitude": "lon", "country": "", "date_prec": "date_prec", "date_start": "date_start",
    "date_end": "date_end", "best": "deaths_best", "low": "deaths_low", "high": "deaths_high",
}
_QUOTED = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\d[\d.,]*""")


def ged_csv_from_jsonl(source: Path, workdir: Path, country: str) -> Path:
    """Write ``source`` (UCDP GED fields as JSONL) as a GED-shaped CSV in ``workdir``."""
    workdir.mkdir(parents=True, exist_ok=True)
    target = workdir / (source.stem + ".ged.csv")
    with source.open(encoding="utf-8") as lines, target.open("w", newline="",
                                                             encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(GED_FROM_JSONL))
        writer.writeheader()
        for line in lines:
            record = json.loads(line)
            row = {column: record.get(key, "") if key else "" for column, key
                   in GED_FROM_JSONL.items()}
            row["year"] = str(record.get("date_start", ""))[:4]
            row["country"] = country
            writer.writerow(row)
    return target


def reason_kind(reject: Reject) -> str:
    """A reject's field and reason with the quoted values left out (``got …``)."""
    return f"{reject.field or '-'}: {_QUOTED.sub('…', reject.reason)}"


def tally(rejects: list[Reject], limit: int = 6) -> str:
    """The commonest kinds of ``rejects`` with their counts, for one table cell."""
    counts = Counter(reason_kind(r) for r in rejects)
    shown = [f"{n} × {kind}" for kind, n in counts.most_common(limit)]
    if len(counts) > limit:
        shown.append(f"{len(counts) - limit} other kinds")
    return "<br>".join(shown).replace("|", "\\|") or "–"


def in_layers(result: ReadResult) -> str:
    """Events in the layers / attached to a country / outside their stated country."""
    events = build_layers([result]).events
    if events is None or not len(events):
        return "0 / 0 / 0"
    attached = int((events["admin0_code"] != "").sum())
    outside = int((events["admin0_rule"] == "country_mismatch").sum())
    return f"{len(events):,} / {attached:,} / {outside:,}"


def row_of(path: Path, result: ReadResult) -> str:
    return (f"| `{path.name}` | {result.format} | {result.rows_read:,} | "
            f"{result.rows_accepted:,} | {result.rows_rejected:,} | {result.merged:,} | "
            f"{tally(result.rejects)} | {tally(result.warnings)} | {in_layers(result)} |")


def table(paths: list[Path]) -> list[str]:
    lines = ["| file | reader | rows read | accepted | rejected | merged | rejected by reason "
             "| warnings by kind | in layers / in a country / outside stated country |",
             "|---|---|---:|---:|---:|---:|---|---|---|"]
    for path in paths:
        try:
            lines.append(row_of(path, read_events(path)))
        except GeomapError as err:
            lines.append(f"| `{path.name}` | – | – | – | – | – | refused: {err} | – | – |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("exports", nargs="*", type=Path, help="export files to read")
    parser.add_argument("--ucdp-jsonl", type=Path, help="UCDP GED fields as JSONL")
    parser.add_argument("--ucdp-country", default="Ukraine",
                        help="country of every event of --ucdp-jsonl (default Ukraine)")
    parser.add_argument("--workdir", type=Path, help="where the converted CSV goes "
                        "(outside the repository)")
    args = parser.parse_args(argv)
    paths = list(args.exports)
    if args.ucdp_jsonl:
        if args.workdir is None:
            parser.error("--ucdp-jsonl needs --workdir (outside the repository)")
        paths.append(ged_csv_from_jsonl(args.ucdp_jsonl, args.workdir, args.ucdp_country))
    if not paths:
        parser.error("give at least one export, or --ucdp-jsonl")
    print("\n".join(table(paths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
