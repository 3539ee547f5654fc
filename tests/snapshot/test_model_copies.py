"""The models in tests/data/models are byte-identical copies of the shared ones (checked when there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests._models import MODEL_FILES, MODELS_DIR, model_path

SHARED = Path(__file__).resolve().parents[3].joinpath("shared", "models")


def test_every_model_the_tests_name_is_in_the_repository() -> None:
    names = {p.name for p in MODELS_DIR.glob("*.json")}
    assert {"Omni.json", "Omni.instances.json", "WindTurbine.json", "Pumps.json", "OmniSub.json"} <= names
    assert {"OmniMultiA.json", "OmniMultiB.json", "OmniMultiC.json"} <= names
    assert all(not p.name.endswith(".instances.json") for p in MODEL_FILES)
    with pytest.raises(FileNotFoundError, match="no such test model"):
        model_path("Nope.json")


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared/models beside this checkout (as for users)")
def test_copies_match_the_shared_models_byte_for_byte() -> None:
    shared = sorted(SHARED.glob("*.json"))
    assert shared, f"{SHARED} holds no models"
    for source in shared:
        copy = MODELS_DIR / source.name
        assert copy.is_file(), f"{source.name} is not copied into {MODELS_DIR}"
        assert copy.read_bytes() == source.read_bytes(), f"{copy} differs from {source}"
