"""Readers: every input format becomes an events table (``geomap.model.EVENT_COLUMNS``).

Public API::

    from geomap.sources.read import read_events     # any file -> ReadResult
    from geomap.sources.read import READERS, FORMATS, format_of  # the one format registry
    from geomap.sources import events_table, empty_table   # the readers' table schema

Modules: ``acled``, ``ucdp``, ``gdelt``, ``tabular`` (CSV/GeoJSON/GeoPackage),
``scenario`` (YAML), with ``_csv`` (tolerant delimited-text reading) and ``_validate``
(vectorised row checks) beneath; country codes, boxes and type mappings come from
:mod:`geomap.refdata`.
Every row read is either in ``ReadResult.frame`` or in ``ReadResult.rejects``
(file, line, field, reason), or merged as a repeat of one event (``ReadResult.merged``).
"""

from geomap.sources._validate import empty_table, events_table

__all__ = ["empty_table", "events_table"]
