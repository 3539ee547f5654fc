"""list (sort, nulls, cursors), search and aggregate, checked against values computed from raw Omni JSON."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import pytest

from pygen_core.emulator._errors import DMSError
from pygen_core.emulator._instances import InstanceStore

from .helpers import SP, prop, raw_props, view, xids


def rows(instances: list[dict[str, Any]], xid: str) -> dict[str, dict[str, Any]]:
    return {
        i["externalId"]: raw_props(i, xid) for i in instances if f"{xid}/1" in i["properties"].get(SP, {})
    }


def test_list_pages_with_cursor_cover_everything_once(
    store: InstanceStore, omni_instances: list[dict[str, Any]]
) -> None:
    seen: list[str] = []
    body: dict[str, Any] = {"limit": 7}
    pages = 0
    while True:
        out = store.list(body)
        pages += 1
        seen.extend(xids(out))
        if out["nextCursor"] is None:
            break
        body["cursor"] = out["nextCursor"]
    assert sorted(seen) == sorted(i["externalId"] for i in omni_instances)
    assert len(seen) == len(set(seen))
    assert pages == math.ceil(len(omni_instances) / 7)


def test_list_sort_descending_with_nulls_first_and_last(
    store: InstanceStore, omni_instances: list[dict[str, Any]]
) -> None:
    data = rows(omni_instances, "PrimitiveNullable")
    base = {"filter": {"hasData": [view("PrimitiveNullable")]}}
    key = prop("PrimitiveNullable", "int64")
    with_value = sorted(
        (x for x in data if data[x].get("int64") is not None), key=lambda x: -data[x]["int64"]
    )
    nulls = {x for x in data if data[x].get("int64") is None}
    assert nulls, "the Omni data has null int64 values in PrimitiveNullable"
    first = xids(
        store.list({**base, "sort": [{"property": key, "direction": "descending", "nullsFirst": True}]})
    )
    assert set(first[: len(nulls)]) == nulls
    assert first[len(nulls) :] == with_value
    last = xids(
        store.list({**base, "sort": [{"property": key, "direction": "descending", "nullsFirst": False}]})
    )
    assert last[: len(with_value)] == with_value
    ascending = xids(store.list({**base, "sort": [{"property": key}]}))
    assert ascending[: len(with_value)] == list(reversed(with_value))


def test_sorted_pages_follow_the_cursor(store: InstanceStore) -> None:
    body: dict[str, Any] = {
        "sort": [{"property": ["node", "externalId"], "direction": "descending"}],
        "limit": 20,
    }
    collected: list[str] = []
    while True:
        out = store.list(body)
        collected.extend(xids(out))
        if out["nextCursor"] is None:
            break
        body["cursor"] = out["nextCursor"]
    assert collected == sorted(collected, reverse=True)
    with pytest.raises(DMSError, match="cursor"):
        store.list({"cursor": "not-a-cursor!"})


def test_list_limit_bounds(store: InstanceStore) -> None:
    for bad in (0, 1001, "5"):
        with pytest.raises(DMSError, match="limit"):
            store.list({"limit": bad})


def test_list_properties_only_for_requested_sources(store: InstanceStore) -> None:
    out = store.list(
        {
            "filter": {"hasData": [view("Implementation1")]},
            "sources": [{"source": view("MainInterface")}],
            "includeTyping": True,
        }
    )
    assert out["items"]
    for item in out["items"]:
        assert set(item["properties"][SP]) == {"MainInterface/1"}
        assert set(item["properties"][SP]["MainInterface/1"]) <= {"mainValue"}
    assert set(out["typing"][SP]["MainInterface/1"]) == {"mainValue"}


def test_search_and_or_and_property_restriction(
    store: InstanceStore, omni_instances: list[dict[str, Any]]
) -> None:
    data = rows(omni_instances, "PrimitiveRequired")
    x, v = next(iter(data.items()))
    words = v["text"].split()
    first, second = words[0].lower(), words[1].lower().strip(".")
    both = store.search({"view": view("PrimitiveRequired"), "query": f"{first} {second}", "operator": "AND"})
    assert x in xids(both)
    assert all(first in i["properties"][SP]["PrimitiveRequired/1"]["text"].lower() for i in both["items"])
    none = store.search({"view": view("PrimitiveRequired"), "query": f"{first} qqqqzzz", "operator": "AND"})
    assert xids(none) == []
    either = store.search({"view": view("PrimitiveRequired"), "query": f"{first} qqqqzzz", "operator": "OR"})
    assert x in xids(either)
    # CDF's default operator is OR
    assert xids(store.search({"view": view("PrimitiveRequired"), "query": f"{first} qqqqzzz"})) == xids(
        either
    )
    with pytest.raises(DMSError, match="not a text property"):
        store.search({"view": view("PrimitiveRequired"), "query": "a", "properties": ["int32"]})
    everything = store.search({"view": view("PrimitiveRequired"), "limit": 2})
    assert len(everything["items"]) == 2


def test_aggregates_match_independent_computation(
    store: InstanceStore, omni_instances: list[dict[str, Any]]
) -> None:
    data = rows(omni_instances, "PrimitiveNullable")
    floats = [v["float64"] for v in data.values() if v.get("float64") is not None]
    ints = [v["int32"] for v in data.values() if v.get("int32") is not None]
    first = store.aggregate(
        {
            "view": view("PrimitiveNullable"),
            "aggregates": [
                {"count": {"property": "externalId"}},
                {"count": {"property": "int32"}},
                {"sum": {"property": "int32"}},
                {"avg": {"property": "float64"}},
            ],
        }
    )
    second = store.aggregate(
        {
            "view": view("PrimitiveNullable"),
            "aggregates": [{"min": {"property": "int32"}}, {"max": {"property": "float64"}}],
        }
    )
    values = [a["value"] for out in (first, second) for a in out["items"][0]["aggregates"]]
    assert values[0] == len(data)
    assert values[1] == len(ints)
    assert values[2] == sum(ints)
    assert values[3] == pytest.approx(sum(floats) / len(floats))
    assert values[4] == min(ints)
    assert values[5] == max(floats)
    assert "group" not in first["items"][0]
    with pytest.raises(DMSError, match="at most 5"):
        store.aggregate({"view": view("PrimitiveNullable"), "aggregates": [{"count": {}}] * 6})


def test_histogram_matches_independent_buckets(
    store: InstanceStore, omni_instances: list[dict[str, Any]]
) -> None:
    data = rows(omni_instances, "PrimitiveRequired")
    expected = Counter(math.floor(v["float32"] / 250) * 250.0 for v in data.values())
    out = store.aggregate(
        {
            "view": view("PrimitiveRequired"),
            "aggregates": [{"histogram": {"property": "float32", "interval": 250}}],
        }
    )
    hist = out["items"][0]["aggregates"][0]
    assert hist["interval"] == 250.0
    # every bucket from the lowest to the highest value, empty ones included
    low, high = min(expected), max(expected)
    every = {low + 250.0 * n: expected.get(low + 250.0 * n, 0) for n in range(int((high - low) / 250) + 1)}
    assert {b["start"]: b["count"] for b in hist["buckets"]} == every
    assert [b["start"] for b in hist["buckets"]] == sorted(every)
    assert sum(b["count"] for b in hist["buckets"]) == len(data)


def test_group_by_and_unique_values(store: InstanceStore, omni_instances: list[dict[str, Any]]) -> None:
    data = rows(omni_instances, "PrimitiveRequired")
    counts = Counter(v["boolean"] for v in data.values())
    out = store.aggregate(
        {
            "view": view("PrimitiveRequired"),
            "groupBy": ["boolean"],
            "aggregates": [{"count": {"property": "externalId"}}],
        }
    )
    got = {item["group"]["boolean"]: item["aggregates"][0]["value"] for item in out["items"]}
    assert got == dict(counts)
    unique = store.aggregate({"view": view("PrimitiveRequired"), "groupBy": ["boolean"]})
    assert {item["group"]["boolean"] for item in unique["items"]} == set(counts)
    assert all(item["aggregates"] == [] for item in unique["items"])


def test_aggregate_with_filter_and_bad_requests(
    store: InstanceStore, omni_instances: list[dict[str, Any]]
) -> None:
    data = rows(omni_instances, "PrimitiveRequired")
    positive = [v["int64"] for v in data.values() if v["int64"] > 0]
    out = store.aggregate(
        {
            "view": view("PrimitiveRequired"),
            "aggregates": [{"sum": {"property": "int64"}}],
            "filter": {"range": {"property": prop("PrimitiveRequired", "int64"), "gt": 0}},
        }
    )
    assert out["items"][0]["aggregates"][0]["value"] == sum(positive)
    with pytest.raises(DMSError, match="not a single-valued numeric"):
        store.aggregate({"view": view("PrimitiveRequired"), "aggregates": [{"avg": {"property": "text"}}]})
    with pytest.raises(DMSError, match="unknown aggregate 'median'"):
        store.aggregate(
            {"view": view("PrimitiveRequired"), "aggregates": [{"median": {"property": "int32"}}]}
        )
    with pytest.raises(DMSError, match="view"):
        store.aggregate({"aggregates": [{"count": {}}]})


def test_sort_on_list_and_json_properties_is_deterministic(store: InstanceStore) -> None:
    base = {"filter": {"hasData": [view("PrimitiveNullableListed")]}}
    for name in ("json", "int32", "timestamp"):
        body = {**base, "sort": [{"property": prop("PrimitiveNullableListed", name)}]}
        first, second = xids(store.list(body)), xids(store.list(body))
        assert first == second
        assert len(first) == len(xids(store.list(base)))


def test_search_with_filter_sort_and_aggregate_with_query(
    store: InstanceStore, omni_instances: list[dict[str, Any]]
) -> None:
    data = rows(omni_instances, "PrimitiveRequired")
    x, v = next(iter(data.items()))
    word = v["text"].split()[0].lower()
    matching = {y for y, w in data.items() if any(t.lower().startswith(word) for t in w["text"].split())}
    assert x in matching
    out = store.search(
        {
            "view": view("PrimitiveRequired"),
            "query": word,
            "sort": [{"property": prop("PrimitiveRequired", "int32"), "direction": "descending"}],
        }
    )
    assert xids(out) == sorted(matching, key=lambda y: -data[y]["int32"])
    filtered = store.search(
        {
            "view": view("PrimitiveRequired"),
            "query": word,
            "filter": {"not": {"equals": {"property": ["node", "externalId"], "value": x}}},
        }
    )
    assert set(xids(filtered)) == matching - {x}
    counted = store.aggregate(
        {
            "view": view("PrimitiveRequired"),
            "query": word,
            "aggregates": [{"count": {"property": "externalId"}}],
        }
    )
    assert counted["items"][0]["aggregates"][0]["value"] == len(matching)
