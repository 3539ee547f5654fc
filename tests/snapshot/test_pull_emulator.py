"""Acceptance: ``pygen snapshot pull`` against the local DMS emulator (real HTTP on 127.0.0.1)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pygen_core.cli import main
from pygen_core.dms import DataModel, DataModelId, SchemaClient
from pygen_core.emulator import Emulator
from pygen_core.runtime import HTTPClient
from pygen_core.snapshot import load_snapshot, pull_snapshot

from .conftest import MODEL_FILES

SECRET = "s3cr3t-Value-that-must-never-leak"


def _model_id(path: Path) -> str:
    raw = json.loads(path.read_text())
    return f"{raw['space']}:{raw['externalId']}/{raw['version']}"


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(snapshots=list(MODEL_FILES), client_id="pygen-test", client_secret=SECRET) as emu:
        yield emu


def _set_env(monkeypatch: pytest.MonkeyPatch, emulator: Emulator) -> None:
    for name in ("CDF_TOKEN", "CDF_CLUSTER", "IDP_TENANT_ID", "IDP_AUDIENCE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CDF_URL", emulator.base_url)
    monkeypatch.setenv("CDF_PROJECT", emulator.project)
    monkeypatch.setenv("IDP_CLIENT_ID", emulator.client_id)
    monkeypatch.setenv("IDP_CLIENT_SECRET", SECRET)
    monkeypatch.setenv("IDP_TOKEN_URL", emulator.token_url)
    monkeypatch.setenv("IDP_SCOPES", f"{emulator.base_url}/.default")


@pytest.fixture
def emu(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    _set_env(monkeypatch, emulator)
    emulator.faults.clear()
    yield emulator
    emulator.faults.clear()


def _pull(out: Path, *ids: str) -> int:
    argv = ["snapshot", "pull", "-o", str(out)]
    for model_id in ids:
        argv += ["--data-model", model_id]
    return main(argv)


# Read-only fields DMS adds to read views (and their properties) that the (older) source dumps lack.
SERVER_FIELDS = {
    re.compile(r"\.views\[\d+\]$"): frozenset({"queryable", "mappedContainers"}),
    re.compile(r"\.views\[\d+\]\.properties\.[^.]+$"): frozenset({"constraintState", "targetsList"}),
}


def _server_fields(path: str) -> frozenset[str]:
    return next((fields for pattern, fields in SERVER_FIELDS.items() if pattern.search(path)), frozenset())


def _assert_same_except_server_fields(source: Any, pulled: Any, path: str = "") -> None:
    """``pulled`` equals ``source`` (null == absent, see tests/dms) apart from added SERVER_FIELDS keys."""
    if isinstance(source, dict) and isinstance(pulled, dict):
        source = {k: v for k, v in source.items() if v is not None}
        for key in sorted(set(source) | set(pulled)):
            if key not in source:
                assert key in _server_fields(path), f"unexpected key {path}.{key}"
            elif key not in pulled:
                raise AssertionError(f"missing key {path}.{key}")
            else:
                _assert_same_except_server_fields(source[key], pulled[key], f"{path}.{key}")
    elif isinstance(source, list) and isinstance(pulled, list):
        assert len(source) == len(pulled), path
        for n, (a, b) in enumerate(zip(source, pulled, strict=True)):
            _assert_same_except_server_fields(a, b, f"{path}[{n}]")
    else:
        assert source == pulled, path


@pytest.mark.parametrize("model_file", MODEL_FILES, ids=[p.stem for p in MODEL_FILES])
def test_pull_gives_the_source_model(
    model_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # One emulator per model: two shared models define different views under the same view id.
    with Emulator(snapshots=[model_file], client_id="pygen-test", client_secret=SECRET) as emulator:
        _set_env(monkeypatch, emulator)
        out = tmp_path / "pygen-snapshot.json"
        assert _pull(out, _model_id(model_file)) == 0
    captured = capsys.readouterr()
    assert f"wrote {out}" in captured.err
    pulled = load_snapshot(out)
    source = load_snapshot(model_file)
    assert [m.id for m in pulled.data_models] == [m.id for m in source.data_models]
    assert [v.id for v in pulled.views] == [v.id for v in source.views]
    _assert_same_except_server_fields(source.content()["dataModels"], pulled.content()["dataModels"])
    mapped = {c for view in source.views for c in view.referenced_containers()}
    assert {c.id for c in pulled.containers} == mapped
    assert SECRET not in captured.out + captured.err
    assert SECRET.encode() not in out.read_bytes()


def test_two_pulls_give_identical_bytes(emu: Emulator, tmp_path: Path) -> None:
    ids = [_model_id(p) for p in MODEL_FILES]
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert _pull(first, *ids) == 0
    assert _pull(second, *reversed(ids)) == 0
    assert first.read_bytes() == second.read_bytes()
    assert len(load_snapshot(first).data_models) == len(MODEL_FILES)


def test_pull_survives_injected_429_and_503(emu: Emulator, tmp_path: Path) -> None:
    ids = [_model_id(p) for p in MODEL_FILES[:3]]
    clean = tmp_path / "clean.json"
    assert _pull(clean, *ids) == 0
    emu.faults.inject("429", path="/models/datamodels/byids", count=3, retry_after=0.01)
    emu.faults.inject("503", path="/models/containers/byids", count=2, retry_after=0.01)
    faulty = tmp_path / "faulty.json"
    assert _pull(faulty, *ids) == 0
    assert emu.faults.count("429") == 3
    assert emu.faults.count("503") == 2
    assert faulty.read_bytes() == clean.read_bytes()


def test_failing_pull_leaves_the_old_file_untouched(
    emu: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pygen-snapshot.json"
    out.write_bytes(b"old content\n")
    emu.faults.inject("503", path="/models/containers/byids", rate=1.0, retry_after=0.0)
    assert _pull(out, _model_id(MODEL_FILES[0])) == 2
    err = capsys.readouterr().err
    assert err.startswith("pygen: error: pulling ")
    assert err.count("\n") == 1
    assert out.read_bytes() == b"old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pygen-snapshot.json"]


def test_unknown_data_model_is_a_clear_error(
    emu: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pygen-snapshot.json"
    out.write_bytes(b"old\n")
    assert _pull(out, _model_id(MODEL_FILES[0]), "nospace:Nothing/1") == 2
    assert (
        capsys.readouterr().err
        == "pygen: error: data model(s) not found (or not readable): nospace:Nothing/1\n"
    )
    assert out.read_bytes() == b"old\n"


def test_wrong_secret_is_one_error_line_without_secrets(
    emu: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = "wrong-" + SECRET[::-1]
    monkeypatch.setenv("IDP_CLIENT_SECRET", wrong)
    out = tmp_path / "pygen-snapshot.json"
    assert _pull(out, _model_id(MODEL_FILES[0])) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("pygen: error: pulling ")
    assert captured.err.count("\n") == 1
    assert wrong not in captured.err
    assert SECRET not in captured.err
    assert not out.exists()


def test_pull_snapshot_api_with_several_models(emu: Emulator) -> None:
    multi = [p for p in MODEL_FILES if p.stem.startswith("OmniMulti")]
    ids = [DataModelId.parse(_model_id(p)) for p in multi]
    with HTTPClient(emu.client_config()) as http:
        snapshot = pull_snapshot(SchemaClient(http), ids)
    assert [m.id for m in snapshot.data_models] == sorted(ids)
    expected_views = {v for p in multi for v in DataModel.load(json.loads(p.read_text())).view_ids}
    assert {v.id for v in snapshot.views} == expected_views


@pytest.mark.slow
def test_pull_in_a_subprocess(emu: Emulator, tmp_path: Path) -> None:
    out = tmp_path / "pygen-snapshot.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pygen_core",
            "snapshot",
            "pull",
            "--data-model",
            _model_id(MODEL_FILES[0]),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert [m.id for m in load_snapshot(out).data_models] == [DataModelId.parse(_model_id(MODEL_FILES[0]))]
