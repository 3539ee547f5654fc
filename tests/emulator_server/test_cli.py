"""``pygen emulator`` as a real subprocess: announce, serve, persist, stop cleanly on SIGINT/SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from .conftest import OMNI


@contextmanager
def _serve(*args: str) -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "pygen_core", "emulator", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    info: dict[str, str] = {}
    lines: list[str] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            match = re.match(r"\s+(base URL|token URL|project|client id|client secret):\s+(\S+)", line)
            if match:
                info[match.group(1)] = match.group(2)
            if line.startswith("Press Ctrl-C"):
                break
        assert set(info) == {"base URL", "token URL", "project", "client id", "client secret"}, (
            process.stderr.read() if process.stderr else ""
        )
        info["announcement"] = "".join(lines)
        yield process, info
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _token(info: dict[str, str]) -> str:
    response = httpx.post(
        info["token URL"],
        data={
            "grant_type": "client_credentials",
            "client_id": info["client id"],
            "client_secret": info["client secret"],
        },
    )
    assert response.status_code == 200
    token = response.json()["access_token"]
    assert isinstance(token, str)
    return token


def _api(info: dict[str, str]) -> httpx.Client:
    return httpx.Client(
        base_url=f"{info['base URL']}/api/v1/projects/{info['project']}",
        headers={"Authorization": f"Bearer {_token(info)}"},
    )


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serves_the_snapshot_and_stops_cleanly(tmp_path: Path, sig: signal.Signals) -> None:
    db = tmp_path / "emu.db"
    args = (
        "--snapshot",
        str(OMNI),
        "--db",
        str(db),
        "--project",
        "cli-proj",
        "--client-secret",
        "cli-secret",
    )
    with _serve(*args) as (process, info):
        assert info["base URL"].startswith("http://127.0.0.1:")
        assert info["project"] == "cli-proj"
        assert "warning" not in info["announcement"]
        assert info["client secret"] == "cli-secret"
        with _api(info) as client:
            views = client.get("/models/views", params={"limit": 1000}).json()["items"]
        assert len(views) == 23
        process.send_signal(sig)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "stopped" in out
    assert "Traceback" not in err
    assert "inferred" in err
    assert db.is_file()


@pytest.mark.slow
def test_data_survives_a_restart_on_the_same_db_file(tmp_path: Path) -> None:
    db = tmp_path / "data" / "emu.db"
    space = {"space": "persisted_space", "name": "kept"}
    with _serve("--db", str(db)) as (process, info):
        with _api(info) as client:
            assert client.post("/models/spaces", json={"items": [space]}).status_code == 200
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    with _serve("--db", str(db)) as (process, info), _api(info) as client:
        spaces = client.get("/models/spaces").json()["items"]
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert [(s["space"], s["name"]) for s in spaces] == [("persisted_space", "kept")]


@pytest.mark.slow
def test_secret_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYGEN_EMULATOR_CLIENT_SECRET", "from-env")
    with _serve("--db", ":memory:") as (process, info):
        assert info["client secret"] == "from-env"
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    assert process.returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--snapshot", "does-not-exist.json"], "does-not-exist.json: no such file"),
        (["--port", "70000"], "--port"),
        (["--seed", "nope.json"], "nope.json"),
    ],
)
def test_bad_arguments_are_one_line_errors(args: list[str], needle: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pygen_core", "emulator", "--db", ":memory:", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ},
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pygen: error: ")
    assert needle in lines[0]


@pytest.mark.slow
def test_bad_snapshot_content_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"views": [{"space": 1}], "space": "s", "externalId": "m", "version": "1"}')
    result = subprocess.run(
        [sys.executable, "-m", "pygen_core", "emulator", "--db", ":memory:", "--snapshot", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("pygen: error: ")
    assert "bad.json" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_corrupt_database_file_is_a_one_line_error(tmp_path: Path) -> None:
    db = tmp_path / "corrupt.db"
    db.write_bytes(b"this is not sqlite" * 100)
    result = subprocess.run(
        [sys.executable, "-m", "pygen_core", "emulator", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("pygen: error: ")
    assert "corrupt.db" in result.stderr


@pytest.mark.slow
def test_non_loopback_host_is_announced_with_a_warning() -> None:
    with _serve("--db", ":memory:", "--host", "0.0.0.0") as (process, info):
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert info["base URL"].startswith("http://0.0.0.0:")
    assert "warning: listening on 0.0.0.0" in info["announcement"]
    assert process.returncode == 0


def test_loopback_gets_no_warning() -> None:
    from pygen_core.cli._emulator import _is_loopback

    assert _is_loopback("127.0.0.1")
    assert _is_loopback("::1")
    assert _is_loopback("localhost")
    assert not _is_loopback("0.0.0.0")
    assert not _is_loopback("192.168.1.4")
