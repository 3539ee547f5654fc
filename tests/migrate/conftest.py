"""A realistic cognite-pygen (v1) project in a temporary directory; the ``pygen`` command run in-process."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tokenize
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from pygen_core.cli import main
from pygen_core.codegen import GenerateOptions, generate, write_files
from pygen_core.emulator import Emulator
from pygen_core.snapshot import load_snapshot, write_snapshot
from tests._models import model_path

PROJECT = Path(__file__).parent / "data" / "predecessor_project"
SECRET = "tEsT-oNlY-sEcReT-9f8e7d6c5b4a"
"""The client secret in the project's ``.secret.toml``: it must never show up anywhere."""


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The predecessor project, with a stand-in for its committed cognite-pygen package ``omni/``."""
    root = tmp_path / "omni-project"
    shutil.copytree(PROJECT, root)
    sdk = root / "omni"
    (sdk / "data_classes" / "_core").mkdir(parents=True)
    (sdk / "__init__.py").write_text("from omni._api_client import OmniClient\n")
    (sdk / "_api_client.py").write_text(
        "class OmniClient:  # stands in for cognite-pygen's output\n    ...\n"
    )
    (sdk / "data_classes" / "__init__.py").write_text("")
    return root


@pytest.fixture
def snapshot(project: Path) -> Path:
    """``pygen-snapshot.json`` as ``pygen snapshot pull`` would write it for the Omni model."""
    path = project / "pygen-snapshot.json"
    write_snapshot(load_snapshot(model_path("Omni.json")), path)
    return path


@pytest.fixture
def pygen(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """``pygen(*args, cwd=...)`` runs the CLI in-process and returns its exit code and output."""

    def run(*args: str, cwd: Path | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def files_under(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` (relative path → bytes)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def findings(out: str) -> list[tuple[str, int, int, str]]:
    """``file:line:col: rest`` lines, parsed."""
    parsed = []
    for line in out.splitlines():
        path, row, column, rest = line.split(":", 3)
        parsed.append((Path(path).as_posix(), int(row), int(column), rest.strip()))
    return parsed


def line_of(path: Path, snippet: str) -> int:
    """The number of the one line of ``path`` that holds ``snippet``."""
    lines = path.read_text().splitlines()
    matches = [number for number, text in enumerate(lines, 1) if snippet in text]
    assert len(matches) == 1, (snippet, matches)
    return matches[0]


def comments(path: Path) -> list[str]:
    """Every comment of a Python file, in order."""
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
    return [token.string for token in tokens if token.type == tokenize.COMMENT]


@contextmanager
def app_on_emulator(
    snapshot: Path, project: Path, sdk_dir: Path, options: GenerateOptions, script: str
) -> Iterator[Callable[[], subprocess.CompletedProcess[str]]]:
    """Our SDK generated from ``snapshot`` into ``sdk_dir``, an emulator serving the model; yields a function
    that runs ``script`` in a fresh interpreter with the SDK and ``project`` importable and the client's
    environment set."""
    write_files(generate(load_snapshot(snapshot), options), sdk_dir)
    with Emulator(snapshots=[snapshot]) as emulator:
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(sdk_dir), str(project)]),
            "CDF_URL": emulator.base_url,
            "CDF_PROJECT": emulator.project,
            "IDP_TOKEN_URL": emulator.token_url,
            "IDP_CLIENT_ID": emulator.client_id,
            "IDP_CLIENT_SECRET": emulator.client_secret,
        }

        def run_app() -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-c", script],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )

        yield run_app
