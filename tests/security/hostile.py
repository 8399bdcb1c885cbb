"""Hostile input files made in code: an ACLED export, a generic table and a scenario whose
every text field carries a payload from ``xss_payloads.txt``.

Coordinates are asymmetric (northern Mali: latitude 15.2-18.8, longitude -4.5 to 0), one
place per payload, so every payload gets its own marker and popup.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from tests.sources._fixtures import ACLED_CURRENT

HERE = Path(__file__).resolve().parent
PAYLOADS = HERE / "xss_payloads.txt"
#: helper F1's corpus for the renderer's unit-level browser test; used too when present
RENDER_PAYLOADS = HERE.parent / "render" / "xss_payloads.txt"

_ESCAPE = re.compile(r"\\(\\|t|u[0-9a-fA-F]{4})")

ACLED_COLUMNS = ACLED_CURRENT  # the 2023+ export layout
TABLE_COLUMNS = ["id", "date", "type", "actor", "location", "lat", "lon", "notes", "source",
                 "url"]


def _unescape(line: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code == "\\":
            return "\\"
        if code == "t":
            return "\t"
        return chr(int(code[1:], 16))

    return _ESCAPE.sub(one, line)


def read_corpus(path: Path) -> list[str]:
    """The payloads of one corpus file (comments and blank lines skipped, escapes decoded)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return [_unescape(line) for line in lines if line.strip() and not line.startswith("## ")]


def load_payloads(include_render: bool = True) -> list[str]:
    """Our corpus, then the renderer's corpus (when present) without repeats."""
    payloads = read_corpus(PAYLOADS)
    if include_render and RENDER_PAYLOADS.exists():
        payloads += [p for p in read_corpus(RENDER_PAYLOADS) if p not in payloads]
    return payloads


def long_payloads() -> list[str]:
    """Very long strings: 200 kB of markup, and a 20,000-character unbroken word."""
    return ["<script>window.__pwned=90</script>" * 6000,
            "A" * 20_000 + "<img src=x onerror=window.__pwned=91>"]


def position(k: int) -> tuple[float, float]:
    """(lat, lon) of the k-th hostile event (k < 400): a grid inside northern Mali."""
    return round(15.2 + (k % 19) * 0.2, 4), round(-4.5 + (k // 19) * 0.2, 4)


def _acled_row(k: int, text: str) -> dict[str, str]:
    lat, lon = position(k)
    row = dict.fromkeys(ACLED_COLUMNS, "")
    row.update(
        event_id_cnty=f"MLI{k + 1}", event_date=f"2024-02-{k % 28 + 1:02d}", year="2024",
        time_precision="1", disorder_type="Political violence", event_type="Battles",
        sub_event_type="Armed clash", actor1=text, assoc_actor_1=text, inter1="1",
        actor2=text, inter2="2", interaction="12", iso="466", region="Western Africa",
        country="Mali", admin1="Gao", location=text, latitude=str(lat), longitude=str(lon),
        geo_precision="1", source=text, source_scale="National", notes=text,
        fatalities=str(k % 5), timestamp="1700000000",
    )
    return row


def write_acled(path: Path, payloads: list[str]) -> Path:
    """An ACLED export (2023+ layout), one event per payload in every text column.

    NUL bytes are dropped here: the CSV readers refuse NUL as binary data (tested in
    ``tests/sources``).
    """
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ACLED_COLUMNS)
        writer.writeheader()
        for k, text in enumerate(payloads):
            writer.writerow(_acled_row(k, text.replace("\x00", "")))
    return path


def write_table(path: Path, payloads: list[str], first: int = 160) -> Path:
    """A generic CSV whose ``url`` (and notes, actor, place, source) columns are payloads."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(TABLE_COLUMNS)
        for k, text in enumerate(payloads):
            lat, lon = position(first + k)
            clean = text.replace("\x00", "")
            writer.writerow([f"T{k + 1}", f"2024-03-{k % 28 + 1:02d}", "Battles", clean,
                             clean, lat, lon, clean, clean, clean])
    return path


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=True)


def scenario_yaml(payloads: list[str], first: int = 320) -> str:
    """A scenario: payloads in the title, subtitle, description, source titles and URLs,
    place and actor names, event notes and relation descriptions.

    NUL characters are dropped here too: every reader refuses them (a scenario's
    ``\\0`` was cut by the layer files), tested in ``tests/sources``."""
    payloads = [text.replace("\x00", "") for text in payloads]
    lines = [f"title: {_q(payloads[0])}", f"subtitle: {_q(payloads[1])}",
             f"description: {_q(payloads[2])}", "regions: [sahel]", "sources:"]
    for k, text in enumerate(payloads):
        url = "https://example.org/" + text.replace("\n", " ")
        lines.append(f"  - {{id: s{k}, title: {_q(text)}, url: {_q(url)}, "
                     f"publisher: {_q(text)}}}")
    lines.append("places:")
    for k, text in enumerate(payloads):
        lat, lon = position(first + k)
        lines.append(f"  - {{id: p{k}, name: {_q(text)}, lat: {lat}, lon: {lon}, "
                     f"country: ML, note: {_q(text)}}}")
    lines.append("actors:")
    for k, text in enumerate(payloads):
        lines.append(f"  - {{id: a{k}, name: {_q(text)}, kind: armed_group, place: p{k}, "
                     f"description: {_q(text)}}}")
    lines.append("events:")
    for k, text in enumerate(payloads):
        target = (k + 1) % len(payloads)
        lines.append(f"  - {{id: e{k}, date: 2024-04-{k % 28 + 1:02d}, type: Battles, "
                     f"sub_type: {_q(text)}, actors: [a{k}], targets: [a{target}], "
                     f"place: p{k}, fatalities: {k}, fatalities_claimed_by: a{k}, "
                     f"notes: {_q(text)}, sources: [s{k}]}}")
    lines.append("relations:")
    for k, text in enumerate(payloads[:10]):
        lines.append(f"  - {{id: r{k}, source: a{k}, target: a{k + 1}, kind: support, "
                     f"claimed_by: a{k}, description: {_q(text)}, sources: [s{k}]}}")
    return "\n".join(lines) + "\n"


def write_scenario(path: Path, payloads: list[str]) -> Path:
    """Write :func:`scenario_yaml` to ``path``."""
    path.write_text(scenario_yaml(payloads), encoding="utf-8")
    return path
