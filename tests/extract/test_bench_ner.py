"""bench/bench_ner.py scores what it says (entities made here: no spaCy pipeline needed)."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest

from tests.extract.conftest import load_bench

TEXT = "Officials in Paris, Texas met the mayor of Lyon."


@dataclass
class _Span:
    start_char: int
    end_char: int
    label_: str


class _FakePipeline:
    """Stands for a spaCy pipeline: ``nlp(text).ents`` are the spans it was given."""

    def __init__(self, spans: list[tuple[str, str]]) -> None:
        self.spans = spans

    def __call__(self, text: str) -> Any:
        ents = [_Span(text.index(words), text.index(words) + len(words), label)
                for words, label in self.spans]
        return type("Doc", (), {"ents": ents})()


def _gold(*names: tuple[str, float, float]) -> list[dict[str, Any]]:
    return [{"start": TEXT.index(name), "end": TEXT.index(name) + len(name), "name": name,
             "lat": lat, "lon": lon} for name, lat, lon in names]


def _place(start: int, end: int, kind: str = "populated_place",
           population: int | None = 5000) -> dict[str, Any]:
    return {"start": start, "end": end, "kind": kind, "population": population}


def test_each_veto_takes_the_spans_it_names_and_no_other():
    bench = load_bench("bench_ner")
    town = _place(10, 15)
    assert bench.VETOES["veto: span exactly a PERSON or ORG"](town, (10, 15, "PERSON"))
    assert not bench.VETOES["veto: span exactly a PERSON or ORG"](town, (10, 15, "GPE"))
    assert not bench.VETOES["veto: span exactly a PERSON or ORG"](town, (4, 15, "PERSON"))
    small = bench.VETOES["veto: the same, towns under 100,000 only"]
    assert small(town, (10, 15, "ORG"))
    assert not small(_place(10, 15, population=2_000_000), (10, 15, "ORG"))
    assert not small(_place(10, 15, kind="country", population=None), (10, 15, "ORG"))
    inside = bench.VETOES["veto: inside a longer ORG"]
    assert inside(town, (4, 30, "ORG"))
    assert not inside(town, (10, 15, "ORG"))
    assert not inside(town, (4, 30, "PERSON"))


def test_spacy_alone_matches_one_span_to_one_gold_place():
    bench = load_bench("bench_ner")
    tally: Counter[str] = Counter()
    gold = _gold(("Paris", 33.66, -95.56), ("Texas", 31.13, -98.76))
    # one span over both gold places finds one of them; a person is no place span
    bench.spacy_alone([(13, 25, "GPE"), (30, 40, "PERSON"), (45, 49, "GPE")], gold, tally)
    assert tally == Counter({"gold": 2, "spans": 2, "found": 1})


def test_a_veto_on_a_right_place_costs_a_found_and_a_right_place():
    bench = load_bench("bench_ner")
    doc = {"text": TEXT, "toponyms": _gold(("Paris", 33.66, -95.56), ("Texas", 31.13, -98.76),
                                           ("Lyon", 45.75, 4.85))}
    nlp = _FakePipeline([("Paris", "PERSON"), ("Texas", "GPE"), ("Lyon", "GPE")])
    tallies, _, alone = bench.score([doc], nlp, resolution_only=False)
    without, vetoed = (tallies["without"].figures(),
                       tallies["veto: span exactly a PERSON or ORG"].figures())
    assert without["R"] == 1.0 and without["e2e"] == 1.0
    assert vetoed["R"] == pytest.approx(2 / 3) and vetoed["e2e"] == pytest.approx(2 / 3)
    assert alone == Counter({"gold": 3, "spans": 2, "found": 2})


def test_a_proposal_is_counted_by_whether_the_index_could_place_it():
    bench = load_bench("bench_ner")
    text = "The herd grazed near Lyon, Marseille and Qqxzvillage."
    names = {"Lyon": (45.75, 4.85), "Marseille": (43.30, 5.37), "Qqxzvillage": (10.0, 10.0)}
    gold = [{"start": text.index(name), "end": text.index(name) + len(name), "name": name,
             "lat": lat, "lon": lon} for name, (lat, lon) in names.items()]
    proposed: Counter[str] = Counter()
    spans = [(g["start"], g["end"], "GPE") for g in gold] + [(4, 8, "LOC")]
    bench.proposals(text, [], spans, gold, proposed)
    assert proposed == Counter({"proposal, gold, an entry within 161 km": 2,
                                "proposal, gold, no entry within 161 km": 1,
                                "proposal, not gold, not in the index": 1})
    # a span geomap already placed is no proposal
    proposed.clear()
    bench.proposals(text, [gold[0]], spans, gold, proposed)
    assert proposed["proposal, gold, an entry within 161 km"] == 1


def test_without_spacy_the_script_says_how_to_install_it(monkeypatch):
    bench = load_bench("bench_ner")
    monkeypatch.setitem(sys.modules, "spacy", None)
    with pytest.raises(SystemExit, match="pip install spacy"):
        bench.load_pipeline("en_core_web_sm", [])
