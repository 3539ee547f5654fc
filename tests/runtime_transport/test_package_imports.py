"""The runtime is copied into generated SDKs: only stdlib, httpx, pydantic and relative imports allowed."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pygen_core.runtime

RUNTIME_DIR = Path(pygen_core.runtime.__file__).parent
ALLOWED_THIRD_PARTY = {"httpx", "pydantic"}


def _modules() -> list[Path]:
    return sorted(RUNTIME_DIR.rglob("*.py"))


def _import_violations(source: str) -> list[str]:
    bad: list[str] = []
    for node in ast.walk(ast.parse(source)):
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
    return bad


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
