"""The hand-written equality of the extractor's hot records (``Entry``, ``ActorDef``,
``ActorMention``, written out for speed) compares every field the dataclass compares: a
field added later and forgotten there would make two different records equal."""

from __future__ import annotations

import dataclasses
import enum
from typing import Any

import pytest

from geomap.extract.actors import ActorDef, ActorMention
from geomap.extract.names import Entry
from geomap.model import ActorKind, PlaceKind, Precision

ACTOR = ActorDef("a1", "Alpha", ActorKind.ARMED_FORCES)
OTHER_ACTOR = ActorDef("a2", "Beta", ActorKind.ARMED_GROUP)
RECORDS = [
    Entry("Town", 1.0, 2.0, PlaceKind.POPULATED_PLACE, Precision.EXACT),
    ACTOR,
    ActorMention("Alpha", 0, 5, ACTOR),
]


def changed(value: Any) -> Any:
    """A value of the same field that differs from ``value``."""
    if isinstance(value, enum.Enum):
        return next(member for member in type(value) if member is not value)
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, tuple):
        return (*value, OTHER_ACTOR)
    if isinstance(value, ActorDef):
        return OTHER_ACTOR
    assert value is None
    return "x"


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_a_record_differing_in_any_compared_field_is_not_equal(record: Any) -> None:
    assert record == dataclasses.replace(record) and hash(record) == hash(
        dataclasses.replace(record))
    for item in dataclasses.fields(record):
        other = dataclasses.replace(record, **{item.name: changed(getattr(record, item.name))})
        assert (record == other) is not item.compare, item.name
