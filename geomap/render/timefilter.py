"""Event date intervals and the time filter control.

An event's date is an interval, not a day: an event known to a month overlaps a range
when any day of its month does. :func:`date_intervals` turns dates and their precision
into ``[start, end]`` day numbers; the browser keeps an event when its interval overlaps
the slider's range, and recounts the choropleth from the same test.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Template

from geomap.precision import DatePrecision
from geomap.render._templates import read_template
from geomap.render.elements import LiteralMacroElement

#: Half-width in days of a date known to a week (ACLED's week precision has no start day).
WEEK_HALF_WIDTH = 3
#: Span in days after the date of a date known to within a few days, without an end date.
DAYS_SPAN = 6


def date_intervals(events: Any) -> tuple[Any, Any, Any]:
    """Day numbers (days since 1970-01-01) of each event's date interval.

    Parameters
    ----------
    events
        A DataFrame with ``event_date``, ``time_precision`` (DatePrecision codes) and,
        optionally, ``date_end``.

    Returns
    -------
    day, start, end
        Float arrays (NaN where the date is missing): the event date and its interval,
        from the date to ``date_end`` where the row states a later end (UCDP's
        ``date_start``/``date_end``, a draft's "late July"), else the span its precision
        names.
    """
    import pandas as pd

    dates = pd.to_datetime(events["event_date"], errors="coerce")
    precision = pd.to_numeric(events.get("time_precision"), errors="coerce")
    precision = precision.fillna(int(DatePrecision.DAY)).to_numpy()
    day = _day_numbers(dates)
    start, end = day.copy(), day.copy()
    week = precision == DatePrecision.WEEK
    start[week] -= WEEK_HALF_WIDTH
    end[week] += WEEK_HALF_WIDTH
    end[precision == DatePrecision.DAYS] += DAYS_SPAN
    for precision_code, period in ((DatePrecision.MONTH, "M"), (DatePrecision.YEAR, "Y")):
        rows = precision == precision_code
        if rows.any():  # periods of only these rows: converting a million dates is slow
            start[rows], end[rows] = _period_bounds(dates[rows], period)
    if "date_end" in events:  # a stated first and last day bound the interval
        stated_end = _day_numbers(pd.to_datetime(events["date_end"], errors="coerce"))
        stated = stated_end > day  # NaN compares False; an end on the day states no span
        start[stated], end[stated] = day[stated], stated_end[stated]
    return day, start, end


def _period_bounds(dates: Any, period: str) -> tuple[Any, Any]:
    """Day numbers of the first and last day of each date's month (``"M"``) or year."""
    periods = dates.dt.to_period(period)
    return (_day_numbers(periods.dt.start_time),
            _day_numbers(periods.dt.end_time.dt.normalize()))


def _day_numbers(dates: Any) -> Any:
    """Days since 1970-01-01 as floats, NaN for missing dates."""
    import numpy as np
    import pandas as pd

    values = pd.to_datetime(pd.Series(dates).reset_index(drop=True), errors="coerce")
    days = values.dt.floor("D").astype("datetime64[s]").astype("int64") // 86_400
    out = days.to_numpy(dtype=float)
    out[values.isna().to_numpy()] = np.nan
    return out


class TimeFilter(LiteralMacroElement):
    """A range slider with a play button that filters the map's events by date.

    It drives the ``GeomapLayers`` element of the same map through the map's ``_geomap``
    object, so events, clusters and the choropleth counts stay in step.

    Parameters
    ----------
    first_day, last_day
        The slider's range, as days since 1970-01-01.
    step_days
        Days the window advances per step of the play control.
    """

    _template = Template(read_template("timefilter.js.j2"))

    def __init__(self, first_day: int, last_day: int, step_days: int = 7) -> None:
        super().__init__()
        self._name = "TimeFilter"
        self.first_day = int(first_day)
        self.last_day = max(int(last_day), int(first_day))
        self.step_days = max(int(step_days), 1)
