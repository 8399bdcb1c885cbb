"""The actors a published site's search finds (``actors.json``).

Tiles hold each event's actors as text, read only for the events on screen, so a search
over the whole site needs its own small table: each actor (actor 1 or actor 2 of an
event) with its events, fatalities, the box around its events and the countries where
it has most. Each piece of the input gives partial counts per actor and country
(:func:`actor_counts`); the main process adds them up (:func:`combine_actor_counts`) and
keeps the :data:`MAX_ACTORS` actors with most events (:func:`actors_json`). Sums, minima
and maxima do not depend on the order of the pieces, so the local and dask paths write
the same file.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geomap.publish.tiles import WORLD_BITS

#: Actors listed in ``actors.json``: those with most events. About 130 bytes each with
#: 50-character names (name, counts, box, countries): 0.53 MB, 0.13 MB gzip-compressed
#: (measured on 50,000 made-up names), fetched after the first view is drawn, never
#: before. ACLED's global export names tens of thousands of actors, most in a handful of
#: events: those are read in their events' popups, not searched site-wide.
MAX_ACTORS = 4000
#: Countries named for each actor (where it has most events).
TOP_COUNTRIES = 3
_KEYS = ["name", "cc"]
_SUMS = {"n": "sum", "f": "sum", "x0": "min", "y0": "min", "x1": "max", "y1": "max"}
#: The same sums over :func:`_side`'s columns, for pyarrow's group_by.
_ARROW_SUMS = [("n", "sum"), ("f", "sum"), ("x", "min"), ("y", "min"), ("x", "max"), ("y", "max")]


def actor_counts(records: pa.Table) -> pd.DataFrame:
    """Events, known fatalities and the box of their positions (tile units, ``x0 y0 x1
    y1``) per actor and country (``cc``: ISO alpha-2, "" where none) of a piece's records
    (:func:`geomap.publish.records.event_records`). An event counts once for each named
    actor, once when both sides name the same one. Grouped by pyarrow (0.2 s of CPU per
    million events; pandas' groupby of the strings took 1 s)."""
    second = pc.not_equal(records["a1"], records["a2"])
    sides = pa.concat_tables([_side(records, "a1"), _side(records, "a2").filter(second)])
    named = sides.filter(pc.not_equal(pc.utf8_trim_whitespace(sides["name"]), ""))
    grouped = named.group_by(_KEYS).aggregate(_ARROW_SUMS)
    frame = grouped.to_pandas().rename(columns={f"{key}_{how}": name for (key, how), name
                                                in zip(_ARROW_SUMS, _SUMS, strict=True)})
    return combine_actor_counts([frame])


def _side(records: pa.Table, actor: str) -> pa.Table:
    """One row per event: its actor ``actor`` (``a1`` or ``a2``), country, one event,
    known fatalities and position."""
    return pa.table({
        "name": records[actor], "cc": records["r0"],
        "n": pa.array(np.ones(records.num_rows, dtype=np.int64)),
        "f": pc.max_element_wise(records["f"], 0).cast(pa.int64()),
        "x": records["x"].cast(pa.int64()), "y": records["y"].cast(pa.int64())})


def combine_actor_counts(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Add up partial actor counts (the order of the parts does not matter)."""
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=[*_KEYS, *_SUMS])
    combined = frame.groupby(_KEYS, sort=True, as_index=False).agg(_SUMS)
    return combined.astype({key: np.int64 for key in _SUMS})


def actors_json(counts: pd.DataFrame) -> dict[str, Any]:
    """The site's actor table: the :data:`MAX_ACTORS` actors with most events (ties by
    name), each ``[name, events, fatalities, [south, west, north, east], [[country,
    events], ...]]`` with its :data:`TOP_COUNTRIES` main countries; and how many actors
    the events name in all (``total``)."""
    totals = counts.groupby("name", sort=True).agg(_SUMS).reset_index()
    totals = totals.sort_values(["n", "name"], ascending=[False, True], kind="stable")
    kept = totals.head(MAX_ACTORS)
    countries = counts[(counts["cc"] != "") & counts["name"].isin(kept["name"])]
    countries = countries.sort_values(["n", "cc"], ascending=[False, True], kind="stable")
    main = {name: [[cc, int(n)] for cc, n in zip(group["cc"], group["n"], strict=True)]
            for name, group in countries.groupby("name", sort=False).head(TOP_COUNTRIES)
            .groupby("name", sort=False)}
    rows = [[name, int(n), int(f), _box(x0, y0, x1, y1), main.get(name, [])]
            for name, n, f, x0, y0, x1, y1 in zip(
                kept["name"], kept["n"], kept["f"], kept["x0"], kept["y0"], kept["x1"],
                kept["y1"], strict=True)]
    return {"actors": rows, "total": len(totals), "limit": MAX_ACTORS}


def _box(x0: int, y0: int, x1: int, y1: int) -> list[float]:
    """South, west, north, east (degrees, 4 decimals) of a box in tile units."""
    size = float(1 << WORLD_BITS)
    lon = np.array([x0, x1 + 1]) / size * 360.0 - 180.0
    lat = np.degrees(np.arctan(np.sinh(np.pi * (1.0 - 2.0 * np.array([y1 + 1, y0]) / size))))
    return [round(float(v), 4) for v in (lat[0], lon[0], lat[1], lon[1])]
