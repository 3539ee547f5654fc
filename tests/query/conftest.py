"""The query builder over real HTTP: the hand-written omni_mini SDK (and generated SDKs) against the emulator.

Every test module gets its own emulator with the Omni model and seed, plus the connection data it writes
through the SDK itself. ``Recorder`` keeps the bodies and responses of the requests a client sends (the
requests still go to the emulator).
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from pygen_core.emulator import Emulator
from tests._models import MODELS_DIR
from tests.handwritten_sdk.conftest import install_sdk

SPACE = "sp_omni_instances"


class Recorder:
    """Counts and keeps what a client sends to ``path`` (all paths when None) and what comes back."""

    def __init__(self, client: Any, path: str | None = "/models/instances/query") -> None:
        self.path = path
        self.bodies: list[dict[str, Any]] = []
        self.responses: list[dict[str, Any]] = []
        self._client = client
        self._post = client._http.post
        self._post_response = client._http.post_response

    def __enter__(self) -> Recorder:
        def post(path: str, json: Any, params: Any = None) -> dict[str, Any]:
            response: dict[str, Any] = self._post(path, json, params)
            if self.path is None or path == self.path:
                self.bodies.append(json)
                self.responses.append(response)
            return response

        def post_response(path: str, json: Any, params: Any = None) -> Any:
            response = self._post_response(path, json, params)
            if self.path is None or path == self.path:
                self.bodies.append(json)
                self.responses.append(response.json())
            return response

        self._client._http.post = post
        self._client._http.post_response = post_response
        return self

    def __exit__(self, *exc: object) -> None:
        del self._client._http.post
        del self._client._http.post_response

    @property
    def requests(self) -> int:
        return len(self.bodies)

    def returned(self, result_set: str) -> list[str]:
        """External ids of everything ``result_set`` returned over all recorded responses."""
        return [
            item["externalId"]
            for response in self.responses
            for item in response.get("items", {}).get(result_set, [])
        ]


@pytest.fixture(scope="session")
def omni_sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    package = install_sdk(tmp_path_factory.mktemp("query_sdk"))
    sys.path.insert(0, str(package.parent))
    try:
        yield importlib.import_module("omni_mini")
    finally:
        sys.path.remove(str(package.parent))


@pytest.fixture(scope="session")
def rt(omni_sdk: ModuleType) -> ModuleType:
    return importlib.import_module("omni_mini._runtime")


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    snapshots = [MODELS_DIR / "Omni.json", MODELS_DIR / "OmniSub.json"]
    with Emulator(snapshots=snapshots, seed=MODELS_DIR / "Omni.instances.json") as emu:
        yield emu


@pytest.fixture(scope="module")
def client(omni_sdk: ModuleType, emulator: Emulator) -> Iterator[Any]:
    with omni_sdk.OmniMiniClient(emulator.client_config()) as sdk_client:
        yield sdk_client


def xids(items: Any) -> list[str]:
    return [item.external_id for item in items]


def model_file(name: str) -> Path:
    return MODELS_DIR / name


SEED: list[dict[str, Any]] = json.loads(model_file("Omni.instances.json").read_text())


def seeded(view: str) -> dict[str, dict[str, Any]]:
    """external id → properties of the seeded nodes with data in ``sp_pygen_models:<view>/1``."""
    found = {}
    for node in SEED:
        props = node.get("properties", {}).get("sp_pygen_models", {}).get(f"{view}/1")
        if props is not None:
            found[node["externalId"]] = props
    return found
