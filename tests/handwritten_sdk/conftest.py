"""Install the hand-written omni_mini SDK the way the generator would: runtime copied in as ``_runtime``."""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from pygen_core.emulator import Emulator
from tests._models import MODELS_DIR

REPO = Path(__file__).resolve().parents[2]
SDK_SOURCE = Path(__file__).resolve().parent / "omni_mini"
RUNTIME_SOURCE = REPO / "pygen_core" / "runtime"
MODELS = MODELS_DIR


def install_sdk(target: Path) -> Path:
    """Copy omni_mini and the runtime into ``target``; return the package directory."""
    package = target / "omni_mini"
    shutil.copytree(SDK_SOURCE, package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(RUNTIME_SOURCE, package / "_runtime", ignore=shutil.ignore_patterns("__pycache__"))
    return package


@pytest.fixture(scope="session")
def sdk_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install_sdk(tmp_path_factory.mktemp("sdk"))


@pytest.fixture(scope="session")
def omni(sdk_package: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(sdk_package.parent))
    try:
        yield importlib.import_module("omni_mini")
    finally:
        sys.path.remove(str(sdk_package.parent))


@pytest.fixture(scope="session")
def dc(omni: ModuleType) -> ModuleType:
    """The SDK package (every data class is exported at its top level)."""
    return importlib.import_module("omni_mini")


@pytest.fixture(scope="session")
def rt(omni: ModuleType) -> ModuleType:
    """The SDK's copy of the runtime."""
    return importlib.import_module("omni_mini._runtime")


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    snapshots = [MODELS / "Omni.json", MODELS / "OmniSub.json"]
    with Emulator(snapshots=snapshots, seed=MODELS / "Omni.instances.json") as emu:
        yield emu


@pytest.fixture(scope="module")
def client(omni: ModuleType, emulator: Emulator) -> Iterator[Any]:
    with omni.OmniMiniClient(emulator.client_config()) as sdk_client:
        yield sdk_client
