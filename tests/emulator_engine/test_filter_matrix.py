"""Every DMS filter, a positive and a negative case, through list, search, aggregate and query alike;
property-reference values, parameters, and the filter limits."""

from __future__ import annotations

from typing import Any

import pytest

from pygen_core.emulator._errors import DMSError
from pygen_core.emulator._instances import InstanceStore

from .helpers import pump_view

P = ["test", "Pump/v1"]
ALL = {"a", "b", "c", "oslo", "bergen"}


def prop(name: str) -> list[str]:
    return [*P, name]


def site(xid: str) -> dict[str, str]:
    return {"space": "test", "externalId": xid}


@pytest.fixture
def pumps(empty_store: InstanceStore) -> InstanceStore:
    rows = {
        "oslo": {"name": "oslo"},
        "bergen": {"name": "bergen"},
        "a": {
            "name": "alpha",
            "status": "running",
            "site": site("oslo"),
            "start": "2024-01-01T00:00:00Z",
            "end": "2024-01-31T00:00:00Z",
            "tags": ["x", "y"],
            "levels": [1, 2, 3],
            "size": 1.5,
            "born": "2020-01-01",
            "meta": {"k": 1},
            "serial": "alpha",
        },
        "b": {
            "name": "beta",
            "status": "stopped",
            "site": site("bergen"),
            "start": "2024-03-01T00:00:00Z",
            "tags": ["y"],
            "levels": [3],
            "size": 2.5,
            "born": "2021-06-01",
            "serial": "b-1",
        },
        "c": {"name": "gamma", "levels": []},
    }
    empty_store.apply(
        {
            "items": [
                {
                    "instanceType": "node",
                    "space": "test",
                    "externalId": xid,
                    "sources": [{"source": pump_view(), "properties": values}],
                }
                for xid, values in rows.items()
            ]
        }
    )
    return empty_store


def everywhere(store: InstanceStore, flt: dict[str, Any], *, search: bool = True) -> dict[str, set[str]]:
    """What ``flt`` matches through list, search, aggregate (as a count) and query."""
    found = {
        "list": {
            i["externalId"]
            for i in store.list({"filter": flt, "sources": [{"source": pump_view()}]})["items"]
        },
        "query": {
            i["externalId"]
            for i in store.query(
                {
                    "with": {"s": {"nodes": {"filter": {"and": [{"hasData": [pump_view()]}, flt]}}}},
                    "select": {"s": {}},
                }
            )["items"]["s"]
        },
    }
    if search:
        found["search"] = {
            i["externalId"] for i in store.search({"view": pump_view(), "filter": flt})["items"]
        }
    counted = store.aggregate({"view": pump_view(), "filter": flt, "aggregates": [{"count": {}}]})
    found["aggregate"] = set(sorted(found["list"])[: counted["items"][0]["aggregates"][0]["value"]])
    return found


CASES: list[tuple[str, dict[str, Any], set[str], dict[str, Any]]] = [
    (
        "equals",
        {"equals": {"property": prop("name"), "value": "alpha"}},
        {"a"},
        {"equals": {"property": prop("name"), "value": "zeta"}},
    ),
    (
        "equals-direct",
        {"equals": {"property": prop("site"), "value": site("oslo")}},
        {"a"},
        {"equals": {"property": prop("site"), "value": site("nowhere")}},
    ),
    (
        "equals-json",
        {"equals": {"property": prop("meta"), "value": {"k": 1}}},
        {"a"},
        {"equals": {"property": prop("meta"), "value": {"k": 2}}},
    ),
    (
        "in",
        {"in": {"property": prop("status"), "values": ["running", "stopped"]}},
        {"a", "b"},
        {"in": {"property": prop("status"), "values": ["paused"]}},
    ),
    (
        "in-list",
        {"in": {"property": prop("levels"), "values": [2, 9]}},
        {"a"},
        {"in": {"property": prop("levels"), "values": [9]}},
    ),
    (
        "range-number",
        {"range": {"property": prop("size"), "gt": 2, "lte": 2.5}},
        {"b"},
        {"range": {"property": prop("size"), "gt": 100}},
    ),
    (
        "range-timestamp",
        {"range": {"property": prop("start"), "gte": "2024-02-01T01:00:00+01:00"}},
        {"b"},
        {"range": {"property": prop("start"), "lt": 631152000000}},  # epoch ms: 1990-01-01
    ),
    (
        "range-date",
        {"range": {"property": prop("born"), "lt": "2021-01-01"}},
        {"a"},
        {"range": {"property": prop("born"), "gt": "2030-01-01"}},
    ),
    (
        "range-metadata",
        {"range": {"property": ["node", "version"], "gte": 1}},
        ALL,
        {"range": {"property": ["node", "createdTime"], "lt": "2000-01-01T00:00:00Z"}},
    ),
    (
        "prefix",
        {"prefix": {"property": prop("name"), "value": "al"}},
        {"a"},
        {"prefix": {"property": prop("name"), "value": "zz"}},
    ),
    (
        "prefix-list",
        {"prefix": {"property": prop("tags"), "value": ["x"]}},
        {"a"},
        {"prefix": {"property": prop("tags"), "value": ["x", "z"]}},
    ),
    (
        "exists",
        {"exists": {"property": prop("end")}},
        {"a"},
        {"exists": {"property": ["node", "deletedTime"]}},
    ),
    (
        "containsAny",
        {"containsAny": {"property": prop("tags"), "values": ["x", "z"]}},
        {"a"},
        {"containsAny": {"property": prop("tags"), "values": ["z"]}},
    ),
    (
        "containsAll",
        {"containsAll": {"property": prop("levels"), "values": [1, 3]}},
        {"a"},
        {"containsAll": {"property": prop("levels"), "values": [1, 4]}},
    ),
    (
        "nested",
        {
            "nested": {
                "scope": prop("site"),
                "filter": {"equals": {"property": prop("name"), "value": "oslo"}},
            }
        },
        {"a"},
        {
            "nested": {
                "scope": prop("site"),
                "filter": {"equals": {"property": prop("name"), "value": "rome"}},
            }
        },
    ),
    (
        "instanceReferences",
        {"instanceReferences": [site("a"), site("ghost")]},
        {"a"},
        {"instanceReferences": [site("ghost")]},
    ),
    (
        "hasData",
        {"hasData": [{"type": "container", "space": "test", "externalId": "Pump"}]},
        ALL,
        {"hasData": [{"type": "container", "space": "test", "externalId": "Flow"}]},
    ),
    ("matchAll", {"matchAll": {}}, ALL, {"not": {"matchAll": {}}}),
    (
        "and-or-not",
        {
            "or": [
                {
                    "and": [
                        {"exists": {"property": prop("tags")}},
                        {"not": {"exists": {"property": prop("end")}}},
                    ]
                },
                {"equals": {"property": ["node", "externalId"], "value": "c"}},
            ]
        },
        {"b", "c"},
        {"and": [{"exists": {"property": prop("tags")}}, {"not": {"exists": {"property": prop("tags")}}}]},
    ),
    (
        "property-reference",
        {"equals": {"property": prop("name"), "value": {"property": prop("serial")}}},
        {"a"},
        {"range": {"property": prop("start"), "gt": {"property": prop("end")}}},
    ),
]


@pytest.mark.parametrize(("flt", "expected", "negative"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_filter_positive_and_negative_on_every_endpoint(
    pumps: InstanceStore, flt: dict[str, Any], expected: set[str], negative: dict[str, Any]
) -> None:
    for endpoint, got in everywhere(pumps, flt).items():
        assert got == expected, endpoint
    for endpoint, got in everywhere(pumps, negative).items():
        assert got == set(), endpoint


def test_overlaps_positive_and_negative_and_refused_by_search(pumps: InstanceStore) -> None:
    def overlaps(**bounds: str) -> dict[str, Any]:
        return {"overlaps": {"startProperty": prop("start"), "endProperty": prop("end"), **bounds}}

    for endpoint, got in everywhere(
        pumps, overlaps(gte="2024-01-15T00:00:00Z", lte="2024-02-15T00:00:00Z"), search=False
    ).items():
        assert got == {"a"}, endpoint
    for endpoint, got in everywhere(pumps, overlaps(gte="2024-06-01T00:00:00Z"), search=False).items():
        assert got == {"b"}, endpoint  # b has no end: it is still going on
    for endpoint, got in everywhere(pumps, overlaps(lte="2023-01-01T00:00:00Z"), search=False).items():
        assert got == set(), endpoint
    with pytest.raises(DMSError, match=r"filter.overlaps: overlaps is not available for search requests"):
        pumps.search({"view": pump_view(), "filter": overlaps(gte="2024-01-01T00:00:00Z")})


@pytest.mark.parametrize(
    ("flt", "fragment"),
    [
        ({"range": {"property": prop("size"), "gt": 1, "gte": 1}}, "give either gt or gte, not both"),
        ({"range": {"property": prop("size")}}, "range needs at least one of"),
        ({"range": {"property": prop("meta"), "gt": 1}}, "not supported on json properties"),
        ({"containsAny": {"property": prop("name"), "values": ["x"]}}, "is not a list property"),
        ({"prefix": {"property": prop("size"), "value": "1"}}, "prefix needs a text or list property"),
        ({"prefix": {"property": prop("tags"), "value": "x"}}, "expected a list for the list property"),
        ({"in": {"property": prop("name"), "values": ["x"] * 1001}}, "at most 1000 values"),
        ({"in": {"property": prop("name"), "values": "x"}}, "expected a list of values"),
        ({"nested": {"scope": prop("name"), "filter": {"matchAll": {}}}}, "nested needs a direct relation"),
        ({"and": []}, "expected a non-empty list of filters"),
        (
            {"equals": {"property": prop("name"), "value": {"parameter": "p"}}},
            "parameters can only be used in query",
        ),
        ({"hasData": [pump_view()] * 11}, "at most 10 references"),
        ({"equals": {"property": ["node", "startNode"], "value": site("a")}}, "unknown instance property"),
        ({"equals": {"property": prop("born"), "value": "2021-13-01"}}, "expected a date"),
        (
            {"equals": {"property": prop("site"), "value": {"space": "1bad", "externalId": "x"}}},
            "node reference",
        ),
    ],
)
def test_bad_filters_are_400s_naming_the_path(
    pumps: InstanceStore, flt: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(DMSError, match=fragment) as info:
        pumps.list({"filter": flt})
    assert info.value.status == 400
    assert info.value.message.startswith("filter")


def test_filter_depth_and_size_limits(pumps: InstanceStore) -> None:
    deep: dict[str, Any] = {"matchAll": {}}
    for _ in range(30):
        deep = {"not": deep}
    assert pumps.list({"filter": {"not": deep}})["items"] == []  # 32 levels (leaf included): allowed
    with pytest.raises(DMSError, match="filters nest deeper than 32 levels"):
        pumps.list({"filter": {"not": {"not": deep}}})
    wide = {"or": [{"equals": {"property": prop("name"), "value": f"n{n}"}} for n in range(5000)]}
    with pytest.raises(DMSError, match="too large"):
        pumps.list({"filter": wide})
    wide["or"] = wide["or"][:4000]
    assert pumps.list({"filter": wide})["items"] == []


def test_parameters_in_query_filters_are_typed(pumps: InstanceStore) -> None:
    body = {
        "with": {
            "s": {"nodes": {"filter": {"range": {"property": prop("size"), "gt": {"parameter": "min"}}}}}
        },
        "select": {"s": {}},
        "parameters": {"min": 2},
    }
    assert [i["externalId"] for i in pumps.query(body)["items"]["s"]] == ["b"]
    with pytest.raises(DMSError, match="expected a number"):
        pumps.query(body | {"parameters": {"min": "two"}})
    with pytest.raises(DMSError, match="parameter 'min' is not given"):
        pumps.query(body | {"parameters": {}})
