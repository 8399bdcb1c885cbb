"""Temporal expressions in news text, resolved against the article date.

A resolved expression is a period — a first day ``date``, a last day ``date_end`` — and a
:class:`~geomap.precision.DatePrecision`. In an article of Monday 5 August 2024:

- "late last month" is 21-31 July 2024, month precision (a part of a month is known to
  the month); "early August" 1-10 August;
- "July 25-27", "25 to 27 July", "between 10-15 August", "between Thursday and
  Saturday" are ranges (``days`` precision up to six days, ``week`` up to two weeks);
- "last week" is Monday 29 July to Sunday 4 August (week precision); "in 2021" the year;
- a weekday is the latest such day on or before the article date ("said Monday" is the
  article's own Monday), unless the clause speaks of the future ("talks will resume
  Tuesday", "next Friday"): then the next such day; and in a story whose only date is
  the day it tells ("On 10 March 2025, teachers began a sit-in. On Wednesday, ..."), a
  weekday written after that day counts on from it (``weekdays_after``).

Relative expressions need an article date; without one they are skipped and only
absolute dates resolve. The finder is linear in the length of the text: each pattern is
one regular-expression scan, and overlaps are checked on a character mask.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import compress, count
from operator import itemgetter

from geomap.errors import ConfigError
from geomap.precision import DatePrecision

Day = date  # the type, for fields named "date"

_SPELLINGS = [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
              ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
              ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
              ("december", "dec")]
MONTHS = {name: i for i, names in enumerate(_SPELLINGS, start=1) for name in names}
#: The months' full names, lower case.
FULL_MONTHS = frozenset(names[0] for names in _SPELLINGS)
WEEKDAYS = {name: i for i, name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "a few": 3, "several": 4, "24": 1, "48": 2, "72": 3}

# French months, full and abbreviated, as a Sahel report writes them ("30 nov. 2026",
# "le 3 déc."): read only after their day, never alone ("Mars", "Avril" are names too)
_FRENCH_SPELLINGS = [("janvier", "janv"), ("février", "fevrier", "févr", "fevr", "fév", "fev"),
                     ("mars",), ("avril", "avr"), ("mai",), ("juin",),
                     ("juillet", "juil"), ("août", "aout"), ("septembre", "sept"),
                     ("octobre", "oct"), ("novembre", "nov"), ("décembre", "decembre", "déc",
                                                                "dec")]
FRENCH_MONTHS = {name: i for i, names in enumerate(_FRENCH_SPELLINGS, start=1)
                 for name in names}
_FRENCH_MONTH = "(?P<month>{})".format("|".join(sorted(FRENCH_MONTHS, key=len, reverse=True)))

_MONTH_NAMES = ("January|February|March|April|May|June|July|August|September|October|"
                "November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec")
_MONTH = rf"(?P<month>{_MONTH_NAMES})\.?"
_MONTH2 = rf"(?P<month2>{_MONTH_NAMES})\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
_WEEKDAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_WEEKDAY = rf"(?P<weekday>{_WEEKDAY_NAMES})"
_WEEKDAY2 = rf"(?P<weekday2>{_WEEKDAY_NAMES})"
_TO = r"\s*(?:-|–|—|to|and|until|till|through)\s*"
_PART = (r"(?P<part>early|mid|late|the end of|end of|the beginning of|beginning of|"
         r"the middle of|the start of|start of)[\s-]+")
_NUMERIC_DAY = r"(?P<a>[0-3]?\d)"  # a day or, month first, a month
_NUMERIC_MONTH = r"(?P<b>[0-3]?\d)"
_NOT_A_COUNT = r"(?!\s*(?:people|soldiers|km|troops|%|[.,]\d))"


@dataclass(frozen=True, slots=True)
class DateMention:
    """A temporal expression and the period it names.

    ``start``/``end`` are character offsets; ``date`` and ``date_end`` the first and last
    day of the period (equal for one day).
    """

    text: str
    start: int
    end: int
    date: Day
    precision: DatePrecision
    date_end: Day | None = None

    @property
    def last_day(self) -> Day:
        """The last day of the period."""
        return self.date_end or self.date


Period = tuple[date, date, DatePrecision]
Resolver = Callable[[re.Match[str], date | None], Period | None]


# -- calendar helpers ---------------------------------------------------------------------

def month_start(day: date, back: int = 0) -> date:
    """The first day of ``day``'s month, ``back`` months earlier."""
    month_index = day.year * 12 + day.month - 1 - back
    return date(month_index // 12, month_index % 12 + 1, 1)


def month_end(first: date) -> date:
    """The last day of ``first``'s month."""
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def span_precision(first: date, last: date) -> DatePrecision:
    """The precision of an explicit range: its length in days."""
    days = (last - first).days + 1
    if days <= 1:
        return DatePrecision.DAY
    if days <= 6:
        return DatePrecision.DAYS
    if days <= 14:
        return DatePrecision.WEEK
    return DatePrecision.MONTH if days <= 31 else DatePrecision.YEAR


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_of(m: re.Match[str], group: str = "month") -> int:
    name = m.group(group).lower().rstrip(".")
    return MONTHS.get(name) or FRENCH_MONTHS[name]


def _day_in(year: int | None, month: int, day: int, ref: date | None) -> date | None:
    """A day of a month; without a year, the latest one not after the article date."""
    if year is not None:
        return _safe_date(year, month, day)
    if ref is None:
        return None
    found = _safe_date(ref.year, month, day)
    if found is not None and found > ref:
        found = _safe_date(ref.year - 1, month, day)
    return found


def _part_of_month(first: date, part: str | None) -> tuple[date, date]:
    """"early" 1-10, "mid"/"middle of" 11-20, "late"/"end of" 21-end; else the month."""
    last = month_end(first)
    if not part:
        return first, last
    part = part.replace("the ", "").strip()
    if part in ("early", "beginning of", "start of"):
        return first, first.replace(day=10)
    if part in ("mid", "middle of"):
        return first.replace(day=11), first.replace(day=20)
    return first.replace(day=21), last


# -- resolvers ----------------------------------------------------------------------------

def _absolute_day(m: re.Match[str], ref: date | None) -> Period | None:
    year = int(m.group("year")) if m.group("year") else None
    found = _day_in(year, _month_of(m), int(m.group("day")), ref)
    return (found, found, DatePrecision.DAY) if found else None


def _dotted_day(m: re.Match[str], ref: date | None) -> Period | None:
    """"30.11.2026": day, month, year (dots are written day first). A day its month lacks
    ("31.02.2026") gives the year, as one written with slashes does (it gave nothing)."""
    day, month, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
    found = _safe_date(year, month, day)
    if found is None and 1 <= month <= 12 and 1 <= day <= 31:
        return date(year, 1, 1), date(year, 12, 31), DatePrecision.YEAR
    return (found, found, DatePrecision.DAY) if found else None


def numeric_order(a: int, b: int) -> str | None:
    """The order "a/b" must be read in: ``dm`` when ``a`` cannot be a month, ``md`` when
    ``b`` cannot, ``same`` when both read alike (5/5); None when either could be the day."""
    if a == b:
        return "same"
    if a > 12 >= b:
        return "dm"
    if b > 12 >= a:
        return "md"
    return None


def _text_order(matches: Sequence[re.Match[str]]) -> str | None:
    """The one order the text's slashed dates settle ("30/11/2026" settles day first),
    or None when they settle none or both."""
    settled = {numeric_order(int(m.group("a")), int(m.group("b"))) for m in matches}
    settled -= {None, "same"}
    return settled.pop() if len(settled) == 1 else None


def _slashed_day(m: re.Match[str], ref: date | None, order: str | None = None) -> Period | None:
    """"30/11/2026" (day first), "11/30/2026" (month first): the order its numbers or,
    failing them, the text's other slashed dates settle (``order``); when neither does
    ("3/11/2026" alone), only the year is known."""
    a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
    if max(a, b) > 31 or min(a, b) < 1:
        return None
    own = numeric_order(a, b) or order
    if own is None:
        return date(year, 1, 1), date(year, 12, 31), DatePrecision.YEAR
    day, month = (b, a) if own == "md" else (a, b)
    found = _safe_date(year, month, day)
    return (found, found, DatePrecision.DAY) if found else None


def _iso_day(m: re.Match[str], ref: date | None) -> Period | None:
    found = _safe_date(int(m.group("year")), int(m.group("m")), int(m.group("day")))
    return (found, found, DatePrecision.DAY) if found else None


def _day_range(m: re.Match[str], ref: date | None) -> Period | None:
    """"25-27 July", "July 25 to August 2, 2024", "between 10-15 August"."""
    year = int(m.group("year")) if m.group("year") else None
    groups = m.groupdict()
    second_month = _month_of(m, "month2") if groups.get("month2") else None
    first_month = _month_of(m)
    if groups.get("month2") and m.start("month2") < m.start("month"):
        first_month, second_month = second_month or first_month, first_month
    last_month = second_month or first_month
    last = _day_in(year, last_month, int(m.group("day2")), ref)
    if last is None:
        return None
    first = _safe_date(last.year - (first_month > last_month), first_month, int(m.group("day")))
    if first is None or first > last or (last - first).days > 62:
        return None
    return first, last, span_precision(first, last)


def _month_year(m: re.Match[str], ref: date | None) -> Period | None:
    month = _month_of(m)
    if m.group("year"):
        first = date(int(m.group("year")), month, 1)
    elif ref is None:
        return None
    else:
        first = date(ref.year if month <= ref.month else ref.year - 1, month, 1)
    start, last = _part_of_month(first, m.groupdict().get("part"))
    return start, last, DatePrecision.MONTH


def _year(m: re.Match[str], ref: date | None) -> Period | None:
    year = int(m.group("year"))
    return date(year, 1, 1), date(year, 12, 31), DatePrecision.YEAR


_FUTURE = re.compile(r"\b(?:will|'ll|’ll|shall|would|due|scheduled|set to|to be held|to meet|"
                     r"to hold|to resume|plans? to|planned|planning|expected to|upcoming|"
                     r"ahead of|later this week|is to|are to)\b")
_FUTURE_AFTER = re.compile(r"\s*(?:will|shall|(?:is|are) (?:due|expected|scheduled|set))\b")
_CLAUSE_END = re.compile(r"[.;:!?,]")
_CLAUSE_BACK = re.compile(r"[.;:!?]|\b(?:said|says|told|added|announced)\b")


def is_future(m: re.Match[str]) -> bool:
    """True when the clause of a weekday speaks of the future: a future word before it
    ("talks will resume on Tuesday"; the clause starts after the last punctuation or
    speech verb) or a future verb right after it ("talks Tuesday will focus on")."""
    window = m.string[max(0, m.start() - 80):m.start()]
    cuts = list(_CLAUSE_BACK.finditer(window))
    if cuts:
        window = window[cuts[-1].end():]
    after = _CLAUSE_END.split(m.string[m.end():m.end() + 40], maxsplit=1)[0]
    return (_FUTURE.search(window.lower()) is not None
            or _FUTURE_AFTER.match(after.lower()) is not None)


def _weekday_date(m: re.Match[str], ref: date, group: str = "weekday") -> date:
    target = WEEKDAYS[m.group(group).lower()]
    groups = m.groupdict()
    if groups.get("next") or (groups.get("last") is None and is_future(m)):
        ahead = (target - ref.weekday()) % 7
        if groups.get("next") and ahead == 0:
            ahead = 7
        return ref + timedelta(days=ahead)
    back = (ref.weekday() - target) % 7
    if groups.get("last") and back == 0:
        back = 7
    return ref - timedelta(days=back)


def _weekday(m: re.Match[str], ref: date | None) -> Period | None:
    if ref is None:
        return None
    found = _weekday_date(m, ref)
    return found, found, DatePrecision.DAY


def _weekday_range(m: re.Match[str], ref: date | None) -> Period | None:
    """"between Thursday and Saturday": the latest such stretch ending by the article date."""
    if ref is None:
        return None
    last = _weekday_date(m, ref, "weekday2")
    span = (WEEKDAYS[m.group("weekday2").lower()] - WEEKDAYS[m.group("weekday").lower()]) % 7
    first = last - timedelta(days=span)
    return first, last, span_precision(first, last)


def _weekend(m: re.Match[str], ref: date | None) -> Period | None:
    if ref is None:
        return None
    back = (ref.weekday() - 5) % 7  # the latest Saturday on or before the article date
    if m.groupdict().get("which") == "last" and back <= 1:
        back += 7
    saturday = ref - timedelta(days=back)
    return saturday, saturday + timedelta(days=1), DatePrecision.DAYS


def _relative_day(m: re.Match[str], ref: date | None) -> Period | None:
    if ref is None:
        return None
    word = m.group().lower()
    if word.startswith(("today", "this", "earlier today")):
        return ref, ref, DatePrecision.DAY
    return ref - timedelta(days=1), ref - timedelta(days=1), DatePrecision.DAY


def _count(raw: str) -> int:
    raw = raw.lower()
    return int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw, 3)


def _days_ago(m: re.Match[str], ref: date | None) -> Period | None:
    if ref is None:
        return None
    found = ref - timedelta(days=_count(m.group("n")))
    return found, found, DatePrecision.DAY


def _past_hours_or_days(m: re.Match[str], ref: date | None) -> Period | None:
    """"in the past 24 hours", "over the past three days", "in the last week"."""
    if ref is None:
        return None
    unit = m.group("unit")
    count = _count(m.group("n")) if m.group("n") else 1
    if unit.startswith("hour"):
        days = max(1, (count + 23) // 24)
    elif unit.startswith("week"):
        days = 7 * count
    else:
        days = count
    first = ref - timedelta(days=days)
    return first, ref, span_precision(first, ref)


def _week(m: re.Match[str], ref: date | None) -> Period | None:
    if ref is None:
        return None
    monday = ref - timedelta(days=ref.weekday())
    if m.group("which").lower() == "last":
        monday -= timedelta(days=7)
    return monday, monday + timedelta(days=6), DatePrecision.WEEK


def _month_relative(m: re.Match[str], ref: date | None) -> Period | None:
    if ref is None:
        return None
    back = 1 if m.group("which").lower() in ("last", "previous") else 0
    first, last = _part_of_month(month_start(ref, back), m.groupdict().get("part"))
    return first, last, DatePrecision.MONTH


def _year_relative(m: re.Match[str], ref: date | None) -> Period | None:
    if ref is None:
        return None
    year = ref.year - (1 if m.group("which").lower() in ("last", "previous") else 0)
    return date(year, 1, 1), date(year, 12, 31), DatePrecision.YEAR


_PART_WORDS = "early mid late the end beginning start middle"
# (pattern, resolver, the words a match can start with: #d a number, #m a month, #w a
# weekday)
_PATTERN_TABLE: list[tuple[str, Resolver, str]] = [
    (rf"\b{_YEAR}-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b", _iso_day, "#d"),
    (rf"\b(?:(?:from|between)\s+)?{_DAY}\s+{_MONTH2}{_TO}{_DAY2}\s+(?:of\s+)?{_MONTH}"
     rf",?(?:\s+{_YEAR})?\b", _day_range, "from between #d"),
    (rf"\b(?:(?:from|between|(?:the\s+)?night\s+of)\s+)?{_DAY}{_TO}{_DAY2}\s+(?:of\s+)?{_MONTH}"
     rf",?(?:\s+{_YEAR})?\b", _day_range, "from between the night #d"),
    (rf"\b(?:(?:from|between)\s+)?{_MONTH}\s+{_DAY}{_TO}(?:{_MONTH2}\s+)?{_DAY2}\b"
     rf"(?:,?\s+{_YEAR})?", _day_range, "from between #m"),
    (rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?(?:\s+{_YEAR})?\b", _absolute_day, "#d"),
    (rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR})?", _absolute_day, "#m"),
    (rf"\b(?P<day>[0-3]?\d)(?:er)?\s+{_FRENCH_MONTH}(?:\.|\b)(?:\s+{_YEAR}\b)?",
     _absolute_day, "#d"),
    (rf"(?<![\d/.]){_NUMERIC_DAY}/{_NUMERIC_MONTH}/{_YEAR}(?![\d/]|\.\d)", _slashed_day,
     "#d"),
    (rf"(?<![\d/.]){_NUMERIC_DAY}\.{_NUMERIC_MONTH}\.{_YEAR}(?!\d|\.\d)", _dotted_day, "#d"),
    (rf"\b(?:{_PART}|(?:in|since|during)\s+)?{_MONTH}(?:\s+{_YEAR})?\b", _month_year,
     f"{_PART_WORDS} in since during #m"),
    (rf"\b(?:{_PART})?(?P<which>last|this|previous|earlier this)\s+month\b", _month_relative,
     f"{_PART_WORDS} last this previous earlier"),
    (r"\b(?P<which>last|this)\s+week\b", _week, "last this"),
    (r"\b(?P<which>last|this|previous)\s+year\b", _year_relative, "last this previous"),
    (rf"\b(?:between|from)\s+{_WEEKDAY}\s+(?:and|to|until|till)\s+{_WEEKDAY2}\b",
     _weekday_range, "between from"),
    (r"\b(?:over|during|at)\s+the\s+weekend\b", _weekend, "over during at"),
    (r"\b(?P<which>last|this)\s+weekend\b", _weekend, "last this"),
    (r"\b(?:in|over|during|within)\s+the\s+(?:past|last|previous)\s+(?:(?P<n>\d+|two|three|"
     r"four|five|six|seven|a few|several)\s+)?(?P<unit>hours|days|weeks|week|day)\b",
     _past_hours_or_days, "in over during within"),
    (rf"\b(?:(?P<last>last)\s+|(?P<next>next)\s+|on\s+(?:the\s+night\s+of\s+)?|late\s+on\s+|"
     rf"early\s+on\s+|this\s+(?:past\s+)?)?{_WEEKDAY}\b", _weekday,
     "last next on late early this #w"),
    (r"\b(?:yesterday|today|earlier today|last night|overnight|this morning)\b", _relative_day,
     "yesterday today earlier last overnight this"),
    (r"\b(?P<n>\d+|two|three|four|five|six|seven|a few|several)\s+days\s+ago\b", _days_ago,
     "#d two three four five six seven a several"),
    (rf"\b(?:in|since|during|by|of|the|early|late|mid)[\s-]+{_YEAR}\b{_NOT_A_COUNT}", _year,
     "in since during by of the early late mid"),
    (rf"(?<![\d$€£.,])\b{_YEAR}\b{_NOT_A_COUNT}", _year, "#d"),
]
_SLASHED = next(k for k, row in enumerate(_PATTERN_TABLE) if row[1] is _slashed_day)
# first word (or #d, #m, #w) -> the ranks of the patterns a match there may follow
_BY_FIRST_WORD: dict[str, tuple[int, ...]] = {}
for _rank, _row in enumerate(_PATTERN_TABLE):
    for _word in _row[2].split():
        _BY_FIRST_WORD[_word] = (*_BY_FIRST_WORD.get(_word, ()), _rank)
_PATTERNS: tuple[tuple[re.Pattern[str], Resolver], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), resolver) for pattern, resolver, _ in _PATTERN_TABLE)
# The same patterns for lower-cased text: several times faster than IGNORECASE.
_LOWER_PATTERNS: tuple[tuple[re.Pattern[str], Resolver], ...] = tuple(
    (re.compile(pattern.lower().replace("(?p<", "(?P<")), resolver)
    for pattern, resolver, _ in _PATTERN_TABLE)


# Every expression holds one of these words (or a number): the patterns are tried only at
# the few words before one, so a long text costs one scan of its words.
_ANCHORS = frozenset([*MONTHS, *WEEKDAYS, "last", "this", "previous", "yesterday", "today",
                      "overnight", "ago", "past", "weekend", "next", "week", "month", "year",
                      "night", "morning", "days", "hours"])
_WORDS = re.compile(r"[^\W_]+")
_REACH = 4  # the longest prefix before an anchor word ("the beginning of last month")


def find_dates(text: str, article_date: date | None, start: int = 0,
               end: int | None = None, *,
               words: Sequence[tuple[int, str]] | None = None) -> list[DateMention]:
    """Temporal expressions in ``text[start:end]``, resolved; overlapping ones dropped.

    Patterns are tried in order (ranges before single days, days before months); a
    match overlapping an earlier one is dropped. Linear in the length of the text: the
    patterns are matched only at the few words before a month, weekday, number or
    relative word. ``words`` — ``(offset, lower-case word)`` of the text's words, as the
    extractor's tokens have them — saves scanning the text for words again.
    """
    end = len(text) if end is None else end
    piece = text[start:end]
    lowered = piece.lower()
    patterns = _LOWER_PATTERNS if len(lowered) == len(piece) else _PATTERNS
    subject = lowered if patterns is _LOWER_PATTERNS else piece
    if words is None:
        words = [(m.start(), m.group().lower()) for m in _WORDS.finditer(subject)]
    elif start != 0 or end < len(text):  # words of the whole text are used as given
        words = [(position - start, word) for position, word in words
                 if start <= position < end]
    matches = _anchored_matches(subject, patterns, words)
    order = _text_order(matches.get(_SLASHED, ()))
    found: list[DateMention] = []
    taken = bytearray(len(piece))
    for rank in range(len(patterns)):
        for m in sorted(matches.get(rank, ()), key=lambda m: m.start()):
            a, b = m.start(), m.end()
            if taken.find(1, a, b) >= 0 or _is_may_verb(m, piece) \
                    or (a and piece[a - 1] == "(" and _PERIOD_LABEL.match(piece, a - 1)):
                continue
            resolved = _slashed_day(m, article_date, order) if rank == _SLASHED \
                else patterns[rank][1](m, article_date)
            if resolved is None:
                continue
            taken[a:b] = b"\x01" * (b - a)
            first, last, precision = resolved
            found.append(DateMention(piece[a:b], start + a, start + b, first, precision,
                                     last if last != first else None))
    return sorted(found, key=lambda d: d.start)


# the years of a coders' actor name, "Military Forces of Mali (2021-)", "(2018-2022)":
# when that government held power, not when the event was
_PERIOD_LABEL = re.compile(r"\(\d{4} ?[-\u2013] ?(?:\d{4})?\)")


def _anchored_matches(subject: str, patterns: tuple[tuple[re.Pattern[str], Resolver], ...],
                      words: Sequence[tuple[int, str]]) -> dict[int, list[re.Match[str]]]:
    """Each pattern's matches starting at most four words before an anchor word."""
    starts: set[int] = set()
    # the anchor words found in C: the answer for each distinct word is cached
    for k in compress(count(), map(_is_anchor, map(_WORD, words))):
        starts.update(range(max(0, k - _REACH), k + 1))
    matches: dict[int, list[re.Match[str]]] = {}
    for k in sorted(starts):
        position, word = words[k]
        for rank in _ranks(word):
            m = patterns[rank][0].match(subject, position)
            if m is not None:
                matches.setdefault(rank, []).append(m)
    return matches


_WORD = itemgetter(1)


@lru_cache(maxsize=65536)
def _is_anchor(word: str) -> bool:
    """True for a word a date may be anchored at: a month, a weekday, a relative word,
    a number."""
    return word in _ANCHORS or word[:1].isdigit()


def _ranks(word: str) -> tuple[int, ...]:
    """The patterns a match starting with ``word`` may follow."""
    if word[0].isdigit():
        return _BY_FIRST_WORD["#d"]
    if word in MONTHS:
        return _BY_FIRST_WORD["#m"] + _BY_FIRST_WORD.get(word, ())
    if word in WEEKDAYS:
        return _BY_FIRST_WORD["#w"]
    return _BY_FIRST_WORD.get(word, ())


_MONTH_WORDS = _MONTH_NAMES.split("|")[:12]  # "January" ... "December"


def ambiguous_numeric_dates(text: str) -> list[str]:
    """A warning for each date written in figures whose day and month may be read either
    way ("3/11/2026": 3 November or 11 March) where no other slashed date of the text
    settles the order: only its year is read, never a guessed day. A date written several
    times is one warning, saying how many (each time was a warning of its own)."""
    pattern = _PATTERNS[_SLASHED][0]
    if "/" not in text:
        return []
    matches = list(pattern.finditer(text))
    if _text_order(matches) is not None:
        return []
    found: Counter[tuple[str, int, int, str]] = Counter()
    for m in matches:
        a, b = int(m.group("a")), int(m.group("b"))
        if 1 <= min(a, b) and max(a, b) <= 12 and numeric_order(a, b) is None:
            found[m.group(), a, b, m.group("year")] += 1
    return [f"the date {written!r}{_times(n)} may be {a} {_MONTH_WORDS[b - 1]} or {b} "
            f"{_MONTH_WORDS[a - 1]} {year}: only its year is read (no date of the text "
            "written with a day above 12 settles the order); write the month in words"
            for (written, a, b, year), n in found.items()]


def _times(n: int) -> str:
    return f" (written {n} times)" if n > 1 else ""


_A_YEAR = re.compile(r"(?:19|20)\d\d")
_WORD_OR_NUMBER = re.compile(r"[^\W_]+")
_DAY_NUMBER = re.compile(r"([0-3]?\d)(?:st|nd|rd|th|er)?")


def impossible_days(text: str) -> list[str]:
    """A warning for each date written with its year and a day its month lacks
    ("31/02/2026", "31.04.2026", "2026-02-30", "31 June 2026", "30 févr. 2026": a typo or
    an OCR slip): no day is read from it, and it said nothing (the event took the year,
    the month or, written with dots, no date). Once for a date written several times.

    Each such date holds a year: only the form its neighbours allow is tried, at each
    year (every pattern over the whole text took 3 s a 2 MB text)."""
    found: Counter[tuple[str, date]] = Counter()
    slashed: dict[int, re.Match[str]] = {}
    for year in _A_YEAR.finditer(text):
        at, end = year.start(), year.end()
        if text[end:end + 1].isdigit() or text[at - 1:at].isdigit():
            continue
        before = text[at - 1:at]
        written: tuple[int, int, int] | None = None  # start, day, month
        if before in ("/", "."):
            pattern = (_SLASHED_DAY if before == "/" else _DOTTED_DAY)
            for m in pattern.finditer(text, max(0, at - 7), end + 1):
                if before == "/":
                    slashed.setdefault(m.start(), m)
                else:
                    written = m.start(), int(m.group("a")), int(m.group("b"))
        elif text[end:end + 1] == "-":  # "2026-02-30" starts at its year
            iso = _ISO_DAY.match(text, at)
            if iso is not None:
                first = _check(int(iso.group("day")), int(iso.group("m")), year)
                if first is not None:
                    found[iso.group(), first] += 1
            continue
        else:
            written = _day_in_words(text, at)
        if written is not None:
            first = _check(written[1], written[2], year)
            if first is not None:
                found[text[written[0]:end], first] += 1
    order = _text_order(list(slashed.values()))
    for m in slashed.values():
        day_month = _day_and_month(m, order)
        if day_month is not None:
            first = _check(*day_month, m)
            if first is not None:
                found[m.group(), first] += 1
    return [f"the date {written!r}{_times(n)} names no day ({_MONTH_WORDS[first.month - 1]} "
            f"{first.year} has {month_end(first).day} days): no day is read from it; "
            "check the day" for (written, first), n in found.items()]


def _check(day: int, month: int, year: re.Match[str]) -> date | None:
    """The month's first day when ``day`` is a day number its month lacks, else None."""
    number = int(year.group("year") if "year" in year.re.groupindex else year.group())
    if 1 <= month <= 12 and 1 <= day <= 31 and _safe_date(number, month, day) is None:
        return date(number, month, 1)
    return None


def _day_in_words(text: str, at: int) -> tuple[int, int, int] | None:
    """The start, day and month of a day written in words before the year at ``at``
    ("31 June 2026", "31st of June, 2026", "June 31, 2026", "30 févr. 2026"), else None."""
    before = text[max(0, at - 40):at]
    if before.rstrip()[-1:] not in ("", ",", ".") and not before[-1:].isspace():
        return None
    words = [(m.start(), m.group().lower()) for m in _WORD_OR_NUMBER.finditer(before)][-3:]
    if len(words) < 2:
        return None
    (_, last), (start, second) = words[-1], words[-2]
    if second == "of" and len(words) == 3:
        start, second = words[0]
    month = MONTHS.get(last) or FRENCH_MONTHS.get(last)
    day = _DAY_NUMBER.fullmatch(second)
    if month and day:  # "31 June 2026"
        return max(0, at - 40) + start, int(day.group(1)), month
    day, month = _DAY_NUMBER.fullmatch(last), MONTHS.get(second)
    if month and day:  # "June 31, 2026"
        return max(0, at - 40) + start, int(day.group(1)), month
    return None


def _day_and_month(m: re.Match[str], order: str | None) -> tuple[int, int] | None:
    """The day and month a slashed date writes, or None when the order of its figures is
    not known."""
    a, b = int(m.group("a")), int(m.group("b"))
    own = numeric_order(a, b) or order
    if own is None:
        return None
    return (b, a) if own == "md" else (a, b)


def _only(resolver: Resolver) -> re.Pattern[str]:
    return next(p for p, r in _PATTERNS if r is resolver)


_SLASHED_DAY, _DOTTED_DAY, _ISO_DAY = _only(_slashed_day), _only(_dotted_day), _only(_iso_day)


def _is_may_verb(m: re.Match[str], text: str) -> bool:
    """A month must be capitalised, unless its day is beside it (text in lower case: "4
    march 2024", "march 4"; "may" with its year too: "the 4 may have fled"); and a bare
    "May" is the verb, not the month."""
    groups = m.groupdict()
    for name in ("month", "month2"):
        if not groups.get(name):
            continue
        month = text[m.start(name):m.end(name)]
        if month[0].islower() and not (groups.get("day") and (
                groups.get("year") or month.rstrip(".") != "may")):
            return True
    if not groups.get("month"):
        return False
    month = text[m.start("month"):m.end("month")]
    bare = not groups.get("year") and not groups.get("day")
    return month == "May" and bare and text[m.start():m.end()].strip() == "May"


#: The article dates relative dates can be counted from: the years a date in the text may
#: have (``_YEAR``), a year either side ("on Sunday" before 0001-01-01 was an OverflowError).
FIRST_ARTICLE_DAY, LAST_ARTICLE_DAY = date(1899, 1, 1), date(2100, 12, 31)


def article_day(value: object) -> date | None:
    """``value`` as an article's date: a ``datetime.date`` (a datetime gives its day)
    between :data:`FIRST_ARTICLE_DAY` and :data:`LAST_ARTICLE_DAY`, or None.

    Raises
    ------
    geomap.errors.ConfigError
        For anything else (text, a number: an AttributeError deep inside before).
    """
    if value is None:
        return None
    day = value.date() if isinstance(value, datetime) else value
    if not isinstance(day, date) or not FIRST_ARTICLE_DAY <= day <= LAST_ARTICLE_DAY:
        raise ConfigError(f"expected the article's date as a datetime.date from "
                          f"{FIRST_ARTICLE_DAY} to {LAST_ARTICLE_DAY}, got "
                          f"{type(value).__name__} {value!r}", key="date")
    return day


def detect_article_date(text: str) -> date | None:
    """A full date in the first 300 characters (a dateline), if any."""
    found = _first_full_date(text)
    return found.date if found is not None else None


def told_day_end(text: str) -> int | None:
    """Where the date :func:`detect_article_date` finds ends, when the story tells it as
    the day something happened ("On 10 March 2025, teachers began a sit-in", "began a
    strike on 12 May 2025") rather than as the day it was filed; else None."""
    found = _first_full_date(text)
    if found is None or not _TOLD_ON.search(text, 0, found.start):
        return None
    return found.end


def weekdays_after(dates: list[DateMention], day: date, told_end: int) -> list[DateMention]:
    """``dates`` with each bare weekday written after ``told_end`` ("On Wednesday,
    hundreds of them protested", after "began a sit-in on 10 March 2025") counted on from
    the ``day`` told there, not back: a story dated by the day it tells goes on in time."""
    moved = []
    for mention in dates:
        if mention.start >= told_end and mention.date < day \
                and _BARE_WEEKDAY.fullmatch(mention.text) is not None:
            forward = mention.date + timedelta(days=7)
            mention = replace(mention, date=forward,
                              date_end=forward if mention.date_end else None)
        moved.append(mention)
    return moved


def _first_full_date(text: str) -> DateMention | None:
    for mention in find_dates(text[:300], None):
        if mention.precision is DatePrecision.DAY:
            return mention
    return None


_TOLD_ON = re.compile(r"\bon\s+\Z", re.IGNORECASE)
# "Wednesday", "on Wednesday", "early on Wednesday": no "last", "next" or "this"
_BARE_WEEKDAY = re.compile(rf"(?:(?:late|early)\s+)?(?:on\s+)?(?:{_WEEKDAY_NAMES})",
                           re.IGNORECASE)
