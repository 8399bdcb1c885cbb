"""``publish_site`` writes a site whose tiles and counts hold every event exactly once."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import mapbox_vector_tile
import numpy as np
import pyarrow as pa
import pytest
from pmtiles.reader import MmapSource, Reader, all_tiles
from pmtiles.tile import Compression, TileType

from geomap.build.outputs import linked_rejects
from geomap.errors import ConfigError, OutputError
from geomap.layers.build import build_layers, caveat_notes
from geomap.publish import build as build_module
from geomap.publish import tiles as tiles_module
from geomap.publish.build import PublishOptions, publish_site
from geomap.publish.records import caveat_counts
from geomap.publish.tiles import EVENTS_MIN_ZOOM, MAX_ZOOM, POSITION_ZOOM
from geomap.render.timefilter import date_intervals
from geomap.sources.read import read_events
from tests.publish.conftest import COLUMNS, HOSTILE, acled_rows, with_a_stray_event, write_acled


def read_archive(path: Path) -> tuple[dict[str, Any], dict[tuple[int, int, int], dict]]:
    """Header and decoded tiles of a PMTiles archive, read with the pmtiles package."""
    with path.open("rb") as handle:
        source = MmapSource(handle)
        header = Reader(source).header()
        decoded = {zxy: mapbox_vector_tile.decode(gzip.decompress(data),
                                                  default_options={"y_coord_down": True})
                   for zxy, data in all_tiles(source)}
    return header, decoded


@pytest.fixture(scope="module")
def site(acled_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("site")
    with pytest.MonkeyPatch.context() as patch:  # small tiles: both layers from zoom 9
        patch.setattr(tiles_module, "EVENTS_PER_TILE", 150)
        summary = publish_site([acled_file], folder, PublishOptions(
            title="Sahel </title><script>alert(1)</script>", chunk_bytes=1 << 16,
            group_rows=500, workers=1))  # in this process: the monkeypatch applies
    header, decoded = read_archive(folder / "events.pmtiles")
    return summary, folder, header, decoded


def _ancestor(z: int, x: int, y: int, zoom: int) -> tuple[int, int, int]:
    return zoom, x >> (z - zoom), y >> (z - zoom)


def test_every_event_is_drawn_at_each_zoom_once(site: Any) -> None:
    """At each zoom, an event is counted in one density cell of that zoom or drawn from
    one leaf of that zoom or shallower (the browser enlarges a leaf)."""
    summary, _, header, decoded = site
    assert summary.events == 2999  # 3,000 rows, one rejected
    assert header["tile_type"] == TileType.MVT and header["tile_compression"] == Compression.GZIP
    assert header["min_zoom"] == 0 and EVENTS_MIN_ZOOM <= header["max_zoom"] <= MAX_ZOOM
    per_zoom: Counter[int] = Counter()
    layers_seen: set[tuple[str, bool]] = set()
    for (z, _, _), tile in decoded.items():
        for name, layer in tile.items():
            layers_seen.add((name, z >= EVENTS_MIN_ZOOM))  # a sparse outlier: a leaf above 9
            if name == "events":
                for zoom in range(z, MAX_ZOOM + 1):
                    per_zoom[zoom] += len(layer["features"])
            else:
                per_zoom[z] += sum(f["properties"]["n"] for f in layer["features"])
    assert per_zoom == dict.fromkeys(range(MAX_ZOOM + 1), summary.events)
    assert layers_seen == {("cells", False), ("cells", True), ("events", True), ("events", False)}


def test_each_event_is_stored_once_in_its_leaf(site: Any) -> None:
    """A leaf holds at most EVENTS_PER_TILE events (150 here) unless at MAX_ZOOM, with
    every text, at POSITION_ZOOM's resolution; nothing is written below it; every tile above
    it holds density. The leaf is the shallowest such tile, of any zoom."""
    _, _, _, decoded = site
    leaves = {zxy: tile["events"] for zxy, tile in decoded.items() if "events" in tile}
    ids = Counter(f["properties"]["id"] for layer in leaves.values() for f in layer["features"])
    assert len(ids) == 2999 and set(ids.values()) == {1}
    assert len({z for z, _, _ in leaves}) >= 3  # leaves of several zooms
    for (z, x, y), layer in leaves.items():
        assert layer["extent"] == 1 << (POSITION_ZOOM + 12 - z)
        assert len(layer["features"]) <= 150 or z == MAX_ZOOM
        assert all("notes" in f["properties"] for f in layer["features"])
        above = [_ancestor(z, x, y, zoom) for zoom in range(z)]
        assert all("cells" in decoded[tile] for tile in above)
        counts = [sum(f["properties"]["n"] for f in decoded[tile]["cells"]["features"])
                  for tile in above]
        assert all(n > 150 for n in counts)
    for z, x, y in decoded:
        below = [_ancestor(z, x, y, zoom) for zoom in range(z)]
        assert not [tile for tile in below if tile in leaves]


def test_text_travels_as_text(site: Any) -> None:
    _, folder, _, decoded = site
    notes = [f["properties"].get("notes") for t in decoded.values() if "events" in t
             for f in t["events"]["features"]]
    assert HOSTILE in notes
    assert "Second line of the note." in notes[0 if "\n" in notes[0] else 1]
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "&lt;/title&gt;&lt;script&gt;" in page
    meta = json.loads((folder / "site.json").read_text(encoding="utf-8"))
    assert meta["title"] == "Sahel </title><script>alert(1)</script>"


def test_counts_and_areas(site: Any) -> None:
    summary, folder, _, _ = site
    counts = json.loads((folder / "counts.json").read_text(encoding="utf-8"))
    areas = json.loads((folder / "areas.json").read_text(encoding="utf-8"))
    assert sum(counts["n"]) == summary.events
    provinces = {f["properties"]["code"] for f in areas["admin1"]}
    assert {"UA-63", "ML-6"} <= provinces  # Kharkiv oblast, Tombouctou region
    named = [areas["admin1"][c]["properties"]["code"] for level, c in
             zip(counts["level"], counts["code"], strict=True) if level == 0]
    assert set(named) == provinces
    meta = json.loads((folder / "site.json").read_text(encoding="utf-8"))
    assert meta["months"] == [min(counts["m"]), max(m + s for m, s in
                                                    zip(counts["m"], counts["s"], strict=True))]
    # an ACLED export placed by its own coordinates: the towns of places.json (search,
    # place names) are GeoNames', credited as on the single page
    assert json.loads((folder / "places.json").read_text(encoding="utf-8"))["names"]
    assert "Places: GeoNames (CC BY 4.0)" in meta["attribution"]


def test_rejects_are_written_beside(site: Any, acled_file: Path) -> None:
    summary, folder, _, _ = site
    # named by its content, as geomap build names them, and named by the page and site.json
    assert re.fullmatch(r"rejects\.[0-9a-f]{16}\.csv", summary.rejects.name)
    assert summary.rejects.parent == folder
    text = summary.rejects.read_text(encoding="utf-8")
    # two physical lines per record (notes hold a newline), one for record 10 (HOSTILE)
    assert f"{acled_file},41,latitude," in text
    assert [(s.path, s.rows_read, s.rows_accepted, s.rows_rejected, s.merged)
            for s in summary.sources] == [(str(acled_file), 3000, 2999, 1, 0)]
    # the three events outside their stated country are listed as warnings, as by build
    assert summary.warnings is not None
    assert summary.warnings.read_text(encoding="utf-8").count("\n") == 4


def test_the_public_page_counts_the_rejected_rows_without_naming_the_file(site: Any) -> None:
    """The rejects and warnings files are the author's: the page named them (a <meta> in
    index.html, site.json's keys, "the rejects file lists them" in a caveat) though its
    reader cannot open them (fails before). The count stays."""
    summary, folder, _, _ = site
    page = (folder / "index.html").read_text(encoding="utf-8")
    data = (folder / "site.json").read_text(encoding="utf-8")
    assert linked_rejects(folder / "index.html") is None
    assert summary.rejects.name not in page + data and summary.warnings.name not in page + data
    meta = json.loads(data)
    assert "rejects" not in meta and "warnings" not in meta
    assert "1 row of the sources is not on this map: rejected." in meta["notes"]
    assert not any("file" in note for note in meta["notes"])


def test_publishing_again_replaces_the_site_as_one_unit(acled_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "site"
    first = publish_site([acled_file], folder, PublishOptions(workers=1))
    (folder / "rejects.csv").write_text("file,line,field,reason,raw\n", encoding="utf-8")
    (folder / "notes.csv").write_text("someone else's file\n", encoding="utf-8")
    clean = write_acled(tmp_path / "clean.csv", acled_rows(50))
    again = publish_site([clean], folder, PublishOptions(workers=1))
    assert again.rejects is None and first.rejects is not None
    assert not first.rejects.exists() and not (folder / "rejects.csv").exists()
    assert (folder / "notes.csv").exists()  # not a site file: left alone
    leftovers = [p.name for p in folder.rglob("*") if ".tmp" in p.name or
                 p.name.startswith(".publish-")]
    assert leftovers == []


def test_the_staging_folder_of_a_killed_publish_is_removed_by_the_next(
        acled_file: Path, tmp_path: Path) -> None:
    """Before: a killed publish left its ``.publish-*`` staging folder in the site for
    ever, however many publishes followed."""
    from geomap._atomic import temp_path

    folder = tmp_path / "site"
    folder.mkdir()
    left = temp_path(folder / "publish-staging")  # what a killed run leaves
    left.mkdir()
    (left / "records-000-00000.arrow").write_bytes(b"x" * 1000)
    publish_site([acled_file], folder, PublishOptions(workers=1))
    assert not left.exists()
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("link", ["lib", "lib/images"])
def test_a_lib_folder_that_leads_outside_the_site_is_refused(acled_file: Path, tmp_path: Path,
                                                              link: str) -> None:
    """Before: a site whose ``lib`` (or ``lib/images``) was a link to a folder elsewhere
    had the page's libraries written there, replacing its files of those names
    (``geomap.js``, ``leaflet.js``, ...): outside the folder given with -o."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "geomap.js").write_text("mine", encoding="utf-8")
    (elsewhere / "layers.png").write_text("mine", encoding="utf-8")
    folder = tmp_path / "site"
    (folder / link).parent.mkdir(parents=True, exist_ok=True)
    (folder / link).symlink_to(elsewhere)
    with pytest.raises(ConfigError, match="leads to") as caught:
        publish_site([acled_file], folder, PublishOptions(workers=1))
    assert caught.value.key == "output" and link in str(caught.value)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["geomap.js", "layers.png"]
    assert (elsewhere / "geomap.js").read_text(encoding="utf-8") == "mine"
    assert (elsewhere / "layers.png").read_text(encoding="utf-8") == "mine"


def test_a_lib_folder_swapped_for_a_link_during_the_publish_is_refused(
        acled_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above ran once, before any work: a ``lib/`` swapped for a link to a
    folder elsewhere while the sources were read (minutes, for a large export) had the
    page's libraries written there all the same, replacing its ``geomap.js``. Each file
    is checked again when it is staged, as a project's are."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "geomap.js").write_text("mine", encoding="utf-8")
    folder = tmp_path / "site"
    publish_site([acled_file], folder, PublishOptions(workers=1))
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    checked = build_module.check_site_folder

    def check_then_swap(sources: Any, output: Path) -> None:
        checked(sources, output)
        (output / "lib").rename(tmp_path / "old-lib")
        (output / "lib").symlink_to(elsewhere)

    monkeypatch.setattr(build_module, "check_site_folder", check_then_swap)
    with pytest.raises(ConfigError, match="leads to") as caught:
        publish_site([acled_file], folder, PublishOptions(workers=1))
    assert caught.value.key == "output" and "lib" in str(caught.value)
    assert [p.name for p in elsewhere.iterdir()] == ["geomap.js"]
    assert (elsewhere / "geomap.js").read_text(encoding="utf-8") == "mine"
    (folder / "lib").unlink()
    (tmp_path / "old-lib").rename(folder / "lib")
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_a_full_disk_while_staging_names_the_site_and_keeps_it(
        acled_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: a disk filled by the staged records was ``Error: the system refused: Error
    writing bytes to file. Detail: [errno 28] ...``: no site named, no fix (what pyarrow
    said on a full 3 MB tmpfs)."""
    folder = tmp_path / "site"
    publish_site([acled_file], folder, PublishOptions(workers=1))
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    def full(*args: object) -> None:
        raise OSError("Error writing bytes to file. Detail: [errno 28] No space left on device")

    monkeypatch.setattr(build_module, "read_piece", full)
    with pytest.raises(OutputError) as caught:
        publish_site([acled_file], folder, PublishOptions(workers=1))
    assert str(folder) in str(caught.value) and "No space left on device" in str(caught.value)
    assert "free some space" in str(caught.value)
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_a_source_named_like_the_rejects_file_is_refused(acled_file: Path,
                                                          tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    source = folder / "rejects.0123456789abcdef.csv"
    source.write_bytes(acled_file.read_bytes())
    with pytest.raises(ConfigError, match="writes over"):
        publish_site([source], folder, PublishOptions(workers=1))


@pytest.mark.parametrize(("name", "text"), [
    ("index.html", "<html><body>My own home page</body></html>\n"),
    ("README.txt", "My project's notes\n"),
])
def test_a_folder_holding_a_page_or_readme_of_its_own_is_refused(
        acled_file: Path, tmp_path: Path, name: str, text: str) -> None:
    """Before: ``geomap publish -o FOLDER`` into a folder holding a home page or a README
    of one's own replaced them with the site's without a word. A site geomap published
    (one made before its pages carried the generator mark too) is published again."""
    folder = tmp_path / "www"
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=f"expected a new folder or a site geomap published,"
                                          f" got {re.escape(repr(str(folder)))} holding "
                                          f"{name} of its own"):
        publish_site([acled_file], folder, PublishOptions(workers=1))
    assert [p.name for p in folder.iterdir()] == [name]
    assert (folder / name).read_text(encoding="utf-8") == text
    old = tmp_path / "old-site"
    publish_site([acled_file], old, PublishOptions(workers=1))
    page = (old / "index.html").read_text(encoding="utf-8")
    (old / "index.html").write_text(page.replace('<meta name="generator" content="geomap">\n',
                                                 ""), encoding="utf-8")
    publish_site([acled_file], old, PublishOptions(workers=1))


def test_site_files(site: Any) -> None:
    _, folder, _, _ = site
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*")}
    assert {"index.html", "events.pmtiles", "site.json", "areas.json", "counts.json",
            "basemap.geojson", "README.txt", "lib/leaflet.js", "lib/pmtiles.js", "lib/pbf.js",
            "lib/site.js", "lib/tiles.js", "lib/geomap.js", "lib/LICENSE.pmtiles",
            "places.json"} <= names
    assert not [n for n in names if n.startswith(".publish-")]  # staging removed


def test_the_time_slider_spans_the_days_of_the_events(site: Any, acled_file: Path) -> None:
    """``site.json`` gives the first and last day the events' date intervals reach (the
    single page's slider range: an event known to a month spans the month), found over the
    groups of buckets (500 records each here)."""
    _, folder, _, _ = site
    frame = read_events(acled_file).frame
    _, start, end = date_intervals(frame)
    meta = json.loads((folder / "site.json").read_text(encoding="utf-8"))
    assert meta["days"] == [int(np.nanmin(start)), int(np.nanmax(end))]
    first, last = (np.array(meta["days"], dtype="datetime64[D]").astype("datetime64[M]")
                   .astype(np.int64))
    assert meta["months"] == [first, last]


def test_the_caveats_are_noted_as_on_the_single_page(tmp_path: Path) -> None:
    """The title block's caveats are the single page's sentences for the same events
    (here: events outside their stated country), counted over pieces of 64 kB."""
    rows = acled_rows(600, seed=2)
    for row in rows[:4]:  # Mali stated, a point in Burkina Faso
        row[COLUMNS.index("iso")], row[COLUMNS.index("country")] = "466", "Mali"
        row[COLUMNS.index("latitude")], row[COLUMNS.index("longitude")] = "12.3714", "-1.5197"
    source = write_acled(tmp_path / "caveats.csv", rows)
    publish_site([source], tmp_path / "site", PublishOptions(workers=1, chunk_bytes=1 << 16))
    notes = json.loads((tmp_path / "site" / "site.json").read_text(encoding="utf-8"))["notes"]
    expected = build_layers([read_events(source)]).notes
    assert expected and expected[-1].endswith("lie outside the country their source states.")
    assert notes[1:] == expected


def test_caveat_counts_count_coarse_events_and_events_in_no_country() -> None:
    """Coarser than a province: the single page's ``coarse`` attach rule (precision above
    ADM1); in no country: no country code."""
    records = pa.table({"p": pa.array([1, 4, 5, 6, 8, 2], pa.int8()),
                        "r0": ["ML", "ML", "ML", "", "", ""]})
    assert caveat_counts(records) == (3, 3)
    assert caveat_notes(3, 0, 1) == [
        "3 events known only to a country or a wider area are counted per country, not per "
        "province.", "1 event could not be placed in any country."]


def test_bad_options() -> None:
    with pytest.raises(ConfigError, match="chunk_bytes"):
        PublishOptions(chunk_bytes=10)
    with pytest.raises(ConfigError, match="at least one source"):
        publish_site([], Path("unused"))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "warnings" not in p.name and "rejects" not in p.name}


def test_a_small_site_draws_markers_from_zoom_0(tmp_path: Path) -> None:
    """Few events (at most EVENTS_PER_TILE in all) are one leaf, the world's tile: the
    page draws them as markers at every zoom, as the single page does, and no tile holds
    density."""
    source = write_acled(tmp_path / "few.csv", acled_rows(60, seed=11))
    publish_site([source], tmp_path / "site", PublishOptions(workers=1))
    header, decoded = read_archive(tmp_path / "site" / "events.pmtiles")
    assert list(decoded) == [(0, 0, 0)] and list(decoded[0, 0, 0]) == ["events"]
    assert len(decoded[0, 0, 0]["events"]["features"]) == 60
    assert decoded[0, 0, 0]["events"]["extent"] == 4096 << POSITION_ZOOM
    assert header["max_zoom"] == 0
    meta = json.loads((tmp_path / "site" / "site.json").read_text(encoding="utf-8"))
    assert meta["eventsMinZoom"] == 0


def test_a_leaf_above_zoom_9_is_whole_whatever_the_groups(acled_file: Path,
                                                         tmp_path: Path) -> None:
    """Each of the five places (about 600 events, spread over several zoom-9 buckets) is
    a leaf of a zoom below 9 when a tile may hold 700: its buckets are tiled together
    even with groups of one record, and the files are the same byte for byte."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tiles_module, "EVENTS_PER_TILE", 700)
        for name, rows in (("one", 1), ("all", 1 << 20)):
            publish_site([acled_file], tmp_path / name, PublishOptions(
                chunk_bytes=1 << 16, group_rows=rows, workers=1))
    assert _files(tmp_path / "one") == _files(tmp_path / "all")
    _, decoded = read_archive(tmp_path / "one" / "events.pmtiles")
    leaves = {zxy: len(tile["events"]["features"]) for zxy, tile in decoded.items()
              if "events" in tile}
    assert all(z < EVENTS_MIN_ZOOM for z, _, _ in leaves) and len(leaves) >= 5
    assert sum(leaves.values()) == 2999 and max(leaves.values()) <= 700
    meta = json.loads((tmp_path / "one" / "site.json").read_text(encoding="utf-8"))
    assert meta["eventsMinZoom"] == min(z for z, _, _ in leaves)


def test_cell_counts_added_up_as_groups_come_are_the_same(acled_file: Path,
                                                         tmp_path: Path) -> None:
    """The groups' cell counts are summed every CELL_FOLD groups: summing every two of
    many groups gives the files of summing them all at the end."""
    groups = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tiles_module, "EVENTS_PER_TILE", 150)
        real = build_module.combine_cells
        patch.setattr(build_module, "combine_cells",
                      lambda parts: groups.append(len(parts)) or real(parts))
        for name, fold in (("two", 2), ("end", 1 << 20)):
            patch.setattr(build_module, "CELL_FOLD", fold)
            publish_site([acled_file], tmp_path / name, PublishOptions(
                chunk_bytes=1 << 16, group_rows=100, workers=1))
    assert _files(tmp_path / "two") == _files(tmp_path / "end")
    assert groups.count(2) >= 3 and max(groups) >= 6  # folded often; then all at once


def test_the_histogram_has_the_single_pages_bars(site: Any, acled_file: Path) -> None:
    """Issue 17: bars of ceil(days / 90) days from the first day the events reach, each
    event counted at its own day (the single page's lib.Histogram over its events), per
    type, with known fatalities."""
    _, folder, _, _ = site
    meta = json.loads((folder / "site.json").read_text(encoding="utf-8"))
    first, last = meta["days"]
    histogram = meta["histogram"]
    width = -(-(last - first + 1) // 90)
    assert (histogram["first"], histogram["width"]) == (first, width) and width > 1
    events = read_events(acled_file).frame
    day = (events["event_date"].to_numpy().astype("datetime64[D]").astype(np.int64))
    expected = Counter(np.minimum((day - first) // width, -(-(last - first + 1) // width) - 1))
    got: Counter[int] = Counter()
    for b, n in zip(histogram["b"], histogram["n"], strict=True):
        got[b] += n
    assert got == expected and sum(histogram["n"]) == len(events)


def test_the_opening_frame_leaves_out_a_stray_event(tmp_path: Path) -> None:
    """A site opens on its located events without the outermost 0.5% on each side, as the
    single page does: one row in Cape Town among 600 from the Sahel, Libya and Ukraine
    opened the site on half the world (found by the session-33 newcomer, with a row in
    Paris). The archive's bounds still hold every event; pieces of 64 kB add up."""
    source = write_acled(tmp_path / "stray.csv", with_a_stray_event(acled_rows(600, seed=5)))
    publish_site([source], tmp_path / "site", PublishOptions(workers=1, chunk_bytes=1 << 16))
    meta = json.loads((tmp_path / "site" / "site.json").read_text(encoding="utf-8"))
    assert meta["bounds"][0] < -34  # every event: Cape Town
    south, west, north, east = meta["frame"]
    assert 9 < south < 12 and -5 < west < -3 and 50 < north < 52 and 38 < east < 40
    assert build_module.opening_frame(None) is None


def test_a_small_frame_is_not_trimmed() -> None:
    """Under 200 located events every one frames the site (the single page's rule)."""
    latitudes, longitudes = np.zeros(1800, np.int64), np.zeros(3600, np.int64)
    latitudes[[1062, 1300]] = [150, 1]  # 16.2 N, 40.0 N
    longitudes[[1799, 1900]] = [150, 1]  # 0.1 W, 10.0 E
    assert build_module.opening_frame((latitudes, longitudes)) == pytest.approx(
        (15.7, -0.6, 40.6, 10.6))
    latitudes[1062] = longitudes[1799] = 300  # 301 events: the stray one is cut
    assert build_module.opening_frame((latitudes, longitudes)) == pytest.approx(
        (15.7, -0.6, 16.8, 0.5))
