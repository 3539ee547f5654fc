"""``<connection>_edge`` APIs: the edges of a plain edge connection, by start or end node."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest


@pytest.fixture(scope="module")
def edges(client: Any, dc: ModuleType) -> Any:
    b = [dc.ConnectionItemBWrite(external_id=f"eb{i}") for i in range(3)]
    client.upsert(
        [
            dc.ConnectionItemAWrite(external_id="ea1", outwards=[b[0], b[1]]),
            dc.ConnectionItemAWrite(external_id="ea2", outwards=[b[0]]),
            dc.ConnectionItemBWrite(external_id="eb2", self_edge=[b[0]]),
        ]
    )
    return b


def _pairs(found: Any) -> list[tuple[str, str]]:
    return sorted((e.start_node.external_id, e.end_node.external_id) for e in found)


def test_list_by_start_and_end_node(client: Any, edges: Any, rt: ModuleType) -> None:
    api = client.connection_item_a.outwards_edge
    assert isinstance(api, rt.EdgeConnectionAPI)
    assert _pairs(api.list(start_node="ea1")) == [("ea1", "eb0"), ("ea1", "eb1")]
    assert _pairs(api.list(end_node="eb0", limit=None)) == [("ea1", "eb0"), ("ea2", "eb0")]
    assert _pairs(api.list(start_node=["ea1", "ea2"], end_node=("sp_omni_instances", "eb0"))) == [
        ("ea1", "eb0"),
        ("ea2", "eb0"),
    ]
    found = api.list(start_node="ea1", limit=1)
    assert len(found) == 1
    assert found.cursor is not None
    edge = found[0]
    assert isinstance(edge, rt.Edge)
    assert edge.edge_type == rt.NodeId("sp_pygen_models", "bidirectional")
    assert edge.external_id.startswith("ea1:bidirectional:")
    assert "properties" not in edge.dump()


def test_inwards_connection_sees_the_same_edges_from_the_other_end(client: Any, edges: Any) -> None:
    api = client.connection_item_b.inwards_edge
    assert _pairs(api.list(end_node="eb1")) == [("ea1", "eb1")]
    reflexive = client.connection_item_b.self_edge_edge.list(limit=None)
    assert _pairs(reflexive) == [("eb2", "eb0")]  # only edges of its own type


def test_other_filters_and_pages(client: Any, edges: Any, rt: ModuleType) -> None:
    api = client.connection_item_a.outwards_edge
    assert _pairs(api.list(external_id_prefix="ea2:", limit=None)) == [("ea2", "eb0")]
    assert api.list(space="elsewhere", limit=None) == []
    flt = rt.equals(["edge", "endNode"], {"space": "sp_omni_instances", "externalId": "eb1"})
    assert _pairs(api.list(filter=flt)) == [("ea1", "eb1")]
    pages = list(api.iterate(chunk_size=1, start_node=["ea1", "ea2"]))
    assert [len(p) for p in pages] == [1, 1, 1]
    with pytest.raises(ValueError, match="chunk_size"):
        next(api.iterate(chunk_size=0))


def test_the_class_attribute_is_the_declaration(omni: ModuleType) -> None:
    from omni_mini._views._connection_item_a import ConnectionItemAAPI

    declared = ConnectionItemAAPI.outwards_edge
    assert repr(declared) == "EdgeConnectionAPI('outwards')"
    with pytest.raises(TypeError, match="through a view API"):
        declared.list()
