"""Typed settings from tables: a TOML table (or a dict) becomes a frozen dataclass, checked.

:func:`from_table` reads every key of a table into the dataclass's fields by their type
annotations, and fails on the first unknown key (with a "did you mean") or wrong type with
a :class:`~geomap.errors.ConfigError` that names the key path (``maps[0].render.widht``),
what was expected and what came. Checks that concern several fields stay in the
dataclass's ``__post_init__``; a ``ConfigError`` raised there with ``key=`` gets the
table's path in front.

Why not pydantic or cattrs: geomap's settings are a few dozen keys of seven kinds (text,
flag, number, date, list of text, table of text, nested table); a 100-line reader keeps
the error text in the house form (file, key, expected, got, fix) and adds no dependency.
"""

from __future__ import annotations

import dataclasses
import difflib
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar, Union

from geomap._text import blank_name
from geomap.errors import ConfigError

T = TypeVar("T")


def from_table(cls: type[T], table: Any, where: str = "", *,
               defaults: Mapping[str, Any] | None = None) -> T:
    """Build the dataclass ``cls`` from ``table``, checking every key and value.

    Parameters
    ----------
    cls
        A dataclass whose fields carry type annotations.
    table
        The table (a mapping of key to value) as read from TOML or given in Python.
    where
        The table's key path, for messages (``"maps[0].render"``).
    defaults
        Values used for keys the table does not give (before the dataclass's own defaults).

    Returns
    -------
    cls
        The checked object.

    Raises
    ------
    geomap.errors.ConfigError
        With ``key`` set to the full key path of the first bad or unknown key.
    """
    if not isinstance(table, Mapping):
        raise ConfigError(f"expected a table, got {table!r}", key=where or None)
    hints = typing.get_type_hints(cls)
    check_keys(table, [f.name for f in dataclasses.fields(cls) if f.init],  # type: ignore[arg-type]
               where)
    given = {**(defaults or {}), **table}
    values = {key: convert(hints[key], value, join(where, key)) for key, value in given.items()}
    missing = [f.name for f in dataclasses.fields(cls)  # type: ignore[arg-type]
               if f.init and f.name not in values and f.default is dataclasses.MISSING
               and f.default_factory is dataclasses.MISSING]
    if missing:
        raise ConfigError("expected a value, got none", key=join(where, missing[0]))
    try:
        return cls(**values)
    except ConfigError as err:
        raise ConfigError(str(err), key=join(where, err.key or "")) from err


def check_keys(table: Mapping[str, Any], names: list[str], where: str = "") -> None:
    """Fail on the first key of ``table`` that is not among ``names`` (with a "did you mean")."""
    for key in table:
        if key not in names:
            raise ConfigError(_unknown(str(key), names), key=join(where, str(key)))


def join(where: str, key: str) -> str:
    """``join("maps[0]", "render")`` -> ``"maps[0].render"``."""
    return ".".join(part for part in (where, key) if part)


def _unknown(key: str, names: list[str]) -> str:
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown key; {hint}expected one of {sorted(names)}"


def convert(kind: Any, value: Any, key: str) -> Any:
    """``value`` as the annotated type ``kind``, or a ConfigError naming ``key``."""
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        return _optional(kind, value, key)
    if origin is Literal:
        return _choice(typing.get_args(kind), value, key)
    if origin in (tuple, list):
        return _items(typing.get_args(kind)[0], value, key)
    if origin in (dict, Mapping):
        return _mapping(typing.get_args(kind), value, key)
    if dataclasses.is_dataclass(kind):
        return from_table(kind, value, key)  # type: ignore[arg-type]
    reader = _SCALARS.get(kind)
    if reader is None:
        raise TypeError(f"no reader for settings of type {kind!r} ({key})")
    return reader(value, key)


def _optional(kind: Any, value: Any, key: str) -> Any:
    options = [a for a in typing.get_args(kind) if a is not type(None)]
    if value is None:
        return None
    if len(options) != 1:
        raise TypeError(f"settings of type {kind!r} are not supported ({key})")
    return convert(options[0], value, key)


def _choice(allowed: tuple[Any, ...], value: Any, key: str) -> Any:
    if value not in allowed:
        close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigError(f"expected one of {list(allowed)}, got {value!r}{hint}", key=key)
    return value


def _items(kind: Any, value: Any, key: str) -> tuple[Any, ...]:
    """A list (one text alone counts as a list of one), each item checked as ``kind``."""
    if isinstance(value, str):
        value = [value]
    if typing.get_origin(kind) is Literal:
        allowed = list(typing.get_args(kind))
        if not isinstance(value, list | tuple) or any(v not in allowed for v in value):
            raise ConfigError(f"expected a list of values among {allowed}, got {value!r}",
                              key=key)
        return tuple(value)
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"expected a list of text, got {value!r}", key=key)
    return tuple(value)


def _mapping(args: tuple[Any, ...], value: Any, key: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"expected a table, got {value!r}", key=key)
    kind = args[1] if len(args) == 2 else Any
    return {str(k): v if kind is Any else convert(kind, v, join(key, str(k)))
            for k, v in value.items()}


def _text(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"expected text, got {value!r}", key=key)
    return check_utf8(value, key)


def check_utf8(text: str, key: str) -> str:
    """``text`` when it can be written as UTF-8; else a ConfigError naming ``key``.

    Bytes that are not UTF-8 in a command-line argument or a file name reach Python as
    lone surrogates (``\\udcff``), which no page, CSV or JSON file can hold.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise ConfigError(f"expected text in UTF-8, got {text!r} (character {err.start + 1} "
                          "is not); give the text in UTF-8 or rename the file", key=key) from err
    return text


def _flag(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"expected true or false, got {value!r}", key=key)
    return value


def _integer(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"expected a whole number, got {value!r}", key=key)
    return value


def _number(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"expected a number, got {value!r}", key=key)
    return float(value)


def _day(value: Any, key: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(f"expected a date as YYYY-MM-DD, got {value!r}", key=key)


def _path(value: Any, key: str) -> Path:
    if not isinstance(value, str | Path) or not str(value).strip():
        raise ConfigError(f"expected a path, got {value!r}", key=key)
    return Path(check_path_text(str(value), key)).expanduser()


def check_path_text(text: str, key: str) -> str:
    """``text`` when it can name a file: UTF-8 (:func:`check_utf8`) and no NUL character
    (``"data\\u0000.csv"`` in geomap.toml was a ``ValueError`` traceback at the first
    ``stat``); else a ConfigError naming ``key``."""
    if "\x00" in text:
        raise ConfigError(f"expected a path without NUL characters, got {text!r}", key=key)
    if blank_name(text):
        raise ConfigError(f"expected a path, got {text!r}, a name of blanks only", key=key)
    return check_utf8(text, key)


_SCALARS: dict[Any, Any] = {str: _text, bool: _flag, int: _integer, float: _number,
                            date: _day, Path: _path}
