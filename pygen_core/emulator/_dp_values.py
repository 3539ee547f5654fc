"""Datapoint values: parsing inserted points into stored rows, and the rows back into JSON points.

A stored row is ``(series, ts, value, status, pb, js)``: the point's protobuf bytes and JSON text are made
here, once, so that reads only concatenate them.
"""

from __future__ import annotations

import json
import math
from typing import Any

from . import _protobuf as pb
from ._resource_common import MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS, in_range_ms
from ._values import bad

MAX_STRING = 255
"""Characters in a string datapoint."""
MAX_NUMERIC = 1e100
"""|value| of a numeric datapoint (bad datapoints may also be null, NaN or infinite)."""
UNCERTAIN = 1 << 30
BAD = 1 << 31
_SYMBOLS = {"good": 0, "uncertain": UNCERTAIN, "bad": BAD}
_SYMBOL_OF = {0: "Good", UNCERTAIN: "Uncertain", BAD: "Bad"}
_SPECIAL_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def status_of(value: Any, path: str) -> int:
    """A point's ``status`` (``code`` and/or ``symbol``) as its 32-bit code; 0 (Good) when absent."""
    if value is None:
        return 0
    if not isinstance(value, dict):
        raise bad(path, "expected an object with code and/or symbol")
    code, symbol = value.get("code"), value.get("symbol")
    if code is not None and (not isinstance(code, int) or isinstance(code, bool) or not 0 <= code < 2**32):
        raise bad(f"{path}.code", f"expected a 32-bit unsigned status code, got {code!r}")
    if symbol is not None:
        by_symbol = _SYMBOLS.get(str(symbol).lower())
        if by_symbol is None:
            raise bad(
                f"{path}.symbol",
                f"unknown status symbol {symbol!r} (the emulator knows Good, Uncertain, Bad)",
            )
        if code is not None and code != by_symbol:
            raise bad(path, f"code {code} and symbol {symbol!r} do not match")
        return by_symbol
    return int(code or 0)


def _float_text(value: float) -> str:
    if math.isnan(value):
        return '"NaN"'
    if math.isinf(value):
        return '"Infinity"' if value > 0 else '"-Infinity"'
    return repr(value)


def point_json(row: Any, include_status: bool) -> dict[str, Any]:
    ts, value, status, _ = row
    if isinstance(value, float) and math.isinf(value):
        value = "Infinity" if value > 0 else "-Infinity"  # only bad points hold these; CDF writes strings
    out: dict[str, Any] = {"timestamp": ts, "value": value}
    if include_status and status:
        code: dict[str, Any] = {"code": status}
        if status in _SYMBOL_OF:
            code["symbol"] = _SYMBOL_OF[status]
        out["status"] = code
    return out


def numeric_rows(sid: int, points: list[Any], path: str) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    append, encode = rows.append, pb.numeric_point
    low, high, limit = MIN_TIMESTAMP_MS, MAX_TIMESTAMP_MS, MAX_NUMERIC
    for n, point in enumerate(points):
        # The common point ({"timestamp": int, "value": float} in range, no status) takes the first branch.
        if type(point) is dict and len(point) == 2:
            ts, value = point.get("timestamp"), point.get("value")
            if type(ts) is int and low <= ts <= high and type(value) is float and -limit <= value <= limit:
                append((sid, ts, value, 0, encode(ts, value), f'{{"timestamp":{ts},"value":{value!r}}}'))
                continue
        append(_numeric_row(sid, point, f"{path}[{n}]"))
    return rows


def _numeric_row(sid: int, point: Any, path: str) -> tuple[Any, ...]:
    if not isinstance(point, dict):
        raise bad(path, "expected an object with timestamp and value")
    ts = in_range_ms(point.get("timestamp"), f"{path}.timestamp")
    value = point.get("value")
    status = status_of(point.get("status"), f"{path}.status")
    if type(value) is float or type(value) is int:
        value = float(value)
        if status < BAD and not (math.isfinite(value) and -MAX_NUMERIC <= value <= MAX_NUMERIC):
            raise bad(f"{path}.value", f"numeric values must be finite and within ±1e100, got {value!r}")
    elif status >= BAD and (value is None or value in _SPECIAL_FLOATS):
        value = None if value is None else _SPECIAL_FLOATS[value]
    else:
        raise bad(f"{path}.value", f"expected a number (the time series is numeric), got {value!r}")
    encoded = pb.numeric_point(ts, value, status)
    if value is None:
        return (sid, ts, None, status, encoded, f'{{"timestamp":{ts},"value":null}}')
    if math.isnan(value):
        return (sid, ts, "NaN", status, encoded, f'{{"timestamp":{ts},"value":"NaN"}}')
    return (sid, ts, value, status, encoded, f'{{"timestamp":{ts},"value":{_float_text(value)}}}')


def string_rows(sid: int, points: list[Any], path: str) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for n, point in enumerate(points):
        if not isinstance(point, dict):
            raise bad(f"{path}[{n}]", "expected an object with timestamp and value")
        ts = in_range_ms(point.get("timestamp"), f"{path}[{n}].timestamp")
        value = point.get("value")
        status = status_of(point.get("status"), f"{path}[{n}].status")
        if value is None and status >= BAD:
            rows.append(
                (
                    sid,
                    ts,
                    None,
                    status,
                    pb.string_point(ts, None, status),
                    f'{{"timestamp":{ts},"value":null}}',
                )
            )
            continue
        if not isinstance(value, str):
            raise bad(
                f"{path}[{n}].value", f"expected a string (the time series is a string series), got {value!r}"
            )
        if len(value) > MAX_STRING:
            raise bad(f"{path}[{n}].value", f"string datapoints hold at most {MAX_STRING} characters")
        js = json.dumps({"timestamp": ts, "value": value}, separators=(",", ":"))
        rows.append((sid, ts, value, status, pb.string_point(ts, value, status), js))
    return rows
