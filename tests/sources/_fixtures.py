"""Realistic export fixtures made in code: ACLED generations, UCDP GED, GDELT.

Coordinates are asymmetric (latitude != longitude, and a swap leaves the country) so a
lat/lon mix-up fails.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geomap.sources.gdelt import gdelt_columns

# --- ACLED -------------------------------------------------------------------------------

ACLED_CURRENT = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
]
ACLED_2019 = [
    "data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year",
    "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
    "actor2", "assoc_actor_2", "inter2", "interaction", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "timestamp", "iso3",
]
ACLED_2015 = [
    "GWNO", "EVENT_ID_CNTY", "EVENT_ID_NO_CNTY", "EVENT_DATE", "YEAR", "TIME_PRECISION",
    "EVENT_TYPE", "ACTOR1", "ALLY_ACTOR_1", "INTER1", "ACTOR2", "ALLY_ACTOR_2", "INTER2",
    "INTERACTION", "COUNTRY", "ADMIN1", "ADMIN2", "ADMIN3", "LOCATION", "LATITUDE",
    "LONGITUDE", "GEO_PRECISION", "SOURCE", "NOTES", "FATALITIES",
]

#: Three base events: Gao (Mali), Kharkiv (Ukraine), Niamey (Niger).
BASE_EVENTS: list[dict[str, Any]] = [
    dict(id="MLI1001", no_cnty="1001", day=(2018, 10, 27), type="Battles",
         sub="Armed clash", actor1="Military Forces of Mali (2012-2021)", inter1=1,
         actor2="JNIM: Group for Support of Islam and Muslims", inter2=2, iso=466,
         iso3="MLI", country="Mali", admin1="Gao", admin2="Gao", location="Gao",
         lat=16.2717, lon=-0.0447, geo=1, time=1, fatalities=4, gwno=432,
         notes='Clash near "Gao";\nsecond line of notes.'),
    dict(id="UKR2002", no_cnty="2002", day=(2022, 3, 1), type="Explosions/Remote violence",
         sub="Shelling/artillery/missile attack", actor1="Military Forces of Russia (2000-)",
         inter1=8, actor2="Civilians (Ukraine)", inter2=7, iso=804, iso3="UKR",
         country="Ukraine", admin1="Kharkiv", admin2="Kharkivskyi", location="Kharkiv",
         lat=49.9935, lon=36.2304, geo=2, time=2, fatalities=0, gwno=369, notes="Shelling."),
    dict(id="NIG3003", no_cnty="3003", day=(2020, 8, 14), type="Protests",
         sub="Peaceful protest", actor1="Protesters (Niger)", inter1=6, actor2="", inter2=0,
         iso=562, iso3="NER", country="Niger", admin1="Niamey", admin2="Niamey",
         location="Niamey", lat=13.5128, lon=2.1128, geo=3, time=3, fatalities=0, gwno=436,
         notes="Protest against the government."),
]
OLD_TYPES = {"Battles": "Battle-No change of territory",
             "Explosions/Remote violence": "Remote violence", "Protests": "Riots/Protests"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def acled_date(day: tuple[int, int, int], style: str) -> str:
    y, m, d = day
    if style == "long":
        return f"{d} {MONTHS[m - 1]} {y}"
    if style == "iso":
        return f"{y:04d}-{m:02d}-{d:02d}"
    return f"{d:02d}/{m:02d}/{y:04d} 00:00:00"


def acled_row(event: dict[str, Any], generation: str) -> dict[str, Any]:
    """One event as a row of the given ACLED generation (current, 2019, 2015, 2024)."""
    style = {"current": "iso", "2019": "long", "2015": "dmy", "2024": "dmy"}[generation]
    inter_names = {0: "", 1: "State forces", 2: "Rebel group", 6: "Protesters",
                   7: "Civilians", 8: "External/Other forces"}
    row = {
        "event_id_cnty": event["id"], "event_id_no_cnty": event["no_cnty"],
        "data_id": str(int(event["no_cnty"]) * 7), "event_date": acled_date(event["day"], style),
        "year": event["day"][0], "time_precision": event["time"],
        "disorder_type": "Political violence", "event_type": event["type"],
        "sub_event_type": event["sub"], "actor1": event["actor1"], "assoc_actor_1": "",
        "inter1": event["inter1"], "actor2": event["actor2"], "assoc_actor_2": "",
        "inter2": event["inter2"], "interaction": _interaction(event),
        "civilian_targeting": "", "iso": event["iso"], "iso3": event["iso3"],
        "region": "Western Africa", "country": event["country"], "admin1": event["admin1"],
        "admin2": event["admin2"], "admin3": "", "location": event["location"],
        "latitude": event["lat"], "longitude": event["lon"], "geo_precision": event["geo"],
        "source": "RFI; Le Monde", "source_scale": "International", "notes": event["notes"],
        "fatalities": event["fatalities"], "tags": "", "timestamp": 1618528142,
        "gwno": event["gwno"], "ally_actor_1": "", "ally_actor_2": "",
    }
    if generation == "2015":
        row["event_type"] = OLD_TYPES.get(event["type"], event["type"])
        return {k.upper(): row[k.lower()] for k in ACLED_2015}
    if generation == "2024":
        row["inter1"] = inter_names[event["inter1"]]
        row["inter2"] = inter_names[event["inter2"]]
        row["interaction"] = f"{row['inter1']}-{row['inter2']}".strip("-")
    return row


def _interaction(event: dict[str, Any]) -> int:
    a, b = event["inter1"], event["inter2"]
    return a * 10 if not b else min(a, b) * 10 + max(a, b)


def acled_header(generation: str) -> list[str]:
    return {"current": ACLED_CURRENT, "2019": ACLED_2019, "2015": ACLED_2015,
            "2024": ACLED_CURRENT}[generation]


def write_csv(path: Path, header: Sequence[str], rows: Sequence[dict[str, Any]],
              *, delimiter: str = ",", encoding: str = "utf-8", shuffle: int | None = None
              ) -> Path:
    """Write rows with csv (quotes where needed, CRLF like real exports)."""
    header = list(header)
    if shuffle is not None:
        random.Random(shuffle).shuffle(header)
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(c, "") for c in header])
    return path


def write_acled(path: Path, generation: str = "current", events: list[dict[str, Any]] | None
                = None, **kwargs: Any) -> Path:
    rows = [acled_row(e, generation) for e in (events or BASE_EVENTS)]
    return write_csv(path, acled_header(generation), rows, **kwargs)


def monadic_rows() -> list[dict[str, Any]]:
    """ACLED's actor-based export: each event once per actor (actor1 only)."""
    rows = []
    for event in BASE_EVENTS:
        base = acled_row(event, "current")
        for actor, inter in ((event["actor1"], event["inter1"]),
                             (event["actor2"], event["inter2"])):
            if actor:
                rows.append({**base, "actor1": actor, "inter1": inter, "actor2": "",
                             "inter2": ""})
    return rows


# --- UCDP GED ----------------------------------------------------------------------------

UCDP_COLUMNS = [
    "id", "relid", "year", "active_year", "code_status", "type_of_violence",
    "conflict_dset_id", "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id",
    "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id",
    "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates",
    "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec",
    "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown",
    "best", "high", "low",
]


def ucdp_rows() -> list[dict[str, Any]]:
    return [
        dict(id=244657, relid="MLI-2019-1-1", year=2019, type_of_violence=1,
             side_a="Government of Mali", side_b="JNIM", where_prec=1,
             where_coordinates="Gao town", adm_1="Gao region", adm_2="Gao cercle",
             latitude=16.2717, longitude=-0.0447, geom_wkt="POINT (-0.0447 16.2717)",
             country="Mali", country_id=432, region="Africa", date_prec=1,
             date_start="2019-03-01 00:00:00.000", date_end="2019-03-01 00:00:00.000",
             best=5, high=7, low=5, source_article='"RFI,2019-03-01"',
             source_headline="Attack in Gao"),
        dict(id=244658, relid="COD-2019-3-1", year=2019, type_of_violence=3,
             side_a="ADF", side_b="Civilians", where_prec=4, where_coordinates="Nord Kivu",
             adm_1="Nord Kivu province", latitude=-0.7264, longitude=29.2378,
             country="DR Congo (Zaire)", country_id=490, region="Africa", date_prec=4,
             date_start="2019-05-01", date_end="2019-05-31", best=12, high=15, low=10),
        dict(id=244659, relid="UKR-2022-1-1", year=2022, type_of_violence=2,
             side_a="DPR", side_b="LPR", where_prec=6, where_coordinates="Ukraine",
             latitude=49.0, longitude=32.0, country="Ukraine", country_id=369,
             region="Europe", date_prec=5, date_start="2022-01-01", date_end="2022-12-31",
             best=0, high=0, low=0),
    ]


def write_ucdp(path: Path, rows: list[dict[str, Any]] | None = None) -> Path:
    return write_csv(path, UCDP_COLUMNS, rows if rows is not None else ucdp_rows())


# --- GDELT -------------------------------------------------------------------------------


def gdelt_row(width: int, **values: Any) -> str:
    """One tab-separated GDELT row of ``width`` fields (defaults: a fight in Gao)."""
    row = dict.fromkeys(gdelt_columns(width), "")
    row.update(
        GLOBALEVENTID="830000001", SQLDATE="20190301", MonthYear="201903", Year="2019",
        FractionDate="2019.1644", Actor1Code="MLIMIL", Actor1Name="MALI",
        Actor1CountryCode="MLI", Actor2Code="REB", Actor2Name="REBEL", IsRootEvent="1",
        EventCode="190", EventBaseCode="190", EventRootCode="19", QuadClass="4",
        GoldsteinScale="-10.0", NumMentions="4", NumSources="1", NumArticles="4",
        AvgTone="-5.2", ActionGeo_Type="4", ActionGeo_FullName="Gao, Gao, Mali",
        ActionGeo_CountryCode="ML", ActionGeo_ADM1Code="ML07", ActionGeo_Lat="16.2717",
        ActionGeo_Long="-0.0447", ActionGeo_FeatureID="-2391523", DATEADDED="20190302",
        SOURCEURL="https://example.org/a?x=1&y=2",
    )
    if width == 61:
        row["DATEADDED"] = "20190302031500"
    row.update({k: str(v) for k, v in values.items()})
    return "\t".join(row[c] for c in gdelt_columns(width))


def write_gdelt(path: Path, width: int, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(gdelt_row(width, **r) + "\n" for r in rows), encoding="utf-8")
    return path
