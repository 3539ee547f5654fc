"""cognite-sdk's query and sync (the official client's wire format and parsing) against the emulator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from cognite.client import CogniteClient
from cognite.client.data_classes import filters
from cognite.client.data_classes.data_modeling import EdgeApply, NodeApply, NodeId, NodeOrEdgeData, ViewId
from cognite.client.data_classes.data_modeling.instances import InstanceSort
from cognite.client.data_classes.data_modeling.query import (
    EdgeResultSetExpression,
    NodeResultSetExpression,
    NodeResultSetExpressionSync,
    Query,
    QuerySync,
    Select,
    SelectSync,
    SourceSelector,
)
from cognite.client.exceptions import CogniteAPIError

from pygen_core.emulator import Emulator

from .conftest import OMNI, OMNI_INSTANCES
from .test_cognite_sdk import _client

MODEL = "sp_pygen_models"
DATA = "sp_omni_instances"
ITEM_A = ViewId(MODEL, "ConnectionItemA", "1")
ITEM_B = ViewId(MODEL, "ConnectionItemB", "1")
SEED: list[dict[str, Any]] = json.loads(OMNI_INSTANCES.read_text())


@pytest.fixture(scope="module")
def sdk() -> Iterator[CogniteClient]:
    with Emulator(snapshots=[OMNI], seed=OMNI_INSTANCES) as emu:
        client = _client(emu)
        hub = NodeApply(
            DATA, "hub", sources=[NodeOrEdgeData(ITEM_A, {"name": "hub"})], type=(MODEL, "ConnectionItemA")
        )
        spokes = [
            NodeApply(
                DATA,
                f"spoke{n:03d}",
                sources=[
                    NodeOrEdgeData(
                        ITEM_A, {"name": f"s{n % 10}", "selfDirect": {"space": DATA, "externalId": "hub"}}
                    )
                ],
                type=(MODEL, "ConnectionItemA"),
            )
            for n in range(250)
        ]
        targets = [
            NodeApply(
                DATA,
                f"b{n:03d}",
                sources=[NodeOrEdgeData(ITEM_B, {"name": f"b{n}"})],
                type=(MODEL, "ConnectionItemB"),
            )
            for n in range(120)
        ]
        edges = [
            EdgeApply(DATA, f"hub-b{n:03d}", (MODEL, "bidirectional"), (DATA, "hub"), (DATA, f"b{n:03d}"))
            for n in range(120)
        ]
        client.data_modeling.instances.apply(nodes=[hub, *spokes, *targets], edges=edges)
        yield client


def _hub() -> filters.Filter:
    return filters.Equals(["node", "externalId"], "hub")


def test_sdk_query_pages_a_reverse_relation_and_an_edge_hop(sdk: CogniteClient) -> None:
    query = Query(
        with_={
            "hub": NodeResultSetExpression(filter=_hub(), limit=1),
            "spokes": NodeResultSetExpression(
                from_="hub", through=ITEM_A.as_property_ref("selfDirect"), direction="inwards", limit=100
            ),
            "links": EdgeResultSetExpression(from_="hub", max_distance=1, direction="outwards", limit=50),
            "targets": NodeResultSetExpression(from_="links", limit=50),
        },
        select={
            "spokes": Select([SourceSelector(ITEM_A, ["name"])]),
            "links": Select(),
            "targets": Select([SourceSelector(ITEM_B, ["*"])]),
        },
    )
    first = sdk.data_modeling.instances.query(query)
    spokes = [n.external_id for n in first["spokes"]]
    assert len(spokes) == 100
    assert first["spokes"][0].properties[ITEM_A] == {"name": "s0"}
    assert [n.external_id for n in first["targets"]] == [f"b{n:03d}" for n in range(50)]
    query.cursors = {"spokes": first.cursors["spokes"]}
    second = sdk.data_modeling.instances.query(query)
    spokes += [n.external_id for n in second["spokes"]]
    query.cursors = {"spokes": second.cursors["spokes"]}
    third = sdk.data_modeling.instances.query(query)
    spokes += [n.external_id for n in third["spokes"]]
    cursors: dict[str, str | None] = dict(third.cursors)  # typed str, but null once a set is read to its end
    assert cursors["spokes"] is None
    assert spokes == [f"spoke{n:03d}" for n in range(250)]
    query.cursors = {"links": first.cursors["links"]}
    more = sdk.data_modeling.instances.query(query)
    assert [n.external_id for n in more["targets"]] == [f"b{n:03d}" for n in range(50, 100)]


def test_sdk_query_sorts_and_filters_with_parameters(sdk: CogniteClient) -> None:
    query = Query(
        with_={
            "a": NodeResultSetExpression(
                filter=filters.And(
                    filters.HasData(views=[ITEM_A]),
                    filters.Prefix(["node", "externalId"], {"parameter": "pre"}),
                ),
                sort=[
                    InstanceSort(ITEM_A.as_property_ref("name"), "descending"),
                    InstanceSort(["node", "externalId"], "ascending"),
                ],
                limit=5,
            )
        },
        select={"a": Select([SourceSelector(ITEM_A, ["name"])])},
        parameters={"pre": "spoke"},
    )
    got = sdk.data_modeling.instances.query(query)
    assert [n.external_id for n in got["a"]] == ["spoke009", "spoke019", "spoke029", "spoke039", "spoke049"]


def test_sdk_query_errors_are_cognite_api_errors(sdk: CogniteClient) -> None:
    query = Query(with_={"a": NodeResultSetExpression(limit=10_001)}, select={"a": Select()})
    with pytest.raises(CogniteAPIError) as info:
        sdk.data_modeling.instances.query(query)
    assert info.value.code == 400
    assert "with.a.limit" in info.value.message


def test_sdk_sync_resumes_and_reports_changes_and_deletions(sdk: CogniteClient) -> None:
    query = QuerySync(
        with_={"b": NodeResultSetExpressionSync(filter=filters.HasData(views=[ITEM_B]), limit=100)},
        select={"b": SelectSync([SourceSelector(ITEM_B, ["name"])])},
    )
    seen: list[str] = []
    for _ in range(20):
        result = sdk.data_modeling.instances.sync(query)
        query.cursors = result.cursors
        if not result["b"]:
            break
        seen += [n.external_id for n in result["b"]]
    seeded_b = [i["externalId"] for i in SEED if "ConnectionItemB/1" in i["properties"].get(MODEL, {})]
    assert sorted(seen) == sorted([*seeded_b, *(f"b{n:03d}" for n in range(120))])
    sdk.data_modeling.instances.apply(
        nodes=[NodeApply(DATA, "b007", sources=[NodeOrEdgeData(ITEM_B, {"name": "new"})])]
    )
    sdk.data_modeling.instances.delete(nodes=[NodeId(DATA, "b008")])
    delta = sdk.data_modeling.instances.sync(query)
    changed = {n.external_id: n for n in delta["b"]}
    assert set(changed) == {"b007", "b008"}
    assert changed["b007"].properties[ITEM_B] == {"name": "new"}
    assert changed["b008"].deleted_time is not None
    assert changed["b007"].deleted_time is None
