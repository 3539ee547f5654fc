"""``pygen serve`` as a real process: it prints its URL, serves, logs JSON, stops on SIGTERM, and fails in one
line without keys, without the ``service`` extra or on a taken port."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from .conftest import pumps

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("service_cli")]  # slow: pygen serve in a subprocess

BIN = Path(sys.executable).parent
KEY = "cli-key-0123456789abcdef"
CANARY = "cli-canary-0123456789abcdef-never-logged"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYGEN_", "CDF_", "IDP_"))}
    env.update(extra)
    return env


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split() if (task / "children").exists() else []
        found.update(int(child) for child in children)
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "State:\tZ" not in status.read_text()


def _fail(*args: str, **env: str) -> str:
    result = subprocess.run(
        [str(BIN / "pygen"), "serve", *args],
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_serve_prints_its_url_serves_logs_and_stops_on_sigterm() -> None:
    process = subprocess.Popen(
        [str(BIN / "pygen"), "serve", "--port", "0", "--processes", "1"],
        env=_env(PYGEN_SERVICE_KEYS=f"ci:{KEY}"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        match = re.match(
            r"pygen serve: serving on (http://127\.0\.0\.1:\d+) \(1 worker\(s\), 1 generator", first
        )
        assert match, first
        url = match.group(1)
        with httpx.Client(base_url=url, timeout=60) as http:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if http.get("/v1/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the service never answered"
                time.sleep(0.1)
            body = {"snapshot": pumps(), "options": {"package": "pumps_sdk"}}
            assert http.post("/v1/generate", json=body, headers={"X-API-Key": KEY}).status_code == 200
            assert http.post("/v1/generate", json=body, headers={"X-API-Key": CANARY}).status_code == 401
        workers = _children(process.pid)
        assert workers  # the generator process
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert out.strip().splitlines()[-1] == "pygen serve: stopped"
    events = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert [(e["path"], e["status"], e["key_id"]) for e in events if e["event"] == "request"][-2:] == [
        ("/v1/generate", 200, "ci"),
        ("/v1/generate", 401, None),
    ]
    assert CANARY not in err
    assert KEY not in err + out
    assert not [pid for pid in workers if _alive(pid)]


def test_serve_fails_in_one_line_without_keys() -> None:
    assert _fail("--port", "0") == (
        "pygen: error: no API keys: set PYGEN_SERVICE_KEYS (ID:KEY,...) or PYGEN_SERVICE_KEYS_FILE / "
        "--keys-file (hashed keys), or pass --no-auth for a local trial"
    )
    assert "at least 16 characters" in _fail("--port", "0", PYGEN_SERVICE_KEYS="a:short")


def test_serve_fails_in_one_line_without_the_service_extra(tmp_path: Path) -> None:
    shadow = tmp_path / "fastapi"
    shadow.mkdir()
    (shadow / "__init__.py").write_text("raise ImportError('no fastapi here')\n", encoding="utf-8")
    line = _fail("--no-auth", "--port", "0", PYTHONPATH=str(tmp_path))
    assert line == "pygen: error: pygen serve needs FastAPI: pip install 'hatch-pygen[service]'"


def test_serve_fails_in_one_line_on_a_taken_port() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = _fail("--no-auth", "--port", str(port))
    assert line.startswith(f"pygen: error: cannot listen on 127.0.0.1:{port} (")


def test_hash_key_prints_the_keys_file_line() -> None:
    from pygen_core.service import hash_key

    result = subprocess.run(
        [str(BIN / "pygen"), "serve", "--hash-key"],
        input=KEY + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == hash_key(KEY)
