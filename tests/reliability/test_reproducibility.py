"""Reproducibility gaps not covered by tests/hook (which compares rebuilds of one project through frontends):
hash seeds, project location, and snapshot files that differ only in formatting and order."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hatchling.builders.wheel import WheelBuilder

from ._inputs import MODELS, PUMPS_ID, STEERING, clean_environ, write_project

_DIGEST = """
import hashlib, sys
from pygen_core.codegen import GenerateOptions, generate
from pygen_core.snapshot import load_snapshot
files = generate(load_snapshot(sys.argv[1]), GenerateOptions(package="omni_sdk"))
digest = hashlib.sha256()
for path in sorted(files):
    digest.update(str(path).encode() + b"\\0" + files[path].encode() + b"\\0")
print(len(files), digest.hexdigest())
"""


def _shuffled(value: Any, rng: random.Random) -> Any:
    """The same JSON with object keys (and the views list) in a random order."""
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {key: _shuffled(value[key], rng) for key in keys}
    if isinstance(value, list):
        return [_shuffled(item, rng) for item in value]
    return value


def _shuffled_model(path: Path, seed: int) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    rng.shuffle(data["views"])
    return json.dumps(_shuffled(data, rng), indent=seed % 4 or None)


@pytest.mark.slow
def test_generation_does_not_depend_on_the_hash_seed_or_the_file_layout(tmp_path: Path) -> None:
    (tmp_path / "shuffled.json").write_text(_shuffled_model(MODELS / "Omni.json", 3), encoding="utf-8")
    outputs = set()
    for seed, source in (("0", MODELS / "Omni.json"), ("12345", tmp_path / "shuffled.json")):
        result = subprocess.run(
            [sys.executable, "-c", _DIGEST, str(source)],
            env={**clean_environ(), "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        outputs.add(result.stdout.strip())
    assert len(outputs) == 1, outputs
    (only,) = outputs
    assert int(only.split()[0]) > 20


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(STEERING):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PYGEN_OFFLINE", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def _wheel(root: Path, out: Path) -> bytes:
    (artifact,) = WheelBuilder(str(root)).build(directory=str(out), versions=["standard"])
    return Path(artifact).read_bytes()


def test_wheels_from_different_places_and_reformatted_snapshots_are_identical(tmp_path: Path) -> None:
    config = f'package = "pumps_sdk"\ndata-models = ["{PUMPS_ID}"]'
    pumps = MODELS / "Pumps.json"
    first = write_project(tmp_path / "a", config)
    second = write_project(
        tmp_path / "deeper" / "elsewhere" / "b", config, snapshot=_shuffled_model(pumps, 5).encode()
    )
    one = _wheel(first, tmp_path / "one")
    two = _wheel(second, tmp_path / "two")
    assert b"pumps_sdk/_client.py" in one
    assert hashlib.sha256(one).hexdigest() == hashlib.sha256(two).hexdigest()
    # Sanity: a real change of the model does change the wheel.
    data = json.loads(pumps.read_text(encoding="utf-8"))
    data["views"][0]["description"] = "A changed description."
    third = write_project(tmp_path / "c", config, snapshot=json.dumps(data).encode())
    assert _wheel(third, tmp_path / "three") != one
