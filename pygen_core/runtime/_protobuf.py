"""Decode CDF's ``DataPointListResponse`` (protobuf wire format) without the protobuf package.

Only what ``/timeseries/data/list`` answers for raw points is read (aggregates are asked for as JSON: proto3
leaves out zero values, so a missing aggregate could not be told from 0) (field numbers from CDF's published
``data_points.proto`` and ``data_point_list_response.proto``); unknown fields are skipped, as protobuf does.

Numeric points come in a fast path: when every point of a page is encoded alike — a timestamp between 1971
and 2109 (a six-byte varint) and a non-zero double, no status — each takes exactly 18 bytes, and the page
is turned into typed arrays by strided byte slicing and big-integer arithmetic in C, with no Python work per
point. Anything else takes the general decoder, one point at a time.
"""

from __future__ import annotations

import struct
import sys
from array import array
from dataclasses import dataclass

__all__ = [
    "ProtobufError",
    "RawItem",
    "decode_numeric",
    "decode_response",
    "decode_strings",
]

_DOUBLE = struct.Struct("<d")
_STRIDE = 18
_HIGH_BIT = bytes(1 if b >= 0x80 else 0 for b in range(256))
_BIG_ENDIAN = sys.byteorder == "big"


class ProtobufError(ValueError):
    """The bytes are not a well-formed message of the expected kind."""


@dataclass
class RawItem:
    """One ``DataPointListItem``: its header, and the undecoded bytes of its points."""

    id: int = 0
    external_id: str | None = None
    instance_id: tuple[str, str] | None = None
    is_string: bool = False
    is_step: bool = False
    unit: str | None = None
    unit_external_id: str | None = None
    next_cursor: str | None = None
    kind: str = "numeric"
    points: bytes = b""


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    result = 0
    shift = 0
    while True:
        if pos >= len(buf):
            raise ProtobufError("truncated varint")
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise ProtobufError("varint longer than 10 bytes")


def _int64(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _fields(buf: bytes) -> list[tuple[int, int, int | bytes]]:
    """``(field, wire type, value)`` of every field of a message (bytes for length-delimited fields)."""
    out: list[tuple[int, int, int | bytes]] = []
    pos, end = 0, len(buf)
    while pos < end:
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        value: int | bytes
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            if pos + 8 > end:
                raise ProtobufError("truncated 64-bit field")
            value = buf[pos : pos + 8]
            pos += 8
        elif wire == 2:
            size, pos = _varint(buf, pos)
            if pos + size > end:
                raise ProtobufError("truncated length-delimited field")
            value = buf[pos : pos + size]
            pos += size
        elif wire == 5:
            if pos + 4 > end:
                raise ProtobufError("truncated 32-bit field")
            value = buf[pos : pos + 4]
            pos += 4
        else:
            raise ProtobufError(f"unsupported wire type {wire}")
        out.append((number, wire, value))
    return out


def _text(value: int | bytes) -> str:
    if not isinstance(value, bytes):
        raise ProtobufError("expected a string field")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtobufError("a string field is not UTF-8") from None


def _bytes(value: int | bytes) -> bytes:
    if not isinstance(value, bytes):
        raise ProtobufError("expected a length-delimited field")
    return value


def decode_response(data: bytes) -> list[RawItem]:
    """The items of a ``DataPointListResponse``."""
    items: list[RawItem] = []
    for number, _wire, value in _fields(data):
        if number == 1:
            items.append(_item(_bytes(value)))
    return items


_KINDS = {3: "numeric", 4: "string", 5: "aggregate"}


def _item(buf: bytes) -> RawItem:
    item = RawItem()
    for number, wire, value in _fields(buf):
        if number == 1 and wire == 0:
            item.id = _int64(int(value))
        elif number == 2:
            item.external_id = _text(value)
        elif number in _KINDS:
            item.kind = _KINDS[number]
            # NumericDatapoints / StringDatapoints / AggregateDatapoints: field 1, repeated.
            item.points = _bytes(value)
        elif number == 6 and wire == 0:
            item.is_string = bool(value)
        elif number == 7 and wire == 0:
            item.is_step = bool(value)
        elif number == 8:
            item.unit = _text(value) or None
        elif number == 9:
            item.next_cursor = _text(value) or None
        elif number == 10:
            item.unit_external_id = _text(value) or None
        elif number == 11:
            space = xid = ""
            for sub, _w, part in _fields(_bytes(value)):
                if sub == 1:
                    space = _text(part)
                elif sub == 2:
                    xid = _text(part)
            item.instance_id = (space, xid)
    return item


_CHECKS: tuple[tuple[int, bytes | None, int], ...] = (
    # (offset in the record, translation table or None, expected byte)
    (0, None, 0x0A),  # key of NumericDatapoints.datapoints, length-delimited
    (1, None, 0x10),  # sixteen bytes follow
    (2, None, 0x08),  # key of NumericDatapoint.timestamp, varint
    (3, _HIGH_BIT, 1),  # five varint bytes with the continuation bit ...
    (4, _HIGH_BIT, 1),
    (5, _HIGH_BIT, 1),
    (6, _HIGH_BIT, 1),
    (7, _HIGH_BIT, 1),
    (8, _HIGH_BIT, 0),  # ... and the last without it
    (9, None, 0x11),  # key of NumericDatapoint.value, 64-bit
)
_SMALL_WINDOW = 64


def _first_mismatch(column: bytes, expected: int) -> int:
    """The index of the first byte of ``column`` that is not ``expected`` (its length if none)."""
    pattern = bytes((expected,)) * len(column)
    if column == pattern:
        return len(column)
    diff = int.from_bytes(column, "little") ^ int.from_bytes(pattern, "little")
    return ((diff & -diff).bit_length() - 1) // 8


def _regular_run(buf: bytes, pos: int, count: int) -> int:
    """How many of the next ``count`` records from ``pos`` are 18-byte regular ones (see the module)."""
    window = buf[pos : pos + _STRIDE * count]
    run = count
    for offset, table, expected in _CHECKS:
        column = window[offset::_STRIDE][:run]
        if table is not None:
            column = column.translate(table)
        run = min(run, _first_mismatch(column, expected))
        if not run:
            return 0
    return run


# Timestamp byte j of a record (little-endian) is the top bits of varint group j and the low bits of group
# j + 1: two byte-to-byte maps whose results share no bits.
_LOW_PART = [bytes((b & 0x7F) >> j for b in range(256)) for j in range(6)]
_HIGH_PART = [
    bytes(((b & 0x7F) << (7 - j)) & 0xFF for b in range(256)) for j in range(5)
]


def _bulk(buf: bytes, n: int) -> tuple[array[int], array[float]]:
    """Timestamps and values of ``n`` regular records (``buf`` holds exactly them)."""
    groups = [buf[3 + g :: _STRIDE] for g in range(6)]
    stamps = bytearray(8 * n)
    for j in range(6):
        low = groups[j].translate(_LOW_PART[j])
        if j < 5:
            high = groups[j + 1].translate(_HIGH_PART[j])
            joined = int.from_bytes(low, "little") | int.from_bytes(high, "little")
            low = joined.to_bytes(n, "little")
        stamps[j::8] = low
    timestamps = array("q")
    timestamps.frombytes(bytes(stamps))
    doubles = bytearray(8 * n)
    for offset in range(8):
        doubles[offset::8] = buf[10 + offset :: _STRIDE]
    values = array("d")
    values.frombytes(bytes(doubles))
    if _BIG_ENDIAN:  # pragma: no cover - CPython's platforms today are little-endian
        timestamps.byteswap()
        values.byteswap()
    return timestamps, values


def _status_code(buf: bytes) -> int:
    for number, wire, value in _fields(buf):
        if number == 1 and wire == 0:
            return _int64(int(value))
    return 0


def _record(buf: bytes, pos: int) -> tuple[int, float, int, int]:
    """One ``NumericDatapoints.datapoints`` entry at ``pos``: timestamp, value, status, next position."""
    key, pos = _varint(buf, pos)
    if key != 0x0A:
        raise ProtobufError("unexpected field in NumericDatapoints")
    size, pos = _varint(buf, pos)
    if pos + size > len(buf):
        raise ProtobufError("truncated datapoint")
    stop = pos + size
    if buf[pos] == 0x08:  # the usual layout: timestamp, then the value or nothing (0.0)
        timestamp, after = _varint(buf, pos + 1)
        if after == stop:
            return _int64(timestamp), 0.0, 0, stop
        if buf[after] == 0x11 and after + 9 == stop:
            return _int64(timestamp), _DOUBLE.unpack_from(buf, after + 1)[0], 0, stop
    timestamp, value, status = 0, 0.0, 0
    for sub, wire, part in _fields(buf[pos:stop]):
        if sub == 1 and wire == 0:
            timestamp = _int64(int(part))
        elif sub == 2 and wire == 1:
            value = _DOUBLE.unpack(_bytes(part))[0]
        elif sub == 3:
            status = _status_code(_bytes(part))
        elif sub == 4 and wire == 0 and part:
            value = float("nan")
    return timestamp, value, status, stop


def decode_numeric(
    buf: bytes,
) -> tuple[array[int], array[float], dict[int, int]]:
    """Timestamps, values (NaN for null) and ``{index: status code}`` of non-Good points.

    Runs of regular records are decoded in bulk. The first search spans the whole page; after an odd
    record (a 0.0, a status, a null) it starts small and doubles while runs fill it, so a page with a few
    odd points costs about as little as a regular one, and one full of them no more than the general path.
    """
    timestamps = array("q")
    values = array("d")
    statuses: dict[int, int] = {}
    pos, end = 0, len(buf)
    window = len(buf)
    while pos < end:
        count = min((end - pos) // _STRIDE, window)
        regular = count and buf[pos + 1] == 0x10 and buf[pos + 9] == 0x11
        run = _regular_run(buf, pos, count) if regular else 0
        if run:
            stamps, numbers = _bulk(buf[pos : pos + _STRIDE * run], run)
            timestamps.extend(stamps)
            values.extend(numbers)
            pos += _STRIDE * run
            window = window * 2 if run == count else _SMALL_WINDOW
            continue
        timestamp, value, status, pos = _record(buf, pos)
        if status:
            statuses[len(timestamps)] = status
        timestamps.append(timestamp)
        values.append(value)
        window = _SMALL_WINDOW
    return timestamps, values, statuses


def decode_strings(
    buf: bytes,
) -> tuple[array[int], list[str | None], dict[int, int]]:
    """Timestamps, values (None for null) and ``{index: status code}`` of non-Good points."""
    timestamps = array("q")
    values: list[str | None] = []
    statuses: dict[int, int] = {}
    for index, (number, _wire, entry) in enumerate(_fields(buf)):
        if number != 1:
            raise ProtobufError("unexpected field in StringDatapoints")
        timestamp, status = 0, 0
        value: str | None = ""
        for sub, wire, part in _fields(_bytes(entry)):
            if sub == 1 and wire == 0:
                timestamp = _int64(int(part))
            elif sub == 2:
                value = _text(part)
            elif sub == 3:
                status = _status_code(_bytes(part))
            elif sub == 4 and wire == 0 and part:
                value = None
        timestamps.append(timestamp)
        values.append(value)
        if status:
            statuses[index] = status
    return timestamps, values, statuses
