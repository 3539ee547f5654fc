"""``pygen emulator --fake N --fake-seed S`` as a real subprocess, and the device-login line it announces."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from tests._models import model_path

from .test_cli import _api, _serve

pytestmark = pytest.mark.slow  # the emulator CLI in a subprocess


def test_fake_data_is_served_and_announced() -> None:
    pumps = model_path("Pumps.json")
    with _serve("--snapshot", str(pumps), "--db", ":memory:", "--fake", "3", "--fake-seed", "5") as (
        process,
        info,
    ):
        assert "fake data:     6 nodes, 0 edges in space pygen_fake" in info["announcement"]
        assert f"device login:  {info['base URL']}/oauth2/devicecode" in info["announcement"]
        with _api(info) as client:
            nodes = client.post("/models/instances/list", json={"limit": 1000}).json()["items"]
        assert len(nodes) == 6
        assert {n["space"] for n in nodes} == {"pygen_fake"}
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert process.returncode == 0


def test_negative_fake_count_is_a_one_line_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pygen_core", "emulator", "--db", ":memory:", "--fake", "-2"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "pygen: error: --fake: must be 0 or more instances per view, got -2"
    ]
