"""The SDK's runtime requirements and the package names it must not take are derived facts, not guesses."""

from __future__ import annotations

import ast
import importlib.metadata
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import pygen_core.runtime
from pygen_core import PygenError
from pygen_core.codegen import (
    RUNTIME_REQUIREMENTS,
    SHADOWED_IMPORT_NAMES,
    GenerateOptions,
    check_package_name,
    requirement_problems,
)

RUNTIME_DIR = Path(pygen_core.runtime.__file__).parent


def _closure(names: set[str]) -> set[str]:
    """Distributions required (no extras; markers for this interpreter) by ``names``, transitively."""
    seen: set[str] = set()
    todo = [canonicalize_name(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for text in importlib.metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(requirement.name))
    return seen


def _import_names(distributions: set[str]) -> set[str]:
    """Top-level import names the distributions install, read from their file lists (Python 3.10's
    ``packages_distributions`` knows only distributions that ship a ``top_level.txt``)."""
    found: set[str] = set()
    for name in distributions:
        for path in importlib.metadata.distribution(name).files or []:
            if len(path.parts) > 1 or path.suffix == ".py":  # a package directory or a top-level module
                top = path.parts[0].removesuffix(".py")
                if top.isidentifier() and top != "__pycache__":
                    found.add(top)
    return found


def _runtime_third_party_imports() -> set[str]:
    tops: set[str] = set()
    for path in RUNTIME_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                tops |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                tops.add(node.module.split(".")[0])
    return {t for t in tops if t != "__future__" and t not in sys.stdlib_module_names}


def test_every_dependency_of_the_runtime_is_protected() -> None:
    distributions = _closure({Requirement(spec).name for spec in RUNTIME_REQUIREMENTS})
    assert {"httpx", "pydantic", "pydantic-core"} <= distributions  # the walk found something real
    assert _import_names(distributions) <= SHADOWED_IMPORT_NAMES


def test_the_runtime_imports_only_what_its_requirements_bring() -> None:
    distributions = _closure({Requirement(spec).name for spec in RUNTIME_REQUIREMENTS})
    imported = _runtime_third_party_imports()
    assert {"httpx", "pydantic"} <= imported
    assert imported <= _import_names(distributions)


@pytest.mark.parametrize(
    "package",
    [*sorted(SHADOWED_IMPORT_NAMES), "json", "os", "typing", "asyncio", "email.sdk", "pydantic.sdk"],
)
def test_shadowing_package_names_are_refused_everywhere(package: str) -> None:
    top = package.split(".")[0]
    with pytest.raises(PygenError, match=f"^package: '{package}' would shadow .*'{top}'") as info:
        check_package_name(package)
    assert "\n" not in str(info.value)
    with pytest.raises(PygenError, match="would shadow"):
        GenerateOptions(package=package)


def test_ordinary_names_pass() -> None:
    for package in ("acme_sdk", "omni", "json_sdk", "my_httpx", "acme.json"):
        check_package_name(package)
        GenerateOptions(package=package)


def test_requirements_are_well_formed_with_lower_bounds() -> None:
    for spec in RUNTIME_REQUIREMENTS:
        assert any(s.operator == ">=" for s in Requirement(spec).specifier), spec
    assert requirement_problems(list(RUNTIME_REQUIREMENTS)) == []


def test_a_repair_keeps_extras_markers_and_upper_bounds() -> None:
    problems = requirement_problems(["httpx[http2]<1; python_version >= '3.10'", "pydantic>=2.6"])
    assert [(p.kind, p.declared, p.repair) for p in problems] == [
        (
            "too_low",
            "httpx[http2]<1; python_version >= '3.10'",
            'httpx[http2]>=0.27,<1; python_version >= "3.10"',
        )
    ]
    assert requirement_problems(["httpx<0.20", "pydantic>=2.6"])[0].repair is None
