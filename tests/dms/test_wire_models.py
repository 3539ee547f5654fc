from __future__ import annotations

import copy
import inspect
import json
import typing
from typing import Any

import pytest
from pydantic import ValidationError

from pygen_core import PygenError, dms
from pygen_core.dms import (
    BTreeIndex,
    Container,
    ContainerApply,
    ContainerId,
    DataModel,
    DataModelApply,
    DataModelId,
    DirectRelationProperty,
    EnumProperty,
    Float64Property,
    MappedProperty,
    MappedPropertyApply,
    MultiEdgeConnection,
    MultiReverseDirectRelation,
    RequiresConstraint,
    SingleReverseDirectRelation,
    TextProperty,
    UniquenessConstraint,
    UnknownConstraint,
    UnknownIndex,
    UnknownPropertyType,
    UnknownViewProperty,
    UnknownViewPropertyApply,
    View,
    ViewApply,
    ViewId,
)

from .conftest import MODEL_FILES, without_nulls_and_ref_markers

# Reference §2.1 container example (write form) plus the read-only fields of §2.1.
CONTAINER_JSON: dict[str, Any] = {
    "space": "my_space",
    "externalId": "Pump",
    "name": "Pump",
    "description": "d",
    "usedFor": "node",
    "isGlobal": False,
    "createdTime": 1,
    "lastUpdatedTime": 2,
    "properties": {
        "name": {
            "type": {"type": "text", "list": False, "collation": "ucs_basic", "maxTextSize": 1024},
            "nullable": False,
            "immutable": False,
            "autoIncrement": False,
            "constraintState": {"nullability": "current"},
        },
        "tags": {"type": {"type": "text", "list": True, "maxListSize": 100, "collation": "ucs_basic"}},
        "i32": {"type": {"type": "int32", "list": False}},
        "i64": {"type": {"type": "int64", "list": False}, "nullable": False, "autoIncrement": True},
        "f32": {"type": {"type": "float32", "list": True, "maxListSize": 10}},
        "pressure": {
            "type": {
                "type": "float64",
                "list": False,
                "unit": {"externalId": "pressure:bar", "sourceUnit": "bar"},
            }
        },
        "flag": {"type": {"type": "boolean"}, "defaultValue": True},
        "seen": {"type": {"type": "timestamp", "list": False}},
        "installed": {"type": {"type": "date", "list": False}, "immutable": True},
        "meta": {"type": {"type": "json", "list": False}, "defaultValue": {"a": None, "b": [1]}},
        "site": {
            "type": {
                "type": "direct",
                "list": False,
                "container": {"space": "my_space", "externalId": "Site", "type": "container"},
            }
        },
        "sites": {
            "type": {"type": "direct", "list": True, "container": {"space": "my_space", "externalId": "Site"}}
        },
        "ts": {"type": {"type": "timeseries", "list": False}},
        "file": {"type": {"type": "file", "list": True}},
        "seq": {"type": {"type": "sequence", "list": False}},
        "status": {
            "type": {
                "type": "enum",
                "values": {"running": {"name": "Running"}, "stopped": {}},
                "unknownValue": "stopped",
            },
            "defaultValue": "stopped",
        },
    },
    "constraints": {
        "requiresAsset": {
            "constraintType": "requires",
            "require": {"space": "cdf_cdm", "externalId": "CogniteAsset", "type": "container"},
            "state": "current",
        },
        "uniqueName": {"constraintType": "uniqueness", "properties": ["name"]},
    },
    "indexes": {
        "byName": {"indexType": "btree", "properties": ["name"], "cursorable": True, "state": "pending"},
        "byTags": {"indexType": "inverted", "properties": ["tags"]},
    },
}


def test_every_shared_model_round_trips(model_json: dict[str, Any]) -> None:
    model = DataModel.load(model_json)
    dumped = model.dump()
    assert without_nulls_and_ref_markers(dumped) == without_nulls_and_ref_markers(model_json)
    assert not _contains_none(dumped)  # the shared models hold no raw-JSON nulls, so none may be written
    assert DataModel.load(dumped).dump() == dumped  # idempotent
    assert all(isinstance(view, View) for view in model.views)


def _contains_none(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_contains_none(item) for item in value.values())
    if isinstance(value, list):
        return any(_contains_none(item) for item in value)
    return value is None


def test_shared_models_cover_every_property_and_connection_type() -> None:
    kinds: set[str] = set()
    for path in MODEL_FILES:
        for view in DataModel.load(json.loads(path.read_text())).views:
            assert isinstance(view, View)
            for prop in view.properties.values():
                assert not isinstance(prop, UnknownViewProperty), path
                if isinstance(prop, MappedProperty):
                    assert not isinstance(prop.type, UnknownPropertyType), path
                    kinds.add(prop.type.type)
                else:
                    kinds.add(type(prop).__name__)
    assert {"text", "int32", "int64", "float32", "float64", "boolean", "timestamp", "date", "json"} <= kinds
    assert {"direct", "timeseries", "file", "sequence", "enum"} <= kinds
    assert {
        "SingleEdgeConnection",
        "MultiEdgeConnection",
        "SingleReverseDirectRelation",
        "MultiReverseDirectRelation",
    } <= kinds


def test_direct_relation_source_read_from_type_source() -> None:
    checked = 0
    for path in MODEL_FILES:
        checked += _check_direct_relation_sources(json.loads(path.read_text()))
    assert checked > 0


def _check_direct_relation_sources(model_json: dict[str, Any]) -> int:
    model = DataModel.load(model_json)
    checked = 0
    for raw_view, view in zip(model_json["views"], model.views, strict=True):
        assert isinstance(view, View)
        for name, prop in view.properties.items():
            raw_source = raw_view["properties"][name].get("type", {}).get("source")
            if (
                isinstance(prop, MappedProperty)
                and isinstance(prop.type, DirectRelationProperty)
                and raw_source
            ):
                assert prop.source == ViewId.load(raw_source)
                assert prop.type.source == prop.source
                checked += 1
    return checked


def test_direct_relation_source_accepted_at_property_level() -> None:
    raw: dict[str, Any] = {
        "container": {"space": "s", "externalId": "Pump"},
        "containerPropertyIdentifier": "site",
        "type": {"type": "direct", "list": False},
        "source": {"space": "s", "externalId": "Site", "version": "v1", "type": "view"},
    }
    prop = MappedProperty.load(raw)
    assert prop.source == ViewId(space="s", external_id="Site", version="v1")
    assert isinstance(prop.type, DirectRelationProperty)
    assert prop.type.source == prop.source
    assert prop.dump()["source"] == raw["source"]
    apply = MappedPropertyApply.load(raw)
    assert apply.source == prop.source


def test_container_with_every_property_type_round_trips() -> None:
    container = Container.load(CONTAINER_JSON)
    assert without_nulls_and_ref_markers(container.dump()) == without_nulls_and_ref_markers(CONTAINER_JSON)
    props = container.properties
    assert isinstance(props["name"].type, TextProperty)
    assert props["name"].type.max_text_size == 1024
    assert props["name"].nullable is False
    assert props["tags"].type.list is True  # type: ignore[union-attr]
    assert props["i64"].auto_increment is True
    assert isinstance(props["pressure"].type, Float64Property)
    assert props["pressure"].type.unit is not None
    assert props["pressure"].type.unit.external_id == "pressure:bar"
    assert props["meta"].default_value == {"a": None, "b": [1]}  # raw JSON kept, nulls included
    assert container.dump()["properties"]["meta"]["defaultValue"] == {"a": None, "b": [1]}
    site, sites = props["site"].type, props["sites"].type
    assert isinstance(site, DirectRelationProperty)
    assert isinstance(sites, DirectRelationProperty)
    assert site.container == sites.container == ContainerId(space="my_space", external_id="Site")
    status = props["status"].type
    assert isinstance(status, EnumProperty)
    assert sorted(status.values) == ["running", "stopped"]
    assert status.unknown_value == "stopped"
    assert isinstance(container.constraints["requiresAsset"], RequiresConstraint)
    assert isinstance(container.constraints["uniqueName"], UniquenessConstraint)
    index = container.indexes["byName"]
    assert isinstance(index, BTreeIndex)
    assert index.cursorable is True
    assert container.dump()["indexes"]["byName"]["state"] == "pending"  # unknown key survives
    assert container.dump()["properties"]["name"]["constraintState"] == {"nullability": "current"}
    assert ContainerApply.load(CONTAINER_JSON).id == container.id


def test_unknown_property_constraint_and_index_types_are_kept() -> None:
    raw = copy.deepcopy(CONTAINER_JSON)
    raw["properties"]["vec"] = {"type": {"type": "vector", "dimensions": 3, "list": False}}
    raw["constraints"]["future"] = {"constraintType": "checkSomething", "expression": "x > 1"}
    raw["indexes"]["future"] = {"indexType": "gist", "properties": ["vec"], "extra": {"deep": [1, 2]}}
    container = Container.load(raw)
    vec = container.properties["vec"].type
    assert isinstance(vec, UnknownPropertyType)
    assert vec.type == "vector"
    assert vec.raw == {"type": "vector", "dimensions": 3, "list": False}
    assert isinstance(container.constraints["future"], UnknownConstraint)
    assert isinstance(container.indexes["future"], UnknownIndex)
    assert container.dump() == Container.load(container.dump()).dump()
    assert without_nulls_and_ref_markers(container.dump()) == without_nulls_and_ref_markers(raw)


def test_unknown_connection_type_and_unknown_fields_survive() -> None:
    raw: dict[str, Any] = {
        "space": "s",
        "externalId": "V",
        "version": "v1",
        "futureTopLevel": {"a": 1},
        "properties": {
            "graph": {"connectionType": "hyper_edge", "source": {"space": "s", "externalId": "X"}, "k": [1]},
            "title": {
                "container": {"space": "s", "externalId": "C"},
                "containerPropertyIdentifier": "title",
                "type": {"type": "text", "newTypeFlag": True},
                "futurePropFlag": "x",
            },
        },
    }
    view = View.load(raw)
    assert isinstance(view.properties["graph"], UnknownViewProperty)
    assert view.properties["graph"].connection_type == "hyper_edge"
    dumped = view.dump()
    assert dumped["futureTopLevel"] == {"a": 1}
    assert dumped["properties"]["graph"] == raw["properties"]["graph"]
    assert dumped["properties"]["title"]["futurePropFlag"] == "x"
    assert dumped["properties"]["title"]["type"] == {"type": "text", "newTypeFlag": True}
    apply = ViewApply.load(raw)
    assert isinstance(apply.properties["graph"], UnknownViewPropertyApply)
    assert isinstance(apply.properties["title"], MappedPropertyApply)


def test_view_connections_read_form() -> None:
    raw: dict[str, Any] = {
        "space": "my_space",
        "externalId": "Pump",
        "version": "v1",
        "implements": [{"space": "cdf_cdm", "externalId": "CogniteAsset", "version": "v1", "type": "view"}],
        "filter": {"hasData": [{"type": "container", "space": "my_space", "externalId": "Pump"}]},
        "properties": {
            "valves": {
                "connectionType": "multi_edge_connection",
                "type": {"space": "my_space", "externalId": "Pump.valves"},
                "source": {"space": "my_space", "externalId": "Valve", "version": "v1", "type": "view"},
                "direction": "inwards",
                "edgeSource": {"space": "my_space", "externalId": "FlowsTo", "version": "v1", "type": "view"},
            },
            "workOrders": {
                "connectionType": "multi_reverse_direct_relation",
                "source": {"space": "my_space", "externalId": "WorkOrder", "version": "v1", "type": "view"},
                "through": {
                    "source": {
                        "space": "my_space",
                        "externalId": "WorkOrder",
                        "version": "v1",
                        "type": "view",
                    },
                    "identifier": "pump",
                },
                "targetsList": True,
            },
            "controller": {
                "connectionType": "single_reverse_direct_relation",
                "source": {"space": "my_space", "externalId": "Controller", "version": "v1", "type": "view"},
                "through": {"source": {"space": "my_space", "externalId": "Pump"}, "identifier": "pump"},
            },
        },
    }
    view = View.load(raw)
    valves = view.properties["valves"]
    assert isinstance(valves, MultiEdgeConnection)
    assert valves.direction == "inwards"
    assert valves.edge_source == ViewId(space="my_space", external_id="FlowsTo", version="v1")
    work_orders = view.properties["workOrders"]
    assert isinstance(work_orders, MultiReverseDirectRelation)
    assert isinstance(work_orders.through.source, ViewId)
    assert work_orders.targets_list is True
    controller = view.properties["controller"]
    assert isinstance(controller, SingleReverseDirectRelation)
    assert controller.through.source == ContainerId(space="my_space", external_id="Pump")
    assert view.filter == raw["filter"]
    assert view.implements == [ViewId(space="cdf_cdm", external_id="CogniteAsset", version="v1")]
    dumped = view.dump()
    assert dumped["properties"]["controller"]["through"]["source"]["type"] == "container"
    assert without_nulls_and_ref_markers(dumped) == without_nulls_and_ref_markers(raw)


def test_data_model_views_may_be_references_or_inline() -> None:
    ref = {"space": "s", "externalId": "A", "version": "1", "type": "view"}
    inline = {"space": "s", "externalId": "B", "version": "1", "properties": {}}
    model = DataModel.load({"space": "s", "externalId": "M", "version": "1", "views": [ref, inline]})
    assert model.views[0] == ViewId(space="s", external_id="A", version="1")
    assert isinstance(model.views[1], View)
    assert model.view_ids == [ViewId.load(ref), ViewId(space="s", external_id="B", version="1")]
    apply = DataModelApply.load({"space": "s", "externalId": "M", "version": "1", "views": [ref, inline]})
    assert isinstance(apply.views[1], ViewApply)
    assert apply.dump()["views"][0] == ref


def test_python_construction_dumps_discriminators() -> None:
    prop = dms.ContainerProperty(type=TextProperty())
    assert prop.dump() == {"type": {"type": "text"}}
    index = BTreeIndex(properties=["a"])
    assert index.dump() == {"indexType": "btree", "properties": ["a"]}
    connection = dms.SingleEdgeConnectionApply(
        type=dms.DirectRelationReference(space="s", external_id="t"),
        source=ViewId(space="s", external_id="V", version="1"),
    )
    assert connection.dump()["connectionType"] == "single_edge_connection"
    assert connection.dump()["type"] == {"space": "s", "externalId": "t"}


def test_snake_case_attributes_and_camel_case_wire() -> None:
    view = ViewApply(space="s", external_id="V", version="1")
    assert view.dump() == {"space": "s", "externalId": "V", "version": "1"}
    assert ViewApply.load({"space": "s", "external_id": "V", "version": "1"}).external_id == "V"


def test_bad_input_raises_validation_error_with_location() -> None:
    with pytest.raises(ValidationError) as info:
        View.load({"space": "s", "externalId": "V", "version": "1", "properties": {"p": {"container": 3}}})
    locations = [dms.format_validation_error(info.value)]
    assert "properties.p.container" in locations[0]
    assert "dms:" not in locations[0]


# --- ids -------------------------------------------------------------------------------------------------


def test_ids_are_frozen_hashable_and_ordered() -> None:
    a = ViewId(space="a", external_id="X", version="2")
    b = ViewId(space="a", external_id="Y", version="1")
    assert sorted([b, a]) == [a, b]
    assert a < b
    assert b > a
    assert a <= a
    assert b >= a
    assert {a, ViewId(space="a", external_id="X", version="2")} == {a}
    with pytest.raises(ValidationError):
        a.space = "z"
    assert ContainerId(space="s", external_id="C") < ContainerId(space="s", external_id="D")
    with pytest.raises(TypeError):
        _ = a < ContainerId(space="a", external_id="X")


def test_container_reference_accepted_with_and_without_type_marker() -> None:
    with_marker = ContainerId.load({"space": "s", "externalId": "C", "type": "container"})
    without = ContainerId.load({"space": "s", "externalId": "C"})
    assert with_marker == without
    assert without.dump() == {"space": "s", "externalId": "C", "type": "container"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sp_pygen_models:Omni/1", ("sp_pygen_models", "Omni", "1")),
        (" cdf_cdm:CogniteCore/v1 ", ("cdf_cdm", "CogniteCore", "v1")),
        ("pygen-models:OmniMultiA/1.0_b", ("pygen-models", "OmniMultiA", "1.0_b")),
    ],
)
def test_data_model_id_parse(text: str, expected: tuple[str, str, str]) -> None:
    parsed = DataModelId.parse(text)
    assert (parsed.space, parsed.external_id, parsed.version) == expected
    assert DataModelId.parse(str(parsed)) == parsed


@pytest.mark.parametrize("text", ["", "space", "space:xid", "space/xid:1", "a:b/c/d", "a:b c/1", ":x/1"])
def test_data_model_id_parse_rejects_bad_text(text: str) -> None:
    with pytest.raises(PygenError, match="invalid data model id") as info:
        DataModelId.parse(text)
    assert repr(text) in str(info.value)


# --- unions are complete ----------------------------------------------------------------------------------


def _members(union: Any) -> set[type]:
    inner = typing.get_args(union)[0]  # Annotated[Union[...], Discriminator]
    return {typing.get_args(member)[0] for member in typing.get_args(inner)}


def _concrete_subclasses(base: type, *, apply: bool | None = None) -> set[type]:
    found = set()
    for _, obj in inspect.getmembers(dms, inspect.isclass):
        if not issubclass(obj, base) or obj is base or obj.__name__.startswith("_"):
            continue
        if apply is None or obj.__name__.endswith("Apply") == apply:
            found.add(obj)
    return found


@pytest.mark.parametrize(
    ("union", "base", "apply"),
    [
        (dms.PropertyType, dms.PropertyTypeBase, None),
        (dms.Constraint, dms.ConstraintBase, None),
        (dms.Index, dms.IndexBase, None),
        (dms.ViewProperty, dms.ViewPropertyBase, False),
        (dms.ViewPropertyApply, dms.ViewPropertyBase, True),
    ],
)
def test_every_concrete_class_is_a_member_of_its_union(union: Any, base: type, apply: bool | None) -> None:
    concrete = {cls for cls in _concrete_subclasses(base, apply=apply) if cls is not dms.ConnectionBase}
    assert concrete  # the introspection found something
    assert _members(union) == concrete


def test_explicit_nulls_mean_absent() -> None:
    prop = dms.ContainerProperty.load(
        {"type": {"type": "int32", "list": None, "unit": None}, "nullable": None, "immutable": None}
    )
    assert prop.nullable is True
    assert prop.immutable is False
    assert isinstance(prop.type, dms.Int32Property)
    assert prop.type.list is False
    assert prop.dump() == {"type": {"type": "int32"}}


def _literal_defaults(classes: set[type], field: str) -> set[str]:
    found: set[str] = set()
    for cls in classes:
        model_field = cls.model_fields.get(field)  # type: ignore[attr-defined]
        annotation = model_field.annotation if model_field is not None else None
        if typing.get_origin(annotation) is typing.Literal:
            found.update(typing.get_args(annotation))
    return found


def test_the_word_lists_name_exactly_the_known_wire_classes() -> None:
    assert _literal_defaults(_members(dms.PropertyType), "type") == dms.PROPERTY_TYPES
    connections = _literal_defaults(_members(dms.ViewProperty), "connection_type")
    assert connections == dms.CONNECTION_TYPES


@pytest.mark.slow
def test_importing_the_word_lists_does_not_load_the_wire_models() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pygen_core.dms import PROPERTY_TYPES; import pygen_core.emulator._schema_writes; "
        "print('pydantic' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
