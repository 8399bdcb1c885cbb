"""The import graph of geomap: arrows only point down, no cycles between packages.

The graph is computed from the source with :mod:`ast`, counting every import of a geomap
module wherever it stands (module level, inside functions, under ``TYPE_CHECKING``), so a
hidden upward import fails here rather than as a cycle at run time.

Layers, top to bottom (a module may import its own package and anything below)::

    cli -> api, project -> build, publish -> render, layers -> extract, geocoding, sources
        -> refdata -> model, precision, errors, settings (and the small shared helpers)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "geomap"

#: Rank of each unit (a subpackage or a top-level module of geomap): higher imports lower.
LAYERS: dict[str, int] = {
    "cli": 7,
    "api": 6,  # geomap.read, geomap.map...: the functions the CLI and notebooks call
    "_api_light": 6,  # geomap.geocode, geomap.extract: the API without geopandas and folium
    "project": 6,
    "build": 5,
    "pipeline": 5,  # the build layer until geomap/build.py replaces it
    "publish": 5,  # events -> vector tiles -> a static site, beside the one-page build
    "render": 4,
    "layers": 4,
    "extract": 3,
    "geocoding": 3,
    "sources": 3,
    "refdata": 2,
    "model": 1,
    "precision": 1,
    "errors": 1,
    "settings": 1,
    "_atomic": 1,
    "_files": 1,
    "_csvcells": 1,
    "_text": 1,
    "_cycles": 1,
    "_deprecated": 1,
    "_workers": 1,
    "__init__": 0,
}


#: Units allowed to import geomap modules inside functions, and why.
LAZY_ALLOWED = {
    "cli": "each command imports the library when it runs: `geomap --help` stays light",
    "__init__": "`geomap.read` and the other API functions load geomap.api on first use "
                "(PEP 562): `import geomap` stays light",
}
#: The upward imports: the package's face re-exports the API on first use.
FACADE = {("geomap", "geomap.api"), ("geomap", "geomap._api_light")}


@dataclass(frozen=True)
class Edge:
    """One import: ``source`` module imports ``target`` module at ``line``."""

    source: str
    target: str
    line: int

    def __str__(self) -> str:
        return f"{self.source}:{self.line} imports {self.target}"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def unit(module: str) -> str:
    """The layer unit of a geomap module: ``geomap.sources.acled`` -> ``sources``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imported_modules(node: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = module.split(".")
            base = base[: len(base) - node.level + (1 if is_package else 0)]
            target = ".".join([*base, node.module] if node.module else base)
        else:
            target = node.module or ""
        yield target
        yield from (f"{target}.{alias.name}" for alias in node.names)


def type_checking_nodes(tree: ast.AST) -> set[int]:
    """Ids of the nodes under ``if TYPE_CHECKING:`` (imports for annotations only)."""
    return {id(sub) for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for sub in ast.walk(node)}


def parsed_modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield module_name(path), ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def import_edges() -> list[Edge]:
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")}
    edges = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            for target in imported_modules(node, module, path.name == "__init__.py"):
                if (target in modules and target != module  # names that are not modules drop
                        and (module, target) not in FACADE):
                    edges.append(Edge(module, target, getattr(node, "lineno", 0)))
    return edges


EDGES = import_edges()


def test_the_graph_is_not_empty() -> None:
    assert any(e.source == "geomap.sources.acled" and unit(e.target) == "refdata" for e in EDGES)
    assert {unit(e.source) for e in EDGES} >= {"cli", "sources", "geocoding", "layers", "render"}


def test_every_unit_has_a_layer() -> None:
    units = {unit(module_name(p)) for p in PACKAGE.rglob("*.py")}
    assert units <= set(LAYERS) | {"data", "boundaries"}, sorted(units - set(LAYERS))


def test_arrows_only_point_down() -> None:
    upward = [str(e) for e in EDGES if LAYERS[unit(e.source)] < LAYERS[unit(e.target)]]
    assert not upward, "\n".join(upward)


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm: the strongly connected components of ``graph``."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for child in graph.get(node, ()):
            if child not in index:
                visit(child)
                low[node] = min(low[node], low[child])
            elif child in stack:
                low[node] = min(low[node], index[child])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_no_cycles_between_packages() -> None:
    graph: dict[str, set[str]] = {}
    for edge in EDGES:
        if unit(edge.source) != unit(edge.target):
            graph.setdefault(unit(edge.source), set()).add(unit(edge.target))
    cycles = [sorted(c) for c in strongly_connected(graph) if len(c) > 1]
    witnesses = [str(e) for e in EDGES for c in cycles
                 if {unit(e.source), unit(e.target)} <= set(c) and unit(e.source) != unit(e.target)]
    assert not cycles, f"{cycles}:\n" + "\n".join(witnesses)


def test_the_cycle_finder_finds_cycles() -> None:
    found = strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})
    assert sorted(sorted(c) for c in found if len(c) > 1) == [["a", "b", "c"]]


@pytest.mark.parametrize("name", ["geomap.refdata", "geomap.model", "geomap.errors"])
def test_the_floor_imports_nothing_above_it(name: str) -> None:
    rank = LAYERS[unit(name)]
    above = [str(e) for e in EDGES
             if e.source.startswith(name) and LAYERS[unit(e.target)] > rank]
    assert not above, "\n".join(above)


def test_own_modules_are_imported_at_module_level() -> None:
    hidden = []
    for module, tree in parsed_modules():
        if unit(module) in LAZY_ALLOWED:
            continue
        top, typing_only = {id(node) for node in tree.body}, type_checking_nodes(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("geomap")
                    and id(node) not in top and id(node) not in typing_only):
                hidden.append(f"{module}:{node.lineno} imports {node.module} inside a function")
    assert not hidden, "\n".join(hidden)


def guards_an_own_import(node: ast.AST) -> bool:
    """``try: from geomap… import … except ImportError`` (or ModuleNotFoundError)."""
    if not isinstance(node, ast.Try):
        return False
    catches = " ".join(ast.unparse(h.type) for h in node.handlers if h.type is not None)
    imports = [n for stmt in node.body for n in ast.walk(stmt) if isinstance(n, ast.ImportFrom)]
    return ("ImportError" in catches or "ModuleNotFoundError" in catches) and any(
        (n.module or "").startswith("geomap") for n in imports)


def test_own_modules_are_never_guarded_or_imported_by_name() -> None:
    code = {name for name, _ in parsed_modules()} - {"geomap", "geomap.data"}  # data: files
    found = []
    for module, tree in parsed_modules():
        if unit(module) in LAZY_ALLOWED:
            continue
        for node in ast.walk(tree):
            if guards_an_own_import(node):
                found.append(f"{module}:{node.lineno} guards an import of geomap")
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and node.value.split(":")[0] in code):
                found.append(f"{module}:{node.lineno} names the module {node.value!r}")
    assert not found, "\n".join(found)
