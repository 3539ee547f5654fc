"""The hand-written SDK reading the seeded Omni instances from the emulator; expected values come from the
seed file itself (an independent oracle), never from the SDK."""

from __future__ import annotations

import datetime
import json
from types import ModuleType
from typing import Any

import pytest

from .conftest import MODELS

SEED: list[dict[str, Any]] = json.loads((MODELS / "Omni.instances.json").read_text())


def seeded(view: str) -> dict[str, dict[str, Any]]:
    """external id → properties of the seeded nodes that have data in ``view``."""
    out = {}
    for node in SEED:
        props = node.get("properties", {}).get("sp_pygen_models", {}).get(f"{view}/1")
        if props is not None:
            out[node["externalId"]] = props
    return out


PN = seeded("PrimitiveNullable")
D = seeded("ConnectionItemD")
E = seeded("ConnectionItemE")


def xids(items: Any) -> set[str]:
    return {item.external_id for item in items}


def test_list_returns_every_seeded_node_with_typed_values(client: Any) -> None:
    items = client.primitive_nullable.list(limit=None)
    assert xids(items) == set(PN)
    for item in items:
        raw = PN[item.external_id]
        assert item.text == raw.get("text")
        assert item.int_32 == raw.get("int32")
        assert item.json_ == raw.get("json")
        if "timestamp" in raw:
            assert item.timestamp.tzinfo is not None
            assert item.timestamp == datetime.datetime.fromisoformat(raw["timestamp"])
        if "date" in raw:
            assert type(item.date) is datetime.date
            assert item.date.isoformat() == raw["date"]
        assert item.created_time.tzinfo is not None
        assert item.version >= 1


def test_list_limit_pages_and_reports_the_cursor(client: Any) -> None:
    two = client.primitive_nullable.list(limit=2)
    assert len(two) == 2
    assert two.cursor is not None
    assert len(client.primitive_nullable.list(limit=-1)) == len(PN)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"boolean": True}, lambda p: p.get("boolean") is True),
        (
            {"text": "Power ball health field whatever new detail."},
            lambda p: p.get("text") == "Power ball health field whatever new detail.",
        ),
        ({"text_prefix": "P"}, lambda p: str(p.get("text", "")).startswith("P")),
        ({"min_int_32": 0}, lambda p: p.get("int32") is not None and p["int32"] >= 0),
        ({"max_float_32": 0.0}, lambda p: p.get("float32") is not None and p["float32"] <= 0),
        (
            {"min_timestamp": datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc)},
            lambda p: "timestamp" in p and p["timestamp"] >= "2024-05-01",
        ),
        ({"max_date": datetime.date(2024, 5, 15)}, lambda p: "date" in p and p["date"] <= "2024-05-15"),
        ({"external_id_prefix": "PrimitiveNullable:B"}, None),
    ],
)
def test_typed_filters_match_the_oracle(client: Any, kwargs: dict[str, Any], expected: Any) -> None:
    got = xids(client.primitive_nullable.list(limit=None, **kwargs))
    if expected is None:
        want = {x for x in PN if x.startswith("PrimitiveNullable:B")}
    else:
        want = {x for x, p in PN.items() if expected(p)}
    assert got == want
    assert want, "the oracle should select something, or the test proves nothing"


def test_text_in_list_and_space_filters(client: Any) -> None:
    texts = [p["text"] for p in PN.values() if "text" in p][:2]
    got = xids(client.primitive_nullable.list(text=texts, space="sp_omni_instances", limit=None))
    assert got == {x for x, p in PN.items() if p.get("text") in texts}
    assert client.primitive_nullable.list(space=["no_such_space"], limit=None) == []


def test_direct_relation_filters_single_and_list(client: Any) -> None:
    target = next(p["directSingle"]["externalId"] for p in D.values() if p.get("directSingle"))
    got = xids(client.connection_item_d.list(direct_single=target, limit=None))
    assert got == {x for x, p in D.items() if (p.get("directSingle") or {}).get("externalId") == target}
    listed = next(p["directMulti"][0]["externalId"] for p in D.values() if p.get("directMulti"))
    got = xids(client.connection_item_d.list(direct_multi=[("sp_omni_instances", listed)], limit=None))
    assert got == {
        x for x, p in D.items() if any(ref["externalId"] == listed for ref in p.get("directMulti") or [])
    }


def test_composed_and_raw_filters(client: Any, dc: ModuleType, rt: ModuleType) -> None:
    f = dc.PrimitiveNullableFilter
    flt = (f.boolean.equals(True) | f.int_32.range(gte=0)) & ~f.text.prefix("P")
    got = xids(client.primitive_nullable.list(filter=flt, limit=None))
    want = {
        x
        for x, p in PN.items()
        if (p.get("boolean") is True or (p.get("int32") is not None and p["int32"] >= 0))
        and not str(p.get("text", "")).startswith("P")
    }
    assert got == want
    raw = rt.RawFilter({"exists": {"property": ["sp_pygen_models", "PrimitiveNullable/1", "int32"]}})
    assert xids(client.primitive_nullable.list(filter=raw, limit=None)) == {
        x for x, p in PN.items() if "int32" in p
    }


def test_sort_by_python_name(client: Any) -> None:
    items = client.primitive_nullable.list(sort_by="float_32", direction="descending", limit=None)
    values = [i.float_32 for i in items if i.float_32 is not None]
    assert values == sorted(values, reverse=True)
    assert len(values) == sum(1 for p in PN.values() if "float32" in p)


def test_iterate_streams_pages_and_resumes_from_a_cursor(client: Any) -> None:
    pages = list(client.primitive_nullable.iterate(chunk_size=2))
    assert [len(p) for p in pages] == [2, 2, 1]
    assert pages[-1].cursor is None
    first = next(iter(client.primitive_nullable.iterate(chunk_size=2)))
    rest = [
        item for page in client.primitive_nullable.iterate(chunk_size=2, cursor=first.cursor) for item in page
    ]
    assert xids(first) | xids(rest) == set(PN)
    assert not xids(first) & xids(rest)
    assert sum(len(p) for p in client.primitive_nullable.iterate(chunk_size=2, limit=3)) == 3
    with pytest.raises(ValueError, match="chunk_size"):
        next(iter(client.primitive_nullable.iterate(chunk_size=0)))


def test_retrieve_single_many_and_missing(client: Any, rt: ModuleType) -> None:
    some = sorted(PN)[:2]
    one = client.primitive_nullable.retrieve(some[0])
    assert one is not None
    assert one.external_id == some[0]
    assert client.primitive_nullable.retrieve("does-not-exist") is None
    many = client.primitive_nullable.retrieve([some[1], "does-not-exist", ("sp_omni_instances", some[0])])
    assert [i.external_id for i in many] == [some[1], some[0]]
    by_id = client.primitive_nullable.retrieve(rt.NodeId("sp_omni_instances", some[0]))
    assert by_id is not None
    assert by_id.external_id == some[0]
    # a node that exists but has no data in this view is "missing" for this view
    assert client.primitive_nullable.retrieve(sorted(D)[0]) is None


def test_search_finds_words_in_text(client: Any) -> None:
    word = "health"
    found = client.primitive_nullable.search(word, properties="text")
    assert xids(found) == {x for x, p in PN.items() if word in str(p.get("text", "")).lower().split()}
    assert found


def test_aggregates_and_histogram_match_the_oracle(client: Any) -> None:
    api = client.primitive_nullable
    assert api.aggregate("count").value == len(PN)
    floats = [p["float32"] for p in PN.values() if "float32" in p]
    assert api.aggregate("avg", "float_32").value == pytest.approx(sum(floats) / len(floats))
    assert api.aggregate("max", "float_32").value == pytest.approx(max(floats))
    assert api.aggregate("count", min_float_32=0.0).value == sum(1 for f in floats if f >= 0)
    groups = api.aggregate("count", group_by="boolean").groups
    counted = {g.group["boolean"]: g.value for g in groups}
    for flag in (True, False):
        assert counted.get(flag, 0) == sum(1 for p in PN.values() if p.get("boolean") is flag)
    ints = [p["int32"] for p in PN.values() if "int32" in p]
    buckets = api.histogram("int_32", 1_000_000_000)
    assert sum(b.count for b in buckets) == len(ints)


def test_reverse_direct_relations_as_identifiers_and_objects(
    client: Any, dc: ModuleType, rt: ModuleType
) -> None:
    want: dict[str, set[str]] = {x: set() for x in E}
    for d_xid, props in D.items():
        for ref in props.get("directMulti") or []:
            want.setdefault(ref["externalId"], set()).add(d_xid)
    ids = client.connection_item_e.list(limit=None, retrieve_connections="identifier")
    for item in ids:
        assert all(type(v) is rt.NodeId for v in item.direct_reverse_multi)
        assert {v.external_id for v in item.direct_reverse_multi} == want[item.external_id]
    full = client.connection_item_e.retrieve(sorted(E), retrieve_connections="full")
    for item in full:
        assert all(isinstance(v, dc.ConnectionItemD) for v in item.direct_reverse_multi)
        assert {v.external_id for v in item.direct_reverse_multi} == want[item.external_id]
    skipped = client.connection_item_e.list(limit=None)
    assert all(item.direct_reverse_multi is None for item in skipped)


def test_direct_relations_load_as_typed_objects(client: Any, dc: ModuleType, rt: ModuleType) -> None:
    items = client.connection_item_f.list(limit=None, retrieve_connections="full")
    seen = 0
    for item in items:
        for target in item.direct_list or []:
            assert isinstance(target, dc.ConnectionItemD)
            seen += 1
    assert seen > 0
    plain = client.connection_item_f.list(limit=None)
    assert all(type(t) is rt.NodeId for item in plain for t in item.direct_list or [])


def test_unknown_property_and_enum_value_are_tolerated(dc: ModuleType) -> None:
    raw = {
        "instanceType": "node",
        "space": "s",
        "externalId": "x",
        "version": 3,
        "createdTime": 0,
        "lastUpdatedTime": 0,
        "properties": {"sp_pygen_models": {"PrimitiveNullable/1": {"text": "a", "addedLater": {"x": 1}}}},
        "somethingNew": True,
    }
    item = dc.PrimitiveNullable.model_validate(raw)
    assert item.text == "a"
    assert item.dump()["properties"] == {"sp_pygen_models": {"PrimitiveNullable/1": {"text": "a"}}}


def test_required_property_missing_in_real_data_does_not_break_reads(client: Any) -> None:
    # Omni.instances.json holds real nodes typed Implementation1 that have no value for the required value2
    seeded_ids = set(seeded("Implementation1"))
    items = client.implementation_1.list(limit=None)
    assert xids(items) == seeded_ids
    missing = {i.external_id for i in items if i.value_2 is None}
    assert missing == {x for x, p in seeded("Implementation1").items() if "value2" not in p}
    assert missing


def test_exists_filter_on_json_and_its_negation(client: Any) -> None:
    with_json = {x for x, p in PN.items() if "json" in p}
    assert xids(client.primitive_nullable.list(json_exists=True, limit=None)) == with_json
    assert xids(client.primitive_nullable.list(json_exists=False, limit=None)) == set(PN) - with_json
    assert with_json
    assert set(PN) - with_json


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"boolean": False}, lambda p: p.get("boolean") is False),
        ({"text_prefix": "P"}, lambda p: str(p.get("text", "")).startswith("P")),
        ({"min_int_64": 0}, lambda p: p.get("int64") is not None and p["int64"] >= 0),
        ({"max_date": datetime.date(2024, 5, 15)}, lambda p: "date" in p and p["date"] <= "2024-05-15"),
        ({"json_exists": True}, lambda p: "json" in p),
        ({"external_id_prefix": "PrimitiveNullable:B"}, lambda p: False),
    ],
)
def test_aggregate_and_search_take_the_same_filters(
    client: Any, kwargs: dict[str, Any], expected: Any
) -> None:
    want = {x for x, p in PN.items() if expected(p)}
    if "external_id_prefix" in kwargs:
        want = {x for x in PN if x.startswith(kwargs["external_id_prefix"])}
    assert client.primitive_nullable.aggregate("count", **kwargs).value == len(want)
    assert xids(client.primitive_nullable.search(None, **kwargs, limit=100)) == want


def test_aggregate_with_direct_relation_filter(client: Any) -> None:
    target = next(p["directSingle"]["externalId"] for p in D.values() if p.get("directSingle"))
    want = sum(1 for p in D.values() if (p.get("directSingle") or {}).get("externalId") == target)
    assert client.connection_item_d.aggregate("count", direct_single=target).value == want
    assert want
