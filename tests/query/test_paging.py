"""Every result set paged to its end with its own cursor: nothing lost, nothing fetched twice, and no more
requests than the largest set needs pages."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

from .conftest import SPACE, Recorder, xids

pytestmark = pytest.mark.slow  # seconds: 5,000 children and 3,000 edges through the emulator
CHILDREN = 5000
EDGES = 3000


@pytest.fixture(scope="module")
def big(client: Any, omni_sdk: ModuleType) -> None:
    """One E with 5,000 D children (reverse relation), whose ``direct_single`` all point back at it; one A
    with 3,000 edges to B nodes, 30 of which have 50 edges each to other B nodes; three A sharing leaves."""
    om = omni_sdk
    root = om.ConnectionItemEWrite(external_id="qp:e", name="root")
    children = [
        om.ConnectionItemDWrite(
            external_id=f"qp:d{n:05d}", name=f"d{n}", direct_multi=[root], direct_single=root
        )
        for n in range(CHILDREN)
    ]
    b = [om.ConnectionItemBWrite(external_id=f"qp:b{n:05d}", name=f"b{n}") for n in range(EDGES)]
    for n in range(30):
        b[n].self_edge = [b[100 + 50 * n + k].as_id() for k in range(50)]
    a = om.ConnectionItemAWrite(external_id="qp:a", name="a", outwards=b)
    leaves = [om.ConnectionItemBWrite(external_id=f"qx:leaf{n}", name=f"leaf{n}") for n in range(5)]
    sharing = [
        om.ConnectionItemAWrite(external_id=f"qx:a{n}", name=f"x{n}", outwards=[x.as_id() for x in leaves])
        for n in range(3)
    ]
    client.upsert([root, *children, *b, a, *leaves, *sharing])


def test_one_root_with_5000_children_in_pages(client: Any, big: None) -> None:
    builder = client.connection_item_e.select().where(external_id_prefix="qp:")
    builder = builder.traverse("direct_reverse_multi")
    with Recorder(client) as recorder:
        (root,) = builder.list(hop_chunk_size=1000)
    assert sorted(xids(root.direct_reverse_multi)) == [f"qp:d{n:05d}" for n in range(CHILDREN)]
    assert recorder.requests == 5  # the pages the largest set needs
    assert len(recorder.returned("s1")) == CHILDREN  # each child arrived once
    assert all(body["select"].keys() == {"s1"} for body in recorder.bodies[1:])  # only the paged set
    with Recorder(client) as recorder:
        (again,) = builder.list()
    assert recorder.requests == 1
    assert len(again.direct_reverse_multi) == CHILDREN


def test_a_hop_through_3000_edges_in_pages(client: Any, big: None) -> None:
    builder = client.connection_item_a.select().where(external_id_prefix="qp:").traverse("outwards")
    with Recorder(client) as recorder:
        (root,) = builder.list(hop_chunk_size=1000)
    assert sorted(xids(root.outwards)) == [f"qp:b{n:05d}" for n in range(EDGES)]
    assert recorder.requests == 3
    assert len(recorder.returned("s1e")) == EDGES
    assert len(recorder.returned("s1")) == EDGES


def test_paging_at_every_level_against_hand_chained_calls(client: Any, big: None) -> None:
    builder = (
        client.connection_item_a.select()
        .where(external_id_prefix="q")
        .traverse("outwards")
        .traverse("self_edge")
    )
    with Recorder(client) as recorder:
        pages = list(builder.iterate(chunk_size=2, hop_chunk_size=700))
    roots = {a.external_id: a for page in pages for a in page}
    assert len(pages) == 2
    assert sorted(roots) == ["qp:a", "qx:a0", "qx:a1", "qx:a2"]
    assert len(roots["qp:a"].outwards) == EDGES
    second = {b.external_id: b for b in roots["qp:a"].outwards}
    for n in range(30):  # the oracle: what each B's self_edge holds, hop by hop
        expected = client.connection_item_b.retrieve(f"qp:b{n:05d}", retrieve_connections="identifier")
        got = second[f"qp:b{n:05d}"].self_edge
        assert sorted(xids(got)) == sorted(x.external_id for x in expected.self_edge)
    assert sum(len(b.self_edge) for b in second.values()) == 1500
    assert recorder.requests > 5  # every level was paged: 3,000 edges at 700 a page, then their dependents
    assert len(recorder.returned("s1e")) == EDGES + 15  # every edge once (15: the three qx roots)
    assert len(recorder.returned("s2e")) == 1500


def test_leaves_already_fetched_are_left_out_of_later_requests(client: Any, big: None) -> None:
    builder = client.connection_item_a.select().where(external_id_prefix="qx:").traverse("outwards")
    with Recorder(client) as recorder:
        pages = list(builder.iterate(chunk_size=1, hop_chunk_size=100))
    assert len(pages) == 3
    assert recorder.requests == 3
    for page in pages:
        assert sorted(xids(page[0].outwards)) == [f"qx:leaf{n}" for n in range(5)]
        assert all(type(b).__name__ == "ConnectionItemB" and b.name for b in page[0].outwards)
    assert sorted(recorder.returned("s1")) == [f"qx:leaf{n}" for n in range(5)]  # fetched once, not 3 times
    left_out = recorder.bodies[1]["with"]["s1"]["nodes"]["filter"]
    assert left_out["not"]["instanceReferences"][0]["space"] == SPACE


def test_direct_targets_fetched_once_over_the_pages_of_their_parents(client: Any, big: None) -> None:
    builder = (
        client.connection_item_e.select()
        .where(external_id_prefix="qp:")
        .traverse("direct_reverse_multi")
        .traverse("direct_single")
    )
    with Recorder(client) as recorder:
        (root,) = builder.list(hop_chunk_size=1000)
    assert len(root.direct_reverse_multi) == CHILDREN
    assert {(d.direct_single.external_id, d.direct_single.name) for d in root.direct_reverse_multi} == {
        ("qp:e", "root")
    }
    assert recorder.requests == 5
    assert recorder.returned("s2") == ["qp:e"]


def test_a_relation_followed_straight_back_is_filled_from_loaded_data(client: Any, big: None) -> None:
    builder = (
        client.connection_item_e.select()
        .where(external_id_prefix="qp:")
        .traverse("direct_reverse_single")
        .traverse("direct_single")
    )
    body = builder.explain()
    assert sorted(body["with"]) == ["root", "s1"]  # the third set would hold the roots again: dropped
    (root,) = builder.list()
    child = root.direct_reverse_single
    assert child is not None
    assert child.external_id.startswith("qp:d")
    back = child.direct_single
    assert back.external_id == "qp:e"
    assert back.name == root.name
    assert back.dump() == root.dump()
    assert back.direct_reverse_single is None  # a copy without the way down: no cycle
    assert root.model_dump()  # serialisable


def test_limit_on_the_first_step_pages_only_what_it_needs(client: Any, big: None) -> None:
    builder = client.connection_item_d.select().where(external_id_prefix="qp:d")
    with Recorder(client) as recorder:
        items = builder.list(limit=2500)
    assert len(items) == 2500
    assert recorder.requests == 1
    assert xids(items) == xids(client.connection_item_d.list(external_id_prefix="qp:d", limit=2500))
    with Recorder(client) as recorder:
        pages = list(builder.iterate(chunk_size=1000, limit=2500))
    assert [len(page) for page in pages] == [1000, 1000, 500]
    assert pages[1].cursor is not None
    assert pages[2].cursor is None  # cut short: no cursor would resume right after it
    assert recorder.requests == 3


def test_retrieve_full_batches_its_lookups_within_the_api_limits(client: Any, big: None) -> None:
    ids = [f"qp:d{n:05d}" for n in range(1500)]  # more than an `in` filter may hold (1,000 values)
    found = client.connection_item_d.retrieve(ids, retrieve_connections="full")
    assert len(found) == 1500
    assert {type(d.direct_single).__name__ for d in found} == {"ConnectionItemE"}


def test_direct_targets_left_out_stay_within_the_api_limits(client: Any, omni_sdk: ModuleType) -> None:
    om = omni_sdk
    targets = [om.ConnectionItemAWrite(external_id=f"qz:t{n:04d}", name=f"t{n}") for n in range(1600)]
    sources = [
        om.ConnectionItemAWrite(external_id=f"qz:s{n:04d}", name=f"s{n}", self_direct=targets[n].as_id())
        for n in range(1600)
    ]
    client.upsert([*targets, *sources])
    builder = client.connection_item_a.select().where(external_id_prefix="qz:s").traverse("self_direct")
    with Recorder(client) as recorder:
        pages = list(builder.iterate(chunk_size=400))
    got = {a.external_id: a.self_direct for page in pages for a in page}
    assert len(got) == 1600
    assert all(target.external_id == f"qz:t{source[4:]}" and target.name for source, target in got.items())
    left_out = [
        len(body["with"]["s1"]["nodes"]["filter"]["and"][-1]["not"]["instanceReferences"])
        for body in recorder.bodies[1:]
    ]
    assert left_out == [400, 800, 1000]  # what earlier pages brought, at most 1,000 references a request
    assert len(recorder.returned("s1")) == 1600  # and still each target once: none was held twice
