"""The generator reproduces the hand-written reference SDK (tests/handwritten_sdk/omni_mini) view for view.

Compared by CDF identifiers, not Python names (those belong to the naming authority): classes per view,
field required-ness and defaults, connection specs, Fields literals, and every API method's fixed parameters.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pygen_core.codegen import GenerateOptions, generate, runtime_files, write_files
from pygen_core.snapshot import load_snapshot
from tests._models import MODELS_DIR

pytestmark = pytest.mark.slow  # a fresh interpreter per check

HERE = Path(__file__).resolve().parent
HANDWRITTEN = HERE.parent / "handwritten_sdk" / "omni_mini"


def _install_runtime(package: Path) -> None:
    for path, text in runtime_files().items():
        target = package / "_runtime" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not HANDWRITTEN.is_dir():
        pytest.skip("the hand-written reference SDK is not in this checkout")
    root = tmp_path_factory.mktemp("contract")
    shutil.copytree(HANDWRITTEN, root / "omni_mini", ignore=shutil.ignore_patterns("__pycache__"))
    _install_runtime(root / "omni_mini")
    snapshot = load_snapshot(MODELS_DIR / "Omni.json")
    options = GenerateOptions(package="omni_gen", default_instance_space="sp_omni_instances")
    write_files(generate(snapshot, options), root)
    script = (
        f"import json, sys; sys.path[:0] = [{str(root)!r}, {str(HERE)!r}]\n"
        "import shape\n"
        "print(json.dumps({'hand': shape.describe('omni_mini'), 'gen': shape.describe('omni_gen')}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def _identifiers(shape: dict[str, Any]) -> set[str]:
    return {identifier for fields in shape["fields"].values() for identifier in fields}


def test_every_hand_written_view_is_generated_with_the_same_shape(shapes: dict[str, Any]) -> None:
    hand, gen = shapes["hand"], shapes["gen"]
    assert set(hand) <= set(gen)
    # The reference may model a view from another snapshot (e.g. OmniSub's variant of a view id): views whose
    # property sets differ are not comparable; everything else must match.
    comparable = {v for v in hand if _identifiers(hand[v]) == _identifiers(gen[v])}
    assert len(comparable) >= 10
    differences = []
    for view in sorted(comparable):
        expected, actual = hand[view], gen[view]
        for key, value in expected.items():
            if key == "classes":
                assert len(actual["classes"]) == len(value), view
            elif actual.get(key) != value:
                differences.append(f"{view} {key}: hand-written {value!r} != generated {actual.get(key)!r}")
    assert differences == []


def test_the_contract_covers_references_write_lists_and_edge_apis(shapes: dict[str, Any]) -> None:
    """The new shape keys are really compared (the hand-written SDK has them, and so does the generated)."""
    for side in ("hand", "gen"):
        refs = shapes[side]["sp_pygen_models:CDFExternalReferences/1"]["references"]
        assert refs == {
            "read": {"file": "FileRef", "sequence": "SequenceRef", "timeseries": "TimeSeriesRef"},
            "write": {},
        }
        listed = shapes[side]["sp_pygen_models:CDFExternalReferencesListed/1"]["references"]["read"]
        assert listed == {"files": "FileRef", "sequences": "SequenceRef", "timeseries": "TimeSeriesRef"}
        b = shapes[side]["sp_pygen_models:ConnectionItemB/1"]
        assert b["edge_apis"] == ["inwards", "self_edge"]
        assert b["write_list"] == ["ConnectionItemBWriteList"]
        assert b["read_base"] == ["NodeRead"]
        assert shapes[side]["sp_pygen_models:ConnectionItemF/1"]["edge_apis"] == []  # edges with properties
