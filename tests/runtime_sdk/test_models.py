"""Node/edge base classes, tolerant reads, write dumps and flattening — on a small model declared here."""

from __future__ import annotations

import datetime
from typing import ClassVar, Literal

import pytest
from pydantic import ValidationError

from pygen_core.runtime import (
    DirectRelation,
    EdgeConnection,
    EdgeId,
    EdgeRead,
    EdgeWrite,
    InstanceResult,
    NodeId,
    NodeList,
    NodeRead,
    NodeWrite,
    NodeWriteList,
    UpsertError,
    UpsertResult,
    ViewId,
    ViewSpec,
    WritableNodeList,
)
from pygen_core.runtime._flatten import flatten
from pygen_core.runtime._results import FailedItem

VIEW = ViewId("my_space", "Pump", "v1")
FLOW = ViewId("my_space", "FlowsTo", "v1")
_PUMP = ViewSpec(
    VIEW,
    properties={
        "name": "name",
        "status": "status",
        "installed": "installed",
        "last_seen": "lastSeen",
        "site": "site",
    },
    connections={
        "site": DirectRelation("site"),
        "valves": EdgeConnection(NodeId("my_space", "Pump.valves"), "outwards", target="Pump"),
    },
)
_FLOW = ViewSpec(FLOW, properties={"rate": "rate"})


class PumpWrite(NodeWrite):
    _view: ClassVar[ViewSpec] = _PUMP
    model_config = _PUMP.write_config
    space: str = "inst"
    name: str | None = None
    status: Literal["running", "stopped"] | None = None
    installed: datetime.date | None = None
    last_seen: datetime.datetime | None = None
    site: NodeId | tuple[str, str] | str | None = None
    valves: list[PumpWrite | NodeId | tuple[str, str] | str] | None = None


class Pump(NodeRead):
    _view: ClassVar[ViewSpec] = _PUMP
    model_config = _PUMP.read_config
    name: str | None = None
    status: Literal["running", "stopped"] | str | None = None
    installed: datetime.date | None = None
    last_seen: datetime.datetime | None = None
    site: Pump | NodeId | None = None
    valves: list[Pump | NodeId] | None = None

    def as_write(self) -> PumpWrite:
        return self._as_write(PumpWrite)


class FlowWrite(EdgeWrite):
    _view: ClassVar[ViewSpec] = _FLOW
    model_config = _FLOW.write_config
    rate: float | None = None


class Flow(EdgeRead):
    _view: ClassVar[ViewSpec] = _FLOW
    model_config = _FLOW.read_config
    rate: float | None = None


class PumpList(NodeList[Pump]):
    pass


class PumpWriteList(NodeWriteList[PumpWrite]):
    pass


class WritablePumpList(WritableNodeList[Pump, PumpWriteList]):
    pass


WIRE = {
    "instanceType": "node",
    "space": "inst",
    "externalId": "pump:1",
    "version": 3,
    "createdTime": 1729356272492,
    "lastUpdatedTime": 1729356272999,
    "type": {"space": "my_space", "externalId": "Pump"},
    "properties": {
        "my_space": {
            "Pump/v1": {
                "name": "P1",
                "status": "exploded",
                "lastSeen": "2024-04-12T11:48:44.000+00:00",
                "installed": "2024-04-19",
                "site": {"space": "inst", "externalId": "site:1"},
                "addedInV2": [1, 2, 3],
            },
            "Other/v1": {"x": 1},
        }
    },
}


def test_read_from_wire_is_typed_and_tolerant() -> None:
    pump = Pump.model_validate(WIRE)
    assert pump.status == "exploded"  # an enum value this SDK does not know survives as a string
    assert pump.last_seen == datetime.datetime(2024, 4, 12, 11, 48, 44, tzinfo=datetime.timezone.utc)
    assert pump.installed == datetime.date(2024, 4, 19)
    assert pump.created_time == datetime.datetime(
        2024, 10, 19, 16, 44, 32, 492000, tzinfo=datetime.timezone.utc
    )
    assert pump.site == NodeId("inst", "site:1")
    assert pump.node_type == NodeId("my_space", "Pump")
    assert pump.as_id() == NodeId("inst", "pump:1")


def test_dump_round_trips_in_wire_form() -> None:
    pump = Pump.model_validate(WIRE)
    dumped = pump.dump()
    assert dumped["createdTime"] == 1729356272492
    assert dumped["properties"]["my_space"]["Pump/v1"]["lastSeen"] == "2024-04-12T11:48:44.000+00:00"
    assert "addedInV2" not in dumped["properties"]["my_space"]["Pump/v1"]
    assert Pump.model_validate(dumped) == pump


def test_as_write_carries_only_the_properties_that_were_read() -> None:
    wire = {**WIRE, "properties": {"my_space": {"Pump/v1": {"name": "P1", "status": "running"}}}}
    write = Pump.model_validate(wire).as_write()
    assert write.model_fields_set >= {"name", "status", "space", "external_id", "node_type"}
    assert "last_seen" not in write.model_fields_set
    [item] = flatten([write], None)
    assert item["sources"][0]["properties"] == {"name": "P1", "status": "running"}
    assert item["type"] == {"space": "my_space", "externalId": "Pump"}


def test_write_classes_validate_input() -> None:
    with pytest.raises(ValidationError, match="nmae"):
        PumpWrite(external_id="a", nmae="typo")  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="external_id"):
        PumpWrite(external_id="")
    with pytest.raises(ValidationError, match="status"):
        PumpWrite(external_id="a", status="exploded")  # type: ignore[arg-type]


def test_flatten_sends_set_properties_explicit_nulls_and_wire_values() -> None:
    seen = datetime.datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.timezone.utc)
    pump = PumpWrite(external_id="p", name=None, last_seen=seen, site="s1", existing_version=2)
    [item] = flatten([pump], "dflt")
    assert item == {
        "instanceType": "node",
        "space": "inst",
        "externalId": "p",
        "existingVersion": 2,
        "sources": [
            {
                "source": VIEW.dump(),
                "properties": {
                    "name": None,
                    "lastSeen": "2024-01-02T03:04:05.678+00:00",
                    "site": {"space": "dflt", "externalId": "s1"},
                },
            }
        ],
    }


def test_flatten_follows_nested_objects_and_edges_once() -> None:
    inner = PumpWrite(external_id="v1", name="valve")
    outer = PumpWrite(external_id="p", valves=[inner, ("inst", "v2"), inner])
    items = flatten([outer, inner, PumpWrite(external_id="v1", name="valve")], None)
    keys = [(i["instanceType"], i["externalId"]) for i in items]
    assert sorted(keys) == [
        ("edge", "p:Pump.valves:v1"),
        ("edge", "p:Pump.valves:v2"),
        ("node", "p"),
        ("node", "v1"),
    ]
    v1 = next(i for i in items if i["externalId"] == "v1")
    assert v1["sources"][0]["properties"] == {"name": "valve"}
    edge = next(i for i in items if i["externalId"] == "p:Pump.valves:v2")
    assert edge["startNode"] == {"space": "inst", "externalId": "p"}
    assert edge["endNode"] == {"space": "inst", "externalId": "v2"}
    assert edge["type"] == {"space": "my_space", "externalId": "Pump.valves"}


def test_standalone_edge_needs_type_and_end_points() -> None:
    with pytest.raises(ValueError, match="edge e1: edge_type, start_node and end_node must all be set"):
        flatten([FlowWrite(external_id="e1", rate=1.0)], None)
    [edge] = flatten(
        [
            FlowWrite(
                edge_type=NodeId("my_space", "Flows"), start_node=("a", "p1"), end_node=("a", "p2"), rate=1.5
            )
        ],
        None,
    )
    assert edge["space"] == "a"
    assert edge["externalId"] == "p1:Flows:p2"
    assert edge["sources"][0]["properties"] == {"rate": 1.5}


def test_edge_read_from_wire() -> None:
    wire = {
        "instanceType": "edge",
        "space": "inst",
        "externalId": "e",
        "version": 1,
        "createdTime": 0,
        "lastUpdatedTime": 0,
        "type": {"space": "my_space", "externalId": "Flows"},
        "startNode": {"space": "inst", "externalId": "p1"},
        "endNode": {"space": "inst", "externalId": "p2"},
        "properties": {"my_space": {"FlowsTo/v1": {"rate": 2.5}}},
    }
    flow = Flow.model_validate(wire)
    assert (flow.start_node, flow.end_node, flow.rate) == (NodeId("inst", "p1"), NodeId("inst", "p2"), 2.5)
    assert Flow.model_validate(flow.dump()) == flow


def test_list_helpers() -> None:
    pumps = PumpList([Pump.model_validate(WIRE)], cursor="c1")
    assert pumps.cursor == "c1"
    assert pumps.as_ids() == [NodeId("inst", "pump:1")]
    assert pumps.dump()[0]["externalId"] == "pump:1"
    assert repr(pumps).startswith("PumpList([Pump(")
    row = pumps[0].to_row()
    assert list(row)[:2] == ["space", "external_id"]
    assert row["site"] == {"space": "inst", "externalId": "site:1"}


def test_a_writable_list_gives_its_own_write_list_class() -> None:
    wire = {**WIRE, "properties": {"my_space": {"Pump/v1": {"name": "P1", "status": "running"}}}}
    pumps = WritablePumpList([Pump.model_validate(wire)], cursor="c1")
    writes = pumps.as_write()
    assert type(writes) is PumpWriteList  # the class named in the list's second type argument
    assert [w.external_id for w in writes] == ["pump:1"]
    assert isinstance(writes[0], PumpWrite)
    assert not hasattr(PumpList([]), "as_write")  # a read-only view's list has none


def test_view_spec_groups_attributes_by_filter_operations() -> None:
    spec = ViewSpec(
        VIEW,
        Literal["external_id", "name", "last_seen", "site"],
        filtered={"in prefix": ("name",), "min max": ("last_seen",), "node": ("site",)},
    )
    assert spec.filters == {
        "max_last_seen": ("max", "lastSeen"),
        "min_last_seen": ("min", "lastSeen"),
        "name": ("in", "name"),
        "name_prefix": ("prefix", "name"),
        "site": ("node", "site"),
    }
    with pytest.raises(ValueError, match="unknown filter operation 'between' in 'min between'"):
        ViewSpec(VIEW, Literal["external_id", "name"], filtered={"min between": ("name",)})


def test_upsert_result_classification_and_error_message() -> None:
    result = UpsertResult(
        [
            InstanceResult.load(
                {"space": "s", "externalId": "a", "wasModified": True, "createdTime": 1, "lastUpdatedTime": 1}
            ),
            InstanceResult.load(
                {"space": "s", "externalId": "b", "wasModified": True, "createdTime": 1, "lastUpdatedTime": 2}
            ),
            InstanceResult.load({"space": "s", "externalId": "c", "wasModified": False}),
        ]
    )
    assert result.created == [NodeId("s", "a")]
    assert result.updated == [NodeId("s", "b")]
    assert result.unchanged == [NodeId("s", "c")]
    error = UpsertError(result, [FailedItem(NodeId("s", "d"), "CDF API error 409:\nconflict")])
    assert str(error) == (
        "upsert: 1 item(s) failed, 3 succeeded; first: NodeId('s', 'd'): CDF API error 409: conflict"
    )


def test_invalid_response_item_is_one_line_naming_instance_and_path() -> None:
    from types import SimpleNamespace

    from pygen_core.runtime import CDFError, NodeAPI

    class PumpAPI(NodeAPI[Pump, PumpList]):
        pass

    bound = (PumpAPI._read_class, PumpAPI._list_class, PumpAPI._view)  # type: ignore[misc]  # set per subclass
    assert bound == (Pump, PumpList, _PUMP)
    api = PumpAPI(SimpleNamespace(_http=None, default_space=None))  # type: ignore[arg-type]
    bad = {**WIRE, "externalId": "pump:2", "properties": {"my_space": {"Pump/v1": {"installed": "soon"}}}}
    with pytest.raises(CDFError) as caught:
        api._validate([WIRE, bad])
    assert str(caught.value) == (
        "my_space:Pump/v1: response item inst:pump:2 is invalid at properties.my_space.Pump/v1.installed: "
        "Input should be a valid date or datetime, input is too short"
    )
    assert len(api._validate([WIRE])) == 1


def test_malformed_response_shapes_are_one_line_errors() -> None:
    from pygen_core.runtime import CDFError
    from pygen_core.runtime._results import instance_id, response_items

    assert response_items({"items": [{"a": 1}]}, "list") == [{"a": 1}]
    assert response_items({}, "list") == []
    with pytest.raises(CDFError, match=r"^list v: the response's 'items' is not a list of objects$"):
        response_items({"items": {"x": 1}}, "list v")
    with pytest.raises(CDFError, match="not a list of objects"):
        response_items({"items": [1, 2]}, "list v")
    with pytest.raises(CDFError, match="response item without space/externalId"):
        instance_id({"instanceType": "node", "space": "s"})
    assert instance_id({"instanceType": "edge", "space": "s", "externalId": "e"}) == EdgeId("s", "e")


def test_flatten_rejects_one_id_with_two_different_contents() -> None:
    first = PumpWrite(external_id="v1", name="a")
    with pytest.raises(
        ValueError, match=r"^upsert: node inst:v1 is given twice with different content; pass it once$"
    ):
        flatten([first, PumpWrite(external_id="p", valves=[PumpWrite(external_id="v1", name="b")])], None)
    with pytest.raises(ValueError, match="edge a:e1 is given twice"):
        flatten(
            [
                FlowWrite(
                    space="a", external_id="e1", edge_type=NodeId("s", "t"), start_node="x", end_node="y"
                ),
                FlowWrite(
                    space="a", external_id="e1", edge_type=NodeId("s", "t"), start_node="x", end_node="z"
                ),
            ],
            "a",
        )
