"""Differential tests: the fast paths of the readers decide exactly what the plain code did.

Each test states the plain definition (Python's strict UTF-8 decoder, the row-by-row
loop) and checks the vectorised code against it on generated input.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.sources import _encoding

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
