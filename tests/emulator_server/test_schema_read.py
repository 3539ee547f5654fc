"""Schema read endpoints over HTTP on the Omni snapshot: paging, byids, inline views, inferred containers."""

from __future__ import annotations

import gzip
import json
from typing import Any

import httpx
import pytest

from .conftest import OMNI

OMNI_JSON: dict[str, Any] = json.loads(OMNI.read_text())
OMNI_VIEWS = {(v["space"], v["externalId"], v["version"]): v for v in OMNI_JSON["views"]}


def _all_pages(client: httpx.Client, path: str, **params: Any) -> tuple[list[dict[str, Any]], int]:
    items: list[dict[str, Any]] = []
    pages = 0
    cursor = None
    while True:
        query = dict(params)
        if cursor:
            query["cursor"] = cursor
        response = client.get(path, params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        items.extend(body["items"])
        pages += 1
        cursor = body.get("nextCursor")
        if not cursor:
            return items, pages


def test_views_list_pages_through_every_view_once(omni_client: httpx.Client) -> None:
    items, pages = _all_pages(omni_client, "/models/views", limit=5)
    keys = [(v["space"], v["externalId"], v["version"]) for v in items]
    assert sorted(keys) == sorted(OMNI_VIEWS)
    assert len(set(keys)) == len(keys) == 23
    assert pages == 5


def test_default_list_limit_is_10(omni_client: httpx.Client) -> None:
    body = omni_client.get("/models/views").json()
    assert len(body["items"]) == 10
    assert body["nextCursor"]


@pytest.mark.parametrize("limit", ["0", "1001", "ten"])
def test_bad_limit_is_a_400_naming_limit(omni_client: httpx.Client, limit: str) -> None:
    response = omni_client.get("/models/views", params={"limit": limit})
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("limit")


def test_bad_cursor_is_a_400(omni_client: httpx.Client) -> None:
    response = omni_client.get("/models/containers", params={"cursor": "garbage!"})
    assert response.status_code == 400
    assert "cursor" in response.json()["error"]["message"]


def test_read_views_keep_the_snapshot_shape(omni_client: httpx.Client) -> None:
    body = omni_client.post(
        "/models/views/byids",
        json={"items": [{"space": "sp_pygen_models", "externalId": "ConnectionItemA", "version": "1"}]},
    ).json()
    (view,) = body["items"]
    expected = OMNI_VIEWS[("sp_pygen_models", "ConnectionItemA", "1")]
    assert set(view["properties"]) == set(expected["properties"])
    direct = view["properties"]["otherDirect"]
    assert direct["type"]["type"] == "direct"
    assert direct["type"]["source"]["externalId"] == "ConnectionItemC"
    assert direct["container"] == {
        "space": "sp_pygen_models",
        "externalId": "ConnectionBase",
        "type": "container",
    }
    assert view["filter"] == expected["filter"]
    for name, prop in expected["properties"].items():
        if "connectionType" in prop:
            assert view["properties"][name]["connectionType"] == prop["connectionType"]
        else:
            assert view["properties"][name]["type"]["type"] == prop["type"]["type"]
            assert view["properties"][name]["nullable"] == prop["nullable"]


def test_byids_returns_only_existing_and_all_versions_without_version(omni_client: httpx.Client) -> None:
    response = omni_client.post(
        "/models/views/byids",
        json={
            "items": [
                {"space": "sp_pygen_models", "externalId": "Empty"},
                {"space": "sp_pygen_models", "externalId": "DoesNotExist", "version": "1"},
            ]
        },
    )
    assert response.status_code == 200
    assert [v["externalId"] for v in response.json()["items"]] == ["Empty"]


def test_datamodel_inline_views(omni_client: httpx.Client) -> None:
    plain = omni_client.get("/models/datamodels").json()["items"]
    assert [m["externalId"] for m in plain] == [OMNI_JSON["externalId"]]
    assert all(set(v) == {"space", "externalId", "version", "type"} for v in plain[0]["views"])
    inline = omni_client.post(
        "/models/datamodels/byids",
        params={"inlineViews": "true"},
        json={"items": [{k: OMNI_JSON[k] for k in ("space", "externalId", "version")}]},
    ).json()["items"]
    views = inline[0]["views"]
    assert [v["externalId"] for v in views] == [v["externalId"] for v in OMNI_JSON["views"]]
    assert all("properties" in v for v in views)


def test_containers_are_inferred_from_the_views(omni_client: httpx.Client) -> None:
    containers = {
        c["externalId"]: c
        for c in omni_client.get("/models/containers", params={"limit": 1000}).json()["items"]
    }
    expected: dict[str, dict[str, Any]] = {}
    for view in OMNI_JSON["views"]:
        for prop in view["properties"].values():
            if "container" in prop and "connectionType" not in prop:
                expected.setdefault(prop["container"]["externalId"], {})[
                    prop["containerPropertyIdentifier"]
                ] = prop
    assert set(containers) == set(expected)
    for xid, props in expected.items():
        assert set(containers[xid]["properties"]) == set(props)
        for ident, prop in props.items():
            inferred = containers[xid]["properties"][ident]
            assert inferred["type"]["type"] == prop["type"]["type"]
            assert inferred["type"].get("list", False) == prop["type"].get("list", False)
            assert "source" not in inferred["type"]
            assert inferred["nullable"] == prop["nullable"]
            assert (
                inferred["defaultValue"]
                if prop["defaultValue"] is not None
                else "defaultValue" not in inferred
            )
    assert containers["ConnectionEdge"]["usedFor"] == "edge"


def test_spaces_are_created_for_the_snapshot(omni_client: httpx.Client) -> None:
    spaces = [s["space"] for s in omni_client.get("/models/spaces").json()["items"]]
    assert spaces == ["sp_pygen_models"]


def test_gzip_request_bodies_are_accepted(omni_client: httpx.Client) -> None:
    payload = gzip.compress(json.dumps({"items": [{"space": "sp_pygen_models"}]}).encode())
    response = omni_client.post(
        "/models/spaces/byids",
        content=payload,
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["items"][0]["space"] == "sp_pygen_models"
    assert response.headers["x-request-id"]


def test_broken_gzip_and_json_are_400s(omni_client: httpx.Client) -> None:
    broken = omni_client.post("/models/spaces/byids", content=b"nope", headers={"Content-Encoding": "gzip"})
    assert broken.status_code == 400
    not_json = omni_client.post("/models/spaces/byids", content=b"{nope")
    assert not_json.status_code == 400
    assert "JSON" in not_json.json()["error"]["message"]


def test_unknown_path_and_method_use_the_cdf_error_shape(omni_client: httpx.Client) -> None:
    missing = omni_client.get("/models/nothing")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == 404
    wrong_method = omni_client.delete("/models/views")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"]["code"] == 405


def test_byids_item_limit(omni_client: httpx.Client) -> None:
    items = [{"space": f"s{i}"} for i in range(101)]
    response = omni_client.post("/models/spaces/byids", json={"items": items})
    assert response.status_code == 400
    assert "at most 100" in response.json()["error"]["message"]


def test_keep_alive_reuses_one_connection(omni_client: httpx.Client) -> None:
    ports = set()
    for _ in range(5):
        response = omni_client.get("/models/spaces")
        assert response.status_code == 200
        ports.add(response.extensions["network_stream"].get_extra_info("client_addr"))
    assert len(ports) == 1


@pytest.mark.parametrize("model_file", ["Omni.json", "WindTurbine.json", "Pumps.json", "OmniSub.json"])
def test_served_views_match_the_model_file(model_file: str) -> None:
    """Every field of every view property in the file comes back unchanged (modulo documented read-form
    normalisation: ``"type": "container"``/``"view"`` on references, absent nulls)."""
    from pygen_core.emulator import Emulator

    from .conftest import MODELS, api_client

    original = json.loads((MODELS / model_file).read_text())

    def normal(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: normal(v)
                for k, v in value.items()
                if (v is not None and k != "type") or _is_ref_type(k, v)
            }
        if isinstance(value, list):
            return [normal(v) for v in value]
        return value

    with Emulator(snapshots=[MODELS / model_file]) as emu, api_client(emu) as client:
        ident = {k: original[k] for k in ("space", "externalId", "version")}
        served = client.post(
            "/models/datamodels/byids", params={"inlineViews": "true"}, json={"items": [ident]}
        )
    (model,) = served.json()["items"]
    assert [v["externalId"] for v in model["views"]] == [v["externalId"] for v in original["views"]]
    for expected, got in zip(original["views"], model["views"], strict=True):
        for key in ("space", "externalId", "version", "implements", "filter", "writable", "usedFor", "name"):
            assert got.get(key) == expected.get(key), (expected["externalId"], key)
        assert set(got["properties"]) == set(expected["properties"])
        for name, prop in expected["properties"].items():
            assert normal(got["properties"][name]) | normal(prop) == normal(got["properties"][name]), (
                expected["externalId"],
                name,
            )


def _is_ref_type(key: str, value: Any) -> bool:
    """Keep ``type`` unless it is the ``"view"``/``"container"`` marker of a reference."""
    return key == "type" and value not in ("view", "container")
