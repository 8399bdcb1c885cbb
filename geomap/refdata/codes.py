"""Dataset code tables: ACLED, UCDP and GDELT event types and actor codes, column names.

Each table is a CSV file under ``geomap/data/`` written from the datasets' codebooks
(provenance in ``geomap/data/READERS.md``); the precision scales of the datasets are in
:mod:`geomap.precision`.
"""

from __future__ import annotations

import functools

from geomap.refdata._files import csv_records


@functools.cache
def acled_event_types() -> dict[str, tuple[str, str]]:
    """Case-folded ACLED event type of any generation -> (event type, sub-event type)."""
    rows = csv_records("acled_event_types.csv", ("name", "event_type"), ("sub_event_type",))
    return {r["name"].casefold(): (r["event_type"], r["sub_event_type"]) for r in rows}


@functools.cache
def acled_inter_codes() -> dict[str, int]:
    """ACLED actor category names (2024+ exports write names) -> ``inter`` code."""
    return {r["name"]: int(r["code"]) for r in csv_records("acled_inter.csv", ("name", "code"))}


@functools.cache
def cameo_event_types() -> dict[str, tuple[str, str]]:
    """CAMEO event code (root or base) -> (ACLED-like event type, label)."""
    return {r["code"]: (r["event_type"], r["label"])
            for r in csv_records("gdelt_cameo.csv", ("code", "event_type", "label"))}


@functools.cache
def ucdp_violence_types() -> dict[int, tuple[str, str]]:
    """UCDP ``type_of_violence`` -> (event type, sub-event type)."""
    rows = csv_records("ucdp_violence_types.csv", ("type_of_violence", "event_type"),
                       ("sub_event_type",))
    return {int(r["type_of_violence"]): (r["event_type"], r["sub_event_type"]) for r in rows}


@functools.cache
def column_aliases(dataset: str) -> dict[str, str]:
    """Lower-cased column name seen in files -> geomap's column, for one dataset
    (``acled``, ``ucdp``, ``gdelt`` or ``table``)."""
    return {r["alias"]: r["column"]
            for r in csv_records("source_columns.csv", ("dataset", "alias", "column"))
            if r["dataset"] == dataset}
