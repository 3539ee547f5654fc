"""Fixtures of the build-hook tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ._util import STEERING, RecordingApp, make_project


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(STEERING):
            monkeypatch.delenv(name)


@pytest.fixture
def app() -> RecordingApp:
    return RecordingApp()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")
