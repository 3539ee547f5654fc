"""The naming authority: casing table, reserved words, hostile names, overrides and collisions."""

from __future__ import annotations

import keyword

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pygen_core.ir import (
    API_PARAMETER_NAMES,
    GENERATED_MODULE_NAMES,
    INSTANCE_ATTRIBUTE_NAMES,
    RESERVED_CLASS_NAMES,
    RESERVED_KEYWORD_NAMES,
    IRValidationError,
    ViewRef,
    is_reserved_attribute,
    is_valid_python_identifier,
    python_attribute_name,
    python_class_name,
    to_camel,
    to_pascal,
    to_snake,
)

from .conftest import build, codes, content, only, prop, view

CASING = [
    # text, snake, Pascal, camel
    ("CDFExternalReferences", "cdf_external_references", "CDFExternalReferences", "cdfExternalReferences"),
    ("WindTurbine", "wind_turbine", "WindTurbine", "windTurbine"),
    ("windTurbine", "wind_turbine", "WindTurbine", "windTurbine"),
    ("wind_turbine", "wind_turbine", "WindTurbine", "windTurbine"),
    ("HTTPServer", "http_server", "HTTPServer", "httpServer"),
    ("myURLs", "my_urls", "MyURLs", "myURLs"),
    ("autoIncrementInt32", "auto_increment_int_32", "AutoIncrementInt32", "autoIncrementInt32"),
    ("Implementation1NonWriteable", "implementation_1_non_writeable", "Implementation1NonWriteable", None),
    ("float64", "float_64", "Float64", "float64"),
    ("object3D", "object_3d", "Object3D", "object3D"),
    ("Cognite3DModel", "cognite_3d_model", "Cognite3DModel", "cognite3DModel"),
    ("Cognite360ImageCollection", "cognite_360_image_collection", "Cognite360ImageCollection", None),
    ("my2ndValue", "my_2nd_value", "My2ndValue", "my2ndValue"),
    ("ID3", "id_3", "ID3", "id3"),
    ("Implementation1V1", "implementation_1_v_1", "Implementation1V1", None),
    ("x-y z", "x_y_z", "XYZ", "xYZ"),
    ("Größe", "grosse", "Grosse", "grosse"),
    ("café", "cafe", "Cafe", "cafe"),
    ("ﬁle", "file", "File", "file"),
]


@pytest.mark.parametrize(("text", "snake", "pascal", "camel"), CASING)
def test_casing_table(text: str, snake: str, pascal: str, camel: str | None) -> None:
    assert to_snake(text) == snake
    assert to_pascal(text) == pascal
    if camel is not None:
        assert to_camel(text) == camel


ATTRIBUTES = [
    ("name", "name", ""),
    ("class", "class_", "reserved"),
    ("match", "match_", "reserved"),
    ("type", "type_", "reserved"),
    ("list", "list_", "reserved"),
    ("id", "id_", "reserved"),
    ("externalId", "external_id_", "reserved"),
    ("space", "space_", "reserved"),
    ("properties", "properties_", "reserved"),
    ("dataRecord", "data_record_", "reserved"),
    ("json", "json_", "reserved"),
    ("model_dump", "field_model_dump", "reserved"),
    ("modelConfig", "field_model_config", "reserved"),
    ("modelFoo", "field_model_foo", "reserved"),
    ("Any", "any_", "reserved"),
    ("datetime", "datetime_", "reserved"),
    ("__init__", "init", "normalized"),
    ("__class__", "class_", "reserved"),
    ("1st", "field_1st", "normalized"),
    ('"""', None, "normalized"),
    ("'''", None, "normalized"),
    ("a\\b", "a_b", "normalized"),
    ("line\nbreak", "line_break", "normalized"),
    ("日本", "u_26085_u_26412", "normalized"),
    ("", None, "normalized"),
]


@pytest.mark.parametrize(("identifier", "expected", "why"), ATTRIBUTES)
def test_attribute_names(identifier: str, expected: str | None, why: str) -> None:
    choice = python_attribute_name(identifier)
    if expected is not None:
        assert choice.name == expected
    assert is_valid_python_identifier(choice.name)
    assert not is_reserved_attribute(choice.name)
    assert bool(choice.reserved) == (why == "reserved")
    if why == "normalized":
        assert choice.normalized
    assert choice == python_attribute_name(identifier)


def test_hostile_names_differ_and_are_stable() -> None:
    quotes = python_attribute_name('"""').name
    assert quotes.startswith("field_")
    assert quotes != python_attribute_name("'''").name


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        ("Filter", "Filter_"),
        ("NodeId", "NodeId_"),
        ("Literal", "Literal_"),
        ("Any", "Any_"),
        ("Exception", "Exception_"),
        ("None", "None_"),
        ("3DModel", "View3DModel"),
    ],
)
def test_class_names(identifier: str, expected: str) -> None:
    assert python_class_name(identifier).name == expected
    assert expected not in RESERVED_CLASS_NAMES


def test_reserved_tuples_cover_the_task_list() -> None:
    for name in ("space", "external_id", "as_write", "node_type", "start_node", "properties"):
        assert name in INSTANCE_ATTRIBUTE_NAMES
    for name in ("retrieve_connections", "chunk_size", "cursor", "limit", "direction", "aggregate", "query"):
        assert name in API_PARAMETER_NAMES
        assert name in RESERVED_KEYWORD_NAMES
    for name in ("Literal", "datetime", "ClassVar", "rt", "Sequence", "TypedDict"):
        assert name in GENERATED_MODULE_NAMES
    for word in [*keyword.kwlist, *keyword.softkwlist]:
        assert not is_valid_python_identifier(word)
        assert python_attribute_name(word).name != word


@given(st.text(max_size=40))
def test_any_text_gives_a_safe_attribute(text: str) -> None:
    name = python_attribute_name(text).name
    assert is_valid_python_identifier(name)
    assert name.isascii()
    assert not keyword.iskeyword(name)
    assert not is_reserved_attribute(name)


@given(st.text(max_size=40))
def test_any_text_gives_a_safe_class_and_pascal_is_idempotent(text: str) -> None:
    name = python_class_name(text).name
    assert name.isidentifier()
    assert name.isascii()
    assert name not in RESERVED_CLASS_NAMES
    assert not keyword.iskeyword(name)
    assert to_pascal(to_pascal(text)) == to_pascal(text)
    assert to_snake(to_snake(text)) == to_snake(text)


def test_hostile_property_identifiers_build() -> None:
    hostile = [
        '"""',
        "'''",
        "back\\slash",
        "new\nline",
        "日本",
        "class",
        "__init__",
        "model_dump",
        "list",
        "Any",
    ]
    data = content(view("A", {h: prop() for h in hostile}))
    result = build(data)
    names = [p.names.python for p in result.model.view(ViewRef("sp", "A", "1")).properties]
    assert len(set(names)) == len(hostile)
    assert all(is_valid_python_identifier(n) and not is_reserved_attribute(n) for n in names)
    assert {"PYG301", "PYG302"} <= codes(result)


def test_hostile_view_external_ids_build() -> None:
    data = content(view("Filter"), view("list"), view("Any"), view("class"))
    model = build(data).model
    classes = {v.ref.external_id: v.names.python for v in model.views}
    assert classes["Filter"].class_name == "Filter_"
    assert classes["list"].api_attribute == "list_"
    assert classes["class"].class_name == "Class"
    assert classes["class"].api_attribute == "class_"
    assert classes["Any"].class_name == "Any_"


def test_properties_differing_only_by_case() -> None:
    result = build(content(view("A", {"Name": prop(), "name": prop(), "NAME": prop()})))
    names = {p.identifier: p.names.python for p in result.model.view(ViewRef("sp", "A", "1")).properties}
    assert names["name"] == "name"
    assert sorted(names.values()) == ["name", "name_2", "name_3"]
    assert len([f for f in result.findings if f.code == "PYG303"]) == 2


def test_view_names_collide_with_derived_class_names() -> None:
    model = build(content(view("Pump"), view("PumpWrite"), view("PUMP"))).model
    names = {v.ref.external_id: v.names.python for v in model.views}
    all_classes = [
        getattr(n, field)
        for n in names.values()
        for field in (
            "class_name",
            "write_class_name",
            "list_class_name",
            "write_list_class_name",
            "filter_class_name",
            "api_class_name",
        )
    ]
    assert len(all_classes) == len(set(all_classes))
    modules = [n.module_name.lower() for n in names.values()]
    assert len(modules) == len(set(modules))
    assert names["PUMP"].class_name == "PUMP"
    assert names["Pump"].class_name == "PumpV1"


def test_same_view_in_two_versions() -> None:
    model = build(content(view("Pump", version="1"), view("Pump", version="2"))).model
    assert [v.names.python.class_name for v in model.views] == ["Pump", "PumpV2"]


def test_overrides() -> None:
    data = content(view("A", {"name": prop(), "type": prop()}), view("B", implements=("A",)))
    model = build(data, names={"A": "Alpha", "A.type": "kind", "sp:B/1": "Beta"}).model
    view_a, view_b = model.view(ViewRef("sp", "A", "1")), model.view(ViewRef("sp", "B", "1"))
    assert view_a.names.python.class_name == "Alpha"
    assert view_a.names.python.api_attribute == "alpha"
    assert view_a.get_property("type").names.python == "kind"
    assert view_b.names.python.class_name == "Beta"
    # the parent's override reaches the inherited copy
    assert view_b.get_property("type").names.python == "kind"


@pytest.mark.parametrize(
    "names",
    [
        {"A": "not valid"},
        {"A": "class"},
        {"A.name": "list"},
        {"A.name": "model_x"},
        {"A": "B"},
        {"A.x": "name"},
    ],
)
def test_invalid_overrides_are_errors(names: dict[str, str]) -> None:
    data = content(view("A", {"name": prop(), "x": prop()}), view("B"))
    with pytest.raises(IRValidationError) as info:
        build(data, names=names)
    assert "PYG305" in str(info.value)


def test_unused_override_is_a_warning() -> None:
    result = build(content(view("A")), names={"A.nope": "x"})
    assert "A.nope" in only(result, "PYG306").message


def test_inherited_properties_keep_the_parent_name() -> None:
    data = content(
        view("A", {"Name": prop()}),
        view("B", {"Name": prop(), "name": prop(container="D")}, implements=("A",)),
    )
    model = build(data).model
    child = model.view(ViewRef("sp", "B", "1"))
    assert child.get_property("Name").names.python == "name"
    assert child.get_property("name").names.python == "name_2"


def test_api_parameters_stay_attributes_but_not_keywords() -> None:
    """One rule: a property may be called like a method parameter; its keyword is renamed, with a warning."""
    props = {"direction": prop(), "aggregate": prop(), "limit": prop(data_type="int32"), "name": prop()}
    result = build(content(view("A", props)))
    found = result.model.view(ViewRef("sp", "A", "1"))
    assert {p.identifier: p.names.python for p in found.properties} == {
        "aggregate": "aggregate",
        "direction": "direction",
        "limit": "limit",
        "name": "name",
    }
    keywords = {f.names.python for p in found.properties for f in p.filters}
    assert keywords == {
        "aggregate_",
        "aggregate_prefix",
        "direction_",
        "direction_prefix",
        "min_limit",
        "max_limit",
        "name",
        "name_prefix",
    }
    renamed = sorted(str(f.location.property) for f in result.findings if f.code == "PYG308")
    assert renamed == ["aggregate", "direction"]


def test_derived_keywords_yield_to_attribute_named_ones() -> None:
    props = {"x": prop(data_type="int32"), "minX": prop(), "namePrefix": prop(), "name": prop()}
    result = build(content(view("A", props)))
    found = result.model.view(ViewRef("sp", "A", "1"))
    by_prop = {p.identifier: [f.names.python for f in p.filters] for p in found.properties}
    assert by_prop["minX"] == ["min_x", "min_x_prefix"]
    assert by_prop["x"] == ["min_x_", "max_x"]
    assert by_prop["namePrefix"] == ["name_prefix", "name_prefix_prefix"]
    assert by_prop["name"] == ["name", "name_prefix_"]
    assert {f.location.property for f in result.findings if f.code == "PYG308"} == {"x", "name"}
    # the suggested fix works: renaming the property removes the finding
    fixed = build(content(view("A", props)), names={"A.x": "size", "A.namePrefix": "label_prefix"})
    assert "PYG308" not in codes(fixed)


def test_client_attributes_and_field_aliases_stay_free() -> None:
    model = build(content(view("Config"), view("Close"), view("Pump"), view("PumpFields"))).model
    names = {v.ref.external_id: v.names.python for v in model.views}
    assert names["Config"].api_attribute == "config_"
    assert names["Close"].api_attribute == "close_"
    assert names["Pump"].class_name == "Pump"
    assert names["PumpFields"].class_name == "PumpFieldsV1"


def test_non_string_override_key_is_an_error() -> None:
    with pytest.raises(IRValidationError, match="PYG305"):
        build(content(view("A")), names={3: "X"})
