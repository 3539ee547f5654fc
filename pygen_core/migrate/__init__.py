"""Moving cognite-pygen (v1) projects over: ``pygen migrate config`` and ``pygen migrate code``.

Detection of a v1 ``[tool.pygen]`` table is stdlib-only and imported eagerly (the build hook uses it); the
migrations load tomlkit and libcst (the ``migrate`` extra) on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._detect import PREDECESSOR_KEYS, predecessor_keys, predecessor_message

if TYPE_CHECKING:
    from ._code import CodeFinding, CodeScan, scan_code
    from ._config import ConfigMigration, FileChange, apply_config_migration, plan_config_migration
    from ._names import NameMap

__all__ = [
    "PREDECESSOR_KEYS",
    "CodeFinding",
    "CodeScan",
    "ConfigMigration",
    "FileChange",
    "NameMap",
    "apply_config_migration",
    "plan_config_migration",
    "predecessor_keys",
    "predecessor_message",
    "scan_code",
]

_LAZY = {
    "CodeFinding": "._code",
    "CodeScan": "._code",
    "scan_code": "._code",
    "ConfigMigration": "._config",
    "FileChange": "._config",
    "apply_config_migration": "._config",
    "plan_config_migration": "._config",
    "NameMap": "._names",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name, __name__), name)
    globals()[name] = value
    return value
