"""The events a plan keeps: :func:`event_filter` applies :class:`~geomap.build.plan.Filters`."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from geomap.build.plan import Filters


def event_filter(events: pd.DataFrame, filters: Filters) -> pd.Series:
    """A boolean Series: the events that pass ``filters``.

    Countries match the attached country (``admin0_code``) or the stated one (``iso``);
    dates are compared on ``event_date`` (inclusive); event types and actors match
    case-insensitively, an actor filter matching any part of ``actor1``, ``actor2`` and
    the associated actors.
    """
    keep = pd.Series(True, index=events.index)
    if filters.countries:
        wanted = list(filters.countries)
        iso = events["iso"].astype(object).fillna("").astype(str).str.upper()
        keep &= events["admin0_code"].isin(wanted) | iso.isin(wanted)
    dates = pd.to_datetime(events["event_date"], errors="coerce")
    if filters.date_from:
        keep &= dates >= pd.Timestamp(filters.date_from)
    if filters.date_to:
        keep &= dates < pd.Timestamp(filters.date_to) + pd.Timedelta(days=1)
    if filters.event_types:
        wanted_types = {t.casefold() for t in filters.event_types}
        keep &= events["event_type"].astype(object).fillna("").str.casefold().isin(wanted_types)
    if filters.actors:
        keep &= _actor_match(events, filters.actors)
    return keep


def _actor_match(events: pd.DataFrame, actors: Sequence[str]) -> pd.Series:
    pattern = "|".join(re.escape(a) for a in actors)
    hit = pd.Series(False, index=events.index)
    for column in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
        if column in events.columns:
            text = events[column].astype(object).fillna("").astype(str)
            hit |= text.str.contains(pattern, case=False, regex=True)
    return hit
