"""pull_snapshot (SchemaClient over the runtime HTTPClient) from the emulator, then serve the pulled file."""

from __future__ import annotations

import json
from pathlib import Path

from pygen_core.dms import DataModelId, SchemaClient
from pygen_core.emulator import Emulator
from pygen_core.runtime import HTTPClient
from pygen_core.snapshot import load_snapshot, pull_snapshot, write_snapshot

from .conftest import OMNI, api_client


def test_pulled_snapshot_serves_the_same_schema(tmp_path: Path) -> None:
    model = json.loads(OMNI.read_text())
    model_id = DataModelId.parse(f"{model['space']}:{model['externalId']}/{model['version']}")
    with Emulator(snapshots=[OMNI]) as first, HTTPClient(first.client_config()) as http:
        pulled = pull_snapshot(SchemaClient(http), [model_id])
        with api_client(first) as client:
            views_before = client.get("/models/views", params={"limit": 1000}).json()["items"]
            containers_before = client.get("/models/containers", params={"limit": 1000}).json()["items"]
    assert len(pulled.containers) == 13
    assert len(pulled.views) == 23
    path = tmp_path / "pulled.json"
    write_snapshot(pulled, path)
    with Emulator(snapshots=[path]) as second, api_client(second) as client:
        views_after = client.get("/models/views", params={"limit": 1000}).json()["items"]
        containers_after = client.get("/models/containers", params={"limit": 1000}).json()["items"]
    assert load_snapshot(path).content_hash == pulled.content_hash

    def strip(items: list[dict[str, object]]) -> list[dict[str, object]]:
        return [
            {k: v for k, v in item.items() if k not in ("createdTime", "lastUpdatedTime")} for item in items
        ]

    assert strip(views_after) == strip(views_before)
    assert strip(containers_after) == strip(containers_before)
