"""The hand-written protobuf encodings, decoded by the protobuf runtime with CDF's message definitions."""

from __future__ import annotations

import functools
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pygen_core.emulator import _protobuf as pb


@functools.cache
def cdf() -> SimpleNamespace:
    """CDF's message classes from cognite-sdk, imported on first use (its package takes a second to import,
    which every test worker would otherwise pay while collecting)."""
    from cognite.client._proto.data_point_list_response_pb2 import DataPointListResponse
    from cognite.client._proto.data_points_pb2 import NumericDatapoints, StringDatapoints

    return SimpleNamespace(
        DataPointListResponse=DataPointListResponse,
        NumericDatapoints=NumericDatapoints,
        StringDatapoints=StringDatapoints,
    )


@pytest.fixture(autouse=True, scope="module")
def _imported() -> None:
    cdf()  # before the first hypothesis example, whose deadline would count the import


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1), st.floats(allow_nan=False))
def test_numeric_points_round_trip(timestamp: int, value: float) -> None:
    encoded = pb.numeric_point(timestamp, value) + pb.numeric_point(1, 2.5)
    decoded = cdf().NumericDatapoints.FromString(encoded)
    assert [(p.timestamp, p.value) for p in decoded.datapoints] == [(timestamp, value), (1, 2.5)]


@given(st.integers(min_value=2**35, max_value=2**42 - 1), st.floats(allow_nan=False, allow_infinity=False))
def test_numeric_points_of_this_century_round_trip(timestamp: int, value: float) -> None:
    # the unrolled fast path of the encoder: six-byte varint timestamps (1971..2109), no status
    decoded = cdf().NumericDatapoints.FromString(pb.numeric_point(timestamp, value))
    assert [(p.timestamp, p.value) for p in decoded.datapoints] == [(timestamp, value)]


@given(st.integers(min_value=-(2**40), max_value=2**42), st.text(max_size=300))
def test_string_points_round_trip(timestamp: int, value: str) -> None:
    decoded = cdf().StringDatapoints.FromString(pb.string_point(timestamp, value))
    assert [(p.timestamp, p.value) for p in decoded.datapoints] == [(timestamp, value)]


def test_null_values_and_status() -> None:
    decoded = cdf().NumericDatapoints.FromString(
        pb.numeric_point(5, None, 2147483648) + pb.numeric_point(6, 1.0, 1 << 30)
    )
    bad, uncertain = decoded.datapoints
    assert bad.nullValue is True
    assert bad.status.code == 2147483648
    assert uncertain.value == 1.0
    assert uncertain.status.code == 1 << 30
    assert uncertain.nullValue is False


def test_list_items_with_every_header_field() -> None:
    items = [
        pb.list_item(
            series_id=7,
            external_id="x",
            instance_id=("space", "node"),
            is_string=False,
            is_step=True,
            unit="bar",
            unit_external_id="pressure:bar",
            next_cursor="cursor",
            kind="numeric",
            points=pb.numeric_point(1, 1.0),
        ),
        pb.list_item(
            series_id=8,
            external_id=None,
            instance_id=None,
            is_string=True,
            is_step=False,
            unit=None,
            unit_external_id=None,
            next_cursor=None,
            kind="string",
            points=b"",
        ),
        pb.list_item(
            series_id=9,
            external_id=None,
            instance_id=None,
            is_string=False,
            is_step=False,
            unit=None,
            unit_external_id=None,
            next_cursor=None,
            kind="aggregate",
            points=pb.aggregate_point(
                60_000,
                {"average": 1.5, "count": 4.0, "stepInterpolation": -2.0},
                {"maxDatapoint": (60_001, 9.0)},
            ),
        ),
    ]
    response = cdf().DataPointListResponse.FromString(pb.list_response(items))
    first, second, third = response.items
    assert (first.id, first.externalId, first.isStep, first.unit, first.unitExternalId, first.nextCursor) == (
        7,
        "x",
        True,
        "bar",
        "pressure:bar",
        "cursor",
    )
    assert (first.instanceId.space, first.instanceId.externalId) == ("space", "node")
    assert first.type == 1
    assert first.WhichOneof("datapointType") == "numericDatapoints"
    assert second.WhichOneof("datapointType") == "stringDatapoints"  # present even when empty
    assert second.isString
    assert second.type == 2
    assert len(second.stringDatapoints.datapoints) == 0
    aggregate = third.aggregateDatapoints.datapoints[0]
    assert (aggregate.timestamp, aggregate.average, aggregate.count, aggregate.stepInterpolation) == (
        60_000,
        1.5,
        4.0,
        -2.0,
    )
    assert (aggregate.maxDatapoint.timestamp, aggregate.maxDatapoint.value) == (60_001, 9.0)
    assert not aggregate.HasField("minDatapoint")


@pytest.mark.parametrize(
    ("value", "encoded"), [(0, b"\x00"), (1, b"\x01"), (300, b"\xac\x02"), (-1, b"\xff" * 9 + b"\x01")]
)
def test_varint(value: int, encoded: bytes) -> None:
    assert pb.varint(value) == encoded
