"""The runtime is copied into generated SDKs: only stdlib, httpx, pydantic and relative imports allowed."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pygen_core.runtime

RUNTIME_DIR = Path(pygen_core.runtime.__file__).parent
# pydantic_core is pydantic's own engine, pinned by every pydantic 2 release.
# typing_extensions: pydantic's own dependency, imported only on Python 3.10 (for Unpack).
ALLOWED_THIRD_PARTY = {"httpx", "pydantic", "pydantic_core", "typing_extensions"}


def _modules() -> list[Path]:
    return sorted(RUNTIME_DIR.rglob("*.py"))


def _is_type_checking_block(node: ast.AST) -> bool:
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node except those under ``if TYPE_CHECKING:`` (never executed, so free to import anything)."""
    found: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        found.append(node)
        if _is_type_checking_block(node):
            assert isinstance(node, ast.If)
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))
    return found


def _import_violations(source: str) -> list[str]:
    bad: list[str] = []
    for node in _runtime_nodes(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level > 0:
                continue
            names = [node.module or ""]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top == "__future__" or top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY:
                continue
            bad.append(f"line {node.lineno}: {name}")
    return sorted(bad, key=lambda text: int(text.split()[1].rstrip(":")))


def test_the_package_has_modules() -> None:
    names = {path.name for path in _modules()}
    assert {"__init__.py", "_config.py", "_credentials.py", "_http.py", "_errors.py"} <= names


def test_every_runtime_module_imports_only_stdlib_httpx_pydantic_or_relative() -> None:
    problems = {
        str(path.relative_to(RUNTIME_DIR)): bad
        for path in _modules()
        if (bad := _import_violations(path.read_text(encoding="utf-8")))
    }
    assert problems == {}


def test_the_checker_catches_absolute_and_third_party_imports() -> None:
    source = "import os\nfrom . import x\nfrom pygen_core.runtime import y\nimport jinja2\nimport httpx.foo\n"
    assert _import_violations(source) == ["line 3: pygen_core.runtime", "line 4: jinja2"]


def test_the_checker_looks_inside_functions_but_not_type_checking_blocks() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from typing_extensions import Self\n"
        "else:\n"
        "    import attrs\n"
        "def f():\n"
        "    import pygen_core\n"
    )
    assert _import_violations(source) == ["line 5: attrs", "line 7: pygen_core"]
