"""Notebook use of the reference SDK: repr, HTML tables (model text escaped), to_pandas on items, write
objects in wire form and back, typed write lists."""

from __future__ import annotations

import datetime
from types import ModuleType
from typing import Any

import pytest

HOSTILE = '<script>alert("pwned")</script> & <b>bold</b>'


def test_repr_shows_what_is_set(dc: ModuleType) -> None:
    write = dc.PrimitiveNullableWrite(external_id="p1", text="a", int_32=None)
    assert (
        repr(write)
        == "PrimitiveNullableWrite(space='sp_omni_instances', external_id='p1', int_32=None, text='a')"
    )
    read = dc.PrimitiveNullable.model_validate(
        {
            "space": "s",
            "externalId": "x",
            "version": 3,
            "properties": {"sp_pygen_models": {"PrimitiveNullable/1": {"text": "t", "int32": 5}}},
        }
    )
    text = repr(read)
    assert text == "PrimitiveNullable(space='s', external_id='x', version=3, int_32=5, text='t')"
    assert "None" not in text
    assert "created_time" not in text


def test_html_escapes_model_text(client: Any, dc: ModuleType) -> None:
    client.upsert([dc.PrimitiveNullableWrite(external_id="hostile", text=HOSTILE, int_32=1)])
    item = client.primitive_nullable.retrieve("hostile")
    for html in (item._repr_html_(), client.primitive_nullable.list(limit=None)._repr_html_()):
        assert "<script>" not in html
        assert "<b>" not in html
        assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    single = item._repr_html_()
    assert "<th>field</th><th>value</th>" in single
    assert "<td>int_32</td><td>1</td>" in single
    assert "json_" not in single  # unset properties are left out
    write_html = item.as_write()._repr_html_()
    assert "&lt;script&gt;" in write_html
    assert "<script>" not in write_html
    client.delete(["hostile"])


def test_long_lists_show_their_ends(dc: ModuleType) -> None:
    items = dc.PrimitiveNullableList(
        dc.PrimitiveNullable(space="s", external_id=f"n{i}", text=f"t{i}") for i in range(50)
    )
    html = items._repr_html_()
    assert "PrimitiveNullableList: 50 items" in html
    assert "… 30 more rows …" in html
    assert "n0" in html
    assert "n49" in html
    assert "n25" not in html
    assert html.count("<tr>") == 1 + 20 + 1


def test_to_pandas_on_single_items(dc: ModuleType) -> None:
    when = datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc)
    read = dc.PrimitiveNullable(space="s", external_id="x", text="t", timestamp=when)
    series = read.to_pandas()
    import pandas as pd  # here, not at collection: importing pandas takes a second in every test worker

    assert isinstance(series, pd.Series)
    assert series.name == "x"
    assert series["text"] == "t"
    assert series["timestamp"] == when
    write = dc.PrimitiveNullableWrite(external_id="w", float_64=2.5)
    assert write.to_pandas().to_dict() == {"space": "sp_omni_instances", "external_id": "w", "float_64": 2.5}


def test_write_dump_is_the_upsert_item_and_loads_back(dc: ModuleType, rt: ModuleType) -> None:
    when = datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.timezone.utc)
    write = dc.PrimitiveNullableWrite(
        external_id="p1", text="a", timestamp=when, date=datetime.date(2024, 1, 2), json_={"k": [1, 2]}
    )
    wire = write.dump()
    assert wire == {
        "instanceType": "node",
        "space": "sp_omni_instances",
        "externalId": "p1",
        "sources": [
            {
                "source": {
                    "type": "view",
                    "space": "sp_pygen_models",
                    "externalId": "PrimitiveNullable",
                    "version": "1",
                },
                "properties": {
                    "date": "2024-01-02",
                    "json": {"k": [1, 2]},
                    "text": "a",
                    "timestamp": "2024-05-01T12:30:00.000+00:00",
                },
            }
        ],
    }
    back = dc.PrimitiveNullableWrite.load(wire)
    assert back == write
    assert back.model_fields_set - {"space"} == write.model_fields_set  # properties: only what was set
    # Direct relations and a pinned node type survive too.
    a = dc.ConnectionItemAWrite(external_id="a1", name="n", other_direct=("sp", "c1"), self_direct="a2")
    a_wire = a.dump()
    assert a_wire["type"] == {"space": "sp_pygen_models", "externalId": "ConnectionItemA"}
    props = a_wire["sources"][0]["properties"]
    assert props["otherDirect"] == {"space": "sp", "externalId": "c1"}
    assert props["selfDirect"] == {"space": "sp_omni_instances", "externalId": "a2"}
    loaded = dc.ConnectionItemAWrite.load(a_wire)
    assert loaded.other_direct == rt.NodeId("sp", "c1")
    assert loaded.node_type == rt.NodeId("sp_pygen_models", "ConnectionItemA")
    assert loaded.dump() == a_wire


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"extra": 1}, "PrimitiveNullableWrite.load: extra: unknown field"),
        (
            {"sources": [{"source": {"space": "x", "externalId": "y", "version": "1"}}]},
            "sources[0].source: not the view",
        ),
        (
            {
                "sources": [
                    {
                        "source": {
                            "space": "sp_pygen_models",
                            "externalId": "PrimitiveNullable",
                            "version": "1",
                        },
                        "properties": {"nope": 1},
                    }
                ]
            },
            "sources[0].properties.nope: the view has no such stored property",
        ),
        (
            {
                "sources": [
                    {
                        "source": {
                            "space": "sp_pygen_models",
                            "externalId": "PrimitiveNullable",
                            "version": "1",
                        },
                        "properties": {"int32": "x"},
                    }
                ]
            },
            "PrimitiveNullableWrite.load: int_32: Input should be a valid integer",
        ),
    ],
)
def test_load_errors_name_the_json_path(dc: ModuleType, change: dict[str, Any], message: str) -> None:
    wire = {"instanceType": "node", "space": "s", "externalId": "x", **change}
    with pytest.raises(ValueError) as caught:
        dc.PrimitiveNullableWrite.load(wire)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_list_as_write_is_a_typed_write_list(client: Any, dc: ModuleType, rt: ModuleType) -> None:
    items = client.primitive_nullable.list(limit=3)
    writes = items.as_write()
    assert type(writes) is dc.PrimitiveNullableWriteList
    assert isinstance(writes, rt.NodeWriteList)
    assert len(writes) == 3
    assert writes.as_ids() == items.as_ids()
    assert [w["externalId"] for w in writes.dump()] == [i.external_id for i in items]
    assert list(writes.to_pandas()["external_id"]) == [i.external_id for i in items]
    nested = dc.ConnectionItemAWriteList(
        [dc.ConnectionItemAWrite(external_id="a9", outwards=[dc.ConnectionItemBWrite(external_id="b9")])]
    )
    kinds = sorted((w["instanceType"], w["externalId"]) for w in nested.dump())
    assert kinds == [("edge", "a9:bidirectional:b9"), ("node", "a9"), ("node", "b9")]


def test_read_load_is_model_validate(dc: ModuleType) -> None:
    read = dc.PrimitiveNullable(space="s", external_id="x", int_32=4)
    assert dc.PrimitiveNullable.load(read.dump()) == read
