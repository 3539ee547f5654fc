"""The real data-model snapshots the tests use, copied into ``tests/data/models`` (public CDF models).

Every test, benchmark and example reads them through this module, never from outside the repository.
"""

from __future__ import annotations

from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent / "data" / "models"
"""``Omni.json``, ``Omni.instances.json``, ``WindTurbine.json``, ``Pumps.json``, ``OmniSub.json``,
``OmniMultiA/B/C.json``: byte-identical to the shared copies they were taken from. ``CogniteCore.json``: a
subset of CDF's public core data model (origin in ``README.md`` there)."""

MODEL_FILES = tuple(sorted(p for p in MODELS_DIR.glob("*.json") if not p.name.endswith(".instances.json")))
"""Every data-model file (instance files left out)."""


def model_path(name: str) -> Path:
    """The path of one model file, e.g. ``model_path("Omni.json")``; a missing one is an error."""
    path = MODELS_DIR / name
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: no such test model (known: {', '.join(p.name for p in MODELS_DIR.iterdir())})"
        )
    return path
