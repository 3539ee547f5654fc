"""Golden trees: equal to fresh output byte for byte, importable, mypy --strict and ruff clean."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pygen_core.codegen import diff_files

from .regenerate import CASES, REGENERATE_COMMAND, Case, generate_case

BIN = Path(sys.executable).parent
CASE_IDS = [case.name for case in CASES]


@pytest.fixture(params=CASES, ids=CASE_IDS)
def case(request: pytest.FixtureRequest) -> Case:
    result: Case = request.param
    return result


def test_golden_tree_matches_generator(case: Case) -> None:
    diff = diff_files(generate_case(case), case.directory)
    assert diff == "", f"golden tree {case.name} is stale; run `{REGENERATE_COMMAND}`\n{diff}"


def test_golden_tree_imports_every_public_name(case: Case) -> None:
    script = (
        "import importlib, sys\n"
        f"sys.path.insert(0, {str(case.directory)!r})\n"
        f"pkg = importlib.import_module({case.options.package!r})\n"
        "loaded = [getattr(pkg, name) for name in pkg.__all__]\n"
        "assert sorted(pkg.__all__, key=str.casefold) == list(pkg.__all__), 'unsorted __all__'\n"
        "print(len(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 3


def test_golden_tree_is_mypy_strict_clean(case: Case, tmp_path: Path) -> None:
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\nstrict = True\npython_version = 3.10\nwarn_unreachable = True\n")
    result = subprocess.run(
        [
            str(BIN / "mypy"),
            "--config-file",
            str(config),
            "--cache-dir",
            str(tmp_path / "cache"),
            "-p",
            case.options.package,
        ],
        capture_output=True,
        text=True,
        cwd=case.directory,
        env={**os.environ, "MYPYPATH": str(case.directory)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_golden_tree_has_no_type_ignore(case: Case) -> None:
    package = case.directory / case.options.package
    offenders = [str(p) for p in package.rglob("*.py") if "type: ignore" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_golden_tree_is_ruff_clean(case: Case) -> None:
    package = str(case.directory / case.options.package)
    check = subprocess.run(
        [
            str(BIN / "ruff"),
            "check",
            "--isolated",
            "--select",
            "E,F,W,I,UP,B",
            "--target-version",
            "py310",
            package,
        ],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    fmt = subprocess.run(
        [
            str(BIN / "ruff"),
            "format",
            "--isolated",
            "--check",
            "--diff",
            "--target-version",
            "py310",
            package,
        ],
        capture_output=True,
        text=True,
    )
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


_DIGEST_SCRIPT = """
import hashlib, json, sys
from tests.golden.regenerate import CASES, generate_case
digest = hashlib.sha256()
for case in CASES:
    for path, text in sorted(generate_case(case).items()):
        digest.update(str(path).encode() + b"\\0" + text.encode("utf-8", "surrogatepass") + b"\\0")
print(digest.hexdigest())
"""


def test_generation_is_deterministic_across_hash_seeds() -> None:
    root = Path(__file__).resolve().parents[2]
    digests = set()
    for seed in ("0", "1", "4242"):
        result = subprocess.run(
            [sys.executable, "-c", _DIGEST_SCRIPT],
            capture_output=True,
            text=True,
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert result.returncode == 0, result.stderr
        digests.add(result.stdout.strip())
    assert len(digests) == 1
    in_process = hashlib.sha256()
    for case in CASES:
        for path, text in sorted(generate_case(case).items()):
            in_process.update(str(path).encode() + b"\0" + text.encode("utf-8", "surrogatepass") + b"\0")
    assert digests == {in_process.hexdigest()}
