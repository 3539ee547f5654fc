"""Multi-property sort (direction, nullsFirst) on list, search and query; several aggregates per groupBy."""

from __future__ import annotations

from typing import Any

import pytest

from pygen_core.emulator._errors import DMSError
from pygen_core.emulator._instances import InstanceStore

from .helpers import pump_view, xids

P = ["test", "Pump/v1"]
STATUS = ["running", "stopped", None]


def prop(name: str) -> list[str]:
    return [*P, name]


@pytest.fixture
def pumps(empty_store: InstanceStore) -> InstanceStore:
    items = []
    for n in range(40):
        values: dict[str, Any] = {"name": f"p{n % 5}", "size": float(n % 7) if n % 4 else None}
        if STATUS[n % 3] is not None:
            values["status"] = STATUS[n % 3]
        items.append(
            {
                "instanceType": "node",
                "space": "test",
                "externalId": f"x{n:02d}",
                "sources": [{"source": pump_view(), "properties": values}],
            }
        )
    empty_store.apply({"items": items})
    empty_store.apply({"items": [{"instanceType": "node", "space": "test", "externalId": "bare"}]})
    return empty_store


def expected_order(store: InstanceStore, keys: list[tuple[str, bool, bool]]) -> list[str]:
    """Sort the Pump nodes independently: (property, descending, nullsFirst) per key, ties by creation."""
    rows = store.list({"sources": [{"source": pump_view()}]})["items"]

    def key(item: dict[str, Any]) -> list[Any]:
        props = item["properties"]["test"]["Pump/v1"]
        out: list[Any] = []
        for name, descending, nulls_first in keys:
            value = props.get(name)
            null_rank = 0 if nulls_first else 2
            if value is None:
                out.append((null_rank, 0))
            elif isinstance(value, str):
                out.append(
                    (1, (*(-ord(c) for c in value), 1) if descending else tuple(ord(c) for c in value))
                )
            else:
                out.append((1, -value if descending else value))
        return out

    return [i["externalId"] for i in sorted(rows, key=key)]


SORTS = [
    [("status", False, False), ("name", True, False)],
    [("size", True, True), ("name", False, False)],
    [("size", True, False)],
    [("status", True, True), ("size", False, True), ("name", True, False)],
]


def wire(keys: list[tuple[str, bool, bool]]) -> list[dict[str, Any]]:
    return [
        {"property": prop(n), "direction": "descending" if d else "ascending", "nullsFirst": f}
        for n, d, f in keys
    ]


@pytest.mark.parametrize("keys", SORTS)
def test_list_and_query_sort_by_several_properties_and_page_by_cursor(
    pumps: InstanceStore, keys: list[tuple[str, bool, bool]]
) -> None:
    expected = expected_order(pumps, keys)
    body: dict[str, Any] = {"sources": [{"source": pump_view()}], "sort": wire(keys), "limit": 6}
    got: list[str] = []
    while True:
        out = pumps.list(body)
        got.extend(xids(out))
        if out["nextCursor"] is None:
            break
        body["cursor"] = out["nextCursor"]
    assert got == expected
    query = {
        "with": {"s": {"nodes": {"filter": {"hasData": [pump_view()]}}, "sort": wire(keys), "limit": 1000}},
        "select": {"s": {}},
    }
    assert [i["externalId"] for i in pumps.query(query)["items"]["s"]] == expected


def test_nulls_come_last_unless_asked_first_in_either_direction(pumps: InstanceStore) -> None:
    base = {"sources": [{"source": pump_view()}]}
    for direction in ("ascending", "descending"):
        out = pumps.list(base | {"sort": [{"property": prop("size"), "direction": direction}]})
        sizes = [i["properties"]["test"]["Pump/v1"].get("size") for i in out["items"]]
        assert sizes[-10:] == [None] * 10
        first = pumps.list(
            base | {"sort": [{"property": prop("size"), "direction": direction, "nullsFirst": True}]}
        )
        assert [i["properties"]["test"]["Pump/v1"].get("size") for i in first["items"]][:10] == [None] * 10


def test_search_sorts_by_several_properties_without_nulls_first(pumps: InstanceStore) -> None:
    keys = [("name", True, False), ("size", False, False)]
    sort = [{"property": prop(n), "direction": "descending" if d else "ascending"} for n, d, _ in keys]
    assert xids(pumps.search({"view": pump_view(), "sort": sort})) == expected_order(pumps, keys)
    with pytest.raises(DMSError, match=r"sort\[0\].nullsFirst: unknown field"):
        pumps.search({"view": pump_view(), "sort": [{"property": prop("name"), "nullsFirst": True}]})


@pytest.mark.parametrize(
    ("sort", "fragment"),
    [
        ([{"property": prop("name")}] * 6, "at most 5 sort properties"),
        ([{"property": prop("name"), "order": "asc"}], r"sort\[0\].order: unknown field"),
        ([{"property": prop("name"), "direction": "up"}], "expected ascending or descending"),
        ([{"property": prop("name"), "nullsFirst": "yes"}], "expected a boolean"),
        ([{"direction": "ascending"}], r"sort\[0\].property: missing required field"),
        ({"property": prop("name")}, "expected a list of sort objects"),
    ],
)
def test_bad_sorts_are_400s(pumps: InstanceStore, sort: Any, fragment: str) -> None:
    with pytest.raises(DMSError, match=fragment):
        pumps.list({"sort": sort})


def test_list_with_sources_returns_only_instances_with_data_in_them(pumps: InstanceStore) -> None:
    assert "bare" in xids(pumps.list({}))
    assert "bare" not in xids(pumps.list({"sources": [{"source": pump_view()}]}))
    with pytest.raises(DMSError, match=r"sources\[0\].properties: unknown field"):
        pumps.list({"sources": [{"source": pump_view(), "properties": ["name"]}]})


def test_several_aggregates_per_group(pumps: InstanceStore) -> None:
    rows = pumps.list({"sources": [{"source": pump_view()}]})["items"]
    props = [i["properties"]["test"]["Pump/v1"] for i in rows]
    out = pumps.aggregate(
        {
            "view": pump_view(),
            "groupBy": ["status", "name"],
            "aggregates": [
                {"count": {"property": "size"}},
                {"avg": {"property": "size"}},
                {"min": {"property": "size"}},
                {"max": {"property": "size"}},
                {"sum": {"property": "size"}},
            ],
            "limit": 1000,
        }
    )
    groups: dict[tuple[str, str], list[float]] = {}
    for p in props:
        if "status" in p:  # instances without a value for a groupBy property are in no group
            groups.setdefault((p["status"], p["name"]), []).extend(
                [p["size"]] if p.get("size") is not None else []
            )
    assert len(out["items"]) == len(groups)
    for item in out["items"]:
        values = groups[(item["group"]["status"], item["group"]["name"])]
        got = {a["aggregate"]: a["value"] for a in item["aggregates"]}
        assert got["count"] == len(values)
        assert got["sum"] == sum(values)
        assert got["min"] == (min(values) if values else None)
        assert got["max"] == (max(values) if values else None)
        assert got["avg"] == (pytest.approx(sum(values) / len(values)) if values else None)
        assert [a["property"] for a in item["aggregates"]] == ["size"] * 5
        assert item["instanceType"] == "node"


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"groupBy": []}, "groupBy: expected a list of 1 to 5"),
        ({"groupBy": ["meta"]}, "json properties are not groupable"),
        ({"groupBy": ["tags"]}, "list of text properties are not groupable"),
        ({"aggregates": [{"count": {}}] * 6}, "at most 5 aggregates"),
        ({"aggregates": [{"histogram": {"property": "size", "interval": 1e-9}}]}, "more than 10000 buckets"),
        ({"aggregates": [{"histogram": {"property": "size"}}]}, "expected a positive number"),
        ({"aggregates": [{"sum": {"property": "name"}}]}, "not a single-valued numeric property"),
        (
            {"aggregates": [{"count": {"property": "size", "x": 1}}]},
            r"aggregates\[0\].count.x: unknown field",
        ),
        ({"properties": []}, "properties: expected a list of 1 to 200"),
        ({"limit": 1001}, "limit: expected an integer between 1 and 1000"),
        ({"sort": []}, "sort: unknown field"),
    ],
)
def test_bad_aggregates_are_400s(pumps: InstanceStore, change: dict[str, Any], fragment: str) -> None:
    body = {"view": pump_view(), "aggregates": [{"count": {}}]} | change
    with pytest.raises(DMSError, match=fragment):
        pumps.aggregate(body)


def test_two_property_sorts_over_every_omni_property_type_page_without_loss(
    store: InstanceStore, omni_model: dict[str, Any]
) -> None:
    """Every pair of mapped properties (lists, json, direct relations, timestamps, ...) in both directions."""
    for v in omni_model["views"]:
        names = sorted(n for n, p in v["properties"].items() if "container" in p)[:5]
        kind = "edge" if v.get("usedFor") == "edge" else "node"
        ref = {"type": "view", "space": v["space"], "externalId": v["externalId"], "version": v["version"]}
        everyone = {
            i["externalId"] for i in store.list({"instanceType": kind, "sources": [{"source": ref}]})["items"]
        }
        for a in names:
            for b in names:
                sort = [
                    {
                        "property": [v["space"], f"{v['externalId']}/{v['version']}", a],
                        "direction": "descending",
                    },
                    {"property": [v["space"], f"{v['externalId']}/{v['version']}", b], "nullsFirst": True},
                ]
                body: dict[str, Any] = {
                    "instanceType": kind,
                    "sources": [{"source": ref}],
                    "sort": sort,
                    "limit": 2,
                }
                seen: list[str] = []
                while True:
                    out = store.list(body)
                    seen.extend(xids(out))
                    if out["nextCursor"] is None:
                        break
                    body["cursor"] = out["nextCursor"]
                assert sorted(seen) == sorted(everyone), (v["externalId"], a, b)
