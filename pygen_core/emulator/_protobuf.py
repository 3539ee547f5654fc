"""The few protobuf (proto3 wire format) encodings the datapoints endpoints answer with.

cognite-sdk asks ``/timeseries/data/list`` for ``Accept: application/protobuf`` and parses the body as CDF's
``DataPointListResponse``. The messages it needs are small, so they are written here by hand from the wire
format (varints, 64-bit doubles, length-delimited fields) instead of depending on the protobuf runtime. Field
numbers follow CDF's published ``data_points.proto`` / ``data_point_list_response.proto``.

Per-point fragments (``numeric_point`` / ``string_point``) are computed once when a point is inserted and
stored next to it, so a response is a concatenation of stored bytes.
"""

from __future__ import annotations

import functools
import struct
from collections.abc import Iterable

_DOUBLE = struct.Struct("<d")

# DataPointListItem fields
_ITEM_ID, _ITEM_EXTERNAL_ID, _ITEM_NUMERIC, _ITEM_STRING, _ITEM_AGGREGATE = 1, 2, 3, 4, 5
_ITEM_IS_STRING, _ITEM_IS_STEP, _ITEM_UNIT, _ITEM_CURSOR, _ITEM_UNIT_XID, _ITEM_INSTANCE, _ITEM_TYPE = (
    6,
    7,
    8,
    9,
    10,
    11,
    12,
)
AGGREGATE_FIELDS = {
    "average": 2,
    "max": 3,
    "min": 4,
    "count": 5,
    "sum": 6,
    "interpolation": 7,
    "stepInterpolation": 8,
    "continuousVariance": 9,
    "discreteVariance": 10,
    "totalVariation": 11,
    "countGood": 12,
    "countUncertain": 13,
    "countBad": 14,
    "durationGood": 15,
    "durationUncertain": 16,
    "durationBad": 17,
}
"""AggregateDatapoint: the double fields by their JSON name (18/19 are ``maxDatapoint``/``minDatapoint``)."""
_MAX_DATAPOINT, _MIN_DATAPOINT = 18, 19
TYPE_NUMERIC, TYPE_STRING = 1, 2


def varint(value: int) -> bytes:
    """Unsigned LEB128; negative int64 values take their two's-complement 64-bit form (10 bytes)."""
    if value < 0:
        value += 1 << 64
    if value < 0x80:
        return _SMALL[value]
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


_SMALL = [bytes((n,)) for n in range(0x80)]


@functools.cache
def _key(field: int, wire_type: int) -> bytes:
    return varint(field << 3 | wire_type)


def length_delimited(field: int, payload: bytes) -> bytes:
    """A length-delimited field (sub-message or string)."""
    return _key(field, 2) + varint(len(payload)) + payload


def _int(field: int, value: int) -> bytes:
    return _key(field, 0) + varint(value) if value else b""


def _double(field: int, value: float) -> bytes:
    return _key(field, 1) + _DOUBLE.pack(value) if value else b""


def _string(field: int, value: str | None) -> bytes:
    return length_delimited(field, value.encode()) if value else b""


def _status(code: int) -> bytes:
    return length_delimited(3, _int(1, code)) if code else b""


def numeric_point(timestamp: int, value: float | None, status: int = 0) -> bytes:
    """One ``NumericDatapoints.datapoints`` entry (key, length and NumericDatapoint)."""
    if value and not status and 1 << 35 <= timestamp < 1 << 42:  # 1971..2109: six-byte varint, unrolled
        return (
            b"\x0a\x10\x08"
            + bytes(
                (
                    (timestamp & 0x7F) | 0x80,
                    (timestamp >> 7 & 0x7F) | 0x80,
                    (timestamp >> 14 & 0x7F) | 0x80,
                    (timestamp >> 21 & 0x7F) | 0x80,
                    (timestamp >> 28 & 0x7F) | 0x80,
                    timestamp >> 35,
                )
            )
            + b"\x11"
            + _DOUBLE.pack(value)
        )
    body = _int(1, timestamp)
    if value is None:
        body += _status(status) + _key(4, 0) + b"\x01"
    else:
        body += _double(2, value) + _status(status)
    return length_delimited(1, body)


def string_point(timestamp: int, value: str | None, status: int = 0) -> bytes:
    """One ``StringDatapoints.datapoints`` entry."""
    body = _int(1, timestamp)
    if value is None:
        body += _status(status) + _key(4, 0) + b"\x01"
    else:
        body += _string(2, value) + _status(status)
    return length_delimited(1, body)


def aggregate_point(
    timestamp: int, values: dict[str, float], extremes: dict[str, tuple[int, float]]
) -> bytes:
    """One ``AggregateDatapoints.datapoints`` entry; ``extremes`` holds ``maxDatapoint``/``minDatapoint``."""
    body = bytearray(_int(1, timestamp))
    for name, field in AGGREGATE_FIELDS.items():
        if name in values:
            body += _double(field, values[name])
    for name, field in (("maxDatapoint", _MAX_DATAPOINT), ("minDatapoint", _MIN_DATAPOINT)):
        if name in extremes:
            ts, value = extremes[name]
            body += length_delimited(field, _int(1, ts) + _double(2, value))
    return length_delimited(1, bytes(body))


def list_item(
    *,
    series_id: int,
    external_id: str | None,
    instance_id: tuple[str, str] | None,
    is_string: bool,
    is_step: bool,
    unit: str | None,
    unit_external_id: str | None,
    next_cursor: str | None,
    kind: str,
    points: bytes,
) -> bytes:
    """One ``DataPointListResponse.items`` entry; ``kind`` is ``numeric``, ``string`` or ``aggregate``."""
    body = bytearray(_int(_ITEM_ID, series_id))
    body += _string(_ITEM_EXTERNAL_ID, external_id)
    field = {"numeric": _ITEM_NUMERIC, "string": _ITEM_STRING, "aggregate": _ITEM_AGGREGATE}[kind]
    body += length_delimited(field, points)
    body += _int(_ITEM_IS_STRING, int(is_string)) + _int(_ITEM_IS_STEP, int(is_step))
    body += _string(_ITEM_UNIT, unit) + _string(_ITEM_CURSOR, next_cursor)
    body += _string(_ITEM_UNIT_XID, unit_external_id)
    if instance_id is not None:
        body += length_delimited(_ITEM_INSTANCE, _string(1, instance_id[0]) + _string(2, instance_id[1]))
    body += _int(_ITEM_TYPE, TYPE_STRING if is_string else TYPE_NUMERIC)
    return length_delimited(1, bytes(body))


def list_response(items: Iterable[bytes]) -> bytes:
    """``DataPointListResponse`` from encoded items."""
    return b"".join(items)
