"""An incident's ACLED event type and sub-event type, from all its cues and parties.

ACLED's definitions decide, not the first word that matched:

- demonstrators: *Protests* (peaceful; with intervention when dispersed or arrested;
  excessive force when the state kills them), *Riots* when they are violent, mob violence
  when a mob attacks;
- weapons used from a distance (shelling, missiles, air or drone strikes, IEDs, suicide
  bombs, grenades): *Explosions/Remote violence*, unless ground fighting is what the text
  tells first;
- two armed sides fighting, an attack or ambush on armed forces, territory taken:
  *Battles*;
- armed actors against civilians (killings, abductions, sexual violence, attacks on
  villages, markets, places of worship): *Violence against civilians*;
- arrests, agreements, coups, looting, weapons seized or intercepted, withdrawals:
  *Strategic developments*.
"""

from __future__ import annotations

from collections.abc import Iterable

from geomap.extract.actors import ActorDef
from geomap.extract.cues import Cue
from geomap.model import ActorKind

ARMED_KINDS = frozenset({ActorKind.ARMED_FORCES, ActorKind.ARMED_GROUP, ActorKind.MILITIA,
                         ActorKind.PRIVATE_MILITARY_COMPANY})
_DEMONSTRATORS = ("protesters", "rioters")
_INTERVENTION = frozenset({"arrest", "intervention"})
_SEIZED = frozenset({"arrest", "disrupted"})
_BODY_STATE = 12  # tokens after a body word that tell its state ("with gunshot wounds")
_DEVELOPMENT_ORDER = ("coup", "agreement", "arrest", "disrupted", "looting", "withdrawal",
                      "base", "surrender", "other")


def is_demonstrator(actor: ActorDef) -> bool:
    """Protesters and rioters (the generic actors of ``event_rules.yaml``)."""
    return actor.generic in _DEMONSTRATORS


def classify(cues: list[Cue], agents: list[ActorDef], targets: list[ActorDef],
             victims: set[str], objects: set[str], *,
             remote_later: bool = False, clashed: bool = False,
             unharmed: bool = False) -> tuple[str, str | None]:
    """``(event type, sub-event type)`` of an incident.

    Parameters
    ----------
    cues
        The incident's cues, the main sentence's first.
    agents, targets
        Who acted and who was acted upon.
    victims
        ``armed`` and/or ``civilian``: who the tolls say died.
    objects
        ``armed`` and/or ``civilian``: what was attacked (a base, a market).
    remote_later
        The main sentence tells a ground attack on armed forces, the weapons used from afar
        only later sentences ("JNIM attacked an army post. The army responded with air
        strikes."): it stays a battle.
    clashed
        A clash word proper ("clashed", "clashes", "scuffled"; not "combat" or "fighting")
        tells the incident: a crowd's clash is a riot.
    unharmed
        The text says no one was hurt ("burned the police post; no one was hurt"): what
        was destroyed was property, not arms fought over.
    """
    kinds = {c.kind for c in cues}
    if "civilian_harm" in kinds and any(c.definition.body for c in cues):
        kinds = _bodies_found(cues, kinds)
    demonstration = _demonstration(cues, kinds, agents, targets, clashed)
    if demonstration is not None:
        return demonstration
    # with no other violent word, people wounded tell violence as people killed do ("unknown
    # gunmen wounded a police officer"), not a strategic development
    violent = [c for c in cues if c.violent] or [c for c in cues if c.kind == "wound"]
    if violent:
        return _violence(cues, violent, kinds, agents, targets, victims | objects,
                         remote_later)
    if kinds == {"looting"} and _armed(agents) and _armed(targets) and not unharmed:
        # "Ukrainian forces destroyed two Russian tanks": one armed side's arms destroyed by
        # the other is fighting, not property destruction
        return "Battles", "Armed clash"
    if {"agreement", "withdrawal"} <= kinds and next(
            c.kind for c in cues if c.kind in ("agreement", "withdrawal")) == "withdrawal":
        # "handed over X to the army under a deal": the handover told first is the event,
        # the deal its manner
        return "Strategic developments", _sub_type(cues, "withdrawal")
    for kind in _DEVELOPMENT_ORDER:
        if kind in kinds:
            return "Strategic developments", _sub_type(cues, kind)
    return "Strategic developments", "Other"


def _bodies_found(cues: list[Cue], kinds: set[str]) -> set[str]:
    """Bodies found are an attack on civilians only when nothing else violent is told;
    after "militants ambushed a patrol" they are its dead."""
    bodies = [c.first for c in cues if c.definition.body]
    if not any(c.violent and not c.definition.body and not c.reference
               and not any(0 <= c.first - b <= _BODY_STATE for b in bodies) for c in cues):
        # "the body of a trader with gunshot wounds": how the body was found; "blamed
        # militiamen for the killings": the same deaths
        return kinds
    harm = any(c.kind == "civilian_harm" and not c.definition.body for c in cues)
    return (kinds - ({"civilian_harm"} if not harm else set())) | {"kill"}


def _demonstration(cues: list[Cue], kinds: set[str], agents: list[ActorDef],
                   targets: list[ActorDef], clashed: bool = False
                   ) -> tuple[str, str | None] | None:
    demonstrators = any(is_demonstrator(a) for a in agents + targets)
    armed = _armed(a for a in agents if not is_demonstrator(a))
    if "mob" in kinds:
        return "Riots", "Mob violence"
    if _civilians_clashing(kinds, agents, targets):
        return "Riots", "Violent demonstration"
    if not (kinds & {"protest", "riot", "intervention"}) and not demonstrators:
        return None
    if "remote" in kinds and kinds & {"kill", "wound"} \
            and not any(is_demonstrator(a) for a in agents):
        # "a suicide bomber attacked a political rally, killing 54": a bomb among a
        # crowd is remote violence, the crowd its victims
        return None
    crowd = any(c.definition.crowd for c in cues)
    if "protest" not in kinds and not demonstrators and not crowd and (armed or not agents):
        # an armed group looting and burning, or shops looted by no one named: not a riot
        return None
    # a crowd that fought, or crowds fighting each other with no armed side at all
    # ("supporters of the opposition clashed with ruling party supporters")
    violent_crowd = kinds & {"clash", "attack"} and (
        any(is_demonstrator(a) for a in agents)
        or (demonstrators and not _armed(agents + targets))
        # "protesters who marched from X clashed with police": a crowd's clash, its
        # subject behind a relative clause (no one else named acting)
        or ("protest" in kinds and not agents and clashed))
    if "riot" in kinds or violent_crowd:
        return "Riots", "Violent demonstration"
    if "protest" not in kinds:
        return None
    if kinds & {"kill", "wound", "attack", "civilian_harm"} and any(
            a.kind in ARMED_KINDS - {ActorKind.ARMED_FORCES} for a in agents
            if not is_demonstrator(a)):
        # "armed colectivos opened fire on residents protesting": a non-state armed
        # group attacking a crowd is violence against civilians (ACLED), not a protest
        return None
    # the state's forces acting, not named as what the crowd wants gone ("demanding the
    # departure of French troops")
    acting = kinds & (_INTERVENTION | {"kill", "wound", "attack", "clash", "remote"})
    state_force = any(a.kind is ActorKind.ARMED_FORCES for a in agents) or (
        bool(acting) and any(a.kind is ActorKind.ARMED_FORCES for a in targets))
    if kinds & {"kill"} and state_force:
        return "Protests", "Excessive force against protesters"
    if kinds & _INTERVENTION or state_force:
        return "Protests", "Protest with intervention"
    return "Protests", "Peaceful protest"


def _civilians_clashing(kinds: set[str], agents: list[ActorDef],
                        targets: list[ActorDef]) -> bool:
    """"Students clashed with police", "police clashed with youths", "youths attacked a
    police station": unarmed people fighting the state's forces, no armed group involved
    (ACLED: a violent demonstration, the people rioters). Civilians only killed in the
    fighting are not who fought."""
    sides = agents + targets
    if "remote" in kinds or any(a.kind in ARMED_KINDS - {ActorKind.ARMED_FORCES}
                                for a in sides):
        return False
    if "clash" not in kinds:
        # "youths attacked and burned a police station": the people attacked the state
        return "attack" in kinds and any(a.kind is ActorKind.CIVILIANS for a in agents) \
            and any(a.kind is ActorKind.ARMED_FORCES for a in targets)
    # "police clashed with students": the students fought too, unless the text only
    # says they were killed or wounded ("a soldier and a civilian killed in clashes")
    fought = any(a.kind is ActorKind.CIVILIANS for a in agents) or (
        not kinds & {"kill", "wound"} and any(a.kind is ActorKind.CIVILIANS for a in targets))
    return fought and any(a.kind is ActorKind.ARMED_FORCES for a in sides)


def _violence(cues: list[Cue], violent: list[Cue], kinds: set[str], agents: list[ActorDef],
              targets: list[ActorDef], harmed: set[str],
              remote_later: bool = False) -> tuple[str, str | None]:
    head = violent[0]
    fighting = kinds & {"clash", "capture"} or remote_later
    if {c.kind for c in violent} == {"attack"} and kinds & _SEIZED:
        # "police raided a hideout and arrested five suspects", "seized a weapons cache
        # during a raid": a raid that harmed no one is the arrest or the seizure (ACLED)
        kind = "arrest" if "arrest" in kinds else "disrupted"
        return "Strategic developments", _sub_type(cues, kind)
    if "remote" in kinds and (head.kind == "remote" or not fighting):
        if "disrupted" in kinds and not kinds & {"kill", "wound"}:
            return "Strategic developments", "Disrupted weapons use"
        return "Explosions/Remote violence", _sub_type(cues, "remote")
    if "capture" in kinds and ("clash" not in kinds or head.kind == "capture"):
        # "regained control of X after clashes with Y": the clashes are how it was taken
        return "Battles", _territory(agents)
    if fighting:
        return "Battles", "Armed clash"
    if "civilian_harm" in kinds:
        return "Violence against civilians", _sub_type(cues, "civilian_harm")
    armed_target = any(a.kind in ARMED_KINDS for a in targets) or "armed" in harmed
    if armed_target:
        return "Battles", "Armed clash"
    civilian_target = any(a.kind is ActorKind.CIVILIANS for a in targets) or "civilian" in harmed
    if civilian_target and _armed(agents):
        return "Violence against civilians", "Attack"
    if civilian_target and not _armed(agents) and "attack" in kinds:
        return "Violence against civilians", "Attack"
    return "Battles", "Armed clash"


def _armed(actors: Iterable[ActorDef]) -> bool:
    return any(a.kind in ARMED_KINDS for a in actors)


def _territory(agents: list[ActorDef]) -> str:
    if any(a.kind is ActorKind.ARMED_FORCES for a in agents):
        return "Government regains territory"
    if any(a.kind in ARMED_KINDS for a in agents):
        return "Non-state actor overtakes territory"
    return "Armed clash"


def _sub_type(cues: list[Cue], kind: str) -> str | None:
    return next((c.definition.sub_type for c in cues if c.kind == kind), None)
