"""``[tool.pygen]``: the hook's single source of configuration, plus the ``PYGEN_*`` environment switches."""

from __future__ import annotations

import difflib
import json
import keyword
import re
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from pygen_core import PygenError
from pygen_core._records import field, record

from ._env import (
    DEFAULT_SNAPSHOT,
    HATCH_RESERVED_KEYS,
    BuildEnv,
    EditableMode,
    editable_mode_of,
    package_path_of,
)

__all__ = [
    "HATCH_RESERVED_KEYS",
    "BuildEnv",
    "EditableMode",
    "PygenConfig",
    "check_hook_table",
    "load_config",
]

_PACKAGE_PART_RE = re.compile(r"[a-z_][a-z0-9_]*")
_DATA_MODEL_RE = re.compile(r"^[^\s:/]+:[^\s:/]+/[^\s:/]+$")
_EDITABLE_MODES: tuple[EditableMode, ...] = ("copy", "live", "inplace")


@record(frozen=True)
class PygenConfig:
    """The validated ``[tool.pygen]`` table (keys are kebab-case in TOML; see :data:`KEYS`)."""

    package: str
    client_name: str | None = None
    data_models: tuple[str, ...] = ()
    snapshot: str = DEFAULT_SNAPSHOT
    instance_space: str | None = None
    exclude_views: tuple[str, ...] = ()
    exclude_spaces: tuple[str, ...] = ()
    names: dict[str, str] = field(default_factory=dict)
    strict: bool = False
    findings: dict[str, str] = field(default_factory=dict)
    editable: EditableMode | None = None

    @property
    def editable_mode(self) -> EditableMode:
        """The editable strategy: as configured, else ``copy`` (top-level) or ``inplace`` (subpackage)."""
        return editable_mode_of(self.package, self.editable)

    @property
    def package_path(self) -> PurePosixPath:
        """Where the SDK lives inside the wheel, e.g. ``acme/sdk``."""
        return package_path_of(self.package)


# --- checks of one value (a problem, or None) --------------------------------------------------------------


def _package_problem(value: str) -> str | None:
    parts = value.split(".")
    if not all(_PACKAGE_PART_RE.fullmatch(part) and not keyword.iskeyword(part) for part in parts):
        return f"{value!r} is not a dotted lower-case Python import name (e.g. 'acme_sdk' or 'acme.sdk')"
    from pygen_core.codegen._requirements import package_name_problem

    return package_name_problem(value)


def _client_name_problem(value: str) -> str | None:
    return (
        None
        if value.isidentifier() and not keyword.iskeyword(value)
        else f"{value!r} is not a Python class name"
    )


def _data_model_problem(value: str) -> str | None:
    if _DATA_MODEL_RE.match(value):
        return None
    return f"{value!r} is not of the form 'space:externalId/version'"


def _snapshot_problem(value: str) -> str | None:
    path = PurePosixPath(value.replace("\\", "/"))
    if not value or path.is_absolute() or Path(value).is_absolute() or ".." in path.parts:
        return f"{value!r} must be a path relative to the project root, inside it"
    return None


def _editable_problem(value: str) -> str | None:
    if value in _EDITABLE_MODES:
        return None
    return f"expected 'copy', 'live' or 'inplace', got {value!r}"


def _finding_problem(code: str, level: str) -> str | None:
    from pygen_core.ir._codes import finding_level_problem

    problem = finding_level_problem(code, level)
    return None if problem is None else f"{problem[0]} ({problem[1]})"


# --- the keys ---------------------------------------------------------------------------------------------

_STRING, _BOOL, _ARRAY, _TABLE = "a string", "a boolean (true or false)", "an array", "a table"


@record(frozen=True)
class _Key:
    """One ``[tool.pygen]`` key: its attribute, its TOML shape, and the check of each string in it (a table's
    check also gets the entry's key)."""

    attribute: str
    shape: str  # _STRING, _BOOL, _ARRAY (of strings) or _TABLE (of strings)
    check: Callable[[str], str | None] | None = None
    entry_check: Callable[[str, str], str | None] | None = None


KEYS: dict[str, _Key] = {
    "package": _Key("package", _STRING, _package_problem),
    "client-name": _Key("client_name", _STRING, _client_name_problem),
    "data-models": _Key("data_models", _ARRAY, _data_model_problem),
    "snapshot": _Key("snapshot", _STRING, _snapshot_problem),
    "instance-space": _Key("instance_space", _STRING),
    "exclude-views": _Key("exclude_views", _ARRAY),
    "exclude-spaces": _Key("exclude_spaces", _ARRAY),
    "names": _Key("names", _TABLE),
    "strict": _Key("strict", _BOOL),
    "findings": _Key("findings", _TABLE, entry_check=_finding_problem),
    "editable": _Key("editable", _STRING, _editable_problem),
}
"""Every key of ``[tool.pygen]`` (README.md and docs/guides/build-hook.md list them with their meaning;
tests/docs checks both lists)."""


def _aliases() -> list[str]:
    return sorted(KEYS)


_BARE_KEY_RE = re.compile(r"[A-Za-z0-9_-]+")


def toml_key(key: str) -> str:
    """``key`` as TOML writes it: bare when possible, else quoted (so odd keys never break the line)."""
    return key if _BARE_KEY_RE.fullmatch(key) else json.dumps(key)


def _toml_type(value: object) -> str:
    names = {bool: "boolean", str: "string", int: "integer", float: "float", list: "array", dict: "table"}
    return names.get(type(value), type(value).__name__)


def _read(spec: _Key, value: object, where: str, problems: list[str]) -> object | None:
    """The key's value as the config holds it, or None after adding each problem to ``problems``."""
    before = len(problems)

    def string(text: object, at: str, entry: str | None = None) -> None:
        if not isinstance(text, str):
            problems.append(f"{at}: expected {_STRING}, got {_toml_type(text)}")
            return
        problem = spec.check(text) if spec.check is not None else None
        if problem is None and spec.entry_check is not None and entry is not None:
            problem = spec.entry_check(entry, text)
        if problem is not None:
            problems.append(f"{at}: {problem}")

    if spec.shape == _BOOL:
        if not isinstance(value, bool):
            problems.append(f"{where}: expected {_BOOL}, got {_toml_type(value)}")
    elif spec.shape == _STRING:
        string(value, where)
    elif spec.shape == _ARRAY:
        if not isinstance(value, list):
            problems.append(f"{where}: expected {_ARRAY}, got {_toml_type(value)}")
        else:
            for n, item in enumerate(value):
                string(item, f"{where}[{n}]")
            value = tuple(value)
    elif not isinstance(value, dict):
        problems.append(f"{where}: expected {_TABLE}, got {_toml_type(value)}")
    else:
        for name, item in value.items():
            string(item, f"{where}.{toml_key(str(name))}", str(name))
        value = dict(value)
    return value if len(problems) == before else None


def _validate(table: Mapping[str, object]) -> tuple[dict[str, Any], list[str]]:
    """The config's attributes and every problem (``where: what``), unknown keys first."""
    problems: list[str] = []
    for key in table:
        if key not in KEYS:
            hint = difflib.get_close_matches(key, _aliases(), n=1)
            suggestion = (
                f"; did you mean tool.pygen.{hint[0]}?" if hint else f"; known keys: {', '.join(_aliases())}"
            )
            problems.append(f"tool.pygen.{toml_key(key)}: unknown key{suggestion}")
    if "package" not in table:
        problems.append("tool.pygen.package: required key is missing")
    values: dict[str, Any] = {}
    for key, spec in KEYS.items():
        if key in table:
            value = _read(spec, table[key], f"tool.pygen.{key}", problems)
            if value is not None:
                values[spec.attribute] = value
    models = values.get("data_models", ())
    if len(set(models)) != len(models):
        problems.append("tool.pygen.data-models: lists the same data model twice")
    editable, package = values.get("editable"), values.get("package", "")
    if editable in ("copy", "live") and "." in package:
        problems.append(
            f"tool.pygen.editable: editable = {editable!r} cannot work for the subpackage {package!r}: the "
            "hand-written parent package shadows it in editable installs; use 'inplace'"
        )
    return values, problems


def load_config(tool_table: object, *, source: str = "pyproject.toml") -> PygenConfig:
    """Validate the ``[tool.pygen]`` table; raise :class:`PygenError` with one line naming each bad key."""
    if tool_table is None:
        raise PygenError(
            f'{source}: the [tool.pygen] table is missing; add it with at least package = "<sdk_import_name>"'
        )
    if not isinstance(tool_table, dict):
        raise PygenError(f"{source}: tool.pygen must be a table, got {_toml_type(tool_table)}")
    _reject_predecessor_table(tool_table, source)
    values, problems = _validate(tool_table)
    if problems:
        raise PygenError(f"{source}: " + "; ".join(problems))
    return PygenConfig(**values)


def _reject_predecessor_table(tool_table: Mapping[str, object], source: str) -> None:
    """A cognite-pygen (v1) table: one line pointing at ``pygen migrate config``, not unknown-key errors."""
    from pygen_core.migrate import predecessor_keys, predecessor_message

    keys = predecessor_keys(tool_table)
    if keys:
        raise PygenError(predecessor_message(keys, source))


def check_hook_table(hook_table: Mapping[str, object], location: str) -> None:
    """Reject options other than hatchling's reserved ones in the hook table; pygen reads ``[tool.pygen]``."""
    for key in sorted(hook_table):
        if key in HATCH_RESERVED_KEYS:
            continue
        hint = difflib.get_close_matches(key, _aliases(), n=1)
        moved = f"; did you mean tool.pygen.{hint[0]}?" if hint else ""
        raise PygenError(
            f"{location}.{toml_key(key)}: unknown option; pygen is configured in the [tool.pygen] table of "
            f"pyproject.toml{moved}"
        )
