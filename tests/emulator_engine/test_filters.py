"""Every filter type, positive and negative, on the real Omni instances (expectations from the raw JSON)."""

from __future__ import annotations

from typing import Any

import pytest

from pygen_core.emulator._errors import DMSError
from pygen_core.emulator._instances import InstanceStore

from .helpers import INST, SP, prop, raw_props, view, xids


def run(store: InstanceStore, flt: dict[str, Any], **extra: Any) -> set[str]:
    return set(xids(store.list({"instanceType": "node", "filter": flt, **extra})))


def having(instances: list[dict[str, Any]], xid: str) -> dict[str, dict[str, Any]]:
    return {
        i["externalId"]: raw_props(i, xid) for i in instances if f"{xid}/1" in i["properties"].get(SP, {})
    }


def test_equals_on_view_property(store: InstanceStore, omni_instances: list[dict[str, Any]]) -> None:
    rows = having(omni_instances, "PrimitiveRequired")
    target, values = next(iter(rows.items()))
    assert run(
        store, {"equals": {"property": prop("PrimitiveRequired", "int32"), "value": values["int32"]}}
    ) == {target}
    assert run(store, {"equals": {"property": prop("PrimitiveRequired", "int32"), "value": 12345}}) == set()


def test_equals_on_container_property_sees_same_data(store: InstanceStore) -> None:
    via_view = run(store, {"equals": {"property": prop("PrimitiveRequired", "boolean"), "value": True}})
    via_container = run(store, {"equals": {"property": [SP, "PrimitiveRequired", "boolean"], "value": True}})
    assert via_view == via_container
    assert via_view


def test_in_on_metadata_and_list_property(store: InstanceStore, omni_instances: list[dict[str, Any]]) -> None:
    chosen = [omni_instances[0]["externalId"], omni_instances[5]["externalId"], "nope"]
    assert run(store, {"in": {"property": ["node", "externalId"], "values": chosen}}) == set(chosen[:2])
    assert run(store, {"in": {"property": ["node", "externalId"], "values": ["nope"]}}) == set()
    rows = having(omni_instances, "CDFExternalReferencesListed")
    some = next(v["sequences"][0] for v in rows.values() if v.get("sequences"))
    expected = {x for x, v in rows.items() if some in (v.get("sequences") or [])}
    assert (
        run(store, {"in": {"property": prop("CDFExternalReferencesListed", "sequences"), "values": [some]}})
        == expected
    )


def test_range_numbers_and_timestamps_with_offsets(
    store: InstanceStore, omni_instances: list[dict[str, Any]]
) -> None:
    rows = having(omni_instances, "PrimitiveRequired")
    expected = {x for x, v in rows.items() if 0 <= v["int32"] < 10**9}
    flt = {"range": {"property": prop("PrimitiveRequired", "int32"), "gte": 0, "lt": 10**9}}
    assert run(store, flt) == expected
    stamps = sorted(v["timestamp"] for v in rows.values())
    pivot = stamps[2]  # canonical "...+00:00"; the same instant written with a +02:00 offset
    hour = int(pivot[11:13])
    shifted = f"{pivot[:11]}{(hour + 2) % 24:02d}{pivot[13:23]}+02:00" if hour < 22 else pivot
    later = {x for x, v in rows.items() if v["timestamp"] >= pivot}
    assert (
        run(store, {"range": {"property": prop("PrimitiveRequired", "timestamp"), "gte": shifted}}) == later
    )
    assert (
        run(
            store,
            {"range": {"property": prop("PrimitiveRequired", "timestamp"), "gt": "2099-01-01T00:00:00Z"}},
        )
        == set()
    )


def test_range_on_dates_and_created_time(store: InstanceStore, omni_instances: list[dict[str, Any]]) -> None:
    rows = having(omni_instances, "PrimitiveNullable")
    dates = sorted(v["date"] for v in rows.values() if v.get("date"))
    expected = {x for x, v in rows.items() if v.get("date") and v["date"] <= dates[1]}
    assert run(store, {"range": {"property": prop("PrimitiveNullable", "date"), "lte": dates[1]}}) == expected
    newest = max(i["createdTime"] for i in omni_instances)
    assert run(store, {"range": {"property": ["node", "createdTime"], "gt": newest}}) == set()
    expected_new = {i["externalId"] for i in omni_instances if i["createdTime"] == newest}
    assert run(store, {"range": {"property": ["node", "createdTime"], "gte": newest}}) == expected_new


def test_prefix_text_and_list(store: InstanceStore, omni_instances: list[dict[str, Any]]) -> None:
    all_ids = {i["externalId"] for i in omni_instances}
    assert run(store, {"prefix": {"property": ["node", "externalId"], "value": "Implementation1:"}}) == {
        x for x in all_ids if x.startswith("Implementation1:")
    }
    assert run(store, {"prefix": {"property": ["node", "externalId"], "value": "zzz"}}) == set()
    rows = having(omni_instances, "CDFExternalReferencesListed")
    x, v = next((x, v) for x, v in rows.items() if len(v.get("sequences") or []) >= 2)
    listed = prop("CDFExternalReferencesListed", "sequences")
    assert x in run(store, {"prefix": {"property": listed, "value": v["sequences"][:2]}})
    assert x not in run(store, {"prefix": {"property": listed, "value": v["sequences"][1:2]}})


def test_exists_and_not_exists(store: InstanceStore, omni_instances: list[dict[str, Any]]) -> None:
    rows = having(omni_instances, "PrimitiveNullable")
    with_text = {x for x, v in rows.items() if v.get("text") is not None}
    assert run(store, {"exists": {"property": prop("PrimitiveNullable", "text")}}) == with_text
    is_null = {
        "and": [
            {"hasData": [view("PrimitiveNullable")]},
            {"not": {"exists": {"property": prop("PrimitiveNullable", "text")}}},
        ]
    }
    assert run(store, is_null) == set(rows) - with_text


def test_contains_any_and_all(store: InstanceStore, omni_instances: list[dict[str, Any]]) -> None:
    rows = having(omni_instances, "PrimitiveNullableListed")
    x, v = next((x, v) for x, v in rows.items() if len(v.get("int32") or []) >= 2)
    listed = prop("PrimitiveNullableListed", "int32")
    assert x in run(store, {"containsAny": {"property": listed, "values": [v["int32"][0], 7]}})
    assert run(store, {"containsAny": {"property": listed, "values": [7]}}) == set()
    assert run(store, {"containsAll": {"property": listed, "values": v["int32"][:2]}}) == {x}
    assert run(store, {"containsAll": {"property": listed, "values": [v["int32"][0], 7]}}) == set()


def test_match_all_and_or_not(store: InstanceStore, omni_instances: list[dict[str, Any]]) -> None:
    everything = {i["externalId"] for i in omni_instances}
    assert run(store, {"matchAll": {}}) == everything
    assert run(store, {"not": {"matchAll": {}}}) == set()
    a = {"prefix": {"property": ["node", "externalId"], "value": "Implementation1:"}}
    b = {"prefix": {"property": ["node", "externalId"], "value": "Implementation2:"}}
    ones = {x for x in everything if x.startswith("Implementation1:")}
    twos = {x for x in everything if x.startswith("Implementation2:")}
    assert run(store, {"or": [a, b]}) == ones | twos
    assert run(store, {"and": [a, b]}) == set()
    assert run(store, {"and": [a, {"not": b}]}) == ones


def test_nested_through_direct_relation(store: InstanceStore, omni_instances: list[dict[str, Any]]) -> None:
    rows = having(omni_instances, "ConnectionItemA")
    x, v = next((x, v) for x, v in rows.items() if v.get("selfDirect"))
    target = v["selfDirect"]["externalId"]
    expected = {y for y, w in rows.items() if (w.get("selfDirect") or {}).get("externalId") == target}
    flt = {
        "nested": {
            "scope": prop("ConnectionItemA", "selfDirect"),
            "filter": {"equals": {"property": ["node", "externalId"], "value": target}},
        }
    }
    assert run(store, flt) == expected
    assert x in expected
    flt["nested"]["filter"] = {"equals": {"property": ["node", "externalId"], "value": "nobody"}}
    assert run(store, flt) == set()


def test_equals_direct_relation_value(store: InstanceStore, omni_instances: list[dict[str, Any]]) -> None:
    rows = having(omni_instances, "ConnectionItemA")
    ref = next(v["otherDirect"] for v in rows.values() if v.get("otherDirect"))
    expected = {x for x, v in rows.items() if v.get("otherDirect") == ref}
    flt = {"equals": {"property": prop("ConnectionItemA", "otherDirect"), "value": dict(ref)}}
    assert run(store, flt) == expected
    flt = {
        "equals": {
            "property": prop("ConnectionItemA", "otherDirect"),
            "value": {"space": INST, "externalId": "x"},
        }
    }
    assert run(store, flt) == set()


def test_overlaps(empty_store: InstanceStore) -> None:
    def pump(xid: str, start: str | None, end: str | None) -> dict[str, Any]:
        props = {"start": start, "end": end}
        return {
            "instanceType": "node",
            "space": "test",
            "externalId": xid,
            "sources": [{"source": view("Pump", "v1", "test"), "properties": props}],
        }

    empty_store.apply(
        {
            "items": [
                pump("jan", "2024-01-01T00:00:00Z", "2024-01-31T00:00:00Z"),
                pump("mar", "2024-03-01T00:00:00Z", "2024-03-31T00:00:00Z"),
                pump("open", "2024-02-15T00:00:00Z", None),
            ]
        }
    )
    flt = {
        "overlaps": {
            "startProperty": ["test", "Pump/v1", "start"],
            "endProperty": ["test", "Pump/v1", "end"],
            "gte": "2024-02-01T00:00:00Z",
            "lte": "2024-02-20T00:00:00Z",
        }
    }
    assert run(empty_store, flt) == {"open"}
    flt["overlaps"]["lte"] = "2024-01-10T00:00:00Z"
    flt["overlaps"]["gte"] = "2023-12-01T00:00:00Z"
    assert run(empty_store, flt) == {"jan"}


def test_has_data_view_with_and_without_filter(
    store: InstanceStore, omni_instances: list[dict[str, Any]]
) -> None:
    # SubInterface has a view filter (node.type in Implementation1/2); MainInterface maps a container only.
    sub = {
        i["externalId"]
        for i in omni_instances
        if (i.get("type") or {}).get("externalId") in ("Implementation1", "Implementation2")
    }
    assert run(store, {"hasData": [view("SubInterface")]}) == sub
    required = set(having(omni_instances, "PrimitiveRequired"))
    assert (
        run(store, {"hasData": [{"type": "container", "space": SP, "externalId": "PrimitiveRequired"}]})
        == required
    )
    assert run(store, {"hasData": [view("PrimitiveRequired"), view("PrimitiveNullable")]}) == set()


def test_instance_references(store: InstanceStore, omni_instances: list[dict[str, Any]]) -> None:
    first = omni_instances[3]["externalId"]
    refs = [{"space": INST, "externalId": first}, {"space": "elsewhere", "externalId": first}]
    assert run(store, {"instanceReferences": refs}) == {first}
    assert run(store, {"instanceReferences": [{"space": INST, "externalId": "ghost"}]}) == set()


def test_metadata_type_and_space(store: InstanceStore, omni_instances: list[dict[str, Any]]) -> None:
    typed = {
        i["externalId"]
        for i in omni_instances
        if (i.get("type") or {}).get("externalId") == "ConnectionItemB"
    }
    flt = {"equals": {"property": ["node", "type"], "value": {"space": SP, "externalId": "ConnectionItemB"}}}
    assert run(store, flt) == typed
    assert run(store, {"equals": {"property": ["node", "space"], "value": "other"}}) == set()


def test_parameters_in_query(store: InstanceStore, omni_instances: list[dict[str, Any]]) -> None:
    target = omni_instances[7]["externalId"]
    body = {
        "with": {
            "n": {
                "nodes": {
                    "filter": {"equals": {"property": ["node", "externalId"], "value": {"parameter": "x"}}}
                }
            }
        },
        "select": {"n": {}},
        "parameters": {"x": target},
    }
    assert [i["externalId"] for i in store.query(body)["items"]["n"]] == [target]
    del body["parameters"]
    with pytest.raises(DMSError, match="parameter 'x'"):
        store.query(body)


@pytest.mark.parametrize(
    ("flt", "fragment"),
    [
        ({"fuzzy": {}}, "unknown filter type 'fuzzy'"),
        ({"and": [{"matchAll": {}}, {"bogus": 1}]}, r"filter.and\[1\]: unknown filter type 'bogus'"),
        ({"equals": {"property": [SP, "PrimitiveRequired/1", "nope"], "value": 1}}, "no property 'nope'"),
        ({"equals": {"property": [SP, "Missing/1", "x"], "value": 1}}, "does not exist"),
        ({"equals": {"property": ["node", "color"], "value": 1}}, "unknown instance property"),
        ({"range": {"property": prop("PrimitiveRequired", "int32"), "gt": "abc"}}, "expected a number"),
        ({"range": {"property": prop("PrimitiveRequired", "timestamp"), "gt": "yesterday"}}, "ISO-8601"),
        (
            {"equals": {"property": prop("PrimitiveRequired", "int32")}},
            r"filter.equals.value: missing required field",
        ),
        (
            {"equals": {"property": ["node", "externalId"], "value": "x", "op": 1}},
            r"filter.equals.op: unknown field",
        ),
    ],
)
def test_bad_filters_are_400_naming_the_problem(
    store: InstanceStore, flt: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(DMSError, match=fragment) as info:
        store.list({"filter": flt})
    assert info.value.status == 400
