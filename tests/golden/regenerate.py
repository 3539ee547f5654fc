"""Regenerate the golden SDK trees under ``tests/golden/<case>/``.

Run from the repository root::

    .venv/bin/python -m tests.golden.regenerate

Then review the diff with ``git diff tests/golden`` and commit it together with the generator change.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pygen_core.codegen import GenerateOptions, generate, write_files
from pygen_core.snapshot import Snapshot, load_snapshot
from tests._models import MODELS_DIR as _MODELS_DIR

GOLDEN_DIR = Path(__file__).resolve().parent
MODELS_DIR = _MODELS_DIR
REGENERATE_COMMAND = ".venv/bin/python -m tests.golden.regenerate"


@dataclass(frozen=True)
class Case:
    """One golden tree: which model files, and the options to generate with."""

    name: str
    models: tuple[str, ...]
    options: GenerateOptions

    @property
    def directory(self) -> Path:
        return GOLDEN_DIR / self.name


CASES: tuple[Case, ...] = (
    Case(
        "omni",
        ("Omni.json",),
        GenerateOptions(package="omni", client_name="OmniClient", default_instance_space="sp_omni_instances"),
    ),
    Case("wind_turbine", ("WindTurbine.json",), GenerateOptions(package="wind_turbine")),
)


def combined_snapshot(models: tuple[str, ...]) -> Snapshot:
    """One snapshot holding every data model of the given shared model files."""
    snapshots = [load_snapshot(MODELS_DIR / model) for model in models]
    if len(snapshots) == 1:
        return snapshots[0]
    return Snapshot(
        data_models=[dm for snap in snapshots for dm in snap.data_models],
        containers=[c for snap in snapshots for c in snap.containers],
    )


def generate_case(case: Case) -> dict[PurePosixPath, str]:
    """Generate the files of one golden case in memory, without ``_runtime/``.

    The runtime is a verbatim copy of ``pygen_core/runtime`` (tested there); leaving it out keeps the golden
    trees about the generator. The tests put the current runtime back before importing or type-checking.
    """
    files = generate(combined_snapshot(case.models), case.options)
    return {path: text for path, text in files.items() if path.parts[1] != "_runtime"}


def main() -> int:
    for case in CASES:
        written = write_files(generate_case(case), case.directory)
        print(f"regenerated {', '.join(str(p.relative_to(Path.cwd())) for p in written)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
