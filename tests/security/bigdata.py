"""A large ACLED export made in code, for the kill and concurrency tests.

Events fall in a grid over central Mali and eastern Ukraine (latitude != longitude, so a
swap leaves both countries); notes are ACLED-length so the map is several megabytes.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from tests.security.hostile import ACLED_COLUMNS

#: (iso numeric, country, admin1, south, west, cell size in degrees)
AREAS = [(466, "Mali", "Mopti", 15.0, -4.5, 0.05), (804, "Ukraine", "Donetsk", 47.5, 37.0, 0.02)]
TYPES = [("Battles", "Armed clash"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest")]


def acled_rows(count: int, seed: int = 8, tag: str = "") -> list[dict[str, str]]:
    """``count`` ACLED rows (2023+ layout); ``tag`` goes into every note."""
    rng = random.Random(seed)
    rows = []
    for k in range(count):
        iso, country, admin1, south, west, cell = AREAS[k % 2]
        kind, sub = TYPES[k % len(TYPES)]
        row = dict.fromkeys(ACLED_COLUMNS, "")
        row.update(
            event_id_cnty=f"{country[:3].upper()}{k + 1}",
            event_date=f"202{k % 4}-{k % 12 + 1:02d}-{k % 28 + 1:02d}", year=f"202{k % 4}",
            time_precision="1", disorder_type="Political violence", event_type=kind,
            sub_event_type=sub, actor1=f"Armed group {k % 37}", inter1="2",
            actor2=f"Civilians ({country})", inter2="7", interaction="27", iso=str(iso),
            region="Western Africa" if iso == 466 else "Europe", country=country,
            admin1=admin1, location=f"Place {k % 211}",
            latitude=f"{south + rng.randrange(40) * cell:.4f}",
            longitude=f"{west + rng.randrange(40) * cell:.4f}", geo_precision="1",
            source="Local media", source_scale="National",
            notes=f"On a day of 202{k % 4}, {tag} armed group {k % 37} attacked a village; "
                  + "residents fled towards the district centre. " * 3,
            fatalities=str(rng.randrange(6)), timestamp="1700000000",
        )
        rows.append(row)
    return rows


def write_big_acled(path: Path, count: int, seed: int = 8, tag: str = "") -> Path:
    """Write :func:`acled_rows` as an ACLED CSV export."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ACLED_COLUMNS)
        writer.writeheader()
        writer.writerows(acled_rows(count, seed, tag))
    return path
