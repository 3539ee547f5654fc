"""An emulator with Cognite's core model, and a runtime client on it (no generated SDK needed)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pygen_core.emulator import Emulator
from pygen_core.runtime import InstanceClient
from tests._models import model_path

CORE = model_path("CogniteCore.json")


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(snapshots=[CORE]) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def client(emu: Emulator) -> Iterator[InstanceClient]:
    with InstanceClient(emu.client_config()) as runtime_client:
        yield runtime_client


@pytest.fixture
def http(emu: Emulator) -> Iterator[httpx.Client]:
    """Plain HTTP to the project, for setting up and checking independently of the runtime."""
    headers = {"Authorization": f"Bearer {emu.token()}"}
    with httpx.Client(base_url=emu.project_url, headers=headers, timeout=60) as plain:
        yield plain


def write_node(http: httpx.Client, view: str, xid: str, properties: dict[str, Any]) -> dict[str, str]:
    """Write a node through a ``cdf_cdm`` view; return its instance id."""
    source = {"type": "view", "space": "cdf_cdm", "externalId": view, "version": "v1"}
    item = {
        "instanceType": "node",
        "space": "sp_res",
        "externalId": xid,
        "sources": [{"source": source, "properties": properties}],
    }
    response = http.post("/models/instances", json={"items": [item]})
    assert response.status_code == 200, response.text
    return {"space": "sp_res", "externalId": xid}
