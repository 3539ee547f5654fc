"""Every shared real data model builds; Omni's features land in the IR with the expected findings."""

from __future__ import annotations

import pytest

from pygen_core.ir import (
    CDFReferenceKind,
    CDFReferenceType,
    DirectRelationKind,
    EdgeKind,
    EnumKind,
    InstanceRef,
    IROptions,
    IRValidationError,
    PrimitiveKind,
    PrimitiveType,
    ReverseDirectRelationKind,
    SDKModel,
    Severity,
    ViewRef,
    build_ir,
)
from pygen_core.snapshot import Snapshot

from .conftest import MODEL_NAMES

OMNI = "sp_pygen_models"


def omni(ref: str) -> ViewRef:
    return ViewRef(OMNI, ref, "1")


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_every_shared_model_builds_without_errors(snapshots: dict[str, Snapshot], name: str) -> None:
    result = build_ir(snapshots[name])
    assert result.model.views, name
    assert not [f for f in result.findings if f.severity is Severity.ERROR]
    assert result.model.content_hash == snapshots[name].content_hash
    for view in result.model.views:
        names = [p.names.python for p in view.properties]
        assert len(names) == len(set(names)), view.ref
        assert all(n.isidentifier() for n in names)


def test_omni_non_writable_views_and_their_dependents(snapshots: dict[str, Snapshot]) -> None:
    result = build_ir(snapshots["Omni"])
    read_only = {f.location.view for f in result.findings if f.code == "PYG105"}
    assert read_only == {omni("ConnectionItemC"), omni("Implementation1NonWriteable")}
    assert not result.model.view(omni("Implementation1NonWriteable")).writable
    dependents = {(f.location.view, f.location.property) for f in result.findings if f.code == "PYG307"}
    assert (omni("DependentOnNonWritable"), "toNonWritable") in dependents
    assert (omni("ConnectionItemA"), "otherDirect") in dependents
    edge = result.model.view(omni("DependentOnNonWritable")).get_property("toNonWritable").kind
    assert isinstance(edge, EdgeKind)
    assert edge.target == omni("Implementation1NonWriteable")


def test_omni_primitive_kinds_and_requiredness(snapshots: dict[str, Snapshot]) -> None:
    model = build_ir(snapshots["Omni"]).model
    required = model.view(omni("PrimitiveRequired"))
    nullable_listed = model.view(omni("PrimitiveNullableListed"))
    for data_type in PrimitiveType:
        prop = required.get_property(data_type.value)
        assert prop.kind == PrimitiveKind(data_type), prop
        assert prop.required
        assert not prop.nullable
        listed = nullable_listed.get_property(data_type.value)
        assert isinstance(listed.kind, PrimitiveKind)
        assert listed.kind.is_list
        assert not listed.required
    defaults = model.view(omni("PrimitiveWithDefaults"))
    assert defaults.get_property("defaultString").default == "my default text"
    assert defaults.get_property("defaultBoolean").default is True
    assert defaults.get_property("defaultObject").default_json() == {"foo": "bar"}
    auto = defaults.get_property("autoIncrementInt32")
    assert auto.auto_increment
    assert not auto.nullable
    assert not auto.required


def test_omni_cdf_references(snapshots: dict[str, Snapshot]) -> None:
    model = build_ir(snapshots["Omni"]).model
    single = model.view(omni("CDFExternalReferences"))
    listed = model.view(omni("CDFExternalReferencesListed"))
    assert single.get_property("timeseries").kind == CDFReferenceKind(CDFReferenceType.TIMESERIES)
    assert listed.get_property("files").kind == CDFReferenceKind(CDFReferenceType.FILE, is_list=True)
    assert single.names.python.class_name == "CDFExternalReferences"
    assert single.names.python.api_attribute == "cdf_external_references"


def test_omni_connections(snapshots: dict[str, Snapshot]) -> None:
    model = build_ir(snapshots["Omni"]).model
    item_d, item_e = model.view(omni("ConnectionItemD")), model.view(omni("ConnectionItemE"))
    assert item_d.get_property("directMulti").kind == DirectRelationKind(
        omni("ConnectionItemE"), is_list=True, target_container=None
    )
    assert item_e.get_property("directNoSource").kind == DirectRelationKind(None)
    reverse = item_e.get_property("directReverseMulti").kind
    assert reverse == ReverseDirectRelationKind(
        omni("ConnectionItemD"), "directMulti", omni("ConnectionItemD"), True, True
    )
    single_reverse = item_e.get_property("directReverseSingle").kind
    assert isinstance(single_reverse, ReverseDirectRelationKind)
    assert not single_reverse.is_list
    assert not single_reverse.through_is_list
    inwards = item_e.get_property("inwardsSingleProperty")
    assert inwards.kind == EdgeKind(
        InstanceRef(OMNI, "multiProperty"), "inwards", omni("ConnectionItemF"), False, omni("ConnectionEdgeA")
    )
    assert inwards.is_connection
    assert not inwards.is_stored
    assert not inwards.required
    assert model.view(omni("ConnectionEdgeA")).used_for == "edge"


def test_omni_inheritance(snapshots: dict[str, Snapshot]) -> None:
    model = build_ir(snapshots["Omni"]).model
    impl = model.view(omni("Implementation1"))
    assert impl.implements == (omni("SubInterface"), omni("MainInterface"))
    assert impl.ancestors == (omni("SubInterface"), omni("MainInterface"))
    assert impl.get_property("mainValue").inherited_from == omni("MainInterface")
    assert impl.get_property("subValue").inherited_from == omni("SubInterface")
    assert impl.get_property("value1").inherited_from is None
    assert {p.identifier for p in impl.own_properties} == {"value1", "value2"}
    assert model.view(omni("Implementation2")).ancestors == (omni("SubInterface"), omni("MainInterface"))


def test_windturbine_enum_and_units(snapshots: dict[str, Snapshot]) -> None:
    model = build_ir(snapshots["WindTurbine"]).model
    enums = [p for v in model.views for p in v.properties if isinstance(p.kind, EnumKind)]
    assert enums
    for prop in enums:
        assert isinstance(prop.kind, EnumKind)
        values = [v.value for v in prop.kind.values]
        assert values == sorted(values)
        assert all(v.names.python.isidentifier() for v in prop.kind.values)
    sensor = model.view(ViewRef("sp_pygen_power", "SensorTimeSeries", "1"))
    assert sensor.get_property("type").names.python == "type_"


def test_multi_space_and_version_collisions_get_distinct_class_names(snapshots: dict[str, Snapshot]) -> None:
    merged = Snapshot(
        data_models=[m for n in ("OmniMultiA", "OmniMultiB", "OmniMultiC") for m in snapshots[n].data_models]
    )
    result = build_ir(merged)
    impls = [v for v in result.model.views if v.ref.external_id == "Implementation1"]
    assert len(impls) == 2
    class_names = {v.names.python.class_name for v in result.model.views}
    assert len(class_names) == len(result.model.views)
    assert "Implementation1" in class_names
    assert "PYG304" in {f.code for f in result.findings}
    assert len({v.names.python.module_name for v in result.model.views}) == len(result.model.views)
    only_c = build_ir(merged, IROptions(data_models=("pygen-models:OmniMultiC/1",)))
    assert [v.ref.space for v in only_c.model.views] == ["pygen-models-other"]


def test_strict_turns_omni_warnings_into_an_error(snapshots: dict[str, Snapshot]) -> None:
    with pytest.raises(IRValidationError) as info:
        build_ir(snapshots["Omni"], IROptions(strict=True))
    message = str(info.value)
    assert "PYG301 sp_pygen_models:PrimitiveRequired/1.json:" in message
    assert all(
        line.startswith(("PYG", "1", "2", "3", "4", "5", "6", "7", "8", "9")) for line in message.splitlines()
    )
    assert info.value.findings
    assert all(f.severity is not Severity.WARNING for f in info.value.findings)


def test_sdk_model_lookup(snapshots: dict[str, Snapshot]) -> None:
    model: SDKModel = build_ir(snapshots["OmniSub"]).model
    assert [v.ref for v in model] == sorted(v.ref for v in model.views)
    assert model.has_view(omni("ConnectionItemA"))
    assert not model.has_view(omni("Nope"))
    assert model.data_models[0].views == tuple(v.ref for v in model.views)
    with pytest.raises(KeyError):
        model.view(omni("Nope"))


def test_node_type_pinned_by_the_view_filter(snapshots: dict[str, Snapshot]) -> None:
    model = build_ir(snapshots["Omni"]).model
    assert model.view(omni("Implementation1")).node_type == InstanceRef(OMNI, "Implementation1")
    assert model.view(omni("ConnectionItemE")).node_type == InstanceRef(OMNI, "ConnectionItemE")
    assert model.view(omni("SubInterface")).node_type is None  # an "in" over two types pins none
    assert model.view(omni("MainInterface")).node_type is None
