"""A unique canary as IDP_CLIENT_SECRET goes through pull, hook builds (wheel and sdist) and generation:
it must appear in no output, log, file, archive member or error message."""

from __future__ import annotations

import logging
import os
import secrets
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hatchling.builders.sdist import SdistBuilder
from hatchling.builders.wheel import WheelBuilder

from pygen_core.cli import main
from pygen_core.emulator import Emulator

from ._inputs import PUMPS, PUMPS_ID, STEERING, write_project

CANARY = f"canary-{secrets.token_hex(16)}"


@pytest.fixture
def emulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    with Emulator(snapshots=[PUMPS], client_secret=CANARY) as emu:
        for name in list(os.environ):
            if name.startswith(STEERING):
                monkeypatch.delenv(name)
        monkeypatch.setenv("CDF_URL", emu.base_url)
        monkeypatch.setenv("CDF_PROJECT", emu.project)
        monkeypatch.setenv("IDP_CLIENT_ID", emu.client_id)
        monkeypatch.setenv("IDP_CLIENT_SECRET", CANARY)
        monkeypatch.setenv("IDP_TOKEN_URL", emu.token_url)
        monkeypatch.setenv("IDP_SCOPES", f"{emu.base_url}/.default")
        yield emu


def _archive_contents(path: Path) -> Iterator[tuple[str, bytes]]:
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                yield f"{path.name}!{name}", archive.read(name)
    elif path.name.endswith(".tar.gz"):
        with tarfile.open(path) as archive:
            for member in archive.getmembers():
                handle = archive.extractfile(member)
                if handle is not None:
                    yield f"{path.name}!{member.name}", handle.read()


def _everything_below(root: Path) -> Iterator[tuple[str, bytes]]:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            yield str(path), data
            yield from _archive_contents(path)


def test_canary_never_leaks(
    emulator: Emulator,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)
    snapshot = tmp_path / "pulled.json"
    assert main(["snapshot", "pull", "--data-model", PUMPS_ID, "-o", str(snapshot)]) == 0
    assert main(["snapshot", "show", str(snapshot)]) == 0
    assert (
        main(
            [
                "generate",
                "--snapshot",
                str(snapshot),
                "--package",
                "pumps_sdk",
                "--output",
                str(tmp_path / "gen"),
            ]
        )
        == 0
    )
    assert (tmp_path / "gen" / "pumps_sdk" / "__init__.py").is_file()

    # The hook refreshes the snapshot from the emulator with the secret, then builds wheel and sdist.
    project = write_project(tmp_path / "proj", f'package = "pumps_sdk"\ndata-models = ["{PUMPS_ID}"]')
    (project / "pygen-snapshot.json").unlink()
    monkeypatch.setenv("PYGEN_REFRESH", "1")
    wheel = list(WheelBuilder(str(project)).build(directory=str(tmp_path / "dist"), versions=["standard"]))
    sdist = list(SdistBuilder(str(project)).build(directory=str(tmp_path / "dist"), versions=["standard"]))
    assert len(wheel) == 1
    assert len(sdist) == 1
    assert (project / "pygen-snapshot.json").is_file()

    # A failing pull with a wrong secret reports the failure without echoing either secret.
    monkeypatch.delenv("PYGEN_REFRESH")
    monkeypatch.setenv("IDP_CLIENT_SECRET", CANARY + "-wrong")
    assert main(["snapshot", "pull", "--data-model", PUMPS_ID, "-o", str(tmp_path / "failed.json")]) == 2

    captured = capsys.readouterr()
    assert "pygen: error: " in captured.err
    texts = {"stdout": captured.out, "stderr": captured.err, "logs": caplog.text}
    texts.update({f"log record {r.name}": repr(r.__dict__) for r in caplog.records})
    for where, text in texts.items():
        assert CANARY not in text, where
    scanned = 0
    for where, data in _everything_below(tmp_path):
        scanned += 1
        assert CANARY.encode() not in data, where
    # The scan covered the pulled snapshot, the generated SDK and both archives with their members.
    assert scanned > 50
    assert any(".whl!pumps_sdk/" in name for name, _ in _everything_below(tmp_path / "dist"))
    assert repr(emulator).find(CANARY) == -1
