from __future__ import annotations

from pathlib import Path

import pytest

from tests._models import MODELS_DIR as SHARED_MODELS

MODELS_DIR = SHARED_MODELS
MODEL_FILES = sorted(p for p in MODELS_DIR.glob("*.json") if not p.name.endswith(".instances.json"))


@pytest.fixture(params=MODEL_FILES, ids=[p.stem for p in MODEL_FILES])
def model_file(request: pytest.FixtureRequest) -> Path:
    return Path(request.param)
