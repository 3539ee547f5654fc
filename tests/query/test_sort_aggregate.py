"""Sorting on several properties (list, search, the builder) and several aggregates in one call, against the
seed file as oracle."""

from __future__ import annotations

import statistics
from types import ModuleType
from typing import Any

import pytest

from .conftest import seeded, xids

PN = seeded("PrimitiveNullable")
BIG = 2**40


def order(keys: list[tuple[str, bool, bool]]) -> list[str]:
    """External ids of the PrimitiveNullable seed sorted by ``(property, descending, nulls_first)`` keys."""
    items = list(PN.items())
    for prop, descending, nulls_first in reversed(keys):  # stable sorts, last key first
        present = [i for i in items if i[1].get(prop) is not None]
        missing = [i for i in items if i[1].get(prop) is None]
        present.sort(key=lambda i: i[1][prop], reverse=descending)
        items = missing + present if nulls_first else present + missing
    return [xid for xid, _ in items]


def test_list_sorts_on_several_properties(client: Any, rt: ModuleType) -> None:
    api = client.primitive_nullable
    got = xids(api.list(sort_by=["boolean", rt.Sort("int_32", "descending")], limit=None))
    assert got == order([("boolean", False, False), ("int32", True, False)])
    nulls = xids(api.list(sort_by=[rt.Sort("boolean", nulls_first=True), "int_32"], limit=None))
    assert nulls == order([("boolean", False, True), ("int32", False, False)])
    descending = xids(api.list(sort_by=["int_32"], direction="descending", limit=None))
    assert descending == order([("int32", True, False)])  # a list of one property no longer crashes


def test_search_sorts(client: Any, rt: ModuleType) -> None:
    api = client.primitive_nullable
    got = xids(api.search(sort_by="int_32", direction="descending", limit=10))
    assert got == order([("int32", True, False)])
    with pytest.raises(ValueError, match="search cannot sort with nulls_first"):
        api.search(sort_by=rt.Sort("int_32", nulls_first=True))


def test_the_builder_sorts_its_first_step(client: Any, rt: ModuleType) -> None:
    builder = client.primitive_nullable.select().sort_by([rt.Sort("float_32", nulls_first=True), "int_32"])
    assert xids(builder.list()) == order([("float32", False, True), ("int32", False, False)])
    assert xids(builder.list(limit=2)) == order([("float32", False, True), ("int32", False, False)])[:2]


def test_sort_mistakes(client: Any, rt: ModuleType) -> None:
    api = client.primitive_nullable
    with pytest.raises(ValueError, match="at most 5 properties"):
        api.list(sort_by=["text", "int_32", "int_64", "float_32", "float_64", "boolean"])
    with pytest.raises(ValueError, match="has no property 'nothing'"):
        api.list(sort_by=["nothing"])
    with pytest.raises(ValueError, match="'ascending' or 'descending'"):
        rt.Sort("text", "up")


def test_several_aggregates_in_one_call(client: Any) -> None:
    ints = [p["int32"] for p in PN.values() if p.get("int32") is not None]
    floats = [p["float32"] for p in PN.values() if p.get("float32") is not None]
    result = client.primitive_nullable.aggregate(
        {"avg": "int_32", "max": "float_32", "min": "int_32", "sum": "int_32", "count": None}
    )
    assert result.avg == pytest.approx(statistics.mean(ints))
    assert result.max == pytest.approx(max(floats))
    assert result.min == min(ints)
    assert result.sum == pytest.approx(sum(ints))
    assert result.count == len(PN)
    assert result.value is None
    assert result.groups == []
    single = client.primitive_nullable.aggregate("max", "int_32")
    assert single.value == single.max == max(ints)
    assert single.avg is None


def test_several_aggregates_grouped(client: Any) -> None:
    result = client.primitive_nullable.aggregate({"count": None, "avg": "int_32"}, group_by="boolean")
    groups = {group.group["boolean"]: group for group in result.groups}
    for flag in (True, False):
        members = [p for p in PN.values() if p.get("boolean") is flag]
        ints = [p["int32"] for p in members if p.get("int32") is not None]
        assert groups[flag].count == len(members)
        assert groups[flag].avg == (pytest.approx(statistics.mean(ints)) if ints else None)
    assert set(groups) == {p["boolean"] for p in PN.values() if p.get("boolean") is not None}


def test_aggregate_mistakes(client: Any) -> None:
    api = client.primitive_nullable
    with pytest.raises(ValueError, match="give the properties in the mapping"):
        api.aggregate({"avg": "int_32"}, "int_32")
    with pytest.raises(ValueError, match="needs a property"):
        api.aggregate({"avg": None})
    with pytest.raises(ValueError, match="at most 5 aggregates"):
        api.aggregate(
            {"avg": "int_32", "max": "int_32", "min": "int_32", "sum": "int_32", "count": None, "x": None}
        )
    with pytest.raises(ValueError, match="must be one of count"):
        api.aggregate({"median": "int_32"})
    with pytest.raises(ValueError, match="names no aggregate"):
        api.aggregate({})
