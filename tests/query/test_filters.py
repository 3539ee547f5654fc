"""The whole DMS filter language through typed property handles, in ``list(filter=)``, ``where`` and hops.

Expected results come from the seed file (an oracle independent of the SDK) or from data the test writes.
"""

from __future__ import annotations

import datetime
from types import ModuleType
from typing import Any

import pytest

from pygen_core.runtime._plan import simplify

from .conftest import SPACE, seeded, xids

UTC = datetime.timezone.utc
PN = seeded("PrimitiveNullable")
D = seeded("ConnectionItemD")
E = seeded("ConnectionItemE")


def listed(api: Any, flt: Any) -> set[str]:
    via_list = set(xids(api.list(filter=flt, limit=None)))
    via_where = set(xids(api.select().where(flt).list()))
    assert via_list == via_where
    return via_list


def where(view: dict[str, dict[str, Any]], test: Any) -> set[str]:
    return {xid for xid, props in view.items() if test(props)}


@pytest.fixture(scope="module")
def F(omni_sdk: ModuleType) -> Any:
    return omni_sdk.PrimitiveNullableFilter


def test_equality_ranges_and_prefix(client: Any, F: Any) -> None:
    api = client.primitive_nullable
    assert listed(api, F.boolean.equals(True)) == where(PN, lambda p: p.get("boolean") is True)
    texts = sorted(p["text"] for p in PN.values() if "text" in p)[:2]
    assert listed(api, F.text.in_(texts)) == where(PN, lambda p: p.get("text") in texts)
    assert listed(api, F.text.prefix("P")) == where(PN, lambda p: str(p.get("text", "")).startswith("P"))
    assert listed(api, F.text.range(gte="M")) == where(PN, lambda p: "text" in p and p["text"] >= "M")
    assert listed(api, F.int_32.range(gt=0, lte=2**31)) == where(PN, lambda p: p.get("int32", -1) > 0)
    assert listed(api, F.float_32.range(lt=0.0)) == where(PN, lambda p: "float32" in p and p["float32"] < 0)
    day = datetime.date(2024, 5, 15)
    assert listed(api, F.date.range(lte=day)) == where(
        PN, lambda p: "date" in p and p["date"] <= "2024-05-15"
    )
    moment = datetime.datetime(2024, 5, 1, tzinfo=UTC)
    expected = where(PN, lambda p: "timestamp" in p and p["timestamp"] >= "2024-05-01")
    assert listed(api, F.timestamp.range(gte=moment)) == expected
    assert listed(api, F.json_.exists()) == where(PN, lambda p: p.get("json") is not None)


def test_and_or_not_and_view_wide_filters(client: Any, F: Any) -> None:
    api = client.primitive_nullable
    both = F.boolean.equals(True) & F.text.exists()
    assert listed(api, both) == where(PN, lambda p: p.get("boolean") is True and "text" in p)
    either = F.boolean.equals(False) | ~F.int_32.exists()
    assert listed(api, either) == where(PN, lambda p: p.get("boolean") is False or "int32" not in p)
    assert listed(api, F.match_all()) == set(PN)
    assert listed(api, F.has_data()) == set(PN)
    some = sorted(PN)[:2]
    assert listed(api, F.instance_references([(SPACE, xid) for xid in some])) == set(some)
    assert listed(api, F.external_id.prefix(some[0][:-1])) == {x for x in PN if x.startswith(some[0][:-1])}
    assert listed(api, F.space.equals(SPACE)) == set(PN)
    assert listed(api, F.version.range(gte=1)) == set(PN)
    assert listed(api, F.created_time.range(lt=datetime.datetime(2000, 1, 1, tzinfo=UTC))) == set()


def test_nested_filters_a_node_by_its_direct_relation_target(client: Any, omni_sdk: ModuleType) -> None:
    DF, EF = omni_sdk.ConnectionItemDFilter, omni_sdk.ConnectionItemEFilter
    prefix = sorted(p["name"] for p in E.values() if "name" in p)[0][:2]
    named = {xid for xid, p in E.items() if p.get("name", "").startswith(prefix)}
    expected = {
        xid for xid, p in D.items() if p.get("directSingle") and p["directSingle"]["externalId"] in named
    }
    assert expected  # the seed has such nodes: the test can fail
    assert listed(client.connection_item_d, DF.direct_single.nested(EF.name.prefix(prefix))) == expected


def test_list_filters_and_the_query_builder_hop(client: Any, omni_sdk: ModuleType) -> None:
    EF = omni_sdk.ConnectionItemEFilter
    first = sorted(E)[0]
    tags = {"directMulti": first}
    expected = {
        xid
        for xid, p in D.items()
        if any(r["externalId"] == tags["directMulti"] for r in p.get("directMulti", []))
    }
    via_list = set(
        xids(
            client.connection_item_d.list(
                filter=omni_sdk.ConnectionItemDFilter.direct_multi.contains_any([(SPACE, first)]), limit=None
            )
        )
    )
    assert via_list == expected
    roots = (
        client.connection_item_e.select()
        .where(EF.external_id.equals(first))
        .traverse("direct_reverse_multi", filter=omni_sdk.ConnectionItemDFilter.name.exists())
        .list()
    )
    assert {d.external_id for d in roots[0].direct_reverse_multi} == {x for x in expected if "name" in D[x]}


def test_overlaps_on_an_edge_view(client: Any, omni_sdk: ModuleType) -> None:
    om = omni_sdk
    start = datetime.datetime(2024, 3, 1, tzinfo=UTC)
    edges = [
        om.ConnectionEdgeAWrite(
            external_id=f"qo:{n}",
            end_node=om.ConnectionItemGWrite(external_id=f"qo:g{n}"),
            start_time=start + datetime.timedelta(days=10 * n),
            end_time=start + datetime.timedelta(days=10 * n + 5) if n != 3 else None,
        )
        for n in range(4)
    ]
    client.upsert(om.ConnectionItemFWrite(external_id="qo:f", outwards_multi=edges))
    EA = om.ConnectionEdgeAFilter
    window = EA.start_time.overlaps(
        EA.end_time, gte=start + datetime.timedelta(days=13), lte=start + datetime.timedelta(days=21)
    )
    found = xids(client.connection_edge_a.list(filter=window & EA.external_id.prefix("qo:"), limit=None))
    # [10, 15] overlaps [13, 21]; [20, 25] does; [0, 5] does not; [30, open end) does not (starts after 21)
    assert sorted(found) == ["qo:1", "qo:2"]
    later = EA.start_time.overlaps(EA.end_time, gte=start + datetime.timedelta(days=40))
    assert xids(client.connection_edge_a.list(filter=later & EA.external_id.prefix("qo:"), limit=None)) == [
        "qo:3"
    ]


def test_filters_are_merged_before_they_are_sent(client: Any, omni_sdk: ModuleType) -> None:
    AF, BF = omni_sdk.ConnectionItemAFilter, omni_sdk.ConnectionItemBFilter
    body = (
        client.connection_item_a.select()
        .where(AF.has_data(), AF.match_all() & AF.name.exists(), BF.has_data())
        .explain()
    )
    root_filter = body["with"]["root"]["nodes"]["filter"]
    assert root_filter == {
        "and": [
            {"hasData": [AF._view_id.dump(), BF._view_id.dump()]},
            {"exists": {"property": ["sp_pygen_models", "ConnectionItemA/1", "name"]}},
        ]
    }
    hop = client.connection_item_a.select().traverse("outwards", name="x").explain()["with"]
    assert "filter" not in hop["s1"]["nodes"]  # the edges' nodeFilter already holds only matching nodes
    assert hop["s1e"]["edges"]["nodeFilter"] == {
        "and": [
            {"hasData": [BF._view_id.dump()]},
            {"equals": {"property": ["sp_pygen_models", "ConnectionItemB/1", "name"], "value": "x"}},
        ]
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"and": [{"matchAll": {}}]}, None),
        ({"or": [{"matchAll": {}}, {"exists": {"property": ["a"]}}]}, None),
        ({"not": {"not": {"exists": {"property": ["a"]}}}}, {"exists": {"property": ["a"]}}),
        (
            {
                "and": [
                    {"and": [{"hasData": [{"v": 1}]}, {"exists": {"property": ["a"]}}]},
                    {"hasData": [{"v": 1}, {"v": 2}]},
                ]
            },
            {"and": [{"hasData": [{"v": 1}, {"v": 2}]}, {"exists": {"property": ["a"]}}]},
        ),
        (
            {"or": [{"exists": {"property": ["a"]}}, {"exists": {"property": ["a"]}}]},
            {"exists": {"property": ["a"]}},
        ),
        (
            {"and": [{"hasData": [{"v": n}]} for n in range(12)]},
            {"and": [{"hasData": [{"v": n} for n in range(10)]}, {"hasData": [{"v": 10}, {"v": 11}]}]},
        ),
        ({"not": {"matchAll": {}}}, {"not": {"matchAll": {}}}),
    ],
)
def test_simplify(raw: dict[str, Any], expected: dict[str, Any] | None) -> None:
    assert simplify(raw) == expected


def test_list_properties_contain_any_or_all(client: Any, omni_sdk: ModuleType) -> None:
    LF = omni_sdk.PrimitiveRequiredListedFilter
    listed_view = seeded("PrimitiveRequiredListed")
    values = [*listed_view["PrimitiveRequiredListed:Amanda"]["int32"][:2], 702435616]
    api = client.primitive_required_listed
    expected_any = where(listed_view, lambda p: bool(set(p.get("int32", [])) & set(values)))
    assert (
        listed(api, LF.int_32.contains_any(values))
        == expected_any
        == {
            "PrimitiveRequiredListed:Amanda",
            "PrimitiveRequiredListed:Sean",
        }
    )
    assert listed(api, LF.int_32.contains_all(values[:2])) == {"PrimitiveRequiredListed:Amanda"}
    assert listed(api, LF.int_32.contains_all(values)) == set()
