"""Safe YAML parsing that remembers where every value came from.

Scenario files are written by people, so an error must name the line. PyYAML's
``SafeLoader`` composes a node tree whose nodes carry their start marks; this module
walks that tree itself (instead of ``yaml.safe_load``) so it can

* record the 1-based line of every key and list item, by path
  (``("events", 3, "date")``),
* reject duplicate keys (PyYAML silently keeps the last one),
* refuse alias bombs ("billion laughs"): a cap on aliases and on the total number of
  values produced after expanding them,
* refuse merge keys (``<<``), whose silent overriding hides mistakes.

Only the safe constructors build scalars, so no Python object can be created from a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from geomap.errors import ScenarioError

#: Most aliases (``*name``) one file may use.
MAX_ALIASES = 200
#: Most values one file may expand to (aliases counted each time they are used).
MAX_VALUES = 200_000
#: Largest scenario file read, in bytes.
MAX_BYTES = 10_000_000

YamlPath = tuple[str | int, ...]


class _CountingLoader(yaml.SafeLoader):
    """A SafeLoader that counts aliases while composing, to stop alias bombs early."""

    def __init__(self, stream: str, file: str) -> None:
        super().__init__(stream)
        self.alias_count = 0
        self.file = file

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise ScenarioError(
                    f"expected at most {MAX_ALIASES} YAML aliases, got more",
                    file=self.file,
                    line=mark.line + 1,
                    hint="Write the values out instead of repeating *aliases.",
                )
        return super().compose_node(parent, index)


def format_path(path: YamlPath) -> str:
    """``("events", 3, "date")`` -> ``"events[3].date"``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def parse_yaml(text: str, file: str | Path) -> tuple[Any, dict[YamlPath, int]]:
    """Parse one YAML document safely and return ``(value, lines)``.

    Parameters
    ----------
    text
        The YAML text.
    file
        The file name, for error messages.

    Returns
    -------
    tuple
        The plain Python value (dicts, lists, str, int, float, bool, date, None) and a
        dict mapping each value's path to its 1-based line.

    Raises
    ------
    ScenarioError
        On YAML syntax errors, duplicate keys, merge keys, too many aliases or values.
    """
    name = str(file)
    loader = _CountingLoader(text, name)
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
    except yaml.YAMLError as err:
        raise ScenarioError(f"expected valid YAML, got: {err}", file=name) from err
    finally:
        loader.dispose()
    lines: dict[YamlPath, int] = {}
    if node is None:
        return None, lines
    walker = _Walker(loader, name, lines)
    return walker.value(node, ()), lines


class _Walker:
    """Turns a composed node tree into plain values, recording lines and counting."""

    def __init__(self, loader: yaml.SafeLoader, file: str, lines: dict[YamlPath, int]) -> None:
        self.loader = loader
        self.file = file
        self.lines = lines
        self.count = 0

    def value(self, node: yaml.Node, path: YamlPath) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise ScenarioError(
                f"expected at most {MAX_VALUES} values, got more (aliases expanding?)",
                file=self.file,
                line=node.start_mark.line + 1,
                hint="Scenario files are small: remove repeated aliases.",
            )
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: yaml.Node, path: YamlPath) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError) as err:
            raise ScenarioError(
                f"expected a valid value, got {node.value!r} ({err})",
                file=self.file,
                line=node.start_mark.line + 1,
                field=format_path(path) or None,
                hint="Quote the value if it is meant as text.",
            ) from err

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
