"""geomap._cycles: the cycle collector is paused inside the block and restored after."""

from __future__ import annotations

import gc

import pytest

from geomap._cycles import no_cycle_collection


def test_the_collector_is_paused_and_restored_even_on_error() -> None:
    assert gc.isenabled()
    with no_cycle_collection():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), no_cycle_collection():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused() -> None:
    gc.disable()
    try:
        with no_cycle_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
