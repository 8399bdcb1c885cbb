"""Event files for the publish tests, made in code."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from geomap.publish.build import PublishOptions, publish_site

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
           "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2",
           "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region",
           "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
           "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
           "timestamp"]
# (lon, lat, spread, iso numeric, country, location): asymmetric, lon != lat everywhere
PLACES = [(36.23, 49.99, 0.05, 804, "Ukraine", "Kharkiv"),
          (37.80, 48.01, 0.30, 804, "Ukraine", "Donetsk"),
          (-3.01, 16.77, 0.20, 466, "Mali", "Timbuktu"),
          (-1.53, 12.37, 0.40, 854, "Burkina Faso", "Ouagadougou"),
          (13.18, 32.89, 0.10, 434, "Libya", "Tripoli")]
TYPES = [("Battles", "Armed clash"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"),
         ("Riots", "Mob violence"), ("Strategic developments", "Arrests")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
#: Text a popup must show as text, never run.
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> {{7*7}}'


def acled_rows(rows: int, seed: int = 7) -> list[list[str]]:
    """``rows`` ACLED export rows around the PLACES, 2019-2023, with varied precisions."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(rows):
        lon, lat, spread, iso, country, location = PLACES[int(rng.integers(len(PLACES)))]
        kind, sub = TYPES[int(rng.integers(len(TYPES)))]
        year, month = 2019 + int(rng.integers(5)), int(rng.integers(12))
        day = 1 + int(rng.integers(28))
        precision = str(int(rng.choice([1, 1, 1, 2, 3])))
        notes = f"Event {i} near {location}: a report.\nSecond line of the note."
        out.append([f"X{i + 1}", f"{day} {MONTHS[month]} {year}", str(year),
                    str(int(rng.choice([1, 1, 2, 3]))), "Political violence", kind, sub,
                    f"Actor {i % 7}", "", "1", f"Other actor {i % 5}", "", "2", "12", "",
                    str(iso), "Region", country, "Province", location, "", location,
                    f"{lat + rng.normal(0, spread):.4f}", f"{lon + rng.normal(0, spread):.4f}",
                    precision, "Local source", "National", notes, str(int(rng.poisson(1.5))),
                    "", "1700000000"])
    return out


def with_a_stray_event(rows: list[list[str]], index: int = 7) -> list[list[str]]:
    """``rows`` with row ``index`` moved to Cape Town (an exact point): one event far from
    all the others, which a map's or a site's opening frame leaves out."""
    stray = rows[index]
    stray[COLUMNS.index("iso")], stray[COLUMNS.index("country")] = "710", "South Africa"
    stray[COLUMNS.index("latitude")], stray[COLUMNS.index("longitude")] = "-33.9249", "18.4241"
    stray[COLUMNS.index("geo_precision")] = "1"
    return rows


def write_acled(path: Path, rows: list[list[str]]) -> Path:
    return _write_csv(path, COLUMNS, rows)


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="session")
def acled_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 events, one with hostile text, one with a bad latitude (a reject)."""
    rows = acled_rows(3000)
    rows[10][COLUMNS.index("notes")] = HOSTILE
    rows[10][COLUMNS.index("actor1")] = HOSTILE
    rows[20][COLUMNS.index("latitude")] = "not a number"
    return write_acled(tmp_path_factory.mktemp("publish") / "acled.csv", rows)


@pytest.fixture(scope="session")
def published_site(acled_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site published from ``acled_file`` once, for the browser tests that only read it."""
    folder = tmp_path_factory.mktemp("published-site")
    publish_site([acled_file], folder)
    return folder


@pytest.fixture(scope="session")
def dense_site(acled_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``acled_file`` published with tiles of at most 150 events: density squares where a
    place's 600 events gather (at the default 1,000 each place is a leaf by zoom 6)."""
    from geomap.publish import tiles

    folder = tmp_path_factory.mktemp("dense-site")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tiles, "EVENTS_PER_TILE", 150)
        publish_site([acled_file], folder, PublishOptions(workers=1))  # the patch applies
    return folder


#: A story made in code: a named region, three actors, two events and two relations, with
#: relations dated far apart (the time filter) and hostile text in one description.
STORY = f"""
title: "Two towns, two years"
subtitle: "A story for the publish tests"
regions: [sahel]
sources:
  - {{id: report, title: "A report", publisher: "A paper"}}
places:
  - {{id: gao, name: Gao, lat: 16.2717, lon: -0.0447, country: ML, precision: exact}}
  - {{id: kidal, name: Kidal, lat: 18.4411, lon: 1.4078, country: ML, precision: exact}}
  - {{id: niamey, name: Niamey, lat: 13.5116, lon: 2.1254, country: NE, precision: exact}}
actors:
  - {{id: army, name: Army of the Story, kind: armed_forces, country: ML, place: gao}}
  - {{id: rebels, name: Rebels of the Story, kind: armed_group, country: ML, place: kidal}}
  - {{id: neighbour, name: Neighbour State, kind: state, country: NE, place: niamey}}
events:
  - {{id: clash-2019, date: 2019-03-10, type: Battles, sub_type: Armed clash,
     actors: [rebels], targets: [army], place: kidal, fatalities: 4, sources: [report]}}
  - {{id: talks-2023, date: 2023-06-02, type: Strategic developments, sub_type: Agreement,
     actors: [army], targets: [neighbour], place: niamey, sources: [report]}}
relations:
  - {{id: rebels-attack, source: rebels, target: army, kind: attack, date: 2019-03-10,
     description: {json.dumps(HOSTILE)}, sources: [report]}}
  - {{id: neighbour-supports, source: neighbour, target: army, kind: support, date: 2023-06,
     description: "Support agreed at the talks.", sources: [report]}}
"""


@pytest.fixture(scope="session")
def story_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scenario file (:data:`STORY`)."""
    path = tmp_path_factory.mktemp("story") / "story.yaml"
    path.write_text(STORY, encoding="utf-8")
    return path


#: An incident sheet's columns (a taxonomy of its own: no ACLED or UCDP type).
SHEET_COLUMNS = ["event_id", "event_date", "event_type", "latitude", "longitude",
                 "fatalities", "notes"]


def sheet_rows(types: list[str], first: int = 0, lat: float = 49.99, lon: float = 36.23
               ) -> list[list[str]]:
    """An incident sheet's rows, one per entry of ``types``, as exact points a little
    apart around (``lat``, ``lon``) (asymmetric), dated over the first half of 2024."""
    return [[f"N{first + i}", f"2024-{1 + i % 6:02d}-{10 + i % 15:02d}", kind,
             f"{lat + 0.0007 * (i % 40):.4f}", f"{lon + 0.0011 * (i // 40):.4f}", str(i % 3),
             f"Incident {first + i}"] for i, kind in enumerate(types)]


def write_sheet(path: Path, rows: list[list[str]]) -> Path:
    return _write_csv(path, SHEET_COLUMNS, rows)


#: A sheet's three own types, each this many times (most events first).
OWN_TYPES = {"Kidnapping": 20, "IED": 12, "Checkpoint incident": 8}


@pytest.fixture(scope="session")
def sheet_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An incident sheet of :data:`OWN_TYPES`, interleaved (the least frequent first)."""
    kinds = [kind for k in range(20) for kind, n in reversed(OWN_TYPES.items()) if k < n]
    return write_sheet(tmp_path_factory.mktemp("sheet") / "sheet.csv", sheet_rows(kinds))
