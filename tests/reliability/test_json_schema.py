"""``model_json_schema()`` of every generated read and write class (Omni: all property kinds, connections
with cycles): a valid JSON Schema in both modes, and it describes what the classes really dump and accept."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Literal

import jsonschema
import pytest
from pydantic import ValidationError

from tests.functional.helpers import MODELS_DIR, GeneratedSDK, generate_and_import

INSTANCES: list[dict[str, Any]] = json.loads((MODELS_DIR / "Omni.instances.json").read_text(encoding="utf-8"))
SPACE = INSTANCES[0]["space"]
PACKAGE = "schema_omni"
Mode = Literal["validation", "serialization"]


@pytest.fixture(scope="module")
def omni(tmp_path_factory: pytest.TempPathFactory) -> GeneratedSDK:
    return generate_and_import(
        ("Omni.json",), PACKAGE, tmp_path_factory.mktemp("schema"), default_instance_space=SPACE
    )


def _classes(omni: GeneratedSDK) -> list[Any]:
    classes = []
    for view in omni.model.views:
        classes.append(omni.read_class(view))
        if view.writable:
            classes.append(omni.write_class(view))
    return classes


def _validator(cls: Any, mode: Mode) -> jsonschema.Draft202012Validator:
    schema = cls.model_json_schema(mode=mode)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _own_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The class's own object schema (a class in a cycle of views is a ``$ref`` into ``$defs``; older
    pydantic wraps that reference in a one-item ``allOf``)."""
    ref = schema.get("$ref") or (schema.get("allOf") or [{}])[0].get("$ref")
    if isinstance(ref, str):
        resolved: dict[str, Any] = schema["$defs"][ref.rsplit("/", 1)[-1]]
        return resolved
    return schema


def _instance(omni: GeneratedSDK, item: dict[str, Any]) -> Any | None:
    ((space, views),) = item["properties"].items()
    ((key, _),) = views.items()
    for view in omni.model.views:
        if (view.ref.space, f"{view.ref.external_id}/{view.ref.version}") == (space, key):
            try:
                return omni.read_class(view).model_validate(item)
            except ValidationError:
                return None  # the file holds nodes lacking a required value (see test_omni_instances)
    raise AssertionError(f"no view for {key}")


@pytest.mark.parametrize("mode", ["validation", "serialization"])
def test_every_class_has_a_valid_json_schema_describing_every_field(omni: GeneratedSDK, mode: Mode) -> None:
    classes = _classes(omni)
    assert len(classes) > 40
    connections = 0
    for cls in classes:
        schema = cls.model_json_schema(mode=mode)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert json.loads(json.dumps(schema)) == schema
        own = _own_schema(schema)
        assert own["type"] == "object"
        assert own["title"] == cls.__name__
        for name, field in own["properties"].items():
            # No field is left as "anything" except JSON properties (pydantic's JsonValue).
            assert field != {} or "json" in name.lower(), (cls.__name__, name)
        for name in cls._view.connections:
            if name in cls.model_fields:
                connections += 1
    assert connections > 20


@pytest.mark.slow
def test_a_schema_is_the_same_in_every_process(omni: GeneratedSDK) -> None:
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import schema_omni as o; "
        "print(json.dumps([c.model_json_schema(mode=m) for c in (o.ConnectionItemA, o.ConnectionItemFWrite) "
        "for m in ('validation', 'serialization')], sort_keys=False))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code, str(omni.root)],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
        ).stdout
        for seed in ("0", "1", "2")
    }
    assert len(outputs) == 1
    assert len(next(iter(outputs))) > 1000


@pytest.mark.slow  # seconds: every seeded instance of every view
def test_real_instances_dump_to_documents_their_schemas_accept(omni: GeneratedSDK) -> None:
    checked_read = checked_write = 0
    for item in INSTANCES:
        read = _instance(omni, item)
        if read is None:
            continue
        cls = type(read)
        _validator(cls, "serialization").validate(read.model_dump(mode="json", by_alias=True))
        checked_read += 1
        try:
            write = read.as_write()
        except (AttributeError, ValidationError):
            continue  # a read-only view, or a node lacking a required value
        write_cls = type(write)
        _validator(write_cls, "serialization").validate(write.model_dump(mode="json", by_alias=True))
        # The validation schema describes JSON input: what model_validate_json accepts as the same object.
        document = write.model_dump(mode="json")
        _validator(write_cls, "validation").validate(document)
        again = write_cls.model_validate_json(json.dumps(document))
        assert again.model_dump(mode="json") == document
        checked_write += 1
    assert checked_read > 80
    assert checked_write > 60


def test_connection_fields_describe_targets_ids_and_cycles(omni: GeneratedSDK) -> None:
    o = omni.package
    a = o.ConnectionItemAWrite(
        external_id="a1",
        name="a",
        other_direct=o.NodeId(SPACE, "c1"),
        outwards=[o.ConnectionItemBWrite(external_id="b1", name="b"), o.NodeId(SPACE, "b2"), "b3"],
        self_direct=o.ConnectionItemAWrite(external_id="a2", self_direct=o.NodeId(SPACE, "a1")),
    )
    dumped = a.model_dump(mode="json", by_alias=True)
    _validator(o.ConnectionItemAWrite, "serialization").validate(dumped)
    document = a.model_dump(mode="json")
    _validator(o.ConnectionItemAWrite, "validation").validate(document)
    again = o.ConnectionItemAWrite.model_validate_json(json.dumps(document))
    assert again.model_dump(mode="json") == document
    # A (space, external_id) pair dumps as a two-item array, which the serialization schema allows.
    pair = o.ConnectionItemAWrite(external_id="a3", other_direct=(SPACE, "c2"))
    _validator(o.ConnectionItemAWrite, "serialization").validate(pair.model_dump(mode="json", by_alias=True))

    schema = o.ConnectionItemAWrite.model_json_schema(mode="validation")
    own = _own_schema(schema)
    outwards = own["properties"]["outwards"]["anyOf"][0]
    assert outwards["type"] == "array"
    options = outwards["items"]["anyOf"]
    targets = {option.get("$ref", option.get("title", option.get("type"))) for option in options}
    assert targets == {"#/$defs/ConnectionItemBWrite", "NodeId", "string"}
    # ConnectionItemA -> ConnectionItemB -> ConnectionItemA: the cycle ends in a $ref; each class in $defs.
    assert {"ConnectionItemAWrite", "ConnectionItemBWrite"} <= set(schema["$defs"])
    edge = _own_schema(o.ConnectionItemFWrite.model_json_schema())["properties"]["outwards_single"]
    assert edge["anyOf"] == [{"$ref": "#/$defs/ConnectionEdgeAWrite"}, {"type": "null"}]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", 5),
        ("other_direct", 5),
        ("other_direct", {"space": 1, "externalId": "x"}),
        ("other_direct", {"externalId": "x"}),
        ("outwards", "not-a-list"),
        ("outwards", [7]),
        ("self_direct", [SPACE, "a"]),  # a pair is Python-only input, JSON has no tuples
        ("external_id", ""),
    ],
)
def test_what_the_schema_rejects_the_class_rejects(omni: GeneratedSDK, field: str, value: Any) -> None:
    cls = omni.package.ConnectionItemAWrite
    document = {"external_id": "a1", field: value}
    with pytest.raises(jsonschema.ValidationError):
        _validator(cls, "validation").validate(document)
    with pytest.raises(ValidationError):
        cls.model_validate_json(json.dumps(document))


@pytest.mark.slow
def test_hand_written_reference_sdk_agrees(tmp_path: Path) -> None:
    """The hand-written omni_mini (what the generator must emit) gives the same schemas as generated Omni."""
    from tests.handwritten_sdk.conftest import install_sdk

    install_sdk(tmp_path)
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import omni_mini as o; "
        "print(json.dumps(o.ConnectionItemEWrite.model_json_schema(), sort_keys=True))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    ).stdout
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    own = _own_schema(schema)
    assert own["properties"]["inwards_single_property"]["anyOf"] == [
        {"$ref": "#/$defs/ConnectionEdgeAWrite"},
        {"type": "null"},
    ]
