from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests._models import MODELS_DIR as SHARED_MODELS

MODELS_DIR = SHARED_MODELS
MODEL_FILES = sorted(p for p in MODELS_DIR.glob("*.json") if not p.name.endswith(".instances.json"))


def without_nulls_and_ref_markers(value: Any) -> Any:
    """The documented equivalence rule: ``null`` == absent; the ``"type": "container"|"view"`` marker on a
    reference is implied by its position (we always write it)."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if item is None:
                continue
            if key == "type" and item in ("container", "view") and "space" in value and "externalId" in value:
                continue
            out[key] = without_nulls_and_ref_markers(item)
        return out
    if isinstance(value, list):
        return [without_nulls_and_ref_markers(item) for item in value]
    return value


@pytest.fixture(params=MODEL_FILES, ids=[p.stem for p in MODEL_FILES])
def model_file(request: pytest.FixtureRequest) -> Path:
    return Path(request.param)


@pytest.fixture
def model_json(model_file: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(model_file.read_text())
    return data
