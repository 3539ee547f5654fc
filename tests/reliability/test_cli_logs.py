"""``pygen -v`` / ``--log-format json`` as real processes: what ran, how long, which retries, every HTTP
attempt with ``-vv``; stderr is pure JSON lines in JSON mode; no secret or token ever reaches it."""

from __future__ import annotations

import json
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pygen_core.emulator import Emulator

from ._inputs import PUMPS, PUMPS_ID, clean_environ

BIN = Path(sys.executable).parent
CANARY = f"canary-{secrets.token_hex(16)}"
SERVICE_KEY = f"key-{secrets.token_hex(16)}"


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(snapshots=[PUMPS], client_secret=CANARY) as emu:
        yield emu


def _cdf_env(emu: Emulator) -> dict[str, str]:
    env = clean_environ()
    env.update(
        CDF_URL=emu.base_url,
        CDF_PROJECT=emu.project,
        IDP_CLIENT_ID=emu.client_id,
        IDP_CLIENT_SECRET=CANARY,
        IDP_TOKEN_URL=emu.token_url,
        IDP_SCOPES=f"{emu.base_url}/.default",
    )
    return env


def _pygen(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "pygen"), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _json_lines(stderr: str) -> list[dict[str, Any]]:
    lines = stderr.splitlines()
    assert lines
    return [json.loads(line) for line in lines]  # every line, or this fails


def _issued_tokens(emu: Emulator) -> list[str]:
    return list(emu.auth._tokens)  # the bearer tokens the emulator handed out to the CLI


@pytest.mark.slow
def test_json_log_of_a_pull_shows_steps_requests_and_retries_and_no_secret(
    emulator: Emulator, tmp_path: Path
) -> None:
    emulator.faults.inject("503", path="/models/datamodels/byids", count=2, retry_after=0.01)
    out = tmp_path / "snap.json"
    result = _pygen(
        "--log-format", "json", "snapshot", "pull", "-vv", "--data-model", PUMPS_ID, "-o", str(out),
        env=_cdf_env(emulator), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert out.is_file()
    events = _json_lines(result.stderr)
    assert {"ts", "level", "logger", "event", "message"} <= set(events[0])
    assert events[0]["event"] == "start"
    assert events[0]["command"] == "pygen snapshot pull"
    assert events[0]["options"] == ["--data-model", "--log-format", "-o", "-vv"]
    retries = [e for e in events if e["event"] == "retry"]
    assert [(e["path"], e["reason"], e["retry"]) for e in retries] == [
        ("/models/datamodels/byids", "HTTP 503", 1),
        ("/models/datamodels/byids", "HTTP 503", 2),
    ]
    assert all(e["level"] == "info" and e["delay_s"] >= 0 for e in retries)
    attempts = [e for e in events if e["event"] == "http"]
    assert [e["status"] for e in attempts if e["path"] == "/models/datamodels/byids"] == [503, 503, 200]
    assert all(isinstance(e["duration_ms"], float) for e in attempts)
    steps = [e["step"] for e in events if e["event"] == "step"]
    assert steps[0].startswith("pulled 1 data model(s) into ")
    assert next(e["message"] for e in events if e["event"] == "output").startswith(f"wrote {out}: ")
    assert events[-1]["event"] == "command"
    assert events[-1]["exit_code"] == 0
    assert events[-1]["duration_ms"] > 0
    tokens = _issued_tokens(emulator)
    assert tokens
    for secret in [CANARY, *tokens]:
        assert secret not in result.stderr + result.stdout


@pytest.mark.slow
def test_text_log_with_v_shows_what_ran_and_retries_but_not_each_request(
    emulator: Emulator, tmp_path: Path
) -> None:
    emulator.faults.inject("429", path="/models/datamodels/byids", count=1, retry_after=0.01)
    result = _pygen(
        "-v", "snapshot", "pull", "--data-model", PUMPS_ID, "-o", str(tmp_path / "s.json"),
        env=_cdf_env(emulator), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert re.match(
        r"pygen: +\d+\.\d{3}s info +cli: pygen snapshot pull: started \(--data-model -o -v\)$", lines[0]
    )
    assert any(
        re.search(r" info +runtime\._http: POST /models/datamodels/byids: HTTP 429, retry 1/10 in ", line)
        for line in lines
    )
    assert not any("(attempt 1)" in line for line in lines)  # each request only with -vv
    assert any(line.startswith(f"pygen: wrote {tmp_path / 's.json'}: 1 data model(s)") for line in lines)
    assert re.search(r"cli: pygen snapshot pull: done in \d+\.\d{3} s \(exit 0\)$", lines[-1])
    for secret in [CANARY, *_issued_tokens(emulator)]:
        assert secret not in result.stderr


@pytest.mark.slow
def test_without_v_only_the_commands_own_lines_appear(emulator: Emulator, tmp_path: Path) -> None:
    emulator.faults.inject("503", path="/models/datamodels/byids", count=1, retry_after=0.01)
    result = _pygen(
        "snapshot", "pull", "--data-model", PUMPS_ID, "-o", str(tmp_path / "s.json"),
        env=_cdf_env(emulator), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        line
        for line in result.stderr.splitlines()
        if line.startswith(f"pygen: wrote {tmp_path / 's.json'}: ")
    ]


@pytest.mark.slow
def test_an_error_in_json_mode_is_one_json_line_and_unreachable_cdf_fails_fast(tmp_path: Path) -> None:
    port = _free_port()
    env = clean_environ()
    env.update(CDF_URL=f"http://127.0.0.1:{port}", CDF_PROJECT="p", CDF_TOKEN=CANARY)
    started = time.monotonic()
    result = _pygen(
        "snapshot", "pull", "--data-model", PUMPS_ID, "--log-format", "json", "-v", env=env, cwd=tmp_path
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 2
    events = _json_lines(result.stderr)
    errors = [e for e in events if e["event"] == "error"]
    assert len(errors) == 1
    assert errors[0]["level"] == "error"
    assert errors[0]["exit_code"] == 2
    assert errors[0]["message"].startswith(f"pulling {PUMPS_ID} from CDF failed: POST http://127.0.0.1:")
    assert f"cannot connect to 127.0.0.1:{port}" in errors[0]["message"]
    assert [e["retry"] for e in events if e["event"] == "retry"] == [1, 2]
    assert events[-1]["exit_code"] == 2
    assert CANARY not in result.stderr
    assert not (tmp_path / "pygen-snapshot.json").exists()
    print(f"unreachable CDF reported in {elapsed:.2f} s")


def _free_port() -> int:
    """A local port that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["-v", "generate", "--log-format", "json"],
        ["generate", "-v", "--log-format=json"],
        ["--log-format", "json", "-v", "generate"],
    ],
)
def test_options_go_before_or_after_the_command(tmp_path: Path, args: list[str]) -> None:
    command = [*args, "--snapshot", str(PUMPS), "--package", "pumps_sdk", "--output", str(tmp_path)]
    result = _pygen(*command, env=clean_environ(), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    events = _json_lines(result.stderr)
    assert events[0]["event"] == "start"
    steps = [e for e in events if e["event"] == "step"]
    files = steps[-1]["files"]
    assert files > 10
    assert [e["step"] for e in steps] == [
        f"loaded the snapshot {PUMPS}",
        "generated the SDK",
        f"wrote {files} files",
    ]
    assert all(e["duration_ms"] >= 0 for e in steps)
    assert [e["message"] for e in events if e["event"] == "output"] == [
        f"wrote {tmp_path / 'pumps_sdk'} ({files} files)"
    ]
    assert events[-1]["exit_code"] == 0


def test_secret_looking_options_and_variables_never_reach_the_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse

    from pygen_core.cli._logging import CommandLog

    monkeypatch.setenv("PYGEN_SERVICE_KEYS", f"team:{SERVICE_KEY}")
    monkeypatch.setenv("IDP_CLIENT_SECRET", CANARY)
    args = argparse.Namespace(verbose=2, log_format="text", client_secret="option-secret-0123456789")
    with CommandLog(args, ["--client-secret", "option-secret-0123456789", "-vv"]) as log:
        log.say(f"echo {CANARY} {SERVICE_KEY} option-secret-0123456789 team:{SERVICE_KEY}")
        import logging

        logging.getLogger("pygen_core.runtime._http").info("reason: %s", CANARY)
    err = capsys.readouterr().err
    assert "pygen: echo *** *** *** ***" in err
    assert "reason: ***" in err
    assert "--client-secret" in err  # the option's name is logged, never its value
    for secret in (CANARY, SERVICE_KEY, "option-secret-0123456789"):
        assert secret not in err


@pytest.mark.slow
def test_serve_logs_json_lines_with_v(tmp_path: Path) -> None:
    env = clean_environ()
    env["PYGEN_SERVICE_KEYS"] = f"ci:{SERVICE_KEY}"
    process = subprocess.Popen(
        [str(BIN / "pygen"), "serve", "--port", "0", "--processes", "1", "-v", "--log-format", "json"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        match = re.match(r"pygen serve: serving on (http://127\.0\.0\.1:\d+) ", process.stdout.readline())
        assert match
        with httpx.Client(base_url=match.group(1), timeout=60) as http:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if http.get("/v1/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the service never answered"
                time.sleep(0.1)
            assert http.get("/v1/version", headers={"X-API-Key": SERVICE_KEY}).status_code == 200
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    events = _json_lines(err)
    kinds = [e["event"] for e in events]
    assert kinds[0] == "start"
    serve = next(e for e in events if e["event"] == "serve")
    assert serve["workers"] == 1
    assert serve["auth"] is True
    assert any(e["logger"].startswith("uvicorn") for e in events)  # the server's own lines, as JSON too
    assert [e["path"] for e in events if e["event"] == "request"][-1] == "/v1/version"
    assert events[-1]["event"] == "command"
    assert SERVICE_KEY not in err
