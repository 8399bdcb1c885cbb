"""Temporal expressions in news text, resolved against the article date.

A resolved expression is a date and a :class:`~geomap.precision.DatePrecision`; the date is
the first day of the period it names ("late last month" in an article of 5 August 2024 is
2024-07-01 with month precision; "last week" is the Monday of the previous week with week
precision; "in 2021" is 2021-01-01 with year precision). Relative expressions need an
article date; without one they are skipped and only absolute dates resolve.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from geomap.precision import DatePrecision

MONTHS = {name: i for i, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1) for name in names}
WEEKDAYS = {name: i for i, name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"  # noqa: E501
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


@dataclass(frozen=True, slots=True)
class DateMention:
    """A temporal expression and what it resolves to."""

    text: str
    start: int
    end: int
    date: date
    precision: DatePrecision


Resolver = Callable[[re.Match[str], date | None], tuple[date, DatePrecision] | None]


def _month_start(day: date, back: int = 0) -> date:
    month_index = day.year * 12 + day.month - 1 - back
    return date(month_index // 12, month_index % 12 + 1, 1)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _absolute_day(m: re.Match[str], ref: date | None) -> tuple[date, DatePrecision] | None:
    year = int(m.group("year")) if m.group("year") else None
    if year is None:
        if ref is None:
            return None
        year = ref.year
    found = _safe_date(year, MONTHS[m.group("month").lower().rstrip(".")], int(m.group("day")))
    if found is None:
        return None
    if m.group("year") is None and ref is not None and found > ref:
        found = _safe_date(year - 1, found.month, found.day) or found
    return found, DatePrecision.DAY


def _iso_day(m: re.Match[str], ref: date | None) -> tuple[date, DatePrecision] | None:
    found = _safe_date(int(m.group("year")), int(m.group("m")), int(m.group("day")))
    return (found, DatePrecision.DAY) if found else None


def _month_year(m: re.Match[str], ref: date | None) -> tuple[date, DatePrecision] | None:
    month = MONTHS[m.group("month").lower().rstrip(".")]
    if m.group("year"):
        return date(int(m.group("year")), month, 1), DatePrecision.MONTH
    if ref is None:
        return None
    year = ref.year if month <= ref.month else ref.year - 1
    return date(year, month, 1), DatePrecision.MONTH


def _year(m: re.Match[str], ref: date | None) -> tuple[date, DatePrecision] | None:
    return date(int(m.group("year")), 1, 1), DatePrecision.YEAR


def _weekday(m: re.Match[str], ref: date | None) -> tuple[date, DatePrecision] | None:
    if ref is None:
        return None
    back = (ref.weekday() - WEEKDAYS[m.group("weekday").lower()]) % 7
    if m.group("last") and back == 0:
        back = 7
    return ref - timedelta(days=back), DatePrecision.DAY


def _relative_day(m: re.Match[str], ref: date | None) -> tuple[date, DatePrecision] | None:
    if ref is None:
        return None
    word = m.group().lower()
    back = 0 if word.startswith(("today", "this", "earlier today")) else 1
    return ref - timedelta(days=back), DatePrecision.DAY


def _days_ago(m: re.Match[str], ref: date | None) -> tuple[date, DatePrecision] | None:
    if ref is None:
        return None
    words = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a few": 3, "several": 4}
    raw = m.group("n").lower()
    count = int(raw) if raw.isdigit() else words.get(raw, 3)
    return ref - timedelta(days=count), DatePrecision.DAYS if count > 1 else DatePrecision.DAY


def _week(m: re.Match[str], ref: date | None) -> tuple[date, DatePrecision] | None:
    if ref is None:
        return None
    monday = ref - timedelta(days=ref.weekday())
    if m.group("which").lower() == "last":
        monday -= timedelta(days=7)
    return monday, DatePrecision.WEEK


def _month_relative(m: re.Match[str], ref: date | None) -> tuple[date, DatePrecision] | None:
    if ref is None:
        return None
    back = 1 if m.group("which").lower() in ("last", "previous") else 0
    return _month_start(ref, back), DatePrecision.MONTH


def _year_relative(m: re.Match[str], ref: date | None) -> tuple[date, DatePrecision] | None:
    if ref is None:
        return None
    back = 1 if m.group("which").lower() in ("last", "previous") else 0
    return date(ref.year - back, 1, 1), DatePrecision.YEAR


_PATTERN_TABLE: list[tuple[str, Resolver]] = [
        (rf"\b{_YEAR}-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b", _iso_day),
        (rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?(?:\s+{_YEAR})?\b", _absolute_day),
        (rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR})?", _absolute_day),
        (rf"\b(?:(?:early|mid|late|end of|beginning of|in|since|during)\s+)?"
         rf"{_MONTH}(?:\s+{_YEAR})?\b",
         _month_year),
        (r"\b(?:(?:early|mid|late|end of)\s+)?"
         r"(?P<which>last|this|previous|earlier this)\s+month\b",
         _month_relative),
        (r"\b(?P<which>last|this)\s+week\b", _week),
        (r"\b(?P<which>last|this|previous)\s+year\b", _year_relative),
        (rf"\b(?:(?P<last>last)\s+|on\s+|late\s+on\s+|early\s+on\s+)?{_WEEKDAY}\b", _weekday),
        (r"\b(?:yesterday|today|earlier today|last night|overnight|this morning)\b", _relative_day),
        (r"\b(?P<n>\d+|two|three|four|five|six|a few|several)\s+days\s+ago\b", _days_ago),
        (rf"\b(?:in|since|during|by|of|the|early|late|mid)[\s-]+{_YEAR}\b(?!\s*(?:people|soldiers|km|troops|%))",
         _year),
        (rf"(?<![\d$€£.,])\b{_YEAR}\b(?!\s*(?:people|soldiers|km|troops|%|[.,]\d))", _year),
]
_PATTERNS: tuple[tuple[re.Pattern[str], Resolver], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), resolver) for pattern, resolver in _PATTERN_TABLE)
# The same patterns for lower-cased text: several times faster than IGNORECASE.
_LOWER_PATTERNS: tuple[tuple[re.Pattern[str], Resolver], ...] = tuple(
    (re.compile(pattern.lower().replace("(?p<", "(?P<")), resolver)
    for pattern, resolver in _PATTERN_TABLE)


# Every pattern needs a digit or one of these words: one scan rules most sentences out.
_MAYBE_DATE = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|"
    r"last|this|previous|yesterday|today|overnight|ago)", re.IGNORECASE)


def find_dates(text: str, article_date: date | None, start: int = 0,
               end: int | None = None) -> list[DateMention]:
    """Temporal expressions in ``text[start:end]``, resolved; overlapping ones dropped."""
    end = len(text) if end is None else end
    if not _MAYBE_DATE.search(text, start, end):
        return []
    lowered = text.lower()
    patterns = _LOWER_PATTERNS if len(lowered) == len(text) else _PATTERNS
    subject = lowered if patterns is _LOWER_PATTERNS else text
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern, resolver in patterns:
        for m in pattern.finditer(subject, start, end):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            if _is_may_verb(m, text):
                continue
            resolved = resolver(m, article_date)
            if resolved is None:
                continue
            taken.append(m.span())
            found.append(DateMention(text[m.start():m.end()], m.start(), m.end(), *resolved))
    return sorted(found, key=lambda d: d.start)


def _is_may_verb(m: re.Match[str], text: str) -> bool:
    """A month must be capitalised, and a bare "May" is the verb, not the month."""
    if not m.groupdict().get("month"):
        return False
    month = text[m.start("month"):m.end("month")]
    if month[0].islower():
        return True
    bare = not m.groupdict().get("year") and not m.groupdict().get("day")
    return month == "May" and bare and text[m.start():m.end()].strip() == "May"


def detect_article_date(text: str) -> date | None:
    """A full date in the first 300 characters (a dateline), if any."""
    head = text[:300]
    for mention in find_dates(head, None):
        if mention.precision is DatePrecision.DAY:
            return mention.date
    return None
