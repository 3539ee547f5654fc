"""Golden trees: equal to fresh output byte for byte, importable, mypy --strict and ruff clean."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pygen_core.codegen import diff_files, runtime_files

from .regenerate import CASES, REGENERATE_COMMAND, Case, generate_case

BIN = Path(sys.executable).parent
CASE_IDS = [case.name for case in CASES]


@pytest.fixture(params=CASES, ids=CASE_IDS)
def case(request: pytest.FixtureRequest) -> Case:
    result: Case = request.param
    return result


@pytest.fixture
def assembled(case: Case, tmp_path: Path) -> Path:
    """A copy of the golden package plus the current ``_runtime/``; returns the directory holding it."""
    root = tmp_path / "sdk"
    shutil.copytree(case.directory / case.options.package, root / case.options.package)
    for path, text in runtime_files().items():
        target = root / case.options.package / "_runtime" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def test_golden_tree_matches_generator(case: Case) -> None:
    diff = diff_files(generate_case(case), case.directory)
    assert diff == "", f"golden tree {case.name} is stale; run `{REGENERATE_COMMAND}`\n{diff}"


@pytest.mark.slow
def test_golden_tree_imports_every_public_name(case: Case, assembled: Path) -> None:
    script = (
        "import importlib, sys\n"
        f"sys.path.insert(0, {str(assembled)!r})\n"
        f"pkg = importlib.import_module({case.options.package!r})\n"
        "loaded = [getattr(pkg, name) for name in pkg.__all__]\n"
        "assert sorted(pkg.__all__, key=str.casefold) == list(pkg.__all__), 'unsorted __all__'\n"
        "print(len(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 3


@pytest.mark.slow
def test_golden_tree_is_mypy_strict_clean(case: Case, assembled: Path, tmp_path: Path) -> None:
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
        cwd=assembled,
        env={**os.environ, "MYPYPATH": str(assembled)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _mypy(directory: Path, target: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\nstrict = True\npython_version = 3.10\n")
    return subprocess.run(
        [str(BIN / "mypy"), "--config-file", str(config), "--cache-dir", str(tmp_path / "cache"), *target],
        capture_output=True,
        text=True,
        cwd=directory,
        env={**os.environ, "MYPYPATH": str(directory)},
    )


@pytest.mark.slow
def test_user_code_is_type_checked_against_the_sdk(tmp_path: Path) -> None:
    """Correct use type-checks; each mistake in ``usage_bad`` is reported on its own line."""
    omni = next(case for case in CASES if case.name == "omni")
    root = tmp_path / "sdk"
    shutil.copytree(omni.directory / "omni", root / "omni")
    for path, text in runtime_files().items():
        target = root / "omni" / "_runtime" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    here = Path(__file__).parent
    shutil.copy(here / "usage_ok.py.txt", root / "usage_ok.py")
    shutil.copy(here / "usage_bad.py.txt", root / "usage_bad.py")
    ok = _mypy(root, ["usage_ok.py"], tmp_path)
    assert ok.returncode == 0, ok.stdout
    bad = _mypy(root, ["usage_bad.py"], tmp_path)
    lines = [
        line for line in bad.stdout.splitlines() if line.startswith("usage_bad.py:") and ": error:" in line
    ]
    assert sorted({int(line.split(":")[1]) for line in lines}) == [9, 10, 11, 12, 13, 14], bad.stdout


def test_golden_tree_has_no_type_ignore(case: Case) -> None:
    """Generated modules never silence the type checker (``_runtime/`` is a verbatim copy, not generated)."""
    package = case.directory / case.options.package
    generated = list(package.rglob("*.py"))
    assert len(generated) > 5
    assert not (package / "_runtime").exists()
    offenders = [str(p) for p in generated if "type: ignore" in p.read_text(encoding="utf-8")]
    assert offenders == []


RUFF_ISOLATED = ["--isolated", "--target-version", "py310", "--extend-exclude", "_runtime"]
"""ruff's defaults (line length 88) without the project's config; ``_runtime/`` is the runtime's own code."""


@pytest.mark.slow
def test_golden_tree_is_ruff_clean(case: Case) -> None:
    package = str(case.directory / case.options.package)
    rules = ["--select", "E,F,W,I,UP,B", "--ignore", "E501"]  # line length is ruff format's business
    check = subprocess.run(
        [str(BIN / "ruff"), "check", *RUFF_ISOLATED, *rules, package], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    fmt = subprocess.run(
        [str(BIN / "ruff"), "format", "--check", "--diff", *RUFF_ISOLATED, package],
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_golden_tree_is_pyright_strict_clean_and_fully_typed(case: Case, assembled: Path) -> None:
    """Users check code with pyright (Pylance) too: strict mode is clean and every public name is typed."""
    config = {"typeCheckingMode": "strict", "pythonVersion": "3.10", "include": [case.options.package]}
    (assembled / "pyrightconfig.json").write_text(json.dumps(config))
    pyright = [str(BIN / "pyright"), "--outputjson", "--pythonpath", sys.executable]
    strict = subprocess.run(pyright, capture_output=True, text=True, cwd=assembled)
    report = json.loads(strict.stdout)
    assert report["summary"]["errorCount"] == 0, [d["message"] for d in report["generalDiagnostics"]][:10]
    verify = subprocess.run(
        [*pyright, "--verifytypes", case.options.package, "--ignoreexternal"],
        capture_output=True,
        text=True,
        cwd=assembled,
        env={**os.environ, "PYTHONPATH": str(assembled)},
    )
    completeness = json.loads(verify.stdout)["typeCompleteness"]
    incomplete = [s["name"] for s in completeness["symbols"] if s["diagnostics"]]
    assert incomplete == []
    assert completeness["completenessScore"] == 1
