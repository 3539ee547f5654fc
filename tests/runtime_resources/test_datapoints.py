"""Datapoints helpers of time-series references and nodes, over real HTTP against the emulator.

Expected values come from the points the tests insert (computed here), never from the helpers.
"""

from __future__ import annotations

import datetime
import itertools
import math
import statistics
from typing import Any

import httpx
import pytest

from pygen_core.runtime import CDFAPIError, CDFError, InstanceClient, NodeId
from pygen_core.runtime._datapoints import Datapoints, TimeLike, to_ms
from pygen_core.runtime._dp_fetch import RAW_PAGE
from pygen_core.runtime._references import TimeSeriesData, TimeSeriesRef

from .conftest import write_node

T0 = 1_700_000_000_000  # 2023-11-14T22:13:20Z
MINUTE = 60_000
_counter = itertools.count()


def _series(http: httpx.Client, *, is_string: bool = False, is_step: bool = False) -> str:
    xid = f"ts-{next(_counter)}"
    item = {"externalId": xid, "isString": is_string, "isStep": is_step, "unit": "m"}
    response = http.post("/timeseries", json={"items": [item]})
    assert response.status_code == 201, response.text
    return xid


def _raw_json(http: httpx.Client, xid: str, **item: Any) -> list[dict[str, Any]]:
    """Every raw point, paged with plain JSON requests (the independent view of the data)."""
    out: list[dict[str, Any]] = []
    cursor = None
    while True:
        body = {"externalId": xid, "limit": 100_000, **item}
        if cursor:
            body["cursor"] = cursor
        found = http.post("/timeseries/data/list", json={"items": [body]}).json()["items"][0]
        out += found["datapoints"]
        cursor = found.get("nextCursor")
        if not cursor:
            return out


def test_to_ms_accepts_every_time_form() -> None:
    now = 1_000_000_000
    assert to_ms(5) == 5
    assert to_ms(5.9) == 5
    assert to_ms(datetime.datetime(2023, 11, 14, 22, 13, 20, tzinfo=datetime.timezone.utc)) == T0
    assert to_ms(datetime.datetime(2023, 11, 14, 22, 13, 20)) == T0  # naive: UTC
    assert to_ms(datetime.date(1970, 1, 2)) == 86_400_000
    assert to_ms("now", now=now) == now
    assert to_ms(" 2d-ago", now=now) == now - 2 * 86_400_000
    assert to_ms("3w-ago", now=now) == now - 3 * 604_800_000
    for bad in ("yesterday", "2y-ago", True, float("nan"), None):
        with pytest.raises(ValueError):
            to_ms(bad)  # type: ignore[arg-type]


def test_insert_then_retrieve_raw_points(client: InstanceClient, http: httpx.Client) -> None:
    ref = TimeSeriesRef(_series(http), client)
    points = [(T0 + i * MINUTE, math.sin(i) * 10) for i in range(500)]
    assert ref.insert(points) == 500
    got = ref.retrieve(T0, T0 + 500 * MINUTE)
    assert isinstance(got, Datapoints)
    assert list(got.timestamps) == [t for t, _ in points]
    assert list(got.values or []) == [v for _, v in points]
    assert got.unit == "m"
    assert got.id is not None
    assert got[3].value == points[3][1]
    assert got[-1].time == datetime.datetime.fromtimestamp(points[-1][0] / 1000, datetime.timezone.utc)
    window = ref.retrieve(T0 + 10 * MINUTE, T0 + 20 * MINUTE)
    assert list(window.timestamps) == [T0 + i * MINUTE for i in range(10, 20)]
    assert len(ref.retrieve(T0, T0 + 500 * MINUTE, limit=7)) == 7
    sliced = got[10:13]
    assert list(sliced.timestamps) == [T0 + i * MINUTE for i in range(10, 13)]


def test_insert_accepts_a_mapping_datetimes_and_datapoints(
    client: InstanceClient, http: httpx.Client
) -> None:
    ref = TimeSeriesRef(_series(http), client)
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    points: dict[TimeLike, float] = {start + datetime.timedelta(minutes=i): float(i) for i in range(3)}
    ref.insert(points)
    copy = TimeSeriesRef(_series(http), client)
    copy.insert(ref.retrieve(start, start + datetime.timedelta(hours=1)))
    assert [p["value"] for p in _raw_json(http, str(copy), start=0)] == [0, 1, 2]


@pytest.mark.slow  # seconds: many pages of datapoints
def test_a_retrieval_larger_than_a_page_is_split_and_joined_in_order(
    client: InstanceClient, http: httpx.Client
) -> None:
    ref = TimeSeriesRef(_series(http), client)
    count = 2 * RAW_PAGE + 12_345
    # Irregular spacing and a few zero values (which proto3 encodes differently) on the way.
    stamps = [T0 + i * 1000 + (i % 7) * 100 for i in range(count)]
    values = [0.0 if i % 50_000 == 0 else i * 0.25 for i in range(count)]
    ref.insert(list(zip(stamps, values, strict=True)))
    before = client._http.stats.requests
    got = ref.retrieve(0, stamps[-1] + 1)
    assert list(got.timestamps) == stamps
    assert list(got.values or []) == values
    assert client._http.stats.requests - before >= 4  # a first page, the last point, and pieces
    limited = ref.retrieve(0, stamps[-1] + 1, limit=RAW_PAGE + 3)
    assert list(limited.timestamps) == stamps[: RAW_PAGE + 3]


def test_aggregates_match_values_computed_here(client: InstanceClient, http: httpx.Client) -> None:
    ref = TimeSeriesRef(_series(http), client)
    points = [(T0 + i * MINUTE, float(i % 13)) for i in range(180)]  # three hours
    ref.insert(points)
    hourly = ref.retrieve(T0, T0 + 180 * MINUTE, aggregates=["average", "max", "count"], granularity="1h")
    assert hourly.values is None
    assert hourly.granularity == "1h"
    by_hour: dict[int, list[float]] = {}
    hour = 3_600_000
    for t, v in points:
        by_hour.setdefault(t // hour * hour, []).append(v)
    assert list(hourly.timestamps) == sorted(by_hour)
    assert list(hourly.aggregates["average"]) == pytest.approx(
        [statistics.fmean(v) for v in by_hour.values()]
    )
    assert list(hourly.aggregates["max"]) == [max(v) for v in by_hour.values()]
    assert list(hourly.aggregates["count"]) == [len(v) for v in by_hour.values()]
    one = ref.retrieve(T0, T0 + 180 * MINUTE, aggregates="sum", granularity="1h", limit=1)
    assert len(one) == 1
    assert one.aggregates["sum"][0] == sum(by_hour[min(by_hour)])
    with pytest.raises(ValueError, match="granularity"):
        ref.retrieve(T0, T0 + 1, aggregates="average")
    with pytest.raises(ValueError, match="granularity is only used"):
        ref.retrieve(T0, T0 + 1, granularity="1h")


def test_latest_delete_and_outside_points(client: InstanceClient, http: httpx.Client) -> None:
    ref = TimeSeriesRef(_series(http), client)
    ref.insert([(T0 + i * MINUTE, float(i)) for i in range(10)])
    latest = ref.latest()
    assert latest is not None
    assert (latest.timestamp, latest.value) == (T0 + 9 * MINUTE, 9.0)
    before = ref.latest(before=T0 + 5 * MINUTE)
    assert before is not None
    assert before.value == 4.0
    assert ref.latest(before=T0) is None
    with_outside = ref.retrieve(T0 + 3 * MINUTE, T0 + 5 * MINUTE, include_outside_points=True)
    assert list(with_outside.timestamps) == [T0 + i * MINUTE for i in (2, 3, 4, 5)]
    ref.delete(T0 + 2 * MINUTE, T0 + 8 * MINUTE)
    ref.delete(T0)  # just that one
    left = [p["timestamp"] for p in _raw_json(http, str(ref), start=0)]
    assert left == [T0 + MINUTE, T0 + 8 * MINUTE, T0 + 9 * MINUTE]


def test_string_series_and_status_codes(client: InstanceClient, http: httpx.Client) -> None:
    text = TimeSeriesRef(_series(http, is_string=True), client)
    text.insert([(T0, "on"), (T0 + 1, "off")])
    got = text.retrieve(0, T0 + 2)
    assert got.is_string
    assert got.values == ["on", "off"]
    numeric = TimeSeriesRef(_series(http), client)
    body = {
        "items": [
            {
                "externalId": str(numeric),
                "datapoints": [
                    {"timestamp": T0, "value": 1.5},
                    {"timestamp": T0 + 1, "value": None, "status": {"symbol": "Bad"}},
                    {"timestamp": T0 + 2, "value": 2.5, "status": {"code": 1073741824}},
                ],
            }
        ]
    }
    assert http.post("/timeseries/data", json=body).status_code == 200
    good = numeric.retrieve(0, T0 + 3)
    assert list(good.values or []) == [1.5]
    everything = numeric.retrieve(0, T0 + 3, ignore_bad_datapoints=False)
    assert everything.values is not None
    assert everything.values[0] == 1.5
    assert isinstance(everything.values[1], float)
    assert math.isnan(everything.values[1])
    assert everything.values[2] == 2.5
    assert everything.status_codes == {1: 2147483648, 2: 1073741824}
    assert everything[1].status_code == 2147483648


def test_nodes_are_addressed_by_instance_id(client: InstanceClient, http: httpx.Client) -> None:
    instance = write_node(http, "CogniteTimeSeries", "pump-pressure", {"type": "numeric", "isStep": False})
    data = TimeSeriesData(NodeId(space=instance["space"], external_id=instance["externalId"]), client)
    data.insert([(T0, 1.0), (T0 + 1000, 2.0)])
    got = data.retrieve(0, T0 + 2000)
    assert list(got.values or []) == [1.0, 2.0]
    assert got.name == "sp_res:pump-pressure"
    plain = http.post("/timeseries/data/list", json={"items": [{"instanceId": instance, "start": 0}]})
    assert [p["value"] for p in plain.json()["items"][0]["datapoints"]] == [1.0, 2.0]
    latest = data.latest()
    assert latest is not None
    assert latest.value == 2.0


def test_errors_are_one_line_cdf_errors(client: InstanceClient) -> None:
    missing = TimeSeriesRef("no-such-series", client)
    with pytest.raises(CDFAPIError) as caught:
        missing.retrieve(0, T0)
    assert caught.value.missing == [{"externalId": "no-such-series"}]
    with pytest.raises(CDFError, match="not bound to a client"):
        TimeSeriesRef("x").retrieve()
    with pytest.raises(ValueError, match=r"end \(\d+\) must be after start"):
        missing.retrieve(T0, T0)
    with pytest.raises(ValueError, match="pair"):
        missing.insert([(T0,)])  # type: ignore[list-item]


def test_reference_is_still_its_external_id(client: InstanceClient) -> None:
    ref = TimeSeriesRef("abc", client)
    assert ref == "abc"
    assert isinstance(ref, str)
    assert hash(ref) == hash("abc")
    assert repr(ref) == "TimeSeriesRef('abc')"
    assert TimeSeriesRef("abc").bind(client)._client() is client


def test_to_pandas_indexes_by_utc_time(client: InstanceClient, http: httpx.Client) -> None:
    ref = TimeSeriesRef(_series(http), client)
    ref.insert([(T0 + i * MINUTE, float(i)) for i in range(120)])
    frame = ref.retrieve(T0, T0 + 120 * MINUTE).to_pandas()
    assert list(frame.columns) == [str(ref)]
    assert frame.index[0].value // 1_000_000 == T0
    assert str(frame.index.tz) == "UTC"
    assert frame[str(ref)].sum() == sum(range(120))
    buckets = ref.retrieve(T0, T0 + 120 * MINUTE, aggregates=["min", "max"], granularity="1h").to_pandas()
    assert list(buckets.columns) == ["min", "max"]
    html = ref.retrieve(T0, T0 + 120 * MINUTE)._repr_html_()
    assert "… 100 more rows …" in html
    assert html.count("<tr>") == 22


def test_a_server_answering_json_is_read_as_well(
    client: InstanceClient, http: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server (or proxy) that ignores ``Accept: application/protobuf`` gets its JSON read instead."""
    ref = TimeSeriesRef(_series(http), client)
    ref.insert([(T0 + i, 0.5 * i) for i in range(1, 6)])
    text = TimeSeriesRef(_series(http, is_string=True), client)
    text.insert([(T0, "a"), (T0 + 1, "b")])
    original = client._http.post_response

    def json_only(path: str, json: Any, params: Any = None, *, accept: str | None = None) -> httpx.Response:
        return original(path, json, params)

    monkeypatch.setattr(client._http, "post_response", json_only)
    got = ref.retrieve(0, T0 + 10)
    assert list(got.timestamps) == [T0 + i for i in range(1, 6)]
    assert list(got.values or []) == [0.5 * i for i in range(1, 6)]
    assert got.unit == "m"
    assert text.retrieve(0, T0 + 2).values == ["a", "b"]
