"""The opt-in ``pygen_emulator`` fixture, run in a separate pytest process via the entry point."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests._models import model_path

from .conftest import OMNI, OMNI_INSTANCES

pytestmark = pytest.mark.slow  # pytest in a subprocess

USER_TESTS = """
import httpx
import pytest


def _client(emu):
    return httpx.Client(base_url=emu.project_url, headers={"Authorization": f"Bearer {emu.token()}"})


def test_from_ini(pygen_emulator):
    with _client(pygen_emulator) as client:
        views = client.get("/models/views", params={"limit": 1000}).json()["items"]
        nodes = client.post("/models/instances/list", json={"limit": 1000}).json()["items"]
    assert len(views) == 23
    assert len(nodes) == 90


@pytest.mark.pygen_emulator(snapshots=[], seed=None, project="marked")
def test_marker_overrides(pygen_emulator):
    assert pygen_emulator.project == "marked"
    with _client(pygen_emulator) as client:
        assert client.get("/models/views").json()["items"] == []
"""


def _run(tmp_path: Path, ini: str, tests: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "pytest.ini").write_text(ini)
    (tmp_path / "test_user.py").write_text(tests)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )


def test_fixture_configured_by_ini_and_marker(tmp_path: Path) -> None:
    ini = f"[pytest]\npygen_emulator_snapshots = {OMNI}\npygen_emulator_seed = {OMNI_INSTANCES}\n"
    result = _run(tmp_path, ini, USER_TESTS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


SESSION_TESTS = """
SEEN = []


def test_first(pygen_emulator):
    SEEN.append(pygen_emulator)


def test_second(pygen_emulator):
    assert SEEN == [pygen_emulator]
"""


def test_session_scope_shares_one_emulator(tmp_path: Path) -> None:
    result = _run(tmp_path, "[pytest]\npygen_emulator_scope = session\n", SESSION_TESTS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_function_scope_gives_each_test_its_own(tmp_path: Path) -> None:
    result = _run(tmp_path, "[pytest]\n", SESSION_TESTS)
    assert result.returncode == 1
    assert "1 failed, 1 passed" in result.stdout


def test_bad_scope_is_a_usage_error(tmp_path: Path) -> None:
    result = _run(tmp_path, "[pytest]\npygen_emulator_scope = forever\n", SESSION_TESTS)
    assert result.returncode != 0
    assert "pygen_emulator_scope" in result.stdout + result.stderr


def test_runs_without_the_fixture_do_not_import_the_server(tmp_path: Path) -> None:
    tests = (
        "import sys\n\n\ndef test_plain():\n"
        "    assert 'uvicorn' not in sys.modules\n    assert 'starlette' not in sys.modules\n"
    )
    result = _run(tmp_path, "[pytest]\n", tests)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


FAKE_TESTS = """
import httpx
import pytest


def _nodes(emu):
    with httpx.Client(base_url=emu.project_url, headers={"Authorization": f"Bearer {emu.token()}"}) as client:
        return client.post("/models/instances/list", json={"limit": 1000}).json()["items"]


def test_fake_from_ini(pygen_emulator):
    nodes = _nodes(pygen_emulator)
    assert len(nodes) == 2 * 4  # Pumps has two node views
    assert pygen_emulator.fake_seed == 9


@pytest.mark.pygen_emulator(fake=1)
def test_fake_from_marker(pygen_emulator):
    assert len(_nodes(pygen_emulator)) == 2
"""


def test_fake_data_from_ini_and_marker(tmp_path: Path) -> None:
    pumps = model_path("Pumps.json")
    ini = f"[pytest]\npygen_emulator_snapshots = {pumps}\npygen_emulator_fake = 4\n"
    ini += "pygen_emulator_fake_seed = 9\n"
    result = _run(tmp_path, ini, FAKE_TESTS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
    bad = _run(tmp_path, "[pytest]\npygen_emulator_fake = many\n", FAKE_TESTS)
    assert bad.returncode != 0
    assert "pygen_emulator_fake: expected an integer, got 'many'" in bad.stdout + bad.stderr
