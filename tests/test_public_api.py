"""The public names: ``geomap.__all__`` and the ``geomap`` command's commands, options and
arguments. Public names stay stable: changing this list is a decision (note it in
CHANGELOG.md, and deprecate before removing: the old name warns once, naming the new one)."""

from __future__ import annotations

import click

import geomap
from geomap.cli import COMMANDS, cli

PYTHON_API = ["__version__", "example_path", "extract", "geocode", "layers", "map", "read",
              "save"]

VERBOSITY = ["--quiet", "--verbose", "-q", "-v"]
CLI = {
    "geomap": ["--quiet", "--verbose", "--version", "-V", "-q", "-v"],
    "build": ["--cdn", "--date", "--example", "--force", "--fragment", "--fragment-height",
              "--id-prefix",
              "--input-format", "--offline", "--output", "--title", "-o", "SOURCES"],
    "extract": ["--date", "--jobs", "--json", "--scenario", "--title", "-j", "INPUTS"],
    "gazetteer": [],
    "gazetteer build": ["--force"],
    "gazetteer import": ["--classes", "--name", "DUMP"],
    "gazetteer info": [],
    "geocode": ["--batch-scope", "--cache", "--column", "--context", "--context-column",
                "--country", "--input", "--json",
                "--min-interval", "--no-batch-scope", "--output", "--service",
                "--service-option", "--user-agent", "-o", "QUERIES"],
    "init": ["--force", "FOLDER"],
    "layers": ["--by", "--date", "--engine", "--input-format", "--json", "--layer-format",
               "--output",
               "--partitions", "--region", "--scheduler", "-o", "SOURCES"],
    "publish": ["--date", "--input-format", "--memory-limit", "--output", "--scheduler",
                "--title", "--workers", "-o", "SOURCES"],
}


def surface(command: click.Command, name: str) -> dict[str, list[str]]:
    """Every visible option and argument of ``command`` and its subcommands, by command."""
    options = sorted(o for p in command.params if isinstance(p, click.Option) and not p.hidden
                     for o in (*p.opts, *p.secondary_opts))
    arguments = sorted((p.name or "").upper() for p in command.params
                       if isinstance(p, click.Argument))
    found = {name: [o for o in options if o not in VERBOSITY or name == "geomap"] + arguments}
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for sub in command.list_commands(ctx):
            child = command.get_command(ctx, sub)
            assert child is not None
            found |= surface(child, sub if name == "geomap" else f"{name} {sub}")
    return found


def test_the_python_api_is_this_list() -> None:
    assert sorted(geomap.__all__) == PYTHON_API
    for name in PYTHON_API:
        assert getattr(geomap, name) is not None


def test_the_commands_and_options_are_this_list() -> None:
    assert sorted(COMMANDS) == [name for name in CLI if " " not in name and name != "geomap"]
    assert surface(cli, "geomap") == CLI


def test_every_command_takes_quiet_and_verbose_after_its_name() -> None:
    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None
        given = {o for p in command.params for o in p.opts}
        assert {"-q", "--quiet", "-v", "--verbose"} <= given, name
