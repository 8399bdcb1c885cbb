"""``geomap extract``: places, actors, events and relations found in articles."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import click

import geomap
from geomap.cli.errors import reported
from geomap.cli.options import PathText, json_option, parse_day
from geomap.cli.progress import Progress
from geomap.cli.terminal import shown, utf8_name


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True, metavar="FILE...",
                type=PathText(allow_dash=True))
@click.option("--date", "article_date", callback=parse_day, metavar="YYYY-MM-DD",
              help="Publication date that relative dates (\"last week\") resolve against.")
@json_option
@click.option("--scenario", "scenario_path", type=PathText(dir_okay=False, path_type=Path),
              help="Write a draft scenario YAML (one input only) to correct and rebuild from.")
@click.option("--title", help="Scenario title (default: the article's headline).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for many files (each loads the index once).")
def extract(inputs: tuple[str, ...], article_date: date | None, as_json: bool,
            scenario_path: Path | None, title: str | None, jobs: int) -> None:
    """Find places, actors, events and relations in article FILEs (folders, or - for stdin).

    With --json, prints one JSON object per input (with a "file" key when there are
    several); see docs/extract.md for the contract. Bad files are reported and skipped;
    the exit code is 1 if any input failed.
    """
    from geomap.extract.reader import iter_article_paths

    paths = list(iter_article_paths(list(inputs)))
    several = len(paths) > 1 or any(Path(i).is_dir() for i in inputs if i != "-")
    if scenario_path is not None and several:
        raise click.BadParameter("--scenario takes exactly one article", param_hint="FILE")
    if scenario_path is not None and any(os.path.realpath(scenario_path) == os.path.realpath(p)
                                         for p in paths if str(p) != "-"):
        raise click.BadParameter(f"expected a draft scenario that is not the article, got "
                                 f"{str(scenario_path)!r}", param_hint="--scenario")
    with Progress() as progress:
        failed = _extract_all(paths, article_date, jobs, progress, as_json=as_json,
                              several=several, scenario=(scenario_path, title))
    if failed:
        raise SystemExit(1)


def _extract_all(paths: list[str], article_date: date | None, jobs: int, progress: Progress,
                 *, as_json: bool, several: bool, scenario: tuple[Path | None, str | None],
                 ) -> int:
    """Extract every article, printing each result; the number that failed."""
    from geomap.extract.batch import extract_files

    scenario_path, title = scenario
    failed = 0
    results = extract_files(paths, article_date, jobs=jobs, extract=geomap.extract)
    for done, result in enumerate(results, start=1):
        progress(f"extracting articles: {shown(result.file)}", done, len(paths))
        if result.payload is None:
            failed += 1
            click.echo(f"Error: {shown(str(result.error))}", err=True)
            if as_json:
                click.echo(json.dumps({"file": utf8_name(result.file),
                                       "error": utf8_name(str(result.error))},
                                      ensure_ascii=False))
            continue
        for warning in result.warnings:
            click.echo(f"Warning: {shown(warning)}", err=True)
        if as_json:
            payload = ({"file": utf8_name(result.file), **result.payload} if several
                       else result.payload)
            click.echo(json.dumps(payload, ensure_ascii=False))
        else:
            _echo_summary(result.file, result.payload)
        if scenario_path is not None:
            with reported():  # a disk that refuses: one line, exit code 1
                _write_scenario(scenario_path, result.extraction, result.file, title)
    return failed


def _echo_summary(path: str, data: dict[str, Any]) -> None:
    click.echo(f"== {shown(path)}")
    for p in data["places"]:
        click.echo(f"place  {p['start']:>6}-{p['end']:<6} {p['text']!r} -> {p['name']} "
                   f"({p['kind']}, {p['country_code'] or '-'}, {p['lat']:.3f}, {p['lon']:.3f}, "
                   f"{p['precision']})")
    for a in data["actors"]:
        click.echo(f"actor  {a['start']:>6}-{a['end']:<6} {a['text']!r} -> {a['name']} "
                   f"({a['kind']})")
    for e in data["events"]:
        click.echo(_event_line(e))
    for r in data["relations"]:
        hedge = f", {r['hedge']}" if r["hedge"] else ""
        hedge += f" by {r['claimed_by']}" if r["hedge"] and r["claimed_by"] else ""
        click.echo(f"relation  {r['source']} -[{r['kind']}{hedge}]-> {r['target']}")


def _event_line(e: dict[str, Any]) -> str:
    """"event  Battles, 2024-07-25..2024-07-27 (days), near Tinzaouaten: A -> B; 131 killed
    (claimed by A)"."""
    when = f"{e['date']}..{e['date_end']}" if e["date_end"] else e["date"]
    when = f"{when} ({e['date_precision']})" if e["date"] else "date unknown"
    where = f"{e['place']} [{e['precision']}]" if e["place"] else "?"
    who = ", ".join(e["actor1"]) or "-"
    if e["actor2"]:
        who += " -> " + ", ".join(e["actor2"])
    toll = ""
    if e["fatalities"] is not None:
        claim = f" (claimed by {e['fatalities_claimed_by']})" if e["fatalities_claimed_by"] else ""
        toll = f"; {e['fatalities']} killed{claim}"
    return f"event  {e['type']}, {when}, at {where}: {who}{toll}"


def _write_scenario(out: Path, extraction: Any, file: str, title: str | None) -> None:
    import yaml

    from geomap._atomic import atomic_write_text
    from geomap.extract import article_scenario_draft

    mapping, left_out_events = article_scenario_draft(extraction, file, title=title)
    left_out = [reason for _field, reason in left_out_events]
    for reason in left_out:
        click.echo(f"Warning: {shown(reason)}", err=True)
    header = ["Draft scenario written by `geomap extract`: check every item, then "
              "`geomap build` it.", *(f"Left out: {reason}" for reason in left_out)]
    text = "".join(f"# {' '.join(line.splitlines())}\n" for line in header) + \
        yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True)
    atomic_write_text(out, text)
    click.echo(f"Wrote {shown(str(out))}", err=True)
