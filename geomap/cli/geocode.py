"""``geomap geocode``: resolve place names to coordinates (offline, or online on request).

Examples::

    geomap geocode Gao "Tripoli, Lebanon" Kiev --json
    geomap geocode Gao --country ML          # only places in Mali are answers
    geomap geocode --input events.csv --column location -o places.csv
    geomap geocode "northern Mali" "Donetsk oblast" -o areas.geojson   # polygons
    geomap geocode Bamako --service nominatim --user-agent "my-newsroom-maps/1.0"

Every query gets an answer or an explanation; the exit code is 1 if any did not resolve.
An area answer (a country, a province, "northern Mali") says so (``area``) with its
precision and extent (``bbox_*``); ``--json`` and GeoJSON output also give its polygon.
``--country`` and ``--context`` limit the answers to the countries they name: a namesake
elsewhere is printed as a suggestion, never as the answer.  Answers that are ambiguous or
matched only another name or a code are marked low confidence in text, JSON and CSV alike.
Without them, a batch's sure rows steer its ambiguous ones toward the state (or country)
most of them share, each changed row saying so in its ``note``
(:mod:`geomap.geocoding.batch`; ``--no-batch-scope`` answers each name alone).
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import click

from geomap._atomic import OutputSet, atomic_write, first_line_is
from geomap._csvcells import spreadsheet_row
from geomap._files import special_file_kind
from geomap.cli.errors import reported
from geomap.cli.options import PathText, json_option
from geomap.cli.progress import Progress
from geomap.cli.terminal import shown
from geomap.errors import ConfigError, FormatError
from geomap.geocoding._ratelimit import MAX_INTERVAL_S
from geomap.geocoding.answers import (
    BBOX_KEYS,
    FLAT_COLUMNS,
    PLACE_KEYS,
    answer_each,
    place_values,
)
from geomap.geocoding.batch import STEERED_NOTE, applies, is_qualified, steer_to_batch
from geomap.geocoding.gazetteer import Gazetteer
from geomap.sources._recover import physical_lines

#: The columns of ``-o NAME.csv`` (flat: an area's extent as bbox columns, no polygon).
RESULT_FIELDS = FLAT_COLUMNS
#: Names geocoded between two updates of the progress bar.
GEOCODE_BATCH = 500


@dataclass
class Outcome:
    """One query's result as a flat record; ``suggestions`` are never answers."""

    query: str
    values: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    suggestions: list[str] = field(default_factory=list)
    scope: str | None = None

    def as_json(self) -> dict[str, Any]:
        if self.error is not None:
            record = {"query": self.query, "error": self.error, "suggestions": self.suggestions}
            return {**record, "scope": self.scope} if self.scope else record
        return {"query": self.query, **self.values}


def resolve_offline(queries: Iterable[str], country: str | None, context: tuple[str, ...],
                    row_contexts: Sequence[tuple[str, ...]] | None = None,
                    batch_scope: bool = True) -> list[Outcome]:
    """Resolve with the offline gazetteer (the records of :func:`geomap.geocode`'s table,
    without pandas), only inside the countries ``country`` and ``context`` name (and each
    query's own ``row_contexts``, empty values left out); a name given twice with the same
    context is looked up once. With ``batch_scope`` and neither ``country`` nor
    ``context``, ambiguous names are placed near the batch's sure places
    (:func:`geomap.geocoding.batch.steer_to_batch`)."""
    todo = list(queries)
    extra = list(row_contexts) if row_contexts is not None else [()] * len(todo)
    keys = [(query, tuple(v for v in more if v)) for query, more in
            zip(todo, extra, strict=True)]
    rows: dict[tuple[str, tuple[str, ...]], dict[str, Any]] = {}
    with Progress() as progress:
        for start in range(0, len(keys), GEOCODE_BATCH):
            progress("geocoding names", start, len(keys))
            batch = [key for key in dict.fromkeys(keys[start:start + GEOCODE_BATCH])
                     if key not in rows]
            records = answer_each([query for query, _ in batch], [more for _, more in batch],
                                  country, context)
            rows |= dict(zip(batch, records, strict=True))
        progress("geocoding names", len(keys), len(keys))
    records = [rows[key] for key in keys]
    if batch_scope and applies(country, context):
        records = steer_to_batch(records, [is_qualified(*key) for key in keys])
    return [_outcome(record) for record in records]


def _checked_context(row: QueryRow, table: QueryFile, source: Path | None) -> QueryRow:
    """``row`` with an error naming file, line and field when one of its
    ``--context-column`` values names no country, state or region (the other rows are
    still answered)."""
    if row.error is not None or not row.context:
        return row
    gazetteer = Gazetteer.default()
    for name, value in zip(table.context_columns, row.context, strict=True):
        if value:
            try:
                gazetteer.check_scope(None, (value,))
            except ConfigError as err:
                return replace(row, error=f"{source}:{row.line}: field {name!r}: {err}")
    return row


def _outcome(row: dict[str, Any]) -> Outcome:
    if row["error"] is not None:
        return Outcome(row["query"], error=row["error"], suggestions=row["suggestions"],
                       scope=row["scope"])
    return Outcome(row["query"], {key: row[key] for key in (*PLACE_KEYS, "geometry")})


def resolve_online(queries: list[str], service: str, user_agent: str | None,
                   cache: Path | None, min_interval: float,
                   options: dict[str, str] | None = None) -> list[Outcome]:
    """Resolve with an online geopy service (cached, rate limited, retried)."""
    from geomap.geocoding.services import OnlineGeocoder

    if not user_agent:
        raise click.BadParameter("online services need --user-agent naming your application",
                                 param_hint="--user-agent")
    try:
        geocoder = OnlineGeocoder(service, user_agent=user_agent, cache_path=cache,
                                  min_interval=min_interval, geocoder_options=options)
    except ConfigError as err:
        raise click.BadParameter(str(err), param_hint="--service/--user-agent") from err
    batch = geocoder.geocode_many(queries)
    outcomes = []
    for query in queries:
        if query in batch.failures:
            outcomes.append(Outcome(query, error=f"service failed: {batch.failures[query]}"))
        elif batch.places.get(query) is None:
            outcomes.append(Outcome(query, error="not found"))
        else:
            outcomes.append(Outcome(query, place_values(batch.places[query], None)))
    return outcomes


@dataclass
class QueryRow:
    """A query read from ``--input``; ``error`` says why its row could not be read (the
    row's text is then the query, reported as unresolved). From a CSV: ``cells``, the
    row's fields (carried into ``-o``), ``context``, its ``--context-column`` values, and
    its ``line``."""

    text: str
    error: str | None = None
    cells: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    line: int | None = None


@dataclass
class QueryFile:
    """The queries of ``--input``, with the CSV's header (empty for a text file) and the
    names of its ``--context-column`` fields."""

    rows: list[QueryRow]
    header: list[str] = field(default_factory=list)
    context_columns: tuple[str, ...] = ()


def read_queries(path: Path, column: str | None,
                 context_columns: tuple[str, ...] = ()) -> QueryFile:
    """Queries from a text file (one per line) or a CSV/TSV column, with each row's
    fields and its values in ``context_columns`` (a country or state per row).

    The file is decoded like the sources (UTF-8, else line by line with cp1252 and a warning
    naming the lines) and its delimiter sniffed from the header as theirs is (``,`` tab
    ``;`` ``|``: a spreadsheet's ``;``-separated export was one column named
    ``name;country``); a row whose width differs from the header's is kept as an
    unresolved query naming its line, never read at a shifted position or dropped.
    ``--column`` and ``--context-column`` name a column in any case when only one
    matches (``country`` for a header's ``Country``).

    Raises
    ------
    click.BadParameter
        A file that is not a regular text file, a missing or repeated ``--column``, or a
        CSV that cannot be parsed (naming the line).
    """
    text = _query_text(path)
    if path.suffix.lower() not in (".csv", ".tsv") and column is None:
        if context_columns:
            raise click.BadParameter("expected a CSV or TSV --input with --column, got a "
                                     "text file", param_hint="--context-column")
        return QueryFile([_without_nul(QueryRow(query.strip(), line=number), path)
                          for number, line in enumerate(physical_lines(text), 1)
                          for query in line.splitlines() if query.strip()])
    from geomap.model import Reject
    from geomap.sources._csv import refuse_nul_in_header
    from geomap.sources._recover import Layout, line_fields, records

    delimiter = _delimiter(path, text)
    csv.field_size_limit(sys.maxsize)  # as in the sources: a huge field is a query refused by
    first = physical_lines(text)[:1]  # its length
    header = [name.strip() for name in line_fields(first[0], delimiter)] if first else []
    try:
        refuse_nul_in_header(header, str(path))
    except FormatError as err:
        raise click.BadParameter(shown(str(err)), param_hint="--input") from None
    position = _column_position(header, column)
    extra = [_column_position(header, name, "--context-column") for name in context_columns]
    rows = []
    # read as the sources read: a stray quote costs its own line, never the rows after it
    for line, cells, _ in records(text, Layout(str(path), header, delimiter, True, True)):
        if isinstance(cells, Reject):
            broken = line_fields(cells.raw or "", delimiter)
            rows.append(QueryRow(cells.raw or "", f"{path}:{line}: {cells.reason}",
                                 cells=_fitted(broken, len(header), delimiter), line=line))
        elif cells and len(cells) != len(header):
            width = f"{len(header)} field" + ("" if len(header) == 1 else "s")
            rows.append(QueryRow(delimiter.join(cells), f"{path}:{line}: expected {width} "
                                 f"as in the header, got {len(cells)}",
                                 cells=_fitted(cells, len(header), delimiter), line=line))
        elif cells:
            rows.append(QueryRow(cells[position].strip(), cells=tuple(cells),
                                 context=tuple(cells[k].strip() for k in extra), line=line))
    return QueryFile([_without_nul(row, path, header) for row in rows], header,
                     tuple(context_columns))


def _without_nul(row: QueryRow, path: Path, header: Sequence[str] = ()) -> QueryRow:
    """``row``, or, when its query or a field holds a NUL, an unresolved query naming its
    line and field with the NUL written as ``\\x00``: the sources reject such a row, GDAL
    cuts a GeoJSON property there and CSV readers refuse or cut the line, so ``-o`` held
    text no reader gets back (the other rows are answered)."""
    if "\x00" not in row.text and not any("\x00" in cell for cell in row.cells):
        return row
    names = [header[k] for k, cell in enumerate(row.cells) if "\x00" in cell and k < len(header)]
    where = f"field {names[0]!r}: " if names else ""
    error = (f"{path}:{row.line}: {where}expected text without NUL bytes, got one in "
             f"{shown(next(t for t in (row.text, *row.cells) if chr(0) in t))!r}; "
             "remove the NUL bytes")
    if row.error is not None:
        error = f"{row.error}; {error}"
    return replace(row, text=_escaped_nul(row.text), error=error,
                   cells=tuple(_escaped_nul(cell) for cell in row.cells),
                   context=tuple(_escaped_nul(value) for value in row.context))


def _escaped_nul(text: str) -> str:
    return text.replace("\x00", "\\x00")


def _fitted(cells: list[str], width: int, delimiter: str) -> tuple[str, ...]:
    """A row's fields made as wide as the header (a short row padded, the rest of a long
    one joined into its last field), so that ``-o`` keeps every field it had."""
    if len(cells) <= width:
        return (*cells, *[""] * (width - len(cells)))
    return (*cells[:width - 1], delimiter.join(cells[width - 1:])) if width else ()


def _argument_query(query: str) -> QueryRow:
    """A query from the command line; bytes that are not UTF-8 (which reach Python as lone
    surrogates, ``Kidal\\udcff``) make it an unresolved query shown with the escape: no
    terminal, CSV or JSON output can hold them (they were a UnicodeEncodeError traceback)."""
    try:
        query.encode("utf-8")
    except UnicodeEncodeError:
        shown = query.encode("utf-8", "backslashreplace").decode("utf-8")
        return QueryRow(shown, f"invalid query: expected a place name in UTF-8, got {query!r}")
    return QueryRow(query)


def _delimiter(path: Path, text: str) -> str:
    """The delimiter of a CSV/TSV batch, sniffed from its header line as the sources sniff
    theirs; a header of one column keeps the suffix's (tab for ``.tsv``, else comma)."""
    from geomap.sources._csv import sniff_delimiter

    header = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    return sniff_delimiter(header) or ("\t" if path.suffix.lower() == ".tsv" else ",")


def _column_position(header: list[str], column: str | None, option: str = "--column") -> int:
    """The position of ``column`` in ``header``: its exact name, else the one name equal to
    it in another case (as the sources take their headers in any case)."""
    positions = [i for i, name in enumerate(header) if name == column]
    if not positions and column is not None:
        positions = [i for i, name in enumerate(header)
                     if name.casefold() == column.strip().casefold()]
    if column is None or not positions:
        raise click.BadParameter(
            f"expected {option} naming one of "
            f"{', '.join(shown(name) for name in header) or '(no header)'}, "
            f"got {column!r}", param_hint=option,
        )
    if len(positions) > 1:
        fields = " and ".join(str(i + 1) for i in positions)
        raise click.BadParameter(f"expected one column named {column!r}, got {len(positions)} "
                                 f"(fields {fields}); rename one", param_hint=option)
    return positions[0]


def _query_text(path: Path) -> str:
    """The text of a query file: a regular text file, decoded as the sources are."""
    from geomap._files import bom_encoding
    from geomap.sources._encoding import binary_kind, decode_mixed

    kind = special_file_kind(path)
    if kind is not None:
        raise click.BadParameter(f"expected a regular file, got {kind} {str(path)!r}",
                                 param_hint="--input")
    data = path.read_bytes()
    found = binary_kind(data[:4096])
    if found is not None:
        raise click.BadParameter(f"expected a text file, got {found[0]} {str(path)!r}. Give "
                                 "one place name per line, or a CSV/TSV with --column.",
                                 param_hint="--input")
    encoding = bom_encoding(data[:4]) or "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        if encoding != "utf-8-sig":
            raise click.BadParameter(f"expected {encoding.upper()} text after its byte-order "
                                     f"mark in {str(path)!r}", param_hint="--input") from None
        return decode_mixed(path)[2].decode("utf-8")  # warns, naming the lines


UNRESOLVED_FIELDS = ("query", "error", "suggestions")


def write_results(outcomes: list[Outcome], out: Path, *, protected: Iterable[Path] = (),
                  carried: tuple[list[str], list[tuple[str, ...]]] | None = None,
                  ) -> Path | None:
    """Write every outcome to ``out`` and the unresolved ones to ``<out>.unresolved.csv``,
    published together (:class:`geomap._atomic.OutputSet`); an earlier unresolved list is
    removed when every query resolved now. Returns the unresolved list's path, if any.

    ``carried`` is an input CSV's header and each outcome's fields (empty for a query
    from the command line): they come first in each row (or feature's properties), a
    field named as one of :data:`RESULT_FIELDS` as ``input_<name>``."""
    report = out.with_name(f"{out.stem}.unresolved.csv")
    failed = [o for o in outcomes if o.error is not None]
    header, cells = carried if carried is not None else ([], [() for _ in outcomes])
    names = carried_names(header)
    fitted = [(*row, *[""] * (len(names) - len(row))) for row in cells]
    with OutputSet(protected=protected) as outputs:
        if failed:
            _write_csv(outputs.stage(report), UNRESOLVED_FIELDS,
                       ([o.query, o.error, "; ".join(o.suggestions)] for o in failed))
        elif first_line_is(report, ",".join(UNRESOLVED_FIELDS)):  # ours, from an earlier run
            outputs.retire(report)
        if out.suffix.lower() == ".geojson":
            _write_geojson(outputs.stage(out), outcomes, names, fitted)
        else:
            _write_csv(outputs.stage(out), [*names, *RESULT_FIELDS],
                       ([*row, *_result_row(o)] for o, row in zip(outcomes, fitted,
                                                                   strict=True)))
        outputs.publish()
    return report if failed else None


def carried_names(header: list[str]) -> list[str]:
    """An input CSV's field names as written beside the answer's columns: one named as
    an answer column (``lat``, ``name``...) becomes ``input_<name>``; a name that would
    then be another field's gets a number (``input_note_2`` beside the input's own
    ``input_note``, ``x_2`` for a second ``x``): a GeoJSON kept one value of two."""
    given, taken = set(header), set(RESULT_FIELDS)
    names = []
    for name in header:
        wanted = f"input_{name}" if name in RESULT_FIELDS else name
        candidate, number = wanted, 2
        while candidate in taken or (candidate != name and candidate in given):
            candidate, number = f"{wanted}_{number}", number + 1
        taken.add(candidate)
        names.append(candidate)
    return names


def _result_row(outcome: Outcome) -> list[Any]:
    record = _flat_record(outcome)
    return ["" if record.get(k) is None else record.get(k) for k in RESULT_FIELDS]


def _flat_record(outcome: Outcome) -> dict[str, Any]:
    """Every column of :data:`RESULT_FIELDS` (a miss's place columns are None)."""
    record = {**outcome.values, "query": outcome.query, "error": outcome.error or "",
              "suggestions": "; ".join(outcome.suggestions), "scope": outcome.scope}
    return {key: record.get(key) for key in RESULT_FIELDS}


def _write_geojson(path: Path, outcomes: list[Outcome], names: list[str],
                   cells: list[tuple[str, ...]]) -> None:
    """A FeatureCollection: one Feature per query, in order, its geometry the area's
    polygon or the point (null for a query that did not resolve), its properties the CSV
    columns (the input's fields first)."""
    features = [{"type": "Feature", "geometry": o.values.get("geometry"),
                 "properties": {**dict(zip(names, row, strict=True)), **_flat_record(o)}}
                for o, row in zip(outcomes, cells, strict=True)]
    with atomic_write(path, "w", encoding="utf-8") as handle:
        json.dump({"type": "FeatureCollection", "features": features}, handle,
                  ensure_ascii=False)


def _write_csv(path: Path, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    with atomic_write(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(spreadsheet_row(header))  # the input's field names are data too
        writer.writerows(spreadsheet_row(row) for row in rows)


def _same(first: Path, second: Path) -> bool:
    return os.path.realpath(first) == os.path.realpath(second)


def _finite(ctx: click.Context, param: click.Parameter, value: float) -> float:
    """Refuse ``nan``, which passes every range (no pause between requests at all)."""
    if value != value:
        raise click.BadParameter(f"expected seconds between 0 and {MAX_INTERVAL_S:,}, got "
                                 f"{value!r}")
    return value


def _parse_options(pairs: tuple[str, ...]) -> dict[str, str]:
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected KEY=VALUE, got {pair!r}",
                                     param_hint="--service-option")
        options[key.strip()] = value.strip()
    return options


def _echo_outcome(outcome: Outcome, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(outcome.as_json(), ensure_ascii=False))
        return
    if outcome.error is not None:
        stop = "" if outcome.error.endswith((".", "?", "!")) else "."
        click.echo(f"{shown(outcome.query)}: {shown(outcome.error)}{stop}{_hint(outcome)}")
        return
    v = outcome.values
    where = ", ".join(str(p) for p in (v["admin1"], v["country_code"]) if p)
    score = f" score {v['score']:.2f}" if v.get("score") is not None else ""
    doubt = f" (low confidence: {v['confidence_reason']})" if v.get("confidence") == "low" else ""
    click.echo(f"{shown(outcome.query)}: {v['name']} ({v['kind']}, {where}) "
               f"{v['lat']:.5f}, {v['lon']:.5f} [{v['precision']}{_area(v)}]{score}{doubt}"
               f"{_steered(v)}")


def _steered(values: dict[str, Any]) -> str:
    """" (placed near the batch's other places ...)" for a row the batch steered."""
    note = values.get("note") or ""
    start = note.find(STEERED_NOTE)
    return f" ({note[start:]})" if start >= 0 else ""


def _area(values: dict[str, Any]) -> str:
    """", area" and its extent (west, south, east, north) when the answer is an area."""
    if not values.get("area"):
        return ""
    bbox = [values.get(key) for key in BBOX_KEYS]
    extent = ", ".join(f"{b:.2f}" for b in bbox) if None not in bbox else "no polygon"
    return f", area: {extent}"


def _hint(outcome: Outcome) -> str:
    if not outcome.suggestions:
        return ""
    if outcome.scope:
        return (f" Suggestions outside {outcome.scope}, not answers: "
                f"{', '.join(outcome.suggestions)}.")
    return f" Did you mean: {', '.join(outcome.suggestions)}?"


@click.command("geocode")
@click.argument("queries", nargs=-1)
@click.option("--country", "country", metavar="CC",
              help="Only places in this country (ISO code or name, e.g. ML); places "
                   "elsewhere are shown as suggestions, never as answers.")
@click.option("--context", "context", multiple=True, metavar="NAME",
              help="A country, demonym, state, county or region the places are in "
                   "(repeatable): only places in the countries named are answers; a "
                   "state's or a county's towns rank first.")
@json_option
@click.option("--input", "input_file", type=PathText(exists=True, dir_okay=False,
              path_type=Path), help="Batch: a text file (one query per line) or a CSV.")
@click.option("--column", help="Batch: the CSV column holding place names.")
@click.option("--context-column", "context_columns", multiple=True, metavar="NAME",
              help="Batch: a CSV column whose value on each row (a country or state) is that "
                   "row's context, as --context (repeatable).")
@click.option("-o", "--output", type=PathText(dir_okay=False, path_type=Path),
              help="Batch: write results as CSV, or as GeoJSON when NAME ends in .geojson "
                   "(areas as polygons); unresolved queries also go to NAME.unresolved.csv.")
@click.option("--service", help="Use an online geopy service (e.g. nominatim) instead.")
@click.option("--user-agent", help="Required with --service: your application's name.")
@click.option("--cache", type=PathText(dir_okay=False, path_type=Path),
              help="SQLite cache for online answers (default: in the geomap cache dir).")
@click.option("--min-interval", type=click.FloatRange(min=0, max=MAX_INTERVAL_S), default=1.0,
              show_default=True, callback=_finite, help="Seconds between online requests.")
@click.option("--service-option", "service_options", multiple=True, metavar="KEY=VALUE",
              help="Option for the geopy geocoder, e.g. domain=nominatim.example.org (repeatable).")
@click.option("--batch-scope/--no-batch-scope", default=True, show_default=True,
              help="Place a batch's ambiguous names near the places most of its sure rows "
                   "share (a state, else a country; within 100 km), noting each row it "
                   "changes. Off with --country or --context, and with --service.")
def geocode(queries: tuple[str, ...], country: str | None, context: tuple[str, ...],
            as_json: bool, input_file: Path | None, column: str | None,
            context_columns: tuple[str, ...], output: Path | None,
            service: str | None, user_agent: str | None, cache: Path | None,
            min_interval: float, service_options: tuple[str, ...], batch_scope: bool) -> None:
    """Resolve place names (or "lat, lon") to coordinates, kind and precision.

    \b
    A CSV --input keeps its fields in -o (before the answer's columns; a field named
    as one of those is written as input_NAME), and --context-column gives each row
    its own context:
      geomap geocode --input events.csv --column location --context-column country -o out.csv
    """
    rows = [_argument_query(query) for query in queries]
    if input_file is not None and output is not None and _same(input_file, output):
        raise click.BadParameter(f"expected an output that is not the --input file, got "
                                 f"{str(output)!r}", param_hint="-o/--output")
    if context_columns and (input_file is None or service):
        raise click.BadParameter("expected --input with the offline gazetteer (no --service)",
                                 param_hint="--context-column")
    table = QueryFile([])
    if input_file is not None:
        table = read_queries(input_file, column, context_columns)
        rows += table.rows
    if not rows and input_file is not None:  # it was "give at least one QUERY or --input"
        what = "only a header" if table.header else "no place names"
        raise click.BadParameter(f"expected place names to resolve in {str(input_file)!r}, "
                                 f"got {what}", param_hint="--input")
    if not rows:
        raise click.UsageError("give at least one QUERY or --input FILE")
    rows = [_checked_context(row, table, input_file) for row in rows]
    todo = [row for row in rows if row.error is None]
    if service:
        options = _parse_options(service_options)
        answers = resolve_online([row.text for row in todo], service, user_agent, cache,
                                 min_interval, options)
    else:
        with reported():  # a country or context that names nothing: bad usage (exit 2)
            answers = resolve_offline([row.text for row in todo], country, context,
                                      [row.context for row in todo], batch_scope)
        _report_steered(answers)
    answered = iter(answers)
    outcomes = [next(answered) if row.error is None else Outcome(row.text, error=row.error)
                for row in rows]
    if output is not None:
        carried = (table.header, [row.cells for row in rows]) if table.header else None
        with reported():  # a disk that refuses: one line, exit code 1
            report = write_results(outcomes, output,
                                   protected=[input_file] if input_file else [],
                                   carried=carried)
        click.echo(f"wrote {len(outcomes)} results to {shown(str(output))}", err=True)
        if report is not None:
            click.echo(f"unresolved queries listed in {shown(str(report))}", err=True)
    else:
        for outcome in outcomes:
            _echo_outcome(outcome, as_json)
    failed = sum(o.error is not None for o in outcomes)
    if failed:
        click.echo(f"{failed} of {len(outcomes)} queries did not resolve", err=True)
        if not service:
            click.echo(_missing_place_hint(outcomes), err=True, nl=False)
        sys.exit(1)


def _report_steered(outcomes: Sequence[Outcome]) -> None:
    """Say on stderr how many rows the batch's own geography moved (each row's note
    says which), so that nothing changes silently."""
    moved = sum(STEERED_NOTE in (o.values.get("note") or "") for o in outcomes)
    if moved:
        click.echo(f"{moved} ambiguous " + ("name" if moved == 1 else "names") +
                   " placed near the batch's other places (see each row's note; "
                   "--no-batch-scope answers each name alone)", err=True)


def _missing_place_hint(outcomes: Sequence[Outcome]) -> str:
    """How to add a town the bundled GeoNames data leaves out, when a query was not
    found (empty when none was: an invalid query needs no new data)."""
    missing = [o for o in outcomes if o.error is not None and o.error.startswith("not found")]
    if not missing:
        return ""
    code = next((o.scope for o in missing if o.scope and len(o.scope) == 2), None)
    # with no country asked, no country is named: 'ML.zip' for 'Scandinavia' misled
    command = (f"`geomap gazetteer import {code}.zip`" if code else
               "`geomap gazetteer import CC.zip` (CC: the country's two-letter code)")
    return ("the bundled GeoNames data lists places of about 500 people or more; a smaller "
            f"one is in GeoNames' file of its country: {command} adds it (where to get the "
            "file: `geomap gazetteer import --help`)\n")
