"""cognite-sdk (the official client) pointed at the emulator, on the Omni model with the Omni instances.

Expected results are computed here from ``Omni.instances.json``, independently of the emulator.
"""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Iterator
from typing import Any

import pytest
from cognite.client import ClientConfig, CogniteClient
from cognite.client.credentials import OAuthClientCredentials
from cognite.client.data_classes import aggregations, filters
from cognite.client.data_classes.data_modeling import (
    DataModelId,
    EdgeApply,
    EdgeId,
    MappedProperty,
    NodeApply,
    NodeId,
    NodeOrEdgeData,
    ViewId,
)
from cognite.client.data_classes.data_modeling.instances import InstanceSort
from cognite.client.exceptions import CogniteAPIError

from pygen_core.emulator import Emulator

from .conftest import OMNI, OMNI_INSTANCES

MODEL_SPACE = "sp_pygen_models"
DATA_SPACE = "sp_omni_instances"
PRIMITIVE = ViewId(MODEL_SPACE, "PrimitiveRequired", "1")
ITEM_A = ViewId(MODEL_SPACE, "ConnectionItemA", "1")
ITEM_B = ViewId(MODEL_SPACE, "ConnectionItemB", "1")
ITEM_F = ViewId(MODEL_SPACE, "ConnectionItemF", "1")
EDGE_A = ViewId(MODEL_SPACE, "ConnectionEdgeA", "1")
SEED: list[dict[str, Any]] = json.loads(OMNI_INSTANCES.read_text())


def _seeded(view: ViewId) -> dict[str, dict[str, Any]]:
    """externalId → properties of the seeded nodes with data in ``view``."""
    key = f"{view.external_id}/{view.version}"
    return {
        node["externalId"]: node["properties"][view.space][key]
        for node in SEED
        if key in node.get("properties", {}).get(view.space, {})
    }


def _client(emu: Emulator) -> CogniteClient:
    credentials = OAuthClientCredentials(
        token_url=emu.token_url,
        client_id=emu.client_id,
        client_secret=emu.client_secret,
        scopes=[f"{emu.base_url}/.default"],
    )
    config = ClientConfig(
        client_name="emulator-test", project=emu.project, base_url=emu.base_url, credentials=credentials
    )
    return CogniteClient(config)


@pytest.fixture(scope="module")
def seeded() -> Iterator[Emulator]:
    with Emulator(snapshots=[OMNI], seed=OMNI_INSTANCES) as emu:
        yield emu


@pytest.fixture(scope="module")
def sdk(seeded: Emulator) -> CogniteClient:
    return _client(seeded)


def test_schema_through_the_sdk(sdk: CogniteClient) -> None:
    model = json.loads(OMNI.read_text())
    (retrieved,) = sdk.data_modeling.data_models.retrieve(
        DataModelId(model["space"], model["externalId"], model["version"]), inline_views=True
    )
    assert sorted(v.external_id for v in retrieved.views) == sorted(v["externalId"] for v in model["views"])
    assert len(sdk.data_modeling.views.list(limit=-1, space=MODEL_SPACE)) == 23
    assert len(sdk.data_modeling.containers.list(limit=-1, space=MODEL_SPACE)) == 13
    (view,) = sdk.data_modeling.views.retrieve(ITEM_A)
    other_direct = view.properties["otherDirect"]
    assert isinstance(other_direct, MappedProperty)
    assert other_direct.source == ViewId(MODEL_SPACE, "ConnectionItemC", "1")


def test_list_with_filter_and_sort(sdk: CogniteClient) -> None:
    threshold = -600_000_000
    result = sdk.data_modeling.instances.list(
        instance_type="node",
        sources=[PRIMITIVE],
        filter=filters.And(
            filters.HasData(views=[PRIMITIVE]),
            filters.Range(PRIMITIVE.as_property_ref("int32"), gt=threshold),
        ),
        sort=InstanceSort(PRIMITIVE.as_property_ref("int64"), direction="descending"),
        limit=-1,
    )
    seeded = _seeded(PRIMITIVE)
    expected = sorted(
        (xid for xid, props in seeded.items() if props["int32"] > threshold),
        key=lambda xid: seeded[xid]["int64"],
        reverse=True,
    )
    assert [node.external_id for node in result] == expected
    assert 0 < len(expected) < len(seeded)
    first = result[0].properties[PRIMITIVE]
    assert first["text"] == seeded[expected[0]]["text"]
    assert first["timestamp"] == seeded[expected[0]]["timestamp"]


def test_list_with_prefix_in_and_equals(sdk: CogniteClient) -> None:
    seeded = _seeded(PRIMITIVE)
    chosen = sorted(seeded)[:3]
    flag = seeded[chosen[0]]["boolean"]
    result = sdk.data_modeling.instances.list(
        instance_type="node",
        sources=[PRIMITIVE],
        filter=filters.And(
            filters.Prefix(["node", "externalId"], "PrimitiveRequired:"),
            filters.In(["node", "externalId"], chosen),
            filters.Equals(PRIMITIVE.as_property_ref("boolean"), flag),
        ),
        limit=-1,
    )
    assert sorted(n.external_id for n in result) == [x for x in chosen if seeded[x]["boolean"] == flag]


def test_node_type_filter_of_a_view(sdk: CogniteClient) -> None:
    result = sdk.data_modeling.instances.list(
        instance_type="node",
        filter=filters.Equals(["node", "type"], {"space": MODEL_SPACE, "externalId": "ConnectionItemA"}),
        limit=-1,
    )
    expected = {n["externalId"] for n in SEED if n.get("type", {}).get("externalId") == "ConnectionItemA"}
    assert {n.external_id for n in result} == expected
    assert expected


def test_search(sdk: CogniteClient) -> None:
    seeded = _seeded(PRIMITIVE)
    target = sorted(seeded)[0]
    words = re.findall(r"\w+", seeded[target]["text"])[:2]
    query = " ".join(words)
    result = sdk.data_modeling.instances.search(PRIMITIVE, query=query, properties=["text"], limit=100)

    def matches(text: str) -> bool:
        tokens = {t.lower() for t in re.findall(r"\w+", text)}
        return all(w.lower() in tokens for w in words)

    expected = {xid for xid, props in seeded.items() if matches(props["text"])}
    assert target in expected
    assert {n.external_id for n in result} == expected


def test_aggregates(sdk: CogniteClient) -> None:
    seeded = _seeded(PRIMITIVE)
    count = sdk.data_modeling.instances.aggregate(PRIMITIVE, aggregations.Count("externalId"))
    assert count.value == len(seeded)
    avg, max_, min_ = sdk.data_modeling.instances.aggregate(
        PRIMITIVE,
        [aggregations.Avg("float32"), aggregations.Max("int32"), aggregations.Min("int32")],
    )
    assert avg.value == pytest.approx(statistics.mean(p["float32"] for p in seeded.values()), rel=1e-4)
    assert max_.value == max(p["int32"] for p in seeded.values())
    assert min_.value == min(p["int32"] for p in seeded.values())
    grouped = sdk.data_modeling.instances.aggregate(
        PRIMITIVE, aggregations.Count("externalId"), group_by="boolean"
    )
    counts = {group.group["boolean"]: group.aggregates[0].value for group in grouped}
    expected = {flag: sum(1 for p in seeded.values() if p["boolean"] == flag) for flag in (True, False)}
    assert counts == {flag: n for flag, n in expected.items() if n}


def test_apply_retrieve_list_and_delete_nodes_and_edges() -> None:
    with Emulator(snapshots=[OMNI], seed=OMNI_INSTANCES) as emu:
        sdk = _client(emu)
        a = NodeApply(
            DATA_SPACE,
            "sdk:a",
            sources=[
                NodeOrEdgeData(
                    ITEM_A, {"name": "from sdk", "selfDirect": {"space": DATA_SPACE, "externalId": "sdk:a"}}
                )
            ],
            type=(MODEL_SPACE, "ConnectionItemA"),
        )
        b = NodeApply(
            DATA_SPACE,
            "sdk:b",
            sources=[NodeOrEdgeData(ITEM_B, {"name": "target"})],
            type=(MODEL_SPACE, "ConnectionItemB"),
        )
        f = NodeApply(
            DATA_SPACE,
            "sdk:f",
            sources=[NodeOrEdgeData(ITEM_F, {"name": "f"})],
            type=(MODEL_SPACE, "ConnectionItemF"),
        )
        plain_edge = EdgeApply(
            DATA_SPACE,
            "sdk:a-b",
            type=(MODEL_SPACE, "bidirectional"),
            start_node=(DATA_SPACE, "sdk:a"),
            end_node=(DATA_SPACE, "sdk:b"),
        )
        edge_with_props = EdgeApply(
            DATA_SPACE,
            "sdk:f-b",
            type=(MODEL_SPACE, "multiProperty"),
            start_node=(DATA_SPACE, "sdk:f"),
            end_node=(DATA_SPACE, "sdk:b"),
            sources=[NodeOrEdgeData(EDGE_A, {"name": "edge", "startTime": "2024-01-02T03:04:05.678+00:00"})],
        )
        created = sdk.data_modeling.instances.apply(nodes=[a, b, f], edges=[plain_edge, edge_with_props])
        assert [r.was_modified for r in created.nodes] == [True, True, True]
        assert [r.version for r in created.edges] == [1, 1]
        again = sdk.data_modeling.instances.apply(nodes=[b])
        assert again.nodes[0].was_modified is False

        got = sdk.data_modeling.instances.retrieve(
            nodes=[NodeId(DATA_SPACE, "sdk:a"), NodeId(DATA_SPACE, "missing")], sources=[ITEM_A]
        )
        assert [n.external_id for n in got.nodes] == ["sdk:a"]
        props = got.nodes[0].properties[ITEM_A]
        assert props["name"] == "from sdk"
        assert props["selfDirect"] == {"space": DATA_SPACE, "externalId": "sdk:a"}
        edges = sdk.data_modeling.instances.retrieve(
            edges=[EdgeId(DATA_SPACE, "sdk:f-b")], sources=[EDGE_A]
        ).edges
        assert edges[0].properties[EDGE_A]["startTime"] == "2024-01-02T03:04:05.678+00:00"
        assert edges[0].start_node.external_id == "sdk:f"

        listed = sdk.data_modeling.instances.list(
            instance_type="edge",
            filter=filters.Equals(["edge", "type"], {"space": MODEL_SPACE, "externalId": "bidirectional"}),
            limit=-1,
        )
        assert "sdk:a-b" in {e.external_id for e in listed}

        deleted = sdk.data_modeling.instances.delete(
            nodes=[NodeId(DATA_SPACE, "sdk:a")], edges=[EdgeId(DATA_SPACE, "sdk:f-b")]
        )
        assert [n.external_id for n in deleted.nodes] == ["sdk:a"]
        assert [e.external_id for e in deleted.edges] == ["sdk:f-b"]
        after = sdk.data_modeling.instances.retrieve(
            nodes=[NodeId(DATA_SPACE, "sdk:a")], edges=[EdgeId(DATA_SPACE, "sdk:f-b")]
        )
        assert list(after.nodes) == []
        assert list(after.edges) == []


def test_invalid_apply_raises_cognite_api_error_with_request_id(sdk: CogniteClient) -> None:
    bad = NodeApply(DATA_SPACE, "sdk:bad", sources=[NodeOrEdgeData(PRIMITIVE, {"int32": "not a number"})])
    with pytest.raises(CogniteAPIError) as info:
        sdk.data_modeling.instances.apply(nodes=[bad])
    assert info.value.code == 400
    assert info.value.x_request_id
