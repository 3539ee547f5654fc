"""Determinism and robustness: same input gives equal IR whatever the order; any input gives a result or
IRValidationError, nothing else."""

from __future__ import annotations

import contextlib
import copy
import os
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pygen_core.ir import IROptions, IRResult, IRValidationError, ViewRef, build_ir
from pygen_core.snapshot import Snapshot

from .conftest import MODELS, build, content, direct, edge, prop, reverse, view


def _reversed_dicts(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _reversed_dicts(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_reversed_dicts(v) for v in value]
    return value


def _shuffled(data: dict[str, Any]) -> dict[str, Any]:
    shuffled: dict[str, Any] = _reversed_dicts(copy.deepcopy(data))
    for model in shuffled["dataModels"]:
        model["views"].reverse()
    return shuffled


def test_build_twice_is_equal(snapshots: dict[str, Snapshot]) -> None:
    for snapshot in snapshots.values():
        first, second = build_ir(snapshot), build_ir(snapshot)
        assert first == second
        assert repr(first) == repr(second)


def test_order_of_views_and_keys_does_not_matter(snapshots: dict[str, Snapshot]) -> None:
    for snapshot in snapshots.values():
        data = snapshot.content()
        first, second = build_ir(data), build_ir(_shuffled(data))
        assert first.model.views == second.model.views
        assert first.findings == second.findings
        assert [m.views for m in first.model.data_models] != [] or not first.model.views


def test_mapping_and_snapshot_inputs_agree(snapshots: dict[str, Snapshot]) -> None:
    snapshot = snapshots["Omni"]
    assert build_ir(snapshot.content()).model.views == build_ir(snapshot).model.views


def test_synthetic_model_is_order_independent() -> None:
    data = content(
        view("A", {"b": direct("B"), "e": edge("B"), "z": prop("int64", identifier="z"), "Z": prop()}),
        view("B", {"rev": reverse("A", "A", "b")}, implements=("A",)),
        view("C", {"name": prop(), "class": prop()}, implements=("B", "A")),
    )
    assert build(data).model.views == build(_shuffled(data)).model.views
    assert build(data).findings == build(_shuffled(data)).findings


XIDS = st.sampled_from(["A", "B", "C", "Ghost", "class", "list", "Field", "a-b", "", "日本"])
TYPES = st.sampled_from(
    ["text", "int32", "int64", "float32", "float64", "boolean", "timestamp", "date", "json", "direct", "enum",
     "timeseries", "file", "sequence", "vector", "", None, 3]
)  # fmt: skip
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def view_refs(draw: st.DrawFn) -> Any:
    return draw(
        st.one_of(
            st.fixed_dictionaries(
                {
                    "space": st.sampled_from(["sp", "other"]),
                    "externalId": XIDS,
                    "version": st.sampled_from(["1", "2"]),
                }
            ),
            JSON,
        )
    )


@st.composite
def properties(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(["mapped", "edge", "reverse", "junk"]))
    if kind == "mapped":
        data_type: dict[str, Any] = {"type": draw(TYPES), "list": draw(st.booleans() | JSON)}
        if draw(st.booleans()):
            data_type["source"] = draw(view_refs())
        if draw(st.booleans()):
            data_type["values"] = draw(st.dictionaries(st.text(max_size=4), JSON, max_size=3) | JSON)
            data_type["unknownValue"] = draw(st.text(max_size=3) | JSON)
        return {
            "container": {"space": "sp", "externalId": draw(st.sampled_from(["C", "D"]))},
            "containerPropertyIdentifier": draw(st.text(max_size=4)),
            "type": data_type if draw(st.booleans()) else draw(JSON),
            "nullable": draw(st.booleans() | JSON),
            "defaultValue": draw(JSON),
            "autoIncrement": draw(st.booleans()),
        }
    if kind == "edge":
        return {
            "connectionType": draw(
                st.sampled_from(["single_edge_connection", "multi_edge_connection", "weird"])
            ),
            "type": draw(st.fixed_dictionaries({"space": st.just("sp"), "externalId": XIDS}) | JSON),
            "source": draw(view_refs()),
            "edgeSource": draw(st.none() | view_refs()),
            "direction": draw(st.sampled_from(["outwards", "inwards", "up"]) | JSON),
        }
    if kind == "reverse":
        return {
            "connectionType": draw(
                st.sampled_from(["single_reverse_direct_relation", "multi_reverse_direct_relation"])
            ),
            "source": draw(view_refs()),
            "through": {
                "source": draw(
                    view_refs() | st.just({"space": "sp", "externalId": "C", "type": "container"})
                ),
                "identifier": draw(st.text(max_size=4) | JSON),
            },
        }
    return draw(JSON)


@st.composite
def views(draw: st.DrawFn) -> Any:
    return {
        "space": draw(st.sampled_from(["sp", "other"])),
        "externalId": draw(XIDS),
        "version": draw(st.sampled_from(["1", "2"])),
        "implements": draw(st.lists(view_refs(), max_size=3) | JSON),
        "usedFor": draw(st.sampled_from(["node", "edge", "all", "record"]) | JSON),
        "writable": draw(st.booleans() | JSON),
        "properties": draw(st.dictionaries(st.text(max_size=6), properties(), max_size=5) | JSON),
    }


@st.composite
def contents(draw: st.DrawFn) -> Any:
    model: dict[str, Any] = {"space": "sp", "externalId": "M", "version": "1"}
    model["views"] = draw(st.lists(views(), max_size=4))
    if draw(st.booleans()):
        model = draw(st.dictionaries(st.text(max_size=5), JSON, max_size=3)) | model
    containers = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "space": st.just("sp"),
                    "externalId": st.sampled_from(["C", "D"]),
                    "properties": st.dictionaries(st.text(max_size=4), JSON, max_size=3) | JSON,
                }
            ),
            max_size=2,
        )
    )
    return {"dataModels": [model] if draw(st.booleans()) else [*draw(st.lists(JSON, max_size=2)), model],
            "containers": containers}  # fmt: skip


def _outcome(data: Any, options: IROptions) -> IRResult | IRValidationError:
    try:
        return build_ir(data, options)
    except IRValidationError as error:
        return error


OPTIONS = st.builds(
    IROptions,
    data_models=st.lists(st.sampled_from(["M", "sp:M/1", "nope", "a:b:c"]), max_size=2),
    exclude_views=st.lists(XIDS, max_size=2),
    exclude_spaces=st.lists(st.sampled_from(["sp", "other", "x"]), max_size=1),
    names=st.dictionaries(
        st.sampled_from(["A", "B", "A.x", "sp:C/1", "Ghost.y"]), st.text(max_size=6), max_size=2
    ),
    strict=st.booleans(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contents(), OPTIONS)
def test_build_ir_raises_nothing_but_ir_validation_error(data: dict[str, Any], options: IROptions) -> None:
    outcome = _outcome(data, options)
    if isinstance(outcome, IRValidationError):
        assert outcome.fatal
        assert str(outcome).count("\n") == len(outcome.fatal)
        return
    result = outcome
    assert isinstance(result, IRResult)
    for view_ir in result.model.views:
        names = [p.names.python for p in view_ir.properties]
        assert len(names) == len(set(names))
        assert all(n.isidentifier() and n.isascii() for n in names)
        for prop_ir in view_ir.properties:
            for target in (
                getattr(prop_ir.kind, "target", None),
                getattr(prop_ir.kind, "edge_properties", None),
            ):
                assert target is None or result.model.has_view(target)
            assert prop_ir.inherited_from is None or result.model.has_view(prop_ir.inherited_from)
        assert all(result.model.has_view(a) for a in view_ir.ancestors)
    classes = [v.names.python.class_name for v in result.model.views]
    assert len(classes) == len(set(classes))
    assert build_ir(data, options) == result


@settings(max_examples=30, deadline=None)
@given(JSON)
def test_any_json_top_level(data: Any) -> None:
    with contextlib.suppress(IRValidationError):
        build_ir(data if isinstance(data, dict) else {"dataModels": data})


def test_deep_implements_chain_does_not_overflow() -> None:
    depth = 1100  # deeper than the default recursion limit
    data = content(
        *[view(f"V{i}", {"name": prop()}, implements=(f"V{i - 1}",) if i else ()) for i in range(depth)]
    )
    model = build(data).model
    last = model.view(ViewRef("sp", f"V{depth - 1}", "1"))
    assert len(last.ancestors) == depth - 1
    assert last.ancestors[0] == ViewRef("sp", f"V{depth - 2}", "1")
    assert last.get_property("name").inherited_from == ViewRef("sp", "V0", "1")


@pytest.mark.slow
def test_same_ir_under_different_hash_seeds() -> None:
    script = (
        "from pygen_core.snapshot import load_snapshot\n"
        "from pygen_core.ir import build_ir\n"
        f"print(repr(build_ir(load_snapshot({str(MODELS / 'Omni.json')!r}))))\n"
    )
    outputs = [
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
        for seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1]
    assert "SDKModel(" in outputs[0]
