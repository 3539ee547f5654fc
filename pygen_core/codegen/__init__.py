"""Code generation: snapshot → IR → the files of a typed SDK (one emitter per language).

Names load on first use: ``pygen_core.codegen._requirements`` (what the build hook checks on every build)
must not pull in the IR and jinja2.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._generate import LANGUAGES, generate, generate_with_ir, languages
    from ._options import GenerateOptions
    from ._requirements import (
        RUNTIME_REQUIREMENTS,
        SHADOWED_IMPORT_NAMES,
        RequirementProblem,
        check_package_name,
        requirement_problems,
    )
    from ._runtime_files import runtime_files, runtime_sources
    from ._writer import diff_files, write_files
    from .python import header, is_generated

__all__ = [
    "LANGUAGES",
    "RUNTIME_REQUIREMENTS",
    "SHADOWED_IMPORT_NAMES",
    "GenerateOptions",
    "RequirementProblem",
    "check_package_name",
    "diff_files",
    "generate",
    "generate_with_ir",
    "header",
    "is_generated",
    "languages",
    "requirement_problems",
    "runtime_files",
    "runtime_sources",
    "write_files",
]

_LAZY = {
    "LANGUAGES": "._generate",
    "generate": "._generate",
    "generate_with_ir": "._generate",
    "languages": "._generate",
    "GenerateOptions": "._options",
    "RUNTIME_REQUIREMENTS": "._requirements",
    "SHADOWED_IMPORT_NAMES": "._requirements",
    "RequirementProblem": "._requirements",
    "check_package_name": "._requirements",
    "requirement_problems": "._requirements",
    "diff_files": "._writer",
    "write_files": "._writer",
    "header": ".python",
    "is_generated": ".python",
    "runtime_files": "._runtime_files",
    "runtime_sources": "._runtime_files",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
