"""Safe YAML parsing that remembers where every value came from.

Scenario files are written by people, so an error must name the line. PyYAML's
``SafeLoader`` composes a node tree whose nodes carry their start marks; this module
walks that tree itself (instead of ``yaml.safe_load``) so it can

* record the 1-based line of every key and list item, by path
  (``("events", 3, "date")``),
* reject duplicate keys (PyYAML silently keeps the last one),
* refuse alias bombs ("billion laughs") by their expansion: the values produced after
  expanding aliases may outnumber the values written by at most :data:`MAX_EXPANSION`
  times (plus :data:`EXPANSION_ALLOWANCE`), so a large file without aliases is read
  however long it is, and a small bomb is stopped after a few thousand values,
* refuse nesting deeper than :data:`MAX_DEPTH` (a scenario is five levels deep; a file
  nested hundreds deep would exhaust Python's recursion),
* refuse an alias inside the value it names (``a: &r [*r]``), which expands for ever
  (a RecursionError traceback before),
* refuse merge keys (``<<``), whose silent overriding hides mistakes,
* refuse text holding a lone surrogate (``"\\ud800"``), which is no character and cannot
  be written out as UTF-8.

Only the safe constructors build scalars, so no Python object can be created from a file.
Parsing uses libyaml's C parser when PyYAML was built with it (the composer stays PyYAML's
Python one, so the guards above apply): a 30,000-event file is read in a third of the time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer

from geomap.errors import ScenarioError

#: Most values the expanded document may hold per value written in the file.
MAX_EXPANSION = 10
#: Values any document may expand to beyond ``MAX_EXPANSION`` times what it writes.
EXPANSION_ALLOWANCE = 10_000
#: Deepest nesting of lists and mappings.
MAX_DEPTH = 50
#: Largest scenario file read, in bytes.
MAX_BYTES = 10_000_000

YamlPath = tuple[str | int, ...]

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
#: What YAML counts as a line break (a reader's error gives a position, not a line).
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


class Invalid:
    """A value the file writes that is no valid value (a date of month 13, text holding a
    NUL), kept in its place with its ``error`` when :func:`parse_yaml` is asked to keep
    them: the entry that holds it is refused, and the file's other entries are still
    checked, so one read names every error (before, the first such value stopped the read
    and the file's other errors were named one run at a time)."""

    __slots__ = ("error",)

    def __init__(self, error: ScenarioError) -> None:
        self.error = error

    def __repr__(self) -> str:
        return "<invalid value>"


class _Guarded(Composer):
    """PyYAML's Python composer, counting the nodes it makes (aliases not counted) and
    refusing nesting deeper than :data:`MAX_DEPTH` before Python's recursion runs out."""

    file = ""
    nodes = 0
    depth = 0

    if TYPE_CHECKING:  # given by the parser and constructor each loader mixes in
        def check_event(self, *choices: Any) -> bool: ...
        def peek_event(self) -> Any: ...
        def dispose(self) -> None: ...
        def construct_object(self, node: yaml.Node, deep: bool = False) -> Any: ...

    def compose_node(self, parent: Any, index: Any) -> Any:
        if not self.check_event(yaml.AliasEvent):
            self.nodes += 1
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise ScenarioError(
                    f"expected lists and mappings nested at most {MAX_DEPTH} deep, got deeper",
                    file=self.file, line=self.peek_event().start_mark.line + 1,
                    hint="A scenario is a few levels deep: check the brackets and indentation.",
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _PythonLoader(_Guarded, yaml.SafeLoader):
    """The guarded composer over PyYAML's pure-Python safe parser."""


#: The loader used: libyaml's event parser when PyYAML was built with it.
_LOADER: Callable[[str], _Guarded] = _PythonLoader
if yaml.__with_libyaml__:

    class _LibyamlLoader(_Guarded, yaml.CSafeLoader):
        """The guarded composer over libyaml's event parser (three times faster)."""

        def __init__(self, stream: str) -> None:
            yaml.CSafeLoader.__init__(self, stream)
            Composer.__init__(self)

    _LOADER = _LibyamlLoader


def format_path(path: YamlPath) -> str:
    """``("events", 3, "date")`` -> ``"events[3].date"``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def parse_yaml(text: str, file: str | Path, *, keep_invalid: bool = False
               ) -> tuple[Any, dict[YamlPath, int]]:
    """Parse one YAML document safely and return ``(value, lines)``.

    Parameters
    ----------
    text
        The YAML text.
    file
        The file name, for error messages.
    keep_invalid
        Keep a value that is no valid value as an :class:`Invalid` in its place instead
        of raising its error (the keys, the document's shape and its size are still
        checked at once).

    Returns
    -------
    tuple
        The plain Python value (dicts, lists, str, int, float, bool, date, None) and a
        dict mapping each value's path to its 1-based line.

    Raises
    ------
    ScenarioError
        On YAML syntax errors, duplicate keys, merge keys, nesting deeper than
        :data:`MAX_DEPTH`, aliases that expand past :data:`MAX_EXPANSION`, text with a
        lone surrogate.
    """
    name = str(file)
    loader = _LOADER(text)
    loader.file = name
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ScenarioError(
            f"expected valid YAML, got a syntax error: {err.problem or err.context}",
            file=name,
            line=line,
            hint="Check indentation, colons and quotes near that line.",
        ) from err
    except yaml.reader.ReaderError as err:  # "in '<unicode string>', position 3021"
        raise ScenarioError(
            f"expected valid YAML, got the character {chr(err.character)!r}: {err.reason}",
            file=name, line=len(_LINE_BREAK.findall(text, 0, err.position)) + 1,
            hint="Remove it, or write it as an escape in double quotes.") from err
    except yaml.YAMLError as err:
        raise ScenarioError(f"expected valid YAML, got: {err}", file=name) from err
    finally:
        loader.dispose()
    lines: dict[YamlPath, int] = {}
    if node is None:
        return None, lines
    limit = MAX_EXPANSION * loader.nodes + EXPANSION_ALLOWANCE
    walker = _Walker(loader, name, lines, limit, keep_invalid)
    return walker.value(node, ()), lines


class _Walker:
    """Turns a composed node tree into plain values, recording lines and counting."""

    def __init__(self, loader: _Guarded, file: str, lines: dict[YamlPath, int],
                 limit: int, keep_invalid: bool = False) -> None:
        self.loader = loader
        self.keep_invalid = keep_invalid
        self.file = file
        self.lines = lines
        self.count = 0
        self.limit = limit
        #: The lists and mappings being walked (by id): one met again holds itself.
        self.open: set[int] = set()

    def value(self, node: yaml.Node, path: YamlPath) -> Any:
        self.count += 1
        if self.count > self.limit:
            raise ScenarioError(
                f"expected aliases to expand to at most {MAX_EXPANSION} times the "
                f"{self.loader.nodes} values written, got more than {self.limit} "
                "(an alias bomb?)",
                file=self.file,
                line=node.start_mark.line + 1,
                hint="Write the values out instead of repeating *aliases.",
            )
        self.lines.setdefault(path, node.start_mark.line + 1)
        if not isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            try:
                return self.scalar(node, path)
            except ScenarioError as err:
                if not self.keep_invalid:
                    raise
                return Invalid(err)
        if id(node) in self.open:
            raise ScenarioError(
                "expected each *alias to name a value outside itself, got one inside the "
                "value its &anchor names (a recursive alias, which never ends)",
                file=self.file, line=node.start_mark.line + 1,
                field=format_path(path) or None,
                hint="Write the value out instead of repeating it inside itself.",
            )
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, path)
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        finally:
            self.open.discard(id(node))

    def scalar(self, node: yaml.Node, path: YamlPath) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError) as err:
            raise ScenarioError(
                f"expected a valid value, got {node.value!r} ({err})",
                file=self.file,
                line=node.start_mark.line + 1,
                field=format_path(path) or None,
                hint="Quote the value if it is meant as text.",
            ) from err
        if isinstance(value, str) and not value.isascii() and _LONE_SURROGATE.search(value):
            raise ScenarioError(
                f"expected text, got {value!r} with a lone surrogate (half of a UTF-16 "
                "pair, not a character)",
                file=self.file, line=node.start_mark.line + 1,
                field=format_path(path) or None,
                hint="Write the character itself, or its full \\U escape, instead of "
                     "\\ud800-style halves.",
            )
        if isinstance(value, str) and "\x00" in value:  # GDAL's layer files cut text there
            raise ScenarioError(
                f"expected text, got {value!r} with a NUL character (\\0), which layer "
                "files cut the text at",
                file=self.file, line=node.start_mark.line + 1,
                field=format_path(path) or None,
                hint="Remove the \\0 or \\x00 escape.",
            )
        return value

    def mapping(self, node: yaml.MappingNode, path: YamlPath) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise ScenarioError(
                    "expected plain keys, got a merge key '<<'",
                    file=self.file, line=line, field=format_path(path) or None,
                    hint="Write the fields out; merge keys are not supported.",
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise ScenarioError(
                    "expected a text key, got a list or mapping as a key",
                    file=self.file, line=line, field=format_path(path) or None,
                )
            key = self.scalar(key_node, path)
            if isinstance(key, bool | int | float) or key is None:
                key = key_node.value  # `yes:` or `1:` as keys mean their text
            if key in result:
                raise ScenarioError(
                    f"expected each key once, got {key!r} again "
                    f"(first on line {self.lines.get((*path, key))})",
                    file=self.file, line=line, field=format_path((*path, key)),
                    hint="Remove or rename one of the duplicates.",
                )
            self.lines[(*path, key)] = line
            result[key] = self.value(value_node, (*path, key))
        return result
