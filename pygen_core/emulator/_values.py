"""Property values: validation against container types, and the canonical encodings the engine stores.

Timestamps are stored as ``YYYY-MM-DDTHH:MM:SS.sss+00:00`` (UTC), so string order is time order; dates as
``YYYY-MM-DD``; direct relations as ``{"space", "externalId"}``.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from typing import Any

from ._errors import DMSError
from ._validate import SPACE_RE

_TIMESTAMP = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$"
)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MIN_TS = dt.datetime(1900, 1, 1, tzinfo=dt.timezone.utc)
_MAX_TS = dt.datetime(2099, 12, 31, 23, 59, 59, 999000, tzinfo=dt.timezone.utc)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_FLOAT32_MAX = 3.4028234663852886e38
_DEFAULT_MAX_LIST = {"direct": 100}
NUMERIC_TYPES = frozenset({"int32", "int64", "float32", "float64"})
TEXTUAL_TYPES = frozenset({"text", "enum", "timeseries", "file", "sequence", "timestamp", "date"})


def bad(path: str, message: str) -> DMSError:
    """A 400 naming the JSON path of the offending value."""
    return DMSError(400, f"{path}: {message}")


def _parse_timestamp(value: str) -> dt.datetime | None:
    match = _TIMESTAMP.match(value)
    if match is None:
        return None
    year, month, day, hour, minute, second, frac, zone = match.groups()
    micro = int((frac or "0")[:6].ljust(6, "0"))
    offset = dt.timedelta(0)
    if zone and zone != "Z":
        digits = zone[1:].replace(":", "")
        offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        if zone[0] == "-":
            offset = -offset
    try:
        stamp = dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            micro,
            dt.timezone(offset),
        )
    except ValueError:
        return None
    return stamp.astimezone(dt.timezone.utc)


@functools.lru_cache(maxsize=65536)
def _canonical_timestamp(value: str) -> str | None:
    """The canonical form, ``""`` when out of range, ``None`` when not a timestamp."""
    stamp = _parse_timestamp(value)
    if stamp is None:
        return None
    if not _MIN_TS <= stamp <= _MAX_TS:
        return ""
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}+00:00"


def normalize_timestamp(value: Any, path: str) -> str:
    """ISO-8601 text (offset optional, naive = UTC) → canonical ``...sss+00:00``; 400 when invalid."""
    canonical = _canonical_timestamp(value) if isinstance(value, str) else None
    if canonical is None:
        raise bad(path, f"expected an ISO-8601 timestamp, got {value!r}")
    if not canonical:
        raise bad(path, f"timestamp {value!r} is outside 1900-01-01..2099-12-31T23:59:59.999")
    return canonical


def epoch_ms(value: Any, path: str) -> int:
    """Epoch milliseconds from an int or an ISO timestamp (filters on ``createdTime``/``lastUpdatedTime``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return int(value)
    stamp = _parse_timestamp(value) if isinstance(value, str) else None
    if stamp is None:
        raise bad(path, f"expected epoch milliseconds or an ISO-8601 timestamp, got {value!r}")
    return (stamp - _EPOCH) // dt.timedelta(milliseconds=1)


def filter_timestamp(value: Any, path: str) -> str:
    """A timestamp filter value (ISO-8601 text or epoch milliseconds) in the stored canonical form."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise bad(path, f"expected an ISO-8601 timestamp or epoch milliseconds, got {value!r}")
        try:
            stamp = _EPOCH + dt.timedelta(milliseconds=int(value))
        except OverflowError:
            stamp = _MAX_TS + dt.timedelta(days=1)
        if not _MIN_TS <= stamp <= _MAX_TS:
            raise bad(path, f"timestamp {value!r} is outside 1900-01-01..2099-12-31T23:59:59.999")
        return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}+00:00"
    return normalize_timestamp(value, path)


def normalize_date(value: Any, path: str) -> str:
    """``YYYY-MM-DD``; 400 when not a real calendar date."""
    match = _DATE.match(value) if isinstance(value, str) else None
    try:
        if match is None:
            raise ValueError
        dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise bad(path, f"expected a date YYYY-MM-DD, got {value!r}") from None
    return str(value)


def node_ref(value: Any, path: str) -> dict[str, str]:
    """A ``{"space", "externalId"}`` reference (extra keys such as ``instanceType`` are dropped)."""
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("space"), str)
        or not isinstance(value.get("externalId"), str)
        or not SPACE_RE.fullmatch(value["space"])
        or not 1 <= len(value["externalId"]) <= 256
        or "\x00" in value["externalId"]
    ):
        raise bad(path, f"expected a node reference {{'space': ..., 'externalId': ...}}, got {value!r}")
    return {"space": value["space"], "externalId": value["externalId"]}


def check_value(value: Any, prop_type: dict[str, Any], path: str) -> Any:
    """Validate one non-null property value against its container type; returns the stored form."""
    kind = prop_type.get("type")
    if prop_type.get("list") and kind != "enum":
        if not isinstance(value, list):
            raise bad(path, f"expected a list of {kind}, got {type(value).__name__}")
        max_size = prop_type.get("maxListSize") or _DEFAULT_MAX_LIST.get(str(kind), 1000)
        if len(value) > max_size:
            raise bad(path, f"list has {len(value)} elements, more than maxListSize {max_size}")
        return [_check_scalar(item, kind, prop_type, f"{path}[{i}]") for i, item in enumerate(value)]
    return _check_scalar(value, kind, prop_type, path)


def _check_scalar(value: Any, kind: Any, prop_type: dict[str, Any], path: str) -> Any:
    if value is None:
        raise bad(path, "null is not allowed here")
    if kind in ("text", "timeseries", "file", "sequence"):
        if not isinstance(value, str):
            raise bad(path, f"expected {kind} (a string), got {type(value).__name__}")
        max_bytes = prop_type.get("maxTextSize")
        if kind == "text" and isinstance(max_bytes, int) and len(value.encode()) > max_bytes:
            raise bad(path, f"text is longer than maxTextSize {max_bytes} bytes")
        return value
    if kind == "boolean":
        if not isinstance(value, bool):
            raise bad(path, f"expected boolean, got {type(value).__name__}")
        return value
    if kind in _INT_RANGES:
        low, high = _INT_RANGES[kind]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            raise bad(path, f"expected {kind}, got {type(value).__name__}")
        if not low <= value <= high:
            raise bad(path, f"{value} is out of range for {kind}")
        return value
    if kind in ("float32", "float64"):
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            raise bad(path, f"expected {kind}, got {value!r}")
        if kind == "float32" and abs(value) > _FLOAT32_MAX:
            raise bad(path, f"{value} is out of range for float32")
        return value
    if kind == "timestamp":
        return normalize_timestamp(value, path)
    if kind == "date":
        return normalize_date(value, path)
    if kind == "direct":
        return node_ref(value, path)
    if kind == "enum":
        values = prop_type.get("values") or {}
        if not isinstance(value, str) or value not in values:
            raise bad(path, f"{value!r} is not one of the enum values {sorted(values)}")
        return value
    return value  # json and types newer than this emulator: any JSON
