"""Request-body checks shared by the schema endpoints: every failure is a 400 naming the JSON path."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ._errors import DMSError

SPACE_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9_-]{0,41}[a-zA-Z0-9]?$")
EXTERNAL_ID_RE = re.compile(r"^[a-zA-Z]([a-zA-Z0-9_]{0,253}[a-zA-Z0-9])?$")
PROPERTY_RE = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_-]{0,253}[a-zA-Z0-9]?$")
VERSION_RE = re.compile(r"^[a-zA-Z0-9]([.a-zA-Z0-9_-]{0,41}[a-zA-Z0-9])?$")
RESERVED_SPACES = frozenset({"space", "cdf", "dms", "pg3", "shared", "system", "node", "edge"})
RESERVED_PROPERTIES = frozenset(
    {
        "space",
        "externalId",
        "createdTime",
        "lastUpdatedTime",
        "deletedTime",
        "edge_id",
        "node_id",
        "project_id",
        "property_group",
        "seq",
        "tg_table_name",
        "extensions",
    }
)


def bad(path: str, message: str) -> DMSError:
    """A 400 whose message starts with the JSON path of the offending value."""
    return DMSError(400, f"{path}: {message}" if path else message)


def items_of(body: Any, max_items: int) -> list[dict[str, Any]]:
    """The ``items`` list of a request body, each an object, at most ``max_items`` of them."""
    if not isinstance(body, dict):
        raise bad("", "Request body must be a JSON object")
    items = body.get("items")
    if not isinstance(items, list):
        raise bad("items", "Expected a list")
    if not items:
        raise bad("items", "Must contain at least 1 item")
    if len(items) > max_items:
        raise bad("items", f"Must contain at most {max_items} items, got {len(items)}")
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise bad(f"items[{index}]", "Expected an object")
    return items


def string(obj: dict[str, Any], key: str, path: str, pattern: re.Pattern[str] | None = None) -> str:
    """A required string field, optionally matching an identifier pattern."""
    value = obj.get(key)
    if not isinstance(value, str):
        raise bad(f"{path}.{key}", "Expected a string" if key in obj else "Missing required field")
    if pattern is not None and not pattern.fullmatch(value):
        raise bad(f"{path}.{key}", f"{value!r} does not match the pattern {pattern.pattern}")
    return value


def optional_string(obj: dict[str, Any], key: str, path: str) -> str | None:
    """An optional string (or null) field."""
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise bad(f"{path}.{key}", "Expected a string or null")
    return value


def space_of(obj: dict[str, Any], path: str, *, writing: bool = False) -> str:
    """The ``space`` field; when ``writing``, reserved names are refused."""
    space = string(obj, "space", path, SPACE_RE)
    if writing and space in RESERVED_SPACES:
        raise bad(f"{path}.space", f"{space!r} is a reserved space name")
    return space


def check_duplicates(keys: Sequence[tuple[str, ...]], ids: list[dict[str, Any]]) -> None:
    """409 listing the identifiers that occur more than once in one request."""
    seen: set[tuple[str, ...]] = set()
    duplicated: list[dict[str, Any]] = []
    for key, ident in zip(keys, ids, strict=True):
        if key in seen and ident not in duplicated:
            duplicated.append(ident)
        seen.add(key)
    if duplicated:
        raise DMSError(400, "Duplicate identifiers in the request", duplicated=duplicated)


def flag(params: dict[str, str], name: str, default: bool) -> bool:
    """A boolean query parameter (``true``/``false``)."""
    raw = params.get(name)
    if raw is None:
        return default
    lowered = raw.lower()
    if lowered not in ("true", "false"):
        raise bad(name, f"Expected true or false, got {raw!r}")
    return lowered == "true"


def list_limit(params: dict[str, str], default: int = 10, maximum: int = 1000) -> int:
    """The ``limit`` query parameter of a list call (1..maximum)."""
    raw = params.get("limit")
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad("limit", f"Expected an integer, got {raw!r}") from None
    if not 1 <= value <= maximum:
        raise bad("limit", f"Must be between 1 and {maximum}, got {value}")
    return value
