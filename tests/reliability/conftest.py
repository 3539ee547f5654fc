"""Fixtures of the reliability suite: the shared models and an emulator serving Omni."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pygen_core.emulator import Emulator

from ._inputs import MODELS

OMNI = MODELS / "Omni.json"


@pytest.fixture
def omni_emulator() -> Iterator[Emulator]:
    with Emulator(snapshots=[OMNI]) as emu:
        yield emu
