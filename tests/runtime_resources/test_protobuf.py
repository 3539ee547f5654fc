"""The runtime's protobuf decoder against messages encoded by Google's protobuf (through cognite-sdk's
compiled ``DataPointListResponse``), an encoder written by others."""

from __future__ import annotations

import math
import random
import struct
from collections.abc import Sequence

import pytest
from cognite.client._proto.data_point_list_response_pb2 import DataPointListResponse
from hypothesis import given, settings
from hypothesis import strategies as st

from pygen_core.runtime._protobuf import ProtobufError, decode_numeric, decode_response, decode_strings

T0 = 1_700_000_000_000


def _encode(points: Sequence[tuple[int, float | None, int]], **header: object) -> bytes:
    message = DataPointListResponse()
    item = message.items.add()
    item.id = 7
    item.externalId = "ext"
    for key, value in header.items():
        setattr(item, key, value)
    for timestamp, value, status in points:
        point = item.numericDatapoints.datapoints.add()
        point.timestamp = timestamp
        if value is None:
            point.nullValue = True
        else:
            point.value = value
        if status:
            point.status.code = status
    return message.SerializeToString()


def _decode(data: bytes) -> tuple[list[int], list[float], dict[int, int]]:
    (item,) = decode_response(data)
    stamps, values, codes = decode_numeric(item.points)
    return list(stamps), list(values), codes


def _same(values: list[float], expected: list[float | None]) -> bool:
    return all(
        (math.isnan(a) and b is None) or a == b or (math.isnan(a) and isinstance(b, float) and math.isnan(b))
        for a, b in zip(values, expected, strict=True)
    )


def test_header_fields_are_read() -> None:
    data = _encode([(T0, 1.0, 0)], isStep=True, unit="bar", nextCursor="abc", unitExternalId="pressure:bar")
    (item,) = decode_response(data)
    assert (item.id, item.external_id, item.is_step, item.unit) == (7, "ext", True, "bar")
    assert (item.next_cursor, item.unit_external_id, item.kind) == ("abc", "pressure:bar", "numeric")
    message = DataPointListResponse()
    with_node = message.items.add()
    with_node.instanceId.space = "sp"
    with_node.instanceId.externalId = "node"
    with_node.stringDatapoints.datapoints.add(timestamp=T0, value="on")
    (decoded,) = decode_response(message.SerializeToString())
    assert decoded.instance_id == ("sp", "node")
    assert decoded.kind == "string"
    stamps, texts, codes = decode_strings(decoded.points)
    assert (list(stamps), texts, codes) == ([T0], ["on"], {})


def test_regular_pages_decode_in_bulk_exactly() -> None:
    rng = random.Random(3)
    points = [(T0 + i * 997, rng.uniform(-1e6, 1e6) or 1.0, 0) for i in range(5000)]
    stamps, values, codes = _decode(_encode(points))
    assert stamps == [p[0] for p in points]
    assert values == [p[1] for p in points]
    assert codes == {}


def test_odd_points_between_regular_runs() -> None:
    """Zero values (left out by proto3), nulls, statuses, old and negative timestamps, infinities."""
    points: list[tuple[int, float | None, int]] = [(T0 + i, float(i) + 0.5, 0) for i in range(300)]
    points[0] = (T0, 0.0, 0)
    points[17] = (T0 + 17, None, 2147483648)
    points[18] = (T0 + 18, 4.0, 1073741824)
    points[100] = (-5_000, 1.0, 0)  # before 1970: a ten-byte varint
    points[101] = (3, 2.0, 0)  # a one-byte varint
    points[200] = (T0 + 200, math.inf, 0)
    points[299] = (T0 + 299, -0.0, 0)
    stamps, values, codes = _decode(_encode(points))
    assert stamps == [p[0] for p in points]
    assert _same(values, [p[1] for p in points])
    assert codes == {17: 2147483648, 18: 1073741824}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=-(2**62), max_value=2**62),
            st.one_of(st.none(), st.floats(allow_nan=False), st.just(0.0)),
            st.sampled_from([0, 0, 0, 1073741824, 2147483648]),
        ),
        max_size=80,
    )
)
def test_any_message_decodes_like_protobuf_does(points: list[tuple[int, float | None, int]]) -> None:
    stamps, values, codes = _decode(_encode(points))
    assert stamps == [p[0] for p in points]
    assert _same(values, [p[1] for p in points])
    assert codes == {i: p[2] for i, p in enumerate(points) if p[2]}


def test_malformed_bytes_raise_protobuf_error() -> None:
    good = _encode([(T0 + i, 1.5, 0) for i in range(10)])
    for broken in (good[:-3], good[:5] + b"\xff" * 11, b"\x0f"):
        with pytest.raises(ProtobufError):
            _decode(broken)
    with pytest.raises(ProtobufError):
        decode_numeric(b"\x12\x02ab")  # a field other than datapoints


def test_bulk_path_agrees_with_struct() -> None:
    """The bulk decoding's byte arithmetic, checked against struct on a whole page."""
    points = [(T0 + i * 1000, (i + 1) * 1.25, 0) for i in range(2048)]
    (item,) = decode_response(_encode(points))
    stamps, values, _ = decode_numeric(item.points)
    records = [item.points[i : i + 18] for i in range(0, len(item.points), 18)]
    assert [struct.unpack("<d", r[10:])[0] for r in records] == list(values)
    assert list(stamps) == [p[0] for p in points]
