"""The models in tests/data/models are byte-identical copies of the shared pygen test models: their SHA-256
digests, taken from the shared files when they were copied, are recorded in ``SHA256SUMS`` beside them."""

from __future__ import annotations

import hashlib

import pytest

from tests._models import MODEL_FILES, MODELS_DIR, model_path


def test_every_model_the_tests_name_is_in_the_repository() -> None:
    names = {p.name for p in MODELS_DIR.glob("*.json")}
    assert {"Omni.json", "Omni.instances.json", "WindTurbine.json", "Pumps.json", "OmniSub.json"} <= names
    assert {"OmniMultiA.json", "OmniMultiB.json", "OmniMultiC.json"} <= names
    assert all(not p.name.endswith(".instances.json") for p in MODEL_FILES)
    with pytest.raises(FileNotFoundError, match="no such test model"):
        model_path("Nope.json")


def test_copies_match_the_recorded_digests_of_the_shared_models() -> None:
    recorded: dict[str, str] = {}
    for line in (MODELS_DIR / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        recorded[name.lstrip("*")] = digest
    assert {"Omni.json", "Omni.instances.json", "Pumps.json", "WindTurbine.json"} <= set(recorded)
    for name, digest in sorted(recorded.items()):
        copy = MODELS_DIR / name
        assert copy.is_file(), f"{name} is listed in SHA256SUMS but not in {MODELS_DIR}"
        actual = hashlib.sha256(copy.read_bytes()).hexdigest()
        assert actual == digest, f"{copy} differs from the shared model"
