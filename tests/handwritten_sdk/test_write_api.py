"""Upsert, delete, nested writes, edges and partial failures of the hand-written SDK against the emulator."""

from __future__ import annotations

import datetime
from types import ModuleType
from typing import Any

import pytest


def test_upsert_reports_created_unchanged_updated(client: Any, dc: ModuleType, rt: ModuleType) -> None:
    node = dc.PrimitiveNullableWrite(external_id="w:status", text="a", int_32=1)
    first = client.upsert(node)
    assert first.created == [rt.NodeId("sp_omni_instances", "w:status")]
    assert client.upsert([node]).unchanged == [rt.NodeId("sp_omni_instances", "w:status")]
    changed = dc.PrimitiveNullableWrite(external_id="w:status", text="b")
    result = client.upsert(changed)
    assert result.updated == [rt.NodeId("sp_omni_instances", "w:status")]
    read = client.primitive_nullable.retrieve("w:status")
    assert (read.text, read.int_32) == ("b", 1)  # unset properties are not sent, so int_32 survives


def test_replace_resets_properties_not_given(client: Any, dc: ModuleType) -> None:
    client.upsert(dc.PrimitiveNullableWrite(external_id="w:replace", text="a", int_32=7))
    client.upsert(dc.PrimitiveNullableWrite(external_id="w:replace", text="b"), replace=True)
    read = client.primitive_nullable.retrieve("w:replace")
    assert (read.text, read.int_32) == ("b", None)


def test_round_trip_of_every_value_type(client: Any, dc: ModuleType) -> None:
    ts = datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=datetime.timezone.utc)
    node = dc.PrimitiveRequiredListedWrite(
        external_id="w:listed",
        boolean=[True, False],
        date=[datetime.date(2024, 2, 29)],
        float_32=[1.5],
        float_64=[2.25],
        int_32=[1, 2],
        int_64=[2**40],
        json_=[{"a": [1, None]}],
        text=["x", "y"],
        timestamp=[ts],
    )
    client.upsert(node)
    read = client.primitive_required_listed.retrieve("w:listed")
    assert read.timestamp == [ts]
    assert read.date == [datetime.date(2024, 2, 29)]
    assert read.int_64 == [2**40]
    assert read.json_ == [{"a": [1, None]}]
    again = client.upsert(read.as_write())
    assert again.unchanged == [read.as_id()]


def test_nested_writes_are_flattened_and_deduplicated(client: Any, dc: ModuleType, rt: ModuleType) -> None:
    b1 = dc.ConnectionItemBWrite(external_id="w:b1", name="b1")
    b2 = dc.ConnectionItemBWrite(external_id="w:b2", name="b2")
    a = dc.ConnectionItemAWrite(
        external_id="w:a1",
        name="a1",
        self_direct=dc.ConnectionItemAWrite(external_id="w:a2", name="a2"),
        outwards=[b1, b2, b1],
        properties_="the 'properties' property",
    )
    result = client.upsert([a, b1])
    ids = {i.external_id for i in result.created}
    assert {"w:a1", "w:a2", "w:b1", "w:b2"} <= ids
    edges = [i for i in result.created if isinstance(i, rt.EdgeId)]
    assert len(edges) == 2
    read = client.connection_item_a.retrieve("w:a1", retrieve_connections="full")
    assert read.self_direct.external_id == "w:a2"
    assert isinstance(read.self_direct, dc.ConnectionItemA)
    assert sorted(b.external_id for b in read.outwards) == ["w:b1", "w:b2"]
    assert all(isinstance(b, dc.ConnectionItemB) for b in read.outwards)
    assert read.properties_ == "the 'properties' property"
    back = client.connection_item_b.retrieve("w:b1", retrieve_connections="identifier")
    assert back.inwards == [rt.NodeId("sp_omni_instances", "w:a1")]


def test_edges_with_properties_both_directions(client: Any, dc: ModuleType, rt: ModuleType) -> None:
    start = datetime.datetime(2024, 6, 1, tzinfo=datetime.timezone.utc)
    f = dc.ConnectionItemFWrite(
        external_id="w:f1",
        outwards_multi=[
            dc.ConnectionEdgeAWrite(
                end_node=dc.ConnectionItemGWrite(external_id="w:g1"), name="e1", start_time=start
            ),
            dc.ConnectionEdgeAWrite(end_node="w:g2", name="e2"),
        ],
    )
    client.upsert(f)
    read = client.connection_item_f.retrieve("w:f1", retrieve_connections="full")
    by_name = {edge.name: edge for edge in read.outwards_multi}
    assert set(by_name) == {"e1", "e2"}
    assert isinstance(by_name["e1"].end_node, dc.ConnectionItemG)
    assert by_name["e1"].start_time == start
    assert by_name["e1"].edge_type == rt.NodeId("sp_pygen_models", "multiProperty")
    g = client.connection_item_g.retrieve("w:g1", retrieve_connections="identifier")
    assert [e.start_node for e in g.inwards_multi_property] == [rt.NodeId("sp_omni_instances", "w:f1")]
    edges = client.connection_edge_a.list(name_prefix="e", limit=None)
    assert {"e1", "e2"} <= {e.name for e in edges}
    assert all(isinstance(e, dc.ConnectionEdgeA) for e in edges)
    assert {e.name for e in client.connection_edge_a.list(start_node="w:f1", limit=None)} == {"e1", "e2"}
    ends = [rt.NodeId("sp_omni_instances", "w:g1"), ("sp_omni_instances", "nope")]
    assert [e.name for e in client.connection_edge_a.list(end_node=ends, limit=None)] == ["e1"]
    assert client.connection_edge_a.aggregate("count", start_node=("sp_omni_instances", "w:f1")).value == 2


def test_single_edge_inwards_with_properties(client: Any, dc: ModuleType) -> None:
    e = dc.ConnectionItemEWrite(
        external_id="w:e1",
        inwards_single_property=dc.ConnectionEdgeAWrite(
            start_node=dc.ConnectionItemFWrite(external_id="w:f9"), name="in"
        ),
    )
    client.upsert(e)
    read = client.connection_item_e.retrieve("w:e1", retrieve_connections="full")
    edge = read.inwards_single_property
    assert edge.name == "in"
    assert isinstance(edge.start_node, dc.ConnectionItemF)
    assert edge.start_node.external_id == "w:f9"


def test_partial_failure_names_exactly_the_failed_item(client: Any, dc: ModuleType, rt: ModuleType) -> None:
    client.upsert(dc.PrimitiveNullableWrite(external_id="w:exists", text="v1"))
    client.upsert(dc.PrimitiveNullableWrite(external_id="w:exists", text="v2"))  # now version 2
    items = [
        dc.PrimitiveNullableWrite(external_id="w:ok1"),
        dc.PrimitiveNullableWrite(external_id="w:exists", text="stale", existing_version=1),
        dc.PrimitiveNullableWrite(external_id="w:ok2"),
    ]
    with pytest.raises(rt.UpsertError) as caught:
        client.upsert(items)
    error = caught.value
    assert [f.id for f in error.failed] == [rt.NodeId("sp_omni_instances", "w:exists")]
    assert "409" in error.failed[0].reason
    assert {i.external_id for i in error.result.created} == {"w:ok1", "w:ok2"}
    assert "1 item(s) failed, 2 succeeded" in str(error)
    assert "\n" not in str(error)
    assert client.primitive_nullable.retrieve("w:exists").text == "v2"
    assert len(client.primitive_nullable.retrieve(["w:ok1", "w:ok2"])) == 2


def test_delete_by_id_tuple_str_and_object(client: Any, dc: ModuleType, rt: ModuleType) -> None:
    nodes = [dc.PrimitiveNullableWrite(external_id=f"w:del{i}") for i in range(4)]
    client.upsert(nodes)
    result = client.delete(
        ["w:del0", ("sp_omni_instances", "w:del1"), rt.NodeId("sp_omni_instances", "w:del2"), nodes[3]]
    )
    assert sorted(i.external_id for i in result.deleted) == ["w:del0", "w:del1", "w:del2", "w:del3"]
    assert client.primitive_nullable.retrieve([n.external_id for n in nodes]) == []


def test_bare_external_id_without_default_space_is_a_clear_error(
    client: Any, rt: ModuleType, dc: ModuleType
) -> None:
    flatten = __import__("omni_mini._runtime._flatten", fromlist=["flatten"]).flatten
    node = dc.ConnectionItemAWrite(external_id="x", self_direct="other")
    with pytest.raises(
        ValueError, match=r"node sp_omni_instances:x\.self_direct: 'other' is a bare external id"
    ):
        flatten([node], None)
    assert flatten([node], "dflt")[0]["sources"][0]["properties"]["selfDirect"] == {
        "space": "dflt",
        "externalId": "other",
    }


def test_connections_follow_child_cursors(
    client: Any, dc: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = __import__("omni_mini._runtime._query", fromlist=["_CHILD_LIMIT"])
    edges = [
        dc.ConnectionEdgeAWrite(end_node=dc.ConnectionItemGWrite(external_id=f"w:pg{i}"), name=f"p{i}")
        for i in range(7)
    ]
    client.upsert(dc.ConnectionItemFWrite(external_id="w:fpaged", outwards_multi=edges))
    monkeypatch.setattr(query, "_CHILD_LIMIT", 2)
    read = client.connection_item_f.retrieve("w:fpaged", retrieve_connections="full")
    assert sorted(e.name for e in read.outwards_multi) == [f"p{i}" for i in range(7)]
    assert sorted(e.end_node.external_id for e in read.outwards_multi) == [f"w:pg{i}" for i in range(7)]
    assert all(isinstance(e.end_node, dc.ConnectionItemG) for e in read.outwards_multi)


def test_standalone_edge_upsert_retrieve_delete(client: Any, dc: ModuleType, rt: ModuleType) -> None:
    edge = dc.ConnectionEdgeAWrite(
        space="sp_omni_instances",
        external_id="w:edge1",
        edge_type=rt.NodeId("sp_pygen_models", "multiProperty"),
        start_node=dc.ConnectionItemFWrite(external_id="w:sf"),
        end_node=("sp_omni_instances", "w:sg"),
        name="alone",
    )
    result = client.upsert(edge)
    assert rt.EdgeId("sp_omni_instances", "w:edge1") in result.created
    read = client.connection_edge_a.retrieve("w:edge1")
    assert (read.name, read.start_node, read.end_node) == (
        "alone",
        rt.NodeId("sp_omni_instances", "w:sf"),
        rt.NodeId("sp_omni_instances", "w:sg"),
    )
    assert client.connection_edge_a.retrieve(rt.EdgeId("sp_omni_instances", "w:edge1")) == read
    assert client.delete(read).deleted == [rt.EdgeId("sp_omni_instances", "w:edge1")]
    assert client.connection_edge_a.retrieve("w:edge1") is None
