"""Date intervals of the time filter: each precision's interval, rows of every precision
mixed (only the month and year rows are converted to periods)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geomap.precision import DatePrecision
from geomap.render.timefilter import date_intervals


def day(text: str) -> float:
    return float((pd.Timestamp(text) - pd.Timestamp("1970-01-01")).days)


def test_each_precision_gives_its_interval():
    cases = [  # (date, precision, first day, last day)
        ("2024-02-10", DatePrecision.DAY, "2024-02-10", "2024-02-10"),
        ("2024-02-10", DatePrecision.MONTH, "2024-02-01", "2024-02-29"),
        ("2023-02-10", DatePrecision.MONTH, "2023-02-01", "2023-02-28"),
        ("2024-07-04", DatePrecision.YEAR, "2024-01-01", "2024-12-31"),
        ("2024-02-10", DatePrecision.WEEK, "2024-02-07", "2024-02-13"),
        ("2024-12-31", DatePrecision.MONTH, "2024-12-01", "2024-12-31"),
    ]
    precisions = [int(c[1]) for c in cases] + [int(DatePrecision.MONTH)]
    frame = pd.DataFrame({"event_date": [c[0] for c in cases] + [None],
                          "time_precision": precisions})
    days, start, end = date_intervals(frame)
    assert days[:-1].tolist() == [day(c[0]) for c in cases]
    assert start[:-1].tolist() == [day(c[2]) for c in cases]
    assert end[:-1].tolist() == [day(c[3]) for c in cases]
    assert np.isnan([days[-1], start[-1], end[-1]]).all()  # no date, no interval


def test_a_stated_end_bounds_the_interval_of_a_coarse_date() -> None:
    """A row that states its first and last day (UCDP's date_start and date_end, a draft's
    "late July") is drawn over those days, not over the whole month or year its precision
    names: a UCDP event of January to March coded "within a year" ran the map's slider and
    histogram to 31 December. A stated end on the day itself says nothing of the span."""
    frame = pd.DataFrame({
        "event_date": ["2025-01-01", "2024-07-21", "2025-02-10", "2024-03-01", "2024-03-05"],
        "time_precision": [int(DatePrecision.YEAR), int(DatePrecision.MONTH),
                           int(DatePrecision.WEEK), int(DatePrecision.MONTH),
                           int(DatePrecision.MONTH)],
        "date_end": ["2025-03-31", "2024-07-31", "2025-02-16", "2024-03-01", "2024-04-09"],
    })
    _, start, end = date_intervals(frame)
    assert list(zip(start, end, strict=True)) == [
        (day("2025-01-01"), day("2025-03-31")), (day("2024-07-21"), day("2024-07-31")),
        (day("2025-02-10"), day("2025-02-16")), (day("2024-03-01"), day("2024-03-31")),
        (day("2024-03-05"), day("2024-04-09"))]
