"""Upsert validation, version semantics, patch/replace, auto-creation, delete and byids."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest

from pygen_core.emulator._errors import DMSError
from pygen_core.emulator._instances import InstanceStore

from .helpers import INST, SP, node, source, view, xids

REQUIRED = {
    "boolean": True,
    "date": "2024-04-19",
    "float32": 1.5,
    "float64": 2.5,
    "int32": 3,
    "int64": 2**40,
    "json": {"a": [1, 2]},
    "text": "hello",
    "timestamp": "2024-04-12T11:48:44Z",
}


def pump(xid: str, **props: Any) -> dict[str, Any]:
    return node(xid, sources=[source("Pump", props, "v1", "test")])


def apply_error(store: InstanceStore, body: dict[str, Any]) -> DMSError:
    with pytest.raises(DMSError) as info:
        store.apply(body)
    return info.value


def read(store: InstanceStore, xid: str, src: dict[str, Any], space: str = "test") -> dict[str, Any] | None:
    found = store.byids(
        {"items": [{"instanceType": "node", "space": space, "externalId": xid}], "sources": [{"source": src}]}
    )["items"]
    return found[0] if found else None


def test_create_returns_slim_items_and_reads_back_normalised(empty_store: InstanceStore) -> None:
    result = empty_store.apply({"items": [node("r1", sources=[source("PrimitiveRequired", REQUIRED)])]})
    (item,) = result["items"]
    assert item["version"] == 1
    assert item["wasModified"] is True
    assert item["createdTime"] == item["lastUpdatedTime"]
    assert set(item) == {
        "instanceType",
        "space",
        "externalId",
        "version",
        "wasModified",
        "createdTime",
        "lastUpdatedTime",
    }
    got = read(empty_store, "r1", view("PrimitiveRequired"))
    assert got is not None
    values = got["properties"][SP]["PrimitiveRequired/1"]
    assert values["timestamp"] == "2024-04-12T11:48:44.000+00:00"
    assert values == {**REQUIRED, "timestamp": "2024-04-12T11:48:44.000+00:00"}


@pytest.mark.parametrize(
    ("props", "fragment"),
    [
        ({**REQUIRED, "int32": 2**31}, "out of range for int32"),
        ({**REQUIRED, "int32": "3"}, "expected int32"),
        ({**REQUIRED, "boolean": 1}, "expected boolean"),
        ({**REQUIRED, "timestamp": "12/04/2024"}, "ISO-8601"),
        ({**REQUIRED, "timestamp": "2150-01-01T00:00:00Z"}, "outside"),
        ({**REQUIRED, "date": "2024-02-30"}, "expected a date"),
        ({**REQUIRED, "text": 5}, "expected text"),
        ({**REQUIRED, "float64": "nan"}, "expected float64"),
        ({**REQUIRED, "colour": "red"}, r"properties\.colour: unknown property"),
        ({k: v for k, v in REQUIRED.items() if k != "int64"}, "required properties are missing: int64"),
        ({**REQUIRED, "text": None}, r"properties\.text: is required and cannot be null"),
    ],
)
def test_value_validation(empty_store: InstanceStore, props: dict[str, Any], fragment: str) -> None:
    error = apply_error(empty_store, {"items": [node("bad", sources=[source("PrimitiveRequired", props)])]})
    assert error.status == 400
    assert error.message.startswith("items[0].sources")
    assert re.search(fragment, error.message)
    assert "\n" not in error.message


def test_list_values_are_checked_element_by_element(empty_store: InstanceStore) -> None:
    props = {"int32": [1, 2, "x"]}
    with pytest.raises(DMSError, match=r"properties\.int32\[2\]: expected int32"):
        empty_store.apply({"items": [node("l", sources=[source("PrimitiveNullableListed", props)])]})
    with pytest.raises(DMSError, match="expected a list of int32"):
        empty_store.apply({"items": [node("l", sources=[source("PrimitiveNullableListed", {"int32": 1})])]})


def test_enum_text_size_and_immutable(empty_store: InstanceStore) -> None:
    with pytest.raises(DMSError, match="not one of the enum values"):
        empty_store.apply({"items": [pump("p", status="broken")]})
    with pytest.raises(DMSError, match="maxTextSize 10"):
        empty_store.apply({"items": [pump("p", name="x" * 11)]})
    empty_store.apply({"items": [pump("p", status="running", serial="S1", name="ok")]})
    with pytest.raises(DMSError, match="immutable"):
        empty_store.apply({"items": [pump("p", serial="S2")]})
    assert empty_store.apply({"items": [pump("p", serial="S1")]})["items"][0]["wasModified"] is False


def test_atomic_request_writes_nothing_when_one_item_fails(empty_store: InstanceStore) -> None:
    body = {"items": [pump("good", name="a"), pump("bad", status="nope")]}
    with pytest.raises(DMSError, match=r"items\[1\]"):
        empty_store.apply(body)
    assert xids(empty_store.list({})) == []


def test_duplicates_limits_and_shape_errors(empty_store: InstanceStore) -> None:
    error = apply_error(empty_store, {"items": [pump("a"), pump("a")]})
    assert error.status == 400
    assert error.duplicated == [{"instanceType": "node", "space": "test", "externalId": "a"}]
    error = apply_error(empty_store, {"items": [pump(f"n{i}") for i in range(1001)]})
    assert "at most 1000" in error.message
    assert (
        "items[0].instanceType"
        in apply_error(empty_store, {"items": [{"space": "s", "externalId": "x"}]}).message
    )
    edge = {"instanceType": "edge", "space": "test", "externalId": "e"}
    assert "items[0].type: is required for edges" in apply_error(empty_store, {"items": [edge]}).message
    wrong = {
        **edge,
        "type": {"space": "t", "externalId": "t"},
        "startNode": {"space": "test", "externalId": "a"},
        "endNode": {"space": "test", "externalId": "b"},
        "sources": [source("Pump", {}, "v1", "test")],
    }
    assert "used for nodes, not edges" in apply_error(empty_store, {"items": [wrong]}).message


def test_version_bumps_only_when_modified(empty_store: InstanceStore) -> None:
    first = empty_store.apply({"items": [pump("p", name="a")]})["items"][0]
    same = empty_store.apply({"items": [pump("p", name="a")]})["items"][0]
    assert (same["version"], same["wasModified"]) == (1, False)
    assert same["lastUpdatedTime"] == first["lastUpdatedTime"]
    changed = empty_store.apply({"items": [pump("p", name="b")]})["items"][0]
    assert (changed["version"], changed["wasModified"]) == (2, True)


def test_existing_version_insert_only_conflict_and_skip(empty_store: InstanceStore) -> None:
    empty_store.apply({"items": [pump("p", name="a") | {"existingVersion": 0}]})
    error = apply_error(empty_store, {"items": [pump("p", name="b") | {"existingVersion": 0}]})
    assert error.status == 409
    assert "test:p" in error.message
    skipped = empty_store.apply(
        {
            "items": [pump("p", name="b") | {"existingVersion": 0}, pump("q", name="q")],
            "skipOnVersionConflict": True,
        }
    )
    assert xids(skipped) == ["q"]
    ok = empty_store.apply({"items": [pump("p", name="c") | {"existingVersion": 1}]})
    assert ok["items"][0]["version"] == 2
    got = read(empty_store, "p", view("Pump", "v1", "test"))
    assert got is not None
    assert got["properties"]["test"]["Pump/v1"]["name"] == "c"


def test_concurrent_writers_with_existing_version_lose_no_update(empty_store: InstanceStore) -> None:
    empty_store.apply({"items": [pump("counter", name="0")]})
    target = view("Pump", "v1", "test")

    statuses: list[int] = []
    failures: list[BaseException] = []

    def bump() -> None:
        try:
            for _ in range(20):
                while True:
                    current = read(empty_store, "counter", target)
                    assert current is not None
                    value = int(current["properties"]["test"]["Pump/v1"]["name"])
                    write = pump("counter", name=str(value + 1)) | {"existingVersion": current["version"]}
                    try:
                        empty_store.apply({"items": [write]})
                        break
                    except DMSError as exc:
                        statuses.append(exc.status)
        except BaseException as exc:  # surfaced by the main thread below
            failures.append(exc)

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert set(statuses) <= {409}
    final = read(empty_store, "counter", target)
    assert final is not None
    assert final["properties"]["test"]["Pump/v1"]["name"] == "80"
    assert final["version"] == 81


def test_patch_keeps_and_null_clears_replace_resets(empty_store: InstanceStore) -> None:
    target = view("Pump", "v1", "test")
    empty_store.apply({"items": [pump("p", name="a", status="running")]})
    empty_store.apply({"items": [pump("p", name="b")]})
    got = read(empty_store, "p", target)
    assert got is not None
    assert got["properties"]["test"]["Pump/v1"] == {"name": "b", "status": "running"}
    empty_store.apply({"items": [pump("p", status=None)]})
    got = read(empty_store, "p", target)
    assert got is not None
    assert got["properties"]["test"]["Pump/v1"] == {"name": "b"}
    empty_store.apply({"items": [pump("p", status="stopped")], "replace": True})
    got = read(empty_store, "p", target)
    assert got is not None
    assert got["properties"]["test"]["Pump/v1"] == {"status": "stopped"}


def test_defaults_and_auto_increment(store: InstanceStore, omni_instances: list[dict[str, Any]]) -> None:
    seeded = [
        i["properties"][SP]["PrimitiveWithDefaults/1"]["autoIncrementInt32"]
        for i in omni_instances
        if "PrimitiveWithDefaults/1" in i["properties"].get(SP, {})
    ]
    store.apply({"items": [node(f"d{i}", sources=[source("PrimitiveWithDefaults", {})]) for i in range(2)]})
    first = read(store, "d0", view("PrimitiveWithDefaults"))
    second = read(store, "d1", view("PrimitiveWithDefaults"))
    assert first is not None
    assert second is not None
    values = first["properties"][SP]["PrimitiveWithDefaults/1"]
    assert values == {
        "autoIncrementInt32": max(seeded) + 1,
        "defaultBoolean": True,
        "defaultFloat32": 0.42,
        "defaultObject": {"foo": "bar"},
        "defaultString": "my default text",
    }
    assert second["properties"][SP]["PrimitiveWithDefaults/1"]["autoIncrementInt32"] == max(seeded) + 2


def test_two_views_over_one_container_share_data(empty_store: InstanceStore) -> None:
    empty_store.apply({"items": [pump("p", name="shared")]})
    got = read(empty_store, "p", view("PumpName", "v2", "test"))
    assert got is not None
    assert got["properties"] == {"test": {"PumpName/v2": {"label": "shared"}}}
    empty_store.apply(
        {"items": [node("p", sources=[source("PumpName", {"label": "renamed"}, "v2", "test")])]}
    )
    got = read(empty_store, "p", view("Pump", "v1", "test"))
    assert got is not None
    assert got["properties"]["test"]["Pump/v1"]["name"] == "renamed"


def test_direct_relations_auto_create_or_missing(empty_store: InstanceStore) -> None:
    site = {"space": "test", "externalId": "site1"}
    with pytest.raises(DMSError) as info:
        empty_store.apply({"items": [pump("p", site=site)], "autoCreateDirectRelations": False})
    assert info.value.missing == [site]
    empty_store.apply({"items": [pump("p", site=site)]})
    assert sorted(xids(empty_store.list({}))) == ["p", "site1"]


def test_edges_need_their_nodes_unless_auto_created(empty_store: InstanceStore) -> None:
    edge = {
        "instanceType": "edge",
        "space": "test",
        "externalId": "e1",
        "type": {"space": "test", "externalId": "flow"},
        "startNode": {"space": "test", "externalId": "a"},
        "endNode": {"space": "test", "externalId": "b"},
        "sources": [source("Flow", {"rate": 1.5}, "v1", "test")],
    }
    error = apply_error(empty_store, {"items": [edge]})
    assert error.missing == [{"space": "test", "externalId": "a"}, {"space": "test", "externalId": "b"}]
    empty_store.apply({"items": [pump("a"), edge], "autoCreateEndNodes": True})
    listed = empty_store.list({"instanceType": "edge", "sources": [{"source": view("Flow", "v1", "test")}]})
    assert listed["items"][0]["properties"] == {"test": {"Flow/v1": {"rate": 1.5}}}
    assert listed["items"][0]["endNode"] == {"space": "test", "externalId": "b"}


def test_delete_is_soft_cascades_edges_and_byids_skips_missing(empty_store: InstanceStore) -> None:
    edge = {
        "instanceType": "edge",
        "space": "test",
        "externalId": "e1",
        "type": {"space": "test", "externalId": "f"},
        "startNode": {"space": "test", "externalId": "a"},
        "endNode": {"space": "test", "externalId": "b"},
    }
    empty_store.apply({"items": [pump("a"), pump("b"), edge]})
    deleted = empty_store.delete(
        {
            "items": [
                {"instanceType": "node", "space": "test", "externalId": "a"},
                {"instanceType": "node", "space": "test", "externalId": "ghost"},
            ]
        }
    )
    assert deleted["items"] == [{"instanceType": "node", "space": "test", "externalId": "a"}]
    assert xids(empty_store.list({})) == ["b"]
    assert xids(empty_store.list({"instanceType": "edge"})) == []
    found = empty_store.byids(
        {"items": [{"instanceType": "node", "space": "test", "externalId": x} for x in "ab"]}
    )
    assert xids(found) == ["b"]
    recreated = empty_store.apply({"items": [pump("a", name="again")]})["items"][0]
    assert recreated["version"] > 1


def test_byids_typing_and_sources(store: InstanceStore) -> None:
    item = {"instanceType": "node", "space": INST, "externalId": "PrimitiveRequired:Karen"}
    out = store.byids(
        {"items": [item], "sources": [{"source": view("PrimitiveRequired")}], "includeTyping": True}
    )
    assert out["typing"][SP]["PrimitiveRequired/1"]["int32"]["type"]["type"] == "int32"
    assert out["typing"][SP]["PrimitiveRequired/1"]["int32"]["nullable"] is False
    bare = store.byids({"items": [item]})
    assert bare["items"][0]["properties"] == {}
    # CDF: "The node/edge must have data in all the sources defined in the list."
    other = store.byids({"items": [item], "sources": [{"source": view("PrimitiveNullable")}]})
    assert other["items"] == []
    both = [{"source": view("PrimitiveRequired")}, {"source": view("PrimitiveNullable")}]
    assert store.byids({"items": [item], "sources": both})["items"] == []
