"""The runtime as users' tools see it inside a generated SDK: pyright strict, fully typed, ruff format.

Each check runs on the files exactly as the generator copies them (``runtime_files()``), placed as a
stand-alone typed package, with settings written here (not read from the repository) so that relaxing a
config file cannot make them pass.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import pygen_core.runtime
from pygen_core.codegen import runtime_files

BIN = Path(sys.executable).parent
PACKAGE = "rtpkg"
# Strict mode is proven active in the same run: this module must be reported, and only it.
CANARY = "def untyped(value):\n    return value\n"
CANARY_RULES = {"reportMissingParameterType", "reportUnknownParameterType", "reportUnknownVariableType"}
_DIRECTIVE = re.compile(r"#\s*pyright:\s*(.*)")
_NAMED = re.compile(r"(ignore\[report\w+(, *report\w+)*\]|report\w+ *= *false)(\s.*)?")


@pytest.fixture(scope="module")
def runtime_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding the runtime as package ``rtpkg`` (with ``py.typed``) and a strict config."""
    root = tmp_path_factory.mktemp("runtime_typing")
    for path, text in runtime_files().items():
        target = root / PACKAGE / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (root / PACKAGE / "py.typed").write_text("", encoding="utf-8")
    (root / "canary.py").write_text(CANARY, encoding="utf-8")
    config = {"typeCheckingMode": "strict", "pythonVersion": "3.10", "include": [PACKAGE, "canary.py"]}
    (root / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    return root


def _pyright(root: Path, *args: str) -> dict[str, Any]:
    result = subprocess.run(
        [str(BIN / "pyright"), "--outputjson", "--pythonpath", sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=root,
        # --verifytypes finds the package through the interpreter's import path.
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    try:
        report: dict[str, Any] = json.loads(result.stdout)
    except ValueError:
        pytest.fail(f"pyright printed no JSON report (exit {result.returncode}): {result.stderr[-2000:]}")
    return report


def _where(diagnostic: dict[str, Any], root: Path) -> str:
    path = Path(diagnostic["file"]).relative_to(root)
    line = diagnostic["range"]["start"]["line"] + 1
    message = " ".join(diagnostic["message"].split())
    return f"{path}:{line} [{diagnostic.get('rule')}] {message}"


@pytest.mark.slow
def test_runtime_is_pyright_strict_clean(runtime_package: Path) -> None:
    report = _pyright(runtime_package)
    diagnostics = report["generalDiagnostics"]
    canary = [d for d in diagnostics if Path(d["file"]).name == "canary.py"]
    assert canary, "strict mode is not active: the untyped canary module was not reported"
    assert {d.get("rule") for d in canary} <= CANARY_RULES, [_where(d, runtime_package) for d in canary]
    runtime = [_where(d, runtime_package) for d in diagnostics if d not in canary]
    assert runtime == []
    assert report["summary"]["filesAnalyzed"] == len(runtime_files()) + 1


@pytest.mark.slow
def test_every_public_name_of_the_runtime_is_fully_typed(runtime_package: Path) -> None:
    """``pyright --verifytypes`` scores the runtime's public surface (``__all__`` and below) at 100%."""
    report = _pyright(runtime_package, "--verifytypes", PACKAGE, "--ignoreexternal")
    assert report["summary"]["errorCount"] == 0, [d["message"] for d in report["generalDiagnostics"]]
    completeness = report["typeCompleteness"]
    incomplete = [
        f"{symbol['name']}: {' '.join(symbol['diagnostics'][0]['message'].split())}"
        for symbol in completeness["symbols"]
        if symbol["diagnostics"]
    ]
    assert incomplete == []
    assert completeness["completenessScore"] == 1
    exported = {
        symbol["name"].removeprefix(f"{PACKAGE}.")
        for symbol in completeness["symbols"]
        if symbol["isExported"] and symbol["name"].count(".") == 1
    }
    public: list[str] = pygen_core.runtime.__all__
    assert len(public) > 40
    assert exported >= set(public)


def _blanket_directives(text: str) -> list[int]:
    """Lines with a pyright directive that does not name the rule(s) it switches off."""
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if (found := _DIRECTIVE.search(line)) and not _NAMED.fullmatch(found[1].strip())
    ]


def test_pyright_directives_in_the_runtime_name_their_rule() -> None:
    """No blanket ``# pyright: ignore`` or ``# pyright: basic``: each directive names its rule."""
    blanket = {
        str(path): lines for path, text in runtime_files().items() if (lines := _blanket_directives(text))
    }
    assert blanket == {}


def test_the_directive_checker_tells_named_from_blanket() -> None:
    source = (
        "x = f()  # pyright: ignore[reportUnknownVariableType]\n"
        "# pyright: reportPrivateUsage=false\n"
        "y = g()  # pyright: ignore\n"
        "# pyright: basic\n"
        "z = h()  # pyright: ignore[reportA, reportB] -- why\n"
    )
    assert _blanket_directives(source) == [3, 4]


@pytest.mark.slow
def test_runtime_is_formatted_with_ruffs_defaults(runtime_package: Path) -> None:
    """A user who runs ``ruff format`` over a generated SDK gets no diff in ``_runtime/``."""
    result = subprocess.run(
        [
            str(BIN / "ruff"),
            "format",
            "--isolated",
            "--target-version",
            "py310",
            "--check",
            "--diff",
            PACKAGE,
        ],
        capture_output=True,
        text=True,
        cwd=runtime_package,
    )
    assert result.returncode == 0, result.stdout + result.stderr
