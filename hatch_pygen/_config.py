"""``[tool.pygen]``: the hook's single source of configuration, plus the ``PYGEN_*`` environment switches."""

from __future__ import annotations

import difflib
import json
import keyword
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from pygen_core import PygenError

from ._env import HATCH_RESERVED_KEYS, BuildEnv, EditableMode, editable_mode_of, package_path_of

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

_EXPECTED: dict[str, str] = {
    "bool_type": "a boolean (true or false)",
    "string_type": "a string",
    "list_type": "an array",
    "tuple_type": "an array",
    "dict_type": "a table",
}


def _check_data_model_id(text: str) -> str:
    if not _DATA_MODEL_RE.match(text):
        raise ValueError(f"{text!r} is not of the form 'space:externalId/version'")
    return text


DataModelText = Annotated[str, AfterValidator(_check_data_model_id)]


def _toml_type(value: object) -> str:
    names = {bool: "boolean", str: "string", int: "integer", float: "float", list: "array", dict: "table"}
    return names.get(type(value), type(value).__name__)


class PygenConfig(BaseModel):
    """The validated ``[tool.pygen]`` table (keys are kebab-case in TOML)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    package: str = Field(description="Import name of the generated SDK, e.g. 'acme_sdk' or 'acme.sdk'.")
    client_name: str | None = Field(default=None, alias="client-name")
    data_models: tuple[DataModelText, ...] = Field(default=(), alias="data-models")
    snapshot: str = "pygen-snapshot.json"
    instance_space: str | None = Field(default=None, alias="instance-space")
    exclude_views: tuple[str, ...] = Field(default=(), alias="exclude-views")
    exclude_spaces: tuple[str, ...] = Field(default=(), alias="exclude-spaces")
    names: dict[str, str] = Field(default_factory=dict)
    strict: bool = False
    findings: dict[str, str] = Field(default_factory=dict)
    editable: EditableMode | None = None

    @field_validator("data_models", "exclude_views", "exclude_spaces", mode="before")
    @classmethod
    def _list_to_tuple(cls, value: object) -> object:
        # TOML arrays arrive as lists; strict mode would refuse them for a tuple field.
        return tuple(value) if isinstance(value, list) else value

    @field_validator("package")
    @classmethod
    def _check_package(cls, value: str) -> str:
        parts = value.split(".")
        if not all(_PACKAGE_PART_RE.fullmatch(part) and not keyword.iskeyword(part) for part in parts):
            raise ValueError(
                f"{value!r} is not a dotted lower-case Python import name (e.g. 'acme_sdk' or 'acme.sdk')"
            )
        from pygen_core.codegen._requirements import package_name_problem

        problem = package_name_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("findings")
    @classmethod
    def _check_findings(cls, value: dict[str, str]) -> dict[str, str]:
        from pygen_core.ir._codes import finding_level_problem

        for code, level in value.items():
            problem = finding_level_problem(code, level)
            if problem is not None:
                raise ValueError(f"{problem[0]} ({problem[1]})")
        return value

    @field_validator("client_name")
    @classmethod
    def _check_client_name(cls, value: str | None) -> str | None:
        if value is not None and (not value.isidentifier() or keyword.iskeyword(value)):
            raise ValueError(f"{value!r} is not a Python class name")
        return value

    @field_validator("data_models")
    @classmethod
    def _check_data_models(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise ValueError("lists the same data model twice")
        return value

    @field_validator("snapshot")
    @classmethod
    def _check_snapshot(cls, value: str) -> str:
        path = PurePosixPath(value.replace("\\", "/"))
        if not value or path.is_absolute() or Path(value).is_absolute() or ".." in path.parts:
            raise ValueError(f"{value!r} must be a path relative to the project root, inside it")
        return value

    @model_validator(mode="after")
    def _check_editable(self) -> PygenConfig:
        if "." in self.package and self.editable in ("copy", "live"):
            raise ValueError(
                f"editable = {self.editable!r} cannot work for the subpackage {self.package!r}: the "
                "hand-written parent package shadows it in editable installs; use 'inplace'"
            )
        return self

    @property
    def editable_mode(self) -> EditableMode:
        """The editable strategy: as configured, else ``copy`` (top-level) or ``inplace`` (subpackage)."""
        return editable_mode_of(self.package, self.editable)

    @property
    def package_path(self) -> PurePosixPath:
        """Where the SDK lives inside the wheel, e.g. ``acme/sdk``."""
        return package_path_of(self.package)


def _aliases() -> list[str]:
    return sorted((field.alias or name) for name, field in PygenConfig.model_fields.items())


_BARE_KEY_RE = re.compile(r"[A-Za-z0-9_-]+")


def toml_key(key: str) -> str:
    """``key`` as TOML writes it: bare when possible, else quoted (so odd keys never break the line)."""
    return key if _BARE_KEY_RE.fullmatch(key) else json.dumps(key)


def _render_error(error: Mapping[str, Any], prefix: str) -> str:
    loc = [str(part) for part in error["loc"]]
    # Errors of a model validator carry no location; those of the editable check belong to that key.
    key = (
        "".join(f"[{part}]" if isinstance(part, int) else f".{toml_key(str(part))}" for part in error["loc"])
        or ".editable"
    )
    where = f"{prefix}{key}"
    kind = error["type"]
    if kind == "extra_forbidden":
        hint = difflib.get_close_matches(loc[-1], _aliases(), n=1)
        suggestion = (
            f"; did you mean {prefix}.{hint[0]}?" if hint else f"; known keys: {', '.join(_aliases())}"
        )
        return f"{where}: unknown key{suggestion}"
    if kind == "missing":
        return f"{where}: required key is missing"
    if kind in _EXPECTED:
        return f"{where}: expected {_EXPECTED[kind]}, got {_toml_type(error.get('input'))}"
    if kind == "literal_error":
        return f"{where}: expected {error.get('ctx', {}).get('expected')}, got {error.get('input')!r}"
    message = str(error["msg"])
    message = message.removeprefix("Value error, ")
    return f"{where}: {message}"


def load_config(tool_table: object, *, source: str = "pyproject.toml") -> PygenConfig:
    """Validate the ``[tool.pygen]`` table; raise :class:`PygenError` with one line naming each bad key."""
    if tool_table is None:
        raise PygenError(
            f'{source}: the [tool.pygen] table is missing; add it with at least package = "<sdk_import_name>"'
        )
    if not isinstance(tool_table, dict):
        raise PygenError(f"{source}: tool.pygen must be a table, got {_toml_type(tool_table)}")
    _reject_predecessor_table(tool_table, source)
    try:
        return PygenConfig.model_validate(tool_table)
    except ValidationError as exc:
        # Unknown keys first: a misspelt key usually explains a "missing" one.
        errors = sorted(exc.errors(), key=lambda error: error["type"] != "extra_forbidden")
        messages = [_render_error(error, "tool.pygen") for error in errors]
        raise PygenError(f"{source}: " + "; ".join(messages)) from None


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
