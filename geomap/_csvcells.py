"""Cells of the CSV files geomap writes (rejects, warnings, geocoding batches).

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula: ``=HYPERLINK("http://...", "click")`` from a scraped note
becomes a link that sends the sheet's data away. Text from data is never executed, so such
text gets a leading apostrophe, which spreadsheets show as text and hide; numbers (a
negative longitude) are left alone. The page's own CSV export follows the same rule
(``csvCell`` in ``geomap/data/render/geomap.js``); GeoJSON, GeoPackage and GeoParquet keep
text exactly as it came.
"""

from __future__ import annotations

from typing import Any

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """``value`` as a CSV cell a spreadsheet shows and never runs: text that starts like a
    formula gets a leading ``'``; anything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_row(values: Any) -> list[Any]:
    """:func:`spreadsheet_cell` of each value of a row."""
    return [spreadsheet_cell(value) for value in values]
