"""Reading geomap's packaged data files (``geomap/data/``): text, CSV rows with line numbers."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from geomap.errors import DataError

DATA_PACKAGE = "geomap.data"


def data_file(name: str) -> Traversable:
    """The packaged data file ``geomap/data/<name>``."""
    return resources.files(DATA_PACKAGE).joinpath(name)


def data_text(name: str) -> str:
    """The text of ``geomap/data/<name>``.

    Raises
    ------
    DataError
        When the file is missing or unreadable (a broken install).
    """
    try:
        return data_file(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DataError(
            f"expected the data file geomap/data/{name}, got {err!r}. Reinstall geomap."
        ) from err


def data_yaml(name: str) -> Any:
    """The parsed YAML of ``geomap/data/<name>`` (plain YAML: mappings, lists, scalars).

    libyaml's parser when PyYAML has it (the same objects, about ten times faster than the
    pure-Python one: every process that extracts reads some 165 KB of rules), else PyYAML's.

    Raises
    ------
    DataError
        When the file is missing, unreadable or not valid YAML.
    """
    import yaml

    text = data_text(name)
    try:
        if hasattr(yaml, "CSafeLoader"):
            return yaml.load(text, Loader=yaml.CSafeLoader)
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise DataError(
            f"expected a readable YAML file geomap/data/{name}, got {type(err).__name__}: "
            f"{err}. Reinstall geomap or fix the file."
        ) from err


def csv_rows(name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line number, row)`` of a packaged CSV file; blank lines and ``#`` comments skipped.

    The first remaining line is the header. Line numbers are those of the file, for
    messages that point at the bad row.
    """
    numbered = [(number, line) for number, line in enumerate(data_text(name).splitlines(), 1)
                if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(line for _, line in numbered)
    for (number, _), row in zip(numbered[1:], reader, strict=False):
        yield number, row


def data_file_digest(*names: str) -> str:
    """A short hash of the given data files' bytes (to version what is built from them)."""
    digest = hashlib.sha256()
    for name in names:
        digest.update(data_file(name).read_bytes())
    return digest.hexdigest()[:16]


def csv_records(name: str, required: Sequence[str],
                optional: Sequence[str] = ()) -> list[dict[str, str]]:
    """The rows of a packaged CSV file as stripped ``column -> value`` records.

    Parameters
    ----------
    name
        File name under ``geomap/data/``.
    required
        Columns that must hold a value in every row.
    optional
        Columns that must exist but may be empty.

    Raises
    ------
    DataError
        Naming the file and line of the first row that lacks a column or a required value.
    """
    records = []
    for number, row in csv_rows(name):
        record = {c: (row.get(c) or "").strip() for c in (*required, *optional)}
        if not all(record[c] for c in required) or any(row.get(c) is None for c in optional):
            raise DataError(f"geomap/data/{name}:{number}: expected values for "
                            f"{', '.join(required)}, got {row!r}. Reinstall geomap.")
        records.append(record)
    return records
