"""Build the TypeScript runtime and omni-mini (the reference package: exactly what the emitter generates for
its 14 views, see ``test_generated.py``), and run their Node tests: the unit tests, and the tests against an
emulator started here (faults and auth steered through ``_control.ControlServer``).

Needs node (>= 18) and npm: without them the tests skip, except when ``CI`` is set, where they fail.
``npm ci`` runs once per package-lock.json (its hash is kept in the gitignored ``node_modules``).
"""

from __future__ import annotations

import re

import pytest

from pygen_core.emulator import Emulator
from tests._models import model_path

from ._control import ControlServer
from ._tooling import base_env, installed, run

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("typescript")]  # slow: npm and node
# The closing lines of node's test runner: "# pass N" (tap) or "\u2139 pass N" (spec).
SUMMARY_PASS = r"(?:#|\u2139) pass [1-9]"
SUMMARY_NO_FAIL = r"(?:#|\u2139) fail 0\b"


@pytest.fixture(scope="module")
def node() -> str:
    """node, after ``npm ci`` (when the lock file changed), ``npm run build`` and the prettier check."""
    node, npm = installed()
    env = base_env()
    run([npm, "run", "build"], env, 300, "npm run build (tsc --strict)")
    run([npm, "run", "format:check"], env, 120, "npm run format:check (prettier; `npm run format` fixes it)")
    return node


def test_runtime_unit_tests(node: str) -> None:
    output = run([node, "scripts/run-tests.mjs", "--unit"], base_env(), 300, "node unit tests")
    assert re.search(SUMMARY_PASS, output), output[-2000:]


def test_sdk_against_the_emulator(node: str) -> None:
    snapshot, seed = model_path("Omni.json"), model_path("Omni.instances.json")
    with Emulator(snapshots=[snapshot], seed=seed, fault_seed=7) as emu, ControlServer(emu) as control:
        env = {
            **base_env(),
            "CDF_URL": emu.base_url,
            "CDF_PROJECT": emu.project,
            "IDP_CLIENT_ID": emu.client_id,
            "IDP_CLIENT_SECRET": emu.client_secret,
            "IDP_TOKEN_URL": emu.token_url,
            "IDP_SCOPES": f"{emu.base_url}/.default",
            "PYGEN_CONTROL_URL": control.url,
            "PYGEN_SEED_FILE": str(seed),
        }
        output = run(
            [node, "scripts/run-tests.mjs", "--emulator"], env, 900, "node tests against the emulator"
        )
    assert re.search(SUMMARY_PASS, output), output[-2000:]
    assert re.search(SUMMARY_NO_FAIL, output), output[-2000:]
