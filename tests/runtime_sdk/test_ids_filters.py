"""Identifiers and the composable filter builder."""

from __future__ import annotations

import datetime

import pytest

from pygen_core.runtime import (
    And,
    DateProp,
    DirectProp,
    EdgeId,
    Filter,
    IntProp,
    ListProp,
    NodeId,
    RawFilter,
    TextProp,
    TimestampProp,
    ViewId,
    equals,
    has_data,
    range_,
)
from pygen_core.runtime._filters import and_all, as_node_id

VIEW = ViewId("sp", "Pump", "v1")


def test_ids_compare_hash_and_dump() -> None:
    assert NodeId("s", "x") == NodeId("s", "x")
    assert NodeId("s", "x") != EdgeId("s", "x")
    assert len({NodeId("s", "x"), NodeId("s", "x"), EdgeId("s", "x")}) == 2
    assert NodeId("s", "x").dump() == {"space": "s", "externalId": "x"}
    assert EdgeId("s", "e").dump(include_instance_type=True) == {
        "instanceType": "edge",
        "space": "s",
        "externalId": "e",
    }
    assert sorted([NodeId("b", "1"), NodeId("a", "2")]) == [NodeId("a", "2"), NodeId("b", "1")]
    assert tuple(NodeId("s", "x")) == ("s", "x")


def test_node_id_load_accepts_dicts_and_tuples_and_rejects_the_rest() -> None:
    assert NodeId.load({"space": "s", "externalId": "x"}) == NodeId("s", "x")
    assert NodeId.load(("s", "x")) == NodeId("s", "x")
    with pytest.raises(ValueError, match="expected a NodeId"):
        NodeId.load("s:x")
    with pytest.raises(ValueError, match="must be strings"):
        NodeId.load({"space": 1, "externalId": "x"})


def test_view_id_paths() -> None:
    assert VIEW.key == "Pump/v1"
    assert VIEW.alias("name").path == ["properties", "sp", "Pump/v1", "name"]
    assert VIEW.property_ref("name") == ["sp", "Pump/v1", "name"]
    assert VIEW.dump() == {"type": "view", "space": "sp", "externalId": "Pump", "version": "v1"}
    assert str(VIEW) == "sp:Pump/v1"
    assert ViewId("sp", "Pump", "v1") == VIEW
    assert hash(ViewId("sp", "Pump", "v1")) == hash(VIEW)


def test_operators_compose_and_flatten() -> None:
    a, b, c = (TextProp(VIEW, "name").equals(v) for v in "abc")
    combined = (a & b & c) | ~a
    assert combined.dump() == {
        "or": [
            {"and": [a.dump(), b.dump(), c.dump()]},
            {"not": a.dump()},
        ]
    }
    assert isinstance(a & b, And)
    assert and_all(None, None) is None
    assert and_all(None, a) is a
    assert and_all(a, None, b) == a & b


def test_typed_property_builders_produce_wire_filters() -> None:
    ts = datetime.datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.timezone.utc)
    assert TimestampProp(VIEW, "seen").range(gte=ts).dump() == {
        "range": {"property": ["sp", "Pump/v1", "seen"], "gte": "2024-01-02T03:04:05.678+00:00"}
    }
    assert DateProp(VIEW, "d").range(lt=datetime.date(2024, 2, 29)).dump()["range"]["lt"] == "2024-02-29"
    assert IntProp(VIEW, "n").in_([1, 2]).dump() == {
        "in": {"property": ["sp", "Pump/v1", "n"], "values": [1, 2]}
    }
    assert DirectProp(VIEW, "site").equals(("i", "s1")).dump() == {
        "equals": {"property": ["sp", "Pump/v1", "site"], "value": {"space": "i", "externalId": "s1"}}
    }
    assert ListProp(VIEW, "tags").contains_all(["a", "b"]).dump() == {
        "containsAll": {"property": ["sp", "Pump/v1", "tags"], "values": ["a", "b"]}
    }
    assert TextProp("node", "externalId").prefix("p").dump() == {
        "prefix": {"property": ["node", "externalId"], "value": "p"}
    }
    assert TextProp(VIEW, "name").exists().dump() == {"exists": {"property": ["sp", "Pump/v1", "name"]}}
    assert has_data(VIEW).dump() == {"hasData": [VIEW.dump()]}


def test_raw_filter_escape_hatch_combines_with_typed_filters() -> None:
    raw = RawFilter({"matchAll": {}})
    assert (raw & equals(["node", "space"], "s")).dump() == {
        "and": [{"matchAll": {}}, {"equals": {"property": ["node", "space"], "value": "s"}}]
    }
    with pytest.raises(ValueError, match="exactly one key"):
        RawFilter({"a": 1, "b": 2})


def test_bad_filter_arguments_fail_clearly() -> None:
    with pytest.raises(ValueError, match="at least one of gt, gte, lt, lte"):
        range_(["node", "version"])
    with pytest.raises(ValueError, match="bare external id but the SDK has no default instance space"):
        as_node_id("x", None, "filter on 'site'")
    assert as_node_id("x", "dflt", "w") == NodeId("dflt", "x")
    with pytest.raises(TypeError, match="expected NodeId"):
        as_node_id(3, "dflt", "w")  # type: ignore[arg-type]


def test_filters_are_values() -> None:
    f1: Filter = TextProp(VIEW, "name").equals("a")
    assert f1 == TextProp(VIEW, "name").equals("a")
    assert f1 != TextProp(VIEW, "name").equals("b")
    assert "equals" in repr(f1)


def test_every_exported_name_resolves() -> None:
    import pygen_core.runtime as runtime

    missing = [name for name in runtime.__all__ if getattr(runtime, name, None) is None]
    assert missing == []
    assert sorted(runtime.__all__) == runtime.__dir__()


@pytest.mark.slow
def test_importing_the_runtime_does_not_load_the_sdk_layer() -> None:
    import subprocess
    import sys

    code = (
        "import sys, pygen_core.runtime as r; loaded = sorted(m for m in sys.modules if m.startswith("
        "'pygen_core.runtime.')); print(','.join(loaded)); r.NodeRead; "
        "print('pygen_core.runtime._instances' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "pygen_core.runtime._instances" not in out[0].split(",")
    assert "pygen_core.runtime._http" in out[0].split(",")
    assert out[1] == "True"
