"""Fixtures for the emulator server tests: real emulators on 127.0.0.1 and httpx clients with tokens."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from pygen_core.emulator import Emulator
from tests._models import MODELS_DIR as SHARED_MODELS

MODELS = SHARED_MODELS
OMNI = MODELS / "Omni.json"
OMNI_INSTANCES = MODELS / "Omni.instances.json"


def fetch_token(emu: Emulator) -> str:
    response = httpx.post(
        emu.token_url,
        data={
            "grant_type": "client_credentials",
            "client_id": emu.client_id,
            "client_secret": emu.client_secret,
            "scope": f"{emu.base_url}/.default",
        },
    )
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    assert isinstance(token, str)
    return token


def api_client(emu: Emulator) -> httpx.Client:
    """An httpx client on ``{base_url}/api/v1/projects/{project}`` with a valid bearer token."""
    return httpx.Client(base_url=emu.project_url, headers={"Authorization": f"Bearer {fetch_token(emu)}"})


@pytest.fixture(scope="module")
def omni_emulator() -> Iterator[Emulator]:
    """Omni schema only (shared by a module: tests must not change the schema or leave faults behind)."""
    with Emulator(snapshots=[OMNI]) as emu:
        yield emu


@pytest.fixture
def omni_client(omni_emulator: Emulator) -> Iterator[httpx.Client]:
    omni_emulator.faults.clear()
    with api_client(omni_emulator) as client:
        yield client
    omni_emulator.faults.clear()


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    """A fresh, empty emulator for tests that change state."""
    with Emulator() as emu:
        yield emu
