"""Helpers shared by the classic resource endpoints (time series, files, sequences)."""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ._errors import DMSError
from ._paging import decode_cursor
from ._values import bad

MAX_ID = 2**53 - 1
MIN_TIMESTAMP_MS = -2208988800000  # 1900-01-01T00:00:00.000Z
MAX_TIMESTAMP_MS = 4102444799999  # 2099-12-31T23:59:59.999Z
_TIME_AGO = re.compile(r"^(\d+)(s|m|h|d|w)-(ago|ahead)$")
_UNIT_MS = {"s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000}


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass(frozen=True)
class Ident:
    """One of ``{"id"}``, ``{"externalId"}``, ``{"instanceId": {"space", "externalId"}}``."""

    kind: str
    value: Any

    def wire(self) -> dict[str, Any]:
        if self.kind == "instanceId":
            return {"instanceId": {"space": self.value[0], "externalId": self.value[1]}}
        return {self.kind: self.value}


def identifier(item: Any, path: str, *, instance_ids: bool = True) -> Ident:
    """Exactly one identifier of a request item; 400 naming ``path`` otherwise."""
    if not isinstance(item, dict):
        raise bad(path, "expected an object with id, externalId or instanceId")
    given = [key for key in ("id", "externalId", "instanceId") if item.get(key) is not None]
    if len(given) != 1:
        allowed = "id, externalId or instanceId" if instance_ids else "id or externalId"
        raise bad(path, f"expected exactly one of {allowed}, got {sorted(given) or 'none'}")
    key = given[0]
    value = item[key]
    if key == "id":
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_ID:
            raise bad(f"{path}.id", f"expected an integer between 1 and {MAX_ID}, got {value!r}")
        return Ident("id", value)
    if key == "externalId":
        if not isinstance(value, str) or not 1 <= len(value) <= 255:
            raise bad(f"{path}.externalId", f"expected a string of 1-255 characters, got {value!r}")
        return Ident("externalId", value)
    if not instance_ids:
        raise bad(f"{path}.instanceId", "is not supported here; use id or externalId")
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("space"), str)
        or not isinstance(value.get("externalId"), str)
        or not value["space"]
        or not value["externalId"]
    ):
        raise bad(f"{path}.instanceId", f"expected {{'space': ..., 'externalId': ...}}, got {value!r}")
    return Ident("instanceId", (value["space"], value["externalId"]))


def body_of(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise bad("body", "expected a JSON object")
    return body


def items_of(body: Any, limit: int) -> list[Any]:
    """The ``items`` list of a request, 1..``limit`` long."""
    items = body_of(body).get("items")
    if not isinstance(items, list) or not items:
        raise bad("items", "expected a non-empty list")
    if len(items) > limit:
        raise bad("items", f"at most {limit} items per request, got {len(items)}")
    return items


def flag(body: dict[str, Any], name: str, default: bool) -> bool:
    value = body.get(name, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise bad(name, f"expected a boolean, got {value!r}")
    return value


def check_duplicates(idents: list[Ident], status: int = 400) -> None:
    """``status`` naming the identifiers given more than once in one request."""
    seen: set[Ident] = set()
    duplicated: list[dict[str, Any]] = []
    for ident in idents:
        if ident in seen and ident.wire() not in duplicated:
            duplicated.append(ident.wire())
        seen.add(ident)
    if duplicated:
        raise DMSError(status, "Duplicate identifiers in the request", duplicated=duplicated)


def raise_missing(missing: list[Ident], what: str) -> None:
    if missing:
        raise DMSError(400, f"{what} not found", missing=[m.wire() for m in missing])


def timestamp_ms(value: Any, path: str, now: int, *, allow_strings: bool = True) -> int:
    """Epoch ms from an int, ``"now"`` or ``"<n><s|m|h|d|w>-ago"``; 400 naming ``path`` otherwise."""
    if isinstance(value, bool):
        raise bad(path, f"expected a timestamp in epoch milliseconds, got {value!r}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value
    if allow_strings and isinstance(value, str):
        if value == "now":
            return now
        match = _TIME_AGO.match(value)
        if match is not None:
            shift = int(match[1]) * _UNIT_MS[match[2]]
            return now - shift if match[3] == "ago" else now + shift
    raise bad(path, f"expected epoch milliseconds, 'now' or '<n><s|m|h|d|w>-ago', got {value!r}")


def in_range_ms(value: Any, path: str) -> int:
    """A datapoint timestamp: an integer within 1900-01-01..2099-12-31T23:59:59.999 (CDF's range)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise bad(path, f"expected an integer timestamp in epoch milliseconds, got {value!r}")
    if not MIN_TIMESTAMP_MS <= value <= MAX_TIMESTAMP_MS:
        raise bad(path, f"timestamp {value} is outside {MIN_TIMESTAMP_MS}..{MAX_TIMESTAMP_MS}")
    return value


def optional_text(obj: dict[str, Any], key: str, path: str, max_length: int) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > max_length:
        raise bad(f"{path}.{key}", f"expected a string of at most {max_length} characters, got {value!r}")
    return value


def optional_int(obj: dict[str, Any], key: str, path: str) -> int | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_ID:
        raise bad(f"{path}.{key}", f"expected an integer between 1 and {MAX_ID}, got {value!r}")
    return value


def metadata(value: Any, path: str) -> dict[str, str]:
    """String-to-string metadata within CDF's limits (256 pairs, keys ≤128, values ≤10240 characters)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise bad(path, "expected an object of string keys and values")
    if len(value) > 256:
        raise bad(path, f"at most 256 key-value pairs, got {len(value)}")
    for key, item in value.items():
        if not isinstance(item, str) or len(key) > 128 or len(item) > 10240:
            raise bad(f"{path}.{key}", "expected a string value (keys ≤128, values ≤10240 characters)")
    return dict(value)


def list_paging(body: dict[str, Any]) -> tuple[int, int, int, int]:
    """``(limit, after_id, partition_index, partitions)`` of a list request."""
    limit = body.get("limit", 100)
    if limit is None:
        limit = 100
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= 1000:
        raise bad("limit", f"expected an integer between 1 and 1000, got {limit!r}")
    after = 0
    if body.get("cursor") is not None:
        state = decode_cursor(body["cursor"], "cursor")
        if not isinstance(state.get("after"), int):
            raise bad("cursor", "invalid cursor")
        after = state["after"]
    value = body.get("partition")
    if value is None:
        return limit, after, 0, 1
    try:
        m_text, n_text = str(value).split("/")
        m, n = int(m_text), int(n_text)
    except ValueError:
        raise bad("partition", f"expected 'M/N' with 1 <= M <= N, got {value!r}") from None
    if not 1 <= m <= n:
        raise bad("partition", f"expected 'M/N' with 1 <= M <= N, got {value!r}")
    return limit, after, m - 1, n


def get_params(params: dict[str, str]) -> dict[str, Any]:
    """A GET list call's query parameters as a list body."""
    body: dict[str, Any] = {k: params[k] for k in ("cursor", "partition") if k in params}
    if "limit" in params:
        try:
            body["limit"] = int(params["limit"])
        except ValueError:
            raise bad("limit", f"expected an integer, got {params['limit']!r}") from None
    return body


def apply_update(
    doc: dict[str, Any],
    field: str,
    change: Any,
    path: str,
    updatable: set[str],
    *,
    maps: set[str] = frozenset(),  # type: ignore[assignment]
    lists: set[str] = frozenset(),  # type: ignore[assignment]
) -> None:
    """One ``{"set": v}`` / ``{"setNull": true}`` / ``{"add": ...}`` / ``{"remove": ...}`` field update."""
    if field not in updatable:
        raise bad(path, "is not an updatable field")
    if not isinstance(change, dict) or not change or not set(change) <= {"set", "setNull", "add", "remove"}:
        raise bad(path, "expected set, setNull, or add/remove")
    if "set" in change:
        doc[field] = change["set"]
    elif "setNull" in change:
        if change["setNull"] is True:
            doc.pop(field, None)
    elif field in maps:
        current = dict(doc.get(field) or {})
        added, removed = change.get("add") or {}, change.get("remove") or []
        if not isinstance(added, dict) or not isinstance(removed, list):
            raise bad(path, "add expects an object, remove a list of keys")
        for key in removed:
            current.pop(key, None)
        current.update(added)
        doc[field] = current
    elif field in lists:
        items = list(doc.get(field) or [])
        added_items, removed_items = change.get("add") or [], change.get("remove") or []
        if not isinstance(added_items, list) or not isinstance(removed_items, list):
            raise bad(path, "add and remove expect lists")
        items = [v for v in items if v not in removed_items] + [v for v in added_items if v not in items]
        doc[field] = items
    else:
        raise bad(path, "add/remove apply to maps and lists only")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """A savepoint: everything inside is written, or nothing (the caller holds the shared lock).

    Nests: only the outermost one commits.
    """
    outer = not conn.in_transaction
    conn.execute("SAVEPOINT pygen_resources")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK TO pygen_resources")
        conn.execute("RELEASE pygen_resources")
        raise
    conn.execute("RELEASE pygen_resources")
    if outer and conn.in_transaction:
        conn.commit()
