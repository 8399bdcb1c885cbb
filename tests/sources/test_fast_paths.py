"""Differential tests: the fast paths of the readers decide exactly what the plain code did.

Each test states the plain definition (Python's strict UTF-8 decoder, the row-by-row
loop) and checks the vectorised code against it on generated input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.errors import PlaceNotFound
from geomap.model import Place
from geomap.precision import Precision
from geomap.sources import _encoding, tabular
from geomap.sources.read import read_events

PIECES = [b"a", b",", b"\n", b"\x00", "é".encode(), "€".encode(), "𝄞".encode(), b"\xe9",
          b"\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc3", b"\xe2\x82", b"\xc0\xaf"]


def plain_scan(data: bytes) -> tuple[int, bool] | None:
    """The definition: valid UTF-8 as Python decodes it, its lines and NUL bytes."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1), b"\x00" in data


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=40),
       chunk=st.integers(1, 9))
def test_utf8_scan_agrees_with_python_across_chunk_edges(
        pieces: list[bytes], chunk: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = Path(tmp_path_factory.mktemp("scan")) / "data.csv"
    data = b"".join(pieces)
    path.write_bytes(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_encoding, "_SCAN_SIZE", chunk)  # characters cut at every position
        assert _encoding._utf8_scan(path) == plain_scan(data)


# --- geocoding a names-only table: once per distinct (place, country) ---------------------

KNOWN = {"Gao": (16.2717, -0.0447, "ML", Precision.EXACT),
         "Kharkiv": (49.9935, 36.2304, "UA", Precision.ADM1),
         "Tripoli": (32.8872, 13.1913, "LY", Precision.EXACT)}


class CountingGeocoder:
    """Knows three places (asymmetric coordinates), refuses the rest; logs its calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None]] = []

    def resolve(self, query: str, country: str | None = None) -> Place:
        self.calls.append((query, country))
        if query in KNOWN and country in (None, KNOWN[query][2]):
            lat, lon, code, precision = KNOWN[query]
            return Place(query, lat, lon, country_code=code, precision=precision)
        raise PlaceNotFound(query, sorted(KNOWN))


def plain_geocode(checks: Any, context: Any, location: pd.Series, iso: pd.Series
                  ) -> dict[str, pd.Series]:
    """The row-by-row definition (geomap's code before issue 17)."""
    frame = checks.frame
    for name in ("latitude", "longitude"):
        if name not in frame.columns:
            frame[name] = ""
    lat, lon = checks.text("latitude"), checks.text("longitude")
    need = (lat.isna() & lon.isna() & location.notna()).to_numpy()
    result = {"iso": pd.Series(None, index=frame.index, dtype="str"),
              "precision": pd.Series(pd.NA, index=frame.index, dtype="Int8")}
    if not need.any():
        return result
    places = [context.resolve(n, c if isinstance(c, str) else None)
              for n, c in zip(location[need], iso[need], strict=True)]
    failed = [isinstance(p, str) for p in places]
    messages = iter([p for p in places if isinstance(p, str)])
    mask = need.copy()
    mask[need] = failed
    checks.reject(mask, "location", lambda v: f"expected a place the gazetteer knows, got "
                  f"{v!r}: {next(messages)}", location)
    found = need.copy()
    found[need] = [not f for f in failed]
    ok = [p for p in places if not isinstance(p, str)]
    frame.loc[found, "latitude"] = [str(p.lat) for p in ok]
    frame.loc[found, "longitude"] = [str(p.lon) for p in ok]
    result["iso"].loc[found] = [p.country_code for p in ok]
    result["precision"].loc[found] = [int(p.precision) for p in ok]
    return result


place_rows = st.lists(st.tuples(
    st.sampled_from(["Gao", "Kharkiv", "Tripoli", "Atlantis", " Gao ", "", "gao"]),
    st.sampled_from(["", "Mali", "Ukraine", "Libya", "Narnia"]),
    st.sampled_from(["", "", "", "48.1,37.5", "91,0"]),
    st.sampled_from(["2024-03-01", "2024-13-01", ""])), min_size=1, max_size=30)


def read_both(path: Path, hint: str | None) -> list[tuple[Any, list[tuple[str, str | None]]]]:
    out = []
    for geocode in (plain_geocode, tabular._geocode):
        geocoder = CountingGeocoder()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(tabular, "_geocode", geocode)
            out.append((read_events(path, "csv", geocoder=geocoder, country_hint=hint),
                        geocoder.calls))
    return out


@settings(max_examples=60, deadline=None)
@given(rows=place_rows, hint=st.sampled_from([None, "ua", "ml"]))
def test_geocoding_distinct_places_once_changes_no_row(
        rows: list[tuple[str, str, str, str]], hint: str | None,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    path = Path(tmp_path_factory.mktemp("names")) / "names.csv"
    lines = ["date,location,country,lat,lon"]
    lines += [f'{day},"{name}",{country},{(point or ",").replace(",", ",", 1)}'
              for name, country, point, day in rows]
    path.write_text("\n".join(lines) + "\n")
    (plain, plain_calls), (fast, fast_calls) = read_both(path, hint)
    pd.testing.assert_frame_equal(fast.frame, plain.frame)
    assert fast.rejects == plain.rejects
    assert fast.warnings == plain.warnings
    assert fast.geocoded == plain.geocoded
    assert fast_calls == list(dict.fromkeys(plain_calls))  # each distinct pair once, in order
