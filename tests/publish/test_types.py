"""A site lists a sheet's own event types by name, as the single page does: one list per
publish (``site.json``'s ``types``), used by the tiles, counts and histogram."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from geomap.publish.build import PublishOptions, publish_site
from geomap.publish.records import OTHER, OWN_TYPES_LIMIT, OWN_TYPES_START
from geomap.render.styles import type_styles
from tests.publish.conftest import OWN_TYPES, sheet_rows, write_sheet
from tests.publish.test_site_browser import _events


def _meta(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "site.json").read_text(encoding="utf-8"))


def _per_type(folder: Path) -> dict[str, int]:
    """Events per type name, from counts.json and site.json's list."""
    counts = json.loads((folder / "counts.json").read_text(encoding="utf-8"))
    names = [entry["name"] for entry in _meta(folder)["types"]]
    found: Counter[str] = Counter()
    for t, n in zip(counts["t"], counts["n"], strict=True):
        found[names[t]] += n
    return dict(found)


def test_a_sheets_own_types_are_listed_by_name_with_their_counts(
        sheet_file: Path, tmp_path: Path) -> None:
    """Each was index 6, "Other": one legend row, one count, one colour (fails before:
    site.json had no list of them)."""
    publish_site([sheet_file], tmp_path / "site", PublishOptions(workers=1))
    meta = _meta(tmp_path / "site")
    own = meta["types"][OWN_TYPES_START:]
    # most events first, as the single page lists them, in the single page's styles
    assert [entry["name"] for entry in own] == list(OWN_TYPES)
    assert own == type_styles(list(OWN_TYPES))
    assert meta["types"][OTHER]["name"] == "Other"
    assert _per_type(tmp_path / "site") == OWN_TYPES
    histogram = meta["histogram"]
    names = [meta["types"][t]["name"] for t in histogram["t"]]
    assert Counter(name for name, n in zip(names, histogram["n"], strict=True)
                   for _ in range(n)) == Counter(OWN_TYPES)
    # the tiles: each event's type by the list; no popup name repeated beside it
    events = [properties for *_, properties in _events(tmp_path / "site")]
    assert Counter(meta["types"][p["t"]]["name"] for p in events) == Counter(OWN_TYPES)
    assert not any(p.get("ot") for p in events)


def test_an_acled_site_has_no_list_of_its_own(published_site: Path) -> None:
    """ACLED's six and "Other" are the styles' (site.json as it was)."""
    assert "types" not in _meta(published_site)
    counts = json.loads((published_site / "counts.json").read_text(encoding="utf-8"))
    assert max(counts["t"]) < OTHER


def test_types_are_ordered_by_events_then_first_seen_across_sources(tmp_path: Path) -> None:
    first = write_sheet(tmp_path / "a.csv", sheet_rows(["B", "A", "B", "X"]))
    second = write_sheet(tmp_path / "b.csv", sheet_rows(["C"] * 3 + ["A", "Y"], first=10,
                                                         lat=12.37, lon=-1.53))
    # C 3 events, A and B 2 each, X and Y 1 each: ties by the sources' order, then rows'
    for sources, order in (([first, second], ["C", "B", "A", "X", "Y"]),
                           ([second, first], ["C", "A", "B", "Y", "X"])):
        folder = tmp_path / f"site-{sources[0].stem}"
        publish_site(sources, folder, PublishOptions(workers=1))
        names = [entry["name"] for entry in _meta(folder)["types"][OWN_TYPES_START:]]
        assert names == order
        assert _per_type(folder) == {"C": 3, "A": 2, "B": 2, "X": 1, "Y": 1}


def _digests(folder: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in folder.iterdir() if path.is_file()}


def test_pieces_and_workers_give_the_same_site(tmp_path: Path) -> None:
    """Pieces see their types in other orders (each its own numbers): the site's list and
    files are those of the file read whole."""
    kinds = ["IED"] * 900 + ["Kidnapping", "Checkpoint incident"] * 600 + ["IED"] * 300
    source = write_sheet(tmp_path / "big.csv", sheet_rows(kinds))
    assert source.stat().st_size > 2 * 65536  # three pieces or more
    whole = publish_site([source], tmp_path / "whole", PublishOptions(workers=1))
    pieces = publish_site([source], tmp_path / "pieces",
                          PublishOptions(workers=2, chunk_bytes=65536, group_rows=300))
    assert whole.events == pieces.events == len(kinds)
    assert _digests(tmp_path / "pieces") == _digests(tmp_path / "whole")
    assert _per_type(tmp_path / "whole") == {"IED": 1200, "Kidnapping": 600,
                                             "Checkpoint incident": 600}


def test_more_own_types_than_a_site_lists_are_other_with_a_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The types with the fewest events beyond OWN_TYPES_LIMIT are drawn as "Other",
    named in a warning and on the page; their popups keep their own names."""
    extra = 3
    kinds = [f"Kind {k:02d}" for k in range(OWN_TYPES_LIMIT + extra) for _ in range(
        2 if k < OWN_TYPES_LIMIT else 1)]
    source = write_sheet(tmp_path / "many.csv", sheet_rows(kinds))
    with caplog.at_level(logging.WARNING, logger="geomap.publish.build"):
        publish_site([source], tmp_path / "site", PublishOptions(workers=1))
    meta = _meta(tmp_path / "site")
    assert len(meta["types"]) == OWN_TYPES_START + OWN_TYPES_LIMIT
    beyond = [f"Kind {k:02d}" for k in range(OWN_TYPES_LIMIT, OWN_TYPES_LIMIT + extra)]
    per_type = _per_type(tmp_path / "site")
    assert per_type["Other"] == extra and "Kind 00" in per_type
    [warning] = [r.getMessage() for r in caplog.records if "beyond" in r.getMessage()]
    assert str(source) in warning and f"{extra} event types" in warning
    assert all(repr(name) in warning for name in beyond)
    [note] = [note for note in meta["notes"] if "beyond" in note]
    assert note.startswith("many.csv: 3 event types") and repr(beyond[0]) in note
    popups = {p["ot"] for *_, p in _events(tmp_path / "site") if p["t"] == OTHER}
    assert popups == set(beyond)


def test_ucdp_events_keep_ucdp_types_as_on_the_single_page(tmp_path: Path) -> None:
    """The single page shows a UCDP event's type of violence (``display_types``); the
    site showed the ACLED type the reader maps it to ("Battles" for state-based and
    non-state conflict; fails before)."""
    from tests.sources._fixtures import write_ucdp

    publish_site([write_ucdp(tmp_path / "ged.csv")], tmp_path / "site",
                 PublishOptions(workers=1))
    assert _per_type(tmp_path / "site") == {"State-based conflict": 1, "Non-state conflict": 1,
                                            "One-sided violence": 1}
    meta = _meta(tmp_path / "site")
    assert meta["types"][7:10] == type_styles(["State-based conflict", "Non-state conflict",
                                               "One-sided violence"])


def test_an_id_two_sheets_share_is_told_apart_as_on_the_single_page(tmp_path: Path) -> None:
    """Two sheets numbered alike (N0, N1...) gave a site two events "N0" in its popups,
    table and CSV (the single page prefixes such an id with its file's name since
    session 34; fails before). Both now tell them apart by one rule, with the same ids;
    an id only one sheet gives stays as given, and read in pieces the site is the same."""
    import geomap

    first = write_sheet(tmp_path / "north-desk.csv", sheet_rows(["IED"] * 3))
    second = write_sheet(tmp_path / "south-desk.csv", sheet_rows(["IED"] * 2000, lat=12.37,
                                                                 lon=-1.53))
    assert second.stat().st_size > 65536  # read in two pieces or more below
    publish_site([first, second], tmp_path / "site", PublishOptions(workers=1))
    ids = sorted(p["id"] for *_, p in _events(tmp_path / "site"))
    assert ids == sorted([f"north-desk:N{k}" for k in range(3)]
                         + [f"south-desk:N{k}" for k in range(3)]
                         + [f"N{k}" for k in range(3, 2000)])
    assert sorted(geomap.layers([first, second]).events["event_id"]) == ids
    publish_site([first, second], tmp_path / "pieces",
                 PublishOptions(workers=2, chunk_bytes=65536, group_rows=300))
    assert _digests(tmp_path / "pieces") == _digests(tmp_path / "site")
    # a third sheet's own id is what the file's name would make of another's: that one
    # takes the file's path instead, on the site as on the single page
    rows = sheet_rows(["IED"] * 2, lat=14.49, lon=-4.19)
    rows[0][0] = "south-desk:N1"
    third = write_sheet(tmp_path / "third.csv", rows)
    publish_site([first, second, third], tmp_path / "three", PublishOptions(workers=1))
    ids = sorted(p["id"] for *_, p in _events(tmp_path / "three"))
    assert f"{second}:N1" in ids and "south-desk:N1" in ids and len(set(ids)) == len(ids)
    assert sorted(geomap.layers([first, second, third]).events["event_id"]) == ids
