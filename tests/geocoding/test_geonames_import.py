"""Importing a GeoNames dump (written in code) makes village-level places resolve."""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import cli
from geomap.errors import ConfigError, InputError, PlaceNotFound
from geomap.geocoding.gazetteer import Gazetteer
from geomap.geocoding.geonames_dump import classify, import_dump, layer_name
from geomap.model import PlaceKind
from geomap.precision import Precision


def row(geonameid: int, name: str, lat: float, lon: float, fclass: str = "P",
        fcode: str = "PPL", cc: str = "ML", admin1: str = "09", population: int = 0,
        alternates: str = "", ascii_name: str | None = None) -> str:
    fields = [str(geonameid), name, ascii_name or name, alternates, str(lat), str(lon), fclass,
              fcode, cc, "", admin1, "", "", "", str(population), "", "300", "Africa/Bamako",
              "2024-01-01"]
    return "\t".join(fields)


DUMP = "\n".join([
    row(9000001, "Inadiatafane", 15.9512, 3.1534, alternates="Inadiatafan,In Adiatafane",
        population=900),
    row(9000002, "Talataye", 15.8791, 0.7012, alternates="Talatayt"),
    row(9000003, "Oued Tilemsi", 17.1234, 0.2345, fclass="H", fcode="WAD"),
    row(2457163, "Gao", 16.27167, -0.04472, population=133110),  # also in the base layer
    "this line is not a geonames row",
    row(9000004, "Broken", 95.0, 3.0),  # latitude out of range
    row(9000005, "Ber", 16.8521, -3.3756, alternates="Bér", admin1="08"),
])


@pytest.fixture(scope="module")
def imported(gazetteer_cache: Path,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gazetteer]:
    folder = tmp_path_factory.mktemp("dump")
    path = folder / "ML.txt"
    path.write_text(DUMP + "\n", encoding="utf-8")
    report = import_dump(path, root=gazetteer_cache)
    assert report.rows_read == 7 and report.places == 4
    assert report.skipped_classes == 1 and len(report.rejects) == 2
    assert {r.line for r in report.rejects} == {5, 6}
    yield Gazetteer.open(gazetteer_cache)
    shutil.rmtree(report.layer)


def test_without_import_villages_are_missing(gazetteer: Gazetteer) -> None:
    """Runs before the module's import: the session's gazetteer, when this file ran alone,
    was opened after it and found the imported village (the layer goes at module end)."""
    with pytest.raises(PlaceNotFound):
        gazetteer.resolve("Inadiatafane")


def test_villages_resolve_after_import(imported: Gazetteer) -> None:
    place = imported.resolve("Inadiatafane")
    assert (place.name, place.country_code, place.admin1_code, place.geonameid) == (
        "Inadiatafane", "ML", "ML-7", 9000001)
    assert (place.lat, place.lon) == (15.9512, 3.1534)
    assert imported.resolve("In Adiatafane") == place
    ber = imported.resolve("Bér", country="ML")
    assert (ber.lat, ber.lon, ber.admin1) == (16.8521, -3.3756, "Tombouctou")


def test_base_places_count_once(imported: Gazetteer) -> None:
    gaos = [c for c in imported.candidates("Gao", limit=10) if c.place.geonameid == 2457163]
    assert len(gaos) == 1


def test_feature_classes(gazetteer_cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "water.txt"
    path.write_text(row(9100001, "Oued Tilemsi", 17.1234, 0.2345, fclass="H", fcode="WAD"))
    report = import_dump(path, root=gazetteer_cache, classes="all", name="test-water")
    try:
        place = Gazetteer.open(gazetteer_cache).resolve("Oued Tilemsi")
        assert (place.kind, place.precision) == (PlaceKind.WATER, Precision.WATER)
    finally:
        shutil.rmtree(report.layer)


def test_zip_and_errors(gazetteer_cache: Path, tmp_path: Path) -> None:
    archive = tmp_path / "ML.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "GeoNames readme")
        z.writestr("ML.txt", row(9200001, "Tabankort Nord", 17.9, 0.4))
    report = import_dump(archive, root=gazetteer_cache, name="test-zip")
    try:
        assert report.places == 1
    finally:
        shutil.rmtree(report.layer)
    with pytest.raises(InputError, match="not found"):
        import_dump(tmp_path / "missing.txt", root=gazetteer_cache)
    with pytest.raises(InputError, match=r"got '/dev/zero' \(a character device\)"):
        import_dump("/dev/zero", root=gazetteer_cache)  # was "(not found)"
    empty = tmp_path / "empty.txt"
    empty.write_text("not,a,geonames,file\n")
    with pytest.raises(InputError, match="GeoNames format"):
        import_dump(empty, root=gazetteer_cache)


def test_a_zip_that_is_no_whole_archive_is_named(gazetteer_cache: Path, tmp_path: Path) -> None:
    """Before: a download cut short (``ML.zip`` half written), a web page saved as the zip
    and an archive whose data is damaged were ``BadZipFile`` and ``zlib.error``
    tracebacks; now each is one error naming the file and the fix, and no layer is
    written."""
    whole = tmp_path / "whole.zip"
    rows = "\n".join(row(9300000 + i, f"Hameau {i}", 16 + i / 1e4, 0.5) for i in range(3000))
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ML.txt", rows + "\n")
    data = whole.read_bytes()
    damaged = bytearray(data)
    damaged[200:250] = bytes(b ^ 0x55 for b in damaged[200:250])
    cases = {"cut.zip": data[:len(data) // 2], "page.zip": b"<html>Not Found</html>",
             "damaged.zip": bytes(damaged)}
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(InputError, match="zip archive") as err:
            import_dump(path, root=gazetteer_cache, name=f"test-{path.stem}")
        assert name in str(err.value) and "Download it again" in str(err.value)
        assert not (gazetteer_cache / "gazetteer" / "imports" / f"test-{path.stem}").exists()


def test_helpers() -> None:
    assert classify("A", "ADM1") == (PlaceKind.ADMIN1, Precision.ADM1)
    assert classify("A", "PCLI") == (PlaceKind.COUNTRY, Precision.COUNTRY)
    assert classify("T", "MT") == (PlaceKind.OTHER, Precision.NEAR)
    assert layer_name(Path("allCountries.txt")) == "allCountries"
    assert layer_name(Path("../../évil name.zip")) == "_vil_name"


@pytest.mark.parametrize("packed", [False, True])
def test_a_line_that_is_not_utf8_is_decoded_and_named_never_replaced(
        gazetteer_cache: Path, tmp_path: Path, packed: bool) -> None:
    """Before: the import decoded with ``errors="replace"``: a cp1252 line's "Ségou" was
    stored as "S\\ufffdgou" without a word. Now each line is UTF-8 where valid, cp1252
    elsewhere, and the report counts and names those lines."""
    data = "\n".join([row(9400001, "Tabankort", 17.9, 0.4),
                      row(9400002, "Sébénikoro Ouest", 12.6, -8.1),
                      row(9400003, "Kéniéba Nord", 12.9, -11.2)]).encode("utf-8") + b"\n"
    data = data.replace("Sébénikoro".encode(), "Sébénikoro".encode("cp1252"))
    path = tmp_path / "ML.txt"
    path.write_bytes(data)
    if packed:
        with zipfile.ZipFile(tmp_path / "ML.zip", "w") as z:
            z.writestr("ML.txt", data)
        path = tmp_path / "ML.zip"
    report = import_dump(path, root=gazetteer_cache, name="test-latin")
    try:
        assert report.places == 3 and report.legacy_lines == [2]
        assert "1 line(s) not UTF-8, decoded as cp1252 (line 2)" in report.summary()
        place = Gazetteer.open(gazetteer_cache).resolve("Sébénikoro Ouest")
        assert place.name == "Sébénikoro Ouest"
        assert Gazetteer.open(gazetteer_cache).resolve("Kéniéba Nord").name == "Kéniéba Nord"
    finally:
        shutil.rmtree(report.layer)


@pytest.mark.parametrize("name", ["../../victim", "/VICTIM", "a/b", "", ".hidden", "x" * 65])
def test_a_layer_name_that_is_no_plain_name_is_refused(gazetteer_cache: Path, tmp_path: Path,
                                                       name: str) -> None:
    """Before: ``--name`` was joined to the imports folder as it came: an absolute path or
    one climbing out with ``..`` named any folder, which the layer then replaced whole (a
    folder of one's own files was swapped for the index's arrays and deleted)."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "thesis.txt").write_text("mine", encoding="utf-8")
    name = name.replace("/VICTIM", str(victim))
    imports = gazetteer_cache / "gazetteer" / "imports"
    name = name.replace("../../victim", os.path.relpath(victim, imports))
    path = tmp_path / "ML.txt"
    path.write_text(row(9500001, "Tinzaouaten Sud", 19.9, 2.9) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="expected a layer name of letters, digits"):
        import_dump(path, root=gazetteer_cache, name=name)
    assert [p.name for p in victim.iterdir()] == ["thesis.txt"]


def test_the_command_refuses_a_layer_name_that_climbs_out(gazetteer_cache: Path,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "ML.txt"
    path.write_text(row(9500002, "Tinzaouaten Est", 19.9, 2.9) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["gazetteer", "import", str(path), "--name",
                                      str(tmp_path)], env={"GEOMAP_CACHE_DIR":
                                                           str(gazetteer_cache)})
    assert result.exit_code == 2, result.output
    assert "Error: " in result.output and "--name" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["ML.txt"]


def test_old_mac_line_ends_are_line_ends(gazetteer_cache: Path, tmp_path: Path) -> None:
    """A bare carriage return is a line end, as for every reader (read as text, the dump
    split there; read as bytes, to decode each line, it was one line of 38 columns)."""
    path = tmp_path / "ML.txt"
    path.write_bytes((row(9600001, "Anefis Nord", 17.9, 0.4) + "\r"
                      + row(9600002, "Anefis Sud", 17.8, 0.4) + "\r").encode("utf-8"))
    report = import_dump(path, root=gazetteer_cache, name="test-mac")
    try:
        assert (report.rows_read, report.places, report.rejects) == (2, 2, [])
    finally:
        shutil.rmtree(report.layer)
