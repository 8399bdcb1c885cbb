"""The real seed article (when present) and the scenario round trip."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from geomap.extract import extract_text, extraction_to_scenario_dict

REPO = Path(__file__).resolve().parents[2]
# shared/ lies beside the checkout (CI) or at /work/shared (developers' machines)
SEED_DIRS = (REPO.parent / "shared" / "seeds", Path("/work/shared/seeds"))


def _seed_text() -> str:
    files = [f for d in SEED_DIRS if d.is_dir() for f in sorted(d.glob("*.txt"))]
    if not files:
        pytest.skip("the seed article is not on this machine")
    return files[0].read_text(encoding="utf-8")


def test_seed_article():
    text = _seed_text()
    data = extract_text(text, article_date=date(2024, 8, 5)).to_json()
    for item in data["places"] + data["actors"]:
        assert text[item["start"]:item["end"]] == item["text"]
    names = {(p["text"], p["name"]) for p in data["places"]}
    assert {("Kiev", "Kyiv"), ("Bamako", "Bamako"), ("Sahel", "Sahel"),
            ("African Sahel", "Sahel"), ("Libya", "Libya")} <= names
    actors = {(a["text"], a["name"]) for a in data["actors"]}
    assert ("Bamako", "Mali") in actors and ("Kiev", "Ukraine") in actors
    assert {"Wagner Group", "Security Service of Ukraine (SBU)"} <= {n for _, n in actors}
    assert ("JNIM", "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)") in actors
    relations = {(r["source"], r["kind"], r["target"]) for r in data["relations"]}
    assert ("Mali", "severed_diplomatic_ties", "Ukraine") in relations
    late = [e for e in data["events"] if e["sentence"].startswith("Late last month")]
    assert late and late[0]["type"] == "Battles"
    assert (late[0]["date"], late[0]["date_precision"]) == ("2024-07-01", "month")


def test_scenario_round_trip(tmp_path):
    from geomap.sources.scenario import load_scenario
    from tests.extract.conftest import ARTICLE_DATE, PARAPHRASE

    extraction = extract_text(PARAPHRASE, article_date=ARTICLE_DATE)
    mapping = extraction_to_scenario_dict(
        extraction, title="Mali and Ukraine", source={"id": "a1", "title": "Paraphrase",
                                                      "date": ARTICLE_DATE})
    path = tmp_path / "draft.yaml"
    path.write_text(yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    scenario = load_scenario(path)
    assert scenario.title == "Mali and Ukraine"
    assert {"state-ml", "state-ua", "jnim", "wagner"} <= set(scenario.actors)
    kinds = {(r.source, r.kind.value, r.target) for r in scenario.relations}
    assert ("state-ml", "severed_diplomatic_ties", "state-ua") in kinds
    assert "President of the Transition" in (scenario.actors["person-goita"].description or "")
    kyiv = next(p for p in scenario.places.values() if p.name == "Kyiv")
    assert (round(kyiv.lat), round(kyiv.lon)) == (50, 31)
    assert len(scenario.events) >= 3
