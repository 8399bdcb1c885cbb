"""Issue 8, item 6: safe by construction.

* The package's source never calls ``eval``/``exec``/``compile``, never uses pickle (or
  marshal, shelve, dill, ``allow_pickle=True``, ``read_pickle``), never runs a shell
  (``shell=True``, ``os.system``, ``os.popen``) and never loads YAML with a non-safe loader.
  The scan parses every module (so a docstring that says "no pickle" is not a hit) and also
  greps the raw text for the forms the issue names.
* Scenario YAML cannot construct Python objects.
* Project files cannot write outside their folder unless the user writes an absolute path
  (symlinks and map names included; the basic ``../`` cases are in tests/test_project.py).
* ``geomap build`` needs no network: it runs with every socket connection refused.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geomap.errors import ConfigError, GeomapError

PACKAGE = Path(__file__).resolve().parents[2] / "geomap"
BANNED_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle",
                  "joblib"}
BANNED_CALLS = {"eval", "exec", "compile", "__import__", "execfile"}
BANNED_ATTRIBUTES = {("os", "system"), ("os", "popen"), ("os", "execv"), ("os", "execvp"),
                     ("os", "spawnl"), ("yaml", "unsafe_load"), ("yaml", "full_load"),
                     ("yaml", "unsafe_load_all"), ("yaml", "full_load_all"),
                     ("pd", "read_pickle"), ("pandas", "read_pickle"),
                     ("subprocess", "getoutput"), ("subprocess", "getstatusoutput")}
SAFE_LOADERS = {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"}
#: the raw-text forms the issue names (comments and strings included: keep them out too)
GREP = re.compile(r"\beval\(|\bexec\(|shell\s*=\s*True|os\.system|\bpickle\b|"
                  r"yaml\.load\((?![^)]*SafeLoader)")


def package_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _dotted(node: ast.AST) -> tuple[str, str] | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.value.id, node.attr
    return None


def _call_findings(node: ast.Call) -> list[str]:
    found = []
    if isinstance(node.func, ast.Name) and node.func.id in BANNED_CALLS:
        found.append(f"{node.func.id}()")
    dotted = _dotted(node.func)
    if dotted in BANNED_ATTRIBUTES:
        found.append(".".join(dotted))
    for keyword in node.keywords:
        value = keyword.value
        if keyword.arg in ("shell", "allow_pickle") and not (
                isinstance(value, ast.Constant) and value.value is False):
            found.append(f"{keyword.arg}={ast.unparse(value)}")
    if dotted in (("yaml", "load"), ("yaml", "load_all")):
        loader = next((k.value for k in node.keywords if k.arg == "Loader"),
                      node.args[1] if len(node.args) > 1 else None)
        name = ast.unparse(loader).rsplit(".", 1)[-1] if loader is not None else ""
        if name not in SAFE_LOADERS:
            found.append(f"yaml.load(Loader={name or 'default'})")
    return found


def unsafe_constructs(source: str) -> list[tuple[int, str]]:
    """(line, what) for every banned construct in a module's source."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, f"import {a.name}") for a in node.names
                      if a.name.split(".")[0] in BANNED_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in \
                BANNED_MODULES:
            found.append((node.lineno, f"from {node.module} import"))
        elif isinstance(node, ast.Call):
            found += [(node.lineno, what) for what in _call_findings(node)]
    return found


def test_the_scanner_finds_each_construct() -> None:
    bad = """
import pickle
from marshal import loads
import yaml, os, subprocess, numpy as np
eval("1"); exec("x = 1")
os.system("ls"); subprocess.run("ls", shell=True)
yaml.load(text); yaml.load(text, Loader=yaml.Loader); yaml.unsafe_load(text)
np.load("a.npy", allow_pickle=True)
"""
    found = {what for _, what in unsafe_constructs(bad)}
    assert found == {"import pickle", "from marshal import", "eval()", "exec()", "os.system",
                     "shell=True", "yaml.load(Loader=default)", "yaml.load(Loader=Loader)",
                     "yaml.unsafe_load", "allow_pickle=True"}
    good = ('yaml.load(t, Loader=yaml.SafeLoader); yaml.safe_load(t)\n'
            'subprocess.run(["ls"], shell=False); np.load("a", allow_pickle=False)\n'
            '"""no pickle, no eval("""\n')
    assert unsafe_constructs(good) == []


@pytest.mark.parametrize("path", package_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_eval_pickle_shell_or_unsafe_yaml(path: Path) -> None:
    found = unsafe_constructs(path.read_text(encoding="utf-8"))
    assert found == [], f"{path.relative_to(PACKAGE.parent)}: {found}"


def test_grep_finds_none_of_the_named_forms() -> None:
    hits = []
    for path in package_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if GREP.search(code) and "allow_pickle=False" not in code:
                hits.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}")
    assert hits == []


# --------------------------------------------------------------------------- YAML


def test_scenario_yaml_cannot_build_python_objects(tmp_path: Path) -> None:
    from geomap.sources.scenario import load_scenario

    marker = tmp_path / "pwned"
    story = tmp_path / "story.yaml"
    story.write_text(f'title: !!python/object/apply:os.system ["touch {marker}"]\n'
                     "events: []\n", encoding="utf-8")
    with pytest.raises(GeomapError):
        load_scenario(story)
    assert not marker.exists()


# --------------------------------------------------------------------------- projects


def _project(folder: Path, extra: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "geomap.toml").write_text('[[sources]]\npath = "a.csv"\n' + extra,
                                        encoding="utf-8")
    return folder


def test_project_output_symlinked_outside_is_refused(tmp_path: Path) -> None:
    from geomap.project import load_project

    outside = tmp_path / "outside"
    outside.mkdir()
    folder = _project(tmp_path / "proj", '[project]\noutput = "out"\n')
    (folder / "out").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ConfigError, match="inside the project folder"):
        load_project(folder)


@pytest.mark.parametrize("snippet", [
    '[[maps]]\nname = "../../evil"\n',  # the default output is <name>.html
    '[[maps]]\nname = "m"\noutput = "maps/../../../evil.html"\n',
    '[layers]\nfolder = "layers/../../.."\n',
])
def test_project_names_cannot_climb_out(tmp_path: Path, snippet: str) -> None:
    from geomap.project import load_project

    with pytest.raises(ConfigError, match="inside the project folder"):
        load_project(_project(tmp_path / "proj", snippet))


def test_project_outputs_stay_inside(tmp_path: Path) -> None:
    from geomap.project import load_project

    project = load_project(_project(tmp_path / "proj", '[[maps]]\nname = "a"\n'))
    inside = [project.output, project.layers.folder, *(m.output for m in project.maps)]
    assert all(p.resolve().is_relative_to(project.folder) for p in inside)


# --------------------------------------------------------------------------- offline


NO_NETWORK = """
import socket, sys
def refuse(self, address, *args, **kwargs):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        raise OSError("network used: " + repr(address))
    return _connect(self, address, *args, **kwargs)
_connect = socket.socket.connect
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = lambda *a, **k: refuse(socket.socket(), a[0])
from geomap.cli import main
sys.exit(main())
"""


@pytest.mark.slow
def test_build_needs_no_network(tmp_path: Path) -> None:
    """Offline by default: a scenario whose place needs the gazetteer builds, and a place
    name geocodes, with every network connection refused."""
    story = tmp_path / "story.yaml"
    story.write_text(
        "title: Offline\nsources:\n  - {id: s, title: A report}\nplaces:\n"
        "  - {id: gao, name: Gao, country: ML}\nactors:\n  - {id: a, name: A}\nevents:\n"
        "  - {id: e, date: 2024-01-02, type: Battles, actors: [a], place: gao,"
        " sources: [s]}\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", NO_NETWORK, "build", str(story), "-o",
                           str(tmp_path / "m.html")], capture_output=True, text=True,
                          timeout=300, check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "network used" not in done.stderr
    assert (tmp_path / "m.html").stat().st_size > 1000
    found = subprocess.run([sys.executable, "-c", NO_NETWORK, "geocode", "Gao", "--country",
                            "ML", "--json"], capture_output=True, text=True, timeout=300,
                           check=False, cwd=tmp_path)
    assert found.returncode == 0, found.stderr[-2000:]
    assert '"lat": 16.2' in found.stdout
