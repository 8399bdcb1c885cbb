from __future__ import annotations

import csv
import json

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from click.testing import CliRunner

from geomap.cli import cli

HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,"
          "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,"
          "civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,"
          "longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp")
ROWS = [
    "MLI1,2024-07-26,2024,1,Political violence,Explosions/Remote violence,Air/drone strike,"
    "Military Forces of Mali (2021-),,1,,,0,10,,466,Western Africa,Mali,Gao,Gao,,Gao,"
    "16.2717,-0.0447,1,RFI,International,Strike,3,,1722000000",
    "MLI2,14/08/2020 00:00:00,2020,1,Political violence,Violence against civilians,Attack,"
    "Unidentified Armed Group (Mali),,3,Civilians (Mali),,7,37,Civilian targeting,466,"
    "Western Africa,Mali,Mopti,,,Mopti,14.4843,-4.1827,3,AFP,International,Attack,2,,1722000000",
    "MLI3,not a date,2024,1,Political violence,Battles,Armed clash,JNIM,,2,,,0,20,,466,"
    "Western Africa,Mali,Kidal,,,Kidal,18.44,1.41,1,X,National,,0,,1722000000",
    "UKR1,2024-03-01,2024,1,Political violence,Battles,Armed clash,"
    "Military Forces of Russia (2000-),,8,Military Forces of Ukraine (2019-),,1,18,,804,Europe,"
    "Ukraine,Donetsk,,,Avdiivka,48.1394,37.7497,1,Ukrainska Pravda,National,Clash,5,,1722000000",
]


@pytest.fixture()
def acled_csv(tmp_path):
    path = tmp_path / "acled.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "parquet"])
def test_layers_command_writes_files(acled_csv, tmp_path, fmt):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["layers", str(acled_csv), "-o", str(out),
                                      "--layer-format", fmt])
    assert result.exit_code == 0, result.output
    assert "deprecated" not in result.output
    assert "4 rows read, 3 accepted, 1 rejected" in result.output
    if fmt == "gpkg":
        names = [n for n, _ in pyogrio.list_layers(out / "layers.gpkg")]
        assert names[:3] == ["events", "admin1", "admin0"]
        events = gpd.read_file(out / "layers.gpkg", layer="events")
        admin1 = gpd.read_file(out / "layers.gpkg", layer="admin1")
    else:
        read = gpd.read_parquet if fmt == "parquet" else gpd.read_file
        events, admin1 = read(out / f"events.{fmt}"), read(out / f"admin1.{fmt}")
    assert sorted(events["admin1_code"]) == ["ML-5", "ML-7", "UA-14"]
    counted = admin1[admin1["events"] > 0].set_index("code")
    assert counted.loc["ML-7", "fatalities"] == 3
    assert counted.loc["ML-5", "n_violence_against_civilians"] == 1
    [rejects_file] = out.glob("rejects.*.csv")
    with rejects_file.open(encoding="utf-8") as handle:
        rejects = list(csv.DictReader(handle))
    assert [(r["line"], r["field"]) for r in rejects] == [("4", "event_date")]


def test_layers_command_json(acled_csv, tmp_path):
    result = CliRunner().invoke(cli, ["layers", str(acled_csv), "-o", str(tmp_path / "o"),
                                      "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert lines[0]["rows_read"] == 4 and lines[0]["rejected"] == 1
    assert any(line.get("written", "").endswith("events.geojson") for line in lines)


@pytest.mark.parametrize("option", ["--layer-format", "--format"])
def test_layers_command_refuses_a_bad_format(acled_csv, tmp_path, option):
    result = CliRunner().invoke(cli, ["layers", str(acled_csv), "-o", str(tmp_path),
                                      option, "shp"])
    assert result.exit_code == 2
    assert "shp" in result.output


def test_old_format_option_still_works_and_names_its_replacement(acled_csv, tmp_path):
    """``layers --format`` meant the output format: it still does, with a warning, so that
    ``--format`` can mean the input format everywhere later."""
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["layers", str(acled_csv), "-o", str(out), "--format",
                                      "parquet"])
    assert result.exit_code == 0, result.output
    assert "--format is deprecated; use --layer-format instead" in result.output
    assert (out / "events.parquet").is_file()
    both = CliRunner().invoke(cli, ["layers", str(acled_csv), "-o", str(out), "--format",
                                    "gpkg", "--layer-format", "parquet"])
    assert both.exit_code == 2 and "not both" in both.output


def test_layers_command_writes_period_layers(acled_csv, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["layers", str(acled_csv), "-o", str(out),
                                      "--layer-format", "parquet", "--by", "month"])
    assert result.exit_code == 0, result.output
    monthly = gpd.read_parquet(out / "admin1_by_month.parquet")
    gao = monthly[monthly["code"] == "ML-7"]
    assert list(gao["period"].dt.strftime("%Y-%m")) == ["2024-07"]
    assert (out / "admin0_by_month.parquet").is_file()


def test_layers_by_day_count_the_events_dated_to_the_day(tmp_path, caplog):
    """A newsroom's chart wants events per day; ``--by`` knew month and week (fails before:
    exit 2). An event known only to its month is in no day (it would make a spike on the
    day that stands for it) and the command says how many."""
    rows = [ROWS[0], ROWS[0].replace("MLI1,2024-07-26", "MLI4,2024-07-28"),
            ROWS[0].replace("MLI1,", "MLI5,"),
            ROWS[0].replace("MLI1,2024-07-26,2024,1,", "MLI6,2024-07-15,2024,3,")]
    source = tmp_path / "week.csv"
    source.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["layers", str(source), "-o", str(out),
                                      "--layer-format", "parquet", "--by", "day"])
    assert result.exit_code == 0, result.output
    assert ("1 event known only to a few days, a week, a month or a year is in no day of "
            "the by-day layers") in caplog.text
    daily = gpd.read_parquet(out / "admin1_by_day.parquet")
    gao = daily[daily["code"] == "ML-7"].sort_values("period")
    assert list(gao["period"].dt.strftime("%Y-%m-%d")) == ["2024-07-26", "2024-07-28"]
    assert gao["events"].tolist() == [2, 1]
    countries = gpd.read_parquet(out / "admin0_by_day.parquet")
    assert countries.loc[countries["code"] == "ML", "events"].sum() == 3


def test_an_article_s_relative_dates_resolve_against_date(tmp_path):
    """Before: ``geomap layers article.txt`` left the article's event out saying "give
    --date YYYY-MM-DD", an option the command did not have (exit 2 when given)."""
    article = tmp_path / "wire.txt"
    article.write_text("Gunmen attacked an army post near Tillaberi in Niger on Sunday, "
                       "killing four soldiers.\n", encoding="utf-8")
    out = tmp_path / "layers"
    result = CliRunner().invoke(cli, ["layers", str(article), "-o", str(out)])
    assert "give --date YYYY-MM-DD" in result.output
    result = CliRunner().invoke(cli, ["layers", str(article), "-o", str(out),
                                      "--date", "2024-08-05"])
    assert result.exit_code == 0, result.output
    events = gpd.read_file(out / "events.geojson")
    assert [str(day)[:10] for day in events["event_date"]] == ["2024-08-04"]


@pytest.mark.parametrize(("name", "fmt"), [("events.geojson", "geojson"),
                                           ("admin1.parquet", "parquet"),
                                           ("layers.gpkg", "gpkg")])
def test_a_folder_holding_a_layer_file_of_its_own_is_refused(acled_csv, tmp_path, name, fmt):
    """Before: ``geomap layers -o FOLDER`` replaced a layer file geomap did not write (a
    colleague's ``events.geojson``) without a word. As ``geomap publish -o`` does, it is
    refused before any work, exit 2, naming the file; layers geomap wrote, by any format,
    are written again."""
    out = tmp_path / "out"
    out.mkdir()
    if fmt == "parquet":
        pd.DataFrame({"code": ["X"], "note": ["mine"]}).to_parquet(out / name)
    else:
        (out / name).write_text('{"type": "FeatureCollection", "features": []}\n',
                                encoding="utf-8")
    own = (out / name).read_bytes()
    result = CliRunner().invoke(cli, ["layers", str(acled_csv), "-o", str(out),
                                      "--layer-format", fmt])
    assert result.exit_code == 2, result.output
    assert f"holding {name} of its own" in result.output, result.output
    assert [p.name for p in out.iterdir()] == [name]
    assert (out / name).read_bytes() == own
    again = tmp_path / "again"
    for _ in range(2):
        result = CliRunner().invoke(cli, ["layers", str(acled_csv), "-o", str(again),
                                          "--layer-format", fmt])
        assert result.exit_code == 0, result.output


def _someones_events(path, fmt):
    """An events layer as any GDAL export writes one (geopandas, QGIS): a collection named
    after its file, a GeoParquet file, a GeoPackage layer named ``events``."""
    import shapely

    frame = gpd.GeoDataFrame({"event_id": ["mine-1"], "note": ["my own survey"]},
                             geometry=[shapely.Point(-0.04, 16.27)], crs=4326)
    if fmt == "parquet":
        frame.to_parquet(path)
    else:
        frame.to_file(path, layer="events", engine="pyogrio",
                      driver="GPKG" if fmt == "gpkg" else "GeoJSON")


@pytest.mark.parametrize(("name", "fmt"), [("events.geojson", "geojson"),
                                           ("events.parquet", "parquet"),
                                           ("layers.gpkg", "gpkg")])
def test_a_gdal_export_with_a_layers_name_is_refused(acled_csv, tmp_path, name, fmt):
    """Before: any GDAL export named like a layer (geopandas' or QGIS's
    ``events.geojson``, a GeoParquet ``events.parquet``, a GeoPackage of an ``events``
    table) had the shape geomap's layers have and was replaced without a word. geomap
    now marks the layer files it writes; a file without the mark is taken as an older
    geomap's only when it holds the columns geomap always wrote in that layer."""
    out = tmp_path / "out"
    out.mkdir()
    _someones_events(out / name, fmt)
    own = (out / name).read_bytes()
    result = CliRunner().invoke(cli, ["layers", str(acled_csv), "-o", str(out),
                                      "--layer-format", fmt])
    assert result.exit_code == 2, result.output
    assert f"holding {name} of its own" in result.output, result.output
    assert (out / name).read_bytes() == own


@pytest.mark.parametrize(("name", "fmt"), [("events.geojson", "geojson"),
                                           ("events.parquet", "parquet"),
                                           ("layers.gpkg", "gpkg")])
def test_layers_an_older_geomap_wrote_without_the_mark_are_written_again(
        acled_csv, tmp_path, name, fmt):
    """Layers written before the mark (the same layers, as GDAL wrote them then) are
    still geomap's: written again, as the docs promise."""
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["layers", str(acled_csv), "-o", str(out),
                                      "--layer-format", fmt])
    assert result.exit_code == 0, result.output
    path = out / name
    if fmt == "parquet":
        frame = gpd.read_parquet(path)
        assert pq_metadata(path).get(b"generator") == b"geomap"
        frame.to_parquet(path)  # as geopandas wrote it before: no mark
    elif fmt == "gpkg":
        layers = [layer for layer, _ in pyogrio.list_layers(path)]
        frames = {layer: gpd.read_file(path, layer=layer) for layer in layers}
        path.unlink()
        for layer, frame in frames.items():
            frame.to_file(path, layer=layer, driver="GPKG", engine="pyogrio")
    else:
        text = path.read_text(encoding="utf-8")
        assert '"generator": "geomap"' in text[:200]
        path.write_text(text.replace('"generator": "geomap",\n', "", 1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["layers", str(acled_csv), "-o", str(out),
                                      "--layer-format", fmt])
    assert result.exit_code == 0, result.output


def pq_metadata(path):
    import pyarrow.parquet as pq

    return pq.read_schema(path).metadata or {}
