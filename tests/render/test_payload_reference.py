"""The vectorised events encoder against a row-by-row reference of the same format.

``encode_events`` factorises columns, builds place labels per distinct place and writes
integer columns as numpy arrays; the reference below walks the rows one at a time, as the
format is described in ``geomap/render/payload.py``. Both must give the same JSON text
(hence the same page) on random frames full of hostile text.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from typing import Any

import numpy as np
import pandas as pd
import pytest

from geomap.model import Source
from geomap.precision import Precision
from geomap.render.payload import (
    _clean,
    _compact,
    _located,
    _place_labels,
    _text_array,
    display_types,
    encode_events,
)
from geomap.render.popups import json_for_script, source_entries
from geomap.render.styles import ucdp_type_names
from geomap.render.timefilter import date_intervals

HOSTILE = [
    'say "hi"', "</script><script>alert(1)</script>", "a\x00b", "\u202eevil\u202c",
    "مرحبا بالعالم", "line\u2028break\u2029", "  padded\t", "\u3000wide space\u3000",
    "nan", "NaT", "NA", "None", "<!--", "x & y > z", "Gao", "Gao ", "Mopti", "", " ",
    "\\u003c", "emoji 🙂", "tab\tinside", "back\\slash",
]
SURROGATE = "lone \ud800 surrogate"  # only in columns kept as Python objects
TYPES = ["Battles", "Riots", "Protests", "State-based conflict", " Battles", "", "Other thing"]
SUB_TYPES = ["Armed clash", "State-based conflict", "Non-state conflict", "One-sided violence",
             "Attack", ""]
SOURCES = {"Reuters": Source("Reuters", "Reuters wire", "https://example.org/r"),
           "bad": Source("bad", "Bad </script>", "javascript:alert(1)")}


def hostile_frame(seed: int, rows: int = 400, *, ids_match: bool = True,
                  missing_dates: bool = False, surrogate_places: bool = False) -> pd.DataFrame:
    rng = random.Random(seed)

    def pick(pool: list[Any], missing: float = 0.1) -> list[Any]:
        return [rng.choice([None, float("nan")]) if rng.random() < missing else rng.choice(pool)
                for _ in range(rows)]

    texts = [*HOSTILE, SURROGATE]
    ids = [f"{rng.choice(['MLI', 'NER', 'X y', ''])}{rng.randrange(0, 10**6)}"
           for _ in range(rows)]
    if not ids_match:
        ids[rng.randrange(rows)] = "id-with-</script>-007"
    dates = [f"2024-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}" for _ in range(rows)]
    if missing_dates:
        dates = [None if rng.random() < 0.2 else d for d in dates]
    frame = pd.DataFrame({
        "event_id": ids, "event_date": dates,
        "time_precision": pick([1, 2, 3, 4, 5, 6], 0.2),
        "event_type": pick(TYPES, 0.05), "sub_event_type": pick(SUB_TYPES, 0.1),
        "dataset": pick(["acled", "ucdp", " ucdp", "scenario"], 0.1),
        "latitude": [rng.uniform(-95, 95) for _ in range(rows)],
        "longitude": [rng.uniform(-185, 185) for _ in range(rows)],
        "geo_precision": pick([1, 2, 3, 4, 5, 6], 0.1),
        "fatalities": pick([0, 1, 7, 120], 0.2), "fatalities_low": pick([0, 3], 0.5),
        "fatalities_high": pick([5, 9], 0.5),
        "notes": pick(HOSTILE, 0.2),
        "admin1_code": pick(["ML-7", "ML-5", " ML-7", "XX-9"], 0.2),
        "admin0_code": pick(["ML", "NE", "ml"], 0.1),
    })
    pools = {"source": ["Reuters", "bad", "Reuters; local radio", " Reuters", *texts],
             "source_url": ["https://example.org/a", "javascript:alert(1)", *texts]}
    for name in ("source", "source_url", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2",
                 "fatalities_claimed_by", "location", "admin2", "admin1", "country"):
        # Python objects: pandas' own strings cannot hold a lone surrogate
        frame[name] = pd.Series(pick(pools.get(name, texts), 0.3), dtype=object)
    if not surrogate_places:
        for name in ("location", "admin2", "admin1", "country"):
            frame[name] = frame[name].replace(SURROGATE, "Kidal")
    # two halves: pandas' pyarrow-backed columns then hold several chunks, as a reader's do
    return pd.concat([frame.iloc[: rows // 2], frame.iloc[rows // 2:]], ignore_index=True)


def reference_encode(events: Any, sources: dict[str, Source], admin1: dict[str, int],
                     admin0: dict[str, int], include_notes: bool,
                     type_names: list[str] | None, files: Any = None) -> dict[str, Any]:
    """The events payload made one row at a time (the format, without the speed)."""
    located = _located(events)
    frame = located.reset_index(drop=True)
    n, strings, where = len(frame), [], {}

    def add(value: str) -> int:
        if value and value not in where:
            where[value] = len(strings)
            strings.append(value)
        return where[value] + 1 if value else 0

    def raw(name: str) -> list[Any]:
        return list(frame[name]) if name in frame else [None] * n

    def text(name: str) -> list[str]:
        return _text_array(frame[name]).to_pylist() if name in frame else [""] * n

    def missing(value: Any) -> bool:
        return value is None or (isinstance(value, float) and value != value)

    def numbers(name: str, default: int) -> list[int]:
        return [default if missing(v) else int(v) for v in raw(name)]

    data: dict[str, Any] = {"n": n}
    ids = text("event_id")
    matches = [re.fullmatch(r"([^0-9]*?)(0|[1-9][0-9]{0,14})", i) for i in ids]
    if n and all(matches):
        data["idp"] = [add(_clean(m[1])) for m in matches]  # type: ignore[index]
        data["idn"] = [int(m[2]) for m in matches]  # type: ignore[index]
    else:
        data["id"] = ids
    data.update(scale=10_000, y=[round(v * 10_000) for v in frame["latitude"]],
                x=[round(v * 10_000) for v in frame["longitude"]])
    day, start, end = (list(a) for a in date_intervals(frame))
    base = int(min((d for d in day if d == d), default=0))
    for key, values in (("d", [d - base for d in day]), ("lo", [d - s for d, s in
                                                               zip(day, start, strict=True)]),
                        ("hi", [e - d for d, e in zip(day, end, strict=True)])):
        data[key] = [int(v) if v == v else None for v in values]
    data["base"] = base
    data["dp"] = numbers("time_precision", 1)
    names = reference_display_types(frame)
    if type_names is None:
        type_names = [name for name, _ in Counter(n for n in names if n).most_common()]
    data["t"] = [type_names.index(t) if t in type_names else len(type_names) for t in names]
    data["p"] = numbers("geo_precision", int(Precision.EXACT))
    data["f"] = numbers("fatalities", -1)
    for key, name in (("fl", "fatalities_low"), ("fh", "fatalities_high")):
        if name in frame and not all(missing(v) for v in raw(name)):
            data[key] = numbers(name, -1)
    for key, name in (("st", "sub_event_type"), ("a1", "actor1"), ("x1", "assoc_actor_1"),
                      ("a2", "actor2"), ("x2", "assoc_actor_2"),
                      ("fc", "fatalities_claimed_by")):
        data[key] = [add(_clean(v)) for v in raw(name)]
    places = zip(*(raw(name) for name in ("location", "admin2", "admin1", "country")),
                 strict=True)
    data["pl"] = [add(", ".join(dict.fromkeys(p for p in map(_clean, row) if p)))
                  for row in places]
    entries: list[Any] = []
    by_name: dict[Any, int] = {}
    for value in raw("source"):
        if not missing(value) and value not in by_name:
            found = source_entries(_clean(value), sources)
            by_name[value] = len(entries) if found else -1
            entries += [found] if found else []
    data["src"] = [-1 if missing(v) else by_name[v] for v in raw("source")]
    data["srcs"] = entries
    data["url"] = [add(_clean(v)) for v in raw("source_url")]
    data["ds"] = [add(_clean(v)) for v in raw("dataset")]
    if files is not None and len(set(files)) > 1:
        kept = [file for file, row in zip(files, events.index, strict=True)
                if row in set(located.index)]
        data["sf"] = [add(str(file).replace("\\", "/").rsplit("/", 1)[-1]) for file in kept]
    data["r1"] = [-1 if missing(v) else admin1.get(_clean(v), -1) for v in raw("admin1_code")]
    data["r0"] = [-1 if missing(v) else admin0.get(_clean(v), -1) for v in raw("admin0_code")]
    if include_notes and "notes" in frame:
        data["notes"] = text("notes")
    data["s"] = strings
    return {key: value for key, value in _in_encoder_order(data).items()
            if key not in ("st", "a1", "x1", "a2", "x2", "fc", "pl", "url", "ds", "sf", "lo",
                           "hi")
            or any(value)}


def reference_display_types(frame: Any) -> list[str]:
    """Each row's type: UCDP's own type of violence for UCDP rows, else ``event_type``."""
    def text(name: str) -> list[str]:
        return _text_array(frame[name]).to_pylist() if name in frame else [""] * len(frame)

    names = text("event_type")
    ucdp = set(ucdp_type_names())
    for i, (dataset, sub) in enumerate(zip(text("dataset"), text("sub_event_type"),
                                           strict=True)):
        if dataset == "ucdp" and sub in ucdp:
            names[i] = sub
    return names


def _in_encoder_order(data: dict[str, Any]) -> dict[str, Any]:
    order = ["n", "idp", "idn", "id", "scale", "y", "x", "base", "d", "lo", "hi", "dp", "t",
             "p", "f", "fl", "fh", "st", "a1", "x1", "a2", "x2", "fc", "pl", "src", "srcs",
             "url", "ds", "sf", "r1", "r0", "notes", "s"]
    return {key: data[key] for key in order if key in data}


@pytest.mark.parametrize(("seed", "ids_match", "missing_dates", "notes", "types"), [
    (1, True, False, True, None),
    (2, False, True, True, None),
    (3, True, True, False, ["Riots", "Battles"]),
    (4, True, False, True, []),
])
def test_encoder_writes_the_reference_json(seed, ids_match, missing_dates, notes, types):
    frame = hostile_frame(seed, ids_match=ids_match, missing_dates=missing_dates)
    indexes = ({"ML-7": 0, "ML-5": 1}, {"ML": 0, "NE": 1})
    encoded = encode_events(frame, SOURCES, *indexes, notes, types)
    expected = reference_encode(frame, SOURCES, *indexes, notes, types)
    assert json_for_script(encoded) == json_for_script(expected)
    assert "</script>" not in json_for_script(encoded)


def test_the_files_of_several_are_sent_by_name_beside_the_dataset():
    """A map of several files (``geomap build a.csv b.csv``): each event's file by its
    name, no folder, for the page's source filter and export; one file: none sent."""
    frame = hostile_frame(10, rows=60)
    frame["dataset"] = ["acled", "ucdp", None] * 20
    files = np.array(["/data/in/a.csv", "/data/in/b.csv", "/data/in/a.csv"] * 20, dtype=object)
    frame.loc[5, "latitude"] = float("nan")  # not drawn: its file is not sent either
    encoded = encode_events(frame, {}, {}, {}, True, None, files=files)
    strings = encoded["s"]
    assert [strings[k - 1] for k in encoded["sf"][:3]] == ["a.csv", "b.csv", "a.csv"]
    assert [strings[k - 1] if k else "" for k in encoded["ds"][:3]] == ["acled", "ucdp", ""]
    assert len(encoded["sf"]) == len(encoded["ds"]) == encoded["n"] < 60
    assert not any("/data/in" in text for text in strings)
    assert (json_for_script(encoded)
            == json_for_script(reference_encode(frame, {}, {}, {}, True, None, files)))
    one = encode_events(frame, {}, {}, {}, True, None, files=np.array(["/x/a.csv"] * 60))
    assert "sf" not in one and "ds" in one


def test_places_with_a_lone_surrogate_are_encoded():
    # a YAML scenario can hold one ("\ud800"); pyarrow strings cannot, so the places are
    # told apart as Python objects
    frame = hostile_frame(7, surrogate_places=True)
    encoded = encode_events(frame, SOURCES, {}, {}, True, None)
    assert SURROGATE in encoded["s"]
    assert (json_for_script(encoded)
            == json_for_script(reference_encode(frame, SOURCES, {}, {}, True, None)))


def test_encoder_matches_the_reference_without_optional_columns():
    frame = hostile_frame(5, rows=50).drop(columns=["admin2", "country", "fatalities_low",
                                                    "fatalities_high", "dataset"])
    frame["actor2"] = None
    encoded = encode_events(frame, {}, {}, {}, True, None)
    expected = reference_encode(frame, {}, {}, {}, True, None)
    assert "a2" not in encoded
    assert json_for_script(encoded) == json_for_script(expected)


def test_display_types_of_every_row():
    frame = hostile_frame(8)  # all rows, their text columns in several pyarrow chunks
    assert display_types(frame).tolist() == reference_display_types(frame)
    without = frame.drop(columns=["dataset"])
    assert display_types(without).tolist() == reference_display_types(without)


def test_encoder_matches_the_reference_on_no_rows():
    frame = hostile_frame(6, rows=5).iloc[:0]
    assert (json_for_script(encode_events(frame, {}, {}, {}, True, None))
            == json_for_script(reference_encode(frame, {}, {}, {}, True, None)))


@pytest.mark.parametrize("values", [[], [0], [-3, 12, 2**62, -(2**63)], list(range(-5, 700))])
def test_integer_arrays_are_written_as_json_lists(values):
    data = {"a": np.asarray(values, dtype="int64"), "b": {"c": np.asarray(values[::-1])},
            "d": [1, "x"], "ε": None, "f": np.asarray([0.5, 2.0])}
    as_lists = {"a": values, "b": {"c": values[::-1]}, "d": [1, "x"], "ε": None,
                "f": [0.5, 2.0]}
    assert json_for_script(data) == json_for_script(as_lists)
    assert json_for_script(as_lists) == json.dumps(as_lists, ensure_ascii=False,
                                                   separators=(",", ":"))


def test_dicts_with_number_keys_are_written_as_json_writes_them():
    data = {"labels": {1: "exact", 2: "near"}, "x": np.asarray([1, 2], dtype="uint16")}
    assert json_for_script(data) == '{"labels":{"1":"exact","2":"near"},"x":[1,2]}'


def test_place_labels_of_many_distinct_places_are_the_row_by_row_ones():
    # Four columns of 60,000 distinct values each: the combined key of the four codes
    # would overflow 64 bits, so the encoder numbers the places part way.
    rng = np.random.default_rng(3)
    rows = 60_000
    frame = pd.DataFrame({name: [f"{name} {v}" for v in rng.permutation(rows)]
                          for name in ("location", "admin2", "admin1", "country")})
    frame.loc[::7, "admin2"] = None
    frame.loc[::5, "admin1"] = frame.loc[::5, "location"]  # a repeated part is shown once
    frame = pd.concat([frame, frame.iloc[::3]], ignore_index=True)
    expected = [", ".join(dict.fromkeys(p for p in map(_clean, row) if p))
                for row in frame.itertuples(index=False)]
    assert _place_labels(frame).tolist() == expected


def test_integer_columns_are_compact_and_hold_the_reference_values():
    frame = hostile_frame(9)
    frame["event_id"] = [f"EV{n}" for n in range(70_000, 70_000 + len(frame))]
    encoded = encode_events(frame, SOURCES, {"ML-7": 0}, {"ML": 0}, False, None)
    expected = reference_encode(frame, SOURCES, {"ML-7": 0}, {"ML": 0}, False, None)
    arrays = {key: value for key, value in encoded.items() if isinstance(value, np.ndarray)}
    assert {"idn", "x", "y", "t", "r1", "r0"} <= set(arrays)
    for key, values in arrays.items():
        assert values.tolist() == list(expected[key]), key
    # ids past 65,535 and coordinates of ±180 * 10,000 need 32 bits; types and areas 8
    assert arrays["idn"].dtype == np.int32 and arrays["x"].dtype == np.int32
    assert arrays["t"].dtype == arrays["r1"].dtype == arrays["r0"].dtype == np.int8


@pytest.mark.parametrize(("values", "dtype"), [
    ([-128, 127], "int8"), ([-1, 128], "int16"), ([-129, 0], "int16"),
    ([32_768], "int32"), ([-(2**31)], "int32"), ([2**31], "int64"), ([-(2**63)], "int64"),
])
def test_compact_takes_the_smallest_type_that_holds_the_values(values, dtype):
    columns = _compact({"a": np.asarray(values, dtype="int64"), "b": np.asarray([], "int64"),
                        "c": [1, 2]})
    assert columns["a"].dtype == np.dtype(dtype) and columns["a"].tolist() == values
    assert columns["b"].dtype == np.int64 and columns["c"] == [1, 2]
