"""``publish`` on a dask cluster writes the same files, byte for byte, as in memory."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from geomap.publish.build import PublishOptions, publish_site
from tests.publish.conftest import acled_rows, write_acled

FILES = ("events.pmtiles", "counts.json", "areas.json", "site.json", "actors.json",
         "layers.json", "footprints.json", "index.html")


def _digests(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in FILES}


@pytest.mark.slow
def test_local_cluster_with_memory_limited_workers_matches_in_memory(tmp_path: Path,
                                                                     story_file: Path,
                                                                     sheet_file: Path) -> None:
    pytest.importorskip("distributed", reason="needs the dask extra: pip install 'geomap[dask]'")
    from geomap.publish.distributed import publish_on_dask

    rows = acled_rows(30_000, seed=11)
    source = write_acled(tmp_path / "acled.csv", rows)
    # a second export repeating every tenth event, one of them revised: found across
    # pieces in whichever worker read them (merged, or rejected naming the first)
    again = [*rows[::10][:-1], [*rows[-1][:-3], "77", *rows[-1][-2:]]]
    sources = [source, write_acled(tmp_path / "again.csv", again),
               story_file,  # a scenario's layers too (layers.json)
               sheet_file]  # and a sheet's own types (site.json's list)
    here = publish_site(sources, tmp_path / "memory", PublishOptions(chunk_bytes=4 << 20))
    # other pieces and bucket groups on the cluster: the files may not depend on either
    there = publish_on_dask(sources, tmp_path / "dask", PublishOptions(
        chunk_bytes=3 << 20, group_rows=2_000), workers=2, memory_limit="900MiB")
    assert there.events == here.events == 30_042
    assert [s.merged for s in there.sources] == [s.merged for s in here.sources] == [
        0, 2_999, 0, 0]
    assert there.rejects is not None and there.rejects.read_bytes() == (
        here.rejects.read_bytes() if here.rejects else b"")
    assert there.tiles == here.tiles
    assert _digests(tmp_path / "dask") == _digests(tmp_path / "memory")
    assert b'"relations":[{' in (tmp_path / "dask" / "layers.json").read_bytes()
    assert b'"name":"Checkpoint incident"' in (tmp_path / "dask" / "site.json").read_bytes()
