from __future__ import annotations

from datetime import date

import pytest

from geomap.model import EVENT_COLUMNS, Event, Place, check_latlon, lonlat
from geomap.precision import ACLED_GEO_PRECISION, UCDP_WHERE_PREC, DatePrecision, Precision


def test_lonlat_flips_order_with_asymmetric_values() -> None:
    assert lonlat(12.65, -8.0) == (-8.0, 12.65)


def test_swapped_coordinates_hint() -> None:
    with pytest.raises(ValueError, match="swapped"):
        check_latlon(120.0, 45.0)


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_non_finite_rejected(bad: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        check_latlon(bad, 0.0)


def test_precision_scale_orders_and_maps_datasets() -> None:
    assert Precision.EXACT < Precision.ADM1 < Precision.COUNTRY
    assert ACLED_GEO_PRECISION[3] is Precision.ADM1
    assert UCDP_WHERE_PREC[6] is Precision.COUNTRY
    assert Precision.NEAR.is_point and not Precision.ADM2.is_point
    assert Precision.parse("province") is Precision.ADM1
    assert DatePrecision.parse("month") is DatePrecision.MONTH
    with pytest.raises(ValueError, match="expected a precision"):
        Precision.parse("street")


def test_event_row_has_event_columns() -> None:
    event = Event("e1", date(2024, 7, 27), "Battles", 19.9, 3.0, Precision.NEAR)
    row = event.to_row()
    assert tuple(row) == EVENT_COLUMNS
    assert row["geo_precision"] == 2 and row["event_date"] == date(2024, 7, 27)


def test_place_rejects_bad_latitude() -> None:
    with pytest.raises(ValueError):
        Place("Nowhere", 95.0, 10.0)
