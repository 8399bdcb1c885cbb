"""Typed field access for one mapping of a scenario file, with errors that name the line.

A :class:`Fields` wraps one YAML mapping (the whole file, or one entry of ``events``...)
with its path, so every getter can fail with ``file``, ``line`` and ``field`` filled in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from geomap.errors import ScenarioError
from geomap.precision import DatePrecision
from geomap.sources._validate import MAX_WHOLE
from geomap.sources.scenario_yaml import Invalid, YamlPath, format_path

T = TypeVar("T")

_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
_ISO2 = re.compile(r"^[A-Z]{2}$")


def parse_date(value: object) -> tuple[date, DatePrecision]:
    """Read a scenario date: ``2024-08-04`` (day), ``2024-07`` (month) or ``2011`` (year).

    Returns the date (the first day of the month or year for coarse dates) and the
    precision its form implies. Raises ``ValueError`` for anything else.
    """
    if isinstance(value, datetime):
        return value.date(), DatePrecision.DAY
    if isinstance(value, date):
        return value, DatePrecision.DAY
    text = str(value).strip() if isinstance(value, int | str) and value is not True else ""
    if _YEAR.match(text):
        return date(int(text), 1, 1), DatePrecision.YEAR
    month = _MONTH.match(text)
    if month:
        return date(int(month[1]), int(month[2]), 1), DatePrecision.MONTH
    try:
        return date.fromisoformat(text), DatePrecision.DAY
    except ValueError:
        raise ValueError(f"expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got {value!r}") from None


class Fields:
    """One mapping of a scenario file, with checked getters.

    Parameters
    ----------
    value
        The parsed YAML value; must be a mapping.
    path
        Its path in the document, e.g. ``("events", 3)``.
    file, lines
        The file and the path -> line table from :func:`parse_yaml`.
    allowed
        The keys this mapping may have (others are reported as likely typos).
    what
        A phrase for messages, e.g. ``"an events entry"``.
    """

    def __init__(self, value: Any, path: YamlPath, file: Path, lines: dict[YamlPath, int],
                 allowed: tuple[str, ...], *, what: str,
                 broken: Mapping[str, set[str]] | None = None) -> None:
        self.path, self.file, self.lines = path, file, lines
        # ids of the entries, by section, that have errors of their own
        self.broken: Mapping[str, set[str]] = broken if broken is not None else {}
        if isinstance(value, Invalid):
            raise value.error
        if not isinstance(value, Mapping):
            self._raise(path, f"expected {what} to be a mapping of key: value, got "
                        f"{type(value).__name__} {_short(value)}",
                        "Write it as `key: value` lines (entries of a list start with `- `).")
        self.data: Mapping[str, Any] = value
        for key in value:
            if key not in allowed:
                self._raise((*path, key), f"expected one of the keys {list(allowed)}, got "
                            f"{key!r}", "Check the spelling; see docs/scenario.md.")
        for item in value.values():  # a value that is none, as the file wrote it
            for inner in item if isinstance(item, list) else (item,):
                if isinstance(inner, Invalid):
                    raise inner.error

    # -- errors ---------------------------------------------------------------------------
    def line(self, path: YamlPath) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())

    def _raise(self, path: YamlPath, message: str, hint: str | None = None,
               cause: BaseException | None = None) -> NoReturn:
        error = ScenarioError(message, file=self.file, line=self.line(path),
                              field=format_path(path) or None, hint=hint)
        raise error from cause

    def fail(self, key: str, message: str, hint: str | None = None,
             cause: BaseException | None = None) -> NoReturn:
        """Raise a ScenarioError for ``key`` of this mapping."""
        self._raise((*self.path, key), message, hint, cause)

    def fail_item(self, key: str, index: int, message: str, hint: str | None = None,
                  cause: BaseException | None = None) -> NoReturn:
        """Raise a ScenarioError for item ``index`` of the list under ``key``."""
        self._raise((*self.path, key, index), message, hint, cause)

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def _present(self, key: str, required: bool, expected: str) -> bool:
        if self.data.get(key) is not None:
            return True
        if required:
            self.fail(key, f"expected {expected}, got nothing",
                      f"Add `{key}:` to this entry.")
        return False

    # -- scalars --------------------------------------------------------------------------
    def text(self, key: str, *, required: bool = False) -> str | None:
        """A non-empty string."""
        if not self._present(key, required, "text"):
            return None
        value = self.data[key]
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"expected text, got {_short(value)}",
                      "Put the value in quotes if it is meant as text.")
        return value.strip()

    def ident(self, key: str, *, required: bool = True) -> str:
        """An id: letters, digits, ``_ . : -``."""
        value = self.text(key, required=required)
        if value is None:
            return ""
        if not _ID.match(value):
            self.fail(key, f"expected an id of letters, digits, '_', '-', '.', got {value!r}",
                      "Use a short slug such as `tinzaouaten` or `jnim`.")
        return value

    def url(self, key: str) -> str | None:
        value = self.text(key)
        if value is not None and not value.startswith(("http://", "https://")):
            self.fail(key, f"expected an http(s) URL, got {value!r}",
                      "Leave `url` out when the address is not known.")
        return value

    def date_with_precision(self, key: str, *,
                            required: bool = False) -> tuple[date | None, DatePrecision]:
        """A date and the precision its form implies (day, month or year)."""
        if not self._present(key, required, "a date (YYYY-MM-DD, YYYY-MM or YYYY)"):
            return None, DatePrecision.DAY
        try:
            return parse_date(self.data[key])
        except ValueError as err:
            self.fail(key, str(err), "Write e.g. 2024-08-04, or 2024-07 for a month.", err)

    def date(self, key: str) -> date | None:
        return self.date_with_precision(key)[0]

    def number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
                value):
            self.fail(key, f"expected a number, got {_short(value)}",
                      "Write decimal degrees such as 12.65 (no quotes, no °).")
        return float(value)

    def count(self, key: str) -> int | None:
        """A whole number from 0 to :data:`MAX_WHOLE` (fatalities)."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WHOLE:
            self.fail(key, f"expected a whole number from 0 to {MAX_WHOLE}, got "
                      f"{_short(value)}", "Use fatalities_low/fatalities_high for ranges.")
        return value

    def parse(self, key: str, parser: Callable[[Any], T], expected: str, *,
              required: bool = False) -> T | None:
        """Run ``parser`` (an enum or ``X.parse``) on the value; ``None`` when absent."""
        if not self._present(key, required, expected):
            return None
        try:
            return parser(self.data[key])
        except (ValueError, KeyError) as err:
            self.fail(key, f"expected {expected}, got {_short(self.data[key])}", None, err)

    def choice(self, key: str, allowed: tuple[str, ...], *, required: bool = False) -> str | None:
        value = self.text(key, required=required)
        if value is not None and value not in allowed:
            folded = {a.lower(): a for a in allowed}
            if value.lower() in folded:
                return folded[value.lower()]
            self.fail(key, f"expected one of {list(allowed)}, got {value!r}",
                      "Use ACLED's event types.")
        return value

    def country(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        return self._iso2(value, (*self.path, key))

    def _iso2(self, value: Any, path: YamlPath) -> str:
        if isinstance(value, bool):
            self._raise(path, f"expected an ISO 3166-1 alpha-2 code, got {value!r}",
                        "YAML reads NO, ON, YES as true/false: put the code in quotes ('NO').")
        if not isinstance(value, str) or not _ISO2.match(value.strip().upper()):
            self._raise(path, f"expected an ISO 3166-1 alpha-2 code such as ML, got "
                        f"{_short(value)}", "Use two letters: ML, UA, RU, FR.")
        return value.strip().upper()

    # -- lists and references -------------------------------------------------------------
    def _list(self, key: str, required: bool = False) -> list[Any]:
        if not self._present(key, required, "a list"):
            return []
        value = self.data[key]
        if isinstance(value, str | int | float | date) and not isinstance(value, bool):
            return [value]  # a single value stands for a list of one
        if not isinstance(value, list):
            self.fail(key, f"expected a list, got {_short(value)}", "Write [a, b] or `- a` lines.")
        if required and not value:
            self.fail(key, "expected at least one entry, got an empty list")
        return value

    def items(self, key: str) -> list[Any]:
        """A list section (``events``...)."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, f"expected a list of entries, got {_short(value)}",
                      "Start each entry with `- ` on its own line.")
        return value

    def text_list(self, key: str) -> list[str]:
        values = self._list(key)
        for i, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                self._raise((*self.path, key, i), f"expected text, got {_short(value)}",
                            "Put the value in quotes.")
        return [v.strip() for v in values]

    def countries(self, key: str) -> list[str]:
        return [self._iso2(v, (*self.path, key, i)) for i, v in enumerate(self._list(key))]

    def bounds(self, key: str) -> tuple[float, float, float, float] | None:
        values = self._list(key)
        if not values:
            return None
        ok = len(values) == 4 and all(isinstance(v, int | float) and not isinstance(v, bool)
                                      for v in values)
        if ok:
            south, west, north, east = (float(v) for v in values)
            ok = -90 <= south < north <= 90 and -180 <= west < east <= 180
        if not ok:
            self.fail(key, f"expected [south, west, north, east] in degrees, got {values!r}",
                      "For example [8, -20, 58, 45].")
        return south, west, north, east

    def ref(self, key: str, known: Mapping[str, Any], section: str, *,
            required: bool = False) -> str | None:
        """An id that must exist in ``known`` (the ``section`` already loaded)."""
        value = self.text(key, required=required)
        if value is not None:
            self._check_ref(value, known, section, (*self.path, key))
        return value

    def refs(self, key: str, known: Mapping[str, Any], section: str, *,
             required: bool = False) -> list[str]:
        values = self._list(key, required)
        for i, value in enumerate(values):
            path = (*self.path, key, i)
            if not isinstance(value, str):
                self._raise(path, f"expected an id from {section}, got {_short(value)}")
            self._check_ref(value, known, section, path)
        return list(values)

    def _check_ref(self, value: str, known: Mapping[str, Any], section: str,
                   path: YamlPath) -> None:
        if value not in known and value in self.broken.get(section, ()):
            raise ScenarioError(f"expected an id defined in {section}, got {value!r}, an "
                                "entry with errors of its own", file=self.file,
                                line=self.line(path), field=format_path(path) or None,
                                hint="Fix that entry first.", follows=True)
        if value not in known:
            ids = sorted(known)
            listed = ", ".join(ids[:12]) + (" ..." if len(ids) > 12 else "")
            self._raise(path, f"expected an id defined in {section}, got {value!r}",
                        f"Known {section} ids: {listed or 'none'}.")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
