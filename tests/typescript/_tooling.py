"""Node tooling for the TypeScript tests: node/npm found (or skip, or fail under CI), ``npm ci`` of the pinned
devDependencies once per lock file, and running commands with a one-line failure plus the output's tail."""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
LOCK = HERE / "package-lock.json"
STAMP = HERE / "node_modules" / ".pygen-lock-sha256"
BIN = HERE / "node_modules" / ".bin"
PRETTIER_CONFIG = HERE / ".prettierrc.json"


def tools() -> tuple[str, str]:
    """``(node, npm)``: skips when they are missing or node is older than 18 (fails when ``CI`` is set)."""
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


def base_env() -> dict[str, str]:
    """The environment without any CDF/IdP settings of the developer's shell."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("CDF_", "IDP_", "PYGEN_CONTROL"))}


def run(command: list[str], env: dict[str, str], timeout: float, what: str, cwd: Path = HERE) -> str:
    """Run ``command``; a failure or timeout fails the test with the output's tail."""
    try:
        done = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        output = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        pytest.fail(f"{what} timed out after {timeout:.0f}s:\n{output[-6000:]}")
    output = done.stdout + done.stderr
    if done.returncode != 0:
        tail = "\n".join(output.splitlines()[-250:])
        pytest.fail(f"{what} failed (exit {done.returncode}):\n{tail}", pytrace=False)
    return output


def installed() -> tuple[str, str]:
    """``(node, npm)`` after ``npm ci`` in ``tests/typescript`` (only when the lock file changed)."""
    node, npm = tools()
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    # One npm ci at a time: test workers (xdist) that start together would race on node_modules.
    with open(HERE / ".npm-ci.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not STAMP.is_file() or STAMP.read_text().strip() != digest:
            run([npm, "ci", "--no-audit", "--no-fund"], base_env(), 600, "npm ci")
            STAMP.write_text(digest + "\n")
    return node, npm
