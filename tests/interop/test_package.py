"""The interop package is pure: it imports no storage, web or service code of its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import clew.interop

PACKAGE = Path(clew.interop.__file__).parent
FORBIDDEN = (
    "sqlalchemy", "fastapi", "starlette", "clew.storage", "clew.web", "clew.api", "clew.cli",
    "clew.records.store", "clew.records.imports", "clew.access.audit",
)  # fmt: skip


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_no_storage_or_web_imports(path: Path) -> None:
    bad = {m for m in _imports(path) if m.startswith(FORBIDDEN)}
    assert not bad


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_every_module_says_what_it_owns(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree)
    assert any(
        isinstance(node, ast.Assign)
        and any(getattr(t, "id", "") == "__all__" for t in node.targets)
        for node in tree.body
    )
