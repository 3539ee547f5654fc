"""Schema upsert/delete over HTTP: read-back, inheritance, validation errors, persistence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from pygen_core.emulator import Emulator

from .conftest import api_client

SPACE = "my_space"
PUMP_CONTAINER: dict[str, Any] = {
    "space": SPACE,
    "externalId": "Pump",
    "usedFor": "node",
    "properties": {
        "name": {"type": {"type": "text"}, "nullable": False},
        "tags": {"type": {"type": "text", "list": True}},
        "pressure": {"type": {"type": "float64"}},
        "site": {"type": {"type": "direct"}},
    },
}
ASSET_CONTAINER = {
    "space": SPACE,
    "externalId": "Asset",
    "properties": {"code": {"type": {"type": "text"}}, "parent": {"type": {"type": "direct"}}},
}


def _mapped(container: str, ident: str, **extra: Any) -> dict[str, Any]:
    return {
        "container": {"space": SPACE, "externalId": container, "type": "container"},
        "containerPropertyIdentifier": ident,
        **extra,
    }


ASSET_VIEW: dict[str, Any] = {
    "space": SPACE,
    "externalId": "Asset",
    "version": "v1",
    "properties": {
        "code": _mapped("Asset", "code"),
        "name": _mapped("Pump", "name"),
        "children": {
            "connectionType": "multi_reverse_direct_relation",
            "source": {"space": SPACE, "externalId": "Asset", "version": "v1", "type": "view"},
            "through": {
                "source": {"space": SPACE, "externalId": "Asset", "type": "container"},
                "identifier": "parent",
            },
        },
    },
}
PUMP_VIEW: dict[str, Any] = {
    "space": SPACE,
    "externalId": "PumpView",
    "version": "v1",
    "implements": [{"space": SPACE, "externalId": "Asset", "version": "v1", "type": "view"}],
    "filter": {"hasData": [{"type": "container", "space": SPACE, "externalId": "Pump"}]},
    "properties": {
        "name": _mapped("Pump", "name", name="Pump name"),
        "tags": _mapped("Pump", "tags"),
        "site": _mapped(
            "Pump", "site", source={"space": SPACE, "externalId": "Asset", "version": "v1", "type": "view"}
        ),
    },
}
MODEL: dict[str, Any] = {
    "space": SPACE,
    "externalId": "PumpModel",
    "version": "1",
    "views": [
        {"space": SPACE, "externalId": "Asset", "version": "v1", "type": "view"},
        {"space": SPACE, "externalId": "PumpView", "version": "v1", "type": "view"},
    ],
}


def _create_all(client: httpx.Client) -> None:
    for path, item in (
        ("/models/spaces", {"space": SPACE, "name": "Mine"}),
        ("/models/containers", PUMP_CONTAINER),
        ("/models/containers", ASSET_CONTAINER),
        ("/models/views", ASSET_VIEW),
        ("/models/views", PUMP_VIEW),
        ("/models/datamodels", MODEL),
    ):
        response = client.post(path, json={"items": [item]})
        assert response.status_code == 200, response.text


@pytest.fixture
def client(emulator: Emulator) -> httpx.Client:
    with api_client(emulator) as client:
        _create_all(client)
        return client


def _view(client: httpx.Client, xid: str, inherited: bool = True) -> dict[str, Any]:
    response = client.post(
        "/models/views/byids",
        params={"includeInheritedProperties": str(inherited).lower()},
        json={"items": [{"space": SPACE, "externalId": xid, "version": "v1"}]},
    )
    (view,) = response.json()["items"]
    assert isinstance(view, dict)
    return view


def test_upserted_view_is_served_in_read_form(emulator: Emulator) -> None:
    with api_client(emulator) as client:
        _create_all(client)
        view = _view(client, "PumpView")
    assert set(view["properties"]) == {"name", "tags", "site", "code", "children"}
    site = view["properties"]["site"]
    assert site["type"] == {
        "type": "direct",
        "list": False,
        "source": PUMP_VIEW["properties"]["site"]["source"],
    }
    assert "source" not in site
    assert view["properties"]["name"]["name"] == "Pump name"
    assert view["properties"]["name"]["nullable"] is False
    assert view["properties"]["tags"]["type"]["list"] is True
    assert view["properties"]["children"]["targetsList"] is False
    assert sorted(c["externalId"] for c in view["mappedContainers"]) == ["Asset", "Pump"]
    assert all(c["type"] == "container" for c in view["mappedContainers"])
    assert view["usedFor"] == "node"
    assert view["writable"] is True
    assert view["filter"] == PUMP_VIEW["filter"]
    assert isinstance(view["createdTime"], int)


def test_include_inherited_properties_false_shows_own_properties_only(emulator: Emulator) -> None:
    with api_client(emulator) as client:
        _create_all(client)
        assert set(_view(client, "PumpView", inherited=False)["properties"]) == {"name", "tags", "site"}


def test_writable_is_false_when_a_required_property_is_not_mapped(emulator: Emulator) -> None:
    partial = {
        "space": SPACE,
        "externalId": "Partial",
        "version": "v1",
        "properties": {"tags": _mapped("Pump", "tags")},
    }
    with api_client(emulator) as client:
        _create_all(client)
        assert client.post("/models/views", json={"items": [partial]}).status_code == 200
        assert _view(client, "Partial")["writable"] is False


def test_data_model_lists_and_inlines_views(emulator: Emulator) -> None:
    with api_client(emulator) as client:
        _create_all(client)
        model = client.get("/models/datamodels", params={"inlineViews": "true"}).json()["items"][0]
    assert [v["externalId"] for v in model["views"]] == ["Asset", "PumpView"]
    assert "properties" in model["views"][1]


def test_data_model_with_inline_view_definitions_creates_the_views(emulator: Emulator) -> None:
    inline_view = {
        "space": SPACE,
        "externalId": "Inline",
        "version": "v1",
        "properties": {"code": _mapped("Asset", "code")},
    }
    model = {"space": SPACE, "externalId": "InlineModel", "version": "1", "views": [inline_view]}
    with api_client(emulator) as client:
        _create_all(client)
        response = client.post("/models/datamodels", json={"items": [model]})
        assert response.status_code == 200, response.text
        assert response.json()["items"][0]["views"] == [
            {**{k: inline_view[k] for k in ("space", "externalId", "version")}, "type": "view"}
        ]
        assert set(_view(client, "Inline")["properties"]) == {"code"}


def test_all_versions_and_newest_version(emulator: Emulator) -> None:
    v2 = {**ASSET_VIEW, "version": "v2", "properties": {"code": _mapped("Asset", "code")}}
    with api_client(emulator) as client:
        _create_all(client)
        assert client.post("/models/views", json={"items": [v2]}).status_code == 200
        newest = client.get("/models/views", params={"space": SPACE}).json()["items"]
        every = client.get("/models/views", params={"space": SPACE, "allVersions": "true"}).json()["items"]
        unversioned = client.post(
            "/models/views/byids", json={"items": [{"space": SPACE, "externalId": "Asset"}]}
        )
    assert sorted((v["externalId"], v["version"]) for v in newest) == [("Asset", "v2"), ("PumpView", "v1")]
    assert len(every) == 3
    assert sorted(v["version"] for v in unversioned.json()["items"]) == ["v1", "v2"]


@pytest.mark.parametrize(
    ("path", "item", "status", "needle"),
    [
        ("/models/containers", {**PUMP_CONTAINER, "space": "nowhere"}, 400, "spaces do not exist"),
        ("/models/spaces", {"space": "1bad"}, 400, "items[0].space"),
        ("/models/spaces", {"space": "system"}, 400, "reserved"),
        ("/models/containers", {**PUMP_CONTAINER, "externalId": "Bad-Id"}, 400, "items[0].externalId"),
        (
            "/models/containers",
            {**PUMP_CONTAINER, "properties": {"x": {"type": {"type": "weird"}}}},
            400,
            "items[0].properties.x.type.type",
        ),
        (
            "/models/views",
            {**ASSET_VIEW, "properties": {"code": _mapped("Missing", "code")}},
            400,
            "containers do not exist",
        ),
        (
            "/models/views",
            {**ASSET_VIEW, "properties": {"code": _mapped("Asset", "nope")}},
            400,
            "has no property 'nope'",
        ),
        (
            "/models/views",
            {**ASSET_VIEW, "implements": [{"space": SPACE, "externalId": "Ghost", "version": "v1"}]},
            400,
            "views do not exist",
        ),
        (
            "/models/datamodels",
            {**MODEL, "views": [{"space": SPACE, "externalId": "Ghost", "version": "1", "type": "view"}]},
            400,
            "views do not exist",
        ),
    ],
)
def test_invalid_upserts_are_rejected_and_change_nothing(
    emulator: Emulator, path: str, item: dict[str, Any], status: int, needle: str
) -> None:
    with api_client(emulator) as client:
        _create_all(client)
        before = client.get(path, params={"limit": 1000, "allVersions": "true"}).json()
        response = client.post(path, json={"items": [item]})
        after = client.get(path, params={"limit": 1000, "allVersions": "true"}).json()
    assert response.status_code == status, response.text
    assert needle in response.json()["error"]["message"]
    assert before == after


def test_missing_identifiers_are_listed(emulator: Emulator) -> None:
    with api_client(emulator) as client:
        response = client.post("/models/containers", json={"items": [{**PUMP_CONTAINER, "space": "nowhere"}]})
    assert response.json()["error"]["missing"] == [{"space": "nowhere"}]


def test_duplicates_in_one_request_are_rejected(emulator: Emulator) -> None:
    with api_client(emulator) as client:
        response = client.post("/models/spaces", json={"items": [{"space": "a1"}, {"space": "a1"}]})
    assert response.status_code == 400
    assert response.json()["error"]["duplicated"] == [{"space": "a1"}]


def test_a_failing_item_rolls_back_the_whole_request(emulator: Emulator) -> None:
    with api_client(emulator) as client:
        _create_all(client)
        good = {"space": SPACE, "externalId": "Fresh", "properties": {"a": {"type": {"type": "int64"}}}}
        bad = {
            **PUMP_CONTAINER,
            "properties": {**PUMP_CONTAINER["properties"], "name": {"type": {"type": "int32"}}},
        }
        response = client.post("/models/containers", json={"items": [good, bad]})
        assert response.status_code == 400
        assert "Cannot change the type" in response.json()["error"]["message"]
        found = client.post(
            "/models/containers/byids", json={"items": [{"space": SPACE, "externalId": "Fresh"}]}
        )
    assert found.json()["items"] == []


def test_container_gains_properties_on_upsert(emulator: Emulator) -> None:
    with api_client(emulator) as client:
        _create_all(client)
        grown = {
            **PUMP_CONTAINER,
            "properties": {**PUMP_CONTAINER["properties"], "extra": {"type": {"type": "json"}}},
        }
        assert client.post("/models/containers", json={"items": [grown]}).status_code == 200
        found = client.post(
            "/models/containers/byids", json={"items": [{"space": SPACE, "externalId": "Pump"}]}
        )
    assert set(found.json()["items"][0]["properties"]) == {"name", "tags", "pressure", "site", "extra"}


def test_delete_echoes_deleted_ids_and_ignores_unknown(emulator: Emulator) -> None:
    with api_client(emulator) as client:
        _create_all(client)
        deleted = client.post(
            "/models/datamodels/delete",
            json={
                "items": [
                    {"space": SPACE, "externalId": "PumpModel", "version": "1"},
                    {"space": SPACE, "externalId": "X", "version": "1"},
                ]
            },
        )
        assert deleted.json()["items"] == [{"space": SPACE, "externalId": "PumpModel", "version": "1"}]
        assert client.get("/models/datamodels").json()["items"] == []
        not_empty = client.post("/models/spaces/delete", json={"items": [{"space": SPACE}]})
        assert not_empty.status_code == 400
        for path, ids in (
            (
                "/models/views/delete",
                [{"space": SPACE, "externalId": x, "version": "v1"} for x in ("Asset", "PumpView")],
            ),
            ("/models/containers/delete", [{"space": SPACE, "externalId": x} for x in ("Asset", "Pump")]),
            ("/models/spaces/delete", [{"space": SPACE}]),
        ):
            response = client.post(path, json={"items": ids})
            assert response.json()["items"] == ids
        assert client.get("/models/spaces").json()["items"] == []


def test_schema_survives_restart_on_the_same_db_file(tmp_path: Path) -> None:
    db = tmp_path / "schema.db"
    with Emulator(db=db) as emu, api_client(emu) as client:
        _create_all(client)
        before = _view(client, "PumpView")
    with Emulator(db=db) as emu, api_client(emu) as client:
        after = _view(client, "PumpView")
        models = client.get("/models/datamodels").json()["items"]
    assert after == before
    assert [m["externalId"] for m in models] == ["PumpModel"]
