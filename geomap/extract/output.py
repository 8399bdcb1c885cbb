"""The extraction as JSON (the stable contract) and as a scenario mapping (a draft to edit)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.extract.dateline import dateline_place_start, dateline_span
from geomap.model import SEAT_KINDS, ActorKind
from geomap.precision import DatePrecision, Precision

if TYPE_CHECKING:
    from geomap.extract.actors import ActorDef
    from geomap.extract.pipeline import Extraction
    from geomap.extract.places import PlaceMention
    from geomap.extract.records import EventRecord, Location, RelationRecord, Toll

#: A draft scenario's subtitle: the map it makes is a draft (a map of other data beside
#: articles says which of its events are: geomap.layers.build).
DRAFT_SUBTITLE = "Draft extracted automatically by geomap extract: review before use."
#: The subtitle of a map whose story is an article's draft beside events of other data.
DRAFT_PART_SUBTITLE = ("Events from articles are drafts extracted automatically by geomap "
                       "extract: review them before use.")

_UNIDENTIFIED = {"id": "unidentified-armed-group", "name": "Unidentified armed group",
                 "kind": "armed_group",
                 "description": "Added by geomap extract: the text does not say who acted."}
# how an actor mention was recognised when its words are no name ("soldiers", "the rebels")
_NOT_NAMES = frozenset({"noun", "anaphora"})
_NO_AGENT_TYPES = frozenset({"Battles", "Explosions/Remote violence",
                             "Violence against civilians"})


def _precision_name(value: Precision | DatePrecision | None) -> str | None:
    return None if value is None else value.name.lower()


def place_json(m: PlaceMention) -> dict[str, Any]:
    """One place mention in the JSON contract."""
    place = m.place
    assert place is not None
    return {"text": m.text, "start": m.start, "end": m.end, "name": place.name,
            "lat": place.lat, "lon": place.lon, "kind": place.kind.value,
            "country_code": place.country_code, "geonameid": place.geonameid,
            "precision": _precision_name(place.precision), "via": m.via}


def extraction_to_json(extraction: Extraction) -> dict[str, Any]:
    """The documented JSON object: places, actors, events, relations (docs/extract.md)."""
    return {
        "places": [place_json(m) for m in extraction.places if m.place is not None],
        "actors": [{"text": a.text, "start": a.start, "end": a.end, "name": a.actor.name,
                    "kind": a.actor.kind.value} for a in extraction.actors],
        "events": [event_json(e) for e in extraction.events],
        "relations": [relation_json(r) for r in extraction.relations],
    }


def event_json(e: EventRecord) -> dict[str, Any]:
    """One event in the JSON contract."""
    return {
        "sentence": e.sentence, "start": e.start, "end": e.end,
        "evidence": [{"start": a, "end": b} for a, b in e.evidence],
        "type": e.type, "sub_type": e.sub_type,
        "date": e.date.isoformat() if e.date else None,
        "date_end": e.date_end.isoformat() if e.date_end else None,
        "date_precision": _precision_name(e.date_precision),
        **_location_json(e.location),
        "actors": [a.name for a in e.actors],
        "actor1": [a.name for a in e.actor1], "actor2": [a.name for a in e.actor2],
        "fatalities": e.fatalities, "fatalities_low": e.fatalities_low,
        "fatalities_high": e.fatalities_high,
        "fatalities_claimed_by": e.fatalities_claimed_by.name if e.fatalities_claimed_by
        else None,
        "tolls": [_toll_json(t) for t in e.tolls],
    }


def _location_json(location: Location | None) -> dict[str, Any]:
    if location is None:
        return {"place": None, "lat": None, "lon": None, "precision": None,
                "country_code": None, "admin1": None, "place_text": None}
    place = location.place
    return {"place": place.name, "lat": place.lat, "lon": place.lon,
            "precision": _precision_name(location.precision),
            "country_code": place.country_code,
            "admin1": place.admin1 or (place.name if place.kind.value == "admin1" else None),
            "place_text": location.text or None}


def _toll_json(t: Toll) -> dict[str, Any]:
    return {"count": t.count, "low": t.low, "high": t.high, "victims": t.victims or None,
            "qualifier": t.qualifier,
            "claimed_by": t.claimed_by.name if t.claimed_by else None,
            "claimant": t.claimant}


def relation_json(r: RelationRecord) -> dict[str, Any]:
    """One relation in the JSON contract."""
    return {"source": r.source.name, "target": r.target.name, "kind": r.kind,
            "hedge": r.hedge, "claimed_by": r.claimed_by.name if r.claimed_by else None,
            "date": r.date.isoformat() if r.date else None,
            "date_precision": _precision_name(r.date_precision), "sentence": r.sentence}


def _slug(value: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return slug or "x"


def _place_id(name: str, country_code: str | None) -> str:
    return _slug(f"{name}-{country_code or ''}")


def _location_id(location: Location) -> str:
    place = location.place
    suffix = "" if location.precision == place.precision else f"-{location.precision.name}"
    return _place_id(place.name + suffix, place.country_code)


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”»]?\s+(?=[\"'‘“«(]?[A-Z0-9])")
_TITLE_LIMIT = 120


def draft_title(text: str, fallback: str) -> str:
    """The title of an article's draft: its headline.

    Parameters
    ----------
    text
        The article's text.
    fallback
        Used when the text has no words (the file's stem, say).

    Returns
    -------
    str
        The first line when it is short (a headline), else the first sentence of the
        first paragraph without its dateline ("GOMA, Jan 21 (Reuters) - ": where the
        story was filed, not what it tells); cut at a word with "…" past 120 characters.
        A dateline on a line of its own ("KHARTOUM, May 6 -") is no headline: the story's
        first sentence after it is.
    """
    body = text.lstrip()
    filed = dateline_span(body)
    own_line = bool(filed and filed[0] == 0 and 0 <= body.find("\n") < filed[1])
    if filed and own_line:
        text = body[filed[1]:]
    first = next((line for line in text.splitlines() if line.strip()), "")
    heading = " ".join(first.split())
    if own_line or len(heading) > _TITLE_LIMIT:  # a paragraph: its first sentence
        filed = dateline_span(heading)
        heading = (heading[filed[1]:] if filed else heading) or heading
        end = next((m.start() for m in _SENTENCE_END.finditer(heading) if m.start() >= 40),
                   len(heading))
        heading = heading[:end]
    if len(heading) > _TITLE_LIMIT:
        heading = heading[:_TITLE_LIMIT].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return heading or fallback


def article_scenario_draft(extraction: Extraction, file: str | None, *,
                           title: str | None = None,
                           ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """:func:`scenario_draft` for an article: titled by its headline and citing it.

    Parameters
    ----------
    extraction
        What :func:`geomap.extract.extract_text` found in the article.
    file
        The article's file (``"-"`` or None for text given directly).
    title
        The scenario's title; default :func:`draft_title` of the text.

    Returns
    -------
    tuple
        As :func:`scenario_draft`; the one source is the article, titled by its headline
        and file name and dated by its publication date when known.
    """
    path = Path(file) if file and file != "-" else None
    name = path.name if path else None
    heading = draft_title(extraction.text, path.stem if path else "article")
    source = {"id": "article", "title": f"{heading} ({name})" if name else heading,
              "date": extraction.article_date}
    return scenario_draft(extraction, title=title or heading, source=source)


def extraction_to_scenario_dict(extraction: Extraction, *, title: str,
                                source: dict[str, Any]) -> dict[str, Any]:
    """A scenario mapping (``docs/scenario.md``) that an analyst can correct and rebuild:
    :func:`scenario_draft` without the list of what it leaves out."""
    return scenario_draft(extraction, title=title, source=source)[0]


def scenario_draft(extraction: Extraction, *, title: str, source: dict[str, Any]
                   ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A scenario mapping (``docs/scenario.md``) that an analyst can correct and rebuild,
    and the events it cannot hold.

    Parameters
    ----------
    extraction
        What :func:`geomap.extract.extract_text` found.
    title
        The scenario's title.
    source
        The article as a scenario source: at least ``id`` and ``title``; ``publisher``,
        ``url`` and ``date`` when known. Every event and relation cites it.

    Returns
    -------
    tuple
        The mapping (top-level keys title, subtitle, date, context_countries, sources,
        places, actors, events and relations, ready for ``yaml.safe_dump``) and, as
        ``(field, reason)`` pairs, the events it leaves out: a scenario event needs a date,
        a place and an actor, and an event dated only relative to an unknown publication
        date ("late last month" with no ``--date``), or with no place or actor the text
        names, has none. Callers report each one, so that nothing is lost silently.
    """
    source_id = str(source["id"])
    places = _scenario_places(extraction)
    actors = _scenario_actors(extraction, places)
    events, left_out = _scenario_events(extraction, source_id, places, actors)
    events, history = _without_history(events, extraction.article_date)
    left_out += history
    relations = [_scenario_relation(r, source_id) for r in extraction.relations]
    # the countries the story names; a dateline's town ("NAIROBI, April 14 (Reuters) -")
    # says where it was filed, not a country it is about
    filed_at = dateline_place_start(extraction.text)
    countries = Counter(m.place.country_code for m in extraction.places
                        if m.place is not None and m.place.country_code
                        and m.start != filed_at)
    article_date = extraction.article_date
    return {
        "title": title,
        "subtitle": DRAFT_SUBTITLE,
        **({"date": article_date.isoformat()} if article_date else {}),
        "context_countries": [code for code, _ in countries.most_common()],
        "sources": [{k: (v.isoformat() if hasattr(v, "isoformat") else v)
                     for k, v in source.items() if v is not None}],
        "places": list(places.values()),
        "actors": actors,
        "events": events,
        "relations": relations,
    }, left_out


def _scenario_relation(r: RelationRecord, source_id: str) -> dict[str, Any]:
    hedge = f" [{r.hedge}" + (f" by {r.claimed_by.name}" if r.claimed_by else "") + "]" \
        if r.hedge else ""
    return {"source": r.source.id, "target": r.target.id, "kind": r.kind,
            **({"date": r.date.isoformat()} if r.date else {}),
            **({"date_precision": _precision_name(r.date_precision)} if r.date else {}),
            **({"claimed_by": r.claimed_by.id} if r.claimed_by and r.hedge else {}),
            "description": _clip(r.sentence) + hedge, "sources": [source_id]}


def _scenario_places(extraction: Extraction) -> dict[str, dict[str, Any]]:
    places: dict[str, dict[str, Any]] = {}
    for m in extraction.places:
        if m.place is None or m.via == "demonym":
            continue
        pid = _place_id(m.place.name, m.place.country_code)
        if pid not in places:
            places[pid] = _place_dict(pid, m.place.name, m.place.lat, m.place.lon,
                                      m.place.precision, m.place.country_code,
                                      f"from the text {m.text!r} at {m.start}-{m.end}")
    for e in extraction.events:
        loc = e.location
        if loc is None or (_location_id(loc) in places and loc.via != "spelling"):
            continue
        note = (f"the gazetteer's nearest spelling of {loc.text!r} (at {loc.start}-{loc.end}),"
                " a name it does not list: a guess, check it" if loc.via == "spelling" else
                f"from the text {loc.text!r} at {loc.start}-{loc.end}" if loc.text
                else "the country of the parties: the text names no place")
        places[_location_id(loc)] = _place_dict(
            _location_id(loc), loc.place.name, loc.place.lat, loc.place.lon,
            loc.precision, loc.place.country_code, note)
    return places


def _place_dict(pid: str, name: str, lat: float, lon: float, precision: Precision,
                country: str | None, note: str) -> dict[str, Any]:
    return {"id": pid, "name": name, "lat": lat, "lon": lon,
            "precision": _precision_name(precision),
            **({"country": country} if country else {}), "note": note}


def _scenario_actors(extraction: Extraction,
                     places: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    actors: dict[str, dict[str, Any]] = {}
    seen_text: dict[str, set[str]] = {}
    # a bare common noun ("soldiers", "military") or one pointing back at a named actor
    # ("the rebels") is no name of it: no alias
    everyone = [(a.actor, a.actor.name if a.via in _NOT_NAMES else a.text)
                for a in extraction.actors]
    everyone += [(a, a.name) for e in extraction.events for a in e.actors]
    everyone += [(a, a.name) for r in extraction.relations for a in (r.source, r.target)]
    for actor, text in everyone:
        seen_text.setdefault(actor.id, set()).add(text)
        if actor.id not in actors:
            actors[actor.id] = _actor_dict(actor, extraction, places)
    for actor_id, texts in seen_text.items():
        aliases = sorted(t for t in texts if t != actors[actor_id]["name"])
        if aliases:
            actors[actor_id]["aliases"] = aliases
    return list(actors.values())


def _actor_dict(actor: ActorDef, extraction: Extraction,
                places: dict[str, dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": actor.id, "name": actor.name, "kind": actor.kind.value}
    about = "; ".join(t for t in (actor.role, actor.description) if t)
    if about:
        out["description"] = about
    if actor.country_code:
        out["country"] = actor.country_code
        if actor.kind in _CAPITAL_KINDS:
            home = _home_place(actor.country_code, extraction, places)
            if home is not None:
                out["place"] = home
    base = extraction.bases.get(actor.id)
    if "place" not in out and base is not None and not _placed_by_events(actor, extraction):
        pid = _place_id(base.name, base.country_code)
        places.setdefault(pid, _place_dict(
            pid, base.name, base.lat, base.lon, base.precision, base.country_code,
            f"the declared base or area of operation of {actor.name} (geomap's actor "
            "registry): the text places it nowhere finer than a country"))
        out["place"] = pid
    return out


def _placed_by_events(actor: ActorDef, extraction: Extraction) -> bool:
    """Whether an event of the actor is placed finer than a country: the map then puts
    the actor where it acts, not at its base."""
    return any(e.location is not None and e.location.precision < Precision.COUNTRY
               for e in extraction.events if any(a.id == actor.id for a in e.actors))


#: The state, its institutions and its officials sit at the capital.
_CAPITAL_KINDS = SEAT_KINDS | {ActorKind.PERSON}


def _home_place(code: str, extraction: Extraction,
                places: dict[str, dict[str, Any]]) -> str | None:
    """A state's, its forces', agencies' or officials' seat: its capital, named in the
    article or not (then added to ``places``); None when the gazetteer knows none.

    Never the country's representative point: the seat of Russia's state is Moscow, not
    central Siberia. Armed groups and companies get no place here: their home is where
    they act (the layers take it from their events or their affiliation).
    """
    capital = extraction.capitals.get(code)
    if capital is None:
        return None
    name = capital.place.name if capital.place else capital.name
    pid = _place_id(name, code)
    if pid not in places:
        places[pid] = _place_dict(pid, name, capital.lat, capital.lon, capital.precision,
                                  code, f"the capital of {code}: the seat of its state, "
                                  "forces and officials (the text does not name it)")
    return pid


def _fallback_place(places: dict[str, dict[str, Any]], extraction: Extraction) -> str | None:
    """The most named country: where an event without a place of its own is put."""
    counts = Counter(_place_id(m.place.name, m.place.country_code) for m in extraction.places
                     if m.place is not None and m.place.kind.value == "country")
    found = [pid for pid, _ in counts.most_common() if pid in places]
    return found[0] if found else None


def _scenario_events(extraction: Extraction, source_id: str,
                     places: dict[str, dict[str, Any]], actors: list[dict[str, Any]]
                     ) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """Scenario events, and ``(field, reason)`` for each event left out; an event with no
    date or no place of its own gets the article's date or main country, and its notes
    say so."""
    events: list[dict[str, Any]] = []
    left_out: list[tuple[str, str]] = []
    fallback = _fallback_place(places, extraction)
    for e in extraction.events:
        when = e.date or extraction.article_date
        place = _location_id(e.location) if e.location else fallback
        acting = _acting(e, actors)
        # a party is on one side: when nobody named acted, those acted upon stand in as
        # the actors and are no targets as well
        targets = [a.id for a in e.actor2 if a.id not in acting]
        if when is None or place is None or not acting:
            missing = "date" if when is None else "place" if place is None else "actors"
            left_out.append((missing, _left_out_reason(extraction, e, missing)))
            continue
        events.append({
            "id": f"e{len(events) + 1}", "date": when.isoformat(),
            **({"date_end": e.date_end.isoformat()} if e.date and e.date_end else {}),
            "date_precision": _precision_name(e.date_precision if e.date
                                              else DatePrecision.MONTH),
            "type": e.type, **({"sub_type": e.sub_type} if e.sub_type else {}),
            "actors": acting, **({"targets": targets} if targets else {}),
            "place": place, **_fatalities(e),
            "notes": _notes(extraction, e), "sources": [source_id]})
    return events, left_out


#: A past year the story recalls ("after the 2011 war", "in the 2021 coup") ends this many
#: days before the story's own time ...
HISTORY_GAP_DAYS = 730
#: ... which is its publication date, or else its latest dated event, when an event of the
#: story falls within this many days of it
CURRENT_DAYS = 365


def _without_history(events: list[dict[str, Any]], article_date: date | None
                     ) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """The draft's events without the history a story recalls, and a reason for each of
    those: an event known only to its year, years before the incidents the story tells
    ("Rebels took the town on Sunday ... after the 2012 coup, the north fell"), is
    background, which an analyst does not code as an event of the story. The extraction
    keeps it (``geomap extract --json``); an article that tells only history keeps it in
    its draft too, since nothing recent is told beside it."""
    def end(e: dict[str, Any]) -> date:
        return date.fromisoformat(str(e.get("date_end") or e["date"]))

    if not events:
        return events, []
    now = article_date or max(end(e) for e in events)
    recent = [e for e in events if (now - end(e)).days <= CURRENT_DAYS]
    old = [e for e in events if e["date_precision"] == "year"
           and (now - end(e)).days > HISTORY_GAP_DAYS]
    if not recent or not old:
        return events, []
    kept = [e for e in events if all(e is not o for o in old)]
    for i, e in enumerate(kept, 1):
        e["id"] = f"e{i}"
    when = f"the article's date, {now.isoformat()}" if article_date else \
        f"the story's latest event, {now.isoformat()}"
    return kept, [("date", f"{e['type']} event ({_clip(e['notes'], 90)!r}, {e['date'][:4]}) "
                   f"left out of the draft scenario: history the story recalls, years "
                   f"before {when}") for e in old]


_LEFT_OUT_BECAUSE = {
    "date": "its date is relative or missing and the article's date is unknown; "
            "give --date YYYY-MM-DD",
    "place": "the text names no place for it",
    "actors": "the text names nobody who acted",
}


# a date in figures ("30/11/2026", "05.12.2026"), which the text's dates never read: the
# order of day and month differs by country
_FIGURES_DATE = re.compile(r"(?<![\d/.-])\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d{2})(?![\d/.-])")


def _left_out_reason(extraction: Extraction, e: EventRecord, missing: str) -> str:
    sentence = _clip(" ".join(extraction.text[a:b] for a, b in e.evidence[:1]), 90)
    because = _LEFT_OUT_BECAUSE[missing]
    figures = _FIGURES_DATE.search(extraction.text) if missing == "date" else None
    if figures is not None:
        because = (f"the text's date in figures ({figures.group()!r}) is not read (write "
                   "the month in words, '30 November 2026', in the incident's sentence, or "
                   "map such notes as a table: README, 'Tables of your own') and the "
                   "article's date is unknown")
    return f"{e.type} event ({sentence!r}) left out of the draft scenario: {because}"


def _acting(e: EventRecord, actors: list[dict[str, Any]]) -> list[str]:
    """Who acted; for violence nobody named, an unidentified armed group (as ACLED)."""
    if e.actor1:
        return [a.id for a in e.actor1]
    if e.type in _NO_AGENT_TYPES and e.actor2:
        if all(a["id"] != _UNIDENTIFIED["id"] for a in actors):
            actors.append(dict(_UNIDENTIFIED))
        return [str(_UNIDENTIFIED["id"])]
    return [a.id for a in e.actor2]


def _fatalities(e: EventRecord) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if e.fatalities is not None:
        out["fatalities"] = e.fatalities
    if e.fatalities_low is not None:
        out["fatalities_low"] = e.fatalities_low
    if e.fatalities_high is not None:
        out["fatalities_high"] = e.fatalities_high
    if e.fatalities_claimed_by is not None:
        out["fatalities_claimed_by"] = e.fatalities_claimed_by.id
    return out


def _notes(extraction: Extraction, e: EventRecord) -> str:
    """The evidence sentences, the tolls as given, and what was assumed."""
    sentences = " ".join(extraction.text[a:b] for a, b in e.evidence)
    notes = _clip(sentences, 800)
    tolls = "; ".join(_describe_toll(t) for t in e.tolls)
    if tolls:
        notes += f" [tolls: {tolls}]"
    if not e.date:
        notes += " [date assumed: the article's date]"
    if e.location is None:
        notes += " [place assumed: the article's main country]"
    elif not e.location.text:
        notes += f" [place: {e.location.name}, the country of the parties; no place named]"
    elif e.location.via == "spelling":
        notes += (f" [place: {e.location.name}, the gazetteer's nearest spelling of "
                  f"{e.location.text!r}, a name it does not list; check it]")
    return notes


#: How a toll's qualifier (event_rules.yaml ``toll_qualifiers``; ``vague``: a vague count's
#: least number, "dozens" 12) reads in the notes a map shows.
_QUALIFIER_WORDS = {"low": "at least", "vague": "at least", "high": "up to",
                    "approximate": "about"}


def _describe_toll(t: Toll) -> str:
    words = _QUALIFIER_WORDS.get(t.qualifier or "", t.qualifier)
    figure = (f"{t.low}-{t.high}" if t.qualifier == "range" else
              f"{words} {t.count if t.count is not None else t.low}" if t.qualifier
              else str(t.count))
    who = t.claimed_by.name if t.claimed_by else t.claimant
    return f"{figure} {t.victims or 'killed'}".strip() + (f" (according to {who})" if who
                                                           else "")


def _clip(sentence: str, limit: int = 400) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"
