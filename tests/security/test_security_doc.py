"""SECURITY.md names a test for each guarantee: every test it names must exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: ```tests/x.py::name``` or ```::name``` (a test of the file named last before it).
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)?(?:::(\w+))?[^`]*`")


def named_tests(text: str) -> list[tuple[str, str | None]]:
    """``(file, test or None)`` for every test reference in ``text``, in order."""
    found, current = [], ""
    for match in REFERENCE.finditer(text):
        path, name = match.groups()
        current = path or current
        if path or name:
            found.append((current, name))
    return found


def defined_tests(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}


def missing_tests(references: list[tuple[str, str | None]]) -> list[str]:
    """The references (from :func:`named_tests`) to files or tests that do not exist."""
    return [f"{path}::{name}" if name else path for path, name in references
            if not (ROOT / path).is_file()
            or (name and name not in defined_tests(ROOT / path))]


def test_every_test_named_in_security_md_exists() -> None:
    references = named_tests((ROOT / "SECURITY.md").read_text(encoding="utf-8"))
    assert len(references) > 50  # the reader still finds the references
    missing = missing_tests(references)
    assert not missing, f"SECURITY.md names tests that do not exist: {missing}"


def test_the_check_catches_a_wrong_reference() -> None:
    text = "`tests/security/test_security_doc.py::no_such_test` and `::named_tests`"
    assert named_tests(text) == [("tests/security/test_security_doc.py", "no_such_test"),
                                 ("tests/security/test_security_doc.py", "named_tests")]
    defined = defined_tests(ROOT / "tests/security/test_security_doc.py")
    assert "named_tests" in defined and "no_such_test" not in defined
