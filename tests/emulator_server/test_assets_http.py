"""CogniteAsset paths through the running emulator: a subtree is one ``containsAny`` filter on ``path``."""

from __future__ import annotations

from typing import Any

from pygen_core.emulator import Emulator
from tests._models import model_path

from .conftest import api_client

VIEW = {"type": "view", "space": "cdf_cdm", "externalId": "CogniteAsset", "version": "v1"}


def _asset(xid: str, parent: str | None) -> dict[str, Any]:
    props: dict[str, Any] = {"name": xid}
    if parent:
        props["parent"] = {"space": "sp", "externalId": parent}
    return {
        "instanceType": "node",
        "space": "sp",
        "externalId": xid,
        "sources": [{"source": VIEW, "properties": props}],
    }


def test_subtree_query_through_path() -> None:
    tree = {
        "plant": None,
        "line1": "plant",
        "line2": "plant",
        "pump1": "line1",
        "pump2": "line1",
        "fan": "line2",
    }
    with Emulator(snapshots=[model_path("CogniteCore.json")]) as emu, api_client(emu) as client:
        response = client.post("/models/instances", json={"items": [_asset(x, p) for x, p in tree.items()]})
        assert response.status_code == 200, response.text
        subtree = client.post(
            "/models/instances/list",
            json={
                "sources": [{"source": VIEW}],
                "filter": {
                    "containsAny": {
                        "property": ["cdf_cdm", "CogniteAsset/v1", "path"],
                        "values": [{"space": "sp", "externalId": "line1"}],
                    }
                },
            },
        ).json()["items"]
        assert sorted(item["externalId"] for item in subtree) == ["line1", "pump1", "pump2"]
        fan = next(
            item
            for item in client.post("/models/instances/list", json={"sources": [{"source": VIEW}]}).json()[
                "items"
            ]
            if item["externalId"] == "fan"
        )
        props = fan["properties"]["cdf_cdm"]["CogniteAsset/v1"]
        assert [ref["externalId"] for ref in props["path"]] == ["plant", "line2", "fan"]
        assert props["root"] == {"space": "sp", "externalId": "plant"}
