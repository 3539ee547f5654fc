"""Request paging helpers shared by the instance endpoints: opaque cursors, limits, instance types."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from ._values import bad

_KINDS = ("node", "edge")


def encode_cursor(state: dict[str, Any]) -> str:
    """An opaque cursor string."""
    return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: Any, path: str) -> dict[str, Any]:
    """The state inside a cursor from ``encode_cursor``; 400 naming ``path`` when it is not one."""
    try:
        padded = str(cursor) + "=" * (-len(str(cursor)) % 4)
        state = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError):
        raise bad(path, "invalid cursor") from None
    if not isinstance(state, dict):
        raise bad(path, "invalid cursor")
    return state


def signature(*parts: Any) -> str:
    """A short hash tying a cursor to the request it came from."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def limit_of(body: dict[str, Any], default: int, maximum: int, name: str = "limit") -> int:
    value = body.get("limit", default)
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= maximum:
        raise bad(name, f"expected an integer between 1 and {maximum}, got {value!r}")
    return value


def kind_of(body: dict[str, Any], default: str = "node") -> str:
    kind = body.get("instanceType", default)
    if kind not in _KINDS:
        raise bad("instanceType", f"expected 'node' or 'edge', got {kind!r}")
    return str(kind)
