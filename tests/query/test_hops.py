"""Every hop kind of the hand-written omni_mini SDK, each traversal checked against hand-chained SDK calls.

The oracle never uses the builder: it lists and retrieves through the view APIs one hop at a time (the way
users chained calls before ``select()``), and compares ids, order and values.
"""

from __future__ import annotations

import datetime
from types import ModuleType
from typing import Any

import pytest

from .conftest import SPACE, Recorder, xids

UTC = datetime.timezone.utc


@pytest.fixture(scope="module")
def data(client: Any, omni_sdk: ModuleType) -> dict[str, Any]:
    """A/B edges (no properties), F→G and F→E edges with properties; D→E relations come from the seed."""
    om = omni_sdk
    b = [om.ConnectionItemBWrite(external_id=f"qb:{n}", name=f"b{n}") for n in range(1, 5)]
    a1 = om.ConnectionItemAWrite(external_id="qa:1", name="a1", outwards=[b[0], b[1], b[3]])
    a2 = om.ConnectionItemAWrite(external_id="qa:2", name="a2", outwards=[b[1], b[2]], self_direct=a1)
    a3 = om.ConnectionItemAWrite(external_id="qa:3", name="a3", self_direct=a2)
    b[0].self_edge = [b[1], b[2]]
    g = [om.ConnectionItemGWrite(external_id=f"qg:{n}", name=f"g{n}") for n in range(1, 4)]

    def edge(n: int, target: Any, name: str) -> Any:
        start = datetime.datetime(2024, 1, n, tzinfo=UTC)
        return om.ConnectionEdgeAWrite(
            external_id=f"qe:{name}",
            end_node=target,
            name=name,
            start_time=start,
            end_time=start + datetime.timedelta(days=2),
        )

    f1 = om.ConnectionItemFWrite(
        external_id="qf:1",
        name="f1",
        outwards_multi=[edge(1, g[0], "e11"), edge(2, g[1], "e12"), edge(3, g[2], "x13")],
        outwards_single=edge(4, ("sp_omni_instances", "ConnectionItemE:Alexis"), "s1"),
        direct_list=[("sp_omni_instances", "ConnectionItemD:Daniel")],
    )
    f2 = om.ConnectionItemFWrite(external_id="qf:2", name="f2", outwards_multi=[edge(5, g[0], "e21")])
    client.upsert([a1, a2, a3, f1, f2, *b, *g])
    return {"a": ["qa:1", "qa:2", "qa:3"]}


def by_id(items: Any) -> dict[str, Any]:
    return {item.external_id: item for item in items}


def test_direct_relation_single_against_hand_chained_retrieve(client: Any, data: Any) -> None:
    roots = client.connection_item_d.select().traverse("direct_single").list()
    plain = client.connection_item_d.list(limit=None)
    assert xids(roots) == xids(plain)
    for root, before in zip(roots, plain, strict=True):
        if before.direct_single is None:
            assert root.direct_single is None
            continue
        expected = client.connection_item_e.retrieve(before.direct_single)
        assert type(root.direct_single).__name__ == "ConnectionItemE"
        assert root.direct_single.dump() == expected.dump()


def test_direct_relation_list_keeps_order_and_unmatched_ids(client: Any, data: Any, rt: ModuleType) -> None:
    roots = by_id(client.connection_item_d.select().traverse("direct_multi", name_prefix="S").list())
    for before in client.connection_item_d.list(limit=None):
        filled = roots[before.external_id].direct_multi
        if before.direct_multi is None:
            assert filled is None
            continue
        expected = client.connection_item_e.list(name_prefix="S", limit=None)
        matching = {item.external_id for item in expected}
        assert [(v.space, v.external_id) for v in filled] == [
            (v.space, v.external_id) for v in before.direct_multi
        ]
        for value in filled:  # targets that match the hop become objects, the others stay ids
            assert isinstance(value, rt.NodeId) == (value.external_id not in matching)


def test_reverse_relation_against_hand_chained_list(client: Any, data: Any) -> None:
    roots = client.connection_item_e.select().traverse("direct_reverse_multi").list()
    assert len(roots) == len(client.connection_item_e.list(limit=None))
    for root in roots:
        expected = client.connection_item_d.list(direct_multi=root.as_id(), limit=None)
        assert sorted(xids(root.direct_reverse_multi)) == sorted(xids(expected))
        assert {d.external_id: d.dump() for d in root.direct_reverse_multi} == {
            d.external_id: d.dump() for d in expected
        }


def test_single_reverse_relation_is_one_item_or_none(client: Any, data: Any) -> None:
    for root in client.connection_item_e.select().traverse("direct_reverse_single").list():
        expected = client.connection_item_d.list(direct_single=root.as_id(), limit=None)
        if expected:
            assert root.direct_reverse_single.external_id in xids(expected)
        else:
            assert root.direct_reverse_single is None


def test_edges_outwards_and_inwards_against_hand_chained_calls(client: Any, data: Any) -> None:
    roots = by_id(
        client.connection_item_a.select().where(external_id_prefix="qa:").traverse("outwards").list()
    )
    identifiers = client.connection_item_a.retrieve(data["a"], retrieve_connections="identifier")
    for before in identifiers:
        ids = [node.external_id for node in before.outwards or []]
        expected = client.connection_item_b.retrieve(ids)
        assert sorted(xids(roots[before.external_id].outwards)) == sorted(xids(expected))
        assert all(type(b).__name__ == "ConnectionItemB" for b in roots[before.external_id].outwards)
    from_b = client.connection_item_b.select().where(external_id_prefix="qb:")
    inwards = by_id(from_b.traverse("inwards").list())
    assert sorted(xids(inwards["qb:2"].inwards)) == ["qa:1", "qa:2"]
    assert xids(inwards["qb:3"].inwards) == ["qa:2"]


def test_edges_with_properties_and_edge_filters(client: Any, data: Any, omni_sdk: ModuleType) -> None:
    builder = client.connection_item_f.select().where(external_id_prefix="qf:")
    roots = by_id(builder.traverse("outwards_multi").list())
    edge_type = omni_sdk.ConnectionItemF._view.connections["outwards_multi"].edge_type
    of_type = omni_sdk.ConnectionEdgeAFilter.edge_type.equals(edge_type)
    for root_id in ("qf:1", "qf:2"):
        edges = client.connection_edge_a.list(start_node=(SPACE, root_id), filter=of_type, limit=None)
        got = roots[root_id].outwards_multi
        assert sorted(e.external_id for e in got) == sorted(xids(edges))
        for edge in got:
            assert type(edge).__name__ == "ConnectionEdgeA"
            assert type(edge.end_node).__name__ == "ConnectionItemG"
            assert edge.end_node.dump() == client.connection_item_g.retrieve(edge.end_node.external_id).dump()
    # edge-property filters: by the edge view's keywords, and the far end's filter at the same time
    early, late = datetime.datetime(2024, 1, 2, tzinfo=UTC), datetime.datetime(2024, 1, 3, tzinfo=UTC)
    window = {"min_start_time": early, "max_start_time": late, "name_prefix": "e"}
    only = by_id(builder.traverse("outwards_multi", edges=window).list())
    assert [e.external_id for e in only["qf:1"].outwards_multi] == ["qe:e12"]
    assert only["qf:2"].outwards_multi == []
    named = by_id(builder.traverse("outwards_multi", name="g1").list())
    assert sorted(e.external_id for e in named["qf:1"].outwards_multi) == ["qe:e11"]
    single = by_id(builder.traverse("outwards_single").list())
    assert single["qf:1"].outwards_single.end_node.external_id == "ConnectionItemE:Alexis"
    assert single["qf:2"].outwards_single is None


def test_edges_inwards_with_properties(client: Any, data: Any) -> None:
    builder = client.connection_item_g.select().where(external_id_prefix="qg:")
    roots = by_id(builder.traverse("inwards_multi_property").list())
    assert sorted(e.external_id for e in roots["qg:1"].inwards_multi_property) == ["qe:e11", "qe:e21"]
    assert {e.start_node.external_id for e in roots["qg:1"].inwards_multi_property} == {"qf:1", "qf:2"}
    assert [e.external_id for e in roots["qg:3"].inwards_multi_property] == ["qe:x13"]


def test_three_levels_against_hand_chained_calls(client: Any, data: Any) -> None:
    builder = client.connection_item_d.select().traverse("direct_single")
    roots = builder.traverse("direct_reverse_multi").list()
    for root in roots:
        before = client.connection_item_d.retrieve(root.as_id())
        if before.direct_single is None:
            assert root.direct_single is None
            continue
        middle = root.direct_single
        assert middle.external_id == before.direct_single.external_id
        expected = client.connection_item_d.list(direct_multi=middle.as_id(), limit=None)
        assert sorted(xids(middle.direct_reverse_multi)) == sorted(xids(expected))


def test_self_relation_chain_and_a_filter_on_every_step(client: Any, data: Any) -> None:
    roots = (
        client.connection_item_a.select()
        .where(name="a3")
        .traverse("self_direct", name_prefix="a")
        .traverse("self_direct")
        .traverse("outwards", name_prefix="b")
        .sort_by("name", "descending")
        .list()
    )
    assert xids(roots) == ["qa:3"]
    a2 = roots[0].self_direct
    assert a2.external_id == "qa:2"
    assert a2.self_direct.external_id == "qa:1"
    assert xids(a2.self_direct.outwards) == ["qb:4", "qb:2", "qb:1"]  # each parent's items in sort order


def test_hop_sort_and_limit_per_parent(client: Any, data: Any) -> None:
    builder = client.connection_item_a.select().where(external_id_prefix="qa:").sort_by("name")
    first = builder.traverse("outwards").sort_by("name", "descending").limit(1).list()
    assert [xids(a.outwards) for a in first] == [["qb:4"], ["qb:3"], []]
    both = builder.traverse("outwards").sort_by("name").limit(2).list()
    assert [xids(a.outwards) for a in both] == [["qb:1", "qb:2"], ["qb:2", "qb:3"], []]
    assert xids(builder.limit(2).list()) == ["qa:1", "qa:2"]
    assert builder.limit(2).count() == 2
    assert builder.count() == 3


def test_iterate_streams_root_pages_with_hops(client: Any, data: Any) -> None:
    builder = client.connection_item_e.select().traverse("direct_reverse_multi")
    pages = list(builder.iterate(chunk_size=2))
    assert [len(page) for page in pages] == [2, 2, 1]
    assert pages[0].cursor is not None
    assert pages[-1].cursor is None
    flat = [item for page in pages for item in page]
    listed = builder.list()
    assert [(e.external_id, sorted(xids(e.direct_reverse_multi))) for e in flat] == [
        (e.external_id, sorted(xids(e.direct_reverse_multi))) for e in listed
    ]
    resumed = list(builder.iterate(chunk_size=2, cursor=pages[0].cursor))
    assert xids(resumed[0]) == xids(pages[1])


def test_one_request_with_chained_sets_and_sources_only_for_views_asked_for(client: Any, data: Any) -> None:
    builder = client.connection_item_f.select().traverse("outwards_multi").traverse("inwards_multi_property")
    body = builder.explain()
    with_ = body["with"]
    assert with_["s1e"]["edges"]["from"] == "root"
    assert with_["s1e"]["edges"]["maxDistance"] == 1
    assert with_["s1"]["nodes"]["from"] == "s1e"
    assert with_["s2e"]["edges"]["direction"] == "inwards"
    selected = body["select"].items()
    views = {name: [s["source"]["externalId"] for s in sel.get("sources", [])] for name, sel in selected}
    assert views == {
        "root": ["ConnectionItemF"],
        "s1e": ["ConnectionEdgeA"],
        "s1": ["ConnectionItemG"],
        "s2e": ["ConnectionEdgeA"],
        "s2": ["ConnectionItemF"],
    }
    with Recorder(client) as recorder:
        builder.list()
    assert recorder.requests == 1
    assert recorder.bodies[0]["with"] == with_


def test_builders_are_immutable(client: Any, data: Any) -> None:
    base = client.connection_item_a.select()
    narrowed = base.where(name="a1")
    assert base.explain() != narrowed.explain()
    assert "qa:3" in xids(base.list())
    assert xids(narrowed.list()) == ["qa:1"]
    assert repr(base.traverse("outwards")) == "ConnectionItemBSelect(ConnectionItemA.outwards)"


def test_mistakes_are_one_line_errors(client: Any, data: Any, rt: ModuleType) -> None:
    with pytest.raises(TypeError, match="no connection 'outward' to traverse; did you mean 'outwards'"):
        client.connection_item_a.select().traverse("outward")
    with pytest.raises(TypeError, match="unexpected keyword argument 'nam'"):
        client.connection_item_a.select().traverse("outwards", nam="x")
    with pytest.raises(TypeError, match="'edges' is only for edge connections"):
        client.connection_item_d.select().traverse("direct_single", edges={})
    with pytest.raises(TypeError, match="has no target view"):
        client.connection_item_e.select().traverse("direct_no_source")
    with pytest.raises(ValueError, match="a direct relation keeps its own order"):
        client.connection_item_d.select().traverse("direct_single").sort_by("name").list()
    with pytest.raises(ValueError, match="has no property 'nme'"):
        client.connection_item_a.select().sort_by("nme")
    with pytest.raises(TypeError, match="where\\(\\) takes Filter objects"):
        client.connection_item_a.select().where("name")
    with pytest.raises(ValueError, match="chunk_size must be between 1 and 10000"):
        next(client.connection_item_a.select().iterate(chunk_size=0))


def test_an_edge_view_builder_filters_sorts_and_counts(client: Any, data: Any, omni_sdk: ModuleType) -> None:
    EA = omni_sdk.ConnectionEdgeAFilter
    builder = client.connection_edge_a.select().where(EA.external_id.prefix("qe:"), name_prefix="e")
    edges = builder.sort_by("start_time", "descending").list()
    assert xids(edges) == ["qe:e21", "qe:e12", "qe:e11"]
    assert all(type(edge).__name__ == "ConnectionEdgeA" for edge in edges)
    assert builder.count() == 3
    assert sorted(xids(builder.sync().items)) == sorted(xids(edges))
    assert not hasattr(builder, "traverse")
