"""Value encodings: timestamp normalisation, dates, int ranges, direct references."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pygen_core.emulator._errors import DMSError
from pygen_core.emulator._values import check_value, epoch_ms, normalize_timestamp


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("2024-04-12T11:48:44.000", "2024-04-12T11:48:44.000+00:00"),
        ("2024-04-12T11:48:44Z", "2024-04-12T11:48:44.000+00:00"),
        ("2024-04-12T11:48:44.123456+02:00", "2024-04-12T09:48:44.123+00:00"),
        ("2024-04-12T01:00:00-0230", "2024-04-12T03:30:00.000+00:00"),
        ("2024-12-31T23:30:00.5-01:00", "2025-01-01T00:30:00.500+00:00"),
    ],
)
def test_timestamps_are_normalised_to_utc_millis(raw: str, canonical: str) -> None:
    assert normalize_timestamp(raw, "p") == canonical


@given(
    st.datetimes(
        min_value=dt.datetime(1900, 1, 2),
        max_value=dt.datetime(2099, 12, 30),
        timezones=st.sampled_from(
            [
                dt.timezone.utc,
                dt.timezone(dt.timedelta(hours=5, minutes=30)),
                dt.timezone(dt.timedelta(hours=-8)),
            ]
        ),
    )
)
def test_normalised_strings_sort_like_instants(stamp: dt.datetime) -> None:
    canonical = normalize_timestamp(stamp.isoformat(timespec="milliseconds"), "p")
    reference = stamp.astimezone(dt.timezone.utc).replace(microsecond=stamp.microsecond // 1000 * 1000)
    assert dt.datetime.fromisoformat(canonical) == reference
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    assert epoch_ms(canonical, "p") == (reference - epoch) // dt.timedelta(milliseconds=1)


@pytest.mark.parametrize(
    ("value", "type_", "fragment"),
    [
        (2**63, {"type": "int64"}, "out of range for int64"),
        (-(2**31) - 1, {"type": "int32"}, "out of range for int32"),
        (True, {"type": "int64"}, "expected int64"),
        (1e39, {"type": "float32"}, "out of range for float32"),
        ("2024-13-01", {"type": "date"}, "expected a date"),
        ({"space": "s"}, {"type": "direct"}, "node reference"),
        ([{"space": "s", "externalId": "x"}] * 101, {"type": "direct", "list": True}, "maxListSize 100"),
        ([1, 2, 3], {"type": "int32", "list": True, "maxListSize": 2}, "maxListSize 2"),
        ("x", {"type": "boolean"}, "expected boolean"),
    ],
)
def test_bad_values_name_the_path(value: object, type_: dict[str, object], fragment: str) -> None:
    with pytest.raises(DMSError, match=fragment) as info:
        check_value(value, type_, "items[0].sources[0].properties.p")
    assert info.value.message.startswith("items[0].sources[0].properties.p")


def test_good_values_round_trip() -> None:
    assert check_value(3.0, {"type": "int32"}, "p") == 3
    assert check_value(
        {"space": "s", "externalId": "x", "instanceType": "node"}, {"type": "direct"}, "p"
    ) == {"space": "s", "externalId": "x"}
    assert check_value(["a"], {"type": "timeseries", "list": True}, "p") == ["a"]
    assert check_value({"nested": [1, None]}, {"type": "json"}, "p") == {"nested": [1, None]}
