"""Compiled templates are kept per user between processes; a damaged or unwritable cache changes nothing."""

from __future__ import annotations

import json
import os
import shutil
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


def _copy_env(cache: Path, copy: Path) -> dict[str, str]:
    """A child that imports ``copy`` instead of the checkout, unmeasured (the copy is not our source tree)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COV_CORE", "COVERAGE_"))}
    return {**env, "PYGEN_CACHE_DIR": str(cache), "PYTHONPATH": str(copy.parent)}


def test_a_new_install_path_reuses_the_compiled_templates(tmp_path: Path) -> None:
    """pip installs pygen at a new temporary path for every isolated build: the entries must still hit."""
    import pygen_core

    source = Path(pygen_core.__file__).parent
    cache = tmp_path / "cache"
    outputs = []
    for install in ("first-env", "second-env"):
        copy = tmp_path / install / "pygen_core"
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__"))
        env = _copy_env(cache, copy)
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import pygen_core; print(pygen_core.__file__)\n" + SCRIPT,
                str(model_path("Pumps.json")),
                "python",
            ],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        where, _, output = result.stdout.partition("\n")
        assert Path(where).parent == copy  # the copy was imported, not the checkout
        outputs.append(output)
        if install == "first-env":
            (directory,) = cache.glob("templates-*")
            stored = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in directory.iterdir()}
    assert outputs[0] == outputs[1]
    assert stored
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in directory.iterdir()} == stored


def test_an_edited_template_is_recompiled_not_served_stale(tmp_path: Path) -> None:
    import pygen_core

    copy = tmp_path / "env" / "pygen_core"
    shutil.copytree(Path(pygen_core.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    env = _copy_env(tmp_path / "cache", copy)
    run = [sys.executable, "-c", SCRIPT, str(model_path("Pumps.json")), "python"]
    before = subprocess.run(run, env=env, cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    template = copy / "codegen" / "python" / "templates" / "init.py.jinja"
    template.write_text("# edited\n" + template.read_text(encoding="utf-8"), encoding="utf-8")
    after = subprocess.run(run, env=env, cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert before != after
    assert json.loads(after)["sdk/__init__.py"].startswith("# edited\n")
