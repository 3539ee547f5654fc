"""Each finding code is triggered by a small model, with its catalogue severity; degradations are checked."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest

from pygen_core import PygenError
from pygen_core.ir import (
    FINDING_CODES,
    DirectRelationKind,
    EdgeKind,
    IROptions,
    IRValidationError,
    ReverseDirectRelationKind,
    Severity,
    ViewRef,
    build_ir,
)
from pygen_core.snapshot import parse_snapshot

from .conftest import build, codes, content, direct, edge, only, prop, ref, reverse, view

A, B = ViewRef("sp", "A", "1"), ViewRef("sp", "B", "1")


def _deep(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = [value]
    return value


MODEL: dict[str, Any] = {"space": "sp", "externalId": "Model", "version": "1"}

CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "PYG001": (content(view("A")), {"data_models": ("Nope",)}),
    "PYG002": (content(view("A")), {"exclude_views": ("A",)}),
    "PYG003": (content(view("A")), {"exclude_views": ("Nope",)}),
    "PYG004": (content(view("A")), {"exclude_spaces": ("elsewhere",)}),
    "PYG005": (content(view("A")), {"exclude_views": ("a:b:c",)}),
    "PYG009": (content(view("A", {"j": prop("json", default=_deep(3000))})), {}),
    "PYG010": ({"dataModels": [{"space": "sp"}, {**MODEL, "views": [view("A")]}]}, {}),
    "PYG011": ({"dataModels": [{**MODEL, "views": [view("A"), ref("Ghost")]}]}, {}),
    "PYG012": (
        content(view("A"), {"space": "sp", "externalId": "Bad", "version": "1", "properties": []}),
        {},
    ),
    "PYG101": (content(view("A", implements=("Ghost",))), {}),
    "PYG102": (content(view("A"), view("B", used_for="record")), {}),
    "PYG103": (content(view("A", implements=("B",)), view("B")), {"exclude_views": ("B",)}),
    "PYG104": (content(view("A", implements=("B",)), view("B", implements=("A",))), {}),
    "PYG105": (content(view("A", writable=False)), {}),
    "PYG201": (content(view("A", {"name": prop(), "vec": prop("vector")})), {}),
    "PYG202": (content(view("A", {"name": prop(), "hyper": {"connectionType": "hyper_edge"}})), {}),
    "PYG203": (content(view("A", {"e": edge("A", direction="sideways")})), {}),
    "PYG204": (content(view("A", {"e": edge("Ghost")})), {}),
    "PYG205": (content(view("A", {"e": edge("B")}), view("B")), {"exclude_views": ("B",)}),
    "PYG206": (content(view("A", {"d": direct("Ghost")})), {}),
    "PYG207": (content(view("A", {"d": direct("B")}), view("B")), {"exclude_views": ("sp:B/1",)}),
    "PYG208": (content(view("A", {"e": edge("A", edge_source="Ghost")})), {}),
    "PYG209": (content(view("A", {"e": edge("A", edge_source="B")}), view("B")), {}),
    "PYG210": (content(view("A", {"r": reverse("B", "B", "missing")}), view("B")), {}),
    "PYG211": (content(view("A", {"r": reverse("B", "B", "name")}), view("B")), {}),
    "PYG212": (content(view("A", {"e": prop("enum", values={})})), {}),
    "PYG213": (content(view("A", {"e": prop("enum", values={"on": {}}, unknownValue="zzz")})), {}),
    "PYG214": (content(view("A", {"n": prop("int32", default="seven", nullable=False)})), {}),
    "PYG301": (content(view("A", {"class": prop()})), {}),
    "PYG302": (content(view("A", {"my-prop": prop()})), {}),
    "PYG303": (content(view("A", {"fooBar": prop(), "foo_bar": prop()})), {}),
    "PYG304": (content(view("A"), view("A", space="other")), {}),
    "PYG305": (content(view("A")), {"names": {"A.name": "class"}}),
    "PYG306": (content(view("A")), {"names": {"Nope": "X"}}),
    "PYG307": (content(view("A", {"d": direct("B")}), view("B", writable=False)), {}),
    "PYG308": (content(view("A", {"limit": prop()})), {}),
    "PYG309": (
        {
            "formatVersion": 1,
            "dataModels": [
                {"space": "sp", "externalId": "M1", "version": "1", "views": [view("M2")]},
                {"space": "sp", "externalId": "M2", "version": "1", "views": [view("A")]},
            ],
        },
        {},
    ),
    "PYG310": (
        {
            "formatVersion": 1,
            "dataModels": [
                {"space": "sp", "externalId": "Model", "version": "1", "views": [view("A")]},
                {"space": "sp", "externalId": "Model", "version": "2", "views": [view("B")]},
            ],
        },
        {},
    ),
}


def test_every_code_has_a_case() -> None:
    assert set(CASES) == {c.code for c in FINDING_CODES}
    assert len({c.code for c in FINDING_CODES}) == len(FINDING_CODES)


@pytest.fixture
def default_recursion_limit() -> Iterator[None]:
    # PYG009 is about JSON deeper than the interpreter's default limit; mypy, run in-process by other tests in
    # the same worker, raises the limit for good.
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


@pytest.mark.parametrize("code", sorted(CASES))
@pytest.mark.usefixtures("default_recursion_limit")
def test_code_is_reported_with_catalogue_severity(code: str) -> None:
    data, options = CASES[code]
    severity = next(c.severity for c in FINDING_CODES if c.code == code)
    if severity is Severity.ERROR:
        with pytest.raises(IRValidationError) as info:
            build(data, **options)
        found = [f for f in info.value.fatal if f.code == code]
        assert found
        assert found[0].severity is Severity.ERROR
        assert f"{code} " in str(info.value)
        assert isinstance(info.value, PygenError)
        return
    result = build(data, **options)
    finding = only(result, code)
    assert finding.severity is severity
    assert finding.message
    assert str(finding.location)
    if severity is Severity.WARNING:
        with pytest.raises(IRValidationError) as strict:
            build(data, strict=True, **options)
        assert any(f.code == code for f in strict.value.fatal)


def test_findings_name_their_location() -> None:
    finding = only(build(CASES["PYG206"][0]), "PYG206")
    assert finding.location.view == A
    assert finding.location.property == "d"
    assert str(finding.location) == "sp:A/1.d"
    data, options = CASES["PYG003"]
    option = only(build(data, **options), "PYG003")
    assert str(option.location) == "options.exclude_views[0]"
    assert "Nope" in option.message
    assert option.suggestion


def _run(code: str) -> Any:
    data, options = CASES[code]
    return build(data, **options).model


def test_unknown_types_are_pruned_and_the_rest_kept() -> None:
    for code in ("PYG201", "PYG202", "PYG203", "PYG204", "PYG205", "PYG210", "PYG211", "PYG212"):
        model = _run(code)
        view_a = model.view(A)
        assert [p.identifier for p in view_a.properties] in ([], ["name"]), code


def test_direct_relation_to_missing_or_excluded_view_becomes_untyped() -> None:
    for code in ("PYG206", "PYG207"):
        prop_d = _run(code).view(A).get_property("d")
        assert prop_d.kind == DirectRelationKind(None), code


def test_broken_edge_source_keeps_the_edge_without_properties() -> None:
    for code in ("PYG208", "PYG209"):
        kind = _run(code).view(A).get_property("e").kind
        assert isinstance(kind, EdgeKind)
        assert kind.edge_properties is None
        assert kind.target == A


def test_enum_unknown_value_dropped() -> None:
    kind = _run("PYG213").view(A).get_property("e").kind
    assert kind.unknown_value is None
    assert [v.value for v in kind.values] == ["on"]


def test_excluded_parent_properties_count_as_own() -> None:
    model = _run("PYG103")
    assert model.view(A).implements == ()
    assert model.view(A).get_property("name").inherited_from is None
    assert not model.has_view(B)


def test_circular_implements_is_broken() -> None:
    model = _run("PYG104")
    assert {model.view(A).implements, model.view(B).implements} == {(), (B,)}


def test_skipped_usedfor_view_is_absent_and_its_dependents_degrade() -> None:
    data = content(view("A", {"d": direct("B"), "e": edge("B")}), view("B", used_for="record"))
    result = build(data)
    assert not result.model.has_view(B)
    assert result.model.view(A).get_property("d").kind == DirectRelationKind(None)
    assert {"PYG102", "PYG205", "PYG207"} <= codes(result)


def test_unselected_data_model_views_are_references_outside_the_sdk() -> None:
    other = {"space": "sp", "externalId": "Other", "version": "1", "views": [view("B")]}
    data = content(view("A", {"d": direct("B")}))
    data["dataModels"].append(other)
    result = build(data, data_models=("sp:Model",))
    assert [v.ref for v in result.model.views] == [A]
    assert "not part of the selected data models" in only(result, "PYG207").message
    both = build(data)
    assert both.model.view(A).get_property("d").kind == DirectRelationKind(B)


def test_reverse_relation_through_a_container() -> None:
    through = {"source": {"space": "sp", "externalId": "C", "type": "container"}, "identifier": "direct_A"}
    rev = {"connectionType": "multi_reverse_direct_relation", "source": ref("B"), "through": through}
    data = content(view("A", {"r": rev}), view("B", {"parent": direct("A", is_list=True)}))
    kind = build(data).model.view(A).get_property("r").kind
    assert kind == ReverseDirectRelationKind(B, "parent", B, True, True)


def test_containers_supply_defaults_and_required_ness() -> None:
    container = {
        "space": "sp",
        "externalId": "C",
        "properties": {
            "text": {"type": {"type": "text"}, "nullable": False, "defaultValue": "x", "immutable": True},
            "count": {"type": {"type": "int64"}, "nullable": False},
        },
    }
    data = content(
        view("A", {"name": prop(), "count": prop("int64", identifier="count")}), containers=(container,)
    )
    model = build(data).model
    name, count = model.view(A).get_property("name"), model.view(A).get_property("count")
    assert (name.nullable, name.default, name.immutable, name.required) == (False, "x", True, False)
    assert count.required
    assert not count.nullable


def test_error_message_lists_every_error_on_its_own_line() -> None:
    data = content(view("A"))
    with pytest.raises(IRValidationError) as info:
        build(data, data_models=("Nope", "Model"), names={"A": "def", "A.name": "1x"})
    lines = str(info.value).splitlines()
    assert lines[0] == "3 error(s) in the data model:"
    assert [line.split()[0] for line in lines[1:]] == ["PYG001", "PYG305", "PYG305"]
    assert "options.data_models[0]" in lines[1]
    assert "'Nope'" in lines[1]


def test_infos_stay_infos_under_strict() -> None:
    result = build_ir(content(view("A", writable=False)), IROptions(strict=True))
    assert only(result, "PYG105").severity is Severity.INFO


def test_container_type_keeps_the_views_direct_relation_target() -> None:
    container = {
        "space": "sp",
        "externalId": "C",
        "properties": {
            "direct_B": {"type": {"type": "direct", "list": True, "maxListSize": 50}, "nullable": True}
        },
    }
    data = content(view("A", {"d": direct("B")}), view("B"), containers=(container,))
    kind = build(data).model.view(A).get_property("d").kind
    assert kind == DirectRelationKind(B, is_list=True, max_list_size=50)


def test_data_models_that_are_not_a_list_give_no_views() -> None:
    result = build({"dataModels": "not a list"})
    assert result.model.views == ()
    assert codes(result) == {"PYG002"}


def test_unknown_pieces_survive_the_snapshot_models() -> None:
    properties = {
        "name": prop(),
        "vec": prop("vector"),
        "hyper": {"connectionType": "hyper_edge"},
        "d": direct("Ghost"),
    }
    snapshot = parse_snapshot(content(view("A", properties, implements=("Ghost",)))["dataModels"][0])
    result = build_ir(snapshot)
    assert {"PYG101", "PYG201", "PYG202", "PYG206"} <= codes(result)
    assert "implements names sp:Ghost/1, not in" in only(result, "PYG101").message
    assert [p.identifier for p in result.model.view(A).properties] == ["d", "name"]


def test_exclusion_forms() -> None:
    data = content(view("A"), view("A", version="2"), view("B", space="other"), view("C"))
    refs = {str(v.ref) for v in build(data, exclude_views=("sp:A",)).model.views}
    assert refs == {"other:B/1", "sp:C/1"}
    refs = {
        str(v.ref) for v in build(data, exclude_views=("sp:A/2", "C"), exclude_spaces=("other",)).model.views
    }
    assert refs == {"sp:A/1"}
    assert {str(v.ref) for v in build(data, data_models=("Model",)).model.views} == {
        "sp:A/1",
        "sp:A/2",
        "other:B/1",
        "sp:C/1",
    }


@pytest.mark.parametrize(
    ("data_type", "default", "extra", "fits"),
    [
        ("int32", 7, {}, True),
        ("int32", 2**31, {}, False),
        ("int64", True, {}, False),
        ("float64", 1, {}, True),
        ("boolean", "yes", {}, False),
        ("text", "x", {}, True),
        ("text", ["a", "b"], {"list": True}, True),
        ("text", ["a", 1], {"list": True}, False),
        ("json", {"any": [1]}, {}, True),
        ("enum", "on", {"values": {"on": {}}}, True),
        ("enum", "off", {"values": {"on": {}}}, False),
        ("direct", {"space": "sp", "externalId": "x"}, {}, False),
    ],
)
def test_default_values_must_fit(data_type: str, default: Any, extra: dict[str, Any], fits: bool) -> None:
    result = build(content(view("A", {"p": prop(data_type, default=default, nullable=False, **extra)})))
    prop_p = result.model.view(A).get_property("p")
    assert ("PYG214" in codes(result)) is not fits
    assert (prop_p.default is not None) is fits
    assert prop_p.required is not fits


def test_findings_stay_on_one_line_with_hostile_ids() -> None:
    data = content(view("A", {"d": direct("Gh\nost\x1b[31m")}), view("B\nC", writable=False))
    result = build(data)
    for finding in result.findings:
        assert "\n" not in str(finding)
        assert "\x1b" not in str(finding)
    assert "Gh\\nost\\x1b[31m" in only(result, "PYG206").message
    assert str(only(result, "PYG105").location) == "sp:B\\nC/1"


@pytest.mark.parametrize(
    ("space", "valid"), [("my_space", True), ("a", True), ("1bad", False), ("x y", False)]
)
def test_default_instance_space_is_checked(space: str, valid: bool) -> None:
    if valid:
        assert build(content(view("A")), default_instance_space=space).model.default_instance_space == space
        return
    with pytest.raises(IRValidationError, match=r"PYG005 options\.default_instance_space"):
        build(content(view("A")), default_instance_space=space)
