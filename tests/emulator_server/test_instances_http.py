"""Instance endpoints over real HTTP: concurrency, persistence, views sharing a container."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from pygen_core.emulator import Emulator

from .conftest import OMNI, OMNI_INSTANCES, api_client

SPACE = "conc_space"
CONTAINER = {
    "space": SPACE,
    "externalId": "Item",
    "properties": {"name": {"type": {"type": "text"}}, "rank": {"type": {"type": "int64"}}},
}


def _mapped(ident: str) -> dict[str, Any]:
    return {
        "container": {"space": SPACE, "externalId": "Item", "type": "container"},
        "containerPropertyIdentifier": ident,
    }


VIEW_A = {
    "space": SPACE,
    "externalId": "ItemA",
    "version": "1",
    "properties": {"name": _mapped("name"), "rank": _mapped("rank")},
}
VIEW_B = {"space": SPACE, "externalId": "ItemB", "version": "1", "properties": {"title": _mapped("name")}}
VIEW_A_REF = {"type": "view", "space": SPACE, "externalId": "ItemA", "version": "1"}
VIEW_B_REF = {"type": "view", "space": SPACE, "externalId": "ItemB", "version": "1"}


def _create_schema(client: httpx.Client) -> None:
    for path, item in (
        ("/models/spaces", {"space": SPACE}),
        ("/models/containers", CONTAINER),
        ("/models/views", VIEW_A),
        ("/models/views", VIEW_B),
    ):
        response = client.post(path, json={"items": [item]})
        assert response.status_code == 200, response.text


def _node(xid: str, rank: int) -> dict[str, Any]:
    return {
        "instanceType": "node",
        "space": SPACE,
        "externalId": xid,
        "sources": [{"source": VIEW_A_REF, "properties": {"name": f"name {xid}", "rank": rank}}],
    }


def _all_nodes(client: httpx.Client, sources: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    body: dict[str, Any] = {"instanceType": "node", "limit": 1000}
    if sources:
        body["sources"] = sources
    while True:
        response = client.post("/models/instances/list", json=body)
        assert response.status_code == 200, response.text
        page = response.json()
        items.extend(page["items"])
        if not page.get("nextCursor"):
            return items
        body["cursor"] = page["nextCursor"]


@pytest.mark.slow  # seconds: 8000 nodes and a restart
def test_eight_threads_upsert_1000_nodes_each_and_all_survive_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "conc.db"
    errors: list[str] = []
    with Emulator(db=db) as emu:
        with api_client(emu) as client:
            _create_schema(client)
        token = emu.token()

        def worker(thread: int) -> None:
            with httpx.Client(base_url=emu.project_url, headers={"Authorization": f"Bearer {token}"}) as own:
                for batch in range(10):
                    nodes = [_node(f"t{thread}-n{batch * 100 + i}", thread) for i in range(100)]
                    response = own.post("/models/instances", json={"items": nodes}, timeout=120)
                    if response.status_code != 200 or len(response.json()["items"]) != 100:
                        errors.append(
                            f"thread {thread} batch {batch}: {response.status_code} {response.text[:200]}"
                        )

        threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        with api_client(emu) as client:
            before = _all_nodes(client, [{"source": VIEW_A_REF}])
    ids = {node["externalId"] for node in before}
    assert len(before) == len(ids) == 8000
    assert {f"t{t}-n{i}" for t in range(8) for i in range(1000)} == ids
    with Emulator(db=db) as emu, api_client(emu) as client:
        after = _all_nodes(client, [{"source": VIEW_A_REF}])
    assert sorted(json.dumps(n, sort_keys=True) for n in after) == sorted(
        json.dumps(n, sort_keys=True) for n in before
    )
    sample = next(n for n in after if n["externalId"] == "t3-n7")
    assert sample["properties"][SPACE]["ItemA/1"] == {"name": "name t3-n7", "rank": 3}


def test_two_views_over_one_container_see_the_same_data(emulator: Emulator) -> None:
    with api_client(emulator) as client:
        _create_schema(client)
        assert client.post("/models/instances", json={"items": [_node("shared", 5)]}).status_code == 200
        ids = [{"instanceType": "node", "space": SPACE, "externalId": "shared"}]
        via_b = client.post(
            "/models/instances/byids", json={"items": ids, "sources": [{"source": VIEW_B_REF}]}
        )
        update = {
            "instanceType": "node",
            "space": SPACE,
            "externalId": "shared",
            "sources": [{"source": VIEW_B_REF, "properties": {"title": "renamed"}}],
        }
        assert client.post("/models/instances", json={"items": [update]}).status_code == 200
        via_a = client.post(
            "/models/instances/byids", json={"items": ids, "sources": [{"source": VIEW_A_REF}]}
        )
    assert via_b.json()["items"][0]["properties"][SPACE]["ItemB/1"] == {"title": "name shared"}
    assert via_a.json()["items"][0]["properties"][SPACE]["ItemA/1"] == {"name": "renamed", "rank": 5}


def test_seeded_omni_instances_are_served() -> None:
    seed = json.loads(OMNI_INSTANCES.read_text())
    with Emulator(snapshots=[OMNI], seed=OMNI_INSTANCES) as emu, api_client(emu) as client:
        nodes = _all_nodes(client)
    assert sorted((n["space"], n["externalId"]) for n in nodes) == sorted(
        (n["space"], n["externalId"]) for n in seed
    )


def test_instance_errors_use_the_cdf_shape(emulator: Emulator) -> None:
    with api_client(emulator) as client:
        response = client.post("/models/instances/list", json={"limit": 5000})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == 400
    assert response.headers["x-request-id"]
