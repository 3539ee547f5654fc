"""Request helpers shared by the instance endpoints: opaque cursors, limits, fields, instance types."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from ._values import bad

_KINDS = ("node", "edge")


def encode_cursor(sig: str, state: dict[str, Any]) -> str:
    """An opaque cursor carrying ``state``, bound to the request shape ``sig``."""
    payload = json.dumps({**state, "s": sig}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: Any, path: str, sig: str | None = None) -> dict[str, Any]:
    """The state inside a cursor from :func:`encode_cursor`; 400 naming ``path`` when it is not one, or
    (given ``sig``) when it was issued for a request of another shape."""
    if not isinstance(cursor, str) or not cursor or len(cursor) > 100_000:
        raise bad(path, "invalid cursor")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        state = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, TypeError, binascii.Error, RecursionError):
        raise bad(path, "invalid cursor") from None
    if not isinstance(state, dict) or not isinstance(state.get("s"), str):
        raise bad(path, "invalid cursor")
    if sig is not None and state["s"] != sig:
        raise bad(path, "the cursor belongs to a different request (filter, sort or expression changed)")
    return state


def signature(*parts: Any) -> str:
    """A short hash tying a cursor to the request it came from."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def limit_of(body: dict[str, Any], default: int, maximum: int, name: str = "limit", minimum: int = 1) -> int:
    value = body.get("limit", default)
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= maximum:
        raise bad(name, f"expected an integer between {minimum} and {maximum}, got {value!r}")
    return value


def kind_of(body: dict[str, Any], default: str = "node") -> str:
    kind = body.get("instanceType", default)
    if kind not in _KINDS:
        raise bad("instanceType", f"expected 'node' or 'edge', got {kind!r}")
    return str(kind)


def check_fields(body: dict[str, Any], allowed: Iterable[str], path: str = "") -> None:
    """400 naming the first field of ``body`` that the endpoint does not know (a typo, or unsupported)."""
    unknown = sorted(set(body) - set(allowed), key=str)
    if unknown:
        where = f"{path}.{unknown[0]}" if path else str(unknown[0])
        raise bad(where, "unknown field")
