"""Compiled templates are kept per user between processes; a damaged or unwritable cache changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests._models import model_path

pytestmark = pytest.mark.slow  # a fresh interpreter per generation

SCRIPT = (
    "import sys, json\n"
    "from pygen_core.codegen import GenerateOptions, generate\n"
    "from pygen_core.snapshot import read_snapshot\n"
    "files = generate(read_snapshot(sys.argv[1]), GenerateOptions(package='sdk', language=sys.argv[2]))\n"
    "print(json.dumps({str(p): t for p, t in sorted(files.items())}))\n"
)


def _generate(cache: Path, language: str = "python") -> str:
    env = {**os.environ, "PYGEN_CACHE_DIR": str(cache)}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(model_path("Pumps.json")), language],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.mark.parametrize("language", ["python", "typescript"])
def test_the_cache_fills_once_and_never_changes_the_output(tmp_path: Path, language: str) -> None:
    first = _generate(tmp_path, language)
    (directory,) = tmp_path.glob("templates-*")
    cached = sorted(p.name for p in directory.iterdir())
    assert cached  # compiled templates were stored
    assert _generate(tmp_path, language) == first
    for path in directory.iterdir():  # damaged entries are recompiled, not trusted
        path.write_bytes(b"\x00garbage")
    assert _generate(tmp_path, language) == first


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x", encoding="utf-8")
    assert _generate(blocked) == _generate(tmp_path / "fresh")
