"""A real emulator (Omni model) shared by this folder's HTTP tests; faults are cleared after each test."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from pygen_core.emulator import Emulator
from pygen_core.runtime import ClientConfig
from tests._models import MODELS_DIR as SHARED_MODELS

OMNI = SHARED_MODELS / "Omni.json"
OMNI_SPACE = "sp_pygen_models"


class SleepRecorder:
    """Stands in for ``time.sleep`` so retry tests record the chosen delays instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture(scope="module")
def _running_emulator() -> Iterator[Emulator]:
    with Emulator(snapshots=[OMNI]) as emu:
        yield emu


@pytest.fixture
def emulator(_running_emulator: Emulator) -> Iterator[Emulator]:
    emu = _running_emulator
    ttl = emu.auth.token_ttl
    yield emu
    emu.faults.clear()
    emu.auth.token_ttl = ttl


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


def fast_config(emu: Emulator, **overrides: Any) -> ClientConfig:
    """The emulator's config with tiny backoff so retries are quick even when they really sleep."""
    options: dict[str, Any] = {"backoff_base": 0.001, "backoff_cap": 0.01, "max_retries": 5}
    options.update(overrides)
    return dataclasses.replace(emu.client_config(), **options)
