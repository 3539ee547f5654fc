"""``/timeseries`` and ``/timeseries/data`` over real HTTP: CDF's shapes, limits and errors.

Expected values are computed here from the inserted points, independently of the emulator.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from cognite.client._proto.data_point_list_response_pb2 import DataPointListResponse

from pygen_core.emulator import Emulator
from tests._models import model_path

from .conftest import api_client

T0 = 1_700_000_000_000  # 2023-11-14T22:13:20Z
MINUTE = 60_000
CORE = model_path("CogniteCore.json")


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(snapshots=[CORE]) as emulator:
        yield emulator


@pytest.fixture
def client(emu: Emulator) -> Iterator[httpx.Client]:
    with api_client(emu) as http:
        yield http


_counter = iter(range(10**6))


def _series(client: httpx.Client, *, is_string: bool = False, is_step: bool = False, **extra: Any) -> str:
    xid = f"ts-{next(_counter)}"
    item = {"externalId": xid, "name": xid, "isString": is_string, "isStep": is_step, **extra}
    response = client.post("/timeseries", json={"items": [item]})
    assert response.status_code == 201, response.text
    return xid


def _insert(client: httpx.Client, xid: str, points: list[tuple[int, Any]]) -> None:
    for chunk in range(0, len(points), 100_000):
        body = {
            "items": [
                {
                    "externalId": xid,
                    "datapoints": [{"timestamp": t, "value": v} for t, v in points[chunk : chunk + 100_000]],
                }
            ]
        }
        response = client.post("/timeseries/data", json=body)
        assert response.status_code == 200, response.text
        assert response.json() == {}


def _retrieve(client: httpx.Client, **item: Any) -> dict[str, Any]:
    response = client.post("/timeseries/data/list", json={"items": [item]})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert len(items) == 1
    return items[0]


def _error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == status
    return error


# -- time series metadata ----------------------------------------------------------------------------
def test_create_retrieve_update_list_delete(client: httpx.Client) -> None:
    created = client.post(
        "/timeseries",
        json={"items": [{"externalId": "meta-a", "name": "A", "unit": "bar", "metadata": {"site": "north"}}]},
    ).json()["items"][0]
    assert created["externalId"] == "meta-a"
    assert created["isString"] is False
    assert created["isStep"] is False
    assert created["type"] == "numeric"
    assert created["metadata"] == {"site": "north"}
    assert isinstance(created["id"], int)
    assert created["createdTime"] == created["lastUpdatedTime"]

    by_id = client.post("/timeseries/byids", json={"items": [{"id": created["id"]}]}).json()["items"]
    assert by_id == [created]

    updated = client.post(
        "/timeseries/update",
        json={
            "items": [
                {
                    "externalId": "meta-a",
                    "update": {
                        "name": {"set": "A2"},
                        "unit": {"setNull": True},
                        "metadata": {"add": {"x": "1"}},
                    },
                }
            ]
        },
    ).json()["items"][0]
    assert updated["name"] == "A2"
    assert "unit" not in updated
    assert updated["metadata"] == {"site": "north", "x": "1"}

    listed = client.post("/timeseries/list", json={"filter": {"metadata": {"x": "1"}}, "limit": 1000}).json()
    assert [item["externalId"] for item in listed["items"]] == ["meta-a"]

    assert client.post("/timeseries/delete", json={"items": [{"externalId": "meta-a"}]}).json() == {}
    error = _error(client.post("/timeseries/byids", json={"items": [{"externalId": "meta-a"}]}), 400)
    assert error["missing"] == [{"externalId": "meta-a"}]
    ignored = client.post(
        "/timeseries/byids", json={"items": [{"externalId": "meta-a"}], "ignoreUnknownIds": True}
    ).json()
    assert ignored == {"items": []}


def test_create_conflicts_and_bad_fields(client: httpx.Client) -> None:
    xid = _series(client)
    error = _error(client.post("/timeseries", json={"items": [{"externalId": xid}]}), 409)
    assert error["duplicated"] == [{"externalId": xid}]
    error = _error(
        client.post("/timeseries", json={"items": [{"externalId": "d"}, {"externalId": "d"}]}), 422
    )
    assert error["duplicated"] == [{"externalId": "d"}]
    error = _error(client.post("/timeseries", json={"items": [{"externalId": "x", "colour": "red"}]}), 400)
    assert "items[0].colour" in error["message"]
    error = _error(client.post("/timeseries", json={"items": [{"name": "n" * 256}]}), 400)
    assert "items[0].name" in error["message"]


def test_list_pages_with_cursor_and_get(client: httpx.Client) -> None:
    made = {_series(client, unit="page-test") for _ in range(5)}
    seen: list[str] = []
    cursor = None
    while True:
        body: dict[str, Any] = {"filter": {"unit": "page-test"}, "limit": 2}
        if cursor:
            body["cursor"] = cursor
        page = client.post("/timeseries/list", json=body).json()
        assert len(page["items"]) <= 2
        seen += [item["externalId"] for item in page["items"]]
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(made)
    assert len(seen) == len(set(seen))
    assert client.get("/timeseries", params={"limit": 3}).json()["items"]
    _error(client.post("/timeseries/list", json={"limit": 1001}), 400)
    _error(client.post("/timeseries/list", json={"filter": {"colour": "red"}}), 400)


# -- datapoints: raw ------------------------------------------------------------------------------------
def test_raw_round_trip_with_start_end_limit_and_cursor(client: httpx.Client) -> None:
    xid = _series(client)
    points = [(T0 + i * 1000, i * 0.5 - 3.25) for i in range(2500)]
    _insert(client, xid, points)

    got = _retrieve(client, externalId=xid, start=T0 + 1000, end=T0 + 4000, limit=100)
    assert [(p["timestamp"], p["value"]) for p in got["datapoints"]] == points[1:4]  # start in, end out
    assert "nextCursor" not in got
    assert got["isString"] is False
    assert got["type"] == "numeric"

    collected: list[tuple[int, float]] = []
    cursor = None
    pages = 0
    while True:
        item: dict[str, Any] = {"externalId": xid, "start": 0, "end": T0 + 10**9, "limit": 1000}
        if cursor:
            item["cursor"] = cursor
        page = _retrieve(client, **item)
        collected += [(p["timestamp"], p["value"]) for p in page["datapoints"]]
        pages += 1
        cursor = page.get("nextCursor")
        if not cursor:
            break
    assert collected == points
    assert pages == 3

    default = _retrieve(client, externalId=xid, start=0, end=T0 + 10**9)
    assert len(default["datapoints"]) == 100  # CDF's default limit
    assert "nextCursor" in default


def test_outside_points_and_limit_zero(client: httpx.Client) -> None:
    xid = _series(client)
    _insert(client, xid, [(T0 + i * 10, float(i)) for i in range(10)])
    got = _retrieve(client, externalId=xid, start=T0 + 25, end=T0 + 55, includeOutsidePoints=True)
    assert [p["timestamp"] for p in got["datapoints"]] == [T0 + 20, T0 + 30, T0 + 40, T0 + 50, T0 + 60]
    only = _retrieve(client, externalId=xid, start=T0 + 25, end=T0 + 55, includeOutsidePoints=True, limit=0)
    assert [p["timestamp"] for p in only["datapoints"]] == [T0 + 20, T0 + 60]
    none = _retrieve(client, externalId=xid, start=T0 + 25, end=T0 + 55, limit=0)
    assert none["datapoints"] == []


def test_string_series_and_overwrite(client: httpx.Client) -> None:
    xid = _series(client, is_string=True)
    _insert(client, xid, [(T0, "open"), (T0 + 1, "closed"), (T0 + 2, 'quote " and \\ é')])
    _insert(client, xid, [(T0 + 1, "half")])  # same timestamp: overwritten
    got = _retrieve(client, externalId=xid, start=T0, end=T0 + 10)
    assert [p["value"] for p in got["datapoints"]] == ["open", "half", 'quote " and \\ é']
    assert got["isString"] is True
    assert got["type"] == "string"
    error = _error(
        client.post(
            "/timeseries/data",
            json={"items": [{"externalId": xid, "datapoints": [{"timestamp": T0, "value": 1.5}]}]},
        ),
        400,
    )
    assert "items[0].datapoints[0].value" in error["message"]
    error = _error(
        client.post(
            "/timeseries/data",
            json={"items": [{"externalId": xid, "datapoints": [{"timestamp": T0, "value": "x" * 256}]}]},
        ),
        400,
    )
    assert "255" in error["message"]


def test_insert_errors_name_the_json_path(client: httpx.Client) -> None:
    xid = _series(client)

    def insert(*items: dict[str, Any]) -> httpx.Response:
        return client.post("/timeseries/data", json={"items": list(items)})

    error = _error(insert({"externalId": "nope", "datapoints": [{"timestamp": T0, "value": 1}]}), 400)
    assert error["missing"] == [{"externalId": "nope"}]
    error = _error(insert({"externalId": xid, "datapoints": [{"timestamp": T0, "value": "1"}]}), 400)
    assert "items[0].datapoints[0].value" in error["message"]
    error = _error(insert({"externalId": xid, "datapoints": [{"timestamp": T0, "value": 1e101}]}), 400)
    assert "1e100" in error["message"]
    error = _error(insert({"externalId": xid, "datapoints": [{"timestamp": 4102444800000, "value": 1}]}), 400)
    assert "items[0].datapoints[0].timestamp" in error["message"]
    error = _error(insert({"externalId": xid, "datapoints": [{"timestamp": "yesterday", "value": 1}]}), 400)
    assert "timestamp" in error["message"]
    error = _error(
        insert(
            {"externalId": xid, "datapoints": [{"timestamp": T0, "value": 1}]},
            {"externalId": xid, "datapoints": [{"timestamp": T0 + 1, "value": 1}]},
        ),
        422,
    )
    assert error["duplicated"] == [{"externalId": xid}]
    too_many = [{"timestamp": T0 + i, "value": 1.0} for i in range(100_001)]
    error = _error(insert({"externalId": xid, "datapoints": too_many}), 400)
    assert "100000" in error["message"]
    error = _error(insert({"id": xid, "datapoints": [{"timestamp": T0, "value": 1}]}), 400)
    assert "items[0].id" in error["message"]
    # nothing of a failed request was written
    assert _retrieve(client, externalId=xid, start=0, end=T0 + 10**6)["datapoints"] == []


def test_retrieve_limits_and_errors(client: httpx.Client) -> None:
    xid = _series(client)
    items = [{"externalId": xid} for _ in range(101)]
    error = _error(client.post("/timeseries/data/list", json={"items": items}), 400)
    assert "100" in error["message"]
    error = _error(
        client.post(
            "/timeseries/data/list",
            json={"items": [{"externalId": xid, "limit": 60_000}, {"externalId": xid, "limit": 40_001}]},
        ),
        400,
    )
    assert "100000" in error["message"]
    ok = client.post(
        "/timeseries/data/list",
        json={"items": [{"externalId": xid, "limit": 60_000}, {"externalId": xid, "limit": 40_000}]},
    )
    assert ok.status_code == 200
    aggregates = {"aggregates": ["average"], "granularity": "1h"}
    error = _error(
        client.post(
            "/timeseries/data/list",
            json={
                "items": [
                    {"externalId": xid, "limit": 10_000, **aggregates},
                    {"externalId": xid, **aggregates},
                ]
            },
        ),
        400,
    )
    assert "10000" in error["message"]
    error = _error(client.post("/timeseries/data/list", json={"items": [{"externalId": "nope"}]}), 400)
    assert error["missing"] == [{"externalId": "nope"}]
    ignored = client.post(
        "/timeseries/data/list",
        json={"items": [{"externalId": "nope"}, {"externalId": xid}], "ignoreUnknownIds": True},
    ).json()
    assert [item["externalId"] for item in ignored["items"]] == [xid]
    for item, where in (
        ({"externalId": xid, "aggregates": ["average"]}, "granularity"),
        ({"externalId": xid, "aggregates": ["median"], "granularity": "1h"}, "aggregates"),
        ({"externalId": xid, "aggregates": ["average"], "granularity": "121s"}, "granularity"),
        ({"externalId": xid, "aggregates": ["average"], "granularity": "1fortnight"}, "granularity"),
        ({"externalId": xid, "start": 10, "end": 5}, "end"),
        ({"externalId": xid, "targetUnit": "temperature:deg_f"}, "targetUnit"),
        ({"externalId": xid, "cursor": "garbage!"}, "cursor"),
    ):
        error = _error(client.post("/timeseries/data/list", json={"items": [item]}), 400)
        assert f"items[0].{where}" in error["message"], error["message"]


def test_top_level_defaults_apply_to_items(client: httpx.Client) -> None:
    xid = _series(client)
    _insert(client, xid, [(T0 + i, float(i)) for i in range(50)])
    response = client.post(
        "/timeseries/data/list",
        json={
            "items": [{"externalId": xid}, {"externalId": xid, "limit": 3}],
            "start": T0 + 10,
            "limit": 5,
            "end": T0 + 40,
        },
    ).json()
    assert [len(item["datapoints"]) for item in response["items"]] == [5, 3]
    assert response["items"][0]["datapoints"][0]["timestamp"] == T0 + 10


# -- datapoints: aggregates -------------------------------------------------------------------------
def _expected_buckets(points: list[tuple[int, float]], origin: int, width: int) -> dict[int, list[float]]:
    buckets: dict[int, list[float]] = {}
    for t, v in points:
        buckets.setdefault(origin + (t - origin) // width * width, []).append(v)
    return buckets


def test_aggregates_match_an_independent_computation(client: httpx.Client) -> None:
    xid = _series(client)
    points = [(T0 + i * 7_000, math.sin(i / 5) * 10 + i % 3) for i in range(600)]
    _insert(client, xid, points)
    names = ["average", "min", "max", "count", "sum", "discreteVariance", "totalVariation"]
    got = _retrieve(
        client,
        externalId=xid,
        start=T0,
        end=T0 + 600 * 7_000,
        aggregates=names,
        granularity="5m",
        limit=10_000,
    )
    origin = T0 - T0 % MINUTE  # start is floored to the unit (a minute), buckets are 5 minutes wide
    expected = _expected_buckets(points, origin, 5 * MINUTE)
    assert [p["timestamp"] for p in got["datapoints"]] == sorted(expected)
    for point in got["datapoints"]:
        values = expected[point["timestamp"]]
        assert point["count"] == len(values)
        assert isinstance(point["count"], int)
        assert point["average"] == pytest.approx(statistics.fmean(values))
        assert point["min"] == pytest.approx(min(values))
        assert point["max"] == pytest.approx(max(values))
        assert point["sum"] == pytest.approx(sum(values))
        assert point["discreteVariance"] == pytest.approx(statistics.pvariance(values), abs=1e-9)
        variation = sum(abs(b - a) for a, b in itertools.pairwise(values))
        assert point["totalVariation"] == pytest.approx(variation)


def test_interpolation_and_step_interpolation(client: httpx.Client) -> None:
    linear = _series(client)
    step = _series(client, is_step=True)
    hour = 60 * MINUTE
    points = [
        (T0 - T0 % hour + 30 * MINUTE, 10.0),
        (T0 - T0 % hour + 90 * MINUTE, 20.0),
        (T0 - T0 % hour + 150 * MINUTE, 40.0),
    ]
    _insert(client, linear, points)
    _insert(client, step, points)
    start = T0 - T0 % hour
    for xid, second in ((linear, 15.0), (step, 10.0)):
        got = _retrieve(
            client,
            externalId=xid,
            start=start,
            end=start + 3 * hour,
            aggregates=["interpolation", "stepInterpolation"],
            granularity="1h",
        )
        by_time = {p["timestamp"]: p for p in got["datapoints"]}
        assert "interpolation" not in by_time[start]  # nothing before the first bucket's start
        assert by_time[start + hour]["interpolation"] == pytest.approx(second)
        assert by_time[start + hour]["stepInterpolation"] == 10.0
        assert by_time[start + 2 * hour]["stepInterpolation"] == 20.0


def test_aggregate_cursor_pages_and_months(client: httpx.Client) -> None:
    xid = _series(client)
    day = 24 * 60 * MINUTE
    points = [(T0 + i * day, float(i)) for i in range(120)]
    _insert(client, xid, points)
    pages: list[dict[str, Any]] = []
    cursor = None
    while True:
        item: dict[str, Any] = {
            "externalId": xid,
            "start": T0,
            "end": T0 + 120 * day,
            "aggregates": ["count"],
            "granularity": "1d",
            "limit": 50,
        }
        if cursor:
            item["cursor"] = cursor
        page = _retrieve(client, **item)
        pages += page["datapoints"]
        cursor = page.get("nextCursor")
        if not cursor:
            break
    assert len(pages) == 120
    assert sum(p["count"] for p in pages) == 120
    months = _retrieve(
        client, externalId=xid, start=T0, end=T0 + 120 * day, aggregates=["count", "max"], granularity="1mo"
    )
    # 2023-11-14 + 0..119 days: Nov (17 days), Dec 31, Jan 31, Feb 29, Mar 12
    assert [p["count"] for p in months["datapoints"]] == [17, 31, 31, 29, 12]
    assert months["datapoints"][0]["timestamp"] == 1698796800000  # 2023-11-01T00:00:00Z
    assert months["datapoints"][-1]["max"] == 119.0


def test_aggregates_on_string_series_are_refused(client: httpx.Client) -> None:
    xid = _series(client, is_string=True)
    error = _error(
        client.post(
            "/timeseries/data/list",
            json={"items": [{"externalId": xid, "aggregates": ["count"], "granularity": "1h"}]},
        ),
        400,
    )
    assert "string" in error["message"]


# -- protobuf ---------------------------------------------------------------------------------------
def test_protobuf_answer_matches_json(client: httpx.Client) -> None:
    numeric, text = _series(client, unit="m"), _series(client, is_string=True)
    _insert(client, numeric, [(T0 + i, i * 1.25 - 7) for i in range(300)] + [(-5000, 0.0), (T0 + 500, 0.0)])
    _insert(client, text, [(T0 + i, f"s{i}") for i in range(20)])
    body = {
        "items": [
            {"externalId": numeric, "start": -10_000, "end": T0 + 1000, "limit": 250},
            {"externalId": text, "start": T0, "end": T0 + 1000},
            {
                "externalId": numeric,
                "start": T0,
                "end": T0 + 1000,
                "aggregates": ["average", "count"],
                "granularity": "1s",
            },
        ]
    }
    as_json = client.post("/timeseries/data/list", json=body).json()["items"]
    response = client.post("/timeseries/data/list", json=body, headers={"accept": "application/protobuf"})
    assert response.headers["content-type"] == "application/protobuf"
    decoded = DataPointListResponse()
    decoded.MergeFromString(response.content)
    assert len(decoded.items) == 3
    first, second, third = decoded.items
    assert first.externalId == numeric
    assert first.unit == "m"
    assert first.id == as_json[0]["id"]
    assert [(p.timestamp, p.value) for p in first.numericDatapoints.datapoints] == [
        (p["timestamp"], p["value"]) for p in as_json[0]["datapoints"]
    ]
    assert first.numericDatapoints.datapoints[0].timestamp == -5000  # negative int64 varint
    assert first.nextCursor == as_json[0]["nextCursor"]
    assert second.isString
    assert [(p.timestamp, p.value) for p in second.stringDatapoints.datapoints] == [
        (p["timestamp"], p["value"]) for p in as_json[1]["datapoints"]
    ]
    assert [(p.timestamp, p.average, p.count) for p in third.aggregateDatapoints.datapoints] == [
        (p["timestamp"], p["average"], p["count"]) for p in as_json[2]["datapoints"]
    ]


# -- latest and delete --------------------------------------------------------------------------------
def test_latest_and_delete_ranges(client: httpx.Client) -> None:
    xid = _series(client)
    _insert(client, xid, [(T0 + i * 10, float(i)) for i in range(10)])
    latest = client.post("/timeseries/data/latest", json={"items": [{"externalId": xid}]}).json()["items"][0]
    assert latest["datapoints"] == [{"timestamp": T0 + 90, "value": 9.0}]
    before = client.post(
        "/timeseries/data/latest", json={"items": [{"externalId": xid, "before": T0 + 90}]}
    ).json()["items"][0]
    assert before["datapoints"] == [{"timestamp": T0 + 80, "value": 8.0}]  # before is exclusive
    deleted = client.post(
        "/timeseries/data/delete",
        json={
            "items": [
                {"externalId": xid, "inclusiveBegin": T0 + 20, "exclusiveEnd": T0 + 50},
                {"externalId": xid, "inclusiveBegin": T0 + 90},
            ]
        },
    )
    assert deleted.json() == {}
    left = _retrieve(client, externalId=xid, start=0, end=T0 + 1000)
    assert [p["value"] for p in left["datapoints"]] == [0.0, 1.0, 5.0, 6.0, 7.0, 8.0]
    error = _error(client.post("/timeseries/data/delete", json={"items": [{"externalId": xid}]}), 400)
    assert "items[0].inclusiveBegin" in error["message"]
    error = _error(client.post("/timeseries/data/latest", json={"items": [{"externalId": "nope"}]}), 400)
    assert error["missing"] == [{"externalId": "nope"}]


# -- status codes ---------------------------------------------------------------------------------------
def test_status_codes_filter_points_by_default(client: httpx.Client) -> None:
    xid = _series(client)
    body = {
        "items": [
            {
                "externalId": xid,
                "datapoints": [
                    {"timestamp": T0, "value": 1.0},
                    {"timestamp": T0 + 1, "value": 2.0, "status": {"symbol": "Uncertain"}},
                    {"timestamp": T0 + 2, "value": None, "status": {"code": 2147483648}},
                    {"timestamp": T0 + 3, "value": 4.0},
                ],
            }
        ]
    }
    assert client.post("/timeseries/data", json=body).status_code == 200
    default = _retrieve(client, externalId=xid, start=T0, end=T0 + 10)
    assert [p["value"] for p in default["datapoints"]] == [1.0, 4.0]
    everything = _retrieve(
        client, externalId=xid, start=T0, end=T0 + 10, ignoreBadDataPoints=False, includeStatus=True
    )
    assert everything["datapoints"] == [
        {"timestamp": T0, "value": 1.0},
        {"timestamp": T0 + 1, "value": 2.0, "status": {"code": 1073741824, "symbol": "Uncertain"}},
        {"timestamp": T0 + 2, "value": None, "status": {"code": 2147483648, "symbol": "Bad"}},
        {"timestamp": T0 + 3, "value": 4.0},
    ]
    uncertain_ok = _retrieve(client, externalId=xid, start=T0, end=T0 + 10, treatUncertainAsBad=False)
    assert [p["value"] for p in uncertain_ok["datapoints"]] == [1.0, 2.0, 4.0]
    counts = _retrieve(
        client,
        externalId=xid,
        start=T0,
        end=T0 + 10,
        granularity="1s",
        aggregates=["count", "countGood", "countUncertain", "countBad", "average"],
    )
    assert counts["datapoints"] == [
        {
            "timestamp": T0 - T0 % 1000,
            "count": 2,
            "countGood": 2,
            "countUncertain": 1,
            "countBad": 1,
            "average": 2.5,
        }
    ]
    bad = {"items": [{"externalId": xid, "datapoints": [{"timestamp": T0, "value": None}]}]}
    _error(client.post("/timeseries/data", json=bad), 400)  # null only for bad points


# -- CogniteTimeSeries nodes ------------------------------------------------------------------------------
def _node(client: httpx.Client, xid: str, ts_type: str = "numeric", **props: Any) -> None:
    body = {
        "items": [
            {
                "instanceType": "node",
                "space": "sp_ts",
                "externalId": xid,
                "sources": [
                    {
                        "source": {
                            "type": "view",
                            "space": "cdf_cdm",
                            "externalId": "CogniteTimeSeries",
                            "version": "v1",
                        },
                        "properties": {"type": ts_type, "isStep": False, **props},
                    }
                ],
            }
        ]
    }
    response = client.post("/models/instances", json=body)
    assert response.status_code == 200, response.text


def test_cognite_time_series_nodes_are_time_series(client: httpx.Client) -> None:
    _node(client, "temp", name="Temperature", sourceUnit="degC")
    instance = {"space": "sp_ts", "externalId": "temp"}
    found = client.post("/timeseries/byids", json={"items": [{"instanceId": instance}]}).json()["items"]
    assert len(found) == 1
    assert found[0]["instanceId"] == instance
    assert found[0]["name"] == "Temperature"
    assert found[0]["unit"] == "degC"
    assert found[0]["type"] == "numeric"
    assert "externalId" not in found[0]
    ts_id = found[0]["id"]
    assert client.post("/timeseries/byids", json={"items": [{"id": ts_id}]}).json()["items"] == found
    listed = client.post("/timeseries/list", json={"limit": 1000}).json()["items"]
    assert any(item.get("instanceId") == instance for item in listed)

    insert = {"items": [{"instanceId": instance, "datapoints": [{"timestamp": T0, "value": 21.5}]}]}
    assert client.post("/timeseries/data", json=insert).status_code == 200
    got = _retrieve(client, instanceId=instance, start=0, end=T0 + 1)
    assert got["instanceId"] == instance
    assert got["id"] == ts_id
    assert got["datapoints"] == [{"timestamp": T0, "value": 21.5}]
    error = _error(client.post("/timeseries/delete", json={"items": [{"instanceId": instance}]}), 400)
    assert "node" in error["message"]
    update = {"items": [{"id": ts_id, "update": {"externalId": {"set": "hijack"}}}]}
    error = _error(client.post("/timeseries/update", json=update), 400)
    assert "node" in error["message"]

    deleted = client.post("/models/instances/delete", json={"items": [{"instanceType": "node", **instance}]})
    assert deleted.status_code == 200
    error = _error(client.post("/timeseries/data/list", json={"items": [{"instanceId": instance}]}), 400)
    assert error["missing"] == [{"instanceId": instance}]
    _error(client.post("/timeseries/byids", json={"items": [{"id": ts_id}]}), 400)
    _node(client, "temp")  # the same node again is a new time series without the old points
    again = _retrieve(client, instanceId=instance, start=0, end=T0 + 1)
    assert again["datapoints"] == []
    assert again["id"] != ts_id


def test_string_nodes_and_nodes_without_time_series_data(client: httpx.Client) -> None:
    _node(client, "state", ts_type="string")
    instance = {"space": "sp_ts", "externalId": "state"}
    insert = {"items": [{"instanceId": instance, "datapoints": [{"timestamp": T0, "value": "on"}]}]}
    assert client.post("/timeseries/data", json=insert).status_code == 200
    assert _retrieve(client, instanceId=instance, start=0, end=T0 + 1)["datapoints"][0]["value"] == "on"
    plain = {
        "items": [
            {
                "instanceType": "node",
                "space": "sp_ts",
                "externalId": "asset",
                "sources": [
                    {
                        "source": {
                            "type": "view",
                            "space": "cdf_cdm",
                            "externalId": "CogniteAsset",
                            "version": "v1",
                        },
                        "properties": {"name": "not a time series"},
                    }
                ],
            }
        ]
    }
    assert client.post("/models/instances", json=plain).status_code == 200
    error = _error(
        client.post(
            "/timeseries/data/list",
            json={"items": [{"instanceId": {"space": "sp_ts", "externalId": "asset"}}]},
        ),
        400,
    )
    assert error["missing"] == [{"instanceId": {"space": "sp_ts", "externalId": "asset"}}]
