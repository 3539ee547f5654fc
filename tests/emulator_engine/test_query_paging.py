"""Query result sets paged to the end: a root with 5,000 children through a reverse direct relation, a hop
through 3,000 edges, paged parents with dependents, sorted sets with ties, cursors bound to parent pages."""

from __future__ import annotations

from typing import Any

import pytest

from pygen_core.emulator._errors import DMSError
from pygen_core.emulator._instances import InstanceStore

from .helpers import drain_query, pump_view, view

SITE = {"source": pump_view(), "identifier": "site"}
FLOW = {"space": "test", "externalId": "flows"}


def pump(xid: str, site: str | None = None, **props: Any) -> dict[str, Any]:
    values = dict(props)
    if site is not None:
        values["site"] = {"space": "test", "externalId": site}
    return {
        "instanceType": "node",
        "space": "test",
        "externalId": xid,
        "sources": [{"source": pump_view(), "properties": values}],
    }


def flow(xid: str, start: str, end: str, rate: float | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "instanceType": "edge",
        "space": "test",
        "externalId": xid,
        "type": FLOW,
        "startNode": {"space": "test", "externalId": start},
        "endNode": {"space": "test", "externalId": end},
    }
    if rate is not None:
        item["sources"] = [{"source": view("Flow", "v1", "test"), "properties": {"rate": rate}}]
    return item


def write(store: InstanceStore, items: list[dict[str, Any]]) -> None:
    for n in range(0, len(items), 1000):
        store.apply({"items": items[n : n + 1000]})


def by_xid(xid: str) -> dict[str, Any]:
    return {"equals": {"property": ["node", "externalId"], "value": xid}}


@pytest.fixture
def big(empty_store: InstanceStore) -> InstanceStore:
    """root ← 5,000 pumps (site = root); root → 3,000 flow edges → 3,000 targets; 'other' ← 7 pumps."""
    write(empty_store, [pump("root"), pump("other")])
    write(empty_store, [pump(f"c{n:05d}", "root") for n in range(5000)])
    write(empty_store, [pump(f"o{n}", "other") for n in range(7)])
    write(empty_store, [pump(f"t{n:05d}") for n in range(3000)])
    write(empty_store, [flow(f"f{n:05d}", "root", f"t{n:05d}", rate=float(n % 17)) for n in range(3000)])
    return empty_store


@pytest.mark.slow  # seconds: the `big` store of 5,000 children and 3,000 edges
def test_5000_children_through_a_reverse_direct_relation_page_to_the_end(big: InstanceStore) -> None:
    body = {
        "with": {
            "root": {"nodes": {"filter": by_xid("root")}, "limit": 1},
            "kids": {"nodes": {"from": "root", "through": SITE, "direction": "inwards"}, "limit": 700},
        },
        "select": {"root": {}, "kids": {"sources": [{"source": pump_view(), "properties": ["site"]}]}},
    }
    seen = drain_query(big.query, body)
    assert seen["root"] == ["root"]
    assert len(seen["kids"]) == 5000
    assert set(seen["kids"]) == {f"c{n:05d}" for n in range(5000)}
    first = big.query(body)
    assert len(first["items"]["kids"]) == 700
    assert first["items"]["kids"][0]["properties"] == {
        "test": {"Pump/v1": {"site": {"space": "test", "externalId": "root"}}}
    }
    assert first["nextCursor"]["root"] is None


@pytest.mark.slow  # seconds: the `big` store of 5,000 children and 3,000 edges
def test_a_hop_through_3000_edges_pages_edges_and_their_targets(big: InstanceStore) -> None:
    body = {
        "with": {
            "root": {"nodes": {"filter": by_xid("root")}},
            "out": {"edges": {"from": "root", "maxDistance": 1, "direction": "outwards"}, "limit": 1000},
            "targets": {"nodes": {"from": "out", "chainTo": "destination"}, "limit": 400},
            "back": {"nodes": {"from": "out", "chainTo": "source"}, "limit": 10},
        },
        "select": {"out": {}, "targets": {}, "back": {}},
    }
    seen = drain_query(big.query, body)
    assert sorted(seen["out"]) == [f"f{n:05d}" for n in range(3000)]
    assert sorted(seen["targets"]) == [f"t{n:05d}" for n in range(3000)]
    assert seen["back"] == ["root"] * 3  # one per page of edges: the same start node


@pytest.mark.slow  # seconds: the `big` store of 5,000 children and 3,000 edges
def test_inwards_edges_chain_to_source_and_destination(big: InstanceStore) -> None:
    body = {
        "with": {
            "t": {"nodes": {"filter": by_xid("t00042")}},
            "in": {"edges": {"from": "t", "maxDistance": 1, "direction": "inwards"}},
            "src": {"nodes": {"from": "in", "chainTo": "destination"}},
            "self": {"nodes": {"from": "in", "chainTo": "source"}},
        },
        "select": {"in": {}, "src": {}, "self": {}},
    }
    out = big.query(body)
    assert [i["externalId"] for i in out["items"]["in"]] == ["f00042"]
    assert [i["externalId"] for i in out["items"]["src"]] == ["root"]
    assert [i["externalId"] for i in out["items"]["self"]] == ["t00042"]


def test_paged_parent_with_dependents_loses_and_repeats_nothing(empty_store: InstanceStore) -> None:
    write(empty_store, [pump(f"r{n:02d}") for n in range(30)])
    write(empty_store, [pump(f"k{n:02d}-{m}", f"r{n:02d}") for n in range(30) for m in range(3)])
    body = {
        "with": {
            "roots": {
                "nodes": {"filter": {"prefix": {"property": ["node", "externalId"], "value": "r"}}},
                "limit": 7,
            },
            "kids": {"nodes": {"from": "roots", "through": SITE, "direction": "inwards"}, "limit": 4},
        },
        "select": {"roots": {}, "kids": {}},
    }
    seen = drain_query(empty_store.query, body)
    assert seen["roots"] == [f"r{n:02d}" for n in range(30)]
    assert sorted(seen["kids"]) == sorted(f"k{n:02d}-{m}" for n in range(30) for m in range(3))


def test_a_dependent_cursor_is_bound_to_its_parent_page(empty_store: InstanceStore) -> None:
    write(empty_store, [pump(f"r{n}") for n in range(4)])
    write(empty_store, [pump(f"k{n}-{m}", f"r{n}") for n in range(4) for m in range(5)])
    body: dict[str, Any] = {
        "with": {
            "roots": {
                "nodes": {"filter": {"prefix": {"property": ["node", "externalId"], "value": "r"}}},
                "limit": 2,
            },
            "kids": {"nodes": {"from": "roots", "through": SITE, "direction": "inwards"}, "limit": 3},
        },
        "select": {"roots": {}, "kids": {}},
    }
    first = empty_store.query(body)
    roots_next, kids_next = first["nextCursor"]["roots"], first["nextCursor"]["kids"]
    assert roots_next
    assert kids_next
    second = empty_store.query({**body, "cursors": {"kids": kids_next}})
    assert [i["externalId"] for i in second["items"]["roots"]] == ["r0", "r1"]
    assert len(second["items"]["kids"]) == 3
    with pytest.raises(
        DMSError, match=r"cursors.kids: the cursor was issued for another page of result set 'roots'"
    ):
        empty_store.query({**body, "cursors": {"roots": roots_next, "kids": kids_next}})
    moved = empty_store.query({**body, "cursors": {"roots": roots_next}})
    assert [i["externalId"] for i in moved["items"]["roots"]] == ["r2", "r3"]
    assert {i["externalId"][:2] for i in moved["items"]["kids"]} <= {"k2", "k3"}


def test_sorted_sets_page_by_keyset_with_ties_and_nulls(empty_store: InstanceStore) -> None:
    statuses = ["running", "stopped", None]
    write(empty_store, [pump(f"p{n:03d}", status=statuses[n % 3], name=f"n{n % 4}") for n in range(120)])
    sort = [
        {"property": ["test", "Pump/v1", "status"], "direction": "descending", "nullsFirst": True},
        {"property": ["test", "Pump/v1", "name"]},
    ]
    body = {
        "with": {"p": {"nodes": {"filter": {"hasData": [pump_view()]}}, "limit": 13, "sort": sort}},
        "select": {"p": {"sources": [{"source": pump_view(), "properties": ["status", "name"]}]}},
    }
    got: list[dict[str, Any]] = []
    cursors: dict[str, str] = {}
    while True:
        out = empty_store.query({**body, "cursors": cursors})
        got.extend(out["items"]["p"])
        if not out["nextCursor"]["p"]:
            break
        cursors = {"p": out["nextCursor"]["p"]}
    rank = {None: 0, "stopped": 1, "running": 2}
    keys = [
        (rank[i["properties"]["test"]["Pump/v1"].get("status")], i["properties"]["test"]["Pump/v1"]["name"])
        for i in got
    ]
    assert len(got) == 120 == len({i["externalId"] for i in got})
    assert keys == sorted(keys, key=lambda k: (k[0], k[1]))  # nulls first, then descending status, name
    ties = [i["externalId"] for i in got if keys[got.index(i)] == keys[0]]
    assert ties == sorted(ties)  # ties in creation order


def test_keyset_cursor_survives_inserts_before_the_cursor(empty_store: InstanceStore) -> None:
    write(empty_store, [pump(f"p{n:02d}", name=f"m{n:02d}") for n in range(20)])
    body = {
        "with": {"p": {"nodes": {}, "limit": 5, "sort": [{"property": ["test", "Pump/v1", "name"]}]}},
        "select": {"p": {}},
    }
    first = empty_store.query(body)
    write(empty_store, [pump("early", name="a")])  # sorts before everything already delivered
    second = empty_store.query({**body, "cursors": {"p": first["nextCursor"]["p"]}})
    assert [i["externalId"] for i in second["items"]["p"]] == [f"p{n:02d}" for n in range(5, 10)]


@pytest.mark.slow  # seconds: the `big` store of 5,000 children and 3,000 edges
def test_edges_with_sort_and_limit_each(big: InstanceStore) -> None:
    sort = [
        {"property": ["test", "Flow/v1", "rate"], "direction": "descending"},
        {"property": ["edge", "externalId"]},
    ]
    body = {
        "with": {
            "root": {"nodes": {"filter": by_xid("root")}},
            "out": {"edges": {"from": "root", "maxDistance": 1}, "limit": 50, "sort": sort},
        },
        "select": {"out": {"sources": [{"source": view("Flow", "v1", "test"), "properties": ["rate"]}]}},
    }
    out = big.query(body)
    rates = [i["properties"]["test"]["Flow/v1"]["rate"] for i in out["items"]["out"]]
    assert rates == [16.0] * 50
    assert [i["externalId"] for i in out["items"]["out"]][:2] == ["f00016", "f00033"]
    each = big.query(
        {
            "with": {
                "nodes": {
                    "nodes": {
                        "filter": {"in": {"property": ["node", "externalId"], "values": ["root", "other"]}}
                    }
                },
                "out": {"edges": {"from": "nodes", "maxDistance": 1, "limitEach": 2}},
            },
            "select": {"out": {}},
        }
    )
    assert [i["externalId"] for i in each["items"]["out"]] == ["f00000", "f00001"]


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"with": {f"s{n}": {"nodes": {}} for n in range(51)}}, "with: at most 50 result-set expressions"),
        ({"select": {}}, "select: expected a non-empty object"),
        ({"select": {"nope": {}}}, "select.nope: is not a result set"),
        ({"cursors": {"nope": "x"}}, "cursors.nope: is not a result set"),
        ({"cursors": {"a": "garbage!"}}, "cursors.a: invalid cursor"),
        (
            {"with": {"a": {"nodes": {}, "limit": 10_001}}},
            r"with.a.limit: expected an integer between 1 and 10000",
        ),
        (
            {"with": {"a": {"nodes": {}, "sort": [{"property": ["node", "externalId"]}] * 6}}},
            "at most 5 sort",
        ),
        ({"with": {"a": {"nodes": {}, "postSort": []}}}, "with.a.postSort: unknown field"),
        ({"with": {"a": {"nodes": {"chain": "x"}}}}, "with.a.nodes.chain: unknown field"),
        ({"with": {"a": {"nodes": {}, "edges": {}}}}, "exactly one of 'nodes' or 'edges'"),
        ({"with": {"a": {"nodes": {"through": SITE}}}}, "with.a.nodes.through: needs 'from'"),
        (
            {"with": {"a": {"edges": {"limitEach": 5}}}},
            "with.a.edges.limitEach: needs 'from' and maxDistance 1",
        ),
        (
            {"with": {"a": {"edges": {"maxDistance": 0}}}},
            "with.a.edges.maxDistance: expected a positive integer",
        ),
        (
            {"with": {"a": {"nodes": {"direction": "up"}}}},
            "with.a.nodes.direction: expected outwards or inwards",
        ),
        ({"select": {"a": {"sources": [{"source": pump_view()}]}}}, r"select.a.sources\[0\].properties"),
        (
            {"select": {"a": {"sources": [{"source": pump_view(), "properties": ["nope"]}]}}},
            "has no property 'nope'",
        ),
        (
            {
                "select": {
                    "a": {
                        "sources": [
                            {
                                "source": {"type": "container", "space": "test", "externalId": "Pump"},
                                "properties": ["*"],
                            }
                        ]
                    }
                }
            },
            "expected a view reference",
        ),
        (
            {"select": {"a": {"sources": [{"source": pump_view(), "properties": ["*"]}] * 11}}},
            "at most 10 views",
        ),
        ({"parameters": []}, "parameters: expected an object"),
        ({"wiht": {}}, "wiht: unknown field"),
    ],
)
def test_query_requests_are_checked_like_cdf(
    empty_store: InstanceStore, change: dict[str, Any], fragment: str
) -> None:
    body = {"with": {"a": {"nodes": {}}}, "select": {"a": {}}} | change
    with pytest.raises(DMSError, match=fragment) as info:
        empty_store.query(body)
    assert info.value.status == 400


@pytest.mark.slow  # seconds: the `big` store of 5,000 children and 3,000 edges
def test_through_a_container_property_and_the_deprecated_view_form(big: InstanceStore) -> None:
    container = {"type": "container", "space": "test", "externalId": "Pump"}
    for through in (
        {"source": container, "identifier": "site"},
        {"view": {"space": "test", "externalId": "Pump", "version": "v1"}, "identifier": "site"},
    ):
        out = big.query(
            {
                "with": {
                    "o": {"nodes": {"filter": by_xid("other")}},
                    "k": {"nodes": {"from": "o", "through": through, "direction": "inwards"}},
                    "up": {"nodes": {"from": "k", "through": through, "direction": "outwards"}},
                },
                "select": {"k": {}, "up": {}},
            }
        )
        assert [i["externalId"] for i in out["items"]["k"]] == [f"o{n}" for n in range(7)]
        assert [i["externalId"] for i in out["items"]["up"]] == ["other"]
    with pytest.raises(DMSError, match="is not a direct relation property"):
        big.query(
            {
                "with": {
                    "o": {"nodes": {}},
                    "k": {"nodes": {"from": "o", "through": {"source": pump_view(), "identifier": "name"}}},
                },
                "select": {"k": {}},
            }
        )
