"""Build the TypeScript runtime and the hand-written omni-mini SDK, and run their Node tests: the unit tests,
and the tests against an emulator started here (faults and auth steered through ``_control.ControlServer``).

Needs node (>= 18) and npm: without them the tests skip, except when ``CI`` is set, where they fail.
``npm ci`` runs once per package-lock.json (its hash is kept in the gitignored ``node_modules``).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pygen_core.emulator import Emulator
from tests._models import model_path

from ._control import ControlServer

HERE = Path(__file__).resolve().parent
LOCK = HERE / "package-lock.json"
STAMP = HERE / "node_modules" / ".pygen-lock-sha256"
pytestmark = pytest.mark.xdist_group("typescript")
# The closing lines of node's test runner: "# pass N" (tap) or "\u2139 pass N" (spec).
SUMMARY_PASS = r"(?:#|\u2139) pass [1-9]"
SUMMARY_NO_FAIL = r"(?:#|\u2139) fail 0\b"


def _tools() -> tuple[str, str]:
    node, npm = shutil.which("node"), shutil.which("npm")
    problem = None
    if node is None or npm is None:
        problem = "node and npm are needed for the TypeScript tests"
    else:
        version = subprocess.run(
            [node, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        found = re.match(r"v(\d+)\.", version)
        if found is None or int(found.group(1)) < 18:
            problem = f"the TypeScript tests need node >= 18 (found {version or 'nothing'})"
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{problem}; CI is set, so this fails instead of skipping")
        pytest.skip(problem)
    assert node is not None
    assert npm is not None
    return node, npm


def _base_env() -> dict[str, str]:
    """The environment without any CDF/IdP settings of the developer's shell."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("CDF_", "IDP_", "PYGEN_CONTROL"))}


def _run(command: list[str], env: dict[str, str], timeout: float, what: str) -> str:
    try:
        done = subprocess.run(
            command, cwd=HERE, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        output = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        pytest.fail(f"{what} timed out after {timeout:.0f}s:\n{output[-6000:]}")
    output = done.stdout + done.stderr
    if done.returncode != 0:
        tail = "\n".join(output.splitlines()[-250:])
        pytest.fail(f"{what} failed (exit {done.returncode}):\n{tail}", pytrace=False)
    return output


@pytest.fixture(scope="module")
def node() -> str:
    """node, after ``npm ci`` (when the lock file changed), ``npm run build`` and the prettier check."""
    node, npm = _tools()
    env = _base_env()
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if not STAMP.is_file() or STAMP.read_text().strip() != digest:
        _run([npm, "ci", "--no-audit", "--no-fund"], env, 600, "npm ci")
        STAMP.write_text(digest + "\n")
    _run([npm, "run", "build"], env, 300, "npm run build (tsc --strict)")
    _run([npm, "run", "format:check"], env, 120, "npm run format:check (prettier; `npm run format` fixes it)")
    return node


def test_runtime_unit_tests(node: str) -> None:
    output = _run([node, "scripts/run-tests.mjs", "--unit"], _base_env(), 300, "node unit tests")
    assert re.search(SUMMARY_PASS, output), output[-2000:]


def test_sdk_against_the_emulator(node: str) -> None:
    snapshot, seed = model_path("Omni.json"), model_path("Omni.instances.json")
    with Emulator(snapshots=[snapshot], seed=seed, fault_seed=7) as emu, ControlServer(emu) as control:
        env = {
            **_base_env(),
            "CDF_URL": emu.base_url,
            "CDF_PROJECT": emu.project,
            "IDP_CLIENT_ID": emu.client_id,
            "IDP_CLIENT_SECRET": emu.client_secret,
            "IDP_TOKEN_URL": emu.token_url,
            "IDP_SCOPES": f"{emu.base_url}/.default",
            "PYGEN_CONTROL_URL": control.url,
            "PYGEN_SEED_FILE": str(seed),
        }
        output = _run(
            [node, "scripts/run-tests.mjs", "--emulator"], env, 900, "node tests against the emulator"
        )
    assert re.search(SUMMARY_PASS, output), output[-2000:]
    assert re.search(SUMMARY_NO_FAIL, output), output[-2000:]
