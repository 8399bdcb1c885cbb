"""The extraction as JSON (the stable contract) and as a scenario mapping (a draft to edit)."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from geomap.precision import DatePrecision, Precision

if TYPE_CHECKING:
    from geomap.extract.actors import ActorDef
    from geomap.extract.pipeline import Extraction
    from geomap.extract.places import PlaceMention


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
        "places": [place_json(m) for m in extraction.places
                   if m.place is not None and (m.via != "demonym" or m.noun)],
        "demonyms": [place_json(m) for m in extraction.places
                     if m.place is not None and m.via == "demonym" and not m.noun],
        "actors": [{"text": a.text, "start": a.start, "end": a.end, "name": a.actor.name,
                    "kind": a.actor.kind.value} for a in extraction.actors],
        "events": [{"sentence": e.sentence, "start": e.start, "end": e.end, "type": e.type,
                    "date": e.date.isoformat() if e.date else None,
                    "date_precision": _precision_name(e.date_precision),
                    "place": e.place.place.name if e.place and e.place.place else None,
                    "actors": [a.name for a in e.actors]} for e in extraction.events],
        "relations": [{"source": r.source.name, "target": r.target.name, "kind": r.kind,
                       "sentence": r.sentence} for r in extraction.relations],
    }


def _slug(value: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return slug or "x"


def _place_id(m: PlaceMention) -> str:
    place = m.place
    assert place is not None
    return _slug(f"{place.name}-{place.country_code or ''}")


def extraction_to_scenario_dict(extraction: Extraction, *, title: str,
                                source: dict[str, Any]) -> dict[str, Any]:
    """A scenario mapping (``docs/scenario.md``) that an analyst can correct and rebuild.

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
    dict
        Top-level keys title, subtitle, date, context_countries, sources, places, actors,
        events and relations, ready for ``yaml.safe_dump``.
    """
    source_id = str(source["id"])
    places = _scenario_places(extraction)
    actors = _scenario_actors(extraction, places)
    events = _scenario_events(extraction, source_id, _fallback_place(extraction))
    relations = [
        {"source": r.source.id, "target": r.target.id, "kind": r.kind,
         **({"date": r.date.isoformat()} if r.date else {}),
         **({"claimed_by": r.source.id} if r.kind == "alleged_support" else {}),
         "description": _clip(r.sentence), "sources": [source_id]}
        for r in extraction.relations]
    countries = Counter(m.place.country_code for m in extraction.places
                        if m.place is not None and m.place.country_code)
    article_date = extraction.article_date
    return {
        "title": title,
        "subtitle": "Draft extracted automatically by geomap extract: review before use.",
        **({"date": article_date.isoformat()} if article_date else {}),
        "context_countries": [code for code, _ in countries.most_common()],
        "sources": [{k: (v.isoformat() if hasattr(v, "isoformat") else v)
                     for k, v in source.items() if v is not None}],
        "places": list(places.values()),
        "actors": actors,
        "events": events,
        "relations": relations,
    }


def _scenario_places(extraction: Extraction) -> dict[str, dict[str, Any]]:
    places: dict[str, dict[str, Any]] = {}
    for m in extraction.places:
        if m.place is None or m.via == "demonym":
            continue
        pid = _place_id(m)
        if pid in places:
            continue
        p = m.place
        places[pid] = {"id": pid, "name": p.name, "lat": p.lat, "lon": p.lon,
                       "precision": _precision_name(p.precision),
                       **({"country": p.country_code} if p.country_code else {}),
                       "note": f"from the text {m.text!r} at {m.start}-{m.end}"}
    return places


def _scenario_actors(extraction: Extraction,
                     places: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    actors: dict[str, dict[str, Any]] = {}
    seen_text: dict[str, set[str]] = {}
    for a in extraction.actors:
        actor = a.actor
        seen_text.setdefault(actor.id, set()).add(a.text)
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
        official = actor.kind.value in _CAPITAL_KINDS
        home = _home_place(actor.country_code, extraction, capital_first=official)
        if home in places:
            out["place"] = home
    return out


_CAPITAL_KINDS = frozenset({"state", "government", "armed_forces", "intelligence_agency",
                            "person"})


def _home_place(code: str, extraction: Extraction, *, capital_first: bool) -> str | None:
    """The capital (for states, their forces, agencies and officials) if the article names
    it, else the country itself; armed groups and companies get the country."""
    for want_capital in ((True, False) if capital_first else (False, True)):
        for m in extraction.places:
            entry = m.entry
            if entry is None or entry.country_code != code or m.via == "demonym":
                continue
            if (entry.capital if want_capital else entry.kind.value == "country"):
                return _place_id(m)
    return None


def _fallback_place(extraction: Extraction) -> str | None:
    """The most named country: where an event without a place of its own is put."""
    counts = Counter(_place_id(m) for m in extraction.places
                     if m.place is not None and m.place.kind.value == "country")
    return counts.most_common(1)[0][0] if counts else None


def _scenario_events(extraction: Extraction, source_id: str,
                     fallback: str | None) -> list[dict[str, Any]]:
    """Scenario events; an event with no date or no place of its own gets the article's
    date or main country, and its notes say so. Diplomatic moves become ACLED
    "Strategic developments" with the relation kind as sub-type."""
    events: list[dict[str, Any]] = []
    for e in extraction.events:
        when = e.date or extraction.article_date
        place = _place_id(e.place) if e.place and e.place.via != "demonym" else fallback
        if when is None or place is None or not e.actors:
            continue
        notes = _clip(e.sentence)
        if not e.date:
            notes += " [date assumed: the article's date]"
        if not (e.place and e.place.via != "demonym"):
            notes += " [place assumed: the article's main country]"
        precision = e.date_precision if e.date else DatePrecision.MONTH
        diplomatic = e.relation_kind is not None
        events.append({
            "id": f"e{len(events) + 1}",
            "date": when.isoformat(), "date_precision": _precision_name(precision),
            "type": "Strategic developments" if diplomatic else e.type,
            **({"sub_type": e.relation_kind if diplomatic else e.sub_type}
               if (e.sub_type or diplomatic) else {}),
            "actors": [a.id for a in e.actors], "place": place,
            **({"fatalities": e.fatalities} if e.fatalities is not None else {}),
            "notes": notes, "sources": [source_id]})
    return events


def _clip(sentence: str, limit: int = 400) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"
