"""The naming authority's TypeScript rules: members, types, keywords, client members, reported renames.

The reserved sets are checked against the TypeScript runtime's own sources, so a runtime change that adds a
member or an export cannot silently collide with generated names.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pygen_core.ir import (
    OBJECT_MEMBER_NAMES,
    TS_CLIENT_MEMBER_NAMES,
    TS_INSTANCE_MEMBER_NAMES,
    TS_OPTION_NAMES,
    TS_RESERVED_MEMBER_NAMES,
    TS_RESERVED_TYPE_NAMES,
    TS_RUNTIME_EXPORTS,
    IRResult,
    IRValidationError,
    ViewRef,
    is_valid_ts_identifier,
    ts_member_name,
    ts_type_name,
)

from .conftest import build, codes, content, prop, view

RUNTIME = Path(__file__).resolve().parents[2] / "pygen_core" / "codegen" / "typescript" / "runtime"


def ts(data: dict[str, Any], **options: object) -> IRResult:
    return build(data, language="typescript", **options)


def _source(name: str) -> str:
    return (RUNTIME / name).read_text(encoding="utf-8")


def test_runtime_exports_are_exactly_what_index_ts_exports() -> None:
    index = _source("index.ts")
    exported: set[str] = set()
    for block in re.findall(r"export (?:type )?\{([^}]*)\}", index):
        for item in block.split(","):
            name = item.strip().removeprefix("type ").strip()
            if name:
                exported.add(name)
    assert exported == set(TS_RUNTIME_EXPORTS)


def test_instance_members_cover_the_read_and_write_bases() -> None:
    text = _source("read.ts") + _source("write.ts")
    bases = re.findall(r"export interface (?:Node|Edge)(?:Read|Write)\b[^{]*\{(.*?)\n\}", text, re.S)
    assert len(bases) == 4
    members = set(re.findall(r"^\s+(?:readonly )?([a-zA-Z]+)\??:", "".join(bases), re.M))
    assert {"instanceType", "existingVersion", "startNode", "nodeType"} <= members
    assert members <= set(TS_INSTANCE_MEMBER_NAMES)


def test_option_names_cover_every_method_option() -> None:
    options = _source("options.ts")
    table = options[options.index("COMMON_OPTIONS") : options.index("export type Options")]
    allowed = set(re.findall(r'"([a-zA-Z]+)"', table))
    assert {"limit", "sortBy", "groupBy", "signal"} <= allowed
    assert allowed <= set(TS_OPTION_NAMES)


def test_client_members_cover_instance_client() -> None:
    client = _source("client.ts")
    body = client[client.index("export class InstanceClient") :]
    members = set(re.findall(r"^  (?:readonly |static |async )*([a-zA-Z]+)[<(:]", body, re.M))
    assert {"config", "upsertItems", "delete", "fromEnv", "toJSON", "constructor"} <= members
    assert members <= set(TS_CLIENT_MEMBER_NAMES) | set(OBJECT_MEMBER_NAMES)


MEMBERS = [
    # identifier, member, why
    ("name", "name", ""),
    ("float32", "float32", ""),
    ("my_value", "my_value", ""),
    ("default", "default", ""),  # reserved words are fine as property keys
    ("class", "class", ""),
    ("limit", "limit_", "reserved"),
    ("externalId", "externalId_", "reserved"),
    ("space", "space_", "reserved"),
    ("constructor", "constructor_", "reserved"),
    ("__proto__", "proto", "normalized"),
    ("toJSON", "toJSON_", "reserved"),
    ("my-value", "myValue", "normalized"),
    ("3d", "field3d", "normalized"),
    ("日本", "u26085U26412", "normalized"),
]


@pytest.mark.parametrize(("identifier", "member", "why"), MEMBERS)
def test_member_names(identifier: str, member: str, why: str) -> None:
    choice = ts_member_name(identifier)
    assert choice.name == member
    assert bool(choice.reserved) == (why == "reserved")
    assert bool(choice.normalized) == (why == "normalized")
    assert choice.name not in TS_RESERVED_MEMBER_NAMES


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        ("Date", "Date_"),
        ("Filter", "Filter_"),
        ("NodeRead", "NodeRead_"),
        ("string", "String_"),
        ("pump", "Pump"),
    ],
)
def test_type_names(identifier: str, expected: str) -> None:
    assert ts_type_name(identifier).name == expected
    assert expected not in TS_RESERVED_TYPE_NAMES


@given(st.text(max_size=40))
def test_any_text_gives_a_safe_member_and_type(text: str) -> None:
    member = ts_member_name(text).name
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", member)
    assert member not in TS_RESERVED_MEMBER_NAMES
    assert member not in OBJECT_MEMBER_NAMES
    name = ts_type_name(text).name
    assert is_valid_ts_identifier(name)
    assert name not in TS_RESERVED_TYPE_NAMES


def test_typescript_renames_are_reported_and_python_ones_are_not() -> None:
    data = content(view("A", {"limit": prop(), "json": prop("json"), "name": prop()}))
    result = ts(data)
    found = result.model.view(ViewRef("sp", "A", "1"))
    names = {p.identifier: p.names.typescript for p in found.properties}
    assert names == {"json": "json", "limit": "limit_", "name": "name"}
    messages = [f.message for f in result.findings if f.code == "PYG301"]
    assert messages == [
        "property 'limit' is renamed to 'limit_' because 'limit' is an option of the SDK's list, search and "
        "aggregate methods"
    ]
    # Python names are still assigned (the IR always has them) but their renames are not reported
    assert {p.identifier: p.names.python for p in found.properties}["json"] == "json_"
    python = build(data)
    assert any("'json'" in f.message for f in python.findings if f.code == "PYG301")
    assert not any("option of the SDK" in f.message for f in python.findings)
    assert all(p.names.typescript is None for p in python.model.views[0].properties)


def test_keywords_follow_members_and_clashes_are_renamed() -> None:
    props = {"text": prop(), "textPrefix": prop(), "size": prop("int32"), "tags": prop(list=True)}
    result = ts(content(view("A", props)))
    found = result.model.view(ViewRef("sp", "A", "1"))
    keywords = {p.identifier: [f.names.typescript for f in p.filters] for p in found.properties}
    assert keywords == {
        "size": ["minSize", "maxSize"],
        "tags": ["tagsExists"],
        "text": ["text", "textPrefix_"],
        "textPrefix": ["textPrefix", "textPrefixPrefix"],
    }
    assert [f.location.property for f in result.findings if f.code == "PYG308"] == ["text"]


def test_view_names_clash_across_suffixes_and_client_members() -> None:
    model = ts(content(view("Pump"), view("PumpView"), view("Config"), view("Date"))).model
    names = {v.ref.external_id: v.names.typescript for v in model.views if v.names.typescript is not None}
    assert len(names) == len(model.views)
    assert names["Pump"].class_name == "Pump"
    assert names["Pump"].spec_name == "PumpView"
    assert names["PumpView"].class_name == "PumpViewV1"
    assert names["Config"].api_attribute == "config_"
    assert names["Config"].module_name == "config"
    assert names["Date"].class_name == "Date_"
    assert {"PYG301", "PYG304"} <= codes(ts(content(view("Pump"), view("PumpView"), view("Date"))))


def test_overrides_are_checked_against_typescript_rules() -> None:
    data = content(view("A", {"name": prop(), "other": prop()}))
    model = ts(data, names={"A": "Alpha", "A.name": "title"}).model
    found = model.view(ViewRef("sp", "A", "1"))
    assert found.names.typescript is not None
    assert found.names.typescript.class_name == "Alpha"
    assert found.get_property("name").names.typescript == "title"
    for bad in ({"A": "Promise"}, {"A.name": "externalId"}, {"A.name": "has space"}):
        with pytest.raises(IRValidationError, match="PYG305"):
            ts(data, names=bad)
    # a name fine in TypeScript but not in Python is no Python error in a TypeScript build
    assert (
        ts(data, names={"A.name": "class"})
        .model.view(ViewRef("sp", "A", "1"))
        .get_property("name")
        .names.typescript
        == "class"
    )


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(IRValidationError, match="PYG005"):
        build(content(view("A")), language="cobol")
