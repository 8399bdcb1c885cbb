"""The scenario loader: a good file, the bundled example, and bad files with exact errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geomap.errors import InputError, ScenarioError
from geomap.model import EVENT_COLUMNS, ActorKind, RelationKind
from geomap.precision import DatePrecision, Precision
from geomap.sources.scenario import (
    example_path,
    load_scenario,
    parse_date,
    read_scenario,
    scenario_events,
)

GOOD = """\
title: Test story
subtitle: A small one
date: 2024-08-05
context_countries: [ML]
regions: [sahel]
highlight: [ML, UA, 'NO']
bounds: [5, -20, 60, 45]
sources:
  - {id: s1, title: Report one, publisher: Wire, url: https://example.org/a, date: 2024-08-04}
  - {id: s2, title: Report two}
places:
  - {id: bko, name: Bamako, lat: 12.65, lon: -8.0, country: ML}
  - {id: tz, name: Tinzaouaten, lat: 19.9, lon: 3.0, country: ML, precision: near}
  - {id: ml, name: Mali, lat: 17.57, lon: -3.99, country: ML, precision: country}
actors:
  - {id: mali, name: Mali, kind: state, country: ML, place: bko}
  - {id: fama, name: FAMa, kind: armed_forces, place: bko, affiliation: mali}
  - {id: jnim, name: JNIM, kind: armed_group, aliases: [JNIM, GSIM], place: tz}
  - {id: csp, name: CSP-DPA, kind: armed_group, place: tz}
events:
  - id: battle
    date: 2024-07-25
    date_end: 2024-07-27
    date_precision: days
    type: Battles
    sub_type: Armed clash
    actors: [jnim, csp]
    targets: [fama]
    place: tz
    fatalities: 131
    fatalities_claimed_by: jnim
    sources: [s1, s2]
  - id: context
    date: 2012-01
    type: strategic developments
    actors: [csp]
    place: ml
    sources: s2
relations:
  - {source: jnim, target: fama, kind: attack, date: 2024-07, claimed_by: jnim, sources: [s1]}
  - {id: cut, source: mali, target: fama, kind: severed_ties, date: 2024-08-04, sources: [s1]}
"""


def write(tmp_path: Path, text: str, name: str = "story.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_loads_into_model_objects(tmp_path: Path) -> None:
    scenario = load_scenario(write(tmp_path, GOOD))
    assert scenario.title == "Test story" and scenario.date == date(2024, 8, 5)
    assert scenario.highlight == ["ML", "UA", "NO"]
    assert scenario.bounds == (5.0, -20.0, 60.0, 45.0)
    assert scenario.actors["jnim"].kind is ActorKind.ARMED_GROUP
    assert scenario.actors["jnim"].aliases == ("JNIM", "GSIM")
    assert scenario.places["tz"].precision is Precision.NEAR
    battle, context = scenario.events
    # asymmetric coordinates: a lat/lon swap would give 3.0 / 19.9
    assert (battle.latitude, battle.longitude) == (19.9, 3.0)
    assert battle.actor1 == "JNIM" and battle.assoc_actor_1 == "CSP-DPA"
    assert battle.actor2 == "FAMa" and battle.fatalities == 131
    assert battle.fatalities_claimed_by == "JNIM"
    assert battle.time_precision is DatePrecision.DAYS
    assert battle.source == "Wire; Report two" and battle.source_url == "https://example.org/a"
    assert scenario.event_actors["battle"] == (("jnim", "csp"), ("fama",))
    assert context.event_type == "Strategic developments"
    assert context.time_precision is DatePrecision.MONTH
    assert context.geo_precision is Precision.COUNTRY and not context.is_point


def test_relations_ids_kinds_and_claims(tmp_path: Path) -> None:
    first, cut = load_scenario(write(tmp_path, GOOD)).relations
    assert first.id == "relation-1" and first.kind is RelationKind.ATTACK
    assert first.claimed_by == "jnim" and first.date_precision is DatePrecision.MONTH
    assert cut.kind is RelationKind.SEVERED_TIES and cut.sources == ("s1",)


def test_scenario_events_is_a_read_result(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    result = scenario_events(load_scenario(path), path)
    assert tuple(result.frame.columns) == EVENT_COLUMNS
    assert result.rows_read == result.rows_accepted + result.rows_rejected == 2
    assert set(result.frame["dataset"]) == {"scenario"}
    assert result.scenario.title == "Test story"


def test_bundled_example_tells_the_story() -> None:
    scenario = load_scenario(example_path())
    names = {p.name for p in scenario.places.values()}
    for needed in ("Bamako", "Kidal", "Tinzaouaten", "Mali", "Algeria", "Libya", "Ukraine",
                   "Kyiv", "Russia", "Moscow", "France", "Paris", "Sahel"):
        assert needed in names
    assert "sahel" in scenario.regions
    events = {e.event_id: e for e in scenario.events}
    battle = events["tinzaouaten-battle"]
    assert battle.fatalities_claimed_by and battle.admin1 == "Kidal"
    assert 19 < battle.latitude < 21 and 2 < battle.longitude < 4
    kinds = {r.kind for r in scenario.relations}
    assert {RelationKind.SEVERED_TIES, RelationKind.ALLEGED_SUPPORT} <= kinds
    assert all(scenario.event_sources[e.event_id] for e in scenario.events)
    assert all(r.sources for r in scenario.relations)
    assert read_scenario(example_path()).rows_accepted == len(scenario.events)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2024-08-04", (date(2024, 8, 4), DatePrecision.DAY)),
     ("2024-07", (date(2024, 7, 1), DatePrecision.MONTH)),
     (2011, (date(2011, 1, 1), DatePrecision.YEAR)),
     (date(2020, 8, 18), (date(2020, 8, 18), DatePrecision.DAY))],
)
def test_parse_date_forms(value: object, expected: tuple[date, DatePrecision]) -> None:
    assert parse_date(value) == expected


def _error(tmp_path: Path, text: str) -> ScenarioError:
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    error = info.value
    assert error.file == str(path)
    assert isinstance(error, InputError) and isinstance(error, ValueError)
    return error


def _replace(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "field", "needle", "says"),
    [
        ("date: 2024-07-25", "date: yesterday", "events[0].date", "date: yesterday",
         "YYYY-MM-DD"),
        ("fatalities: 131", "fatalities: many", "events[0].fatalities", "fatalities: many",
         "whole number"),
        ("fatalities: 131", "fatalities: -3", "events[0].fatalities", "fatalities: -3",
         "whole number"),
        ("lat: 19.9,", "lat: '19.9',", "places[1].lat", "'19.9'", "expected a number"),
        ("lat: 19.9,", "lat: 95.0,", "places[1].lat", "lat: 95.0", "latitude"),
        ("type: Battles", "type: Skirmish", "events[0].type", "Skirmish", "Battles"),
        ("kind: attack", "kind: friendship", "relations[0].kind", "friendship", "support"),
        ("kind: armed_group, aliases", "kind: gang, aliases", "actors[2].kind", "gang",
         "armed_group"),
        ("highlight: [ML, UA, 'NO']", "highlight: [ML, UA, NO]", "highlight[2]", "highlight",
         "quotes"),
        ("bounds: [5, -20, 60, 45]", "bounds: [60, -20, 5, 45]", "bounds", "bounds:",
         "south, west"),
        ("aliases: [JNIM, GSIM]", "aliases: {a: 1}", "actors[2].aliases", "aliases: {a",
         "expected a list"),
    ],
)
def test_wrong_types_name_line_and_field(
    tmp_path: Path, old: str, new: str, field: str, needle: str, says: str
) -> None:
    text = _replace(old, new)
    error = _error(tmp_path, text)
    assert error.field == field
    assert error.line == _line_of(text, needle)
    assert says in str(error)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("    place: tz\n", "", "events[0].place"),
        ("    sources: [s1, s2]\n", "", "events[0].sources"),
        ("title: Test story\n", "", "title"),
        ("{id: s2, title: Report two}", "{id: s2}", "sources[1].title"),
        ("{id: bko, name: Bamako, ", "{id: bko, ", "places[0].name"),
        ("lat: 19.9, lon: 3.0,", "lat: 19.9,", "places[1].lon"),
    ],
)
def test_missing_fields(tmp_path: Path, old: str, new: str, field: str) -> None:
    error = _error(tmp_path, _replace(old, new))
    assert error.field == field
    assert error.line is not None
    assert "expected" in str(error)


@pytest.mark.parametrize(
    ("old", "new", "field", "known"),
    [
        ("sources: [s1, s2]", "sources: [s1, s9]", "events[0].sources[1]", "s1, s2"),
        ("actors: [jnim, csp]", "actors: [jnim, isis]", "events[0].actors[1]", "csp"),
        ("targets: [fama]", "targets: [wagner]", "events[0].targets[0]", "fama"),
        ("    place: tz\n", "    place: gao\n", "events[0].place", "bko"),
        ("affiliation: mali", "affiliation: nobody", "actors[1].affiliation", "mali"),
        ("{source: jnim, target: fama", "{source: jnim, target: ghost", "relations[0].target",
         "jnim"),
        ("fatalities_claimed_by: jnim", "fatalities_claimed_by: reuters",
         "events[0].fatalities_claimed_by", "jnim"),
    ],
)
def test_unknown_ids(tmp_path: Path, old: str, new: str, field: str, known: str) -> None:
    text = _replace(old, new)
    error = _error(tmp_path, text)
    assert error.field == field
    assert "expected an id defined in" in str(error) and known in str(error)
    assert error.line == _line_of(text, new.strip())


def test_regions_resolve_to_ids(tmp_path: Path) -> None:
    text = _replace("regions: [sahel]", "regions: [Sahel, Donbass]")
    scenario = load_scenario(write(tmp_path, text))
    assert scenario.regions == ["sahel", "donbas"]
    error = _error(tmp_path, _replace("regions: [sahel]", "regions: [sahel, atlantis]"))
    assert error.field == "regions[1]" and error.line == 5
    assert "atlantis" in str(error) and "liptako-gourma" in str(error)


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    text = GOOD.replace("subtitle: A small one\n", "subtitle: A small one\ntitle: Again\n")
    error = _error(tmp_path, text)
    assert error.field == "title" and error.line == 3
    assert "first on line 1" in str(error)


def test_duplicate_ids(tmp_path: Path) -> None:
    error = _error(tmp_path, _replace("{id: s2, title", "{id: s1, title"))
    assert error.field == "sources[1].id" and error.line == 10
    assert "unique" in str(error)


def test_one_read_names_every_error_of_the_file(tmp_path: Path) -> None:
    # three mistakes in three entries: a curator fixes them in one go, not one per run
    text = _replace("  - {id: s2, title: Report two}",
                    "  - {id: s2, title: Report two, date: soon}")
    text = text.replace("    date: 2012-01\n", "    date: someday\n", 1)
    text = text.replace("{id: cut, source: mali, target: fama, kind: severed_ties",
                        "{id: cut, source: mali, target: fama, kind: friendship", 1)
    error = _error(tmp_path, text)
    assert error.field == "sources[1].date" and error.line == _line_of(text, "date: soon")
    assert [(e.field, e.line) for e in error.others if not e.follows] == [
        ("events[1].date", _line_of(text, "date: someday")),
        ("relations[1].kind", _line_of(text, "kind: friendship"))]
    message = str(error)
    assert "2 more errors in this file" in message
    assert f"line {_line_of(text, 'date: someday')}: field 'events[1].date'" in message
    assert "field 'relations[1].kind'" in message and "friendship" in message


def test_entries_naming_an_entry_with_errors_are_counted_not_listed(tmp_path: Path) -> None:
    # a bad place takes down the actors placed there and the events they take part in:
    # the message names the place's error, and counts the rest as following from it
    text = _replace("{id: tz, name: Tinzaouaten, lat: 19.9,",
                    "{id: tz, name: Tinzaouaten, lat: 99.9,")
    error = _error(tmp_path, text)
    assert error.field == "places[1].lat"
    following = [e for e in error.others if e.follows]
    assert {e.field for e in following} >= {"actors[2].place", "actors[3].place"}
    assert all("errors of its own" in e.reason for e in following)
    assert not [e for e in error.others if not e.follows]
    message = str(error)
    assert "more error" not in message  # no other error of its own
    assert f"{len(following)} more entries of this file name an entry with errors" in message
    assert "Known places ids" not in message  # not told as an unknown id


def test_a_duplicate_id_leaves_the_first_entry_standing(tmp_path: Path) -> None:
    # the second "s1" is the mistake; entries citing s1 name the first, without an error
    text = _replace("  - {id: s2, title: Report two}",
                    "  - {id: s2, title: Report two}\n  - {id: s1, title: Again}")
    error = _error(tmp_path, text)
    assert error.field == "sources[2].id" and error.others == ()


def test_past_twenty_errors_the_rest_are_counted(tmp_path: Path) -> None:
    extra = "".join(f"  - {{id: x{i}, title: T, date: never}}\n" for i in range(25))
    text = _replace("  - {id: s2, title: Report two}\n",
                    "  - {id: s2, title: Report two}\n" + extra)
    error = _error(tmp_path, text)
    assert len(error.others) == 24
    message = str(error)
    assert message.count("field 'sources[") == 21 and "; and 4 more." in message


def test_values_that_are_no_values_are_named_all_in_one_read(tmp_path: Path) -> None:
    # days that are none (month 13, 30 February) and a text holding a NUL: the YAML
    # reader itself refuses them, and the first stopped the read, so each other mistake
    # of the file took a run of its own; now each is named with the others
    text = _replace("  - {id: s2, title: Report two}",
                    "  - {id: s2, title: Report two, date: 2024-13-01}")
    text = text.replace("    date: 2012-01\n", "    date: 2012-01\n    notes: \"a\\0b\"\n", 1)
    text = text.replace("kind: severed_ties, date: 2024-08-04", "kind: severed_ties, "
                        "date: 2024-02-30", 1)
    error = _error(tmp_path, text)
    assert error.field == "sources[1].date" and error.line == _line_of(text, "2024-13-01")
    assert "month must be in 1..12" in error.reason
    assert [e.field for e in error.others if not e.follows] == ["events[1].notes",
                                                                 "relations[1].date"]
    message = str(error)
    assert "2 more errors in this file" in message and "NUL" in message \
        and "'2024-02-30'" in message


def test_unknown_key_is_a_typo(tmp_path: Path) -> None:
    error = _error(tmp_path, _replace("    fatalities: 131\n", "    fatalites: 131\n"))
    assert error.field == "events[0].fatalites" and "fatalities" in str(error)


def test_alias_bomb_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    error = _error(tmp_path, "\n".join(lines) + "\n")
    assert "at most" in str(error) and error.line is not None


@pytest.mark.parametrize("extra", [
    "extra: &r [*r]\n",                      # a list holding itself
    "extra: &r {a: 1, b: *r}\n",             # a mapping holding itself
    "extra: &r\n  - [x, [y, *r]]\n",         # deeper down
])
def test_a_recursive_alias_is_one_clear_error(tmp_path: Path, extra: str) -> None:
    """Before: ``a: &r [*r]`` (an alias inside the value its anchor names) was a
    RecursionError traceback, through ``geomap build`` too."""
    error = _error(tmp_path, GOOD + extra)
    assert "recursive alias" in str(error)
    assert error.line == _line_of(GOOD + extra, "extra:")
    assert error.field is not None and error.field.startswith("extra")


def test_aliases_that_do_not_expand_are_read(tmp_path: Path) -> None:
    """Alias protection measures expansion, not the number of aliases used."""
    text = GOOD.replace("    sources: [s1, s2]\n", "    sources: &cited [s1, s2]\n", 1)
    text = text.replace("relations:\n", "".join(
        f"  - {{id: e{i}, date: 2024-07-25, type: Battles, actors: [jnim], place: tz, "
        f"sources: *cited}}\n" for i in range(300)) + "relations:\n")
    scenario = load_scenario(write(tmp_path, text))
    assert len(scenario.events) == 302
    assert scenario.event_sources["e299"] == ("s1", "s2")


@pytest.mark.slow
def test_a_large_scenario_without_aliases_is_read(tmp_path: Path) -> None:
    """25,000 events (225,000 values, over the old fixed cap of 200,000) are read."""
    events = "".join(
        f"  - {{id: e{i}, date: 2024-07-{1 + i % 28:02d}, type: Battles, actors: [jnim], "
        f"place: tz, fatalities: {i % 9}, sources: [s1]}}\n" for i in range(25_000))
    text = GOOD.replace("relations:\n", events + "relations:\n")
    scenario = load_scenario(write(tmp_path, text))
    assert len(scenario.events) == 25_002
    assert scenario.events[-1].fatalities == 24_999 % 9


@pytest.mark.parametrize("python_parser", [True, False])
@pytest.mark.parametrize("flow", [True, False])
def test_deep_nesting_is_one_clear_error(tmp_path: Path, flow: bool, python_parser: bool,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """600 levels (a RecursionError before) are refused naming the line."""
    from geomap.sources import scenario_yaml

    if python_parser:
        monkeypatch.setattr(scenario_yaml, "_LOADER", scenario_yaml._PythonLoader)
    if flow:
        text = "title: t\nextra: " + "[" * 600 + "]" * 600 + "\n"
    else:
        text = "title: t\n" + "".join("  " * i + "k:\n" for i in range(600)) + "  " * 600 + "k: 1\n"
    error = _error(tmp_path, text)
    assert "nested at most" in str(error) and error.line is not None


def test_a_lone_surrogate_is_refused_naming_the_line(tmp_path: Path) -> None:
    """\\ud800 is no character (it made writing the map fail with UnicodeEncodeError)."""
    text = GOOD.replace("    sub_type: Armed clash", '    sub_type: "Armed \\ud800 clash"')
    error = _error(tmp_path, text)
    assert error.line == _line_of(text, "Armed ")
    assert "surrogate" in str(error) or "escape" in str(error)


@pytest.mark.parametrize("raw", ["\x00", "\x1b", "\x7f"])
def test_a_control_character_written_as_it_is_is_refused_naming_the_line(
        tmp_path: Path, raw: str) -> None:
    """Before: a NUL or an escape written into the file as it is (not as an escape in
    quotes) was refused as 'unacceptable character #x0000 ... in "<unicode string>",
    position 3021': a count of characters on a second line, no line of the file."""
    text = GOOD.replace("    sub_type: Armed clash", f"    sub_type: Armed{raw} clash")
    error = _error(tmp_path, text)
    assert error.line == _line_of(text, "Armed")
    message = str(error)
    assert "\n" not in message and "<unicode string>" not in message and "position" not in message
    assert f"{raw!r}" in message and "control characters are not allowed" in message


@pytest.mark.parametrize("escape", ["\\0", "\\x00", "\\u0000"])
def test_a_nul_character_is_refused_naming_the_line(tmp_path: Path, escape: str) -> None:
    """Before: ``sub_type: "Armed \\0 clash"`` was read, and GeoJSON and GeoPackage layer
    files cut the text at it ("Armed ") without a word."""
    text = GOOD.replace("    sub_type: Armed clash", f'    sub_type: "Armed {escape} clash"')
    error = _error(tmp_path, text)
    assert (error.line, error.field) == (_line_of(text, "Armed "), "events[0].sub_type")
    assert "NUL" in str(error)


def test_a_lone_surrogate_is_refused_by_the_python_parser_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from geomap.sources import scenario_yaml

    monkeypatch.setattr(scenario_yaml, "_LOADER", scenario_yaml._PythonLoader)
    text = GOOD.replace("    sub_type: Armed clash", '    sub_type: "Armed \\ud800 clash"')
    error = _error(tmp_path, text)
    assert error.field == "events[0].sub_type" and "surrogate" in str(error)


@pytest.mark.parametrize("value", [str(10**100), "9223372036854775808", "-1"])
def test_fatalities_beyond_what_a_map_can_show_are_refused(tmp_path: Path, value: str) -> None:
    """10**100 was accepted and shown as -9223372036854775808."""
    error = _error(tmp_path, GOOD.replace("fatalities: 131", f"fatalities: {value}"))
    assert error.field == "events[0].fatalities" and "9007199254740991" in str(error)


def test_date_end_before_date_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace("date_end: 2024-07-27", "date_end: 2024-07-20")
    error = _error(tmp_path, text)
    assert error.field == "events[0].date_end" and error.line == _line_of(text, "date_end")
    assert "2024-07-25" in str(error) and "2024-07-20" in str(error)


def test_an_endless_device_is_refused_at_once() -> None:
    """/dev/zero has size 0 and never ends (a MemoryError before)."""
    with pytest.raises(ScenarioError, match="regular file"):
        load_scenario("/dev/zero")


def test_merge_keys_refused(tmp_path: Path) -> None:
    text = GOOD + "extra: &base {a: 1}\nmore:\n  <<: *base\n"
    error = _error(tmp_path, text)
    assert "merge" in str(error) and error.line == _line_of(text, "<<")


@pytest.mark.parametrize(
    ("text", "says"),
    [("- a\n- b\n", "mapping"), ("", "mapping"), ("just text\n", "mapping"),
     ("title: [unclosed\n", "YAML"), ("title: t\nevents: {id: e}\n", "list")],
)
def test_not_a_scenario(tmp_path: Path, text: str, says: str) -> None:
    error = _error(tmp_path, text)
    assert says in str(error)


def test_unsafe_tags_are_not_executed(tmp_path: Path) -> None:
    text = "title: !!python/object/apply:os.system ['echo hacked']\n"
    error = _error(tmp_path, text)
    assert error.line == 1


def test_events_entry_not_a_mapping(tmp_path: Path) -> None:
    text = GOOD.replace("events:\n  - id: battle", "events:\n  - just a string\n  - id: battle")
    error = _error(tmp_path, text)
    assert error.field == "events[0]" and error.line == _line_of(text, "just a string")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("title: Ségou\n".encode("latin-1"))
    with pytest.raises(ScenarioError, match="UTF-8"):
        load_scenario(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path / "nope.yaml")


def test_place_without_coordinates_uses_gazetteer(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Without lat/lon a place resolves by name; a miss is an error on that place."""
    from geomap.errors import PlaceNotFound
    from geomap.model import Place
    from geomap.sources import scenario as module

    class FakeGazetteer:
        @classmethod
        def default(cls) -> FakeGazetteer:
            return cls()

        def resolve(self, name: str, country: str | None = None,
                    context: list[str] | None = None) -> Place:
            assert context == ["ML"]
            if name == "Kidal":
                return Place("Kidal", 18.44, 1.41, precision=Precision.EXACT, country_code="ML")
            raise PlaceNotFound(name, ["Kidal"])

    monkeypatch.setattr(module, "Gazetteer", FakeGazetteer)
    text = _replace("{id: bko, name: Bamako, lat: 12.65, lon: -8.0, country: ML}",
                    "{id: bko, name: Kidal}")
    assert load_scenario(write(tmp_path, text)).places["bko"].lat == 18.44
    text = _replace("{id: bko, name: Bamako, lat: 12.65, lon: -8.0, country: ML}",
                    "{id: bko, name: Atlantis}")
    error = _error(tmp_path, text)
    assert error.field == "places[0].name" and "Did you mean: Kidal" in str(error)


@pytest.mark.slow
def test_example_places_resolve_through_the_gazetteer() -> None:
    """The example's explicit coordinates agree with the offline gazetteer."""
    import math

    from geomap.geocoding.gazetteer import Gazetteer

    gazetteer = Gazetteer.default()
    scenario = load_scenario(example_path())
    for place in scenario.places.values():
        found = gazetteer.resolve(place.name, country=place.country_code,
                                  context=scenario.context_countries)
        # towns within ~0.1°, country and region centroids within their own spread
        limit = 0.1 if place.precision.is_point else 10.0
        assert math.dist((place.lat, place.lon), (found.lat, found.lon)) < limit, place.name
        assert found.precision.is_point == place.precision.is_point, place.name


@pytest.mark.slow
def test_docs_example_loads(tmp_path: Path) -> None:
    """The complete example in docs/scenario.md is a valid scenario (Kyiv via the gazetteer)."""
    docs = Path(__file__).resolve().parents[2] / "docs" / "scenario.md"
    text = docs.read_text(encoding="utf-8").split("```yaml\n", 1)[1].split("```", 1)[0]
    scenario = load_scenario(write(tmp_path, text))
    kyiv = scenario.places["kyiv"]
    assert abs(kyiv.lat - 50.45) < 0.1 and abs(kyiv.lon - 30.52) < 0.1
    assert scenario.events[0].fatalities_claimed_by == "JNIM"
    assert scenario.relations[0].kind is RelationKind.SEVERED_TIES
