"""The network interop package is pure and every module says what it owns."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import clew.interop.network

PACKAGE = Path(clew.interop.network.__file__).parent
FORBIDDEN = (
    "sqlalchemy", "fastapi", "starlette", "clew.storage", "clew.web", "clew.api", "clew.cli",
    "clew.intel.imports", "clew.intel.exports", "clew.access",
)  # fmt: skip
MODULES = sorted(PACKAGE.glob("*.py"))


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_storage_or_web_imports(path: Path) -> None:
    assert not {m for m in _imports(path) if m.startswith(FORBIDDEN)}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_every_module_says_what_it_owns_and_is_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    assert ast.get_docstring(tree)
    assert any(
        isinstance(node, ast.Assign)
        and any(getattr(t, "id", "") == "__all__" for t in node.targets)
        for node in tree.body
    )
    assert len(text.splitlines()) <= 500


def test_the_package_exports_what_it_lists() -> None:
    for name in clew.interop.network.__all__:
        assert hasattr(clew.interop.network, name), name
