"""Hand-curated scenario files (YAML): sources, places, actors, events and relations.

The schema is documented in ``docs/scenario.md``. Loading is strict: every error names
the file, the line and the field (``events[3].date``), says what was expected and how to
fix it. YAML is parsed with the safe constructors only (:mod:`geomap.sources.scenario_yaml`).

Places without ``lat``/``lon`` resolve by name through the offline gazetteer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

from geomap.errors import ConfigError, GeocodeError, ScenarioError
from geomap.geocoding.gazetteer import Gazetteer
from geomap.model import (
    EVENT_COLUMNS,
    EVENT_TYPES,
    Actor,
    ActorKind,
    Event,
    Place,
    PlaceKind,
    Relation,
    RelationKind,
    Source,
    check_latlon,
)
from geomap.precision import DatePrecision, Precision
from geomap.refdata.regions import UnknownRegion, region
from geomap.sources.report import ReadResult
from geomap.sources.scenario_fields import Fields, parse_date
from geomap.sources.scenario_yaml import MAX_BYTES, YamlPath, parse_yaml

logger = logging.getLogger(__name__)

TOP_KEYS = ("title", "subtitle", "description", "date", "context_countries", "regions",
            "highlight", "bounds", "sources", "places", "actors", "events", "relations")
SOURCE_KEYS = ("id", "title", "publisher", "url", "date", "note")
PLACE_KEYS = ("id", "name", "lat", "lon", "country", "precision", "kind", "admin1", "note")
ACTOR_KEYS = ("id", "name", "kind", "aliases", "country", "place", "affiliation",
              "description")
EVENT_KEYS = ("id", "date", "date_end", "date_precision", "type", "sub_type", "actors",
              "targets", "place", "fatalities", "fatalities_low", "fatalities_high",
              "fatalities_claimed_by", "notes", "sources")
RELATION_KEYS = ("id", "source", "target", "kind", "date", "date_precision", "claimed_by",
                 "description", "sources")


@dataclass
class Scenario:
    """A loaded scenario: the story's metadata and its value objects, keyed by id.

    ``event_actors`` maps each event id to its ``(actor ids, target ids)``; the events
    themselves carry actor *names* in ACLED's ``actor1``/``assoc_actor_1`` fields.
    """

    title: str
    path: Path | None = None
    subtitle: str | None = None
    description: str | None = None
    date: date | None = None
    context_countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    highlight: list[str] = field(default_factory=list)
    bounds: tuple[float, float, float, float] | None = None  # (south, west, north, east)
    sources: dict[str, Source] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    event_actors: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(
        default_factory=dict
    )
    event_sources: dict[str, tuple[str, ...]] = field(default_factory=dict)


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate a scenario YAML file.

    Parameters
    ----------
    path
        The ``.yaml`` file.

    Returns
    -------
    Scenario
        Sources, places, actors, events and relations as :mod:`geomap.model` objects.

    Raises
    ------
    ScenarioError
        With ``file``, ``line`` and ``field`` set, for any breach of the schema.

    Examples
    --------
    >>> from geomap.sources.scenario import load_scenario, example_path
    >>> load_scenario(example_path()).title  # doctest: +SKIP
    'Mali cuts ties with Ukraine after the battle of Tinzaouaten'
    """
    file = Path(path)
    return _load_text(_read_text(file), file)


def scenario_from_dict(data: Mapping[str, Any], name: str | Path) -> Scenario:
    """Validate a scenario given as a mapping (e.g. a draft made from an article).

    The mapping is written out as YAML and loaded like a file, so errors name the line
    of that YAML text and the field.
    """
    import yaml

    text = yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True)
    return _load_text(text, Path(name))


def _load_text(text: str, file: Path) -> Scenario:
    data, lines = parse_yaml(text, file, keep_invalid=True)
    top = Fields(data, (), file, lines, TOP_KEYS, what="the scenario")
    scenario = Scenario(
        title=top.text("title", required=True) or "",
        path=file,
        subtitle=top.text("subtitle"),
        description=top.text("description"),
        date=top.date("date"),
        context_countries=top.countries("context_countries"),
        regions=_region_ids(top),
        highlight=top.countries("highlight"),
        bounds=top.bounds("bounds"),
    )
    builder = _Builder(scenario, file, lines)
    builder.sources(top.items("sources"))
    builder.places(top.items("places"))
    builder.actors(top.items("actors"))
    builder.events(top.items("events"))
    builder.relations(top.items("relations"))
    if builder.errors:
        first = builder.errors[0]
        raise ScenarioError.joined(builder.errors) from first.__cause__
    logger.info("loaded scenario %s: %d events, %d relations", file, len(scenario.events),
                len(scenario.relations))
    return scenario


def scenario_events(scenario: Scenario, path: str | Path) -> ReadResult:
    """The scenario's events as a :class:`~geomap.sources.report.ReadResult`.

    The frame has ``geomap.model.EVENT_COLUMNS``; ``scenario`` holds the scenario
    itself so the layer builder can draw its actors, relations and regions.
    """
    import pandas as pd

    frame = pd.DataFrame([e.to_row() for e in scenario.events], columns=list(EVENT_COLUMNS))
    return ReadResult(
        source=str(path),
        format="scenario",
        frame=frame,
        rows_read=len(scenario.events),
        scenario=scenario,
        extra={"dataset": "scenario"},
    )


def read_scenario(path: str | Path) -> ReadResult:
    """Load a scenario file and return its events (``scenario_events(load_scenario(p), p)``)."""
    return scenario_events(load_scenario(path), path)


def example_path(name: str = "mali_ukraine_2024") -> Path:
    """The path of a bundled example scenario (package data).

    Raises
    ------
    geomap.errors.ConfigError
        When ``name`` names no bundled example (any value made a path: ``5.yaml``, or
        ``../../etc/passwd.yaml`` outside the examples).
    """
    examples = files("geomap") / "data" / "examples"
    known = sorted(entry.name.removesuffix(".yaml") for entry in examples.iterdir()
                   if entry.name.endswith(".yaml"))
    if name not in known:
        raise ConfigError(f"expected the name of a bundled example among {known}, got "
                          f"{name!r}", key="name")
    return Path(str(examples / f"{name}.yaml"))


def _read_text(file: Path) -> str:
    """The file's text: a regular file of at most :data:`MAX_BYTES` bytes, UTF-8."""
    try:
        if not file.is_file() and file.exists():
            raise ScenarioError("expected a regular file, got a device, pipe or folder",
                                file=file, hint="Save the scenario to a file first.")
        with file.open("rb") as handle:  # read at most MAX_BYTES + 1: a file may grow
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ScenarioError(f"expected a scenario file of at most {MAX_BYTES} bytes, "
                                "got more", file=file, hint="Split the scenario in parts.")
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ScenarioError(
            f"expected UTF-8 text, got undecodable byte at offset {err.start}",
            file=file, hint="Save the file as UTF-8.",
        ) from err
    except OSError as err:
        raise ScenarioError(f"cannot read the scenario file: {err.strerror}", file=file,
                            hint="Check the path.") from err


class _Builder:
    """Fills a Scenario section by section, checking ids across sections."""

    def __init__(self, scenario: Scenario, file: Path, lines: dict[YamlPath, int]) -> None:
        self.scenario = scenario
        self.file = file
        self.lines = lines
        self.errors: list[ScenarioError] = []
        self.broken: dict[str, set[str]] = {}

    def _each(self, items: list[Any], section: str, keys: tuple[str, ...],
              take: Callable[[Fields], None]) -> None:
        """Check each entry of ``section`` and ``take`` it. An entry with an error is
        left out and its error kept (``errors``), so one read names every error of the
        file; its id is kept in ``broken``, so an entry that refers to it says so rather
        than "unknown id"."""
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            key = item.get("id") if isinstance(item, Mapping) else None
            first = isinstance(key, str) and key not in seen
            try:
                row = Fields(item, (section, i), self.file, self.lines, keys,
                             what=f"a {section} entry", broken=self.broken)
                if isinstance(key, str) and not first:
                    row.fail("id", f"expected unique ids in {section}, got {key!r} twice",
                             f"The first is {section}[{seen[key]}]; rename one.")
                if isinstance(key, str):
                    seen[key] = i
                take(row)
            except ScenarioError as err:
                self.errors.append(err)
                if first and isinstance(key, str):  # a duplicate leaves the first standing
                    self.broken.setdefault(section, set()).add(key)

    def sources(self, items: list[Any]) -> None:
        self._each(items, "sources", SOURCE_KEYS, self._source)

    def _source(self, row: Fields) -> None:
        source = Source(id=row.ident("id"), title=row.text("title", required=True) or "",
                        publisher=row.text("publisher"), url=row.url("url"),
                        date=row.date("date"), note=row.text("note"))
        self.scenario.sources[source.id] = source

    def places(self, items: list[Any]) -> None:
        self._each(items, "places", PLACE_KEYS, self._take_place)

    def _take_place(self, row: Fields) -> None:
        place = self._place(row)
        self.scenario.places[place.id or ""] = place

    def _place(self, row: Fields) -> Place:
        ident, name = row.ident("id"), row.text("name", required=True) or ""
        country = row.country("country")
        precision = row.parse("precision", Precision.parse, "a precision such as exact, "
                              "near, adm1, country or multinational")
        kind = row.parse("kind", PlaceKind, f"one of {[k.value for k in PlaceKind]}")
        lat, lon = row.number("lat"), row.number("lon")
        if (lat is None) != (lon is None):
            row.fail("lon" if lon is None else "lat", "expected both lat and lon, or neither",
                     "Give both coordinates, or remove both to look the name up.")
        if lat is None or lon is None:
            return self._looked_up(row, ident, name, country, precision, kind)
        try:
            check_latlon(lat, lon)
        except ValueError as err:
            row.fail("lat", str(err), "Give lat between -90 and 90 and lon between -180 and 180.")
        precision = precision or Precision.EXACT
        return Place(name=name, lat=lat, lon=lon, kind=kind or _kind_for(precision),
                     precision=precision, country_code=country, admin1=row.text("admin1"),
                     id=ident, note=row.text("note"))

    def _looked_up(self, row: Fields, ident: str, name: str, country: str | None,
                   precision: Precision | None, kind: PlaceKind | None) -> Place:
        """A place from the gazetteer, with the file's own values taking precedence."""
        found = self._resolve(row, name, country)
        return replace(found, name=name, id=ident, precision=precision or found.precision,
                       kind=kind or found.kind, country_code=country or found.country_code,
                       admin1=row.text("admin1") or found.admin1,
                       note=row.text("note") or found.note)

    def _resolve(self, row: Fields, name: str, country: str | None) -> Place:
        try:
            place: Place = Gazetteer.default().resolve(
                name, country=country, context=self.scenario.context_countries
            )
        except GeocodeError as err:
            row.fail("name", f"expected a place name the gazetteer knows, got {name!r} ({err})",
                     "Fix the spelling, add country:, or give lat and lon.", err)
        return place

    def actors(self, items: list[Any]) -> None:
        # an actor's affiliation may name an actor further down the list
        ids = {item.get("id") for item in items if isinstance(item, Mapping)}
        known = dict.fromkeys(i for i in ids if isinstance(i, str))

        def take(row: Fields) -> None:
            actor = Actor(
                id=row.ident("id"), name=row.text("name", required=True) or "",
                kind=row.parse("kind", ActorKind, f"one of {[k.value for k in ActorKind]}")
                or ActorKind.OTHER,
                aliases=tuple(row.text_list("aliases")), country_code=row.country("country"),
                place=row.ref("place", self.scenario.places, "places"),
                description=row.text("description"),
                affiliation=row.ref("affiliation", known, "actors"),
            )
            self.scenario.actors[actor.id] = actor

        self._each(items, "actors", ACTOR_KEYS, take)

    def events(self, items: list[Any]) -> None:
        self._each(items, "events", EVENT_KEYS,
                   lambda row: self.scenario.events.append(self._event(row)))

    def _event(self, row: Fields) -> Event:
        ident = row.ident("id")
        when, inferred = row.date_with_precision("date", required=True)
        precision = row.parse("date_precision", DatePrecision.parse,
                              "one of day, days, week, month, year") or inferred
        event_type = row.choice("type", EVENT_TYPES, required=True)
        actors = row.refs("actors", self.scenario.actors, "actors", required=True)
        targets = row.refs("targets", self.scenario.actors, "actors")
        place = self.scenario.places[row.ref("place", self.scenario.places, "places",
                                             required=True) or ""]
        sources = row.refs("sources", self.scenario.sources, "sources", required=True)
        low, best, high = (row.count("fatalities_low"), row.count("fatalities"),
                           row.count("fatalities_high"))
        if low is not None and high is not None and low > high:
            row.fail("fatalities_low", f"expected fatalities_low <= fatalities_high, got "
                     f"{low} > {high}", "Swap the two numbers.")
        ended = row.date("date_end")
        if ended is not None and when is not None and ended < when:
            row.fail("date_end", f"expected date_end on or after date {when}, got {ended}",
                     "Swap the two dates, or correct the one mistyped.")
        claimed_by = row.ref("fatalities_claimed_by", self.scenario.actors, "actors")
        self.scenario.event_actors[ident] = (tuple(actors), tuple(targets))
        self.scenario.event_sources[ident] = tuple(sources)
        names, target_names = [self._name(a) for a in actors], [self._name(t) for t in targets]
        cited, url = self._cited(sources)
        return Event(
            event_id=ident, event_date=when or date.min, event_type=event_type or "",
            latitude=place.lat, longitude=place.lon, geo_precision=place.precision,
            time_precision=precision, sub_event_type=row.text("sub_type"),
            actor1=names[0], assoc_actor_1="; ".join(names[1:]) or None,
            actor2=target_names[0] if target_names else None,
            assoc_actor_2="; ".join(target_names[1:]) or None, iso=place.country_code,
            admin1=place.admin1, location=place.name, fatalities=best, fatalities_low=low,
            fatalities_high=high,
            fatalities_claimed_by=self._name(claimed_by) if claimed_by else None,
            notes=row.text("notes"), source=cited, source_url=url,
            date_end=ended, dataset="scenario", place_id=place.id,
        )

    def _name(self, actor_id: str) -> str:
        return self.scenario.actors[actor_id].name

    def _cited(self, ids: list[str]) -> tuple[str | None, str | None]:
        """ACLED-style ``source`` (publishers joined by "; ") and the first known URL."""
        cited = [self.scenario.sources[i] for i in ids]
        urls = [s.url for s in cited if s.url]
        return "; ".join(s.publisher or s.title for s in cited) or None, urls[0] if urls else None

    def relations(self, items: list[Any]) -> None:
        self._each(items, "relations", RELATION_KEYS, self._relation)

    def _relation(self, row: Fields) -> None:
        actors = self.scenario.actors
        when, inferred = row.date_with_precision("date")
        self.scenario.relations.append(Relation(
            id=row.ident("id", required=False) or f"relation-{int(row.path[1]) + 1}",
            source=row.ref("source", actors, "actors", required=True) or "",
            target=row.ref("target", actors, "actors", required=True) or "",
            kind=row.parse("kind", _relation_kind, f"one of "
                           f"{[k.value for k in RelationKind]}", required=True)
            or RelationKind.SUPPORT,
            date=when,
            date_precision=row.parse("date_precision", DatePrecision.parse,
                                     "one of day, days, week, month, year") or inferred,
            sources=tuple(row.refs("sources", self.scenario.sources, "sources",
                                   required=True)),
            claimed_by=row.ref("claimed_by", actors, "actors"),
            description=row.text("description"),
        ))


def _region_ids(top: Fields) -> list[str]:
    """The ``regions`` list as canonical region ids (``"Sahel"`` -> ``"sahel"``)."""
    names = top.text_list("regions")
    if not names:
        return []
    ids = []
    for i, name in enumerate(names):
        try:
            ids.append(region(name).id)
        except UnknownRegion as err:
            top.fail_item("regions", i, f"expected a named region, got {name!r}",
                          f"Known regions: {', '.join(err.candidates)}.", err)
    return ids


def _relation_kind(value: object) -> RelationKind:
    if isinstance(value, str):
        key = value.strip().lower().replace(" ", "_").replace("-", "_")
        if key in {"severed_ties", "severed_diplomatic_relations"}:
            return RelationKind.SEVERED_TIES
        return RelationKind(key)
    raise ValueError(value)


def _kind_for(precision: Precision) -> PlaceKind:
    if precision is Precision.COUNTRY:
        return PlaceKind.COUNTRY
    if precision is Precision.MULTINATIONAL:
        return PlaceKind.REGION
    if precision is Precision.ADM1:
        return PlaceKind.ADMIN1
    return PlaceKind.POPULATED_PLACE


__all__ = ["Scenario", "example_path", "load_scenario", "parse_date", "read_scenario",
           "scenario_events", "scenario_from_dict"]
