"""query (direct-relation hops and edge traversal, both directions), result-set cursors, sync, restart."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from pygen_core.emulator._errors import DMSError
from pygen_core.emulator._instances import InstanceStore

from .conftest import ModelSchema, connect
from .helpers import INST, SP, prop, raw_props, view, xids


def ref(xid: str) -> dict[str, str]:
    return {"space": INST, "externalId": xid}


def edge(xid: str, kind: str, start: str, end: str, **props: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "instanceType": "edge",
        "space": INST,
        "externalId": xid,
        "type": {"space": SP, "externalId": kind},
        "startNode": ref(start),
        "endNode": ref(end),
    }
    if props:
        item["sources"] = [{"source": view("ConnectionEdgeA"), "properties": props}]
    return item


def names(response: dict[str, Any], result_set: str) -> list[str]:
    return [i["externalId"] for i in response["items"][result_set]]


def of_type(instances: list[dict[str, Any]], xid: str) -> list[str]:
    return [i["externalId"] for i in instances if (i.get("type") or {}).get("externalId") == xid]


@pytest.fixture
def graph(store: InstanceStore, omni_instances: list[dict[str, Any]]) -> dict[str, list[str]]:
    """A1->B1, A1->B2, A2->B2 (bidirectional); B1->B2->B3 (reflexive); F1->G1 with edge properties."""
    a, b = of_type(omni_instances, "ConnectionItemA"), of_type(omni_instances, "ConnectionItemB")
    f, g = of_type(omni_instances, "ConnectionItemF"), of_type(omni_instances, "ConnectionItemG")
    store.apply(
        {
            "items": [
                edge("ab1", "bidirectional", a[0], b[0]),
                edge("ab2", "bidirectional", a[0], b[1]),
                edge("ab3", "bidirectional", a[1], b[1]),
                edge("bb1", "reflexive", b[0], b[1]),
                edge("bb2", "reflexive", b[1], b[2]),
                edge("fg1", "multiProperty", f[0], g[0], name="fast", startTime="2024-01-01T00:00:00+01:00"),
            ]
        }
    )
    return {"A": a, "B": b, "F": f, "G": g}


def by_xid(xid: str) -> dict[str, Any]:
    return {"equals": {"property": ["node", "externalId"], "value": xid}}


def test_edges_outwards_then_destination_nodes(store: InstanceStore, graph: dict[str, list[str]]) -> None:
    a0 = graph["A"][0]
    out = store.query(
        {
            "with": {
                "start": {"nodes": {"filter": by_xid(a0)}},
                "links": {
                    "edges": {
                        "from": "start",
                        "direction": "outwards",
                        "maxDistance": 1,
                        "filter": {
                            "equals": {
                                "property": ["edge", "type"],
                                "value": {"space": SP, "externalId": "bidirectional"},
                            }
                        },
                    }
                },
                "targets": {"nodes": {"from": "links", "chainTo": "destination"}},
            },
            "select": {
                "start": {},
                "links": {},
                "targets": {"sources": [{"source": view("ConnectionItemB"), "properties": ["*"]}]},
            },
        }
    )
    assert names(out, "start") == [a0]
    assert names(out, "links") == ["ab1", "ab2"]
    assert sorted(names(out, "targets")) == sorted(graph["B"][:2])
    assert out["items"]["links"][0]["startNode"] == ref(a0)
    assert set(out["nextCursor"]) == {"start", "links", "targets"}


def test_edges_inwards_find_the_sources(store: InstanceStore, graph: dict[str, list[str]]) -> None:
    b1 = graph["B"][1]
    out = store.query(
        {
            "with": {
                "end": {"nodes": {"filter": by_xid(b1)}},
                "back": {
                    "edges": {
                        "from": "end",
                        "direction": "inwards",
                        "maxDistance": 1,
                        "nodeFilter": {"hasData": [view("ConnectionItemA")]},
                    }
                },
                "sources": {"nodes": {"from": "back"}},
            },
            "select": {"back": {}, "sources": {}},
        }
    )
    assert sorted(names(out, "back")) == ["ab2", "ab3"]
    assert sorted(names(out, "sources")) == sorted(graph["A"][:2])
    chained = store.query(
        {
            "with": {
                "end": {"nodes": {"filter": by_xid(b1)}},
                "back": {"edges": {"from": "end", "direction": "inwards", "maxDistance": 1}},
                "near": {"nodes": {"from": "back", "chainTo": "source"}},
            },
            "select": {"near": {}},
        }
    )
    assert names(chained, "near") == [b1]


def test_max_distance_termination_and_limit_each(store: InstanceStore, graph: dict[str, list[str]]) -> None:
    b0 = graph["B"][0]
    reflexive = {"equals": {"property": ["edge", "type"], "value": {"space": SP, "externalId": "reflexive"}}}

    def walk(**extra: Any) -> list[str]:
        body = {
            "with": {
                "s": {"nodes": {"filter": by_xid(b0)}},
                "e": {"edges": {"from": "s", "filter": reflexive, **extra}},
            },
            "select": {"e": {}},
        }
        return names(store.query(body), "e")

    assert walk(maxDistance=1) == ["bb1"]
    assert walk(maxDistance=2) == ["bb1", "bb2"]
    assert walk() == ["bb1", "bb2"]
    assert walk(terminationFilter=by_xid(graph["B"][1])) == ["bb1"]
    a0 = graph["A"][0]
    limited = store.query(
        {
            "with": {
                "s": {"nodes": {"filter": by_xid(a0)}},
                "e": {"edges": {"from": "s", "maxDistance": 1, "limitEach": 1}},
            },
            "select": {"e": {}},
        }
    )
    assert names(limited, "e") == ["ab1"]


def test_edge_properties_are_selected_and_filterable(
    store: InstanceStore, graph: dict[str, list[str]]
) -> None:
    out = store.query(
        {
            "with": {
                "e": {
                    "edges": {
                        "filter": {
                            "range": {
                                "property": [SP, "ConnectionEdgeA/1", "startTime"],
                                "lt": "2024-01-01T00:00:00Z",
                            }
                        }
                    }
                }
            },
            "select": {
                "e": {"sources": [{"source": view("ConnectionEdgeA"), "properties": ["startTime", "name"]}]}
            },
        }
    )
    (item,) = out["items"]["e"]
    assert item["properties"][SP]["ConnectionEdgeA/1"] == {
        "name": "fast",
        "startTime": "2023-12-31T23:00:00.000+00:00",
    }


def test_through_direct_relation_both_directions(
    store: InstanceStore, omni_instances: list[dict[str, Any]]
) -> None:
    d_rows = {
        i["externalId"]: raw_props(i, "ConnectionItemD")
        for i in omni_instances
        if "ConnectionItemD/1" in i["properties"].get(SP, {})
    }
    d0, values = next((x, v) for x, v in d_rows.items() if v.get("directMulti"))
    targets = [r["externalId"] for r in values["directMulti"]]
    through = {"source": view("ConnectionItemD"), "identifier": "directMulti"}
    out = store.query(
        {
            "with": {
                "d": {"nodes": {"filter": by_xid(d0)}},
                "e": {"nodes": {"from": "d", "through": through, "direction": "outwards"}},
                "back": {"nodes": {"from": "e", "through": through, "direction": "inwards"}},
                # CDF's default direction for a node set's direct-relation hop is "inwards"
                "default": {"nodes": {"from": "e", "through": through}},
            },
            "select": {"e": {}, "back": {}, "default": {}},
        }
    )
    assert names(out, "default") == names(out, "back")
    assert names(out, "e") == list(dict.fromkeys(targets))
    pointing = {
        x for x, v in d_rows.items() if {r["externalId"] for r in v.get("directMulti") or []} & set(targets)
    }
    assert set(names(out, "back")) == pointing
    assert d0 in pointing


def test_result_set_cursor_sort_and_limits(
    store: InstanceStore, omni_instances: list[dict[str, Any]]
) -> None:
    expected = sorted(
        i["externalId"] for i in omni_instances if i["externalId"].startswith("PrimitiveNullable:")
    )
    body: dict[str, Any] = {
        "with": {
            "p": {
                "nodes": {"filter": {"hasData": [view("PrimitiveNullable")]}},
                "limit": 2,
                "sort": [{"property": ["node", "externalId"]}],
            }
        },
        "select": {"p": {"sources": [{"source": view("PrimitiveNullable"), "properties": ["text"]}]}},
    }
    seen: list[str] = []
    while True:
        out = store.query(body)
        seen.extend(names(out, "p"))
        for item in out["items"]["p"]:
            assert set(item["properties"][SP]["PrimitiveNullable/1"]) <= {"text"}
        cursor = out["nextCursor"]["p"]
        if cursor is None:
            break
        body["cursors"] = {"p": cursor}
    assert seen == expected
    body["with"]["p"]["limit"] = 10_001
    with pytest.raises(DMSError, match="limit"):
        store.query(body)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"with": {"a": {"nodes": {}}}, "select": {"b": {}}}, "select.b: is not a result set"),
        ({"with": {"a": {"nodes": {"from": "zzz"}}}}, "unknown result set 'zzz'"),
        ({"with": {"a": {"nodes": {"from": "b"}}, "b": {"nodes": {"from": "a"}}}}, "cycle"),
        ({"with": {"a": {"union": []}}}, "set operations are not supported"),
        ({"with": {}}, "with"),
    ],
)
def test_query_errors(store: InstanceStore, body: dict[str, Any], fragment: str) -> None:
    with pytest.raises(DMSError, match=fragment):
        store.query(body)


def test_sync_returns_changes_and_deletions(
    store: InstanceStore, omni_instances: list[dict[str, Any]]
) -> None:
    body: dict[str, Any] = {
        "with": {"p": {"nodes": {"filter": {"hasData": [view("PrimitiveNullable")]}}, "limit": 1000}},
        "select": {"p": {"sources": [{"source": view("PrimitiveNullable"), "properties": ["*"]}]}},
    }
    first = store.sync(body)
    all_nullable = [
        i["externalId"] for i in omni_instances if "PrimitiveNullable/1" in i["properties"].get(SP, {})
    ]
    assert sorted(names(first, "p")) == sorted(all_nullable)
    body["cursors"] = {"p": first["nextCursor"]["p"]}
    idle = store.sync(body)
    assert names(idle, "p") == []
    assert idle["nextCursor"]["p"]
    changed, gone = all_nullable[0], all_nullable[1]
    store.apply(
        {
            "items": [
                {
                    "instanceType": "node",
                    "space": INST,
                    "externalId": changed,
                    "sources": [{"source": view("PrimitiveNullable"), "properties": {"int32": 42}}],
                }
            ]
        }
    )
    store.delete({"items": [{"instanceType": "node", "space": INST, "externalId": gone}]})
    body["cursors"] = {"p": idle["nextCursor"]["p"]}
    delta = store.sync(body)
    assert names(delta, "p") == [changed, gone]
    assert "deletedTime" not in delta["items"]["p"][0]
    assert delta["items"]["p"][0]["properties"][SP]["PrimitiveNullable/1"]["int32"] == 42
    assert isinstance(delta["items"]["p"][1]["deletedTime"], int)


def test_restart_keeps_data_versions_and_deletions(
    schema: ModelSchema, tmp_path: Path, omni_instances: list[dict[str, Any]]
) -> None:
    db = str(tmp_path / "emulator.db")
    conn = connect(db)
    first = InstanceStore(conn, threading.RLock(), schema)
    first.seed(omni_instances)
    target = omni_instances[0]["externalId"]
    changed = next(
        i["externalId"] for i in omni_instances if "PrimitiveNullable/1" in i["properties"].get(SP, {})
    )
    first.apply(
        {
            "items": [
                {
                    "instanceType": "node",
                    "space": INST,
                    "externalId": changed,
                    "sources": [
                        {
                            "source": view("PrimitiveNullable"),
                            "properties": {"timestamp": "2024-06-01T12:00:00-02:00"},
                        }
                    ],
                }
            ]
        }
    )
    first.delete({"items": [{"instanceType": "node", "space": INST, "externalId": target}]})
    before = first.list({"sources": [{"source": view("PrimitiveNullable")}]})
    conn.close()

    conn = connect(db)
    second = InstanceStore(conn, threading.RLock(), schema)
    after = second.list({"sources": [{"source": view("PrimitiveNullable")}]})
    assert after == before
    assert target not in xids(after)
    row = next(i for i in after["items"] if i["externalId"] == changed)
    assert row["version"] == 2
    assert row["properties"][SP]["PrimitiveNullable/1"]["timestamp"] == "2024-06-01T14:00:00.000+00:00"
    flt = {"equals": {"property": prop("PrimitiveNullable", "timestamp"), "value": "2024-06-01T14:00:00Z"}}
    assert xids(second.list({"filter": flt})) == [changed]
    conn.close()


def test_reseeding_keeps_later_writes(store: InstanceStore, omni_instances: list[dict[str, Any]]) -> None:
    target = next(i for i in omni_instances if "PrimitiveNullable/1" in i["properties"].get(SP, {}))
    store.apply(
        {
            "items": [
                {
                    "instanceType": "node",
                    "space": INST,
                    "externalId": target["externalId"],
                    "sources": [{"source": view("PrimitiveNullable"), "properties": {"int32": 7}}],
                }
            ]
        }
    )
    store.seed(omni_instances)
    got = store.byids(
        {
            "items": [{"instanceType": "node", "space": INST, "externalId": target["externalId"]}],
            "sources": [{"source": view("PrimitiveNullable")}],
        }
    )["items"][0]
    assert got["version"] == 2
    assert got["properties"][SP]["PrimitiveNullable/1"]["int32"] == 7
    assert len(store.list({})["items"]) == len(omni_instances)


def test_edge_metadata_filters(store: InstanceStore, graph: dict[str, list[str]]) -> None:
    a0, b1 = graph["A"][0], graph["B"][1]
    starts = store.list(
        {"instanceType": "edge", "filter": {"equals": {"property": ["edge", "startNode"], "value": ref(a0)}}}
    )
    assert xids(starts) == ["ab1", "ab2"]
    ends = store.list(
        {"instanceType": "edge", "filter": {"equals": {"property": ["edge", "endNode"], "value": ref(b1)}}}
    )
    assert sorted(xids(ends)) == ["ab2", "ab3", "bb1"]
    nowhere = {"equals": {"property": ["edge", "endNode"], "value": ref("nobody")}}
    assert xids(store.list({"instanceType": "edge", "filter": nowhere})) == []


def test_item_caps_on_delete_and_byids(store: InstanceStore) -> None:
    many = [{"instanceType": "node", "space": INST, "externalId": f"x{i}"} for i in range(1001)]
    with pytest.raises(DMSError, match="at most 1000"):
        store.delete({"items": many})
    with pytest.raises(DMSError, match="at most 1000"):
        store.byids({"items": many})
    assert store.byids({"items": many[:1000]})["items"] == []


def test_post_sort_and_select_sort_and_limit(
    store: InstanceStore, omni_instances: list[dict[str, Any]]
) -> None:
    names_all = sorted(
        i["externalId"] for i in omni_instances if i["externalId"].startswith("PrimitiveNullable:")
    )
    by_name = [{"property": ["node", "externalId"], "direction": "descending"}]
    body: dict[str, Any] = {
        "with": {
            "p": {
                "nodes": {"filter": {"hasData": [view("PrimitiveNullable")]}},
                "limit": 3,
                "postSort": by_name,
            }
        },
        "select": {"p": {}},
    }
    with pytest.raises(DMSError, match=r"with.p.postSort: unknown field"):
        store.query(body)  # postSort is for edge sets only
    body["with"]["p"].pop("postSort")
    edges: dict[str, Any] = {
        "with": {
            "e": {
                "edges": {"filter": {"prefix": {"property": ["edge", "externalId"], "value": "e"}}},
                "limit": 3,
                "postSort": by_name,
            }
        },
        "select": {"e": {}},
    }
    store.apply({"items": [edge(f"e{n}", "reflexive", names_all[n], names_all[n + 1]) for n in range(4)]})
    assert names(store.query(edges), "e") == ["e2", "e1", "e0"]  # the first 3 found, then sorted
    body["select"] = {"p": {"sort": by_name, "limit": 2}}
    assert (
        names(store.query(body), "p")
        == sorted(names(store.query(body | {"select": {"p": {}}}), "p"))[::-1][:2]
    )


def test_corrupt_database_row_is_a_database_error(schema: ModelSchema, tmp_path: Path) -> None:
    db = str(tmp_path / "broken.db")
    conn = connect(db)
    store = InstanceStore(conn, threading.RLock(), schema)
    store.apply({"items": [{"instanceType": "node", "space": "test", "externalId": "n"}]})
    conn.execute("UPDATE dms_instances SET doc = '{not json'")
    conn.commit()
    with pytest.raises(sqlite3.DatabaseError, match="test:n is corrupt"):
        InstanceStore(conn, threading.RLock(), schema)
    conn.close()
